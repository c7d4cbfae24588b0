#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: set up .venv with the test tools, make sure Chromium
# and a Chinese font are there for the browser tests, run pytest. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RAG_EXTRAS="[test]"
# shellcheck disable=SC1091
. "$ROOT/scripts/setup.sh"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    echo "== installing Chromium and a Chinese font for the browser tests (Debian packages)"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
cd "$ROOT"
exec python -m pytest "$@"
