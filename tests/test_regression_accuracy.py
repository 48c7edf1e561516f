"""Regression losses against 50-digit mpmath, at extreme and awkward errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lossfns import regression
from tests.oracles import relative_error
from tests.oracles.regression import LOSSES, accuracy_cases

CASES = list(accuracy_cases())
TOLERANCE = 1e-13


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}[{c.label}]" for c in CASES])
def test_every_loss_and_gradient_is_within_1e_13_of_mpmath(case):
    value = case.func(*case.args, **case.kwargs)
    assert np.shape(value) == np.shape(case.reference)
    assert np.asarray(value).dtype == np.float64
    assert relative_error(value, case.reference) < TOLERANCE


def test_accuracy_grid_covers_every_function_at_tiny_and_huge_errors():
    labels_by_name = {}
    for case in CASES:
        labels_by_name.setdefault(case.name, []).append(case.label)
    expected = {name + suffix for name in LOSSES for suffix in ("", "_grad")}
    assert set(labels_by_name) == expected
    for name, labels in labels_by_name.items():
        for size in ("1e-10", "1e+150", "-1e+150"):
            assert any(label.startswith(f"error {size}") for label in labels), (name, size)
    # where the true value is a normal float64, the extremes are kept:
    for name in ("rmse", "mae", "quantile_loss", "mse_grad", "log_cosh_grad", "huber_grad"):
        assert any(label.startswith("error 1e-300") for label in labels_by_name[name]), name


def test_log_cosh_of_a_tiny_error_is_half_its_square_not_zero():
    # cosh(1e-10) rounds to exactly 1.0, so the textbook formula gives 0
    assert np.log(np.cosh(1e-10)) == 0.0
    value = regression.log_cosh(0.0, 1e-10)
    assert value == pytest.approx(5e-21, rel=1e-15)
    assert regression.log_cosh_grad(0.0, 1e-10) == pytest.approx(1e-10, rel=1e-15)


def test_log_cosh_switches_formula_without_a_jump():
    switch = regression._LOG_COSH_SWITCH
    below, above = np.nextafter(switch, 0.0), switch
    step = regression.log_cosh(0.0, above) - regression.log_cosh(0.0, below)
    slope = np.tanh(switch)
    assert step == pytest.approx(slope * (above - below), rel=0.5, abs=4e-16)


def _without_warnings(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


@pytest.mark.parametrize("func, hyper", [
    (regression.mse, {}),
    (regression.huber, {"delta": 1e300}),
    (regression.rmse, {"reduction": "sum", "sample_weight": [1e300]}),
])
def test_a_loss_that_truly_overflows_is_inf_without_a_warning(func, hyper):
    # (1e200)**2, (1e200)**2 / 2 and sqrt(1e300 * 1e400) are far above 1.8e308
    assert _without_warnings(func, [0.0], [1e200], **hyper) == np.inf


def test_a_gradient_that_truly_overflows_is_inf_without_a_warning():
    assert _without_warnings(regression.mse_grad, [0.0], [1.5e308]) == np.inf


def test_bounded_gradients_stay_exact_when_the_difference_overflows():
    y_true, y_pred = [-1e308, 0.0], [1e308, 0.0]  # the first difference, 2e308, overflows
    for grad in (regression.mae_grad, regression.log_cosh_grad, regression.huber_grad,
                 regression.smooth_l1_grad):
        np.testing.assert_array_equal(_without_warnings(grad, y_true, y_pred), [0.5, 0.0])
    np.testing.assert_array_equal(
        _without_warnings(regression.quantile_loss_grad, y_true, y_pred, q=0.25), [0.375, 0.0])


def test_rmse_is_computed_from_errors_whose_square_would_overflow_or_underflow():
    assert _without_warnings(regression.rmse, [0.0], [1e-300]) == 1e-300
    assert _without_warnings(regression.rmse, [0.0], [1e200]) == 1e200
    assert _without_warnings(regression.rmse, [0.0, 0.0], [1e-300, 1e200]) == pytest.approx(
        1e200 / np.sqrt(2.0), rel=1e-15)
    # the difference 2e308 overflows, but the RMSE 2e308 / sqrt(2) does not
    value = _without_warnings(regression.rmse, [-1e308, 0.0], [1e308, 0.0])
    assert value == pytest.approx(1e308 * np.sqrt(2.0), rel=1e-15)
    np.testing.assert_allclose(
        _without_warnings(regression.rmse_grad, [-1e308, 0.0], [1e308, 0.0]),
        [0.5 * np.sqrt(2.0), 0.0], rtol=1e-15)


def test_rmse_ignores_a_huge_error_of_zero_weight():
    y_true, y_pred, weights = [0.0, 0.0], [1e300, 1e-300], [0.0, 1.0]
    assert _without_warnings(regression.rmse, y_true, y_pred, sample_weight=weights) == 1e-300
    np.testing.assert_array_equal(
        _without_warnings(regression.rmse_grad, y_true, y_pred, sample_weight=weights),
        [0.0, 1.0])
