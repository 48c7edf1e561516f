"""The speed path of ``lossfns._fast`` gives what the plain formula gives.

* ``mean_square`` (for ``mse``, ``rmse``, ``rmse_grad``: blocked dot products, no
  array of squares) against ``reduce_elementwise(error**2, ...)``. The two
  differ only in the order of the additions, so they must agree to within
  rounding: here within 2e-15 of each other and within 1e-15 of the exact
  (``math.fsum``) value, over sizes below, at and above the block length,
  several outputs per sample, wide dynamic ranges and the overflow/underflow edges.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lossfns import _fast, rmse, rmse_grad
from lossfns._reduction import reduce_elementwise

BLOCK = _fast._BLOCK
SHAPES = [(1,), (7,), (BLOCK - 1,), (BLOCK,), (BLOCK + 1,), (3 * BLOCK + 17,), (5000, 3),
          (BLOCK, 1), (400, 7)]


def _values(shape, seed):
    """Errors of both signs spanning about eight orders of magnitude."""
    rng = np.random.default_rng(seed)
    return rng.choice([-1.0, 1.0], size=shape) * rng.lognormal(0.0, 3.0, size=shape)


def _exact(values, reduction):
    """The reduced mean square of the rounded squares, summed exactly."""
    squares = (values**2).reshape(values.shape[0], -1)
    total = math.fsum(squares.ravel().tolist()) / squares.shape[1]
    return total / squares.shape[0] if reduction == "mean" else total


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_mean_square_equals_the_plain_reduction_within_rounding(shape, reduction):
    values = _values(shape, seed=sum(shape))
    fast = _fast.mean_square(values, reduction, None)
    plain = reduce_elementwise(values**2, reduction, None)
    exact = _exact(values, reduction)
    assert isinstance(fast, np.float64)
    assert fast == pytest.approx(plain, rel=2e-15, abs=0)
    assert fast == pytest.approx(exact, rel=1e-15, abs=0)
    assert plain == pytest.approx(exact, rel=1e-15, abs=0)


def test_mean_square_of_a_million_log_normal_errors_is_as_accurate_as_np_sum():
    values = _values((10**6,), seed=6)
    exact = _exact(values, "mean")
    assert abs(_fast.mean_square(values, "mean", None) - exact) <= 1e-15 * exact
    assert abs(reduce_elementwise(values**2, "mean", None) - exact) <= 1e-15 * exact


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("shape", [(7,), (3 * BLOCK + 17,), (400, 7)], ids=str)
def test_weighted_mean_square_equals_the_plain_reduction_within_rounding(shape, reduction):
    values = _values(shape, seed=3)
    weights = np.random.default_rng(4).uniform(0.0, 2.0, size=shape[0])
    weights[::5] = 0.0
    fast = _fast.mean_square(values, reduction, weights)
    plain = reduce_elementwise(values**2, reduction, weights)
    assert fast == pytest.approx(plain, rel=2e-15, abs=0)
    ones = np.ones(shape[0])                    # weights of one: the unweighted bits
    assert _fast.mean_square(values, reduction, ones) == _fast.mean_square(values, reduction, None)


def test_a_zero_weight_on_an_infinite_error_is_left_to_the_plain_formula():
    values, weights = np.array([np.inf, 3.0]), np.array([0.0, 2.0])
    assert _fast.mean_square(values, "mean", weights) == 9.0
    with pytest.raises(ValueError, match="sample_weight must not sum to 0"):
        _fast.mean_square(np.array([1.0, 2.0]), "mean", np.zeros(2))


@pytest.mark.parametrize("values, expected", [
    (np.array([3.0]), 9.0),                       # one element: exact
    (np.zeros(2 * BLOCK + 5), 0.0),
    (np.full(BLOCK + 3, 2.0), 4.0),
    (np.array([1e200, 1.0]), np.inf),              # a square overflows
    (np.array([1e-200, 0.0]), 0.0),                # a square underflows
    (np.array([np.inf, 1.0]), np.inf),             # an overflowed difference
], ids=["one", "zeros", "constant", "overflow", "underflow", "inf"])
def test_mean_square_at_the_edges_equals_the_plain_formula(values, expected):
    with np.errstate(over="ignore"):
        fast = _fast.mean_square(values, "mean", None)
        plain = reduce_elementwise(values**2, "mean", None)
    assert fast == plain == expected


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("shape", [(50_000,), (20_000, 3)], ids=str)
def test_rmse_grad_equals_the_plain_formula_at_large_n(shape, reduction):
    rng = np.random.default_rng(9)
    y_true = rng.normal(size=shape)
    y_pred = y_true + rng.standard_t(3.0, size=shape)
    error = y_pred - y_true
    n, k = shape[0], error.size // shape[0]
    root = rmse(y_true, y_pred, reduction=reduction)
    plain = error / (k * root) / (n if reduction == "mean" else 1.0)
    np.testing.assert_allclose(rmse_grad(y_true, y_pred, reduction=reduction), plain,
                               rtol=1e-14, atol=0)

