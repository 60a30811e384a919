"""What a database was built from: the case files (size, mtime, sha1) and a fingerprint.

Owns the tables `build_manifest` and `build_info`. The fingerprint covers everything besides
the case files that shapes the database (package version, vocabularies, table and index design,
how words become index tokens, the libraries that make them); the incremental build copies a
database only when its fingerprint and mark match, and then rebuilds only the files whose
state differs from its manifest.
"""

from __future__ import annotations

import hashlib
import sqlite3
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__, compounds, fulltext, serving, similar, tables, text, vocab, yamlsafe

# The libraries whose data and rules are in the index tokens (lemmas, word list, stemmers).
TEXT_LIBRARIES = ("simplemma", "wordfreq", "PyStemmer")


@cache
def _library_versions() -> str:
    return repr([metadata.version(name) for name in TEXT_LIBRARIES])


def fingerprint() -> str:
    """Everything besides the case files that shapes the database (for incremental builds)."""
    h = hashlib.sha1(__version__.encode())
    h.update(vocab.VOCAB_FILE.read_bytes())
    h.update(compounds.DATA.read_bytes())  # how words are split is in the index
    h.update(repr((text.ALGORITHMS, text.LEMMAS, text.COMPOUNDS, _library_versions())).encode())
    h.update(repr((tables.DDL, tables.WITHOUT_ROWID, tables.INDEXES)).encode())
    h.update(repr((fulltext.DESIGN, similar.MODEL)).encode())
    return h.hexdigest()


def file_state(path: Path) -> tuple[int, int]:
    """(size, mtime) of a case file; (-1, -1) when it cannot be read (a dangling symlink): that
    never matches the manifest, so the file counts as changed and validation says why."""
    try:
        st = path.stat()
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


def sha1(path: Path) -> str:
    """Hash of a case file's bytes, read the way validation reads it (regular files only, up to
    the size cap), or '' when it cannot be: that never equals a stored hash, so the file counts
    as changed and validation says what is wrong with it (a fifo, a symlink to /dev/zero)."""
    try:
        return yamlsafe.read(path)[1]
    except yamlsafe.YamlProblem:
        return ""


def write(db: sqlite3.Connection, files: list[Path], hashes: dict[str, str] | None = None) -> None:
    """Record which files (size, mtime, sha1) and which fingerprint the database came from.

    `hashes` are the sha1s computed while reading the files, so they are not read twice.
    """
    hashes = hashes or {}
    db.execute("DELETE FROM build_manifest")
    rows = [(f.name, *file_state(f), hashes.get(f.name) or sha1(f)) for f in files]
    db.executemany("INSERT INTO build_manifest VALUES (?, ?, ?, ?)", rows)
    db.execute("DELETE FROM build_info")
    db.execute("INSERT INTO build_info (key, value) VALUES ('fingerprint', ?)", [fingerprint()])
    db.execute("INSERT INTO build_info (key, value) VALUES (?, ?)", serving.GENERATOR)


def read(db_path: Path) -> dict[str, tuple[int, int, str]] | None:
    """file name -> (size, mtime, sha1) of the database at `db_path`, or None when it cannot be
    built on: no database, another fingerprint, or no casebase mark."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            info = dict(db.execute("SELECT key, value FROM build_info"))
            key, generator = serving.GENERATOR
            # without the generator mark (an older build) a full build adds it
            if info.get("fingerprint") != fingerprint() or info.get(key) != generator:
                return None
            rows = db.execute("SELECT file, size, mtime_ns, sha1 FROM build_manifest")
            return {f: (s, m, h) for f, s, m, h in rows}
    except (sqlite3.Error, TypeError):
        return None


def update(db: sqlite3.Connection, changed: list[Path], deleted: list[str]) -> None:
    """The manifest after an incremental build: only the rows of changed and deleted files
    differ from what a full build would record."""
    names = [f.name for f in changed] + deleted
    db.executemany("DELETE FROM build_manifest WHERE file = ?", [(n,) for n in names])
    db.executemany(
        "INSERT INTO build_manifest VALUES (?, ?, ?, ?)",
        [(f.name, *file_state(f), sha1(f)) for f in changed],
    )
