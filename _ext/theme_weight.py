"""Local Sphinx extension: lighter theme assets on every page.

On a text-only page of the book (an appendix page: text and math), the theme's assets
outweighed the page itself a hundred times: of 1.35 MB on the wire (gzip), Font Awesome
took 0.81 MB, loaded twice. pydata-sphinx-theme 0.17 styles every ``fa-*`` class with
the Font Awesome web fonts *and* loads ``_static/scripts/fontawesome.js`` (1.5 MB, 0.54 MB
gzipped), which replaces each such ``<i>`` with an inline SVG. Four changes:

1. **No Font Awesome JavaScript.** The web fonts draw the same icons, so the script is
   dropped: ``_ext/templates/layout.html`` passes the two head blocks of the theme's
   layout through ``book_unused_scripts_removed`` (added to every page's template context
   here), which removes the ``<script>`` and ``<link rel="preload">`` tags of the scripts
   :func:`unused_scripts` names; after the build the file itself is deleted, so a page
   that still named it would fail ``scripts/check_built_html.py`` (missing resource).
   ``_ext/static/theme-weight.css`` (added to every page) keeps the icons as the script
   drew them where the theme's CSS only sized SVGs (the header's colour-mode icon, the
   search field's magnifying glass).

2. **No search index outside the search page.** The theme loads ``searchtools.js``,
   ``language_data.js`` and ``searchindex.js`` on every page for its search-as-you-type
   dialog. With ``search_as_you_type`` off (the theme's default, and this book's) the
   header's search dialog only submits a form to ``search.html``, which loads the three
   itself. (Side effect, Sphinx's intended behaviour: with ``searchtools.js`` absent,
   ``sphinx_highlight.js`` again highlights the searched words on a page opened from a
   search result.)

3. **Font Awesome subset to the icons the book shows.** After the build, each Font
   Awesome face (solid, regular, brands: the ``@font-face`` rules of the theme's style
   sheet) is rewritten in place, from the theme's original file, as a subset holding only
   the glyphs the book can show: the icons named by ``fa-*`` classes in the built pages
   and in the scripts they load, and the codepoints the style sheets put in ``content``
   or in custom properties (the theme's admonition, link and breadcrumb icons). The
   ``.fa-NAME:before`` rules of icons nothing names are dropped from that style sheet.
   File names and ``@font-face`` rules stay as they are. A page naming an ``fa-*`` class
   the style sheet does not define, or an icon its font has no glyph for, fails the build
   with a message naming the page and the icon.

4. **sphinx-design only where it is used.** jupyter-book loads sphinx-design on every
   page; its style sheet (render-blocking) and its tabs script are left off the pages
   whose body has no ``sd-*`` component (today: every page).

Everything is derived from the built pages and the theme's own files at build time; the
subsets and the trimmed style sheet are made on every build from the theme's original
files, never from the previous build's output, so the same book gives the same bytes.
Writing (and reading) woff2 needs ``brotli``.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The theme's Font Awesome script, relative to the built site.
FONTAWESOME_JS = "_static/scripts/fontawesome.js"
#: What ships with it and is read by nothing once it is gone.
FONTAWESOME_JS_COMPANIONS = (FONTAWESOME_JS + ".map", FONTAWESOME_JS + ".LICENSE.txt")
#: The scripts of Sphinx's search, which only the search page uses unless the theme's
#: search-as-you-type dialog is on.
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
#: The rules that keep the icons drawn by the web fonts as the script drew them.
ICON_CSS = "theme-weight.css"
#: sphinx-design's style sheet and script, which jupyter-book adds to every page; only a
#: page with one of its components (tabs, cards, grids, dropdowns: classes ``sd-*``)
#: uses them.
SPHINX_DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")

#: Font Awesome 6's style classes and the face each selects, as (word in the font family,
#: weight). An icon with none of them is solid, the ``.fa`` rule's default.
STYLE_FACES = {
    "fas": ("Free", "900"),
    "fa-solid": ("Free", "900"),
    "far": ("Free", "400"),
    "fa-regular": ("Free", "400"),
    "fab": ("Brands", "400"),
    "fa-brands": ("Brands", "400"),
}
DEFAULT_STYLE_FACE = ("Free", "900")
FONT_AWESOME_FAMILY = "Font Awesome"

#: Unicode's private use area, where icon fonts put their glyphs.
PRIVATE_USE = range(0xE000, 0xF900)


# --- 1 and 2: scripts a page does not need ------------------------------------------------


def unused_scripts(pagename: str, search_as_you_type: bool) -> tuple[str, ...]:
    """File names of the theme's scripts that the page ``pagename`` does not use."""
    if not isinstance(pagename, str):
        raise TypeError(f"pagename must be a str, got {type(pagename).__name__}")
    names = [posixpath.basename(FONTAWESOME_JS)]
    if pagename != "search" and not search_as_you_type:
        names.extend(SEARCH_SCRIPTS)
    return tuple(names)


_SCRIPT_TAG = re.compile(
    r"<script\b[^>]*?\bsrc=([\"'])(?P<url>[^\"']*)\1[^>]*>\s*</script>[ \t]*\n?", re.IGNORECASE)
_PRELOAD_TAG = re.compile(r"<link\b(?=[^>]*\brel=([\"'])preload\1)[^>]*?\bhref=([\"'])"
                          r"(?P<url>[^\"']*)\2[^>]*>[ \t]*\n?", re.IGNORECASE)


def _url_file_name(url: str) -> str:
    return posixpath.basename(url.split("#", 1)[0].split("?", 1)[0])


def remove_script_tags(html: str, names: Iterable[str]) -> str:
    """``html`` without the ``<script src>`` and ``<link rel="preload">`` tags whose URL
    names one of the files ``names`` (file names: any folder, any ``?query``)."""
    if isinstance(names, str):
        raise TypeError(f"names must be an iterable of file names, got the str {names!r}")
    wanted = set(names)

    def keep_unless_named(match: re.Match) -> str:
        return "" if _url_file_name(match.group("url")) in wanted else match.group(0)

    return _PRELOAD_TAG.sub(keep_unless_named, _SCRIPT_TAG.sub(keep_unless_named, html))


_SPHINX_DESIGN_CLASS = re.compile(r"""\bclass=(["'])(?:[^"']*\s)?sd-[a-z]""")


def uses_sphinx_design(body: str) -> bool:
    """Whether a page body holds an element with one of sphinx-design's ``sd-*`` classes."""
    if not isinstance(body, str):
        raise TypeError(f"body must be a str, got {type(body).__name__}")
    return _SPHINX_DESIGN_CLASS.search(body) is not None


def without_assets(assets: list, names: Iterable[str]) -> list:
    """``assets`` (Sphinx's ``css_files`` or ``script_files`` entries) without those whose
    file name is one of ``names``."""
    names = set(names)
    return [asset for asset in assets
            if _url_file_name(str(getattr(asset, "filename", asset) or "")) not in names]


def _search_as_you_type(context: dict) -> bool:
    # pydata-sphinx-theme reads the option the same way (str(...).lower() == "true").
    return str(context.get("theme_search_as_you_type", False)).lower() == "true"


def _page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Event ``html-page-context``: the filter ``_ext/templates/layout.html`` calls, and
    no sphinx-design assets on a page without its components."""
    names = unused_scripts(pagename, _search_as_you_type(context))

    def book_unused_scripts_removed(html: str) -> Markup:
        return Markup(remove_script_tags(str(html), names))

    context["book_unused_scripts_removed"] = book_unused_scripts_removed
    if not uses_sphinx_design(context.get("body") or ""):
        for key in ("css_files", "script_files"):
            if isinstance(context.get(key), list):
                # in place: Sphinx restores the lists before the next page
                context[key][:] = without_assets(context[key], SPHINX_DESIGN_ASSETS)


# --- 3: the style sheet's icons -----------------------------------------------------------


@dataclass(frozen=True)
class CssRule:
    """One rule of a style sheet: where it is (``start``, ``end``: offsets of its prelude's
    first character and one past its closing brace), its prelude and its block's text."""

    start: int
    end: int
    prelude: str
    block: str


_CSS_SPECIAL = re.compile(r"/\*|[\"'{};}]")


def _skip_string(css: str, i: int) -> int:
    quote = css[i]
    i += 1
    while i < len(css):
        if css[i] == "\\":
            i += 2
        elif css[i] == quote:
            return i + 1
        else:
            i += 1
    return i


def _skip_comment(css: str, i: int) -> int:
    end = css.find("*/", i + 2)
    return len(css) if end < 0 else end + 2


def _block_end(css: str, i: int) -> int:
    """Offset of the ``}`` that closes the block opened by the ``{`` at ``i``."""
    depth = 0
    while i < len(css):
        match = _CSS_SPECIAL.search(css, i)
        if match is None:
            break
        i = match.start()
        token = match.group(0)
        if token == "/*":
            i = _skip_comment(css, i)
            continue
        if token in "\"'":
            i = _skip_string(css, i)
            continue
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced braces in the style sheet: the block at offset {i} never closes")


def _rule_start(css: str, i: int, end: int) -> int:
    """First offset in ``css[i:end]`` that is neither white space nor inside a comment."""
    while i < end:
        if css[i].isspace():
            i += 1
        elif css.startswith("/*", i):
            i = _skip_comment(css, i)
        else:
            break
    return i


def css_rules(css: str, start: int = 0, end: int | None = None) -> Iterator[CssRule]:
    """Every rule with a block in ``css``, in order; the rules inside ``@media``,
    ``@supports`` and ``@layer`` blocks are given instead of those blocks."""
    end = len(css) if end is None else end
    i = prelude_start = start
    while i < end:
        match = _CSS_SPECIAL.search(css, i, end)
        if match is None:
            return
        i = match.start()
        token = match.group(0)
        if token == "/*":
            i = _skip_comment(css, i)
        elif token in "\"'":
            i = _skip_string(css, i)
        elif token in ";}":
            i += 1
            prelude_start = i
        else:  # "{"
            close = _block_end(css, i)
            first = _rule_start(css, prelude_start, i)
            prelude = re.sub(r"/\*.*?\*/", "", css[first:i], flags=re.S).strip()
            if re.match(r"@(media|supports|layer|container|document)\b", prelude):
                yield from css_rules(css, i + 1, close)
            else:
                yield CssRule(first, close + 1, prelude, css[i + 1:close])
            i = prelude_start = close + 1


_CSS_STRING = re.compile(r"\"((?:\\.|[^\"\\])*)\"|'((?:\\.|[^'\\])*)'", re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n]?|\\(.)", re.S)


def css_string_value(text: str) -> str:
    """The characters a CSS string's body (without its quotes) stands for."""
    def unescape(match: re.Match) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return "" if match.group(2) == "\n" else match.group(2)

    return _CSS_ESCAPE.sub(unescape, text)


def _strings(block: str) -> list[str]:
    return [css_string_value(a if a is not None else b) for a, b in _CSS_STRING.findall(block)]


_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)(::?before)?$")
_ICON_DECLARATION = re.compile(
    r"^\s*(content|--fa)\s*:\s*(\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')\s*;?\s*$", re.S)
_FA_CLASS = re.compile(r"\.(fa-[a-z0-9-]+)")


def icon_rule_names(rule: CssRule) -> tuple[tuple[str, ...], str] | None:
    """``(class names, glyph text)`` when ``rule`` only maps icon classes to a glyph
    (``.fa-x:before,.fa-y:before{content:"\\f000"}``, or Font Awesome 6.6's
    ``.fa-x{--fa:"\\f000"}``), else ``None``."""
    declaration = _ICON_DECLARATION.match(rule.block)
    if declaration is None:
        return None
    names = []
    for selector in rule.prelude.split(","):
        match = _ICON_SELECTOR.match(selector.strip())
        if match is None:
            return None
        # content: goes with ::before, --fa: with the bare class
        if (declaration.group(1) == "content") != bool(match.group(2)):
            return None
        names.append(match.group(1))
    return tuple(names), _strings(declaration.group(2))[0]


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule: family, weight and its ``src`` URLs, as written."""

    family: str
    weight: str
    sources: tuple[str, ...]

    def matches(self, family_word: str, weight: str) -> bool:
        return family_word in self.family.split() and self.weight == weight


def _declarations(block: str) -> dict[str, str]:
    found = {}
    for part in re.split(r";(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)", block):
        name, colon, value = part.partition(":")
        if colon:
            found[name.strip().lower()] = value.strip()
    return found


def parse_font_face(rule: CssRule) -> FontFace:
    """The ``@font-face`` rule ``rule`` as a :class:`FontFace`."""
    if not rule.prelude.lower().startswith("@font-face"):
        raise ValueError(f"not an @font-face rule: {rule.prelude[:60]!r}")
    declarations = _declarations(rule.block)
    family = declarations.get("font-family", "")
    family = css_string_value(family.strip("\"'"))
    urls = re.findall(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)", declarations.get("src", ""))
    return FontFace(family=family, weight=declarations.get("font-weight", "400"),
                    sources=tuple(url for _, url in urls))


@dataclass
class IconSheet:
    """What a style sheet says about Font Awesome.

    ``icons``: icon class -> codepoint (``fa-github`` -> 0xF09B); ``classes``: every
    ``fa-*`` class any selector names (icons and helpers such as ``fa-lg``); ``faces``:
    its Font Awesome ``@font-face`` rules; ``other_codepoints``: private-use characters in
    the strings of its other rules (``content``, custom properties).
    """

    icons: dict[str, int] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    faces: list[FontFace] = field(default_factory=list)
    other_codepoints: set[int] = field(default_factory=set)

    def face_for(self, style: tuple[str, str]) -> FontFace | None:
        return next((face for face in self.faces if face.matches(*style)), None)


def parse_icon_sheet(css: str) -> IconSheet:
    """The icons, ``fa-*`` classes, Font Awesome faces and other glyphs of ``css``."""
    sheet = IconSheet()
    for rule in css_rules(css):
        if rule.prelude.lower().startswith("@font-face"):
            face = parse_font_face(rule)
            if FONT_AWESOME_FAMILY in face.family:
                sheet.faces.append(face)
            continue
        sheet.classes.update(_FA_CLASS.findall(rule.prelude))
        icon = icon_rule_names(rule)
        if icon is None:
            for text in _strings(rule.block):
                sheet.other_codepoints.update(ord(c) for c in text if ord(c) in PRIVATE_USE)
            continue
        names, glyph = icon
        if len(glyph) != 1:
            raise ValueError(f"icon rule {rule.prelude[:80]!r} maps to {glyph!r}, "
                             "expected one character")
        for name in names:
            sheet.icons[name] = ord(glyph)
    return sheet


def strip_unused_icon_rules(css: str, used: set[str]) -> str:
    """``css`` without the icon rules none of whose classes is in ``used``."""
    pieces, last = [], 0
    for rule in css_rules(css):
        icon = icon_rule_names(rule)
        if icon is not None and not used.intersection(icon[0]):
            pieces.append(css[last:rule.start])
            last = rule.end
    pieces.append(css[last:])
    return "".join(pieces)


# --- which icons the book names -----------------------------------------------------------


@dataclass(frozen=True)
class IconUse:
    """An icon class named somewhere (``where``: a page or a script), with the face its
    style classes select."""

    icon: str
    style: tuple[str, str]
    where: str


def icon_uses(class_list: str, icons: dict[str, int], where: str) -> list[IconUse]:
    """The icons the class list ``class_list`` names (classes that are not icons, such as
    ``fa-lg`` or ``fa-solid``, are skipped)."""
    classes = class_list.split()
    style = next((STYLE_FACES[c] for c in reversed(classes) if c in STYLE_FACES),
                 DEFAULT_STYLE_FACE)
    return [IconUse(c, style, where) for c in classes if c in icons]


class _PageScanner(html.parser.HTMLParser):
    """Class attributes naming ``fa-*`` classes, local scripts and style sheets of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.class_lists: list[str] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        if "fa-" in classes:
            self.class_lists.append(classes)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.stylesheets.append(attrs["href"])



_JS_CLASS_STRING = re.compile(r"[\"'`]([^\"'`\n]*\bfa-[a-z0-9-]+[^\"'`\n]*)[\"'`]")


def script_class_lists(js: str) -> list[str]:
    """String literals of a script that contain an ``fa-*`` class (class lists it sets)."""
    return _JS_CLASS_STRING.findall(js)


def _local_file(page: Path, url: str, site: Path) -> Path | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
        return None
    target = (page.parent / url.split("#", 1)[0].split("?", 1)[0]).resolve()
    try:
        target.relative_to(site.resolve())
    except ValueError:
        return None
    return target if target.is_file() else None


@dataclass
class SiteIcons:
    """What the built pages name: icon class lists (with where), local scripts and style
    sheets they load, and the ``fa-*`` classes of the pages' own elements."""

    class_lists: list[tuple[str, str]] = field(default_factory=list)  # (classes, where)
    page_classes: list[tuple[str, str]] = field(default_factory=list)  # (fa-class, page)
    scripts: set[Path] = field(default_factory=set)
    stylesheets: set[Path] = field(default_factory=set)


def scan_site(site: Path) -> SiteIcons:
    """Read every page of the built site ``site`` (not the templates in ``_static/``)."""
    found = SiteIcons()
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    for page in pages:
        scanner = _PageScanner()
        scanner.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(site).as_posix()
        for classes in scanner.class_lists:
            found.class_lists.append((classes, where))
            found.page_classes.extend((c, where) for c in classes.split() if c.startswith("fa-"))
        for url, bucket in [(u, found.scripts) for u in scanner.scripts] + [
                (u, found.stylesheets) for u in scanner.stylesheets]:
            target = _local_file(page, url, site)
            if target is not None:
                bucket.add(target)
    for script in sorted(found.scripts):
        where = script.relative_to(site.resolve()).as_posix()
        for classes in script_class_lists(script.read_text(encoding="utf-8", errors="replace")):
            found.class_lists.append((classes, where))
    return found


# --- the subset fonts ---------------------------------------------------------------------


def font_codepoints(path: Path) -> set[int]:
    """The codepoints the font at ``path`` maps to a glyph."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return set(font.getBestCmap())


def subset_font(source: Path, target: Path, codepoints: set[int]) -> None:
    """Write to ``target`` the font at ``source`` holding only the glyphs of
    ``codepoints`` (woff2 when ``target`` ends in ``.woff2``, woff for ``.woff``, else an
    uncompressed font). The same input gives the same bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    flavor = {".woff2": "woff2", ".woff": "woff"}.get(target.suffix.lower())
    options = subset.Options()
    options.flavor = flavor
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(source, recalcTimestamp=False)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        font.flavor = flavor
        target.parent.mkdir(parents=True, exist_ok=True)
        font.save(target, reorderTables=True)
    finally:
        font.close()


class IconError(ExtensionError):
    """A page names an icon the book's fonts cannot draw."""


@dataclass
class FacePlan:
    """One face's subset: its files (relative to ``_static/``) and the codepoints to keep."""

    face: FontFace
    files: list[str]
    codepoints: set[int]


def plan_subsets(sheet: IconSheet, sheet_dir: str, uses: list[IconUse],
                 page_classes: list[tuple[str, str]],
                 extra_codepoints: set[int], originals: dict[str, set[int]]) -> list[FacePlan]:
    """Which codepoints each face of ``sheet`` keeps.

    ``sheet_dir``: the style sheet's folder relative to ``_static/`` (its URLs are
    relative to it); ``uses``: the icons named in pages and scripts; ``page_classes``:
    every ``fa-*`` class of the pages' elements, with its page; ``extra_codepoints``:
    private-use characters of all the style sheets' other rules, kept in every face that
    has them; ``originals``: file (relative to ``_static/``) -> codepoints of the
    original font. Raises :class:`IconError` for a class the sheet does not define or an
    icon with no glyph in the face its style selects.
    """
    unknown = sorted({(page, name) for name, page in page_classes if name not in sheet.classes})
    if unknown:
        listed = "; ".join(f"{page}: {name}" for page, name in unknown)
        raise IconError(f"the pages name Font Awesome classes the theme does not define: {listed}")
    plans = []
    for face in sheet.faces:
        files = [posixpath.normpath(posixpath.join(sheet_dir, url)) for url in face.sources]
        missing = [f for f in files if f not in originals]
        if missing:
            raise IconError(f"@font-face {face.family} {face.weight}: no font file {missing}")
        plans.append(FacePlan(face, files, set()))
    problems = []
    for use in uses:
        plan = next((p for p in plans if p.face.matches(*use.style)), None)
        codepoint = sheet.icons[use.icon]
        if plan is None:
            problems.append(f"{use.where}: {use.icon} asks for the face {use.style}, "
                            "which no @font-face rule declares")
        elif not all(codepoint in originals[f] for f in plan.files):
            problems.append(f"{use.where}: {use.icon} (U+{codepoint:04X}) has no glyph in "
                            f"{', '.join(plan.files)}")
        else:
            plan.codepoints.add(codepoint)
    if problems:
        raise IconError("icons the book's fonts cannot draw: " + "; ".join(sorted(set(problems))))
    for plan in plans:
        plan.codepoints.update(
            c for c in extra_codepoints if all(c in originals[f] for f in plan.files))
    return plans


def _static_source(app: Sphinx, relative: str) -> Path | None:
    """The file Sphinx copied to ``_static/<relative>``: html_static_path entries win
    over themes, a theme over the theme it inherits from."""
    candidates = [Path(app.confdir, entry) for entry in reversed(app.config.html_static_path)]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        candidates += [Path(folder, "static") for folder in theme.get_theme_dirs()]
    for folder in candidates:
        path = folder / relative
        if path.is_file():
            return path
    return None


def _subset_icon_fonts(app: Sphinx, exception) -> None:
    """Event ``build-finished``: changes 1 (the file) and 3 of the module docstring."""
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.builder.outdir)
    static = site / "_static"
    for name in (FONTAWESOME_JS, *FONTAWESOME_JS_COMPANIONS):
        (site / name).unlink(missing_ok=True)

    found = scan_site(site)
    sheets = []
    extra_codepoints: set[int] = set()
    for stylesheet in sorted(found.stylesheets):
        try:
            relative = stylesheet.relative_to(static.resolve()).as_posix()
        except ValueError:
            continue
        source = _static_source(app, relative)
        css = (source or stylesheet).read_text(encoding="utf-8")
        sheet = parse_icon_sheet(css)
        if sheet.faces:
            if source is None:
                raise IconError(f"_static/{relative} declares Font Awesome fonts but is not "
                                "one of the theme's files")
            sheets.append((relative, source, css, sheet))
        else:
            extra_codepoints |= sheet.other_codepoints
    if len(sheets) != 1:
        raise IconError(f"expected one style sheet with the Font Awesome fonts, found "
                        f"{[relative for relative, *_ in sheets]}")
    relative, source, css, sheet = sheets[0]
    extra_codepoints |= sheet.other_codepoints
    uses = [use for classes, where in found.class_lists
            for use in icon_uses(classes, sheet.icons, where)]
    sheet_dir = posixpath.dirname(relative)
    originals: dict[str, set[int]] = {}
    sources: dict[str, Path] = {}
    for face in sheet.faces:
        for url in face.sources:
            file = posixpath.normpath(posixpath.join(sheet_dir, url))
            original = _static_source(app, file)
            if original is not None:
                sources[file] = original
                originals[file] = font_codepoints(original)
    plans = plan_subsets(sheet, sheet_dir, uses, found.page_classes, extra_codepoints, originals)

    sizes = []
    for plan in plans:
        for file in plan.files:
            subset_font(sources[file], static / file, plan.codepoints)
            sizes.append(f"{posixpath.basename(file)} {sources[file].stat().st_size // 1000} kB"
                         f" -> {(static / file).stat().st_size / 1000:.1f} kB")
    used = {use.icon for use in uses}
    (static / relative).write_text(strip_unused_icon_rules(css, used), encoding="utf-8")
    logger.info(f"[theme_weight] Font Awesome: {len(used)} icons named, "
                f"{len(extra_codepoints)} glyphs from the style sheets; " + "; ".join(sizes))


def setup(app: Sphinx):
    app.connect("html-page-context", _page_assets)
    app.add_css_file(ICON_CSS)
    app.connect("build-finished", _subset_icon_fonts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
