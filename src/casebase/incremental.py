"""Incremental builds: rebuild only the case files that changed since the last build.

The database records a manifest of the files it was built from (size, mtime, sha1) and a
fingerprint of everything else that shapes it (package version, vocabularies, table design).
When the fingerprint matches, the previous database is copied to a temporary file, the rows of
changed and deleted cases are replaced there (their words' index tokens come from the copy's
`index_words`, so known words need no language model), and the copy is renamed into place: the
same atomic guarantee as a full build, and the same content (`content_digest` compares them).
Anything unusual (no manifest, other fingerprint, many changes) falls back to a full build.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from . import atomic, bitmaps, build, fulltext, gitdates, manifest, rows, similar, tables, validate

FULL_REBUILD_SHARE = 0.2  # above this share of changed files a full build is cheaper


def plan(case_files: list[Path], db_path: Path) -> tuple[list[Path], list[str]] | None:
    """(changed or new files, deleted file names), or None when a full build is needed."""
    if not db_path.exists():
        return None
    old = manifest.read(db_path)
    if old is None:
        return None
    changed = []
    for f in case_files:
        prev = old.get(f.name)
        if prev is None or prev[:2] != manifest.file_state(f):
            if prev is None or prev[2] != manifest.sha1(f):
                changed.append(f)
    present = {f.name for f in case_files}
    deleted = sorted(name for name in old if name not in present)
    if len(changed) + len(deleted) > FULL_REBUILD_SHARE * max(len(case_files), 1):
        return None
    return changed, deleted


def build_incremental(
    paths: list[Path],
    db_path: Path,
    progress: Callable[[int], None] | None = None,
    with_similar: bool = True,
) -> validate.Result:
    """Incremental build when possible, else a full build; same result either way."""
    # One lock from planning to replacing: a build finishing in between would otherwise have
    # its database changed by a plan made against the one before it.
    with atomic.lock(db_path):
        return _build_incremental(paths, db_path, progress, with_similar)


def _build_incremental(paths, db_path, progress, with_similar=True) -> validate.Result:
    case_files, collection_files = validate.discover(paths)
    todo = plan(case_files, db_path)
    if todo is None:
        return build.build(paths, db_path, progress, with_similar)
    changed, deleted = todo
    deleted_ids = {Path(n).stem for n in deleted}
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as old:
        # Unchanged cases that link to a deleted case must be checked again (and will fail).
        placeholders = ",".join("?" * len(deleted_ids))
        linking = {
            r[0]
            for r in old.execute(
                f"SELECT case_id FROM case_links WHERE target_id IN ({placeholders})",
                sorted(deleted_ids),
            )
        }
    by_id = {f.stem: f for f in case_files}
    by_name = {f.name: f for f in case_files}  # not by stem: x.yaml beside x.yml must be checked
    recheck = sorted({f.name for f in changed} | {by_id[c].name for c in linking if c in by_id})
    to_check = [by_name[n] for n in recheck] + collection_files
    result = validate.validate(to_check, known={f.stem for f in case_files})
    if result.errors:
        return result
    _apply(db_path, result, deleted, case_files, with_similar)
    return result


def _apply(
    db_path: Path,
    result: validate.Result,
    deleted: list[str],
    files: list[Path],
    with_similar: bool = True,
):
    deleted_ids = {Path(n).stem for n in deleted}
    with atomic.replacing(db_path) as new:
        shutil.copyfile(db_path, new.path)
        db = build.connect(new.path)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("BEGIN")
            _replace_cases(db, result.cases, deleted_ids, files)
            db.execute("DELETE FROM collection_cases")
            db.execute("DELETE FROM collections")
            columns = tables.insert_columns(db)
            for doc in result.collections:
                for table, table_rows in rows.collection_rows(doc.data).items():
                    tables.insert_rows(db, table, table_rows, columns[table])
            build.derive(db)
            if with_similar:
                # rows of changed cases are gone: their vectors come from the old file's
                # cache when their text is unchanged, else they are embedded
                similar.update(db, similar.cache_from(db_path))
            else:
                similar.clear(db)
            manifest.update(db, [d.path for d in result.cases], deleted)
            build.commit(db)
        finally:
            db.close()


def _replace_cases(db, docs, deleted_ids, files) -> None:
    ids = sorted({d.id for d in docs} | deleted_ids)
    old_rowids = {}
    for case_id in ids:
        row = db.execute("SELECT rowid FROM cases WHERE id = ?", [case_id]).fetchone()
        if row:
            old_rowids[case_id] = row[0]
    # the words (and their tokens) the previous build indexed: no model loads for known words
    words = fulltext.Words.of(db)
    # the indexes hold no copy of the text: remove the cases while their text is still there
    fulltext.unindex_text(db, words, list(old_rowids.values()))
    for case_id, rowid in old_rowids.items():
        for table in tables.CASE_TABLES:
            db.execute(f"DELETE FROM [{table}] WHERE case_id = ?", [case_id])
        db.execute("DELETE FROM case_facet_keys WHERE case_rowid = ?", [rowid])
        db.execute("DELETE FROM cases WHERE id = ?", [case_id])
    next_rowid = (db.execute("SELECT max(rowid) FROM cases").fetchone()[0] or 0) + 1
    dates = gitdates.git_dates(files)
    columns = tables.insert_columns(db)
    new_rowids = []
    for doc in docs:
        rowid = old_rowids.get(doc.id)
        if rowid is None:
            rowid, next_rowid = next_rowid, next_rowid + 1
        new_rowids.append(rowid)
        file, file_dates = f"cases/{doc.path.name}", dates.get(doc.path.name)
        for table, table_rows in rows.indexed_case_rows(doc.data, rowid, file, file_dates).items():
            tables.insert_rows(db, table, table_rows, columns[table])
    fulltext.index_text(db, words, new_rowids)
    # git history moves on without the files changing: refresh every case's dates.
    db.executemany(
        "UPDATE cases SET created = ?, updated = ? WHERE file = ?",
        [(c, u, f"cases/{name}") for name, (c, u) in dates.items()],
    )


def content_digest(db_path: Path) -> str:
    """Hash of the logical content: every table's rows in a canonical order, full-text rows
    keyed by case id instead of rowid, planner statistics left out, and `index_words` too: a
    cache, which after an incremental build may still hold words whose last case changed."""
    h = hashlib.sha256()
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'cases_fts%' AND name NOT LIKE 'cases_stem%' "
                "AND name NOT IN ('case_facet_keys', 'index_words', 'facet_bitmaps', 'case_order') "
                "ORDER BY name"
            )
        ]
        for table in names:
            h.update(table.encode())
            for row in sorted(map(repr, db.execute(f"SELECT * FROM [{table}]"))):
                h.update(row.encode())
        for fts in ("cases_fts", "cases_stem"):
            # the indexes keep no text: compare what they hold, each token of each case
            h.update(fts.encode())
            db.execute(
                f"CREATE VIRTUAL TABLE temp.[v_{fts}] USING fts5vocab(main, {fts}, instance)"
            )
            query = (
                f"SELECT c.id, v.term, v.col, v.offset FROM temp.[v_{fts}] v "
                "JOIN cases c ON c.rowid = v.doc ORDER BY c.id, v.col, v.offset, v.term"
            )
            for row in db.execute(query):
                h.update(repr(row).encode())
        keys = "SELECT c.id, k.keys FROM cases c JOIN case_facet_keys k ON k.case_rowid = c.rowid"
        for row in db.execute(keys + " ORDER BY c.id"):
            h.update(repr(row).encode())
        # the bitmaps and orders hold rowids: compare the case ids they stand for
        ids = dict(db.execute("SELECT rowid, id FROM cases"))
        for token, bits in db.execute("SELECT token, bits FROM facet_bitmaps ORDER BY token"):
            members = bitmaps.to_rowids(int.from_bytes(bits, "little"))
            h.update(repr((token, sorted(ids[r] for r in members.tolist()))).encode())
        for sort, order in db.execute("SELECT sort, rowids FROM case_order ORDER BY sort"):
            h.update(repr((sort, [ids[r] for r in bitmaps.order_of(order).tolist()])).encode())
        schema = db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        for (sql,) in schema:
            h.update(sql.encode())
    return h.hexdigest()
