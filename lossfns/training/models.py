r"""Four small models, with the chain rule written out by hand.

Each model is a class that holds only its sizes; the parameters are a plain ``dict``
of float64 arrays that you can print, copy and perturb:

* :class:`LinearModel` -- :math:`\hat y = X w + b`, for regression;
* :class:`LogisticRegression` -- the same score read as a logit, for 0/1 labels;
* :class:`LinearSVM` -- the same score trained on the hinge loss, for -1/+1 labels;
* :class:`TwoLayerNet` -- one hidden layer of tanh or ReLU units.

Every model has ``forward(params, X) -> (output, cache)`` and
``backward(params, cache, grad_output) -> grads``: given
:math:`\partial L / \partial \text{output}` (which a loss's ``*_grad`` function
returns), ``backward`` applies the chain rule one step at a time and returns
:math:`\partial L / \partial \theta` for every parameter :math:`\theta`.
:func:`~lossfns.training.loss_and_grad` joins a model to a loss, and
:func:`~lossfns.training.gradient_descent` trains it.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from . import _checks as checks

__all__ = ["LinearModel", "LinearSVM", "LogisticRegression", "TwoLayerNet"]


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
