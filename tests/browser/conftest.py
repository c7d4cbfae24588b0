"""A real Chromium (Debian's, driven by Playwright) and the chat served in-process for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat_helpers import build_hostile_index, serving

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps calling home, which floods a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/test.sh installs it: apt-get install chromium fonts-noto-cjk)")
    sync_playwright = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def chat_url(searcher, built_settings):
    with serving(searcher, built_settings) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory, default_embedder):
    from rag.index import load_index
    from rag.search import Searcher

    settings = build_hostile_index(tmp_path_factory.mktemp("hostile"), default_embedder)
    with serving(Searcher(load_index(settings.index_dir, default_embedder.model_id), default_embedder), settings) as url:
        yield url


@pytest.fixture
def page(browser, request):
    """A fresh page; every dialog it opens is recorded (and dismissed) in page.dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.dialogs = []

    def record(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", record)
    yield tab
    context.close()
