"""Chapter 9 checkers: accept the reference answers, name each typical mistake, never raise.

Oracles: finite differences (lossfns.numerical_grad) of losses written out here in plain
Python, scipy.stats.expectile for the weight k, and a brute-force search over k.
"""

import numpy as np
import pytest

from lossfns import numerical_grad
from lossfns.course.datasets import bakery_demand
from lossfns.course.exercises import design
from lossfns.course.exercises.design import (
    ASYMMETRIC_CASES,
    LINEX_CASES,
    check_asymmetric_grad,
    check_expectile_k,
    check_linex,
    expectile_target,
    linex_reference,
)


def untouched(*args):
    # Your code here
    ...


def forgot_return(y_true, y_pred, k):
    gradient = 2 * np.where(y_pred < y_true, k, 1.0) * (y_pred - y_true) / len(y_true)  # noqa: F841


def asymmetric_by_hand(y_true, y_pred, k):
    return np.mean([(k if p < t else 1.0) * (p - t) ** 2 for t, p in zip(y_true, y_pred)])


# --- exercise 1: the gradient of the asymmetric squared error -----------------------------

def test_the_checker_s_expected_gradient_is_the_finite_difference_one():
    for y_true, y_pred, k in ASYMMETRIC_CASES:
        numeric = numerical_grad(lambda t, p: asymmetric_by_hand(t, p, k), y_true, y_pred)
        np.testing.assert_allclose(design._asymmetric_grad(y_true, y_pred, k), numeric,
                                   rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("solution", [
    lambda y, p, k: 2 * np.where(p - y < 0, k, 1.0) * (p - y) / len(y),
    lambda y, p, k: (2 * np.where(p < y, k, 1.0) * (p - y) / y.size).astype(np.float32),
    lambda y, p, k: list(2 * np.where(p < y, k, 1.0) * (p - y) / len(y)),
    lambda y, p, k: numerical_grad(lambda t, q: asymmetric_by_hand(t, q, k), y, p),
])
def test_asymmetric_checker_accepts_correct_solutions(solution):
    feedback = check_asymmetric_grad(solution)
    assert feedback.is_correct, feedback


def _w(y, p, k):
    return np.where(p < y, k, 1.0)


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda y, p, k: -2 * _w(y, p, k) * (p - y) / len(y), "wrong sign"),
    (lambda y, p, k: _w(y, p, k) * (p - y) / len(y), "missing factor 2"),
    (lambda y, p, k: 2 * _w(y, p, k) * (p - y), "loss is a *mean*"),
    (lambda y, p, k: _w(y, p, k) * (p - y), "two factors are missing"),
    (lambda y, p, k: 2 * np.where(p > y, k, 1.0) * (p - y) / len(y), "on the wrong side"),
    (lambda y, p, k: 2 * np.where(y - p < 0, k, 1.0) * (y - p) / len(y), "the error y - ŷ"),
    (lambda y, p, k: 2 * (p - y) / len(y), "the MSE's gradient"),
    (lambda y, p, k: 2 * k * (p - y) / len(y), "multiplied by k"),
    (lambda y, p, k: _w(y, p, k) * (p - y) ** 2 / len(y), "the loss itself"),
    (lambda y, p, k: np.mean(2 * _w(y, p, k) * (p - y)), "It looks like one number"),
    (lambda y, p, k: [str(v) for v in p - y], "do not type them in quotes"),
    (lambda y, p, k: 2 * np.where(p < y, k / (k + 1), 1 / (k + 1)) * (p - y) / len(y),
     "the weights τ = k/(k + 1)"),
    (lambda y, p, k: 3 * _w(y, p, k) * (p - y) / len(y), "is wrong at"),
    (lambda y, p, k: (p - y) / 0.0, "an infinity comes from"),
    (lambda y, p, k: y[10], "raised IndexError"),
    (lambda y, p, k: "gradient", "returned text"),
])
def test_asymmetric_checker_names_each_mistake(wrong, hint):
    with np.errstate(invalid="ignore", divide="ignore"):
        feedback = check_asymmetric_grad(wrong)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_asymmetric_checker_placeholder_and_missing_return():
    assert check_asymmetric_grad(untouched).status == "not_attempted"
    assert check_asymmetric_grad(...).status == "not_attempted"
    assert "return" in str(check_asymmetric_grad(forgot_return))
    assert "expected a function" in str(check_asymmetric_grad(3.0))


# --- exercise 2: LINEX -------------------------------------------------------------------

def linex(y_true, y_pred, a):
    e = y_pred - y_true
    return np.mean(np.exp(a * e) - a * e - 1)


def linex_grad(y_true, y_pred, a):
    e = y_pred - y_true
    return a * (np.exp(a * e) - 1) / len(e)


def test_the_linex_reference_and_gradient_agree_with_finite_differences():
    for y_true, y_pred, a in LINEX_CASES:
        assert float(linex_reference(y_true, y_pred, a)) == pytest.approx(
            linex(np.array(y_true), np.array(y_pred), a), rel=1e-12)
        numeric = numerical_grad(lambda t, p: linex_reference(t, p, a), y_true, y_pred)
        np.testing.assert_allclose(numeric, linex_grad(np.array(y_true), np.array(y_pred), a),
                                   rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(design._linex_grad(y_true, y_pred, a), numeric,
                                   rtol=1e-6, atol=1e-9)


def test_linex_checker_accepts_correct_solutions():
    assert check_linex(linex, linex_grad).is_correct
    as_float32 = check_linex(lambda t, p, a: np.float32(linex(t, p, a)),
                             lambda t, p, a: linex_grad(t, p, a).astype(np.float32))
    assert as_float32.is_correct, as_float32


@pytest.mark.parametrize(("wrong_loss", "hint"), [
    (lambda t, p, a: np.sum(np.exp(a * (p - t)) - a * (p - t) - 1), "the sum"),
    (lambda t, p, a: np.mean(np.exp(a * (t - p)) - a * (t - p) - 1), "wrong sign: write it"),
    (lambda t, p, a: np.mean(np.exp(a * (p - t)) - a * (p - t)), "the -1 is missing"),
    (lambda t, p, a: np.mean(np.exp(a * (p - t)) - 1), "the -a·e term is missing"),
    (lambda t, p, a: np.mean(np.exp(a * (p - t)) + a * (p - t) - 1), "linear term has the wrong"),
    (lambda t, p, a: np.exp(a * (p - t)) - a * (p - t) - 1, "the loss is one number"),
    (lambda t, p, a: "0.5", "returned text"),
    (lambda t, p, a: 2 * linex(t, p, a), "too large"),
    (lambda t, p, a: float("nan"), "NaN (not a number)"),
    (lambda t, p, a: True, "returned True"),
])
def test_linex_checker_names_each_mistake_in_the_loss(wrong_loss, hint):
    feedback = check_linex(wrong_loss, linex_grad)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


@pytest.mark.parametrize(("wrong_grad", "hint"), [
    (lambda t, p, a: -linex_grad(t, p, a), "wrong sign: differentiate"),
    (lambda t, p, a: linex_grad(t, p, a) * len(t), "n times the answer"),
    (lambda t, p, a: (np.exp(a * (p - t)) - 1) / len(t), "factor a of the chain rule"),
    (lambda t, p, a: a * np.exp(a * (p - t)) / len(t), "-a·e term is missing"),
    (lambda t, p, a: a * linex_grad(t, p, a), "one factor a too many"),
    (lambda t, p, a: -a * (np.exp(-a * (p - t)) - 1) / len(t), "for the error y - ŷ"),
    (lambda t, p, a: 2 * linex_grad(t, p, a), "does not match"),
    (lambda t, p, a: np.sum(linex_grad(t, p, a)), "It looks like one number"),
])
def test_linex_checker_names_each_mistake_in_the_gradient(wrong_grad, hint):
    feedback = check_linex(linex, wrong_grad)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_linex_checker_finishes_on_a_loss_returned_in_a_list():
    assert check_linex(lambda t, p, a: [linex(t, p, a)], linex_grad).is_correct


def test_linex_checker_explains_the_float32_rounding_of_finite_differences():
    feedback = check_linex(lambda t, p, a: np.float32(linex(t, p, a)), linex_grad)
    assert feedback.is_correct
    assert "float32" in str(feedback), feedback


def test_linex_checker_placeholders():
    assert check_linex(untouched, linex_grad).status == "not_attempted"
    assert check_linex(linex, untouched).status == "not_attempted"


# --- exercise 3: choose k -----------------------------------------------------------------

def _answer():
    demand, target = bakery_demand().demand, expectile_target()
    return np.sum(np.maximum(target - demand, 0)) / np.sum(np.maximum(demand - target, 0))


def test_the_target_is_numpy_s_quantile_and_the_answer_puts_scipy_s_expectile_there():
    stats = pytest.importorskip("scipy.stats")
    demand = bakery_demand().demand
    assert expectile_target() == np.quantile(demand, 0.8, method="inverted_cdf")
    k = _answer()
    assert stats.expectile(demand, alpha=k / (k + 1)) == pytest.approx(expectile_target(),
                                                                       rel=1e-9)


def test_a_brute_force_search_over_k_finds_the_same_weight():
    demand, target = bakery_demand().demand, expectile_target()
    ks = np.linspace(1.0, 20.0, 19001)
    slopes = [np.sum(np.where(target < demand, k, 1.0) * (target - demand)) for k in ks]
    assert ks[np.argmin(np.abs(slopes))] == pytest.approx(_answer(), abs=1e-3)


@pytest.mark.parametrize("answer", [_answer(), np.float32(_answer()), np.array([_answer()]),
                                    round(_answer(), 2)])
def test_k_checker_accepts_the_answer(answer):
    assert check_expectile_k(answer).is_correct


@pytest.mark.parametrize(("wrong", "hint"), [
    (1 / _answer(), "that is the inverse"),
    (4.0, "balances the *counts*"),
    (np.sum(bakery_demand().demand < expectile_target())
     / np.sum(bakery_demand().demand > expectile_target()), "ratio of the *counts*"),
    (np.sqrt(_answer()), "square root"),
    (0.8, "the level τ itself"),
    (np.sum(np.maximum(bakery_demand().demand.mean() - bakery_demand().demand, 0))
     / np.sum(np.maximum(bakery_demand().demand - bakery_demand().demand.mean(), 0)),
     "makes the best forecast the mean"),
    (-2.0, "is positive"),
    (5.0, "k is too small"),
    (8.0, "125.44 loaves, not 126: k is too small"),
    (30.0, "k is too large"),
    ("8.5", "do not type it in quotes"),
    ([1.0, 2.0], "one number"),
    (True, "should be a number"),
    (float("inf"), "an infinity comes from"),
    (1e300, "pushed up to the busiest day"),
])
def test_k_checker_names_each_mistake(wrong, hint):
    feedback = check_expectile_k(wrong)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_k_checker_placeholder():
    assert check_expectile_k(...).status == "not_attempted"
    assert check_expectile_k(None).status == "not_attempted"
