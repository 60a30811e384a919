"""Read-only queries behind the site's pages (home, case, collection, glossary, lessons, feeds).

Every request value is a bound parameter; table and column names come from fixed whitelists.
Functions return plain dicts so templates and tests need no sqlite3 types. Pages that need
many small lookups (home, case) run them in one `execute_fn` call: under load every separate
query waits for a free SQL thread, and a case page has twelve. `execute_fn` has no time limit;
these are lookups by key on indexed columns whose cost no request value can raise.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from typing import Any

from ... import fields, read, search
from ...labels import Labels
from ..web import rows as fetch_rows

# Glossary vocabularies: name -> (m2m table or None for a cases column, column).
GLOSSARY = {
    "instrument": ("case_instruments", "instrument"),
    "procedure": (None, "procedure"),
    "challenge": ("case_challenges", "challenge"),
}
# Feeds exist per instrument and per challenge.
FEED_VOCABS = {"instrument": "case_instruments", "challenge": "case_challenges"}

# What a case card may show: every scalar field of the registry but the long Markdown texts,
# so that a field added to `fields` reaches the cards on every list page, not only on search.
CASE_LIST_COLUMNS = ", ".join(
    ["c.id"]
    + [f"c.{f.col}" for f in fields.SCALARS if not f.col.endswith("_markdown")]
    + ["c.buyer_names", "c.created", "c.updated"]
)


async def rows(db, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    result = await db.execute(sql, params or {})
    return [dict(r) for r in result.rows]


async def add_codes(db, cases: list[dict]) -> list[dict]:
    """Attach `instruments` and `challenges` code lists to each case dict, in file order."""
    return await db.execute_fn(lambda conn: attach_codes(conn, cases))


def attach_codes(conn: sqlite3.Connection, cases: list[dict]) -> list[dict]:
    """`add_codes` inside a SQL thread."""
    if not cases:
        return cases
    ids = {c["id"]: c for c in cases}
    marks = ", ".join(f":id{i}" for i in range(len(ids)))
    params = {f"id{i}": cid for i, cid in enumerate(ids)}
    for table, column, key in (
        ("case_instruments", "instrument", "instruments"),
        ("case_challenges", "challenge", "challenges"),
    ):
        for c in cases:
            c[key] = []
        sql = f"select case_id, [{column}] as code from [{table}] where case_id in ({marks}) order by case_id, position"
        for r in fetch_rows(conn, sql, params):
            ids[r["case_id"]][key].append(r["code"])
    return cases


async def home(db) -> dict[str, Any]:
    return await db.execute_fn(_home)


def _home(conn: sqlite3.Connection) -> dict[str, Any]:
    total = conn.execute("select count(*) from cases").fetchone()[0]
    q = partial(fetch_rows, conn)
    return {
        "total": total,
        # counts over all cases are precomputed at build time (facet_counts)
        "challenges": q(
            "select value as code, count from facet_counts where facet = 'challenges' "
            "order by count desc, value",
        ),
        "instruments": q(
            "select value as code, count from facet_counts where facet = 'instruments' "
            "order by count desc, value",
        ),
        "years": q(
            "select value as year, count from facet_counts where facet = 'year_start' order by value",
        ),
        "collections": q("select * from collections order by title"),
        "recent": attach_codes(
            conn,
            q(
                f"select {CASE_LIST_COLUMNS} from cases c "
                "order by max(c.last_reviewed, coalesce(c.updated, '')) desc, c.id limit 6",
            ),
        ),
    }


async def case(db, case_id: str, lang: str, link) -> dict[str, Any] | None:
    """The case as the read model gives it (the same record as the API's), or None."""

    def one(conn: sqlite3.Connection) -> dict[str, Any] | None:
        found = read.records(conn, [case_id], Labels(conn, lang), link)
        return found[0] if found else None

    return await db.execute_fn(one)


async def cases(db, ids: list[str], lang: str, link) -> list[dict[str, Any]]:
    """Full records of these cases from the read model, in the given order (a dossier)."""
    return await db.execute_fn(lambda conn: read.records(conn, ids, Labels(conn, lang), link))


async def collection(db, collection_id: str) -> dict[str, Any] | None:
    found = await rows(db, "select * from collections where id = :id", {"id": collection_id})
    if not found:
        return None
    k = found[0]
    k["cases"] = await add_codes(
        db,
        await rows(
            db,
            f"select {CASE_LIST_COLUMNS} from collection_cases cc join cases c on c.id = cc.case_id "
            "where cc.collection_id = :id order by cc.position",
            {"id": collection_id},
        ),
    )
    return k


async def collections(db) -> list[dict[str, Any]]:
    return await rows(db, "select * from collections order by title")


async def term_cases(db, vocabulary: str, code: str) -> list[dict[str, Any]]:
    """Cases that use a glossary term, newest first."""
    table, column = GLOSSARY[vocabulary]
    if table is None:
        where = f"c.[{column}] = :code"
    else:
        where = f"c.id in (select case_id from [{table}] where [{column}] = :code)"
    return await add_codes(
        db,
        await rows(
            db,
            f"select {CASE_LIST_COLUMNS} from cases c where {where} order by c.year_start desc, c.id",
            {"code": code},
        ),
    )


async def term_counts(db, vocabulary: str) -> dict[str, int]:
    table, column = GLOSSARY[vocabulary]
    source = table or "cases"
    key = "case_id" if table else "id"
    found = await rows(
        db,
        f"select [{column}] as code, count(distinct {key}) as n from [{source}] group by [{column}]",
    )
    return {r["code"]: r["n"] for r in found if r["code"]}


LESSON_FILTERS = {
    "perspective": "l.perspective = :{p}",
    "instrument": "l.case_id in (select case_id from case_instruments where instrument = :{p})",
    "challenge": "l.case_id in (select case_id from case_challenges where challenge = :{p})",
}


def lessons_where(filters: dict[str, str]) -> tuple[str, dict]:
    clauses, params = [], {}
    for name, template in LESSON_FILTERS.items():
        if filters.get(name):
            clauses.append(template.format(p=name))
            params[name] = filters[name]
    return " and ".join(clauses) or "1", params


async def lessons(db, filters: dict[str, str], limit: int, offset: int) -> tuple[int, list[dict]]:
    where, params = lessons_where(filters)
    total = (await db.execute(f"select count(*) from lessons l where {where}", params)).first()[0]
    found = await rows(
        db,
        "select l.*, c.title, c.title_en, c.year_start from lessons l join cases c on c.id = l.case_id "
        f"where {where} order by c.year_start desc, l.case_id, l.position limit :limit offset :offset",
        {**params, "limit": limit, "offset": offset},
    )
    return total, found


# What each lessons filter counts by: the code column and the table joined to reach it.
LESSON_COUNTS = {
    "perspective": ("l.perspective", ""),
    "instrument": ("m.instrument", "join case_instruments m on m.case_id = l.case_id"),
    "challenge": ("m.challenge", "join case_challenges m on m.case_id = l.case_id"),
}


async def lesson_counts(db, filters: dict[str, str], name: str) -> dict[str, int]:
    """Lessons per code of filter `name`, with the other filters applied (as a facet counts)."""
    column, join = LESSON_COUNTS[name]
    where, params = lessons_where({k: v for k, v in filters.items() if k != name})
    found = await rows(
        db,
        f"select {column} as code, count(distinct l.id) as n from lessons l {join} "
        f"where {where} and {column} is not null group by 1",
        params,
    )
    return {r["code"]: r["n"] for r in found}


async def feed_cases(
    db, vocabulary: str | None = None, code: str | None = None, query: search.Query | None = None
) -> list[dict]:
    """The 50 most recently changed cases, optionally only those with one instrument/challenge
    or those a search finds."""
    where, params = "1", {}
    if query is not None:
        where, params = search.where(query)
    elif vocabulary:
        where = f"c.id in (select case_id from [{FEED_VOCABS[vocabulary]}] where [{vocabulary}] = :code)"
        params = {"code": code}
    return await rows(
        db,
        f"select {CASE_LIST_COLUMNS} from cases c where {where} "
        "order by max(coalesce(c.updated, ''), c.last_reviewed) desc, c.id limit 50",
        params,
    )


async def sitemap(db) -> dict[str, list[dict]]:
    return {
        "cases": await rows(
            db,
            "select id, max(coalesce(updated, ''), last_reviewed) as lastmod from cases order by id",
        ),
        "collections": await rows(db, "select id from collections order by id"),
    }
