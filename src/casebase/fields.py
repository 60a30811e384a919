"""The one registry of a case's scalar fields and of the facets.

Each scalar field is declared once here, and the rest derives from it:
- the JSON Schema property (`schema.case_schema`) and the docs generated from it;
- the `cases` column and its SQL type (`tables.DDL`), and its value in the row (`rows.case_rows`);
- the API record and its OpenAPI schema (`read`, `plugins/api/schemas`), and the CSV column;
- the column description that Datasette shows (`serving.metadata`);
- the field lists the tests expect.

Each facet is declared once too: the search filters, the precomputed counts, the facet tokens
of a case, the site's facet list, the API's filter parameters and Datasette's table facets all
come from `FACETS`.

A field's JSON Schema is one of the value shapes in `shapes`. Lists of objects (buyers,
sources, lessons...) have tables of their own; their schemas live in
`schema.py` and their rows in `rows.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import vocab
from .shapes import FULL_DATE_PATTERN, code, country, text, year


@dataclass(frozen=True)
class Field:
    """A scalar field of a case file: one YAML key, one `cases` column, one API property."""

    name: str
    schema: Callable[[], dict[str, Any]]  # called late: code schemas read the vocabularies
    required: bool = False
    column: str = ""  # defaults to the name
    vocabulary: str | None = None  # a code: foreign key, labels in the API
    cite: bool = False  # a key fact: the file must cite a source and quote it
    csv: bool = True
    default: Any = None  # value in the row when the file leaves the field out

    @property
    def col(self) -> str:
        return self.column or self.name

    @property
    def description(self) -> str:
        return self.schema()["description"]

    @property
    def sql(self) -> str:
        kind = self.schema().get("type")
        sql = "INTEGER" if kind == "integer" else "REAL" if kind == "number" else "TEXT"
        if self.vocabulary:
            sql += f" REFERENCES {vocab.TABLES[self.vocabulary]} (code)"
        return sql + (" NOT NULL" if self.required else "")


def _code(name: str, vocabulary: str, description: str, **kw) -> Field:
    return Field(name, lambda: code(vocabulary, description), vocabulary=vocabulary, **kw)


# In file order: the JSON Schema, the docs and the API record list them in this order.
SCALARS: list[Field] = [
    Field("title", lambda: text("Title in Dutch.", 160), required=True),
    Field("title_en", lambda: text("Title in English.", 160), required=True),
    Field("summary", lambda: text("Summary in Dutch, 2-5 sentences.", 1200, 40), required=True),
    Field(
        "summary_en",
        lambda: text("Summary in English, 2-5 sentences.", 1200, 40),
        required=True,
    ),
    Field(
        "description",
        lambda: text(
            "The story in Dutch, Markdown (no raw HTML); every paragraph cites a source with "
            "a footnote marker such as [^nrc-2019].",
            20000,
            markdown=True,
        ),
        column="description_markdown",
        csv=False,
    ),
    Field(
        "description_en",
        lambda: text(
            "The story in English, Markdown, with footnote markers.", 20000, markdown=True
        ),
        column="description_en_markdown",
        csv=False,
    ),
    Field(
        "language",
        lambda: {
            "enum": ["nl", "en"],
            "description": "Language the case was first written in (default nl).",
        },
        default="nl",
        csv=False,
    ),
    Field(
        "country",
        lambda: country("ISO 3166-1 alpha-2 code of the (lead) buyer's country, e.g. NL."),
        required=True,
    ),
    Field("place", lambda: text("City or region in Dutch, when the source gives one.", 120)),
    Field("place_en", lambda: text("The place in English, when its English name differs.", 120)),
    _code(
        "procedure", "procedure", "Award procedure used, only when a source states it.", cite=True
    ),
    Field("legal_basis", lambda: text("Legal basis as a source states it.", 300)),
    _code("status", "status", "Where the case is now.", required=True, cite=True),
    _code("outcome", "outcome", "What came of it.", cite=True),
    Field(
        "year_start",
        lambda: year(
            "Year of the first documented public step of the trajectory. Leave it out when no "
            "source states it: the start is then taken from the earliest dated event."
        ),
        cite=True,
    ),
    Field("year_end", lambda: year("Year it ended (omit while running)."), cite=True),
    _code("confidence", "confidence", "How well the sources support the facts."),
    Field("review_note", lambda: text("Note for readers in Dutch (e.g. a known gap).", 600)),
    Field("review_note_en", lambda: text("The note for readers in English.", 600)),
    Field(
        "last_reviewed",
        lambda: {
            "type": "string",
            "pattern": FULL_DATE_PATTERN,
            "description": "Date (YYYY-MM-DD) someone last checked the case against its sources.",
        },
        required=True,
    ),
]
BY_NAME = {f.name: f for f in SCALARS}

# Key facts that must be cited: the scalars marked `cite`, `value` (an object) and
# `identifiers` (a mapping of schemes; each identifier must occur in the cited quote).
CITED_FACTS = [f.name for f in SCALARS if f.cite] + ["value", "identifiers"]


def stated_facts(d: dict[str, Any]) -> list[str]:
    """The cited facts a case states: given and not empty, and a status other than `unknown`
    (which states nothing, so there is nothing to cite)."""
    return [
        f
        for f in CITED_FACTS
        if d.get(f) not in (None, {}, []) and not (f == "status" and d.get(f) == "unknown")
    ]


# Columns of `cases` that the build derives (not written in the file): name -> (SQL, meaning).
DERIVED: dict[str, tuple[str, str]] = {
    "buyer_names": ("TEXT", "Names of the contracting authorities, separated by semicolons"),
    "year_start_basis": (
        "TEXT",
        "Where year_start comes from: 'source' (a cited start year) or 'event' (the earliest "
        "dated event)",
    ),
    "value_eur": ("REAL", "Headline amount in euros"),
    "value_kind": ("TEXT REFERENCES value_kinds (code)", "Kind of amount (budget, estimate, ...)"),
    "value_covers": ("TEXT", "What the amount covers (Dutch)"),
    "value_covers_en": ("TEXT", "What the amount covers (English)"),
    "created": ("TEXT", "Date the case file was first committed (from git)"),
    "updated": ("TEXT", "Date the case file was last changed (from git)"),
    "source_count": ("INTEGER", "Number of sources"),
    "lesson_count": ("INTEGER", "Number of lessons"),
    "event_count": ("INTEGER", "Number of dated events"),
    "file": ("TEXT", "Path of the case file in the repository"),
}


def cases_ddl() -> str:
    """Column definitions of the `cases` table."""
    cols = ["id TEXT PRIMARY KEY"]
    cols += [f"[{f.col}] {f.sql}" for f in SCALARS]
    cols += [f"[{name}] {sql}" for name, (sql, _) in DERIVED.items()]
    return ", ".join(cols)


def scalar_row(d: dict[str, Any]) -> dict[str, Any]:
    """The `cases` columns of the scalar fields of one (validated) case."""
    return {f.col: d.get(f.name, f.default) for f in SCALARS}


def column_descriptions() -> dict[str, str]:
    """Descriptions of every `cases` column, for Datasette's table page."""
    out = {"id": "Stable case id, equal to the file name cases/<id>.yml"}
    out.update({f.col: f.description for f in SCALARS})
    out.update({name: meaning for name, (_, meaning) in DERIVED.items()})
    return out


# ---------------------------------------------------------------------------------------------
# Facets


def _list(key: str) -> Callable[[dict], Iterable[str]]:
    return lambda d: d.get(key) or []


def _each(key: str, item: str) -> Callable[[dict], Iterable[str]]:
    return lambda d: [x[item] for x in d.get(key) or []]


def _scalar(key: str) -> Callable[[dict], Iterable[str]]:
    return lambda d: [d[key]] if d.get(key) is not None else []


def government_level(buyer_type: str) -> str | None:
    return vocab.terms_by_code("buyer_type").get(buyer_type, {}).get("government_level")


def _levels(d: dict) -> Iterable[str]:
    return [lv for b in d.get("buyers") or [] if (lv := government_level(b["buyer_type"]))]


@dataclass(frozen=True)
class Facet:
    """A way to narrow the cases: one filter, one count per value, one URL parameter."""

    name: str  # URL and API parameter; facet token name (`name=value`)
    table: str | None  # table holding the values per case, or None for a `cases` column
    column: str
    values: Callable[[dict], Iterable[str]]  # the case's values, from its YAML
    counts: str | None  # name in `facet_counts` (precomputed unfiltered counts)
    multi: bool = False  # a case can have several values; several choices AND
    vocabulary: str | None = None
    site: bool = False  # offered on the site's search page
    datasette: str | None = None  # facet type on Datasette's cases table: "m2m" or "coded"
    api: str = ""  # description of the API filter ("" = not an API filter)
    example: Any = None

    @property
    def param(self) -> str:
        """Datasette's table-page parameter: `_instrument` (our AND filter) or the column."""
        return f"_{self.name}" if self.table else self.column


FACETS: list[Facet] = [
    Facet(
        "instrument",
        "case_instruments",
        "instrument",
        _list("instruments"),
        "instruments",
        multi=True,
        vocabulary="instrument",
        site=True,
        datasette="m2m",
        api="Instrument code (see /api/v1/vocabularies). Repeat to require all (AND).",
        example="market-consultation",
    ),
    Facet(
        "challenge",
        "case_challenges",
        "challenge",
        _list("challenges"),
        "challenges",
        multi=True,
        vocabulary="challenge",
        site=True,
        datasette="m2m",
        api="Societal challenge code (see /api/v1/vocabularies). Repeat to require all (AND).",
        example="energy-transition",
    ),
    Facet(
        "technique",
        "case_techniques",
        "technique",
        _list("techniques"),
        "techniques",
        multi=True,
        vocabulary="technique",
        api="Procurement technique code (see /api/v1/vocabularies). Repeat to require all (AND).",
        example="framework-agreement",
    ),
    Facet(
        "country",
        None,
        "country",
        _scalar("country"),
        "country",
        site=True,
        datasette="coded",
        api="ISO 3166-1 alpha-2 country of the (lead) buyer.",
        example="NL",
    ),
    Facet(
        "buyer_type",
        "case_buyers",
        "buyer_type",
        lambda d: dict.fromkeys(_each("buyers", "buyer_type")(d)),
        "buyer_types",
        multi=True,
        vocabulary="buyer_type",
        site=True,
        datasette="m2m",
        api="Buyer type code of any buyer of the case (see /api/v1/vocabularies). Repeat to "
        "require all (AND).",
        example="nl-municipality",
    ),
    Facet(
        "government_level",
        "case_buyers",
        "government_level",
        lambda d: dict.fromkeys(_levels(d)),
        "government_levels",
        multi=True,
        vocabulary="government_level",
        site=True,
        api="Government level code of any buyer of the case (see /api/v1/vocabularies). "
        "Repeat to require all (AND).",
        example="local",
    ),
    Facet(
        "role",
        "case_participants",
        "role",
        lambda d: dict.fromkeys(_each("participants", "role")(d)),
        "roles",
        multi=True,
        vocabulary="role",
    ),
    Facet(
        "status",
        None,
        "status",
        _scalar("status"),
        "status",
        vocabulary="status",
        site=True,
        datasette="coded",
        api="Status code (see /api/v1/vocabularies).",
        example="completed",
    ),
    Facet(
        "outcome",
        None,
        "outcome",
        _scalar("outcome"),
        "outcome",
        vocabulary="outcome",
        site=True,
        datasette="coded",
        api="Outcome code (see /api/v1/vocabularies).",
        example="deployed",
    ),
    Facet(
        "procedure",
        None,
        "procedure",
        _scalar("procedure"),
        "procedure",
        vocabulary="procedure",
        site=True,
        datasette="coded",
        api="Award procedure code (see /api/v1/vocabularies).",
        example="innovation-partnership",
    ),
    Facet(
        "confidence",
        None,
        "confidence",
        _scalar("confidence"),
        "confidence",
        vocabulary="confidence",
    ),
    Facet(
        "cpv",
        "identifiers",
        "value",
        lambda d: (d.get("identifiers") or {}).get("cpv") or [],
        None,
        multi=True,
        api="CPV code with check digit (exact match). Repeat to require all (AND).",
        example="45211000-2",
    ),
    # The start year (a cited start year, or else the earliest event's year); its value is
    # bound, and SQLite compares it as an integer because year_start has INTEGER affinity.
    Facet("year", None, "year_start", lambda d: [], "year_start", site=True),
]
BY_FACET = {f.name: f for f in FACETS}

# Code lists of a case stored in a table of their own: YAML key -> facet.
CODE_LISTS = {"instruments": "instrument", "challenges": "challenge", "techniques": "technique"}


def facet_keys(d: dict[str, Any], year_start: int | None) -> str:
    """Every facet value of a case as `name=value` tokens, e.g. `instrument=pilot status=running`.

    Counting these tokens over the matching cases gives every facet's counts from one query,
    instead of one join per facet (see `search.tally`).
    """
    keys = [f"{f.name}={v}" for f in FACETS if f.name not in ("cpv", "year") for v in f.values(d)]
    if year_start is not None:
        keys.append(f"year={year_start}")
    return " ".join(keys)
