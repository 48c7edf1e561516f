"""lossfns.course.explorers, chapter 8: the combined-loss explorer (slide the box loss's weight).

Oracles: the scene's scores are recomputed with train_detector / evaluate_detector
directly, IoU by hand through interval_iou, and the layout with figure_checks.
"""

import re

import matplotlib
import numpy as np
import pytest

from lossfns.course.datasets import toy_detection
from lossfns.course.explorers import (
    combined_loss_explorer,
    combined_loss_scene,
    describe_combined_loss_frame,
    draw_combined_loss_frame,
)
from lossfns.training.multitask import TwoHeadNet, evaluate_detector, train_detector
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("closes_figures")

TRAIN, VAL = toy_detection(120, seed=0), toy_detection(60, seed=1)
LAMS = (0.0, 1.0, 30.0)
EXAMPLES = [int(np.flatnonzero(VAL.labels == c)[0]) for c in (1, 2, 0)]


@pytest.fixture(scope="module")
def scene():
    return combined_loss_scene(TRAIN, VAL, lams=LAMS, examples=EXAMPLES, steps=200)


def test_each_weight_gets_its_own_detector_from_the_same_start(scene):
    net = TwoHeadNet(24, 3, 3)
    for lam, scores in zip(LAMS, scene.scores):
        run = train_detector(net, TRAIN.X, TRAIN.labels, TRAIN.offsets, lam=lam,
                             learning_rate=0.02, steps=200, params=net.init_params(0))
        again = evaluate_detector(net, run.params, VAL)
        assert scores.accuracy == again.accuracy
        assert scores.mean_iou == pytest.approx(again.mean_iou)
    np.testing.assert_array_equal(scene.accuracy, [s.accuracy for s in scene.scores])


def test_without_a_box_loss_the_boxes_stay_untrained(scene):
    # lam = 0: the box head never moves, so its boxes are far worse than with lam = 1
    assert scene.train_box[0] > 5 * scene.train_box[1]
    assert scene.mean_iou[0] < scene.mean_iou[1]


def test_the_scene_keeps_the_drawn_strips(scene):
    np.testing.assert_array_equal(scene.X, VAL.X[EXAMPLES])
    np.testing.assert_array_equal(scene.labels, [1, 2, 0])
    assert np.isnan(scene.centres[2])


def test_the_frames_differ_from_weight_to_weight(scene):
    from lossfns.course.widgets import render_png

    pngs = {render_png(draw_combined_loss_frame(scene, lam), dpi=40) for lam in LAMS}
    assert len(pngs) == len(LAMS)


def test_the_title_and_the_star_give_the_current_scores(scene):
    fig = draw_combined_loss_frame(scene, 1.0)
    s = scene.scores[1]
    assert fig.get_suptitle() == f"λ = 1: accuracy {s.accuracy:.1%}, mean IoU {s.mean_iou:.2f}"
    curves = fig.axes[-2:]
    for ax, value in zip(curves, (s.accuracy, s.mean_iou)):
        star = next(line for line in ax.lines if line.get_marker() == "*")
        np.testing.assert_allclose(np.ravel(star.get_xydata()), [1, value])
    assert [t.get_text() for t in curves[1].get_xticklabels()] == ["0", "1", "30"]


@pytest.mark.parametrize("lam", LAMS)
def test_no_text_overlaps_another_or_leaves_the_figure(scene, lam):
    fig = draw_combined_loss_frame(scene, lam)
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


def test_the_alt_text_is_computed_from_the_scene(scene):
    from lossfns.training.multitask import interval_iou

    for k, lam in enumerate(LAMS):
        text = describe_combined_loss_frame(scene, lam)
        s = scene.scores[k]
        assert f"accuracy {s.accuracy:.1%} and mean IoU {s.mean_iou:.2f}" in text
        i = EXAMPLES[0]
        iou = interval_iou([s.centres[i]], [s.widths[i]], [VAL.centres[i]], [VAL.widths[i]])[0]
        assert f"strip {i}, a cat" in text and f"IoU {iou:.2f}" in text
        assert f"strip {EXAMPLES[2]}, background" in text
        best = LAMS[int(np.argmax(scene.mean_iou))]
        assert f"the mean IoU at λ = {best:g}" in text
        assert len(text.split()) >= 5


def test_the_explorer_is_a_slider_over_the_frames_with_alt_texts():
    box = combined_loss_explorer(TRAIN, VAL, lams=(0.0, 3.0), examples=EXAMPLES[:2],
                                 steps=50, initial=1, dpi=40)
    assert [label for label, _ in box.slider.options] == ["0", "3"]
    assert box.frames.selected_index == 1 and len(box.frames.children) == 2
    for lam, frame in zip(box.values, box.frames.children):
        alt = re.search(r'alt="([^"]*)"', frame.value).group(1)
        assert alt == describe_combined_loss_frame(box.scene, lam).replace("'", "&#x27;")


@pytest.mark.parametrize(("changes", "message"), [
    ({"lams": (1.0,)}, "lams must hold 2 to 25"),
    ({"lams": tuple(range(26))}, "lams must hold 2 to 25"),
    ({"lams": (1.0, 0.0)}, "lams must be distinct and increasing"),
    ({"lams": (-1.0, 1.0)}, "lams must be >= 0"),
    ({"examples": []}, "examples must be 1 to 6 indices"),
    ({"examples": [60]}, "examples must be 1 to 6 indices"),
    ({"examples": [0.5]}, "examples must be 1 to 6 indices"),
    ({"n_hidden": 0}, "n_hidden must be an integer >= 1"),
])
def test_combined_loss_scene_rejects_bad_input(changes, message):
    arguments = {"lams": LAMS, "examples": EXAMPLES, "steps": 2}
    arguments.update(changes)
    with pytest.raises(ValueError, match=message):
        combined_loss_scene(TRAIN, VAL, **arguments)


def test_an_unknown_weight_is_rejected(scene):
    with pytest.raises(ValueError, match="lam must be one of"):
        draw_combined_loss_frame(scene, 2.0)


@pytest.mark.parametrize(("train", "validation", "message"), [
    ((np.zeros((4, 24)), [0, 1, 2, 0]), VAL, "train must be a DetectionData"),
    (TRAIN, {"X": np.zeros((4, 24))}, "validation must be a DetectionData"),
])
def test_data_that_is_not_detection_data_is_named(train, validation, message):
    with pytest.raises(ValueError, match=message):
        combined_loss_scene(train, validation, lams=LAMS, examples=EXAMPLES, steps=2)
