"""LOSSES: one record per loss, the single source of truth for the book's tables.

* :func:`register_loss` / :func:`unregister_loss` -- add or remove a record;
* :func:`loss_table` -- the rows of the book's "task -> recommended losses -> why"
  table (chapter 8), built from the records: one row per (use, loss), where the uses of
  a loss are its ``task`` and its ``applications``. The course renders them as Markdown
  (:func:`lossfns.course.report.loss_table_markdown`).
"""

from __future__ import annotations

from collections.abc import Mapping
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
    #: further uses beyond ``task``, as ``((application, why), ...)`` pairs, e.g.
    #: ``(("anomaly detection", "flag examples whose loss is above a threshold"),)``
    applications: tuple = ()


@dataclass(frozen=True)
class LossTableRow:
    """One row of :func:`loss_table`: a use, one loss recommended for it, and why."""

    use: str        # a task of TASKS or an application, e.g. "imbalanced classes"
    loss: str       # the loss's name in LOSSES
    formula: str    # its per-sample formula (LaTeX, without $)
    why: str        # for the task row: ``use_when``; for an application: its reason


def _check_applications(applications) -> tuple:
    """``applications`` (a mapping or pairs of non-empty strings) as a tuple of pairs."""
    if applications is None:
        return ()
    if isinstance(applications, Mapping):
        pairs = tuple(applications.items())
    elif isinstance(applications, (str, bytes)):
        pairs = None
    else:
        try:
            pairs = tuple(tuple(pair) for pair in applications)
        except TypeError:
            pairs = None
    if pairs is None or any(len(pair) != 2 for pair in pairs):
        raise ValueError(
            f"applications must be a dict {{application: why}} or a sequence of "
            f"(application, why) pairs of strings, got {applications!r:.80}")
    seen = set()
    for use, why in pairs:
        for what, text in (("application", use), ("why", why)):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"applications: every {what} must be a non-empty string, "
                                 f"got {text!r} in {applications!r:.80}")
        if use in TASKS:
            raise ValueError(f"applications: {use!r} is a task (pass it as task=), not an "
                             f"application")
        if use in seen:
            raise ValueError(f"applications: {use!r} is listed twice")
        seen.add(use)
    return pairs


_REGISTRY: dict[str, LossInfo] = {}

#: Read-only view of every registered loss, by name.
LOSSES = MappingProxyType(_REGISTRY)


def register_loss(name: str, value: Callable, grad: Callable, *, task: str,
                  formula: str, outlier_robustness: str, use_when: str,
                  applications=None, replace: bool = False) -> LossInfo:
    """Add a loss to :data:`LOSSES` and return its record.

    The loss and its gradient must follow the package's signature
    ``f(y_true, y_pred, *, reduction="mean", sample_weight=None, ...)``.
    Registering a name twice is an error unless ``replace=True``.
    ``applications`` (optional): further uses for the table of :func:`loss_table`,
    a dict ``{application: why}`` or ``(application, why)`` pairs, e.g.
    ``{"anomaly detection": "a large per-example loss flags an anomaly"}``.

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
    pairs = _check_applications(applications)
    info = LossInfo(name, value, grad, task, formula, outlier_robustness, use_when, pairs)
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


def loss_table(uses=None) -> tuple[LossTableRow, ...]:
    """The rows of the "task -> recommended losses -> why" table, from :data:`LOSSES`.

    Every loss gives one row for its ``task`` (the reason is its ``use_when``) and one
    row for each of its ``applications`` (with the reason given there). Rows come
    grouped by use: first the three tasks in the order of ``TASKS``, then the
    applications in the order they were first registered; within a use, losses
    keep their registration order. A loss registered later (chapter 9's own) appears
    in the table at once.

    Parameters
    ----------
    uses : sequence of str, optional
        Only these uses, in this order (each must be a task or a registered
        application); default all.

    Returns
    -------
    tuple of LossTableRow

    Examples
    --------
    >>> [(row.use, row.loss) for row in loss_table(["anomaly detection"])]
    [('anomaly detection', 'mae'), ('anomaly detection', 'quantile_loss')]
    >>> loss_table(["binary"])[2].loss
    'hinge'
    """
    rows: dict[str, list] = {task: [] for task in TASKS}
    for info in _REGISTRY.values():
        rows[info.task].append(LossTableRow(info.task, info.name, info.formula,
                                            info.use_when))
        for use, why in info.applications:
            rows.setdefault(use, []).append(LossTableRow(use, info.name, info.formula, why))
    if uses is None:
        order = list(rows)
    else:
        if isinstance(uses, (str, bytes)) or not hasattr(uses, "__iter__"):
            raise ValueError(f"uses must be a sequence of task or application names, "
                             f"got {uses!r:.80}")
        order = list(uses)
        unknown = [use for use in order if use not in rows]
        if unknown:
            raise ValueError(f"uses: {unknown} not found; known uses: {list(rows)}")
    return tuple(row for use in order for row in rows[use])


def _builtin(name, module, task, formula, robustness, use_when, applications=None):
    register_loss(name, getattr(module, name), getattr(module, f"{name}_grad"), task=task,
                  formula=formula, outlier_robustness=robustness, use_when=use_when,
                  applications=applications)


_builtin("mse", _reg, "regression", r"(\hat y - y)^2", "sensitive",
         "large errors are much worse than small ones and you want the conditional mean")
_builtin("rmse", _reg, "regression", r"\sqrt{\tfrac{1}{n}\sum_i (\hat y_i - y_i)^2}",
         "sensitive", "you want MSE's behaviour reported in the units of the target")
_builtin("mae", _reg, "regression", r"|\hat y - y|", "robust",
         "occasional extreme values should not dominate; estimates the conditional median",
         applications={'anomaly detection': 'score each example by its absolute error and flag the ones above a threshold; the outliers do not drag the fit towards themselves'})
_builtin("huber", _reg, "regression",
         r"\begin{cases}\tfrac12 x^2 & |x|\le\delta\\ \delta(|x|-\tfrac12\delta) & "
         r"\text{otherwise}\end{cases},\ x=\hat y-y", "moderate",
         "you want MSE's smooth optimum near zero but MAE's calm about outliers",
         applications={'noisy labels': 'a wrong regression target pulls with at most delta, not with its whole error'})
_builtin("smooth_l1", _reg, "regression",
         r"\begin{cases}\tfrac{x^2}{2\beta} & |x|<\beta\\ |x|-\tfrac12\beta & "
         r"\text{otherwise}\end{cases},\ x=\hat y-y", "moderate",
         "regressing bounding-box offsets in object detection (Huber divided by beta)",
         applications={'object detection boxes': 'box offsets: quadratic near a good box, linear for far-off boxes, added to the classification loss'})
_builtin("log_cosh", _reg, "regression", r"\log\cosh(\hat y - y)", "moderate",
         "you want a Huber-like loss that is smooth everywhere, with no knob to tune")
_builtin("quantile_loss", _reg, "regression",
         r"\max\bigl(q(y-\hat y),\,(q-1)(y-\hat y)\bigr)", "robust",
         "under- and over-forecasting cost differently; estimates the q-th quantile",
         applications={'asymmetric costs': 'running short and overshooting cost different amounts: predict the quantile q = cost of short / total cost', 'prediction intervals': 'two levels, e.g. q = 0.1 and 0.9, bound a band that should hold 80 % of new targets', 'anomaly detection': 'flag targets outside a band of two quantile lines, which can widen where the data are noisier'})
_builtin("binary_cross_entropy", _cls, "binary",
         r"-\bigl[y\log p + (1-y)\log(1-p)\bigr]", "sensitive",
         "the model outputs a probability for a yes/no question")
_builtin("binary_cross_entropy_with_logits", _cls, "binary",
         r"\log(1+e^{z}) - y z", "sensitive",
         "the model outputs a raw score (logit) for a yes/no question: the stable default")
_builtin("hinge", _cls, "binary", r"\max(0,\,1 - y\,s),\ y\in\{-1,+1\}", "moderate",
         "you want a safety margin around the decision boundary, as a linear SVM does",
         applications={'margin matters': 'it keeps charging until every example is on the right side by a margin of 1, then stops'})
_builtin("cross_entropy", _cls, "multi-class", r"-\log \operatorname{softmax}(z)_{y}",
         "sensitive", "one class out of several, from raw scores: the standard choice",
         applications={'imbalanced classes': 'pass class_weight so that each class, not each example, carries an equal share of the loss', 'noisy labels': 'pass label_smoothing so that a wrong label cannot demand infinite confidence', 'object detection classes': 'the class of each candidate box, added to a box-regression loss'})
_builtin("categorical_cross_entropy", _cls, "multi-class", r"-\sum_c y_c \log p_c",
         "sensitive", "the model already outputs probability rows over the classes")
_builtin("multiclass_hinge", _cls, "multi-class",
         r"\max\bigl(0,\,1 + \max_{j\ne y} s_j - s_y\bigr)", "moderate",
         "a multi-class SVM: the true class must win by a margin of 1")
_builtin("expected_cost", _cls, "multi-class", r"\sum_j C_{y j}\, p_j", "robust",
         "some mistakes cost more than others (a cat called a tiger vs a dog)",
         applications={'asymmetric costs': 'some wrong classes cost more than others: give the costs as a matrix'})
_builtin("focal_loss", _cls, "multi-class",
         r"-(1-p_y)^{\gamma}\log p_y", "sensitive",
         "classes are very imbalanced and easy examples swamp the hard ones",
         applications={'imbalanced classes': 'down-weights the easy, confident examples, which in imbalanced data are mostly of the common class'})
_builtin("kl_divergence", _cls, "multi-class", r"\sum_c p_c \log\frac{p_c}{q_c}",
         "sensitive", "matching a whole target distribution (distillation, soft labels)")
