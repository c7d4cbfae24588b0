"""Article -> passages: repair what PDF extraction broke, then one paragraph = one passage of bounded length."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from .corpus import Article
from .text import fold_spaces, join_lines, looks_like_heading, split_sentences

MAX_CHARS = 320  # longer paragraphs are split at sentence ends into parts of about equal length
MIN_CHARS = 40  # shorter fragments (salutations, lead lines) join the paragraph that follows
# Part of every index manifest: a change of the rules here must force a rebuild.
CHUNKER_VERSION = f"paragraphs-v1-max{MAX_CHARS}-min{MIN_CHARS}-context-v2"

_SECTION_MAX_CHARS = 40
# A paragraph that ends like this ends a sentence; any other ending means a page break cut it.
_SENTENCE_END = re.compile(r"[。！？!?…；;][”’」』）)》]*$")
_CLAUSE = re.compile(r"[^，、,：:]*[，、,：:]+|[^，、,：:]+$")


@dataclass(frozen=True)
class Passage:
    """A passage the reader may be shown, with everything needed to say where it stands."""

    id: str  # stable: derived from the issue, the article title and the text
    text: str
    article: str  # the article's title (from the table of contents)
    issue: str
    paragraph: int  # paragraph N of paragraph_count in the article (after repair), from 1
    paragraph_count: int
    part: int = 1  # an over-long paragraph is shown in parts: part k of parts
    parts: int = 1
    section: str = ""  # the section heading the passage stands under, if any
    headline: str = ""
    source: str = ""  # file within the collection
    article_number: int = 1
    position: int = 0  # order of the passage within its article, from 0


def chunk_article(article: Article, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS) -> list[Passage]:
    """Repaired, bounded passages of one article, in reading order."""
    paragraphs = merge_short(repair_paragraphs(article.paragraphs), min_chars)
    if article.dateline and paragraphs:
        # The date line (when, where, adopted by whom) is printed right above the first paragraph and
        # answers questions of its own, so it opens that paragraph instead of standing alone.
        section, first = paragraphs[0]
        paragraphs[0] = (section, join_lines([article.dateline, first]))
    pieces = [(n, section, split_long(text, max_chars)) for n, (section, text) in enumerate(paragraphs, start=1)]
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for n, section, parts in pieces:
        for k, text in enumerate(parts, start=1):
            passages.append(Passage(
                id=_passage_id(article, text, seen), text=text, article=article.title, issue=article.issue,
                paragraph=n, paragraph_count=len(paragraphs), part=k, parts=len(parts), section=section,
                headline=article.headline, source=article.source, article_number=article.number,
                position=len(passages),
            ))
    return passages


def chunk_articles(articles: list[Article], **limits: int) -> list[Passage]:
    return [p for article in articles for p in chunk_article(article, **limits)]


def repair_paragraphs(raw: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """(section, paragraph) pairs: page-break halves glued back, spaces folded, section headings lifted out."""
    out: list[tuple[str, str]] = []
    section = ""
    open_sentence = False  # the last paragraph was cut mid-sentence by a page break
    for block in raw:
        text = fold_spaces(block)
        if not text:
            continue
        if len(text) <= _SECTION_MAX_CHARS and looks_like_heading(text) and not open_sentence:
            section = text
            continue
        if open_sentence and out:
            out[-1] = (out[-1][0], join_lines([out[-1][1], text]))
        else:
            out.append((section, text))
        open_sentence = not _SENTENCE_END.search(text)
    return out


def merge_short(paragraphs: list[tuple[str, str]], min_chars: int) -> list[tuple[str, str]]:
    """Fragments too short to answer anything join the next paragraph of their section (or the previous)."""
    out: list[tuple[str, str]] = []
    carry = ""
    for i, (section, text) in enumerate(paragraphs):
        text = join_lines([carry, text]) if carry else text
        carry = ""
        next_same_section = i + 1 < len(paragraphs) and paragraphs[i + 1][0] == section
        if len(text) < min_chars and next_same_section:
            carry = text
        elif len(text) < min_chars and out and out[-1][0] == section:
            out[-1] = (section, join_lines([out[-1][1], text]))
        else:
            out.append((section, text))
    return out


def split_long(text: str, max_chars: int) -> list[str]:
    """Split at sentence ends (。！？；) into parts of about equal length, none much over max_chars."""
    if len(text) <= max_chars:
        return [text]
    units = [u for s in split_sentences(text) for u in _split_sentence(s, max_chars)]
    parts_needed = math.ceil(len(text) / max_chars)
    target = len(text) / parts_needed
    parts, current = [], ""
    for unit in units:
        if current and (len(current) + len(unit) > max_chars or len(current) >= target):
            parts.append(current)
            current = ""
        current += unit
    if current:
        parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _split_sentence(sentence: str, max_chars: int) -> list[str]:
    """A single sentence longer than max_chars is cut at commas, and at max_chars as a last resort."""
    if len(sentence) <= max_chars:
        return [sentence]
    out = []
    for clause in _CLAUSE.findall(sentence):
        out.extend(clause[i:i + max_chars] for i in range(0, len(clause), max_chars))
    return out


def _passage_id(article: Article, text: str, seen: dict[str, int]) -> str:
    # 15 hex digits = 60 bits: fits FAISS's signed 64-bit ids and stays exact in JSON readers.
    key = f"{article.issue}\x1f{article.title}\x1f{text}"
    seen[key] = seen.get(key, 0) + 1
    return hashlib.blake2b(f"{key}\x1f{seen[key]}".encode(), digest_size=8).hexdigest()[:15]


def context_text(passage: Passage) -> str:
    """The passage as the search indexes see it: led by its article title and section, which say what it is
    about when the paragraph itself doesn't (a change here must bump CHUNKER_VERSION)."""
    return "。".join(part for part in (passage.article, passage.section, passage.text) if part)
