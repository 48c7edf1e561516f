"""lossfns.custom (the building blocks of a home-made loss) and lossfns.training.decisions
(the business cost and the expectile), chapter 9.

Oracles: lossfns.mse / quantile_loss (written and tested elsewhere), scipy.stats.expectile,
finite differences (lossfns.numerical_grad) and hypothesis for invariants.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lossfns
from lossfns.custom import check_inputs, check_positive, reduce_loss, reduce_loss_grad
from lossfns.course.datasets import bakery_demand
from lossfns.training.decisions import asymmetric_cost, expectile

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)


def _squared(y_true, y_pred, *, reduction="mean", sample_weight=None):
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss(error**2, reduction, sample_weight)


def _squared_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss_grad(2 * error, reduction, sample_weight)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(5,), (4, 3), ()])
@pytest.mark.parametrize("weighted", [False, True])
def test_a_loss_built_from_the_helpers_matches_mse_and_its_gradient(reduction, shape, weighted):
    rng = np.random.default_rng(1)
    y, p = rng.normal(size=shape), rng.normal(size=shape)
    weights = None if not weighted or shape == () else rng.uniform(0.1, 2.0, size=shape[0])
    np.testing.assert_allclose(_squared(y, p, reduction=reduction, sample_weight=weights),
                               lossfns.mse(y, p, reduction=reduction, sample_weight=weights))
    np.testing.assert_allclose(
        _squared_grad(y, p, reduction=reduction, sample_weight=weights),
        lossfns.mse_grad(y, p, reduction=reduction, sample_weight=weights), rtol=1e-12)


def test_the_gradient_helper_passes_a_finite_difference_check_with_weights():
    y, p = np.array([1.0, 2.0, 3.0]), np.array([1.5, 1.0, 3.5])
    error = lossfns.check_grad(_squared, y, p, grad=_squared_grad, sample_weight=[1.0, 0.5, 2.0])
    assert error < 1e-7


def test_the_gradient_helper_does_not_overwrite_its_input():
    grads = np.array([2.0, 4.0])
    reduce_loss_grad(grads)
    np.testing.assert_array_equal(grads, [2.0, 4.0])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: check_inputs([1.0, 2.0], [1.0]), "same shape"),
    (lambda: check_inputs(["a"], [1.0]), "y_true must contain real numbers"),
    (lambda: check_inputs([1.0], [np.inf]), "y_pred must contain only finite"),
    (lambda: reduce_loss([1.0, 2.0], "average"), "reduction must be one of"),
    (lambda: reduce_loss([1.0, 2.0], sample_weight=[1.0]), "one weight per sample"),
    (lambda: reduce_loss([]), "per_element must not be empty"),
    (lambda: reduce_loss_grad([], "sum"), "per_element_grad must not be empty"),
    (lambda: reduce_loss(["1.0", "2.0"]), "per_element must contain real numbers"),
    (lambda: reduce_loss_grad([True, False]), "per_element_grad must contain real numbers"),
    (lambda: reduce_loss([1j]), "per_element must contain real numbers"),
    (lambda: check_positive(0.0, "k"), "k must be > 0, got 0.0"),
    (lambda: check_positive("4", "k"), "k must be a real number, got '4'"),
    (lambda: check_positive(float("nan"), "k"), "k must be finite"),
    (lambda: check_positive(True, "k"), "k must be a real number"),
])
def test_bad_input_is_a_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@given(arrays(np.float64, 8, elements=finite), arrays(np.float64, 8, elements=finite),
       st.floats(0.0, 20.0), st.floats(0.0, 20.0))
def test_the_business_cost_is_the_sum_of_costs_times_a_pinball_loss(y, p, under, over):
    if under + over == 0:
        return
    q = under / (under + over)
    expected = (under + over) * lossfns.quantile_loss(y, p, q=q) if 0 < q < 1 else None
    got = asymmetric_cost(y, p, under_cost=under, over_cost=over)
    if expected is not None:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert got >= 0


def test_the_business_cost_prices_short_and_leftover_units():
    cost = asymmetric_cost([100.0, 100.0, 100.0], [90.0, 100.0, 103.0], under_cost=4.0,
                           over_cost=1.0, reduction="none")
    np.testing.assert_allclose(cost, [40.0, 0.0, 3.0])


@pytest.mark.parametrize("argument", ["under_cost", "over_cost"])
def test_a_negative_cost_is_a_value_error(argument):
    costs = {"under_cost": 1.0, "over_cost": 1.0, argument: -1.0}
    with pytest.raises(ValueError, match=f"{argument} must be >= 0"):
        asymmetric_cost([1.0], [2.0], **costs)


@given(arrays(np.float64, st.integers(1, 30), elements=finite), st.floats(0.01, 0.99))
def test_the_expectile_is_scipy_s(values, level):
    stats = pytest.importorskip("scipy.stats")
    assert expectile(values, level) == pytest.approx(stats.expectile(values, alpha=level),
                                                     rel=1e-9, abs=1e-9)


def test_the_half_expectile_is_the_mean_and_expectiles_rise_with_the_level():
    values = bakery_demand().demand
    assert expectile(values, 0.5) == pytest.approx(values.mean(), rel=1e-12)
    levels = np.linspace(0.05, 0.95, 19)
    assert np.all(np.diff([expectile(values, t) for t in levels]) > 0)


@pytest.mark.parametrize(("values", "level", "message"), [
    ([1.0, 2.0], 1.0, "level must lie in"),
    ([1.0, 2.0], 0.0, "level must lie in"),
    ([[1.0, 2.0]], 0.5, "1-D array"),
    ([], 0.5, "values must not be empty"),
])
def test_bad_expectile_arguments_are_value_errors(values, level, message):
    with pytest.raises(ValueError, match=message):
        expectile(values, level)


def test_chapter_9_s_pinball_run_reaches_the_linear_programme_s_optimum():
    """Step 5's settings (subgradients, rate 15/sqrt(t), 4000 steps) against scikit-learn's
    QuantileRegressor, which solves the same problem exactly as a linear programme."""
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    from lossfns.training import LinearModel, gradient_descent

    train = bakery_demand()
    X, y = train.X, train.demand
    model = LinearModel(n_features=2)
    start = gradient_descent(model, X, y, loss="mse", learning_rate=0.01, steps=3000)
    pinball = gradient_descent(model, X, y, loss="quantile_loss", loss_kwargs={"q": 0.8},
                               params=start.params, learning_rate=lambda t: 15.0 / np.sqrt(t),
                               steps=4000)
    exact = sklearn_linear.QuantileRegressor(quantile=0.8, alpha=0.0, solver="highs").fit(X, y)
    best = lossfns.quantile_loss(y, exact.predict(X), q=0.8)
    assert pinball.train_loss[-1] == pytest.approx(best, rel=1e-5)
    assert float(pinball.params["b"]) == pytest.approx(exact.intercept_, abs=0.1)

