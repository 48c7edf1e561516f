"""lossfns.custom: the building blocks of a home-made loss (chapter 9).

Oracles: lossfns.mse and mse_grad (written and tested elsewhere) and finite differences
(lossfns.check_grad).
"""

import numpy as np
import pytest

import lossfns
from lossfns.custom import check_inputs, check_positive, reduce_loss, reduce_loss_grad

def _squared(y_true, y_pred, *, reduction="mean", sample_weight=None):
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss(error**2, reduction, sample_weight)


def _squared_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
    _, _, error = check_inputs(y_true, y_pred)
    return reduce_loss_grad(2 * error, reduction, sample_weight)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [(5,), (4, 3), ()])
@pytest.mark.parametrize("weighted", [False, True])
def test_a_loss_built_from_the_helpers_matches_mse_and_its_gradient(reduction, shape, weighted):
    rng = np.random.default_rng(1)
    y, p = rng.normal(size=shape), rng.normal(size=shape)
    weights = None if not weighted or shape == () else rng.uniform(0.1, 2.0, size=shape[0])
    np.testing.assert_allclose(_squared(y, p, reduction=reduction, sample_weight=weights),
                               lossfns.mse(y, p, reduction=reduction, sample_weight=weights))
    np.testing.assert_allclose(
        _squared_grad(y, p, reduction=reduction, sample_weight=weights),
        lossfns.mse_grad(y, p, reduction=reduction, sample_weight=weights), rtol=1e-12)


def test_the_gradient_helper_passes_a_finite_difference_check_with_weights():
    y, p = np.array([1.0, 2.0, 3.0]), np.array([1.5, 1.0, 3.5])
    error = lossfns.check_grad(_squared, y, p, grad=_squared_grad, sample_weight=[1.0, 0.5, 2.0])
    assert error < 1e-7


def test_the_gradient_helper_does_not_overwrite_its_input():
    grads = np.array([2.0, 4.0])
    reduce_loss_grad(grads)
    np.testing.assert_array_equal(grads, [2.0, 4.0])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: check_inputs([1.0, 2.0], [1.0]), "same shape"),
    (lambda: check_inputs(["a"], [1.0]), "y_true must contain real numbers"),
    (lambda: check_inputs([1.0], [np.inf]), "y_pred must contain only finite"),
    (lambda: reduce_loss([1.0, 2.0], "average"), "reduction must be one of"),
    (lambda: reduce_loss([1.0, 2.0], sample_weight=[1.0]), "one weight per sample"),
    (lambda: reduce_loss([]), "per_element must not be empty"),
    (lambda: reduce_loss_grad([], "sum"), "per_element_grad must not be empty"),
    (lambda: reduce_loss(["1.0", "2.0"]), "per_element must contain real numbers"),
    (lambda: reduce_loss_grad([True, False]), "per_element_grad must contain real numbers"),
    (lambda: reduce_loss([1j]), "per_element must contain real numbers"),
    (lambda: check_positive(0.0, "k"), "k must be > 0, got 0.0"),
    (lambda: check_positive("4", "k"), "k must be a real number, got '4'"),
    (lambda: check_positive(float("nan"), "k"), "k must be finite"),
    (lambda: check_positive(True, "k"), "k must be a real number"),
])
def test_bad_input_is_a_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
