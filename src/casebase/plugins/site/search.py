"""The search page's state: reading a request into a `search.Query`, facet blocks with counts
and toggle links, result rows with highlighted snippets, and no-results suggestions.

State is the URL: `q`, one parameter per facet (repeatable for multi-valued facets, which AND),
the year range `year_from` and `year_to` (read by `years`, meant as the API means them),
`sort`, `page` and `_lang`. Single-valued facets (a case has one country, one status...) replace their
value on a new choice, because ANDing two of them could never match. Every link that changes
the selection ends in `#resultaten`, the results heading, so that on a phone the reader lands
on the results again rather than at the top of the filters.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from dataclasses import dataclass, field, replace
from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils import sqlite_timelimit

from casebase import fields, matches, render, search, similar, spelling, suggest, vocab

from ..web import rows as fetch_rows
from . import data as site_data
from . import years

FACETS = tuple(f.name for f in fields.FACETS if f.site)
MULTI = {f.name for f in fields.FACETS if f.site and f.multi}
VOCABULARY = {f.name: f.vocabulary for f in fields.FACETS if f.site and f.vocabulary}
PAGE_SIZE = 20
RESULTS = "resultaten"  # id of the results heading; the fragment of every selection link
SHOWN = 8  # facet values shown before the "more" disclosure
MAX_VALUES = 10  # per facet; more can only come from a hand-made URL


def parse(args) -> tuple[search.Query, int]:
    """Query and page number from request args; anything malformed is dropped, never an error
    (the page shows what was wrong with a year: `years.fields`)."""
    q = " ".join((args.get("q") or "").split())[:200]
    filters: dict[str, list[str]] = {}
    for name in FACETS:
        values = [v.strip()[:80] for v in args.getlist(name) if v and v.strip()]
        values = list(dict.fromkeys(values))[:MAX_VALUES]
        if name == "year":
            values = [v for v in values if v.isdigit() and len(v) == 4]
        if values:
            filters[name] = values if name in MULTI else values[:1]
    try:
        page = min(max(int(args.get("page") or 1), 1), 1000)
    except ValueError:
        page = 1
    sort = args.get("sort") or ""
    sort = sort if sort in search.SORT_NAMES else ""
    start, end = (f.year for f in years.fields(args))
    return search.Query(q=q, filters=filters, year_from=start, year_to=end, sort=sort), page


def state_pairs(query: search.Query) -> list[tuple[str, str]]:
    pairs = [("q", query.q)] if query.q else []
    for name in FACETS:
        pairs += [(name, v) for v in query.filters.get(name, [])]
    pairs += years.pairs(query)
    return pairs + ([("sort", query.sort)] if query.sort else [])


def toggled(query: search.Query, name: str, value: str) -> list[tuple[str, str]]:
    """URL pairs after clicking `value` of facet `name` (select, add, replace or remove)."""
    pairs = state_pairs(query)
    if (name, value) in pairs:
        return [p for p in pairs if p != (name, value)]
    if name not in MULTI:
        pairs = [p for p in pairs if p[0] != name]
    return pairs + [(name, value)]


def results_url(cb, pairs: list[tuple[str, str]]) -> str:
    """/zoeken with `pairs`, landing on the results heading."""
    return cb.url("/zoeken", pairs) + "#" + RESULTS


def value_label(cb, name: str, value: str) -> str:
    if name == "country":
        return cb.country(value)
    if name == "year":
        return value
    return cb.label(VOCABULARY[name], value)


def _counted_query(query: search.Query, name: str) -> search.Query:
    """A single-valued facet counts without its own filter, so the alternatives stay visible
    with the number of cases a switch would give."""
    if name not in MULTI and name in query.filters:
        others = {k: v for k, v in query.filters.items() if k != name}
        return replace(query, filters=others)  # keeps partial matching
    return query


def _order(name: str) -> dict[str, int]:
    if name not in VOCABULARY:
        return {}
    return {code: i for i, code in enumerate(vocab.terms_by_code(VOCABULARY[name]))}


def _facet_counts(found: matches.Matches, cb) -> dict[str, list[dict]]:
    """(value, count) rows per facet. Without any query: precomputed counts. Otherwise from
    the facet values' bitmaps, once per distinct filter set."""
    query = found.query
    out: dict[str, list[dict]] = {}
    tallies: dict[tuple, dict] = {}
    for name in FACETS:
        counted = _counted_query(query, name)
        if counted.is_empty():
            sql, params = search.facet_sql(counted, name, cb.lang)
            out[name] = fetch_rows(found.conn, sql, params)
            continue
        key = (
            tuple(sorted((k, tuple(v)) for k, v in counted.filters.items())),
            (counted.year_from, counted.year_to),
        )
        if key not in tallies:
            tallies[key] = found.facets(counted)
        order = _order(name)
        counts = tallies[key].get(name, {})
        out[name] = [
            {"value": int(v) if name == "year" else v, "count": n}
            for v, n in sorted(counts.items(), key=lambda vc: (-vc[1], order.get(vc[0], 0), vc[0]))
        ]
    return out


def facets(cb, query: search.Query, counts: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """Facet blocks for the template from the counts `fetch` returned."""
    blocks = []
    for name in FACETS:
        found = counts[name]
        if name == "year":
            found.sort(key=lambda r: r["value"], reverse=True)
        selected = set(query.filters.get(name, []))
        values = [
            {
                "value": str(r["value"]),
                "label": value_label(cb, name, str(r["value"])),
                "count": r["count"],
                "selected": str(r["value"]) in selected,
                "url": results_url(cb, toggled(query, name, str(r["value"]))),
            }
            for r in found
        ]
        # Keep selected values first so they are never hidden under "more".
        values.sort(key=lambda v: not v["selected"])
        if values or selected:
            blocks.append(
                {
                    "name": name,
                    "title": cb.t(f"facet_{name}"),
                    "shown": values[:SHOWN],
                    "more": values[SHOWN:],
                    "multi": name in MULTI,
                }
            )
    return blocks


def active_filters(cb, query: search.Query) -> list[dict[str, str]]:
    """Each filter in use, with the link that removes it; the year range is one filter."""
    out = [
        {
            "facet": cb.t(f"facet_{name}"),
            "label": value_label(cb, name, value),
            "url": results_url(cb, toggled(query, name, value)),
        }
        for name in FACETS
        for value in query.filters.get(name, [])
    ]
    if period := years.label(cb, query):
        without = [p for p in state_pairs(query) if p[0] not in years.NAMES]
        out.append({"facet": cb.t("facet_years"), "label": period, "url": results_url(cb, without)})
    return out


def result_row(cb, row: dict, q: str) -> dict[str, Any]:
    title, title_lang = cb.pick(row["title"], row["title_en"])
    summary, summary_lang = cb.pick(row["summary"], row["summary_en"])
    description, _ = cb.pick(row.get("description_markdown"), row.get("description_en_markdown"))
    source = summary + " " + render.plain(description) if description else summary
    return {
        **row,
        "title_html": search.highlight(title, q, title_lang, max_chars=400) if q else None,
        "display_title": title,
        "title_lang": title_lang,
        "snippet_html": search.highlight(source, q, summary_lang, max_chars=300),
        "snippet_lang": summary_lang,
    }


@dataclass
class Found:
    """Everything the search page shows, fetched in one trip to a SQL thread."""

    total: int
    results: list[dict]
    counts: dict[str, list[dict]]
    plan: spelling.Plan
    label_filters: list[dict] = field(default_factory=list)
    relaxations: list[dict] = field(default_factory=list)


async def fetch(db, cb, query: search.Query, page: int, time_limit_ms: int) -> Found:
    """The total, the page of results, every facet's counts and the suggestions, in one trip to
    a SQL thread: under load each separate query waits for a free thread, and this page has
    several. Datasette's time limit still applies, to them all together."""

    started: list[float] = []  # set in the SQL thread: waiting for a thread is not running

    def run(conn: sqlite3.Connection):
        started.append(time.perf_counter())
        with sqlite_timelimit(conn, time_limit_ms):
            plan = spelling.prepare(conn, query)
            q = plan.query
            selected = matches.Matches(conn, plan)
            total = selected.count()
            if page > page_count(total):
                # beyond the last page: the caller redirects
                return Found(total, None, {}, plan, [], [])
            sql, params = selected.rows_sql(PAGE_SIZE, (page - 1) * PAGE_SIZE)
            found = site_data.attach_codes(conn, fetch_rows(conn, sql, params))
            counts = _facet_counts(selected, cb)
            tokens = selected.tokens
            labels = suggest.label_filters(conn, q, tokens) if page == 1 else []
            relax = suggest.relaxations(conn, q, tokens) if not total else []
            return Found(total, found, counts, plan, labels, relax)

    try:
        out = await db.execute_fn(run)
    except sqlite3.OperationalError as exc:
        # An interrupt inside FTS5's setup surfaces as "vtable constructor failed".
        ran = time.perf_counter() - started[0] if started else 0.0
        if "interrupted" in str(exc) or ran >= time_limit_ms / 1000:
            raise QueryInterrupted(exc, "search page", {}) from None
        raise
    if out.results is not None:
        out.results = [result_row(cb, r, out.plan.query.q) for r in out.results]
    return out


def label_links(cb, query: search.Query, found: list[dict]) -> list[dict[str, Any]]:
    """ "Filter op Energietransitie (24)": the code filter, replacing the words that named it."""
    return [
        {
            "label": value_label(cb, f["name"], f["code"]),
            "count": f["count"],
            "url": cb.url(
                "/zoeken", [p for p in state_pairs(query) if p[0] != "q"] + [(f["name"], f["code"])]
            ),
        }
        for f in found
    ]


def relaxation_links(cb, query: search.Query, found: list[dict]) -> list[dict[str, Any]]:
    """ "Zonder 'warmtenet': 15 cases" for each filter or word a search without results could
    drop. A filter's link is the same URL as its "remove" link in `active_filters`."""
    out = []
    for r in found:
        if r["name"] == "years":
            what = f"{cb.t('facet_years')} = {years.label(cb, query)}"
        elif r["kind"] == "filter":
            facet = cb.t("facet_" + r["name"])
            what = f"{facet} = {value_label(cb, r['name'], r['value'])}"
        else:
            what = f"‘{r['value']}’"
        out.append(
            {
                "kind": r["kind"],
                "what": what,
                "count": r["count"],
                "url": results_url(cb, state_pairs(r["query"])),
            }
        )
    return out


def page_count(total: int, size: int | None = None) -> int:
    return max(1, -(-total // (size or PAGE_SIZE)))


def pagination(
    cb,
    path: str,
    pairs: list[tuple[str, str]],
    page: int,
    total: int,
    size: int | None = None,
    fragment: str = "",
) -> dict[str, str | int | None]:
    """The pager of a list of `size` (default PAGE_SIZE) per page: the range shown ("21–40" of
    `total`) and links to the first, previous, next and last page (None where they would point
    to the page itself)."""
    size = size or PAGE_SIZE
    pages = page_count(total, size)

    def link(n: int) -> str:
        url = cb.url(path, pairs + ([("page", str(n))] if n > 1 else []))
        return url + (f"#{fragment}" if fragment else "")

    return {
        "page": page,
        "pages": pages,
        "page_url": link(page),
        "total": total,
        "first": min((page - 1) * size + 1, total),
        "last": min(page * size, total),
        "first_url": link(1) if page > 1 else None,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
        "last_url": link(pages) if page < pages else None,
    }


def search_pagination(cb, query: search.Query, page: int, total: int) -> dict:
    return pagination(cb, "/zoeken", state_pairs(query), page, total, fragment=RESULTS)


async def by_meaning(db, cb, query: search.Query, found: list[dict]) -> list[dict[str, Any]]:
    """Cases close in meaning to the query's words (any language), within its filters, that
    the word search did not find; shown under the results when these are few."""
    if not await db.execute_fn(lambda conn: bool(similar.index_for(conn).ids)):
        return []  # built without similar cases: do not load the model for nothing
    # embedding is CPU work in numpy: off the event loop, and outside the SQL threads
    loop = asyncio.get_running_loop()
    try:
        vector = (await loop.run_in_executor(None, similar.encode, [query.q]))[0]
    except MemoryError:
        # under a tight memory cap the model may not load: the word results still stand
        return []
    filters = search.where(query.filters_only())

    def run(conn: sqlite3.Connection) -> list[dict]:
        close = similar.by_meaning(conn, vector, [r["id"] for r in found], filters)
        if not close:
            return []
        ids = {cid: score for cid, score in close}
        marks = ", ".join(f":id{i}" for i in range(len(ids)))
        params = {f"id{i}": cid for i, cid in enumerate(ids)}
        rows = {
            r["id"]: r
            for r in fetch_rows(conn, f"select c.* from cases c where c.id in ({marks})", params)
        }
        ordered = [rows[cid] | {"score": score} for cid, score in close if cid in rows]
        return site_data.attach_codes(conn, ordered)

    return [result_row(cb, r, "") for r in await db.execute_fn(run)]
