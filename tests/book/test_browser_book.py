"""Every page of the built book in a real browser (headless Chromium, driven by Playwright).

For each page listed in ``_toc.yml`` (and any other content page found in the build),
served from a local HTTP server on 127.0.0.1:

* no request leaves the local origin, and no WebSocket (kernel) is opened;
* no widget manager: no RequireJS, no ipywidgets ``embed-amd.js``, no widget state or view
  script in the page;
* math is typeset by the local MathJax, lazily as a reader gets to it: the formulas on the
  first screen at load, one further down once it is scrolled to, and every formula a reader
  can see after scrolling to each (each once, with its MathML for screen readers); no
  MathJax error, no raw TeX (``$$``, ``\\frac``, ...) in the visible text;
* every image a reader can see loads when scrolled into view (the page's images are lazy);
* every interactive figure of the page's notebook is a frame player (``.frame-player``): a
  range input named by its visible label, in the tab order, announcing the readout as its
  ``aria-valuetext``, one shown frame with its own alt text; three arrow keys (keyboard
  only) show another frame, loaded, with a new image and a new alt text, and the readout
  and ``aria-valuetext`` follow; at 390 px nothing of it leaves the screen;
* no JavaScript console error and no uncaught exception, the theme's own included;
* every exercise solution is hidden until its toggle is clicked, and shown after;
* axe-core finds no accessibility violation (of any impact), in the light and the dark
  theme, on a 1280 px desktop and a 390 px phone, with folded content (solutions, hidden
  code cells) opened;
* a term typed into the book's search box finds the page that teaches it (offline).

Once for the book: MathJax's speech and explorer, turned on as a reader would in its menu,
load the speech-rule engine and its rule files from the book, not from jsdelivr, and speak
the formula; typesetting all math for printing (MathJax's ``lazyTypesetAll``) leaves the
formulas a reader had already seen as they were.

Two full-page screenshots of each page (light, typeset and with its images loaded; dark,
with everything unfolded and the sliders moved) and a JSON report go to
``_build/screenshots/``; the folder, the axe counts per page and the request counts are
printed at the end of the pytest run.

Needs the built book (``scripts/build_book.sh``, which also fetches axe-core into
``_build/test-assets/``): skipped with the reason when ``_build/html`` is missing. Needs
Chromium (``apt-get install chromium``): skipped when it is missing, except in CI (``CI``
set to true), where that is a failure. Playwright drives the system Chromium; never run
``playwright install``.

The tests of one page share one browser tab and run in the order written here: the
read-only checks first (math as it comes into view before anything else scrolls the page),
the ones that unfold or move things next, and the checks over everything the page
requested and logged last.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.helpers import ROOT
from tools.local_book import (
    FORMULA_PLACE,
    IS_TYPESET,
    LOAD_IMAGES_BY_SCROLLING,
    TYPESET_BY_SCROLLING,
    serve,
)
from tools.page_weight import PHONE

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    PlaywrightTimeoutError = TimeoutError

HTML = ROOT / "_build" / "html"
TOC = ROOT / "_toc.yml"
AXE_JS = ROOT / "_build" / "test-assets" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "_build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = PHONE["viewport"]  # 390 x 844, the page-speed benchmark's phone
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

# What a page must not carry now that every interactive figure is a static frame player: the
# ipywidgets manager (RequireJS and html-manager's embed-amd.js) and the widget state or views.
WIDGET_MANAGER_FILES = ("require.js", "require.min.js", "embed-amd.js")
WIDGET_SCRIPTS = (
    'script[type="application/vnd.jupyter.widget-state+json"], '
    'script[type="application/vnd.jupyter.widget-view+json"]'
)
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"

MATHJAX_DONE = """async () => {
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
    return Boolean(mj && mj.version);
}"""

# What printing does (MathJax's ui/lazy extension on "beforeprint"): typeset every formula
# of the page, also those no reader has scrolled to yet.
MATHJAX_TYPESET_ALL = """async () => {
    const mj = window.MathJax;
    if (!(mj && mj.startup && mj.startup.promise)) { return false; }
    await mj.startup.promise;
    const doc = mj.startup.document;
    if (doc && typeof doc.lazyTypesetAll === 'function') { await doc.lazyTypesetAll(); }
    return true;
}"""

# A typeset formula is there for a screen reader: its container carries the formula as
# (hidden) MathML, or a spoken label when MathJax's speech is on.
IS_READABLE = """(el => {
    const box = el.querySelector('mjx-container');
    const mathml = box && box.querySelector('mjx-assistive-mml > math');
    return Boolean(box && ((mathml && mathml.childElementCount > 0)
        || (box.getAttribute('aria-label') || '').trim()));
})"""

# The state of one frame player (a <div class="frame-player">): its range input inside a
# <label> (the visible description in a <span>), the aria-live readout, and one <img> per frame.
PLAYER_STATE = """player => {
    const inputs = player.querySelectorAll('input');
    const input = inputs[0] || null;
    const label = input ? input.closest('label') : null;
    const span = label ? label.querySelector('span') : null;
    const output = player.querySelector('output');
    const images = Array.from(player.querySelectorAll('img'));
    return {
        inputs: inputs.length,
        type: input ? input.type : null,
        label: span ? span.textContent.trim() : '',
        label_visible: Boolean(span && span.checkVisibility()),
        value: input ? Number(input.value) : null,
        min: input ? Number(input.min) : null,
        max: input ? Number(input.max) : null,
        valuetext: input ? input.getAttribute('aria-valuetext') : null,
        tabindex: input ? input.tabIndex : null,
        disabled: input ? input.disabled : null,
        focused: input !== null && document.activeElement === input,
        readout: output ? output.textContent.trim() : null,
        readout_live: output ? output.getAttribute('aria-live') : null,
        readout_visible: Boolean(output && output.checkVisibility()),
        frames: images.length,
        alts: images.map(img => img.alt.trim()),
        labels: images.map(img => img.dataset.label),
        shown: images.filter(img => img.checkVisibility()).map(img => ({
            index: images.indexOf(img), src: img.src, alt: img.alt, label: img.dataset.label,
            loaded: img.complete && img.naturalWidth > 0,
        })),
    };
}"""

# The shown frame of a player is one image, and it has loaded.
SHOWN_FRAME_LOADED = """player => {
    const shown = Array.from(player.querySelectorAll('img')).filter(img => img.checkVisibility());
    return shown.length === 1 && shown[0].complete && shown[0].naturalWidth > 0;
}"""

# The shown frame is one image other than `before`, and it has loaded.
NEW_FRAME_LOADED = """([player, before]) => {
    const shown = Array.from(player.querySelectorAll('img')).filter(img => img.checkVisibility());
    return shown.length === 1 && shown[0].src !== before
        && shown[0].complete && shown[0].naturalWidth > 0;
}"""

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

# The article's formulas: those a reader can see (not inside folded content) that are not
# typeset, those that show twice, and MathJax's errors.
MATH_STATE = f"""() => {{
    const math = Array.from(document.querySelectorAll('article .math'));
    const typeset = {IS_TYPESET};
    return {{
        math: math.length,
        untypeset: math.map((el, i) => el.checkVisibility() && !typeset(el)
            ? ({FORMULA_PLACE})(el, i) : null).filter(Boolean),
        twice: math.map((el, i) => el.querySelectorAll('mjx-container').length > 1
            ? ({FORMULA_PLACE})(el, i) : null).filter(Boolean),
        unreadable: math.map((el, i) => typeset(el) && !({IS_READABLE})(el)
            ? ({FORMULA_PLACE})(el, i) : null).filter(Boolean),
        errors: Array.from(document.querySelectorAll('mjx-merror'))
            .map(el => el.textContent.trim().slice(0, 80)),
    }};
}}"""

# The formulas of the article that show on the first screen, and those below it that MathJax
# has left as placeholders (the page as loaded, scrolled to the top).
MATH_BY_SCREEN = f"""() => {{
    const math = Array.from(document.querySelectorAll('article .math'));
    const typeset = {IS_TYPESET};
    const onScreen = el => {{
        const box = el.getBoundingClientRect();
        return el.checkVisibility() && box.bottom > 0 && box.top < innerHeight;
    }};
    return {{
        first_screen: math.filter(onScreen).length,
        first_screen_untypeset: math.map((el, i) => onScreen(el) && !typeset(el)
            ? ({FORMULA_PLACE})(el, i) : null).filter(Boolean),
        below_untypeset: math.map((el, i) => i).filter(i => !onScreen(math[i])
            && math[i].checkVisibility() && !typeset(math[i])
            && math[i].getBoundingClientRect().top >= innerHeight),
    }};
}}"""

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
        write(f"{'page':34} {'theme':11} " + " ".join(f"{i:>9}" for i in IMPACTS) + "  rules")
        for record in self.pages.values():
            for theme, counts in record.axe.items():
                rules = ", ".join(record.axe_rules.get(theme, [])) or "-"
                write(
                    f"{record.name:34} {theme:11} "
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
    """A new tab on the page, loaded, with MathJax started (it typesets the formulas on the
    first screen; the rest wait until they come near the viewport)."""
    html = HTML / f"{name}.html"
    assert html.is_file(), f"{name} is listed in _toc.yml but {html} was not built"
    context = browser.new_context(viewport=VIEWPORT, color_scheme=theme)
    page = context.new_page()
    _record_traffic(page, record, server, report)
    # "load", not "networkidle": the request and console checks run after every other
    # test of the page, so a late request is still seen.
    page.goto(f"{server}/{quote(name)}.html", wait_until="load")
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


# The bar is no violation at all: the book has none of any impact, light or dark, desktop or
# phone (the last moderate one, axe's "region" for the sidebar title, is fixed in
# _ext/templates/navbar-logo.html), and keeps it that way.
FAILING_IMPACTS = IMPACTS


def _failing(violations: list[dict]) -> list[str]:
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


def interactive_figures_in_source(html: Path, name: str) -> int:
    """How many interactive figures the page's notebook shows: its outputs that carry a
    widget view (a ``FrameSlider``'s bundle has one, next to its static ``text/html``).

    Read from the notebook as copied into ``html/_sources/``; 0 for a page that is not a
    notebook. Each of them must be a frame player in the built page.
    """
    notebook = html / "_sources" / f"{name}.ipynb"
    if not notebook.is_file():
        return 0
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(
        WIDGET_VIEW_MIME in output.get("data", {})
        for cell in cells
        for output in cell.get("outputs", [])
    )


def check_math_comes_into_view(page, name: str) -> str:
    """The page as loaded and scrolled to the top: every formula on the first screen is
    typeset; the last formula below it that MathJax left as a placeholder is typeset once
    the reader scrolls to it. Returns what was checked (for a skip message)."""
    state = page.evaluate(MATH_BY_SCREEN)
    try:
        page.wait_for_function(
            f"() => ({MATH_BY_SCREEN})().first_screen_untypeset.length === 0", timeout=10_000
        )
    except PlaywrightTimeoutError:
        pytest.fail(
            f"math on the first screen of {name} not typeset after load: "
            f"{page.evaluate(MATH_BY_SCREEN)['first_screen_untypeset']}"
        )
    if not state["below_untypeset"]:
        return f"{state['first_screen']} formula(s) on the first screen, none left for later"
    last = page.locator("article .math").nth(state["below_untypeset"][-1])
    last.scroll_into_view_if_needed()
    try:
        page.wait_for_function(IS_TYPESET, arg=last.element_handle(), timeout=10_000)
    except PlaywrightTimeoutError:
        place = last.evaluate(f"el => ({FORMULA_PLACE})(el, {state['below_untypeset'][-1]})")
        pytest.fail(f"{name}: {place}, below the first screen, was not typeset when scrolled to")
    return ""


def check_math_typeset(page, name: str) -> None:
    """Every formula a reader can see is typeset once the reader has scrolled to it, by
    MathJax without error, and no raw TeX shows in the prose."""
    assert page.evaluate(MATHJAX_DONE), f"MathJax did not start on {name}"
    failed = page.evaluate(TYPESET_BY_SCROLLING, 10_000)
    assert failed == [], f"{name}: math not typeset 10 s after being scrolled to: {failed[:10]}"
    state = page.evaluate(MATH_STATE)
    raw = sorted(set(RAW_TEX.findall(page.evaluate(VISIBLE_PROSE))))
    assert raw == [], f"raw TeX visible on {name}: {raw}"
    assert state["math"] > 0, f"the source of {name} has math, the page has no math element"
    assert state["untypeset"] == [], f"math left untypeset on {name}: {state['untypeset'][:10]}"
    assert state["twice"] == [], f"formulas shown twice on {name}: {state['twice'][:10]}"
    assert state["unreadable"] == [], (
        f"typeset formulas without MathML for screen readers on {name}: "
        f"{state['unreadable'][:10]}"
    )
    assert state["errors"] == [], f"MathJax could not typeset on {name}: {state['errors']}"


def check_player(player, where: str) -> dict:
    """One interactive figure as a reader finds it, before touching it; returns its state.

    A range input (the only input) inside a label whose visible text is its accessible name,
    reachable with the keyboard; an ``aria-live`` readout that shows the value and equals the
    input's ``aria-valuetext``; one image per slider position, each with its own alt text,
    and exactly one of them shown: the one at the input's value, whose label the readout shows.
    """
    state = player.evaluate(PLAYER_STATE)
    label = state["label"]
    assert state["inputs"] == 1 and state["type"] == "range", (
        f"{where}: expected one <input type=range>, found {state['inputs']} input(s) "
        f"(first of type {state['type']!r})"
    )
    assert label and state["label_visible"], f"{where}: the slider has no visible label"
    named = player.get_by_role("slider", name=label, exact=True)
    assert named.count() == 1, (
        f"{where}: no slider whose accessible name is its visible label {label!r}"
    )
    assert state["tabindex"] == 0 and not state["disabled"], (
        f"{where}: slider {label!r} is not in the keyboard's tab order "
        f"(tabIndex {state['tabindex']}, disabled {state['disabled']})"
    )
    assert state["frames"] >= 2 and (state["min"], state["max"]) == (0, state["frames"] - 1), (
        f"{where}: slider {label!r} runs {state['min']}..{state['max']} over "
        f"{state['frames']} frame(s)"
    )
    assert all(state["alts"]), f"{where}: a frame of slider {label!r} has no alt text"
    assert len(set(state["alts"])) == state["frames"], (
        f"{where}: two frames of slider {label!r} share an alt text, so a screen reader "
        "cannot tell them apart"
    )
    assert len(set(state["labels"])) == state["frames"], (
        f"{where}: two positions of slider {label!r} read the same: {state['labels']}"
    )
    assert len(state["shown"]) == 1, (
        f"{where}: slider {label!r} shows {len(state['shown'])} images, expected one"
    )
    shown = state["shown"][0]
    assert shown["index"] == state["value"], (
        f"{where}: slider {label!r} is at {state['value']} but shows frame {shown['index']}"
    )
    assert state["readout_live"] == "polite" and state["readout_visible"], (
        f"{where}: slider {label!r} has no visible aria-live readout"
    )
    assert state["readout"] == shown["label"], (
        f"{where}: slider {label!r} reads {state['readout']!r}, its frame is {shown['label']!r}"
    )
    assert state["valuetext"] == state["readout"], (
        f"{where}: slider {label!r} announces {state['valuetext']!r}, shows "
        f"{state['readout']!r}"
    )
    return state


def flip_frame(page, player, where: str) -> None:
    """Move one interactive figure's slider with the keyboard only, and check its figure.

    The slider gets the focus (which scrolls it into view, as a reader's Tab key does) and
    must be in the tab order (Shift+Tab then Tab comes back to it); its shown frame loads
    there. Three arrow presses (towards the end with room for three steps) move it three
    positions; then one image is shown, with a new ``src`` and a new alt text, and it has
    loaded; the readout and ``aria-valuetext`` show the new position's label.
    """
    before = check_player(player, where)
    label = before["label"]
    slider = player.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert player.evaluate(PLAYER_STATE)["focused"], (
        f"{where}: Tab from the element before slider {label!r} does not reach it"
    )
    try:
        page.wait_for_function(SHOWN_FRAME_LOADED, arg=player.element_handle(), timeout=10_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"{where}: the figure of slider {label!r} did not load when scrolled to")

    value, last = before["value"], before["max"]
    if last - value >= 3 or last - value >= value:
        key, expected = "ArrowRight", min(value + 3, last)
    else:
        key, expected = "ArrowLeft", max(value - 3, 0)
    for _ in range(3):
        page.keyboard.press(key)
    try:
        page.wait_for_function(
            NEW_FRAME_LOADED, arg=[player.element_handle(), before["shown"][0]["src"]],
            timeout=10_000,
        )
    except PlaywrightTimeoutError:
        state = player.evaluate(PLAYER_STATE)
        pytest.fail(
            f"{where}: {key} x3 on slider {label!r} (at {value} of 0..{last}) did not show "
            f"a new, loaded frame: the input is at {state['value']}, shown "
            f"{[(i['index'], i['loaded']) for i in state['shown']]}"
        )
    after = check_player(player, where)
    assert after["focused"], f"{where}: slider {label!r} lost the focus to its arrow keys"
    assert after["value"] == expected, (
        f"{where}: {key} x3 moved slider {label!r} from {value} to {after['value']}, "
        f"expected {expected}"
    )
    new, old = after["shown"][0], before["shown"][0]
    assert new["src"] != old["src"], f"{where}: slider {label!r} moved but the image stayed"
    assert new["alt"] != old["alt"], (
        f"{where}: slider {label!r}: the image changed, its alt text did not"
    )
    assert new["loaded"], f"{where}: the new frame of slider {label!r} did not load"
    assert after["readout"] != before["readout"], (
        f"{where}: slider {label!r} moved, its readout still says {before['readout']!r}"
    )


def check_players(page, html: Path, name: str) -> int:
    """Every interactive figure of the page's notebook is a frame player on the page, and
    each one's slider switches its figure from the keyboard. Returns how many there are."""
    expected = interactive_figures_in_source(html, name)
    players = page.locator("article .frame-player")
    assert players.count() == expected, (
        f"{name}: its notebook shows {expected} interactive figure(s), the page has "
        f"{players.count()} frame player(s) (.frame-player)"
    )
    for i in range(expected):
        flip_frame(page, players.nth(i), f"{name}, interactive figure {i + 1}")
    return expected


def test_math_is_typeset_as_it_comes_into_view(book_page):
    """MathJax typesets the first screen's formulas at load, the others as the reader
    scrolls to them (the last one that waited is scrolled to here)."""
    if not _source_has_math(book_page.name) and not book_page.page.evaluate(MATH_STATE)["math"]:
        pytest.skip(f"no math in the source of {book_page.name}")
    checked = check_math_comes_into_view(book_page.page, book_page.name)
    if checked:
        pytest.skip(f"{book_page.name}: {checked}")


def test_math_is_typeset_by_the_local_mathjax(book_page):
    page = book_page.page
    raw = sorted(set(RAW_TEX.findall(page.evaluate(VISIBLE_PROSE))))
    assert raw == [], f"raw TeX visible on {book_page.name}: {raw}"
    # math comes from the page's source, or from docstrings (the API reference)
    if page.evaluate(MATH_STATE)["math"] == 0 and not _source_has_math(book_page.name):
        pytest.skip(f"no math in the source of {book_page.name}")
    check_math_typeset(page, book_page.name)
    assert any("/_static/mathjax/" in url for url in book_page.record.requests)


def test_every_image_loads_when_scrolled_to(book_page):
    """Each image a reader can see (figures, the shown frame of each player) loads when it
    is scrolled into view: the page's images load lazily. Then the page, typeset and with
    its images, is saved as the light review screenshot."""
    page = book_page.page
    result = page.evaluate(LOAD_IMAGES_BY_SCROLLING, 10_000)
    _screenshot(page, book_page.record, "light")
    if result["images"] == 0:
        pytest.skip(f"no image on {book_page.name}")
    assert result["failed"] == [], (
        f"{book_page.name}: images not loaded 10 s after being scrolled into view: "
        f"{result['failed']}"
    )


def test_every_interactive_figure_renders_and_its_slider_switches_it(book_page):
    """Each interactive figure is a frame player (no widget manager): a labelled range
    input, a readout and the frames; three arrow keys show a new, loaded frame with its own
    alt text, and the readout and ``aria-valuetext`` follow (see :func:`flip_frame`)."""
    if not check_players(book_page.page, HTML, book_page.name):
        pytest.skip(f"no interactive figure on {book_page.name}")


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


def test_unfolded_page_has_no_accessibility_violation(book_page):
    """axe-core, with solutions and hidden code cells opened, in the light theme."""
    page = book_page.page
    page.evaluate(OPEN_EVERYTHING)
    page.evaluate(MATHJAX_DONE)
    # math inside folded content is typeset too, once the reader scrolls to it
    failed = page.evaluate(TYPESET_BY_SCROLLING, 10_000)
    violations = _run_axe(page, book_page.record, "light")
    assert failed == [], f"math in unfolded content not typeset when scrolled to: {failed[:10]}"
    raw = sorted(set(RAW_TEX.findall(page.evaluate(VISIBLE_PROSE))))
    assert raw == [], f"raw TeX in unfolded content: {raw}"
    assert _failing(violations) == []


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
    assert _failing(violations) == []


def test_phone_screen_is_accessible(book_page):
    """The unfolded page on a phone's 390 px wide screen (the benchmark's phone), in the
    light and the dark theme: the layout changes there (no sidebars, wrapped slider rows)."""
    page = book_page.page
    found = {}
    page.set_viewport_size(PHONE_VIEWPORT)
    try:
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            page.wait_for_function(f"document.documentElement.dataset.theme === '{theme}'")
            page.evaluate(OPEN_EVERYTHING)
            found[theme] = _failing(
                _run_axe(page, book_page.record, f"{theme} {PHONE_VIEWPORT['width']}px")
            )
    finally:
        page.emulate_media(color_scheme="light")
        page.set_viewport_size(VIEWPORT)
    assert found == {"light": [], "dark": []}


def test_interactive_figures_fit_a_phone_screen(book_page):
    """At 390 px, each frame player (slider row and figure) stays inside the screen: nothing
    of it is cut off or needs sideways scrolling."""
    page = book_page.page
    if page.locator("article .frame-player").count() == 0:
        pytest.skip(f"no interactive figure on {book_page.name}")
    page.set_viewport_size(PHONE_VIEWPORT)
    try:
        overflow = page.evaluate(
            """() => Array.from(document.querySelectorAll('article .frame-player'))
                .flatMap((player, i) => [player, ...player.querySelectorAll('*')]
                    .filter(el => el.checkVisibility())
                    .filter(el => { const box = el.getBoundingClientRect();
                        return box.left < -0.5 || box.right > innerWidth + 0.5; })
                    .map(el => `player ${i + 1}: <${el.tagName.toLowerCase()}> spans `
                        + `${Math.round(el.getBoundingClientRect().left)}..`
                        + `${Math.round(el.getBoundingClientRect().right)} px`))"""
        )
    finally:
        page.set_viewport_size(VIEWPORT)
    assert overflow == [], (
        f"{book_page.name}: at {PHONE_VIEWPORT['width']} px, parts of an interactive figure "
        f"leave the screen: {overflow}"
    )


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


def test_no_widget_manager_is_loaded(book_page):
    """The frame players need no widget manager: this page loaded neither RequireJS nor the
    ipywidgets manager and holds no widget state or widget view script."""
    loaded = [url for url in book_page.record.requests
              if urlsplit(url).path.rsplit("/", 1)[-1] in WIDGET_MANAGER_FILES]
    assert loaded == [], f"{book_page.name} loaded the widget manager: {loaded}"
    scripts = book_page.page.locator(WIDGET_SCRIPTS).count()
    assert scripts == 0, f"{book_page.name} holds {scripts} widget state/view script(s)"
    assert book_page.page.evaluate("typeof window.require === 'undefined'"), (
        f"{book_page.name} defines RequireJS's require()"
    )


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
        # the reader scrolls to the first formula (MathJax typesets it as it comes near)
        first = page.locator("article .math").first
        first.scroll_into_view_if_needed()
        page.wait_for_function(IS_TYPESET, arg=first.element_handle(), timeout=20_000)
        page.wait_for_function(
            "() => document.querySelector('mjx-container[aria-label], "
            "mjx-container [data-semantic-speech]') !== null",
            timeout=20_000,
        )
        math = first.locator("mjx-container").first
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
    assert spoken and all(text.strip() for text in spoken), (
        f"{name}: with MathJax's speech on, the first formula is typeset but no formula has "
        "spoken text (an aria-label on its mjx-container)"
    )
    assert record.errors == []


def test_test_assets_stay_out_of_the_published_book():
    """axe-core is pinned in the lock file, fetched for the tests only, never published."""
    lock = json.loads((ROOT / "offline-assets.lock.json").read_text())
    assert "axe-core" in {package["name"] for package in lock["test_packages"]}
    assert "axe-core" not in {package["name"] for package in lock["packages"]}
    assert not list(HTML.rglob("axe*.js"))


def test_typesetting_all_math_for_printing_keeps_each_formula_once_with_its_mathml(
    browser, server, report
):
    """Printing a page (or building the PDF) typesets the formulas no reader has scrolled to
    (MathJax's ui/lazy calls ``lazyTypesetAll`` on "beforeprint"). Those the reader has
    seen already must come through unchanged: shown once, their MathML for screen readers
    intact."""
    name = next((name for name in PAGES if _source_has_math(name)), None)
    if name is None:
        pytest.skip("no page with math")
    record = report.page(f"{name} (typeset for printing)")
    context, page = _open(browser, server, name, record, report, theme="light")
    try:
        # the reader reads down to the middle formula of the page, then prints
        math = page.locator("article .math")
        assert math.count() > 0, f"the source of {name} has math, the page has no math element"
        middle = math.nth(math.count() // 2)
        middle.scroll_into_view_if_needed()
        page.wait_for_function(IS_TYPESET, arg=middle.element_handle(), timeout=10_000)
        seen = page.evaluate(
            f"() => Array.from(document.querySelectorAll('article .math'))"
            f".filter({IS_TYPESET}).length"
        )
        assert page.evaluate(MATHJAX_TYPESET_ALL), f"MathJax did not start on {name}"
        state = page.evaluate(MATH_STATE)
        untypeset = page.evaluate(
            f"() => Array.from(document.querySelectorAll('article .math'))"
            f".filter(el => !({IS_TYPESET})(el)).length"
        )
    finally:
        context.close()
    assert untypeset == 0, f"{name}: {untypeset} formula(s) not typeset for printing"
    assert state["twice"] == [], (
        f"{name}: after lazyTypesetAll (printing), formulas the reader had seen ({seen}) hold "
        f"a second, empty mjx-container: {state['twice'][:10]}"
    )
    assert state["unreadable"] == [], (
        f"{name}: after lazyTypesetAll (printing), formulas the reader had seen ({seen}) "
        f"lost their MathML for screen readers: {state['unreadable'][:10]}"
    )
    assert state["errors"] == [] and record.errors == []
