"""Self-study exercises: friendly checkers for the book's exercise cells.

Chapter checkers live in submodules named after their chapter
(``lossfns.course.exercises.welcome``, ...) and are built from the helpers here. See
:mod:`lossfns.course.exercises._feedback` for the conventions (placeholder ``...``,
never a traceback, specific hints, one tolerance rule, one case loop).
"""

from . import _feedback
from ._feedback import *  # noqa: F403 - the shared toolkit, listed once in _feedback.__all__

__all__ = list(_feedback.__all__)
