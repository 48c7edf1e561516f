r"""The loss-curves explorer (chapter 8): slide through training, watch both loss curves.

A model with one input feature ``x`` (possibly expanded into several columns by a
``features`` function, such as polynomial terms) is trained by
:func:`~lossfns.training.gradient_descent`; this module replays the run:

* :func:`loss_curves_scene` -- the training and validation loss at every step
  (without any L2 penalty, :func:`~lossfns.training.loss_along_path`), the step with
  the lowest validation loss, and the fitted curve at each step the slider shows;
* :func:`draw_loss_curves_step` and :func:`describe_loss_curves_step` -- the figure
  at one step (left: the data and the fitted curve; right: both loss curves, log
  scales, the step and the best step marked) and its alt text;
* :func:`loss_curves_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

import numpy as np

from ...training import _checks as checks
from ..._validation import as_float_array, check_same_shape
from ..plotting import OKABE_ITO, book_style
from ...training import History, loss_along_path

__all__ = [
    "LossCurvesScene",
    "describe_loss_curves_step",
    "draw_loss_curves_step",
    "loss_curves_explorer",
    "loss_curves_scene",
]


@dataclass(frozen=True, eq=False)
class LossCurvesScene:
    """What :func:`loss_curves_scene` measured; the explorer's figures draw from it.

    Attributes
    ----------
    x_train, y_train, x_val, y_val : ndarray, shape ``(n,)``
        The data, by its one input feature.
    grid : ndarray, shape ``(g,)``
        Where the fitted curve is drawn.
    steps : tuple of int
        The steps the slider shows, increasing.
    curves : dict of int to ndarray
        The model's output on ``grid`` after each of ``steps``.
    train_loss, val_loss : ndarray, shape ``(k + 1,)``
        The mean loss on each data set after every step (no penalty).
    best_step : int
        The step with the lowest validation loss.
    loss_name : str
        The loss's name in :data:`lossfns.LOSSES`.
    xlabel, ylabel : str
        Axis labels of the data panel.
    loss_units : str or None
        The units of the loss, for the loss panel's label.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    grid: np.ndarray
    steps: tuple
    curves: dict
    train_loss: np.ndarray
    val_loss: np.ndarray
    best_step: int
    loss_name: str
    xlabel: str
    ylabel: str
    loss_units: str | None


def _one_feature(values, name: str) -> np.ndarray:
    array = as_float_array(values, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one input value per point), got shape "
                         f"{array.shape}")
    return array


def _check_steps(steps, total: int) -> tuple:
    if isinstance(steps, (str, bytes)) or not hasattr(steps, "__iter__"):
        raise ValueError(f"steps must be a sequence of step numbers, got {steps!r:.80}")
    values = [checks.check_count(step, "steps", minimum=0) for step in steps]
    if len(values) < 2 or any(b <= a for a, b in pairwise(values)):
        raise ValueError(f"steps must hold at least 2 increasing step numbers, got {values}")
    if values[-1] > total:
        raise ValueError(f"steps must lie in [0, {total}] (the steps of the run), got "
                         f"{values[-1]}")
    return tuple(values)


def loss_curves_scene(model, history: History, x_train, y_train, x_val, y_val, *,
                      steps, features: Callable | None = None, grid=None, loss=None,
                      loss_kwargs=None, xlabel: str = "x", ylabel: str = "y",
                      loss_units: str | None = None) -> LossCurvesScene:
    r"""Replay a training run: both loss curves, the best step, the curve at ``steps``.

    .. math:: L^{\text{train}}_t = \frac{1}{n}\sum_{i \in \text{train}}
              \ell\bigl(y_i, f_{\theta_t}(x_i)\bigr), \qquad
              t^* = \arg\min_t L^{\text{val}}_t

    Parameters
    ----------
    model : a model of :mod:`lossfns.training`
        The model ``history`` trained.
    history : History
        The run, from :func:`~lossfns.training.gradient_descent`.
    x_train, y_train, x_val, y_val : array-like, shape ``(n,)``
        The data by its single input value; the model sees ``features(x)``.
    steps : sequence of int
        The steps the slider will show (2 or more, increasing, within the run).
    features : callable, optional
        ``x (n,) -> X (n, n_features)``; default ``x[:, None]``.
    grid : array-like, optional
        Where to draw the fitted curve; default 200 points over the data's range.
    loss, loss_kwargs
        As in :func:`~lossfns.training.loss_and_grad`.
    xlabel, ylabel, loss_units : str
        Labels of the figures.

    Returns
    -------
    LossCurvesScene

    Examples
    --------
    >>> from lossfns.training import LinearModel, gradient_descent
    >>> x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    >>> run = gradient_descent(LinearModel(1), x[:, None], y, learning_rate=0.1, steps=20)
    >>> scene = loss_curves_scene(LinearModel(1), run, x, y, [1.5], [4.0], steps=[0, 20])
    >>> scene.best_step, round(float(scene.val_loss[0]), 2)
    (20, 16.0)
    """
    if not isinstance(history, History):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"history must be a History from gradient_descent, got {type(history).__name__}")
    x_train, y_train = _one_feature(x_train, "x_train"), _one_feature(y_train, "y_train")
    x_val, y_val = _one_feature(x_val, "x_val"), _one_feature(y_val, "y_val")
    check_same_shape(x_train, y_train, ("x_train", "y_train"))
    check_same_shape(x_val, y_val, ("x_val", "y_val"))
    if features is None:
        def features(values):
            return np.asarray(values, dtype=np.float64)[:, np.newaxis]
    elif not callable(features):
        raise ValueError(f"features must be a function x -> X, got {features!r:.80}")
    steps = _check_steps(steps, history.steps)
    if grid is None:
        low = min(x_train.min(), x_val.min())
        high = max(x_train.max(), x_val.max())
        grid = np.linspace(low, high, 200)
    grid = _one_feature(grid, "grid")
    info = checks.resolve_loss(loss, model)
    options = {"loss": info, "loss_kwargs": loss_kwargs}
    train_loss = loss_along_path(model, history, features(x_train), y_train, **options)
    val_loss = loss_along_path(model, history, features(x_val), y_val, **options)
    grid_features = features(grid)
    curves = {step: np.asarray(model.predict(history.params_at(step), grid_features),
                               dtype=np.float64) for step in steps}
    return LossCurvesScene(
        x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val, grid=grid, steps=steps,
        curves=curves, train_loss=train_loss, val_loss=val_loss,
        best_step=int(np.argmin(val_loss)), loss_name=info.name, xlabel=xlabel,
        ylabel=ylabel, loss_units=loss_units)


def _check_shown_step(scene: LossCurvesScene, step) -> int:
    step = checks.check_count(step, "step", minimum=0)
    if step not in scene.curves:
        raise ValueError(f"step must be one of the scene's steps {scene.steps}, got {step}")
    return step


def draw_loss_curves_step(scene: LossCurvesScene, step: int):
    """The explorer's figure after ``step`` steps of training.

    Left: the training points, the validation points (lighter) and the model's curve
    after ``step`` steps. Right: the training and validation loss against the step,
    the loss on a log scale, the step on a symmetric log scale (linear from 0 to 1,
    logarithmic beyond, so that step 0 has a place), with this step marked on both
    curves and the step of the lowest validation loss drawn as a dashed line.

    Returns
    -------
    matplotlib.figure.Figure
        10 x 4.2 inches.

    Examples
    --------
    >>> from lossfns.training import LinearModel, gradient_descent
    >>> x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    >>> run = gradient_descent(LinearModel(1), x[:, None], y, learning_rate=0.1, steps=20)
    >>> scene = loss_curves_scene(LinearModel(1), run, x, y, [1.5], [4.0], steps=[0, 20])
    >>> fig = draw_loss_curves_step(scene, 20)
    >>> fig.get_suptitle()[:30]
    'after 20 steps: training loss '
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    step = _check_shown_step(scene, step)
    train, val = scene.train_loss, scene.val_loss
    with book_style():
        # fixed margins: constrained layout would double the time to draw a frame
        fig, (data, curves) = plt.subplots(1, 2, figsize=(10.0, 4.2), layout="none")
        fig.subplots_adjust(left=0.07, right=0.985, bottom=0.13, top=0.85, wspace=0.28)
        data.scatter(scene.x_val, scene.y_val, s=14, color=OKABE_ITO["sky_blue"], alpha=0.6,
                     label="validation points", zorder=1)
        data.scatter(scene.x_train, scene.y_train, s=40, color=OKABE_ITO["black"],
                     label="training points", zorder=3)
        data.plot(scene.grid, scene.curves[step], color=OKABE_ITO["vermillion"], linewidth=2.2,
                  label=f"model after {step} steps", zorder=2)
        everything = np.concatenate([scene.y_train, scene.y_val])
        spread = np.ptp(everything)
        data.set(xlabel=scene.xlabel, ylabel=scene.ylabel,
                 ylim=(everything.min() - 0.5 * spread, everything.max() + 0.5 * spread),
                 title="the data and the fitted curve")
        data.legend(loc="lower right", fontsize=10, frameon=True, framealpha=0.95,
                    edgecolor="none")

        # about 400 steps, evenly spread on the log axis, draw as fast as all of them
        shown = np.unique(np.concatenate(
            [[0], np.round(np.geomspace(1, train.size - 1, 400)).astype(int)]))
        curves.plot(shown, train[shown], color=OKABE_ITO["black"], label="training loss")
        curves.plot(shown, val[shown], color=OKABE_ITO["blue"], label="validation loss")
        curves.axvline(scene.best_step, color=OKABE_ITO["bluish_green"], linestyle="--",
                       linewidth=1.5, label=f"lowest validation loss: step {scene.best_step}")
        for values, colour in ((train, OKABE_ITO["black"]), (val, OKABE_ITO["blue"])):
            curves.plot([step], [values[step]], "o", markersize=9, color=colour,
                        markeredgecolor="white", zorder=4)
        curves.axvline(step, color=OKABE_ITO["vermillion"], linewidth=1.2, alpha=0.7)
        curves.set_xscale("symlog", linthresh=1.0, linscale=0.4)  # log, with room for 0
        curves.set_yscale("log")
        units = "log scale" if not scene.loss_units else f"{scene.loss_units}, log scale"
        curves.set(xlabel="step (log scale after step 1)",
                   ylabel=f"mean loss, {scene.loss_name}\n({units})",
                   xlim=(0, 1.5 * (train.size - 1)), title="the loss curves")
        low, high = min(train.min(), val.min()), max(train.max(), val.max())
        curves.set_ylim(low / 1.6, high * 12)
        curves.legend(loc="upper right", fontsize=10, frameon=True, framealpha=0.95,
                      edgecolor="none")
        fig.suptitle(f"after {step} steps: training loss {train[step]:.3g}, validation loss "
                     f"{val[step]:.3g}", fontsize=13)
    return fig


def describe_loss_curves_step(scene: LossCurvesScene, step: int) -> str:
    """The alt text of :func:`draw_loss_curves_step`'s figure, in numbers.

    Examples
    --------
    >>> from lossfns.training import LinearModel, gradient_descent
    >>> x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    >>> run = gradient_descent(LinearModel(1), x[:, None], y, learning_rate=0.1, steps=20)
    >>> scene = loss_curves_scene(LinearModel(1), run, x, y, [1.5], [4.0], steps=[0, 20])
    >>> describe_loss_curves_step(scene, 0)[:59]
    'After 0 steps of training. Left: 3 training points, 1 valid'
    """
    step = _check_shown_step(scene, step)
    best = scene.best_step
    if step < best:
        phase = "before the lowest validation loss: both losses are still falling or near it"
    elif step == best:
        phase = "at the lowest validation loss"
    else:
        phase = (f"{step - best} steps past the lowest validation loss: the training loss "
                 f"has gone on falling while the validation loss rose by "
                 f"{scene.val_loss[step] / scene.val_loss[best] - 1:.0%}")
    return (f"After {step} steps of training. Left: {scene.x_train.size} training points, "
            f"{scene.x_val.size} validation points and the model's curve. Right: the "
            f"training loss ({scene.train_loss[0]:.3g} at the start, {scene.train_loss[step]:.3g} "
            f"now) and the validation loss ({scene.val_loss[0]:.3g} at the start, "
            f"{scene.val_loss[step]:.3g} now) against the step on log scales; the lowest "
            f"validation loss, {scene.val_loss[best]:.3g}, is at step {best}, marked by a "
            f"dashed line. This step is {phase}.")


def loss_curves_explorer(model, history: History, x_train, y_train, x_val, y_val, *, steps,
                         features=None, grid=None, loss=None, loss_kwargs=None,
                         xlabel: str = "x", ylabel: str = "y", loss_units=None,
                         description: str = "training step", initial: int = 0,
                         dpi: int = 70):
    """A slider over training steps: the fitted curve and both loss curves at each.

    The arguments are those of :func:`loss_curves_scene` (``steps``: 2 to
    :data:`lossfns.course.widgets.MAX_FRAMES` of them), plus the slider's ``description``,
    ``initial`` position and ``dpi``. Frames are drawn in advance by
    :func:`lossfns.course.widgets.frame_slider`, with :func:`describe_loss_curves_step` as
    their alt text, so the slider works in the static HTML page.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the scene as ``.scene``.

    Examples
    --------
    >>> from lossfns.training import LinearModel, gradient_descent
    >>> x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    >>> run = gradient_descent(LinearModel(1), x[:, None], y, learning_rate=0.1, steps=20)
    >>> box = loss_curves_explorer(LinearModel(1), run, x, y, [1.5], [4.0],
    ...                            steps=[0, 5, 20], dpi=40)
    >>> box.slider.options
    (('0', 0), ('5', 1), ('20', 2))
    """
    from ..widgets import MAX_FRAMES, frame_slider

    scene = loss_curves_scene(model, history, x_train, y_train, x_val, y_val, steps=steps,
                              features=features, grid=grid, loss=loss,
                              loss_kwargs=loss_kwargs, xlabel=xlabel, ylabel=ylabel,
                              loss_units=loss_units)
    if len(scene.steps) > MAX_FRAMES:
        raise ValueError(f"steps must hold at most {MAX_FRAMES} steps (one frame each), got "
                         f"{len(scene.steps)}")
    box = frame_slider(partial(draw_loss_curves_step, scene), scene.steps,
                       description=description, format="{:d}", initial=initial, dpi=dpi,
                       alt=partial(describe_loss_curves_step, scene))
    box.scene = scene
    return box
