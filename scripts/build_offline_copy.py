#!/usr/bin/env python
"""Pack the built book into one zip that a reader unzips and opens from disk.

The built book (``_build/html``) loads nothing from another host, and its pages work when
opened as files (``file://``, no server): links, MathJax, the sliders of the interactive
figures (frame players, whose frames are image files in ``_images/``), the solution toggles
and the search box. The two things a browser refuses on ``file://`` (``fetch`` and
``XMLHttpRequest``) are handled by the book itself (``_ext/book_build.py``, fix 6), so this
script changes no page; it only chooses the files and writes the zip.

The zip holds one folder, ``the-mistake-notebook/``, so unzipping it spills nothing: the site
as built, with ``index.html`` (which leads to the welcome chapter) at its top, and a
``README.txt`` that says to open ``index.html``. ``downloads/the-mistake-notebook.pdf`` is
included when the build made one.

Left out, because no page loads them and a reader does not need them:

* ``downloads/*.zip``: the offline copy itself (the zip never contains itself), any older one,
  and a half-copied one (``*.zip.partial``);
* ``.buildinfo`` and ``objects.inv``: Sphinx's record for incremental builds and its
  cross-reference inventory for other Sphinx projects, read by tools, never by a page;
* ``*.map``: source maps of minified scripts and styles, fetched only by developer tools;
* the MathJax combined bundles that no page loads (``_static/mathjax/tex-svg.js``,
  ``mml-chtml.js``, ..., ``latest.js``, ``node-main.js``): a page loads one bundle
  (the one ``mathjax_path`` in ``_config.yml`` names), and MathJax fetches every other part it may need (the menu, speech,
  the SVG renderer, TeX extensions) from the subfolders of ``_static/mathjax/``, which are
  kept, as are ``core.js``, ``loader.js`` and ``startup.js``, the names its loader knows.

The notebooks in ``_sources/`` are kept: each chapter's download button links to them (from
``file://`` Chromium opens a notebook in a new tab rather than saving it; it ignores the
``download`` attribute on ``file:`` links).

The zip is deterministic: entries sorted by path, one fixed timestamp (1980-01-01 00:00),
fixed permissions, deflate level 9. The same site gives the same bytes.

It is written to ``_build/the-mistake-notebook-offline.zip`` and copied to
``_build/html/downloads/``, where the welcome page links it.

Usage: python scripts/build_offline_copy.py [--html _build/html] [--output ZIP]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HTML = ROOT / "_build" / "html"
ZIP_NAME = "the-mistake-notebook-offline.zip"
DEFAULT_OUTPUT = ROOT / "_build" / ZIP_NAME
TOP_FOLDER = "the-mistake-notebook"
DOWNLOADS = "downloads"
PDF = f"{DOWNLOADS}/the-mistake-notebook.pdf"
CONFIG = ROOT / "_config.yml"

# 1980-01-01 00:00:00 is the earliest time a zip entry can hold.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # regular file, rw-r--r--
DIR_MODE = 0o040755  # directory, rwxr-xr-x
MSDOS_DIRECTORY = 0x10
UNIX = 3  # "made by" system: permissions are Unix modes
COMPRESS_LEVEL = 9

MATHJAX = PurePosixPath("_static", "mathjax")
MATHJAX_LOADER_COMPONENTS = {"core.js", "loader.js", "startup.js"}
# a <script src> of a top-level MathJax file, as written in a page (any depth of ../)
MATHJAX_SCRIPT = re.compile(
    r"""<script\b[^>]*\bsrc=["'](?:[^"']*/)?_static/mathjax/([^/"'?#]+\.js)"""
)
TOOL_FILES = {".buildinfo", "objects.inv"}


@dataclass
class Selection:
    """The site's files, split into those the zip holds and those left out (with why)."""

    included: list[str] = field(default_factory=list)  # paths relative to the site, posix
    left_out: dict[str, str] = field(default_factory=dict)  # path -> reason


def pages(html: Path) -> list[Path]:
    """The site's HTML pages (not the theme's Jinja templates in ``_static/``)."""
    return sorted(
        page for page in html.rglob("*.html") if "_static" not in page.relative_to(html).parts
    )


def mathjax_bundles_loaded(html: Path) -> set[str]:
    """Names of the top-level ``_static/mathjax/*.js`` files that some page loads."""
    loaded = set()
    for page in pages(html):
        loaded.update(MATHJAX_SCRIPT.findall(page.read_text(encoding="utf-8")))
    return loaded


def site_files(html: Path) -> list[str]:
    """Every file under ``html``, as sorted posix paths relative to it."""
    found = []
    for folder, dirs, files in os.walk(html):
        dirs.sort()
        for name in files:
            found.append((Path(folder) / name).relative_to(html).as_posix())
    return sorted(found)


def select(html: Path) -> Selection:
    """Which files of the built site go into the offline copy (see the module docstring)."""
    bundles = mathjax_bundles_loaded(html)
    selection = Selection()
    for rel in site_files(html):
        path = PurePosixPath(rel)
        if path.parent == PurePosixPath(DOWNLOADS) and path.name.endswith((".zip", ".zip.partial")):
            reason = "an offline copy (the zip never holds itself)"
        elif rel in TOOL_FILES:
            reason = "Sphinx's file for tools, not read by any page"
        elif path.suffix == ".map":
            reason = "a source map, read only by developer tools"
        elif (
            path.parent == MATHJAX
            and path.suffix == ".js"
            and path.name not in MATHJAX_LOADER_COMPONENTS
            and path.name not in bundles
        ):
            reason = "a MathJax bundle no page loads"
        else:
            selection.included.append(rel)
            continue
        selection.left_out[rel] = reason
    return selection


def repository_url(config: Path = CONFIG) -> str | None:
    """``repository.url`` from ``_config.yml`` (None when the file or the key is missing)."""
    if not config.is_file():
        return None
    import yaml

    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    url = (data.get("repository") or {}).get("url")
    return str(url) if url else None


def readme_text(has_pdf: bool, source_url: str | None) -> str:
    """The README.txt at the top of the offline copy (plain ASCII English)."""
    lines = [
        "The Mistake Notebook: an executable course on loss functions",
        "=============================================================",
        "",
        "This folder is the whole book as web pages, to read without an internet",
        "connection and without a server.",
        "",
        "To read it, open index.html (in this folder) in a web browser: double-click it,",
        "or drag it onto a browser window. It takes you to the welcome chapter.",
        "",
        "Everything works from the files on your disk: the links between chapters, the",
        "typeset formulas, the sliders of the interactive figures, the exercise solutions",
        "(click to show them) and the search box. Keep the folder together: the pages",
        "load their scripts, styles and pictures from the folders next to them.",
        "",
        "Every chapter is a Jupyter notebook: the .ipynb files are in _sources/book/ (the",
        "download button at the top of a chapter links its own). Running them needs Python",
        "and the course's small package, lossfns.",
    ]
    if source_url:
        lines += ["", f"The course's source, and how to run it: {source_url}"]
    if has_pdf:
        lines += ["", f"The book as one PDF file: {PDF}"]
    return "\n".join(lines) + "\n"


def _file_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _dir_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name.rstrip("/") + "/", date_time=FIXED_TIME)
    info.create_system = UNIX
    info.external_attr = (DIR_MODE << 16) | MSDOS_DIRECTORY
    info.compress_type = zipfile.ZIP_STORED
    return info


def write_zip(entries: dict[str, bytes | Path], output: Path, top: str = TOP_FOLDER) -> None:
    """Write ``entries`` (path in the folder -> bytes, or a file to read) into ``output``.

    Every entry goes under the one folder ``top``; each folder gets its own entry. Entries
    are sorted, with fixed times and modes, so the same entries give the same bytes. The
    zip is written next to ``output`` first and then moved into place.
    """
    if not entries:
        raise ValueError("write_zip: entries is empty; expected at least one file to pack")
    names = {}
    for rel, source in entries.items():
        path = PurePosixPath(rel)
        if path.is_absolute() or ".." in path.parts or not path.parts or rel != path.as_posix():
            raise ValueError(
                f"write_zip: entry names must be relative posix paths inside the folder, "
                f"got {rel!r}"
            )
        names[f"{top}/{rel}"] = source
    folders = {f"{top}/"}
    for name in names:
        for parent in PurePosixPath(name).parents:
            if str(parent) != ".":
                folders.add(f"{parent}/")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compresslevel=COMPRESS_LEVEL) as archive:
        for name in sorted(folders | set(names)):
            if name in folders:
                archive.writestr(_dir_info(name), b"")
                continue
            source = names[name]
            data = source.read_bytes() if isinstance(source, Path) else source
            archive.writestr(_file_info(name), data, compresslevel=COMPRESS_LEVEL)
    os.replace(partial, output)


def _group(rel: str) -> str:
    """What a file counts towards in the size report."""
    parts = PurePosixPath(rel).parts
    if parts[0] == "_static" and len(parts) > 2:
        return "/".join(parts[:2]) + "/"
    if parts[0] == "book" and len(parts) > 1:
        return "book/ (pages)"
    return parts[0] + ("/" if len(parts) > 1 else "")


@dataclass
class Report:
    """What ``build_offline_copy`` wrote: sizes in bytes, the largest parts, what it left out."""

    output: Path
    files: int
    unzipped_bytes: int
    zip_bytes: int
    left_out: dict[str, str]
    left_out_bytes: int
    by_group: list[tuple[str, int]]  # (group, compressed bytes), largest first
    seconds: float


def build_offline_copy(html: Path, output: Path) -> Report:
    """Write the offline copy of the site in ``html`` to ``output`` (see module docstring)."""
    started = time.monotonic()
    html = Path(html).resolve()
    output = Path(output).resolve()
    if not (html / "index.html").is_file():
        raise ValueError(
            f"--html: expected the built book's folder (with index.html), got {html} "
            "(no index.html there; run scripts/build_book.sh first)"
        )
    if output.suffix != ".zip":
        raise ValueError(f"--output: expected a path ending in .zip, got {output}")
    if html in output.parents:
        raise ValueError(
            f"--output: expected a path outside the site {html} (the zip would be packed "
            f"into the next copy), got {output}"
        )
    selection = select(html)
    entries: dict[str, bytes | Path] = {rel: html / rel for rel in selection.included}
    if "README.txt" in entries:
        raise ValueError(f"--html: the site {html} has its own README.txt; expected none")
    entries["README.txt"] = readme_text(PDF in entries, repository_url()).encode("ascii")
    write_zip(entries, output)

    with zipfile.ZipFile(output) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
    groups: Counter[str] = Counter()
    for info in infos:
        groups[_group(info.filename.split("/", 1)[1])] += info.compress_size
    return Report(
        output=output,
        files=len(infos),
        unzipped_bytes=sum(info.file_size for info in infos),
        zip_bytes=output.stat().st_size,
        left_out=selection.left_out,
        left_out_bytes=sum((html / rel).stat().st_size for rel in selection.left_out),
        by_group=groups.most_common(),
        seconds=time.monotonic() - started,
    )


def publish(zip_path: Path, html: Path) -> Path:
    """Copy the zip to ``html/downloads/`` (where the welcome page links it)."""
    target = Path(html) / DOWNLOADS / zip_path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(zip_path, partial)
    os.replace(partial, target)
    return target


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help="the built book")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    args = parser.parse_args(argv)
    try:
        report = build_offline_copy(args.html, args.output)
    except ValueError as error:
        print(f"build_offline_copy: {error}", file=sys.stderr)
        return 2
    published = publish(report.output, args.html)
    reasons = Counter(report.left_out.values())
    print(
        f"build_offline_copy: {report.output} ({_mb(report.zip_bytes)}): {report.files} files, "
        f"{_mb(report.unzipped_bytes)} unzipped, {report.seconds:.1f} s; copied to {published}"
    )
    print(
        "  largest parts (compressed): "
        + ", ".join(f"{group} {_mb(size)}" for group, size in report.by_group[:6])
    )
    print(
        f"  left out: {len(report.left_out)} files, {_mb(report.left_out_bytes)}: "
        + "; ".join(f"{count} x {reason}" for reason, count in sorted(reasons.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
