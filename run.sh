#!/usr/bin/env bash
# One entry point for a fresh machine: installs what is missing, then runs.
#   ./run.sh demo            serve the demo portal, sweep it into SQLite, print the summary
#   ./run.sh test [ARGS]     run the whole test suite (pytest ARGS)
#   ./run.sh govwatch ARGS   any govwatch command inside the project's environment
set -euo pipefail
cd "$(dirname "$0")"

python=${PYTHON:-python3}

ensure_env() {
    # uv installs the exact versions pinned in uv.lock into .venv (seconds, not minutes).
    "$python" -m uv --version >/dev/null 2>&1 || "$python" -m pip install --quiet --disable-pip-version-check uv
    "$python" -m uv sync --frozen --quiet
}

ensure_chromium() {
    # Browser tests and PDF reports use Debian's chromium (Playwright's own browser download does not
    # work offline) and a Chinese font whose PDF text extracts as the characters themselves.
    [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -qi wenquanyi && return
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
}

command=${1:-}
shift || true
case "$command" in
    demo) ensure_env; ensure_chromium; exec .venv/bin/govwatch demo "$@" ;;
    test) ensure_env; ensure_chromium; exec .venv/bin/python -m pytest "$@" ;;
    govwatch) ensure_env; exec .venv/bin/govwatch "$@" ;;
    *) echo "usage: ./run.sh demo | test [pytest args] | govwatch ARGS" >&2; exit 2 ;;
esac
