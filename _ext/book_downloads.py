"""Local Sphinx extension: the whole book as a download, from every page's download menu.

sphinx-book-theme gives each page a download menu (the arrow icon in the header) with that
page's source and a ".pdf" entry that prints the page (relabelled "This page (print)",
so that it cannot be taken for the whole book). This extension adds two entries that concern
the whole book, on every page (pages without a source of their own, such as the search
page, get a menu holding only these):

* the PDF of the whole book, ``downloads/the-mistake-notebook.pdf``, printed from the
  built HTML by ``scripts/build_pdf.py``;
* the offline copy, ``downloads/the-mistake-notebook-offline.zip``, a zip of the built
  site that works when opened from the file system, made by
  ``scripts/build_offline_copy.py``.

Both files are written into the built site *after* Sphinx has finished (the PDF is printed
from the finished pages), so Sphinx cannot check the links; ``tests/book/test_downloads.py``
checks that every page links both and that the files are there.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: (path in the built site, menu text, Font Awesome icon, tooltip, label)
DOWNLOADS = (
    (
        "downloads/the-mistake-notebook.pdf",
        "Whole book (.pdf)",
        "fas fa-book",
        "Download the whole book as one PDF",
        "download-book-pdf-button",
    ),
    (
        "downloads/the-mistake-notebook-offline.zip",
        "Offline copy (.zip)",
        "fas fa-file-zipper",
        "Download the whole book as a zip that opens without a network",
        "download-offline-copy-button",
    ),
)

_GROUP_LABEL = "download-buttons"


def add_book_downloads(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Append the whole-book entries to the page's download menu (creating the menu if
    the theme gave the page none)."""
    buttons = context.get("header_buttons")
    if buttons is None:  # not a sphinx-book-theme page
        return
    pathto = context["pathto"]
    entries = [
        {
            "type": "link",
            "url": pathto(path, 1),
            "text": text,
            "icon": icon,
            "tooltip": tooltip,
            "label": label,
        }
        for path, text, icon, tooltip, label in DOWNLOADS
    ]
    group = next((b for b in buttons if b.get("label") == _GROUP_LABEL), None)
    if group is None:
        group = {
            "type": "group",
            "tooltip": "Download the book",
            "icon": "fas fa-download",
            "buttons": [],
            "label": _GROUP_LABEL,
        }
        buttons.insert(0, group)
    for button in group["buttons"]:
        # The theme's own ".pdf" entry prints the current page only; say so, next to the
        # whole book's PDF.
        if button.get("label") == "download-pdf-button":
            button["text"] = "This page (print)"
    group["buttons"].extend(entries)


def setup(app: Sphinx):
    # After sphinx-book-theme's add_header_buttons (priority 501), which builds the menu.
    app.connect("html-page-context", add_book_downloads, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
