"""Valid arguments for every registered loss: hypothesis strategies, and seeded points
away from every kink.

Not a test module. ``test_registry_invariants.py`` draws from :data:`INPUTS` for the
properties every loss shares; ``test_regression.py`` and ``test_classification.py`` use
the strategies and the seeded points for their loss-specific and mpmath checks.

A loss's arguments depend on its task (errors for regression, labels and probabilities
or logits for classification), so each registered loss gets one or more
:class:`LossInputs`: how to draw ``(y_true, y_pred, kwargs)`` with hypothesis, how to draw
a second ``y_pred`` that goes with the same ``y_true``, and where its gradient can be
checked by finite differences (seeded points whose losses are smooth nearby).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

REDUCTIONS = ("mean", "sum", "none")


@dataclass(frozen=True)
class LossInputs:
    """How to call one registered loss (at one setting of its fixed hyper-parameters)."""

    name: str                        # the loss's name in lossfns.LOSSES
    problem: Callable                # draw -> (y_true, y_pred, drawn kwargs), in st.composite
    prediction: Callable             # (draw, y_pred, kwargs) -> another y_pred, same shape
    smooth: Callable                 # rng -> iterator of (label, y_true, y_pred, kwargs)
    hyper: Mapping = field(default_factory=dict)   # fixed keyword arguments, in the test id
    convex: bool = True              # the loss is convex in y_pred
    sums_per_sample: bool = True     # "sum" is the weighted sum of the per-sample losses
    floor: float = 0.0               # the lowest value rounding allows
    step: float = 1e-6               # finite-difference step, relative to max(1, |y_pred|)

    @property
    def id(self) -> str:
        return self.name + "".join(f"-{k}={v}" for k, v in self.hyper.items())


@st.composite
def problems(draw, inputs: LossInputs):
    """``(y_true, y_pred, kwargs)`` for ``inputs``, the fixed hyper-parameters included."""
    y_true, y_pred, kwargs = inputs.problem(draw)
    return y_true, y_pred, {**inputs.hyper, **kwargs}


def weights(n: int, low: float = 0.01, high: float = 10.0):
    """Positive sample weights, one per sample."""
    return hnp.arrays(np.float64, (n,), elements=st.floats(low, high))


def optional_weights(n: int):
    """No sample weights, or positive ones."""
    return st.one_of(st.none(), weights(n))


# ---------------------------------------------------------------------------
# regression: y_true and y_pred of shape (n,), (n, 1) or (n, 3)
# ---------------------------------------------------------------------------

values = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)


def _regression_problem(draw):
    n = draw(st.integers(1, 8))
    shape = draw(st.sampled_from([(n,), (n, 1), (n, 3)]))
    y_true = draw(hnp.arrays(np.float64, shape, elements=values))
    return y_true, draw(hnp.arrays(np.float64, shape, elements=values)), {}


@st.composite
def regression_problems(draw):
    """(y_true, y_pred, sample_weight) of shape (n,) or (n, k), weights (n,) or None."""
    y_true, y_pred, _ = _regression_problem(draw)
    return y_true, y_pred, draw(optional_weights(len(y_true)))


def _regression_prediction(draw, y_pred, kwargs):
    return draw(hnp.arrays(np.float64, np.shape(y_pred), elements=values))


def errors_away_from_kinks(rng, shape, kinks, margin=0.05):
    """Errors in +-[0.05, 3] whose size is at least ``margin`` from every kink."""
    kinks = np.array(sorted(kinks) or [np.inf])
    errors = rng.uniform(0.05, 3.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    for _ in range(100):
        near = np.min(np.abs(np.abs(errors)[..., None] - kinks), axis=-1) < margin
        if not near.any():
            return errors
        errors[near] = rng.uniform(0.05, 3.0, size=int(near.sum()))
    raise AssertionError("could not sample errors away from the kinks")


def _regression_smooth(kinks=()):
    def smooth(rng) -> Iterator:
        for shape in [(5,), (4, 3)]:
            y_true = rng.normal(0.0, 3.0, size=shape)
            yield f"shape {shape}", y_true, y_true + errors_away_from_kinks(rng, shape, kinks), {}
    return smooth


def _regression(name, hyper=None, kinks=(), **flags):
    return LossInputs(name, _regression_problem, _regression_prediction,
                      _regression_smooth(kinks), hyper=hyper or {}, **flags)


REGRESSION = [
    _regression("mse"),
    _regression("rmse", sums_per_sample=False),   # the root of a sum, not a sum
    _regression("mae"),
    _regression("log_cosh"),
    _regression("huber", {"delta": 1.0}, kinks=(1.0,)),
    _regression("huber", {"delta": 0.1}, kinks=(0.1,)),
    _regression("smooth_l1", {"beta": 1.0}, kinks=(1.0,)),
    _regression("smooth_l1", {"beta": 5.0}, kinks=(5.0,)),
    _regression("quantile_loss", {"q": 0.5}),
    _regression("quantile_loss", {"q": 0.15}),
]


# ---------------------------------------------------------------------------
# classification: labels, probability rows, logits
# ---------------------------------------------------------------------------

logits = st.floats(-1e3, 1e3, allow_nan=False)
probability = st.floats(1e-300, 1.0 - 2.0**-53)
unit = st.floats(0.0, 1.0)
#: a cost matrix with a zero diagonal, for up to 4 classes (take its top-left k x k block)
COSTS = np.array([[0.0, 1.0, 4.0, 2.0], [2.0, 0.0, 1.0, 3.0], [3.0, 0.5, 0.0, 1.0],
                  [1.0, 1.0, 1.0, 0.0]])


@st.composite
def probability_rows(draw, n, k):
    """(n, k) rows of probabilities, each summing to 1, none below about 1e-3 / k."""
    raw = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(1e-3, 1.0)))
    return raw / raw.sum(axis=1, keepdims=True)


@st.composite
def class_targets(draw, n, k, rows_allowed=True):
    """n class indices in [0, k), or (when allowed) n rows of target probabilities."""
    if rows_allowed and draw(st.booleans()):
        return draw(probability_rows(n, k))
    return draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))


def _n(draw):
    return draw(st.integers(1, 6))


def _k(draw):
    return draw(st.integers(2, 4))


def _binary_targets(draw, n):
    return draw(hnp.arrays(np.float64, (n,),
                           elements=st.one_of(st.sampled_from([0.0, 1.0]), unit)))


def _same_shape(elements):
    def prediction(draw, y_pred, kwargs):
        return draw(hnp.arrays(np.float64, np.shape(y_pred), elements=elements))
    return prediction


def _rows_like(draw, y_pred, kwargs):
    return draw(probability_rows(*np.shape(y_pred)))


def _binary_probabilities(draw):
    n = _n(draw)
    return _binary_targets(draw, n), draw(hnp.arrays(np.float64, (n,), elements=probability)), {}


def _binary_logits(draw):
    n = _n(draw)
    return _binary_targets(draw, n), draw(hnp.arrays(np.float64, (n,), elements=logits)), {}


def _binary_hinge(draw):
    n = _n(draw)
    y = draw(hnp.arrays(np.float64, (n,), elements=st.sampled_from([-1.0, 1.0])))
    return y, draw(hnp.arrays(np.float64, (n,), elements=logits)), {}


def _cross_entropy(draw):
    n, k = _n(draw), _k(draw)
    kwargs = {"label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5]))}
    return (draw(class_targets(n, k)), draw(hnp.arrays(np.float64, (n, k), elements=logits)),
            kwargs)


def _focal(draw):
    n, k = _n(draw), _k(draw)
    return (draw(class_targets(n, k)), draw(hnp.arrays(np.float64, (n, k), elements=logits)),
            {"gamma": draw(st.floats(0.0, 5.0))})


def _categorical(draw):
    n, k = _n(draw), _k(draw)
    return draw(class_targets(n, k)), draw(probability_rows(n, k)), {}


def _multiclass_hinge(draw):
    n, k = _n(draw), _k(draw)
    return (draw(class_targets(n, k, rows_allowed=False)),
            draw(hnp.arrays(np.float64, (n, k), elements=logits)),
            {"variant": draw(st.sampled_from(["crammer_singer", "weston_watkins"]))})


def _expected_cost(draw):
    n, k = _n(draw), _k(draw)
    return draw(class_targets(n, k)), draw(probability_rows(n, k)), {"cost_matrix": COSTS[:k, :k]}


def _kl(draw):
    n, k = _n(draw), _k(draw)
    return draw(probability_rows(n, k)), draw(probability_rows(n, k)), {}


# --- seeded points away from every kink: rng -> (y_true, y_pred, kwargs) -----------------

#: the cost matrix and class weights of the seeded three-class points
POINT_COSTS = np.array([[0.0, 1.0, 4.0], [2.0, 0.0, 1.0], [3.0, 0.5, 0.0]])
CLASS_WEIGHT = [0.5, 2.0, 1.0]


def probability_rows_at(rng, n, k):
    """Seeded (n, k) probability rows, every entry at least 0.15 / k."""
    return rng.dirichlet(np.ones(k), size=n) * 0.85 + 0.15 / k


def labels_or_rows_at(rng, n, k, rows):
    """Seeded targets: probability rows if ``rows``, else n class indices in [0, k)."""
    return probability_rows_at(rng, n, k) if rows else rng.integers(0, k, size=n)


def hinge_scores_at(rng, y, shape):
    """Seeded scores whose margins y * s are at least 1e-3 from the hinge's kink at 1."""
    while True:
        s = rng.normal(scale=1.5, size=shape)
        if np.all(np.abs(1 - y * s) > 1e-3):
            return s


def multiclass_scores_at(rng, y, n, k):
    """Seeded scores with no rival's margin, and no tie of the two largest, within 1e-3."""
    while True:
        s = rng.normal(scale=1.5, size=(n, k))
        rivals = 1 + s - s[np.arange(n), y][:, None]
        rivals[np.arange(n), y] = -10
        ordered = np.sort(rivals, axis=1)
        if np.all(np.abs(rivals) > 1e-3) and np.all(ordered[:, -1] - ordered[:, -2] > 1e-3):
            return s


def cross_entropy_point(rows, smoothing=0.0, class_weight=None):
    def make(rng):
        y = labels_or_rows_at(rng, 4, 3, rows)
        kwargs = {"label_smoothing": smoothing, "class_weight": class_weight}
        return y, rng.normal(scale=2.0, size=(4, 3)), kwargs
    return make


def focal_point(rows, gamma):
    def make(rng):
        return (labels_or_rows_at(rng, 4, 3, rows), rng.normal(scale=2.0, size=(4, 3)),
                {"gamma": gamma})
    return make


def multiclass_hinge_point(variant):
    def make(rng):
        y = rng.integers(0, 3, size=4)
        return y, multiclass_scores_at(rng, y, 4, 3), {"variant": variant}
    return make


def bce_point(rng):
    y = np.where(rng.uniform(size=(4, 2)) < 0.5, rng.integers(0, 2, size=(4, 2)),
                 rng.uniform(size=(4, 2)))
    return y, rng.uniform(0.05, 0.95, size=(4, 2)), {}


def bce_logits_point(rng):
    return rng.uniform(size=4), rng.normal(scale=3.0, size=4), {}


def binary_hinge_point(rng):
    y = rng.choice([-1.0, 1.0], size=5)
    return y, hinge_scores_at(rng, y, 5), {}


def categorical_point(rng):
    return (labels_or_rows_at(rng, 4, 3, rng.uniform() < 0.5), probability_rows_at(rng, 4, 3),
            {})


def expected_cost_point(rng):
    return (labels_or_rows_at(rng, 4, 3, rng.uniform() < 0.5), probability_rows_at(rng, 4, 3),
            {"cost_matrix": POINT_COSTS})


def kl_point(rng):
    return probability_rows_at(rng, 4, 3), probability_rows_at(rng, 4, 3), {}


def _points(*labelled, draws=3):
    """rng -> ``draws`` seeded points of each ``(label, make)``."""
    def smooth(rng) -> Iterator:
        for label, make in labelled:
            for _ in range(draws):
                yield (label, *make(rng))
    return smooth


CLASSIFICATION = [
    LossInputs("binary_cross_entropy", _binary_probabilities, _same_shape(probability),
               _points(("probabilities", bce_point))),
    LossInputs("binary_cross_entropy_with_logits", _binary_logits, _same_shape(logits),
               _points(("logits", bce_logits_point))),
    LossInputs("hinge", _binary_hinge, _same_shape(logits),
               _points(("scores", binary_hinge_point))),
    LossInputs("cross_entropy", _cross_entropy, _same_shape(logits),
               _points(("indices", cross_entropy_point(False)),
                       ("rows", cross_entropy_point(True)),
                       ("smoothing, class_weight", cross_entropy_point(False, 0.15, CLASS_WEIGHT)),
                       ("rows, class_weight", cross_entropy_point(True, 0.0, CLASS_WEIGHT)))),
    LossInputs("focal_loss", _focal, _same_shape(logits),
               _points(("indices, gamma 2", focal_point(False, 2.0)),
                       ("rows, gamma 0.5", focal_point(True, 0.5))),
               convex=False),
    LossInputs("categorical_cross_entropy", _categorical, _rows_like,
               _points(("probability rows", categorical_point)), step=1e-7),
    LossInputs("multiclass_hinge", _multiclass_hinge, _same_shape(logits),
               _points(("crammer_singer", multiclass_hinge_point("crammer_singer")),
                       ("weston_watkins", multiclass_hinge_point("weston_watkins")))),
    LossInputs("expected_cost", _expected_cost, _rows_like,
               _points(("probability rows", expected_cost_point)), step=1e-7),
    # KL of rows whose sums differ in the last bit can be -1e-17: the true value
    LossInputs("kl_divergence", _kl, _rows_like, _points(("probability rows", kl_point)),
               floor=-1e-15, step=1e-7),
]

#: every LossInputs, regression first
INPUTS = REGRESSION + CLASSIFICATION
