"""The OpenAPI 3.1 document of the suppliers' API, generated from the code's own definitions.

Query parameters come from `api_params.PARAMS` (the definitions the API validates with), codes
from the vocabularies, and the response schemas below are checked against real responses by
the contract tests and by schemathesis. Also: the vocabulary listing and the curl examples
shown on the human API page and in the README.
"""

from __future__ import annotations

from typing import Any

from .. import __version__, vocab
from .api_params import PARAMS, Param

S = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
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
    return {"type": "array", "items": _ref("Code"), "description": f"{name} codes with labels"}


LINK = _obj(
    {
        "case": STR,
        "relation": _ref("Code"),
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
    "status": _ref("Code"),
    "outcome": _null(_ref("Code")),
    "procedure": _null(_ref("Code")),
    "year_start": INT,
    "year_end": NINT,
    "instruments": _codes("Instrument"),
    "challenges": _codes("Challenge"),
    "last_reviewed": STR,
}
LESSON_PROPS = {"id": STR, "text": STR, "text_en": NSTR, "perspective": _null(_ref("Code"))}

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
            "cases": {"type": "array", "items": _ref("CaseSummary")},
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
                        "kind": _null(_ref("Code")),
                        "covers": NSTR,
                        "covers_en": NSTR,
                    }
                )
            ),
            "confidence": _null(_ref("Code")),
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
                        "buyer_type": _ref("Code"),
                        "government_level": _null(_ref("Code")),
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
                        "organisation_type": _ref("Code"),
                        "role": _ref("Code"),
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
            "lessons": {"type": "array", "items": _ref("Lesson")},
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
                        "terms": {"type": "array", "items": _ref("Term")},
                    }
                ),
            }
        }
    ),
    "Collection": _obj(
        {
            "id": STR,
            "title": STR,
            "title_en": STR,
            "introduction": NSTR,
            "introduction_en": NSTR,
            "case_count": INT,
            "api_url": URL,
        }
    ),
    "CollectionList": _obj({"collections": {"type": "array", "items": _ref("Collection")}}),
    "CollectionDetail": _obj(
        {
            "id": STR,
            "title": STR,
            "title_en": STR,
            "introduction": NSTR,
            "introduction_en": NSTR,
            "case_count": INT,
            "api_url": URL,
            "cases": {"type": "array", "items": _ref("CaseSummary")},
        }
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

# path -> (operation id, summary, response schema or media type, path parameter)
PATHS: dict[str, tuple[str, str, str, str | None]] = {
    "/api/v1/cases": ("listCases", "Search and filter cases, one page at a time", "CaseList", None),
    "/api/v1/cases/{id}": ("getCase", "One case, the full nested record", "Case", "id"),
    "/api/v1/cases.ndjson": (
        "exportCasesNdjson",
        "All matching cases as full records, one JSON object per line",
        "application/x-ndjson",
        None,
    ),
    "/api/v1/cases.csv": (
        "exportCasesCsv",
        "All matching cases as CSV (codes, several values joined by '; ')",
        "text/csv",
        None,
    ),
    "/api/v1/lessons": ("listLessons", "Lessons across cases", "LessonList", None),
    "/api/v1/vocabularies": (
        "listVocabularies",
        "Every vocabulary with its codes, labels and definitions",
        "VocabularyList",
        None,
    ),
    "/api/v1/collections": ("listCollections", "Reading lists", "CollectionList", None),
    "/api/v1/collections/{id}": (
        "getCollection",
        "One reading list with its cases in order",
        "CollectionDetail",
        "id",
    ),
}

DESCRIPTION = """\
Versioned JSON API of casebase, an open knowledge base of innovative public-procurement cases.
Within v1, fields are only ever added, never renamed or removed.

* Case lists are ordered by relevance when `q` is given, otherwise by `year_start` (newest
  first) and then `id`. Pages: follow `next` until it is null.
* Filters combine with AND, also when a parameter is repeated (`instrument=a&instrument=b`:
  cases with both). Unknown codes, malformed years and bad cursors give 400 with a JSON body
  that names the parameter; unknown ids give 404.
* Responses carry `ETag` and `Cache-Control`; send `If-None-Match` to get 304. CORS is open.
* The whole SQLite database is downloadable at `/casebase.db`; the data is CC BY 4.0.
"""


def _parameter(p: Param) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": p.name,
        "in": "query",
        "required": False,
        "description": p.description,
        "schema": p.schema(),
    }
    if p.multi:
        out.update(style="form", explode=True)
    if p.example is not None:
        out["example"] = [p.example] if p.multi else p.example
    return out


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _operation(path: str, spec: tuple[str, str, str, str | None]) -> dict[str, Any]:
    op_id, summary, body, path_param = spec
    params = [_parameter(p) for p in PARAMS[op_id]]
    if path_param:
        params.insert(
            0,
            {
                "name": path_param,
                "in": "path",
                "required": True,
                "schema": {"type": "string", "minLength": 1},
                "example": "woningbouw-pilot" if "cases" in path else "leren",
            },
        )
    if "/" in body:
        content = {body: {"schema": {"type": "string"}}}
    else:
        content = {"application/json": {"schema": _ref(body)}}
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": {
                "ETag": {"schema": STR, "description": "Changes with every database build."},
                "Cache-Control": {"schema": STR},
            },
            "content": content,
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
    }
    if params:
        responses["400"] = _error_response("A parameter is wrong; the body names it.")
    if path_param:
        responses["404"] = _error_response("No such id.")
    return {
        "operationId": op_id,
        "summary": summary,
        "parameters": params,
        "responses": responses,
    }


def document(server: str = "") -> dict[str, Any]:
    """The OpenAPI 3.1 document; `server` is the absolute base URL the API is served from."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "casebase API",
            "version": f"1 (casebase {__version__})",
            "description": DESCRIPTION,
            "license": {"name": "CC BY 4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server or "/"}],
        "paths": {path: {"get": _operation(path, spec)} for path, spec in PATHS.items()},
        "components": {"schemas": SCHEMAS},
    }


def vocabularies() -> list[dict[str, Any]]:
    """Every vocabulary with all its terms (deprecated ones flagged), from vocabularies.yml."""
    out = []
    for name, v in vocab.vocabularies().items():
        out.append(
            {
                "name": name,
                "label_nl": v["label_nl"],
                "label_en": v["label_en"],
                "description_nl": v.get("description_nl"),
                "description_en": v.get("description_en"),
                "terms": [
                    {
                        **t,
                        "definition_nl": t.get("definition_nl"),
                        "definition_en": t.get("definition_en"),
                    }
                    for t in v["terms"]
                ],
            }
        )
    return out


# The first three calls a supplier makes; shown on /api and in the README (tested).
EXAMPLE_PATHS = [
    ("Welke codes zijn er?", "Which codes are there?", "/api/v1/vocabularies"),
    (
        "Marktconsultaties over de energietransitie",
        "Market consultations on the energy transition",
        "/api/v1/cases?instrument=market-consultation&challenge=energy-transition&lang=en&limit=5",
    ),
    (
        "Eén case, volledig",
        "One case, in full",
        "/api/v1/cases/amsterdam-innovatiepartnerschap-kademuren",
    ),
]


def examples(base: str) -> list[dict[str, str]]:
    return [
        {"nl": nl, "en": en, "path": path, "curl": f"curl -s '{base}{path}'"}
        for nl, en, path in EXAMPLE_PATHS
    ]
