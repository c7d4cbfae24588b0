"""Where a passage meets the question: the spans of its keywords (no HTML)."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator

Span = tuple[int, int]  # [start, end) in the passage's own text

_ASCII_ALNUM = re.compile(r"[0-9a-z]")


def _folded(text: str) -> tuple[str, list[int]]:
    """The text in the keywords' form (NFKC, lower case), and for each of its characters the raw index it came from."""
    folded, origin = [], []
    for i, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).lower():
            folded.append(piece)
            origin.append(i)
    return "".join(folded), origin


def _whole_word(folded: str, start: int, end: int) -> bool:
    # "plan" must not light up inside "planning", nor "20" inside "2023"; Chinese has no word boundaries to check.
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    open_start = not (_ASCII_ALNUM.match(folded[start]) and before and _ASCII_ALNUM.match(before))
    open_end = not (_ASCII_ALNUM.match(folded[end - 1]) and after and _ASCII_ALNUM.match(after))
    return open_start and open_end


def keyword_matches(text: str, keywords: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, keyword) of each place in the raw text a keyword occurs, in text order; longer keywords win
    where occurrences overlap, so 中国 inside a marked 中国式现代化 does not count again."""
    folded, origin = _folded(text)
    taken = [False] * len(text)
    matches = []
    for keyword in sorted({k for k in keywords if k}, key=lambda k: (-len(k), k)):
        for start, end in _occurrences(folded, keyword):
            raw_start, raw_end = origin[start], origin[end - 1] + 1
            if not any(taken[raw_start:raw_end]):
                taken[raw_start:raw_end] = [True] * (raw_end - raw_start)
                matches.append((raw_start, raw_end, keyword))
    return sorted(matches)


def keyword_spans(text: str, keywords: Iterable[str]) -> list[Span]:
    """Spans of the raw text to mark: the keyword matches, touching ones merged."""
    spans: list[Span] = []
    for start, end, _ in keyword_matches(text, keywords):
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _occurrences(folded: str, keyword: str) -> Iterator[Span]:
    start = folded.find(keyword)
    while start >= 0:
        if _whole_word(folded, start, start + len(keyword)):
            yield start, start + len(keyword)
        start = folded.find(keyword, start + 1)
