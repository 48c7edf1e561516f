"""Local Sphinx extension: light chapter pages (loaded from _config.yml).

Three steps, all on every HTML page as it is written:

1. **Images as files, not base64.** A notebook output that is HTML (an interactive
   figure's static player, :func:`lossfns.course.widgets.figure_html`) carries its
   images as ``data:`` URLs. Inlined, they cannot be cached, are parsed with the page
   and grow it by a third (base64 does not compress). Each one is written to
   ``_images/`` under a name made from its bytes (the same image on two pages is one
   file) and the ``src`` points there, as myst-nb does for the PNG outputs it
   writes itself. A lazily loaded frame (``loading="lazy"``) is then fetched only when
   the reader moves its slider.

2. **No widget manager.** Every interactive figure of the book carries its own static
   view (``text/html``, chosen over the widget view by ``nb_mime_priority_overrides``),
   so a page needs neither the ipywidgets state that myst-nb embeds for a notebook
   whose metadata holds one (megabytes of base64 frames) nor the manager's scripts.
   The state script is dropped from every page that renders no widget view. A page
   that does render one gets a warning, an error under ``-W``: the book does not ship
   the widget manager, so that widget would show nothing.

3. **Figures load when the reader gets near them.** Every image of the page body that
   does not say how to load gets ``loading="lazy"``: a phone on a slow network fetches
   the figures of the first screens, not all twenty of a chapter, before the reader
   can scroll. (Chromium fetches a lazy image once it is within about one to three
   screen heights of the viewport; printing loads them all, see scripts/build_pdf.py.)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where the images go, under the HTML output folder (Sphinx's own image folder).
IMAGES = "_images"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# How myst-nb 1.x writes a widget view into the page (myst_nb/core/render.py).
WIDGET_VIEW_SCRIPT = '<script type="application/vnd.jupyter.widget-view+json">'

_EXTENSIONS = {"png": "png", "webp": "webp", "jpeg": "jpg", "gif": "gif", "svg+xml": "svg"}
_DATA_SRC = re.compile(
    r'(<img\b[^>]*?\ssrc=")data:image/(png|webp|jpeg|gif|svg\+xml);base64,([A-Za-z0-9+/=\s]+)"'
)


def image_file_name(data: bytes, subtype: str) -> str:
    """The file name of an image: the first 32 hex digits of its SHA-256 and its suffix."""
    return f"{hashlib.sha256(data).hexdigest()[:32]}.{_EXTENSIONS[subtype]}"


def images_to_files(body: str, folder: Path, url_of) -> tuple[str, list[Path]]:
    """``body`` with every ``<img src="data:image/...;base64,...">`` pointing at a file.

    Each image is written to ``folder`` (once: a file that exists already holds the same
    bytes, its name being their hash); ``url_of(name)`` gives the URL the page uses for
    ``folder/name``. Returns the new body and the files it refers to.

    A ``data:`` URL that is not valid base64 raises ``ValueError`` naming its start.
    """
    files: list[Path] = []

    def to_file(match: re.Match) -> str:
        prefix, subtype, encoded = match.groups()
        try:
            data = base64.b64decode("".join(encoded.split()), validate=True)
        except binascii.Error as error:
            raise ValueError(
                f"an <img> data URL is not valid base64 ({error}): {encoded[:40]!r}..."
            ) from None
        name = image_file_name(data, subtype)
        path = folder / name
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        files.append(path)
        return f'{prefix}{url_of(name)}"'

    return _DATA_SRC.sub(to_file, body), files


_IMG_WITHOUT_LOADING = re.compile(r"<img\b(?![^>]*\sloading=)")


def lazy_images(body: str) -> str:
    """``body`` with ``loading="lazy"`` on every ``<img>`` that has no ``loading``."""
    return _IMG_WITHOUT_LOADING.sub('<img loading="lazy"', body)


def _is_widget_state(asset) -> bool:
    return getattr(asset, "attributes", {}).get("type") == WIDGET_STATE


def _write_images(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Event ``html-page-context``: steps 1 and 3 of the module docstring."""
    body = context.get("body")
    if not isinstance(body, str) or "<img" not in body:
        return
    pathto = context["pathto"]
    body, _ = images_to_files(
        body, Path(app.builder.outdir) / IMAGES,
        lambda name: pathto(f"{IMAGES}/{name}", 1))
    context["body"] = lazy_images(body)


def _drop_widget_state(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Event ``html-page-context`` (after myst-nb adds its scripts): step 2."""
    body = context.get("body")
    if isinstance(body, str) and WIDGET_VIEW_SCRIPT in body:
        logger.warning(
            f"{pagename}: a notebook output is shown as an ipywidgets view, but the book "
            "ships no widget manager; give the widget a text/html view (as "
            "lossfns.course.widgets.FrameSlider does)",
            location=pagename,
        )
        return
    files = context.get("script_files")
    if isinstance(files, list):
        files[:] = [asset for asset in files if not _is_widget_state(asset)]


def setup(app: Sphinx):
    app.connect("html-page-context", _write_images)
    app.connect("html-page-context", _drop_widget_state, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
