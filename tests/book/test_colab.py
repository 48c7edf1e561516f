"""Colab: each notebook's first cell installs what that notebook needs, and the install works.

A notebook opened in Colab has none of this course installed. Its first code cell (the
install cell, written by ``scripts/execute_notebooks.py`` from ``_config.yml``) runs
``%pip install "lossfns[<extras>] @ git+<repository>@<branch>"``, where the extras are
derived from what the notebook imports, and, in notebooks that show ipywidgets, turns on
Colab's custom widget manager (``google.colab.output.enable_custom_widget_manager()``),
which ipywidgets 8 needs to render in Colab. These tests check:

* the derivation itself, on small cells (``lossfns.reference.highprecision`` needs ``precision``,
  ``lossfns.course.widgets`` needs ``widgets``, ...);
* for every notebook, that the extras its install cell names, with the package's base
  dependencies and a Jupyter kernel, provide every third-party module the notebook's code
  imports, directly or through the ``lossfns`` modules it loads (read from the installed
  distributions' metadata);
* in a kernel, with ``lossfns`` hidden and a stand-in ``google.colab`` module, that each
  install cell runs its own ``%pip`` line once, then imports ``lossfns``, and turns on the
  widget manager exactly when the notebook shows an interactive figure; and, with
  ``lossfns`` installed in Colab (the session restarted after the install), that it turns
  the manager on again without installing;
* end to end (marked ``slow`` and ``network``): a fresh virtual environment with nothing
  but ipykernel runs a whole chapter, its install cell pip-installing the package into
  that environment from a copy of this checkout, as on Colab.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT, load_module
from tests.book.install_cell_kernel import run_install_cells

BOOK = ROOT / "book"
NOTEBOOKS = sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The chapter run end to end: it draws plots and an interactive figure, renders HTML tables
# and loads the data sets, the plotting style, the widgets and an exercise checker.
CHAPTER = BOOK / "01_mistake_notebook.ipynb"
# What Colab's runtime has that this course relies on: Python and a Jupyter kernel.
KERNEL_REQUIREMENT = "ipykernel"


execute_notebooks = load_module(ROOT / "scripts" / "execute_notebooks.py", "execute_notebooks")


def _install_cell(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(cell for cell in nb.cells if cell.cell_type == "code").source


def _pip_line(source: str) -> str:
    """The argument line of the cell's ``%pip`` magic."""
    lines = [line.strip() for line in source.splitlines() if line.strip().startswith("%pip ")]
    assert len(lines) == 1, f"expected one %pip line in the install cell, found {lines}"
    return lines[0].removeprefix("%pip ")


def _extras_installed(source: str) -> list[str]:
    match = re.search(r'"lossfns(?:\[([\w,-]*)\])? @ ', source)
    assert match, f"the install cell installs no lossfns requirement:\n{source}"
    return sorted(filter(None, (match.group(1) or "").split(",")))


def _shows_widgets(path: Path) -> bool:
    """True when the notebook's committed outputs hold an interactive (ipywidgets) figure."""
    nb = nbformat.read(path, as_version=4)
    return any(
        WIDGET_VIEW in output.get("data", {})
        for cell in nb.cells
        for output in cell.get("outputs", [])
    )


# --- deriving the extras -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "extras"),
    [
        (["import lossfns\nlossfns.mse([1.0], [2.0])"], []),
        (["import lossfns.reference.highprecision"], ["precision"]),
        (["from lossfns.reference.highprecision import reference"], ["precision"]),
        (["from lossfns.reference import naive"], []),  # the naive formulas need numpy only
        (["import mpmath"], ["precision"]),  # the smallest extra with mpmath, not `test`
        (["import lossfns as lf\nlf.course.widgets.frame_slider"], ["widgets"]),  # lazy
        (["import lossfns\nlossfns.course.datasets.daily_sales()"], []),  # numpy only
        (["from lossfns.course.explorers import learning_rate_explorer"], ["widgets"]),
        (["from lossfns.course.plotting import use_book_style",
          "import lossfns.reference.highprecision"], ["precision", "widgets"]),
        (["%pip install something\nimport json\n!ls"], []),  # IPython syntax; the stdlib
    ],
)
def test_extras_are_derived_from_what_the_code_imports(cells, extras):
    imports = execute_notebooks.third_party_imports(cells)
    assert execute_notebooks.extras_for(imports) == extras, (
        f"{cells} imports {sorted(imports)}: expected the extras {extras}"
    )


def test_lossfns_imports_reached_through_functions_count():
    # lossfns.course.widgets imports ipywidgets inside the function that builds a slider.
    imports = execute_notebooks.third_party_imports(
        ["from lossfns.course.widgets import frame_slider"])
    assert {"ipywidgets", "matplotlib"} <= imports, imports


def test_numerical_stability_appendix_installs_the_precision_extra():
    source = _install_cell(BOOK / "appendix" / "numerical_stability.ipynb")
    assert "precision" in _extras_installed(source), (
        "the numerical-stability appendix imports lossfns.reference.highprecision (mpmath); "
        f"its install cell must install the `precision` extra:\n{source}"
    )


def _distributions(requirements: list[str]) -> set[str]:
    """Installed distributions these requirements bring in, with all their dependencies."""
    seen: set[str] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = distribution(requirement.name).requires or []
        except PackageNotFoundError:
            continue
        extras = requirement.extras or {""}
        for text in requires:
            dependency = Requirement(text)
            if dependency.marker is None or any(
                dependency.marker.evaluate({"extra": extra}) for extra in extras
            ):
                pending.append(dependency)
    return seen


def _modules_of(distributions: set[str]) -> set[str]:
    from importlib.metadata import packages_distributions

    return {
        top
        for top, owners in packages_distributions().items()
        if any(canonicalize_name(owner) in distributions for owner in owners)
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_install_cell_extras_provide_every_module_the_notebook_needs(path):
    nb = nbformat.read(path, as_version=4)
    needed = execute_notebooks.third_party_imports(execute_notebooks.code_sources(nb))
    extras = _extras_installed(_install_cell(path))
    base, optional = execute_notebooks.package_dependencies()
    unknown = set(extras) - set(optional)
    assert not unknown, (
        f"{path.name}: the install cell names extras pyproject.toml lacks: {unknown}"
    )
    requirements = base + [r for extra in extras for r in optional[extra]] + [KERNEL_REQUIREMENT]
    provided = _modules_of(_distributions(requirements))
    missing = sorted(needed - provided)
    assert not missing, (
        f"{path.name}: on Colab, `lossfns[{','.join(extras)}]` and a kernel would not provide "
        f"{missing}, which the notebook imports (directly or through lossfns)"
    )


# --- the install cell in a kernel, as on Colab ----------------------------------------------


def test_install_cells_install_their_own_line_and_turn_on_colabs_widget_manager(tmp_path):
    sources = [_install_cell(path) for path in NOTEBOOKS]
    runs = run_install_cells(
        [(source, True, True) for source in sources]  # fresh Colab runtime
        + [(source, False, True) for source in sources],  # Colab, session restarted
        cwd=tmp_path,
    )
    fresh, restarted = runs[: len(sources)], runs[len(sources) :]
    for path, source, run in zip(NOTEBOOKS, sources, fresh):
        assert run.pip_lines == [_pip_line(source)], (
            f"{path.name}: without lossfns the cell should run its %pip line once; "
            f"ran {run.pip_lines}"
        )
        assert run.lossfns_imported, f"{path.name}: lossfns is not imported after the install"
    for path, run in zip(NOTEBOOKS, restarted):
        assert run.pip_lines == [], f"{path.name}: installed again although lossfns is there"
        assert run.outputs == [], f"{path.name}: the cell printed {run.outputs} in Colab"
    for path, first, again in zip(NOTEBOOKS, fresh, restarted):
        expected = 1 if _shows_widgets(path) else 0
        assert (first.widget_manager_calls, again.widget_manager_calls) == (expected, expected), (
            f"{path.name}: in Colab, enable_custom_widget_manager() should run {expected} time(s) "
            f"(the notebook {'shows' if expected else 'shows no'} interactive figures); ran "
            f"{first.widget_manager_calls} (fresh) and {again.widget_manager_calls} (restarted)"
        )


# --- end to end: a fresh Python, as on Colab ------------------------------------------------


def _pinned(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if re.match(rf"{re.escape(name)}==", line.strip(), flags=re.I):
            return line.strip()
    raise AssertionError(f"requirements.txt pins no {name}")


def _package_copy(destination: Path) -> Path:
    """The files pip builds lossfns from, copied out of this checkout.

    A copy, not the checkout itself: pip would build in place and leave ``build/`` behind,
    whose stale files a later build could package.
    """
    destination.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, destination / name)
    shutil.copytree(
        ROOT / "lossfns", destination / "lossfns",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    return destination


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stderr[-3000:]}"


def _venv_versions(python: Path, names: list[str]) -> dict[str, str | None]:
    script = (
        "import importlib.metadata as m, json, sys\n"
        "def v(n):\n"
        "    try: return m.version(n)\n"
        "    except m.PackageNotFoundError: return None\n"
        "print(json.dumps({n: v(n) for n in sys.argv[1:]}))"
    )
    # Run from the environment's own folder: `python -c` puts the working directory on
    # sys.path, and a checkout's lossfns.egg-info (left by `pip install -e .`) would count.
    result = subprocess.run([str(python), "-c", script, *names], capture_output=True, text=True,
                            check=True, cwd=python.parent.parent)
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.network
def test_chapter_runs_on_a_fresh_python_after_installing_itself(tmp_path):
    """Colab, emulated: a chapter runs to the end in an empty Python after its install cell.

    Colab's runtime has Python and a Jupyter kernel, nothing of this course. So: a new
    virtual environment gets only ipykernel (at requirements.txt's pin), and becomes the
    kernel. The chapter's own install cell is taken from the notebook, its git address
    (``git+<repository.url>@<branch>``) swapped for a copy of this checkout's package, and
    the notebook runs top to bottom in that kernel with nbclient: the ``%pip install`` of
    ``lossfns[<extras>]`` happens inside the run, in the kernel's environment, exactly as in
    Colab (pip's cache is used, as on any machine). The run must end without an error,
    with lossfns and its extras installed and the interactive figures displayed. The
    Python is the one running the tests (runtime.txt's); Colab's own may be newer.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    started = time.perf_counter()
    venv = tmp_path / "venv"
    try:
        _run([sys.executable, "-m", "venv", str(venv)])
        python = venv / "bin" / "python"
        _run([str(python), "-m", "pip", "install", "--quiet", _pinned(KERNEL_REQUIREMENT)])
        assert _venv_versions(python, ["lossfns"]) == {"lossfns": None}, (
            "the fresh environment already has lossfns"
        )
        spec_dir = tmp_path / "kernels" / "colab-emulation"
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Colab emulation",
            "language": "python",
        }), encoding="utf-8")
        prepared = time.perf_counter()

        nb = nbformat.read(CHAPTER, as_version=4)
        install = next(cell for cell in nb.cells if cell.cell_type == "code")
        url, branch = execute_notebooks.repository()
        remote = f"git+{url}@{branch}"
        assert remote in install.source, (
            f"{CHAPTER.name}: the install cell does not install from {remote}:\n{install.source}"
        )
        install.source = install.source.replace(remote, _package_copy(tmp_path / "src").as_uri())
        for cell in nb.cells:  # run afresh: no committed outputs can pass for results
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None

        # The kernel sees the new environment only: not this one's packages or PATH.
        env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
        env["VIRTUAL_ENV"] = str(venv)
        env["PATH"] = os.pathsep.join(
            [str(venv / "bin")]
            + [p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)]
        )
        workdir = tmp_path / "content"  # like Colab's /content: no checkout to import from
        workdir.mkdir()
        km = AsyncKernelManager(
            kernel_name="colab-emulation",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]),
        )
        NotebookClient(
            nb, km=km, timeout=600, allow_errors=False, record_timing=False
        ).execute(cwd=str(workdir), env=env, cleanup_kc=True)  # and shut the kernel down
        finished = time.perf_counter()

        versions = _venv_versions(python, ["lossfns", "numpy", "matplotlib", "ipywidgets"])
        assert all(versions.values()), f"not installed by the install cell: {versions}"
        shown = sum(WIDGET_VIEW in output.get("data", {})
                    for cell in nb.cells for output in cell.get("outputs", []))
        assert shown >= 1, f"{CHAPTER.name}: no interactive figure was displayed in the run"
        print(
            f"\nColab emulation of {CHAPTER.name}: environment with ipykernel "
            f"{prepared - started:.1f} s, install cell + notebook {finished - prepared:.1f} s, "
            f"total {finished - started:.1f} s; installed {versions}"
        )
    finally:
        shutil.rmtree(venv, ignore_errors=True)
