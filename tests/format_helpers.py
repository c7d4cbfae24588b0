"""Real .docx, .pdf and .html files made from text blocks, for the tests of the readers (rag/readers.py).

PDFs are typeset by reportlab with its built-in CJK font STSong-Light (no font file needed), a running header
and a page number at the foot of every page, paragraphs with the two-character first-line indent of Chinese print.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

from rag.config import PROJECT_DIR

DEFAULT_ISSUE = PROJECT_DIR / "corpus" / "xuexi-cankao-2023-02.txt"
PDF_HEADER = "学习参考资料·内部交流"  # a running header the collection's text never contains


def issue_blocks(path: Path = DEFAULT_ISSUE) -> list[str]:
    """The blank-line separated blocks of a text file, their lines kept apart by "\\n"."""
    text = path.read_text(encoding="utf-8")
    return [b.strip() for b in text.split("\n\n") if b.strip()]


def make_docx(path: Path, blocks: list[str]) -> Path:
    import docx

    document = docx.Document()
    for block in blocks:
        document.add_paragraph(block)  # "\n" becomes a line break inside the paragraph
    document.save(path)
    return path


def make_html(path: Path, blocks: list[str], encoding: str = "utf-8") -> Path:
    body = "\n".join("<p>" + "<br>".join(html.escape(line) for line in b.split("\n")) + "</p>" for b in blocks)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>页面标题不是正文</title>'
        "<style>p { margin: 1em }</style><script>var note = '脚本不是正文';</script></head>"
        f"<body>\n{body}\n<script>document.title = '脚本也不是正文';</script></body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path


def make_pdf(
    path: Path,
    blocks: list[str],
    header: str = PDF_HEADER,
    footer: Callable[[int], str] = lambda n: f"- {n} -",
    paragraph_gap: float = 0,
    flowables: Callable | None = None,
) -> Path:
    """A PDF of the blocks, one paragraph each (its "\\n" kept as line breaks), header and footer on every page.

    flowables(paragraph) -> the story instead, for other layouts (paragraph(text) makes one paragraph)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=18, firstLineIndent=22,
                           spaceAfter=paragraph_gap, wordWrap="CJK")

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 36, header)
        canvas.drawCentredString(A4[0] / 2, 30, footer(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4)
    def paragraph(text: str) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story = flowables(paragraph) if flowables else [paragraph(b) for b in blocks]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page holding a picture and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(picture).rectangle((40, 40, 360, 260), outline="black", width=6)
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawImage(ImageReader(picture), 100, 400, width=400, height=300)
    page.save()
    return path


def encrypt_pdf(source: Path, path: Path, user_password: str) -> Path:
    """A copy of the PDF locked with AES-256: an empty user_password locks only editing (owner password)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    writer.write(path)
    return path
