"""The benchmarks' questions: the development set (../shared/eval, when present) and bench/heldout.jsonl."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
QUESTION_SETS = [Path("shared/eval/dev.jsonl"), Path("bench/heldout.jsonl")]


def question_files() -> list[Path]:
    """The dev set (../shared/eval, beside the project or its worktree folder) and bench/heldout.jsonl."""
    found = []
    for relative in QUESTION_SETS:
        for base in (PROJECT, PROJECT.parent, PROJECT.parent.parent):
            if (base / relative).is_file():
                found.append(base / relative)
                break
    return found


def read_questions(files: Iterable[Path] | None = None) -> list[str]:
    """The `question` of every record of the files (default: question_files()) that exist, in order; read as
    `rag.eval` reads a question set (RagError naming a bad line)."""
    from rag.eval import load_questions

    files = question_files() if files is None else files
    return [record["question"] for path in files if path.exists() for record in load_questions(str(path))]
