"""Tables for the book's pages: Markdown tables, the loss table and fact-check records.

A page that summarises numbers (the fact checks of appendix A.3, say) should not
type them into a table by hand: the table and the numbers would drift apart. This
module turns records computed in a notebook into Markdown, which a notebook shows
with ``IPython.display.Markdown``; the book renders it as a table.

- :func:`markdown_table` renders rows of cells as a pipe table;
- :func:`loss_table_markdown` renders the registry's "task -> recommended losses -> why"
  rows (:func:`lossfns.loss_table`) with it, as chapter 8 shows them;
- :class:`LiveNumber` is one computed number with the sentence it is printed in;
- :class:`FactCheck` is one claim of a source, what is true, its live numbers and
  where the book treats it; :func:`fact_check_table` renders a list of them.
"""

from __future__ import annotations

import numbers
import textwrap
from dataclasses import dataclass
from string import Formatter
from typing import Sequence

from .._validation import as_float64
from ..registry import LossTableRow, loss_table
from ..training._checks import check_count

ALIGNMENTS = {"left": ":---", "right": "---:", "center": ":---:", None: "---"}
VERDICTS = ("wrong", "imprecise", "right")
FACT_CHECK_HEADERS = ("the claim, in our words", "verdict", "computed live", "chapter")


def _cell(value, name: str) -> str:
    """One table cell: text on one line, with its pipes escaped."""
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Number)):
        raise ValueError(
            f"{name} must be a string or a number, got {type(value).__name__} {value!r}"
        )
    text = " ".join(str(value).split())  # a Markdown table row must be one line
    return text.replace("|", "\\|")


def markdown_table(rows: Sequence[Sequence], headers: Sequence[str], *,
                   align: Sequence[str | None] | None = None) -> str:
    """Render ``rows`` as a Markdown (pipe) table with a header row.

    Every cell is turned into one line of text (``str`` of a number, runs of
    whitespace and line breaks collapsed to one space) and its ``|`` characters are
    escaped as ``\\|``, so a cell can never split the table. Markdown inside a cell
    (links, ``**bold**``, ``$math$``) is kept.

    Parameters
    ----------
    rows : sequence of sequences
        ``n`` rows of ``k`` cells each; a cell is a string or a number.
    headers : sequence of str
        The ``k`` column headings.
    align : sequence of {"left", "right", "center", None}, optional
        One alignment per column; default ``None`` (the renderer's default).

    Returns
    -------
    str
        ``n + 2`` lines: the header, the separator and one line per row.

    Examples
    --------
    >>> print(markdown_table([["hinge", 0.2], ["a | b", 1]], ["loss", "value"],
    ...                      align=["left", "right"]))
    | loss | value |
    | :--- | ---: |
    | hinge | 0.2 |
    | a \\| b | 1 |
    """
    if isinstance(headers, str) or not isinstance(headers, Sequence) or len(headers) == 0:
        raise ValueError(f"headers must be a non-empty sequence of strings, got {headers!r}")
    head = [_cell(h, f"headers[{i}]") for i, h in enumerate(headers)]
    width = len(head)
    if align is None:
        align = [None] * width
    if isinstance(align, str) or len(align) != width:
        raise ValueError(
            f"align must give one alignment per column ({width}), got {align!r}"
        )
    for i, choice in enumerate(align):
        if choice not in ALIGNMENTS:
            raise ValueError(
                f"align[{i}] must be 'left', 'right', 'center' or None, got {choice!r}"
            )
    if isinstance(rows, str) or not isinstance(rows, Sequence):
        raise ValueError(f"rows must be a sequence of rows, got {type(rows).__name__}")
    lines = ["| " + " | ".join(head) + " |",
             "| " + " | ".join(ALIGNMENTS[choice] for choice in align) + " |"]
    for r, row in enumerate(rows):
        if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != width:
            raise ValueError(
                f"rows[{r}] must have {width} cells, one per header, got {row!r}"
            )
        lines.append("| " + " | ".join(_cell(value, f"rows[{r}][{c}]")
                                       for c, value in enumerate(row)) + " |")
    return "\n".join(lines)


def loss_table_markdown(rows=None, *, formula: bool = True) -> str:
    r"""A Markdown table of :func:`lossfns.loss_table`'s rows: use, loss, (formula,) why.

    The use is written once, on the first row of its group; loss names are code,
    formulas inline math.

    Parameters
    ----------
    rows : sequence of lossfns.LossTableRow, optional
        Default ``lossfns.loss_table()``, every row.
    formula : bool
        Include the formula column.

    Examples
    --------
    >>> from lossfns import loss_table
    >>> print(loss_table_markdown(loss_table(["object detection boxes"]), formula=False))
    | task or use | recommended loss | why |
    | --- | --- | --- |
    | object detection boxes | `smooth_l1` | box offsets: quadratic near a good box, linear for far-off boxes, added to the classification loss |
    """
    if rows is None:
        rows = loss_table()
    elif isinstance(rows, (str, bytes)) or not hasattr(rows, "__iter__"):
        rows = ()
    rows = tuple(rows)
    if not rows or not all(isinstance(row, LossTableRow) for row in rows):
        raise ValueError(f"rows must be a non-empty sequence of LossTableRow from "
                         f"loss_table(), got {rows!r:.80}")
    header = ["task or use", "recommended loss", *(["formula"] if formula else []), "why"]
    table, previous = [], None
    for row in rows:
        cells = [row.use if row.use != previous else "", f"`{row.loss}`"]
        if formula:  # a pipe inside math is written \vert, not escaped as a table pipe
            cells.append(f"${row.formula}$".replace("|", r"\vert "))
        cells.append(row.why)
        table.append(cells)
        previous = row.use
    return markdown_table(table, header)


@dataclass(frozen=True)
class LiveNumber:
    """A number computed by the notebook, with the text it is shown in.

    ``template`` holds exactly one replacement field, ``{}`` or ``{:.4f}`` and the
    like, which :meth:`text` (and ``str``) fills with ``value``. The value must be a
    real number: infinities are allowed (a loss can really be ``inf``), text is not.

    Examples
    --------
    >>> print(LiveNumber("max(0, 1 - 0.8) = {:.1f}", 0.19999999999999996))
    max(0, 1 - 0.8) = 0.2
    >>> LiveNumber("-ln 0 = {}", float("inf")).text()
    '-ln 0 = inf'
    """

    template: str
    value: float

    def __post_init__(self):
        if not isinstance(self.template, str):
            raise ValueError(f"template must be a string, got {self.template!r}")
        fields = [name for _, name, _, _ in Formatter().parse(self.template)
                  if name is not None]
        if fields != [""]:
            raise ValueError(
                "template must hold exactly one unnamed replacement field such as "
                f"'{{:.4f}}', got {self.template!r}"
            )
        value = as_float64(self.value, "value")
        if value.ndim != 0:
            raise ValueError(f"value must be one number, got an array of shape {value.shape}")
        object.__setattr__(self, "value", float(value))

    def text(self) -> str:
        """The template, filled in with the value."""
        return self.template.format(self.value)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class FactCheck:
    """One place where the book corrects, or makes precise, its source.

    Parameters
    ----------
    key : str
        The MyST target of the check's own section on the page (``fact-hinge``);
        the claim in the summary table links to it.
    claim : str
        What the source says, in the book's own words (Markdown).
    verdict : {"wrong", "imprecise", "right"}
        How the claim fares; "right" marks numbers the book confirms.
    truth : str
        What is true, in one sentence (Markdown): :meth:`report` prints it, the
        check's section explains it; the summary table shows only the verdict.
        The numbers go in ``numbers``.
    numbers : sequence of LiveNumber
        The numbers computed live that settle it (at least one).
    where : str
        Markdown links to where the chapters treat it, shown in the table's
        "chapter" column, e.g. ``"[7](fact-check-hinge-margin)"``.

    Examples
    --------
    >>> check = FactCheck(
    ...     key="fact-hinge", claim="A spam score of 0.8 costs nothing.",
    ...     verdict="wrong", truth="The margin is 1: 0.8 is inside it.",
    ...     numbers=[LiveNumber("hinge loss {:.1f}", 0.2)], where="[chapter 7](ch7)")
    >>> check.row()
    ['[A spam score of 0.8 costs nothing.](fact-hinge)', '**wrong**', 'hinge loss 0.2', '[chapter 7](ch7)']
    >>> print(check.report())
    A spam score of 0.8 costs nothing. (wrong)
      true: The margin is 1: 0.8 is inside it.
      hinge loss 0.2
    """

    key: str
    claim: str
    verdict: str
    truth: str
    numbers: Sequence[LiveNumber]
    where: str

    def __post_init__(self):
        for name in ("key", "claim", "truth", "where"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name} must be a non-empty string, got {value!r}")
        if any(ch.isspace() for ch in self.key):
            raise ValueError(f"key must be a target name without spaces, got {self.key!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(
                f"verdict must be one of {', '.join(map(repr, VERDICTS))}, got {self.verdict!r}"
            )
        numbers_ = tuple(self.numbers) if not isinstance(self.numbers, LiveNumber) else ()
        if not numbers_ or not all(isinstance(n, LiveNumber) for n in numbers_):
            raise ValueError(
                "numbers must be a non-empty sequence of LiveNumber, got "
                f"{self.numbers!r}"
            )
        object.__setattr__(self, "numbers", numbers_)

    def live(self, separator: str = "; ") -> str:
        """The live numbers as one line of text."""
        return separator.join(number.text() for number in self.numbers)

    def row(self) -> list[str]:
        """The check's row of the summary table (columns: ``FACT_CHECK_HEADERS``).

        The claim links to the check's own section (``key``), where ``truth`` is
        explained; the table keeps the verdict only, so that it fits a page column.
        """
        return [f"[{self.claim}]({self.key})", f"**{self.verdict}**",
                self.live(), self.where]

    def report(self, width: int = 76) -> str:
        """The claim and its verdict, what is true, then each live number on its own line.

        The claim and the truth are wrapped at ``width`` characters (an
        integer of at least 20), so that the printed record fits a page's code column.
        """
        width = check_count(width, "width", minimum=20)
        lines = textwrap.wrap(f"{self.claim} ({self.verdict})", width)
        lines += textwrap.wrap(self.truth, width, initial_indent="  true: ",
                               subsequent_indent="        ")
        return "\n".join(lines + [f"  {number.text()}" for number in self.numbers])


def fact_check_table(checks: Sequence[FactCheck]) -> str:
    """The summary table of ``checks``, one row each, as Markdown.

    Examples
    --------
    >>> check = FactCheck(key="fact-x", claim="c", verdict="right", truth="t",
    ...                   numbers=[LiveNumber("{:.0f}", 1)], where="[ch. 1](x)")
    >>> print(fact_check_table([check]).splitlines()[-1])
    | [c](fact-x) | **right** | 1 | [ch. 1](x) |
    """
    checks = list(checks)
    for i, check in enumerate(checks):
        if not isinstance(check, FactCheck):
            raise ValueError(f"checks[{i}] must be a FactCheck, got {type(check).__name__}")
    keys = [check.key for check in checks]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"checks must have distinct keys; repeated: {duplicates}")
    return markdown_table([check.row() for check in checks], FACT_CHECK_HEADERS)
