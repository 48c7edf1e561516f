"""Small helpers shared by the explorers."""

from __future__ import annotations


def _spoken(units: str) -> str:
    """Units as a screen reader should say them: "points²" -> "points squared".

    >>> _spoken("points²")
    'points squared'
    """
    return units.replace("²", " squared").replace("³", " cubed")



def _position(known, value, name: str, what: str) -> int:
    """The position of ``value`` in a scene's precomputed ``known`` values (a frame).

    >>> _position((0.5, 1.0), 1.0, "k", "ks")
    1
    >>> _position((0.5, 1.0), 2.0, "k", "ks")
    Traceback (most recent call last):
    ValueError: k must be one of the scene's ks [0.5, 1.0], got 2.0
    """
    for position, candidate in enumerate(known):
        if candidate == value:
            return position
    raise ValueError(f"{name} must be one of the scene's {what} {list(known)}, got {value!r}")
