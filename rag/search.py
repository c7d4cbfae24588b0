"""Searcher: the dense and keyword legs, their fusion, a sentence-level re-rank and the "not found" decision."""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from itertools import takewhile
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from .chunking import Passage
from .config import Settings
from .errors import IndexMissingError, QuestionError
from .evidence import Evidence, best_sentence, sentences_of
from .index import Index, load_index
from .answerable import judge

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # a longer question is searched by its first 500 characters (e5 reads 512 tokens at most)
# Terminal colour codes pasted with a question (their digits would read as a number asked for), control
# characters (NUL, line breaks) and lone surrogates: no meaning to search, and unprintable.
_UNPRINTABLE = re.compile(r"(?:\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f\ud800-\udfff])+")
# Fusion and re-rank weights, measured on the development questions (README: "What we tried").
DENSE_WEIGHT = 0.4  # share of the meaning (e5) leg against the keyword (BM25) leg
DENSE_WEIGHT_TRANSLATED = 0.7  # dictionary translations of an English question are a weaker keyword leg
COVERAGE_WEIGHT = 0.5  # bonus for a sentence that holds the question's rare words together
RERANK_DEPTH = 30  # how many fused candidates the sentence-level re-rank looks at
JUDGED = 5  # how many of the best passages the "not found" rule reads


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # final score: fused legs plus the sentence bonus (comparable within one question only)
    dense_score: float  # cosine similarity of passage and question (e5)
    keyword_score: float  # BM25 of the question's keywords in the passage
    coverage: float = 0.0  # share of the question's keyword weight in the best sentence, 0..1
    best_sentence: str = ""  # the passage's sentence that best answers the question ("" if none stands out)
    relevance: str = "low"  # "high", "medium" or "low": what the reader is told, instead of a raw score


@dataclass(frozen=True)
class SearchResult:
    question: str
    hits: list[Hit]
    no_answer: bool  # True when the collection holds no passage that answers the question
    keywords: list[str] = field(default_factory=list)  # the question's words to highlight in the passages
    why_not_found: str = ""  # when no_answer: which part of the rule fired (rag.answerable)
    notice: str = ""  # said to the reader above the passages, e.g. that a long question was cut


@dataclass(frozen=True)
class Question:
    text: str  # as the reader wrote it, made printable and cut to MAX_QUESTION_CHARS
    searched: str  # the same in simplified characters: what the legs look up (the collection is simplified)
    notice: str = ""  # "" or why the question was changed (cut)


def printable(text: str | None) -> str:
    """The text without control characters (each run becomes one space), trimmed."""
    return _UNPRINTABLE.sub(" ", text or "").strip()


def clean_question(question: str | None) -> Question:
    """The question as searched; QuestionError with a message for the reader when there is nothing to search."""
    text, notice = printable(question), ""
    if not text:
        raise QuestionError("请输入一个问题。(The question is empty.)")
    if len(text) > MAX_QUESTION_CHARS:
        notice = (f"问题较长（共 {len(text)} 字），只按前 {MAX_QUESTION_CHARS} 字检索。"
                  f"(The question has {len(text)} characters: only its first {MAX_QUESTION_CHARS} were searched.)")
        text = text[:MAX_QUESTION_CHARS].rstrip()
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("问题中没有文字或数字（只有标点、符号或表情），请用文字提问。"
                            "(The question holds no words to search for: only punctuation, symbols or emoji.)")
    return Question(text=text, searched=to_simplified(text), notice=notice)


@cache
def _traditional_to_simplified():
    import opencc  # OpenCC's phrase tables, not a character map: 頭髮 -> 头发, 乾隆 stays

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters (繁體) as simplified ones; simplified text, English and digits are left as they are."""
    return _traditional_to_simplified().convert(text)


def normalise_dense(cosine: np.ndarray) -> np.ndarray:
    """Cosines as standard scores over the whole collection, scaled so the best is 1.

    e5's cosines crowd into 0.8-0.95 for any question; how far a passage stands out from the rest of the
    collection is what carries the signal, and it puts the two legs on one scale.
    """
    z = (cosine - cosine.mean()) / (cosine.std() + 1e-9)
    return z / (z.max() + 1e-9)


def fuse(cosine: np.ndarray, bm25: np.ndarray, dense_weight: float = DENSE_WEIGHT) -> np.ndarray:
    """Convex combination of the normalised legs (BM25 scaled by its best score)."""
    keyword = bm25 / bm25.max() if bm25.max() > 0 else np.zeros_like(bm25)
    return dense_weight * normalise_dense(cosine) + (1 - dense_weight) * keyword


class Searcher:
    """Answers questions from one loaded index with one embedder; the chat and the scripts share it."""

    def __init__(self, index: Index, embedder):
        self.index = index
        self.embedder = embedder
        # Tokenizing the candidates' sentences is most of a search's time: do it once per passage.
        self._sentences = lru_cache(maxsize=20_000)(
            lambda row: sentences_of(self.passages[row].text, index.keywords.tokenizer.tokenize)
        )

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def search(self, question: str, k: int = 5, articles: Iterable[str] | None = None) -> SearchResult:
        """The k best passages for the question, optionally only from the named articles."""
        asked = clean_question(question)
        text = asked.searched
        keywords = self.index.keywords
        query = keywords.query(text)
        cosine = self.index.dense_scores(self.embedder.encode_queries([text])[0])
        bm25 = keywords.scores(query)
        fused = fuse(cosine, bm25, DENSE_WEIGHT_TRANSLATED if query.translated else DENSE_WEIGHT)
        allowed = self._rows_of_articles(articles)
        if allowed is not None:
            fused[~allowed] = -np.inf
        candidates = [int(r) for r in np.argsort(-fused, kind="stable")[:RERANK_DEPTH] if np.isfinite(fused[r])]
        idf = keywords.idf(list(query.weights))
        weights = {t: w * idf[t] for t, w in query.weights.items()}
        evidence = {r: best_sentence(self._sentences(r), weights) for r in candidates}
        final = {r: float(fused[r]) + COVERAGE_WEIGHT * evidence[r].coverage for r in candidates}
        ranked = sorted(candidates, key=lambda r: -final[r])
        verdict = judge(
            text, [self._sentences(r) for r in ranked[:JUDGED]], weights,
            any_keyword=bool(bm25.any()), chinese=not query.translated,
        )
        hits = [self._hit(r, final[r], cosine, bm25, evidence[r], n) for n, r in enumerate(ranked[: max(1, k)])]
        return SearchResult(
            question=asked.text, notice=asked.notice, hits=hits, no_answer=not (verdict.answerable and hits), keywords=query.highlights,
            why_not_found=verdict.reason or ("" if hits else "no passage in the chosen articles"),
        )

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> tuple[list[Passage], list[Passage]]:
        """The passages just before and after one passage in its article (passages are stored in reading order)."""
        row = self.index.row_of(passage_id)
        if row is None:
            return [], []
        p = self.passages[row]
        first = row - p.position
        same_article = list(takewhile(lambda q: (q.source, q.article_number) == (p.source, p.article_number), self.passages[row + 1:row + 1 + after]))
        return self.passages[max(first, row - before):row], same_article

    def _hit(self, row: int, score: float, cosine: np.ndarray, bm25: np.ndarray, evidence: Evidence, rank: int) -> Hit:
        return Hit(
            passage=self.passages[row], score=score, dense_score=float(cosine[row]), keyword_score=float(bm25[row]),
            coverage=evidence.coverage, best_sentence=evidence.sentence,
            relevance=_relevance(evidence.coverage, rank),
        )

    def _rows_of_articles(self, articles: Iterable[str] | None) -> np.ndarray | None:
        wanted = {a for a in (articles or []) if a}
        if not wanted:
            return None
        return np.array([p.article in wanted for p in self.passages], dtype=bool)


def _relevance(coverage: float, rank: int) -> str:
    """High when one sentence holds most of the question's keywords; medium when it holds a fair share."""
    if coverage >= 0.6:
        return "high"
    return "medium" if coverage >= 0.3 or rank == 0 else "low"


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
    _warn_if_stale(index, settings)
    return Searcher(index, embedder)


def _warn_if_stale(index: Index, settings: Settings) -> None:
    """Say so when the collection changed after the index was built: the maintainer forgot a rebuild."""
    from .build import changed_sources
    from .errors import CorpusError

    try:
        changed = changed_sources(index.manifest, settings.corpus_dir)
    except (CorpusError, OSError):
        return  # the collection folder may be gone: the index still answers
    if changed:
        log.warning("The collection changed since the index was built (%s): run `python -m rag.build` to include it.", ", ".join(changed[:5]))
