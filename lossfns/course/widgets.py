"""Interactive figures that keep working in the static HTML book.

A slider in a live notebook can re-run Python on every move; a published HTML page
has no kernel. :func:`frame_slider` therefore renders every position in advance
(one small PNG per slider position) and lets the browser switch between them:

* every frame is an ``<img>`` (with alt text) inside an :class:`ipywidgets.HTML`;
* the frames are the children of an :class:`ipywidgets.Stack`;
* an :class:`ipywidgets.SelectionSlider` runs over the frames: its options are
  ``(formatted value, frame index)`` pairs, so its readout shows the real parameter
  value (an ``IntSlider`` would show a meaningless index), and
  :func:`ipywidgets.jslink` ties ``slider.index`` to ``stack.selected_index``.

``jslink`` runs in the browser, so the figure follows the slider in JupyterLab,
in Binder and in the built HTML page alike, with no kernel round trip.

Keep the number of frames and their resolution modest: every frame is embedded in
the page (about 10–40 KB each at the default ``dpi=70``).
"""

from __future__ import annotations

import base64
import html
import io
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MAX_FRAMES", "figure_html", "frame_slider", "render_png"]

#: Upper limit on frames per slider: each one is embedded in the HTML page.
MAX_FRAMES = 25


def _format_value(format: str | Callable[[Any], str], value: Any) -> str:
    if callable(format):
        text = format(value)
    else:
        text = format.format(value)
    if not isinstance(text, str):
        raise TypeError(
            f"format must produce a str; the callable returned {type(text).__name__} "
            f"for value {value!r}."
        )
    return text


def render_png(fig, *, dpi: int = 70, close: bool = True) -> bytes:
    """Render a matplotlib figure to PNG bytes (opaque white background).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int
        Resolution; 60–80 keeps an embedded frame at a few tens of KB.
    close : bool
        Close the figure afterwards so that rendering many frames does not
        accumulate open figures (and memory) in pyplot.

    Returns
    -------
    bytes
        The PNG file's bytes.
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(
            f"expected a matplotlib Figure; received {type(fig).__name__}. "
            "Make the drawing function end with `return fig`."
        )
    buffer = io.BytesIO()
    try:
        fig.savefig(
            buffer,
            format="png",
            dpi=dpi,
            facecolor="white",
            transparent=False,
            metadata={"Software": None},  # no version string: identical bytes across upgrades
        )
    finally:
        if close:
            import matplotlib.pyplot as plt

            plt.close(fig)
    return buffer.getvalue()


def figure_html(fig, alt: str, *, dpi: int = 100) -> str:
    """A static figure as an ``<img>`` whose alt text is computed by the caller.

    A figure shown with ``plt.show()`` gets its alt text from the cell metadata,
    which is typed by hand and cannot follow the data. Display this string instead
    (``display(HTML(figure_html(fig, alt)))``) to build the alt text from the values
    the cell has, with an f-string.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Closed after rendering.
    alt : str
        The alt text: five words or more (HTML-escaped here).
    dpi : int
        Resolution, by default that of the book's inline figures.

    Returns
    -------
    str
        ``<img src="data:image/png;base64,..." alt="..." ...>``.

    Raises
    ------
    ValueError
        If ``alt`` is not a string of at least five words.

    Examples
    --------
    >>> from lossfns.course.plotting import new_figure
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([0, 1], [1, 0])
    >>> figure_html(fig, "A line falling from 1 to 0.", dpi=20)[:32]
    '<img src="data:image/png;base64,'
    """
    if not isinstance(alt, str) or len(alt.split()) < 5:
        raise ValueError(
            f"alt: expected alt text of at least five words; received {alt!r}"
        )
    return _img_html(render_png(fig, dpi=dpi), alt)


def _img_html(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width: 100%; height: auto;" />'
    )


def frame_slider(
    draw: Callable[[Any], Any],
    values: Sequence[Any],
    *,
    description: str,
    format: str | Callable[[Any], str] = "{:g}",
    alt: str | Callable[[Any], str] | None = None,
    initial: int = 0,
    dpi: int = 70,
):
    """A slider that flips through figures precomputed for each of ``values``.

    Parameters
    ----------
    draw : callable
        ``draw(value)`` returns a :class:`matplotlib.figure.Figure` for one slider
        position. It is called once per value, up front; the figure is rendered to
        PNG and closed.
    values : sequence
        The parameter values the slider steps through, in order
        (2 to :data:`MAX_FRAMES` of them).
    description : str
        The slider's visible, accessible label, e.g. ``"prediction c"``.
    format : str or callable
        How a value is shown next to the slider: a :meth:`str.format` pattern
        such as ``"{:.2f}"`` or a function ``value -> str``.
    alt : str or callable, optional
        Alt text of each frame: a :meth:`str.format` pattern with ``{value}`` and
        ``{description}`` fields, or a function ``value -> str``. Default:
        ``"Figure for <description> = <formatted value>"``.
    initial : int
        Index of the value shown first.
    dpi : int
        Resolution of each frame (30–150).

    Returns
    -------
    ipywidgets.VBox
        ``VBox([slider, frames])``. The parts are also available as attributes
        ``.slider`` (the SelectionSlider; ``slider.index`` is the frame shown),
        ``.frames`` (the Stack), ``.link`` (the jslink) and ``.values``, for tests
        and further customisation.

    Raises
    ------
    ValueError
        If there are fewer than 2 or more than :data:`MAX_FRAMES` values, if
        ``description`` is empty, if ``format`` shows two values alike, or if
        ``initial`` / ``dpi`` are out of range.
    TypeError
        If ``draw`` is not callable or does not return a matplotlib Figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> def draw(c):
    ...     fig, ax = plt.subplots()
    ...     ax.axhline(c)
    ...     return fig
    >>> box = frame_slider(draw, [0.0, 0.5, 1.0], description="level", format="{:.1f}")
    >>> box.slider.description, box.slider.label
    ('level', '0.0')
    >>> box.slider.options
    (('0.0', 0), ('0.5', 1), ('1.0', 2))
    >>> len(box.frames.children), box.frames.selected_index
    (3, 0)
    """
    import ipywidgets as widgets

    if not callable(draw):
        raise TypeError(
            f"draw must be a function value -> matplotlib Figure; received {type(draw).__name__}."
        )
    if isinstance(values, (str, bytes)):
        raise TypeError(f"values must be a sequence of slider positions; received {values!r}.")
    try:
        values = list(values)
    except TypeError:
        raise TypeError(
            f"values must be a sequence of slider positions; received {type(values).__name__}."
        ) from None
    if not 2 <= len(values) <= MAX_FRAMES:
        raise ValueError(
            f"values must hold between 2 and {MAX_FRAMES} slider positions (each becomes an "
            f"embedded image); received {len(values)}. Use fewer, coarser steps."
        )
    for value in values:
        if isinstance(value, numbers.Real) and not math.isfinite(value):
            raise ValueError(f"values must be finite; received {value!r}.")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(
            "description must be a non-empty str: it is the slider's accessible label "
            f"(e.g. 'prediction c'); received {description!r}."
        )
    if not (isinstance(initial, int) and 0 <= initial < len(values)):
        raise ValueError(
            f"initial must be an index into values (0 to {len(values) - 1}); received {initial!r}."
        )
    if not (isinstance(dpi, int) and 30 <= dpi <= 150):
        raise ValueError(f"dpi must be an int between 30 and 150; received {dpi!r}.")

    shown = [_format_value(format, value) for value in values]
    duplicates = sorted({text for text in shown if shown.count(text) > 1})
    if duplicates:
        raise ValueError(
            f"format shows different values as the same text {duplicates}; the reader could "
            "not tell the positions apart. Use more digits, e.g. format='{:.2f}'."
        )
    if alt is None:
        alts = [f"Figure for {description} = {text}" for text in shown]
    elif callable(alt):
        alts = [str(alt(value)) for value in values]
    else:
        alts = [alt.format(value=text, description=description) for text in shown]

    frames = []
    for value, alt_text in zip(values, alts):
        png = render_png(draw(value), dpi=dpi)
        frames.append(widgets.HTML(value=_img_html(png, alt_text)))

    slider = widgets.SelectionSlider(
        options=[(text, index) for index, text in enumerate(shown)],
        index=initial,
        description=description,
        readout=True,  # shows the formatted value of the current position
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="26em"),
    )
    frame_stack = widgets.Stack(frames, selected_index=initial)
    link = widgets.jslink((slider, "index"), (frame_stack, "selected_index"))
    box = widgets.VBox([slider, frame_stack])
    box.slider = slider
    box.frames = frame_stack
    box.link = link
    box.values = tuple(values)
    return box
