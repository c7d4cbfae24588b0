"""The dense leg (rag/dense.py): exact below a size, approximate (HNSW) above, FAISS's own file format."""

import dataclasses

import numpy as np
import pytest

from rag import dense
from rag.dense import DenseIndex
from rag.search import Searcher

QUESTIONS = [
    "中国式现代化的中国特色有哪些？",
    "2022年辽宁地区生产总值增长了多少？",
    "全面从严治党体系应当是一个什么样的系统？",
    "Which laboratories started operating in Liaoning?",
    "如何做红烧肉？",
]


@pytest.fixture(scope="module")
def real(searcher, default_embedder):
    """The default collection's real passage vectors, and real question vectors."""
    return np.array(searcher.index.dense.vectors), default_embedder.encode_queries(QUESTIONS)


def test_the_size_threshold_chooses_exact_or_approximate(real):
    vectors, _ = real
    assert DenseIndex.build(vectors).exact  # the default collection is far below EXACT_LIMIT
    assert DenseIndex.build(vectors, exact_limit=len(vectors)).exact
    assert not DenseIndex.build(vectors, exact_limit=len(vectors) - 1).exact


def test_exact_and_approximate_search_agree_on_the_top_hits_of_real_embeddings(real):
    vectors, queries = real
    exact, approximate = DenseIndex.build(vectors), DenseIndex.build(vectors, exact_limit=0)
    for query in queries:
        cosine = vectors @ query
        assert list(exact.nearest(query, 10)) == list(np.argsort(-cosine, kind="stable")[:10])
        assert set(approximate.nearest(query, 10)) == set(exact.nearest(query, 10))
        scores = approximate.scores(query)
        near = approximate.nearest(query, dense.CANDIDATES)
        assert scores[near] == pytest.approx(cosine[near], abs=1e-5)  # the nearest passages get their own cosine
        # every other passage gets their mean cosine, so the collection's mean cosine stays exact
        others = np.setdiff1d(np.arange(len(vectors)), near)
        assert scores[others] == pytest.approx(np.full(len(others), cosine[others].mean()), abs=1e-5)
        assert scores.mean() == pytest.approx(cosine.mean(), abs=1e-6)
        # rows the caller names (the keyword leg's best) get their own cosine too
        assert approximate.scores(query, also=others[:3])[others[:3]] == pytest.approx(cosine[others[:3]], abs=1e-5)
        assert exact.scores(query) == pytest.approx(cosine, abs=1e-6)


def test_save_and_load_round_trip_in_faiss_format(real, tmp_path):
    vectors, queries = real
    for limit, header in ((None, b"IxFI"), (0, b"IHNf")):
        folder = tmp_path / str(limit)
        folder.mkdir()
        DenseIndex.build(vectors, exact_limit=limit).save(folder)
        assert (folder / dense.FILE).read_bytes()[:4] == header  # FAISS's own format, not a pickle
        loaded = DenseIndex.load(folder)
        assert loaded.exact == (limit is None) and loaded.ntotal == len(vectors) and loaded.d == vectors.shape[1]
        assert np.array_equal(loaded.vectors, vectors)
        assert list(loaded.nearest(queries[0], 5)) == list(DenseIndex.build(vectors).nearest(queries[0], 5))


def test_an_index_written_before_rag_dense_still_loads(real, tmp_path):
    import faiss

    vectors, queries = real
    old = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))  # what builds wrote until now: ids in row order
    old.add_with_ids(vectors, np.arange(len(vectors), dtype=np.int64) * 7 + 1)
    faiss.write_index(old, str(tmp_path / dense.FILE))
    loaded = DenseIndex.load(tmp_path)
    assert loaded.exact and np.array_equal(loaded.vectors, vectors)
    assert loaded.scores(queries[0]) == pytest.approx(vectors @ queries[0], abs=1e-6)


def test_the_searcher_answers_alike_over_an_approximate_index(searcher, default_embedder):
    # The same index, its dense part an HNSW graph (as a build makes above EXACT_LIMIT passages).
    index = dataclasses.replace(searcher.index, dense=DenseIndex.build(searcher.index.dense.vectors, exact_limit=0))
    approximate = Searcher(index, default_embedder)
    assert not approximate.index.dense.exact
    for question in QUESTIONS:
        expected, got = searcher.search(question, k=5), approximate.search(question, k=5)
        assert [h.passage.id for h in got.hits[:3]] == [h.passage.id for h in expected.hits[:3]], question
        assert got.no_answer == expected.no_answer


def test_a_search_reports_its_stage_timings(searcher):
    timings = searcher.search(QUESTIONS[0]).timings
    assert set(timings) == {"encode", "dense", "keywords", "fusion", "rest", "total"}
    assert all(t >= 0 for t in timings.values())
    assert sum(t for s, t in timings.items() if s != "total") == pytest.approx(timings["total"], rel=1e-6)


def test_a_passage_is_also_scored_by_its_best_sentence(searcher, default_embedder, monkeypatch):
    """A question on one sentence of a long passage (大连 in a 286-character paragraph on six regions) finds
    that passage first by meaning only once its sentences count: its other sentences dilute its own vector."""
    question = "辽宁要把哪个沿海城市建设成东北亚国际航运中心？"
    vector = default_embedder.encode_queries([question])[0]
    holds = lambda row: "东北亚国际航运中心" in searcher.index.passages[row].text  # noqa: E731
    assert holds(int(np.argmax(searcher.index.dense_scores(vector))))
    assert "大连" in searcher.search(question).hits[0].passage.text
    monkeypatch.setattr(dense, "SENTENCE_SHARE", 0.0)
    assert not holds(int(np.argmax(searcher.index.dense_scores(vector))))


def test_sentences_blended_for_some_rows_agree_with_all_rows(searcher, default_embedder, monkeypatch):
    """A large collection blends only the rows whose cosine it computed: the same figures as blending all."""
    monkeypatch.setattr(dense, "EXACT_LIMIT", 100)  # the default collection's 900 sentences count as many
    vector = default_embedder.encode_queries(QUESTIONS[:1])[0]
    cosine, sentences = searcher.index.dense.scores(vector), searcher.index.sentences
    every = sentences.blend(cosine, vector)
    rows = np.array([3, 7, 100, len(cosine) - 1])
    some = sentences.blend(cosine, vector, rows)
    assert np.allclose(some[rows], every[rows]) and np.array_equal(np.delete(some, rows), np.delete(cosine, rows))
    with pytest.raises(ValueError, match="every passage"):
        dense.SentenceVectors(sentences.vectors[:3], np.array([0, 2, 2]))  # passage 1 has no sentence
