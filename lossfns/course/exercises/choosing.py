r"""Chapter 8 checkers: choosing a loss, early stopping, and the coverage of a quantile line.

* :func:`check_loss_choices` -- three described tasks, one loss name from
  :data:`lossfns.LOSSES` for each; a wrong pick is explained from the registry;
* :func:`check_best_step` -- a function that replays early stopping with patience on
  a validation loss curve and returns the step whose parameters are kept;
* :func:`check_coverage` -- a function that measures which fraction of the points
  lies on or below a line.

The expected answers come from :mod:`lossfns` (:func:`~lossfns.loss_table`,
:func:`~lossfns.training.early_stopping`, :func:`~lossfns.training.fitting.quantile_line`,
:func:`lossfns.course.datasets.delivery_times`), never from a number typed here.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ..datasets import delivery_times
from ...training.fitting import quantile_line
from ...registry import LOSSES, loss_table
from ...training import early_stopping
from ._feedback import (
    Feedback,
    checker,
    close,
    constant_answer_hint,
    holds_text,
    is_placeholder,
    mistake_message,
    non_finite_hint,
    numeric_array,
    quoted,
    rounded_hint,
    run_cases,
    text_hint,
)

__all__ = [
    "BEST_STEP_CASES",
    "COVERAGE_CASES",
    "TASKS_TO_CHOOSE_FOR",
    "accepted_losses",
    "check_best_step",
    "check_coverage",
    "check_loss_choices",
    "same_loss_as_accepted",
]


# --- exercise 1: pick the loss ---------------------------------------------------------------

#: key: (description, the use in the registry's table, the kind of output the task needs)
TASKS_TO_CHOOSE_FOR = MappingProxyType({
    "bakery": (("A bakery forecasts how many loaves to bake tomorrow. A loaf too few "
                "loses a sale worth 3; a loaf too many costs 1."),
               "asymmetric costs", "regression"),
    "birds": (("A camera trap sorts photos into 40 bird species; two of the species make "
               "up 90 % of the photos, and the rare ones matter most."),
              "imbalanced classes", "multi-class"),
    "boxes": (("An object detector must also predict the four coordinates of each "
               "object's box; at the start of training many boxes are far off."),
              "object detection boxes", "regression"),
})


def accepted_losses(key: str) -> tuple[str, ...]:
    """The registry's recommended losses for the task ``key`` of :data:`TASKS_TO_CHOOSE_FOR`.

    The losses of the task's row in :func:`lossfns.loss_table` whose ``task`` matches
    the kind of output the task needs.

    Examples
    --------
    >>> accepted_losses("bakery")
    ('quantile_loss',)
    """
    if key not in TASKS_TO_CHOOSE_FOR:
        raise ValueError(f"key must be one of {list(TASKS_TO_CHOOSE_FOR)}, got {key!r}")
    _, use, task = TASKS_TO_CHOOSE_FOR[key]
    return tuple(row.loss for row in loss_table([use]) if LOSSES[row.loss].task == task)


# Error batches (prediction minus truth) on which two regression losses must agree to count
# as the same loss: small and large errors of both signs, one and several examples.
_SAME_LOSS_ERRORS = ((-3.0, -1.0, -0.4, 0.0, 0.3, 0.9, 2.5), (0.2, -0.7, 1.5), (5.0,),
                     (-0.05, 0.1))


def same_loss_as_accepted(key: str, name: str) -> str | None:
    """The accepted loss of task ``key`` that the loss ``name`` equals, or None.

    Two regression losses are the same loss when, called with their default parameters,
    they give the same mean on every batch of ``_SAME_LOSS_ERRORS``: Huber (δ = 1) and
    Smooth L1 (β = 1) are, as chapter 6 shows, so ``"huber"`` is as good a pick as
    ``"smooth_l1"`` for the boxes. Losses of other tasks take other inputs and are never
    the same as another.

    Examples
    --------
    >>> same_loss_as_accepted("boxes", "huber"), same_loss_as_accepted("boxes", "mse")
    ('smooth_l1', None)
    """
    if key not in TASKS_TO_CHOOSE_FOR:
        raise ValueError(f"key must be one of {list(TASKS_TO_CHOOSE_FOR)}, got {key!r}")
    if name not in LOSSES or LOSSES[name].task != "regression":
        return None
    for accepted in accepted_losses(key):
        if LOSSES[accepted].task == "regression" and all(
                close(LOSSES[name].value(np.zeros(len(errors)), np.array(errors)),
                      LOSSES[accepted].value(np.zeros(len(errors)), np.array(errors)))
                for errors in _SAME_LOSS_ERRORS):
            return accepted
    return None


def _uses_of(name: str) -> list[str]:
    return [row.use for row in loss_table() if row.loss == name]


def _why_wrong(key: str, pick: str) -> str:
    task = TASKS_TO_CHOOSE_FOR[key][2]
    info = LOSSES[pick]
    if info.task != task:
        return (f"for `{key}`, `{pick}` is a {info.task} loss, but this task needs a {task} "
                f"output.")
    uses = ", ".join(f'"{u}"' for u in _uses_of(pick))
    return (f"for `{key}`, `{pick}` is a {task} loss, but the table recommends it for {uses} "
            f"(\"{info.use_when}\"). What makes this task special: look for the row of "
            f"the table that names it.")


@checker
def check_loss_choices(choices) -> Feedback:
    """Check a dict ``{key: loss name}`` for the tasks of :data:`TASKS_TO_CHOOSE_FOR`.

    A pick is right when the table recommends it for the task (:func:`accepted_losses`)
    or when it is the same loss as one it recommends (:func:`same_loss_as_accepted`).

    Examples
    --------
    >>> check_loss_choices({"bakery": "mse", "birds": "focal_loss", "boxes": "smooth_l1"})
    ✗ Not yet: for `bakery`, `mse` is a regression loss, but the table recommends it for "regression" ("large errors are much worse than small ones and you want the conditional mean"). What makes this task special: look for the row of the table that names it.
    """
    if is_placeholder(choices):
        return Feedback.not_attempted("`choices`")
    if not isinstance(choices, dict):
        return Feedback.hint(f"`choices` should be a dict {{task: loss name}}, but it is a "
                             f"{type(choices).__name__} ({quoted(choices)}).")
    missing = [key for key in TASKS_TO_CHOOSE_FOR if key not in choices]
    extra = [key for key in choices if key not in TASKS_TO_CHOOSE_FOR]
    if extra:
        return Feedback.hint(f"`choices` has the key(s) {extra}; the tasks are "
                             f"{list(TASKS_TO_CHOOSE_FOR)}.")
    for key in TASKS_TO_CHOOSE_FOR:
        if key in missing or is_placeholder(choices[key]):
            return Feedback.not_attempted(f'`choices["{key}"]`')
    for key in TASKS_TO_CHOOSE_FOR:
        pick = choices[key]
        if callable(pick) and getattr(pick, "__name__", None) in LOSSES:
            return Feedback.hint(f'`choices["{key}"]` is the function `{pick.__name__}`; '
                                 f'write its name as text, "{pick.__name__}".')
        if not isinstance(pick, str):
            return Feedback.hint(f'`choices["{key}"]` should be a loss name (text) such as '
                                 f'"mse", but it is {quoted(pick)}.')
        name = pick.strip()
        if name not in LOSSES:
            lowered = name.lower().replace(" ", "_").replace("-", "_")
            close = [known for known in LOSSES if lowered and (lowered in known
                                                                or known in lowered)]
            suggestion = f" Did you mean one of {close}?" if close else ""
            return Feedback.hint(f'`choices["{key}"]` is "{pick}", which is not a name in '
                                 f"lossfns.LOSSES.{suggestion} `list(lossfns.LOSSES)` lists "
                                 "them all.")
        if name not in accepted_losses(key) and same_loss_as_accepted(key, name) is None:
            return Feedback.hint(_why_wrong(key, name))
    reasons = []
    for key, (_, use, _) in TASKS_TO_CHOOSE_FOR.items():
        name = choices[key].strip()
        same = same_loss_as_accepted(key, name) if name not in accepted_losses(key) else None
        alias = "" if same is None else (f", the same loss as `{same}` when both keep "
                                         "their default parameters")
        reasons.append(f"{key} → `{name}` ({use}{alias})")
    return Feedback.correct("; ".join(reasons) + ". The table's reasons are the row of each "
                            "use.")


# --- exercise 2: the step early stopping keeps ------------------------------------------------

def _curve(seed: int, size: int = 60) -> tuple:
    """A noisy validation curve that falls, bottoms out and rises (seeded)."""
    rng = np.random.default_rng(seed)
    steps = np.arange(size)
    smooth = 0.2 + 1.5 * np.exp(-steps / 8.0) + 0.004 * steps
    return tuple(np.round(smooth + rng.normal(0.0, 0.03, size), 4).tolist())


#: (validation losses, patience) cases: noisy curves where the first uptick comes long
#: before the best step, two short ones where patience - 1 and patience + 1 differ, one
#: with ties (an equal loss is no improvement), and two that separate "``patience`` steps
#: without an improvement on the best" from "``patience`` rises in a row": their losses
#: zigzag above the best, rising and falling in turn, so the count of rises in a row keeps
#: restarting while the steps since the best keep adding up.
BEST_STEP_CASES = (
    (_curve(1), 5),
    (_curve(2), 1),
    (_curve(3), 10),
    ((3.0, 2.0, 2.5, 1.0, 1.2, 1.3, 0.5), 3),
    ((3.0, 2.0, 2.5, 2.6, 1.0, 1.1), 2),
    ((2.0, 1.0, 1.0, 1.0, 1.0, 1.5, 1.6), 2),
    ((1.0, 0.5, 0.6, 0.55, 0.6, 0.58, 0.62, 0.59, 0.61, 0.4), 2),
    ((1.0, 0.5, 0.6, 0.55, 0.45, 0.5, 0.48, 0.6, 0.7, 0.3), 2),
)


def _best_step_mistakes(losses: np.ndarray, patience: int) -> list:
    stop = early_stopping(losses, patience=patience)
    first_up = early_stopping(losses, patience=1)
    return [
        ("patience_minus_one", early_stopping(losses, patience=patience - 1).best_step
         if patience > 1 else None),
        ("patience_plus_one", early_stopping(losses, patience=patience + 1).best_step),
        ("stopped_at", stop.stopped_at),
        ("first_uptick", first_up.best_step),
        ("rises_in_a_row", _best_step_after_rises(losses, patience)),
        ("before_the_rises", _step_before_rises(losses, patience)),
        ("argmin", int(np.argmin(losses))),
        ("loss_value", stop.best_loss),
        ("one_based", stop.best_step + 1),
        ("ties", _best_step_with_ties(losses, patience)),
    ]


def _best_step_with_ties(losses: np.ndarray, patience: int) -> int:
    """The typical slip: an equal loss counted as an improvement (<= instead of <)."""
    best = 0
    for step in range(1, losses.size):
        if losses[step] <= losses[best]:
            best = step
        elif step - best >= patience:
            break
    return best


def _best_step_after_rises(losses: np.ndarray, patience: int) -> int:
    """The other rule: stop after ``patience`` rises in a row, each loss above the one
    before it, and keep the best step seen so far."""
    best, rises = 0, 0
    for step in range(1, losses.size):
        if losses[step] < losses[best]:
            best = step
        rises = rises + 1 if losses[step] > losses[step - 1] else 0
        if rises >= patience:
            break
    return best


def _step_before_rises(losses: np.ndarray, patience: int) -> int:
    """The same rule keeping the step just before the ``patience`` rises in a row (the
    lowest loss of the whole curve when there are never that many)."""
    rises = 0
    for step in range(1, losses.size):
        rises = rises + 1 if losses[step] > losses[step - 1] else 0
        if rises >= patience:
            return step - patience
    return int(np.argmin(losses))


_RISES_MESSAGE = ("you stop after `patience` *rises in a row*. Patience counts the steps "
                  "since the best loss so far, whatever they do: a step that falls but "
                  "stays above the best is no improvement either, and it does not restart "
                  "the count.")

_BEST_STEP_MESSAGES = {
    "stopped_at": ("that is the step at which training *stops*; the parameters kept are "
                   "those of the best step before it."),
    "argmin": ("that is the lowest loss of the whole curve: it uses steps that come after "
               "training would already have stopped. Walk through the curve and stop once "
               "`patience` steps in a row bring no improvement."),
    "first_uptick": ("that is where the first rise of the loss would stop training (as with "
                     "patience 1); wait `patience` steps without an improvement before "
                     "stopping."),
    "rises_in_a_row": _RISES_MESSAGE,
    "before_the_rises": _RISES_MESSAGE,
    "loss_value": "that is the best *loss*; return its step (an index of `val_loss`).",
    "one_based": ("one too many: steps count from 0, the loss before any training, like "
                  "the indices of `val_loss`."),
    "ties": ("a step whose loss only *equals* the best is no improvement: compare with <, "
             "not <=."),
    "patience_minus_one": ("you stop one step too early: stop when the number of steps "
                           "since the best reaches `patience` (>=), not patience - 1."),
    "patience_plus_one": ("you wait one step too long: stop as soon as the number of steps "
                          "since the best equals `patience`."),
}


def _best_step_call(patience: int) -> str:
    return f"`best_step_with_patience(val_loss, patience={patience})`"


def _read_best_step(case, got) -> Feedback | float:
    """The learner's step on one case as a float, or the hint when it is not one number."""
    _, patience = case
    call = _best_step_call(patience)
    hint = text_hint(got, call)
    if hint is not None:
        return hint
    number = numeric_array(got)
    if number is None or number.size != 1 or isinstance(got, (bool, np.bool_)):
        return Feedback.hint(f"{call} returned {quoted(got)}; return one step number "
                             "(an int).")
    not_finite = non_finite_hint(number.ravel()[0], call)
    if not_finite is not None:
        return not_finite
    return float(number.ravel()[0])


def _matches_everywhere(mistake: str, steps: list, cases: list) -> bool:
    """Does the learner's step equal what ``mistake`` gives on every case?"""
    for value, (losses, patience) in zip(steps, cases):
        wrong = dict(_best_step_mistakes(losses, patience))[mistake]
        if wrong is None or not close(value, wrong, rtol=1e-5, atol=1e-8):
            return False
    return True


def _judge_best_steps(cases: list, steps: list) -> Feedback | None:
    """None when every step is the one early stopping keeps, else the hint for the first
    case that is not. A typical mistake is named when it gives the learner's step on
    every case (several coincide on some curves); failing that, the first mistake that
    gives the learner's step on that case."""
    for (losses, patience), value in zip(cases, steps):
        expected = early_stopping(losses, patience=patience).best_step
        if value == expected:   # a step number: exact
            continue
        call = _best_step_call(patience)
        # numpy.isclose's default tolerance; a mistake that gives the answer here is not named
        mistakes = [(mistake, wrong) for mistake, wrong
                    in _best_step_mistakes(losses, patience)
                    if wrong is not None and not close(wrong, expected, rtol=1e-5, atol=1e-8)]
        everywhere = [(wrong, _BEST_STEP_MESSAGES[mistake]) for mistake, wrong in mistakes
                      if _matches_everywhere(mistake, steps, cases)]
        here = [(wrong, _BEST_STEP_MESSAGES[mistake]) for mistake, wrong in mistakes]
        known = (mistake_message(value, everywhere, rtol=1e-5, atol=1e-8)
                 or mistake_message(value, here, rtol=1e-5, atol=1e-8))
        if known is not None:
            return Feedback.hint(f"{call} returned {value:g}: {known}")
        return Feedback.hint(f"{call} returned {value:g}, which is not the step early "
                             "stopping keeps on this curve. Keep the best step so far and "
                             "count the steps since it.")
    return None


@checker
def check_best_step(best_step_with_patience) -> Feedback:
    """Check ``best_step_with_patience(val_loss, patience) -> int`` against
    :func:`lossfns.training.early_stopping` on :data:`BEST_STEP_CASES`.

    Examples
    --------
    >>> from lossfns.training import early_stopping
    >>> check_best_step(lambda v, p: early_stopping(v, patience=p).best_step)
    ✓ Correct: on the first curve, patience 5 keeps step 24 (loss 0.2893); the very first rise, at step 15, would have stopped with a loss of 0.5022.
    """
    cases = [(np.array(losses), patience) for losses, patience in BEST_STEP_CASES]
    # A mistake is named only when it explains the steps of *every* case: every case is
    # run (and its step read) before any is judged.
    steps = []

    def read(case, got) -> Feedback | None:
        step = _read_best_step(case, got)
        if isinstance(step, Feedback):
            return step
        steps.append(step)
        return None

    failure = run_cases(best_step_with_patience, cases, read,
                        name="`best_step_with_patience`")
    if failure is None and not any(_matches_everywhere(mistake, steps, cases)
                                   for mistake in _BEST_STEP_MESSAGES):
        constant = constant_answer_hint(
            steps, [early_stopping(v, patience=p).best_step for v, p in cases],
            "`best_step_with_patience`")
        if constant is not None:
            return constant
    # the cases before a failed call are judged first, in order
    wrong = _judge_best_steps(cases[:len(steps)], steps)
    if wrong is not None:
        return wrong
    if failure is not None:
        return failure.feedback
    losses, patience = BEST_STEP_CASES[0]
    stop = early_stopping(losses, patience=patience)
    first = early_stopping(losses, patience=1)
    return Feedback.correct(
        f"on the first curve, patience {patience} keeps step {stop.best_step} (loss "
        f"{stop.best_loss:.4g}); the very first rise, at step {first.stopped_at}, would have "
        f"stopped with a loss of {first.best_loss:.4g}.")


# --- exercise 3: the coverage of a quantile line ---------------------------------------------

def _coverage_cases() -> tuple:
    distance, minutes = delivery_times()
    cases = []
    for q in (0.9, 0.1):
        slope, intercept = quantile_line(distance, minutes, q)
        cases.append((distance, minutes, slope, intercept))
    cases.append((np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 2.5, 2.0, 7.0]), 1.0, 1.0))
    return tuple(cases)


#: (x, y, slope, intercept): the delivery data with its 0.9 and 0.1 quantile lines (each
#: passes through two points), and a small case with points on, below and above.
COVERAGE_CASES = _coverage_cases()


def _coverage(x, y, slope, intercept) -> float:
    return float(np.mean(y <= slope * x + intercept))


def _coverage_mistakes(x, y, slope, intercept) -> list:
    line = slope * x + intercept
    return [
        ("strict", float(np.mean(y < line))),
        ("above", float(np.mean(y > line))),
        ("above_or_on", float(np.mean(y >= line))),
        ("count", float(np.sum(y <= line))),
        ("percent", 100 * float(np.mean(y <= line))),
        ("swapped", float(np.mean(y <= intercept * x + slope))),
    ]


_COVERAGE_MESSAGES = {
    "strict": ("the points exactly on the line are left out. A quantile line passes "
               "through data points; count them as covered (use <=)."),
    "above": "that is the fraction *above* the line; the coverage counts those on or below.",
    "above_or_on": "that counts the points on or above the line; count those on or below.",
    "count": "that is a count of points; divide by the number of points for a fraction.",
    "percent": "that is a percentage; return a fraction between 0 and 1.",
    "swapped": "slope and intercept are swapped: the line is slope * x + intercept.",
}


def _judge_coverage(case, got) -> Feedback | None:
    x, y, slope, intercept = case
    call = f"`coverage(x, y, {slope:.4g}, {intercept:.4g})`"
    if holds_text(got):
        return text_hint(got, call)
    number = numeric_array(got)
    if number is None or isinstance(got, (bool, np.bool_)):
        return Feedback.hint(f"{call} returned {quoted(got)}; return one number.")
    if number.size != 1:
        return Feedback.hint(f"{call} returned an array of shape {number.shape}: one "
                             "True/False per point. Return their mean, one fraction.")
    value = float(number.ravel()[0])
    expected = _coverage(x, y, slope, intercept)
    if close(value, expected):
        return None
    not_finite = non_finite_hint(value, call)
    if not_finite is not None:
        return not_finite
    known = mistake_message(value, ((wrong, _COVERAGE_MESSAGES[mistake]) for mistake, wrong
                                    in _coverage_mistakes(x, y, slope, intercept)))
    if known is not None:
        return Feedback.hint(f"{call} returned {value:.4g}: {known}")
    rounded = rounded_hint(value, expected, call)
    if rounded is not None:
        return rounded
    direction = "large" if value > expected else "small"
    return Feedback.hint(f"{call} returned {value:.4g}, which is too {direction}. "
                         "Compare each y with the line's value at its x.")


@checker
def check_coverage(coverage) -> Feedback:
    """Check ``coverage(x, y, slope, intercept) -> float`` on :data:`COVERAGE_CASES`.

    The coverage is the fraction of points with :math:`y_i \\le w x_i + b`.

    Examples
    --------
    >>> import numpy as np
    >>> check_coverage(lambda x, y, w, b: np.mean(y <= w * x + b))
    ✓ Correct: the 0.9 quantile line of the deliveries covers 90.0 % of the 150 orders and the 0.1 line 10.7 %: about q, as the pinball loss promises.
    """
    failure = run_cases(coverage, COVERAGE_CASES, _judge_coverage, name="`coverage`",
                        expected=lambda case: _coverage(*case))
    if failure is not None:
        return failure.feedback
    high, low = COVERAGE_CASES[0], COVERAGE_CASES[1]
    return Feedback.correct(
        f"the 0.9 quantile line of the deliveries covers {_coverage(*high):.1%} of the "
        f"{high[0].size} orders and the 0.1 line {_coverage(*low):.1%}: about q, as the "
        "pinball loss promises.".replace("%:", " %:").replace("% of", " % of"))
