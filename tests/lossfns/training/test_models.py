"""lossfns.training.models: forward and hand-written backward passes, predictions,
initialisation, default losses and the models' own argument checks.

Oracles: central finite differences (through check_backward) and autograd (an
automatic-differentiation library) for the backward passes.
"""

import autograd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns.training import (
    LinearModel,
    LinearSVM,
    LogisticRegression,
    TwoLayerNet,
    check_backward,
    loss_and_grad,
)
from tests.lossfns.training.models_and_data import (
    MODELS,
    assert_mentions,
    autograd_objective,
    data,
    error_of,
    overlapping_blobs,
    random_params,
    targets_away_from_kinks,
)

# ---------------------------------------------------------------------------
# backward passes against finite differences
# ---------------------------------------------------------------------------

def losses_for(model_name):
    names = ["mse", "mae", "huber", "binary_cross_entropy_with_logits", "hinge"]
    if model_name.endswith("k3"):
        names.append("cross_entropy")
    return names


CASES = [(m, loss) for m in MODELS for loss in losses_for(m)]


@pytest.mark.parametrize("l2, weighted", [(0.0, False), (0.3, True)],
                         ids=["plain", "l2_and_weights"])
@pytest.mark.parametrize("model_name, loss", CASES, ids=[f"{m}-{l}" for m, l in CASES])
def test_every_models_backward_matches_finite_differences(model_name, loss, l2, weighted):
    model = MODELS[model_name]()
    rng = np.random.default_rng(42)
    X = data()
    params = random_params(model, seed=1)
    output, cache = model.forward(params, X)
    if "a" in cache:  # ReLU has a kink at 0: make sure no pre-activation is near it
        assert np.min(np.abs(cache["a"])) > 1e-4
    y = targets_away_from_kinks(loss, output, rng)
    if loss == "hinge":
        assert np.min(np.abs(1.0 - y * output)) > 0.1
    sample_weight = rng.uniform(0.2, 2.0, size=X.shape[0]) if weighted else None
    error = check_backward(model, params, X, y, loss=loss, l2=l2, sample_weight=sample_weight)
    assert error < 1e-6


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 6), d=st.integers(1, 3), hidden=st.integers(1, 4),
       k=st.sampled_from([None, 2, 3]), activation=st.sampled_from(["tanh", "relu"]),
       seed=st.integers(0, 2**16))
def test_two_layer_net_backward_matches_finite_differences_for_any_small_shape(
        n, d, hidden, k, activation, seed):
    net = TwoLayerNet(d, hidden, n_outputs=k, activation=activation)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    params = random_params(net, seed)
    _, cache = net.forward(params, X)
    if np.min(np.abs(cache["a"])) < 1e-5:  # a ReLU kink within reach of the step
        return
    y = rng.normal(size=(n,) if k is None else (n, k))
    assert check_backward(net, params, X, y, l2=0.1) < 1e-6


# ---------------------------------------------------------------------------
# the two-layer network against autograd
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("loss, k", [("mse", None), ("mse", 2),
                                     ("binary_cross_entropy_with_logits", None),
                                     ("cross_entropy", 3)])
def test_two_layer_net_gradients_match_autograd(activation, loss, k):
    net = TwoLayerNet(n_features=3, n_hidden=5, n_outputs=k, activation=activation)
    rng = np.random.default_rng(11)
    X = rng.normal(size=(20, 3))
    params = random_params(net, seed=5)
    if loss == "mse":
        y = rng.normal(size=(20,) if k is None else (20, k))
    elif loss == "cross_entropy":
        y = rng.integers(0, k, size=20).astype(float)
    else:
        y = rng.integers(0, 2, size=20).astype(float)
    l2 = 0.05

    value, grads = loss_and_grad(net, params, X, y, loss=loss, l2=l2)
    objective = autograd_objective(activation, loss)
    expected = autograd.grad(objective)(params, X, y, l2)

    assert value == pytest.approx(float(objective(params, X, y, l2)), rel=1e-12)
    for name in params:
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-10, atol=1e-13,
                                   err_msg=name)


# ---------------------------------------------------------------------------
# predictions, initialisation, default losses
# ---------------------------------------------------------------------------

def test_predictions_of_the_classifiers():
    X = np.array([[-2.0], [-0.1], [0.3]])
    params = {"w": np.array([1.0]), "b": np.array(0.0)}
    logistic, svm = LogisticRegression(1), LinearSVM(1)
    np.testing.assert_array_equal(logistic.predict(params, X), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(logistic.predict_proba(params, X),
                               1.0 / (1.0 + np.exp(-X[:, 0])), rtol=1e-15)
    np.testing.assert_array_equal(svm.predict(params, X), [-1.0, -1.0, 1.0])
    np.testing.assert_array_equal(svm.decision_function(params, X), X[:, 0])


def test_init_params_shapes_scales_and_seeds():
    net = TwoLayerNet(200, 300, n_outputs=2)
    params = net.init_params(seed=0)
    assert {k: v.shape for k, v in params.items()} == {
        "W1": (200, 300), "b1": (300,), "W2": (300, 2), "b2": (2,)}
    assert np.std(params["W1"]) == pytest.approx(np.sqrt(2 / 500), rel=0.02)  # Glorot
    relu = TwoLayerNet(200, 300, activation="relu").init_params(seed=0)
    assert np.std(relu["W1"]) == pytest.approx(np.sqrt(2 / 200), rel=0.02)   # He
    assert not np.any(params["b1"]) and not np.any(params["b2"])
    assert not np.array_equal(net.init_params(seed=1)["W1"], params["W1"])
    linear = LinearModel(3, n_outputs=2).init_params()
    assert {k: v.shape for k, v in linear.items()} == {"w": (3, 2), "b": (2,)}
    assert all(v.dtype == np.float64 for v in linear.values())


def test_default_losses_of_the_models():
    assert LinearModel.default_loss == "mse"
    assert LogisticRegression.default_loss == "binary_cross_entropy_with_logits"
    assert LinearSVM.default_loss == "hinge"
    assert TwoLayerNet.default_loss == "mse"
    X, y = overlapping_blobs(seed=0, n=20)
    model = LogisticRegression(2)
    params = random_params(model, 0)
    assert loss_and_grad(model, params, X, y)[0] == loss_and_grad(
        model, params, X, y, loss="binary_cross_entropy_with_logits")[0]


# ---------------------------------------------------------------------------
# bad arguments: each message names the argument
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("make, name, value", [
    (lambda: LinearModel(0), "n_features", 0),
    (lambda: LinearModel(2, n_outputs=0), "n_outputs", 0),
    (lambda: TwoLayerNet(2, 0), "n_hidden", 0),
    (lambda: TwoLayerNet(2.5, 3), "n_features", 2.5),
])
def test_model_sizes_must_be_positive_integers(make, name, value):
    assert_mentions(error_of(make), name, "integer >= 1", f"got {value!r}")


def test_unknown_activation():
    assert_mentions(error_of(lambda: TwoLayerNet(2, 3, activation="sigmoid")),
                    "activation", "('tanh', 'relu')", "'sigmoid'")
