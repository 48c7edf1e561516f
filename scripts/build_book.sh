#!/usr/bin/env bash
# Build the HTML book strictly and offline, check it, then print the whole book to one PDF
# and pack the site into an offline zip.
#
#   scripts/build_book.sh            # incremental (notebooks re-execute only when needed)
#   scripts/build_book.sh --all      # re-read every page (extra args go to jupyter-book)
#
# Assumes the Python environment with the book's requirements is active.
# Exit status is non-zero on any warning, any failing notebook cell, any CDN reference.
set -eo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# 1. MathJax from a pinned npm tarball (never a CDN), and
#    axe-core for the browser tests (into _build/test-assets/, not into the published book).
python scripts/fetch_offline_assets.py

# 2. The book. -W: warnings are errors; -n: nitpicky references; --keep-going: report all.
mkdir -p _build
start=$(date +%s)
jupyter-book build . -W -n --keep-going "$@" 2>&1 | tee _build/build.log
# Sphinx reports "path: WARNING: message" (ERROR, CRITICAL likewise); count them all.
warnings=$(grep -c -E "(^|: )(WARNING|ERROR|CRITICAL):" _build/build.log || true)
echo "build_book: ${warnings} warning(s), $(( $(date +%s) - start )) s"
if [ "${warnings}" -ne 0 ]; then
    echo "build_book: warnings are not allowed" >&2
    exit 1
fi

# 3. The result loads nothing from another host.
python scripts/check_built_html.py _build/html

# 4. One PDF of the whole book, printed from the HTML by the system Chromium:
#    _build/the-mistake-notebook.pdf, copied to _build/html/downloads/.
python scripts/build_pdf.py

# 5. The offline copy (after the PDF, which it includes): _build/the-mistake-notebook-offline.zip,
#    copied to _build/html/downloads/. Every page's download menu links both files.
python scripts/build_offline_copy.py
