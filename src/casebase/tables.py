"""The database's tables: their definitions, indexes and the vocabulary tables, and inserting rows.

Owns the DDL of every table a case or collection fills (the `cases` columns come from the
`fields` registry, `similar`'s, `fulltext`'s and `bitmaps`' tables from those modules), the indexes, and
the one way rows are inserted, which the full and the incremental build share.
"""

from __future__ import annotations

import re
import sqlite3

from . import bitmaps, fields, fulltext, rows, similar, vocab


def _code_list(facet: fields.Facet) -> str:
    """A table of one code list of each case (instruments, ...), in the case's order."""
    code, table = facet.column, vocab.TABLES[facet.vocabulary]
    return f"""
        case_id TEXT NOT NULL REFERENCES cases (id),
        {code} TEXT NOT NULL REFERENCES {table} (code), position INTEGER NOT NULL,
        PRIMARY KEY (case_id, {code})"""


# Column definitions; foreign keys let Datasette show labels instead of codes.
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
    **{f.table: _code_list(f) for f in map(fields.BY_FACET.get, fields.CODE_LISTS.values())},
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

# Tables stored as their primary key alone, without a rowid: the key's b-tree holds the rows,
# instead of a table plus an index that copies the key (a tenth of the file, and a faster
# build). Not `cases`, whose rowid ties it to the full-text indexes; not `lessons`, read by
# case through an index of its own; not the tables with long values (vectors).
WITHOUT_ROWID = (
    *(f.table for f in map(fields.BY_FACET.get, fields.CODE_LISTS.values())),
    "organisations", "case_buyers", "case_participants", "sources", "citations", "events",
    "case_links", "facet_counts", "build_manifest", "collection_cases",
)  # fmt: skip

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


def insert_columns(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Columns to insert per table, with the explicit rowids that tie cases to their
    full-text rows."""
    columns = {t: [row[1] for row in db.execute(f"PRAGMA table_info([{t}])")] for t in DDL}
    columns["cases"] = ["rowid", *columns["cases"]]
    return columns


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


def create(db: sqlite3.Connection) -> None:
    """Every table, view and full-text index of an empty database (the indexes come later)."""
    _vocab_tables(db)
    for table, ddl in DDL.items():
        rowid = " WITHOUT ROWID" if table in WITHOUT_ROWID else ""
        db.execute(f"CREATE TABLE [{table}] ({ddl}){rowid}")
    fulltext.create(db)


def create_indexes(db: sqlite3.Connection) -> None:
    """The `INDEXES`: created after the rows are in, which is faster than keeping them up."""
    for table, cols in INDEXES:
        name = "idx_{}_{}".format(table, re.sub(r"\W+", "_", cols).strip("_"))
        db.execute(f"CREATE INDEX [{name}] ON [{table}] ({cols})")
