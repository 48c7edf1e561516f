"""The whole book as a download: every page links the PDF and the offline copy, and both
files are in the built site.

The links come from the local extension ``_ext/book_downloads.py`` (the theme's download
menu) and from the welcome chapter's text; the files are written into ``_build/html/downloads/``
by ``scripts/build_pdf.py`` and ``scripts/build_offline_copy.py`` after Sphinx has finished,
so Sphinx cannot check these links: this module does. Needs the built book (skipped with the
reason when it is missing, a failure in CI).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.helpers import ROOT, missing

HTML = ROOT / "_build" / "html"

sys.path.insert(0, str(ROOT / "_ext"))
from book_downloads import DOWNLOADS  # noqa: E402

DOWNLOAD_PATHS = [path for path, *_ in DOWNLOADS]


def _pages() -> list[Path]:
    if not (HTML / "index.html").is_file():
        missing("the built book is missing: run scripts/build_book.sh")
    skip = {"_static", "_sources", "_images", "downloads", "jupyter_execute"}
    return sorted(
        p for p in HTML.rglob("*.html")
        if not skip.intersection(p.relative_to(HTML).parts) and p.name != "index.html"
    )


def _links(page: Path, selector: str) -> set[str]:
    """Targets of the links matched by ``selector``, as paths relative to the site root."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    base = "http://book.invalid/" + page.relative_to(HTML).as_posix()
    return {
        urlsplit(urljoin(base, a["href"])).path.lstrip("/")
        for a in soup.select(selector) if a.get("href")
    }


def test_every_page_download_menu_links_the_pdf_and_the_offline_copy():
    pages = _pages()
    assert len(pages) >= 14
    missing = {
        page.relative_to(HTML).as_posix(): sorted(set(DOWNLOAD_PATHS) - _links(page, ".dropdown-download-buttons a"))
        for page in pages
    }
    missing = {page: paths for page, paths in missing.items() if paths}
    assert not missing, f"pages whose download menu lacks a whole-book download: {missing}"


def test_the_welcome_chapter_links_both_downloads_in_its_text():
    welcome = HTML / "book" / "00_welcome.html"
    _pages()
    linked = _links(welcome, "article a")
    assert set(DOWNLOAD_PATHS) <= linked, f"welcome page links {sorted(linked & set(DOWNLOAD_PATHS))}"


@pytest.mark.parametrize("path", DOWNLOAD_PATHS)
def test_each_download_is_in_the_built_site(path):
    _pages()
    target = HTML / path
    assert target.is_file(), f"{path} is linked from every page but missing from {HTML}"
    built = ROOT / "_build" / Path(path).name
    assert built.is_file() and built.read_bytes() == target.read_bytes(), (
        f"_build/{Path(path).name} and the site's {path} differ: the site must carry the file built"
    )
