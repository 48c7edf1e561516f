r"""The constant-guess explorer (chapters 4 and 6): which single number does each loss pick?

Predict the same number :math:`c` for every example and move :math:`c`: the loss of that
constant guess is a curve in :math:`c`, and its lowest point is the statistic the loss
estimates (MSE: the mean, MAE: the median, the pinball loss: a quantile).

* :func:`best_constant` -- the lowest point of one loss, found numerically;
* :func:`constant_guess_scene`, :func:`draw_constant_guess` and
  :func:`describe_constant_guess` -- what one slider position shows, and its alt text;
* :func:`constant_guess_explorer` -- one or several losses side by side, behind one slider.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import numpy as np

from ..plotting import OKABE_ITO, book_style
from ._common import spoken_units

__all__ = [
    "CURVE_POINTS",
    "LOSS_DISPLAY_NAMES",
    "MINIMISER_NAMES",
    "ConstantGuessScene",
    "best_constant",
    "constant_guess_explorer",
    "constant_guess_scene",
    "describe_constant_guess",
    "draw_constant_guess",
]


#: The statistic each built-in regression loss picks as its best constant guess.
MINIMISER_NAMES = MappingProxyType({
    "mse": "the mean", "rmse": "the mean", "mae": "the median",
})

#: How each built-in regression loss is named in figures.
LOSS_DISPLAY_NAMES = MappingProxyType({
    "mse": "MSE", "rmse": "RMSE", "mae": "MAE", "huber": "Huber", "smooth_l1": "Smooth L1",
    "log_cosh": "log-cosh", "quantile_loss": "quantile loss",
})

#: How many guesses the loss curve of each panel is drawn at.
CURVE_POINTS = 401

_LOSS_UNIT_POWER = {"mse": 2, "rmse": 1, "mae": 1, "quantile_loss": 1}
_GUESS_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["reddish_purple"],
                  OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["black"])


def _regression_loss(entry, where: str) -> tuple[str, dict]:
    """``"mse"`` or ``("quantile_loss", {"q": 0.9})`` as (name, keyword arguments)."""
    from ...registry import LOSSES

    if isinstance(entry, str):
        name, kwargs = entry, {}
    elif (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
          and isinstance(entry[1], Mapping)):
        name, kwargs = entry[0], dict(entry[1])
    else:
        raise ValueError(
            f"{where} must be a registered loss name such as 'mse' or a pair "
            f"(name, keyword arguments) such as ('quantile_loss', {{'q': 0.9}}), got "
            f"{entry!r:.80}")
    if name not in LOSSES:
        raise ValueError(f"{where}: {name!r} is not a registered loss; "
                         f"registered: {sorted(LOSSES)}")
    if LOSSES[name].task != "regression":
        regression = sorted(n for n, info in LOSSES.items() if info.task == "regression")
        raise ValueError(
            f"{where}: {name!r} is a {LOSSES[name].task} loss; a constant guess "
            f"for numbers needs a regression loss, one of {regression}")
    return name, kwargs


def _loss_label(name: str, kwargs: Mapping) -> str:
    """``"MSE"``, ``"quantile loss (q = 0.9)"``: the loss as figures name it."""
    label = LOSS_DISPLAY_NAMES.get(name, name)
    if kwargs:
        label += " (" + ", ".join(f"{key} = {value:g}" if isinstance(value, (int, float))
                                  else f"{key} = {value}" for key, value in kwargs.items()) + ")"
    return label


def _minimiser_name(name: str, kwargs: Mapping) -> str | None:
    """The statistic a loss's best constant is, where it has a name."""
    if name == "quantile_loss":
        q = float(kwargs.get("q", 0.5))
        return "the median" if q == 0.5 else f"the {q:g}-quantile"
    return MINIMISER_NAMES.get(name)


def _constant_loss(y: np.ndarray, name: str, kwargs: Mapping, reduction: str):
    """The function c -> loss of predicting c for every entry of ``y``."""
    from ...registry import LOSSES

    value = LOSSES[name].value

    def loss(guess: float) -> float:
        return float(value(y, np.full(y.shape, guess), reduction=reduction, **kwargs))

    return loss


def _lowest_of(loss, low: float, high: float, iterations: int = 200) -> float:
    """Golden-section search: a guess in [low, high] where a convex ``loss`` is lowest."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = low, high
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = loss(c), loss(d)
    for _ in range(iterations):
        if b - a <= 1e-15 * (1.0 + abs(a) + abs(b)):
            break
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = loss(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = loss(d)
    return (a + b) / 2.0


def _edge(loss, inside: float, outside: float, level: float, iterations: int = 200) -> float:
    """Bisection: where the loss crosses ``level`` between ``inside`` (below) and ``outside``."""
    for _ in range(iterations):
        middle = (inside + outside) / 2.0
        if middle in (inside, outside):
            break
        if loss(middle) <= level:
            inside = middle
        else:
            outside = middle
    return inside


def best_constant(y, loss="mse", *, reduction: str = "mean") -> float:
    r"""The constant guess :math:`c` that a regression loss scores lowest on the data ``y``.

    .. math:: c^* = \operatorname*{arg\,min}_c \; L\bigl(y, (c, c, \dots, c)\bigr)

    found numerically, with no knowledge of the loss: a golden-section search on
    :math:`[\min y, \max y]` finds the lowest loss :math:`L^*` (every convex loss has
    its minimiser there), bisection finds the two ends of the guesses whose loss is
    within :math:`10^{-12}(1 + L^*)` of it, and :math:`c^*` is their midpoint. Where
    the lowest loss is a flat stretch (MAE on an even number of values: every guess
    between the two middle values), that is its middle, as :func:`numpy.median`
    reports it.

    Parameters
    ----------
    y : array-like of numbers, shape ``(n,)``
        The data.
    loss : str or (str, dict)
        A regression loss of :data:`lossfns.LOSSES`, e.g. ``"mse"``, or a pair with
        its keyword arguments, e.g. ``("quantile_loss", {"q": 0.9})``.
    reduction : {"mean", "sum"}
        Average or total loss (the same minimiser).

    Returns
    -------
    float

    Examples
    --------
    >>> y = [1.0, 2.0, 3.0, 10.0]
    >>> round(best_constant(y, "mse"), 9), round(best_constant(y, "mae"), 9)   # mean, median
    (4.0, 2.5)
    >>> round(best_constant(y, ("quantile_loss", {"q": 0.9})), 9)   # the top value
    10.0
    """
    from ..._validation import as_float_array, check_reduction

    y = as_float_array(y, "y")
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of numbers (one per example), got shape "
                         f"{y.shape}")
    name, kwargs = _regression_loss(loss, "loss")
    reduction = check_reduction(reduction)
    if reduction == "none":
        raise ValueError("reduction must be 'mean' or 'sum' (one number per guess), got 'none'")
    low, high = float(np.min(y)), float(np.max(y))
    if low == high:
        return low
    curve = _constant_loss(y, name, kwargs, reduction)
    found = _lowest_of(curve, low, high)
    level = curve(found) + 1e-12 * (1.0 + abs(curve(found)))
    left = _edge(curve, found, low, level) if curve(low) > level else low
    right = _edge(curve, found, high, level) if curve(high) > level else high
    return float((left + right) / 2.0)


@dataclass(frozen=True, eq=False)
class ConstantGuessScene:
    r"""What :func:`constant_guess_scene` measured; the explorer's figures draw from it.

    Attributes
    ----------
    y : ndarray, shape ``(n,)``
        The data.
    x : ndarray, shape ``(n,)``
        Where each value is drawn along the data panel's x axis.
    losses : tuple of (str, dict)
        The losses, by registered name, with their keyword arguments.
    labels : tuple of str
        Each loss as the figures name it, e.g. ``"MSE"``.
    guesses : tuple of float
        The constant guesses of the slider, increasing.
    grid : ndarray
        The guesses at which the loss curves are drawn (:data:`CURVE_POINTS` of them).
    curves : tuple of ndarray
        ``curves[k][i]``: loss ``k`` of the guess ``grid[i]``.
    best : tuple of float
        Each loss's best constant guess (:func:`best_constant`).
    lowest : tuple of float
        Each loss at its best guess.
    minimiser_names : tuple of str or None
        ``"the mean"``, ``"the median"``, ...: what each best guess is, where known.
    reduction : str
        ``"mean"`` or ``"sum"``.
    y_label, x_label : str
        The data's axis labels.
    units : str or None
        The units of ``y``, e.g. ``"°C"``.
    """

    y: np.ndarray
    x: np.ndarray
    losses: tuple
    labels: tuple
    guesses: tuple
    grid: np.ndarray
    curves: tuple
    best: tuple
    lowest: tuple
    minimiser_names: tuple
    reduction: str
    y_label: str
    x_label: str
    units: str | None

    def loss_at(self, k: int, guess: float) -> float:
        """Loss number ``k`` (in the order of ``losses``) of the constant guess ``guess``."""
        name, kwargs = self.losses[k]
        return _constant_loss(self.y, name, kwargs, self.reduction)(float(guess))

    def loss_units(self, k: int) -> str | None:
        """The units of loss ``k``: ``"°C²"`` for MSE, ``"°C"`` for MAE, else None.

        Units of several parts are squared in parentheses: ``"(10,000 yuan)²"``.
        """
        power = _LOSS_UNIT_POWER.get(self.losses[k][0])
        if not self.units or power is None:
            return None
        if power == 1:
            return self.units
        # "°C²", "yuan²", but "(10,000 yuan)²": a unit of several parts gets parentheses.
        return f"{self.units}²" if re.fullmatch(r"°?[A-Za-z]+", self.units) \
            else f"({self.units})²"


def _check_guesses(guesses, low: float, high: float) -> tuple:
    if guesses is None:
        return tuple(float(g) for g in np.linspace(low, high, 13))
    try:
        values = np.asarray(guesses, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"guesses must be a sequence of numbers, got {guesses!r:.80}") from None
    if isinstance(guesses, (str, bytes)) or values.ndim != 1 or values.size < 1:
        raise ValueError(f"guesses must be a 1-D sequence of at least one number, got "
                         f"{guesses!r:.80}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"guesses must be finite, got {values}")
    if np.any(np.diff(values) <= 0):
        raise ValueError(f"guesses must increase strictly, got {values}")
    return tuple(float(g) for g in values)


def constant_guess_scene(y, *, losses=("mse",), guesses=None, x=None, reduction="mean",
                         y_label="value", x_label="example", units=None,
                         ) -> ConstantGuessScene:
    r"""Measure, for each loss, how good every constant guess :math:`c` is on the data ``y``.

    For a loss :math:`L` the curve is :math:`c \mapsto L\bigl(y, (c, \dots, c)\bigr)`
    (e.g. for MSE :math:`\frac1n \sum_i (c - y_i)^2`, lowest at the mean), drawn at
    :data:`CURVE_POINTS` guesses spanning the data and the slider's guesses; its
    lowest point is found by :func:`best_constant`.

    Parameters
    ----------
    y : array-like of numbers, shape ``(n,)``
        The data.
    losses : sequence of str or (str, dict)
        One or several regression losses of :data:`lossfns.LOSSES`, e.g. ``("mse",)``,
        ``("mse", "mae")`` or ``("mse", ("quantile_loss", {"q": 0.9}))``.
    guesses : sequence of float, optional
        The slider's guesses, increasing; default 13 evenly spaced from
        :math:`\min y` to :math:`\max y`.
    x : array-like, shape ``(n,)``, optional
        Where each value is drawn in the data panel (e.g. the day); default 1 to n.
    reduction : {"mean", "sum"}
        Average (``"mean"``, e.g. the MSE) or total (``"sum"``) loss.
    y_label, x_label : str
        Axis labels of the data panel, e.g. ``"temperature (°C)"``, ``"day"``.
    units : str, optional
        The units of ``y``, e.g. ``"°C"``: the loss axes show them (squared for MSE).

    Returns
    -------
    ConstantGuessScene

    Examples
    --------
    >>> scene = constant_guess_scene([1.0, 2.0, 3.0, 10.0], losses=("mse", "mae"),
    ...                              guesses=[2.0, 4.0], units="°C")
    >>> scene.labels, [round(c, 9) for c in scene.best], scene.minimiser_names
    (('MSE', 'MAE'), [4.0, 2.5], ('the mean', 'the median'))
    >>> scene.loss_at(0, 4.0), scene.loss_units(0), scene.loss_units(1)   # (9+4+1+36)/4
    (12.5, '°C²', '°C')
    """
    from ..._validation import as_float_array, check_reduction

    y = as_float_array(y, "y")
    if y.ndim != 1 or y.size < 2:
        raise ValueError(f"y must be a 1-D array of at least two numbers (one per example), "
                         f"got shape {y.shape}")
    if isinstance(losses, (str, bytes)) or not isinstance(losses, (tuple, list)) \
            or not 1 <= len(losses) <= len(_GUESS_COLOURS):
        raise ValueError(f"losses must be a tuple of 1 to {len(_GUESS_COLOURS)} loss names "
                         f"such as ('mse', 'mae'), got {losses!r:.80}")
    parsed = tuple(_regression_loss(entry, f"losses[{k}]") for k, entry in enumerate(losses))
    reduction = check_reduction(reduction)
    if reduction == "none":
        raise ValueError("reduction must be 'mean' or 'sum' (one number per guess), got 'none'")
    if x is None:
        x = np.arange(1.0, y.size + 1.0)
    else:
        x = as_float_array(x, "x")
        if x.shape != y.shape:
            raise ValueError(f"x must have one entry per value of y, shape {y.shape}, got "
                             f"shape {x.shape}")
    for argument, text in (("y_label", y_label), ("x_label", x_label)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{argument} must be a non-empty string, got {text!r}")
    if units is not None and (not isinstance(units, str) or not units.strip()):
        raise ValueError(f"units must be a non-empty string or None, got {units!r}")

    low, high = float(np.min(y)), float(np.max(y))
    guesses = _check_guesses(guesses, low, high)
    start, stop = min(low, guesses[0]), max(high, guesses[-1])
    margin = 0.05 * (stop - start) if stop > start else 1.0
    grid = np.linspace(start - margin, stop + margin, CURVE_POINTS)
    curves, best, lowest = [], [], []
    for name, kwargs in parsed:
        curve = _constant_loss(y, name, kwargs, reduction)
        curves.append(np.array([curve(c) for c in grid]))
        best.append(best_constant(y, (name, kwargs), reduction=reduction))
        lowest.append(curve(best[-1]))
    return ConstantGuessScene(
        y=y, x=x, losses=parsed, labels=tuple(_loss_label(n, kw) for n, kw in parsed),
        guesses=guesses, grid=grid, curves=tuple(curves), best=tuple(best),
        lowest=tuple(lowest), minimiser_names=tuple(_minimiser_name(n, kw) for n, kw in parsed),
        reduction=reduction, y_label=y_label, x_label=x_label, units=units)


def _with_units(text: str, units: str | None) -> str:
    """An axis label with units: "MSE (°C²)", but "MSE in (10,000 yuan)²"."""
    if not units:
        return text
    return f"{text} in {units}" if units.startswith("(") else f"{text} ({units})"


def _unit_suffix(units: str | None) -> str:
    """" °C", " yuan²", " (10,000 yuan)²", and " (10,000 yuan)" for units of several parts."""
    if not units:
        return ""
    if units.startswith("(") or re.fullmatch(r"°?[A-Za-z]+²?", units):
        return f" {units}"
    return f" ({units})"


def _number(value: float) -> str:
    """A number as people read it: 311, 0.0123, 11,382 or 1,000,000 (no 1.14e+04)."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def draw_constant_guess(scene: ConstantGuessScene, guess: float):
    r"""The explorer's figure for one constant guess :math:`c`.

    One column per loss, side by side. Top: the data, the guess as a horizontal line
    and each error :math:`c - y_i` as a vertical segment, with the loss's best guess
    dashed. Bottom: the loss against the guess, the current guess marked with a dot
    and the best guess with a star, labelled with its value and what it is
    (``"the mean"``). With a single loss the two panels stand side by side instead.

    Parameters
    ----------
    scene : ConstantGuessScene
        From :func:`constant_guess_scene`.
    guess : float
        The constant guess (any number; usually one of ``scene.guesses``).

    Returns
    -------
    matplotlib.figure.Figure
        Constrained layout; 10 x 4 inches for one loss, 5 inches wide per loss and
        7.6 high for several.

    Examples
    --------
    >>> scene = constant_guess_scene([1.0, 2.0, 3.0, 10.0], losses=("mse", "mae"))
    >>> fig = draw_constant_guess(scene, 3.0)
    >>> [ax.get_title() for ax in fig.get_axes()]
    ['MSE: guess c = 3', 'MAE: guess c = 3', 'MSE of the guess', 'MAE of the guess']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    guess = float(guess)
    if not np.isfinite(guess):
        raise ValueError(f"guess must be a finite number, got {guess}")
    count = len(scene.losses)
    y, x = scene.y, scene.x
    with book_style():
        if count == 1:
            fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.0), layout="constrained")
            columns = [(axes[0], axes[1])]
        else:
            fig, axes = plt.subplots(2, count, figsize=(4.4 * count, 6.8),
                                     layout="constrained")
            columns = [(axes[0, k], axes[1, k]) for k in range(count)]
        span = float(np.max(y) - np.min(y)) or 1.0
        data_low = min(float(np.min(y)), guess, min(scene.best)) - 0.08 * span
        data_high = max(float(np.max(y)), guess, max(scene.best)) + 0.4 * span
        for k, (data, curve) in enumerate(columns):
            colour = _GUESS_COLOURS[k]
            label, best = scene.labels[k], scene.best[k]
            data.vlines(x, np.minimum(y, guess), np.maximum(y, guess), color="#8c8c8c",
                        linewidth=1.5, label="error $c - y_i$")
            data.plot(x, y, "o", color="black", markersize=6, label="data $y_i$", zorder=3)
            data.axhline(guess, color=colour, linewidth=2.5, label="guess c")
            data.axhline(best, color=OKABE_ITO["bluish_green"], linestyle="--",
                         linewidth=1.5, label=f"best c = {_number(best)}")
            data.set(xlabel=scene.x_label, ylabel=scene.y_label, ylim=(data_low, data_high),
                     title=f"{label}: guess c = {_number(guess)}")
            if np.all(x == np.round(x)):
                data.xaxis.set_major_locator(MaxNLocator(integer=True))
            data.legend(loc="upper left", fontsize=10.5, ncols=2)

            units = scene.loss_units(k)
            curve.plot(scene.grid, scene.curves[k], color="black", linewidth=1.8)
            here = scene.loss_at(k, guess)
            curve.axvline(guess, color=colour, linewidth=1.5, alpha=0.6)
            curve.plot([guess], [here], "o", color=colour, markersize=10,
                       markeredgecolor="black", zorder=4,
                       label=f"this guess: {_number(here)}{_unit_suffix(units)}")
            curve.plot([best], [scene.lowest[k]], "*", color=OKABE_ITO["bluish_green"],
                       markersize=17, markeredgecolor="black", zorder=5,
                       label=f"lowest at c = {_number(best)}" + (f" ({scene.minimiser_names[k]})"
                                                            if scene.minimiser_names[k] else ""))
            total = "total" if scene.reduction == "sum" else ""
            curve.set(xlabel=_with_units("constant guess c", scene.units),
                      ylabel=_with_units(f"{total} {label}".strip(), units),
                      xlim=(scene.grid[0], scene.grid[-1]),
                      ylim=(min(0.0, float(np.min(scene.curves[k]))),
                            float(np.max(scene.curves[k])) * 1.3),
                      title=f"{label} of the guess")
            curve.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _number(v)))
            curve.legend(loc="upper center", fontsize=10.5)
    return fig


def describe_constant_guess(scene: ConstantGuessScene, guess: float) -> str:
    """The alt text of :func:`draw_constant_guess`'s figure: what it shows, in numbers.

    Examples
    --------
    >>> scene = constant_guess_scene([1.0, 2.0, 3.0, 10.0], losses=("mse", "mae"),
    ...                              units="°C")
    >>> print(describe_constant_guess(scene, 3.0))   # doctest: +NORMALIZE_WHITESPACE
    A constant guess c = 3 °C for 4 values from 1 to 10 °C. MSE: this guess scores 13.5 °C
    squared; the lowest, 12.5 °C squared, is at c = 4 (the mean), 1 above this guess. MAE:
    this guess scores 2.5 °C; the lowest, 2.5 °C, is at c = 2.5 (the median), 0.5 below
    this guess.
    """
    guess = float(guess)
    if not np.isfinite(guess):
        raise ValueError(f"guess must be a finite number, got {guess}")
    unit = _unit_suffix(scene.units)  # "240 (10,000 yuan)" rather than "240 10,000 yuan"
    parts = [f"A constant guess c = {_number(guess)}{unit} for {scene.y.size} values from "
             f"{_number(np.min(scene.y))} to {_number(np.max(scene.y))}{unit}."]
    for k, label in enumerate(scene.labels):
        spoken = spoken_units(_unit_suffix(scene.loss_units(k)))
        best = scene.best[k]
        gap = best - guess
        where = ("at this guess" if abs(gap) <= 5e-4 * (1 + abs(best)) else
                 f"{_number(abs(gap))} {'above' if gap > 0 else 'below'} this guess")
        what = f" ({scene.minimiser_names[k]})" if scene.minimiser_names[k] else ""
        total = " summed over the values" if scene.reduction == "sum" else ""
        parts.append(f"{label}{total}: this guess scores "
                     f"{_number(scene.loss_at(k, guess))}{spoken}; "
                     f"the lowest, {_number(scene.lowest[k])}{spoken}, is at "
                     f"c = {_number(best)}{what}, {where}.")
    return " ".join(parts)


def constant_guess_explorer(y, *, losses=("mse",), guesses=None, x=None, reduction="mean",
                            y_label="value", x_label="example", units=None,
                            description="constant guess c", format="{:.3g}",
                            initial=None, dpi: int = 70):
    r"""A slider over one constant guess :math:`c` for all of ``y``, scored by each loss.

    Each position shows :func:`draw_constant_guess` (for every loss, side by side: the
    data with the guess line, and the loss against the guess with the current guess
    and the lowest point marked), with :func:`describe_constant_guess` as its alt
    text; the frames are drawn in advance by :func:`lossfns.course.widgets.frame_slider`, so
    the slider also works in the static HTML page. The arguments are those of
    :func:`constant_guess_scene` (``guesses``: 2 to :data:`lossfns.course.widgets.MAX_FRAMES`),
    plus the slider's ``description``, ``format``, ``initial`` position (default: the
    middle) and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the
        :class:`ConstantGuessScene` as the attribute ``.scene``.

    Examples
    --------
    >>> box = constant_guess_explorer([1.0, 2.0, 3.0, 10.0], losses=("mse", "mae"),
    ...                               guesses=[2.0, 3.0, 4.0], dpi=30)
    >>> box.slider.description, box.slider.options
    ('constant guess c', (('2', 0), ('3', 1), ('4', 2)))
    >>> box.slider.index, [round(c, 9) for c in box.scene.best]
    (1, [4.0, 2.5])
    """
    from ..widgets import MAX_FRAMES, frame_slider

    scene = constant_guess_scene(y, losses=losses, guesses=guesses, x=x, reduction=reduction,
                                 y_label=y_label, x_label=x_label, units=units)
    if not 2 <= len(scene.guesses) <= MAX_FRAMES:
        raise ValueError(f"guesses must hold 2 to {MAX_FRAMES} guesses (each becomes an "
                         f"embedded image), got {len(scene.guesses)}")
    if initial is None:
        initial = len(scene.guesses) // 2
    box = frame_slider(partial(draw_constant_guess, scene), scene.guesses,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_constant_guess, scene))
    box.scene = scene
    return box
