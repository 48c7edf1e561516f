"""Test-session settings shared by every test module."""

import os

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so CI is reproducible; set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples instead.
settings.register_profile("deterministic", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture
def closes_figures():
    """Restore matplotlib's settings and close every figure after the test.

    Modules that draw say so with ``pytestmark = pytest.mark.usefixtures("closes_figures")``;
    matplotlib is imported only then, so tests that check what ``import lossfns`` loads
    stay meaningful.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context():
        yield
    plt.close("all")
