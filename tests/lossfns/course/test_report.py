"""lossfns.course.report: Markdown tables, the loss table and fact-check records.

The oracle for the tables is markdown-it-py (the parser behind MyST, which renders
the book): a rendered table must parse back into exactly the cells it was given.
"""

from __future__ import annotations

import math
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import lossfns
from lossfns import loss_table, register_loss, unregister_loss
from lossfns.course.report import (
    FACT_CHECK_HEADERS,
    FactCheck,
    LiveNumber,
    fact_check_table,
    loss_table_markdown,
    markdown_table,
)


class _Cells(HTMLParser):
    """Text of every <th>/<td> of an HTML table, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def parsed_cells(markdown: str) -> list[list[str]]:
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert html.startswith("<table>"), f"not parsed as a table: {html[:200]}"
    parser = _Cells()
    parser.feed(html)
    return parser.rows


# --- markdown_table ------------------------------------------------------------------------


def test_table_parses_back_into_its_header_and_cells():
    rows = [["MSE", 10_000], ["hinge", 0.2]]
    table = markdown_table(rows, ["loss", "value"])
    assert parsed_cells(table) == [["loss", "value"], ["MSE", "10000"], ["hinge", "0.2"]]


def test_a_pipe_or_a_line_break_inside_a_cell_cannot_split_the_table():
    table = markdown_table([["a | b", "two\nlines"]], ["x", "y"])
    assert len(table.splitlines()) == 3
    assert parsed_cells(table)[1] == ["a | b", "two lines"]


def test_alignment_reaches_the_rendered_table():
    table = markdown_table([[1, 2, 3]], ["l", "r", "c"], align=["left", "right", "center"])
    html = MarkdownIt("commonmark").enable("table").render(table)
    for side in ("left", "right", "center"):
        assert f'style="text-align:{side}"' in html


def test_markdown_in_a_cell_is_kept():
    table = markdown_table([["[chapter 7](fact-check-hinge-margin)", "**Wrong.**"]], ["a", "b"])
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert '<a href="fact-check-hinge-margin">chapter 7</a>' in html
    assert "<strong>Wrong.</strong>" in html


CELL_TEXT = st.text(alphabet="abcxyz ABC019|.,:-()'错题本", min_size=1, max_size=12).filter(
    lambda s: s.strip() and s.strip() not in {"-", ":", "---"})


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(
    lambda k: st.tuples(st.lists(CELL_TEXT, min_size=k, max_size=k),
                        st.lists(st.lists(CELL_TEXT, min_size=k, max_size=k), max_size=4))))
def test_any_plain_text_round_trips_through_the_markdown_parser(case):
    headers, rows = case
    parsed = parsed_cells(markdown_table(rows, headers))
    expected = [[" ".join(cell.split()) for cell in row] for row in [headers, *rows]]
    assert parsed == expected


@pytest.mark.parametrize(("rows", "headers", "kwargs", "match"), [
    ([["a"]], [], {}, "headers must be a non-empty sequence"),
    ([["a"]], "ab", {}, "headers must be a non-empty sequence"),
    ([["a", "b"]], ["x"], {}, r"rows\[0\] must have 1 cells"),
    ([["a"], "b"], ["x"], {}, r"rows\[1\] must have 1 cells"),
    ("ab", ["x"], {}, "rows must be a sequence of rows"),
    ([[None]], ["x"], {}, r"rows\[0\]\[0\] must be a string or a number, got NoneType"),
    ([[True]], ["x"], {}, r"rows\[0\]\[0\] must be a string or a number"),
    ([["a"]], ["x"], {"align": ["middle"]}, r"align\[0\] must be 'left'"),
    ([["a"]], ["x"], {"align": ["left", "left"]}, "one alignment per column"),
])
def test_bad_input_names_the_argument(rows, headers, kwargs, match):
    with pytest.raises(ValueError, match=match):
        markdown_table(rows, headers, **kwargs)


def test_an_empty_table_has_its_header_only():
    assert markdown_table([], ["a", "b"]).splitlines() == ["| a | b |", "| --- | --- |"]


# --- LiveNumber ----------------------------------------------------------------------------


def test_live_number_prints_its_value_in_its_template():
    assert LiveNumber("-ln 0.8 = {:.4f} nats", -math.log(0.8)).text() == "-ln 0.8 = 0.2231 nats"
    assert str(LiveNumber("{:,.0f} yuan²", 1e12)) == "1,000,000,000,000 yuan²"


def test_live_number_accepts_infinity_and_numpy_scalars():
    import numpy as np

    assert LiveNumber("{}", np.float32(0.5)).value == 0.5
    assert LiveNumber("loss {}", np.inf).text() == "loss inf"


@pytest.mark.parametrize(("template", "value", "match"), [
    ("no field", 1.0, "exactly one unnamed replacement field"),
    ("{} and {}", 1.0, "exactly one unnamed replacement field"),
    ("{x:.2f}", 1.0, "exactly one unnamed replacement field"),
    (3, 1.0, "template must be a string"),
    ("{}", "0.2", "value must contain real numbers"),
    ("{}", [0.2, 0.3], "value must be one number"),
    ("{}", True, "value must contain real numbers"),
])
def test_live_number_rejects_bad_templates_and_numbers_typed_as_text(template, value, match):
    with pytest.raises(ValueError, match=match):
        LiveNumber(template, value)


# --- FactCheck -----------------------------------------------------------------------------


def _check(**changes):
    fields = dict(key="fact-hinge", claim="A score of 0.8 costs nothing.", verdict="wrong",
                  truth="The margin is 1.", numbers=[LiveNumber("loss {:.1f}", 0.2),
                                                     LiveNumber("score 0.5: {:.1f}", 0.5)],
                  where="[chapter 7](fact-check-hinge-margin)")
    fields.update(changes)
    return FactCheck(**fields)


def test_fact_check_row_links_the_claim_to_its_section_and_shows_every_number():
    row = _check().row()
    assert len(row) == len(FACT_CHECK_HEADERS)
    assert row[0] == "[A score of 0.8 costs nothing.](fact-hinge)"
    assert row[1] == "**wrong**"
    assert "The margin is 1." not in " ".join(row)  # the truth is told in the section
    assert row[2] == "loss 0.2; score 0.5: 0.5"
    assert row[3] == "[chapter 7](fact-check-hinge-margin)"


def test_fact_check_report_gives_the_truth_then_each_number_on_its_own_line():
    assert _check().report().splitlines() == [
        "A score of 0.8 costs nothing. (wrong)", "  true: The margin is 1.", "  loss 0.2",
        "  score 0.5: 0.5"]


def test_fact_check_report_wraps_long_claims_and_truths_at_the_width():
    check = _check(claim="A claim " * 20, truth="what is true " * 20)
    lines = check.report(width=40).splitlines()
    assert max(len(line) for line in lines) <= 40
    assert " ".join(" ".join(lines).split()).startswith(" ".join(("A claim " * 20).split()))
    truth_lines = [line for line in lines if line.startswith("        ")]
    assert any(line.startswith("  true: what is true") for line in lines)
    assert truth_lines, "the truth continues on indented lines"
    assert lines[-2:] == ["  loss 0.2", "  score 0.5: 0.5"]  # numbers are never wrapped


@pytest.mark.parametrize("width", [0, 19, 40.0, True, "80"])
def test_fact_check_report_rejects_a_width_that_is_not_an_integer_of_20_or_more(width):
    with pytest.raises(ValueError, match="width must be an integer >= 20"):
        _check().report(width=width)


def test_fact_check_table_has_one_row_per_check_and_the_same_numbers():
    checks = [_check(), _check(key="fact-cat", verdict="right",
                               numbers=[LiveNumber("{:.3f} nats", -math.log(0.3))])]
    cells = parsed_cells(fact_check_table(checks))
    assert cells[0] == list(FACT_CHECK_HEADERS)
    assert [row[2] for row in cells[1:]] == ["loss 0.2; score 0.5: 0.5", "1.204 nats"]


@pytest.mark.parametrize(("changes", "match"), [
    ({"key": "two words"}, "key must be a target name without spaces"),
    ({"key": ""}, "key must be a non-empty string"),
    ({"claim": "  "}, "claim must be a non-empty string"),
    ({"where": None}, "where must be a non-empty string"),
    ({"truth": ""}, "truth must be a non-empty string"),
    ({"verdict": "false"}, "verdict must be one of 'wrong', 'imprecise', 'right'"),
    ({"numbers": []}, "numbers must be a non-empty sequence of LiveNumber"),
    ({"numbers": [0.2]}, "numbers must be a non-empty sequence of LiveNumber"),
    ({"numbers": LiveNumber("{}", 1.0)}, "numbers must be a non-empty sequence"),
])
def test_fact_check_rejects_incomplete_records(changes, match):
    with pytest.raises(ValueError, match=match):
        _check(**changes)


def test_fact_check_table_rejects_repeated_keys_and_other_objects():
    with pytest.raises(ValueError, match=r"repeated: \['fact-hinge'\]"):
        fact_check_table([_check(), _check()])
    with pytest.raises(ValueError, match=r"checks\[0\] must be a FactCheck, got dict"):
        fact_check_table([{"key": "x"}])


# --- the loss table of chapter 8 ------------------------------------------------------------


def test_loss_table_markdown_has_one_line_per_row_names_each_use_once_and_escapes_pipes():
    rows = loss_table()
    text = loss_table_markdown(rows)
    lines = text.splitlines()
    assert len(lines) == len(rows) + 2
    assert lines[0] == "| task or use | recommended loss | formula | why |"
    for line in lines[2:]:
        assert line.count("|") == 5, line   # no stray pipe from |x| in a formula
    assert sum(line.startswith("| regression |") for line in lines) == 1
    narrow = loss_table_markdown(rows, formula=False).splitlines()
    assert narrow[0] == "| task or use | recommended loss | why |"


@pytest.mark.parametrize("rows", [[], ["mse"], None.__class__])
def test_loss_table_markdown_rejects_rows_that_are_not_table_rows(rows):
    with pytest.raises(ValueError, match="rows must be"):
        loss_table_markdown(rows)


def test_a_newly_registered_loss_appears_in_the_markdown_table_at_once():
    register_loss("late_alarm", lossfns.quantile_loss, lossfns.quantile_loss_grad,
                  task="regression", formula=r"\rho_{0.95}", outlier_robustness="robust",
                  use_when="a test")
    try:
        assert "`late_alarm`" in loss_table_markdown()
    finally:
        unregister_loss("late_alarm")
    assert "`late_alarm`" not in loss_table_markdown()
