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
SENTENCE_MIN_CHARS = 12  # a shorter sentence (一是…, 同志们：) is embedded with the one before it: too little alone
# Part of every index manifest: a change of the rules here must force a rebuild.
CHUNKER_VERSION = f"paragraphs-v1-max{MAX_CHARS}-min{MIN_CHARS}-context-v4-byline-opens-year-sentences{SENTENCE_MIN_CHARS}"

_SECTION_MAX_CHARS = 40
_YEAR = re.compile(r"(?:19|20)\d\d(?=\s*年)")
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
    page: int | None = None  # the page of the source file (PDF) the passage starts on; None for formats without pages
    byline: str = ""  # who the article is by, as printed under its headline (省长 李乐成); "" when none is
    year: str = ""  # the year the article is dated (its date line, else its issue: 2023): what its 今年 means


@dataclass(frozen=True)
class Paragraph:
    """A repaired paragraph: the section it stands under, its text, and the page each piece of its text starts on."""

    section: str
    text: str
    pages: tuple[tuple[int, int | None], ...] = ((0, None),)  # (offset in text, page), in order; from offset 0

    def joined(self, other: Paragraph, apart: bool = False) -> Paragraph:
        """This paragraph followed by other (glued as join_lines does, or with `apart` one space between: lines
        that stay apart in print, 省长 李乐成 above 各位代表), in this one's section."""
        text = f"{self.text} {other.text}" if apart else join_lines([self.text, other.text])
        shift = len(text) - len(other.text)
        return Paragraph(self.section, text, self.pages + tuple((shift + at, page) for at, page in other.pages))

    def page_at(self, offset: int) -> int | None:
        return next(page for at, page in reversed(self.pages) if at <= offset)


def chunk_article(article: Article, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS) -> list[Passage]:
    """Repaired, bounded passages of one article, in reading order."""
    paragraphs = merge_short(repair_paragraphs(article.paragraphs, article.pages), min_chars)
    opening = " ".join(line for line in (article.dateline, article.byline) if line)
    if opening and paragraphs:
        # The date line (when, where, adopted by whom) and the byline (省长 李乐成: who gave the report) are printed
        # right above the first paragraph and answer questions of their own, so they open that paragraph instead of
        # standing alone. The byline also stays beside every passage, in its source line.
        first = paragraphs[0]
        paragraphs[0] = Paragraph(first.section, opening, first.pages[:1]).joined(first, apart=True)
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    dated = _YEAR.search(article.dateline) or _YEAR.search(article.issue)
    year = dated.group() if dated else ""
    for n, paragraph in enumerate(paragraphs, start=1):
        parts = split_long(paragraph.text, max_chars)
        at = 0
        for k, text in enumerate(parts, start=1):
            at = paragraph.text.find(text, at)  # parts are pieces of the text in order
            passages.append(Passage(
                id=_passage_id(article, text, seen), text=text, article=article.title, issue=article.issue,
                paragraph=n, paragraph_count=len(paragraphs), part=k, parts=len(parts), section=paragraph.section,
                headline=article.headline, source=article.source, article_number=article.number,
                position=len(passages), page=paragraph.page_at(max(at, 0)), byline=article.byline, year=year,
            ))
    return passages


def chunk_articles(articles: list[Article], **limits: int) -> list[Passage]:
    return [p for article in articles for p in chunk_article(article, **limits)]


def repair_paragraphs(raw: tuple[str, ...] | list[str], pages: tuple[int, ...] = ()) -> list[Paragraph]:
    """Paragraphs: page-break halves glued back, spaces folded, section headings lifted out.

    pages: the page each raw block starts on (PDF), parallel to raw; () when the file has no pages."""
    out: list[Paragraph] = []
    section = ""
    open_sentence = False  # the last paragraph was cut mid-sentence by a page break
    for block, page in zip(raw, pages or [None] * len(raw)):
        text = fold_spaces(block)
        if not text:
            continue
        if len(text) <= _SECTION_MAX_CHARS and looks_like_heading(text) and not open_sentence:
            section = text
            continue
        paragraph = Paragraph(section, text, ((0, page),))
        if open_sentence and out:
            out[-1] = out[-1].joined(paragraph)
        else:
            out.append(paragraph)
        open_sentence = not _SENTENCE_END.search(text)
    return out


def merge_short(paragraphs: list[Paragraph], min_chars: int) -> list[Paragraph]:
    """Fragments too short to answer anything join the next paragraph of their section (or the previous)."""
    out: list[Paragraph] = []
    carry: Paragraph | None = None
    for i, paragraph in enumerate(paragraphs):
        if carry is not None:
            paragraph, carry = carry.joined(paragraph), None
        next_same_section = i + 1 < len(paragraphs) and paragraphs[i + 1].section == paragraph.section
        if len(paragraph.text) < min_chars and next_same_section:
            carry = paragraph
        elif len(paragraph.text) < min_chars and out and out[-1].section == paragraph.section:
            out[-1] = out[-1].joined(paragraph)
        else:
            out.append(paragraph)
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


def keyword_text(passage: Passage) -> str:
    """The passage as the keyword index sees it: led by its article title and section, which give it the words
    of what it is about when the paragraph itself doesn't (a change here must bump CHUNKER_VERSION)."""
    return "。".join(part for part in (passage.article, passage.section, passage.text) if part)


def embedded_text(passage: Passage) -> str:
    """The passage as the encoder embeds it: led by its article title only. A long report's section headings
    are broad (一、2022年和过去五年工作 also heads the paragraph on the year's shortcomings) and would pull the
    paragraph's vector toward them; the keyword side keeps them (a change here must bump CHUNKER_VERSION)."""
    return "。".join(part for part in (passage.article, passage.text) if part)


def embedded_sentences(passage: Passage) -> list[str]:
    """The passage's sentences as the encoder embeds them, each led by the article title as the passage is.

    A question often asks about one sentence of a long passage, whose vector the other sentences dilute; the
    dense leg blends each passage's cosine with its best sentence's (rag/dense.py: SentenceVectors). A passage
    always has one at least (a change here must bump CHUNKER_VERSION).
    """
    sentences: list[str] = []
    for sentence in (s.strip() for s in split_sentences(passage.text)):
        if sentences and len(sentence) < SENTENCE_MIN_CHARS:
            sentences[-1] += sentence
        elif sentence:
            sentences.append(sentence)
    return ["。".join(part for part in (passage.article, s) if part) for s in sentences] or [embedded_text(passage)]
