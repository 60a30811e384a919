"""Case, lesson and collection records of the suppliers' API, read from the built database.

Plain functions over a `sqlite3.Connection` (the API runs them through Datasette's
`execute_fn`), so they are testable without a server. Records are loaded in batches: one query
per table for any number of cases, which keeps the bulk exports fast.

Every code is returned as `{"code", "label", "label_nl", "label_en"}`, where `label` is in the
requested language. `link(path)` turns a site path into an absolute URL.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ... import vocab
from ..web import rows

Link = Callable[[str], str]
CASE_PAGE = "/case/{}"  # the site's human page of a case


class Labels:
    """Vocabulary labels as built into this database (loaded once per request)."""

    def __init__(self, conn: sqlite3.Connection, lang: str):
        self.lang = lang
        self.terms: dict[str, dict[str, dict]] = {}
        for name, table in vocab.TABLES.items():
            self.terms[name] = {r["code"]: r for r in rows(conn, f"select * from [{table}]")}

    def code(self, name: str, code: str | None) -> dict[str, str] | None:
        if code is None:
            return None
        term = self.terms[name].get(code) or {"label_nl": code, "label_en": code}
        return {
            "code": code,
            "label": term[f"label_{self.lang}"],
            "label_nl": term["label_nl"],
            "label_en": term["label_en"],
        }

    def extra(self, name: str, code: str | None, column: str) -> str | None:
        return (self.terms[name].get(code) or {}).get(column) if code else None


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
    table = {"instrument": "case_instruments", "challenge": "case_challenges"}.get(
        name, "case_techniques"
    )
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


def records(
    conn: sqlite3.Connection, ids: list[str], labels: Labels, link: Link
) -> list[dict[str, Any]]:
    """Full nested records of the given case ids (unknown ids are skipped), in `ids` order."""
    params = {"ids": json.dumps(ids)}
    cases = {r["id"]: r for r in rows(conn, f"select * from cases where id in {_IDS}", params)}
    buyers = _grouped(
        conn,
        # name and country as this case gives them (organisations keeps one spelling per id)
        f"select b.* from case_buyers b where b.case_id in {_IDS} order by b.case_id, b.position",
        ids,
    )
    participants = _grouped(
        conn,
        f"select p.* from case_participants p where p.case_id in {_IDS} "
        "order by p.case_id, p.position",
        ids,
    )
    codes = {
        name: _codes(conn, labels, ids, name) for name in ("instrument", "challenge", "technique")
    }
    sources = _grouped(
        conn, f"select * from sources where case_id in {_IDS} order by case_id, position", ids
    )
    lessons = _grouped(
        conn, f"select * from lessons where case_id in {_IDS} order by case_id, position", ids
    )
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
    identifiers = _grouped(
        conn, f"select * from identifiers where case_id in {_IDS} order by case_id, rowid", ids
    )
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
        record = _record(cases[cid], labels, link)
        record["buyers"] = [_buyer(b, labels) for b in buyers.get(cid, [])]
        record["participants"] = [_participant(p, labels) for p in participants.get(cid, [])]
        record["instruments"] = codes["instrument"].get(cid, [])
        record["challenges"] = codes["challenge"].get(cid, [])
        record["techniques"] = codes["technique"].get(cid, [])
        record["lessons"] = [_lesson(le, labels) for le in lessons.get(cid, [])]
        record["related"] = [_link(r, labels, link) for r in outgoing.get(cid, [])]
        record["referenced_by"] = [_link(r, labels, link) for r in incoming.get(cid, [])]
        record["sources"] = [
            {k: s[k] for k in ("url", "title", "publisher", "date")} for s in sources.get(cid, [])
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
                "api_url": link(f"/api/v1/collections/{c['collection_id']}"),
            }
            for c in collections.get(cid, [])
        ]
        out.append(record)
    return out


def _record(r: dict, labels: Labels, link: Link) -> dict[str, Any]:
    value = None
    if r["value_eur"] is not None:
        value = {
            "amount_eur": _number(r["value_eur"]),
            "kind": labels.code("value_kind", r["value_kind"]),
            "covers": r["value_covers"],
            "covers_en": r["value_covers_en"],
        }
    return {
        "id": r["id"],
        "url": case_url(link, r["id"], labels.lang),
        "api_url": link(f"/api/v1/cases/{r['id']}"),
        "file": r["file"],
        "title": r["title"],
        "title_en": r["title_en"],
        "summary": r["summary"],
        "summary_en": r["summary_en"],
        "description": r["description_markdown"],
        "description_en": r["description_en_markdown"],
        "language": r["language"],
        "country": r["country"],
        "place": r["place"],
        "procedure": labels.code("procedure", r["procedure"]),
        "ocds_procurement_method": labels.extra("procedure", r["procedure"], "ocds_method"),
        "eforms_procedure_type": labels.extra("procedure", r["procedure"], "eforms_procedure_type"),
        "legal_basis": r["legal_basis"],
        "status": labels.code("status", r["status"]),
        "outcome": labels.code("outcome", r["outcome"]),
        "year_start": r["year_start"],
        "year_end": r["year_end"],
        "value": value,
        "confidence": labels.code("confidence", r["confidence"]),
        "review_note": r["review_note"],
        "last_reviewed": r["last_reviewed"],
        "created": r["created"],
        "updated": r["updated"],
    }


def _buyer(b: dict, labels: Labels) -> dict[str, Any]:
    return {
        "name": b["name"],
        "organisation_id": b["organisation_id"],
        "country": b["country"],
        "buyer_type": labels.code("buyer_type", b["buyer_type"]),
        "government_level": labels.code("government_level", b["government_level"]),
    }


def _participant(p: dict, labels: Labels) -> dict[str, Any]:
    return {
        "name": p["name"],
        "organisation_id": p["organisation_id"],
        "country": p["country"],
        "organisation_type": labels.code("organisation_type", p["organisation_type"]),
        "role": labels.code("role", p["role"]),
    }


def _lesson(le: dict, labels: Labels) -> dict[str, Any]:
    return {
        "id": le["id"],
        "text": le["text"],
        "text_en": le["text_en"],
        "perspective": labels.code("perspective", le["perspective"]),
    }


def _link(r: dict, labels: Labels, link: Link) -> dict[str, Any]:
    return {
        "case": r["other"],
        "relation": labels.code("relation", r["relation"]),
        "title": r["title"],
        "title_en": r["title_en"],
        "url": case_url(link, r["other"], labels.lang),
        "api_url": link(f"/api/v1/cases/{r['other']}"),
    }


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
    for name, table in (("instrument", "case_instruments"), ("challenge", "case_challenges")):
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


CSV_COLUMNS = [
    "id", "url", "title", "title_en", "summary", "summary_en", "country", "place",
    "buyers", "buyer_types", "government_levels", "participants", "instruments", "challenges",
    "techniques", "procedure", "ocds_procurement_method", "eforms_procedure_type", "legal_basis",
    "status", "outcome", "year_start", "year_end", "value_eur", "value_kind", "cpv", "ted",
    "tenderned", "ocid", "source_urls", "lesson_count", "confidence", "last_reviewed",
    "created", "updated",
]  # fmt: skip


def csv_row(record: dict[str, Any]) -> list[Any]:
    """One flat CSV row: codes (not labels) for coded fields, several values joined by '; '."""

    def codes(items) -> str:
        return "; ".join(dict.fromkeys(i["code"] for i in items if i))

    def scheme(name: str) -> str:
        return "; ".join(i["value"] for i in record["identifiers"] if i["scheme"] == name)

    value = record["value"] or {}
    flat = {
        **record,
        "buyers": "; ".join(b["name"] for b in record["buyers"]),
        "buyer_types": codes(b["buyer_type"] for b in record["buyers"]),
        "government_levels": codes(b["government_level"] for b in record["buyers"]),
        "participants": "; ".join(p["name"] for p in record["participants"]),
        "instruments": codes(record["instruments"]),
        "challenges": codes(record["challenges"]),
        "techniques": codes(record["techniques"]),
        "procedure": codes([record["procedure"]]),
        "status": codes([record["status"]]),
        "outcome": codes([record["outcome"]]),
        "confidence": codes([record["confidence"]]),
        "value_eur": value.get("amount_eur"),
        "value_kind": codes([value.get("kind")]),
        "cpv": "; ".join(record["cpv"]),
        "ted": scheme("ted"),
        "tenderned": scheme("tenderned"),
        "ocid": scheme("ocid"),
        "source_urls": "; ".join(s["url"] for s in record["sources"]),
        "lesson_count": len(record["lessons"]),
    }
    return ["" if flat[c] is None else flat[c] for c in CSV_COLUMNS]
