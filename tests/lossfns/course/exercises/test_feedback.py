"""lossfns.course.exercises._feedback: the checkers' shared toolkit.

Feedback as friendly one-liners, never a traceback (``Feedback``, ``run_learner_function``,
``compare_numbers``, the ``checker`` decorator); one tolerance rule (``close``,
``differs``) and one case loop (``run_cases``). Every chapter module of
lossfns.course.exercises compares a learner's answer with ``close`` and runs the learner's
function on its cases with ``run_cases``; these tests pin down what the chapters rely on.
The chapters' own checkers are tested in test_<chapter module>.py beside this file.
"""

import re

import numpy as np
import pytest

from lossfns.course.exercises._feedback import rounded_to
from lossfns.course.exercises import (
    ATOL,
    RTOL,
    Failure,
    Feedback,
    checker,
    close,
    compare_numbers,
    constant_answer_hint,
    differs,
    first_failure,
    is_placeholder,
    mistake_message,
    non_finite_hint,
    numbers_text,
    one_number,
    pair_of_numbers,
    quoted,
    rounded_hint,
    run_cases,
    run_learner_function,
)


def untouched(values):
    # Your code here
    ...


# --- close and differs -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_answer_is_never_close_not_even_to_itself(bad):
    assert not close(bad, bad)
    assert not close(bad, 1.0)
    assert not close([1.0, bad], [1.0, bad])
    assert differs([1.0, bad], [1.0, bad]).tolist() == [False, True]


def test_a_non_finite_expected_value_is_never_close():
    assert not close(1.0, np.inf)
    assert not close(np.nan, np.nan, rtol=1.0, atol=1.0)


def test_shapes_must_match_exactly_without_broadcasting():
    assert not close([2.0, 2.0], 2.0)
    assert not close(2.0, [2.0])
    assert not close(np.ones((2, 1)), np.ones(2))
    assert not close(np.ones((2, 3)), np.ones((3, 2)))
    assert close(np.float64(2.0), np.array(2.0))  # a scalar and a 0-d array: same shape
    assert close((1.0, 2.0), np.array([1.0, 2.0]))  # a tuple is a sequence of numbers


def test_the_default_tolerance_accepts_float32_and_rejects_a_rounded_answer():
    assert (RTOL, ATOL) == (1e-6, 1e-9)
    exact = np.log([0.8, 0.15, 0.05])
    assert close(exact.astype(np.float32), exact)
    assert not close(np.round(exact, 4), exact)
    assert not close(1.4427, 1 / np.log(2))  # a conversion factor typed in


def test_the_tolerance_is_relative_to_the_expected_value_plus_an_absolute_part():
    # |got - expected| <= atol + rtol * |expected|, the rule of numpy.isclose
    assert close(100.0 + 1e-4, 100.0)
    assert not close(100.0 + 1.1e-4, 100.0)
    assert close(5e-10, 0.0)  # the absolute part: an answer of 0 may carry rounding
    assert not close(2e-9, 0.0)
    assert close(1.0005, 1.0, rtol=1e-3, atol=0.0)
    assert not close(1e-12, 0.0, rtol=1e-3, atol=0.0)


def test_differs_marks_each_entry_outside_the_tolerance():
    got = [1.0, 2.5, 3.0 + 1e-9, 7.0]
    assert differs(got, [1.0, 2.0, 3.0, 4.0]).tolist() == [False, True, False, True]
    assert differs(got, [1.0, 2.0, 3.0, 4.0], rtol=1.0).tolist() == [False, False, False, False]


def test_close_agrees_with_numpy_isclose_whenever_the_expected_value_is_finite():
    rng = np.random.default_rng(0)
    expected = rng.normal(size=2000) * 10.0 ** rng.integers(-6, 6, 2000)
    got = expected * (1 + rng.choice([-1, 1], 2000) * 10.0 ** rng.uniform(-9, -4, 2000))
    got[::97] = np.nan
    got[::89] = np.inf
    assert np.array_equal(~differs(got, expected), np.isclose(got, expected, rtol=RTOL, atol=ATOL))


def test_close_reads_numbers_in_any_numeric_container():
    assert close([np.float32(0.5), 1], (0.5, 1.0))
    assert close(np.array([[1, 2], [3, 4]]), [[1.0, 2.0], [3.0, 4.0]])


# --- mistake_message -------------------------------------------------------------------------


def test_mistake_message_gives_the_first_matching_mistake():
    mistakes = [(None, "not on this case"), (4.0, "that is the sum."), (4.0, "never reached")]
    assert mistake_message(4.0 + 1e-8, mistakes) == "that is the sum."
    assert mistake_message(4.5, mistakes) is None


def test_mistake_message_uses_the_same_tolerance_rule_as_close():
    assert mistake_message([1.0, 2.0], [([1.0, 2.001], "near")], rtol=1e-3) == "near"
    assert mistake_message([1.0, 2.0], [([1.0, 2.001], "near")]) is None
    assert mistake_message([1.0], [([1.0, 1.0], "other shape")]) is None
    assert mistake_message(np.nan, [(np.nan, "NaN is never a match")]) is None


# --- compare_numbers uses the same rule ------------------------------------------------------


def test_compare_numbers_defaults_to_the_shared_tolerance():
    assert compare_numbers(np.float32(1 / 3), 1 / 3)
    assert not compare_numbers(np.float32(1 / 3), 1 / 3, rtol=1e-9, atol=1e-12)
    assert not compare_numbers(np.inf, np.inf)


# --- NaN and infinity: one rule for every checker --------------------------------------------


NAN_MEANS = "NaN (not a number) comes from an undefined step, such as 0/0"
INF_MEANS = "an infinity comes from a division by zero (1/0), the logarithm of 0 (-inf)"


def test_non_finite_hint_says_what_a_nan_means_and_names_the_answer():
    hint = non_finite_hint(float("nan"), "my_mean([1, 2])")
    assert hint.status == "incorrect"
    assert str(hint).startswith("✗ Not yet: my_mean([1, 2]) is nan: "), hint
    assert NAN_MEANS in str(hint) and INF_MEANS not in str(hint), hint


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_non_finite_hint_says_where_an_infinity_comes_from(bad):
    hint = str(non_finite_hint(np.float32(bad), "`k`"))
    assert hint.startswith(f"✗ Not yet: `k` is {bad}: "), hint
    assert INF_MEANS in hint and NAN_MEANS not in hint, hint


def test_non_finite_hint_points_at_the_first_bad_entry_and_explains_each_kind_present():
    one = str(non_finite_hint([0.5, np.nan, 1.0], "`f(y)`"))
    assert "`f(y)` has a value that is not finite, nan at index 1" in one, one
    both = str(non_finite_hint(np.array([[1.0, np.inf], [np.nan, 2.0]]), "`g`"))
    assert "`g` has 2 of 4 values that are not finite, the first inf at index (0, 1)" in both
    assert NAN_MEANS in both and INF_MEANS in both, both


def test_non_finite_hint_adds_the_chapters_advice_at_the_end():
    hint = str(non_finite_hint(np.nan, "`L`", advice="The loss of finite logits is finite."))
    assert hint.endswith("Find the step that produces it. The loss of finite logits is finite.")


@pytest.mark.parametrize("value", [1.5, [1.0, -2.0], np.float32(3.0), "nan", [True], None, ...])
def test_non_finite_hint_is_none_for_finite_numbers_and_for_what_is_not_numbers(value):
    assert non_finite_hint(value, "`x`") is None


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("expected", [3.0, -3.0, [1.0, 2.0]])
def test_compare_numbers_never_calls_a_non_finite_answer_too_small_or_too_large(bad, expected):
    got = bad if np.ndim(expected) == 0 else [1.0, bad]
    feedback = compare_numbers(got, expected, name="`answer`", hints=[
        (lambda g: True, "a chapter hint that a non-finite answer must not reach")])
    text = str(feedback)
    assert not feedback.is_correct
    assert "too small" not in text and "too large" not in text and "chapter hint" not in text
    assert text == str(non_finite_hint(got, "`answer`")), text


def _nan_net(bad):
    from lossfns.course.exercises.backprop import BrokenNet

    class NonFiniteNet(BrokenNet):
        def backward(self, params, cache, grad_output):
            return {key: np.full(np.shape(value), bad) for key, value in params.items()}

    return NonFiniteNet


def _every_checker_given(bad):
    """(name, a call of the checker whose answer is ``bad`` (NaN or ±inf) in right shape)."""
    from lossfns.course.exercises import (backprop, choosing, combined_losses,
                                          cross_entropy, design, hinge, mae, mistake_notebook,
                                          mse, scoring, welcome)

    def filled(*shape_from):
        return lambda *args: np.full(np.shape(args[shape_from[0]]) if shape_from else (), bad)

    mask = hinge.support_vectors()
    right_linex = design.linex_reference
    return [
        ("welcome.check_mean", lambda: welcome.check_mean(lambda v: bad)),
        ("welcome.check_best_constant", lambda: welcome.check_best_constant(bad)),
        ("mistake_notebook.check_entry_losses",
         lambda: mistake_notebook.check_entry_losses(lambda p, y: np.full(len(y), bad))),
        ("mistake_notebook.check_worst_first",
         lambda: mistake_notebook.check_worst_first(lambda losses, k: [bad] * k)),
        ("mistake_notebook.check_right_but_unsure",
         lambda: mistake_notebook.check_right_but_unsure(lambda p, y, t: bad)),
        ("scoring.check_cross_entropy", lambda: scoring.check_cross_entropy(lambda c, p: bad)),
        ("scoring.check_nats_to_bits", lambda: scoring.check_nats_to_bits(lambda x: bad)),
        ("scoring.check_expected_cost",
         lambda: scoring.check_expected_cost(lambda y, p, c: bad)),
        ("backprop.check_line_gradient",
         lambda: backprop.check_line_gradient(lambda w, b, x, y: (bad, bad))),
        ("backprop.check_largest_stable_rate", lambda: backprop.check_largest_stable_rate(bad)),
        ("backprop.check_fixed_backward", lambda: backprop.check_fixed_backward(_nan_net(bad))),
        ("mse.check_mse_and_rmse", lambda: mse.check_mse_and_rmse(lambda t, p: (bad, bad))),
        ("mse.check_mse_gradient", lambda: mse.check_mse_gradient(filled(0))),
        ("mse.check_change_of_units",
         lambda: mse.check_change_of_units(lambda m, r, f: (bad, bad))),
        ("mse.check_best_constant", lambda: mse.check_best_constant(lambda y: (bad, bad))),
        ("cross_entropy.check_log_softmax", lambda: cross_entropy.check_log_softmax(filled(0))),
        ("cross_entropy.check_cross_entropy_gradient",
         lambda: cross_entropy.check_cross_entropy_gradient(filled(1))),
        ("cross_entropy.check_smoothed_binary_cross_entropy",
         lambda: cross_entropy.check_smoothed_binary_cross_entropy(lambda y, p, e: bad)),
        ("mae.check_mae_subgradient", lambda: mae.check_mae_subgradient(filled(0))),
        ("mae.check_huber_by_hand", lambda: mae.check_huber_by_hand(filled(0))),
        ("mae.check_stock_level q", lambda: mae.check_stock_level(bad, 70.0)),
        ("mae.check_stock_level stock", lambda: mae.check_stock_level(0.8, bad)),
        ("hinge.check_my_hinge", lambda: hinge.check_my_hinge(filled(0))),
        ("hinge.check_hinge_subgradient", lambda: hinge.check_hinge_subgradient(filled(0))),
        ("hinge.check_support_vectors", lambda: hinge.check_support_vectors(mask, bad)),
        ("choosing.check_best_step", lambda: choosing.check_best_step(lambda v, p: bad)),
        ("choosing.check_coverage", lambda: choosing.check_coverage(lambda x, y, w, b: bad)),
        ("combined_losses.check_combined_loss",
         lambda: combined_losses.check_combined_loss(lambda *args: bad)),
        ("design.check_asymmetric_grad", lambda: design.check_asymmetric_grad(filled(0))),
        ("design.check_linex loss", lambda: design.check_linex(lambda t, p, a: bad, filled(0))),
        ("design.check_linex gradient",
         lambda: design.check_linex(lambda t, p, a: float(right_linex(t, p, a)), filled(0))),
        ("design.check_expectile_k", lambda: design.check_expectile_k(bad)),
    ]


@pytest.mark.parametrize(("bad", "means"), [(np.nan, NAN_MEANS), (np.inf, INF_MEANS),
                                            (-np.inf, INF_MEANS)])
def test_every_checker_explains_a_non_finite_answer_with_the_shared_rule(bad, means):
    for name, check in _every_checker_given(bad):
        text = str(check())
        assert text.startswith("✗ Not yet: "), (name, text)
        assert means in text, f"{name} does not say what {bad} means: {text}"
        assert "too small" not in text and "too large" not in text, (name, text)


# --- rounded answers: one rule -----------------------------------------------------------------


@pytest.mark.parametrize(("got", "expected", "how"), [
    (0.2231, 0.2231435513, "to 4 decimal places"),
    (0.38, 0.375, "to 2 decimal places"),          # a tie rounded up
    (0.37, 0.375, "to 2 decimal places"),          # ... or to even
    (-2.7, -2.704, "to 1 decimal place"),
    (5.0, 4.6, None),                              # one significant digit is not a rounding
    (1235.0, 1234.5, "to a whole number"),
    ([1.39, 0.0513], [1.3863, 0.05129], "to 3 significant digits"),
    ([1.39, 0.0], [1.3863, 0.0], "to 2 decimal places"),
    (np.float16(0.3218), 0.3219280949, "to half precision (float16, about 3 significant "
                                       "digits)"),
])
def test_rounded_to_says_how_a_right_answer_was_rounded(got, expected, how):
    assert rounded_to(got, expected) == how


@pytest.mark.parametrize(("got", "expected"), [
    (4.0, 4.4),                 # 4.4 to one digit: more likely floor division than rounding
    (1.0, 0.9),                 # a fraction of 1 is not a rounded 0.9
    (0.0, 0.04),                # zero is never "rounded"
    (0.2231435513, 0.2231435513),   # right is not rounded
    (np.float32(0.2231435513), 0.2231435513),   # float32 is right too
    (0.2232, 0.2231435513),     # off by more than half the last digit
    (0.2231, [0.2231435513]),   # another shape
    ([0.2231, np.nan], [0.2231435513, 1.0]),
    (1.4427 * 0.2231435513, 0.2231435513 / np.log(2)),   # a typed-in constant, not rounding
])
def test_rounded_to_is_none_for_what_is_not_the_right_answer_rounded(got, expected):
    assert rounded_to(got, expected) is None


def test_rounded_hint_names_the_answer_and_never_shows_the_right_one():
    hint = rounded_hint(0.22, 0.2231435513, "my_cross_entropy(0, [0.8, 0.15, 0.05])")
    assert str(hint).startswith("✗ Not yet: my_cross_entropy(0, [0.8, 0.15, 0.05]) looks "
                                "rounded, to 2 decimal places")
    assert "0.2231" not in str(hint)
    assert rounded_hint(0.3, 0.2231435513, "`x`") is None


def test_compare_numbers_tries_the_rounding_rule_after_the_mistakes_and_before_the_hints():
    feedback = compare_numbers(0.38, 0.375, name="`m`",
                               hints=[(lambda g: True, "a chapter hint")])
    assert "`m` looks rounded, to 2 decimal places" in str(feedback), feedback
    named = compare_numbers(0.38, 0.375, name="`m`", mistakes=[(0.38, "a known slip.")])
    assert str(named) == "✗ Not yet: a known slip."


# --- answers that do not depend on the input ----------------------------------------------------


def test_constant_answer_hint_recognises_one_answer_for_inputs_whose_answers_differ():
    hint = constant_answer_hint([0.6, 0.6, np.float64(0.6)], [1.8, 0.6, 2.1], "`f`")
    assert str(hint) == ("✗ Not yet: `f` returned 0.6 on each of the 3 test inputs, whose "
                         "answers differ: it does not depend on its arguments. Compute the "
                         "result from them rather than typing in a number worked out for one "
                         "example.")
    # a list that is the right answer of the first case only, as the issue's [3, 1, 5]
    listed = constant_answer_hint([[3, 1, 5]] * 3, [[3, 1, 5], [2], [3, 4, 1, 5]], "`g`")
    assert "`g` returned [3, 1, 5] on each of the 3 test inputs" in str(listed)


@pytest.mark.parametrize(("values", "expected"), [
    ([0.6, 0.7], [1.8, 0.6]),                  # the answers change with the input
    ([0.6], [1.8]),                            # one case says nothing
    ([2.0, 2.0], [1.0, 1.0]),                  # every case has the same answer
    ([[1.0, 2.0, 3.0]] * 2, [1.0, 2.0]),       # the right form for no case: shape first
    ([np.nan, np.nan], [1.0, 2.0]),            # NaN has its own rule
    ([True, True], [1.0, 0.0]),                # truth values are not numbers here
    (["0.6", "0.6"], [1.8, 0.6]),              # nor is text
    ([0.6, None], [1.8, 0.6]),                 # a case without a value
])
def test_constant_answer_hint_is_none_unless_one_number_answers_different_questions(
        values, expected):
    assert constant_answer_hint(values, expected, "`f`") is None


def _mean_of(case):
    return sum(case[0]) / len(case[0])


def test_run_cases_with_expected_calls_a_constant_answer_constant_not_a_slip():
    calls = []

    def typed_in(values):
        calls.append(list(values))
        return 1.5      # the mean of the first case, typed in

    slips = [(7.5, "the judge's hint for this case")]

    def judge(case, value):
        return compare_numbers(value, _mean_of(case), mistakes=slips, name="`my_mean`")

    failure = run_cases(typed_in, MEAN_CASES, judge, name="`my_mean`", expected=_mean_of)
    assert failure.case is MEAN_CASES[1] and failure.got == 1.5
    assert "`my_mean` returned 1.5 on each of the 3 test inputs" in str(failure.feedback)
    assert calls == [case[0] for case in MEAN_CASES], "every case runs to see the constant"


def test_run_cases_with_expected_keeps_the_judges_hint_when_the_answer_varies():
    failure = run_cases(lambda values: sum(values) / 2, MEAN_CASES, _judge_mean,
                        name="`my_mean`", expected=_mean_of)
    assert str(failure.feedback) == "✗ Not yet: my_mean([3.0, 4.0, 8.0]) is 7.5, which is too large."


def test_run_cases_with_expected_ignores_a_later_case_whose_call_fails():
    def constant_until_one_value(values):
        if len(values) == 1:
            raise ValueError("one value")
        return 1.5

    failure = run_cases(constant_until_one_value, MEAN_CASES, _judge_mean, name="`my_mean`",
                        expected=_mean_of)
    assert str(failure.feedback) == "✗ Not yet: my_mean([3.0, 4.0, 8.0]) is 1.5, which is too small."
    assert failure.case is MEAN_CASES[1]


# --- every chapter's checker follows the shared rules ---------------------------------------


def _right_solutions():
    """(name, checker taking one learner function, a right learner function), every chapter."""
    import lossfns
    from lossfns.course.exercises import (backprop, choosing, combined_losses,
                                          cross_entropy, design, hinge, mae, mistake_notebook,
                                          mse, scoring, welcome)
    from lossfns.training import early_stopping
    from lossfns.training.multitask import detection_loss

    def p_true(p, y):
        return p[np.arange(len(y)), y]

    def linex(t, p, a):
        return float(design.linex_reference(t, p, a))

    def linex_grad(t, p, a):
        return a * np.expm1(a * (p - t)) / len(t)

    return [
        ("welcome.check_mean", welcome.check_mean, lambda v: sum(v) / len(v)),
        ("mistake_notebook.check_entry_losses", mistake_notebook.check_entry_losses,
         lambda p, y: -np.log(p_true(p, y))),
        ("mistake_notebook.check_worst_first", mistake_notebook.check_worst_first,
         lambda losses, k: [int(i) for i in np.argsort(-np.asarray(losses), kind="stable")[:k]]),
        ("mistake_notebook.check_right_but_unsure", mistake_notebook.check_right_but_unsure,
         lambda p, y, t: int(np.sum((p.argmax(axis=1) == y) & (-np.log(p_true(p, y)) > t)))),
        ("scoring.check_cross_entropy", scoring.check_cross_entropy,
         lambda c, p: -np.log(p[c])),
        ("scoring.check_nats_to_bits", scoring.check_nats_to_bits, lambda x: x / np.log(2)),
        ("scoring.check_expected_cost", scoring.check_expected_cost,
         lambda y, p, c: float(np.asarray(c)[y] @ p)),
        ("backprop.check_line_gradient", backprop.check_line_gradient, backprop.line_gradient),
        ("mse.check_mse_and_rmse", mse.check_mse_and_rmse,
         lambda t, p: (lossfns.mse(t, p), lossfns.rmse(t, p))),
        ("mse.check_mse_gradient", mse.check_mse_gradient, lossfns.mse_grad),
        ("mse.check_change_of_units", mse.check_change_of_units,
         lambda m, r, f: (m * f**2, r * f)),
        ("mse.check_best_constant", mse.check_best_constant, lambda y: (np.mean(y), np.var(y))),
        ("cross_entropy.check_log_softmax", cross_entropy.check_log_softmax,
         lossfns.log_softmax),
        ("cross_entropy.check_cross_entropy_gradient",
         cross_entropy.check_cross_entropy_gradient, lossfns.cross_entropy_grad),
        ("cross_entropy.check_smoothed_binary_cross_entropy",
         cross_entropy.check_smoothed_binary_cross_entropy,
         lambda y, p, e: float(lossfns.binary_cross_entropy((1 - e) * y + e / 2, p))),
        ("mae.check_mae_subgradient", mae.check_mae_subgradient, lossfns.mae_grad),
        ("mae.check_huber_by_hand", mae.check_huber_by_hand,
         lambda e, d: lossfns.huber(np.zeros_like(e), e, delta=d, reduction="none")),
        ("hinge.check_my_hinge", hinge.check_my_hinge,
         lambda y, s: lossfns.hinge(y, s, reduction="none")),
        ("hinge.check_hinge_subgradient", hinge.check_hinge_subgradient,
         lambda y, s: lossfns.hinge_grad(y, s, reduction="none")),
        ("choosing.check_best_step", choosing.check_best_step,
         lambda v, p: early_stopping(v, patience=p).best_step),
        ("choosing.check_coverage", choosing.check_coverage,
         lambda x, y, w, b: float(np.mean(y <= w * x + b))),
        ("combined_losses.check_combined_loss", combined_losses.check_combined_loss,
         lambda labels, z, t, pred, lam: detection_loss(labels, t, z, pred, lam=lam).value),
        ("design.check_asymmetric_grad", design.check_asymmetric_grad,
         lambda t, p, k: 2 * np.where(p < t, k, 1.0) * (p - t) / len(t)),
        ("design.check_linex loss", lambda f: design.check_linex(f, linex_grad), linex),
        ("design.check_linex gradient", lambda f: design.check_linex(linex, f), linex_grad),
    ]


@pytest.mark.parametrize(("name", "check", "right"), _right_solutions(),
                         ids=[name for name, _, _ in _right_solutions()])
def test_every_checker_accepts_the_right_function_used_by_the_shared_rule_tests(
        name, check, right):
    assert check(right).is_correct, (name, check(right))


def _first_answer_always(right):
    """A learner who worked out the first case and typed the result in."""
    memory = []

    def typed_in(*args):
        if not memory:
            memory.append(right(*args))
        return memory[0]

    return typed_in


@pytest.mark.parametrize(("name", "check", "right"), _right_solutions(),
                         ids=[name for name, _, _ in _right_solutions()])
def test_every_checker_recognises_an_answer_that_ignores_the_input(name, check, right):
    text = str(check(_first_answer_always(right)))
    assert "on each of the" in text and "does not depend on its arguments" in text, \
        f"{name} did not recognise a typed-in answer: {text}"


def _significant(value, digits):
    """``value`` (a number, an array or a tuple of them) rounded to ``digits`` digits."""
    if isinstance(value, tuple):
        return tuple(_significant(v, digits) for v in value)
    array = np.asarray(value, dtype=float)
    rounded = np.vectorize(lambda v: float(f"{v:.{digits}g}"))(array)
    return float(rounded) if array.ndim == 0 else rounded


# Answers with nothing to round: counts, positions, steps, ±1 and 0, and the hinge losses of
# the chapter's scores, which have two decimals at most.
_NOTHING_TO_ROUND = {"mistake_notebook.check_worst_first",
                     "mistake_notebook.check_right_but_unsure", "hinge.check_hinge_subgradient",
                     "choosing.check_best_step", "hinge.check_my_hinge"}
# Significant digits that change some answer of the checker (3 unless its answers are short).
_DIGITS = {"welcome.check_mean": 2}


@pytest.mark.parametrize(("name", "check", "right"),
                         [row for row in _right_solutions() if row[0] not in _NOTHING_TO_ROUND],
                         ids=[row[0] for row in _right_solutions()
                              if row[0] not in _NOTHING_TO_ROUND])
def test_every_checker_says_that_a_rounded_answer_is_rounded(name, check, right):
    digits = _DIGITS.get(name, 3)
    text = str(check(lambda *args: _significant(right(*args), digits)))
    assert "looks rounded, to " in text, f"{name} did not call a rounded answer rounded: {text}"


@pytest.mark.parametrize(("check", "answer", "rounded"), [
    ("backprop.check_largest_stable_rate", 0.14, False),     # within its 1 %: accepted
    ("design.check_expectile_k", 8.5, False),                # within its 0.1 %: accepted
    ("hinge.check_support_vectors", 0.89, True),             # 0.894...: outside its 0.1 %
])
def test_the_checkers_of_one_number_with_a_wide_tolerance_call_a_coarser_rounding_rounded(
        check, answer, rounded):
    from lossfns.course.exercises import backprop, design, hinge

    module, function = check.split(".")
    checker_function = getattr({"backprop": backprop, "design": design,
                                "hinge": hinge}[module], function)
    feedback = (checker_function(hinge.support_vectors(), answer) if module == "hinge"
                else checker_function(answer))
    assert feedback.is_correct is not rounded, feedback
    assert ("looks rounded" in str(feedback)) is rounded, feedback


# --- run_cases -------------------------------------------------------------------------------


def _judge_mean(case, value):
    (values,) = case
    return compare_numbers(value, sum(values) / len(values), name=f"my_mean({values})")


MEAN_CASES = [([1.0, 2.0],), ([3.0, 4.0, 8.0],), ([5.0],)]


def test_run_cases_returns_none_when_every_case_passes():
    assert run_cases(lambda v: sum(v) / len(v), MEAN_CASES, _judge_mean, name="`my_mean`") is None


def test_run_cases_reports_the_first_failing_case_with_the_learners_value():
    calls = []

    def right_only_on_two_values(values):
        calls.append(list(values))
        return sum(values) / 2

    failure = run_cases(right_only_on_two_values, MEAN_CASES, _judge_mean, name="`my_mean`")
    assert isinstance(failure, Failure)
    assert failure.case is MEAN_CASES[1]
    assert failure.got == 7.5
    assert failure.exception is None
    assert str(failure.feedback) == (
        "✗ Not yet: my_mean([3.0, 4.0, 8.0]) is 7.5, which is too large.")
    assert calls == [[1.0, 2.0], [3.0, 4.0, 8.0]], "the cases after the first failure must not run"


def test_run_cases_turns_a_placeholder_into_not_attempted():
    for placeholder in (untouched, ..., None):
        failure = run_cases(placeholder, MEAN_CASES, _judge_mean, name="`my_mean`")
        assert failure.case is MEAN_CASES[0]
        assert failure.feedback.status == "not_attempted"


def test_run_cases_tells_a_function_without_return_to_add_one():
    def forgot_return(values):
        total = sum(values) / len(values)  # noqa: F841 - the learner forgot `return total`

    failure = run_cases(forgot_return, MEAN_CASES, _judge_mean, name="`my_mean`")
    assert "`my_mean` returned None" in str(failure.feedback)


def test_run_cases_keeps_the_learners_exception_and_reports_it_in_one_line():
    def through_n_minus_1(values):
        n = len(values)
        return sum(values) / (n - 1) * ((n - 1) / n)  # right, until n - 1 = 0

    failure = run_cases(through_n_minus_1, MEAN_CASES, _judge_mean, name="`my_mean`")
    assert failure.case is MEAN_CASES[2]
    assert isinstance(failure.exception, ZeroDivisionError)
    assert failure.feedback.status == "error"
    assert str(failure.feedback).startswith("✗ `my_mean` raised ZeroDivisionError")
    assert "\n" not in str(failure.feedback)


def test_run_cases_gives_every_call_its_own_copy_of_the_arguments():
    cases = [(np.array([1.0, 2.0]), {"scale": [2.0]})]

    def vandal(values, options):
        values[0] = 100.0
        options["scale"].append(3.0)
        return 0.0

    def judge(case, value):
        return None

    assert run_cases(vandal, cases, judge, name="`vandal`") is None
    assert cases[0][0].tolist() == [1.0, 2.0]
    assert cases[0][1] == {"scale": [2.0]}


def test_run_cases_judges_the_checkers_own_case_not_the_learners_copy():
    seen = []

    def judge(case, value):
        seen.append((case, value))
        return Feedback.correct()  # a correct feedback counts as a pass, like None

    case = ("label", np.array([3.0]))
    assert run_cases(lambda x: float(x[0]), [case], judge, name="`f`",
                     arguments=lambda c: (c[1],)) is None
    assert seen[0][0] is case and seen[0][1] == 3.0


# --- reading the learner's value -------------------------------------------------------------


def test_pair_of_numbers_reads_any_container_of_two_numbers():
    assert pair_of_numbers((1, 2.5)) == (1.0, 2.5)
    assert pair_of_numbers(np.array([[1.0], [2.0]])) == (1.0, 2.0)
    for not_a_pair in (1.0, [1.0, 2.0, 3.0], "12", ("1", "2"), {"mse": 1, "rmse": 2}, True, None):
        assert pair_of_numbers(not_a_pair) is None, not_a_pair


def test_one_number_accepts_a_finite_number_and_explains_anything_else():
    assert one_number(np.float32(2.5), "`k`") == (2.5, None)
    assert one_number([2.5], "`k`") == (2.5, None)
    expected = {
        ...: "… Not attempted yet: replace the `...` in `k` with your code, then run the cell "
             "again.",
        "2.5": "✗ Not yet: `k` should be a number, but it is '2.5': compute it, do not type it "
               "in quotes.",
        True: "✗ Not yet: `k` should be a number, but it is True.",
        (1.0, 2.0): "✗ Not yet: `k` should be one number, but it has shape (2,).",
        float("nan"): str(non_finite_hint(float("nan"), "`k`")),
    }
    for value, message in expected.items():
        number, feedback = one_number(value, "`k`")
        assert number is None and str(feedback) == message, value


def test_numbers_text_writes_numbers_as_a_learner_types_them():
    assert numbers_text([301.0, 400.0, 0.5, -1e-7]) == "[301, 400, 0.5, -1e-07]"
    assert numbers_text(np.array([[1.0, 2.0]])) == "[1, 2]"


def test_quoted_cuts_long_values_with_an_ellipsis():
    assert quoted("0.22") == "'0.22'"
    assert quoted(list(range(100)), limit=10) == "[0, 1, 2,…"
    assert len(quoted(list(range(100)))) == 60


# --- Feedback ----------------------------------------------------------------------------


def test_feedback_prints_as_one_friendly_line():
    assert str(Feedback.correct("well done.")) == "✓ Correct: well done."
    assert repr(Feedback.hint("divide by n.")) == "✗ Not yet: divide by n."
    assert str(Feedback.not_attempted("`f`")).startswith("… Not attempted yet: replace the `...`")


def test_feedback_is_truthy_only_when_correct():
    assert Feedback.correct()
    assert not Feedback.hint("x")
    assert not Feedback.not_attempted()
    assert not Feedback.from_exception(ValueError("bad"))


def test_feedback_html_marks_code_and_escapes_markup():
    html = Feedback.hint("use `a < b` here")._repr_html_()
    assert re.search(r"<code[^>]*>a &lt; b</code>", html)
    assert "color: #1a1a1a" in html  # own colours: legible on light and dark themes
    assert 'data-status="incorrect"' in html and 'role="status"' in html


def test_feedback_rejects_unknown_status():
    with pytest.raises(ValueError, match="status must be one of"):
        Feedback("great", "message")


def test_first_failure_returns_first_wrong_feedback():
    wrong = Feedback.hint("b")
    assert first_failure([Feedback.correct(), wrong, Feedback.hint("c")]) is wrong
    assert first_failure([Feedback.correct()]) is None


# --- run_learner_function ----------------------------------------------------------------


def test_placeholder_function_is_not_attempted():
    attempt = run_learner_function(untouched, [1.0])
    assert not attempt.ok
    assert attempt.feedback.status == "not_attempted"
    assert "`untouched`" in str(attempt.feedback)


def test_not_implemented_error_is_not_attempted():
    def f(x):
        raise NotImplementedError

    assert run_learner_function(f, 1).feedback.status == "not_attempted"


def test_code_without_return_is_told_to_add_one():
    def f(x):
        total = 2 * x  # noqa: F841 - the learner forgot `return total`

    feedback = run_learner_function(f, 1).feedback
    assert feedback.status == "incorrect"
    assert str(feedback) == (
        "✗ Not yet: `f` returned None: if you have written your code, add a `return` "
        "statement (a function without one returns None)."
    )


def test_method_with_code_without_return_is_told_to_add_one():
    class Learner:
        def answer(self, x):
            """Docstrings and comments are not code."""
            print(x, end="")

    feedback = run_learner_function(Learner().answer, "", name="`Learner.answer`").feedback
    assert "`Learner.answer` returned None" in str(feedback)


def test_placeholder_with_docstring_pass_or_comments_is_still_not_attempted():
    def with_docstring(x):
        """Return twice x."""
        # Your code here
        ...  # noqa: PIE790 - the exercise placeholder

    def with_pass(x):
        pass

    class Learner:
        def answer(self, x):
            # Your code here
            ...

    for fn in (with_docstring, with_pass, Learner().answer, lambda x: None, lambda x: ...):
        assert run_learner_function(fn, 1).feedback.status == "not_attempted", fn


def test_returned_none_without_source_keeps_not_attempted():
    fn = eval("lambda x: print(end='')")  # no source file: inspect.getsource fails
    assert run_learner_function(fn, 1).feedback.status == "not_attempted"


@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholder_instead_of_a_function_is_not_attempted(placeholder):
    assert run_learner_function(placeholder, 1).feedback.status == "not_attempted"


def test_learner_exception_becomes_one_line_without_traceback():
    def f(values):
        return values[10]

    attempt = run_learner_function(f, [1, 2])
    text = str(attempt.feedback)
    assert attempt.feedback.status == "error"
    assert isinstance(attempt.exception, IndexError)
    assert "\n" not in text and "Traceback" not in text
    assert text.startswith("✗ `f` raised IndexError (list index out of range).")


def test_non_callable_gets_a_hint():
    feedback = run_learner_function(3.0, 1).feedback
    assert feedback.status == "incorrect"
    assert "expected a function" in str(feedback)


def test_successful_call_returns_the_value():
    attempt = run_learner_function(lambda a, b=0: a + b, 1, b=2)
    assert attempt.ok and attempt.value == 3


def test_is_placeholder():
    assert is_placeholder(...) and is_placeholder(None)
    assert not is_placeholder(0) and not is_placeholder("")


# --- compare_numbers ---------------------------------------------------------------------


def test_compare_numbers_accepts_values_within_tolerance():
    assert compare_numbers(1 / 3, 0.333333333333, rtol=1e-9)
    assert compare_numbers(np.float32(0.5), 0.5)
    assert compare_numbers([1.0, 2.0], np.array([1.0, 2.0]))


def test_compare_numbers_uses_first_matching_hint():
    hints = [(lambda g: g > 100, "far too big"), (lambda g: g > 10, "too big")]
    assert str(compare_numbers(50, 1.0, hints=hints)) == "✗ Not yet: too big"
    assert str(compare_numbers(500, 1.0, hints=hints)) == "✗ Not yet: far too big"


def test_compare_numbers_skips_a_hint_whose_predicate_raises():
    hints = [(lambda g: g["key"], "never"), (lambda g: True, "fallback hint")]
    assert str(compare_numbers(2.0, 1.0, hints=hints)) == "✗ Not yet: fallback hint"


def test_compare_numbers_generic_message_says_which_way_without_the_answer():
    assert str(compare_numbers(2.0, 1.5, name="`x`")) == "✗ Not yet: `x` is 2, which is too large."
    assert str(compare_numbers(1.0, 1.5, name="`x`")) == "✗ Not yet: `x` is 1, which is too small."


def test_compare_numbers_generic_message_for_arrays_says_where_without_the_answer():
    message = str(compare_numbers([1.0, 2.0, 9.0, 7.0], [1.0, 2.0, 3.0, 4.0], name="`v`"))
    assert message == (
        "✗ Not yet: `v` differs from the expected values at 2 of 4 positions, "
        "the first at index 2."
    )
    assert "3.0" not in message and "4.0" not in message


@pytest.mark.parametrize("got", ["4.4", True, {"a": 1}])
def test_compare_numbers_wants_a_number(got):
    feedback = compare_numbers(got, 4.4)
    assert feedback.status == "incorrect" and "should be a number" in str(feedback)


def test_compare_numbers_reports_shape_mismatch():
    feedback = compare_numbers([4.4, 4.4], 4.4)
    assert "Return one number, not a list" in str(feedback)


def test_compare_numbers_placeholder_is_not_attempted():
    assert compare_numbers(..., 1.0).status == "not_attempted"


def test_compare_numbers_nan_is_never_correct():
    assert not compare_numbers(float("nan"), float("nan"))


# --- checker decorator -------------------------------------------------------------------


def test_checker_turns_an_unexpected_exception_into_one_line():
    @checker
    def check(x):
        return compare_numbers(x.missing_attribute, 1.0)

    feedback = check(object())
    assert feedback.status == "error"
    assert "\n" not in str(feedback) and "AttributeError" in str(feedback)


def test_checker_insists_on_returning_feedback():
    @checker
    def check(x):
        return True

    with pytest.raises(TypeError, match="must return a Feedback"):
        check(1)
