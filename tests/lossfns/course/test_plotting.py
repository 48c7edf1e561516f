"""The book's figure style: colour-blind-safe cycle, legible text, opaque white background."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyArrowPatch
from PIL import Image

from lossfns.course.plotting import (
    BOOK_RCPARAMS,
    COLOR_CYCLE,
    GRAPH_NODE_STYLES,
    OKABE_ITO,
    book_style,
    draw_computation_graph,
    new_figure,
    use_book_style,
)
from tests.lossfns.course.figure_checks import overlap


@pytest.fixture(autouse=True)
def _restore_rcparams():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def _relative_luminance(colour):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast_with_white(colour):
    return 1.05 / (_relative_luminance(colour) + 0.05)


def test_okabe_ito_has_the_eight_published_colours():
    assert dict(OKABE_ITO) == {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }


def test_colour_cycle_uses_okabe_ito_without_yellow():
    assert set(COLOR_CYCLE) <= set(OKABE_ITO.values())
    assert len(set(COLOR_CYCLE)) == len(COLOR_CYCLE) == 7
    assert OKABE_ITO["yellow"] not in COLOR_CYCLE


def test_first_three_cycle_colours_meet_3_to_1_contrast_on_white():
    # WCAG 2.1 SC 1.4.11 (non-text contrast) asks 3:1 for lines that carry meaning.
    contrasts = [_contrast_with_white(colour) for colour in COLOR_CYCLE[:3]]
    assert min(contrasts) >= 3.0, contrasts


def test_use_book_style_sets_the_colour_cycle_and_grid():
    use_book_style()
    colours = [entry["color"] for entry in matplotlib.rcParams["axes.prop_cycle"]]
    assert colours == list(COLOR_CYCLE)
    assert matplotlib.rcParams["axes.grid"] is True


def test_text_is_large_enough_to_read():
    use_book_style()
    for key in (
        "font.size",
        "axes.labelsize",
        "xtick.labelsize",
        "ytick.labelsize",
        "legend.fontsize",
        "axes.titlesize",
    ):
        assert matplotlib.rcParams[key] >= 11, key


def test_book_style_context_restores_previous_settings():
    matplotlib.rcParams["axes.grid"] = False
    with book_style():
        assert matplotlib.rcParams["axes.grid"] is True
    assert matplotlib.rcParams["axes.grid"] is False


def test_new_figure_labels_every_axes():
    _fig, axes = new_figure(1, 2, xlabel="prediction", ylabel="loss", title="t")
    assert axes.shape == (2,)
    for ax in axes:
        assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("prediction", "loss", "t")


def test_new_figure_has_requested_size():
    fig, _axes = new_figure(width=5.0, height=2.5)
    assert tuple(fig.get_size_inches()) == (5.0, 2.5)


@pytest.mark.parametrize("transparent_default", [False, True])
def test_rendered_figure_is_opaque_white_for_light_and_dark_pages(transparent_default):
    # A transparent PNG would show black axis text on the dark theme's dark background.
    matplotlib.rcParams["savefig.transparent"] = transparent_default
    matplotlib.rcParams["figure.facecolor"] = (1, 1, 1, 0)
    fig, ax = new_figure(xlabel="x", ylabel="y")
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    pixels = np.asarray(Image.open(buffer).convert("RGBA"))
    assert pixels[..., 3].min() == 255  # no transparent pixel anywhere
    assert tuple(pixels[0, 0]) == (255, 255, 255, 255)


def test_text_colour_contrasts_with_the_white_background():
    assert _contrast_with_white(BOOK_RCPARAMS["text.color"]) >= 7.0
    assert _contrast_with_white(BOOK_RCPARAMS["xtick.color"]) >= 4.5


@pytest.mark.parametrize(
    "kwargs", [{"nrows": 0}, {"ncols": -1}, {"nrows": 1.5}, {"width": 0}, {"height": -2}]
)
def test_new_figure_rejects_impossible_layouts(kwargs):
    with pytest.raises(ValueError, match="must be positive"):
        new_figure(**kwargs)


# --- draw_computation_graph ----------------------------------------------------------------

TWO_LAYER_NODES = {
    "X": (0.0, 0.0, "$X$", "data"),
    "W1": (1.9, 1.5, "$W_1$", "parameter"),
    "b1": (3.5, 1.5, "$b_1$", "parameter"),
    "a": (2.7, 0.0, "$a = X W_1 + b_1$"),
    "h": (5.45, 0.0, "$h = \\tanh(a)$"),
    "W2": (7.4, 1.5, "$W_2$", "parameter"),
    "b2": (9.0, 1.5, "$b_2$", "parameter"),
    "y_hat": (8.2, 0.0, "$\\hat y = h W_2 + b_2$"),
    "y": (11.0, 1.5, "$y$", "data"),
    "L": (11.0, 0.0, "$L = \\mathrm{MSE}(y, \\hat y)$", "loss"),
}
TWO_LAYER_EDGES = [
    ("X", "a"),
    ("W1", "a", "$\\partial L/\\partial W_1 = X^\\top \\delta_a$"),
    ("b1", "a", "$\\partial L/\\partial b_1 = \\Sigma_i\\, \\delta_{a,i}$", "left"),
    ("a", "h", "$\\delta_a = \\delta_h \\odot (1 - h^2)$"),
    ("h", "y_hat", "$\\delta_h = g\\, W_2^\\top$"),
    ("W2", "y_hat", "$\\partial L/\\partial W_2 = h^\\top g$"),
    ("b2", "y_hat", "$\\partial L/\\partial b_2 = \\Sigma_i\\, g_i$", "left"),
    ("y_hat", "L", "$g = \\frac{2}{n}(\\hat y - y)$"),
    ("y", "L"),
]


def _two_layer_graph(width=10.5, height=3.6):
    fig, ax = new_figure(width=width, height=height)
    boxes = draw_computation_graph(ax, TWO_LAYER_NODES, TWO_LAYER_EDGES, fontsize=14,
                                   gradient_fontsize=12.5)
    fig.draw_without_rendering()
    return fig, ax, boxes


def _arrows(ax):
    return [patch for patch in ax.patches if isinstance(patch, FancyArrowPatch)]


def test_graph_has_one_labelled_box_per_node_coloured_by_kind():
    _fig, _ax, boxes = _two_layer_graph()
    assert set(boxes) == set(TWO_LAYER_NODES)
    for name, (_x, _y, label, *kind) in TWO_LAYER_NODES.items():
        assert boxes[name].get_text() == label
        face, edge = GRAPH_NODE_STYLES[kind[0] if kind else "value"]
        patch = boxes[name].get_bbox_patch()
        assert patch.get_facecolor()[:3] == pytest.approx(to_rgb(face))
        assert patch.get_edgecolor()[:3] == pytest.approx(to_rgb(edge))


def test_graph_draws_a_forward_arrow_per_edge_and_a_dashed_backward_arrow_per_gradient():
    _fig, ax, _boxes = _two_layer_graph()
    arrows = _arrows(ax)
    with_gradient = [edge for edge in TWO_LAYER_EDGES if len(edge) > 2]
    assert len(arrows) == len(TWO_LAYER_EDGES) + len(with_gradient)
    backward = [a for a in arrows if a.get_edgecolor()[:3] == pytest.approx(
        to_rgb(OKABE_ITO["vermillion"]))]
    assert len(backward) == len(with_gradient)
    assert all(a.get_linestyle() != "-" for a in backward)  # dashed
    labels = {text.get_text() for text in ax.texts}
    assert {edge[2] for edge in with_gradient} <= labels


def test_backward_arrow_runs_from_target_to_source():
    fig, ax = new_figure()
    draw_computation_graph(ax, {"s": (0, 0, "s"), "t": (3, 0, "t")}, [("s", "t", "g")])
    forward, backward = _arrows(ax)
    fig.draw_without_rendering()
    # The shaft's first vertices, in data coordinates (the head comes after them).
    (fx0, fy0), (fx1, _) = forward.get_path().vertices[[0, 1]]
    (bx0, by0), (bx1, _) = backward.get_path().vertices[[0, 1]]
    assert fx0 < 1 < fx1 and bx0 > 2 > bx1  # s -> t forward, t -> s backward
    assert by0 < fy0  # the default side: below a left-to-right edge


def test_gradient_label_side_can_be_chosen():
    positions = {}
    for side in ("right", "left"):
        _fig, ax = new_figure()
        draw_computation_graph(ax, {"s": (0, 0, "s"), "t": (3, 0, "t")},
                               [("s", "t", "g", side)])
        label = next(text for text in ax.texts if text.get_text() == "g")
        positions[side] = label.get_position()[1]
    assert positions["right"] < 0 < positions["left"]


def test_graph_text_is_legible_no_overlaps_and_nothing_clipped():
    fig, ax, boxes = _two_layer_graph()
    renderer = fig.canvas.get_renderer()
    node_boxes = [box.get_bbox_patch().get_window_extent(renderer) for box in boxes.values()]
    labels = [text.get_window_extent(renderer) for text in ax.texts
              if text not in boxes.values()]
    items = node_boxes + labels
    for i, first in enumerate(items):
        for second in items[i + 1:]:
            assert not overlap(first, second), (first, second)
    figure_box = fig.bbox
    for item in items:
        assert figure_box.x0 <= item.x0 and item.x1 <= figure_box.x1
        assert figure_box.y0 <= item.y0 and item.y1 <= figure_box.y1


@pytest.mark.parametrize(
    ("nodes", "edges", "message"),
    [
        ({"a": (0, 0, "a")}, [("a", "b")], "names the node 'b'"),
        ({"a": (0, 0, "a", "weight")}, [], "has kind 'weight'"),
        ({"a": (0, 0)}, [], r"must be \(x, y, label\)"),
        ({"a": (0, 0, "a"), "b": (1, 0, "b")}, [("a", "b", "g", "up")], "side must be"),
        ({"a": (0, 0, "a")}, ["a"], "each edge must be"),
        ({}, [], "at least one node"),
    ],
)
def test_graph_rejects_malformed_input(nodes, edges, message):
    _fig, ax = new_figure()
    with pytest.raises(ValueError, match=message):
        draw_computation_graph(ax, nodes, edges)
