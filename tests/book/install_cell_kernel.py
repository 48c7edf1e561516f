"""Run the notebooks' install cells in a real Jupyter kernel and record what they do.

Shared by ``tests/book/test_binder.py`` (on Binder, lossfns is installed: the cell must print
nothing and install nothing) and ``tests/book/test_colab.py`` (on Colab, lossfns is missing:
the cell must install it with the notebook's own ``%pip`` line, and turn on Colab's widget
manager when the notebook shows widgets).

The kernel is the one of the current environment. Before each install cell a scenario is
set up in it:

* ``%pip`` is replaced by a recorder: it remembers its argument line and, as a real install
  would, makes ``lossfns`` importable again (nothing is installed);
* ``lossfns_missing=True`` hides the installed ``lossfns`` behind an import hook that raises
  ``ModuleNotFoundError``, as on a fresh Colab runtime;
* ``colab=True`` puts a stand-in ``google.colab.output`` module into ``sys.modules`` (the
  Colab kernel imports ``google.colab`` at start-up) whose
  ``enable_custom_widget_manager`` counts its calls.

After the cell, what it did is read back as JSON. The install cell runs verbatim, in its
own kernel cell, so IPython turns its ``%pip`` line into a magic call exactly as in Jupyter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SETUP = r'''
import json as _json
import sys as _sys
import types as _types


class _HideLossfns:
    """An import hook that makes lossfns look uninstalled."""

    def find_spec(self, name, path=None, target=None):
        if name == "lossfns" or name.startswith("lossfns."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


_record = {}


def _recording_pip(line):
    _record["pip"].append(line)
    _sys.meta_path[:] = [f for f in _sys.meta_path if not isinstance(f, _HideLossfns)]


get_ipython().register_magic_function(_recording_pip, magic_kind="line", magic_name="pip")


def _scenario(lossfns_missing, colab):
    _record.clear()
    _record.update(pip=[], widget_manager=0)
    _sys.meta_path[:] = [f for f in _sys.meta_path if not isinstance(f, _HideLossfns)]
    for name in ("google", "google.colab", "google.colab.output"):
        _sys.modules.pop(name, None)
    if lossfns_missing:
        for name in [n for n in _sys.modules if n == "lossfns" or n.startswith("lossfns.")]:
            del _sys.modules[name]
        _sys.meta_path.insert(0, _HideLossfns())
    if colab:
        google = _types.ModuleType("google")
        google.colab = _types.ModuleType("google.colab")
        google.colab.output = _types.ModuleType("google.colab.output")

        def enable_custom_widget_manager():
            _record["widget_manager"] += 1

        google.colab.output.enable_custom_widget_manager = enable_custom_widget_manager
        _sys.modules.update({"google": google, "google.colab": google.colab,
                             "google.colab.output": google.colab.output})
'''

REPORT = """
_record["lossfns_imported"] = "lossfns" in _sys.modules
print(_json.dumps(_record))
"""


@dataclass
class CellRun:
    """What one install cell did: its outputs and the recorded calls."""

    outputs: list
    pip_lines: list[str]
    widget_manager_calls: int
    lossfns_imported: bool


def run_install_cells(runs: list[tuple[str, bool, bool]], cwd: Path) -> list[CellRun]:
    """Run each ``(install cell source, lossfns_missing, colab)`` in one kernel, in order."""
    cells = [SETUP]
    for source, lossfns_missing, colab in runs:
        cells += [f"_scenario(lossfns_missing={lossfns_missing}, colab={colab})", source, REPORT]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=False, record_timing=False
    ).execute(cwd=str(cwd))
    results = []
    for index in range(len(runs)):
        setup, install, report = nb.cells[1 + 3 * index : 4 + 3 * index]
        assert setup.outputs == [], f"the scenario set-up printed {setup.outputs}"
        text = "".join(output.get("text", "") for output in report.outputs)
        record = json.loads(text)
        results.append(
            CellRun(
                outputs=install.outputs,
                pip_lines=record["pip"],
                widget_manager_calls=record["widget_manager"],
                lossfns_imported=record["lossfns_imported"],
            )
        )
    return results
