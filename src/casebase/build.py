"""Building the SQLite database from validated documents.

The database is always built from scratch into a temporary file beside the target and then
renamed into place (`atomic.replacing`), so a failed build never touches the published
database and deleted cases disappear. Same input gives the same content.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from . import (
    __version__,
    atomic,
    bitmaps,
    compounds,
    fields,
    gitdates,
    rows,
    serving,
    similar,
    text,
    validate,
    vocab,
    yamlsafe,
)
from .documents import Document

# Column definitions; foreign keys let Datasette show labels instead of codes.
_FK = "REFERENCES {} (code)"
DDL = {
    "cases": fields.cases_ddl(),
    "organisations": "id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT",
    "case_buyers": """
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        organisation_id TEXT NOT NULL REFERENCES organisations (id), name TEXT NOT NULL, country TEXT,
        buyer_type TEXT NOT NULL REFERENCES buyer_types (code),
        government_level TEXT REFERENCES government_levels (code), source_key TEXT, quote TEXT,
        PRIMARY KEY (case_id, position)""",
    "case_participants": """
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        organisation_id TEXT NOT NULL REFERENCES organisations (id), name TEXT NOT NULL, country TEXT,
        organisation_type TEXT NOT NULL REFERENCES organisation_types (code),
        role TEXT NOT NULL REFERENCES roles (code), source_key TEXT, quote TEXT,
        PRIMARY KEY (case_id, position)""",
    "case_instruments": """
        case_id TEXT NOT NULL REFERENCES cases (id),
        instrument TEXT NOT NULL REFERENCES instruments (code), position INTEGER NOT NULL,
        PRIMARY KEY (case_id, instrument)""",
    "case_challenges": """
        case_id TEXT NOT NULL REFERENCES cases (id),
        challenge TEXT NOT NULL REFERENCES challenges (code), position INTEGER NOT NULL,
        PRIMARY KEY (case_id, challenge)""",
    "case_techniques": """
        case_id TEXT NOT NULL REFERENCES cases (id),
        technique TEXT NOT NULL REFERENCES techniques (code), position INTEGER NOT NULL,
        PRIMARY KEY (case_id, technique)""",
    "sources": """
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        key TEXT, url TEXT NOT NULL, title TEXT, publisher TEXT, date TEXT,
        PRIMARY KEY (case_id, position)""",
    "citations": """
        case_id TEXT NOT NULL REFERENCES cases (id), fact TEXT NOT NULL,
        source_key TEXT NOT NULL, quote TEXT NOT NULL, PRIMARY KEY (case_id, fact)""",
    "events": """
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        date TEXT NOT NULL, kind TEXT NOT NULL REFERENCES event_kinds (code),
        text TEXT NOT NULL, text_en TEXT, source_key TEXT, quote TEXT,
        PRIMARY KEY (case_id, position)""",
    "lessons": """
        case_id TEXT NOT NULL REFERENCES cases (id), id TEXT PRIMARY KEY, position INTEGER NOT NULL,
        text TEXT NOT NULL, text_en TEXT, perspective TEXT REFERENCES perspectives (code),
        source_key TEXT, quote TEXT""",
    "case_links": """
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        target_id TEXT NOT NULL REFERENCES cases (id),
        relation TEXT NOT NULL REFERENCES relations (code),
        PRIMARY KEY (case_id, position)""",
    "identifiers": """
        case_id TEXT NOT NULL REFERENCES cases (id), scheme TEXT NOT NULL, value TEXT NOT NULL,
        url TEXT, PRIMARY KEY (case_id, scheme, value)""",
    "case_facet_keys": "case_rowid INTEGER PRIMARY KEY, keys TEXT NOT NULL",
    "facet_counts": """
        facet TEXT NOT NULL, value NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (facet, value)""",
    "build_manifest": "file TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha1 TEXT",
    "build_info": "key TEXT PRIMARY KEY, value TEXT",
    "collections": """
        id TEXT PRIMARY KEY, title TEXT NOT NULL, title_en TEXT NOT NULL,
        introduction_markdown TEXT, introduction_en_markdown TEXT, case_count INTEGER""",
    "collection_cases": """
        collection_id TEXT NOT NULL REFERENCES collections (id),
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        PRIMARY KEY (collection_id, position)""",
    **similar.DDL,
    **bitmaps.DDL,
}

# Tables with one or more rows per case (the incremental build replaces a case's rows in each).
CASE_TABLES = tuple(t for t, ddl in DDL.items() if ddl.split()[0] == "case_id")

# Every facet and join column gets an index; m2m tables get covering indexes both ways.
INDEXES = [
    ("cases", "status"),
    ("cases", "outcome"),
    ("cases", "procedure"),
    ("cases", "country"),
    ("cases", "year_start"),
    ("cases", "confidence"),
    ("cases", "value_kind"),
    ("cases", "last_reviewed"),
    # the home page's "recently reviewed or updated" list
    ("cases", "max(last_reviewed, coalesce(updated, '')) desc, id"),
    ("case_buyers", "organisation_id"),
    ("case_buyers", "buyer_type, case_id"),
    ("case_buyers", "government_level, case_id"),
    ("case_participants", "organisation_id"),
    ("case_participants", "role, case_id"),
    ("case_participants", "organisation_type, case_id"),
    ("case_instruments", "instrument, case_id"),
    ("case_challenges", "challenge, case_id"),
    ("case_techniques", "technique, case_id"),
    ("lessons", "case_id"),
    ("events", "case_id, date"),
    ("lessons", "perspective, case_id"),
    ("case_links", "target_id"),
    ("identifiers", "scheme, value"),
    ("collection_cases", "case_id"),
]

FTS_COLUMNS = ("title", "summary", "description", "lessons", "organisations")
STEM_COLUMNS = ("title_nl", "title_en", "body_nl", "body_en", "labels_nl", "labels_en")
_NL = "char(10)"


def _labels(lang: str) -> str:
    """SQL: the labels of a case's instruments, challenges, techniques and procedure, so that
    a case is found by the names of its codes ("energietransitie", "innovation partnership")."""
    col = f"label_{lang}"
    return f"""(SELECT group_concat({col}, '; ') FROM (
             SELECT v.{col} FROM case_instruments m JOIN instruments v ON v.code = m.instrument
               WHERE m.case_id = c.id AND m.instrument != 'other'
             UNION ALL SELECT v.{col} FROM case_challenges m JOIN challenges v
               ON v.code = m.challenge WHERE m.case_id = c.id AND m.challenge != 'other'
             UNION ALL SELECT v.{col} FROM case_techniques m JOIN techniques v
               ON v.code = m.technique WHERE m.case_id = c.id
             UNION ALL SELECT v.{col} FROM procedures v
               WHERE v.code = c.procedure AND v.code NOT IN ('other', 'unknown')))"""


# The full-text tables keep no copy of the text. `cases_fts` (Datasette's own search) reads its
# text from the view `cases_fts_text` (FTS5 external content); `cases_stem` (the site's and the
# API's stemmed search) is contentless: it holds only its index, made from `cases_text` by the
# stemming function that the build registers. Both are filled from these views, and rows are
# removed with FTS5's 'delete' command from the same views, so the tokens always match.
VIEWS = {
    "cases_text": f"""
        SELECT c.rowid AS case_rowid, c.title AS title_nl, c.title_en,
          c.summary AS summary_nl, c.summary_en,
          c.description_markdown AS description_nl, c.description_en_markdown AS description_en,
          (SELECT group_concat(text, {_NL}) FROM (SELECT text FROM lessons
             WHERE case_id = c.id ORDER BY position)) AS lessons_nl,
          (SELECT group_concat(text_en, {_NL}) FROM (SELECT text_en FROM lessons
             WHERE case_id = c.id AND text_en IS NOT NULL ORDER BY position)) AS lessons_en,
          (SELECT group_concat(name, '; ') FROM (
             SELECT name, 0 AS k, position FROM case_buyers WHERE case_id = c.id
             UNION ALL SELECT name, 1, position FROM case_participants WHERE case_id = c.id
             ORDER BY k, position)) AS organisations,
          {_labels("nl")} AS labels_nl,
          {_labels("en")} AS labels_en
        FROM cases c""",
    "cases_fts_text": f"""
        SELECT case_rowid, title_nl || ' ' || title_en AS title,
          summary_nl || ' ' || summary_en AS summary,
          coalesce(description_nl, '') || {_NL} || coalesce(description_en, '') AS description,
          coalesce(lessons_nl, '') || {_NL} || coalesce(lessons_en, '') AS lessons,
          organisations
        FROM cases_text""",
}
STEM_SELECT = f"""
    casebase_stem(title_nl, 'nl'), casebase_stem(title_en, 'en'),
    casebase_stem(summary_nl || {_NL} || coalesce(description_nl, '') || {_NL}
      || coalesce(lessons_nl, '') || {_NL} || coalesce(organisations, ''), 'nl'),
    casebase_stem(summary_en || {_NL} || coalesce(description_en, '') || {_NL}
      || coalesce(lessons_en, ''), 'en'),
    casebase_stem(coalesce(labels_nl, ''), 'nl'), casebase_stem(coalesce(labels_en, ''), 'en')"""


def _rowids(rowids: list[int] | None) -> tuple[str, list]:
    if rowids is None:
        return "", []
    return " WHERE case_rowid IN (SELECT value FROM json_each(?))", [json.dumps(rowids)]


def index_text(db: sqlite3.Connection, rowids: list[int] | None = None) -> None:
    """Add cases (all, or those with `rowids`) to both full-text indexes."""
    where, params = _rowids(rowids)
    fts = ", ".join(FTS_COLUMNS)
    db.execute(
        f"INSERT INTO cases_fts (rowid, {fts}) SELECT case_rowid, {fts} FROM cases_fts_text{where}",
        params,
    )
    db.execute(
        f"INSERT INTO cases_stem (rowid, {', '.join(STEM_COLUMNS)}) "
        f"SELECT case_rowid, {STEM_SELECT} FROM cases_text{where}",
        params,
    )


def unindex_text(db: sqlite3.Connection, rowids: list[int]) -> None:
    """Remove cases from both full-text indexes; call it before their rows change."""
    where, params = _rowids(rowids)
    fts = ", ".join(FTS_COLUMNS)
    db.execute(
        f"INSERT INTO cases_fts (cases_fts, rowid, {fts}) "
        f"SELECT 'delete', case_rowid, {fts} FROM cases_fts_text{where}",
        params,
    )
    db.execute(
        f"INSERT INTO cases_stem (cases_stem, rowid, {', '.join(STEM_COLUMNS)}) "
        f"SELECT 'delete', case_rowid, {STEM_SELECT} FROM cases_text{where}",
        params,
    )


def connect(path: Path) -> sqlite3.Connection:
    """A connection for building: autocommit off by hand, with the stemming function."""
    db = sqlite3.connect(path, isolation_level=None)
    db.create_function("casebase_stem", 2, text.stemmed, deterministic=True)
    return db


def fingerprint() -> str:
    """Everything besides the case files that shapes the database (for incremental builds)."""
    h = hashlib.sha1(__version__.encode())
    h.update(vocab.VOCAB_FILE.read_bytes())
    h.update(compounds.DATA.read_bytes())  # how words are split is in the index
    h.update(repr((text.ALGORITHMS, text.LEMMAS, text.COMPOUNDS)).encode())
    h.update(repr((DDL, INDEXES, VIEWS, STEM_SELECT, similar.MODEL)).encode())
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


def write_manifest(
    db: sqlite3.Connection, files: list[Path], hashes: dict[str, str] | None = None
) -> None:
    """Record which files (size, mtime, sha1) and which fingerprint the database came from.

    `hashes` are the sha1s computed while reading the files, so they are not read twice.
    """
    hashes = hashes or {}
    db.execute("DELETE FROM build_manifest")
    manifest = [(f.name, *file_state(f), hashes.get(f.name) or sha1(f)) for f in files]
    db.executemany("INSERT INTO build_manifest VALUES (?, ?, ?, ?)", manifest)
    db.execute("DELETE FROM build_info")
    db.execute("INSERT INTO build_info (key, value) VALUES ('fingerprint', ?)", [fingerprint()])
    db.execute("INSERT INTO build_info (key, value) VALUES (?, ?)", serving.GENERATOR)


def _vocab_tables(db: sqlite3.Connection) -> None:
    for table, table_rows in rows.vocabulary_rows().items():
        columns = list(dict.fromkeys(k for r in table_rows for k in r))
        defs = ", ".join(
            "code TEXT PRIMARY KEY"
            if c == "code"
            else f"[{c}] {'INTEGER' if c == 'position' else 'TEXT'}"
            for c in columns
        )
        db.execute(f"CREATE TABLE [{table}] ({defs})")
        insert_rows(db, table, table_rows, columns)


def insert_rows(
    db: sqlite3.Connection, table: str, table_rows: list[dict], columns: list[str] | None = None
) -> None:
    """Insert `table_rows` (dicts) into `table`, as `columns` (default: the first row's keys)."""
    if not table_rows:
        return
    columns = columns or list(table_rows[0])
    sql = "INSERT INTO [{}] ({}) VALUES ({})".format(
        table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
    )
    db.executemany(sql, [tuple(map(r.get, columns)) for r in table_rows])


def create_schema(db: sqlite3.Connection) -> None:
    _vocab_tables(db)
    for table, ddl in DDL.items():
        db.execute(f"CREATE TABLE [{table}] ({ddl})")
    for view, select in VIEWS.items():
        db.execute(f"CREATE VIEW [{view}] AS {select}")
    tokenize = "tokenize='unicode61 remove_diacritics 2'"
    db.execute(
        f"CREATE VIRTUAL TABLE cases_fts USING fts5({', '.join(FTS_COLUMNS)}, "
        f"content='cases_fts_text', content_rowid='case_rowid', {tokenize})"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE cases_stem USING fts5({', '.join(STEM_COLUMNS)}, content='', "
        f"{tokenize})"
    )
    # The words of the (unstemmed) index, read by `spelling` for "Bedoelt u ...?"; a view on
    # the index, it stores nothing.
    db.execute("CREATE VIRTUAL TABLE cases_words USING fts5vocab(cases_fts, 'row')")


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
            create_schema(db)
            _fill(db, cases, collections, dates or {}, progress)
            # asked only now: validation streams along with the build and ends with it
            new.keep = keep is None or keep()
            if new.keep:
                if with_similar:
                    # the previous database's vectors: only new or changed texts are embedded
                    similar.update(db, similar.cache_from(Path(db_path)))
                # always: build_info marks the file as casebase's for the plugins
                write_manifest(db, files or [], hashes)
                db.execute("COMMIT")
                # Planner statistics from a sample: cheap, and enough for these small tables.
                db.execute("PRAGMA analysis_limit = 1000")
                db.execute("ANALYZE")
        finally:
            db.close()
    return new.keep


BATCH = 500


def insert_columns(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Columns to insert per table, with the explicit rowids that tie cases to their
    full-text rows."""
    columns = {t: _columns(db, t) for t in DDL}
    columns["cases"] = ["rowid", *columns["cases"]]
    return columns


def _fill(db, cases, collections, dates, progress) -> None:
    columns = insert_columns(db)
    tables: dict[str, list[dict]] = {t: [] for t in columns}

    def flush() -> None:
        for table, table_rows in tables.items():
            insert_rows(db, table, table_rows, columns[table])
            table_rows.clear()

    n = 0
    for doc in cases:
        n += 1
        file = f"cases/{doc.path.name}"
        for table, table_rows in rows.indexed_case_rows(
            doc.data, n, file, dates.get(doc.path.name)
        ).items():
            tables[table].extend(table_rows)
        if n % BATCH == 0:
            flush()
            if progress:
                progress(BATCH)
    for doc in collections:
        for table, table_rows in rows.collection_rows(doc.data).items():
            tables[table].extend(table_rows)
    flush()
    if progress:
        progress(n % BATCH)
    derive_organisations(db)
    compute_facet_counts(db)
    for table, cols in INDEXES:
        name = "idx_{}_{}".format(table, re.sub(r"\W+", "_", cols).strip("_"))
        db.execute(f"CREATE INDEX [{name}] ON [{table}] ({cols})")
    # after the indexes: the text views look up each case's lessons and organisations
    index_text(db)
    bitmaps.write(db)


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


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info([{table}])")]
