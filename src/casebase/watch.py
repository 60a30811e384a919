"""`casebase serve --watch`: serve the database and rebuild it when case files change.

Owns the supervising process: it polls the case and collection folders, runs the build when
a file changes and, only when the build succeeded, restarts the Datasette child on the new
file (the server opens the database immutable, so it never notices a rebuilt file by itself).
A failed build has printed its errors; the child keeps serving the previous database.

SIGTERM, SIGINT and SIGHUP stop the child and then this process: nothing is left behind. On
Linux the child also gets SIGTERM when this process dies without a chance to clean up
(SIGKILL), so a killed supervisor never leaves a server holding the port.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

INTERVAL = 0.5  # seconds between polls: a few stat calls per file, cheap even at 10k files
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1

Snapshot = dict[str, tuple[int, int]]


class Stop(Exception):
    """Raised from a signal handler: leave the loop and stop the child."""


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """(mtime, size) of every YAML file in `folders`; a new, deleted or touched file changes it."""
    state: Snapshot = {}
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # a folder that does not exist (yet) has no files
            continue
        for entry in entries:
            if entry.name.endswith((".yml", ".yaml")):
                try:
                    st = entry.stat()
                except OSError:  # deleted between listing and stat, or a dangling symlink
                    st = None
                state[entry.path] = (st.st_mtime_ns, st.st_size) if st else (-1, -1)
    return state


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    """The Datasette server process, started and stopped by the supervisor."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.command = command
        self.env = env
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        preexec = _die_with_parent if sys.platform.startswith("linux") else None
        self.proc = subprocess.Popen(self.command, env=self.env, preexec_fn=preexec)

    def exited(self) -> int | None:
        """The exit code when the server ended by itself (port taken, crash), else None."""
        return None if self.proc is None else self.proc.poll()

    def stop(self, timeout: float = 10) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:  # stuck in a long request: do not wait forever
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def _raise_stop(signum, frame) -> None:
    raise Stop(signum)


def run(
    command: list[str],
    env: dict[str, str],
    db_path: Path,
    folders: list[Path],
    rebuild: Callable[[], bool],
    interval: float = INTERVAL,
) -> int:
    """Serve `db_path` with `command` and rebuild on changes in `folders` until a stop signal.

    `rebuild` builds the database and returns whether it succeeded (it prints its own errors).
    Returns the exit code: 0 after a stop signal, the server's own code when it exits by itself.
    """
    previous = {s: signal.signal(s, _raise_stop) for s in STOP_SIGNALS}
    child = Child(command, env)
    try:
        seen = snapshot(folders)
        if db_path.exists():
            child.start()
        while True:
            time.sleep(interval)
            code = child.exited()
            if code is not None:
                return code
            current = snapshot(folders)
            if current == seen:
                continue
            # An editor may write a file in several steps: wait until it holds still.
            while True:
                time.sleep(interval)
                settled = snapshot(folders)
                if settled == current:
                    break
                current = settled
            seen = current
            if rebuild():
                child.stop()
                child.start()
    except Stop:
        return 0
    finally:
        # Ignore further signals while stopping, so a second Ctrl-C cannot orphan the server.
        for s in STOP_SIGNALS:
            signal.signal(s, signal.SIG_IGN)
        child.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
