r"""Checkers for chapter 7, *Hinge loss*.

Three exercises, one per idea of the chapter:

* :func:`check_my_hinge` - the hinge loss :math:`\max(0, 1 - y s)` of every example,
  written with NumPy;
* :func:`check_hinge_subgradient` - its derivative with respect to the score,
  :math:`-y` inside the margin and 0 beyond it (any value between the two at the kink);
* :func:`check_support_vectors` - which of ten points are support vectors of a linear
  SVM part-way through training, and the width :math:`2 / \lVert w \rVert` of its margin band.

The expected answers come from :mod:`lossfns` (``hinge``, ``hinge_grad`` and
:class:`~lossfns.training.LinearSVM`), never from a number typed here.
"""

from __future__ import annotations

import numpy as np

from ...classification import hinge, hinge_grad
from ...training import LinearSVM
from ._feedback import (
    Feedback,
    checker,
    close,
    differs,
    holds_text,
    is_placeholder,
    mistake_message,
    non_finite_hint,
    numbers_text,
    numeric_array,
    quoted,
    rounded_hint,
    run_cases,
)

__all__ = [
    "HINGE_CASES",
    "SV_B",
    "SV_W",
    "SV_X",
    "SV_Y",
    "check_hinge_subgradient",
    "check_my_hinge",
    "check_support_vectors",
    "margin_width",
    "support_vectors",
]

#: (labels, scores) cases: the chapter's three scores of a spam email first, then mixed
#: labels where every typical mistake gives different numbers. The last case has
#: examples exactly on the margin, y s = 1 (the kink of the hinge).
HINGE_CASES = (
    ((1.0, 1.0, 1.0), (0.8, 0.5, 1.2)),
    ((1.0, -1.0, 1.0, -1.0, -1.0, 1.0), (2.5, 0.3, -0.4, -2.0, 1.5, 0.1)),
    ((-1.0, 1.0, -1.0, 1.0), (-0.6, 3.0, 0.9, -1.7)),
    ((1.0, -1.0, 1.0, -1.0), (1.0, -1.0, 0.25, 0.75)),
)

# This chapter's tolerance: the shared relative one (float32 answers pass) with an absolute
# part of 1e-7, also the slack of the interval test at the kink.
_ATOL = 1e-7


def _as_answer(value, n: int):
    """The learner's per-example answer as a float array of shape (n,), or a hint text."""
    if holds_text(value):
        return f"it returned text ({quoted(value)}); return numbers, e.g. a NumPy array."
    array = numeric_array(value)
    if array is None or isinstance(value, bool) or (
            isinstance(value, np.ndarray) and value.dtype.kind == "b"):
        return f"it returned {quoted(value)}; return a NumPy array of numbers."
    if array.ndim == 0:
        return (f"it returned one number ({float(array):.6g}) for {n} examples: return one "
                "value per example (no mean, no sum).")
    if array.shape != (n,):
        return (f"it returned an array of shape {array.shape} for {n} examples; return one "
                f"value per example, shape ({n},).")
    return array


def _call(name, y, s) -> str:
    return f"{name}({numbers_text(y)}, {numbers_text(s)})"


# --- exercise 1: the hinge loss -------------------------------------------------------------

def _hinge_variants(y, s):
    """(message, values) of the typical mistakes, most specific first."""
    margin = y * s
    return [
        ("the losses are squared: that is the *squared* hinge, max(0, 1 - y·s)². The hinge "
         "itself grows linearly with the shortfall.", np.maximum(0.0, 1.0 - margin) ** 2),
        ("some losses are negative: an example beyond the margin (y·s > 1) costs 0, not "
         "1 - y·s < 0. Clip at zero with np.maximum(0, ...).", 1.0 - margin),
        ("the absolute value |1 - y·s| punishes examples that are *too* safe: beyond the "
         "margin the loss must be 0. Use np.maximum(0, 1 - y·s).", np.abs(1.0 - margin)),
        ("this is max(0, -y·s): it asks only for the right side of the boundary, with no "
         "safety distance. The hinge wants y·s of at least 1.", np.maximum(0.0, -margin)),
        ("the label is missing: with y = -1 the score must be *negative* to be right. "
         "Multiply the score by the label, y·s.", np.maximum(0.0, 1.0 - s)),
        ("the sign is flipped: the loss must fall as y·s grows, max(0, 1 - y·s), not "
         "max(0, 1 + y·s).", np.maximum(0.0, 1.0 + margin)),
        ("this treats ham as label 0, so a ham email always costs 1: the hinge needs the "
         "labels -1 and +1 as they are (0/1 labels convert with 2t - 1).",
         np.maximum(0.0, 1.0 - (y + 1.0) / 2.0 * s)),
        ("this counts wrong decisions (1 if y·s <= 0, else 0): that is the 0-1 loss. The "
         "hinge also charges right answers inside the margin, and more the further off "
         "they are.", (margin <= 0.0).astype(float)),
    ]


@checker
def check_my_hinge(my_hinge) -> Feedback:
    r"""Check ``my_hinge(y, s)``: the hinge loss :math:`\max(0, 1 - y_i s_i)` of every example.

    Examples
    --------
    >>> import numpy as np
    >>> check_my_hinge(lambda y, s: np.maximum(0, 1 - y * s))
    ✓ Correct: your losses agree with lossfns.hinge on all 4 cases. The article's spam email with score 0.8 costs 0.2: it is on the right side, but inside the margin.
    >>> check_my_hinge(lambda y, s: 1 - y * s)
    ✗ Not yet: some losses are negative: an example beyond the margin (y·s > 1) costs 0, not 1 - y·s < 0. Clip at zero with np.maximum(0, ...).
    """
    # A mistake is named only when it explains the answers of *every* case: every case is
    # run (and its answer read) before any is judged.
    answers = []   # (y, s, the learner's losses)

    def read(case, value) -> Feedback | None:
        y, s = case
        got = _as_answer(value, len(y))
        if isinstance(got, str):
            return Feedback.hint(f"{_call('my_hinge', y, s)}: {got}")
        answers.append((y, s, got))
        return None

    cases = [(np.array(y), np.array(s)) for y, s in HINGE_CASES]
    failure = run_cases(my_hinge, cases, read, name="`my_hinge`",
                        expected=lambda case: hinge(*case, reduction="none"))
    if failure is not None:
        return failure.feedback
    for y, s, got in answers:
        right = np.asarray(hinge(y, s, reduction="none"))
        if close(got, right, atol=_ATOL):
            continue
        call = _call("my_hinge", y, s)
        not_finite = non_finite_hint(got, call, advice="The hinge of a finite score is "
                                     "finite for every example.")
        if not_finite is not None:
            return not_finite
        # In the first case all labels are +1, where several mistakes give the same numbers.
        for k, (message, _) in enumerate(_hinge_variants(y, s)):
            if all(close(g, _hinge_variants(yy, ss)[k][1], atol=_ATOL) for yy, ss, g in answers):
                return Feedback.hint(message)
        rounded = rounded_hint(got, right, call)
        if rounded is not None:
            return rounded
        wrong = int(np.sum(differs(got, right, atol=_ATOL)))
        return Feedback.hint(
            f"{call} is off for {wrong} of {len(y)} examples. Compute the margin y·s of each "
            "example first; the loss is how far it falls short of 1, and 0 if it does not."
        )
    loss_08 = float(hinge(1.0, 0.8))
    return Feedback.correct(
        f"your losses agree with lossfns.hinge on all {len(HINGE_CASES)} cases. The "
        f"article's spam email with score 0.8 costs {loss_08:.1f}: it is on the right side, "
        "but inside the margin."
    )


# --- exercise 2: the subgradient ------------------------------------------------------------

def _grad_variants(y, s):
    margin = y * s
    inside = margin < 1.0
    return [
        ("the sign is flipped: raising the score of a spam email (y = +1) *lowers* its "
         "loss, so the derivative inside the margin is -y, not +y.", np.where(inside, y, 0.0)),
        ("the label is missing: the loss is max(0, 1 - y·s), so by the chain rule the "
         "derivative with respect to s carries the factor -y (it is +1 for ham).",
         np.where(inside, -1.0, 0.0)),
        ("the condition looks at the score alone (s < 1); the kink is where the *margin* "
         "y·s reaches 1.", np.where(s < 1.0, -y, 0.0)),
        ("the derivative is -y everywhere: beyond the margin (y·s > 1) the loss is "
         "flat at 0, so its derivative is 0 there.", -y),
        ("the derivative is non-zero only on the wrong side (y·s < 0); the loss already "
         "slopes inside the margin, for 0 < y·s < 1.", np.where(margin < 0.0, -y, 0.0)),
        ("these are the losses, not their derivatives with respect to the score.",
         np.maximum(0.0, 1.0 - margin)),
        ("the values are divided by the number of examples: that is the gradient of the "
         "*mean* loss. Give the derivative of each example's own loss.",
         np.where(inside, -y, 0.0) / len(y)),
    ]


def _at_kink(y, s) -> np.ndarray:
    """Per example: is the margin y·s exactly 1 (up to 1e-12), where the hinge has its kink?"""
    return ~differs(y * s, 1.0, rtol=0.0, atol=1e-12)


def _valid_subgradient(got, y, s) -> np.ndarray:
    """Per example: is ``got`` a valid subgradient (any value between -y and 0 at the kink)?"""
    at_kink = _at_kink(y, s)
    low, high = np.minimum(-y, 0.0), np.maximum(-y, 0.0)
    inside_interval = (got >= low - _ATOL) & (got <= high + _ATOL)
    away = ~differs(got, np.asarray(hinge_grad(y, s, reduction="none")), atol=_ATOL)
    return np.where(at_kink, inside_interval, away)


def _judge_subgradients(answers: list, kink_choices: list) -> Feedback | None:
    """None when every answer ``(y, s, got)`` is a valid subgradient, else the hint for the
    first that is not; ``kink_choices`` collects the learner's value at a kink with y = +1."""
    everywhere_zero = all(not np.any(differs(got, 0.0, rtol=0.0, atol=_ATOL))
                          for _, _, got in answers)
    for y, s, got in answers:
        call = _call("my_hinge_grad", y, s)
        not_finite = non_finite_hint(got, call, advice="The derivative of the hinge is -y, "
                                     "0, or at the kink a value between them.")
        if not_finite is not None:
            return not_finite
        valid = _valid_subgradient(got, y, s)
        if np.all(valid):
            at_kink = _at_kink(y, s) & (y > 0)
            if np.any(at_kink):
                kink_choices.append(float(got[np.argmax(at_kink)]))
            continue
        off_kink = ~_at_kink(y, s)
        if np.all(valid[off_kink]):
            return Feedback.hint(
                f"{call}: right away from the kink, but at y·s = 1 the value must lie "
                "between -y and 0 (the slopes of the two pieces that meet there)."
            )
        if everywhere_zero:
            return Feedback.hint(
                f"{call} is 0 for every example, as on every case: 0 is the slope beyond "
                "the margin (y·s > 1) only, where the loss is flat. Inside the margin "
                "(y·s < 1) the loss 1 - y·s changes with the score: its derivative there "
                "is -y."
            )
        variants = _grad_variants(y, s)
        everywhere = [
            (values[off_kink], message) for k, (message, values) in enumerate(variants)
            if all(close(g[~_at_kink(yy, ss)], _grad_variants(yy, ss)[k][1][~_at_kink(yy, ss)],
                         atol=_ATOL) for yy, ss, g in answers)]
        here = [(values[off_kink], message) for message, values in variants]
        known = (mistake_message(got[off_kink], everywhere, atol=_ATOL)
                 or mistake_message(got[off_kink], here, atol=_ATOL))
        if known is not None:
            return Feedback.hint(known)
        rounded = rounded_hint(got[off_kink], np.asarray(hinge_grad(y, s, reduction="none"))
                               [off_kink], call)
        if rounded is not None:
            return rounded
        return Feedback.hint(
            f"{call} is off for {int(np.sum(~valid))} of {len(y)} examples. Inside the "
            "margin (y·s < 1) the loss is 1 - y·s, whose derivative in s is -y; beyond it "
            "the loss is 0."
        )
    return None


@checker
def check_hinge_subgradient(my_hinge_grad) -> Feedback:
    r"""Check ``my_hinge_grad(y, s)``: the derivative of each :math:`\max(0, 1 - y_i s_i)`
    with respect to :math:`s_i`.

    Away from the kink the answer is unique (:math:`-y` if :math:`y s < 1`, else 0). At
    :math:`y s = 1` every value between :math:`-y` and 0 is a valid subgradient and is
    accepted.

    Examples
    --------
    >>> import numpy as np
    >>> check_hinge_subgradient(lambda y, s: np.where(y * s < 1, -y, 0.0))
    ✓ Correct: your subgradient agrees with lossfns.hinge_grad on all 4 cases, and your choice at the kink y·s = 1 (0 for y = +1) is one of the valid ones.
    >>> check_hinge_subgradient(lambda y, s: np.where(y * s < 1, y, 0.0))
    ✗ Not yet: the sign is flipped: raising the score of a spam email (y = +1) *lowers* its loss, so the derivative inside the margin is -y, not +y.
    """
    # A mistake is named when it explains the answers of *every* case (on the first case,
    # with all labels +1 and no score on the wrong side, several mistakes give the same
    # numbers): every case is run, and its answer read, before any is judged.
    answers = []   # (y, s, the learner's derivatives)

    def read(case, value) -> Feedback | None:
        y, s = case
        got = _as_answer(value, len(y))
        if isinstance(got, str):
            return Feedback.hint(f"{_call('my_hinge_grad', y, s)}: {got}")
        answers.append((y, s, got))
        return None

    cases = [(np.array(y), np.array(s)) for y, s in HINGE_CASES]
    failure = run_cases(my_hinge_grad, cases, read, name="`my_hinge_grad`",
                        expected=lambda case: hinge_grad(*case, reduction="none"))
    kink_choices = []  # what the learner returns at a kink with y = +1, case by case
    wrong = _judge_subgradients(answers, kink_choices)
    if wrong is not None:
        return wrong
    if failure is not None:
        return failure.feedback
    kink_choice = kink_choices[0] if kink_choices else None
    detail = "" if kink_choice is None else (
        f", and your choice at the kink y·s = 1 ({kink_choice:g} for y = +1) is one of the "
        "valid ones")
    return Feedback.correct(
        f"your subgradient agrees with lossfns.hinge_grad on all {len(HINGE_CASES)} "
        f"cases{detail}."
    )


# --- exercise 3: support vectors and the margin width ---------------------------------------

#: Ten points (two features each) ...
SV_X = ((1.0, 2.0), (0.0, 1.0), (2.0, 2.0), (3.0, 1.0), (2.0, 0.5),
        (1.0, 3.5), (3.0, 3.0), (1.5, 1.0), (0.5, 0.5), (3.0, 2.5))
#: ... their labels (-1 ham, +1 spam) ...
SV_Y = (-1.0, -1.0, 1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0)
#: ... and the weights and bias of a linear SVM part-way through training (not the
#: optimum of an SVM objective for these points): the score is s = w·x + b.
SV_W = (2.0, 1.0)
#: ... its bias.
SV_B = -5.0


def _margins() -> np.ndarray:
    model = LinearSVM(n_features=2)
    params = {"w": np.array(SV_W), "b": np.array(SV_B)}
    return np.array(SV_Y) * model.decision_function(params, np.array(SV_X))


def support_vectors() -> np.ndarray:
    r"""The reference mask of exercise 3: the points with margin :math:`y (w^\top x + b) \le 1`.

    Examples
    --------
    >>> support_vectors().tolist()
    [True, False, True, False, True, True, True, True, False, False]
    """
    return _margins() <= 1.0


def margin_width() -> float:
    r"""The reference width of exercise 3, :math:`2 / \lVert w \rVert`.

    Examples
    --------
    >>> round(margin_width(), 6)
    0.894427
    """
    return float(2.0 / np.linalg.norm(SV_W))


def _support_variants():
    margins = _margins()
    scores = margins * np.array(SV_Y)
    return [
        ("the points exactly on the margin lines (y·s = 1) are missing: they are support "
         "vectors too (margin <= 1, not < 1); they hold the margin band in place.",
         margins < 1.0),
        ("this selects |s| <= 1, the band between the margin lines, and ignores the label: "
         "a point deep on the *wrong* side (|s| > 1, y·s < 0) is a support vector too.",
         np.abs(scores) <= 1.0),
        ("this selects |s| < 1 only, ignoring both the label and the points on the margin "
         "lines.", np.abs(scores) < 1.0),
        ("these are only the misclassified points (y·s <= 0); points on the right side but "
         "inside the margin (0 < y·s <= 1) are support vectors as well.", margins <= 0.0),
        ("these are the points *beyond* the margin, the ones that do not pull on the "
         "boundary: the support vectors are the others.", margins > 1.0),
    ]


def _width_variants(w):
    norm = float(np.linalg.norm(w))
    return [
        (1.0 / norm, "that is half the width: 1/||w|| is the distance from the boundary to "
                     "one margin line; the band spans both sides."),
        (2.0 / norm**2, "that is 2/||w||²: the distance from the boundary uses the length "
                        "||w||, not its square."),
        (2.0 / float(np.sum(np.abs(w))), "that divides by |w₁| + |w₂|; the distance uses the "
                                         "Euclidean length ||w|| = sqrt(w₁² + w₂²)."),
        (2.0 * norm, "that multiplies by ||w||; a larger w makes the scores steeper and the "
                     "band *narrower*, so the width is 2 divided by ||w||."),
        (norm, "that is ||w|| itself, the steepness of the score; the width is 2/||w||."),
    ]


def _support_mask(value, n: int):
    """The learner's mask as a bool array of shape (n,), or a hint text."""
    if holds_text(value):
        return f"`support` holds text ({quoted(value)}); give True or False for each point."
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return f"`support` should be True/False per point, got {quoted(value)}."
    if array.dtype == object:
        return f"`support` should be True/False per point, got {quoted(value)}."
    if array.dtype.kind in "iu" and array.shape == (n,) and np.all((array == 0) | (array == 1)):
        array = array.astype(bool)    # 1/0 for True/False is a mask too
    if array.dtype.kind != "b":
        return (f"`support` should hold True or False for each of the {n} points (a mask "
                "such as `margins <= 1`), not numbers or indices.")
    if array.shape != (n,):
        return f"`support` has shape {array.shape}; give one True/False per point, shape ({n},)."
    return array


@checker
def check_support_vectors(support, width) -> Feedback:
    r"""Check ``support`` (one True/False per point of :data:`SV_X`) and ``width``, the
    width :math:`2 / \lVert w \rVert` of the margin band of the SVM :data:`SV_W`, :data:`SV_B`.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array(SV_Y) * (np.array(SV_X) @ np.array(SV_W) + SV_B)
    >>> check_support_vectors(s <= 1, 2 / np.linalg.norm(SV_W))
    ✓ Correct: 6 of the 10 points are support vectors, and the band is 0.894 wide. Only these can pull on the boundary; the other 4, beyond the band, have loss 0 and subgradient 0.
    >>> check_support_vectors(s < 1, 2 / np.linalg.norm(SV_W)).status
    'incorrect'
    """
    if is_placeholder(support):
        return Feedback.not_attempted("`support`")
    n = len(SV_Y)
    mask = _support_mask(support, n)
    if isinstance(mask, str):
        return Feedback.hint(mask)
    right = support_vectors()
    if not np.array_equal(mask, right):
        for message, values in _support_variants():
            if np.array_equal(mask, values):
                return Feedback.hint(message)
        wrong = np.flatnonzero(mask != right)
        return Feedback.hint(
            f"`support` is wrong for {wrong.size} of the {n} points (the first at index "
            f"{int(wrong[0])}). Compute each point's margin y·(w·x + b): a support vector "
            "has margin at most 1."
        )
    if is_placeholder(width):
        return Feedback.not_attempted("`width`")
    if holds_text(width) or isinstance(width, (bool, np.bool_)):
        return Feedback.hint(f"`width` should be a number, but it is {quoted(width)}.")
    number = numeric_array(width)
    if number is None or number.size != 1:
        return Feedback.hint(f"`width` should be one number, got {quoted(width)}.")
    number = float(number.ravel()[0])
    expected = margin_width()
    not_finite = non_finite_hint(number, "`width`")
    if not_finite is not None:
        return not_finite
    if number <= 0:
        return Feedback.hint("`width` should be a positive, finite number (a distance).")
    if close(number, expected, rtol=1e-3, atol=0.0):   # three digits are enough
        others = n - int(right.sum())
        return Feedback.correct(
            f"{int(right.sum())} of the {n} points are support vectors, and the band is "
            f"{expected:.3g} wide. Only these can pull on the boundary; the other "
            f"{others}, beyond the band, have loss 0 and subgradient 0."
        )
    known = mistake_message(number, _width_variants(np.array(SV_W)), rtol=1e-4, atol=0.0)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(number, expected, "`width`")
    if rounded is not None:
        return Feedback.hint(f"`support` is right, but {rounded.message[len('Not yet: '):]}")
    direction = "large" if number > expected else "small"
    return Feedback.hint(
        f"`support` is right, but `width` is {number:.6g}, which is too {direction}. The "
        "margin lines are where w·x + b = +1 and -1; how far apart are they?"
    )
