"""Layout checks shared by the figure tests: where text is drawn, and whether it collides."""

from __future__ import annotations


def overlap(a, b) -> bool:
    """Whether two display-space boxes (matplotlib ``Bbox``) share any area."""
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def drawn_tick_labels(ax):
    """The tick labels matplotlib draws: visible, non-empty and inside the view."""
    labels = []
    for axis in (ax.xaxis, ax.yaxis):
        low, high = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            inside = low * (1 - 1e-9) - 1e-12 <= tick.get_loc() <= high * (1 + 1e-9) + 1e-12
            if inside and tick.label1.get_visible() and tick.label1.get_text():
                labels.append(tick.label1)
    return labels


def text_boxes(fig, *, axes=None, tick_labels: bool = False):
    """(text, window extent) of every piece of text drawn in ``axes`` (default: all).

    Titles, axis labels and texts of each axes, each legend as one box, the figure's
    suptitle when it has one (and ``axes`` is not given), and, with ``tick_labels``, the
    tick labels too.
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for ax in fig.get_axes() if axes is None else axes:
        texts = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        if tick_labels:
            texts += drawn_tick_labels(ax)
        boxes += [(t.get_text(), t.get_window_extent(renderer)) for t in texts
                  if t.get_visible() and t.get_text().strip()]
        legend = ax.get_legend()
        if legend is not None:
            boxes.append(("legend", legend.get_window_extent(renderer)))
    suptitle = fig._suptitle
    if axes is None and suptitle is not None and suptitle.get_text().strip():
        boxes.append((suptitle.get_text(), suptitle.get_window_extent(renderer)))
    return boxes


def assert_no_text_overlaps_or_leaves_the_figure(fig, boxes) -> None:
    """No two of ``boxes`` (from :func:`text_boxes`) overlap, and all lie inside ``fig``."""
    for i, (first_text, first) in enumerate(boxes):
        for second_text, second in boxes[i + 1:]:
            assert not overlap(first, second), (first_text, second_text)
    for text, box in boxes:
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, text
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1, text
