"""Retrieval-only question answering over Chinese study materials: find and show the authors' own passages."""

__version__ = "0.1.0"
