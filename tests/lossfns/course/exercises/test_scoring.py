"""Chapter 2 checkers: accept right answers, name the typical mistakes, never raise."""

import doctest
import itertools
import math

import numpy as np
import pytest

import lossfns
from lossfns.course.exercises import scoring
from lossfns.course.exercises.scoring import (
    CROSS_ENTROPY_CASES,
    EXPECTED_COST_CASES,
    NATS_CASES,
    VILLAGE_CAMERA_COSTS,
    check_cross_entropy,
    check_expected_cost,
    check_nats_to_bits,
)


def untouched(*args):
    # Your code here
    ...


def test_docstring_examples_run():
    result = doctest.testmod(scoring, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# --- exercise 1: cross-entropy --------------------------------------------------------------


@pytest.mark.parametrize(
    "solution",
    [
        lambda y, p: -math.log(p[y]),
        lambda y, p: -np.log(p[y]),
        lambda y, p: float(-np.sum(np.eye(len(p))[y] * np.log(p))),  # -Σ y_c ln p_c, one-hot
        lambda y, p: -math.log2(p[y]) * math.log(2),  # bits converted back to nats
        lambda y, p: lossfns.categorical_cross_entropy(y, p),
    ],
)
def test_check_cross_entropy_accepts_correct_solutions(solution):
    feedback = check_cross_entropy(solution)
    assert feedback.is_correct, feedback
    assert "0.2231 nats" in str(feedback) and "1.2040 nats" in str(feedback)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda y, p: math.log(p[y]), "put a minus sign in front"),
        (lambda y, p: -math.log10(p[y]), "used the base-10 logarithm"),
        (lambda y, p: -math.log2(p[y]), "is the loss in bits"),
        (lambda y, p: -math.log(1 - p[y]), "used 1 - p"),
        (lambda y, p: 1 - p[y], "returned 1 - p"),
        (lambda y, p: p[y], "returned the probability itself"),
        (lambda y, p: -math.log(p[1]), "took the probability of class 1, but the true class is 0"),
        (lambda y, p: -math.log(p[0]), "took the probability of class 0, but the true class is 2"),
        (lambda y, p: -float(np.sum(np.log(p))), "added -ln p over every class"),
        (lambda y, p: -float(np.sum(p * np.log(p))), "the entropy of the prediction"),
        (lambda y, p: [-math.log(p[y])], "Return one number, not a list"),
        (lambda y, p: "0.22", "should be a number"),
    ],
)
def test_check_cross_entropy_recognises_typical_mistakes(mistake, hint):
    feedback = check_cross_entropy(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_cross_entropy_rejects_a_hard_coded_answer():
    feedback = check_cross_entropy(lambda y, p: 0.2231435513142097)
    assert feedback.status == "incorrect"
    assert "`my_cross_entropy` returned 0.223144 on each of the 4 test inputs" in str(feedback)


def test_check_cross_entropy_placeholder_is_not_attempted():
    assert check_cross_entropy(untouched).status == "not_attempted"
    assert check_cross_entropy(...).status == "not_attempted"


def test_check_cross_entropy_reports_learner_exception_in_one_line():
    feedback = check_cross_entropy(lambda y, p: -math.log(p[y + 5]))
    assert feedback.status == "error"
    assert str(feedback).startswith("✗ `my_cross_entropy` raised IndexError")
    assert "\n" not in str(feedback)


def test_cross_entropy_cases_tell_the_mistakes_apart():
    # Every typical wrong value differs from the right one and from the others.
    for y, p in CROSS_ENTROPY_CASES:
        q = p[y]
        values = [
            -math.log(q),
            math.log(q),
            -math.log10(q),
            -math.log2(q),
            -math.log(1 - q),
            1 - q,
            q,
        ]
        values += [-math.log(r) for c, r in enumerate(p) if c != y]
        values = sorted(values)
        # Far apart compared with the checker's tolerance, so no hint can mask another.
        gaps = [abs(b - a) / max(abs(a), abs(b)) for a, b in itertools.pairwise(values)]
        assert min(gaps) > 100 * scoring._RTOL, (y, p)


# Review fixes: float32 answers, rounded answers, text inside arrays, signs, vectors.


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (check_cross_entropy, lambda y, p: -np.log(np.asarray(p, dtype=np.float32)[y])),
        (check_nats_to_bits, lambda loss: np.float32(loss / np.log(2))),
        (check_expected_cost, lambda y, p, c: np.float32(c[y] @ p)),
    ],
)
def test_checkers_accept_a_float32_computation(check, answer):
    assert check(answer).is_correct


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (check_cross_entropy, lambda y, p: np.array(str(-math.log(p[y])))),
        (check_cross_entropy, lambda y, p: [str(-math.log(p[y]))]),
        (check_nats_to_bits, lambda loss: np.array(str(loss / math.log(2)))),
        (check_expected_cost, lambda y, p, c: np.array(str(float(c[y] @ p)))),
    ],
)
def test_checkers_reject_the_number_written_as_text_inside_an_array(check, answer):
    feedback = check(answer)
    assert feedback.status == "incorrect", feedback
    assert "returned text inside" in str(feedback)


@pytest.mark.parametrize(
    ("check", "answer", "hint"),
    [
        (check_cross_entropy, lambda y, p: round(-math.log(p[y]), 4),
         "looks rounded, to 4 decimal places"),
        (check_nats_to_bits, lambda loss: loss * 1.4427, "rather than a rounded constant"),
        (check_nats_to_bits, lambda loss: loss / 0.693, "rather than a rounded constant"),
        (check_expected_cost, lambda y, p, c: round(float(c[y] @ p), 2),
         "looks rounded, to 2 decimal places"),
        (check_cross_entropy, lambda y, p: math.log10(p[y]), "is negative, but a loss never is"),
        (check_cross_entropy, lambda y, p: math.log2(p[y]), "is negative, but a loss never is"),
        (check_nats_to_bits, lambda loss: -loss / math.log(2), "does not change the sign"),
        (check_expected_cost, lambda y, p, c: -(c[y] @ p), "check the sign"),
        (check_cross_entropy, lambda y, p: -np.log(p), "returned -ln p for every class"),
        (check_expected_cost, lambda y, p, c: c[y] * p, "add them up"),
        (check_expected_cost, lambda y, p, c: c @ p, "the expected cost for every possible truth"),
        (check_expected_cost, lambda y, p, c: p @ c, "weights the *rows*"),
    ],
)
def test_checkers_name_rounding_sign_and_vector_mistakes(check, answer, hint):
    feedback = check(answer)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


# --- exercise 2: nats to bits ---------------------------------------------------------------


@pytest.mark.parametrize(
    "solution",
    [
        lambda loss: loss / math.log(2),
        lambda loss: loss * math.log2(math.e),
        lambda loss: loss / np.log(2),
        lambda loss: loss * 1.4426950408889634,
    ],
)
def test_check_nats_to_bits_accepts_correct_solutions(solution):
    feedback = check_nats_to_bits(solution)
    assert feedback.is_correct, feedback
    assert "1 nat = 1.4427 bits" in str(feedback)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda loss: loss * math.log(2), "multiplied by ln 2"),
        (lambda loss: loss / math.log10(2), "used log10(2)"),
        (lambda loss: loss * math.log10(2), "used log10(2)"),
        (lambda loss: math.log2(loss), "took log2 of the loss"),
        (lambda loss: loss / 2, "used a factor of 2"),
        (lambda loss: loss * 2, "used a factor of 2"),
        (lambda loss: loss, "returned the loss unchanged"),
        (lambda loss: 1.4427, "does not depend on its arguments"),  # the rounded factor itself
    ],
)
def test_check_nats_to_bits_recognises_typical_mistakes(mistake, hint):
    feedback = check_nats_to_bits(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_nats_to_bits_rejects_a_hard_coded_answer():
    feedback = check_nats_to_bits(lambda loss: NATS_CASES[0] / math.log(2))
    assert feedback.status == "incorrect"
    assert "`nats_to_bits` returned 0.321928 on each of the 3 test inputs" in str(feedback)


def test_check_nats_to_bits_placeholder_and_errors():
    assert check_nats_to_bits(untouched).status == "not_attempted"
    feedback = check_nats_to_bits(lambda loss: loss / math.log(0))
    assert feedback.status == "error" and "\n" not in str(feedback)


# --- exercise 3: expected cost --------------------------------------------------------------


@pytest.mark.parametrize(
    "solution",
    [
        lambda y, p, c: sum(cost * prob for cost, prob in zip(c[y], p)),
        lambda y, p, c: float(np.dot(c[y], p)),
        lambda y, p, c: c[y] @ p,
        lambda y, p, c: lossfns.expected_cost(y, p, cost_matrix=c),
    ],
)
def test_check_expected_cost_accepts_correct_solutions(solution):
    feedback = check_expected_cost(solution)
    assert feedback.is_correct, feedback
    assert "costs 0.60" in str(feedback) and "costs 1.80" in str(feedback)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda y, p, c: c[:, y] @ p, "read the column `cost_matrix[:, true_class]`"),
        (lambda y, p, c: sum(c[y]), "without weighting them"),
        (lambda y, p, c: float(np.mean(c[y] * p)), "divided by the number of classes"),
        (lambda y, p, c: c[y][int(np.argmax(p))], "single most likely answer"),
        (lambda y, p, c: c[y] * p, "add them up"),
        (lambda y, p, c: [1.0, 2.0], "Return one number, not a list"),
    ],
)
def test_check_expected_cost_recognises_typical_mistakes(mistake, hint):
    feedback = check_expected_cost(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_expected_cost_rejects_a_hard_coded_answer():
    feedback = check_expected_cost(lambda y, p, c: 1.8)
    assert feedback.status == "incorrect"
    assert "`my_expected_cost` returned 1.8 on each of the 5 test inputs" in str(feedback)


def test_check_expected_cost_placeholder_and_errors():
    assert check_expected_cost(untouched).status == "not_attempted"
    feedback = check_expected_cost(lambda y, p: 0.0)  # forgot the third parameter
    assert feedback.status == "error"
    assert str(feedback).startswith("✗ `my_expected_cost` raised TypeError")


def test_village_camera_costs_are_a_valid_asymmetric_cost_matrix():
    costs = np.array(VILLAGE_CAMERA_COSTS)
    assert not np.allclose(costs, costs.T)  # a column gives a different number than a row
    for y, p in EXPECTED_COST_CASES:  # accepted by the package, which checks the matrix
        assert lossfns.expected_cost(y, p, cost_matrix=costs) >= 0.0


@pytest.mark.parametrize("check", [check_cross_entropy, check_nats_to_bits, check_expected_cost])
@pytest.mark.parametrize(
    "answer",
    [None, 3.0, "text", lambda *a: None, lambda *a: np.nan, lambda *a: {"x": 1}, lambda *a: 1 / 0],
)
def test_checkers_never_raise(check, answer):
    feedback = check(answer)
    assert not feedback.is_correct
    assert "\n" not in str(feedback)


def forgot_return_cross_entropy(true_class, probabilities):
    loss = -np.log(probabilities[true_class])  # noqa: F841 - the mistake under test


def forgot_return_bits(loss_nats):
    bits = loss_nats / np.log(2)  # noqa: F841


def forgot_return_cost(true_class, probabilities, cost_matrix):
    cost = cost_matrix[true_class] @ probabilities  # noqa: F841


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (check_cross_entropy, forgot_return_cross_entropy),
        (check_nats_to_bits, forgot_return_bits),
        (check_expected_cost, forgot_return_cost),
    ],
)
def test_checkers_spot_a_missing_return(check, answer):
    feedback = check(answer)
    assert feedback.status == "incorrect", feedback
    assert "add a `return` statement" in str(feedback)


def test_a_typed_in_expected_cost_is_called_typed_in_not_a_division_by_the_classes():
    # issue 17: 0.6, the cost of the chapter's example, used to get the hint of the slip it
    # happens to equal on the first case ("divided by the number of classes")
    feedback = str(check_expected_cost(lambda y, p, c: 0.6))
    assert "`my_expected_cost` returned 0.6 on each of the 5 test inputs" in feedback, feedback
    assert "number of classes" not in feedback
