"""A collection file full of script, HTML and Markdown, shown in a real Chromium: every piece stays literal text."""

import pytest

from chat_helpers import BOLD, HOSTILE_QUESTION, HOSTILE_TITLE, IMAGE, LINK, SCRIPT
from chat_page import ask, open_chat, screenshot

pytestmark = pytest.mark.browser


def test_markup_in_documents_and_questions_is_shown_not_run(page, hostile_url):
    open_chat(page, hostile_url)
    reply = ask(page, f"{HOSTILE_QUESTION}{SCRIPT}{BOLD} www.example.com")
    page.wait_for_timeout(300)  # give an injected onerror handler time to fire, were there one
    chat = page.locator("#chat")
    shown = chat.inner_text()
    for literal in (SCRIPT, IMAGE, LINK, BOLD, HOSTILE_TITLE):
        assert literal in shown, literal
    assert page.locator("#collection").inner_text().count(HOSTILE_TITLE) == 1
    assert page.dialogs == []
    assert page.evaluate("window.__xss") is None
    assert chat.locator("script, img[src='x'], a").count() == 0
    assert page.locator("#collection img, #collection script").count() == 0
    assert [b.inner_text() for b in chat.locator("strong, b").all() if b.inner_text() == "粗体"] == []
    assert reply.locator(".ev-card").count() >= 1
    screenshot(page, "safe-display")
