r"""Activations that turn raw scores (logits) into probabilities, computed stably.

These are not losses: they have no ``y_true``, no reduction and no weights.
They work element-wise (:func:`sigmoid`, :func:`log_sigmoid`) or along one axis
(:func:`softmax`, :func:`log_softmax`, :func:`logsumexp`) of a float64 array of
any shape, and are accurate to a few units in the last place for every finite
input, including logits of :math:`\pm 10^4` and offsets of :math:`10^{8}`:

* nothing is exponentiated that could overflow: :math:`e^{-|z|}` and
  :math:`e^{z_j - \max z}` are at most 1;
* :math:`\log(1 + u)` is computed with ``log1p`` so that tiny ``u`` survive;
* the rounding error of :math:`z_j - \max z` is carried along (an error-free
  "two-sum"), so :math:`e^{z_j - \max z}` keeps full relative accuracy even
  when the difference is in the hundreds.

Results that are smaller than the smallest normal float64 (about
:math:`2.2 \times 10^{-308}`, e.g. ``sigmoid(-740)``) are subnormal and keep
fewer significant digits; results beyond the float64 range (e.g.
``log_softmax([-1e308, 1e308])[0]``, truly :math:`-2 \times 10^{308}`) round to
``-inf``, without a warning.
"""

from __future__ import annotations

import numpy as np

from . import _fast
from ._twosum import difference_with_error
from ._validation import as_float_array

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax"]


def _scalar_or_array(result: np.ndarray):
    """A 0-d result as a numpy float64 scalar, anything else unchanged."""
    return result[()] if result.ndim == 0 else result


def softplus_unchecked(x: np.ndarray) -> np.ndarray:
    r"""Softplus :math:`\log(1 + e^{x}) = \max(x, 0) + \operatorname{log1p}(e^{-|x|})`."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid_unchecked(x: np.ndarray) -> np.ndarray:
    r""":math:`1 / (1 + e^{-x})` from :math:`e^{-|x|} \le 1` (float64 array in, out)."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def _shifted_exponentials(z: np.ndarray):
    r"""The pieces shared by the softmax family, along the last axis of ``z``.

    Returns ``(z_max, shift, shift_error, others, e, is_top)``: ``shift +
    shift_error`` is ``z - z_max`` exactly; ``e`` is :math:`e^{z_j - \max z}`;
    ``is_top`` marks the (first) arg-max :math:`j^*`; ``others`` is
    :math:`\sum_{j \ne j^*} e^{z_j - \max z}`. The total is ``1 + others``;
    keeping the 1 apart lets ``log1p(others)`` stay accurate when the other
    classes are negligible.
    """
    top = np.argmax(z, axis=-1)[..., np.newaxis]
    z_max = np.take_along_axis(z, top, axis=-1)
    shift, shift_error = difference_with_error(z, z_max)
    e = np.exp(shift)
    e = e + e * shift_error          # e^(shift + shift_error), to first order
    is_top = np.arange(z.shape[-1]) == top
    others = np.where(is_top, 0.0, e).sum(axis=-1, keepdims=True)
    return z_max, shift, shift_error, others, e, is_top


def _along_last_axis(z, axis):
    """Validate ``z`` and ``axis``; return ``z`` with ``axis`` moved last and the axis index."""
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError(
            "z must have at least one axis (the classes) for a softmax-type function, "
            "got a 0-d scalar; for a single logit use sigmoid / log_sigmoid"
        )
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        # ValueError, not TypeError: every bad input of lossfns raises ValueError
        raise ValueError(f"axis must be an integer, got {axis!r}")  # noqa: TRY004
    if not -z.ndim <= axis < z.ndim:
        raise ValueError(
            f"axis must lie in [{-z.ndim}, {z.ndim - 1}] for z of shape {z.shape}, got {axis}"
        )
    axis = int(axis) % z.ndim
    return np.moveaxis(z, axis, -1), axis


def log_softmax_unchecked(z: np.ndarray) -> np.ndarray:
    """:func:`log_softmax` along the last axis of a validated float64 array."""
    if _fast.log_softmax_pays(z):  # many samples of few classes: the same, faster
        return _fast.log_softmax_few_classes(z)
    _, shift, shift_error, others, _, _ = _shifted_exponentials(z)
    return (shift - np.log1p(others)) + shift_error


def _softmax_last(z: np.ndarray) -> np.ndarray:
    """:func:`softmax` along the last axis of a validated float64 array."""
    _, _, _, others, e, is_top = _shifted_exponentials(z)
    return np.where(is_top, 1.0, e) / (1.0 + others)


def sigmoid(z):
    r"""The logistic sigmoid, a logit's probability.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}
              = \begin{cases} 1 / (1 + e^{-z}) & z \ge 0 \\
                              e^{z} / (1 + e^{z}) & z < 0 \end{cases}

    The second form only ever exponentiates :math:`-|z|`, so it never overflows
    and keeps full relative accuracy for very negative ``z``
    (``sigmoid(-700)`` is :math:`e^{-700}`, not 0).

    Parameters
    ----------
    z : array-like of any shape
        Finite logits.

    Returns
    -------
    numpy.float64 or ndarray
        Same shape as ``z``, values in [0, 1].

    Examples
    --------
    >>> sigmoid([0.0, 2.0, -2.0])
    array([0.5       , 0.88079708, 0.11920292])
    >>> print(f"{sigmoid(-700.0):.12g}")
    9.85967654376e-305
    """
    z = as_float_array(z, "z")
    return _scalar_or_array(sigmoid_unchecked(z))


def log_sigmoid(z):
    r"""The logarithm of the sigmoid, without forming the sigmoid.

    .. math:: \log \sigma(z) = -\log(1 + e^{-z})
              = -\bigl(\max(-z, 0) + \operatorname{log1p}(e^{-|z|})\bigr)

    Parameters
    ----------
    z : array-like of any shape
        Finite logits.

    Returns
    -------
    numpy.float64 or ndarray
        Same shape as ``z``, values :math:`\le 0`; ``log_sigmoid(-1e4)`` is
        exactly ``-1e4`` (the naive ``log(sigmoid(-1e4))`` is ``-inf``).

    Examples
    --------
    >>> print(f"{log_sigmoid(0.0):.12g}")
    -0.69314718056
    >>> print(log_sigmoid(-1e4))
    -10000.0
    >>> print(f"{log_sigmoid(40.0):.12g}")
    -4.24835425529e-18
    """
    z = as_float_array(z, "z")
    return _scalar_or_array(-softplus_unchecked(-z))


def logsumexp(z, axis=-1):
    r"""The log of a sum of exponentials, without overflow.

    .. math:: \operatorname{LSE}(z) = \log \sum_j e^{z_j}
              = m + \operatorname{log1p}\Bigl(\sum_{j \ne j^*} e^{z_j - m}\Bigr),
              \qquad m = z_{j^*} = \max_j z_j

    Parameters
    ----------
    z : array-like with at least one axis
        Finite values.
    axis : int, default -1
        The axis to sum over (the classes).

    Returns
    -------
    numpy.float64 or ndarray
        ``z``'s shape without ``axis``.

    Examples
    --------
    >>> print(f"{logsumexp([0.0, 0.0, 0.0]):.12g}")  # ln 3
    1.09861228867
    >>> print(f"{logsumexp([1e8, 1e8, 1e8]):.12g}")  # 1e8 + ln 3, no overflow
    100000001.099
    >>> print(f"{logsumexp([0.0, -40.0]):.12g}")  # log1p(e^-40), not 0
    4.24835425529e-18
    """
    z, _ = _along_last_axis(z, axis)
    z_max, _, _, others, _, _ = _shifted_exponentials(z)
    return _scalar_or_array((z_max + np.log1p(others))[..., 0])


def log_softmax(z, axis=-1):
    r"""Log-probabilities of a softmax, computed as differences, never as ``log(softmax)``.

    .. math:: \log \operatorname{softmax}(z)_i = z_i - \operatorname{LSE}(z)
              = (z_i - m) - \operatorname{log1p}\Bigl(\sum_{j \ne j^*} e^{z_j - m}\Bigr)

    Invariant to adding the same constant to every logit.

    Parameters
    ----------
    z : array-like with at least one axis
        Finite logits.
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray
        Same shape as ``z``, values :math:`\le 0`.

    Examples
    --------
    >>> log_softmax([1e8, 1e8, 1e8])    # -ln 3 each: the offset 1e8 cancels exactly
    array([-1.09861229, -1.09861229, -1.09861229])
    >>> log_softmax([0.0, 1e4])          # finite where log(softmax) would give -inf
    array([-10000.,      0.])
    """
    z, axis = _along_last_axis(z, axis)
    return np.moveaxis(log_softmax_unchecked(z), -1, axis)


def softmax(z, axis=-1):
    r"""Turn logits into a probability distribution along ``axis``.

    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
              = \frac{e^{z_i - m}}{1 + \sum_{j \ne j^*} e^{z_j - m}},
              \qquad m = z_{j^*} = \max_j z_j

    Parameters
    ----------
    z : array-like with at least one axis
        Finite logits.
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray
        Same shape as ``z``; entries in [0, 1] summing to 1 along ``axis``.

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0])
    array([0.09003057, 0.24472847, 0.66524096])
    >>> softmax([1e4, 0.0])
    array([1., 0.])
    """
    z, axis = _along_last_axis(z, axis)
    return np.moveaxis(_softmax_last(z), -1, axis)
