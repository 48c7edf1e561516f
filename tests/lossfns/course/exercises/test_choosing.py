"""Chapter 8 checkers: accept the reference answers, name each typical mistake, never raise.

Oracles: the registry's table (loss_table) for the loss choices, a plain-Python
restatement of the patience rule, and NumPy comparisons counted by hand for the coverage.
"""

import numpy as np
import pytest

from lossfns import LOSSES, loss_table
from lossfns.course.exercises.choosing import (
    BEST_STEP_CASES,
    COVERAGE_CASES,
    TASKS_TO_CHOOSE_FOR,
    accepted_losses,
    check_best_step,
    check_coverage,
    check_loss_choices,
    same_loss_as_accepted,
)
from lossfns.training import early_stopping

RIGHT = {"bakery": "quantile_loss", "birds": "focal_loss", "boxes": "smooth_l1"}


def untouched(*args):
    # Your code here
    ...


# --- exercise 1: pick the loss ---------------------------------------------------------------


def test_accepted_losses_come_from_the_table_rows_of_each_use():
    for key, (_, use, task) in TASKS_TO_CHOOSE_FOR.items():
        accepted = accepted_losses(key)
        assert accepted and set(accepted) <= {row.loss for row in loss_table([use])}
        assert all(LOSSES[name].task == task for name in accepted)
    assert set(accepted_losses("birds")) == {"cross_entropy", "focal_loss"}
    with pytest.raises(ValueError, match="key must be one of"):
        accepted_losses("zebras")


@pytest.mark.parametrize("choices", [
    RIGHT,
    {**RIGHT, "birds": "cross_entropy"},
    {"bakery": " quantile_loss ", "birds": "focal_loss", "boxes": "smooth_l1"},
])
def test_loss_choice_checker_accepts_the_recommended_losses(choices):
    feedback = check_loss_choices(choices)
    assert feedback.is_correct, feedback


def test_huber_at_its_default_delta_is_smooth_l1_at_its_default_beta():
    # the fact of chapter 6 that makes "huber" a right pick for the boxes
    errors = np.random.default_rng(17).normal(0.0, 2.0, 50)
    zeros = np.zeros_like(errors)
    assert np.allclose(LOSSES["huber"].value(zeros, errors, reduction="none"),
                       LOSSES["smooth_l1"].value(zeros, errors, reduction="none"),
                       rtol=1e-12, atol=0.0)


def test_loss_choice_checker_accepts_huber_for_the_boxes_and_says_why():
    feedback = check_loss_choices({**RIGHT, "boxes": "huber"})
    assert feedback.is_correct, feedback
    assert "the same loss as `smooth_l1`" in str(feedback)
    assert same_loss_as_accepted("boxes", "huber") == "smooth_l1"


@pytest.mark.parametrize(("key", "name"), [
    ("boxes", "rmse"),        # per example it is |e|, as the MAE: only the means differ
    ("boxes", "mae"), ("boxes", "log_cosh"), ("boxes", "mse"), ("bakery", "mae"),
    ("bakery", "huber"), ("birds", "binary_cross_entropy"), ("birds", "no such loss"),
])
def test_only_a_loss_equal_to_an_accepted_one_on_every_batch_counts_as_the_same(key, name):
    assert same_loss_as_accepted(key, name) is None
    with pytest.raises(ValueError, match="key must be one of"):
        same_loss_as_accepted("zebras", "huber")


@pytest.mark.parametrize(("choices", "hint"), [
    ({**RIGHT, "bakery": "mse"}, 'recommends it for "regression"'),
    ({**RIGHT, "bakery": "mae"}, "conditional median"),
    ({**RIGHT, "bakery": "expected_cost"},
     "is a multi-class loss, but this task needs a regression output"),
    ({**RIGHT, "birds": "binary_cross_entropy"}, "is a binary loss"),
    ({**RIGHT, "birds": "kl_divergence"}, "distillation"),
    ({**RIGHT, "bakery": "huber"}, '"noisy labels"'),
    ({**RIGHT, "boxes": "mse"}, "for `boxes`, `mse`"),
    ({**RIGHT, "boxes": "Smooth L1"}, "Did you mean one of ['smooth_l1']"),
    ({**RIGHT, "bakery": "pinball"}, "not a name in lossfns.LOSSES"),
    ({**RIGHT, "bakery": 3}, "should be a loss name"),
    ({**RIGHT, "boxes": LOSSES["smooth_l1"].value}, 'write its name as text, "smooth_l1"'),
    ({**RIGHT, "zebras": "mse"}, "the tasks are"),
    (["quantile_loss", "focal_loss", "smooth_l1"], "should be a dict"),
])
def test_loss_choice_checker_explains_wrong_picks(choices, hint):
    feedback = check_loss_choices(choices)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_loss_choice_checker_never_names_the_right_loss_in_a_hint():
    for key in TASKS_TO_CHOOSE_FOR:
        for wrong in ("mse", "mae", "hinge", "cross_entropy", "log_cosh"):
            if wrong in accepted_losses(key):
                continue
            text = str(check_loss_choices({**RIGHT, key: wrong}))
            for right in accepted_losses(key):
                assert f"`{right}`" not in text, text


def test_loss_choice_checker_placeholders_say_not_attempted():
    assert check_loss_choices(...).status == "not_attempted"
    assert check_loss_choices({"bakery": ..., "birds": ..., "boxes": ...}).status == \
        "not_attempted"
    assert check_loss_choices({"bakery": "quantile_loss"}).status == "not_attempted"


# --- exercise 2: the step early stopping keeps -------------------------------------------------


def loop_solution(val_loss, patience):
    best = 0
    for step in range(1, len(val_loss)):
        if val_loss[step] < val_loss[best]:
            best = step
        elif step - best >= patience:
            break
    return best


def restated(val_loss, patience):
    for t in range(1, len(val_loss)):
        if t - int(np.argmin(val_loss[:t + 1])) >= patience:
            return int(np.argmin(val_loss[:t + 1]))
    return int(np.argmin(val_loss))


def rises_in_a_row(val_loss, patience):
    """The wrong rule of issue 17: stop after `patience` rises in a row, keep the best."""
    best, rises = 0, 0
    for step in range(1, len(val_loss)):
        if val_loss[step] < val_loss[best]:
            best = step
        rises = rises + 1 if val_loss[step] > val_loss[step - 1] else 0
        if rises >= patience:
            break
    return best


def step_before_the_rises(val_loss, patience):
    """The same rule, keeping the step just before the rises (the lowest loss if none)."""
    rises = 0
    for step in range(1, len(val_loss)):
        rises = rises + 1 if val_loss[step] > val_loss[step - 1] else 0
        if rises >= patience:
            return step - patience
    return int(np.argmin(val_loss))


def test_cases_tell_the_typical_mistakes_apart():
    patience_one = [early_stopping(v, patience=1).best_step for v, _ in BEST_STEP_CASES]
    expected = [early_stopping(v, patience=p).best_step for v, p in BEST_STEP_CASES]
    argmins = [int(np.argmin(v)) for v, _ in BEST_STEP_CASES]
    assert patience_one != expected and argmins != expected


def test_the_issue_curve_keeps_different_steps_under_the_two_patience_rules():
    curve = np.array([1, .5, .6, .55, .6, .58, .62, .59, .61, .4])
    assert (curve.tolist(), 2) in [(list(v), p) for v, p in BEST_STEP_CASES], \
        "the curve of issue 17 (patience 2) is not among the checker's cases"
    assert loop_solution(curve, 2) == 1      # two steps without beating 0.5: stop at step 3
    assert rises_in_a_row(curve, 2) == 9     # never two rises in a row: runs to the end


@pytest.mark.parametrize("wrong_rule", [rises_in_a_row, step_before_the_rises])
def test_some_case_separates_steps_without_improvement_from_rises_in_a_row(wrong_rule):
    separated = [loop_solution(v, p) != wrong_rule(np.array(v), p) for v, p in BEST_STEP_CASES]
    assert any(separated), f"no case tells {wrong_rule.__name__} from the patience rule"


@pytest.mark.parametrize("wrong_rule", [rises_in_a_row, step_before_the_rises])
def test_best_step_checker_rejects_patience_counted_as_rises_in_a_row(wrong_rule):
    feedback = check_best_step(wrong_rule)
    assert not feedback.is_correct, f"{wrong_rule.__name__} was accepted"
    assert "*rises in a row*" in str(feedback), feedback


@pytest.mark.parametrize("solution", [
    loop_solution, restated,
    lambda v, p: np.int64(loop_solution(v, p)),
    lambda v, p: float(loop_solution(v, p)),
    lambda v, p: np.float32(loop_solution(v, p)),
])
def test_best_step_checker_accepts_correct_solutions(solution):
    feedback = check_best_step(solution)
    assert feedback.is_correct, feedback


def ties_count_as_better(val_loss, patience):
    best = 0
    for step in range(1, len(val_loss)):
        if val_loss[step] <= val_loss[best]:
            best = step
        elif step - best >= patience:
            break
    return best


def stopped_step(val_loss, patience):
    return early_stopping(val_loss, patience=patience).stopped_at or len(val_loss) - 1


@pytest.mark.parametrize(("wrong", "hint"), [
    (stopped_step, "the step at which training *stops*"),
    (lambda v, p: int(np.argmin(v)), "lowest loss of the whole curve"),
    (lambda v, p: early_stopping(v, patience=1).best_step, "first rise"),
    (lambda v, p: early_stopping(v, patience=p).best_loss, "return its step"),
    (lambda v, p: early_stopping(v, patience=p).best_step + 1, "steps count from 0"),
    (lambda v, p: early_stopping(v, patience=max(p - 1, 1)).best_step, "one step too early"),
    (lambda v, p: early_stopping(v, patience=p + 1).best_step, "one step too long"),
    (lambda v, p: str(early_stopping(v, patience=p).best_step), "do not type them in quotes"),
    (lambda v, p: [early_stopping(v, patience=p).best_step] * 2, "return one step number"),
    (lambda v, p: 0, "`best_step_with_patience` returned 0 on each of the 8 test inputs"),
    (lambda v, p: ties_count_as_better(v, p), "compare with <"),
    (lambda v, p: 1 / 0, "raised ZeroDivisionError"),
])
def test_best_step_checker_names_each_mistake(wrong, hint):
    feedback = check_best_step(wrong)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_best_step_checker_placeholder_and_missing_return():
    def forgot_return(val_loss, patience):
        best = int(np.argmin(val_loss))  # noqa: F841

    assert check_best_step(untouched).status == "not_attempted"
    assert check_best_step(...).status == "not_attempted"
    assert "return" in str(check_best_step(forgot_return))


# --- exercise 3: coverage ---------------------------------------------------------------------


def test_coverage_cases_include_points_exactly_on_the_line():
    for x, y, slope, intercept in COVERAGE_CASES:
        assert np.any(np.isclose(y, slope * x + intercept))


@pytest.mark.parametrize("solution", [
    lambda x, y, w, b: np.mean(y <= w * x + b),
    lambda x, y, w, b: float(np.sum(y - (w * x + b) <= 0) / len(y)),
    lambda x, y, w, b: np.float32(np.mean(y <= w * x + b)),
    lambda x, y, w, b: sum(1 for s, t in zip(x, y) if t <= w * s + b) / len(x),
])
def test_coverage_checker_accepts_correct_solutions(solution):
    feedback = check_coverage(solution)
    assert feedback.is_correct, feedback


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda x, y, w, b: np.mean(y < w * x + b), "points exactly on the line are left out"),
    (lambda x, y, w, b: np.mean(y > w * x + b), "fraction *above*"),
    (lambda x, y, w, b: np.mean(y >= w * x + b), "on or above"),
    (lambda x, y, w, b: np.sum(y <= w * x + b), "a count of points"),
    (lambda x, y, w, b: 100 * np.mean(y <= w * x + b), "a percentage"),
    (lambda x, y, w, b: np.mean(y <= b * x + w), "swapped"),
    (lambda x, y, w, b: y <= w * x + b, "one True/False per point"),
    (lambda x, y, w, b: f"{np.mean(y <= w * x + b)}", "do not type them in quotes"),
    (lambda x, y, w, b: 0.5, "`coverage` returned 0.5 on each of the 3 test inputs"),
    (lambda x, y, w, b: round(float(np.mean(y <= w * x + b)), 2), "looks rounded"),
])
def test_coverage_checker_names_each_mistake(wrong, hint):
    feedback = check_coverage(wrong)
    assert not feedback.is_correct
    assert hint in str(feedback), feedback


def test_coverage_checker_placeholder_and_errors():
    assert check_coverage(untouched).status == "not_attempted"
    feedback = check_coverage(lambda x, y, w, b: x.nope)
    assert feedback.status == "error" and "AttributeError" in str(feedback)
