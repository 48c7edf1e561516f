"""lossfns.course.explorers: the regimes of gradient descent and the learning-rate explorer.

Oracles: the Hessian of the MSE of a line written out, (2/n) [x 1]^T [x 1], its
eigenvalues from numpy.linalg.eigh, and the least-squares line from numpy.linalg.lstsq;
the regimes are checked at learning rates computed from those, never typed.
"""

import re

import matplotlib
import numpy as np
import pytest

from lossfns.course.explorers import (
    REGIME_COLOURS,
    REGIMES,
    descent_regime,
    describe_learning_rate_run,
    draw_learning_rate_run,
    learning_rate_explorer,
    learning_rate_scene,
)
from lossfns.training import LinearModel, TwoLayerNet, gradient_descent
from tests.lossfns.course.figure_checks import (
    assert_no_text_overlaps_or_leaves_the_figure,
    text_boxes,
)

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("closes_figures")


# ---------------------------------------------------------------------------
# the chapter's data: sixteen students, a line through (hours - 2, score)
# ---------------------------------------------------------------------------

def students():
    rng = np.random.default_rng(4)
    hours = np.round(rng.uniform(1.0, 3.2, size=16), 1)
    scores = np.round(3.0 + 1.5 * hours + rng.normal(0.0, 0.6, size=16), 1)
    return (hours - 2.0)[:, np.newaxis], scores


X, Y = students()
LINE = LinearModel(n_features=1)
FIRST_GUESS = {"w": np.array([-1.0]), "b": np.array(3.0)}
DESIGN = np.column_stack([X[:, 0], np.ones(len(Y))])
CURVATURES, DIRECTIONS = np.linalg.eigh(2.0 / len(Y) * DESIGN.T @ DESIGN)
LAMBDA_MIN, LAMBDA_MAX = CURVATURES
STEEP = DIRECTIONS[:, -1]
ETA_MAX = 2.0 / LAMBDA_MAX
MINIMUM = np.linalg.lstsq(DESIGN, Y, rcond=None)[0]            # (w, b)
GRID = {"w": np.linspace(-2.0, 4.5, 131), "b": np.linspace(1.5, 10.0, 171)}
LABELS = {"w": "slope $w$ (points per hour)", "b": "intercept $b$ (points)"}


def run(rate, steps=25):
    return gradient_descent(LINE, X, Y, learning_rate=rate, steps=steps, params=FIRST_GUESS,
                            on_divergence="stop")


# ---------------------------------------------------------------------------
# descent_regime
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("rate", "expected"), [
    (0.02 * ETA_MAX, "too small: crawls"),                   # far below the limit
    (0.1 * ETA_MAX, "too small: crawls"),
    (2.0 / (LAMBDA_MIN + LAMBDA_MAX), "good: converges"),    # the fastest rate
    (1.0 / LAMBDA_MAX, "good: converges"),                   # the steep direction in one step
    (1.9 / LAMBDA_MAX, "too large: oscillates"),             # between 1/lambda_max and 2/...
    (1.97 / LAMBDA_MAX, "too large: oscillates"),
    (1.05 * ETA_MAX, "far too large: diverges"),             # above 2/lambda_max
    (2.5 * ETA_MAX, "far too large: diverges"),
])
def test_each_regime_is_recognised_at_rates_computed_from_the_hessian(rate, expected):
    assert descent_regime(run(rate), MINIMUM, STEEP) == expected


def test_a_run_that_overflowed_is_recognised_as_diverging():
    history = run(30 * ETA_MAX, steps=500)
    assert history.diverged_at is not None
    assert descent_regime(history, MINIMUM, STEEP) == "far too large: diverges"


def test_the_regime_ignores_the_sign_and_length_of_the_steep_direction_and_takes_a_dict():
    history = run(1.97 / LAMBDA_MAX)
    as_dict = {"w": np.array([MINIMUM[0]]), "b": np.array(MINIMUM[1])}
    for direction in (STEEP, -STEEP, 5 * STEEP):
        assert descent_regime(history, as_dict, direction) == "too large: oscillates"


def test_a_looser_tolerance_turns_a_slow_run_into_a_converging_one():
    history = run(0.1 * ETA_MAX)
    end = np.array([history.params["w"][0], history.params["b"]])
    share = np.linalg.norm(end - MINIMUM) / np.linalg.norm(np.array([-1.0, 3.0]) - MINIMUM)
    assert descent_regime(history, MINIMUM, STEEP, tolerance=share * 0.99) == REGIMES[0]
    assert descent_regime(history, MINIMUM, STEEP, tolerance=share * 1.01) == REGIMES[1]


@pytest.mark.parametrize(("arguments", "message"), [
    (("not a run", MINIMUM, STEEP), "history must be a History"),
    ((None, [-1.0, 3.0], STEEP), "minimum: the run starts at the minimum"),
    ((None, MINIMUM, [1.0, 0.0, 0.0]), "steep_direction must have one entry per parameter"),
    ((None, MINIMUM, [0.0, 0.0]), "steep_direction must not be the zero vector"),
    ((None, [np.nan, 1.0], STEEP), "minimum must be finite"),
])
def test_descent_regime_rejects_bad_input(arguments, message):
    history = run(0.5 * ETA_MAX)
    arguments = tuple(history if a is None else a for a in arguments)
    with pytest.raises(ValueError, match=message):
        descent_regime(*arguments)


# ---------------------------------------------------------------------------
# the scene and its figure
# ---------------------------------------------------------------------------

FACTORS = (0.05, 0.62, 0.985, 2.5)   # crawls, converges, oscillates, diverges (times eta_max)


@pytest.fixture(scope="module")
def scene():
    return learning_rate_scene(
        LINE, X, Y, params=FIRST_GUESS, rates=[f * ETA_MAX for f in FACTORS], grid=GRID,
        levels=None, labels=LABELS, loss_units="points²")


def test_the_scene_measures_the_curvatures_the_limit_and_the_lowest_point(scene):
    np.testing.assert_allclose(scene.curvatures, CURVATURES, rtol=1e-9)
    assert scene.eta_max == pytest.approx(ETA_MAX, rel=1e-9)
    np.testing.assert_allclose(scene.minimum, MINIMUM, rtol=1e-12, atol=1e-12)
    assert abs(scene.steep_direction @ STEEP) == pytest.approx(1.0, rel=1e-9)
    assert [scene.regime(rate) for rate in scene.rates] == list(REGIMES)


def test_the_bands_go_through_the_regimes_in_order_and_diverge_from_eta_max_on(scene):
    regimes = list(scene.band_regimes)
    order = [REGIMES.index(name) for name in regimes]
    assert order == sorted(order) and set(regimes) == set(REGIMES)
    first_diverging = scene.band_rates[regimes.index(REGIMES[3])]
    step = scene.band_rates[1] / scene.band_rates[0]
    assert ETA_MAX <= first_diverging <= ETA_MAX * step


@pytest.mark.parametrize("factor", FACTORS)
def test_the_figure_has_its_title_axis_labels_and_no_overlapping_or_clipped_text(scene,
                                                                                 factor):
    rate = factor * ETA_MAX
    fig = draw_learning_rate_run(scene, rate)
    regime = scene.regime(rate)
    assert fig.get_suptitle() == (f"learning rate $\\eta$ = {rate:.3g} = {factor:.3g} "
                                  f"$\\eta_{{\\max}}$  \u2192  {regime}")
    valley, curve, rate_map = fig.get_axes()
    assert (valley.get_xlabel(), valley.get_ylabel()) == (LABELS["w"], LABELS["b"])
    assert valley.get_title() == "the path on the loss surface"
    assert curve.get_xlabel() == "step"
    assert curve.get_ylabel() == "loss above its lowest value\n(points², log scale)"
    assert curve.get_title() == "the loss, step by step"
    assert rate_map.get_xlabel() == "learning rate $\\eta$ (log scale)"
    assert rate_map.get_ylabel() == "error kept\nper step"
    assert tuple(fig.get_size_inches()) == (10.0, 6.6)
    band_names = {t.get_text().rstrip(" \u2192") for t in rate_map.texts}
    assert band_names == {name.split(": ")[1] for name in REGIMES}
    colours = {matplotlib.colors.to_hex(line.get_markerfacecolor())
               for line in valley.get_lines() + curve.get_lines() if line.get_marker() == "o"}
    assert colours == {REGIME_COLOURS[regime].lower()}

    boxes = text_boxes(fig, tick_labels=True)
    assert len(boxes) > 30
    assert_no_text_overlaps_or_leaves_the_figure(fig, boxes)


def test_only_a_path_that_leaves_the_map_says_so(scene):
    notes = {}
    for factor in FACTORS:
        fig = draw_learning_rate_run(scene, factor * ETA_MAX)
        notes[factor] = any(t.get_text() == "the path leaves the map"
                            for t in fig.get_axes()[0].texts)
    assert notes == {0.05: False, 0.62: False, 0.985: False, 2.5: True}


def test_the_alt_text_describes_the_run_in_numbers(scene):
    rate = scene.rates[0]
    text = describe_learning_rate_run(scene, rate)
    first = scene.runs[rate].train_loss[0] - scene.lowest
    assert text.startswith(f"Learning rate {rate:.3g}, which is 0.05 times the largest "
                           f"stable rate {ETA_MAX:.3g}: too small: crawls.")
    assert "from the first guess w = -1, b = 3" in text
    assert f"goes from {first:.3g} to " in text and "points squared in 25 steps" in text


# ---------------------------------------------------------------------------
# the explorer
# ---------------------------------------------------------------------------

SMALL_GRID = {"w": np.linspace(-2.0, 4.5, 27), "b": np.linspace(1.5, 10.0, 35)}


def test_the_explorer_has_one_frame_per_rate_with_distinct_alt_texts():
    rates = [f * ETA_MAX for f in (0.05, 0.15, 0.62, 0.96, 1.3)]
    box = learning_rate_explorer(LINE, X, Y, params=FIRST_GUESS, rates=rates,
                                 grid=SMALL_GRID, labels=LABELS, loss_units="points²",
                                 initial=2, dpi=40)
    assert box.slider.description == "learning rate η"
    assert box.slider.index == 2
    assert [label for label, _ in box.slider.options] == [f"{r:.3g}" for r in rates]
    assert len(box.frames.children) == len(rates)
    alts = [re.search(r'alt="([^"]*)"', frame.value).group(1) for frame in box.frames.children]
    assert all(alt.strip() for alt in alts)
    assert len(set(alts)) == len(rates)
    assert alts[0].startswith(f"Learning rate {rates[0]:.3g}, which is 0.05 times")
    assert [box.scene.regime(r) for r in rates] == [
        REGIMES[0], REGIMES[0], REGIMES[1], REGIMES[2], REGIMES[3]]


def explore(**changes):
    arguments = {"params": FIRST_GUESS, "rates": [0.1, 0.2], "grid": SMALL_GRID} | changes
    model = arguments.pop("model", LINE)
    return learning_rate_explorer(model, X, Y, **arguments)


@pytest.mark.parametrize(("changes", "message"), [
    ({"model": LinearModel(n_features=2),
      "params": {"w": np.zeros(2), "b": np.array(0.0)}},
     "model must have exactly two scalar parameters"),
    ({"model": TwoLayerNet(n_features=1, n_hidden=2),
      "params": TwoLayerNet(n_features=1, n_hidden=2).init_params()},
     "model must have exactly two scalar parameters"),
    ({"rates": []}, "rates must be a 1-D sequence of at least 2"),
    ({"rates": [0.1]}, "rates must be a 1-D sequence of at least 2"),
    ({"rates": list(np.linspace(0.01, 0.5, 26))}, "at most 25"),
    ({"rates": [0.0, 0.1]}, "rates must be finite learning rates > 0"),
    ({"rates": [-0.1, 0.1]}, "rates must be finite learning rates > 0"),
    ({"rates": [0.1, np.nan]}, "rates must be finite learning rates > 0"),
    ({"rates": [0.2, 0.1]}, "rates must increase"),
    ({"rates": "fast"}, "rates must be a sequence"),
    ({"grid": {"w": SMALL_GRID["w"]}}, "grid must map both parameter names"),
    ({"steps": 0}, "steps must be an integer"),
    ({"levels": [3.0, 1.0]}, "levels must be an increasing"),
    ({"minimum": {"w": 1.0}}, "minimum must have the keys"),
])
def test_bad_input_raises_a_value_error_naming_the_argument(changes, message):
    with pytest.raises(ValueError, match=message):
        explore(**changes)
