"""What each page of the built book costs a phone on the wire, against its budget.

A page is loaded cold in Chromium with a phone's viewport (390 px; see
``tools.page_weight.PHONE_CONTEXT``), from the built book served with gzip for text files
as GitHub Pages serves it, until the network has been quiet for 1.5 s. Its weight is the
sum, over every file it fetched, of what such a host sends for that file (the gzip size of
a text file, the size of an image or a font), computed from the built files: bytes do not
depend on timing, so the budgets are pass/fail here, while the timings of
``benchmarks/bench_pages.py`` are not.

Budgets (issue "Fast pages"): a chapter page with everything it loads at most 1.2 MB, a
text-only page (the appendices) at most 0.8 MB. A request to another host, or to a file
the build does not hold, fails the page too.

Needs the built book (``bash scripts/build.sh``) and Chromium: skipped with the reason
when either is missing, except in CI, where that is a failure.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT, missing
from tools.page_weight import budget, is_chapter, page_weight, serve_gzip, toc_pages

HTML = ROOT / "_build" / "html"
PAGES = toc_pages(ROOT)


@pytest.fixture(scope="module")
def served():
    if not (HTML / "index.html").is_file():
        missing(f"built book not found at {HTML}: run bash scripts/build.sh")
    with serve_gzip(HTML) as base:
        yield base


def test_the_budgets_cover_chapters_and_appendices():
    chapters = [page for page in PAGES if is_chapter(page)]
    appendices = [page for page in PAGES if not is_chapter(page)]
    assert len(chapters) >= 10 and appendices, PAGES
    assert all(page.startswith("book/appendix/") for page in appendices)


@pytest.mark.parametrize("page", PAGES)
def test_page_weight_is_within_its_budget(browser, served, page):
    weight = page_weight(browser, HTML, page, served)
    total = sum(weight.values())
    heaviest = ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in
                         sorted(weight.items(), key=lambda item: -item[1])[:6])
    assert total <= budget(page), (
        f"{page} costs {total / 1e6:.3f} MB on the wire ({len(weight)} files), over its "
        f"budget of {budget(page) / 1e6:.1f} MB; heaviest: {heaviest}"
    )


def test_a_chapter_page_fetches_none_of_its_slider_frames_but_the_first_screen(browser, served):
    """The frames of an interactive figure far down a chapter wait for the reader."""
    page = "book/03_backpropagation.html"
    fetched = page_weight(browser, HTML, page, served)
    html = (HTML / page).read_text(encoding="utf-8")
    # a player's frames are the images that carry their slider value (data-label)
    frame_files = {f"_images/{name}" for tag in re.findall(r"<img [^>]*data-label=[^>]*>", html)
                   for name in re.findall(r'src="\.\./_images/([^"]+)"', tag)}
    assert len(frame_files) >= 2, f"{page}: no interactive figure with image files found"
    assert not frame_files & set(fetched), (
        f"{page} fetched frames of a figure the first screen does not show: "
        f"{sorted(frame_files & set(fetched))}"
    )
