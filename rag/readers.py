"""One reader per file format: a file of the collection -> its plain text (and, for PDF, where each page starts).

Every reader returns blocks separated by blank lines, the lines of a block by "\\n", as the text files of the
collection are written; rag.corpus splits that text into articles whatever the format was. A file that cannot be
read raises CorpusError with a reason a person can act on; the parsers' own exceptions never get out.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".text", ".md", ".docx", ".pdf", ".html", ".htm"}  # any other suffix is not collected


@dataclass(frozen=True)
class SourceFile:
    """A file of the collection, read to text."""

    path: Path
    text: str
    encoding: str  # the text encoding found, or the format ("docx", "pdf", "html")
    # PDF: offset in text where page 1, 2, ... begins, to tell the page of each passage; () for other formats.
    page_starts: tuple[int, ...] = ()


def read_file(path: Path) -> SourceFile:
    """The file's text, by the reader of its suffix; CorpusError (with the reason) when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"cannot open the file ({err.strerror or err})") from None
    if not data.strip():
        raise CorpusError("empty file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return SourceFile(path, read_docx(data), "docx")
    if suffix == ".pdf":
        text, page_starts = read_pdf(data)
        return SourceFile(path, text, "pdf", page_starts)
    if suffix in (".html", ".htm"):
        return SourceFile(path, read_html(data), "html")
    text, encoding = decode_text(data)  # .txt, .text, .md
    return SourceFile(path, text, encoding)


# ---------------------------------------------------------------- plain text

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]  # UTF-32 LE starts like UTF-16 LE


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files (.doc), and password-protected .docx files
# Binary formats that are often given a text file's name by mistake, by their first bytes.
_SIGNATURES = {b"%PDF-": "a PDF", b"PK\x03\x04": "a zip archive, e.g. .docx", _OLE_MAGIC: "an old Office document",
               b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x7fELF": "a program"}
# Control characters other than tab, line feed, vertical tab, form feed and carriage return: binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): by its byte-order mark; else UTF-8; else detected (GB18030/GBK, UTF-16 without BOM, ...)."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise CorpusError(f"looks like a binary file ({kind}), not text: give it the suffix of its format")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(codec)), codec.removesuffix("-sig")
            except UnicodeDecodeError:
                break
    if b"\x00" not in data:  # NUL bytes are valid UTF-8 but mean UTF-16 without a BOM, or a binary file
        try:
            return _checked_text(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        if b"\x00" in data or _control_share(data.decode("latin-1")) > 0.01:
            raise CorpusError("looks like a binary file, not text")
        raise CorpusError("cannot tell its text encoding; save it as UTF-8")
    return _checked_text(str(best)), best.encoding


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _checked_text(text: str) -> str:
    # Any decoding "succeeds" on some binary files (a PDF read as cp1250); their control characters give them away.
    if "\x00" in text or _control_share(text) > 0.01:
        raise CorpusError("looks like a binary file, not text")
    return text


# ---------------------------------------------------------------- Word


def read_docx(data: bytes) -> str:
    """A Word .docx: its paragraphs and tables in document order, one block each (a table: one block per row)."""
    import docx
    from docx.table import Table

    if data.startswith(_OLE_MAGIC):
        raise CorpusError("password-protected or old-format (.doc) Word file: save it as .docx without a password")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_table_rows(item))
            else:
                blocks.append(item.text)
    except Exception as err:  # noqa: BLE001 - a damaged file can fail anywhere in the parser; it is skipped, not fatal
        raise CorpusError(f"not a readable Word .docx file (damaged, or another format renamed .docx): {err}") from None
    return "\n\n".join(b.strip() for b in blocks if b.strip())


def _table_rows(table) -> list[str]:
    """A table's rows as lines "cell | cell"; a merged cell (the same cell in several columns) counted once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if cell._tc in seen:  # the XML element, which a merged cell shares (held here, so compared as itself)
                continue
            seen.add(cell._tc)
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


# ---------------------------------------------------------------- PDF

# A line that is only a page number: "3", "- 3 -", "第 3 页", "第3页 共20页", "3 / 20", "Page 3 of 20".
_PAGE_NUMBER = re.compile(
    r"^[-—–·\s]*(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*[/／]\s*\d{1,4})?"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)[-—–·\s]*$",
    re.IGNORECASE,
)
_EDGE_LINES = 2  # running headers/footers are looked for in this many lines at the top and bottom of a page
# A paragraph's first line is indented (Chinese typesetting: two characters).
_INDENT = 2


def read_pdf(data: bytes) -> tuple[str, tuple[int, ...]]:
    """A PDF's text with page numbers and running headers/footers removed, and where each page starts in it."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone does not stop reading
            raise CorpusError("encrypted PDF (it needs a password): save a copy without a password")
        if not reader.pages:
            raise CorpusError("not a readable PDF file (no pages found in it)")
        pages = [_page_lines(page) for page in reader.pages]
    except CorpusError:
        raise
    except Exception as err:  # noqa: BLE001 - a damaged file can fail anywhere in the parser; it is skipped, not fatal
        raise CorpusError(f"not a readable PDF file ({type(err).__name__}: {err})") from None
    if not any(pages):
        raise CorpusError("PDF without a text layer (scanned pages?): only PDFs with text can be read; run OCR on it first")
    pages = _drop_running_lines(pages)
    text, starts = "", []
    for lines in pages:
        starts.append(len(text))
        page_text = "\n\n".join(_paragraphs(lines))
        if page_text:
            text += page_text + "\n\n"
    return text, tuple(starts)


def _page_lines(page) -> list[str]:
    """The page's lines top to bottom, their indentation kept (pypdf's layout mode: blank lines for gaps)."""
    try:
        raw = page.extract_text(extraction_mode="layout")
    except Exception as err:  # noqa: BLE001 - layout mode fails on some odd pages; plain mode still has the words
        log.debug("layout extraction failed (%s); plain extraction used", err)
        raw = page.extract_text()
    lines = [line.rstrip() for line in raw.replace("\r", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _squeezed(line: str) -> str:
    return "".join(line.split())


def _numbered_key(line: str, page: int) -> str:
    # "学习参考 3" on page 3 and "学习参考 4" on page 4 share a key: the text, and its last number less the page.
    numbers = re.findall(r"\d+", line)
    form = re.sub(r"\d+", "#", _squeezed(line))
    return f"{form}@{int(numbers[-1]) - page}" if numbers else ""


def _edge_lines(lines: list[str], top: bool) -> list[str]:
    content = [ln for ln in lines if ln.strip()]
    return content[:_EDGE_LINES] if top else content[-_EDGE_LINES:]


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop the page numbers and running headers/footers at the top and bottom of the pages: lines that repeat
    there on at least half of the pages (and on 2), as they are or with a number that grows with the page.
    A date at the foot of one-page notices repeats in form only, with numbers that do not follow the pages: kept."""
    needed = max(2, (len(pages) + 1) // 2)
    out = [list(lines) for lines in pages]
    for top in (True, False):
        same, numbered = Counter(), Counter()
        for n, lines in enumerate(out):
            edge = _edge_lines(lines, top)
            same.update({_squeezed(ln) for ln in edge})
            numbered.update({_numbered_key(ln, n) for ln in edge} - {""})
        end = 0 if top else -1
        for n, lines in enumerate(out):
            for _ in range(_EDGE_LINES):
                while lines and not lines[end].strip():
                    lines.pop(end)
                line = lines[end] if lines else ""
                if line and (_PAGE_NUMBER.match(line) or same[_squeezed(line)] >= needed or numbered[_numbered_key(line, n)] >= needed):
                    lines.pop(end)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """A page's lines grouped into paragraphs: a new one after a blank line (a gap) or at an indented line."""
    body = [ln for ln in lines if ln.strip()]
    if not body:
        return []
    margin = min(len(ln) - len(ln.lstrip()) for ln in body)
    paragraphs: list[list[str]] = []
    gap = True
    for line in lines:
        if not line.strip():
            gap = True
            continue
        if gap or len(line) - len(line.lstrip()) >= margin + _INDENT:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
        gap = False
    return ["\n".join(p) for p in paragraphs]


# ---------------------------------------------------------------- HTML

# Elements that start and end a block of text; everything else flows inline.
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "svg", "canvas"}
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def read_html(data: bytes) -> str:
    """A web page's visible text, one block per block element (paragraph, heading, list item, table row);
    scripts, styles and hidden elements dropped. Its encoding comes from the page (meta charset) or detection."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as err:  # noqa: BLE001 - the parser is lenient; anything it still rejects is skipped
        raise CorpusError(f"not a readable web page ({type(err).__name__}: {err})") from None
    blocks: list[str] = []
    _html_blocks(soup.body or soup, blocks)
    return _checked_text("\n\n".join(blocks))


def _html_blocks(root, blocks: list[str]) -> None:
    from bs4.element import CData, NavigableString, PreformattedString, Tag

    current: list[str] = []

    def flush() -> None:
        lines = (" ".join(line.split()) for line in "".join(current).split("\n"))
        block = "\n".join(line for line in lines if line)
        if block:
            blocks.append(block)
        current.clear()

    # Depth-first without recursion (deeply nested pages exist); "None" marks the end of a block element.
    stack: list = list(reversed(list(root.children)))
    while stack:
        node = stack.pop()
        if node is None:
            flush()
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString) or isinstance(node, CData):  # comments, doctype: not text
                current.append(re.sub(r"\s+", " ", str(node)))
        elif isinstance(node, Tag):
            if node.name in _HIDDEN_TAGS or node.has_attr("hidden") or _DISPLAY_NONE.search(node.get("style") or ""):
                continue
            if node.name == "br":
                current.append("\n")
            elif node.name == "pre":  # preformatted text keeps its line breaks
                flush()
                current.append(node.get_text())
                flush()
            elif node.name in ("td", "th"):
                if node.find_previous_sibling(("td", "th")) is not None:
                    current.append(" | ")
                stack.extend(reversed(list(node.children)))
            elif node.name in _BLOCK_TAGS:
                flush()
                stack.append(None)
                stack.extend(reversed(list(node.children)))
            else:
                stack.extend(reversed(list(node.children)))
    flush()
