"""The tests mirror the code: the tests of ``lossfns/<path>/<module>.py`` are in
``tests/lossfns/<path>/test_<module>.py`` (a private ``_module.py`` drops its underscore).

Checked both ways, so that a newcomer finds a module's tests by its path: every module
has its test file (or says here through which tests it is checked), and every test file
under tests/lossfns/ is named after a module beside the path it mirrors (or is one of the
few that test the package as a whole). The rule is written out in tests/README.md.
"""

from __future__ import annotations

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "lossfns"
TESTS = ROOT / "tests" / "lossfns"

#: test files that check the package as a whole rather than one module
PACKAGE_WIDE = {
    "tests/lossfns/test_package.py": "the import rules between the modules",
    "tests/lossfns/test_docstrings.py": "every module's docstring examples",
    "tests/lossfns/test_registry_invariants.py": "the properties every registered loss shares",
}

#: modules without a test file of their own, and the tests that check them
TESTED_THROUGH = {
    "lossfns/_twosum.py": "the exact differences behind the softmax family, measured by the "
                          "mpmath accuracy tests of test_activations.py, test_fast.py and "
                          "test_classification.py",
    "lossfns/course/explorers/_common.py": "the explorers' shared slider and wording helpers, "
                                           "checked through every explorer's alt text and "
                                           "error messages in tests/lossfns/course/explorers/",
}


def mirror(module) -> str:
    """The test file of a module: lossfns/a/_b.py -> tests/lossfns/a/test_b.py."""
    relative = module.relative_to(PACKAGE)
    return (TESTS / relative.parent / f"test_{relative.stem.lstrip('_')}.py").relative_to(
        ROOT).as_posix()


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
TEST_FILES = sorted(TESTS.rglob("test_*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_has_its_test_file(module):
    name = module.relative_to(ROOT).as_posix()
    if name in TESTED_THROUGH:
        assert not (ROOT / mirror(module)).exists(), (
            f"{mirror(module)} exists: remove {name} from TESTED_THROUGH in tests/test_layout.py")
        return
    assert (ROOT / mirror(module)).is_file(), (
        f"{name} has no test file: write {mirror(module)} (or, if other tests check it, "
        f"say which in TESTED_THROUGH in tests/test_layout.py)")


@pytest.mark.parametrize("test_file", TEST_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_test_file_is_named_after_a_module(test_file):
    name = test_file.relative_to(ROOT).as_posix()
    if name in PACKAGE_WIDE:
        return
    mirrored = {mirror(module) for module in MODULES}
    assert name in mirrored, (
        f"{name} is named after no module: a module lossfns/<path>/<module>.py is tested "
        f"in tests/lossfns/<path>/test_<module>.py")


def test_the_exceptions_name_files_that_exist():
    for name in [*PACKAGE_WIDE, *TESTED_THROUGH]:
        assert (ROOT / name).is_file(), f"{name} (listed in tests/test_layout.py) is gone"
