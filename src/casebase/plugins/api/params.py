"""Query parameters of the suppliers' API: one definition per parameter, used twice.

`parse()` checks a request's query string against these definitions (and turns mistakes into
`ApiError`s that name the parameter), and `openapi.py` turns the same definitions into the
OpenAPI parameter objects, so the document cannot drift from what the code accepts.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from ... import fields, search, vocab
from ..web import ApiError

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_Q = 500
YEAR_MIN, YEAR_MAX = search.YEAR_MIN, search.YEAR_MAX
_INT = re.compile(r"^[0-9]{1,9}$")
COUNTRY_PATTERN = r"^[A-Za-z]{2}$"
CPV_PATTERN = r"^[0-9]{8}-[0-9]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
BOOLS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # text | code | country | cpv | year | date | choice | bool | limit | cursor | lang
    description: str
    vocabulary: str | None = None
    multi: bool = False
    example: Any = None
    choices: tuple[str, ...] = ()  # kind choice: the allowed values, the first is the default

    def codes(self) -> list[str]:
        # Deprecated codes stay accepted: older cases may still carry them.
        return list(vocab.terms_by_code(self.vocabulary)) if self.vocabulary else []

    def schema(self) -> dict[str, Any]:
        """JSON Schema (2020-12, as used by OpenAPI 3.1) of one value."""
        if self.kind == "code":
            one: dict[str, Any] = {"type": "string", "enum": self.codes()}
        elif self.kind == "country":
            one = {"type": "string", "pattern": COUNTRY_PATTERN}
        elif self.kind == "cpv":
            one = {"type": "string", "pattern": CPV_PATTERN}
        elif self.kind == "year":
            one = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
        elif self.kind == "date":
            one = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        elif self.kind == "choice":
            one = {"type": "string", "enum": list(self.choices), "default": self.choices[0]}
        elif self.kind == "bool":
            one = {"type": "boolean", "default": False}
        elif self.kind == "limit":
            one = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}
        elif self.kind == "lang":
            one = {"type": "string", "enum": ["nl", "en"], "default": "nl"}
        elif self.kind == "text":
            one = {"type": "string", "maxLength": MAX_Q}
        else:  # cursor: opaque
            one = {"type": "string", "minLength": 1}
        return {"type": "array", "items": one} if self.multi else one


def _code(name: str, vocabulary: str, what: str, multi: bool, example: str) -> Param:
    how = " Repeat to require all (AND)." if multi else ""
    return Param(
        name, "code", f"{what} code (see /api/v1/vocabularies).{how}", vocabulary, multi, example
    )


Q = Param(
    "q",
    "text",
    "Full-text search in Dutch and English (stemmed, diacritics folded; all words must match). "
    "Results are then ordered by relevance.",
    example="marktconsultatie energie",
)


def _filter(f: fields.Facet) -> Param:
    if f.vocabulary:
        return Param(f.name, "code", f.api, f.vocabulary, f.multi, f.example)
    kind = "cpv" if f.name == "cpv" else "country"
    return Param(f.name, kind, f.api, multi=f.multi, example=f.example)


FILTERS = {f.name: _filter(f) for f in fields.FACETS if f.api}
INSTRUMENT, CHALLENGE = FILTERS["instrument"], FILTERS["challenge"]
CASE_FILTERS = [
    Q,
    *FILTERS.values(),
    Param("year_from", "year", search.YEAR_FROM_MEANING, example=2018),
    Param("year_to", "year", search.YEAR_TO_MEANING, example=2024),
    Param("year", "year", "Cases that started in this year (year_start).", example=2021),
    Param(
        "updated_since",
        "date",
        "Cases changed (`updated`) or reviewed (`last_reviewed`) on or after this date "
        "(YYYY-MM-DD): to keep a copy in sync, pass the date of your last fetch.",
        example="2026-11-01",
    ),
]
SORT = Param(
    "sort",
    "choice",
    "Order: `relevance` (best match first when `q` is given, else as `newest`), `newest` "
    "start year first, `oldest` start year first, or `reviewed` (most recently reviewed first). "
    "Ties are ordered by id.",
    example="reviewed",
    choices=search.SORT_NAMES,
)
LANG = Param(
    "lang", "lang", "Language of the label of each code: nl (default) or en.", example="en"
)
LIMIT = Param("limit", "limit", f"Page size, 1 to {MAX_LIMIT}.", example=20)
LABELS = Param(
    "labels",
    "bool",
    "CSV only: write each code's label in `lang` instead of the code (true or false).",
    example=True,
)
FORMAT = Param(
    "format",
    "choice",
    "CSV only: `csv` (comma-separated, UTF-8) or `excel` (semicolon-separated, UTF-8 with a "
    "byte-order mark, as Excel with Dutch or other European settings opens it directly).",
    example="excel",
    choices=("csv", "excel"),
)
CURSOR = Param(
    "cursor",
    "cursor",
    "Opaque cursor from the next URL of the previous page. Use it with the same filters.",
)
LESSON_FILTERS = [
    Param(
        "q",
        "text",
        "Words that must all occur in the lesson (Dutch or English, stemmed).",
        example="consultatie",
    ),
    _code("perspective", "perspective", "Whose lesson it is", False, "supplier"),
    Param("instrument", "code", INSTRUMENT.description, "instrument", True, "market-consultation"),
    Param("challenge", "code", CHALLENGE.description, "challenge", True, "energy-transition"),
]

# Parameters per route (by OpenAPI operation id).
PARAMS: dict[str, list[Param]] = {
    "listCases": [*CASE_FILTERS, SORT, LANG, LIMIT, CURSOR],
    "exportCasesNdjson": [*CASE_FILTERS, SORT, LANG],
    "exportCasesCsv": [*CASE_FILTERS, SORT, LANG, LABELS, FORMAT],
    "getCase": [LANG],
    "getSimilarCases": [LANG],
    "listLessons": [*LESSON_FILTERS, LANG, LIMIT, CURSOR],
    "listVocabularies": [],
    "listCollections": [],
    "getCollection": [LANG],
}


def parse(args, params: list[Param]) -> dict[str, Any]:
    """Checked values for `params` from Datasette's `request.args` (a MultiParams).

    Unknown parameters are an error (a typo should not silently return everything), except
    names starting with `_`, which clients use as cache busters.
    """
    known = {p.name: p for p in params}
    for key in args.keys():
        if key not in known and not key.startswith("_"):
            allowed = ", ".join(known) or "none"
            raise ApiError(400, f"unknown parameter {key!r}; allowed: {allowed}", key)
    out: dict[str, Any] = {}
    for p in params:
        values = args.getlist(p.name)
        if not values:
            continue
        if not p.multi and len(values) > 1:
            raise ApiError(400, "given more than once; this parameter takes one value", p.name)
        checked = [_check(p, v) for v in values]
        out[p.name] = checked if p.multi else checked[0]
    if out.get("year_from") and out.get("year_to") and out["year_from"] > out["year_to"]:
        raise ApiError(400, "year_from is after year_to", "year_from")
    return out


def _check(p: Param, value: str) -> Any:
    if p.kind == "text":
        if len(value) > MAX_Q:
            raise ApiError(400, f"longer than {MAX_Q} characters", p.name)
        return value
    if p.kind == "code":
        if value not in vocab.terms_by_code(p.vocabulary):
            raise ApiError(
                400,
                f"unknown {p.vocabulary.replace('_', ' ')} code {value!r}; "
                f"allowed: {', '.join(p.codes())}",
                p.name,
            )
        return value
    if p.kind == "country":
        if not re.match(COUNTRY_PATTERN, value):
            raise ApiError(400, f"{value!r} is not a two-letter country code such as NL", p.name)
        return value.upper()
    if p.kind == "cpv":
        if not re.match(CPV_PATTERN, value):
            raise ApiError(
                400, f"{value!r} is not a CPV code with check digit such as 45211000-2", p.name
            )
        return value
    if p.kind == "year":
        year = search.read_year(value)
        if year is None:
            raise ApiError(
                400, f"{value!r} is not a year between {YEAR_MIN} and {YEAR_MAX}", p.name
            )
        return year
    if p.kind == "date":
        try:
            if not re.match(DATE_PATTERN, value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise ApiError(400, f"{value!r} is not a date such as 2026-11-01", p.name) from None
        return value
    if p.kind == "choice":
        if value not in p.choices:
            raise ApiError(400, f"{value!r} is not one of: {', '.join(p.choices)}", p.name)
        return value
    if p.kind == "bool":
        if value.lower() not in BOOLS:
            raise ApiError(400, f"{value!r} is not true or false", p.name)
        return BOOLS[value.lower()]
    if p.kind == "limit":
        if not _INT.match(value) or not 1 <= int(value) <= MAX_LIMIT:
            raise ApiError(400, f"{value!r} is not a whole number from 1 to {MAX_LIMIT}", p.name)
        return int(value)
    if p.kind == "lang":
        if value not in ("nl", "en"):
            raise ApiError(400, f"{value!r} is not a supported language; use nl or en", p.name)
        return value
    return value  # cursor: decoded by read_cursor, which knows the query


def case_query(values: dict[str, Any]) -> search.Query:
    """The shared search Query (same as the site's) for checked case filters."""
    filters = {
        name: values[name] if isinstance(values[name], list) else [values[name]]
        for name in search.FILTERS
        if name in values
    }
    return search.Query(
        q=values.get("q", ""),
        filters=filters,
        year_from=values.get("year_from"),
        year_to=values.get("year_to"),
        updated_since=values.get("updated_since"),
        sort=values.get("sort", ""),
    )


def _fingerprint(values: dict[str, Any]) -> str:
    # A cursor is only valid for the filters it was made for; the limit may change.
    keep = {k: v for k, v in values.items() if k not in ("limit", "cursor", "lang")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True).encode()).hexdigest()[:12]


def make_cursor(values: dict[str, Any], offset: int) -> str:
    raw = json.dumps({"o": offset, "f": _fingerprint(values)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_cursor(values: dict[str, Any]) -> int:
    """The offset encoded in `values["cursor"]` (0 without a cursor)."""
    cursor = values.get("cursor")
    if cursor is None:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        offset, fingerprint = data["o"], data["f"]
    except (ValueError, TypeError, KeyError):
        raise ApiError(
            400, "not a cursor from this API; use the `next` URL as given", "cursor"
        ) from None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset < 10**7:
        raise ApiError(400, "not a cursor from this API; use the `next` URL as given", "cursor")
    if fingerprint != _fingerprint(values):
        raise ApiError(
            400, "this cursor belongs to a query with other filters; start without it", "cursor"
        )
    return offset
