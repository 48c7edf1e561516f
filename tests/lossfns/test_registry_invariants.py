"""The properties every loss in the registry shares, checked for each entry of lossfns.LOSSES.

Each test is parametrised over the registry's losses, called through their records
(``LOSSES[name].value`` and ``.grad``); how to draw valid arguments for each loss is in
``loss_inputs.py`` beside this file. Registering a loss without saying there how to call it
fails ``test_every_registered_loss_has_inputs``, naming the loss. The properties:

* the loss is never negative, under every reduction;
* the reductions agree, for the loss and its gradient: "sum" is "mean" times the total
  weight and "none" sums to "sum" (for every loss that is a sum over samples; not rmse);
* sample weights: weights of one change nothing, integer weights equal repeated rows,
  zero weights equal removed rows, and scaling every weight leaves the mean unchanged;
* the order of the samples does not matter;
* a convex loss lies below its chords (every loss but the focal loss);
* the gradient matches central finite differences of the loss, at seeded points away
  from every kink, and ``lossfns.check_grad`` finds it by itself;
* neither the loss nor its gradient modifies its arguments.

The loss-specific properties (zero at a perfect prediction, symmetry, the statistic a
loss estimates, relabelling the classes, ...) are in test_regression.py and
test_classification.py. Hypothesis draws the same examples on every run (the
"deterministic" profile of tests/conftest.py).
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossfns import LOSSES, check_grad
from tests.lossfns.loss_inputs import (
    INPUTS,
    REDUCTIONS,
    optional_weights,
    problems,
    weights,
)

SETTINGS = settings(max_examples=50, deadline=None)
IDS = [inputs.id for inputs in INPUTS]
SUMS = [inputs for inputs in INPUTS if inputs.sums_per_sample]
CONVEX = [inputs for inputs in INPUTS if inputs.convex]


def _close(got, expected, rtol, what):
    """Equal within ``rtol``, or both below 1e-300 (subnormal numbers carry fewer digits)."""
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=1e-300, err_msg=what)


def _both(inputs):
    """The loss and its gradient, as registered."""
    info = LOSSES[inputs.name]
    return info.value, info.grad


def test_every_registered_loss_has_inputs():
    missing = sorted(set(LOSSES) - {inputs.name for inputs in INPUTS})
    assert not missing, (
        f"registered losses {missing} are not tested for the properties every loss shares: "
        f"add a LossInputs for each to INPUTS in tests/lossfns/loss_inputs.py")
    unknown = sorted({inputs.name for inputs in INPUTS} - set(LOSSES))
    assert not unknown, f"tests/lossfns/loss_inputs.py describes unregistered losses {unknown}"


@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_loss_is_never_negative(inputs, data):
    loss, _ = _both(inputs)
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    w = data.draw(optional_weights(len(y_pred)))
    for reduction in REDUCTIONS:
        value = loss(y_true, y_pred, reduction=reduction, sample_weight=w, **kwargs)
        assert np.all(value >= inputs.floor), f"{inputs.id}, {reduction}: {value}"


@pytest.mark.parametrize("inputs", SUMS, ids=[inputs.id for inputs in SUMS])
@SETTINGS
@given(data=st.data())
def test_reductions_agree_for_loss_and_gradient(inputs, data):
    loss, grad = _both(inputs)
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    w = data.draw(optional_weights(len(y_pred)))
    total_weight = len(y_pred) if w is None else w.sum()
    kwargs = dict(kwargs, sample_weight=w)
    mean = loss(y_true, y_pred, reduction="mean", **kwargs)
    total = loss(y_true, y_pred, reduction="sum", **kwargs)
    none = loss(y_true, y_pred, reduction="none", **kwargs)
    _close(total, mean * total_weight, 1e-13, "sum = mean x total weight")
    _close(none.sum(), total, 1e-13, "none sums to sum")
    grad_mean = grad(y_true, y_pred, reduction="mean", **kwargs)
    grad_sum = grad(y_true, y_pred, reduction="sum", **kwargs)
    grad_none = grad(y_true, y_pred, reduction="none", **kwargs)
    assert grad_none.shape == grad_sum.shape == grad_mean.shape == np.shape(y_pred)
    _close(grad_sum, grad_mean * total_weight, 1e-13, "gradient of sum = of mean x weight")
    # each sample's own derivative is its share of the sum's gradient
    np.testing.assert_array_equal(grad_none, grad_sum)


@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_weights_of_one_change_nothing(inputs, data):
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    ones = np.ones(len(y_pred))
    for func in _both(inputs):
        for reduction in REDUCTIONS:
            np.testing.assert_array_equal(
                func(y_true, y_pred, reduction=reduction, sample_weight=ones, **kwargs),
                func(y_true, y_pred, reduction=reduction, **kwargs),
                err_msg=f"{func.__name__}, {reduction}")


@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_integer_weights_equal_repeated_rows(inputs, data):
    loss, grad = _both(inputs)
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    n = len(y_pred)
    counts = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 5)))
    assume(counts.sum() > 0)
    repeated = np.repeat(np.arange(n), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[counts > 0]
    for reduction in ("mean", "sum"):
        _close(loss(y_true, y_pred, reduction=reduction, sample_weight=counts, **kwargs),
               loss(y_true[repeated], y_pred[repeated], reduction=reduction, **kwargs),
               1e-13, f"{reduction} loss")
        # one weighted row feels the pull of all its copies
        weighted = grad(y_true, y_pred, reduction=reduction, sample_weight=counts, **kwargs)
        copies = grad(y_true[repeated], y_pred[repeated], reduction=reduction, **kwargs)
        np.testing.assert_allclose(weighted[counts > 0], np.add.reduceat(copies, starts, axis=0),
                                   rtol=1e-13, atol=1e-15, err_msg=f"{reduction} gradient")
        np.testing.assert_array_equal(weighted[counts == 0], 0.0)


@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_zero_weights_equal_removed_rows(inputs, data):
    loss, grad = _both(inputs)
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    n = len(y_pred)
    w = data.draw(weights(n)) * data.draw(hnp.arrays(np.bool_, (n,)))
    keep = w > 0
    assume(keep.any())
    for reduction in ("mean", "sum"):
        kept = {"reduction": reduction, "sample_weight": w[keep], **kwargs}
        _close(loss(y_true, y_pred, reduction=reduction, sample_weight=w, **kwargs),
               loss(y_true[keep], y_pred[keep], **kept), 1e-14, f"{reduction} loss")
        full = grad(y_true, y_pred, reduction=reduction, sample_weight=w, **kwargs)
        _close(full[keep], grad(y_true[keep], y_pred[keep], **kept), 1e-14,
               f"{reduction} gradient")
        np.testing.assert_array_equal(full[~keep], 0.0)


@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
@SETTINGS
@given(data=st.data(), factor=st.sampled_from([1e-6, 0.3, 7.0, 1e6]))
def test_scaling_every_weight_does_not_change_the_mean(inputs, data, factor):
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    w = data.draw(weights(len(y_pred), low=0.1, high=2.0))
    for func in _both(inputs):
        _close(func(y_true, y_pred, sample_weight=factor * w, **kwargs),
               func(y_true, y_pred, sample_weight=w, **kwargs), 1e-14, func.__name__)


@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_order_of_the_samples_does_not_matter(inputs, data):
    y_true, y_pred, kwargs = data.draw(problems(inputs))
    w = data.draw(optional_weights(len(y_pred)))
    order = np.array(data.draw(st.permutations(range(len(y_pred)))))
    w_order = None if w is None else w[order]
    for func in _both(inputs):
        for reduction in REDUCTIONS:
            before = func(y_true, y_pred, reduction=reduction, sample_weight=w, **kwargs)
            after = func(y_true[order], y_pred[order], reduction=reduction,
                         sample_weight=w_order, **kwargs)
            permuted = reduction == "none" or func is LOSSES[inputs.name].grad
            _close(after, before[order] if permuted else before,
                   1e-15 if reduction == "none" else 1e-13, f"{func.__name__}, {reduction}")


@pytest.mark.parametrize("inputs", CONVEX, ids=[inputs.id for inputs in CONVEX])
@SETTINGS
@given(data=st.data(), t=st.floats(0.0, 1.0))
def test_convex_losses_lie_below_their_chords(inputs, data, t):
    loss, _ = _both(inputs)
    y_true, a, kwargs = data.draw(problems(inputs))
    b = inputs.prediction(data.draw, a, kwargs)
    w = data.draw(optional_weights(len(a)))
    middle = t * a + (1 - t) * b      # probabilities (rows) stay probabilities (rows)
    for reduction in REDUCTIONS:
        def f(y_pred, reduction=reduction):
            return loss(y_true, y_pred, reduction=reduction, sample_weight=w, **kwargs)

        chord = t * f(a) + (1 - t) * f(b)
        slack = 1e-12 * (np.abs(f(a)) + np.abs(f(b))) + 1e-12
        assert np.all(f(middle) <= chord + slack), (reduction, f(middle), chord)


# ---------------------------------------------------------------------------
# the gradient, at seeded points away from every kink
# ---------------------------------------------------------------------------

def _rng(*key) -> np.random.Generator:
    """A generator seeded from the test's identity (stable across runs, unlike hash())."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _central_differences(loss, y_true, y_pred, kwargs, step):
    """d loss / d y_pred by central differences (each sample's own loss for "none")."""
    x = np.array(y_pred, dtype=np.float64)
    flat = x.ravel()
    per_sample = flat.size // x.shape[0]
    out = np.empty_like(flat)
    for j in range(flat.size):
        h = step * max(1.0, abs(flat[j]))
        up, down = flat.copy(), flat.copy()
        up[j] += h
        down[j] -= h
        taken = up[j] - down[j]          # the step actually taken, after rounding
        moved = (np.asarray(loss(y_true, up.reshape(x.shape), **kwargs))
                 - np.asarray(loss(y_true, down.reshape(x.shape), **kwargs))) / taken
        if kwargs["reduction"] == "none":
            i = j // per_sample
            # sample i's loss moves with its own predictions only
            np.testing.assert_allclose(np.delete(moved, i), 0.0, atol=1e-12)
            moved = moved[i]
        out[j] = moved
    return out.reshape(x.shape)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
def test_gradient_matches_central_finite_differences(inputs, reduction, weighted):
    info = LOSSES[inputs.name]
    rng = _rng(inputs.id, reduction, weighted)
    for label, y_true, y_pred, kwargs in inputs.smooth(rng):
        kwargs = {**inputs.hyper, **kwargs, "reduction": reduction,
                  "sample_weight": rng.uniform(0.1, 2.0, size=len(y_pred)) if weighted else None}
        analytic = info.grad(y_true, y_pred, **kwargs)
        assert analytic.shape == np.shape(y_pred), label
        numeric = _central_differences(info.value, y_true, y_pred, kwargs, inputs.step)
        scale = max(1.0, float(np.max(np.abs(analytic))))
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9 * scale,
                                   err_msg=f"{inputs.id} at {label}")
        if reduction != "none":
            # check_grad finds the registered gradient by itself
            assert check_grad(info.value, y_true, y_pred, **kwargs) < 1e-6, label


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("inputs", INPUTS, ids=IDS)
def test_losses_and_gradients_never_modify_their_inputs(inputs, reduction):
    rng = _rng(inputs.id, "inputs")
    for label, y_true, y_pred, kwargs in inputs.smooth(rng):
        w = rng.uniform(0.5, 2.0, size=len(y_pred))
        for sample_weight in (None, w):
            before = (y_true.copy(), y_pred.copy(), w.copy())
            for func in _both(inputs):
                func(y_true, y_pred, reduction=reduction, sample_weight=sample_weight,
                     **inputs.hyper, **kwargs)
            for what, original, now in zip(("y_true", "y_pred", "sample_weight"), before,
                                           (y_true, y_pred, w)):
                np.testing.assert_array_equal(original, now, err_msg=f"{what} at {label}")
