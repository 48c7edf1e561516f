"""lossfns._reduction: mean / sum / none and sample weights, in one place.

Exercised through ``mse`` and ``mae`` (and their gradients), whose values are easy to
work out by hand. The sample-weight invariances (weights of one, integer weights as
repeated rows, zero weights as removed rows, scaled weights) run over every registered
loss in test_registry_invariants.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from lossfns.regression import mae, mae_grad, mse, mse_grad


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
