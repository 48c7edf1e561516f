r"""The drag-the-outlier explorer (chapter 6): one point moved up and down.

The least-squares (MSE) line follows the point; the least-absolute-deviations (MAE) line
settles once the point is far enough away.

* :func:`outlier_scene` -- both fits at every position of the point;
* :func:`draw_outlier_fit` and :func:`describe_outlier_fit` -- one position's figure and
  its alt text;
* :func:`outlier_fit_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import numpy as np

from ..plotting import OKABE_ITO, book_style

__all__ = [
    "OUTLIER_FITS",
    "OUTLIER_SWEEP_POINTS",
    "OutlierScene",
    "describe_outlier_fit",
    "draw_outlier_fit",
    "outlier_fit_explorer",
    "outlier_scene",
]


#: How many heights of the dragged point the slope panel of the outlier explorer is
#: drawn from (the slider itself has at most lossfns.course.widgets.MAX_FRAMES positions).
OUTLIER_SWEEP_POINTS = 241

#: The two fits of the outlier explorer: name -> (legend label, colour, line style).
OUTLIER_FITS = MappingProxyType({
    "mse": ("MSE line (least squares)", OKABE_ITO["blue"], "-"),
    "mae": ("MAE line (least absolute deviations)", OKABE_ITO["bluish_green"], "--"),
})


@dataclass(frozen=True, eq=False)
class OutlierScene:
    """What :func:`outlier_scene` computed; the outlier explorer's frames draw from it.

    Attributes
    ----------
    x, y : ndarray, shape ``(n,)``
        The points, with the dragged one at its original height ``y[index]``.
    index : int
        Which point the slider moves (up and down only: its ``x`` stays).
    positions : tuple of float
        The heights the slider puts it at, increasing.
    sweep : ndarray, shape ``(OUTLIER_SWEEP_POINTS,)``
        Finely spaced heights from ``positions[0]`` to ``positions[-1]`` ...
    sweep_lines : dict of str to ndarray
        ... and for ``"mse"`` and ``"mae"`` the best line at each, shape
        ``(OUTLIER_SWEEP_POINTS, 2)``: slope and intercept.
    lines : dict of str to ndarray
        The same at the slider's ``positions``, shape ``(len(positions), 2)``.
    xlabel, ylabel, slope_units : str
        Axis labels and the units of a slope (for the legend and the alt text).
    point_name : str
        How the text calls the dragged point, e.g. ``"day 12"``.
    """

    x: np.ndarray
    y: np.ndarray
    index: int
    positions: tuple
    sweep: np.ndarray
    sweep_lines: dict
    lines: dict
    xlabel: str
    ylabel: str
    slope_units: str
    point_name: str

    def moved(self, position: float) -> np.ndarray:
        """The targets with the dragged point at height ``position``."""
        y = self.y.copy()
        y[self.index] = position
        return y

    def line(self, fit: str, position: float) -> tuple[float, float]:
        """``(slope, intercept)`` of the ``"mse"`` or ``"mae"`` line, the point at ``position``."""
        if fit not in OUTLIER_FITS:
            raise ValueError(f"fit must be one of {list(OUTLIER_FITS)}, got {fit!r}")
        if position in self.positions:
            slope, intercept = self.lines[fit][self.positions.index(position)]
            return float(slope), float(intercept)
        return _fit_line(fit, self.x, self.moved(position))


def _fit_line(fit: str, x, y) -> tuple[float, float]:
    from ...training.fitting import least_absolute_deviations_line, least_squares_line

    return (least_squares_line if fit == "mse" else least_absolute_deviations_line)(x, y)


def _check_positions(positions) -> tuple:
    if isinstance(positions, (str, bytes, Mapping)):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"positions must be a sequence of heights for the dragged point, got "
            f"{positions!r:.80}")
    try:
        values = np.asarray(positions, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"positions must be a sequence of numbers (heights), got "
                         f"{positions!r:.80}") from None
    if values.ndim != 1 or values.size < 2:
        raise ValueError(f"positions must be a 1-D sequence of at least 2 heights, got "
                         f"shape {values.shape}")
    if not np.all(np.isfinite(values)) or np.any(np.diff(values) <= 0):
        raise ValueError(f"positions must be finite and increase strictly, got {values}")
    return tuple(float(value) for value in values)


def outlier_scene(x, y, *, index: int, positions, xlabel: str = "x", ylabel: str = "y",
                  slope_units: str = "", point_name: str | None = None) -> OutlierScene:
    r"""Fit the MSE line and the MAE line with one point moved to each of ``positions``.

    With the point ``index`` at height :math:`h`, the two lines are

    .. math:: \arg\min_{w, b} \frac1n \sum_i (w x_i + b - y_i)^2
              \quad\text{and}\quad
              \arg\min_{w, b} \frac1n \sum_i |w x_i + b - y_i|, \qquad y_{\text{index}} = h,

    computed exactly by :func:`lossfns.training.fitting.least_squares_line` and
    :func:`lossfns.training.fitting.least_absolute_deviations_line`, at the slider's
    ``positions`` and at :data:`OUTLIER_SWEEP_POINTS` heights in between (for the
    slope panel).

    Parameters
    ----------
    x, y : array-like of shape ``(n,)``
        The points.
    index : int
        The point to move (its ``x`` stays, its ``y`` takes each of ``positions``).
    positions : sequence of float
        At least two increasing heights.
    xlabel, ylabel : str
        Axis labels, with units.
    slope_units : str
        The units of a slope, e.g. ``"units per ¥1000"``.
    point_name : str, optional
        What the figure calls the point; default ``"point <index>"``.

    Returns
    -------
    OutlierScene

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> scene = outlier_scene(x, 2 * x + 1, index=5, positions=[11.0, 41.0])
    >>> [round(v, 6) for v in scene.line("mse", 41.0)], scene.line("mae", 41.0)
    ([6.285714, -4.714286], (2.0, 1.0))
    """
    from ...training.fitting import check_line_data

    x, y = check_line_data(x, y)
    x, y = x.copy(), y.copy()
    if (isinstance(index, bool) or not isinstance(index, (int, np.integer))
            or not 0 <= index < x.size):
        raise ValueError(f"index must be the index of one of the {x.size} points "
                         f"(0 to {x.size - 1}), got {index!r}")
    index = int(index)
    positions = _check_positions(positions)
    for name, text in (("xlabel", xlabel), ("ylabel", ylabel), ("slope_units", slope_units)):
        if not isinstance(text, str):
            raise ValueError(f"{name} must be a str, got {type(text).__name__}")
    if np.ptp(np.delete(x, index)) == 0:
        raise ValueError("x: the points other than the dragged one must take at least two "
                         "different x values")
    sweep = np.union1d(np.linspace(positions[0], positions[-1], OUTLIER_SWEEP_POINTS),
                       positions)

    def fits_at(heights):
        result = {}
        for fit in OUTLIER_FITS:
            rows = []
            for height in heights:
                moved = y.copy()
                moved[index] = height
                rows.append(_fit_line(fit, x, moved))
            result[fit] = np.array(rows)
        return result

    sweep_lines = fits_at(sweep)
    at = np.searchsorted(sweep, positions)
    lines = {fit: sweep_lines[fit][at] for fit in OUTLIER_FITS}
    return OutlierScene(
        x=x, y=y, index=index, positions=positions, sweep=sweep, sweep_lines=sweep_lines,
        lines=lines, xlabel=xlabel, ylabel=ylabel, slope_units=slope_units,
        point_name=point_name or f"point {index}",
    )


def _finite_position(position) -> float:
    if isinstance(position, bool) or not isinstance(position, (int, float, np.number)) \
            or not np.isfinite(position):
        raise ValueError(f"position must be a finite number (a height), got {position!r}")
    return float(position)


def _outlier_limits(scene: OutlierScene) -> tuple[float, float]:
    low = min(scene.y.min(), scene.positions[0])
    high = max(scene.y.max(), scene.positions[-1])
    pad = 0.06 * (high - low)
    return low - pad, high + pad


def draw_outlier_fit(scene: OutlierScene, position: float):
    r"""The outlier explorer's figure with the dragged point at height ``position``.

    Left: the points, the dragged one large and coloured (a hollow circle marks where
    it was), with the MSE line and the MAE line fitted to them. Right: the slope of
    each line against the dragged point's height, over the whole range of the
    slider, with this frame's height marked. Same axes in every frame, so that
    flipping through the frames shows the lines move.

    Returns
    -------
    matplotlib.figure.Figure
        9.2 x 4.3 inches, constrained layout.

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> scene = outlier_scene(x, 2 * x + 1, index=5, positions=[11.0, 41.0],
    ...                       point_name="day 5")
    >>> fig = draw_outlier_fit(scene, 41.0)
    >>> fig.get_suptitle()
    'day 5 at 41: MSE slope 6.29, MAE slope 2'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    position = _finite_position(position)
    y = scene.moved(position)
    x_grid = np.linspace(scene.x.min(), scene.x.max(), 2)
    units = f" {scene.slope_units}" if scene.slope_units else ""
    with book_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(9.2, 4.3), layout="constrained",
                                          width_ratios=[1.35, 1])
        others = np.arange(scene.x.size) != scene.index
        left.plot(scene.x[others], y[others], "o", color="#777777", markersize=6,
                  label="the other points")
        left.plot(scene.x[scene.index], scene.y[scene.index], "o", markersize=11,
                  markerfacecolor="none", markeredgecolor=OKABE_ITO["vermillion"],
                  markeredgewidth=1.5, label="where the point was")
        left.plot(scene.x[scene.index], position, "o", color=OKABE_ITO["vermillion"],
                  markersize=11, markeredgecolor="black", zorder=5,
                  label=f"{scene.point_name}, moved")
        for fit, (label, colour, style) in OUTLIER_FITS.items():
            slope, intercept = scene.line(fit, position)
            left.plot(x_grid, slope * x_grid + intercept, color=colour, linestyle=style,
                      linewidth=2.6, label=f"{label.split(' (')[0]}: slope {slope:.3g}")
        left.set(xlabel=scene.xlabel, ylabel=scene.ylabel, ylim=_outlier_limits(scene),
                 title="the points and the two best lines")
        left.legend(loc="upper right", fontsize=10, frameon=True, framealpha=0.95)

        for fit, (label, colour, style) in OUTLIER_FITS.items():
            right.plot(scene.sweep, scene.sweep_lines[fit][:, 0], color=colour,
                       linestyle=style, linewidth=2.4, label=label.split(" (")[0])
            right.plot([position], [scene.line(fit, position)[0]], "o", color=colour,
                       markersize=9, markeredgecolor="black", zorder=5)
        right.axvline(position, color=OKABE_ITO["vermillion"], linewidth=1.5,
                      linestyle=":", label="this frame")
        slopes = np.concatenate([scene.sweep_lines[fit][:, 0] for fit in OUTLIER_FITS])
        pad = 0.08 * max(np.ptp(slopes), 1e-9)
        right.set(xlabel=f"height of {scene.point_name} ({scene.ylabel.split(' (')[0]})",
                  ylabel=f"slope of the line{(' (' + scene.slope_units + ')') if units else ''}",
                  xlim=(scene.sweep[0] - 0.03 * np.ptp(scene.sweep),
                        scene.sweep[-1] + 0.03 * np.ptp(scene.sweep)),
                  ylim=(slopes.min() - pad, slopes.max() + pad),
                  title="the slope as the point moves")
        right.legend(loc="upper right", fontsize=10, frameon=True, framealpha=0.95)
        mse_slope = scene.line("mse", position)[0]
        mae_slope = scene.line("mae", position)[0]
        fig.suptitle(f"{scene.point_name} at {position:.4g}: MSE slope {mse_slope:.3g}, "
                     f"MAE slope {mae_slope:.3g}", fontsize=14, color="#1a1a1a")
    return fig


def describe_outlier_fit(scene: OutlierScene, position: float) -> str:
    """The alt text of :func:`draw_outlier_fit`'s figure: what it shows, in numbers.

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> scene = outlier_scene(x, 2 * x + 1, index=5, positions=[11.0, 41.0],
    ...                       point_name="day 5")
    >>> print(describe_outlier_fit(scene, 41.0)[:87])
    Two panels. Left: 6 points and two best lines, with day 5 moved from 11 to 41, 30 above
    """
    position = _finite_position(position)
    y = scene.moved(position)
    (w_mse, b_mse), (w_mae, b_mae) = (scene.line(fit, position) for fit in OUTLIER_FITS)
    above = position - (w_mae * scene.x[scene.index] + b_mae)
    where = f"{abs(above):.3g} {'above' if above >= 0 else 'below'} the MAE line"
    units = f" {scene.slope_units}" if scene.slope_units else ""
    mse_range = scene.sweep_lines["mse"][:, 0]
    mae_range = scene.sweep_lines["mae"][:, 0]
    return (
        f"Two panels. Left: {y.size} points and two best lines, with {scene.point_name} "
        f"moved from {scene.y[scene.index]:.4g} to {position:.4g}, {where}. The MSE line "
        f"has slope {w_mse:.3g}{units} and intercept {b_mse:.3g}; the MAE line has slope "
        f"{w_mae:.3g} and intercept {b_mae:.3g}. Right: the slope of each line as "
        f"{scene.point_name} moves from {scene.positions[0]:.4g} to {scene.positions[-1]:.4g}: "
        f"the MSE slope runs steadily from {mse_range[0]:.3g} to {mse_range[-1]:.3g}, "
        f"the MAE slope stays between {mae_range.min():.3g} and {mae_range.max():.3g}, "
        f"and this frame's height is marked."
    )


def outlier_fit_explorer(x, y, *, index: int, positions, xlabel: str = "x",
                         ylabel: str = "y", slope_units: str = "",
                         point_name: str | None = None,
                         description: str = "height of the point", format: str = "{:.4g}",
                         initial: int = 0, dpi: int = 72):
    r"""Drag one point up and down: the MSE line follows it, the MAE line hardly moves.

    Each slider position shows :func:`draw_outlier_fit` with the point ``index`` at
    one of ``positions`` (2 to :data:`lossfns.course.widgets.MAX_FRAMES` heights), with
    :func:`describe_outlier_fit` as its alt text. The frames are drawn in advance by
    :func:`lossfns.course.widgets.frame_slider`, so the slider works in the static HTML page
    too. The other arguments are those of :func:`outlier_scene` and the slider's.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the :class:`OutlierScene` as
        the attribute ``.scene``.

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> box = outlier_fit_explorer(x, 2 * x + 1, index=5, positions=[0.0, 11.0, 41.0],
    ...                            description="height of point 5", dpi=40)
    >>> box.slider.options
    (('0', 0), ('11', 1), ('41', 2))
    >>> [box.scene.line("mae", h)[0] for h in box.values]
    [2.0, 2.0, 2.0]
    """
    from ..widgets import MAX_FRAMES, frame_slider

    positions = _check_positions(positions)
    if len(positions) > MAX_FRAMES:
        raise ValueError(f"positions must hold at most {MAX_FRAMES} heights (one frame "
                         f"each), got {len(positions)}")
    scene = outlier_scene(x, y, index=index, positions=positions, xlabel=xlabel,
                          ylabel=ylabel, slope_units=slope_units, point_name=point_name)
    box = frame_slider(partial(draw_outlier_fit, scene), scene.positions,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_outlier_fit, scene))
    box.scene = scene
    return box
