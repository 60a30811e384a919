"""What a prepared search matches: its count, its facet counts and a page of it, in order.

Owns `Matches`, shared by the site's search page, the API's case list and `find`. The cases a
search matches are a bitmap (`bitmaps`): its words' full-text matches, read once, ANDed with
its filters' bitmaps. Counts are popcounts; a page in a fixed order is read off `case_order`.
Relevance comes from FTS5's bm25: for all words in one ranked full-text query (`search`), and
for partial matches (`spelling`) only over the cases that can reach the page asked for, since
bm25 per row is the dearest part of a search.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from . import bitmaps, matching, search, spelling


class Matches:
    """One prepared search on one connection; each set is read once, when first needed."""

    def __init__(
        self, conn: sqlite3.Connection, plan: spelling.Plan, tokens: dict[str, int] | None = None
    ):
        self.conn, self.plan, self.query = conn, plan, plan.query
        self._tokens = tokens
        self._text: int | None = None
        self._hits: np.ndarray | None = None

    @property
    def tokens(self) -> dict[str, int]:
        """Every facet value's bitmap (`bitmaps.load`)."""
        if self._tokens is None:
            self._tokens = bitmaps.load(self.conn)
        return self._tokens

    def hits(self) -> np.ndarray:
        """Partial matching: how many of the query's units each case (by rowid) contains."""
        if self._hits is None:
            joined = np.concatenate([np.asarray(f, dtype=np.int64) for f in self._unit_rowids()])
            self._hits = np.bincount(joined) if len(joined) else np.zeros(0, dtype=np.int64)
        return self._hits

    def _unit_rowids(self) -> list[np.ndarray]:
        if self.plan.unit_rowids is None:
            units = matching.units(self.query.q)
            self.plan.unit_rowids = [
                bitmaps.text_rowids(self.conn, matching.unit_expression(u)) for u in units
            ]
        return self.plan.unit_rowids

    def text(self) -> int | None:
        """The cases the words match (all of them, or enough for a partial match); None
        without words."""
        if not self.query.q:
            return None
        if self._text is None:
            if self.query.partial:
                n = len(matching.units(self.query.q))
                rowids = np.flatnonzero(self.hits() >= search.min_hits(n))
            elif self.plan.word_rowids is not None:
                rowids = self.plan.word_rowids
            else:
                match = search.match_expression(self.query.q)
                rowids = bitmaps.text_rowids(self.conn, match) if match else np.zeros(0, int)
            self._text = bitmaps.from_rowids(rowids)
        return self._text

    def within(self, query: search.Query) -> int:
        """The cases that match the words and `query`'s filters (the facets count a query with
        one filter left out)."""
        bits = bitmaps.filtered(self.conn, self.tokens, query)
        text = self.text()
        return bits if text is None else bits & text

    def count(self) -> int:
        total = self.plan.total()  # counted already when there are no filters
        return total if total is not None else self.within(self.query).bit_count()

    def facets(self, query: search.Query) -> dict[str, Counter]:
        """Cases per facet and value among those `query` (this search, maybe with a filter
        left out) matches."""
        return bitmaps.counts(self.tokens, self.within(query))

    def rows_sql(self, limit: int = 20, offset: int = 0) -> tuple[str, list | dict]:
        """SQL for one page of `cases` rows (`limit` -1: all), best first or in the order asked."""
        if self.query.partial and self.query.ranked():
            return bitmaps.rows_sql(self._partial_page(limit, offset))
        if self.query.ranked() and self.plan.word_ranks is not None:
            return bitmaps.rows_sql(self._ranked_page(limit, offset))
        if self.query.ranked():
            return search.cases_sql(self.query, limit=limit, offset=offset)
        sort = self.query.sort if self.query.sort in search.SORTS else "newest"
        return bitmaps.rows_sql(
            bitmaps.page(self.conn, self.within(self.query), sort, limit, offset)
        )

    def _ranked_page(self, limit: int, offset: int) -> list[int]:
        """Rowids of matches of every word, best first (bm25, then rowid), from the ranks that
        `spelling.prepare` read with the matches."""
        rowids, ranks = self.plan.word_rowids, self.plan.word_ranks
        if not self.query.filters_only().is_empty():
            keep = np.isin(rowids, bitmaps.to_rowids(self.within(self.query)))
            rowids, ranks = rowids[keep], ranks[keep]
        order = np.lexsort((rowids, ranks))
        end = None if limit < 0 else offset + limit
        return rowids[order[offset:end]].tolist()

    def _partial_page(self, limit: int, offset: int) -> list[int]:
        """Rowids of partial matches, most units first, then bm25 over any unit, then rowid.

        bm25 is computed only for the cases with at least as many units as the last case of
        the page needs: the cases with the most units fill the page first.
        """
        hits = self.hits()
        mask = np.zeros(len(hits), dtype=bool)
        members = bitmaps.to_rowids(self.within(self.query))
        mask[members[members < len(hits)]] = True
        level = np.where(mask, hits, 0)
        need = None if limit < 0 else offset + limit
        least = search.min_hits(len(matching.units(self.query.q)))
        per_level = np.bincount(level)
        threshold, enough = least, 0
        for h in range(len(per_level) - 1, least - 1, -1):
            enough += per_level[h]
            if need is not None and enough >= need:
                threshold = h
                break
        candidates = np.flatnonzero(level >= threshold)
        if not len(candidates):
            return []
        # the units every candidate has: FTS5 can skip to the rows that have them all
        shared = [bool(np.isin(candidates, r).all()) for r in self._unit_rowids()]
        sql = (
            f"select rowid, {search.RANK} from cases_stem where cases_stem match :any "
            # `+rowid`: a filter on the one scan; a plain rowid IN would run the MATCH per rowid
            "and +rowid in (select value from json_each(:ids))"
        )
        params = {
            "any": matching.any_expression(matching.units(self.query.q), shared),
            "ids": json.dumps(candidates.tolist()),
        }
        ranked = sorted(self.conn.execute(sql, params), key=lambda r: (-hits[r[0]], r[1], r[0]))
        return [rowid for rowid, _ in ranked[offset:need]]


@dataclass
class Found:
    """What a search returns: the total, a page of `cases` rows, and how they matched."""

    total: int
    rows: list
    query: search.Query  # as searched: corrected words, partial or not
    corrections: dict[str, str] = field(default_factory=dict)
    full_total: int | None = None  # with partial matching: the cases with every word


def find(conn: sqlite3.Connection, query: search.Query, limit: int = 20, offset: int = 0) -> Found:
    """Run a search as the site and the API do: spelling and partial matching
    (`spelling.prepare`), then the count and a page of ranked rows."""
    plan = spelling.prepare(conn, query)
    found = Matches(conn, plan)
    sql, params = found.rows_sql(limit, offset)
    rows = conn.execute(sql, params).fetchall()
    return Found(found.count(), rows, plan.query, plan.corrections, plan.full_total)
