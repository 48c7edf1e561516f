r"""Checkers for chapter 3, *Backpropagation*.

Three exercises, one per idea of the chapter:

* :func:`check_line_gradient` - the chain rule on one line: the gradient of the
  MSE of :math:`\hat y = w x + b` with respect to ``w`` and ``b``;
* :func:`check_largest_stable_rate` - the largest learning rate with which
  gradient descent on a line fit does not diverge, :math:`2 / \lambda_{\max}`;
* :func:`check_fixed_backward` - repair :class:`BrokenNet`, a two-layer network
  whose backward pass has two bugs; :func:`lossfns.training.check_backward`
  judges the repair, and the hint names the parameters whose gradient is still wrong.
  A repair is the learner's own backward pass: one that hands the work to
  ``TwoLayerNet.backward`` (the answer the checker compares with) or to finite
  differences of the forward pass computes the right numbers without correcting anything,
  and is not accepted.

The expected answers come from :mod:`lossfns` (``mse_grad`` and the backward pass of
:class:`~lossfns.training.TwoLayerNet`) or from the Hessian of the MSE, never from a
number typed here.
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections import Counter

import numpy as np

from ..datasets import revision_log
from ...regression import mse_grad
from ...training import TwoLayerNet, check_backward
from ._feedback import (
    Feedback,
    checker,
    close,
    differs,
    is_placeholder,
    mistake_message,
    non_finite_hint,
    numbers_text,
    pair_of_numbers,
    quoted,
    rounded_hint,
    run_cases,
)

__all__ = [
    "LINE_CASES",
    "RATE_HOURS",
    "RATE_SCORES",
    "BrokenNet",
    "check_fixed_backward",
    "check_largest_stable_rate",
    "check_line_gradient",
    "largest_stable_rate",
    "line_gradient",
]

# --- exercise 1: the gradient of the MSE of a line -----------------------------------------

#: (w, b, x, y) cases: the students' first guess of the chapter (a line that falls with
#: revision), then small data sets where every typical mistake gives a different pair.
LINE_CASES = (
    (-1.0, 3.0, (-0.8, -0.3, 0.1, 0.6, 0.9), (4.6, 5.3, 6.4, 6.9, 7.6)),
    (0.5, -1.0, (1.0, 2.0, 4.0), (2.0, 1.0, 3.5)),
    (2.0, 0.5, (-2.0, -1.0, 0.5, 1.5, 3.0, 3.5), (-3.0, -2.5, 2.0, 3.0, 5.5, 8.0)),
    (-0.3, 1.2, (0.2, 0.7, 1.3, 2.2), (0.1, -0.4, 0.9, -1.6)),
)


def line_gradient(w, b, x, y) -> tuple[float, float]:
    r"""The reference answer of exercise 1, from :func:`lossfns.mse_grad` and the chain rule.

    .. math:: \frac{\partial L}{\partial w} = \sum_i \frac{\partial L}{\partial \hat y_i}\, x_i,
              \qquad
              \frac{\partial L}{\partial b} = \sum_i \frac{\partial L}{\partial \hat y_i},
              \qquad \hat y_i = w x_i + b

    Examples
    --------
    >>> line_gradient(1.0, 0.0, [1.0, 2.0], [2.0, 4.0])     # errors -1 and -2
    (-5.0, -3.0)
    """
    x = np.asarray(x, dtype=float)
    g = mse_grad(np.asarray(y, dtype=float), w * x + b)  # dL/d y_hat_i = 2 (y_hat_i - y_i) / n
    return float(x @ g), float(g.sum())


# The gradients of exercise 1 and their typical mistakes are all far from 0: the shared
# relative tolerance, no absolute part.
_LINE_ATOL = 0.0


def _line_variants(w, b, x, y):
    """(name, (dL/dw, dL/db)) of the typical mistakes, most specific first."""
    n = len(x)
    error = w * x + b - y
    right_w, right_b = line_gradient(w, b, x, y)
    return [
        ("swapped", (right_b, right_w)),
        ("half", (right_w / 2, right_b / 2)),
        ("times_n", (right_w * n, right_b * n)),
        ("sum_of_errors", (right_w * n / 2, right_b * n / 2)),
        ("sign", (-right_w, -right_b)),
        ("means", (2 * float(np.mean(error)) * float(np.mean(x)), right_b)),
        ("no_x", (right_b, right_b)),
        ("x_in_b", (right_w, right_w)),
        ("x_squared", (2 * float(np.mean(error * x**2)), right_b)),
    ]


_LINE_MESSAGES = {
    "swapped": (
        "the two numbers are the right ones in the wrong order: return (dL/dw, dL/db), the "
        "slope's gradient first."
    ),
    "half": (
        "both numbers are half the right size: the factor 2 is missing. The derivative of "
        "(ŷ - y)² with respect to ŷ is 2(ŷ - y)."
    ),
    "times_n": (
        "both numbers are n times too large: the MSE is a *mean*, so its gradient carries "
        "the 1/n as well (divide the sum by n = len(x))."
    ),
    "sum_of_errors": (
        "both numbers lack the 2 and the 1/n: the derivative of the mean of (ŷ - y)² is "
        "2(ŷ - y)/n per point, summed over the points."
    ),
    "sign": (
        "the sign is flipped: with the error written as ŷ - y (prediction minus truth), "
        "dL/dŷ = 2(ŷ - y)/n. If you wrote (y - ŷ)², its derivative with respect to ŷ carries "
        "an extra minus sign from the chain rule."
    ),
    "means": (
        "dL/dw multiplies the mean error by the mean of x. The chain rule pairs each "
        "point's error with its own x_i: take the mean of the products 2(ŷ_i - y_i)·x_i, "
        "not the product of the means."
    ),
    "no_x": (
        "dL/dw equals dL/db: the factor x_i is missing. By the chain rule "
        "dL/dw = Σ dL/dŷ_i · dŷ_i/dw, and dŷ_i/dw = x_i (while dŷ_i/db = 1)."
    ),
    "x_in_b": (
        "dL/db equals dL/dw: the intercept's gradient has no x_i in it, since "
        "dŷ_i/db = 1. Only dL/dw is weighted by x_i."
    ),
    "x_squared": (
        "dL/dw weights each error by x_i², once too often: dŷ_i/dw = x_i, so each "
        "term is 2(ŷ_i - y_i)·x_i / n."
    ),
}


def _judge_line_gradient(case, value) -> Feedback | None:
    w, b, x, y = case
    call = f"line_mse_grad({w:g}, {b:g}, {numbers_text(x)}, {numbers_text(y)})"
    got = pair_of_numbers(value)
    if got is None:
        return Feedback.hint(
            f"{call} returned {quoted(value)}; return a pair of numbers, "
            "`return dL_dw, dL_db`."
        )
    right = line_gradient(w, b, x, y)
    if close(got, right, atol=_LINE_ATOL):
        return None
    not_finite = non_finite_hint(got, call)
    if not_finite is not None:
        return not_finite
    known = mistake_message(
        got, ((variant, _LINE_MESSAGES[name]) for name, variant in _line_variants(w, b, x, y)),
        atol=_LINE_ATOL)
    if known is not None:
        return Feedback.hint(known)
    rounded = rounded_hint(got, right, call)
    if rounded is not None:
        return rounded
    which = [label for label, off in zip(("dL/dw", "dL/db"),
                                         differs(got, right, atol=_LINE_ATOL)) if off]
    return Feedback.hint(
        f"{call} returned ({got[0]:.8g}, {got[1]:.8g}), but the gradient is "
        f"({right[0]:.8g}, {right[1]:.8g}); {' and '.join(which)} "
        f"{'is' if len(which) == 1 else 'are'} off. Write the error e_i = ŷ_i - y_i "
        "first, then dL/dw = mean of 2·e_i·x_i and dL/db = mean of 2·e_i."
    )


@checker
def check_line_gradient(line_mse_grad) -> Feedback:
    r"""Check ``line_mse_grad(w, b, x, y)``: ``(dL/dw, dL/db)`` for the MSE of ``w x + b``.

    .. math:: L(w, b) = \frac1n \sum_i (w x_i + b - y_i)^2

    Examples
    --------
    >>> import numpy as np
    >>> def solution(w, b, x, y):
    ...     error = w * x + b - y
    ...     return 2 * np.mean(error * x), 2 * np.mean(error)
    >>> check_line_gradient(solution)
    ✓ Correct: your gradient agrees with lossfns on all 4 data sets. On the first, at w = -1 and b = 3, it is (-2.7, -6.52): both parameters should grow, b more than w.
    >>> check_line_gradient(lambda w, b, x, y: (np.mean(w * x + b - y) * 2,) * 2)
    ✗ Not yet: dL/dw equals dL/db: the factor x_i is missing. By the chain rule dL/dw = Σ dL/dŷ_i · dŷ_i/dw, and dŷ_i/dw = x_i (while dŷ_i/db = 1).
    """
    cases = [(w, b, np.array(x), np.array(y)) for w, b, x, y in LINE_CASES]
    failure = run_cases(line_mse_grad, cases, _judge_line_gradient, name="`line_mse_grad`",
                        expected=lambda case: line_gradient(*case))
    if failure is not None:
        return failure.feedback
    w, b, x, y = LINE_CASES[0]
    grad_w, grad_b = line_gradient(w, b, np.array(x), np.array(y))
    return Feedback.correct(
        f"your gradient agrees with lossfns on all {len(LINE_CASES)} data sets. On the "
        f"first, at w = {w:g} and b = {b:g}, it is ({grad_w:.3g}, {grad_b:.3g}): both "
        "parameters should grow, b more than w."
    )


# --- exercise 2: the largest stable learning rate ------------------------------------------


#: Hours of revision (not shifted: the slope and the intercept are coupled) ...
RATE_HOURS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)
#: ... and the test scores (out of 10) of eight other students.
RATE_SCORES = (3.9, 4.8, 5.1, 6.2, 6.0, 7.4, 7.3, 8.5)


def _line_hessian(x) -> np.ndarray:
    r"""Hessian of the MSE of :math:`w x + b` in :math:`(w, b)`: :math:`\frac2n A^\top A`,
    :math:`A = [x, 1]`."""
    x = np.asarray(x, dtype=float)
    design = np.column_stack([x, np.ones_like(x)])
    return 2.0 * design.T @ design / len(x)


def largest_stable_rate(x) -> float:
    r"""The largest learning rate for which gradient descent on the MSE of ``w x + b`` is stable.

    .. math:: \eta_{\max} = \frac{2}{\lambda_{\max}(H)}, \qquad
              H = \frac{2}{n} \begin{pmatrix} \sum x_i^2 & \sum x_i \\ \sum x_i & n \end{pmatrix}

    (the targets do not matter: the MSE of a line is a quadratic whose curvature
    depends on ``x`` only).

    Examples
    --------
    >>> round(largest_stable_rate([-1.0, 1.0]), 6)                # H = 2 I
    1.0
    """
    return float(2.0 / np.linalg.eigvalsh(_line_hessian(x))[-1])


def _rate_variants(x):
    """(value, message) of typical wrong answers for the data ``x``, most specific first."""
    x = np.asarray(x, dtype=float)
    hessian = _line_hessian(x)
    low, high = np.linalg.eigvalsh(hessian)
    n = len(x)
    return [
        (largest_stable_rate(revision_log()[0] - 2.0),
         ("that is the chapter's η_max, for the sixteen students of the chapter with their "
          "hours shifted by 2. This exercise has other data: eight students, `RATE_HOURS`, "
          "not shifted. Compute the Hessian of their loss.")),
        (largest_stable_rate(x - x.mean()),
         ("that would be the limit with centred hours, but here the hours are not shifted: "
          "fit w · hours + b to `RATE_HOURS` as they are. Without centring, w and b are "
          "coupled and the largest eigenvalue is larger.")),
        (1.0 / high,
         ("that is 1/λ_max, the step that lands on the bottom of the steepest direction in "
          "one go. Longer steps overshoot but still come back, as long as |1 - ηλ_max| < 1: "
          "the limit is twice as large.")),
        (2.0 / low,
         ("that is 2/λ_min, set by the *flattest* direction. Every direction must stay "
          "stable, and the steepest one (the largest eigenvalue) fails first.")),
        (2.0 / float(np.max(np.diag(hessian))),
         ("that is 2 divided by the largest *diagonal* entry of the Hessian, as if w and b "
          "could be tuned separately. In these data they are coupled (x is not centred): "
          "use the largest eigenvalue, `np.linalg.eigvalsh(H)[-1]`.")),
        (4.0 / high,
         ("that is twice the answer: the Hessian of the MSE is (2/n)·AᵀA, with a factor 2 "
          "from the square. Did your Hessian leave it out?")),
        (2.0 / (n * high),
         ("that is n times too small: it is the limit for the *summed* squared error. The "
          "MSE is a mean, so its Hessian carries 1/n.")),
        (float(high),
         "that is λ_max, the curvature itself. The learning rate limit is 2 divided by it."),
    ]


@checker
def check_largest_stable_rate(answer) -> Feedback:
    r"""Check the largest stable learning rate for the line fit to ``RATE_HOURS``/``RATE_SCORES``.

    Accepts :math:`2/\lambda_{\max}` of the MSE's Hessian within 1 %.

    Examples
    --------
    >>> check_largest_stable_rate(largest_stable_rate(RATE_HOURS))
    ✓ Correct: η_max = 2/λ_max = 0.139 (λ_max = 14.4). Above it the steepest direction is multiplied by |1 - ηλ_max| > 1 at every step, and the loss explodes.
    >>> check_largest_stable_rate(0.5)
    ✗ Not yet: with η = 0.5 gradient descent diverges on these data: the loss grows at every step. Look for a smaller rate.
    """
    if is_placeholder(answer):
        return Feedback.not_attempted("`largest_rate`")
    not_numbers = (bool, np.bool_, str, bytes, np.str_, np.bytes_)
    if isinstance(answer, not_numbers):
        return Feedback.hint(f"`largest_rate` should be a number, but it is {quoted(answer)}.")
    if not isinstance(answer, (int, float, np.integer, np.floating)):
        value = np.asarray(answer, dtype=object)
        if value.size != 1:
            return Feedback.hint(
                f"`largest_rate` should be one number, but it is {quoted(answer)}."
            )
        element = value.ravel()[0]
        if isinstance(element, not_numbers):
            return Feedback.hint(
                f"`largest_rate` should be a number, but it is {quoted(answer)}: compute it, "
                "do not type it in quotes."
                if isinstance(element, (str, bytes))
                else f"`largest_rate` should be a number, but it is {quoted(answer)}."
            )
        try:
            answer = float(element)
        except (TypeError, ValueError):
            return Feedback.hint(f"`largest_rate` should be a number, but it is {quoted(answer)}.")
    answer = float(answer)
    expected = largest_stable_rate(RATE_HOURS)
    high = float(np.linalg.eigvalsh(_line_hessian(RATE_HOURS))[-1])
    not_finite = non_finite_hint(answer, "`largest_rate`")
    if not_finite is not None:
        return not_finite
    if answer <= 0:
        return Feedback.hint(
            f"`largest_rate` is {answer:g}; a learning rate is a positive, finite number."
        )
    if math.isclose(answer, expected, rel_tol=0.01):
        return Feedback.correct(
            f"η_max = 2/λ_max = {expected:.3g} (λ_max = {high:.3g}). Above it the steepest "
            "direction is multiplied by |1 - ηλ_max| > 1 at every step, and the loss explodes."
        )
    low = float(np.linalg.eigvalsh(_line_hessian(RATE_HOURS))[0])
    if math.isclose(answer, 2.0 / (low + high), rel_tol=0.005):
        # Printed by the chapter and only a few per cent below the limit: its own message.
        return Feedback.hint(
            "that is 2/(λ_min + λ_max), the fastest rate, not the largest stable one. Larger "
            "rates still converge, only more slowly: which rate is the last one that does "
            "not diverge?"
        )
    for value, message in _rate_variants(RATE_HOURS):
        # A variant too close to the answer (the fastest rate of a narrow valley lies just
        # below the limit) would only confuse; the "close" hint below covers it.
        if math.isclose(answer, value, rel_tol=0.01) and not math.isclose(value, expected,
                                                                           rel_tol=0.05):
            return Feedback.hint(message)
    if math.isclose(answer, expected, rel_tol=0.1):
        side = "a little too large" if answer > expected else "a little too small"
        return Feedback.hint(
            f"close, but {side} (more than 1 % off). Compute the Hessian's largest "
            "eigenvalue exactly rather than by trying rates."
        )
    if answer > expected:
        return Feedback.hint(
            f"with η = {answer:g} gradient descent diverges on these data: the loss grows "
            "at every step. Look for a smaller rate."
        )
    return Feedback.hint(
        f"with η = {answer:g} gradient descent is stable, but so are larger rates. The "
        "question asks for the largest: 2 divided by the Hessian's largest eigenvalue."
    )


# --- exercise 3: repair a backward pass ----------------------------------------------------


class BrokenNet(TwoLayerNet):
    r"""A :class:`~lossfns.training.TwoLayerNet` (tanh, several outputs) with a buggy backward pass.

    The forward pass is the parent's: :math:`a = X W_1 + b_1`, :math:`h = \tanh(a)`,
    :math:`\hat y = h W_2 + b_2`. The backward pass below has two mistakes; exercise 3 of
    chapter 3 asks you to find and fix them.

    Examples
    --------
    >>> net = BrokenNet(n_features=3, n_hidden=4, n_outputs=2)
    >>> X = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
    >>> y = np.zeros((4, 2))
    >>> check_backward(net, net.init_params(seed=0), X, y) > 0.01
    True
    """

    def backward(self, params, cache, grad_output):
        X, a, h = cache["X"], cache["a"], cache["h"]  # noqa: F841 (part of the exercise)
        g = grad_output  # dL/d(output), shape (n, k)
        grad_W2 = a.T @ g
        grad_b2 = g.sum(axis=0)
        grad_h = g @ params["W2"].T
        grad_a = grad_h
        grad_W1 = X.T @ grad_a
        grad_b1 = grad_a.sum(axis=0)
        return {"W1": grad_W1, "b1": grad_b1, "W2": grad_W2, "b2": grad_b2}


_NET_SIZES = {"n_features": 3, "n_hidden": 4, "n_outputs": 2}
_PARAM_ORDER = ("W1", "b1", "W2", "b2")
_BACKWARD_ORDER = ("W2", "b2", "W1", "b1")  # the order the backward pass computes them


def _net_problems():
    """Three seeded problems (params, X, y) for a TwoLayerNet of _NET_SIZES, non-zero biases."""
    net = TwoLayerNet(**_NET_SIZES)
    problems = []
    for seed, n in ((0, 6), (1, 5), (2, 8)):
        rng = np.random.default_rng(100 + seed)
        params = net.init_params(seed=seed)
        params["b1"] = 0.5 * rng.standard_normal(params["b1"].shape)
        params["b2"] = 0.5 * rng.standard_normal(params["b2"].shape)
        X = rng.standard_normal((n, _NET_SIZES["n_features"]))
        y = rng.standard_normal((n, _NET_SIZES["n_outputs"]))
        problems.append((params, X, y))
    return problems


def _net_variants(params, cache, g):
    """{parameter: [(wrong gradient, message), ...]} for the typical backward-pass mistakes."""
    X, a, h = cache["X"], cache["a"], cache["h"]
    n = X.shape[0]
    grad_h = g @ params["W2"].T
    derivative_messages = [
        (grad_h,
         ("the activation's derivative is missing. Between a and h sits h = tanh(a), so "
          "dL/da = dL/dh ⊙ tanh'(a), with tanh'(a) = 1 - h².")),
        (grad_h * (1.0 - a**2),
         ("the activation's derivative is taken as 1 - a². The derivative of tanh is "
          "1 - tanh(a)² = 1 - h²: square h, not a.")),
        (grad_h * (1.0 - h) ** 2,
         ("the activation's derivative is taken as (1 - h)². The derivative of tanh is "
          "1 - h²: square h first, then subtract it from 1.")),
        (grad_h * (1.0 - np.tanh(h) ** 2),
         ("tanh is applied twice: h is already tanh(a), so tanh'(a) = 1 - h², not "
          "1 - tanh(h)².")),
        (grad_h * h * (1.0 - h),
         ("h(1 - h) is the derivative of the *sigmoid*. This network uses tanh, whose "
          "derivative is 1 - h².")),
        (grad_h * (1.0 - h**2) / n,
         ("the first layer's gradients are n times too small: the 1/n of the mean is already "
          "inside g = dL/dŷ, so do not divide again.")),
        (-grad_h * (1.0 - h**2),
         ("the first layer's gradients have the wrong sign: dL/da = dL/dh ⊙ (1 - h²), "
          "with a plus.")),
    ]
    grad_a = grad_h * (1.0 - h**2)
    variants = {
        "W2": [
            (a.T @ g,
             ("dL/dW2 uses a, the value *before* the activation. The output is h W2 + b2, so "
              "W2 is multiplied by h: dL/dW2 = hᵀ g.")),
            (h.T @ g / n,
             "dL/dW2 is n times too small: g = dL/dŷ already holds the 1/n of the mean."),
            (-(h.T @ g), "dL/dW2 has the wrong sign: it is hᵀ g."),
            (2 * (h.T @ g),
             ("dL/dW2 is twice too large: the 2 from the square is already inside "
              "g = dL/dŷ, so dL/dW2 = hᵀ g.")),
        ],
        "b2": [
            (g.mean(axis=0),
             ("dL/db2 averages g over the samples; sum it instead (`g.sum(axis=0)`): the 1/n "
              "of the mean is already inside g.")),
            (-g.sum(axis=0), "dL/db2 has the wrong sign: it is the sum of g over the samples."),
        ],
        "W1": [(X.T @ wrong, message) for wrong, message in derivative_messages],
        # b1 alone wrong: its own reduction first (averaging equals the "divide by n again"
        # variant of grad_a, which also spoils W1 and is then reported for W1).
        "b1": [(grad_a.mean(axis=0),
                ("dL/db1 averages over the samples; sum it instead (`grad_a.sum(axis=0)`): "
                 "the 1/n of the mean is already inside g."))]
        + [(wrong.sum(axis=0), message) for wrong, message in derivative_messages],
    }
    return variants


def _close_arrays(got, expected) -> bool:
    """Equal shapes and a largest disagreement within 1e-6 of the largest entry of either.

    The measure of ``check_backward``: relative to the whole gradient, not entry by entry,
    so a right backward pass computed in float32 (rounding near 1e-7) is accepted.
    """
    if got.shape != expected.shape:
        return False
    if got.size == 0:
        return True
    scale = max(float(np.max(np.abs(expected))), float(np.max(np.abs(got))), 1e-8)
    return bool(np.max(np.abs(got - expected)) <= 1e-6 * scale)


def _names(keys) -> str:
    keys = list(keys)
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " and " + keys[-1]


def _learner_net(net_class):
    """(net, None) or (None, Feedback) for what the learner passed."""
    if is_placeholder(net_class):
        return None, Feedback.not_attempted("the exercise cell")
    if isinstance(net_class, TwoLayerNet):
        net_class = type(net_class)
    if not isinstance(net_class, type):
        return None, Feedback.hint(
            f"pass your class itself, `check_fixed_backward(FixedNet)`; received a "
            f"{type(net_class).__name__}."
        )
    if getattr(net_class, "backward", None) is TwoLayerNet.backward:
        # TwoLayerNet itself, a subclass that does not define backward, or
        # `backward = TwoLayerNet.backward`: the reference, not a repair
        return None, Feedback.hint(
            f"`{net_class.__name__}` has the backward pass of TwoLayerNet itself, the "
            "answer the checker compares with, so there is nothing to trace. Write "
            "`class FixedNet(BrokenNet):` with a `backward` method of your own: BrokenNet's "
            "lines, corrected."
        )
    try:
        net = net_class(**_NET_SIZES)
    except Exception as exc:  # noqa: BLE001 - learner code may raise anything
        return None, Feedback.from_exception(exc, f"`{net_class.__name__}(...)`")
    if not callable(getattr(net, "backward", None)) or not callable(getattr(net, "forward", None)):
        return None, Feedback.hint(
            f"`{net_class.__name__}` needs the forward and backward methods of a "
            "TwoLayerNet: define it as `class FixedNet(BrokenNet):`."
        )
    return net, None


def _backward_cases(reference: TwoLayerNet) -> list:
    """``(params, cache, g, X, y, expected, variants)`` of each problem: the learner's
    backward pass gets the first three, the reference forward pass's cache and
    ``g = dL/dŷ`` of the MSE; ``expected`` holds the reference gradients and
    ``variants`` the typical mistakes (see :func:`_net_variants`)."""
    cases = []
    for params, X, y in _net_problems():
        output, cache = reference.forward(params, X)
        g = mse_grad(y, output)
        cases.append((params, cache, g, X, y, reference.backward(params, cache, g),
                      _net_variants(params, cache, g)))
    return cases


@contextlib.contextmanager
def _calls_to(functions):
    """Count, while the ``with`` block runs, the calls of each function in ``functions``.

    Yields a :class:`collections.Counter` keyed by the functions' code objects, so a copy
    of a function (the same code under another name) is counted too. It uses the
    thread's profile hook (:func:`sys.setprofile`), and puts back the one it found.
    A backward pass that returns the right numbers may still not be a repair: it may call
    the reference or run the forward pass again and again (finite differences), and only
    its calls tell them apart.
    """
    codes = {function.__code__ for function in functions if hasattr(function, "__code__")}
    seen = Counter()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            seen[frame.f_code] += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(previous)


def _forward_functions(net) -> set:
    """The forward passes the learner's backward could run: the net's own and TwoLayerNet's."""
    return {getattr(type(net).forward, "__func__", type(net).forward), TwoLayerNet.forward}


def _not_a_repair(net, name: str, seen: Counter, backward_calls: int) -> Feedback | None:
    """A hint when the learner's backward pass called the reference or used finite
    differences (at least one forward pass per parameter entry), else None."""
    if seen[TwoLayerNet.backward.__code__]:
        return Feedback.hint(
            f"{name} hands the work to TwoLayerNet.backward, the answer the checker compares "
            "with: the numbers come out right, but the two mistakes are hidden, not traced. "
            "Write the backward pass out line by line in FixedNet (BrokenNet's lines, "
            "corrected), without calling TwoLayerNet's."
        )
    forward_codes = {function.__code__ for function in _forward_functions(net)
                     if hasattr(function, "__code__")}
    forward_calls = sum(seen[code] for code in forward_codes)
    entries = sum(int(np.size(value)) for value in net.init_params(seed=0).values())
    if backward_calls and forward_calls >= entries * backward_calls:
        return Feedback.hint(
            f"{name} ran the forward pass {forward_calls // backward_calls} times per "
            "backward pass: that is finite differences, the way check_backward *tests* a "
            "gradient. A backward pass applies the chain rule to the values the forward "
            "pass left in the cache (X, a, h) and needs no forward pass: correct "
            "BrokenNet's lines instead."
        )
    return None


def _judge_gradients(grads, expected: dict, variants: dict, name: str) -> Feedback | None:
    """None when the learner's ``grads`` match ``expected`` key by key, else a hint that
    names the wrong gradients and, when it recognises one, its mistake."""
    if not isinstance(grads, dict) or set(grads) != set(_PARAM_ORDER):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        return Feedback.hint(
            f"{name} must return a dict with the four gradients, keys "
            f"'W1', 'b1', 'W2' and 'b2'; it returned {got}."
        )
    wrong = []
    for key in _PARAM_ORDER:
        try:
            got = np.asarray(grads[key], dtype=float)
        except (TypeError, ValueError):
            return Feedback.hint(f"the gradient of {key} must be an array of numbers.")
        if got.shape != expected[key].shape:
            transposed = got.shape == expected[key].shape[::-1] and got.ndim == 2
            return Feedback.hint(
                f"the gradient of {key} has shape {got.shape}, but {key} has shape "
                f"{expected[key].shape}; a gradient always has its parameter's shape."
                + (" It looks transposed: swap the order of the product (and the "
                   "transposes)." if transposed else "")
            )
        not_finite = non_finite_hint(got, f"the gradient of {key}")
        if not_finite is not None:
            return not_finite
        if not _close_arrays(got, expected[key]):
            wrong.append((key, got))
    if not wrong:
        return None
    keys = [key for key, _ in wrong]
    right = [key for key in _PARAM_ORDER if key not in keys]
    message = f"still wrong: the gradient{'s' if len(keys) > 1 else ''} of {_names(keys)}"
    message += f" (right: {_names(right)})." if right else "."
    for key, got in sorted(wrong, key=lambda item: _BACKWARD_ORDER.index(item[0])):
        for value, hint in variants[key]:
            if _close_arrays(got, value):
                return Feedback.hint(f"{message} {hint}")
    return Feedback.hint(
        f"{message} Follow the chain rule backwards from g = dL/dŷ, one line per "
        "step, and compare each line with the chapter's backward pass."
    )


@checker
def check_fixed_backward(net_class) -> Feedback:
    r"""Check a repaired :class:`BrokenNet`: every gradient must pass ``check_backward``.

    ``net_class`` is a subclass of :class:`~lossfns.training.TwoLayerNet` (usually of
    :class:`BrokenNet`) with its own ``backward``. It is built with 3 inputs, 4 hidden
    tanh units and 2 outputs and checked on three seeded problems.

    "Fixed" means what the exercise asks: BrokenNet's backward pass, copied and corrected.
    So besides the right gradients, the backward pass must be the learner's own: not
    TwoLayerNet's (passed directly, inherited or assigned), not a call to it (through
    ``super``, the class or another network), and not finite differences of the forward
    pass.

    Examples
    --------
    >>> class FixedNet(BrokenNet):
    ...     def backward(self, params, cache, grad_output):
    ...         X, h, g = cache["X"], cache["h"], grad_output
    ...         grad_a = g @ params["W2"].T * (1 - h**2)
    ...         return {"W1": X.T @ grad_a, "b1": grad_a.sum(axis=0),
    ...                 "W2": h.T @ g, "b2": g.sum(axis=0)}
    >>> check_fixed_backward(FixedNet)
    ✓ Correct: check_backward finds every gradient within 1e-6 of finite differences on 3 networks: W1, b1, W2 and b2 are all right. The mistakes have been traced to their cause.
    >>> check_fixed_backward(TwoLayerNet).status
    'incorrect'
    >>> check_fixed_backward(BrokenNet)
    ✗ Not yet: still wrong: the gradients of W1, b1 and W2 (right: b2). dL/dW2 uses a, the value *before* the activation. The output is h W2 + b2, so W2 is multiplied by h: dL/dW2 = hᵀ g.
    """
    net, problem = _learner_net(net_class)
    if problem is not None:
        return problem
    name = f"`{type(net).__name__}.backward`"
    cases = _backward_cases(TwoLayerNet(**_NET_SIZES))

    def judge(case, grads) -> Feedback | None:
        expected, variants = case[5], case[6]
        return _judge_gradients(grads, expected, variants, name)

    # Only the learner's code runs inside the watch: the expected gradients are computed
    # above, and check_backward (which runs the forward pass many times) below.
    with _calls_to({TwoLayerNet.backward, *_forward_functions(net)}) as seen:
        failure = run_cases(net.backward, cases, judge, name=name,
                            arguments=lambda case: case[:3])
    run = len(cases) if failure is None else next(
        number for number, case in enumerate(cases, start=1) if case is failure.case)
    delegated = _not_a_repair(net, name, seen, run)
    if delegated is not None:
        return delegated
    if failure is not None:
        if isinstance(failure.exception, ValueError) and "matmul" in str(failure.exception):
            return Feedback.hint(
                f"{name} multiplies two matrices whose shapes do not fit "
                f"({str(failure.exception).splitlines()[0]}). Write down each shape: "
                "g is (n, k), W2 is (hidden, k), h and a are (n, hidden), X is "
                "(n, features); a transpose `.T` is probably missing or extra."
            )
        return failure.feedback
    worst = max(check_backward(net, params, X, y) for params, _, _, X, y, _, _ in cases)
    if worst > 1e-6:  # cannot happen when every gradient matched; kept as the official check
        return Feedback.hint(
            f"check_backward reports an error of {worst:.2g}; the gradients disagree with "
            "finite differences."
        )
    return Feedback.correct(
        "check_backward finds every gradient within 1e-6 of finite differences on 3 "
        "networks: W1, b1, W2 and b2 are all right. The mistakes have been traced to their "
        "cause."
    )
