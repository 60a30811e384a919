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


def _explain(exc: BaseException, folder: Path) -> str | None:
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "full" in text:
            return f"the disk is full: no room for the new database in {folder}"
        if "readonly" in text or "read-only" in text:
            return f"cannot write a new database in {folder}: the folder is read-only"
        return f"database error: {text}"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return f"the disk is full: no room for the new database in {folder}"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"cannot write a new database in {folder}: {exc.strerror}"
        return f"cannot write a new database in {folder}: {exc.strerror or exc}"
    return None


@contextmanager
def _lock(db_path: Path) -> Iterator[None]:
    """An advisory lock on the database's folder: no lock file to leave behind."""
    if fcntl is None:
        yield
        return
    fd = os.open(db_path.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another casebase build is writing in {db_path.parent}; wait for it to finish"
            ) from None
        yield  # the lock goes with the descriptor, also when the process is killed
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
    without an error and `keep` is still true, and is removed otherwise."""
    db_path = Path(db_path)
    folder = db_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _lock(db_path):
            _remove_leftovers(db_path)
            fd, name = tempfile.mkstemp(prefix=_prefix(db_path), suffix=".db", dir=folder)
            os.close(fd)
            new = NewFile(Path(name))
            try:
                yield new
                if new.keep:
                    os.chmod(new.path, 0o644)  # mkstemp makes it private; servers may differ
                    # on disk before the rename, so a power cut leaves the old or the new file
                    _fsync(new.path)
                    os.replace(new.path, db_path)
                    _fsync(folder)
            finally:
                new.path.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        message = _explain(exc, folder)
        raise BuildError(message) from None
