#!/usr/bin/env python
"""Screenshots of built book pages in the light and the dark theme (for reviewing by eye).

Serves ``_build/html`` on a local port, opens each page in the system Chromium through
Playwright (never ``playwright install``), and writes full-page PNGs plus a close-up of
every figure and interactive widget:

    python tools/screenshot_book.py                       # all pages -> /tmp/shots
    python tools/screenshot_book.py book/00_welcome.html --out shots/

For each page: ``<name>-light.png``, ``<name>-dark.png``, ``<name>-<theme>-figure-N.png``
and ``<name>-<theme>-widget-N.png`` (the slider's figure after three right-arrow presses).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT))  # run as a script: make `tools` importable

from tools.local_book import CHROMIUM_FLAGS, serve  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="paths relative to _build/html")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not (HTML / "index.html").is_file():
        print("no built book: run scripts/build_book.sh first", file=sys.stderr)
        return 1
    pages = args.pages or sorted(
        p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html")
    )
    args.out.mkdir(parents=True, exist_ok=True)

    with serve(HTML) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium,
                                             args=CHROMIUM_FLAGS)
        for page_path in pages:
            name = Path(page_path).stem
            for theme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900}, color_scheme=theme
                )
                page = context.new_page()
                external = []

                def record(request, external=external):
                    url = request.url
                    if url.startswith(("http://", "https://")) and not url.startswith(base):
                        external.append(url)

                page.on("request", record)
                page.goto(f"{base}/{page_path}", wait_until="networkidle")
                page.wait_for_timeout(1000)  # MathJax typesetting
                shown = page.evaluate("document.documentElement.dataset.theme")
                page.screenshot(path=args.out / f"{name}-{theme}.png", full_page=True)
                for i, figure in enumerate(page.locator("figure").all(), 1):
                    figure.screenshot(path=args.out / f"{name}-{theme}-figure-{i}.png")
                widgets = page.locator(".jupyter-widgets.widget-vbox").all()
                for i, widget in enumerate(widgets, 1):
                    handle = widget.locator(".noUi-handle").first
                    if handle.count():
                        handle.focus()
                        for _ in range(3):
                            page.keyboard.press("ArrowRight")
                        page.wait_for_timeout(300)
                    widget.screenshot(path=args.out / f"{name}-{theme}-widget-{i}.png")
                print(
                    f"{page_path} [{theme}, page theme={shown}]: {len(widgets)} widget(s), "
                    f"external requests: {external or 'none'}"
                )
                context.close()
        browser.close()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
