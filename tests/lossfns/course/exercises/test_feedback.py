"""The checkers' shared toolkit: one tolerance rule (close, differs), one case loop (run_cases).

Every chapter module of lossfns.course.exercises compares a learner's answer with ``close`` and
runs the learner's function on its cases with ``run_cases``; these tests pin down what
the chapters rely on.
"""

import numpy as np
import pytest

from lossfns.course.exercises import (
    ATOL,
    RTOL,
    Failure,
    Feedback,
    close,
    compare_numbers,
    differs,
    mistake_message,
    numbers_text,
    one_number,
    pair_of_numbers,
    quoted,
    run_cases,
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
        float("nan"): "✗ Not yet: `k` is nan; it should be a finite number.",
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
