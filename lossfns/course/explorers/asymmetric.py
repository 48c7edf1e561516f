r"""The asymmetric-cost explorer (chapter 9): how the best constant forecast moves with k.

Under-forecasting is charged :math:`k` times as much as over-forecasting. With squared
misses the best constant forecast is the :math:`\tau`-expectile, with linear misses the
:math:`\tau`-quantile, :math:`\tau = k / (k + 1)`; at :math:`k = 1` they are the mean and
the median.

* :func:`asymmetric_scene` -- the sample, and for every :math:`k` its mean, expectile,
  quantile and the asymmetric squared loss of every constant forecast on a grid;
* :func:`draw_asymmetric_frame` and :func:`describe_asymmetric_frame` -- one :math:`k`'s
  figure and its alt text;
* :func:`asymmetric_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from ..plotting import OKABE_ITO, book_style
from ._common import frame_index, spoken_units

__all__ = [
    "AsymmetricScene",
    "asymmetric_explorer",
    "asymmetric_scene",
    "describe_asymmetric_frame",
    "draw_asymmetric_frame",
]


@dataclass(frozen=True)
class AsymmetricScene:
    r"""What :func:`asymmetric_scene` measured.

    Attributes
    ----------
    values : ndarray, shape ``(n,)``
        The sample (e.g. the daily demand).
    ks : tuple of float
        The cost ratios, one per slider position ...
    levels : ndarray, shape ``(m,)``
        ... their levels :math:`\tau = k / (k + 1)` ...
    expectiles, quantiles : ndarray, shape ``(m,)``
        ... the :math:`\tau`-expectile and the (lowest) :math:`\tau`-quantile of the sample.
    mean : float
    grid : ndarray, shape ``(g,)``
        Constant forecasts :math:`c` from the smallest to the largest value.
    curves : ndarray, shape ``(m, g)``
        The mean asymmetric squared loss of each :math:`c`, for each :math:`k`:
        :math:`\frac1n \sum_i w_i (c - y_i)^2`, :math:`w_i = k` where :math:`c < y_i`, else 1.
    share_above_expectile, share_above_quantile : ndarray, shape ``(m,)``
        The share of the sample above each forecast (days with an empty shelf).
    units : str
        Units of the values, e.g. ``"loaves"``.
    value_name : str
        What a value is, e.g. ``"demand"``.
    """

    values: np.ndarray
    ks: tuple
    levels: np.ndarray
    expectiles: np.ndarray
    quantiles: np.ndarray
    mean: float
    grid: np.ndarray
    curves: np.ndarray
    share_above_expectile: np.ndarray
    share_above_quantile: np.ndarray
    units: str
    value_name: str

    def index(self, k) -> int:
        """The position of ``k`` in ``ks``."""
        return frame_index(self.ks, k, "k", "ks")


def _asymmetric_squares(values: np.ndarray, forecasts: np.ndarray, k: float) -> np.ndarray:
    """Mean asymmetric squared loss of every constant in ``forecasts`` (one per entry)."""
    error = forecasts[:, np.newaxis] - values[np.newaxis, :]     # c - y
    weight = np.where(error < 0.0, k, 1.0)                        # too low: weight k
    return np.mean(weight * error**2, axis=1)


def asymmetric_scene(values, ks, *, units: str = "units", value_name: str = "value",
                     grid_size: int = 241) -> AsymmetricScene:
    r"""Measure what the explorer shows, for every cost ratio ``k`` in ``ks``.

    .. math:: \tau = \frac{k}{k + 1}, \qquad
              e_\tau = \arg\min_c \frac1n \sum_i |\tau - [y_i < c]| (y_i - c)^2, \qquad
              q_\tau = \min\{c : \tfrac1n \#\{y_i \le c\} \ge \tau\}

    Parameters
    ----------
    values : array-like, shape ``(n,)``
        At least two finite numbers, not all equal.
    ks : sequence of float > 0
        2 to :data:`lossfns.course.widgets.MAX_FRAMES` cost ratios, one frame each.
    units, value_name : str
        For the labels and the alt text.
    grid_size : int, default 241
        Number of constant forecasts on the loss curve.

    Returns
    -------
    AsymmetricScene

    Examples
    --------
    >>> scene = asymmetric_scene([0.0, 10.0], [1, 4])
    >>> scene.levels.tolist(), scene.expectiles.tolist(), scene.quantiles.tolist()
    ([0.5, 0.8], [5.0, 8.0], [0.0, 10.0])
    """
    from ..._validation import as_float_array, check_positive
    from ...training.decisions import expectile
    from ..widgets import MAX_FRAMES

    y = as_float_array(values, "values")
    if y.ndim != 1 or y.size < 2 or np.all(y == y[0]):
        raise ValueError(f"values must be a 1-D array of at least two different numbers, "
                         f"got shape {y.shape}")
    if isinstance(ks, (str, bytes)) or not hasattr(ks, "__len__"):
        raise ValueError(f"ks must be a sequence of positive numbers, got {ks!r}")
    ks = tuple(check_positive(k, "ks") for k in ks)
    if not 2 <= len(ks) <= MAX_FRAMES:
        raise ValueError(f"ks must hold 2 to {MAX_FRAMES} cost ratios (one frame each), "
                         f"got {len(ks)}")
    if isinstance(grid_size, bool) or not isinstance(grid_size, int) or grid_size < 3:
        raise ValueError(f"grid_size must be an integer >= 3, got {grid_size!r}")
    for name, text in (("units", units), ("value_name", value_name)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name} must be a non-empty str, got {text!r}")
    levels = np.array([k / (k + 1.0) for k in ks])
    expectiles = np.array([expectile(y, level) for level in levels])
    quantiles = np.array([float(np.quantile(y, level, method="inverted_cdf"))
                          for level in levels])
    grid = np.linspace(y.min(), y.max(), grid_size)
    curves = np.stack([_asymmetric_squares(y, grid, k) for k in ks])
    return AsymmetricScene(
        values=y.copy(), ks=ks, levels=levels, expectiles=expectiles, quantiles=quantiles,
        mean=float(y.mean()), grid=grid, curves=curves,
        share_above_expectile=np.array([np.mean(y > e) for e in expectiles]),
        share_above_quantile=np.array([np.mean(y > q) for q in quantiles]),
        units=units, value_name=value_name)


_MEAN_STYLE = {"color": "black", "linestyle": "--", "linewidth": 1.6}
_EXPECTILE_STYLE = {"color": OKABE_ITO["blue"], "linestyle": "-", "linewidth": 2.4}
_QUANTILE_STYLE = {"color": OKABE_ITO["vermillion"], "linestyle": "-.", "linewidth": 2.2}


def draw_asymmetric_frame(scene: AsymmetricScene, k):
    r"""The explorer's figure for the cost ratio ``k``.

    Left, the histogram of the values with the mean (dashed), the
    :math:`\tau`-expectile (solid) and the :math:`\tau`-quantile (dash-dotted). Right, the
    asymmetric squared loss of every constant forecast, lowest at the expectile, with the
    plain squared error (:math:`k = 1`, lowest at the mean) in grey for comparison (when
    :math:`k \ne 1`), the mean and the quantile marked, and the legend below.

    Returns
    -------
    matplotlib.figure.Figure
        9.6 x 4.8 inches, constrained layout.

    Examples
    --------
    >>> scene = asymmetric_scene([0.0, 10.0, 4.0], [1, 4])
    >>> draw_asymmetric_frame(scene, 4).get_suptitle()
    'k = 4 (τ = 0.80): mean 4.7, expectile 7.3, 0.80-quantile 10 units'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    i = scene.index(k)
    level, e, q = scene.levels[i], scene.expectiles[i], scene.quantiles[i]
    with book_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 4.8), layout="constrained")
        counts, _, _ = left.hist(scene.values, bins=min(30, max(5, scene.values.size // 6)),
                                 color="#d9d9d9", edgecolor="white")
        left.set_ylim(0, 1.5 * float(np.max(counts)))   # room for the legend
        left.axvline(scene.mean, label=f"mean {scene.mean:.1f}", **_MEAN_STYLE)
        left.axvline(e, label=f"expectile {e:.1f}", **_EXPECTILE_STYLE)
        left.axvline(q, label=f"{level:.2f}-quantile {q:.4g}", **_QUANTILE_STYLE)
        left.set(xlabel=f"{scene.value_name} ({scene.units})", ylabel="days",
                 title=f"the {scene.value_name}, {scene.values.size} days")
        left.yaxis.set_major_locator(MaxNLocator(integer=True))   # whole days
        left.legend(loc="upper left", fontsize=10)
        plain = scene.curves[scene.ks.index(1.0)] if 1.0 in scene.ks else \
            _asymmetric_squares(scene.values, scene.grid, 1.0)
        if k != 1:
            right.plot(scene.grid, plain, color="#9a9a9a", linewidth=1.6,
                       label="k = 1 (MSE), lowest at the mean")
        right.plot(scene.grid, scene.curves[i], color=OKABE_ITO["blue"], linewidth=2.4,
                   label=f"k = {k:g}, lowest at the expectile")
        lowest = float(_asymmetric_squares(scene.values, np.array([e]), k)[0])
        right.plot([e], [lowest], "o", color=OKABE_ITO["blue"], markersize=9,
                   markeredgecolor="black", zorder=5)
        right.axvline(scene.mean, **_MEAN_STYLE)
        right.axvline(q, **_QUANTILE_STYLE)
        top = float(max(scene.curves[i].max(), plain.max()))
        right.set(xlabel=f"constant forecast c ({scene.units})",
                  ylabel=f"asymmetric squared loss ({scene.units}²)", ylim=(0, 1.05 * top),
                  title="the loss of every constant forecast")
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=10,
                     frameon=False)
        fig.suptitle(f"k = {k:g} (τ = {level:.2f}): mean {scene.mean:.1f}, expectile "
                     f"{e:.1f}, {level:.2f}-quantile {q:.4g} {scene.units}",
                     fontsize=14, color="#1a1a1a")
    return fig


def describe_asymmetric_frame(scene: AsymmetricScene, k) -> str:
    """The alt text of :func:`draw_asymmetric_frame`'s figure, computed from the scene.

    Examples
    --------
    >>> scene = asymmetric_scene([0.0, 10.0, 4.0], [1, 4], units="loaves")
    >>> import textwrap
    >>> print(textwrap.fill(describe_asymmetric_frame(scene, 4), 84))
    Left: a histogram of 3 values, with the mean at 4.67 loaves, the expectile at 7.33
    and the 0.80-quantile at 10 loaves; 33% of the values lie above the expectile and 0%
    above the quantile. Right: the asymmetric squared loss with k = 4 for every constant
    forecast from 0 to 10 loaves, in loaves squared, lowest at the expectile, beside the
    plain squared error, lowest at the mean.
    """
    i = scene.index(k)
    level = scene.levels[i]
    beside = ("; with k = 1 it is the plain squared error, whose lowest point is the mean"
              if k == 1 else ", beside the plain squared error, lowest at the mean")
    return (f"Left: a histogram of {scene.values.size} values, with the mean at "
            f"{scene.mean:.3g} {scene.units}, the expectile at {scene.expectiles[i]:.3g} and "
            f"the {level:.2f}-quantile at {scene.quantiles[i]:.4g} {scene.units}; "
            f"{scene.share_above_expectile[i]:.0%} of the values lie above the expectile and "
            f"{scene.share_above_quantile[i]:.0%} above the quantile. Right: the asymmetric "
            f"squared loss with k = {k:g} for every constant forecast from "
            f"{scene.grid[0]:.4g} to {scene.grid[-1]:.4g} {scene.units}, in "
            f"{spoken_units(scene.units + '²')}, lowest at the expectile{beside}.")


def asymmetric_explorer(values, ks, *, units: str = "units", value_name: str = "value",
                        description: str = "cost ratio k", format="{:g}", initial: int = 0,
                        dpi: int = 70):
    """A slider over the cost ratio ``k``: the best constant forecasts move (chapter 9).

    Each position shows :func:`draw_asymmetric_frame`, with
    :func:`describe_asymmetric_frame` as its alt text, drawn in advance by
    :func:`lossfns.course.widgets.frame_slider` so that the slider works in the static HTML page.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`AsymmetricScene` as the
        attribute ``.scene``.

    Examples
    --------
    >>> box = asymmetric_explorer([0.0, 10.0, 4.0], [1, 4], dpi=40)
    >>> box.slider.options
    (('1', 0), ('4', 1))
    >>> box.scene.expectiles.round(2).tolist()
    [4.67, 7.33]
    """
    from ..widgets import frame_slider

    scene = asymmetric_scene(values, ks, units=units, value_name=value_name)
    box = frame_slider(partial(draw_asymmetric_frame, scene), scene.ks,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_asymmetric_frame, scene))
    box.scene = scene
    return box
