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


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, driven by Playwright (never downloaded), for one test module."""
    from tests.helpers import missing
    from tools.local_book import CHROMIUM_FLAGS, chromium_executable

    chromium = chromium_executable()
    if chromium is None:
        missing("Chromium not found (apt-get install chromium, or set CHROMIUM); "
                "bash scripts/setup_env.sh --test installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
