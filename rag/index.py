"""Build, save, load and check the index: FAISS vectors + passage metadata (JSONL) + keyword index + manifest.

Layout of the index folder: `CURRENT` names the build folder in use; each build folder holds `manifest.json`,
`passages.jsonl`, `vectors.npy` (row i = line i of passages.jsonl, kept so the next build reuses them),
`dense.faiss` (rag/dense.py), `sentences.npy` and `sentence_rows.npy` (each passage's sentences' vectors and the
passage row of each: rag/dense.py's SentenceVectors) and `keywords/`. A build is written to a fresh folder and
`CURRENT` is replaced atomically, so a crash in the middle of a build leaves the previous index in use and intact, and a reader sees
one whole build or the other. Builds hold `build.lock` (flock: the OS drops it when the process dies), so two never interleave.
The build before the current one is kept: a running chat may still be loading it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import numpy as np

from .bilingual import LEXICON_VERSION
from .chunking import CHUNKER_VERSION, Passage
from .dense import DenseIndex, SentenceVectors
from .errors import IndexCorruptError, IndexMismatchError, IndexMissingError, IndexOutdatedError, IndexWriteError
from .keywords import TOKENIZER_VERSION, KeywordIndex, place_of

FORMAT_VERSION = 1
POINTER = "CURRENT"
VECTORS = "vectors.npy"
SENTENCES = "sentences.npy"
SENTENCE_ROWS = "sentence_rows.npy"
LOCK = "build.lock"
_PASSAGE_FIELDS = {f.name for f in fields(Passage)}


@dataclass
class Index:
    """A loaded index: passages in build order (row = position), their vectors and their sentences', the keyword index."""

    folder: Path
    manifest: dict
    passages: list[Passage]
    dense: DenseIndex
    sentences: SentenceVectors
    keywords: KeywordIndex

    def __post_init__(self):
        self._row_of_id = {int(p.id, 16): row for row, p in enumerate(self.passages)}
        self._rows_of_article: dict[str, list[int]] = {}
        for row, p in enumerate(self.passages):
            self._rows_of_article.setdefault(p.article, []).append(row)
        # An article's passages stand together, in reading order: where each article begins, and each row's article.
        keys = [(p.source, p.article_number) for p in self.passages]
        begins = np.array([row == 0 or key != keys[row - 1] for row, key in enumerate(keys)], dtype=bool)
        self._article_starts = np.flatnonzero(begins)
        self._article_of_row = np.cumsum(begins) - 1

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

    def article_rows(self, row: int) -> range:
        """The rows of the article that holds `row`, in reading order."""
        article = self._article_of_row[row]
        end = self._article_starts[article + 1] if article + 1 < len(self._article_starts) else len(self.passages)
        return range(int(self._article_starts[article]), int(end))

    def home_place(self, row: int) -> str | None:
        """The city or province the article that holds `row` speaks of when it names none (全省, 我们): the one most
        of its passages name (辽宁 in a Liaoning work report); None when it names none. Read from the keyword
        index's postings, for all articles at once, when first asked."""
        return self._home_places[self._article_of_row[row]]

    @cached_property
    def _home_places(self) -> list[str | None]:
        articles = len(self._article_starts)
        named: dict[str, list[np.ndarray]] = {}
        for token in self.keywords.tokens():
            place = place_of(token)
            if place:
                named.setdefault(place, []).append(self.keywords.rows_holding(token))
        if not named:
            return [None] * articles
        places = sorted(named)  # ties go to the first in order: the same home whatever the hash seed
        # 辽宁 and 辽宁省 are one place: a passage that holds both counts once.
        counts = np.stack([np.bincount(self._article_of_row[np.unique(np.concatenate(named[p]))], minlength=articles) for p in places])
        return [places[int(best)] if counts[best, a] else None for a, best in enumerate(counts.argmax(axis=0))]

    def best_of_each_article(self, scores: np.ndarray) -> np.ndarray:
        """For each row, the highest of the scores of its article's passages."""
        return np.maximum.reduceat(scores, self._article_starts)[self._article_of_row]

    def dense_scores(self, query_vector: np.ndarray, also: np.ndarray | None = None) -> np.ndarray:
        """Cosine similarity of every passage (by row) to the normalised query vector, blended with its best
        sentence's (rag/dense.py: exact for small collections; for large ones exact for the nearest passages and
        the rows in `also`)."""
        cosine, rows = self.dense.scored(query_vector, also)
        return self.sentences.blend(cosine, query_vector, rows)


def passage_to_json(passage: Passage) -> str:
    return json.dumps(asdict(passage), ensure_ascii=False)


def write_index(
    index_dir: Path, passages: list[Passage], vectors: np.ndarray, sentences: SentenceVectors, keywords: KeywordIndex, info: dict,
) -> Path:
    """Write a complete index into a new build folder, then point CURRENT at it; returns the build folder.

    Call it under build_lock: it clears what earlier, killed builds left behind.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) != len(passages):
        raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
    if sentences.passages != len(passages):
        raise ValueError(f"{len(passages)} passages but sentences of {sentences.passages}")
    previous = published_build(index_dir)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    build = Path(tempfile.mkdtemp(prefix=f".build-{stamp}-", dir=index_dir))
    try:
        DenseIndex.build(vectors).save(build)
        np.save(build / VECTORS, vectors, allow_pickle=False)
        np.save(build / SENTENCES, np.ascontiguousarray(sentences.vectors, dtype=np.float32), allow_pickle=False)
        np.save(build / SENTENCE_ROWS, np.asarray(sentences.rows, dtype=np.int32), allow_pickle=False)
        (build / "passages.jsonl").write_text("".join(passage_to_json(p) + "\n" for p in passages), encoding="utf-8")
        keywords.save(build / "keywords")
        manifest = {
            "format": FORMAT_VERSION,
            "chunker": CHUNKER_VERSION,
            "lexicon": LEXICON_VERSION,
            "tokenizer": TOKENIZER_VERSION,
            "counts": {
                "passages": len(passages), "articles": len({(p.source, p.article_number) for p in passages}),
                "sentences": len(sentences.rows),
            },
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            # Sizes of every file: a truncated or missing one is named at load time, before any parser trips on it.
            "files": {f.relative_to(build).as_posix(): f.stat().st_size for f in sorted(build.rglob("*")) if f.is_file()},
            # Reused build after build, damaged vectors would never heal: the next build checks them first.
            "vectors_sha256": _sha256(build / VECTORS),
            "sentences_sha256": _sha256(build / SENTENCES),
            **info,
        }
        (build / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        final = index_dir / build.name.lstrip(".")
        build.rename(final)
        _point_to(index_dir, final.name)
    except BaseException as err:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(err, (OSError, RuntimeError)):  # FAISS reports a failed write as RuntimeError
            raise IndexWriteError(
                f"Could not write the index in {index_dir} ({type(err).__name__}: {' '.join(str(err).split())[:200]}). "
                "The previous index stays in use; free disk space (or fix the folder's permissions) and run `python -m rag.build` again."
            ) from None
        raise
    _remove_old_builds(index_dir, keep={final.name, previous})
    return final


@contextlib.contextmanager
def build_lock(index_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index folder's build lock; when another build holds it, say so through on_wait and wait."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            if on_wait:
                on_wait(f"Another build of {index_dir} is running (process {holder}): waiting for it to finish.")
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _point_to(index_dir: Path, name: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".CURRENT-", dir=index_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / POINTER)


def published_build(index_dir: Path) -> str | None:
    """The name of the build CURRENT points to, unchecked (one small read: the chat asks before each question)."""
    try:
        return (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _remove_old_builds(index_dir: Path, keep: set[str | None]) -> None:
    """Drop builds older than the kept ones, and what killed builds left (under build_lock nobody else writes)."""
    for path in index_dir.iterdir():
        if path.name in keep:
            continue
        if path.is_dir() and path.name.startswith(("build-", ".build-")):
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and path.name.startswith(".CURRENT-"):
            path.unlink(missing_ok=True)


def current_build(index_dir: Path) -> Path:
    """The build folder CURRENT points to; IndexMissingError when nothing was built yet."""
    pointer = Path(index_dir) / POINTER
    if not pointer.is_file():
        raise IndexMissingError(f"No index in {index_dir}. Build it with `python -m rag.build` (the chat builds it by itself on first start).")
    name = published_build(index_dir)
    build = Path(index_dir) / (name or "")
    if not name or "/" in name or not build.is_dir():
        raise IndexCorruptError(f"The index in {index_dir} is damaged ({POINTER} names a missing build). Rebuild it with `python -m rag.build`.")
    return build


def read_manifest(index_dir: Path) -> dict:
    return _read_manifest(current_build(index_dir))


def _read_manifest(build: Path) -> dict:
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
            raise ValueError("unknown format")
        return manifest
    except (OSError, ValueError) as err:
        raise IndexCorruptError(f"The index manifest in {build} is unreadable ({err}). Rebuild it with `python -m rag.build`.") from None


def check_manifest(manifest: dict, model_id: str, index_dir: Path, keywords: bool = True) -> None:
    """IndexMismatchError, with the fix, when the index was made by another model or chunker, or (unless only
    its passages and vectors are read: `keywords` False) with another English lexicon, stop words or set phrases."""
    built_with = manifest.get("model", {}).get("id")
    if built_with != model_id:
        raise IndexMismatchError(
            f"The index in {index_dir} was built with the model {built_with!r}, but the configured model is {model_id!r}. "
            f"Rebuild it with `python -m rag.build --model {model_id}`, or set RAG_MODEL={built_with} to use the index as it is."
        )
    if manifest.get("chunker") != CHUNKER_VERSION:
        raise IndexOutdatedError(
            f"The index in {index_dir} was built by an older version of this program ({manifest.get('chunker')}). Rebuild it with `python -m rag.build`."
        )
    if keywords and manifest.get("lexicon", 1) != LEXICON_VERSION:
        raise IndexOutdatedError(
            f"The index in {index_dir} was built by an older version of this program (English lexicon {manifest.get('lexicon', 1)}). Rebuild it with `python -m rag.build`."
        )
    if keywords and manifest.get("tokenizer") != TOKENIZER_VERSION:
        raise IndexOutdatedError(
            f"The index in {index_dir} was built by an older version of this program (keyword tokenizer {manifest.get('tokenizer')}). Rebuild it with `python -m rag.build`."
        )


def load_index(index_dir: Path, model_id: str, dim: int | None = None) -> Index:
    """Load and check the current index; typed errors say what to do when it is missing, damaged or foreign."""
    build = current_build(index_dir)
    try:
        return _load_build(build, model_id, dim)
    except IndexCorruptError:
        # Builds keep only the previous build: one that vanished while we read it was replaced twice meanwhile.
        if current_build(index_dir) == build:
            raise
        return _load_build(current_build(index_dir), model_id, dim)


def _load_build(build: Path, model_id: str, dim: int | None) -> Index:
    import faiss
    from threadpoolctl import threadpool_limits

    manifest = _read_manifest(build)
    check_manifest(manifest, model_id, build.parent)
    _check_sizes(build, manifest)
    try:
        passages = _read_passages(build)
        dense = DenseIndex.load(build)
        sentences = _read_sentences(build)
        keywords = KeywordIndex.load(build / "keywords")
    except Exception as err:  # noqa: BLE001 - any damage of these files means the same thing to the user
        raise IndexCorruptError(f"The index in {build} is damaged ({type(err).__name__}: {err}). Rebuild it with `python -m rag.build`.") from None
    expected = manifest.get("counts", {}).get("passages")
    if not (len(passages) == dense.ntotal == sentences.passages == expected) or sentences.vectors.shape[1] != dense.d:
        raise IndexCorruptError(
            f"The index in {build} is incomplete ({len(passages)} passages, {dense.ntotal} vectors, sentences of "
            f"{sentences.passages}, manifest says {expected}). Rebuild it with `python -m rag.build`."
        )
    faiss.omp_set_num_threads(1)  # one query at a time: a second thread only slows a flat search down
    # numpy's BLAS likewise: after an exact product over thousands of passages its idle threads spin on the
    # cores that the next question's encoding needs (10,000 passages: 40 ms per question instead of 18).
    threadpool_limits(1, user_api="blas")
    index = Index(folder=build, manifest=manifest, passages=passages, dense=dense, sentences=sentences, keywords=keywords)
    if dim is not None:
        check_dimension(index, dim)
    return index


def check_dimension(index: Index, dim: int) -> None:
    """IndexMismatchError when the index's vectors are not the size the model makes."""
    if index.dense.d != dim:
        raise IndexMismatchError(f"The index in {index.folder} holds {index.dense.d}-dimensional vectors but the model makes {dim}. Rebuild it with `python -m rag.build`.")


def load_embedded(index_dir: Path, model_id: str) -> tuple[list[Passage], np.ndarray, SentenceVectors]:
    """The current build's passages, their vectors and their sentences', for the next build to reuse; typed errors
    as load_index.

    Only the files it reads are checked: a damaged dense.faiss doesn't stop the vectors' reuse.
    """
    build = current_build(index_dir)
    manifest = _read_manifest(build)
    check_manifest(manifest, model_id, build.parent, keywords=False)  # the next build makes its own lexicon
    if not (build / VECTORS).is_file() and "files" not in manifest:
        raise IndexOutdatedError(f"The index in {build} was built by an earlier version that kept no {VECTORS}.")
    _check_sizes(build, manifest, only=("passages.jsonl", VECTORS, SENTENCES, SENTENCE_ROWS))
    for name, recorded in ((VECTORS, "vectors_sha256"), (SENTENCES, "sentences_sha256")):
        if _sha256(build / name) != manifest.get(recorded):
            raise IndexCorruptError(f"The index in {build} is damaged ({name} is not what was written).")
    try:
        passages = _read_passages(build)
        vectors = np.load(build / VECTORS, allow_pickle=False)
        sentences = _read_sentences(build, mapped=False)
    except Exception as err:  # noqa: BLE001 - as in load_index
        raise IndexCorruptError(f"The index in {build} is damaged ({type(err).__name__}: {err}).") from None
    dim = manifest.get("model", {}).get("dim")
    if vectors.dtype != np.float32 or vectors.shape != (len(passages), dim):
        raise IndexCorruptError(f"The index in {build} is damaged ({VECTORS} holds {vectors.shape} {vectors.dtype}, expected ({len(passages)}, {dim}) float32).")
    if sentences.vectors.dtype != np.float32 or sentences.vectors.shape[1] != dim or sentences.passages != len(passages):
        raise IndexCorruptError(f"The index in {build} is damaged ({SENTENCES} does not match its passages).")
    return passages, vectors, sentences


def _check_sizes(build: Path, manifest: dict, only: tuple[str, ...] | None = None) -> None:
    for name, size in manifest.get("files", {}).items():
        if only is not None and name not in only:
            continue
        path = build / name
        found = path.stat().st_size if path.is_file() else None
        if found != size:
            state = "missing" if found is None else f"{found} bytes instead of {size}"
            raise IndexCorruptError(f"The index in {build} is damaged ({name} is {state}). Rebuild it with `python -m rag.build`.")


def _read_sentences(build: Path, mapped: bool = True) -> SentenceVectors:
    """The build's SentenceVectors; memory-mapped for searching (a large collection's run to GBs, and only the
    rows a question reaches are read), read whole for a build to reuse. ValueError when they don't fit together."""
    vectors = np.load(build / SENTENCES, mmap_mode="r" if mapped else None, allow_pickle=False)
    rows = np.load(build / SENTENCE_ROWS, allow_pickle=False)
    if vectors.ndim != 2 or rows.ndim != 1 or not np.issubdtype(rows.dtype, np.integer):
        raise ValueError(f"{SENTENCES} or {SENTENCE_ROWS} is not what a build writes")
    return SentenceVectors(vectors, rows)


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _read_passages(build: Path) -> list[Passage]:
    return [_passage_from_json(line) for line in (build / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _passage_from_json(line: str) -> Passage:
    data = json.loads(line)
    if not isinstance(data, dict) or not {"id", "text"} <= data.keys():
        raise ValueError("passage record without id or text")
    return Passage(**{k: v for k, v in data.items() if k in _PASSAGE_FIELDS})
