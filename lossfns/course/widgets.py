"""Interactive figures that keep working in the static HTML book.

A slider in a live notebook can re-run Python on every move; a published HTML page
has no kernel. :func:`frame_slider` therefore renders every position in advance
(one small image per slider position) and gives the result two views:

* **in Jupyter, Binder and Colab** an ipywidgets view: a
  :class:`ipywidgets.SelectionSlider` whose options are ``(formatted value, frame
  index)`` pairs (so its readout shows the real parameter value), an
  :class:`ipywidgets.Stack` of :class:`ipywidgets.HTML` frames (each an ``<img>`` with
  alt text) and an :func:`ipywidgets.jslink` from ``slider.index`` to
  ``stack.selected_index``, which runs in the browser with no kernel round trip;
* **in the HTML book** a self-contained ``text/html`` view (:func:`frame_player_html`):
  a labelled range input, an ``aria-live`` readout, one ``<img>`` per frame (all but
  the shown one hidden and lazily loaded, the neighbours of the shown one fetched once
  the player is in view) and a few lines of script. The book picks
  this view (``nb_mime_priority_overrides`` in ``_config.yml``), so a page needs no
  widget manager, and its build writes each frame to an image file.

Frames are lossless WebP: exactly the pixels matplotlib drew, a third of the size of
its PNG. Keep the number of frames modest: every frame is stored in the notebook.
"""

from __future__ import annotations

import base64
import html
import io
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

__all__ = [
    "MAX_FRAMES",
    "FrameSlider",
    "figure_html",
    "frame_player_html",
    "frame_slider",
    "render_png",
    "render_webp",
]

#: Upper limit on frames per slider: each one is stored in the notebook.
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


def _render(fig, *, dpi: int, close: bool, format: str, pil_kwargs: dict | None) -> bytes:
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
            format=format,
            dpi=dpi,
            facecolor="white",
            transparent=False,
            # PNG: no version string, so the bytes stay identical across upgrades
            metadata={"Software": None} if format == "png" else None,
            pil_kwargs=pil_kwargs,
        )
    finally:
        if close:
            import matplotlib.pyplot as plt

            plt.close(fig)
    return buffer.getvalue()


def render_png(fig, *, dpi: int = 70, close: bool = True) -> bytes:
    """Render a matplotlib figure to PNG bytes (opaque white background).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int
        Resolution in pixels per inch of the figure's size.
    close : bool
        Close the figure afterwards so that rendering many frames does not
        accumulate open figures (and memory) in pyplot.

    Returns
    -------
    bytes
        The PNG file's bytes.
    """
    return _render(fig, dpi=dpi, close=close, format="png", pil_kwargs=None)


def render_webp(fig, *, dpi: int = 70, close: bool = True) -> bytes:
    """Render a matplotlib figure to lossless WebP bytes (opaque white background).

    Lossless: every pixel is the one matplotlib drew (no colour of a line or marker is
    merged into another), in about a third of the bytes of the same PNG.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int
        Resolution in pixels per inch of the figure's size.
    close : bool
        Close the figure afterwards (see :func:`render_png`).

    Returns
    -------
    bytes
        The WebP file's bytes.
    """
    return _render(fig, dpi=dpi, close=close, format="webp", pil_kwargs={"lossless": True})


def _image_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _img_tag(data: bytes, mime: str, alt: str, **attributes: str) -> str:
    """An ``<img>`` holding ``data`` as a data URL, with its pixel size and alt text.

    ``width``/``height`` let the browser reserve the space before the image arrives;
    the style scales it down to the text column.
    """
    width, height = _image_size(data)
    extra = "".join(
        f" {name.replace('_', '-')}" + ("" if value == "" else f'="{html.escape(value)}"')
        for name, value in attributes.items()
    )
    return (
        f'<img src="data:{mime};base64,{base64.b64encode(data).decode("ascii")}" '
        f'alt="{html.escape(alt, quote=True)}" width="{width}" height="{height}"{extra} '
        'style="max-width: 100%; height: auto;" />'
    )


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
        ``<img src="data:image/webp;base64,..." alt="..." ...>``: the figure as lossless
        WebP (:func:`render_webp`). The book's build writes it to an image file.

    Raises
    ------
    ValueError
        If ``alt`` is not a string of at least five words.

    Examples
    --------
    >>> from lossfns.course.plotting import new_figure
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([0, 1], [1, 0])
    >>> figure_html(fig, "A line falling from 1 to 0.", dpi=20)[:33]
    '<img src="data:image/webp;base64,'
    """
    if not isinstance(alt, str) or len(alt.split()) < 5:
        raise ValueError(
            f"alt: expected alt text of at least five words; received {alt!r}"
        )
    return _img_tag(render_webp(fig, dpi=dpi), "image/webp", alt)


# The static player's behaviour. It runs once per player, from the player's last child:
# moving the range input shows that frame (and hides the others) and writes its value to
# the readout and to aria-valuetext. The frames around the shown one are fetched (they
# load lazily until then) as soon as the player comes into view, and again around each
# new position, so that the next step shows at once. On load it re-syncs the figure
# with the input, whose value a browser may restore on "back". ES5, no dependencies.
_PLAYER_SCRIPT = """(function (player) {
  if (!player) return;
  var input = player.querySelector("input[type=range]");
  var readout = player.querySelector("output");
  var frames = player.querySelectorAll("img");
  function preload() {
    var i = Number(input.value);
    for (var j = i - 1; j <= i + 1; j++) if (frames[j]) frames[j].loading = "eager";
  }
  function show() {
    var i = Number(input.value);
    for (var k = 0; k < frames.length; k++) frames[k].hidden = k !== i;
    readout.textContent = frames[i].getAttribute("data-label");
    input.setAttribute("aria-valuetext", readout.textContent);
  }
  input.addEventListener("input", function () { show(); preload(); });
  input.addEventListener("focus", preload);
  input.addEventListener("pointerdown", preload, {passive: true});
  if (window.IntersectionObserver) {
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        seen.disconnect();
        preload();
      }
    });
    seen.observe(player);
  }
  show();
})(document.currentScript && document.currentScript.parentNode);"""


def frame_player_html(
    frames: Sequence[bytes],
    *,
    description: str,
    labels: Sequence[str],
    alts: Sequence[str],
    initial: int = 0,
    mime: str = "image/webp",
) -> str:
    """The static view of a frame slider: a labelled range input over image frames.

    Self-contained HTML (no widget manager, no network): a ``<label>`` holding the
    description and an ``<input type="range">`` over the frame indices, an ``<output
    aria-live="polite">`` showing the formatted value (also the input's
    ``aria-valuetext``), then one ``<img>`` per frame with its own alt text and
    ``data-label``. Only frame ``initial`` is shown and loaded; the others are
    ``hidden`` and ``loading="lazy"``. When the player comes into view, and after each
    move, the frames next to the shown one are fetched, so that the next step shows at
    once; the rest load only when the reader gets to them. Without script the first
    view stays: the figure of ``initial``.

    Parameters
    ----------
    frames : sequence of bytes
        The image files, one per slider position.
    description : str
        The slider's visible label.
    labels : sequence of str
        The formatted value of each position (the readout).
    alts : sequence of str
        The alt text of each frame.
    initial : int
        Index of the frame shown first.
    mime : str
        The frames' media type.

    Returns
    -------
    str
        ``<div class="frame-player">...</div>``, the HTML the book's page shows.

    Raises
    ------
    ValueError
        If ``labels`` or ``alts`` do not hold one entry per frame, or ``initial`` is
        not an index into ``frames``.
    """
    count = len(frames)
    if len(labels) != count or len(alts) != count:
        raise ValueError(
            f"labels and alts: expected one per frame ({count}); received "
            f"{len(labels)} labels and {len(alts)} alt texts."
        )
    if not (isinstance(initial, int) and 0 <= initial < count):
        raise ValueError(f"initial: expected an index 0 to {count - 1}; received {initial!r}.")
    images = []
    for index, (data, label, alt) in enumerate(zip(frames, labels, alts)):
        attributes = {"data_label": label}
        if index != initial:
            attributes.update(hidden="", loading="lazy", decoding="async")
        images.append(_img_tag(data, mime, alt, **attributes))
    value = html.escape(labels[initial])
    return (
        '<div class="frame-player" style="margin: 0.5em 0 1em;">'
        # one row on a phone too: the range input takes the room the label and value leave
        '<div style="display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 1em;">'
        '<label style="display: flex; align-items: center; gap: 0.75em; flex: 1 1 14em; '
        'max-width: 34em;">'
        f'<span style="flex: none;">{html.escape(description)}</span>'
        f'<input type="range" min="0" max="{count - 1}" step="1" value="{initial}" '
        f'autocomplete="off" aria-valuetext="{value}" style="flex: 1 1 auto; min-width: 6em;" />'
        "</label>"
        f'<output aria-live="polite" style="flex: none; font-variant-numeric: tabular-nums;">'
        f"{value}</output>"
        "</div>"
        + "".join(images)
        + f"<script>{_PLAYER_SCRIPT}</script></div>"
    )


class FrameSlider(widgets.VBox):
    """``VBox([slider, frames])`` that also carries its static ``text/html`` view.

    Jupyter front ends show the widget (its ``application/vnd.jupyter.widget-view+json``
    view); the HTML book shows ``static_html`` (:func:`frame_player_html`), which
    needs no widget manager. Made by :func:`frame_slider`.

    Attributes
    ----------
    slider : ipywidgets.SelectionSlider
        ``slider.index`` is the frame shown.
    frames : ipywidgets.Stack
        One :class:`ipywidgets.HTML` ``<img>`` per value.
    link : ipywidgets.widget_link.Link
        The jslink from ``slider.index`` to ``frames.selected_index``.
    values : tuple
        The slider's values.
    static_html : str
        The static view.
    """

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.static_html
        return bundle


def frame_slider(
    draw: Callable[[Any], Any],
    values: Sequence[Any],
    *,
    description: str,
    format: str | Callable[[Any], str] = "{:g}",
    alt: str | Callable[[Any], str] | None = None,
    initial: int = 0,
    dpi: int = 70,
) -> FrameSlider:
    """A slider that flips through figures precomputed for each of ``values``.

    Parameters
    ----------
    draw : callable
        ``draw(value)`` returns a :class:`matplotlib.figure.Figure` for one slider
        position. It is called once per value, up front; the figure is rendered to
        lossless WebP (:func:`render_webp`) and closed.
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
    FrameSlider
        ``VBox([slider, frames])`` with its static view. The parts are also available
        as attributes ``.slider`` (the SelectionSlider; ``slider.index`` is the frame
        shown), ``.frames`` (the Stack), ``.link`` (the jslink), ``.values`` and
        ``.static_html``, for tests and further customisation.

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
    >>> box.static_html.count("<img "), 'type="range"' in box.static_html
    (3, True)
    """
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
            f"values must hold between 2 and {MAX_FRAMES} slider positions (each becomes a "
            f"stored image); received {len(values)}. Use fewer, coarser steps."
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

    images = [render_webp(draw(value), dpi=dpi) for value in values]
    slider = widgets.SelectionSlider(
        options=[(text, index) for index, text in enumerate(shown)],
        index=initial,
        description=description,
        readout=True,  # shows the formatted value of the current position
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="26em"),
    )
    frame_stack = widgets.Stack(
        [widgets.HTML(value=_img_tag(image, "image/webp", text))
         for image, text in zip(images, alts)],
        selected_index=initial,
    )
    link = widgets.jslink((slider, "index"), (frame_stack, "selected_index"))
    box = FrameSlider([slider, frame_stack])
    box.slider = slider
    box.frames = frame_stack
    box.link = link
    box.values = tuple(values)
    box.static_html = frame_player_html(
        images, description=description, labels=shown, alts=alts, initial=initial
    )
    return box
