"""What the reader sees: escaping, highlights, the best sentence, evidence cards, "not found", the collection panel."""

import html
import random
import re

from rag.chunking import Passage
from rag.highlight import keyword_spans
from rag.present import (
    NOT_FOUND, collection_articles, collection_panel, escape, format_error, format_question, format_reply,
    highlighted, source_line,
)
from rag.search import Hit, SearchResult

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3)) **bold** $x$ `c` #h'
OUR_TAGS = re.compile(r'<mark>|</mark>|<strong class="ev-best">|</strong>|<br>')


def passage(text="中国式现代化是人口规模巨大的现代化。", n=1, article="文章甲", **fields):
    values = dict(id=f"p{n}", text=text, article=article, issue="2023年第二期", paragraph=n, paragraph_count=9, position=n - 1)
    return Passage(**(values | fields))


def result(*hits, keywords=("中国式现代化",), no_answer=False, question="问题"):
    return SearchResult(question=question, hits=list(hits), no_answer=no_answer, keywords=list(keywords))


def visible_text(markup: str) -> str:
    """What a browser shows of markup made only of our own tags and entities."""
    return html.unescape(OUR_TAGS.sub("", markup.replace("<br>", "\n")))


def test_escape_leaves_no_markup_and_shows_the_text_as_it_was():
    escaped = escape(HOSTILE + "\n第二行")
    assert not re.search(r"[<>*\[\]()`$#\"'&]", re.sub(r"&#\d+;|<br>", "", escaped))
    assert html.unescape(escaped.replace("<br>", "\n")) == HOSTILE + "\n第二行"


def test_source_line_says_article_issue_and_paragraph():
    assert source_line(passage(n=3)) == "文章甲 · 2023年第二期 · 第 3 段（共 9 段）"
    assert source_line(passage(n=3, part=2, parts=3)).endswith("第 3 段（共 9 段） 之 2/3")


def test_source_line_names_who_the_article_is_by_unless_its_title_does():
    assert source_line(passage(n=3, byline="省长 李乐成")) == "文章甲 · 省长 李乐成 · 2023年第二期 · 第 3 段（共 9 段）"
    assert source_line(passage(n=3, article="省委书记郝鹏在会议上的讲话", byline="郝鹏")).startswith("省委书记郝鹏在会议上的讲话 · 2023年第二期")


def test_the_question_keywords_are_marked_in_the_source_line_too():
    hit = Hit(passage(n=3, byline="省长 李乐成"), 1.0, dense_score=0.9, keyword_score=3.0, relevance="high")
    reply = format_reply(result(hit, keywords=["省长", "2023年", "文章"]))
    assert '<span class="ev-source"><mark>文章</mark>甲 · <mark>省长</mark> 李乐成 · 2023年第二期' in reply  # not the issue


def test_keywords_are_found_case_and_width_blind_as_whole_words_longest_first():
    text = "Liaoning plans ２０２３年 planning 中国式现代化与中国"
    spans = keyword_spans(text, ["liaoning", "plan", "2023", "中国", "中国式现代化"])
    assert [text[s:e] for s, e in spans] == ["Liaoning", "２０２３", "中国式现代化", "中国"]


def test_highlighting_marks_keywords_and_never_lets_document_markup_through():
    text = "<b>中国式现代化</b>是现代化。第二句<script>x</script>中国式现代化。"
    markup = highlighted(text, ["中国式现代化", "script"], best="<b>中国式现代化</b>是现代化。")
    assert "<mark>中国式现代化</mark>" in markup and '<strong class="ev-best">' in markup
    assert "<mark>script</mark>" in markup  # a keyword that is also a tag name is marked as text, not as a tag
    assert not re.search(r"<(?!/?mark>|/?strong|br>)", markup), markup
    assert visible_text(markup) == text


def test_the_search_pick_of_the_best_sentence_is_emphasised_when_there_is_one():
    text = "第一句讲中国式现代化。第二句讲<b>别的</b>。第三句。"
    markup = highlighted(text, ["中国式现代化"], best="第二句讲<b>别的</b>。")
    assert '<strong class="ev-best">第二句讲&#60;b&#62;别的&#60;/b&#62;。</strong>' in markup
    assert "<mark>中国式现代化</mark>" in markup
    assert "ev-best" not in highlighted("只有一句中国式现代化。", ["中国式现代化"], best="只有一句中国式现代化。")


def test_highlighting_round_trips_any_text():
    rng = random.Random(7)
    alphabet = list("中国式现代化党的。！？；ab <>&\"'*_[]()`$#:\n.=") + ["Plan", "２"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        keywords = ["中国式现代化", "中国", "plan", "ab", "2", "<b>"]
        best = text[rng.randint(0, len(text)):][: rng.randint(0, 12)] if rng.random() < 0.5 else ""
        markup = highlighted(text, keywords, best)
        assert visible_text(markup) == text.replace("\r", "")
        assert not re.search(r"<(?!/?mark>|/?strong|br>)", markup)


def test_a_reply_shows_cards_with_source_relevance_highlights_and_context():
    hit = Hit(passage(n=2), score=0.03, dense_score=0.9, keyword_score=3.0, relevance="high")
    neighbours = {"p2": ([passage("前一段<i>文字</i>。", n=1)], [passage("后一段文字。", n=3)])}
    reply = format_reply(result(hit), neighbours.get)
    assert reply.count('class="ev-card"') == 1
    assert escape(source_line(hit.passage)) in reply
    assert "高相关" in reply and "0.03" not in reply
    assert "<mark>中国式现代化</mark>" in reply
    assert "<details" in reply and "查看上下文" in reply and "前一段&#60;i&#62;文字" in reply and "后一段文字" in reply


def test_context_at_the_start_of_an_article_says_so():
    reply = format_reply(result(Hit(passage(n=1), 0.1, dense_score=0.9, keyword_score=3.0, relevance="medium")), lambda pid: ([], [passage("下一段。", n=2)]))
    assert "（本文开头）" in reply and "中相关" in reply


def test_not_found_is_plain_and_keeps_the_closest_passages_folded_as_weak_matches():
    reply = format_reply(result(Hit(passage(), 0.01, dense_score=0.8, keyword_score=0.0, relevance="low"), no_answer=True))
    assert escape(NOT_FOUND) in reply and "ev-not-found" in reply
    assert '<details class="ev-weak">' in reply and "弱相关，仅供参考" in reply
    assert "ev-rel-weak" in reply and "低相关" not in reply
    assert format_reply(result()).count(escape(NOT_FOUND)) == 1  # no passages at all reads the same


def test_not_found_says_why_in_the_readers_words_escaped():
    found_none = SearchResult(question="问题", hits=[], no_answer=True, why_not_found="问题中的“<第三次>”在最相关的段落中都没有出现。")
    reply = format_reply(found_none)
    assert "ev-not-found-why" in reply and escape("<第三次>") in reply and "<第三次>" not in reply


def test_hostile_document_and_question_text_stay_inert():
    hit = Hit(passage(HOSTILE, article=HOSTILE, section=HOSTILE), 0.1, dense_score=0.9, keyword_score=1.0, relevance="high")
    for markup in (format_reply(result(hit, keywords=["script", "bold"])), format_question(HOSTILE), format_error(HOSTILE)):
        assert "<script" not in markup and "<img" not in markup and "](" not in markup and "**" not in markup
    assert visible_text(format_question(HOSTILE).removeprefix('<div class="ev-question">').removesuffix("</div>")) == HOSTILE


def test_a_very_long_question_is_echoed_shortened():
    echoed = format_question("长" * 5000)
    assert len(echoed) < 400 and "共 5000 字" in echoed


def test_the_collection_panel_lists_issues_articles_counts_and_the_build():
    passages = [passage(n=1), passage(n=2), passage(n=1, article="<b>文章乙</b>", article_number=2)]
    assert [(a.title, a.passages) for a in collection_articles(passages)] == [("文章甲", 2), ("<b>文章乙</b>", 1)]
    manifest = {"built_at": "2026-11-26T15:55:12+00:00", "model": {"id": "e5"}, "sources": [{"file": "a.txt"}]}
    panel = collection_panel(passages, manifest)
    assert "&#60;b&#62;文章乙" in panel and "<b>" not in panel
    shown = html.unescape(re.sub(r"<[^>]+>", " ", panel))
    assert "共 1 期、2 篇文章、3 个段落" in shown and "2026-11-26 15:55 UTC" in shown and "a.txt" in shown
