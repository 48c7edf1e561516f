"""Chapter 5 checkers: accept right answers, name the typical mistakes, never raise.

Oracles for the expected values: scipy-free formulas written out here with math.exp /
math.log (log-sum-exp by hand), scikit-learn's log_loss with sample weights for the
smoothed binary cross-entropy, and finite differences for the batch gradient.
"""

import doctest
import math

import numpy as np
import pytest
from sklearn.metrics import log_loss

import lossfns
from lossfns.course.exercises import cross_entropy as module
from lossfns.course.exercises.cross_entropy import (
    GRADIENT_CASES,
    LOG_SOFTMAX_CASES,
    SMOOTHING_CASES,
    check_cross_entropy_gradient,
    check_log_softmax,
    check_smoothed_binary_cross_entropy,
)


def untouched(*args):
    # Your code here
    ...


def test_docstring_examples_run():
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# --- the expected values agree with independent oracles -----------------------------------


def test_log_softmax_cases_are_finite_and_agree_with_a_hand_written_log_sum_exp():
    for case in LOG_SOFTMAX_CASES:
        m = max(case)
        lse = m + math.log(sum(math.exp(v - m) for v in case))
        np.testing.assert_allclose(lossfns.log_softmax(np.array(case)),
                                   [v - lse for v in case], rtol=1e-12, atol=1e-12)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        naive = [np.log(np.exp(np.array(c)) / np.exp(np.array(c)).sum())
                 for c in LOG_SOFTMAX_CASES]
    assert sum(not np.all(np.isfinite(v)) for v in naive) >= 2  # the naive formula fails


def test_gradient_cases_agree_with_finite_differences_of_the_mean_loss():
    for labels, logits in GRADIENT_CASES:
        labels, logits = np.array(labels), np.array(logits)

        def mean_loss(z):
            return np.mean([-(row[y] - math.log(sum(math.exp(v) for v in row)))
                            for row, y in zip(z, labels)])

        numeric = np.zeros_like(logits)
        for index in np.ndindex(logits.shape):
            step = np.zeros_like(logits)
            step[index] = 1e-6
            numeric[index] = (mean_loss(logits + step) - mean_loss(logits - step)) / 2e-6
        np.testing.assert_allclose(lossfns.cross_entropy_grad(labels, logits), numeric,
                                   atol=1e-8)


def test_smoothed_label_loss_agrees_with_sklearn_log_loss_on_weighted_labels():
    for y, p, eps in SMOOTHING_CASES:
        t = (1 - eps) * y + eps / 2
        # a soft label t is the weighted pair of hard labels 1 (weight t) and 0 (1 - t)
        oracle = log_loss([1, 0], [p, p], sample_weight=[t, 1 - t], labels=[0, 1]) * 1.0
        assert lossfns.binary_cross_entropy(t, p) == pytest.approx(oracle, rel=1e-9)
        two_logits = np.log([1 - p, p])
        assert lossfns.cross_entropy(y, two_logits, label_smoothing=eps) == pytest.approx(
            oracle, rel=1e-9)


# --- exercise 1: log-softmax -------------------------------------------------------------


def stable(z):
    m = np.max(z)
    return (z - m) - np.log(np.sum(np.exp(z - m)))


@pytest.mark.parametrize("solution", [
    stable,
    lambda z: stable(z).astype(np.float32),
    lambda z: stable(np.asarray(z, dtype=np.float32)),     # computed in float32
    lambda z: list(stable(z)),
    lambda z: z - (np.max(z) + np.log(np.sum(np.exp(z - np.max(z))))),
    lambda z: lossfns.log_softmax(z),
])
def test_check_log_softmax_accepts_correct_solutions(solution):
    feedback = check_log_softmax(solution)
    assert feedback.is_correct, feedback
    assert "[1000, 990, 0]" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda z: np.log(np.exp(z) / np.sum(np.exp(z))), "overflows to inf"),
    (lambda z: (z - np.mean(z)) - np.log(np.sum(np.exp(z - np.mean(z)))), "overflows to inf"),
    (lambda z: np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z))), "that is softmax(z)"),
    (lambda z: -stable(z), "the sign is flipped"),
    (lambda z: z - np.max(z), "left out the log of the sum"),
    (lambda z: z - np.log(np.sum(np.exp(z - np.max(z)))), "add m back"),
    (lambda z: stable(z) / np.log(2), "in bits"),
    (lambda z: stable(z) / np.log(10), "base-10"),
    (lambda z: z - z.sum(), "subtracts the sum of the logits"),
    (lambda z: np.max(z) + np.log(np.sum(np.exp(z - np.max(z)))), "returned one number"),
    (lambda z: str(stable(z)), "returned text"),
    (lambda z: [str(v) for v in stable(z)], "returned text"),
    (lambda z: np.array([-0.417, -1.417, -2.317]), "does not depend on its arguments"),
    (lambda z: np.log(lossfns.sigmoid(z)), "differs from the log-softmax at index 0"),
    (lambda z: stable(z) + 0.5, "has a positive entry"),
    (lambda z: np.full_like(z, np.nan), "These logits are ordinary: nothing overflows"),
    (lambda z: stable(z) < -1, "True/False"),
])
def test_check_log_softmax_recognises_typical_mistakes(mistake, hint):
    feedback = check_log_softmax(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_log_softmax_placeholder_and_exceptions():
    assert check_log_softmax(untouched).status == "not_attempted"
    assert check_log_softmax(...).status == "not_attempted"
    feedback = check_log_softmax(lambda z: z[10])
    assert feedback.status == "error" and "IndexError" in str(feedback)
    assert "\n" not in str(feedback)


def test_check_log_softmax_does_not_print_numpy_warnings(recwarn):
    check_log_softmax(lambda z: np.log(np.exp(z) / np.sum(np.exp(z))))
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


# --- exercise 2: the gradient of a batch ---------------------------------------------------


def gradient(labels, logits):
    n, k = logits.shape
    return (lossfns.softmax(logits) - np.eye(k)[labels]) / n


def one_hot(labels, logits):
    return np.eye(logits.shape[1])[labels]


@pytest.mark.parametrize("solution", [
    gradient,
    lambda l, z: gradient(l, z).astype(np.float32),
    lambda l, z: (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) - one_hot(l, z)) / len(l),
    lambda l, z: lossfns.cross_entropy_grad(l, z),
    lambda l, z: gradient(l, z).tolist(),
])
def test_check_gradient_accepts_correct_solutions(solution):
    feedback = check_cross_entropy_gradient(solution)
    assert feedback.is_correct, feedback
    assert "[-0.0667, 0.05, 0.0167]" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda l, z: gradient(l, z) * len(l), "gradient of the *sum*"),
    (lambda l, z: -gradient(l, z), "the sign is flipped"),
    (lambda l, z: gradient(l, z) / z.shape[1], "n times the number of classes"),
    (lambda l, z: lossfns.softmax(z) / len(l), "you left out y"),
    (lambda l, z: -one_hot(l, z) / len(l), "the softmax part p is missing"),
    (lambda l, z: -one_hot(l, z) / lossfns.softmax(z) / len(l), "with respect to the *probab"),
    (lambda l, z: gradient(l, z) * one_hot(l, z), "only the true class has an entry"),
    (lambda l, z: (lossfns.softmax(z, axis=0) - one_hot(l, z)) / len(l), "axis=0"),
    (lambda l, z: (np.exp(z) / np.exp(z).sum() - one_hot(l, z)) / len(l), "whole batch"),
    (lambda l, z: gradient(l, z).T, "rows and columns are swapped"),
    (lambda l, z: np.tile((lossfns.softmax(z) - one_hot(l, z)).mean(axis=0), (len(l), 1)),
     "every row holds the average"),
    (lambda l, z: lossfns.softmax(z) * (1 - lossfns.softmax(z)) / len(l),
     "should add up to 0"),
    (lambda l, z: lossfns.cross_entropy(l, z, reduction="none"), "shape (3,)"),
    (lambda l, z: "0.1", "returned text"),
    (lambda l, z: (lossfns.softmax(z) - np.asarray(l)[:, None]) / len(l), "class *index*"),
    (lambda l, z: np.full(z.shape, np.nan), "NaN (not a number)"),
    (lambda l, z: np.round(gradient(l, z), 3), "looks rounded, to 3 decimal places"),
    (lambda l, z: gradient(l, z).astype(np.float16), "looks rounded, to half precision"),
])
def test_check_gradient_recognises_typical_mistakes(mistake, hint):
    feedback = check_cross_entropy_gradient(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_gradient_rejects_an_answer_right_only_for_the_first_batch():
    first = gradient(*(np.array(part) for part in GRADIENT_CASES[0]))
    feedback = check_cross_entropy_gradient(lambda l, z: first)
    assert feedback.status == "incorrect"
    assert "`my_gradient` returned [-0.0666667, 0.05, " in str(feedback)
    assert "does not depend on its arguments" in str(feedback)


def test_check_gradient_placeholder_and_exceptions():
    assert check_cross_entropy_gradient(untouched).status == "not_attempted"
    feedback = check_cross_entropy_gradient(lambda l, z: z @ np.ones((2, 2)))
    assert feedback.status == "error" and "ValueError" in str(feedback)


# --- exercise 3: binary cross-entropy with a smoothed label -------------------------------


def smoothed(y, p, eps):
    t = (1 - eps) * y + eps / 2
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def with_label(make_t):
    def loss(y, p, eps):
        t = make_t(y, eps)
        return -(t * np.log(p) + (1 - t) * np.log(1 - p))
    return loss


@pytest.mark.parametrize("solution", [
    smoothed,
    lambda y, p, e: np.float32(smoothed(y, p, e)),
    lambda y, p, e: lossfns.binary_cross_entropy((1 - e) * y + e / 2, p),
    lambda y, p, e: lossfns.cross_entropy(y, np.log([1 - p, p]), label_smoothing=e),
    lambda y, p, e: np.array([smoothed(y, p, e)]),          # one number in an array
    lambda y, p, e: [float(smoothed(y, p, e))],
])
def test_check_smoothing_accepts_correct_solutions(solution):
    feedback = check_smoothed_binary_cross_entropy(solution)
    assert feedback.is_correct, feedback
    assert "1.1616 nats" in str(feedback) and "1.2040" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda y, p, e: smoothed(y, p, 0.0), "without smoothing"),
    (with_label(lambda y, e: abs(y - e)), "moved by the whole ε"),
    (lambda y, p, e: smoothed(y, (1 - e) * p + e / 2, 0.0), "smoothed the prediction"),
    (lambda y, p, e: -((1 - e) * y + e / 2) * np.log(p), "only the first term"),
    (lambda y, p, e: -(1 - ((1 - e) * y + e / 2)) * np.log(1 - p), "only the second term"),
    (lambda y, p, e: -smoothed(y, p, e), "the sign is flipped"),
    (lambda y, p, e: smoothed(y, p, e) / np.log(2), "in bits"),
    (lambda y, p, e: smoothed(y, p, e) / np.log(10), "base-10"),
    (lambda y, p, e: smoothed(1 - y, p, e), "the wrong way round"),
    (with_label(lambda y, e: (1 - e) * y + e / 3), "divided by 3"),
    (lambda y, p, e: round(float(smoothed(y, p, e)), 3), "looks rounded, to 3 decimal places"),
    (lambda y, p, e: float(smoothed(1, 0.3, 0.1)), "does not depend on its arguments"),
    (lambda y, p, e: "1.16", "returned text"),
    (lambda y, p, e: np.array([smoothed(y, p, e), 0.0]), "one number"),
    (lambda y, p, e: smoothed(y, p, e) - smoothed((1 - e) * y + e / 2,
                                                  (1 - e) * y + e / 2, 0.0), "KL divergence"),
    (lambda y, p, e: float("nan"), "NaN (not a number)"),
    (lambda y, p, e: float("inf"), "an infinity comes from"),
    (lambda y, p, e: True, "True/False"),
])
def test_check_smoothing_recognises_typical_mistakes(mistake, hint):
    feedback = check_smoothed_binary_cross_entropy(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_smoothing_placeholder_and_exceptions():
    assert check_smoothed_binary_cross_entropy(untouched).status == "not_attempted"
    feedback = check_smoothed_binary_cross_entropy(lambda y, p, e: math.log(-p))
    assert feedback.status == "error" and "ValueError" in str(feedback)


@pytest.mark.parametrize("strange", [
    object(), {"a": 1}, 3 + 4j, [[1, 2], [3]], None, np.array([]), b"1.2",
    [None, None, None], np.float16(1.0), np.array(["a", "b", "c"]), float("nan"), True,
])
def test_checkers_never_raise_on_strange_answers(strange):
    checks = (
        check_log_softmax(lambda z, v=strange: v),
        check_cross_entropy_gradient(lambda l, z, v=strange: v),
        check_smoothed_binary_cross_entropy(lambda y, p, e, v=strange: v),
        check_log_softmax(strange),
        check_cross_entropy_gradient(strange),
        check_smoothed_binary_cross_entropy(strange),
    )
    for feedback in checks:
        assert not feedback.is_correct, (strange, feedback)
        assert "\n" not in str(feedback)
