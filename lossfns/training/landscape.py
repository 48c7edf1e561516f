r"""The objective as a landscape: a surface over two parameters, its slopes and its curvature.

* :func:`loss_surface` -- the objective of :func:`~lossfns.training.loss_and_grad` on a
  grid of two scalar parameters, the others held fixed;
* :func:`check_backward` -- a model's backward pass against finite differences of the
  objective, with the measure of :func:`lossfns.check_grad`;
* :func:`hessian` -- the second derivatives in all parameters, from differences of
  gradients; :func:`flatten_params` and :func:`unflatten_params` turn a ``params`` dict
  into one vector and back.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._validation import check_positive
from ..gradcheck import scale_aware_error
from . import _checks as checks
from .objective import evaluate_objective, prepare_arguments

__all__ = ["check_backward", "flatten_params", "hessian", "loss_surface", "unflatten_params"]


# ---------------------------------------------------------------------------
# Loss surface and gradient check
# ---------------------------------------------------------------------------

def loss_surface(model, params, X, y, *, grid: dict[str, np.ndarray], loss=None, l2=0.0,
                 loss_kwargs=None, sample_weight=None) -> np.ndarray:
    r"""The objective on a grid of two scalar parameters, the others held at ``params``.

    .. math:: S_{ij} = J\bigl(\theta \text{ with } p = u_i,\ q = v_j\bigr)

    for ``grid = {p: u, q: v}`` (in the dict's order). Points where the model's
    output or the objective overflows get ``inf`` (matplotlib's ``contour``
    leaves them blank).

    Parameters
    ----------
    model, params, X, y, loss, l2, loss_kwargs, sample_weight
        As in :func:`loss_and_grad`.
    grid : dict
        Exactly two keys of ``params``, each naming a parameter with one entry
        (a scalar or a size-1 array), mapped to a 1-D array of values.

    Returns
    -------
    ndarray, shape ``(len(u), len(v))``
        ``[i, j]`` is the objective at ``(u[i], v[j])``. For ``plt.contour(u, v, Z)``
        pass ``Z = S.T`` (contour wants rows to follow its second argument).

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> model = LinearModel(n_features=1)
    >>> params = model.init_params()
    >>> surface = loss_surface(model, params, [[1.0]], [1.0],
    ...                        grid={"w": np.array([0.0, 1.0]), "b": np.array([0.0, 1.0, 2.0])})
    >>> surface                           # (w + b - 1)^2
    array([[1., 0., 1.],
           [0., 1., 4.]])
    """
    info, X, l2, weights, loss_kwargs = prepare_arguments(model, X, y, loss, l2,
                                                          sample_weight, loss_kwargs)
    base = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
    if hasattr(model, "param_shapes"):
        base = checks.check_params(base, model.param_shapes())
    grid = checks.check_grid(grid, base)
    (first, u), (second, v) = grid.items()
    surface = np.empty((u.size, v.size))
    point = dict(base)
    for i, u_i in enumerate(u):
        point[first] = np.full(base[first].shape, u_i)
        for j, v_j in enumerate(v):
            point[second] = np.full(base[second].shape, v_j)
            try:
                surface[i, j] = evaluate_objective(model, point, X, y, info, l2, weights,
                                                   loss_kwargs, want_grad=False)[0]
            except checks.NotFinite:
                surface[i, j] = np.inf
    return surface


def check_backward(model, params, X, y, *, loss=None, l2=0.0, sample_weight=None,
                   loss_kwargs=None, eps: float = 1e-7, atol: float = 1e-8) -> float:
    r"""Compare ``model.backward`` with central finite differences of the objective.

    .. math:: \tilde g_j = \frac{J(\theta + h_j e_j) - J(\theta - h_j e_j)}{2 h_j},
              \quad h_j = \varepsilon \max(1, |\theta_j|),

    .. math:: \text{error} = \frac{\max_j |g_j - \tilde g_j|}
              {\max\bigl(\max_j |g_j|,\ \max_j |\tilde g_j|,\ \mathrm{atol}\bigr)}

    over every entry :math:`j` of every parameter together, where :math:`g` is
    the gradient from :func:`loss_and_grad` (that is, from ``model.backward``)
    and :math:`J` is evaluated with ``model.forward`` only. The same measure as
    :func:`lossfns.check_grad`. A correct backward pass gives about 1e-7 or
    less, a wrong one about 1e-1 or more. Near a minimum, where every gradient
    is tiny, the rounding of the differences (about :math:`10^{-16} |J| /
    \varepsilon`) weighs more: a trained network with gradients of 1e-3 gave
    8e-7 (and 1e-7 with ``eps=1e-6``). Avoid kinks (ReLU at 0, hinge at a
    margin of 1, MAE at a zero error), where no derivative exists.

    Parameters
    ----------
    model, params, X, y, loss, l2, sample_weight, loss_kwargs
        As in :func:`loss_and_grad`; ``model`` may be a subclass or an object
        whose ``backward`` you wrote.
    eps : float
        Relative finite-difference step.
    atol : float
        Floor of the denominator.

    Returns
    -------
    float

    Examples
    --------
    >>> from lossfns.training import TwoLayerNet
    >>> net = TwoLayerNet(n_features=2, n_hidden=3)
    >>> X = np.array([[0.5, -1.0], [1.5, 0.3], [-0.2, 0.8]])
    >>> check_backward(net, net.init_params(seed=1), X, [0.3, -0.5, 1.0]) < 1e-6
    True
    """
    eps = check_positive(eps, "eps")
    atol = check_positive(atol, "atol")
    info, X, l2, weights, loss_kwargs = prepare_arguments(model, X, y, loss, l2,
                                                          sample_weight, loss_kwargs)
    params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}

    def objective(at):
        return evaluate_objective(model, at, X, y, info, l2, weights, loss_kwargs,
                                  want_grad=False)[0]

    try:
        _, analytic = evaluate_objective(model, params, X, y, info, l2, weights, loss_kwargs,
                                         want_grad=True)
        numeric = {}
        for name, value in params.items():
            numeric[name] = np.empty_like(value)
            flat_value, flat_numeric = value.reshape(-1), numeric[name].reshape(-1)
            for j in range(flat_value.size):
                h = eps * max(1.0, abs(flat_value[j]))
                plus, minus = dict(params), dict(params)
                plus[name], minus[name] = value.copy(), value.copy()
                plus[name].reshape(-1)[j] += h
                minus[name].reshape(-1)[j] -= h
                step = plus[name].reshape(-1)[j] - minus[name].reshape(-1)[j]
                flat_numeric[j] = (objective(plus) - objective(minus)) / step
    except checks.NotFinite as problem:
        raise ValueError(f"the objective cannot be evaluated at these params: {problem}; "
                         f"check the gradient at smaller parameters") from None
    names = list(params)
    return scale_aware_error([analytic[name] for name in names],
                              [numeric[name] for name in names], atol)


# ---------------------------------------------------------------------------
# All parameters as one vector; the Hessian
# ---------------------------------------------------------------------------

def flatten_params(params) -> np.ndarray:
    r"""All parameters in one 1-D float64 vector :math:`\theta`.

    The order is the order of the keys of ``params`` (for ``model.init_params()``:
    ``w, b`` or ``W1, b1, W2, b2``), each array read in row-major (C) order, as
    ``np.ravel`` reads it. :func:`unflatten_params` is the inverse.

    Parameters
    ----------
    params : dict of str to array-like

    Returns
    -------
    ndarray, shape ``(total number of entries,)``

    Examples
    --------
    >>> flatten_params({"w": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.array(5.0)})
    array([1., 2., 3., 4., 5.])
    """
    if not isinstance(params, Mapping) or not params:
        raise ValueError(
            f"params must be a non-empty dict of arrays like model.init_params(), got "
            f"{params!r:.80}"
        )
    return np.concatenate([np.ravel(np.asarray(value, dtype=np.float64))
                           for value in params.values()])


def unflatten_params(vector, like) -> dict[str, np.ndarray]:
    """The inverse of :func:`flatten_params`: a ``params`` dict shaped like ``like``.

    Parameters
    ----------
    vector : array-like, shape ``(total number of entries of like,)``
    like : dict of str to array-like
        Gives the names, their order and the shapes (its values are not used).

    Returns
    -------
    dict of str to ndarray
        New float64 arrays, never views of ``vector``.

    Examples
    --------
    >>> like = {"w": np.zeros(2), "b": np.array(0.0)}
    >>> unflatten_params([1.0, 2.0, 3.0], like)
    {'w': array([1., 2.]), 'b': array(3.)}
    """
    if not isinstance(like, Mapping) or not like:
        raise ValueError(
            f"like must be a non-empty dict of arrays like model.init_params(), got "
            f"{like!r:.80}"
        )
    vector = np.asarray(vector, dtype=np.float64)
    shapes = {name: np.shape(value) for name, value in like.items()}
    total = sum(int(np.prod(shape, dtype=int)) for shape in shapes.values())
    if vector.shape != (total,):
        raise ValueError(
            f"vector must be 1-D with {total} entries, one per entry of {list(shapes)}, "
            f"got shape {vector.shape}"
        )
    params, start = {}, 0
    for name, shape in shapes.items():
        size = int(np.prod(shape, dtype=int))
        params[name] = vector[start:start + size].reshape(shape).copy()
        start += size
    return params


def hessian(model, params, X, y, *, loss=None, l2: float = 0.0, sample_weight=None,
            loss_kwargs=None, eps: float = 1e-5) -> np.ndarray:
    r"""The Hessian of the objective: its second derivatives in all parameters.

    .. math:: H_{jk} = \frac{\partial^2 J}{\partial \theta_j\, \partial \theta_k}

    where :math:`J` is the objective of :func:`loss_and_grad` and :math:`\theta`
    is ``flatten_params(params)``: all parameters in the order of the keys of
    ``params``, each array in row-major order. Column :math:`k` is a central
    difference of two gradients (from the model's backward pass),

    .. math:: H_{:,k} \approx \frac{\nabla J(\theta + h_k e_k) - \nabla J(\theta - h_k e_k)}
              {2 h_k}, \qquad h_k = \varepsilon \max(1, |\theta_k|),

    and the result is symmetrised, :math:`(H + H^\top)/2`. The difference is exact
    (up to rounding, about :math:`10^{-16} \lVert\nabla J\rVert / h_k`) when the
    gradient is linear in :math:`\theta`, i.e. for a quadratic objective such as
    the MSE of a linear model, :math:`H = \frac{2}{n} [X\ 1]^\top [X\ 1]`;
    otherwise its error is of order :math:`h_k^2`. Gradient descent with a
    learning rate :math:`\eta` is stable near a minimum when
    :math:`\eta < 2 / \lambda_{\max}(H)`. The L2 penalty adds :math:`\lambda`
    to the diagonal entries of the weights. At a kink (ReLU at 0, MAE at a zero
    error, the hinge at a margin of 1) no second derivative exists.

    Parameters
    ----------
    model, params, X, y, loss, l2, sample_weight, loss_kwargs
        As in :func:`loss_and_grad`.
    eps : float
        Relative finite-difference step, > 0.

    Returns
    -------
    ndarray, shape ``(p, p)``
        Symmetric; ``p`` is the total number of parameter entries. Use
        :func:`unflatten_params` to map an eigenvector back to named parameters.

    Raises
    ------
    ValueError
        For a bad argument (as :func:`loss_and_grad`, or ``eps`` not a finite
        number > 0), or when the objective or its gradient overflows at
        :math:`\theta \pm h_k e_k`.

    Examples
    --------
    >>> from lossfns.training import LinearModel
    >>> model = LinearModel(n_features=1)
    >>> X, y = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]
    >>> H = hessian(model, model.init_params(), X, y)
    >>> H.round(6)                                 # (2/3) [[5, 3], [3, 3]]
    array([[3.333333, 2.      ],
           [2.      , 2.      ]])
    >>> round(float(2 / np.linalg.eigvalsh(H)[-1]), 4)   # the largest stable rate
    0.4189
    """
    eps = check_positive(eps, "eps")
    info, X, l2, weights, loss_kwargs = prepare_arguments(model, X, y, loss, l2,
                                                          sample_weight, loss_kwargs)
    theta = flatten_params(params)
    names = list(params)

    def gradient(at):
        grads = evaluate_objective(model, unflatten_params(at, params), X, y, info, l2,
                                   weights, loss_kwargs, want_grad=True)[1]
        vector = np.concatenate([np.ravel(grads[name]) for name in names])
        checks.require_finite(vector, "the gradient")
        return vector

    columns = []
    try:
        for k in range(theta.size):
            h = eps * max(1.0, abs(theta[k]))
            plus, minus = theta.copy(), theta.copy()
            plus[k] += h
            minus[k] -= h
            columns.append((gradient(plus) - gradient(minus)) / (plus[k] - minus[k]))
    except checks.NotFinite as problem:
        raise ValueError(f"the objective cannot be evaluated near these params: {problem}; "
                         f"compute the Hessian at smaller parameters") from None
    H = np.column_stack(columns)
    return (H + H.T) / 2
