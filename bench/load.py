"""python -m bench.load: many readers asking at once, against the real chat (`python app.py`) over HTTP.

Starts the app on a free port (or uses --url), then sends --questions questions from --clients concurrent
gradio_client sessions through the chat's own "ask" endpoint, and prints the errors, the median and the p95
latency (from sending a question to holding its reply, queue wait included). With --json it ends with one
JSON object: {"questions", "clients", "errors", "p50_ms", "p95_ms", "max_ms", "per_second", "seconds", ...}.

The questions: the development and held-out sets (Chinese and English), the Chinese ones also in traditional
characters and with a polite prefix, and about a third asked again (repeated) by another reader.
Exit status: 0 when every question got a reply, 1 when any failed.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from bench.questions import question_files, read_questions

PROJECT = Path(__file__).resolve().parent.parent
REPEAT_SHARE = 0.3  # share of questions another reader already asked
START_SECONDS = 300  # a first start may build the index


@dataclass(frozen=True)
class Outcome:
    question: str
    milliseconds: float
    error: str = ""  # "" when the reply came back as a reply of the chat


def question_mix(count: int, files: list[Path], seed: int = 7) -> list[str]:
    """`count` questions: each set's questions, their variants, and repeats, in a fixed shuffled order."""
    from opencc import OpenCC

    base = read_questions(files)
    if not base:
        raise SystemExit(f"no questions: none of {', '.join(map(str, files))} exists")
    to_traditional = OpenCC("s2t")
    chinese = [q for q in base if any("\u4e00" <= ch <= "\u9fff" for ch in q)]
    fresh = base + [to_traditional.convert(q) for q in chinese] + [f"请问，{q}" for q in chinese]
    rng = random.Random(seed)
    rng.shuffle(fresh)
    asked: list[str] = []
    for n in range(count):  # past the end of `fresh` every question is a repeat
        repeat = asked and rng.random() < REPEAT_SHARE
        asked.append(rng.choice(asked) if repeat else fresh[n % len(fresh)])
    return asked


def looks_like_a_reply(history) -> str:
    """"" when the last message is one of the chat's replies (cards or "not found"), else what is wrong."""
    try:
        reply = history[-1]["content"][0]["text"]
    except (TypeError, KeyError, IndexError):
        return f"no reply in {str(history)[:120]}"
    if 'class="ev-reply' not in reply:
        return f"not a reply: {reply[:120]}"
    if "ev-error" in reply:
        return f"error reply: {reply[:160]}"
    return ""


def ask_all(url: str, questions: list[str], clients: int, k: int = 5, auth=None) -> list[Outcome]:
    """Each client thread (its own session) takes the next question when its last one is answered."""
    from gradio_client import Client

    todo: queue.Queue[str] = queue.Queue()
    for q in questions:
        todo.put(q)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def reader() -> None:
        client = Client(url, auth=auth, verbose=False)
        while True:
            try:
                question = todo.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            try:
                history, _ = client.predict(question, [], k, [], api_name="/ask")
                error = looks_like_a_reply(history)
            except Exception as err:  # noqa: BLE001 - counted and shown, the run goes on
                error = f"{type(err).__name__}: {err}"
            with lock:
                outcomes.append(Outcome(question, (time.perf_counter() - started) * 1000, error))

    threads = [threading.Thread(target=reader, name=f"reader-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the benchmarks' and tests' apps start there)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(index_dir: str | None, env: dict[str, str] | None = None) -> Iterator[str]:
    """`python app.py` on a free port, until it says it is ready; yields its URL, stops it afterwards."""
    port = free_port()
    command = [sys.executable, "app.py", "--port", str(port)] + (["--index-dir", index_dir] if index_dir else [])
    process = subprocess.Popen(command, cwd=PROJECT, env={**os.environ, **(env or {})}, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_SECONDS
        said = []
        for line in process.stdout:  # the app prints "(ready)" once the model and the index are loaded
            said.append(line)
            if "(ready)" in line:
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"app.py did not get ready in {START_SECONDS} s")
        else:
            raise SystemExit(f"app.py stopped before it was ready:\n{''.join(said[-20:])}")
        threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe drained
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def summary(outcomes: list[Outcome], questions: list[str], clients: int, seconds: float) -> dict:
    ms = np.array([o.milliseconds for o in outcomes]) if outcomes else np.zeros(1)
    return {
        "questions": len(outcomes), "clients": clients, "errors": sum(1 for o in outcomes if o.error),
        "p50_ms": round(float(np.percentile(ms, 50)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1), "per_second": round(len(outcomes) / seconds, 2) if seconds else 0.0,
        "seconds": round(seconds, 1), "distinct": len(set(questions)),
        "english": sum(1 for q in questions if not any("\u4e00" <= ch <= "\u9fff" for ch in q)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=500, help="how many questions to send (default 500)")
    parser.add_argument("--clients", type=int, default=8, help="how many readers ask at once (default 8)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object of the figures")
    parser.add_argument("--url", help="ask a chat that is already running instead of starting one")
    parser.add_argument("--index-dir", help="index folder of the started app (default: its own setting)")
    parser.add_argument("--question-file", action="append", type=Path, default=[],
                        help="a JSON-lines file of {\"question\": ...} to draw from (repeatable; default: the dev and held-out sets)")
    args = parser.parse_args(argv)
    if args.questions < 1 or args.clients < 1:
        parser.error("--questions and --clients must be at least 1")

    from app import login
    from rag.config import load_settings

    auth = login(load_settings())  # the same RAG_AUTH_* variables the started app reads
    questions = question_mix(args.questions, args.question_file or question_files())
    with (running_app(args.index_dir) if args.url is None else _given(args.url)) as url:
        started = time.perf_counter()
        outcomes = ask_all(url, questions, args.clients, auth=auth)
        seconds = time.perf_counter() - started
    figures = summary(outcomes, questions, args.clients, seconds)
    for outcome in [o for o in outcomes if o.error][:20]:
        print(f"error after {outcome.milliseconds:.0f} ms for {outcome.question[:40]!r}: {outcome.error}")
    print(f"{figures['questions']} questions from {figures['clients']} clients in {figures['seconds']} s "
          f"({figures['per_second']}/s): {figures['errors']} errors, median {figures['p50_ms']} ms, "
          f"p95 {figures['p95_ms']} ms, slowest {figures['max_ms']} ms")
    if args.json:
        print(json.dumps(figures))
    return 1 if figures["errors"] else 0


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    sys.exit(main())
