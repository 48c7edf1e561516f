"""Exact differences in floating point: the error-free transformation of ``a - b``.

``a - b`` rounded to float64 loses the low bits of the true difference. Knuth's two-sum
recovers them: it returns the rounded difference and its rounding error, whose sum is the
exact difference. The softmax family (``lossfns.activations``, and its faster path in
``lossfns._fast``) and the cross-entropies keep the error term so that ``z - max z`` stays
exact, which is what keeps a log-probability near 0 accurate to the last digit.
"""

from __future__ import annotations

import numpy as np


def difference_with_error(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``a - b`` as ``(rounded, error)`` with ``rounded + error == a - b`` exactly.

    Knuth's two-sum. Where the difference overflows (only for inputs near
    ``1e308``) ``rounded`` is ``+-inf`` and ``error`` is 0, without warnings.

    Examples
    --------
    >>> rounded, error = difference_with_error(np.float64(1.0), np.float64(1e-17))
    >>> print(rounded, error)  # 1 - 1e-17 rounds to 1; the error keeps the 1e-17
    1.0 -1e-17
    """
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = a - b
        b_virtual = rounded - a
        error = (a - (rounded - b_virtual)) + (-b_virtual - b)
    return rounded, np.where(np.isfinite(rounded), error, 0.0)
