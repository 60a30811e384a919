"""The flat CSV export of the API: one row per case record (from the read model).

Two dialects: plain CSV (comma, UTF-8) and `excel`: semicolon-separated, UTF-8 with a byte-order
mark and CRLF, which Excel with Dutch (or other comma-decimal) settings opens as columns, with
accents intact. Coded fields hold their codes, or with `labels` their labels in the record's
language.
"""

from __future__ import annotations

import csv
import io
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


BOM = "\ufeff"


class Dialect:
    """How the CSV is written: separator, and the text that opens the file."""

    def __init__(self, excel: bool = False) -> None:
        self.excel = excel
        self.delimiter = ";" if excel else ","
        self.start = BOM if excel else ""

    def line(self, values: list[Any]) -> str:
        if self.excel:  # a decimal comma, as the settings that split on semicolons expect
            values = [str(v).replace(".", ",") if isinstance(v, float) else v for v in values]
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n").writerow(values)
        return out.getvalue()


def csv_row(record: dict[str, Any], labels: bool = False) -> list[Any]:
    """One flat CSV row: codes (or with `labels` their labels, in the language the record was
    read in) for coded fields, several values joined by '; '."""
    key = "label" if labels else "code"

    def codes(items) -> str:
        return "; ".join(dict.fromkeys(i[key] for i in items if i))

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
