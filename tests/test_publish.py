"""`casebase publish`: the generated container context and command lines (no Docker needed).

The Dockerfile's own commands (`datasette inspect`, then `datasette serve`) are run here
against the context, so a wrong file name or option fails this test, not a deployment.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

import pytest
from click.testing import CliRunner

from casebase import publish
from casebase.cli import cli

from .api_support import ROOT


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(ROOT)  # publish copies the package and templates from the repository root


def run_publish(args):
    return CliRunner().invoke(cli, ["publish", *args])


def test_docker_context_and_command(in_repo, fixture_db, tmp_path):
    out = tmp_path / "ctx"
    result = run_publish(
        ["docker", "--no-build", "--db", str(fixture_db), "--out", str(out), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert f"docker build -t casebase {out}" in result.output.splitlines()
    for name in ("Dockerfile", "casebase.db", "metadata.json", "pyproject.toml", "README.md"):
        assert (out / name).is_file(), name
    assert (out / "src/casebase/plugins/api/routes.py").is_file()
    assert (out / "templates/api.html").is_file()
    assert not list(out.rglob("__pycache__"))
    assert (out / "casebase.db").read_bytes() == fixture_db.read_bytes()
    docker = (out / "Dockerfile").read_text()
    assert docker.startswith("FROM python:3.")
    assert "RUN pip install -U datasette .\n" in docker  # this package, from the context
    assert "ENV DATASETTE_SECRET" in docker
    cmd = next(line for line in docker.splitlines() if line.startswith("CMD "))
    assert " -i casebase.db " in cmd and " --cors " in cmd
    assert "--inspect-file inspect-data.json" in cmd and "--metadata metadata.json" in cmd
    assert "--setting sql_time_limit_ms 1500" in cmd and cmd.endswith("--port $PORT")


def test_dockerfile_commands_work_on_the_context(in_repo, fixture_db, tmp_path):
    out = tmp_path / "ctx"
    assert (
        run_publish(
            ["docker", "--no-build", "--db", str(fixture_db), "--out", str(out), "--dry-run"]
        ).exit_code
        == 0
    )
    lines = (out / "Dockerfile").read_text().splitlines()
    assert "ENV CASEBASE_MEMORY_LIMIT_MB '2048'" in lines  # the server's memory cap
    inspect = shlex.split(next(x for x in lines if x.startswith("RUN datasette inspect"))[4:])
    python = [sys.executable, "-m", "datasette"]
    subprocess.run([*python, *inspect[1:]], cwd=out, check=True, capture_output=True)
    assert "hash" in json.loads((out / "inspect-data.json").read_text())["casebase"]
    serve = shlex.split(next(x for x in lines if x.startswith("CMD "))[4:])
    serve = serve[: serve.index("--port")]  # --get makes one request instead of listening
    done = subprocess.run(
        [*python, *serve[1:], "--get", "/api/v1/cases?limit=1"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["count"] == 2


def test_without_docker_the_commands_are_printed(in_repo, fixture_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no docker on this PATH
    out = tmp_path / "ctx"
    result = run_publish(["docker", "--no-build", "--db", str(fixture_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "docker is not installed here" in result.output
    assert f"docker build -t casebase {out}" in result.output


def test_cloudrun_commands(in_repo, fixture_db, tmp_path):
    out = tmp_path / "ctx"
    args = ["cloudrun", "--no-build", "--db", str(fixture_db), "--out", str(out), "--dry-run"]
    missing = run_publish(args)
    assert missing.exit_code == 1 and "--project" in missing.output
    result = run_publish([*args, "--project", "my-project", "--service", "kb"])
    assert result.exit_code == 0, result.output
    build, deploy = [shlex.split(line) for line in result.output.splitlines()[-2:]]
    assert build[:3] == ["gcloud", "builds", "submit"] and build[-1] == str(out)
    assert "gcr.io/my-project/kb" in build and "gcr.io/my-project/kb" in deploy
    assert deploy[:4] == ["gcloud", "run", "deploy", "kb"] and "--allow-unauthenticated" in deploy


def test_missing_database_is_a_clear_error(in_repo, tmp_path):
    result = run_publish(
        ["docker", "--no-build", "--db", str(tmp_path / "no.db"), "--out", str(tmp_path / "c")]
    )
    assert result.exit_code == 1 and "casebase build" in result.output


def test_refuses_to_replace_a_folder_that_is_not_a_context(in_repo, fixture_db, tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = run_publish(["docker", "--no-build", "--db", str(fixture_db), "--out", str(tmp_path)])
    assert result.exit_code == 1 and (tmp_path / "precious.txt").exists()


def test_settings_come_from_serve():
    args = ["serve", "-i", "x.db", "--setting", "a", "1", "--metadata", "m", "--setting", "b", "2"]
    assert publish.settings_options(args) == "--setting a 1 --setting b 2"
