"""lossfns.training.landscape: check_backward, loss_surface, flatten_params /
unflatten_params and hessian.

Oracles: backward passes with a classic mistake (check_backward must catch them),
loss_and_grad at every grid point, the Hessian of a line's MSE written out
((2/n) [X 1]^T [X 1]) and autograd's Hessian of a two-layer network.
"""

import copy
import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

from lossfns.training import (
    LinearModel,
    TwoLayerNet,
    check_backward,
    flatten_params,
    gradient_descent,
    hessian,
    loss_and_grad,
    loss_surface,
    unflatten_params,
)
from tests.lossfns.training.models_and_data import (
    MODELS,
    assert_unchanged,
    autograd_objective,
    data,
    random_params,
    regression_data,
)

# ---------------------------------------------------------------------------
# check_backward catches a wrong backward pass
# ---------------------------------------------------------------------------

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


def test_check_backward_and_loss_surface_never_modify_their_inputs():
    X, y = regression_data()
    net = TwoLayerNet(2, 1)          # one hidden unit: W2 and b2 are scalars for the surface
    params = net.init_params(seed=1)
    weights = np.linspace(0.5, 1.5, len(y))
    originals = copy.deepcopy((X, y, params, weights))
    check_backward(net, params, X, y, l2=0.1, sample_weight=weights)
    loss_surface(net, params, X, y, grid={"W2": np.array([0.0, 1.0]), "b2": np.array([1.0])},
                 sample_weight=weights)
    assert_unchanged(originals, (X, y, params, weights))


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
