"""Input checks shared by the losses, the activations and the rest of the package.

Every loss starts the same way: turn ``y_true`` and ``y_pred`` into float64
arrays, refuse what cannot be a real, finite number, refuse shapes that numpy
would silently broadcast, and check the sample weights and the reduction. These
checks live here, once, so that a loss's own body is only its formula; and so
that the messages they raise follow one pattern: the argument's name, what was
expected, and what was received (plus a hint on how to fix it where one exists).

The checks of one loss or one part of the package alone stay next to it (the
multi-class targets in :mod:`lossfns.classification`, the training data in
:mod:`lossfns._training_checks`, ...), written in the same pattern.
"""

from __future__ import annotations

import numbers

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def _describe(array: np.ndarray) -> str:
    """A short description of an array for error messages."""
    return f"shape {array.shape} and dtype {array.dtype}"


def as_float64(value, name: str) -> np.ndarray:
    """``value`` as a float64 array, raising unless it holds real numbers (ints or floats)."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be an array of numbers; could not convert it: {error}"
        ) from None
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise ValueError(
            f"{name} must contain real numbers (int or float), got an array of "
            f"{_describe(array)}"
        )
    return array.astype(np.float64, copy=False)  # no copy for float64 input


def all_finite(array: np.ndarray) -> bool:
    """True when no entry of the float64 ``array`` is NaN or infinite.

    A NaN or an infinity makes the sum NaN or infinite, so a finite sum answers
    at once (as in scikit-learn's check); only an infinite sum, from a bad entry
    or from large finite ones, needs the entry-by-entry test.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(array)):
            return True
    return bool(np.all(np.isfinite(array)))


def _raise_non_finite(array: np.ndarray, name: str):
    bad = np.flatnonzero(~np.isfinite(array.ravel()))
    kind = "NaN" if np.isnan(array.ravel()[bad[0]]) else "inf"
    raise ValueError(
        f"{name} must contain only finite numbers, found {bad.size} non-finite "
        f"value(s) (first: {kind} at flat index {bad[0]})"
    )


def as_float_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a finite, non-empty float64 array.

    Lists, tuples, Python scalars, integer and float32 arrays are accepted; the
    result is always float64 (``value`` itself, not a copy, if it already is a
    float64 array). Booleans, strings, objects and complex numbers are rejected,
    as are NaN, inf and empty arrays.
    """
    array = as_float64(value, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {array.shape}")
    if not all_finite(array):
        _raise_non_finite(array, name)
    return array


def check_same_shape(y_true: np.ndarray, y_pred: np.ndarray,
                     names: tuple[str, str] = ("y_true", "y_pred")) -> None:
    """Raise unless the two arrays have exactly the same shape (no broadcasting)."""
    if y_true.shape == y_pred.shape:
        return
    a, b = names
    message = (
        f"{a} and {b} must have the same shape, got {a} with shape {y_true.shape} "
        f"and {b} with shape {y_pred.shape}"
    )
    squeezed_a = tuple(d for d in y_true.shape if d != 1)
    squeezed_b = tuple(d for d in y_pred.shape if d != 1)
    if squeezed_a == squeezed_b:
        message += (
            f". They differ only by axes of length 1, which numpy would broadcast "
            f"into a wrong {np.broadcast_shapes(y_true.shape, y_pred.shape)} result; "
            f"reshape one to match the other, e.g. {b}.reshape({a}.shape) or "
            f"np.ravel() on both"
        )
    raise ValueError(message)


def as_float_pair(first, second, names: tuple[str, str] = ("y_true", "y_pred")):
    """Both arguments through :func:`as_float_array`, then :func:`check_same_shape`."""
    a, b = as_float_array(first, names[0]), as_float_array(second, names[1])
    check_same_shape(a, b, names)
    return a, b


def as_float_pair_and_difference(first, second, names: tuple[str, str] = ("y_true", "y_pred")):
    """:func:`as_float_pair` and the difference: ``(first, second, second - first)``.

    The difference is a fresh array (0-d for 0-d inputs); it is ``inf`` where
    two finite inputs near ``+-1.8e308`` differ by more than float64 can hold.
    """
    a, b = as_float_pair(first, second, names)
    with np.errstate(over="ignore"):
        return a, b, np.subtract(b, a, out=np.empty(b.shape))


def check_loss_inputs(y_true, y_pred, sample_weight):
    """The checks an element-wise loss starts with; returns ``(y_true, y_pred, weights)``.

    ``y_true`` and ``y_pred`` as finite float64 arrays of one shape (see
    :func:`as_float_pair`); ``weights`` as from :func:`check_sample_weight_of`.
    """
    y_true, y_pred = as_float_pair(y_true, y_pred)
    return y_true, y_pred, check_sample_weight_of(sample_weight, y_pred)


def check_probabilities(p: np.ndarray, name: str) -> None:
    """Raise unless every entry lies in the closed interval [0, 1]."""
    outside = (p < 0.0) | (p > 1.0)
    if np.any(outside):
        first = p.ravel()[np.flatnonzero(outside.ravel())[0]]
        raise ValueError(
            f"{name} must contain probabilities in [0, 1], found {int(outside.sum())} "
            f"value(s) outside (first: {float(first)!r}); if these are logits (raw scores), "
            f"use the *_with_logits / cross_entropy version of the loss"
        )


def check_probability_rows(p: np.ndarray, name: str, *, atol: float = 1e-6) -> None:
    """Raise unless ``p`` is 2-D, in [0, 1], and every row sums to 1 within ``atol``."""
    if p.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of probability rows (n_samples, n_classes), "
            f"got shape {p.shape}"
        )
    check_probabilities(p, name)
    sums = p.sum(axis=1)
    wrong = np.abs(sums - 1.0) > atol
    if np.any(wrong):
        row = int(np.flatnonzero(wrong)[0])
        raise ValueError(
            f"each row of {name} must sum to 1 (within {atol:g}), but {int(wrong.sum())} "
            f"row(s) do not (first: row {row} sums to {float(sums[row])!r}); normalise the rows "
            f"or, for raw scores, use softmax / cross_entropy with logits"
        )


def check_plus_minus_one(y: np.ndarray, name: str) -> None:
    """Raise unless every label is -1 or +1; suggest ``2*y - 1`` for {0, 1} labels."""
    bad = (y != 1.0) & (y != -1.0)
    if not np.any(bad):
        return
    message = (
        f"{name} must contain labels -1 or +1, found {int(bad.sum())} other value(s) "
        f"(first: {float(y.ravel()[np.flatnonzero(bad.ravel())[0]])!r})"
    )
    if np.all((y == 0.0) | (y == 1.0)):
        message += "; these look like {0, 1} labels: convert them with 2 * y - 1"
    raise ValueError(message)


def as_class_indices(value, name: str, n_classes: int) -> np.ndarray:
    """Return ``value`` as an int64 array of class indices in ``[0, n_classes)``.

    Floats holding whole numbers (``1.0``) are accepted; anything else, negative
    indices included, is an error (negative indices are never wrapped around).
    """
    array = as_float_array(value, name)
    if not np.all(array == np.round(array)):
        first = array.ravel()[np.flatnonzero(array.ravel() != np.round(array.ravel()))[0]]
        raise ValueError(
            f"{name} must contain integer class indices, found a non-integer value "
            f"{float(first)!r}; for soft labels pass probability rows of shape "
            f"(n_samples, n_classes)"
        )
    bad = (array < 0) | (array >= n_classes)
    if np.any(bad):
        first = array.ravel()[np.flatnonzero(bad.ravel())[0]]
        raise ValueError(
            f"{name} must contain class indices in [0, {n_classes - 1}] for "
            f"{n_classes} classes, found {int(bad.sum())} out of range "
            f"(first: {int(first)})"
        )
    return array.astype(np.int64)


def check_weights(values, name: str, count: int, per: str) -> np.ndarray:
    """Return ``values`` as ``count`` non-negative float64 weights, one ``per`` item.

    ``per`` names the item in the error message ("sample", "class").
    """
    weights = as_float_array(values, name)
    if weights.shape != (count,):
        raise ValueError(
            f"{name} must have one weight per {per}, shape ({count},), "
            f"got shape {weights.shape}"
        )
    if np.any(weights < 0):
        raise ValueError(
            f"{name} must be non-negative, found {int((weights < 0).sum())} "
            f"negative weight(s) (first: {float(weights[np.flatnonzero(weights < 0)[0]])!r})"
        )
    return weights


def check_sample_weight(sample_weight, n_samples: int) -> np.ndarray | None:
    """Return ``sample_weight`` as a float64 array of shape ``(n_samples,)``, or None."""
    if sample_weight is None:
        return None
    return check_weights(sample_weight, "sample_weight", n_samples, "sample")


def check_sample_weight_of(sample_weight, y_pred: np.ndarray) -> np.ndarray | None:
    """:func:`check_sample_weight` for the samples of ``y_pred``: the rows of its axis 0.

    A 0-d ``y_pred`` is one sample, whose weight may be given as a scalar.
    """
    if y_pred.ndim == 0:
        if sample_weight is not None and np.ndim(sample_weight) == 0:
            sample_weight = np.reshape(sample_weight, (1,))
        return check_sample_weight(sample_weight, 1)
    return check_sample_weight(sample_weight, y_pred.shape[0])


def check_reduction(reduction) -> str:
    """Raise unless ``reduction`` is one of "mean", "sum" or "none"."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of 'mean', 'sum' or 'none', got {reduction!r}"
        )
    return reduction


def _as_real_scalar(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def check_positive(value, name: str) -> float:
    """Return ``value`` as a float, raising unless it is a finite number > 0."""
    value = _as_real_scalar(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return value


def check_non_negative(value, name: str) -> float:
    """Return ``value`` as a float, raising unless it is a finite number >= 0."""
    value = _as_real_scalar(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return value


def check_in_interval(value, name: str, low: float, high: float, *,
                      closed_low: bool, closed_high: bool) -> float:
    """Return ``value`` as a float, raising unless it lies in the given interval."""
    value = _as_real_scalar(value, name)
    ok_low = value >= low if closed_low else value > low
    ok_high = value <= high if closed_high else value < high
    if not (ok_low and ok_high):
        interval = f"{'[' if closed_low else '('}{low:g}, {high:g}{']' if closed_high else ')'}"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return value
