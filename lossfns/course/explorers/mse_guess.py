r"""The first explorer (chapter 0): one guess for every observation, scored by the MSE.

The model of the welcome chapter predicts the same number :math:`c` for every
observation. Its notebook entries are the squared errors :math:`(c - y_i)^2`, its loss
their mean; moved over :math:`c`, that loss is a parabola, lowest at the mean of the
observations.

* :func:`mse_guess_scene` -- the observations, the slider's guesses and the MSE of every
  guess;
* :func:`draw_mse_guess_frame` and :func:`describe_mse_guess_frame` -- one guess's figure
  and its alt text;
* :func:`mse_guess_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from ..plotting import OKABE_ITO, book_style, new_figure
from ._common import count_word, frame_index, slider_numbers

__all__ = [
    "MseGuessScene",
    "describe_mse_guess_frame",
    "draw_mse_guess_frame",
    "mse_guess_explorer",
    "mse_guess_scene",
]

#: How many guesses the MSE curve is drawn at.
CURVE_POINTS = 201


@dataclass(frozen=True, eq=False)
class MseGuessScene:
    r"""What :func:`mse_guess_scene` measured; the explorer's figures draw from it.

    Attributes
    ----------
    y : ndarray, shape ``(n,)``
        The observations.
    guesses : tuple of float
        The slider's guesses :math:`c`, increasing.
    losses : ndarray, shape ``(len(guesses),)``
        The MSE of each guess, :math:`\frac1n \sum_i (c - y_i)^2`.
    grid : ndarray, shape ``(201,)``
        Guesses from the first to the last of ``guesses``, where the curve is drawn ...
    curve : ndarray, shape ``(201,)``
        ... and the MSE of each.
    mean : float
        The mean of the observations, where the MSE is lowest.
    value_limits : (float, float)
        The range of the data panel's value axis.
    loss_top : float
        The top of the MSE axis.
    decimals : int
        Decimals of the guesses and the mean in titles, slider and alt text.
    """

    y: np.ndarray
    guesses: tuple
    losses: np.ndarray
    grid: np.ndarray
    curve: np.ndarray
    mean: float
    value_limits: tuple
    loss_top: float
    decimals: int

    def index(self, guess) -> int:
        """The position of ``guess`` in ``guesses``."""
        return frame_index(self.guesses, guess, "guess", "guesses")


def mse_guess_scene(y, guesses, *, loss_top=None, decimals: int = 1) -> MseGuessScene:
    r"""Measure the MSE of every constant guess :math:`c` on the observations ``y``.

    .. math:: \mathrm{MSE}(c) = \frac1n \sum_{i=1}^n (c - y_i)^2

    computed by :func:`lossfns.mse` at each of ``guesses`` and at 201 guesses spanning
    them, for the curve.

    Parameters
    ----------
    y : array-like of numbers, shape ``(n,)``
        The observations (at least two).
    guesses : sequence of numbers
        The slider's guesses: 2 to :data:`lossfns.course.widgets.MAX_FRAMES`, increasing.
    loss_top : float, optional
        The top of the MSE axis; default 1.1 times the highest MSE on the curve.
    decimals : int, default 1
        Decimals shown for a guess and for the mean.

    Returns
    -------
    MseGuessScene
        The value axis spans the observations and the guesses, with a twentieth of
        that span added at each end.

    Examples
    --------
    >>> scene = mse_guess_scene([1.0, 2.0, 3.0, 7.0, 9.0], [0.0, 3.0, 4.4])
    >>> scene.losses.round(2).tolist(), round(scene.mean, 2)
    ([28.8, 11.4, 9.44], 4.4)
    >>> scene.value_limits
    (-0.45, 9.45)
    """
    from ..._validation import as_float_array, check_positive
    from ...regression import mse

    y = as_float_array(y, "y")
    if y.ndim != 1 or y.size < 2:
        raise ValueError(f"y must be a 1-D array of at least two observations, got shape "
                         f"{y.shape}")
    guesses = slider_numbers(guesses, "guesses", "guesses")
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) \
            or not 0 <= decimals <= 6:
        raise ValueError(f"decimals must be an integer from 0 to 6, got {decimals!r}")

    def mse_of_guess(c):
        return mse(y, np.full_like(y, c))

    grid = np.linspace(guesses[0], guesses[-1], CURVE_POINTS)
    curve = np.array([mse_of_guess(value) for value in grid])
    loss_top = (1.1 * float(curve.max()) if loss_top is None
                else check_positive(loss_top, "loss_top"))
    low = min(float(y.min()), guesses[0])
    high = max(float(y.max()), guesses[-1])
    pad = (high - low) / 20
    return MseGuessScene(
        y=y.copy(), guesses=guesses,
        losses=np.array([mse_of_guess(c) for c in guesses]), grid=grid, curve=curve,
        mean=float(y.mean()), value_limits=(low - pad, high + pad), loss_top=loss_top,
        decimals=int(decimals))


def draw_mse_guess_frame(scene: MseGuessScene, guess):
    r"""The explorer's figure for the guess :math:`c` = ``guess``.

    Left: the observations by number, the guess as a horizontal line and each error
    as a vertical segment. Right: the MSE of every guess, the current one marked;
    the titles give the guess and its MSE.

    Returns
    -------
    matplotlib.figure.Figure
        8.5 x 3.2 inches, from :func:`lossfns.course.plotting.new_figure`.

    Examples
    --------
    >>> scene = mse_guess_scene([1.0, 2.0, 3.0, 7.0, 9.0], [0.0, 3.0, 4.4])
    >>> fig = draw_mse_guess_frame(scene, 3.0)
    >>> [ax.get_title() for ax in fig.get_axes()]
    ['guess $c = 3.0$', 'MSE = 11.40']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    k = scene.index(guess)
    c, y, digits = scene.guesses[k], scene.y, scene.decimals
    index = np.arange(1, len(y) + 1)  # observation numbers 1..n
    with book_style():
        fig, (left, right) = new_figure(1, 2, width=8.5, height=3.2)
        left.axhline(c, color=OKABE_ITO["vermillion"])
        left.vlines(index, np.minimum(y, c), np.maximum(y, c), color="black",
                    linewidth=1.2)
        left.plot(index, y, "o", color=OKABE_ITO["blue"])
        left.set(xlabel="observation $i$", ylabel="value", xticks=index,
                 ylim=scene.value_limits, title=f"guess $c = {c:.{digits}f}$")
        right.plot(scene.grid, scene.curve, color=OKABE_ITO["blue"])
        right.plot([c], [scene.losses[k]], "o", color=OKABE_ITO["vermillion"],
                   markersize=9)
        right.set(xlabel="guess $c$", ylabel="MSE", ylim=(0, scene.loss_top),
                  title=f"MSE = {scene.losses[k]:.2f}")
    return fig


def describe_mse_guess_frame(scene: MseGuessScene, guess) -> str:
    """The alt text of :func:`draw_mse_guess_frame`'s figure, computed from the scene.

    Examples
    --------
    >>> scene = mse_guess_scene([1.0, 2.0, 3.0, 7.0, 9.0], [0.0, 3.0, 4.4])
    >>> import textwrap
    >>> print(textwrap.fill(describe_mse_guess_frame(scene, 3.0), 84))
    Left: the five observations, the guess c = 3.0 and the errors. Right: the MSE of
    every guess, a parabola lowest at the mean of the observations, 4.4; the current
    guess has MSE 11.40.
    """
    k = scene.index(guess)
    digits = scene.decimals
    return (f"Left: the {count_word(len(scene.y))} observations, the guess "
            f"c = {scene.guesses[k]:.{digits}f} and the errors. Right: the MSE of every "
            "guess, a parabola lowest at the mean of the observations, "
            f"{scene.mean:.{digits}f}; the current guess has MSE {scene.losses[k]:.2f}.")


def mse_guess_explorer(y, guesses, *, loss_top=None, decimals: int = 1,
                       description: str = "guess c", initial: int = 0, dpi: int = 70):
    """A slider over one guess for every observation, with the MSE it scores (chapter 0).

    Each position shows :func:`draw_mse_guess_frame`, with
    :func:`describe_mse_guess_frame` as its alt text; the frames are drawn in advance by
    :func:`lossfns.course.widgets.frame_slider`, so the slider also works in the static HTML
    page. The arguments are those of :func:`mse_guess_scene`, plus the slider's
    ``description``, ``initial`` position and ``dpi``; the slider shows each guess
    with ``decimals`` decimals.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`MseGuessScene` as
        the attribute ``.scene``.

    Examples
    --------
    >>> box = mse_guess_explorer([1.0, 2.0, 3.0, 7.0, 9.0], [0.0, 3.0, 4.4], initial=1,
    ...                          dpi=30)
    >>> box.slider.description, box.slider.options, box.slider.index
    ('guess c', (('0.0', 0), ('3.0', 1), ('4.4', 2)), 1)
    """
    from ..widgets import frame_slider

    scene = mse_guess_scene(y, guesses, loss_top=loss_top, decimals=decimals)
    box = frame_slider(partial(draw_mse_guess_frame, scene), scene.guesses,
                       description=description, format=f"{{:.{scene.decimals}f}}",
                       initial=initial, dpi=dpi, alt=partial(describe_mse_guess_frame, scene))
    box.scene = scene
    return box
