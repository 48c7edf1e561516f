"""High-precision reference values that no one here derived by hand.

Each family module (``regression``, ``classification``, ...) exposes
``accuracy_cases()``, yielding :class:`AccuracyCase` records: a call of a
``lossfns`` function and the value mpmath computes for it at 50 significant
digits. The tests assert every case; ``benchmarks/accuracy.py`` reports the
worst relative error per function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import mpmath
import numpy as np

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


def relative_error(value, reference) -> float:
    """Max elementwise ``|value - reference| / |reference|`` (absolute where reference is 0)."""
    value = np.asarray(value, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    if value.shape != reference.shape:
        raise AssertionError(f"shape {value.shape} != reference shape {reference.shape}")
    both_inf = np.isinf(value) & np.isinf(reference) & (np.sign(value) == np.sign(reference))
    scale = np.where(reference == 0.0, 1.0, np.abs(reference))
    with np.errstate(invalid="ignore"):
        err = np.where(both_inf, 0.0, np.abs(value - reference) / scale)
    return float(np.max(np.where(np.isnan(err), np.inf, err)))


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
