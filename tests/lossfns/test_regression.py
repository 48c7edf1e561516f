"""lossfns.regression: scikit-learn oracles, relations between the losses, the properties
of particular losses, gradients against mpmath derivatives, shapes, bad input,
hyper-parameters, docstrings, and accuracy against 50-digit mpmath at extreme and awkward
errors.

The properties every registered loss shares (non-negative, reductions, sample weights,
order, convexity, gradients against finite differences) are in test_registry_invariants.py.
"""

from __future__ import annotations

import doctest
import functools
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn import metrics

from lossfns import LOSSES, regression
from tests.lossfns import loss_inputs as inputs
from tests.lossfns.loss_inputs import REDUCTIONS, errors_away_from_kinks
from tests.oracles import relative_error
from tests.oracles.regression import accuracy_cases, loss_of_errors

ALL_FUNCTIONS = [getattr(regression, name) for name in regression.__all__]

# (name, hyper-parameters) visited by the gradient tests; thresholds 0.5 / 2 are
# kept away from the sampled errors by errors_away_from_kinks
VARIANTS = [
    ("mse", {}), ("rmse", {}), ("mae", {}), ("log_cosh", {}),
    ("huber", {"delta": 1.0}), ("huber", {"delta": 0.5}),
    ("smooth_l1", {"beta": 1.0}), ("smooth_l1", {"beta": 2.0}),
    ("quantile_loss", {"q": 0.5}), ("quantile_loss", {"q": 0.8}),
]
VARIANT_IDS = [name + "".join(f"-{k}={v}" for k, v in hyper.items()) for name, hyper in VARIANTS]
KINKS = (0.5, 1.0, 2.0)  # |error| values where some loss is not twice differentiable


# ---------------------------------------------------------------------------
# scikit-learn oracles
# ---------------------------------------------------------------------------

def _data(shape, seed):
    rng = np.random.default_rng(seed)
    y_true = rng.normal(3.0, 2.0, size=shape)
    y_pred = y_true + rng.standard_t(3.0, size=shape)  # a few large errors
    weights = rng.uniform(0.1, 3.0, size=shape[0])
    return y_true, y_pred, weights


SKLEARN_PAIRS = [
    (regression.mse, metrics.mean_squared_error, {}, {}),
    (regression.mae, metrics.mean_absolute_error, {}, {}),
    (regression.quantile_loss, metrics.mean_pinball_loss, {"q": 0.5}, {"alpha": 0.5}),
    (regression.quantile_loss, metrics.mean_pinball_loss, {"q": 0.1}, {"alpha": 0.1}),
    (regression.quantile_loss, metrics.mean_pinball_loss, {"q": 0.95}, {"alpha": 0.95}),
]


@pytest.mark.parametrize("shape", [(40,), (25, 3)], ids=["(n,)", "(n,k)"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("ours, theirs, our_kwargs, their_kwargs", SKLEARN_PAIRS,
                         ids=lambda x: getattr(x, "__name__", str(x)))
def test_matches_scikit_learn(ours, theirs, our_kwargs, their_kwargs, shape, weighted):
    y_true, y_pred, weights = _data(shape, seed=len(shape) + 2 * weighted)
    weights = weights if weighted else None
    expected = theirs(y_true, y_pred, sample_weight=weights, **their_kwargs)
    assert ours(y_true, y_pred, sample_weight=weights, **our_kwargs) == pytest.approx(
        expected, rel=1e-13)


@pytest.mark.parametrize("weighted", [False, True])
def test_rmse_matches_scikit_learn_for_one_output(weighted):
    y_true, y_pred, weights = _data((40,), seed=7)
    weights = weights if weighted else None
    expected = metrics.root_mean_squared_error(y_true, y_pred, sample_weight=weights)
    assert regression.rmse(y_true, y_pred, sample_weight=weights) == pytest.approx(
        expected, rel=1e-13)


def test_rmse_of_several_outputs_is_the_root_of_the_mean_over_all_elements():
    # scikit-learn's root_mean_squared_error averages per-output RMSEs instead
    y_true, y_pred, weights = _data((30, 3), seed=8)
    ours = regression.rmse(y_true, y_pred, sample_weight=weights)
    assert ours == pytest.approx(
        np.sqrt(metrics.mean_squared_error(y_true, y_pred, sample_weight=weights)), rel=1e-13)
    per_output = metrics.root_mean_squared_error(y_true, y_pred, sample_weight=weights,
                                                 multioutput="raw_values")
    assert ours != pytest.approx(per_output.mean(), rel=1e-6)
    assert ours >= per_output.mean()  # the root of a mean exceeds the mean of roots


def test_quantile_loss_charges_under_prediction_q_and_over_prediction_1_minus_q():
    # same sign convention as scikit-learn's mean_pinball_loss(alpha=q)
    for y_pred in ([8.0], [12.0]):
        expected = metrics.mean_pinball_loss([10.0], y_pred, alpha=0.9)
        assert regression.quantile_loss([10.0], y_pred, q=0.9) == pytest.approx(expected)
    assert regression.quantile_loss([10.0], [8.0], q=0.9) == pytest.approx(0.9 * 2.0)


# ---------------------------------------------------------------------------
# Relations between the losses
# ---------------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), threshold=st.floats(1e-3, 1e3))
def test_huber_is_delta_times_smooth_l1_with_beta_delta(data, threshold):
    n = data.draw(st.integers(1, 10))
    y_true = data.draw(arrays(np.float64, n, elements=finite))
    y_pred = data.draw(arrays(np.float64, n, elements=finite))
    for reduction in ("mean", "sum", "none"):
        huber = regression.huber(y_true, y_pred, delta=threshold, reduction=reduction)
        smooth = regression.smooth_l1(y_true, y_pred, beta=threshold, reduction=reduction)
        np.testing.assert_allclose(huber, threshold * smooth, rtol=2e-15, atol=1e-300)
        np.testing.assert_allclose(
            regression.huber_grad(y_true, y_pred, delta=threshold, reduction=reduction),
            threshold * regression.smooth_l1_grad(y_true, y_pred, beta=threshold,
                                                  reduction=reduction),
            rtol=2e-15, atol=1e-300)


def test_huber_equals_delta_times_smooth_l1_exactly_at_the_threshold():
    for threshold in (0.3, 1.0, 7.0):
        errors = [np.nextafter(threshold, 0), threshold, np.nextafter(threshold, 9e9)]
        np.testing.assert_allclose(
            regression.huber(np.zeros(3), errors, delta=threshold, reduction="none"),
            threshold * regression.smooth_l1(np.zeros(3), errors, beta=threshold,
                                             reduction="none"),
            rtol=1e-15)


normal_range = st.one_of(
    st.just(0.0),
    st.floats(1e-280, 1e300, allow_subnormal=False),
    st.floats(-1e300, -1e-280, allow_subnormal=False),
)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_twice_the_quantile_loss_at_one_half_is_mae_bit_for_bit(data):
    n = data.draw(st.integers(1, 12))
    shape = data.draw(st.sampled_from([(n,), (n, 2), (n, 3)]))
    y_true = data.draw(arrays(np.float64, shape, elements=normal_range))
    y_pred = data.draw(arrays(np.float64, shape, elements=normal_range))
    weights = data.draw(st.one_of(
        st.none(), arrays(np.float64, n, elements=st.sampled_from([0.0, 0.25, 1.0, 3.0, 10.0]))))
    if weights is not None and weights.sum() == 0:
        weights[0] = 1.0
    for reduction in ("mean", "sum", "none"):
        kwargs = {"reduction": reduction, "sample_weight": weights}
        np.testing.assert_array_equal(2 * regression.quantile_loss(y_true, y_pred, q=0.5, **kwargs),
                                      regression.mae(y_true, y_pred, **kwargs))
        np.testing.assert_array_equal(
            2 * regression.quantile_loss_grad(y_true, y_pred, q=0.5, **kwargs),
            regression.mae_grad(y_true, y_pred, **kwargs))


def test_log_cosh_is_between_half_the_squared_and_the_absolute_error():
    errors = np.array([-50.0, -3.0, -0.1, 1e-8, 0.7, 4.0, 80.0])
    log_cosh = regression.log_cosh(np.zeros_like(errors), errors, reduction="none")
    rounding = 1 + 2.0**-50  # both sides are rounded; 1e-8 makes them tie
    assert np.all(log_cosh <= 0.5 * errors**2 * rounding)
    assert np.all(log_cosh <= np.abs(errors))
    assert np.all(log_cosh >= np.abs(errors) - np.log(2.0))


# ---------------------------------------------------------------------------
# Properties of particular losses (hypothesis); the properties every loss shares
# are in test_registry_invariants.py
# ---------------------------------------------------------------------------

PROPERTIES = settings(max_examples=50, deadline=None)
SYMMETRIC = [i for i in inputs.REGRESSION if i.name != "quantile_loss" or i.hyper["q"] == 0.5]
ESTIMATORS = [("mse", {}), ("mae", {}), ("quantile_loss", {"q": 0.7}),
              ("quantile_loss", {"q": 0.2})]


def _close(a, b, rtol):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-12 * (1 + np.max(np.abs(b))))


@pytest.mark.parametrize("loss_inputs", inputs.REGRESSION, ids=[i.id for i in inputs.REGRESSION])
@PROPERTIES
@given(problem=inputs.regression_problems())
def test_loss_and_gradient_are_zero_at_a_perfect_prediction(loss_inputs, problem):
    info = LOSSES[loss_inputs.name]
    y_true, _, w = problem
    for reduction in REDUCTIONS:
        kwargs = dict(loss_inputs.hyper, reduction=reduction, sample_weight=w)
        assert np.all(info.value(y_true, y_true.copy(), **kwargs) == 0)
        assert np.all(info.grad(y_true, y_true.copy(), **kwargs) == 0)


@PROPERTIES
@given(problem=inputs.regression_problems())
def test_rmse_reductions_are_roots_of_mse_reductions(problem):
    y_true, y_pred, w = problem
    for reduction in ("mean", "sum"):
        _close(regression.rmse(y_true, y_pred, reduction=reduction, sample_weight=w),
               np.sqrt(regression.mse(y_true, y_pred, reduction=reduction, sample_weight=w)),
               rtol=1e-14)
    weights = np.ones(len(y_true)) if w is None else w
    _close(regression.rmse(y_true, y_pred, reduction="none", sample_weight=w),
           weights * np.sqrt(regression.mse(y_true, y_pred, reduction="none")), rtol=1e-14)


@pytest.mark.parametrize("loss_inputs", SYMMETRIC, ids=[i.id for i in SYMMETRIC])
@PROPERTIES
@given(problem=inputs.regression_problems())
def test_symmetric_losses_do_not_care_which_argument_is_the_truth(loss_inputs, problem):
    loss = functools.partial(LOSSES[loss_inputs.name].value, **loss_inputs.hyper)
    y_true, y_pred, w = problem
    for reduction in REDUCTIONS:
        np.testing.assert_array_equal(
            loss(y_pred, y_true, reduction=reduction, sample_weight=w),
            loss(y_true, y_pred, reduction=reduction, sample_weight=w))


@PROPERTIES
@given(problem=inputs.regression_problems(), q=st.floats(0.01, 0.99))
def test_quantile_loss_mirrors_q_when_truth_and_prediction_swap(problem, q):
    y_true, y_pred, w = problem
    _close(regression.quantile_loss(y_pred, y_true, q=1 - q, sample_weight=w),
           regression.quantile_loss(y_true, y_pred, q=q, sample_weight=w), rtol=1e-14)


@pytest.mark.parametrize("name, hyper", ESTIMATORS,
                         ids=[name + "".join(f"-{k}={v}" for k, v in hyper.items())
                              for name, hyper in ESTIMATORS])
@PROPERTIES
@given(data=st.data())
def test_best_constant_prediction_is_the_statistic_the_loss_estimates(name, hyper, data):
    # among the data points and their mean: the mean minimises MSE, a median MAE,
    # and a q-quantile the pinball loss (at most q*n points below, (1-q)*n above)
    # whole numbers, so that rounding cannot make a worse candidate tie with the best
    y = data.draw(arrays(np.float64, data.draw(st.integers(1, 9)),
                         elements=st.integers(-50, 50).map(float), unique=True))
    loss = functools.partial(LOSSES[name].value, **hyper)
    candidates = np.concatenate([y, [y.mean()]])
    losses = np.array([loss(y, np.full_like(y, c)) for c in candidates])
    best = candidates[np.argmin(losses)]
    if name == "mse":
        assert losses[-1] <= losses.min() * (1 + 1e-12)
    else:
        q = hyper.get("q", 0.5)
        assert np.sum(y < best) <= q * len(y) + 1e-9
        assert np.sum(y > best) <= (1 - q) * len(y) + 1e-9


# ---------------------------------------------------------------------------
# Gradients: mpmath derivatives (finite differences: test_registry_invariants.py)
# ---------------------------------------------------------------------------


def _mp_rows(array):
    array = np.asarray(array, dtype=np.float64)
    return [[mpmath.mpf(float(v)) for v in row] for row in array.reshape(array.shape[0], -1)]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
def test_gradient_matches_mpmath_derivative_of_the_50_digit_loss(name, hyper, reduction):
    grad = LOSSES[name].grad
    rng = np.random.default_rng(20240611)
    shape = (3, 2)
    y_true = rng.normal(0.0, 3.0, size=shape)
    y_pred = y_true + errors_away_from_kinks(rng, shape, KINKS)
    weights = rng.uniform(0.2, 2.0, size=3)
    analytic = grad(y_true, y_pred, reduction=reduction, sample_weight=weights, **hyper)
    true_rows, pred_rows = _mp_rows(y_true), _mp_rows(y_pred)
    mp_weights = [mpmath.mpf(float(w)) for w in weights]
    for i, j in np.ndindex(shape):
        def loss_in_one_prediction(t, i=i, j=j):
            errors = [[p - y for p, y in zip(prow, trow)]
                      for prow, trow in zip(pred_rows, true_rows)]
            errors[i][j] = t - true_rows[i][j]
            value = loss_of_errors(name, errors, mp_weights, reduction, hyper)
            return value[i] if reduction == "none" else value

        derivative = mpmath.diff(loss_in_one_prediction, pred_rows[i][j])
        assert analytic[i, j] == pytest.approx(float(derivative), rel=1e-13), (i, j)


def test_rmse_gradient_is_zero_for_each_perfect_sample_with_reduction_none():
    grad = regression.rmse_grad([[0.0, 0.0], [1.0, 1.0]], [[3.0, -4.0], [1.0, 1.0]],
                                reduction="none")
    np.testing.assert_allclose(grad, [[3.0 / 5.0 / np.sqrt(2.0), -4.0 / 5.0 / np.sqrt(2.0)],
                                      [0.0, 0.0]], rtol=1e-15)


def test_mae_gradient_is_the_sign_of_the_error_with_zero_at_zero():
    np.testing.assert_array_equal(
        regression.mae_grad([1.0, 1.0, 1.0], [0.0, 1.0, 5.0], reduction="sum"), [-1.0, 0.0, 1.0])


# ---------------------------------------------------------------------------
# Multi-output inputs and shapes
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
def test_several_outputs_average_over_all_elements(name, hyper):
    loss = LOSSES[name].value
    y_true, y_pred, _ = _data((6, 4), seed=3)
    assert loss(y_true, y_pred, **hyper) == pytest.approx(
        loss(y_true.ravel(), y_pred.ravel(), **hyper), rel=1e-14)
    per_sample = loss(y_true, y_pred, reduction="none", **hyper)
    assert per_sample.shape == (6,)
    np.testing.assert_allclose(per_sample, [loss(t, p, **hyper) for t, p in zip(y_true, y_pred)],
                               rtol=1e-14)


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_shapes_of_results(func):
    y_true, y_pred, _ = _data((5, 2), seed=4)
    is_grad = func.__name__.endswith("_grad")
    assert np.shape(func(y_true, y_pred)) == ((5, 2) if is_grad else ())
    assert np.shape(func(y_true, y_pred, reduction="none")) == ((5, 2) if is_grad else (5,))
    assert np.shape(func(y_true[:, 0], y_pred[:, 0], reduction="sum")) == (
        (5,) if is_grad else ())
    # a 0-d input is one sample
    assert np.shape(func(1.0, 2.5, reduction="none")) == ()
    assert np.shape(func(1.0, 2.5, sample_weight=2.0)) == ()


# ---------------------------------------------------------------------------
# Inputs every function accepts or rejects, and hyper-parameters
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_every_function_accepts_lists_tuples_ints_and_float32_with_float64_results(func):
    expected = func(np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 5.0]))
    for y_true, y_pred in [([1, 2, 3], [2, 2, 5]), ((1.0, 2.0, 3.0), (2.0, 2.0, 5.0)),
                           (np.array([1, 2, 3]), np.array([2, 2, 5], dtype=np.int8)),
                           (np.array([1, 2, 3], dtype=np.float32),
                            np.array([2, 2, 5], dtype=np.float32))]:
        result = func(y_true, y_pred)
        assert np.asarray(result).dtype == np.float64
        np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("y_true, y_pred, kwargs, named", [
    ([1.0, np.nan], [1.0, 2.0], {}, "y_true"),
    ([1.0, 2.0], [np.inf, 2.0], {}, "y_pred"),
    ([1.0, 2.0], [[1.0], [2.0]], {}, "reshape"),
    ([1.0, 2.0], [1.0, 2.0], {"reduction": "average"}, "reduction"),
    ([1.0, 2.0], [1.0, 2.0], {"sample_weight": [1.0]}, "sample_weight"),
    (["1", "2"], [1.0, 2.0], {}, "y_true"),
    ([1.0, 2.0], [True, False], {}, "y_pred"),
], ids=["nan", "inf", "(n,)-vs-(n,1)", "reduction", "weight-length", "strings", "bools"])
def test_every_function_rejects_bad_inputs_naming_the_argument(func, y_true, y_pred, kwargs, named):
    with pytest.raises(ValueError, match=named):
        func(y_true, y_pred, **kwargs)


HYPER_FUNCTIONS = [
    (regression.huber, "delta"), (regression.huber_grad, "delta"),
    (regression.smooth_l1, "beta"), (regression.smooth_l1_grad, "beta"),
]


@pytest.mark.parametrize("func, hyper", HYPER_FUNCTIONS, ids=lambda x: getattr(x, "__name__", x))
@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf, "1.0", True, None],
                         ids=["zero", "negative", "nan", "inf", "string", "bool", "none"])
def test_threshold_must_be_a_positive_number(func, hyper, bad):
    with pytest.raises(ValueError, match=hyper):
        func([0.0, 1.0], [0.5, 3.0], **{hyper: bad})


@pytest.mark.parametrize("func", [regression.quantile_loss, regression.quantile_loss_grad])
@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5, np.nan, "0.5", True],
                         ids=["zero", "one", "negative", "above-one", "nan", "string", "bool"])
def test_quantile_must_lie_strictly_between_0_and_1(func, bad):
    with pytest.raises(ValueError, match=r"^q must"):
        func([0.0, 1.0], [0.5, 3.0], q=bad)


def test_integer_hyper_parameters_are_accepted():
    assert regression.huber([0.0], [3.0], delta=2) == regression.huber([0.0], [3.0], delta=2.0)
    assert regression.smooth_l1([0.0], [3.0], beta=2) == 2.0


# ---------------------------------------------------------------------------
# Docstrings
# ---------------------------------------------------------------------------

def test_docstring_examples_are_correct():
    result = doctest.testmod(regression, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted >= len(ALL_FUNCTIONS)


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_every_public_function_documents_its_formula_and_an_example(func):
    assert ".. math::" in func.__doc__
    assert "Examples\n    --------\n    >>> " in func.__doc__


# ---------------------------------------------------------------------------
# accuracy against 50-digit mpmath, at extreme and awkward errors
# ---------------------------------------------------------------------------

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
    registered = [name for name, info in LOSSES.items() if info.task == "regression"]
    expected = {name + suffix for name in registered for suffix in ("", "_grad")}
    assert set(labels_by_name) == expected, (
        f"the mpmath grid (tests/oracles/regression.py) covers {sorted(labels_by_name)}, "
        f"the registered regression losses and gradients are {sorted(expected)}")
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
