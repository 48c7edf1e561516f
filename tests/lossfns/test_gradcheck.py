import numpy as np
import pytest

from lossfns import LOSSES, check_grad, mse, mse_grad, numerical_grad


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


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_every_registered_gradient_passes_the_check_at_a_smooth_point(name):
    info = LOSSES[name]
    rng = np.random.default_rng(1)
    if info.task == "regression":
        y_true, y_pred = rng.normal(size=6), rng.normal(size=6) + 3.0
        kwargs = {}
    elif info.task == "binary":
        if name == "hinge":
            y_true, y_pred = np.array([1.0, -1.0, 1.0]), np.array([0.3, 0.2, -0.4])
        elif name == "binary_cross_entropy":
            y_true, y_pred = np.array([1.0, 0.0, 0.3]), np.array([0.2, 0.6, 0.9])
        else:
            y_true, y_pred = np.array([1.0, 0.0, 0.3]), np.array([-1.0, 2.0, 0.5])
        kwargs = {}
    else:
        y_true = np.array([0, 2, 1])
        y_pred = rng.normal(size=(3, 3))
        kwargs = {}
        if name in ("categorical_cross_entropy", "expected_cost"):
            y_pred = np.exp(y_pred) / np.exp(y_pred).sum(axis=1, keepdims=True)
        if name == "expected_cost":
            kwargs = {"cost_matrix": np.array([[0.0, 1.0, 5.0], [1.0, 0.0, 2.0],
                                               [3.0, 1.0, 0.0]])}
        if name == "kl_divergence":
            y_true = np.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [1.0, 0.0, 0.0]])
            y_pred = np.exp(y_pred) / np.exp(y_pred).sum(axis=1, keepdims=True)
    for reduction in ("mean", "sum"):
        assert check_grad(info.value, y_true, y_pred, reduction=reduction, **kwargs) < 1e-6


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


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_and_gradients_never_modify_their_inputs(name, reduction):
    info = LOSSES[name]
    rng = np.random.default_rng(2)
    kwargs = {}
    if info.task == "regression":
        y_true, y_pred = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    elif name == "hinge":
        y_true, y_pred = np.array([1.0, -1.0, 1.0]), np.array([0.3, 0.2, -0.4])
    elif name == "binary_cross_entropy":
        y_true, y_pred = np.array([1.0, 0.0, 0.3]), np.array([0.2, 0.6, 0.9])
    elif info.task == "binary":
        y_true, y_pred = np.array([1.0, 0.0, 0.3]), np.array([-1.0, 2.0, 0.5])
    else:
        y_true = np.array([[0.2, 0.5, 0.3], [0.0, 1.0, 0.0]])
        y_pred = rng.normal(size=(2, 3))
        if name in ("categorical_cross_entropy", "expected_cost", "kl_divergence"):
            y_pred = np.exp(y_pred) / np.exp(y_pred).sum(axis=1, keepdims=True)
        if name in ("multiclass_hinge", "expected_cost"):
            y_true = np.array([0, 2])
        if name == "expected_cost":
            kwargs = {"cost_matrix": np.ones((3, 3)) - np.eye(3)}
    weights = np.array([1.0, 2.0, 0.5, 1.0][: len(y_pred)])
    for sample_weight in (None, weights):
        before = (y_true.copy(), y_pred.copy(), weights.copy())
        info.value(y_true, y_pred, reduction=reduction, sample_weight=sample_weight, **kwargs)
        info.grad(y_true, y_pred, reduction=reduction, sample_weight=sample_weight, **kwargs)
        for original, now in zip(before, (y_true, y_pred, weights)):
            np.testing.assert_array_equal(original, now)
