"""The package's public names, and that importing it stays light (no torch, no FAISS, no model)."""

import subprocess
import sys

import rag


def test_the_public_api_is_re_exported():
    assert set(rag.__all__) == {"Article", "Hit", "Passage", "RagError", "SearchResult", "Searcher", "Settings", "build_index", "open_searcher"}
    assert all(hasattr(rag, name) for name in rag.__all__)


def test_importing_rag_loads_no_heavy_library():
    heavy = ("torch", "faiss", "sentence_transformers", "gradio", "jieba")
    code = f"import rag, sys; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
