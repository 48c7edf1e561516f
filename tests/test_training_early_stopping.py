"""lossfns.training, chapter 8: early stopping, params_at and loss_along_path.

Oracles: a brute-force restatement of the patience rule (for every step, the number of
steps since the prefix's first minimum), np.argmin, and lossfns.mse on predictions made
from the recorded path by hand.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns import mse
from lossfns.training import (
    EarlyStop,
    LinearModel,
    early_stopping,
    gradient_descent,
    loss_along_path,
)


def brute_force(losses, patience):
    """The patience rule restated: stop at the first t whose prefix minimum is >= patience old."""
    for t in range(1, len(losses)):
        best = int(np.argmin(losses[:t + 1]))   # first occurrence of the prefix's minimum
        if t - best >= patience:
            return best, t
    return int(np.argmin(losses)), None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 10.0, allow_nan=False), min_size=1, max_size=40),
       st.integers(1, 8))
def test_early_stopping_agrees_with_the_rule_restated(losses, patience):
    stop = early_stopping(losses, patience=patience)
    best, stopped_at = brute_force(np.array(losses), patience)
    assert (stop.best_step, stop.stopped_at) == (best, stopped_at)
    assert stop.best_loss == losses[best]
    if stopped_at is not None:
        assert stopped_at - best == patience


def test_patience_longer_than_the_run_keeps_the_overall_minimum():
    losses = [3.0, 1.0, 2.0, 0.5, 0.7]
    assert early_stopping(losses, patience=100) == EarlyStop(3, 0.5, None, 100)


def test_min_delta_ignores_tiny_improvements():
    losses = [1.0, 0.999, 0.998, 0.5]
    assert early_stopping(losses, patience=2).best_step == 3
    assert early_stopping(losses, patience=2, min_delta=0.01) == EarlyStop(0, 1.0, 2, 2)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"val_loss": [1.0, 2.0], "patience": 0}, "patience"),
    ({"val_loss": [1.0, 2.0], "patience": 1.5}, "patience"),
    ({"val_loss": [[1.0, 2.0]], "patience": 1}, "val_loss must be 1-D"),
    ({"val_loss": [], "patience": 1}, "val_loss"),
    ({"val_loss": [1.0, np.nan], "patience": 1}, "val_loss"),
    ({"val_loss": [1.0, 2.0], "patience": 1, "min_delta": -1.0}, "min_delta"),
])
def test_early_stopping_rejects_bad_input_naming_the_argument(kwargs, message):
    losses = kwargs.pop("val_loss")
    with pytest.raises(ValueError, match=message):
        early_stopping(losses, **kwargs)


X = np.array([[0.0], [1.0], [2.0], [3.0]])
Y = np.array([1.0, 2.0, 2.0, 5.0])
X_VAL, Y_VAL = np.array([[1.5], [2.5]]), np.array([2.0, 3.5])


def test_history_early_stopping_uses_the_validation_curve():
    run = gradient_descent(LinearModel(1), X, Y, learning_rate=0.05, steps=30,
                           validation_data=(X_VAL, Y_VAL))
    assert run.early_stopping(patience=3) == early_stopping(run.val_loss, patience=3)
    without = gradient_descent(LinearModel(1), X, Y, learning_rate=0.05, steps=3)
    with pytest.raises(ValueError, match="validation_data"):
        without.early_stopping(patience=3)


def test_params_at_returns_copies_of_the_path():
    run = gradient_descent(LinearModel(1), X, Y, learning_rate=0.05, steps=5)
    params = run.params_at(5)
    np.testing.assert_array_equal(params["w"], run.params["w"])
    params["w"][0] = 99.0
    assert run.path["w"][5, 0] != 99.0
    assert params["b"].shape == ()
    for bad in (-1, 6, 2.0):
        with pytest.raises(ValueError, match="step"):
            run.params_at(bad)


def test_loss_along_path_is_the_plain_loss_without_the_penalty():
    model = LinearModel(1)
    run = gradient_descent(model, X, Y, learning_rate=0.05, steps=20, l2=0.5,
                           validation_data=(X_VAL, Y_VAL))
    by_hand = np.array([mse(Y_VAL, X_VAL @ run.path["w"][t] + run.path["b"][t])
                        for t in range(21)])
    np.testing.assert_allclose(loss_along_path(model, run, X_VAL, Y_VAL), by_hand,
                               rtol=1e-12)
    assert np.all(run.val_loss[1:] > by_hand[1:])        # val_loss includes the penalty
    np.testing.assert_allclose(loss_along_path(model, run, X_VAL, Y_VAL, steps=[0, 20]),
                               by_hand[[0, 20]])
    mae_path = loss_along_path(model, run, X_VAL, Y_VAL, loss="mae", steps=[20])
    assert mae_path[0] == pytest.approx(np.mean(np.abs(
        X_VAL @ run.path["w"][20] + run.path["b"][20] - Y_VAL)))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"history": "not a run"}, "history must be a History"),
    ({"steps": 3}, "steps must be a sequence"),
    ({"steps": [50]}, "step must lie in"),
])
def test_loss_along_path_rejects_bad_input(kwargs, message):
    run = gradient_descent(LinearModel(1), X, Y, learning_rate=0.05, steps=5)
    arguments = {"history": run, **kwargs}
    history = arguments.pop("history")
    with pytest.raises(ValueError, match=message):
        loss_along_path(LinearModel(1), history, X, Y, **arguments)
