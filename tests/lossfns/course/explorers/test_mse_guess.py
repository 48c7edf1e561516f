"""lossfns.course.explorers, chapter 0: one guess for every observation, scored by the MSE.

Oracles: the mean of squared errors written out in plain Python, and the vertex of the
parabola numpy.polyfit finds through the drawn curve.
"""

import re

import matplotlib
import numpy as np
import pytest

from lossfns.course.explorers import (
    describe_mse_guess_frame,
    draw_mse_guess_frame,
    mse_guess_explorer,
    mse_guess_scene,
)
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("closes_figures")

# the welcome chapter's five observations and the slider's 21 guesses
Y = [1.0, 2.0, 3.0, 7.0, 9.0]
GUESSES = np.arange(0.0, 10.01, 0.5)


def _mse_by_hand(c, values=Y):
    return sum((c - v) ** 2 for v in values) / len(values)


@pytest.fixture(scope="module")
def scene():
    return mse_guess_scene(Y, GUESSES, loss_top=45)


def test_the_scene_scores_every_guess_by_the_mean_squared_error(scene):
    assert scene.guesses == tuple(float(c) for c in GUESSES)
    np.testing.assert_allclose(scene.losses, [_mse_by_hand(c) for c in GUESSES], rtol=1e-14)
    np.testing.assert_allclose(scene.curve, [_mse_by_hand(c) for c in scene.grid], rtol=1e-14)
    assert scene.grid[0] == GUESSES[0] and scene.grid[-1] == GUESSES[-1]
    assert scene.mean == pytest.approx(sum(Y) / len(Y))


def test_the_curve_is_a_parabola_lowest_at_the_mean(scene):
    a, b, _ = np.polyfit(scene.grid, scene.curve, 2)
    assert a == pytest.approx(1.0)              # (1/n) * n * c^2
    assert -b / (2 * a) == pytest.approx(scene.mean)


def test_the_value_axis_covers_observations_and_guesses_with_a_margin(scene):
    assert scene.value_limits == (-0.5, 10.5)   # span 0..10, a twentieth added each end
    low_guesses = mse_guess_scene([5.0, 6.0], [5.5, 5.75])
    assert low_guesses.value_limits == (4.95, 6.05)


def test_the_loss_axis_top_defaults_to_a_tenth_above_the_curve():
    default = mse_guess_scene(Y, GUESSES)
    assert default.loss_top == pytest.approx(1.1 * _mse_by_hand(10.0))
    assert mse_guess_scene(Y, GUESSES, loss_top=45).loss_top == 45.0


def test_the_figure_shows_the_guess_its_errors_and_its_mse(scene):
    fig = draw_mse_guess_frame(scene, 3.0)
    left, right = fig.axes
    assert left.get_title() == "guess $c = 3.0$"
    assert right.get_title() == f"MSE = {_mse_by_hand(3.0):.2f}"
    assert (left.get_xlabel(), left.get_ylabel()) == ("observation $i$", "value")
    assert (right.get_xlabel(), right.get_ylabel()) == ("guess $c$", "MSE")
    assert left.get_ylim() == (-0.5, 10.5) and right.get_ylim() == (0.0, 45.0)
    guess_line = left.lines[0]
    assert list(guess_line.get_ydata()) == [3.0, 3.0]
    errors = left.collections[0].get_segments()
    assert [tuple(np.sort(seg[:, 1])) for seg in errors] == [
        tuple(sorted((v, 3.0))) for v in Y]
    dot = right.lines[1]
    np.testing.assert_allclose(dot.get_xydata(), [[3.0, _mse_by_hand(3.0)]])


def test_the_frames_differ_from_one_guess_to_the_next(scene):
    from lossfns.course.widgets import render_png

    pngs = {render_png(draw_mse_guess_frame(scene, c), dpi=30) for c in scene.guesses[::4]}
    assert len(pngs) == len(scene.guesses[::4])


@pytest.mark.parametrize("guess", [0.0, 4.5, 10.0])
def test_no_text_overlaps_another_or_leaves_the_figure(scene, guess):
    fig = draw_mse_guess_frame(scene, guess)
    assert_no_text_overlaps_or_leaves_the_figure(fig, text_boxes(fig, tick_labels=True))


@pytest.mark.parametrize("guess", [0.0, 3.0, 4.5, 10.0])
def test_the_alt_text_describes_each_frame_in_numbers(scene, guess):
    text = describe_mse_guess_frame(scene, guess)
    assert text.startswith("Left: the five observations, the guess ")
    assert f"c = {guess:.1f} and the errors" in text
    assert "a parabola lowest at the mean of the observations, 4.4" in text
    assert text.endswith(f"the current guess has MSE {_mse_by_hand(guess):.2f}.")


def test_the_alt_text_counts_the_observations_in_words_then_digits():
    assert "the two observations" in describe_mse_guess_frame(
        mse_guess_scene([1.0, 2.0], [0.0, 1.0]), 0.0)
    assert "the 12 observations" in describe_mse_guess_frame(
        mse_guess_scene(np.arange(12.0), [0.0, 1.0]), 0.0)


def test_decimals_set_the_titles_the_alt_text_and_the_slider():
    box = mse_guess_explorer(Y, [2.25, 4.4], decimals=2, dpi=30)
    assert [label for label, _ in box.slider.options] == ["2.25", "4.40"]
    assert "c = 2.25 and" in describe_mse_guess_frame(box.scene, 2.25)
    assert "of the observations, 4.40;" in describe_mse_guess_frame(box.scene, 2.25)
    assert draw_mse_guess_frame(box.scene, 2.25).axes[0].get_title() == "guess $c = 2.25$"


def test_the_explorer_is_a_slider_over_the_frames_with_alt_texts():
    box = mse_guess_explorer(Y, [0.0, 3.0, 4.5], initial=1, description="the guess", dpi=30)
    assert box.slider.description == "the guess"
    assert [label for label, _ in box.slider.options] == ["0.0", "3.0", "4.5"]
    assert box.frames.selected_index == 1
    for guess, frame in zip(box.values, box.frames.children):
        alt = re.search(r'alt="([^"]*)"', frame.value).group(1)
        assert alt == describe_mse_guess_frame(box.scene, guess)


@pytest.mark.parametrize(("arguments", "message"), [
    ({"y": [[1.0, 2.0]]}, "y must be a 1-D array of at least two observations"),
    ({"y": [1.0]}, "y must be a 1-D array of at least two observations"),
    ({"y": [1.0, float("nan")]}, "y must contain only finite numbers"),
    ({"guesses": [1.0]}, "guesses must hold 2 to 25 guesses"),
    ({"guesses": np.arange(26.0)}, "guesses must hold 2 to 25 guesses"),
    ({"guesses": [2.0, 1.0]}, "guesses must increase strictly"),
    ({"guesses": [1.0, float("inf")]}, "guesses must be finite"),
    ({"guesses": "0123"}, "guesses must be a 1-D sequence of numbers"),
    ({"loss_top": 0}, "loss_top must be > 0"),
    ({"decimals": -1}, "decimals must be an integer from 0 to 6"),
    ({"decimals": True}, "decimals must be an integer from 0 to 6"),
])
def test_bad_arguments_are_value_errors_naming_them(arguments, message):
    full = {"y": Y, "guesses": [0.0, 1.0], **arguments}
    with pytest.raises(ValueError, match=message):
        mse_guess_scene(full.pop("y"), full.pop("guesses"), **full)


def test_a_guess_the_scene_did_not_measure_is_a_value_error(scene):
    with pytest.raises(ValueError, match="guess must be one of the scene's guesses"):
        draw_mse_guess_frame(scene, 0.25)
    with pytest.raises(ValueError, match="guess must be one of the scene's guesses"):
        describe_mse_guess_frame(scene, 11.0)
