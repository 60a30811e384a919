"""Response schemas of the suppliers' API (JSON Schema 2020-12, as OpenAPI 3.1 uses them).

Objects forbid unknown properties, so a field the code adds without documenting it here fails
the contract tests and schemathesis.
"""

from __future__ import annotations

from typing import Any

from ... import fields

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
        "relation_seen_from_here": {
            **NSTR,
            "description": "For a link from another case: the relation read from this case "
            "(e.g. 'Reused by'), in the requested language.",
        },
        "title": STR,
        "title_en": STR,
        "url": URL,
        "api_url": URL,
    }
)
SIMILAR = _obj(
    {
        "case": STR,
        "score": {
            "type": "number",
            "description": "Cosine similarity of the two cases' embeddings (title and summary, "
            "Dutch and English; multilingual model), rounded to 4 decimals.",
        },
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
    "year_start": {**NINT, "description": "Start year: cited, or the earliest event's year."},
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
CITATION = {
    "source": {**NSTR, "description": "Key of the cited source (see sources[].key)."},
    "source_number": {**NINT, "description": "Number of the cited source in the list."},
    "quote": {**NSTR, "description": "The source's words that state the fact, verbatim."},
}
LESSON_PROPS = {"id": STR, "text": STR, "text_en": NSTR, "perspective": _null(ref("Code"))}


def _scalar(f: fields.Field) -> dict[str, Any]:
    """API schema of a registry field: a labelled code, a number or text; null when left out."""
    if f.vocabulary:
        schema = ref("Code") if f.required else _null(ref("Code"))
    else:
        kind = {"integer": "integer", "number": "number"}.get(f.schema().get("type"), "string")
        schema = {"type": kind if f.required else [kind, "null"]}
    return {**schema, "description": f.description} if "$ref" not in schema else schema


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
            "match": {
                "enum": ["all", "partial"],
                "description": "How `q` matched. `all`: every case contains every word of `q` "
                "(or there is no `q`). `partial`: fewer than 5 cases contain every word, so the "
                "list holds the cases with at least half of the words, those with most words "
                "first, then by relevance; the site marks these as partial matches too.",
            },
            "full_count": {
                **NINT,
                "description": "With `match` = `partial`: how many cases contain every word "
                "(they come first); otherwise null.",
            },
            "corrections": {
                "type": "object",
                "additionalProperties": STR,
                "description": "Words of `q` that matched no case, each mapped to the nearest "
                "word in the index that was searched instead (a misspelling: "
                '`{"kademuuren": "kademuren"}`); empty when none.',
            },
            "by_meaning": {
                "type": "array",
                "items": ref("CaseByMeaning"),
                "description": "Related in meaning: when `q` matches fewer than 5 cases by its "
                "words, up to 5 more cases close to it in meaning (in any language, within the "
                "filters), best first. Not counted in `count`; empty otherwise and on later pages.",
            },
        }
    ),
    "CaseByMeaning": _obj(
        {
            **SUMMARY_PROPS,
            "score": {
                "type": "number",
                "description": "Cosine similarity of the query to the case's closest text.",
            },
        }
    ),
    "SimilarCase": SIMILAR,
    "SimilarList": _obj(
        {
            "id": STR,
            "similar": {
                "type": "array",
                "items": ref("SimilarCase"),
                "description": "Up to 10 cases closest in meaning, best first.",
            },
        }
    ),
    "Case": _obj(
        {
            **{k: v for k, v in SUMMARY_PROPS.items() if k not in ("buyer_names",)},
            **{f.name: _scalar(f) for f in fields.SCALARS},
            "file": {**STR, "description": "Path of the case file in the repository."},
            "year_start_basis": {
                "enum": ["source", "event", None],
                "description": "source: a cited start year; event: the earliest dated event.",
            },
            "stale": {
                "type": "boolean",
                "description": "A running or pending case last checked more than a year ago: "
                "to be re-checked.",
            },
            "citations": {
                "type": "object",
                "description": "Per key fact (status, year_start, value...): its citation.",
                "additionalProperties": _obj(CITATION),
            },
            "events": {
                "type": "array",
                "description": "Dated steps of the trajectory, oldest first.",
                "items": _obj(
                    {"date": STR, "kind": ref("Code"), "text": STR, "text_en": NSTR, **CITATION}
                ),
            },
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
                        **CITATION,
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
                        **CITATION,
                    }
                ),
            },
            "techniques": _codes("Procurement technique"),
            "lessons": {"type": "array", "items": _obj({**LESSON_PROPS, **CITATION})},
            "related": {"type": "array", "items": LINK, "description": "Links from this case."},
            "referenced_by": {
                "type": "array",
                "items": LINK,
                "description": "Links from other cases to this one.",
            },
            "similar": {
                "type": "array",
                "items": ref("SimilarCase"),
                "description": "The five cases closest in meaning, computed at build time by a "
                "language model (not curated); more at /api/v1/cases/{id}/similar.",
            },
            "sources": {
                "type": "array",
                "items": _obj(
                    {
                        "number": INT,
                        "key": NSTR,
                        "url": URL,
                        "title": NSTR,
                        "publisher": NSTR,
                        "date": NSTR,
                    }
                ),
            },
            "identifiers": {
                "type": "array",
                "items": _obj(
                    {
                        "scheme": {
                            "enum": ["cpv", "ted", "tenderned", "ocid", "eforms_procedure_id"]
                        },
                        "value": STR,
                        "url": {
                            **_null(URL),
                            "description": "The public notice: TED's notice page for a "
                            "publication number (554113-2026), TED's search for an OJ S "
                            "reference (2016/S 253-466898), TenderNed's notice page for a "
                            "TenderNed id; null for CPV, ocid and eForms ids.",
                        },
                    }
                ),
            },
            "cpv": {"type": "array", "items": STR, "description": "CPV codes."},
            "collections": {
                "type": "array",
                "items": _obj(
                    {
                        "id": STR,
                        "title": STR,
                        "title_en": STR,
                        "position": INT,
                        "url": URL,
                        "api_url": URL,
                    }
                ),
            },
        }
    ),
    "Lesson": _obj(
        {
            **LESSON_PROPS,
            "source": NSTR,
            "quote": NSTR,
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
