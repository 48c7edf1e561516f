"""The built HTML book in a real browser: offline, math typeset, slider switches frames.

Needs the built book (``scripts/build_book.sh``) and Chromium (``apt-get install
chromium``); skipped with the reason otherwise. Playwright drives the system Chromium
(never ``playwright install``). The page is served from a local HTTP server, and every
request the page makes is recorded: none may leave localhost.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
WELCOME = "book/00_welcome.html"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(
        not (HTML / WELCOME).is_file(),
        reason=f"built book not found at {HTML / WELCOME}: run scripts/build_book.sh first",
    ),
    pytest.mark.skipif(
        not Path(CHROMIUM).is_file(),
        reason="Chromium not found (apt-get install chromium, or set CHROMIUM=/path)",
    ),
]

VISIBLE_FRAME = """() => Array.from(document.querySelectorAll('.widget-html img'))
    .filter(img => img.offsetParent !== null)
    .map(img => ({alt: img.alt, src: img.src}))"""
VISIBLE_READOUT = """() => Array.from(document.querySelectorAll('.widget-readout'))
    .filter(el => el.offsetParent !== null).map(el => el.textContent.trim())"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """The welcome page, fully loaded, with its requests and console messages recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests, page.console_errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(f"{server}/{WELCOME}", wait_until="networkidle")
    page.wait_for_selector(".widget-html img", timeout=20_000)
    yield page
    context.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def test_keyboard_on_the_slider_switches_the_frame_without_a_kernel(page):
    (before,) = page.evaluate(VISIBLE_FRAME)
    assert page.evaluate(VISIBLE_READOUT) == ["3.0"]
    assert "c = 3.0" in before["alt"]

    handle = page.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.widget-readout'))
              .some(el => el.offsetParent !== null && el.textContent.trim() === '4.5')""",
        timeout=5_000,
    )
    (after,) = page.evaluate(VISIBLE_FRAME)
    assert after["src"] != before["src"]
    assert "c = 4.5" in after["alt"]


def test_slider_is_labelled(page):
    label = page.locator(".widget-slider .widget-label").first
    assert label.inner_text().strip() == "guess c"
    handle = page.locator(".widget-slider .noUi-handle").first
    assert handle.get_attribute("role") == "slider"
    assert handle.get_attribute("tabindex") == "0"  # reachable with the keyboard


def test_no_request_leaves_localhost(page):
    page.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    external = [url for url in page.requests if not _is_local(url)]
    assert external == []
    assert any(url.endswith(".js") or ".js?" in url for url in page.requests)  # it did load


def test_math_is_typeset_by_the_local_mathjax(page):
    page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0")
    typeset = page.evaluate("() => document.querySelectorAll('mjx-container').length")
    assert typeset >= 10
    assert any("/_static/mathjax/" in url for url in page.requests)
    assert "$$" not in page.locator("article").inner_text()


def test_solutions_are_hidden_until_opened(page):
    solution = page.locator(".solution.dropdown").first
    code = solution.locator(".cell_input").first  # the solution's code cell is inside it
    assert not code.is_visible()
    solution.locator("button.toggle-button").first.click()
    code.wait_for(state="visible", timeout=5_000)
    assert "def my_mean" in code.inner_text()


def test_no_console_errors(page):
    page.wait_for_timeout(500)
    errors = [
        text
        for text in page.console_errors
        # the test server has no /favicon.ico; the browser asks for it on its own
        if "favicon" not in text and "status of 404" not in text
    ]
    assert errors == []
