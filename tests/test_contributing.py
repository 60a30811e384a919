"""The contributor workflow: CONTRIBUTING.md, the pull-request template, GitHub workflow
annotations, the workflow file (its smoke test is run here against a real server) and the
pre-commit configuration (run here in a temporary repository)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from casebase.cli import cli

from .api_support import FIXTURES, ROOT
from .servers import casebase_server

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
BIN = Path(sys.executable).parent


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def runs(job: str) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def test_contributing_is_in_dutch_and_english():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    nl, en = text.split("## Nederlands", 1)[1].split("## English", 1)
    for needle in (
        "webeditor",
        "lokaal",
        "waarheidsregels",
        "goede bron",
        "beoordeling",
        "CC BY 4.0",
    ):
        assert needle.lower() in nl.lower(), needle
    for needle in ("web editor", "locally", "truth rules", "good source", "review", "CC BY 4.0"):
        assert needle.lower() in en.lower(), needle
    assert "### Uw case bekijken" in nl and "### Preview your case" in en
    for part in (nl, en):
        assert "VS Code" in part and "JetBrains" in part
        assert ".venv/bin/casebase serve --watch" in part
        assert "# yaml-language-server: $schema=../schema/case.schema.json" in part


def test_contributing_links_and_commands_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for link in set(re.findall(r"\]\(([^)#:]+)\)", text)):
        assert (ROOT / link).exists(), link
    commands = set(re.findall(r"casebase (\w+)", text))
    assert {"new", "validate"} <= commands
    for command in commands:
        assert CliRunner().invoke(cli, [command, "--help"]).exit_code == 0, command
    assert (ROOT / "schema" / "case.schema.json").is_file()


def test_pull_request_template_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    assert len(items) >= 4
    joined = " ".join(items)
    for needle in ("sources", "own words", "vocabulary", "last_reviewed"):
        assert needle in joined, needle


@pytest.mark.parametrize(
    "name, field",
    [
        ("unknown-code.yml", "instruments[1]: unknown code"),
        ("bad-date.yml", "sources[0].date: '01-05-2021' is not valid"),
        ("syntax-error.yml", "YAML syntax error"),
    ],
)
def test_validate_github_annotations_point_at_the_line(name, field):
    path = FIXTURES / "invalid" / name
    result = CliRunner().invoke(cli, ["validate", "--format", "github", str(path)])
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("::error"))
    m = re.fullmatch(r"::error file=([^,]+),line=(\d+),col=(\d+)::(.+)", line)
    assert m, line
    assert m[1] == str(path) and int(m[2]) >= 1 and int(m[3]) >= 1
    assert m[4].startswith(field)
    if name == "unknown-code.yml":  # the column is where the bad code starts
        text = path.read_text(encoding="utf-8").splitlines()[int(m[2]) - 1]
        assert text[int(m[3]) - 1 :].startswith("hackathon")


def test_workflow_runs_the_checks_on_pull_requests():
    data = workflow()
    assert "pull_request" in data["on"] and data["on"]["push"]["branches"] == ["main"]
    assert "casebase validate --format github" in runs("validate")
    assert "bash .ci/run" in runs("test")  # lint + the whole suite, with Chromium, as CI does
    for job in ("test", "site", "publish"):  # created/updated dates need the whole history
        checkout = next(s for s in steps(job) if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0, job
    assert "casebase build" in runs("site") and "casebase serve --port 8001" in runs("site")


def test_workflow_publishes_only_from_main():
    publish = workflow()["jobs"]["publish"]
    assert publish["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert set(publish["needs"]) == {"validate", "test", "site"}
    assert publish["permissions"]["packages"] == "write"
    assert "casebase publish docker" in runs("publish") and "docker push" in runs("publish")
    assert workflow()["permissions"] == {"contents": "read"}


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_workflow_smoke_test_passes_against_a_real_server(fixture_db):
    valid = FIXTURES / "valid"
    args = ["--db", fixture_db, "--cases", valid / "cases", "--collections", valid / "collections"]
    with casebase_server(args) as base:
        script = next(s["run"] for s in steps("site") if s.get("name") == "Smoke test")
        env = {**os.environ, "BASE": base, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
        done = subprocess.run(
            ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "200 /api/v1/openapi.json" in done.stdout and "200 /casebase.db" in done.stdout


def test_pre_commit_config_runs_the_validator(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["casebase-validate"]["entry"].startswith(".venv/bin/casebase validate")
    assert {"ruff-check", "ruff-format"} <= set(hooks)
    if shutil.which("pre-commit", path=str(BIN)) is None:
        pytest.skip("pre-commit is not installed")
    # A throwaway repository with the fixture cases, this config and this virtualenv.
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid", repo)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(BIN.parent)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    def pre_commit():
        return subprocess.run(
            [str(BIN / "pre-commit"), "run", "--all-files"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    git("init", "-q")
    git("add", "cases", "collections", ".pre-commit-config.yaml")
    ok = pre_commit()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    shutil.copy(FIXTURES / "invalid" / "unknown-code.yml", repo / "cases" / "unknown-code.yml")
    git("add", "cases")
    bad = pre_commit()
    assert bad.returncode == 1 and "hackathon" in bad.stdout
