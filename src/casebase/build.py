"""Building the SQLite database from validated documents: the full build.

The database is always built from scratch into a temporary file beside the target and then
renamed into place (`atomic.replacing`), so a failed build never touches the published
database and deleted cases disappear. Same input gives the same content. Validation streams
into the build (`build`); the tables come from `tables`, the full-text indexes from `fulltext`,
the record of what the database was built from from `manifest`. This module also owns the rows
derived from all cases at once: organisations and the precomputed facet counts.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from . import atomic, bitmaps, fields, fulltext, gitdates, manifest, rows, similar, tables, validate
from .documents import Document


def connect(path: Path) -> sqlite3.Connection:
    """A connection for building: transactions begun and committed by hand."""
    return sqlite3.connect(path, isolation_level=None)


def write_database(
    db_path: Path,
    cases: Iterable[Document],
    collections: Iterable[Document],
    dates: dict[str, tuple[str, str]] | None = None,
    progress: Callable[[int], None] | None = None,
    keep: Callable[[], bool] | None = None,
    files: list[Path] | None = None,
    hashes: dict[str, str] | None = None,
    with_similar: bool = True,
) -> bool:
    """Build the database into a temporary file and atomically replace `db_path`.

    `cases` may be a lazy iterator (validation streaming into the build). `keep` is asked at
    the end: when it returns False (validation found errors), the temporary file is deleted
    and `db_path` is left untouched. Returns whether the database was replaced.
    `with_similar=False` leaves out the similar cases (no embeddings: large test corpora).
    """
    with atomic.replacing(Path(db_path)) as new:
        db = connect(new.path)
        try:
            # Cases are wide rows (descriptions, lessons): bigger pages mean fewer overflow pages,
            # a ~10% smaller file and a ~10% faster build. Must come before the first table.
            db.execute("PRAGMA page_size = 16384")
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            # sort index and FTS data in memory rather than in temporary files
            db.execute("PRAGMA temp_store = MEMORY")
            db.execute("BEGIN")
            tables.create(db)
            _fill(db, cases, collections, dates or {}, progress)
            # asked only now: validation streams along with the build and ends with it
            new.keep = keep is None or keep()
            if new.keep:
                if with_similar:
                    # the previous database's vectors: only new or changed texts are embedded
                    similar.update(db, similar.cache_from(Path(db_path)))
                # always: build_info marks the file as casebase's for the plugins
                manifest.write(db, files or [], hashes)
                commit(db)
        finally:
            db.close()
    return new.keep


def commit(db: sqlite3.Connection) -> None:
    """End a build's transaction, then gather planner statistics: from a sample (cheap, and
    enough for these small tables)."""
    db.execute("COMMIT")
    db.execute("PRAGMA analysis_limit = 1000")
    db.execute("ANALYZE")


BATCH = 500


def _fill(db, cases, collections, dates, progress) -> None:
    columns = tables.insert_columns(db)
    pending: dict[str, list[dict]] = {t: [] for t in columns}

    def flush() -> None:
        for table, table_rows in pending.items():
            tables.insert_rows(db, table, table_rows, columns[table])
            table_rows.clear()

    n = 0
    for doc in cases:
        n += 1
        file = f"cases/{doc.path.name}"
        for table, table_rows in rows.indexed_case_rows(
            doc.data, n, file, dates.get(doc.path.name)
        ).items():
            pending[table].extend(table_rows)
        if n % BATCH == 0:
            flush()
            if progress:
                progress(BATCH)
    for doc in collections:
        for table, table_rows in rows.collection_rows(doc.data).items():
            pending[table].extend(table_rows)
    flush()
    if progress:
        progress(n % BATCH)
    tables.create_indexes(db)
    derive(db)
    # after the indexes: the text views look up each case's lessons and organisations
    fulltext.index_text(db, fulltext.Words())


def build(
    paths: list[Path],
    db_path: Path,
    progress: Callable[[int], None] | None = None,
    with_similar: bool = True,
) -> validate.Result:
    """Validate and build in one streaming pass; the database is only replaced without errors.

    Returns the validation result (documents are not kept: `cases` holds none, to keep memory
    flat; `problems` holds every error and warning).
    """
    case_files, collection_files = validate.discover(paths)
    dates = gitdates.git_dates(case_files)
    # links may only point at cases in this build: the database must hold every target
    known = {f.stem for f in case_files}
    result = validate.Result([], [], [])
    collections: list[Document] = []
    hashes: dict[str, str] = {}
    n_errors = 0

    def cases():
        nonlocal n_errors
        for doc, problems in validate.check_files(case_files, collection_files, known):
            result.problems.extend(problems)
            n_errors += sum(p.severity == "error" for p in problems)
            if doc is None or n_errors:
                continue  # keep validating to report every error, but stop building
            if doc.kind == "collection":
                collections.append(doc)
            else:
                hashes[doc.path.name] = doc.sha1
                yield doc

    # The build allocates millions of short-lived, acyclic objects; the cyclic garbage
    # collector would rescan them over and over (~10% of build time) and free nothing.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        write_database(
            db_path,
            cases(),
            collections,
            dates,
            progress,
            lambda: n_errors == 0,
            case_files,
            hashes,
            with_similar,
        )
    finally:
        if gc_was_enabled:
            gc.enable()
    result.collections = collections
    return result


def count_case_files(paths: list[Path]) -> int:
    return len(validate.discover(paths)[0])


# Facet name in `facet_counts` -> (table, column), from the facet registry.
FACET_COUNTS = {f.counts: (f.table or "cases", f.column) for f in fields.FACETS if f.counts}


def derive(db: sqlite3.Connection) -> None:
    """The tables derived from all case rows, full build or incremental alike: organisations,
    facet counts, and the facet bitmaps and sort orders."""
    derive_organisations(db)
    compute_facet_counts(db)
    bitmaps.write(db)


def compute_facet_counts(db: sqlite3.Connection) -> None:
    """Cases per value of every facet over the whole corpus (the unfiltered browse page)."""
    db.execute("DELETE FROM facet_counts")
    for facet, (table, column) in FACET_COUNTS.items():
        key = "id" if table == "cases" else "case_id"
        db.execute(
            f"INSERT INTO facet_counts (facet, value, count) SELECT ?, [{column}], "
            f"count(DISTINCT [{key}]) FROM [{table}] WHERE [{column}] IS NOT NULL "
            f"GROUP BY [{column}] ORDER BY [{column}]",
            [facet],
        )


def derive_organisations(db: sqlite3.Connection) -> None:
    """One row per organisation id from all mentions; order-independent by construction."""
    db.execute("DELETE FROM organisations")
    db.execute(
        """
        INSERT INTO organisations (id, name, country)
        SELECT organisation_id, min(name), min(country) FROM (
            SELECT organisation_id, name, country FROM case_buyers
            UNION ALL
            SELECT organisation_id, name, country FROM case_participants
        ) GROUP BY organisation_id ORDER BY organisation_id
        """
    )
