"""The search indexes' share of the build time and of the database file: both full-text indexes
(`fulltext.index_text`; within it `Words.stemmed`: each text's tokens, with lemmas, stems and
compound parts computed once per distinct word),
the facet bitmaps and sort orders (`bitmaps.write`), measured per group of tables (dbstat)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from builds import ROOT

# A full build that also reports the seconds spent building the search indexes.
INDEXED_BUILD = """
import sys, time
from pathlib import Path
from casebase import bitmaps, build, fulltext
spent = {"index_text": 0.0, "stemmed": 0.0, "bitmaps": 0.0}

def timed(name, fn):
    def run(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    return run

fulltext.index_text = timed("index_text", fulltext.index_text)
fulltext.Words.stemmed = timed("stemmed", fulltext.Words.stemmed)
bitmaps.write = timed("bitmaps", bitmaps.write)
t = time.perf_counter()
result = build.build([Path(sys.argv[1])], Path(sys.argv[2]), with_similar=False)
assert not result.errors, [p.format() for p in result.errors[:3]]
print(time.perf_counter() - t, spent["index_text"], spent["stemmed"], spent["bitmaps"])
"""

# Tables of the search indexes, by what they serve (FTS5 keeps each index in shadow tables).
SEARCH_TABLES = {
    "stemmed full-text index `cases_stem` (lemmas, stems, compound parts, code labels)": (
        "cases_stem_",
        "index_words",
    ),
    "Datasette's full-text index `cases_fts`": ("cases_fts_",),
    "facet bitmaps and sort orders": ("facet_bitmaps", "case_order"),
    "similar cases (vectors, top 10 per case)": ("case_vectors", "similar_cases"),
}


def index_shares(db: Path) -> dict[str, tuple[float, float]]:
    """Megabytes and share of the file per group of SEARCH_TABLES (indexes of a table count
    with it), from SQLite's dbstat table."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pages = conn.execute(
        "select coalesce(m.tbl_name, d.name), sum(d.pgsize) from dbstat d "
        "left join sqlite_master m on m.name = d.name group by 1"
    ).fetchall()
    conn.close()
    total = sum(size for _, size in pages)
    out = {}
    for group, prefixes in SEARCH_TABLES.items():
        size = sum(b for name, b in pages if name.startswith(prefixes))
        out[group] = (size / 1e6, size / total)
    return out


def share_rows(db: Path, what: str, with_similar: bool = False) -> list[tuple]:
    """Rows: the size of each search index in `db` (the similar cases only where built)."""
    return [
        (f"Database size: {group}, {what}", f"{mb:.1f} MB ({share:.1%})", "", "")
        for group, (mb, share) in index_shares(db).items()
        if with_similar or "similar" not in group
    ]


def indexing_rows(cases: Path, db: Path, what: str) -> list[tuple]:
    """Build `db` from `cases`; rows: the build time spent on the search indexes."""
    out = subprocess.run(
        [sys.executable, "-c", INDEXED_BUILD, str(cases), str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    total, fulltext, stemmed, bits = map(float, out.stdout.split())
    return [
        (f"Full build, {what}", f"{total:.1f} s", "", ""),
        (
            "Build time: both full-text indexes",
            f"{fulltext:.1f} s ({fulltext / total:.0%})",
            "",
            "",
        ),
        (
            "Build time: of which the texts' tokens (`Words.stemmed`)",
            f"{stemmed:.1f} s ({stemmed / total:.0%})",
            "",
            "",
        ),
        ("Build time: facet bitmaps and sort orders", f"{bits:.2f} s ({bits / total:.1%})", "", ""),
    ]
