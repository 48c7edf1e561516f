"""lossfns.course.explorers, chapter 1: a mistake notebook, page by page, over training.

Oracles: the cross-entropy of a softmax written out in numpy (log of the exponentials'
share of the true class), argmax by hand for right answers and class regions, and the
worst entries sorted in plain Python.
"""

import re

import matplotlib
import matplotlib.pyplot
import numpy as np
import pytest

import lossfns
from lossfns.course.datasets import cat_dog_tiger_photos
from lossfns.course.explorers import (
    describe_notebook_page,
    draw_notebook_page,
    notebook_pages_explorer,
    notebook_pages_scene,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("closes_figures")

PHOTOS = cat_dog_tiger_photos(n_per_class=5, seed=3)
X, Y = PHOTOS.X, PHOTOS.y
LIMITS = {"xlim": (-2.8, 2.6), "ylim": (-2.1, 2.6)}


def _train(steps=12, every=3):
    """Gradient descent on a linear softmax classifier, recording a page every few steps."""
    W, b = np.random.default_rng(1).normal(size=(2, 3)), np.zeros(3)
    notebook = lossfns.training.MistakeNotebook(lossfns.cross_entropy, names=PHOTOS.names)
    notebook.record(Y, X @ W + b, step=0)
    snapshots = {0: (W.copy(), b.copy())}
    for step in range(1, steps + 1):
        g = lossfns.cross_entropy_grad(Y, X @ W + b)
        W, b = W - 0.5 * X.T @ g, b - 0.5 * g.sum(axis=0)
        if step % every == 0:
            notebook.record(Y, X @ W + b, step=step)
            snapshots[step] = (W.copy(), b.copy())
    return notebook, snapshots


NOTEBOOK, SNAPSHOTS = _train()


def _losses_by_hand(W, b):
    z = X @ W + b
    return np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(Y)), Y]


@pytest.fixture(scope="module")
def scene():
    return notebook_pages_scene(NOTEBOOK, SNAPSHOTS, X, Y, classes=PHOTOS.classes,
                                features=PHOTOS.features, point_name="photo", **LIMITS)


def test_every_page_holds_the_cross_entropy_of_every_photo(scene):
    assert scene.steps == (0, 3, 6, 9, 12)
    for page, step in enumerate(scene.steps):
        np.testing.assert_allclose(scene.losses[page], _losses_by_hand(*SNAPSHOTS[step]),
                                   rtol=1e-12)
    np.testing.assert_allclose(scene.mean_losses, scene.losses.mean(axis=1), rtol=1e-15)
    assert scene.loss_top == pytest.approx(1.2 * scene.losses.max())


def test_right_answers_and_worst_entries_are_found_by_hand(scene):
    for page, step in enumerate(scene.steps):
        W, b = SNAPSHOTS[step]
        assert scene.right[page].tolist() == [int(np.argmax(x @ W + b)) == t
                                              for x, t in zip(X, Y)]
        losses = scene.losses[page].tolist()
        by_hand = sorted(range(len(Y)), key=lambda i: -losses[i])[:3]
        assert scene.worst[page].tolist() == by_hand
    # training fixes mistakes: fewer wrong answers on the last page than on the first
    assert scene.right[-1].sum() > scene.right[0].sum()


def test_the_class_regions_are_the_model_s_answers_on_the_grid(scene):
    assert scene.grid_x.shape == scene.grid_y.shape == (220, 220)
    assert (scene.grid_x.min(), scene.grid_x.max()) == LIMITS["xlim"]
    assert (scene.grid_y.min(), scene.grid_y.max()) == LIMITS["ylim"]
    rng = np.random.default_rng(0)
    for page, step in enumerate(scene.steps):
        W, b = SNAPSHOTS[step]
        for i, j in rng.integers(0, 220, size=(20, 2)):
            point = np.array([scene.grid_x[i, j], scene.grid_y[i, j]])
            assert scene.regions[page, i, j] == np.argmax(point @ W + b)


def test_the_default_plane_covers_every_photo():
    default = notebook_pages_scene(NOTEBOOK, SNAPSHOTS, X, Y, classes=PHOTOS.classes)
    assert default.grid_x.min() < X[:, 0].min() and default.grid_x.max() > X[:, 0].max()
    assert default.grid_y.min() < X[:, 1].min() and default.grid_y.max() > X[:, 1].max()


def test_the_page_draws_every_loss_worst_first_and_wrong_answers_in_red(scene):
    from matplotlib.colors import to_hex

    from lossfns.course.plotting import OKABE_ITO

    page = 1
    fig = draw_notebook_page(scene, scene.steps[page])
    plane, bars = fig.axes
    heights = [patch.get_height() for patch in bars.patches]
    np.testing.assert_allclose(heights, sorted(scene.losses[page], reverse=True))
    order = np.argsort(-scene.losses[page], kind="stable")
    expected = [OKABE_ITO["blue"] if scene.right[page][i] else OKABE_ITO["vermillion"]
                for i in order]
    assert [to_hex(patch.get_facecolor()) for patch in bars.patches] == [
        to_hex(c) for c in expected]
    wrong = int((~scene.right[page]).sum())
    assert bars.get_title() == (f"the page: mean {scene.mean_losses[page]:.2f} nats, "
                                f"{wrong} wrong")
    assert plane.get_title() == f"step {scene.steps[page]}: the model's view"
    assert (plane.get_xlabel(), plane.get_ylabel()) == PHOTOS.features
    assert bars.get_ylim() == (0.0, scene.loss_top)
    box = next(t for t in bars.texts if t.get_text().startswith("worst entries"))
    for rank, i in enumerate(scene.worst[page], start=1):
        assert f"{rank}  {PHOTOS.names[i]}: {scene.losses[page][i]:.2f}" in box.get_text()


def test_the_worst_entries_are_ringed_and_numbered_on_the_plane(scene):
    page = 0
    fig = draw_notebook_page(scene, scene.steps[page])
    plane = fig.axes[0]
    from matplotlib.collections import PathCollection

    rings = [c for c in plane.collections
             if isinstance(c, PathCollection) and np.allclose(c.get_sizes(), [330])]
    ringed = [tuple(ring.get_offsets()[0]) for ring in rings]
    assert ringed == [tuple(X[i]) for i in scene.worst[page]]
    ranks = [t for t in plane.texts if t.get_text() in ("1", "2", "3")]
    assert [(t.get_text(), tuple(t.xy)) for t in ranks] == [
        (str(rank), tuple(X[i])) for rank, i in enumerate(scene.worst[page], start=1)]


def test_the_frames_differ_from_one_page_to_the_next(scene):
    from lossfns.course.widgets import render_png

    pngs = {render_png(draw_notebook_page(scene, step), dpi=30) for step in scene.steps}
    assert len(pngs) == len(scene.steps)


def test_no_text_overlaps_another_or_leaves_the_figure(scene):
    # Every text but the plane's rank numbers, which sit by their rings and may meet
    # where two of the worst photos lie close together.
    for step in scene.steps:
        fig = draw_notebook_page(scene, step)
        plane, bars = fig.axes
        boxes = text_boxes(fig, axes=[bars]) + [
            (text, box) for text, box in text_boxes(fig, axes=[plane])
            if text not in ("1", "2", "3")]
        assert_no_text_overlaps_or_leaves_the_figure(fig, boxes)
        matplotlib.pyplot.close(fig)


def test_the_alt_text_describes_each_page_in_numbers(scene):
    for page, step in enumerate(scene.steps):
        text = describe_notebook_page(scene, step)
        wrong = int((~scene.right[page]).sum())
        assert text.startswith(
            f"Step {step}. Left: the 15 photos of cats, dogs and tigers by size and stripes "
            "over the model's predicted class regions, the three worst entries circled. "
            f"Right: the 15 losses sorted worst first; {wrong} of them are wrong answers; "
            f"mean loss {scene.mean_losses[page]:.2f} nats. Worst three: ")
        named = "; ".join(f"{PHOTOS.names[i]}, {scene.losses[page][i]:.2f} nats"
                          for i in scene.worst[page])
        assert text.endswith(f"Worst three: {named}.")
    assert len({describe_notebook_page(scene, step) for step in scene.steps}) == \
        len(scene.steps)


def test_one_worst_entry_is_described_in_the_singular():
    one = notebook_pages_scene(NOTEBOOK, SNAPSHOTS, X, Y, classes=PHOTOS.classes, k=1)
    text = describe_notebook_page(one, 0)
    assert "the worst entry circled" in text and "Worst: " in text
    assert one.worst.shape == (len(one.steps), 1)


def test_the_explorer_is_a_slider_over_the_steps_with_alt_texts():
    box = notebook_pages_explorer(NOTEBOOK, SNAPSHOTS, X, Y, classes=PHOTOS.classes,
                                  features=PHOTOS.features, point_name="photo", initial=2,
                                  dpi=30)
    assert box.slider.description == "training step"
    assert [label for label, _ in box.slider.options] == ["0", "3", "6", "9", "12"]
    assert box.frames.selected_index == 2
    for step, frame in zip(box.values, box.frames.children):
        alt = re.search(r'alt="([^"]*)"', frame.value).group(1)
        assert alt == describe_notebook_page(box.scene, step).replace("'", "&#x27;")


def _one_page_notebook():
    notebook = lossfns.training.MistakeNotebook(lossfns.cross_entropy)
    notebook.record(Y, X @ SNAPSHOTS[0][0], step=0)
    return notebook


@pytest.mark.parametrize(("changes", "message"), [
    ({"notebook": "a notebook"}, "notebook must be a lossfns.training.MistakeNotebook"),
    ({"notebook": _one_page_notebook()}, "notebook must have 2 to 25 recorded steps"),
    ({"snapshots": [(0, 0)]}, "snapshots must be a mapping"),
    ({"snapshots": {0: SNAPSHOTS[0]}}, "snapshots has no parameters for step 3"),
    ({"snapshots": {**SNAPSHOTS, 3: (np.zeros((3, 3)), np.zeros(3))}},
     re.escape("snapshots[3] must hold W of shape (2, 3)")),
    ({"snapshots": {**SNAPSHOTS, 3: "W and b"}}, re.escape("snapshots[3] must be a pair")),
    ({"X": X[:-1]}, "X must have one row per example of the notebook"),
    ({"X": np.zeros((15, 3))}, "X must have 2 columns"),
    ({"y": np.full(15, 3)}, "y must contain class indices in \\[0, 2\\]"),
    ({"classes": ("cat", "dog", "tiger", "lion")}, "classes must be a sequence of 2 to 3"),
    ({"classes": ("cat", "cat", "dog")}, "classes must be a sequence of 2 to 3 distinct"),
    ({"features": ("size",)}, "features must be a sequence of 2 distinct"),
    ({"k": 0}, "k must be 1, 2 or 3"),
    ({"k": 4}, "k must be 1, 2 or 3"),
    ({"xlim": (2.0, -2.0)}, "xlim must be a pair \\(low, high\\)"),
    ({"ylim": "wide"}, "ylim must be a pair \\(low, high\\)"),
    ({"point_name": ""}, "point_name must be a non-empty str"),
    ({"units": None}, "units must be a non-empty str"),
])
def test_bad_arguments_are_value_errors_naming_them(changes, message):
    arguments = {"notebook": NOTEBOOK, "snapshots": SNAPSHOTS, "X": X, "y": Y,
                 "classes": PHOTOS.classes, **changes}
    with pytest.raises(ValueError, match=message):
        notebook_pages_scene(arguments.pop("notebook"), arguments.pop("snapshots"),
                             arguments.pop("X"), arguments.pop("y"), **arguments)


def test_a_step_the_notebook_did_not_record_is_a_value_error(scene):
    with pytest.raises(ValueError, match="step must be one of the scene's steps"):
        draw_notebook_page(scene, 4)
