r"""The margin explorer (chapter 7): one point moved across a linear SVM's margin.

* :func:`margin_scene` -- a trained linear classifier, its training points, and one extra
  point at several positions, with margins, hinge losses and support vectors;
* :func:`draw_margin_frame` and :func:`describe_margin_frame` -- one position's figure and
  its alt text;
* :func:`margin_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from ...training import _checks as checks
from ..plotting import OKABE_ITO, book_style
from ._common import frame_index

__all__ = [
    "MarginScene",
    "describe_margin_frame",
    "draw_margin_frame",
    "margin_explorer",
    "margin_scene",
]


@dataclass(frozen=True)
class MarginScene:
    r"""What :func:`margin_scene` measured: a linear classifier, its training points, and
    one extra point at several positions.

    Scores are :math:`s = w^\top x + b`, margins :math:`m = y s`, losses the hinge
    :math:`\max(0, 1 - m)`. A point is a *support vector* when its margin is at most
    ``1 + tolerance``: on the margin lines or inside the band between them, or on the
    wrong side; its hinge subgradient is then not 0 and it pulls on the boundary.

    Attributes
    ----------
    w : ndarray, shape ``(2,)``
    b : float
    X : ndarray, shape ``(n, 2)``
        The training points ...
    y : ndarray, shape ``(n,)``
        ... and their labels, -1 or +1.
    margins, losses : ndarray, shape ``(n,)``
        The margin and the hinge loss of every training point.
    support : ndarray of bool, shape ``(n,)``
        Which training points are support vectors.
    positions : ndarray, shape ``(k, 2)``
        The positions of the moving point ...
    label : float
        ... its label, -1 or +1 ...
    values : tuple
        ... and the slider value of each position.
    point_margins, point_losses : ndarray, shape ``(k,)``
        The moving point's margin and hinge loss at each position.
    point_support : ndarray of bool, shape ``(k,)``
        Whether it would be a support vector there.
    features : tuple of two str
        The axis labels.
    classes : tuple of two str
        The names of label -1 and label +1.
    point_name : str
        What a point is, e.g. ``"email"``.
    tolerance : float
    xlim, ylim : (float, float)
        The range of the map, covering every point.
    """

    w: np.ndarray
    b: float
    X: np.ndarray
    y: np.ndarray
    margins: np.ndarray
    losses: np.ndarray
    support: np.ndarray
    positions: np.ndarray
    label: float
    values: tuple
    point_margins: np.ndarray
    point_losses: np.ndarray
    point_support: np.ndarray
    features: tuple
    classes: tuple
    point_name: str
    tolerance: float
    xlim: tuple
    ylim: tuple

    def index(self, value) -> int:
        """The position of ``value`` in ``values``."""
        return frame_index(self.values, value, "value", "values")

    def class_name(self, label: float) -> str:
        """The name of label -1 or +1."""
        return self.classes[0] if label < 0 else self.classes[1]


def _two_names(value, name: str) -> tuple:
    if (isinstance(value, str) or not isinstance(value, (tuple, list)) or len(value) != 2
            or not all(isinstance(item, str) and item for item in value)):
        raise ValueError(f"{name} must be a pair of non-empty str, got {value!r}")
    return tuple(value)


def _padded(low: float, high: float, share: float = 0.08) -> tuple:
    pad = share * (high - low) if high > low else 1.0
    return (float(low - pad), float(high + pad))


def margin_scene(params, X, y, *, positions, label, values=None,
                 features=("$x_1$", "$x_2$"), classes=("-1", "+1"),
                 point_name: str = "point", tolerance: float = 0.0) -> MarginScene:
    r"""Measure what the margin explorer shows: margins, hinge losses, support vectors.

    .. math:: s = w^\top x + b, \qquad m = y\, s, \qquad
              \ell = \max(0,\ 1 - m), \qquad
              \text{support vector} \iff m \le 1 + \text{tolerance}

    Parameters
    ----------
    params : dict
        ``{"w": shape (2,), "b": 0-d}``, the parameters of a
        :class:`~lossfns.training.LinearSVM` on two features.
    X : array-like, shape ``(n, 2)``
    y : array-like, shape ``(n,)``
        Labels -1 or +1.
    positions : array-like, shape ``(k, 2)``
        The moving point's positions, 2 to :data:`lossfns.course.widgets.MAX_FRAMES`.
    label : -1 or +1
        The moving point's label.
    values : sequence of length ``k``, optional
        The slider value of each position; default ``0, 1, ..., k - 1``.
    features, classes : pairs of str
        Axis labels, and the names of label -1 and +1.
    point_name : str, default "point"
        What a point is (``"email"``), for the legend and the alt text.
    tolerance : float >= 0, default 0
        Margins up to ``1 + tolerance`` count as on the margin: use a small positive
        value for parameters found by (sub)gradient descent, which puts the points
        on the margin only approximately at 1.

    Returns
    -------
    MarginScene

    Examples
    --------
    >>> scene = margin_scene({"w": np.array([1.0, 0.0]), "b": np.array(0.0)},
    ...                      [[-2.0, 0.0], [0.5, 1.0], [3.0, 0.0]], [-1, 1, 1],
    ...                      positions=[[-1.0, 0.0], [2.0, 0.0]], label=1)
    >>> scene.margins, scene.support
    (array([2. , 0.5, 3. ]), array([False,  True, False]))
    >>> scene.point_losses, scene.point_support
    (array([2., 0.]), array([ True, False]))
    """
    from ..._validation import as_float_array, check_non_negative, check_plus_minus_one
    from ...classification import hinge
    from ...training import LinearSVM
    from ..widgets import MAX_FRAMES

    model = LinearSVM(n_features=2)
    params = checks.check_params(params, model.param_shapes())
    X = checks.check_features(X, 2)
    y = as_float_array(y, "y")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), one label per row of X, "
                         f"got shape {y.shape}")
    check_plus_minus_one(y, "y")
    positions = checks.check_features(positions, 2, "positions")
    k = positions.shape[0]
    if not 2 <= k <= MAX_FRAMES:
        raise ValueError(f"positions must hold 2 to {MAX_FRAMES} positions (one frame each), "
                         f"got {k}")
    if isinstance(label, bool) or label not in (-1, 1):
        raise ValueError(f"label must be -1 or +1, got {label!r}")
    values = tuple(range(k)) if values is None else tuple(values)
    if len(values) != k:
        raise ValueError(f"values must have one entry per position ({k}), got {len(values)}")
    tolerance = check_non_negative(tolerance, "tolerance")
    if not isinstance(point_name, str) or not point_name.strip():
        raise ValueError(f"point_name must be a non-empty str, got {point_name!r}")

    scores = model.decision_function(params, X)
    margins = y * scores
    point_labels = np.full(k, float(label))
    point_scores = model.decision_function(params, positions)
    point_margins = point_labels * point_scores
    everything = np.vstack([X, positions])
    return MarginScene(
        w=params["w"].copy(), b=float(params["b"]), X=X.copy(), y=y.copy(),
        margins=margins, losses=np.asarray(hinge(y, scores, reduction="none")),
        support=margins <= 1.0 + tolerance,
        positions=positions.copy(), label=float(label), values=values,
        point_margins=point_margins,
        point_losses=np.asarray(hinge(point_labels, point_scores, reduction="none")),
        point_support=point_margins <= 1.0 + tolerance,
        features=_two_names(features, "features"), classes=_two_names(classes, "classes"),
        point_name=point_name, tolerance=tolerance,
        xlim=_padded(everything[:, 0].min(), everything[:, 0].max()),
        ylim=_padded(everything[:, 1].min(), everything[:, 1].max()),
    )


#: Colour and marker of label -1 and label +1 in the margin explorer.
_CLASS_STYLE = {-1.0: (OKABE_ITO["blue"], "o"), 1.0: (OKABE_ITO["vermillion"], "^")}


def _draw_margin_map(ax, scene: MarginScene, k: int) -> None:
    """The points, the boundary, the margin lines and band, the support vectors ringed."""
    u = np.linspace(*scene.xlim, 241)
    v = np.linspace(*scene.ylim, 241)
    uu, vv = np.meshgrid(u, v)
    score = scene.w[0] * uu + scene.w[1] * vv + scene.b
    ax.contourf(uu, vv, score, levels=[-1.0, 1.0], colors=["#e6e6e6"])
    ax.contour(uu, vv, score, levels=[-1.0, 0.0, 1.0], colors="black",
               linestyles=["--", "-", "--"], linewidths=[1.2, 2.0, 1.2])
    for label, (colour, marker) in _CLASS_STYLE.items():
        mine = scene.y == label
        ax.plot(scene.X[mine, 0], scene.X[mine, 1], marker, color=colour, markersize=7,
                markeredgecolor="black", markeredgewidth=0.5, linestyle="none",
                label=scene.class_name(label), zorder=3)
    ax.plot(scene.X[scene.support, 0], scene.X[scene.support, 1], "o", markersize=14,
            markerfacecolor="none", markeredgecolor="black", markeredgewidth=1.3,
            linestyle="none", label=f"support vector ({int(scene.support.sum())})", zorder=4)
    colour, _ = _CLASS_STYLE[scene.label]
    ax.plot(*scene.positions[k], "*", markersize=22, color=OKABE_ITO["yellow"],
            markeredgecolor=colour, markeredgewidth=2.0, linestyle="none", zorder=6,
            label=f"the moving {scene.point_name} ({scene.class_name(scene.label)})")
    ax.set(xlim=scene.xlim, ylim=scene.ylim, xlabel=scene.features[0],
           ylabel=scene.features[1], title="the email on the map")
    ax.grid(False)


def _draw_hinge_curve(ax, scene: MarginScene, k: int) -> None:
    """The hinge loss against the margin, the moving point's margin marked."""
    from ...classification import hinge

    reach = max(3.0, float(np.max(np.abs(scene.point_margins))) + 0.5)
    m = np.linspace(-reach, reach, 401)
    ax.axvspan(-reach, 1.0, color="#e6e6e6", linewidth=0)
    ax.plot(m, hinge(np.ones_like(m), m, reduction="none"), color=OKABE_ITO["blue"],
            linewidth=2.2)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1.2)
    ax.axvline(0.0, color="black", linewidth=1.0)
    top = 1.0 + reach
    ax.text(1.08, 0.55 * top, "margin 1", fontsize=10.5, va="top")
    # along the boundary line, on its right, above the curve (the star rides on the curve)
    ax.text(0.1, 0.55 * top, "boundary", fontsize=10.5, va="center", ha="left", rotation=90)
    margin, loss = scene.point_margins[k], scene.point_losses[k]
    ax.plot([margin], [loss], "*", markersize=22, color=OKABE_ITO["yellow"],
            markeredgecolor=_CLASS_STYLE[scene.label][0], markeredgewidth=2.0, zorder=5)
    ax.set(xlim=(-reach, reach), ylim=(-0.15, top), xlabel="margin $m = y\\,s$",
           ylabel="hinge loss $\\max(0, 1 - m)$", title="its margin on the hinge curve")
    # low in the shaded corner, below the curve
    ax.text(-reach + 0.12, 0.04 * top, "inside the margin\nor misclassified:\nloss > 0",
            fontsize=10, ha="left", va="bottom")


def draw_margin_frame(scene: MarginScene, value):
    r"""The margin explorer's figure with the moving point at the position of ``value``.

    Left, the map: the training points, the decision boundary :math:`s = 0` (solid),
    the margin lines :math:`s = \pm 1` (dashed) with the band between them shaded,
    the support vectors ringed and the moving point as a star. Right, the hinge loss
    against the margin with the moving point's margin marked. The title gives its
    margin, its loss and whether it is a support vector.

    Returns
    -------
    matplotlib.figure.Figure
        9.6 x 4.6 inches, constrained layout.

    Examples
    --------
    >>> scene = margin_scene({"w": np.array([1.0, 0.0]), "b": np.array(0.0)},
    ...                      [[-2.0, 0.0], [0.5, 1.0], [3.0, 0.0]], [-1, 1, 1],
    ...                      positions=[[-1.0, 0.0], [2.0, 0.0]], label=1)
    >>> draw_margin_frame(scene, 1).get_suptitle()
    'margin m = 2.00, hinge loss 0.00, support vector: no'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import matplotlib.pyplot as plt

    k = scene.index(value)
    with book_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 4.6), layout="constrained",
                                          width_ratios=[1.15, 1])
        _draw_margin_map(left, scene, k)
        _draw_hinge_curve(right, scene, k)
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize=10,
                    frameon=False)
        answer = "yes" if scene.point_support[k] else "no"
        fig.suptitle(f"margin m = {scene.point_margins[k]:.2f}, hinge loss "
                     f"{scene.point_losses[k]:.2f}, support vector: {answer}",
                     fontsize=14, color="#1a1a1a")
    return fig


def describe_margin_frame(scene: MarginScene, value) -> str:
    """The alt text of :func:`draw_margin_frame`'s figure, computed from the scene.

    Examples
    --------
    >>> scene = margin_scene({"w": np.array([1.0, 0.0]), "b": np.array(0.0)},
    ...                      [[-2.0, 0.0], [0.5, 1.0], [3.0, 0.0]], [-1, 1, 1],
    ...                      positions=[[-1.0, 0.0], [2.0, 0.0]], label=1,
    ...                      features=("x", "y"), classes=("ham", "spam"))
    >>> import textwrap
    >>> print(textwrap.fill(describe_margin_frame(scene, 0), 84))
    Left: 3 training points and the decision boundary with its two margin lines; 1
    support vector is ringed. A star marks one more point, a spam, at x = -1 and y = 0:
    it lies on the wrong side of the boundary, so it is misclassified as ham. Right: the
    hinge loss against the margin, with the star at margin -1.00 and loss 2.00; it is a
    support vector: its hinge subgradient is not zero, so it pulls on the boundary.
    """
    k = scene.index(value)
    margin, loss = scene.point_margins[k], scene.point_losses[k]
    x, y = scene.positions[k]
    name = scene.class_name(scene.label)
    if margin <= 0:
        side = ("on the wrong side of the boundary, so it is misclassified as "
                f"{scene.class_name(-scene.label)}")
    elif margin < 1:
        side = "on the right side of the boundary but inside the margin band"
    elif margin <= 1 + scene.tolerance:
        side = "on its margin line"
    else:
        side = "on the right side, beyond its margin line"
    n_support = int(scene.support.sum())
    ringed = ("1 support vector is ringed" if n_support == 1
              else f"{n_support} support vectors are ringed")
    verdict = ("it is a support vector: its hinge subgradient is not zero, so it pulls on "
               "the boundary" if scene.point_support[k] else
               "it is not a support vector: its loss and its subgradient are zero")
    return (f"Left: {len(scene.y)} training points and the decision boundary with its two "
            f"margin lines; {ringed}. A star marks one more {scene.point_name}, a {name}, at "
            f"{scene.features[0]} = {x:.3g} and {scene.features[1]} = {y:.3g}: it lies "
            f"{side}. Right: the hinge loss against the margin, with the star at margin "
            f"{margin:.2f} and loss {loss:.2f}; {verdict}.")


def margin_explorer(params, X, y, *, positions, label, values=None,
                    features=("$x_1$", "$x_2$"), classes=("-1", "+1"), point_name="point",
                    tolerance=0.0, description: str = "position", format="{}", initial: int = 0,
                    dpi: int = 70):
    """A slider that moves one point across a linear SVM's margin (chapter 7).

    Each position shows :func:`draw_margin_frame`, with :func:`describe_margin_frame`
    as its alt text; the frames are drawn in advance by
    :func:`lossfns.course.widgets.frame_slider`, so the slider also works in the static HTML
    page. The arguments are those of :func:`margin_scene`, plus the slider's
    ``description``, ``format`` (of ``values``), ``initial`` position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`MarginScene` as
        the attribute ``.scene``.

    Examples
    --------
    >>> box = margin_explorer({"w": np.array([1.0, 0.0]), "b": np.array(0.0)},
    ...                       [[-2.0, 0.0], [3.0, 0.0]], [-1, 1],
    ...                       positions=[[-1.0, 0.0], [0.5, 0.0], [2.0, 0.0]], label=1,
    ...                       values=[-1.0, 0.5, 2.0], format="{:.1f}", dpi=40)
    >>> box.slider.options
    (('-1.0', 0), ('0.5', 1), ('2.0', 2))
    >>> box.scene.point_support.tolist()
    [True, True, False]
    """
    from ..widgets import frame_slider

    scene = margin_scene(params, X, y, positions=positions, label=label, values=values,
                         features=features, classes=classes, point_name=point_name,
                         tolerance=tolerance)
    box = frame_slider(partial(draw_margin_frame, scene), scene.values,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_margin_frame, scene))
    box.scene = scene
    return box
