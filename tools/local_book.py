"""What the browser tests and the screenshot tool share: the built book served on a local
port, the flags for the system Chromium (driven by Playwright, never downloaded), and the
scripts that scroll a page the way a reader does.

A page of the book loads lazily: MathJax (its ui/lazy extension) typesets a formula when it
comes near the viewport, and the browser fetches an image of the page body (a figure, the
shown frame of an interactive figure) when it comes near (``loading="lazy"``). A check of
the math or the images, and a full-page screenshot, must first bring each one into view:
:data:`TYPESET_BY_SCROLLING` and :data:`LOAD_IMAGES_BY_SCROLLING` do, one after another,
and wait for each.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: Names under which a Chromium-family browser is installed: Debian's package, Ubuntu's,
#: and Google Chrome (what GitHub's Ubuntu runners have).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_executable() -> str | None:
    """The browser to drive: ``$CHROMIUM`` if set, else the first of :data:`CHROMIUM_NAMES`
    on the ``PATH``; ``None`` when there is none."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


# A formula is typeset when it holds an mjx-container with the rendered math (CHTML's
# mjx-math or an SVG), not only the empty placeholder (an mjx-container holding mjx-lazy)
# that MathJax's ui/lazy leaves until the formula comes near the viewport.
IS_TYPESET = """(el => Array.from(el.querySelectorAll('mjx-container')).some(
    box => box.querySelector(':scope > mjx-math, :scope > svg') !== null))"""

# Where a formula is, for messages (a lazy formula's placeholder holds no text): its number
# on the page and the id of its section.
FORMULA_PLACE = """((el, i) => 'formula ' + (i + 1) + ' in #'
    + ((el.closest('section[id]') || {id: '?'}).id))"""

#: ``async (ms) => [...]``: scrolls to the first formula of the article (``.math``) that a
#: reader can see and MathJax has not typeset, waits up to ``ms`` for it (MathJax typesets
#: whatever came into view with it), and goes on to the next; back at the top, returns the
#: formulas that were still not typeset ``ms`` after being scrolled to (it stops after five).
TYPESET_BY_SCROLLING = f"""async (ms) => {{
    const MAX_FAILED = 5;
    const typeset = {IS_TYPESET};
    const math = Array.from(document.querySelectorAll('article .math'));
    const failed = [];
    for (let i = 0; i < math.length; i++) {{
        const el = math[i];
        if (!el.checkVisibility() || typeset(el)) {{ continue; }}
        el.scrollIntoView({{block: 'center'}});
        const deadline = performance.now() + ms;
        while (!typeset(el) && performance.now() < deadline) {{
            await new Promise(resolve => setTimeout(resolve, 25));
        }}
        if (!typeset(el)) {{ failed.push(({FORMULA_PLACE})(el, i)); }}
        if (failed.length === MAX_FAILED && i + 1 < math.length) {{
            failed.push('(stopped: ' + (math.length - i - 1) + ' formula(s) after not tried)');
            break;
        }}
    }}
    scrollTo(0, 0);
    return failed;
}}"""

#: ``async (ms) => {images, failed}``: scrolls each image of the article that a reader can
#: see (not the hidden frames of an interactive figure) into view and waits up to ``ms``
#: for it to load; back at the top, returns how many there were and those that did not
#: load (their ``src`` and the start of their alt text; it stops after five).
LOAD_IMAGES_BY_SCROLLING = """async (ms) => {
    const MAX_FAILED = 5;
    const loaded = img => img.complete && img.naturalWidth > 0;
    const images = Array.from(document.querySelectorAll('article img'))
        .filter(img => img.checkVisibility());
    const failed = [];
    for (const img of images) {
        img.scrollIntoView({block: 'center'});
        const deadline = performance.now() + ms;
        while (!loaded(img) && performance.now() < deadline) {
            await new Promise(resolve => setTimeout(resolve, 25));
        }
        if (!loaded(img)) {
            failed.push(img.getAttribute('src') + ' (' + (img.alt || 'no alt').slice(0, 60) + ')');
        }
        if (failed.length === MAX_FAILED && images.indexOf(img) + 1 < images.length) {
            failed.push('(stopped: ' + (images.length - images.indexOf(img) - 1)
                + ' image(s) after not tried)');
            break;
        }
    }
    scrollTo(0, 0);
    return {images: images.length, failed};
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class: type = QuietHandler) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 and a free port with ``handler_class``
    (a :class:`http.server.SimpleHTTPRequestHandler`); yields the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
