"""LOSSES: one record per loss, the single source of truth for the book's tables."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

from . import classification as _cls
from . import regression as _reg

TASKS = ("regression", "binary", "multi-class")
ROBUSTNESS = ("sensitive", "moderate", "robust")


@dataclass(frozen=True)
class LossInfo:
    """What the book needs to know about one loss."""

    name: str
    value: Callable         # the loss function
    grad: Callable          # its gradient with respect to y_pred
    task: str               # one of TASKS
    formula: str            # per-sample loss in LaTeX, without surrounding $
    outlier_robustness: str  # one of ROBUSTNESS: how much one extreme error can dominate
    use_when: str           # one line: when to reach for it


_REGISTRY: dict[str, LossInfo] = {}

#: Read-only view of every registered loss, by name.
LOSSES = MappingProxyType(_REGISTRY)


def register_loss(name: str, value: Callable, grad: Callable, *, task: str,
                  formula: str, outlier_robustness: str, use_when: str,
                  replace: bool = False) -> LossInfo:
    """Add a loss to :data:`LOSSES` and return its record.

    The loss and its gradient must follow the package's signature
    ``f(y_true, y_pred, *, reduction="mean", sample_weight=None, ...)``.
    Registering a name twice is an error unless ``replace=True``.

    Examples
    --------
    >>> from lossfns import mae, mae_grad
    >>> info = register_loss("my_mae", mae, mae_grad, task="regression",
    ...                      formula=r"|\\hat y - y|", outlier_robustness="robust",
    ...                      use_when="a demonstration")
    >>> LOSSES["my_mae"].task
    'regression'
    >>> unregister_loss("my_mae")
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a Python identifier string, got {name!r}")
    if name in _REGISTRY and not replace:
        raise ValueError(f"name {name!r} is already registered; pass replace=True to "
                         f"overwrite it")
    for argument, function in (("value", value), ("grad", grad)):
        if not callable(function):
            raise ValueError(f"{argument} must be callable, got {function!r}")
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    if outlier_robustness not in ROBUSTNESS:
        raise ValueError(f"outlier_robustness must be one of {ROBUSTNESS}, "
                         f"got {outlier_robustness!r}")
    for argument, text in (("formula", formula), ("use_when", use_when)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{argument} must be a non-empty string, got {text!r}")
    info = LossInfo(name, value, grad, task, formula, outlier_robustness, use_when)
    _REGISTRY[name] = info
    return info


def unregister_loss(name: str) -> None:
    """Remove a loss from :data:`LOSSES` (the inverse of :func:`register_loss`).

    Examples
    --------
    >>> from lossfns import mse, mse_grad
    >>> _ = register_loss("temporary", mse, mse_grad, task="regression", formula="x^2",
    ...                   outlier_robustness="sensitive", use_when="a demonstration")
    >>> unregister_loss("temporary")
    >>> "temporary" in LOSSES
    False
    """
    if name not in _REGISTRY:
        raise ValueError(f"name {name!r} is not registered; registered: {sorted(_REGISTRY)}")
    del _REGISTRY[name]


def _builtin(name, module, task, formula, robustness, use_when):
    register_loss(name, getattr(module, name), getattr(module, f"{name}_grad"), task=task,
                  formula=formula, outlier_robustness=robustness, use_when=use_when)


_builtin("mse", _reg, "regression", r"(\hat y - y)^2", "sensitive",
         "large errors are much worse than small ones and you want the conditional mean")
_builtin("rmse", _reg, "regression", r"\sqrt{\tfrac{1}{n}\sum_i (\hat y_i - y_i)^2}",
         "sensitive", "you want MSE's behaviour reported in the units of the target")
_builtin("mae", _reg, "regression", r"|\hat y - y|", "robust",
         "occasional extreme values should not dominate; estimates the conditional median")
_builtin("huber", _reg, "regression",
         r"\begin{cases}\tfrac12 x^2 & |x|\le\delta\\ \delta(|x|-\tfrac12\delta) & "
         r"\text{otherwise}\end{cases},\ x=\hat y-y", "moderate",
         "you want MSE's smooth optimum near zero but MAE's calm about outliers")
_builtin("smooth_l1", _reg, "regression",
         r"\begin{cases}\tfrac{x^2}{2\beta} & |x|<\beta\\ |x|-\tfrac12\beta & "
         r"\text{otherwise}\end{cases},\ x=\hat y-y", "moderate",
         "regressing bounding-box offsets in object detection (Huber divided by beta)")
_builtin("log_cosh", _reg, "regression", r"\log\cosh(\hat y - y)", "moderate",
         "you want a Huber-like loss that is smooth everywhere, with no knob to tune")
_builtin("quantile_loss", _reg, "regression",
         r"\max\bigl(q(y-\hat y),\,(q-1)(y-\hat y)\bigr)", "robust",
         "under- and over-forecasting cost differently; estimates the q-th quantile")
_builtin("binary_cross_entropy", _cls, "binary",
         r"-\bigl[y\log p + (1-y)\log(1-p)\bigr]", "sensitive",
         "the model outputs a probability for a yes/no question")
_builtin("binary_cross_entropy_with_logits", _cls, "binary",
         r"\log(1+e^{z}) - y z", "sensitive",
         "the model outputs a raw score (logit) for a yes/no question: the stable default")
_builtin("hinge", _cls, "binary", r"\max(0,\,1 - y\,s),\ y\in\{-1,+1\}", "moderate",
         "you want a safety margin around the decision boundary, as a linear SVM does")
_builtin("cross_entropy", _cls, "multi-class", r"-\log \operatorname{softmax}(z)_{y}",
         "sensitive", "one class out of several, from raw scores: the standard choice")
_builtin("categorical_cross_entropy", _cls, "multi-class", r"-\sum_c y_c \log p_c",
         "sensitive", "the model already outputs probability rows over the classes")
_builtin("multiclass_hinge", _cls, "multi-class",
         r"\max\bigl(0,\,1 + \max_{j\ne y} s_j - s_y\bigr)", "moderate",
         "a multi-class SVM: the true class must win by a margin of 1")
_builtin("expected_cost", _cls, "multi-class", r"\sum_j C_{y j}\, p_j", "robust",
         "some mistakes cost more than others (a cat called a tiger vs a dog)")
_builtin("focal_loss", _cls, "multi-class",
         r"-(1-p_y)^{\gamma}\log p_y", "sensitive",
         "classes are very imbalanced and easy examples swamp the hard ones")
_builtin("kl_divergence", _cls, "multi-class", r"\sum_c p_c \log\frac{p_c}{q_c}",
         "sensitive", "matching a whole target distribution (distillation, soft labels)")
