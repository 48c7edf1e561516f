"""The book's figure style: colour-blind-safe cycle, legible text, opaque white background."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from lossfns.plotting import (
    BOOK_RCPARAMS,
    COLOR_CYCLE,
    OKABE_ITO,
    book_style,
    new_figure,
    use_book_style,
)


@pytest.fixture(autouse=True)
def _restore_rcparams():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def _relative_luminance(colour):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast_with_white(colour):
    return 1.05 / (_relative_luminance(colour) + 0.05)


def test_okabe_ito_has_the_eight_published_colours():
    assert dict(OKABE_ITO) == {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }


def test_colour_cycle_uses_okabe_ito_without_yellow():
    assert set(COLOR_CYCLE) <= set(OKABE_ITO.values())
    assert len(set(COLOR_CYCLE)) == len(COLOR_CYCLE) == 7
    assert OKABE_ITO["yellow"] not in COLOR_CYCLE


def test_first_three_cycle_colours_meet_3_to_1_contrast_on_white():
    # WCAG 2.1 SC 1.4.11 (non-text contrast) asks 3:1 for lines that carry meaning.
    contrasts = [_contrast_with_white(colour) for colour in COLOR_CYCLE[:3]]
    assert min(contrasts) >= 3.0, contrasts


def test_use_book_style_sets_the_colour_cycle_and_grid():
    use_book_style()
    colours = [entry["color"] for entry in matplotlib.rcParams["axes.prop_cycle"]]
    assert colours == list(COLOR_CYCLE)
    assert matplotlib.rcParams["axes.grid"] is True


def test_text_is_large_enough_to_read():
    use_book_style()
    for key in (
        "font.size",
        "axes.labelsize",
        "xtick.labelsize",
        "ytick.labelsize",
        "legend.fontsize",
        "axes.titlesize",
    ):
        assert matplotlib.rcParams[key] >= 11, key


def test_book_style_context_restores_previous_settings():
    matplotlib.rcParams["axes.grid"] = False
    with book_style():
        assert matplotlib.rcParams["axes.grid"] is True
    assert matplotlib.rcParams["axes.grid"] is False


def test_new_figure_labels_every_axes():
    _fig, axes = new_figure(1, 2, xlabel="prediction", ylabel="loss", title="t")
    assert axes.shape == (2,)
    for ax in axes:
        assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("prediction", "loss", "t")


def test_new_figure_has_requested_size():
    fig, _axes = new_figure(width=5.0, height=2.5)
    assert tuple(fig.get_size_inches()) == (5.0, 2.5)


@pytest.mark.parametrize("transparent_default", [False, True])
def test_rendered_figure_is_opaque_white_for_light_and_dark_pages(transparent_default):
    # A transparent PNG would show black axis text on the dark theme's dark background.
    matplotlib.rcParams["savefig.transparent"] = transparent_default
    matplotlib.rcParams["figure.facecolor"] = (1, 1, 1, 0)
    fig, ax = new_figure(xlabel="x", ylabel="y")
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    pixels = np.asarray(Image.open(buffer).convert("RGBA"))
    assert pixels[..., 3].min() == 255  # no transparent pixel anywhere
    assert tuple(pixels[0, 0]) == (255, 255, 255, 255)


def test_text_colour_contrasts_with_the_white_background():
    assert _contrast_with_white(BOOK_RCPARAMS["text.color"]) >= 7.0
    assert _contrast_with_white(BOOK_RCPARAMS["xtick.color"]) >= 4.5


@pytest.mark.parametrize(
    "kwargs", [{"nrows": 0}, {"ncols": -1}, {"nrows": 1.5}, {"width": 0}, {"height": -2}]
)
def test_new_figure_rejects_impossible_layouts(kwargs):
    with pytest.raises(ValueError, match="must be positive"):
        new_figure(**kwargs)
