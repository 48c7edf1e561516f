"""The PDF of the whole book (``scripts/build_pdf.py``), read back with pypdf.

Checked against the built HTML and ``_toc.yml``, not against numbers written here:

* the PDF opens, and has a plausible number of pages for the pages of the toc;
* its outline (bookmarks) has exactly one top-level entry per toc page, in toc order,
  titled like the page's h1, pointing at pages in increasing order; below each, the
  page's h2 sections, in order;
* every chapter title, and 错题本, can be extracted as text (so the fonts carry Unicode
  maps, the Chinese one included);
* no page is blank (neither text nor an image);
* every font is embedded: a font file for TrueType/CID fonts, drawn glyphs for Type 3
  (MathJax's web fonts), and the CJK font is among them;
* every page but the title page prints its number in the footer, and the numbers are the
  page numbers, 2, 3, ... to the last;
* each interactive figure is printed with its caption, once per figure (frame player) of
  the HTML, and the caption names the setting the player shows first (its description and
  readout) and its number of settings; each exercise solution is printed, once per
  solution of the HTML;
* no link points at the local server the pages were printed from;
* the copy the web pages link to, ``_build/html/downloads/``, is the same file.

And, without the PDF, that the builder's errors say what to do (build the book first,
install Chromium, the README heading the subtitle comes from).

Needs the PDF (``python scripts/build_pdf.py`` after the book is built): skipped with
the reason when it is missing, except in CI (``CI`` set to true), where that is a failure.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import pytest

from tests.helpers import ROOT, missing

HTML = ROOT / "_build" / "html"
TOC = ROOT / "_toc.yml"
PDF = ROOT / "_build" / "the-mistake-notebook.pdf"
DOWNLOAD_COPY = HTML / "downloads" / PDF.name
FOOTER_BAND_PT = 45  # the footer sits below this height; the text area ends at 20 mm (57 pt)


def _require_pdf() -> None:
    if PDF.is_file():
        return
    missing(f"book PDF not found at {PDF}: build the book (scripts/build_book.sh)")


@pytest.fixture(scope="module")
def reader():
    _require_pdf()
    from pypdf import PdfReader

    return PdfReader(PDF)


@pytest.fixture(scope="module")
def texts(reader) -> list[str]:
    """The extracted text of every page, whitespace collapsed."""
    return [_normal(page.extract_text()) for page in reader.pages]


def _normal(text: str) -> str:
    """Whitespace collapsed, ligatures (ﬁ) as letters."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def toc_docnames() -> list[str]:
    """Docnames of the pages listed in ``_toc.yml``, in reading order."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    return list(parse_toc_yaml(str(TOC)))


@lru_cache(maxsize=None)
def _article(docname: str) -> str:
    page = HTML / f"{docname}.html"
    assert page.is_file(), f"{docname} is in _toc.yml but {page} was not built"
    text = page.read_text(encoding="utf-8")
    start = text.find('<article class="bd-article"')
    assert start >= 0, f"no <article class='bd-article'> in {page}"
    return text[start : text.find("</article>", start)]


def _heading_texts(docname: str, level: int) -> list[str]:
    """The text of the page's h<level> headings as the HTML has them (no '#' link)."""
    found = []
    for inner in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", _article(docname), re.S):
        inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
        found.append(_normal(html.unescape(re.sub(r"<[^>]+>", "", inner))))
    return found


def _outline(reader):
    """[(title, page index, [(child title, page index), ...]), ...] of the top level."""
    entries = []
    items = list(reader.outline)
    for i, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], list) else []
        entries.append((
            item.title,
            reader.get_destination_page_number(item),
            [(c.title, reader.get_destination_page_number(c)) for c in children
             if not isinstance(c, list)],
        ))
    return entries


# --- the tests -----------------------------------------------------------------------------


def test_pdf_opens_and_has_pages_for_every_toc_page(reader):
    docnames = toc_docnames()
    # a title page, a contents page, and every chapter at least a few pages long
    assert len(reader.pages) >= 2 + 3 * len(docnames), (
        f"only {len(reader.pages)} pages for {len(docnames)} toc pages"
    )


def test_outline_has_one_entry_per_toc_page_in_order_titled_like_its_h1(reader):
    outline = _outline(reader)
    expected = [_heading_texts(name, 1)[0] for name in toc_docnames()]
    assert [title for title, _, _ in outline] == expected, (
        "the PDF's top-level bookmarks are not the toc pages' h1 titles in toc order"
    )
    pages = [page for _, page, _ in outline]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), (
        f"chapter bookmarks do not point at increasing pages: {pages}"
    )
    assert pages[0] >= 1, "the first chapter starts on the title page"


def test_each_chapter_bookmark_nests_its_sections(reader):
    outline = _outline(reader)
    ends = [page for _, page, _ in outline[1:]] + [len(reader.pages)]
    for (title, start, children), end, name in zip(outline, ends, toc_docnames()):
        sections = _heading_texts(name, 2)
        got = [child for child, _ in children]
        assert got == sections, f"sections under {title!r} differ from the h2 of {name}"
        pages = [page for _, page in children]
        assert pages == sorted(pages), f"sections of {title!r} point at pages out of order"
        assert all(start <= page < end for page in pages), (
            f"a section of {title!r} points outside its chapter (pages {start + 1}-{end})"
        )
    assert any(children for _, _, children in outline), "no bookmark has nested sections"


def test_every_chapter_title_is_text_on_its_first_page(reader, texts):
    for title, page, _ in _outline(reader):
        assert _normal(title) in texts[page], (
            f"chapter title {title!r} not extractable from page {page + 1}"
        )


def test_cuotiben_is_extractable_on_the_title_page_and_in_the_chapters(texts):
    assert "错题本" in texts[0], f"错题本 not extractable from the title page: {texts[0]!r}"
    chapters = sum("错题本" in text for text in texts[1:])
    assert chapters >= 3, f"错题本 extractable on only {chapters} page(s) after the title page"


def test_no_page_is_blank(reader, texts):
    blank = [
        number
        for number, (page, text) in enumerate(zip(reader.pages, texts), 1)
        if not text and not _images(page.get("/Resources"))
    ]
    assert blank == [], f"pages with neither text nor an image: {blank}"


def _images(resources) -> int:
    if resources is None:
        return 0
    xobjects = resources.get_object().get("/XObject")
    count = 0
    for ref in (xobjects.get_object().values() if xobjects else []):
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += _images(xobject.get("/Resources"))
    return count


def _fonts(resources, found: dict) -> None:
    """Every font reachable from a resource dictionary (forms and Type 3 glyphs included)."""
    if resources is None:
        return
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        key = id(font) if not hasattr(ref, "idnum") else ref.idnum
        if key in found:
            continue
        found[key] = font
        _fonts(font.get("/Resources"), found)
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), found)


def test_every_font_is_embedded_cjk_included(reader):
    found: dict = {}
    for page in reader.pages:
        _fonts(page.get("/Resources"), found)
    assert found, "no font in the PDF"
    missing = []
    names = []
    for font in found.values():
        name = str(font.get("/BaseFont", "(Type 3)"))
        names.append(name)
        if font.get("/Subtype") == "/Type3":
            if not font.get("/CharProcs"):  # Type 3 glyphs are drawn by procedures in the file
                missing.append(name)
            continue
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(name)
    assert missing == [], f"fonts not embedded: {sorted(set(missing))}"
    assert any("WenQuanYi" in name for name in names), (
        f"no embedded CJK font (WenQuanYi) among {sorted(set(names))}"
    )


def _footer(page) -> str:
    parts = []

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y < FOOTER_BAND_PT:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return _normal(" ".join(parts))


def test_page_numbers_are_printed_and_continuous(reader):
    count = len(reader.pages)
    assert _footer(reader.pages[0]) == "", "the title page should show no page number"
    sample = sorted(
        {1, 2, 3, count // 3, count // 2, count - 2, count - 1} | set(range(9, count, 25))
    )
    wrong = {}
    for index in sample:
        footer = _footer(reader.pages[index])
        numbers = re.findall(r"\d+", footer)
        if not numbers or int(numbers[-1]) != index + 1:
            wrong[index + 1] = footer
    assert wrong == {}, f"footer without its page number (page: footer text): {wrong}"


def _frame_players(docname: str) -> list[str]:
    """The HTML from each frame player (an interactive figure) of the page's article on."""
    article = _article(docname)
    starts = [m.start() for m in re.finditer(r'<div class="frame-player[" ]', article)]
    return [article[start:end] for start, end in zip(starts, starts[1:] + [len(article)])]


def _setting_shown_first(player: str) -> str:
    """What the caption of a player must say: "<description> = <readout> (one of its N".

    The first label, range input and readout from the player's start on are its own.
    """
    description = re.search(r"<label[^>]*>\s*<span[^>]*>(.*?)</span>", player, re.S)
    maximum = re.search(r'<input type="range" min="0" max="(\d+)"', player)
    readout = re.search(r"<output[^>]*>(.*?)</output>", player, re.S)
    assert description and maximum and readout, (
        f"frame player without its label, range input (min 0) or readout: {player[:300]}"
    )
    return (
        f"{_normal(html.unescape(description[1]))} = {_normal(html.unescape(readout[1]))} "
        f"(one of its {int(maximum[1]) + 1}"
    )


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_each_interactive_figure_is_printed_with_its_caption(texts):
    figures = sum(len(_frame_players(name)) for name in toc_docnames())
    captions = sum(text.count("Interactive figure, printed at") for text in texts)
    assert figures > 0, "no interactive figure (frame player) in the HTML book"
    assert captions == figures, (
        f"{figures} interactive figures (frame players) in the HTML, "
        f"{captions} printed with a caption"
    )


def test_each_caption_names_the_setting_the_html_shows_first_and_how_many_it_has(texts):
    expected = [
        _setting_shown_first(player) for name in toc_docnames() for player in _frame_players(name)
    ]
    printed = re.findall(
        r"Interactive figure, printed at (.*? \(one of its \d+)", " ".join(texts)
    )
    # compared without spaces: text extraction adds some where the font changes (万元)
    assert [_unspaced(c) for c in printed] == [_unspaced(c) for c in expected], (
        "the captions of the interactive figures (description = readout (one of its N "
        f"settings) do not match the frame players of the HTML, in order:\n"
        f"PDF:  {printed}\nHTML: {expected}"
    )


def test_each_exercise_solution_is_printed(texts):
    solutions = sum(
        len(re.findall(r'class="solution[ "]', _article(name))) for name in toc_docnames()
    )
    printed = sum(len(re.findall(r"Solution to Exercise \d+", text)) for text in texts)
    assert solutions > 0, "no exercise solution in the HTML book"
    assert printed == solutions, f"{solutions} solutions in the HTML, {printed} in the PDF"


def test_no_link_points_at_the_local_print_server(reader):
    local = []
    internal = 0
    for number, page in enumerate(reader.pages, 1):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uri = str(action["/URI"])
                if re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", uri):
                    local.append((number, uri))
            elif annotation.get("/Dest") is not None:
                internal += 1
    assert local == [], f"links to the local server the book was printed from: {local[:5]}"
    assert internal > len(toc_docnames()), "cross-references did not become links in the PDF"


def test_download_copy_is_the_same_file():
    _require_pdf()
    assert DOWNLOAD_COPY.is_file(), f"no copy of the PDF at {DOWNLOAD_COPY}"
    assert DOWNLOAD_COPY.read_bytes() == PDF.read_bytes(), (
        f"{DOWNLOAD_COPY} differs from {PDF}"
    )


def test_metadata_names_the_book_and_its_authors(reader):
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    metadata = reader.metadata or {}
    assert str(config["title"]) in str(metadata.get("/Title", "")), metadata
    assert metadata.get("/Author") == str(config["author"]), metadata


# --- the builder's errors (no PDF needed) --------------------------------------------------


@pytest.fixture(scope="module")
def build_pdf():
    """scripts/build_pdf.py as a module."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "scripts" / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_builder_says_to_build_the_book_when_the_html_is_missing(build_pdf, tmp_path):
    with pytest.raises(build_pdf.BuildError, match=r"html: .*scripts/build_book\.sh"):
        build_pdf.build(tmp_path / "html", tmp_path / "book.pdf", toc=TOC,
                        config=ROOT / "_config.yml", readme=ROOT / "README.md")


def test_builder_says_how_to_install_a_missing_chromium(build_pdf, tmp_path):
    with pytest.raises(build_pdf.BuildError, match=r"apt-get install chromium"):
        build_pdf.find_chromium(str(tmp_path / "no-chromium"))


def test_builder_rejects_a_readme_without_the_subtitle_heading(build_pdf, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Something else\n", encoding="utf-8")
    with pytest.raises(build_pdf.BuildError, match=r"README\.md: expected a first heading"):
        build_pdf.book_info(ROOT / "_config.yml", readme)
