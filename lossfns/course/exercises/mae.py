r"""Checkers for chapter 6, *Mean absolute error*.

Three exercises, one per idea of the chapter:

* :func:`check_mae_subgradient` -- the (sub)gradient of the MAE with respect to the
  predictions, :math:`\operatorname{sign}(\hat y - y)/n`, with 0 where a prediction is exact;
* :func:`check_huber_by_hand` -- the Huber loss of each error, written with NumPy;
* :func:`check_stock_level` -- a shop whose running out costs four times as much as
  a leftover unit: which quantile to stock, and how many units.

The expected answers come from :mod:`lossfns` (``mae_grad``, ``huber``,
``smooth_l1``, ``quantile_loss``) and :func:`lossfns.course.datasets.daily_sales`, never from
a number typed here.
"""

from __future__ import annotations

import numpy as np

from ..datasets import daily_sales
from ...regression import huber, mae_grad, mse_grad, quantile_loss, smooth_l1
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
    "HUBER_CASES",
    "LEFTOVER_COST",
    "RUN_OUT_COST",
    "SUBGRADIENT_CASES",
    "check_huber_by_hand",
    "check_mae_subgradient",
    "check_stock_level",
    "stock_cost",
]

# This chapter's relative tolerance (with the shared absolute one): loose enough for float32
# answers (rounding about 6e-8), tight enough to tell every typical mistake below from the
# answer.
_RTOL = 1e-5


def _learner_array(value, name: str, shape: tuple, per: str
                   ) -> tuple[np.ndarray | None, Feedback | None]:
    """The learner's value as a float array of ``shape``, or feedback saying why not."""
    hint = text_hint(value, name)
    if hint is not None:
        return None, hint
    array = numeric_array(value)
    if array is None:
        return None, Feedback.hint(
            f"{name} returned {quoted(value)}; return a NumPy array of numbers.")
    if array.shape != shape:
        extra = (f" It looks like one number for the whole batch: return one value per "
                 f"{per} (no mean, no sum)." if array.ndim == 0 else "")
        return None, Feedback.hint(
            f"{name} returned an array of shape {array.shape}, but there is one value per "
            f"{per}, shape {shape}.{extra}")
    return array, None


# --- exercise 1: the subgradient of the MAE -------------------------------------------------

#: (y_true, y_pred) cases: every one has an exact prediction (error 0) and errors of
#: very different sizes, so that a gradient whose size follows the error stands out.
SUBGRADIENT_CASES = (
    ((68.0, 58.0, 59.0, 161.0), (70.0, 58.0, 52.0, 75.0)),
    ((1.0, 2.0, 3.0), (1.0, 2.5, -4.0)),
    ((0.0, 0.0, 0.0, 0.0, 0.0), (-0.1, 3.0, 0.0, 250.0, -7.0)),
)


def _subgradient_mistakes(y_true, y_pred):
    """(name, values) of the typical wrong answers, most specific first."""
    n = y_true.size
    error = y_pred - y_true
    sign = np.sign(error)
    return [
        ("sign", -sign / n),
        ("no_mean", sign),
        ("mse", mse_grad(y_true, y_pred)),
        ("half_mse", error / n),
        ("loss", np.abs(error) / n),
        ("one_at_zero", np.where(error >= 0, 1.0, -1.0) / n),
        ("minus_one_at_zero", np.where(error > 0, 1.0, -1.0) / n),
    ]


_SUBGRADIENT_MESSAGES = {
    "sign": ("every value has the wrong sign. With the error written as ŷ - y, a "
             "prediction that is too high (ŷ > y) should get +1/n: raising it further "
             "would raise the loss."),
    "no_mean": ("the values are ±1: the MAE is a *mean*, so each prediction's share of the "
                "gradient is divided by n."),
    "mse": ("those are 2(ŷ - y)/n, the gradient of the MSE, whose size grows with the "
            "error. The slope of |e| is ±1, whatever the size of e."),
    "half_mse": ("those are (ŷ - y)/n: the size follows the error. The slope of |e| has "
                 "size 1 everywhere except at 0, so keep only the sign of the error."),
    "loss": ("those are |ŷ - y|/n, each prediction's share of the loss itself, not its "
             "slope."),
    "one_at_zero": ("right everywhere except at the exact predictions, where you return "
                    "+1/n. That is a valid subgradient (anything in [-1/n, 1/n] is), but "
                    "the exercise asks for 0 there, like lossfns.mae_grad, so that an "
                    "exact prediction is left alone."),
    "minus_one_at_zero": ("right everywhere except at the exact predictions, where you "
                          "return -1/n. A valid subgradient, but the exercise asks for 0 "
                          "there, like lossfns.mae_grad."),
}


def _call(y_true, y_pred) -> str:
    return f"mae_subgradient({numbers_text(y_true)}, {numbers_text(y_pred)})"


def _judge_subgradient(case, value) -> Feedback | None:
    y_true, y_pred = case
    got, problem = _learner_array(value, f"`{_call(y_true, y_pred)}`", y_true.shape,
                                  "prediction")
    if problem is not None:
        return problem
    expected = mae_grad(y_true, y_pred)
    if close(got, expected, rtol=_RTOL):
        return None
    exact = y_pred == y_true
    if np.any(np.isnan(got[exact])) and close(got[~exact], expected[~exact], rtol=_RTOL):
        return Feedback.hint(
            "right everywhere except at the exact predictions, where your function "
            "returns NaN (0/0, from e/|e|?). |e| has no slope at 0; use 0 there, e.g. "
            "with np.sign.")
    not_finite = non_finite_hint(got, f"`{_call(y_true, y_pred)}`")
    if not_finite is not None:
        return not_finite
    known = mistake_message(got, ((values, _SUBGRADIENT_MESSAGES[name]) for name, values
                                  in _subgradient_mistakes(y_true, y_pred)), rtol=_RTOL)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, expected, f"`{_call(y_true, y_pred)}`")
    if rounded is not None:
        return rounded
    wrong = int(np.sum(differs(got, expected, rtol=_RTOL)))
    return Feedback.hint(
        f"`{_call(y_true, y_pred)}` is wrong at {wrong} of {y_true.size} predictions. "
        "Each entry is the slope of |ŷ_i - y_i|/n with respect to ŷ_i: its sign says "
        "which way the prediction is off, its size is the same for every wrong "
        "prediction.")


@checker
def check_mae_subgradient(mae_subgradient) -> Feedback:
    r"""Check ``mae_subgradient(y_true, y_pred)``: :math:`\operatorname{sign}(\hat y - y)/n`.

    The learner's function is called on the three :data:`SUBGRADIENT_CASES` and compared
    with :func:`lossfns.mae_grad` (which returns 0 at an exact prediction).

    Examples
    --------
    >>> import numpy as np
    >>> check_mae_subgradient(lambda y, p: np.sign(p - y) / len(y))
    ✓ Correct: each prediction gets ±1/n, whatever the size of its error (the prediction 86 units off and the one 2 off pull equally hard), and 0 where it is exact.
    >>> check_mae_subgradient(lambda y, p: 2 * (p - y) / len(y))
    ✗ Not yet: those are 2(ŷ - y)/n, the gradient of the MSE, whose size grows with the error. The slope of |e| is ±1, whatever the size of e.
    """
    cases = [(np.array(y_true), np.array(y_pred)) for y_true, y_pred in SUBGRADIENT_CASES]
    failure = run_cases(mae_subgradient, cases, _judge_subgradient, name="`mae_subgradient`",
                        expected=lambda case: mae_grad(*case))
    if failure is not None:
        return failure.feedback
    y_true, y_pred = (np.array(v) for v in SUBGRADIENT_CASES[0])
    off = np.abs(y_pred - y_true)
    return Feedback.correct(
        f"each prediction gets ±1/n, whatever the size of its error (the prediction "
        f"{off.max():g} units off and the one {np.min(off[off > 0]):g} off pull equally hard), "
        "and 0 where it is exact.")


# --- exercise 2: the Huber loss by hand -----------------------------------------------------

#: (errors, delta) cases. Thresholds other than 1 first: at delta = 1 Huber and Smooth L1
#: coincide, so only delta != 1 tells them apart. Errors on both sides of +-delta, and
#: exactly at it.
HUBER_CASES = (
    ((-6.0, -2.0, -0.5, 0.0, 0.3, 2.0, 5.0), 2.0),
    ((-1.0, -0.25, 0.1, 0.5, 0.8, 3.0), 0.5),
    ((-3.0, -1.0, 0.0, 0.5, 1.0, 10.0), 1.0),
)


def _huber_of(errors, delta) -> np.ndarray:
    return huber(np.zeros_like(errors), errors, delta=delta, reduction="none")


def _huber_mistakes(errors, delta):
    size = np.abs(errors)
    small = size <= delta
    return [
        ("smooth_l1", smooth_l1(np.zeros_like(errors), errors, beta=delta, reduction="none")),
        ("no_half", np.where(small, errors**2, delta * (size - 0.5 * delta))),
        ("no_half_anywhere", np.where(small, errors**2, 2 * delta * size - delta**2)),
        ("no_offset", np.where(small, 0.5 * errors**2, delta * size)),
        ("abs_minus_half", np.where(small, 0.5 * errors**2, size - 0.5 * delta)),
        ("half_delta_squared", np.where(small, 0.5 * errors**2, delta * size - delta**2)),
        ("swapped", np.where(small, delta * (size - 0.5 * delta), 0.5 * errors**2)),
        ("squared", 0.5 * errors**2),
        ("absolute", size),
    ]


_HUBER_MESSAGES = {
    "smooth_l1": ("that is Smooth L1 with β = δ, which is Huber divided by δ. Huber's linear "
                  "part has slope δ: δ(|e| - δ/2)."),
    "no_half": ("the quadratic part lacks its 1/2: Huber is e²/2 for small errors, so that "
                "its slope e meets the linear part's slope δ at |e| = δ."),
    "no_half_anywhere": ("that is twice the Huber loss: the quadratic part is e²/2 and the "
                         "linear part δ(|e| - δ/2)."),
    "no_offset": ("the linear part lacks its offset: δ|e| jumps above e²/2 at |e| = δ. "
                  "Subtract δ²/2 so that the two pieces meet: δ(|e| - δ/2)."),
    "abs_minus_half": ("the linear part has slope 1 instead of δ: |e| - δ/2 is Smooth L1's "
                       "linear part. Huber's is δ(|e| - δ/2)."),
    "half_delta_squared": ("the linear part subtracts δ² instead of δ²/2, so the two pieces "
                           "do not meet at |e| = δ."),
    "swapped": ("the two pieces are swapped: the square is for the *small* errors "
                "(|e| <= δ), the straight line for the large ones."),
    "squared": ("that is e²/2 for every error: beyond |e| = δ Huber grows only linearly, "
                "δ(|e| - δ/2)."),
    "absolute": ("that is |e| for every error: Huber is quadratic, e²/2, for |e| <= δ."),
}


def _judge_huber(case, value) -> Feedback | None:
    errors, delta = case
    call = f"`huber_by_hand({quoted(errors.tolist())}, {delta:g})`"
    got, problem = _learner_array(value, call, errors.shape, "error")
    if problem is not None:
        return problem
    expected = _huber_of(errors, delta)
    if close(got, expected, rtol=_RTOL):
        return None
    not_finite = non_finite_hint(got, call,
                                 advice="The Huber loss of a finite error is finite.")
    if not_finite is not None:
        return not_finite
    known = mistake_message(got, ((values, _HUBER_MESSAGES[name]) for name, values
                                  in _huber_mistakes(errors, delta)), rtol=_RTOL)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    wrong = differs(got, expected, rtol=_RTOL)
    small = np.abs(errors) <= delta
    part = ("the small errors (|e| <= δ)" if np.all(small[wrong])
            else "the large errors (|e| > δ)" if not np.any(small[wrong])
            else "both small and large errors")
    return Feedback.hint(
        f"{call} is wrong at {int(wrong.sum())} of {errors.size} errors, among "
        f"{part}. Write the two pieces separately and choose between them with np.where.")


@checker
def check_huber_by_hand(huber_by_hand) -> Feedback:
    r"""Check ``huber_by_hand(errors, delta)``: the Huber loss of each error, with NumPy.

    .. math:: h_\delta(e) = \begin{cases} \tfrac12 e^2 & |e| \le \delta \\
              \delta (|e| - \tfrac12 \delta) & |e| > \delta \end{cases}

    Compared with :func:`lossfns.huber` (``reduction="none"``) on :data:`HUBER_CASES`.

    Examples
    --------
    >>> import numpy as np
    >>> def solution(errors, delta):
    ...     size = np.abs(errors)
    ...     return np.where(size <= delta, 0.5 * errors**2, delta * (size - delta / 2))
    >>> check_huber_by_hand(solution)
    ✓ Correct: with δ = 2 the error 5 costs 8, where half its square would be 12.5: beyond δ every extra unit costs δ, like a scaled MAE.
    """
    cases = [(np.array(errors), delta) for errors, delta in HUBER_CASES]
    failure = run_cases(huber_by_hand, cases, _judge_huber, name="`huber_by_hand`",
                        expected=lambda case: _huber_of(*case))
    if failure is not None:
        return failure.feedback
    errors, delta = HUBER_CASES[0]
    big = max(errors)
    return Feedback.correct(
        f"with δ = {delta:g} the error {big:g} costs {_huber_of(np.array([big]), delta)[0]:g}, "
        f"where half its square would be {0.5 * big**2:g}: beyond δ every extra unit costs "
        "δ, like a scaled MAE.")


# --- exercise 3: how many units to stock ----------------------------------------------------

#: What one unit of unmet demand costs the shop (a lost sale and an annoyed customer) ...
RUN_OUT_COST = 4.0
#: ... and what one unit left over at closing costs (it is sold off cheaply).
LEFTOVER_COST = 1.0


def stock_cost(demand, stock) -> float:
    r"""The shop's average daily cost when it stocks ``stock`` units every morning.

    .. math:: C(s) = \frac1n \sum_i \bigl(c_{\text{out}} \max(d_i - s, 0)
              + c_{\text{left}} \max(s - d_i, 0)\bigr)
              = (c_{\text{out}} + c_{\text{left}})\; \overline{\rho_q}(d, s),
              \quad q = \frac{c_{\text{out}}}{c_{\text{out}} + c_{\text{left}}},

    computed with :func:`lossfns.quantile_loss` (the mean pinball loss
    :math:`\overline{\rho_q}`), with :data:`RUN_OUT_COST` and :data:`LEFTOVER_COST`.

    Examples
    --------
    >>> stock_cost([10.0, 20.0], 15.0)     # (4 * 5 + 1 * 5) / 2
    12.5
    """
    demand = np.asarray(demand, dtype=float)
    q = RUN_OUT_COST / (RUN_OUT_COST + LEFTOVER_COST)
    return float((RUN_OUT_COST + LEFTOVER_COST)
                 * quantile_loss(demand, np.full_like(demand, float(stock)), q=q))


@checker
def check_stock_level(q, stock) -> Feedback:
    r"""Check the quantile level ``q`` and the daily ``stock`` of the shop exercise.

    Running out costs :data:`RUN_OUT_COST` per unit, a leftover unit
    :data:`LEFTOVER_COST`; the demand is the 30 days of
    :func:`lossfns.course.datasets.daily_sales`. The right level is
    :math:`q = c_{\text{out}} / (c_{\text{out}} + c_{\text{left}})`; any stock that
    minimises :func:`stock_cost` (a :math:`q`-quantile of the demand) is accepted.

    Examples
    --------
    >>> import numpy as np
    >>> from lossfns.course.datasets import daily_sales
    >>> check_stock_level(0.8, np.quantile(daily_sales().sales, 0.8))
    ✓ Correct: stock the 0.8 quantile, 72.4 units. The shop then runs out on 6 of the 30 days and pays 43.7 per day on average, against 50.9 when stocking the median, the MAE's answer.
    >>> check_stock_level(0.2, 58.0)
    ✗ Not yet: `q` is 0.2, the share of the costs that a leftover unit carries. The pinball loss with level q charges q per unit for predicting too low (running out here): which cost is that?
    """
    demand = daily_sales().sales
    expected_q = RUN_OUT_COST / (RUN_OUT_COST + LEFTOVER_COST)
    q_value, problem = one_number(q, "`q`")
    if problem is not None:
        return problem
    if not close(q_value, expected_q, atol=0.0):
        ratio = RUN_OUT_COST / LEFTOVER_COST
        q_hints = [
            (1 - expected_q, f"`q` is {q_value:g}, the share of the costs that a leftover "
                             "unit carries. The pinball loss with level q charges q per unit "
                             "for predicting too low (running out here): which cost is that?"),
            (ratio, f"`q` is {q_value:g}, the ratio of the two costs; a quantile level lies "
                    "between 0 and 1. Divide the cost of running out by the sum of both costs."),
            (1 / ratio, f"`q` is {q_value:g}, a ratio of the two costs; a quantile level is a "
                        "share: one cost divided by the sum of both."),
            (100 * expected_q, f"`q` is {q_value:g}: write the level as a fraction between 0 "
                               "and 1, not as a percentage."),
            (0.5, "`q` is 0.5, the median, the right level when both mistakes cost the same. "
                  "Here running out costs more, so stock more."),
        ]
        known = mistake_message(q_value, q_hints, atol=0.0)
        if known is not None:
            return Feedback.hint(known)
        if not 0 < q_value < 1:
            return Feedback.hint(f"`q` is {q_value:g}; a quantile level lies strictly "
                                 "between 0 and 1.")
        direction = "small" if q_value < expected_q else "large"
        return Feedback.hint(f"`q` is {q_value:g}, which is too {direction}. Running out "
                             f"costs {ratio:g} times as much as a leftover unit.")
    stock_value, problem = one_number(stock, "`stock`")
    if problem is not None:
        return problem
    candidates = np.unique(demand)  # the pinball loss is lowest at one of the data points
    costs = np.array([stock_cost(demand, s) for s in candidates])
    lowest = float(costs.min())
    got = stock_cost(demand, stock_value)
    if got <= lowest * (1 + 1e-9) + 1e-12:
        ran_out = int(np.sum(demand > stock_value))
        return Feedback.correct(
            f"stock the {expected_q:g} quantile, {stock_value:.4g} units. The shop then runs "
            f"out on {ran_out} of the {demand.size} days and pays {got:.3g} per day on "
            f"average, against {stock_cost(demand, np.median(demand)):.3g} when stocking "
            "the median, the MAE's answer.")
    stock_hints = [
        (demand.mean(), "that is the mean demand, what the MSE would predict. The cost "
                        "here is asymmetric: the pinball loss with your q is the one to "
                        "minimise."),
        (np.median(demand), "that is the median demand, the MAE's answer, right when both "
                            "mistakes cost the same. Here running out costs more."),
        (np.quantile(demand, 1 - expected_q), "that is the quantile at 1 - q: it keeps the "
                                              "shop short on most days. Use q itself."),
        (demand.max(), "that is the largest demand: the shop never runs out, but pays for "
                       "leftovers almost every day."),
    ]
    known = mistake_message(stock_value, stock_hints, rtol=1e-9, atol=0.0)
    if known is not None:
        return Feedback.hint(f"`stock` is {stock_value:.4g}: {known}")
    best = candidates[np.argmin(costs)]
    direction = "few" if stock_value < best else "many"
    return Feedback.hint(
        f"with `stock` = {stock_value:.4g} the shop pays {got:.4g} per day on average, more "
        f"than it has to: too {direction} units. Minimise the pinball loss with q = "
        f"{expected_q:g} over the demand (or use np.quantile).")
