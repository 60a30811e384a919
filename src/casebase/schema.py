"""The case and collection JSON Schemas (draft 2020-12), generated from the vocabularies.

This module is the single source of truth for the file format: validation, the published
`schema/*.schema.json` files (editor autocompletion) and `docs/case-format.md` all come from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import vocab

SCHEMA_BASE = "https://casebase.example/schema/"  # $id namespace; not fetched by anyone
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
FULL_DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# No whitespace, control characters, quotes, <>, backslash or braces: they must be percent-encoded.
# Whitespace is spelled out instead of \s: JSON Schema's \s (ECMA-262) includes U+FEFF and
# Python's does not, and the fast and the slow validator must agree. Zero-width and
# bidirectional characters are refused too: a link should look like where it goes.
_URL_SPACE = (
    r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f"
    r"\u3000\ufeff"
)
URL_PATTERN = rf"^https?://[^{_URL_SPACE}/.?#\x22<>\\^`{{|}}][^{_URL_SPACE}\x22<>\\^`{{|}}]*$"
# Text may not hide control characters or bidirectional overrides (they can reorder what a
# reader sees, "Trojan Source"); one-line fields have no line breaks or tabs either.
_INVISIBLE = r"\x7f-\x9f\u202a-\u202e\u2066-\u2069"
LINE_PATTERN = rf"^[^\x00-\x1f{_INVISIBLE}]*$"
MARKDOWN_PATTERN = rf"^[^\x00-\x08\x0b-\x1f{_INVISIBLE}]*$"
CPV_PATTERN = r"^[0-9]{8}-[0-9]$"
TED_PATTERN = r"^([0-9]{1,8}-(19|20)[0-9]{2}|(19|20)[0-9]{2}/S [0-9]{1,3}-[0-9]{1,7})$"
OCID_PATTERN = rf"^ocds-[a-z0-9]{{6}}-[^{_URL_SPACE}]+$"
UUID_PATTERN = r"^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$"


def _text(
    description: str, max_length: int = 300, min_length: int = 1, markdown: bool = False
) -> dict[str, Any]:
    """One line of text, or Markdown (line breaks allowed) with `markdown`."""
    return {
        "type": "string",
        "minLength": min_length,
        "maxLength": max_length,
        "pattern": MARKDOWN_PATTERN if markdown else LINE_PATTERN,
        "description": description,
    }


def _code(name: str, description: str) -> dict[str, Any]:
    terms = vocab.vocabularies()[name]["terms"]
    live = [t for t in terms if not t.get("deprecated")]
    return {
        "description": description,
        "enum": [t["code"] for t in live],
        # Shown by editors next to each allowed value.
        "x-labels": {t["code"]: f"{t['label_nl']} / {t['label_en']}" for t in live},
        "x-vocabulary": name,
    }


def _codes(name: str, description: str, min_items: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "description": description,
        "items": _code(name, f"One {name.replace('_', ' ')} code."),
        "uniqueItems": True,
    }
    if min_items:
        schema["minItems"] = min_items
    return schema


def _object(properties: dict, required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def case_schema() -> dict[str, Any]:
    """JSON Schema of one case file."""
    buyer = _object(
        {
            "name": _text("Name of the contracting authority as the source gives it.", 200),
            "buyer_type": _code("buyer_type", "Kind of public buyer (government level)."),
            "country": {
                "type": "string",
                "pattern": "^[A-Z]{2}$",
                "description": "ISO 3166-1 alpha-2, only when it differs from the case country.",
            },
        },
        ["name", "buyer_type"],
        "A contracting authority that bought (or ran the procedure).",
    )
    participant = _object(
        {
            "name": _text("Name of the organisation as the source gives it.", 200),
            "organisation_type": _code("organisation_type", "What kind of organisation it is."),
            "role": _code("role", "What it did in this case."),
            "country": {
                "type": "string",
                "pattern": "^[A-Z]{2}$",
                "description": "ISO 3166-1 alpha-2.",
            },
        },
        ["name", "organisation_type", "role"],
        "Another organisation that took part: supplier, knowledge institution, intermediary...",
    )
    lesson = _object(
        {
            "text": _text("The lesson in Dutch, one or two sentences, in your own words.", 600),
            "text_en": _text("The lesson in English.", 600),
            "perspective": _code(
                "perspective", "Whose lesson it is, when the source makes that clear."
            ),
        },
        ["text"],
        "A lesson the sources support.",
    )
    source = _object(
        {
            "url": {
                "type": "string",
                "pattern": URL_PATTERN,
                "maxLength": 1000,
                "description": "Web address (http or https) of a source you read.",
            },
            "title": _text("Title of the page or document.", 300),
            "publisher": _text("Who published it (organisation or outlet).", 200),
            "date": {
                "type": "string",
                "pattern": DATE_PATTERN,
                "description": "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.",
            },
        },
        ["url"],
        "A public source for the facts in this case (title, publisher and date as far as known).",
    )
    related = _object(
        {
            "case": {
                "type": "string",
                "pattern": ID_PATTERN,
                "maxLength": 80,
                "description": "Id of the other case.",
            },
            "relation": _code("relation", "How this case relates to the other."),
        },
        ["case", "relation"],
        "A link to another case.",
    )
    value = _object(
        {
            "amount_eur": {
                "type": "number",
                "minimum": 0,
                "maximum": 1_000_000_000_000,
                "description": "Amount in euros.",
            },
            "kind": _code("value_kind", "What kind of amount it is."),
            "covers": _text("Dutch: what the amount covers (period, scope).", 300),
            "covers_en": _text("English: what the amount covers.", 300),
        },
        ["amount_eur", "kind", "covers"],
        "One headline amount in euros; other figures belong in the description.",
    )
    identifiers = _object(
        {
            "cpv": {
                "type": "array",
                "maxItems": 100,
                "items": {"type": "string", "pattern": CPV_PATTERN},
                "uniqueItems": True,
                "description": "CPV codes with check digit, e.g. 72000000-5.",
            },
            "ted": {
                "type": "array",
                "maxItems": 100,
                "items": {"type": "string", "pattern": TED_PATTERN},
                "uniqueItems": True,
                "description": "TED publication numbers (554113-2026) or OJ S references (2016/S 253-466898).",
            },
            "tenderned": {
                "type": "array",
                "maxItems": 100,
                "items": {"type": "string", "pattern": "^[0-9]{3,10}$"},
                "uniqueItems": True,
                "description": "TenderNed publication ids (the number in the notice URL).",
            },
            "ocid": {
                "type": "string",
                "pattern": OCID_PATTERN,
                "maxLength": 200,
                "description": "OCDS ocid.",
            },
            "eforms_procedure_id": {
                "type": "string",
                "pattern": UUID_PATTERN,
                "description": "eForms BT-04 procedure identifier (UUID).",
            },
        },
        [],
        "Official identifiers that link the case to real notices.",
    )
    properties = {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": 80,
            "description": "Stable id: lowercase kebab-case ASCII, equal to the file name.",
        },
        "title": _text("Title in Dutch.", 160),
        "title_en": _text("Title in English.", 160),
        "summary": _text("Summary in Dutch, 2-5 sentences.", 1200, 40),
        "summary_en": _text("Summary in English, 2-5 sentences.", 1200, 40),
        "description": _text("The story in Dutch, Markdown (no raw HTML).", 20000, markdown=True),
        "description_en": _text("The story in English, Markdown.", 20000, markdown=True),
        "language": {
            "enum": ["nl", "en"],
            "description": "Language the case was first written in (default nl).",
        },
        "country": {
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "description": "ISO 3166-1 alpha-2 code of the (lead) buyer's country, e.g. NL.",
        },
        "place": _text("City or region, when the source gives one.", 120),
        "buyers": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": buyer,
            "description": "One or more contracting authorities.",
        },
        "participants": {
            "type": "array",
            "maxItems": 100,
            "items": participant,
            "description": "Other named organisations and their role.",
        },
        "instruments": _codes("instrument", "Innovation-procurement instruments used.", 1),
        "challenges": _codes("challenge", "Societal challenges the case addresses.", 1),
        "procedure": _code("procedure", "Award procedure used, only when a source states it."),
        "techniques": _codes("technique", "Procurement techniques layered on the procedure."),
        "legal_basis": _text("Legal basis as a source states it.", 300),
        "status": _code("status", "Where the case is now."),
        "outcome": _code("outcome", "What came of it."),
        "year_start": {
            "type": "integer",
            "minimum": 1950,
            "maximum": 2100,
            "description": "Year the trajectory started.",
        },
        "year_end": {
            "type": "integer",
            "minimum": 1950,
            "maximum": 2100,
            "description": "Year it ended (omit while running).",
        },
        "value": value,
        "lessons": {
            "type": "array",
            "maxItems": 50,
            "items": lesson,
            "description": "Lessons learned.",
        },
        "related": {
            "type": "array",
            "maxItems": 100,
            "items": related,
            "description": "Links to other cases.",
        },
        "identifiers": identifiers,
        "sources": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": source,
            "description": "Public sources for the facts (at least one, preferably two).",
        },
        "confidence": _code("confidence", "How well the sources support the facts."),
        "review_note": _text("Note for readers in Dutch (e.g. why confidence is medium).", 600),
        "last_reviewed": {
            "type": "string",
            "pattern": FULL_DATE_PATTERN,
            "description": "Date (YYYY-MM-DD) someone last checked the case against its sources.",
        },
    }
    required = [
        "id",
        "title",
        "title_en",
        "summary",
        "summary_en",
        "country",
        "buyers",
        "instruments",
        "challenges",
        "status",
        "year_start",
        "sources",
        "last_reviewed",
    ]
    schema = _object(properties, required, "One innovative public-procurement case.")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + "case.schema.json",
        "title": "casebase case",
        **schema,
    }


def collection_schema() -> dict[str, Any]:
    """JSON Schema of one collection (an ordered reading list of cases)."""
    properties = {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": 80,
            "description": "Equal to the file name.",
        },
        "title": _text("Title in Dutch.", 160),
        "title_en": _text("Title in English.", 160),
        "introduction": _text("Introduction in Dutch, Markdown.", 5000, markdown=True),
        "introduction_en": _text("Introduction in English, Markdown.", 5000, markdown=True),
        "cases": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "maxItems": 1000,
            "items": {"type": "string", "pattern": ID_PATTERN, "maxLength": 80},
            "description": "Case ids in reading order.",
        },
    }
    schema = _object(
        properties,
        ["id", "title", "title_en", "introduction", "introduction_en", "cases"],
        "A curated, ordered reading list of cases.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + "collection.schema.json",
        "title": "casebase collection",
        **schema,
    }


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def published_files() -> dict[str, str]:
    """The schema files as published in the repository (`schema/`), name -> text."""
    return {
        "case.schema.json": dumps(case_schema()),
        "collection.schema.json": dumps(collection_schema()),
    }


def write_published(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in published_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
