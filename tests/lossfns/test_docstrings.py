import doctest
import importlib
import pkgutil

import pytest

import lossfns

MODULES = sorted(info.name for info in pkgutil.walk_packages(lossfns.__path__, "lossfns."))
# Private helper modules and the __init__ of the course, exercises, explorers and reference
# packages carry no examples (they only re-export, or say what their modules are).
WITHOUT_EXAMPLES = {"lossfns._reduction", "lossfns._validation", "lossfns.training._checks",
                    "lossfns.course", "lossfns.course.exercises", "lossfns.course.explorers",
                    "lossfns.reference"}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_of_every_module_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if name not in WITHOUT_EXAMPLES:
        assert result.attempted > 0, f"{name} has no docstring example"


PUBLIC = [("lossfns", name) for name in lossfns.__all__] + [
    ("lossfns.training", name) for name in lossfns.training.__all__]


@pytest.mark.parametrize(("module", "name"), PUBLIC)
def test_every_public_function_has_a_docstring_with_an_example(module, name):
    obj = getattr(importlib.import_module(module), name)
    if name == "LOSSES":
        return
    doc = obj.__doc__ or ""
    assert len(doc.strip()) > 40, f"{name} has no real docstring"
    if callable(obj) and not isinstance(obj, type):
        assert "Examples" in doc or ">>>" in doc, f"{name} has no example"
