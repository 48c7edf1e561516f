"""Binder: the environment builds on Binder's Python, and every launch link opens its notebook.

mybinder.org builds the repository with repo2docker. Its Python buildpack reads the
Python version from ``runtime.txt`` (``python-X.Y``; without the file it uses its default,
``major_pythons["3"]``, Python 3.10 today) and then runs ``pip install -r requirements.txt``
in that Python. Because the file has a local line (``-e .``), repo2docker copies the
whole repository into the image before that step. A pin with no build for that Python
fails the build, and with it every Binder launch; so:

* ``runtime.txt`` names an X.Y version that repo2docker supports, and it is the Python the
  tests run on (CI's), so the two cannot drift apart;
* the local package's ``requires-python`` admits it;
* every line of the requirements file is a ``name==version`` pin or the local package,
  and every pin has a wheel for that CPython on manylinux x86_64 (Binder's images are
  Ubuntu 22.04, glibc 2.35), checked against the package index without Docker;
* the whole file, with the local package's own dependencies, resolves from wheels alone
  for that Python (a missing wheel deeper in the tree fails too);
* each notebook page of the built book has one Binder launch link, for the repository
  and branch of ``_config.yml``, whose ``urlpath`` opens that page's own notebook (and its
  Colab link names the same file); Markdown pages have none;
* the first cell of every notebook (the Colab install cell) prints nothing and installs
  nothing where ``lossfns`` is installed, as on Binder.

The index checks need the network (PyPI): they fail, never skip, when pip cannot reach it.
They ask pip with ``--dry-run``: nothing is installed, and where the index serves each
wheel's metadata on its own (PEP 658, as pypi.org does) no wheel is downloaded; an index
without it makes pip fetch the wheels into its cache instead. The link check needs the built
book (``scripts/build_book.sh``): skipped with the reason when ``_build/html`` is missing,
except in CI (``CI`` set to true), where that is a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from tests.helpers import ROOT, missing
from tests.book.install_cell_kernel import run_install_cells

HTML = ROOT / "_build" / "html"
BOOK = ROOT / "book"
NOTEBOOKS = sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)

# Python versions repo2docker's conda buildpack can build (it ships a locked base
# environment, conda/environment.py-X.Y-linux-64.lock, for each; other versions fail with
# "Python version X.Y on linux-64 is not supported!").
REPO2DOCKER_PYTHONS = {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}
# repo2docker builds on buildpack-deps:jammy (Ubuntu 22.04), whose glibc is 2.35: a wheel
# tagged manylinux_2_X with X <= 35 runs there. pip does not expand a manylinux_2_X
# --platform to the older tags on its own (only manylinux2014 -> 2010 -> 1), so every
# compatible tag is listed.
BINDER_GLIBC_MINOR = 35
BINDER_PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in range(BINDER_GLIBC_MINOR, 4, -1)]
BINDER_PLATFORMS += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]

PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)")
# pip's messages when the index cannot be reached at all
UNREACHABLE = ("NewConnectionError", "Max retries exceeded", "ConnectTimeout", "ProxyError",
               "SSLError", "Temporary failure in name resolution", "Network is unreachable")


def binder_path(name: str) -> Path:
    """The file repo2docker reads: in ``binder/`` or ``.binder/`` if one exists, else the root's."""
    for folder in ("binder", ".binder"):
        if (ROOT / folder).is_dir():
            return ROOT / folder / name
    return ROOT / name


def binder_python() -> str:
    """The X.Y Python version ``runtime.txt`` asks Binder for."""
    path = binder_path("runtime.txt")
    assert path.is_file(), (
        f"{path.relative_to(ROOT)} is missing: without it Binder uses repo2docker's default "
        "Python, which changes over time; write 'python-X.Y' into it"
    )
    runtime = path.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)(\.\d+)?", runtime)
    assert match, (
        f"{path.relative_to(ROOT)}: expected 'python-X.Y' (repo2docker keeps major.minor), "
        f"found {runtime!r}"
    )
    return match.group(1)


def requirement_lines() -> list[str]:
    """The requirement lines of Binder's requirements file, without comments."""
    lines = []
    for raw in binder_path("requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


def is_local(line: str) -> bool:
    """A line that installs the repository itself (``-e .``, ``.``, ``./path``)."""
    target = re.sub(r"^(-e|--editable)(\s+|=)", "", line)
    return target.startswith(".")


def pins() -> list[str]:
    return [line for line in requirement_lines() if not is_local(line)]


def pip_dry_run(requirements: list[str], python: str, target: Path, *, deps: bool):
    """``pip install --dry-run`` of ``requirements`` for Binder's CPython on manylinux x86_64.

    ``--target`` makes pip ignore what is installed here; nothing is written to it.
    """
    command = [
        sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
        "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
        "--target", str(target), "--timeout", "30", "--retries", "2",
    ]
    for platform in BINDER_PLATFORMS:
        command += ["--platform", platform]
    if not deps:
        command.append("--no-deps")
    result = subprocess.run(command + requirements, capture_output=True, text=True, timeout=600)
    if result.returncode and any(marker in result.stderr for marker in UNREACHABLE):
        pytest.fail(
            "pip cannot reach the package index (this check needs PyPI); pip said:\n"
            + result.stderr[-2000:]
        )
    return result


# --- runtime.txt ----------------------------------------------------------------------------


def test_runtime_txt_names_a_python_that_repo2docker_builds():
    python = binder_python()
    assert python in REPO2DOCKER_PYTHONS, (
        f"runtime.txt asks for Python {python}; repo2docker builds "
        f"{sorted(REPO2DOCKER_PYTHONS, key=Version)}"
    )


def test_runtime_txt_python_is_the_python_running_the_tests():
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert binder_python() == running, (
        f"runtime.txt gives Binder Python {binder_python()}, but the tests (CI) run on "
        f"Python {running}: make them the same, so that what CI tests is what Binder runs"
    )


def test_local_package_requires_python_admits_binders_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requires = project.get("requires-python", "")
    python = binder_python()
    assert Version(python) in SpecifierSet(requires), (
        f"pyproject.toml: requires-python = {requires!r} does not admit Binder's Python "
        f"{python} (runtime.txt): `pip install -e .` would refuse it"
    )


# --- requirements.txt on Binder's Python -----------------------------------------------------


def test_binder_installs_the_requirements_file_at_the_root():
    path = binder_path("requirements.txt")
    assert path == ROOT / "requirements.txt", (
        f"repo2docker would read {path.relative_to(ROOT)} (a binder/ folder hides the root "
        "files), not requirements.txt"
    )
    assert any(is_local(line) for line in requirement_lines()), (
        "requirements.txt does not install the local package (`-e .`): Binder would lack lossfns"
    )


def test_every_requirement_is_pinned_or_the_local_package():
    loose = [line for line in pins() if not PIN.fullmatch(line)]
    assert not loose, (
        f"requirements.txt: lines that are neither 'name==version' nor the local package: {loose}"
    )


@pytest.mark.network
def test_every_pin_has_a_wheel_for_binders_python(tmp_path):
    python = binder_python()
    result = pip_dry_run(pins(), python, tmp_path, deps=False)
    if result.returncode == 0:
        return
    # Name every pin without a wheel, not only the first one pip stopped at.
    missing = [
        pin for pin in pins()
        if pip_dry_run([pin], python, tmp_path, deps=False).returncode != 0
    ]
    pytest.fail(
        f"no wheel for CPython {python} (runtime.txt) on manylinux x86_64 (glibc 2."
        f"{BINDER_GLIBC_MINOR}) for: {', '.join(missing) or '(see pip)'}; Binder's "
        f"`pip install -r requirements.txt` would fail. pip said:\n{result.stderr[-2000:]}"
    )


@pytest.mark.network
def test_requirements_and_their_dependencies_resolve_from_wheels_on_binders_python(tmp_path):
    python = binder_python()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # `-e .` stands for the local package: its own dependencies take its place.
    requirements = pins() + list(project.get("dependencies", []))
    result = pip_dry_run(requirements, python, tmp_path, deps=True)
    assert result.returncode == 0, (
        f"requirements.txt (with lossfns's dependencies) does not resolve from wheels for "
        f"CPython {python} on manylinux x86_64; pip said:\n{result.stderr[-3000:]}"
    )


# --- launch links in the built book ----------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def _links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


@pytest.fixture(scope="module")
def built_html():
    if not (HTML / "index.html").is_file():
        missing(f"built book not found in {HTML}: run scripts/build_book.sh first")
    return HTML


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _github(config) -> tuple[str, str, str, str]:
    """(owner, repository, branch, path_to_book) from ``_config.yml``."""
    repo = config["repository"]
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", repo["url"])
    assert match, f"_config.yml: repository.url is not a GitHub repository: {repo['url']!r}"
    branch, path_to_book = str(repo.get("branch", "main")), repo.get("path_to_book") or ""
    return match.group(1), match.group(2), branch, path_to_book


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_binder_launch_link_opens_the_pages_own_notebook(notebook, built_html, config):
    page = built_html / notebook.relative_to(ROOT).with_suffix(".html")
    assert page.is_file(), f"{notebook.name}: no page {page.relative_to(ROOT)} in the build"
    binderhub = config["launch_buttons"]["binderhub_url"].rstrip("/")
    launches = [href for href in _links(page) if href.startswith(f"{binderhub}/v2/")]
    assert len(launches) == 1, (
        f"{page.relative_to(HTML)}: expected one Binder launch link, found {launches}"
    )
    owner, repository, branch, path_to_book = _github(config)
    url = urlsplit(launches[0])
    assert url.path == f"/v2/gh/{owner}/{repository}/{branch}", (
        f"{page.relative_to(HTML)}: the Binder link {launches[0]} does not launch "
        f"{owner}/{repository} at branch {branch} (_config.yml's repository)"
    )
    urlpath = parse_qs(url.query).get("urlpath", [""])[0]
    interface = config["launch_buttons"].get("notebook_interface", "classic")
    prefix = "lab/tree/" if interface == "jupyterlab" else "tree/"
    assert urlpath.startswith(prefix), (
        f"{page.relative_to(HTML)}: urlpath {urlpath!r} does not open a file in {interface}"
    )
    opened = ROOT / path_to_book / urlpath.removeprefix(prefix)
    assert opened.is_file(), (
        f"{page.relative_to(HTML)}: Binder would open {opened}, which does not exist"
    )
    assert opened.resolve() == notebook.resolve(), (
        f"{page.relative_to(HTML)}: Binder would open {opened.relative_to(ROOT)}, "
        f"not this page's notebook {notebook.relative_to(ROOT)}"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_colab_launch_link_opens_the_pages_own_notebook(notebook, built_html, config):
    page = built_html / notebook.relative_to(ROOT).with_suffix(".html")
    colab = config["launch_buttons"]["colab_url"].rstrip("/")
    launches = [href for href in _links(page) if href.startswith(f"{colab}/github/")]
    assert len(launches) == 1, (
        f"{page.relative_to(HTML)}: expected one Colab link, found {launches}"
    )
    owner, repository, branch, path_to_book = _github(config)
    expected_prefix = f"{colab}/github/{owner}/{repository}/blob/{branch}/"
    assert launches[0].startswith(expected_prefix), (
        f"{page.relative_to(HTML)}: the Colab link {launches[0]} is not for {owner}/{repository} "
        f"at branch {branch}"
    )
    opened = ROOT / path_to_book / launches[0].removeprefix(expected_prefix)
    assert opened.resolve() == notebook.resolve(), (
        f"{page.relative_to(HTML)}: Colab would open {opened.relative_to(ROOT)}, not "
        f"{notebook.relative_to(ROOT)}"
    )


def test_markdown_pages_have_no_launch_link(built_html, config):
    binderhub = config["launch_buttons"]["binderhub_url"].rstrip("/")
    colab = config["launch_buttons"]["colab_url"].rstrip("/")
    pages = [
        built_html / source.relative_to(ROOT).with_suffix(".html")
        for source in sorted(BOOK.rglob("*.md"))
    ]
    with_links = [
        page.relative_to(HTML).as_posix()
        for page in pages
        if page.is_file()
        and any(href.startswith((f"{binderhub}/v2/", f"{colab}/github/")) for href in _links(page))
    ]
    assert not with_links, (
        f"pages built from Markdown (no notebook to open) with a launch link: {with_links}"
    )


# --- the install cell on Binder --------------------------------------------------------------


def test_install_cells_print_and_install_nothing_where_lossfns_is_installed(tmp_path):
    install_cells = [nbformat.read(path, as_version=4).cells for path in NOTEBOOKS]
    sources = [next(c for c in cells if c.cell_type == "code").source for cells in install_cells]
    runs = run_install_cells([(source, False, False) for source in sources], cwd=tmp_path)
    for path, run in zip(NOTEBOOKS, runs):
        assert run.outputs == [], f"{path.name}: the install cell printed {run.outputs}"
        assert run.pip_lines == [], f"{path.name}: the install cell ran %pip {run.pip_lines}"
        assert run.widget_manager_calls == 0, f"{path.name}: turned on Colab's widget manager"
        assert run.lossfns_imported, f"{path.name}: the install cell did not import lossfns"
