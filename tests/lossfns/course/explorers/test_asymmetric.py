"""lossfns.course.explorers, chapter 9: the asymmetric-cost explorer (the best constant
forecast as k grows).

Oracles: scipy.stats.expectile, numpy's quantile, and a brute-force search for the lowest
asymmetric squared loss over a fine grid.
"""

import re

import matplotlib
import numpy as np
import pytest

from lossfns.course.datasets import bakery_demand
from lossfns.course.explorers import (
    asymmetric_explorer,
    asymmetric_scene,
    describe_asymmetric_frame,
    draw_asymmetric_frame,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("closes_figures")

KS = (1.0, 2.0, 4.0, 9.0, 19.0)


@pytest.fixture(scope="module")
def scene():
    return asymmetric_scene(bakery_demand().demand, KS, units="loaves", value_name="demand")


def test_the_expectiles_are_scipy_s(scene):
    stats = pytest.importorskip("scipy.stats")
    for k, found in zip(KS, scene.expectiles):
        assert found == pytest.approx(stats.expectile(scene.values, alpha=k / (k + 1)),
                                      rel=1e-12)


def test_the_expectile_is_where_the_asymmetric_squared_loss_is_lowest(scene):
    fine = np.linspace(scene.values.min(), scene.values.max(), 20001)
    for k, found in zip(KS, scene.expectiles):
        error = fine[:, None] - scene.values[None, :]
        losses = np.mean(np.where(error < 0, k, 1.0) * error**2, axis=1)
        assert abs(fine[np.argmin(losses)] - found) <= fine[1] - fine[0]


def test_the_quantiles_minimise_the_pinball_loss_and_k_1_gives_mean_and_median(scene):
    assert scene.expectiles[0] == pytest.approx(scene.values.mean(), rel=1e-12)
    assert scene.mean == pytest.approx(scene.values.mean())
    for level, found in zip(scene.levels, scene.quantiles):
        candidates = np.unique(scene.values)
        pinball = [np.mean(np.maximum(level * (scene.values - c), (level - 1) * (scene.values - c)))
                   for c in candidates]
        assert np.mean(np.maximum(level * (scene.values - found),
                                  (level - 1) * (scene.values - found))) == pytest.approx(min(pinball))


def test_forecasts_rise_with_k_and_the_quantile_lies_beyond_the_expectile(scene):
    assert np.all(np.diff(scene.expectiles) > 0) and np.all(np.diff(scene.quantiles) > 0)
    assert np.all(scene.quantiles[1:] > scene.expectiles[1:])
    np.testing.assert_allclose(scene.levels, [k / (k + 1) for k in KS])
    np.testing.assert_allclose(scene.share_above_quantile,
                               [np.mean(scene.values > q) for q in scene.quantiles])


def test_the_title_states_the_three_forecasts(scene):
    fig = draw_asymmetric_frame(scene, 4.0)
    e, q = scene.expectiles[2], scene.quantiles[2]
    assert fig.get_suptitle() == (f"k = 4 (τ = 0.80): mean {scene.mean:.1f}, expectile "
                                  f"{e:.1f}, 0.80-quantile {q:.4g} loaves")
    left, right = fig.axes[:2]
    assert left.get_xlabel() == "demand (loaves)"
    assert right.get_ylabel() == "asymmetric squared loss (loaves²)"


def test_the_marked_minimum_is_at_the_expectile(scene):
    fig = draw_asymmetric_frame(scene, 9.0)
    dots = [line for line in fig.axes[1].lines if line.get_marker() == "o"]
    assert len(dots) == 1
    assert dots[0].get_xdata()[0] == pytest.approx(scene.expectiles[3])


def test_the_frames_differ_from_one_k_to_the_next(scene):
    from lossfns.course.widgets import render_png

    pngs = {render_png(draw_asymmetric_frame(scene, k), dpi=30) for k in KS}
    assert len(pngs) == len(KS)


@pytest.mark.parametrize("k", [1.0, 4.0, 19.0])
def test_no_text_overlaps_another_or_leaves_the_figure(scene, k):
    fig = draw_asymmetric_frame(scene, k)
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


def test_the_alt_text_is_computed_from_the_scene(scene):
    text = describe_asymmetric_frame(scene, 4.0)
    assert text.startswith("Left: a histogram of 180 values")
    assert f"the expectile at {scene.expectiles[2]:.3g}" in text
    assert f"{scene.share_above_quantile[2]:.0%} above the quantile" in text
    assert "in loaves squared" in text and "k = 4" in text
    assert "beside the plain squared error" in text
    plain = describe_asymmetric_frame(scene, 1.0)
    assert "with k = 1 it is the plain squared error" in plain


def test_the_grey_mse_curve_is_drawn_only_when_k_is_not_1(scene):
    def grey_lines(k):
        return [line for line in draw_asymmetric_frame(scene, k).axes[1].lines
                if line.get_color() == "#9a9a9a"]
    assert len(grey_lines(1.0)) == 0 and len(grey_lines(4.0)) == 1


def test_the_explorer_is_a_slider_over_the_frames_with_alt_texts():
    box = asymmetric_explorer([90.0, 100.0, 130.0, 110.0], [1, 3, 9], units="loaves",
                              initial=1, dpi=30)
    assert [label for label, _ in box.slider.options] == ["1", "3", "9"]
    assert box.frames.selected_index == 1
    for k, frame in zip(box.values, box.frames.children):
        alt = re.search(r'alt="([^"]*)"', frame.value).group(1)
        assert alt == describe_asymmetric_frame(box.scene, k).replace("'", "&#x27;")


@pytest.mark.parametrize(("values", "ks", "message"), [
    ([1.0, 1.0], [1, 2], "at least two different numbers"),
    ([[1.0, 2.0]], [1, 2], "1-D array"),
    ([1.0, 2.0], [1], "2 to 25 cost ratios"),
    ([1.0, 2.0], [1, -2], "ks must be > 0"),
    ([1.0, 2.0], "12", "sequence of positive numbers"),
    ([1.0, float("nan")], [1, 2], "values must contain only finite numbers"),
])
def test_bad_arguments_are_value_errors_naming_them(values, ks, message):
    with pytest.raises(ValueError, match=message):
        asymmetric_scene(values, ks)


def test_an_unknown_k_is_a_value_error(scene):
    with pytest.raises(ValueError, match="k must be one of the scene's ks"):
        draw_asymmetric_frame(scene, 3.0)
