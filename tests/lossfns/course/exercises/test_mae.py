"""Chapter 6 checkers: accept the reference answers, name each typical mistake, never raise.

Oracles: the sign rule written out in plain Python for the MAE subgradient, the Huber
formula written out per element, and np.quantile / a brute-force search over stock levels
for the shop exercise.
"""

import numpy as np
import pytest

from lossfns.course.datasets import daily_sales
from lossfns.course.exercises.mae import (
    HUBER_CASES,
    LEFTOVER_COST,
    RUN_OUT_COST,
    SUBGRADIENT_CASES,
    check_huber_by_hand,
    check_mae_subgradient,
    check_stock_level,
    stock_cost,
)


def untouched(*args):
    # Your code here
    ...


def forgot_return(y_true, y_pred):
    gradient = np.sign(y_pred - y_true) / len(y_true)  # noqa: F841


# --- exercise 1: the MAE subgradient ------------------------------------------------------


def loops(y_true, y_pred):
    n = len(y_true)
    return np.array([(1.0 if p > t else -1.0 if p < t else 0.0) / n
                     for t, p in zip(y_true, y_pred)])


@pytest.mark.parametrize("solution", [
    lambda y, p: np.sign(p - y) / len(y),
    lambda y, p: (np.sign(p - y) / len(y)).astype(np.float32),
    lambda y, p: list(np.sign(p - y) / y.size),
    loops,
])
def test_subgradient_checker_accepts_correct_solutions(solution):
    feedback = check_mae_subgradient(solution)
    assert feedback.is_correct, feedback


def test_reference_cases_each_hold_an_exact_prediction():
    for y_true, y_pred in SUBGRADIENT_CASES:
        assert any(t == p for t, p in zip(y_true, y_pred))


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda y, p: np.sign(y - p) / len(y), "wrong sign"),
    (lambda y, p: np.sign(p - y), "the MAE is a *mean*"),
    (lambda y, p: 2 * (p - y) / len(y), "gradient of the MSE"),
    (lambda y, p: (p - y) / len(y), "the size follows the error"),
    (lambda y, p: np.abs(p - y) / len(y), "the loss itself"),
    (lambda y, p: np.where(p >= y, 1.0, -1.0) / len(y), "where you return +1/n"),
    (lambda y, p: np.where(p > y, 1.0, -1.0) / len(y), "where you return -1/n"),
    (lambda y, p: (p - y) / np.abs(p - y) / len(y), "returns NaN"),
    (lambda y, p: np.mean(np.sign(p - y)), "one number for the whole batch"),
    (lambda y, p: [str(v) for v in np.sign(p - y) / len(y)], "do not type them in quotes"),
    (lambda y, p: np.sign(p - y) / 3, "is wrong at"),
])
def test_subgradient_checker_names_each_mistake(wrong, hint):
    with np.errstate(invalid="ignore", divide="ignore"):
        feedback = check_mae_subgradient(wrong)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_subgradient_checker_placeholder_missing_return_and_errors():
    assert check_mae_subgradient(untouched).status == "not_attempted"
    assert "return" in str(check_mae_subgradient(forgot_return))
    assert check_mae_subgradient(lambda y, p: 1 / 0).status == "error"
    assert "expected a function" in str(check_mae_subgradient(42))


def test_subgradient_generic_hint_does_not_give_the_answer():
    text = str(check_mae_subgradient(lambda y, p: np.sign(p - y) / 3))
    assert "0.25" not in text and "-0.25" not in text


# --- exercise 2: Huber by hand ------------------------------------------------------------


def huber_loops(errors, delta):
    return np.array([0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta)
                     for e in errors])


def test_huber_cases_tell_huber_from_smooth_l1():
    assert any(delta != 1 for _, delta in HUBER_CASES[:1])


@pytest.mark.parametrize("solution", [
    huber_loops,
    lambda e, d: np.where(np.abs(e) <= d, 0.5 * e**2, d * (np.abs(e) - d / 2)),
    lambda e, d: np.where(np.abs(e) < d, 0.5 * e**2, d * np.abs(e) - d**2 / 2),
    lambda e, d: huber_loops(e, d).astype(np.float32),
])
def test_huber_checker_accepts_correct_solutions(solution):
    feedback = check_huber_by_hand(solution)
    assert feedback.is_correct, feedback


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda e, d: huber_loops(e, d) / d, "Smooth L1"),
    (lambda e, d: np.where(np.abs(e) <= d, e**2, d * (np.abs(e) - d / 2)),
     "quadratic part lacks its 1/2"),
    (lambda e, d: 2 * huber_loops(e, d), "twice the Huber loss"),
    (lambda e, d: np.where(np.abs(e) <= d, 0.5 * e**2, d * np.abs(e)), "lacks its offset"),
    (lambda e, d: np.where(np.abs(e) <= d, 0.5 * e**2, np.abs(e) - d / 2), "slope 1 instead"),
    (lambda e, d: np.where(np.abs(e) <= d, 0.5 * e**2, d * np.abs(e) - d**2),
     "instead of δ²/2"),
    (lambda e, d: np.where(np.abs(e) > d, 0.5 * e**2, d * (np.abs(e) - d / 2)), "swapped"),
    (lambda e, d: 0.5 * e**2, "e²/2 for every error"),
    (lambda e, d: np.abs(e), "|e| for every error"),
    (lambda e, d: huber_loops(e, d).mean(), "one number for the whole batch"),
    (lambda e, d: huber_loops(e, d) + (np.abs(e) > d), "among the large errors"),
    (lambda e, d: huber_loops(e, d) * np.nan, "NaN (not a number)"),
    (lambda e, d: np.where(np.abs(e) <= d, 0.5 * e**2, np.inf), "an infinity comes from"),
])
def test_huber_checker_names_each_mistake(wrong, hint):
    feedback = check_huber_by_hand(wrong)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_huber_checker_placeholder_and_hard_coded_first_case():
    assert check_huber_by_hand(untouched).status == "not_attempted"
    first = huber_loops(np.array(HUBER_CASES[0][0]), HUBER_CASES[0][1])
    assert not check_huber_by_hand(lambda e, d: first).is_correct


# --- exercise 3: the stock level ----------------------------------------------------------

DEMAND = daily_sales().sales
Q = RUN_OUT_COST / (RUN_OUT_COST + LEFTOVER_COST)


def test_stock_cost_is_the_asymmetric_cost_written_out():
    for stock in (50.0, 64.5, 72.0, 100.0):
        by_hand = np.mean(RUN_OUT_COST * np.maximum(DEMAND - stock, 0)
                          + LEFTOVER_COST * np.maximum(stock - DEMAND, 0))
        assert stock_cost(DEMAND, stock) == pytest.approx(by_hand, rel=1e-12)


@pytest.mark.parametrize("stock", [
    np.quantile(DEMAND, Q), np.quantile(DEMAND, Q, method="inverted_cdf"),
    np.float32(np.quantile(DEMAND, Q)),
])
def test_stock_checker_accepts_a_q_quantile(stock):
    feedback = check_stock_level(Q, stock)
    assert feedback.is_correct, feedback


def test_stock_checker_accepts_every_minimiser_and_nothing_else():
    grid = np.arange(40.0, 170.0, 0.5)
    costs = np.array([stock_cost(DEMAND, s) for s in grid])
    for stock, cost in zip(grid, costs):
        assert check_stock_level(Q, stock).is_correct == bool(cost <= costs.min() + 1e-9)


@pytest.mark.parametrize(("q", "stock", "hint"), [
    (1 - Q, 70.0, "a leftover unit carries"),
    (RUN_OUT_COST / LEFTOVER_COST, 70.0, "the ratio of the two costs"),
    (LEFTOVER_COST / RUN_OUT_COST, 70.0, "a ratio of the two costs"),
    (100 * Q, 70.0, "not as a percentage"),
    (0.5, 70.0, "the median"),
    (0.7, 70.0, "too small"),
    (0.9, 70.0, "too large"),
    (-0.2, 70.0, "strictly between 0 and 1"),
    ("0.8", 70.0, "do not type it in quotes"),
    (True, 70.0, "should be a number"),
    (Q, DEMAND.mean(), "the mean demand"),
    (Q, np.median(DEMAND), "the median demand"),
    (Q, np.quantile(DEMAND, 1 - Q), "the quantile at 1 - q"),
    (Q, DEMAND.max(), "the largest demand"),
    (Q, 55.0, "too few units"),
    (Q, 90.0, "too many units"),
    (Q, [72.0, 73.0], "one number"),
    (Q, float("nan"), "NaN (not a number)"),
])
def test_stock_checker_names_each_mistake(q, stock, hint):
    feedback = check_stock_level(q, stock)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_stock_checker_placeholders_and_no_answer_in_hints():
    assert check_stock_level(..., 1.0).status == "not_attempted"
    assert check_stock_level(Q, ...).status == "not_attempted"
    for q in (0.7, 0.9, 0.25):
        assert "0.8" not in str(check_stock_level(q, 70.0))
    best = f"{np.quantile(DEMAND, Q):.4g}"
    assert best not in str(check_stock_level(Q, 55.0))
