#!/usr/bin/env python
"""Refresh the book's notebooks in place: install cell, then outputs.

For every notebook in ``book/`` and its subfolders (or the ones given on the command line):

1. The first code cell becomes the *install cell*, generated from ``repository.url`` and
   ``repository.branch`` in ``_config.yml``: on Colab (where ``lossfns`` is missing) it
   pip-installs the package from the repository; everywhere else it imports
   ``lossfns`` and prints nothing. A fork changes the URL in ``_config.yml`` and runs
   this script; ``tests/test_toc.py`` fails if a notebook disagrees with the config.
2. The notebook is executed top to bottom with nbclient in a fresh kernel, with the
   widget state stored in the notebook metadata (``store_widget_state=True``) so
   interactive figures render from the committed file, and without timing metadata
   (no noise in diffs).

The committed outputs are then what ``pytest --nbval`` compares against.

Usage::

    python scripts/execute_notebooks.py                   # all notebooks in book/
    python scripts/execute_notebooks.py book/00_welcome.ipynb
    python scripts/execute_notebooks.py --install-cell-only   # rewrite cells, no execution
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CONFIG = ROOT / "_config.yml"

INSTALL_CELL_ID = "install-lossfns"
INSTALL_CELL_MARKER = "# Install the course package where it is missing (Colab)"
INSTALL_CELL_TEMPLATE = """\
{marker}; silent elsewhere.
try:
    import lossfns
except ImportError:
    %pip install --quiet "lossfns[widgets] @ git+{url}@{branch}"
    import lossfns"""


def repository(config_path: Path = CONFIG) -> tuple[str, str]:
    """(url, branch) from ``_config.yml``'s ``repository`` section."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url = str(repo.get("url", "")).rstrip("/")
    branch = str(repo.get("branch", "main"))
    if not url.startswith("https://"):
        raise SystemExit(f"{config_path.name}: repository.url must be an https URL; found {url!r}")
    return url, branch


def install_cell_source(config_path: Path = CONFIG) -> str:
    url, branch = repository(config_path)
    return INSTALL_CELL_TEMPLATE.format(marker=INSTALL_CELL_MARKER, url=url, branch=branch)


def is_install_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and (
        cell.get("id") == INSTALL_CELL_ID or cell.get("source", "").startswith(INSTALL_CELL_MARKER)
    )


def set_install_cell(nb, source: str) -> bool:
    """Make the notebook's first code cell the install cell; True if nb changed."""
    import nbformat

    code_cells = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    metadata = {"tags": ["hide-input"]}
    if code_cells and is_install_cell(nb.cells[code_cells[0]]):
        cell = nb.cells[code_cells[0]]
        changed = cell.source != source or cell.get("id") != INSTALL_CELL_ID
        cell.source = source
        cell.id = INSTALL_CELL_ID
        cell.metadata.update(metadata)
        return changed
    cell = nbformat.v4.new_code_cell(source=source, metadata=metadata)
    cell.id = INSTALL_CELL_ID
    # Right after the opening markdown cell (title and introduction), so that it runs
    # before anything else and sits at the top of the page.
    position = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
    nb.cells.insert(position, cell)
    return True


def execute(nb, path: Path, timeout: int) -> None:
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
        allow_errors=False,
    )
    client.execute()


def stabilise_widget_ids(nb, salt: str):
    """Replace the random widget model ids by ids derived from their order.

    ipywidgets names every model with a random uuid4, so each execution would rewrite
    every id in the notebook (state keys, ``IPY_MODEL_...`` references, the outputs'
    ``model_id``). Deterministic ids keep a re-executed notebook byte-identical when
    nothing changed, so diffs show only real changes.
    """
    import hashlib
    import json

    import nbformat

    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIMETYPE, {}).get("state", {})
    if not state:
        return nb
    mapping = {
        model_id: hashlib.sha256(f"{salt}:{index}".encode()).hexdigest()[:32]
        for index, model_id in enumerate(state)
    }
    text = json.dumps(nb)
    for old, new in mapping.items():
        text = text.replace(old, new)
    return nbformat.from_dict(json.loads(text))


WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"


def main(argv: list[str] | None = None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--install-cell-only", action="store_true")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted(BOOK.glob("**/*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    source = install_cell_source()
    # Same environment as the book build: no stray warnings-as-output differences.
    os.environ.setdefault("PYTHONHASHSEED", "0")
    failures = 0
    for path in paths:
        path = path.resolve()
        nb = nbformat.read(path, as_version=4)
        changed = set_install_cell(nb, source)
        if args.install_cell_only:
            if changed:
                nbformat.write(nb, path)
            print(f"{path.relative_to(ROOT)}: install cell {'updated' if changed else 'ok'}")
            continue
        start = time.perf_counter()
        try:
            execute(nb, path, args.timeout)
        except Exception as exc:  # noqa: BLE001 - report every broken notebook, then fail
            failures += 1
            print(f"{path.relative_to(ROOT)}: FAILED\n{exc}", file=sys.stderr)
            continue
        nb = stabilise_widget_ids(nb, salt=path.stem)
        nbformat.validate(nb)
        nbformat.write(nb, path)
        print(f"{path.relative_to(ROOT)}: executed in {time.perf_counter() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
