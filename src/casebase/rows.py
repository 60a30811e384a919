"""Pure functions from validated case and collection data to database rows.

No I/O here: `case_rows(data, ...)` returns the rows of every table for one case, so the
mapping from YAML to tables can be tested without a database or a server.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from . import fields, notices, vocab


def slug(name: str) -> str:
    """Organisation id from its name: 'Gemeente Den Haag' -> 'gemeente-den-haag'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "organisatie"


government_level = fields.government_level


def start_year(d: dict[str, Any]) -> tuple[int | None, str | None]:
    """The start year and its basis: a cited `year_start`, else the earliest dated event."""
    if d.get("year_start") is not None:
        return d["year_start"], "source"
    years = [int(e["date"][:4]) for e in d.get("events") or []]
    return (min(years), "event") if years else (None, None)


def _cite(item: dict[str, Any]) -> dict[str, Any]:
    return {"source_key": item.get("source"), "quote": item.get("quote")}


def case_rows(
    d: dict[str, Any], file: str = "", dates: tuple[str, str] | None = None
) -> dict[str, list[dict]]:
    """Rows for every table from one case (already validated). Keys are table names."""
    cid = d["id"]
    value = d.get("value") or {}
    buyers = d["buyers"]
    participants = d.get("participants") or []
    lessons = d.get("lessons") or []
    events = d.get("events") or []
    created, updated = dates or (None, None)
    year, basis = start_year(d)
    case = {
        "id": cid,
        **fields.scalar_row(d),
        "year_start": year,
        "year_start_basis": basis,
        "buyer_names": "; ".join(b["name"] for b in buyers),
        "value_eur": value.get("amount_eur"),
        "value_kind": value.get("kind"),
        "value_covers": value.get("covers"),
        "value_covers_en": value.get("covers_en"),
        "created": created,
        "updated": updated,
        "source_count": len(d["sources"]),
        "lesson_count": len(lessons),
        "event_count": len(events),
        "file": file,
    }
    # Organisation names as written in this case; the `organisations` table is derived from
    # these mentions in SQL, so it does not depend on the order in which cases are built.
    case_buyers = [
        {
            "case_id": cid,
            "position": i,
            "organisation_id": slug(b["name"]),
            "name": b["name"],
            "country": b.get("country", d["country"]),
            "buyer_type": b["buyer_type"],
            "government_level": government_level(b["buyer_type"]),
            **_cite(b),
        }
        for i, b in enumerate(buyers)
    ]
    case_participants = [
        {
            "case_id": cid,
            "position": i,
            "organisation_id": slug(p["name"]),
            "name": p["name"],
            "country": p.get("country"),
            "organisation_type": p["organisation_type"],
            "role": p["role"],
            **_cite(p),
        }
        for i, p in enumerate(participants)
    ]
    ids = d.get("identifiers") or {}
    identifiers = []
    for scheme in ("cpv", "ted", "tenderned", "ocid", "eforms_procedure_id"):
        values = ids.get(scheme) or []
        for v in [values] if isinstance(values, str) else values:
            url = notices.notice_url(scheme, v)
            identifiers.append({"case_id": cid, "scheme": scheme, "value": v, "url": url})
    code_lists = {
        fields.BY_FACET[facet].table: _m2m(cid, facet, d.get(key) or [])
        for key, facet in fields.CODE_LISTS.items()
    }
    return {
        "cases": [case],
        "case_buyers": case_buyers,
        "case_participants": case_participants,
        **code_lists,
        "sources": [
            {
                "case_id": cid,
                "position": i,
                "key": s.get("key"),
                "url": s["url"],
                "title": s.get("title"),
                "publisher": s.get("publisher"),
                "date": s.get("date"),
            }
            for i, s in enumerate(d["sources"])
        ],
        "citations": [
            {"case_id": cid, "fact": fact, **_cite(c)}
            for fact, c in (d.get("cite") or {}).items()
            if d.get(fact) is not None
        ],
        "events": [
            {
                "case_id": cid,
                "position": i,
                "date": e["date"],
                "kind": e["kind"],
                "text": e["text"],
                "text_en": e.get("text_en"),
                **_cite(e),
            }
            for i, e in enumerate(events)
        ],
        "lessons": [
            {
                "id": f"{cid}/{i + 1}",
                "case_id": cid,
                "position": i,
                "text": le["text"],
                "text_en": le.get("text_en"),
                "perspective": le.get("perspective"),
                **_cite(le),
            }
            for i, le in enumerate(lessons)
        ],
        "case_links": [
            {"case_id": cid, "position": i, "target_id": r["case"], "relation": r["relation"]}
            for i, r in enumerate(d.get("related") or [])
        ],
        "identifiers": identifiers,
    }


def indexed_case_rows(
    d: dict[str, Any], rowid: int, file: str = "", dates: tuple[str, str] | None = None
) -> dict[str, list[dict]]:
    """`case_rows` plus the facet-token row, tied to the case's rowid (the rowid joins `cases`
    to `case_facet_keys` and to the full-text indexes, which `fulltext.index_text` fills)."""
    out = case_rows(d, file, dates)
    out["cases"][0]["rowid"] = rowid
    out["case_facet_keys"] = [{"case_rowid": rowid, "keys": facet_keys(d)}]
    return out


def _m2m(cid: str, column: str, codes: list[str]) -> list[dict]:
    return [{"case_id": cid, column: code, "position": i} for i, code in enumerate(codes)]


def facet_keys(d: dict[str, Any]) -> str:
    """Every facet value of a case as `name=value` tokens (see `fields.facet_keys`)."""
    return fields.facet_keys(d, start_year(d)[0])


def collection_rows(d: dict[str, Any]) -> dict[str, list[dict]]:
    return {
        "collections": [
            {
                "id": d["id"],
                "title": d["title"],
                "title_en": d["title_en"],
                "introduction_markdown": d["introduction"],
                "introduction_en_markdown": d["introduction_en"],
                "case_count": len(d["cases"]),
            }
        ],
        "collection_cases": [
            {"collection_id": d["id"], "case_id": c, "position": i}
            for i, c in enumerate(d["cases"])
        ],
    }


def vocabulary_rows() -> dict[str, list[dict]]:
    """One table per vocabulary: code, label_nl, label_en, definition_nl, definition_en, extras."""
    out = {}
    for name, table in vocab.TABLES.items():
        rows = []
        for i, term in enumerate(vocab.vocabularies()[name]["terms"]):
            row = {
                "code": term["code"],
                "label_nl": term["label_nl"],
                "label_en": term["label_en"],
                "definition_nl": term.get("definition_nl"),
                "definition_en": term.get("definition_en"),
                "position": i,
            }
            for key, val in term.items():
                if key not in row:
                    row[key] = ", ".join(map(str, val)) if isinstance(val, list) else val
            rows.append(row)
        out[table] = rows
    return out
