"""Datasette for tests, as the project runs it: in-process (`app`, for `ds.client`) and as a
real server process (`datasette_server`, and `wait_until_up` for the browser tests' own)."""

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
        proc.terminate()
        proc.wait(timeout=10)
