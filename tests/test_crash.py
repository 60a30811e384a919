"""Crash-safety: a build killed part-way, a full disk or a read-only folder never damages the
published database, a running server keeps serving it, and the user gets a clear sentence."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebase import incremental
from casebase.cli import cli

from .servers import datasette_server

ROOT = Path(__file__).parent.parent
VALID = Path(__file__).parent / "fixtures" / "valid"
BIN = Path(sys.executable).parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(cases: Path, db: Path, *extra: str):
    args = ["build", "--cases", str(cases), "--collections", str(cases / "none"), "--db", str(db)]
    return CliRunner().invoke(cli, args + list(extra))


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(f".{db.name}.tmp-*"))


@pytest.fixture(scope="module")
def big_cases(tmp_path_factory) -> Path:
    """Enough generated cases that a build takes a while and can be killed in the middle."""
    out = tmp_path_factory.mktemp("big") / "cases"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), str(out), "3000"], check=True
    )
    return out


@pytest.fixture
def published(tmp_path) -> Path:
    db = tmp_path / "site" / "casebase.db"
    result = build(VALID / "cases", db, "--full")
    assert result.exit_code == 0, result.output
    return db


def case_ids(url: str) -> list[str]:
    with urllib.request.urlopen(url + "/api/v1/cases?limit=100", timeout=10) as response:
        return sorted(c["id"] for c in json.load(response)["cases"])


def kill_part_way(cmd: list[str], db: Path, written: int) -> None:
    """Start a build and SIGKILL it once its temporary file holds more than `written` bytes."""
    builder = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > written for p in db.parent.glob(".*.tmp-*")):
        assert builder.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    builder.send_signal(signal.SIGKILL)
    assert builder.wait() == -signal.SIGKILL


def assert_survived(db: Path, before: str, url: str, served: list[str]) -> None:
    assert digest(db) == before
    assert case_ids(url) == served
    assert len(leftovers(db)) == 1
    # The next build cleans up what the killed one left.
    result = build(VALID / "cases", db, "--full")
    assert result.exit_code == 0, result.output
    assert leftovers(db) == []
    assert case_ids(url) == served  # the running server still has the file it opened


@pytest.mark.parametrize("written", [0, 2_000_000], ids=["just-started", "part-written"])
def test_killed_full_build_leaves_the_database_and_the_server_untouched(
    published, big_cases, written
):
    before = digest(published)
    with datasette_server(published) as (url, _):
        served = case_ids(url)
        assert served  # the fixture cases
        cmd = [str(BIN / "casebase"), "build", "--full", "--no-similar", "--cases", str(big_cases)]
        cmd += ["--collections", str(big_cases / "none"), "--db", str(published)]
        kill_part_way(cmd, published, written)
        assert_survived(published, before, url, served)


@pytest.fixture(scope="module")
def big_db(big_cases, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("big-db") / "casebase.db"
    result = build(big_cases, db, "--full", "--no-similar")
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("stage", ["copying", "replacing"])
def test_killed_incremental_build_leaves_the_database_and_the_server_untouched(
    big_cases, big_db, tmp_path, stage
):
    cases = tmp_path / "cases"
    shutil.copytree(big_cases, cases)
    db = tmp_path / "site" / "casebase.db"
    db.parent.mkdir()
    shutil.copyfile(big_db, db)
    for path in sorted(cases.glob("*.yml"))[:300]:  # 10%: an incremental build, not a full one
        path.write_text(path.read_text().replace('title: "', 'title: "Gewijzigd ', 1))
    assert incremental.plan(sorted(cases.glob("*.yml")), db) is not None
    before = digest(db)
    with datasette_server(db) as (url, _):
        served = case_ids(url)
        cmd = [str(BIN / "casebase"), "build", "--no-similar", "--cases", str(cases)]
        cmd += ["--collections", str(cases / "none"), "--db", str(db)]
        # the incremental build first copies the database, then replaces the changed cases
        kill_part_way(cmd, db, 0 if stage == "copying" else db.stat().st_size - 1)
        assert_survived(db, before, url, served)


def test_a_second_build_at_the_same_time_is_refused(published):
    before = digest(published)
    fd = os.open(published.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running build holds
        result = build(VALID / "cases", published, "--full")
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert f"another casebase build is writing in {published.parent}" in result.output
    assert "Traceback" not in result.output
    assert digest(published) == before


@contextlib.contextmanager
def small_disk(folder: Path, size_kb: int):
    """A real tmpfs of `size_kb` at `folder`: needs root with the right to mount (CI here, and
    GitHub's job runs its container privileged); elsewhere the test is skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)]
    if os.geteuid() != 0 or not shutil.which("mount") or subprocess.run(mount).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_full_disk_gives_a_clear_error_and_keeps_the_database(published, big_cases, tmp_path):
    size_kb = published.stat().st_size // 1024 + 512
    with small_disk(tmp_path / "disk", size_kb) as disk:
        db = disk / "casebase.db"
        shutil.copyfile(published, db)
        before = digest(db)
        result = build(big_cases, db, "--full", "--no-similar")
        assert result.exit_code == 1
        assert result.output.strip().splitlines()[-1] == (
            f"Error: the disk is full: no room for the new database in {disk}; {db} left untouched"
        )
        assert "Traceback" not in result.output
        assert digest(db) == before
        assert leftovers(db) == []


def test_read_only_folder_gives_a_clear_error(published, tmp_path):
    folder = tmp_path / "ro"
    db = folder / "casebase.db"
    if os.geteuid() == 0:  # root writes through permissions: use a read-only file system
        with small_disk(folder, 4096):
            shutil.copyfile(published, db)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            result = build(VALID / "cases", db, "--full")
            after = digest(db)
        reason = "Read-only file system"
    else:
        folder.mkdir()
        shutil.copyfile(published, db)
        folder.chmod(0o555)
        try:
            result = build(VALID / "cases", db, "--full")
        finally:
            folder.chmod(0o755)
        after = digest(db)
        reason = "Permission denied"
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: cannot write a new database in {folder}: {reason}; {db} left untouched"
    )
    assert "Traceback" not in result.output
    assert after == digest(published)
