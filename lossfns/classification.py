r"""Classification losses: how badly a predicted class (or distribution) misses the truth.

Every function takes ``(y_true, y_pred, *, reduction="mean", sample_weight=None,
**hyper)`` and has a ``*_grad`` twin with the same signature returning
``d(reduced loss) / d(y_pred)``, shaped like ``y_pred``.

Two kinds of prediction appear:

* **probabilities** (``binary_cross_entropy``, ``categorical_cross_entropy``,
  ``expected_cost``, ``kl_divergence``): checked to lie in [0, 1] (rows summing
  to 1 for the multi-class ones). These losses are *exact*: nothing is clipped,
  so a probability of ``1e-300`` on the right class costs
  :math:`-\ln 10^{-300} \approx 690.8`, and a probability of exactly 0 costs
  ``inf`` (never NaN, never a warning);
* **logits / scores** (``binary_cross_entropy_with_logits``, ``cross_entropy``,
  ``focal_loss``, ``hinge``, ``multiclass_hinge``): any finite reals; the losses
  are finite and accurate for logits of any size (log-sum-exp, ``log1p``,
  ``expm1``).

Multi-class targets ``y_true`` are either **class indices** of shape ``(n,)``
(integers, possibly stored as floats like ``2.0``; negative or out-of-range
indices are errors, never wrapped around) or **probability rows** of shape
``(n, k)``. A single sample may be given as a 0-d label (or one row of length
``k``) with 1-D ``y_pred`` of length ``k``.

Element-wise binary losses accept ``(n,)`` or ``(n, k)`` arrays (``k``
independent binary tasks, averaged per sample); ``y_true`` and ``y_pred`` must
have exactly the same shape, so ``(n,)`` against ``(n, 1)`` is an error rather
than a silent ``(n, n)`` broadcast.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._reduction import (
    prepare_weights,
    reduce_elementwise,
    reduce_elementwise_grad,
    reduce_grad,
    reduce_losses,
)
from ._twosum import difference_with_error
from ._validation import (
    as_class_indices,
    as_float_array,
    check_in_interval,
    check_loss_inputs,
    check_non_negative,
    check_plus_minus_one,
    check_probabilities,
    check_probability_rows,
    check_reduction,
    check_weights,
)
from .activations import log_softmax_unchecked, sigmoid_unchecked, softplus_unchecked

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "expected_cost",
    "expected_cost_grad",
    "focal_loss",
    "focal_loss_grad",
    "hinge",
    "hinge_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
]

MULTICLASS_HINGE_VARIANTS = ("crammer_singer", "weston_watkins")


# ---------------------------------------------------------------------------
# small numerical helpers
# ---------------------------------------------------------------------------

def _times_log(weight: np.ndarray, log_value: np.ndarray) -> np.ndarray:
    """``weight * log_value`` with the convention ``0 * log 0 = 0`` (no NaN, no warning)."""
    weight, log_value = np.broadcast_arrays(weight, log_value)
    return np.multiply(weight, log_value, out=np.zeros(weight.shape), where=weight != 0.0)


def _positive_zero(x):
    """Turn ``-0.0`` into ``0.0`` (a loss of zero should print as ``0.0``)."""
    return x + 0.0


def _exclusive_sums(a: np.ndarray) -> np.ndarray:
    r""":math:`\sum_{c \ne j} a_c` for every ``j`` of the last axis, without subtracting.

    Built from prefix and suffix sums, so when all ``a_c`` share a sign the
    result is accurate even when one term dominates (``total - a_j`` would
    cancel).
    """
    zeros = np.zeros(a.shape[:-1] + (1,))
    before = np.concatenate([zeros, np.cumsum(a, axis=-1)[..., :-1]], axis=-1)
    after = np.concatenate([np.cumsum(a[..., ::-1], axis=-1)[..., ::-1][..., 1:], zeros],
                           axis=-1)
    return before + after


def _one_minus_exp(log_p: np.ndarray) -> np.ndarray:
    """:math:`1 - p` from :math:`\\log p`, accurate also when ``p`` is close to 1."""
    return -np.expm1(log_p)


# ---------------------------------------------------------------------------
# binary losses
# ---------------------------------------------------------------------------

def _check_unit_labels(y: np.ndarray, name: str) -> None:
    """Raise unless every (possibly soft) binary label lies in [0, 1]."""
    outside = (y < 0.0) | (y > 1.0)
    if np.any(outside):
        first = float(y.ravel()[np.flatnonzero(outside.ravel())[0]])
        message = (
            f"{name} must contain binary labels in [0, 1] (0/1 or soft labels), found "
            f"{int(outside.sum())} value(s) outside (first: {first!r})"
        )
        if np.all((y == -1.0) | (y == 1.0)):
            message += "; these look like -1/+1 labels: convert them with (y + 1) / 2"
        raise ValueError(message)


def _prepare_binary(y_true, y_pred, sample_weight, *, labels: str, probabilities: bool):
    """:func:`~lossfns._validation.check_loss_inputs`, then the labels (and probabilities)."""
    y_true, y_pred, weights = check_loss_inputs(y_true, y_pred, sample_weight)
    if labels == "plus_minus_one":
        check_plus_minus_one(y_true, "y_true")
    else:
        _check_unit_labels(y_true, "y_true")
    if probabilities:
        check_probabilities(y_pred, "y_pred")
    return y_true, y_pred, weights


def _bce_elementwise(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):  # log(0) = -inf is wanted here
        log_p = np.log(p)
        log_q = np.log1p(-p)
    return _positive_zero(-(_times_log(y, log_p) + _times_log(1.0 - y, log_q)))


def _bce_grad_elementwise(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    q = 1.0 - p
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        grad = (p - y) / (p * q)
    # at the two ends: -inf / +inf where the loss is inf, the finite limit where it is not
    grad = np.where(p == 0.0, np.where(y > 0.0, -np.inf, 1.0), grad)
    grad = np.where(p == 1.0, np.where(y < 1.0, np.inf, -1.0), grad)
    return grad


def binary_cross_entropy(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Binary cross-entropy (log loss) from predicted probabilities, exact: no clipping.

    .. math:: \ell(y, p) = -\bigl[\, y \log p + (1 - y) \log(1 - p) \,\bigr]

    computed as ``log(p)`` and ``log1p(-p)``, with :math:`0 \cdot \log 0 = 0`.
    A probability of exactly 0 on a side with positive label weight (``p = 0``
    with ``y > 0``, or ``p = 1`` with ``y < 1``) gives ``inf``: the model was
    certain and wrong. PyTorch clamps the log at -100 and Keras clips ``p`` to
    :math:`[10^{-7}, 1 - 10^{-7}]`, capping the loss at 100 or 16.1; this
    function returns the true value (690.8 for ``p = 1e-300``).

    Parameters
    ----------
    y_true : array-like, shape ``(n,)`` or ``(n, k)``
        Labels in [0, 1]: 0/1, or soft labels. ``(n, k)`` means ``k`` binary
        tasks per sample (multi-label), averaged into one loss per sample.
    y_pred : array-like, same shape as ``y_true``
        Predicted probabilities :math:`p = P(y = 1)` in [0, 1].
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In nats; ``inf`` where a true probability-0 event happened.

    Examples
    --------
    >>> print(round(float(binary_cross_entropy(1, 0.3)), 4))   # the cat at 30 %
    1.204
    >>> print(f"{binary_cross_entropy(1, 1e-300):.12g}")       # not clamped to 100
    690.775527898
    >>> print(binary_cross_entropy([0, 1], [0.0, 1.0]))         # perfect: 0 log 0 = 0
    0.0
    """
    y_true, y_pred, weights = _prepare_binary(y_true, y_pred, sample_weight,
                                              labels="unit", probabilities=True)
    return reduce_elementwise(_bce_elementwise(y_true, y_pred), reduction, weights)


def binary_cross_entropy_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`binary_cross_entropy` with respect to the probabilities.

    .. math:: \frac{\partial \ell}{\partial p} = -\frac{y}{p} + \frac{1 - y}{1 - p}
              = \frac{p - y}{p (1 - p)}

    evaluated in the second form, which does not cancel near :math:`p = y`.
    At the ends of [0, 1]: ``-inf`` at ``p = 0`` with ``y > 0`` and ``+inf`` at
    ``p = 1`` with ``y < 1`` (where the loss is ``inf``: the one-sided
    derivative is infinite); otherwise the finite limit, ``+1`` at
    ``p = y = 0`` and ``-1`` at ``p = y = 1``.

    Same arguments as :func:`binary_cross_entropy`; returns an array shaped
    like ``y_pred``.

    Examples
    --------
    >>> binary_cross_entropy_grad([1.0, 0.0], [0.25, 0.25], reduction="sum")
    array([-4.        ,  1.33333333])
    """
    y_true, y_pred, weights = _prepare_binary(y_true, y_pred, sample_weight,
                                              labels="unit", probabilities=True)
    return reduce_elementwise_grad(_bce_grad_elementwise(y_true, y_pred), reduction, weights)


def binary_cross_entropy_with_logits(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Binary cross-entropy from a logit :math:`z` (:math:`p = \sigma(z)`), stable for any ``z``.

    .. math:: \ell(y, z) = -\bigl[\, y \log \sigma(z) + (1-y) \log(1 - \sigma(z)) \,\bigr]
              = y \,\operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z)

    with :math:`\operatorname{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) +
    \operatorname{log1p}(e^{-|x|})`. This equals the textbook
    :math:`\max(z, 0) - z y + \operatorname{log1p}(e^{-|z|})`, but as a sum of
    two non-negative terms it never cancels: for ``y = 0, z = -36`` it returns
    :math:`\operatorname{log1p}(e^{-36}) \approx 2.3195 \times 10^{-16}` to full
    precision. PyTorch evaluates :math:`(1 - y) z - \log \sigma(z)`, which
    there subtracts two numbers close to -36 and returns 0 (older versions,
    :math:`\log(e^{0} + e^{-36})` without ``log1p``, returned
    :math:`2.2 \times 10^{-16}`).

    Parameters
    ----------
    y_true : array-like, shape ``(n,)`` or ``(n, k)``
        Labels in [0, 1] (0/1 or soft).
    y_pred : array-like, same shape
        Logits (any finite reals).
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In nats; always finite.

    Examples
    --------
    >>> print(f"{binary_cross_entropy_with_logits(0, -36.0):.12g}")
    2.31952283024e-16
    >>> print(binary_cross_entropy_with_logits(1, -40.0))   # Keras' clip would say 16.118
    40.0
    """
    y_true, y_pred, weights = _prepare_binary(y_true, y_pred, sample_weight,
                                              labels="unit", probabilities=False)
    elementwise = y_true * softplus_unchecked(-y_pred) + (1.0 - y_true) * softplus_unchecked(y_pred)
    return reduce_elementwise(elementwise, reduction, weights)


def binary_cross_entropy_with_logits_grad(y_true, y_pred, *, reduction="mean",
                                          sample_weight=None):
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math:: \frac{\partial \ell}{\partial z} = \sigma(z) - y
              = (1 - y)\,\sigma(z) - y\,\sigma(-z)

    The second form keeps full precision where :math:`\sigma(z)` rounds to 1
    (``y = 1, z = 40`` gives :math:`-\sigma(-40) \approx -4.2 \times 10^{-18}`,
    not 0).

    Same arguments as :func:`binary_cross_entropy_with_logits`; returns an
    array shaped like ``y_pred``.

    Examples
    --------
    >>> binary_cross_entropy_with_logits_grad([1.0, 0.0], [0.0, 0.0], reduction="sum")
    array([-0.5,  0.5])
    >>> print(f"{binary_cross_entropy_with_logits_grad(1.0, 40.0):.12g}")
    -4.24835425529e-18
    """
    y_true, y_pred, weights = _prepare_binary(y_true, y_pred, sample_weight,
                                              labels="unit", probabilities=False)
    elementwise = (1.0 - y_true) * sigmoid_unchecked(y_pred) - y_true * sigmoid_unchecked(-y_pred)
    return reduce_elementwise_grad(elementwise, reduction, weights)


def hinge(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Hinge loss for labels :math:`y \in \{-1, +1\}` and real scores :math:`s`.

    .. math:: \ell(y, s) = \max(0,\; 1 - y s)

    Zero only when the score is on the right side of the boundary *by a margin
    of at least 1*: ``hinge(1, 0.8)`` is 0.2, not 0, because :math:`y s = 0.8 < 1`.

    Parameters
    ----------
    y_true : array-like, shape ``(n,)`` or ``(n, k)``
        Labels -1 or +1 (convert 0/1 labels with ``2 * y - 1``).
    y_pred : array-like, same shape
        Raw scores (e.g. :math:`w^\top x + b`), any finite reals.
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> hinge([1, 1, 1, -1], [0.5, 1.2, -1.0, -3.0], reduction="none")
    array([0.5, 0. , 2. , 0. ])
    >>> print(round(float(hinge(1, 0.8)), 12))   # inside the margin: 0.2, not 0
    0.2
    """
    y_true, y_pred, weights = _prepare_binary(y_true, y_pred, sample_weight,
                                              labels="plus_minus_one", probabilities=False)
    return reduce_elementwise(np.maximum(0.0, 1.0 - y_true * y_pred), reduction, weights)


def hinge_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""A subgradient of :func:`hinge` with respect to the scores.

    .. math:: \frac{\partial \ell}{\partial s} =
              \begin{cases} -y & y s < 1 \\ 0 & y s \ge 1 \end{cases}

    At the kink :math:`y s = 1` every value between :math:`-y` and 0 is a valid
    subgradient; this function returns **0** there, matching the loss value 0
    (a point exactly on the margin is not a mistake) and the convention
    :math:`\operatorname{ReLU}'(0) = 0` of PyTorch and JAX.

    Same arguments as :func:`hinge`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> hinge_grad([1, 1, -1], [0.5, 1.0, 0.0], reduction="none")
    array([-1.,  0.,  1.])
    """
    y_true, y_pred, weights = _prepare_binary(y_true, y_pred, sample_weight,
                                              labels="plus_minus_one", probabilities=False)
    elementwise = np.where(1.0 - y_true * y_pred > 0.0, -y_true, 0.0)
    return reduce_elementwise_grad(elementwise, reduction, weights)


# ---------------------------------------------------------------------------
# multi-class: resolving targets ("class indices or probability rows")
# ---------------------------------------------------------------------------

class _Targets(NamedTuple):
    rows: np.ndarray | None       # (n, k) target distributions (one-hot for indices, or None
                                  # for indices when the caller asked for one_hot=False)
    indices: np.ndarray | None    # (n,) int64 class indices, or None for probability rows
    scores: np.ndarray            # (n, k) y_pred as a 2-D float64 array
    single: bool                  # True when the caller passed one sample (1-D y_pred)


def _as_class_scores(y_pred) -> np.ndarray:
    y_pred = as_float_array(y_pred, "y_pred")
    if y_pred.ndim not in (1, 2):
        raise ValueError(
            f"y_pred must have shape (n_samples, n_classes), or (n_classes,) for a "
            f"single sample, got shape {y_pred.shape}"
        )
    if y_pred.shape[-1] < 2:
        raise ValueError(
            f"y_pred must have at least 2 classes (its last axis), got shape "
            f"{y_pred.shape}; for one column of binary scores use the binary losses "
            f"(binary_cross_entropy_with_logits, hinge) on y_pred.ravel()"
        )
    return y_pred


def _one_hot(indices: np.ndarray, n_classes: int) -> np.ndarray:
    rows = np.zeros((indices.size, n_classes))
    rows[np.arange(indices.size), indices] = 1.0
    return rows


def _class_targets(y_true, y_pred, *, allow_rows: bool = True, one_hot: bool = True) -> _Targets:
    """Resolve multi-class targets given as class indices or as probability rows.

    ``y_true`` with one axis fewer than ``y_pred`` holds class indices; with
    as many axes it holds probability rows of ``y_pred``'s shape. Class indices
    come with one-hot ``rows`` unless ``one_hot`` is False (then ``rows`` is None).
    """
    scores = _as_class_scores(y_pred)
    n_classes = scores.shape[-1]
    labels = as_float_array(y_true, "y_true")
    single = scores.ndim == 1
    expected_indices = scores.shape[:-1]
    if labels.ndim == scores.ndim - 1:
        indices = as_class_indices(labels, "y_true", n_classes)
        if indices.shape != expected_indices:
            raise ValueError(
                f"y_true holds {indices.shape[0]} class indices but y_pred has "
                f"{scores.shape[0]} rows; they must describe the same samples "
                f"(y_true shape {expected_indices}, y_pred shape {scores.shape})"
            )
        indices = indices.reshape(-1)
        rows = _one_hot(indices, n_classes) if one_hot else None
    elif labels.ndim == scores.ndim:
        if not allow_rows:
            raise ValueError(
                f"y_true must hold class indices of shape {expected_indices} for this "
                f"loss, got an array of shape {labels.shape}; for one-hot rows use "
                f"y_true.argmax(axis=-1)"
            )
        if labels.shape != scores.shape:
            hint = ""
            if labels.ndim == 2 and labels.shape[1] == 1 and labels.shape[0] == scores.shape[0]:
                hint = "; class indices must be 1-D: use y_true.ravel()"
            raise ValueError(
                f"y_true must be class indices of shape {expected_indices} or probability "
                f"rows of shape {scores.shape} (like y_pred), got shape {labels.shape}{hint}"
            )
        rows = np.atleast_2d(labels)
        check_probability_rows(rows, "y_true")
        indices = None
    else:
        raise ValueError(
            f"y_true must be class indices of shape {expected_indices} or probability "
            f"rows of shape {scores.shape}, got shape {labels.shape}"
        )
    return _Targets(rows, indices, np.atleast_2d(scores), single)


def _weights_for(sample_weight, targets: _Targets) -> np.ndarray | None:
    """Per-sample weights, accepting a scalar weight for a single sample."""
    like = np.zeros(()) if targets.single else targets.scores
    return prepare_weights(sample_weight, like)


def _finish(losses: np.ndarray, reduction, weights, targets: _Targets):
    result = reduce_losses(losses, reduction, weights)
    if targets.single and check_reduction(reduction) == "none":
        return result[0]
    return result


def _finish_grad(grad: np.ndarray, reduction, weights, targets: _Targets) -> np.ndarray:
    result = reduce_grad(grad, reduction, weights)
    return result[0] if targets.single else result


_ROW_SUM_TOLERANCE = 1e-6


# ---------------------------------------------------------------------------
# cross-entropy from logits
# ---------------------------------------------------------------------------

class _CrossEntropyTargets(NamedTuple):
    targets: _Targets
    target: np.ndarray | None  # (n, k) the (smoothed, class-reweighted) target r_i; None
                               # for plain class indices (one-hot, never built)
    weights: np.ndarray | None  # per-sample weights, times omega_i with class weights


def _cross_entropy_targets(y_true, y_pred, label_smoothing, class_weight, reduction,
                           sample_weight) -> _CrossEntropyTargets:
    """The checked inputs of :func:`cross_entropy`, its target rows and its sample weights."""
    targets = _class_targets(y_true, y_pred, one_hot=False)
    smoothing = check_in_interval(label_smoothing, "label_smoothing", 0.0, 1.0,
                                  closed_low=True, closed_high=False)
    weights = _weights_for(sample_weight, targets)
    n_classes = targets.scores.shape[1]
    if targets.indices is not None and smoothing == 0.0 and class_weight is None:
        return _CrossEntropyTargets(targets, None, weights)
    target = targets.rows if targets.indices is None else _one_hot(targets.indices, n_classes)
    if smoothing > 0.0:
        target = (1.0 - smoothing) * target + smoothing / n_classes
    if class_weight is not None:
        per_class = check_weights(class_weight, "class_weight", n_classes, "class")
        weighted = target * per_class
        # omega_i: the target's average class weight (w_{y_i} for class indices)
        omega = weighted.sum(axis=1) / target.sum(axis=1)
        target = np.divide(weighted, omega[:, np.newaxis], out=np.zeros_like(weighted),
                           where=omega[:, np.newaxis] > 0.0)
        weights = omega if weights is None else weights * omega
        if check_reduction(reduction) == "mean" and not np.any(weights > 0.0):
            raise ValueError(
                "class_weight (times sample_weight) gives every sample weight 0, so "
                "reduction='mean' is undefined; give the present classes positive "
                "weight or use reduction='sum'"
            )
    return _CrossEntropyTargets(targets, target, weights)


def cross_entropy(y_true, y_pred, *, label_smoothing=0.0, class_weight=None,
                  reduction="mean", sample_weight=None):
    r"""Softmax cross-entropy from logits (multi-class log loss), exact for any logits.

    For logits :math:`z_i \in \mathbb{R}^k` and a target distribution
    :math:`t_i` (one-hot for a class index :math:`y_i`):

    .. math:: \ell_i = -\sum_{c=1}^{k} t_{ic} \log \operatorname{softmax}(z_i)_c,
              \qquad \text{for an index: } \ell_i = -\log \operatorname{softmax}(z_i)_{y_i}
              = \operatorname{LSE}(z_i) - z_{i y_i}

    computed with :func:`~lossfns.log_softmax`, so three equal logits of
    :math:`10^8` give :math:`\ln 3`, and adding a constant to every logit does
    not change the loss.

    **Label smoothing** (PyTorch's definition): the target becomes
    :math:`\tilde t_i = (1 - \varepsilon)\, t_i + \varepsilon / k`.

    **Class weights** :math:`w_c` act twice. (1) Each sample gets the weight
    :math:`\omega_i = \sum_c w_c \tilde t_{ic} / \sum_c \tilde t_{ic}`, the
    average class weight under its target (exactly :math:`w_{y_i}` for a class
    index without smoothing), multiplied into ``sample_weight``. (2) The target
    is tilted towards heavy classes: :math:`r_{ic} = w_c \tilde t_{ic} /
    \omega_i`, and :math:`\ell_i = -\sum_c r_{ic} \log p_{ic}`. Hence

    * ``reduction="none"`` returns :math:`s_i \omega_i \ell_i = -s_i \sum_c w_c
      \tilde t_{ic} \log p_{ic}` (``s_i`` the sample weight): PyTorch's
      per-sample values, with the weights inside the sum;
    * ``"mean"`` is :math:`\sum_i s_i \omega_i \ell_i / \sum_i s_i \omega_i`.
      For class indices without smoothing that is PyTorch's
      :math:`\sum_i w_{y_i} \ell_i / \sum_i w_{y_i}`, and always
      ``none.sum() / sum(sample_weight * omega)``. It differs from PyTorch for
      probability rows (PyTorch divides by :math:`n`) and for indices with label
      smoothing (PyTorch divides by :math:`\sum_i w_{y_i}`, ignoring the smoothed
      mass). One-hot rows and class indices always give the same result;
      ``class_weight`` of all ones is the same as none.

    Parameters
    ----------
    y_true : array-like
        Class indices, shape ``(n,)`` (integers in ``[0, k)``), or probability
        rows, shape ``(n, k)``. For one sample: a 0-d index or a row of length ``k``.
    y_pred : array-like, shape ``(n, k)`` or ``(k,)``
        Logits (unnormalised scores), any finite reals.
    label_smoothing : float in [0, 1), default 0
    class_weight : array-like of shape ``(k,)``, optional
        Non-negative weight per class.
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In nats.

    Examples
    --------
    >>> print(f"{cross_entropy(0, [1e8, 1e8, 1e8]):.12g}")  # ln 3, whatever the offset
    1.09861228867
    >>> print(round(float(cross_entropy([0], [[2.0, 0.0]])), 6))
    0.126928
    """
    targets, target, weights = _cross_entropy_targets(y_true, y_pred, label_smoothing,
                                                      class_weight, reduction, sample_weight)
    log_p = log_softmax_unchecked(targets.scores)
    if target is None:  # class indices: -log p at the true class
        losses = -log_p[np.arange(len(log_p)), targets.indices]
    else:
        losses = -_times_log(target, log_p).sum(axis=1)
    return _finish(_positive_zero(losses), reduction, weights, targets)


def cross_entropy_grad(y_true, y_pred, *, label_smoothing=0.0, class_weight=None,
                       reduction="mean", sample_weight=None):
    r"""Gradient of :func:`cross_entropy` with respect to the logits.

    .. math:: \frac{\partial \ell_i}{\partial z_{ij}} = S_i\, p_{ij} - r_{ij},
              \qquad p_i = \operatorname{softmax}(z_i),\; S_i = \sum_c r_{ic}

    i.e. ``softmax(z) - target`` (:math:`S_i = 1` for a proper target),
    then multiplied by the sample's weight :math:`s_i \omega_i` and reduced.
    It is evaluated as :math:`p_{ij} \sum_{c \ne j} r_{ic} - r_{ij} (1 -
    p_{ij})` with :math:`1 - p_{ij} = -\operatorname{expm1}(\log p_{ij})`, so
    the gradient of a confident right answer (logits ``[40, 0, 0]``, label 0)
    is :math:`-2e^{-40}`, not a rounded 0.

    Same arguments as :func:`cross_entropy`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> cross_entropy_grad(0, [0.0, 0.0])
    array([-0.5,  0.5])
    """
    targets, target, weights = _cross_entropy_targets(y_true, y_pred, label_smoothing,
                                                      class_weight, reduction, sample_weight)
    log_p = log_softmax_unchecked(targets.scores)
    if target is None:  # class indices: softmax - one_hot, with p_y - 1 = expm1(log p_y)
        samples, y = np.arange(len(log_p)), targets.indices
        grad = np.exp(log_p)
        grad[samples, y] = np.expm1(log_p[samples, y])
    else:  # p_j sum_{c != j} r_c - r_j (1 - p_j): softmax - target, without cancelling
        grad = np.exp(log_p) * _exclusive_sums(target) - target * _one_minus_exp(log_p)
    return _finish_grad(grad, reduction, weights, targets)


# ---------------------------------------------------------------------------
# categorical cross-entropy from probabilities
# ---------------------------------------------------------------------------

def categorical_cross_entropy(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Multi-class cross-entropy from predicted probability rows, exact: no clipping.

    .. math:: \ell_i = -\sum_{c=1}^{k} t_{ic} \log q_{ic},
              \qquad \text{for an index: } \ell_i = -\log q_{i y_i}

    with :math:`0 \log 0 = 0`, and ``inf`` where a class with positive target
    mass has predicted probability exactly 0. Only the probability of the true
    class matters for a class index: it cannot tell a cat called a dog from a
    cat called a tiger (see :func:`expected_cost` for a loss that can).

    Parameters
    ----------
    y_true : array-like
        Class indices ``(n,)`` or probability rows ``(n, k)`` (one sample: 0-d
        index or a row of length ``k``).
    y_pred : array-like, shape ``(n, k)`` or ``(k,)``
        Predicted probability rows (each in [0, 1], summing to 1 within 1e-6).
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In nats (divide by ``ln 2`` for bits).

    Examples
    --------
    >>> print(round(float(categorical_cross_entropy(0, [0.8, 0.15, 0.05])), 4))  # cat 80 %
    0.2231
    """
    targets = _class_targets(y_true, y_pred, one_hot=False)
    check_probability_rows(targets.scores, "y_pred", atol=_ROW_SUM_TOLERANCE)
    with np.errstate(divide="ignore"):  # log 0 = -inf: a loss of inf
        if targets.indices is not None:  # -log q at the true class
            losses = -np.log(targets.scores[np.arange(len(targets.scores)), targets.indices])
        else:
            losses = -_times_log(targets.rows, np.log(targets.scores)).sum(axis=1)
    return _finish(_positive_zero(losses), reduction, _weights_for(sample_weight, targets),
                   targets)


def categorical_cross_entropy_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`categorical_cross_entropy` with respect to the probabilities.

    .. math:: \frac{\partial \ell_i}{\partial q_{ic}} = -\frac{t_{ic}}{q_{ic}}

    (0 where :math:`t_{ic} = 0`; ``-inf`` where :math:`q_{ic} = 0 < t_{ic}`).
    This is the plain partial derivative, treating each :math:`q_{ic}` as a
    free variable; it does not project onto the probability simplex.

    Same arguments as :func:`categorical_cross_entropy`; returns an array
    shaped like ``y_pred``.

    Examples
    --------
    >>> categorical_cross_entropy_grad(0, [0.8, 0.15, 0.05])
    array([-1.25,  0.  ,  0.  ])
    """
    targets = _class_targets(y_true, y_pred, one_hot=False)
    check_probability_rows(targets.scores, "y_pred", atol=_ROW_SUM_TOLERANCE)
    with np.errstate(divide="ignore", over="ignore"):  # -1 / 0 = -inf
        if targets.indices is not None:  # -1 / q at the true class, 0 elsewhere
            samples, y = np.arange(len(targets.scores)), targets.indices
            grad = np.zeros(targets.scores.shape)
            grad[samples, y] = -1.0 / targets.scores[samples, y]
        else:
            grad = np.divide(-targets.rows, targets.scores, out=np.zeros_like(targets.rows),
                             where=targets.rows != 0.0)
    return _finish_grad(grad, reduction, _weights_for(sample_weight, targets), targets)


# ---------------------------------------------------------------------------
# multi-class hinge
# ---------------------------------------------------------------------------

def _check_variant(variant) -> str:
    if not isinstance(variant, str) or variant not in MULTICLASS_HINGE_VARIANTS:
        raise ValueError(
            f"variant must be one of {', '.join(map(repr, MULTICLASS_HINGE_VARIANTS))}, "
            f"got {variant!r}"
        )
    return variant


def _hinge_margins(targets: _Targets) -> np.ndarray:
    r""":math:`1 + s_j - s_y` for every class, correctly rounded; ``-inf`` at :math:`j = y`."""
    scores = targets.scores
    rows = np.arange(scores.shape[0])
    true_score = scores[rows, targets.indices][:, np.newaxis]
    difference, difference_error = difference_with_error(scores, true_score)
    one_plus, one_plus_error = difference_with_error(np.ones_like(difference), -difference)
    with np.errstate(invalid="ignore"):
        margins = one_plus + (one_plus_error + difference_error)
    margins = np.where(np.isfinite(one_plus), margins, one_plus)
    margins[rows, targets.indices] = -np.inf
    return margins


def multiclass_hinge(y_true, y_pred, *, variant="crammer_singer", reduction="mean",
                     sample_weight=None):
    r"""Multi-class hinge loss (SVM loss) on class scores.

    Crammer-Singer (``"crammer_singer"``, the default; scikit-learn's
    multi-class ``hinge_loss``) charges the worst rival only:

    .. math:: \ell_i = \max\Bigl(0,\; 1 + \max_{j \ne y_i} s_{ij} - s_{i y_i}\Bigr)

    Weston-Watkins (``"weston_watkins"``, the "SVM loss" of CS231n) charges
    every rival that comes within the margin:

    .. math:: \ell_i = \sum_{j \ne y_i} \max\bigl(0,\; 1 + s_{ij} - s_{i y_i}\bigr)

    Both are 0 once the true class beats every other by at least 1. (Keras'
    ``categorical_hinge`` takes the rival maximum over scores with the true one
    *zeroed*, so it reports 4 for scores ``[-5, -3, -4]`` and label 1, where
    the margin is satisfied; here both variants give 0.)

    Parameters
    ----------
    y_true : array-like
        Class indices, shape ``(n,)`` (or 0-d for one sample).
    y_pred : array-like, shape ``(n, k)`` or ``(k,)``
        Class scores, any finite reals.
    variant : {"crammer_singer", "weston_watkins"}
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> print(multiclass_hinge(1, [-5.0, -3.0, -4.0]))
    0.0
    >>> multiclass_hinge([1, 1], [[0.0, 0.5, 0.2], [0.0, 0.5, 0.2]], reduction="none")
    array([0.7, 0.7])
    >>> print(multiclass_hinge(1, [0.0, 0.5, 0.2], variant="weston_watkins"))
    1.2
    """
    variant = _check_variant(variant)
    targets = _class_targets(y_true, y_pred, allow_rows=False)
    margins = _hinge_margins(targets)
    if variant == "crammer_singer":
        losses = np.maximum(0.0, margins.max(axis=1))
    else:
        losses = np.maximum(0.0, margins).sum(axis=1)
    return _finish(losses, reduction, _weights_for(sample_weight, targets), targets)


def multiclass_hinge_grad(y_true, y_pred, *, variant="crammer_singer", reduction="mean",
                          sample_weight=None):
    r"""A subgradient of :func:`multiclass_hinge` with respect to the scores.

    Crammer-Singer: if :math:`\ell_i > 0`, +1 at the worst rival
    :math:`j^* = \arg\max_{j \ne y_i} s_{ij}` and -1 at :math:`y_i`; 0
    otherwise. When :math:`m` rivals tie for the maximum, each gets
    :math:`1/m` (the average of their subgradients, which does not depend on
    the order of the classes). Weston-Watkins: +1 at every rival with
    :math:`1 + s_{ij} - s_{iy_i} > 0` and minus their count at :math:`y_i`.
    At a kink (a margin exactly 0) the rival counts as satisfied (0), like
    :func:`hinge_grad`.

    Same arguments as :func:`multiclass_hinge`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> multiclass_hinge_grad(1, [0.0, 0.5, 0.2], variant="weston_watkins")
    array([ 1., -2.,  1.])
    """
    variant = _check_variant(variant)
    targets = _class_targets(y_true, y_pred, allow_rows=False)
    margins = _hinge_margins(targets)
    rows = np.arange(margins.shape[0])
    if variant == "crammer_singer":
        worst = margins.max(axis=1, keepdims=True)
        rivals = (margins == worst) & (worst > 0.0)      # tied worst rivals share the +1
        grad = rivals / np.maximum(rivals.sum(axis=1, keepdims=True), 1)
    else:
        grad = (margins > 0.0).astype(np.float64)
    grad[rows, targets.indices] = -grad.sum(axis=1)
    return _finish_grad(grad, reduction, _weights_for(sample_weight, targets), targets)


# ---------------------------------------------------------------------------
# expected cost (cost-sensitive loss)
# ---------------------------------------------------------------------------

def _check_cost_matrix(cost_matrix, n_classes: int) -> np.ndarray:
    costs = as_float_array(cost_matrix, "cost_matrix")
    if costs.shape != (n_classes, n_classes):
        raise ValueError(
            f"cost_matrix must have shape ({n_classes}, {n_classes}) for {n_classes} "
            f"classes (row: true class, column: predicted class), got shape {costs.shape}"
        )
    if np.any(costs < 0.0):
        where = np.argwhere(costs < 0.0)[0]
        raise ValueError(
            f"cost_matrix must be non-negative, found {int((costs < 0).sum())} negative "
            f"cost(s) (first: cost_matrix[{where[0]}, {where[1]}] = {float(costs[tuple(where)])!r})"
        )
    diagonal = np.diagonal(costs)
    if np.any(diagonal != 0.0):
        c = int(np.flatnonzero(diagonal != 0.0)[0])
        raise ValueError(
            f"cost_matrix must have a zero diagonal (a right answer costs nothing), found "
            f"cost_matrix[{c}, {c}] = {float(diagonal[c])!r}"
        )
    return costs


def _expected_cost_parts(y_true, y_pred, cost_matrix):
    targets = _class_targets(y_true, y_pred)
    check_probability_rows(targets.scores, "y_pred", atol=_ROW_SUM_TOLERANCE)
    costs = _check_cost_matrix(cost_matrix, targets.scores.shape[1])
    return targets, targets.rows @ costs


def expected_cost(y_true, y_pred, *, cost_matrix, reduction="mean", sample_weight=None):
    r"""Expected misclassification cost: a loss that knows *which* wrong class was chosen.

    With a cost matrix :math:`C` (row: true class, column: predicted class;
    :math:`C_{cc} = 0`, :math:`C_{cj} \ge 0`) and predicted probabilities
    :math:`q_i`:

    .. math:: \ell_i = \sum_{j=1}^{k} C_{y_i j}\, q_{ij}
              \qquad \Bigl(\text{rows: } \ell_i = \sum_{c,j} t_{ic} C_{cj} q_{ij}\Bigr)

    the cost the model expects to pay if it answered by sampling from its own
    prediction. Linear (hence convex) in :math:`q`. Unlike cross-entropy, it can
    make calling a cat a dog cheaper than calling it a tiger.

    Parameters
    ----------
    y_true : array-like
        Class indices ``(n,)`` or probability rows ``(n, k)``.
    y_pred : array-like, shape ``(n, k)`` or ``(k,)``
        Predicted probability rows.
    cost_matrix : array-like, shape ``(k, k)``
        Keyword-only and required.
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In the units of the costs.

    Examples
    --------
    >>> costs = [[0, 1, 10], [1, 0, 10], [10, 10, 0]]  # cat, dog, tiger
    >>> print(round(float(expected_cost(0, [0.8, 0.15, 0.05], cost_matrix=costs)), 12))
    0.65
    >>> print(round(float(expected_cost(0, [0.8, 0.05, 0.15], cost_matrix=costs)), 12))
    1.55
    """
    targets, cost_rows = _expected_cost_parts(y_true, y_pred, cost_matrix)
    losses = (cost_rows * targets.scores).sum(axis=1)
    return _finish(losses, reduction, _weights_for(sample_weight, targets), targets)


def expected_cost_grad(y_true, y_pred, *, cost_matrix, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`expected_cost` with respect to the probabilities.

    .. math:: \frac{\partial \ell_i}{\partial q_{ij}} = C_{y_i j}
              \qquad \Bigl(\text{rows: } \sum_c t_{ic} C_{cj}\Bigr)

    Same arguments as :func:`expected_cost`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> expected_cost_grad(0, [0.8, 0.15, 0.05], cost_matrix=[[0, 1, 10], [1, 0, 10], [10, 10, 0]])
    array([ 0.,  1., 10.])
    """
    targets, cost_rows = _expected_cost_parts(y_true, y_pred, cost_matrix)
    return _finish_grad(cost_rows, reduction, _weights_for(sample_weight, targets), targets)


# ---------------------------------------------------------------------------
# focal loss
# ---------------------------------------------------------------------------

class _FocalParts(NamedTuple):
    targets: _Targets
    log_p: np.ndarray
    one_minus_p: np.ndarray
    modulating: np.ndarray    # (1 - p)^gamma
    gamma: float


def _focal_parts(y_true, y_pred, gamma) -> _FocalParts:
    gamma = check_non_negative(gamma, "gamma")
    targets = _class_targets(y_true, y_pred)
    log_p = log_softmax_unchecked(targets.scores)
    one_minus_p = _one_minus_exp(log_p)
    return _FocalParts(targets, log_p, one_minus_p, one_minus_p ** gamma, gamma)


def focal_loss(y_true, y_pred, *, gamma=2.0, reduction="mean", sample_weight=None):
    r"""Multi-class focal loss from logits: cross-entropy that fades on easy examples.

    .. math:: \ell_i = -(1 - p_{i y_i})^{\gamma} \log p_{i y_i},
              \qquad p_i = \operatorname{softmax}(z_i)
              \qquad \Bigl(\text{rows: } \ell_i = -\sum_c t_{ic} (1 - p_{ic})^{\gamma}
              \log p_{ic}\Bigr)

    :math:`\log p` comes from :func:`~lossfns.log_softmax` and :math:`1 - p`
    from :math:`-\operatorname{expm1}(\log p)`, so both stay accurate for any
    logits. ``gamma = 0`` is exactly :func:`cross_entropy`; larger ``gamma``
    shrinks the loss of well-classified samples (Lin et al., 2017).

    Parameters
    ----------
    y_true : array-like
        Class indices ``(n,)`` or probability rows ``(n, k)``.
    y_pred : array-like, shape ``(n, k)`` or ``(k,)``
        Logits.
    gamma : float >= 0, default 2
        Focusing parameter.
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> print(round(float(focal_loss(0, [2.0, 0.0], gamma=0.0)), 6))   # = cross-entropy
    0.126928
    >>> print(round(float(focal_loss(0, [2.0, 0.0])), 6))
    0.001804
    """
    parts = _focal_parts(y_true, y_pred, gamma)
    per_class = parts.modulating * -parts.log_p
    losses = _positive_zero(_times_log(parts.targets.rows, per_class).sum(axis=1))
    return _finish(losses, reduction, _weights_for(sample_weight, parts.targets),
                   parts.targets)


def focal_loss_grad(y_true, y_pred, *, gamma=2.0, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`focal_loss` with respect to the logits.

    With :math:`\varphi_c = -(1 - p_c)^\gamma \log p_c` and
    :math:`\partial p_c / \partial z_j = p_c(\delta_{cj} - p_j)`:

    .. math:: \frac{\partial \varphi_c}{\partial z_j} = A_c\,(\delta_{cj} - p_j),
              \qquad A_c = -(1 - p_c)^{\gamma}
              \Bigl(1 - \gamma\, \frac{p_c \log p_c}{1 - p_c}\Bigr) \le 0

    so for a class index :math:`\partial \ell / \partial z_j = A_y (\delta_{yj} -
    p_j)`, and for rows :math:`\sum_c t_c A_c (\delta_{cj} - p_j)`. The factor
    :math:`p \log p / (1 - p)` tends to :math:`-1` as :math:`p \to 1` and is
    used in this form so that ``gamma < 1`` never meets :math:`0^{\gamma - 1}`.
    For ``gamma = 0``, :math:`A_c = -1` and this is ``softmax - target``.

    Same arguments as :func:`focal_loss`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> focal_loss_grad(0, [0.0, 0.0], gamma=0.0)
    array([-0.5,  0.5])
    """
    parts = _focal_parts(y_true, y_pred, gamma)
    p = np.exp(parts.log_p)
    p_log_p = _times_log(p, parts.log_p)
    ratio = np.divide(p_log_p, parts.one_minus_p, out=-p.copy(),
                      where=parts.one_minus_p > 0.0)
    a = -parts.modulating * (1.0 - parts.gamma * ratio)
    weighted = parts.targets.rows * a                   # t_c A_c, all <= 0
    grad = weighted * parts.one_minus_p - p * _exclusive_sums(weighted)
    return _finish_grad(grad, reduction, _weights_for(sample_weight, parts.targets),
                        parts.targets)


# ---------------------------------------------------------------------------
# Kullback-Leibler divergence
# ---------------------------------------------------------------------------

def _log_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    r""":math:`\log(p / q)` accurately.

    ``log1p((p - q) / q)`` for a ratio near 1, ``log(p / q)`` while the ratio is
    a normal float, and ``log p - log q`` when it would overflow or underflow.
    """
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        ratio = p / q
        near_one = np.log1p((p - q) / q)
        direct = np.log(ratio)
        apart = np.log(p) - np.log(q)
    normal = (ratio >= np.finfo(np.float64).tiny) & np.isfinite(ratio)
    close = (ratio > 0.5) & (ratio < 2.0)
    return np.where(close, near_one, np.where(normal, direct, apart))


# coefficients of h(u) = (1 + u) log1p(u) - u = sum_{n>=2} (-1)^n u^n / (n (n - 1)), n = 2..60,
# highest first (Horner); for |u| < 1/2 the omitted tail is below 1e-21 relative
_H_SERIES = tuple((-1.0) ** n / (n * (n - 1)) for n in range(60, 1, -1))


def _relative_entropy_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    r""":math:`p \log(p/q) - p + q = q\, h(p/q - 1) \ge 0`, accurate also when :math:`p \approx q`.

    For :math:`|u| = |p/q - 1| < 1/2` the series of :math:`h` is used (the
    closed form would cancel); elsewhere the closed form, with ``inf`` where
    :math:`q = 0 < p` and 0 where :math:`p = q = 0`.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u = (p - q) / q
        close = np.abs(u) < 0.5
        u_close = np.where(close, u, 0.0)
    series = np.zeros_like(u_close)
    for coefficient in _H_SERIES:
        series = series * u_close + coefficient
    series = q * u_close * u_close * series
    general = _times_log(p, _log_ratio(p, q)) - p + q
    return np.where(close, series, general)


def _exact_row_differences(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    r""":math:`\sum_c (p_c - q_c)` per row, correctly rounded (two-sum plus ``math.fsum``)."""
    difference, error = difference_with_error(p, q)
    parts = np.concatenate([difference, error], axis=1)
    return np.array([math.fsum(row) for row in parts])


def _kl_parts(y_true, y_pred):
    targets = _class_targets(y_true, y_pred)
    check_probability_rows(targets.scores, "y_pred", atol=_ROW_SUM_TOLERANCE)
    return targets, targets.rows, targets.scores


def kl_divergence(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""KL divergence :math:`D_{\mathrm{KL}}(p \,\|\, q)`: how far ``q`` is from ``p``.

    The Kullback-Leibler divergence of the prediction from the truth:

    .. math:: \ell_i = \sum_{c=1}^{k} p_{ic} \log \frac{p_{ic}}{q_{ic}}

    with :math:`0 \log(0/q) = 0`, and ``inf`` where :math:`q_{ic} = 0 < p_{ic}`.
    It equals :func:`categorical_cross_entropy` minus the entropy of ``p`` (so
    the two have the same gradient), and is 0 when ``q == p``.

    Computed as :math:`\sum_c [p_c \log(p_c/q_c) - p_c + q_c] + \sum_c (p_c -
    q_c)`: every bracket is :math:`\ge 0` (and uses a series when :math:`p_c
    \approx q_c`), and the last sum is exactly summed, so nearly equal
    distributions get a small divergence with full relative accuracy
    (:math:`D \approx \sum_c (p_c - q_c)^2 / (2 q_c)`) instead of rounding noise.
    For rows that sum to 1 only within the 1e-6 tolerance the value can be
    slightly negative; it is not clipped.

    Parameters
    ----------
    y_true : array-like
        The true distributions :math:`p`: probability rows ``(n, k)`` (or class
        indices ``(n,)``, meaning one-hot rows).
    y_pred : array-like, shape ``(n, k)`` or ``(k,)``
        The predicted distributions :math:`q`.
    reduction : {"mean", "sum", "none"}
    sample_weight : array-like of shape ``(n,)``, optional

    Returns
    -------
    float or ndarray
        In nats.

    Examples
    --------
    >>> print(round(float(kl_divergence([0.5, 0.5], [0.9, 0.1])), 6))
    0.510826
    >>> print(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    """
    targets, p, q = _kl_parts(y_true, y_pred)
    # sum_c p log(p/q) = sum_c [p log(p/q) - p + q] + sum_c (p - q): non-negative terms plus
    # an exactly summed correction (0 for rows with equal totals), so no cancellation
    losses = _relative_entropy_terms(p, q).sum(axis=1) + _exact_row_differences(p, q)
    losses = _positive_zero(losses)
    return _finish(losses, reduction, _weights_for(sample_weight, targets), targets)


def kl_divergence_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    r"""Gradient of :func:`kl_divergence` with respect to the predicted distribution ``q``.

    .. math:: \frac{\partial \ell_i}{\partial q_{ic}} = -\frac{p_{ic}}{q_{ic}}

    (0 where :math:`p_{ic} = 0`, ``-inf`` where :math:`q_{ic} = 0 < p_{ic}`);
    the plain partial derivative, not projected onto the simplex.

    Same arguments as :func:`kl_divergence`; returns an array shaped like ``y_pred``.

    Examples
    --------
    >>> kl_divergence_grad([0.5, 0.5], [0.25, 0.75])
    array([-2.        , -0.66666667])
    """
    targets, p, q = _kl_parts(y_true, y_pred)
    with np.errstate(divide="ignore", over="ignore"):
        grad = np.divide(-p, q, out=np.zeros_like(p), where=p != 0.0)
    return _finish_grad(grad, reduction, _weights_for(sample_weight, targets), targets)
