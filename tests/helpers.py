"""What several test modules share: the repository's root, loading a script or a local
extension as a module, and one rule for a missing prerequisite (the built book, the PDF,
Chromium).

CI must run every test, so there a missing prerequisite is a failure; elsewhere (a
contributor who has not built the book yet) it is a skip that says what to run.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest


def _repository_root() -> Path:
    """The folder holding pyproject.toml and lossfns/, however deep the asking test sits."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file() and (folder / "lossfns").is_dir():
            return folder
    raise RuntimeError(f"no folder above {__file__} holds pyproject.toml and lossfns/")


#: The repository's root: tests name the files they check relative to it.
ROOT = _repository_root()

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(message: str) -> NoReturn:
    """Stop the test for want of ``message``'s prerequisite: fail in CI, skip elsewhere."""
    if IN_CI:
        pytest.fail(f"{message}; CI must run this test", pytrace=False)
    pytest.skip(message)


def load_module(path: Path, name: str) -> ModuleType:
    """Import the file at ``path`` (a script or a local Sphinx extension) as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
