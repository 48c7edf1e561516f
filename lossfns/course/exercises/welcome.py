"""Checkers for chapter 0, *Welcome*.

They also serve as the worked example of how a chapter checker is built from
:mod:`lossfns.course.exercises`: the cases, a function that judges the learner's value on one
case (``compare_numbers`` with the typical mistakes as hints), and ``run_cases``, which
calls the learner's function on every case and stops at the first one it fails.
"""

from __future__ import annotations

import statistics

from ._feedback import Feedback, checker, compare_numbers, run_cases

__all__ = ["OBSERVATIONS", "check_best_constant", "check_mean"]

#: The five observations used throughout chapter 0.
OBSERVATIONS = (1.0, 2.0, 3.0, 7.0, 9.0)

# Inputs on which the typical mistakes give answers different from the mean and
# from each other: for OBSERVATIONS the mean is 4.4, the sum 22, sum/(n-1) 5.5,
# the median 3, floor division 4, the count 5.
_MEAN_CASES = (OBSERVATIONS, (5.0,), (0.5, 0.25), (-3.0, 3.0))


def _mean_hints(values):
    n = len(values)
    total = sum(values)
    call = f"my_mean({list(values)})"
    return [
        (
            lambda got: got == total,
            f"{call} returned the sum, {total:g}; divide it by how many numbers there are.",
        ),
        (
            lambda got: n > 1 and got == total / (n - 1),
            f"{call} divided by n - 1 = {n - 1}; the mean divides the sum by n = len(values).",
        ),
        (
            lambda got: got == total // n and total / n != total // n,
            f"{call} was rounded down to {total // n:g}: use `/` (true division), not `//`.",
        ),
        (
            lambda got: got == statistics.median(values),
            (
                f"{call} returned the middle value (the median); the mean adds all values "
                "and divides by n."
            ),
        ),
        (
            lambda got: got == n,
            f"{call} returned how many numbers there are; divide the sum by it.",
        ),
    ]


def _judge_mean(case, value) -> Feedback:
    (values,) = case
    return compare_numbers(
        value,
        sum(values) / len(values),
        hints=_mean_hints(values),
        rtol=1e-9,  # tighter than the shared tolerance: the mean must agree to 1e-9
        atol=1e-12,
        name=f"my_mean({list(values)})",
    )


@checker
def check_mean(my_mean) -> Feedback:
    """Check a learner's ``my_mean(values)``: the average of a list of numbers.

    Examples
    --------
    >>> check_mean(lambda values: sum(values) / len(values))
    ✓ Correct: my_mean([1, 2, 3, 7, 9]) = 4.4. You will meet this average again in every loss.
    >>> check_mean(lambda values: sum(values))
    ✗ Not yet: my_mean([1.0, 2.0, 3.0, 7.0, 9.0]) returned the sum, 22; divide it by how many numbers there are.
    """
    failure = run_cases(my_mean, [(list(values),) for values in _MEAN_CASES], _judge_mean,
                        name="`my_mean`", expected=lambda case: sum(case[0]) / len(case[0]))
    if failure is None:
        return Feedback.correct(
            "my_mean([1, 2, 3, 7, 9]) = 4.4. You will meet this average again in every loss."
        )
    (values,) = failure.case
    if isinstance(failure.exception, ZeroDivisionError) and len(values) == 1:
        return Feedback.hint(
            "my_mean([5.0]) divided by zero. With one number n - 1 = 0: "
            "the mean divides by n, not n - 1."
        )
    return failure.feedback


@checker
def check_best_constant(answer) -> Feedback:
    """Check the constant prediction ``c`` that minimises the MSE on OBSERVATIONS.

    The exact answer is the mean, 4.4; the slider only reaches multiples of 0.5.

    Examples
    --------
    >>> check_best_constant(4.4)
    ✓ Correct: c = 4.4, the mean of the observations, gives the smallest MSE (9.44).
    >>> check_best_constant(3)
    ✗ Not yet: 3 is the median. It minimises the mean *absolute* error (chapter 6), not the MSE.
    """
    values = OBSERVATIONS
    mean = statistics.fmean(values)
    smallest_mse = statistics.fmean((v - mean) ** 2 for v in values)
    hints = [
        (
            lambda got: abs(got - smallest_mse) < 0.01,
            (
                f"{smallest_mse:g} is the smallest MSE itself; the question asks for the "
                "prediction c that reaches it."
            ),
        ),
        (
            lambda got: abs(got - mean) <= 0.5,
            (
                "close! The slider moves in steps of 0.5, and the best c lies between two "
                "steps. Which average of the five observations could it be?"
            ),
        ),
        (
            lambda got: got == statistics.median(values),
            "3 is the median. It minimises the mean *absolute* error (chapter 6), not the MSE.",
        ),
    ]
    return compare_numbers(
        answer,
        mean,
        hints=hints,
        atol=1e-12,  # the answer, 4.4, is far from 0: almost no absolute part
        name="`best_c`",
        success=f"c = {mean:g}, the mean of the observations, gives the smallest MSE "
        f"({smallest_mse:g}).",
    )
