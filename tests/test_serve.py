"""`casebase serve` as a real process: a stop signal leaves no server and no open port behind,
and `--watch` serves a rebuilt database without a manual restart."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from casebase import serving

from .servers import CASEBASE, alive, descendants, free_port, port_open, stop, wait_until_up

ROOT = Path(__file__).parent.parent
VALID = Path(__file__).parent / "fixtures" / "valid"


def start(folder: Path, port: int, *options: str) -> subprocess.Popen:
    """`casebase serve` over `folder`/cases and /collections, building `folder`/casebase.db."""
    cmd = [CASEBASE, "serve", "--port", str(port), "--db", str(folder / "casebase.db")]
    cmd += ["--cases", str(folder / "cases"), "--collections", str(folder / "collections")]
    # what the server says goes to a file beside the tree, so a test can read it while it runs
    with open(folder.parent / "serve.log", "ab") as log:
        return subprocess.Popen([*cmd, *options], cwd=folder, stdout=log, stderr=log)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "repo")
    return tmp_path / "repo"


@pytest.mark.parametrize("options", [(), ("--watch",)], ids=["plain", "watch"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stop_signal_leaves_no_process_and_no_open_port(tree, options, signum):
    port = free_port()
    proc = start(tree, port, *options)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc)
        family = descendants(proc.pid)
        assert bool(family) == bool(options)  # plain: Datasette is this process; watch: a child
        proc.send_signal(signum)  # to this process only, as systemd or `docker stop` would
        proc.wait(timeout=20)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [p for p in family if alive(p)], "a child of casebase serve survived"
        assert not port_open(port), f"port {port} is still open"
    finally:
        stop(proc)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(predicate, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:  # the server is restarting
            pass
        time.sleep(0.2)
    return False


def test_watch_serves_a_changed_case_and_keeps_the_old_database_on_errors(tree):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    case = next((tree / "cases").glob("*.yml"))
    page = f"{base}/case/{case.stem}"
    proc = start(tree, port, "--watch")
    try:
        wait_until_up(base, proc)
        text = case.read_text(encoding="utf-8")
        old_title = next(
            line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("title:")
        )
        assert old_title in fetch(page)

        case.write_text(
            text.replace(f"title: {old_title}", "title: Een nieuwe titel voor de preview"),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Een nieuwe titel voor de preview" in fetch(page)), (
            "the changed title never appeared"
        )

        # A broken file: the build fails with path:line:col, the server keeps the last good db.
        case.write_text(text.replace("status:", "statu:"), encoding="utf-8")
        log = tree.parent / "serve.log"
        assert wait_for(lambda: f"{case.name}:" in log.read_text(encoding="utf-8")), (
            "the failed build printed no path:line:col error"
        )
        assert "Een nieuwe titel voor de preview" in fetch(page)
        assert proc.poll() is None
    finally:
        stop(proc)


def test_server_command_runs_datasette_with_the_memory_cap():
    command = serving.server_command(Path("x.db"), "127.0.0.1", 8123)
    assert command[:3] == [sys.executable, "-m", "datasette"] and command[-2:] == ["--port", "8123"]
    assert serving.MEMORY_ENV in serving.server_env()
