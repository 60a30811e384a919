"""The search page's year range: its two inputs (`year_from`, `year_to`) read from a request,
what is wrong with each in words, the range as URL pairs and in words.

The range means what the API's parameters mean (`search.YEAR_FROM_MEANING`, `YEAR_TO_MEANING`,
and one SQL clause each in `search.py`); this module only reads and shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebase import search

NAMES = ("year_from", "year_to")


@dataclass
class Field:
    """One end of the year range as typed, the year it gives, and what is wrong with it."""

    name: str  # year_from or year_to
    typed: str  # shown again in the input
    year: int | None  # applied to the search; None when empty or wrong
    error: str = ""  # "" or a text key: year_invalid, year_order


def fields(args) -> list[Field]:
    """The two inputs from request args. A value that is no year is not applied and gets
    `year_invalid`; a start after the end applies neither and gets `year_order`."""
    out = []
    for name in NAMES:
        typed = (args.get(name) or "").strip()[:20]
        year = search.read_year(typed) if typed else None
        out.append(Field(name, typed, year, "year_invalid" if typed and year is None else ""))
    start, end = out
    if start.year is not None and end.year is not None and start.year > end.year:
        start.error, start.year, end.year = "year_order", None, None
    return out


def inputs(cb, args) -> list[dict[str, str]]:
    """The two inputs for the page: name, label, the value as typed, the error in words."""
    bounds = {"min": search.YEAR_MIN, "max": search.YEAR_MAX}
    return [
        {
            "name": f.name,
            "label": cb.t(f.name.replace("year_", "years_")),
            "typed": f.typed,
            "error": cb.t(f.error).format(**bounds) if f.error else "",
        }
        for f in fields(args)
    ]


def pairs(query: search.Query) -> list[tuple[str, str]]:
    """The range as URL pairs (only the ends that are set)."""
    ends = zip(NAMES, (query.year_from, query.year_to), strict=True)
    return [(name, str(year)) for name, year in ends if year is not None]


def label(cb, query: search.Query) -> str:
    """The range in words: '2015–2020', 'vanaf 2015', 't/m 2020' ('' without one)."""
    start, end = query.year_from, query.year_to
    if start is not None and end is not None:
        return str(start) if start == end else f"{start}–{end}"
    if start is not None:
        return f"{cb.t('years_from_short')} {start}"
    return f"{cb.t('years_to_short')} {end}" if end is not None else ""
