"""Ways onward from a search: the code filters a query names, and what relaxing it would give.

Owns two things the search page offers. `label_filters`: when the query's words are (part of)
the Dutch or English label of an instrument, challenge, technique or procedure, or a synonym of
it, that code as a filter with its count ("Filter op Energietransitie (24)"). `relaxations`: for
a search without results, each filter and each word it could drop, with the number of cases
that would give ("zonder 'warmtenet': 15"). Both run only a few counts on small queries.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from functools import cache

from . import bitmaps, matches, matching, search, spelling, text, vocab

LABELLED = ("instrument", "challenge", "technique", "procedure")
# Words too general to point at one code on their own ("inkopen" is in many labels).
GENERAL = frozenset("inkopen inkoop procurement procedure contract overheid other anders".split())
MAX_FILTERS = 3


@cache
def _labels() -> list[tuple[str, str, frozenset, frozenset]]:
    """(facet, code, Dutch label terms, English label terms) of every labelled code."""
    out = []
    for name in LABELLED:
        for code, term in vocab.terms_by_code(name).items():
            if code in ("other", "unknown") or term.get("deprecated"):
                continue
            nl = frozenset(_terms(term["label_nl"], "nl"))
            en = frozenset(_terms(term["label_en"], "en"))
            out.append((name, code, nl, en))
    return out


def _terms(label: str, lang: str) -> list[str]:
    return [text.term(w, lang) for w in text.words(label) if w not in matching.STOP_WORDS]


def _query_terms(query: str, lang: str) -> list[frozenset]:
    """Per unit of the query: the terms of each of its phrases (itself and its synonyms)."""
    out = []
    for unit in matching.units(query):
        for phrase in unit.phrases:
            words = [w for w in phrase if w not in matching.STOP_WORDS and w not in GENERAL]
            if words:
                out.append(frozenset(text.term(w, lang) for w in words))
    return out


def _count(conn: sqlite3.Connection, query: search.Query, tokens: dict[str, int]) -> int:
    return matches.Matches(conn, spelling.prepare(conn, query, rank=False), tokens).count()


def label_filters(
    conn: sqlite3.Connection, query: search.Query, tokens: dict[str, int] | None = None
) -> list[dict]:
    """Code filters whose label the query names, with the cases each gives under the current
    filters (without the words): [{name, code, count}], most cases first, at most three.
    `tokens`: the facet bitmaps, when the caller has them loaded."""
    if not query.q:
        return []
    tokens = bitmaps.load(conn) if tokens is None else tokens
    found = []
    asked = {lang: _query_terms(query.q, lang) for lang in ("nl", "en")}
    for name, code, nl, en in _labels():
        if code in query.filters.get(name, []):
            continue
        for lang, label in (("nl", nl), ("en", en)):
            if label and any(terms <= label for terms in asked[lang]):
                filters = {**query.filters, name: [*query.filters.get(name, []), code]}
                count = _count(conn, replace(query.filters_only(), filters=filters), tokens)
                if count:
                    found.append({"name": name, "code": code, "count": count})
                break
    found.sort(key=lambda f: -f["count"])
    return found[:MAX_FILTERS]


def relaxations(
    conn: sqlite3.Connection, query: search.Query, tokens: dict[str, int] | None = None
) -> list[dict]:
    """For a search without results: each filter value and each word left out in turn, with
    the count it gives: [{kind: 'filter'|'word', name, value, count, query}], only counts > 0.
    The year range is the filter named 'years'."""
    tokens = bitmaps.load(conn) if tokens is None else tokens
    out = []
    for name, values in query.filters.items():
        for value in values:
            rest = {
                k: [v for v in vs if (k, v) != (name, value)] for k, vs in query.filters.items()
            }
            relaxed = replace(query, filters={k: v for k, v in rest.items() if v}, partial=False)
            out.append({"kind": "filter", "name": name, "value": value, "query": relaxed})
    if query.year_from is not None or query.year_to is not None:
        # the year range is one filter: its two ends are removed together
        relaxed = replace(query, year_from=None, year_to=None, partial=False)
        out.append({"kind": "filter", "name": "years", "value": "", "query": relaxed})
    found = matching.units(query.q) if query.q else []
    if len(found) > 1:
        for unit in found:
            q = " ".join(u.text for u in found if u is not unit)
            out.append(
                {"kind": "word", "name": "q", "value": unit.text, "query": replace(query, q=q)}
            )
    for item in out:
        item["count"] = _count(conn, item["query"], tokens)
    return [item for item in out if item["count"]]
