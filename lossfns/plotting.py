"""The book's figure style, defined once.

Every chapter starts its plotting with :func:`use_book_style` and draws with
:func:`new_figure`, so all figures share one look:

* the Okabe–Ito palette (distinguishable with the common forms of colour
  blindness) as the colour cycle, without its yellow, which is unreadable on white;
* font sizes that stay legible when the page scales the figure down;
* a light grid and always-labelled axes;
* an **opaque white** background, so a figure reads the same in the book's light
  and dark themes (a transparent PNG would put black text on a dark page).

Examples
--------
>>> from lossfns.plotting import use_book_style, new_figure, OKABE_ITO
>>> use_book_style()
>>> fig, ax = new_figure(xlabel="prediction", ylabel="loss")
>>> ax.get_xlabel()
'prediction'
>>> OKABE_ITO["vermillion"]
'#D55E00'
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

from contextlib import contextmanager
from types import MappingProxyType

__all__ = [
    "BOOK_RCPARAMS",
    "COLOR_CYCLE",
    "OKABE_ITO",
    "book_style",
    "new_figure",
    "use_book_style",
]

#: The eight colours of Okabe & Ito (2008), "Color Universal Design", by name.
OKABE_ITO = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }
)

#: Line/marker colour order: strongest contrast on white first; yellow left out.
COLOR_CYCLE = tuple(
    OKABE_ITO[name]
    for name in (
        "blue",
        "vermillion",
        "bluish_green",
        "orange",
        "reddish_purple",
        "sky_blue",
        "black",
    )
)

#: The matplotlib settings behind :func:`use_book_style`.
BOOK_RCPARAMS = MappingProxyType(
    {
        # Opaque white everywhere: legible on the light and the dark theme.
        "figure.facecolor": "white",
        "figure.edgecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.edgecolor": "white",
        "savefig.transparent": False,
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.constrained_layout.use": True,
        # Readable text once the figure is scaled to the page's column width.
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "legend.fontsize": 11,
        "figure.titlesize": 14,
        "text.color": "#1a1a1a",
        "axes.labelcolor": "#1a1a1a",
        "axes.edgecolor": "#4d4d4d",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        # Colour-blind-safe colour cycle.
        "axes.prop_cycle": None,  # filled in by _rcparams() (needs matplotlib)
        "lines.linewidth": 2.0,
        "lines.markersize": 7,
        # A quiet grid helps reading values off a curve.
        "axes.grid": True,
        "grid.color": "#d0d0d0",
        "grid.linewidth": 0.8,
        "grid.alpha": 1.0,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "image.cmap": "viridis",
    }
)


def _rcparams() -> dict:
    """BOOK_RCPARAMS with the colour cycle as a matplotlib ``cycler``."""
    from cycler import cycler

    params = dict(BOOK_RCPARAMS)
    params["axes.prop_cycle"] = cycler(color=list(COLOR_CYCLE))
    return params


def use_book_style() -> None:
    """Apply the book's figure style to every later matplotlib figure.

    Imports :mod:`matplotlib.pyplot` first, so that a Jupyter backend chosen at
    import time cannot overwrite the style afterwards.
    """
    import matplotlib
    import matplotlib.pyplot  # activates the backend before styling

    matplotlib.rcParams.update(_rcparams())


@contextmanager
def book_style():
    """Context manager: the book's style inside the ``with`` block only.

    Examples
    --------
    >>> import matplotlib
    >>> with book_style():
    ...     matplotlib.rcParams["axes.grid"]
    True
    """
    import matplotlib

    with matplotlib.rc_context(_rcparams()):
        yield


def new_figure(
    nrows: int = 1,
    ncols: int = 1,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    width: float = 6.4,
    height: float = 4.0,
    **subplots_kwargs,
):
    """Create a figure in the book's style and label its axes.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes, as in :func:`matplotlib.pyplot.subplots`.
    xlabel, ylabel, title : str, optional
        Applied to every axes (pass ``None`` and label them yourself when the
        panels differ).
    width, height : float
        Figure size in inches.
    **subplots_kwargs
        Passed on to :func:`matplotlib.pyplot.subplots` (e.g. ``sharey=True``).

    Returns
    -------
    (Figure, Axes or ndarray of Axes)
        Like :func:`matplotlib.pyplot.subplots`. The figure has an opaque white
        background whatever the global settings are.

    Notes
    -----
    Calls :func:`use_book_style` first: line widths, colours and fonts are read
    from the global settings when an artist is *drawn into* the axes, so the
    style has to stay active after this function returns.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if not (isinstance(nrows, int) and isinstance(ncols, int) and nrows >= 1 and ncols >= 1):
        raise ValueError(
            f"nrows and ncols must be positive integers; received nrows={nrows!r}, ncols={ncols!r}."
        )
    if not (width > 0 and height > 0):
        raise ValueError(
            f"width and height must be positive (inches); received width={width!r}, "
            f"height={height!r}."
        )
    use_book_style()
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), **subplots_kwargs)
    fig.patch.set_facecolor("white")
    fig.patch.set_alpha(1.0)
    for ax in np.atleast_1d(axes).ravel():
        if xlabel is not None:
            ax.set_xlabel(xlabel)
        if ylabel is not None:
            ax.set_ylabel(ylabel)
        if title is not None:
            ax.set_title(title)
    return fig, axes
