"""Many readers at once: `python -m bench.load` against the real app (a small count here; the README has the full
500 x 8 run), and the bounded queue that tells a reader "busy" at once instead of leaving them waiting."""

import json
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from gradio_client import Client

from chat_helpers import serving

PROJECT = Path(__file__).resolve().parent.parent
QUESTION = "中国式现代化的中国特色有哪些？"


def test_bench_load_answers_every_question_from_concurrent_clients(built_settings):
    completed = subprocess.run(
        [sys.executable, "-m", "bench.load", "--json", "--questions", "40", "--clients", "4",
         "--index-dir", str(built_settings.index_dir)],
        cwd=PROJECT, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    assert figures["questions"] == 40 and figures["clients"] == 4 and figures["errors"] == 0
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert figures["distinct"] < 40  # some questions were asked again by another reader


class HeldSearcher:
    """The real searcher, held at a gate while a test fills the queue behind the question it is answering."""

    def __init__(self, searcher):
        self._searcher = searcher
        self.answering = threading.Event()
        self.gate = threading.Event()

    def search(self, *args, **kwargs):
        self.answering.set()
        self.gate.wait(timeout=120)
        return self._searcher.search(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._searcher, name)


def test_beyond_the_queue_a_reader_is_told_busy_at_once_and_the_rest_are_answered(searcher, built_settings):
    held = HeldSearcher(searcher)
    with serving(held, replace(built_settings, queue_size=2)) as url:
        client = Client(url, verbose=False)
        first = client.submit(QUESTION, [], 3, [], api_name="/ask")
        assert held.answering.wait(timeout=60)
        later = []
        for _ in range(6):
            later.append(client.submit(QUESTION, [], 3, [], api_name="/ask"))
            time.sleep(0.3)  # one after another, as readers press the button
        deadline = time.monotonic() + 20
        while sum(job.done() for job in later) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        refused = [job for job in later if job.done()]
        # While the first question is held, two wait in the queue and every later one is refused at once.
        assert len(refused) == 4
        for job in refused:
            error = job.exception()
            assert error is not None and "Queue is full" in str(error) and "try again" in str(error)
        held.gate.set()
        waited = [job for job in [first, *later] if job not in refused]
        for job in waited:
            history, _ = job.result(timeout=120)
            assert history[-1]["content"][0]["text"].count('class="ev-card"') == 3
        history, _ = client.predict(QUESTION, [], 2, [], api_name="/ask")  # and the chat takes questions again
        assert history[-1]["content"][0]["text"].count('class="ev-card"') == 2
