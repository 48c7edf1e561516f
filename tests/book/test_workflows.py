"""The GitHub Actions workflows: the published site and the pull-request tests.

``.github/workflows/pages.yml`` builds the book with the README's build command on every
push to the configured branch and deploys ``_build/html`` to GitHub Pages;
``.github/workflows/tests.yml`` runs ``.ci/run`` on every pull request. Both are validated
offline against the GitHub workflow schema that ``check-jsonschema`` ships
(``--builtin-schema vendor.github-workflows``), and their content is checked against the
README, ``.ci/run``, ``runtime.txt`` and ``_config.yml`` so that none of them can drift.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
TESTS = WORKFLOWS / "tests.yml"


def _load(path: Path) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); map it back.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in _steps(workflow) if "uses" in step]


def _readme_commands() -> dict[str, str]:
    """The README's two commands, by the script they call: {"build": ..., "test": ...}."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(bash scripts/(build|test)\.sh)\b", readme, flags=re.M)
    found = {kind: command for command, kind in commands}
    assert set(found) == {"build", "test"}, f"README: the two commands not found; got {found}"
    return found


def _check_jsonschema(*paths: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema is not installed: pip install -r requirements-test.txt"
    return subprocess.run(
        [exe, "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("path", [PAGES, TESTS], ids=lambda p: p.name)
def test_workflow_is_valid_against_the_github_workflow_schema(path):
    result = _check_jsonschema(path)
    assert result.returncode == 0, f"{path.name}:\n{result.stdout}{result.stderr}"


def test_the_schema_check_rejects_a_workflow_without_runs_on(tmp_path):
    # The validator really validates: the pages workflow minus one required key fails.
    broken = _load(PAGES)
    del broken["jobs"]["build"]["runs-on"]
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = _check_jsonschema(path)
    assert result.returncode != 0
    assert "runs-on" in result.stdout + result.stderr


def test_pages_workflow_builds_with_the_readme_command_on_every_push_to_the_branch():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    workflow = _load(PAGES)
    assert workflow["on"]["push"]["branches"] == [config["repository"]["branch"]]
    runs = [step.get("run", "").strip() for step in _steps(workflow)]
    assert _readme_commands()["build"] in runs, f"pages.yml must run the README's build command; runs {runs}"


def test_pages_workflow_uploads_the_built_site_and_deploys_it_to_pages():
    workflow = _load(PAGES)
    uploads = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(uploads) == 1 and uploads[0]["with"]["path"] == "_build/html"
    assert "actions/deploy-pages" in _uses(workflow)
    deploy = next(job for job in workflow["jobs"].values()
                  if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"]))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"


def test_tests_workflow_runs_ci_on_every_pull_request():
    workflow = _load(TESTS)
    assert "pull_request" in workflow["on"]
    runs = [step.get("run", "").strip() for step in _steps(workflow)]
    assert "bash .ci/run" in runs, f"tests.yml must run .ci/run; runs {runs}"
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(_readme_commands()['test'])}\b", ci_run, flags=re.M), (
        ".ci/run must call the README's test command"
    )


@pytest.mark.parametrize("path", [PAGES, TESTS], ids=lambda p: p.name)
def test_workflow_uses_runtime_txts_python_with_pinned_action_versions(path):
    runtime = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert match, f"runtime.txt: expected 'python-X.Y', found {runtime!r}"
    workflow = _load(path)
    setups = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/setup-python@")]
    assert setups, f"{path.name}: no actions/setup-python step"
    for step in setups:
        assert str(step["with"]["python-version"]) == match.group(1), (
            f"{path.name}: setup-python uses {step['with']['python-version']!r}, "
            f"runtime.txt says {match.group(1)}"
        )
    for step in _steps(workflow):
        if "uses" in step:
            assert re.search(r"@v\d+$", step["uses"]), f"{path.name}: unpinned action {step['uses']}"
