"""lossfns.training: hand-written backward passes, gradient descent, loss surfaces.

Oracles: central finite differences, autograd (an automatic-differentiation
library), numpy.linalg.lstsq, scikit-learn's LogisticRegression and LinearSVC.
"""

import copy
import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns import LOSSES, mse, register_loss, unregister_loss
from lossfns.training import (
    History,
    LinearModel,
    LinearSVM,
    LogisticRegression,
    TrainingDiverged,
    TwoLayerNet,
    check_backward,
    flatten_params,
    gradient_descent,
    hessian,
    loss_and_grad,
    loss_surface,
    unflatten_params,
)

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

MODELS = {
    "linear": lambda: LinearModel(n_features=3),
    "linear_k3": lambda: LinearModel(n_features=3, n_outputs=3),
    "logistic": lambda: LogisticRegression(n_features=3),
    "svm": lambda: LinearSVM(n_features=3),
    "net_tanh": lambda: TwoLayerNet(n_features=3, n_hidden=4),
    "net_relu": lambda: TwoLayerNet(n_features=3, n_hidden=4, activation="relu"),
    "net_tanh_k3": lambda: TwoLayerNet(n_features=3, n_hidden=4, n_outputs=3),
    "net_relu_k3": lambda: TwoLayerNet(n_features=3, n_hidden=5, n_outputs=3,
                                       activation="relu"),
}


def random_params(model, seed):
    """Non-zero parameters of the model's shapes (zeros would hide a missing term)."""
    rng = np.random.default_rng(seed)
    return {name: rng.normal(size=shape) for name, shape in model.param_shapes().items()}


def targets_away_from_kinks(loss, output, rng):
    """Targets for ``loss`` whose per-element loss is smooth near ``output``."""
    if loss in ("mse", "mae"):
        # |error| between 0.3 and 1.5: far from MAE's kink at 0
        return output + rng.choice([-1.0, 1.0], size=output.shape) * rng.uniform(
            0.3, 1.5, size=output.shape)
    if loss == "huber":
        # errors on both sides of delta = 1, but not within 0.2 of it
        size = np.where(rng.random(output.shape) < 0.5, rng.uniform(0.1, 0.8, output.shape),
                        rng.uniform(1.2, 2.5, output.shape))
        return output + rng.choice([-1.0, 1.0], size=output.shape) * size
    if loss == "binary_cross_entropy_with_logits":
        return rng.integers(0, 2, size=output.shape).astype(float)
    if loss == "hinge":
        # -1/+1 labels; where the margin y*s is within 0.2 of the kink at 1, flip the
        # label (then y*s is near -1, far from the kink)
        y = rng.choice([-1.0, 1.0], size=output.shape)
        near_kink = np.abs(1.0 - y * output) < 0.2
        return np.where(near_kink, -y, y)
    if loss == "cross_entropy":
        return rng.integers(0, output.shape[1], size=output.shape[0]).astype(float)
    raise AssertionError(loss)


def losses_for(model_name):
    names = ["mse", "mae", "huber", "binary_cross_entropy_with_logits", "hinge"]
    if model_name.endswith("k3"):
        names.append("cross_entropy")
    return names


CASES = [(m, loss) for m in MODELS for loss in losses_for(m)]


def data(n=12, d=3, seed=0):
    return np.random.default_rng(seed).normal(size=(n, d))


# ---------------------------------------------------------------------------
# backward passes against finite differences
# ---------------------------------------------------------------------------

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


class ForgetsTheTanhDerivative(TwoLayerNet):
    """A backward pass with a classic mistake: the activation's derivative is left out."""

    def backward(self, params, cache, grad_output):
        X, h = cache["X"], cache["h"]
        g = grad_output.reshape(X.shape[0], -1)
        W2 = params["W2"].reshape(self.n_hidden, -1)
        grad_h = g @ W2.T
        grad_a = grad_h                                 # BUG: missing * (1 - h**2)
        return {"W1": X.T @ grad_a, "b1": grad_a.sum(axis=0),
                "W2": (h.T @ g).reshape(params["W2"].shape),
                "b2": g.sum(axis=0).reshape(params["b2"].shape)}


class ForgetsTheBias(LinearModel):
    def backward(self, params, cache, grad_output):
        grads = super().backward(params, cache, grad_output)
        grads["b"] = np.zeros_like(grads["b"])          # BUG: the bias never learns
        return grads


def test_check_backward_catches_a_missing_tanh_derivative():
    model = ForgetsTheTanhDerivative(n_features=3, n_hidden=4)
    X, params = data(), random_params(model, seed=2)
    y = np.random.default_rng(3).normal(size=X.shape[0])
    assert check_backward(model, params, X, y) > 0.1
    # the same data with the correct backward pass passes
    assert check_backward(TwoLayerNet(3, 4), params, X, y) < 1e-6


def test_check_backward_catches_a_bias_gradient_left_at_zero():
    model = ForgetsTheBias(n_features=3)
    X, params = data(), random_params(model, seed=2)
    y = np.random.default_rng(3).normal(size=X.shape[0])
    assert check_backward(model, params, X, y) > 0.1


def test_check_backward_works_with_a_backward_replaced_on_the_instance():
    model = TwoLayerNet(3, 4)
    X, params = data(), random_params(model, seed=2)
    y = np.random.default_rng(3).normal(size=X.shape[0])
    model.backward = lambda p, cache, g: ForgetsTheTanhDerivative.backward(model, p, cache, g)
    assert check_backward(model, params, X, y) > 0.1


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

def autograd_objective(activation, loss):
    """The network and its objective written again in autograd.numpy, independently."""

    def objective(params, X, y, l2):
        a = anp.dot(X, params["W1"]) + params["b1"]
        h = anp.tanh(a) if activation == "tanh" else anp.maximum(a, 0.0)
        z = anp.dot(h, params["W2"]) + params["b2"]
        if loss == "mse":
            value = anp.mean((z - y) ** 2)
        elif loss == "binary_cross_entropy_with_logits":
            value = anp.mean(anp.logaddexp(0.0, z) - y * z)
        elif loss == "cross_entropy":
            top = anp.max(z, axis=1, keepdims=True)
            log_p = z - top - anp.log(anp.sum(anp.exp(z - top), axis=1, keepdims=True))
            value = -anp.mean(log_p[np.arange(len(y)), y.astype(int)])
        penalty = 0.5 * l2 * (anp.sum(params["W1"] ** 2) + anp.sum(params["W2"] ** 2))
        return value + penalty

    return objective


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
# the objective: L2 penalty and sample weights
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


def test_sample_weight_reaches_gradient_descent():
    X = data(n=10, d=1)
    y = np.random.default_rng(1).normal(size=10)
    weights = np.r_[np.ones(5), np.zeros(5)]
    weighted = gradient_descent(LinearModel(1), X, y, learning_rate=0.3, steps=300,
                                sample_weight=weights)
    first_half = gradient_descent(LinearModel(1), X[:5], y[:5], learning_rate=0.3, steps=300)
    for name in ("w", "b"):
        np.testing.assert_allclose(weighted.params[name], first_half.params[name], rtol=1e-9)


# ---------------------------------------------------------------------------
# gradient descent reaches the known optima
# ---------------------------------------------------------------------------

def test_linear_regression_by_gradient_descent_reaches_least_squares():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.7 + rng.normal(scale=0.3, size=200)
    history = gradient_descent(LinearModel(3), X, y, learning_rate=0.3, steps=400)
    design = np.column_stack([X, np.ones(200)])
    solution = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(history.params["w"], solution[:3], rtol=0, atol=1e-8)
    assert float(history.params["b"]) == pytest.approx(solution[3], abs=1e-8)
    assert history.train_loss[-1] == pytest.approx(mse(y, design @ solution), rel=1e-12)


def test_multi_output_linear_regression_reaches_least_squares():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 2))
    Y = X @ rng.normal(size=(2, 3)) + rng.normal(size=3) + 0.1 * rng.normal(size=(100, 3))
    history = gradient_descent(LinearModel(2, n_outputs=3), X, Y, learning_rate=0.5,
                               steps=400)
    solution = np.linalg.lstsq(np.column_stack([X, np.ones(100)]), Y, rcond=None)[0]
    np.testing.assert_allclose(history.params["w"], solution[:2], atol=1e-8)
    np.testing.assert_allclose(history.params["b"], solution[2], atol=1e-8)


def overlapping_blobs(seed, n=400):
    """Two Gaussian classes that overlap a little ("separable-ish"), labels 0/1."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.5).astype(float)
    X = rng.normal(size=(n, 2)) + np.outer(2 * y - 1, [1.2, 0.8])
    return X, y


def test_logistic_regression_agrees_with_scikit_learn():
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    X, y = overlapping_blobs(seed=3)
    model = LogisticRegression(n_features=2)
    history = gradient_descent(model, X, y, learning_rate=2.0, steps=1500)
    # C=np.inf is scikit-learn 1.8+'s spelling of penalty=None (no penalty)
    reference = SkLogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)

    agree = np.mean(model.predict(history.params, X) == reference.predict(X))
    assert agree >= 0.99
    w, w_ref = history.params["w"], reference.coef_[0]
    assert w @ w_ref / (np.linalg.norm(w) * np.linalg.norm(w_ref)) > 1 - 1e-6
    # both reach the same maximum-likelihood estimate (measured: 8e-9 apart)
    np.testing.assert_allclose(w, w_ref, rtol=1e-6)
    assert float(history.params["b"]) == pytest.approx(reference.intercept_[0], abs=1e-6)
    np.testing.assert_allclose(model.predict_proba(history.params, X),
                               reference.predict_proba(X)[:, 1], atol=1e-6)


def test_linear_svm_by_subgradient_descent_agrees_with_linear_svc():
    from sklearn.svm import LinearSVC

    X, y01 = overlapping_blobs(seed=7, n=300)
    y = 2 * y01 - 1
    n, l2 = len(y), 0.01
    model = LinearSVM(n_features=2)
    # mean hinge + l2/2 |w|^2  is  (1/(l2 n)) * (sum hinge * C + |w|^2 / 2)  with C = 1/(l2 n)
    history = gradient_descent(model, X, y, l2=l2, steps=2000,
                               learning_rate=lambda t: 1.0 / (l2 * (t + 100)))
    # LinearSVC also penalises the intercept (as a feature of value intercept_scaling);
    # a scaling of 10 makes that penalty negligible
    reference = LinearSVC(loss="hinge", C=1.0 / (l2 * n), dual=True, intercept_scaling=10,
                          tol=1e-6, max_iter=100_000, random_state=0).fit(X, y)

    agree = np.mean(model.predict(history.params, X) == reference.predict(X))
    assert agree >= 0.95
    np.testing.assert_allclose(history.params["w"], reference.coef_[0], rtol=2e-3)
    w_ref, b_ref = reference.coef_[0], reference.intercept_[0]
    objective_ref = loss_and_grad(model, {"w": w_ref, "b": np.array(b_ref)}, X, y, l2=l2)[0]
    assert history.train_loss[-1] <= objective_ref + 1e-4
    # the training accuracy of a good linear boundary on these overlapping classes
    scores = model.decision_function(history.params, X)
    assert np.mean(y * scores > 0) > 0.9


# ---------------------------------------------------------------------------
# mini-batches, schedules, divergence
# ---------------------------------------------------------------------------

def regression_data(n=30, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return X, X @ np.array([1.0, -1.0]) + 0.5 + 0.1 * rng.normal(size=n)


def assert_same_history(a: History, b: History):
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    np.testing.assert_array_equal(a.learning_rates, b.learning_rates)
    for name in a.path:
        np.testing.assert_array_equal(a.path[name], b.path[name])


def test_mini_batch_descent_is_reproducible_with_the_same_seed():
    X, y = regression_data()
    net = TwoLayerNet(2, 3)
    start = net.init_params(seed=0)

    def run(seed):
        return gradient_descent(net, X, y, learning_rate=0.1, steps=40, batch_size=7,
                                seed=seed, params=start)

    assert_same_history(run(5), run(5))
    # same start, another shuffle: another path
    assert not np.array_equal(run(5).train_loss, run(6).train_loss)


def test_mini_batches_differ_from_full_batch_and_batch_size_n_is_full_batch():
    X, y = regression_data()
    model = LinearModel(2)
    full = gradient_descent(model, X, y, learning_rate=0.1, steps=25)
    whole = gradient_descent(model, X, y, learning_rate=0.1, steps=25, batch_size=len(y))
    assert_same_history(full, whole)
    mini = gradient_descent(model, X, y, learning_rate=0.1, steps=25, batch_size=4)
    assert not np.array_equal(full.train_loss, mini.train_loss)


def test_mini_batches_are_shuffled_epochs_covering_every_sample_once():
    # X holds each sample's index, so the model sees which samples form each batch
    n, batch_size = 10, 4
    X = np.arange(float(n)).reshape(-1, 1)
    y = np.zeros(n)
    batches = []

    class Recorder(LinearModel):
        def forward(self, params, X):
            if X.shape[0] != n:          # not the full-set evaluation of the training loss
                batches.append(X[:, 0].astype(int).tolist())
            return super().forward(params, X)

    gradient_descent(Recorder(1), X, y, learning_rate=0.001, steps=9, batch_size=batch_size)
    assert [len(b) for b in batches] == [4, 4, 2, 4, 4, 2, 4, 4, 2]  # the last batch is short
    epochs = [batches[i] + batches[i + 1] + batches[i + 2] for i in (0, 3, 6)]
    for epoch in epochs:
        assert sorted(epoch) == list(range(n))
    assert epochs[0] != list(range(n))        # shuffled
    assert len({tuple(e) for e in epochs}) == 3  # reshuffled every epoch


def test_a_mini_batch_with_only_zero_weights_takes_no_step():
    X = np.arange(4.0).reshape(-1, 1)
    y = 2 * X[:, 0] + 1
    history = gradient_descent(LinearModel(1), X, y, learning_rate=0.05, steps=8,
                               batch_size=1, sample_weight=[1.0, 1.0, 0.0, 0.0])
    steps_without_move = np.sum((np.diff(history.path["w"][:, 0]) == 0)
                                & (np.diff(history.path["b"]) == 0))
    assert steps_without_move == 4  # the 2 zero-weight samples in each of the 2 epochs


def test_learning_rate_schedule_is_used_at_every_step():
    X, y = regression_data()
    schedule = lambda t: 0.5 / np.sqrt(t)
    history = gradient_descent(LinearModel(2), X, y, learning_rate=schedule, steps=12)
    np.testing.assert_array_equal(history.learning_rates,
                                  [schedule(t) for t in range(1, 13)])
    # and the step really used it: theta_1 = theta_0 - eta_1 * grad(theta_0)
    _, grads = loss_and_grad(LinearModel(2), LinearModel(2).init_params(), X, y)
    np.testing.assert_allclose(history.path["w"][1], -schedule(1) * grads["w"], rtol=1e-14)


def test_constant_learning_rate_is_recorded():
    X, y = regression_data()
    history = gradient_descent(LinearModel(2), X, y, learning_rate=0.05, steps=3)
    np.testing.assert_array_equal(history.learning_rates, [0.05, 0.05, 0.05])


def test_far_too_large_learning_rate_raises_training_diverged_without_warnings():
    X, y = regression_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any numpy RuntimeWarning would fail the test
        with pytest.raises(TrainingDiverged) as caught:
            gradient_descent(LinearModel(2), X, y, learning_rate=50.0, steps=1000)
    message = str(caught.value)
    assert "diverged at step" in message
    assert "smaller learning rate" in message
    assert "learning rate 50" in message
    assert isinstance(caught.value, ArithmeticError)
    assert caught.value.learning_rate == 50.0
    assert f"step {caught.value.step}:" in message


def test_divergence_with_stop_returns_the_finite_part_of_the_history():
    X, y = regression_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = gradient_descent(LinearModel(2), X, y, learning_rate=50.0, steps=1000,
                                   validation_data=(X[:5], y[:5]), on_divergence="stop")
    with pytest.raises(TrainingDiverged) as caught:
        gradient_descent(LinearModel(2), X, y, learning_rate=50.0, steps=1000)
    assert history.diverged_at == caught.value.step
    assert history.steps == history.diverged_at - 1
    assert history.train_loss.shape == (history.steps + 1,)
    assert history.val_loss.shape == (history.steps + 1,)
    assert np.all(np.isfinite(history.train_loss))
    assert np.all(np.isfinite(history.val_loss))
    assert history.train_loss[-1] > 1e100  # it was on its way to inf
    np.testing.assert_array_equal(history.params["w"], history.path["w"][-1])


def test_divergence_of_a_two_layer_net_with_stop_has_no_warnings():
    X, y = regression_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = gradient_descent(TwoLayerNet(2, 8, activation="relu"), X, 100 * y,
                                   learning_rate=5.0, steps=500, on_divergence="stop")
    assert history.diverged_at is not None
    assert np.all(np.isfinite(history.train_loss))


def test_a_run_that_does_not_diverge_has_diverged_at_none():
    X, y = regression_data()
    assert gradient_descent(LinearModel(2), X, y, learning_rate=0.1, steps=5).diverged_at is None


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------

def test_history_arrays_have_the_documented_shapes():
    X, y = regression_data()
    net = TwoLayerNet(2, 3, n_outputs=2)
    Y = np.column_stack([y, -y])
    start = net.init_params(seed=9)
    history = gradient_descent(net, X, Y, learning_rate=0.05, steps=17, params=start,
                               validation_data=(X[:4], Y[:4]))
    assert history.steps == 17
    assert history.train_loss.shape == (18,)
    assert history.val_loss.shape == (18,)
    assert history.learning_rates.shape == (17,)
    assert history.diverged_at is None
    assert set(history.path) == set(start)
    for name, value in start.items():
        assert history.path[name].shape == (18, *value.shape)
        np.testing.assert_array_equal(history.path[name][0], value)
        np.testing.assert_array_equal(history.path[name][-1], history.params[name])
        assert history.params[name].shape == value.shape
        assert history.params[name].dtype == np.float64
    for dtype_check in (history.train_loss, history.val_loss, history.learning_rates):
        assert dtype_check.dtype == np.float64


def test_history_records_the_objective_at_every_point_of_the_path():
    X, y = regression_data()
    model = LinearModel(2)
    history = gradient_descent(model, X, y, learning_rate=0.1, steps=5, l2=0.2,
                               validation_data=(X[:6], y[:6]))
    for t in range(6):
        point = {name: history.path[name][t] for name in history.path}
        assert history.train_loss[t] == pytest.approx(
            loss_and_grad(model, point, X, y, l2=0.2)[0], rel=1e-14)
        assert history.val_loss[t] == pytest.approx(
            loss_and_grad(model, point, X[:6], y[:6], l2=0.2)[0], rel=1e-14)


def test_default_start_is_init_params_of_the_seed_and_val_loss_is_none_without_data():
    X, y = regression_data()
    net = TwoLayerNet(2, 3)
    history = gradient_descent(net, X, y, learning_rate=0.1, steps=2, seed=4)
    for name, value in net.init_params(seed=4).items():
        np.testing.assert_array_equal(history.path[name][0], value)
    assert history.val_loss is None


def test_history_repr_is_short():
    X, y = regression_data()
    text = repr(gradient_descent(LinearModel(2), X, y, learning_rate=0.1, steps=3))
    assert text.startswith("History(steps=3, train_loss ")
    assert len(text) < 80


@pytest.mark.parametrize("batch_size", [None, 5])
def test_inputs_are_never_modified(batch_size):
    X, y = regression_data()
    net = TwoLayerNet(2, 1)          # one hidden unit: W2 and b2 are scalars for the surface
    params = net.init_params(seed=1)
    weights = np.linspace(0.5, 1.5, len(y))
    originals = copy.deepcopy((X, y, params, weights))
    gradient_descent(net, X, y, learning_rate=0.1, steps=10, params=params, l2=0.1,
                     batch_size=batch_size, sample_weight=weights,
                     validation_data=(X, y))
    loss_and_grad(net, params, X, y, l2=0.1, sample_weight=weights)
    check_backward(net, params, X, y, l2=0.1, sample_weight=weights)
    loss_surface(net, params, X, y, grid={"W2": np.array([0.0, 1.0]), "b2": np.array([1.0])},
                 sample_weight=weights)
    for before, after in zip(originals, (X, y, params, weights)):
        if isinstance(before, dict):
            assert set(before) == set(after)
            for name in before:
                np.testing.assert_array_equal(before[name], after[name])
        else:
            np.testing.assert_array_equal(before, after)


# ---------------------------------------------------------------------------
# loss surface
# ---------------------------------------------------------------------------

def test_loss_surface_matches_loss_and_grad_at_every_grid_point():
    X, y = regression_data(n=12)
    X = X[:, :1]
    model = LinearModel(1)
    params = model.init_params()
    ws = np.linspace(-1.0, 3.0, 5)
    bs = np.linspace(-2.0, 2.0, 3)
    surface = loss_surface(model, params, X, y, grid={"w": ws, "b": bs}, l2=0.1)
    assert surface.shape == (5, 3)
    for i, w in enumerate(ws):
        for j, b in enumerate(bs):
            point = {"w": np.array([w]), "b": np.array(b)}
            assert surface[i, j] == loss_and_grad(model, point, X, y, l2=0.1)[0]


def test_loss_surface_is_indexed_in_the_order_of_the_grid_dict():
    X, y = regression_data(n=12)
    X = X[:, :1]
    model = LinearModel(1)
    params = model.init_params()
    ws, bs = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 5.0])
    wb = loss_surface(model, params, X, y, grid={"w": ws, "b": bs})
    bw = loss_surface(model, params, X, y, grid={"b": bs, "w": ws})
    assert wb.shape == (3, 2)
    assert bw.shape == (2, 3)
    np.testing.assert_array_equal(wb, bw.T)
    # [i, j] is (w_i, b_j): the loss grows with b far above the data's mean
    assert wb[0, 1] > wb[0, 0]


def test_loss_surface_keeps_the_other_parameters_and_marks_overflow_as_inf():
    net = TwoLayerNet(1, 1)
    params = net.init_params(seed=0)
    X, y = np.array([[1.0], [2.0]]), np.array([0.5, -0.5])
    grid = {"W2": np.array([0.0, 1.0, 1e200]), "b2": np.array([0.0, 1e300])}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        surface = loss_surface(net, params, X, y, grid=grid)
    point = dict(params, W2=np.array([1.0]), b2=np.array(0.0))
    assert surface[1, 0] == loss_and_grad(net, point, X, y)[0]
    assert surface[2, 1] == np.inf


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


def test_loss_kwargs_reach_the_loss():
    X, y = regression_data()
    model = LinearModel(2)
    params = random_params(model, 0)
    small = loss_and_grad(model, params, X, y, loss="huber", loss_kwargs={"delta": 0.1})[0]
    large = loss_and_grad(model, params, X, y, loss="huber", loss_kwargs={"delta": 10.0})[0]
    assert large == pytest.approx(0.5 * loss_and_grad(model, params, X, y)[0], rel=1e-12)
    assert small < large


# ---------------------------------------------------------------------------
# models: predictions and initialisation
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


# ---------------------------------------------------------------------------
# all parameters as one vector; the Hessian
# ---------------------------------------------------------------------------

def test_flatten_params_follows_the_key_order_and_row_major_order():
    params = {"W": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.array(5.0),
              "v": np.array([6.0, 7.0])}
    np.testing.assert_array_equal(flatten_params(params), [1, 2, 3, 4, 5, 6, 7])
    reordered = {"b": params["b"], "W": params["W"], "v": params["v"]}
    np.testing.assert_array_equal(flatten_params(reordered), [5, 1, 2, 3, 4, 6, 7])


@pytest.mark.parametrize("model_name", ["linear_k3", "net_tanh_k3"])
def test_unflatten_params_inverts_flatten_params_with_new_arrays(model_name):
    params = random_params(MODELS[model_name](), seed=1)
    vector = flatten_params(params)
    back = unflatten_params(vector, params)
    assert list(back) == list(params)
    for name in params:
        np.testing.assert_array_equal(back[name], params[name])
        assert back[name].dtype == np.float64
        assert not np.shares_memory(back[name], vector)


@pytest.mark.parametrize("vector", [np.zeros(6), np.zeros(8), np.zeros((7, 1))])
def test_unflatten_params_rejects_a_vector_of_the_wrong_size(vector):
    like = {"W": np.zeros((2, 3)), "b": np.array(0.0)}
    with pytest.raises(ValueError, match="vector must be 1-D with 7 entries"):
        unflatten_params(vector, like)


@pytest.mark.parametrize("bad", [[1.0, 2.0], {}, None])
def test_flatten_params_rejects_what_is_not_a_dict_of_arrays(bad):
    with pytest.raises(ValueError, match="params must be a non-empty dict"):
        flatten_params(bad)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hessian_of_the_mse_of_a_line_is_two_over_n_times_the_gram_matrix(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(loc=1.5, scale=2.0, size=(30, 3))   # not centred: coupled parameters
    y = rng.normal(size=30)
    model = LinearModel(n_features=3)
    design = np.column_stack([X, np.ones(30)])         # [X 1]
    expected = 2.0 / 30 * design.T @ design
    for params in (model.init_params(), random_params(model, seed)):
        H = hessian(model, params, X, y)
        assert H.shape == (4, 4)
        np.testing.assert_allclose(H, expected, rtol=1e-9, atol=1e-9)


def _autograd_hessian(params, X, y, l2):
    """autograd's Hessian of the tanh network's MSE objective, in flatten_params order."""
    objective = autograd_objective("tanh", "mse")
    shapes = {name: np.shape(value) for name, value in params.items()}

    def of_vector(theta):
        at, start = {}, 0
        for name, shape in shapes.items():
            size = int(np.prod(shape, dtype=int))
            at[name] = anp.reshape(theta[start:start + size], shape)
            start += size
        return objective(at, X, y, l2)

    return autograd.hessian(of_vector)(flatten_params(params))


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_hessian_of_a_two_layer_tanh_net_matches_autograd(l2):
    net = TwoLayerNet(n_features=2, n_hidden=3)
    rng = np.random.default_rng(7)
    X, y = rng.normal(size=(15, 2)), rng.normal(size=15)
    params = random_params(net, seed=3)
    H = hessian(net, params, X, y, l2=l2)
    expected = _autograd_hessian(params, X, y, l2)
    assert H.shape == (13, 13)                 # W1 2x3, b1 3, W2 3, b2 1
    np.testing.assert_allclose(H, expected, rtol=1e-6, atol=1e-8)


def test_hessian_is_symmetric_and_does_not_modify_params():
    net = TwoLayerNet(n_features=3, n_hidden=4, n_outputs=2)
    params = random_params(net, seed=2)
    before = copy.deepcopy(params)
    X = data(n=10)
    y = np.random.default_rng(1).normal(size=(10, 2))
    H = hessian(net, params, X, y)
    np.testing.assert_array_equal(H, H.T)
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])


def test_hessian_follows_the_key_order_of_params():
    model = LinearModel(n_features=2)
    X, y = data(n=8, d=2), np.arange(8.0)
    params = {"w": np.array([0.5, -1.0]), "b": np.array(2.0)}
    H = hessian(model, params, X, y)
    H_b_first = hessian(model, {"b": params["b"], "w": params["w"]}, X, y)
    order = [2, 0, 1]                         # b, w[0], w[1]
    np.testing.assert_allclose(H_b_first, H[np.ix_(order, order)], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("model_name", ["linear", "net_tanh"])
def test_l2_adds_lambda_to_the_hessian_diagonal_of_the_weights_only(model_name):
    model = MODELS[model_name]()
    params = random_params(model, seed=6)
    X = data()
    y = np.random.default_rng(2).normal(size=X.shape[0])
    l2 = 0.7
    extra = hessian(model, params, X, y, l2=l2) - hessian(model, params, X, y)
    is_weight = flatten_params({name: np.full(np.shape(value), name in model.weight_names)
                                for name, value in params.items()}).astype(bool)
    np.testing.assert_allclose(extra, np.diag(np.where(is_weight, l2, 0.0)), atol=1e-7)
    assert is_weight.any() and not is_weight.all()


def test_hessian_gives_the_largest_stable_learning_rate():
    model = LinearModel(n_features=1)
    X = np.linspace(0.5, 4.0, 8)[:, np.newaxis]        # hours not centred
    y = 3.0 + 1.2 * X[:, 0]
    eta_max = 2 / np.linalg.eigvalsh(hessian(model, model.init_params(), X, y))[-1]
    below = gradient_descent(model, X, y, learning_rate=0.98 * eta_max, steps=300)
    above = gradient_descent(model, X, y, learning_rate=1.02 * eta_max, steps=300)
    assert below.train_loss[-1] < below.train_loss[0] / 100
    assert above.train_loss[-1] > above.train_loss[0] * 100


@pytest.mark.parametrize("eps", [0.0, -1e-5, float("nan"), float("inf"), "1e-5", True, None])
def test_hessian_rejects_a_bad_eps(eps):
    model = LinearModel(n_features=1)
    with pytest.raises(ValueError, match="eps must"):
        hessian(model, model.init_params(), [[1.0], [2.0]], [1.0, 2.0], eps=eps)


def test_hessian_reports_an_overflow_as_a_value_error():
    model = LinearModel(n_features=1)
    params = {"w": np.array([1e200]), "b": np.array(0.0)}
    with pytest.raises(ValueError, match="cannot be evaluated near these params"):
        hessian(model, params, [[1e200], [2.0]], [1.0, 2.0])
