"""lossfns.course.explorers, chapter 5 section: one prediction, its cross-entropy and its gradient.

Oracles: scikit-learn's log_loss for the loss, the softmax written out with math.exp for the
probabilities of the logits, and central finite differences (numpy only) for the gradient.
"""

import math
import re

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss

from lossfns.course.explorers import (
    cross_entropy_explorer,
    cross_entropy_prediction,
    describe_cross_entropy_prediction,
    draw_cross_entropy_prediction,
    rival_split_explorer,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("closes_figures")


def softmax_by_hand(z):
    exps = [math.exp(v - max(z)) for v in z]
    return np.array(exps) / sum(exps)


def test_the_80_percent_cat_has_the_articles_numbers():
    cat = cross_entropy_prediction(0.8)
    np.testing.assert_allclose(cat.probabilities, [0.8, 0.15, 0.05], rtol=1e-12)
    assert cat.loss == pytest.approx(log_loss([0], [[0.8, 0.15, 0.05]], labels=[0, 1, 2]))
    assert cat.loss / math.log(2) == pytest.approx(0.321928, abs=1e-6)
    np.testing.assert_allclose(cat.gradient, [-0.2, 0.15, 0.05], atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(p=st.floats(0.001, 0.999), true_class=st.integers(0, 3),
       rest=st.lists(st.floats(0.1, 10.0), min_size=3, max_size=3))
def test_probabilities_logits_loss_and_gradient_agree_with_independent_oracles(
        p, true_class, rest):
    classes = ("a", "b", "c", "d")
    prediction = cross_entropy_prediction(p, classes=classes, true_class=true_class,
                                          rest=rest)
    probs = prediction.probabilities
    assert probs[true_class] == pytest.approx(p, rel=1e-12)
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)
    others = np.delete(probs, true_class)
    np.testing.assert_allclose(others / others.sum(), np.array(rest) / sum(rest), rtol=1e-9)
    np.testing.assert_allclose(softmax_by_hand(prediction.logits), probs, rtol=1e-9)
    assert prediction.logits.mean() == pytest.approx(0.0, abs=1e-9)
    assert prediction.loss == pytest.approx(
        log_loss([true_class], [probs], labels=[0, 1, 2, 3]), rel=1e-9)

    def loss_at(z):
        return -math.log(softmax_by_hand(z)[true_class])

    h = 1e-6
    numeric = [(loss_at(prediction.logits + h * e) - loss_at(prediction.logits - h * e))
               / (2 * h) for e in np.eye(4)]
    np.testing.assert_allclose(prediction.gradient, numeric, atol=1e-7)
    assert prediction.gradient.sum() == pytest.approx(0.0, abs=1e-12)
    assert prediction.gradient[true_class] < 0 < np.delete(prediction.gradient, true_class).min()


def test_the_figure_has_three_panels_whose_contents_follow_the_prediction():
    cat = cross_entropy_prediction(0.3)
    fig = draw_cross_entropy_prediction(cat)
    bars, curve, grads = fig.get_axes()
    assert fig.get_suptitle() == "p(cat) = 0.3: loss −ln 0.3 = 1.204 nats"
    np.testing.assert_allclose([b.get_height() for b in bars.patches], cat.probabilities)
    np.testing.assert_allclose([b.get_height() for b in grads.patches], cat.gradient)
    marker = [line for line in curve.get_lines() if line.get_marker() == "o"][0]
    assert marker.get_xdata()[0] == pytest.approx(0.3)
    assert marker.get_ydata()[0] == pytest.approx(-math.log(0.3))
    texts = [t.get_text() for t in grads.texts]
    assert texts == ["-0.7", "+0.525", "+0.175"]
    assert [t.get_text() for t in bars.texts] == ["0.3", "0.525", "0.175"]


@pytest.mark.parametrize("p", [0.02, 0.05, 0.5, 0.95, 0.99])
def test_no_text_leaves_the_figure_or_overlaps_another_in_the_extreme_frames(p):
    fig = draw_cross_entropy_prediction(cross_entropy_prediction(p))
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


def test_the_alt_text_states_the_numbers_of_the_frame():
    text = describe_cross_entropy_prediction(cross_entropy_prediction(0.3))
    assert text.startswith("Left: bars of the prediction, cat 0.3 (the truth), "
                           "dog 0.525, tiger 0.175.")
    assert "with a point at 0.3 and loss 1.204 nats" in text
    assert "cat -0.7, so gradient descent pushes its logit up; dog +0.525 and " \
           "tiger +0.175, pushed down." in text


@pytest.mark.parametrize("p", np.round(np.arange(0.05, 0.951, 0.05), 2))
def test_each_rival_shows_the_same_number_as_probability_and_as_gradient(p):
    # p - y equals p off the true class; both must print alike, also at ties like 0.7125
    prediction = cross_entropy_prediction(float(p))
    fig = draw_cross_entropy_prediction(prediction)
    bars, _, grads = fig.get_axes()
    shown_p = [t.get_text() for t in bars.texts][1:]
    shown_grad = [t.get_text().lstrip("+") for t in grads.texts][1:]
    assert shown_p == shown_grad


def test_the_explorer_has_one_frame_per_value_with_distinct_alt_texts():
    values = [0.05, 0.3, 0.55, 0.8]
    box = cross_entropy_explorer(values, initial=3, dpi=40)
    assert box.slider.description == "p(cat)"
    assert box.slider.index == 3 and box.frames.selected_index == 3
    assert [label for label, _ in box.slider.options] == ["0.05", "0.30", "0.55", "0.80"]
    alts = [re.search(r'alt="([^"]*)"', frame.value).group(1) for frame in box.frames.children]
    assert len(set(alts)) == len(values)
    assert "cat 0.8 (the truth)" in alts[3]
    assert [round(p.loss, 4) for p in box.predictions] == [
        round(-math.log(v), 4) for v in values]
    pngs = {re.search(r'base64,([^"]+)', frame.value).group(1) for frame in box.frames.children}
    assert len(pngs) == len(values)


def test_the_explorer_can_score_another_true_class():
    box = cross_entropy_explorer([0.2, 0.6], true_class=2, rest=(1, 1), dpi=40)
    assert box.slider.description == "p(tiger)"
    np.testing.assert_allclose(box.predictions[0].probabilities, [0.4, 0.4, 0.2])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: cross_entropy_prediction(0.0), "p_true must be a probability strictly between"),
    (lambda: cross_entropy_prediction(1.0), "p_true must be a probability strictly between"),
    (lambda: cross_entropy_prediction("0.5"), "p_true must be a probability"),
    (lambda: cross_entropy_prediction(0.5, rest=(1, 2, 3)), "rest must hold 2 positive"),
    (lambda: cross_entropy_prediction(0.5, rest=(1, 0)), "rest must hold 2 positive"),
    (lambda: cross_entropy_prediction(0.5, true_class=3), "true_class must be an index"),
    (lambda: cross_entropy_prediction(0.5, true_class=True), "true_class must be an index"),
    (lambda: cross_entropy_prediction(0.5, classes=("cat",)), "classes must be a sequence"),
    (lambda: cross_entropy_prediction(0.5, classes=3), "classes must be a sequence"),
    (lambda: cross_entropy_prediction(0.5, classes="cat dog"), "classes must be a sequence"),
    (lambda: cross_entropy_prediction(0.5, classes=("cat", "cat", "dog")),
     "classes must be a sequence of at least 2 distinct"),
    (lambda: cross_entropy_explorer([0.5]), "values must be 2 to 25 increasing"),
    (lambda: cross_entropy_explorer(list(np.linspace(0.01, 0.99, 26))), "values must be 2 to 25"),
    (lambda: cross_entropy_explorer([0.8, 0.3]), "increasing probabilities"),
    (lambda: cross_entropy_explorer([0.0, 0.3]), "strictly between 0"),
    (lambda: cross_entropy_explorer("fast"), "values must be"),
    (lambda: rival_split_explorer(0.6, [0.1, 0.4]), r"strictly between 0 and 0\.4"),
    (lambda: rival_split_explorer(0.6, [0.3, 0.1]), "increasing probabilities"),
    (lambda: rival_split_explorer(1.0, [0.1, 0.2]), "p_true must be a probability"),
    (lambda: rival_split_explorer(0.6, [0.1, 0.2], classes=("cat", "dog")),
     "exactly 3 classes"),
    (lambda: rival_split_explorer(0.5, [0.1, 0.2], classes=("a", "b", "c", "d")),
     "exactly 3 classes"),
])
def test_bad_input_raises_a_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_moving_probability_between_rivals_keeps_the_loss_and_moves_the_gradient():
    values = [0.05, 0.2, 0.35]
    box = rival_split_explorer(0.6, values, initial=2, dpi=40)
    assert box.slider.description == "p(dog)"
    assert [label for label, _ in box.slider.options] == ["0.050", "0.200", "0.350"]
    assert len(box.frames.children) == 3 and box.frames.selected_index == 2
    for value, prediction in zip(values, box.predictions):
        np.testing.assert_allclose(prediction.probabilities, [0.6, value, 0.4 - value])
        # the loss sees only the cat's probability ...
        assert prediction.loss == pytest.approx(-math.log(0.6))
        # ... the gradient p - y sees every class (oracle: softmax written out by hand)
        p = softmax_by_hand(prediction.logits)
        np.testing.assert_allclose(prediction.gradient, p - np.eye(3)[0], atol=1e-12)
    alts = [frame.value for frame in box.frames.children]
    assert len(set(alts)) == 3


def test_the_rival_split_can_put_the_truth_elsewhere():
    box = rival_split_explorer(0.5, [0.1, 0.4], classes=("cat", "dog", "tiger"),
                               true_class=1, dpi=40)
    assert box.slider.description == "p(cat)"  # the first class that is not the truth
    np.testing.assert_allclose(box.predictions[0].probabilities, [0.1, 0.5, 0.4])
