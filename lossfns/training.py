r"""Training small models by gradient descent, with the chain rule written out by hand.

Four models, each a class that holds only its sizes; the parameters are a plain
``dict`` of float64 arrays that you can print, copy and perturb:

* :class:`LinearModel` -- :math:`\hat y = X w + b`, for regression;
* :class:`LogisticRegression` -- the same score read as a logit, for 0/1 labels;
* :class:`LinearSVM` -- the same score trained on the hinge loss, for -1/+1 labels;
* :class:`TwoLayerNet` -- one hidden layer of tanh or ReLU units.

Every model has ``forward(params, X) -> (output, cache)`` and
``backward(params, cache, grad_output) -> grads``: given
:math:`\partial L / \partial \text{output}` (which a loss's ``*_grad`` function
returns), ``backward`` applies the chain rule one step at a time and returns
:math:`\partial L / \partial \theta` for every parameter :math:`\theta`.

Any loss of the registry (:data:`lossfns.LOSSES`, including those you add with
:func:`~lossfns.register_loss`) plugs in by name. :func:`loss_and_grad`
evaluates the objective

.. math:: J(\theta) = \frac{\sum_i s_i\, \ell(y_i, f_\theta(x_i))}{\sum_i s_i}
          + \frac{\lambda}{2} \sum_{W \in \text{weights}} \lVert W \rVert^2

(the weighted mean loss plus an optional L2 penalty on the weights, never the
biases) and its gradient; :func:`gradient_descent` follows that gradient and
records a :class:`History`; :func:`loss_surface` tabulates :math:`J` over a grid
of two parameters; :func:`check_backward` compares a backward pass with finite
differences; :func:`hessian` measures the curvature of :math:`J` from its
gradients (:func:`flatten_params` and :func:`unflatten_params` turn a ``params``
dict into one vector and back).

Shapes of ``y``: it must have exactly the shape of the model's output, so that
``(n,)`` and ``(n, 1)`` are never silently broadcast into an ``(n, n)`` array.
One exception: with a multi-class loss (``task == "multi-class"`` in the
registry, e.g. ``"cross_entropy"``) ``y`` may hold one class index per sample,
shape ``(n,)`` against an output of shape ``(n, k)``; the loss itself then checks
that the indices lie in ``[0, k)``. Errors the loss raises about ``y`` are
reported with the names used here (``y``, the model's output).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import _training_checks as checks
from ._validation import (
    as_float_array,
    check_non_negative,
    check_positive,
    check_sample_weight,
)
from .activations import sigmoid
from .gradcheck import _scale_aware_error

__all__ = [
    "EarlyStop",
    "History",
    "LinearModel",
    "LinearSVM",
    "LogisticRegression",
    "TrainingDiverged",
    "TwoLayerNet",
    "check_backward",
    "early_stopping",
    "flatten_params",
    "gradient_descent",
    "hessian",
    "loss_along_path",
    "loss_and_grad",
    "loss_surface",
    "unflatten_params",
]


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

class _Model:
    """What every model here shares: its input and output sizes, and ``predict``."""

    default_loss = "mse"

    def __init__(self, n_features: int, n_outputs: int | None = None):
        self.n_features = checks.check_count(n_features, "n_features")
        self.n_outputs = None if n_outputs is None else checks.check_count(n_outputs,
                                                                           "n_outputs")

    def _output_dims(self) -> tuple:
        """The output's shape after the sample axis: ``()`` or ``(k,)``."""
        return () if self.n_outputs is None else (self.n_outputs,)

    def predict(self, params, X) -> np.ndarray:
        """The model's output for the rows of ``X``: shape ``(n,)`` or ``(n, k)``."""
        return self.forward(params, X)[0]


class LinearModel(_Model):
    r"""Linear model: :math:`\text{output} = X w + b`.

    .. math:: \hat y_i = x_i^\top w + b

    Parameters
    ----------
    n_features : int
        Number of columns of ``X``.
    n_outputs : int or None
        ``None``: one output per sample, shape ``(n,)``, with ``w`` of shape
        ``(n_features,)`` and ``b`` a 0-d array. ``k``: outputs of shape
        ``(n, k)``, ``w`` of shape ``(n_features, k)`` and ``b`` of shape ``(k,)``.

    Examples
    --------
    >>> model = LinearModel(n_features=2)
    >>> params = {"w": np.array([1.0, -1.0]), "b": np.array(0.5)}
    >>> model.predict(params, [[3.0, 1.0], [0.0, 2.0]])
    array([ 2.5, -1.5])
    """

    #: the parameters the L2 penalty applies to (weights, not biases)
    weight_names = ("w",)

    def __repr__(self):
        return (f"{type(self).__name__}(n_features={self.n_features}, "
                f"n_outputs={self.n_outputs})")

    def param_shapes(self) -> dict[str, tuple]:
        """The shape of every parameter, by name."""
        return {"w": (self.n_features, *self._output_dims()), "b": self._output_dims()}

    def init_params(self, seed: int = 0) -> dict[str, np.ndarray]:
        """Starting parameters: all zeros (the objective of a linear model is convex,
        so any start works). ``seed`` is accepted for a common signature and unused.

        Examples
        --------
        >>> LinearModel(n_features=3).init_params()
        {'w': array([0., 0., 0.]), 'b': array(0.)}
        """
        checks.check_count(seed, "seed", minimum=0)
        return {name: np.zeros(shape) for name, shape in self.param_shapes().items()}

    def forward(self, params, X) -> tuple[np.ndarray, dict]:
        """The output ``X @ w + b`` and a cache of what :meth:`backward` needs.

        Examples
        --------
        >>> model = LinearModel(n_features=1)
        >>> output, cache = model.forward({"w": np.array([2.0]), "b": np.array(1.0)},
        ...                               [[0.0], [1.0]])
        >>> output
        array([1., 3.])
        """
        params = checks.check_params(params, self.param_shapes())
        X = checks.check_features(X, self.n_features)
        output = X @ params["w"] + params["b"]
        return output, {"X": X}

    def backward(self, params, cache, grad_output) -> dict[str, np.ndarray]:
        r"""Gradients of the loss with respect to ``w`` and ``b``, by the chain rule.

        .. math:: \frac{\partial L}{\partial w} = X^\top \frac{\partial L}{\partial \hat y},
                  \qquad
                  \frac{\partial L}{\partial b} = \sum_i \frac{\partial L}{\partial \hat y_i}

        Parameters
        ----------
        params : dict
            The parameters given to :meth:`forward`.
        cache : dict
            The cache :meth:`forward` returned.
        grad_output : ndarray, the output's shape
            :math:`\partial L / \partial \hat y`, e.g. from ``lossfns.mse_grad``.

        Examples
        --------
        >>> model = LinearModel(n_features=1)
        >>> params = {"w": np.array([2.0]), "b": np.array(1.0)}
        >>> output, cache = model.forward(params, [[0.0], [1.0]])
        >>> model.backward(params, cache, np.array([0.5, -1.0]))
        {'w': array([-1.]), 'b': array(-0.5)}
        """
        X = cache["X"]
        n = X.shape[0]
        g = checks.check_grad_output(grad_output, (n, *self._output_dims()))
        g = g.reshape(n, -1)                     # (n, k); k = 1 for a single output
        # output = X w + b
        grad_w = X.T @ g                         # d(X w)/dw: each w_j is scaled by column X_j
        grad_b = g.sum(axis=0)                   # d(output_i)/db = 1 for every sample i
        return {"w": grad_w.reshape(self.param_shapes()["w"]),
                "b": grad_b.reshape(self._output_dims())}


class LogisticRegression(LinearModel):
    r"""Binary logistic regression: the output is the score (logit) :math:`z = X w + b`.

    .. math:: P(y = 1 \mid x) = \sigma(z) = \frac{1}{1 + e^{-z}}

    Trained on ``"binary_cross_entropy_with_logits"`` with labels 0/1; the loss
    works on the logit directly, which is exact where :math:`\sigma(z)` rounds to
    0 or 1. Same parameters as :class:`LinearModel`.

    Examples
    --------
    >>> model = LogisticRegression(n_features=1)
    >>> params = {"w": np.array([2.0]), "b": np.array(0.0)}
    >>> model.predict_proba(params, [[0.0], [1.0]]).round(4)
    array([0.5   , 0.8808])
    >>> model.predict(params, [[-1.0], [1.0]])
    array([0., 1.])
    """

    default_loss = "binary_cross_entropy_with_logits"

    def predict_proba(self, params, X) -> np.ndarray:
        r""":math:`\sigma(z)`, the probability of label 1."""
        return np.asarray(sigmoid(self.forward(params, X)[0]))

    def predict(self, params, X) -> np.ndarray:
        """Labels 0.0 / 1.0: 1 where the logit is positive (probability above 1/2)."""
        return (self.forward(params, X)[0] > 0.0).astype(np.float64)


class LinearSVM(LinearModel):
    r"""Linear SVM: the score :math:`s = X w + b`, trained on the hinge loss; labels -1/+1.

    .. math:: J = \frac{1}{n} \sum_i \max(0,\ 1 - y_i s_i) + \frac{\lambda}{2} \lVert w \rVert^2

    The hinge has a kink at :math:`y s = 1`, so gradient descent follows a
    *subgradient* there (``lossfns.hinge_grad`` returns 0 on the kink). Pass
    ``l2`` to :func:`gradient_descent` for the usual SVM objective; it matches
    scikit-learn's ``LinearSVC(loss="hinge", C=1 / (l2 * n))`` (which also
    penalises the intercept, a small difference). Same parameters as :class:`LinearModel`.

    Examples
    --------
    >>> model = LinearSVM(n_features=1)
    >>> params = {"w": np.array([1.0]), "b": np.array(0.0)}
    >>> model.decision_function(params, [[-2.0], [0.5]])
    array([-2. ,  0.5])
    >>> model.predict(params, [[-2.0], [0.5]])
    array([-1.,  1.])
    """

    default_loss = "hinge"

    def decision_function(self, params, X) -> np.ndarray:
        """The score :math:`s = X w + b`; its sign is the predicted label."""
        return self.forward(params, X)[0]

    def predict(self, params, X) -> np.ndarray:
        """Labels -1.0 / +1.0: +1 where the score is positive."""
        return np.where(self.forward(params, X)[0] > 0.0, 1.0, -1.0)


_ACTIVATIONS = ("tanh", "relu")


class TwoLayerNet(_Model):
    r"""A network with one hidden layer, forward and backward written out by hand.

    .. math:: a = X W_1 + b_1, \qquad h = \varphi(a), \qquad \text{output} = h W_2 + b_2

    with :math:`\varphi = \tanh` or :math:`\operatorname{ReLU}(a) = \max(a, 0)`.

    Parameters
    ----------
    n_features : int
    n_hidden : int
        Number of hidden units.
    n_outputs : int or None
        ``None``: output shape ``(n,)``, ``W2`` of shape ``(n_hidden,)``, ``b2`` 0-d;
        ``k``: output ``(n, k)``, ``W2`` ``(n_hidden, k)``, ``b2`` ``(k,)``.
    activation : {"tanh", "relu"}

    Examples
    --------
    >>> net = TwoLayerNet(n_features=2, n_hidden=3)
    >>> params = net.init_params(seed=0)
    >>> {name: value.shape for name, value in params.items()}
    {'W1': (2, 3), 'b1': (3,), 'W2': (3,), 'b2': ()}
    >>> net.predict(params, np.zeros((4, 2)))    # zero input, zero biases: zero output
    array([0., 0., 0., 0.])
    """

    weight_names = ("W1", "W2")

    def __init__(self, n_features: int, n_hidden: int, n_outputs: int | None = None,
                 activation: str = "tanh"):
        super().__init__(n_features, n_outputs)
        self.n_hidden = checks.check_count(n_hidden, "n_hidden")
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {_ACTIVATIONS}, got {activation!r}")
        self.activation = activation

    def __repr__(self):
        return (f"TwoLayerNet(n_features={self.n_features}, n_hidden={self.n_hidden}, "
                f"n_outputs={self.n_outputs}, activation={self.activation!r})")

    def param_shapes(self) -> dict[str, tuple]:
        """The shape of every parameter, by name."""
        return {"W1": (self.n_features, self.n_hidden), "b1": (self.n_hidden,),
                "W2": (self.n_hidden, *self._output_dims()), "b2": self._output_dims()}

    def init_params(self, seed: int = 0) -> dict[str, np.ndarray]:
        r"""Random weights drawn with ``np.random.default_rng(seed)``; zero biases.

        Normal weights with standard deviation :math:`\sqrt{2 / (\text{fan-in} +
        \text{fan-out})}` for tanh (Glorot) and :math:`\sqrt{2 / \text{fan-in}}`
        for ReLU (He), so the hidden units neither saturate nor die at the start.

        Examples
        --------
        >>> net = TwoLayerNet(n_features=1, n_hidden=2)
        >>> np.array_equal(net.init_params(seed=3)["W1"], net.init_params(seed=3)["W1"])
        True
        """
        seed = checks.check_count(seed, "seed", minimum=0)
        rng = np.random.default_rng(seed)
        k = self.n_outputs or 1
        params = {}
        for name, fan_in, fan_out in (("W1", self.n_features, self.n_hidden),
                                      ("W2", self.n_hidden, k)):
            if self.activation == "tanh":
                scale = np.sqrt(2.0 / (fan_in + fan_out))
            else:
                scale = np.sqrt(2.0 / fan_in)
            params[name] = scale * rng.standard_normal(self.param_shapes()[name])
        params["b1"] = np.zeros(self.n_hidden)
        params["b2"] = np.zeros(self._output_dims())
        return {name: params[name] for name in ("W1", "b1", "W2", "b2")}

    def forward(self, params, X) -> tuple[np.ndarray, dict]:
        """The output and a cache of the intermediate values ``X``, ``a``, ``h``.

        Examples
        --------
        >>> net = TwoLayerNet(n_features=1, n_hidden=1, activation="relu")
        >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0]),
        ...           "W2": np.array([2.0]), "b2": np.array(0.5)}
        >>> output, cache = net.forward(params, [[-1.0], [3.0]])
        >>> output                     # 2 * max(x, 0) + 0.5
        array([0.5, 6.5])
        """
        params = checks.check_params(params, self.param_shapes())
        X = checks.check_features(X, self.n_features)
        a = X @ params["W1"] + params["b1"]          # pre-activations, (n, n_hidden)
        if self.activation == "tanh":
            h = np.tanh(a)                           # hidden units, (n, n_hidden)
        else:
            h = np.maximum(a, 0.0)
        output = h @ params["W2"] + params["b2"]     # (n,) or (n, k)
        return output, {"X": X, "a": a, "h": h}

    def backward(self, params, cache, grad_output) -> dict[str, np.ndarray]:
        r"""Gradients of the loss for all four parameters, by the chain rule, output first.

        .. math::
            \frac{\partial L}{\partial W_2} = h^\top g, \quad
            \frac{\partial L}{\partial b_2} = \textstyle\sum_i g_i, \quad
            \frac{\partial L}{\partial h} = g W_2^\top, \quad
            \frac{\partial L}{\partial a} = \frac{\partial L}{\partial h} \odot \varphi'(a), \quad
            \frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial a}, \quad
            \frac{\partial L}{\partial b_1} = \textstyle\sum_i \frac{\partial L}{\partial a_i}

        where :math:`g = \partial L / \partial \text{output}` (``grad_output``),
        :math:`\tanh'(a) = 1 - \tanh^2(a)` and :math:`\operatorname{ReLU}'(a) =
        1` for :math:`a > 0`, else 0.

        Examples
        --------
        >>> net = TwoLayerNet(n_features=1, n_hidden=1, activation="relu")
        >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0]),
        ...           "W2": np.array([2.0]), "b2": np.array(0.5)}
        >>> output, cache = net.forward(params, [[-1.0], [3.0]])
        >>> grads = net.backward(params, cache, np.array([1.0, 1.0]))
        >>> grads["W1"], grads["b2"]   # only the sample with a > 0 reaches W1
        (array([[6.]]), array(2.))
        """
        X, a, h = cache["X"], cache["a"], cache["h"]
        n = X.shape[0]
        g = checks.check_grad_output(grad_output, (n, *self._output_dims()))
        g = g.reshape(n, -1)                               # dL/d output, (n, k)
        W2 = np.asarray(params["W2"], dtype=np.float64).reshape(self.n_hidden, -1)

        # output = h W2 + b2
        grad_W2 = h.T @ g                                  # d(h W2)/dW2: scaled by h
        grad_b2 = g.sum(axis=0)                            # d output/db2 = 1
        grad_h = g @ W2.T                                  # d(h W2)/dh = W2

        # h = act(a)
        if self.activation == "tanh":
            grad_a = grad_h * (1.0 - h**2)                 # d tanh(a)/da = 1 - tanh(a)^2
        else:
            grad_a = grad_h * (a > 0.0)                    # d relu(a)/da = 1 if a > 0 else 0

        # a = X W1 + b1
        grad_W1 = X.T @ grad_a                             # d(X W1)/dW1: scaled by X
        grad_b1 = grad_a.sum(axis=0)                       # d a/db1 = 1

        shapes = self.param_shapes()
        return {"W1": grad_W1, "b1": grad_b1,
                "W2": grad_W2.reshape(shapes["W2"]), "b2": grad_b2.reshape(shapes["b2"])}


# ---------------------------------------------------------------------------
# The objective: mean loss + L2 penalty
# ---------------------------------------------------------------------------

def _weight_names(model, params) -> tuple:
    """The parameters the L2 penalty applies to: ``model.weight_names``, else non-biases."""
    names = getattr(model, "weight_names", None)
    if names is None:
        names = tuple(name for name in params if not name.startswith("b"))
    return tuple(names)


def _loss_error(info, y, y_name, output, loss_kwargs, error) -> ValueError:
    options = f" and loss_kwargs={loss_kwargs}" if loss_kwargs else ""
    return ValueError(
        f"loss {info.name!r} raised an error, called with {y_name} as y_true (shape "
        f"{y.shape}), the model's output as y_pred (shape {output.shape}){options}: {error}"
    )


def _l2_penalty(model, params, l2: float) -> float:
    r""":math:`\frac{\lambda}{2} \sum_W \lVert W \rVert^2` over the model's weights (not biases)."""
    return sum(0.5 * l2 * float(np.sum(params[name] ** 2))
               for name in _weight_names(model, params))


def _evaluate(model, params, X, y, info, l2, weights, loss_kwargs, *, want_grad: bool,
              y_name: str = "y", x_name: str = "X"):
    """The objective (and, if ``want_grad``, its gradient) at ``params``.

    Raises :class:`~lossfns._training_checks.NotFinite` when the model's output
    or the objective is NaN or inf. Gradients are returned as computed, possibly
    non-finite: the caller decides. No numpy warnings: overflow gives inf quietly.
    """
    if hasattr(model, "param_shapes"):
        params = checks.check_params(params, model.param_shapes())
    else:  # a model of the reader's own: convert, and let its forward pass check
        params = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    with np.errstate(over="ignore", invalid="ignore"):
        # 1. forward pass: the model's output
        output, cache = model.forward(params, X)
        output = np.asarray(output, dtype=np.float64)
        checks.require_finite(output, "the model's output")
        y = checks.check_targets(y, output, info, y_name, rows_of=x_name)

        # 2. the objective: mean loss + L2 penalty
        try:
            value = info.value(y, output, reduction="mean", sample_weight=weights,
                               **loss_kwargs)
        except ValueError as error:
            raise _loss_error(info, y, y_name, output, loss_kwargs, error) from error
        value = np.asarray(value, dtype=np.float64)
        if value.shape != ():
            raise ValueError(f"loss {info.name!r} must return one number for "
                             f"reduction='mean', got an array of shape {value.shape}")
        objective = float(value) + (_l2_penalty(model, params, l2) if l2 else 0.0)
        checks.require_finite(objective, "the loss")
        if not want_grad:
            return objective, None

        # 3. backward pass: dJ/d output from the loss, then the model's chain rule
        grad_output = np.asarray(info.grad(y, output, reduction="mean", sample_weight=weights,
                                           **loss_kwargs), dtype=np.float64)
        if grad_output.shape != output.shape:
            raise ValueError(
                f"the gradient of loss {info.name!r} must have the model's output shape "
                f"{output.shape}, got shape {grad_output.shape}"
            )
        grads = checks.check_backward_result(model.backward(params, cache, grad_output),
                                             params)

        # 4. the penalty's gradient: d/dW (lambda/2) |W|^2 = lambda W
        if l2:
            for name in _weight_names(model, params):
                grads[name] = grads[name] + l2 * params[name]
    return objective, grads


def _prepare(model, X, y, loss, l2, sample_weight, loss_kwargs):
    """Check the arguments shared by the public functions; returns them checked."""
    info = checks.resolve_loss(loss, model)
    l2 = check_non_negative(l2, "l2")
    loss_kwargs = checks.check_loss_kwargs(loss_kwargs)
    if hasattr(model, "n_features"):
        X = checks.check_features(X, model.n_features)
    weights = None
    if sample_weight is not None:
        weights = check_sample_weight(sample_weight, np.shape(X)[0])
    return info, X, l2, weights, loss_kwargs


def loss_and_grad(model, params, X, y, *, loss=None, l2: float = 0.0,
                  sample_weight=None, loss_kwargs: dict | None = None
                  ) -> tuple[float, dict[str, np.ndarray]]:
    r"""The training objective at ``params`` and its gradient for every parameter.

    .. math:: J(\theta) = \frac{\sum_i s_i\, \ell(y_i, f_\theta(x_i))}{\sum_i s_i}
              + \frac{\lambda}{2} \sum_{W \in \text{weights}} \lVert W \rVert^2,
              \qquad
              \frac{\partial J}{\partial \theta}
              = \text{backward}\Bigl(\frac{\partial \bar\ell}{\partial \text{output}}\Bigr)
              + \lambda\, \theta \, [\theta \text{ is a weight}]

    The model's forward pass gives the output; the loss's ``*_grad`` gives
    :math:`\partial \bar\ell / \partial \text{output}`; the model's backward
    pass turns that into parameter gradients (the chain rule).

    Parameters
    ----------
    model : LinearModel, LogisticRegression, LinearSVM, TwoLayerNet
        Or any object with ``forward``, ``backward`` and ``default_loss``.
    params : dict of str to ndarray
        Exactly the keys and shapes of ``model.init_params()``.
    X : array-like, shape ``(n, n_features)``
    y : array-like
        The output's shape (``(n,)`` or ``(n, k)``), or class indices ``(n,)``
        for a multi-class loss with an ``(n, k)`` output.
    loss : str or LossInfo, optional
        A name in :data:`lossfns.LOSSES`; default ``model.default_loss``.
    l2 : float, default 0
        :math:`\lambda \ge 0`, the strength of the penalty on weights (not biases).
    sample_weight : array-like of shape ``(n,)``, optional
        Passed to the loss: the mean becomes :math:`\sum_i s_i \ell_i / \sum_i s_i`.
    loss_kwargs : dict, optional
        The loss's own options, e.g. ``{"delta": 0.5}`` for ``"huber"``.

    Returns
    -------
    (float, dict of str to ndarray)
        The objective, and its gradient shaped like ``params``.

    Examples
    --------
    >>> model = LinearModel(n_features=1)
    >>> params = {"w": np.array([1.0]), "b": np.array(0.0)}
    >>> value, grads = loss_and_grad(model, params, [[1.0], [2.0]], [2.0, 4.0])
    >>> value                          # mean of (1 - 2)^2 and (2 - 4)^2
    2.5
    >>> grads                          # dJ/dw = mean of 2 (yhat - y) x
    {'w': array([-5.]), 'b': array(-3.)}
    """
    info, X, l2, weights, loss_kwargs = _prepare(model, X, y, loss, l2, sample_weight,
                                                 loss_kwargs)
    try:
        return _evaluate(model, params, X, y, info, l2, weights, loss_kwargs, want_grad=True)
    except checks.NotFinite as problem:
        raise ValueError(
            f"the objective cannot be evaluated at these params: {problem} (overflow); "
            f"the parameters are too large for this data"
        ) from None


# ---------------------------------------------------------------------------
# Gradient descent
# ---------------------------------------------------------------------------

class TrainingDiverged(FloatingPointError):
    """Gradient descent produced a NaN or inf: the step size is too large.

    Attributes ``step`` (the step, counting from 1, at which it happened) and
    ``learning_rate`` (the step size used at that step).

    Examples
    --------
    >>> issubclass(TrainingDiverged, ArithmeticError)
    True
    """

    def __init__(self, message: str, *, step: int, learning_rate: float):
        super().__init__(message)
        self.step = step
        self.learning_rate = learning_rate


@dataclass(frozen=True, eq=False, repr=False)
class History:
    """What :func:`gradient_descent` did, step by step.

    Attributes
    ----------
    params : dict of str to ndarray
        The final parameters (copies).
    train_loss : ndarray, shape ``(k + 1,)``
        The objective on the whole training set before step 1, then after each
        of the ``k`` steps taken.
    val_loss : ndarray of shape ``(k + 1,)``, or None
        The same on the validation data, when given.
    path : dict of str to ndarray
        For every parameter, its ``k + 1`` values: shape ``(k + 1, *param.shape)``;
        ``path[name][0]`` is the start.
    learning_rates : ndarray, shape ``(k,)``
        The step size used at each step.
    diverged_at : int or None
        The step at which training diverged (with ``on_divergence="stop"``);
        the history ends just before it.

    Examples
    --------
    >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
    ...                            learning_rate=0.1, steps=5)
    >>> history.steps, history.train_loss.shape, history.path["w"].shape
    (5, (6,), (6, 1))
    """

    params: dict[str, np.ndarray]
    train_loss: np.ndarray
    val_loss: np.ndarray | None
    path: dict[str, np.ndarray]
    learning_rates: np.ndarray
    diverged_at: int | None

    @property
    def steps(self) -> int:
        """The number of steps taken."""
        return int(self.learning_rates.shape[0])

    def params_at(self, step: int) -> dict[str, np.ndarray]:
        """The parameters after ``step`` steps (0: the start), copied from ``path``.

        Examples
        --------
        >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
        ...                            learning_rate=0.1, steps=5)
        >>> history.params_at(0)
        {'w': array([0.]), 'b': array(0.)}
        """
        step = checks.check_count(step, "step", minimum=0)
        if step > self.steps:
            raise ValueError(f"step must lie in [0, {self.steps}] (the steps taken), "
                             f"got {step}")
        return {name: np.array(values[step], dtype=np.float64)
                for name, values in self.path.items()}

    def early_stopping(self, patience: int, *, min_delta: float = 0.0) -> EarlyStop:
        """:func:`early_stopping` applied to ``val_loss`` (needs ``validation_data``).

        Examples
        --------
        >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
        ...                            learning_rate=0.1, steps=5,
        ...                            validation_data=([[2.0]], [5.0]))
        >>> history.early_stopping(patience=2).best_step
        5
        """
        if self.val_loss is None:
            raise ValueError("history has no val_loss: pass validation_data=(X_val, y_val) "
                             "to gradient_descent to record it")
        return early_stopping(self.val_loss, patience=patience, min_delta=min_delta)

    def __repr__(self):
        end = f"{self.train_loss[0]:.4g} -> {self.train_loss[-1]:.4g}"
        extra = "" if self.diverged_at is None else f", diverged_at={self.diverged_at}"
        return f"History(steps={self.steps}, train_loss {end}{extra})"


@dataclass(frozen=True)
class EarlyStop:
    """What :func:`early_stopping` decided.

    Attributes
    ----------
    best_step : int
        The step with the lowest validation loss seen before stopping: the
        parameters to keep (``history.params_at(best_step)``).
    best_loss : float
        The validation loss at ``best_step``.
    stopped_at : int or None
        The step at which ``patience`` steps had passed without an improvement, so
        training would stop there; None if that never happened.
    patience : int
    """

    best_step: int
    best_loss: float
    stopped_at: int | None
    patience: int


def early_stopping(val_loss, *, patience: int, min_delta: float = 0.0) -> EarlyStop:
    r"""Early stopping with patience, replayed on a recorded validation loss curve.

    Walking through the steps :math:`t = 0, 1, \dots`, the best step so far is the
    last one whose loss beat the best before it by more than ``min_delta``,

    .. math:: L_t < L_{\text{best}} - \delta \implies \text{best} \leftarrow t ,

    and training stops at the first step :math:`t` with :math:`t - \text{best} \ge`
    ``patience``: that many steps in a row without an improvement. The parameters
    kept are those of the best step, not of the step where training stopped. With
    ``patience=1`` the first uptick stops training; a larger patience rides out the
    noise of a validation curve.

    Parameters
    ----------
    val_loss : array-like of shape ``(k + 1,)``
        The validation loss before step 1, then after each step (``History.val_loss``).
    patience : int >= 1
    min_delta : float >= 0
        How much a loss must improve on the best to count as better.

    Returns
    -------
    EarlyStop

    Examples
    --------
    >>> losses = [5.0, 3.0, 2.0, 2.5, 1.5, 1.6, 1.7, 1.8]
    >>> early_stopping(losses, patience=1)      # the first uptick stops it
    EarlyStop(best_step=2, best_loss=2.0, stopped_at=3, patience=1)
    >>> early_stopping(losses, patience=3)
    EarlyStop(best_step=4, best_loss=1.5, stopped_at=7, patience=3)
    >>> early_stopping(losses, patience=10).stopped_at is None
    True
    """
    losses = as_float_array(val_loss, "val_loss")
    if losses.ndim != 1:
        raise ValueError(f"val_loss must be 1-D (one loss per step), got shape {losses.shape}")
    patience = checks.check_count(patience, "patience")
    min_delta = check_non_negative(min_delta, "min_delta")
    best, stopped_at = 0, None
    for step in range(1, losses.size):
        if losses[step] < losses[best] - min_delta:
            best = step
        elif step - best >= patience:
            stopped_at = step
            break
    return EarlyStop(best, float(losses[best]), stopped_at, patience)


def loss_along_path(model, history: History, X, y, *, loss=None, loss_kwargs=None,
                    steps=None) -> np.ndarray:
    r"""The mean loss on ``(X, y)`` at the parameters of every step of ``history``.

    .. math:: \bar\ell_t = \frac1n \sum_i \ell\bigl(y_i, f_{\theta_t}(x_i)\bigr)

    without any L2 penalty (``History.train_loss`` and ``val_loss`` include the
    penalty when the run used ``l2``): the number to compare between runs with
    different penalties.

    Parameters
    ----------
    model, X, y, loss, loss_kwargs
        As in :func:`loss_and_grad`.
    history : History
        A run of :func:`gradient_descent` for ``model``.
    steps : sequence of int, optional
        Only these steps (each in ``[0, history.steps]``); default every step.

    Returns
    -------
    ndarray, shape ``(len(steps),)`` or ``(history.steps + 1,)``

    Examples
    --------
    >>> history = gradient_descent(LinearModel(1), [[0.0], [1.0]], [1.0, 3.0],
    ...                            learning_rate=0.1, steps=5, l2=1.0)
    >>> loss_along_path(LinearModel(1), history, [[0.0], [1.0]], [1.0, 3.0], steps=[0])
    array([5.])
    """
    if not isinstance(history, History):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"history must be a History from gradient_descent, got {type(history).__name__}")
    info, X, _, _, loss_kwargs = _prepare(model, X, y, loss, 0.0, None, loss_kwargs)
    if steps is None:
        chosen = range(history.steps + 1)
    else:
        if isinstance(steps, (str, bytes)) or not hasattr(steps, "__iter__"):
            raise ValueError(f"steps must be a sequence of step numbers, got {steps!r:.80}")
        chosen = list(steps)
    values = []
    for step in chosen:
        params = history.params_at(step)
        try:
            values.append(_evaluate(model, params, X, y, info, 0.0, None, loss_kwargs,
                                    want_grad=False)[0])
        except checks.NotFinite as problem:
            raise ValueError(f"the loss at step {step} is not finite: {problem}") from None
    return np.array(values, dtype=np.float64)


def _diverged(step, what_happened, learning_rate):
    return TrainingDiverged(
        f"diverged at step {step}: {what_happened} (learning rate {learning_rate:g}); "
        f"try a smaller learning rate",
        step=step, learning_rate=learning_rate,
    )


def _batches(n_samples: int, batch_size: int, rng: np.random.Generator):
    """Endless mini-batches of sample indices: each epoch visits a fresh shuffle once.

    The last batch of an epoch is smaller when ``batch_size`` does not divide ``n``.
    """
    while True:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield order[start:start + batch_size]


def _update(params, grads, rate):
    r"""One step of gradient descent, :math:`\theta - \eta\, \partial J / \partial \theta`.

    Raises :class:`~lossfns._training_checks.NotFinite` if a gradient or a new
    parameter is NaN or inf (overflow gives inf quietly, without a warning).
    """
    new_params = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for name, value in params.items():
            checks.require_finite(grads[name], f"the gradient of {name!r}")
            new_params[name] = np.asarray(value - rate * grads[name])
            checks.require_finite(new_params[name], f"parameter {name!r}")
    return new_params


def gradient_descent(model, X, y, *, learning_rate, steps: int, loss=None, l2: float = 0.0,
                     batch_size: int | None = None, params=None, validation_data=None,
                     sample_weight=None, loss_kwargs=None, seed: int = 0,
                     on_divergence: str = "raise") -> History:
    r"""Full-batch (``batch_size=None``) or mini-batch gradient descent.

    .. math:: \theta_{t} = \theta_{t-1} - \eta_t\, \nabla J_{B_t}(\theta_{t-1}),
              \qquad t = 1, \dots, \text{steps}

    where :math:`J_{B_t}` is the objective (see :func:`loss_and_grad`) on the
    batch :math:`B_t`: the whole training set, or the next ``batch_size``
    samples of a shuffled order (reshuffled with ``np.random.default_rng(seed)``
    every epoch; the last batch of an epoch is smaller if ``batch_size`` does
    not divide ``n``; a batch whose sample weights are all 0 gives a zero gradient).
    ``batch_size=n`` is full-batch descent. ``train_loss`` is always measured on
    the whole training set, after each step.

    Parameters
    ----------
    model, X, y, loss, l2, sample_weight, loss_kwargs
        As in :func:`loss_and_grad`.
    learning_rate : float or callable
        :math:`\eta > 0`, or a schedule ``step -> eta`` (steps count from 1),
        e.g. ``lambda t: 0.5 / np.sqrt(t)``.
    steps : int
        Number of steps (updates), at least 1.
    batch_size : int or None
        ``None`` for full batch, else an integer in ``[1, n]``.
    params : dict, optional
        Starting parameters (copied, never modified); default ``model.init_params(seed)``.
    validation_data : (X_val, y_val), optional
        Also record the objective on these.
    seed : int
        Seeds the start (when ``params`` is None) and the shuffling.
    on_divergence : {"raise", "stop"}
        When the loss, the output, a gradient or a parameter becomes NaN or inf:
        ``"raise"`` a :class:`TrainingDiverged`; ``"stop"`` and return the history
        up to the last finite step, with ``diverged_at`` set.

    Returns
    -------
    History

    Raises
    ------
    TrainingDiverged
        "diverged at step k: the loss became inf (learning rate 0.9); try a
        smaller learning rate".

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> y = np.array([1.0, 3.0, 5.0])               # y = 2 x + 1
    >>> history = gradient_descent(LinearModel(n_features=1), X, y,
    ...                            learning_rate=0.2, steps=500)
    >>> print(history.params["w"].round(6), history.params["b"].round(6))
    [2.] 1.0
    >>> print(f"{history.train_loss[0]:.4f} -> {history.train_loss[-1]:.4f}")
    11.6667 -> 0.0000
    >>> try:
    ...     gradient_descent(LinearModel(n_features=1), X, y, learning_rate=5.0, steps=500)
    ... except TrainingDiverged as error:
    ...     print(error)
    diverged at step 113: the loss became inf (learning rate 5); try a smaller learning rate
    """
    info, X, l2, weights, loss_kwargs = _prepare(model, X, y, loss, l2, sample_weight,
                                                 loss_kwargs)
    checks.check_learning_rate(learning_rate)
    steps = checks.check_count(steps, "steps")
    seed = checks.check_count(seed, "seed", minimum=0)
    on_divergence = checks.check_on_divergence(on_divergence)
    n = np.shape(X)[0]
    batch_size = checks.check_batch_size(batch_size, n)
    validation = checks.check_validation_data(validation_data,
                                              getattr(model, "n_features", None))
    if params is None:
        params = model.init_params(seed)
    if not isinstance(params, Mapping):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"params must be a dict of arrays like model.init_params(), got "
            f"{type(params).__name__}"
        )
    params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}

    def objective(at, *, want_grad):
        return _evaluate(model, at, X, y, info, l2, weights, loss_kwargs, want_grad=want_grad)

    def validation_objective(at):
        X_val, y_val = validation
        try:
            return _evaluate(model, at, X_val, y_val, info, l2, None, loss_kwargs,
                             want_grad=False, y_name="validation_data[1] (y_val)",
                             x_name="X_val")[0]
        except checks.NotFinite as problem:
            raise checks.NotFinite(f"{problem.what} on validation_data", problem.kind) from None

    def batch_gradient(at, rows):
        """The gradient of the objective on the samples ``rows`` only."""
        batch_weights = None if weights is None else weights[rows]
        if batch_weights is not None and not np.any(batch_weights > 0):
            return {name: np.zeros_like(value) for name, value in at.items()}  # no weight
        return _evaluate(model, at, X[rows], y_all[rows], info, l2, batch_weights,
                         loss_kwargs, want_grad=True)[1]

    full_batch = batch_size is None or batch_size == n
    try:
        train_value, grads = objective(params, want_grad=full_batch)
        val_value = None if validation is None else validation_objective(params)
    except checks.NotFinite as problem:
        raise ValueError(f"params: the objective at the starting point is not finite: "
                         f"{problem}; start from smaller parameters") from None

    y_all = np.asarray(y, dtype=np.float64)  # checked by the first evaluation
    train_loss, val_loss, lrs = [train_value], [val_value], []
    path = {name: [start.copy()] for name, start in params.items()}
    diverged_at = None
    batches = None if full_batch else _batches(n, batch_size, np.random.default_rng(seed))

    for step in range(1, steps + 1):
        rate = checks.learning_rate_at(learning_rate, step)
        try:
            if not full_batch:
                grads = batch_gradient(params, next(batches))
            new_params = _update(params, grads, rate)
            train_value, grads = objective(new_params, want_grad=full_batch)
            if validation is not None:
                val_value = validation_objective(new_params)
        except checks.NotFinite as problem:
            if on_divergence == "raise":
                raise _diverged(step, str(problem), rate) from None
            diverged_at = step
            break
        params = new_params
        lrs.append(rate)
        train_loss.append(train_value)
        val_loss.append(val_value)
        for name, current in params.items():
            path[name].append(current.copy())

    return History(
        params={name: value.copy() for name, value in params.items()},
        train_loss=np.array(train_loss, dtype=np.float64),
        val_loss=None if validation is None else np.array(val_loss, dtype=np.float64),
        path={name: np.stack(values) for name, values in path.items()},
        learning_rates=np.array(lrs, dtype=np.float64),
        diverged_at=diverged_at,
    )


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
    >>> model = LinearModel(n_features=1)
    >>> params = model.init_params()
    >>> surface = loss_surface(model, params, [[1.0]], [1.0],
    ...                        grid={"w": np.array([0.0, 1.0]), "b": np.array([0.0, 1.0, 2.0])})
    >>> surface                           # (w + b - 1)^2
    array([[1., 0., 1.],
           [0., 1., 4.]])
    """
    info, X, l2, weights, loss_kwargs = _prepare(model, X, y, loss, l2, sample_weight,
                                                 loss_kwargs)
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
                surface[i, j] = _evaluate(model, point, X, y, info, l2, weights, loss_kwargs,
                                          want_grad=False)[0]
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
    >>> net = TwoLayerNet(n_features=2, n_hidden=3)
    >>> X = np.array([[0.5, -1.0], [1.5, 0.3], [-0.2, 0.8]])
    >>> check_backward(net, net.init_params(seed=1), X, [0.3, -0.5, 1.0]) < 1e-6
    True
    """
    eps = check_positive(eps, "eps")
    atol = check_positive(atol, "atol")
    info, X, l2, weights, loss_kwargs = _prepare(model, X, y, loss, l2, sample_weight,
                                                 loss_kwargs)
    params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}

    def objective(at):
        return _evaluate(model, at, X, y, info, l2, weights, loss_kwargs, want_grad=False)[0]

    try:
        _, analytic = _evaluate(model, params, X, y, info, l2, weights, loss_kwargs,
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
    return _scale_aware_error([analytic[name] for name in names],
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
    info, X, l2, weights, loss_kwargs = _prepare(model, X, y, loss, l2, sample_weight,
                                                 loss_kwargs)
    theta = flatten_params(params)
    names = list(params)

    def gradient(at):
        grads = _evaluate(model, unflatten_params(at, params), X, y, info, l2, weights,
                          loss_kwargs, want_grad=True)[1]
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
