import doctest

import pytest

import lossfns
from lossfns import gradcheck, mistakes, registry


@pytest.mark.parametrize("module", [gradcheck, mistakes, registry], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", lossfns.__all__)
def test_every_public_function_has_a_docstring_with_an_example(name):
    obj = getattr(lossfns, name)
    if name == "LOSSES":
        return
    doc = obj.__doc__ or ""
    assert len(doc.strip()) > 40, f"{name} has no real docstring"
    if callable(obj) and not isinstance(obj, type):
        assert "Examples" in doc or ">>>" in doc, f"{name} has no example"
