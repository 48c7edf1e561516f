"""What the page-speed benchmark and the page-weight test share: the built book served
with gzip as a static host serves it, and what one page load fetches, as the browser
reports it.

A static host such as GitHub Pages compresses text files (HTML, CSS, JavaScript, JSON,
SVG) with gzip and sends images and web fonts as they are. :func:`serve_gzip` does the
same on a loopback port. :func:`page_requests` loads one page in Chromium and lists every
response it received (path, body bytes on the wire); :func:`wire_bytes` is the size
such a host sends for one built file, computed from the file itself, so the weight of a
page does not depend on timing.
"""

from __future__ import annotations

import functools
import gzip
import io
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.local_book import QuietHandler, serve

#: Types a static host compresses (GitHub Pages compresses these; images and woff2 fonts
#: are compressed already).
COMPRESSED_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".txt", ".xml",
                                 ".map", ".ttf", ".otf", ".eot", ".ipynb", ".md"})

#: The phone profile of the benchmark: a mid-range phone on a mobile network.
PHONE = {
    "cpu_slowdown": 4,
    "download_bits_per_s": 9_000_000,
    "upload_bits_per_s": 9_000_000,
    "round_trip_ms": 150,
    "viewport": {"width": 390, "height": 844},
}

#: Browser context of a phone (Playwright ``new_context`` arguments): the viewport
#: decides which lazily loaded images a first screen fetches.
PHONE_CONTEXT = {"viewport": PHONE["viewport"], "is_mobile": True, "device_scale_factor": 2,
                 "has_touch": True}

#: Budgets on the wire (issue "Fast pages"): a chapter page with everything it loads, and
#: a text-only page (the appendices).
CHAPTER_BUDGET = 1_200_000
TEXT_BUDGET = 800_000


def toc_pages(root: Path) -> list[str]:
    """Every page of the book (``.html`` paths), in the order of ``root/_toc.yml``."""
    import yaml

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [chapter["file"] for part in toc.get("parts", [])
                             for chapter in part["chapters"]]
    return [f"{name}.html" for name in files]


def is_chapter(page: str) -> bool:
    """Chapters are the numbered pages of ``book/``; the appendices are text-only pages."""
    return "/appendix/" not in page


def budget(page: str) -> int:
    return CHAPTER_BUDGET if is_chapter(page) else TEXT_BUDGET


@functools.lru_cache(maxsize=4096)
def _gzip(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def wire_bytes(path: Path) -> int:
    """Body bytes a gzip-serving static host sends for the file at ``path``."""
    path = Path(path)
    if path.suffix.lower() in COMPRESSED_SUFFIXES:
        return len(_gzip(path, path.stat().st_mtime_ns))
    return path.stat().st_size


class _GzipHandler(QuietHandler):
    """Static files; text types gzip-compressed when the client accepts gzip."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if (not accepts or not path.is_file()
                or path.suffix.lower() not in COMPRESSED_SUFFIXES):
            return super().send_head()
        body = _gzip(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve_gzip(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) with gzip for text files, as a
    context manager that yields the base URL."""
    return serve(directory, _GzipHandler)


def apply_profile(cdp, profile: dict) -> None:
    """Slow the CPU and the network of the page behind the CDP session ``cdp``."""
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu_slowdown"]})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False,
        "latency": profile["round_trip_ms"],
        "downloadThroughput": profile["download_bits_per_s"] / 8,
        "uploadThroughput": profile["upload_bits_per_s"] / 8,
    })


class NetworkLog:
    """Responses seen on a CDP session: URL and body bytes received (after gzip)."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.body_bytes: dict[str, int] = {}
        self.wire: dict[str, int] = {}
        self.pending: set[str] = set()
        self.last_activity = time.monotonic()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.send("Network.enable")
        # No memory or disk cache between loads: every page is a first visit.
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]
        self.pending.add(event["requestId"])
        self.last_activity = time.monotonic()

    def _data(self, event):
        rid = event["requestId"]
        self.body_bytes[rid] = self.body_bytes.get(rid, 0) + event.get("encodedDataLength", 0)
        self.last_activity = time.monotonic()

    def _finished(self, event):
        self.wire[event["requestId"]] = event["encodedDataLength"]
        self.pending.discard(event["requestId"])
        self.last_activity = time.monotonic()

    def _failed(self, event):
        self.pending.discard(event["requestId"])
        self.last_activity = time.monotonic()

    def wait_idle(self, page, quiet_s: float = 1.5, timeout_s: float = 120) -> None:
        """Wait until no request has been pending or active for ``quiet_s`` seconds."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            page.wait_for_timeout(200)
            if not self.pending and time.monotonic() - self.last_activity > quiet_s:
                return
        raise TimeoutError(f"the page kept loading for {timeout_s} s: {sorted(self.pending)}")

    def total_wire_bytes(self) -> int:
        """Bytes received, headers included, for every finished request."""
        return sum(self.wire.values())

    def fetched(self) -> list[str]:
        """Every URL requested, in order (data: URLs excluded)."""
        return [url for url in self.urls.values() if not url.startswith("data:")]


def page_requests(browser, url: str) -> list[str]:
    """Load ``url`` on a phone (:data:`PHONE_CONTEXT`, no cache, no throttling) and return
    every URL it requested until the network has been quiet for 1.5 s."""
    context = browser.new_context(**PHONE_CONTEXT)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        log = NetworkLog(cdp)
        page.goto(url, wait_until="load")
        log.wait_idle(page)
        return log.fetched()
    finally:
        context.close()


def local_path(url: str, base_url: str, root: Path) -> Path | None:
    """The built file behind ``url`` when it is served from ``base_url``, else ``None``."""
    if not url.startswith(base_url):
        return None
    path = unquote(urlsplit(url).path).lstrip("/")
    target = root / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def page_weight(browser, root: Path, page: str, base_url: str) -> dict[str, int]:
    """What one cold load of ``page`` (a path under ``root``) costs on the wire: a map
    from each built file it fetched to :func:`wire_bytes` of that file. A request to
    another host or to a missing file raises, naming it."""
    urls = page_requests(browser, f"{base_url}/{page}")
    weight: dict[str, int] = {}
    for url in urls:
        path = local_path(url, base_url, root)
        if path is None:
            raise AssertionError(f"{page} requested {url}, which the built book does not hold")
        weight[str(path.relative_to(root))] = wire_bytes(path)
    return weight
