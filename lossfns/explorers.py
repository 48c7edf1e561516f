r"""Explorers: sliders that show how training behaves as one setting changes.

An explorer runs the training once per slider position, draws every position in
advance and hands the figures to :func:`lossfns.widgets.frame_slider`, so that it
works in a live notebook and in the static HTML book alike. It is built from small
functions that can be tested and reused on their own:

* :func:`descent_regime` -- pure NumPy: does a run of gradient descent crawl,
  converge, oscillate or diverge?
* :func:`learning_rate_scene` -- runs gradient descent on a model with two
  scalar parameters (a line) at several learning rates and measures what the
  figures need: the loss surface, its lowest point, the Hessian's curvatures and
  the limit :math:`\eta_{\max} = 2 / \lambda_{\max}`;
* :func:`draw_learning_rate_run` and :func:`describe_learning_rate_run` -- the
  figure of one run and its alt text;
* :func:`learning_rate_explorer` -- all of the above behind one slider;
* :func:`best_constant`, :func:`constant_guess_scene`, :func:`draw_constant_guess`,
  :func:`describe_constant_guess` and :func:`constant_guess_explorer` -- one constant
  guess for all the data, scored by one or several regression losses side by side:
  the lowest point of each loss is the statistic it estimates (MSE: the mean, MAE:
  the median).

Needs matplotlib and ipywidgets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import numpy as np

from . import _training_checks as checks
from .plotting import OKABE_ITO, book_style
from .training import (
    History,
    flatten_params,
    gradient_descent,
    hessian,
    loss_and_grad,
    loss_surface,
    unflatten_params,
)

__all__ = [
    "CURVE_POINTS",
    "LOSS_DISPLAY_NAMES",
    "MINIMISER_NAMES",
    "REGIMES",
    "REGIME_COLOURS",
    "ConstantGuessScene",
    "LearningRateScene",
    "best_constant",
    "constant_guess_explorer",
    "constant_guess_scene",
    "descent_regime",
    "describe_constant_guess",
    "describe_learning_rate_run",
    "draw_constant_guess",
    "draw_learning_rate_run",
    "learning_rate_explorer",
    "learning_rate_scene",
]

#: The four behaviours of gradient descent, from the smallest learning rate up.
REGIMES = ("too small: crawls", "good: converges", "too large: oscillates",
           "far too large: diverges")

#: The colour of each regime in the explorer's figures (Okabe-Ito).
REGIME_COLOURS = MappingProxyType(dict(zip(
    REGIMES,
    (OKABE_ITO["sky_blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"],
     OKABE_ITO["vermillion"]),
)))

#: How many learning rates the regime bands of the bottom panel are measured at.
BAND_POINTS = 160

#: Which of the contour levels carry a label, as fractions of the level index range
#: (levels 1, 4, 6 and 8 of 10: the inner, crowded contours get fewer labels).
_LABELLED_LEVELS = (1 / 9, 4 / 9, 6 / 9, 8 / 9)


# ---------------------------------------------------------------------------
# The regime of one run (pure NumPy)
# ---------------------------------------------------------------------------

def _path_vectors(history: History, names=None) -> np.ndarray:
    """The path of a run as an array of rows, one per point, each all parameters."""
    names = list(history.path) if names is None else list(names)
    points = len(history.train_loss)
    return np.column_stack([np.reshape(history.path[name], (points, -1)) for name in names])


def _as_vector(value, name: str, size: int) -> np.ndarray:
    """A dict of parameters (flattened in key order) or a vector, as a vector of ``size``."""
    if isinstance(value, Mapping):
        vector = flatten_params(value)
    else:
        vector = np.asarray(value, dtype=np.float64)
    if vector.shape != (size,):
        raise ValueError(f"{name} must have one entry per parameter entry ({size}), got "
                         f"shape {vector.shape}")
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"{name} must be finite, got {vector}")
    return vector


def descent_regime(history: History, minimum, steep_direction, *,
                   tolerance: float = 0.01) -> str:
    r"""Which of the four regimes a run of gradient descent is in: one of :data:`REGIMES`.

    With :math:`\theta_0, \dots, \theta_T` the run's path, :math:`\theta^*` the lowest
    point and :math:`u` the steep direction (the eigenvector of the Hessian with the
    largest eigenvalue), the share of the distance left after the run is

    .. math:: r = \frac{\lVert \theta_T - \theta^* \rVert}{\lVert \theta_0 - \theta^* \rVert}

    and the run

    * **diverges** if it overflowed (``history.diverged_at`` is set) or :math:`r > 1`;
    * **converges** (good) if :math:`r <` ``tolerance``;
    * **oscillates** if its last two points lie on opposite sides of the valley,
      :math:`\bigl((\theta_{T-1} - \theta^*) \cdot u\bigr)
      \bigl((\theta_T - \theta^*) \cdot u\bigr) < 0`;
    * **crawls** otherwise.

    Parameters
    ----------
    history : History
        A run of :func:`~lossfns.training.gradient_descent`.
    minimum : dict or array-like
        :math:`\theta^*`: a dict like ``history.params``, or the vector
        :func:`~lossfns.training.flatten_params` makes of one (in the order of
        ``history.path``).
    steep_direction : array-like, shape ``(p,)``
        :math:`u`, in the same order; its sign and length do not matter.
    tolerance : float
        The share of the distance below which a run counts as converged.

    Returns
    -------
    str

    Examples
    --------
    >>> from lossfns.training import LinearModel, gradient_descent
    >>> X, y = [[-2.0], [2.0]], [0.0, 4.0]   # lowest at w = 1, b = 2; H = diag(8, 2)
    >>> def run(rate):
    ...     return gradient_descent(LinearModel(1), X, y, learning_rate=rate, steps=25,
    ...                             on_divergence="stop")
    >>> [descent_regime(run(rate), [1.0, 2.0], [1.0, 0.0])    # eta_max = 2/8
    ...  for rate in (0.01, 0.2, 0.24, 0.3)]
    ['too small: crawls', 'good: converges', 'too large: oscillates', 'far too large: diverges']
    """
    if not isinstance(history, History):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"history must be a History from gradient_descent, got {type(history).__name__}"
        )
    tolerance = checks.check_positive(tolerance, "tolerance")
    path = _path_vectors(history)
    size = path.shape[1]
    minimum = _as_vector(minimum, "minimum", size)
    steep = _as_vector(steep_direction, "steep_direction", size)
    if not np.any(steep):
        raise ValueError("steep_direction must not be the zero vector")
    start_distance = np.linalg.norm(path[0] - minimum)
    if start_distance == 0:
        raise ValueError("minimum: the run starts at the minimum, so it has no distance to "
                         "cover; start gradient descent somewhere else")
    left = np.linalg.norm(path[-1] - minimum) / start_distance
    if history.diverged_at is not None or left > 1:
        return REGIMES[3]
    if left < tolerance:
        return REGIMES[1]
    across = (path[-2:] - minimum) @ steep  # the last two points, across the valley
    if across[0] * across[1] < 0:
        return REGIMES[2]
    return REGIMES[0]


# ---------------------------------------------------------------------------
# Everything the learning-rate explorer draws, computed once
# ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class LearningRateScene:
    """What :func:`learning_rate_scene` measured; the explorer's figures draw from it.

    Vectors list the two parameters in the order of ``names`` (the order of ``grid``).

    Attributes
    ----------
    names : tuple of two str
    rates : tuple of float
        The learning rates of the runs, increasing.
    runs : dict of float to History
        The run of ``steps`` steps at each rate.
    steps : int
    start, minimum : ndarray, shape ``(2,)``
        The first guess and the lowest point of the objective.
    lowest : float
        The objective at ``minimum``.
    curvatures : ndarray, shape ``(2,)``
        The eigenvalues of the Hessian at ``minimum``, increasing.
    steep_direction : ndarray, shape ``(2,)``
        The eigenvector of the largest curvature.
    eta_max : float
        :math:`2 / \\lambda_{\\max}`, the largest stable learning rate.
    grid : tuple of two ndarrays
        The values of the contour map's axes.
    surface : ndarray
        ``surface[i, j]``: the objective at ``(grid[0][i], grid[1][j])``.
    levels : ndarray
        The objective's values drawn as contours, increasing.
    band_rates : ndarray
        Learning rates from below the smallest to above the largest rate, where
        :func:`descent_regime` was measured for the bottom panel's bands ...
    band_regimes : tuple of str
        ... and what it found.
    labels : dict of str to str
        The axis label of each parameter.
    loss_units : str or None
        The units of the loss, e.g. ``"points²"``.
    loss_ylim : (float, float)
        The range of the loss panel (loss above its lowest value, log scale).
    """

    names: tuple
    rates: tuple
    runs: dict
    steps: int
    start: np.ndarray
    minimum: np.ndarray
    lowest: float
    curvatures: np.ndarray
    steep_direction: np.ndarray
    eta_max: float
    grid: tuple
    surface: np.ndarray
    levels: np.ndarray
    band_rates: np.ndarray
    band_regimes: tuple
    labels: dict
    loss_units: str | None
    loss_ylim: tuple
    run_at: Callable[[float], History]

    def regime(self, rate: float) -> str:
        """:func:`descent_regime` of the run at ``rate``."""
        return descent_regime(self.run(rate), self.minimum, self.steep_direction)

    def run(self, rate: float) -> History:
        """The run at ``rate``: precomputed for one of ``rates``, else run now."""
        if rate in self.runs:
            return self.runs[rate]
        return self.run_at(checks.check_positive(rate, "rate"))


def _two_scalar_params(params, grid) -> dict[str, np.ndarray]:
    """``params`` in the order of ``grid``, checked to be exactly two single numbers."""
    if not isinstance(params, Mapping):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"params must be a dict of the model's parameters, got {type(params).__name__}"
        )
    sizes = {name: int(np.size(value)) for name, value in params.items()}
    if len(sizes) != 2 or any(size != 1 for size in sizes.values()):
        listed = ", ".join(f"{name} ({size} entries)" for name, size in sizes.items())
        raise ValueError(
            f"model must have exactly two scalar parameters, like LinearModel(n_features=1) "
            f"(a line); its params have {sum(sizes.values())} entries: {listed}"
        )
    if not isinstance(grid, Mapping) or set(grid) != set(params):
        raise ValueError(
            f"grid must map both parameter names {list(params)} to 1-D arrays of values, "
            f"got {grid!r:.80}"
        )
    return {name: np.array(params[name], dtype=np.float64) for name in grid}


def _check_rates(rates, minimum: int = 1, maximum: int | None = None) -> tuple:
    if isinstance(rates, (str, bytes, Mapping)):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"rates must be a sequence of learning rates, got {rates!r:.80}")
    try:
        values = np.asarray(rates, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"rates must be a sequence of learning rates (numbers), got {rates!r:.80}"
        ) from None
    if values.ndim != 1 or not minimum <= values.size <= (maximum or values.size):
        most = "" if maximum is None else f" and at most {maximum}"
        raise ValueError(f"rates must be a 1-D sequence of at least {minimum}{most} learning "
                         f"rates, got shape {values.shape}")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError(f"rates must be finite learning rates > 0, got {values}")
    if np.any(np.diff(values) <= 0):
        raise ValueError(f"rates must increase strictly, got {values}")
    return tuple(float(rate) for rate in values)


def _newton_minimum(model, params, X, y, objective, iterations: int = 20) -> np.ndarray:
    """The lowest point by Newton's method from ``params`` (one step for a quadratic)."""
    names = list(params)
    theta = flatten_params(params)
    for _ in range(iterations):
        point = unflatten_params(theta, params)
        _, grads = loss_and_grad(model, point, X, y, **objective)
        H = hessian(model, point, X, y, **objective)
        if np.linalg.eigvalsh(H)[0] <= 0:
            raise ValueError(
                "minimum: the objective is not curved upwards in every direction at params "
                "(its Hessian is not positive definite), so its lowest point cannot be "
                "found by Newton's method; pass minimum={...} yourself"
            )
        step = np.linalg.solve(H, flatten_params({n: grads[n] for n in names}))
        theta = theta - step
        if np.linalg.norm(step) <= 1e-12 * (1.0 + np.linalg.norm(theta)):
            return theta
    raise ValueError(f"minimum: Newton's method did not settle in {iterations} steps; "
                     f"pass minimum={{...}} yourself")


def _default_levels(surface: np.ndarray, lowest: float) -> np.ndarray:
    """Ten contour levels, spaced geometrically above the lowest point."""
    finite = surface[np.isfinite(surface)]
    top = float(np.max(finite)) if finite.size else lowest + 1.0
    height = max(top - lowest, 1e-12)
    return lowest + height * np.geomspace(3e-3, 0.9, 10)


def learning_rate_scene(model, X, y, *, params, rates, grid, steps: int = 25,
                        minimum=None, levels=None, labels=None, loss_units=None,
                        loss_ylim=(1e-6, 1e6), loss=None, l2=0.0, sample_weight=None,
                        loss_kwargs=None) -> LearningRateScene:
    r"""Run gradient descent at each learning rate and measure what the explorer draws.

    Every run starts at ``params`` and takes ``steps`` steps (a run that overflows
    stops early, ``on_divergence="stop"``). The limit is

    .. math:: \eta_{\max} = \frac{2}{\lambda_{\max}}, \qquad
              \lambda_{\max} = \text{the largest eigenvalue of the Hessian at the minimum,}

    from :func:`~lossfns.training.hessian`; along an eigenvector of curvature
    :math:`\lambda`, one step keeps the share :math:`|1 - \eta \lambda|` of the error.

    Parameters
    ----------
    model, X, y, loss, l2, sample_weight, loss_kwargs
        As in :func:`~lossfns.training.loss_and_grad`. The model must have exactly
        two parameters, each a single number (a line).
    params : dict
        The first guess.
    rates : sequence of float
        The learning rates, > 0 and increasing.
    grid : dict
        The contour map's axes, as in :func:`~lossfns.training.loss_surface`; its
        first key is drawn along x.
    steps : int
        Steps per run.
    minimum : dict, optional
        The lowest point of the objective; by default found by Newton's method
        (exact in one step for a quadratic objective such as the MSE of a line).
    levels : array-like, optional
        The contour levels (values of the objective); default: ten levels spaced
        geometrically above the lowest value.
    labels : dict, optional
        The axis label of each parameter, e.g. ``{"w": "slope $w$"}``; default its name.
    loss_units : str, optional
        Shown in the loss panel's axis label, e.g. ``"points²"``.
    loss_ylim : (float, float)
        The range of the loss panel.

    Returns
    -------
    LearningRateScene

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> scene = learning_rate_scene(
    ...     LinearModel(1), [[-2.0], [2.0]], [0.0, 4.0],
    ...     params={"w": np.array([0.0]), "b": np.array(0.0)}, rates=[0.01, 0.2],
    ...     grid={"w": np.linspace(-1, 3, 5), "b": np.linspace(0, 4, 5)})
    >>> scene.curvatures.round(6), round(scene.eta_max, 6), scene.minimum.round(6)
    (array([2., 8.]), 0.25, array([1., 2.]))
    >>> scene.regime(0.01), scene.regime(0.2)
    ('too small: crawls', 'good: converges')
    """
    ordered = _two_scalar_params(params, grid)
    rates = _check_rates(rates)
    steps = checks.check_count(steps, "steps")
    objective = {"loss": loss, "l2": l2, "sample_weight": sample_weight,
                 "loss_kwargs": loss_kwargs}
    names = tuple(ordered)
    surface = loss_surface(model, ordered, X, y, grid=dict(grid), **objective)
    grid_values = tuple(np.asarray(grid[name], dtype=np.float64) for name in names)

    if minimum is None:
        lowest_point = _newton_minimum(model, ordered, X, y, objective)
    else:
        if isinstance(minimum, Mapping):
            if set(minimum) != set(names):
                raise ValueError(f"minimum must have the keys {list(names)}, got "
                                 f"{list(minimum)}")
            minimum = {name: minimum[name] for name in names}  # in the order of grid
        lowest_point = _as_vector(minimum, "minimum", 2)
    at_minimum = {name: np.full(ordered[name].shape, value)
                  for name, value in zip(names, lowest_point)}
    lowest, _ = loss_and_grad(model, at_minimum, X, y, **objective)
    curvatures, directions = np.linalg.eigh(hessian(model, at_minimum, X, y, **objective))
    if curvatures[-1] <= 0:
        raise ValueError("minimum: the objective has no positive curvature there, so no "
                         "learning rate limit 2/lambda_max exists")
    steep = directions[:, -1]

    def run_at(rate):
        return gradient_descent(model, X, y, learning_rate=rate, steps=steps,
                                params=ordered, on_divergence="stop", **objective)

    def regime_at(rate):
        return descent_regime(run_at(rate), lowest_point, steep)

    band_rates = np.geomspace(rates[0] / 1.2, rates[-1] * 1.2, BAND_POINTS)
    if levels is None:
        levels = _default_levels(surface, lowest)
    levels = np.asarray(levels, dtype=np.float64)
    if levels.ndim != 1 or levels.size < 2 or np.any(np.diff(levels) <= 0):
        raise ValueError(f"levels must be an increasing 1-D array of at least two contour "
                         f"values, got {levels}")
    labels = {name: name for name in names} | dict(labels or {})
    return LearningRateScene(
        names=names, rates=rates, runs={rate: run_at(rate) for rate in rates}, steps=steps,
        start=flatten_params(ordered), minimum=lowest_point, lowest=float(lowest),
        curvatures=curvatures, steep_direction=steep, eta_max=float(2.0 / curvatures[-1]),
        grid=grid_values, surface=surface, levels=levels, band_rates=band_rates,
        band_regimes=tuple(regime_at(rate) for rate in band_rates), labels=labels,
        loss_units=loss_units, loss_ylim=tuple(loss_ylim), run_at=run_at,
    )


# ---------------------------------------------------------------------------
# The figure of one run, and its alt text
# ---------------------------------------------------------------------------

def _contour_format(labelled: np.ndarray) -> str:
    """One decimal where that shows every label, else three significant digits."""
    if np.all(labelled >= 0.1) and np.all(labelled < 1000):
        return "%.1f"
    return "%.3g"


def _draw_contour_map(ax, scene: LearningRateScene) -> None:
    """The contour map of the objective, its lowest point marked with a star."""
    u, v = scene.grid
    lines = ax.contour(u, v, scene.surface.T, levels=scene.levels, colors="#8c8c8c",
                       linewidths=1.0)
    last = scene.levels.size - 1
    labelled = scene.levels[sorted({round(f * last) for f in _LABELLED_LEVELS})]
    ax.clabel(lines, labelled, fmt=_contour_format(labelled), fontsize=10)
    ax.plot([scene.minimum[0]], [scene.minimum[1]], "*", color=OKABE_ITO["bluish_green"],
            markersize=16, markeredgecolor="black", zorder=3, label="lowest loss")
    ax.set(xlabel=scene.labels[scene.names[0]], ylabel=scene.labels[scene.names[1]],
           xlim=(u[0], u[-1]), ylim=(v[0], v[-1]))
    spans = (u[-1] - u[0], v[-1] - v[0])
    if max(spans) <= 4 * min(spans):  # comparable units: keep the ellipses' true shape
        ax.set_aspect("equal")
    ax.grid(False)


def _regime_bands(scene: LearningRateScene) -> dict[str, tuple[float, float]]:
    """The lowest and highest band rate of each regime found."""
    rates = scene.band_rates
    bands = {}
    for name in REGIMES:
        inside = rates[[found == name for found in scene.band_regimes]]
        if inside.size:
            bands[name] = (inside[0], inside[-1])
    return bands


def _draw_rate_map(ax, scene: LearningRateScene, rate: float) -> None:
    """The error kept per step along both eigen-directions, over the regime bands."""
    rates = scene.band_rates
    edges = np.concatenate([[rates[0]], np.sqrt(rates[1:] * rates[:-1]), [rates[-1]]])
    for k, name in enumerate(scene.band_regimes):
        ax.axvspan(edges[k], edges[k + 1], linewidth=0, color=REGIME_COLOURS[name],
                   alpha=0.25)
    for name, (low, high) in _regime_bands(scene).items():
        behaviour = name.split(": ")[1]
        if high / low < 1.3:  # too narrow for its name: write it beside
            ax.text(low / 1.01, 1.3, behaviour + " \u2192", ha="right", va="center",
                    fontsize=10.5)
        else:
            ax.text(np.sqrt(low * high), 1.75, behaviour, ha="center", va="center",
                    fontsize=10.5)
    flat, steep = scene.curvatures[0], scene.curvatures[-1]
    ax.plot(rates, np.abs(1 - rates * flat), color=OKABE_ITO["blue"], label="flat direction")
    ax.plot(rates, np.abs(1 - rates * steep), color=OKABE_ITO["vermillion"],
            label="steep direction")
    ax.axhline(1.0, color="black", linestyle="--", linewidth=1.2, label="error kept = 1")
    ax.axvline(scene.eta_max, color="black", linewidth=1.2,
               label=f"$\\eta_{{\\max}} = 2/\\lambda_{{\\max}}$ = {scene.eta_max:.3g}")
    ax.axvline(rate, color=OKABE_ITO["reddish_purple"], linewidth=3,
               label=f"this run, $\\eta$ = {rate:.3g}")
    ax.set(xscale="log", xlim=(rates[0], rates[-1]), ylim=(0, 2),
           xlabel="learning rate $\\eta$ (log scale)", ylabel="error kept\nper step")
    ax.grid(False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=10.5)


def draw_learning_rate_run(scene: LearningRateScene, rate: float):
    r"""The explorer's figure for one learning rate.

    Three panels, in the book's style: top left, the path of the run on the contour
    map of the objective; top right, the objective above its lowest value, step by
    step (log scale); bottom, the share of the error one step keeps along the flat
    and the steep direction, :math:`|1 - \eta\lambda_{\min}|` and
    :math:`|1 - \eta\lambda_{\max}|`, against the learning rate, over bands coloured
    by :func:`descent_regime`, with :math:`\eta_{\max}` and this run's rate marked.
    The title names the rate, its ratio to :math:`\eta_{\max}` and the regime.

    Parameters
    ----------
    scene : LearningRateScene
        From :func:`learning_rate_scene`.
    rate : float
        One of ``scene.rates`` (other rates are run on the spot).

    Returns
    -------
    matplotlib.figure.Figure
        10 x 6.6 inches, constrained layout.

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> scene = learning_rate_scene(
    ...     LinearModel(1), [[-2.0], [2.0]], [0.0, 4.0],
    ...     params={"w": np.array([0.0]), "b": np.array(0.0)}, rates=[0.05, 0.2],
    ...     grid={"w": np.linspace(-1, 3, 21), "b": np.linspace(0, 4, 21)})
    >>> fig = draw_learning_rate_run(scene, 0.2)
    >>> fig.get_suptitle()
    'learning rate $\\eta$ = 0.2 = 0.8 $\\eta_{\\max}$  →  good: converges'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    rate = checks.check_positive(rate, "rate")
    run = scene.run(rate)
    name = descent_regime(run, scene.minimum, scene.steep_direction)
    with book_style():
        fig = plt.figure(figsize=(10.0, 6.6), layout="constrained")
        top, bottom = fig.subfigures(2, 1, height_ratios=[3.2, 1.6])
        valley, curve = top.subplots(1, 2, width_ratios=[1, 1.15])
        marks = {"markersize": 5, "markerfacecolor": REGIME_COLOURS[name],
                 "markeredgecolor": "black", "markeredgewidth": 0.6}

        _draw_contour_map(valley, scene)
        path = _path_vectors(run, scene.names)
        valley.plot(path[:, 0], path[:, 1], "o-", color="black", linewidth=1.3, zorder=5,
                    **marks)
        valley.plot(*scene.start, "s", color="black", markersize=8)
        valley.set_title("the path on the loss surface")
        (u0, u1), (v0, v1) = ((g[0], g[-1]) for g in scene.grid)
        outside = ((path[:, 0] < u0) | (path[:, 0] > u1) | (path[:, 1] < v0)
                   | (path[:, 1] > v1))
        if np.any(outside):
            valley.text(0.03, 0.03, "the path leaves the map", fontsize=11,
                        transform=valley.transAxes, zorder=6, color=OKABE_ITO["vermillion"],
                        bbox={"facecolor": "white", "edgecolor": OKABE_ITO["vermillion"]})

        excess = np.maximum(run.train_loss - scene.lowest, 1e-12)
        curve.semilogy(np.arange(len(excess)), excess, "o-", color="black", linewidth=1.3,
                       **marks)
        units = "log scale" if not scene.loss_units else f"{scene.loss_units}, log scale"
        curve.set(xlim=(0, scene.steps), ylim=scene.loss_ylim, xlabel="step",
                  ylabel=f"loss above its lowest value\n({units})",
                  title="the loss, step by step")
        fig.suptitle(f"learning rate $\\eta$ = {rate:.3g} = "
                     f"{rate / scene.eta_max:.3g} $\\eta_{{\\max}}$  \u2192  {name}",
                     fontsize=14, color="#1a1a1a")
        _draw_rate_map(bottom.subplots(), scene, rate)
    return fig


def _spoken(units: str) -> str:
    """Units as a screen reader should say them: "points²" -> "points squared"."""
    return units.replace("²", " squared").replace("³", " cubed")


def describe_learning_rate_run(scene: LearningRateScene, rate: float) -> str:
    """The alt text of :func:`draw_learning_rate_run`'s figure: what it shows, in numbers.

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> scene = learning_rate_scene(
    ...     LinearModel(1), [[-2.0], [2.0]], [0.0, 4.0],
    ...     params={"w": np.array([0.0]), "b": np.array(0.0)}, rates=[0.05, 0.2],
    ...     grid={"w": np.linspace(-1, 3, 21), "b": np.linspace(0, 4, 21)})
    >>> print(describe_learning_rate_run(scene, 0.2)[:94])
    Learning rate 0.2, which is 0.8 times the largest stable rate 0.25: good: converges. Top left:
    """
    rate = checks.check_positive(rate, "rate")
    run = scene.run(rate)
    first, last = run.train_loss[[0, -1]] - scene.lowest
    start = ", ".join(f"{name} = {value:g}" for name, value in zip(scene.names, scene.start))
    units = f" {_spoken(scene.loss_units)}" if scene.loss_units else ""
    stopped = ("" if run.diverged_at is None else
               f" The numbers overflowed at step {run.diverged_at}, and the run stopped.")
    return (f"Learning rate {rate:.3g}, which is {rate / scene.eta_max:.3g} times "
            f"the largest stable rate {scene.eta_max:.3g}: "
            f"{descent_regime(run, scene.minimum, scene.steep_direction)}. Top left: "
            f"the path of {run.steps} steps on the contour map of the loss, from the "
            f"first guess {start}. Top right: the loss above its lowest "
            f"value goes from {first:.3g} to {max(last, 0):.3g}{units} "
            f"in {run.steps} steps.{stopped} Bottom: the error kept per step along the flat "
            "and the steep direction against the learning rate, with the current "
            "rate marked and the limit 2 over lambda max drawn as a vertical line.")


# ---------------------------------------------------------------------------
# The explorer
# ---------------------------------------------------------------------------

def learning_rate_explorer(model, X, y, *, params, rates, grid, steps: int = 25,
                           minimum=None, levels=None, labels=None, loss_units=None,
                           loss_ylim=(1e-6, 1e6), loss=None, l2=0.0, sample_weight=None,
                           loss_kwargs=None, description: str = "learning rate η",
                           format: str = "{:.3g}", initial: int = 0, dpi: int = 72):
    r"""A slider over learning rates: gradient descent on a line, drawn for each rate.

    Each position shows :func:`draw_learning_rate_run` for one of ``rates``, with
    :func:`describe_learning_rate_run` as its alt text; the frames are drawn in
    advance by :func:`lossfns.widgets.frame_slider`, so the slider also works in the
    static HTML page. The arguments are those of :func:`learning_rate_scene`
    (``rates``: 2 to :data:`lossfns.widgets.MAX_FRAMES` increasing rates), plus
    the slider's ``description``, ``format``, ``initial`` position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.widgets.frame_slider`, with the
        :class:`LearningRateScene` as the attribute ``.scene``.

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> box = learning_rate_explorer(
    ...     LinearModel(1), [[-2.0], [2.0]], [0.0, 4.0],
    ...     params={"w": np.array([0.0]), "b": np.array(0.0)}, rates=[0.05, 0.2, 0.3],
    ...     grid={"w": np.linspace(-1, 3, 21), "b": np.linspace(0, 4, 21)}, dpi=40)
    >>> box.slider.description, box.slider.options
    ('learning rate η', (('0.05', 0), ('0.2', 1), ('0.3', 2)))
    >>> [box.scene.regime(rate) for rate in box.values]
    ['too small: crawls', 'good: converges', 'far too large: diverges']
    """
    from .widgets import MAX_FRAMES, frame_slider

    rates = _check_rates(rates, minimum=2, maximum=MAX_FRAMES)
    scene = learning_rate_scene(
        model, X, y, params=params, rates=rates, grid=grid, steps=steps, minimum=minimum,
        levels=levels, labels=labels, loss_units=loss_units, loss_ylim=loss_ylim, loss=loss,
        l2=l2, sample_weight=sample_weight, loss_kwargs=loss_kwargs)
    box = frame_slider(partial(draw_learning_rate_run, scene), scene.rates,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_learning_rate_run, scene))
    box.scene = scene
    return box



# ---------------------------------------------------------------------------
# The constant-guess explorer: which single number does each loss pick?
# ---------------------------------------------------------------------------
#
# Predict the same number c for every example and move c: the loss of that
# constant guess is a curve in c, and its lowest point is the statistic the loss
# estimates (MSE: the mean, MAE: the median, the pinball loss: a quantile).

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
    from .registry import LOSSES

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
    from .registry import LOSSES

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
    from ._validation import as_float_array, check_reduction

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
    from ._validation import as_float_array, check_reduction

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
            fig, axes = plt.subplots(2, count, figsize=(5.0 * count, 7.6),
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
            data.legend(loc="upper left", fontsize=9.5, ncols=2)

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
            curve.legend(loc="upper center", fontsize=9.5)
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
        spoken = _spoken(_unit_suffix(scene.loss_units(k)))
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
    text; the frames are drawn in advance by :func:`lossfns.widgets.frame_slider`, so
    the slider also works in the static HTML page. The arguments are those of
    :func:`constant_guess_scene` (``guesses``: 2 to :data:`lossfns.widgets.MAX_FRAMES`),
    plus the slider's ``description``, ``format``, ``initial`` position (default: the
    middle) and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.widgets.frame_slider`, with the
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
    from .widgets import MAX_FRAMES, frame_slider

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


# ---------------------------------------------------------------------------
# Chapter 6: drag one point, and watch the MSE line and the MAE line
# ---------------------------------------------------------------------------

__all__ += ["OUTLIER_FITS", "OUTLIER_SWEEP_POINTS", "OutlierScene", "describe_outlier_fit",
            "draw_outlier_fit", "outlier_fit_explorer", "outlier_scene"]

#: How many heights of the dragged point the slope panel of the outlier explorer is
#: drawn from (the slider itself has at most lossfns.widgets.MAX_FRAMES positions).
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
    from .fitting import least_absolute_deviations_line, least_squares_line

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

    computed exactly by :func:`lossfns.fitting.least_squares_line` and
    :func:`lossfns.fitting.least_absolute_deviations_line`, at the slider's
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
    from .fitting import _line_data

    x, y = _line_data(x, y)
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
    one of ``positions`` (2 to :data:`lossfns.widgets.MAX_FRAMES` heights), with
    :func:`describe_outlier_fit` as its alt text. The frames are drawn in advance by
    :func:`lossfns.widgets.frame_slider`, so the slider works in the static HTML page
    too. The other arguments are those of :func:`outlier_scene` and the slider's.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.widgets.frame_slider`, with the :class:`OutlierScene` as
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
    from .widgets import MAX_FRAMES, frame_slider

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



# ---------------------------------------------------------------------------
# Cross-entropy of one prediction: probabilities, loss and gradient (chapter 5)
# ---------------------------------------------------------------------------

__all__ += [  # this section's public names, kept here so that chapters merge cleanly
    "CrossEntropyPrediction",
    "cross_entropy_explorer",
    "cross_entropy_prediction",
    "describe_cross_entropy_prediction",
    "draw_cross_entropy_prediction",
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
    from .classification import cross_entropy, cross_entropy_grad

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
    in advance by :func:`lossfns.widgets.frame_slider`, so the slider also works in
    the static HTML page.

    Parameters
    ----------
    values : sequence of 2 to :data:`lossfns.widgets.MAX_FRAMES` increasing probabilities in (0, 1)
    classes, true_class, rest
        As in :func:`cross_entropy_prediction`.
    description : str, optional
        The slider's label; default ``"p(<true class>)"``.
    initial, dpi
        As in :func:`~lossfns.widgets.frame_slider`.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.widgets.frame_slider`, with the predictions (one per
        value) as the attribute ``.predictions``.

    Examples
    --------
    >>> box = cross_entropy_explorer([0.3, 0.8], dpi=40)
    >>> box.slider.description, box.slider.options
    ('p(cat)', (('0.30', 0), ('0.80', 1)))
    >>> [round(p.loss, 3) for p in box.predictions]
    [1.204, 0.223]
    """
    from .widgets import MAX_FRAMES, frame_slider

    classes = _check_classes(classes, true_class)
    try:
        points = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        points = np.array([np.nan])
    if points.ndim != 1 or not 2 <= points.size <= MAX_FRAMES \
            or not np.all((points > 0.0) & (points < 1.0)) or np.any(np.diff(points) <= 0.0):
        raise ValueError(
            f"values must be 2 to {MAX_FRAMES} increasing probabilities strictly between 0 "
            f"and 1; got {values!r}"
        )
    predictions = {float(p): cross_entropy_prediction(float(p), classes=classes,
                                                       true_class=true_class, rest=rest)
                   for p in points}
    box = frame_slider(
        lambda p: draw_cross_entropy_prediction(predictions[p]), list(predictions),
        description=description or f"p({classes[true_class]})", format="{:.2f}",
        alt=lambda p: describe_cross_entropy_prediction(predictions[p]),
        initial=initial, dpi=dpi)
    box.predictions = tuple(predictions.values())
    return box


# ---------------------------------------------------------------------------
# Chapter 7: one email moved across a linear SVM's margin
# ---------------------------------------------------------------------------

__all__ += ["MarginScene", "describe_margin_frame", "draw_margin_frame", "margin_explorer",
            "margin_scene"]


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
        """The position of ``value`` in :attr:`values`."""
        for k, known in enumerate(self.values):
            if known == value:
                return k
        raise ValueError(f"value must be one of the scene's values {list(self.values)}, "
                         f"got {value!r}")

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
        The moving point's positions, 2 to :data:`lossfns.widgets.MAX_FRAMES`.
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
    from ._validation import as_float_array, check_non_negative, check_plus_minus_one
    from .classification import hinge
    from .training import LinearSVM
    from .widgets import MAX_FRAMES

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
    from .classification import hinge

    reach = max(3.0, float(np.max(np.abs(scene.point_margins))) + 0.5)
    m = np.linspace(-reach, reach, 401)
    ax.axvspan(-reach, 1.0, color="#e6e6e6", linewidth=0)
    ax.plot(m, hinge(np.ones_like(m), m, reduction="none"), color=OKABE_ITO["blue"],
            linewidth=2.2, label="hinge loss $\\max(0, 1 - m)$")
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1.2)
    ax.axvline(0.0, color="black", linewidth=1.0)
    top = 1.0 + reach
    ax.text(1.08, 0.55 * top, "margin 1", fontsize=10.5, va="top")
    ax.text(-0.08, 0.55 * top, "boundary", fontsize=10.5, va="top", ha="right")
    margin, loss = scene.point_margins[k], scene.point_losses[k]
    ax.plot([margin], [loss], "*", markersize=22, color=OKABE_ITO["yellow"],
            markeredgecolor=_CLASS_STYLE[scene.label][0], markeredgewidth=2.0, zorder=5)
    ax.set(xlim=(-reach, reach), ylim=(-0.15, top), xlabel="margin $m = y\\,s$",
           ylabel="hinge loss", title="its margin on the hinge curve")
    ax.text(-0.62 * reach, 0.05 * top, "inside the margin\nor misclassified:\nloss > 0",
            fontsize=10.5, ha="center", va="bottom")
    ax.legend(loc="upper right", fontsize=10.5, frameon=True, framealpha=0.95)


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
    :func:`lossfns.widgets.frame_slider`, so the slider also works in the static HTML
    page. The arguments are those of :func:`margin_scene`, plus the slider's
    ``description``, ``format`` (of ``values``), ``initial`` position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.widgets.frame_slider`, with the :class:`MarginScene` as
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
    from .widgets import frame_slider

    scene = margin_scene(params, X, y, positions=positions, label=label, values=values,
                         features=features, classes=classes, point_name=point_name,
                         tolerance=tolerance)
    box = frame_slider(partial(draw_margin_frame, scene), scene.values,
                       description=description, format=format, initial=initial, dpi=dpi,
                       alt=partial(describe_margin_frame, scene))
    box.scene = scene
    return box
