"""Checking a gradient against central finite differences."""

from __future__ import annotations

import sys

import numpy as np

from ._validation import as_float_array, check_positive


def _find_grad(loss):
    """The gradient function of ``loss``: its registry entry, else ``<module>.<name>_grad``."""
    from .registry import LOSSES

    for info in LOSSES.values():
        if info.value is loss:
            return info.grad
    module = sys.modules.get(getattr(loss, "__module__", None) or "")
    grad = getattr(module, f"{getattr(loss, '__name__', '')}_grad", None)
    if grad is None:
        raise ValueError(
            f"loss {getattr(loss, '__name__', loss)!r} has no registered gradient and no "
            f"'{getattr(loss, '__name__', 'loss')}_grad' function beside it; pass grad=..."
        )
    return grad


def numerical_grad(loss, y_true, y_pred, *, eps: float = 1e-7, **kwargs) -> np.ndarray:
    r"""Central finite-difference gradient of the reduced ``loss`` w.r.t. ``y_pred``.

    .. math:: g_j \approx \frac{L(\hat y + h_j e_j) - L(\hat y - h_j e_j)}{2 h_j},
              \quad h_j = \varepsilon \max(1, |\hat y_j|)

    Its error is :math:`O(h^2)` from the curvature plus :math:`O(\epsilon_{mach}/h)`
    from rounding, so it agrees with an exact gradient to about 1e-8 in smooth places.
    The small default step keeps a probability row within the 1e-6 row-sum tolerance
    of the losses that take probabilities.

    Parameters
    ----------
    loss : callable
        ``loss(y_true, y_pred, **kwargs)`` returning a number (use a reduction
        other than ``"none"``).
    y_true, y_pred : array-like
    eps : float
        Relative step size.

    Returns
    -------
    ndarray shaped like ``y_pred``.

    Examples
    --------
    >>> from lossfns import mse
    >>> numerical_grad(mse, [1.0, 2.0], [1.5, 2.0]).round(6)
    array([0.5, 0. ])
    """
    eps = check_positive(eps, "eps")
    if kwargs.get("reduction") == "none":
        raise ValueError("reduction must be 'mean' or 'sum' for a gradient check, got 'none'")
    y_pred = as_float_array(y_pred, "y_pred")
    grad = np.empty_like(y_pred)
    flat_pred, flat_grad = y_pred.reshape(-1), grad.reshape(-1)
    for j in range(flat_pred.size):
        h = eps * max(1.0, abs(flat_pred[j]))
        plus, minus = flat_pred.copy(), flat_pred.copy()
        plus[j] += h
        minus[j] -= h
        step = plus[j] - minus[j]  # the step actually taken, after rounding
        value_plus = float(loss(y_true, plus.reshape(y_pred.shape), **kwargs))
        value_minus = float(loss(y_true, minus.reshape(y_pred.shape), **kwargs))
        flat_grad[j] = (value_plus - value_minus) / step
    return grad


def check_grad(loss, y_true, y_pred, *, grad=None, eps: float = 1e-7,
               atol: float = 1e-8, **kwargs) -> float:
    r"""Compare ``loss``'s analytic gradient with central finite differences.

    Returns the largest error over the entries of ``y_pred``, relative to the
    size of the gradient as a whole,

    .. math:: \frac{\max_j |g_j - \tilde g_j|}
                    {\max\bigl(\max_j |g_j|,\ \max_j |\tilde g_j|,\ \mathrm{atol}\bigr)}

    where :math:`g` is the analytic and :math:`\tilde g` the numerical gradient.
    (Dividing entry by entry would blow up the rounding noise of entries whose
    true derivative is 0.) A correct gradient typically gives 1e-7 or less; a
    wrong one gives something near 1 or more. Avoid points where the loss has a kink (MAE at a zero error,
    hinge at a margin of exactly 1): there no derivative exists.

    Parameters
    ----------
    loss : callable
        A loss with the package's signature. Its gradient is taken from ``grad``,
        else from the registry, else from a ``<name>_grad`` function in its module.
    y_true, y_pred : array-like
        Where to check.
    grad : callable, optional
        The gradient function to check (same signature as ``loss``).
    eps : float
        Relative finite-difference step.
    atol : float
        Floor of the denominator, so that a gradient that is 0 everywhere (at a
        minimum) is judged by its absolute error.
    **kwargs
        Passed to both ``loss`` and ``grad`` (``reduction``, ``delta``, ...).

    Examples
    --------
    >>> from lossfns import mse
    >>> check_grad(mse, [1.0, 2.0, 3.0], [1.5, 1.0, 3.2]) < 1e-7
    True
    """
    atol = check_positive(atol, "atol")
    if grad is None:
        grad = _find_grad(loss)
    analytic = np.asarray(grad(y_true, y_pred, **kwargs), dtype=np.float64)
    numeric = numerical_grad(loss, y_true, y_pred, eps=eps, **kwargs)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"grad must return an array shaped like y_pred {numeric.shape}, "
            f"got shape {analytic.shape}"
        )
    return scale_aware_error([analytic], [numeric], atol)


def scale_aware_error(analytic, numeric, atol: float) -> float:
    r"""The error measure of :func:`check_grad`, over several arrays taken together.

    .. math:: \frac{\max |g - \tilde g|}
                    {\max\bigl(\max |g|,\ \max |\tilde g|,\ \mathrm{atol}\bigr)}

    where the maxima run over every entry of every pair of arrays: ``analytic``
    and ``numeric`` are sequences of float64 arrays, paired in order and of the
    same shapes. :func:`lossfns.training.check_backward` uses it over all of a
    model's parameters at once.

    Examples
    --------
    >>> analytic = [np.array([1.0, -2.0]), np.array(4.0)]
    >>> numeric = [np.array([1.0, -2.0]), np.array(3.0)]
    >>> scale_aware_error(analytic, numeric, atol=1e-8)   # |4 - 3| / max(2, 4)
    0.25
    """
    largest = max(max(float(np.max(np.abs(g))) for g in analytic),
                  max(float(np.max(np.abs(g))) for g in numeric), atol)
    worst = max(float(np.max(np.abs(g - g_num))) for g, g_num in zip(analytic, numeric))
    return worst / largest
