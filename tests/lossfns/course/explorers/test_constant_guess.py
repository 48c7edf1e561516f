"""lossfns.course.explorers: the constant-guess explorer (one number for all the data, per loss).

Oracles: numpy.mean (the best constant under MSE and RMSE), numpy.median (MAE),
numpy.quantile (the pinball loss) and scipy.optimize.minimize_scalar (Huber, log-cosh,
Smooth L1); the loss curves are compared with the loss functions called directly.
"""

import re

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import minimize_scalar

import lossfns
from lossfns.course.explorers import (
    CURVE_POINTS,
    best_constant,
    constant_guess_explorer,
    constant_guess_scene,
    describe_constant_guess,
    draw_constant_guess,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("closes_figures")


def temperatures():
    rng = np.random.default_rng(11)
    return np.round(rng.normal(18.0, 3.0, size=12), 1)


Y = temperatures()
WITH_OUTLIER = np.append(Y, 45.0)

data = arrays(np.float64, st.integers(2, 30),
              elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False))


def _spread(y):
    return float(np.max(y) - np.min(y)) + 1.0


# ---------------------------------------------------------------------------
# best_constant: the statistic each loss estimates
# ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(data)
def test_the_best_constant_under_mse_and_rmse_is_the_mean(y):
    for loss in ("mse", "rmse"):
        assert best_constant(y, loss) == pytest.approx(np.mean(y), abs=1e-6 * _spread(y))


@settings(max_examples=40, deadline=None)
@given(data)
def test_the_best_constant_under_mae_is_the_median_also_for_an_even_count(y):
    assert best_constant(y, "mae") == pytest.approx(np.median(y), abs=1e-6 * _spread(y))


@pytest.mark.parametrize("q", [0.1, 0.25, 0.5, 0.9])
def test_the_best_constant_under_the_pinball_loss_scores_as_well_as_the_quantile(q):
    found = best_constant(WITH_OUTLIER, ("quantile_loss", {"q": q}))
    oracle = np.quantile(WITH_OUTLIER, q, method="inverted_cdf")

    def loss(c):
        return lossfns.quantile_loss(WITH_OUTLIER, np.full(13, c), q=q)

    assert loss(found) == pytest.approx(loss(oracle), rel=1e-9)
    assert found == pytest.approx(oracle, abs=1e-6)   # an odd count: a unique quantile


@pytest.mark.parametrize(("name", "kwargs"), [("huber", {"delta": 2.0}), ("log_cosh", {}),
                                              ("smooth_l1", {"beta": 0.5})])
def test_the_best_constant_of_a_smooth_robust_loss_matches_scipy(name, kwargs):
    value = lossfns.LOSSES[name].value

    def loss(c):
        return value(WITH_OUTLIER, np.full(13, c), **kwargs)

    oracle = minimize_scalar(loss, bounds=(Y.min(), 45.0), method="bounded",
                             options={"xatol": 1e-10}).x
    assert best_constant(WITH_OUTLIER, (name, kwargs)) == pytest.approx(oracle, abs=1e-5)


def test_the_total_and_the_mean_loss_have_the_same_best_constant():
    for loss in ("mse", "mae"):
        assert best_constant(Y, loss, reduction="sum") == pytest.approx(
            best_constant(Y, loss), abs=1e-9)


def test_equal_values_are_their_own_best_constant():
    assert best_constant([3.5, 3.5, 3.5], "mae") == 3.5


def test_one_outlier_drags_the_mean_far_and_the_median_little():
    mean_shift = best_constant(WITH_OUTLIER, "mse") - best_constant(Y, "mse")
    median_shift = best_constant(WITH_OUTLIER, "mae") - best_constant(Y, "mae")
    assert mean_shift == pytest.approx(np.mean(WITH_OUTLIER) - np.mean(Y), abs=1e-6)
    assert abs(median_shift) < mean_shift / 5


# ---------------------------------------------------------------------------
# the scene
# ---------------------------------------------------------------------------

def test_the_curves_are_the_losses_of_each_constant_guess_and_span_the_data():
    scene = constant_guess_scene(Y, losses=("mse", "mae"), guesses=[10.0, 30.0], units="°C")
    assert scene.grid.shape == (CURVE_POINTS,)
    assert scene.grid[0] < 10.0 and scene.grid[-1] > 30.0
    for k, loss in enumerate((lossfns.mse, lossfns.mae)):
        expected = [loss(Y, np.full(Y.shape, c)) for c in scene.grid[::40]]
        np.testing.assert_allclose(scene.curves[k][::40], expected, rtol=1e-12)
        assert scene.lowest[k] == pytest.approx(loss(Y, np.full(Y.shape, scene.best[k])))
        assert scene.lowest[k] <= scene.curves[k].min() + 1e-12
    assert scene.best[0] == pytest.approx(np.mean(Y), abs=1e-6)
    assert scene.best[1] == pytest.approx(np.median(Y), abs=1e-6)
    assert scene.labels == ("MSE", "MAE")
    assert scene.minimiser_names == ("the mean", "the median")
    assert (scene.loss_units(0), scene.loss_units(1)) == ("°C²", "°C")
    np.testing.assert_array_equal(scene.x, np.arange(1, 13))


def test_a_total_loss_is_n_times_the_mean_loss_and_says_so():
    mean = constant_guess_scene(Y, losses=("mse",))
    total = constant_guess_scene(Y, losses=("mse",), reduction="sum")
    np.testing.assert_allclose(total.curves[0], Y.size * mean.curves[0], rtol=1e-12)
    assert "MSE summed over the values: this guess scores" in describe_constant_guess(total, 15)
    assert draw_constant_guess(total, 15.0).get_axes()[1].get_ylabel() == "total MSE"


def test_the_default_guesses_are_thirteen_from_the_lowest_to_the_highest_value():
    scene = constant_guess_scene(Y)
    np.testing.assert_allclose(scene.guesses, np.linspace(Y.min(), Y.max(), 13))


def test_keyword_arguments_name_the_loss_and_its_quantile():
    scene = constant_guess_scene(Y, losses=(("quantile_loss", {"q": 0.9}), ("huber", {})),
                                 units="10,000 yuan")
    assert scene.labels == ("quantile loss (q = 0.9)", "Huber")
    assert scene.minimiser_names == ("the 0.9-quantile", None)
    assert (scene.loss_units(0), scene.loss_units(1)) == ("10,000 yuan", None)
    assert constant_guess_scene(Y, losses=("mse",), units="10,000 yuan").loss_units(0) \
        == "(10,000 yuan)²"
    assert constant_guess_scene(Y, losses=("mse",), units="万元").loss_units(0) == "(万元)²"
    assert constant_guess_scene(Y, losses=("mse",), units="yuan").loss_units(0) == "yuan²"


def test_a_regression_loss_registered_later_works_too():
    lossfns.register_loss("mae_copy_for_test", lossfns.mae, lossfns.mae_grad,
                          task="regression", formula="|e|", outlier_robustness="robust",
                          use_when="a test")
    try:
        scene = constant_guess_scene(Y, losses=("mae_copy_for_test",))
        assert scene.labels == ("mae_copy_for_test",)
        assert scene.best[0] == pytest.approx(np.median(Y), abs=1e-6)
    finally:
        lossfns.unregister_loss("mae_copy_for_test")


@pytest.mark.parametrize(("arguments", "message"), [
    ({"losses": ("hinge",)}, r"losses\[0\]: 'hinge' is a binary loss"),
    ({"losses": ("mse", "cross_entropy")}, r"losses\[1\]: 'cross_entropy' is a multi-class"),
    ({"losses": ("msee",)}, r"losses\[0\]: 'msee' is not a registered loss"),
    ({"losses": "mse"}, "losses must be a tuple of 1 to 6 loss names"),
    ({"losses": ()}, "losses must be a tuple of 1 to 6 loss names"),
    ({"losses": (("mse", 2),)}, r"losses\[0\] must be a registered loss name"),
    ({"guesses": [3.0, 2.0]}, "guesses must increase strictly"),
    ({"guesses": [1.0, np.inf]}, "guesses must be finite"),
    ({"guesses": "12"}, "guesses must be a 1-D sequence"),
    ({"reduction": "none"}, "reduction must be 'mean' or 'sum'"),
    ({"x": [1.0, 2.0]}, "x must have one entry per value of y"),
    ({"y_label": ""}, "y_label must be a non-empty string"),
    ({"units": 3}, "units must be a non-empty string or None"),
])
def test_the_scene_rejects_bad_input_naming_the_argument(arguments, message):
    with pytest.raises(ValueError, match=message):
        constant_guess_scene(Y, **arguments)


@pytest.mark.parametrize(("y", "message"), [
    ([[1.0, 2.0], [3.0, 4.0]], "y must be a 1-D array of at least two numbers"),
    ([1.0], "y must be a 1-D array of at least two numbers"),
    (["1", "2"], "y must contain real numbers"),
    ([1.0, np.nan], "y must contain only finite numbers"),
])
def test_the_data_must_be_a_row_of_finite_numbers(y, message):
    with pytest.raises(ValueError, match=message):
        constant_guess_scene(y)


@pytest.mark.parametrize(("y", "loss", "reduction", "message"), [
    ([[1.0, 2.0], [3.0, 4.0]], "mse", "mean", "y must be a 1-D array of numbers"),
    ([True, False], "mse", "mean", "y must contain real numbers"),
    ([1.0, 2.0], "hinge", "mean", "loss: 'hinge' is a binary loss"),
    ([1.0, 2.0], ("mse",), "mean", "loss must be a registered loss name"),
    ([1.0, 2.0], "mse", "none", "reduction must be 'mean' or 'sum'"),
    ([1.0, 2.0], "mse", "average", "reduction"),
])
def test_best_constant_rejects_bad_input_naming_the_argument(y, loss, reduction, message):
    with pytest.raises(ValueError, match=message):
        best_constant(y, loss, reduction=reduction)


# ---------------------------------------------------------------------------
# the figure and its alt text
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("losses", [("mse",), ("mse", "mae"),
                                    ("mse", "mae", ("quantile_loss", {"q": 0.9}))])
def test_the_figure_has_one_column_per_loss_with_labels_and_no_overlapping_text(losses):
    scene = constant_guess_scene(WITH_OUTLIER, losses=losses, units="°C",
                                 y_label="temperature (°C)", x_label="day")
    fig = draw_constant_guess(scene, 20.0)
    axes = fig.get_axes()
    assert len(axes) == 2 * len(losses)
    data_axes, curve_axes = axes[:len(losses)], axes[len(losses):]
    if len(losses) == 1:
        data_axes, curve_axes = [axes[0]], [axes[1]]
    for k, (data, curve) in enumerate(zip(data_axes, curve_axes)):
        assert data.get_title() == f"{scene.labels[k]}: guess c = 20"
        assert (data.get_xlabel(), data.get_ylabel()) == ("day", "temperature (°C)")
        assert curve.get_xlabel() == "constant guess c (°C)"
        assert curve.get_title() == f"{scene.labels[k]} of the guess"
        legend = [t.get_text() for t in curve.get_legend().get_texts()]
        assert legend[0].startswith(f"this guess: {scene.loss_at(k, 20.0):.3g}")
        assert legend[1].startswith(f"lowest at c = {scene.best[k]:.3g}")
        stars = [line for line in curve.get_lines() if line.get_marker() == "*"]
        assert stars[0].get_xdata()[0] == pytest.approx(scene.best[k])
        # every data point and the guess line are inside the panel
        low, high = data.get_ylim()
        assert low < WITH_OUTLIER.min() and WITH_OUTLIER.max() < high
    assert curve_axes[0].get_ylabel() == "MSE (°C²)"
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


def test_the_alt_text_gives_each_loss_at_the_guess_and_where_its_lowest_point_is():
    scene = constant_guess_scene(Y, losses=("mse", "mae"), units="°C")
    text = describe_constant_guess(scene, 15.0)
    mean, median = np.mean(Y), np.median(Y)
    mse_here = lossfns.mse(Y, np.full(Y.shape, 15.0))
    assert text.startswith(f"A constant guess c = 15 °C for 12 values from {Y.min():.3g} to "
                           f"{Y.max():.3g} °C.")
    assert (f"MSE: this guess scores {mse_here:.3g} °C squared; the lowest, "
            f"{lossfns.mse(Y, np.full(Y.shape, mean)):.3g} °C squared, is at c = {mean:.3g} "
            f"(the mean), {mean - 15:.3g} above this guess.") in text
    assert f"is at c = {median:.3g} (the median)" in text
    assert "at this guess." in describe_constant_guess(scene, scene.best[0])


def test_the_alt_text_of_a_loss_without_units_or_a_named_minimiser_says_only_the_numbers():
    scene = constant_guess_scene(Y, losses=("huber",))
    text = describe_constant_guess(scene, 30.0)
    assert f"Huber: this guess scores {scene.loss_at(0, 30.0):.3g}; the lowest, " in text
    assert f"is at c = {scene.best[0]:.3g}, " in text and "below this guess." in text


@pytest.mark.parametrize("guess", [np.nan, np.inf])
def test_a_guess_must_be_finite(guess):
    scene = constant_guess_scene(Y)
    for function in (draw_constant_guess, describe_constant_guess):
        with pytest.raises(ValueError, match="guess must be a finite number"):
            function(scene, guess)


# ---------------------------------------------------------------------------
# the explorer
# ---------------------------------------------------------------------------

def test_the_explorer_has_one_frame_per_guess_with_distinct_alt_texts():
    guesses = [12.0, 15.0, 18.0, 21.0, 24.0]
    box = constant_guess_explorer(Y, losses=("mse", "mae"), guesses=guesses, units="°C",
                                  dpi=30)
    assert box.slider.description == "constant guess c"
    assert box.slider.index == 2
    assert [label for label, _ in box.slider.options] == ["12", "15", "18", "21", "24"]
    alts = [re.search(r'alt="([^"]*)"', frame.value).group(1) for frame in box.frames.children]
    assert alts == [describe_constant_guess(box.scene, g) for g in guesses]
    assert len(set(alts)) == len(guesses)
    pngs = {re.search(r'base64,([^"]*)"', frame.value).group(1) for frame in
            box.frames.children}
    assert len(pngs) == len(guesses)


@pytest.mark.parametrize(("guesses", "message"), [
    ([15.0], "guesses must hold 2 to 25 guesses"),
    (list(np.linspace(10.0, 20.0, 26)), "guesses must hold 2 to 25 guesses"),
])
def test_the_explorer_needs_two_to_twenty_five_guesses(guesses, message):
    with pytest.raises(ValueError, match=message):
        constant_guess_explorer(Y, guesses=guesses, dpi=30)


def test_large_numbers_and_units_of_several_parts_read_naturally():
    prices = np.array([127.0, 301.0, 400.0, 1500.0])   # units of 10,000 yuan
    scene = constant_guess_scene(prices, losses=("mse",), units="10,000 yuan")
    text = describe_constant_guess(scene, 300.0)
    squared = lossfns.mse(prices, np.full(4, 300.0))
    assert text.startswith("A constant guess c = 300 (10,000 yuan) for 4 values from 127 "
                           "to 1,500 (10,000 yuan).")
    assert f"this guess scores {squared:,.0f} (10,000 yuan) squared" in text
    assert "e+" not in text
    both = describe_constant_guess(
        constant_guess_scene(prices, losses=("mse", "mae"), units="10,000 yuan"), 300.0)
    absolute = lossfns.mae(prices, np.full(4, 300.0))
    assert f"MAE: this guess scores {absolute:.3g} (10,000 yuan); the lowest" in both
    fig = draw_constant_guess(scene, 300.0)
    data, curve = fig.get_axes()
    assert curve.get_ylabel() == "MSE in (10,000 yuan)²"
    assert curve.get_legend().get_texts()[0].get_text() == \
        f"this guess: {squared:,.0f} (10,000 yuan)²"
    fig.draw_without_rendering()
    assert all("e+" not in t.get_text() and "1e" not in t.get_text()
               for t in curve.get_yticklabels() + [curve.yaxis.get_offset_text()])
    two = draw_constant_guess(
        constant_guess_scene(prices, losses=("mse", "mae"), units="10,000 yuan"), 300.0)
    mae_legend = two.get_axes()[3].get_legend().get_texts()[0].get_text()
    assert mae_legend == f"this guess: {absolute:.3g} (10,000 yuan)"
