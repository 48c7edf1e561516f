"""The book's structure: table of contents, install cells, alt text, exercises, outputs.

Static checks on the committed files (no build needed): fast, and they fail with a
message that names the notebook and the cell to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.helpers import ROOT, load_module

BOOK = ROOT / "book"
# Chapters sit in book/, reference pages in book/appendix/ (they need no exercises).
NOTEBOOKS = sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
APPENDIX = BOOK / "appendix"
IMAGE_MIMETYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


execute_notebooks = load_module(ROOT / "scripts" / "execute_notebooks.py", "execute_notebooks")


def _toc_entries(node):
    """Every `file:` (and the root) in a jb-book _toc.yml, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("root", "file"):
                yield value
            else:
                yield from _toc_entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from _toc_entries(item)


def _chapter_number(path: Path) -> int | None:
    match = re.match(r"(\d+)_", path.name)
    return int(match.group(1)) if match else None


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _ids(paths):
    return [path.name for path in paths]


@pytest.fixture(scope="module")
def toc():
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


# --- table of contents -------------------------------------------------------------------


def test_there_are_notebooks():
    assert NOTEBOOKS, "book/ has no notebooks"


def test_toc_is_a_jupyter_book_with_the_welcome_chapter_as_root(toc):
    assert toc["format"] == "jb-book"
    assert toc["root"] == "book/00_welcome"


def test_every_toc_entry_exists(toc):
    for entry in _toc_entries(toc):
        candidates = [ROOT / f"{entry}{suffix}" for suffix in ("", ".ipynb", ".md")]
        assert any(path.is_file() for path in candidates), f"_toc.yml lists missing {entry}"


def test_every_notebook_is_in_the_toc_once(toc):
    entries = [str(Path(entry).with_suffix("")) for entry in _toc_entries(toc)]
    assert len(entries) == len(set(entries)), "a page is listed twice in _toc.yml"
    for notebook in NOTEBOOKS:
        docname = notebook.relative_to(ROOT).with_suffix("").as_posix()
        assert docname in entries, f"{docname} is not in _toc.yml (it would not be built)"


def test_toc_parts_have_captions(toc):
    for part in toc.get("parts", []):
        assert part.get("caption"), f"a part without caption in _toc.yml: {part}"


# --- configuration -----------------------------------------------------------------------


def test_config_builds_only_toc_pages_and_fails_on_errors(config):
    assert config["only_build_toc_files"] is True
    execute = config["execute"]
    assert execute["execute_notebooks"] in ("cache", "force")
    assert execute["allow_errors"] is False
    assert execute["timeout"] > 0


def test_config_loads_nothing_from_a_cdn(config):
    sphinx = config["sphinx"]["config"]
    assert sphinx["html_extra_path"] == ["_offline"]
    assert not sphinx["mathjax_path"].startswith(("http", "//"))
    for path in sphinx["nb_ipywidgets_js"]:
        assert not path.startswith(("http", "//")), path


def test_repository_url_is_https_and_used_by_launch_buttons(config):
    assert config["repository"]["url"].startswith("https://github.com/")
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["colab_url"].startswith("https://colab.research.google.com")


# --- notebooks ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_first_code_cell_is_the_install_cell_generated_from_config(path):
    nb = _read(path)
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    expected = execute_notebooks.install_cell_source(nb)
    assert first_code.source == expected, (
        f"{path.name}: the first code cell must be the install cell built from _config.yml's "
        "repository.url, with the extras the notebook's imports need; run "
        "`python scripts/execute_notebooks.py --install-cell-only`"
    )
    url, branch = execute_notebooks.repository()
    assert f"git+{url}@{branch}" in first_code.source


# {{ name }} is a MyST substitution: Sphinx fills it in, Jupyter and Colab show it as typed.
SUBSTITUTION = re.compile(r"\{\{.*?\}\}", re.S)
GITHUB_REPOSITORY = re.compile(r"https?://(?:www\.)?github\.com/[\w.-]+/[\w.-]+")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_markdown_reads_the_same_in_jupyter_and_names_only_this_repository(path, config):
    repository = config["repository"]["url"].rstrip("/")
    for cell in _read(path).cells:
        if cell.cell_type != "markdown":
            continue
        substitutions = SUBSTITUTION.findall(cell.source)
        assert not substitutions, (
            f"{path.name}, cell {cell.id}: {substitutions} shows as literal text in Jupyter and "
            "Colab; write the value itself"
        )
        others = {
            address.removesuffix(".git")
            for address in GITHUB_REPOSITORY.findall(cell.source)
            if address.removesuffix(".git") != repository
        }
        assert not others, (
            f"{path.name}, cell {cell.id}: GitHub addresses {sorted(others)} differ from "
            f"_config.yml's repository.url {repository}; run scripts/execute_notebooks.py "
            "--install-cell-only after changing the URL"
        )


def test_a_fork_rewrites_the_install_cell_and_the_markdown_addresses(tmp_path):
    url, branch = execute_notebooks.repository()
    fork = "https://github.com/someone/loss-functions-course"
    config = tmp_path / "_config.yml"
    config.write_text(
        (ROOT / "_config.yml").read_text(encoding="utf-8").replace(url, fork), encoding="utf-8"
    )
    nb = _read(BOOK / "00_welcome.ipynb")
    nb.cells.append(nbformat.v4.new_markdown_cell(
        f"See {url}/issues, or {url}.git. Also {url}. But not {url}-extras or {url}.io."
    ))
    source = execute_notebooks.install_cell_source(nb, config_path=config)
    assert f"git+{fork}@{branch}" in source and url not in source

    assert execute_notebooks.set_install_cell(nb, source)

    assert next(c for c in nb.cells if c.cell_type == "code").source == source
    assert nb.cells[-1].source == (
        f"See {fork}/issues, or {fork}.git. Also {fork}. But not {url}-extras or {url}.io."
    )
    markdown = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert fork in markdown and f"{url}," not in markdown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_install_cell_prints_nothing(path):
    # Outputs must be identical on Binder, locally and in CI (nbval compares them).
    install = next(cell for cell in _read(path).cells if cell.cell_type == "code")
    assert install.outputs == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_committed_with_outputs_and_without_errors(path):
    nb = _read(path)
    counts = [cell.execution_count for cell in nb.cells if cell.cell_type == "code"]
    assert None not in counts, f"{path.name}: unexecuted cells; run scripts/execute_notebooks.py"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: cells run out of order"
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: an error output in {cell.id}"
            assert output.get("name") != "stderr", f"{path.name}: stderr output in {cell.id}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_figure_has_alt_text(path):
    for cell in _read(path).cells:
        has_image = any(
            mimetype in output.get("data", {})
            for output in cell.get("outputs", [])
            for mimetype in IMAGE_MIMETYPES
        )
        if has_image:
            mystnb = cell.metadata.get("mystnb", {})
            alt = mystnb.get("image", {}).get("alt", "")
            assert len(alt.split()) >= 5, (
                f"{path.name}, cell {cell.id}: a figure needs alt text in the cell metadata "
                '{"mystnb": {"image": {"alt": "what the figure shows"}}}'
            )
        # A figure shown as HTML (lossfns.course.widgets.figure_html) carries its own alt text.
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            for tag in re.findall(r"<img\b[^>]*>", html):
                alt = re.search(r'\balt="([^"]*)"', tag)
                assert alt and len(alt.group(1).split()) >= 5, (
                    f"{path.name}, cell {cell.id}: an <img> without alt text of 5+ words")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_widget_state_is_stored_for_interactive_figures(path):
    nb = _read(path)
    views = [
        output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id in views:
        assert model_id in state, f"{path.name}: widget {model_id} has no stored state"


# --- exercises ---------------------------------------------------------------------------

DIRECTIVE = re.compile(
    r"^(`{3,}|:{3,})\{(exercise|exercise-start|solution|solution-start|"
    r"solution-end|exercise-end)\}\s*(\S*)",
    re.MULTILINE,
)


def _exercise_structure(nb):
    """(exercises {label: cell index}, solutions [(label, options, code cells inside)])."""
    exercises, solutions = {}, []
    open_solution = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            if open_solution is not None:
                open_solution[2].append(cell)
            continue
        if cell.cell_type != "markdown":
            continue
        for match in DIRECTIVE.finditer(cell.source):
            kind, argument = match.group(2), match.group(3)
            block = cell.source[match.end() :].split("\n```", 1)[0]
            if kind in ("exercise", "exercise-start"):
                label = re.search(r":label:\s*(\S+)", block)
                assert label, f"exercise without :label: in cell {cell.id}"
                exercises[label.group(1)] = index
            elif kind in ("solution", "solution-start"):
                solution = (argument, block, [])
                solutions.append(solution)
                if kind == "solution-start":
                    assert open_solution is None, f"nested solution-start in cell {cell.id}"
                    open_solution = solution
            elif kind == "solution-end":
                assert open_solution is not None, f"solution-end without start in {cell.id}"
                open_solution = None
    assert open_solution is None, "a solution-start has no solution-end"
    return exercises, solutions


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_exercises_have_hidden_solutions(path):
    nb = _read(path)
    exercises, solutions = _exercise_structure(nb)
    chapter = _chapter_number(path)
    if path.parent == APPENDIX:
        minimum = 0
    else:
        minimum = 3 if chapter is not None and 1 <= chapter <= 9 else 1
    assert len(exercises) >= minimum, f"{path.name}: {len(exercises)} exercises, need {minimum}"
    solved = {label for label, _, _ in solutions}
    assert solved == set(exercises), (
        f"{path.name}: exercises without solution: "
        f"{sorted(set(exercises) - solved)}; solutions of unknown exercises: "
        f"{sorted(solved - set(exercises))}"
    )
    for label, options, _ in solutions:
        assert re.search(r":class:\s*dropdown", options), (
            f"{path.name}: solution {label} must be hidden (:class: dropdown)"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_each_exercise_is_followed_by_a_learner_code_cell(path):
    nb = _read(path)
    exercises, _ = _exercise_structure(nb)
    for label, index in exercises.items():
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        assert following is not None and following.cell_type == "code", (
            f"{path.name}: exercise {label} must be followed by the learner's code cell"
        )
        assert "..." in following.source, (
            f"{path.name}: the learner cell of {label} should contain the `...` placeholder"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_solution_code_passes_its_checker(path):
    _, solutions = _exercise_structure(_read(path))
    for label, _, code_cells in solutions:
        for cell in code_cells:
            if "check_" not in cell.source:
                continue
            text = "".join(
                output.get("text", "") or output.get("data", {}).get("text/plain", "")
                for output in cell.outputs
            )
            assert text.startswith("✓"), f"{path.name}: the solution of {label} prints {text!r}"
