"""The package's speed path: a computation done another way where that pays.

Every loss and gradient of :mod:`lossfns` computes its formula the plain way,
one numpy expression per step, and reading that code is reading the formula.
One computation has a second way, used only where measurement showed the plain
one too slow for long arrays (``benchmarks/README.md``); the tests in
``tests/test_fast_paths.py`` check that it gives what the plain formula gives,
to within a few units in the last place.

* :func:`mean_square`: the reduced mean (or sum) of ``error**2``, as dot
  products, with no array of squares. :func:`lossfns.rmse_grad` needs both this
  total and an output of one value per element; computed plainly, on long
  arrays it took longer than scikit-learn's whole RMSE. :func:`lossfns.mse` and
  :func:`lossfns.rmse` use it too, so that the RMSE is exactly the root of the
  MSE, and so that the book's printed values keep their last digit: a dot
  product rounds a sum of squares differently from ``np.sum``, and chapter 3's
  first MSE, 29.2625 to 15 digits, prints as 29.263 with it and 29.262 without.
"""

from __future__ import annotations

import numpy as np

from ._reduction import (
    _total_weight,
    _weights_like,
    elements_per_sample,
    n_samples,
    reduce_elementwise,
)

_BLOCK = 1024  # elements per dot product in _sum_of_products


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
        weighted = values if weights is None else values * _weights_like(weights, values)
        total = _sum_of_products(values, weighted) / elements_per_sample(values)
    if not np.isfinite(total):
        return reduce_elementwise(values**2, reduction, weights)
    if reduction == "mean":
        total /= _total_weight(weights, n_samples(values))
    return np.float64(total)
