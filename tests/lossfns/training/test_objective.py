"""lossfns.training.objective: loss_and_grad, the mean loss plus an L2 penalty and its
gradient; sample weights; losses of the registry by name.

Oracles: the penalty written out, repeated rows for integer weights, numpy.linalg.lstsq.
"""

import copy

import numpy as np
import pytest

from lossfns import LOSSES, mse, register_loss, unregister_loss
from lossfns.training import (
    LinearModel,
    TwoLayerNet,
    check_backward,
    gradient_descent,
    loss_and_grad,
)
from tests.lossfns.training.models_and_data import (
    MODELS,
    assert_same_history,
    assert_unchanged,
    data,
    random_params,
    regression_data,
    targets_away_from_kinks,
)

# ---------------------------------------------------------------------------
# the L2 penalty and sample weights
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("model_name", ["linear", "net_tanh"])
def test_l2_adds_lambda_times_each_weight_and_nothing_to_the_biases(model_name):
    model = MODELS[model_name]()
    X, params = data(), random_params(model, seed=4)
    y = np.random.default_rng(0).normal(size=X.shape[0])
    l2 = 0.7
    value0, grads0 = loss_and_grad(model, params, X, y)
    value, grads = loss_and_grad(model, params, X, y, l2=l2)
    weights = model.weight_names
    assert value - value0 == pytest.approx(
        0.5 * l2 * sum(np.sum(params[w] ** 2) for w in weights), rel=1e-12)
    for name in params:
        expected_extra = l2 * params[name] if name in weights else 0.0
        np.testing.assert_allclose(grads[name] - grads0[name], expected_extra,
                                   rtol=1e-10, atol=1e-14, err_msg=name)
    assert all(not name.startswith("b") for name in weights)


@pytest.mark.parametrize("model_name", ["linear", "logistic", "net_relu_k3"])
def test_integer_sample_weights_equal_repeating_the_rows(model_name):
    model = MODELS[model_name]()
    rng = np.random.default_rng(8)
    X, params = data(n=8), random_params(model, seed=3)
    output = model.predict(params, X)
    loss = "cross_entropy" if model_name.endswith("k3") else model.default_loss
    y = targets_away_from_kinks(loss, output, rng)
    counts = np.array([1, 3, 0, 2, 1, 1, 4, 2])
    value, grads = loss_and_grad(model, params, X, y, loss=loss, sample_weight=counts)
    repeated = np.repeat(np.arange(8), counts)
    value_r, grads_r = loss_and_grad(model, params, X[repeated], y[repeated], loss=loss)
    assert value == pytest.approx(value_r, rel=1e-12)
    for name in params:
        np.testing.assert_allclose(grads[name], grads_r[name], rtol=1e-10, atol=1e-14)


def test_loss_and_grad_never_modifies_its_inputs():
    X, y = regression_data()
    net = TwoLayerNet(2, 1)
    params = net.init_params(seed=1)
    weights = np.linspace(0.5, 1.5, len(y))
    originals = copy.deepcopy((X, y, params, weights))
    loss_and_grad(net, params, X, y, l2=0.1, sample_weight=weights)
    assert_unchanged(originals, (X, y, params, weights))


# ---------------------------------------------------------------------------
# losses from the registry, by name
# ---------------------------------------------------------------------------

def test_a_custom_registered_loss_can_be_trained_with_by_name():
    def half_squared(y_true, y_pred, *, reduction="mean", sample_weight=None):
        return 0.5 * mse(y_true, y_pred, reduction=reduction, sample_weight=sample_weight)

    def half_squared_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
        y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
        return (y_pred - y_true) / len(y_pred)

    register_loss("test_half_squared", half_squared, half_squared_grad, task="regression",
                  formula=r"\tfrac12 (\hat y - y)^2", outlier_robustness="sensitive",
                  use_when="a test")
    try:
        X, y = regression_data()
        model = LinearModel(2)
        assert check_backward(model, random_params(model, 0), X, y,
                              loss="test_half_squared") < 1e-6
        history = gradient_descent(model, X, y, loss="test_half_squared",
                                   learning_rate=0.5, steps=300)
        solution = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
        np.testing.assert_allclose(history.params["w"], solution[:2], atol=1e-8)
        # a LossInfo works as well as its name
        same = gradient_descent(model, X, y, loss=LOSSES["test_half_squared"],
                                learning_rate=0.5, steps=300)
        assert_same_history(history, same)
    finally:
        unregister_loss("test_half_squared")


def test_loss_kwargs_reach_the_loss():
    X, y = regression_data()
    model = LinearModel(2)
    params = random_params(model, 0)
    small = loss_and_grad(model, params, X, y, loss="huber", loss_kwargs={"delta": 0.1})[0]
    large = loss_and_grad(model, params, X, y, loss="huber", loss_kwargs={"delta": 10.0})[0]
    assert large == pytest.approx(0.5 * loss_and_grad(model, params, X, y)[0], rel=1e-12)
    assert small < large
