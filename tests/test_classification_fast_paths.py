"""The fast paths for few classes and class indices give what the general code gives.

* ``log_softmax`` with at most ``activations._FEW_CLASSES`` classes works on
  transposed blocks of samples; it must agree with the general last-axis code
  (``_shifted_exponentials``) on extreme rows, ties and overflow, in every block;
* ``cross_entropy`` and ``categorical_cross_entropy`` with class indices never
  build one-hot rows; they must equal the one-hot-row path exactly, also for
  inputs that are not C-contiguous;
* the fast pass of ``check_probability_rows`` (few columns) must accept and
  reject exactly what its full check does, with its error message.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from lossfns import activations as A
from lossfns import classification as C
from lossfns._validation import _FEW_COLUMNS, _check_probability_rows_in_full
from tests.oracles import relative_error
from tests.oracles.activations import mp_log_softmax, mpf_vector, reference

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
]


def _general_log_softmax(z):
    """The last-axis code that the few-classes path replaces (located arg-max)."""
    _, shift, shift_error, others, _, _ = A._shifted_exponentials(z)
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
        z[A._BLOCK_SAMPLES - 1] = EXTREME_ROWS[5]    # the last row of a block
        z[A._BLOCK_SAMPLES] = EXTREME_ROWS[8]        # the first row of the next
    return z


@pytest.mark.parametrize("k", [2, 3, 7, A._FEW_CLASSES])
def test_few_class_log_softmax_agrees_with_the_general_code_in_every_block(k):
    z = _logits(k, 2 * A._BLOCK_SAMPLES + 37, seed=k)
    fast = A._log_softmax_few_classes(z)
    general = _general_log_softmax(z)
    finite = np.isfinite(general)
    np.testing.assert_array_equal(np.isfinite(fast), finite)
    np.testing.assert_array_equal(fast[~finite], general[~finite])
    # the same terms, summed in another order when classes tie or k >= 8 (numpy's
    # pairwise sum along the last axis): a few units in the last place apart
    np.testing.assert_allclose(fast[finite], general[finite], rtol=1e-14, atol=0)
    assert np.array_equal(fast[finite] == 0.0, general[finite] == 0.0)


@pytest.mark.parametrize("k", [9, A._FEW_CLASSES])
def test_few_class_log_softmax_with_many_classes_matches_50_digit_mpmath(k):
    z = _logits(k, 40, seed=100 + k)
    expected = reference(lambda: [mp_log_softmax(mpf_vector(row)) for row in z])
    assert relative_error(A.log_softmax(z), expected) < 1e-13


def test_log_softmax_uses_the_few_class_path_up_to_its_limit_only(monkeypatch):
    calls = []
    original = A._log_softmax_few_classes
    monkeypatch.setattr(A, "_log_softmax_few_classes", lambda z: calls.append(z.shape) or
                        original(z))
    A.log_softmax(np.zeros((4, A._FEW_CLASSES)))
    A.log_softmax(np.zeros((4, A._FEW_CLASSES + 1)))
    A.log_softmax(np.zeros((2, 5, 3)), axis=1)
    assert calls == [(4, A._FEW_CLASSES), (6, 5)]


def _layouts(array):
    """The same values as a C-contiguous array, a Fortran-ordered copy and a strided view."""
    padded = np.zeros((array.shape[0], array.shape[1] + 2))
    padded[:, 1:-1] = array
    return [array, np.asfortranarray(array), padded[:, 1:-1]]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_of_class_indices_equals_one_hot_rows_exactly(reduction):
    z = _logits(3, A._BLOCK_SAMPLES + 100, seed=11)
    rng = np.random.default_rng(12)
    labels = rng.integers(0, 3, size=z.shape[0])
    rows = np.eye(3)[labels]
    kw = {"reduction": reduction, "sample_weight": rng.uniform(0.0, 2.0, size=z.shape[0])}
    loss_rows = C.cross_entropy(rows, z, **kw)
    grad_rows = C.cross_entropy_grad(rows, z, **kw)
    for logits in _layouts(z):
        np.testing.assert_array_equal(C.cross_entropy(labels, logits, **kw), loss_rows)
        np.testing.assert_array_equal(C.cross_entropy_grad(labels, logits, **kw), grad_rows)


def test_cross_entropy_of_a_confident_right_class_index_keeps_its_tiny_gradient():
    grad = C.cross_entropy_grad([0], [[40.0, 0.0, 0.0]], reduction="none")
    tiny = np.exp(-40.0)
    np.testing.assert_allclose(grad, [[-2 * tiny, tiny, tiny]], rtol=1e-15)
    assert C.cross_entropy(0, [1e8, 1e8, 1e8]) == pytest.approx(np.log(3.0), rel=1e-15)
    assert str(C.cross_entropy(0, [1e4, 0.0, 0.0], reduction="none")) == "0.0"


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_categorical_cross_entropy_of_class_indices_equals_one_hot_rows_exactly(reduction):
    rng = np.random.default_rng(21)
    n = 5000
    q = rng.dirichlet(np.ones(3), size=n)
    q[:4] = [[1e-300, 0.5, 0.5], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]]
    labels = rng.integers(0, 3, size=n)
    labels[:4] = [0, 0, 0, 2]                       # 690.8, inf, 0, inf
    rows = np.eye(3)[labels]
    kw = {"reduction": reduction, "sample_weight": rng.uniform(0.5, 2.0, size=n)}
    loss_rows = C.categorical_cross_entropy(rows, q, **kw)
    grad_rows = C.categorical_cross_entropy_grad(rows, q, **kw)
    for probs in _layouts(q):
        np.testing.assert_array_equal(C.categorical_cross_entropy(labels, probs, **kw),
                                      loss_rows)
        np.testing.assert_array_equal(C.categorical_cross_entropy_grad(labels, probs, **kw),
                                      grad_rows)


def _full_check_message(q):
    try:
        _check_probability_rows_in_full(q, "y_pred", C._ROW_SUM_TOLERANCE)
    except ValueError as error:
        return str(error)
    return None


@pytest.mark.parametrize("k", [2, 3, 9, _FEW_COLUMNS, _FEW_COLUMNS + 1])
def test_fast_probability_row_check_accepts_and_rejects_what_the_full_check_does(k):
    base = np.full(k, 1.0 / k)
    offsets = [0.0, 1e-7, 1e-6 - 1e-12, 1e-6 - 2e-16, 1e-6, 1e-6 + 2e-16, 1e-6 + 1e-12, 1e-5]
    candidates = []
    for offset in offsets:
        for sign in (1.0, -1.0):
            row = base.copy()
            row[-1] += sign * offset
            candidates.append(row)
    candidates.append(np.r_[-1e-300, base[1:] + 1e-300 / (k - 1)])   # a negative entry
    candidates.append(np.r_[1.0 + 1e-12, np.zeros(k - 1)])             # an entry above 1
    for row in candidates:
        q = np.vstack([np.tile(base, (3, 1)), row])
        expected = _full_check_message(q)
        if expected is None:
            C.categorical_cross_entropy(0 * np.arange(4), q)
        else:
            with pytest.raises(ValueError, match=re.escape(expected)):
                C.categorical_cross_entropy(0 * np.arange(4), q)
