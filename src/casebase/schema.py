"""The case and collection JSON Schemas (draft 2020-12), generated from the vocabularies.

This module is the single source of truth for the file format: validation, the published
`schema/*.schema.json` files (editor autocompletion) and `docs/case-format.md` all come from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import fields, shapes

SCHEMA_BASE = "https://casebase.example/schema/"  # $id namespace; not fetched by anyone
ID_PATTERN = shapes.ID_PATTERN
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
FULL_DATE_PATTERN = shapes.FULL_DATE_PATTERN
# No whitespace, control characters, quotes, <>, backslash or braces: they must be percent-encoded.
# Whitespace is spelled out instead of \s: JSON Schema's \s (ECMA-262) includes U+FEFF and
# Python's does not, and the fast and the slow validator must agree. Zero-width and
# bidirectional characters are refused too: a link should look like where it goes.
_URL_SPACE = (
    r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f"
    r"\u3000\ufeff"
)
URL_PATTERN = rf"^https?://[^{_URL_SPACE}/.?#\x22<>\\^`{{|}}][^{_URL_SPACE}\x22<>\\^`{{|}}]*$"
LINE_PATTERN, MARKDOWN_PATTERN = shapes.LINE_PATTERN, shapes.MARKDOWN_PATTERN
CPV_PATTERN = r"^[0-9]{8}-[0-9]$"
TED_PATTERN = r"^([0-9]{1,8}-(19|20)[0-9]{2}|(19|20)[0-9]{2}/S [0-9]{1,3}-[0-9]{1,7})$"
OCID_PATTERN = rf"^ocds-[a-z0-9]{{6}}-[^{_URL_SPACE}]+$"
UUID_PATTERN = r"^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$"


_text, _code = shapes.text, shapes.code


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


# Same shape as an id, spelled apart so that messages can say "a source key".
KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def citation(what: str) -> dict[str, Any]:
    """The two keys that cite a source for a fact: a source key and a verbatim quote."""
    return {
        "source": {
            "type": "string",
            "pattern": KEY_PATTERN,
            "maxLength": 60,
            "description": f"Key of the source (in `sources`) that states {what}.",
        },
        "quote": _text(
            "The words of that source that state it, verbatim and in its own language.", 300
        ),
    }


def _cited(properties: dict, required: list[str], description: str, what: str) -> dict:
    """An object that cites its source: its own keys plus `source` and `quote`."""
    return _object({**properties, **citation(what)}, [*required, "source", "quote"], description)


def case_schema() -> dict[str, Any]:
    """JSON Schema of one case file."""
    buyer = _cited(
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
        "that it bought or ran the procedure",
    )
    participant = _cited(
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
        "its role",
    )
    lesson = _cited(
        {
            "text": _text("The lesson in Dutch, one or two sentences, in your own words.", 600),
            "text_en": _text("The lesson in English.", 600),
            "perspective": _code(
                "perspective", "Whose lesson it is, only when the source says so."
            ),
        },
        ["text"],
        "A lesson that a source draws (not one we draw).",
        "the lesson",
    )
    event = _cited(
        {
            "date": {
                "type": "string",
                "pattern": DATE_PATTERN,
                "description": "When: YYYY, YYYY-MM or YYYY-MM-DD.",
            },
            "kind": _code("event_kind", "What happened."),
            "text": _text("What happened, in Dutch, one line.", 300),
            "text_en": _text("What happened, in English.", 300),
        },
        ["date", "kind", "text"],
        "A dated step of the trajectory.",
        "the event and its date",
    )
    source = _object(
        {
            "key": {
                "type": "string",
                "pattern": KEY_PATTERN,
                "maxLength": 60,
                "description": "Short key, unique in this case, that citations use "
                "(e.g. nrc-2019-07-16).",
            },
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
        ["key", "url"],
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
                "description": "Amount in euros (more than 0).",
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
    cite = _object(
        {
            fact: _object(citation(f"the {fact.replace('_', ' ')}"), ["source", "quote"], "")
            | {"description": f"Source and quote for {fact}."}
            for fact in fields.CITED_FACTS
        },
        [],
        "Citations of the key facts: for each fact the case states, a source key and a quote.",
    )

    def _list(items: dict, description: str, min_items: int = 0, max_items: int = 100) -> dict:
        out = {"type": "array", "maxItems": max_items, "items": items, "description": description}
        return out | ({"minItems": min_items} if min_items else {})

    properties = {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": 80,
            "description": "Stable id: lowercase kebab-case ASCII, equal to the file name.",
        },
        **{f.name: f.schema() for f in fields.SCALARS},
        "buyers": _list(buyer, "One or more contracting authorities.", 1),
        "participants": _list(participant, "Other named organisations and their role."),
        "instruments": _codes("instrument", "Innovation-procurement instruments used.", 1),
        "challenges": _codes("challenge", "Societal challenges the case addresses.", 1),
        "techniques": _codes("technique", "Procurement techniques layered on the procedure."),
        "value": value,
        "cite": cite,
        "events": _list(event, "Dated steps of the trajectory, oldest first.", 0, 200),
        "lessons": _list(lesson, "Lessons that the sources draw.", 0, 50),
        "related": _list(related, "Links to other cases."),
        "identifiers": identifiers,
        "sources": _list(source, "Public sources for the facts (preferably two or more).", 1),
    }
    required = ["id", *(f.name for f in fields.SCALARS if f.required)]
    required += ["buyers", "instruments", "challenges", "sources"]
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
