"""Self-study exercises: friendly checkers for the book's exercise cells.

Chapter checkers live in submodules named after their chapter
(``lossfns.exercises.welcome``, ...) and are built from the helpers here. See
:mod:`lossfns.exercises._feedback` for the conventions (placeholder ``...``,
never a traceback, specific hints).
"""

from ._feedback import (
    Attempt,
    Feedback,
    checker,
    compare_numbers,
    first_failure,
    is_placeholder,
    run_learner_function,
)

__all__ = [
    "Attempt",
    "Feedback",
    "checker",
    "compare_numbers",
    "first_failure",
    "is_placeholder",
    "run_learner_function",
]
