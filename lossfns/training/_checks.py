"""The input checks of the training subpackage, and their messages, in one place.

The models, the objective, gradient descent, the landscape tools, the detector of
:mod:`lossfns.training.multitask` and the exact fits check the same arguments
(``n_features``, ``params``, ``steps``, ``loss``, ...); written once here, one mistake
gets one message wherever it is made. The course's explorers reuse them for their own
counts and data. Built on the primitives of :mod:`lossfns._validation`, with its
message pattern: the argument's name, what was expected, what was received, and a hint.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

from .._validation import all_finite, as_float_array, check_positive
from ..registry import LOSSES, LossInfo


class NotFinite(ArithmeticError):
    """Raised inside an evaluation when ``what`` (e.g. "the loss") became NaN or inf."""

    def __init__(self, what: str, kind: str):
        super().__init__(f"{what} became {kind}")
        self.what = what
        self.kind = kind


def non_finite_kind(array) -> str:
    """ "nan" if ``array`` holds a NaN, else "inf" (call only on a non-finite array)."""
    return "nan" if np.any(np.isnan(array)) else "inf"


def require_finite(array, what: str) -> None:
    """Raise :class:`NotFinite` unless every entry of ``array`` is finite."""
    if not all_finite(np.asarray(array)):
        raise NotFinite(what, non_finite_kind(array))


def check_count(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, raising unless it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        # ValueError, not TypeError: every bad input of lossfns raises ValueError
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")  # noqa: TRY004
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_features(X, n_features: int, name: str = "X") -> np.ndarray:
    """``X`` as a finite 2-D float64 array with ``n_features`` columns."""
    X = as_float_array(X, name)
    if X.ndim != 2:
        hint = f"; for one feature use {name}.reshape(-1, 1)" if X.ndim == 1 else ""
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, {n_features}), got shape "
            f"{X.shape}{hint}"
        )
    if X.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} columns (the model's n_features), got shape "
            f"{X.shape}"
        )
    return X


def check_params(params, shapes: dict[str, tuple]) -> dict[str, np.ndarray]:
    """``params`` as finite float64 arrays, with exactly the keys and shapes of ``shapes``."""
    if not isinstance(params, Mapping):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"params must be a dict of arrays with keys {list(shapes)}, got "
            f"{type(params).__name__}; start from model.init_params()"
        )
    missing = [key for key in shapes if key not in params]
    extra = [key for key in params if key not in shapes]
    if missing or extra:
        raise ValueError(
            f"params must have exactly the keys {list(shapes)}, got {list(params)}"
            + (f" (missing {missing})" if missing else "")
            + (f" (unexpected {extra})" if extra else "")
        )
    checked = {}
    for key, shape in shapes.items():
        value = as_float_array(params[key], f"params[{key!r}]")
        if value.shape != shape:
            raise ValueError(f"params[{key!r}] must have shape {shape}, got shape {value.shape}")
        checked[key] = value
    return checked


def check_grad_output(grad_output, expected_shape: tuple) -> np.ndarray:
    """``grad_output`` (dL/d output) as a float64 array of the output's shape."""
    grad_output = np.asarray(grad_output, dtype=np.float64)
    if grad_output.shape != expected_shape:
        raise ValueError(
            f"grad_output must have the shape of the model's output {expected_shape}, "
            f"got shape {grad_output.shape}"
        )
    return grad_output


def check_backward_result(grads, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The dict returned by ``model.backward``: one array per parameter, of its shape."""
    if not isinstance(grads, Mapping) or set(grads) != set(params):
        got = list(grads) if isinstance(grads, Mapping) else type(grads).__name__
        raise ValueError(
            f"model.backward must return a dict with one gradient per parameter, keys "
            f"{list(params)}, got {got}"
        )
    checked = {}
    for key, value in params.items():
        grad = np.asarray(grads[key], dtype=np.float64)
        if grad.shape != value.shape:
            raise ValueError(
                f"model.backward returned a gradient for {key!r} of shape {grad.shape}; it "
                f"must have the parameter's shape {value.shape}"
            )
        checked[key] = grad
    return checked


def resolve_loss(loss, model):
    """The :class:`~lossfns.LossInfo` of ``loss``: a registered name, a LossInfo, or None."""
    if loss is None:
        loss = model.default_loss
    if isinstance(loss, LossInfo):
        return loss
    if isinstance(loss, str) and loss in LOSSES:
        return LOSSES[loss]
    raise ValueError(
        f"loss must be the name of a registered loss or a LossInfo, got {loss!r}; "
        f"registered: {sorted(LOSSES)} (add your own with lossfns.register_loss)"
    )


def check_loss_kwargs(loss_kwargs) -> dict:
    if loss_kwargs is None:
        return {}
    if not isinstance(loss_kwargs, Mapping):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"loss_kwargs must be a dict of keyword arguments for the loss (e.g. "
            f"{{'delta': 0.5}}) or None, got {loss_kwargs!r}"
        )
    return dict(loss_kwargs)


def check_targets(y, output: np.ndarray, info, name: str = "y",
                  rows_of: str = "X") -> np.ndarray:
    """``y`` checked against the model's ``output``: one entry per sample, no broadcasting.

    ``y`` must have the output's shape exactly, except for a multi-class loss
    (``info.task == "multi-class"``), where ``y`` may also hold one class index
    per sample (shape ``output.shape[:-1]``); the loss then checks the indices.
    """
    y = as_float_array(y, name)
    n = output.shape[0]
    code = name.split()[-1].strip("()")  # "validation_data[1] (y_val)" -> "y_val"
    if y.ndim == 0 or y.shape[0] != n:
        raise ValueError(
            f"{name} must have one entry per sample (per row of {rows_of}), a first axis "
            f"of length {n}, got shape {y.shape}"
        )
    if y.shape == output.shape:
        return y
    if info.task == "multi-class" and y.shape == output.shape[:-1]:
        return y  # class indices
    message = (
        f"{name} must have the shape of the model's output {output.shape}, got shape "
        f"{y.shape}"
    )
    if tuple(d for d in y.shape if d != 1) == tuple(d for d in output.shape if d != 1):
        message += (
            f"; numpy would broadcast them into a wrong "
            f"{np.broadcast_shapes(y.shape, output.shape)} array; reshape it: "
            f"{code}.reshape({output.shape})"
        )
    elif y.ndim == 1 and output.ndim == 2:
        message += (
            "; class indices need a multi-class loss such as 'cross_entropy', and "
            f"{output.shape[1]} targets per sample need {code} of shape {output.shape}"
        )
    raise ValueError(message)


def learning_rate_at(learning_rate, step: int) -> float:
    """The step size for ``step`` (counting from 1): the number, or the schedule's value."""
    if not callable(learning_rate):
        return check_positive(learning_rate, "learning_rate")
    value = learning_rate(step)
    ok = (not isinstance(value, (bool, np.bool_)) and np.ndim(value) == 0
          and np.asarray(value).dtype.kind in "iuf" and np.isfinite(value) and value > 0)
    if not ok:
        raise ValueError(
            f"learning_rate (a schedule) must return a positive finite number at every "
            f"step, but at step {step} it returned {value!r}"
        )
    return float(value)


def check_learning_rate(learning_rate) -> None:
    if not callable(learning_rate):
        check_positive(learning_rate, "learning_rate")


def check_batch_size(batch_size, n_samples: int) -> int | None:
    if batch_size is None:
        return None
    if (isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral)
            or not 1 <= batch_size <= n_samples):
        raise ValueError(
            f"batch_size must be an integer in [1, {n_samples}] (the number of training "
            f"samples), or None for full-batch steps, got {batch_size!r}"
        )
    return int(batch_size)


def check_on_divergence(on_divergence) -> str:
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}")
    return on_divergence


def check_validation_data(validation_data, n_features: int | None):
    """``(X_val, y_val)`` with X_val checked, or None."""
    if validation_data is None:
        return None
    if isinstance(validation_data, (str, bytes)) or not (
        isinstance(validation_data, (tuple, list)) and len(validation_data) == 2
    ):
        raise ValueError(
            f"validation_data must be a pair (X_val, y_val) or None, got "
            f"{type(validation_data).__name__}"
            + (f" of length {len(validation_data)}" if hasattr(validation_data, "__len__")
               else "")
        )
    X_val, y_val = validation_data
    if n_features is not None:
        X_val = check_features(X_val, n_features, "validation_data[0] (X_val)")
    y_val = as_float_array(y_val, "validation_data[1] (y_val)")
    return X_val, y_val


def check_grid(grid, params: dict[str, np.ndarray]):
    """``grid``: exactly two keys of ``params`` naming size-1 parameters, each a 1-D array."""
    if not isinstance(grid, Mapping) or len(grid) != 2:
        raise ValueError(
            f"grid must be a dict of exactly two parameter names to 1-D arrays of values, "
            f"e.g. {{'w': np.linspace(-1, 3, 41), 'b': np.linspace(-2, 2, 41)}}, got "
            f"{grid!r:.80}"
        )
    checked = {}
    for key, values in grid.items():
        if key not in params:
            raise ValueError(f"grid keys must be parameter names {list(params)}, got {key!r}")
        if params[key].size != 1:
            raise ValueError(
                f"grid[{key!r}] varies params[{key!r}], which must be a single number, but "
                f"it has shape {params[key].shape}; a surface needs two scalar parameters"
            )
        values = as_float_array(values, f"grid[{key!r}]")
        if values.ndim != 1:
            raise ValueError(f"grid[{key!r}] must be a 1-D array of values, got shape "
                             f"{values.shape}")
        checked[key] = values
    return checked


def check_detection_data(data, name: str) -> None:
    """Raise unless ``data`` has the fields of a ``DetectionData`` (a detection data set)."""
    missing = [field for field in ("X", "labels", "offsets", "centres", "widths", "anchor",
                                   "classes") if not hasattr(data, field)]
    if missing:
        raise ValueError(f"{name} must be a DetectionData (from "
                         f"lossfns.course.datasets.toy_detection), got {type(data).__name__} "
                         f"without {missing}")
