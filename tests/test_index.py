"""The index on disk: what a build writes, what loading checks, and that a failed build loses nothing."""

import json
import shutil

import numpy as np
import pytest

from rag.bilingual import LEXICON_VERSION
from rag.build import build_index
from rag.chunking import CHUNKER_VERSION
from rag.config import Settings
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, IndexOutdatedError
from rag.index import LOCK, POINTER, SENTENCE_ROWS, SENTENCES, VECTORS, current_build, load_index
from rag.keywords import TOKENIZER_VERSION, KeywordIndex
from rag.search import open_searcher


def test_a_build_writes_vectors_metadata_keywords_and_manifest(built_settings, default_embedder):
    build = current_build(built_settings.index_dir)
    names = {p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()}
    assert {"manifest.json", "passages.jsonl", "dense.faiss", VECTORS, SENTENCES, SENTENCE_ROWS, "keywords/phrases.txt"} <= names
    assert not [n for n in names if n.endswith((".pkl", ".pickle"))]
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model"] == {"id": default_embedder.model_id, "dim": 384}
    assert manifest["chunker"] == CHUNKER_VERSION
    assert manifest["counts"]["articles"] == 9
    [source] = manifest["sources"]
    assert source["file"] == "xuexi-cankao-2023-02.txt" and len(source["sha256"]) == 64
    assert manifest["built_at"] and manifest["build_seconds"] > 0
    index = load_index(built_settings.index_dir, default_embedder.model_id, 384)
    assert index.dense.ntotal == len(index.passages) == manifest["counts"]["passages"]
    vectors = np.load(build / VECTORS, allow_pickle=False)
    assert vectors.dtype == np.float32 and vectors.shape == (len(index.passages), 384)
    assert np.argmax(index.dense_scores(vectors[7])) == 7  # row i is passage i's vector
    assert manifest["files"]["passages.jsonl"] == (build / "passages.jsonl").stat().st_size
    # Every passage's sentences, in passage order, more of them than passages (most passages hold several).
    rows = np.load(build / SENTENCE_ROWS, allow_pickle=False)
    assert list(np.unique(rows)) == list(range(len(index.passages))) and np.all(np.diff(rows) >= 0)
    assert manifest["counts"]["sentences"] == len(rows) > 2 * len(index.passages)
    assert np.load(build / SENTENCES, allow_pickle=False).shape == (len(rows), 384)


def test_each_passage_gets_the_best_score_of_its_article(built_settings, default_embedder):
    index = load_index(built_settings.index_dir, default_embedder.model_id, 384)
    scores = np.random.default_rng(0).random(len(index.passages)).astype(np.float32)
    best = index.best_of_each_article(scores)
    articles = [(p.source, p.article_number) for p in index.passages]
    for row, article in enumerate(articles):
        assert best[row] == max(scores[r] for r, other in enumerate(articles) if other == article)
    assert len(set(best)) == len(set(articles)) == 9
    # Each row's article rows: all the rows of its article and no other, in reading order.
    for row, article in enumerate(articles):
        assert list(index.article_rows(row)) == [r for r, other in enumerate(articles) if other == article]


def test_an_index_built_with_another_model_is_refused_with_the_fix(built_settings):
    with pytest.raises(IndexMismatchError) as err:
        load_index(built_settings.index_dir, "BAAI/bge-small-zh-v1.5")
    message = str(err.value)
    assert "BAAI/bge-small-zh-v1.5" in message and "python -m rag.build" in message and "RAG_MODEL=" in message


@pytest.mark.parametrize(("field", "version", "named"), [("lexicon", LEXICON_VERSION, "English lexicon 1"),
                                                          ("tokenizer", TOKENIZER_VERSION, "keyword tokenizer None")])
def test_an_index_with_an_older_lexicon_or_tokenizer_is_refused_but_its_vectors_are_reused(built_settings, default_embedder, tmp_path, field, version, named):
    copy = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, copy)
    manifest_file = current_build(copy) / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    del manifest[field]  # as the builds before the lexicon, or the stop words and set phrases, had a version
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOutdatedError, match=f"{named}.*python -m rag.build"):
        load_index(copy, default_embedder.model_id, 384)
    summary = build_index(Settings(index_dir=copy), progress=False)
    assert summary.embedded == 0 and summary.reused == summary.passages  # the passages' vectors did not change
    assert load_index(copy, default_embedder.model_id, 384).manifest[field] == version


def test_an_index_an_older_version_built_is_refused_and_the_chat_builds_it_again(built_settings, default_embedder, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, copy)
    manifest_file = current_build(copy) / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["chunker"] = "paragraphs-v0"
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOutdatedError, match="older version.*python -m rag.build"):
        load_index(copy, default_embedder.model_id, 384)
    with pytest.raises(IndexMismatchError):
        open_searcher(Settings(index_dir=copy))  # the scripts say so; the chat (build_if_needed) rebuilds
    with pytest.raises(IndexOutdatedError):  # unless the collection is not there to rebuild from
        open_searcher(Settings(index_dir=copy, corpus_dir=tmp_path / "no-collection"), build_if_needed=True)
    searcher = open_searcher(Settings(index_dir=copy), build_if_needed=True, progress=False)
    assert searcher.index.manifest["chunker"] == CHUNKER_VERSION and current_build(copy) != manifest_file.parent
    assert "5个方面的中国特色" in searcher.search("中国式现代化的中国特色有哪些？", k=5).hits[0].passage.text


def test_a_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(IndexMissingError, match="python -m rag.build"):
        load_index(tmp_path, "any")


@pytest.mark.parametrize("damage", ["truncate-vectors", "truncate-sentences", "garbage-passages", "garbage-manifest", "dangling-pointer"])
def test_a_damaged_index_is_reported_not_crashed_on(built_settings, default_embedder, tmp_path, damage):
    copy = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, copy)
    build = current_build(copy)
    if damage == "truncate-vectors":
        data = (build / "dense.faiss").read_bytes()
        (build / "dense.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "truncate-sentences":
        data = (build / SENTENCES).read_bytes()
        (build / SENTENCES).write_bytes(data[: len(data) // 2])
    elif damage == "garbage-passages":
        (build / "passages.jsonl").write_text("{not json\n", encoding="utf-8")
    elif damage == "garbage-manifest":
        (build / "manifest.json").write_bytes(b"\xff\xfe garbage")
    else:
        (copy / POINTER).write_text("build-that-does-not-exist\n", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="rag.build"):
        load_index(copy, default_embedder.model_id, 384)


def test_a_crash_during_a_build_leaves_the_previous_index_in_use(built_settings, default_embedder, tmp_path, monkeypatch):
    copy = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, copy)
    before = load_index(copy, default_embedder.model_id, 384)

    def crash(self, folder):
        (folder / "half-written").mkdir(parents=True)
        raise KeyboardInterrupt  # like Ctrl-C or a killed process in the middle of writing

    monkeypatch.setattr(KeywordIndex, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(built_settings.__class__(**{**vars(built_settings), "index_dir": copy}), embedder=default_embedder, progress=False)
    after = load_index(copy, default_embedder.model_id, 384)
    assert after.folder == before.folder
    assert [p.id for p in after.passages] == [p.id for p in before.passages]
    assert sorted(p.name for p in copy.iterdir()) == sorted([POINTER, LOCK, before.folder.name])


def test_a_rebuild_replaces_the_previous_build_and_keeps_one_before_it(built_settings, default_embedder, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, copy)
    old = current_build(copy)
    settings = built_settings.__class__(**{**vars(built_settings), "index_dir": copy})
    build_index(settings, embedder=default_embedder, progress=False)
    new = current_build(copy)
    assert new != old and old.exists()  # a running chat may still be loading the previous build
    build_index(settings, embedder=default_embedder, progress=False)
    assert not old.exists() and new.exists()
    assert sorted(p.name for p in copy.iterdir() if p.is_dir()) == sorted([new.name, current_build(copy).name])


def test_a_changed_collection_is_noticed(built_settings, tmp_path):
    from rag.build import changed_sources
    from rag.index import read_manifest

    manifest = read_manifest(built_settings.index_dir)
    assert changed_sources(manifest, built_settings.corpus_dir) == []
    corpus = tmp_path / "corpus"
    shutil.copytree(built_settings.corpus_dir, corpus)
    (corpus / "2023-03.txt").write_text("新的一期\n\n这是一段新加入资料库的正文。", encoding="utf-8")
    (corpus / "xuexi-cankao-2023-02.txt").write_text("改过的内容。", encoding="utf-8")
    assert changed_sources(manifest, corpus) == ["2023-03.txt", "xuexi-cankao-2023-02.txt"]
