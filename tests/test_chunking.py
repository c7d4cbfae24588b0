"""Passages: page-break repair, spaces folded, headlines as metadata, bounded length, stable ids."""

import re

import pytest

from rag.chunking import (
    MAX_CHARS, MIN_CHARS, SENTENCE_MIN_CHARS, Passage, chunk_article, chunk_articles, embedded_sentences, embedded_text, keyword_text,
    split_long,
)
from rag.config import PROJECT_DIR
from rag.corpus import Article, load_collection


@pytest.fixture(scope="module")
def passages():
    return chunk_articles(load_collection(PROJECT_DIR / "corpus").articles)


def _squash(text):
    return re.sub(r"\s+", "", text)


def test_page_break_halves_are_glued_back(passages):
    texts = [_squash(p.text) for p in passages]
    # 社会主义革命和建 / 设取得了: a blank line in the middle of a word in the source.
    assert any("社会主义革命和建设取得了独创性理论成果" in t for t in texts)
    assert any("展现了不同于西方现代化模式的新图景，是一种全新的人类文明形态" in t for t in texts)
    # Cut right before a number: 增长 / 2.4%.
    assert any("进出口总额增长2.4%" in p.text for p in passages)


def test_spaces_between_chinese_and_digits_are_folded(passages):
    assert not any(re.search(r"[\u4e00-\u9fff]\s+\d|\d\s+[\u4e00-\u9fff]", p.text) for p in passages)
    assert any("这5个方面的中国特色" in p.text for p in passages)


def test_headlines_bylines_and_toc_never_stand_as_passages(passages):
    texts = {p.text for p in passages}
    assert "习近平" not in texts and "政府工作报告" not in texts
    assert not any("目 录" in t or "大连海洋大学" in t for t in texts)
    report = [p for p in passages if p.article_number == 8]
    assert report[0].headline == "政府工作报告"
    # The byline travels with every passage, for the source line; so does the year the article is dated (its
    # date line, else its issue), which its 今年 means.
    assert {p.byline for p in report} == {"省长 李乐成"} and {p.year for p in report} == {"2023"}
    # Printed under the headline, the date line and the byline open the first passage, each apart.
    assert report[0].text.startswith("——2023年1月12日在辽宁省第十四届人民代表大会第一次会议上 省长 李乐成 各位代表：")
    assert {p.year for p in passages if p.article_number == 6} == {"2022"}  # (2022年12月29日)
    assert {p.year for p in passages if p.article_number == 7} == {"2023"}  # no date line: 2023年第二期
    # Section headings of the report are metadata of the passages under them, not passages.
    assert "一、2022年和过去五年工作" not in texts
    assert {p.section for p in report} >= {"一、2022年和过去五年工作", "三、2023年重点工作"}


def test_the_encoder_reads_the_title_and_the_keyword_side_also_the_section(passages):
    report = next(p for p in passages if p.article_number == 8 and p.section == "一、2022年和过去五年工作")
    assert keyword_text(report) == f"{report.article}。一、2022年和过去五年工作。{report.text}"
    assert embedded_text(report) == f"{report.article}。{report.text}"
    speech = next(p for p in passages if not p.section)
    assert embedded_text(speech) == keyword_text(speech) == f"{speech.article}。{speech.text}"


def test_each_sentence_is_embedded_with_the_title_and_short_ones_join_the_one_before(passages):
    for passage in passages:
        sentences = embedded_sentences(passage)
        assert all(s.startswith(f"{passage.article}。") for s in sentences)
        bodies = [s[len(passage.article) + 1:] for s in sentences]
        assert _squash("".join(bodies)) == _squash(passage.text)  # all of the passage, in order
        assert all(len(b) >= SENTENCE_MIN_CHARS for b in bodies[1:])
    long = max(passages, key=lambda p: len(p.text))
    assert len(embedded_sentences(long)) >= 4
    assert embedded_sentences(Passage(**{**vars(long), "text": "一是。二是加强党的建设。"})) == [f"{long.article}。一是。二是加强党的建设。"]


def test_date_line_opens_the_first_passage_of_its_article(passages):
    communique = [p for p in passages if p.article_number == 5]
    assert communique[0].text.startswith("(2023年1月10日中国共产党第二十届中央纪律检查委员会第二次全体会议通过) 中国共产党")


def test_passages_are_bounded_and_fragments_merged(passages):
    assert max(len(p.text) for p in passages) <= MAX_CHARS
    assert min(len(p.text) for p in passages) >= MIN_CHARS
    # 同志们： is not a passage of its own: it opens the speech's first passage.
    speech = [p for p in passages if p.article_number == 6]
    assert speech[0].text.startswith("(2022年12月29日) 郝鹏 同志们：今天的会议")


def test_long_paragraphs_split_at_sentence_ends():
    sentence = "要坚持以人民为中心的发展思想，把人民对美好生活的向往作为奋斗目标。"
    parts = split_long(sentence * 20, 200)
    assert len(parts) >= 4 and "".join(parts) == sentence * 20
    assert all(part.endswith("。") and len(part) <= 200 for part in parts)


def test_split_parts_know_their_paragraph_and_position(passages):
    for article_number in range(1, 10):
        own = [p for p in passages if p.article_number == article_number]
        assert [p.position for p in own] == list(range(len(own)))
        assert all(1 <= p.paragraph <= p.paragraph_count and 1 <= p.part <= p.parts for p in own)
    split = [p for p in passages if p.parts > 1]
    assert split and all(p.issue == "2023年第二期（总第94期）" for p in split)


def test_ids_are_stable_unique_and_follow_the_content(passages):
    again = chunk_articles(load_collection(PROJECT_DIR / "corpus").articles)
    assert [p.id for p in passages] == [p.id for p in again]
    assert len({p.id for p in passages}) == len(passages)
    article = Article(title="标题", issue="第一期", number=1, source="a.txt", paragraphs=("这是一段足够长的正文，用来检查段落编号是否随着内容变化而变化。",))
    changed = Article(title="标题", issue="第一期", number=1, source="a.txt", paragraphs=("这是一段足够长的正文，用来检查段落编号是否随着内容的变化而变化。",))
    assert chunk_article(article)[0].id != chunk_article(changed)[0].id
    assert chunk_article(article)[0].id == chunk_article(article)[0].id
