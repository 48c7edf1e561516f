"""lossfns.training._checks: every bad input of the training functions raises a ValueError
naming the argument, what was expected and what was received.

The models' own argument checks are in test_models.py, flatten_params', unflatten_params'
and hessian's in test_landscape.py.
"""

import numpy as np
import pytest

from lossfns.training import (
    LinearModel,
    LinearSVM,
    TwoLayerNet,
    check_backward,
    gradient_descent,
    loss_and_grad,
    loss_surface,
)
from tests.lossfns.training.models_and_data import assert_mentions, error_of

X = np.random.default_rng(0).normal(size=(5, 2))
Y = np.arange(5.0)
MODEL = LinearModel(n_features=2)
PARAMS = MODEL.init_params()


def descend(**kwargs):
    arguments = {"learning_rate": 0.1, "steps": 3} | kwargs
    return gradient_descent(MODEL, X, arguments.pop("y", Y), **arguments)


# --- gradient_descent arguments -------------------------------------------

@pytest.mark.parametrize("rate", [0, 0.0, -0.1])
def test_non_positive_learning_rate(rate):
    assert_mentions(error_of(lambda: descend(learning_rate=rate)),
                    "learning_rate", "> 0", f"got {float(rate)!r}")


@pytest.mark.parametrize("rate", [np.nan, np.inf, "0.1", True])
def test_learning_rate_that_is_not_a_finite_number(rate):
    assert_mentions(error_of(lambda: descend(learning_rate=rate)),
                    "learning_rate must be", "finite" if rate in (np.nan, np.inf) else "real",
                    f"got {rate!r}")


@pytest.mark.parametrize("bad", [0.0, -0.01, np.nan, None])
def test_schedule_returning_a_non_positive_rate_names_the_step(bad):
    schedule = lambda t: 0.1 if t < 3 else bad
    assert_mentions(error_of(lambda: descend(learning_rate=schedule, steps=5)),
                    "learning_rate", "schedule", "positive", "at step 3",
                    f"returned {bad!r}")


@pytest.mark.parametrize("steps", [0, -2, 2.5, 3.0, True, None])
def test_steps_not_a_positive_integer(steps):
    assert_mentions(error_of(lambda: descend(steps=steps)),
                    "steps", "integer >= 1", f"got {steps!r}")


@pytest.mark.parametrize("batch_size", [0, 6, -1, 2.0])
def test_batch_size_out_of_range(batch_size):
    assert_mentions(error_of(lambda: descend(batch_size=batch_size)),
                    "batch_size", "[1, 5]", f"got {batch_size!r}")


def test_on_divergence_not_raise_or_stop():
    assert_mentions(error_of(lambda: descend(on_divergence="ignore")),
                    "on_divergence", "'raise' or 'stop'", "'ignore'")


def test_seed_not_a_non_negative_integer():
    assert_mentions(error_of(lambda: descend(seed=-1)), "seed", ">= 0", "-1")


def test_params_not_a_dict():
    assert_mentions(error_of(lambda: descend(params=[1.0, 2.0])),
                    "params", "dict", "list")


def test_starting_params_whose_objective_overflows():
    huge = {"w": np.array([1e300, 1e300]), "b": np.array(0.0)}
    assert_mentions(error_of(lambda: descend(params=huge)),
                    "params", "starting point", "inf")


@pytest.mark.parametrize("bad, received", [
    (X, "ndarray of length 5"),
    ((X, Y, Y), "tuple of length 3"),
    ("data", "str"),
])
def test_validation_data_not_a_pair(bad, received):
    assert_mentions(error_of(lambda: descend(validation_data=bad)),
                    "validation_data", "pair (X_val, y_val)", received)


def test_validation_data_with_the_wrong_number_of_features():
    assert_mentions(error_of(lambda: descend(validation_data=(X[:, :1], Y))),
                    "validation_data[0] (X_val)", "2 columns", "shape (5, 1)")


def test_validation_targets_of_another_length():
    assert_mentions(error_of(lambda: descend(validation_data=(X, Y[:3]))),
                    "validation_data[1] (y_val)", "row of X_val", "length 5", "shape (3,)")


def test_validation_targets_of_the_wrong_shape():
    assert_mentions(error_of(lambda: descend(validation_data=(X, Y[:, None]))),
                    "validation_data[1] (y_val)", "(5,)", "shape (5, 1)", "y_val.reshape")


# --- y against X and the model's output -----------------------------------

def test_y_whose_first_axis_does_not_match_X():
    assert_mentions(error_of(lambda: descend(y=Y[:4])),
                    "y must have one entry per sample", "length 5", "shape (4,)")


def test_y_column_against_a_flat_output_is_not_broadcast():
    message = error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y[:, None]))
    assert_mentions(message, "y must have the shape of the model's output (5,)",
                    "got shape (5, 1)", "(5, 5)", "y.reshape((5,))")


def test_flat_y_against_a_column_output_is_not_broadcast():
    model = LinearModel(2, n_outputs=1)
    message = error_of(lambda: loss_and_grad(model, model.init_params(), X, Y))
    assert_mentions(message, "y must have the shape of the model's output (5, 1)",
                    "got shape (5,)", "y.reshape((5, 1))")


def test_flat_y_against_several_outputs_with_a_regression_loss():
    model = LinearModel(2, n_outputs=3)
    message = error_of(lambda: loss_and_grad(model, model.init_params(), X, Y))
    assert_mentions(message, "y", "(5, 3)", "got shape (5,)", "'cross_entropy'")


def test_class_indices_out_of_range_are_reported_by_the_loss_with_our_names():
    model = LinearModel(2, n_outputs=3)
    message = error_of(lambda: loss_and_grad(model, model.init_params(), X, Y,
                                             loss="cross_entropy"))
    assert_mentions(message, "loss 'cross_entropy'", "y as y_true", "shape (5,)",
                    "the model's output as y_pred", "shape (5, 3)",
                    "class indices in [0, 2]", "first: 3")


def test_zero_one_labels_for_the_svm_say_how_to_convert_them():
    labels = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    message = error_of(lambda: loss_and_grad(LinearSVM(2), PARAMS, X, labels))
    assert_mentions(message, "loss 'hinge'", "y as y_true", "-1 or +1", "first: 0.0",
                    "2 * y - 1")


def test_y_with_nan():
    bad = Y.copy()
    bad[2] = np.nan
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X, bad)),
                    "y must contain only finite numbers", "NaN at flat index 2")


# --- X and params ---------------------------------------------------------

def test_X_not_two_dimensional():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X[:, 0], Y)),
                    "X must be a 2-D array", "(n_samples, 2)", "shape (5,)",
                    "X.reshape(-1, 1)")


def test_X_with_the_wrong_number_of_columns():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X[:, :1], Y)),
                    "X must have 2 columns", "n_features", "shape (5, 1)")


def test_X_with_inf():
    bad = X.copy()
    bad[1, 1] = np.inf
    assert_mentions(error_of(lambda: MODEL.forward(PARAMS, bad)),
                    "X must contain only finite numbers", "inf at flat index 3")


def test_params_with_a_missing_key():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, {"w": np.zeros(2)}, X, Y)),
                    "params must have exactly the keys ['w', 'b']", "got ['w']",
                    "missing ['b']")


def test_params_with_an_extra_key():
    params = dict(PARAMS, c=np.zeros(1))
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, params, X, Y)),
                    "params", "['w', 'b']", "unexpected ['c']")


def test_params_of_the_wrong_shape():
    params = {"w": np.zeros((2, 1)), "b": np.array(0.0)}
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, params, X, Y)),
                    "params['w'] must have shape (2,)", "got shape (2, 1)")


def test_two_layer_params_of_the_wrong_shape():
    net = TwoLayerNet(2, 3)
    params = dict(net.init_params(), W2=np.zeros((3, 1)))
    assert_mentions(error_of(lambda: net.forward(params, X)),
                    "params['W2'] must have shape (3,)", "got shape (3, 1)")


def test_params_that_overflow_the_output():
    params = {"w": np.array([1e200, 1e200]), "b": np.array(0.0)}
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, params, X * 1e200, Y)),
                    "the model's output became inf", "parameters are too large")


def test_grad_output_of_the_wrong_shape():
    _, cache = MODEL.forward(PARAMS, X)
    assert_mentions(error_of(lambda: MODEL.backward(PARAMS, cache, np.ones((5, 1)))),
                    "grad_output", "(5,)", "got shape (5, 1)")


def test_a_backward_that_forgets_a_parameter():
    class NoBias(LinearModel):
        def backward(self, params, cache, grad_output):
            return {"w": super().backward(params, cache, grad_output)["w"]}

    assert_mentions(error_of(lambda: check_backward(NoBias(2), PARAMS, X, Y)),
                    "model.backward", "keys ['w', 'b']", "got ['w']")


def test_a_backward_that_returns_a_wrong_shape():
    class FlatBias(LinearModel):
        def backward(self, params, cache, grad_output):
            return dict(super().backward(params, cache, grad_output), b=np.zeros(1))

    assert_mentions(error_of(lambda: loss_and_grad(FlatBias(2), PARAMS, X, Y)),
                    "model.backward", "'b'", "shape (1,)", "parameter's shape ()")


# --- loss, l2, weights, options ------------------------------------------

def test_unknown_loss_lists_the_registered_names():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y, loss="msee")),
                    "loss must be the name of a registered loss", "'msee'",
                    "'mse'", "'hinge'", "'cross_entropy'", "register_loss")


def test_a_loss_that_is_a_function_rather_than_a_name():
    from lossfns import mse

    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y, loss=mse)),
                    "loss must be the name of a registered loss", "function mse")


def test_negative_l2():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y, l2=-1)),
                    "l2 must be >= 0", "got -1.0")


def test_sample_weight_of_the_wrong_length():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y,
                                                   sample_weight=np.ones(4))),
                    "sample_weight", "shape (5,)", "got shape (4,)")


def test_loss_kwargs_not_a_dict():
    assert_mentions(error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y, loss_kwargs=0.5)),
                    "loss_kwargs must be a dict", "got 0.5")


def test_bad_loss_option_is_reported_with_the_loss_name():
    message = error_of(lambda: loss_and_grad(MODEL, PARAMS, X, Y, loss="huber",
                                             loss_kwargs={"delta": -1.0}))
    assert_mentions(message, "loss 'huber'", "loss_kwargs={'delta': -1.0}",
                    "delta must be > 0", "got -1.0")


# --- loss_surface and check_backward --------------------------------------

def test_grid_not_two_parameters():
    assert_mentions(error_of(lambda: loss_surface(MODEL, PARAMS, X, Y,
                                                  grid={"b": [0.0, 1.0]})),
                    "grid", "exactly two parameter names", "{'b': [0.0, 1.0]}")


def test_grid_over_an_unknown_parameter():
    assert_mentions(error_of(lambda: loss_surface(MODEL, PARAMS, X, Y,
                                                  grid={"b": [0.0], "c": [1.0]})),
                    "grid keys", "['w', 'b']", "'c'")


def test_grid_over_a_parameter_with_several_entries():
    assert_mentions(error_of(lambda: loss_surface(MODEL, PARAMS, X, Y,
                                                  grid={"w": [0.0], "b": [1.0]})),
                    "grid['w']", "single number", "shape (2,)")


def test_grid_values_not_one_dimensional():
    model = LinearModel(1)
    assert_mentions(error_of(lambda: loss_surface(model, model.init_params(), X[:, :1], Y,
                                                  grid={"w": [[0.0, 1.0]], "b": [1.0]})),
                    "grid['w']", "1-D", "shape (1, 2)")


@pytest.mark.parametrize("name", ["eps", "atol"])
def test_check_backward_step_and_tolerance_must_be_positive(name):
    assert_mentions(error_of(lambda: check_backward(MODEL, PARAMS, X, Y, **{name: 0.0})),
                    name, "> 0", "got 0.0")
