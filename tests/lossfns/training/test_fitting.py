"""lossfns.training.fitting: the exact least-squares and least-absolute-deviations lines.

Oracles nobody here wrote: numpy.polyfit for least squares, scikit-learn's
QuantileRegressor(quantile=0.5, alpha=0) (a linear program solved by HiGHS) for the
least-absolute-deviations line; hypothesis for the invariants.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import QuantileRegressor

from lossfns import mae, quantile_loss
from lossfns.course.datasets import daily_sales, delivery_times
from lossfns.training.fitting import (
    least_absolute_deviations_line,
    least_squares_line,
    legendre_features,
    quantile_line,
)


def _sklearn_lad(x, y):
    model = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs")
    model.fit(np.asarray(x, dtype=float)[:, None], y)
    return float(model.coef_[0]), float(model.intercept_)


def _mae_of(line, x, y):
    slope, intercept = line
    return mae(y, slope * np.asarray(x) + intercept)


def test_least_squares_line_matches_polyfit_on_the_sales_log():
    log = daily_sales()
    np.testing.assert_allclose(least_squares_line(log.spend, log.sales),
                               np.polyfit(log.spend, log.sales, deg=1), rtol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_lad_line_matches_quantile_regression_on_sales_logs(seed):
    log = daily_sales(seed=seed)
    ours = least_absolute_deviations_line(log.spend, log.sales)
    oracle = _sklearn_lad(log.spend, log.sales)
    # The minimum is what is unique; compare it first, then the line.
    assert _mae_of(ours, log.spend, log.sales) <= _mae_of(oracle, log.spend, log.sales) + 1e-9
    np.testing.assert_allclose(ours, oracle, rtol=1e-6, atol=1e-6)


def test_lad_line_ignores_how_far_an_outlier_is_above_it():
    x = np.arange(9.0)
    y = 2.0 * x + 1.0 + np.array([0.3, -0.2, 0.1, -0.4, 0.0, 0.2, -0.1, 0.3, -0.3])
    lines = []
    for height in (30.0, 300.0, 3000.0):
        moved = y.copy()
        moved[7] = height
        lines.append(least_absolute_deviations_line(x, moved))
    np.testing.assert_allclose(lines[0], lines[1], rtol=1e-12)
    np.testing.assert_allclose(lines[0], lines[2], rtol=1e-12)
    assert least_squares_line(x, np.where(x == 7, 3000.0, y))[0] > 50  # MSE is dragged


def test_lad_line_through_points_on_a_line_is_that_line():
    x = np.array([-3.0, -1.0, 0.5, 2.0, 4.0])
    slope, intercept = least_absolute_deviations_line(x, 1.5 - 0.5 * x)
    assert slope == pytest.approx(-0.5, abs=1e-12)
    assert intercept == pytest.approx(1.5, abs=1e-12)


finite = st.floats(-100, 100, allow_nan=False, width=32)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=2, max_size=12),
       st.floats(-3, 3), st.floats(-3, 3))
def test_no_line_has_a_smaller_mae_than_the_lad_line(points, d_slope, d_intercept):
    x, y = (np.array(v, dtype=float) for v in zip(*points))
    if np.ptp(x) == 0:
        return
    best = least_absolute_deviations_line(x, y)
    lowest = _mae_of(best, x, y)
    scale = 1e-9 * (1 + np.abs(y).max() + np.abs(x).max() * abs(best[0]))
    for line in ((best[0] + d_slope, best[1] + d_intercept), (best[0], best[1] + d_intercept),
                 least_squares_line(x, y), _sklearn_lad(x, y)):
        assert lowest <= _mae_of(line, x, y) + scale


@pytest.mark.parametrize(("x", "y", "message"), [
    ([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], "x must hold at least two different values"),
    ([1.0, 2.0], [1.0, 2.0, 3.0], "x and y must have the same shape"),
    ([[1.0, 2.0]], [[1.0, 2.0]], "x must be 1-D"),
    ([1.0, np.nan], [1.0, 2.0], "x must contain only finite numbers"),
    (["1", "2"], [1.0, 2.0], "x must contain real numbers"),
    ([], [], "x must not be empty"),
])
@pytest.mark.parametrize("fit", [least_squares_line, least_absolute_deviations_line])
def test_bad_input_names_the_argument(fit, x, y, message):
    with pytest.raises(ValueError, match=message):
        fit(x, y)


# --- quantile_line (chapter 8) -----------------------------------------------------------------



@pytest.mark.parametrize("q", [0.1, 0.25, 0.5, 0.9])
def test_quantile_line_matches_scikit_learn_quantile_regression(q):
    distance, minutes = delivery_times()
    w, b = quantile_line(distance, minutes, q)
    oracle = QuantileRegressor(quantile=q, alpha=0.0, solver="highs").fit(
        distance[:, None], minutes)
    ours = quantile_loss(minutes, w * distance + b, q=q)
    theirs = quantile_loss(minutes, oracle.coef_[0] * distance + oracle.intercept_, q=q)
    assert ours <= theirs + 1e-9
    np.testing.assert_allclose((w, b), (oracle.coef_[0], oracle.intercept_), rtol=1e-6,
                               atol=1e-6)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_quantile_line_covers_about_q_of_the_delivery_data(q):
    distance, minutes = delivery_times()
    w, b = quantile_line(distance, minutes, q)
    line = w * distance + b
    n = minutes.size
    assert np.sum(minutes < line - 1e-9) <= q * n
    assert np.sum(minutes > line + 1e-9) <= (1 - q) * n


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-20, 20), st.integers(-50, 50)), min_size=3,
                max_size=12, unique_by=lambda point: point[0]),
       st.sampled_from([0.05, 0.3, 0.5, 0.8]))
def test_quantile_line_beats_every_line_through_two_points(points, q):
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    w, b = quantile_line(x, y, q)
    best = quantile_loss(y, w * x + b, q=q)
    for i in range(x.size):
        for j in range(i + 1, x.size):
            slope = (y[j] - y[i]) / (x[j] - x[i])
            other = quantile_loss(y, slope * x + y[i] - slope * x[i], q=q)
            assert best <= other + 1e-9


def test_quantile_line_at_one_half_is_a_least_absolute_deviations_line():
    log = daily_sales()
    w, b = quantile_line(log.spend, log.sales, 0.5)
    w_lad, b_lad = least_absolute_deviations_line(log.spend, log.sales)
    assert mae(log.sales, w * log.spend + b) == pytest.approx(
        mae(log.sales, w_lad * log.spend + b_lad), rel=1e-12)


@pytest.mark.parametrize(("q", "message"), [(0.0, "q must lie in"), (1.0, "q must lie in"),
                                            (1.5, "q must lie in"), ("0.5", "q")])
def test_quantile_line_rejects_bad_levels_naming_q(q, message):
    with pytest.raises(ValueError, match=message):
        quantile_line([0.0, 1.0], [0.0, 1.0], q)


def test_quantile_line_rejects_a_single_x_value():
    with pytest.raises(ValueError, match="x must hold at least two different values"):
        quantile_line([1.0, 1.0], [0.0, 1.0], 0.5)


# --- legendre_features (chapter 8's overfitting polynomial) ---------------------------------


def test_legendre_features_are_the_textbook_polynomials():
    x = np.linspace(-1.0, 1.0, 41)
    features = legendre_features(x, degree=4)
    written_out = np.column_stack([          # Abramowitz & Stegun 22.2.10, P_1 .. P_4
        x,
        (3 * x**2 - 1) / 2,
        (5 * x**3 - 3 * x) / 2,
        (35 * x**4 - 30 * x**2 + 3) / 8,
    ])
    np.testing.assert_allclose(features, written_out, atol=1e-14)


def test_legendre_features_are_orthogonal_on_minus_one_to_one():
    nodes, weights = np.polynomial.legendre.leggauss(20)   # exact for degree <= 39
    features = legendre_features(nodes, degree=6)
    gram = features.T @ (weights[:, None] * features)
    expected = np.diag([2.0 / (2 * j + 1) for j in range(1, 7)])
    np.testing.assert_allclose(gram, expected, atol=1e-13)


@pytest.mark.parametrize(("args", "message"), [
    (([[0.0, 1.0]], 2), "x must be 1-D"), (([0.0], 0), "degree"), (([0.0], 2.5), "degree"),
    ((["a"], 2), "x")])
def test_bad_legendre_feature_arguments_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        legendre_features(*args)

