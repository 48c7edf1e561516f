"""frame_slider: precomputed frames switched by a slider through a client-side jslink."""

import base64
import io
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lossfns.course.widgets import MAX_FRAMES, figure_html, frame_slider, render_png

IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')


def draw_level(c):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.axhline(c)
    ax.set_ylim(0, 4)
    ax.set_title(f"c = {c}")
    return fig


def shown_frame(box):
    """What the page shows: the frame the Stack has selected (decoded PNG, alt text)."""
    html = box.frames.children[box.frames.selected_index].value
    data, alt = IMG.search(html).groups()
    return base64.b64decode(data), alt


@pytest.fixture
def box():
    return frame_slider(
        draw_level, [0.5, 1.5, 2.5, 3.5], description="level c", format="{:.1f}", initial=1
    )


def test_layout_is_slider_above_frames(box):
    assert isinstance(box, widgets.VBox)
    assert box.children == (box.slider, box.frames)
    assert isinstance(box.slider, widgets.SelectionSlider)
    assert isinstance(box.frames, widgets.Stack)


def test_slider_has_accessible_label_and_shows_the_real_value(box):
    assert box.slider.description == "level c"
    assert box.slider.readout is True
    assert box.slider.options == (("0.5", 0), ("1.5", 1), ("2.5", 2), ("3.5", 3))
    assert box.slider.label == "1.5"  # the readout: the parameter, not an index


def test_one_frame_per_value_and_initial_position(box):
    assert len(box.frames.children) == 4
    assert box.frames.selected_index == box.slider.index == 1
    assert box.values == (0.5, 1.5, 2.5, 3.5)


def test_jslink_ties_slider_index_to_frame_stack(box):
    # jslink runs in the browser; in Python we check the link exists between the right traits.
    assert isinstance(box.link, widgets.widget_link.Link)
    assert box.link.source == (box.slider, "index")
    assert box.link.target == (box.frames, "selected_index")


def test_every_frame_differs(box):
    frames = [IMG.search(child.value).group(1) for child in box.frames.children]
    assert len(set(frames)) == len(frames)


def test_moving_the_slider_changes_the_shown_frame(box):
    before_png, before_alt = shown_frame(box)
    box.slider.index = 3
    box.frames.selected_index = box.slider.index  # what jslink does in the browser
    after_png, after_alt = shown_frame(box)
    assert box.slider.label == "3.5"
    assert after_png != before_png
    assert (before_alt, after_alt) == ("Figure for level c = 1.5", "Figure for level c = 3.5")


def test_frames_are_png_images_at_the_requested_resolution():
    box = frame_slider(draw_level, [1, 2], description="c", dpi=40)
    png, _ = shown_frame(box)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (120, 80)  # 3 x 2 inches at 40 dpi
    assert np.asarray(image.convert("RGBA"))[..., 3].min() == 255  # opaque


def test_alt_text_can_be_a_function_and_is_escaped():
    box = frame_slider(draw_level, [1, 2], description="c", alt=lambda c: f'level "{c}" < 3')
    assert [IMG.search(child.value).group(2) for child in box.frames.children] == [
        "level &quot;1&quot; &lt; 3",
        "level &quot;2&quot; &lt; 3",
    ]


def test_format_can_be_a_function():
    box = frame_slider(draw_level, [0.25, 0.75], description="c", format=lambda v: f"{v:.0%}")
    assert box.slider.options == (("25%", 0), ("75%", 1))


def test_rendering_closes_every_figure():
    plt.close("all")
    frame_slider(draw_level, list(range(10)), description="c")
    assert plt.get_fignums() == []


def test_draw_is_called_once_per_value_in_order():
    seen = []

    def draw(value):
        seen.append(value)
        return draw_level(value)

    frame_slider(draw, [3, 1, 2], description="c")
    assert seen == [3, 1, 2]


@pytest.mark.parametrize(
    ("values", "kwargs", "match"),
    [
        ([1.0], {}, "between 2 and 25"),
        (list(range(MAX_FRAMES + 1)), {}, "between 2 and 25"),
        ([1.0, float("nan")], {}, "finite"),
        ([1.0, 2.0], {"description": ""}, "accessible label"),
        ([1.0, 2.0], {"description": "   "}, "accessible label"),
        ([1.0, 2.0], {"initial": 2}, "initial must be an index"),
        ([1.0, 2.0], {"dpi": 500}, "dpi"),
        ([1.01, 1.02], {"format": "{:.1f}"}, "same text"),
    ],
)
def test_invalid_input_raises_value_error(values, kwargs, match):
    kwargs = {"description": "c", **kwargs}
    with pytest.raises(ValueError, match=match):
        frame_slider(draw_level, values, **kwargs)


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="draw must be a function"):
        frame_slider("not a function", [1, 2], description="c")


def test_draw_must_return_a_figure():
    with pytest.raises(TypeError, match="return fig"):
        frame_slider(lambda v: None, [1, 2], description="c")


def test_values_must_be_a_sequence_not_a_string():
    with pytest.raises(TypeError, match="sequence"):
        frame_slider(draw_level, "12", description="c")


def test_render_png_rejects_non_figures():
    with pytest.raises(TypeError, match="matplotlib Figure"):
        render_png(plt.gca())
    plt.close("all")


def test_figure_html_embeds_the_png_with_the_escaped_alt_text():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    page = figure_html(fig, 'A line falling from 1 to 0 "quoted"', dpi=30)
    assert not plt.fignum_exists(fig.number)
    assert 'alt="A line falling from 1 to 0 &quot;quoted&quot;"' in page
    data = re.search(r'base64,([^"]+)"', page).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(data))).format == "PNG"


@pytest.mark.parametrize("alt", ["", "too short", None])
def test_figure_html_rejects_alt_text_under_five_words(alt):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt: expected alt text of at least five words"):
        figure_html(fig, alt)
    plt.close(fig)
