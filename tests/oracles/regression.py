"""50-digit mpmath references for ``lossfns.regression``.

The per-element losses below are the textbook definitions, evaluated in mpmath
directly from the exact float64 inputs (the difference ``y_pred - y_true`` is
formed exactly), with the reduction (weights, mean / sum / none) done in
mpmath too. Where a definition cancels (``log(cosh(e))`` for tiny ``e``) the
working precision is raised until the cancellation is harmless, instead of
rewriting the formula the way ``lossfns`` does.

A case is kept only if its true value is representable: every reference entry
is 0 or a normal float64 below the overflow threshold (``mse`` of an error of
``1e-300`` is ``1e-600``, which no float64 can hold, so that case is dropped).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np

from lossfns import LOSSES, regression
from lossfns.reference.highprecision import mp_log_cosh

from . import AccuracyCase, to_float

mpmath.mp.dps = 50

#: name -> the hyper-parameter settings the accuracy grid visits, for every regression loss
#: of the registry (lossfns.LOSSES, where the functions come from).
HYPER_SETTINGS = {
    "mse": [{}],
    "rmse": [{}],
    "mae": [{}],
    # extreme thresholds: e**2 under- or overflows although e**2 / beta does not
    "huber": [{"delta": 1.0}, {"delta": 0.25}, {"delta": 1e3}, {"delta": 1e-3},
              {"delta": 1e-200}, {"delta": 1e200}],
    "smooth_l1": [{"beta": 1.0}, {"beta": 0.25}, {"beta": 1e3}, {"beta": 1e-3},
                  {"beta": 1e-200}, {"beta": 1e200}],
    "log_cosh": [{}],
    "quantile_loss": [{"q": 0.5}, {"q": 0.1}, {"q": 0.9}, {"q": 0.01}, {"q": 0.99}],
}

ERROR_SIZES = (1e-300, 1e-150, 1e-10, 1e-3, 1.0, 1e3, 1e8, 1e150)

_TINY = mpmath.mpf(float(np.finfo(np.float64).tiny))
_HUGE = mpmath.mpf(float(np.finfo(np.float64).max))


# ---------------------------------------------------------------------------
# Per-element definitions, as functions of the error e = y_pred - y_true
# ---------------------------------------------------------------------------

_log_cosh = mp_log_cosh  # the same reference as the book's stability appendix


def _huber(e, delta):
    return e * e / 2 if abs(e) <= delta else delta * (abs(e) - delta / 2)


def _huber_slope(e, delta):
    return e if abs(e) <= delta else delta * mpmath.sign(e)


def _smooth_l1(e, beta):
    return e * e / (2 * beta) if abs(e) < beta else abs(e) - beta / 2


def _smooth_l1_slope(e, beta):
    return e / beta if abs(e) < beta else mpmath.sign(e)


def _pinball(e, q):
    residual = -e  # y_true - y_pred
    return max(q * residual, (q - 1) * residual)


def _pinball_slope(e, q):
    # d/d(y_pred) of max(q r, (q - 1) r) with r = y_true - y_pred; 0 at the kink
    if e == 0:
        return mpmath.mpf(0)
    return -q if e < 0 else 1 - q


ELEMENTWISE = {
    # name -> (loss of e, derivative in y_pred of the loss of e, hyper-parameter name)
    "mse": (lambda e: e * e, lambda e: 2 * e, None),
    "mae": (abs, mpmath.sign, None),
    "huber": (_huber, _huber_slope, "delta"),
    "smooth_l1": (_smooth_l1, _smooth_l1_slope, "beta"),
    "log_cosh": (_log_cosh, mpmath.tanh, None),
    "quantile_loss": (_pinball, _pinball_slope, "q"),
}


# ---------------------------------------------------------------------------
# References with the reduction done in mpmath
# ---------------------------------------------------------------------------

def _errors(y_true, y_pred):
    """Exact errors ``y_pred - y_true`` as an (n, k) list of mpf rows (n = 1 for 0-d)."""
    yt = np.atleast_1d(np.asarray(y_true, dtype=np.float64))
    yp = np.atleast_1d(np.asarray(y_pred, dtype=np.float64))
    rows_t = yt.reshape(yt.shape[0], -1)
    rows_p = yp.reshape(yp.shape[0], -1)
    return [
        [mpmath.fsub(mpmath.mpf(float(p)), mpmath.mpf(float(t)), exact=True)
         for t, p in zip(row_t, row_p)]
        for row_t, row_p in zip(rows_t, rows_p)
    ]


def _weights(sample_weight, n):
    if sample_weight is None:
        return [mpmath.mpf(1)] * n
    return [mpmath.mpf(float(w)) for w in np.atleast_1d(sample_weight)]


def _element_functions(name, hyper):
    loss, slope, hyper_name = ELEMENTWISE[name]
    if hyper_name is None:
        return loss, slope
    h = mpmath.mpf(float(hyper[hyper_name]))
    return (lambda e: loss(e, h)), (lambda e: slope(e, h))


def loss_of_errors(name, errors, weights, reduction, hyper):
    """The reduced loss, in mpmath, of (n, k) rows of mpf errors ``y_pred - y_true``.

    Returns an mpf, or a list of n mpf for ``reduction="none"``. Works at any
    precision, so ``mpmath.diff`` can differentiate it in one error.
    """
    if name == "rmse":
        per_sample = [mpmath.fsum(e * e for e in row) / len(row) for row in errors]
        if reduction == "none":
            return [wi * mpmath.sqrt(m) for wi, m in zip(weights, per_sample)]
        total = mpmath.fsum(wi * m for wi, m in zip(weights, per_sample))
        return mpmath.sqrt(total / mpmath.fsum(weights) if reduction == "mean" else total)
    loss, _ = _element_functions(name, hyper)
    per_sample = [mpmath.fsum(loss(e) for e in row) / len(row) for row in errors]
    weighted = [wi * li for wi, li in zip(weights, per_sample)]
    if reduction == "none":
        return weighted
    total = mpmath.fsum(weighted)
    return total / mpmath.fsum(weights) if reduction == "mean" else total


def reference_loss(name, y_true, y_pred, *, reduction="mean", sample_weight=None, **hyper):
    """The 50-digit value of ``lossfns.regression.<name>(...)``, as mpf (list for "none")."""
    errors = _errors(y_true, y_pred)
    return loss_of_errors(name, errors, _weights(sample_weight, len(errors)), reduction, hyper)


def reference_grad(name, y_true, y_pred, *, reduction="mean", sample_weight=None, **hyper):
    """The 50-digit value of ``lossfns.regression.<name>_grad(...)``, as (n, k) mpf rows."""
    errors = _errors(y_true, y_pred)
    w = _weights(sample_weight, len(errors))
    denominator = mpmath.fsum(w) if reduction == "mean" else mpmath.mpf(1)
    if name == "rmse":
        if reduction == "none":
            roots = [mpmath.sqrt(mpmath.fsum(e * e for e in row) / len(row)) for row in errors]
        else:
            root = reference_loss("rmse", y_true, y_pred, reduction=reduction,
                                  sample_weight=sample_weight)
            roots = [root] * len(errors)
        return [[wi * e / (len(row) * denominator * r) if r else mpmath.mpf(0) for e in row]
                for wi, r, row in zip(w, roots, errors)]
    _, slope = _element_functions(name, hyper)
    return [[wi * slope(e) / (len(row) * denominator) for e in row]
            for wi, row in zip(w, errors)]


# ---------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------

def _representable(values) -> bool:
    return all(v == 0 or _TINY <= abs(v) <= _HUGE for v in values)


def _flat(reference):
    if isinstance(reference, list):
        return [v for item in reference for v in (item if isinstance(item, list) else [item])]
    return [reference]


def _case(name, y_true, y_pred, kwargs, label, grad):
    """An AccuracyCase, or None if the true value is not a normal float64."""
    loss_name = name + ("_grad" if grad else "")
    func = LOSSES[name].grad if grad else LOSSES[name].value
    maker = reference_grad if grad else reference_loss
    reference = maker(name, y_true, y_pred, **kwargs)
    if not _representable(_flat(reference)):
        return None
    shape = np.shape(y_pred)
    if grad:
        value = np.array([to_float(v) for v in _flat(reference)]).reshape(shape)
    elif isinstance(reference, list):
        value = np.array([to_float(v) for v in reference]).reshape(shape[:1])
    else:
        value = to_float(reference)
    return AccuracyCase(name=loss_name, func=func, args=(y_true, y_pred), kwargs=kwargs,
                        reference=value, label=label)


def _single_errors(name, hyper):
    """(y_true, y_pred, label) for one-sample inputs over the error grid."""
    for size in ERROR_SIZES:
        for sign in (1.0, -1.0):
            e = sign * size
            yield [0.0], [e], f"error {e:g}"
            offset = 2.5 if size < 1e8 else -7.0
            yield [offset], [offset + e], f"error {e:g} from y_true={offset:g}"
    threshold = hyper.get("delta", hyper.get("beta"))
    if threshold is not None:
        near = [np.nextafter(threshold, 0.0), threshold, np.nextafter(threshold, np.inf),
                threshold * (1 - 2.0**-40), threshold * (1 + 2.0**-40),
                threshold * 0.5, threshold * 2.0]
        for e in near:
            for sign in (1.0, -1.0):
                yield [0.0], [sign * e], f"error {sign * e!r} near threshold {threshold:g}"
    if name == "log_cosh":
        switch = regression._LOG_COSH_SWITCH
        for e in (np.nextafter(switch, 0.0), switch, np.nextafter(switch, np.inf),
                  1e-5, 0.1, 0.5, 0.9, 1.5, 3.0, 30.0, 354.0, 710.0, 1e5):
            yield [0.0], [-e], f"error {-e!r}"
            yield [1.25], [1.25 + e], f"error {e!r} from y_true=1.25"


_MIXED_TRUE = [-3.0, 0.5, 1e3, -1e-3, 7.25, 0.0]
_MIXED_PRED = [2.0, 0.5 - 1e-10, -1e3, 1e-3, 8.0, 0.0]
_MIXED_WEIGHTS = [1.0, 2.5, 0.5, 3.0, 0.0, 1.0]
_MULTI_TRUE = [[1.0, -2.0], [0.3, 1e-4], [-5.0, 5.0]]
_MULTI_PRED = [[1.5, -2.0], [-0.7, 3e-4], [5.0, 5.0 + 1e-8]]


def _arrays(name, hyper):
    """(y_true, y_pred, extra kwargs, label) for multi-sample inputs and reductions."""
    for reduction in ("mean", "sum", "none"):
        yield _MIXED_TRUE, _MIXED_PRED, {"reduction": reduction}, f"mixed signs, {reduction}"
        yield (_MIXED_TRUE, _MIXED_PRED,
               {"reduction": reduction, "sample_weight": _MIXED_WEIGHTS},
               f"mixed signs, weighted {reduction}")
        yield _MULTI_TRUE, _MULTI_PRED, {"reduction": reduction}, f"(3, 2) outputs, {reduction}"
        yield (_MULTI_TRUE, _MULTI_PRED,
               {"reduction": reduction, "sample_weight": [0.5, 2.0, 1.0]},
               f"(3, 2) outputs, weighted {reduction}")
    yield 1.0, 4.5, {}, "0-d input"
    # samples whose errors span 300 orders of magnitude (rmse scales them)
    yield [0.0, 0.0, 0.0], [1e-300, -1e150, 1e-3], {"reduction": "none"}, "wide range, none"


def accuracy_cases():
    """Every regression loss and gradient over the grid, with 50-digit references."""
    for name, settings in HYPER_SETTINGS.items():
        for hyper in settings:
            suffix = "".join(f", {k}={v:g}" for k, v in hyper.items())
            inputs = [(t, p, {}, label) for t, p, label in _single_errors(name, hyper)]
            inputs += list(_arrays(name, hyper))
            for y_true, y_pred, extra, label in inputs:
                kwargs = {**extra, **hyper}
                for grad in (False, True):
                    case = _case(name, y_true, y_pred, kwargs, label + suffix, grad)
                    if case is not None:
                        yield case


def worst_relative_errors(cases=None) -> dict:
    """name -> (worst relative error, label of the worst case, number of cases)."""
    from . import relative_error

    worst = {}
    for case in cases if cases is not None else accuracy_cases():
        err = relative_error(case.func(*case.args, **case.kwargs), case.reference)
        best = worst.get(case.name, (-math.inf, "", 0))
        count = best[2] + 1
        worst[case.name] = (err, case.label, count) if err > best[0] else (*best[:2], count)
    return worst
