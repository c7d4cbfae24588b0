"""For the reader: evidence cards, the collection panel and their styles. The only place document text becomes HTML."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from .chunking import Passage
from .highlight import Span, keyword_spans
from .search import Hit, SearchResult, printable

NOT_FOUND = "未找到相关段落：资料库中没有能回答这个问题的段落。"
WEAK_MATCHES = "最接近的段落（弱相关，仅供参考）"
RELEVANCE_WORDS = {"high": "高相关", "medium": "中相关", "low": "低相关", "weak": "弱相关"}
RELEVANCE_HINT = "相关程度：由语义相近程度与问题关键词的匹配情况综合得出"
QUESTION_ECHO_CHARS = 300  # a pasted essay is echoed shortened, so it cannot push the answer off the screen

# Characters that Markdown (or Gradio's LaTeX and autolinks) could read as syntax, written as entities:
# the browser shows them as they are, and no parser can turn them into markup.
_MARKUP_CHARS = re.compile(r"[\\`*_\[\](){}#|~$!:<>&\"'=+@-]")

Neighbours = Callable[[str], tuple[list[Passage], list[Passage]]]  # passage id -> (before, after)


def escape(text: str) -> str:
    """Document or question text made inert for display in a Markdown/HTML message."""
    return _MARKUP_CHARS.sub(lambda m: f"&#{ord(m.group(0))};", text.replace("\r", "")).replace("\n", "<br>")


def source_line(passage: Passage) -> str:
    """Where the passage stands: article title · byline · issue · page (PDF) · paragraph N of M (part k of n).

    The byline (省长 李乐成) is left out when the title already names that person (习近平总书记在…)."""
    return " · ".join(part for part in (_named_source(passage), _place(passage)) if part)


def _named_source(passage: Passage) -> str:
    name = passage.byline.split()[-1] if passage.byline.strip() else ""
    byline = passage.byline if name and name not in passage.article else ""
    return " · ".join(part for part in (passage.article, byline) if part)


def _place(passage: Passage) -> str:
    where = f"第 {passage.paragraph} 段（共 {passage.paragraph_count} 段）"
    if passage.parts > 1:
        where += f" 之 {passage.part}/{passage.parts}"
    page = f"第 {passage.page} 页" if passage.page is not None else ""
    return " · ".join(part for part in (passage.issue, page, where) if part)


def highlighted(text: str, keywords: Iterable[str], best: str = "") -> str:
    """The passage as HTML: keywords in <mark>, the sentence that best answers in <strong class="ev-best">.

    `best` is the search's pick of that sentence (rag.evidence); "" when no sentence stands out. Spans are found on the raw text and every piece is escaped on its own, so no markup from the document can
    meet the markup added here.
    """
    keywords = list(keywords)
    # Emphasising a passage that is one sentence long would say nothing.
    start = text.find(best) if best and len(best) < len(text.strip()) else -1
    emphasis = (start, start + len(best)) if start >= 0 else None
    marks = keyword_spans(text, keywords)
    if emphasis is None:
        return _marked(text, (0, len(text)), marks)
    (start, end), whole = emphasis, len(text)
    return (
        _marked(text, (0, start), marks)
        + f'<strong class="ev-best">{_marked(text, (start, end), marks)}</strong>'
        + _marked(text, (end, whole), marks)
    )


def _marked(text: str, within: Span, marks: list[Span]) -> str:
    # A mark that crosses the edge of the emphasised sentence is cut there, so the tags always nest.
    pos, end = within
    out = []
    for mark_start, mark_end in marks:
        start, stop = max(mark_start, pos), min(mark_end, end)
        if start >= stop:
            continue
        out.append(escape(text[pos:start]) + f"<mark>{escape(text[start:stop])}</mark>")
        pos = stop
    out.append(escape(text[pos:end]))
    return "".join(out)


def evidence_card(n: int, hit: Hit, keywords: list[str], neighbours: Neighbours | None = None, weak: bool = False) -> str:
    """One passage as a card: number, source line, relevance in words, highlighted text, context to unfold.

    The question's keywords are marked in the source line's title and byline too: they may be what answers
    (省长 李乐成). The issue and the place in it are not marked (总第94期 is no answer to a "total").

    `weak`: shown below "not found", where any badge but 弱相关 would contradict the reply.
    """
    passage = hit.passage
    relevance = "weak" if weak else hit.relevance if hit.relevance in RELEVANCE_WORDS else "low"
    head = (
        f'<div class="ev-head"><span class="ev-n">{n}</span>'
        f'<span class="ev-source">{highlighted(_named_source(passage), keywords)} · {escape(_place(passage))}</span>'
        f'<span class="ev-rel ev-rel-{relevance}" title="{RELEVANCE_HINT}">{RELEVANCE_WORDS[relevance]}</span></div>'
    )
    section = f'<div class="ev-section">{escape(passage.section)}</div>' if passage.section else ""
    body = f'<div class="ev-text">{highlighted(passage.text, keywords, hit.best_sentence)}</div>'
    context = context_block(passage, *neighbours(passage.id)) if neighbours else ""
    return f'<div class="ev-card">{head}{section}{body}{context}</div>'


def context_block(passage: Passage, before: list[Passage], after: list[Passage]) -> str:
    """The paragraphs around the passage, folded away under 查看上下文 until the reader opens them."""
    if not before and not after:
        return ""
    rows = [_context_row("上文", p) for p in before] or ['<div class="ev-ctx ev-edge">（本文开头）</div>']
    rows.append(f'<div class="ev-ctx ev-here"><span class="ev-ctx-label">本段</span>{escape(passage.text)}</div>')
    rows += [_context_row("下文", p) for p in after] or ['<div class="ev-ctx ev-edge">（本文结尾）</div>']
    return f'<details class="ev-context"><summary>查看上下文</summary>{"".join(rows)}</details>'


def _context_row(label: str, passage: Passage) -> str:
    return f'<div class="ev-ctx"><span class="ev-ctx-label">{label}</span>{escape(passage.text)}</div>'


def format_reply(result: SearchResult, neighbours: Neighbours | None = None) -> str:
    """The chat's reply: evidence cards; or a plain "not found" with the closest passages folded below it."""
    found = bool(result.hits) and not result.no_answer
    cards = "".join(
        evidence_card(n, hit, result.keywords, neighbours, weak=not found) for n, hit in enumerate(result.hits, start=1)
    )
    notice = f'<div class="ev-notice">{escape(result.notice)}</div>' if result.notice else ""
    if found:
        summary = f'<div class="ev-summary">找到 {len(result.hits)} 段相关原文</div>'
        return f'<div class="ev-reply">{notice}{summary}{cards}</div>'
    weak = f'<details class="ev-weak"><summary>{WEAK_MATCHES}</summary>{cards}</details>' if result.hits else ""
    why = f'<div class="ev-not-found-why">{escape(result.why_not_found)}</div>' if result.why_not_found else ""
    return f'<div class="ev-reply ev-not-found">{notice}<div class="ev-not-found-note">{escape(NOT_FOUND)}</div>{why}{weak}</div>'


def format_error(message: str) -> str:
    """A problem with the question (empty, nothing but symbols) or with the search, said plainly."""
    return f'<div class="ev-reply ev-error">{escape(message)}</div>'


def format_question(question: str) -> str:
    """The reader's question as echoed in the chat: inert, printable, and shortened when it is very long."""
    text = printable(question)
    if len(text) > QUESTION_ECHO_CHARS:
        text = text[:QUESTION_ECHO_CHARS] + f"…（共 {len(text)} 字）"
    # Inside an HTML block Markdown stays off, so not even a bare www.… or a leading "1." is formatted.
    return f'<div class="ev-question">{escape(text)}</div>'


@dataclass(frozen=True)
class ArticleEntry:
    issue: str
    title: str
    passages: int


def collection_articles(passages: Iterable[Passage]) -> list[ArticleEntry]:
    """Each article of the collection once, in reading order, with its number of passages."""
    counts = Counter((p.source, p.article_number, p.issue, p.article) for p in passages)
    return [ArticleEntry(issue, title, n) for (_, _, issue, title), n in counts.items()]


def collection_panel(passages: list[Passage], manifest: dict) -> str:
    """What the collection holds (issues, their articles and passage counts) and when and how the index was built."""
    articles = collection_articles(passages)
    by_issue: dict[str, list[ArticleEntry]] = {}
    for article in articles:
        by_issue.setdefault(article.issue, []).append(article)
    sources = "、".join(escape(str(s.get("file", ""))) for s in manifest.get("sources", [])) or "—"
    model = escape(str(manifest.get("model", {}).get("id", "—")))
    facts = (
        f"<p>共 {len(by_issue)} 期、{len(articles)} 篇文章、{len(passages)} 个段落。</p>"
        f"<p>索引建立于 {escape(_built_at(manifest.get('built_at')))}<br>模型：{model}<br>文件：{sources}</p>"
    )
    return f'<div class="ev-collection">{facts}{"".join(_issue_table(issue, items) for issue, items in by_issue.items())}</div>'


def _issue_table(issue: str, articles: list[ArticleEntry]) -> str:
    rows = "".join(f'<tr><td>{escape(a.title)}</td><td class="ev-num">{a.passages}</td></tr>' for a in articles)
    head = f'<thead><tr><th>{escape(issue)}（{len(articles)} 篇）</th><th class="ev-num">段落</th></tr></thead>'
    return f"<table>{head}<tbody>{rows}</tbody></table>"


def _built_at(stamp: str | None) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M %Z").strip() if stamp else "未知"
    except ValueError:
        return stamp


LOADING = '<div class="ev-collection">正在加载模型与索引……</div>'

# The styles of the classes above; app.py hands them to Gradio.
CSS = """
.ev-reply { display: flex; flex-direction: column; gap: 10px; overflow-wrap: anywhere; }
.ev-summary { color: var(--body-text-color-subdued); font-size: 0.9em; }
.ev-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
           background: var(--background-fill-primary); }
.ev-head { display: flex; align-items: baseline; gap: 8px; font-size: 0.88em; color: var(--body-text-color-subdued);
           margin-bottom: 6px; }
.ev-n { font-weight: 700; color: var(--body-text-color); }
.ev-source { flex: 1; }
.ev-rel { white-space: nowrap; border-radius: 10px; padding: 0 8px; font-size: 0.9em; }
.ev-rel-high { background: #dcfce7; color: #166534; }
.ev-rel-medium { background: #fef9c3; color: #854d0e; }
.ev-rel-low, .ev-rel-weak { background: #f3f4f6; color: #4b5563; }
.ev-section { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 4px; }
.ev-text { line-height: 1.75; }
.ev-text mark, .ev-ctx mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.ev-best { font-weight: 600; text-decoration: underline; text-decoration-color: #f59e0b;
           text-underline-offset: 4px; }
.ev-context, .ev-weak { margin-top: 6px; }
.ev-context summary, .ev-weak summary { cursor: pointer; color: var(--link-text-color); font-size: 0.9em; }
.ev-ctx { font-size: 0.9em; line-height: 1.7; color: var(--body-text-color-subdued); margin: 6px 0;
          padding-left: 8px; border-left: 3px solid var(--border-color-primary); }
.ev-ctx.ev-here { color: var(--body-text-color); border-left-color: #f59e0b; }
.ev-ctx-label { font-weight: 600; margin-right: 6px; }
.ev-not-found-note { font-weight: 700; padding: 8px 12px; border-radius: 8px; background: #fef2f2; color: #991b1b;
                     border: 1px solid #fecaca; }
.ev-not-found-why { font-size: 0.9em; margin: 6px 2px; color: var(--body-text-color-subdued); }
.ev-weak .ev-card { opacity: 0.85; margin-top: 8px; }
.ev-error { color: #991b1b; }
.ev-notice { font-size: 0.9em; padding: 6px 10px; border-radius: 8px; background: #fffbeb; color: #92400e; }
.ev-collection { font-size: 0.9em; }
.ev-collection table { width: 100%; border-collapse: collapse; }
.ev-collection td, .ev-collection th { border-bottom: 1px solid var(--border-color-primary); padding: 3px 4px;
                                       text-align: left; vertical-align: top; }
.ev-num { text-align: right !important; white-space: nowrap; }
.ev-collection table + table { margin-top: 8px; }
"""
