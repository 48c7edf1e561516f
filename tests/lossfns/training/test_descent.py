"""lossfns.training.descent: gradient_descent and its History, mini-batches, schedules,
divergence, early stopping, params_at and loss_along_path; the chapters' runs against
the optima other tools find.

Oracles: numpy.linalg.lstsq, scikit-learn's LogisticRegression, LinearSVC, SVC and
QuantileRegressor, a brute-force restatement of the patience rule (for every step, the
number of steps since the prefix's first minimum), np.argmin, and lossfns.mse on
predictions made from the recorded path by hand.
"""

import copy
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossfns
from lossfns import mse
from lossfns.course.datasets import bakery_demand, spam_emails
from lossfns.training import (
    EarlyStop,
    LinearModel,
    LinearSVM,
    LogisticRegression,
    TrainingDiverged,
    TwoLayerNet,
    early_stopping,
    gradient_descent,
    loss_along_path,
    loss_and_grad,
)
from tests.lossfns.training.models_and_data import (
    assert_same_history,
    assert_unchanged,
    data,
    overlapping_blobs,
    regression_data,
)

# ---------------------------------------------------------------------------
# sample weights
# ---------------------------------------------------------------------------

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
def test_gradient_descent_never_modifies_its_inputs(batch_size):
    X, y = regression_data()
    net = TwoLayerNet(2, 1)
    params = net.init_params(seed=1)
    weights = np.linspace(0.5, 1.5, len(y))
    originals = copy.deepcopy((X, y, params, weights))
    gradient_descent(net, X, y, learning_rate=0.1, steps=10, params=params, l2=0.1,
                     batch_size=batch_size, sample_weight=weights,
                     validation_data=(X, y))
    assert_unchanged(originals, (X, y, params, weights))


# ---------------------------------------------------------------------------
# early stopping, params_at and loss_along_path (chapter 8)
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# chapter 7's models on the spam emails, against scikit-learn
# ---------------------------------------------------------------------------

LAMBDA = 0.02


@pytest.fixture(scope="module")
def emails():
    X, y = spam_emails()
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def _svm_as_in_the_chapter(Z, y, l2, steps=3000):
    run = gradient_descent(LinearSVM(2), Z, y, l2=l2, steps=steps,
                           learning_rate=lambda t: 1 / (l2 * (t + 10)))
    return run.path["w"][steps // 2:].mean(axis=0), run.path["b"][steps // 2:].mean()


def test_subgradient_descent_finds_scikit_learns_svm(emails):
    # SVC minimises (1/2)|w|^2 + C sum hinge, the chapter's objective times 1/(lambda n)
    # when C = 1 / (lambda n); neither penalises the intercept.
    svm = pytest.importorskip("sklearn.svm")
    Z, y = emails
    reference = svm.SVC(kernel="linear", C=1 / (LAMBDA * len(y)), tol=1e-10).fit(Z, y)
    w, b = _svm_as_in_the_chapter(Z, y, LAMBDA)
    np.testing.assert_allclose(w, reference.coef_[0], atol=5e-3)
    assert b == pytest.approx(reference.intercept_[0], abs=5e-3)
    margins = y * (Z @ w + b)
    assert set(np.flatnonzero(margins <= 1.01)) == set(reference.support_)


def test_the_svm_trained_on_its_support_vectors_alone_is_the_same_svm(emails):
    svm = pytest.importorskip("sklearn.svm")
    Z, y = emails
    C = 1 / (LAMBDA * len(y))
    full = svm.SVC(kernel="linear", C=C, tol=1e-10).fit(Z, y)
    kept = full.support_
    fewer = svm.SVC(kernel="linear", C=C, tol=1e-10).fit(Z[kept], y[kept])
    np.testing.assert_allclose(fewer.coef_, full.coef_, atol=1e-6)
    # the chapter's version: the mean loss over fewer emails, penalty scaled by n / n_kept
    w, b = _svm_as_in_the_chapter(Z[kept], y[kept], LAMBDA * len(y) / len(kept))
    np.testing.assert_allclose(w, full.coef_[0], atol=5e-3)


def test_gradient_descent_finds_scikit_learns_logistic_regression(emails):
    linear_model = pytest.importorskip("sklearn.linear_model")
    Z, y = emails
    reference = linear_model.LogisticRegression(C=1 / (LAMBDA * len(y)), tol=1e-12,
                                                max_iter=10_000).fit(Z, y)
    run = gradient_descent(LogisticRegression(2), Z, (y + 1) / 2, l2=LAMBDA,
                           learning_rate=1.0, steps=2000)
    np.testing.assert_allclose(run.params["w"], reference.coef_[0], rtol=1e-6)
    assert float(run.params["b"]) == pytest.approx(reference.intercept_[0], rel=1e-6)


def test_the_chapter_s_pulls_at_the_kink_are_scikit_learns_dual_coefficients(emails):
    # The chapter solves lambda w = (1/n) sum alpha_i y_i z_i, sum alpha_i y_i = 0 for the
    # pulls alpha_i of the emails on the margin. SVC's dual_coef_ is y_i alpha_i C.
    svm = pytest.importorskip("sklearn.svm")
    Z, y = emails
    n = len(y)
    C = 1 / (LAMBDA * n)
    reference = svm.SVC(kernel="linear", C=C, tol=1e-12).fit(Z, y)
    expected = np.zeros(n)
    expected[reference.support_] = np.abs(reference.dual_coef_[0]) / C

    w, b = _svm_as_in_the_chapter(Z, y, LAMBDA)
    margins = y * (Z @ w + b)
    on_margin = np.abs(margins - 1) <= 0.01
    pull = np.where(margins < 1 - 0.01, 1.0, 0.0)
    A = np.vstack([(y[on_margin, None] * Z[on_margin]).T / n, y[on_margin]])
    rhs = np.append(LAMBDA * w - (pull * y) @ Z / n, -(pull * y).sum())
    pull[on_margin] = np.linalg.lstsq(A, rhs, rcond=None)[0]
    np.testing.assert_allclose(pull, expected, atol=0.02)
    assert np.all((pull >= 0) & (pull <= 1))


# ---------------------------------------------------------------------------
# chapter 9's pinball run, against a linear programme
# ---------------------------------------------------------------------------

def test_chapter_9_s_pinball_run_reaches_the_linear_programme_s_optimum():
    """Step 5's settings (subgradients, rate 15/sqrt(t), 4000 steps) against scikit-learn's
    QuantileRegressor, which solves the same problem exactly as a linear programme."""
    sklearn_linear = pytest.importorskip("sklearn.linear_model")
    from lossfns.training import LinearModel, gradient_descent

    train = bakery_demand()
    X, y = train.X, train.demand
    model = LinearModel(n_features=2)
    start = gradient_descent(model, X, y, loss="mse", learning_rate=0.01, steps=3000)
    pinball = gradient_descent(model, X, y, loss="quantile_loss", loss_kwargs={"q": 0.8},
                               params=start.params, learning_rate=lambda t: 15.0 / np.sqrt(t),
                               steps=4000)
    exact = sklearn_linear.QuantileRegressor(quantile=0.8, alpha=0.0, solver="highs").fit(X, y)
    best = lossfns.quantile_loss(y, exact.predict(X), q=0.8)
    assert pinball.train_loss[-1] == pytest.approx(best, rel=1e-5)
    assert float(pinball.params["b"]) == pytest.approx(exact.intercept_, abs=0.1)
