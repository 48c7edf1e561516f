"""Reductions (mean / sum / none) and sample weights, in one place.

Conventions shared by every loss of the package:

* Axis 0 is the sample axis. A 0-d input is a single sample.
* A per-sample loss ``l_i`` is one number per sample. Element-wise losses on
  ``(n, k, ...)`` arrays (multi-output regression, multi-label binary tasks) are
  averaged over the trailing axes to give ``l_i``, so that ``"mean"`` averages
  over all elements, as scikit-learn's ``multioutput="uniform_average"`` does.
* ``reduction="none"`` returns ``w_i * l_i`` (just ``l_i`` without weights);
  ``"sum"`` returns ``sum_i w_i l_i``; ``"mean"`` returns
  ``sum_i w_i l_i / sum_i w_i``. So ``sum == mean * sum(w)`` and
  ``none.sum() == sum`` always hold.
* A gradient is ``d(reduced loss) / d(y_pred)``, the same shape as ``y_pred``.
  For ``"none"`` it is each sample's own derivative ``d(w_i l_i) / d(y_pred_i)``.
* A sample of weight 0 counts for nothing, even where its loss is ``inf``
  (``0 * inf`` would be NaN).

A loss computes its formula element by element (or sample by sample) and hands
the result to :func:`reduce_elementwise` (or :func:`reduce_losses`); its
gradient hands the element-wise derivative to :func:`reduce_elementwise_grad`
(or :func:`reduce_grad`). The weights come checked, from
:func:`lossfns._validation.check_loss_inputs`.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_reduction
from ._validation import check_sample_weight_of as prepare_weights  # noqa: F401 (lossfns.custom)

_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def n_samples(array: np.ndarray) -> int:
    """The number of samples: the length of axis 0, or 1 for a 0-d array."""
    return int(array.shape[0]) if array.ndim else 1


def elements_per_sample(array: np.ndarray) -> int:
    """How many elements of ``array`` belong to one sample."""
    return int(np.prod(array.shape[1:])) if array.ndim > 1 else 1


def per_sample(elementwise: np.ndarray) -> np.ndarray:
    """Average element-wise losses over every axis but the sample axis."""
    if elementwise.ndim <= 1:
        return elementwise
    return elementwise.reshape(elementwise.shape[0], -1).mean(axis=1)


def weights_like(weights: np.ndarray, array: np.ndarray) -> np.ndarray:
    """Reshape per-sample weights so they multiply ``array`` along axis 0."""
    if array.ndim == 0:
        return weights.reshape(())
    return weights.reshape((-1,) + (1,) * (array.ndim - 1))


def _weighted(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``w_i * values_i``, and 0 for a sample of weight 0 even where its value is inf."""
    shaped = weights_like(weights, values)
    with np.errstate(invalid="ignore"):
        return np.where(shaped == 0.0, 0.0, values * shaped)


def total_weight(weights: np.ndarray | None, count: int) -> float:
    """The denominator of ``"mean"``: the sum of the weights, or the number of samples."""
    if weights is None:
        return float(count)
    total = float(weights.sum())
    if total == 0.0:
        raise ValueError(
            "sample_weight must not sum to 0 when reduction='mean' "
            "(the weighted mean is undefined); use reduction='sum' instead"
        )
    return total


def _scalar_if_0d(result):
    """A 0-d array as a numpy float64 scalar (what numpy's own operations return)."""
    return result[()] if isinstance(result, np.ndarray) and result.ndim == 0 else result


def reduce_losses(losses: np.ndarray, reduction: str, weights: np.ndarray | None):
    """Reduce per-sample losses ``l_i`` (shape ``(n,)`` or ``()``)."""
    reduction = check_reduction(reduction)
    if weights is not None:
        losses = _weighted(losses, weights)
    if reduction == "none":
        return _scalar_if_0d(losses)
    total = np.sum(losses)
    if reduction == "sum":
        return np.float64(total)
    return np.float64(total / total_weight(weights, losses.size))


def reduce_elementwise(elementwise: np.ndarray, reduction: str, weights: np.ndarray | None):
    """Reduce element-wise losses: average the trailing axes, then :func:`reduce_losses`."""
    return reduce_losses(per_sample(elementwise), reduction, weights)


def _is_normal(number: float) -> bool:
    return _SMALLEST_NORMAL <= abs(number) < np.inf


def _apply(operation, grad, number: float):
    """``operation(grad, number)``, written over ``grad`` unless it is a 0-d value."""
    if np.ndim(grad) == 0:  # a numpy scalar cannot be written in place
        return _scalar_if_0d(operation(grad, number))
    return operation(grad, number, out=grad)


def reduce_grad(grad: np.ndarray, reduction: str, weights: np.ndarray | None, *,
                factor: float = 1.0, divisor: float = 1.0):
    """Turn per-sample derivatives ``d l_i / d y_pred_i`` into the reduced gradient.

    ``w_i * grad_i * factor / divisor`` for ``"sum"`` and ``"none"``, divided by
    the total weight for ``"mean"``, in one pass over ``grad``: a multiplication
    by ``factor / total``, or, with a ``divisor``, a division by ``divisor /
    (factor / total)`` (so that a value divided by itself is exactly 1). Step by
    step instead where that number is not a normal float (weights or divisors
    near the ends of the float64 range).

    ``grad`` must be a fresh array of the caller's (the loss's formula): it is
    scaled in place, and returned.
    """
    reduction = check_reduction(reduction)
    if weights is not None:
        grad = _weighted(grad, weights)
    total = total_weight(weights, n_samples(grad)) if reduction == "mean" else 1.0
    scale = factor / total
    if divisor != 1.0:
        if _is_normal(scale) and _is_normal(divisor / scale):
            return _apply(np.divide, grad, divisor / scale)
        return _scalar_if_0d(grad * factor / total / divisor)
    if scale == 1.0:
        return _scalar_if_0d(grad)
    if not _is_normal(scale):
        return _scalar_if_0d(grad * factor / total)
    return _apply(np.multiply, grad, scale)


def reduce_elementwise_grad(elementwise_grad: np.ndarray, reduction: str,
                            weights: np.ndarray | None, *, divisor: float = 1.0):
    """The gradient matching :func:`reduce_elementwise`: :func:`reduce_grad` of ``grad / k``.

    ``k`` is the number of elements per sample (the per-sample mean's divisor).
    ``elementwise_grad`` is scaled in place, as in :func:`reduce_grad`.
    """
    return reduce_grad(elementwise_grad, reduction, weights,
                       factor=1.0 / elements_per_sample(elementwise_grad), divisor=divisor)
