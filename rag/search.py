"""Searcher: the dense and keyword legs, their fusion, and the "not found" decision -> ranked hits."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable

from .chunking import Passage
from .config import Settings
from .errors import IndexMissingError, QuestionError
from .index import Index, load_index
from .text import has_han

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
RRF_K = 60  # reciprocal rank fusion constant: the common default (Elasticsearch, Milvus, FastGPT)
CANDIDATES = 50  # how deep each leg looks before fusion


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused score: sum of 1 / (RRF_K + rank) over the legs that found the passage
    dense_score: float | None = None  # cosine similarity to the question
    keyword_score: float | None = None  # BM25
    relevance: str = "low"  # "high", "medium" or "low": what the reader is told, instead of a raw score


@dataclass(frozen=True)
class SearchResult:
    question: str
    hits: list[Hit]
    no_answer: bool  # True when the collection holds no passage that answers the question
    keywords: list[str] = field(default_factory=list)  # the question's words to highlight in the passages


def rrf(*rankings: list[tuple[int, float]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of ranked (key, score) lists -> (key, fused score), best first."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (key, _) in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def clean_question(question: str | None) -> str:
    """The question as searched; QuestionError with a message for the reader when it can't be."""
    text = (question or "").replace("\x00", "").strip()
    if not text:
        raise QuestionError("请输入一个问题。(The question is empty.)")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"问题太长（{len(text)} 字），请缩短到 {MAX_QUESTION_CHARS} 字以内。(The question is too long: at most {MAX_QUESTION_CHARS} characters.)")
    return text


class Searcher:
    """Answers questions from one loaded index with one embedder; the chat and the scripts share it."""

    def __init__(self, index: Index, embedder):
        self.index = index
        self.embedder = embedder

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def search(self, question: str, k: int = 5, articles: Iterable[str] | None = None) -> SearchResult:
        """The k best passages for the question, optionally only from the named articles."""
        text = clean_question(question)
        allowed = self._rows_of_articles(articles)
        query_vector = self.embedder.encode_queries([text])[0]
        dense = self._restrict(self.index.dense_search(query_vector, self._depth(allowed)), allowed)
        keyword = self._restrict(self.index.keywords.search(text, self._depth(allowed)), allowed)
        dense_ranks = {row: rank for rank, (row, _) in enumerate(dense[:CANDIDATES], start=1)}
        keyword_ranks = {row: rank for rank, (row, _) in enumerate(keyword[:CANDIDATES], start=1)}
        dense_scores, keyword_scores = dict(dense), dict(keyword)
        fused = rrf(dense[:CANDIDATES], keyword[:CANDIDATES])[: max(1, k)]
        hits = [
            Hit(self.passages[row], score, dense_scores.get(row), keyword_scores.get(row),
                _relevance(dense_ranks.get(row), keyword_ranks.get(row)))
            for row, score in fused
        ]
        return SearchResult(
            question=text, hits=hits, no_answer=self._no_answer(text, keyword),
            keywords=self.index.keywords.tokenizer.keywords(text),
        )

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> tuple[list[Passage], list[Passage]]:
        """The passages just before and after one passage in its article."""
        rows = {p.id: row for row, p in enumerate(self.passages)}
        row = rows.get(passage_id)
        if row is None:
            return [], []
        p = self.passages[row]
        same = [q for q in self.passages if q.source == p.source and q.article_number == p.article_number]
        return same[max(0, p.position - before):p.position], same[p.position + 1:p.position + 1 + after]

    def _depth(self, allowed: set[int] | None) -> int:
        # A filter may leave few passages among the nearest ones: look through all of them then.
        return len(self.passages) if allowed is not None else CANDIDATES

    def _rows_of_articles(self, articles: Iterable[str] | None) -> set[int] | None:
        wanted = {a for a in (articles or []) if a}
        if not wanted:
            return None
        return {row for row, p in enumerate(self.passages) if p.article in wanted}

    @staticmethod
    def _restrict(ranking: list[tuple[int, float]], allowed: set[int] | None) -> list[tuple[int, float]]:
        return ranking if allowed is None else [(r, s) for r, s in ranking if r in allowed]

    @staticmethod
    def _no_answer(question: str, keyword: list[tuple[int, float]]) -> bool:
        # First rule: a Chinese question none of whose words occurs in the collection is off its subject.
        # (Cosine similarity cannot tell: e5 scores unrelated questions as high as answerable ones.)
        return has_han(question) and not keyword


def _relevance(dense_rank: int | None, keyword_rank: int | None) -> str:
    """High when meaning and keywords both put the passage near the top; medium when both found it."""
    if dense_rank and keyword_rank:
        return "high" if max(dense_rank, keyword_rank) <= 3 else "medium"
    return "low"


def open_searcher(settings: Settings, build_if_missing: bool = False, progress: bool = True) -> Searcher:
    """The one way the chat and the scripts get a Searcher: load the model and the index (build it if asked)."""
    from .embedding import load_embedder

    embedder = load_embedder(settings.model, settings.model_cache)
    try:
        index = load_index(settings.index_dir, embedder.model_id, embedder.dim)
    except IndexMissingError:
        if not build_if_missing:
            raise
        from .build import build_index

        log.warning("No index in %s yet: building it from %s", settings.index_dir, settings.corpus_dir)
        summary = build_index(settings, embedder=embedder, progress=progress)
        log.warning("%s", summary)
        index = load_index(settings.index_dir, embedder.model_id, embedder.dim)
    return Searcher(index, embedder)
