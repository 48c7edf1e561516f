"""Property-based tests (hypothesis) of every classification loss.

Non-negativity, zero at a perfect prediction, consistency of the three
reductions, sample-weight invariances (weight 1, integer weights = repeated
rows, zero weights = removed rows), permutation invariance, and convexity along
random lines for the convex losses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossfns import classification as C

SETTINGS = settings(max_examples=40, deadline=None)

logits = st.floats(-1e3, 1e3, allow_nan=False)
probability = st.floats(1e-300, 1.0 - 2.0**-53)
unit = st.floats(0.0, 1.0)
COSTS = np.array([[0.0, 1.0, 4.0, 2.0], [2.0, 0.0, 1.0, 3.0], [3.0, 0.5, 0.0, 1.0],
                  [1.0, 1.0, 1.0, 0.0]])


@st.composite
def probability_rows(draw, n, k):
    raw = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(1e-3, 1.0)))
    return raw / raw.sum(axis=1, keepdims=True)


@st.composite
def class_targets(draw, n, k, rows_allowed=True):
    if rows_allowed and draw(st.booleans()):
        return draw(probability_rows(n, k))
    return draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))


@dataclass
class Spec:
    name: str
    loss: Callable
    grad: Callable
    draw: Callable            # (draw, n) -> (y_true, y_pred, kwargs)
    convex: bool
    classes_axis: bool        # y_pred has a class axis that may be permuted


def _binary_probabilities(draw, n):
    y = draw(hnp.arrays(np.float64, (n,), elements=st.one_of(st.sampled_from([0.0, 1.0]), unit)))
    return y, draw(hnp.arrays(np.float64, (n,), elements=probability)), {}


def _binary_logits(draw, n):
    y = draw(hnp.arrays(np.float64, (n,), elements=st.one_of(st.sampled_from([0.0, 1.0]), unit)))
    return y, draw(hnp.arrays(np.float64, (n,), elements=logits)), {}


def _binary_hinge(draw, n):
    y = draw(hnp.arrays(np.float64, (n,), elements=st.sampled_from([-1.0, 1.0])))
    return y, draw(hnp.arrays(np.float64, (n,), elements=logits)), {}


def _k(draw):
    return draw(st.integers(2, 4))


def _cross_entropy(draw, n):
    k = _k(draw)
    kwargs = {"label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5]))}
    return draw(class_targets(n, k)), draw(hnp.arrays(np.float64, (n, k), elements=logits)), \
        kwargs


def _focal(draw, n):
    k = _k(draw)
    return draw(class_targets(n, k)), draw(hnp.arrays(np.float64, (n, k), elements=logits)), \
        {"gamma": draw(st.floats(0.0, 5.0))}


def _categorical(draw, n):
    k = _k(draw)
    return draw(class_targets(n, k)), draw(probability_rows(n, k)), {}


def _multiclass_hinge(draw, n):
    k = _k(draw)
    return draw(class_targets(n, k, rows_allowed=False)), \
        draw(hnp.arrays(np.float64, (n, k), elements=logits)), \
        {"variant": draw(st.sampled_from(["crammer_singer", "weston_watkins"]))}


def _expected_cost(draw, n):
    k = _k(draw)
    return draw(class_targets(n, k)), draw(probability_rows(n, k)), \
        {"cost_matrix": COSTS[:k, :k]}


def _kl(draw, n):
    k = _k(draw)
    return draw(probability_rows(n, k)), draw(probability_rows(n, k)), {}


SPECS = [
    Spec("binary_cross_entropy", C.binary_cross_entropy, C.binary_cross_entropy_grad,
         _binary_probabilities, convex=True, classes_axis=False),
    Spec("binary_cross_entropy_with_logits", C.binary_cross_entropy_with_logits,
         C.binary_cross_entropy_with_logits_grad, _binary_logits, convex=True,
         classes_axis=False),
    Spec("hinge", C.hinge, C.hinge_grad, _binary_hinge, convex=True, classes_axis=False),
    Spec("cross_entropy", C.cross_entropy, C.cross_entropy_grad, _cross_entropy, convex=True,
         classes_axis=True),
    Spec("focal_loss", C.focal_loss, C.focal_loss_grad, _focal, convex=False, classes_axis=True),
    Spec("categorical_cross_entropy", C.categorical_cross_entropy,
         C.categorical_cross_entropy_grad, _categorical, convex=True, classes_axis=True),
    Spec("multiclass_hinge", C.multiclass_hinge, C.multiclass_hinge_grad, _multiclass_hinge,
         convex=True, classes_axis=True),
    Spec("expected_cost", C.expected_cost, C.expected_cost_grad, _expected_cost, convex=True,
         classes_axis=False),
    Spec("kl_divergence", C.kl_divergence, C.kl_divergence_grad, _kl, convex=True,
         classes_axis=True),
]
IDS = [spec.name for spec in SPECS]
CONVEX = [spec for spec in SPECS if spec.convex]

sizes = st.integers(1, 6)


def weights_for(n):
    return hnp.arrays(np.float64, (n,), elements=st.floats(0.05, 5.0))


def _close(a, b, rtol=1e-13):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_loss_is_non_negative(spec, data):
    n = data.draw(sizes)
    y_true, y_pred, kwargs = spec.draw(data.draw, n)
    losses = spec.loss(y_true, y_pred, reduction="none", **kwargs)
    # KL of rows whose sums differ in the last bit can be -1e-17: the true value
    floor = -1e-15 if spec.name == "kl_divergence" else 0.0
    assert np.all(losses >= floor)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_reductions_are_consistent_for_loss_and_gradient(spec, data):
    n = data.draw(sizes)
    y_true, y_pred, kwargs = spec.draw(data.draw, n)
    w = data.draw(weights_for(n))
    none = spec.loss(y_true, y_pred, reduction="none", sample_weight=w, **kwargs)
    total = spec.loss(y_true, y_pred, reduction="sum", sample_weight=w, **kwargs)
    mean = spec.loss(y_true, y_pred, reduction="mean", sample_weight=w, **kwargs)
    _close(none.sum(), total)
    _close(mean, total / w.sum())
    grad_none = spec.grad(y_true, y_pred, reduction="none", sample_weight=w, **kwargs)
    grad_sum = spec.grad(y_true, y_pred, reduction="sum", sample_weight=w, **kwargs)
    grad_mean = spec.grad(y_true, y_pred, reduction="mean", sample_weight=w, **kwargs)
    assert grad_none.shape == grad_sum.shape == grad_mean.shape == np.shape(y_pred)
    _close(grad_none, grad_sum)
    _close(grad_mean, grad_sum / w.sum())


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_weights_of_one_equal_no_weights(spec, data):
    n = data.draw(sizes)
    y_true, y_pred, kwargs = spec.draw(data.draw, n)
    for reduction in ("mean", "sum", "none"):
        _close(spec.loss(y_true, y_pred, reduction=reduction, sample_weight=np.ones(n), **kwargs),
               spec.loss(y_true, y_pred, reduction=reduction, **kwargs), rtol=1e-15)
        _close(spec.grad(y_true, y_pred, reduction=reduction, sample_weight=np.ones(n), **kwargs),
               spec.grad(y_true, y_pred, reduction=reduction, **kwargs), rtol=1e-15)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_integer_weights_equal_repeated_rows_and_zero_weights_removed_rows(spec, data):
    n = data.draw(sizes)
    y_true, y_pred, kwargs = spec.draw(data.draw, n)
    counts = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 3)))
    assume(counts.sum() > 0)
    repeated = np.repeat(np.arange(n), counts)
    for reduction in ("mean", "sum"):
        weighted = spec.loss(y_true, y_pred, reduction=reduction, sample_weight=counts, **kwargs)
        expanded = spec.loss(y_true[repeated], y_pred[repeated], reduction=reduction, **kwargs)
        _close(weighted, expanded, rtol=1e-12)
    kept = counts > 0
    grad = spec.grad(y_true, y_pred, reduction="mean", sample_weight=counts.astype(float),
                     **kwargs)
    assert np.all(grad[~kept] == 0.0)
    grad_kept = spec.grad(y_true[kept], y_pred[kept], reduction="mean",
                          sample_weight=counts[kept].astype(float), **kwargs)
    _close(grad[kept], grad_kept, rtol=1e-12)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_permuting_samples_permutes_losses_and_keeps_the_mean(spec, data):
    n = data.draw(sizes)
    y_true, y_pred, kwargs = spec.draw(data.draw, n)
    order = np.array(data.draw(st.permutations(range(n))))
    _close(spec.loss(y_true[order], y_pred[order], reduction="none", **kwargs),
           spec.loss(y_true, y_pred, reduction="none", **kwargs)[order], rtol=1e-15)
    _close(spec.loss(y_true[order], y_pred[order], **kwargs), spec.loss(y_true, y_pred, **kwargs),
           rtol=1e-13)
    _close(spec.grad(y_true[order], y_pred[order], **kwargs),
           spec.grad(y_true, y_pred, **kwargs)[order], rtol=1e-13)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.classes_axis],
                         ids=[s.name for s in SPECS if s.classes_axis])
@SETTINGS
@given(data=st.data())
def test_relabelling_the_classes_changes_nothing(spec, data):
    n = data.draw(sizes)
    y_true, y_pred, kwargs = spec.draw(data.draw, n)
    k = y_pred.shape[1]
    order = np.array(data.draw(st.permutations(range(k))))   # new class c is old order[c]
    inverse = np.argsort(order)
    new_true = inverse[y_true] if y_true.ndim == 1 else y_true[:, order]
    _close(spec.loss(new_true, y_pred[:, order], reduction="none", **kwargs),
           spec.loss(y_true, y_pred, reduction="none", **kwargs), rtol=1e-12)
    _close(spec.grad(new_true, y_pred[:, order], **kwargs),
           spec.grad(y_true, y_pred, **kwargs)[:, order], rtol=1e-12)


@pytest.mark.parametrize("spec", CONVEX, ids=[s.name for s in CONVEX])
@SETTINGS
@given(data=st.data())
def test_convex_losses_lie_below_their_chords(spec, data):
    n = data.draw(sizes)
    y_true, a, kwargs = spec.draw(data.draw, n)
    _, b, _ = spec.draw(data.draw, n)
    assume(np.shape(a) == np.shape(b))
    for t in (0.25, 0.5, 0.75):
        middle = (1 - t) * a + t * b      # probabilities (rows) stay probabilities (rows)
        f_a = spec.loss(y_true, a, reduction="none", **kwargs)
        f_b = spec.loss(y_true, b, reduction="none", **kwargs)
        f_mid = spec.loss(y_true, middle, reduction="none", **kwargs)
        chord = (1 - t) * f_a + t * f_b
        assert np.all(f_mid <= chord + 1e-12 * (np.abs(f_a) + np.abs(f_b)) + 1e-12)


# --- zero loss exactly where the prediction is perfect ---------------------------------

@SETTINGS
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.sampled_from([-1.0, 1.0])),
       st.floats(1.0, 1e6))
def test_hinge_is_zero_once_the_margin_is_met(y, size):
    assert C.hinge(y, y * size) == 0.0
    assert np.all(C.hinge_grad(y, y * size, reduction="none") == 0.0)


@SETTINGS
@given(st.integers(2, 5), st.integers(0, 4), st.floats(1.0, 1e6),
       st.sampled_from(["crammer_singer", "weston_watkins"]))
def test_multiclass_hinge_is_zero_once_every_margin_is_met(k, label, gap, variant):
    label = label % k
    scores = np.zeros(k)
    scores[label] = gap
    assert C.multiclass_hinge(label, scores, variant=variant) == 0.0
    assert np.all(C.multiclass_hinge_grad(label, scores, variant=variant) == 0.0)


@SETTINGS
@given(st.integers(2, 5), st.integers(0, 4), st.floats(800.0, 1e6))
def test_cross_entropy_family_is_zero_at_a_certain_right_answer(k, label, gap):
    label = label % k
    one_hot = np.eye(k)[label]
    z = np.where(one_hot == 1, gap, 0.0)           # softmax(z) is one-hot in float64
    assert C.cross_entropy(label, z) == 0.0
    assert C.cross_entropy(one_hot, z) == 0.0
    assert C.focal_loss(label, z) == 0.0
    assert C.categorical_cross_entropy(label, one_hot) == 0.0
    assert C.kl_divergence(one_hot, one_hot) == 0.0
    assert C.expected_cost(label, one_hot, cost_matrix=1.0 - np.eye(k)) == 0.0
    assert C.binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0


@SETTINGS
@given(st.integers(2, 4).flatmap(lambda k: probability_rows(3, k)))
def test_kl_divergence_of_a_distribution_from_itself_is_zero(p):
    np.testing.assert_array_equal(C.kl_divergence(p, p, reduction="none"), 0.0)
