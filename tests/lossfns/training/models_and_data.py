"""Models, data and checks that several of the training tests share.

Not a test module (no ``test_`` prefix): ``test_models.py``, ``test_objective.py``,
``test_descent.py``, ``test_landscape.py`` and ``test_checks.py`` import from it.
"""

import autograd.numpy as anp
import numpy as np
import pytest

from lossfns.training import (
    History,
    LinearModel,
    LinearSVM,
    LogisticRegression,
    TwoLayerNet,
)

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


def data(n=12, d=3, seed=0):
    return np.random.default_rng(seed).normal(size=(n, d))


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


def overlapping_blobs(seed, n=400):
    """Two Gaussian classes that overlap a little ("separable-ish"), labels 0/1."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.5).astype(float)
    X = rng.normal(size=(n, 2)) + np.outer(2 * y - 1, [1.2, 0.8])
    return X, y


def regression_data(n=30, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return X, X @ np.array([1.0, -1.0]) + 0.5 + 0.1 * rng.normal(size=n)


def assert_same_history(a: History, b: History):
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    np.testing.assert_array_equal(a.learning_rates, b.learning_rates)
    for name in a.path:
        np.testing.assert_array_equal(a.path[name], b.path[name])


def assert_unchanged(originals, now):
    """Every array (or dict of arrays) in ``now`` equals its deep copy in ``originals``."""
    for before, after in zip(originals, now):
        if isinstance(before, dict):
            assert set(before) == set(after)
            for name in before:
                np.testing.assert_array_equal(before[name], after[name])
        else:
            np.testing.assert_array_equal(before, after)


def error_of(call) -> str:
    with pytest.raises(ValueError) as caught:
        call()
    return str(caught.value)


def assert_mentions(message, *parts):
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
