"""The speed paths of ``lossfns._fast`` give what the plain formulas give.

* ``mean_square`` (for ``mse``, ``rmse``, ``rmse_grad``: blocked dot products, no
  array of squares) against ``reduce_elementwise(error**2, ...)``. The two
  differ only in the order of the additions, so they must agree to within
  rounding: here within 2e-15 of each other and within 1e-15 of the exact
  (``math.fsum``) value, over sizes below, at and above the block length,
  several outputs per sample, wide dynamic ranges and the overflow/underflow edges.
* ``log_softmax_few_classes`` (many samples of at most 16 classes, classes
  first) against the plain last-axis formula of ``activations``: bit for bit
  for two and three classes, within a few units in the last place beyond (the
  same terms, added in another order), on extreme rows, ties and overflow, in
  every block; and it is used exactly where it pays.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lossfns import _fast, activations, rmse, rmse_grad
from lossfns._reduction import reduce_elementwise
from tests.oracles import relative_error
from tests.oracles.activations import mp_log_softmax, mpf_vector, reference

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


# ---------------------------------------------------------------------------
# log_softmax_few_classes
# ---------------------------------------------------------------------------

EXTREME_ROWS = [
    [0.0, 0.0, 0.0],
    [1e8, 1e8, 1e8],
    [1e8 + 1.0, 1e8, 1e8 - 1.0],
    [-1e4, 0.0, 1e4],
    [40.0, 0.0, 0.0],
    [700.0, 0.0, -700.0],
    [1e-10, -1e-10, 0.0],
    [-40.0, -36.0, 0.0],
    [-1e308, 1e308, 0.0],      # z_j - max overflows to -inf
    [1.7e308, 1.7e308, -1.7e308],
    [-0.0, 0.0, -5e-324],
    [3.0, 3.0, -1.0],          # a tie for the maximum
    [-2.0, 5.0, 5.0],
    [0.5, 700.1234567, 0.3],   # z_j - max rounded: the two-sum's error term matters
]
BLOCK_SAMPLES = _fast._BLOCK_SAMPLES


def _plain_log_softmax(z):
    """The plain last-axis formula of lossfns.activations (located arg-max, log1p)."""
    _, shift, shift_error, others, _, _ = activations._shifted_exponentials(z)
    with np.errstate(over="ignore"):
        return (shift - np.log1p(others)) + shift_error


def _logits(k, n, seed):
    """n rows of k logits: random scales, extreme rows and ties, spread over several blocks."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, k)) * 10.0 ** rng.integers(-3, 4, size=(n, 1))
    z[rng.uniform(size=n) < 0.1] += 1e8
    ties = rng.uniform(size=n) < 0.1
    z[ties, : k // 2 + 1] = z[ties, :1]
    if k == 3:
        positions = rng.choice(n, size=len(EXTREME_ROWS), replace=False)
        z[positions] = EXTREME_ROWS
        z[BLOCK_SAMPLES - 1] = EXTREME_ROWS[5]    # the last row of a block
        z[BLOCK_SAMPLES] = EXTREME_ROWS[8]        # the first row of the next
    return z


@pytest.mark.parametrize("k", [2, 3])
def test_few_class_log_softmax_equals_the_plain_formula_bit_for_bit_up_to_3_classes(k):
    # the sum of the other classes has at most two non-zero terms: one rounding either way
    z = _logits(k, 2 * BLOCK_SAMPLES + 37, seed=k)
    np.testing.assert_array_equal(_fast.log_softmax_few_classes(z), _plain_log_softmax(z))


@pytest.mark.parametrize("k", [4, 7, 8, _fast.FEW_CLASSES])
def test_few_class_log_softmax_agrees_with_the_plain_formula_in_every_block(k):
    z = _logits(k, 2 * BLOCK_SAMPLES + 37, seed=k)
    fast = _fast.log_softmax_few_classes(z)
    plain = _plain_log_softmax(z)
    finite = np.isfinite(plain)
    np.testing.assert_array_equal(np.isfinite(fast), finite)
    np.testing.assert_array_equal(fast[~finite], plain[~finite])
    # the same terms, summed in another order: a few units in the last place apart
    np.testing.assert_allclose(fast[finite], plain[finite], rtol=1e-14, atol=0)
    assert np.array_equal(fast[finite] == 0.0, plain[finite] == 0.0)


@pytest.mark.parametrize("k", [9, _fast.FEW_CLASSES])
def test_few_class_log_softmax_of_many_classes_matches_50_digit_mpmath(k):
    z = _logits(k, _fast.MANY_SAMPLES, seed=100 + k)
    assert _fast.log_softmax_pays(z)
    some = z[:: _fast.MANY_SAMPLES // 32]
    expected = reference(lambda: [mp_log_softmax(mpf_vector(row)) for row in some])
    assert relative_error(activations.log_softmax(z)[:: _fast.MANY_SAMPLES // 32],
                          expected) < 1e-13


def test_log_softmax_takes_the_few_class_path_exactly_where_it_pays(monkeypatch):
    calls = []
    original = _fast.log_softmax_few_classes
    monkeypatch.setattr(_fast, "log_softmax_few_classes",
                        lambda z: calls.append(z.shape) or original(z))
    many, few = _fast.MANY_SAMPLES, _fast.FEW_CLASSES
    activations.log_softmax(np.zeros((many, few)))            # taken
    activations.log_softmax(np.zeros((many, few + 1)))        # too many classes
    activations.log_softmax(np.zeros((many - 1, 3)))          # too few samples
    activations.log_softmax(np.zeros((2, many // 2, 3)), axis=2)   # 1024 samples in all
    activations.log_softmax(np.zeros((3, many)), axis=0)      # classes on axis 0
    assert calls == [(many, few), (2, many // 2, 3), (many, 3)]
