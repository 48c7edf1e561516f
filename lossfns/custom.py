r"""Building blocks for writing your own loss with the package's signature (chapter 9).

A loss of :mod:`lossfns` is ``f(y_true, y_pred, *, reduction="mean", sample_weight=None,
...)``, and its gradient ``f_grad`` has the same signature and returns
:math:`\partial L / \partial \hat y`, shaped like ``y_pred``. Three helpers give a new
loss the same checks and the same reductions as the built-in ones, so that only the
per-element formula is left to write (a fourth checks the loss's own knobs):

* :func:`check_inputs` -- validate ``y_true`` and ``y_pred`` (finite numbers, same
  shape, no broadcasting) and return them as float64 with the error
  :math:`e = \hat y - y`;
* :func:`reduce_loss` -- turn per-element losses :math:`\ell_{ij}` into the ``"mean"``,
  ``"sum"`` or ``"none"`` of the package, with sample weights;
* :func:`reduce_loss_grad` -- turn per-element derivatives
  :math:`\partial \ell_{ij} / \partial \hat y_{ij}` into the gradient of that reduction;
* :func:`check_positive` -- validate a parameter such as a weight :math:`k > 0`.

With weights :math:`w_i` and :math:`k` outputs per sample,

.. math:: L_{\text{mean}} = \frac{\sum_i w_i\, \bar\ell_i}{\sum_i w_i}, \qquad
          \bar\ell_i = \frac1k \sum_j \ell_{ij}, \qquad
          \frac{\partial L_{\text{mean}}}{\partial \hat y_{ij}}
          = \frac{w_i}{\sum_m w_m} \cdot \frac1k \frac{\partial \ell_{ij}}{\partial \hat y_{ij}}

(``"sum"`` drops the :math:`\sum_m w_m`; ``"none"`` returns :math:`w_i \bar\ell_i`).

Examples
--------
A squared error written with the helpers agrees with :func:`lossfns.mse`:

>>> import numpy as np
>>> from lossfns import mse
>>> y_true, y_pred, error = check_inputs([3.0, 5.0], [2.0, 5.0])
>>> print(reduce_loss(error**2), mse(y_true, y_pred))
0.5 0.5
"""

from __future__ import annotations

import numpy as np

from ._reduction import prepare_weights, reduce_elementwise, reduce_elementwise_grad
from ._validation import as_float64, as_float_pair_and_difference, check_reduction
from ._validation import check_positive as _check_positive

__all__ = ["check_inputs", "check_positive", "reduce_loss", "reduce_loss_grad"]


def check_inputs(y_true, y_pred) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Validate a loss's two inputs; return them as float64 with the error :math:`\hat y - y`.

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Finite real numbers (int or float; not bool, text or complex).

    Returns
    -------
    (ndarray, ndarray, ndarray)
        ``y_true``, ``y_pred`` and ``error = y_pred - y_true`` (a fresh array).

    Raises
    ------
    ValueError
        Naming the argument: not numbers, empty, NaN or inf, or different shapes
        (numpy would broadcast ``(n,)`` against ``(n, 1)`` into a wrong ``(n, n)``).

    Examples
    --------
    >>> check_inputs([1, 2], [1.5, 1.0])[2]
    array([ 0.5, -1. ])
    >>> check_inputs([1.0, 2.0], [[1.0], [2.0]])
    Traceback (most recent call last):
    ...
    ValueError: y_true and y_pred must have the same shape, got y_true with shape (2,) and y_pred with shape (2, 1). They differ only by axes of length 1, which numpy would broadcast into a wrong (2, 2) result; reshape one to match the other, e.g. y_pred.reshape(y_true.shape) or np.ravel() on both
    """
    return as_float_pair_and_difference(y_true, y_pred)


def _per_element(values, name: str) -> np.ndarray:
    """``values`` as float64 (the package's dtype check, named), not empty; NaN and inf
    pass through, as they do through the built-in losses' reductions."""
    array = as_float64(values, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {array.shape}")
    return array


def reduce_loss(per_element, reduction: str = "mean", sample_weight=None):
    r"""Reduce per-element losses the way every loss of :mod:`lossfns` does.

    Parameters
    ----------
    per_element : array-like, shape ``()``, ``(n,)`` or ``(n, k)``
        The loss :math:`\ell_{ij}` of every element (shaped like ``y_pred``).
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, :math:`w_i \bar\ell_i`, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample; ``"mean"`` is then :math:`\sum w \bar\ell / \sum w`.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> reduce_loss([1.0, 4.0, 9.0])
    np.float64(4.666666666666667)
    >>> reduce_loss([1.0, 4.0, 9.0], "sum", sample_weight=[1.0, 0.0, 2.0])
    np.float64(19.0)
    >>> reduce_loss([[1.0, 3.0], [5.0, 7.0]], "none")
    array([2., 6.])
    """
    reduction = check_reduction(reduction)
    losses = _per_element(per_element, "per_element")
    return reduce_elementwise(losses, reduction, prepare_weights(sample_weight, losses))


def reduce_loss_grad(per_element_grad, reduction: str = "mean", sample_weight=None) -> np.ndarray:
    r"""The gradient of :func:`reduce_loss` from per-element derivatives.

    Parameters
    ----------
    per_element_grad : array-like, shape of ``y_pred``
        :math:`\partial \ell_{ij} / \partial \hat y_{ij}` for every element.
    reduction, sample_weight
        As in :func:`reduce_loss`.

    Returns
    -------
    ndarray
        :math:`\partial L / \partial \hat y`, shaped like ``per_element_grad``: for
        ``"mean"`` without weights, the derivatives divided by the number of elements.

    Examples
    --------
    >>> reduce_loss_grad([2.0, -4.0])              # d/dy_pred of the mean: divide by n
    array([ 1., -2.])
    >>> reduce_loss_grad([2.0, -4.0], "sum", sample_weight=[0.5, 1.0])
    array([ 1., -4.])
    """
    reduction = check_reduction(reduction)
    grad = _per_element(per_element_grad, "per_element_grad").copy()  # scaled in place
    return reduce_elementwise_grad(grad, reduction, prepare_weights(sample_weight, grad))


def check_positive(value, name: str) -> float:
    r"""Return the parameter ``value`` as a float, raising unless it is a finite number > 0.

    The check the built-in losses apply to their own knobs (Huber's ``delta``, the focal
    loss's ``gamma``...), for a loss's parameter such as a weight :math:`k > 0`.

    Parameters
    ----------
    value : int or float
        Not bool, text, NaN or inf.
    name : str
        The parameter's name, for the error message.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Naming ``name``: not a real number, not finite, or not > 0.

    Examples
    --------
    >>> check_positive(4, "k")
    4.0
    >>> check_positive(-1.0, "k")
    Traceback (most recent call last):
    ...
    ValueError: k must be > 0, got -1.0
    """
    return _check_positive(value, name)
