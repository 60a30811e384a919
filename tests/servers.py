"""A real Datasette server process for tests that need one outside the browser tests."""

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

from casebase import serving

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


@contextlib.contextmanager
def datasette_server(db: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """(base URL, process id) of `datasette serve` with casebase's arguments over `db`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = serving.datasette_args(db) + ["--port", str(port)]
    proc = subprocess.Popen(
        [str(BIN / "datasette"), *args],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/", timeout=2)
                break
            assert proc.poll() is None and time.monotonic() < deadline, "datasette did not start"
            time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=10)
