"""The search page's selection, taken elsewhere: the sort choices, the export links (CSV for
Excel and JSON through the API) and the Atom feed of the same selection.

Every link is built from the page's own state (`search.state_pairs`: text, filters and sort), so
an export holds exactly the cases the page lists, in the same order.
"""

from __future__ import annotations

from urllib.parse import urlencode

from casebase import search

from . import search as site_search

SORT_KEYS = {name: f"sort_{name}" for name in search.SORT_NAMES}


def sort_options(cb, query: search.Query) -> list[dict[str, object]]:
    """The orders a reader can choose; the current one is selected."""
    current = query.sort or ("relevance" if query.q else "newest")
    return [
        {"value": name, "label": cb.t(key), "selected": name == current}
        for name, key in SORT_KEYS.items()
    ]


def _api(cb, path: str, pairs: list[tuple[str, str]]) -> str:
    return cb.datasette.urls.path(path) + "?" + urlencode(pairs)


def links(cb, query: search.Query) -> dict[str, str]:
    """URLs of this selection as CSV for Excel (labels in the page's language), as JSON and as
    an Atom feed."""
    pairs = site_search.state_pairs(query)
    return {
        "excel": _api(
            cb,
            "/api/v1/cases.csv",
            pairs + [("lang", cb.lang), ("labels", "true"), ("format", "excel")],
        ),
        "json": _api(cb, "/api/v1/cases", pairs + [("lang", cb.lang), ("limit", "200")]),
        "feed": cb.url("/feed.atom", [p for p in pairs if p[0] != "sort"]),
    }
