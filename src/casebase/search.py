"""Search and filter queries over the built database, shared by the site and the JSON API.

Pure SQL builders: a `Query` (free text plus facet filters) becomes a WHERE clause with bound
parameters. Free text is stemmed (Dutch and English Snowball) and quoted, so user input never
reaches FTS5 syntax. Facet filters AND within a field: two instruments = cases with both.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from . import fields, matching, text, vocab

# Query field -> (table, column): a table of values per case, or (None, a `cases` column).
FILTERS = {f.name: (f.table, f.column) for f in fields.FACETS}

# Title columns weigh ten times the body in relevance ranking, the labels of a case's codes
# five times (bm25 weights per column of cases_stem: title_nl, title_en, body_nl, body_en,
# labels_nl, labels_en).
RANK = "bm25(cases_stem, 10.0, 10.0, 1.0, 1.0, 5.0, 5.0)"


# Orders of a case list besides relevance (which needs text; without it, `newest`).
SORTS = {
    "newest": "c.year_start desc, c.id",
    "oldest": "c.year_start is null, c.year_start, c.id",
    "reviewed": "c.last_reviewed desc, c.id",
}
SORT_NAMES = ("relevance", *SORTS)

# The year range, one meaning for the site and the API: the cases that ran in some year of the
# range. `year_start` is the cited start year or, without one, the year of the earliest dated
# event (`year_start_basis` 'event'); a case without `year_end` is still running.
YEAR_MIN, YEAR_MAX = 1900, 2100
YEAR_FROM_MEANING = (
    "Cases still running in or after this year (year_end >= year_from, or no year_end)."
)
YEAR_TO_MEANING = (
    "Cases that started in or before this year (year_start <= year_to; the start year is the "
    "cited one, or else the year of the earliest dated event)."
)
_YEAR = re.compile(r"[0-9]{4}")


def read_year(value: str) -> int | None:
    """`value` as a year of the range filter (four digits, YEAR_MIN to YEAR_MAX), else None."""
    if not _YEAR.fullmatch(value) or not YEAR_MIN <= int(value) <= YEAR_MAX:
        return None
    return int(value)


@dataclass
class Query:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    updated_since: str | None = None  # YYYY-MM-DD: changed (`updated`) or reviewed on/after it
    sort: str = ""  # one of SORT_NAMES; "" is relevance with text, else newest
    # Set by `spelling.prepare`: match most words rather than all (see `matches`).
    partial: bool = False

    def is_empty(self) -> bool:
        return not (
            self.q.strip()
            or any(self.filters.values())
            or self.year_from
            or self.year_to
            or self.updated_since
        )

    def filters_only(self) -> Query:
        """The same selection without the words: filters, year range and `updated_since`."""
        return Query(
            filters=self.filters,
            year_from=self.year_from,
            year_to=self.year_to,
            updated_since=self.updated_since,
        )

    def ranked(self) -> bool:
        """Ordered by full-text relevance (text given, and no other order asked for)."""
        return bool(self.q) and self.sort in ("", "relevance")


def match_expression(q: str, prefix: bool = False) -> str | None:
    """FTS5 MATCH over cases_stem: every word (or synonym) of the query, in Dutch or English."""
    return matching.expression(matching.units(q), prefix)


def min_hits(n_units: int) -> int:
    """How many of a query's words a partial match must contain: at least half."""
    return max(1, (n_units + 1) // 2)


_MATCH_CLAUSE = "c.rowid in (select rowid from cases_stem where cases_stem match :match)"


def where(query: Query, prefix: bool = False) -> tuple[str, dict]:
    """WHERE clause over `cases c` and its parameters (every word must match: partial matches
    are counted and ranked by `matches`)."""
    clauses, params = _clauses(query, prefix)
    return (" and ".join(clauses) or "1"), params


def _clauses(query: Query, prefix: bool = False) -> tuple[list[str], dict]:
    clauses, params = [], {}
    found = matching.units(query.q) if query.q else []
    if query.q and not found:
        clauses.append("0")  # only punctuation: nothing can match
    if found:
        clauses.append(_MATCH_CLAUSE)
        params["match"] = matching.expression(found, prefix)
    n = 0
    for name, values in sorted(query.filters.items()):
        table, column = FILTERS[name]
        for value in values:
            p = f"f{n}"
            n += 1
            params[p] = value
            if table is None:
                clauses.append(f"c.[{column}] = :{p}")
            elif table == "identifiers":
                clauses.append(
                    f"c.id in (select case_id from identifiers where scheme = 'cpv' and value = :{p})"
                )
            else:
                clauses.append(f"c.id in (select case_id from [{table}] where [{column}] = :{p})")
    # YEAR_FROM_MEANING and YEAR_TO_MEANING say in words what these two clauses do.
    if query.year_from is not None:
        clauses.append("coalesce(c.year_end, 9999) >= :year_from")
        params["year_from"] = query.year_from
    if query.year_to is not None:
        clauses.append("c.year_start <= :year_to")
        params["year_to"] = query.year_to
    if query.updated_since:
        clauses.append("(c.updated >= :updated_since or c.last_reviewed >= :updated_since)")
        params["updated_since"] = query.updated_since
    return clauses, params


def cases_sql(
    query: Query, limit: int = 50, offset: int = 0, prefix: bool = False
) -> tuple[str, dict]:
    """Matching cases, ranked by relevance when there is text, else newest first then id
    (or in the order `query.sort` names)."""
    clauses, params = _clauses(query, prefix)
    clause = " and ".join(clauses) or "1"
    params.update(limit=limit, offset=offset)
    if "match" in params and query.ranked():
        # Rank inside the full-text query, on rowids only: one FTS5 scan yields bm25 per match,
        # and only the page of winners is joined to the (wide) cases rows.
        rest = _without_match(clauses)
        # `+rowid`, not `rowid`: a plain rowid IN (...) is handed to FTS5 as a constraint, and
        # FTS5 then runs the whole MATCH once per filtered rowid (a prefix query: 660 ms at 10k
        # cases instead of 2 ms). The unary plus keeps it a filter on the single scan.
        restrict = f" and +rowid in (select c.rowid from cases c where {rest})" if rest else ""
        return (
            "select c.* from (select rowid, "
            f"{RANK} as rank from cases_stem where cases_stem match :match{restrict} "
            "order by rank, rowid limit :limit offset :offset) r "
            "join cases c on c.rowid = r.rowid order by r.rank, r.rowid",
            params,
        )
    order = SORTS.get(query.sort, SORTS["newest"])
    sql = f"select c.* from cases c where {clause} order by {order} limit :limit offset :offset"
    return sql, params


def _without_match(clauses: list[str]) -> str:
    """The WHERE clause without the full-text condition ('' when nothing else remains)."""
    return " and ".join(c for c in clauses if c != _MATCH_CLAUSE)


# Filter name -> facet name in the `facet_counts` table computed at build time.
PRECOMPUTED = {f.name: f.counts for f in fields.FACETS if f.counts}


def facet_sql(query: Query, name: str, lang: str = "nl") -> tuple[str, dict]:
    """Counts per code of one facet among the matching cases, with labels in `lang`.

    Columns: value, label, count; ordered by count, then vocabulary order. Without any query
    the counts come from `facet_counts` (precomputed: the database is immutable).
    """
    label = "label_en" if lang == "en" else "label_nl"
    table, column = FILTERS[name]
    vocab_table = vocab.TABLES.get(name)  # None for country, year and cpv
    if query.is_empty() and name in PRECOMPUTED:
        params = {"facet": PRECOMPUTED[name]}
        if vocab_table is None:
            return (
                "select value, value as label, count from facet_counts where facet = :facet "
                "order by count desc, value",
                params,
            )
        return (
            f"select f.value, v.{label} as label, f.count from facet_counts f "
            f"join [{vocab_table}] v on v.code = f.value where f.facet = :facet "
            "order by f.count desc, v.position",
            params,
        )
    clause, params = where(query)
    if table is None and vocab_table is None:  # country, year: no vocabulary table
        sql = (
            f"select c.[{column}] as value, c.[{column}] as label, count(*) as count "
            f"from cases c where {clause} and c.[{column}] is not null "
            "group by value order by count desc, value"
        )
    elif table is None:
        sql = (
            f"select v.code as value, v.{label} as label, count(*) as count from cases c "
            f"join [{vocab_table}] v on v.code = c.[{column}] where {clause} "
            "group by v.code order by count desc, v.position"
        )
    elif vocab_table is None:  # cpv
        sql = (
            "select m.value, m.value as label, count(distinct m.case_id) as count from cases c "
            f"join identifiers m on m.case_id = c.id and m.scheme = 'cpv' where {clause} "
            "group by m.value order by count desc, m.value"
        )
    else:
        # join from the matching cases (few index lookups each), not IN over the m2m table
        sql = (
            f"select v.code as value, v.{label} as label, count(distinct m.case_id) as count "
            f"from cases c join [{table}] m on m.case_id = c.id "
            f"join [{vocab_table}] v on v.code = m.[{column}] where {clause} "
            "group by v.code order by count desc, v.position"
        )
    return sql, params


def tally(keys: Iterable[str]) -> dict[str, Counter]:
    """Counts per facet and value from facet token strings: all facets in one pass."""
    tokens = Counter(chain.from_iterable(k.split() for k in keys))
    out: dict[str, Counter] = {}
    for token, n in tokens.items():
        name, _, value = token.partition("=")
        out.setdefault(name, Counter())[value] = n
    return out


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def highlight(source: str, q: str, lang: str = "nl", max_chars: int = 240) -> str:
    """An HTML-escaped snippet of `source` around the first sentence that matches the query,
    with matching words (same stem, diacritics folded) wrapped in <mark>."""
    stems = set(text.search_terms(q, lang)) if q else set()
    sentences = _SENTENCE.split(source.strip()) if source else []
    if not sentences:
        return ""

    def hits(sentence: str) -> bool:
        return any(text.stem(w, lang) in stems for w in text.words(sentence))

    chosen = next((s for s in sentences if hits(s)), sentences[0])
    if len(chosen) > max_chars:
        chosen = chosen[: max_chars - 1].rsplit(" ", 1)[0] + "…"
    out = []
    for token in re.split(r"(\w+)", chosen):
        folded = text.fold(token)
        if token and re.fullmatch(r"\w+", token) and text.stem(folded, lang) in stems:
            out.append(f"<mark>{html.escape(token)}</mark>")
        else:
            out.append(html.escape(token))
    return "".join(out)
