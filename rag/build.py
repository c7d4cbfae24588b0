"""python -m rag.build: read the collection, cut it into passages, embed the new ones and publish a new index.

Incremental: a passage whose embedded text (chunking.embedded_text) the current build already holds keeps its vector, so
only new or changed passages are embedded, and the model is not even loaded when there are none. The keyword
index is rebuilt whole (about half a second for the default collection). The build lock makes a second build wait for the first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .chunking import chunk_articles, embedded_sentences, embedded_text, keyword_text
from .config import Settings, add_options, load_settings
from .corpus import load_collection
from .dense import SentenceVectors
from .errors import IndexMissingError, RagError
from .index import build_lock, load_embedded, write_index
from .keywords import KeywordIndex, KeywordTokenizer, quoted_terms

log = logging.getLogger(__name__)

# python -m rag.build's exit codes (2 is argparse's usage error).
DONE, FAILED, DONE_WITH_WARNINGS = 0, 1, 3


@dataclass
class BuildSummary:
    files: int
    articles: int
    passages: int
    embedded: int  # passages embedded by this build (new or changed text)
    reused: int  # passages whose vector came from the previous build
    removed: int  # passages of the previous build that are gone
    seconds: float
    folder: Path
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) of the files not read

    def __str__(self) -> str:
        lines = [
            f"Indexed {self.articles} articles ({self.passages} passages: {self.embedded} embedded, {self.reused} reused, "
            f"{self.removed} removed) from {self.files} file(s) in {self.seconds:.1f} s -> {self.folder}"
        ]
        lines += [f"  skipped {name}: {why}" for name, why in self.skipped]
        lines.append(f"done with warnings: {len(self.skipped)} file(s) skipped" if self.skipped else "done")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "articles": self.articles, "passages": self.passages, "embedded": self.embedded, "reused": self.reused,
            "removed": self.removed, "skipped_files": [{"path": name, "reason": why} for name, why in self.skipped],
            "seconds": round(self.seconds, 2),
        }


def build_index(settings: Settings, embedder=None, progress: bool = True, full: bool = False) -> BuildSummary:
    """Build the index of settings.corpus_dir into settings.index_dir with the configured model.

    The vectors of the current build are reused for unchanged passages unless `full`; `embedder` is loaded
    from the settings only if some passage needs embedding.
    """
    with build_lock(settings.index_dir, on_wait=log.warning):
        started = time.perf_counter()
        collection = load_collection(settings.corpus_dir)
        passages = chunk_articles(collection.articles)
        texts = [embedded_text(p) for p in passages]
        sentence_texts = [embedded_sentences(p) for p in passages]
        keyword_texts = [keyword_text(p) for p in passages]
        keywords = KeywordIndex.build(keyword_texts, KeywordTokenizer(quoted_terms(p.text for p in passages)))
        model_id = embedder.model_id if embedder is not None else settings.model
        old_texts, old_vectors = _previous_build(settings.index_dir, model_id, quiet=full)
        reusable = {} if full else old_vectors
        # The passages and their sentences are embedded in one go: a text either was embedded before or is now.
        flat = [t for sentences in sentence_texts for t in sentences]
        every, new = _vectors(texts + flat, reusable, lambda: embedder or _load_embedder(settings), progress)
        vectors = every[: len(texts)]
        sentences = SentenceVectors.of_passages(every[len(texts):], [len(s) for s in sentence_texts])
        store_info = {}
        if settings.store == "milvus":  # the vectors and a BM25 field go to a new Milvus collection too
            from .milvus_store import sync_milvus

            store_info["milvus"] = sync_milvus(settings, passages, keyword_texts, vectors, keywords.tokenizer.phrases, model_id)
        info = {
            **store_info,
            "model": {"id": model_id, "dim": vectors.shape[1]},
            "corpus_dir": str(Path(settings.corpus_dir).resolve()),
            "sources": [_describe_file(path, settings.corpus_dir) for path in collection.files],
            "skipped": [{"file": name, "reason": why} for name, why in collection.skipped],
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        folder = write_index(settings.index_dir, passages, vectors, sentences, keywords, info)
    now = set(texts)
    return BuildSummary(
        files=len(collection.files), articles=len(collection.articles), passages=len(passages),
        embedded=sum(t in new for t in texts), reused=sum(t not in new for t in texts),
        removed=sum(t not in now for t in old_texts),
        seconds=time.perf_counter() - started, folder=folder, skipped=collection.skipped,
    )


def _vectors(texts: list[str], reusable: dict[str, np.ndarray], get_embedder, progress: bool) -> tuple[np.ndarray, set[str]]:
    """One vector per text, reused where the previous build embedded that very text; and the texts embedded now."""
    new = list(dict.fromkeys(t for t in texts if t not in reusable))
    if reusable and not new:
        dim = len(next(iter(reusable.values())))
        return np.array([reusable[t] for t in texts], dtype=np.float32).reshape(len(texts), dim), set()
    embedder = get_embedder()
    if reusable and len(next(iter(reusable.values()))) != embedder.dim:
        log.warning("The model now makes %d-dimensional vectors: embedding every passage again.", embedder.dim)
        reusable, new = {}, list(dict.fromkeys(texts))
    vectors_of = {**reusable, **dict(zip(new, embedder.encode_passages(new, show_progress=progress)))}
    return np.array([vectors_of[t] for t in texts], dtype=np.float32).reshape(len(texts), embedder.dim), set(new)


def _load_embedder(settings: Settings):
    from .embedding import load_embedder  # here: torch and the model load only when something is embedded

    return load_embedder(settings.model, settings.model_cache)


def _previous_build(index_dir: Path, model_id: str, quiet: bool) -> tuple[list[str], dict[str, np.ndarray]]:
    """The embedded texts of the current build's passages, and the vector of each text it embedded (its passages'
    and their sentences'), if made with this model; none otherwise.

    A damaged or foreign previous index never stops a build: it just embeds everything again.
    """
    try:
        passages, vectors, sentences = load_embedded(index_dir, model_id)
    except IndexMissingError:
        return [], {}
    except RagError as err:
        if not quiet:
            log.warning("Embedding every passage: the current index cannot be reused. %s", err)
        return [], {}
    texts = [embedded_text(p) for p in passages]
    sentence_texts = [t for p in passages for t in embedded_sentences(p)]
    reusable = dict(zip(texts, vectors))
    if len(sentence_texts) == len(sentences.rows):  # always within one CHUNKER_VERSION; misaligned, they'd mislead
        reusable.update(zip(sentence_texts, sentences.vectors))
    return texts, reusable


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
    parser = argparse.ArgumentParser(
        prog="python -m rag.build", description="Rebuild the search index of a collection of articles (only new or changed passages are embedded).",
        epilog="Exit status: 0 done, 1 failed (nothing published), 3 done with warnings (some files skipped).",
    )
    add_options(parser, "corpus_dir", "index_dir", "model", "model_cache", "store", "milvus_uri")
    parser.add_argument("--full", action="store_true", help="embed every passage again instead of reusing the current index's vectors")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = load_settings(args)
    try:
        summary = build_index(settings, progress=not args.quiet, full=args.full)
    except (RagError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("interrupted: nothing published, the previous index stays in use", file=sys.stderr)
        return 130
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json else summary)
    return DONE_WITH_WARNINGS if summary.skipped else DONE


if __name__ == "__main__":
    sys.exit(main())
