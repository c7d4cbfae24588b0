"""For the reader: source lines and the reply the chat shows. The only place document text becomes HTML."""

from __future__ import annotations

import html
import re

from .chunking import Passage
from .search import SearchResult

NOT_FOUND = "未找到相关段落：资料库中没有能回答这个问题的段落。"

# Characters that Markdown (or Gradio's LaTeX and autolinks) could read as syntax, written as entities:
# the browser shows them as they are, and no parser can turn them into markup.
_MARKUP_CHARS = re.compile(r"[\\`*_\[\](){}#|~$!:<>&\"'=+-]")


def escape(text: str) -> str:
    """Document or question text made inert for display in a Markdown/HTML message."""
    return _MARKUP_CHARS.sub(lambda m: f"&#{ord(m.group(0))};", text.replace("\r", "")).replace("\n", "<br>")


def source_line(passage: Passage) -> str:
    """Where the passage stands: article title · issue · paragraph N of M (part k of n)."""
    where = f"第 {passage.paragraph} 段（共 {passage.paragraph_count} 段）"
    if passage.parts > 1:
        where += f" 之 {passage.part}/{passage.parts}"
    return " · ".join(part for part in (passage.article, passage.issue, where) if part)


def format_reply(result: SearchResult) -> str:
    """The chat's reply: each passage with its source line, escaped; or a plain "not found"."""
    if result.no_answer:
        return f"<div class=\"not-found\"><strong>{escape(NOT_FOUND)}</strong></div>"
    blocks = []
    for n, hit in enumerate(result.hits, start=1):
        blocks.append(
            f"<div class=\"passage\"><div class=\"source\">{n}. {escape(source_line(hit.passage))}</div>"
            f"<div class=\"text\">{escape(hit.passage.text)}</div></div>"
        )
    return "\n".join(blocks)
