"""lossfns.training.multitask: the combined detection loss, the two-headed network, its training.

Oracles: scikit-learn's log_loss for the classification part, Smooth L1 written out in
plain Python for the box part, central finite differences for every gradient, and
boxes intersected by hand.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns import check_grad
from lossfns.course.datasets import toy_detection
from lossfns.training.multitask import (
    TwoHeadNet,
    boxes_to_offsets,
    detection_loss,
    detector_loss_and_grad,
    evaluate_detector,
    interval_iou,
    offsets_to_boxes,
    train_detector,
)

RNG = np.random.default_rng(12)
LABELS = np.array([0, 1, 2, 1, 0, 2])
LOGITS = RNG.normal(size=(6, 3))
BOX_PRED = RNG.normal(scale=1.5, size=(6, 2))
BOX_TARGETS = RNG.normal(scale=0.5, size=(6, 2))


def _smooth_l1_by_hand(e, beta):
    return e * e / (2 * beta) if abs(e) < beta else abs(e) - beta / 2


def test_the_classification_part_is_scikit_learns_log_loss():
    metrics = pytest.importorskip("sklearn.metrics")
    probabilities = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=1, keepdims=True)
    result = detection_loss(LABELS, BOX_TARGETS, LOGITS, BOX_PRED, lam=3.0)
    assert result.classification == pytest.approx(
        metrics.log_loss(LABELS, probabilities, labels=[0, 1, 2]), rel=1e-12)


@pytest.mark.parametrize("beta", [0.5, 1.0, 1 / 9])
def test_the_box_part_sums_smooth_l1_over_the_objects_offsets_and_divides_by_n(beta):
    result = detection_loss(LABELS, BOX_TARGETS, LOGITS, BOX_PRED, lam=2.0, beta=beta)
    by_hand = sum(_smooth_l1_by_hand(p - t, beta)
                  for label, row_p, row_t in zip(LABELS, BOX_PRED, BOX_TARGETS) if label != 0
                  for p, t in zip(row_p, row_t)) / len(LABELS)
    assert result.box == pytest.approx(by_hand, rel=1e-12)
    assert result.value == pytest.approx(result.classification + 2.0 * by_hand, rel=1e-12)
    assert result.n_objects == 4


@given(st.lists(st.floats(-50, 50), min_size=4, max_size=4))
@settings(max_examples=30)
def test_background_box_targets_and_predictions_change_nothing(values):
    targets, pred = BOX_TARGETS.copy(), BOX_PRED.copy()
    targets[[0, 4]] = np.reshape(values, (2, 2))
    pred[[0, 4]] = np.reshape(values[::-1], (2, 2))
    base = detection_loss(LABELS, BOX_TARGETS, LOGITS, BOX_PRED, lam=1.5)
    moved = detection_loss(LABELS, targets, LOGITS, pred, lam=1.5)
    assert moved.value == base.value and moved.box == base.box
    np.testing.assert_array_equal(moved.grad_boxes[[0, 4]], 0.0)


@pytest.mark.parametrize("lam", [0.0, 0.3, 10.0])
def test_the_gradients_match_finite_differences(lam):
    def value_of_logits(labels, logits):
        return detection_loss(labels, BOX_TARGETS, logits, BOX_PRED, lam=lam).value

    def grad_of_logits(labels, logits):
        return detection_loss(labels, BOX_TARGETS, logits, BOX_PRED, lam=lam).grad_logits

    def value_of_boxes(labels, boxes):
        return detection_loss(labels, BOX_TARGETS, LOGITS, boxes, lam=lam).value

    def grad_of_boxes(labels, boxes):
        return detection_loss(labels, BOX_TARGETS, LOGITS, boxes, lam=lam).grad_boxes

    assert check_grad(value_of_logits, LABELS, LOGITS, grad=grad_of_logits) < 1e-6
    if lam:
        assert check_grad(value_of_boxes, LABELS, BOX_PRED, grad=grad_of_boxes) < 1e-6
    else:
        np.testing.assert_array_equal(grad_of_boxes(LABELS, BOX_PRED), 0.0)


def test_a_large_box_error_pulls_with_lambda_over_n_at_most():
    far = BOX_TARGETS + 100.0
    result = detection_loss(LABELS, BOX_TARGETS, LOGITS, far, lam=4.0)
    np.testing.assert_allclose(np.abs(result.grad_boxes[LABELS != 0]), 4.0 / 6)


def _numerical_param_grads(model, params, X, labels, targets, lam, eps=1e-6):
    grads = {}
    for name, value in params.items():
        grads[name] = np.empty_like(value)
        for j in range(value.size):
            plus = {key: v.copy() for key, v in params.items()}
            minus = {key: v.copy() for key, v in params.items()}
            plus[name].reshape(-1)[j] += eps
            minus[name].reshape(-1)[j] -= eps
            up = detector_loss_and_grad(model, plus, X, labels, targets, lam=lam)[0].value
            down = detector_loss_and_grad(model, minus, X, labels, targets, lam=lam)[0].value
            grads[name].reshape(-1)[j] = (up - down) / (2 * eps)
    return grads


@pytest.mark.parametrize("lam", [0.0, 1.0, 25.0])
def test_the_backward_pass_matches_finite_differences(lam):
    data = toy_detection(12, n_pixels=12, seed=5)
    net = TwoHeadNet(n_features=12, n_hidden=4, n_classes=3)
    params = net.init_params(seed=2)
    _, analytic = detector_loss_and_grad(net, params, data.X, data.labels, data.offsets, lam=lam)
    numeric = _numerical_param_grads(net, params, data.X, data.labels, data.offsets, lam)
    largest = max(float(np.max(np.abs(g))) for g in numeric.values())
    for name in params:
        np.testing.assert_allclose(analytic[name], numeric[name], atol=1e-6 * largest,
                                   err_msg=name)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_backward_pass_matches_finite_differences_at_random_points(seed):
    # every parameter random (biases too, weights large enough to bend the tanh), a random
    # lambda and beta at the median box error: errors fall on both sides of beta, so both
    # pieces of Smooth L1 and both heads reach every parameter
    rng = np.random.default_rng(100 + seed)
    data = toy_detection(10, n_pixels=12, seed=seed)
    net = TwoHeadNet(n_features=12, n_hidden=3, n_classes=3)
    params = {name: rng.normal(scale=1.0, size=shape)
              for name, shape in net.param_shapes().items()}
    errors = np.abs(net.predict(params, data.X)[1] - data.offsets)[data.labels != 0]
    lam, beta = float(rng.uniform(0.2, 5.0)), float(np.median(errors)) + 1e-3
    assert np.any(errors < beta - 1e-4) and np.any(errors > beta + 1e-4)
    result, analytic = detector_loss_and_grad(net, params, data.X, data.labels,
                                              data.offsets, lam=lam, beta=beta)
    assert result.n_objects >= 2
    numeric = {}
    for name, value in params.items():
        numeric[name] = np.empty_like(value)
        for j in range(value.size):
            def loss_at(step, name=name, j=j):
                moved = {key: v.copy() for key, v in params.items()}
                moved[name].reshape(-1)[j] += step
                return detector_loss_and_grad(net, moved, data.X, data.labels, data.offsets,
                                              lam=lam, beta=beta)[0].value
            numeric[name].reshape(-1)[j] = (loss_at(1e-6) - loss_at(-1e-6)) / 2e-6
    for name in params:
        assert np.any(analytic[name] != 0), name
        np.testing.assert_allclose(analytic[name], numeric[name], rtol=1e-5, atol=1e-8,
                                   err_msg=name)


def test_the_heads_see_only_their_own_loss():
    data = toy_detection(20, seed=3)
    net = TwoHeadNet(n_features=24, n_hidden=3, n_classes=3)
    params = net.init_params(seed=1)
    _, without = detector_loss_and_grad(net, params, data.X, data.labels, data.offsets, lam=0)
    _, with_box = detector_loss_and_grad(net, params, data.X, data.labels, data.offsets, lam=5)
    np.testing.assert_array_equal(without["Wb"], 0.0)
    np.testing.assert_allclose(with_box["Wc"], without["Wc"], rtol=0, atol=0)
    assert not np.allclose(with_box["W1"], without["W1"])   # the trunk is shared


def test_one_step_without_momentum_is_plain_gradient_descent():
    data = toy_detection(15, seed=4)
    net = TwoHeadNet(n_features=24, n_hidden=3, n_classes=3)
    start = net.init_params(seed=0)
    run = train_detector(net, data.X, data.labels, data.offsets, lam=2.0, learning_rate=0.1,
                         steps=1, momentum=0.0)
    _, grads = detector_loss_and_grad(net, start, data.X, data.labels, data.offsets, lam=2.0)
    for name in start:
        np.testing.assert_allclose(run.params[name], start[name] - 0.1 * grads[name])
    assert run.total.shape == run.classification.shape == run.box.shape == (2,)


def test_training_lowers_both_parts_and_records_them():
    data = toy_detection(120, seed=0)
    net = TwoHeadNet(n_features=24, n_hidden=3, n_classes=3)
    run = train_detector(net, data.X, data.labels, data.offsets, lam=1.0,
                         learning_rate=0.02, steps=300)
    assert run.classification[-1] < run.classification[0] / 3
    assert run.box[-1] < run.box[0] / 3
    np.testing.assert_allclose(run.total, run.classification + 1.0 * run.box)


def test_a_too_large_step_is_reported_as_divergence():
    data = toy_detection(30, seed=0)
    net = TwoHeadNet(n_features=24, n_hidden=3, n_classes=3)
    params = net.init_params()
    params["Wb"] = np.full((3, 2), 1e300)        # finite, but one step overflows the trunk
    with pytest.raises(ValueError, match="training diverged at step 1"):
        train_detector(net, data.X, data.labels, data.offsets, lam=1e6,
                       learning_rate=1e10, steps=5, params=params)


def test_evaluate_detector_agrees_with_scikit_learn_and_interval_iou():
    metrics = pytest.importorskip("sklearn.metrics")
    data = toy_detection(80, seed=2)
    net = TwoHeadNet(n_features=24, n_hidden=3, n_classes=3)
    params = train_detector(net, data.X, data.labels, data.offsets, lam=1.0,
                            learning_rate=0.02, steps=100).params
    scores = evaluate_detector(net, params, data)
    logits, boxes = net.predict(params, data.X)
    assert scores.accuracy == metrics.accuracy_score(data.labels, logits.argmax(axis=1))
    objects = data.labels > 0
    assert scores.offset_error == pytest.approx(
        metrics.mean_absolute_error(data.offsets[objects], boxes[objects]))
    centres, widths = offsets_to_boxes(boxes, data.anchor)
    assert scores.mean_iou == pytest.approx(np.mean(interval_iou(
        centres[objects], widths[objects], data.centres[objects], data.widths[objects])))


@given(st.floats(-30, 30), st.floats(0.1, 20), st.floats(-30, 30), st.floats(0.1, 20))
@settings(max_examples=60)
def test_interval_iou_is_intersection_over_union(c1, w1, c2, w2):
    lo, hi = max(c1 - w1 / 2, c2 - w2 / 2), min(c1 + w1 / 2, c2 + w2 / 2)
    inter = max(hi - lo, 0.0)
    expected = inter / (w1 + w2 - inter)
    got = interval_iou([c1], [w1], [c2], [w2])[0]
    assert got == pytest.approx(expected, abs=1e-12)
    assert got == pytest.approx(interval_iou([c2], [w2], [c1], [w1])[0], abs=1e-12)
    assert 0.0 <= got <= 1.0


@given(st.floats(-20, 20), st.floats(0.05, 40))
@settings(max_examples=40)
def test_offsets_and_boxes_are_inverses(centre, width):
    offsets = boxes_to_offsets([centre], [width], anchor=(3.0, 6.0))
    assert offsets[0, 0] == pytest.approx((centre - 3.0) / 6.0)
    assert offsets[0, 1] == pytest.approx(math.log(width / 6.0))
    back_c, back_w = offsets_to_boxes(offsets, (3.0, 6.0))
    assert back_c[0] == pytest.approx(centre, abs=1e-12)
    assert back_w[0] == pytest.approx(width, rel=1e-12)


@pytest.mark.parametrize(("changes", "message"), [
    ({"labels": [0, 1, 3, 1, 0, 2]}, "labels must contain class indices in \\[0, 2\\]"),
    ({"labels": [0, 1, 2]}, "labels must have shape \\(6,\\)"),
    ({"logits": np.zeros(6)}, "logits must have shape \\(n, k\\)"),
    ({"box_pred": np.zeros((5, 2))}, "box_pred must have shape \\(6, d\\)"),
    ({"box_targets": np.zeros((6, 3))}, "box_targets must have the shape of box_pred"),
    ({"box_targets": np.full((6, 2), np.nan)}, "box_targets must contain only finite"),
    ({"lam": -1.0}, "lam must be >= 0"),
    ({"beta": 0.0}, "beta must be > 0"),
    ({"background": 3}, "background must be a class index"),
])
def test_detection_loss_rejects_bad_input(changes, message):
    arguments = {"labels": LABELS, "box_targets": BOX_TARGETS, "logits": LOGITS,
                 "box_pred": BOX_PRED}
    arguments.update(changes)
    with pytest.raises(ValueError, match=message):
        detection_loss(**arguments)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: TwoHeadNet(4, 0, 3), "n_hidden must be an integer >= 1"),
    (lambda: TwoHeadNet(4, 2, 1), "n_classes must be an integer >= 2"),
    (lambda: TwoHeadNet(4, 2, 3).forward(TwoHeadNet(4, 2, 3).init_params(), np.zeros((2, 5))),
     "X must have 4 columns"),
    (lambda: detector_loss_and_grad("net", {}, [[0.0]], [0], [[0.0, 0.0]]),
     "model must be a TwoHeadNet"),
    (lambda: train_detector(TwoHeadNet(1, 1, 2), [[0.0]], [0], [[0.0, 0.0]], lam=1.0,
                            learning_rate=0.0, steps=1), "learning_rate must be > 0"),
    (lambda: train_detector(TwoHeadNet(1, 1, 2), [[0.0]], [0], [[0.0, 0.0]], lam=1.0,
                            learning_rate=0.1, steps=1, momentum=1.0),
     "momentum must lie in \\[0, 1\\)"),
    (lambda: train_detector(TwoHeadNet(1, 1, 2), [[0.0]], [0], [[0.0, 0.0]], lam=1.0,
                            learning_rate=0.1, steps=1, params=[1.0]), "params must be a dict"),
    (lambda: train_detector("net", [[0.0]], [0], [[0.0, 0.0]], lam=1.0, learning_rate=0.1,
                            steps=1, params={}), "model must be a TwoHeadNet"),
    (lambda: evaluate_detector(TwoHeadNet(24, 2, 3), TwoHeadNet(24, 2, 3).init_params(),
                               (np.zeros((2, 24)), [0, 1])), "data must be a DetectionData"),
    (lambda: evaluate_detector("net", {}, toy_detection(3)), "model must be a TwoHeadNet"),
    (lambda: boxes_to_offsets([1.0], [0.0], (0.0, 1.0)), "widths must be > 0"),
    (lambda: boxes_to_offsets([1.0], [1.0], (0.0, -1.0)), "anchor must be"),
    (lambda: offsets_to_boxes([1.0, 2.0], (0.0, 1.0)), "offsets must have shape"),
    (lambda: interval_iou([1.0], [1.0], [1.0, 2.0], [1.0, 1.0]), "must be 1-D of the same"),
])
def test_bad_arguments_raise_value_errors_naming_them(call, message):
    with pytest.raises(ValueError, match=message):
        call()
