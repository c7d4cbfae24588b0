"""Shared by the chat's tests: serving the app in-process, and a collection file full of markup and script."""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import Path
from typing import Iterator

from app import create_demo, serve
from bench.load import free_port
from rag.config import Settings

# Each piece would execute, load, link or format if it reached the page as markup; it must show literally.
SCRIPT = "<script>window.__xss=1;alert('script')</script>"
IMAGE = '<img src=x onerror="window.__xss=1;alert(2)">'
LINK = "[点我](javascript:window.__xss=1)"
BOLD = "**粗体**"
HOSTILE_TITLE = "读书活动<img src=x onerror=window.__xss=1>通知"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

读书活动要注意：{SCRIPT}这段文字必须原样显示，不能执行，也不能打乱页面的布局。

读书活动的图片{IMAGE}不能加载，链接{LINK}不能点击，{BOLD}不能变粗，这些符号都要原样显示给读者。

读书活动的其余安排照常进行，请各学院按时报名参加，并在月底之前报送活动总结。
"""
HOSTILE_QUESTION = "读书活动要注意什么？"


def build_hostile_index(folder: Path, embedder) -> Settings:
    """Settings of a one-file collection holding HOSTILE_TEXT, indexed with the session's embedder."""
    from rag.build import build_index

    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=folder / "index")
    build_index(settings, embedder=embedder, progress=False)
    return settings


@contextlib.contextmanager
def serving(searcher, settings: Settings) -> Iterator[str]:
    """The chat over `searcher`, served in this process on a free port; yields its URL."""
    demo = create_demo(searcher, settings)
    _, url, _ = serve(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield url
    finally:
        demo.close(verbose=False)


def shown_text(markup: str) -> str:
    """Roughly what a browser shows of a reply: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))
