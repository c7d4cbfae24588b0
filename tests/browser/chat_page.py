"""What the browser tests do on the chat page: open it, ask, look at the reply, take a screenshot."""

from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
REPLY_TIMEOUT_MS = 30_000


def open_chat(page, url: str) -> None:
    """Load the page and wait until the collection has arrived (the article list is filled then)."""
    page.goto(url)
    page.locator("#collection table").wait_for(timeout=REPLY_TIMEOUT_MS)


def ask(page, question: str):
    """Type a question, press Enter, and return the reply that appears (a locator)."""
    replies = page.locator("#chat .ev-reply")
    before = replies.count()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .ev-reply').length > n", arg=before, timeout=REPLY_TIMEOUT_MS,
    )
    return replies.last


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def choose_article(page, title: str) -> None:
    """Narrow the search to one article with the 限定文章 dropdown."""
    page.locator("#articles input").click()
    page.get_by_role("option", name=title, exact=True).click()
    page.keyboard.press("Escape")
