"""Small helpers shared by the explorers."""

from __future__ import annotations

import numpy as np


def spoken_units(units: str) -> str:
    """Units as a screen reader should say them: "points²" -> "points squared".

    >>> spoken_units("points²")
    'points squared'
    """
    return units.replace("²", " squared").replace("³", " cubed")


def frame_index(known, value, name: str, what: str) -> int:
    """The position of ``value`` in a scene's precomputed ``known`` values (a frame).

    >>> frame_index((0.5, 1.0), 1.0, "k", "ks")
    1
    >>> frame_index((0.5, 1.0), 2.0, "k", "ks")
    Traceback (most recent call last):
    ValueError: k must be one of the scene's ks [0.5, 1.0], got 2.0
    """
    for position, candidate in enumerate(known):
        if candidate == value:
            return position
    raise ValueError(f"{name} must be one of the scene's {what} {list(known)}, got {value!r}")


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten")


def count_word(count: int) -> str:
    """A count as alt text reads it: words up to ten, digits above.

    >>> count_word(5), count_word(24)
    ('five', '24')
    """
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def slider_numbers(values, name: str, what: str) -> tuple:
    """``values`` as 2 to MAX_FRAMES finite, strictly increasing floats (one frame each).

    >>> slider_numbers([0, 0.5], "guesses", "guesses")
    (0.0, 0.5)
    >>> slider_numbers([1.0, 1.0], "guesses", "guesses")
    Traceback (most recent call last):
    ValueError: guesses must increase strictly, got [1.0, 1.0]
    """
    from ..widgets import MAX_FRAMES

    try:
        array = None if isinstance(values, (str, bytes)) else np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of numbers, got {values!r:.80}")
    if not 2 <= array.size <= MAX_FRAMES:
        raise ValueError(f"{name} must hold 2 to {MAX_FRAMES} {what} (one frame each), "
                         f"got {array.size}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers, got {array.tolist()}")
    if np.any(np.diff(array) <= 0):
        raise ValueError(f"{name} must increase strictly, got {array.tolist()}")
    return tuple(float(value) for value in array)
