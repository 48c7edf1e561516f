#!/usr/bin/env bash
# Create .venv (if needed) and install everything the book and the tests need.
# Usage: bash scripts/setup_env.sh [--test]   (--test also installs the test tools)
# Both also install a Chromium (for the PDF and the browser tests) and a CJK font when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
    if command -v apt-get >/dev/null 2>&1; then
        echo "==> installing Debian packages: $*"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
    else
        echo "error: please install $* with your system's package manager" >&2
        exit 1
    fi
}

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv with $($PYTHON --version)"
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        rm -rf .venv
        apt_install python3-venv
        "$PYTHON" -m venv .venv
    fi
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
echo "==> installing requirements.txt"
python -m pip install -q -r requirements.txt
if [ "${1:-}" = "--test" ]; then
    echo "==> installing requirements-test.txt"
    python -m pip install -q -r requirements-test.txt
fi
# A Chromium-family browser prints the PDF of the book (build) and runs the browser tests;
# a CJK font makes 错题本 render as characters, not boxes, in the PDF and in screenshots.
# Any installed Chromium or Chrome will do (tools/local_book.py finds it the same way).
missing=()
if ! python -c "import sys; from tools.local_book import chromium_executable; sys.exit(chromium_executable() is None)"; then
    missing+=(chromium)
fi
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
    missing+=(fonts-wqy-microhei)
fi
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
fi
