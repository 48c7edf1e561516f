r"""Training small models by gradient descent, with the chain rule written out by hand.

The models take their parameters as a plain ``dict`` of float64 arrays, any loss of the
registry (:data:`lossfns.LOSSES`) plugs in by name, and every step can be printed and
checked. Numpy only, like the library. One module per job:

* :mod:`lossfns.training.models` -- :class:`LinearModel`, :class:`LogisticRegression`,
  :class:`LinearSVM` and :class:`TwoLayerNet`, each with ``forward`` and ``backward``;
* :mod:`lossfns.training.objective` -- :func:`loss_and_grad`: the mean loss plus an L2
  penalty, and its gradient for every parameter;
* :mod:`lossfns.training.descent` -- :func:`gradient_descent` and its :class:`History`,
  :func:`early_stopping`, :func:`loss_along_path`;
* :mod:`lossfns.training.landscape` -- :func:`loss_surface`, :func:`check_backward`,
  :func:`hessian`, :func:`flatten_params` and :func:`unflatten_params`;
* :mod:`lossfns.training.mistakes` -- :class:`MistakeNotebook`: per-example losses over
  training, worst first;
* :mod:`lossfns.training.multitask` -- a two-headed detector trained on a combined loss
  (chapter 8);
* :mod:`lossfns.training.fitting` -- exact best lines for the MSE, the MAE and the
  pinball loss, and Legendre features for polynomial fits;
* :mod:`lossfns.training.decisions` -- what a forecast's mistakes cost, and expectiles
  (chapter 9).

The names of the first five modules are importable from :mod:`lossfns.training` itself
(``from lossfns.training import LinearModel, gradient_descent``); the last three are
imported by module.

Examples
--------
>>> import numpy as np
>>> from lossfns.training import LinearModel, gradient_descent
>>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])   # y = 2 x + 1
>>> history = gradient_descent(LinearModel(n_features=1), X, y, loss="mse",
...                            learning_rate=0.2, steps=500)
>>> print(history.params["w"].round(6), history.params["b"].round(6))
[2.] 1.0
"""

from .descent import (
    EarlyStop,
    History,
    TrainingDiverged,
    early_stopping,
    gradient_descent,
    loss_along_path,
)
from .landscape import check_backward, flatten_params, hessian, loss_surface, unflatten_params
from .mistakes import Mistake, MistakeNotebook
from .models import LinearModel, LinearSVM, LogisticRegression, TwoLayerNet
from .objective import loss_and_grad

__all__ = [
    "EarlyStop",
    "History",
    "LinearModel",
    "LinearSVM",
    "LogisticRegression",
    "Mistake",
    "MistakeNotebook",
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
