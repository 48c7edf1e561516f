"""High-precision reference values that no one here derived by hand.

Each family module (``regression``, ``classification``, ...) exposes
``accuracy_cases()``, yielding :class:`AccuracyCase` records: a call of a
``lossfns`` function and the value mpmath computes for it at 50 significant
digits. The tests assert every case; ``benchmarks/accuracy.py`` reports the
worst relative error per function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mpmath

# one definition of the relative error, shared with the book (lossfns.reference.highprecision)
from lossfns.reference.highprecision import relative_error  # noqa: F401

mpmath.mp.dps = 50


@dataclass(frozen=True)
class AccuracyCase:
    """One call ``func(*args, **kwargs)`` and its 50-digit reference value."""

    name: str                      # the lossfns function's name, e.g. "huber_grad"
    func: Callable[..., Any]
    args: tuple
    kwargs: dict = field(default_factory=dict)
    reference: Any = None          # float or ndarray of floats (rounded from mpmath)
    label: str = ""                # what the case probes, e.g. "error 1e-10"


def to_float(x) -> float:
    """Round an mpmath number to the nearest float64."""
    return float(mpmath.mpf(x))


def all_cases():
    """Every accuracy case of every family module that exists."""
    import importlib

    for module_name in ("regression", "classification", "activations"):
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{module_name}":
                raise
            continue
        yield from module.accuracy_cases()
