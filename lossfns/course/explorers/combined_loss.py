r"""The combined-loss explorer (chapter 8): slide the weight :math:`\lambda` of the box loss.

* :func:`combined_loss_scene` -- one :class:`~lossfns.training.multitask.TwoHeadNet` trained on
  :math:`L_{\text{cls}} + \lambda L_{\text{box}}` for every :math:`\lambda`, scored on
  validation strips, with the predictions for a few of them;
* :func:`draw_combined_loss_frame` and :func:`describe_combined_loss_frame` -- one
  :math:`\lambda`'s figure and its alt text;
* :func:`combined_loss_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import partial

import numpy as np

from ...training import _checks as checks
from ..plotting import OKABE_ITO, book_style
from ._common import frame_index

__all__ = [
    "CombinedLossScene",
    "combined_loss_explorer",
    "combined_loss_scene",
    "describe_combined_loss_frame",
    "draw_combined_loss_frame",
]


@dataclass(frozen=True)
class CombinedLossScene:
    r"""What :func:`combined_loss_scene` measured: one trained detector per :math:`\lambda`.

    Attributes
    ----------
    lams : tuple of float
        The weights :math:`\lambda`, one slider position each.
    scores : tuple of DetectorScores
        Each detector's scores on the validation strips
        (:func:`lossfns.training.multitask.evaluate_detector`).
    train_classification, train_box : ndarray, shape ``(len(lams),)``
        :math:`L_{\text{cls}}` and :math:`L_{\text{box}}` on the training strips after training.
    examples : ndarray of int, shape ``(m,)``
        The validation strips drawn in every frame.
    X : ndarray, shape ``(m, n_pixels)``
        Their pixels ...
    labels : ndarray of int, shape ``(m,)``
        ... their classes ...
    centres, widths : ndarray, shape ``(m,)``
        ... and their true boxes (NaN on background).
    classes : tuple of str
    """

    lams: tuple
    scores: tuple
    train_classification: np.ndarray
    train_box: np.ndarray
    examples: np.ndarray
    X: np.ndarray
    labels: np.ndarray
    centres: np.ndarray
    widths: np.ndarray
    classes: tuple

    def index(self, lam) -> int:
        """The position of ``lam`` in ``lams``."""
        return frame_index(self.lams, lam, "lam", "weights")

    @property
    def accuracy(self) -> np.ndarray:
        """Validation accuracy for every :math:`\\lambda`."""
        return np.array([s.accuracy for s in self.scores])

    @property
    def mean_iou(self) -> np.ndarray:
        """Validation mean IoU of the objects' boxes for every :math:`\\lambda`."""
        return np.array([s.mean_iou for s in self.scores])


def combined_loss_scene(train, validation, *, lams, examples, n_hidden: int = 3,
                        learning_rate: float = 0.02, steps: int = 1500, beta: float = 1.0,
                        seed: int = 0) -> CombinedLossScene:
    r"""Train one detector per weight :math:`\lambda` and score it.

    Every detector is a :class:`~lossfns.training.multitask.TwoHeadNet` with ``n_hidden``
    shared units, started from the same parameters (``seed``) and trained by
    :func:`~lossfns.training.multitask.train_detector` on
    :math:`L = L_{\text{cls}} + \lambda L_{\text{box}}` with the same learning rate and
    number of steps; only :math:`\lambda` differs.

    Parameters
    ----------
    train, validation : DetectionData
        From :func:`lossfns.course.datasets.toy_detection`, with the same number of pixels.
    lams : sequence of float >= 0
        2 to :data:`lossfns.course.widgets.MAX_FRAMES` distinct weights, increasing.
    examples : sequence of int
        1 to 6 indices of validation strips to draw.
    n_hidden, learning_rate, steps, beta, seed
        As in :class:`~lossfns.training.multitask.TwoHeadNet` and
        :func:`~lossfns.training.multitask.train_detector`.

    Returns
    -------
    CombinedLossScene

    Examples
    --------
    >>> from lossfns.course.datasets import toy_detection
    >>> scene = combined_loss_scene(toy_detection(60, seed=0), toy_detection(30, seed=1),
    ...                             lams=[0.0, 1.0], examples=[0, 1], steps=50)
    >>> scene.lams, scene.X.shape
    ((0.0, 1.0), (2, 24))
    """
    from ..._validation import check_non_negative
    from ...training.multitask import TwoHeadNet, evaluate_detector, train_detector
    from ..widgets import MAX_FRAMES

    checks.check_detection_data(train, "train")
    checks.check_detection_data(validation, "validation")

    lams = tuple(check_non_negative(lam, "lams") for lam in lams)
    if not 2 <= len(lams) <= MAX_FRAMES:
        raise ValueError(f"lams must hold 2 to {MAX_FRAMES} weights (one frame each), "
                         f"got {len(lams)}")
    if any(later <= earlier for earlier, later in itertools.pairwise(lams)):
        raise ValueError(f"lams must be distinct and increasing, got {list(lams)}")
    examples = np.asarray(examples)
    if (examples.ndim != 1 or not 1 <= examples.size <= 6
            or not np.issubdtype(examples.dtype, np.integer)
            or np.any(examples < 0) or np.any(examples >= len(validation))):
        raise ValueError(f"examples must be 1 to 6 indices of validation strips in "
                         f"[0, {len(validation) - 1}], got {examples.tolist()!r}")
    if train.X.shape[1] != validation.X.shape[1]:
        raise ValueError(f"train and validation must have the same number of pixels, got "
                         f"{train.X.shape[1]} and {validation.X.shape[1]}")
    n_hidden = checks.check_count(n_hidden, "n_hidden")
    model = TwoHeadNet(train.X.shape[1], n_hidden, len(train.classes))
    start = model.init_params(seed)
    scores, cls, box = [], [], []
    for lam in lams:
        run = train_detector(model, train.X, train.labels, train.offsets, lam=lam,
                             learning_rate=learning_rate, steps=steps, beta=beta,
                             params=start)
        scores.append(evaluate_detector(model, run.params, validation, beta=beta))
        cls.append(run.classification[-1])
        box.append(run.box[-1])
    return CombinedLossScene(
        lams=lams, scores=tuple(scores), train_classification=np.array(cls),
        train_box=np.array(box), examples=examples.astype(np.int64),
        X=validation.X[examples].copy(), labels=validation.labels[examples].copy(),
        centres=validation.centres[examples].copy(), widths=validation.widths[examples].copy(),
        classes=tuple(validation.classes))


def _lam_text(lam: float) -> str:
    return f"{lam:g}"


def _draw_strip(ax, scene: CombinedLossScene, k: int, row: int) -> None:
    """One validation strip: its pixels, its true box (shaded) and the predicted box."""
    scores = scene.scores[k]
    i = int(scene.examples[row])
    pixels = np.arange(scene.X.shape[1])
    ax.axhline(0.0, color="#bbbbbb", linewidth=0.8)
    truth = scene.classes[scene.labels[row]]
    guess = scene.classes[scores.predicted[i]]
    if scene.labels[row] > 0:
        c, w = scene.centres[row], scene.widths[row]
        ax.axvspan(c - w / 2, c + w / 2, color=OKABE_ITO["sky_blue"], alpha=0.35, linewidth=0,
                   label="true box")
    ax.plot(pixels, scene.X[row], color="black", linewidth=1.4, marker="o", markersize=3)
    c_hat, w_hat = scores.centres[i], scores.widths[i]
    if scores.predicted[i] > 0 or scene.labels[row] > 0:
        ax.plot([c_hat - w_hat / 2, c_hat + w_hat / 2], [1.75, 1.75],
                color=OKABE_ITO["vermillion"], linewidth=4, solid_capstyle="butt",
                label="predicted box")
    ax.set(xlim=(-0.5, scene.X.shape[1] - 0.5), ylim=(-2.3, 2.3), yticks=[-1, 0, 1])
    truth = "background" if scene.labels[row] == 0 else f"a {truth}"
    ax.set_title(f"validation strip {i}: {truth}, predicted {guess}", fontsize=11,
                 loc="left")
    ax.tick_params(labelsize=10)


def _draw_curve(ax, scene: CombinedLossScene, k: int, values, colour, ylabel, title,
                zoom: bool = False) -> None:
    positions = np.arange(len(scene.lams))
    ax.plot(positions, values, color=colour, marker="o", linewidth=2)
    ax.plot([k], [values[k]], "*", markersize=18, color=OKABE_ITO["yellow"],
            markeredgecolor="black", markeredgewidth=1.0, zorder=5)
    ax.set_xticks(positions, [_lam_text(lam) for lam in scene.lams], fontsize=10)
    # zoom: from 0.5 (or lower if needed), so that a drop of a few per cent stays visible
    low = max(min(0.5, np.floor(10 * np.min(values)) / 10 - 0.05), 0.0) if zoom else 0.0
    ax.set(ylim=(low, 1.03), ylabel=ylabel)
    ax.set_title(title, fontsize=11)
    ax.tick_params(axis="y", labelsize=10)


def draw_combined_loss_frame(scene: CombinedLossScene, lam):
    r"""The explorer's figure for the detector trained with weight ``lam``.

    Left, the drawn validation strips: the pixels, the true box shaded, the
    predicted box as a bar above the strip, and the true and predicted classes.
    Right, the validation accuracy and the mean IoU of all :math:`\lambda`, the
    current one starred. The title gives both numbers.

    Returns
    -------
    matplotlib.figure.Figure
        10 x max(4.6, 1.3 + 1.25 m) inches for m strips, constrained layout.

    Examples
    --------
    >>> from lossfns.course.datasets import toy_detection
    >>> scene = combined_loss_scene(toy_detection(60, seed=0), toy_detection(30, seed=1),
    ...                             lams=[0.0, 1.0], examples=[0], steps=50)
    >>> draw_combined_loss_frame(scene, 1.0).get_suptitle().startswith("λ = 1:")
    True
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import matplotlib.pyplot as plt

    k = scene.index(lam)
    m = len(scene.examples)
    scores = scene.scores[k]
    with book_style():
        fig = plt.figure(figsize=(10.0, max(4.6, 1.3 + 1.25 * m)), layout="constrained")
        left, right = fig.subfigures(1, 2, width_ratios=[1.25, 1])
        strips = left.subplots(m, 1, sharex=True, squeeze=False)[:, 0]
        for row, ax in enumerate(strips):
            _draw_strip(ax, scene, k, row)
        strips[-1].set_xlabel("pixel")
        left.supylabel("pixel value", fontsize=11)
        handles, labels = {}, []
        for ax in strips:
            for handle, label in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(label, handle)
        labels = list(handles)
        left.legend([handles[label] for label in labels], labels, loc="outside lower center",
                    ncol=2, fontsize=10, frameon=False)
        top, bottom = right.subplots(2, 1, sharex=True)
        _draw_curve(top, scene, k, scene.accuracy, OKABE_ITO["blue"], "accuracy",
                    "what is it? validation accuracy", zoom=True)
        _draw_curve(bottom, scene, k, scene.mean_iou, OKABE_ITO["vermillion"], "mean IoU",
                    "where is it? validation mean IoU")
        bottom.set_xlabel("weight $\\lambda$ of the box loss")
        fig.suptitle(f"λ = {_lam_text(scene.lams[k])}: accuracy {scores.accuracy:.1%}, "
                     f"mean IoU {scores.mean_iou:.2f}", fontsize=14, color="#1a1a1a")
    return fig


def describe_combined_loss_frame(scene: CombinedLossScene, lam) -> str:
    """The alt text of :func:`draw_combined_loss_frame`'s figure, computed from the scene.

    Examples
    --------
    >>> from lossfns.course.datasets import toy_detection
    >>> scene = combined_loss_scene(toy_detection(60, seed=0), toy_detection(30, seed=1),
    ...                             lams=[0.0, 1.0], examples=[0], steps=50)
    >>> describe_combined_loss_frame(scene, 0.0).split(":")[0]
    'Detector trained with box-loss weight λ = 0'
    """
    k = scene.index(lam)
    scores = scene.scores[k]
    parts = []
    for row, i in enumerate(scene.examples):
        truth = scene.classes[scene.labels[row]]
        guess = scene.classes[scores.predicted[i]]
        verdict = "right" if guess == truth else f"wrong, predicted {guess}"
        if scene.labels[row] > 0:
            from ...training.multitask import interval_iou

            iou = interval_iou([scores.centres[i]], [scores.widths[i]], [scene.centres[row]],
                               [scene.widths[row]])[0]
            parts.append(f"strip {i}, a {truth} ({verdict}), predicted box overlaps the true "
                         f"box with IoU {iou:.2f}")
        else:
            parts.append(f"strip {i}, background ({verdict})")
    best_acc = scene.lams[int(np.argmax(scene.accuracy))]
    best_iou = scene.lams[int(np.argmax(scene.mean_iou))]
    return (f"Detector trained with box-loss weight λ = {_lam_text(scene.lams[k])}: "
            f"validation accuracy {scores.accuracy:.1%} and mean IoU {scores.mean_iou:.2f}. "
            f"Left, {len(scene.examples)} validation strips with their true and predicted "
            f"boxes: {'; '.join(parts)}. Right, accuracy and mean IoU against λ from "
            f"{_lam_text(scene.lams[0])} to {_lam_text(scene.lams[-1])}: accuracy is highest "
            f"at λ = {_lam_text(best_acc)} ({scene.accuracy.max():.1%}), the mean IoU at "
            f"λ = {_lam_text(best_iou)} ({scene.mean_iou.max():.2f}).")


def combined_loss_explorer(train, validation, *, lams, examples, n_hidden: int = 3,
                           learning_rate: float = 0.02, steps: int = 1500, beta: float = 1.0,
                           seed: int = 0, description: str = "box-loss weight λ",
                           initial: int = 0, dpi: int = 70):
    r"""A slider over the weight :math:`\lambda` of the box loss (chapter 8).

    Each position shows :func:`draw_combined_loss_frame`, with
    :func:`describe_combined_loss_frame` as its alt text; the detectors are trained
    and the frames drawn in advance (:func:`lossfns.course.widgets.frame_slider`), so the
    slider also works in the static HTML page. The arguments are those of
    :func:`combined_loss_scene`, plus the slider's ``description``, ``initial``
    position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`CombinedLossScene`
        as the attribute ``.scene``.

    Examples
    --------
    >>> from lossfns.course.datasets import toy_detection
    >>> box = combined_loss_explorer(toy_detection(60, seed=0), toy_detection(30, seed=1),
    ...                              lams=[0.0, 1.0], examples=[0], steps=50, dpi=40)
    >>> box.slider.options
    (('0', 0), ('1', 1))
    """
    from ..widgets import frame_slider

    scene = combined_loss_scene(train, validation, lams=lams, examples=examples,
                                n_hidden=n_hidden, learning_rate=learning_rate, steps=steps,
                                beta=beta, seed=seed)
    box = frame_slider(partial(draw_combined_loss_frame, scene), scene.lams,
                       description=description, format=_lam_text, initial=initial, dpi=dpi,
                       alt=partial(describe_combined_loss_frame, scene))
    box.scene = scene
    return box
