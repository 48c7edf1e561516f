"""The package's speed paths: two computations done another way where that pays.

Every loss, gradient and activation of :mod:`lossfns` computes its formula the
plain way, one numpy expression per step, and reading that code is reading the
formula. Two computations have a second way, used only where measurement showed
the plain one too slow for long arrays (``benchmarks/README.md``); the tests in
``tests/lossfns/test_fast.py`` check that each gives what the plain formula gives,
to within a few units in the last place.

* :func:`mean_square`: the reduced mean (or sum) of ``error**2``, as dot
  products, with no array of squares. :func:`lossfns.rmse_grad` needs both this
  total and an output of one value per element; computed plainly, on long
  arrays it took longer than scikit-learn's whole RMSE. :func:`lossfns.mse` and
  :func:`lossfns.rmse` use it too, so that the RMSE is exactly the root of the
  MSE, and so that the book's printed values keep their last digit: a dot
  product rounds a sum of squares differently from ``np.sum``, and chapter 3's
  first MSE, 29.2625 to 15 digits, prints as 29.263 with it and 29.262 without.
* :func:`log_softmax_few_classes`: the log-softmax of many samples of at most 16
  classes, for :func:`lossfns.log_softmax` and the losses built on it
  (:func:`lossfns.cross_entropy`, :func:`lossfns.focal_loss`). numpy reduces a
  short last axis one row at a time, so on long arrays of 3 classes the plain
  formula took as long as scikit-learn's whole log loss. Here blocks of samples
  are transposed so that each reduction over the classes is an element-wise
  operation over the samples.
"""

from __future__ import annotations

import numpy as np

from ._reduction import (
    elements_per_sample,
    n_samples,
    reduce_elementwise,
    total_weight,
    weights_like,
)
from ._twosum import difference_with_error

_BLOCK = 1024             # elements per dot product in _sum_of_products

FEW_CLASSES = 16          # log_softmax_few_classes is used up to this many classes
MANY_SAMPLES = 1024       # and from this many samples on
_BLOCK_SAMPLES = 16384    # samples per transposed block (k * 128 kB per temporary)


def _sum_of_products(a: np.ndarray, b: np.ndarray) -> float:
    """``np.sum(a * b)`` for two arrays of one shape, without the temporary array of products.

    One dot product per block of 1024 elements, and the block sums added by
    ``np.sum``'s pairwise summation. A single dot product over all the
    elements would add its rounding errors along the whole array; in blocks
    they stay as small as ``np.sum``'s own.
    """
    a, b = a.reshape(-1), b.reshape(-1)
    whole = a.size - a.size % _BLOCK
    block_sums = np.matmul(a[:whole].reshape(-1, 1, _BLOCK), b[:whole].reshape(-1, _BLOCK, 1))
    return float(np.sum(block_sums) + np.dot(a[whole:], b[whole:]))


def mean_square(values: np.ndarray, reduction: str, weights: np.ndarray | None):
    r"""``reduce_elementwise(values**2, reduction, weights)``, for ``"mean"`` or ``"sum"``.

    :math:`\sum_i w_i \sum_j v_{ij}^2 / k` (divided by :math:`\sum_i w_i` for
    ``"mean"``) as :func:`_sum_of_products` of ``values`` and ``w_i *
    values`` (``values`` itself without weights, so that weights of one give
    the same bits). A total that is not finite (a square beyond float64, or
    ``0 * inf`` for a sample of weight 0) is left to the plain formula.

    Examples
    --------
    >>> print(mean_square(np.array([3.0, -4.0]), "mean", None))   # (9 + 16) / 2
    12.5
    >>> print(mean_square(np.array([[3.0, -4.0], [0.0, 0.0]]), "sum", None))
    12.5
    """
    with np.errstate(invalid="ignore"):  # inf * 0: the plain formula below
        weighted = values if weights is None else values * weights_like(weights, values)
        total = _sum_of_products(values, weighted) / elements_per_sample(values)
    if not np.isfinite(total):
        return reduce_elementwise(values**2, reduction, weights)
    if reduction == "mean":
        total /= total_weight(weights, n_samples(values))
    return np.float64(total)


def log_softmax_pays(z: np.ndarray) -> bool:
    """Whether :func:`log_softmax_few_classes` is used for ``z`` (classes on the last axis)."""
    n_classes = z.shape[-1]
    return n_classes <= FEW_CLASSES and z.size >= MANY_SAMPLES * n_classes


def _log_softmax_classes_first(zt: np.ndarray, out: np.ndarray) -> None:
    """The log-softmax along axis 0 of ``zt`` (shape ``(k, m)``: classes first), into ``out``.

    The formulas of :func:`lossfns.activations.log_softmax_unchecked`, except that
    the arg-max is not located (``argmax(axis=0)`` is slow): every class tied
    with the maximum has ``e = 1`` exactly, so ``others`` sums the classes
    below the maximum and counts 1 for each tie beyond the first.
    """
    z_max = zt.max(axis=0)
    shift, shift_error = difference_with_error(zt, z_max)
    e = np.exp(shift)
    e += e * shift_error
    below = shift < 0.0
    extra_ties = zt.shape[0] - 1 - np.count_nonzero(below, axis=0)
    others = np.multiply(e, below).sum(axis=0) + extra_ties
    shift -= np.log1p(others)
    np.add(shift, shift_error, out=out)


def log_softmax_few_classes(z: np.ndarray) -> np.ndarray:
    """The log-softmax along the last axis of ``z``, on transposed blocks of samples.

    A ``(k, m)`` block reduces over its ``k`` classes with element-wise passes
    over its ``m`` samples, and blocks of 16384 samples keep the temporaries in
    the processor's cache. The same terms as the plain formula; their sum
    ``others`` may be added in another order (when classes tie, or for more
    than three classes), so a result may differ from the plain one in its last
    bit.

    Examples
    --------
    >>> log_p = log_softmax_few_classes(np.tile([1e8, 1e8, 1e8], (2000, 1)))
    >>> print(log_p.shape, f"{log_p[1999, 2]:.12g}")   # -ln 3 for every class
    (2000, 3) -1.09861228867
    """
    rows_of_z = z.reshape(-1, z.shape[-1])
    log_p = np.empty(rows_of_z.shape)
    for start in range(0, rows_of_z.shape[0], _BLOCK_SAMPLES):
        rows = slice(start, start + _BLOCK_SAMPLES)
        _log_softmax_classes_first(np.ascontiguousarray(rows_of_z[rows].T), out=log_p[rows].T)
    return log_p.reshape(z.shape)
