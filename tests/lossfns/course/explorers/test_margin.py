"""lossfns.course.explorers, chapter 7: the margin explorer (one point moved across an
SVM's margin).

Oracles: margins and hinge losses written out in plain Python, and scikit-learn's SVC,
whose support vectors the scene must find from the parameters alone.
"""

import re

import matplotlib
import matplotlib.pyplot
import numpy as np
import pytest

from lossfns.course.datasets import spam_emails
from lossfns.course.explorers import (
    describe_margin_frame,
    draw_margin_frame,
    margin_explorer,
    margin_scene,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    overlap,
    text_boxes,
)

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("closes_figures")


# A tiny SVM: s = x1 - x2, so the boundary is the diagonal and the margin lines are
# x1 - x2 = +1 and -1.
PARAMS = {"w": np.array([1.0, -1.0]), "b": np.array(0.0)}
X = np.array([[2.0, 0.0], [0.5, 0.0], [0.0, 0.5], [-1.0, 1.0], [0.0, 3.0], [1.0, 0.0]])
Y = np.array([1.0, 1.0, -1.0, 1.0, -1.0, -1.0])
POSITIONS = np.array([[-2.0, 0.0], [0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [3.0, 0.0]])


def _margins_by_hand(points, labels):
    return [yi * (x1 - x2) for (x1, x2), yi in zip(points, labels)]


@pytest.fixture(scope="module")
def scene():
    return margin_scene(PARAMS, X, Y, positions=POSITIONS, label=1,
                        values=(-2.0, 0.0, 0.5, 1.0, 3.0), features=("first", "second"),
                        classes=("ham", "spam"), point_name="email")


def test_the_scene_measures_margins_losses_and_support_vectors(scene):
    margins = _margins_by_hand(X, Y)
    np.testing.assert_allclose(scene.margins, margins)
    np.testing.assert_allclose(scene.losses, [max(0.0, 1 - m) for m in margins])
    assert scene.support.tolist() == [m <= 1 for m in margins]
    point = _margins_by_hand(POSITIONS, [1.0] * len(POSITIONS))
    np.testing.assert_allclose(scene.point_margins, point)
    np.testing.assert_allclose(scene.point_losses, [max(0.0, 1 - m) for m in point])
    # margin exactly 1 counts as a support vector (the kink), margin 3 does not
    assert scene.point_support.tolist() == [True, True, True, True, False]


def test_the_tolerance_counts_near_margin_points_as_support_vectors():
    nearly = np.array([[1.004, 0.0], [1.02, 0.0]])
    strict = margin_scene(PARAMS, nearly, [1, 1], positions=nearly, label=1)
    loose = margin_scene(PARAMS, nearly, [1, 1], positions=nearly, label=1, tolerance=0.01)
    assert strict.support.tolist() == [False, False]
    assert loose.support.tolist() == [True, False]
    assert loose.point_support.tolist() == [True, False]


def test_the_scene_finds_scikit_learns_support_vectors_on_the_chapter_s_emails():
    svm = pytest.importorskip("sklearn.svm")
    emails, labels = spam_emails()
    z = (emails - emails.mean(axis=0)) / emails.std(axis=0)
    fitted = svm.SVC(kernel="linear", C=1 / (0.02 * len(labels)), tol=1e-10).fit(z, labels)
    params = {"w": fitted.coef_[0], "b": np.array(fitted.intercept_[0])}
    found = margin_scene(params, z, labels, positions=z[:2], label=1, tolerance=1e-6)
    assert set(np.flatnonzero(found.support)) == set(fitted.support_)


def test_the_map_covers_every_point(scene):
    everything = np.vstack([X, POSITIONS])
    assert scene.xlim[0] < everything[:, 0].min() and scene.xlim[1] > everything[:, 0].max()
    assert scene.ylim[0] < everything[:, 1].min() and scene.ylim[1] > everything[:, 1].max()


def test_the_frame_title_states_margin_loss_and_verdict(scene):
    for value, margin, answer in ((-2.0, -2.0, "yes"), (0.5, 0.5, "yes"), (3.0, 3.0, "no")):
        fig = draw_margin_frame(scene, value)
        loss = max(0.0, 1 - margin)
        assert fig.get_suptitle() == (f"margin m = {margin:.2f}, hinge loss {loss:.2f}, "
                                      f"support vector: {answer}")
        left, right = fig.axes[:2]
        assert left.get_xlabel() == "first" and left.get_ylabel() == "second"
        assert right.get_xlabel().startswith("margin")


def test_the_frames_differ_where_the_point_moves(scene):
    from lossfns.course.widgets import render_png

    pngs = {render_png(draw_margin_frame(scene, value), dpi=40) for value in scene.values}
    assert len(pngs) == len(scene.values)


def test_the_star_is_drawn_at_the_point_s_position_and_margin(scene):
    fig = draw_margin_frame(scene, 0.5)
    left, right = fig.axes[:2]
    stars = [line for line in left.lines if line.get_marker() == "*"]
    assert len(stars) == 1
    np.testing.assert_allclose(np.ravel(stars[0].get_xydata()), POSITIONS[2])
    stars = [line for line in right.lines if line.get_marker() == "*"]
    np.testing.assert_allclose(np.ravel(stars[0].get_xydata()), [0.5, 0.5])


@pytest.mark.parametrize("value", [-2.0, 0.5, 1.0, 3.0])
def test_no_text_overlaps_another_or_leaves_the_figure(scene, value):
    fig = draw_margin_frame(scene, value)
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


@pytest.mark.parametrize(("value", "phrases"), [
    (-2.0, ["on the wrong side of the boundary", "misclassified as ham",
            "margin -2.00 and loss 3.00", "it is a support vector"]),
    (0.5, ["inside the margin band", "margin 0.50 and loss 0.50"]),
    (1.0, ["on its margin line", "margin 1.00 and loss 0.00", "it is a support vector"]),
    (3.0, ["beyond its margin line", "it is not a support vector"]),
])
def test_the_alt_text_is_computed_from_the_scene(scene, value, phrases):
    text = describe_margin_frame(scene, value)
    assert text.startswith("Left: 6 training points")
    assert f"{int(scene.support.sum())} support vectors are ringed" in text
    assert "one more email, a spam" in text
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert len(text.split()) >= 5


def test_the_explorer_is_a_slider_over_the_frames_with_alt_texts():
    box = margin_explorer(PARAMS, X, Y, positions=POSITIONS[:3], label=1,
                          values=(-2.0, 0.0, 0.5), format="{:.1f}", description="moved",
                          initial=1, dpi=40)
    assert box.slider.description == "moved"
    assert [label for label, _ in box.slider.options] == ["-2.0", "0.0", "0.5"]
    assert box.frames.selected_index == 1
    assert len(box.frames.children) == 3
    for value, frame in zip(box.values, box.frames.children):
        alt = re.search(r'alt="([^"]*)"', frame.value).group(1)
        assert alt == describe_margin_frame(box.scene, value).replace("'", "&#x27;")


@pytest.mark.parametrize(("changes", "message"), [
    ({"label": 0}, "label must be -1 or \\+1"),
    ({"label": True}, "label must be -1 or \\+1"),
    ({"y": [1, 0, 1, 1, 0, 1]}, "y must contain labels -1 or \\+1"),
    ({"y": [1.0, -1.0]}, "y must have shape"),
    ({"positions": POSITIONS[:1]}, "positions must hold 2 to 25"),
    ({"positions": np.zeros((26, 2))}, "positions must hold 2 to 25"),
    ({"positions": np.zeros((3, 3))}, "positions must have 2 columns"),
    ({"values": (1, 2)}, "values must have one entry per position"),
    ({"tolerance": -0.1}, "tolerance"),
    ({"features": ("only one",)}, "features must be a pair"),
    ({"classes": "ab"}, "classes must be a pair"),
    ({"point_name": ""}, "point_name must be a non-empty str"),
    ({"params": {"w": np.array([1.0]), "b": np.array(0.0)}}, "params\\['w'\\] must have shape"),
    ({"X": np.zeros((6, 3))}, "X must have 2 columns"),
])
def test_margin_scene_rejects_bad_input(changes, message):
    arguments = {"params": PARAMS, "X": X, "y": Y, "positions": POSITIONS, "label": 1}
    arguments.update(changes)
    params, X_, y_ = arguments.pop("params"), arguments.pop("X"), arguments.pop("y")
    with pytest.raises(ValueError, match=message):
        margin_scene(params, X_, y_, **arguments)


def test_an_unknown_value_is_rejected(scene):
    with pytest.raises(ValueError, match="value must be one of"):
        draw_margin_frame(scene, 7.0)


def test_the_star_never_hides_a_label_of_the_hinge_panel():
    # margins from -2.5 to 2.5 keep the panel at its narrowest, where labels sit closest
    margins = np.linspace(-2.5, 2.5, 11)
    positions = np.column_stack([margins, np.zeros_like(margins)])  # s = x1 - x2 = margin
    sweep = margin_scene(PARAMS, X, Y, positions=positions, label=1, values=tuple(margins))
    for value in sweep.values:
        fig = draw_margin_frame(sweep, value)
        right = fig.axes[1]
        boxes = text_boxes(fig, axes=[right])  # draws the figure: the layout is final
        star = next(line for line in right.lines if line.get_marker() == "*")
        star_box = star.get_window_extent(fig.canvas.get_renderer())
        for text, box in boxes:
            assert not overlap(star_box, box), (value, text)
        matplotlib.pyplot.close(fig)
