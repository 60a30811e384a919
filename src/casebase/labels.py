"""Codes with their labels, as built into a database: what every reader shows for a code.

A code is returned as `{"code", "label", "label_nl", "label_en"}`, where `label` is in the
page's or the request's language. The labels come from the vocabulary tables of the database
(built from vocabularies.yml), so a page and the API show the labels of the data they read.
"""

from __future__ import annotations

import sqlite3

from . import vocab


class Labels:
    """Vocabulary labels as built into this database (loaded once per request)."""

    def __init__(self, conn: sqlite3.Connection, lang: str):
        self.lang = lang
        self.terms: dict[str, dict[str, dict]] = {}
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row  # on this cursor only: the connection may be Datasette's
        for name, table in vocab.TABLES.items():
            found = cursor.execute(f"select * from [{table}]")
            self.terms[name] = {r["code"]: dict(r) for r in found}

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
