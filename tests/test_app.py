"""The chat end to end without a browser: served in-process and asked through gradio_client, and `python app.py` itself."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gradio_client import Client

from chat_helpers import HOSTILE_QUESTION, HOSTILE_TEXT, SCRIPT, build_hostile_index, free_port, serving, shown_text
from rag.present import NOT_FOUND, escape, source_line

PROJECT = Path(__file__).resolve().parent.parent
QUESTION = "中国式现代化的中国特色有哪些？"


@pytest.fixture(scope="module")
def client(searcher, built_settings):
    with serving(searcher, built_settings) as url:
        yield Client(url, verbose=False)


def ask(client, question, k=5, articles=()):
    """The chat's history after one question: [user message, reply] (or just the reply to an empty question)."""
    history, cleared = client.predict(question, [], k, list(articles), api_name="/ask")
    assert cleared == ""
    return [message["content"][0]["text"] for message in history]


def cards(reply: str) -> int:
    return reply.count('class="ev-card"')


def test_a_question_gets_cards_with_source_lines_and_passage_text(client, searcher):
    *_, reply = ask(client, QUESTION, k=3)
    expected = searcher.search(QUESTION, k=3)
    assert cards(reply) == 3 and "<mark>" in reply
    for hit in expected.hits:
        assert source_line(hit.passage) in shown_text(reply)
        assert hit.passage.text in shown_text(reply)


def test_the_number_of_passages_and_the_article_filter_apply(client):
    title = "2023年省第十四届人民代表大会政府工作报告"
    *_, reply = ask(client, QUESTION, k=2, articles=[title])
    assert cards(reply) == 2
    assert shown_text(reply).count(title) == 2


def test_an_off_topic_question_says_not_found_and_folds_the_weak_matches(client):
    *_, reply = ask(client, "如何做红烧肉？")
    assert escape(NOT_FOUND) in reply and '<details class="ev-weak">' in reply and cards(reply) == 5


def test_a_question_with_script_is_echoed_and_answered_inert(client):
    question, reply = ask(client, f"{SCRIPT}中国式现代化")
    assert "<script" not in question + reply
    assert shown_text(question) == f"{SCRIPT}中国式现代化"


def test_empty_and_huge_questions_get_a_plain_message(client):
    [reply] = ask(client, "   ")
    assert "请输入一个问题" in shown_text(reply) and "Traceback" not in reply
    _, reply = ask(client, "长" * 5000)
    assert "只按前 500 字检索" in shown_text(reply) and 'class="ev-reply' in reply


def test_a_document_with_script_and_markdown_comes_back_escaped(tmp_path, default_embedder):
    from rag.index import load_index
    from rag.search import Searcher

    settings = build_hostile_index(tmp_path, default_embedder)
    searcher = Searcher(load_index(settings.index_dir, default_embedder.model_id), default_embedder)
    with serving(searcher, settings) as url:
        _, reply = ask(Client(url, verbose=False), HOSTILE_QUESTION)
    assert "<script" not in reply and "<img" not in reply and "**" not in reply and "](" not in reply
    assert SCRIPT in shown_text(reply)
    assert all(line in shown_text(reply) for line in HOSTILE_TEXT.splitlines()[2:] if line)


def run_app(*args, env=None, timeout=120, **kwargs):
    return subprocess.run(
        [sys.executable, "app.py", *args], cwd=PROJECT, env={**os.environ, **(env or {})},
        capture_output=True, text=True, timeout=timeout, **kwargs,
    )


def test_python_app_py_serves_the_chat(built_settings):
    port = free_port()
    env = {**os.environ, "RAG_INDEX_DIR": str(built_settings.index_dir)}
    process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=PROJECT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        client = _connect(f"http://127.0.0.1:{port}/", process, deadline=time.monotonic() + 90)
        *_, reply = ask(client, QUESTION, k=2)
        assert cards(reply) == 2
    finally:
        process.terminate()
        process.wait(timeout=30)


def _connect(url, process, deadline):
    while True:
        try:
            return Client(url, verbose=False)
        except Exception:  # not serving yet
            if process.poll() is not None:
                pytest.fail(f"app.py exited early: {process.stderr.read()}")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def assert_one_line_error(completed, *words):
    assert completed.returncode == 1
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert "Traceback" not in completed.stderr and len(lines) == 1, completed.stderr
    assert lines[0].startswith("error: ") and all(w in lines[0] for w in words), lines[0]


@contextlib.contextmanager
def app_process(*args):
    """`python app.py ARGS` on a free port, serving; yields (gradio client, the process)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "app.py", "--port", str(port), *args], cwd=PROJECT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        yield _connect(f"http://127.0.0.1:{port}/", process, deadline=time.monotonic() + 90), process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _ask_broken(client, question=QUESTION) -> str:
    """The reply of a chat whose index can't be used: one error message; the question stays in the box."""
    history, kept = client.predict(question, [], 3, [], api_name="/ask")
    assert kept == question
    return shown_text(history[-1]["content"][0]["text"])


def test_an_index_of_another_model_is_shown_in_the_chat_not_a_crash(built_settings):
    with app_process("--model", "/nonexistent", "--index-dir", str(built_settings.index_dir)) as (client, process):
        reply = _ask_broken(client)
        assert "重新建立索引" in reply and "/nonexistent" in reply and "python -m rag.build" in reply
        assert process.poll() is None  # still serving
    lines = [line for line in process.stderr.read().splitlines() if line.strip()]
    assert "Traceback" not in "\n".join(lines) and any(line.startswith("error: ") and "/nonexistent" in line for line in lines)


def test_a_damaged_index_is_shown_in_the_chat_and_a_rebuild_repairs_it(tmp_path, default_embedder):
    from rag.build import build_index
    from rag.config import Settings

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / "CURRENT").write_text("build-gone\n", encoding="utf-8")
    with app_process("--index-dir", str(index_dir)) as (client, process):
        reply = _ask_broken(client)
        assert "damaged" in reply and "python -m rag.build" in reply
        build_index(Settings(index_dir=index_dir), embedder=default_embedder, progress=False)  # the maintainer's fix
        *_, answer = ask(client, QUESTION, k=2)  # the next question loads the new build: no restart
        assert cards(answer) == 2


def test_an_unknown_model_stops_the_app_with_one_line(tmp_path):
    completed = run_app("--model", "/nonexistent", "--index-dir", str(tmp_path / "index"), "--port", str(free_port()))
    assert_one_line_error(completed, "/nonexistent")
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").iterdir())
