"""Chapter 4 checkers: accept right answers, name the typical mistakes, never raise."""

import doctest
import itertools
import math

import numpy as np
import pytest

import lossfns
import lossfns.course.explorers
from lossfns.course.exercises import mse as exercises
from lossfns.course.exercises.mse import (
    CONSTANT_CASES,
    GRADIENT_CASES,
    MSE_CASES,
    UNIT_CASES,
    check_best_constant,
    check_change_of_units,
    check_mse_and_rmse,
    check_mse_gradient,
)


def untouched(*args):
    # Your code here
    ...


def test_docstring_examples_run():
    result = doctest.testmod(exercises, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# --- exercise 1: MSE and RMSE ----------------------------------------------------------------

def _right(y_true, y_pred):
    value = np.mean((y_pred - y_true) ** 2)
    return value, np.sqrt(value)


@pytest.mark.parametrize("solution", [
    _right,
    lambda t, p: (np.mean((t - p) ** 2), np.sqrt(np.mean((t - p) ** 2))),
    lambda t, p: (lossfns.mse(t, p), lossfns.rmse(t, p)),
    lambda t, p: [float(np.sum((p - t) ** 2) / len(t)), math.sqrt(np.sum((p - t) ** 2) / len(t))],
    lambda t, p: np.array(_right(t.astype(np.float32), p.astype(np.float32)),
                          dtype=np.float32),
    lambda t, p: (np.mean(np.square(p - t)), np.linalg.norm(p - t) / np.sqrt(len(t))),
])
def test_check_mse_and_rmse_accepts_correct_solutions(solution):
    feedback = check_mse_and_rmse(solution)
    assert feedback.is_correct, feedback
    assert "MSE 10,000 (万元)²" in str(feedback)
    assert "MSE 1,000,000,000,000 yuan²" in str(feedback)


def _swap(t, p):
    return _right(t, p)[::-1]


@pytest.mark.parametrize(("mistake", "hint"), [
    (_swap, "right ones in the wrong order"),
    (lambda t, p: (np.mean((p - t) ** 2),) * 2, "both numbers are the MSE"),
    (lambda t, p: (np.sum((p - t) ** 2), np.sqrt(np.sum((p - t) ** 2))), "*sum* of the squared"),
    (lambda t, p: (np.sum((p - t) ** 2), _right(t, p)[1]), "the RMSE is right, but the MSE is"),
    (lambda t, p: (_right(t, p)[0], np.sqrt(np.sum((p - t) ** 2))), "root of the *sum*"),
    (lambda t, p: (np.mean(p - t) ** 2, abs(np.mean(p - t))), "you squared the mean error"),
    (lambda t, p: (np.mean(np.abs(p - t)), np.sqrt(np.mean(np.abs(p - t)))),
     "mean *absolute* error"),
    (lambda t, p: (_right(t, p)[0], np.mean(np.abs(p - t))), "the RMSE is the mean absolute"),
    (lambda t, p: (_right(t, p)[0], _right(t, p)[0] / len(t)), "divides it by n again"),
    (lambda t, p: (np.mean(p - t), np.sqrt(abs(np.mean(p - t)))), "the mean error, without"),
    (lambda t, p: (np.sum((p - t) ** 2) / (len(t) - 1),
                   np.sqrt(np.sum((p - t) ** 2) / (len(t) - 1))), "by n - 1"),
    (lambda t, p: (_right(t, p)[0] * 1.001, _right(t, p)[1]), "the MSE is off"),
    (lambda t, p: (_right(t, p)[0], _right(t, p)[1] + 1), "the RMSE is off"),
    (lambda t, p: _right(t, p)[0], "return a pair of numbers"),
    (lambda t, p: (1.0, 2.0, 3.0), "return a pair of numbers"),
    (lambda t, p: {"mse": 1.0, "rmse": 1.0}, "return a pair of numbers"),
    (lambda t, p: ("376.5", "19.4"), "returned text"),
    (lambda t, p: np.array(["376.5", "19.4"]), "returned text"),
    (lambda t, p: (376.5, 19.403607911932255), "does not depend on its arguments"),  # hard-coded
    (lambda t, p: (np.var(p - t), np.std(p - t)), "variance and the standard deviation"),
    (lambda t, p: (np.nan, np.nan), "NaN (not a number)"),
    (lambda t, p: (np.inf, 1.0), "an infinity comes from"),
])
def test_check_mse_and_rmse_recognises_typical_mistakes(mistake, hint):
    feedback = check_mse_and_rmse(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_check_mse_and_rmse_never_gives_the_answer_away():
    feedback = check_mse_and_rmse(lambda t, p: (np.mean((p - t) ** 2) + 7, 3.0))
    assert feedback.status == "incorrect"
    assert "376.5" not in str(feedback) and "19.4" not in str(feedback)


def test_check_mse_and_rmse_placeholder_and_exception():
    assert check_mse_and_rmse(untouched).status == "not_attempted"
    assert check_mse_and_rmse(...).status == "not_attempted"
    feedback = check_mse_and_rmse(lambda t, p: t[10])
    assert feedback.status == "error" and "IndexError" in str(feedback)
    assert "\n" not in str(feedback)


def test_mse_cases_tell_the_mistakes_apart_on_the_first_case():
    t, p = (np.array(v) for v in MSE_CASES[0])
    pairs = [pair for _, pair in exercises._mse_variants(t, p)] + [_right(t, p)]
    for first, second in itertools.combinations(pairs, 2):
        assert not all(exercises._same(a, b) for a, b in zip(first, second)), (first, second)


# --- exercise 2: the gradient ----------------------------------------------------------------

@pytest.mark.parametrize("solution", [
    lambda t, p: 2 * (p - t) / len(t),
    lambda t, p: -2 * (t - p) / t.size,
    lambda t, p: lossfns.mse_grad(t, p),
    lambda t, p: (2 * (p - t) / len(t)).astype(np.float32),
    lambda t, p: 2 * (p.astype(np.float32) - t.astype(np.float32)) / np.float32(len(t)),
    lambda t, p: list(2 * (p - t) / len(t)),
])
def test_check_mse_gradient_accepts_correct_solutions(solution):
    feedback = check_mse_gradient(solution)
    assert feedback.is_correct, feedback
    assert "[-5.5, 10, -8, 13.5]" in str(feedback) and "overpriced by 27" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda t, p: 2 * (t - p) / len(t), "the sign is flipped"),
    (lambda t, p: (p - t) / len(t), "factor 2 from the square is missing"),
    (lambda t, p: 2 * (p - t), "n times too large"),
    (lambda t, p: p - t, "lacks both the factor 2"),
    (lambda t, p: 2 * (p - t) / (len(t) - 1), "divides by n - 1"),
    (lambda t, p: 2 * (p - t) ** 2 / len(t), "still squares the error"),
    (lambda t, p: (p - t) ** 2 / len(t), "share of the loss"),
    (lambda t, p: np.mean(2 * (p - t)), "do not sum or average"),
    (lambda t, p: np.sum(2 * (p - t) / len(t)), "do not sum or average"),
    (lambda t, p: (2 * (p - t) / len(t))[:-1], "shape (3,)"),
    (lambda t, p: 2 * (p - t) / len(t) + np.eye(len(t))[0], "at 1 of 4 positions"),
    (lambda t, p: [str(v) for v in 2 * (p - t) / len(t)], "returned text"),
    (lambda t, p: {"grad": 1.0}, "return a NumPy array of numbers"),
    (lambda t, p: np.array([-5.5, 10.0, -8.0, 13.5]), "does not depend on its arguments"),
    (lambda t, p: 2 * np.abs(p - t) / len(t), "drops its sign"),
    (lambda t, p: (p - t) / (p - t).sum() * np.nan, "NaN (not a number)"),
])
def test_check_mse_gradient_recognises_typical_mistakes(mistake, hint):
    feedback = check_mse_gradient(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_check_mse_gradient_placeholder_and_exception():
    assert check_mse_gradient(untouched).status == "not_attempted"
    feedback = check_mse_gradient(lambda t, p: 1 / 0)
    assert feedback.status == "error" and "ZeroDivisionError" in str(feedback)


def test_gradient_cases_tell_the_mistakes_apart():
    for t, p in GRADIENT_CASES:
        t, p = np.array(t), np.array(p)
        arrays = [a for _, a in exercises._gradient_variants(t, p)] + [lossfns.mse_grad(t, p)]
        for first, second in itertools.combinations(arrays, 2):
            assert not np.allclose(first, second, rtol=1e-6), (t, p)


# --- exercise 3: a change of units -----------------------------------------------------------

@pytest.mark.parametrize("solution", [
    lambda m, r, f: (m * f**2, r * f),
    lambda m, r, f: (m * f * f, math.sqrt(m * f * f)),
    lambda m, r, f: np.array([m * f**2, r * f], dtype=np.float32),
    lambda m, r, f: ((r * f) ** 2, r * f),
])
def test_check_change_of_units_accepts_correct_solutions(solution):
    feedback = check_change_of_units(solution)
    assert feedback.is_correct, feedback
    assert "is 1,000,000,000,000 yuan²" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda m, r, f: (r * f, m * f**2), "right ones in the wrong order"),
    (lambda m, r, f: (m * f, r * f), "multiplied both by the factor"),
    (lambda m, r, f: (m * f, r * f**2), "the squares went to the wrong number"),
    (lambda m, r, f: (m / f**2, r / f), "you divided. A unit"),
    (lambda m, r, f: (m / f, r / f), "you divided, and by the factor itself"),
    (lambda m, r, f: (m * f**2, r), "the RMSE is in the target's own units"),
    (lambda m, r, f: (m * f, math.sqrt(m * f)), "the MSE grew by the factor only"),
    (lambda m, r, f: (m * f**2, r * f**2), "not by factor²"),
    (lambda m, r, f: (m * f**2 + 1, r * f), "not right yet"),
    (lambda m, r, f: m * f**2, "return a pair of numbers"),
    (lambda m, r, f: ("1e12", "1e6"), "returned text"),
    (lambda m, r, f: (1e12, 1e6), "does not depend on its arguments"),   # hard-coded
    (lambda m, r, f: (math.nan, r * f), "NaN (not a number)"),
])
def test_check_change_of_units_recognises_typical_mistakes(mistake, hint):
    feedback = check_change_of_units(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_check_change_of_units_placeholder_and_exception():
    assert check_change_of_units(untouched).status == "not_attempted"
    assert check_change_of_units(...).status == "not_attempted"
    feedback = check_change_of_units(lambda m, r, f: m.upper())
    assert feedback.status == "error" and "AttributeError" in str(feedback)


def test_unit_cases_are_consistent_and_tell_the_mistakes_apart():
    for m, r, f in UNIT_CASES:
        assert math.isclose(math.sqrt(m), r, rel_tol=1e-12)
        pairs = [pair for _, pair in exercises._unit_variants(m, r, f)] + [(m * f**2, r * f)]
        distinct = 0
        for first, second in itertools.combinations(pairs, 2):
            distinct += not all(exercises._same(a, b) for a, b in zip(first, second))
        if f != 1.8:
            assert distinct == len(pairs) * (len(pairs) - 1) // 2, (m, r, f)


# --- exercise 4: the best constant guess -----------------------------------------------------

@pytest.mark.parametrize("solution", [
    lambda y: (np.mean(y), np.var(y)),
    lambda y: (y.sum() / len(y), np.mean((y - y.mean()) ** 2)),
    lambda y: (np.mean(y), lossfns.mse(y, np.full_like(y, np.mean(y)))),
    lambda y: np.array([np.mean(y), np.var(y)], dtype=np.float32),
    lambda y: (lossfns.course.explorers.best_constant(y, "mse"), np.var(y)),   # found by search
])
def test_check_best_constant_accepts_correct_solutions(solution):
    feedback = check_best_constant(solution)
    assert feedback.is_correct, feedback
    assert "the best constant is 530 万元, above 4 of the 5 prices" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda y: (np.var(y), np.mean(y)), "right ones in the wrong order"),
    (lambda y: (np.median(y), np.mean((y - np.median(y)) ** 2)), "your guess is the median."),
    (lambda y: (np.median(y), np.var(y)), "the MSE is right, but your guess is the median"),
    (lambda y: ((y.min() + y.max()) / 2, np.mean((y - (y.min() + y.max()) / 2) ** 2)),
     "the middle of the range"),
    (lambda y: (np.mean(y), np.var(y, ddof=1)), "divides the sum of squared deviations by n - 1"),
    (lambda y: (np.mean(y), np.std(y)), "the second number is the RMSE"),
    (lambda y: (np.mean(y), np.sum((y - y.mean()) ** 2)), "the *sum* of the squared errors"),
    (lambda y: (np.mean(y), np.mean(np.abs(y - y.mean()))), "mean *absolute* deviation"),
    (lambda y: (np.mean(y), np.var(y) + 1), "the guess is right, but the MSE is off"),
    (lambda y: (np.mean(y) + 1, np.var(y)), "does not have the lowest MSE"),
    (lambda y: np.mean(y), "return a pair of numbers"),
    (lambda y: (str(np.mean(y)), str(np.var(y))), "returned text"),
    (lambda y: (307.4, 3770.64), "does not depend on its arguments"),   # hard-coded first case
    (lambda y: (np.mean(y), np.inf), "an infinity comes from"),
])
def test_check_best_constant_recognises_typical_mistakes(mistake, hint):
    feedback = check_best_constant(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_check_best_constant_placeholder_and_exception():
    assert check_best_constant(untouched).status == "not_attempted"
    feedback = check_best_constant(lambda y: y[99])
    assert feedback.status == "error" and "IndexError" in str(feedback)


def test_constant_cases_tell_the_mistakes_apart():
    for values in CONSTANT_CASES:
        y = np.array(values)
        pairs = [pair for _, pair in exercises._constant_variants(y)]
        pairs.append((np.mean(y), np.var(y)))
        for first, second in itertools.combinations(pairs, 2):
            assert not all(exercises._same(a, b) for a, b in zip(first, second)), values
