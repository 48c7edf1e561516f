"""frame_slider: precomputed frames switched by a slider, as a widget (a client-side
jslink) and as a static player (a range input and a few lines of script)."""

import base64
import io
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lossfns.course.widgets import (
    MAX_FRAMES,
    FrameSlider,
    figure_html,
    frame_player_html,
    frame_slider,
    render_png,
    render_webp,
)

IMG = re.compile(r'<img src="data:image/webp;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')
PLAYER_IMG = re.compile(r"<img [^>]*>")


def draw_level(c):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.axhline(c)
    ax.set_ylim(0, 4)
    ax.set_title(f"c = {c}")
    return fig


def shown_frame(box):
    """What the widget shows: the frame the Stack has selected (decoded image, alt text)."""
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


def test_frames_are_lossless_webp_at_the_requested_resolution():
    box = frame_slider(draw_level, [1, 2], description="c", dpi=40)
    data, _ = shown_frame(box)
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    assert image.size == (120, 80)  # 3 x 2 inches at 40 dpi
    assert np.asarray(image.convert("RGBA"))[..., 3].min() == 255  # opaque
    # lossless: the very pixels of the PNG matplotlib writes for the same figure
    png = Image.open(io.BytesIO(render_png(draw_level(1), dpi=40)))
    assert np.array_equal(np.asarray(image.convert("RGB")), np.asarray(png.convert("RGB")))


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


def test_figure_html_embeds_a_webp_with_its_size_and_the_escaped_alt_text():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [1, 0])
    page = figure_html(fig, 'A line falling from 1 to 0 "quoted"', dpi=30)
    assert not plt.fignum_exists(fig.number)
    assert 'alt="A line falling from 1 to 0 &quot;quoted&quot;"' in page
    assert 'width="120" height="90"' in page  # reserves the figure's space before it loads
    data = re.search(r'base64,([^"]+)"', page).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(data))).format == "WEBP"


def test_render_webp_rejects_non_figures():
    with pytest.raises(TypeError, match="matplotlib Figure"):
        render_webp("a figure")


@pytest.mark.parametrize("alt", ["", "too short", None])
def test_figure_html_rejects_alt_text_under_five_words(alt):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt: expected alt text of at least five words"):
        figure_html(fig, alt)
    plt.close(fig)


# --- the static view: what the HTML book shows -------------------------------------------


def player_images(page):
    """(attributes text, alt) of every <img> of a static player, in order."""
    return [(tag, re.search(r'alt="([^"]*)"', tag).group(1)) for tag in PLAYER_IMG.findall(page)]


def test_the_widget_also_offers_its_static_view_as_html(box):
    bundle = box._repr_mimebundle_()
    assert isinstance(box, FrameSlider)
    assert "application/vnd.jupyter.widget-view+json" in bundle  # what Jupyter shows
    assert bundle["text/html"] == box.static_html  # what the HTML book shows
    assert box.static_html.startswith('<div class="frame-player"')


def test_static_view_holds_the_widget_frames_with_their_alt_text(box):
    widget_frames = [IMG.search(child.value).groups() for child in box.frames.children]
    static_frames = IMG.findall(box.static_html)
    assert static_frames == widget_frames
    assert [alt for _, alt in static_frames] == [
        f"Figure for level c = {v}" for v in ("0.5", "1.5", "2.5", "3.5")]


def test_static_view_shows_and_loads_only_the_initial_frame(box):
    images = player_images(box.static_html)
    assert len(images) == 4
    for index, (tag, _) in enumerate(images):
        if index == box.slider.index:  # initial=1
            assert " hidden" not in tag and "loading=" not in tag
        else:
            assert ' hidden loading="lazy"' in tag


def test_static_view_has_a_labelled_range_input_and_a_live_readout(box):
    page = box.static_html
    label = re.search(r"<label[^>]*><span[^>]*>([^<]*)</span><input ([^>]*)/></label>", page)
    assert label is not None, "the range input is not inside its <label>"
    assert label.group(1) == "level c"
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', label.group(2)))
    assert attributes["type"] == "range"
    assert (attributes["min"], attributes["max"], attributes["value"]) == ("0", "3", "1")
    assert attributes["aria-valuetext"] == "1.5"
    assert re.search(r'<output aria-live="polite"[^>]*>1\.5</output>', page)
    assert [re.search(r'data-label="([^"]*)"', tag).group(1)
            for tag, _ in player_images(page)] == ["0.5", "1.5", "2.5", "3.5"]


def test_static_view_escapes_the_description_labels_and_alt_text():
    page = frame_player_html([render_webp(draw_level(1), dpi=30)] * 2,
                             description='<b> "c"', labels=['a<1', 'b&2'],
                             alts=['x "1"', "y <2>"], initial=0)
    assert ">&lt;b&gt; &quot;c&quot;</span>" in page
    assert 'data-label="a&lt;1"' in page and 'data-label="b&amp;2"' in page
    assert 'alt="x &quot;1&quot;"' in page and 'alt="y &lt;2&gt;"' in page
    assert "<b>" not in page


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"labels": ["a"]}, "expected one per frame \\(2\\); received 1 labels and 2 alt"),
        ({"alts": ["a", "b", "c"]}, "received 2 labels and 3 alt texts"),
        ({"initial": 2}, "initial: expected an index 0 to 1; received 2"),
        ({"initial": -1}, "initial: expected an index 0 to 1; received -1"),
    ],
)
def test_frame_player_html_rejects_mismatched_arguments(kwargs, match):
    arguments = {"description": "c", "labels": ["1", "2"], "alts": ["one", "two"], **kwargs}
    with pytest.raises(ValueError, match=match):
        frame_player_html([b"", b""], **arguments)


def test_static_player_switches_frames_by_keyboard_from_a_file(browser, tmp_path):
    """The player's own script, in Chromium, opened from the file system."""
    box = frame_slider(draw_level, [0.5, 1.5, 2.5, 3.5, 4.5], description="level c",
                       format="{:.1f}", initial=1, dpi=30)
    page_file = tmp_path / "player.html"
    page_file.write_text(
        "<!doctype html><html lang='en'><body><div style='height: 3000px'>Text.</div>"
        f"{box.static_html}</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 600})
    loaded = "(i) => document.querySelectorAll('.frame-player img')[i].complete"
    state = """() => [...document.querySelectorAll('.frame-player img')].map(
        (img) => (img.hidden ? 'hidden' : 'shown') + (img.complete ? ' loaded' : ''))"""
    try:
        page.goto(page_file.as_uri())
        page.wait_for_timeout(300)
        # far below the first screen: only the shown frame (its own loading is left to
        # the page; the book makes it lazy too)
        assert page.evaluate(state) == ["hidden", "shown loaded", "hidden", "hidden", "hidden"]
        slider = page.get_by_role("slider", name="level c")
        slider.scroll_into_view_if_needed()  # in view: the shown frame and its neighbours
        for index in (0, 1, 2):
            page.wait_for_function(loaded, arg=index)
        assert page.evaluate(state)[3:] == ["hidden", "hidden"]
        slider.press("ArrowRight")
        shown = page.locator(".frame-player img:not([hidden])")
        assert shown.count() == 1
        assert shown.get_attribute("alt") == "Figure for level c = 2.5"
        assert page.locator("output").inner_text() == "2.5"
        assert slider.get_attribute("aria-valuetext") == "2.5"
        page.wait_for_function(loaded, arg=3)  # the next neighbour, asked for by the move
        assert page.evaluate(state)[4] == "hidden"
        slider.press("End")
        assert shown.get_attribute("alt") == "Figure for level c = 4.5"
        page.wait_for_function(loaded, arg=4)
        assert page.evaluate(state) == ["hidden loaded", "hidden loaded", "hidden loaded",
                                        "hidden loaded", "shown loaded"]
    finally:
        page.close()
