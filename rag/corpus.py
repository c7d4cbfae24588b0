"""Find the files of a collection, read them, and split each compiled issue into its articles."""

from __future__ import annotations

import bisect
import difflib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
# read_text (one file, any format, to text) keeps its name here, the collection's public API.
from .readers import SUFFIXES, SourceFile, read_file as read_text  # noqa: F401 - SourceFile: public here too
from .text import fold_digit_spaces, fold_spaces, join_lines, looks_like_heading

log = logging.getLogger(__name__)

_TOC_HEADING = re.compile(r"^目\s*录$")
# "3. 习近平总书记在……讲话精神 12" or "5、……公报... 20": number, title, optional dot leaders, page.
_TOC_ENTRY = re.compile(r"^\s*(\d{1,2})\s*[.、．]\s*(.+?)\s*(?:[.…·。]{2,}\s*)?(\d{1,4})?\s*$")
_ISSUE_LABEL = re.compile(r"\d{4}\s*年\s*第\s*[一二三四五六七八九十\d]+\s*期(?:\s*[（(]\s*总第\s*\d+\s*期\s*[)）])?")
_DATE_LINE = re.compile(r"^(?:[(（].*\d{4}\s*年.*[)）]?|——.*\d{4}\s*年.*|[(（]?\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?[)）]?)$")
_BYLINE = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}\s+)?[\u4e00-\u9fff·]{2,5}$")
_PAGE_NUMBER = re.compile(r"^[-—\s]*\d{1,4}[-—\s]*$")
# Below this share of its characters found in a body headline, a TOC title is not matched there.
_MIN_TITLE_MATCH = 0.35


@dataclass(frozen=True)
class Article:
    """One article of a compiled issue: its title, where it comes from, and its raw body paragraphs."""

    title: str
    issue: str
    number: int  # position in the issue's table of contents, from 1
    source: str  # file name within the collection folder
    paragraphs: tuple[str, ...]
    headline: str = ""  # the headline as printed above the body (may differ from the TOC title)
    byline: str = ""
    dateline: str = ""
    pages: tuple[int, ...] = ()  # the page each paragraph starts on (PDF), parallel to paragraphs; () without pages


@dataclass
class Collection:
    """What a collection folder yields: the articles, and the files that could not be read (with why)."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def find_files(corpus_dir: Path) -> list[Path]:
    """Every file of the collection folder and its subfolders that has a reader (rag.readers), in a stable order."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"Collection folder not found: {corpus_dir}. Create it and put the articles (.txt, .md, .docx, .pdf or .html files) in it, or set RAG_CORPUS_DIR.")
    return sorted(
        p for p in corpus_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def load_collection(corpus_dir: Path) -> Collection:
    """Read every file of the folder into articles; a file that cannot be read is listed in skipped with why, never fatal."""
    corpus_dir = Path(corpus_dir)
    collection = Collection(files=find_files(corpus_dir))
    for path in collection.files:
        name = path.relative_to(corpus_dir).as_posix()
        try:
            source = read_text(path)
            articles = split_articles(source.text, source=name, page_starts=source.page_starts)
        except CorpusError as err:
            log.warning("skipped %s: %s", name, err)
            collection.skipped.append((name, str(err)))
            continue
        if not articles:
            collection.skipped.append((name, "no text found in it"))
        collection.articles.extend(articles)
    if not collection.articles:
        raise CorpusError(f"No readable articles in {corpus_dir}. Put .txt, .md, .docx, .pdf or .html files there, or set RAG_CORPUS_DIR to the collection folder.")
    return collection


def split_blocks(text: str, page_starts: tuple[int, ...] = ()) -> list[tuple[str, int | None]]:
    """Blank-line separated blocks (their lines kept apart by "\\n"), each with the page it starts on (None without
    page_starts); page numbers dropped."""
    # Same-length replacements but "\r\n": the PDF reader, the one source of page_starts, writes no "\r".
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    blocks: list[tuple[str, int | None]] = []
    pos = 0
    for gap in [*re.finditer(r"\n\s*\n", text), None]:
        end = gap.start() if gap else len(text)
        raw = text[pos:end]
        at = pos + len(raw) - len(raw.lstrip())  # where the block's first character stands
        pos = gap.end() if gap else end
        lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
        if lines and not (len(lines) == 1 and _PAGE_NUMBER.match(lines[0])):
            blocks.append(("\n".join(lines), bisect.bisect_right(page_starts, at) or None))
    return blocks


def split_articles(text: str, source: str, page_starts: tuple[int, ...] = ()) -> list[Article]:
    """A compiled issue (masthead, 目录, articles) -> its articles; any other text -> one article.

    page_starts (PDF: where each page begins in text) gives every paragraph the page it starts on."""
    blocks = split_blocks(text, page_starts)
    texts = [b for b, _ in blocks]
    pages = [p for _, p in blocks] if page_starts else []
    toc_at = next((i for i, b in enumerate(texts) if _TOC_HEADING.match(b)), None)
    if toc_at is None:
        return [_single_article([join_lines(b.split("\n")) for b in texts], pages, source)] if blocks else []

    issue = _issue_label(texts[:toc_at]) or Path(source).stem
    titles, body_at = _read_toc(texts, toc_at)
    body = [join_lines(b.split("\n")) for b in texts[body_at:]]
    body_pages = pages[body_at:]
    starts = _align_titles(titles, body)
    articles = []
    for n, (title, start) in enumerate(zip(titles, starts), start=1):
        if start is None:
            log.warning("%s: article %d (%s) not found in the body", source, n, title)
            continue
        end = next((s for s in starts[n:] if s is not None), len(body))
        group = _heading_group(body, start)
        meta = _describe_heading_group(body[start:start + group])
        articles.append(Article(
            title=title, issue=issue, number=n, source=source,
            paragraphs=tuple(body[start + group:end]), pages=tuple(body_pages[start + group:end]), **meta,
        ))
    return articles


def _single_article(blocks: list[str], pages: list[int | None], source: str) -> Article:
    """A file without a table of contents: one article, titled by its leading headline or its name."""
    group = _heading_group(blocks, 0)
    meta = _describe_heading_group(blocks[:group]) if group else {}
    title = meta.get("headline") or Path(source).stem
    return Article(title=title, issue=Path(source).stem, number=1, source=source,
                   paragraphs=tuple(blocks[group:]), pages=tuple(pages[group:]), **meta)


def _issue_label(masthead: list[str]) -> str:
    for block in masthead:
        match = _ISSUE_LABEL.search(block)
        if match:
            return fold_spaces(match.group(0))
    return ""


def _read_toc(blocks: list[str], toc_at: int) -> tuple[list[str], int]:
    """Titles of the table of contents and the index of the first block after it."""
    titles: list[str] = []
    i = toc_at + 1
    while i < len(blocks):
        lines = blocks[i].split("\n")
        entries = [_TOC_ENTRY.match(line) for line in lines]
        if not entries or not all(entries):
            break
        titles.extend(fold_spaces(m.group(2).rstrip(".…· ")) for m in entries)
        i += 1
    return titles, i


def _heading_group(blocks: list[str], start: int, limit: int = 5) -> int:
    """How many heading-like blocks (headline, date line, byline) stand together from start."""
    n = 0
    while start + n < len(blocks) and n < limit and looks_like_heading(blocks[start + n]):
        n += 1
    return n


def _describe_heading_group(group: list[str]) -> dict[str, str]:
    headline, dateline, byline = [], "", ""
    for block in group:
        if not dateline and _DATE_LINE.match(block):
            dateline = fold_spaces(block)
        elif headline and not byline and _BYLINE.match(block):
            byline = block
        else:
            headline.append(block)
    return {"headline": fold_digit_spaces(" ".join(headline)), "dateline": dateline, "byline": fold_digit_spaces(byline)}


def _title_match(title: str, heading: str) -> float:
    """Share of the title's characters that appear, in order, in the heading."""
    a, b = re.sub(r"\s+", "", title), re.sub(r"\s+", "", heading)
    if not a:
        return 0.0
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a)


def _align_titles(titles: list[str], body: list[str]) -> list[int | None]:
    """Where each TOC title's article starts in the body: the best in-order match to heading groups.

    Headlines often differ from TOC titles (习近平总书记在……的重要讲话精神 vs 习近平在……发表重要讲话强调),
    so the titles are matched to heading groups by character overlap, keeping the TOC order (dynamic programming).
    """
    candidates = [i for i in range(len(body)) if looks_like_heading(body[i]) and (i == 0 or not looks_like_heading(body[i - 1]))]
    texts = [" ".join(body[i:i + _heading_group(body, i)]) for i in candidates]
    n, m = len(titles), len(candidates)
    score = [[_title_match(t, c) for c in texts] for t in titles]
    # best[i][j]: best total for the first i titles using candidates before j.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    choice: list[list[int | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            skip_title = best[i - 1][j]
            skip_cand = best[i][j - 1]
            s = score[i - 1][j - 1]
            take = best[i - 1][j - 1] + s if s >= _MIN_TITLE_MATCH else -1.0
            best[i][j], choice[i][j] = max((take, j - 1), (skip_cand, -1), (skip_title, None), key=lambda x: x[0])
    starts: list[int | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        c = choice[i][j]
        if c is None:
            i -= 1
        elif c == -1:
            j -= 1
        else:
            starts[i - 1] = candidates[c]
            i, j = i - 1, j - 1
    return starts
