"""Datasette for tests, as the project runs it: in-process (`app`, for `ds.client`) and as a
real server process (`datasette_server`, or `casebase_server` for `casebase serve` itself), and
what tests need to look at processes and ports."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from datasette.app import Datasette

from casebase import serving

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
CASEBASE = str(BIN / "casebase")


def app(db: Path, **kwargs) -> Datasette:
    """Datasette over `db` with the project's metadata.yml and templates/."""
    metadata = serving.metadata()
    return Datasette(
        immutables=[str(db)], metadata=metadata, template_dir=str(serving.TEMPLATES), **kwargs
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def descendants(pid: int) -> set[int]:
    """Process ids of every living descendant of `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # the command name (field 2) may hold spaces and parentheses: split after it
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie has exited: it holds no port and no files)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    """Poll `url`/ until it answers 200; fail with the server's last words if it exits."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            said = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            raise RuntimeError(f"the server exited: {said}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer within {seconds:.0f} seconds")
        time.sleep(0.1)


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, as a supervisor sends it (`casebase serve` then ends Datasette too), and
    SIGKILL when the process has not ended within `timeout` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def casebase_server(
    args: list[str],
    cwd: Path = ROOT,
    casebase: str = CASEBASE,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Base URL of a real `casebase serve ARGS` on a free port, stopped afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [casebase, "serve", *map(str, args), "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,  # read by wait_until_up when the server exits early
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        stop(proc)


@contextlib.contextmanager
def datasette_server(db: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """(base URL, process id) of `datasette serve` with casebase's arguments over `db`."""
    port = free_port()
    args = serving.datasette_args(db) + ["--port", str(port)]
    proc = subprocess.Popen(
        [str(BIN / "datasette"), *args],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc, 30)
        yield url, proc.pid
    finally:
        stop(proc)
