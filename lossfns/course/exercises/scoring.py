"""Checkers for chapter 2, *Scoring a mistake*.

Three exercises: the cross-entropy of one prediction, converting a loss from nats
to bits, and the expected cost of a prediction under a cost matrix. Each checker
runs the learner's function on several cases (so a hard-coded number fails) and
recognises the typical mistakes of each exercise: first the values a mistake gives,
then the signs of one (a negative loss, a rounded number).
"""

from __future__ import annotations

import math

import numpy as np

from ...classification import categorical_cross_entropy, expected_cost
from ._feedback import RTOL, Feedback, checker, close, compare_numbers, holds_text, run_cases

__all__ = [
    "CLASSES",
    "CROSS_ENTROPY_CASES",
    "EXPECTED_COST_CASES",
    "NATS_CASES",
    "VILLAGE_CAMERA_COSTS",
    "check_cross_entropy",
    "check_expected_cost",
    "check_nats_to_bits",
]

#: The three classes of the chapter's image classifier, in index order.
CLASSES = ("cat", "dog", "tiger")

#: Cost of answering column j when the truth is row i (cat, dog, tiger): mixing up the
#: two pets costs 1, a false tiger alarm 5, a tiger taken for a pet 20. Asymmetric on
#: purpose, so that reading a column instead of a row gives a different number.
VILLAGE_CAMERA_COSTS = ((0.0, 1.0, 5.0), (1.0, 0.0, 5.0), (20.0, 20.0, 0.0))

#: (true class, predicted probabilities): the article's two cats first. In every case
#: the typical mistakes below give numbers different from the answer and each other.
CROSS_ENTROPY_CASES = (
    (0, (0.8, 0.15, 0.05)),
    (0, (0.3, 0.6, 0.1)),
    (2, (0.2, 0.5, 0.3)),
    (1, (0.25, 0.7, 0.05)),
)

#: Losses in nats to convert: the 80 % cat (-ln 0.8), one nat, and a larger loss.
NATS_CASES = (-math.log(0.8), 1.0, 2.5)

#: (true class, predicted probabilities) for the expected cost. The last case has
#: probabilities with three decimals, so an answer rounded to two decimals fails.
EXPECTED_COST_CASES = (
    (0, (0.6, 0.05, 0.35)),
    (0, (0.6, 0.35, 0.05)),
    (2, (0.1, 0.2, 0.7)),
    (1, (0.5, 0.3, 0.2)),
    (1, (0.123, 0.456, 0.421)),
)

# This chapter's tolerance: the shared relative one (float32 answers pass; an answer rounded
# to 4 decimals or a conversion factor typed in as 1.4427 or 0.693 does not), with an
# absolute part of 1e-12.
_RTOL = RTOL
_ATOL = 1e-12
# A wrong answer within this relative distance of the right one, but not the right one
# rounded (the shared rule of rounded_hint, tried first), gets the hint about a rounded
# conversion factor typed in (0.693, 1.4427).
_CLOSE = 5e-3


def _show(arg) -> str:
    """Numbers and arrays as a learner would type them: ``[0.8, 0.15, 0.05]``."""
    if isinstance(arg, np.ndarray):
        return "[" + ", ".join(_show(item) for item in arg) + "]"
    if isinstance(arg, (float, np.floating)):
        return f"{float(arg):.6g}"
    return repr(arg)


def _call_text(name: str, *args) -> str:
    return f"{name}({', '.join(_show(arg) for arg in args)})"


def _vector(value):
    """The learner's value as a 1-d float array, or None when it is not a vector of numbers."""
    if isinstance(value, (str, bytes, dict, bool)) or holds_text(value):
        return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array if array.ndim == 1 else None


def _is_negative(got) -> bool:
    return float(got) < 0.0


def _close_but_not_equal(got, value) -> bool:
    """A few decimals away from ``value``, as with a typed-in rounded constant."""
    return close(got, value, rtol=_CLOSE, atol=0.0)


def _compare(value, expected: float, *, mistakes, hints, call: str, vector_mistakes=()
             ) -> Feedback:
    """:func:`compare_numbers` after two checks it cannot make: text, and known vectors.

    ``vector_mistakes`` are ``(array, message)`` pairs for mistakes that return one number
    per class; :func:`compare_numbers` would only say "Return one number, not a list".
    """
    if holds_text(value) and not isinstance(value, str):
        return Feedback.hint(
            f"{call} returned text inside {type(value).__name__} ({value!r:.60}). Compute "
            "the number and return it as a number, not as text."
        )
    vector = _vector(value)
    if vector is not None:
        for array, message in vector_mistakes:
            if close(vector, array, rtol=_RTOL, atol=1e-8):
                return Feedback.hint(message)
    return compare_numbers(value, expected, mistakes=mistakes, hints=hints, rtol=_RTOL,
                           atol=_ATOL, name=call)


# --- exercise 1: cross-entropy of one prediction ------------------------------------------


def _cross_entropy_mistakes(true_class: int, probs: np.ndarray, call: str):
    p = float(probs[true_class])
    mistakes = [
        (
            math.log(p),
            (
                f"{call} is negative: ln p is below 0 for every p < 1. The loss is "
                "-ln p, so put a minus sign in front (a loss is never negative)."
            ),
        ),
        (
            -math.log10(p),
            (
                f"{call} used the base-10 logarithm. Cross-entropy in nats uses the natural "
                "logarithm: `math.log` or `np.log` (not `log10`)."
            ),
        ),
        (
            -math.log2(p),
            (
                f"{call} is the loss in bits (log base 2). This exercise asks for nats: use the "
                "natural logarithm, `math.log` or `np.log`."
            ),
        ),
        (
            -math.log(1.0 - p),
            (
                f"{call} used 1 - p, the probability of *not* being the true class. The loss "
                "takes -ln of the probability given to the true class itself."
            ),
        ),
        (
            1.0 - p,
            (
                f"{call} returned 1 - p, a distance but not the cross-entropy: take -ln of the "
                "probability of the true class."
            ),
        ),
        (p, f"{call} returned the probability itself; the loss is -ln of it."),
    ]
    for other, q in enumerate(probs):
        if other != true_class:
            mistakes.append(
                (
                    -math.log(float(q)),
                    (
                        f"{call} took the probability of class {other}, but the true class is "
                        f"{true_class}: use `probabilities[true_class]`."
                    ),
                )
            )
    mistakes += [
        (
            -float(np.sum(np.log(probs))),
            (
                f"{call} added -ln p over every class. With a one-hot target only the true "
                "class's term survives: the loss is -ln p of the true class alone."
            ),
        ),
        (
            -float(np.sum(probs * np.log(probs))),
            (
                f"{call} computed -Σ p ln p, the entropy of the prediction. The weights in "
                "front of the logarithms come from the truth (one-hot), not from the prediction."
            ),
        ),
    ]
    return mistakes


def _cross_entropy_hints(true_class: int, probs: np.ndarray, call: str):
    p = float(probs[true_class])
    return [
        (
            _is_negative,
            (
                f"{call} is negative, but a loss never is: check the sign. The loss is -ln p "
                "of the true class, with the natural logarithm `np.log` or `math.log`."
            ),
        ),
    ]


def _judge_cross_entropy(case, value) -> Feedback:
    true_class, probs = case
    call = _call_text("my_cross_entropy", true_class, probs)
    vector_mistakes = [
        (
            -np.log(probs),
            (
                f"{call} returned -ln p for every class. The loss is one number: keep "
                "only the entry of the true class, `probabilities[true_class]`."
            ),
        )
    ]
    return _compare(
        value,
        float(categorical_cross_entropy(true_class, probs)),
        mistakes=_cross_entropy_mistakes(true_class, probs, call),
        hints=_cross_entropy_hints(true_class, probs, call),
        call=call,
        vector_mistakes=vector_mistakes,
    )


@checker
def check_cross_entropy(my_cross_entropy) -> Feedback:
    """Check ``my_cross_entropy(true_class, probabilities)``: ``-ln p[true_class]`` in nats.

    Examples
    --------
    >>> import math
    >>> check_cross_entropy(lambda true_class, probs: -math.log(probs[true_class]))
    ✓ Correct: my_cross_entropy(0, [0.8, 0.15, 0.05]) = 0.2231 nats for the 80 % cat, and 1.2040 nats for the 30 % cat.
    >>> check_cross_entropy(lambda true_class, probs: math.log(probs[true_class]))
    ✗ Not yet: my_cross_entropy(0, [0.8, 0.15, 0.05]) is negative: ln p is below 0 for every p < 1. The loss is -ln p, so put a minus sign in front (a loss is never negative).
    """
    cases = [(true_class, np.array(probs)) for true_class, probs in CROSS_ENTROPY_CASES]
    failure = run_cases(my_cross_entropy, cases, _judge_cross_entropy,
                        name="`my_cross_entropy`",
                        expected=lambda case: float(categorical_cross_entropy(*case)))
    if failure is not None:
        return failure.feedback
    first = float(categorical_cross_entropy(0, CROSS_ENTROPY_CASES[0][1]))
    second = float(categorical_cross_entropy(0, CROSS_ENTROPY_CASES[1][1]))
    return Feedback.correct(
        f"my_cross_entropy(0, [0.8, 0.15, 0.05]) = {first:.4f} nats for the 80 % cat, "
        f"and {second:.4f} nats for the 30 % cat."
    )


# --- exercise 2: nats to bits ---------------------------------------------------------------


def _bits_mistakes(nats: float, call: str):
    ln2 = math.log(2.0)
    log10_2 = math.log10(2.0)
    used_log10_2 = (
        f"{call} used log10(2) ≈ 0.301. The factor between nats and bits is the natural "
        "logarithm of 2, `math.log(2)` ≈ 0.693."
    )
    used_2 = (
        f"{call} used a factor of 2. The conversion factor is ln 2 ≈ 0.693 "
        "(`math.log(2)`), not 2."
    )
    return [
        (
            nats * ln2,
            (
                f"{call} multiplied by ln 2 (or divided by log2(e), the same thing). A bit is "
                "a smaller unit than a nat, so the same loss takes *more* bits: divide by "
                "ln 2 (≈ 0.693) instead."
            ),
        ),
        (nats / log10_2, used_log10_2),
        (nats * log10_2, used_log10_2),
        (
            math.log2(nats) if nats != 1.0 else None,   # log2(1) = 0 says nothing
            (
                f"{call} took log2 of the loss. The loss is already a logarithm; changing its "
                "base only rescales it: divide the nats by ln 2."
            ),
        ),
        (nats / 2.0, used_2),
        (nats * 2.0, used_2),
        (nats, f"{call} returned the loss unchanged; divide it by ln 2 to count it in bits."),
    ]


def _bits_hints(nats: float, call: str):
    ln2 = math.log(2.0)
    return [
        (
            _is_negative,
            f"{call} is negative. Converting the unit does not change the sign: divide by ln 2.",
        ),
        (
            lambda got: _close_but_not_equal(got, nats / ln2),
            (
                f"{call} is close to the answer {nats / ln2:.6g} but not equal to it: use "
                "`math.log(2)` (or `np.log(2)`) rather than a rounded constant such as 0.693 "
                "or 1.4427, and do not round the result."
            ),
        ),
    ]


def _judge_nats_to_bits(case, value) -> Feedback:
    (nats,) = case
    call = _call_text("nats_to_bits", nats)
    return _compare(value, nats / math.log(2.0), mistakes=_bits_mistakes(nats, call),
                    hints=_bits_hints(nats, call), call=call)


@checker
def check_nats_to_bits(nats_to_bits) -> Feedback:
    """Check ``nats_to_bits(loss_nats)``: the same loss measured in bits, ``loss / ln 2``.

    Examples
    --------
    >>> import math
    >>> check_nats_to_bits(lambda loss: loss / math.log(2))
    ✓ Correct: 1 nat = 1.4427 bits, so the 80 % cat's 0.2231 nats are 0.3219 bits.
    >>> check_nats_to_bits(lambda loss: loss * math.log(2))
    ✗ Not yet: nats_to_bits(0.223144) multiplied by ln 2 (or divided by log2(e), the same thing). A bit is a smaller unit than a nat, so the same loss takes *more* bits: divide by ln 2 (≈ 0.693) instead.
    """
    failure = run_cases(nats_to_bits, [(nats,) for nats in NATS_CASES], _judge_nats_to_bits,
                        name="`nats_to_bits`", expected=lambda case: case[0] / math.log(2.0))
    if failure is not None:
        return failure.feedback
    cat = NATS_CASES[0]
    return Feedback.correct(
        f"1 nat = {1 / math.log(2.0):.4f} bits, so the 80 % cat's {cat:.4f} nats are "
        f"{cat / math.log(2.0):.4f} bits."
    )


# --- exercise 3: expected cost ----------------------------------------------------------


def _expected_cost_mistakes(true_class: int, probs: np.ndarray, costs: np.ndarray, call: str):
    row, column = costs[true_class], costs[:, true_class]
    return [
        (
            column @ probs,
            (
                f"{call} read the column `cost_matrix[:, true_class]`. Rows are the truth: "
                "`cost_matrix[true_class][j]` is the cost of answering j when the truth is "
                "true_class."
            ),
        ),
        (
            row.sum(),
            (
                f"{call} added the costs of the row without weighting them: multiply each cost "
                "by the probability the model gives that answer."
            ),
        ),
        (
            (row @ probs) / len(probs),
            (
                f"{call} divided by the number of classes. An expected value is a "
                "probability-weighted *sum*; the probabilities already add up to 1."
            ),
        ),
        (
            row[int(np.argmax(probs))],
            (
                f"{call} is the cost of the model's single most likely answer. The expected "
                "cost weights the cost of *every* answer by its probability."
            ),
        ),
    ]


def _expected_cost_hints(true_class: int, probs: np.ndarray, costs: np.ndarray, call: str):
    row = costs[true_class]
    return [
        (
            _is_negative,
            (
                f"{call} is negative, but every cost in the matrix is ≥ 0 and so is every "
                "probability: check the sign."
            ),
        ),
    ]


def _expected_cost_vector_mistakes(true_class: int, probs: np.ndarray, costs: np.ndarray,
                                   call: str):
    """Mistakes that return one number per class instead of one number."""
    return [
        (
            costs[true_class] * probs,
            (
                f"{call} returned each cost times its probability, one number per answer. "
                "The expected cost is their *sum*: add them up."
            ),
        ),
        (
            costs @ probs,
            (
                f"{call} returned `cost_matrix @ probabilities`, the expected cost for every "
                "possible truth. The truth is known: keep row true_class, "
                "`cost_matrix[true_class] @ probabilities`."
            ),
        ),
        (
            probs @ costs,
            (
                f"{call} returned `probabilities @ cost_matrix`, which weights the *rows* "
                "(the truths) by the predicted probabilities. Use row true_class instead: "
                "`cost_matrix[true_class] @ probabilities`."
            ),
        ),
    ]


def _judge_expected_cost(case, value) -> Feedback:
    true_class, probs, costs = case
    call = _call_text("my_expected_cost", true_class, probs, costs)
    return _compare(
        value,
        float(expected_cost(true_class, probs, cost_matrix=costs)),
        mistakes=_expected_cost_mistakes(true_class, probs, costs, call),
        hints=_expected_cost_hints(true_class, probs, costs, call),
        call=call,
        vector_mistakes=_expected_cost_vector_mistakes(true_class, probs, costs, call),
    )


@checker
def check_expected_cost(my_expected_cost) -> Feedback:
    """Check ``my_expected_cost(true_class, probabilities, cost_matrix)``: ``Σ_j C[y, j] p_j``.

    Examples
    --------
    >>> check_expected_cost(lambda y, probs, costs: sum(c * p for c, p in zip(costs[y], probs)))
    ✓ Correct: with the village-camera costs, [0.6, 0.35, 0.05] costs 0.60 and [0.6, 0.05, 0.35] costs 1.80, though their cross-entropy is the same.
    >>> check_expected_cost(lambda y, probs, costs: sum(costs[y]))
    ✗ Not yet: my_expected_cost(0, [0.6, 0.05, 0.35], [[0, 1, 5], [1, 0, 5], [20, 20, 0]]) added the costs of the row without weighting them: multiply each cost by the probability the model gives that answer.
    """
    costs = np.array(VILLAGE_CAMERA_COSTS)
    cases = [(true_class, np.array(probs), costs) for true_class, probs in EXPECTED_COST_CASES]
    failure = run_cases(my_expected_cost, cases, _judge_expected_cost, name="`my_expected_cost`",
                        expected=lambda case: float(expected_cost(case[0], case[1],
                                                                  cost_matrix=case[2])))
    if failure is not None:
        return failure.feedback
    dog_side = float(expected_cost(0, EXPECTED_COST_CASES[1][1], cost_matrix=costs))
    tiger_side = float(expected_cost(0, EXPECTED_COST_CASES[0][1], cost_matrix=costs))
    return Feedback.correct(
        f"with the village-camera costs, [0.6, 0.35, 0.05] costs {dog_side:.2f} and "
        f"[0.6, 0.05, 0.35] costs {tiger_side:.2f}, though their cross-entropy is the same."
    )
