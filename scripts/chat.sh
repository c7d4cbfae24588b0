#!/usr/bin/env bash
# One command from a fresh clone to the chat: set up .venv, build the index on first use, serve on 127.0.0.1:7860.
# Extra arguments go to app.py (e.g. --port 8080, --corpus-dir my-folder).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC1091
. "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec python app.py "$@"
