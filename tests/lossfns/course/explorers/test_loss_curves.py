"""lossfns.course.explorers, chapter 8: the loss-curves explorer.

Oracles: lossfns.mse on predictions computed by hand from the recorded path, np.argmin,
and the figures' own artists (the marked step and the drawn curve).
"""

import re

import matplotlib
import numpy as np
import pytest

from lossfns import mse
from lossfns.course.explorers import (
    describe_loss_curves_step,
    draw_loss_curves_step,
    loss_curves_explorer,
    loss_curves_scene,
)
from lossfns.training import LinearModel, gradient_descent
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("closes_figures")

RNG = np.random.default_rng(5)
X_TRAIN = np.sort(RNG.uniform(-1, 1, 10))
Y_TRAIN = np.sin(2.5 * X_TRAIN) + 0.3 * RNG.standard_normal(10)
X_VAL = np.sort(RNG.uniform(-1, 1, 60))
Y_VAL = np.sin(2.5 * X_VAL) + 0.3 * RNG.standard_normal(60)
DEGREE = 8
STEPS = (0, 3, 30, 300, 1500)


def features(x):
    return np.polynomial.legendre.legvander(np.asarray(x), DEGREE)[:, 1:]


MODEL = LinearModel(DEGREE)
RUN = gradient_descent(MODEL, features(X_TRAIN), Y_TRAIN, learning_rate=0.3, steps=1500)


@pytest.fixture(scope="module")
def scene():
    return loss_curves_scene(MODEL, RUN, X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, steps=STEPS,
                             features=features, xlabel="x (units)", ylabel="y (units)")


def predict(step, x):
    return features(x) @ RUN.path["w"][step] + RUN.path["b"][step]


def test_losses_and_curves_match_predictions_from_the_path(scene):
    for step in (0, 30, 1500):
        assert scene.train_loss[step] == pytest.approx(mse(Y_TRAIN, predict(step, X_TRAIN)))
        assert scene.val_loss[step] == pytest.approx(mse(Y_VAL, predict(step, X_VAL)))
    for step in STEPS:
        np.testing.assert_allclose(scene.curves[step], predict(step, scene.grid), rtol=1e-10)
    assert scene.best_step == int(np.argmin(scene.val_loss))


def test_this_run_overfits_so_the_explorer_has_something_to_show(scene):
    assert scene.train_loss[-1] < scene.train_loss[scene.best_step]
    assert scene.val_loss[-1] > 1.2 * scene.val_loss[scene.best_step]


def test_each_frame_marks_its_own_step_and_draws_its_own_curve(scene):
    for step in (3, 300):
        fig = draw_loss_curves_step(scene, step)
        data, curves = fig.axes
        fitted = [line for line in data.get_lines() if "model after" in line.get_label()]
        np.testing.assert_allclose(fitted[0].get_ydata(), scene.curves[step])
        markers = [line for line in curves.get_lines() if line.get_marker() == "o"]
        assert {float(line.get_xdata()[0]) for line in markers} == {step}
        assert f"after {step} steps" in fig.get_suptitle()
        assert curves.get_xscale() == "symlog" and curves.get_yscale() == "log"


def test_figure_text_does_not_overlap_or_leave_the_figure(scene):
    fig = draw_loss_curves_step(scene, 300)
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig))


def test_alt_text_gives_the_numbers_of_the_step(scene):
    text = describe_loss_curves_step(scene, 1500)
    assert f"is at step {scene.best_step}" in text
    assert f"{scene.val_loss[1500]:.3g} now" in text
    assert "past the lowest validation loss" in text
    assert "before the lowest" in describe_loss_curves_step(scene, 0)
    assert len(re.findall(r"\w+", text)) > 30


def test_explorer_has_one_frame_per_step_and_the_frames_differ():
    box = loss_curves_explorer(MODEL, RUN, X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, steps=STEPS,
                               features=features, dpi=40, initial=2)
    assert box.values == STEPS and box.slider.index == 2
    images = [child.value for child in box.frames.children]
    assert len(set(images)) == len(STEPS)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"steps": [0]}, "at least 2 increasing"),
    ({"steps": [5, 3]}, "at least 2 increasing"),
    ({"steps": [0, 5000]}, "steps must lie in"),
    ({"steps": "0, 5"}, "steps must be a sequence"),
    ({"steps": [0, 5], "features": 3}, "features must be a function"),
    ({"steps": [0, 5], "x_val": [[0.0]]}, "x_val must be 1-D"),
    ({"steps": [0, 5], "y_train": [1.0, 2.0]}, "y_train"),
    ({"steps": [0, 5], "history": "run"}, "history must be a History"),
])
def test_bad_arguments_are_named(kwargs, message):
    arguments = {"history": RUN, "x_train": X_TRAIN, "y_train": Y_TRAIN, "x_val": X_VAL,
                 "y_val": Y_VAL, "features": features, **kwargs}
    with pytest.raises(ValueError, match=message):
        loss_curves_scene(MODEL, arguments.pop("history"), arguments.pop("x_train"),
                          arguments.pop("y_train"), arguments.pop("x_val"),
                          arguments.pop("y_val"), **arguments)


def test_drawing_a_step_that_is_not_a_frame_is_an_error(scene):
    with pytest.raises(ValueError, match="step must be one of"):
        draw_loss_curves_step(scene, 7)


def test_more_steps_than_frames_is_an_error():
    with pytest.raises(ValueError, match="at most"):
        loss_curves_explorer(MODEL, RUN, X_TRAIN, Y_TRAIN, X_VAL, Y_VAL,
                             steps=list(range(30)), features=features, dpi=30)
