"""python -m bench: speed and memory of the search, measured against the model's own encoding time.

Prints, in one run on this machine (see bench/README.md for what each figure means and the targets):
- question latency in-process on the default collection, median and p95 per stage (encoding, dense search,
  keyword search, fusion, the rest) and the ratio of the whole to encoding the question alone;
- the same on synthetic collections of 10k and 100k passages (bench/synthetic.py), and the approximate dense
  index's recall@10 against exact search, on the 100k collection and on real embeddings of the collection;
- build throughput against raw encoding of the same passages, and a no-change rebuild (`python -m rag.build`
  twice on one folder; the second run counts);
- cold start (`python app.py` to the first question answered through gradio_client) and the server's peak RSS.
`--json` ends the output with one JSON object of the figures; `--quick` measures the default collection only.
The embedded model must have been converted once before (any earlier build or test run does it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.questions import question_files, read_questions

PROJECT = Path(__file__).resolve().parent.parent
STAGES = ("encode", "dense", "keywords", "fusion", "rest", "total")
SIZES = (10_000, 100_000)


def load_questions(limit: int | None) -> list[str]:
    questions = read_questions()
    return questions[:limit] if limit else questions


def percentiles(values: list[float]) -> dict[str, float]:
    return {"p50": round(float(np.percentile(values, 50)), 2), "p95": round(float(np.percentile(values, 95)), 2)}


def time_questions(searcher, questions: list[str]) -> dict:
    """Each question once (after a short warm-up): the searcher's stage timings, and the encoding alone."""
    for question in questions[:3]:
        searcher.search(question)
    stages: dict[str, list[float]] = {stage: [] for stage in STAGES}
    encode_alone = []
    for question in questions:
        started = time.perf_counter()
        searcher.embedder.encode_queries([question])
        encode_alone.append(1000 * (time.perf_counter() - started))
        timings = searcher.search(question).timings
        for stage in STAGES:
            stages[stage].append(timings[stage])
    figures = {stage: percentiles(values) for stage, values in stages.items()}
    figures["encode_alone"] = percentiles(encode_alone)
    figures["ratio_to_encode"] = round(figures["total"]["p50"] / figures["encode_alone"]["p50"], 2)
    figures["questions"] = len(questions)
    return figures


def print_latency(title: str, figures: dict) -> None:
    print(f"\n{title}: {figures['questions']} questions, ms (median / p95)")
    for stage in (*STAGES, "encode_alone"):
        print(f"  {stage:<13} {figures[stage]['p50']:8.2f} / {figures[stage]['p95']:8.2f}")
    print(f"  whole / encoding alone (medians): {figures['ratio_to_encode']:.2f}x")


def measure_build(settings, embedder, rounds: int) -> dict:
    """Full builds in-process (model loaded) against encoding the same texts raw with the same model (each
    passage's and its sentences', as a build embeds them), alternately, after a warm-up; the fastest of each (the
    machine is shared: the minimum is least disturbed)."""
    from rag.build import build_index
    from rag.chunking import chunk_articles, embedded_sentences, embedded_text
    from rag.corpus import load_collection

    passages = chunk_articles(load_collection(settings.corpus_dir).articles)
    texts = [embedded_text(p) for p in passages] + [t for p in passages for t in embedded_sentences(p)]
    embedder.encode_passages(texts[:32])  # the first batch pays for torch's lazy set-up
    builds, raws = [], []
    for _ in range(rounds):
        builds.append(build_index(settings, embedder=embedder, progress=False, full=True).seconds)  # every passage embedded
        started = time.perf_counter()
        embedder.encode_passages(texts)  # the model's encode_document, batch 32: what any build must pay
        raws.append(time.perf_counter() - started)
    build, raw = min(builds), min(raws)
    return {
        "passages": len(passages), "texts": len(texts), "build_s": round(build, 2), "raw_encode_s": round(raw, 2),
        "build_passages_per_s": round(len(passages) / build, 1), "raw_passages_per_s": round(len(passages) / raw, 1),
        "ratio_to_raw_encode": round(raw / build, 3), "rounds": rounds,
    }


def measure_rebuild(index_dir: Path) -> dict:
    """`python -m rag.build` twice in a row on a built folder: the second run finds nothing changed."""
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rag.build", "-q", "--index-dir", str(index_dir)], check=True, cwd=PROJECT, stdout=subprocess.DEVNULL)
        runs.append(round(time.perf_counter() - started, 2))
    return {"runs_s": runs, "nochange_rebuild_s": runs[-1]}


def measure_synthetic(embedder, real_passages, questions: list[str], sizes) -> dict:
    from bench.synthetic import real_texts, recall_at, synthetic_index, text_vectors
    from rag.dense import DenseIndex
    from rag.index import load_index
    from rag.search import Searcher

    queries = embedder.encode_queries(questions)
    results = {}
    for size in sizes:
        started = time.perf_counter()
        folder = synthetic_index(embedder, real_passages, size)
        made = time.perf_counter() - started
        started = time.perf_counter()
        index = load_index(folder, embedder.model_id, embedder.dim)
        loaded = time.perf_counter() - started
        figures = time_questions(Searcher(index, embedder), questions)
        figures.update(size=size, exact=index.dense.exact, ready_s=round(made, 1), load_s=round(loaded, 2))
        if not index.dense.exact:
            figures["recall_at_10"] = round(recall_at(index.dense, queries), 4)
        results[size] = figures
    # The approximate index on real embeddings: every distinct sentence, clause and passage of the collection.
    sentences, clauses = real_texts(real_passages)
    vectors = text_vectors(embedder, sentences + clauses + [p.text for p in real_passages])
    results["real_recall_at_10"] = {"vectors": len(vectors), "recall": round(recall_at(DenseIndex.build(vectors, exact_limit=0), queries), 4)}
    return results


def measure_serving(index_dir: Path, questions: list[str]) -> dict:
    """`python app.py` on a free port: seconds to the first answer through gradio_client, and peak RSS."""
    import os
    import threading

    import psutil
    from gradio_client import Client

    from bench.load import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, RAG_INDEX_DIR=str(index_dir))
    started = time.perf_counter()
    app = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, done = [0], threading.Event()

    def sample() -> None:  # the server's resident memory (with any children) every 20 ms
        process = psutil.Process(app.pid)
        while not done.is_set():
            try:
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]))
            except psutil.NoSuchProcess:
                return
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    try:
        while True:
            try:
                client = Client(url, verbose=False)
                break
            except Exception:  # not serving yet  # noqa: BLE001
                if app.poll() is not None or time.perf_counter() - started > 300:
                    raise RuntimeError(f"python app.py did not serve on {url} (exit code {app.poll()})")
                time.sleep(0.1)
        client.predict(questions[0], [], 5, [], api_name="/ask")
        cold = time.perf_counter() - started
        answers = []
        for question in questions[1:]:
            asked = time.perf_counter()
            client.predict(question, [], 5, [], api_name="/ask")
            answers.append(1000 * (time.perf_counter() - asked))
    finally:
        done.set()
        app.terminate()
        app.wait(timeout=30)
    return {"cold_start_s": round(cold, 2), "serving_rss_mb": round(peak[0] / 2**20, 1), "answers": len(answers), "answer_ms": percentiles(answers)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON object of all the figures")
    parser.add_argument("--quick", action="store_true", help="the default collection only: no synthetic collections, rebuild or cold start")
    parser.add_argument("--index-dir", type=Path, help="time questions on this built index instead of building one (no build figures)")
    parser.add_argument("--questions", type=int, help="use only the first N questions of the question sets")
    parser.add_argument("--build-rounds", type=int, default=2, help="builds and raw encodings to time, alternately (default 2)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic collection sizes (default 10000,100000)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is measured, also into a file

    from rag.config import Settings
    from rag.embedding import load_embedder
    from rag.index import load_index
    from rag.search import Searcher

    questions = load_questions(args.questions)
    if len(questions) < 4:
        parser.error(f"need at least 4 questions, found {len(questions)} in {[str(p) for p in question_files()]}")
    figures: dict = {}
    started = time.perf_counter()
    embedder = load_embedder(Settings().model, Settings().model_cache)
    embedder.model  # the passage model too (the chat alone never loads it): what a build that embeds pays
    figures["model_load_s"] = round(time.perf_counter() - started, 2)
    print(f"model load: {figures['model_load_s']} s; questions: {len(questions)} from {', '.join(p.name for p in question_files())}")
    with tempfile.TemporaryDirectory(prefix="bench-index-") as scratch:
        settings = replace(Settings(), index_dir=args.index_dir or Path(scratch))
        if args.index_dir is None:
            figures["build"] = measure_build(settings, embedder, 1 if args.quick else args.build_rounds)
            b = figures["build"]
            print(f"\nbuild of {b['passages']} passages ({b['texts']} texts with their sentences) in-process (fastest of {b['rounds']}): "
                  f"{b['build_s']} s ({b['build_passages_per_s']} passages/s); "
                  f"raw encoding of the same texts: {b['raw_encode_s']} s ({b['raw_passages_per_s']} passages/s); ratio {b['ratio_to_raw_encode']}")
        index = load_index(settings.index_dir, embedder.model_id, embedder.dim)
        figures["default"] = time_questions(Searcher(index, embedder), questions)
        print_latency(f"default collection ({len(index.passages)} passages)", figures["default"])
        if not args.quick:
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
            figures["synthetic"] = measure_synthetic(embedder, index.passages, questions, sizes)
            for size in sizes:
                s = figures["synthetic"][size]
                kind = "exact" if s["exact"] else f"approximate, recall@10 {s['recall_at_10']}"
                print_latency(f"synthetic {size} passages (dense {kind}; made in {s['ready_s']} s, loaded in {s['load_s']} s)", s)
            real = figures["synthetic"]["real_recall_at_10"]
            print(f"\napproximate dense index on {real['vectors']} real embeddings of the collection: recall@10 {real['recall']}")
            figures["rebuild"] = measure_rebuild(settings.index_dir)
            print(f"\n`python -m rag.build` twice on one folder: {figures['rebuild']['runs_s']} s; no-change rebuild {figures['rebuild']['nochange_rebuild_s']} s (model load in-process {figures['model_load_s']} s)")
            figures["serving"] = measure_serving(settings.index_dir, questions[:20])
            s = figures["serving"]
            print(f"\n`python app.py` to the first answer: {s['cold_start_s']} s; peak RSS while serving {s['serving_rss_mb']} MB; "
                  f"{s['answers']} more answers through gradio_client, median {s['answer_ms']['p50']} ms")
    if args.json:
        print(json.dumps(summary(figures)))
    return 0


def summary(figures: dict) -> dict:
    """The headline figures (None for what was not measured), then everything measured."""
    default, synthetic = figures["default"], figures.get("synthetic", {})
    largest = synthetic.get(100_000, {})
    return {
        "query_p50_ms": default["total"]["p50"],
        "query_p95_ms": default["total"]["p95"],
        "encode_p50_ms": default["encode_alone"]["p50"],
        "ratio_query_to_encode": default["ratio_to_encode"],
        "p50_ms_100k": largest.get("total", {}).get("p50"),
        "p95_ms_100k": largest.get("total", {}).get("p95"),
        "recall_at_10_100k": largest.get("recall_at_10"),
        "recall_at_10_real": synthetic.get("real_recall_at_10", {}).get("recall"),
        "build_ratio_to_raw_encode": figures.get("build", {}).get("ratio_to_raw_encode"),
        "nochange_rebuild_s": figures.get("rebuild", {}).get("nochange_rebuild_s"),
        "model_load_s": figures["model_load_s"],
        "cold_start_s": figures.get("serving", {}).get("cold_start_s"),
        "serving_rss_mb": figures.get("serving", {}).get("serving_rss_mb"),
        "details": {k: v for k, v in figures.items() if k != "synthetic"} | {"synthetic": {str(k): v for k, v in synthetic.items()}},
    }


if __name__ == "__main__":
    sys.exit(main())
