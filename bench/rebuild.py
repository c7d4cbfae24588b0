"""python -m bench.rebuild: the rebuild targets of the collection's life, on a copy of the default collection.

Prints, each from a `python -m rag.build` process of its own (imports and model loading included in "wall"):
- a full build, a rebuild with no change (and, apart, how long loading the model takes), and a rebuild after
  one changed article (how many passages it embedded);
- with --kills N: N builds killed with SIGKILL at random points while running, and how many left an index
  that won't load.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def run_build(corpus: Path, index: Path, *options: str) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rag.build", "-q", "--json", "--corpus-dir", str(corpus), "--index-dir", str(index), *options],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - started, json.loads(done.stdout)


def model_load_seconds() -> float:
    """Importing torch and loading the embedded model, in a fresh process (what a rebuild that embeds pays)."""
    code = (
        "import time; t = time.perf_counter(); from rag.config import Settings; from rag.embedding import load_embedder; "
        "s = Settings(); load_embedder(s.model, s.model_cache).model; print(time.perf_counter() - t)"
    )
    return float(subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True).stdout)


def change_one_article(corpus: Path) -> None:
    """Add a sentence to one paragraph of the middle article of the first file."""
    path = sorted(corpus.glob("*.txt"))[0]
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    middle = len(blocks) // 2
    blocks[middle] += "这是重建测试时新增的一句话。"
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def killed_builds(corpus: Path, index: Path, kills: int, longest: float, seed: int) -> tuple[int, int]:
    """Builds (each embedding one new file) killed at random points, until `kills` of them were killed while
    still running (at most 3 x kills tries); returns (how many left an index that does not load, tries)."""
    from rag.config import Settings
    from rag.errors import RagError
    from rag.index import load_index, published_build

    rng, broken, interrupted, tries = random.Random(seed), 0, 0, 0
    while interrupted < kills and tries < 3 * kills:
        (corpus / f"kill-{tries}.txt").write_text(f"第{tries}号补充通知\n\n这是第{tries}次重建时新增的一段正文，用来让这次重建必须计算新的向量。", encoding="utf-8")
        tries += 1
        before = published_build(index)
        process = subprocess.Popen([sys.executable, "-m", "rag.build", "-q", "--corpus-dir", str(corpus), "--index-dir", str(index)],
                                   cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        at = rng.uniform(0.1, longest)
        time.sleep(at)
        running = process.poll() is None
        interrupted += running
        process.send_signal(signal.SIGKILL)
        process.wait()
        try:
            load_index(index, Settings().model)
            state = "the previous index loads" if published_build(index) == before else "the new index loads"
        except RagError as err:
            broken += 1
            state = f"BROKEN: {err}"
        print(f"  kill {tries} at {at:.1f} s ({'mid-build' if running else 'after it ended'}): {state}", flush=True)
    return broken, tries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=0, help="also kill this many builds at random points (default 0)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        corpus, index = Path(folder) / "corpus", Path(folder) / "index"
        shutil.copytree(PROJECT / "corpus", corpus)
        full_wall, full = run_build(corpus, index, "--full")
        print(f"full build:            {full_wall:6.1f} s wall ({full['seconds']:.1f} s in the build), {full['embedded']} passages embedded", flush=True)
        same_wall, same = run_build(corpus, index)
        print(f"no-change rebuild:     {same_wall:6.1f} s wall ({same['seconds']:.1f} s in the build), {same['embedded']} embedded, {same['reused']} reused", flush=True)
        print(f"model loading alone:   {model_load_seconds():6.1f} s (not needed by the rebuild above)", flush=True)
        change_one_article(corpus)
        one_wall, one = run_build(corpus, index)
        print(f"one changed article:   {one_wall:6.1f} s wall ({one['seconds']:.1f} s in the build), {one['embedded']} embedded, "
              f"{one['reused']} reused, {one['removed']} removed; {one_wall / full_wall:.0%} of the full build's wall time", flush=True)
        if args.kills:
            broken, tries = killed_builds(corpus, index, args.kills, one_wall, args.seed)
            after_wall, after = run_build(corpus, index)
            print(f"SIGKILL of {args.kills} running builds at random points ({tries} tries): {broken} left a broken index; "
                  f"the next build: {after['embedded']} embedded in {after_wall:.1f} s")
            return 1 if broken else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
