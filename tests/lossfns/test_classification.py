"""lossfns.classification: hand values, scikit-learn oracles, known library failures,
invariances, one test per bad-input rule, and accuracy against oracles nobody here derived.

The accuracy part checks every case of ``tests.oracles.classification.accuracy_cases()``
(50-digit mpmath on a grid of extremes) within 1e-13 relative, and every loss and
``_grad`` against mpmath on seeded random inputs and all three reductions. The properties
every registered loss shares (non-negative, reductions, sample weights, order, convexity,
gradients against finite differences) are in test_registry_invariants.py.
"""

from __future__ import annotations

import math
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import hinge_loss, log_loss

from lossfns import LOSSES
from lossfns import classification as C
from lossfns.activations import log_sigmoid, sigmoid
from lossfns.classification import (
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
from tests.lossfns import loss_inputs as inputs
from tests.lossfns.loss_inputs import REDUCTIONS
from tests.oracles import classification as oracle
from tests.oracles import relative_error

RNG_SEED = 20240611


# ---------------------------------------------------------------------------
# the article's numbers
# ---------------------------------------------------------------------------

def test_cat_at_30_percent_costs_minus_ln_0_3():
    assert binary_cross_entropy(1, 0.3) == pytest.approx(-math.log(0.3), rel=1e-15)
    assert round(float(binary_cross_entropy(1, 0.3)), 4) == 1.2040


def test_cat_80_dog_15_tiger_5_costs_minus_ln_0_8_nats():
    loss = categorical_cross_entropy(0, [0.8, 0.15, 0.05])
    assert loss == pytest.approx(-math.log(0.8), rel=1e-15)
    assert round(float(loss), 4) == 0.2231
    assert loss / math.log(2) == pytest.approx(0.3219, abs=1e-4)  # in bits


def test_cross_entropy_ignores_which_wrong_class_took_the_rest_but_expected_cost_does_not():
    dog_mistake = [0.8, 0.15, 0.05]
    tiger_mistake = [0.8, 0.05, 0.15]
    assert categorical_cross_entropy(0, dog_mistake) == categorical_cross_entropy(0, tiger_mistake)
    costs = [[0, 1, 10], [1, 0, 10], [10, 10, 0]]
    cheap = expected_cost(0, dog_mistake, cost_matrix=costs)
    dear = expected_cost(0, tiger_mistake, cost_matrix=costs)
    assert cheap == pytest.approx(0.15 * 1 + 0.05 * 10, rel=1e-15)
    assert dear == pytest.approx(0.05 * 1 + 0.15 * 10, rel=1e-15)
    assert cheap < dear


def test_hinge_inside_the_margin_is_not_zero():
    # 1 - 0.8 in binary floating point is 0.19999999999999996 (0.8 is not representable),
    # so "== 0.2" is checked to the last bits, and the article's "0" is wrong
    assert hinge(1, 0.8) == pytest.approx(0.2, rel=1e-15)
    assert hinge(1, 0.8) == 1.0 - 0.8
    assert hinge(1, 0.5) == 0.5
    assert hinge(1, 1.2) == 0.0
    assert hinge(-1, -0.8) == pytest.approx(0.2, rel=1e-15)


def test_hinge_subgradient_is_zero_exactly_on_the_margin_and_minus_y_inside():
    assert hinge_grad(1, 1.0) == 0.0
    assert hinge_grad(-1, -1.0) == 0.0
    assert hinge_grad(1, 0.999) == -1.0
    assert hinge_grad(-1, 0.0) == 1.0
    assert hinge_grad(1, 1.001) == 0.0


# ---------------------------------------------------------------------------
# scikit-learn oracles
# ---------------------------------------------------------------------------

def test_binary_cross_entropy_matches_sklearn_log_loss_away_from_its_clipping():
    rng = np.random.default_rng(RNG_SEED)
    y = rng.integers(0, 2, size=200).astype(float)
    p = rng.uniform(1e-6, 1 - 1e-6, size=200)   # sklearn clips at 2.2e-16: stay clear of it
    w = rng.uniform(0.0, 3.0, size=200)
    assert binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)
    assert binary_cross_entropy(y, p, sample_weight=w) == pytest.approx(
        log_loss(y, p, sample_weight=w), rel=1e-12)


def test_categorical_and_logit_cross_entropy_match_sklearn_multiclass_log_loss():
    rng = np.random.default_rng(RNG_SEED + 1)
    logits = rng.normal(scale=3.0, size=(100, 4))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = rng.integers(0, 4, size=100)
    w = rng.uniform(0.0, 2.0, size=100)
    expected = log_loss(y, probs, labels=[0, 1, 2, 3], sample_weight=w)
    assert categorical_cross_entropy(y, probs, sample_weight=w) == pytest.approx(expected,
                                                                                 rel=1e-12)
    assert cross_entropy(y, logits, sample_weight=w) == pytest.approx(expected, rel=1e-12)


def test_binary_hinge_matches_sklearn_hinge_loss():
    rng = np.random.default_rng(RNG_SEED + 2)
    y = rng.choice([-1.0, 1.0], size=150)
    scores = rng.normal(scale=2.0, size=150)
    w = rng.uniform(0.0, 2.0, size=150)
    assert hinge(y, scores) == pytest.approx(hinge_loss(y, scores), rel=1e-14)
    assert hinge(y, scores, sample_weight=w) == pytest.approx(
        hinge_loss(y, scores, sample_weight=w), rel=1e-14)


def test_crammer_singer_multiclass_hinge_matches_sklearn_multiclass_hinge_loss():
    # sklearn: margin = s_y - max_{j != y} s_j, loss = max(0, 1 - margin): Crammer-Singer.
    rng = np.random.default_rng(RNG_SEED + 3)
    scores = rng.normal(scale=1.5, size=(120, 4))
    y = rng.integers(0, 4, size=120)
    w = rng.uniform(0.0, 2.0, size=120)
    expected = hinge_loss(y, scores, labels=[0, 1, 2, 3], sample_weight=w)
    assert multiclass_hinge(y, scores, sample_weight=w) == pytest.approx(expected, rel=1e-13)
    # Weston-Watkins sums every violated margin, so it is at least as large
    assert multiclass_hinge(y, scores, variant="weston_watkins", sample_weight=w) >= expected


# ---------------------------------------------------------------------------
# regression tests for failures of big libraries (each emulated, then ours checked)
# ---------------------------------------------------------------------------

def test_bce_is_not_clamped_like_pytorch_log_at_minus_100():
    pytorch_style = -max(math.log(1e-300), -100.0)            # torch clamps log(p) at -100
    assert pytorch_style == 100.0
    assert binary_cross_entropy(1, 1e-300) == pytest.approx(690.7755278982137, rel=1e-15)
    assert binary_cross_entropy(0, 1 - 2**-53) == pytest.approx(53 * math.log(2), rel=1e-15)


def test_bce_with_logits_is_accurate_at_label_0_logit_minus_36_where_pytorch_is_not():
    z, y = -36.0, 0.0
    truth = 2.3195228302435691e-16                            # log1p(e^-36), 50-digit mpmath
    current_pytorch = (1 - y) * z - log_sigmoid(z)            # (1 - y) z - log sigma(z)
    older_pytorch = (1 - y) * z + 36.0 + math.log(math.exp(-36.0) + math.exp(0.0))
    assert current_pytorch == 0.0
    assert abs(older_pytorch - truth) / truth > 0.04
    assert binary_cross_entropy_with_logits(y, z) == pytest.approx(truth, rel=1e-15)


def test_bce_with_logits_is_not_capped_like_keras_epsilon_clip():
    keras_style = -math.log(np.clip(sigmoid(-40.0), 1e-7, 1 - 1e-7))   # Keras clips p at 1e-7
    assert keras_style == pytest.approx(16.118, abs=1e-3)
    truth = 40.0 + math.log1p(math.exp(-40.0))
    assert binary_cross_entropy_with_logits(1, -40.0) == pytest.approx(truth, rel=1e-15)
    # from probabilities it is exact too, as long as p itself is representable
    assert binary_cross_entropy(1, sigmoid(-40.0)) == pytest.approx(truth, rel=1e-15)


def test_three_equal_logits_of_1e8_cost_ln_3_where_optax_style_gives_0():
    logits = np.array([1e8, 1e8, 1e8])
    optax_float32 = np.float32(np.log(np.exp(np.float32(0)) * 3) + np.float32(1e8)) \
        - np.float32(1e8)                                      # logsumexp(z) - z_y in float32
    assert optax_float32 == 0.0
    assert cross_entropy(0, logits) == pytest.approx(math.log(3.0), rel=1e-15)
    np.testing.assert_allclose(cross_entropy_grad(0, logits), [-2 / 3, 1 / 3, 1 / 3],
                               rtol=1e-15)


def test_label_minus_1_raises_where_optax_style_indexing_wraps_to_the_last_class():
    logits = np.array([[3.0, 0.0, -2.0]])
    wrapped = -np.take_along_axis(logits - np.log(np.exp(logits).sum()), np.array([[-1]]),
                                  axis=1)
    assert wrapped.item() > 0                                  # numpy silently used class 2
    for function in (cross_entropy, focal_loss, categorical_cross_entropy, multiclass_hinge):
        y_pred = np.array([[0.2, 0.3, 0.5]]) if function is categorical_cross_entropy else logits
        with pytest.raises(ValueError, match=r"y_true must contain class indices in \[0, 2\]"):
            function([-1], y_pred)


def test_margin_satisfied_gives_zero_multiclass_hinge_where_keras_categorical_hinge_gives_4():
    scores = np.array([-5.0, -3.0, -4.0])
    one_hot = np.array([0.0, 1.0, 0.0])
    keras_style = max(0.0, np.max((1 - one_hot) * scores) - np.sum(one_hot * scores) + 1)
    assert keras_style == 4.0
    assert multiclass_hinge(1, scores) == 0.0
    assert multiclass_hinge(1, scores, variant="weston_watkins") == 0.0
    # and where the variants differ: 1 + 0.2 - 0.5 = 0.7 (worst rival) vs 0.5 + 0.7 = 1.2 (all)
    assert multiclass_hinge(1, [0.0, 0.5, 0.2]) == pytest.approx(0.7, rel=1e-15)
    assert multiclass_hinge(1, [0.0, 0.5, 0.2], variant="weston_watkins") == pytest.approx(
        1.2, rel=1e-15)


def test_weighted_mean_is_none_sum_over_total_weight_not_pytorch_none_mean():
    logits = np.array([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0], [-1.0, 0.5, 3.0], [1.0, 1.0, 1.0]])
    y = np.array([0, 1, 2, 2])
    class_weight = np.array([1.0, 5.0, 0.2])
    none = cross_entropy(y, logits, class_weight=class_weight, reduction="none")
    mean = cross_entropy(y, logits, class_weight=class_weight)
    total_weight = class_weight[y].sum()
    assert mean == pytest.approx(none.sum() / total_weight, rel=1e-15)
    assert abs(mean - none.mean()) > 0.1          # what reduction="none" then .mean() gives
    unweighted = cross_entropy(y, logits, reduction="none")
    np.testing.assert_allclose(none, class_weight[y] * unweighted, rtol=1e-15)


# ---------------------------------------------------------------------------
# exact ends, infinities, and no warnings
# ---------------------------------------------------------------------------

def test_bce_probability_zero_on_the_true_side_is_inf_not_nan_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert binary_cross_entropy(1, 0.0) == np.inf
        assert binary_cross_entropy(0, 1.0) == np.inf
        assert binary_cross_entropy(0.3, 0.0) == np.inf
        assert binary_cross_entropy([0.0, 1.0], [0.0, 1.0], reduction="none").tolist() == [0, 0]
        np.testing.assert_array_equal(
            binary_cross_entropy_grad([1.0, 0.0, 0.0, 1.0, 0.5], [0.0, 1.0, 0.0, 1.0, 1.0],
                                      reduction="none"),
            [-np.inf, np.inf, 1.0, -1.0, np.inf])


def test_categorical_and_kl_with_zero_probability_on_a_true_class_are_inf_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert categorical_cross_entropy(0, [0.0, 1.0]) == np.inf
        assert categorical_cross_entropy(1, [0.0, 1.0]) == 0.0
        assert kl_divergence([0.5, 0.5], [0.0, 1.0]) == np.inf
        assert kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
        np.testing.assert_array_equal(categorical_cross_entropy_grad(0, [0.0, 1.0]),
                                      [-np.inf, 0.0])
        np.testing.assert_array_equal(kl_divergence_grad([0.5, 0.5], [0.0, 1.0]),
                                      [-np.inf, -0.5])


def test_huge_logits_give_finite_losses_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for z in (1e4, -1e4, 1e300, -1e300):
            assert np.isfinite(binary_cross_entropy_with_logits([0.0, 1.0, 0.5], [z] * 3,
                                                                reduction="none")).all()
            assert np.isfinite(binary_cross_entropy_with_logits_grad([0.0, 1.0, 0.5], [z] * 3,
                                                                     reduction="none")).all()
        assert cross_entropy(0, [1e4, -1e4, 0.0]) == 0.0
        assert cross_entropy(1, [1e4, -1e4, 0.0]) == 2e4
        assert focal_loss(1, [1e4, -1e4, 0.0]) == 2e4
        assert np.isfinite(focal_loss_grad(1, [1e4, -1e4, 0.0], gamma=0.5)).all()
        assert multiclass_hinge(0, [1e308, -1e308, 0.0]) == 0.0
        assert multiclass_hinge(1, [1e308, -1e308, 0.0]) == np.inf   # the true 2e308 overflows


def test_confident_right_answer_has_a_tiny_nonzero_gradient():
    # p_0 = 1 - 2e^-40 rounds to 1, but the gradient must not round to 0
    grad = cross_entropy_grad(0, [40.0, 0.0, 0.0])
    assert grad[0] == pytest.approx(-2 * math.exp(-40.0), rel=1e-14)
    assert binary_cross_entropy_with_logits_grad(1, 40.0) == pytest.approx(-math.exp(-40.0),
                                                                           rel=1e-14)


def test_multiclass_hinge_margin_of_1e_10_is_correctly_rounded():
    scores = [0.0, 0.9999999999, -0.5]
    exact = 1.0 - 0.9999999999          # exact in binary (Sterbenz): 1 + s_0 - s_1
    assert multiclass_hinge(1, scores) == exact


def test_focal_gradient_with_gamma_below_one_at_probability_one_is_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = focal_loss_grad(0, [800.0, 0.0, 0.0], gamma=0.5)
    assert np.all(np.isfinite(grad))
    assert focal_loss(0, [800.0, 0.0, 0.0], gamma=0.5) == 0.0


# ---------------------------------------------------------------------------
# invariances and equalities between losses
# ---------------------------------------------------------------------------

QUARTER_LOGITS = np.array([[2.0, -0.25, 1.5], [0.0, 0.0, 0.0], [-3.75, 4.0, 0.5],
                           [10.0, -10.0, 0.25]])
LABELS = np.array([0, 2, 1, 1])


@pytest.mark.parametrize("shift", [1e8, -1e8, 1.0, -37.5])
def test_adding_a_constant_to_all_logits_changes_nothing(shift):
    shifted = QUARTER_LOGITS + shift                   # exact: quarter steps, |z| < 2^26
    np.testing.assert_array_equal(shifted - shift, QUARTER_LOGITS)
    for loss, grad in ((cross_entropy, cross_entropy_grad), (focal_loss, focal_loss_grad)):
        np.testing.assert_allclose(loss(LABELS, shifted, reduction="none"),
                                   loss(LABELS, QUARTER_LOGITS, reduction="none"), rtol=1e-14)
        np.testing.assert_allclose(grad(LABELS, shifted), grad(LABELS, QUARTER_LOGITS),
                                   rtol=1e-14, atol=1e-300)
    for variant in ("crammer_singer", "weston_watkins"):
        np.testing.assert_allclose(
            multiclass_hinge(LABELS, shifted, variant=variant, reduction="none"),
            multiclass_hinge(LABELS, QUARTER_LOGITS, variant=variant, reduction="none"),
            rtol=1e-14)


def test_two_class_cross_entropy_equals_bce_with_logits_of_the_difference():
    rng = np.random.default_rng(RNG_SEED + 4)
    logits = np.round(rng.normal(scale=20.0, size=(50, 2)) * 8) / 8     # differences exact
    y = rng.integers(0, 2, size=50)
    soft = rng.uniform(size=50)
    difference = logits[:, 1] - logits[:, 0]
    np.testing.assert_allclose(cross_entropy(y, logits, reduction="none"),
                               binary_cross_entropy_with_logits(y, difference, reduction="none"),
                               rtol=1e-14)
    rows = np.stack([1 - soft, soft], axis=1)
    np.testing.assert_allclose(cross_entropy(rows, logits, reduction="none"),
                               binary_cross_entropy_with_logits(soft, difference,
                                                                reduction="none"),
                               rtol=1e-13)
    grad_ce = cross_entropy_grad(y, logits, reduction="none")
    grad_bce = binary_cross_entropy_with_logits_grad(y, difference, reduction="none")
    np.testing.assert_allclose(grad_ce[:, 1], grad_bce, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(grad_ce[:, 0], -grad_bce, rtol=1e-14, atol=1e-300)


def test_zero_label_smoothing_equals_plain_cross_entropy_exactly():
    for y in (LABELS, np.eye(3)[LABELS] * 0.5 + 0.5 / 3):
        assert cross_entropy(y, QUARTER_LOGITS, label_smoothing=0.0) == cross_entropy(
            y, QUARTER_LOGITS)
        np.testing.assert_array_equal(
            cross_entropy_grad(y, QUARTER_LOGITS, label_smoothing=0.0),
            cross_entropy_grad(y, QUARTER_LOGITS))


def test_label_smoothing_is_cross_entropy_against_the_smoothed_rows():
    eps, k = 0.1, 3
    rows = (1 - eps) * np.eye(k)[LABELS] + eps / k
    np.testing.assert_allclose(
        cross_entropy(LABELS, QUARTER_LOGITS, label_smoothing=eps, reduction="none"),
        cross_entropy(rows, QUARTER_LOGITS, reduction="none"), rtol=1e-15)
    np.testing.assert_allclose(
        cross_entropy_grad(LABELS, QUARTER_LOGITS, label_smoothing=eps),
        cross_entropy_grad(rows, QUARTER_LOGITS), rtol=1e-15)


def test_focal_loss_with_gamma_0_equals_cross_entropy():
    rng = np.random.default_rng(RNG_SEED + 5)
    logits = rng.normal(scale=10.0, size=(40, 5))
    y = rng.integers(0, 5, size=40)
    rows = rng.dirichlet(np.ones(5), size=40)
    w = rng.uniform(0.0, 2.0, size=40)
    for target in (y, rows):
        for reduction in ("mean", "sum", "none"):
            kw = {"reduction": reduction, "sample_weight": w}
            np.testing.assert_allclose(focal_loss(target, logits, gamma=0.0, **kw),
                                       cross_entropy(target, logits, **kw), rtol=1e-14)
            np.testing.assert_allclose(focal_loss_grad(target, logits, gamma=0.0, **kw),
                                       cross_entropy_grad(target, logits, **kw),
                                       rtol=1e-13, atol=1e-300)


def test_focal_loss_is_below_cross_entropy_and_shrinks_with_gamma():
    logits = QUARTER_LOGITS
    ce = cross_entropy(LABELS, logits, reduction="none")
    previous = ce
    for gamma in (0.5, 1.0, 2.0, 5.0):
        current = focal_loss(LABELS, logits, gamma=gamma, reduction="none")
        assert np.all(current <= previous)
        previous = current


def test_one_hot_rows_equal_class_indices_for_every_target_accepting_loss():
    rows = np.eye(3)[LABELS]
    probs = np.exp(QUARTER_LOGITS) / np.exp(QUARTER_LOGITS).sum(axis=1, keepdims=True)
    costs = np.array([[0.0, 1.0, 4.0], [2.0, 0.0, 1.0], [3.0, 1.0, 0.0]])
    pairs = [
        (cross_entropy, cross_entropy_grad, QUARTER_LOGITS, {"class_weight": [1.0, 3.0, 0.5]}),
        (cross_entropy, cross_entropy_grad, QUARTER_LOGITS, {"label_smoothing": 0.2}),
        (focal_loss, focal_loss_grad, QUARTER_LOGITS, {"gamma": 1.5}),
        (categorical_cross_entropy, categorical_cross_entropy_grad, probs, {}),
        (expected_cost, expected_cost_grad, probs, {"cost_matrix": costs}),
        (kl_divergence, kl_divergence_grad, probs, {}),
    ]
    for loss, grad, y_pred, kw in pairs:
        np.testing.assert_allclose(loss(rows, y_pred, reduction="none", **kw),
                                   loss(LABELS, y_pred, reduction="none", **kw), rtol=1e-15)
        np.testing.assert_allclose(grad(rows, y_pred, **kw), grad(LABELS, y_pred, **kw),
                                   rtol=1e-15)


def _layouts(array):
    """The same values as a C-contiguous array, a Fortran-ordered copy and a strided view."""
    padded = np.zeros((array.shape[0], array.shape[1] + 2))
    padded[:, 1:-1] = array
    return [array, np.asfortranarray(array), padded[:, 1:-1]]


def _extreme_logits(n, seed):
    """n rows of 3 logits at random scales, some offset by 1e8, with ties and extreme rows."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 3)) * 10.0 ** rng.integers(-3, 4, size=(n, 1))
    z[rng.uniform(size=n) < 0.1] += 1e8
    ties = rng.uniform(size=n) < 0.1
    z[ties, :2] = z[ties, :1]
    z[:6] = [[1e8 + 1.0, 1e8, 1e8 - 1.0], [-1e4, 0.0, 1e4], [700.0, 0.0, -700.0],
             [-1e308, 1e308, 0.0], [1.7e308, 1.7e308, -1.7e308], [-0.0, 0.0, -5e-324]]
    return z


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_of_class_indices_equals_one_hot_rows_exactly(reduction):
    # class indices take -log p at the true class; rows take -sum t log p: the same bits
    z = _extreme_logits(2000, seed=11)
    rng = np.random.default_rng(12)
    labels = rng.integers(0, 3, size=z.shape[0])
    rows = np.eye(3)[labels]
    kw = {"reduction": reduction, "sample_weight": rng.uniform(0.0, 2.0, size=z.shape[0])}
    loss_rows = cross_entropy(rows, z, **kw)
    grad_rows = cross_entropy_grad(rows, z, **kw)
    for logits in _layouts(z):
        np.testing.assert_array_equal(cross_entropy(labels, logits, **kw), loss_rows)
        np.testing.assert_array_equal(cross_entropy_grad(labels, logits, **kw), grad_rows)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_categorical_cross_entropy_of_class_indices_equals_one_hot_rows_exactly(reduction):
    rng = np.random.default_rng(21)
    n = 5000
    q = rng.dirichlet(np.ones(3), size=n)
    q[:4] = [[1e-300, 0.5, 0.5], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]]
    labels = rng.integers(0, 3, size=n)
    labels[:4] = [0, 0, 0, 2]                       # 690.8, inf, 0, inf
    rows = np.eye(3)[labels]
    kw = {"reduction": reduction, "sample_weight": rng.uniform(0.5, 2.0, size=n)}
    loss_rows = categorical_cross_entropy(rows, q, **kw)
    grad_rows = categorical_cross_entropy_grad(rows, q, **kw)
    for probs in _layouts(q):
        np.testing.assert_array_equal(categorical_cross_entropy(labels, probs, **kw),
                                      loss_rows)
        np.testing.assert_array_equal(categorical_cross_entropy_grad(labels, probs, **kw),
                                      grad_rows)


def test_cross_entropy_of_a_confident_right_class_index_keeps_its_tiny_gradient():
    grad = cross_entropy_grad([0], [[40.0, 0.0, 0.0]], reduction="none")
    tiny = np.exp(-40.0)
    np.testing.assert_allclose(grad, [[-2 * tiny, tiny, tiny]], rtol=1e-15)
    assert str(cross_entropy(0, [1e4, 0.0, 0.0], reduction="none")) == "0.0"


def test_class_weight_of_ones_equals_no_class_weight():
    rows = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [1 / 3, 1 / 3, 1 / 3], [0, 0.5, 0.5]])
    for target in (LABELS, rows):
        for eps in (0.0, 0.3):
            for reduction in ("mean", "sum", "none"):
                kw = {"label_smoothing": eps, "reduction": reduction}
                np.testing.assert_allclose(
                    cross_entropy(target, QUARTER_LOGITS, class_weight=np.ones(3), **kw),
                    cross_entropy(target, QUARTER_LOGITS, **kw), rtol=1e-15)
                np.testing.assert_allclose(
                    cross_entropy_grad(target, QUARTER_LOGITS, class_weight=np.ones(3), **kw),
                    cross_entropy_grad(target, QUARTER_LOGITS, **kw), rtol=1e-15)


def test_class_weights_on_probability_rows_weigh_inside_the_sum():
    rows = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
    logits = QUARTER_LOGITS[:2]
    w = np.array([2.0, 1.0, 4.0])
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    inside = -(w * rows * log_p).sum(axis=1)              # PyTorch's per-sample values
    omega = (w * rows).sum(axis=1)                        # each row's average class weight
    none = cross_entropy(rows, logits, class_weight=w, reduction="none")
    np.testing.assert_allclose(none, inside, rtol=1e-14)
    assert cross_entropy(rows, logits, class_weight=w) == pytest.approx(
        inside.sum() / omega.sum(), rel=1e-14)


def test_class_weights_for_indices_match_pytorch_definition():
    w = np.array([0.5, 2.0, 1.0])
    log_p = QUARTER_LOGITS - np.log(np.exp(QUARTER_LOGITS).sum(axis=1, keepdims=True))
    picked = -log_p[np.arange(4), LABELS]
    expected = (w[LABELS] * picked).sum() / w[LABELS].sum()
    assert cross_entropy(LABELS, QUARTER_LOGITS, class_weight=w) == pytest.approx(expected,
                                                                                  rel=1e-14)
    sample_weight = np.array([1.0, 0.0, 2.0, 0.5])
    combined = sample_weight * w[LABELS]
    assert cross_entropy(LABELS, QUARTER_LOGITS, class_weight=w,
                         sample_weight=sample_weight) == pytest.approx(
        (combined * picked).sum() / combined.sum(), rel=1e-14)


def test_single_sample_forms_agree_with_a_batch_of_one():
    z = np.array([0.5, -1.0, 2.0])
    probs = np.array([0.2, 0.3, 0.5])
    for loss, grad, y_pred, kw in (
            (cross_entropy, cross_entropy_grad, z, {}),
            (focal_loss, focal_loss_grad, z, {}),
            (multiclass_hinge, multiclass_hinge_grad, z, {}),
            (categorical_cross_entropy, categorical_cross_entropy_grad, probs, {}),
            (kl_divergence, kl_divergence_grad, probs, {}),
            (expected_cost, expected_cost_grad, probs, {"cost_matrix": 1 - np.eye(3)})):
        for reduction in ("mean", "sum", "none"):
            single = loss(1, y_pred, reduction=reduction, sample_weight=2.0, **kw)
            batch = loss([1], y_pred[None, :], reduction=reduction, sample_weight=[2.0], **kw)
            assert np.ndim(single) == 0
            assert single == pytest.approx(float(np.ravel(batch)[0]), rel=1e-15)
            g_single = grad(1, y_pred, reduction=reduction, sample_weight=2.0, **kw)
            g_batch = grad([1], y_pred[None, :], reduction=reduction, sample_weight=[2.0], **kw)
            assert g_single.shape == y_pred.shape
            np.testing.assert_allclose(g_single, g_batch[0], rtol=1e-15)
    # a probability row is also accepted for one sample
    assert cross_entropy([0.0, 1.0, 0.0], z) == cross_entropy(1, z)


def test_multilabel_binary_losses_average_over_tasks_per_sample():
    y = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    p = np.array([[0.9, 0.2, 0.6], [0.1, 0.5, 0.99]])
    per_element = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(binary_cross_entropy(y, p, reduction="none"),
                               per_element.mean(axis=1), rtol=1e-14)
    np.testing.assert_allclose(binary_cross_entropy_grad(y, p, reduction="none"),
                               ((p - y) / (p * (1 - p))) / 3, rtol=1e-14)


# ---------------------------------------------------------------------------
# properties of particular losses (hypothesis); the properties every loss shares are in
# test_registry_invariants.py
# ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=40, deadline=None)


CLASS_AXIS = [i for i in inputs.CLASSIFICATION
              if i.name in ("cross_entropy", "focal_loss", "categorical_cross_entropy",
                            "multiclass_hinge", "kl_divergence")]


@pytest.mark.parametrize("loss_inputs", CLASS_AXIS, ids=[i.id for i in CLASS_AXIS])
@SETTINGS
@given(data=st.data())
def test_relabelling_the_classes_changes_nothing(loss_inputs, data):
    info = LOSSES[loss_inputs.name]
    y_true, y_pred, kwargs = data.draw(inputs.problems(loss_inputs))
    k = y_pred.shape[1]
    order = np.array(data.draw(st.permutations(range(k))))   # new class c is old order[c]
    inverse = np.argsort(order)
    new_true = inverse[y_true] if y_true.ndim == 1 else y_true[:, order]
    np.testing.assert_allclose(info.value(new_true, y_pred[:, order], reduction="none", **kwargs),
                               info.value(y_true, y_pred, reduction="none", **kwargs),
                               rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(info.grad(new_true, y_pred[:, order], **kwargs),
                               info.grad(y_true, y_pred, **kwargs)[:, order],
                               rtol=1e-12, atol=1e-300)


@SETTINGS
@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.sampled_from([-1.0, 1.0])),
       st.floats(1.0, 1e6))
def test_hinge_is_zero_once_the_margin_is_met(y, size):
    assert C.hinge(y, y * size) == 0.0
    assert np.all(C.hinge_grad(y, y * size, reduction="none") == 0.0)


@SETTINGS
@given(st.integers(2, 5), st.integers(0, 4), st.floats(1.0, 1e6),
       st.sampled_from(["crammer_singer", "weston_watkins"]))
def test_multiclass_hinge_is_zero_once_every_margin_is_met(k, label, gap, variant):
    label = label % k
    scores = np.zeros(k)
    scores[label] = gap
    assert C.multiclass_hinge(label, scores, variant=variant) == 0.0
    assert np.all(C.multiclass_hinge_grad(label, scores, variant=variant) == 0.0)


@SETTINGS
@given(st.integers(2, 5), st.integers(0, 4), st.floats(800.0, 1e6))
def test_cross_entropy_family_is_zero_at_a_certain_right_answer(k, label, gap):
    label = label % k
    one_hot = np.eye(k)[label]
    z = np.where(one_hot == 1, gap, 0.0)           # softmax(z) is one-hot in float64
    assert C.cross_entropy(label, z) == 0.0
    assert C.cross_entropy(one_hot, z) == 0.0
    assert C.focal_loss(label, z) == 0.0
    assert C.categorical_cross_entropy(label, one_hot) == 0.0
    assert C.kl_divergence(one_hot, one_hot) == 0.0
    assert C.expected_cost(label, one_hot, cost_matrix=1.0 - np.eye(k)) == 0.0
    assert C.binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0


@SETTINGS
@given(st.integers(2, 4).flatmap(lambda k: inputs.probability_rows(3, k)))
def test_kl_divergence_of_a_distribution_from_itself_is_zero(p):
    np.testing.assert_array_equal(C.kl_divergence(p, p, reduction="none"), 0.0)


# ---------------------------------------------------------------------------
# bad input: one test per rule; every message names the argument
# ---------------------------------------------------------------------------

LOGITS = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 2.0]])
PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
VALID_COSTS = np.array([[0.0, 1.0, 5.0], [1.0, 0.0, 5.0], [5.0, 5.0, 0.0]])


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_grad])
def test_probabilities_outside_0_1_are_rejected_naming_y_pred(function):
    with pytest.raises(ValueError, match=r"y_pred must contain probabilities in \[0, 1\].*"
                                         r"logits"):
        function([1.0, 0.0], [1.2, 0.3])
    with pytest.raises(ValueError, match=r"y_pred must contain probabilities"):
        function([1.0, 0.0], [0.5, -1e-12])


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_with_logits])
def test_binary_labels_outside_0_1_are_rejected_naming_y_true(function):
    with pytest.raises(ValueError, match=r"y_true must contain binary labels in \[0, 1\]"):
        function([2.0, 0.0], [0.5, 0.5])


def test_minus_one_plus_one_labels_in_bce_get_a_conversion_hint():
    with pytest.raises(ValueError, match=r"y_true .*\(y \+ 1\) / 2"):
        binary_cross_entropy_with_logits([-1.0, 1.0], [0.5, 0.5])


@pytest.mark.parametrize("function", [hinge, hinge_grad])
def test_hinge_labels_0_1_are_rejected_with_the_2y_minus_1_hint(function):
    with pytest.raises(ValueError, match=r"y_true must contain labels -1 or \+1.*2 \* y - 1"):
        function([0.0, 1.0, 1.0], [0.3, -0.2, 2.0])


def test_hinge_labels_other_than_plus_minus_one_are_rejected_naming_y_true():
    with pytest.raises(ValueError, match=r"y_true must contain labels -1 or \+1") as error:
        hinge([0.5, 1.0], [0.3, -0.2])
    assert "2 * y - 1" not in str(error.value)


@pytest.mark.parametrize("function", [cross_entropy, focal_loss, multiclass_hinge])
def test_class_index_out_of_range_is_rejected_naming_y_true(function):
    with pytest.raises(ValueError, match=r"y_true must contain class indices in \[0, 2\] for "
                                         r"3 classes.*first: 3"):
        function([0, 3], LOGITS)


@pytest.mark.parametrize("function", [cross_entropy, focal_loss, multiclass_hinge])
def test_negative_class_index_is_rejected_not_wrapped(function):
    with pytest.raises(ValueError, match=r"y_true must contain class indices in \[0, 2\].*"
                                         r"first: -1"):
        function([0, -1], LOGITS)


@pytest.mark.parametrize("function", [cross_entropy, categorical_cross_entropy,
                                      multiclass_hinge])
def test_non_integer_class_index_is_rejected_naming_y_true(function):
    y_pred = PROBS if function is categorical_cross_entropy else LOGITS
    with pytest.raises(ValueError, match=r"y_true must contain integer class indices.*1\.5"):
        function([0, 1.5], y_pred)


def test_boolean_labels_are_rejected_naming_y_true():
    with pytest.raises(ValueError, match=r"y_true must contain real numbers"):
        cross_entropy(np.array([True, False]), LOGITS)


@pytest.mark.parametrize("function", [categorical_cross_entropy, kl_divergence])
def test_predicted_probability_rows_not_summing_to_1_are_rejected_naming_y_pred(function):
    with pytest.raises(ValueError, match=r"each row of y_pred must sum to 1.*row 1"):
        function([0, 1], [[0.7, 0.2, 0.1], [0.5, 0.5, 0.5]])


def test_expected_cost_checks_the_prediction_rows_too():
    with pytest.raises(ValueError, match=r"each row of y_pred must sum to 1"):
        expected_cost([0, 1], [[0.7, 0.2, 0.1], [0.5, 0.5, 0.5]], cost_matrix=VALID_COSTS)


def test_target_probability_rows_not_summing_to_1_are_rejected_naming_y_true():
    with pytest.raises(ValueError, match=r"each row of y_true must sum to 1"):
        cross_entropy([[0.5, 0.2, 0.1], [0.0, 0.0, 1.0]], LOGITS)


def test_logits_passed_as_probabilities_are_rejected_with_a_hint():
    with pytest.raises(ValueError, match=r"y_pred must contain probabilities.*cross_entropy"):
        categorical_cross_entropy([0, 1], LOGITS)


@pytest.mark.parametrize("value", [1.0, -0.1, 1.5, float("nan")])
def test_label_smoothing_outside_0_1_is_rejected(value):
    with pytest.raises(ValueError, match=r"label_smoothing must"):
        cross_entropy([0, 1], LOGITS, label_smoothing=value)


@pytest.mark.parametrize("value", [-0.5, float("inf"), "2"])
def test_negative_or_non_numeric_gamma_is_rejected(value):
    with pytest.raises(ValueError, match=r"gamma must"):
        focal_loss([0, 1], LOGITS, gamma=value)


@pytest.mark.parametrize("costs, message", [
    (np.ones((2, 2)) - np.eye(2), r"cost_matrix must have shape \(3, 3\) for 3 classes"),
    (np.array([[0.0, 1.0, 5.0], [1.0, 0.0, -1.0], [5.0, 5.0, 0.0]]),
     r"cost_matrix must be non-negative.*cost_matrix\[1, 2\] = -1\.0"),
    (VALID_COSTS + np.eye(3) * 0.5, r"cost_matrix must have a zero diagonal.*cost_matrix\[0, 0\]"),
    (np.where(np.eye(3) == 1, 0.0, np.nan), r"cost_matrix must contain only finite numbers"),
])
def test_bad_cost_matrix_is_rejected_naming_cost_matrix(costs, message):
    with pytest.raises(ValueError, match=message):
        expected_cost([0, 1], PROBS, cost_matrix=costs)


def test_cost_matrix_is_a_required_keyword():
    with pytest.raises(TypeError, match="cost_matrix"):
        expected_cost([0, 1], PROBS)


def test_unknown_multiclass_hinge_variant_is_rejected_naming_variant():
    with pytest.raises(ValueError, match=r"variant must be one of 'crammer_singer', "
                                         r"'weston_watkins', got 'ww'"):
        multiclass_hinge([0, 1], LOGITS, variant="ww")


def test_multiclass_hinge_needs_indices_not_rows():
    with pytest.raises(ValueError, match=r"y_true must hold class indices.*argmax"):
        multiclass_hinge(np.eye(3)[[0, 1]], LOGITS)


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_with_logits,
                                      hinge])
def test_n_against_n_by_1_is_a_shape_error_not_a_broadcast(function):
    y = np.array([1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"y_true and y_pred must have the same shape.*"
                                         r"broadcast"):
        function(y, np.full((3, 1), 0.5))


def test_class_indices_shaped_n_by_1_get_a_ravel_hint():
    with pytest.raises(ValueError, match=r"y_true must be class indices of shape \(2,\).*"
                                         r"ravel"):
        cross_entropy(np.array([[0], [1]]), LOGITS)


def test_index_count_must_match_the_number_of_prediction_rows():
    with pytest.raises(ValueError, match=r"y_true holds 3 class indices but y_pred has 2 rows"):
        cross_entropy([0, 1, 2], LOGITS)


def test_target_rows_of_the_wrong_width_are_rejected():
    with pytest.raises(ValueError, match=r"y_true must be class indices of shape \(2,\) or "
                                         r"probability rows of shape \(2, 3\)"):
        cross_entropy(np.full((2, 4), 0.25), LOGITS)


@pytest.mark.parametrize("y_pred, message", [
    (np.zeros((2, 3, 4)), r"y_pred must have shape \(n_samples, n_classes\)"),
    (np.zeros((2, 1)), r"y_pred must have at least 2 classes"),
    (np.zeros(()), r"y_pred must have shape \(n_samples, n_classes\)"),
])
def test_multiclass_prediction_shape_is_checked_naming_y_pred(y_pred, message):
    with pytest.raises(ValueError, match=message):
        cross_entropy(0, y_pred)


def test_class_weight_shape_and_sign_are_checked_naming_class_weight():
    with pytest.raises(ValueError, match=r"class_weight must have one weight per class, "
                                         r"shape \(3,\)"):
        cross_entropy([0, 1], LOGITS, class_weight=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"class_weight must be non-negative"):
        cross_entropy([0, 1], LOGITS, class_weight=[1.0, -2.0, 1.0])


def test_class_weights_that_zero_every_sample_make_the_mean_an_error():
    with pytest.raises(ValueError, match=r"class_weight .* every sample weight 0"):
        cross_entropy([0, 1], LOGITS, class_weight=[0.0, 0.0, 1.0])
    assert cross_entropy([0, 1], LOGITS, class_weight=[0.0, 0.0, 1.0], reduction="sum") == 0.0


def test_non_finite_predictions_are_rejected_naming_y_pred():
    with pytest.raises(ValueError, match=r"y_pred must contain only finite numbers"):
        cross_entropy([0, 1], [[np.inf, 0.0, 0.0], [0.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"y_pred must contain only finite numbers"):
        binary_cross_entropy_with_logits([0.0], [np.nan])


def test_bad_reduction_and_sample_weight_are_rejected_by_name():
    with pytest.raises(ValueError, match=r"reduction must be one of"):
        cross_entropy([0, 1], LOGITS, reduction="avg")
    with pytest.raises(ValueError, match=r"reduction must be one of"):
        cross_entropy_grad([0, 1], LOGITS, reduction="avg")
    with pytest.raises(ValueError, match=r"sample_weight must have one weight per sample"):
        focal_loss([0, 1], LOGITS, sample_weight=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"sample_weight must be non-negative"):
        hinge([1.0, -1.0], [0.2, 0.3], sample_weight=[1.0, -1.0])


# ---------------------------------------------------------------------------
# accuracy against 50-digit mpmath
# ---------------------------------------------------------------------------

TOLERANCE = 1e-13
CASES = list(oracle.accuracy_cases())


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}[{c.label}]" for c in CASES])
def test_classification_matches_50_digit_mpmath_within_1e_13(case):
    value = case.func(*case.args, **case.kwargs)
    assert relative_error(value, case.reference) < TOLERANCE


def test_accuracy_grid_covers_every_public_function():
    covered = {case.name for case in CASES}
    assert covered == set(C.__all__)


# ---------------------------------------------------------------------------
# seeded random inputs for every loss: gradients and values against mpmath
# (the gradients against finite differences: test_registry_invariants.py)
# ---------------------------------------------------------------------------

@dataclass
class Spec:
    name: str
    loss: Callable
    grad: Callable
    make: Callable            # rng -> (y_true, y_pred, kwargs), from loss_inputs
    mp_value: Callable | None = None    # oracle per-sample closure factory (multi-class)
    mp_elementwise: Callable | None = None


SPECS = [
    Spec("binary_cross_entropy", C.binary_cross_entropy, C.binary_cross_entropy_grad,
         inputs.bce_point, mp_elementwise=oracle.mp_bce),
    Spec("binary_cross_entropy_with_logits", C.binary_cross_entropy_with_logits,
         C.binary_cross_entropy_with_logits_grad, inputs.bce_logits_point,
         mp_elementwise=oracle.mp_bce_with_logits),
    Spec("hinge", C.hinge, C.hinge_grad, inputs.binary_hinge_point,
         mp_elementwise=oracle.mp_hinge),
    Spec("cross_entropy[indices]", C.cross_entropy, C.cross_entropy_grad,
         inputs.cross_entropy_point(False), mp_value=lambda kw: oracle.ce_sample()),
    Spec("cross_entropy[rows]", C.cross_entropy, C.cross_entropy_grad,
         inputs.cross_entropy_point(True), mp_value=lambda kw: oracle.ce_sample()),
    Spec("cross_entropy[smoothing, class_weight]", C.cross_entropy, C.cross_entropy_grad,
         inputs.cross_entropy_point(False, 0.15, inputs.CLASS_WEIGHT),
         mp_value=lambda kw: oracle.ce_sample(0.15, inputs.CLASS_WEIGHT)),
    Spec("cross_entropy[rows, class_weight]", C.cross_entropy, C.cross_entropy_grad,
         inputs.cross_entropy_point(True, 0.0, inputs.CLASS_WEIGHT),
         mp_value=lambda kw: oracle.ce_sample(0.0, inputs.CLASS_WEIGHT)),
    Spec("categorical_cross_entropy", C.categorical_cross_entropy,
         C.categorical_cross_entropy_grad, inputs.categorical_point,
         mp_value=lambda kw: oracle.cce_sample),
    Spec("multiclass_hinge[crammer_singer]", C.multiclass_hinge, C.multiclass_hinge_grad,
         inputs.multiclass_hinge_point("crammer_singer"),
         mp_value=lambda kw: oracle.hinge_sample("crammer_singer")),
    Spec("multiclass_hinge[weston_watkins]", C.multiclass_hinge, C.multiclass_hinge_grad,
         inputs.multiclass_hinge_point("weston_watkins"),
         mp_value=lambda kw: oracle.hinge_sample("weston_watkins")),
    Spec("expected_cost", C.expected_cost, C.expected_cost_grad, inputs.expected_cost_point,
         mp_value=lambda kw: oracle.cost_sample(inputs.POINT_COSTS)),
    Spec("focal_loss[indices, gamma 2]", C.focal_loss, C.focal_loss_grad,
         inputs.focal_point(False, 2.0), mp_value=lambda kw: oracle.focal_sample(kw["gamma"])),
    Spec("focal_loss[rows, gamma 0.5]", C.focal_loss, C.focal_loss_grad,
         inputs.focal_point(True, 0.5), mp_value=lambda kw: oracle.focal_sample(kw["gamma"])),
    Spec("kl_divergence", C.kl_divergence, C.kl_divergence_grad, inputs.kl_point,
         mp_value=lambda kw: oracle.kl_sample),
]


def _rng(*key) -> np.random.Generator:
    """A generator seeded from the test's identity (stable across runs, unlike hash())."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _mp_reference_gradient(spec, y_true, y_pred, kwargs):
    reduction = kwargs["reduction"]
    weights = kwargs.get("sample_weight")
    if spec.mp_elementwise is not None:
        return oracle.elementwise_grad(spec.mp_elementwise, y_true, y_pred, reduction, weights)
    return oracle.multiclass_grad(spec.mp_value(kwargs), y_true, y_pred, reduction, weights)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_gradient_matches_mpmath_derivative_on_random_inputs(spec, reduction):
    rng = _rng(spec.name, reduction, "mp")
    for _ in range(2):
        y_true, y_pred, kwargs = spec.make(rng)
        kwargs = dict(kwargs, reduction=reduction,
                      sample_weight=rng.uniform(0.1, 2.0, size=np.shape(y_pred)[0]))
        analytic = spec.grad(y_true, y_pred, **kwargs)
        reference = _mp_reference_gradient(spec, y_true, y_pred, kwargs)
        error = np.max(np.abs(analytic - reference)) / np.max(np.abs(reference))
        assert error < 1e-13


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_loss_matches_mpmath_on_random_inputs(spec):
    rng = _rng(spec.name, "value")
    for reduction in REDUCTIONS:
        y_true, y_pred, kwargs = spec.make(rng)
        weights = rng.uniform(0.1, 2.0, size=np.shape(y_pred)[0])
        value = spec.loss(y_true, y_pred, reduction=reduction, sample_weight=weights, **kwargs)
        if spec.mp_elementwise is not None:
            reference = oracle.elementwise_value(spec.mp_elementwise, y_true, y_pred,
                                                 reduction=reduction, sample_weight=weights)
        else:
            reference = oracle.multiclass_value(spec.mp_value(kwargs), y_true, y_pred,
                                                reduction, weights)
        assert relative_error(value, reference) < TOLERANCE
