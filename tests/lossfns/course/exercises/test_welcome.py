"""lossfns.course.exercises.welcome: chapter 0's checkers (the mean, the best constant)."""

import statistics

import numpy as np
import pytest

from lossfns.course.exercises.welcome import OBSERVATIONS, check_best_constant, check_mean


def untouched(values):
    # Your code here
    ...


# --- welcome.check_mean ------------------------------------------------------------------


@pytest.mark.parametrize(
    "solution",
    [
        lambda values: sum(values) / len(values),
        statistics.mean,
        lambda values: float(np.mean(values)),
        lambda values: np.mean(values),
    ],
)
def test_check_mean_accepts_correct_solutions(solution):
    feedback = check_mean(solution)
    assert feedback.is_correct, feedback
    assert str(feedback).startswith("✓ Correct")


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda v: sum(v), "returned the sum, 22"),
        (lambda v: sum(v) / (len(v) - 1), "divided by n - 1 = 4"),
        (lambda v: sum(v) // len(v), "rounded down to 4: use `/`"),
        (lambda v: sorted(v)[len(v) // 2], "the middle value (the median)"),
        (lambda v: len(v), "returned how many numbers there are"),
        (lambda v: [x / len(v) for x in v], "Return one number, not a list"),
        (lambda v: "4.4", "should be a number"),
    ],
)
def test_check_mean_recognises_typical_mistakes(mistake, hint):
    feedback = check_mean(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_mean_division_by_zero_on_one_value_points_at_n_minus_1():
    # A function that is right on the first case reaches the single-value case.
    feedback = check_mean(lambda v: 4.4 if len(v) == 5 else sum(v) / (len(v) - 1))
    assert "divided by zero" in str(feedback) and "not n - 1" in str(feedback)


def test_check_mean_rejects_a_hard_coded_answer():
    feedback = check_mean(lambda v: 4.4)
    assert feedback.status == "incorrect"
    assert "`my_mean` returned 4.4 on each of the 4 test inputs" in str(feedback)


def test_check_mean_placeholder_is_not_attempted():
    assert check_mean(untouched).status == "not_attempted"


def test_check_mean_reports_learner_exception_in_one_line():
    feedback = check_mean(lambda v: v.mean())
    assert feedback.status == "error"
    assert str(feedback).startswith("✗ `my_mean` raised AttributeError")
    assert "\n" not in str(feedback)


# --- welcome.check_best_constant ---------------------------------------------------------


def test_check_best_constant_accepts_the_mean():
    assert check_best_constant(4.4).is_correct
    assert check_best_constant(np.mean(OBSERVATIONS)).is_correct


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (9.44, "is the smallest MSE itself"),
        (4.5, "steps of 0.5"),
        (4.0, "steps of 0.5"),
        (3, "is the median"),
        ("4.4", "should be a number"),
    ],
)
def test_check_best_constant_recognises_typical_mistakes(answer, hint):
    feedback = check_best_constant(answer)
    assert feedback.status == "incorrect"
    assert hint in str(feedback)


def test_check_best_constant_placeholder_is_not_attempted():
    assert check_best_constant(...).status == "not_attempted"
