r"""The training objective: the mean loss of a model's output plus an L2 penalty.

Any loss of the registry (:data:`lossfns.LOSSES`, including those you add with
:func:`~lossfns.register_loss`) plugs in by name. :func:`loss_and_grad`
evaluates the objective

.. math:: J(\theta) = \frac{\sum_i s_i\, \ell(y_i, f_\theta(x_i))}{\sum_i s_i}
          + \frac{\lambda}{2} \sum_{W \in \text{weights}} \lVert W \rVert^2

(the weighted mean loss plus an optional L2 penalty on the weights, never the
biases) and its gradient. Gradient descent (:mod:`lossfns.training.descent`) and the
loss landscape (:mod:`lossfns.training.landscape`) evaluate the same objective, through
``evaluate_objective`` after ``prepare_arguments`` has checked what they share (two
helpers of the subpackage, not part of its API).

Shapes of ``y``: it must have exactly the shape of the model's output, so that
``(n,)`` and ``(n, 1)`` are never silently broadcast into an ``(n, n)`` array.
One exception: with a multi-class loss (``task == "multi-class"`` in the
registry, e.g. ``"cross_entropy"``) ``y`` may hold one class index per sample,
shape ``(n,)`` against an output of shape ``(n, k)``; the loss itself then checks
that the indices lie in ``[0, k)``. Errors the loss raises about ``y`` are
reported with the names used here (``y``, the model's output).
"""

from __future__ import annotations

import numpy as np

from .._validation import check_non_negative, check_sample_weight
from . import _checks as checks

__all__ = ["loss_and_grad"]


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


def evaluate_objective(model, params, X, y, info, l2, weights, loss_kwargs, *,
                       want_grad: bool, y_name: str = "y", x_name: str = "X"):
    """The objective (and, if ``want_grad``, its gradient) at ``params``: ``(value, grads)``.

    The one evaluation behind :func:`loss_and_grad`, gradient descent and the landscape
    tools; the other arguments are those :func:`prepare_arguments` returns (``info`` the
    loss's registry record, ``weights`` the checked sample weights or None). ``y_name``
    and ``x_name`` are the names error messages use. ``grads`` is None unless
    ``want_grad``.

    Raises :class:`~lossfns.training._checks.NotFinite` when the model's output
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


def prepare_arguments(model, X, y, loss, l2, sample_weight, loss_kwargs):
    """Check the arguments the training functions share.

    Returns ``(info, X, l2, weights, loss_kwargs)``: the loss's registry record, then
    the others checked (``weights`` is None without ``sample_weight``).
    """
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
    >>> from lossfns.training import LinearModel
    >>> model = LinearModel(n_features=1)
    >>> params = {"w": np.array([1.0]), "b": np.array(0.0)}
    >>> value, grads = loss_and_grad(model, params, [[1.0], [2.0]], [2.0, 4.0])
    >>> value                          # mean of (1 - 2)^2 and (2 - 4)^2
    2.5
    >>> grads                          # dJ/dw = mean of 2 (yhat - y) x
    {'w': array([-5.]), 'b': array(-3.)}
    """
    info, X, l2, weights, loss_kwargs = prepare_arguments(model, X, y, loss, l2,
                                                          sample_weight, loss_kwargs)
    try:
        return evaluate_objective(model, params, X, y, info, l2, weights, loss_kwargs,
                                  want_grad=True)
    except checks.NotFinite as problem:
        raise ValueError(
            f"the objective cannot be evaluated at these params: {problem} (overflow); "
            f"the parameters are too large for this data"
        ) from None
