r"""Exact best lines for two losses: least squares (MSE) and least absolute deviations (MAE).

Gradient descent (:mod:`lossfns.training`) finds the best line for any loss, step by
step. For the two losses that chapter 6 compares, the bottom of the valley can also be
found exactly, which is what a figure that redraws both lines for many data sets needs:

* :func:`least_squares_line` -- the line of smallest mean squared error, from
  :func:`numpy.linalg.lstsq`;
* :func:`least_absolute_deviations_line` -- the line of smallest mean absolute error
  (LAD, "L1 regression", the median regression line), by an exact search described
  in its docstring.

Both take one feature ``x`` and targets ``y`` and return ``(slope, intercept)``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_same_shape

__all__ = ["least_absolute_deviations_line", "least_squares_line"]


def _line_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as finite 1-D float arrays of one length, with two distinct x."""
    x = as_float_array(x, "x")
    y = as_float_array(y, "y")
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D (one feature value per point), got shape {x.shape}")
    check_same_shape(x, y, ("x", "y"))
    if np.ptp(x) == 0:
        raise ValueError(
            f"x must hold at least two different values to fix a slope, got {x.size} "
            f"point(s) all at x = {x[0]:g}"
        )
    return x, y


def least_squares_line(x, y) -> tuple[float, float]:
    r"""The line :math:`\hat y = w x + b` with the smallest mean squared error.

    .. math:: (w, b) = \arg\min_{w, b} \frac1n \sum_{i=1}^{n} (w x_i + b - y_i)^2

    Solved exactly by :func:`numpy.linalg.lstsq` on the design matrix ``[x, 1]``.

    Parameters
    ----------
    x, y : array-like of shape ``(n,)``
        The feature and the target of each point; ``x`` must take at least two values.

    Returns
    -------
    (float, float)
        The slope ``w`` and the intercept ``b``.

    Examples
    --------
    >>> w, b = least_squares_line([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 15.0])
    >>> print(round(w, 9), round(b, 9))
    4.4 -0.6
    """
    x, y = _line_data(x, y)
    design = np.column_stack([x, np.ones_like(x)])
    (slope, intercept), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(slope), float(intercept)


def _best_slope_through(x, y, pivot: int) -> tuple[float, float]:
    """The slope of the best L1 line through point ``pivot``, and its total |residual|."""
    dx = x - x[pivot]
    dy = y - y[pivot]
    moving = dx != 0  # points straight above or below the pivot cost the same for any slope
    slopes = dy[moving] / dx[moving]
    weights = np.abs(dx[moving])
    order = np.argsort(slopes, kind="stable")
    cumulative = np.cumsum(weights[order])
    # The weighted median: the first slope at which half of the weight is reached.
    slope = slopes[order][np.searchsorted(cumulative, 0.5 * cumulative[-1])]
    return float(slope), float(np.sum(np.abs(dy - slope * dx)))


def least_absolute_deviations_line(x, y) -> tuple[float, float]:
    r"""The line :math:`\hat y = w x + b` with the smallest mean absolute error (exact).

    .. math:: (w, b) = \arg\min_{w, b} \frac1n \sum_{i=1}^{n} |w x_i + b - y_i|

    The objective is piecewise linear and convex, so a best line passes through (at
    least) two of the points. For a line through point :math:`p` the objective is

    .. math:: \sum_i |y_i - y_p - w (x_i - x_p)|
              = \sum_{i:\, x_i \ne x_p} |x_i - x_p| \cdot \left| m_i - w \right|
              + \text{const}, \qquad m_i = \frac{y_i - y_p}{x_i - x_p},

    which a **weighted median** of the slopes :math:`m_i` (weights
    :math:`|x_i - x_p|`) minimises. Trying every point as the pivot :math:`p` and
    keeping the best line is exact and takes :math:`O(n^2 \log n)` operations: meant
    for the book's data sets (up to a few thousand points), not for big data.

    When several lines are equally good (the minimum is not unique), one of them is
    returned; its mean absolute error is the minimum either way.

    Parameters
    ----------
    x, y : array-like of shape ``(n,)``
        The feature and the target of each point; ``x`` must take at least two values.

    Returns
    -------
    (float, float)
        The slope ``w`` and the intercept ``b``.

    Examples
    --------
    The outlier at x = 3 pulls the least-squares line up, not this one:

    >>> least_absolute_deviations_line([0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 5.0, 30.0, 9.0])
    (2.0, 1.0)
    """
    x, y = _line_data(x, y)
    best = None
    for pivot in range(x.size):
        slope, cost = _best_slope_through(x, y, pivot)
        if best is None or cost < best[0]:
            best = (cost, slope, float(y[pivot] - slope * x[pivot]))
    _, slope, intercept = best
    return slope + 0.0, intercept + 0.0
