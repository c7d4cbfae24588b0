"""python -m bench --quick: the benchmark runs and ends with its figures as one JSON object (the full run is not for CI)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
HEADLINE = {
    "query_p50_ms", "query_p95_ms", "encode_p50_ms", "ratio_query_to_encode", "p95_ms_100k", "build_ratio_to_raw_encode",
    "nochange_rebuild_s", "cold_start_s", "serving_rss_mb",
}


def test_quick_bench_prints_the_figures_as_one_json_object(built_settings):
    command = [sys.executable, "-m", "bench", "--json", "--quick", "--questions", "8", "--index-dir", str(built_settings.index_dir)]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    *report, last = done.stdout.strip().splitlines()
    figures = json.loads(last)
    assert HEADLINE <= figures.keys()
    stages = figures["details"]["default"]
    # The encoding is a stage of every search (the encoding alone is timed apart, so on a busy machine its median
    # may even exceed the whole's).
    assert 0 < stages["encode"]["p50"] <= figures["query_p50_ms"] <= figures["query_p95_ms"] and figures["encode_p50_ms"] > 0
    assert figures["ratio_query_to_encode"] == pytest.approx(figures["query_p50_ms"] / figures["encode_p50_ms"], rel=0.02)
    assert {"encode", "dense", "keywords", "fusion", "rest", "total"} <= stages.keys() and stages["questions"] == 8
    # --quick on a given index measures no build, no synthetic collection, no rebuild and no cold start
    assert figures["p95_ms_100k"] is None and figures["build_ratio_to_raw_encode"] is None and figures["cold_start_s"] is None
    assert any(line.startswith("default collection") for line in report)


def test_a_new_synthetic_collection_replaces_the_cached_ones_of_its_size(tmp_path, monkeypatch):
    from types import SimpleNamespace

    import numpy as np

    from bench import synthetic
    from rag.chunking import Passage

    # Only the cache's housekeeping is under test: the texts' vectors come from a seeded generator, not e5.
    monkeypatch.setattr(synthetic, "cache_dir", lambda: tmp_path)
    rng = np.random.default_rng(0)
    monkeypatch.setattr(synthetic, "text_vectors", lambda embedder, texts: rng.normal(size=(len(texts), 8)).astype(np.float32))
    stale, other_size = tmp_path / "synthetic-30-0123456789abcdef", tmp_path / "synthetic-300-0123456789abcdef"
    for folder in (stale, other_size):
        folder.mkdir()
        (folder / "CURRENT").write_text("build-old\n")
    texts = ["中国式现代化是人口规模巨大的现代化。坚持和加强党的全面领导。", "全面推进乡村振兴。加快建设农业强国。扎实推动共同富裕。"]
    passages = [Passage(id=f"p{n}", text=t, article="文章甲", issue="合订本", paragraph=n, paragraph_count=2) for n, t in enumerate(texts, 1)]
    made = synthetic.synthetic_index(SimpleNamespace(model_id="test-model", dim=8), passages, size=30)
    assert (made / "CURRENT").is_file() and made.name.startswith("synthetic-30-")
    assert not stale.exists() and other_size.exists()
    # The collection cached is one the current program loads; a new lexicon version makes it again.
    from rag.index import load_index

    assert len(load_index(made, "test-model", 8).passages) == 30
    monkeypatch.setattr(synthetic, "LEXICON_VERSION", synthetic.LEXICON_VERSION + "-changed")
    remade = synthetic.synthetic_index(SimpleNamespace(model_id="test-model", dim=8), passages, size=30)
    assert remade != made and not made.exists()
