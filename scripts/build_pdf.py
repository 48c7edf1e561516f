#!/usr/bin/env python
"""Build one PDF of the whole book from the built HTML, with the system Chromium.

    python scripts/build_pdf.py          # _build/html -> _build/the-mistake-notebook.pdf
    python scripts/build_pdf.py --html DIR --output FILE

The PDF is printed from the HTML book that ``scripts/build_book.sh`` writes, so it shows
exactly what the web pages show: math typeset by the book's own MathJax, each interactive
figure as its frame player shows it first, fonts as the browser picks them (the CJK ones
included). Jupyter Book's ``pdfhtml`` builder downloads a browser at run time (the build
has no network) and its LaTeX route cannot print the frame players (HTML with a script),
so neither is used.

How, and why this way:

* **One print job per page of the table of contents.** ``_build/html`` is served on
  127.0.0.1 (``tools.local_book.serve``) and each page listed in ``_toc.yml`` (read with
  the same parser the browser tests use) is loaded in headless Chromium through
  Playwright (the system Chromium, never ``playwright install``). The pages are made for
  a screen: MathJax typesets a formula only when it comes near the viewport, and body
  images (the shown frame of a frame player among them) load only when scrolled near. So
  the script has MathJax typeset every formula (``lazyTypesetAll``) and waits for it,
  opens what the screen folds away (``<details>`` cells, solution dropdowns: printed
  expanded, without the dropdown chrome), replaces the controls of each frame player (its
  label with the range input, its readout) by a caption (the figure is printed at the one
  setting the chapter shows first; the caption names that setting and how many the HTML
  offers and repeats the frame's alt text, all read from the player), makes every image
  that prints load now and waits until it is decoded, shrinks any display formula or table
  still wider than the page, adds ``scripts/pdf_print.css`` (no sidebars, header, launch
  buttons, footer navigation or search; code wraps at the page edge instead of being cut;
  figures are not split across pages) and prints with ``page.pdf``. A formula left
  untypeset, an image that did not load or a player that does not show exactly its
  selected frame stops the build with the page's name. Printing pages separately keeps
  each chapter starting on a fresh page and lets every page load the way the browser
  tests check it; one combined document would need the pages' scripts merged into one.
* **Merged with pypdf.** The parts' pages are copied into one document. Chromium's own
  outline (``outline=True``) was measured and not used: its titles repeat or glue words
  where a heading wraps ("The formulaThe formula", "worstmistakes"). The bookmarks are
  built here instead from the page's headings as the DOM has them (h1 = one top-level
  entry per chapter or appendix, h2 and h3 nested below), each pointing where Chromium
  placed that heading: every heading has a "#" link to its section, so Chromium writes a
  named destination (page and height) for each section, which this script reads back.
  Links are rewritten the same way: a link to another page of the book (Chromium prints
  it as a URL on the local server, whose port changes every run) becomes a jump inside the
  PDF; a link to a local file that is not a book page is dropped (the text stays); links
  to other sites are kept.
* **A title page and a contents page**, generated here as small HTML (title, 错题本,
  subtitle from the README's heading, author and copyright from ``_config.yml``, the parts
  and chapters with their page numbers) and printed by the same Chromium. They are printed
  twice: once to count their pages, once with the numbers.
* **Page numbers continuous across the book.** Chromium's header and footer templates
  restart at 1 in each print job, so they are not used. One more print job makes an
  overlay of the same page size carrying only the footer of every page (chapter title and
  page number), stamped onto the pages with pypdf's ``merge_page``. The printed number is
  the PDF page number (the title page counts as 1 but shows none), so the numbers in the
  contents and a viewer's "go to page" agree.
* **No blank pages.** A printed page with neither text nor an image (Chromium can emit
  one at the end of a job) is dropped before merging.
* **Reproducible.** Metadata is set explicitly (title, author, subject; no dates, no
  random file id) and no local URL survives. Chromium itself is not perfectly repeatable:
  between runs it can place a rare run of text a tenth of a point higher (measured: one
  text run in a 130-page chapter, in about one run out of five), so two builds of the
  same HTML look identical but are not always byte-identical.
* **Paper.** A4 at scale 0.8: the theme's 16 px text prints at 9.6 pt and about 95
  characters of code fit on a line before it wraps. About 80 s for the whole book on two
  cores, most of it Chromium laying out the pages.

Fonts are embedded by Chromium (TrueType subsets; MathJax's web fonts as Type 3 fonts
whose glyphs are drawn in the file), WenQuanYi Micro Hei among them for the Chinese text.
A copy of the PDF goes to ``<html>/downloads/`` so the web pages can link to it.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `tools` importable

from tools.local_book import CHROMIUM_FLAGS, chromium_executable, serve  # noqa: E402

DEFAULT_HTML = ROOT / "_build" / "html"
PDF_NAME = "the-mistake-notebook.pdf"
DEFAULT_OUTPUT = ROOT / "_build" / PDF_NAME
DOWNLOADS = "downloads"  # the copy goes to <html>/downloads/<name of the output>
PRINT_CSS = Path(__file__).resolve().parent / "pdf_print.css"
CHINESE_TITLE = "错题本"  # the book's name in Chinese (the README's, the welcome page's)

# Paper and layout. Scale 0.8 prints the theme's 16 px body text at 9.6 pt.
PAPER = "A4"
PAPER_MM = (210, 297)
MARGIN_MM = {"top": 16, "bottom": 20, "left": 17, "right": 17}
SCALE = 0.8
FOOTER_MM = 9  # baseline of the footer above the paper's bottom edge

CSS_PX_PER_MM = 96 / 25.4
CONTENT_WIDTH_PX = round(
    (PAPER_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * CSS_PX_PER_MM / SCALE
)

MIN_LINK_PT = 3  # a smaller link box is the invisible "#" link of a heading
CONTENT_HEIGHT_PX = round(
    (PAPER_MM[1] - MARGIN_MM["top"] - MARGIN_MM["bottom"]) * CSS_PX_PER_MM / SCALE
)

LOAD_TIMEOUT_MS = 60_000
IMAGE_TIMEOUT_MS = 30_000  # for every image that prints to load and decode

# --- JavaScript run in the page ----------------------------------------------------------

# MathJax typesets a formula only when it comes near the screen (its ui/lazy extension);
# the extension would typeset the rest on "beforeprint", asynchronously, too late for
# page.pdf. Everything is typeset here, and awaited, before the page is measured.
MATHJAX_DONE = """async () => {
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
    const doc = mj && mj.startup && mj.startup.document;
    if (doc && typeof doc.lazyTypesetAll === 'function') { await doc.lazyTypesetAll(); }
    return Boolean(mj && mj.version);
}"""

# Unfold everything, caption the interactive figures, load every image that prints, and
# report what the page holds.
PREPARE = """async ([pageHeight, imageTimeout]) => {
    const article = document.querySelector('article.bd-article');
    if (!article) { return {error: 'no <article class="bd-article"> in the page'}; }
    // Folded content prints open: hidden code cells (<details>) and solution dropdowns.
    // A <details> is replaced by its content (Chromium paints an open <details> that
    // crosses a page with a faint line at the page's bottom edge).
    document.querySelectorAll('details').forEach(d => {
        const box = document.createElement('div');
        box.className = 'pdf-unfolded';
        Array.from(d.childNodes).filter(n => !(n.nodeType === 1 && n.tagName === 'SUMMARY'))
            .forEach(n => box.append(n));
        d.replaceWith(box);
    });
    document.querySelectorAll('.toggle-hidden').forEach(el => el.classList.remove('toggle-hidden'));
    document.querySelectorAll('.toggle-details__summary, .toggle-button')
        .forEach(el => el.classList.add('pdf-hidden'));
    // Interactive figures (frame players): the frame shown, with a caption naming its
    // setting instead of the controls (the label with its range input, the readout).
    const figures = [];
    const widgetViews = document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets').length;
    if (widgetViews) {
        figures.push({error: `${widgetViews} ipywidgets view(s) in the page: without a widget `
            + 'manager they print nothing; the book shows interactive figures as frame players'});
    }
    const players = Array.from(article.querySelectorAll('.frame-player'));
    players.forEach(player => {
        const input = player.querySelector('input[type=range]');
        const label = input && input.closest('label');
        const readout = player.querySelector('output');
        if (!input || !label || !readout) {
            figures.push({error: 'frame player without its <label> with a range input and '
                + 'its <output> readout'});
            return;
        }
        const description = (label.querySelector('span') || label).textContent.trim();
        const value = readout.textContent.trim();
        const settings = Number(input.max) - Number(input.min) + 1;
        const frames = Array.from(player.querySelectorAll('img'));
        const shown = frames.filter(img => img.checkVisibility());
        if (shown.length !== 1) {
            figures.push({error: `frame player ${JSON.stringify(description)} shows `
                + `${shown.length} of its ${frames.length} frames, expected 1`});
            return;
        }
        const frame = shown[0];
        if (frames.indexOf(frame) !== Number(input.value) - Number(input.min)
                || (frame.dataset.label || '').trim() !== value) {
            figures.push({error: `frame player ${JSON.stringify(description)} shows frame `
                + `${frames.indexOf(frame)} (${frame.dataset.label}), but its range input is at `
                + `${input.value} and its readout says ${value}`});
            return;
        }
        const alt = frame.alt.trim();
        Array.from(player.children)
            .filter(el => el.tagName !== 'IMG' && el.tagName !== 'SCRIPT')
            .forEach(el => el.classList.add('pdf-hidden'));
        const caption = document.createElement('p');
        caption.className = 'pdf-frame-caption';
        const setting = document.createElement('span');
        setting.className = 'pdf-frame-setting';
        setting.textContent = `Interactive figure, printed at ${description} = ${value}`;
        caption.append(setting, document.createTextNode(
            (settings > 1 ? ` (one of its ${settings} settings; the HTML book has a slider). `
                          : '. ') + alt));
        player.append(caption);
        player.classList.add('pdf-frame');
        figures.push({label: description, readout: value, settings, alt, frame});
    });
    // Every image that prints is loaded and decoded first. The book's pages load their
    // body images lazily (the shown frame of a player included), only when scrolled near.
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const printed = Array.from(document.querySelectorAll('img'))
        .filter(img => img.checkVisibility());
    printed.forEach(img => { img.loading = 'eager'; });
    await Promise.race([
        Promise.allSettled(printed.map(img => img.decode())),
        new Promise(resolve => setTimeout(resolve, imageTimeout)),
    ]);
    figures.forEach(f => {
        if (f.frame) {
            f.loaded = f.frame.complete && f.frame.naturalWidth > 0;
            delete f.frame;
        }
    });
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // Whatever is still wider than the page is scaled down to fit (display math, tables).
    const edge = article.getBoundingClientRect();
    const shrunk = [];
    article.querySelectorAll('mjx-container[display="true"] > mjx-math, table').forEach(el => {
        const box = el.getBoundingClientRect();
        const target = el.tagName === 'TABLE' ? el : el.parentElement;
        const room = edge.right - target.getBoundingClientRect().left;
        if (box.width > room + 1) {
            target.style.zoom = (Math.floor(room / box.width * 1000) / 1000).toString();
            shrunk.push(el.tagName.toLowerCase() + ' ' + Math.round(box.width) + 'px');
        }
    });
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // What still sticks out of the text column, or scrolls inside its box, would be cut.
    const after = article.getBoundingClientRect();
    const cut = [];
    article.querySelectorAll('pre, table, mjx-container > mjx-math, img, .cell_output > *')
        .forEach(el => {
            if (!el.checkVisibility()) { return; }
            const box = el.getBoundingClientRect();
            const scrolls = getComputedStyle(el).overflowX !== 'visible'
                && el.scrollWidth > el.clientWidth + 1;
            if (scrolls || box.right > after.right + 1 || box.left < after.left - 1) {
                cut.push(`${el.tagName.toLowerCase()} (${Math.round(box.left - after.left)}..`
                    + `${Math.round(box.right - after.left)} of ${Math.round(after.width)} px): `
                    + (el.closest('p, li, dd, dt, td, th, pre, div') || el).textContent
                        .replace(/\\s+/g, ' ').trim().slice(0, 70));
            }
        });
    // A code cell is kept on one page (no empty box left behind) unless it is long: one
    // taller than 40 %% of a page may break, or it would leave a large gap.
    article.querySelectorAll('.cell_input, .cell_output, div.highlight').forEach(el => {
        if (el.getBoundingClientRect().height > 0.4 * pageHeight) {
            el.classList.add('pdf-long');
        }
    });
    // Headings for the bookmarks: text as shown (math as its spoken/MathML text), and
    // the id of the section each one opens.
    const headings = Array.from(article.querySelectorAll('h1, h2, h3'))
        .filter(h => h.checkVisibility())
        .map(h => {
            const copy = h.cloneNode(true);
            copy.querySelectorAll('.headerlink, mjx-assistive-mml').forEach(el => el.remove());
            copy.querySelectorAll('mjx-container').forEach(container => {
                const original = h.querySelectorAll('mjx-container')[
                    Array.from(copy.querySelectorAll('mjx-container')).indexOf(container)];
                const mml = original && original.querySelector('mjx-assistive-mml');
                container.replaceWith(document.createTextNode(mml ? mml.textContent : ''));
            });
            const section = h.closest('section[id]');
            return {level: Number(h.tagName.slice(1)),
                    title: copy.textContent.replace(/\\s+/g, ' ').trim(),
                    anchor: section ? section.id : ''};
        });
    const math = document.querySelectorAll('article .math').length;
    const untypeset = Array.from(document.querySelectorAll('article .math'))
        .filter(el => !el.querySelector('mjx-container')).length
        // MathJax's marker of a formula not typeset yet. Not counted inside the hidden
        // MathML that MathJax writes for screen readers: lazyTypesetAll (MathJax 3.2.2)
        // finds the <math> of each formula typeset before it again and leaves an
        // untypeset copy of it there (mathjax/MathJax#2892), which does not print.
        + Array.from(document.querySelectorAll('mjx-lazy'))
            .filter(el => !el.closest('mjx-assistive-mml')).length;
    const broken = Array.from(article.querySelectorAll('img'))
        .filter(img => img.checkVisibility() && !(img.complete && img.naturalWidth > 0))
        .map(img => (img.getAttribute('src') || '').slice(0, 80));
    return {figures, shrunk, cut, headings, math, untypeset, broken,
            mathErrors: document.querySelectorAll('mjx-merror').length};
}"""


class BuildError(RuntimeError):
    """The PDF cannot be built; the message says why and what to do."""


# --- what is printed ---------------------------------------------------------------------


@dataclass
class TocPage:
    docname: str
    part: str | None  # caption of the part it belongs to (None: the root page)


@dataclass
class Heading:
    level: int
    title: str
    anchor: str


@dataclass
class LinkAnnotation:
    page: int  # index among the part's kept pages
    rect: list[float]
    dest: str | None = None  # named destination inside the same part
    uri: str | None = None


@dataclass
class PrintedPart:
    """One print job: its PDF pages, bookmarks and links, before merging."""

    name: str
    title: str
    pages: list = field(default_factory=list)  # pypdf PageObject
    dests: dict[str, tuple[int, float | None]] = field(default_factory=dict)
    links: list[LinkAnnotation] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    dropped_blank: int = 0


def toc_pages(toc: Path) -> list[TocPage]:
    """The pages of ``_toc.yml`` in reading order: the root, then each part's chapters."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    if not toc.is_file():
        raise BuildError(f"toc: expected the table of contents at {toc}; it does not exist")
    site_map = parse_toc_yaml(str(toc))
    pages = [TocPage(site_map.root.docname, None)]

    def walk(docname: str, part: str | None) -> None:
        for subtree in site_map[docname].subtrees:
            caption = subtree.caption or part
            for child in subtree.items:
                name = getattr(child, "docname", child)
                if isinstance(name, str) and name in site_map:
                    pages.append(TocPage(name, caption))
                    walk(name, caption)

    walk(site_map.root.docname, None)
    if [page.docname for page in pages] != list(site_map):
        raise BuildError(
            f"toc: could not put the pages of {toc} in reading order "
            f"(found {[p.docname for p in pages]}, the toc lists {list(site_map)})"
        )
    return pages


@dataclass
class BookInfo:
    title: str
    subtitle: str
    author: str
    copyright: str


def book_info(config: Path, readme: Path) -> BookInfo:
    """Title, author and copyright from ``_config.yml``; the subtitle from the README's
    first heading, ``# <title>: <subtitle>``."""
    import yaml

    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    missing = [key for key in ("title", "author", "copyright") if not data.get(key)]
    if missing:
        raise BuildError(f"{config}: expected non-empty {', '.join(missing)} for the title page")
    title = str(data["title"]).strip()
    first = next(
        (line for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("# ")),
        "",
    )
    match = re.fullmatch(rf"# {re.escape(title)}:\s*(.+)", first.strip())
    if not match:
        raise BuildError(
            f"{readme}: expected a first heading '# {title}: <subtitle>' for the title page's "
            f"subtitle; received {first!r}"
        )
    subtitle = match.group(1).strip()
    return BookInfo(title, subtitle[:1].upper() + subtitle[1:], str(data["author"]).strip(),
                    str(data["copyright"]).strip())


# --- reading Chromium's PDF --------------------------------------------------------------


def _is_blank(page) -> bool:
    """Neither text nor an image (Chromium's trailing empty page, a page of white)."""
    if page.extract_text().strip():
        return False
    return not _has_image(page.get("/Resources"))


def _has_image(resources, seen=None) -> bool:
    seen = set() if seen is None else seen
    if resources is None:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        if id(ref) in seen:
            continue
        seen.add(id(ref))
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and _has_image(xobject.get("/Resources"), seen):
            return True
    return False


def read_part(name: str, title: str, data: bytes, headings: list[Heading]) -> PrintedPart:
    """The pages of one print job, minus blank ones, with its destinations and links."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    part = PrintedPart(name, title, headings=headings)
    kept: dict[int, int] = {}  # page index in the job -> index among the kept pages
    for index, page in enumerate(reader.pages):
        if _is_blank(page):
            part.dropped_blank += 1
            continue
        kept[index] = len(part.pages)
        part.pages.append(page)
    if not part.pages:
        raise BuildError(f"{name}: Chromium printed no page with content")

    def nearest_kept(index: int) -> int:
        later = [kept[i] for i in sorted(kept) if i >= index]
        return later[0] if later else len(part.pages) - 1

    for key, dest in reader.named_destinations.items():
        index = reader.get_destination_page_number(dest)
        top = dest.get("/Top")
        part.dests[key.lstrip("/")] = (
            nearest_kept(index),
            float(top) if index in kept and top is not None else None,
        )
    for index, page in enumerate(reader.pages):
        if index not in kept:
            continue
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            rect = [float(v) for v in annotation["/Rect"]]
            if abs(rect[2] - rect[0]) < MIN_LINK_PT or abs(rect[3] - rect[1]) < MIN_LINK_PT:
                continue  # a heading's invisible "#" link (kept only for its destination)
            action = annotation.get("/A")
            dest = annotation.get("/Dest")
            if dest is not None:
                part.links.append(LinkAnnotation(kept[index], rect, dest=str(dest).lstrip("/")))
            elif action is not None and action.get("/S") == "/URI":
                part.links.append(LinkAnnotation(kept[index], rect, uri=str(action["/URI"])))
            elif action is not None and action.get("/S") == "/GoTo":
                part.links.append(
                    LinkAnnotation(kept[index], rect, dest=str(action["/D"]).lstrip("/"))
                )
        if "/Annots" in page:
            del page["/Annots"]
    return part


# --- printing ----------------------------------------------------------------------------


def _pdf_options() -> dict:
    return {
        "format": PAPER,
        "print_background": True,
        "scale": SCALE,
        "margin": {side: f"{mm}mm" for side, mm in MARGIN_MM.items()},
        "outline": False,
        "tagged": False,
    }


def print_book_page(context, base: str, docname: str, css: str) -> tuple[bytes, dict]:
    """Load one page of the book, unfold and caption it, print it; returns (PDF, report)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    try:
        page.emulate_media(media="print")
        page.goto(f"{base}/{docname}.html", wait_until="load", timeout=LOAD_TIMEOUT_MS)
        page.evaluate(MATHJAX_DONE)
        page.add_style_tag(content=css)
        page.evaluate("() => document.fonts.ready.then(() => true)")
        report = page.evaluate(PREPARE, [CONTENT_HEIGHT_PX, IMAGE_TIMEOUT_MS])
        if report.get("error"):
            raise BuildError(f"{docname}: {report['error']}")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        data = page.pdf(**_pdf_options())
    finally:
        page.close()
    problems = [f["error"] for f in report["figures"] if "error" in f]
    problems += [f"interactive figure {f['label']!r}: its shown frame did not load"
                 for f in report["figures"] if "error" not in f and not f["loaded"]]
    if report["untypeset"] or report["mathErrors"]:
        problems.append(
            f"{report['untypeset']} formula(s) not typeset, {report['mathErrors']} MathJax error(s)"
        )
    problems += [f"wider than the page, would be cut: {what}" for what in report["cut"]]
    problems += [f"image not loaded: {src}" for src in report["broken"]]
    if not report["headings"] or report["headings"][0]["level"] != 1:
        problems.append("the page does not open with an h1 heading")
    problems += errors
    if problems:
        raise BuildError(f"{docname}: " + "; ".join(problems))
    return data, report


def print_html(context, markup: str) -> bytes:
    """Print a generated HTML document (title page, contents, page-number overlay)."""
    page = context.new_page()
    try:
        page.set_content(markup, wait_until="load")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        return page.pdf(format=PAPER, print_background=True, prefer_css_page_size=True,
                        margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
    finally:
        page.close()


FRONT_CSS = """
@page { size: %(w)smm %(h)smm; margin: %(top)smm %(right)smm %(bottom)smm %(left)smm; }
html { font-family: "DejaVu Sans", "WenQuanYi Micro Hei", sans-serif; color: #111;
  font-variant-ligatures: no-common-ligatures; }
body { margin: 0; }
.title-page { height: calc(%(h)smm - %(top)smm - %(bottom)smm - 1mm); display: flex;
  flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.title-page h1 { font-size: 34pt; font-weight: 600; margin: 0 0 4mm; }
.title-page .cjk { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 40pt;
  margin: 6mm 0 10mm; color: #1f5f8b; }
.title-page .subtitle { font-size: 15pt; margin: 0 0 40mm; }
.title-page .author { font-size: 12pt; margin: 0 0 2mm; }
.title-page .copyright { font-size: 10pt; color: #444; margin: 0; }
.contents h2 { font-size: 20pt; font-weight: 600; margin: 0 0 8mm; }
.contents h3 { font-size: 11pt; font-weight: 600; color: #1f5f8b; margin: 6mm 0 2mm;
  text-transform: uppercase; letter-spacing: 0.05em; }
.contents ol { list-style: none; padding: 0; margin: 0; }
.contents li { display: flex; align-items: baseline; font-size: 11.5pt; margin: 0 0 2.2mm; }
.contents li a { color: inherit; text-decoration: none; }
.contents li .leader { flex: 1; border-bottom: 1px dotted #888; margin: 0 2mm; }
.contents li .number { min-width: 8mm; text-align: right; }
"""


def front_matter_html(info: BookInfo, entries: list[tuple[TocPage, str, int]], base: str) -> str:
    """The title page and the contents: ``entries`` are (page, title, first PDF page)."""
    css = FRONT_CSS % {"w": PAPER_MM[0], "h": PAPER_MM[1], "top": 30, "bottom": 25,
                       "left": 25, "right": 25}
    rows: list[str] = []
    current = object()
    rows.append("<ol>")
    for toc_page, title, number in entries:
        if toc_page.part != current and toc_page.part is not None:
            rows.append(f"</ol><h3>{html.escape(toc_page.part)}</h3><ol>")
        current = toc_page.part
        href = html.escape(f"{base}/{toc_page.docname}.html", quote=True)
        rows.append(
            f'<li><a href="{href}">{html.escape(title)}</a><span class="leader"></span>'
            f'<span class="number">{number}</span></li>'
        )
    rows.append("</ol>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{html.escape(info.title)}</title><style>{css}</style></head><body>"
        f'<section class="title-page"><h1>{html.escape(info.title)}</h1>'
        f'<p class="cjk" lang="zh">{CHINESE_TITLE}</p>'
        f'<p class="subtitle">{html.escape(info.subtitle)}</p>'
        f'<p class="author">{html.escape(info.author)}</p>'
        f'<p class="copyright">© {html.escape(info.copyright)}</p></section>'
        f'<section class="contents"><h2>Contents</h2>{"".join(rows)}</section>'
        "</body></html>"
    )


OVERLAY_CSS = """
@page { size: %(w)smm %(h)smm; margin: 0; }
html { font-family: "DejaVu Sans", "WenQuanYi Micro Hei", sans-serif;
  font-variant-ligatures: no-common-ligatures; }
body { margin: 0; }
.sheet { position: relative; width: %(w)smm; height: %(h)smm; overflow: hidden; break-after: page; }
.sheet:last-child { break-after: auto; }
.footer { position: absolute; left: %(left)smm; right: %(right)smm; bottom: %(bottom)smm;
  display: flex; justify-content: space-between; align-items: baseline;
  font-size: 8pt; color: #555; border-top: 0.4pt solid #bbb; padding-top: 1.5mm; }
.footer .number { font-size: 9pt; color: #222; }
"""


def overlay_html(footers: list[tuple[str, str]]) -> str:
    """One sheet per PDF page carrying its footer: (running title, page number) or blank."""
    css = OVERLAY_CSS % {"w": PAPER_MM[0], "h": PAPER_MM[1], "left": MARGIN_MM["left"],
                         "right": MARGIN_MM["right"], "bottom": FOOTER_MM - 3}
    sheets = []
    for running, number in footers:
        footer = (
            f'<div class="footer"><span class="running">{html.escape(running)}</span>'
            f'<span class="number">{html.escape(number)}</span></div>'
            if number
            else ""
        )
        sheets.append(f'<div class="sheet">{footer}</div>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<style>{css}</style></head><body>{''.join(sheets)}</body></html>"
    )


# --- assembling --------------------------------------------------------------------------


def _local_target(uri: str, starts: dict[str, int], parts: dict[str, PrintedPart]):
    """(page index, top) in the merged PDF for a URL on the local server, or None."""
    parsed = urlsplit(uri)
    docname = unquote(parsed.path).lstrip("/")
    docname = docname[: -len(".html")] if docname.endswith(".html") else docname
    if docname not in starts:
        return None
    part = parts[docname]
    if parsed.fragment and parsed.fragment in part.dests:
        index, top = part.dests[parsed.fragment]
        return starts[docname] + index, top
    return starts[docname], None


def assemble(front: PrintedPart, chapters: list[PrintedPart], base: str, info: BookInfo,
             overlay: bytes):
    """Merge the parts into one PdfWriter with bookmarks, links, footers and metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    writer = PdfWriter()
    starts: dict[str, int] = {}
    parts = {part.name: part for part in chapters}
    for part in [front, *chapters]:
        starts[part.name] = len(writer.pages)
        for page in part.pages:
            writer.add_page(page)

    def fit(index: int, top: float | None):
        """Show page ``index`` from height ``top`` (its top edge when None), zoom kept."""
        if top is None:
            top = float(writer.pages[index].mediabox.top)
        return Fit.xyz(left=0, top=top, zoom=None)

    # Bookmarks: one entry per chapter (its h1), its h2 below, their h3 below those.
    for part in chapters:
        start = starts[part.name]
        first, *rest = part.headings
        chapter = writer.add_outline_item(title=first.title, page_number=start,
                                          fit=fit(start, None))
        parents = {1: chapter}
        for heading in rest:
            parent = next(
                (parents[level] for level in range(heading.level - 1, 0, -1) if level in parents),
                chapter,
            )
            if heading.anchor not in part.dests:
                raise BuildError(
                    f"{part.name}: Chromium wrote no destination for the section "
                    f"{heading.anchor!r} of the heading {heading.title!r}"
                )
            index, top = part.dests[heading.anchor]
            item = writer.add_outline_item(title=heading.title, page_number=start + index,
                                           parent=parent, fit=fit(start + index, top))
            parents[heading.level] = item
            for deeper in [level for level in parents if level > heading.level]:
                del parents[deeper]

    # Links: inside a page, to another page of the book, or to another site.
    dropped = 0
    for part in [front, *chapters]:
        for link in part.links:
            target = None
            if link.dest is not None:
                if link.dest in part.dests:
                    index, top = part.dests[link.dest]
                    target = (starts[part.name] + index, top)
            elif link.uri is not None and link.uri.startswith(base + "/"):
                target = _local_target(link.uri, starts, parts)
            elif link.uri is not None:
                writer.add_annotation(
                    starts[part.name] + link.page,
                    Link(rect=link.rect, url=link.uri, border=[0, 0, 0]),
                )
                continue
            if target is None:
                dropped += 1
                continue
            writer.add_annotation(
                starts[part.name] + link.page,
                Link(rect=link.rect, target_page_index=target[0], fit=fit(*target),
                     border=[0, 0, 0]),
            )

    # Footers: each page gets the matching page of the overlay stamped on top.
    stamps = PdfReader(io.BytesIO(overlay))
    if len(stamps.pages) != len(writer.pages):
        raise BuildError(
            f"page-number overlay: expected {len(writer.pages)} pages, Chromium printed "
            f"{len(stamps.pages)}"
        )
    for page, stamp in zip(writer.pages, stamps.pages):
        page.merge_page(stamp)
        page.compress_content_streams()  # merge_page writes the merged stream uncompressed

    writer.page_mode = "/UseOutlines"
    writer.add_metadata({
        "/Title": f"{info.title} ({CHINESE_TITLE})",
        "/Author": info.author,
        "/Subject": info.subtitle,
        "/Creator": "scripts/build_pdf.py (Chromium, pypdf)",
        "/Producer": "pypdf",
    })
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    return writer, dropped


# --- main ---------------------------------------------------------------------------------


def find_chromium(given: str | None) -> str:
    chromium = given or chromium_executable() or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        raise BuildError(
            f"Chromium not found at {chromium}: install it (apt-get install chromium) or set "
            "CHROMIUM to its path"
        )
    return chromium


def build(html_dir: Path, output: Path, *, toc: Path, config: Path, readme: Path,
          chromium: str | None = None, log=print) -> Path:
    """Print the book in ``html_dir`` to ``output`` (and a copy in ``html_dir/downloads``)."""
    started = time.monotonic()
    if not (html_dir / "index.html").is_file():
        raise BuildError(
            f"html: expected the built book in {html_dir} (no index.html there); build it first "
            "with bash scripts/build_book.sh"
        )
    if output.suffix.lower() != ".pdf":
        raise BuildError(f"output: expected a path ending in .pdf; received {output}")
    pages = toc_pages(toc)
    missing = [p.docname for p in pages if not (html_dir / f"{p.docname}.html").is_file()]
    if missing:
        raise BuildError(
            f"html: {html_dir} lacks pages listed in {toc.name}: {', '.join(missing)}; rebuild "
            "the book (bash scripts/build_book.sh)"
        )
    info = book_info(config, readme)
    executable = find_chromium(chromium)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BuildError(
            "Playwright for Python is not installed: pip install -r requirements-test.txt"
        ) from error
    css = PRINT_CSS.read_text(encoding="utf-8")

    with serve(html_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(
                viewport={"width": CONTENT_WIDTH_PX, "height": 1200},
                color_scheme="light",
                reduced_motion="reduce",
            )
            chapters: list[PrintedPart] = []
            for toc_page in pages:
                t0 = time.monotonic()
                data, report = print_book_page(context, base, toc_page.docname, css)
                headings = [Heading(**h) for h in report["headings"]]
                part = read_part(toc_page.docname, headings[0].title, data, headings)
                chapters.append(part)
                notes = []
                if report["shrunk"]:
                    notes.append(f"scaled to fit: {len(report['shrunk'])}")
                if part.dropped_blank:
                    notes.append(f"blank page(s) dropped: {part.dropped_blank}")
                log(
                    f"  {toc_page.docname}: {len(part.pages)} pages, "
                    f"{len(headings)} headings, {len(report['figures'])} interactive figure(s), "
                    f"{report['math']} formulas{'; ' + '; '.join(notes) if notes else ''} "
                    f"({time.monotonic() - t0:.1f} s)"
                )

            # Front matter: print once to learn its length, then with the page numbers.
            titles = [(p, part.title) for p, part in zip(pages, chapters)]
            front_pages = 0
            for _ in range(3):
                numbers, number = [], front_pages + 1
                for part in chapters:
                    numbers.append(number)
                    number += len(part.pages)
                entries = [(p, title, n) for (p, title), n in zip(titles, numbers)]
                front = read_part("front matter", info.title,
                                  print_html(context, front_matter_html(info, entries, base)), [])
                if len(front.pages) == front_pages:
                    break
                front_pages = len(front.pages)
            else:
                raise BuildError("front matter: its page count did not settle")
            log(f"  title page and contents: {len(front.pages)} pages")

            # Footers: the running title and the PDF page number (none on the title page).
            running = [info.title] * len(front.pages)
            for part in chapters:
                running += [f"{info.title} · {part.title}"] * len(part.pages)
            footers = [("", "")] + [(text, str(i + 1)) for i, text in enumerate(running) if i]
            overlay = print_html(context, overlay_html(footers))
        finally:
            browser.close()

        writer, dropped = assemble(front, chapters, base, info, overlay)

    output.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if base.encode() in data:
        raise BuildError(f"the PDF still refers to the local server {base}")
    output.write_bytes(data)
    copy = html_dir / DOWNLOADS / output.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(data)
    if dropped:
        log(f"  links to local files that are not book pages, dropped: {dropped}")
    log(
        f"build_pdf: {len(writer.pages)} pages, {len(data) / 1e6:.1f} MB, "
        f"{time.monotonic() - started:.0f} s -> {output} (copy: {copy})"
    )
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML,
                        help=f"the built HTML book (default: {DEFAULT_HTML.relative_to(ROOT)})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"the PDF to write (default: {DEFAULT_OUTPUT.relative_to(ROOT)}); "
                        f"a copy goes to <html>/{DOWNLOADS}/")
    parser.add_argument("--chromium", default=None,
                        help="Chromium executable (default: $CHROMIUM, else a Chromium or Chrome on PATH)")
    args = parser.parse_args(argv)
    try:
        build(args.html.resolve(), args.output.resolve(), toc=ROOT / "_toc.yml",
              config=ROOT / "_config.yml", readme=ROOT / "README.md", chromium=args.chromium)
    except BuildError as error:
        print(f"build_pdf: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
