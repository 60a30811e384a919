"""Response schemas of the suppliers' API (JSON Schema 2020-12, as OpenAPI 3.1 uses them).

Objects forbid unknown properties, so a field the code adds without documenting it here fails
the contract tests and schemathesis.
"""

from __future__ import annotations

from typing import Any

S = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": S + name}


def _null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
URL = {"type": "string", "format": "uri"}
INT = {"type": "integer"}
NINT = {"type": ["integer", "null"]}


def _obj(props: dict[str, Any], required: list[str] | None = None, **extra) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


def _codes(name: str) -> dict[str, Any]:
    return {"type": "array", "items": ref("Code"), "description": f"{name} codes with labels"}


LINK = _obj(
    {
        "case": STR,
        "relation": ref("Code"),
        "title": STR,
        "title_en": STR,
        "url": URL,
        "api_url": URL,
    }
)
SUMMARY_PROPS = {
    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "example": "woningbouw-pilot"},
    "url": {**URL, "description": "The human page of the case."},
    "api_url": URL,
    "title": {**STR, "description": "Title in Dutch."},
    "title_en": {**STR, "description": "Title in English."},
    "summary": STR,
    "summary_en": STR,
    "country": STR,
    "buyer_names": {"type": "array", "items": STR},
    "status": ref("Code"),
    "outcome": _null(ref("Code")),
    "procedure": _null(ref("Code")),
    "year_start": INT,
    "year_end": NINT,
    "instruments": _codes("Instrument"),
    "challenges": _codes("Challenge"),
    "last_reviewed": STR,
}
COLLECTION_PROPS = {
    "id": STR,
    "title": STR,
    "title_en": STR,
    "introduction": NSTR,
    "introduction_en": NSTR,
    "case_count": INT,
    "api_url": URL,
}
LESSON_PROPS = {"id": STR, "text": STR, "text_en": NSTR, "perspective": _null(ref("Code"))}

SCHEMAS: dict[str, Any] = {
    "Code": _obj(
        {
            "code": STR,
            "label": {**STR, "description": "Label in the requested language (lang)."},
            "label_nl": STR,
            "label_en": STR,
        },
        example={
            "code": "pilot",
            "label": "Pilot / proeftuin",
            "label_nl": "Pilot / proeftuin",
            "label_en": "Pilot / field lab",
        },
    ),
    "CaseSummary": _obj(SUMMARY_PROPS),
    "CaseList": _obj(
        {
            "cases": {"type": "array", "items": ref("CaseSummary")},
            "count": {**INT, "description": "Total number of matching cases (all pages)."},
            "next": {**_null(URL), "description": "URL of the next page, or null on the last."},
        }
    ),
    "Case": _obj(
        {
            **{k: v for k, v in SUMMARY_PROPS.items() if k not in ("buyer_names",)},
            "file": {**STR, "description": "Path of the case file in the repository."},
            "description": {**NSTR, "description": "Dutch description, Markdown."},
            "description_en": NSTR,
            "language": STR,
            "place": NSTR,
            "ocds_procurement_method": {
                **NSTR,
                "description": "OCDS procurementMethod derived from the procedure.",
                "example": "selective",
            },
            "eforms_procedure_type": {
                **NSTR,
                "description": "eForms procedure type (BT-105) derived from the procedure.",
                "example": "innovation",
            },
            "legal_basis": NSTR,
            "value": _null(
                _obj(
                    {
                        "amount_eur": {"type": "number"},
                        "kind": _null(ref("Code")),
                        "covers": NSTR,
                        "covers_en": NSTR,
                    }
                )
            ),
            "confidence": _null(ref("Code")),
            "review_note": NSTR,
            "created": {**NSTR, "description": "First commit of the case file (from git)."},
            "updated": {**NSTR, "description": "Last commit of the case file (from git)."},
            "buyers": {
                "type": "array",
                "items": _obj(
                    {
                        "name": STR,
                        "organisation_id": STR,
                        "country": NSTR,
                        "buyer_type": ref("Code"),
                        "government_level": _null(ref("Code")),
                    }
                ),
            },
            "participants": {
                "type": "array",
                "items": _obj(
                    {
                        "name": STR,
                        "organisation_id": STR,
                        "country": NSTR,
                        "organisation_type": ref("Code"),
                        "role": ref("Code"),
                    }
                ),
            },
            "techniques": _codes("Procurement technique"),
            "lessons": {"type": "array", "items": _obj(LESSON_PROPS)},
            "related": {"type": "array", "items": LINK, "description": "Links from this case."},
            "referenced_by": {
                "type": "array",
                "items": LINK,
                "description": "Links from other cases to this one.",
            },
            "sources": {
                "type": "array",
                "items": _obj({"url": URL, "title": NSTR, "publisher": NSTR, "date": NSTR}),
            },
            "identifiers": {
                "type": "array",
                "items": _obj(
                    {
                        "scheme": {
                            "enum": ["cpv", "ted", "tenderned", "ocid", "eforms_procedure_id"]
                        },
                        "value": STR,
                        "url": {**_null(URL), "description": "Link to the notice, if known."},
                    }
                ),
            },
            "cpv": {"type": "array", "items": STR, "description": "CPV codes."},
            "collections": {
                "type": "array",
                "items": _obj(
                    {"id": STR, "title": STR, "title_en": STR, "position": INT, "api_url": URL}
                ),
            },
        }
    ),
    "Lesson": _obj(
        {
            **LESSON_PROPS,
            "case_id": STR,
            "case_title": STR,
            "case_title_en": STR,
            "url": URL,
            "api_url": URL,
        }
    ),
    "LessonList": _obj(
        {
            "lessons": {"type": "array", "items": ref("Lesson")},
            "count": INT,
            "next": _null(URL),
        }
    ),
    "Term": {
        "type": "object",
        "properties": {
            "code": STR,
            "label_nl": STR,
            "label_en": STR,
            "definition_nl": NSTR,
            "definition_en": NSTR,
        },
        "required": ["code", "label_nl", "label_en"],
        "description": "A code; some vocabularies add fields, e.g. ocds_method, legal_basis.",
    },
    "VocabularyList": _obj(
        {
            "vocabularies": {
                "type": "array",
                "items": _obj(
                    {
                        "name": STR,
                        "label_nl": STR,
                        "label_en": STR,
                        "description_nl": NSTR,
                        "description_en": NSTR,
                        "terms": {"type": "array", "items": ref("Term")},
                    }
                ),
            }
        }
    ),
    "Collection": _obj(COLLECTION_PROPS),
    "CollectionList": _obj({"collections": {"type": "array", "items": ref("Collection")}}),
    "CollectionDetail": _obj(
        {**COLLECTION_PROPS, "cases": {"type": "array", "items": ref("CaseSummary")}}
    ),
    "Error": _obj(
        {
            "error": _obj(
                {
                    "status": INT,
                    "parameter": {**STR, "description": "The parameter that was wrong."},
                    "message": STR,
                },
                required=["status", "message"],
            )
        },
        example={
            "error": {
                "status": 400,
                "parameter": "instrument",
                "message": "unknown instrument code 'pilots'; allowed: ...",
            }
        },
    ),
}
