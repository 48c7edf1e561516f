#!/usr/bin/env python
"""Check the built HTML book is self-contained: nothing is loaded from another host.

Fails (exit 1) when any page in the build folder has

* a ``<script src>``, ``<link href>`` (stylesheet, preload, icon, ...), ``<img src>``,
  ``<iframe src>``, ``<source src>`` or ``<video>/<audio src>`` pointing to another host;
* a CDN host name (jsdelivr, cdnjs, unpkg, ...) anywhere inside a ``<script>`` or
  ``<link>`` tag, including inline script bodies;
* the same inline ``<script>`` body twice (that is what produced the console error
  "Identifier 'THEBE_JS_URL' has already been declared");
* a local script or stylesheet that does not exist in the build.

Ordinary hyperlinks (``<a href>``) to other sites are fine: they load nothing.

Usage: python scripts/check_built_html.py [_build/html]
"""

from __future__ import annotations

import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "unpkg.com",
    "ajax.googleapis.com",
    "code.jquery.com",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "cdn.plot.ly",
    "polyfill.io",
)
RESOURCE_ATTRS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
}
# <link rel=...> values that make the browser fetch something
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "shortcut",
    "manifest",
}


class _PageScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.resources: list[tuple[str, str]] = []  # (tag, url)
        self.cdn_mentions: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False
        self._script_body: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "link"):
            raw = " ".join(f"{k}={v}" for k, v in attrs.items() if v)
            self.cdn_mentions += [f"<{tag} {raw[:160]}>" for host in CDN_HOSTS if host in raw]
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & FETCHING_RELS and attrs.get("href"):
                self.resources.append((tag, attrs["href"]))
        elif tag in RESOURCE_ATTRS and attrs.get(RESOURCE_ATTRS[tag]):
            self.resources.append((tag, attrs[RESOURCE_ATTRS[tag]]))
        if tag == "script":
            self._in_script = not attrs.get("src")
            self._script_body = []

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            body = "".join(self._script_body).strip()
            if body:
                self.inline_scripts.append(body)
                self.cdn_mentions += [
                    f"inline <script> mentioning {host}" for host in CDN_HOSTS if host in body
                ]
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self._script_body.append(data)


def check_page(page: Path, root: Path) -> list[str]:
    scanner = _PageScanner()
    scanner.feed(page.read_text(encoding="utf-8"))
    problems = [f"CDN reference: {mention}" for mention in scanner.cdn_mentions]
    for tag, url in scanner.resources:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") or url.startswith("//"):
            problems.append(f"external resource: <{tag}> {url}")
        elif parts.scheme in ("", "file") and parts.path:
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                problems.append(f"missing local resource: <{tag}> {url}")
    # Identical *inline scripts* twice are a bug (re-declared `const`s), except JSON data
    # and a function expression called at once, which declares nothing at the top level
    # (each interactive figure's player runs one such script for itself).
    for body, count in Counter(scanner.inline_scripts).items():
        if count > 1 and not body.startswith(("{", "(function")):
            problems.append(f"inline <script> repeated {count} times: {body[:80]!r}")
    return [f"{page.relative_to(root)}: {problem}" for problem in problems]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0] if argv else "_build/html").resolve()
    # _static/ holds the themes' Jinja macro files (*.html templates), not pages.
    pages = sorted(p for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts)
    if not pages:
        print(f"check_built_html: no HTML pages under {root}", file=sys.stderr)
        return 1
    problems = [problem for page in pages for problem in check_page(page, root)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"check_built_html: {len(problems)} problem(s) in {len(pages)} pages", file=sys.stderr
        )
        return 1
    print(f"check_built_html: {len(pages)} pages, no external resources, no CDN references")
    return 0


if __name__ == "__main__":
    sys.exit(main())
