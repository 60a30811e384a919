"""Replacing the database safely: the only code that writes next to the published file.

A build writes a temporary file in the database's folder and renames it over the database
only when everything succeeded, so readers (a running Datasette) see the old file or the new
one, never half of one. A build killed part-way (SIGKILL, power cut) leaves a temporary file
and nothing else: the next build, holding the lock, removes it. One build per folder runs
at a time; a second one is refused instead of racing the first. Errors from the operating
system and from SQLite (a full disk, a read-only folder) become a `BuildError` with a sentence
a contributor can act on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, builds are not serialised there
    fcntl = None


class BuildError(Exception):
    """The database could not be written; the message says why."""


@dataclass
class NewFile:
    path: Path
    keep: bool = True


def _prefix(db_path: Path) -> str:
    return f".{db_path.name}.tmp-"


def _explain(exc: OSError | sqlite3.Error, folder: Path) -> str:
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "full" in text:
            return f"the disk is full: no room for the new database in {folder}"
        if "readonly" in text or "read-only" in text:
            return f"cannot write a new database in {folder}: the folder is read-only"
        return f"database error: {text}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"the disk is full: no room for the new database in {folder}"
    return f"cannot write a new database in {folder}: {exc.strerror or exc}"


_held: set[Path] = set()  # folders whose lock this process holds


@contextmanager
def lock(db_path: Path) -> Iterator[None]:
    """Hold the build lock of the database's folder, from planning a build to replacing the
    file; re-entrant within this process. An advisory lock on the folder itself: no lock file
    to leave behind, and the kernel drops it when the process dies."""
    folder = Path(db_path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = folder.resolve()
        if fcntl is None or key in _held:
            yield
            return
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise BuildError(_explain(exc, folder)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another casebase build is writing in {folder}; wait for it to finish"
            ) from None
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        os.close(fd)


def _remove_leftovers(db_path: Path) -> None:
    """Temporary files of builds that were killed: nobody else holds the lock."""
    for leftover in db_path.parent.glob(_prefix(db_path) + "*"):
        leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(db_path: Path) -> Iterator[NewFile]:
    """Yield a new empty file beside `db_path`; it replaces `db_path` when the block ends
    without an error and `keep` is still true, and is removed otherwise. Errors from the
    operating system and SQLite while it is written become a BuildError."""
    db_path = Path(db_path)
    folder = db_path.parent
    with lock(db_path):
        try:
            _remove_leftovers(db_path)
            fd, name = tempfile.mkstemp(prefix=_prefix(db_path), suffix=".db", dir=folder)
            os.close(fd)
        except OSError as exc:
            raise BuildError(_explain(exc, folder)) from None
        new = NewFile(Path(name))
        try:
            yield new
            if new.keep:
                os.chmod(new.path, 0o644)  # mkstemp makes it private; servers may differ
                # on disk before the rename, so a power cut leaves the old or the new file
                _fsync(new.path)
                os.replace(new.path, db_path)
        except (OSError, sqlite3.Error) as exc:
            raise BuildError(_explain(exc, folder)) from None
        finally:
            new.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # the rename is done: syncing the folder is a bonus
            _fsync(folder)
