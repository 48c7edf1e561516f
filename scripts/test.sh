#!/usr/bin/env bash
# Install what is needed, build the book strictly, then run every test:
# package tests, nbval (strict) on every notebook, and the browser tests of the built book.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh --test
# shellcheck disable=SC1091
. .venv/bin/activate
bash scripts/build_book.sh
echo "==> running the tests"
python -m pytest tests book --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider "$@"
