"""lossfns._reduction: mean / sum / none and sample weights, in one place.

Exercised through ``mse`` and ``mae`` (and their gradients), whose values are easy to
work out by hand; the weight invariances run over every regression loss.
"""

from __future__ import annotations

import numpy as np
import pytest

from lossfns.regression import mae, mae_grad, mse, mse_grad
from tests.oracles.regression import LOSSES

BASIC = [mse, mse_grad, mae, mae_grad]

VARIANTS = [
    ("mse", {}), ("rmse", {}), ("mae", {}), ("log_cosh", {}), ("huber", {"delta": 0.7}),
    ("smooth_l1", {"beta": 0.7}), ("quantile_loss", {"q": 0.3}),
]
VARIANT_IDS = [name for name, _ in VARIANTS]


# ---------------------------------------------------------------------------
# What each reduction returns
# ---------------------------------------------------------------------------

def test_reductions_of_weighted_squared_errors_by_hand():
    y_true, y_pred, w = [0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [1.0, 0.0, 3.0]
    np.testing.assert_array_equal(mse(y_true, y_pred, reduction="none"), [1.0, 4.0, 9.0])
    assert mse(y_true, y_pred) == 14.0 / 3.0
    np.testing.assert_array_equal(mse(y_true, y_pred, reduction="none", sample_weight=w),
                                  [1.0, 0.0, 27.0])
    assert mse(y_true, y_pred, reduction="sum", sample_weight=w) == 28.0
    assert mse(y_true, y_pred, sample_weight=w) == 7.0  # 28 / (1 + 0 + 3)


def test_gradients_of_each_reduction_by_hand():
    y_true, y_pred, w = [0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [1.0, 0.0, 3.0]
    np.testing.assert_array_equal(mse_grad(y_true, y_pred, sample_weight=w), [0.5, 0.0, 4.5])
    np.testing.assert_array_equal(mse_grad(y_true, y_pred, reduction="sum", sample_weight=w),
                                  [2.0, 0.0, 18.0])
    np.testing.assert_array_equal(mse_grad(y_true, y_pred, reduction="none", sample_weight=w),
                                  [2.0, 0.0, 18.0])
    np.testing.assert_allclose(mae_grad(y_true, y_pred), [1 / 3, 1 / 3, 1 / 3], rtol=1e-15)


def test_several_outputs_are_averaged_per_sample_then_reduced():
    y_true = np.zeros((2, 2))
    y_pred = np.array([[1.0, -3.0], [2.0, 2.0]])
    np.testing.assert_array_equal(mae(y_true, y_pred, reduction="none"), [2.0, 2.0])
    np.testing.assert_array_equal(mse(y_true, y_pred, reduction="none"), [5.0, 4.0])
    assert mae(y_true, y_pred) == 2.0
    assert mae(y_true, y_pred, reduction="sum", sample_weight=[1.0, 3.0]) == 8.0
    np.testing.assert_array_equal(mae_grad(y_true, y_pred), [[0.25, -0.25], [0.25, 0.25]])
    np.testing.assert_array_equal(mae_grad(y_true, y_pred, reduction="sum",
                                           sample_weight=[1.0, 3.0]),
                                  [[0.5, -0.5], [1.5, 1.5]])


def test_a_0d_input_is_one_sample():
    assert mse(1.0, 3.0) == 4.0
    assert mse(1.0, 3.0, reduction="sum", sample_weight=2.5) == 10.0
    assert mse(1.0, 3.0, sample_weight=2.5) == 4.0
    none = mse(1.0, 3.0, reduction="none")
    assert np.shape(none) == () and none == 4.0
    grad = mse_grad(1.0, 3.0)
    assert np.shape(grad) == () and grad == 4.0


def test_a_mean_over_zero_total_weight_is_refused_but_a_sum_is_zero():
    with pytest.raises(ValueError, match="sample_weight must not sum to 0"):
        mse([0.0, 1.0], [1.0, 1.0], sample_weight=[0.0, 0.0])
    with pytest.raises(ValueError, match="sample_weight must not sum to 0"):
        mae_grad([0.0, 1.0], [1.0, 1.0], sample_weight=[0.0, 0.0])
    assert mse([0.0, 1.0], [1.0, 1.0], reduction="sum", sample_weight=[0.0, 0.0]) == 0.0


def test_inputs_are_not_modified():
    y_true, y_pred, w = np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([1.0, 2.0])
    copies = [a.copy() for a in (y_true, y_pred, w)]
    for func in BASIC:
        func(y_true, y_pred, sample_weight=w)
    for original, copy in zip((y_true, y_pred, w), copies):
        np.testing.assert_array_equal(original, copy)


# ---------------------------------------------------------------------------
# scikit-learn's sample-weight invariances, for every regression loss
# ---------------------------------------------------------------------------

def _problem(seed, shape=(7, 2)):
    rng = np.random.default_rng(seed)
    y_true = rng.normal(size=shape)
    return y_true, y_true + rng.normal(0.0, 2.0, size=shape)


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
def test_integer_weights_equal_repeated_rows(name, hyper):
    loss, grad = LOSSES[name]
    y_true, y_pred = _problem(1)
    counts = np.array([1, 3, 0, 2, 1, 5, 1])
    repeated = (np.repeat(y_true, counts, axis=0), np.repeat(y_pred, counts, axis=0))
    for reduction in ("mean", "sum"):
        assert loss(y_true, y_pred, reduction=reduction, sample_weight=counts, **hyper) == (
            pytest.approx(loss(*repeated, reduction=reduction, **hyper), rel=1e-13))
        # one weighted row feels the pull of all its copies
        copies = grad(*repeated, reduction=reduction, **hyper)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[counts > 0]
        summed = np.add.reduceat(copies, starts, axis=0)
        weighted = grad(y_true, y_pred, reduction=reduction, sample_weight=counts, **hyper)
        np.testing.assert_allclose(weighted[counts > 0], summed, rtol=1e-13, atol=1e-15)
        np.testing.assert_array_equal(weighted[counts == 0], 0.0)


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
def test_zero_weights_equal_removed_rows(name, hyper):
    loss, grad = LOSSES[name]
    y_true, y_pred = _problem(2)
    w = np.array([0.5, 0.0, 2.0, 0.0, 1.0, 3.0, 0.0])
    keep = w > 0
    for reduction in ("mean", "sum"):
        assert loss(y_true, y_pred, reduction=reduction, sample_weight=w, **hyper) == (
            pytest.approx(loss(y_true[keep], y_pred[keep], reduction=reduction,
                               sample_weight=w[keep], **hyper), rel=1e-14))
        full = grad(y_true, y_pred, reduction=reduction, sample_weight=w, **hyper)
        np.testing.assert_allclose(full[keep], grad(y_true[keep], y_pred[keep],
                                                    reduction=reduction, sample_weight=w[keep],
                                                    **hyper), rtol=1e-14)
        np.testing.assert_array_equal(full[~keep], 0.0)


@pytest.mark.parametrize("name, hyper", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize("factor", [1e-6, 0.3, 7.0, 1e6])
def test_scaling_every_weight_does_not_change_the_mean(name, hyper, factor):
    loss, grad = LOSSES[name]
    y_true, y_pred = _problem(3)
    w = np.random.default_rng(4).uniform(0.1, 2.0, size=len(y_true))
    assert loss(y_true, y_pred, sample_weight=factor * w, **hyper) == pytest.approx(
        loss(y_true, y_pred, sample_weight=w, **hyper), rel=1e-14)
    np.testing.assert_allclose(grad(y_true, y_pred, sample_weight=factor * w, **hyper),
                               grad(y_true, y_pred, sample_weight=w, **hyper), rtol=1e-14)
