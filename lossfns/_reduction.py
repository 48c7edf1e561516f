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
"""

from __future__ import annotations

import numpy as np

from ._validation import check_reduction, check_sample_weight


def n_samples(y_pred: np.ndarray) -> int:
    """The number of samples: the length of axis 0, or 1 for a 0-d array."""
    return int(y_pred.shape[0]) if y_pred.ndim else 1


def prepare_weights(sample_weight, y_pred: np.ndarray) -> np.ndarray | None:
    """Validate ``sample_weight`` against the samples of ``y_pred``."""
    if sample_weight is not None and y_pred.ndim == 0 and np.ndim(sample_weight) == 0:
        sample_weight = np.reshape(sample_weight, (1,))
    return check_sample_weight(sample_weight, n_samples(y_pred))


def _weights_like(weights: np.ndarray, array: np.ndarray) -> np.ndarray:
    """Reshape per-sample weights so they multiply ``array`` along axis 0."""
    if array.ndim == 0:
        return weights.reshape(())
    return weights.reshape((-1,) + (1,) * (array.ndim - 1))


def _apply_weights(weights: np.ndarray, array: np.ndarray) -> np.ndarray:
    """``w_i * array_i``, where a zero weight removes the sample even if its value is inf."""
    shaped = _weights_like(weights, array)
    with np.errstate(invalid="ignore"):
        return np.where(shaped == 0.0, 0.0, array * shaped)


def _denominator(weights: np.ndarray | None, count: int) -> float:
    if weights is None:
        return float(count)
    total = float(weights.sum())
    if total == 0.0:
        raise ValueError(
            "sample_weight must not sum to 0 when reduction='mean' "
            "(the weighted mean is undefined); use reduction='sum' instead"
        )
    return total


def per_sample(elementwise: np.ndarray) -> np.ndarray:
    """Average element-wise losses over every axis but the sample axis."""
    if elementwise.ndim <= 1:
        return elementwise
    return elementwise.reshape(elementwise.shape[0], -1).mean(axis=1)


def elements_per_sample(y_pred: np.ndarray) -> int:
    """How many elements of ``y_pred`` belong to one sample."""
    return int(np.prod(y_pred.shape[1:])) if y_pred.ndim > 1 else 1


def reduce_losses(losses: np.ndarray, reduction: str,
                  weights: np.ndarray | None):
    """Reduce per-sample losses ``l_i`` (shape ``(n,)`` or ``()``)."""
    reduction = check_reduction(reduction)
    if weights is not None:
        losses = _apply_weights(weights, losses)
    if reduction == "none":
        return losses
    total = np.sum(losses)
    if reduction == "sum":
        return np.float64(total)
    return np.float64(total / _denominator(weights, losses.size))


def reduce_grad(grad: np.ndarray, reduction: str, weights: np.ndarray | None) -> np.ndarray:
    """Turn per-sample derivatives ``d l_i / d y_pred_i`` into the reduced gradient."""
    reduction = check_reduction(reduction)
    if weights is not None:
        grad = _apply_weights(weights, grad)
    if reduction == "mean":
        grad = grad / _denominator(weights, n_samples(grad))
    return grad


def reduce_elementwise(elementwise: np.ndarray, reduction: str,
                       weights: np.ndarray | None):
    """Reduce element-wise losses: average trailing axes, then :func:`reduce_losses`."""
    return reduce_losses(per_sample(elementwise), reduction, weights)


def reduce_elementwise_grad(elementwise_grad: np.ndarray, reduction: str,
                            weights: np.ndarray | None) -> np.ndarray:
    """The gradient matching :func:`reduce_elementwise`."""
    return reduce_grad(elementwise_grad / elements_per_sample(elementwise_grad),
                       reduction, weights)
