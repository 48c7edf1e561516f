"""Chapter 7 checkers: accept the reference answers, name each typical mistake, never raise."""

import numpy as np
import pytest

from lossfns.course.exercises import hinge as module
from lossfns.course.exercises.hinge import (
    HINGE_CASES,
    SV_B,
    SV_W,
    SV_X,
    SV_Y,
    check_hinge_subgradient,
    check_my_hinge,
    check_support_vectors,
    margin_width,
    support_vectors,
)


def untouched(*args):
    # Your code here
    ...


# --- exercise 1: the hinge loss -------------------------------------------------------------


def hinge_loops(y, s):
    return np.array([max(0.0, 1.0 - yi * si) for yi, si in zip(y, s)])


def test_reference_cases_match_a_loop_written_out_here():
    # Oracle independent of lossfns: the formula in plain Python.
    from lossfns import hinge

    for y, s in HINGE_CASES:
        np.testing.assert_allclose(hinge(np.array(y), np.array(s), reduction="none"),
                                   hinge_loops(y, s), rtol=0, atol=1e-15)


@pytest.mark.parametrize("solution", [
    lambda y, s: np.maximum(0, 1 - y * s),
    lambda y, s: np.clip(1 - y * s, 0, None),
    lambda y, s: (np.maximum(0, 1 - y * s)).astype(np.float32),
    lambda y, s: list(np.maximum(0, 1 - y * s)),
    hinge_loops,
])
def test_check_my_hinge_accepts_correct_solutions(solution):
    feedback = check_my_hinge(solution)
    assert feedback.is_correct, feedback
    assert "all 4 cases" in str(feedback) and "costs 0.2" in str(feedback)


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda y, s: 1 - y * s, "Clip at zero"),
    (lambda y, s: np.abs(1 - y * s), "absolute value"),
    (lambda y, s: np.maximum(0, -y * s), "no safety distance"),
    (lambda y, s: np.maximum(0, 1 - s), "the label is missing"),
    (lambda y, s: np.maximum(0, 1 + y * s), "the sign is flipped"),
    (lambda y, s: np.maximum(0, 1 - y * s) ** 2, "*squared* hinge"),
    (lambda y, s: np.maximum(0, 1 - (y + 1) / 2 * s), "treats ham as label 0"),
    (lambda y, s: np.mean(np.maximum(0, 1 - y * s)), "no mean, no sum"),
    (lambda y, s: np.maximum(0, 1 - y * s)[:-1], "shape (3,)"),
    (lambda y, s: [str(v) for v in np.maximum(0, 1 - y * s)], "returned text"),
    (lambda y, s: np.maximum(0, 1 - y * s) > 0, "array of numbers"),
    (lambda y, s: np.maximum(0, 1 - y * s) + 0.1, "is off for"),
    (lambda y, s: (y * s <= 0).astype(float), "0-1 loss"),
    (lambda y, s: np.full(len(y), np.nan), "NaN (not a number)"),
])
def test_check_my_hinge_recognises_typical_mistakes(mistake, hint):
    feedback = check_my_hinge(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_each_hinge_mistake_is_told_apart_over_the_cases():
    # The checker names a variant only when it matches the answers of every case, so no
    # two variants may agree on all cases, and none may agree with the right answer.
    cases = [(np.array(y), np.array(s)) for y, s in HINGE_CASES]
    per_variant = list(zip(*[[v for _, v in module._hinge_variants(y, s)] for y, s in cases]))
    rights = [np.maximum(0, 1 - y * s) for y, s in cases]
    for k, values in enumerate(per_variant):
        assert not all(np.allclose(v, r) for v, r in zip(values, rights)), k
        for j in range(k):
            assert not all(np.allclose(v, o) for v, o in zip(values, per_variant[j])), (j, k)


@pytest.mark.parametrize("mistake", [
    lambda y, s: np.maximum(0, 1 - y - s),           # all zeros in the first case
    lambda y, s: (y * s <= 0).astype(float),
    lambda y, s: np.zeros_like(s),
])
def test_a_mistake_is_named_only_if_it_explains_every_case(mistake):
    # In the first case (all labels +1) these answers coincide with max(0, -y s); the
    # checker must not call them "no safety distance" unless they are that everywhere.
    assert "no safety distance" not in str(check_my_hinge(mistake))


def test_check_my_hinge_placeholder_errors_and_vandalism():
    assert check_my_hinge(untouched).status == "not_attempted"
    assert check_my_hinge(...).status == "not_attempted"
    feedback = check_my_hinge(lambda y, s: y[100])
    assert feedback.status == "error" and "IndexError" in str(feedback)
    assert "\n" not in str(feedback)

    def vandal(y, s):
        y *= 0
        return np.zeros_like(s)

    assert not check_my_hinge(vandal).is_correct
    assert check_my_hinge(hinge_loops).is_correct


def test_a_function_without_return_gets_a_hint():
    def forgot_return(y, s):
        np.maximum(0, 1 - y * s)

    assert "return" in str(check_my_hinge(forgot_return))


# --- exercise 2: the subgradient ------------------------------------------------------------


def numerical_slopes(y, s, h=1e-6):
    """Central differences of the hinge, per example (valid away from the kink)."""
    return np.array([(max(0, 1 - yi * (si + h)) - max(0, 1 - yi * (si - h))) / (2 * h)
                     for yi, si in zip(y, s)])


def test_the_reference_subgradient_matches_finite_differences_away_from_the_kink():
    from lossfns import hinge_grad

    for y, s in HINGE_CASES:
        y, s = np.array(y), np.array(s)
        away = np.abs(y * s - 1) > 1e-3
        np.testing.assert_allclose(hinge_grad(y, s, reduction="none")[away],
                                   numerical_slopes(y, s)[away], atol=1e-6)


def test_the_cases_include_the_kink_for_both_labels():
    y, s = np.array(HINGE_CASES[-1][0]), np.array(HINGE_CASES[-1][1])
    at_kink = y * s == 1.0
    assert set(y[at_kink]) == {-1.0, 1.0}


@pytest.mark.parametrize("kink_value", [0.0, 0.5, 1.0])
def test_check_hinge_subgradient_accepts_every_valid_value_at_the_kink(kink_value):
    # kink_value 0: the value 0; 1: the value -y (the left slope); in between: a mixture.
    def solution(y, s):
        grad = np.where(y * s < 1, -y, 0.0)
        return np.where(y * s == 1, -kink_value * y, grad)

    feedback = check_hinge_subgradient(solution)
    assert feedback.is_correct, feedback
    assert f"({-kink_value:g} for y = +1)" in str(feedback)


@pytest.mark.parametrize("solution", [
    lambda y, s: np.where(y * s < 1, -y, 0.0),
    lambda y, s: -y * (y * s < 1),
    lambda y, s: np.where(y * s <= 1, -y, 0.0).astype(np.float32),
])
def test_check_hinge_subgradient_accepts_correct_solutions(solution):
    assert check_hinge_subgradient(solution).is_correct


@pytest.mark.parametrize(("mistake", "hint"), [
    (lambda y, s: np.where(y * s < 1, y, 0.0), "the sign is flipped"),
    (lambda y, s: np.where(y * s < 1, -1.0, 0.0), "the label is missing"),
    (lambda y, s: np.where(s < 1, -y, 0.0), "the score alone"),
    (lambda y, s: -y, "everywhere"),
    (lambda y, s: np.where(y * s < 0, -y, 0.0), "only on the wrong side"),
    (lambda y, s: np.maximum(0, 1 - y * s), "these are the losses"),
    (lambda y, s: np.where(y * s < 1, -y, 0.0) / len(y), "*mean* loss"),
    (lambda y, s: np.where(y * s < 1, -y, 0.0).sum(), "no mean, no sum"),
    (lambda y, s: np.where(y * s < 1, -y, np.where(y * s == 1, 2 * y, 0.0)),
     "between -y and 0"),
    (lambda y, s: np.where(y * s < 1, -y, 0.0) + 0.3, "is off for"),
])
def test_check_hinge_subgradient_recognises_typical_mistakes(mistake, hint):
    feedback = check_hinge_subgradient(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_check_hinge_subgradient_names_nan_answers():
    feedback = check_hinge_subgradient(lambda y, s: np.full(len(y), np.nan))
    assert feedback.status == "incorrect" and "NaN (not a number)" in str(feedback)


def test_check_hinge_subgradient_placeholder():
    assert check_hinge_subgradient(untouched).status == "not_attempted"
    assert check_hinge_subgradient(...).status == "not_attempted"


# --- exercise 3: support vectors and the width ----------------------------------------------


def test_reference_support_vectors_from_the_definition_written_out():
    # Oracle: margins computed in plain Python from the tuples.
    margins = [yi * (SV_W[0] * x1 + SV_W[1] * x2 + SV_B) for (x1, x2), yi in zip(SV_X, SV_Y)]
    assert support_vectors().tolist() == [m <= 1 for m in margins]
    assert sum(m == 1 for m in margins) == 2      # two points exactly on the margin lines
    assert margin_width() == pytest.approx(2 / np.hypot(*SV_W), rel=1e-15)


def test_the_width_is_the_distance_between_the_margin_lines():
    # Oracle: geometry. Project a point of the line s = -1 onto the line s = +1.
    w = np.array(SV_W)
    on_minus = np.array([0.0, (-1 - SV_B) / w[1]])          # w . x + b = -1
    step = 2 / (w @ w) * w                                   # moves the score by 2
    assert w @ (on_minus + step) + SV_B == pytest.approx(1.0)
    assert np.linalg.norm(step) == pytest.approx(margin_width(), rel=1e-12)


def _margins():
    return np.array(SV_Y) * (np.array(SV_X) @ np.array(SV_W) + SV_B)


@pytest.mark.parametrize("support_form", [
    lambda m: m <= 1,
    lambda m: list(m <= 1),
    lambda m: np.array(m <= 1, dtype=np.bool_),
    lambda m: (m <= 1).astype(int),        # 1/0 for True/False
    lambda m: [int(v) for v in m <= 1],
])
@pytest.mark.parametrize("width_form", [
    lambda: 2 / np.linalg.norm(SV_W),
    lambda: np.float32(2 / np.linalg.norm(SV_W)),
    lambda: np.array([2 / np.linalg.norm(SV_W)]),
    lambda: round(2 / np.linalg.norm(SV_W), 3),       # three digits, as printed
])
def test_check_support_vectors_accepts_the_answer(support_form, width_form):
    feedback = check_support_vectors(support_form(_margins()), width_form())
    assert feedback.is_correct, feedback
    assert "6 of the 10 points" in str(feedback)


@pytest.mark.parametrize(("support", "hint"), [
    (lambda m, s: m < 1, "exactly on the margin lines"),
    (lambda m, s: np.abs(s) <= 1, "ignores the label"),
    (lambda m, s: np.abs(s) < 1, "ignoring both"),
    (lambda m, s: m <= 0, "only the misclassified"),
    (lambda m, s: m > 1, "*beyond* the margin"),
    (lambda m, s: np.ones(10, dtype=bool), "wrong for 4 of the 10"),
    (lambda m, s: np.flatnonzero(m <= 1), "not numbers or indices"),
    (lambda m, s: (m <= 1).astype(float) * 3, "not numbers or indices"),
    (lambda m, s: (m <= 1)[:5], "shape"),
    (lambda m, s: ["True"] * 10, "holds text"),
])
def test_check_support_vectors_recognises_support_mistakes(support, hint):
    m = _margins()
    feedback = check_support_vectors(support(m, m * np.array(SV_Y)), margin_width())
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


@pytest.mark.parametrize(("width", "hint"), [
    (lambda w: 1 / np.linalg.norm(w), "half the width"),
    (lambda w: 2 / (w @ w), "not its square"),
    (lambda w: 2 / np.abs(w).sum(), "Euclidean length"),
    (lambda w: 2 * np.linalg.norm(w), "*narrower*"),
    (lambda w: np.linalg.norm(w), "the steepness"),
    (lambda w: 3.0, "too large"),
    (lambda w: 0.89, "`width` looks rounded, to 2 decimal places"),
    (lambda w: 0.1, "too small"),
    (lambda w: -0.894, "positive, finite"),
    (lambda w: float("nan"), "NaN (not a number)"),
    (lambda w: "0.894", "should be a number"),
    (lambda w: True, "should be a number"),
    (lambda w: [0.894, 0.894], "one number"),
])
def test_check_support_vectors_recognises_width_mistakes(width, hint):
    feedback = check_support_vectors(_margins() <= 1, width(np.array(SV_W)))
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback), feedback


def test_width_variants_differ_from_each_other_and_from_the_answer():
    values = [margin_width()] + [v for v, _ in module._width_variants(np.array(SV_W))]
    assert len({round(v, 6) for v in values}) == len(values)


def test_support_variants_differ_from_each_other_and_from_the_answer():
    masks = [support_vectors()] + [v for _, v in module._support_variants()]
    assert len({tuple(mask) for mask in masks}) == len(masks)


def test_check_support_vectors_placeholders():
    assert check_support_vectors(..., ...).status == "not_attempted"
    assert "`support`" in str(check_support_vectors(..., ...))
    feedback = check_support_vectors(_margins() <= 1, ...)
    assert feedback.status == "not_attempted" and "`width`" in str(feedback)


def test_checkers_never_raise_on_strange_input():
    for strange in (object(), {"a": 1}, 3 + 4j, [[1, 2], [3]], None):
        for feedback in (check_support_vectors(strange, 1.0),
                         check_support_vectors(_margins() <= 1, strange),
                         check_my_hinge(lambda y, s, v=strange: v),
                         check_hinge_subgradient(lambda y, s, v=strange: v)):
            assert feedback.status in ("incorrect", "error", "not_attempted"), feedback


@pytest.mark.parametrize("all_zero", [
    lambda y, s: np.zeros_like(s),
    lambda y, s: 0.0 * s,
    lambda y, s: np.zeros(len(y), dtype=int),
])
def test_check_hinge_subgradient_names_an_all_zero_gradient_as_that_mistake(all_zero):
    feedback = str(check_hinge_subgradient(all_zero))
    assert "is 0 for every example, as on every case" in feedback, feedback
    assert "its derivative there is -y" in feedback
    assert "only on the wrong side" not in feedback


def test_check_hinge_subgradient_still_names_the_wrong_side_mistake_that_is_zero_on_case_one():
    # On the first case no score is on the wrong side: this answer is all zeros there too.
    wrong_side_only = lambda y, s: np.where(y * s < 0, -y, 0.0)  # noqa: E731
    assert not np.any(wrong_side_only(*(np.array(v) for v in HINGE_CASES[0])))
    assert "only on the wrong side" in str(check_hinge_subgradient(wrong_side_only))
