"""lossfns.course.explorers, chapter 2: cross-entropy stays flat while the expected cost moves.

Oracles: -ln p of the true class and the cost-weighted sum of the probabilities, written
out in plain Python for every position and curve point.
"""

import math
import re

import matplotlib
import numpy as np
import pytest

from lossfns.course.explorers import (
    describe_expected_cost_frame,
    draw_expected_cost_frame,
    expected_cost_explorer,
    expected_cost_scene,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("closes_figures")

# the chapter's village-camera costs: rows the truth, columns the answer (cat, dog, tiger)
COSTS = [[0, 1, 5], [1, 0, 5], [20, 20, 0]]
VALUES = np.round(np.linspace(0.0, 0.4, 17), 3)


def _cost_by_hand(truth, probabilities, costs=COSTS):
    return sum(c * p for c, p in zip(costs[truth], probabilities))


@pytest.fixture(scope="module")
def scene():
    return expected_cost_scene(0.6, VALUES, cost_matrix=COSTS, tops=(1.2, 2.2))


def test_every_prediction_keeps_the_truth_and_splits_the_rest(scene):
    for v, probs in zip(VALUES, scene.probabilities):
        np.testing.assert_allclose(probs, [0.6, 0.4 - v, v], atol=1e-15)
    assert (scene.true_class, scene.other, scene.moving) == (0, 1, 2)


def test_cross_entropy_is_minus_ln_p_true_at_every_position(scene):
    np.testing.assert_allclose(scene.cross_entropies, -math.log(0.6), rtol=1e-14)
    np.testing.assert_allclose(scene.cross_entropy_curve, -math.log(0.6), rtol=1e-14)


def test_the_expected_cost_is_the_cost_weighted_sum_of_the_probabilities(scene):
    np.testing.assert_allclose(scene.costs, [_cost_by_hand(0, p) for p in scene.probabilities],
                               rtol=1e-14)
    rows = [[0.6, 0.4 - v, v] for v in scene.grid]
    np.testing.assert_allclose(scene.cost_curve, [_cost_by_hand(0, p) for p in rows],
                               rtol=1e-12)
    # a straight line whose slope is the tiger's cost minus the dog's
    assert scene.cost_slope == 4.0
    np.testing.assert_allclose(np.diff(scene.cost_curve) / np.diff(scene.grid), 4.0, rtol=1e-9)


def test_any_true_and_moving_class_can_be_chosen():
    other = expected_cost_scene(0.5, [0.1, 0.3], cost_matrix=COSTS, true_class=2, moving=0)
    assert other.other == 1
    np.testing.assert_allclose(other.probabilities, [[0.1, 0.4, 0.5], [0.3, 0.2, 0.5]])
    np.testing.assert_allclose(other.costs, [_cost_by_hand(2, [0.1, 0.4, 0.5]),
                                             _cost_by_hand(2, [0.3, 0.2, 0.5])])
    assert other.cost_slope == 0.0
    assert other.grid[-1] == 0.5


def test_the_axis_tops_default_to_a_tenth_above_each_curve():
    default = expected_cost_scene(0.6, VALUES, cost_matrix=COSTS)
    assert default.tops == pytest.approx((1.1 * -math.log(0.6), 1.1 * 2.0))


def test_the_figure_shows_the_prediction_and_both_scores(scene):
    fig = draw_expected_cost_frame(scene, 0.05)
    bars, middle, right = fig.axes
    assert [ax.get_title() for ax in fig.axes] == [
        "prediction (truth: cat)", f"cross-entropy {-math.log(0.6):.3f} nats: flat",
        f"expected cost {_cost_by_hand(0, [0.6, 0.35, 0.05]):.2f}"]
    np.testing.assert_allclose([p.get_height() for p in bars.patches], [0.6, 0.35, 0.05])
    assert [t.get_text() for t in bars.texts] == ["0.600", "0.350", "0.050"]
    for ax, score in ((middle, -math.log(0.6)), (right, 0.4 + 4 * 0.05)):
        assert ax.get_xlabel() == "probability of tiger"
        assert ax.get_xlim() == (0.0, 0.4)
        np.testing.assert_allclose(ax.lines[1].get_xydata(), [[0.05, score]])
    assert middle.get_ylim() == (0.0, 1.2) and right.get_ylim() == (0.0, 2.2)


def test_the_frames_differ_from_one_position_to_the_next(scene):
    from lossfns.course.widgets import render_png

    pngs = {render_png(draw_expected_cost_frame(scene, v), dpi=30) for v in scene.values[::4]}
    assert len(pngs) == len(scene.values[::4])


@pytest.mark.parametrize("value", [0.0, 0.2, 0.4])
def test_no_text_overlaps_another_or_leaves_the_figure(scene, value):
    fig = draw_expected_cost_frame(scene, value)
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


@pytest.mark.parametrize("value", [0.0, 0.05, 0.4])
def test_the_alt_text_describes_each_frame_in_numbers(scene, value):
    text = describe_expected_cost_frame(scene, value)
    assert text == (
        f"Left: bars for the prediction cat 0.600, dog {0.4 - value:.3f}, tiger "
        f"{value:.3f}. Middle: the cross-entropy, a flat line at 0.511 nats whatever the "
        "tiger's share. Right: the expected cost, a rising line; at this position it is "
        f"{0.4 + 4 * value:.2f}.")


@pytest.mark.parametrize(("costs", "line"), [
    ([[0, 5, 1], [1, 0, 5], [20, 20, 0]], "a falling line"),
    ([[0, 3, 3], [1, 0, 5], [20, 20, 0]], "a flat line"),
])
def test_the_alt_text_says_which_way_the_cost_goes(costs, line):
    other = expected_cost_scene(0.6, [0.1, 0.2], cost_matrix=costs)
    assert f"the expected cost, {line};" in describe_expected_cost_frame(other, 0.1)


def test_the_explorer_is_a_slider_over_the_frames_with_alt_texts():
    box = expected_cost_explorer(0.6, [0.0, 0.1, 0.4], cost_matrix=COSTS, initial=1, dpi=30)
    assert box.slider.description == "probability of tiger"
    assert [label for label, _ in box.slider.options] == ["0.000", "0.100", "0.400"]
    assert box.frames.selected_index == 1
    for value, frame in zip(box.values, box.frames.children):
        alt = re.search(r'alt="([^"]*)"', frame.value).group(1)
        assert alt == describe_expected_cost_frame(box.scene, value).replace("'", "&#x27;")


@pytest.mark.parametrize(("changes", "message"), [
    ({"p_true": 1.0}, re.escape("p_true must lie in (0, 1)")),
    ({"p_true": "0.6"}, "p_true must be a real number"),
    ({"values": [0.1]}, "values must hold 2 to 25 probabilities"),
    ({"values": [0.2, 0.1]}, "values must increase strictly"),
    ({"values": [0.1, 0.5]}, re.escape("values must lie in [0, 1 - p_true] = [0, 0.4]")),
    ({"values": [-0.1, 0.1]}, re.escape("values must lie in [0, 1 - p_true]")),
    ({"cost_matrix": [[0, 1], [1, 0]]}, re.escape("cost_matrix must have shape (3, 3)")),
    ({"cost_matrix": [[0, 1, np.nan]] * 3}, "cost_matrix must contain only finite numbers"),
    ({"classes": ("cat", "dog")}, "classes must be three distinct non-empty class names"),
    ({"classes": "abc"}, "classes must be three distinct non-empty class names"),
    ({"true_class": 3}, "true_class must be a class index 0, 1 or 2"),
    ({"moving": True}, "moving must be a class index 0, 1 or 2"),
    ({"moving": 0}, "moving must be a class other than the true class"),
    ({"tops": (1.0,)}, "tops must be a pair"),
    ({"tops": (1.0, -2.0)}, re.escape("tops[1] must be > 0")),
])
def test_bad_arguments_are_value_errors_naming_them(changes, message):
    arguments = {"p_true": 0.6, "values": [0.1, 0.2], "cost_matrix": COSTS, **changes}
    with pytest.raises(ValueError, match=message):
        expected_cost_scene(arguments.pop("p_true"), arguments.pop("values"), **arguments)


def test_a_value_the_scene_did_not_measure_is_a_value_error(scene):
    with pytest.raises(ValueError, match="value must be one of the scene's values"):
        draw_expected_cost_frame(scene, 0.01)
