r"""The notebook-pages explorer (chapter 1): a mistake notebook, page by page, over training.

A :class:`~lossfns.training.mistakes.MistakeNotebook` records one loss per example at every
recorded training step: one page each. For a linear classifier on two features (scores
:math:`z = x W + b`, the predicted class the largest score) this explorer shows each page
twice: as the examples in the plane over the class the model predicts at each point,
the worst entries ringed, and as the page itself, every loss as a bar, worst first.

* :func:`notebook_pages_scene` -- what every page holds: losses, right and wrong
  answers, the worst entries and the predicted class regions;
* :func:`draw_notebook_page` and :func:`describe_notebook_page` -- one page's figure and
  its alt text;
* :func:`notebook_pages_explorer` -- all of the above behind one slider over the steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np

from ...training import _checks as checks
from ..plotting import OKABE_ITO, book_style, new_figure
from ._common import count_word, frame_index

__all__ = [
    "NotebookPagesScene",
    "describe_notebook_page",
    "draw_notebook_page",
    "notebook_pages_explorer",
    "notebook_pages_scene",
]

#: Colour, marker and region tint of each class (up to three classes).
_CLASS_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"])
_MARKERS = ("o", "s", "^")
_REGION_TINTS = ("#cfe3f0", "#cdeee2", "#f8e3b8")
#: Where the rank of each ringed entry is written, in points from its ring.
_LABEL_OFFSETS = ((14, 12), (-14, 12), (14, -12))
#: How many points along each axis the class regions are computed at.
REGION_POINTS = 220


@dataclass(frozen=True, eq=False)
class NotebookPagesScene:
    r"""What :func:`notebook_pages_scene` measured: every page of a mistake notebook.

    Attributes
    ----------
    steps : tuple of int
        The recorded training steps, one page (and one slider position) each.
    X : ndarray, shape ``(n, 2)``
        The examples' two features ...
    y : ndarray of int, shape ``(n,)``
        ... and their true classes.
    names : tuple of str
        Each example's name in the notebook.
    losses : ndarray, shape ``(pages, n)``
        Every example's loss on every page.
    mean_losses : ndarray, shape ``(pages,)``
        The mean loss of each page.
    right : ndarray of bool, shape ``(pages, n)``
        Whether the model's top class is the true one, on every page.
    worst : ndarray of int, shape ``(pages, k)``
        The ``k`` worst examples of each page, worst first
        (:meth:`~lossfns.training.mistakes.MistakeNotebook.worst`).
    grid_x, grid_y : ndarray, shape ``(220, 220)``
        The points of the feature plane where the predicted class is computed ...
    regions : ndarray of int, shape ``(pages, 220, 220)``
        ... and the class the model predicts there, on every page.
    loss_top : float
        The top of the loss axis: 1.2 times the largest loss of any page.
    classes : tuple of str
        The class names, in index order.
    features : tuple of two str
        The names of the features, the axis labels of the plane.
    point_name : str
        What an example is (``"photo"``), for the alt text.
    units : str
        The units of the loss, e.g. ``"nats"``.
    """

    steps: tuple
    X: np.ndarray
    y: np.ndarray
    names: tuple
    losses: np.ndarray
    mean_losses: np.ndarray
    right: np.ndarray
    worst: np.ndarray
    grid_x: np.ndarray
    grid_y: np.ndarray
    regions: np.ndarray
    loss_top: float
    classes: tuple
    features: tuple
    point_name: str
    units: str

    def index(self, step) -> int:
        """The position of ``step`` in ``steps``."""
        return frame_index(self.steps, step, "step", "steps")


def _names(value, name: str, count: tuple) -> tuple:
    if (isinstance(value, str) or not isinstance(value, (tuple, list))
            or not count[0] <= len(value) <= count[1]
            or not all(isinstance(item, str) and item for item in value)
            or len(set(value)) != len(value)):
        size = f"{count[0]}" if count[0] == count[1] else f"{count[0]} to {count[1]}"
        raise ValueError(f"{name} must be a sequence of {size} distinct non-empty str, "
                         f"got {value!r}")
    return tuple(value)


def _limits(value, name: str, data: np.ndarray) -> tuple:
    if value is None:
        low, high = float(data.min()), float(data.max())
        pad = 0.15 * (high - low) if high > low else 1.0
        return (low - pad, high + pad)
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        low = high = float("nan")
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"{name} must be a pair (low, high) of finite numbers with "
                         f"low < high, got {value!r}")
    return (low, high)


def notebook_pages_scene(notebook, snapshots, X, y, *, classes, features=("$x_1$", "$x_2$"),
                         k: int = 3, xlim=None, ylim=None, point_name: str = "example",
                         units: str = "nats") -> NotebookPagesScene:
    r"""Measure every page of ``notebook``, recorded while a linear classifier trained.

    For the parameters :math:`(W, b)` of each step, the scores are :math:`z = x W + b`
    and the model answers the class with the largest score, on every example (right or
    wrong) and on a 220 x 220 grid of the feature plane (the class regions).

    Parameters
    ----------
    notebook : lossfns.training.MistakeNotebook
        The notebook, with 2 to :data:`lossfns.course.widgets.MAX_FRAMES` recorded steps.
    snapshots : mapping of int to (W, b)
        The parameters at every recorded step: ``W`` of shape ``(2, len(classes))``,
        ``b`` of shape ``(len(classes),)``.
    X : array-like, shape ``(n, 2)``
        The examples the notebook scored, one row each ...
    y : array-like of int, shape ``(n,)``
        ... and their true classes, indices into ``classes``.
    classes : sequence of 2 or 3 str
        The class names.
    features : pair of str
        The names of the two features.
    k : int, 1 to 3, default 3
        How many of the worst entries to ring and name.
    xlim, ylim : (float, float), optional
        The part of the feature plane to show; default the examples' range with 15 %
        added at each end.
    point_name : str, default "example"
        What an example is (``"photo"``), for the alt text.
    units : str, default "nats"
        The units of the loss.

    Returns
    -------
    NotebookPagesScene

    Examples
    --------
    >>> from lossfns import cross_entropy
    >>> from lossfns.training import MistakeNotebook
    >>> X, y = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 0.0]]), np.array([0, 1, 1])
    >>> snapshots = {0: (np.zeros((2, 2)), np.zeros(2)),
    ...              1: (np.array([[-1.0, 1.0], [0.0, 0.0]]), np.zeros(2))}
    >>> notebook = MistakeNotebook(cross_entropy)
    >>> for step, (W, b) in snapshots.items():
    ...     _ = notebook.record(y, X @ W + b, step=step)
    >>> scene = notebook_pages_scene(notebook, snapshots, X, y, classes=("cat", "dog"), k=2)
    >>> scene.right.tolist(), scene.worst.tolist()
    ([[True, False, False], [True, True, True]], [[0, 1], [2, 0]])
    >>> scene.losses.round(3).tolist()
    [[0.693, 0.693, 0.693], [0.127, 0.127, 0.313]]
    """
    from ..._validation import as_class_indices
    from ...training import MistakeNotebook
    from ..widgets import MAX_FRAMES

    if not isinstance(notebook, MistakeNotebook):
        raise ValueError(f"notebook must be a lossfns.training.MistakeNotebook, got "
                         f"{type(notebook).__name__}")
    steps = tuple(notebook.steps)
    if not 2 <= len(steps) <= MAX_FRAMES:
        raise ValueError(f"notebook must have 2 to {MAX_FRAMES} recorded steps (one frame "
                         f"each), got {len(steps)}")
    classes = _names(classes, "classes", (2, 3))
    features = _names(features, "features", (2, 2))
    X = checks.check_features(X, 2)
    if X.shape[0] != notebook.n_examples:
        raise ValueError(f"X must have one row per example of the notebook "
                         f"({notebook.n_examples}), got {X.shape[0]}")
    y = as_class_indices(y, "y", len(classes))
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), one class per row of X, "
                         f"got shape {y.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= 3:
        raise ValueError(f"k must be 1, 2 or 3 (the worst entries ringed), got {k!r}")
    if not isinstance(snapshots, Mapping):
        raise ValueError(f"snapshots must be a mapping step -> (W, b), got "
                         f"{type(snapshots).__name__}")
    for text, name in ((point_name, "point_name"), (units, "units")):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name} must be a non-empty str, got {text!r}")
    xlim = _limits(xlim, "xlim", X[:, 0])
    ylim = _limits(ylim, "ylim", X[:, 1])

    grid_x, grid_y = np.meshgrid(np.linspace(*xlim, REGION_POINTS),
                                 np.linspace(*ylim, REGION_POINTS))
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    right, regions = [], []
    for step in steps:
        if step not in snapshots:
            raise ValueError(f"snapshots has no parameters for step {step}; it needs every "
                             f"step the notebook recorded: {list(steps)}")
        W, b = _parameters(snapshots[step], step, len(classes))
        right.append((X @ W + b).argmax(axis=1) == y)
        regions.append((grid @ W + b).argmax(axis=1).reshape(grid_x.shape))
    losses = np.array([notebook.losses(step=step) for step in steps])
    return NotebookPagesScene(
        steps=steps, X=X.copy(), y=y, names=tuple(notebook.name(i) for i in range(len(y))),
        losses=losses, mean_losses=notebook.mean_losses(), right=np.array(right),
        worst=np.array([[m.example for m in notebook.worst(int(k), step=step)]
                        for step in steps]),
        grid_x=grid_x, grid_y=grid_y, regions=np.array(regions),
        loss_top=1.2 * float(losses.max()), classes=classes, features=features,
        point_name=point_name, units=units)


def _parameters(pair, step, n_classes: int):
    try:
        W, b = (np.asarray(part, dtype=np.float64) for part in pair)
    except (TypeError, ValueError):
        raise ValueError(f"snapshots[{step}] must be a pair (W, b) of arrays, got "
                         f"{pair!r:.80}") from None
    if W.shape != (2, n_classes) or b.shape != (n_classes,):
        raise ValueError(f"snapshots[{step}] must hold W of shape (2, {n_classes}) and b of "
                         f"shape ({n_classes},), got {W.shape} and {b.shape}")
    if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
        raise ValueError(f"snapshots[{step}] must hold finite numbers")
    return W, b


def _draw_plane(ax, scene: NotebookPagesScene, page: int) -> None:
    """The examples over the predicted class regions; rings on the worst."""
    from matplotlib.colors import ListedColormap

    count = len(scene.classes)
    ax.pcolormesh(scene.grid_x, scene.grid_y, scene.regions[page],
                  cmap=ListedColormap(list(_REGION_TINTS[:count])), vmin=0, vmax=count - 1,
                  shading="auto")
    for label, name in enumerate(scene.classes):
        mine = scene.y == label
        ax.scatter(scene.X[mine, 0], scene.X[mine, 1], marker=_MARKERS[label], s=40,
                   color=_CLASS_COLOURS[label], edgecolor="black",
                   linewidth=0.6, label=name)
    for rank, example in enumerate(scene.worst[page], start=1):
        first, second = scene.X[example]
        ax.scatter([first], [second], s=330, facecolor="none",
                   edgecolor="black", linewidth=2)
        ax.annotate(str(rank), (first, second),
                    xytext=_LABEL_OFFSETS[rank - 1], textcoords="offset points",
                    fontsize=12, fontweight="bold", ha="center", va="center")
    ax.set(xlabel=scene.features[0], ylabel=scene.features[1],
           title=f"step {scene.steps[page]}: the model's view")
    ax.grid(False)
    ax.legend(loc="lower right", fontsize=10, framealpha=0.9, frameon=True)


def _draw_page(ax, scene: NotebookPagesScene, page: int) -> None:
    """The page: every loss as a bar, worst first, wrong answers in red."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    losses = scene.losses[page]
    order = np.argsort(-losses, kind="stable")
    right = scene.right[page]
    colours = [OKABE_ITO["blue"] if right[i] else OKABE_ITO["vermillion"]
               for i in order]
    ax.bar(np.arange(len(order)), losses[order], color=colours)
    ax.axhline(scene.mean_losses[page], color="black", linestyle="--", linewidth=1.5)
    worst = [(scene.names[i], float(losses[i])) for i in scene.worst[page]]
    for rank, (_, loss) in enumerate(worst, start=1):
        ax.annotate(str(rank), (rank - 1, loss), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom",
                    fontsize=11, fontweight="bold")
    names = [f"{rank}  {name}: {loss:.2f}" for rank, (name, loss) in enumerate(worst, start=1)]
    ax.text(0.98, 0.97, "worst entries\n" + "\n".join(names),
            transform=ax.transAxes, ha="right", va="top", fontsize=10.5,
            bbox={"facecolor": "white", "edgecolor": "#999999",
                  "boxstyle": "round"})
    legend = [
        Patch(color=OKABE_ITO["vermillion"], label="wrong answer"),
        Patch(color=OKABE_ITO["blue"], label="right answer"),
        Line2D([], [], color="black", linestyle="--", label="mean loss"),
    ]
    ax.legend(handles=legend, loc="center right", fontsize=10,
              frameon=True, framealpha=0.9)
    ax.set(xlabel="entries, worst first", ylabel=f"loss ({scene.units})", xticks=[],
           ylim=(0, scene.loss_top), xlim=(-0.8, len(order) - 0.2),
           title=(f"the page: mean {scene.mean_losses[page]:.2f} {scene.units}, "
                  f"{np.sum(~right)} wrong"))


def draw_notebook_page(scene: NotebookPagesScene, step):
    """The explorer's figure for the page of ``step``.

    Left, the feature plane: each region tinted by the class the model predicts there,
    the examples by class, the worst entries ringed and numbered. Right, the page:
    every loss as a bar, worst first, red for a wrong answer and blue for a right one,
    the mean dashed and the worst entries named in a box.

    Returns
    -------
    matplotlib.figure.Figure
        10.5 x 4.3 inches, from :func:`lossfns.course.plotting.new_figure`.

    Examples
    --------
    >>> from lossfns import cross_entropy
    >>> from lossfns.training import MistakeNotebook
    >>> X, y = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 0.0]]), np.array([0, 1, 1])
    >>> snapshots = {0: (np.zeros((2, 2)), np.zeros(2)),
    ...              1: (np.array([[-1.0, 1.0], [0.0, 0.0]]), np.zeros(2))}
    >>> notebook = MistakeNotebook(cross_entropy)
    >>> for step, (W, b) in snapshots.items():
    ...     _ = notebook.record(y, X @ W + b, step=step)
    >>> scene = notebook_pages_scene(notebook, snapshots, X, y, classes=("cat", "dog"))
    >>> fig = draw_notebook_page(scene, 0)
    >>> [ax.get_title() for ax in fig.get_axes()]
    ["step 0: the model's view", 'the page: mean 0.69 nats, 2 wrong']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    page = scene.index(step)
    with book_style():
        fig, (left, right) = new_figure(1, 2, width=10.5, height=4.3,
                                        gridspec_kw={"width_ratios": [1, 1.25]})
        _draw_plane(left, scene, page)
        _draw_page(right, scene, page)
    return fig


def describe_notebook_page(scene: NotebookPagesScene, step) -> str:
    """The alt text of :func:`draw_notebook_page`'s figure, computed from the scene.

    Examples
    --------
    >>> from lossfns import cross_entropy
    >>> from lossfns.training import MistakeNotebook
    >>> X, y = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 0.0]]), np.array([0, 1, 1])
    >>> snapshots = {0: (np.zeros((2, 2)), np.zeros(2)),
    ...              1: (np.array([[-1.0, 1.0], [0.0, 0.0]]), np.zeros(2))}
    >>> notebook = MistakeNotebook(cross_entropy, names=["a", "b", "c"])
    >>> for step, (W, b) in snapshots.items():
    ...     _ = notebook.record(y, X @ W + b, step=step)
    >>> scene = notebook_pages_scene(notebook, snapshots, X, y, classes=("cat", "dog"),
    ...                              features=("size", "stripes"), k=2, point_name="photo")
    >>> import textwrap
    >>> print(textwrap.fill(describe_notebook_page(scene, 1), 84))
    Step 1. Left: the 3 photos of cats and dogs by size and stripes over the model's
    predicted class regions, the two worst entries circled. Right: the 3 losses sorted
    worst first; 0 of them are wrong answers; mean loss 0.19 nats. Worst two: c, 0.31
    nats; a, 0.13 nats.
    """
    page = scene.index(step)
    losses = scene.losses[page]
    plural = [f"{name}s" for name in scene.classes]
    classes = ", ".join(plural[:-1]) + " and " + plural[-1]
    k = scene.worst.shape[1]
    circled = ("the worst entry circled" if k == 1
               else f"the {count_word(k)} worst entries circled")
    worst = "Worst" if k == 1 else f"Worst {count_word(k)}"
    named = "; ".join(f"{scene.names[i]}, {losses[i]:.2f} {scene.units}"
                      for i in scene.worst[page])
    n = len(scene.y)
    wrong = int(np.sum(~scene.right[page]))
    return (f"Step {scene.steps[page]}. Left: the {n} {scene.point_name}s of {classes} by "
            f"{scene.features[0]} and {scene.features[1]} over the model's predicted class "
            f"regions, {circled}. Right: the {n} losses sorted worst first; {wrong} of them "
            f"are wrong answers; mean loss {scene.mean_losses[page]:.2f} {scene.units}. "
            f"{worst}: {named}.")


def notebook_pages_explorer(notebook, snapshots, X, y, *, classes, features=("$x_1$", "$x_2$"),
                            k: int = 3, xlim=None, ylim=None, point_name: str = "example",
                            units: str = "nats", description: str = "training step",
                            format="{:d}", initial: int = 0, dpi: int = 70):
    """A slider over the pages of a mistake notebook recorded during training (chapter 1).

    Each position shows :func:`draw_notebook_page`, with :func:`describe_notebook_page`
    as its alt text; the frames are drawn in advance by
    :func:`lossfns.course.widgets.frame_slider`, so the slider also works in the static HTML
    page. The arguments are those of :func:`notebook_pages_scene`, plus the slider's
    ``description``, ``format`` (of a step), ``initial`` position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`NotebookPagesScene`
        as the attribute ``.scene``.

    Examples
    --------
    >>> from lossfns import cross_entropy
    >>> from lossfns.training import MistakeNotebook
    >>> X, y = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 0.0]]), np.array([0, 1, 1])
    >>> snapshots = {0: (np.zeros((2, 2)), np.zeros(2)),
    ...              5: (np.array([[-1.0, 1.0], [0.0, 0.0]]), np.zeros(2))}
    >>> notebook = MistakeNotebook(cross_entropy)
    >>> for step, (W, b) in snapshots.items():
    ...     _ = notebook.record(y, X @ W + b, step=step)
    >>> box = notebook_pages_explorer(notebook, snapshots, X, y, classes=("cat", "dog"),
    ...                               dpi=30)
    >>> box.slider.description, box.slider.options
    ('training step', (('0', 0), ('5', 1)))
    """
    from ..widgets import frame_slider

    scene = notebook_pages_scene(notebook, snapshots, X, y, classes=classes,
                                 features=features, k=k, xlim=xlim, ylim=ylim,
                                 point_name=point_name, units=units)
    box = frame_slider(partial(draw_notebook_page, scene), scene.steps,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_notebook_page, scene))
    box.scene = scene
    return box
