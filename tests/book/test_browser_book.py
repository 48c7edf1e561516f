"""Every page of the built book in a real browser (headless Chromium, driven by Playwright).

For each page listed in ``_toc.yml`` (and any other content page found in the build),
served from a local HTTP server on 127.0.0.1:

* no request leaves the local origin, and no WebSocket (kernel) is opened;
* math is typeset by the local MathJax: every ``.math`` element holds an ``mjx-container``,
  no MathJax error, no raw TeX (``$$``, ``\\frac``, ...) in the visible text;
* every interactive figure renders, and the keyboard on each slider switches the figure
  it controls (new image and new alt text), with no kernel;
* no JavaScript console error and no uncaught exception, the theme's own included;
* every exercise solution is hidden until its toggle is clicked, and shown after;
* axe-core finds no ``moderate``, ``serious`` or ``critical`` accessibility violation, in
  the light and the dark theme, with folded content (solutions, hidden code cells) opened;
* a term typed into the book's search box finds the page that teaches it (offline).

Once for the book: MathJax's speech and explorer, turned on as a reader would in its menu,
load the speech-rule engine and its rule files from the book, not from jsdelivr.

Two full-page screenshots of each page (light, as loaded; dark, with everything unfolded
and the sliders moved) and a JSON report go to ``_build/screenshots/``; the folder, the
axe counts per page and the request counts are printed at the end of the pytest run.

Needs the built book (``scripts/build_book.sh``, which also fetches axe-core into
``_build/test-assets/``): skipped with the reason when ``_build/html`` is missing. Needs
Chromium (``apt-get install chromium``): skipped when it is missing, except in CI (``CI``
set to true), where that is a failure. Playwright drives the system Chromium; never run
``playwright install``.

The tests of one page share one browser tab and run in the order written here: the
read-only checks first, the ones that unfold or move things next, and the checks over
everything the page requested and logged last.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest

from tests.helpers import ROOT
from tools.local_book import serve

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    PlaywrightTimeoutError = TimeoutError

HTML = ROOT / "_build" / "html"
TOC = ROOT / "_toc.yml"
AXE_JS = ROOT / "_build" / "test-assets" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "_build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
IMPACTS = ("minor", "moderate", "serious", "critical")

# A term each chapter teaches, for the search test (a page not listed here is searched for
# by its title). Multi-word queries must match all their words.
SEARCH_TERMS = {
    "book/00_welcome": "Binder",
    "book/01_mistake_notebook": "three jobs",
    "book/02_scoring_a_mistake": "nats",
    "book/03_backpropagation": "learning rate",
    "book/04_mean_squared_error": "RMSE",
    "book/05_cross_entropy": "log-sum-exp",
    "book/06_mean_absolute_error": "median",
    "book/08_choosing_a_loss": "patience",
    "book/09_design_your_own": "expectile",
    "book/appendix/api_reference": "docstrings",
    "book/appendix/numerical_stability": "log1p",
    "book/appendix/fact_checks": "imprecise",
    "book/appendix/glossary": "次梯度",
}

# Pages Sphinx writes that are not content: the search page, the index, the root redirect.
NOT_CONTENT = {"search", "genindex", "py-modindex", "index"}


def toc_docnames() -> list[str]:
    """Docnames of the pages listed in ``_toc.yml``, in reading order."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(str(TOC))
    return list(site_map)


def built_docnames() -> list[str]:
    """Content pages present in the build (not _static's templates, search or index)."""
    if not HTML.is_dir():
        return []
    return sorted(
        path.relative_to(HTML).with_suffix("").as_posix()
        for path in HTML.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(path.relative_to(HTML).parts)
        and path.relative_to(HTML).with_suffix("").as_posix() not in NOT_CONTENT
    )


def book_pages() -> list[str]:
    """Every page to test: the toc's pages, then any other content page of the build."""
    pages = toc_docnames()
    return pages + [name for name in built_docnames() if name not in pages]


PAGES = book_pages()

pytestmark = pytest.mark.skipif(
    not (HTML / "index.html").is_file(),
    reason=f"built book not found in {HTML}: run scripts/build_book.sh first "
    "(the README's test command builds it before running pytest)",
)


# --- JavaScript run in the page ----------------------------------------------------------------

VIEW_SCRIPTS = 'script[type="application/vnd.jupyter.widget-view+json"]'

WIDGETS_RENDERED = f"""() => Array.from(document.querySelectorAll('{VIEW_SCRIPTS}')).every(s => {{
    const area = s.previousElementSibling;
    return area !== null && area.classList.contains('widget-subarea')
        && area.querySelector('.jupyter-widgets') !== null;
}})"""

MATHJAX_DONE = """async () => {
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
    return Boolean(mj && mj.version);
}"""

# The visible images of each rendered widget view, in page order.
WIDGET_VIEWS = f"""() => Array.from(document.querySelectorAll('{VIEW_SCRIPTS}')).map(s => {{
    const area = s.previousElementSibling;
    const ok = area && area.classList.contains('widget-subarea');
    return {{
        rendered: Boolean(ok && area.querySelector('.jupyter-widgets')),
        sliders: ok ? area.querySelectorAll('.noUi-handle[role=slider]').length : 0,
        images: ok ? Array.from(area.querySelectorAll('img'))
            .filter(img => img.checkVisibility())
            .map(img => ({{src: img.src, alt: img.alt, loaded: img.complete && img.naturalWidth > 0}}))
            : [],
    }};
}})"""

# Accessible name of a slider handle (aria-label, else the text of its aria-labelledby).
HANDLE_STATE = """handle => ({
    name: (handle.getAttribute('aria-label') || (handle.getAttribute('aria-labelledby') || '')
        .split(/\\s+/).filter(Boolean).map(id => (document.getElementById(id) || {}).textContent || '')
        .join(' ')).trim(),
    label: ((handle.closest('.widget-slider') || handle).querySelector('.widget-label') || {})
        .textContent || '',
    now: Number(handle.getAttribute('aria-valuenow')),
    max: Number(handle.getAttribute('aria-valuemax')),
    valuetext: handle.getAttribute('aria-valuetext'),
    tabindex: handle.getAttribute('tabindex'),
})"""

FRAME_OF = """(area) => Array.from(area.querySelectorAll('img'))
    .filter(img => img.checkVisibility()).map(img => img.src + '|' + img.alt).join('\\n')"""

# Prose text of the article that a reader sees: not code, not typeset math.
VISIBLE_PROSE = """() => {
    const skip = 'pre, code, kbd, samp, script, style, mjx-container, .highlight, .cell_input';
    const root = document.querySelector('article') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (el && !el.closest(skip) && el.checkVisibility()) { parts.push(node.textContent); }
    }
    return parts.join(' ');
}"""

MATH_STATE = """() => {
    const math = Array.from(document.querySelectorAll('article .math'));
    return {
        math: math.length,
        untypeset: math.filter(el => !el.querySelector('mjx-container'))
            .map(el => el.textContent.trim().slice(0, 80)),
        containers: document.querySelectorAll('article mjx-container').length,
        errors: Array.from(document.querySelectorAll('mjx-merror'))
            .map(el => el.textContent.trim().slice(0, 80)),
    };
}"""

# Unfold hidden code cells and solutions, then wait for their fade-in animations (axe
# measures contrast as drawn: half-faded text would fail it).
OPEN_EVERYTHING = """async () => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    document.querySelectorAll('.dropdown.toggle-hidden > .admonition-title .toggle-button')
        .forEach(b => b.click());
    await new Promise(resolve => requestAnimationFrame(resolve));
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}"""

AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                  summary: (n.failureSummary || '').slice(0, 300)})),
    }));
}"""

# Math in a page's source: $$, $...$ (not a price such as "$5 or $10") or \begin{...}.
SOURCE_MATH = re.compile(r"\$\$|\$(?=[^\s\d$])[^$\n]*?(?<=\S)\$(?!\d)|\\begin\{")

RAW_TEX = re.compile(
    r"\$\$|\\\(|\\\)|\\\[|\\\]"
    r"|\\(?:frac|sum|prod|hat|bar|tilde|operatorname|mathrm|mathbf|mathcal|left|right|begin"
    r"|end|cdot|times|log|ln|exp|max|min|sqrt|partial|nabla|infty|leq|geq|approx|alpha|beta"
    r"|sigma|theta|lambda|mu|quad)\b"
)


# --- server, browser, pages --------------------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    """The built book over HTTP on 127.0.0.1, on a free port."""
    with serve(HTML) as base_url:
        yield base_url


@dataclass
class PageRecord:
    """What one page did in the browser: every request, console error, axe result."""

    name: str
    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    axe: dict[str, dict[str, int]] = field(default_factory=dict)  # theme -> impact -> nodes
    axe_rules: dict[str, list[str]] = field(default_factory=dict)
    screenshots: list[str] = field(default_factory=list)


class _Report:
    """Collects every page's record; printed at the end of the run, saved as JSON."""

    def __init__(self):
        self.pages: dict[str, PageRecord] = {}
        self.external: list[str] = []
        self.started = time.monotonic()
        self.finished = None  # set when the last test of this module is done

    def page(self, name: str) -> PageRecord:
        return self.pages.setdefault(name, PageRecord(name))

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        terminalreporter.section("browser tests of the built book")
        write(f"{'page':34} {'theme':6} " + " ".join(f"{i:>9}" for i in IMPACTS) + "  rules")
        for record in self.pages.values():
            for theme, counts in record.axe.items():
                rules = ", ".join(record.axe_rules.get(theme, [])) or "-"
                write(
                    f"{record.name:34} {theme:6} "
                    + " ".join(f"{counts.get(i, 0):>9}" for i in IMPACTS)
                    + f"  {rules}"
                )
        requests = sum(len(r.requests) for r in self.pages.values())
        write(
            f"requests observed: {requests} over {len(self.pages)} page(s), "
            f"{len(self.external)} left the local origin"
        )
        write(f"browser suite: {(self.finished or time.monotonic()) - self.started:.1f} s")
        write(f"screenshots and report.json: {SCREENSHOTS}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "report.json").write_text(
            json.dumps(
                {
                    name: {
                        "requests": len(r.requests),
                        "external_requests": [u for u in r.requests if u in self.external],
                        "console_errors": r.errors,
                        "axe_nodes_by_impact": r.axe,
                        "axe_rules": r.axe_rules,
                        "screenshots": r.screenshots,
                    }
                    for name, r in self.pages.items()
                },
                indent=1,
            )
            + "\n"
        )


@pytest.fixture(scope="module")
def report(request):
    """The run's report; registered as a plugin so that it prints after the test summary."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    collected = _Report()
    request.config.pluginmanager.register(collected, "book-browser-report")
    yield collected
    collected.finished = time.monotonic()


def _is_local(url: str, server: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == server


def _record_traffic(page, record: PageRecord, server: str, report: _Report) -> None:
    def on_request(request):
        record.requests.append(request.url)
        if not _is_local(request.url, server):
            report.external.append(request.url)

    def on_console(message):
        if message.type == "error":
            record.errors.append(f"console.error: {message.text} ({message.location.get('url')})")

    page.on("request", on_request)
    page.on("websocket", lambda socket: record.websockets.append(socket.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: record.errors.append(f"uncaught: {error}"))


def _open(browser, server, name: str, record: PageRecord, report: _Report, theme: str):
    """A new tab on the page, loaded: math typeset, widgets rendered."""
    html = HTML / f"{name}.html"
    assert html.is_file(), f"{name} is listed in _toc.yml but {html} was not built"
    context = browser.new_context(viewport=VIEWPORT, color_scheme=theme)
    page = context.new_page()
    _record_traffic(page, record, server, report)
    # "load", not "networkidle": the request and console checks run after every other
    # test of the page, so a late request is still seen.
    page.goto(f"{server}/{quote(name)}.html", wait_until="load")
    try:
        page.wait_for_function(WIDGETS_RENDERED, timeout=15_000)
    except PlaywrightTimeoutError:
        pass  # test_every_interactive_figure_renders_... says which view is missing
    page.evaluate(MATHJAX_DONE)
    return context, page


@dataclass
class BookPage:
    name: str
    page: object  # playwright Page
    record: PageRecord


@pytest.fixture(scope="module", params=PAGES)
def book_page(request, report, browser, server):
    """One page of the book, loaded once in the light theme and shared by its tests."""
    name = request.param
    record = report.page(name)
    context, page = _open(browser, server, name, record, report, theme="light")
    _screenshot(page, record, "light")
    yield BookPage(name, page, record)
    context.close()


# A review screenshot stops after this many CSS pixels: the API reference page is about
# 170,000 px tall, and capturing all of it took over 30 s on a busy 2-core machine.
SCREENSHOT_MAX_HEIGHT = 30_000


def _screenshot(page, record: PageRecord, suffix: str) -> None:
    """Full-page PNG (its first SCREENSHOT_MAX_HEIGHT pixels), from the top and with no
    focus ring or skip link showing."""
    height = page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); scrollTo(0, 0);"
        " return document.documentElement.scrollHeight; }"
    )
    path = SCREENSHOTS / f"{record.name.replace('/', '__')}-{suffix}.png"
    clip = {"x": 0, "y": 0, "width": VIEWPORT["width"],
            "height": min(height, SCREENSHOT_MAX_HEIGHT)}
    page.screenshot(path=path, full_page=True, clip=clip, timeout=120_000)
    record.screenshots.append(path.name)


def _run_axe(page, record: PageRecord, theme: str) -> list[dict]:
    assert AXE_JS.is_file(), (
        f"axe-core not found at {AXE_JS}: run python scripts/fetch_offline_assets.py "
        "(scripts/build_book.sh runs it)"
    )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(AXE_RUN)
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation["impact"] or "minor"] += len(violation["nodes"])
    record.axe[theme] = counts
    record.axe_rules[theme] = [f"{v['id']} ({v['impact']})" for v in violations]
    return violations


# The bar is no serious or critical violation; the book has no moderate one either (the
# last, axe's "region" for the sidebar title, is fixed in _ext/templates/navbar-logo.html)
# and keeps it that way. Minor ones are reported, not failed.
FAILING_IMPACTS = ("moderate", "serious", "critical")


def _serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {node['target']}: {node['html']}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
        for node in v["nodes"]
    ]


# --- the tests, per page -----------------------------------------------------------------------


def _source_has_math(name: str) -> bool:
    """Whether the page's source (as copied to _build/html/_sources/) writes any math."""
    for source in sorted((HTML / "_sources").glob(f"{name}.*")):
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            text = "\n".join(
                "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
            )
        if SOURCE_MATH.search(text):
            return True
    return False


def test_math_is_typeset_by_the_local_mathjax(book_page):
    page = book_page.page
    state = page.evaluate(MATH_STATE)
    raw = sorted(set(RAW_TEX.findall(page.evaluate(VISIBLE_PROSE))))
    assert raw == [], f"raw TeX visible on {book_page.name}: {raw}"
    # math comes from the page's source, or from docstrings (the API reference)
    if state["math"] == 0 and not _source_has_math(book_page.name):
        pytest.skip(f"no math in the source of {book_page.name}")
    assert state["math"] > 0, "the source has math, the page has no math element"
    assert state["untypeset"] == [], "math left untypeset"
    assert state["containers"] >= state["math"]
    assert state["errors"] == [], "MathJax could not typeset"
    assert any("/_static/mathjax/" in url for url in book_page.record.requests)


def flip_frame(page, handle, state) -> None:
    """Press the arrow key three times on a focused slider handle (away from the end it
    is at) and check that its figure changed: a new image and a new alt text.

    ``state`` is ``handle.evaluate(HANDLE_STATE)`` before the keys. In the static page
    only the jslink from the slider to the frames' Stack can switch the figure.
    """
    area = handle.locator("xpath=ancestor::div[contains(@class, 'widget-subarea')]")
    before = area.evaluate(FRAME_OF)
    key = "ArrowLeft" if state["now"] >= state["max"] else "ArrowRight"
    handle.focus()
    for _ in range(3):
        page.keyboard.press(key)
    try:
        page.wait_for_function(
            f"([area, before]) => ({FRAME_OF})(area) !== before",
            arg=[area.element_handle(), before],
            timeout=5_000,
        )
    except PlaywrightTimeoutError:
        pytest.fail(
            f"slider {state['label']!r}: {key} x3 did not change its figure "
            "(in the static page only a jslink to the frames' Stack can switch it)"
        )
    after = area.evaluate(FRAME_OF)
    src = [{line.split("|", 1)[0] for line in frame.splitlines()} for frame in (before, after)]
    alt = [{line.split("|", 1)[1] for line in frame.splitlines()} for frame in (before, after)]
    assert src[0] != src[1], f"slider {state['label']!r} moved but the image stayed"
    assert alt[0] != alt[1], f"slider {state['label']!r}: the image changed, its alt did not"


def test_every_interactive_figure_renders_and_its_slider_switches_it(book_page):
    page = book_page.page
    views = page.evaluate(WIDGET_VIEWS)
    if not views:
        pytest.skip(f"no interactive figure on {book_page.name}")
    assert all(view["rendered"] for view in views), f"widget views not rendered: {views}"
    for view in views:
        if view["sliders"]:
            assert view["images"], "an interactive figure shows no image"
            assert all(image["loaded"] and image["alt"].strip() for image in view["images"])

    handles = page.locator(".widget-subarea .noUi-handle[role=slider]")
    assert handles.count() == sum(view["sliders"] for view in views)
    for i in range(handles.count()):
        handle = handles.nth(i)
        state = handle.evaluate(HANDLE_STATE)
        # keyboard-reachable, and named by its visible label (for screen readers)
        assert state["tabindex"] == "0"
        assert state["name"] and state["name"] == state["label"].strip(), state
        flip_frame(page, handle, state)
        moved = handle.evaluate(HANDLE_STATE)
        assert moved["now"] != state["now"]
        # the handle announces what the readout shows, not an option index
        slider = handle.locator("xpath=ancestor::div[contains(@class, 'widget-slider')]")
        readout = slider.locator(".widget-readout")
        if readout.count():
            assert moved["valuetext"] == readout.first.inner_text().strip()


def test_solutions_are_hidden_until_their_toggle_is_clicked(book_page):
    page = book_page.page
    solutions = page.locator("article .solution")
    if solutions.count() == 0:
        pytest.skip(f"no exercise solution on {book_page.name}")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator(":scope > :not(.admonition-title)")
        assert body.count() > 0
        title = solution.locator(":scope > .admonition-title").inner_text().strip()
        assert not any(body.nth(j).is_visible() for j in range(body.count())), (
            f"solution shown before its toggle was clicked: {title!r} "
            "(use `:class: dropdown` on solution-start)"
        )
        toggle = solution.locator(":scope > .admonition-title .toggle-button")
        assert toggle.count() == 1, f"solution without a toggle button: {title!r}"
        toggle.click()
        body.first.wait_for(state="visible", timeout=5_000)
        assert all(body.nth(j).is_visible() for j in range(body.count()))
        assert body.first.inner_text().strip(), f"empty solution: {title!r}"


def test_unfolded_page_has_no_serious_accessibility_violation(book_page):
    """axe-core, with solutions and hidden code cells opened, in the light theme."""
    page = book_page.page
    page.evaluate(OPEN_EVERYTHING)
    page.evaluate(MATHJAX_DONE)
    violations = _run_axe(page, book_page.record, "light")
    # math inside folded content is typeset too
    raw = sorted(set(RAW_TEX.findall(page.evaluate(VISIBLE_PROSE))))
    assert raw == [], f"raw TeX in unfolded content: {raw}"
    assert _serious(violations) == []


def test_dark_theme_is_accessible(book_page):
    """The unfolded page again, after the system switches to a dark colour scheme (the
    book's default mode is "auto", so that is what a reader with a dark system gets)."""
    page = book_page.page
    page.emulate_media(color_scheme="dark")
    try:
        page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
        page.evaluate(OPEN_EVERYTHING)  # waits for the colour transitions too
        violations = _run_axe(page, book_page.record, "dark")
        _screenshot(page, book_page.record, "dark-unfolded")
    finally:
        page.emulate_media(color_scheme="light")
    assert _serious(violations) == []


def test_search_box_finds_the_page_offline(book_page, browser, server, report):
    name = book_page.name
    title = book_page.page.locator("article h1").first.inner_text()
    term = SEARCH_TERMS.get(name) or re.sub(r"^[\dA-Z]+\.\s*|#$", "", title.strip())
    record = PageRecord(name)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    _record_traffic(page, record, server, report)
    try:
        # The search box is the same on every page; the light search page loads fastest.
        page.goto(f"{server}/search.html", wait_until="load")
        # one search field on a wide screen (no second one in an otherwise empty top bar)
        assert page.locator(".search-button-field:visible").count() == 1
        page.locator(".search-button-field:visible").first.click()
        box = page.locator("input[name=q]:visible").first
        box.fill(term)
        box.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        page.wait_for_selector("#search-results .search-summary", timeout=15_000)
        found = page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results ul.search li > a'))"
            ".map(a => new URL(a.href).pathname)"
        )
    finally:
        context.close()
    book_page.record.requests += record.requests
    assert f"/{name}.html" in found, f"searching {term!r} did not find {name}: {found}"
    assert record.errors == []
    assert [url for url in record.requests if not _is_local(url, server)] == []


def test_no_request_leaves_the_local_origin(book_page, server):
    """Every request this page made (loading, sliders, unfolding, axe) stayed local."""
    record = book_page.record
    external = [url for url in record.requests if not _is_local(url, server)]
    assert external == []
    assert record.websockets == [], "a WebSocket was opened (a kernel?)"
    assert any(urlsplit(url).path.endswith(".js") for url in record.requests)  # it did load


def test_no_console_errors(book_page):
    """No console.error and no uncaught exception on this page, the theme's included."""
    book_page.page.wait_for_timeout(200)  # let late errors arrive
    assert book_page.record.errors == []


# --- the book as a whole -----------------------------------------------------------------------


def test_every_toc_page_was_built_and_is_tested():
    toc = toc_docnames()
    assert toc, "no page in _toc.yml"
    assert [name for name in toc if not (HTML / f"{name}.html").is_file()] == []
    assert set(toc) <= set(PAGES)


def test_index_redirects_to_the_first_page(browser, server):
    first = toc_docnames()[0]
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{server}/index.html", wait_until="domcontentloaded")
        page.wait_for_url(f"**/{first}.html", timeout=10_000, wait_until="commit")
    finally:
        context.close()


# MathJax's menu settings (kept in localStorage) that load its accessibility extensions: the
# speech-rule engine (SRE), its rule files ("mathmaps"), the explorer, braille and hidden MathML.
MATHJAX_SPEECH_SETTINGS = {
    "explorer": True, "speech": True, "braille": True, "assistiveMml": True, "collapsible": True,
}


def test_mathjax_speech_and_explorer_load_from_the_book_only(browser, server, report):
    """A reader who turns on MathJax's speech and explorer (its menu, stored in localStorage)
    gets them from the book: MathJax's bundled SRE defaults to jsdelivr URLs for its rule
    files, and MathJax must point it at the local copy in ``_static/mathjax/sre/``."""
    name = next((name for name in PAGES if _source_has_math(name)), None)
    if name is None:
        pytest.skip("no page with math")
    record = report.page(f"{name} (MathJax speech on)")
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    _record_traffic(page, record, server, report)
    try:
        page.goto(f"{server}/{quote(name)}.html", wait_until="load")
        page.evaluate(
            "settings => localStorage.setItem('MathJax-Menu-Settings', JSON.stringify(settings))",
            MATHJAX_SPEECH_SETTINGS,
        )
        page.reload(wait_until="load")
        page.evaluate(MATHJAX_DONE)
        page.wait_for_function(
            "() => document.querySelector('mjx-container[aria-label], "
            "mjx-container [data-semantic-speech]') !== null",
            timeout=20_000,
        )
        math = page.locator("mjx-container").first
        math.focus()
        page.keyboard.press("ArrowDown")  # start the explorer on the first formula
        page.wait_for_timeout(500)
        spoken = page.evaluate(
            "() => Array.from(document.querySelectorAll('mjx-container[aria-label]'))"
            ".map(e => e.getAttribute('aria-label'))"
        )
    finally:
        context.close()
    loaded = [urlsplit(url).path for url in record.requests]
    assert any(path.endswith("/_static/mathjax/a11y/sre.js") for path in loaded)
    assert any(path.startswith("/_static/mathjax/sre/mathmaps/") for path in loaded), loaded
    assert [url for url in record.requests if not _is_local(url, server)] == []
    assert spoken and all(text.strip() for text in spoken), "no spoken text for the math"
    assert record.errors == []


def test_test_assets_stay_out_of_the_published_book():
    """axe-core is pinned in the lock file, fetched for the tests only, never published."""
    lock = json.loads((ROOT / "offline-assets.lock.json").read_text())
    assert "axe-core" in {package["name"] for package in lock["test_packages"]}
    assert "axe-core" not in {package["name"] for package in lock["packages"]}
    assert not list(HTML.rglob("axe*.js"))
