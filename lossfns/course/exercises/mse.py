r"""Checkers for chapter 4, *Mean squared error*.

Four exercises, one per idea of the chapter:

* :func:`check_mse_and_rmse` - compute the MSE and the RMSE of some predictions with
  NumPy, on the flats of the chapter and on the article's house priced in yuan and in
  units of 10,000 yuan (万元);
* :func:`check_mse_gradient` - the gradient of the MSE with respect to every
  prediction, :math:`2(\hat y_i - y_i)/n`;
* :func:`check_change_of_units` - how the MSE and the RMSE change when the target is
  measured in a unit ``factor`` times smaller: the MSE by the *square* of the factor;
* :func:`check_best_constant` - the constant guess with the lowest MSE (the mean) and
  the MSE it leaves (the variance, divided by n).

Each checker runs the learner's function on several cases (so a hard-coded number
fails), recognises the typical mistakes of each exercise and never shows the answer.
The expected answers come from :func:`lossfns.mse`, :func:`lossfns.rmse`,
:func:`lossfns.mse_grad` and :func:`numpy.mean`, never from a number typed here.
"""

from __future__ import annotations

import math

import numpy as np

from ...regression import mse, mse_grad, rmse
from ._feedback import (
    Feedback,
    checker,
    close,
    differs,
    mistake_message,
    non_finite_hint,
    numbers_text,
    numeric_array,
    pair_of_numbers,
    quoted,
    rounded_hint,
    run_cases,
    text_hint,
)

__all__ = [
    "CONSTANT_CASES",
    "GRADIENT_CASES",
    "MSE_CASES",
    "UNIT_CASES",
    "check_best_constant",
    "check_change_of_units",
    "check_mse_and_rmse",
    "check_mse_gradient",
]

#: (y_true, y_pred) cases for exercise 1: four flats priced in 万元 (true, predicted), the
#: article's house in 万元 and in yuan, and five temperatures in °C. In the first case
#: every typical mistake gives a different pair of numbers.
MSE_CASES = (
    ((301.0, 400.0, 350.0, 235.0), (290.0, 420.0, 334.0, 262.0)),
    ((300.0,), (200.0,)),
    ((3_000_000.0,), (2_000_000.0,)),
    ((14.2, 10.6, 10.4, 13.5, 16.6), (11.4, 14.2, 10.6, 10.4, 13.5)),
)

#: (y_true, y_pred) cases for exercise 2 (never two values: there 2/n = 1).
GRADIENT_CASES = (
    ((301.0, 400.0, 350.0, 235.0), (290.0, 420.0, 334.0, 262.0)),
    ((14.2, 10.6, 10.4, 13.5, 16.6), (11.4, 14.2, 10.6, 10.4, 13.5)),
    ((1.0, 2.0, 3.0, 4.0, 5.0, 6.0), (1.5, 1.0, 3.0, 6.0, 4.5, 5.0)),
)

#: (mse, rmse, factor) cases for exercise 3: the article's house in 万元 converted to yuan
#: (1 万元 = 10,000 yuan), temperature errors in °C converted to °F (a difference of 1 °C is
#: 1.8 °F; the offset of 32 cancels in every error) and yuan converted back to 万元.
UNIT_CASES = (
    (10_000.0, 100.0, 10_000.0),
    (6.25, 2.5, 1.8),
    (4.0e10, 2.0e5, 1.0e-4),
)

# This chapter's tolerance: the shared relative one (float32 answers pass, a rounded number
# does not) and no absolute part, as every answer and typical mistake here is far from 0.
# The gradient has an absolute part of its own (see check_mse_gradient).
_ATOL = 0.0


def _same(got, value) -> bool:
    """Is the learner's number (or pair) ``got`` equal to ``value``, to this chapter's
    tolerance?"""
    return close(got, value, atol=_ATOL)


def _learner_pair(value, call: str, answer: str):
    """``(pair, None)``, or ``(None, feedback)`` when the learner's value is not two numbers.

    ``answer`` is the return statement the hint suggests, e.g. ``"mse, rmse"``.
    """
    text = text_hint(value, call)
    if text is not None:
        return None, text
    got = pair_of_numbers(value)
    if got is None:
        return None, Feedback.hint(
            f"{call} returned {quoted(value)}; return a pair of numbers, `return {answer}`."
        )
    return got, None


def _known_mistake(got, variants, messages) -> Feedback | None:
    """The hint of the first typical mistake ``(name, pair)`` that ``got`` equals, or None."""
    message = mistake_message(got, ((pair, messages[name]) for name, pair in variants),
                              atol=_ATOL)
    return None if message is None else Feedback.hint(message)


# --- exercise 1: MSE and RMSE ----------------------------------------------------------------

def _mse_variants(y_true: np.ndarray, y_pred: np.ndarray):
    """(name, (mse, rmse)) of the typical mistakes, most specific first."""
    error = y_pred - y_true
    n = error.size
    right_mse, right_rmse = float(mse(y_true, y_pred)), float(rmse(y_true, y_pred))
    total = float(np.sum(error**2))
    absolute = float(np.mean(np.abs(error)))
    variants = [
        ("swapped", (right_rmse, right_mse)),
        ("no_root", (right_mse, right_mse)),
        ("sum", (total, math.sqrt(total))),
        ("sum_mse_only", (total, right_rmse)),
        ("root_of_sum", (right_mse, math.sqrt(total))),
        ("mean_error_squared", (float(np.mean(error)) ** 2, abs(float(np.mean(error))))),
        ("mae", (absolute, math.sqrt(absolute))),
        ("rmse_is_mae", (right_mse, absolute)),
        ("rmse_is_mse_over_n", (right_mse, right_mse / n)),
        ("no_square", (float(np.mean(error)), math.sqrt(abs(float(np.mean(error)))))),
        ("variance", (float(np.var(error)), float(np.std(error)))),
    ]
    if n > 1:
        unbiased = total / (n - 1)
        variants.append(("n_minus_1", (unbiased, math.sqrt(unbiased))))
    return variants


_MSE_MESSAGES = {
    "swapped": "the two numbers are the right ones in the wrong order: return (mse, rmse).",
    "no_root": "both numbers are the MSE: the RMSE is its square root, `np.sqrt(mse)`.",
    "sum": (
        "both numbers use the *sum* of the squared errors. The MSE is their mean: divide "
        "by n, or use `np.mean`."
    ),
    "sum_mse_only": (
        "the RMSE is right, but the MSE is the sum of the squared errors: divide it by n "
        "(or use `np.mean`)."
    ),
    "root_of_sum": (
        "the MSE is right, but the RMSE is the square root of the *sum* of the squared "
        "errors; take the root of the mean, `np.sqrt(mse)`."
    ),
    "mean_error_squared": (
        "you squared the mean error. Square each error first, then take the mean: "
        "positive and negative errors must not cancel."
    ),
    "mae": (
        "the first number is the mean *absolute* error (MAE, chapter 6). The MSE squares "
        "each error before averaging, instead of taking its size."
    ),
    "rmse_is_mae": (
        "the MSE is right, but the RMSE is the mean absolute error. The root of the mean "
        "of the squares is not the mean of the absolute values: take `np.sqrt(mse)`."
    ),
    "rmse_is_mse_over_n": (
        "the MSE is right, but the RMSE divides it by n again. The RMSE is its square "
        "root, `np.sqrt(mse)`."
    ),
    "no_square": (
        "the first number is the mean error, without the square: errors of opposite signs "
        "cancel. Square each error before averaging."
    ),
    "variance": (
        "those are the variance and the standard deviation of the errors (`np.var`, "
        "`np.std`), which subtract the mean error first: an error that every prediction "
        "shares then costs nothing. The MSE squares the errors themselves."
    ),
    "n_minus_1": (
        "both numbers divide the sum of the squared errors by n - 1. The sample variance "
        "does that; the MSE divides by n, the number of predictions (use `np.mean`)."
    ),
}


def _judge_mse_and_rmse(case, value) -> Feedback | None:
    y_true, y_pred = case
    call = f"mse_and_rmse({numbers_text(y_true)}, {numbers_text(y_pred)})"
    got, problem = _learner_pair(value, call, "mse, rmse")
    if problem is not None:
        return problem
    right = (float(mse(y_true, y_pred)), float(rmse(y_true, y_pred)))
    if _same(got, right):
        return None
    not_finite = non_finite_hint(got, call)
    if not_finite is not None:
        return not_finite
    known = _known_mistake(got, _mse_variants(y_true, y_pred), _MSE_MESSAGES)
    if known is not None:
        return known
    rounded = rounded_hint(got, right, call)
    if rounded is not None:
        return rounded
    wrong = [name for name, off in zip(("the MSE", "the RMSE"),
                                       differs(got, right, atol=_ATOL)) if off]
    return Feedback.hint(
        f"{call} returned ({got[0]:.8g}, {got[1]:.8g}); {' and '.join(wrong)} "
        f"{'is' if len(wrong) == 1 else 'are'} off. Compute the errors "
        "y_pred - y_true, square each one, average them (the MSE), then take the "
        "square root (the RMSE)."
    )


@checker
def check_mse_and_rmse(mse_and_rmse) -> Feedback:
    r"""Check ``mse_and_rmse(y_true, y_pred)``: the pair (MSE, RMSE), computed with NumPy.

    .. math:: \mathrm{MSE} = \frac1n \sum_i (\hat y_i - y_i)^2, \qquad
              \mathrm{RMSE} = \sqrt{\mathrm{MSE}}

    Examples
    --------
    >>> import numpy as np
    >>> def solution(y_true, y_pred):
    ...     mse = np.mean((y_pred - y_true) ** 2)
    ...     return mse, np.sqrt(mse)
    >>> check_mse_and_rmse(solution)   # doctest: +NORMALIZE_WHITESPACE
    ✓ Correct: on all 4 cases. The article's house: MSE 10,000 (万元)² and RMSE 100 万元, or
    MSE 1,000,000,000,000 yuan² and RMSE 1,000,000 yuan: one mistake, two units.
    >>> check_mse_and_rmse(lambda t, p: (np.sum((p - t) ** 2), np.sqrt(np.sum((p - t) ** 2))))
    ✗ Not yet: both numbers use the *sum* of the squared errors. The MSE is their mean: divide by n, or use `np.mean`.
    """
    cases = [(np.array(y_true), np.array(y_pred)) for y_true, y_pred in MSE_CASES]
    failure = run_cases(mse_and_rmse, cases, _judge_mse_and_rmse, name="`mse_and_rmse`",
                        expected=lambda case: (float(mse(*case)), float(rmse(*case))))
    if failure is not None:
        return failure.feedback
    house_wan, house_yuan = MSE_CASES[1], MSE_CASES[2]
    return Feedback.correct(
        f"on all {len(MSE_CASES)} cases. The article's house: MSE "
        f"{float(mse(*house_wan)):,.0f} (万元)² and RMSE {float(rmse(*house_wan)):,.0f} 万元, "
        f"or MSE {float(mse(*house_yuan)):,.0f} yuan² and RMSE "
        f"{float(rmse(*house_yuan)):,.0f} yuan: one mistake, two units."
    )


# --- exercise 2: the gradient of the MSE -----------------------------------------------------

def _gradient_variants(y_true: np.ndarray, y_pred: np.ndarray):
    """(name, array) of the typical mistakes, most specific first."""
    error = y_pred - y_true
    n = error.size
    return [
        ("sign", 2 * (y_true - y_pred) / n),
        ("no_two", error / n),
        ("no_mean", 2 * error),
        ("neither", error),
        ("n_minus_1", 2 * error / (n - 1)),
        ("squared", 2 * error**2 / n),
        ("loss_terms", error**2 / n),
        ("absolute", 2 * np.abs(error) / n),
    ]


_GRADIENT_MESSAGES = {
    "sign": (
        "the sign is flipped. Differentiate with respect to the *prediction*: "
        "d/dŷ (ŷ - y)² = 2(ŷ - y). (If you wrote (y - ŷ)², the chain rule adds a minus "
        "sign.) "
        "A prediction that is too high must get a positive gradient, so that a step "
        "against it lowers the prediction."
    ),
    "no_two": (
        "every entry is half the right size: the factor 2 from the square is missing, "
        "d/dŷ (ŷ - y)² = 2(ŷ - y)."
    ),
    "no_mean": (
        "every entry is n times too large: the MSE is a *mean*, so each prediction's share "
        "carries the 1/n (n = len(y_true))."
    ),
    "neither": (
        "your gradient lacks both the factor 2 from the square and the 1/n from the mean."
    ),
    "n_minus_1": "each entry divides by n - 1; the mean of n squared errors divides by n.",
    "squared": (
        "your gradient still squares the error. The derivative of e² is 2e: the power "
        "comes down as a factor and drops by one."
    ),
    "absolute": (
        "your gradient is never negative: it uses the size of each error and drops its "
        "sign. A prediction that is too low needs a negative derivative, so that a step "
        "against it raises the prediction: keep the sign of ŷ - y."
    ),
    "loss_terms": (
        "those are each prediction's share of the loss, (ŷ - y)²/n, not its derivative, "
        "2(ŷ - y)/n."
    ),
}


def _judge_mse_gradient(case, value) -> Feedback | None:
    y_true, y_pred = case
    call = f"my_mse_grad({numbers_text(y_true)}, {numbers_text(y_pred)})"
    text = text_hint(value, call)
    if text is not None:
        return text
    got = None if isinstance(value, (bool, dict)) else numeric_array(value)
    if got is None:
        return Feedback.hint(
            f"{call} returned {quoted(value)}; return a NumPy array of numbers, "
            "one derivative per prediction."
        )
    right = mse_grad(y_true, y_pred)
    # Absolute slack for an answer computed in float32: each error y_pred - y_true then
    # carries a rounding of about 1e-7 of the values themselves (10.6 - 10.4 in float32
    # is 0.2000008), which is large next to a small error.
    scale = 2.0 / y_true.size * float(np.max(np.abs(np.concatenate([y_true, y_pred]))))
    atol = 1e-6 * (scale + float(np.max(np.abs(right))))
    if got.shape != right.shape:
        scalar = got.size == 1
        return Feedback.hint(
            f"{call} returned {'one number' if scalar else f'shape {got.shape}'}, but "
            f"the gradient has one entry per prediction, shape {right.shape}"
            + (": do not sum or average the derivatives; each prediction gets its own."
               if scalar else ".")
        )
    if close(got, right, atol=atol):
        return None
    not_finite = non_finite_hint(got, call)
    if not_finite is not None:
        return not_finite
    known = mistake_message(
        got, ((variant, _GRADIENT_MESSAGES[name])
              for name, variant in _gradient_variants(y_true, y_pred)), atol=atol)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, right, call)
    if rounded is not None:
        return rounded
    wrong = differs(got, right, atol=atol)
    return Feedback.hint(
        f"{call} differs from the gradient at {int(wrong.sum())} of {wrong.size} "
        f"positions, the first at index {int(np.argmax(wrong))}. Differentiate "
        "(1/n) Σ (ŷ_i - y_i)² with respect to one prediction ŷ_j: only the j-th term "
        "depends on it."
    )


@checker
def check_mse_gradient(my_mse_grad) -> Feedback:
    r"""Check ``my_mse_grad(y_true, y_pred)``: one derivative per prediction, ``2(ŷ - y)/n``.

    Examples
    --------
    >>> check_mse_gradient(lambda y_true, y_pred: 2 * (y_pred - y_true) / len(y_true))
    ✓ Correct: your gradient agrees with lossfns.mse_grad on all 3 cases. For the four flats it is [-5.5, 10, -8, 13.5]: the flat overpriced by 27 万元 pulls hardest.
    >>> check_mse_gradient(lambda y_true, y_pred: 2 * (y_pred - y_true))
    ✗ Not yet: every entry is n times too large: the MSE is a *mean*, so each prediction's share carries the 1/n (n = len(y_true)).
    """
    cases = [(np.array(y_true), np.array(y_pred)) for y_true, y_pred in GRADIENT_CASES]
    failure = run_cases(my_mse_grad, cases, _judge_mse_gradient, name="`my_mse_grad`",
                        expected=lambda case: mse_grad(*case))
    if failure is not None:
        return failure.feedback
    first = mse_grad(*(np.array(v) for v in GRADIENT_CASES[0]))
    errors = np.subtract(GRADIENT_CASES[0][1], GRADIENT_CASES[0][0])
    worst = int(np.argmax(np.abs(first)))
    return Feedback.correct(
        f"your gradient agrees with lossfns.mse_grad on all {len(GRADIENT_CASES)} cases. "
        f"For the four flats it is {numbers_text(first)}: the flat "
        f"{'overpriced' if errors[worst] > 0 else 'underpriced'} by "
        f"{abs(errors[worst]):g} 万元 pulls hardest."
    )


# --- exercise 3: a change of units -----------------------------------------------------------

def _unit_variants(mse_value: float, rmse_value: float, factor: float):
    """(name, (new mse, new rmse)) of the typical mistakes, most specific first."""
    return [
        ("swapped", (rmse_value * factor, mse_value * factor**2)),
        ("linear", (mse_value * factor, rmse_value * factor)),
        ("wrong_one_squared", (mse_value * factor, rmse_value * factor**2)),
        ("divided", (mse_value / factor**2, rmse_value / factor)),
        ("divided_linear", (mse_value / factor, rmse_value / factor)),
        ("rmse_unchanged", (mse_value * factor**2, rmse_value)),
        ("root_of_linear", (mse_value * factor, math.sqrt(mse_value * factor))),
        ("both_squared", (mse_value * factor**2, rmse_value * factor**2)),
    ]


_UNIT_MESSAGES = {
    "swapped": "the two numbers are the right ones in the wrong order: return (mse, rmse).",
    "linear": (
        "you multiplied both by the factor. Every error is `factor` times larger, and the "
        "MSE is made of *squared* errors: it grows by factor². The RMSE, back in the "
        "target's units, grows by the factor itself."
    ),
    "wrong_one_squared": (
        "the squares went to the wrong number: the MSE (squared units) grows by factor², "
        "the RMSE (plain units) by the factor."
    ),
    "divided": (
        "you divided. A unit `factor` times smaller makes every number `factor` times "
        "larger (1 万元 = 10,000 yuan): multiply."
    ),
    "divided_linear": (
        "you divided, and by the factor itself. A smaller unit makes the numbers larger: "
        "multiply, and remember that the MSE is in squared units."
    ),
    "rmse_unchanged": (
        "the MSE is right, but the RMSE is in the target's own units, so it changes too: "
        "by the factor."
    ),
    "root_of_linear": (
        "the MSE grew by the factor only. It is a mean of squared errors, so it grows by "
        "factor²; its square root, the RMSE, then grows by the factor."
    ),
    "both_squared": (
        "the MSE is right, but the RMSE is in plain units: it grows by the factor, not "
        "by factor²."
    ),
}


def _judge_change_of_units(case, value) -> Feedback | None:
    mse_value, rmse_value, factor = case
    call = f"change_units({mse_value:g}, {rmse_value:g}, {factor:g})"
    got, problem = _learner_pair(value, call, "new_mse, new_rmse")
    if problem is not None:
        return problem
    # The expected values come from lossfns: one error of size rmse, rescaled.
    error = np.array([rmse_value * factor])
    right = (float(mse(np.zeros(1), error)), float(rmse(np.zeros(1), error)))
    if _same(got, right):
        return None
    not_finite = non_finite_hint(got, call)
    if not_finite is not None:
        return not_finite
    known = _known_mistake(got, _unit_variants(mse_value, rmse_value, factor), _UNIT_MESSAGES)
    if known is not None:
        return known
    rounded = rounded_hint(got, right, call)
    if rounded is not None:
        return rounded
    return Feedback.hint(
        f"{call} returned ({got[0]:.8g}, {got[1]:.8g}), which is not right yet. Every "
        "error becomes `factor` times larger: what happens to a mean of squared errors, "
        "and to its square root?"
    )


@checker
def check_change_of_units(change_units) -> Feedback:
    r"""Check ``change_units(mse, rmse, factor)``: the MSE and RMSE in a smaller unit.

    The target is measured in a unit ``factor`` times smaller (1 万元 = 10,000 yuan:
    ``factor`` 10,000).

    With every error multiplied by ``factor``, the MSE is multiplied by
    :math:`\text{factor}^2` and the RMSE by ``factor``.

    Examples
    --------
    >>> check_change_of_units(lambda mse, rmse, factor: (mse * factor**2, rmse * factor))
    ✓ Correct: on all 3 cases. The article's house, an MSE of 10,000 (万元)², is 1,000,000,000,000 yuan², and its RMSE of 100 万元 is 1,000,000 yuan.
    >>> check_change_of_units(lambda mse, rmse, factor: (mse * factor, rmse * factor))
    ✗ Not yet: you multiplied both by the factor. Every error is `factor` times larger, and the MSE is made of *squared* errors: it grows by factor². The RMSE, back in the target's units, grows by the factor itself.
    """
    failure = run_cases(change_units, UNIT_CASES, _judge_change_of_units, name="`change_units`",
                        expected=lambda case: (case[0] * case[2] ** 2, case[1] * case[2]))
    if failure is not None:
        return failure.feedback
    article = UNIT_CASES[0]
    return Feedback.correct(
        f"on all {len(UNIT_CASES)} cases. The article's house, an MSE of {article[0]:,.0f} "
        f"(万元)², is {article[0] * article[2] ** 2:,.0f} yuan², and its RMSE of "
        f"{article[1]:,.0f} 万元 is {article[1] * article[2]:,.0f} yuan."
    )


# --- exercise 4: the best constant guess -----------------------------------------------------

#: Data sets for exercise 4: five flats (万元), six temperatures (°C), and five flats with
#: one extreme price. In each, the mean, the median and the middle of the range differ.
CONSTANT_CASES = (
    (301.0, 400.0, 350.0, 235.0, 251.0),
    (14.2, 10.6, 10.4, 13.5, 16.6, 12.0),
    (250.0, 300.0, 280.0, 320.0, 1500.0),
)


def _constant_variants(y: np.ndarray):
    """(name, (c, mse)) of the typical mistakes, most specific first."""
    mean, median, middle = float(np.mean(y)), float(np.median(y)), (y.min() + y.max()) / 2

    def mse_at(c):
        return float(mse(y, np.full(y.shape, c)))

    best = mse_at(mean)
    total = float(np.sum((y - mean) ** 2))
    return [
        ("swapped", (best, mean)),
        ("median", (median, mse_at(median))),
        ("median_only", (median, best)),
        ("middle", (middle, mse_at(middle))),
        ("n_minus_1", (mean, total / (y.size - 1))),
        ("root", (mean, math.sqrt(best))),
        ("sum", (mean, total)),
        ("absolute", (mean, float(np.mean(np.abs(y - mean))))),
    ]


_CONSTANT_MESSAGES = {
    "swapped": "the two numbers are the right ones in the wrong order: return (c, mse).",
    "median": (
        "your guess is the median. The median is the best constant under the mean "
        "*absolute* error (chapter 6); under the squared error, set the derivative "
        "(2/n) Σ (c - y_i) to zero and solve for c."
    ),
    "median_only": (
        "the MSE is right, but your guess is the median; which c makes the MSE that "
        "low? Set the derivative (2/n) Σ (c - y_i) to zero."
    ),
    "middle": (
        "your guess is the middle of the range, (min + max) / 2. It listens to two values "
        "only; the MSE listens to all of them: set (2/n) Σ (c - y_i) to zero."
    ),
    "n_minus_1": (
        "the guess is right, but the MSE divides the sum of squared deviations by n - 1, "
        "as `np.var(y, ddof=1)` and the sample variance do. The MSE is a mean over the n "
        "values: divide by n."
    ),
    "root": "the guess is right, but the second number is the RMSE; return the MSE.",
    "sum": (
        "the guess is right, but the second number is the *sum* of the squared errors; "
        "the MSE is their mean."
    ),
    "absolute": (
        "the guess is right, but the second number is the mean *absolute* deviation; "
        "square the deviations before averaging."
    ),
}


def _judge_best_constant(case, value) -> Feedback | None:
    (y,) = case
    call = f"best_constant_and_mse({numbers_text(y)})"
    got, problem = _learner_pair(value, call, "c, mse")
    if problem is not None:
        return problem
    c = float(np.mean(y))
    right = (c, float(mse(y, np.full(y.shape, c))))
    if _same(got, right):
        return None
    not_finite = non_finite_hint(got, call)
    if not_finite is not None:
        return not_finite
    known = _known_mistake(got, _constant_variants(y), _CONSTANT_MESSAGES)
    if known is not None:
        return known
    rounded = rounded_hint(got, right, call)
    if rounded is not None:
        return rounded
    if _same(got[0], right[0]):
        return Feedback.hint(
            f"{call}: the guess is right, but the MSE is off. Compute it at your guess: "
            "the mean of (y_i - c)²."
        )
    return Feedback.hint(
        f"{call} returned the guess {got[0]:.8g}, which does not have the lowest MSE. "
        "Set the derivative of (1/n) Σ (c - y_i)² with respect to c to zero and solve "
        "for c."
    )


@checker
def check_best_constant(best_constant_and_mse) -> Feedback:
    r"""Check ``best_constant_and_mse(y)``: the constant with the lowest MSE, and that MSE.

    .. math:: c^* = \bar y = \frac1n \sum_i y_i, \qquad
              \mathrm{MSE}(c^*) = \frac1n \sum_i (y_i - \bar y)^2

    Examples
    --------
    >>> import numpy as np
    >>> check_best_constant(lambda y: (np.mean(y), np.var(y)))
    ✓ Correct: on all 3 data sets. With the extreme flat the best constant is 530 万元, above 4 of the 5 prices: the square makes the mean chase the extreme value.
    >>> check_best_constant(lambda y: (np.median(y), np.var(y)))
    ✗ Not yet: the MSE is right, but your guess is the median; which c makes the MSE that low? Set the derivative (2/n) Σ (c - y_i) to zero.
    """
    cases = [(np.array(values),) for values in CONSTANT_CASES]
    failure = run_cases(best_constant_and_mse, cases, _judge_best_constant,
                        name="`best_constant_and_mse`",
                        expected=lambda case: (float(np.mean(case[0])), float(np.var(case[0]))))
    if failure is not None:
        return failure.feedback
    extreme = np.array(CONSTANT_CASES[-1])
    centre = float(np.mean(extreme))
    return Feedback.correct(
        f"on all {len(CONSTANT_CASES)} data sets. With the extreme flat the best constant is "
        f"{centre:,.0f} 万元, above {int(np.sum(extreme < centre))} of the "
        f"{extreme.size} prices: the square makes the mean chase the extreme value."
    )
