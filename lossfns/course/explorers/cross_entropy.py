r"""The cross-entropy explorer (chapter 5): one prediction, its loss and its gradient.

* :func:`cross_entropy_prediction` -- probabilities, logits, loss and the gradient
  :math:`\operatorname{softmax}(z) - y` of one prediction;
* :func:`draw_cross_entropy_prediction` and :func:`describe_cross_entropy_prediction` --
  its figure and alt text;
* :func:`cross_entropy_explorer` -- the true class's probability behind one slider.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...training import _checks as checks
from ..plotting import OKABE_ITO, book_style

__all__ = [
    "CrossEntropyPrediction",
    "cross_entropy_explorer",
    "cross_entropy_prediction",
    "describe_cross_entropy_prediction",
    "draw_cross_entropy_prediction",
    "rival_split_explorer",
]


@dataclass(frozen=True)
class CrossEntropyPrediction:
    r"""One prediction of a softmax classifier, and what cross-entropy makes of it.

    Attributes
    ----------
    classes : tuple of str
        The class names, in index order.
    true_class : int
        The index of the true class.
    probabilities : ndarray, shape ``(k,)``
        The predicted distribution :math:`p = \operatorname{softmax}(z)`.
    logits : ndarray, shape ``(k,)``
        Logits :math:`z = \ln p - \overline{\ln p}` (centred: any constant may be
        added without changing :math:`p`).
    loss : float
        :math:`-\ln p_{\text{true}}`, in nats.
    gradient : ndarray, shape ``(k,)``
        :math:`\partial \ell / \partial z = p - y`.
    """

    classes: tuple
    true_class: int
    probabilities: np.ndarray
    logits: np.ndarray
    loss: float
    gradient: np.ndarray


def _check_share(rest, n_others: int) -> np.ndarray:
    try:
        share = np.asarray(rest, dtype=np.float64)
    except (TypeError, ValueError):
        share = np.array([np.nan])
    if share.shape != (n_others,) or not np.all(np.isfinite(share)) or np.any(share <= 0.0):
        raise ValueError(
            f"rest must hold {n_others} positive numbers, the ratio in which the other "
            f"classes share the probability the true class does not get; got {rest!r}"
        )
    return share / share.sum()


def _check_classes(classes, true_class) -> tuple:
    try:
        names = None if isinstance(classes, str) else tuple(classes)
    except TypeError:
        names = None
    if names is None or not all(isinstance(c, str) for c in names) \
            or len(names) < 2 or len(set(names)) != len(names):
        raise ValueError(
            f"classes must be a sequence of at least 2 distinct class names, got {classes!r}"
        )
    if isinstance(true_class, bool) or not isinstance(true_class, (int, np.integer)) \
            or not 0 <= true_class < len(classes):
        raise ValueError(
            f"true_class must be an index in [0, {len(classes) - 1}] of classes, "
            f"got {true_class!r}"
        )
    return names


def _decimals(value: float, *, sign: bool = False) -> str:
    """``value`` with up to 4 decimals and no trailing zeros: 0.7125, 0.15, -0.2 (+0.15)."""
    text = f"{value:+.4f}" if sign else f"{value:.4f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0", "") else text


def cross_entropy_prediction(p_true, *, classes=("cat", "dog", "tiger"), true_class=0,
                             rest=(3.0, 1.0)) -> CrossEntropyPrediction:
    r"""A prediction that gives the true class ``p_true``, scored by cross-entropy.

    The other classes share :math:`1 - p_{\text{true}}` in the fixed ratio ``rest``
    (default 3 : 1, the dog and the tiger of the 80 % cat, 0.15 : 0.05). The logits
    are :math:`z = \ln p` minus its mean, and

    .. math:: \ell = -\ln p_{\text{true}} = \operatorname{LSE}(z) - z_{\text{true}},
              \qquad \frac{\partial \ell}{\partial z} = \operatorname{softmax}(z) - y,

    both computed by :func:`lossfns.cross_entropy` and
    :func:`lossfns.cross_entropy_grad` from the logits.

    Parameters
    ----------
    p_true : float in (0, 1)
    classes : sequence of str, default ``("cat", "dog", "tiger")``
    true_class : int, default 0
    rest : sequence of ``len(classes) - 1`` positive numbers, default ``(3, 1)``

    Returns
    -------
    CrossEntropyPrediction

    Examples
    --------
    >>> cat = cross_entropy_prediction(0.8)
    >>> cat.probabilities.round(6), round(cat.loss, 4)
    (array([0.8 , 0.15, 0.05]), 0.2231)
    >>> cat.gradient.round(6)
    array([-0.2 ,  0.15,  0.05])
    """
    from ...classification import cross_entropy, cross_entropy_grad

    classes = _check_classes(classes, true_class)
    if isinstance(p_true, bool) or not isinstance(p_true, (int, float, np.integer, np.floating)) \
            or not 0.0 < float(p_true) < 1.0:
        raise ValueError(
            f"p_true must be a probability strictly between 0 and 1, got {p_true!r}"
        )
    share = _check_share(rest, len(classes) - 1)
    p_true = float(p_true)
    probabilities = np.insert((1.0 - p_true) * share, int(true_class), p_true)
    logits = np.log(probabilities)
    logits = logits - logits.mean()
    return CrossEntropyPrediction(
        classes=classes, true_class=int(true_class), probabilities=probabilities,
        logits=logits, loss=float(cross_entropy(int(true_class), logits)),
        gradient=np.asarray(cross_entropy_grad(int(true_class), logits)))


def draw_cross_entropy_prediction(prediction: CrossEntropyPrediction, *, p_min: float = 0.02):
    r"""Three panels for one prediction: its probabilities, its loss, its gradient.

    Left, bars of the predicted probabilities (the true class outlined). Middle, the
    curve :math:`-\ln p` for :math:`p` from ``p_min`` to 1 with the prediction marked.
    Right, the gradient with respect to the logits, :math:`p - y`: a negative bar
    (the true class) is pushed up by gradient descent, positive bars are pushed down.

    Parameters
    ----------
    prediction : CrossEntropyPrediction
        From :func:`cross_entropy_prediction`.
    p_min : float, default 0.02
        Left end of the loss curve.

    Returns
    -------
    matplotlib.figure.Figure
        10.5 x 3.7 inches, constrained layout.

    Examples
    --------
    >>> fig = draw_cross_entropy_prediction(cross_entropy_prediction(0.8))
    >>> fig.get_suptitle()
    'p(cat) = 0.8: loss −ln 0.8 = 0.223 nats'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    p_min = checks.check_positive(p_min, "p_min")
    names, true = prediction.classes, prediction.true_class
    p_true = prediction.probabilities[true]
    colours = [OKABE_ITO["bluish_green"] if c == true else OKABE_ITO["sky_blue"]
               for c in range(len(names))]
    with book_style():
        fig, (bars, curve, grads) = plt.subplots(1, 3, figsize=(10.5, 3.7),
                                                 layout="constrained",
                                                 width_ratios=[1, 1.25, 1])
        bars.bar(names, prediction.probabilities, color=colours, edgecolor="black",
                 linewidth=[2.0 if c == true else 0.6 for c in range(len(names))])
        for x, value in enumerate(prediction.probabilities):
            bars.text(x, value + 0.03, _decimals(value), ha="center", fontsize=11)
        bars.set(ylim=(0, 1.12), ylabel="probability",
                 title=f"prediction (truth: {names[true]})")

        grid = np.geomspace(min(p_min, p_true), 1.0, 200)
        curve.plot(grid, -np.log(grid), color=OKABE_ITO["blue"],
                   label="$\\ell = -\\ln p_{\\mathrm{true}}$")
        curve.plot([p_true], [prediction.loss], "o", color=OKABE_ITO["vermillion"],
                   markersize=9, markeredgecolor="black", zorder=3)
        curve.set(xlim=(0, 1), ylim=(0, -np.log(p_min) * 1.05),
                  xlabel=f"probability of the truth, p({names[true]})",
                  ylabel="loss (nats)", title="the loss on the curve $-\\ln p$")
        curve.legend(loc="upper right")

        grads.bar(names, prediction.gradient, color=colours, edgecolor="black",
                  linewidth=0.6)
        grads.axhline(0.0, color="black", linewidth=0.8)
        for x, value in enumerate(prediction.gradient):
            offset = 0.06 if value >= 0 else -0.06
            grads.text(x, value + offset, _decimals(value, sign=True), ha="center",
                       va="bottom" if value >= 0 else "top", fontsize=11)
        grads.set(ylim=(-1.15, 1.15), ylabel="$\\partial \\ell / \\partial z$ (nats per unit)",
                  title="gradient for the logits, $p - y$")
        fig.suptitle(f"p({names[true]}) = {p_true:.3g}: loss −ln {p_true:.3g} = "
                     f"{prediction.loss:.3f} nats", fontsize=14, color="#1a1a1a")
    return fig


def describe_cross_entropy_prediction(prediction: CrossEntropyPrediction) -> str:
    """The alt text of :func:`draw_cross_entropy_prediction`'s figure, in numbers.

    Examples
    --------
    >>> print(describe_cross_entropy_prediction(cross_entropy_prediction(0.8)).split(". ")[0])
    Left: bars of the prediction, cat 0.8 (the truth), dog 0.15, tiger 0.05
    """
    names, true = prediction.classes, prediction.true_class
    shown = ", ".join(
        f"{name} {_decimals(p)}" + (" (the truth)" if c == true else "")
        for c, (name, p) in enumerate(zip(names, prediction.probabilities)))
    others = [c for c in range(len(names)) if c != true]
    pushed_down = " and ".join(f"{names[c]} {_decimals(prediction.gradient[c], sign=True)}"
                               for c in others)
    return (f"Left: bars of the prediction, {shown}. Middle: the curve of the loss minus "
            f"ln p against the probability of {names[true]}, with a point at "
            f"{_decimals(prediction.probabilities[true])} and loss {prediction.loss:.3f} nats. "
            f"Right: bars of the gradient for the logits, p minus y: {names[true]} "
            f"{_decimals(prediction.gradient[true], sign=True)}, so gradient descent pushes "
            "its logit up; "
            f"{pushed_down}, pushed down.")


def cross_entropy_explorer(values, *, classes=("cat", "dog", "tiger"), true_class=0,
                           rest=(3.0, 1.0), description=None, initial: int = 0,
                           dpi: int = 70):
    r"""A slider over the true class's probability: the prediction, its loss, its gradient.

    Each position shows :func:`draw_cross_entropy_prediction` of
    :func:`cross_entropy_prediction` for one of ``values``, with
    :func:`describe_cross_entropy_prediction` as its alt text; the frames are drawn
    in advance by :func:`lossfns.course.widgets.frame_slider`, so the slider also works in
    the static HTML page.

    Parameters
    ----------
    values : sequence of 2 to :data:`lossfns.course.widgets.MAX_FRAMES` increasing
        probabilities in (0, 1)
    classes, true_class, rest
        As in :func:`cross_entropy_prediction`.
    description : str, optional
        The slider's label; default ``"p(<true class>)"``.
    initial, dpi
        As in :func:`~lossfns.course.widgets.frame_slider`.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the predictions (one per
        value) as the attribute ``.predictions``.

    Examples
    --------
    >>> box = cross_entropy_explorer([0.3, 0.8], dpi=40)
    >>> box.slider.description, box.slider.options
    ('p(cat)', (('0.30', 0), ('0.80', 1)))
    >>> [round(p.loss, 3) for p in box.predictions]
    [1.204, 0.223]
    """
    classes = _check_classes(classes, true_class)
    points = _check_slider_probabilities(values, "values", below=1.0)
    predictions = {float(p): cross_entropy_prediction(float(p), classes=classes,
                                                       true_class=true_class, rest=rest)
                   for p in points}
    return _prediction_slider(predictions, description or f"p({classes[true_class]})",
                              "{:.2f}", initial, dpi)


def _check_slider_probabilities(values, name: str, *, below: float) -> np.ndarray:
    from ..widgets import MAX_FRAMES

    try:
        points = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        points = np.array([np.nan])
    if points.ndim != 1 or not 2 <= points.size <= MAX_FRAMES \
            or not np.all((points > 0.0) & (points < below)) or np.any(np.diff(points) <= 0.0):
        raise ValueError(
            f"{name} must be 2 to {MAX_FRAMES} increasing probabilities strictly between 0 "
            f"and {below:g}; got {values!r}"
        )
    return points


def _prediction_slider(predictions: dict, description: str, format: str, initial: int,
                       dpi: int):
    """frame_slider over ``{slider value: CrossEntropyPrediction}``."""
    from ..widgets import frame_slider

    box = frame_slider(
        lambda value: draw_cross_entropy_prediction(predictions[value]), list(predictions),
        description=description, format=format,
        alt=lambda value: describe_cross_entropy_prediction(predictions[value]),
        initial=initial, dpi=dpi)
    box.predictions = tuple(predictions.values())
    return box


def rival_split_explorer(p_true, values, *, classes=("cat", "dog", "tiger"), true_class=0,
                         description=None, initial: int = 0, dpi: int = 70):
    r"""A slider over how two rivals share what the true class does not get.

    The true class keeps probability ``p_true`` at every position; the first rival (the
    first of ``classes`` other than the true one) gets each of ``values``, and the second
    rival the rest, :math:`1 - p_{\text{true}} - v`. The loss
    :math:`-\ln p_{\text{true}}` is the same in every frame, while the rivals' entries of
    the gradient :math:`\operatorname{softmax}(z) - y` follow their probabilities: plain
    cross-entropy cannot tell which rival took the probability, its gradient can.

    Parameters
    ----------
    p_true : float in (0, 1)
    values : sequence of 2 to :data:`lossfns.course.widgets.MAX_FRAMES` increasing probabilities in
        :math:`(0, 1 - p_{\text{true}})`, the first rival's probability at each position
    classes : sequence of exactly 3 class names, default ``("cat", "dog", "tiger")``
    true_class : int, default 0
    description : str, optional
        The slider's label; default ``"p(<first rival>)"``.
    initial, dpi
        As in :func:`~lossfns.course.widgets.frame_slider`.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the predictions (one per value) as
        the attribute ``.predictions``.

    Examples
    --------
    >>> box = rival_split_explorer(0.6, [0.1, 0.3], dpi=40)
    >>> box.slider.description, box.slider.options
    ('p(dog)', (('0.100', 0), ('0.300', 1)))
    >>> [round(p.loss, 4) for p in box.predictions]
    [0.5108, 0.5108]
    >>> [p.gradient.round(2).tolist() for p in box.predictions]
    [[-0.4, 0.1, 0.3], [-0.4, 0.3, 0.1]]
    """
    classes = _check_classes(classes, true_class)
    if len(classes) != 3:
        raise ValueError(
            f"classes must name exactly 3 classes (the truth and two rivals) for "
            f"rival_split_explorer; got {len(classes)}: {classes!r}"
        )
    probe = cross_entropy_prediction(p_true, classes=classes, true_class=true_class)
    missing = 1.0 - probe.probabilities[probe.true_class]
    points = _check_slider_probabilities(values, "values", below=missing)
    first_rival = next(c for c in range(3) if c != probe.true_class)
    predictions = {float(v): cross_entropy_prediction(p_true, classes=classes,
                                                       true_class=true_class,
                                                       rest=(float(v), missing - float(v)))
                   for v in points}
    return _prediction_slider(predictions, description or f"p({classes[first_rival]})",
                              "{:.3f}", initial, dpi)
