"""The dense (meaning) leg: the passages' vectors in FAISS, and every passage's cosine to a question.

Up to EXACT_LIMIT passages the cosines are exact: one matrix-vector product over the float32 vectors (a few
ms at 20k passages on 2 cores). Above it the build makes an approximate index (HNSW) instead, which finds the
CANDIDATES nearest passages in about a millisecond; those, and any rows the caller names (the keyword leg's
best), get their exact cosine; every other passage gets the exact mean cosine of those others (the cosines of
all passages sum to the question times the sum of the vectors). The collection's mean cosine is then exact,
and it is all the searcher's standard scores use besides the best cosine (rag.search.normalise_dense), so the
found passages are scored exactly as by the exact search.
The file is FAISS's own format (faiss.write_index), never a pickle.

A question often asks about one sentence of a long passage, whose vector the passage's other sentences dilute:
each passage's sentences are embedded too (SentenceVectors), and a passage's cosine is blended with its best
sentence's (SENTENCE_SHARE).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

FILE = "dense.faiss"
EXACT_LIMIT = 20_000  # exact scans: 10k ~3 ms, 100k ~32 ms here, half the 60 ms budget (bench/README.md)
CANDIDATES = 200  # passages the approximate index returns per question
HNSW_LINKS = 32  # graph neighbours per vector (FAISS's M)
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512  # breadth of the graph search: recall@10 0.996 against exact search at 100k (bench/README.md)
# A passage's cosine is (1 - SENTENCE_SHARE) × its own + SENTENCE_SHARE × its best sentence's. Measured on every
# read set (2,073 answerable questions): hit@1 0.833 → 0.842 at 0.3, 0.846 at 0.5, 0.845 at 0.7; dev 0.870 → 0.907
# from 0.4 to 0.6; the unread sets' figures agree (README: "What we tried").
SENTENCE_SHARE = 0.5


class DenseIndex:
    """Passage vectors (row i = passage i, L2-normalised) and their cosine similarity to a question."""

    def __init__(self, faiss_index):
        import faiss

        self._faiss = faiss_index  # owns the memory `vectors` views
        self.exact = not isinstance(faiss_index, faiss.IndexHNSW)
        if isinstance(faiss_index, faiss.IndexIDMap):  # an index built before rag/dense.py: ids in row order
            flat = faiss.downcast_index(faiss_index.index)
        else:
            flat = faiss_index if self.exact else faiss.downcast_index(faiss_index.storage)
        n, d = faiss_index.ntotal, faiss_index.d
        # A read-only view of FAISS's own copy of the vectors: no second copy in memory.
        self.vectors = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d) if n else np.zeros((0, d), np.float32)
        self.vectors.flags.writeable = False
        if not self.exact:
            faiss_index.hnsw.efSearch = HNSW_EF_SEARCH
            self._sum = self.vectors.sum(axis=0, dtype=np.float64)

    @property
    def ntotal(self) -> int:
        return self._faiss.ntotal

    @property
    def d(self) -> int:
        return self._faiss.d

    @classmethod
    def build(cls, vectors: np.ndarray, exact_limit: int | None = None) -> "DenseIndex":
        """An exact (flat) index up to exact_limit (default EXACT_LIMIT) vectors, an approximate (HNSW) one above."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        d = vectors.shape[1]
        if len(vectors) <= (EXACT_LIMIT if exact_limit is None else exact_limit):
            index = faiss.IndexFlatIP(d)
        else:
            index = faiss.IndexHNSWFlat(d, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        if len(vectors):
            index.add(vectors)
        return cls(index)

    def save(self, folder: Path) -> None:
        import faiss

        faiss.write_index(self._faiss, str(Path(folder) / FILE))

    @classmethod
    def load(cls, folder: Path) -> "DenseIndex":
        import faiss

        return cls(faiss.read_index(str(Path(folder) / FILE)))

    def scores(self, query: np.ndarray, also: np.ndarray | None = None) -> np.ndarray:
        """Cosine of every passage (by row) to the normalised query vector; see the module's note for large
        collections, where only the nearest passages and the rows in `also` get their own cosine."""
        return self.scored(query, also)[0]

    def scored(self, query: np.ndarray, also: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """As `scores`, with the rows whose own cosine was computed (None: all of them, an exact index)."""
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if self.exact:
            return self.vectors @ query, None
        rows = self.nearest(query, CANDIDATES)
        if also is not None and len(also):
            rows = np.union1d(rows, also)
        cosine = self.vectors[rows] @ query
        out = np.full(self.ntotal, mean_of_others(self._sum, query, cosine, self.ntotal), dtype=np.float32)
        out[rows] = cosine
        return out, rows

    def nearest(self, query: np.ndarray, k: int) -> np.ndarray:
        """Rows of the k passages nearest the query, nearest first (from the approximate index when there is one)."""
        query = np.asarray(query, dtype=np.float32).reshape(1, -1)
        k = min(k, self.ntotal)
        if self.exact:
            return best_rows(self.vectors @ query[0], k)
        _, rows = self._faiss.search(query, k)
        return rows[0][rows[0] >= 0]


@dataclass(frozen=True)
class SentenceVectors:
    """Every passage's sentences' vectors (L2-normalised, in passage order) and the passage row of each."""

    vectors: np.ndarray  # (sentences, d) float32
    rows: np.ndarray  # (sentences,) int: non-decreasing, each passage row at least once

    def __post_init__(self):
        rows = np.asarray(self.rows)
        steps = np.diff(rows)
        if len(rows) != len(self.vectors) or not len(rows) or rows[0] != 0 or np.any((steps < 0) | (steps > 1)):
            raise ValueError("sentence rows are not every passage's, in order")
        starts = np.flatnonzero(np.r_[True, steps > 0])  # where each passage's sentences begin
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_lengths", np.diff(np.r_[starts, len(rows)]))

    @classmethod
    def of_passages(cls, vectors: np.ndarray, counts: list[int]) -> "SentenceVectors":
        """The vectors of each passage's sentences, stacked in passage order, and how many each passage has."""
        return cls(vectors, np.repeat(np.arange(len(counts)), counts))

    @property
    def passages(self) -> int:
        return int(self.rows[-1]) + 1

    def blend(self, cosine: np.ndarray, query: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The passages' cosines blended with their best sentence's (SENTENCE_SHARE).

        `rows`: the passages whose own cosine is known (a large or remote store's nearest; None: all). Up to
        EXACT_LIMIT sentences every passage's best sentence is read anyway (a few ms), so the blended array's
        mean stays the collection's, which the standard scores read (rag.search.normalise_dense); above it only
        `rows` are blended, the others keep the estimate they were given.
        """
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if rows is None or len(self.vectors) <= EXACT_LIMIT:
            best = np.maximum.reduceat(self.vectors @ query, self._starts)
            return ((1 - SENTENCE_SHARE) * cosine + SENTENCE_SHARE * best).astype(np.float32)
        rows = np.asarray(rows, dtype=np.int64)
        out = cosine.copy()
        if not len(rows):
            return out
        lengths = self._lengths[rows]
        offsets = np.r_[0, np.cumsum(lengths)[:-1]]  # where each row's sentences begin among those gathered
        gathered = np.repeat(self._starts[rows] - offsets, lengths) + np.arange(lengths.sum())
        best = np.maximum.reduceat(self.vectors[gathered] @ query, offsets)
        out[rows] = (1 - SENTENCE_SHARE) * cosine[rows] + SENTENCE_SHARE * best
        return out


def mean_of_others(vector_sum: np.ndarray, query: np.ndarray, found: np.ndarray, total: int) -> float:
    """The exact mean cosine of the `total - len(found)` passages whose cosines were not computed: all `total`
    cosines sum to the query times the sum of the passages' vectors."""
    others = total - len(found)
    if others <= 0:
        return 0.0
    return (float(vector_sum @ query) - float(np.sum(found, dtype=np.float64))) / others


def best_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the k highest scores, best first, ties by row (a full sort of 100k scores costs ~20 ms)."""
    if len(scores) > k:
        top = np.argpartition(-scores, k - 1)[:k]
        return top[np.lexsort((top, -scores[top]))]
    return np.argsort(-scores, kind="stable")[:k]
