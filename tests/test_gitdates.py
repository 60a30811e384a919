"""Created and updated dates per case from git history, at build time; empty without git."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from casebase import gitdates
from casebase.cli import cli

from .api_support import FIXTURES, datasette

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@bron.test"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@bron.test")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    tmp_path = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid", tmp_path)  # cases/ and collections/
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "cases/woningbouw-pilot.yml", "collections")
    git(tmp_path, "commit", "-q", "-m", "first", date="2024-01-15")
    git(tmp_path, "add", "cases/digitaal-loket-hergebruik.yml")
    git(tmp_path, "commit", "-q", "-m", "second", date="2024-03-01")
    path = tmp_path / "cases" / "woningbouw-pilot.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "edit", date="2025-06-30")
    return tmp_path


def test_dates_from_history(repo):
    dates = gitdates.git_dates(sorted((repo / "cases").glob("*.yml")))
    assert dates == {
        "woningbouw-pilot.yml": ("2024-01-15", "2025-06-30"),
        "digitaal-loket-hergebruik.yml": ("2024-03-01", "2024-03-01"),
    }


def test_uncommitted_file_has_no_dates(repo):
    shutil.copy(repo / "cases" / "woningbouw-pilot.yml", repo / "cases" / "nieuw.yml")
    assert "nieuw.yml" not in gitdates.git_dates(sorted((repo / "cases").glob("*.yml")))


def test_without_git_history_dates_are_empty(tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "plain")
    assert gitdates.git_dates(sorted((tmp_path / "plain" / "cases").glob("*.yml"))) == {}


async def test_dates_reach_the_database_and_the_api(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["build", "--quiet"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(repo / "casebase.db")
    got = dict((r[0], r[1:]) for r in db.execute("select id, created, updated from cases"))
    assert got["woningbouw-pilot"] == ("2024-01-15", "2025-06-30")
    record = (
        await datasette(repo / "casebase.db").client.get("/api/v1/cases/woningbouw-pilot")
    ).json()
    assert (record["created"], record["updated"]) == ("2024-01-15", "2025-06-30")


def test_build_without_git_leaves_dates_empty(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "valid", tmp_path / "plain")
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above either
    result = CliRunner().invoke(cli, ["build", "--quiet"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "plain" / "casebase.db")
    assert db.execute("select count(*) from cases where created is not null").fetchone() == (0,)
