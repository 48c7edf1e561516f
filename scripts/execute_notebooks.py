#!/usr/bin/env python
"""Refresh the book's notebooks in place: install cell, then outputs.

For every notebook in ``book/`` and its subfolders (or the ones given on the command line):

1. The first code cell becomes the *install cell*, generated from ``repository.url`` and
   ``repository.branch`` in ``_config.yml``: on Colab (where ``lossfns`` is missing) it
   pip-installs the package from the repository, with the extras that notebook needs;
   everywhere else it imports ``lossfns`` and prints nothing. The extras are derived from
   what the notebook imports: every module its code cells import (or reach as an attribute
   of ``lossfns``, whose training, reference and course subpackages, and the course's
   modules, load on first use), followed through the ``lossfns`` modules they load,
   gives the third-party packages it needs; each is mapped to the smallest extra in ``pyproject.toml`` that
   provides it (``matplotlib`` -> ``widgets``, ``mpmath`` -> ``precision``). A notebook
   that uses ipywidgets also turns on Colab's custom widget manager, which ipywidgets 8
   needs to render there; only when running in Colab.
   A fork changes the URL in ``_config.yml`` and runs this script: the install cells and
   every mention of the old address in the notebooks' Markdown cells follow (the old
   address is read from the existing install cell). ``tests/book/test_toc.py`` fails if a
   notebook disagrees with the config.
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
import ast
import functools
import os
import re
import sys
import time
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CONFIG = ROOT / "_config.yml"
PYPROJECT = ROOT / "pyproject.toml"
PACKAGE = "lossfns"

INSTALL_CELL_ID = "install-lossfns"
INSTALL_CELL_MARKER = "# Install the course package where it is missing (Colab)"
INSTALL_CELL_TEMPLATE = """\
{marker}; silent elsewhere.
try:
    import lossfns
except ImportError:
    %pip install --quiet "{requirement} @ git+{url}@{branch}"
    import lossfns"""
# Appended for notebooks whose code imports ipywidgets (through lossfns): Colab renders
# ipywidgets 8 only through its custom widget manager
# (google.colab.output.enable_custom_widget_manager). Outside Colab the module
# google.colab is never loaded, so nothing happens and nothing is printed.
COLAB_WIDGETS_TEMPLATE = """

import sys

if "google.colab" in sys.modules:  # ipywidgets 8 renders in Colab with this widget manager
    from google.colab import output
    output.enable_custom_widget_manager()"""
# The address in an install cell: "... @ git+<url>@<branch>"
INSTALL_URL = re.compile(r"@ git\+(?P<url>https://[^\s@\"]+)@(?P<branch>[^\s\"]+)\"")


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


# --- what a notebook needs ----------------------------------------------------------------


def cell_python(source: str) -> str:
    """A code cell as plain Python: IPython syntax (``%pip ...``, ``!ls``) becomes calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def imported_names(tree: ast.AST, package: str | None = None) -> set[str]:
    """Dotted names that code imports, or reaches as attributes of a module it imported.

    ``from a import b`` gives ``a`` and ``a.b`` (``b`` may be a submodule); relative
    imports are resolved against ``package`` (the package the module belongs to) and
    ignored without one. After ``import lossfns``,
    ``lossfns.course.widgets.frame_slider(...)`` gives
    ``lossfns.course.widgets.frame_slider`` and its prefixes: lossfns imports its
    subpackages, and ``lossfns.course`` its modules, on first attribute access. Imports
    inside functions count too. Not every name is a module; callers keep the ones that are.
    """
    names: set[str] = set()
    modules: dict[str, str] = {}  # local name -> module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.add(alias.name)
                if alias.asname:
                    modules[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    modules[top] = top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                if package is None:
                    continue
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            chain, inner = [], node
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in modules:
                names.add(".".join([modules[inner.id], *reversed(chain)]))
    return names


def _package_module_file(name: str) -> Path | None:
    """The source file of module ``name`` of the local package, or None."""
    parts = name.split(".")
    if parts[0] != PACKAGE or not all(part.isidentifier() for part in parts):
        return None
    base = ROOT.joinpath(*parts)
    for candidate in (base.parent / f"{parts[-1]}.py", base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def third_party_imports(sources: Iterable[str]) -> set[str]:
    """Top-level modules outside the standard library and lossfns that running code needs.

    ``sources`` are code cells (IPython syntax allowed). Every import of a lossfns module
    they load is followed, including imports inside functions (a function imported is a
    function that may run), and importing ``lossfns.a.b`` also runs ``lossfns`` and
    ``lossfns.a``.
    """
    pending: set[str] = set()
    for source in sources:
        pending |= imported_names(ast.parse(cell_python(source)))
    visited: set[Path] = set()
    found: set[str] = set()
    while pending:
        parts = pending.pop().split(".")
        if parts[0] != PACKAGE:
            if parts[0] and parts[0] not in sys.stdlib_module_names:
                found.add(parts[0])
            continue
        for depth in range(1, len(parts) + 1):
            module = ".".join(parts[:depth])
            path = _package_module_file(module)
            if path is None or path in visited:
                continue
            visited.add(path)
            package = module if path.name == "__init__.py" else ".".join(parts[: depth - 1])
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            pending |= imported_names(tree, package)
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _import_names_by_distribution() -> dict[str, frozenset[str]]:
    from importlib.metadata import packages_distributions

    names: dict[str, set[str]] = {}
    for top, distributions in packages_distributions().items():
        for distribution in distributions:
            names.setdefault(_normalise(distribution), set()).add(top)
    return {distribution: frozenset(tops) for distribution, tops in names.items()}


def import_names(requirement: str) -> frozenset[str]:
    """Top-level modules the distribution named in a PEP 508 requirement provides.

    Read from the installed distribution's files; a distribution that is not installed
    is assumed to provide the module of its own name (``foo-bar`` -> ``foo_bar``).
    """
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if not match:
        raise ValueError(f"not a PEP 508 requirement: {requirement!r}")
    name = match.group(1)
    return _import_names_by_distribution().get(_normalise(name)) or frozenset(
        {re.sub(r"[-.]+", "_", name)}
    )


def package_dependencies(pyproject: Path = PYPROJECT) -> tuple[list[str], dict[str, list[str]]]:
    """(the base requirements, {extra: its requirements}) of the local package."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return list(project.get("dependencies", [])), dict(project.get("optional-dependencies", {}))


def extras_for(imports: Iterable[str], pyproject: Path = PYPROJECT) -> list[str]:
    """The extras of the local package that provide ``imports``, sorted by name.

    A module the base install provides needs no extra; otherwise the extra with the fewest
    requirements that provides it is chosen (ties by name), so ``mpmath`` maps to
    ``precision``, not to the ``test`` extra that also lists it. A module no extra
    provides (IPython, which comes with the kernel; cycler, a dependency of matplotlib)
    adds nothing.
    """
    base, extras = package_dependencies(pyproject)
    provided = set().union(*map(import_names, base))
    chosen = set()
    for name in sorted(set(imports) - provided):
        providers = sorted(
            (len(requirements), extra)
            for extra, requirements in extras.items()
            if any(name in import_names(requirement) for requirement in requirements)
        )
        if providers:
            chosen.add(providers[0][1])
    return sorted(chosen)


def is_install_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and (
        cell.get("id") == INSTALL_CELL_ID or cell.get("source", "").startswith(INSTALL_CELL_MARKER)
    )


def code_sources(nb) -> list[str]:
    """The notebook's code, without its install cell."""
    return [
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code" and not is_install_cell(cell)
    ]


def install_cell_source(nb, config_path: Path = CONFIG, pyproject: Path = PYPROJECT) -> str:
    """The install cell for this notebook: its extras, the repository from the config."""
    url, branch = repository(config_path)
    imports = third_party_imports(code_sources(nb))
    extras = extras_for(imports, pyproject)
    requirement = PACKAGE + (f"[{','.join(extras)}]" if extras else "")
    source = INSTALL_CELL_TEMPLATE.format(
        marker=INSTALL_CELL_MARKER, requirement=requirement, url=url, branch=branch
    )
    if "ipywidgets" in imports:
        source += COLAB_WIDGETS_TEMPLATE
    return source


def install_cell_repository(source: str) -> tuple[str, str] | None:
    """(url, branch) an install cell installs from, or None if it names none."""
    match = INSTALL_URL.search(source)
    return (match.group("url"), match.group("branch")) if match else None


def replace_repository_url(nb, old_url: str, new_url: str) -> bool:
    """Write ``new_url`` for every ``old_url`` in the Markdown cells; True if any changed."""
    changed = False
    if old_url == new_url:
        return changed
    # Not followed by more of a name: ".../course" must not rewrite ".../course-2" or
    # ".../course.io", but does rewrite ".../course.git" and ".../course/issues".
    pattern = re.compile(re.escape(old_url) + r"(?=\.git\b|(?![\w-])(?!\.\w))")
    for cell in nb.cells:
        if cell.cell_type == "markdown" and pattern.search(cell.source):
            cell.source = pattern.sub(new_url, cell.source)
            changed = True
    return changed


def set_install_cell(nb, source: str) -> bool:
    """Make the notebook's first code cell the install cell; True if nb changed.

    When the existing install cell names another repository address (a fork changed
    ``_config.yml``), the Markdown cells' mentions of that old address follow as well.
    """
    import nbformat

    code_cells = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    metadata = {"tags": ["hide-input"]}
    if code_cells and is_install_cell(nb.cells[code_cells[0]]):
        cell = nb.cells[code_cells[0]]
        changed = cell.source != source or cell.get("id") != INSTALL_CELL_ID
        old, new = install_cell_repository(cell.source), install_cell_repository(source)
        if old and new:
            changed |= replace_repository_url(nb, old[0], new[0])
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
    # Same environment as the book build: no stray warnings-as-output differences.
    os.environ.setdefault("PYTHONHASHSEED", "0")
    failures = 0
    for path in paths:
        path = path.resolve()
        nb = nbformat.read(path, as_version=4)
        changed = set_install_cell(nb, install_cell_source(nb))
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
