"""Sets of cases as bitmaps over their rowids: the counts, facet counts and pages of a selection
without touching the wide `cases` rows.

Owns two tables written at build time: `facet_bitmaps`, one bitmap per facet value (bit r is
set when the case with rowid r has that value; the token `*` holds every case), made from
`case_facet_keys`; and `case_order`, every case's rowid in each order of `search.SORTS`.

At query time a set of cases is a Python int: filters AND their values' bitmaps, each facet
value's count under a selection is one AND and one popcount, and a page in the order asked for
is read off `case_order`. At 100,000 cases this takes a millisecond or two where the same
answers from joins over the case tables took a hundred (bench/RESULTS.md).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict

import numpy as np

from . import search

DDL = {
    "facet_bitmaps": "token TEXT PRIMARY KEY, bits BLOB NOT NULL",
    "case_order": "sort TEXT PRIMARY KEY, rowids BLOB NOT NULL",
}
EVERY = "*"  # the token of the bitmap of every case
# Filters without a facet token: answered by SQL over `cases`, then ANDed as a bitmap.
UNKEYED = frozenset({"cpv"})


def write(db: sqlite3.Connection) -> None:
    """Compute both tables from `case_facet_keys` and `cases` (after every build)."""
    db.execute("DELETE FROM facet_bitmaps")
    db.execute("DELETE FROM case_order")
    members: dict[str, list[int]] = defaultdict(list)
    for rowid, keys in db.execute("SELECT case_rowid, keys FROM case_facet_keys"):
        members[EVERY].append(rowid)
        for token in keys.split():
            members[token].append(rowid)
    db.executemany(
        "INSERT INTO facet_bitmaps (token, bits) VALUES (?, ?)",
        [(token, _bytes(np.array(rowids))) for token, rowids in sorted(members.items())],
    )
    for name, order in search.SORTS.items():
        rowids = [r[0] for r in db.execute(f"SELECT c.rowid FROM cases c ORDER BY {order}")]
        db.execute(
            "INSERT INTO case_order (sort, rowids) VALUES (?, ?)",
            [name, np.array(rowids, dtype="<i4").tobytes()],
        )


def _bytes(rowids: np.ndarray) -> bytes:
    """A bitmap (little-endian: bit r of the int) of the given rowids."""
    if not len(rowids):
        return b""
    mask = np.zeros(int(rowids.max()) + 1, dtype=bool)
    mask[rowids] = True
    return np.packbits(mask, bitorder="little").tobytes()


def from_rowids(rowids: np.ndarray) -> int:
    return int.from_bytes(_bytes(rowids), "little")


def to_rowids(bits: int) -> np.ndarray:
    """The rowids of a bitmap, ascending."""
    mask = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(mask, bitorder="little"))


def rowids_where(conn: sqlite3.Connection, sql: str, params: dict | list) -> np.ndarray:
    """The rowids that `sql` selects as its column `r`, fetched as one string: a Python object
    per row would cost more than the query itself at 100,000 cases."""
    joined = conn.execute(f"select group_concat(r) from ({sql})", params).fetchone()[0]
    if not joined:
        return np.array([], dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def text_rowids(conn: sqlite3.Connection, match: str) -> np.ndarray:
    """The rowids of the cases an FTS5 expression over `cases_stem` matches."""
    return rowids_where(conn, "select rowid as r from cases_stem where cases_stem match ?", [match])


def text_ranks(conn: sqlite3.Connection, match: str) -> tuple[np.ndarray, np.ndarray]:
    """The rowids an FTS5 expression over `cases_stem` matches and the relevance of each
    (`search.RANK`, lower is better), from one full-text pass."""
    # Row by row, unlike `text_rowids`: the doubles stay exact, and a string of every rank
    # could pass the server's length limit (plugins/limits.py).
    rows = conn.execute(
        f"select rowid, {search.RANK} from cases_stem where cases_stem match ?", [match]
    ).fetchall()
    if not rows:
        return np.array([], dtype=np.int64), np.array([], dtype=np.float64)
    rowids, ranks = zip(*rows, strict=True)
    return np.array(rowids, dtype=np.int64), np.array(ranks, dtype=np.float64)


def load(conn: sqlite3.Connection) -> dict[str, int]:
    """Every facet value's bitmap, by token (`instrument=pilot`; `*` for every case)."""
    rows = conn.execute("select token, bits from facet_bitmaps")
    return {token: int.from_bytes(bits, "little") for token, bits in rows}


def filtered(conn: sqlite3.Connection, tokens: dict[str, int], query: search.Query) -> int:
    """The cases that pass a query's filters (its text aside)."""
    bits = tokens.get(EVERY, 0)
    for name, values in query.filters.items():
        if name in UNKEYED:
            continue
        for value in values:
            if name == "year" and str(value).isdigit():
                value = int(value)  # year_start is an integer: "0999" is 999
            bits &= tokens.get(f"{name}={value}", 0)
    rest = search.Query(
        filters={k: v for k, v in query.filters.items() if k in UNKEYED},
        year_from=query.year_from,
        year_to=query.year_to,
        updated_since=query.updated_since,
    )
    if not rest.is_empty():
        where, params = search.where(rest)
        bits &= from_rowids(
            rowids_where(conn, f"select c.rowid as r from cases c where {where}", params)
        )
    return bits


def counts(tokens: dict[str, int], bits: int) -> dict[str, Counter]:
    """Cases per facet and value among `bits` (the shape of `search.tally`)."""
    out: dict[str, Counter] = {}
    for token, members in tokens.items():
        n = (members & bits).bit_count()
        if n and token != EVERY:
            name, _, value = token.partition("=")
            out.setdefault(name, Counter())[value] = n
    return out


def page(conn: sqlite3.Connection, bits: int, sort: str, limit: int, offset: int) -> list[int]:
    """Rowids of the cases in `bits`, in the order `sort` names (`search.SORTS`), one page
    (`limit` -1: all)."""
    blob = conn.execute("select rowids from case_order where sort = ?", [sort]).fetchone()
    order = order_of(blob[0] if blob else b"")
    if not len(order):
        return []
    mask = np.zeros(int(order.max()) + 1, dtype=bool)
    members = to_rowids(bits)
    mask[members[members < len(mask)]] = True
    chosen = order[mask[order]]
    end = None if limit < 0 else offset + limit
    return chosen[offset:end].tolist()


def order_of(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<i4")


def rows_sql(rowids: list[int]) -> tuple[str, list]:
    """`cases` rows of the given rowids, in that order."""
    return (
        "select c.* from json_each(?) j join cases c on c.rowid = j.value order by j.key",
        [json.dumps(rowids)],
    )
