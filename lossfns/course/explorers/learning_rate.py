r"""The learning-rate explorer (chapter 3): one line fitted at many learning rates.

* :func:`descent_regime` -- pure NumPy: does a run of gradient descent crawl,
  converge, oscillate or diverge?
* :func:`learning_rate_scene` -- runs gradient descent on a model with two scalar
  parameters (a line) at several learning rates and measures what the figures need:
  the loss surface, its lowest point, the Hessian's curvatures and the limit
  :math:`\eta_{\max} = 2 / \lambda_{\max}`;
* :func:`draw_learning_rate_run` and :func:`describe_learning_rate_run` -- the figure of
  one run and its alt text;
* :func:`learning_rate_explorer` -- all of the above behind one slider.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import numpy as np

from ...training import _checks as checks
from ..plotting import OKABE_ITO, book_style
from ...training import (
    History,
    flatten_params,
    gradient_descent,
    hessian,
    loss_and_grad,
    loss_surface,
    unflatten_params,
)
from ._common import spoken_units

__all__ = [
    "REGIMES",
    "REGIME_COLOURS",
    "LearningRateScene",
    "descent_regime",
    "describe_learning_rate_run",
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
    units = f" {spoken_units(scene.loss_units)}" if scene.loss_units else ""
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
    advance by :func:`lossfns.course.widgets.frame_slider`, so the slider also works in the
    static HTML page. The arguments are those of :func:`learning_rate_scene`
    (``rates``: 2 to :data:`lossfns.course.widgets.MAX_FRAMES` increasing rates), plus
    the slider's ``description``, ``format``, ``initial`` position and ``dpi``.

    Returns
    -------
    ipywidgets.VBox
        As :func:`~lossfns.course.widgets.frame_slider`, with the
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
    from ..widgets import MAX_FRAMES, frame_slider

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
