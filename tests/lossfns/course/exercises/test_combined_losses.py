"""Checker of chapter 8's combined-losses exercise: each typical mistake gets its hint.

The right answer is written here with plain NumPy (the formula, not lossfns), so the
checker's expected values are tested against an independent implementation.
"""

import numpy as np
import pytest

from lossfns.course.exercises.combined_losses import (
    COMBINED_CASES,
    _mistakes,
    check_combined_loss,
    combined_case,
)


def _log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _smooth(e):
    a = np.abs(e)
    return np.where(a < 1, 0.5 * e**2, a - 0.5)


def right(labels, logits, box_targets, box_pred, lam):
    n = len(labels)
    l_cls = -_log_softmax(logits)[np.arange(n), labels].mean()
    objects = labels != 0
    l_box = _smooth(box_pred - box_targets)[objects].sum() / n
    return l_cls + lam * l_box


def _variant(box_rows="objects", divide="n", per_box="sum", loss=_smooth, lam_on="box",
             parts="both"):
    def combined_loss(labels, logits, box_targets, box_pred, lam):
        n = len(labels)
        l_cls = -_log_softmax(logits)[np.arange(n), labels].mean()
        rows = labels != 0 if box_rows == "objects" else np.ones(n, bool)
        errors = loss(box_pred - box_targets)[rows]
        per = errors.sum(axis=1) if per_box == "sum" else errors.mean(axis=1)
        l_box = per.sum() / (n if divide == "n" else rows.sum())
        if parts == "cls":
            return l_cls
        if parts == "box":
            return lam * l_box
        if lam_on == "cls":
            return lam * l_cls + l_box
        if lam_on == "none":
            return l_cls + l_box
        return l_cls + lam * l_box
    return combined_loss


def _parts(labels, logits, box_targets, box_pred):
    n = len(labels)
    log_p = _log_softmax(logits)
    objects = labels != 0
    return (-log_p[np.arange(n), labels].mean(),
            _smooth(box_pred - box_targets)[objects].sum() / n, log_p, objects)


def _box_subtracted(labels, logits, box_targets, box_pred, lam):
    l_cls, l_box, _, _ = _parts(labels, logits, box_targets, box_pred)
    return l_cls - lam * l_box


def _lam_on_both(labels, logits, box_targets, box_pred, lam):
    l_cls, l_box, _, _ = _parts(labels, logits, box_targets, box_pred)
    return lam * (l_cls + l_box)


def _cls_summed(labels, logits, box_targets, box_pred, lam):
    l_cls, l_box, _, _ = _parts(labels, logits, box_targets, box_pred)
    return len(labels) * l_cls + lam * l_box


def _softmax_twice(labels, logits, box_targets, box_pred, lam):
    _, l_box, log_p, _ = _parts(labels, logits, box_targets, box_pred)
    l_cls, _, _, _ = _parts(labels, np.exp(log_p), box_targets, box_pred)
    return l_cls + lam * l_box


def _box_not_divided(labels, logits, box_targets, box_pred, lam):
    l_cls, l_box, _, _ = _parts(labels, logits, box_targets, box_pred)
    return l_cls + lam * l_box * len(labels)


def _mask_inverted(labels, logits, box_targets, box_pred, lam):
    l_cls, _, _, objects = _parts(labels, logits, box_targets, box_pred)
    return l_cls + lam * _smooth(box_pred - box_targets)[~objects].sum() / len(labels)


def test_the_right_answer_passes_and_states_the_parts():
    feedback = check_combined_loss(right)
    assert feedback.is_correct, str(feedback)
    assert "classification" in str(feedback) and "objects among" in str(feedback)


def test_a_float32_answer_passes():
    def in_float32(*args):
        return np.float32(right(*args))
    assert check_combined_loss(in_float32).is_correct


def test_the_placeholder_is_not_attempted():
    def combined_loss(labels, logits, box_targets, box_pred, lam):
        ...
    assert check_combined_loss(combined_loss).status == "not_attempted"
    assert check_combined_loss(...).status == "not_attempted"


@pytest.mark.parametrize(("learner", "phrase"), [
    (_variant(box_rows="all"), "background included"),
    (_variant(divide="objects"), "divided by the number of objects"),
    (_variant(per_box="mean"), "averages the two offsets"),
    (_variant(lam_on="cls"), "multiplies the classification part"),
    (_variant(lam_on="none"), "does not depend on λ"),
    (_variant(loss=lambda e: e**2), "squares the errors"),
    (_variant(loss=lambda e: 0.5 * e**2), "half the squared error"),
    (_variant(parts="cls"), "classification loss alone"),
    (_variant(per_box="mean", divide="objects"), "mean Smooth L1 over the objects"),
    (_variant(loss=np.abs), "that is the MAE"),
    (_variant(parts="box"), "box loss alone"),
    (_box_subtracted, "subtracts the box part"),
    (_lam_on_both, "multiplies both parts"),
    (_cls_summed, "sum of the cross-entropies"),
    (_softmax_twice, "applies the softmax twice"),
    (_box_not_divided, "not divided by the number of examples"),
    (_mask_inverted, "mask is the wrong way round"),
])
def test_each_typical_mistake_gets_its_hint(learner, phrase):
    feedback = check_combined_loss(learner)
    assert not feedback.is_correct
    assert phrase in str(feedback), str(feedback)


def test_the_mistakes_are_told_apart_on_some_case():
    # every pair of slips (and each slip vs the answer) differs on at least one case
    values = []
    for seed, n, lam in COMBINED_CASES:
        labels, logits, targets, pred = combined_case(seed, n)
        row = [value for _, value in _mistakes(labels, logits, targets, pred, lam)]
        values.append(row + [right(labels, logits, targets, pred, lam)])
    values = np.array(values)
    for i in range(values.shape[1]):
        for j in range(i + 1, values.shape[1]):
            assert not np.allclose(values[:, i], values[:, j], rtol=1e-6), (i, j)


@pytest.mark.parametrize(("answer", "phrase"), [
    (lambda *args: str(right(*args)), "returned text"),
    (lambda *args: [right(*args), 0.0], "return one number"),
    (lambda *args: [right(*args)], "array of shape (1,)"),
    (lambda *args: np.array([[right(*args)]]), "array of shape (1, 1)"),
    (lambda *args: float("nan"), "NaN (not a number)"),
    (lambda *args: -right(*args), "a negative number"),
    (lambda *args: True, "a truth value"),
    (lambda *args: np.array([True]), "a truth value"),
    (lambda *args: right(*args) + 1.0, "too large"),
    (lambda *args: 1 / 0, "ZeroDivisionError"),
    (42, "expected a function"),
])
def test_other_wrong_answers_get_specific_feedback_and_never_raise(answer, phrase):
    feedback = check_combined_loss(answer)
    assert not feedback.is_correct
    assert phrase in str(feedback), str(feedback)


def test_the_hints_do_not_give_the_answer_away():
    labels, logits, targets, pred = combined_case(*COMBINED_CASES[0][:2])
    answer = right(labels, logits, targets, pred, COMBINED_CASES[0][2])
    for learner in (_variant(box_rows="all"), lambda *args: right(*args) * 2,
                    lambda *args: -right(*args), _box_subtracted):
        text = str(check_combined_loss(learner))
        assert f"{answer:.3f}" not in text and f"{answer:.4g}" not in text
