"""Invariants every regression loss must satisfy, checked with hypothesis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lossfns import regression
from tests.oracles.regression import LOSSES

VARIANTS = [
    ("mse", {}), ("rmse", {}), ("mae", {}), ("log_cosh", {}),
    ("huber", {"delta": 1.0}), ("huber", {"delta": 0.1}),
    ("smooth_l1", {"beta": 1.0}), ("smooth_l1", {"beta": 5.0}),
    ("quantile_loss", {"q": 0.5}), ("quantile_loss", {"q": 0.15}),
]


def _ids(variants):
    return [name + "".join(f"-{k}={v}" for k, v in hyper.items()) for name, hyper in variants]


VARIANT_IDS = _ids(VARIANTS)
SYMMETRIC = [(n, h) for n, h in VARIANTS if n != "quantile_loss" or h["q"] == 0.5]
DECOMPOSABLE = [(n, h) for n, h in VARIANTS if n != "rmse"]  # l = sum of per-sample terms

values = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)
positive_weights = st.floats(0.01, 10.0)

common = settings(max_examples=50, deadline=None)


@st.composite
def problems(draw, weights=positive_weights):
    """(y_true, y_pred, sample_weight) of shape (n,) or (n, k), weights (n,) or None."""
    n = draw(st.integers(1, 8))
    shape = draw(st.sampled_from([(n,), (n, 1), (n, 3)]))
    y_true = draw(arrays(np.float64, shape, elements=values))
    y_pred = draw(arrays(np.float64, shape, elements=values))
    sample_weight = draw(st.one_of(st.none(), arrays(np.float64, n, elements=weights)))
    return y_true, y_pred, sample_weight


def _loss(name, hyper):
    loss, grad = LOSSES[name]
    return (lambda *a, **k: loss(*a, **hyper, **k)), (lambda *a, **k: grad(*a, **hyper, **k))


def _close(a, b, rtol=1e-12):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-12 * (1 + np.max(np.abs(b))))


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
@common
@given(problem=problems())
def test_loss_is_non_negative(name, hyper, problem):
    loss, _ = _loss(name, hyper)
    y_true, y_pred, w = problem
    for reduction in ("mean", "sum", "none"):
        assert np.all(loss(y_true, y_pred, reduction=reduction, sample_weight=w) >= 0)


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
@common
@given(problem=problems())
def test_loss_and_gradient_are_zero_at_a_perfect_prediction(name, hyper, problem):
    loss, grad = _loss(name, hyper)
    y_true, _, w = problem
    for reduction in ("mean", "sum", "none"):
        assert np.all(loss(y_true, y_true.copy(), reduction=reduction, sample_weight=w) == 0)
        assert np.all(grad(y_true, y_true.copy(), reduction=reduction, sample_weight=w) == 0)


@pytest.mark.parametrize("name, hyper", DECOMPOSABLE, ids=_ids(DECOMPOSABLE))
@common
@given(problem=problems())
def test_reductions_are_consistent(name, hyper, problem):
    loss, grad = _loss(name, hyper)
    y_true, y_pred, w = problem
    total_weight = len(y_true) if w is None else w.sum()
    kw = {"sample_weight": w}
    mean, total = loss(y_true, y_pred, **kw), loss(y_true, y_pred, reduction="sum", **kw)
    _close(total, mean * total_weight)
    _close(loss(y_true, y_pred, reduction="none", **kw).sum(), total)
    mean_grad = grad(y_true, y_pred, **kw)
    sum_grad = grad(y_true, y_pred, reduction="sum", **kw)
    _close(sum_grad, mean_grad * total_weight)
    # each sample's own derivative is its share of the sum's gradient
    np.testing.assert_array_equal(grad(y_true, y_pred, reduction="none", **kw), sum_grad)


@common
@given(problem=problems())
def test_rmse_reductions_are_roots_of_mse_reductions(problem):
    y_true, y_pred, w = problem
    for reduction in ("mean", "sum"):
        _close(regression.rmse(y_true, y_pred, reduction=reduction, sample_weight=w),
               np.sqrt(regression.mse(y_true, y_pred, reduction=reduction, sample_weight=w)),
               rtol=1e-14)
    weights = np.ones(len(y_true)) if w is None else w
    _close(regression.rmse(y_true, y_pred, reduction="none", sample_weight=w),
           weights * np.sqrt(regression.mse(y_true, y_pred, reduction="none")), rtol=1e-14)


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
@common
@given(problem=problems())
def test_weights_of_one_change_nothing(name, hyper, problem):
    loss, grad = _loss(name, hyper)
    y_true, y_pred, _ = problem
    ones = np.ones(len(y_true))
    for func in (loss, grad):
        for reduction in ("mean", "sum", "none"):
            np.testing.assert_array_equal(
                func(y_true, y_pred, reduction=reduction, sample_weight=ones),
                func(y_true, y_pred, reduction=reduction))


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
@common
@given(problem=problems(), seed=st.integers(0, 2**32 - 1))
def test_order_of_the_samples_does_not_matter(name, hyper, problem, seed):
    loss, grad = _loss(name, hyper)
    y_true, y_pred, w = problem
    order = np.random.default_rng(seed).permutation(len(y_true))
    w_perm = None if w is None else w[order]
    for reduction in ("mean", "sum", "none"):
        before = loss(y_true, y_pred, reduction=reduction, sample_weight=w)
        after = loss(y_true[order], y_pred[order], reduction=reduction, sample_weight=w_perm)
        _close(after, before[order] if reduction == "none" else before, rtol=1e-13)
        _close(grad(y_true[order], y_pred[order], reduction=reduction, sample_weight=w_perm),
               grad(y_true, y_pred, reduction=reduction, sample_weight=w)[order], rtol=1e-13)


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
@common
@given(problem=problems(), other=st.data(), t=st.floats(0.0, 1.0))
def test_loss_is_convex_in_the_prediction_along_any_line(name, hyper, problem, other, t):
    loss, _ = _loss(name, hyper)
    y_true, a, w = problem
    b = other.draw(arrays(np.float64, a.shape, elements=values))
    for reduction in ("mean", "sum", "none"):
        def f(y_pred, reduction=reduction):
            return loss(y_true, y_pred, reduction=reduction, sample_weight=w)

        chord = t * f(a) + (1 - t) * f(b)
        slack = 1e-12 * (np.abs(f(a)) + np.abs(f(b))) + 1e-12
        assert np.all(f(t * a + (1 - t) * b) <= chord + slack)


@pytest.mark.parametrize("name, hyper", SYMMETRIC, ids=_ids(SYMMETRIC))
@common
@given(problem=problems())
def test_symmetric_losses_do_not_care_which_argument_is_the_truth(name, hyper, problem):
    loss, _ = _loss(name, hyper)
    y_true, y_pred, w = problem
    for reduction in ("mean", "sum", "none"):
        np.testing.assert_array_equal(
            loss(y_pred, y_true, reduction=reduction, sample_weight=w),
            loss(y_true, y_pred, reduction=reduction, sample_weight=w))


@common
@given(problem=problems(), q=st.floats(0.01, 0.99))
def test_quantile_loss_mirrors_q_when_truth_and_prediction_swap(problem, q):
    y_true, y_pred, w = problem
    _close(regression.quantile_loss(y_pred, y_true, q=1 - q, sample_weight=w),
           regression.quantile_loss(y_true, y_pred, q=q, sample_weight=w), rtol=1e-14)


ESTIMATORS = [("mse", {}), ("mae", {}), ("quantile_loss", {"q": 0.7}),
              ("quantile_loss", {"q": 0.2})]


@pytest.mark.parametrize("name, hyper", ESTIMATORS, ids=_ids(ESTIMATORS))
@common
@given(data=st.data())
def test_best_constant_prediction_is_the_statistic_the_loss_estimates(name, hyper, data):
    # among the data points and their mean: the mean minimises MSE, a median MAE,
    # and a q-quantile the pinball loss (at most q*n points below, (1-q)*n above)
    # whole numbers, so that rounding cannot make a worse candidate tie with the best
    y = data.draw(arrays(np.float64, data.draw(st.integers(1, 9)),
                         elements=st.integers(-50, 50).map(float), unique=True))
    loss, _ = _loss(name, hyper)
    candidates = np.concatenate([y, [y.mean()]])
    losses = np.array([loss(y, np.full_like(y, c)) for c in candidates])
    best = candidates[np.argmin(losses)]
    if name == "mse":
        assert losses[-1] <= losses.min() * (1 + 1e-12)
    else:
        q = hyper.get("q", 0.5)
        assert np.sum(y < best) <= q * len(y) + 1e-9
        assert np.sum(y > best) <= (1 - q) * len(y) + 1e-9
