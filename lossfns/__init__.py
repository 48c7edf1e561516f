"""lossfns: numerically stable loss functions and their gradients.

The package behind the open course *The Mistake Notebook*. Every loss takes
``(y_true, y_pred, *, reduction="mean", sample_weight=None, ...)`` and has a
gradient ``<name>_grad`` with the same signature; ``LOSSES`` describes them all.
This package is the library, with numpy as its only dependency: the losses and
gradients (:mod:`lossfns.regression`, :mod:`lossfns.classification`), the
activations, the registry (``LOSSES``, ``register_loss``, ``loss_table``),
``check_grad`` and ``numerical_grad``, all importable from ``lossfns`` itself, and the
helpers for writing your own loss (:mod:`lossfns.custom`). ``import lossfns`` loads
library modules only.

The rest lives in three subpackages, each imported on first use
(``lossfns.training`` works after ``import lossfns``):

* :mod:`lossfns.training` -- small models (linear, logistic, linear SVM, a two-layer
  network) trained by gradient descent with any registered loss, the mistake notebook,
  and the chapters' combined losses, exact fits and forecast costs (numpy only);
* :mod:`lossfns.reference` -- the textbook formulas without their stabilising tricks,
  and 50-digit mpmath references, for comparison only (the references need mpmath);
* :mod:`lossfns.course` -- the course's data sets, figure style, interactive figures,
  explorers, exercise checkers and tables (the figures need matplotlib and ipywidgets).

None of the library's modules imports from them.
"""

import importlib

from .activations import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from .classification import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    expected_cost,
    expected_cost_grad,
    focal_loss,
    focal_loss_grad,
    hinge,
    hinge_grad,
    kl_divergence,
    kl_divergence_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
)
from .gradcheck import check_grad, numerical_grad
from .registry import (
    LOSSES,
    LossInfo,
    LossTableRow,
    loss_table,
    register_loss,
    unregister_loss,
)
from .regression import (
    huber,
    huber_grad,
    log_cosh,
    log_cosh_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
    quantile_loss,
    quantile_loss_grad,
    rmse,
    rmse_grad,
    smooth_l1,
    smooth_l1_grad,
)

__version__ = "0.1.0"

_LAZY_SUBMODULES = ("course", "reference", "training")


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LOSSES", "LossInfo", "LossTableRow",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy", "categorical_cross_entropy_grad",
    "check_grad", "cross_entropy", "cross_entropy_grad",
    "expected_cost", "expected_cost_grad", "focal_loss", "focal_loss_grad",
    "hinge", "hinge_grad", "huber", "huber_grad",
    "kl_divergence", "kl_divergence_grad", "log_cosh", "log_cosh_grad",
    "log_sigmoid", "log_softmax", "logsumexp",
    "loss_table", "mae", "mae_grad",
    "mse", "mse_grad", "multiclass_hinge", "multiclass_hinge_grad",
    "numerical_grad", "quantile_loss", "quantile_loss_grad",
    "register_loss", "rmse", "rmse_grad", "sigmoid", "smooth_l1", "smooth_l1_grad",
    "softmax", "unregister_loss",
]
