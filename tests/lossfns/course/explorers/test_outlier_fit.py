"""lossfns.course.explorers, chapter 6: the drag-the-outlier explorer (MSE line vs MAE line).

Oracles nobody here wrote: numpy.polyfit for the MSE line and scikit-learn's
QuantileRegressor(quantile=0.5, alpha=0) for the MAE line, at heights of the dragged
point computed from the data, never typed.
"""

import re

import matplotlib
import numpy as np
import pytest
from sklearn.linear_model import QuantileRegressor

from lossfns.course.datasets import daily_sales
from lossfns.course.explorers import (
    OUTLIER_SWEEP_POINTS,
    describe_outlier_fit,
    draw_outlier_fit,
    outlier_fit_explorer,
    outlier_scene,
)

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("closes_figures")


LOG = daily_sales()
NORMAL = np.flatnonzero(~LOG.extreme)
INDEX = int(NORMAL[np.argmin(LOG.spend[NORMAL])])   # the ordinary day with the least spend
POSITIONS = np.linspace(0.0, 300.0, 11)


@pytest.fixture(scope="module")
def scene():
    return outlier_scene(LOG.spend, LOG.sales, index=INDEX, positions=POSITIONS,
                         xlabel="spend", ylabel="units sold (per day)",
                         slope_units="units per thousand yuan", point_name="day X")


def _moved(height):
    y = LOG.sales.copy()
    y[INDEX] = height
    return y


@pytest.mark.parametrize("height", POSITIONS[[0, 3, 7, 10]])
def test_lines_match_polyfit_and_quantile_regression(scene, height):
    y = _moved(height)
    np.testing.assert_allclose(scene.line("mse", height), np.polyfit(LOG.spend, y, 1),
                               rtol=1e-10)
    oracle = QuantileRegressor(quantile=0.5, alpha=0.0).fit(LOG.spend[:, None], y)
    np.testing.assert_allclose(scene.line("mae", height),
                               (oracle.coef_[0], oracle.intercept_), rtol=1e-6, atol=1e-6)


def test_the_mse_slope_follows_the_point_and_the_mae_slope_settles(scene):
    mse_slopes = scene.sweep_lines["mse"][:, 0]
    mae_slopes = scene.sweep_lines["mae"][:, 0]
    # least squares is linear in y: the slope changes by the same amount per unit of height
    steps = np.diff(mse_slopes) / np.diff(scene.sweep)
    np.testing.assert_allclose(steps, steps[0], rtol=1e-6)
    assert steps[0] < 0  # the point sits at the low-spend end: raising it flattens the line
    # once the point is far above the MAE line, moving it further changes nothing
    far = scene.sweep > 150
    assert np.ptp(mae_slopes[far]) == pytest.approx(0.0, abs=1e-9)
    assert np.ptp(mse_slopes) > 10 * np.ptp(mae_slopes)


def test_sweep_covers_the_slider_and_precomputed_lines_equal_fresh_fits(scene):
    assert scene.sweep[0] == POSITIONS[0] and scene.sweep[-1] == POSITIONS[-1]
    assert len(scene.sweep) >= OUTLIER_SWEEP_POINTS
    for k, height in enumerate(scene.positions):
        for fit in ("mse", "mae"):
            fresh = outlier_scene(LOG.spend, _moved(height), index=INDEX,
                                  positions=[height, height + 1]).line(fit, height)
            np.testing.assert_allclose(scene.lines[fit][k], fresh, rtol=1e-12, atol=1e-12)


def test_the_scene_does_not_change_the_data():
    y = LOG.sales.copy()
    outlier_scene(LOG.spend, y, index=INDEX, positions=[0.0, 100.0])
    np.testing.assert_array_equal(y, LOG.sales)


def test_alt_text_states_the_numbers_of_its_frame(scene):
    height = float(POSITIONS[8])
    text = describe_outlier_fit(scene, height)
    w_mse, b_mse = np.polyfit(LOG.spend, _moved(height), 1)
    assert f"slope {w_mse:.3g} units per thousand yuan and intercept {b_mse:.3g}" in text
    w_mae, b_mae = scene.line("mae", height)
    above = height - (w_mae * LOG.spend[INDEX] + b_mae)
    assert f"{above:.3g} above the MAE line" in text
    assert f"moved from {LOG.sales[INDEX]:.4g} to {height:.4g}" in text
    assert len(text.split()) > 30


def test_figure_marks_the_point_and_titles_the_slopes(scene):
    height = float(POSITIONS[2])
    fig = draw_outlier_fit(scene, height)
    left, right = fig.axes[:2]
    moved = [line for line in left.lines if line.get_label() == "day X, moved"]
    assert len(moved) == 1 and moved[0].get_ydata()[0] == height
    w_mse = np.polyfit(LOG.spend, _moved(height), 1)[0]
    assert f"MSE slope {w_mse:.3g}" in fig.get_suptitle()
    assert left.get_ylim()[1] > POSITIONS[-1] and left.get_ylim()[0] < 0
    assert right.get_xlabel() == "height of day X (units sold)"


def test_frames_differ_and_carry_their_alt_text():
    box = outlier_fit_explorer(LOG.spend, LOG.sales, index=INDEX, positions=POSITIONS[:4],
                               description="sales of day X", format="{:.0f}", dpi=40)
    frames = [child.value for child in box.frames.children]
    assert len(frames) == 4 and len(set(frames)) == 4
    assert box.slider.description == "sales of day X"
    assert [label for label, _ in box.slider.options] == ["0", "30", "60", "90"]
    for frame, height in zip(frames, box.values):
        alt = re.search(r'alt="([^"]*)"', frame).group(1)
        assert f"to {height:.4g}," in alt


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"index": 30}, "index must be the index of one of the 30 points"),
    ({"index": True}, "index must be the index"),
    ({"positions": [5.0]}, "at least 2 heights"),
    ({"positions": [5.0, 1.0]}, "increase strictly"),
    ({"positions": [0.0, np.inf]}, "finite"),
    ({"positions": "0, 1"}, "positions must be a sequence"),
    ({"xlabel": 3}, "xlabel must be a str"),
])
def test_bad_arguments_raise_value_errors_naming_them(kwargs, message):
    arguments = {"index": INDEX, "positions": [0.0, 100.0]} | kwargs
    with pytest.raises(ValueError, match=message):
        outlier_scene(LOG.spend, LOG.sales, **arguments)


def test_explorer_refuses_more_frames_than_a_page_can_hold():
    with pytest.raises(ValueError, match="at most 25 heights"):
        outlier_fit_explorer(LOG.spend, LOG.sales, index=INDEX,
                             positions=np.linspace(0, 300, 26))


def test_line_rejects_an_unknown_fit_and_a_non_finite_height(scene):
    with pytest.raises(ValueError, match="fit must be one of"):
        scene.line("huber", 10.0)
    with pytest.raises(ValueError, match="position must be a finite number"):
        draw_outlier_fit(scene, float("nan"))
