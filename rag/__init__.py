"""Retrieval-only question answering over Chinese study materials: find and show the authors' own passages.

    from rag import Settings, open_searcher
    searcher = open_searcher(Settings.from_env(), build_if_needed=True)
    result = searcher.search("中国式现代化有哪些中国特色？", k=5)   # -> SearchResult(hits=[Hit(passage, ...)])

Importing the package loads neither torch nor FAISS; they come with the first searcher or build.
"""

from .chunking import Passage
from .config import Settings
from .corpus import Article
from .errors import RagError
from .search import Hit, SearchResult, Searcher, open_searcher

__version__ = "0.1.0"


def __getattr__(name: str):
    # rag.build is also a script (python -m rag.build): importing it here would make runpy warn.
    if name == "build_index":
        from .build import build_index

        return build_index
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
__all__ = ["Article", "Hit", "Passage", "RagError", "SearchResult", "Searcher", "Settings", "build_index", "open_searcher"]
