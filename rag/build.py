"""python -m rag.build: read the collection, cut it into passages, embed them and publish a new index."""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import chunk_articles, context_text
from .config import Settings, add_options, load_settings
from .corpus import load_collection
from .errors import RagError
from .index import write_index
from .keywords import KeywordIndex, KeywordTokenizer, quoted_terms


@dataclass
class BuildSummary:
    files: int
    articles: int
    passages: int
    seconds: float
    folder: Path
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"Indexed {self.articles} articles ({self.passages} passages) from {self.files} file(s) in {self.seconds:.1f} s -> {self.folder}"]
        lines += [f"  skipped {name}: {why}" for name, why in self.skipped]
        return "\n".join(lines)


def build_index(settings: Settings, embedder=None, progress: bool = True) -> BuildSummary:
    """Build the index of settings.corpus_dir into settings.index_dir with the configured model."""
    started = time.perf_counter()
    collection = load_collection(settings.corpus_dir)
    passages = chunk_articles(collection.articles)
    texts = [context_text(p) for p in passages]
    keywords = KeywordIndex.build(texts, KeywordTokenizer(quoted_terms(p.text for p in passages)))
    if embedder is None:
        from .embedding import load_embedder

        embedder = load_embedder(settings.model, settings.model_cache)
    store_info = {}
    if settings.store == "milvus":  # the vectors and a BM25 field go to Milvus too; only new passages are embedded
        from .milvus_store import sync_milvus

        vectors, store_info["milvus"] = sync_milvus(settings, passages, texts, keywords.tokenizer.phrases, embedder, progress)
    else:
        vectors = embedder.encode_passages(texts, show_progress=progress)
    info = {
        **store_info,
        "model": {"id": embedder.model_id, "dim": embedder.dim},
        "corpus_dir": str(Path(settings.corpus_dir).resolve()),
        "sources": [_describe_file(path, settings.corpus_dir) for path in collection.files],
        "skipped": [{"file": name, "reason": why} for name, why in collection.skipped],
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    folder = write_index(settings.index_dir, passages, vectors, keywords, info)
    return BuildSummary(
        files=len(collection.files), articles=len(collection.articles), passages=len(passages),
        seconds=time.perf_counter() - started, folder=folder, skipped=collection.skipped,
    )


def changed_sources(manifest: dict, corpus_dir: Path) -> list[str]:
    """The collection's files added, removed or changed since the index was built (by SHA-256)."""
    from .corpus import find_files

    built = {s["file"]: s["sha256"] for s in manifest.get("sources", [])}
    now = {d["file"]: d["sha256"] for d in (_describe_file(p, corpus_dir) for p in find_files(corpus_dir))}
    return sorted(name for name in built.keys() | now.keys() if built.get(name) != now.get(name))


def _describe_file(path: Path, corpus_dir: Path) -> dict:
    data = path.read_bytes()
    return {"file": path.relative_to(corpus_dir).as_posix(), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.build", description="Rebuild the search index of a collection of articles.")
    add_options(parser, "corpus_dir", "index_dir", "model", "model_cache", "store", "milvus_uri")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = load_settings(args)
    try:
        summary = build_index(settings, progress=not args.quiet)
    except RagError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
