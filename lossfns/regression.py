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

from ._reduction import (
    _weights_like,
    prepare_weights,
    reduce_elementwise,
    reduce_elementwise_grad,
    reduce_losses,
    reduce_squares,
    uniform_grad_scale,
)
from ._validation import (
    all_finite,
    as_float_pair_and_difference,
    check_in_interval,
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

# A total of squares at least this large cannot have lost a significant bit to
# squares that underflowed (each loses < 2**-1074): see _unscaled_mean_square.
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


def _blocks(array, size=65536):
    """Consecutive views of ``size`` elements covering a C-contiguous ``array``.

    Computing block by block keeps a loss's temporaries small: a second 8 MB
    array at n = 10**6 costs about 3 ms in page faults (glibc returns the freed
    memory to the system and takes it back on the next call).
    """
    flat = array.reshape(-1)
    return [flat[start:start + size] for start in range(0, flat.size, size)]


def _prepare(y_true, y_pred, sample_weight):
    """Validated ``(y_true, y_pred, error, weights)`` with ``error = y_pred - y_true``.

    ``error`` is a fresh array the loss may overwrite: at n = 10**6, computing
    in place instead of into new 8 MB arrays is most of the speed-up.
    """
    y_true, y_pred, error = as_float_pair_and_difference(y_true, y_pred)
    return y_true, y_pred, error, prepare_weights(sample_weight, y_pred)


def _prepare_and_reduce(y_true, y_pred, sample_weight, reduce_errors):
    """:func:`_prepare` plus ``total = reduce_errors(error, weights)``, a "mean" or "sum".

    When ``reduce_errors`` turns any NaN or inf error into a NaN or inf total,
    a finite total proves every error finite, so the finiteness pass over the
    errors (0.15 ms of MSE's 0.7 ms at n = 10**6) is skipped. That holds for
    sums of squares or absolute values, but with weights only if a zero weight
    does not drop its sample's error first (``inf * 0`` is NaN, but the shared
    reductions zero it). Otherwise (bad input, or a total that overflows)
    everything is validated again the usual way, with the usual errors in the
    usual order. ``reduce_errors`` may overwrite ``error``; the returned
    ``error`` is then its result.
    """
    try:
        y_true_, y_pred_, error = as_float_pair_and_difference(y_true, y_pred, check_finite=False)
        weights = prepare_weights(sample_weight, y_pred_)
        with np.errstate(invalid="ignore"):  # inf * 0 in the check itself
            total = reduce_errors(error, weights)
        if np.isfinite(total):
            return y_true_, y_pred_, error, weights, total
    except ValueError:
        pass
    y_true, y_pred, error, weights = _prepare(y_true, y_pred, sample_weight)
    return y_true, y_pred, error, weights, reduce_errors(error, weights)


def _prepare_with_mean_square(y_true, y_pred, sample_weight, reduction):
    """:func:`_prepare` plus ``reduce_squares(error, reduction, weights)`` ("mean"/"sum")."""
    return _prepare_and_reduce(y_true, y_pred, sample_weight,
                               lambda error, weights: reduce_squares(error, reduction, weights))


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
    reduction = check_reduction(reduction)
    if reduction == "none":
        _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
        return reduce_squares(error, reduction, weights)
    return _prepare_with_mean_square(y_true, y_pred, sample_weight, reduction)[-1]


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(error, reduction, weights, factor=2.0)


# ---------------------------------------------------------------------------
# Root mean squared error
# ---------------------------------------------------------------------------

def _difference(y_true, y_pred, error):
    """``y_pred - y_true`` as ``(diff, factor)``: the true difference is ``diff * factor``.

    ``error`` is the float64 difference ``y_pred - y_true``, returned as is
    (``factor`` 1) unless it overflowed (inputs near ``+-1.8e308`` of opposite
    signs); then both inputs are first divided by 4 (exact, except for
    subnormal inputs, whose lost bits are negligible next to such a
    difference), so that the RMSE can still be computed when it is finite.
    """
    if all_finite(error):
        return error, 1.0
    return 0.25 * y_pred - 0.25 * y_true, 4.0


def _power_of_two_scale(magnitude):
    """A power of two ``s`` with ``magnitude / s`` in ``[1, 2)`` (``0.5`` for 0).

    Dividing by a power of two is exact, so scaled squares neither underflow
    (errors of 1e-300) nor overflow (errors of 1e200) in the RMSE.
    """
    _, exponent = np.frexp(magnitude)
    return np.ldexp(1.0, exponent - 1)


def _divide_by_power_of_two(values, scale):
    """``values / scale`` for a power of two ``scale``, written over ``values``.

    Multiplying by ``1 / scale``, itself a power of two, rounds exactly as the
    division does (both are the one real number, rounded once), and takes
    0.06 ms instead of 0.45 ms at n = 10**6; only when ``1 / scale`` overflows
    (``scale`` below 2**-1023) is a real division needed.
    """
    reciprocal = 1.0 / scale
    if reciprocal == np.inf:
        return np.divide(values, scale, out=values)
    return np.multiply(values, reciprocal, out=values)


def _largest_magnitude(values):
    """``np.max(np.abs(values))`` without the temporary array of absolute values."""
    return max(np.max(values), -np.min(values))


def _per_sample_max(values):
    """Largest entry of each sample (axis 0); the value itself for 0-d/1-d input."""
    if values.ndim <= 1:
        return values
    return values.reshape(values.shape[0], -1).max(axis=1)


def _scaled_for_total(y_true, y_pred, error, weights):
    """Differences divided by one power of two, for the ``"mean"``/``"sum"`` RMSE.

    Returns ``(scaled, scale, factor)`` with ``y_pred - y_true == scaled * scale
    * factor`` on every sample of positive weight (see :func:`_difference` for
    ``factor``). Samples of zero weight are set to 0: they do not count, and
    must neither set the scale nor overflow after scaling.
    """
    diff, factor = _difference(y_true, y_pred, error)
    if weights is not None:
        diff = np.where(_weights_like(weights, diff) > 0, diff, 0.0)
    scale = _power_of_two_scale(_largest_magnitude(diff))
    return _divide_by_power_of_two(diff, scale), scale, factor


def _is_unscaled_mean_square_exact(total):
    """Whether the reduced mean square of the unscaled errors is the answer.

    Squaring the unscaled errors gives the same bits as the scaled path (powers
    of two commute with rounding) unless a square overflowed (then the total is
    inf) or lost bits to underflow, which can only matter if the total is tiny.
    A total in ``[2**-900, inf)`` is therefore the answer, and the common case
    skips the scaling passes (0.25 ms at n = 10**6).
    """
    return _SAFE_MEAN_SQUARE <= total < np.inf


def _scaled_per_sample(y_true, y_pred, error):
    """Differences divided by a power of two per sample, for the ``"none"`` RMSE.

    Returns ``(scaled, scale, factor)`` as :func:`_scaled_for_total` does, but
    ``scale`` has one entry per sample.
    """
    diff, factor = _difference(y_true, y_pred, error)
    scale = _power_of_two_scale(_per_sample_max(np.abs(diff)))
    scaled = diff / (scale if diff.ndim <= 1 else _weights_like(scale, diff))
    return scaled, scale, factor


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
    reduction = check_reduction(reduction)
    if reduction == "none":
        y_true, y_pred, error, weights = _prepare(y_true, y_pred, sample_weight)
        scaled, scale, factor = _scaled_per_sample(y_true, y_pred, error)
        per_sample_rmse = np.sqrt(reduce_elementwise(scaled**2, "none", None)) * scale * factor
        return reduce_losses(per_sample_rmse, "none", weights)
    y_true, y_pred, error, weights, mean_square = _prepare_with_mean_square(
        y_true, y_pred, sample_weight, reduction)
    if _is_unscaled_mean_square_exact(mean_square):
        return np.sqrt(mean_square)
    scaled, scale, factor = _scaled_for_total(y_true, y_pred, error, weights)
    squares = np.square(scaled, out=scaled)
    # scale first: the product overflows only if the RMSE itself does
    return np.sqrt(reduce_elementwise(squares, reduction, weights)) * scale * factor


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
    reduction = check_reduction(reduction)
    if reduction == "none":
        y_true, y_pred, error, weights = _prepare(y_true, y_pred, sample_weight)
        scaled, _, _ = _scaled_per_sample(y_true, y_pred, error)
        root = np.sqrt(reduce_elementwise(scaled**2, "none", None))
        if scaled.ndim > 1:
            root = _weights_like(root, scaled)
        ratio = np.divide(scaled, root, out=np.zeros_like(scaled), where=root > 0)
        return reduce_elementwise_grad(ratio, "none", weights)
    y_true, y_pred, error, weights, mean_square = _prepare_with_mean_square(
        y_true, y_pred, sample_weight, reduction)
    if _is_unscaled_mean_square_exact(mean_square):
        root = np.sqrt(mean_square)
        if error.size == 1:
            # a true division: error / rmse is exactly +-1 for one element, a
            # product with the reciprocal can be 1 - 2**-53
            return reduce_elementwise_grad(np.divide(error, root, out=error), reduction, weights)
        # 1 / rmse folded into the one scaling pass: 0.08 ms at n = 10**6, where
        # dividing first took 0.3 ms more; a few roundings more, still < 1e-15
        return reduce_elementwise_grad(error, reduction, weights, factor=1.0 / root)
    scaled, _, _ = _scaled_for_total(y_true, y_pred, error, weights)
    root = np.sqrt(reduce_squares(scaled, reduction, weights))
    if root == 0.0:
        return np.zeros_like(y_pred)
    return reduce_elementwise_grad(np.divide(scaled, root, out=scaled), reduction, weights)


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
    reduction = check_reduction(reduction)
    # Zero weights drop their samples' (absolute) errors before the sum, NaN included,
    # so only an unweighted finite total proves the errors finite.
    if reduction == "none" or sample_weight is not None:
        _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
        return reduce_elementwise(np.abs(error, out=error), reduction, weights)
    return _prepare_and_reduce(
        y_true, y_pred, sample_weight,
        lambda error, weights: reduce_elementwise(np.abs(error, out=error), reduction, weights),
    )[-1]


_SIGN_BIT = np.int64(-(2**63))


def _bits(value):
    """The IEEE-754 bits of the float ``value``, as an int64."""
    return np.float64(value).view(np.int64)


def _select_by_sign(error, below, above):
    """``below`` where ``error < 0``, ``above`` where ``error > 0``, +0.0 where exact; over ``error``.

    Integer operations on the bits, which numpy vectorises: numpy's float
    ``sign``/``copysign`` loops are not (0.55 ms at n = 10**6), while one
    bitwise pass takes 0.11 ms. ``below == -above`` (a scaled sign) needs two
    passes, ``error & sign bit | bits(above)``; otherwise three, with the
    sign spread to all bits: ``(error >> 63) & (bits(above) ^ bits(below)) ^
    bits(above)``. Exact zeros (rare; 0.1 ms to find) are set afterwards.
    """
    exact = error == 0.0
    bits = error.view(np.int64)
    if below == -above:
        np.bitwise_and(bits, _SIGN_BIT, out=bits)
        np.bitwise_or(bits, _bits(above), out=bits)
    else:
        np.right_shift(bits, 63, out=bits)
        np.bitwise_and(bits, _bits(above) ^ _bits(below), out=bits)
        np.bitwise_xor(bits, _bits(above), out=bits)
    if exact.any():  # a masked copy is slow unless nearly all of the mask is False
        np.copyto(error, 0.0, where=exact)
    return error


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    scale = uniform_grad_scale(error, reduction, weights)
    if scale is not None:  # the scaled sign written directly, no scaling pass
        return _select_by_sign(error, -scale, scale)
    return reduce_elementwise_grad(_select_by_sign(error, -1.0, 1.0), reduction, weights)


# ---------------------------------------------------------------------------
# Huber and Smooth L1
# ---------------------------------------------------------------------------

def _huber_elementwise(error, delta):
    size = np.abs(error)
    clipped = np.minimum(size, delta)  # the quadratic branch never overflows
    return np.where(size <= delta, 0.5 * clipped * clipped, delta * (size - 0.5 * delta))


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise(_huber_elementwise(error, delta), reduction, weights)


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.clip(error, -delta, delta, out=error), reduction, weights)


def _smooth_l1_elementwise(error, beta):
    size = np.abs(error)
    clipped = np.minimum(size, beta)
    # 0.5 * e * (e / beta) rather than 0.5 * e**2 / beta: e / beta <= 1 here,
    # so nothing under- or overflows unless the result itself does.
    return np.where(size < beta, 0.5 * clipped * (clipped / beta), size - 0.5 * beta)


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise(_smooth_l1_elementwise(error, beta), reduction, weights)


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.clip(error / beta, -1.0, 1.0), reduction, weights)


# ---------------------------------------------------------------------------
# Log-cosh
# ---------------------------------------------------------------------------

def _log_cosh_elementwise(error):
    size = np.abs(error)
    # Near 0: cosh(e) - 1 = u**2 / (2 (1 + u)) with u = expm1(|e|), no cancellation.
    u = np.expm1(np.minimum(size, _LOG_COSH_SWITCH))
    near_zero = np.log1p(u * (u / (2.0 * (1.0 + u))))
    # Far from 0: log cosh e = |e| - log 2 + log1p(exp(-2|e|)), no overflow.
    far = size + np.log1p(np.exp(-2.0 * size)) - _LOG_2
    return np.where(size < _LOG_COSH_SWITCH, near_zero, far)


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise(_log_cosh_elementwise(error), reduction, weights)


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise_grad(np.tanh(error, out=error), reduction, weights)


# ---------------------------------------------------------------------------
# Quantile (pinball) loss
# ---------------------------------------------------------------------------

def _check_quantile(q):
    return check_in_interval(q, "q", 0.0, 1.0, closed_low=False, closed_high=False)


def _pinball_elementwise(error, q):
    """The pinball loss of each residual ``r = -error``, written over ``error``.

    ``max(q r, (q - 1) r) = max(-q e, (1 - q) e)``: exactly ``|e|`` times ``q``
    or ``1 - q`` (``q - 1`` is exactly ``-(1 - q)``). For q = 0.5 this is
    ``|e| * 0.5``, exactly half of the element of mae, and both go through the
    same reduction, so ``2 * quantile_loss(q=0.5) == mae`` bit for bit (barring
    subnormal results). Branch-free: numpy's masked operations (``where=``,
    ``np.where``) took 4-5 ms at n = 10**6 on random signs, this 0.6 ms.
    """
    for block in _blocks(error):
        too_high = block * (1.0 - q)
        np.maximum(np.multiply(block, -q, out=block), too_high, out=block)
    return error


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    return reduce_elementwise(_pinball_elementwise(error, q), reduction, weights)


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
    _, _, error, weights = _prepare(y_true, y_pred, sample_weight)
    scale = uniform_grad_scale(error, reduction, weights)
    if scale is not None:  # the scaled slopes written directly, no scaling pass
        return _select_by_sign(error, -q * scale, (1.0 - q) * scale)
    return reduce_elementwise_grad(_select_by_sign(error, -q, 1.0 - q), reduction, weights)
