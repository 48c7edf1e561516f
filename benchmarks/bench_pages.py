"""How fast each page of the built book is on a phone on a mobile network.

Run by hand from the repository root after ``bash scripts/build.sh``::

    python benchmarks/bench_pages.py [--runs N] [PAGE ...]

The built book (``_build/html``) is served from loopback with gzip for text files, as
GitHub Pages serves it. Each page is loaded cold (no cache) in the system Chromium with
the profile of :data:`tools.page_weight.PHONE` applied through the DevTools protocol: CPU
slowed 4x, 9 Mbit/s down, 150 ms round trip, a 390 px wide viewport. For every page it
prints:

* **bytes on the wire**: every response, headers included, until the network is quiet;
* **LCP**: largest contentful paint, from the browser's own ``largest-contentful-paint``
  entries (a separate load, as a key press ends LCP);
* **slider**: on pages with a slider, the time from navigation until a press of the
  right arrow key on the first slider has switched the figure (the new image loaded).
  The script looks for the slider, scrolls it to the middle of the screen as a reader
  would, and focuses it and presses the key as soon as the slider and its figure are
  shown.

Budgets (issue "Fast pages"): chapter pages at most 1.2 MB on the wire, LCP within 1.5x
of the fastest text-only page of the same run and the slider within 1.8x of it; text-only
pages at most 0.8 MB. Times are the median of ``--runs`` loads. Absolute times depend on
the machine; compare runs made on the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.local_book import CHROMIUM_FLAGS, chromium_executable  # noqa: E402
from tools.page_weight import (  # noqa: E402
    PHONE,
    PHONE_CONTEXT,
    NetworkLog,
    apply_profile,
    budget,
    is_chapter,
    serve_gzip,
    toc_pages,
)

HTML = ROOT / "_build" / "html"
LCP_FACTOR = 1.5
SLIDER_FACTOR = 1.8

_LCP_OBSERVER = """
window.__lcp = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__lcp = entry.startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
"""

# The first slider of the page (the frame player's range input, or an ipywidgets slider's
# handle) and a signature of the figure it shows: the visible, loaded images near it.
_SLIDER_STATE = """
() => {
  const slider = document.querySelector(
    ".frame-player input[type=range], .widget-slider .noUi-handle, [role=slider]");
  if (!slider) return null;
  const box = slider.closest(".frame-player, .widget-vbox") || slider.parentElement;
  // A reader scrolls to the figure before using it (its frames load lazily).
  if (!box.dataset.benchScrolled) {
    box.dataset.benchScrolled = "1";
    box.scrollIntoView({block: "center"});
  }
  const shown = [...box.querySelectorAll("img")].filter(
    (img) => img.offsetParent !== null && img.complete && img.naturalWidth > 0);
  if (!shown.length) return null;
  return shown.map((img) => img.currentSrc.slice(-80) + "|" + img.alt).join(" ");
}
"""


def _session(browser):
    context = browser.new_context(**PHONE_CONTEXT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    log = NetworkLog(cdp)
    apply_profile(cdp, PHONE)
    return context, page, log


def load_and_paint(browser, url: str) -> tuple[int, float, list[str]]:
    """Bytes on the wire, LCP (ms) and the URLs fetched, for one cold load of ``url``."""
    context, page, log = _session(browser)
    try:
        page.add_init_script(_LCP_OBSERVER)
        page.goto(url, wait_until="load", timeout=180_000)
        log.wait_idle(page, quiet_s=2.0, timeout_s=180)
        lcp = page.evaluate("window.__lcp")
        return log.total_wire_bytes(), lcp, log.fetched()
    finally:
        context.close()


def first_slider_response(browser, url: str, timeout_s: float = 120) -> float | None:
    """Milliseconds from navigation until an arrow key on the first slider switched its
    figure; ``None`` when the page has no slider."""
    context, page, _ = _session(browser)
    try:
        page.goto(url, wait_until="commit", timeout=180_000)
        deadline = time.monotonic() + timeout_s
        before = None
        while before is None:
            if time.monotonic() > deadline:
                return None
            loaded = page.evaluate("document.readyState") == "complete"
            before = page.evaluate(_SLIDER_STATE)
            if before is None:
                if loaded and not page.evaluate(
                        "!!document.querySelector('.frame-player, .jupyter-widgets, "
                        "script[type=\"application/vnd.jupyter.widget-state+json\"]')"):
                    return None
                page.wait_for_timeout(50)
        page.evaluate("""() => document.querySelector(
            ".frame-player input[type=range], .widget-slider .noUi-handle, [role=slider]"
            ).focus()""")
        page.keyboard.press("ArrowRight")
        while True:
            after = page.evaluate(_SLIDER_STATE)
            if after is not None and after != before:
                return page.evaluate("performance.now()")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}: the figure did not change after an arrow key")
            page.wait_for_timeout(20)
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="pages under _build/html (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median)")
    parser.add_argument("--html", type=Path, default=HTML,
                        help="the built book to serve (default: _build/html)")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print("No built book: run bash scripts/build.sh first.", file=sys.stderr)
        return 2
    chromium = chromium_executable()
    if chromium is None:
        print("No Chromium found (set CHROMIUM).", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    names = args.pages or toc_pages(ROOT)
    rows = []
    with serve_gzip(args.html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for name in names:
            url = f"{base}/{name}"
            loads = [load_and_paint(browser, url) for _ in range(args.runs)]
            hosts = {u.split("/")[2] for _, _, fetched in loads for u in fetched}
            sliders = [first_slider_response(browser, url) for _ in range(args.runs)]
            slider = None if None in sliders else statistics.median(sliders)
            rows.append({
                "page": name,
                "bytes": statistics.median(b for b, _, _ in loads),
                "requests": statistics.median(len(f) for _, _, f in loads),
                "lcp": statistics.median(lcp for _, lcp, _ in loads),
                "slider": slider,
                "other_hosts": sorted(h for h in hosts if not h.startswith("127.0.0.1")),
            })
            print(f"  measured {name}", file=sys.stderr, flush=True)
        browser.close()

    text_rows = [row for row in rows if not is_chapter(row["page"])]
    fastest = min(text_rows, key=lambda row: row["lcp"]) if text_rows else None
    ok = True
    print(f"book: {args.html}")
    print(f"profile: CPU {PHONE['cpu_slowdown']}x slower, "
          f"{PHONE['download_bits_per_s'] / 1e6:g} Mbit/s, {PHONE['round_trip_ms']} ms RTT, "
          f"{PHONE['viewport']['width']} px; median of {args.runs} cold loads")
    if fastest:
        print(f"fastest text-only page: {fastest['page']} (LCP {fastest['lcp'] / 1000:.2f} s)")
    print(f"{'page':40} {'MB':>6} {'budget':>7} {'req':>4} {'LCP s':>6} {'budget':>7} "
          f"{'slider s':>8} {'budget':>7}")
    for row in rows:
        chapter = is_chapter(row["page"])
        limit = budget(row["page"])
        flags = []
        if row["bytes"] > limit:
            flags.append("bytes")
        lcp_budget = slider_budget = None
        if chapter and fastest:
            lcp_budget = LCP_FACTOR * fastest["lcp"]
            slider_budget = SLIDER_FACTOR * fastest["lcp"]
            if row["lcp"] > lcp_budget:
                flags.append("LCP")
            if row["slider"] is not None and row["slider"] > slider_budget:
                flags.append("slider")
        if row["other_hosts"]:
            flags.append("hosts " + ",".join(row["other_hosts"]))
        ok = ok and not flags
        slider = "-" if row["slider"] is None else f"{row['slider'] / 1000:.2f}"
        print(f"{row['page']:40} {row['bytes'] / 1e6:6.2f} {limit / 1e6:7.2f} "
              f"{row['requests']:4.0f} {row['lcp'] / 1000:6.2f} "
              f"{'' if lcp_budget is None else f'{lcp_budget / 1000:.2f}':>7} {slider:>8} "
              f"{'' if slider_budget is None or row['slider'] is None else f'{slider_budget / 1000:.2f}':>7}"
              f"  {'ok' if not flags else 'OVER: ' + ', '.join(flags)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
