"""Search and filter queries over the built database, shared by the site and the JSON API.

Pure SQL builders: a `Query` (free text plus facet filters) becomes a WHERE clause with bound
parameters. Free text is stemmed (Dutch and English Snowball) and quoted, so user input never
reaches FTS5 syntax. Facet filters AND within a field: two instruments = cases with both.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from . import text

# Query field -> (m2m table, column) for multi-valued facets, or (None, cases column).
FILTERS = {
    "instrument": ("case_instruments", "instrument"),
    "challenge": ("case_challenges", "challenge"),
    "technique": ("case_techniques", "technique"),
    "buyer_type": ("case_buyers", "buyer_type"),
    "government_level": ("case_buyers", "government_level"),
    "role": ("case_participants", "role"),
    "cpv": ("identifiers", "value"),
    "country": (None, "country"),
    "status": (None, "status"),
    "outcome": (None, "outcome"),
    "procedure": (None, "procedure"),
    "confidence": (None, "confidence"),
    # Start year as a facet (the site's year facet); the value is bound, SQLite compares it
    # as an integer because year_start has INTEGER affinity.
    "year": (None, "year_start"),
}

# Title columns weigh ten times the body in relevance ranking (bm25 weights per column of
# cases_stem: title_nl, title_en, body_nl, body_en).
RANK = "bm25(cases_stem, 10.0, 10.0, 1.0, 1.0)"


@dataclass
class Query:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None

    def is_empty(self) -> bool:
        return not (self.q.strip() or any(self.filters.values()) or self.year_from or self.year_to)


def match_expression(q: str, prefix: bool = False) -> str | None:
    """FTS5 MATCH over cases_stem: Dutch stems in the Dutch columns OR English stems in English."""
    nl = text.fts_query(q, "nl", prefix)
    en = text.fts_query(q, "en", prefix)
    if not nl:
        return None
    return f"({{title_nl body_nl}} : ({nl})) OR ({{title_en body_en}} : ({en}))"


def where(query: Query, prefix: bool = False) -> tuple[str, dict]:
    """WHERE clause over `cases c` and its parameters."""
    clauses, params = [], {}
    match = match_expression(query.q, prefix) if query.q else None
    if query.q and match is None:
        clauses.append("0")  # only punctuation: nothing can match
    if match:
        clauses.append("c.rowid in (select rowid from cases_stem where cases_stem match :match)")
        params["match"] = match
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
    if query.year_from is not None:
        clauses.append("coalesce(c.year_end, 9999) >= :year_from")
        params["year_from"] = query.year_from
    if query.year_to is not None:
        clauses.append("c.year_start <= :year_to")
        params["year_to"] = query.year_to
    return (" and ".join(clauses) or "1"), params


def cases_sql(
    query: Query, limit: int = 50, offset: int = 0, prefix: bool = False
) -> tuple[str, dict]:
    """Matching cases, ranked by relevance when there is text, else newest first then id."""
    clause, params = where(query, prefix)
    if "match" in params:
        order = (
            f"(select {RANK} from cases_stem where cases_stem match :match "
            "and cases_stem.rowid = c.rowid), c.id"
        )
    else:
        order = "c.year_start desc, c.id"
    params.update(limit=limit, offset=offset)
    sql = f"select c.* from cases c where {clause} order by {order} limit :limit offset :offset"
    return sql, params


def count_sql(query: Query, prefix: bool = False) -> tuple[str, dict]:
    clause, params = where(query, prefix)
    return f"select count(*) from cases c where {clause}", params


def facet_sql(query: Query, name: str, lang: str = "nl") -> tuple[str, dict]:
    """Counts per code of one facet among the matching cases, with labels in `lang`."""
    clause, params = where(query)
    label = "label_en" if lang == "en" else "label_nl"
    table, column = FILTERS[name]
    vocab_table = {
        "instrument": "instruments",
        "challenge": "challenges",
        "technique": "techniques",
        "buyer_type": "buyer_types",
        "government_level": "government_levels",
        "role": "roles",
        "status": "statuses",
        "outcome": "outcomes",
        "procedure": "procedures",
        "confidence": "confidences",
    }.get(name)
    matching = f"select c.id from cases c where {clause}"
    if table is None and vocab_table is None:  # country: no vocabulary table
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
            "select value, value as label, count(distinct case_id) as count from identifiers "
            f"where scheme = 'cpv' and case_id in ({matching}) group by value order by count desc, value"
        )
    else:
        sql = (
            f"select v.code as value, v.{label} as label, count(distinct m.case_id) as count "
            f"from [{table}] m join [{vocab_table}] v on v.code = m.[{column}] "
            f"where m.case_id in ({matching}) group by v.code order by count desc, v.position"
        )
    return sql, params


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
