r"""The textbook formulas without the stabilising tricks, kept for comparison only.

**Do not train with these.** Each function here is a formula exactly as it is written
on a blackboard, evaluated in float64 with numpy and nothing else: no shift by the
maximum, no ``log1p``/``expm1``, no two-branch sigmoid, no working from logits. They
agree with the stable functions of :mod:`lossfns` for moderate inputs and fail where
the book's numerical-stability appendix says they do:

* :func:`sigmoid` ``1 / (1 + exp(-z))`` is 0 for :math:`z < -745` and exactly 1 for
  :math:`z > 37`, and numpy warns that ``exp`` overflowed on the way;
* :func:`softplus` ``log(1 + exp(z))`` overflows to ``inf`` for :math:`z > 709.78`,
  and returns 0 once :math:`e^{z}` is below half an ulp of 1 (:math:`z < -36.7`);
* :func:`log_sigmoid` ``log(sigmoid(z))`` is ``-inf`` for :math:`z < -745`;
* :func:`binary_cross_entropy_with_logits` through the probability is ``inf`` as soon
  as :math:`\sigma(z)` rounds to 1 for a label 0;
* :func:`logsumexp`, :func:`softmax`, :func:`log_softmax` and :func:`cross_entropy`
  overflow (``inf``, then ``nan`` from ``inf / inf``) for logits above 709.78 and give
  ``-inf`` where a probability underflows;
* :func:`log_cosh` ``log(cosh(e))`` overflows for :math:`|e| > 710.5`.

Floating-point warnings (overflow, division by zero, invalid value) are silenced: the
point of these functions is to show the ``inf``, ``nan`` and 0 they return. They take
plain arrays (no reduction, no weights) and do not validate their input beyond
converting it to float64.

Examples
--------
>>> import lossfns
>>> print(sigmoid(-800.0), lossfns.sigmoid(-800.0))
0.0 0.0
>>> print(softplus(800.0), -lossfns.log_sigmoid(-800.0))
inf 800.0
>>> print(log_softmax([1000.0, 0.0]), lossfns.log_softmax([1000.0, 0.0]))
[ nan -inf] [    0. -1000.]
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "binary_cross_entropy_with_logits", "cross_entropy", "log_cosh", "log_sigmoid",
    "log_softmax", "logsumexp", "sigmoid", "softmax", "softplus",
]


def _quiet(function):
    """Run ``function`` with numpy's floating-point warnings silenced."""
    def wrapper(*args, **kwargs):
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__qualname__ = function.__qualname__
    wrapper.__doc__ = function.__doc__
    wrapper.__module__ = function.__module__
    wrapper.__wrapped__ = function
    return wrapper


def _float(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _result(value: np.ndarray):
    return value[()] if value.ndim == 0 else value


@_quiet
def sigmoid(z):
    r"""Naive sigmoid :math:`1 / (1 + e^{-z})`, in one branch.

    Stable version: :func:`lossfns.sigmoid`.

    Parameters
    ----------
    z : array-like
        Logits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Same shape as ``z``: 0 where :math:`e^{-z}` overflows (:math:`z < -709.78`), so
        the tiny true probability (:math:`e^{z}`) is lost.

    Examples
    --------
    >>> print(sigmoid(0.0), sigmoid(-710.0))
    0.5 0.0
    """
    return _result(1.0 / (1.0 + np.exp(-_float(z))))


@_quiet
def softplus(z):
    r"""Naive softplus :math:`\log(1 + e^{z})`, without ``log1p`` or a shift.

    Stable version: ``-lossfns.log_sigmoid(-z)``.

    Parameters
    ----------
    z : array-like
        Any reals.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``inf`` for :math:`z > 709.78`; 0 for :math:`z < -36.7`, where the true value is
        about :math:`e^{z} > 0`.

    Examples
    --------
    >>> print(softplus(0.0), softplus(710.0), softplus(-40.0))
    0.6931471805599453 inf 0.0
    """
    return _result(np.log(1.0 + np.exp(_float(z))))


@_quiet
def log_sigmoid(z):
    r"""Naive log-sigmoid :math:`\log(1 / (1 + e^{-z}))`: the log of the naive sigmoid.

    Stable version: :func:`lossfns.log_sigmoid`.

    Parameters
    ----------
    z : array-like
        Logits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``-inf`` where the sigmoid underflows to 0 (:math:`z < -709.78`), 0 where it
        rounds to 1 (:math:`z > 36.7`).

    Examples
    --------
    >>> print(log_sigmoid(-1000.0), log_sigmoid(40.0))
    -inf 0.0
    """
    return _result(np.log(sigmoid(z)))


@_quiet
def binary_cross_entropy_with_logits(y_true, z):
    r"""Per-sample binary cross-entropy of a logit, through the naive probability.

    .. math:: p = \frac{1}{1 + e^{-z}}, \qquad \ell = -\bigl[y \log p + (1 - y) \log(1 - p)\bigr]

    Stable version: :func:`lossfns.binary_cross_entropy_with_logits` (with
    ``reduction="none"``).

    Parameters
    ----------
    y_true : array-like
        Labels in [0, 1].
    z : array-like
        Logits, same shape.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        One loss per element: ``inf`` for ``y = 0`` once :math:`p` rounds to 1
        (:math:`z > 36.7`); ``nan`` (:math:`0 \cdot \log 0`) for ``y = 1`` there.

    Examples
    --------
    >>> print(binary_cross_entropy_with_logits(0.0, 40.0))
    inf
    """
    y = _float(y_true)
    p = _float(sigmoid(z))
    return _result(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@_quiet
def logsumexp(z, axis=-1):
    r"""Naive :math:`\log \sum_j e^{z_j}`, without subtracting the maximum first.

    Stable version: :func:`lossfns.logsumexp`.

    Parameters
    ----------
    z : array-like with at least one axis
        Scores.
    axis : int, default -1
        The axis to sum over.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``inf`` as soon as one :math:`z_j > 709.78`; ``-inf`` when every
        :math:`z_j < -745`.

    Examples
    --------
    >>> print(logsumexp([1000.0, 1000.0]), logsumexp([-1000.0, -1000.0]))
    inf -inf
    """
    return _result(np.log(np.sum(np.exp(_float(z)), axis=axis)))


@_quiet
def softmax(z, axis=-1):
    r"""Naive softmax :math:`e^{z_i} / \sum_j e^{z_j}`, without the shift.

    Stable version: :func:`lossfns.softmax`.

    Parameters
    ----------
    z : array-like with at least one axis
        Logits.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        ``nan`` (:math:`\infty / \infty`) where a logit exceeds 709.78; ``nan``
        (0 / 0) where every logit is below -745.

    Examples
    --------
    >>> softmax([1000.0, 0.0])
    array([nan,  0.])
    """
    e = np.exp(_float(z))
    return e / np.sum(e, axis=axis, keepdims=True)


@_quiet
def log_softmax(z, axis=-1):
    r"""Naive log-probabilities :math:`\log(\operatorname{softmax}(z))`: the log of the naive softmax.

    Stable version: :func:`lossfns.log_softmax`, :math:`z_i - \operatorname{LSE}(z)`.

    Parameters
    ----------
    z : array-like with at least one axis
        Logits.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        ``-inf`` where a probability underflows to 0 (a gap of more than 745 between
        logits), ``nan`` where the softmax is ``nan``.

    Examples
    --------
    >>> log_softmax([0.0, 800.0])
    array([-inf,  nan])
    """
    return np.log(softmax(z, axis=axis))


@_quiet
def cross_entropy(y_true, z):
    r"""Per-sample cross-entropy :math:`-\log \operatorname{softmax}(z)_y` from the naive softmax.

    Stable version: :func:`lossfns.cross_entropy` (with ``reduction="none"``).

    Parameters
    ----------
    y_true : array-like of int, shape ``(n,)``
        Class indices.
    z : array-like, shape ``(n, k)``
        Logits.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``: ``inf`` where the true class's probability underflows, ``nan``
        where the softmax overflowed.

    Examples
    --------
    >>> cross_entropy([0, 1], [[0.0, 800.0], [0.0, 800.0]])
    array([inf, nan])
    """
    labels = np.asarray(y_true, dtype=np.intp)
    log_p = log_softmax(np.atleast_2d(_float(z)))
    return -np.take_along_axis(log_p, labels[:, np.newaxis], axis=-1)[:, 0]


@_quiet
def log_cosh(y_true, y_pred):
    r"""Per-element :math:`\log \cosh(\hat y - y)`, straight from the definition.

    Stable version: :func:`lossfns.log_cosh` (with ``reduction="none"``).

    Parameters
    ----------
    y_true, y_pred : array-like, same shape
        Targets and predictions.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``inf`` where ``cosh`` overflows (errors beyond :math:`\pm 710.5`), although
        the true value is about :math:`|e| - \log 2`.

    Examples
    --------
    >>> print(log_cosh(0.0, 1.0), log_cosh(0.0, 800.0))
    0.4337808304830271 inf
    """
    return _result(np.log(np.cosh(_float(y_pred) - _float(y_true))))
