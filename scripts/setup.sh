#!/usr/bin/env bash
# Create the project's virtual environment (.venv) when it is missing, and install the project into it.
# Sourced by scripts/chat.sh and scripts/test.sh; safe to run again (pip skips what is installed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${RAG_VENV:-$ROOT/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating virtual environment $VENV"
    python3 -m venv "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"
echo "== installing the project and its dependencies (first time: a few minutes)"
python -m pip install --quiet --upgrade pip
# torch is pinned in pyproject.toml to the CPU build this machine keeps on disk; a newer torch is a multi-GB CUDA build.
python -m pip install --quiet -e "$ROOT${RAG_EXTRAS:-}"
