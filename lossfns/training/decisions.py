r"""Judging a forecast by what its mistakes cost, and the numbers asymmetric losses estimate.

Chapter 9's bakery bakes :math:`\hat y` loaves and the customers want :math:`y`. Baking
too few costs ``under_cost`` per missing loaf (an empty shelf, a customer lost), too many
``over_cost`` per leftover loaf. Two tools:

* :func:`asymmetric_cost` -- the cost the business pays,
  :math:`c_u \max(y - \hat y, 0) + c_o \max(\hat y - y, 0)`, reduced like a loss;
* :func:`expectile` -- the :math:`\tau`-expectile of a sample, the best constant under the
  asymmetric *squared* error (weight :math:`\tau` on under-forecasts, :math:`1 - \tau` on
  over-forecasts); :math:`\tau = 1/2` is the mean. Its linear cousin, the quantile, is
  what the pinball loss (:func:`lossfns.quantile_loss`) estimates.

Examples
--------
>>> import numpy as np
>>> demand = np.array([90.0, 100.0, 110.0, 140.0])
>>> print(asymmetric_cost(demand, np.full(4, 110.0), under_cost=4.0, over_cost=1.0))
37.5
>>> print(expectile(demand, 0.5), demand.mean())
110.0 110.0
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_in_interval, check_non_negative
from ..custom import check_inputs, reduce_loss

__all__ = ["asymmetric_cost", "expectile"]


def asymmetric_cost(y_true, y_pred, *, under_cost, over_cost, reduction: str = "mean",
                    sample_weight=None):
    r"""What the forecast's mistakes cost when too low and too high are priced differently.

    .. math:: c_i = c_u \max(y_i - \hat y_i,\ 0) + c_o \max(\hat y_i - y_i,\ 0)

    (reduced like every loss of the package: the mean over samples by default). It equals
    :math:`(c_u + c_o)` times the pinball loss :func:`lossfns.quantile_loss` with
    :math:`q = c_u / (c_u + c_o)`, so the best constant forecast is that quantile.

    Parameters
    ----------
    y_true, y_pred : array-like, same shape
        What was wanted and what was forecast (baked).
    under_cost, over_cost : float >= 0
        The price of one unit too few and of one unit too many.
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In the currency of the two costs.

    Examples
    --------
    >>> asymmetric_cost([10.0, 10.0], [7.0, 12.0], under_cost=4.0, over_cost=1.0,
    ...                 reduction="none")
    array([12.,  2.])
    """
    under_cost = check_non_negative(under_cost, "under_cost")
    over_cost = check_non_negative(over_cost, "over_cost")
    _, _, error = check_inputs(y_true, y_pred)
    per_element = np.where(error < 0.0, -under_cost * error, over_cost * error)
    return reduce_loss(per_element, reduction, sample_weight)


def expectile(values, level) -> float:
    r"""The ``level``-expectile of ``values``: the best constant under asymmetric squares.

    The number :math:`m` that minimises

    .. math:: \sum_i \bigl|\tau - [y_i < m]\bigr|\,(y_i - m)^2 ,

    i.e. the squared miss weighted :math:`\tau` where :math:`m` falls short of
    :math:`y_i` and :math:`1 - \tau` where it overshoots. Setting the derivative to zero
    gives :math:`\tau \sum_{y_i > m} (y_i - m) = (1 - \tau) \sum_{y_i < m} (m - y_i)`:
    the *distances* on the two sides balance (for a quantile, the *counts* do). The
    equation is linear between two neighbouring values of the sorted sample, so it is
    solved exactly, segment by segment. A weight of :math:`k` on under-forecasts and 1 on
    over-forecasts is the level :math:`\tau = k / (k + 1)`. Same as
    ``scipy.stats.expectile``.

    Parameters
    ----------
    values : array-like, shape ``(n,)``
        Finite numbers.
    level : float in (0, 1)
        :math:`\tau`; 0.5 gives the mean.

    Returns
    -------
    float

    Examples
    --------
    >>> expectile([0.0, 10.0], 0.8)      # 0.8 (10 - m) = 0.2 m
    8.0
    """
    level = check_in_interval(level, "level", 0.0, 1.0, closed_low=False, closed_high=False)
    y = as_float_array(values, "values")
    if y.ndim != 1:
        raise ValueError(f"values must be a 1-D array of numbers, got shape {y.shape}")
    y = np.sort(y)
    n = y.size
    below = np.arange(n + 1)                              # j values at or below the segment
    below_sum = np.concatenate([[0.0], np.cumsum(y)])     # their sum
    total = below_sum[-1]
    # on the segment [y_(j), y_(j+1)], the balance equation is linear in m:
    roots = (((1.0 - level) * below_sum + level * (total - below_sum))
             / ((1.0 - level) * below + level * (n - below)))
    low = np.concatenate([[-np.inf], y])
    high = np.concatenate([y, [np.inf]])
    slack = 1e-12 * max(1.0, float(np.max(np.abs(y))))
    inside = (roots >= low - slack) & (roots <= high + slack)
    return float(roots[np.flatnonzero(inside)[0]])
