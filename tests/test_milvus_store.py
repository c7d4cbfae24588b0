"""The Milvus store (RAG_STORE=milvus) against a real Milvus Lite file: build, ask, incremental rebuild,
the alias switch under a question loop, and the setting through open_searcher and the scripts."""

import shutil
import threading
from dataclasses import replace

import pytest

from rag import ask
from rag.build import build_index
from rag.config import PROJECT_DIR, Settings
from rag.errors import IndexMismatchError, StoreUnavailableError
from rag.milvus_store import MilvusIndex, MilvusStore, connect, milvus_uri
from rag.search import open_searcher

pytestmark = pytest.mark.timeout(900)


class CountingEmbedder:
    """The real model; remembers which passage texts it was asked to embed."""

    def __init__(self, inner):
        self.inner = inner
        self.embedded: list[str] = []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode_passages(self, texts, show_progress=False):
        self.embedded += texts
        return self.inner.encode_passages(texts, show_progress=show_progress)


@pytest.fixture
def use_model(monkeypatch, default_embedder):
    """open_searcher loads the session's model instead of loading it again."""
    monkeypatch.setattr("rag.embedding.load_embedder", lambda *a: default_embedder)


@pytest.fixture(scope="module")
def milvus_settings(tmp_path_factory, default_embedder):
    """The default collection built into Milvus Lite (the build folder beside it holds the same passages)."""
    root = tmp_path_factory.mktemp("milvus")
    corpus = root / "corpus"
    shutil.copytree(PROJECT_DIR / "corpus", corpus)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", store="milvus")
    build_index(settings, embedder=default_embedder, progress=False)
    return settings


def _searchers(settings, use_model):
    return open_searcher(settings, progress=False), open_searcher(replace(settings, store="faiss"), progress=False)


def _collection_ids(settings) -> set[str]:
    store = MilvusStore(connect(milvus_uri(settings)))
    rows = store.client.query(store.alias, filter='id != ""', output_fields=["id"], limit=16384)
    return {r["id"] for r in rows}


# Questions written for these tests (not from the evaluation sets), with the words the answer must hold.
QUESTIONS = [
    ("辽宁去年的粮食总产量有多少？", "496.9亿斤"),
    ("今年全省经济增长的预期目标是多少？", "地区生产总值增长5%"),
    ("How many mu of high-standard farmland were newly built?", "391.3万亩"),
]


def test_milvus_answers_like_the_local_store(milvus_settings, use_model):
    milvus, local = _searchers(milvus_settings, use_model)
    assert isinstance(milvus.index, MilvusIndex) and not isinstance(local.index, MilvusIndex)
    for question, fact in QUESTIONS:
        got, expected = milvus.search(question, k=5), local.search(question, k=5)
        assert not got.no_answer, question
        assert any(fact in h.passage.text for h in got.hits[:3]), (question, [h.passage.text[:40] for h in got.hits])
        assert got.hits[0].passage.id == expected.hits[0].passage.id, question
        assert len({h.passage.id for h in got.hits} & {h.passage.id for h in expected.hits}) >= 4, question
        assert got.keywords == expected.keywords
    unanswerable = "火星探测器是哪一天发射升空的？"
    assert milvus.search(unanswerable).no_answer == local.search(unanswerable).no_answer


def test_the_legs_keep_the_local_shape(milvus_settings, use_model):
    milvus, local = _searchers(milvus_settings, use_model)
    question = QUESTIONS[0][0]
    vector = milvus.embedder.encode_queries([question])[0]
    dense, local_dense = milvus.index.dense_scores(vector), local.index.dense_scores(vector)
    assert dense.shape == local_dense.shape == (len(local.passages),)
    # The best passages carry their exact cosine, and the array's mean is the collection's.
    best = local_dense.argsort()[::-1][:20]
    assert dense[best] == pytest.approx(local_dense[best], abs=1e-4)
    assert dense.mean() == pytest.approx(local_dense.mean(), abs=1e-4)
    query = local.index.keywords.query(question)
    keywords, local_keywords = milvus.index.keywords.scores(query), local.index.keywords.scores(query)
    assert keywords.shape == local_keywords.shape
    assert keywords.argmax() == local_keywords.argmax()
    assert (keywords / keywords.max())[local_keywords.argsort()[::-1][:10]] == pytest.approx(
        (local_keywords / local_keywords.max())[local_keywords.argsort()[::-1][:10]], abs=0.05)


def _write_article(folder, name, title, paragraphs):
    (folder / name).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


PARAGRAPHS = {
    "harbour.txt": ("港口建设", [
        "大连港今年新开通了十二条国际集装箱航线，货物吞吐量比上年增长百分之五，冷链物流和汽车滚装业务也明显扩大。",
        "港口将建设自动化码头，引进远程操控的岸桥起重机，减少夜间作业的人手，并把码头调度系统接入全省的物流平台。",
    ]),
    "farm.txt": ("农田保护", [
        "全省新建高标准农田三百九十万亩，黑土地保护工程覆盖一千万亩耕地，秸秆还田和保护性耕作面积继续增加。",
        "农业部门推广节水灌溉技术，推动种子企业开展育种攻关，在主产县建设一批现代化的育秧工厂和烘干中心。",
    ]),
}
NEW_HARBOUR_PARAGRAPH = "港口将建设氢能源集卡示范线，年内投入五十辆氢能重卡，在码头和铁路场站之间往返运送集装箱，减少柴油车的排放。"


def test_a_rebuild_embeds_only_new_passages_and_drops_removed_ones(tmp_path, default_embedder, use_model):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, (title, paragraphs) in PARAGRAPHS.items():
        _write_article(corpus, name, title, paragraphs)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", store="milvus")
    first = CountingEmbedder(default_embedder)
    build_index(settings, embedder=first, progress=False)
    before = _collection_ids(settings)
    assert len(first.embedded) == len(before) >= 4

    title, paragraphs = PARAGRAPHS["harbour.txt"]
    _write_article(corpus, "harbour.txt", title, [paragraphs[0], NEW_HARBOUR_PARAGRAPH])
    second = CountingEmbedder(default_embedder)
    build_index(settings, embedder=second, progress=False)
    after = _collection_ids(settings)
    assert len(second.embedded) == 1 and "氢能" in second.embedded[0]  # only the changed paragraph
    assert len(before - after) == 1 and len(after - before) == 1  # the old one is gone, the new one is there
    answer = open_searcher(settings, progress=False).search("港口要建设什么示范线？")
    assert "氢能源集卡" in answer.hits[0].passage.text

    (corpus / "farm.txt").unlink()
    third = CountingEmbedder(default_embedder)
    build_index(settings, embedder=third, progress=False)
    assert third.embedded == [] and len(_collection_ids(settings)) == len(after) - 2
    store = MilvusStore(connect(milvus_uri(settings)))
    assert [c for c in store.client.list_collections() if c.startswith(store.alias)] == [store.current_collection()]


def test_questions_never_fail_while_rebuilds_move_the_alias(milvus_settings, default_embedder, use_model):
    searcher = open_searcher(milvus_settings, progress=False)
    store = MilvusStore(connect(milvus_uri(milvus_settings)))
    seen = {store.current_collection()}
    done = threading.Event()
    failures: list[BaseException] = []

    def rebuild():
        try:
            for _ in range(3):
                build_index(milvus_settings, embedder=default_embedder, progress=False)
                seen.add(store.current_collection())
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            failures.append(err)
        finally:
            done.set()

    builder = threading.Thread(target=rebuild)
    builder.start()
    answered = 0
    while not done.is_set():
        for question, fact in QUESTIONS:
            try:
                result = searcher.search(question)
                assert any(fact in h.passage.text for h in result.hits), question
                answered += 1
            except BaseException as err:  # noqa: BLE001 - every failure counts
                failures.append(err)
    builder.join()
    assert failures == []
    assert len(seen) == 4 and answered >= 3  # three switches happened while questions were asked


def test_a_search_that_meets_a_dropped_collection_asks_again(milvus_settings, use_model, monkeypatch):
    from pymilvus.exceptions import MilvusException

    searcher = open_searcher(milvus_settings, progress=False)
    client = searcher.index.store.client
    search, calls = client.search, []

    def dropped_once(*args, **kwargs):  # what a server answers when a build dropped the collection mid-search
        calls.append(args)
        if len(calls) == 1:
            raise MilvusException(message="collection not found")
        return search(*args, **kwargs)

    monkeypatch.setattr(client, "search", dropped_once)
    question, fact = QUESTIONS[0]
    assert any(fact in h.passage.text for h in searcher.search(question).hits[:3])
    assert len(calls) == 3  # the dense leg twice, the keyword leg once


def test_the_store_setting_reaches_the_searcher_and_the_scripts(milvus_settings, use_model, tmp_path, capsys, monkeypatch):
    settings = Settings.from_env({"RAG_STORE": "milvus", "RAG_MILVUS_URI": "/srv/rag/milvus.db"})
    assert (settings.store, settings.milvus_uri) == ("milvus", "/srv/rag/milvus.db")
    with pytest.raises(SystemExit, match="faiss, milvus"):
        Settings.from_env({"RAG_STORE": "elastic"})
    assert milvus_uri(Settings(index_dir=tmp_path)) == str(tmp_path / "milvus.db")

    options = ["--index-dir", str(milvus_settings.index_dir), "--corpus-dir", str(milvus_settings.corpus_dir)]
    monkeypatch.setenv("RAG_STORE", "milvus")
    assert ask.main(["--json", *options, QUESTIONS[0][0]]) == 0
    assert QUESTIONS[0][1] in capsys.readouterr().out
    monkeypatch.delenv("RAG_STORE")
    assert ask.main(["--json", "--store", "milvus", *options, QUESTIONS[1][0]]) == 0
    assert QUESTIONS[1][1] in capsys.readouterr().out

    with pytest.raises(StoreUnavailableError, match=r"\.db"):
        open_searcher(replace(milvus_settings, milvus_uri=str(tmp_path / "milvus")), progress=False)


def test_an_index_built_without_milvus_says_how_to_rebuild(tmp_path, default_embedder, use_model):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_article(corpus, "farm.txt", *PARAGRAPHS["farm.txt"])
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings, embedder=default_embedder, progress=False)
    with pytest.raises(IndexMismatchError, match="RAG_STORE=milvus python -m rag.build"):
        open_searcher(replace(settings, store="milvus"), progress=False)
