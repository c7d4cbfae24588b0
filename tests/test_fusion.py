"""Reciprocal rank fusion and question checks: pure functions, hand-written inputs."""

import pytest

from rag.errors import QuestionError
from rag.search import MAX_QUESTION_CHARS, clean_question, rrf


def test_rrf_rewards_agreement_between_legs():
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    keyword = [(3, 12.0), (1, 8.0)]
    fused = rrf(dense, keyword, k=60)
    assert [key for key, _ in fused] == [1, 3, 2]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_rrf_of_one_list_keeps_its_order_and_empty_lists_are_fine():
    assert [k for k, _ in rrf([(5, 1.0), (4, 0.5)])] == [5, 4]
    assert rrf([], []) == []


def test_questions_are_checked():
    assert clean_question("  中国式现代化？ ") == "中国式现代化？"
    for bad in ("", "   ", None, "\x00"):
        with pytest.raises(QuestionError, match="请输入"):
            clean_question(bad)
    with pytest.raises(QuestionError, match="太长"):
        clean_question("问" * (MAX_QUESTION_CHARS + 1))
