"""Hostile input is refused quickly and safely: one clear path:line:col message per kind,
a non-zero exit, no traceback, and an existing database left byte-for-byte the same."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebase import validate
from casebase.cli import cli

from .hostile_corpus import GOOD, INVALID, kinds, write_corpus, write_kind

ROOT = Path(__file__).parent.parent
CASEBASE = Path(sys.executable).parent / "casebase"


def errors(path: Path) -> list[str]:
    return [p.format() for p in validate.validate([path]).errors]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_args(folder: Path, db: Path) -> list[str]:
    # no collections folder there: only the cases are built
    cases, collections = folder / "cases", folder / "collections"
    return ["build", "--cases", str(cases), "--collections", str(collections), "--db", str(db)]


# six good cases: one hostile file among them is a small change, so the build is incremental
GOOD_IDS = ["norway"] + [f"norway-{i}" for i in range(2, 7)]


def write_good_cases(cases: Path) -> None:
    cases.mkdir()
    for case_id in GOOD_IDS:
        (cases / f"{case_id}.yml").write_text(
            GOOD.read_text().replace("id: norway", f"id: {case_id}")
        )


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    """A database built by the CLI from the good cases."""
    folder = tmp_path_factory.mktemp("good")
    write_good_cases(folder / "cases")
    db = folder / "casebase.db"
    result = CliRunner().invoke(cli, build_args(folder, db))
    assert result.exit_code == 0, result.output
    return db


def test_corpus_has_at_least_25_kinds():
    assert len(kinds()) >= 25


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
@pytest.mark.parametrize("kind", kinds())
def test_build_refuses_hostile_file(kind, full, good_db, tmp_path):
    write_good_cases(tmp_path / "cases")
    _, expected = write_kind(kind, tmp_path / "cases")
    db = tmp_path / "casebase.db"
    db.write_bytes(good_db.read_bytes())
    before = digest(db)

    result = CliRunner().invoke(cli, build_args(tmp_path, db) + ["--full"] * full)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # exactly the one message of this kind, nothing else
    assert [line for line in result.output.splitlines() if ": error: " in line] == [expected]
    assert f"database not built ({db} left untouched)" in result.output
    assert digest(db) == before
    assert not list(tmp_path.glob(".*.tmp-*"))  # no temporary database left behind


# Runs the command and reports its peak RSS. It has to be a small process of its own: a child
# forked straight from pytest inherits pytest's peak (Linux keeps the high-water mark across
# exec), which says nothing about the command.
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stderr=subprocess.STDOUT).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def test_whole_corpus_in_one_run_bounded_time_and_memory(tmp_path):
    """Every error of every kind in one `casebase validate` run, in a child process whose
    wall time and peak memory are measured (bounds are generous: bounded, not fast)."""
    expected = write_corpus(tmp_path / "cases")
    child = subprocess.run(
        [sys.executable, "-c", MEASURE, str(CASEBASE), "validate", str(tmp_path / "cases")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = child.stdout
    seconds, cpu, rss_kb = map(float, child.stderr.split()[-3:])
    peak_mb = rss_kb / 1024  # kilobytes on Linux
    print(
        f"\nhostile corpus: {len(expected)} kinds, validated in {seconds:.2f} s wall, "
        f"{cpu:.2f} s CPU, peak RSS {peak_mb:.0f} MB"
    )
    assert child.returncode == 1
    assert "Traceback" not in output
    lines = output.splitlines()
    missing = [line for line in expected.values() if line not in lines]
    assert not missing
    assert sum(": error: " in line for line in lines) == len(expected)
    assert lines[-1].endswith(f" collections: {len(expected)} errors, 0 warnings")
    assert seconds < 20
    assert peak_mb < 400


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "norway.yml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    assert errors(path) == []


def test_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "norway.yml"
    path.write_bytes(GOOD.read_bytes().replace(b"\n", b"\r\n"))
    assert errors(path) == []
    assert validate.validate([path]).cases[0].data["title"] == "Titel"


def test_symlink_inside_cases_folder_is_fine(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "real.yml").write_text(GOOD.read_text().replace("norway", "real"))
    os.symlink(cases / "real.yml", cases / "alias.yml")
    assert not any("symlink points" in e for e in errors(cases))


def test_alias_bomb_is_refused_before_expansion():
    # Expanding this bomb would take minutes and gigabytes: the first alias is refused.
    started = time.perf_counter()
    assert len(errors(INVALID / "alias-bomb.yml")) == 1
    assert time.perf_counter() - started < 5


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "tag.yml"
    path.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert "is not allowed" in errors(path)[0]
    assert not marker.exists()


def test_terminal_escapes_in_a_file_name_are_shown_escaped(tmp_path):
    path = tmp_path / "x\x1b[2J.yml"
    path.write_text("id: x\n")
    assert errors(path) == [
        f"{tmp_path}/x\\x1b[2J.yml:1:1: error: file name 'x\\x1b[2J.yml' is not valid; expected "
        "<id>.yml with a lowercase kebab-case ASCII id, e.g. gemeente-utrecht-pilot.yml"
    ]


def test_cli_never_shows_a_traceback():
    result = CliRunner().invoke(cli, ["validate", str(INVALID)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
