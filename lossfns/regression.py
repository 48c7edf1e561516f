"""Regression losses: how far a real-valued prediction is from the truth.

Every function takes ``(y_true, y_pred, *, reduction="mean", sample_weight=None)``
and has a ``*_grad`` twin returning ``d(reduced loss) / d(y_pred)``.
"""

from __future__ import annotations

import numpy as np

from ._reduction import prepare_weights, reduce_elementwise, reduce_elementwise_grad
from ._validation import as_float_array, check_same_shape


def _prepare(y_true, y_pred, sample_weight):
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred)
    return y_true, y_pred, prepare_weights(sample_weight, y_pred)


def mse(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Mean squared error.

    .. math:: L = \frac{1}{n} \sum_{i=1}^{n} (\hat y_i - y_i)^2

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``(n,)`` or ``(n, k)``
        Targets and predictions. ``(n, k)`` inputs average over all elements.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample; ``"mean"`` is then ``sum(w l) / sum(w)``.

    Returns
    -------
    float or ndarray
        In the squared units of ``y``.

    Examples
    --------
    >>> mse([3.0, 5.0], [2.0, 5.0])
    0.5
    """
    y_true, y_pred, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise((y_pred - y_true) ** 2, reduction, weights)


def mse_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`mse` with respect to ``y_pred``: :math:`2(\hat y_i - y_i)/n`.

    Same arguments as :func:`mse`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> mse_grad([3.0, 5.0], [2.0, 5.0])
    array([-1.,  0.])
    """
    y_true, y_pred, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(2.0 * (y_pred - y_true), reduction, weights)
