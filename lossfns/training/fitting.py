r"""Exact best lines for three losses: least squares (MSE), least absolute deviations (MAE)
and the pinball (quantile) loss.

Gradient descent (:mod:`lossfns.training.descent`) finds the best line for any loss, step by
step. For the two losses that chapter 6 compares, the bottom of the valley can also be
found exactly, which is what a figure that redraws both lines for many data sets needs:

* :func:`least_squares_line` -- the line of smallest mean squared error, from
  :func:`numpy.linalg.lstsq`;
* :func:`least_absolute_deviations_line` -- the line of smallest mean absolute error
  (LAD, "L1 regression", the median regression line), by an exact search described
  in its docstring;
* :func:`quantile_line` -- the line of smallest mean pinball loss at a level ``q``
  (quantile regression, chapter 8): a fraction ``q`` of the points lies below it.

All three take one feature ``x`` and targets ``y`` and return ``(slope, intercept)``.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_in_interval, check_same_shape
from ..regression import quantile_loss
from ._checks import check_count

__all__ = ["least_absolute_deviations_line", "least_squares_line", "legendre_features",
           "quantile_line"]


def check_line_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as finite 1-D float arrays of one length, with two distinct x.

    The check every fit here makes first; figures that fit lines (the course's outlier
    explorer) make it once, before fitting many variants of the data.
    """
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
    x, y = check_line_data(x, y)
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
    x, y = check_line_data(x, y)
    best = None
    for pivot in range(x.size):
        slope, cost = _best_slope_through(x, y, pivot)
        if best is None or cost < best[0]:
            best = (cost, slope, float(y[pivot] - slope * x[pivot]))
    _, slope, intercept = best
    return slope + 0.0, intercept + 0.0


def quantile_line(x, y, q: float) -> tuple[float, float]:
    r"""The line :math:`\hat y = w x + b` with the smallest mean pinball loss at level ``q``.

    .. math:: (w, b) = \arg\min_{w, b} \frac1n \sum_{i=1}^{n} \rho_q(y_i - w x_i - b),
              \qquad \rho_q(r) = \max\bigl(q\, r,\ (q - 1)\, r\bigr)

    (:func:`lossfns.quantile_loss`). This is linear **quantile regression**: at the
    optimum about a fraction ``q`` of the points lies below the line (exactly: at
    most ``q n`` strictly below and at most ``(1 - q) n`` strictly above). ``q = 0.5``
    gives a least-absolute-deviations line (:func:`least_absolute_deviations_line`).

    As for the MAE, the objective is piecewise linear and convex in :math:`(w, b)`, so a
    best line passes through two of the points. For a pivot point :math:`p` the
    objective is convex and piecewise linear in the slope, with its corners at the
    slopes :math:`m_i = (y_i - y_p)/(x_i - x_p)`; evaluating it at every corner for
    every pivot and keeping the best line is exact, in :math:`O(n^3)` operations:
    meant for a few hundred points, not for big data. When several lines are equally
    good, one of them is returned.

    Parameters
    ----------
    x, y : array-like of shape ``(n,)``
        The feature and the target of each point; ``x`` must take at least two values.
    q : float
        The quantile level, strictly between 0 and 1.

    Returns
    -------
    (float, float)
        The slope ``w`` and the intercept ``b``.

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> y = [1.0, 3.0, 5.0, 30.0, 9.0]
    >>> quantile_line(x, y, 0.5)
    (2.0, 1.0)
    >>> w, b = quantile_line(x, y, 0.9)      # a line above (almost) every point
    >>> [bool(t <= w * s + b) for s, t in zip(x, y)]
    [True, True, True, True, True]
    """
    x, y = check_line_data(x, y)
    q = check_in_interval(q, "q", 0.0, 1.0, closed_low=False, closed_high=False)
    best = None
    for pivot in range(x.size):
        dx = x - x[pivot]
        dy = y - y[pivot]
        moving = dx != 0
        slopes = np.unique(dy[moving] / dx[moving])                 # the corners, (m,)
        residuals = dy[np.newaxis, :] - slopes[:, np.newaxis] * dx  # (m, n)
        # one mean pinball loss per candidate slope (a row: one line, all points)
        costs = quantile_loss(residuals, np.zeros_like(residuals), q=q, reduction="none")
        k = int(np.argmin(costs))
        if best is None or costs[k] < best[0]:
            best = (float(costs[k]), float(slopes[k]), float(y[pivot] - slopes[k] * x[pivot]))
    _, slope, intercept = best
    return slope + 0.0, intercept + 0.0


def legendre_features(x, degree: int) -> np.ndarray:
    r"""The Legendre polynomials :math:`P_1(x), \dots, P_{d}(x)` of every ``x``, as columns.

    .. math:: P_1(x) = x, \qquad P_2(x) = \tfrac12 (3x^2 - 1), \qquad
              (j + 1)\, P_{j+1}(x) = (2j + 1)\, x\, P_j(x) - j\, P_{j-1}(x)

    A polynomial of degree :math:`d` fitted as a :class:`lossfns.training.LinearModel`
    on these features (the intercept plays :math:`P_0 = 1`): on :math:`[-1, 1]` they are
    orthogonal, so gradient descent stays well conditioned where the raw powers
    :math:`x, x^2, \dots, x^d` would make it crawl.

    Parameters
    ----------
    x : array-like of shape ``(n,)``
        Inputs, best inside :math:`[-1, 1]`.
    degree : int >= 1

    Returns
    -------
    ndarray of shape ``(n, degree)``
        Column :math:`j - 1` holds :math:`P_j(x)`.

    Examples
    --------
    >>> legendre_features([0.0, 0.5, 1.0], degree=2)
    array([[ 0.   , -0.5  ],
           [ 0.5  , -0.125],
           [ 1.   ,  1.   ]])
    """
    x = as_float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D (one input value per point), got shape {x.shape}")
    degree = check_count(degree, "degree")
    return np.polynomial.legendre.legvander(x, degree)[:, 1:]

