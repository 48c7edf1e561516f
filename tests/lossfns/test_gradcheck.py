"""lossfns.gradcheck: numerical_grad and check_grad, on hand derivatives and wrong gradients.

That every registered loss's gradient passes check_grad (and matches central finite
differences) is tested with the other shared properties in test_registry_invariants.py.
"""

import numpy as np
import pytest

from lossfns import check_grad, mse, mse_grad, numerical_grad


def test_numerical_grad_matches_a_hand_derivative():
    # d/dx of mean((x - y)^2) is 2 (x - y) / n
    np.testing.assert_allclose(numerical_grad(mse, [0.0, 1.0], [2.0, 4.0]), [2.0, 3.0],
                               rtol=1e-8)


def test_correct_gradient_passes():
    rng = np.random.default_rng(0)
    assert check_grad(mse, rng.normal(size=5), rng.normal(size=5)) < 1e-7


def test_wrong_gradient_is_caught():
    def forgot_the_two(y_true, y_pred, **kwargs):
        return mse_grad(y_true, y_pred, **kwargs) / 2

    error = check_grad(mse, [0.0, 1.0], [2.0, 4.0], grad=forgot_the_two)
    assert error == pytest.approx(0.5, rel=1e-6)


def test_check_grad_finds_the_gradient_of_an_unregistered_loss_by_name():
    from lossfns import regression

    assert check_grad(regression.mse, [1.0], [3.0]) < 1e-7


def test_check_grad_refuses_reduction_none():
    with pytest.raises(ValueError, match="reduction"):
        check_grad(mse, [1.0], [2.0], reduction="none")


def test_check_grad_without_a_gradient_says_how_to_pass_one():
    def my_loss(y_true, y_pred, **kwargs):
        return float(np.sum((np.asarray(y_pred) - y_true) ** 4))

    with pytest.raises(ValueError, match="grad="):
        check_grad(my_loss, [1.0], [2.0])


def test_check_grad_rejects_a_gradient_of_the_wrong_shape():
    with pytest.raises(ValueError, match="shaped like y_pred"):
        check_grad(mse, [1.0, 2.0], [2.0, 3.0], grad=lambda *a, **k: np.zeros(3))
