"""Every format of the collection (rag/readers.py): text in any common encoding, Word, PDF, web pages; files that
cannot be read are skipped with a reason. Test files are made here, from the default collection's own text."""

import json
import random
import re
import zipfile

import pytest

from format_helpers import (
    PDF_HEADER, encrypt_pdf, issue_blocks, make_docx, make_html, make_image_only_pdf, make_pdf,
)
from rag import ask
from rag.build import build_index
from rag.chunking import Passage, chunk_articles
from rag.config import PROJECT_DIR, Settings
from rag.corpus import find_files, load_collection, read_text
from rag.present import source_line
from test_corpus import TOC_TITLES

NOTICE = "关于开展读书活动的通知\n\n各学院：\n\n为推进全民阅读，建设书香校园，现就开展读书活动的有关事项通知如下。\n\n活动时间为三月至五月，请各学院认真组织。\n"
NOTICE_PARAGRAPHS = ("各学院：", "为推进全民阅读，建设书香校园，现就开展读书活动的有关事项通知如下。", "活动时间为三月至五月，请各学院认真组织。")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def text_articles():
    """The default issue read from its .txt: what every other format must give back."""
    return load_collection(PROJECT_DIR / "corpus").articles


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return make_pdf(folder / "issue.pdf", issue_blocks())


# ---------------------------------------------------------------- text encodings

@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
])
def test_text_files_in_every_common_encoding_read_the_same(tmp_path, encoding, bom):
    (tmp_path / "notice.txt").write_bytes(bom + NOTICE.encode(encoding))
    assert read_text(tmp_path / "notice.txt").text == NOTICE
    [article] = load_collection(tmp_path).articles
    assert article.title == "关于开展读书活动的通知"
    assert article.paragraphs == NOTICE_PARAGRAPHS
    assert article.pages == ()


def test_markdown_and_every_format_are_found_and_hidden_files_are_not(tmp_path):
    for name in ("a.txt", "b.md", "c.docx", "d.PDF", "e.html", "f.htm", "sub/g.txt", ".hidden/h.txt", "i.doc", "j.xlsx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_files(tmp_path)] == [
        "a.txt", "b.md", "c.docx", "d.PDF", "e.html", "f.htm", "sub/g.txt"]


# ---------------------------------------------------------------- the compiled issue in every format

@pytest.fixture(scope="module", params=["docx", "pdf", "pdf-spaced", "html", "html-gbk"])
def issue_as(request, tmp_path_factory, issue_pdf):
    folder = tmp_path_factory.mktemp(request.param)
    blocks = issue_blocks()
    if request.param == "docx":
        make_docx(folder / "issue.docx", blocks)
    elif request.param == "pdf":
        (folder / "issue.pdf").write_bytes(issue_pdf.read_bytes())
    elif request.param == "pdf-spaced":  # paragraphs set apart by space as well as indented
        make_pdf(folder / "issue.pdf", blocks, paragraph_gap=8)
    else:
        make_html(folder / "issue.html", blocks, encoding="gbk" if request.param == "html-gbk" else "utf-8")
    return load_collection(folder)


def test_the_compiled_issue_splits_into_the_same_articles_whatever_the_format(issue_as, text_articles):
    assert issue_as.skipped == []
    articles = issue_as.articles
    assert [a.title for a in articles] == TOC_TITLES
    for got, want in zip(articles, text_articles):
        assert (got.headline, got.byline, got.dateline, got.issue) == (want.headline, want.byline, want.dateline, want.issue)
        # Every word of the body and nothing else: no page number, running header, script or title slipped in.
        assert _squash("".join(got.paragraphs)) == _squash("".join(want.paragraphs))


def test_passages_from_every_format_read_like_the_text_ones(issue_as, text_articles):
    passages, expected = chunk_articles(issue_as.articles), chunk_articles(text_articles)
    assert _squash("".join(p.text for p in passages)) == _squash("".join(p.text for p in expected))
    # PDF page breaks cut paragraphs at other places than the text file's; the repair glues them back.
    assert abs(len(passages) - len(expected)) <= len(expected) * 0.03


# ---------------------------------------------------------------- PDF pages

def _pdf_page_texts(path):
    """Each page's text as pypdf extracts it, whitespace and the test's own header and footer removed."""
    from pypdf import PdfReader

    pages = []
    for n, page in enumerate(PdfReader(path).pages, start=1):
        pages.append(_squash(page.extract_text()).replace(_squash(PDF_HEADER), "", 1).replace(f"-{n}-", "", 1))
    return pages


def test_pdf_passages_carry_the_page_they_start_on(issue_pdf, text_articles):
    collection = load_collection(issue_pdf.parent)
    passages = chunk_articles(collection.articles)
    pages = _pdf_page_texts(issue_pdf)
    assert len(pages) > 20
    numbers = [p.page for p in passages]
    assert all(isinstance(n, int) and 1 <= n <= len(pages) for n in numbers)
    assert numbers == sorted(numbers) and numbers[0] == 1 and numbers[-1] == len(pages)
    datelines = {a.title: a.dateline for a in text_articles}
    for passage in passages:
        # The date line opens an article's first passage but is printed above it, maybe on the page before.
        body = _squash(passage.text.removeprefix(datelines[passage.article]))
        here, after = pages[passage.page - 1], "".join(pages[passage.page:])
        start = here.find(body[:12])
        if start < 0:  # the first words stand at the foot of the page, the rest at the top of the next
            start = (here + after).find(body[:12])
            assert start < len(here), (passage.page, passage.text[:30])
        assert start >= 0, (passage.page, passage.text[:30])


def test_pdf_page_numbers_and_running_headers_leave_no_trace(issue_pdf):
    passages = chunk_articles(load_collection(issue_pdf.parent).articles)
    for passage in passages:
        assert PDF_HEADER not in passage.text and "学习参考资料" not in passage.text
        assert not re.search(r"-\s*\d+\s*-", passage.text), passage.text


BODIES = ["学习贯彻党的二十大精神。", "推进中国式现代化。", "全面从严治党永远在路上。"]


@pytest.mark.parametrize("header, footer", [
    (lambda n: "学习参考资料·内部交流", lambda n: f"第 {n} 页 共 3 页"),
    (lambda n: f"学习参考 {n}", lambda n: f"{n} / 3"),  # the page number inside the header
    (lambda n: "学习参考资料", lambda n: f"Page {n} of 3"),
])
def test_other_page_number_and_header_styles_are_removed_too(tmp_path, header, footer):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(tmp_path / "pages.pdf"), pagesize=A4)
    for n in range(1, 4):
        pdf.setFont("STSong-Light", 9)
        pdf.drawCentredString(A4[0] / 2, A4[1] - 36, header(n))
        pdf.drawCentredString(A4[0] / 2, 30, footer(n))
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(72, A4[1] - 100, BODIES[n - 1])
        pdf.showPage()
    pdf.save()
    source = read_text(tmp_path / "pages.pdf")
    assert source.text.split() == BODIES
    [article] = load_collection(tmp_path).articles
    assert article.pages == (1, 2, 3)


def test_dates_at_the_foot_of_one_page_notices_are_kept(tmp_path):
    """A date closing each notice repeats in form at the foot of every page, but it is text, not a running footer."""
    dates = ["2023年2月1日", "2023年2月9日", "2023年3月15日", "2023年4月2日"]
    notices = [f"第{i}号通知\n\n请各单位按要求认真做好第{i}项工作的准备，按时报送有关材料。\n\n{date}"
               for i, date in enumerate(dates, start=1)]
    from reportlab.platypus import PageBreak  # one notice per page

    make_pdf(tmp_path / "notices.pdf", [], flowables=lambda paragraph: [
        item for notice in notices for item in ([paragraph(b) for b in notice.split("\n\n")] + [PageBreak()])])
    text = read_text(tmp_path / "notices.pdf").text
    assert all(date in text for date in dates)
    assert PDF_HEADER not in text and not re.search(r"-\s*\d+\s*-", text)


def test_a_pdf_locked_only_against_editing_reads_like_any_other(tmp_path, issue_pdf):
    encrypt_pdf(issue_pdf, tmp_path / "locked.pdf", user_password="")
    collection = load_collection(tmp_path)
    assert collection.skipped == [] and [a.title for a in collection.articles] == TOC_TITLES


def test_the_source_line_names_the_page_when_there_is_one():
    where = dict(id="p1", text="正文。", article="文章甲", issue="2023年第二期", paragraph=3, paragraph_count=9)
    assert source_line(Passage(**where, page=5)) == "文章甲 · 2023年第二期 · 第 5 页 · 第 3 段（共 9 段）"
    assert "页" not in source_line(Passage(**where))


# ---------------------------------------------------------------- Word and web pages

def test_word_paragraphs_and_tables_come_in_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("关于开展读书活动的通知", level=1)
    document.add_paragraph("为推进全民阅读，建设书香校园，现就开展读书活动的有关事项通知如下。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("时间", "内容", "地点"), ("三月", "读书分享会", "图书馆"), ("四月", "征文比赛", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(2, 1).merge(table.cell(2, 2))  # a merged cell counts once
    document.add_paragraph("请各学院认真组织，按时报送材料。")
    document.save(tmp_path / "notice.docx")

    assert read_text(tmp_path / "notice.docx").text.split("\n\n") == [
        "关于开展读书活动的通知", "为推进全民阅读，建设书香校园，现就开展读书活动的有关事项通知如下。",
        "时间 | 内容 | 地点", "三月 | 读书分享会 | 图书馆", "四月 | 征文比赛", "请各学院认真组织，按时报送材料。"]


def test_a_web_page_gives_its_visible_text_by_blocks(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>网站标题</title>
    <style>body { font: 16px serif }</style><script>var hidden = "脚本内容";</script></head>
    <body><!-- 注释不是正文 --><h1>关于开展读书活动的通知</h1>
    <div>各学院：<p>为推进全民阅读，<b>建设书香校园</b>，现就有关事项
    通知如下。</p>活动时间为三月至五月&#xff0c;请认真组织。</div>
    <ul><li>读书分享会</li><li>征文比赛<br>（限一千字）</li></ul>
    <table><tr><th>时间</th><td>地点</td></tr></table>
    <p hidden>隐藏的段落</p><div style="display: none">不显示的段落</div><noscript>请启用脚本</noscript>
    </body></html>"""
    (tmp_path / "notice.html").write_bytes(page.encode("gb2312"))
    assert read_text(tmp_path / "notice.html").text.split("\n\n") == [
        "关于开展读书活动的通知", "各学院：", "为推进全民阅读，建设书香校园，现就有关事项 通知如下。",
        "活动时间为三月至五月，请认真组织。", "读书分享会", "征文比赛\n（限一千字）", "时间 | 地点"]


# ---------------------------------------------------------------- files that cannot be read

def _bad_files(folder, issue_pdf):
    """name -> words the reason must hold, for every kind of file that cannot be read."""
    junk = random.Random(5).randbytes(6000)
    (folder / "random.txt").write_bytes(junk)
    (folder / "program.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00\x01\x02\x03binary\x00" * 50)
    (folder / "pdf-renamed.txt").write_bytes(issue_pdf.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b" \r\n\t\n")
    (folder / "empty.pdf").write_bytes(b"")
    encrypt_pdf(issue_pdf, folder / "locked.pdf", user_password="secret")
    make_image_only_pdf(folder / "scanned.pdf")
    (folder / "junk.pdf").write_bytes(b"%PDF-1.7\n" + junk)
    (folder / "truncated.pdf").write_bytes(issue_pdf.read_bytes()[:3000])
    make_docx(folder / "good.docx", ["一段正文，说明了事情的来龙去脉。"])
    (folder / "truncated.docx").write_bytes((folder / "good.docx").read_bytes()[:2000])
    (folder / "good.docx").unlink()
    with zipfile.ZipFile(folder / "not-word.docx", "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    (folder / "old-word.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (folder / "junk.html").write_bytes(junk)
    (folder / "script-only.html").write_bytes(b"<html><body><script>alert(1)</script></body></html>")
    return {
        "random.txt": "binary", "program.txt": "binary", "pdf-renamed.txt": "binary",
        "empty.txt": "empty", "blank.md": "empty", "empty.pdf": "empty",
        "locked.pdf": "password", "scanned.pdf": "OCR", "junk.pdf": "not a readable PDF",
        "truncated.pdf": "PDF", "truncated.docx": "not a readable Word", "not-word.docx": "not a readable Word",
        "old-word.docx": "save it as .docx", "junk.html": "binary", "script-only.html": "no text",
    }


def test_files_that_cannot_be_read_are_skipped_with_a_reason_and_the_rest_is_kept(tmp_path, issue_pdf):
    reasons = _bad_files(tmp_path, issue_pdf)
    (tmp_path / "good.txt").write_text(NOTICE, encoding="utf-8")
    collection = load_collection(tmp_path)
    assert [a.title for a in collection.articles] == ["关于开展读书活动的通知"]
    skipped = dict(collection.skipped)
    assert sorted(skipped) == sorted(reasons)
    for name, words in reasons.items():
        assert words.lower() in skipped[name].lower(), (name, skipped[name])
        assert "Traceback" not in skipped[name] and len(skipped[name]) < 300


# ---------------------------------------------------------------- end to end

def test_a_mixed_collection_builds_and_answers_with_the_pdf_page(tmp_path, default_embedder, text_articles, capsys):
    """Every format and some unreadable files in one folder: the build finishes, and a question about a PDF
    passage is answered from it, its page named in the source line and in rag.ask --json."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    def blocks_of(article):
        return [article.headline, *article.paragraphs]
    third, fourth, fifth, ninth = (text_articles[i] for i in (2, 3, 4, 8))
    make_pdf(corpus / "third.pdf", blocks_of(third))
    make_docx(corpus / "fourth.docx", blocks_of(fourth))
    make_html(corpus / "fifth.html", blocks_of(fifth))
    (corpus / "ninth.txt").write_bytes("\n\n".join(blocks_of(ninth)).encode("utf-16"))
    (corpus / "notice.txt").write_bytes(NOTICE.encode("gbk"))
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 50)
    (corpus / "empty.txt").write_bytes(b"")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    summary = build_index(settings, embedder=default_embedder, progress=False)
    assert summary.articles == 5 and [name for name, _ in summary.skipped] == ["broken.txt", "empty.txt"]

    pdf_passages = [p for p in chunk_articles(load_collection(corpus).articles) if p.source == "third.pdf"]
    later = next(p for p in pdf_passages if p.page == 2 and p.part == 1 and len(p.text) > 60)
    question = later.text[:60]  # a reader pastes a sentence they remember
    options = ["--index-dir", str(settings.index_dir), "--corpus-dir", str(corpus), "-k", "3"]
    assert ask.main(["--json", *options, question]) == 0
    best = json.loads(capsys.readouterr().out)["passages"][0]
    assert best["id"] == later.id and best["page"] == 2 and best["article"] == later.article
    assert ask.main([*options, question]) == 0
    assert "第 2 页" in capsys.readouterr().out
