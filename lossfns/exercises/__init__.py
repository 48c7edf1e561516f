"""Self-study exercises: friendly checkers for the book's exercise cells.

Chapter checkers live in submodules named after their chapter
(``lossfns.exercises.welcome``, ...) and are built from the helpers here. See
:mod:`lossfns.exercises._feedback` for the conventions (placeholder ``...``,
never a traceback, specific hints, one tolerance rule, one case loop).
"""

from ._feedback import (
    ATOL,
    RTOL,
    Attempt,
    Failure,
    Feedback,
    checker,
    close,
    compare_numbers,
    differs,
    first_failure,
    holds_text,
    is_placeholder,
    mistake_message,
    numbers_text,
    numeric_array,
    one_number,
    pair_of_numbers,
    quoted,
    run_cases,
    run_learner_function,
    text_hint,
)

__all__ = [
    "ATOL",
    "RTOL",
    "Attempt",
    "Failure",
    "Feedback",
    "checker",
    "close",
    "compare_numbers",
    "differs",
    "first_failure",
    "holds_text",
    "is_placeholder",
    "mistake_message",
    "numbers_text",
    "numeric_array",
    "one_number",
    "pair_of_numbers",
    "quoted",
    "run_cases",
    "run_learner_function",
    "text_hint",
]
