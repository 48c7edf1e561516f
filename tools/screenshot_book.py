#!/usr/bin/env python
"""Screenshots of built book pages in the light and the dark theme, at a desktop and a phone
width (for reviewing by eye).

Serves ``_build/html`` on a local port, opens each page in the system Chromium through
Playwright (never ``playwright install``), and writes full-page PNGs plus a close-up of
every figure and every interactive figure:

    python tools/screenshot_book.py                       # all pages -> /tmp/shots
    python tools/screenshot_book.py book/00_welcome.html --out shots/
    python tools/screenshot_book.py book/03_backpropagation.html --width 390

The book's pages load lazily (formulas are typeset, images fetched, as they come near the
screen), so before the screenshots each formula and each image is scrolled into view and
waited for, as a reader scrolling down the page would.

For each page, width and theme: ``<name>-<width>-<theme>.png``,
``<name>-<width>-<theme>-figure-N.png`` and ``<name>-<width>-<theme>-player-N.png`` (an
interactive figure after three arrow-key presses on its slider, which has the focus).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT))  # run as a script: make `tools` importable

from tools.local_book import (  # noqa: E402
    CHROMIUM_FLAGS,
    LOAD_IMAGES_BY_SCROLLING,
    TYPESET_BY_SCROLLING,
    serve,
)

#: The desktop width of the browser tests and the phone of the page-speed benchmark.
WIDTHS = (1280, 390)
HEIGHT = {1280: 900, 390: 844}

# The shown frame of a player: one image, other than `before`, loaded.
_NEW_FRAME = """([player, before]) => {
    const shown = Array.from(player.querySelectorAll('img')).filter(img => img.checkVisibility());
    return shown.length === 1 && shown[0].src !== before
        && shown[0].complete && shown[0].naturalWidth > 0;
}"""


def move_slider(page, player) -> str:
    """Focus the player's slider and press an arrow key three times (right, or left when
    fewer than three steps are left); wait for the new frame. Returns what happened."""
    slider = player.locator("input[type=range]")
    value, last = slider.evaluate("s => [Number(s.value), Number(s.max)]")
    key = "ArrowRight" if last - value >= 3 or last - value >= value else "ArrowLeft"
    before = player.evaluate(
        "p => (Array.from(p.querySelectorAll('img')).find(i => i.checkVisibility()) || {}).src"
    )
    slider.focus()
    for _ in range(3):
        page.keyboard.press(key)
    try:
        page.wait_for_function(_NEW_FRAME, arg=[player.element_handle(), before], timeout=10_000)
    except Exception:  # noqa: BLE001 - a review tool reports, the tests fail
        return f"{key} x3: the figure did not change"
    return f"{key} x3: {value} -> {slider.evaluate('s => s.value')}"


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="paths relative to _build/html")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--width", type=int, action="append", choices=WIDTHS,
                        help="viewport width (repeatable; default: both)")
    args = parser.parse_args(argv)
    if not (HTML / "index.html").is_file():
        print("no built book: run scripts/build_book.sh first", file=sys.stderr)
        return 1
    pages = args.pages or sorted(
        p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html")
    )
    missing = [page for page in pages if not (HTML / page).is_file()]
    if missing:
        print(f"pages: expected paths of built pages under {HTML}, got {missing}",
              file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)

    with serve(HTML) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium,
                                             args=CHROMIUM_FLAGS)
        for page_path in pages:
            name = Path(page_path).stem
            for width in args.width or WIDTHS:
                for theme in ("light", "dark"):
                    context = browser.new_context(
                        viewport={"width": width, "height": HEIGHT[width]}, color_scheme=theme
                    )
                    page = context.new_page()
                    external = []

                    def record(request, external=external):
                        url = request.url
                        if url.startswith(("http://", "https://")) and not url.startswith(base):
                            external.append(url)

                    page.on("request", record)
                    page.goto(f"{base}/{page_path}", wait_until="load")
                    page.evaluate("async () => { if (window.MathJax && MathJax.startup)"
                                  " await MathJax.startup.promise; }")
                    untypeset = page.evaluate(TYPESET_BY_SCROLLING, 10_000)
                    images = page.evaluate(LOAD_IMAGES_BY_SCROLLING, 10_000)
                    shown = page.evaluate("document.documentElement.dataset.theme")
                    prefix = args.out / f"{name}-{width}-{theme}"
                    page.screenshot(path=f"{prefix}.png", full_page=True)
                    for i, figure in enumerate(page.locator("article figure").all(), 1):
                        figure.screenshot(path=f"{prefix}-figure-{i}.png")
                    players = page.locator("article .frame-player").all()
                    moves = []
                    for i, player in enumerate(players, 1):
                        moves.append(move_slider(page, player))
                        player.screenshot(path=f"{prefix}-player-{i}.png")
                    problems = [f"{len(untypeset)} formula(s) not typeset"] if untypeset else []
                    if images["failed"]:
                        problems.append(f"images not loaded: {images['failed']}")
                    print(
                        f"{page_path} [{width} px, {theme}, page theme={shown}]: "
                        f"{len(players)} interactive figure(s) ({'; '.join(moves) or '-'}), "
                        f"external requests: {external or 'none'}"
                        + (f"; PROBLEMS: {'; '.join(problems)}" if problems else "")
                    )
                    context.close()
        browser.close()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
