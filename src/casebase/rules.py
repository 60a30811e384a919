"""Rules a JSON Schema cannot express: id = file name, year order, real and past dates, link
schemes in Markdown, links to other cases, and the warnings. Each returns `Problem`s."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import evidence, messages, schema
from .documents import Document, Problem

_ID = re.compile(schema.ID_PATTERN)


def valid_id(text: Any) -> bool:
    return isinstance(text, str) and len(text) <= 80 and _ID.fullmatch(text) is not None


def _list(value: Any) -> list:
    """The value when it is a list; anything else was already reported by the schema."""
    return value if isinstance(value, list) else []


def case_rules(doc: Document, today: dt.date) -> list[Problem]:
    """Rules a schema cannot express: id = file name, year order, real and past dates, links
    in Markdown, warnings."""
    d, out = doc.data, []
    if valid_id(d.get("id")) and d["id"] != doc.id:  # an invalid id: the schema said so
        out.append(doc.problem(("id",), _id_mismatch(d["id"], doc.id)))
    years = {}
    for key in ("year_start", "year_end"):
        year = d.get(key)
        if isinstance(year, float) and year.is_integer():
            # JSON Schema counts 2020.0 as a whole number; SQLite and the site would not
            out.append(
                doc.problem((key,), f"{year!r} has decimals; expected a year like {year:.0f}")
            )
        elif isinstance(year, int) and not isinstance(year, bool) and 1950 <= year <= 2100:
            years[key] = year  # out of range: the schema already said so
            if year > today.year:
                out.append(
                    doc.problem(
                        (key,), f"{year} is in the future; expected a year up to {today.year}"
                    )
                )
    ys, ye = years.get("year_start"), years.get("year_end")
    if ys is not None and ye is not None and ye < ys:
        out.append(
            doc.problem(
                ("year_end",), f"{ye} is before year_start {ys}; expected year_end >= year_start"
            )
        )
    out += _check_date(doc, ("last_reviewed",), today, "a date up to today")
    sources = _list(d.get("sources"))
    for i, src in enumerate(sources):
        if isinstance(src, dict):
            out += _check_date(doc, ("sources", i, "date"), today, "a past date")
    for i, event in enumerate(_list(d.get("events"))):
        if isinstance(event, dict):
            out += _check_date(doc, ("events", i, "date"), today, "a past date")
    for key in ("description", "description_en"):
        out += links(doc, key)
    out += evidence.rules(doc)
    if len(sources) == 1:
        out.append(
            doc.problem(
                ("sources",), "only one source; add a second, independent source", "warning"
            )
        )
    if d.get("confidence") == "medium" and not d.get("review_note"):
        out.append(
            doc.problem(
                ("confidence",), "medium confidence without a review_note saying why", "warning"
            )
        )
    return out


_DATE = re.compile(schema.DATE_PATTERN)


def _check_date(doc: Document, path: tuple, today: dt.date, expected: str) -> list[Problem]:
    """A date the schema's pattern accepts must also be on the calendar and not in the future."""
    value = doc.data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else value[part]
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return []  # absent or malformed: the schema reports it
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return [
                doc.problem(path, f"{value} is not a date on the calendar; expected {expected}")
            ]
    if value > today.isoformat()[: len(value)]:
        return [doc.problem(path, f"{value} is in the future; expected {expected}")]
    return []


# Markdown link targets: [text](target), <target> and [label]: target. Only web and mail links
# are rendered (render.py drops the rest); the validator says so instead of losing the link.
_LINK = re.compile(
    r"(?:\]\(\s*<?|<|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)([a-zA-Z][a-zA-Z0-9+.-]{1,31}):", re.M
)
_LINK_SCHEMES = {"http", "https", "mailto"}


def links(doc: Document, key: str) -> list[Problem]:
    text = doc.data.get(key)
    # each of _LINK's three forms needs one of these: a cheap look before the regex
    if not isinstance(text, str) or not ("](" in text or "<" in text or "]:" in text):
        return []
    for found in _LINK.finditer(text):
        if found.group(1).lower() not in _LINK_SCHEMES:
            return [
                doc.problem(
                    (key,),
                    f"link to {found.group(1)}: is not allowed; "
                    "expected an http://, https:// or mailto: link",
                )
            ]
    return []


def _id_mismatch(value: str, expected: str) -> str:
    return f"id {messages.show(value)} differs from the file name; expected {expected!r}"


def collection_rules(doc: Document) -> list[Problem]:
    d, out = doc.data, []
    if valid_id(d.get("id")) and d["id"] != doc.id:  # an invalid id: the schema said so
        out.append(doc.problem(("id",), _id_mismatch(d["id"], doc.id)))
    for key in ("introduction", "introduction_en"):
        out += links(doc, key)
    return out


def _no_such_case(case_id: str, known: set[str], own: str) -> str:
    # a misspelt id is the usual cause; difflib over every id is only paid for on an error
    guess = messages.nearest(case_id, sorted(known - {own}))
    hint = f"did you mean `{guess}`? " if guess else ""
    return f"no case with id {messages.show(case_id)}; {hint}expected the id of a file in cases/"


def references(doc: Document, known: set[str]) -> list[Problem]:
    """Links to other cases must point at an existing case file (not at itself)."""
    out: list[Problem] = []
    if doc.kind == "collection":
        for i, case_id in enumerate(_list(doc.data.get("cases"))):
            if isinstance(case_id, str) and case_id not in known:
                out.append(doc.problem(("cases", i), _no_such_case(case_id, known, doc.id)))
        return out
    for i, link in enumerate(_list(doc.data.get("related"))):
        target = link.get("case") if isinstance(link, dict) else None
        if not isinstance(target, str):
            continue
        if target == doc.id:
            out.append(doc.problem(("related", i, "case"), "a case cannot be related to itself"))
        elif target not in known:
            out.append(doc.problem(("related", i, "case"), _no_such_case(target, known, doc.id)))
    return out
