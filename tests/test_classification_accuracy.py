"""Accuracy of classification losses and gradients against oracles nobody here derived.

* every case of ``tests.oracles.classification.accuracy_cases()`` (50-digit
  mpmath on a grid of extremes) within 1e-13 relative;
* every ``_grad`` against central finite differences of its own loss, and
  against mpmath derivatives, on seeded random inputs and all three reductions.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from lossfns import classification as C
from tests.oracles import classification as oracle
from tests.oracles import relative_error

TOLERANCE = 1e-13
CASES = list(oracle.accuracy_cases())


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}[{c.label}]" for c in CASES])
def test_classification_matches_50_digit_mpmath_within_1e_13(case):
    value = case.func(*case.args, **case.kwargs)
    assert relative_error(value, case.reference) < TOLERANCE


def test_accuracy_grid_covers_every_public_function():
    covered = {case.name for case in CASES}
    assert covered == set(C.__all__)


# ---------------------------------------------------------------------------
# random inputs for every loss
# ---------------------------------------------------------------------------

@dataclass
class Spec:
    name: str
    loss: Callable
    grad: Callable
    make: Callable            # rng -> (y_true, y_pred, kwargs)
    step: float               # finite-difference step
    mp_value: Callable | None = None    # oracle per-sample closure factory (multi-class)
    mp_elementwise: Callable | None = None


def _probability_rows(rng, n, k):
    return rng.dirichlet(np.ones(k), size=n) * 0.85 + 0.15 / k


def _labels_or_rows(rng, n, k, rows):
    return _probability_rows(rng, n, k) if rows else rng.integers(0, k, size=n)


def _hinge_scores(rng, y, shape):
    while True:
        s = rng.normal(scale=1.5, size=shape)
        if np.all(np.abs(1 - y * s) > 1e-3):
            return s


def _multiclass_scores(rng, y, n, k):
    while True:
        s = rng.normal(scale=1.5, size=(n, k))
        rivals = 1 + s - s[np.arange(n), y][:, None]
        rivals[np.arange(n), y] = -10
        ordered = np.sort(rivals, axis=1)
        if np.all(np.abs(rivals) > 1e-3) and np.all(ordered[:, -1] - ordered[:, -2] > 1e-3):
            return s


def _ce_make(rows, smoothing=0.0, class_weight=None):
    def make(rng):
        y = _labels_or_rows(rng, 4, 3, rows)
        kwargs = {"label_smoothing": smoothing, "class_weight": class_weight}
        return y, rng.normal(scale=2.0, size=(4, 3)), kwargs
    return make


def _focal_make(rows, gamma):
    def make(rng):
        return _labels_or_rows(rng, 4, 3, rows), rng.normal(scale=2.0, size=(4, 3)), \
            {"gamma": gamma}
    return make


def _hinge_make(variant):
    def make(rng):
        y = rng.integers(0, 3, size=4)
        return y, _multiclass_scores(rng, y, 4, 3), {"variant": variant}
    return make


def _bce_make(rng):
    y = np.where(rng.uniform(size=(4, 2)) < 0.5, rng.integers(0, 2, size=(4, 2)),
                 rng.uniform(size=(4, 2)))
    return y, rng.uniform(0.05, 0.95, size=(4, 2)), {}


def _bce_logits_make(rng):
    return rng.uniform(size=4), rng.normal(scale=3.0, size=4), {}


def _binary_hinge_make(rng):
    y = rng.choice([-1.0, 1.0], size=5)
    return y, _hinge_scores(rng, y, 5), {}


COSTS = np.array([[0.0, 1.0, 4.0], [2.0, 0.0, 1.0], [3.0, 0.5, 0.0]])
CLASS_WEIGHT = [0.5, 2.0, 1.0]

SPECS = [
    Spec("binary_cross_entropy", C.binary_cross_entropy, C.binary_cross_entropy_grad,
         _bce_make, 1e-6, mp_elementwise=oracle.mp_bce),
    Spec("binary_cross_entropy_with_logits", C.binary_cross_entropy_with_logits,
         C.binary_cross_entropy_with_logits_grad, _bce_logits_make, 1e-6,
         mp_elementwise=oracle.mp_bce_with_logits),
    Spec("hinge", C.hinge, C.hinge_grad, _binary_hinge_make, 1e-6,
         mp_elementwise=oracle.mp_hinge),
    Spec("cross_entropy[indices]", C.cross_entropy, C.cross_entropy_grad, _ce_make(False), 1e-6,
         mp_value=lambda kw: oracle.ce_sample()),
    Spec("cross_entropy[rows]", C.cross_entropy, C.cross_entropy_grad, _ce_make(True), 1e-6,
         mp_value=lambda kw: oracle.ce_sample()),
    Spec("cross_entropy[smoothing, class_weight]", C.cross_entropy, C.cross_entropy_grad,
         _ce_make(False, 0.15, CLASS_WEIGHT), 1e-6,
         mp_value=lambda kw: oracle.ce_sample(0.15, CLASS_WEIGHT)),
    Spec("cross_entropy[rows, class_weight]", C.cross_entropy, C.cross_entropy_grad,
         _ce_make(True, 0.0, CLASS_WEIGHT), 1e-6,
         mp_value=lambda kw: oracle.ce_sample(0.0, CLASS_WEIGHT)),
    Spec("categorical_cross_entropy", C.categorical_cross_entropy,
         C.categorical_cross_entropy_grad,
         lambda rng: (_labels_or_rows(rng, 4, 3, rng.uniform() < 0.5),
                      _probability_rows(rng, 4, 3), {}), 1e-7,
         mp_value=lambda kw: oracle.cce_sample),
    Spec("multiclass_hinge[crammer_singer]", C.multiclass_hinge, C.multiclass_hinge_grad,
         _hinge_make("crammer_singer"), 1e-6,
         mp_value=lambda kw: oracle.hinge_sample("crammer_singer")),
    Spec("multiclass_hinge[weston_watkins]", C.multiclass_hinge, C.multiclass_hinge_grad,
         _hinge_make("weston_watkins"), 1e-6,
         mp_value=lambda kw: oracle.hinge_sample("weston_watkins")),
    Spec("expected_cost", C.expected_cost, C.expected_cost_grad,
         lambda rng: (_labels_or_rows(rng, 4, 3, rng.uniform() < 0.5),
                      _probability_rows(rng, 4, 3), {"cost_matrix": COSTS}), 1e-7,
         mp_value=lambda kw: oracle.cost_sample(COSTS)),
    Spec("focal_loss[indices, gamma 2]", C.focal_loss, C.focal_loss_grad, _focal_make(False, 2.0),
         1e-6, mp_value=lambda kw: oracle.focal_sample(kw["gamma"])),
    Spec("focal_loss[rows, gamma 0.5]", C.focal_loss, C.focal_loss_grad, _focal_make(True, 0.5),
         1e-6, mp_value=lambda kw: oracle.focal_sample(kw["gamma"])),
    Spec("kl_divergence", C.kl_divergence, C.kl_divergence_grad,
         lambda rng: (_probability_rows(rng, 4, 3), _probability_rows(rng, 4, 3), {}), 1e-7,
         mp_value=lambda kw: oracle.kl_sample),
]

REDUCTIONS = ("mean", "sum", "none")


def _rng(*key) -> np.random.Generator:
    """A generator seeded from the test's identity (stable across runs, unlike hash())."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _finite_difference(spec, y_true, y_pred, kwargs):
    """Central differences of the reduced loss (each sample's own value for 'none')."""
    x = np.array(y_pred, dtype=np.float64)
    flat = x.ravel()
    per_sample = flat.size // x.shape[0]
    out = np.empty_like(flat)
    for j in range(flat.size):
        h = spec.step * max(1.0, abs(flat[j]))
        plus, minus = flat.copy(), flat.copy()
        plus[j] += h
        minus[j] -= h
        f_plus = spec.loss(y_true, plus.reshape(x.shape), **kwargs)
        f_minus = spec.loss(y_true, minus.reshape(x.shape), **kwargs)
        if kwargs["reduction"] == "none":
            i = j // per_sample
            f_plus, f_minus = f_plus[i], f_minus[i]
        out[j] = (f_plus - f_minus) / (2 * h)
    return out.reshape(x.shape)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_gradient_matches_central_finite_differences(spec, reduction):
    rng = _rng(spec.name, reduction)
    for _ in range(3):
        y_true, y_pred, kwargs = spec.make(rng)
        kwargs = dict(kwargs, reduction=reduction,
                      sample_weight=rng.uniform(0.1, 2.0, size=np.shape(y_pred)[0]))
        analytic = spec.grad(y_true, y_pred, **kwargs)
        numeric = _finite_difference(spec, y_true, y_pred, kwargs)
        assert analytic.shape == np.shape(y_pred)
        scale = max(1.0, float(np.max(np.abs(analytic))))
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-7 * scale)


def _mp_reference_gradient(spec, y_true, y_pred, kwargs):
    reduction = kwargs["reduction"]
    weights = kwargs.get("sample_weight")
    if spec.mp_elementwise is not None:
        return oracle.elementwise_grad(spec.mp_elementwise, y_true, y_pred, reduction, weights)
    return oracle.multiclass_grad(spec.mp_value(kwargs), y_true, y_pred, reduction, weights)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_gradient_matches_mpmath_derivative_on_random_inputs(spec, reduction):
    rng = _rng(spec.name, reduction, "mp")
    for _ in range(2):
        y_true, y_pred, kwargs = spec.make(rng)
        kwargs = dict(kwargs, reduction=reduction,
                      sample_weight=rng.uniform(0.1, 2.0, size=np.shape(y_pred)[0]))
        analytic = spec.grad(y_true, y_pred, **kwargs)
        reference = _mp_reference_gradient(spec, y_true, y_pred, kwargs)
        error = np.max(np.abs(analytic - reference)) / np.max(np.abs(reference))
        assert error < 1e-13


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_loss_matches_mpmath_on_random_inputs(spec):
    rng = _rng(spec.name, "value")
    for reduction in REDUCTIONS:
        y_true, y_pred, kwargs = spec.make(rng)
        weights = rng.uniform(0.1, 2.0, size=np.shape(y_pred)[0])
        value = spec.loss(y_true, y_pred, reduction=reduction, sample_weight=weights, **kwargs)
        if spec.mp_elementwise is not None:
            reference = oracle.elementwise_value(spec.mp_elementwise, y_true, y_pred,
                                                 reduction=reduction, sample_weight=weights)
        else:
            reference = oracle.multiclass_value(spec.mp_value(kwargs), y_true, y_pred,
                                                reduction, weights)
        assert relative_error(value, reference) < TOLERANCE
