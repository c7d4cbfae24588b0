"""The index's life: incremental rebuilds, the build lock, live reload in a running chat, SIGKILL at random
points of a build, and the message each kind of damage gets."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from gradio_client import Client

from chat_helpers import serving, shown_text
from rag import build, eval as evaluate
from rag.build import build_index
from rag.chunking import embedded_sentences, embedded_text
from rag.config import Settings
from rag.errors import IndexCorruptError, IndexMismatchError
from rag.index import LOCK, POINTER, VECTORS, build_lock, current_build, load_index
from rag.search import Searcher

PROJECT = Path(__file__).resolve().parent.parent
SMALL = {
    "tree.txt": "春季植树活动通知\n\n学校将在三月十二日组织全体师生参加春季植树活动，请各班级提前准备好铁锹和水桶，按时到达指定地点集合。\n\n"
                "植树地点在学校北门外的河堤两侧，活动结束后各班级负责清理现场并浇透定根水，确保树苗成活。",
    "library.txt": "图书馆开放时间调整\n\n自下周一起，图书馆工作日开放时间调整为早上八点至晚上十点，周末开放时间为上午九点至下午五点，寒暑假另行通知。",
    "canteen.txt": "食堂新增早餐窗口\n\n为方便住校学生，第二食堂新增两个早餐窗口，供应豆浆、油条、包子和小米粥，每天早上六点半开始营业。",
}
SMALL_PASSAGES = 4  # the tree notice has two paragraphs
SPORTS = "秋季运动会报名通知\n\n本届秋季运动会设田径和球类两大项目，各学院报名截止日期为十月八日，逾期不再受理，请体育委员及时汇总名单。"
SPORTS_QUESTION = "运动会报名截止日期是哪天？"


class RecordingEmbedder:
    """The session's model, noting which texts a build asks it to embed."""

    def __init__(self, embedder):
        self._embedder = embedder
        self.model_id, self.dim = embedder.model_id, embedder.dim
        self.embedded: list[str] = []

    def encode_passages(self, texts, show_progress=False):
        self.embedded += list(texts)
        return self._embedder.encode_passages(texts)

    def encode_queries(self, texts):
        return self._embedder.encode_queries(texts)


def small_collection(folder: Path, files: dict[str, str] = SMALL) -> Settings:
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=folder / "index")


@pytest.fixture
def small(tmp_path, default_embedder, monkeypatch) -> Settings:
    """A three-file collection, built; later builds in this process that need a model get the session's."""
    settings = small_collection(tmp_path)
    build_index(settings, embedder=default_embedder, progress=False)
    monkeypatch.setattr("rag.embedding.load_embedder", lambda *a: default_embedder)
    return settings


def run_build(settings: Settings, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rag.build", "-q", "--corpus-dir", str(settings.corpus_dir), "--index-dir", str(settings.index_dir), *args],
        cwd=PROJECT, capture_output=True, text=True, timeout=600, **kwargs,
    )


def test_changing_one_article_embeds_only_its_changed_passages(built_settings, default_embedder, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(built_settings.corpus_dir, corpus)
    shutil.copytree(built_settings.index_dir, index_dir)
    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    before = load_index(index_dir, default_embedder.model_id, default_embedder.dim)
    source = corpus / before.passages[0].source
    text = source.read_text(encoding="utf-8")
    target = next(p for p in before.passages[60:] if text.count(p.text[:30]) == 1)
    source.write_text(text.replace(target.text[:30], target.text[:30] + "（此句为修订时新增）"), encoding="utf-8")

    recorder = RecordingEmbedder(default_embedder)
    summary = build_index(settings, embedder=recorder, progress=False)

    after = load_index(index_dir, default_embedder.model_id, default_embedder.dim)
    old_texts = {embedded_text(p) for p in before.passages}
    changed = [p for p in after.passages if embedded_text(p) not in old_texts]
    assert changed and {p.article for p in changed} == {target.article}
    # Each changed passage's text, then those of its sentences that no earlier passage held: nothing else.
    old_sentences = {t for p in before.passages for t in embedded_sentences(p)} | {embedded_text(p) for p in changed}
    new_sentences = list(dict.fromkeys(t for p in after.passages for t in embedded_sentences(p) if t not in old_sentences))
    assert new_sentences and all(t.startswith(target.article) for t in new_sentences)
    assert recorder.embedded == [embedded_text(p) for p in changed] + new_sentences
    assert (summary.embedded, summary.reused) == (len(changed), len(after.passages) - len(changed))
    assert summary.removed == sum(embedded_text(p) not in {embedded_text(q) for q in after.passages} for p in before.passages) >= 1
    assert summary.passages == len(after.passages) == len(before.passages)
    # The reused vectors are the previous build's, row for row; the search finds the revised text.
    old_vectors = dict(zip((embedded_text(p) for p in before.passages), np.load(before.folder / VECTORS, allow_pickle=False)))
    new_vectors = np.load(after.folder / VECTORS, allow_pickle=False)
    for row, p in enumerate(after.passages):
        if embedded_text(p) in old_vectors:
            assert np.array_equal(new_vectors[row], old_vectors[embedded_text(p)])
    hit = Searcher(after, default_embedder).search(target.text[:30] + "（此句为修订时新增）", k=1).hits[0]
    assert "此句为修订时新增" in hit.passage.text


def test_a_rebuild_without_changes_embeds_nothing_and_loads_no_model(small, monkeypatch, capsys):
    def no_model(*args):
        raise AssertionError("the model was loaded though nothing needed embedding")

    monkeypatch.setattr("rag.embedding.load_embedder", no_model)
    assert build.main(["--json", "-q", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) == {"articles", "passages", "embedded", "reused", "removed", "skipped_files", "seconds"}
    assert summary["articles"] == 3 and summary["embedded"] == 0 and summary["removed"] == 0
    assert summary["reused"] == summary["passages"] == SMALL_PASSAGES and summary["skipped_files"] == []


def test_a_removed_file_disappears_and_full_embeds_everything_again(small, capsys):
    (small.corpus_dir / "canteen.txt").unlink()
    options = ["--json", "-q", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]
    assert build.main(options) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["articles"], summary["passages"], summary["embedded"], summary["reused"], summary["removed"]) == (2, 3, 0, 3, 1)
    index = load_index(small.index_dir, Settings().model, 384)
    assert {p.source for p in index.passages} == {"tree.txt", "library.txt"}
    assert all("食堂" not in p.text for p in index.passages)

    assert build.main([*options, "--full"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["embedded"], summary["reused"], summary["removed"]) == (3, 0, 0)


def test_skipped_files_are_listed_and_the_exit_code_says_done_with_warnings(small, capsys):
    (small.corpus_dir / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    options = ["-q", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]
    assert build.main([*options, "--json"]) == 3
    [skipped] = json.loads(capsys.readouterr().out)["skipped_files"]
    assert skipped["path"] == "broken.txt" and skipped["reason"]
    assert build.main(options) == 3
    assert "done with warnings: 1 file(s) skipped" in capsys.readouterr().out


def test_a_failed_build_exits_1_and_publishes_nothing(small, capsys):
    before = current_build(small.index_dir)
    for path in small.corpus_dir.iterdir():
        path.unlink()
    assert build.main(["-q", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]) == 1
    assert capsys.readouterr().err.startswith("error: No readable articles")
    assert current_build(small.index_dir) == before


def test_a_second_build_waits_for_the_first(small):
    before = current_build(small.index_dir)
    with build_lock(small.index_dir):  # as a running build holds it
        second = subprocess.Popen(
            [sys.executable, "-m", "rag.build", "-q", "--json", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        message = second.stderr.readline()
        assert "Another build of" in message and f"process {os.getpid()}" in message and "waiting" in message
        time.sleep(1)
        assert second.poll() is None and current_build(small.index_dir) == before
    out, _ = second.communicate(timeout=300)
    assert second.returncode == 0 and json.loads(out)["embedded"] == 0
    assert current_build(small.index_dir) != before


def test_a_searcher_answers_from_a_newly_published_index_without_restart(small, default_embedder):
    searcher = Searcher(load_index(small.index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
    assert searcher.refresh() is False  # nothing new
    assert searcher.search(SPORTS_QUESTION).no_answer
    (small.corpus_dir / "sports.txt").write_text(SPORTS, encoding="utf-8")
    build_index(small, embedder=default_embedder, progress=False)
    assert searcher.refresh() is True and searcher.index.folder == current_build(small.index_dir)
    result = searcher.search(SPORTS_QUESTION, k=1)
    assert not result.no_answer and "十月八日" in result.hits[0].passage.text


def test_a_new_index_that_fails_to_load_leaves_the_old_one_answering(small, default_embedder):
    searcher = Searcher(load_index(small.index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
    old = searcher.index.folder
    (small.corpus_dir / "sports.txt").write_text(SPORTS, encoding="utf-8")
    new = build_index(small, embedder=default_embedder, progress=False).folder
    (new / "dense.faiss").write_bytes((new / "dense.faiss").read_bytes()[:100])
    assert searcher.refresh() is False and searcher.index.folder == old
    assert "python -m rag.build" in searcher.reload_error and "dense.faiss" in searcher.reload_error
    assert searcher.search("图书馆周末几点开放？").hits[0].passage.source == "library.txt"
    assert searcher.refresh() is False  # the same broken build is not loaded again at every question
    build_index(small, embedder=default_embedder, progress=False)
    assert searcher.refresh() is True and searcher.reload_error == ""


def test_the_chat_panel_shows_a_reload_and_a_failed_one(small, default_embedder):
    from app import create_demo

    searcher = Searcher(load_index(small.index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
    demo = create_demo(searcher, small)
    [describe] = {f.fn for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "describe_collection"}
    _, panel, shown = describe("")
    assert "3 篇文章" in panel
    assert describe(shown)[2] == shown  # nothing changed: nothing redrawn
    (small.corpus_dir / "sports.txt").write_text(SPORTS, encoding="utf-8")
    new = build_index(small, embedder=default_embedder, progress=False).folder
    titles, panel, shown = describe(shown)
    assert "4 篇文章" in panel and "秋季运动会报名通知" in titles["choices"] and new.name in shown
    newer = build_index(small, embedder=default_embedder, progress=False, full=True).folder
    (newer / "manifest.json").unlink()
    _, panel, _ = describe(shown)
    assert "新建的索引无法加载" in panel and "python -m rag.build" in shown_text(panel) and "4 篇文章" in panel


def test_questions_asked_during_a_rebuild_all_get_answers(small, default_embedder):
    searcher = Searcher(load_index(small.index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
    failures, answered, stop = [], [], threading.Event()
    with serving(searcher, small) as url:
        client = Client(url, verbose=False)

        def ask_in_a_loop():
            while not stop.is_set():
                try:
                    history, _ = client.predict("图书馆周末几点开放？", [], 3, [], api_name="/ask")
                    reply = history[-1]["content"][0]["text"]
                    (answered if 'class="ev-card"' in reply else failures).append(reply)
                except Exception as err:  # noqa: BLE001 - any failure of a question counts
                    failures.append(repr(err))

        asking = threading.Thread(target=ask_in_a_loop)
        asking.start()
        try:
            (small.corpus_dir / "sports.txt").write_text(SPORTS, encoding="utf-8")
            (small.corpus_dir / "tree.txt").write_text(SMALL["tree.txt"].replace("三月十二日", "三月十五日"), encoding="utf-8")
            done = run_build(small, "--json")  # a maintainer's rebuild: a process of its own, loading the model
            time.sleep(1)
        finally:
            stop.set()
            asking.join(timeout=120)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["embedded"] == 2
        history, _ = client.predict(SPORTS_QUESTION, [], 1, [], api_name="/ask")
    assert failures == [] and len(answered) >= 3
    assert "十月八日" in history[-1]["content"][0]["text"]  # the new index answers, without a restart


def test_a_build_killed_at_random_points_leaves_a_loadable_index(small, default_embedder):
    rng, interrupted, attempts = random.Random(5), 0, 0
    started = time.monotonic()
    (small.corpus_dir / "sports.txt").write_text(SPORTS, encoding="utf-8")
    assert run_build(small).returncode == 0  # how long a build that embeds takes here, model loading included
    duration = time.monotonic() - started
    while interrupted < 10 and attempts < 30:  # ten builds killed while running (one that ended first just published)
        before = load_index(small.index_dir, default_embedder.model_id, default_embedder.dim)
        (small.corpus_dir / f"new-{attempts}.txt").write_text(f"第{attempts}号通知\n\n{SPORTS.split(chr(10))[-1]}第{attempts}次补充说明。", encoding="utf-8")
        attempts += 1
        process = subprocess.Popen([sys.executable, "-m", "rag.build", "-q", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)],
                                   cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration))
        interrupted += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        index = load_index(small.index_dir, default_embedder.model_id, default_embedder.dim)  # never raises
        assert index.folder == before.folder or len(index.passages) == SMALL_PASSAGES + 1 + attempts  # every file now there
    assert interrupted == 10
    done = run_build(small, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["passages"] == SMALL_PASSAGES + 1 + attempts
    left = [p.name for p in small.index_dir.iterdir()]  # what killed builds left behind is cleared
    assert {n for n in left if not n.startswith("build-")} == {POINTER, LOCK} and len(left) <= 4


DAMAGES = ["truncated-vectors", "garbage-vectors", "missing-passages", "missing-manifest", "another-model"]


def damage(index_dir: Path, how: str) -> None:
    build = current_build(index_dir)
    if how == "truncated-vectors":
        data = (build / "dense.faiss").read_bytes()
        (build / "dense.faiss").write_bytes(data[: len(data) // 2])
    elif how == "garbage-vectors":
        size = (build / "dense.faiss").stat().st_size
        (build / "dense.faiss").write_bytes(os.urandom(size))
    elif how == "missing-passages":
        (build / "passages.jsonl").unlink()
    elif how == "missing-manifest":
        (build / "manifest.json").unlink()
    else:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        manifest["model"] = {"id": "BAAI/bge-small-zh-v1.5", "dim": 512}
        (build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize("how", DAMAGES)
def test_a_broken_index_names_the_fix_everywhere(small, default_embedder, how, capsys, caplog):
    damage(small.index_dir, how)
    expected = IndexMismatchError if how == "another-model" else IndexCorruptError
    with pytest.raises(expected, match="python -m rag.build"):
        load_index(small.index_dir, default_embedder.model_id, default_embedder.dim)

    asked = subprocess.run([sys.executable, "-m", "rag.ask", "--index-dir", str(small.index_dir), "图书馆几点开放？"],
                           cwd=PROJECT, capture_output=True, text=True, timeout=300)
    lines = asked.stderr.strip().splitlines()
    assert asked.returncode == 1 and "Traceback" not in asked.stderr and len(lines) == 1
    assert lines[0].startswith("error: ") and "python -m rag.build" in lines[0]

    questions = small.corpus_dir.parent / "q.jsonl"
    questions.write_text('{"question": "图书馆几点开放？", "type": "numeric", "gold_span": "八点"}\n', encoding="utf-8")
    assert evaluate.main([str(questions), "--index-dir", str(small.index_dir)]) == 1
    assert "python -m rag.build" in capsys.readouterr().err

    # The next build is the fix: it doesn't trip on the damage. It reuses the vectors when they are intact
    # (only the FAISS file is damaged), and embeds everything again otherwise.
    assert build.main(["-q", "--json", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]) == 0
    embedded = json.loads(capsys.readouterr().out)["embedded"]
    if how.endswith("-vectors"):
        assert embedded == 0
    else:
        assert embedded == SMALL_PASSAGES and "cannot be reused" in caplog.text
    assert len(load_index(small.index_dir, default_embedder.model_id, default_embedder.dim).passages) == SMALL_PASSAGES


def test_vectors_changed_on_disk_are_not_reused(small, capsys, caplog):
    vectors_file = current_build(small.index_dir) / VECTORS
    vectors = np.load(vectors_file, allow_pickle=False)
    np.save(vectors_file, vectors[::-1].copy(), allow_pickle=False)  # same size, rows swapped: only the checksum tells
    assert build.main(["-q", "--json", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["embedded"] == SMALL_PASSAGES
    assert "not what was written" in caplog.text
    assert np.allclose(np.load(current_build(small.index_dir) / VECTORS, allow_pickle=False), vectors, atol=1e-5)


def test_an_index_without_vectors_from_an_earlier_version_is_rebuilt_whole(small, capsys, caplog):
    (current_build(small.index_dir) / VECTORS).unlink()
    manifest_path = current_build(small.index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    del manifest["files"]  # as an earlier version wrote it
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert build.main(["-q", "--json", "--corpus-dir", str(small.corpus_dir), "--index-dir", str(small.index_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["embedded"] == SMALL_PASSAGES and "earlier version" in caplog.text
    assert (current_build(small.index_dir) / VECTORS).is_file()
