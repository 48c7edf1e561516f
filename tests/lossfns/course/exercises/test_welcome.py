"""Exercise feedback: friendly one-liners, never a traceback; the welcome chapter's checkers."""

import re
import statistics

import numpy as np
import pytest

from lossfns.course.exercises import (
    Feedback,
    checker,
    compare_numbers,
    first_failure,
    is_placeholder,
    run_learner_function,
)
from lossfns.course.exercises.welcome import OBSERVATIONS, check_best_constant, check_mean


def untouched(values):
    # Your code here
    ...


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


# --- welcome.check_mean ------------------------------------------------------------------


@pytest.mark.parametrize(
    "solution",
    [
        lambda values: sum(values) / len(values),
        statistics.mean,
        lambda values: float(np.mean(values)),
        lambda values: np.mean(values),
    ],
)
def test_check_mean_accepts_correct_solutions(solution):
    feedback = check_mean(solution)
    assert feedback.is_correct, feedback
    assert str(feedback).startswith("✓ Correct")


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda v: sum(v), "returned the sum, 22"),
        (lambda v: sum(v) / (len(v) - 1), "divided by n - 1 = 4"),
        (lambda v: sum(v) // len(v), "rounded down to 4: use `/`"),
        (lambda v: sorted(v)[len(v) // 2], "the middle value (the median)"),
        (lambda v: len(v), "returned how many numbers there are"),
        (lambda v: [x / len(v) for x in v], "Return one number, not a list"),
        (lambda v: "4.4", "should be a number"),
    ],
)
def test_check_mean_recognises_typical_mistakes(mistake, hint):
    feedback = check_mean(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_mean_division_by_zero_on_one_value_points_at_n_minus_1():
    # A function that is right on the first case reaches the single-value case.
    feedback = check_mean(lambda v: 4.4 if len(v) == 5 else sum(v) / (len(v) - 1))
    assert "divided by zero" in str(feedback) and "not n - 1" in str(feedback)


def test_check_mean_rejects_a_hard_coded_answer():
    feedback = check_mean(lambda v: 4.4)
    assert feedback.status == "incorrect"
    assert "my_mean([5.0])" in str(feedback)


def test_check_mean_placeholder_is_not_attempted():
    assert check_mean(untouched).status == "not_attempted"


def test_check_mean_reports_learner_exception_in_one_line():
    feedback = check_mean(lambda v: v.mean())
    assert feedback.status == "error"
    assert str(feedback).startswith("✗ `my_mean` raised AttributeError")
    assert "\n" not in str(feedback)


# --- welcome.check_best_constant ---------------------------------------------------------


def test_check_best_constant_accepts_the_mean():
    assert check_best_constant(4.4).is_correct
    assert check_best_constant(np.mean(OBSERVATIONS)).is_correct


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (9.44, "is the smallest MSE itself"),
        (4.5, "steps of 0.5"),
        (4.0, "steps of 0.5"),
        (3, "is the median"),
        ("4.4", "should be a number"),
    ],
)
def test_check_best_constant_recognises_typical_mistakes(answer, hint):
    feedback = check_best_constant(answer)
    assert feedback.status == "incorrect"
    assert hint in str(feedback)


def test_check_best_constant_placeholder_is_not_attempted():
    assert check_best_constant(...).status == "not_attempted"
