r"""Regression losses: how far a real-valued prediction is from the truth.

Every loss takes ``(y_true, y_pred, *, reduction="mean", sample_weight=None)``
(plus its own hyper-parameter, if any) and has a ``*_grad`` twin with the same
signature returning ``d(reduced loss) / d(y_pred)``, shaped like ``y_pred``.

Writing the error as :math:`e = \hat y - y` (prediction minus truth):

* :func:`mse` -- :math:`e^2`; estimates the conditional mean; squared units.
* :func:`rmse` -- the square root of the (reduced) MSE; back in the units of ``y``.
* :func:`mae` -- :math:`|e|`; estimates the conditional median.
* :func:`huber` -- quadratic for :math:`|e| \le \delta`, linear beyond.
* :func:`smooth_l1` -- Huber divided by its threshold ``beta`` (PyTorch's convention).
* :func:`log_cosh` -- :math:`\log\cosh e`: quadratic near 0, linear far away, smooth.
* :func:`quantile_loss` -- the asymmetric pinball loss; estimates the ``q``-quantile.

Shared behaviour (see :mod:`lossfns._reduction`): axis 0 holds the samples, an
``(n, k)`` input is averaged over its ``k`` outputs to give one loss ``l_i`` per
sample, ``"none"`` returns ``w_i l_i``, ``"sum"`` returns :math:`\sum_i w_i l_i`
and ``"mean"`` returns :math:`\sum_i w_i l_i / \sum_i w_i`.

Overflow: a value beyond the float64 range (about ``1.8e308``) becomes ``inf``
without a warning. That is the correct result when the loss itself is that
large; it also happens when only an intermediate is (an error
``y_pred - y_true`` or an element's loss above ``1.8e308`` whose mean would
fit). Only :func:`rmse` guards against the latter; bounded gradients (MAE,
Huber, Smooth L1, log-cosh, quantile) stay exact in any case.
"""

from __future__ import annotations

import functools

import numpy as np

from . import _fast
from ._reduction import (
    weights_like,
    per_sample,
    reduce_elementwise,
    reduce_elementwise_grad,
    reduce_losses,
)
from ._validation import (
    check_in_interval,
    check_loss_inputs,
    check_positive,
    check_reduction,
)

__all__ = [
    "huber",
    "huber_grad",
    "log_cosh",
    "log_cosh_grad",
    "mae",
    "mae_grad",
    "mse",
    "mse_grad",
    "quantile_loss",
    "quantile_loss_grad",
    "rmse",
    "rmse_grad",
    "smooth_l1",
    "smooth_l1_grad",
]

_LOG_2 = float(np.log(2.0))

# A mean square at least this large cannot have lost a significant bit to
# squares that underflowed (each loses < 2**-1074), so it is exact: see rmse.
_SAFE_MEAN_SQUARE = 2.0**-900

# Below this |error| log_cosh uses log1p(u**2 / (2 (1 + u))), u = expm1(|e|);
# above it, |e| + log1p(exp(-2|e|)) - log 2. Measured against 50-digit mpmath on
# 10 000 points: the expm1 form stays within 4.7e-16 relative error on
# [1e-12, 30] (its u**2 overflows past |e| ~ 354); the other form is within
# 2.5e-16 for |e| >= 1 but loses digits to cancellation below: 7e-16 on
# [0.5, 1), 2.4e-14 on [0.1, 0.5), 1.3e-10 on [1e-3, 0.1), and returns 0 for
# |e| = 1e-10, whose log-cosh is 5e-21. Any switch in [1, 30] is accurate.
_LOG_COSH_SWITCH = 2.0


def _inf_on_overflow(function):
    """Run ``function`` with numpy's overflow warning silenced: a value too large
    for float64 becomes ``inf`` quietly (see "Overflow" in the module docstring)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with np.errstate(over="ignore"):
            return function(*args, **kwargs)

    return wrapper


# ---------------------------------------------------------------------------
# Mean squared error
# ---------------------------------------------------------------------------

@_inf_on_overflow
def mse(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Mean squared error.

    .. math:: L = \frac{\sum_i w_i\, l_i}{\sum_i w_i}, \qquad
              l_i = \frac{1}{k} \sum_{j=1}^{k} (\hat y_{ij} - y_{ij})^2

    (with all :math:`w_i = 1` when no weights are given). Squaring makes large
    errors dominate, and the result is in the *squared* units of ``y``; the
    prediction minimising it is the mean of ``y``.

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions. ``(n, k)`` inputs average over all elements.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, ``w_i l_i``, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample; ``"mean"`` is then ``sum(w l) / sum(w)``.

    Returns
    -------
    float or ndarray
        In the squared units of ``y``; ``inf`` if the true value exceeds float64.

    Examples
    --------
    >>> print(mse([3.0, 5.0], [2.0, 5.0]))
    0.5
    >>> mse([[1.0, 2.0], [3.0, 4.0]], [[1.0, 4.0], [3.0, 4.0]], reduction="none")
    array([2., 0.])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    error = y_pred - y_true
    if check_reduction(reduction) == "none":
        return reduce_elementwise(error**2, reduction, weights)
    return _fast.mean_square(error, reduction, weights)  # reduce_elementwise(error**2, ...)


@_inf_on_overflow
def mse_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`mse` with respect to ``y_pred``.

    .. math:: \frac{\partial L}{\partial \hat y_{ij}}
              = \frac{w_i}{\sum_m w_m} \cdot \frac{2 (\hat y_{ij} - y_{ij})}{k}

    (for ``"sum"`` and ``"none"`` drop the :math:`\sum_m w_m`). Same arguments
    as :func:`mse`.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``.

    Examples
    --------
    >>> mse_grad([3.0, 5.0], [2.0, 5.0])
    array([-1.,  0.])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(2.0 * (y_pred - y_true), reduction, weights)


# ---------------------------------------------------------------------------
# Root mean squared error
# ---------------------------------------------------------------------------

def _scaled_errors(y_true, y_pred, weights=None, *, each_sample=False):
    """``(error / (s f), s, f)``: the errors divided by a power of two ``s f``, so that squares fit.

    ``s`` is the power of two just below the largest scaled ``|y_pred - y_true|``
    (per sample with ``each_sample``), so every scaled error lies in ``(-2, 2)``
    and its square neither overflows (errors of ``1e200``) nor, for the largest
    ones, underflows (errors of ``1e-300``). Dividing by a power of two is
    exact. ``f`` is 1, or 4 where the difference itself overflows (inputs near
    ``+-1.8e308`` of opposite signs): both inputs are then first divided by 4,
    and a result is multiplied back by ``s``, then by ``f``, so that it
    overflows only if it is truly too large. Samples of weight 0 are set to 0:
    they do not count, and must not set ``s``.
    """
    error, factor = y_pred - y_true, 1.0
    if not np.all(np.isfinite(error)):
        error, factor = 0.25 * y_pred - 0.25 * y_true, 4.0
    if weights is not None:
        error = np.where(weights_like(weights, error) > 0.0, error, 0.0)
    size = np.abs(error)
    if not each_sample:
        largest = np.max(size)
    elif size.ndim <= 1:
        largest = size
    else:
        largest = size.reshape(size.shape[0], -1).max(axis=1)
    _, exponent = np.frexp(largest)
    s = np.ldexp(1.0, exponent - 1)  # largest / s in [1, 2); 0.5 for 0
    return error / (weights_like(s, error) if each_sample else s), s, factor


@_inf_on_overflow
def rmse(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Root mean squared error: the square root of :func:`mse`.

    .. math:: L_\text{mean} = \sqrt{\frac{\sum_i w_i\, m_i}{\sum_i w_i}}, \qquad
              L_\text{sum} = \sqrt{\sum_i w_i\, m_i}, \qquad
              L_\text{none}[i] = w_i \sqrt{m_i},

    where :math:`m_i = \frac1k \sum_j (\hat y_{ij} - y_{ij})^2` is sample *i*'s
    mean squared error. RMSE is back in the units of ``y``.

    The square root is taken *after* reducing, so unlike the other losses RMSE
    does not split into per-sample terms: ``rmse(..., reduction="none")`` holds
    each sample's own RMSE (times its weight), and its sum is **not**
    ``rmse(..., reduction="sum")``. For an ``(n, k)`` input the square root is
    taken of the mean over all ``n k`` elements; scikit-learn's
    ``root_mean_squared_error`` instead averages the ``k`` per-output RMSEs.

    The errors are scaled by a power of two before squaring, so an error of
    ``1e-300`` gives an RMSE of ``1e-300`` (not 0) and one of ``1e200`` gives
    ``1e200`` (not inf).

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions.
    reduction : {"mean", "sum", "none"}
        See the formulas above; ``"none"`` has shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample.

    Returns
    -------
    float or ndarray
        In the units of ``y``.

    Examples
    --------
    >>> print(rmse([0.0, 0.0], [3.0, -4.0]))
    3.5355339059327378
    >>> rmse([[0.0, 0.0], [1.0, 1.0]], [[3.0, -4.0], [1.0, 1.0]], reduction="none")
    array([3.53553391, 0.        ])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    if check_reduction(reduction) == "none":  # each sample's own RMSE, times its weight
        error, s, f = _scaled_errors(y_true, y_pred, each_sample=True)
        return reduce_losses(np.sqrt(per_sample(error**2)) * s * f, "none", weights)
    mean_square = _fast.mean_square(y_pred - y_true, reduction, weights)  # the MSE
    if _SAFE_MEAN_SQUARE <= mean_square < np.inf:
        return np.sqrt(mean_square)
    # a square overflowed or lost digits to underflow: the same on scaled errors
    error, s, f = _scaled_errors(y_true, y_pred, weights)
    return np.sqrt(reduce_elementwise(error**2, reduction, weights)) * s * f


@_inf_on_overflow
def rmse_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`rmse` with respect to ``y_pred``.

    .. math:: \frac{\partial L_\text{mean}}{\partial \hat y_{ij}}
              = \frac{w_i}{\sum_m w_m} \cdot \frac{\hat y_{ij} - y_{ij}}{k\, L_\text{mean}},
              \qquad
              \frac{\partial L_\text{none}[i]}{\partial \hat y_{ij}}
              = w_i \frac{\hat y_{ij} - y_{ij}}{k \sqrt{m_i}}

    (``"sum"``: drop :math:`\sum_m w_m` and use :math:`L_\text{sum}`). Same
    arguments as :func:`rmse`.

    At a perfect prediction the RMSE has a kink (like :math:`|x|` at 0) and no
    gradient; this function then returns **zeros**, a valid subgradient, never
    NaN. With ``"none"`` this holds per sample.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``.

    Examples
    --------
    >>> rmse_grad([0.0, 0.0], [3.0, -4.0])
    array([ 0.42426407, -0.56568542])
    >>> rmse_grad([1.0, 2.0], [1.0, 2.0])
    array([0., 0.])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    if check_reduction(reduction) == "none":  # each sample's error / its own RMSE
        error, _, _ = _scaled_errors(y_true, y_pred, each_sample=True)
        root = weights_like(np.sqrt(per_sample(error**2)), error)
        ratio = np.divide(error, root, out=np.zeros_like(error), where=root > 0.0)
        return reduce_elementwise_grad(ratio, reduction, weights)
    error = y_pred - y_true
    mean_square = _fast.mean_square(error, reduction, weights)  # the MSE
    if not _SAFE_MEAN_SQUARE <= mean_square < np.inf:
        # as in rmse: error / RMSE is the same for errors scaled by a power of two
        error, _, _ = _scaled_errors(y_true, y_pred, weights)
        mean_square = reduce_elementwise(error**2, reduction, weights)
    if mean_square == 0.0:  # a perfect prediction: the subgradient 0
        return reduce_elementwise_grad(np.zeros_like(error), reduction, weights)
    # d sqrt(MSE) = d MSE / (2 RMSE): the MSE's gradient 2 error / k, over 2 RMSE
    return reduce_elementwise_grad(error, reduction, weights, divisor=np.sqrt(mean_square))


# ---------------------------------------------------------------------------
# Mean absolute error
# ---------------------------------------------------------------------------

@_inf_on_overflow
def mae(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Mean absolute error.

    .. math:: L = \frac{\sum_i w_i\, l_i}{\sum_i w_i}, \qquad
              l_i = \frac{1}{k} \sum_{j=1}^{k} |\hat y_{ij} - y_{ij}|

    Every unit of error costs the same, so a few extreme values do not
    dominate; the prediction minimising it is the median of ``y``.

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions. ``(n, k)`` inputs average over all elements.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, ``w_i l_i``, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample.

    Returns
    -------
    float or ndarray
        In the units of ``y``.

    Examples
    --------
    >>> print(mae([3.0, 5.0, 2.0], [2.0, 5.0, 6.0]))
    1.6666666666666667
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    absolute_error = np.abs(y_pred - y_true)
    return reduce_elementwise(absolute_error, reduction, weights)


@_inf_on_overflow
def mae_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""(Sub)gradient of :func:`mae` with respect to ``y_pred``.

    .. math:: \frac{\partial L}{\partial \hat y_{ij}}
              = \frac{w_i}{\sum_m w_m} \cdot \frac{\operatorname{sign}(\hat y_{ij} - y_{ij})}{k}

    (for ``"sum"`` and ``"none"`` drop the :math:`\sum_m w_m`). :math:`|x|` has
    no derivative at 0; where the prediction is exact this returns 0, which
    lies in the subdifferential :math:`[-1, 1]`. Same arguments as :func:`mae`.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``; each entry has the same size, whatever the error.

    Examples
    --------
    >>> mae_grad([3.0, 5.0, 2.0], [2.0, 5.0, 6.0])
    array([-0.33333333,  0.        ,  0.33333333])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.sign(y_pred - y_true), reduction, weights)


# ---------------------------------------------------------------------------
# Huber and Smooth L1
# ---------------------------------------------------------------------------

@_inf_on_overflow
def huber(y_true, y_pred, *, reduction="mean", sample_weight=None, delta=1.0):
    r"""Huber loss: squared error for small errors, absolute error for large ones.

    .. math:: h_\delta(e) = \begin{cases}
                \tfrac12 e^2 & |e| \le \delta \\
                \delta \left(|e| - \tfrac12 \delta\right) & |e| > \delta
              \end{cases}, \qquad e = \hat y - y,

    averaged over the ``k`` outputs of each sample and reduced like :func:`mse`.
    The two pieces meet with equal value and slope at :math:`|e| = \delta`, so
    the loss is smooth (once differentiable) and its gradient never exceeds
    :math:`\delta` in size. ``huber(delta=d)`` equals ``d * smooth_l1(beta=d)``
    (up to rounding).

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample.
    delta : float > 0, default 1.0
        Where the quadratic part ends, in the units of ``y``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> huber([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    >>> print(huber([0.0], [3.0], delta=2.0))
    4.0
    """
    delta = check_positive(delta, "delta")
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    error = y_pred - y_true
    size = np.abs(error)
    loss = np.where(size <= delta, 0.5 * error**2, delta * (size - 0.5 * delta))
    return reduce_elementwise(loss, reduction, weights)


@_inf_on_overflow
def huber_grad(y_true, y_pred, *, reduction="mean", sample_weight=None, delta=1.0):
    r"""Gradient of :func:`huber` with respect to ``y_pred``.

    .. math:: h_\delta'(e) = \operatorname{clip}(e, -\delta, \delta)
              = \begin{cases} e & |e| \le \delta \\
                \delta \operatorname{sign}(e) & |e| > \delta \end{cases}

    times :math:`w_i / (k \sum_m w_m)` as in :func:`mse_grad`. Same arguments
    as :func:`huber`.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``.

    Examples
    --------
    >>> huber_grad([0.0, 0.0], [0.5, 3.0], reduction="sum")
    array([0.5, 1. ])
    """
    delta = check_positive(delta, "delta")
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.clip(y_pred - y_true, -delta, delta), reduction, weights)


@_inf_on_overflow
def smooth_l1(y_true, y_pred, *, reduction="mean", sample_weight=None, beta=1.0):
    r"""Smooth L1 loss, with PyTorch's ``beta`` convention.

    .. math:: s_\beta(e) = \begin{cases}
                \dfrac{e^2}{2\beta} & |e| < \beta \\
                |e| - \tfrac12 \beta & |e| \ge \beta
              \end{cases}, \qquad e = \hat y - y,

    averaged over the ``k`` outputs of each sample and reduced like :func:`mse`.
    This is :func:`huber` divided by its threshold,
    :math:`s_\beta = h_\beta / \beta`, so the linear part has slope 1 whatever
    ``beta`` is (PyTorch's ``torch.nn.SmoothL1Loss``; the localisation loss of
    object detectors such as Fast R-CNN).

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample.
    beta : float > 0, default 1.0
        Where the quadratic part ends, in the units of ``y``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> smooth_l1([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    >>> print(smooth_l1([0.0], [3.0], beta=2.0))
    2.0
    """
    beta = check_positive(beta, "beta")
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    error = y_pred - y_true
    size = np.abs(error)
    # 0.5 * e * (e / beta) rather than 0.5 * e**2 / beta: e / beta < 1 where it is
    # used, so nothing under- or overflows unless the result itself does
    loss = np.where(size < beta, 0.5 * error * (error / beta), size - 0.5 * beta)
    return reduce_elementwise(loss, reduction, weights)


@_inf_on_overflow
def smooth_l1_grad(y_true, y_pred, *, reduction="mean", sample_weight=None, beta=1.0):
    r"""Gradient of :func:`smooth_l1` with respect to ``y_pred``.

    .. math:: s_\beta'(e) = \operatorname{clip}(e / \beta, -1, 1)

    times :math:`w_i / (k \sum_m w_m)` as in :func:`mse_grad`. Same arguments
    as :func:`smooth_l1`.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``.

    Examples
    --------
    >>> smooth_l1_grad([0.0, 0.0], [0.5, -3.0], reduction="sum", beta=2.0)
    array([ 0.25, -1.  ])
    """
    beta = check_positive(beta, "beta")
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.clip((y_pred - y_true) / beta, -1.0, 1.0),
                                   reduction, weights)


# ---------------------------------------------------------------------------
# Log-cosh
# ---------------------------------------------------------------------------

@_inf_on_overflow
def log_cosh(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Log-cosh loss: about :math:`e^2/2` for small errors, :math:`|e| - \log 2` for large.

    .. math:: l(e) = \log \cosh e, \qquad e = \hat y - y,

    averaged over the ``k`` outputs of each sample and reduced like :func:`mse`.
    Like Huber it is quadratic near 0 and linear far away, but it is smooth
    everywhere (infinitely differentiable) and has no threshold to tune.

    Computed without overflow or cancellation: :math:`\log\cosh e` overflows
    ``cosh`` for :math:`|e| > 710`, and the overflow-free
    :math:`|e| + \operatorname{log1p}(e^{-2|e|}) - \log 2` cancels for small
    errors (it returns 0 for :math:`e = 10^{-10}`, whose log-cosh is
    :math:`5 \times 10^{-21}`). Below :math:`|e| = 2` this function uses
    :math:`\operatorname{log1p}\big(u^2 / (2(1+u))\big)` with
    :math:`u = \operatorname{expm1}(|e|)` instead. Relative error below
    :math:`10^{-15}` wherever the result is a normal float64.

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> log_cosh([0.0, 0.0], [1e-10, 1000.0], reduction="none")
    array([5.00000000e-21, 9.99306853e+02])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    size = np.abs(y_pred - y_true)
    # near 0: cosh e - 1 = u**2 / (2 (1 + u)) with u = expm1(|e|), no cancellation
    u = np.expm1(np.minimum(size, _LOG_COSH_SWITCH))
    near_zero = np.log1p(u * (u / (2.0 * (1.0 + u))))
    # far from 0: log cosh e = |e| + log1p(exp(-2 |e|)) - log 2, no overflow
    far = size + np.log1p(np.exp(-2.0 * size)) - _LOG_2
    loss = np.where(size < _LOG_COSH_SWITCH, near_zero, far)
    return reduce_elementwise(loss, reduction, weights)


@_inf_on_overflow
def log_cosh_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`log_cosh` with respect to ``y_pred``.

    .. math:: l'(e) = \tanh e

    times :math:`w_i / (k \sum_m w_m)` as in :func:`mse_grad`: about :math:`e`
    for small errors and :math:`\pm 1` for large ones. Same arguments as
    :func:`log_cosh`.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``.

    Examples
    --------
    >>> log_cosh_grad([0.0, 0.0], [0.5, -30.0], reduction="sum")
    array([ 0.46211716, -1.        ])
    """
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.tanh(y_pred - y_true), reduction, weights)


# ---------------------------------------------------------------------------
# Quantile (pinball) loss
# ---------------------------------------------------------------------------

def _check_quantile(q):
    return check_in_interval(q, "q", 0.0, 1.0, closed_low=False, closed_high=False)


@_inf_on_overflow
def quantile_loss(y_true, y_pred, *, reduction="mean", sample_weight=None, q=0.5):
    r"""Quantile (pinball) loss: an asymmetric MAE whose minimiser is the ``q``-quantile.

    .. math:: \rho_q(r) = \max\big(q\, r,\ (q - 1)\, r\big)
              = \begin{cases} q\, r & r \ge 0 \\ (1 - q)\, |r| & r < 0 \end{cases},
              \qquad r = y - \hat y,

    averaged over the ``k`` outputs of each sample and reduced like :func:`mse`.
    With ``q = 0.9`` predicting too low (:math:`r > 0`) costs nine times as much
    as predicting too high, so the best constant prediction is the 90th
    percentile. ``q = 0.5`` is half the MAE: ``2 * quantile_loss(q=0.5) == mae``
    exactly. Matches scikit-learn's ``mean_pinball_loss(alpha=q)``.

    Parameters
    ----------
    y_true, y_pred : array-like, same shape ``()``, ``(n,)`` or ``(n, k)``
        Targets and predictions.
    reduction : {"mean", "sum", "none"}
        ``"none"`` returns one loss per sample, shape ``(n,)``.
    sample_weight : array-like of shape ``(n,)``, optional
        Non-negative weight per sample.
    q : float in the open interval (0, 1), default 0.5
        The quantile to estimate.

    Returns
    -------
    float or ndarray
        In the units of ``y``.

    Examples
    --------
    >>> quantile_loss([10.0, 10.0], [8.0, 12.0], q=0.9, reduction="none")
    array([1.8, 0.2])
    """
    q = _check_quantile(q)
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    residual = y_true - y_pred
    pinball = np.maximum(q * residual, (q - 1.0) * residual)
    return reduce_elementwise(pinball, reduction, weights)


@_inf_on_overflow
def quantile_loss_grad(y_true, y_pred, *, reduction="mean", sample_weight=None, q=0.5):
    r"""(Sub)gradient of :func:`quantile_loss` with respect to ``y_pred``.

    .. math:: \frac{\partial \rho_q(y - \hat y)}{\partial \hat y}
              = \begin{cases} -q & \hat y < y \\ 0 & \hat y = y \\
                1 - q & \hat y > y \end{cases}

    times :math:`w_i / (k \sum_m w_m)` as in :func:`mse_grad`. At an exact
    prediction the loss has a kink; 0 lies in its subdifferential
    :math:`[-q, 1 - q]` and is returned there (so ``q = 0.5`` gives half of
    :func:`mae_grad`). Same arguments as :func:`quantile_loss`.

    Returns
    -------
    ndarray
        Shaped like ``y_pred``.

    Examples
    --------
    >>> quantile_loss_grad([10.0, 10.0, 10.0], [8.0, 10.0, 12.0], q=0.9, reduction="sum")
    array([-0.9,  0. ,  0.1])
    """
    q = _check_quantile(q)
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    error = y_pred - y_true
    slope = np.asarray((error > 0.0) - q)  # 1{y_pred > y_true} - q: 1 - q above, -q below
    slope[error == 0.0] = 0.0  # exact: the subgradient 0
    return reduce_elementwise_grad(slope, reduction, weights)
