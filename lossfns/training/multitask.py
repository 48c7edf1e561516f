r"""Combined losses: one model, two heads, one number to minimise (chapter 8).

An object detector answers two questions about every candidate region: *what is
it?* (a class, background included) and *where exactly is it?* (a box). Fast
R-CNN (Girshick, 2015) trains both with one objective per region,

.. math:: L = L_{\text{cls}} + \lambda\, L_{\text{box}}, \qquad
          L_{\text{cls}} = \frac1N \sum_{i=1}^N -\ln p_{i, u_i}, \qquad
          L_{\text{box}} = \frac1N \sum_{i=1}^N [u_i \ne 0]
                           \sum_j s_\beta(\hat t_{ij} - t_{ij}),

the cross-entropy of the class :math:`u_i` plus :math:`\lambda` times the Smooth
L1 loss :math:`s_\beta` (:func:`lossfns.smooth_l1`) of the box offsets
:math:`t_i`, counted only on regions that contain an object (class 0,
background, has no box). This module has

* :func:`detection_loss` -- :math:`L`, its two parts and its gradient with
  respect to both heads' outputs;
* :class:`TwoHeadNet` -- one shared tanh layer (the trunk) and two linear heads,
  class logits and box offsets: a :class:`lossfns.training.TwoLayerNet` whose
  output columns are split between the two heads (its forward and backward passes);
* :func:`detector_loss_and_grad` and :func:`train_detector` -- the objective's
  gradient for every parameter, and gradient descent on it;
* :func:`evaluate_detector` -- accuracy, both losses, the box error and the IoU;
* :func:`boxes_to_offsets`, :func:`offsets_to_boxes` and :func:`interval_iou`
  -- boxes on a one-dimensional strip (intervals) and their offsets from an anchor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import (
    as_class_indices,
    as_float_array,
    check_in_interval,
    check_non_negative,
    check_positive,
)
from ..classification import cross_entropy, cross_entropy_grad
from ..regression import smooth_l1, smooth_l1_grad
from . import _checks as checks
from .models import TwoLayerNet

__all__ = [
    "DetectionLoss",
    "DetectorHistory",
    "DetectorScores",
    "TwoHeadNet",
    "boxes_to_offsets",
    "detection_loss",
    "detector_loss_and_grad",
    "evaluate_detector",
    "interval_iou",
    "offsets_to_boxes",
    "train_detector",
]


# ---------------------------------------------------------------------------
# Boxes on a strip: intervals, offsets from an anchor, overlap
# ---------------------------------------------------------------------------

def _check_anchor(anchor) -> tuple[float, float]:
    values = as_float_array(anchor, "anchor")
    if values.shape != (2,) or values[1] <= 0:
        raise ValueError(f"anchor must be (centre, width) with width > 0, got {anchor!r}")
    return float(values[0]), float(values[1])


def boxes_to_offsets(centres, widths, anchor) -> np.ndarray:
    r"""The offsets of boxes from an anchor box: what a detector's box head predicts.

    .. math:: t = \left(\frac{c - c_a}{w_a},\ \ln\frac{w}{w_a}\right)

    Parameters
    ----------
    centres, widths : array-like, shape ``(n,)``
        The boxes, in pixels; widths > 0.
    anchor : (float, float)
        The anchor box :math:`(c_a, w_a)`, in pixels.

    Returns
    -------
    ndarray, shape ``(n, 2)``

    Examples
    --------
    >>> boxes_to_offsets([12.0, 10.0], [8.0, 4.0], anchor=(10.0, 8.0)).round(4)
    array([[ 0.25  ,  0.    ],
           [ 0.    , -0.6931]])
    """
    c_a, w_a = _check_anchor(anchor)
    centres = as_float_array(centres, "centres")
    widths = as_float_array(widths, "widths")
    if centres.ndim != 1 or widths.shape != centres.shape:
        raise ValueError(f"centres and widths must be 1-D of the same length, got shapes "
                         f"{centres.shape} and {widths.shape}")
    if np.any(widths <= 0):
        raise ValueError(f"widths must be > 0, got {float(widths[widths <= 0][0])!r}")
    return np.column_stack([(centres - c_a) / w_a, np.log(widths / w_a)])


def offsets_to_boxes(offsets, anchor) -> tuple[np.ndarray, np.ndarray]:
    r"""The boxes that offsets from an anchor describe: the inverse of :func:`boxes_to_offsets`.

    .. math:: c = c_a + w_a\, t_1, \qquad w = w_a\, e^{t_2}

    Parameters
    ----------
    offsets : array-like, shape ``(n, 2)``
    anchor : (float, float)

    Returns
    -------
    (ndarray, ndarray)
        Centres and widths, each of shape ``(n,)``, in pixels.

    Examples
    --------
    >>> centres, widths = offsets_to_boxes([[0.25, 0.0], [0.0, np.log(0.5)]], (10.0, 8.0))
    >>> centres.tolist(), widths.tolist()
    ([12.0, 10.0], [8.0, 4.0])
    """
    c_a, w_a = _check_anchor(anchor)
    offsets = as_float_array(offsets, "offsets")
    if offsets.ndim != 2 or offsets.shape[1] != 2:
        raise ValueError(f"offsets must have shape (n, 2), got shape {offsets.shape}")
    with np.errstate(over="ignore"):
        return c_a + w_a * offsets[:, 0], w_a * np.exp(offsets[:, 1])


def interval_iou(centres_a, widths_a, centres_b, widths_b) -> np.ndarray:
    r"""Intersection over union of pairs of intervals (boxes on a strip).

    .. math:: \operatorname{IoU}(A, B) = \frac{|A \cap B|}{|A \cup B|}
              = \frac{|A \cap B|}{w_A + w_B - |A \cap B|}

    1 for identical boxes, 0 for boxes that do not overlap.

    Parameters
    ----------
    centres_a, widths_a, centres_b, widths_b : array-like, shape ``(n,)``
        Widths > 0.

    Returns
    -------
    ndarray, shape ``(n,)``

    Examples
    --------
    >>> interval_iou([10.0, 10.0, 10.0], [4.0, 4.0, 4.0], [10.0, 12.0, 20.0], [4.0, 4.0, 2.0])
    array([1.        , 0.33333333, 0.        ])
    """
    arrays = [as_float_array(value, name) for value, name in
              ((centres_a, "centres_a"), (widths_a, "widths_a"),
               (centres_b, "centres_b"), (widths_b, "widths_b"))]
    if any(array.shape != arrays[0].shape or array.ndim != 1 for array in arrays):
        raise ValueError("centres_a, widths_a, centres_b and widths_b must be 1-D of the "
                         f"same length, got shapes {[array.shape for array in arrays]}")
    c_a, w_a, c_b, w_b = arrays
    if np.any(w_a <= 0) or np.any(w_b <= 0):
        raise ValueError("widths_a and widths_b must be > 0")
    low = np.maximum(c_a - w_a / 2, c_b - w_b / 2)
    high = np.minimum(c_a + w_a / 2, c_b + w_b / 2)
    inter = np.clip(high - low, 0.0, np.minimum(w_a, w_b))  # rounding: never above 1
    return np.minimum(inter / (w_a + w_b - inter), 1.0)


# ---------------------------------------------------------------------------
# The combined loss
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DetectionLoss:
    r"""What :func:`detection_loss` computed.

    Attributes
    ----------
    value : float
        :math:`L = L_{\text{cls}} + \lambda L_{\text{box}}`.
    classification : float
        :math:`L_{\text{cls}}`, the mean cross-entropy over all ``n`` examples (nats).
    box : float
        :math:`L_{\text{box}}`, the Smooth L1 loss summed over the box offsets of
        the objects and divided by ``n`` (offset units).
    lam : float
        The weight :math:`\lambda`.
    n_objects : int
        How many examples have a box (class not 0).
    grad_logits : ndarray, shape ``(n, k)``
        :math:`\partial L / \partial z`.
    grad_boxes : ndarray, shape ``(n, 2)``
        :math:`\partial L / \partial \hat t`: zero on background rows.
    """

    value: float
    classification: float
    box: float
    lam: float
    n_objects: int
    grad_logits: np.ndarray
    grad_boxes: np.ndarray


def _check_detection_inputs(labels, box_targets, logits, box_pred):
    logits = as_float_array(logits, "logits")
    if logits.ndim != 2 or logits.shape[1] < 2:
        raise ValueError(f"logits must have shape (n, k) with k >= 2 classes, got shape "
                         f"{logits.shape}")
    n, k = logits.shape
    labels = as_class_indices(labels, "labels", k)
    if labels.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), one class per row of logits, got "
                         f"shape {labels.shape}")
    box_pred = as_float_array(box_pred, "box_pred")
    if box_pred.ndim != 2 or box_pred.shape[0] != n:
        raise ValueError(f"box_pred must have shape ({n}, d), one row per row of logits, got "
                         f"shape {box_pred.shape}")
    box_targets = as_float_array(box_targets, "box_targets")
    if box_targets.shape != box_pred.shape:
        raise ValueError(f"box_targets must have the shape of box_pred {box_pred.shape}, got "
                         f"shape {box_targets.shape}")
    return labels, box_targets, logits, box_pred


def detection_loss(labels, box_targets, logits, box_pred, *, lam: float = 1.0,
                   beta: float = 1.0, background: int = 0) -> DetectionLoss:
    r"""The combined detection loss, its two parts and its gradient.

    .. math:: L = \underbrace{\frac1n \sum_i -\ln \operatorname{softmax}(z_i)_{u_i}}
                  _{L_{\text{cls}}}
              + \lambda \underbrace{\frac1n \sum_i [u_i \ne \text{background}]
                  \sum_{j=1}^{d} s_\beta(\hat t_{ij} - t_{ij})}_{L_{\text{box}}}

    with :math:`s_\beta` the Smooth L1 loss (:func:`lossfns.smooth_l1`). Both
    parts are divided by the number of examples ``n``, so the per-example loss is
    Fast R-CNN's :math:`L_{\text{cls}} + \lambda [u \ge 1] L_{\text{loc}}`.
    Background rows have no box: their ``box_targets`` are ignored and their
    box gradient is 0. The gradients are

    .. math:: \frac{\partial L}{\partial z_i} = \frac{\operatorname{softmax}(z_i) - e_{u_i}}{n},
              \qquad
              \frac{\partial L}{\partial \hat t_{ij}} = \frac{\lambda}{n}
              [u_i \ne \text{background}]\, \operatorname{clip}\Bigl(
              \frac{\hat t_{ij} - t_{ij}}{\beta}, -1, 1\Bigr).

    Parameters
    ----------
    labels : array-like of int, shape ``(n,)``
        The class of each example, in ``[0, k)``.
    box_targets : array-like, shape ``(n, d)``
        The true box offsets (any finite value on background rows).
    logits : array-like, shape ``(n, k)``
        The class head's output.
    box_pred : array-like, shape ``(n, d)``
        The box head's output.
    lam : float >= 0, default 1
        The weight :math:`\lambda` of the box loss.
    beta : float > 0, default 1
        Where Smooth L1 turns from quadratic to linear, in offset units.
    background : int, default 0
        The class that has no box.

    Returns
    -------
    DetectionLoss

    Examples
    --------
    >>> result = detection_loss([0, 1], [[0.0, 0.0], [0.5, 0.0]],
    ...                         [[0.0, 0.0], [0.0, 0.0]], [[9.0, 9.0], [0.0, 0.0]], lam=2.0)
    >>> round(result.classification, 4), result.box, result.value.__round__(4)
    (0.6931, 0.0625, 0.8181)
    >>> result.grad_boxes             # the background's box (9, 9) is ignored
    array([[ 0. ,  0. ],
           [-0.5,  0. ]])
    """
    labels, box_targets, logits, box_pred = _check_detection_inputs(labels, box_targets,
                                                                    logits, box_pred)
    lam = check_non_negative(lam, "lam")
    beta = check_positive(beta, "beta")
    k = logits.shape[1]
    background = checks.check_count(background, "background", minimum=0)
    if background >= k:
        raise ValueError(f"background must be a class index in [0, {k - 1}], got {background}")
    return _detection_loss_core(labels, box_targets, logits, box_pred, lam, beta,
                                (labels != background).astype(np.float64))


def _detection_loss_core(labels, box_targets, logits, box_pred, lam, beta, has_box):
    """:func:`detection_loss` on checked arrays; ``has_box`` is 1.0 on objects, else 0.0."""
    n, d = box_pred.shape
    l_cls = float(cross_entropy(labels, logits))
    grad_logits = np.asarray(cross_entropy_grad(labels, logits), dtype=np.float64)
    # smooth_l1 averages the d offsets of a row; "sum" with 0/1 weights adds the objects
    l_box = d * float(smooth_l1(box_targets, box_pred, beta=beta, sample_weight=has_box,
                                reduction="sum")) / n
    grad_boxes = lam * d / n * np.asarray(
        smooth_l1_grad(box_targets, box_pred, beta=beta, sample_weight=has_box,
                       reduction="sum"), dtype=np.float64)
    return DetectionLoss(value=l_cls + lam * l_box, classification=l_cls, box=l_box, lam=lam,
                         n_objects=int(has_box.sum()), grad_logits=grad_logits,
                         grad_boxes=grad_boxes)


# ---------------------------------------------------------------------------
# The model: a shared trunk and two heads
# ---------------------------------------------------------------------------

class TwoHeadNet:
    r"""One shared hidden layer and two linear heads: class logits and box offsets.

    .. math:: h = \tanh(X W_1 + b_1), \qquad z = h W_c + b_c, \qquad \hat t = h W_b + b_b

    The trunk :math:`(W_1, b_1)` is shared: both losses train it. The class head
    :math:`(W_c, b_c)` sees only the classification loss, the box head
    :math:`(W_b, b_b)` only the box loss. Side by side, the two heads are one linear
    layer with ``n_classes + n_box`` outputs, :math:`[z \;\; \hat t] = h\,[W_c \;\; W_b]
    + [b_c \;\; b_b]`: the forward and backward passes are those of a
    :class:`lossfns.training.TwoLayerNet` (tanh) with that many outputs, whose
    output columns are split between the heads.

    Parameters
    ----------
    n_features : int
    n_hidden : int
        Units of the shared layer.
    n_classes : int >= 2
        Outputs of the class head (background included).
    n_box : int, default 2
        Outputs of the box head (offsets per example).

    Examples
    --------
    >>> net = TwoHeadNet(n_features=4, n_hidden=3, n_classes=3)
    >>> params = net.init_params(seed=0)
    >>> {name: value.shape for name, value in params.items()}
    {'W1': (4, 3), 'b1': (3,), 'Wc': (3, 3), 'bc': (3,), 'Wb': (3, 2), 'bb': (2,)}
    >>> logits, boxes = net.predict(params, np.zeros((5, 4)))
    >>> logits.shape, boxes.shape
    ((5, 3), (5, 2))
    """

    def __init__(self, n_features: int, n_hidden: int, n_classes: int, n_box: int = 2):
        self.n_features = checks.check_count(n_features, "n_features")
        self.n_hidden = checks.check_count(n_hidden, "n_hidden")
        self.n_classes = checks.check_count(n_classes, "n_classes", minimum=2)
        self.n_box = checks.check_count(n_box, "n_box")
        # the two heads side by side: one output layer of n_classes + n_box columns
        self._net = TwoLayerNet(self.n_features, self.n_hidden, self.n_classes + self.n_box)

    def __repr__(self):
        return (f"TwoHeadNet(n_features={self.n_features}, n_hidden={self.n_hidden}, "
                f"n_classes={self.n_classes}, n_box={self.n_box})")

    def param_shapes(self) -> dict[str, tuple]:
        """The shape of every parameter, by name."""
        return {"W1": (self.n_features, self.n_hidden), "b1": (self.n_hidden,),
                "Wc": (self.n_hidden, self.n_classes), "bc": (self.n_classes,),
                "Wb": (self.n_hidden, self.n_box), "bb": (self.n_box,)}

    def init_params(self, seed: int = 0) -> dict[str, np.ndarray]:
        r"""Glorot-normal weights from ``np.random.default_rng(seed)``, zero biases.

        Examples
        --------
        >>> net = TwoHeadNet(n_features=2, n_hidden=2, n_classes=2)
        >>> bool(np.all(net.init_params(seed=1)["bb"] == 0))
        True
        """
        seed = checks.check_count(seed, "seed", minimum=0)
        rng = np.random.default_rng(seed)
        params = {}
        for name, shape in self.param_shapes().items():
            if name.startswith("W"):
                params[name] = np.sqrt(2.0 / sum(shape)) * rng.standard_normal(shape)
            else:
                params[name] = np.zeros(shape)
        return params

    def forward(self, params, X):
        """``((logits, boxes), cache)``: both heads' outputs and the values backward needs.

        Examples
        --------
        >>> net = TwoHeadNet(n_features=1, n_hidden=1, n_classes=2, n_box=1)
        >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0]),
        ...           "Wc": np.array([[1.0, -1.0]]), "bc": np.array([0.0, 0.0]),
        ...           "Wb": np.array([[2.0]]), "bb": np.array([0.5])}
        >>> (logits, boxes), cache = net.forward(params, [[0.0]])
        >>> logits, boxes              # tanh(0) = 0: only the biases are left
        (array([[0., 0.]]), array([[0.5]]))
        """
        params = checks.check_params(params, self.param_shapes())
        output, cache = self._net.forward(self._joined(params), X)
        return self._split_columns(output), cache

    def _joined(self, params) -> dict[str, np.ndarray]:
        """The parameters of the equivalent :class:`~lossfns.training.TwoLayerNet`."""
        return {"W1": params["W1"], "b1": params["b1"],
                "W2": np.hstack([params["Wc"], params["Wb"]]),
                "b2": np.concatenate([params["bc"], params["bb"]])}

    def _split_columns(self, joined):
        """``(class part, box part)`` of an array whose last axis is the joined heads."""
        return joined[..., :self.n_classes], joined[..., self.n_classes:]

    def predict(self, params, X):
        """``(logits, boxes)`` for the rows of ``X``."""
        return self.forward(params, X)[0]

    def backward(self, params, cache, grad_logits, grad_boxes) -> dict[str, np.ndarray]:
        r"""Gradients of the loss for all six parameters, by the chain rule.

        .. math::
            \frac{\partial L}{\partial W_c} = h^\top g_z, \quad
            \frac{\partial L}{\partial W_b} = h^\top g_t, \quad
            \frac{\partial L}{\partial h} = g_z W_c^\top + g_t W_b^\top, \quad
            \frac{\partial L}{\partial a} = \frac{\partial L}{\partial h} \odot (1 - h^2), \quad
            \frac{\partial L}{\partial W_1} = X^\top \frac{\partial L}{\partial a}

        (biases: the column sums), where :math:`g_z = \partial L / \partial z` and
        :math:`g_t = \partial L / \partial \hat t`. The two heads' errors **add up**
        in :math:`\partial L / \partial h`: that is where the two losses meet.

        Examples
        --------
        >>> net = TwoHeadNet(n_features=1, n_hidden=1, n_classes=2, n_box=1)
        >>> params = {"W1": np.array([[1.0]]), "b1": np.array([0.0]),
        ...           "Wc": np.array([[1.0, -1.0]]), "bc": np.array([0.0, 0.0]),
        ...           "Wb": np.array([[2.0]]), "bb": np.array([0.5])}
        >>> _, cache = net.forward(params, [[0.0]])
        >>> grads = net.backward(params, cache, np.array([[0.5, -0.5]]), np.array([[1.0]]))
        >>> grads["W1"], grads["b1"]   # dL/dh = 0.5 * 1 - 0.5 * (-1) + 1 * 2 = 3
        (array([[0.]]), array([3.]))
        """
        n = cache["X"].shape[0]
        g_z = checks.check_grad_output(grad_logits, (n, self.n_classes))
        g_t = checks.check_grad_output(grad_boxes, (n, self.n_box))
        # both heads' errors side by side: TwoLayerNet's grad_h = [g_z g_t] [Wc Wb]^T
        grads = self._net.backward(self._joined(params), cache, np.hstack([g_z, g_t]))
        (Wc, Wb), (bc, bb) = self._split_columns(grads["W2"]), self._split_columns(grads["b2"])
        return {"W1": grads["W1"], "b1": grads["b1"], "Wc": Wc, "bc": bc, "Wb": Wb, "bb": bb}


def _check_model(model) -> None:
    if not isinstance(model, TwoHeadNet):
        raise ValueError(  # noqa: TRY004 (every bad input of lossfns raises ValueError)
            f"model must be a TwoHeadNet, got {type(model).__name__}")


def detector_loss_and_grad(model: TwoHeadNet, params, X, labels, box_targets, *,
                           lam: float = 1.0, beta: float = 1.0):
    r"""The combined loss of a :class:`TwoHeadNet` and its gradient for every parameter.

    The forward pass gives both heads' outputs, :func:`detection_loss` gives
    :math:`L = L_{\text{cls}} + \lambda L_{\text{box}}` and its gradient with
    respect to them, and ``model.backward`` carries it to the parameters.

    Parameters
    ----------
    model : TwoHeadNet
    params : dict of str to ndarray
    X : array-like, shape ``(n, n_features)``
    labels, box_targets, lam, beta
        As in :func:`detection_loss`.

    Returns
    -------
    (DetectionLoss, dict of str to ndarray)

    Examples
    --------
    >>> net = TwoHeadNet(n_features=2, n_hidden=3, n_classes=3)
    >>> result, grads = detector_loss_and_grad(
    ...     net, net.init_params(), [[1.0, 0.0], [0.0, 1.0]], [0, 2],
    ...     [[0.0, 0.0], [0.3, -0.2]], lam=1.0)
    >>> sorted(grads)
    ['W1', 'Wb', 'Wc', 'b1', 'bb', 'bc']
    >>> result.n_objects, result.grad_boxes[0].tolist()   # row 0 is background: no box
    (1, [0.0, 0.0])
    """
    _check_model(model)
    (logits, boxes), cache = model.forward(params, X)
    result = detection_loss(labels, box_targets, logits, boxes, lam=lam, beta=beta)
    grads = model.backward(params, cache, result.grad_logits, result.grad_boxes)
    return result, grads


# ---------------------------------------------------------------------------
# Training and evaluation
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DetectorHistory:
    """What :func:`train_detector` recorded, one entry per step (the start included).

    Attributes
    ----------
    params : dict of str to ndarray
        The parameters after the last step.
    total, classification, box : ndarray, shape ``(steps + 1,)``
        :math:`L`, :math:`L_{\\text{cls}}` and :math:`L_{\\text{box}}` on the training data.
    lam : float
    """

    params: dict
    total: np.ndarray
    classification: np.ndarray
    box: np.ndarray
    lam: float


def train_detector(model: TwoHeadNet, X, labels, box_targets, *, lam: float,
                   learning_rate: float, steps: int, beta: float = 1.0, momentum: float = 0.9,
                   seed: int = 0, params=None) -> DetectorHistory:
    r"""Gradient descent with momentum on :math:`L = L_{\text{cls}} + \lambda L_{\text{box}}`.

    .. math:: v \leftarrow \mu v - \eta\, \nabla_\theta L, \qquad \theta \leftarrow \theta + v

    full batch, from ``model.init_params(seed)`` unless ``params`` is given
    (``momentum=0`` is plain gradient descent).

    Parameters
    ----------
    model : TwoHeadNet
    X, labels, box_targets
        As in :func:`detector_loss_and_grad`.
    lam : float >= 0
        The weight of the box loss.
    learning_rate : float > 0
    steps : int >= 1
    beta : float > 0, default 1
    momentum : float in [0, 1), default 0.9
    seed : int >= 0, default 0
    params : dict, optional

    Returns
    -------
    DetectorHistory

    Raises
    ------
    ValueError
        For a bad argument, or when the loss becomes NaN or inf (the step is too large).

    Examples
    --------
    >>> net = TwoHeadNet(n_features=2, n_hidden=4, n_classes=2, n_box=1)
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> run = train_detector(net, X, [0, 1, 1], [[0.0], [0.5], [-0.5]], lam=1.0,
    ...                      learning_rate=0.5, steps=200)
    >>> bool(run.total[-1] < run.total[0] / 10)
    True
    """
    learning_rate = check_positive(learning_rate, "learning_rate")
    steps = checks.check_count(steps, "steps")
    momentum = check_in_interval(momentum, "momentum", 0.0, 1.0, closed_low=True,
                                 closed_high=False)
    _check_model(model)
    if params is None:
        params = model.init_params(seed)
    params = {name: value.copy()                 # the caller's params are never modified
              for name, value in checks.check_params(params, model.param_shapes()).items()}
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    totals, parts = [], []
    # the first evaluation checks every argument; later steps reuse the checked data
    result, grads = detector_loss_and_grad(model, params, X, labels, box_targets, lam=lam,
                                           beta=beta)
    X = checks.check_features(X, model.n_features)
    labels = as_class_indices(labels, "labels", model.n_classes)
    box_targets = as_float_array(box_targets, "box_targets")
    lam, beta = check_non_negative(lam, "lam"), check_positive(beta, "beta")
    has_box = (labels != 0).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            if step > 0:
                if not all(np.all(np.isfinite(value)) for value in params.values()):
                    raise ValueError(f"training diverged at step {step}: a parameter became "
                                     f"NaN or inf (learning rate {learning_rate:g}); try a "
                                     f"smaller learning rate")
                (logits, boxes), cache = model.forward(params, X)
                if not (np.all(np.isfinite(logits)) and np.all(np.isfinite(boxes))):
                    raise ValueError(f"training diverged at step {step}: the model's output "
                                     f"became NaN or inf (learning rate {learning_rate:g}); "
                                     f"try a smaller learning rate")
                result = _detection_loss_core(labels, box_targets, logits, boxes, lam, beta,
                                              has_box)
                grads = model.backward(params, cache, result.grad_logits, result.grad_boxes)
            if not np.isfinite(result.value):
                raise ValueError(f"training diverged at step {step}: the loss became "
                                 f"{result.value} (learning rate {learning_rate:g}); try a "
                                 f"smaller learning rate")
            totals.append(result.value)
            parts.append((result.classification, result.box))
            if step == steps:
                break
            for name in params:
                velocity[name] = momentum * velocity[name] - learning_rate * grads[name]
                params[name] = params[name] + velocity[name]
    parts = np.array(parts)
    return DetectorHistory(params=params, total=np.array(totals), classification=parts[:, 0],
                           box=parts[:, 1], lam=float(lam))


@dataclass(frozen=True)
class DetectorScores:
    """How well a detector does on a data set (:func:`evaluate_detector`).

    Attributes
    ----------
    accuracy : float
        Share of examples whose most probable class is the true one.
    classification, box : float
        :math:`L_{\\text{cls}}` (nats) and :math:`L_{\\text{box}}` (offset units), as in
        :func:`detection_loss`.
    offset_error : float
        Mean absolute error of the predicted offsets over the objects' offsets.
    mean_iou : float
        Mean IoU of the predicted and the true box over the objects.
    predicted : ndarray of int, shape ``(n,)``
        The most probable class of every example.
    centres, widths : ndarray, shape ``(n,)``
        The predicted box of every example, in pixels.
    """

    accuracy: float
    classification: float
    box: float
    offset_error: float
    mean_iou: float
    predicted: np.ndarray
    centres: np.ndarray
    widths: np.ndarray


def evaluate_detector(model: TwoHeadNet, params, data, *, beta: float = 1.0) -> DetectorScores:
    r"""Score a :class:`TwoHeadNet` on a detection data set.

    Accuracy and :math:`L_{\text{cls}}` over all examples; :math:`L_{\text{box}}`,
    the mean absolute offset error and the mean IoU (:func:`interval_iou`) over
    the examples that contain an object (the box is judged on the true objects,
    whatever class the model predicted).

    Parameters
    ----------
    model : TwoHeadNet
    params : dict
    data : DetectionData
        From :func:`lossfns.course.datasets.toy_detection` (``X``, ``labels``,
        ``offsets``, ``centres``, ``widths``, ``anchor``).
    beta : float > 0, default 1

    Returns
    -------
    DetectorScores

    Examples
    --------
    >>> from lossfns.course.datasets import toy_detection
    >>> data = toy_detection(40, seed=3)
    >>> net = TwoHeadNet(n_features=24, n_hidden=4, n_classes=3)
    >>> scores = evaluate_detector(net, net.init_params(), data)
    >>> 0 <= scores.accuracy <= 1 and 0 <= scores.mean_iou <= 1
    True
    """
    checks.check_detection_data(data, "data")
    _check_model(model)
    (logits, boxes), _ = model.forward(params, data.X)
    result = detection_loss(data.labels, data.offsets, logits, boxes, beta=beta)
    objects = np.asarray(data.labels) > 0
    centres, widths = offsets_to_boxes(boxes, data.anchor)
    if objects.any():
        offset_error = float(np.mean(np.abs(boxes[objects] - data.offsets[objects])))
        iou = float(np.mean(interval_iou(centres[objects], widths[objects],
                                         data.centres[objects], data.widths[objects])))
    else:
        offset_error = iou = float("nan")
    predicted = np.argmax(logits, axis=1)
    return DetectorScores(accuracy=float(np.mean(predicted == data.labels)),
                          classification=result.classification, box=result.box,
                          offset_error=offset_error, mean_iou=iou, predicted=predicted,
                          centres=centres, widths=widths)
