r"""The expected-cost explorer (chapter 2): cross-entropy stays flat, the cost does not.

Keep the probability of the true class fixed and move the rest from one wrong class to
the other. Cross-entropy, :math:`-\ln p_{\text{true}}`, looks only at the true class and
does not move; the expected cost :math:`\sum_j C_{\text{true}, j}\, p_j` weighs every
wrong answer by what it costs, and changes steadily as the probability moves towards
the dearer mistake.

* :func:`expected_cost_scene` -- the predictions of every slider position and both
  scores, with their curves;
* :func:`draw_expected_cost_frame` and :func:`describe_expected_cost_frame` -- one
  position's figure and its alt text;
* :func:`expected_cost_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from ..plotting import OKABE_ITO, book_style, new_figure
from ._common import frame_index, slider_numbers

__all__ = [
    "ExpectedCostScene",
    "describe_expected_cost_frame",
    "draw_expected_cost_frame",
    "expected_cost_explorer",
    "expected_cost_scene",
]

#: How many positions the two score curves are drawn at.
CURVE_POINTS = 81


@dataclass(frozen=True, eq=False)
class ExpectedCostScene:
    r"""What :func:`expected_cost_scene` measured; the explorer's figures draw from it.

    Attributes
    ----------
    classes : tuple of three str
        The class names, in index order.
    true_class : int
        The index of the true class, whose probability stays ``p_true`` ...
    moving : int
        ... the class whose probability the slider sets ...
    other : int
        ... and the class that gets the rest.
    p_true : float
    values : tuple of float
        The probability of the ``moving`` class at each slider position.
    probabilities : ndarray, shape ``(len(values), 3)``
        The prediction at each position.
    cross_entropies, costs : ndarray, shape ``(len(values),)``
        Its cross-entropy (nats) and its expected cost.
    grid : ndarray, shape ``(81,)``
        Probabilities of the ``moving`` class from 0 to :math:`1 - p_{\text{true}}` ...
    cross_entropy_curve, cost_curve : ndarray, shape ``(81,)``
        ... and both scores of the prediction there.
    cost_matrix : ndarray, shape ``(3, 3)``
        ``cost_matrix[t, j]``: the cost of answering ``j`` when the truth is ``t``.
    tops : (float, float)
        The tops of the cross-entropy axis and of the expected-cost axis.
    """

    classes: tuple
    true_class: int
    moving: int
    other: int
    p_true: float
    values: tuple
    probabilities: np.ndarray
    cross_entropies: np.ndarray
    costs: np.ndarray
    grid: np.ndarray
    cross_entropy_curve: np.ndarray
    cost_curve: np.ndarray
    cost_matrix: np.ndarray
    tops: tuple

    def index(self, value) -> int:
        """The position of ``value`` in ``values``."""
        return frame_index(self.values, value, "value", "values")

    @property
    def cost_slope(self) -> float:
        """How much the expected cost grows per unit of probability moved to ``moving``."""
        row = self.cost_matrix[self.true_class]
        return float(row[self.moving] - row[self.other])


def _class_index(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not 0 <= value <= 2:
        raise ValueError(f"{name} must be a class index 0, 1 or 2, got {value!r}")
    return int(value)


def expected_cost_scene(p_true, values, *, cost_matrix, classes=("cat", "dog", "tiger"),
                        true_class: int = 0, moving: int = 2, tops=None) -> ExpectedCostScene:
    r"""Score predictions that keep ``p_true`` on the truth and move the rest between rivals.

    At each of ``values`` :math:`v` the prediction gives the true class
    :math:`p_{\text{true}}`, the ``moving`` class :math:`v` and the third class
    :math:`1 - p_{\text{true}} - v`; it is scored by :func:`lossfns.categorical_cross_entropy`
    (:math:`-\ln p_{\text{true}}`, the same at every position) and
    :func:`lossfns.expected_cost` (:math:`\sum_j C_{\text{true}, j}\, p_j`, a straight
    line in :math:`v`).

    Parameters
    ----------
    p_true : float in (0, 1)
        The probability of the true class.
    values : sequence of numbers
        The ``moving`` class's probability at each slider position: 2 to
        :data:`lossfns.course.widgets.MAX_FRAMES`, increasing, in :math:`[0, 1 - p_{\text{true}}]`.
    cost_matrix : array-like, shape ``(3, 3)``
        ``cost_matrix[t, j]``: the cost of answering ``j`` when the truth is ``t``.
    classes : three str, default ``("cat", "dog", "tiger")``
    true_class, moving : int, default 0 and 2
        The index of the true class and of the class the slider moves probability to;
        the remaining class gets what is left.
    tops : (float, float), optional
        The tops of the cross-entropy and the expected-cost axes; default 1.1 times the
        highest value of each curve.

    Returns
    -------
    ExpectedCostScene

    Examples
    --------
    >>> costs = [[0, 1, 5], [1, 0, 5], [20, 20, 0]]
    >>> scene = expected_cost_scene(0.6, [0.0, 0.2, 0.4], cost_matrix=costs)
    >>> scene.probabilities[1].round(3).tolist()
    [0.6, 0.2, 0.2]
    >>> scene.cross_entropies.round(4).tolist(), scene.costs.round(2).tolist()
    ([0.5108, 0.5108, 0.5108], [0.4, 1.2, 2.0])
    """
    from ..._validation import as_float_array, check_in_interval, check_positive
    from ...classification import categorical_cross_entropy, expected_cost

    if (isinstance(classes, str) or not isinstance(classes, (tuple, list)) or len(classes) != 3
            or not all(isinstance(c, str) and c for c in classes)
            or len(set(classes)) != 3):
        raise ValueError(f"classes must be three distinct non-empty class names, got "
                         f"{classes!r}")
    classes = tuple(classes)
    true_class = _class_index(true_class, "true_class")
    moving = _class_index(moving, "moving")
    if moving == true_class:
        raise ValueError(f"moving must be a class other than the true class "
                         f"({true_class}), got {moving}")
    other = 3 - true_class - moving
    p_true = check_in_interval(p_true, "p_true", 0.0, 1.0, closed_low=False,
                               closed_high=False)
    rest = 1 - p_true
    values = slider_numbers(values, "values", "probabilities")
    if values[0] < 0 or values[-1] > rest:
        raise ValueError(f"values must lie in [0, 1 - p_true] = [0, {rest:g}], got "
                         f"{list(values)}")
    costs = as_float_array(cost_matrix, "cost_matrix")
    if costs.shape != (3, 3):
        raise ValueError(f"cost_matrix must have shape (3, 3), one row per true class, got "
                         f"shape {costs.shape}")

    def prediction(v):
        probs = np.empty(3)
        probs[true_class], probs[other], probs[moving] = p_true, rest - v, v
        return probs

    def scores(v):
        probs = prediction(v)
        return (categorical_cross_entropy(true_class, probs),
                expected_cost(true_class, probs, cost_matrix=costs))

    grid = np.linspace(0.0, rest, CURVE_POINTS)
    grid_rows = np.array([prediction(v) for v in grid])
    truths = np.full(len(grid), true_class)
    ce_curve = np.asarray(categorical_cross_entropy(truths, grid_rows, reduction="none"))
    cost_curve = np.asarray(expected_cost(truths, grid_rows, cost_matrix=costs,
                                          reduction="none"))
    if tops is None:
        tops = (1.1 * float(ce_curve.max()), 1.1 * float(cost_curve.max()))
    elif isinstance(tops, (str, bytes)) or not hasattr(tops, "__len__") or len(tops) != 2:
        raise ValueError(f"tops must be a pair (cross-entropy top, expected-cost top), got "
                         f"{tops!r}")
    else:
        tops = (check_positive(tops[0], "tops[0]"), check_positive(tops[1], "tops[1]"))
    both = np.array([scores(v) for v in values], dtype=np.float64)
    return ExpectedCostScene(
        classes=classes, true_class=true_class, moving=moving, other=other, p_true=p_true,
        values=values, probabilities=np.array([prediction(v) for v in values]),
        cross_entropies=both[:, 0], costs=both[:, 1], grid=grid,
        cross_entropy_curve=ce_curve, cost_curve=cost_curve, cost_matrix=costs.copy(),
        tops=tops)


#: Bar colours: the true class, the class that gets the rest, the moving class.
_BAR_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["sky_blue"], OKABE_ITO["orange"])


def draw_expected_cost_frame(scene: ExpectedCostScene, value):
    """The explorer's figure with the ``moving`` class at probability ``value``.

    Left, the prediction as bars (the true class blue, the moving class orange).
    Middle, its cross-entropy against the moving class's probability: a flat line.
    Right, its expected cost: a straight line. The current position is marked on both.

    Returns
    -------
    matplotlib.figure.Figure
        10.5 x 3.5 inches, from :func:`lossfns.course.plotting.new_figure`.

    Examples
    --------
    >>> costs = [[0, 1, 5], [1, 0, 5], [20, 20, 0]]
    >>> scene = expected_cost_scene(0.6, [0.0, 0.2, 0.4], cost_matrix=costs)
    >>> fig = draw_expected_cost_frame(scene, 0.2)
    >>> [ax.get_title() for ax in fig.get_axes()]
    ['prediction (truth: cat)', 'cross-entropy 0.511 nats: flat', 'expected cost 1.20']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    k = scene.index(value)
    v, probs = scene.values[k], scene.probabilities[k]
    ce, cost = scene.cross_entropies[k], scene.costs[k]
    colours = [None] * 3
    colours[scene.true_class], colours[scene.other], colours[scene.moving] = _BAR_COLOURS
    with book_style():
        fig, (bars, left, right) = new_figure(1, 3, width=10.5, height=3.5)
        bars.bar(list(scene.classes), probs, color=colours)
        for x, share in enumerate(probs):
            bars.text(x, share + 0.03, f"{share:.3f}", ha="center", fontsize=11)
        bars.set(ylim=(0, 1), ylabel="probability",
                 title=f"prediction (truth: {scene.classes[scene.true_class]})")
        for ax, curve, score, label, top in [
                (left, scene.cross_entropy_curve, ce, "cross-entropy (nats)", scene.tops[0]),
                (right, scene.cost_curve, cost, "expected cost", scene.tops[1])]:
            ax.plot(scene.grid, curve, color=OKABE_ITO["blue"])
            ax.plot([v], [score], "o", color=OKABE_ITO["vermillion"],
                    markersize=9)
            ax.set(xlabel=f"probability of {scene.classes[scene.moving]}", ylabel=label,
                   xlim=(0, scene.grid[-1]), ylim=(0, top))
        left.set_title(f"cross-entropy {ce:.3f} nats: flat")
        right.set_title(f"expected cost {cost:.2f}")
    return fig


def describe_expected_cost_frame(scene: ExpectedCostScene, value) -> str:
    """The alt text of :func:`draw_expected_cost_frame`'s figure, computed from the scene.

    Examples
    --------
    >>> costs = [[0, 1, 5], [1, 0, 5], [20, 20, 0]]
    >>> scene = expected_cost_scene(0.6, [0.0, 0.2, 0.4], cost_matrix=costs)
    >>> import textwrap
    >>> print(textwrap.fill(describe_expected_cost_frame(scene, 0.2), 84))
    Left: bars for the prediction cat 0.600, dog 0.200, tiger 0.200. Middle: the cross-
    entropy, a flat line at 0.511 nats whatever the tiger's share. Right: the expected
    cost, a rising line; at this position it is 1.20.
    """
    k = scene.index(value)
    shown = ", ".join(f"{name} {p:.3f}" for name, p in zip(scene.classes,
                                                             scene.probabilities[k]))
    slope = scene.cost_slope
    line = "a rising line" if slope > 0 else "a falling line" if slope < 0 else "a flat line"
    return (f"Left: bars for the prediction {shown}. Middle: the cross-entropy, a flat line "
            f"at {scene.cross_entropies[k]:.3f} nats whatever the "
            f"{scene.classes[scene.moving]}'s share. Right: the expected cost, {line}; at "
            f"this position it is {scene.costs[k]:.2f}.")


def expected_cost_explorer(p_true, values, *, cost_matrix, classes=("cat", "dog", "tiger"),
                           true_class: int = 0, moving: int = 2, tops=None,
                           description=None, format="{:.3f}", initial: int = 0,
                           dpi: int = 70):
    """A slider that moves probability between two wrong classes (chapter 2).

    Each position shows :func:`draw_expected_cost_frame`, with
    :func:`describe_expected_cost_frame` as its alt text; the frames are drawn in advance
    by :func:`lossfns.course.widgets.frame_slider`, so the slider also works in the static
    HTML page. The arguments are those of :func:`expected_cost_scene`, plus the slider's
    ``description`` (default ``"probability of <moving class>"``), ``format``,
    ``initial`` position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`ExpectedCostScene` as
        the attribute ``.scene``.

    Examples
    --------
    >>> costs = [[0, 1, 5], [1, 0, 5], [20, 20, 0]]
    >>> box = expected_cost_explorer(0.6, [0.0, 0.2, 0.4], cost_matrix=costs, dpi=30)
    >>> box.slider.description, box.slider.options
    ('probability of tiger', (('0.000', 0), ('0.200', 1), ('0.400', 2)))
    """
    from ..widgets import frame_slider

    scene = expected_cost_scene(p_true, values, cost_matrix=cost_matrix, classes=classes,
                                true_class=true_class, moving=moving, tops=tops)
    if description is None:
        description = f"probability of {scene.classes[scene.moving]}"
    box = frame_slider(partial(draw_expected_cost_frame, scene), scene.values,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_expected_cost_frame, scene))
    box.scene = scene
    return box
