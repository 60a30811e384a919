"""Per-connection SQLite limits (Datasette's `prepare_connection` hook).

Anyone can send SQL to the server. Datasette's time limit stops slow queries, but it is only
checked between SQLite's steps, and one function call can be a very long step:
`randomblob(1000000000)` allocates a gigabyte and `printf('%.*c', 1000000000, 'x')` spends four
seconds of CPU before the limit is ever looked at. SQLite's length limits refuse the first kind
at once ("string or blob too big"); printf and format, which nothing in casebase or Datasette
uses, are refused when the statement is prepared. The largest real value, a case file, is
under 256 KB. Python 3.10 has no `Connection.setlimit`; there only the time limit applies.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

MAX_LENGTH = 10_000_000  # bytes in one string, blob or row
MAX_SQL_LENGTH = 100_000  # characters in one SQL statement
MAX_LIKE_PATTERN = 1_000  # characters in one LIKE or GLOB pattern
DENIED_FUNCTIONS = {"printf", "format"}


def _authorize(action: int, arg1, arg2, db_name, trigger) -> int:
    # For SQLITE_FUNCTION, arg2 is the function's name.
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.set_authorizer(_authorize)
    if hasattr(conn, "setlimit"):
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN)
