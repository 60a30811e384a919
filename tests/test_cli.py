"""The command line through click's CliRunner: exit codes and messages."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from casebase import validate
from casebase.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


def test_validate_ok_exits_0():
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "valid" / "cases")])
    assert result.exit_code == 0
    assert "2 cases, 0 collections: 0 errors, 1 warning" in result.output


def test_validate_counts_in_the_singular_for_one():
    one = FIXTURES / "valid" / "cases" / "digitaal-loket-hergebruik.yml"
    result = CliRunner().invoke(cli, ["validate", str(one)])
    assert "1 case, 0 collections: 0 errors, 1 warning" in result.output


def test_validate_errors_exit_1():
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "invalid" / "bad-url.yml")])
    assert result.exit_code == 1
    assert "bad-url.yml:21:10: error: sources[1].url:" in result.output


def test_validate_github_format():
    result = CliRunner().invoke(
        cli, ["validate", "--format", "github", str(FIXTURES / "invalid" / "bad-url.yml")]
    )
    assert result.exit_code == 1
    assert "::error file=" in result.output and ",line=21,col=10::sources[1].url:" in result.output


def test_validate_missing_path_is_a_usage_error():
    result = CliRunner().invoke(cli, ["validate", "does-not-exist"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_build_missing_folder(tmp_path):
    result = CliRunner().invoke(
        cli, ["build", "--cases", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert "no such folder" in result.output
    assert not (tmp_path / "x.db").exists()


def test_build_says_a_running_server_keeps_the_old_database(valid_tree):
    db = valid_tree / "casebase.db"
    args = ["build", "--cases", str(valid_tree / "cases"), "--db", str(db)]
    args += ["--collections", str(valid_tree / "collections")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "keeps the old database until restarted" in result.output
    assert "casebase serve --watch" in result.output


def test_new_writes_a_skeleton_that_parses(tmp_path):
    runner = CliRunner()
    args = [
        "new",
        "mijn-case",
        "--cases",
        str(tmp_path),
        "--title",
        "Mijn: case",
        "--instrument",
        "pilot",
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    path = tmp_path / "mijn-case.yml"
    doc, problems = validate.load(path, "case")
    assert problems == [] and doc.data["title"] == "Mijn: case"
    assert doc.data["instruments"] == ["pilot"]
    # still has TODOs, so validation fails until it is filled in
    assert validate.validate([path]).errors
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "already exists" in again.output


def test_new_fills_in_no_facts(tmp_path):
    """No start year, no source date and no review date are made up: each is left to fill in,
    and validation names them."""
    result = CliRunner().invoke(cli, ["new", "lege-case", "--cases", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "lege-case.yml").read_text()
    today = dt.date.today()
    assert f"year_start: {today.year}" not in text and today.isoformat() not in text
    doc, _ = validate.load(tmp_path / "lege-case.yml", "case")
    assert doc.data["year_start"] == "TODO" and doc.data["last_reviewed"] == "TODO"
    fields = {p.field for p in validate.validate([tmp_path / "lege-case.yml"]).errors}
    assert {"year_start", "last_reviewed", "sources[0].date", "sources[0].key"} <= fields


def test_new_rejects_bad_id(tmp_path):
    result = CliRunner().invoke(cli, ["new", "Mijn Case", "--cases", str(tmp_path)])
    assert result.exit_code == 1 and "not a valid id" in result.output


def test_new_lists_allowed_codes():
    result = CliRunner().invoke(cli, ["new", "--help"])
    assert "market-consultation" in result.output


def test_stats_counts(tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "stats",
            "--cases",
            str(FIXTURES / "valid" / "cases"),
            "--collections",
            str(FIXTURES / "valid" / "collections"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Cases: 2" in result.output
    assert "     1  pilot" in result.output
    assert "     2  leren" in result.output
    assert "digitaal-loket-hergebruik" in result.output.split("only one source")[1]


def test_schema_command_writes_json(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    data = json.loads((tmp_path / "case.schema.json").read_text())
    assert "pilot" in data["properties"]["instruments"]["items"]["enum"]


def test_audit_prints_facts_with_citations_and_is_repeatable(tmp_path):
    fixtures = Path(__file__).parent / "fixtures"
    for folder in (fixtures / "valid" / "cases", fixtures / "api" / "cases"):
        shutil.copytree(folder, tmp_path / "cases", dirs_exist_ok=True)
    cases = str(tmp_path / "cases")
    first = CliRunner().invoke(cli, ["audit", "3", "--seed", "7", "--cases", cases])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("# casebase audit 3 --seed 7")
    assert "key facts:" in first.output and "status: running" in first.output
    assert (
        "[1: s1] \u201cIn februari 2023 hield de provincie een marktconsultatie.\u201d"
        in first.output
    )
    assert "1. [s1] https://bron.test/energie" in first.output
    again = CliRunner().invoke(cli, ["audit", "3", "--seed", "7", "--cases", cases])
    assert again.output == first.output


def test_audit_refuses_a_folder_with_errors():
    invalid = str(Path(__file__).parent / "fixtures" / "invalid")
    result = CliRunner().invoke(cli, ["audit", "--cases", invalid])
    assert result.exit_code == 1 and "run casebase validate first" in result.output


def test_validate_judges_links_like_a_build_of_the_same_folder(valid_tree, monkeypatch):
    """Run from the repository root, whose cases/ holds the target: other/ must still fail."""
    root = Path(__file__).parent.parent
    target = sorted((root / "cases").glob("*.yml"))[0].stem
    case = valid_tree / "cases" / "woningbouw-pilot.yml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("case: digitaal-loket-hergebruik", f"case: {target}"), "utf-8")
    monkeypatch.chdir(root)
    validated = CliRunner().invoke(cli, ["validate", str(valid_tree / "cases")])
    built = CliRunner().invoke(
        cli, ["build", "--cases", str(valid_tree / "cases"), "--db", str(valid_tree / "x.db")]
    )
    assert validated.exit_code == built.exit_code == 1, validated.output + built.output
    assert target in validated.output and target in built.output
    assert not (valid_tree / "x.db").exists()
