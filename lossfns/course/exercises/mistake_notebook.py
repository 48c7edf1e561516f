"""Checkers for chapter 1, *The mistake notebook*.

Three exercises, one per idea of the chapter:

* :func:`check_entry_losses` - score every entry: the cross-entropy
  :math:`-\\ln p_{\\text{true}}` of each photo from a table of probabilities;
* :func:`check_worst_first` - read the notebook: the positions of the ``k``
  largest losses, worst first;
* :func:`check_right_but_unsure` - the fact check: count photos classified
  correctly that still cost more than a threshold.

The expected answers come from :mod:`lossfns` (``categorical_cross_entropy``),
not from a formula retyped here.
"""

from __future__ import annotations

import math

import numpy as np

from ...classification import categorical_cross_entropy
from ._feedback import (
    Feedback,
    checker,
    close,
    compare_numbers,
    constant_answer_hint,
    non_finite_hint,
    numeric_array,
    quoted,
    run_cases,
    text_hint,
)

__all__ = [
    "LABELS",
    "PROBABILITIES",
    "check_entry_losses",
    "check_right_but_unsure",
    "check_worst_first",
]

#: A page of the notebook: predicted probabilities (cat, dog, tiger) for eleven photos.
PROBABILITIES = (
    (0.95, 0.03, 0.02),
    (0.55, 0.40, 0.05),
    (0.60, 0.30, 0.10),
    (0.10, 0.20, 0.70),
    (0.05, 0.90, 0.05),
    (0.03, 0.05, 0.92),
    (0.25, 0.70, 0.05),
    (0.20, 0.45, 0.35),
    (0.05, 0.05, 0.90),
    (0.80, 0.15, 0.05),
    (0.04, 0.94, 0.02),
)
#: The true class of each photo of PROBABILITIES: 0 cat, 1 dog, 2 tiger.
LABELS = (0, 0, 1, 2, 1, 2, 0, 1, 2, 0, 1)

# A second page, so that an answer cannot be tuned to one table: the article's cat
# (80 % cat) first, then rows where the true class is neither the first column nor
# the most probable one.
_SECOND_PROBABILITIES = (
    (0.80, 0.15, 0.05),
    (0.25, 0.15, 0.60),
    (0.10, 0.70, 0.20),
    (0.40, 0.35, 0.25),
)
_SECOND_LABELS = (0, 1, 1, 2)


def _pages():
    return [
        (np.array(PROBABILITIES), np.array(LABELS)),
        (np.array(_SECOND_PROBABILITIES), np.array(_SECOND_LABELS)),
    ]


def _entry_losses(probabilities, labels) -> np.ndarray:
    return categorical_cross_entropy(labels, probabilities, reduction="none")


def _not_numbers(name, value, what) -> Feedback:
    hint = text_hint(value, name, limit=40)
    if hint is not None:
        return hint
    return Feedback.hint(f"{name} should return {what}; it returned a {type(value).__name__}.")


# --- exercise 1: score every entry --------------------------------------------------------


def _entry_hints(probabilities, labels):
    n = len(labels)
    rows = np.arange(n)
    p_true = probabilities[rows, labels]
    losses = -np.log(p_true)
    predicted = probabilities.argmax(axis=1)
    return [
        (
            lambda got: close(got, np.log(p_true)),
            ("every value is negative: ln p is below 0 for a probability p < 1, so the "
             "loss is minus the logarithm, -ln p."),
        ),
        (
            lambda got: close(got, -np.log10(p_true)),
            ("that is log base 10. The book measures losses in nats, with the natural "
             "logarithm: `math.log` or `np.log`."),
        ),
        (
            lambda got: close(got, -np.log2(p_true)),
            ("that is log base 2, the loss in bits. This chapter uses nats: the natural "
             "logarithm `math.log` or `np.log` (chapter 2 compares the two units)."),
        ),
        (
            lambda got: close(got, -np.log(probabilities[rows, predicted])),
            ("you took the probability of the class the model *predicted* (the largest in "
             "each row). The loss looks at the probability of the *true* class, "
             "`probabilities[i][labels[i]]`."),
        ),
        (
            lambda got: close(got, -np.log(probabilities[:, 0])),
            ("you used the first column (cat) for every photo. Pick each photo's own true "
             "class: `probabilities[i][labels[i]]`."),
        ),
        (
            lambda got: close(got, p_true),
            ("those are the probabilities of the true classes themselves; the loss of an "
             "entry is -ln of that probability."),
        ),
        (
            lambda got: close(got, 1.0 - p_true),
            ("1 - p is the probability the model gave to wrong classes; the cross-entropy "
             "of an entry is -ln p instead."),
        ),
        (
            lambda got: np.shape(got) == losses.shape
            and not close(got, losses)
            and close(np.sort(got), np.sort(losses), atol=1e-8),
            ("the right numbers in the wrong order: return the losses in the order of the "
             "photos (row i of the table gives entry i), without sorting them."),
        ),
        (
            lambda got: np.ndim(got) == 0 and math.isclose(float(got), losses.mean()),
            ("that is the average loss, one number for the whole page. Return one loss "
             f"per photo: {n} numbers."),
        ),
    ]


def _judge_entry_losses(case, value) -> Feedback:
    probabilities, labels = case
    got = numeric_array(value)
    if got is None:
        return _not_numbers("`entry_losses`", value, "numbers, one per photo")
    hints = _entry_hints(probabilities, labels)
    if got.ndim == 0:  # the average instead of the list: say so before the shape message
        for predicate, message in hints[-1:]:
            if predicate(got):
                return Feedback.hint(message)
        return Feedback.hint(
            f"`entry_losses` returned one number; return one loss per photo "
            f"({len(labels)} numbers)."
        )
    # The shared rtol 1e-6: an answer computed in float32 (relative error ~6e-8) is right too.
    return compare_numbers(got, _entry_losses(probabilities, labels), hints=hints, atol=1e-12,
                           name="`entry_losses(probabilities, labels)`")


@checker
def check_entry_losses(entry_losses) -> Feedback:
    """Check ``entry_losses(probabilities, labels)``: the loss -ln p_true of every photo.

    Examples
    --------
    >>> import numpy as np
    >>> check_entry_losses(lambda p, y: -np.log(p[np.arange(len(y)), y]))
    ✓ Correct: all 11 entries scored; the surest right answer (photo 0, p = 0.95) costs 0.0513 nats, the worst mistake (photo 6, p = 0.25) 1.39 nats.
    >>> check_entry_losses(lambda p, y: np.log(p[np.arange(len(y)), y]))
    ✗ Not yet: every value is negative: ln p is below 0 for a probability p < 1, so the loss is minus the logarithm, -ln p.
    """
    failure = run_cases(entry_losses, _pages(), _judge_entry_losses, name="`entry_losses`",
                        expected=lambda case: _entry_losses(*case))
    if failure is not None:
        return failure.feedback
    losses = _entry_losses(np.array(PROBABILITIES), np.array(LABELS))
    p_true = np.array(PROBABILITIES)[np.arange(len(LABELS)), LABELS]
    best, worst = int(np.argmin(losses)), int(np.argmax(losses))
    return Feedback.correct(
        f"all {len(LABELS)} entries scored; the surest right answer (photo {best}, p = {p_true[best]:g}) "
        f"costs {losses[best]:.3g} nats, the worst mistake (photo {worst}, "
        f"p = {p_true[worst]:g}) {losses[worst]:.3g} nats."
    )


# --- exercise 2: worst first --------------------------------------------------------------

# Loss pages without ties (so "worst first" has exactly one answer) where the typical
# mistakes all give different answers.
_WORST_CASES = (
    ((0.05, 1.20, 0.36, 2.30, 0.11, 0.69, 0.01), 3),
    ((0.40, 0.10, 0.90, 0.30), 1),
    ((0.22, 0.51, 0.05, 1.61, 0.92, 0.16), 4),
)


def _worst_hints(losses, k):
    losses = np.asarray(losses)
    order = np.argsort(-losses, kind="stable")
    expected = order[:k]
    return [
        (
            lambda got: close(got, expected + 1),
            ("these are the right photos counted from 1. Python positions start at 0: "
             "the first loss in the list is photo 0."),
        ),
        (
            lambda got: close(got, expected[::-1]) and k > 1,
            ("the right photos, in the wrong order: the notebook lists the worst mistake "
             "(the largest loss) first."),
        ),
        (
            lambda got: close(got, np.argsort(losses, kind="stable")[:k]),
            ("these are the photos with the *smallest* losses, the best answers. Sort from "
             "the largest loss down."),
        ),
        (
            lambda got: close(got, losses[expected]) or close(got, np.sort(losses)[::-1][:k]),
            ("those are the loss values of the worst mistakes; return their positions "
             "(indices) in the list instead."),
        ),
        (
            lambda got: close(got, order),
            f"that is every photo, worst first; keep only the first k = {k}.",
        ),
    ]


def _judge_worst_first(case, value) -> Feedback:
    losses, k = case
    got = numeric_array(value)
    if got is None:
        return _not_numbers("`worst_first`", value, "a list of positions (whole numbers)")
    expected = np.argsort(-np.asarray(losses), kind="stable")[:k]
    hints = _worst_hints(losses, k)
    call = f"worst_first({list(losses)}, k={k})"
    if got.ndim == 2 and got.shape == (k, 2):
        return Feedback.hint(
            f"{call} returned {k} pairs; return only the positions, one whole number "
            "per photo, not (position, loss) pairs."
        )
    if got.ndim > 1:
        return Feedback.hint(
            f"{call} returned a nested list of shape {got.shape}; return a flat list "
            f"of k = {k} positions."
        )
    not_finite = non_finite_hint(got, call)
    if not_finite is not None:
        return not_finite
    named = next((message for predicate, message in hints if predicate(got)), None)
    if named is None and np.asarray(value).dtype.kind in "fb" and got.shape == expected.shape:
        same = close(got, expected)
        return Feedback.hint(
            f"{call} returned {quoted(value, limit=40)}: "
            + ("the right photos, but " if same else "")
            + "positions are whole numbers (`int`), the kind that can index a list; "
            "`sorted(range(len(losses)), ...)` and `np.argsort` both give them."
        )
    if got.ndim == 0 and k == 1 and float(got) == expected[0]:
        return Feedback.hint(
            f"worst_first({list(losses)}, k=1) returned the position {int(got)} itself; "
            "return a list, even of one position: [" + str(int(got)) + "]."
        )
    if got.shape != expected.shape:
        # compare_numbers would stop at the shape; the hints (all shape-safe,
        # see close) may still recognise the mistake.
        if named is not None:
            return Feedback.hint(named)
        return Feedback.hint(
            f"{call} returned {got.size} value(s); return exactly k = {k} positions."
        )
    # positions are whole numbers: (almost) exact agreement
    return compare_numbers(got, expected, hints=hints, rtol=1e-9, atol=1e-12, name=call)


@checker
def check_worst_first(worst_first) -> Feedback:
    """Check ``worst_first(losses, k)``: the positions of the k largest losses, worst first.

    Examples
    --------
    >>> import numpy as np
    >>> check_worst_first(lambda losses, k: list(np.argsort(losses)[::-1][:k]))
    ✓ Correct: on the page [0.05, 1.2, 0.36, 2.3, 0.11, 0.69, 0.01] the worst three are photos 3, 1 and 5.
    >>> check_worst_first(lambda losses, k: list(np.argsort(losses)[:k]))
    ✗ Not yet: these are the photos with the *smallest* losses, the best answers. Sort from the largest loss down.
    """
    cases = [(list(losses), k) for losses, k in _WORST_CASES]
    failure = run_cases(worst_first, cases, _judge_worst_first, name="`worst_first`",
                        expected=lambda case: np.argsort(-np.asarray(case[0]),
                                                         kind="stable")[:case[1]])
    if failure is not None:
        return failure.feedback
    losses, _ = _WORST_CASES[0]
    top = np.argsort(-np.asarray(losses), kind="stable")[:3]
    return Feedback.correct(
        f"on the page {list(losses)} the worst three are photos {top[0]}, {top[1]} and "
        f"{top[2]}."
    )


# --- exercise 3: right but unsure ---------------------------------------------------------

# (page, threshold in nats). With PROBABILITIES and 0.2 nats the typical mistakes give
# different counts: the answer 4, right 9, wrong 2, above the threshold 6, right and
# below the threshold 5, the fraction 4/11. Some of them coincide on the later cases, so
# a named hint is given only when the learner's counts match that mistake on every case.
_UNSURE_CASES = ((0, 0.2), (0, 0.5), (1, 0.1))


def _unsure_counts(probabilities, labels, threshold):
    losses = _entry_losses(probabilities, labels)
    p_true = np.exp(-losses)
    right = probabilities.argmax(axis=1) == labels
    above = losses > threshold
    return {
        "answer": int(np.sum(right & above)),
        "right": int(np.sum(right)),
        "wrong": int(np.sum(~right)),
        "above": int(np.sum(above)),
        "right_below": int(np.sum(right & ~above)),
        "probability": int(np.sum(right & (p_true > threshold))),
        "log_base": (int(np.sum(right & (-np.log10(p_true) > threshold))),
                     int(np.sum(right & (-np.log2(p_true) > threshold)))),
        "n": len(labels),
    }


_UNSURE_MISTAKES = (
    ("fraction", ("that is a fraction of the page ({answer}/{n}); return the count itself.")),
    ("wrong", ("you counted the wrong answers, the entries of the student's notebook. Count "
               "the photos the model got *right* whose loss is still above the threshold.")),
    ("above", ("you counted every photo whose loss is above the threshold, wrong answers "
               "included. Keep only the photos classified correctly (the most probable class "
               "is the true one).")),
    ("right_below", ("you counted the right answers whose loss is *below* {threshold:g} "
                     "nats; the question asks for those above it.")),
    ("probability", ("you compared the probability p_true with the threshold. Compare the "
                     "loss -ln p_true with it (compare the loss with the threshold, not the "
                     "probability).")),
    ("right", ("you counted every right answer. Keep only those whose loss -ln p_true is "
               "above {threshold:g} nats (compare the loss with the threshold, not the "
               "probability).")),
    ("log_base", ("the threshold is in nats: compute the loss with the natural logarithm "
                  "(`np.log` or `math.log`), not `np.log10` or `np.log2`.")),
)


def _mistake_values(name, counts):
    """What a learner making the mistake ``name`` returns: one or more candidate values."""
    if name == "fraction":
        return (counts["answer"] / counts["n"],)
    value = counts[name]
    return value if isinstance(value, tuple) else (value,)


def _as_count(value):
    """A plain Python number for numpy scalars (nicer in messages), else the value."""
    return value.item() if isinstance(value, np.generic) else value


def _matches_everywhere(values, name, all_counts) -> bool:
    """Does the learner's value equal the mistake ``name``'s count on every case?"""
    for value, counts in zip(values, all_counts):
        got = numeric_array(value)
        if got is None or got.ndim != 0 or isinstance(value, (bool, np.bool_)):
            return False
        if not any(math.isclose(float(got), candidate, abs_tol=1e-9)
                   for candidate in _mistake_values(name, counts)):
            return False
    return True


def _where(case):
    page, threshold = _UNSURE_CASES[case]
    first_page = _UNSURE_CASES[0][0]
    if page == first_page:
        return f"with threshold {threshold:g} on the same page"
    n = len(_pages()[page][1])
    return f"on a second page of {n} photos, with threshold {threshold:g}"


@checker
def check_right_but_unsure(right_but_unsure) -> Feedback:
    """Check ``right_but_unsure(probabilities, labels, threshold)``: right answers that still cost.

    A photo counts when the most probable class is the true one *and* its loss
    :math:`-\\ln p_{\\text{true}}` is above ``threshold`` nats.

    Examples
    --------
    >>> import numpy as np
    >>> def solution(p, y, threshold):
    ...     p_true = p[np.arange(len(y)), y]
    ...     return int(np.sum((p.argmax(axis=1) == y) & (-np.log(p_true) > threshold)))
    >>> check_right_but_unsure(solution)
    ✓ Correct: 9 of the 11 photos are classified correctly, yet 4 of them still cost more than 0.2 nats. The loss keeps working on them; a notebook of wrong answers would not.
    >>> check_right_but_unsure(lambda p, y, threshold: int(np.sum(p.argmax(axis=1) != y)))
    ✗ Not yet: you counted the wrong answers, the entries of the student's notebook. Count the photos the model got *right* whose loss is still above the threshold.
    """
    pages = _pages()
    cases = [(*pages[page], threshold) for page, threshold in _UNSURE_CASES]
    all_counts = [_unsure_counts(*case) for case in cases]
    # Named hints need the learner's count on every case: run the cases first, judge after.
    answers = []

    def keep(case, value):
        answers.append(value)

    failure = run_cases(right_but_unsure, cases, keep, name="`right_but_unsure`")
    # A case whose call failed (and the cases after it, not run) has no value.
    values = answers + [None] * (len(cases) - len(answers))
    # Some typical mistakes count the same on every case (two wrong answers on each): they
    # are named before an answer is called constant.
    if failure is None and not any(_matches_everywhere(values, name, all_counts)
                                   for name, _ in _UNSURE_MISTAKES):
        constant = constant_answer_hint(answers, [counts["answer"] for counts in all_counts],
                                        "`right_but_unsure`")
        if constant is not None:
            return constant
    first_threshold = _UNSURE_CASES[0][1]
    for case, (answer, counts) in enumerate(zip(answers, all_counts)):
        threshold = _UNSURE_CASES[case][1]
        value = _as_count(answer)
        hints = [
            (lambda got, name=name: _matches_everywhere(values, name, all_counts),
             message.format(threshold=first_threshold, **all_counts[0]))
            for name, message in _UNSURE_MISTAKES
        ]
        if case > 0:
            hints.append((
                lambda got: True,
                (f"right on the first test (threshold {first_threshold:g}), but "
                 f"{_where(case)} your function returns {quoted(value, limit=20)} instead "
                 f"of {counts['answer']}. Does it use the `threshold` argument and each "
                 "photo's own true class?"),
            ))
        feedback = compare_numbers(  # counts are whole numbers: (almost) exact agreement
            value, counts["answer"], hints=hints, rtol=1e-9, atol=1e-12,
            name=f"`right_but_unsure` with threshold {threshold:g}",
        )
        if not feedback:
            return feedback
    if failure is not None:
        return failure.feedback
    counts = all_counts[0]
    return Feedback.correct(
        f"{counts['right']} of the {counts['n']} photos are classified correctly, yet "
        f"{counts['answer']} of them still cost more than {first_threshold:g} nats. The "
        "loss keeps working on them; a notebook of wrong answers would not."
    )
