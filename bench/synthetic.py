"""Synthetic collections of 10k / 100k passages, made from the default collection's own sentences.

What is real: every sentence of the collection and its e5 vector (the model's passage prompt), jieba tokens
and BM25 (bm25s), the FAISS index a build makes (rag/dense.py: approximate above EXACT_LIMIT), the index on
disk (rag.index.write_index / load_index) and the Searcher.
What is approximated, because embedding 100k passages takes about an hour on 2 cores: a synthetic passage is
SENTENCES_PER_PASSAGE sentences drawn at random (seeded); its vector is the normalised mean of its sentences'
vectors, its sentence vectors (rag/dense.py: SentenceVectors) are theirs, and its BM25 tokens are its sentences'
tokens (jieba runs once per distinct sentence).

Everything is cached under ~/.cache/xuexi-rag/bench/ (the real texts' vectors, and each synthetic index as a
normal index folder), keyed by the model and the collection's sentences, so only the first run pays. Making a
collection removes the cached ones of the same size that an older version (another key) made.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np

from rag.bilingual import LEXICON_VERSION
from rag.chunking import CHUNKER_VERSION, Passage
from rag.config import user_cache_dir
from rag.keywords import TOKENIZER_VERSION
from rag.text import split_sentences

GENERATOR = "v1"  # bump when the recipe below changes: the cached collections are then made again
SENTENCES_PER_PASSAGE = (3, 6)  # a synthetic passage holds 3 to 5 sentences (about 150-250 characters)
PASSAGES_PER_ARTICLE = 100
_CLAUSE_END = re.compile(r"(?<=[，、：；])")


def cache_dir() -> Path:
    return user_cache_dir() / "bench"


def real_texts(passages: list[Passage]) -> tuple[list[str], list[str]]:
    """The collection's distinct sentences, and its distinct clauses of 8 characters or more (real texts too)."""
    sentences = list(dict.fromkeys(s for p in passages for s in split_sentences(p.text) if s.strip()))
    clauses = list(dict.fromkeys(c for s in sentences for c in _CLAUSE_END.split(s) if len(c) >= 8 and c != s))
    return sentences, clauses


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def text_vectors(embedder, texts: list[str]) -> np.ndarray:
    """e5 vectors (passage prompt) of real texts, cached on disk by model and texts (np.save, no pickle)."""
    path = cache_dir() / f"vectors-{_key(embedder.model_id, *texts)}.npy"
    if path.is_file():
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape == (len(texts), embedder.dim):
            return vectors
    vectors = embedder.encode_passages(texts, show_progress=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors, allow_pickle=False)
    tmp.replace(path)
    return vectors


def synthetic_index(embedder, real_passages: list[Passage], size: int, seed: int = 0) -> Path:
    """The index folder of a synthetic collection of `size` passages (made on first use, then cached)."""
    from rag.dense import SentenceVectors
    from rag.index import write_index
    from rag.keywords import KeywordIndex, KeywordTokenizer, quoted_terms

    sentences, _ = real_texts(real_passages)
    # The index format's versions are part of the key: a cached index of an older one would not load.
    key = _key(GENERATOR, CHUNKER_VERSION, str(LEXICON_VERSION), TOKENIZER_VERSION, embedder.model_id, str(seed), *sentences)
    folder = cache_dir() / f"synthetic-{size}-{key}"
    if (folder / "CURRENT").is_file():
        return folder
    vectors = text_vectors(embedder, sentences)
    tokenizer = KeywordTokenizer(quoted_terms(p.text for p in real_passages))
    tokens = [tokenizer.tokenize(s) for s in sentences]
    rng = np.random.default_rng(seed)
    passages, passage_vectors, passage_tokens, drawn = [], np.empty((size, vectors.shape[1]), np.float32), [], []
    for row in range(size):
        chosen = rng.choice(len(sentences), size=rng.integers(*SENTENCES_PER_PASSAGE), replace=False)
        drawn.append(chosen)
        mean = vectors[chosen].mean(axis=0)
        passage_vectors[row] = mean / np.linalg.norm(mean)
        passage_tokens.append([t for i in chosen for t in tokens[i]])
        article, position = divmod(row, PASSAGES_PER_ARTICLE)
        passages.append(Passage(
            id=f"{row + 1:016x}", text="".join(sentences[i] for i in chosen), article=f"合成文章 {article + 1}",
            issue="合成资料", paragraph=position + 1, paragraph_count=PASSAGES_PER_ARTICLE, source="synthetic",
            article_number=article + 1, position=position,
        ))
    keywords = KeywordIndex.from_tokens(passage_tokens, tokenizer)
    info = {"model": {"id": embedder.model_id, "dim": embedder.dim}, "synthetic": {"size": size, "seed": seed, "generator": GENERATOR}}
    sentence_vectors = SentenceVectors.of_passages(vectors[np.concatenate(drawn)], [len(c) for c in drawn])
    write_index(folder, passages, passage_vectors, sentence_vectors, keywords, info)
    # Collections of this size made by an older version would never be read again: hundreds of MB each.
    for stale in cache_dir().glob(f"synthetic-{size}-*"):
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return folder


def recall_at(dense, queries: np.ndarray, k: int = 10) -> float:
    """Share of the exact k nearest passages that the dense index's own search finds, over the queries."""
    found = 0
    for query in queries:
        cosine = dense.vectors @ query
        exact = np.argpartition(-cosine, k - 1)[:k]
        found += len(set(exact.tolist()) & set(dense.nearest(query, k).tolist()))
    return found / (k * len(queries))
