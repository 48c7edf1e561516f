"""The local extension _ext/theme_weight.py (lighter theme assets) and what it leaves in
the built book.

The first part needs no build: pages, style sheets and sites are written by the tests;
the subsetting runs on the theme's own Font Awesome font. The second part checks the built
book (``bash scripts/build_book.sh``): no page loads Font Awesome's script, only the search
page loads the search index, only pages with sphinx-design components load its assets,
and every icon a page names has a glyph in the subset font it uses. (The weight of every
page on the wire is checked by tests/book/test_page_weight.py.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.helpers import ROOT, load_module, missing

theme_weight = load_module(ROOT / "_ext" / "theme_weight.py", "theme_weight")

HTML = ROOT / "_build" / "html"
SOLID = ("Free", "900")
REGULAR = ("Free", "400")
BRANDS = ("Brands", "400")


# --- scripts a page does not need ---------------------------------------------------------


def test_font_awesome_script_is_unused_on_every_page_and_search_scripts_off_the_search_page():
    assert theme_weight.unused_scripts("book/appendix/glossary", False) == (
        "fontawesome.js", "searchtools.js", "language_data.js", "searchindex.js")
    assert theme_weight.unused_scripts("search", False) == ("fontawesome.js",)


def test_search_scripts_stay_when_the_theme_searches_as_you_type():
    assert theme_weight.unused_scripts("book/04_mean_squared_error", True) == ("fontawesome.js",)


def test_unused_scripts_names_the_wrong_pagename_type():
    with pytest.raises(TypeError, match="pagename must be a str, got int"):
        theme_weight.unused_scripts(4, False)


HEAD = """\
  <script defer src="../../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>
  <link rel="preload" as="script" href="../../_static/scripts/fontawesome.js?digest=1" />
  <link rel="preload" as="script" href="../../_static/scripts/bootstrap.js?digest=1" />
    <script src="../../_static/searchtools.js"></script>
    <script src="../../_static/language_data.js"></script>
    <script src='../../searchindex.js'></script>
    <script src="../../_static/my-searchindex.js"></script>
    <script>var note = "fontawesome.js is not loaded";</script>
    <link rel="stylesheet" href="../../_static/fontawesome.js.css" />
"""


def test_remove_script_tags_drops_the_named_scripts_and_their_preloads_only():
    kept = theme_weight.remove_script_tags(
        HEAD, ("fontawesome.js", "searchtools.js", "language_data.js", "searchindex.js"))
    assert "scripts/fontawesome.js" not in kept
    assert "searchtools.js" not in kept and "language_data.js" not in kept
    assert "'../../searchindex.js'" not in kept
    # other files, inline scripts and other tags with similar names stay
    assert 'href="../../_static/scripts/bootstrap.js?digest=1"' in kept
    assert "my-searchindex.js" in kept
    assert 'var note = "fontawesome.js is not loaded";' in kept
    assert "fontawesome.js.css" in kept


def test_remove_script_tags_without_names_changes_nothing():
    assert theme_weight.remove_script_tags(HEAD, ()) == HEAD


def test_remove_script_tags_refuses_one_string_for_names():
    with pytest.raises(TypeError, match="names must be an iterable of file names, got the str"):
        theme_weight.remove_script_tags(HEAD, "fontawesome.js")


def test_sphinx_design_is_used_only_by_elements_with_its_classes():
    assert theme_weight.uses_sphinx_design('<div class="sd-tab-set docutils">')
    assert theme_weight.uses_sphinx_design("<div class='card sd-card sd-shadow-sm'>")
    assert not theme_weight.uses_sphinx_design('<div class="cell tag_hide-input">')
    # a code sample that shows the markup is text, not an element
    assert not theme_weight.uses_sphinx_design('<code>class=&quot;sd-card&quot;</code>')
    assert not theme_weight.uses_sphinx_design('<div class="prose">sd-card</div>')


def test_uses_sphinx_design_names_the_wrong_body_type():
    with pytest.raises(TypeError, match="body must be a str, got NoneType"):
        theme_weight.uses_sphinx_design(None)


class _Asset:
    def __init__(self, filename):
        self.filename = filename


def test_without_assets_drops_files_by_name_whatever_their_folder():
    assets = [_Asset("_static/sphinx-design.min.css"), _Asset("_static/pygments.css"),
              _Asset("_static/design-tabs.js?v=1"), _Asset(""), "_static/book-a11y.js"]
    kept = theme_weight.without_assets(assets, theme_weight.SPHINX_DESIGN_ASSETS)
    assert [getattr(a, "filename", a) for a in kept] == [
        "_static/pygments.css", "", "_static/book-a11y.js"]


# --- the style sheet ----------------------------------------------------------------------

# Written as Font Awesome 6.5's minified CSS is (with a literal private-use character in
# two places, as the theme's own sheet has), plus Font Awesome 6.6's --fa form.
SHEET = """@charset "UTF-8";
/*! Font Awesome { a comment with braces } */
:root{--pst-icon-github:"\uf09b";--pst-icon-note:"\\f05a"}
.fa-brands,.fab{font-family:Font Awesome\\ 6 Brands}
.fa-lg{font-size:1.25em}
@font-face{font-display:block;font-family:Font Awesome\\ 6 Free;font-weight:900;\
src:url(../webfonts/fa-solid-900.woff2) format("woff2"),\
url("../webfonts/fa-solid-900.ttf") format("truetype")}
@font-face{font-family:"Font Awesome 6 Brands";font-weight:400;\
src:url(../webfonts/fa-brands-400.woff2) format("woff2")}
@font-face{font-family:Other;src:url(other.woff2)}
.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}
.fa-github:before{content:"\uf09b"}
.fa-unused:before{content:"\\f0ff"}
.quote:before{content:"}"}
@media (min-width:720px){.fa-moon:before{content:"\\f186"}.wide .fa-moon{color:red}}
.fa-sun{--fa:"\\f185"}
a.note:after{content:var(--pst-icon-note)}
"""


def test_css_rules_reach_into_media_blocks_and_skip_comments_and_strings():
    preludes = [rule.prelude for rule in theme_weight.css_rules(SHEET)]
    assert ".quote:before" in preludes  # the "}" in its string did not end anything
    assert ".fa-moon:before" in preludes and ".wide .fa-moon" in preludes
    assert ":root" in preludes  # the comment before it is not part of its prelude
    assert not any(prelude.startswith("@media") for prelude in preludes)


def test_css_rules_name_an_unclosed_block():
    with pytest.raises(ValueError, match="unbalanced braces in the style sheet"):
        list(theme_weight.css_rules(".a{color:red"))


def test_icon_sheet_reads_icons_aliases_faces_and_the_other_glyphs():
    sheet = theme_weight.parse_icon_sheet(SHEET)
    assert sheet.icons == {
        "fa-magnifying-glass": 0xF002, "fa-search": 0xF002, "fa-github": 0xF09B,
        "fa-unused": 0xF0FF, "fa-moon": 0xF186, "fa-sun": 0xF185,
    }
    assert {"fa-lg", "fa-brands"} <= sheet.classes
    assert [(face.family, face.weight) for face in sheet.faces] == [
        ("Font Awesome 6 Free", "900"), ("Font Awesome 6 Brands", "400")]
    assert sheet.faces[0].sources == ("../webfonts/fa-solid-900.woff2",
                                      "../webfonts/fa-solid-900.ttf")
    # the custom properties' private-use glyphs (the "}" of .quote is not one)
    assert sheet.other_codepoints == {0xF09B, 0xF05A}


def test_an_icon_rule_with_two_characters_is_an_error_naming_it():
    with pytest.raises(ValueError, match=r"icon rule '.fa-pair:before' maps to .*one character"):
        theme_weight.parse_icon_sheet(r'.fa-pair:before{content:"\f002\f003"}')


def test_unused_icon_rules_go_and_everything_else_stays():
    stripped = theme_weight.strip_unused_icon_rules(SHEET, {"fa-search", "fa-github"})
    assert '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}' in stripped
    assert ".fa-github:before" in stripped
    for gone in (".fa-unused", ".fa-moon:before", ".fa-sun{"):
        assert gone not in stripped
    for kept in ("@font-face", ".wide .fa-moon{color:red}", '.quote:before{content:"}"}',
                 "@media (min-width:720px){", "/*! Font Awesome"):
        assert kept in stripped
    faces = theme_weight.parse_icon_sheet(SHEET).faces
    assert theme_weight.parse_icon_sheet(stripped).faces == faces


# --- which icons the book names -----------------------------------------------------------

ICONS = {"fa-github": 0xF09B, "fa-sun": 0xF185, "fa-moon": 0xF186, "fa-file": 0xF15B}


def test_style_classes_choose_the_face_and_helpers_are_not_icons():
    assert theme_weight.icon_uses("fab fa-github", ICONS, "p") == [
        theme_weight.IconUse("fa-github", BRANDS, "p")]
    assert theme_weight.icon_uses("theme-switch fa-solid fa-sun fa-lg", ICONS, "p") == [
        theme_weight.IconUse("fa-sun", SOLID, "p")]
    assert theme_weight.icon_uses("fa-regular fa-file", ICONS, "p") == [
        theme_weight.IconUse("fa-file", REGULAR, "p")]
    assert theme_weight.icon_uses("fa fa-moon", ICONS, "p") == [
        theme_weight.IconUse("fa-moon", SOLID, "p")]
    assert theme_weight.icon_uses("fa-lg fa-brands", ICONS, "p") == []


def test_scripts_name_icons_in_the_class_lists_they_set():
    js = 'const f=document.createElement("i");f.classList="fa-solid fa-xmark",x=\'sofa-bed\''
    assert theme_weight.script_class_lists(js) == ["fa-solid fa-xmark"]


def test_scan_site_reads_every_page_and_the_scripts_they_load(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.js").write_text('e.className="fa-solid fa-xmark";')
    (tmp_path / "_static" / "unused.js").write_text('e.className="fa-solid fa-bug";')
    (tmp_path / "_static" / "layout.html").write_text('<i class="fa-solid fa-template"></i>')
    (tmp_path / "_static" / "a.css").write_text("")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text(
        '<link rel="stylesheet" href="../_static/a.css?v=1"><script src="../_static/theme.js">'
        '</script><script src="https://example.org/x.js"></script>'
        '<i class="fab fa-github"></i><span class="plain"></span>')
    found = theme_weight.scan_site(tmp_path)
    assert found.class_lists == [("fab fa-github", "book/page.html"),
                                 ("fa-solid fa-xmark", "_static/theme.js")]
    assert found.page_classes == [("fa-github", "book/page.html")]
    assert found.scripts == {(tmp_path / "_static" / "theme.js").resolve()}
    assert found.stylesheets == {(tmp_path / "_static" / "a.css").resolve()}


# --- the subset fonts ---------------------------------------------------------------------


def _plan(uses, page_classes=(), extra=frozenset(), originals=None):
    sheet = theme_weight.parse_icon_sheet(SHEET)
    originals = originals or {
        "webfonts/fa-solid-900.woff2": {0xF002, 0xF186, 0xF185, 0xF05A, 0xF0FF},
        "webfonts/fa-solid-900.ttf": {0xF002, 0xF186, 0xF185, 0xF05A, 0xF0FF},
        "webfonts/fa-brands-400.woff2": {0xF09B},
    }
    return theme_weight.plan_subsets(sheet, "styles", list(uses), list(page_classes),
                                     set(extra), originals)


def test_each_face_keeps_its_named_icons_and_the_style_sheet_glyphs_it_has():
    uses = [theme_weight.IconUse("fa-search", SOLID, "a.html"),
            theme_weight.IconUse("fa-github", BRANDS, "a.html"),
            theme_weight.IconUse("fa-moon", SOLID, "_static/theme.js")]
    solid, brands = _plan(uses, [("fa-search", "a.html"), ("fa-lg", "a.html")],
                          extra={0xF05A, 0xF09B})
    assert solid.files == ["webfonts/fa-solid-900.woff2", "webfonts/fa-solid-900.ttf"]
    assert solid.codepoints == {0xF002, 0xF186, 0xF05A}
    assert brands.files == ["webfonts/fa-brands-400.woff2"]
    assert brands.codepoints == {0xF09B}


def test_an_icon_without_a_glyph_in_its_face_fails_naming_the_page_and_the_icon():
    uses = [theme_weight.IconUse("fa-github", SOLID, "book/a.html")]  # a brand used as solid
    with pytest.raises(theme_weight.IconError,
                       match=r"book/a.html: fa-github \(U\+F09B\) has no glyph in "
                             r"webfonts/fa-solid-900.woff2, webfonts/fa-solid-900.ttf"):
        _plan(uses)


def test_an_icon_whose_face_is_not_declared_fails_naming_it():
    uses = [theme_weight.IconUse("fa-sun", REGULAR, "book/a.html")]
    with pytest.raises(theme_weight.IconError,
                       match=r"book/a.html: fa-sun asks for the face \('Free', '400'\)"):
        _plan(uses)


def test_a_class_the_style_sheet_does_not_define_fails_naming_the_page():
    with pytest.raises(theme_weight.IconError,
                       match="Font Awesome classes the theme does not define: "
                             "book/b.html: fa-serch"):
        _plan([], [("fa-serch", "book/b.html"), ("fa-lg", "book/b.html")])


def test_a_declared_face_without_its_font_file_fails_naming_the_file():
    with pytest.raises(theme_weight.IconError,
                       match=r"no font file \['webfonts/fa-brands-400.woff2'\]"):
        _plan([], originals={"webfonts/fa-solid-900.woff2": set(),
                             "webfonts/fa-solid-900.ttf": set()})


def _theme_font(name: str) -> Path:
    import pydata_sphinx_theme

    path = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
            / "static" / "vendor" / "fontawesome" / "webfonts" / name)
    if not path.is_file():
        pytest.fail(f"pydata-sphinx-theme no longer ships {path}; _ext/theme_weight.py "
                    "reads its fonts from the theme's @font-face rules, update this test")
    return path


def test_a_subset_holds_exactly_the_asked_glyphs_and_is_the_same_every_time(tmp_path):
    source = _theme_font("fa-solid-900.woff2")
    wanted = {0xF002, 0xF185, 0xF186}  # magnifying glass, sun, moon
    first, second = tmp_path / "a" / "fa.woff2", tmp_path / "b" / "fa.woff2"
    theme_weight.subset_font(source, first, wanted)
    theme_weight.subset_font(source, second, wanted)
    assert theme_weight.font_codepoints(first) == wanted
    assert first.read_bytes()[:4] == b"wOF2"
    digests = {hashlib.sha256(path.read_bytes()).hexdigest() for path in (first, second)}
    assert len(digests) == 1, "two subsets of the same font and glyphs differ"
    assert first.stat().st_size < source.stat().st_size / 20


def test_a_ttf_subset_stays_an_uncompressed_font(tmp_path):
    target = tmp_path / "fa.ttf"
    theme_weight.subset_font(_theme_font("fa-solid-900.ttf"), target, {0xF002})
    assert target.read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert theme_weight.font_codepoints(target) == {0xF002}


# --- the built book -----------------------------------------------------------------------


def _built_pages() -> list[Path]:
    if not (HTML / "index.html").is_file():
        missing(f"built book not found in {HTML}: run bash scripts/build_book.sh first")
    return sorted(p for p in HTML.rglob("*.html") if "_static" not in p.relative_to(HTML).parts)


def _scripts_of(page: Path) -> list[str]:
    scanner = theme_weight._PageScanner()
    scanner.feed(page.read_text(encoding="utf-8"))
    return [theme_weight._url_file_name(url) for url in scanner.scripts]


def _stylesheets_of(page: Path) -> list[str]:
    scanner = theme_weight._PageScanner()
    scanner.feed(page.read_text(encoding="utf-8"))
    return scanner.stylesheets


def test_no_built_page_loads_the_font_awesome_script():
    loading = []
    for page in _built_pages():
        text = page.read_text(encoding="utf-8")
        if theme_weight.remove_script_tags(text, ["fontawesome.js"]) != text:
            loading.append(page.relative_to(HTML).as_posix())
    assert not loading, f"pages with a script or preload tag for fontawesome.js: {loading}"
    assert not (HTML / theme_weight.FONTAWESOME_JS).exists(), (
        f"{theme_weight.FONTAWESOME_JS} is still in the built book (and the offline zip)")


def test_only_the_search_page_loads_the_search_index():
    pages = _built_pages()
    loading = sorted(p.relative_to(HTML).as_posix() for p in pages
                     if set(theme_weight.SEARCH_SCRIPTS) & set(_scripts_of(p)))
    assert loading == ["search.html"], f"pages loading the search scripts: {loading}"
    assert set(theme_weight.SEARCH_SCRIPTS) <= set(_scripts_of(HTML / "search.html"))


def test_only_pages_with_sphinx_design_components_load_its_assets():
    wrong = []
    for page in _built_pages():
        text = page.read_text(encoding="utf-8")
        loads = {"sphinx-design.min.css", "design-tabs.js"} & set(
            _scripts_of(page) + [theme_weight._url_file_name(url) for url in _stylesheets_of(page)])
        if bool(loads) != theme_weight.uses_sphinx_design(text):
            wrong.append(f"{page.relative_to(HTML).as_posix()} (loads {sorted(loads)})")
    assert not wrong, f"pages whose sphinx-design assets do not match their use: {wrong}"


def test_every_icon_a_built_page_names_has_a_glyph_in_the_subset_font_it_uses():
    _built_pages()
    found = theme_weight.scan_site(HTML)
    sheet_path = HTML / "_static" / "styles" / "pydata-sphinx-theme.css"
    sheet = theme_weight.parse_icon_sheet(sheet_path.read_text(encoding="utf-8"))
    uses = [use for classes, where in found.class_lists
            for use in theme_weight.icon_uses(classes, sheet.icons, where)]
    assert any(use.icon == "fa-github" and use.style == BRANDS for use in uses), (
        "the repository button's brand icon was not found: did the scan miss the pages?")
    missing_glyphs = []
    for use in uses:
        face = sheet.face_for(use.style)
        assert face is not None, f"{use.where}: no @font-face for {use.icon}'s style {use.style}"
        for url in face.sources:
            font = (sheet_path.parent / url).resolve()
            if sheet.icons[use.icon] not in theme_weight.font_codepoints(font):
                missing_glyphs.append(f"{use.where}: {use.icon} not in {font.name}")
    assert not missing_glyphs, "\n".join(sorted(set(missing_glyphs)))


def test_the_built_icon_fonts_are_subsets():
    _built_pages()
    fonts = sorted((HTML / "_static" / "vendor" / "fontawesome" / "webfonts").glob("fa-*"))
    assert fonts, "no Font Awesome fonts in the built book"
    too_big = {font.name: font.stat().st_size for font in fonts
               if font.stat().st_size > _theme_font(font.name).stat().st_size / 10}
    assert not too_big, f"fonts not subset (bytes): {too_big}"
