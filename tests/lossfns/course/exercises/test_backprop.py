"""Chapter 3 checkers: accept the reference answers, name each typical mistake, never raise."""

import inspect
import json
import math
import sys
import types

import numpy as np
import pytest

from lossfns.course.exercises import backprop
from lossfns.course.exercises.backprop import (
    LINE_CASES,
    RATE_HOURS,
    RATE_SCORES,
    BrokenNet,
    check_fixed_backward,
    check_largest_stable_rate,
    check_line_gradient,
    largest_stable_rate,
    line_gradient,
)
from lossfns.training import LinearModel, TwoLayerNet, check_backward, gradient_descent
from tests.helpers import ROOT

NOTEBOOK = ROOT / "book" / "03_backpropagation.ipynb"


def untouched(*args):
    # Your code here
    ...


# --- exercise 1: the gradient of a line ----------------------------------------------------


def _mse_by_hand(w, b, x, y):
    return sum((w * xi + b - yi) ** 2 for xi, yi in zip(x, y)) / len(x)


@pytest.mark.parametrize(("w", "b", "x", "y"), LINE_CASES)
def test_reference_gradient_matches_finite_differences(w, b, x, y):
    # Oracle independent of lossfns: central differences of the MSE written out in Python.
    h = 1e-6
    d_w = (_mse_by_hand(w + h, b, x, y) - _mse_by_hand(w - h, b, x, y)) / (2 * h)
    d_b = (_mse_by_hand(w, b + h, x, y) - _mse_by_hand(w, b - h, x, y)) / (2 * h)
    got_w, got_b = line_gradient(w, b, x, y)
    assert math.isclose(got_w, d_w, rel_tol=1e-7, abs_tol=1e-8)
    assert math.isclose(got_b, d_b, rel_tol=1e-7, abs_tol=1e-8)


def line_grad_loops(w, b, x, y):
    n = len(x)
    d_w = sum(2 * (w * xi + b - yi) * xi for xi, yi in zip(x, y)) / n
    d_b = sum(2 * (w * xi + b - yi) for xi, yi in zip(x, y)) / n
    return d_w, d_b


def line_grad_with_training(w, b, x, y):
    from lossfns.training import loss_and_grad

    params = {"w": np.array([w]), "b": np.array(b)}
    _, grads = loss_and_grad(LinearModel(1), params, np.asarray(x)[:, None], y)
    return grads["w"][0], grads["b"]


@pytest.mark.parametrize(
    "solution",
    [
        lambda w, b, x, y: (2 * np.mean((w * x + b - y) * x), 2 * np.mean(w * x + b - y)),
        lambda w, b, x, y: [2 * np.mean((w * x + b - y) * x), 2 * np.mean(w * x + b - y)],
        lambda w, b, x, y: np.array([2 * (w * x + b - y) @ x, 2 * np.sum(w * x + b - y)])
        / len(x),
        line_grad_loops,
        line_grad_with_training,
    ],
)
def test_check_line_gradient_accepts_correct_solutions(solution):
    feedback = check_line_gradient(solution)
    assert feedback.is_correct, feedback
    assert "all 4 data sets" in str(feedback)


def _error(w, b, x, y):
    return w * x + b - y


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda w, b, x, y: (np.mean(_error(w, b, x, y) * x), np.mean(_error(w, b, x, y))),
         "the factor 2 is missing"),
        (lambda w, b, x, y: (2 * np.sum(_error(w, b, x, y) * x), 2 * np.sum(_error(w, b, x, y))),
         "the MSE is a *mean*"),
        (lambda w, b, x, y: (np.sum(_error(w, b, x, y) * x), np.sum(_error(w, b, x, y))),
         "lack the 2 and the 1/n"),
        (lambda w, b, x, y: (2 * np.mean((y - w * x - b) * x), 2 * np.mean(y - w * x - b)),
         "the sign is flipped"),
        (lambda w, b, x, y: (2 * np.mean(_error(w, b, x, y)),) * 2, "the factor x_i is missing"),
        (lambda w, b, x, y: (2 * np.mean(_error(w, b, x, y) * x),) * 2,
         "the intercept's gradient has no x_i"),
        (lambda w, b, x, y: (2 * np.mean(_error(w, b, x, y)) * np.mean(x),
                             2 * np.mean(_error(w, b, x, y))),
         "not the product of the means"),
        (lambda w, b, x, y: (2 * np.mean(_error(w, b, x, y) * x**2),
                             2 * np.mean(_error(w, b, x, y))),
         "once too often"),
        (lambda w, b, x, y: (2 * np.mean(_error(w, b, x, y)), 2 * np.mean(_error(w, b, x, y) * x)),
         "in the wrong order"),
        (lambda w, b, x, y: 2 * np.mean(_error(w, b, x, y) * x), "return a pair of numbers"),
        (lambda w, b, x, y: "dw, db", "return a pair of numbers"),
        (lambda w, b, x, y: (1.0, 2.0, 3.0), "return a pair of numbers"),
    ],
)
def test_check_line_gradient_recognises_typical_mistakes(mistake, hint):
    feedback = check_line_gradient(mistake)
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_line_gradient_recognises_a_hard_coded_answer_as_one():
    first = line_gradient(*LINE_CASES[0])
    feedback = check_line_gradient(lambda w, b, x, y: first)
    assert feedback.status == "incorrect"
    assert "`line_mse_grad` returned [-2.704, -6.52] on each of the 4 test inputs" in \
        str(feedback)
    assert "does not depend on its arguments" in str(feedback)


def test_check_line_gradient_names_the_one_wrong_component():
    def only_b_wrong(w, b, x, y):
        right_w, right_b = line_gradient(w, b, x, y)
        return right_w, right_b + 0.5

    assert "dL/db is off" in str(check_line_gradient(only_b_wrong))


def test_line_cases_tell_the_mistakes_apart():
    for w, b, x, y in LINE_CASES:
        right = line_gradient(w, b, np.array(x), np.array(y))
        values = [right] + [v for _, v in backprop._line_variants(w, b, np.array(x), np.array(y))]
        rounded = {(round(a, 6), round(c, 6)) for a, c in values}
        assert len(rounded) == len(values), (w, b, x, y)


def test_check_line_gradient_placeholder_and_errors():
    assert check_line_gradient(untouched).status == "not_attempted"
    assert check_line_gradient(...).status == "not_attempted"
    feedback = check_line_gradient(lambda w, b, x, y: (x[10], 0.0))
    assert feedback.status == "error"
    assert str(feedback).startswith("✗ `line_mse_grad` raised IndexError")
    assert "\n" not in str(feedback)


def test_check_line_gradient_does_not_let_the_learner_change_its_data():
    def vandal(w, b, x, y):
        x *= 0.0
        y *= 0.0
        return (0.0, 0.0)

    check_line_gradient(vandal)
    assert check_line_gradient(line_grad_loops).is_correct


# --- exercise 2: the largest stable learning rate ------------------------------------------


def _final_over_initial_loss(rate, steps=3000):
    X = np.array(RATE_HOURS)[:, None]
    history = gradient_descent(LinearModel(1), X, np.array(RATE_SCORES), learning_rate=rate,
                               steps=steps, on_divergence="stop")
    return history.train_loss[-1] / history.train_loss[0]


def test_largest_stable_rate_is_the_edge_of_divergence_by_experiment():
    # Oracle: gradient descent itself. Just below the answer the loss falls, just above it grows.
    answer = largest_stable_rate(RATE_HOURS)
    assert _final_over_initial_loss(0.99 * answer) < 0.1
    assert _final_over_initial_loss(1.01 * answer) > 1e3


def test_largest_stable_rate_of_a_centred_feature():
    # x = -1, 1: the Hessian of the MSE of w x + b is 2 I, so the limit is 2 / 2 = 1.
    assert largest_stable_rate([-1.0, 1.0]) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("factor", [1.0, 0.995, 1.009])
def test_check_largest_stable_rate_accepts_the_answer_within_one_percent(factor):
    answer = largest_stable_rate(RATE_HOURS) * factor
    for form in (answer, np.float64(answer), np.array(answer), [answer]):
        feedback = check_largest_stable_rate(form)
        assert feedback.is_correct, (form, feedback)
        assert "λ_max = 14.4" in str(feedback)


def _centred_hessian_max():
    x = np.array(RATE_HOURS) - np.mean(RATE_HOURS)
    design = np.column_stack([x, np.ones_like(x)])
    return np.linalg.eigvalsh(2 * design.T @ design / len(x))[-1]


def _chapter_eta_max():
    """The chapter's eta_max as its notebook prints it (4 decimals)."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    marker = "largest stable learning rate 2 / lambda_max = "
    for cell in cells:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", ""))
            if marker in text:
                return float(text.split(marker)[1].split()[0])
    raise AssertionError("the notebook no longer prints its eta_max")


def test_the_chapter_s_eta_max_is_not_this_exercise_s():
    assert not math.isclose(_chapter_eta_max(), largest_stable_rate(RATE_HOURS), rel_tol=0.5)


def _hessian():
    x = np.array(RATE_HOURS)
    design = np.column_stack([x, np.ones_like(x)])
    return 2 * design.T @ design / len(x)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda lo, hi, H: 1 / hi, "that is 1/λ_max"),
        (lambda lo, hi, H: 2 / lo, "that is 2/λ_min"),
        (lambda lo, hi, H: 2 / np.max(np.diag(H)), "largest *diagonal* entry"),
        (lambda lo, hi, H: 4 / hi, "that is twice the answer"),
        (lambda lo, hi, H: 2 / (len(RATE_HOURS) * hi), "the *summed* squared error"),
        (lambda lo, hi, H: hi, "the curvature itself"),
        (lambda lo, hi, H: 1.05 * 2 / hi, "a little too large"),
        (lambda lo, hi, H: 0.95 * 2 / hi, "a little too small"),
        # The fastest rate, printed by the chapter, only 2.5 % below the limit: its own hint.
        (lambda lo, hi, H: 2 / (lo + hi), "the fastest rate, not the largest stable one"),
        (lambda lo, hi, H: 1.003 * 2 / (lo + hi), "the fastest rate, not the largest stable"),
        (lambda lo, hi, H: 2 / _centred_hessian_max(), "here the hours are not shifted"),
        (lambda lo, hi, H: _chapter_eta_max(), "the chapter's η_max"),
        (lambda lo, hi, H: 0.5, "diverges on these data"),
        (lambda lo, hi, H: 0.001, "so are larger rates"),
        (lambda lo, hi, H: -0.1, "a positive, finite number"),
        (lambda lo, hi, H: float("nan"), "NaN (not a number)"),
    ],
)
def test_check_largest_stable_rate_recognises_typical_mistakes(answer, hint):
    H = _hessian()
    low, high = np.linalg.eigvalsh(H)
    feedback = check_largest_stable_rate(float(answer(low, high, H)))
    assert feedback.status == "incorrect", feedback
    assert hint in str(feedback)


def test_check_largest_stable_rate_wants_one_number():
    assert check_largest_stable_rate(...).status == "not_attempted"
    assert "`largest_rate`" in str(check_largest_stable_rate(...))
    assert "one number" in str(check_largest_stable_rate([0.1, 0.2]))
    assert "should be a number" in str(check_largest_stable_rate("0.139"))
    assert "should be a number" in str(check_largest_stable_rate([None]))


@pytest.mark.parametrize(
    "answer",
    [["0.139"], np.array(["0.139"]), np.str_("0.139"), [b"0.139"], (np.str_("0.139"),),
     True, [True], np.array([True]), np.bool_(True)],
)
def test_check_largest_stable_rate_rejects_text_and_booleans_in_any_container(answer):
    feedback = check_largest_stable_rate(answer)
    assert feedback.status == "incorrect", feedback
    assert "should be a number" in str(feedback)


# --- exercise 3: repair a backward pass ----------------------------------------------------


class FixedNet(BrokenNet):
    def backward(self, params, cache, grad_output):
        X, h = cache["X"], cache["h"]
        g = grad_output
        grad_W2 = h.T @ g
        grad_b2 = g.sum(axis=0)
        grad_h = g @ params["W2"].T
        grad_a = grad_h * (1 - h**2)
        return {"W1": X.T @ grad_a, "b1": grad_a.sum(axis=0), "W2": grad_W2, "b2": grad_b2}


def _net_with(**changes):
    """A FixedNet whose backward pass has the given lines replaced (keys: W2, b2, grad_a, ...)."""

    class Variant(BrokenNet):
        def backward(self, params, cache, grad_output):
            X, a, h = cache["X"], cache["a"], cache["h"]
            g = grad_output
            n = X.shape[0]
            grad_h = g @ params["W2"].T
            local = {"X": X, "a": a, "h": h, "g": g, "n": n, "grad_h": grad_h, "np": np}
            grad_a = eval(changes.get("grad_a", "grad_h * (1 - h**2)"), local)
            local["grad_a"] = grad_a
            grads = {
                "W2": eval(changes.get("W2", "h.T @ g"), local),
                "b2": eval(changes.get("b2", "g.sum(axis=0)"), local),
                "W1": eval(changes.get("W1", "X.T @ grad_a"), local),
                "b1": eval(changes.get("b1", "grad_a.sum(axis=0)"), local),
            }
            for key in changes.get("drop", ()):
                del grads[key]
            return grads

    return Variant


def test_the_reference_repair_passes_check_backward_and_the_broken_net_fails_it():
    # check_backward (finite differences) is the oracle the checker's verdict must agree with.
    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    for cls, passes in ((FixedNet, True), (BrokenNet, False)):
        net = cls(n_features=3, n_hidden=4, n_outputs=2)
        error = check_backward(net, net.init_params(seed=3), X, y)
        assert (error < 1e-7) is passes, (cls.__name__, error)


class PatchedBrokenNet(BrokenNet):
    """A repair that keeps BrokenNet's b2 and corrects the other three gradients."""

    def backward(self, params, cache, grad_output):
        grads = super().backward(params, cache, grad_output)
        X, h, g = cache["X"], cache["h"], grad_output
        grad_a = g @ params["W2"].T * (1 - h**2)
        grads.update(W2=h.T @ g, W1=X.T @ grad_a, b1=grad_a.sum(axis=0))
        return grads


@pytest.mark.parametrize("answer", [FixedNet, FixedNet(3, 4, 2), _net_with(), PatchedBrokenNet])
def test_check_fixed_backward_accepts_correct_backward_passes(answer):
    feedback = check_fixed_backward(answer)
    assert feedback.is_correct, feedback
    assert "W1, b1, W2 and b2 are all right" in str(feedback)


# The known ways to get TwoLayerNet's gradients without correcting BrokenNet's backward
# pass: "fixed" means BrokenNet's lines, corrected, so none of them is a repair.

class InheritsTheReference(TwoLayerNet):
    pass


class AssignsTheReference(BrokenNet):
    backward = TwoLayerNet.backward


class CallsTheReference(BrokenNet):
    def backward(self, params, cache, grad_output):
        return TwoLayerNet.backward(self, params, cache, grad_output)


class SkipsBrokenNetWithSuper(BrokenNet):
    def backward(self, params, cache, grad_output):
        return super(BrokenNet, self).backward(params, cache, grad_output)


class AsksAnotherNetwork(BrokenNet):
    def backward(self, params, cache, grad_output):
        return TwoLayerNet(n_features=3, n_hidden=4, n_outputs=2).backward(
            params, cache, grad_output)


class CopiesTheReferenceCode(BrokenNet):
    backward = types.FunctionType(TwoLayerNet.backward.__code__,
                                  TwoLayerNet.backward.__globals__, "backward")


class FiniteDifferences(BrokenNet):
    """dL/dθ = Σ g · d(output)/dθ, each derivative by central differences of forward."""

    def backward(self, params, cache, grad_output):
        grads = {}
        for key, value in params.items():
            grad = np.zeros(np.shape(value))
            for index in np.ndindex(grad.shape):
                outputs = []
                for step in (1e-6, -1e-6):
                    moved = {k: np.array(v, dtype=float) for k, v in params.items()}
                    moved[key][index] += step
                    outputs.append(self.forward(moved, cache["X"])[0])
                grad[index] = np.sum(grad_output * (outputs[0] - outputs[1])) / 2e-6
            grads[key] = grad
        return grads


@pytest.mark.parametrize(("answer", "hint"), [
    (TwoLayerNet, "has the backward pass of TwoLayerNet itself"),
    (TwoLayerNet(3, 4, 2), "has the backward pass of TwoLayerNet itself"),
    (InheritsTheReference, "has the backward pass of TwoLayerNet itself"),
    (AssignsTheReference, "has the backward pass of TwoLayerNet itself"),
    (CallsTheReference, "hands the work to TwoLayerNet.backward"),
    (SkipsBrokenNetWithSuper, "hands the work to TwoLayerNet.backward"),
    (AsksAnotherNetwork, "hands the work to TwoLayerNet.backward"),
    (CopiesTheReferenceCode, "hands the work to TwoLayerNet.backward"),
    (FiniteDifferences, "that is finite differences"),
])
def test_check_fixed_backward_rejects_the_reference_or_finite_differences_as_a_repair(
        answer, hint):
    net = (answer if isinstance(answer, type) else type(answer))(3, 4, 2)
    # the premise: the gradients themselves are right, only how they were found is not
    assert check_backward(net, net.init_params(seed=0), np.eye(3), np.ones((3, 2))) < 1e-6
    feedback = check_fixed_backward(answer)
    assert feedback.status == "incorrect", f"{answer} was accepted as a repair: {feedback}"
    assert hint in str(feedback), feedback


def test_check_fixed_backward_puts_back_the_profile_hook_it_found():
    calls = []

    def outer_profiler(frame, event, arg):
        calls.append(event)

    for answer in (FixedNet, CallsTheReference, Placeholder, BrokenNet):
        sys.setprofile(outer_profiler)
        try:
            check_fixed_backward(answer)
            assert sys.getprofile() is outer_profiler, answer
        finally:
            sys.setprofile(None)
    assert sys.getprofile() is None


def test_check_fixed_backward_names_the_wrong_parameters_of_the_broken_net():
    feedback = check_fixed_backward(BrokenNet)
    assert feedback.status == "incorrect"
    assert "still wrong: the gradients of W1, b1 and W2 (right: b2)" in str(feedback)
    assert "*before* the activation" in str(feedback)


@pytest.mark.parametrize(
    ("changes", "wrong", "hint"),
    [
        ({"grad_a": "grad_h"}, "gradients of W1 and b1 (right: W2 and b2)",
         "the activation's derivative is missing"),
        ({"grad_a": "grad_h * (1 - a**2)"}, "W1 and b1", "square h, not a"),
        ({"grad_a": "grad_h * h * (1 - h)"}, "W1 and b1", "derivative of the *sigmoid*"),
        ({"grad_a": "grad_h * (1 - h)**2"}, "W1 and b1", "taken as (1 - h)²"),
        ({"grad_a": "grad_h * (1 - np.tanh(h)**2)"}, "W1 and b1", "tanh is applied twice"),
        ({"W2": "2 * h.T @ g"}, "the gradient of W2 (right: W1, b1 and b2)",
         "dL/dW2 is twice too large"),
        ({"grad_a": "grad_h * (1 - h**2) / n"}, "W1 and b1", "do not divide again"),
        ({"grad_a": "-grad_h * (1 - h**2)"}, "W1 and b1", "wrong sign"),
        ({"W2": "a.T @ g"}, "the gradient of W2 (right: W1, b1 and b2)", "*before* the activation"),
        ({"W2": "h.T @ g / n"}, "W2", "n times too small"),
        ({"W2": "-(h.T @ g)"}, "W2", "dL/dW2 has the wrong sign"),
        ({"b2": "g.mean(axis=0)"}, "the gradient of b2", "averages g over the samples"),
        ({"b2": "-g.sum(axis=0)"}, "b2", "dL/db2 has the wrong sign"),
        ({"b1": "grad_a.mean(axis=0)"}, "the gradient of b1", "dL/db1 averages"),
        ({"b1": "grad_a.sum(axis=0) + 1"}, "the gradient of b1", "Follow the chain rule"),
    ],
)
def test_check_fixed_backward_recognises_typical_mistakes(changes, wrong, hint):
    feedback = check_fixed_backward(_net_with(**changes))
    assert feedback.status == "incorrect", feedback
    assert wrong in str(feedback)
    assert hint in str(feedback)


def test_check_fixed_backward_shape_problems():
    feedback = check_fixed_backward(_net_with(W1="grad_a.T @ X"))
    assert feedback.status == "incorrect"
    assert "has shape (4, 3), but W1 has shape (3, 4)" in str(feedback)
    assert "looks transposed" in str(feedback)
    feedback = check_fixed_backward(_net_with(b2="g.sum()"))
    assert "the gradient of b2 has shape (), but b2 has shape (2,)" in str(feedback)
    assert "looks transposed" not in str(feedback)


def test_check_fixed_backward_explains_a_matrix_product_that_does_not_fit():
    class Untransposed(BrokenNet):
        def backward(self, params, cache, grad_output):
            grad_h = grad_output @ params["W2"]  # (n, 2) @ (4, 2): does not fit
            return {"W1": grad_h, "b1": grad_h, "W2": grad_h, "b2": grad_h}

    feedback = check_fixed_backward(Untransposed)
    assert feedback.status == "incorrect"
    assert "shapes do not fit" in str(feedback) and "`.T`" in str(feedback)


def test_check_fixed_backward_wants_all_four_gradients_in_a_dict():
    feedback = check_fixed_backward(_net_with(drop=("b1",)))
    assert "keys 'W1', 'b1', 'W2' and 'b2'" in str(feedback)

    class ReturnsTuple(BrokenNet):
        def backward(self, params, cache, grad_output):
            return (1, 2, 3, 4)

    assert "returned tuple" in str(check_fixed_backward(ReturnsTuple))


class Placeholder(BrokenNet):
    def backward(self, params, cache, grad_output):
        # Your code here: the corrected backward pass.
        ...


def test_check_fixed_backward_placeholder_is_not_attempted():
    assert check_fixed_backward(Placeholder).status == "not_attempted"
    assert "`Placeholder.backward`" in str(check_fixed_backward(Placeholder))
    assert check_fixed_backward(...).status == "not_attempted"
    assert check_fixed_backward(None).status == "not_attempted"


def test_check_fixed_backward_learner_errors_are_one_line():
    class Raises(BrokenNet):
        def backward(self, params, cache, grad_output):
            return {"W1": cache["missing"]}

    class BadInit(BrokenNet):
        def __init__(self, n_features, n_hidden, n_outputs=None):
            raise RuntimeError("forgot super().__init__")

    for answer in (Raises, BadInit):
        feedback = check_fixed_backward(answer)
        assert feedback.status == "error", feedback
        assert "\n" not in str(feedback)
    assert "`Raises.backward` raised KeyError" in str(check_fixed_backward(Raises))
    assert "pass your class itself" in str(check_fixed_backward(lambda: None))


def test_check_fixed_backward_is_not_fooled_by_a_learner_who_edits_the_cache():
    class Editor(FixedNet):
        def backward(self, params, cache, grad_output):
            grads = super().backward(params, cache, grad_output)
            cache["h"] *= 0.0
            grad_output *= 0.0
            return grads

    assert check_fixed_backward(Editor).is_correct


def test_the_notebook_shows_the_real_broken_backward_pass():
    # The exercise text prints BrokenNet.backward; it must match the code the checker uses.
    source = inspect.getsource(BrokenNet.backward)
    body = [line.split("# noqa")[0].strip() for line in source.splitlines() if line.strip()]
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    text = next("".join(cell["source"]) for cell in notebook["cells"]
                if "{exercise} Trace the broken backward pass" in "".join(cell["source"]))
    shown = [line.strip() for line in text.split("```python", 1)[1].split("```", 1)[0]
             .splitlines() if line.strip()]
    assert shown == body


@pytest.mark.parametrize(
    "check", [check_line_gradient, check_largest_stable_rate, check_fixed_backward]
)
@pytest.mark.parametrize(
    "answer",
    [None, 3.0, "text", lambda *a: None, lambda *a: np.nan, lambda *a: {"x": 1},
     lambda *a: 1 / 0, object(), int, [1, 2, 3]],
)
def test_checkers_never_raise(check, answer):
    feedback = check(answer)
    assert not feedback.is_correct
    assert "\n" not in str(feedback)


# --- review fixes: float32, a forgotten return, digits in the hint --------------------------


class Float32Net(BrokenNet):
    def backward(self, params, cache, grad_output):
        X, h = cache["X"].astype(np.float32), cache["h"].astype(np.float32)
        g = grad_output.astype(np.float32)
        W2 = params["W2"].astype(np.float32)
        grad_a = (g @ W2.T) * (1 - h**2)
        return {"W1": X.T @ grad_a, "b1": grad_a.sum(axis=0), "W2": h.T @ g,
                "b2": g.sum(axis=0)}


def test_check_fixed_backward_accepts_a_right_float32_backward_pass():
    assert check_fixed_backward(Float32Net).is_correct, check_fixed_backward(Float32Net)


def test_check_fixed_backward_float32_variant_still_gets_its_hint():
    class Float32NoDerivative(BrokenNet):
        def backward(self, params, cache, grad_output):
            X, h = cache["X"].astype(np.float32), cache["h"].astype(np.float32)
            g = grad_output.astype(np.float32)
            grad_a = g @ params["W2"].astype(np.float32).T
            return {"W1": X.T @ grad_a, "b1": grad_a.sum(axis=0), "W2": h.T @ g,
                    "b2": g.sum(axis=0)}

    assert "the activation's derivative is missing" in str(
        check_fixed_backward(Float32NoDerivative))


class ForgotReturn(BrokenNet):
    def backward(self, params, cache, grad_output):
        # Your code here: the corrected backward pass.
        h = cache["h"]
        g = grad_output
        grad_W2 = h.T @ g  # noqa: F841


def test_check_fixed_backward_says_a_return_is_missing():
    feedback = check_fixed_backward(ForgotReturn)
    assert feedback.status == "incorrect"
    assert "`ForgotReturn.backward` returned None" in str(feedback)
    assert "add a `return` statement" in str(feedback)


def test_check_line_gradient_says_a_return_is_missing():
    def line_mse_grad(w, b, x, y):
        error = w * x + b - y
        2 * np.mean(error * x), 2 * np.mean(error)

    feedback = check_line_gradient(line_mse_grad)
    assert feedback.status == "incorrect"
    assert "`line_mse_grad` returned None" in str(feedback)


def test_check_line_gradient_says_a_rounded_answer_is_rounded():
    # Rounded to 4 decimals, -9.666666... is -9.6667 (the first case's numbers have fewer
    # digits and stay right): the shared rounding rule says so.
    def rounded(w, b, x, y):
        return tuple(round(v, 4) for v in line_gradient(w, b, x, y))

    feedback = str(check_line_gradient(rounded))
    assert ("line_mse_grad(0.5, -1, [1, 2, 4], [2, 1, 3.5]) looks rounded, to 4 decimal "
            "places") in feedback, feedback
