"""Search with the real embedded model over the real default collection."""

import pytest

from rag.errors import QuestionError


def _articles(result):
    return [h.passage.article_number for h in result.hits]


def test_a_question_on_the_chinese_features_of_modernization_finds_article_1(searcher):
    result = searcher.search("中国式现代化的中国特色有哪些？", k=5)
    assert not result.no_answer
    assert result.hits[0].passage.article_number == 1
    assert any("5个方面的中国特色" in h.passage.text for h in result.hits)


def test_a_numeric_question_finds_the_figure(searcher):
    result = searcher.search("2022年辽宁进出口总额增长了多少？", k=5)
    assert any("进出口总额增长2.4%" in h.passage.text for h in result.hits)


def test_hits_come_best_first_with_their_sources(searcher):
    result = searcher.search("全面从严治党体系应当是一个什么样的系统？", k=5)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5
    top = result.hits[0].passage
    assert top.article == "习近平总书记在二十届中央纪委二次全会上的重要讲话精神"
    assert top.issue == "2023年第二期（总第94期）" and 1 <= top.paragraph <= top.paragraph_count


def test_the_article_filter_keeps_only_the_chosen_articles(searcher):
    title = "2023年省第十四届人民代表大会政府工作报告"
    result = searcher.search("中国式现代化", k=5, articles=[title])
    assert len(result.hits) == 5 and {h.passage.article for h in result.hits} == {title}


def test_neighbours_are_the_paragraphs_around_a_passage(searcher):
    passage = searcher.search("刻舟求剑、守株待兔", k=1).hits[0].passage
    before, after = searcher.neighbours(passage.id)
    assert [p.position for p in before] == [passage.position - 1]
    assert [p.position for p in after] == [passage.position + 1]
    assert {p.article for p in before + after} == {passage.article}


def test_bad_questions_get_a_message(searcher):
    with pytest.raises(QuestionError):
        searcher.search("   ")
    with pytest.raises(QuestionError):
        searcher.search("长" * 5000)
    # Odd characters are searched, not crashed on.
    assert searcher.search("\ufeff<script>alert(1)</script> 🙂 \u200b？", k=3).hits is not None
