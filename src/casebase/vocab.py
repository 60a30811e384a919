"""The controlled vocabularies: loaded from `vocabularies.yml`, the single data file for codes,
labels (nl/en) and definitions (nl/en)."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import yamlsafe

VOCAB_FILE = Path(__file__).with_name("vocabularies.yml")

# Database table name for each vocabulary (plural, as Datasette shows them).
TABLES = {
    "procedure": "procedures",
    "technique": "techniques",
    "instrument": "instruments",
    "challenge": "challenges",
    "buyer_type": "buyer_types",
    "government_level": "government_levels",
    "organisation_type": "organisation_types",
    "role": "roles",
    "status": "statuses",
    "outcome": "outcomes",
    "perspective": "perspectives",
    "relation": "relations",
    "value_kind": "value_kinds",
    "confidence": "confidences",
    "event_kind": "event_kinds",
}


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, Any]]:
    """All vocabularies: name -> {label_nl, label_en, description_*, terms: [...]}."""
    return yamlsafe.load_file(VOCAB_FILE)


def codes(name: str) -> list[str]:
    return [t["code"] for t in vocabularies()[name]["terms"] if not t.get("deprecated")]


@cache
def terms_by_code(name: str) -> dict[str, dict[str, Any]]:
    return {t["code"]: t for t in vocabularies()[name]["terms"]}


def label(name: str, code: str, lang: str = "nl") -> str:
    term = terms_by_code(name).get(code)
    return term[f"label_{lang}"] if term else code
