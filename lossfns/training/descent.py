r"""Gradient descent, the record it keeps, and early stopping.

* :func:`gradient_descent` -- full-batch or mini-batch steps down the objective of
  :func:`~lossfns.training.loss_and_grad`, recorded in a :class:`History` (or stopped by
  a :class:`TrainingDiverged` when a step size is too large);
* :func:`early_stopping` -- the patience rule replayed on a recorded validation curve,
  returning an :class:`EarlyStop`;
* :func:`loss_along_path` -- the mean loss, without the penalty, at every recorded step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .._validation import as_float_array, check_non_negative
from . import _checks as checks
from .objective import evaluate_objective, prepare_arguments

__all__ = ["EarlyStop", "History", "TrainingDiverged", "early_stopping", "gradient_descent",
           "loss_along_path"]


class TrainingDiverged(FloatingPointError):
    """Gradient descent produced a NaN or inf: the step size is too large.

    Attributes ``step`` (the step, counting from 1, at which it happened) and
    ``learning_rate`` (the step size used at that step).

    Examples
    --------
    >>> issubclass(TrainingDiverged, ArithmeticError)
    True
    """

    def __init__(self, message: str, *, step: int, learning_rate: float):
        super().__init__(message)
        self.step = step
        self.learning_rate = learning_rate


@dataclass(frozen=True, eq=False, repr=False)
class History:
    """What :func:`gradient_descent` did, step by step.

    Attributes
    ----------
    params : dict of str to ndarray
        The final parameters (copies).
    train_loss : ndarray, shape ``(k + 1,)``
        The objective on the whole training set before step 1, then after each
        of the ``k`` steps taken.
    val_loss : ndarray of shape ``(k + 1,)``, or None
        The same on the validation data, when given.
    path : dict of str to ndarray
        For every parameter, its ``k + 1`` values: shape ``(k + 1, *param.shape)``;
        ``path[name][0]`` is the start.
    learning_rates : ndarray, shape ``(k,)``
        The step size used at each step.
    diverged_at : int or None
        The step at which training diverged (with ``on_divergence="stop"``);
        the history ends just before it.

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
    ...                            learning_rate=0.1, steps=5)
    >>> history.steps, history.train_loss.shape, history.path["w"].shape
    (5, (6,), (6, 1))
    """

    params: dict[str, np.ndarray]
    train_loss: np.ndarray
    val_loss: np.ndarray | None
    path: dict[str, np.ndarray]
    learning_rates: np.ndarray
    diverged_at: int | None

    @property
    def steps(self) -> int:
        """The number of steps taken."""
        return int(self.learning_rates.shape[0])

    def params_at(self, step: int) -> dict[str, np.ndarray]:
        """The parameters after ``step`` steps (0: the start), copied from ``path``.

        Examples
        --------
        >>> from lossfns.training import LinearModel
        >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
        ...                            learning_rate=0.1, steps=5)
        >>> history.params_at(0)
        {'w': array([0.]), 'b': array(0.)}
        """
        step = checks.check_count(step, "step", minimum=0)
        if step > self.steps:
            raise ValueError(f"step must lie in [0, {self.steps}] (the steps taken), "
                             f"got {step}")
        return {name: np.array(values[step], dtype=np.float64)
                for name, values in self.path.items()}

    def early_stopping(self, patience: int, *, min_delta: float = 0.0) -> EarlyStop:
        """:func:`early_stopping` applied to ``val_loss`` (needs ``validation_data``).

        Examples
        --------
        >>> from lossfns.training import LinearModel
        >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
        ...                            learning_rate=0.1, steps=5,
        ...                            validation_data=([[2.0]], [5.0]))
        >>> history.early_stopping(patience=2).best_step
        5
        """
        if self.val_loss is None:
            raise ValueError("history has no val_loss: pass validation_data=(X_val, y_val) "
                             "to gradient_descent to record it")
        return early_stopping(self.val_loss, patience=patience, min_delta=min_delta)

    def __repr__(self):
        end = f"{self.train_loss[0]:.4g} -> {self.train_loss[-1]:.4g}"
        extra = "" if self.diverged_at is None else f", diverged_at={self.diverged_at}"
        return f"History(steps={self.steps}, train_loss {end}{extra})"


@dataclass(frozen=True)
class EarlyStop:
    """What :func:`early_stopping` decided.

    Attributes
    ----------
    best_step : int
        The step with the lowest validation loss seen before stopping: the
        parameters to keep (``history.params_at(best_step)``).
    best_loss : float
        The validation loss at ``best_step``.
    stopped_at : int or None
        The step at which ``patience`` steps had passed without an improvement, so
        training would stop there; None if that never happened.
    patience : int
    """

    best_step: int
    best_loss: float
    stopped_at: int | None
    patience: int


def early_stopping(val_loss, *, patience: int, min_delta: float = 0.0) -> EarlyStop:
    r"""Early stopping with patience, replayed on a recorded validation loss curve.

    Walking through the steps :math:`t = 0, 1, \dots`, the best step so far is the
    last one whose loss beat the best before it by more than ``min_delta``,

    .. math:: L_t < L_{\text{best}} - \delta \implies \text{best} \leftarrow t ,

    and training stops at the first step :math:`t` with :math:`t - \text{best} \ge`
    ``patience``: that many steps in a row without an improvement. The parameters
    kept are those of the best step, not of the step where training stopped. With
    ``patience=1`` the first uptick stops training; a larger patience rides out the
    noise of a validation curve.

    Parameters
    ----------
    val_loss : array-like of shape ``(k + 1,)``
        The validation loss before step 1, then after each step (``History.val_loss``).
    patience : int >= 1
    min_delta : float >= 0
        How much a loss must improve on the best to count as better.

    Returns
    -------
    EarlyStop

    Examples
    --------
    >>> losses = [5.0, 3.0, 2.0, 2.5, 1.5, 1.6, 1.7, 1.8]
    >>> early_stopping(losses, patience=1)      # the first uptick stops it
    EarlyStop(best_step=2, best_loss=2.0, stopped_at=3, patience=1)
    >>> early_stopping(losses, patience=3)
    EarlyStop(best_step=4, best_loss=1.5, stopped_at=7, patience=3)
    >>> early_stopping(losses, patience=10).stopped_at is None
    True
    """
    losses = as_float_array(val_loss, "val_loss")
    if losses.ndim != 1:
        raise ValueError(f"val_loss must be 1-D (one loss per step), got shape {losses.shape}")
    patience = checks.check_count(patience, "patience")
    min_delta = check_non_negative(min_delta, "min_delta")
    best, stopped_at = 0, None
    for step in range(1, losses.size):
        if losses[step] < losses[best] - min_delta:
            best = step
        elif step - best >= patience:
            stopped_at = step
            break
    return EarlyStop(best, float(losses[best]), stopped_at, patience)


def loss_along_path(model, history: History, X, y, *, loss=None, loss_kwargs=None,
                    steps=None) -> np.ndarray:
    r"""The mean loss on ``(X, y)`` at the parameters of every step of ``history``.

    .. math:: \bar\ell_t = \frac1n \sum_i \ell\bigl(y_i, f_{\theta_t}(x_i)\bigr)

    without any L2 penalty (``History.train_loss`` and ``val_loss`` include the
    penalty when the run used ``l2``): the number to compare between runs with
    different penalties.

    Parameters
    ----------
    model, X, y, loss, loss_kwargs
        As in :func:`loss_and_grad`.
    history : History
        A run of :func:`gradient_descent` for ``model``.
    steps : sequence of int, optional
        Only these steps (each in ``[0, history.steps]``); default every step.

    Returns
    -------
    ndarray, shape ``(len(steps),)`` or ``(history.steps + 1,)``

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
    ...                            learning_rate=0.1, steps=5, l2=1.0)
    >>> loss_along_path(LinearModel(1), history, [[0.0], [1.0]], [1.0, 3.0], steps=[0])
    array([5.])
    """
    if not isinstance(history, History):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"history must be a History from gradient_descent, got {type(history).__name__}")
    info, X, _, _, loss_kwargs = prepare_arguments(model, X, y, loss, 0.0, None, loss_kwargs)
    if steps is None:
        chosen = range(history.steps + 1)
    else:
        if isinstance(steps, (str, bytes)) or not hasattr(steps, "__iter__"):
            raise ValueError(f"steps must be a sequence of step numbers, got {steps!r:.80}")
        chosen = list(steps)
    values = []
    for step in chosen:
        params = history.params_at(step)
        try:
            values.append(evaluate_objective(model, params, X, y, info, 0.0, None,
                                             loss_kwargs, want_grad=False)[0])
        except checks.NotFinite as problem:
            raise ValueError(f"the loss at step {step} is not finite: {problem}") from None
    return np.array(values, dtype=np.float64)


def _diverged(step, what_happened, learning_rate):
    return TrainingDiverged(
        f"diverged at step {step}: {what_happened} (learning rate {learning_rate:g}); "
        f"try a smaller learning rate",
        step=step, learning_rate=learning_rate,
    )


def _batches(n_samples: int, batch_size: int, rng: np.random.Generator):
    """Endless mini-batches of sample indices: each epoch visits a fresh shuffle once.

    The last batch of an epoch is smaller when ``batch_size`` does not divide ``n``.
    """
    while True:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield order[start:start + batch_size]


def _update(params, grads, rate):
    r"""One step of gradient descent, :math:`\theta - \eta\, \partial J / \partial \theta`.

    Raises :class:`~lossfns.training._checks.NotFinite` if a gradient or a new
    parameter is NaN or inf (overflow gives inf quietly, without a warning).
    """
    new_params = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for name, value in params.items():
            checks.require_finite(grads[name], f"the gradient of {name!r}")
            new_params[name] = np.asarray(value - rate * grads[name])
            checks.require_finite(new_params[name], f"parameter {name!r}")
    return new_params


def gradient_descent(model, X, y, *, learning_rate, steps: int, loss=None, l2: float = 0.0,
                     batch_size: int | None = None, params=None, validation_data=None,
                     sample_weight=None, loss_kwargs=None, seed: int = 0,
                     on_divergence: str = "raise") -> History:
    r"""Full-batch (``batch_size=None``) or mini-batch gradient descent.

    .. math:: \theta_{t} = \theta_{t-1} - \eta_t\, \nabla J_{B_t}(\theta_{t-1}),
              \qquad t = 1, \dots, \text{steps}

    where :math:`J_{B_t}` is the objective (see :func:`loss_and_grad`) on the
    batch :math:`B_t`: the whole training set, or the next ``batch_size``
    samples of a shuffled order (reshuffled with ``np.random.default_rng(seed)``
    every epoch; the last batch of an epoch is smaller if ``batch_size`` does
    not divide ``n``; a batch whose sample weights are all 0 gives a zero gradient).
    ``batch_size=n`` is full-batch descent. ``train_loss`` is always measured on
    the whole training set, after each step.

    Parameters
    ----------
    model, X, y, loss, l2, sample_weight, loss_kwargs
        As in :func:`loss_and_grad`.
    learning_rate : float or callable
        :math:`\eta > 0`, or a schedule ``step -> eta`` (steps count from 1),
        e.g. ``lambda t: 0.5 / np.sqrt(t)``.
    steps : int
        Number of steps (updates), at least 1.
    batch_size : int or None
        ``None`` for full batch, else an integer in ``[1, n]``.
    params : dict, optional
        Starting parameters (copied, never modified); default ``model.init_params(seed)``.
    validation_data : (X_val, y_val), optional
        Also record the objective on these.
    seed : int
        Seeds the start (when ``params`` is None) and the shuffling.
    on_divergence : {"raise", "stop"}
        When the loss, the output, a gradient or a parameter becomes NaN or inf:
        ``"raise"`` a :class:`TrainingDiverged`; ``"stop"`` and return the history
        up to the last finite step, with ``diverged_at`` set.

    Returns
    -------
    History

    Raises
    ------
    TrainingDiverged
        "diverged at step k: the loss became inf (learning rate 0.9); try a
        smaller learning rate".

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> y = np.array([1.0, 3.0, 5.0])               # y = 2 x + 1
    >>> history = gradient_descent(LinearModel(n_features=1), X, y,
    ...                            learning_rate=0.2, steps=500)
    >>> print(history.params["w"].round(6), history.params["b"].round(6))
    [2.] 1.0
    >>> print(f"{history.train_loss[0]:.4f} -> {history.train_loss[-1]:.4f}")
    11.6667 -> 0.0000
    >>> try:
    ...     gradient_descent(LinearModel(n_features=1), X, y, learning_rate=5.0, steps=500)
    ... except TrainingDiverged as error:
    ...     print(error)
    diverged at step 113: the loss became inf (learning rate 5); try a smaller learning rate
    """
    info, X, l2, weights, loss_kwargs = prepare_arguments(model, X, y, loss, l2,
                                                          sample_weight, loss_kwargs)
    checks.check_learning_rate(learning_rate)
    steps = checks.check_count(steps, "steps")
    seed = checks.check_count(seed, "seed", minimum=0)
    on_divergence = checks.check_on_divergence(on_divergence)
    n = np.shape(X)[0]
    batch_size = checks.check_batch_size(batch_size, n)
    validation = checks.check_validation_data(validation_data,
                                              getattr(model, "n_features", None))
    if params is None:
        params = model.init_params(seed)
    if not isinstance(params, Mapping):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"params must be a dict of arrays like model.init_params(), got "
            f"{type(params).__name__}"
        )
    params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}

    def objective(at, *, want_grad):
        return evaluate_objective(model, at, X, y, info, l2, weights, loss_kwargs,
                                  want_grad=want_grad)

    def validation_objective(at):
        X_val, y_val = validation
        try:
            return evaluate_objective(model, at, X_val, y_val, info, l2, None, loss_kwargs,
                                      want_grad=False, y_name="validation_data[1] (y_val)",
                                      x_name="X_val")[0]
        except checks.NotFinite as problem:
            raise checks.NotFinite(f"{problem.what} on validation_data", problem.kind) from None

    def batch_gradient(at, rows):
        """The gradient of the objective on the samples ``rows`` only."""
        batch_weights = None if weights is None else weights[rows]
        if batch_weights is not None and not np.any(batch_weights > 0):
            return {name: np.zeros_like(value) for name, value in at.items()}  # no weight
        return evaluate_objective(model, at, X[rows], y_all[rows], info, l2, batch_weights,
                                  loss_kwargs, want_grad=True)[1]

    full_batch = batch_size is None or batch_size == n
    try:
        train_value, grads = objective(params, want_grad=full_batch)
        val_value = None if validation is None else validation_objective(params)
    except checks.NotFinite as problem:
        raise ValueError(f"params: the objective at the starting point is not finite: "
                         f"{problem}; start from smaller parameters") from None

    y_all = np.asarray(y, dtype=np.float64)  # checked by the first evaluation
    train_loss, val_loss, lrs = [train_value], [val_value], []
    path = {name: [start.copy()] for name, start in params.items()}
    diverged_at = None
    batches = None if full_batch else _batches(n, batch_size, np.random.default_rng(seed))

    for step in range(1, steps + 1):
        rate = checks.learning_rate_at(learning_rate, step)
        try:
            if not full_batch:
                grads = batch_gradient(params, next(batches))
            new_params = _update(params, grads, rate)
            train_value, grads = objective(new_params, want_grad=full_batch)
            if validation is not None:
                val_value = validation_objective(new_params)
        except checks.NotFinite as problem:
            if on_divergence == "raise":
                raise _diverged(step, str(problem), rate) from None
            diverged_at = step
            break
        params = new_params
        lrs.append(rate)
        train_loss.append(train_value)
        val_loss.append(val_value)
        for name, current in params.items():
            path[name].append(current.copy())

    return History(
        params={name: value.copy() for name, value in params.items()},
        train_loss=np.array(train_loss, dtype=np.float64),
        val_loss=None if validation is None else np.array(val_loss, dtype=np.float64),
        path={name: np.stack(values) for name, values in path.items()},
        learning_rates=np.array(lrs, dtype=np.float64),
        diverged_at=diverged_at,
    )
