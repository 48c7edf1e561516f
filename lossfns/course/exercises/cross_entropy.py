r"""Checkers for chapter 5, *Cross-entropy*.

Three exercises, one per idea of the chapter:

* :func:`check_log_softmax` - log-probabilities from logits with the log-sum-exp
  trick, :math:`\log \operatorname{softmax}(z)_j = (z_j - m) - \ln \sum_c e^{z_c - m}`
  with :math:`m = \max_c z_c`, finite even for logits of :math:`\pm 1000`;
* :func:`check_cross_entropy_gradient` - the gradient of the *mean* softmax
  cross-entropy of a batch with respect to its logits, :math:`(p - Y) / n`;
* :func:`check_smoothed_binary_cross_entropy` - binary cross-entropy against a
  label smoothed towards 1/2, :math:`t = (1 - \varepsilon)\, y + \varepsilon / 2`.

The expected answers come from :mod:`lossfns` (``log_softmax``, ``cross_entropy_grad``,
``binary_cross_entropy`` with a soft label), never from a number typed here. Each
checker runs several cases, so a hard-coded answer fails, and recognises the typical
mistakes with a hint that names the mistake without giving the answer away.
"""

from __future__ import annotations

import math

import numpy as np

from ...activations import log_softmax, softmax
from ...classification import binary_cross_entropy, cross_entropy_grad
from ._feedback import (
    Feedback,
    checker,
    close,
    differs,
    mistake_message,
    non_finite_hint,
    numbers_text,
    numeric_array,
    quoted,
    rounded_hint,
    run_cases,
    text_hint,
)

__all__ = [
    "GRADIENT_CASES",
    "LOG_SOFTMAX_CASES",
    "SMOOTHING_CASES",
    "check_cross_entropy_gradient",
    "check_log_softmax",
    "check_smoothed_binary_cross_entropy",
]

#: Logit vectors for the log-softmax: ordinary ones first, then logits so large that
#: ``np.exp`` overflows (``exp(1000)`` is ``inf`` in float64), and one where shifting by the
#: mean instead of the maximum still overflows.
LOG_SOFTMAX_CASES = (
    (2.0, 1.0, 0.1),
    (0.5, -1.5, 3.0, 0.0),
    (1000.0, 990.0, 0.0),
    (1000.0, -1000.0),
    (-800.0, -801.0, -805.0),
)

#: (labels, logits) batches for the gradient of the mean cross-entropy. The first row of
#: the first batch is the chapter's cat: logits ln(0.8, 0.15, 0.05).
GRADIENT_CASES = (
    ((0, 2, 1), (tuple(math.log(p) for p in (0.8, 0.15, 0.05)),
                 (0.2, -0.4, 1.1), (1.5, 0.3, -0.7))),
    ((1, 1, 0, 2), ((0.0, 0.0, 0.0), (2.0, -1.0, 0.5), (-0.3, 0.8, 1.9), (0.4, 0.1, -2.2))),
    ((3, 0), ((0.1, 0.2, 0.3, 0.4), (-1.0, 2.0, 0.0, 1.0))),
)

#: (label y, probability p of the positive class, smoothing epsilon). The first case is
#: the article's cat at 30 %; the last has no smoothing at all.
SMOOTHING_CASES = (
    (1, 0.3, 0.1),
    (0, 0.3, 0.1),
    (1, 0.99, 0.2),
    (0, 0.002, 0.05),
    (1, 0.6, 0.0),
)

# Accepted answers: the shared tolerance, except for the log-softmax, whose values for
# logits near 1000 lose digits in float32 (spacing 6e-5 at 1000): absolute part 2e-4.
_LOG_ATOL = 2e-4


def _as_numbers(value, call: str, shape: tuple):
    """``(array, None)`` for an answer of plain numbers of ``shape``, else ``(None, feedback)``."""
    hint = text_hint(value, call)
    if hint is not None:
        return None, hint
    array = numeric_array(value)
    if array is None:
        return None, Feedback.hint(
            f"{call} should return numbers, but it returned a {type(value).__name__} "
            f"({quoted(value)})."
        )
    if isinstance(value, (bool, np.bool_)) or np.asarray(value).dtype.kind == "b":
        return None, Feedback.hint(
            f"{call} returned True/False ({quoted(value)}); the answer is made of numbers."
        )
    if shape == () and array.size == 1:
        array = array.reshape(())     # one number, also when wrapped in a list or array
    if array.shape != shape:
        what = "one number" if shape == () else f"an array of shape {shape}"
        return None, Feedback.hint(
            f"{call} returned shape {array.shape}, but the answer is {what}."
        )
    return array, None


# --- exercise 1: a stable log-softmax -------------------------------------------------------


def _log_softmax_hints(z: np.ndarray):
    m = z.max()
    lse = m + math.log(float(np.sum(np.exp(z - m))))
    right = z - lse
    return [
        (softmax(z), "that is softmax(z), the probabilities. The exercise asks for their "
                     "logarithms, computed without forming the probabilities first."),
        (lse - z, "the sign is flipped: log-probabilities are never positive. Subtract the "
                  "log-sum-exp from z, not z from it."),
        (z - m, "you subtracted the largest logit but left out the log of the sum of "
                "exponentials."),
        (z - (lse - m), "the shift is missing from the log-sum-exp: after computing "
                        "log Σ exp(z - m), add m back."),
        (right / math.log(2.0), "that is the log-softmax in bits (base 2); use the natural "
                                "logarithm `np.log`."),
        (right / math.log(10.0), "that used the base-10 logarithm; use the natural logarithm "
                                 "`np.log`."),
        (z - z.sum(), "that subtracts the sum of the logits; the normaliser is "
                      "log Σ exp(z), the log-sum-exp."),
        (z - np.log(np.sum(z)) if np.sum(z) > 0 else None,
         "that takes the log of the sum of the logits; exponentiate them first: log Σ exp(z)."),
    ]


def _judge_log_softmax(case, value) -> Feedback | None:
    (z,) = case
    call = f"my_log_softmax({numbers_text(z)})"
    got, problem = _as_numbers(value, call, z.shape)
    if problem is not None:
        if numeric_array(value) is not None and np.ndim(value) == 0:
            return Feedback.hint(
                f"{call} returned one number; the answer has one log-probability per "
                "logit: z minus the log-sum-exp of z."
            )
        return problem
    expected = log_softmax(z)
    if close(got, expected, atol=_LOG_ATOL):
        return None
    if np.max(np.abs(z)) < 700.0:   # np.exp cannot overflow or underflow to 0 here
        advice = "These logits are ordinary: nothing overflows, so look for a 0/0 or a log(0)."
    else:
        advice = ("Here np.exp(1000) overflows to inf in float64: subtract the largest logit "
                  "from every logit before exponentiating, and add it back after the "
                  "logarithm.")
    not_finite = non_finite_hint(got, call, advice=advice)
    if not_finite is not None:
        return not_finite
    with np.errstate(all="ignore"):
        known = mistake_message(got, _log_softmax_hints(z))
    if known is not None:
        return Feedback.hint(f"{call}: {known}")
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    if np.any(got > _LOG_ATOL):
        return Feedback.hint(
            f"{call} has a positive entry, but a log-probability is at most 0 "
            "(a probability is at most 1)."
        )
    wrong = int(np.flatnonzero(differs(got, expected, atol=_LOG_ATOL))[0])
    return Feedback.hint(
        f"{call} differs from the log-softmax at index {wrong}. Check that "
        "np.exp(your answer) sums to 1."
    )


@checker
def check_log_softmax(my_log_softmax) -> Feedback:
    r"""Check ``my_log_softmax(z)``: :math:`z - \operatorname{LSE}(z)`, finite for huge logits.

    Examples
    --------
    >>> import numpy as np
    >>> def stable(z):
    ...     m = np.max(z)
    ...     return (z - m) - np.log(np.sum(np.exp(z - m)))
    >>> check_log_softmax(stable)
    ✓ Correct: for the logits [1000, 990, 0] the log-probabilities are [-4.5398899e-05, -10.000045, -1000], all finite, and they exponentiate to probabilities that sum to 1.
    >>> check_log_softmax(lambda z: np.log(np.exp(z) / np.sum(np.exp(z))))
    ✗ Not yet: my_log_softmax([1000, 990, 0]) has 3 of 3 values that are not finite, the first nan at index 0: NaN (not a number) comes from an undefined step, such as 0/0, inf - inf, 0 × inf or the logarithm or square root of a negative number, and every sum or mean it enters is NaN too; an infinity comes from a division by zero (1/0), the logarithm of 0 (-inf) or an overflow past the largest float (np.exp(1000)). Find the step that produces it. Here np.exp(1000) overflows to inf in float64: subtract the largest logit from every logit before exponentiating, and add it back after the logarithm.
    """
    # the naive attempt overflows: judge its result, without numpy's warnings
    with np.errstate(all="ignore"):
        failure = run_cases(my_log_softmax, [(np.array(z),) for z in LOG_SOFTMAX_CASES],
                            _judge_log_softmax, name="`my_log_softmax`",
                            expected=lambda case: log_softmax(case[0]))
    if failure is not None:
        return failure.feedback
    z = np.array(LOG_SOFTMAX_CASES[2])
    shown = ", ".join(f"{v:.8g}" for v in log_softmax(z))
    return Feedback.correct(
        f"for the logits {numbers_text(z)} the log-probabilities are [{shown}], all finite, and "
        "they exponentiate to probabilities that sum to 1."
    )


# --- exercise 2: the gradient p - y of a batch ----------------------------------------------


def _gradient_hints(labels: np.ndarray, logits: np.ndarray):
    n, k = logits.shape
    p = softmax(logits)
    one_hot = np.eye(k)[labels]
    right = (p - one_hot) / n
    with np.errstate(divide="ignore"):
        by_columns = softmax(logits, axis=0)
    return [
        (p - one_hot, "that is the gradient of the *sum* of the losses. The mean divides "
                      "by the number of samples n."),
        (-right, "the sign is flipped. Gradient descent steps against the gradient, so "
                 "the true class's entry must be negative (its logit should go up)."),
        (right / k, "you divided by n times the number of classes; the mean is over the n "
                    "samples only."),
        (p / n, "you left out y: the true class's entry is p - 1, the others p."),
        (-one_hot / n, "that is -y / n: the softmax part p is missing."),
        (-one_hot / np.where(one_hot > 0, p, 1.0) / n,
         "that is -y / p, the gradient with respect to the *probabilities*. The exercise asks "
         "for the gradient with respect to the logits, where the softmax's own derivative "
         "turns it into p - y."),
        (right * one_hot, "only the true class has an entry; the other classes must get "
                          "p_j / n too: pushing the rivals down is half of the gradient."),
        ((by_columns - one_hot) / n, "the softmax ran down the columns (axis=0). Each sample "
                                     "is a row: use softmax along axis=1 (or -1)."),
        ((np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum() - one_hot) / n,
         "the softmax was normalised over the whole batch at once. Each sample's "
         "probabilities must sum to 1 on their own: sum along axis=1."),
        ((p - labels[:, np.newaxis]) / n,
         "you subtracted the class *index* from every entry; y is the one-hot row of the "
         "label, 1 in the true class's column and 0 elsewhere (np.eye(k)[labels])."),
        (right.T if n == k else None, "rows and columns are swapped: row i belongs to "
                                      "sample i, column j to class j, as in `logits`."),
        ((p - one_hot).mean(axis=0) * np.ones((n, 1)),
         "every row holds the average over the batch; each sample keeps its own row."),
    ]


def _judge_gradient(case, value) -> Feedback | None:
    labels, logits = case
    call = f"my_gradient({list(labels.tolist())}, ...)"
    got, problem = _as_numbers(value, call, logits.shape)
    if problem is not None:
        return problem
    expected = cross_entropy_grad(labels, logits)
    if close(got, expected):
        return None
    not_finite = non_finite_hint(got, call, advice="Every entry of p - y lies between -1 "
                                 "and 1, divided by n.")
    if not_finite is not None:
        return not_finite
    known = mistake_message(got, _gradient_hints(labels, logits))
    if known is not None:
        return Feedback.hint(f"{call}: {known}")
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    off = differs(got.sum(axis=1), 0.0, rtol=0.0, atol=1e-6)
    if np.any(off):
        row = int(np.flatnonzero(off)[0])
        return Feedback.hint(
            f"{call}: the entries of a row should add up to 0 (the probabilities sum to "
            f"1, and so does y), but row {row} adds up to {got.sum(axis=1)[row]:.3g}."
        )
    wrong = np.argwhere(differs(got, expected))[0]
    return Feedback.hint(
        f"{call} differs from the gradient at row {wrong[0]}, class {wrong[1]}."
    )


@checker
def check_cross_entropy_gradient(my_gradient) -> Feedback:
    r"""Check ``my_gradient(labels, logits)``: :math:`(\operatorname{softmax}(Z) - Y) / n`.

    Examples
    --------
    >>> import numpy as np
    >>> import lossfns
    >>> def gradient(labels, logits):
    ...     Y = np.eye(logits.shape[1])[labels]
    ...     return (lossfns.softmax(logits) - Y) / len(labels)
    >>> check_cross_entropy_gradient(gradient)
    ✓ Correct: for the 80 % cat, the first photo of the first batch, the row is [-0.0667, 0.05, 0.0167]: its own logit is pushed up by 1 - 0.8 = 0.2 (divided by n = 3), dog and tiger down by their probabilities.
    >>> check_cross_entropy_gradient(lambda labels, logits: gradient(labels, logits) * 3)
    ✗ Not yet: my_gradient([0, 2, 1], ...): that is the gradient of the *sum* of the losses. The mean divides by the number of samples n.
    """
    cases = [(np.array(labels), np.array(logits)) for labels, logits in GRADIENT_CASES]
    failure = run_cases(my_gradient, cases, _judge_gradient, name="`my_gradient`",
                        expected=lambda case: cross_entropy_grad(*case))
    if failure is not None:
        return failure.feedback
    labels, logits = (np.array(part) for part in GRADIENT_CASES[0])
    row = cross_entropy_grad(labels, logits)[0]
    return Feedback.correct(
        f"for the 80 % cat, the first photo of the first batch, the row is "
        f"[{', '.join(f'{v:.3g}' for v in row)}]: its own logit is pushed up by "
        f"1 - 0.8 = 0.2 (divided by n = {len(labels)}), dog and tiger down by their "
        "probabilities."
    )


# --- exercise 3: binary cross-entropy with label smoothing ----------------------------------


def _bce(t: float, p: float) -> float:
    return float(binary_cross_entropy(t, p))


def _smoothing_hints(y: int, p: float, eps: float):
    t = (1 - eps) * y + eps / 2
    return [
        (_bce(y, p), "that is the loss without smoothing. Move the label towards 1/2 first: "
                     "t = (1 - ε) y + ε/2."),
        (_bce(min((1 - eps) * y + eps, 1.0), p),
         "the label moved by the whole ε towards 1. Smoothing spreads ε evenly over the two "
         "classes, so each gets ε/2: t = (1 - ε) y + ε/2."),
        (_bce(abs(y - eps), p),
         "the label moved by the whole ε. Smoothing spreads ε evenly over the two classes, so "
         "each gets ε/2: t = (1 - ε) y + ε/2."),
        (_bce(y, (1 - eps) * p + eps / 2),
         "you smoothed the prediction p. Label smoothing changes the *label* y and leaves the "
         "model's probability alone."),
        (-t * math.log(p), "only the first term, -t ln p, is there. With a soft label both terms "
                           "count: add -(1 - t) ln(1 - p)."),
        (-(1 - t) * math.log(1 - p), "only the second term is there. With a soft label both "
                                     "terms count: add -t ln p."),
        (-_bce(t, p), "the sign is flipped: a loss is never negative."),
        (_bce(t, p) / math.log(2.0), "that is the loss in bits; use the natural logarithm."),
        (_bce(t, p) / math.log(10.0), "that used the base-10 logarithm; use `np.log`."),
        (_bce(1 - t, p), "the label is the wrong way round: with y = 1 the smoothed label is "
                         "close to 1, with y = 0 close to 0."),
        (_bce(t, p) - _bce(t, t) if 0.0 < t < 1.0 else None,
         "that is the loss minus the label's own entropy, the KL divergence KL(t || p). "
         "The exercise asks for the cross-entropy itself, entropy included."),
        (_bce((1 - eps) * y + eps / 3, p),
         "ε was divided by 3, as for the three animals. Here there are two classes, so "
         "each gets ε/2."),
    ]


def _judge_smoothed(case, value) -> Feedback | None:
    y, p, eps = case
    call = f"smoothed_bce({y}, {p:g}, {eps:g})"
    got, problem = _as_numbers(value, call, ())
    if problem is not None:
        return problem
    target = (1 - eps) * y + eps / 2
    expected = _bce(target, p)
    if close(got, expected):
        return None
    not_finite = non_finite_hint(got, call, advice="For 0 < p < 1 both logarithms are "
                                 "finite.")
    if not_finite is not None:
        return not_finite
    # a mistake that gives (nearly) the answer on this case cannot be named here
    mistakes = [(wrong, message) for wrong, message in _smoothing_hints(y, p, eps)
                if wrong is not None and not math.isclose(wrong, expected, rel_tol=1e-4)]
    known = mistake_message(got, mistakes)
    if known is not None:
        return Feedback.hint(f"{call}: {known}")
    rounded = rounded_hint(got, expected, call)
    if rounded is not None:
        return rounded
    direction = "large" if float(got) > expected else "small"
    return Feedback.hint(f"{call} is {float(got):.10g}, which is too {direction}.")


@checker
def check_smoothed_binary_cross_entropy(smoothed_bce) -> Feedback:
    r"""Check ``smoothed_bce(y, p, epsilon)``: BCE against :math:`t = (1-\varepsilon) y + \varepsilon/2`.

    Examples
    --------
    >>> import math
    >>> def smoothed(y, p, epsilon):
    ...     t = (1 - epsilon) * y + epsilon / 2
    ...     return -(t * math.log(p) + (1 - t) * math.log(1 - p))
    >>> check_smoothed_binary_cross_entropy(smoothed)
    ✓ Correct: the cat at 30 % costs 1.1616 nats with ε = 0.1 instead of 1.2040 without, and no prediction costs less than the label's own entropy: with ε = 0.1 the best p for a cat is 0.95, not 1.
    """
    failure = run_cases(smoothed_bce, SMOOTHING_CASES, _judge_smoothed,
                        name="`smoothed_bce`",
                        expected=lambda case: _bce((1 - case[2]) * case[0] + case[2] / 2,
                                                   case[1]))
    if failure is not None:
        return failure.feedback
    y, p, eps = SMOOTHING_CASES[0]
    smoothed = _bce((1 - eps) * y + eps / 2, p)
    plain = _bce(y, p)
    return Feedback.correct(
        f"the cat at 30 % costs {smoothed:.4f} nats with ε = {eps:g} instead of "
        f"{plain:.4f} without, and no prediction costs less than the label's own entropy: "
        f"with ε = {eps:g} the best p for a cat is {1 - eps / 2:g}, not 1."
    )
