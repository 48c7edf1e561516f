import subprocess
import sys

import lossfns


def test_importing_lossfns_needs_numpy_only():
    code = ("import sys, lossfns; "
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'scipy', 'sklearn') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_book_submodules_load_on_first_use():
    assert lossfns.widgets.frame_slider
    assert lossfns.plotting.use_book_style
    assert lossfns.exercises.Feedback


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no_such_thing"):
        lossfns.no_such_thing  # noqa: B018


def test_all_lists_only_existing_names():
    for name in lossfns.__all__:
        assert hasattr(lossfns, name), name
