r"""Checkers for chapter 9, *Design your own mistake notebook*.

Three exercises, one per step of designing a loss:

* :func:`check_asymmetric_grad` -- the gradient of the mean asymmetric squared error
  (weight :math:`k` on under-forecasts), :math:`2 w_i (\hat y_i - y_i) / n`;
* :func:`check_linex` -- the LINEX loss :math:`e^{a e} - a e - 1` and its gradient,
  written from scratch;
* :func:`check_expectile_k` -- choose the weight :math:`k` that makes the asymmetric
  squared error's best constant forecast a given number (the bakery's 0.8-quantile).

The expected answers are computed with :mod:`lossfns` (:mod:`lossfns.custom` for the
reductions, :func:`lossfns.course.datasets.bakery_demand`,
:func:`lossfns.training.decisions.expectile`), never typed in.
"""

from __future__ import annotations

import math

import numpy as np

from ...custom import check_inputs, reduce_loss, reduce_loss_grad
from ..datasets import bakery_demand
from ...training.decisions import expectile
from ...gradcheck import numerical_grad
from ...regression import mse_grad
from ._feedback import (
    Feedback,
    checker,
    close,
    differs,
    mistake_message,
    non_finite_hint,
    numbers_text,
    numeric_array,
    one_number,
    quoted,
    rounded_hint,
    run_cases,
    text_hint,
)

__all__ = [
    "ASYMMETRIC_CASES",
    "EXPECTILE_TARGET_LEVEL",
    "LINEX_CASES",
    "check_asymmetric_grad",
    "check_expectile_k",
    "check_linex",
    "expectile_target",
    "linex_reference",
]

# This chapter's relative tolerance (with the shared absolute one): loose enough for float32
# answers (rounding about 6e-8), tight enough to tell every typical mistake below from the
# answer. The LINEX loss itself and its typical mistakes are far from 0: no absolute part.
_RTOL = 1e-5


def _learner_array(value, call: str, shape: tuple) -> tuple[np.ndarray | None, Feedback | None]:
    """The learner's value as a float array of ``shape``, or feedback saying why not."""
    hint = text_hint(value, call)
    if hint is not None:
        return None, hint
    array = numeric_array(value)
    if array is None:
        return None, Feedback.hint(f"{call} returned {quoted(value)}; return a NumPy array "
                                   "of numbers.")
    if array.shape != shape:
        extra = (" It looks like one number: a gradient has one entry per prediction."
                 if array.ndim == 0 else "")
        return None, Feedback.hint(f"{call} returned an array of shape {array.shape}, but "
                                   f"the gradient has one entry per prediction, shape "
                                   f"{shape}.{extra}")
    not_finite = non_finite_hint(array, call)
    if not_finite is not None:
        return None, not_finite
    return array, None


# --- exercise 1: the gradient of the asymmetric squared error --------------------------------

#: (y_true, y_pred, k) cases: errors of both signs and different sizes, no exact forecast,
#: and weights k other than 1 and 2 (so that a forgotten factor 2 and a missing k differ).
ASYMMETRIC_CASES = (
    ((120.0, 95.0, 140.0, 101.0), (110.0, 100.0, 150.0, 99.0), 4.0),
    ((1.0, 2.0, 3.0), (0.5, 2.5, 1.0), 2.5),
    ((0.0, 0.0, 0.0, 0.0, 0.0), (-3.0, 1.0, -0.5, 2.0, 4.0), 9.0),
)


def _asymmetric_weights(error: np.ndarray, k: float) -> np.ndarray:
    return np.where(error < 0.0, k, 1.0)


def _asymmetric_grad(y_true, y_pred, k) -> np.ndarray:
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss_grad(2.0 * _asymmetric_weights(error, k) * error)


def _asymmetric_mistakes(y_true, y_pred, k):
    """(name, values) of the typical wrong answers, most specific first."""
    n = y_true.size
    error = y_pred - y_true
    right = _asymmetric_grad(y_true, y_pred, k)
    return [
        ("sign", -right),
        ("no_two", right / 2),
        ("no_mean", right * n),
        ("no_two_no_mean", right * n / 2),
        ("swapped", 2.0 * np.where(error > 0.0, k, 1.0) * error / n),
        ("flipped_error", -2.0 * np.where(error > 0.0, k, 1.0) * error / n),
        ("no_k", mse_grad(y_true, y_pred)),
        ("k_everywhere", k * mse_grad(y_true, y_pred)),
        ("loss", _asymmetric_weights(error, k) * error**2 / n),
        ("tau_weights", right / (k + 1)),
    ]


_ASYMMETRIC_MESSAGES = {
    "sign": ("every entry has the wrong sign. With e = ŷ - y, a forecast that is too high "
             "(e > 0) gets a positive gradient: raising it further would raise the loss."),
    "no_two": ("every entry is half the answer: the derivative of w·e² is 2·w·e. This is the "
               "missing factor 2 that the chapter's check_grad caught."),
    "no_mean": ("every entry is n times the answer: the loss is a *mean*, so each "
                "prediction's derivative is divided by n."),
    "no_two_no_mean": ("two factors are missing: the 2 of d(e²)/de and the 1/n of the mean."),
    "swapped": ("the weight k sits on the wrong side: it belongs to the under-forecasts "
                "(ŷ < y, e < 0), the empty shelves, not to the leftovers."),
    "flipped_error": ("that is the gradient written with the error y - ŷ throughout: both the "
                      "sign and the side of k come out reversed. The loss is a function of "
                      "e = ŷ - y, and its gradient is taken with respect to ŷ."),
    "no_k": ("those are 2(ŷ - y)/n, the MSE's gradient: the weight k of the under-forecasts "
             "is missing."),
    "k_everywhere": ("every entry is multiplied by k: the weight k applies only where the "
                     "forecast is too low (e < 0); over-forecasts keep weight 1."),
    "loss": ("those are w·e²/n, each prediction's share of the loss itself, not its slope."),
    "tau_weights": ("those use the weights τ = k/(k + 1) and 1 - τ: the same direction, but "
                    "the exercise's loss weighs the under-forecasts k and the others 1, which "
                    "is k + 1 times as large."),
}


def _judge_asymmetric_grad(case, value) -> Feedback | None:
    y_true, y_pred, k = case
    call = f"`asymmetric_grad({numbers_text(y_true)}, {numbers_text(y_pred)}, {k:g})`"
    got, problem = _learner_array(value, call, y_true.shape)
    if problem is not None:
        return problem
    expected = _asymmetric_grad(y_true, y_pred, k)
    if close(got, expected, rtol=_RTOL):
        return None
    known = mistake_message(got, ((values, _ASYMMETRIC_MESSAGES[name]) for name, values
                                  in _asymmetric_mistakes(y_true, y_pred, k)), rtol=_RTOL)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    wrong = int(np.sum(differs(got, expected, rtol=_RTOL)))
    return Feedback.hint(
        f"{call} is wrong at {wrong} of {y_true.size} predictions. Differentiate "
        "w_i·(ŷ_i - y_i)²/n with respect to ŷ_i, with w_i = k where ŷ_i < y_i, else 1; "
        "lossfns.numerical_grad on your own loss shows what to expect.")


@checker
def check_asymmetric_grad(asymmetric_grad) -> Feedback:
    r"""Check ``asymmetric_grad(y_true, y_pred, k)``: the gradient of the mean asymmetric square.

    .. math:: \frac{\partial L}{\partial \hat y_i} = \frac{2\, w_i\, (\hat y_i - y_i)}{n},
              \qquad w_i = \begin{cases} k & \hat y_i < y_i \\ 1 & \text{otherwise} \end{cases}

    Called on the three :data:`ASYMMETRIC_CASES` and compared with the gradient built by
    :func:`lossfns.custom.reduce_loss_grad`.

    Examples
    --------
    >>> import numpy as np
    >>> def solution(y_true, y_pred, k):
    ...     error = y_pred - y_true
    ...     return 2 * np.where(error < 0, k, 1.0) * error / len(error)
    >>> check_asymmetric_grad(solution)
    ✓ Correct: the forecast 10 loaves short pulls with -20, 4 times as hard as the one 10 over (+5): k = 4 on the empty shelves, and 2·w·e/n everywhere.
    >>> check_asymmetric_grad(lambda y, p, k: np.where(p < y, k, 1.0) * (p - y) / len(y))
    ✗ Not yet: every entry is half the answer: the derivative of w·e² is 2·w·e. This is the missing factor 2 that the chapter's check_grad caught.
    """
    cases = [(np.array(y_true), np.array(y_pred), k) for y_true, y_pred, k in ASYMMETRIC_CASES]
    failure = run_cases(asymmetric_grad, cases, _judge_asymmetric_grad,
                        name="`asymmetric_grad`",
                        expected=lambda case: _asymmetric_grad(*case))
    if failure is not None:
        return failure.feedback
    y_true, y_pred, k = (np.array(ASYMMETRIC_CASES[0][0]), np.array(ASYMMETRIC_CASES[0][1]),
                         ASYMMETRIC_CASES[0][2])
    grad = _asymmetric_grad(y_true, y_pred, k)
    return Feedback.correct(
        f"the forecast {y_true[0] - y_pred[0]:g} loaves short pulls with {grad[0]:+g}, "
        f"{abs(grad[0] / grad[2]):g} times as hard as the one {y_pred[2] - y_true[2]:g} over "
        f"({grad[2]:+g}): k = {k:g} on the empty shelves, and 2·w·e/n everywhere.")


# --- exercise 2: LINEX, loss and gradient ---------------------------------------------------

#: (y_true, y_pred, a) cases. A negative ``a`` makes under-forecasts the expensive side
#: (the bakery's), a positive one over-forecasts; ``a = 1`` would hide a missing factor a.
LINEX_CASES = (
    ((10.0, 12.0, 9.0, 11.0), (12.0, 9.0, 9.5, 11.0), -0.5),
    ((0.0, 1.0, 2.0), (1.0, -1.0, 2.5), 0.8),
    ((3.0, 3.0, 3.0, 3.0, 3.0), (0.0, 1.0, 2.5, 4.0, 6.0), -0.3),
)


def linex_reference(y_true, y_pred, a, *, reduction: str = "mean", sample_weight=None):
    r"""The LINEX loss, the reference of :func:`check_linex`.

    .. math:: \ell(e) = e^{a e} - a e - 1, \qquad e = \hat y - y, \quad a \ne 0

    Exponential on one side (:math:`e > 0` for :math:`a > 0`, :math:`e < 0` for
    :math:`a < 0`), nearly linear on the other, :math:`\approx a^2 e^2 / 2` near 0;
    reduced like every loss of the package.

    Examples
    --------
    >>> print(round(float(linex_reference([0.0, 0.0], [1.0, -1.0], 1.0)), 4))
    0.5431
    """
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss(np.expm1(a * error) - a * error, reduction, sample_weight)


def _linex_grad(y_true, y_pred, a) -> np.ndarray:
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss_grad(a * np.expm1(a * error))


def _linex_value_mistakes(y_true, y_pred, a):
    n = y_true.size
    e = y_pred - y_true
    return [
        ("sum", float(np.sum(np.expm1(a * e) - a * e))),
        ("flipped", float(np.mean(np.expm1(-a * e) + a * e))),
        ("no_minus_one", float(np.mean(np.exp(a * e) - a * e))),
        ("no_linear", float(np.mean(np.expm1(a * e)))),
        ("plus_linear", float(np.mean(np.expm1(a * e) + a * e))),
        ("mean_of_n", float(np.sum(np.expm1(a * e) - a * e)) / n**2),
    ]


_LINEX_VALUE_MESSAGES = {
    "sum": "that is the sum over the predictions; the loss is their mean (divide by n).",
    "flipped": ("the error has the wrong sign: write it as e = ŷ - y (prediction minus "
                "truth), as every loss of lossfns does."),
    "no_minus_one": ("the -1 is missing: without it a perfect forecast (e = 0) would cost "
                     "e⁰ = 1 instead of 0."),
    "no_linear": ("the -a·e term is missing: e^(ae) - 1 is negative on one side, so it is no "
                  "loss; subtracting a·e makes it ≥ 0, with its minimum at e = 0."),
    "plus_linear": "the linear term has the wrong sign: it is e^(ae) - a·e - 1.",
    "mean_of_n": "that is the mean divided by n once more: divide the sum by n only once.",
}


def _linex_grad_mistakes(y_true, y_pred, a):
    n = y_true.size
    e = y_pred - y_true
    right = _linex_grad(y_true, y_pred, a)
    return [
        ("sign", -right),
        ("no_mean", right * n),
        ("no_a", np.expm1(a * e) / n),
        ("no_minus_one", a * np.exp(a * e) / n),
        ("a_squared", a * a * np.expm1(a * e) / n),
        ("flipped", -a * np.expm1(-a * e) / n),
    ]


_LINEX_GRAD_MESSAGES = {
    "sign": ("every entry has the wrong sign: differentiate with respect to ŷ, and "
             "e = ŷ - y grows with ŷ."),
    "no_mean": "every entry is n times the answer: the loss is a mean, so divide by n.",
    "no_a": ("the factor a of the chain rule is missing: d/de e^(ae) = a·e^(ae), and the "
             "linear term gives -a."),
    "no_minus_one": ("the derivative of the -a·e term is missing: it is a·(e^(ae) - 1), "
                     "which is 0 at e = 0, as a gradient at the minimum must be."),
    "a_squared": "one factor a too many: the derivative is a·(e^(ae) - 1)/n.",
    "flipped": ("that is the gradient for the error y - ŷ; with e = ŷ - y it is "
                "a·(e^(ae) - 1)/n."),
}


def _judge_linex(case, value) -> Feedback | None:
    y_true, y_pred, a = case
    call = f"`linex({numbers_text(y_true)}, {numbers_text(y_pred)}, {a:g})`"
    hint = text_hint(value, call)
    if hint is not None:
        return hint
    number = numeric_array(value)
    if number is None or isinstance(value, (bool, np.bool_)):
        return Feedback.hint(f"{call} returned {quoted(value)}; return one number.")
    if number.size != 1:
        return Feedback.hint(f"{call} returned an array of shape {number.shape}: the loss "
                             "is one number, the mean over the predictions.")
    number = float(number.ravel()[0])
    not_finite = non_finite_hint(number, call, advice="The loss of a finite error is finite.")
    if not_finite is not None:
        return not_finite
    expected = float(linex_reference(y_true, y_pred, a))
    if close(number, expected, rtol=_RTOL, atol=0.0):
        return None
    known = mistake_message(number, ((wrong, _LINEX_VALUE_MESSAGES[name]) for name, wrong
                                     in _linex_value_mistakes(y_true, y_pred, a)),
                            rtol=_RTOL, atol=0.0)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(number, expected, call)
    if rounded is not None:
        return rounded
    direction = "large" if number > expected else "small"
    return Feedback.hint(f"{call} returned {number:.6g}, which is too {direction}. "
                         "Each prediction costs e^(a·e) - a·e - 1 with e = ŷ - y; "
                         "return the mean.")


def _judge_linex_grad(case, value) -> Feedback | None:
    y_true, y_pred, a = case
    call = f"`linex_grad({numbers_text(y_true)}, {numbers_text(y_pred)}, {a:g})`"
    got, problem = _learner_array(value, call, y_true.shape)
    if problem is not None:
        return problem
    expected = _linex_grad(y_true, y_pred, a)
    if close(got, expected, rtol=_RTOL):
        return None
    known = mistake_message(got, ((values, _LINEX_GRAD_MESSAGES[name]) for name, values
                                  in _linex_grad_mistakes(y_true, y_pred, a)), rtol=_RTOL)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    return Feedback.hint(f"{call} does not match the derivative of your loss. "
                         "Differentiate e^(a·e) - a·e - 1 with respect to ŷ (e = ŷ - y) "
                         "and divide by n; lossfns.numerical_grad shows the target.")


@checker
def check_linex(linex, linex_grad) -> Feedback:
    r"""Check ``linex(y_true, y_pred, a)`` (the mean LINEX loss) and ``linex_grad`` (its gradient).

    .. math:: L = \frac1n \sum_i \bigl(e^{a e_i} - a e_i - 1\bigr), \qquad
              \frac{\partial L}{\partial \hat y_i} = \frac{a\,(e^{a e_i} - 1)}{n},
              \qquad e_i = \hat y_i - y_i

    The loss is checked first on the :data:`LINEX_CASES`, against
    :func:`linex_reference`, then the gradient, against its formula; the feedback also
    compares the learner's gradient with finite differences of the learner's own loss.

    Examples
    --------
    >>> import numpy as np
    >>> def linex(y_true, y_pred, a):
    ...     e = y_pred - y_true
    ...     return np.mean(np.exp(a * e) - a * e - 1)
    >>> def linex_grad(y_true, y_pred, a):
    ...     e = y_pred - y_true
    ...     return a * (np.exp(a * e) - 1) / len(e)
    >>> check_linex(linex, linex_grad)
    ✓ Correct: with a = -0.5 the forecast 3 loaves short costs 1.98, the one 3 over only 0.72; your gradient agrees with finite differences of your loss (largest relative difference below 1e-6).
    >>> check_linex(linex, lambda y, p, a: (np.exp(a * (p - y)) - 1) / len(y))
    ✗ Not yet: the factor a of the chain rule is missing: d/de e^(ae) = a·e^(ae), and the linear term gives -a.
    """
    cases = [(np.array(y_true), np.array(y_pred), a) for y_true, y_pred, a in LINEX_CASES]
    failure = run_cases(linex, cases, _judge_linex, name="`linex`",
                        expected=lambda case: float(linex_reference(*case)))
    if failure is None:  # the loss is right on every case: now its gradient
        failure = run_cases(linex_grad, cases, _judge_linex_grad, name="`linex_grad`",
                            expected=lambda case: _linex_grad(*case))
    if failure is not None:
        return failure.feedback
    y_true, y_pred, a = (np.array(LINEX_CASES[0][0]), np.array(LINEX_CASES[0][1]),
                         LINEX_CASES[0][2])
    single = np.asarray(linex(y_true.copy(), y_pred.copy(), a)).dtype == np.float32
    numeric = numerical_grad(lambda t, p: float(np.ravel(np.asarray(linex(t, p, a),
                                                                    dtype=float))[0]),
                             y_true, y_pred)
    analytic = np.ravel(np.asarray(linex_grad(y_true.copy(), y_pred.copy(), a), dtype=float))
    relative = float(np.max(np.abs(analytic - numeric)) / np.max(np.abs(numeric)))
    bound = "below 1e-6" if relative < 1e-6 else f"{relative:.1g}"
    if single and relative >= 1e-6:
        bound += (", because your loss returns float32 numbers, whose rounding finite "
                  "differences magnify")
    short = float(linex_reference(0.0, -3.0, a))
    over = float(linex_reference(0.0, 3.0, a))
    return Feedback.correct(
        f"with a = {a:g} the forecast 3 loaves short costs {short:.2f}, the one 3 over only "
        f"{over:.2f}; your gradient agrees with finite differences of your loss (largest "
        f"relative difference {bound}).")


# --- exercise 3: choose k --------------------------------------------------------------------

#: The quantile of the bakery's training demand that the asymmetric squared error should hit.
EXPECTILE_TARGET_LEVEL = 0.8


def expectile_target() -> float:
    r"""The number exercise 3 aims at: the 0.8-quantile of the training demand.

    ``np.quantile(bakery_demand().demand, 0.8, method="inverted_cdf")``: the smallest
    number of loaves with at most 20 % of the days wanting more.

    Examples
    --------
    >>> expectile_target()
    126.0
    """
    return float(np.quantile(bakery_demand().demand, EXPECTILE_TARGET_LEVEL,
                             method="inverted_cdf"))


# k rounded to three significant digits still puts the forecast within 0.01 loaves of the target.
_K_RTOL = 1e-3


def _expected_k(demand: np.ndarray, target: float) -> float:
    return float(np.sum(np.maximum(target - demand, 0.0))
                 / np.sum(np.maximum(demand - target, 0.0)))


@checker
def check_expectile_k(k) -> Feedback:
    r"""Check the weight ``k`` whose asymmetric squared error is lowest at :func:`expectile_target`.

    The best constant :math:`m` of :math:`\frac1n\sum_i w_i (m - y_i)^2` (weight :math:`k`
    where :math:`m < y_i`) solves :math:`k \sum_{y_i > m} (y_i - m) = \sum_{y_i < m} (m - y_i)`,
    so :math:`k = \sum_{y_i < m} (m - y_i) / \sum_{y_i > m} (y_i - m)` for the target
    :math:`m`. The demand is the training days of :func:`lossfns.course.datasets.bakery_demand`.

    Examples
    --------
    >>> import numpy as np
    >>> from lossfns.course.datasets import bakery_demand
    >>> d, m = bakery_demand().demand, expectile_target()
    >>> check_expectile_k(np.sum(np.maximum(m - d, 0)) / np.sum(np.maximum(d - m, 0)))
    ✓ Correct: k = 8.51 puts the best constant forecast at 126 loaves, where the shelves run empty on 20% of the 180 days; k = 4, the cost ratio, stops at 119 loaves.
    >>> check_expectile_k(4)
    ✗ Not yet: `k` is 4, the ratio q/(1 - q) of the pinball loss, which balances the *counts* of days above and below. The squared loss balances the *distances*: sum them on each side of the target.
    """
    got, problem = one_number(k, "`k`")
    if problem is not None:
        return problem
    demand = bakery_demand().demand
    target = expectile_target()
    expected = _expected_k(demand, target)
    level = EXPECTILE_TARGET_LEVEL
    if math.isclose(got, expected, rel_tol=_K_RTOL):
        share = float(np.mean(demand > target))
        plain = expectile(demand, (level / (1 - level)) / (level / (1 - level) + 1))
        return Feedback.correct(
            f"k = {got:.3g} puts the best constant forecast at {target:g} loaves, where the "
            f"shelves run empty on {share:.0%} of the {demand.size} days; k = "
            f"{level / (1 - level):g}, the cost ratio, stops at {plain:.0f} loaves.")
    below, above = np.sum(demand < target), np.sum(demand > target)
    hints = [
        (1 / expected, "that is the inverse: the weight k multiplies the days *above* the "
                       "target (forecast too low), so their distances go in the denominator."),
        (level / (1 - level), f"`k` is {got:g}, the ratio q/(1 - q) of the pinball loss, which "
                              "balances the *counts* of days above and below. The squared "
                              "loss balances the *distances*: sum them on each side of the "
                              "target."),
        (below / above, "that is the ratio of the *counts* of days below and above the target, "
                        "the quantile's balance. The squared loss balances the distances."),
        (expected ** 0.5, "that is the square root of the answer: the balance is between sums "
                          "of distances, not of squared distances."),
        (level, f"`k` is {got:g}, the level τ itself; k is a weight, τ = k/(k + 1)."),
        (1.0, "`k` is 1, which makes the best forecast the mean. The distances are to be "
              "measured from the target, `expectile_target()`, not from the mean."),
    ]
    for value, message in hints:
        if math.isclose(got, value, rel_tol=_K_RTOL):
            return Feedback.hint(message)
    rounded = rounded_hint(got, expected, "`k`")
    if rounded is not None:
        return rounded
    if got <= 0:
        return Feedback.hint(f"`k` is {got:g}; a weight on the under-forecasts is positive "
                             "(and above 1 when they cost more).")
    if got / (got + 1) >= 1.0 or 1 / (got + 1) == 0.0:
        return Feedback.hint(f"`k` is {got:g}: so large that the best forecast is pushed up to "
                             f"the busiest day, {demand.max():g} loaves, not {target:g}. k is too large.")
    reached = expectile(demand, got / (got + 1))
    direction = "small" if got < expected else "large"
    return Feedback.hint(
        f"with k = {got:.4g} the best constant forecast is {reached:.2f} loaves, not "
        f"{target:g}: k is too {direction}. Set the derivative of the loss to zero at the "
        "target and solve for k.")
