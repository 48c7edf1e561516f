"""The offline copy of the book: a zip that works unzipped and opened from disk (``file://``).

Three groups of tests:

* ``scripts/build_offline_copy.py`` on small trees written here (no build needed): the zip is
  the same bytes every time, everything sits in one folder, it never packs an offline copy
  (itself) and leaves out what no page loads; bad arguments get clear errors. The build's
  speech-rule locale scripts (``_ext/book_build.py``) hold exactly the JSON they copy.
* The real ``_build/the-mistake-notebook-offline.zip``: one top folder with ``index.html``
  and ``README.txt``, no zip inside, under its size budget, and current (every file of the
  site it should hold, with the site's bytes).
* That zip, unzipped into a temporary folder and opened in headless Chromium through
  ``file://`` URLs only: ``index.html`` leads to the welcome chapter; on chapters with
  interactive figures and on an appendix the math is typeset as the reader scrolls to it,
  every interactive figure is a frame player whose frames are files of the copy
  (``_images/``, loaded lazily) and whose slider switches its figure from the keyboard (the
  same checks as on the served site), the solution toggles open, the sidebar leads to the
  next chapter, the search box finds the page that teaches a term, MathJax's speech loads
  its locales; no widget manager, no console error, no uncaught exception and no request
  that is not ``file://``.

The zip comes from ``python scripts/build_offline_copy.py`` after the book's build; without
it these tests are skipped with the reason, except in CI (``CI`` set to true), where that is
a failure. Chromium and Playwright are handled the same way (see tests/book/test_browser_book.py).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from tests.book.test_browser_book import (
    MATH_STATE,
    MATHJAX_DONE,
    SEARCH_TERMS,
    VIEWPORT,
    WIDGET_MANAGER_FILES,
    WIDGET_SCRIPTS,
    check_math_comes_into_view,
    check_math_typeset,
    check_players,
    toc_docnames,
)
from tests.helpers import ROOT, load_module, missing

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    PlaywrightTimeoutError = TimeoutError


offline = load_module(ROOT / "scripts" / "build_offline_copy.py", "build_offline_copy")
book_build = load_module(ROOT / "_ext" / "book_build.py", "book_build")

ZIP = offline.DEFAULT_OUTPUT
HTML = offline.DEFAULT_HTML
TOP = offline.TOP_FOLDER

# Measured: 30.3 MB without the PDF for chapters 0-9 and appendices A.1-A.4 with the widget
# manager's pages (frames inlined as base64); 18.8 MB with the frame players (frames as WebP
# files in _images/, 5.1 MB), half of it the notebooks in _sources/ (9.0 MB). The budget
# leaves room for a few more chapters; the PDF, made by its own step, is counted separately.
SITE_BUDGET_BYTES = 40_000_000
PDF_BUDGET_BYTES = 30_000_000

# MATHJAX_DONE with a time limit: a typesetting that never finishes (MathJax waiting for a
# file it cannot read) fails the test that waits for it instead of hanging the run.
MATHJAX_SETTLED = f"""async (ms) => Promise.race([
    ({MATHJAX_DONE})(),
    new Promise(resolve => setTimeout(() => resolve('still typesetting after ' + ms + ' ms'), ms)),
])"""

# Chapters with interactive figures and exercises, and an appendix with math.
CHAPTERS = [
    "book/00_welcome",
    "book/03_backpropagation",
    "book/06_mean_absolute_error",
    "book/appendix/numerical_stability",
]


# --- the zip writer on small trees -------------------------------------------------------------


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def _small_site(root: Path) -> Path:
    """A built site in miniature: a page loading one MathJax bundle, the files to leave out."""
    return _write(
        root,
        {
            "index.html": '<meta http-equiv="Refresh" content="0; url=book/a.html" />',
            "book/a.html": '<script defer="defer" src="../_static/mathjax/tex-mml-chtml.js'
            '?v=1"></script><p>chapter</p>',
            "search.html": "<p>search</p>",
            "searchindex.js": "Search.setIndex({})",
            "_sources/book/a.ipynb": '{"cells": []}',
            "_static/mathjax/tex-mml-chtml.js": "/* the bundle a page loads */",
            "_static/mathjax/tex-svg.js": "/* a bundle no page loads */",
            "_static/mathjax/latest.js": "/* a bundle no page loads */",
            "_static/mathjax/core.js": "/* a component the loader knows */",
            "_static/mathjax/output/svg.js": "/* loaded on demand */",
            "_static/scripts/theme.js": "//# sourceMappingURL=theme.js.map",
            "_static/scripts/theme.js.map": "{}",
            "downloads/the-mistake-notebook-offline.zip": b"PK old copy",
            "downloads/the-mistake-notebook-offline.zip.partial": b"PK interrupted copy",
            ".buildinfo": "# Sphinx build info",
            "objects.inv": b"inventory",
        },
    )


def test_write_zip_gives_the_same_bytes_every_time(tmp_path):
    site = _write(tmp_path / "site", {"b.txt": "two", "a/one.html": "one", "a/z/x.js": "x"})
    entries = {
        "a/one.html": site / "a" / "one.html",
        "b.txt": site / "b.txt",
        "a/z/x.js": site / "a" / "z" / "x.js",
        "README.txt": b"open index.html\n",
    }
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    offline.write_zip(entries, first)
    for path in site.rglob("*"):  # other modification times must not matter
        if path.is_file():
            path.touch()
    offline.write_zip(dict(reversed(list(entries.items()))), second)  # nor the order given
    assert first.read_bytes() == second.read_bytes(), "the same files gave different zips"


def test_write_zip_puts_everything_in_one_folder_in_sorted_order(tmp_path):
    entries = {"b.txt": b"b", "a/one.html": b"1", "README.txt": b"r"}
    offline.write_zip(entries, tmp_path / "out.zip", top="book")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == ["book/", "book/README.txt", "book/a/", "book/a/one.html", "book/b.txt"]
        assert archive.read("book/a/one.html") == b"1"
    files = [info for info in infos if not info.is_dir()]
    assert {info.date_time for info in infos} == {offline.FIXED_TIME}
    assert {info.compress_type for info in files} == {zipfile.ZIP_DEFLATED}
    assert {info.external_attr >> 16 for info in files} == {0o100644}
    assert not list(tmp_path.glob("*.partial")), "a partial zip was left behind"


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "a/../../b", "a\\b/../c", ""])
def test_write_zip_refuses_names_outside_its_folder(tmp_path, name):
    with pytest.raises(ValueError, match="relative posix paths"):
        offline.write_zip({name: b"x"}, tmp_path / "out.zip")


def test_write_zip_refuses_an_empty_zip(tmp_path):
    with pytest.raises(ValueError, match="entries is empty"):
        offline.write_zip({}, tmp_path / "out.zip")


def test_selection_leaves_out_the_zip_source_maps_tool_files_and_unloaded_bundles(tmp_path):
    selection = offline.select(_small_site(tmp_path / "site"))
    assert sorted(selection.left_out) == [
        ".buildinfo",
        "_static/mathjax/latest.js",
        "_static/mathjax/tex-svg.js",
        "_static/scripts/theme.js.map",
        "downloads/the-mistake-notebook-offline.zip",
        "downloads/the-mistake-notebook-offline.zip.partial",
        "objects.inv",
    ]
    assert "_static/mathjax/tex-mml-chtml.js" in selection.included  # the bundle a page loads
    assert "_static/mathjax/core.js" in selection.included
    assert "_static/mathjax/output/svg.js" in selection.included
    assert "_sources/book/a.ipynb" in selection.included  # the download button's target


def test_offline_copy_of_a_site_with_a_pdf(tmp_path):
    site = _small_site(tmp_path / "site")
    _write(site, {"downloads/the-mistake-notebook.pdf": b"%PDF-1.7"})
    report = offline.build_offline_copy(site, tmp_path / "copy.zip")
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        names = set(archive.namelist())
        readme = archive.read(f"{TOP}/README.txt").decode("ascii")
    assert f"{TOP}/downloads/the-mistake-notebook.pdf" in names
    assert f"{TOP}/downloads/the-mistake-notebook-offline.zip" not in names
    assert f"{TOP}/index.html" in names and f"{TOP}/_sources/book/a.ipynb" in names
    assert "open index.html" in readme and "downloads/the-mistake-notebook.pdf" in readme
    assert report.files == len([n for n in names if not n.endswith("/")])
    assert report.zip_bytes == (tmp_path / "copy.zip").stat().st_size


def test_offline_copy_of_a_site_without_a_pdf_does_not_mention_one(tmp_path):
    offline.build_offline_copy(_small_site(tmp_path / "site"), tmp_path / "copy.zip")
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        readme = archive.read(f"{TOP}/README.txt").decode("ascii")
    assert "open index.html" in readme and ".pdf" not in readme


def test_publish_copies_the_zip_into_the_sites_downloads(tmp_path):
    site = _small_site(tmp_path / "site")
    offline.build_offline_copy(site, tmp_path / offline.ZIP_NAME)
    published = offline.publish(tmp_path / offline.ZIP_NAME, site)
    assert published == site / "downloads" / offline.ZIP_NAME
    assert published.read_bytes() == (tmp_path / offline.ZIP_NAME).read_bytes()


@pytest.mark.parametrize(
    "html, output, message",
    [
        ("missing", "copy.zip", "--html: expected the built book's folder"),
        ("site", "copy.tar", "--output: expected a path ending in .zip"),
        ("site", "site/downloads/copy.zip", "--output: expected a path outside the site"),
    ],
)
def test_bad_arguments_are_named_in_the_error(tmp_path, html, output, message):
    _small_site(tmp_path / "site")
    with pytest.raises(ValueError, match=re.escape(message)):
        offline.build_offline_copy(tmp_path / html, tmp_path / output)


def test_main_reports_bad_arguments_with_exit_status_2(tmp_path, capsys):
    assert offline.main(["--html", str(tmp_path / "nowhere")]) == 2
    assert "--html: expected the built book's folder" in capsys.readouterr().err


# --- the speech-rule locale scripts (_ext/book_build.py) ---------------------------------------

LOCALE_SCRIPT = re.compile(
    r'^\(window\.bookSreLocales = window\.bookSreLocales \|\| \{\}\)\[("[^"]+")\] = (".*");\n$',
    re.DOTALL,
)


def test_sre_locale_scripts_hold_exactly_the_json_text(tmp_path):
    text = '{"en/messages/x": {"kind": "alphabets", "say": "\\u00e9 \\" \\n \u2028 </script>"}}'
    _write(tmp_path, {"en.json": text, "base.json": "{}", "notes.txt": "not a locale"})
    written = book_build.write_sre_locale_scripts(tmp_path)
    assert [path.name for path in written] == ["base.js", "en.js"]
    match = LOCALE_SCRIPT.match((tmp_path / "en.js").read_text(encoding="utf-8"))
    assert match, "en.js is not one assignment to window.bookSreLocales"
    assert json.loads(match.group(1)) == "en"
    assert json.loads(match.group(2)) == text  # a JS string literal holding the JSON text


def test_sre_locale_scripts_reject_a_file_that_is_not_json(tmp_path):
    _write(tmp_path, {"en.json": "{not json"})
    with pytest.raises(ValueError, match=r"en\.json is not valid JSON"):
        book_build.write_sre_locale_scripts(tmp_path)


# --- the real zip ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_zip() -> Path:
    """``_build/the-mistake-notebook-offline.zip``; skipped (failed in CI) when missing."""
    if not ZIP.is_file():
        missing(f"offline copy not found at {ZIP}: run scripts/build_book.sh")
    return ZIP


def test_zip_has_one_top_folder_with_index_and_readme(real_zip):
    with zipfile.ZipFile(real_zip) as archive:
        names = archive.namelist()
        readme = archive.read(f"{TOP}/README.txt").decode("ascii")
    assert {name.split("/", 1)[0] for name in names} == {TOP}, "unzipping would spill files"
    assert f"{TOP}/index.html" in names
    assert "open index.html" in readme


def test_zip_holds_no_zip_and_nothing_left_out(real_zip):
    with zipfile.ZipFile(real_zip) as archive:
        names = [PurePosixPath(name) for name in archive.namelist()]
    assert [name for name in names if name.suffix == ".zip"] == [], "the zip holds a zip"
    assert [name for name in names if name.suffix == ".map"] == []
    assert PurePosixPath(TOP, ".buildinfo") not in names


def test_zip_is_under_its_size_budget(real_zip):
    with zipfile.ZipFile(real_zip) as archive:
        pdf = sum(i.compress_size for i in archive.infolist() if i.filename.endswith(".pdf"))
    site = real_zip.stat().st_size - pdf
    assert site < SITE_BUDGET_BYTES, (
        f"the offline copy's site takes {site / 1e6:.1f} MB, over the {SITE_BUDGET_BYTES / 1e6:.0f}"
        " MB budget: see what dominates with python scripts/build_offline_copy.py"
    )
    assert pdf < PDF_BUDGET_BYTES, f"the PDF takes {pdf / 1e6:.1f} MB in the zip"


def test_zip_is_current_with_the_built_site(real_zip):
    """Every file of _build/html that belongs in the copy is in it, byte for byte (by CRC)."""
    if not (HTML / "index.html").is_file():
        pytest.skip(f"built book not found in {HTML}")
    expected = offline.select(HTML).included
    with zipfile.ZipFile(real_zip) as archive:
        crcs = {
            info.filename.split("/", 1)[1]: info.CRC
            for info in archive.infolist()
            if not info.is_dir()
        }
    missing = sorted(set(expected) - set(crcs))
    extra = sorted(set(crcs) - set(expected) - {"README.txt"})
    changed = [
        rel
        for rel in expected
        if rel in crcs and zipfile.crc32((HTML / rel).read_bytes()) != crcs[rel]
    ]
    stale = "the zip is stale: run python scripts/build_offline_copy.py after the build"
    assert missing == [], f"{stale}; missing: {missing[:10]}"
    assert extra == [], f"{stale}; not in the site: {extra[:10]}"
    assert changed == [], f"{stale}; changed since: {changed[:10]}"


def test_every_speech_locale_has_its_script(real_zip):
    with zipfile.ZipFile(real_zip) as archive:
        names = set(archive.namelist())
    folder = f"{TOP}/{PurePosixPath(*book_build.SRE_LOCALES.parts)}/"
    locales = {name for name in names if name.startswith(folder) and name.endswith(".json")}
    assert locales, f"no speech-rule locale in {folder}"
    scripts = {name.removesuffix(".json") + ".js" for name in locales}
    assert sorted(scripts - names) == [], "locales without their script (see _ext/book_build.py)"


# --- the unzipped copy in Chromium, through file:// only ---------------------------------------


@pytest.fixture(scope="module")
def site(real_zip, tmp_path_factory) -> Path:
    """The offline copy, unzipped into a temporary folder: its top folder."""
    folder = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(real_zip) as archive:
        archive.extractall(folder)
    return folder / TOP


@dataclass
class Traffic:
    """Everything a tab requested and every console error or uncaught exception it had."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def not_file(self) -> list[str]:
        """Requests that did not stay on the disk (file:, or data:/blob:/about: in the page)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("file", "data", "blob", "about")
        ]


def _tab(browser, traffic: Traffic):
    """A new light-theme tab (its own context, so its own localStorage), recorded into traffic."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            traffic.errors.append(f"console.error: {message.text} ({message.location.get('url')})")

    page.on("request", lambda request: traffic.requests.append(request.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: traffic.errors.append(f"uncaught: {error}"))
    return context, page


def _url(site: Path, name: str, query: str = "") -> str:
    return (site / f"{name}.html").as_uri() + (f"?{query}" if query else "")


def test_index_leads_to_the_welcome_chapter(browser, site):
    traffic = Traffic()
    context, page = _tab(browser, traffic)
    try:
        page.goto((site / "index.html").as_uri(), wait_until="domcontentloaded")
        page.wait_for_url(f"**/{toc_docnames()[0]}.html", timeout=10_000, wait_until="load")
        assert page.url.startswith("file://")
        assert page.locator("article h1").first.inner_text().strip()
    finally:
        context.close()
    assert traffic.errors == []
    assert traffic.not_file() == []


@dataclass
class OfflinePage:
    name: str
    page: object  # playwright Page
    traffic: Traffic
    typeset: object  # MATHJAX_SETTLED's answer: True once MathJax is done


@pytest.fixture(scope="module", params=CHAPTERS)
def chapter(request, browser, site):
    """One chapter of the unzipped copy, loaded from file:// once and shared by its tests."""
    name = request.param
    traffic = Traffic()
    context, page = _tab(browser, traffic)
    page.goto(_url(site, name), wait_until="load")
    typeset = page.evaluate(MATHJAX_SETTLED, 30_000)
    yield OfflinePage(name, page, traffic, typeset)
    context.close()


def test_math_is_typeset_from_file_urls(chapter):
    """The first screen's formulas at load, the others as the reader scrolls to them."""
    assert chapter.typeset is True, f"MathJax on {chapter.name}: {chapter.typeset}"
    check_math_comes_into_view(chapter.page, chapter.name)
    check_math_typeset(chapter.page, chapter.name)


def test_every_slider_switches_its_figure_from_file_urls(chapter, site):
    """Each interactive figure's frames are files under _images/ of the copy; the shown one
    loads (lazily) when scrolled to, and three arrow keys show another, loaded frame."""
    if not check_players(chapter.page, site, chapter.name):
        pytest.skip(f"no interactive figure on {chapter.name}")
    frames = chapter.page.evaluate(
        "() => Array.from(document.querySelectorAll('article .frame-player img'), img => img.src)"
    )
    images = (site / "_images").as_uri() + "/"
    elsewhere = [src for src in frames if not src.startswith(images)]
    assert elsewhere == [], f"frames not read from the copy's _images/: {elsewhere[:5]}"
    assert chapter.page.locator(WIDGET_SCRIPTS).count() == 0
    manager = [url for url in chapter.traffic.requests
               if PurePosixPath(urlsplit(url).path).name in WIDGET_MANAGER_FILES]
    assert manager == [], f"the widget manager was loaded: {manager}"


def test_solution_toggles_open_from_file_urls(chapter):
    page = chapter.page
    solutions = page.locator("article .solution")
    if solutions.count() == 0:
        pytest.skip(f"no exercise solution on {chapter.name}")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator(":scope > :not(.admonition-title)").first
        assert not body.is_visible(), "a solution is shown before its toggle is clicked"
        solution.locator(":scope > .admonition-title .toggle-button").click()
        body.wait_for(state="visible", timeout=5_000)


def test_search_box_finds_the_chapter_from_file_urls(chapter, browser, site):
    term = SEARCH_TERMS[chapter.name]
    traffic = Traffic()
    context, page = _tab(browser, traffic)
    try:
        page.goto(_url(site, chapter.name), wait_until="load")
        page.locator(".search-button-field:visible").first.click()
        box = page.locator("input[name=q]:visible").first
        box.fill(term)
        box.press("Enter")
        page.wait_for_url("**/search.html?q=*", wait_until="load")
        assert page.url.startswith((site / "search.html").as_uri())
        page.wait_for_selector("#search-results .search-summary", timeout=15_000)
        page.wait_for_function(
            "() => document.querySelector('#search-results .search-summary')"
            ".textContent.startsWith('Search finished')",
            timeout=15_000,
        )
        found = page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results ul.search li > a'))"
            ".map(a => a.href.split('#')[0])"
        )
        page.wait_for_timeout(300)  # a late failed request would log its error by now
    finally:
        context.close()
    assert _url(site, chapter.name) in found, f"searching {term!r} did not find it: {found}"
    assert traffic.errors == [], f"errors on the search page from file://: {traffic.errors}"
    assert traffic.not_file() == []


def test_every_link_to_a_file_of_the_copy_finds_it(chapter):
    """No dead link from file://: pages, images, notebooks, the PDF; the offline zip, which
    the copy cannot hold, is linked nowhere in it (_ext/static/book-file-urls.js)."""
    hrefs = chapter.page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"
    )
    files = {urlsplit(h)._replace(query="", fragment="").geturl() for h in hrefs
             if h.startswith("file:")}
    assert files, f"{chapter.name} links no file of the copy"
    missing = sorted(f for f in files if not Path(url2pathname(urlsplit(f).path)).exists())
    assert missing == [], f"dead links on {chapter.name} from file://: {missing}"


def test_sidebar_leads_to_the_next_chapter(chapter, site):
    """Runs after the other tests of the chapter's tab: it leaves the chapter."""
    toc = toc_docnames()
    following = toc[toc.index(chapter.name) + 1 :]
    if not following:
        pytest.skip(f"{chapter.name} is the last page")
    target = _url(site, following[0])
    page = chapter.page
    links = page.locator("nav.bd-docs-nav a.reference.internal")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert target in hrefs, f"the sidebar of {chapter.name} has no link to {target}"
    links.nth(hrefs.index(target)).click()
    page.wait_for_url(target, wait_until="load")
    assert page.locator("article h1").first.inner_text().strip()


def test_no_console_error_and_no_request_leaves_file_urls(chapter):
    """Everything this chapter's tab did (loading, sliders, toggles, following the sidebar to
    the next chapter) stayed on file://, quietly."""
    chapter.page.wait_for_timeout(200)  # let late errors arrive
    assert chapter.traffic.errors == []
    assert chapter.traffic.not_file() == []
    assert any(url.endswith(".js") or ".js?" in url for url in chapter.traffic.requests)


# MathJax's menu settings (kept in localStorage) that turn on speech, braille and the explorer.
SPEECH_SETTINGS = {
    "explorer": True,
    "speech": True,
    "braille": True,
    "assistiveMml": True,
    "collapsible": True,
}


def test_mathjax_speech_loads_its_locales_from_file_urls(browser, site):
    """With speech on, the speech-rule engine's locales load as scripts (not XMLHttpRequest,
    which file:// refuses), and the math is still typeset and spoken."""
    name = "book/appendix/glossary"
    traffic = Traffic()
    context, page = _tab(browser, traffic)
    try:
        page.goto(_url(site, name), wait_until="load")
        page.evaluate(
            "settings => localStorage.setItem('MathJax-Menu-Settings', JSON.stringify(settings))",
            SPEECH_SETTINGS,
        )
        page.reload(wait_until="load")
        typeset = page.evaluate(MATHJAX_SETTLED, 60_000)
        assert typeset is True, f"MathJax with speech on, from file://: {typeset}, {traffic.errors}"
        check_math_typeset(page, name)  # scrolls to each formula, as a reader would
        try:
            page.wait_for_function(
                "() => document.querySelector('mjx-container[aria-label]') !== null",
                timeout=20_000,
            )
        except PlaywrightTimeoutError:
            pytest.fail(f"no spoken math on {name} from file://: {traffic.errors}")
        state = page.evaluate(MATH_STATE)
        # Each formula's speech: its aria-label, or, where MathJax made parts of it
        # collapsible (an maction at its root), the speech of its semantic nodes.
        spoken = page.evaluate(
            "() => Array.from(document.querySelectorAll('mjx-container')).map(e =>"
            " e.getAttribute('aria-label') || Array.from(e.querySelectorAll("
            "'[data-semantic-speech]')).map(n => n.getAttribute('data-semantic-speech'))"
            ".join(' '))"
        )
        page.evaluate("() => localStorage.removeItem('MathJax-Menu-Settings')")
    finally:
        context.close()
    loaded = [PurePosixPath(urlsplit(url).path) for url in traffic.requests]
    locales = [path.name for path in loaded if path.parent.name == "mathmaps"]
    assert "en.js" in locales and not [n for n in locales if n.endswith(".json")], locales
    assert state["untypeset"] == [] and state["math"] > 0
    assert spoken and len(spoken) >= state["math"] and all(text.strip() for text in spoken)
    assert traffic.errors == []
    assert traffic.not_file() == []
