"""Chapter 1 checkers: accept the reference answers, name each typical mistake, never raise."""

import math

import numpy as np
import pytest

from lossfns.course.exercises.mistake_notebook import (
    LABELS,
    PROBABILITIES,
    check_entry_losses,
    check_right_but_unsure,
    check_worst_first,
)


def untouched(*args):
    # Your code here
    ...


def _p_true(p, y):
    return np.asarray(p)[np.arange(len(y)), np.asarray(y)]


# --- exercise 1: entry losses -------------------------------------------------------------


def entry_losses_plain_python(probabilities, labels):
    return [-math.log(row[label]) for row, label in zip(probabilities, labels)]


@pytest.mark.parametrize(
    "solution",
    [
        entry_losses_plain_python,
        lambda p, y: -np.log(_p_true(p, y)),
        lambda p, y: tuple(-np.log(_p_true(p, y))),
        lambda p, y: np.log(1.0 / _p_true(p, y)),
    ],
)
def test_entry_losses_accepts_reference_solutions(solution):
    feedback = check_entry_losses(solution)
    assert feedback.is_correct, feedback
    assert "photo 6, p = 0.25" in str(feedback)


def test_entry_losses_expected_values_agree_with_the_natural_log():
    # Oracle independent of lossfns: -ln p of the article's cat (80 %) is 0.2231... nats.
    feedback = check_entry_losses(lambda p, y: [-math.log(p[i][y[i]]) for i in range(len(y))])
    assert feedback.is_correct
    assert math.isclose(-math.log(0.8), 0.22314355131420976, rel_tol=1e-15)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda p, y: np.log(_p_true(p, y)), "every value is negative"),
        (lambda p, y: -np.log10(_p_true(p, y)), "that is log base 10"),
        (lambda p, y: -np.log2(_p_true(p, y)), "the loss in bits"),
        (lambda p, y: -np.log(np.max(p, axis=1)), "the class the model *predicted*"),
        (lambda p, y: -np.log(p[:, 0]), "you used the first column (cat)"),
        (lambda p, y: _p_true(p, y), "probabilities of the true classes themselves"),
        (lambda p, y: 1 - _p_true(p, y), "1 - p is the probability"),
        (lambda p, y: float(np.mean(-np.log(_p_true(p, y)))), "that is the average loss"),
        (lambda p, y: float(np.sum(-np.log(_p_true(p, y)))), "returned one number"),
        (lambda p, y: -np.log(_p_true(p, y))[:-1], "has shape"),
        (lambda p, y: "losses", "returned text"),
    ],
)
def test_entry_losses_names_the_typical_mistake(mistake, hint):
    feedback = check_entry_losses(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


@pytest.mark.parametrize("placeholder", [untouched, ..., None])
def test_entry_losses_placeholder_is_not_attempted(placeholder):
    assert check_entry_losses(placeholder).status == "not_attempted"


def test_entry_losses_does_not_let_the_learner_change_the_table():
    def destructive(p, y):
        p[:] = 0.5  # modifies its own copy only
        return -np.log(_p_true(p, y))

    check_entry_losses(destructive)
    assert check_entry_losses(entry_losses_plain_python).is_correct


# --- exercise 2: worst first --------------------------------------------------------------


def worst_first_plain_python(losses, k):
    return sorted(range(len(losses)), key=lambda i: losses[i], reverse=True)[:k]


@pytest.mark.parametrize(
    "solution",
    [
        worst_first_plain_python,
        lambda losses, k: list(np.argsort(losses)[::-1][:k]),
        lambda losses, k: np.argsort(-np.asarray(losses))[:k],
    ],
)
def test_worst_first_accepts_reference_solutions(solution):
    feedback = check_worst_first(solution)
    assert feedback.is_correct, feedback
    assert "photos 3, 1 and 5" in str(feedback)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda losses, k: [i + 1 for i in worst_first_plain_python(losses, k)],
         "counted from 1"),
        (lambda losses, k: worst_first_plain_python(losses, k)[::-1], "in the wrong order"),
        (lambda losses, k: list(np.argsort(losses)[:k]), "the *smallest* losses"),
        (lambda losses, k: sorted(losses, reverse=True)[:k], "those are the loss values"),
        (lambda losses, k: worst_first_plain_python(losses, len(losses)),
         "keep only the first k = 3"),
        (lambda losses, k: worst_first_plain_python(losses, k)[:1], "returned 1 value(s)"),
        (lambda losses, k: int(np.argmax(losses)), "returned 1 value(s)"),
        (lambda losses, k: ["photo 3"], "returned text"),
    ],
)
def test_worst_first_names_the_typical_mistake(mistake, hint):
    feedback = check_worst_first(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_worst_first_single_position_instead_of_a_list_gets_a_gentle_hint():
    # Right for k = 3 and k = ... but returns a bare number when k = 1.
    def almost(losses, k):
        top = worst_first_plain_python(losses, k)
        return top[0] if k == 1 else top

    feedback = check_worst_first(almost)
    assert feedback.status == "incorrect"
    assert "return a list, even of one position: [2]" in str(feedback)


@pytest.mark.parametrize("placeholder", [untouched, ..., None])
def test_worst_first_placeholder_is_not_attempted(placeholder):
    assert check_worst_first(placeholder).status == "not_attempted"


# --- exercise 3: right but unsure ---------------------------------------------------------


def right_but_unsure_plain_python(probabilities, labels, threshold):
    count = 0
    for row, label in zip(probabilities, labels):
        row = list(row)
        if row.index(max(row)) == label and -math.log(row[label]) > threshold:
            count += 1
    return count


def test_right_but_unsure_answer_on_the_exercise_table_is_counted_by_hand():
    # The table's right answers with p_true < e^-0.2 = 0.8187: rows 1, 3, 7 and 9.
    p_true = _p_true(PROBABILITIES, LABELS)
    right = np.argmax(PROBABILITIES, axis=1) == np.array(LABELS)
    assert np.flatnonzero(right & (p_true < math.exp(-0.2))).tolist() == [1, 3, 7, 9]
    assert right_but_unsure_plain_python(PROBABILITIES, LABELS, 0.2) == 4


@pytest.mark.parametrize(
    "solution",
    [
        right_but_unsure_plain_python,
        lambda p, y, t: int(np.sum((p.argmax(axis=1) == y) & (-np.log(_p_true(p, y)) > t))),
        lambda p, y, t: np.count_nonzero((p.argmax(axis=1) == y) & (_p_true(p, y) < np.exp(-t))),
    ],
)
def test_right_but_unsure_accepts_reference_solutions(solution):
    feedback = check_right_but_unsure(solution)
    assert feedback.is_correct, feedback
    assert "9 of the 11 photos are classified correctly, yet 4 of them" in str(feedback)


def _right(p, y):
    return p.argmax(axis=1) == y


def _loss(p, y):
    return -np.log(_p_true(p, y))


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda p, y, t: int(np.sum(~_right(p, y))), "you counted the wrong answers"),
        (lambda p, y, t: int(np.sum(_loss(p, y) > t)), "wrong answers included"),
        (lambda p, y, t: int(np.sum(_right(p, y) & (_loss(p, y) < t))), "*below* 0.2 nats"),
        (lambda p, y, t: int(np.sum(_right(p, y))), "you counted every right answer"),
        (lambda p, y, t: int(np.sum(_right(p, y) & (_p_true(p, y) > t))),
         "compare the loss with the threshold, not the probability"),
        (lambda p, y, t: float(np.mean(_right(p, y) & (_loss(p, y) > t))), "a fraction"),
        (lambda p, y, t: 4, "`right_but_unsure` returned 4 on each of the 3 test inputs"),
        (lambda p, y, t: int(np.sum(_right(p, y) & (_loss(p, y) > 0.2))),  # ignores t
         "Does it use the `threshold` argument"),
    ],
)
def test_right_but_unsure_names_the_typical_mistake(mistake, hint):
    feedback = check_right_but_unsure(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


@pytest.mark.parametrize("placeholder", [untouched, ..., None])
def test_right_but_unsure_placeholder_is_not_attempted(placeholder):
    assert check_right_but_unsure(placeholder).status == "not_attempted"


# --- all checkers: never a traceback ------------------------------------------------------


@pytest.mark.parametrize("check", [check_entry_losses, check_worst_first, check_right_but_unsure])
@pytest.mark.parametrize(
    "learner",
    [
        lambda *args: 1 / 0,
        lambda: 1.0,  # wrong number of parameters
        lambda *args: object(),
        lambda *args: [[1.0, 2.0], [3.0]],
        lambda *args: float("nan"),
        42,
    ],
)
def test_checkers_never_raise(check, learner):
    feedback = check(learner)
    assert not feedback
    assert "\n" not in str(feedback) and "Traceback" not in str(feedback)


def test_checker_docstring_examples_run():
    import doctest

    from lossfns.course.exercises import mistake_notebook

    result = doctest.testmod(mistake_notebook, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# --- found in review: answers the first version of the checkers misjudged ------------------


def test_entry_losses_accepts_a_float32_answer():
    feedback = check_entry_losses(lambda p, y: (-np.log(_p_true(p, y))).astype(np.float32))
    assert feedback.is_correct, feedback


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda p, y: [str(v) for v in -np.log(_p_true(p, y))], "returned text"),
        (lambda p, y: np.sort(-np.log(_p_true(p, y))), "the right numbers in the wrong order"),
        (lambda p, y: np.round(-np.log(_p_true(p, y)), 3), "looks rounded, to 3 decimal places"),
        (lambda p, y: -np.log(_p_true(p, y)).astype(complex), "should return numbers"),
    ],
)
def test_entry_losses_rejects_text_sorted_and_rounded_answers(mistake, hint):
    feedback = check_entry_losses(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda losses, k: [str(i) for i in worst_first_plain_python(losses, k)],
         "returned text (['3', '1', '5'])"),
        (lambda losses, k: [float(i) for i in worst_first_plain_python(losses, k)],
         "the right photos, but positions are whole numbers"),
        (lambda losses, k: np.array(worst_first_plain_python(losses, k), dtype=np.float32),
         "positions are whole numbers"),
        (lambda losses, k: [(i, losses[i]) for i in worst_first_plain_python(losses, k)],
         "not (position, loss) pairs"),
        (lambda losses, k: [worst_first_plain_python(losses, k)], "return a flat list"),
    ],
)
def test_worst_first_rejects_text_floats_pairs_and_nesting(mistake, hint):
    feedback = check_worst_first(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        # 2 on the first case, like the wrong answers, but 0 and 1 on the others.
        (lambda p, y, t: int(np.sum(_right(p, y) & (-np.log10(_p_true(p, y)) > t))),
         "with the natural logarithm"),
        (lambda p, y, t: int(np.sum(_right(p, y) & (-np.log2(_p_true(p, y)) > t))),
         "with the natural logarithm"),
        (lambda p, y, t: int(np.sum(_right(p, y) & (_p_true(p, y) > t))),
         "you compared the probability p_true with the threshold"),
        # 4 photos on the second page: the later-case message names it, not "page 1".
        (lambda p, y, t: 2 if len(y) == 11 and t == 0.5 else (4 if len(y) == 11 else 3),
         "on a second page of 4 photos, with threshold 0.1 your function returns 3"),
    ],
)
def test_right_but_unsure_hints_hold_on_every_case(mistake, hint):
    feedback = check_right_but_unsure(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


@pytest.mark.parametrize("off_by", [1, -1])
def test_right_but_unsure_off_by_one_gets_no_misleading_named_hint(off_by):
    # 5 on the first case equals the count of right answers below the threshold;
    # that coincidence must not produce the "below" hint.
    def off_by_one(p, y, t):
        return int(np.sum(_right(p, y) & (_loss(p, y) > t))) + off_by

    feedback = check_right_but_unsure(off_by_one)
    assert feedback.status == "incorrect"
    direction = "large" if off_by > 0 else "small"
    assert f"is {4 + off_by}, which is too {direction}" in str(feedback)


def test_right_but_unsure_reports_numpy_numbers_plainly():
    feedback = check_right_but_unsure(lambda p, y, t: np.float64(36.5))
    assert "returned 36.5 on each" in str(feedback) and "np.float64" not in str(feedback)


def _entry_losses_without_return(probabilities, labels):
    losses = -np.log(_p_true(probabilities, labels))  # noqa: F841 - the learner's slip


def _worst_first_without_return(losses, k):
    positions = worst_first_plain_python(losses, k)  # noqa: F841


def _right_but_unsure_without_return(probabilities, labels, threshold):
    count = int(np.sum(_right(probabilities, labels)))  # noqa: F841


@pytest.mark.parametrize(
    ("check", "learner"),
    [
        (check_entry_losses, _entry_losses_without_return),
        (check_worst_first, _worst_first_without_return),
        (check_right_but_unsure, _right_but_unsure_without_return),
    ],
)
def test_checkers_name_a_forgotten_return(check, learner):
    feedback = check(learner)
    assert feedback.status == "incorrect"
    assert "add a `return` statement" in str(feedback)


def test_a_typed_in_list_of_positions_is_called_typed_in_not_counted_from_one():
    # issue 17: [3, 1, 5], the answer for the first page, used to get "counted from 1"
    feedback = str(check_worst_first(lambda losses, k: [3, 1, 5]))
    assert "`worst_first` returned [3, 1, 5] on each of the 3 test inputs" in feedback, feedback
    assert "counted from 1" not in feedback
