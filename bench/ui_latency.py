"""python -m bench.ui_latency: how soon `python app.py` is usable, and how fast the browser shows an answer.

Starts the real command on a free port over an index that is already built, drives Debian's Chromium through
Playwright and reports: seconds until the page is shown, seconds until the first question is answered (both
from the start of the command), and the median / worst time from pressing Enter to the cards being visible
over a list of questions. `--screenshot docs/screenshot.png` also saves the README's picture of the chat.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.load import free_port

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
QUESTIONS = [
    "中国式现代化的中国特色有哪些？",
    "全面从严治党体系应当是一个什么样的系统？",
    "2022年辽宁地区生产总值增长了多少？",
    "2022年辽宁进出口总额增长了多少？",
    "How many kilometres of rural roads does Liaoning plan to build or upgrade in 2023?",
    "二十届中央纪委二次全会部署了哪些工作？",
    "如何做红烧肉？",
    "新质生产力是什么？",
    "基层党建工作述职评议会议提出了什么要求？",
    "2023年全省教育工作的重点是什么？",
]
SCREENSHOT_QUESTION = "党的二十大报告概括了中国式现代化哪几个方面的中国特色？"


def wait_for_page(page, url: str, port: int, started: float, timeout: float = 120) -> float:
    """Seconds from `started` until the page answers and shows the question box."""
    while True:
        try:
            # Knock on the port first: a browser retrying its navigation (an error page each time) would take
            # the CPU that the starting app needs, and a reader does not reload ten times a second.
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            page.goto(url, timeout=5_000)
            page.locator("#question textarea").wait_for(timeout=30_000)
            return time.perf_counter() - started
        except Exception:  # not serving yet
            if time.perf_counter() - started > timeout:
                raise
            time.sleep(0.1)


def ask(page, question: str) -> float:
    """Seconds from pressing Enter until the new reply is in the page."""
    before = page.locator("#chat .ev-reply").count()
    page.locator("#question textarea").fill(question)
    pressed = time.perf_counter()
    page.locator("#question textarea").press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#chat .ev-reply').length > n", arg=before, timeout=120_000)
    return time.perf_counter() - pressed


def take_screenshot(page, path: Path) -> None:
    page.locator("#clear").click()
    page.wait_for_function("() => document.querySelectorAll('#chat .ev-reply').length === 0")
    ask(page, SCREENSHOT_QUESTION)
    page.locator("#chat .ev-card details.ev-context summary").first.click()
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def measure(index_dir: Path | None, screenshot: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, **({"RAG_INDEX_DIR": str(index_dir)} if index_dir else {}))
    with sync_playwright() as playwright:
        # The browser starts first, so its own start-up is not counted against the app.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        started = time.perf_counter()
        app = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=PROJECT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            page_shown = wait_for_page(page, url, port, started)
            first_wait = ask(page, QUESTIONS[0])
            first_answer = time.perf_counter() - started
            answers = [ask(page, q) for q in QUESTIONS]
            if screenshot:
                take_screenshot(page, screenshot)
        finally:
            browser.close()
            app.terminate()
            app.wait(timeout=30)
    return {
        "page_shown_s": round(page_shown, 2),
        "first_answer_s": round(first_answer, 2),
        "first_question_wait_s": round(first_wait, 2),
        "answer_median_s": round(statistics.median(answers), 3),
        "answer_max_s": round(max(answers), 3),
        "answers_s": [round(a, 3) for a in answers],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui_latency", description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, help="a built index (default: the app's own, RAG_INDEX_DIR or index/)")
    parser.add_argument("--screenshot", type=Path, help="also save a screenshot of a Chinese answer here")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.index_dir, args.screenshot), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
