r"""Checker for chapter 8's section *Combined losses*.

One exercise: :func:`check_combined_loss` -- write the detection loss

.. math:: L = \frac1n \sum_i -\ln \operatorname{softmax}(z_i)_{u_i}
          + \lambda\, \frac1n \sum_i [u_i \ne 0] \sum_j s_1(\hat t_{ij} - t_{ij})

as a function of labels, logits, box targets, box predictions and :math:`\lambda`,
with the classification part and the box part (Smooth L1, :math:`\beta = 1`, summed
over the offsets, counted only on objects, divided by all ``n`` examples).

The expected values come from :func:`lossfns.training.multitask.detection_loss`, never from a
number typed here; the typical mistakes are computed from the same parts.
"""

from __future__ import annotations

import numpy as np

from ...activations import softmax
from ...classification import cross_entropy
from ...training.multitask import detection_loss
from ...regression import mse, smooth_l1
from ._feedback import (
    Feedback,
    checker,
    close,
    mistake_message,
    non_finite_hint,
    numeric_array,
    rounded_hint,
    run_cases,
    text_hint,
)

__all__ = ["COMBINED_CASES", "check_combined_loss", "combined_case"]

#: (seed, number of examples, lambda) of the checker's cases: a mix of background
#: (class 0) and objects, box errors below and above beta = 1.
COMBINED_CASES = ((3, 6, 1.0), (11, 8, 2.5), (5, 7, 0.4))


def combined_case(seed: int, n: int):
    """The arrays of one checker case: ``labels, logits, box_targets, box_pred``.

    Seeded, with at least one background example and two objects; the predicted
    offsets are off by up to 2.5 (so Smooth L1 is quadratic for some, linear for others).

    Examples
    --------
    >>> labels, logits, targets, pred = combined_case(3, 6)
    >>> labels.tolist(), logits.shape, targets.shape, pred.shape
    ([2, 0, 2, 1, 0, 0], (6, 3), (6, 2), (6, 2))
    """
    rng = np.random.default_rng(seed)
    labels = np.concatenate([[0, 1, 2], rng.integers(0, 3, n - 3)])
    labels = labels[rng.permutation(n)]
    logits = rng.normal(0.0, 1.5, (n, 3))
    targets = rng.uniform(-0.5, 0.5, (n, 2))
    pred = targets + rng.uniform(-2.5, 2.5, (n, 2))
    targets[labels == 0] = 0.0
    return labels, logits, targets, pred


def _parts(labels, logits, targets, pred):
    """Per-row Smooth L1 (mean over the offsets, as lossfns.smooth_l1 gives it) and more."""
    per_row = np.asarray(smooth_l1(targets, pred, reduction="none"))     # mean over 2 offsets
    squared = np.asarray(mse(targets, pred, reduction="none"))          # mean of squares
    objects = labels != 0
    return cross_entropy(labels, logits), per_row, squared, objects


def _mistakes(labels, logits, targets, pred, lam):
    """(what the learner may have done, its value) for the typical slips."""
    l_cls, per_row, squared, objects = _parts(labels, logits, targets, pred)
    n, d, n_obj = len(labels), targets.shape[1], int(objects.sum())
    box = d * per_row[objects].sum() / n
    return [
        ("box_subtracted", l_cls - lam * box),
        ("lam_on_both", lam * (l_cls + box)),
        ("cls_sum", n * l_cls + lam * box),
        ("probabilities", cross_entropy(labels, softmax(logits)) + lam * box),
        ("box_not_divided", l_cls + lam * n * box),
        ("only_background", l_cls + lam * d * per_row[~objects].sum() / n),
        ("background", l_cls + lam * d * per_row.sum() / n),
        ("per_object", l_cls + lam * d * per_row[objects].sum() / n_obj),
        ("mean_offsets", l_cls + lam * per_row[objects].sum() / n),
        ("object_mean", l_cls + lam * per_row[objects].mean()),
        ("absolute", l_cls + lam * np.abs(pred - targets)[objects].sum() / n),
        ("lam_on_cls", lam * l_cls + box),
        ("no_lam", l_cls + box),
        ("squared", l_cls + lam * d * squared[objects].sum() / n),
        ("half_squared", l_cls + lam * d * 0.5 * squared[objects].sum() / n),
        ("only_cls", l_cls),
        ("only_box", lam * box),
    ]


_MESSAGES = {
    "box_subtracted": "your answer subtracts the box part. Both parts are losses to be made "
                      "small together: add them.",
    "lam_on_both": "the weight λ multiplies both parts in your answer; it weighs only the "
                   "box part against the classification part.",
    "cls_sum": "your classification part is the sum of the cross-entropies, not their mean "
               "over the n examples.",
    "probabilities": "your classification part applies the softmax twice: "
                     "lossfns.cross_entropy takes the logits themselves and applies the "
                     "softmax for you.",
    "box_not_divided": "your box part is a sum over the objects that is not divided by the "
                       "number of examples n.",
    "only_background": "your box part is counted on the background examples only: the "
                       "mask is the wrong way round. Only examples with an object (class "
                       "not 0) have a box.",
    "background": "you counted the box loss on every example, background included. A "
                  "background example (class 0) has no box: leave it out of the box part "
                  "(but keep dividing by all n examples).",
    "per_object": "your box part is divided by the number of objects. Divide it by all n "
                  "examples, like the classification part, so that each example's loss is "
                  "L_cls + λ [u ≠ 0] L_box.",
    "mean_offsets": "your box part averages the two offsets of each box; the box loss "
                    "adds them up (lossfns.smooth_l1 with reduction='none' gives their "
                    "mean: multiply by the number of offsets).",
    "object_mean": "your box part is the mean Smooth L1 over the objects' offsets (as "
                   "lossfns.smooth_l1 on the object rows gives it). Add up the offsets of "
                   "each box, and divide by all n examples, not by the objects alone.",
    "absolute": "your box part counts every unit of error alike: that is the MAE. Smooth "
                "L1 squares (and halves) the errors below β = 1.",
    "lam_on_cls": "the weight λ multiplies the classification part in your answer; it "
                  "belongs to the box part.",
    "no_lam": "your answer does not depend on λ: multiply the box part by it.",
    "squared": "your box part squares the errors: that is the MSE's notebook, not Smooth "
               "L1's, which is linear beyond β = 1.",
    "half_squared": "your box part is half the squared error for every error: Smooth L1 is "
                    "that only for errors below β = 1 and |e| − 1/2 beyond.",
    "only_cls": "your answer is the classification loss alone: add λ times the box loss.",
    "only_box": "your answer is the box loss alone: add the classification loss "
                "(cross-entropy of the labels given the logits).",
}


def _judge(case, value) -> Feedback | None:
    number, labels, logits, targets, pred, lam = case
    call = f"`combined_loss(...)` on case {number}"
    hint = text_hint(value, call)
    if hint is not None:
        return hint
    got = numeric_array(value)
    if isinstance(value, (bool, np.bool_)) or (got is not None and np.asarray(
            value).dtype.kind == "b"):
        return Feedback.hint(f"{call} returned {value!r}, a truth value: return "
                             "one number, L.")
    if got is None or got.ndim != 0:
        shape = "not a number" if got is None else f"an array of shape {got.shape}"
        return Feedback.hint(f"{call} returned {shape}: return one number, L (not a "
                             "list or an array).")
    got = float(got)
    expected = detection_loss(labels, targets, logits, pred, lam=lam).value
    if close(got, expected):
        return None
    not_finite = non_finite_hint(got, call, advice="The loss of finite logits and boxes "
                                 "is finite.")
    if not_finite is not None:
        return not_finite
    known = mistake_message(got, ((wrong, _MESSAGES[name]) for name, wrong
                                  in _mistakes(labels, logits, targets, pred, lam)))
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    if got < 0:
        return Feedback.hint(f"{call} returned {got:.6g}, a negative number. Both parts "
                             "are sums of non-negative losses, so L >= 0: look for a "
                             "sign.")
    direction = "large" if got > expected else "small"
    return Feedback.hint(
        f"{call} returned {got:.6g}, which is too {direction}. Compute the two parts "
        "separately and compare each with its formula.")


@checker
def check_combined_loss(combined_loss) -> Feedback:
    r"""Check ``combined_loss(labels, logits, box_targets, box_pred, lam)``: one number, :math:`L`.

    Compared with :func:`lossfns.training.multitask.detection_loss` (``beta=1``) on
    :data:`COMBINED_CASES`.

    Examples
    --------
    >>> from lossfns.training.multitask import detection_loss
    >>> def solution(labels, logits, box_targets, box_pred, lam):
    ...     return detection_loss(labels, box_targets, logits, box_pred, lam=lam).value
    >>> check_combined_loss(solution).is_correct
    True
    >>> def forgot_background(labels, logits, box_targets, box_pred, lam):
    ...     box = np.abs(box_pred - box_targets)
    ...     s = np.where(box < 1, 0.5 * box**2, box - 0.5).sum(axis=1)
    ...     return cross_entropy(labels, logits) + lam * s.mean()
    >>> print(check_combined_loss(forgot_background))  # doctest: +ELLIPSIS
    ✗ Not yet: you counted the box loss on every example, background included. ...
    """
    # each case: its number (1, 2, ...), then the arguments of combined_loss
    cases = [(number, *combined_case(seed, n), lam)
             for number, (seed, n, lam) in enumerate(COMBINED_CASES, start=1)]
    failure = run_cases(combined_loss, cases, _judge, name="`combined_loss`",
                        arguments=lambda case: case[1:],
                        expected=lambda case: detection_loss(case[1], case[3], case[2],
                                                             case[4], lam=case[5]).value)
    if failure is not None:
        return failure.feedback
    labels, logits, targets, pred = combined_case(*COMBINED_CASES[0][:2])
    result = detection_loss(labels, targets, logits, pred, lam=COMBINED_CASES[0][2])
    return Feedback.correct(
        f"on the first case L = {result.classification:.3f} (classification) + "
        f"{result.lam:g} × {result.box:.3f} (boxes of the {result.n_objects} objects among "
        f"{len(labels)} examples) = {result.value:.3f}.")
