"""Reading a collection and splitting a compiled issue into its articles, on the real default collection."""

import pytest

from rag.config import PROJECT_DIR
from rag.corpus import load_collection, read_text, split_articles
from rag.errors import CorpusError

CORPUS = PROJECT_DIR / "corpus"

TOC_TITLES = [
    "习近平总书记在学习贯彻党的二十大精神研讨班开班式上的重要讲话精神",
    "习近平总书记在二十届中央政治局第一次集体学习时的重要讲话精神",
    "习近平总书记在二十届中央政治局第二次集体学习时的重要讲话精神",
    "习近平总书记在二十届中央纪委二次全会上的重要讲话精神",
    "中国共产党第二十届中央纪律检查委员会第二次全体会议公报",
    "省委书记郝鹏在2022年度全省基层党建工作述职评议会议上的讲话",
    "省委书记郝鹏在省委常委班子2022年度民主生活会上的讲话",
    "2023年省第十四届人民代表大会政府工作报告",
    "2023年2月11日全省教育工作会议精神",
]


@pytest.fixture(scope="module")
def articles():
    return load_collection(CORPUS).articles


def test_the_issue_splits_into_its_nine_articles_with_their_toc_titles(articles):
    assert [a.title for a in articles] == TOC_TITLES
    assert [a.number for a in articles] == list(range(1, 10))
    assert {a.issue for a in articles} == {"2023年第二期（总第94期）"}


def test_each_article_starts_after_its_own_headline(articles):
    first = {a.number: a.paragraphs[0] for a in articles}
    assert first[1].startswith("新进中央委员会的委员")
    assert first[2].startswith("学习宣传贯彻党的二十大精神是当前")
    assert first[5].startswith("中国共产党第二十届中央纪律检查委员会第二次全体会议，于2023年1月9日")
    assert first[9].startswith("2月11日，2023年全省教育工作会议在沈阳召开")
    # The last paragraph of an article is not swallowed by the next one.
    assert articles[3].paragraphs[-1].endswith("的工作报告。")


def test_headline_byline_and_date_line_are_metadata(articles):
    speech, report = articles[1], articles[7]
    assert speech.headline == "在二十届中央政治局第一次集体学习时的讲话"
    assert speech.byline == "习近平" and speech.dateline == "(2022年10月25日)"
    assert report.headline == "政府工作报告" and report.byline == "省长 李乐成"
    assert report.dateline.startswith("——2023年1月12日在辽宁省第十四届人民代表大会")
    for article in articles:
        assert article.headline not in article.paragraphs
        assert all(p not in {"习近平", "郝鹏", "省长 李乐成"} for p in article.paragraphs)


def test_masthead_and_table_of_contents_are_not_text(articles):
    body = "\n".join(p for a in articles for p in a.paragraphs)
    for masthead in ("大连海洋大学", "领导干部学习参考", "党委宣传部", "目 录", "研讨班开班式上的重要讲话精神 1"):
        assert masthead not in body


def test_a_plain_file_without_table_of_contents_is_one_article():
    [article] = split_articles("关于开展读书活动的通知\n\n各学院：\n\n为推进全民阅读，现就有关事项通知如下。\n", source="notice.txt")
    assert article.title == "关于开展读书活动的通知"
    assert article.paragraphs == ("各学院：", "为推进全民阅读，现就有关事项通知如下。")


def test_other_encodings_are_detected(tmp_path):
    text = "全面从严治党永远在路上。党的自我革命永远在路上，决不能有松劲歇脚、疲劳厌战的情绪。" * 3
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_text(path).text == text
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_text(bom).text == text


def test_unreadable_files_are_reported_and_the_rest_is_kept(tmp_path):
    (tmp_path / "good.txt").write_text("一篇好文章\n\n这是一段完整的正文，说明了事情的来龙去脉。", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 50)
    collection = load_collection(tmp_path)
    assert [a.title for a in collection.articles] == ["一篇好文章"]
    assert [name for name, _ in collection.skipped] == ["broken.txt"]


def test_missing_or_empty_collection_says_what_to_do(tmp_path):
    with pytest.raises(CorpusError, match="RAG_CORPUS_DIR"):
        load_collection(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="No readable articles"):
        load_collection(tmp_path)
