#!/usr/bin/env bash
# Install what is needed and build the HTML book (strict: any warning fails).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
# shellcheck disable=SC1091
. .venv/bin/activate
bash scripts/build_book.sh
echo "==> the book is at $(pwd)/_build/html/index.html"
