"""Build, save, load and check the index: FAISS vectors + passage metadata (JSONL) + keyword index + manifest.

Layout of the index folder: `CURRENT` names the build folder in use; each build folder holds `manifest.json`,
`passages.jsonl`, `dense.faiss` (rag/dense.py) and `keywords/`. A build is written to a fresh folder and `CURRENT` is
replaced atomically, so a crash in the middle of a build leaves the previous index in use and intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .chunking import CHUNKER_VERSION, Passage
from .dense import DenseIndex
from .errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from .keywords import KeywordIndex

FORMAT_VERSION = 1
POINTER = "CURRENT"
_PASSAGE_FIELDS = {f.name for f in fields(Passage)}


@dataclass
class Index:
    """A loaded index: passages in build order (row = position), their vectors, the keyword index."""

    folder: Path
    manifest: dict
    passages: list[Passage]
    dense: DenseIndex
    keywords: KeywordIndex

    def __post_init__(self):
        self._row_of_id = {int(p.id, 16): row for row, p in enumerate(self.passages)}
        self._rows_of_article: dict[str, list[int]] = {}
        for row, p in enumerate(self.passages):
            self._rows_of_article.setdefault(p.article, []).append(row)

    def row_of(self, passage_id: str) -> int | None:
        """Where a passage stands in `passages`, by its id; None for an id the index doesn't hold."""
        try:
            return self._row_of_id.get(int(passage_id, 16))
        except ValueError:
            return None

    def rows_of_articles(self, titles: set[str]) -> np.ndarray:
        """A mask over the rows: True for the passages of the named articles."""
        mask = np.zeros(len(self.passages), dtype=bool)
        for title in titles:
            mask[self._rows_of_article.get(title, [])] = True
        return mask

    def dense_scores(self, query_vector: np.ndarray, also: np.ndarray | None = None) -> np.ndarray:
        """Cosine similarity of every passage (by row) to the normalised query vector (rag/dense.py: exact for
        small collections; for large ones exact for the nearest passages and the rows in `also`)."""
        return self.dense.scores(query_vector, also)


def passage_to_json(passage: Passage) -> str:
    return json.dumps(asdict(passage), ensure_ascii=False)


def write_index(index_dir: Path, passages: list[Passage], vectors: np.ndarray, keywords: KeywordIndex, info: dict) -> Path:
    """Write a complete index into a new build folder, then point CURRENT at it; returns the build folder."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) != len(passages):
        raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    build = Path(tempfile.mkdtemp(prefix=f".build-{stamp}-", dir=index_dir))
    try:
        DenseIndex.build(vectors).save(build)
        (build / "passages.jsonl").write_text("".join(passage_to_json(p) + "\n" for p in passages), encoding="utf-8")
        keywords.save(build / "keywords")
        manifest = {
            "format": FORMAT_VERSION,
            "chunker": CHUNKER_VERSION,
            "counts": {"passages": len(passages), "articles": len({(p.source, p.article_number) for p in passages})},
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **info,
        }
        (build / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        final = index_dir / build.name.lstrip(".")
        build.rename(final)
        _point_to(index_dir, final.name)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _remove_old_builds(index_dir, keep=final.name)
    return final


def _point_to(index_dir: Path, name: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".CURRENT-", dir=index_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / POINTER)


def _remove_old_builds(index_dir: Path, keep: str, grace_seconds: float = 3600) -> None:
    """Drop earlier builds, and temporary folders a crashed build left behind an hour ago or more."""
    for path in index_dir.iterdir():
        if not path.is_dir() or path.name == keep:
            continue
        if path.name.startswith("build-") or (path.name.startswith(".build-") and time.time() - path.stat().st_mtime > grace_seconds):
            shutil.rmtree(path, ignore_errors=True)


def current_build(index_dir: Path) -> Path:
    """The build folder CURRENT points to; IndexMissingError when nothing was built yet."""
    pointer = Path(index_dir) / POINTER
    if not pointer.is_file():
        raise IndexMissingError(f"No index in {index_dir}. Build it with `python -m rag.build` (the chat builds it by itself on first start).")
    name = pointer.read_text(encoding="utf-8").strip()
    build = Path(index_dir) / name
    if not name or "/" in name or not build.is_dir():
        raise IndexCorruptError(f"The index in {index_dir} is damaged ({POINTER} names a missing build). Rebuild it with `python -m rag.build`.")
    return build


def read_manifest(index_dir: Path) -> dict:
    build = current_build(index_dir)
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
            raise ValueError("unknown format")
        return manifest
    except (OSError, ValueError) as err:
        raise IndexCorruptError(f"The index manifest in {build} is unreadable ({err}). Rebuild it with `python -m rag.build`.") from None


def check_manifest(manifest: dict, model_id: str, index_dir: Path) -> None:
    """IndexMismatchError, with the fix, when the index was made by another model or chunker."""
    built_with = manifest.get("model", {}).get("id")
    if built_with != model_id:
        raise IndexMismatchError(
            f"The index in {index_dir} was built with the model {built_with!r}, but the configured model is {model_id!r}. "
            f"Rebuild it with `python -m rag.build --model {model_id}`, or set RAG_MODEL={built_with} to use the index as it is."
        )
    if manifest.get("chunker") != CHUNKER_VERSION:
        raise IndexMismatchError(
            f"The index in {index_dir} was built by an older version of this program ({manifest.get('chunker')}). Rebuild it with `python -m rag.build`."
        )


def load_index(index_dir: Path, model_id: str, dim: int | None = None) -> Index:
    """Load and check the current index; typed errors say what to do when it is missing, damaged or foreign."""
    import faiss

    manifest = read_manifest(index_dir)
    check_manifest(manifest, model_id, index_dir)
    build = current_build(index_dir)
    try:
        passages = [_passage_from_json(line) for line in (build / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line]
        dense = DenseIndex.load(build)
        keywords = KeywordIndex.load(build / "keywords")
    except Exception as err:  # noqa: BLE001 - any damage of these files means the same thing to the user
        raise IndexCorruptError(f"The index in {build} is damaged ({type(err).__name__}: {err}). Rebuild it with `python -m rag.build`.") from None
    expected = manifest.get("counts", {}).get("passages")
    if not (len(passages) == dense.ntotal == expected):
        raise IndexCorruptError(f"The index in {build} is incomplete ({len(passages)} passages, {dense.ntotal} vectors, manifest says {expected}). Rebuild it with `python -m rag.build`.")
    if dim is not None and dense.d != dim:
        raise IndexMismatchError(f"The index in {build} holds {dense.d}-dimensional vectors but the model makes {dim}. Rebuild it with `python -m rag.build`.")
    faiss.omp_set_num_threads(1)  # one query at a time: a second thread only slows a flat search down
    return Index(folder=build, manifest=manifest, passages=passages, dense=dense, keywords=keywords)


def _passage_from_json(line: str) -> Passage:
    data = json.loads(line)
    if not isinstance(data, dict) or not {"id", "text"} <= data.keys():
        raise ValueError("passage record without id or text")
    return Passage(**{k: v for k, v in data.items() if k in _PASSAGE_FIELDS})
