"""python -m bench: build time, query latency and memory of the search, on the default collection.

Prints, in one run on this machine:
- the wall time of `python -m rag.build` into a fresh folder (imports, model load and build included), and of
  the build itself in-process (the model already loaded), each the median of --builds runs;
- the in-process search time over the dev and held-out questions: first question (cold caches), median, p90;
- the peak resident memory of the search process.
The embedded model must have been converted once before (any earlier build or test run does it).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
QUESTION_SETS = [PROJECT.parent / "shared" / "eval" / "dev.jsonl", PROJECT / "bench" / "heldout.jsonl"]


def _questions() -> list[str]:
    return [json.loads(line)["question"] for path in QUESTION_SETS if path.exists() for line in path.open(encoding="utf-8") if line.strip()]


def time_build_command(runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "rag.build", "-q", "--index-dir", folder], check=True, cwd=PROJECT, stdout=subprocess.DEVNULL)
            seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=3, help="how many builds to time (default 3)")
    args = parser.parse_args(argv)

    from rag.build import build_index
    from rag.config import Settings
    from rag.index import load_index
    from rag.search import Searcher

    command = time_build_command(args.builds)
    settings = Settings()
    started = time.perf_counter()
    from rag.embedding import load_embedder

    embedder = load_embedder(settings.model, settings.model_cache)
    load_seconds = time.perf_counter() - started
    in_process = []
    with tempfile.TemporaryDirectory() as folder:
        built = replace(settings, index_dir=Path(folder))
        for _ in range(args.builds):
            summary = build_index(built, embedder=embedder, progress=False)
            in_process.append(summary.seconds)
        searcher = Searcher(load_index(built.index_dir, embedder.model_id, embedder.dim), embedder)
        questions = _questions()
        timings = []
        for question in questions:
            started = time.perf_counter()
            searcher.search(question, k=5)
            timings.append(1000 * (time.perf_counter() - started))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"collection: {summary.articles} articles, {summary.passages} passages")
    print(f"build, `python -m rag.build` wall time: median {statistics.median(command):.1f} s  (runs: {', '.join(f'{s:.1f}' for s in command)})")
    print(f"build, in-process (model loaded):     median {statistics.median(in_process):.1f} s  (runs: {', '.join(f'{s:.1f}' for s in in_process)})")
    print(f"model load: {load_seconds:.1f} s")
    quantiles = statistics.quantiles(timings[1:], n=10)
    print(f"search, {len(timings)} questions in-process: first {timings[0]:.1f} ms, median {statistics.median(timings):.1f} ms, p90 {quantiles[-1]:.1f} ms")
    print(f"peak memory (RSS) of this process: {peak_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
