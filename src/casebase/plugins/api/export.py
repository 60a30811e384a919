"""The flat CSV export of the API: one row per case record (from the read model)."""

from __future__ import annotations

from typing import Any

from ... import fields

# The scalar fields come from the registry (in its order); the rest flattens the lists.
CSV_COLUMNS = [
    "id", "url", *(f.name for f in fields.SCALARS if f.csv),
    "year_start_basis", "ocds_procurement_method", "eforms_procedure_type",
    "buyers", "buyer_types", "government_levels", "participants", "instruments", "challenges",
    "techniques", "value_eur", "value_kind", "cpv", "ted", "tenderned", "ocid", "source_urls",
    "lesson_count", "event_count", "stale", "created", "updated",
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
        **{f.name: codes([record[f.name]]) for f in fields.SCALARS if f.vocabulary},
        "value_eur": value.get("amount_eur"),
        "value_kind": codes([value.get("kind")]),
        "cpv": "; ".join(record["cpv"]),
        "ted": scheme("ted"),
        "tenderned": scheme("tenderned"),
        "ocid": scheme("ocid"),
        "source_urls": "; ".join(s["url"] for s in record["sources"]),
        "lesson_count": len(record["lessons"]),
        "event_count": len(record["events"]),
    }
    return ["" if flat[c] is None else flat[c] for c in CSV_COLUMNS]
