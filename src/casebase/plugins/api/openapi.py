"""The OpenAPI 3.1 document of the suppliers' API, generated from the code's own definitions.

Query parameters come from `api_params.PARAMS` (the definitions the API validates with), codes
from the vocabularies, and the response schemas (api_schemas.py) are checked against real responses by
the contract tests and by schemathesis. Also: the vocabulary listing and the curl examples
shown on the human API page and in the README.
"""

from __future__ import annotations

from typing import Any

from ... import __version__, vocab
from .params import PARAMS, Param
from .schemas import SCHEMAS, STR, ref

# path -> (operation id, summary, response schema or media type, path parameter)
PATHS: dict[str, tuple[str, str, str, str | None]] = {
    "/api/v1/cases": ("listCases", "Search and filter cases, one page at a time", "CaseList", None),
    "/api/v1/cases/{id}": ("getCase", "One case, the full nested record", "Case", "id"),
    "/api/v1/cases/{id}/similar": (
        "getSimilarCases",
        "The cases closest in meaning to one case (multilingual embeddings, at build time)",
        "SimilarList",
        "id",
    ),
    "/api/v1/cases.ndjson": (
        "exportCasesNdjson",
        "All matching cases as full records, one JSON object per line",
        "application/x-ndjson",
        None,
    ),
    "/api/v1/cases.csv": (
        "exportCasesCsv",
        "All matching cases as CSV (codes or labels, several values joined by '; '); "
        "format=excel for Excel",
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
  first) and then `id`; `sort` chooses another order. Pages: follow `next` until it is null.
* To keep a copy in sync, ask for `updated_since` (the date of your last fetch): the cases
  changed or reviewed since then.
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
        "content": {"application/json": {"schema": ref("Error")}},
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
        content = {"application/json": {"schema": ref(body)}}
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
