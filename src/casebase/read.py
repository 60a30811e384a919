"""The one read model: cases, lessons and collections as plain dicts, read from the built database.

Both the site's case page and the suppliers' API render the record that `records()` returns,
so they show the same facts in the same order, with labels from one place (`labels.Labels`:
the vocabulary tables built into the database). Plain functions over a `sqlite3.Connection`
(Datasette runs them through `execute_fn`), testable without a server. Records are loaded in
batches: one query per table for any number of cases, which keeps the bulk exports fast.
`link(path)` turns a site path into an absolute URL.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from . import fields, similar
from .labels import Labels

STALE_AFTER_DAYS = 365  # a running or pending case unchecked for longer is to be re-checked


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


Link = Callable[[str], str]
CASE_PAGE = "/case/{}"  # the site's human page of a case


def case_url(link: Link, case_id: str, lang: str) -> str:
    return link(CASE_PAGE.format(case_id) + ("?_lang=en" if lang == "en" else ""))


def _number(value: float | None) -> float | int | None:
    # Amounts are stored as REAL; 1500000.0 reads better (and round-trips the YAML) as 1500000.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _grouped(conn, sql: str, ids: list[str], key: str = "case_id") -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows(conn, sql, {"ids": json.dumps(ids)}):
        out[row[key]].append(row)
    return out


_IDS = "(select value from json_each(:ids))"


def _codes(conn, labels: Labels, ids: list[str], name: str) -> dict[str, list[dict]]:
    table = fields.BY_FACET[name].table
    grouped = _grouped(
        conn,
        f"select case_id, [{name}] as code from [{table}] where case_id in {_IDS} order by case_id, position",
        ids,
    )
    return {cid: [labels.code(name, r["code"]) for r in rs] for cid, rs in grouped.items()}


def summaries(
    conn: sqlite3.Connection, case_rows: list[dict], labels: Labels, link: Link
) -> list[dict[str, Any]]:
    """List items for rows of the `cases` table, in the given order."""
    ids = [r["id"] for r in case_rows]
    inst = _codes(conn, labels, ids, "instrument")
    chal = _codes(conn, labels, ids, "challenge")
    return [
        _summary(r, labels, link, inst.get(r["id"], []), chal.get(r["id"], [])) for r in case_rows
    ]


def _summary(r: dict, labels: Labels, link: Link, instruments, challenges) -> dict[str, Any]:
    return {
        "id": r["id"],
        "url": case_url(link, r["id"], labels.lang),
        "api_url": link(f"/api/v1/cases/{r['id']}"),
        "title": r["title"],
        "title_en": r["title_en"],
        "summary": r["summary"],
        "summary_en": r["summary_en"],
        "country": r["country"],
        "buyer_names": r["buyer_names"].split("; ") if r["buyer_names"] else [],
        "status": labels.code("status", r["status"]),
        "outcome": labels.code("outcome", r["outcome"]),
        "procedure": labels.code("procedure", r["procedure"]),
        "year_start": r["year_start"],
        "year_end": r["year_end"],
        "instruments": instruments,
        "challenges": challenges,
        "last_reviewed": r["last_reviewed"],
    }


def is_stale(status: str | None, outcome: str | None, last_reviewed: str, today: dt.date) -> bool:
    """A running or pending case whose last check is more than a year old."""
    if status != "running" and outcome != "pending":
        return False
    try:
        reviewed = dt.date.fromisoformat(last_reviewed)
    except (TypeError, ValueError):
        return True
    return (today - reviewed).days > STALE_AFTER_DAYS


def records(
    conn: sqlite3.Connection,
    ids: list[str],
    labels: Labels,
    link: Link,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Full nested records of the given case ids (unknown ids are skipped), in `ids` order."""
    today = today or dt.date.today()
    params = {"ids": json.dumps(ids)}
    cases = {r["id"]: r for r in rows(conn, f"select * from cases where id in {_IDS}", params)}

    def per_case(table: str, order: str = "position") -> dict[str, list[dict]]:
        return _grouped(
            conn, f"select * from [{table}] where case_id in {_IDS} order by case_id, {order}", ids
        )

    buyers, participants = per_case("case_buyers"), per_case("case_participants")
    sources, lessons, events = per_case("sources"), per_case("lessons"), per_case("events")
    citations = per_case("citations", "fact")
    identifiers = per_case("identifiers", "rowid")
    codes = {name: _codes(conn, labels, ids, name) for name in fields.CODE_LISTS.values()}
    outgoing = _grouped(
        conn,
        "select l.case_id, l.target_id as other, l.relation, c.title, c.title_en from case_links l "
        f"join cases c on c.id = l.target_id where l.case_id in {_IDS} order by l.case_id, l.position",
        ids,
    )
    incoming = _grouped(
        conn,
        "select l.target_id as case_id, l.case_id as other, l.relation, c.title, c.title_en "
        f"from case_links l join cases c on c.id = l.case_id where l.target_id in {_IDS} "
        "order by l.target_id, l.case_id, l.position",
        ids,
    )
    close = _similar(conn, ids, similar.SHOWN)
    collections = _grouped(
        conn,
        "select m.case_id, m.collection_id, m.position, c.title, c.title_en "
        f"from collection_cases m join collections c on c.id = m.collection_id "
        f"where m.case_id in {_IDS} order by m.case_id, c.id",
        ids,
    )
    out = []
    for cid in ids:
        if cid not in cases:
            continue
        row = cases[cid]
        numbers = {s["key"]: s["position"] + 1 for s in sources.get(cid, []) if s["key"]}
        cite = _citer(numbers)
        record = _record(row, labels, link)
        record["stale"] = is_stale(row["status"], row["outcome"], row["last_reviewed"], today)
        record["citations"] = {c["fact"]: cite(c) for c in citations.get(cid, [])}
        record["buyers"] = [
            _organisation(b, labels, BUYER_CODES) | cite(b) for b in buyers.get(cid, [])
        ]
        record["participants"] = [
            _organisation(p, labels, PARTICIPANT_CODES) | cite(p) for p in participants.get(cid, [])
        ]
        for key, name in fields.CODE_LISTS.items():
            record[key] = codes[name].get(cid, [])
        record["events"] = [_event(e, labels) | cite(e) for e in events.get(cid, [])]
        record["lessons"] = [_lesson(le, labels) | cite(le) for le in lessons.get(cid, [])]
        record["related"] = [_link(r, labels, link) for r in outgoing.get(cid, [])]
        record["referenced_by"] = [
            _link(r, labels, link, incoming=True) for r in incoming.get(cid, [])
        ]
        record["similar"] = [_similar_case(r, labels, link) for r in close.get(cid, [])]
        record["sources"] = [
            {"number": s["position"] + 1}
            | {k: s[k] for k in ("key", "url", "title", "publisher", "date")}
            for s in sources.get(cid, [])
        ]
        ids_of_case = identifiers.get(cid, [])
        record["identifiers"] = [{k: i[k] for k in ("scheme", "value", "url")} for i in ids_of_case]
        record["cpv"] = [i["value"] for i in ids_of_case if i["scheme"] == "cpv"]
        record["collections"] = [
            {
                "id": c["collection_id"],
                "title": c["title"],
                "title_en": c["title_en"],
                "position": c["position"] + 1,
                "url": link(f"/collectie/{c['collection_id']}"),
                "api_url": link(f"/api/v1/collections/{c['collection_id']}"),
            }
            for c in collections.get(cid, [])
        ]
        out.append(record)
    return out


def _citer(numbers: dict[str, int]) -> Callable[[dict], dict[str, Any]]:
    """A citation as the record shows it: the source key, its number in the list, the quote."""

    def cite(row: dict) -> dict[str, Any]:
        key = row.get("source_key")
        if key is None:
            return {"source": None, "source_number": None, "quote": None}
        return {"source": key, "source_number": numbers.get(key), "quote": row["quote"]}

    return cite


def _record(r: dict, labels: Labels, link: Link) -> dict[str, Any]:
    value = None
    if r["value_eur"] is not None:
        value = {
            "amount_eur": _number(r["value_eur"]),
            "kind": labels.code("value_kind", r["value_kind"]),
            "covers": r["value_covers"],
            "covers_en": r["value_covers_en"],
        }
    record: dict[str, Any] = {
        "id": r["id"],
        "url": case_url(link, r["id"], labels.lang),
        "api_url": link(f"/api/v1/cases/{r['id']}"),
        "file": r["file"],
    }
    for f in fields.SCALARS:
        raw = r[f.col]
        record[f.name] = labels.code(f.vocabulary, raw) if f.vocabulary else raw
        if f.name == "procedure":
            record["ocds_procurement_method"] = labels.extra("procedure", raw, "ocds_method")
            record["eforms_procedure_type"] = labels.extra(
                "procedure", raw, "eforms_procedure_type"
            )
        elif f.name == "year_start":
            record["year_start_basis"] = r["year_start_basis"]
    record["value"] = value
    record["created"], record["updated"] = r["created"], r["updated"]
    return record


# The coded columns of a buyer and of a participant (each named as its vocabulary).
BUYER_CODES = ("buyer_type", "government_level")
PARTICIPANT_CODES = ("organisation_type", "role")


def _organisation(row: dict, labels: Labels, codes: tuple[str, ...]) -> dict[str, Any]:
    """A buyer or a participant: name, organisation id, country, and its codes with labels."""
    return {
        "name": row["name"],
        "organisation_id": row["organisation_id"],
        "country": row["country"],
        **{c: labels.code(c, row[c]) for c in codes},
    }


def _lesson(le: dict, labels: Labels) -> dict[str, Any]:
    return {
        "id": le["id"],
        "text": le["text"],
        "text_en": le["text_en"],
        "perspective": labels.code("perspective", le["perspective"]),
    }


def _event(e: dict, labels: Labels) -> dict[str, Any]:
    return {
        "date": e["date"],
        "kind": labels.code("event_kind", e["kind"]),
        "text": e["text"],
        "text_en": e["text_en"],
    }


def _link(r: dict, labels: Labels, link: Link, incoming: bool = False) -> dict[str, Any]:
    inverse = labels.extra("relation", r["relation"], f"inverse_{labels.lang}")
    return {
        "case": r["other"],
        "relation": labels.code("relation", r["relation"]),
        # an incoming link read from this side: "reuses" becomes "reused by"
        "relation_seen_from_here": inverse if incoming else None,
        "title": r["title"],
        "title_en": r["title_en"],
        "url": case_url(link, r["other"], labels.lang),
        "api_url": link(f"/api/v1/cases/{r['other']}"),
    }


def _similar(conn, ids: list[str], limit: int) -> dict[str, list[dict]]:
    return _grouped(
        conn,
        "select s.case_id, s.similar_id, s.score, c.title, c.title_en from similar_cases s "
        f"join cases c on c.id = s.similar_id where s.case_id in {_IDS} and s.position < "
        f"{int(limit)} order by s.case_id, s.position",
        ids,
    )


def _similar_case(r: dict, labels: Labels, link: Link) -> dict[str, Any]:
    return {
        "case": r["similar_id"],
        "score": r["score"],
        "title": r["title"],
        "title_en": r["title_en"],
        "url": case_url(link, r["similar_id"], labels.lang),
        "api_url": link(f"/api/v1/cases/{r['similar_id']}"),
    }


def similar_cases(
    conn: sqlite3.Connection, case_id: str, labels: Labels, link: Link, limit: int = similar.TOP
) -> list[dict[str, Any]]:
    """The cases closest in meaning to one case, best first (computed at build time)."""
    found = _similar(conn, [case_id], limit).get(case_id, [])
    return [_similar_case(r, labels, link) for r in found]


def lessons(
    conn: sqlite3.Connection, filters: dict[str, Any], labels: Labels, link: Link
) -> list[dict[str, Any]]:
    """All lessons matching perspective / instrument / challenge (AND), newest cases first.

    Free text (`q`) is applied by the caller, in Python, with the same stemming as search.
    """
    clauses, params = [], {}
    if filters.get("perspective"):
        clauses.append("l.perspective = :perspective")
        params["perspective"] = filters["perspective"]
    for name in ("instrument", "challenge"):
        table = fields.BY_FACET[name].table
        for n, code in enumerate(filters.get(name, [])):
            clauses.append(
                f"l.case_id in (select case_id from [{table}] where [{name}] = :{name}{n})"
            )
            params[f"{name}{n}"] = code
    sql = (
        "select l.*, c.title as case_title, c.title_en as case_title_en from lessons l "
        f"join cases c on c.id = l.case_id where {' and '.join(clauses) or '1'} "
        "order by c.year_start desc, l.case_id, l.position"
    )
    return [
        {
            **_lesson(r, labels),
            "source": r["source_key"],
            "quote": r["quote"],
            "case_id": r["case_id"],
            "case_title": r["case_title"],
            "case_title_en": r["case_title_en"],
            "url": case_url(link, r["case_id"], labels.lang),
            "api_url": link(f"/api/v1/cases/{r['case_id']}"),
        }
        for r in rows(conn, sql, params)
    ]


def collections(conn: sqlite3.Connection, link: Link) -> list[dict[str, Any]]:
    return [_collection(r, link) for r in rows(conn, "select * from collections order by id")]


def collection(conn: sqlite3.Connection, collection_id: str, link: Link) -> dict | None:
    found = rows(conn, "select * from collections where id = ?", [collection_id])
    if not found:
        return None
    out = _collection(found[0], link)
    out["case_ids"] = [
        r["case_id"]
        for r in rows(
            conn,
            "select case_id from collection_cases where collection_id = ? order by position",
            [collection_id],
        )
    ]
    return out


def _collection(r: dict, link: Link) -> dict[str, Any]:
    return {
        "id": r["id"],
        "title": r["title"],
        "title_en": r["title_en"],
        "introduction": r["introduction_markdown"],
        "introduction_en": r["introduction_en_markdown"],
        "case_count": r["case_count"],
        "api_url": link(f"/api/v1/collections/{r['id']}"),
    }
