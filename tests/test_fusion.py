"""Fusion of the two legs and question checks: pure functions, hand-written inputs."""

import numpy as np
import pytest

from rag.errors import QuestionError
from rag.search import MAX_QUESTION_CHARS, clean_question, fuse, normalise_dense


def test_dense_scores_become_standard_scores_with_the_best_at_one():
    cosine = np.array([0.80, 0.82, 0.81, 0.95], dtype=np.float32)
    normalised = normalise_dense(cosine)
    assert normalised.argmax() == 3 and normalised.max() == pytest.approx(1.0)
    assert list(np.argsort(normalised)) == list(np.argsort(cosine))


def test_fusion_weighs_meaning_against_keywords():
    cosine = np.array([0.90, 0.85, 0.80, 0.80], dtype=np.float32)  # passage 0 is nearest in meaning
    bm25 = np.array([0.0, 9.0, 1.0, 0.0], dtype=np.float32)  # passage 1 holds the keywords
    assert fuse(cosine, bm25, dense_weight=0.9).argmax() == 0
    assert fuse(cosine, bm25, dense_weight=0.3).argmax() == 1
    # No keyword anywhere (an English question the dictionary can't translate): meaning alone decides.
    assert fuse(cosine, np.zeros(4, dtype=np.float32)).argmax() == 0


def test_questions_are_checked():
    assert clean_question("  中国式现代化？ ").text == "中国式现代化？"
    for bad in ("", "   ", None, "\x00"):
        with pytest.raises(QuestionError, match="请输入"):
            clean_question(bad)
    long = clean_question("问" * (MAX_QUESTION_CHARS + 1))
    assert len(long.text) == MAX_QUESTION_CHARS and str(MAX_QUESTION_CHARS) in long.notice
