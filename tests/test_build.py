"""The build: tables from YAML, atomic replacement, same input gives the same content."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from casebase import build, rows, text, validate
from casebase.cli import cli

VALID = Path(__file__).parent / "fixtures" / "valid"


def dump(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as db:
        return list(db.iterdump())


def run_build(repo: Path, db: Path):
    return CliRunner().invoke(
        cli,
        [
            "build",
            "--cases",
            str(repo / "cases"),
            "--collections",
            str(repo / "collections"),
            "--db",
            str(db),
        ],
    )


def test_case_rows_are_a_pure_mapping():
    doc = next(d for d in validate.validate([VALID / "cases"]).cases if d.id == "woningbouw-pilot")
    out = rows.case_rows(doc.data, "cases/woningbouw-pilot.yml")
    assert out["cases"][0]["value_eur"] == 1500000
    assert out["cases"][0]["source_count"] == 2
    assert [r["instrument"] for r in out["case_instruments"]] == ["pilot", "market-consultation"]
    assert out["case_buyers"][0]["government_level"] == "local"
    assert [r["perspective"] for r in out["lessons"]] == ["buyer", "supplier"]
    assert out["identifiers"][1] == {
        "case_id": "woningbouw-pilot",
        "scheme": "ted",
        "value": "554113-2026",
        "url": "https://ted.europa.eu/en/notice/-/detail/554113-2026",
    }


def test_build_creates_tables_and_rows(valid_tree, tmp_path):
    db_path = tmp_path / "casebase.db"
    result = run_build(valid_tree, db_path)
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(db_path)
    assert db.execute("select count(*) from cases").fetchone() == (2,)
    assert db.execute("select label_nl from instruments where code = 'pilot'").fetchone() == (
        "Pilot / proeftuin",
    )
    assert db.execute(
        "select case_id from collection_cases where collection_id = 'leren' order by position"
    ).fetchall() == [("woningbouw-pilot",), ("digitaal-loket-hergebruik",)]
    # FTS over organisation names and Dutch-stemmed search table
    assert db.execute(
        "select rowid from cases_fts where cases_fts match 'Testuniversiteit'"
    ).fetchall()
    assert db.execute(
        "select count(*) from cases_stem where cases_stem match ?", [text.fts_query("woningen")]
    ).fetchone() == (1,)


def test_same_input_same_content(valid_tree, tmp_path):
    run_build(valid_tree, tmp_path / "a.db")
    run_build(valid_tree, tmp_path / "b.db")
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")


def test_failed_build_leaves_database_untouched(valid_tree, tmp_path):
    db_path = tmp_path / "casebase.db"
    assert run_build(valid_tree, db_path).exit_code == 0
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    broken = valid_tree / "cases" / "woningbouw-pilot.yml"
    broken.write_text(broken.read_text().replace("status: completed", "status: klaar"))
    result = run_build(valid_tree, db_path)
    assert result.exit_code == 1
    assert "status: unknown code 'klaar'" in result.output
    assert "left untouched" in result.output
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == ["casebase.db", "repo"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["casebase.db", "repo"]


def test_deleted_case_disappears(valid_tree, tmp_path):
    db_path = tmp_path / "casebase.db"
    run_build(valid_tree, db_path)
    (valid_tree / "cases" / "digitaal-loket-hergebruik.yml").unlink()
    (valid_tree / "cases" / "woningbouw-pilot.yml").write_text(
        (valid_tree / "cases" / "woningbouw-pilot.yml")
        .read_text()
        .replace("related:\n  - case: digitaal-loket-hergebruik\n    relation: see-also\n", "")
    )
    shutil.rmtree(valid_tree / "collections")
    assert run_build(valid_tree, db_path).exit_code == 0
    db = sqlite3.connect(db_path)
    assert db.execute("select id from cases").fetchall() == [("woningbouw-pilot",)]
    assert db.execute(
        "select count(*) from case_buyers where case_id like 'digitaal%'"
    ).fetchone() == (0,)


def test_links_must_point_into_the_build(tmp_path, monkeypatch):
    """A link to a case that exists only in another folder (here the repository's cases/)
    is an error in the build: the database must hold every link target."""
    monkeypatch.chdir(Path(__file__).parent.parent)
    cases = tmp_path / "cases"
    cases.mkdir()
    text = (VALID / "cases" / "woningbouw-pilot.yml").read_text()
    (cases / "woningbouw-pilot.yml").write_text(
        text.replace("case: digitaal-loket-hergebruik", "case: rechtspraak-kei-reset")
    )
    result = build.build([cases], tmp_path / "casebase.db")
    assert [p.message for p in result.errors] == [
        "no case with id 'rechtspraak-kei-reset'; expected the id of a file in cases/"
    ]
    assert not (tmp_path / "casebase.db").exists()
