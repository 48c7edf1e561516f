"""CONTRIBUTING.md's chapter map agrees with the notebooks and the files on disk.

The table lists, for each chapter, its notebook, the explorer and exercise modules it
imports, and their tests. It is checked against what each notebook's code really imports
(explorer functions are traced to the module that defines them), and every path in it
must exist, so the map cannot go stale when a chapter gains an explorer or a module moves.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

from tests.helpers import ROOT

GUIDE = ROOT / "CONTRIBUTING.md"
ROW = re.compile(r"^\| (\d+) \| `(book/[^`]+\.ipynb)` \|(.*)\|(.*)\|(.*)\|\s*$")


def _paths(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _rows() -> dict[str, dict[str, list[str]]]:
    rows = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            _, notebook, explorers, exercises, tests = match.groups()
            rows[notebook] = {"explorers": _paths(explorers), "exercises": _paths(exercises),
                              "tests": _paths(tests)}
    return rows


def _module_file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _imports(notebook: Path) -> dict[str, set[str]]:
    """The explorer and exercise modules the notebook's code imports, as file paths."""
    code = "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells
                     if c.cell_type == "code")
    explorers_package = importlib.import_module("lossfns.course.explorers")
    explorers = set()
    pattern = r"from lossfns\.course\.explorers import (?:\(([^)]*)\)|([^\n]*))"
    for group in re.findall(pattern, code):
        for name in re.findall(r"\w+", "".join(group)):
            explorers.add(_module_file(getattr(explorers_package, name).__module__))
    exercises = {_module_file(m) for m in
                 re.findall(r"from (lossfns\.course\.exercises\.\w+) import", code)}
    return {"explorers": explorers, "exercises": exercises}


CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def test_every_chapter_has_one_row():
    listed = sorted(_rows())
    assert listed == [p.relative_to(ROOT).as_posix() for p in CHAPTERS], (
        f"CONTRIBUTING.md's chapter map lists {listed}"
    )


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_row_names_the_modules_the_notebook_imports(notebook):
    row = _rows()[notebook.relative_to(ROOT).as_posix()]
    imported = _imports(notebook)
    for kind in ("explorers", "exercises"):
        assert set(row[kind]) == imported[kind], (
            f"{notebook.name}: the map lists {kind} {sorted(row[kind])}, "
            f"the notebook imports {sorted(imported[kind])}"
        )


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_every_path_in_the_row_exists(notebook):
    row = _rows()[notebook.relative_to(ROOT).as_posix()]
    assert row["tests"], f"{notebook.name}: no tests listed"
    missing = [p for paths in row.values() for p in paths if not (ROOT / p).is_file()]
    assert missing == [], f"{notebook.name}: the map names missing files {missing}"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_row_lists_the_test_file_of_each_of_its_modules(notebook):
    # the tests of lossfns/<path>/<module>.py are tests/lossfns/<path>/test_<module>.py
    row = _rows()[notebook.relative_to(ROOT).as_posix()]
    mirrors = sorted("tests/" + path.rsplit("/", 1)[0] + "/test_" + path.rsplit("/", 1)[1]
                     for path in row["explorers"] + row["exercises"])
    assert sorted(row["tests"]) == mirrors, (
        f"{notebook.name}: the map lists tests {sorted(row['tests'])}, the test files of its "
        f"modules are {mirrors}"
    )
