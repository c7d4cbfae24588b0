"""python -m bench.milvus: question latency with the legs in Milvus Lite beside the local store (FAISS + bm25s).

Both stores answer from the same build: the default collection is built once with RAG_STORE=milvus, which also
writes the local build folder. Each question is asked of both stores in turn (so both see the same machine
load), after one warm-up question each; the figures are the whole `Searcher.search` (question embedding,
both legs, sentence re-rank, not-found rule), p50 and p95 in milliseconds.

--synthetic N adds a collection of N synthetic passages, made without the model: each passage joins 2-3
random sentences of the default collection, and its vector is the normalised mean of those passages' vectors,
so texts and vectors look like the collection's without being copies. Same questions, same two stores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.questions import read_questions

PROJECT = Path(__file__).resolve().parent.parent


def _percentiles(ms: list[float]) -> dict:
    ranks = statistics.quantiles(ms, n=20)
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(ranks[-1], 1)}


def time_questions(searchers: dict, questions: list[str]) -> dict:
    """Per store: p50/p95 of the search time over the questions, asked of each store in turn, and the p50 of
    each leg alone (where the time goes)."""
    times = {name: {"search": [], "dense": [], "keywords": []} for name in searchers}
    for searcher in searchers.values():
        searcher.search(questions[0])  # warm-up: caches, first Milvus call
    for question in questions:
        vector = next(iter(searchers.values())).embedder.encode_queries([question])[0]
        for name, searcher in searchers.items():
            started = time.perf_counter()
            searcher.search(question, k=5)
            times[name]["search"].append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            searcher.index.dense_scores(vector)
            times[name]["dense"].append(1000 * (time.perf_counter() - started))
            query = searcher.index.keywords.query(question)
            started = time.perf_counter()
            searcher.index.keywords.scores(query)
            times[name]["keywords"].append(1000 * (time.perf_counter() - started))
    return {
        name: {**_percentiles(t["search"]), "dense_p50_ms": round(statistics.median(t["dense"]), 1), "keywords_p50_ms": round(statistics.median(t["keywords"]), 1)}
        for name, t in times.items()
    }


def open_both(settings, embedder) -> dict:
    """The local and the Milvus searcher over one build folder."""
    from rag.index import load_index
    from rag.milvus_store import attach_milvus
    from rag.search import Searcher

    index = load_index(settings.index_dir, embedder.model_id, embedder.dim)
    return {"local": Searcher(index, embedder), "milvus": Searcher(attach_milvus(index, settings, embedder.model_id), embedder)}


def build_synthetic(settings, source, n: int, embedder, seed: int = 0) -> float:
    """Write a synthetic collection of n passages into settings.index_dir (local folder and Milvus); seconds taken."""
    from rag.chunking import Passage, keyword_text
    from rag.dense import SentenceVectors
    from rag.index import write_index
    from rag.keywords import KeywordIndex, KeywordTokenizer
    from rag.milvus_store import MilvusStore, connect, manifest_entry, milvus_uri
    from rag.text import split_sentences

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    base = source.index.passages
    vectors = np.array(source.index.dense.vectors, dtype=np.float32)  # row i = passage i
    sentences = [(row, s) for row, p in enumerate(base) for s in split_sentences(p.text) if len(s) > 8]
    passages, synthetic, picked = [], np.zeros((n, vectors.shape[1]), dtype=np.float32), []
    for i in range(n):
        picks = [sentences[j] for j in rng.choice(len(sentences), size=rng.integers(2, 4), replace=False)]
        picked.append(picks)
        first = base[picks[0][0]]
        passages.append(Passage(
            id=f"{i:015x}", text="".join(s for _, s in picks), article=f"{first.article}（合成 {i // 20}）",
            issue="synthetic", paragraph=i % 20 + 1, paragraph_count=20, source="synthetic.txt",
            article_number=i // 20 + 1, position=i % 20,
        ))
        v = vectors[[row for row, _ in picks]].mean(axis=0)
        synthetic[i] = v / np.linalg.norm(v)
    texts = [keyword_text(p) for p in passages]
    tokenizer = KeywordTokenizer(source.index.keywords.tokenizer.phrases)
    keywords = KeywordIndex.build(texts, tokenizer)
    store = MilvusStore(connect(milvus_uri(settings)))
    collection = store.publish(passages, texts, synthetic, tokenizer.phrases, embedder.model_id)
    info = {"model": {"id": embedder.model_id, "dim": embedder.dim}, "milvus": manifest_entry(store, collection, synthetic)}
    # Each synthetic passage's sentence vectors: the vectors of the passages its sentences were drawn from.
    drawn = [vectors[[row for row, _ in picks]] for picks in picked]
    sentences = SentenceVectors.of_passages(np.vstack(drawn), [len(d) for d in drawn])
    write_index(settings.index_dir, passages, synthetic, sentences, keywords, info)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.milvus", description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="also time a synthetic collection of N passages (e.g. 100000)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)

    from rag.build import build_index
    from rag.config import Settings
    from rag.embedding import load_embedder

    settings = Settings(store="milvus")
    embedder = load_embedder(settings.model, settings.model_cache)
    questions = read_questions()
    report = {"questions": len(questions)}
    with tempfile.TemporaryDirectory() as folder:
        default = replace(settings, index_dir=Path(folder) / "default")
        summary = build_index(default, embedder=embedder, progress=False)
        searchers = open_both(default, embedder)
        report["default"] = {"passages": summary.passages, **time_questions(searchers, questions)}
        if args.synthetic:
            synthetic = replace(settings, index_dir=Path(folder) / "synthetic")
            seconds = build_synthetic(synthetic, searchers["local"], args.synthetic, embedder)
            report["synthetic"] = {"passages": args.synthetic, "build_seconds": round(seconds, 1), **time_questions(open_both(synthetic, embedder), questions)}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"question latency, {report['questions']} questions, whole search (Milvus Lite vs local FAISS + bm25s):")
    for name in ("default", "synthetic"):
        if name in report:
            r = report[name]
            ratio = r["milvus"]["p50_ms"] / r["local"]["p50_ms"]
            print(f"  {name:<9} {r['passages']:>7} passages: local p50 {r['local']['p50_ms']:.1f} ms, p95 {r['local']['p95_ms']:.1f} ms; "
                  f"milvus p50 {r['milvus']['p50_ms']:.1f} ms, p95 {r['milvus']['p95_ms']:.1f} ms (median x{ratio:.2f})")
            print("            legs alone, p50: " + "; ".join(
                f"{store} dense {r[store]['dense_p50_ms']:.1f} ms, keywords {r[store]['keywords_p50_ms']:.1f} ms" for store in ("local", "milvus")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
