"""The bilingual glossary (book/appendix/glossary.md) and the targets it links to.

Static checks on the source files, no build needed: every entry has an English and a
Chinese term and a link to where it is taught, and every MyST target it links to is
defined, once, somewhere in book/.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.helpers import ROOT

BOOK = ROOT / "book"
GLOSSARY = BOOK / "appendix" / "glossary.md"

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
TARGET = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*$", re.MULTILINE)
MD_LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")
REF_ROLE = re.compile(r"\{ref\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")


def glossary_entries(path: Path) -> list[tuple[list[str], str]]:
    """(terms, definition) of every entry of the ``{glossary}`` block in ``path``."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^```\{glossary\}\n(.*?)^```\s*$", text, re.MULTILINE | re.DOTALL)
    assert match, f"{path.name}: no ```{{glossary}} block"
    lines = [line for line in match.group(1).splitlines() if not line.startswith(":")]
    entries, terms, definition = [], [], []
    for line in lines + [""]:
        if not line.strip():
            if terms:
                entries.append((terms, " ".join(definition)))
            terms, definition = [], []
        elif line[0].isspace():
            assert terms, f"{path.name}: a definition line without a term: {line!r}"
            definition.append(line.strip())
        else:
            assert not definition, f"{path.name}: term {line!r} inside a definition"
            terms.append(line.strip())
    return entries


def linked_targets(definition: str) -> list[str]:
    targets = [target for target in MD_LINK.findall(definition)
               if not re.match(r"[a-z]+://|#|.*\.(ipynb|md|html)$", target)]
    for explicit, bare in REF_ROLE.findall(definition):
        targets.append(explicit or bare)
    return targets


def _markdown_sources():
    """(path, markdown text) of every page source in book/: notebook cells and .md files."""
    for path in sorted(BOOK.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                yield path, cell.source
    for path in sorted(BOOK.rglob("*.md")):
        yield path, path.read_text(encoding="utf-8")


def book_targets() -> dict[str, list[Path]]:
    """Every ``(target)=`` defined in book/, with the files that define it."""
    found: dict[str, list[Path]] = {}
    for path, text in _markdown_sources():
        for name in TARGET.findall(text):
            found.setdefault(name, []).append(path)
    return found


ENTRIES = glossary_entries(GLOSSARY)
ALL = [("glossary", entry) for entry in ENTRIES]


def _id(item):
    return f"{item[0]}:{item[1][0][0]}"


def test_glossary_covers_the_book_s_vocabulary():
    english = {terms[0].lower() for terms, _ in ENTRIES}
    for term in ("loss function", "mistake notebook", "backpropagation", "gradient",
                 "gradient descent", "learning rate", "chain rule", "mean squared error",
                 "root mean squared error", "cross-entropy", "softmax", "logit", "log-sum-exp",
                 "nats and bits", "label smoothing", "class weight", "mean absolute error",
                 "median", "subgradient", "huber loss", "smooth l1 loss", "quantile loss",
                 "hinge loss", "margin", "support vector", "0-1 loss", "overfitting",
                 "early stopping", "regularisation", "loss curve", "combined loss",
                 "quantile regression", "custom loss", "asymmetric loss", "expectile",
                 "numerical stability"):
        assert term in english, f"the glossary has no entry for {term!r}"


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_every_entry_has_an_english_and_a_chinese_term(item):
    terms, _ = item[1]
    assert any(LATIN.search(t) and not CJK.search(t) for t in terms), (
        f"{terms}: no English term line (one without Chinese characters)")
    assert any(CJK.search(t) for t in terms), f"{terms}: no Chinese term line"


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_every_entry_defines_its_term_and_links_to_where_it_is_taught(item):
    terms, definition = item[1]
    assert len(definition.split()) >= 8, f"{terms[0]}: the definition is too short: {definition!r}"
    assert linked_targets(definition), f"{terms[0]}: no link to where the term is taught"
    assert "Taught in" in definition, f"{terms[0]}: say where the term is taught ('Taught in ...')"


def test_every_target_the_glossary_links_to_exists_in_the_book():
    targets = book_targets()
    missing = {terms[0]: target for terms, definition in ENTRIES
               for target in linked_targets(definition) if target not in targets}
    assert not missing, f"glossary links to targets no page in book/ defines: {missing}"


def test_every_target_in_the_book_is_defined_once():
    repeated = {name: [p.relative_to(ROOT).as_posix() for p in paths]
                for name, paths in book_targets().items() if len(paths) > 1}
    assert not repeated, f"MyST targets defined more than once: {repeated}"


def test_no_term_is_defined_twice():
    names = [t.lower() for terms, _ in ENTRIES for t in terms]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def test_term_references_in_the_glossary_name_defined_terms():
    defined = {t.lower() for terms, _ in ENTRIES for t in terms}
    for terms, definition in ENTRIES:
        for explicit, bare in TERM_ROLE.findall(definition):
            assert (explicit or bare).lower() in defined, (
                f"{terms[0]}: {{term}} reference to {explicit or bare!r}, which is not an entry")


def test_the_parser_reads_terms_definitions_and_links(tmp_path):
    page = tmp_path / "g.md"
    page.write_text("# G\n\n```{glossary}\n:sorted:\n\nloss\n损失\n  *sǔnshī*. A score. "
                    "Taught in [ch. 1](target-a) and {ref}`ch. 2 <target-b>`.\n\nx\n  y\n```\n",
                    encoding="utf-8")
    entries = glossary_entries(page)
    assert [terms for terms, _ in entries] == [["loss", "损失"], ["x"]]
    assert linked_targets(entries[0][1]) == ["target-a", "target-b"]
    assert linked_targets("[site](https://example.org) [page](01_x.ipynb)") == []


FACT_CHECKS = BOOK / "appendix" / "fact_checks.ipynb"


def test_every_link_in_the_fact_check_table_reaches_a_target():
    # The table is a Markdown output generated from lossfns.course.report.FactCheck records: the
    # claims link to the sections of the page, the last column to the chapters.
    notebook = nbformat.read(FACT_CHECKS, as_version=4)
    tables = [output["data"]["text/markdown"] for cell in notebook.cells
              for output in cell.get("outputs", []) if "text/markdown" in output.get("data", {})]
    assert len(tables) == 1, f"{FACT_CHECKS.name}: expected one generated table"
    rows = [line for line in tables[0].splitlines()[2:] if line.startswith("|")]
    assert len(rows) >= 11, f"the fact-check table has only {len(rows)} rows"
    targets = book_targets()
    links = linked_targets(tables[0])
    assert len(links) >= 2 * len(rows)  # a section and a chapter per row
    missing = sorted(set(links) - set(targets))
    assert not missing, f"the fact-check table links to undefined targets: {missing}"


TONE_MARKS = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_every_definition_opens_with_the_pinyin_of_its_chinese_term(item):
    terms, definition = item[1]
    match = re.match(r"\*([^*]+)\*", definition)
    assert match, f"{terms[0]}: the definition must open with the pinyin in italics"
    assert TONE_MARKS.search(match.group(1)), (
        f"{terms[0]}: pinyin {match.group(1)!r} has no tone marks")


def test_the_fact_check_page_shows_every_computation():
    # Each section computes its own numbers in a visible cell; only the install cell
    # (written by scripts/execute_notebooks.py) is folded.
    notebook = nbformat.read(FACT_CHECKS, as_version=4)
    hidden = [cell.source.splitlines()[0] for cell in notebook.cells
              if cell.cell_type == "code"
              and {"hide-input", "remove-input", "hide-cell", "remove-cell"}
              & set(cell.metadata.get("tags", []))]
    assert hidden == ["# Install the course package where it is missing (Colab); silent elsewhere."]
    sections = [cell.source for cell in notebook.cells
                if cell.cell_type == "markdown" and re.search(r"^\(fact-[\w-]+\)=\n## A\.3\.",
                                                               cell.source, re.MULTILINE)]
    filed = [cell.source for cell in notebook.cells
             if cell.cell_type == "code" and "checks.append(check)" in cell.source]
    assert len(sections) == len(filed) >= 11, "one visible cell per section files its check"
