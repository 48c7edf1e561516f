"""lossfns._validation: the input checks shared by the losses, and their error messages.

Exercised through ``mse`` and ``mae`` (and their gradients), one test per rule; every
message names the argument. The classification losses' own rules are in
test_classification.py.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from lossfns import regression
from lossfns.regression import mae, mae_grad, mse, mse_grad

BASIC = [mse, mse_grad, mae, mae_grad]
BASIC_IDS = [f.__name__ for f in BASIC]


# ---------------------------------------------------------------------------
# One test per input rule; every message names the argument
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_column_vector_against_flat_vector_is_refused_with_a_fix(func):
    with pytest.raises(ValueError) as error:
        func([1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]])
    message = str(error.value)
    assert "y_true" in message and "y_pred" in message
    assert "(3,)" in message and "(3, 1)" in message
    assert "reshape" in message  # says how to fix it


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_different_lengths_are_refused(func):
    with pytest.raises(ValueError, match=r"y_true and y_pred must have the same shape"):
        func([1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
def test_nan_is_refused(func, argument):
    inputs = {"y_true": [1.0, 2.0], "y_pred": [1.0, 2.0]}
    inputs[argument] = [1.0, np.nan]
    with pytest.raises(ValueError, match=rf"^{argument} must contain only finite.*NaN"):
        func(inputs["y_true"], inputs["y_pred"])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
def test_infinity_is_refused(func, argument):
    inputs = {"y_true": [1.0, 2.0], "y_pred": [1.0, 2.0]}
    inputs[argument] = [-np.inf, 2.0]
    with pytest.raises(ValueError, match=rf"^{argument} must contain only finite.*inf"):
        func(inputs["y_true"], inputs["y_pred"])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_empty_input_is_refused(func):
    with pytest.raises(ValueError, match=r"^y_true must not be empty"):
        func([], [])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_sample_weight_of_the_wrong_length_is_refused(func):
    with pytest.raises(ValueError, match=re.escape("sample_weight must have one weight per "
                                                   "sample, shape (3,), got shape (2,)")):
        func([1.0, 2.0, 3.0], [1.0, 2.0, 4.0], sample_weight=[1.0, 2.0])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_sample_weight_per_element_instead_of_per_sample_is_refused(func):
    with pytest.raises(ValueError, match=r"^sample_weight must have one weight per sample"):
        func(np.zeros((3, 2)), np.ones((3, 2)), sample_weight=np.ones((3, 2)))


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_negative_sample_weight_is_refused(func):
    with pytest.raises(ValueError, match=r"^sample_weight must be non-negative.*-1\.0"):
        func([1.0, 2.0], [1.0, 3.0], sample_weight=[1.0, -1.0])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_nan_sample_weight_is_refused(func):
    with pytest.raises(ValueError, match=r"^sample_weight must contain only finite"):
        func([1.0, 2.0], [1.0, 3.0], sample_weight=[1.0, np.nan])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
@pytest.mark.parametrize("reduction", ["average", "Mean", None, 1])
def test_unknown_reduction_is_refused(func, reduction):
    with pytest.raises(ValueError, match=r"^reduction must be one of 'mean', 'sum' or 'none', "
                                         rf"got {re.escape(repr(reduction))}$"):
        func([1.0, 2.0], [1.0, 3.0], reduction=reduction)


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
@pytest.mark.parametrize("bad", [["1.0", "2.0"], "12", [1 + 2j, 2.0], [object(), 1.0]],
                         ids=["strings", "string", "complex", "objects"])
def test_non_real_values_are_refused(func, bad):
    with pytest.raises(ValueError, match=r"^y_true must contain real numbers"):
        func(bad, [1.0, 2.0])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_booleans_are_refused(func):
    with pytest.raises(ValueError, match=r"^y_pred must contain real numbers.*bool"):
        func([1.0, 0.0], [True, False])
    with pytest.raises(ValueError, match=r"^sample_weight must contain real numbers"):
        func([1.0, 0.0], [1.0, 1.0], sample_weight=[True, True])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_ragged_lists_are_refused(func):
    with pytest.raises(ValueError, match=r"^y_true must be an array of numbers"):
        func([[1.0, 2.0], [3.0]], [[1.0, 2.0], [3.0, 4.0]])


@pytest.mark.parametrize("func", BASIC, ids=BASIC_IDS)
def test_lists_tuples_ints_and_float32_are_accepted_as_float64(func):
    expected = func(np.array([1.0, 2.0, 4.0]), np.array([2.0, 2.0, 1.0]),
                    sample_weight=np.array([1.0, 2.0, 1.0]))
    for y_true, y_pred, w in [
        ([1, 2, 4], [2, 2, 1], [1, 2, 1]),
        ((1.0, 2.0, 4.0), (2.0, 2.0, 1.0), (1.0, 2.0, 1.0)),
        (np.array([1, 2, 4], dtype=np.int32), np.array([2, 2, 1], dtype=np.uint8), [1, 2, 1]),
        (np.array([1, 2, 4], dtype=np.float32), np.array([2, 2, 1], dtype=np.float32),
         np.array([1, 2, 1], dtype=np.float32)),
    ]:
        result = func(y_true, y_pred, sample_weight=w)
        assert np.asarray(result).dtype == np.float64
        np.testing.assert_array_equal(result, expected)


def test_float32_inputs_are_computed_in_float64():
    # 0.1 in float32 is 0.100000001490116...; the float64 square of that is kept
    y32 = np.float32(0.1)
    assert mse(0.0, y32) == float(y32) ** 2
    assert mse(0.0, y32) != float(np.float32(y32 * y32))


def test_hyper_parameters_are_checked_by_the_shared_validators():
    # the messages come from lossfns._validation, shared with every family
    with pytest.raises(ValueError, match=r"^delta must be > 0, got -1\.0$"):
        regression.huber([0.0], [1.0], delta=-1.0)
    with pytest.raises(ValueError, match=r"^beta must be a real number, got '2'$"):
        regression.smooth_l1([0.0], [1.0], beta="2")
    with pytest.raises(ValueError, match=r"^q must lie in \(0, 1\), got 1\.0$"):
        regression.quantile_loss([0.0], [1.0], q=1.0)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", ["mse", "rmse", "mae", "huber", "smooth_l1", "log_cosh",
                                  "quantile_loss"])
def test_nan_or_inf_in_a_zero_weight_sample_is_still_an_error(name, reduction):
    import lossfns

    for function in (getattr(lossfns, name), getattr(lossfns, f"{name}_grad")):
        for bad in (np.nan, np.inf):
            with pytest.raises(ValueError, match="y_pred must contain only finite numbers"):
                function([1.0, 2.0], [bad, 2.0], sample_weight=[0.0, 1.0], reduction=reduction)
