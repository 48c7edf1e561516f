"""Friendly feedback for self-study exercises.

The conventions every chapter's checker follows:

* **Placeholder.** A learner cell starts as a function whose body is ``...``::

      def my_mean(values):
          # Your code here
          ...

  Such a function returns ``None``. A checker reports *not attempted yet* when the
  learner's function returns ``None`` or ``Ellipsis``, or raises
  :class:`NotImplementedError`, or when the learner's value is still ``...``/``None``.
  A function whose source holds more than the placeholder (real code) but returns
  ``None`` gets a hint instead: the ``return`` statement is probably missing.
* **Never a traceback.** Exceptions raised by learner code are caught and reported
  in one line; a checker decorated with :func:`checker` turns even its own
  unexpected failures into one line.
* **Specific hints.** :func:`compare_numbers` tries the hint predicates in order, and
  :func:`mistake_message` the typical mistakes, so list the most specific one first.
* **One tolerance rule.** A learner's numbers are compared with :func:`close` (or, entry
  by entry, :func:`differs`): same shape, every entry finite, and
  ``|got - expected| <= atol + rtol * |expected|``, with the defaults :data:`RTOL` and
  :data:`ATOL` unless a chapter passes its own. A NaN or an infinity is never close.
  Only a few wide thresholds (a learning rate "within 1 %") and chapter 3's measure of a
  whole gradient are a chapter's own.
* **One rule for NaN and infinity.** A non-finite answer is never "too small" or "too
  large": :func:`non_finite_hint` says which entry it is and what NaN and infinity come
  from (a 0/0, the logarithm of 0, an overflow), in :func:`compare_numbers`,
  :func:`one_number` and every chapter's judge, which may add a sentence of its own.
* **One rule for rounded answers.** A wrong answer that is the right one rounded (to a
  number of decimal places or of significant digits, keeping at least two) gets the
  "rounded" hint of :func:`rounded_hint`, in :func:`compare_numbers` and every chapter's
  judge, after the chapter's typical mistakes.
* **One case loop.** A checker lists its cases and writes how to judge one learner's value;
  :func:`run_cases` calls the learner's function on each case in turn (through
  :func:`run_learner_function`) and stops at the first one that fails. Given the right
  answers (``expected=``), it first runs the remaining cases too: a function that returns
  the same answer whatever its input is told so (:func:`constant_answer_hint`), not given
  the hint of a slip it happens to match on one case.

Checkers return a :class:`Feedback`; it prints as one friendly line (``✓ ...``,
``… Not attempted yet ...`` or ``✗ ...``) and is truthy only when correct.

Every name in ``__all__`` belongs to the toolkit the chapter modules share, also importable
from :mod:`lossfns.course.exercises`; the ``_`` in front of this module's name keeps it out of the
list of chapter modules.
"""

from __future__ import annotations

import ast
import copy
import functools
import html
import inspect
import math
import numbers
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "ATOL",
    "RTOL",
    "Attempt",
    "Failure",
    "Feedback",
    "checker",
    "close",
    "compare_numbers",
    "constant_answer_hint",
    "differs",
    "first_failure",
    "holds_text",
    "is_placeholder",
    "mistake_message",
    "non_finite_hint",
    "numbers_text",
    "numeric_array",
    "one_number",
    "pair_of_numbers",
    "quoted",
    "rounded_hint",
    "run_cases",
    "run_learner_function",
    "text_hint",
]

CORRECT = "correct"
NOT_ATTEMPTED = "not_attempted"
INCORRECT = "incorrect"
ERROR = "error"

_SYMBOLS = {CORRECT: "✓", NOT_ATTEMPTED: "…", INCORRECT: "✗", ERROR: "✗"}
# Okabe-Ito border colour and a light tint per status. The HTML rendering sets its own
# text and background colours, so it reads the same on light and dark themes (a theme's
# dark-mode code colours would otherwise vanish on the light output background).
_BORDERS = {CORRECT: "#009E73", NOT_ATTEMPTED: "#E69F00", INCORRECT: "#D55E00", ERROR: "#D55E00"}
_TINTS = {CORRECT: "#eaf6f1", NOT_ATTEMPTED: "#fdf5e4", INCORRECT: "#fbece4", ERROR: "#fbece4"}


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: a status and a one-line message for the learner.

    Examples
    --------
    >>> Feedback.correct("the mean of [1, 3, 4] is 8/3.")
    ✓ Correct: the mean of [1, 3, 4] is 8/3.
    >>> bool(Feedback.hint("that is the sum; divide by the count."))
    False
    """

    status: str
    message: str

    def __post_init__(self):
        if self.status not in _SYMBOLS:
            raise ValueError(f"status must be one of {sorted(_SYMBOLS)}; received {self.status!r}.")

    # Constructors -------------------------------------------------------------
    @classmethod
    def correct(cls, detail: str = "") -> Feedback:
        return cls(CORRECT, "Correct" + (f": {detail}" if detail else "!"))

    @classmethod
    def not_attempted(cls, name: str = "your answer") -> Feedback:
        return cls(
            NOT_ATTEMPTED,
            f"Not attempted yet: replace the `...` in {name} with your code, "
            "then run the cell again.",
        )

    @classmethod
    def hint(cls, message: str) -> Feedback:
        return cls(INCORRECT, f"Not yet: {message}")

    @classmethod
    def from_exception(cls, exc: BaseException, name: str = "your function") -> Feedback:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        detail = f" ({detail})" if detail else ""
        return cls(
            ERROR,
            f"{name} raised {type(exc).__name__}{detail}. Read the message, fix the "
            "line it points to, and run the cell again.",
        )

    # Behaviour -----------------------------------------------------------------
    @property
    def symbol(self) -> str:
        return _SYMBOLS[self.status]

    @property
    def is_correct(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.is_correct

    def __str__(self) -> str:
        return f"{self.symbol} {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        """One wrapped line in notebooks and in the HTML book (text/plain stays the same)."""
        parts = html.escape(self.message).split("`")
        if len(parts) % 2 == 0:  # unbalanced backticks: no code spans
            parts = [html.escape(self.message)]
        code_style = (
            "color: inherit; background: rgba(0, 0, 0, 0.07); padding: 0 0.2em; "
            "border-radius: 3px; font-size: 0.95em;"
        )
        message = "".join(
            f'<code style="{code_style}">{part}</code>' if index % 2 else part
            for index, part in enumerate(parts)
        )
        style = (
            "margin: 0; padding: 0.35em 0.7em; white-space: normal; line-height: 1.45; "
            f"color: #1a1a1a; background: {_TINTS[self.status]}; "
            f"border-left: 4px solid {_BORDERS[self.status]};"
        )
        return (
            f'<p class="lossfns-feedback" data-status="{self.status}" role="status" '
            f'style="{style}">{self.symbol} {message}</p>'
        )


@dataclass(frozen=True)
class Attempt:
    """What :func:`run_learner_function` got: a value, or feedback explaining why not."""

    value: Any = None
    feedback: Feedback | None = None
    exception: BaseException | None = None  # what the learner's code raised, if anything

    @property
    def ok(self) -> bool:
        return self.feedback is None


def is_placeholder(value: Any) -> bool:
    """True for the values an untouched exercise produces: ``None`` and ``...``."""
    return value is None or value is Ellipsis


def run_learner_function(fn: Any, *args: Any, name: str | None = None, **kwargs: Any) -> Attempt:
    """Call the learner's ``fn(*args, **kwargs)`` without ever letting it raise.

    Returns
    -------
    Attempt
        ``Attempt(value=result)`` on success, otherwise ``Attempt(feedback=...)``
        saying *not attempted yet* (placeholder result or
        :class:`NotImplementedError`), *not a function*, or which exception the
        learner's code raised.

    Examples
    --------
    >>> run_learner_function(lambda x: 2 * x, 21).value
    42
    >>> def my_f(x):
    ...     ...
    >>> run_learner_function(my_f, 1).feedback
    … Not attempted yet: replace the `...` in `my_f` with your code, then run the cell again.
    >>> run_learner_function(lambda x: 1 / x, 0, name="`inverse`").feedback.status
    'error'
    """
    label = name or f"`{getattr(fn, '__name__', 'your function')}`"
    if is_placeholder(fn):
        return Attempt(feedback=Feedback.not_attempted(name or "the exercise cell"))
    if not callable(fn):
        return Attempt(
            feedback=Feedback.hint(
                f"expected a function (defined with `def`), but received a "
                f"{type(fn).__name__}. Pass the function's name without calling it."
            )
        )
    try:
        value = fn(*args, **kwargs)
    except NotImplementedError:
        return Attempt(feedback=Feedback.not_attempted(label))
    except Exception as exc:  # noqa: BLE001 - learner code may raise anything
        return Attempt(feedback=Feedback.from_exception(exc, label), exception=exc)
    if value is None and _has_code(fn):
        return Attempt(
            feedback=Feedback.hint(
                f"{label} returned None: if you have written your code, add a `return` "
                "statement (a function without one returns None)."
            )
        )
    if is_placeholder(value):
        return Attempt(feedback=Feedback.not_attempted(label))
    return Attempt(value=value)


def _is_placeholder_statement(statement: ast.stmt) -> bool:
    """``...``, ``pass`` or a docstring/string: what an untouched exercise body holds."""
    if isinstance(statement, ast.Pass):
        return True
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and (
        statement.value.value is Ellipsis or isinstance(statement.value.value, str)
    )


def _has_code(fn: Any) -> bool:
    """True when the source of ``fn`` holds more than the ``...`` placeholder.

    False when it holds only ``...``/``pass``/comments/a docstring, and also when the source
    is not available (a builtin, a lambda inside a larger expression): then the caller
    keeps the *not attempted* message. Notebook cells are in :mod:`linecache`, so
    :func:`inspect.getsource` finds the learner's functions there too.
    """
    try:
        source = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, ValueError):
        return False
    name = getattr(fn, "__name__", None)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return not all(_is_placeholder_statement(s) for s in node.body)
        if isinstance(node, ast.Lambda) and name == "<lambda>":
            body = node.body
            return not (isinstance(body, ast.Constant) and body.value in (None, Ellipsis))
    return False


# --- Reading the learner's value -------------------------------------------------------------


def quoted(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters with ``…``, for quoting a learner's value.

    >>> quoted("abc"), quoted(list(range(30)), limit=12)
    ("'abc'", '[0, 1, 2, 3…')
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def numbers_text(values) -> str:
    """Numbers as a learner would type them in a call: ``[301, 400, 0.5]`` (``:g`` format).

    >>> numbers_text(np.array([301.0, 400.0, 0.5]))
    '[301, 400, 0.5]'
    """
    return "[" + ", ".join(f"{v:g}" for v in np.ravel(values)) + "]"


def holds_text(value) -> bool:
    """True for text, or arrays and lists holding text (``np.array("0.22")``, ``["0.22"]``).

    A learner who writes a number as text should be told so, not just "not a number".

    Examples
    --------
    >>> holds_text(["0.22"]), holds_text(np.array("0.22")), holds_text([0.22])
    (True, True, False)
    """
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "USa":
            return True
        return value.dtype.kind == "O" and any(holds_text(item) for item in value.ravel())
    if isinstance(value, (list, tuple)):
        return any(holds_text(item) for item in value)
    return False


def text_hint(value: Any, what: str, *, limit: int = 60) -> Feedback | None:
    """A hint when ``what`` (e.g. ``"my_loss([1, 2])"``) returned text instead of numbers.

    Returns None when ``value`` holds no text (see :func:`holds_text`), so a checker can
    write ``hint = text_hint(value, call)`` and return the hint when there is one.

    >>> print(text_hint(["0.22"], "`f(1)`"))
    ✗ Not yet: `f(1)` returned text (['0.22']): compute the numbers and return them as numbers; do not type them in quotes.
    >>> text_hint([0.22], "`f(1)`") is None
    True
    """
    if not holds_text(value):
        return None
    return Feedback.hint(
        f"{what} returned text ({quoted(value, limit)}): compute the numbers and return them "
        "as numbers; do not type them in quotes."
    )


def numeric_array(value: Any):
    """The learner's value as a float ndarray, or None when it is not plain numbers.

    Text is not numbers here, not even inside a list: ``"4.4"`` would convert, but the
    learner should compute a number, not type it in quotes. Complex numbers and ragged
    or mixed (object) arrays are not numbers either.

    Examples
    --------
    >>> numeric_array([1, 2.5])
    array([1. , 2.5])
    >>> numeric_array("4.4") is None, numeric_array(["4.4"]) is None, numeric_array([1j]) is None
    (True, True, True)
    """
    if isinstance(value, (str, bytes, dict, set, frozenset)):
        return None
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        return None
    if raw.dtype.kind not in "biuf":
        return None
    return raw.astype(float)


def pair_of_numbers(value: Any) -> tuple[float, float] | None:
    """The learner's answer as two floats, or None when it is not a pair of numbers.

    Any container of exactly two numbers is a pair: ``(mse, rmse)``, ``[a, b]``, an array.

    >>> pair_of_numbers((1, np.float32(2.5))), pair_of_numbers([1.0]), pair_of_numbers("12")
    ((1.0, 2.5), None, None)
    """
    array = numeric_array(value)
    if array is None or array.size != 2:
        return None
    first, second = (float(v) for v in array.ravel())
    return first, second


def one_number(value: Any, name: str) -> tuple[float | None, Feedback | None]:
    """Read a variable that should hold one finite number: ``(number, None)`` or ``(None, hint)``.

    ``name`` (e.g. ``"`k`"``) is how the messages call the variable. The placeholder is
    *not attempted*; text, a truth value and several numbers get a hint, and NaN or
    infinity the hint of :func:`non_finite_hint`. A one-element list or array is that number.

    >>> one_number([2.5], "`k`")
    (2.5, None)
    >>> print(one_number("2.5", "`k`")[1])
    ✗ Not yet: `k` should be a number, but it is '2.5': compute it, do not type it in quotes.
    """
    if is_placeholder(value):
        return None, Feedback.not_attempted(name)
    if holds_text(value):
        return None, Feedback.hint(f"{name} should be a number, but it is {quoted(value)}: "
                                   "compute it, do not type it in quotes.")
    array = numeric_array(value)
    if array is None or isinstance(value, (bool, np.bool_)):
        return None, Feedback.hint(f"{name} should be a number, but it is {quoted(value)}.")
    if array.size != 1:
        return None, Feedback.hint(f"{name} should be one number, but it has shape "
                                   f"{array.shape}.")
    number = float(array.ravel()[0])
    hint = non_finite_hint(number, name)
    if hint is not None:
        return None, hint
    return number, None


def _as_number_or_array(value: Any):
    """A float for scalars, a float ndarray for sequences, or None if not numeric."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    array = numeric_array(value)
    if array is None:
        return None
    return float(array) if array.ndim == 0 else array


# --- NaN and infinity ------------------------------------------------------------------------

_NAN_MEANS = ("NaN (not a number) comes from an undefined step, such as 0/0, inf - inf, "
              "0 × inf or the logarithm or square root of a negative number, and every sum "
              "or mean it enters is NaN too")
_INF_MEANS = ("an infinity comes from a division by zero (1/0), the logarithm of 0 (-inf) or "
              "an overflow past the largest float (np.exp(1000))")


def non_finite_hint(got: Any, name: str, *, advice: str = "") -> Feedback | None:
    """The hint for an answer holding NaN or infinity, or None when every entry is finite.

    The one rule for non-finite answers in every checker: such an answer is never "too
    small" or "too large" (a NaN compares as neither), so the hint names ``name`` (the
    variable or the call, e.g. ``"my_mean([1, 2])"``), says which entry is not finite and
    what NaN and infinity come from, and adds the chapter's ``advice``, if any. Values
    that are not numbers give None: reading them is the caller's job.

    Examples
    --------
    >>> print(non_finite_hint(float("nan"), "my_mean([1, 2])"))
    ✗ Not yet: my_mean([1, 2]) is nan: NaN (not a number) comes from an undefined step, such as 0/0, inf - inf, 0 × inf or the logarithm or square root of a negative number, and every sum or mean it enters is NaN too. Find the step that produces it.
    >>> print(non_finite_hint([0.5, -np.inf, 1.0], "`f(y)`", advice="Every loss is finite."))
    ✗ Not yet: `f(y)` has a value that is not finite, -inf at index 1: an infinity comes from a division by zero (1/0), the logarithm of 0 (-inf) or an overflow past the largest float (np.exp(1000)). Find the step that produces it. Every loss is finite.
    >>> non_finite_hint([1.0, 2.0], "`f(y)`") is None
    True
    """
    array = numeric_array(got)
    if array is None or isinstance(got, (bool, np.bool_)) or bool(np.all(np.isfinite(array))):
        return None
    bad = ~np.isfinite(array)
    if array.ndim == 0:
        what = f"{name} is {float(array)}"
    else:
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        where = first[0] if len(first) == 1 else first
        count = int(bad.sum())
        if count == 1:
            what = f"{name} has a value that is not finite, {array[first]} at index {where}"
        else:
            what = (f"{name} has {count} of {array.size} values that are not finite, the "
                    f"first {array[first]} at index {where}")
    meanings = []
    if np.any(np.isnan(array)):
        meanings.append(_NAN_MEANS)
    if np.any(np.isinf(array)):
        meanings.append(_INF_MEANS)
    return Feedback.hint(f"{what}: {'; '.join(meanings)}. Find the step that produces it."
                         + (f" {advice}" if advice else ""))


# --- Comparing -------------------------------------------------------------------------------

#: Relative tolerance of an accepted answer unless a checker passes its own: loose enough for
#: an answer computed in float32 (relative rounding about 6e-8), tight enough to reject a
#: number rounded to a few digits or a constant typed in as 0.693.
RTOL = 1e-6
#: Absolute tolerance added to the relative one (:data:`RTOL`), so that an entry whose answer
#: is 0 may carry a rounding error.
ATOL = 1e-9


def differs(got, expected, *, rtol: float = RTOL, atol: float = ATOL) -> np.ndarray:
    """Entry by entry: True where ``got`` is *not* within tolerance of ``expected``.

    An entry agrees when both are finite and ``|got - expected| <= atol + rtol * |expected|``
    (the rule of :func:`numpy.isclose`, relative to the expected value); NaN and infinity
    never agree, not even with themselves. ``got`` and ``expected`` broadcast as in NumPy
    (the checkers compare equal shapes; :func:`close` insists on them).

    >>> differs([1.0, 2.0000001, 3.1, np.nan], [1.0, 2.0, 3.0, np.nan])
    array([False, False,  True,  True])
    """
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        within = np.abs(got - expected) <= atol + rtol * np.abs(expected)
    return ~(within & np.isfinite(got) & np.isfinite(expected))


def close(got, expected, *, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """True when ``got`` has the shape of ``expected`` and no entry :func:`differs`.

    Scalars, sequences and arrays of numbers; a NaN or an infinity is never close. Each
    chapter compares its learner's answers with this one rule, passing ``rtol``/``atol``
    only where its answers need another tolerance.

    >>> close(0.1 + 0.2, 0.3), close(np.float32(0.3), 0.3), close(0.3004, 0.3)
    (True, True, False)
    >>> close([1.0, 2.0], [1.0, 2.0, 3.0]), close(float("nan"), float("nan"))
    (False, False)
    """
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    return got.shape == expected.shape and not bool(np.any(differs(got, expected, rtol=rtol,
                                                                    atol=atol)))


def mistake_message(got, mistakes: Iterable[tuple[Any, str]], *, rtol: float = RTOL,
                    atol: float = ATOL) -> str | None:
    """The message of the first typical mistake that ``got`` is :func:`close` to, or None.

    ``mistakes`` holds ``(value, message)`` pairs, most specific first: what a learner
    making that mistake would return, and what to tell them. A value of None is a mistake
    that cannot be told apart on this case and is skipped.

    >>> mistake_message(8.0, [(None, "n/a"), (8.0, "that is the sum."), (8.0, "later")])
    'that is the sum.'
    >>> mistake_message(5.0, [(8.0, "that is the sum.")]) is None
    True
    """
    for value, message in mistakes:
        if value is not None and close(got, value, rtol=rtol, atol=atol):
            return message
    return None


def _rounds_to(got: np.ndarray, expected: np.ndarray, step: np.ndarray) -> bool:
    """Is every entry of ``got`` a multiple of its ``step`` within half a step of
    ``expected``, as rounding ``expected`` to that step gives (ties either way)?"""
    units = got / step
    whole = np.abs(units - np.round(units)) <= 1e-6
    within = np.abs(got - expected) <= 0.5 * step * (1 + 1e-9)
    return bool(np.all(whole & within))


def rounded_to(got, expected) -> str | None:
    """How ``got`` is ``expected`` rounded (``"to 2 decimal places"``), or None if it is not.

    ``got`` counts as rounded when it is not :func:`close` to ``expected`` but equals it
    rounded to ``d`` decimal places (one ``d`` for every entry) or to ``d`` significant
    digits (each entry its own), ties either way, or when it was computed in half
    precision (every entry a float16 within four float16 steps of the answer). A rounding
    must keep at least two significant digits of the largest entry, and an answer of all
    zeros is never a rounding: 1 for 0.9, or 0 for 0.04, is a different mistake more often
    than a rounded answer.

    Examples
    --------
    >>> rounded_to(0.2231, 0.2231435513), rounded_to([1.39, 0.0513], [1.3863, 0.05129])
    ('to 4 decimal places', 'to 3 significant digits')
    >>> rounded_to(4.0, 4.4) is None, rounded_to(0.2231435513, 0.2231435513) is None
    (True, True)
    """
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if (got.shape != expected.shape or got.size == 0 or not np.all(np.isfinite(got))
            or not np.all(np.isfinite(expected)) or not np.any(got != 0)
            or close(got, expected)):
        return None
    largest = float(np.max(np.abs(expected)))
    if largest == 0.0:
        return None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        first = max(0, 1 - math.floor(math.log10(largest)))   # two digits of the largest
        for places in range(first, 16):
            if _rounds_to(got, expected, np.full(got.shape, 10.0 ** -places)):
                return ("to a whole number" if places == 0
                        else f"to {places} decimal place{'s' if places != 1 else ''}")
        exact_zeros = expected == 0.0
        if np.all(got[exact_zeros] == 0.0):
            magnitude = np.floor(np.log10(np.where(exact_zeros, 1.0, np.abs(expected))))
            for digits in range(2, 16):
                step = 10.0 ** (magnitude - digits + 1)
                if _rounds_to(got, expected, step):
                    return f"to {digits} significant digits"
        # computed in half precision: every entry a float16, a few float16 steps away
        half = got.astype(np.float16)
        steps = np.spacing(np.abs(expected).astype(np.float16)).astype(float)
        if np.all(half.astype(float) == got) and np.all(np.abs(got - expected) <= 4 * steps):
            return "to half precision (float16, about 3 significant digits)"
    return None


def rounded_hint(got, expected, name: str) -> Feedback | None:
    """The hint for an answer that is the right one rounded (see ``rounded_to``), or None.

    The one rule every checker uses for rounded answers, after its typical mistakes: it
    says that ``name`` looks rounded and how, never the answer itself.

    >>> print(rounded_hint(0.22, 0.2231435513, "my_cross_entropy(0, [0.8, 0.15, 0.05])"))
    ✗ Not yet: my_cross_entropy(0, [0.8, 0.15, 0.05]) looks rounded, to 2 decimal places: it agrees with the answer only that far. Return the unrounded result; round only when you print it.
    """
    how = rounded_to(got, expected)
    if how is None:
        return None
    return Feedback.hint(f"{name} looks rounded, {how}: it agrees with the answer only that "
                         "far. Return the unrounded result; round only when you print it.")


Hint = tuple[Callable[[Any], bool], str]


def compare_numbers(
    got: Any,
    expected: Any,
    *,
    mistakes: Iterable[tuple[Any, str]] = (),
    hints: Iterable[Hint] = (),
    rtol: float = RTOL,
    atol: float = ATOL,
    name: str = "your answer",
    success: str = "",
) -> Feedback:
    """Compare a learner's number (or array) with the expected one, with hints.

    Parameters
    ----------
    got : number, array-like, or the placeholder ``...`` / ``None``
    expected : number or array-like
    mistakes : iterable of (value, message)
        Typical mistakes, tried first when ``got`` is wrong (see :func:`mistake_message`,
        with the same tolerance as the answer).
    hints : iterable of (predicate, message)
        Tried in order next: the first ``predicate(got)`` that is true gives the message.
        A predicate that raises is skipped. Before both, an answer holding NaN or
        infinity gets the hint of :func:`non_finite_hint`; between them, a rounded answer
        the hint of :func:`rounded_hint`.
    rtol, atol : float
        Tolerances of :func:`close`: ``|got - expected| <= atol + rtol * |expected|``;
        by default :data:`RTOL` and :data:`ATOL`.
    name : str
        How to refer to the learner's answer in messages.
    success : str
        Detail appended to "Correct".

    Examples
    --------
    >>> compare_numbers(2.5, 2.5)
    ✓ Correct!
    >>> compare_numbers(8, 8 / 3, mistakes=[(8, "that is the sum.")])
    ✗ Not yet: that is the sum.
    >>> compare_numbers(-1, 8 / 3, hints=[(lambda g: g < 0, "a mean of positive numbers?")])
    ✗ Not yet: a mean of positive numbers?
    >>> compare_numbers(..., 1.0, name="`answer`")
    … Not attempted yet: replace the `...` in `answer` with your code, then run the cell again.
    """
    if is_placeholder(got):
        return Feedback.not_attempted(name)
    got_num = _as_number_or_array(got)
    if got_num is None:
        return Feedback.hint(
            f"{name} should be a number, but it is a {type(got).__name__} ({quoted(got)})."
        )
    expected_num = _as_number_or_array(expected)
    if expected_num is None:
        raise TypeError(f"expected must be numeric; received {type(expected).__name__}.")
    if np.shape(got_num) != np.shape(expected_num):
        return Feedback.hint(
            f"{name} has shape {np.shape(got_num)}, but the answer has shape "
            f"{np.shape(expected_num)}."
            + (" Return one number, not a list." if np.ndim(expected_num) == 0 else "")
        )
    if close(got_num, expected_num, rtol=rtol, atol=atol):
        return Feedback.correct(success)
    hint = non_finite_hint(got_num, name)
    if hint is not None:
        return hint
    message = mistake_message(got_num, mistakes, rtol=rtol, atol=atol)
    if message is not None:
        return Feedback.hint(message)
    rounded = rounded_hint(got_num, expected_num, name)
    if rounded is not None:
        return rounded
    for predicate, message in hints:
        try:
            matched = bool(predicate(got))
        except Exception:  # noqa: BLE001 - a hint that does not apply is skipped
            matched = False
        if matched:
            return Feedback.hint(message)
    # The generic hints say where and which way, never what the answer is: the solution
    # under the exercise is for after trying.
    if np.ndim(expected_num) == 0:
        direction = "large" if got_num > expected_num else "small"
        return Feedback.hint(f"{name} is {got_num:.10g}, which is too {direction}.")
    wrong = differs(got_num, expected_num, rtol=rtol, atol=atol)
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    where = first[0] if len(first) == 1 else first
    return Feedback.hint(
        f"{name} differs from the expected values at {int(wrong.sum())} of {wrong.size} "
        f"positions, the first at index {where}."
    )


# --- Running the learner's function on the cases ---------------------------------------------


@dataclass(frozen=True)
class Failure:
    """The first case that :func:`run_cases` found the learner's function does not pass."""

    case: Any  # the case as the checker listed it
    feedback: Feedback  # what to tell the learner
    got: Any = None  # the learner's value on the case; None when the call itself failed
    exception: BaseException | None = None  # what the learner's code raised, if anything


def _plain_numbers(value: Any):
    """``value`` as a new float array when it holds numbers other than truth values, else None."""
    if isinstance(value, (bool, np.bool_)):
        return None
    array = numeric_array(value)
    if array is None or np.asarray(value).dtype.kind == "b":
        return None
    return array


def _answer_text(array: np.ndarray) -> str:
    return f"{float(array):g}" if array.ndim == 0 else numbers_text(array)


def constant_answer_hint(values: Sequence[Any], expected: Sequence[Any],
                         name: str) -> Feedback | None:
    """The hint for a function that gave the same answer whatever its input, or None.

    ``values`` are what the learner's function ``name`` returned on the checker's cases,
    in order, and ``expected`` the right answers of the same cases. A hint when there are
    two cases or more, every value is the same finite number (or array of numbers, equal
    entry by entry: a hard-coded answer is typed once) with the shape of some case's
    answer, and the right answers are not all the same: then no answer that ignores the
    input can be right, and a typical slip it happens to match on one case would be the
    wrong hint. A checker whose typical mistakes can give one number on every case (a
    count) names such a mistake first.

    Examples
    --------
    >>> print(constant_answer_hint([0.6, 0.6, 0.6], [1.8, 0.6, 2.1], "`my_expected_cost`"))
    ✗ Not yet: `my_expected_cost` returned 0.6 on each of the 3 test inputs, whose answers differ: it does not depend on its arguments. Compute the result from them rather than typing in a number worked out for one example.
    >>> constant_answer_hint([0.6, 0.7], [1.8, 0.6], "`f`") is None
    True
    """
    arrays = []
    for value in values:
        array = _plain_numbers(value)
        if array is None or not np.all(np.isfinite(array)):
            return None
        arrays.append(array)
    if len(arrays) < 2 or len(arrays) != len(expected):
        return None
    first = arrays[0]
    if not all(array.shape == first.shape and np.array_equal(array, first) for array in arrays):
        return None
    answers = [_as_number_or_array(answer) for answer in expected]
    if all(close(answer, answers[0], rtol=0.0, atol=0.0) for answer in answers[1:]):
        return None
    if not any(np.shape(answer) == first.shape for answer in answers):
        return None   # the right form for no case: the shape is the first thing to fix
    return Feedback.hint(
        f"{name} returned {_answer_text(first)} on each of the {len(arrays)} test inputs, "
        "whose answers differ: it does not depend on its arguments. Compute the result from "
        "them rather than typing in a number worked out for one example."
    )


def run_cases(
    fn: Any,
    cases: Iterable[Any],
    judge: Callable[[Any, Any], Feedback | None],
    *,
    name: str,
    arguments: Callable[[Any], Sequence[Any]] | None = None,
    expected: Callable[[Any], Any] | None = None,
) -> Failure | None:
    """Call the learner's ``fn`` on each case in order; the first case it fails, or None.

    Each call gets a deep copy of its arguments, so a function that changes its inputs in
    place cannot change the checker's case. The call goes through
    :func:`run_learner_function`: a placeholder, :class:`NotImplementedError`, a missing
    ``return`` or an exception ends the run with its feedback (the :class:`Failure` keeps
    the exception, for a checker that explains a particular one). Without ``expected`` the
    later cases are not run. With it, the learner's function is also run on the cases
    after the first it fails, and when it returned the same answer on every case while
    the right answers differ, the failure's feedback is :func:`constant_answer_hint`
    instead of the judge's.

    Parameters
    ----------
    fn : the learner's function (or the placeholder ``...``)
    cases : iterable
        The checker's cases. By default each case is the tuple of arguments for ``fn``.
    judge : callable ``judge(case, value)``
        Judges the learner's value on one case: None or a correct :class:`Feedback` when
        the case passes, otherwise the feedback for the learner.
    name : str
        How messages call the function, e.g. ``"`my_mean`"``.
    arguments : callable, optional
        ``arguments(case)`` gives the arguments for ``fn`` when a case holds more than them.
    expected : callable, optional
        ``expected(case)`` gives the right answer of a case (numbers), for recognising an
        answer that does not depend on the input.

    Examples
    --------
    >>> def judge(case, value):
    ...     return compare_numbers(value, sum(case[0]) / len(case[0]), name=f"my_mean({case[0]})")
    >>> run_cases(lambda values: sum(values) / len(values), [([1, 2],), ([3.0],)], judge,
    ...           name="`my_mean`") is None
    True
    >>> failure = run_cases(lambda values: sum(values), [([1, 2],), ([3.0],)], judge,
    ...                     name="`my_mean`")
    >>> failure.case, failure.got, failure.feedback
    (([1, 2],), 3, ✗ Not yet: my_mean([1, 2]) is 3, which is too large.)
    >>> print(run_cases(lambda values: 3, [([1, 2],), ([3.0],)], judge, name="`my_mean`",
    ...                 expected=lambda case: sum(case[0]) / len(case[0])).feedback)
    ✗ Not yet: `my_mean` returned 3 on each of the 2 test inputs, whose answers differ: it does not depend on its arguments. Compute the result from them rather than typing in a number worked out for one example.
    """
    cases = list(cases)

    def call(case) -> Attempt:
        args = copy.deepcopy(tuple(case if arguments is None else arguments(case)))
        return run_learner_function(fn, *args, name=name)

    values = []
    for index, case in enumerate(cases):
        attempt = call(case)
        if not attempt.ok:
            return Failure(case, attempt.feedback, exception=attempt.exception)
        values.append(_plain_numbers(attempt.value))  # as it was, whatever fn does later
        feedback = judge(case, attempt.value)
        if feedback is None or feedback.is_correct:
            continue
        if expected is not None:
            for later in cases[index + 1:]:
                more = call(later)
                if not more.ok:
                    break
                values.append(_plain_numbers(more.value))
            constant = constant_answer_hint(values, [expected(c) for c in cases], name)
            if constant is not None:
                return Failure(case, constant, got=attempt.value)
        return Failure(case, feedback, got=attempt.value)
    return None


# --- Checkers --------------------------------------------------------------------------------


def checker(func: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Decorator for chapter checkers: never show the learner a traceback.

    Any exception escaping the checker (for example a learner passing something
    unexpected that the checker did not anticipate) becomes one line of feedback.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            return Feedback(
                ERROR,
                f"The checker could not finish ({type(exc).__name__}: {exc}). Check that "
                "you passed what the exercise asks for.",
            )
        if not isinstance(result, Feedback):  # a bug in the chapter, not the learner's
            raise TypeError(f"{func.__name__} must return a Feedback, not {type(result).__name__}")
        return result

    return wrapper


def first_failure(feedbacks: Sequence[Feedback]) -> Feedback | None:
    """The first non-correct feedback in ``feedbacks``, or None if all are correct."""
    for feedback in feedbacks:
        if not feedback:
            return feedback
    return None
