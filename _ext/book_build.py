"""Local Sphinx extension for the book's build (loaded from _config.yml).

Seven fixes to the stock Jupyter Book 1 build:

1. **Re-execute notebooks when the package changes.** With ``execute_notebooks: cache``
   jupyter-cache keys a notebook on its code cells only, and Sphinx re-reads only
   notebooks whose file changed, so an edit to ``lossfns`` would leave every page
   stale. This extension fingerprints the paths in ``execution_dependencies``; when
   the fingerprint differs from the one stored with the execution cache, it empties
   the cache, and when it differs from the one stored in the Sphinx environment, it
   marks every notebook as outdated (so it is read, hence executed, again).

2. **Duplicate inline ``<script>``** (console error ``Identifier 'THEBE_JS_URL' has
   already been declared``). Sphinx < 8.2 passes ``None`` to the HTML builder for
   inline scripts added after the builder started, then adds them again as ``''``
   when it prepares writing; ``None != ''`` so the script appears twice. Backport of
   sphinx-doc/sphinx#13402: normalise ``None`` to ``''``.

3. **No CDN reference from sphinx-thebe** when the thebe launch button is off
   (``book_drop_thebe_assets``): jupyter-book always loads sphinx-thebe, whose inline
   configuration names ``https://unpkg.com/thebe@...``; without the button that code
   is never used, so its assets are removed from every page.

4. **Hidden code cells keep their visible name** (axe-core: label-content-name-mismatch,
   serious). myst-nb folds a ``hide-input`` cell into ``<summary aria-label="Toggle hidden
   content">`` whose visible text is "Show code cell source"; the aria-label replaced that
   text for screen readers and voice control. The aria-label is dropped, so the summary is
   named by what it shows.

5. **No empty top bar.** With sphinx-book-theme 1.3 and pydata-sphinx-theme >= 0.17, a
   theme-option set that does not name ``navbar_persistent`` gets pydata's default
   (``search-button-field``), so every page grows a 64 px header holding only a second
   search field (executablebooks/sphinx-book-theme#986). The option is set to ``[]``
   unless the book sets it; the sidebar's search field and, on narrow screens, the
   article header's search icon remain. (Setting ``html_theme_options`` in
   ``_config.yml`` instead would replace the options jupyter-book generates.)

6. **The book opened from the file system** (``file://``, no server: ``index.html``
   opened from ``_build/html`` or from the unzipped offline copy). Browsers refuse
   ``fetch``/``XMLHttpRequest`` there, which breaks two things: the search page's
   snippets (Sphinx fetches every result page) and, once a reader turns on MathJax's
   speech or explorer, all typesetting (the speech-rule engine reads its locale files,
   ``_static/mathjax/sre/mathmaps/*.json``, with ``XMLHttpRequest``). On every page,
   ``_ext/static/book-file-urls.js`` turns the snippets off under ``file://`` and
   gives the engine a locale loader that uses ``<script>`` tags; after the build each
   locale file is written again as ``<locale>.js`` for it (``write_sre_locale_scripts``).
   Over HTTP nothing changes. There, too, the links to the offline zip (which the copy
   cannot hold) become text that says the reader has it.

7. **Every page is written again when ``_ext/`` changes.** Sphinx rewrites all pages
   when an HTML option changes, but not when a local extension adds a script to every
   page or one of its static files changes: an incremental build kept stale pages. A
   fingerprint of ``_ext/`` is registered as an HTML option (``book_assets_fingerprint``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_ENV_KEY = "book_execution_dependencies_fingerprint"
_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}


def fingerprint(paths: list[Path]) -> str:
    """SHA-256 over the relative names and bytes of every file under ``paths``."""
    digest = hashlib.sha256()
    for root in sorted(paths):
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if _SKIP_DIRS.intersection(path.parts) or path.suffix in {".pyc", ".pyo"}:
                continue
            digest.update(path.relative_to(root.parent).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _dependency_paths(app: Sphinx) -> list[Path]:
    paths = []
    for entry in app.config.execution_dependencies:
        path = (Path(app.srcdir) / entry).resolve()
        if not path.exists():
            logger.warning(f"execution_dependencies: {entry!r} does not exist ({path})")
            continue
        paths.append(path)
    return paths


_CACHE_STAMP = "execution_dependencies.sha256"


def _refresh_execution_cache(app: Sphinx, env, current: str) -> None:
    """Empty jupyter-cache if it was filled with other versions of the dependencies.

    The fingerprint is stored inside the cache folder, so it travels with the cache
    (``jupyter-book clean`` keeps both; ``clean --all`` drops both).
    """
    mystnb_config = getattr(env, "mystnb_config", None)
    if mystnb_config is None or mystnb_config.execution_mode != "cache":
        return
    cache = Path(mystnb_config.execution_cache_path)
    stamp = cache / _CACHE_STAMP
    if stamp.is_file() and stamp.read_text().strip() == current:
        return
    if cache.is_dir():
        shutil.rmtree(cache)
        logger.info(f"[book_build] execution dependencies changed: cleared {cache}")
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def _outdated_notebooks(app: Sphinx, env, added, changed, removed):
    """Event ``env-get-outdated``: re-read every notebook when a dependency changed."""
    paths = _dependency_paths(app)
    if not paths:
        return []
    current = fingerprint(paths)
    _refresh_execution_cache(app, env, current)
    previous = getattr(env, _ENV_KEY, None)
    setattr(env, _ENV_KEY, current)
    if previous == current:
        return []
    notebooks = sorted(
        docname
        for docname in env.found_docs
        if docname in env.all_docs  # already built once; new docs are read anyway
        and Path(env.doc2path(docname)).suffix == ".ipynb"
        and docname not in added | changed
    )
    if notebooks:
        logger.info(f"[book_build] execution dependencies changed: re-reading {notebooks}")
    return notebooks


def _dedupe_inline_scripts(app: Sphinx) -> None:
    """Event ``builder-inited``: backport of sphinx-doc/sphinx#13402."""
    builder = app.builder
    original = getattr(builder, "add_js_file", None)
    if original is None or getattr(original, "_book_build_patched", False):
        return

    def add_js_file(filename, **kwargs):
        return original(filename or "", **kwargs)

    add_js_file._book_build_patched = True
    builder.add_js_file = add_js_file


def _is_thebe_asset(asset) -> bool:
    filename = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", "") or "")
    return "sphinx-thebe" in filename or "THEBE_JS_URL" in body or "unpkg.com/thebe" in filename


def _drop_thebe_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Event ``html-page-context``: remove sphinx-thebe's scripts and stylesheet."""
    if not app.config.book_drop_thebe_assets:
        return
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    if launch.get("thebe"):
        return
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if isinstance(files, list):
            files[:] = [asset for asset in files if not _is_thebe_asset(asset)]


# myst-nb 1.x (myst_nb/sphinx_.py, visit_HideCodeCellNode) writes exactly this opening tag.
_HIDDEN_CELL_SUMMARY = '<summary aria-label="Toggle hidden content">'


def drop_summary_aria_label(body: str) -> str:
    """The page body with myst-nb's hidden-cell ``<summary>`` named by its visible text."""
    return body.replace(_HIDDEN_CELL_SUMMARY, "<summary>")


def _fix_hidden_cell_summaries(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Event ``html-page-context``: see ``drop_summary_aria_label``."""
    body = context.get("body")
    if isinstance(body, str) and _HIDDEN_CELL_SUMMARY in body:
        context["body"] = drop_summary_aria_label(body)


def _no_persistent_navbar(app: Sphinx, config) -> None:
    """Event ``config-inited``: see fix 5 in the module docstring."""
    options = config.html_theme_options
    if isinstance(options, dict):
        options.setdefault("navbar_persistent", [])


# Where scripts/fetch_offline_assets.py puts the speech-rule engine's locale files.
SRE_LOCALES = Path("_static", "mathjax", "sre", "mathmaps")
FILE_URLS_JS = "book-file-urls.js"


def sre_locale_script(locale: str, json_text: str) -> str:
    """A script that stores one locale file's JSON text in ``window.bookSreLocales``."""
    return (
        "(window.bookSreLocales = window.bookSreLocales || {})"
        f"[{json.dumps(locale)}] = {json.dumps(json_text, ensure_ascii=False)};\n"
    )


def write_sre_locale_scripts(folder: Path) -> list[Path]:
    """Write ``<locale>.js`` next to every ``<locale>.json`` in ``folder``; return them.

    Files whose content is already right are left alone. A ``.json`` that is not JSON is an
    error naming the file (the engine could not use it either).
    """
    written = []
    for source in sorted(folder.glob("*.json")):
        text = source.read_text(encoding="utf-8")
        try:
            json.loads(text)
        except ValueError as error:
            raise ValueError(f"SRE locale file {source} is not valid JSON: {error}") from None
        target = source.with_suffix(".js")
        script = sre_locale_script(source.stem, text)
        if not target.is_file() or target.read_text(encoding="utf-8") != script:
            target.write_text(script, encoding="utf-8")
        written.append(target)
    return written


def _write_sre_locale_scripts(app: Sphinx, exception) -> None:
    """Event ``build-finished``: see fix 6 in the module docstring."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.builder.outdir) / SRE_LOCALES
    if folder.is_dir():
        written = write_sre_locale_scripts(folder)
        logger.info(f"[book_build] {len(written)} speech-rule locale scripts for file:// pages")


def _fingerprint_own_assets(app: Sphinx, config) -> None:
    """Event ``config-inited``: every page is written again when ``_ext/`` changes.

    Sphinx rewrites every page when an HTML option changes, but not when a local
    extension adds a script or stylesheet to every page, or one of those files changes:
    an incremental build then kept pages without them. The fingerprint of this folder
    is an HTML option, so such a change counts as one.
    """
    config.book_assets_fingerprint = fingerprint([Path(__file__).resolve().parent])


def setup(app: Sphinx):
    app.add_config_value("execution_dependencies", [], "env", [list])
    app.add_config_value("book_assets_fingerprint", "", "html", [str])
    app.connect("config-inited", _fingerprint_own_assets)
    app.add_config_value("book_drop_thebe_assets", False, "html", [bool])
    app.connect("config-inited", _no_persistent_navbar)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect(
        "builder-inited", _dedupe_inline_scripts, priority=1
    )  # before other extensions add scripts
    app.connect("html-page-context", _drop_thebe_assets, priority=900)
    app.connect("html-page-context", _fix_hidden_cell_summaries)
    # after documentation_options.js (priority 200), whose search option it changes
    app.add_js_file(FILE_URLS_JS)
    app.connect("build-finished", _write_sre_locale_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
