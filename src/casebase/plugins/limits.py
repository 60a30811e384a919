"""Limits on what one request can cost (Datasette's `prepare_connection` and `startup` hooks).

Anyone can send SQL to the server. Datasette's time limit stops slow queries, but it is only
checked between SQLite's steps, and one function call can be a very long step:
`randomblob(1000000000)` allocates a gigabyte and `printf('%.*c', 1000000000, 'x')` spends four
seconds of CPU before the limit is ever looked at. So, per connection:
- SQLite's length limits refuse huge values at once ("string or blob too big"); the largest
  real value, a case file, is under 256 KB;
- printf, format, zeroblob and randomblob, which nothing in casebase or Datasette uses, are
  refused when the statement is prepared;
- a result has at most 100 columns.
That still allows rows x columns x 1 MB of text built up in a recursive query, copied into
Python faster than the time limit notices. So the server process also gets a memory cap when
CASEBASE_MEMORY_LIMIT_MB is set (`casebase serve` and the container image set it): such a query
then fails with MemoryError, answered 503 (plugins/errors.py), instead of the kernel killing
the whole server. Python 3.10 has no `Connection.setlimit`; there only the other limits apply.
"""

from __future__ import annotations

import os
import resource
import sqlite3

from datasette import hookimpl

from casebase.serving import MEMORY_ENV

from .web import serves_casebase

MAX_LENGTH = 1_000_000  # bytes in one string, blob or row
MAX_SQL_LENGTH = 100_000  # characters in one SQL statement
MAX_LIKE_PATTERN = 1_000  # characters in one LIKE or GLOB pattern
MAX_COLUMNS = 100  # columns in a result (the widest table, cases, has about 30)
DENIED_FUNCTIONS = {"printf", "format", "zeroblob", "randomblob"}


def _authorize(action: int, arg1, arg2, db_name, trigger) -> int:
    # For SQLITE_FUNCTION, arg2 is the function's name.
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection, datasette) -> None:
    # Every connection of a casebase server, _memory and _internal too: anyone can send SQL
    # there. A server of other databases is left as it is.
    if not serves_casebase(datasette):
        return
    conn.set_authorizer(_authorize)
    if hasattr(conn, "setlimit"):
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)


@hookimpl
def startup(datasette) -> None:
    megabytes = os.environ.get(MEMORY_ENV) if serves_casebase(datasette) else None
    if megabytes:
        # RLIMIT_DATA counts the heap and private mappings (Linux 4.7+), not shared libraries
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = int(megabytes) << 20
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
