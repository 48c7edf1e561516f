"""Small helpers shared by the explorers."""

from __future__ import annotations


def _spoken(units: str) -> str:
    """Units as a screen reader should say them: "points²" -> "points squared".

    >>> _spoken("points²")
    'points squared'
    """
    return units.replace("²", " squared").replace("³", " cubed")

