"""Datasette hook `register_routes`: the public pages of the site.

/ (home), /zoeken (search), /case/<id>, /collecties, /collectie/<id>, /begrippen,
/begrip/<vocabulary>/<code>, /lessen and /assets/<file>. Datasette's own pages (/casebase/...)
stay where they are. Pages render templates from templates/ that extend base.html.
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

from casebase import render, similar, vocab

from . import data as site_data
from . import search as site_search
from .context import Site

STATIC = Path(__file__).resolve().parents[2] / "static"
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
LESSONS_PAGE = 50


async def _page(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    html = await datasette.render_template(template, {"cb_page": True, **context}, request=request)
    return Response.html(html, status=status)


async def _not_found(datasette, request, message_key: str = "not_found_page") -> Response:
    cb = Site(request, datasette)
    return await _page(
        datasette,
        request,
        "cb_message.html",
        {"heading": cb.t("not_found"), "message": cb.t(message_key)},
        status=404,
    )


async def home(datasette, request):
    db = datasette.get_database()
    data = await site_data.home(db)
    return await _page(datasette, request, "cb_home.html", {"data": data, "chart": _chart(data)})


def _chart(data: dict) -> dict:
    """Bar geometry for the two small SVG charts (the template draws them)."""
    counts = {r["year"]: r["count"] for r in data["years"]}
    # Every year between the first and the last gets a bar (zero included), so the axis is linear.
    span = range(min(counts), max(counts) + 1) if counts else range(0)
    years = [{"year": y, "count": counts.get(y, 0)} for y in span]
    ymax = max((r["count"] for r in years), default=1)
    bar_w = 18 if len(years) <= 25 else 10
    year_bars = [
        {
            "x": 30 + i * (bar_w + 4),
            "h": round(120 * r["count"] / ymax, 1),
            "w": bar_w,
            "label": r["year"],
            "count": r["count"],
            # Axis labels: first, last and every fifth year not crowding them.
            "tick": i in (0, len(years) - 1) or (r["year"] % 5 == 0 and 3 <= i <= len(years) - 4),
        }
        for i, r in enumerate(years)
    ]
    top = data["instruments"][:10]
    imax = max((r["count"] for r in top), default=1)
    inst_bars = [
        {
            "y": 4 + i * 24,
            "w": round(220 * r["count"] / imax, 1),
            "code": r["code"],
            "count": r["count"],
        }
        for i, r in enumerate(top)
    ]
    return {
        "years": year_bars,
        "years_width": 40 + len(years) * (bar_w + 4),
        "instruments": inst_bars,
        "instruments_height": 8 + len(top) * 24,
        "ymax": ymax,
    }


async def search_page(datasette, request):
    db = datasette.get_database()
    cb = Site(request, datasette)
    query, page = site_search.parse(request.args)
    limit_ms = datasette.setting("sql_time_limit_ms")
    total, results, counts = await site_search.fetch(db, cb, query, page, limit_ms)
    few = query.q and page == 1 and total < similar.FEW
    by_meaning = await site_search.by_meaning(db, cb, query, results) if few else []
    context = {
        "by_meaning": by_meaning,
        "query": query,
        "total": total,
        "results": results,
        "facets": site_search.facets(cb, query, counts),
        "active": site_search.active_filters(cb, query),
        "pagination": site_search.pagination(cb, query, page, total),
        "clear_url": cb.url("/zoeken", [("q", query.q)]),
        "all_url": cb.url("/zoeken"),
    }
    return await _page(datasette, request, "cb_search.html", context)


async def case_page(datasette, request):
    db = datasette.get_database()
    cb = Site(request, datasette)

    def link(path: str) -> str:
        return datasette.absolute_url(request, datasette.urls.path(path))

    case = await site_data.case(db, request.url_vars["id"], cb.lang, link)
    if case is None:
        return await _not_found(datasette, request, "not_found_case")
    description, description_lang = cb.pick(case["description"], case["description_en"])
    numbers = {s["key"]: s["number"] for s in case["sources"] if s["key"]}
    context = {
        "case": case,
        "description_html": render.markdown(
            description, footnotes=numbers, footnote_label=cb.t("source")
        ),
        "description_lang": description_lang,
        # the stable API, not Datasette's own JSON (whose shape may change between versions)
        "json_case": datasette.urls.path(f"/api/v1/cases/{case['id']}")
        + ("?lang=en" if cb.lang == "en" else ""),
        "canonical": link(f"/case/{case['id']}"),
    }
    return await _page(datasette, request, "cb_case.html", context)


async def collections_page(datasette, request):
    db = datasette.get_database()
    found = await site_data.collections(db)
    return await _page(datasette, request, "cb_collections.html", {"collections": found})


async def collection_page(datasette, request):
    db = datasette.get_database()
    found = await site_data.collection(db, request.url_vars["id"])
    if found is None:
        return await _not_found(datasette, request)
    return await _page(
        datasette,
        request,
        "cb_collection.html",
        {
            "collection": found,
            "introduction_nl": render.markdown(found["introduction_markdown"]),
            "introduction_en": render.markdown(found["introduction_en_markdown"]),
        },
    )


async def glossary_index(datasette, request):
    db = datasette.get_database()
    groups = []
    for name in site_data.GLOSSARY:
        counts = await site_data.term_counts(db, name)
        terms = [
            {**t, "count": counts.get(t["code"], 0)}
            for t in vocab.vocabularies()[name]["terms"]
            if not t.get("deprecated")
        ]
        groups.append({"name": name, "terms": terms})
    return await _page(datasette, request, "cb_glossary_index.html", {"groups": groups})


async def glossary_term(datasette, request):
    name, code = request.url_vars["vocabulary"], request.url_vars["code"]
    term = vocab.terms_by_code(name).get(code) if name in site_data.GLOSSARY else None
    if term is None:
        return await _not_found(datasette, request)
    db = datasette.get_database()
    cases = await site_data.term_cases(db, name, code)
    return await _page(
        datasette,
        request,
        "cb_glossary_term.html",
        {
            "vocabulary": name,
            "term": term,
            "cases": cases,
            "has_feed": name in site_data.FEED_VOCABS,
        },
    )


async def lessons_page(datasette, request):
    db = datasette.get_database()
    filters = {}
    for name, vocabulary in (
        ("perspective", "perspective"),
        ("instrument", "instrument"),
        ("challenge", "challenge"),
    ):
        value = request.args.get(name) or ""
        # Only known codes become filters: the form offers nothing else.
        if value in vocab.terms_by_code(vocabulary):
            filters[name] = value
    try:
        page = min(max(int(request.args.get("page") or 1), 1), 1000)
    except ValueError:
        page = 1
    total, found = await site_data.lessons(db, filters, LESSONS_PAGE, (page - 1) * LESSONS_PAGE)
    cb = Site(request, datasette)
    pages = max(1, -(-total // LESSONS_PAGE))
    pairs = list(filters.items())
    context = {
        "filters": filters,
        "total": total,
        "lessons": found,
        "perspective_counts": await site_data.perspective_counts(db, filters),
        "options": {
            name: [t for t in vocab.vocabularies()[name]["terms"] if not t.get("deprecated")]
            for name in ("perspective", "instrument", "challenge")
        },
        "pagination": {
            "page": page,
            "pages": pages,
            "prev": cb.url("/lessen", pairs + [("page", page - 1)]) if page > 1 else None,
            "next": cb.url("/lessen", pairs + [("page", page + 1)]) if page < pages else None,
        },
    }
    return await _page(datasette, request, "cb_lessons.html", context)


async def asset(request):
    name = request.url_vars["name"]
    path = STATIC / name
    if path.suffix not in ASSET_TYPES or not path.is_file():
        return Response.text("not found", status=404)
    return Response(
        path.read_text(encoding="utf-8"),
        content_type=ASSET_TYPES[path.suffix],
        headers={"Cache-Control": "public, max-age=3600"},
    )


@hookimpl
def register_routes():
    return [
        (r"^/$", home),
        (r"^/zoeken$", search_page),
        (r"^/case/(?P<id>[a-z0-9][a-z0-9-]{0,119})$", case_page),
        (r"^/collecties$", collections_page),
        (r"^/collectie/(?P<id>[a-z0-9][a-z0-9-]{0,119})$", collection_page),
        (r"^/begrippen$", glossary_index),
        (r"^/begrip/(?P<vocabulary>[a-z_]+)/(?P<code>[a-z0-9-]+)$", glossary_term),
        (r"^/lessen$", lessons_page),
        (r"^/assets/(?P<name>[a-z0-9-]+\.(?:css|js))$", asset),
    ]
