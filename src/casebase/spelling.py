"""Forgiving search: correcting misspelt words and falling back to partial matches.

Owns `prepare`, run once per search before `matches` counts and pages it: when a query's
words together match fewer than `FEW` cases, each word that matches nothing is replaced by the
nearest word of the index (`nearest`, read from the `cases_words` vocabulary of `cases_fts`),
and if still fewer than `FEW` cases match every word, the search switches to partial matching
(cases with most of the words first), keeping each word's matches for `matches` to count.
Queries with enough results cost one count, nothing more.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace

import numpy as np

from . import bitmaps, matching, search, text

FEW = 5  # fewer cases than this with every word: show the best partial matches too
MAX_CANDIDATES = 5000
FORGIVE = True  # switch for `bench/relevance.py`: False searches every word, as typed


@dataclass
class Plan:
    """A prepared query and what the user should be told about it."""

    query: search.Query
    corrections: dict[str, str] = field(default_factory=dict)  # word as typed -> index word
    full_total: int | None = None  # with partial matching: the cases with every word
    word_total: int | None = None  # cases with every word, whatever the filters (if counted)
    word_rowids: np.ndarray | None = None  # and their rowids (see `matches`)
    word_ranks: np.ndarray | None = None  # and, if read in the same pass, their relevance
    # with partial matching: the rowids each unit of the query matches
    unit_rowids: list[np.ndarray] | None = None

    def total(self) -> int | None:
        """The number of results when `prepare` already counted it (no filters, all words)."""
        q = self.query
        if q.partial or not replace(q, q="").is_empty():
            return None
        return self.word_total


def distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with adjacent swaps, giving up (returning limit + 1) beyond limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def nearest(conn: sqlite3.Connection, word: str) -> str | None:
    """The indexed word closest to `word` (same first letter; 1 edit per 4 letters, at most 3),
    the most frequent on a tie; None when nothing is close or the index has no vocabulary."""
    word = text.fold(word)
    if len(word) < 4 or not word.isalpha():
        return None
    limit = min(3, len(word) // 4)
    first = word[0]
    try:
        rows = conn.execute(
            "select term, doc from cases_words where term >= :lo and term < :hi "
            "and length(term) between :short and :long limit :n",
            {
                "lo": first,
                "hi": chr(ord(first) + 1),
                "short": len(word) - limit,
                "long": len(word) + limit,
                "n": MAX_CANDIDATES,
            },
        ).fetchall()
    except sqlite3.OperationalError:  # a database built before cases_words existed
        return None
    best = None
    for term, doc in rows:
        d = distance(word, term, limit)
        if d <= limit and (best is None or (d, -doc) < best[:2]):
            best = (d, -doc, term)
    return best[2] if best and best[2] != word else None


def prepare(conn: sqlite3.Connection, query: search.Query, rank: bool = True) -> Plan:
    """Correct words that match nothing and choose partial matching when few cases match.

    `rank`: the caller will show a page in order of relevance (False: it only counts).
    """
    found = matching.units(query.q) if query.q else []
    if not found or not FORGIVE:
        return Plan(query)
    # the rowids, not just their number: the search page counts its facets among them
    expression = matching.expression(found)
    ranks = None
    if rank and query.ranked() and len(found) > 1:
        # Several words: their AND reads every word's doclist, which a second, ranked pass for
        # the page would read again, so this pass reads each match's relevance too. One word:
        # the plain pass is cheap, and FTS5 ranks the page (`matches`) without moving every
        # match's rank into Python.
        words, ranks = bitmaps.text_ranks(conn, expression)
    else:
        words = bitmaps.text_rowids(conn, expression)
    if len(words) >= FEW:
        return Plan(query, word_total=len(words), word_rowids=words, word_ranks=ranks)
    # each unit's matches, read once: whether it matches anything, and the partial matches
    matched: dict[matching.Unit, np.ndarray] = {}

    def rowids(unit: matching.Unit) -> np.ndarray:
        if unit not in matched:
            matched[unit] = bitmaps.text_rowids(conn, matching.unit_expression(unit))
        return matched[unit]

    corrections: dict[str, str] = {}
    for unit in found:
        if len(unit.phrases[0]) == 1 and not len(rowids(unit)):
            better = nearest(conn, unit.text)
            if better:
                corrections[unit.text] = better
    q = query.q
    if corrections:
        q = " ".join(corrections.get(w, w) for w in text.words(q))
        found = matching.units(q)
        words = bitmaps.text_rowids(conn, matching.expression(found))
    total = len(words)
    partial = total < FEW and len(found) > 1
    if partial:
        return Plan(
            replace(query, q=q, partial=True),
            corrections,
            total,
            None,
            None,
            [rowids(u) for u in found],
        )
    return Plan(replace(query, q=q), corrections, None, total, words)
