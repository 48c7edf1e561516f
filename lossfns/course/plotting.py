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
>>> from lossfns.course.plotting import use_book_style, new_figure, OKABE_ITO
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
    "GRAPH_NODE_STYLES",
    "OKABE_ITO",
    "book_style",
    "draw_computation_graph",
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


#: Box colours (fill, edge) of :func:`draw_computation_graph`'s node kinds.
GRAPH_NODE_STYLES = MappingProxyType(
    {
        "data": ("#eeeeee", "#4d4d4d"),
        "parameter": ("#dcecf7", OKABE_ITO["blue"]),
        "value": ("#ffffff", "#1a1a1a"),
        "loss": ("#fbe5d6", OKABE_ITO["vermillion"]),
    }
)


def _graph_node(name, spec, kinds):
    if not isinstance(name, str) or not name:
        raise ValueError(f"node names must be non-empty str; received {name!r}.")
    if not isinstance(spec, (tuple, list)) or len(spec) not in (3, 4):
        raise ValueError(
            f"node {name!r} must be (x, y, label) or (x, y, label, kind); received {spec!r}."
        )
    x, y, label = spec[:3]
    kind = spec[3] if len(spec) == 4 else "value"
    if kind not in kinds:
        raise ValueError(
            f"node {name!r} has kind {kind!r}; expected one of {sorted(kinds)}."
        )
    return float(x), float(y), str(label), kind


def draw_computation_graph(
    ax,
    nodes,
    edges,
    *,
    fontsize: float = 13.0,
    gradient_fontsize: float | None = None,
    gradient_offset: float = 0.3,
):
    r"""Draw a small computational graph with its forward and backward passes.

    Every node is a labelled box; every edge is a solid black arrow (the forward
    pass, computing the target from the source). An edge that carries a gradient
    also gets a dashed vermillion arrow running the other way, beside it, labelled
    with that gradient (the backward pass: the chain rule sends
    :math:`\partial L / \partial \text{target}` back to the source).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Drawn into; its axis lines are switched off and its limits fitted to the boxes
        and labels, so that no text is clipped.
    nodes : mapping of str to tuple
        ``name -> (x, y, label)`` or ``(x, y, label, kind)``: the box centre in data
        coordinates, its text (mathtext such as ``"$W_1$"`` allowed) and its kind,
        one of ``"data"``, ``"parameter"``, ``"value"`` (the default) and ``"loss"``,
        which sets its colours (:data:`GRAPH_NODE_STYLES`).
    edges : sequence of tuple
        ``(source, target)``, ``(source, target, gradient)`` or
        ``(source, target, gradient, side)``: a forward arrow from node ``source`` to
        node ``target``; with ``gradient`` (a str), the labelled backward arrow too.
        ``side`` places the backward arrow and its label relative to the forward
        direction: ``"right"`` (the default: below a left-to-right edge, to the left
        of a downward one) or ``"left"``.
    fontsize : float
        Size of the node labels.
    gradient_fontsize : float, optional
        Size of the gradient labels (default: ``fontsize - 1``).
    gradient_offset : float
        Distance in data units between an edge's forward and backward arrows.

    Returns
    -------
    dict of str to matplotlib.text.Text
        The node texts by name; each one's ``get_bbox_patch()`` is its box.

    Raises
    ------
    ValueError
        For a malformed node, an unknown kind, or an edge naming a node that does
        not exist.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> boxes = draw_computation_graph(
    ...     ax,
    ...     {"x": (0, 0, "$x$", "data"), "w": (1, 1, "$w$", "parameter"),
    ...      "y": (2, 0, "$\\hat y = w x$"), "L": (4, 0, "$L$", "loss")},
    ...     [("x", "y"), ("w", "y", "$x\\,g$"), ("y", "L", "$g$")],
    ... )
    >>> sorted(boxes), boxes["w"].get_text()
    (['L', 'w', 'x', 'y'], '$w$')
    >>> plt.close(fig)
    """
    from matplotlib.patches import FancyArrowPatch

    kinds = dict(GRAPH_NODE_STYLES)
    parsed = {name: _graph_node(name, spec, kinds) for name, spec in dict(nodes).items()}
    if not parsed:
        raise ValueError("nodes must hold at least one node.")
    gradient_fontsize = fontsize - 1 if gradient_fontsize is None else gradient_fontsize

    boxes = {}
    for name, (x, y, label, kind) in parsed.items():
        face, edge = kinds[kind]
        boxes[name] = ax.text(
            x, y, label, ha="center", va="center", fontsize=fontsize, zorder=3,
            color="#1a1a1a",
            bbox={"boxstyle": "round,pad=0.45", "facecolor": face, "edgecolor": edge,
                  "linewidth": 1.6},
        )

    backward_colour = OKABE_ITO["vermillion"]
    for edge in edges:
        if not isinstance(edge, (tuple, list)) or len(edge) not in (2, 3, 4):
            raise ValueError(
                f"each edge must be (source, target), (source, target, gradient) or "
                f"(source, target, gradient, side); received {edge!r}."
            )
        side = edge[3] if len(edge) == 4 else "right"
        if side not in ("right", "left"):
            raise ValueError(f"edge {edge[:2]!r}: side must be 'right' or 'left'; "
                             f"received {side!r}.")
        source, target = edge[0], edge[1]
        for end in (source, target):
            if end not in parsed:
                raise ValueError(
                    f"edge {edge[:2]!r} names the node {end!r}, which is not in nodes "
                    f"({sorted(parsed)})."
                )
        (x0, y0), (x1, y1) = parsed[source][:2], parsed[target][:2]
        ax.add_patch(FancyArrowPatch(
            (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=16, linewidth=1.6,
            color="#1a1a1a", patchA=boxes[source].get_bbox_patch(),
            patchB=boxes[target].get_bbox_patch(), shrinkA=3, shrinkB=3, zorder=2,
        ))
        if len(edge) == 2 or edge[2] is None:
            continue
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 or 1.0
        # Right-hand normal of the forward direction (source -> target).
        nx, ny = (y1 - y0) / length, (x0 - x1) / length
        if side == "left":
            nx, ny = -nx, -ny
        dx, dy = gradient_offset * nx, gradient_offset * ny
        ax.add_patch(FancyArrowPatch(
            (x1 + dx, y1 + dy), (x0 + dx, y0 + dy), arrowstyle="-|>", mutation_scale=14,
            linewidth=1.4, linestyle=(0, (4, 2)), color=backward_colour,
            patchA=boxes[target].get_bbox_patch(), patchB=boxes[source].get_bbox_patch(),
            shrinkA=3, shrinkB=3, zorder=2,
        ))
        ha = "center" if abs(nx) < 0.5 else ("left" if nx > 0 else "right")
        va = "center" if abs(ny) < 0.5 else ("bottom" if ny > 0 else "top")
        ax.text(
            (x0 + x1) / 2 + 1.6 * dx, (y0 + y1) / 2 + 1.6 * dy, str(edge[2]),
            ha=ha, va=va, fontsize=gradient_fontsize, color=backward_colour, zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                  "alpha": 0.9},
        )

    ax.set_axis_off()
    _fit_limits_to_texts(ax, [spec[:2] for spec in parsed.values()])
    return boxes


def _fit_limits_to_texts(ax, points, *, pad_pixels: float = 6.0, rounds: int = 3):
    """Set the data limits so that every text of ``ax`` (boxes included) is inside it.

    Text sizes are fixed in pixels while the limits set the data scale, so the fit
    is repeated a few times until it settles.
    """
    import numpy as np

    xs, ys = zip(*points)
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.5, max(ys) + 0.5)
    figure = ax.figure
    for _ in range(rounds):
        figure.draw_without_rendering()
        renderer = figure.canvas.get_renderer()
        extents = [text.get_window_extent(renderer) for text in ax.texts]
        extents += [text.get_bbox_patch().get_window_extent(renderer)
                    for text in ax.texts if text.get_bbox_patch() is not None]
        corners = np.array([[e.x0 - pad_pixels, e.y0 - pad_pixels] for e in extents]
                           + [[e.x1 + pad_pixels, e.y1 + pad_pixels] for e in extents])
        data = ax.transData.inverted().transform(corners)
        ax.set_xlim(min(data[:, 0].min(), min(xs)), max(data[:, 0].max(), max(xs)))
        ax.set_ylim(min(data[:, 1].min(), min(ys)), max(data[:, 1].max(), max(ys)))
