"""Datasette hook `register_routes`: the public pages of the site.

/ (home), /zoeken (search), /case/<id>, /collecties, /collectie/<id>, /collectie/<id>/dossier
(every case of a collection in full, as one printable handout), /begrippen,
/begrip/<vocabulary>/<code>, /lessen and /assets/<file>. Datasette's own pages (/casebase/...)
stay where they are. Pages render templates from templates/ that extend base.html.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from casebase import render, similar, vocab

from ..web import serves_casebase
from . import data as site_data
from . import search as site_search
from . import selection, years
from .context import Site

STATIC = Path(__file__).resolve().parents[2] / "static"
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
LESSONS_PAGE = 50
LESSON_FILTERS = ("perspective", "instrument", "challenge")  # each the name of its vocabulary


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


# "Begin hier": the three perspectives a masterclass participant reads lessons from.
PERSPECTIVES = ("buyer", "supplier", "knowledge-institution")


async def home(datasette, request):
    db = datasette.get_database()
    data = await site_data.home(db)
    config = datasette.plugin_config("casebase") or {}
    context = {
        "data": data,
        "chart": _chart(data),
        "reading": reading_order(data["collections"], config.get("reading_order") or []),
        "perspectives": [vocab.terms_by_code("perspective")[code] for code in PERSPECTIVES],
        "vocabularies": vocab.vocabularies(),
    }
    return await _page(datasette, request, "cb_home.html", context)


def reading_order(collections: list[dict], order: list[str]) -> list[dict]:
    """Collections in the masterclass's reading order (ids in `order` first, then by title),
    each with the first sentence of its introduction in both languages."""
    rank = {cid: i for i, cid in enumerate(order)}
    ordered = sorted(collections, key=lambda k: (rank.get(k["id"], len(rank)), k["title"]))
    return [
        {
            **k,
            "lead_nl": _first_sentence(k["introduction_markdown"]),
            "lead_en": _first_sentence(k["introduction_en_markdown"]),
        }
        for k in ordered
    ]


def _first_sentence(markdown: str | None) -> str:
    plain = " ".join(render.plain(markdown or "").split())
    end = next(
        (i for i, ch in enumerate(plain) if ch in ".?!" and plain[i + 1 : i + 2] in (" ", "")), -1
    )
    return plain[: end + 1] if end >= 0 else plain


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
            "tick": i in (0, len(years) - 1) or (r["year"] % 5 == 0 and 4 <= i <= len(years) - 5),
            # on a phone only the first, the last and every tenth year keep a label
            "major": i in (0, len(years) - 1) or (r["year"] % 10 == 0 and 6 <= i <= len(years) - 7),
        }
        for i, r in enumerate(years)
    ]
    top = data["instruments"][:10]
    imax = max((r["count"] for r in top), default=1)
    # Each instrument's label sits above its bar, so the chart stays narrow (360 units) and its
    # text stays legible when a phone scales it to the screen.
    inst_bars = [
        {
            "y": 4 + i * ROW,
            "w": round(300 * r["count"] / imax, 1),
            "code": r["code"],
            "count": r["count"],
        }
        for i, r in enumerate(top)
    ]
    return {
        "years": year_bars,
        "years_width": 40 + len(years) * (bar_w + 4),
        "instruments": inst_bars,
        "instruments_height": 8 + len(top) * ROW,
        "ymax": ymax,
    }


ROW = 40  # height of one instrument in the chart: a label line and a bar


async def search_page(datasette, request):
    tidy = _without_empty(request)
    if tidy:  # an empty search box sends q=
        return Response.redirect(tidy)
    db = datasette.get_database()
    cb = Site(request, datasette)
    query, page = site_search.parse(request.args)
    limit_ms = datasette.setting("sql_time_limit_ms")
    found = await site_search.fetch(db, cb, query, page, limit_ms)
    total, plan = found.total, found.plan
    if found.results is None:
        # Beyond the last page: the last page, at its own URL, never "63 results" above
        # "no cases found".
        last = site_search.page_count(total)
        return Response.redirect(site_search.search_pagination(cb, query, last, total)["page_url"])
    relaxations = site_search.relaxation_links(cb, plan.query, found.relaxations)
    few = query.q and page == 1 and total < similar.FEW
    by_meaning = await site_search.by_meaning(db, cb, query, found.results) if few else []
    context = {
        "by_meaning": by_meaning,
        "query": query,
        "total": total,
        "results": found.results,
        "facets": site_search.facets(cb, query, found.counts),
        "active": site_search.active_filters(cb, query),
        "years": years.inputs(cb, request.args),
        "pagination": site_search.search_pagination(cb, query, page, total),
        "partial": plan.query.partial and bool(total),
        "full_total": plan.full_total or 0,
        "corrected": (
            {"q": plan.query.q, "url": cb.url("/zoeken", site_search.state_pairs(plan.query))}
            if plan.corrections
            else None
        ),
        "label_filters": site_search.label_links(cb, query, found.label_filters),
        "relaxations": relaxations,
        "relaxed": {r["url"]: r["count"] for r in relaxations if r["kind"] == "filter"},
        "clear_url": site_search.results_url(cb, [("q", query.q)]),
        "all_url": cb.url("/zoeken"),
        "state": site_search.state_pairs(query),
        "sorts": selection.sort_options(cb, query),
        "links": selection.links(cb, query),
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
    context = {
        "case": case,
        **_description(cb, case),
        # the stable API, not Datasette's own JSON (whose shape may change between versions)
        "json_case": datasette.urls.path(f"/api/v1/cases/{case['id']}")
        + ("?lang=en" if cb.lang == "en" else ""),
        "canonical": link(f"/case/{case['id']}"),
    }
    return await _page(datasette, request, "cb_case.html", context)


def _description(cb: Site, case: dict, anchor: str = "bron-", offset: int = 2) -> dict:
    """The case's description as HTML in the page language (or the other), with its footnotes
    linking to the sources' ids (`anchor` and the number)."""
    description, description_lang = cb.pick(case["description"], case["description_en"])
    numbers = {s["key"]: s["number"] for s in case["sources"] if s["key"]}
    html = render.markdown(
        description,
        heading_offset=offset,
        footnotes=numbers,
        footnote_label=cb.t("source"),
        footnote_anchor=anchor,
    )
    return {"description_html": html, "description_lang": description_lang}


async def collections_page(datasette, request):
    db = datasette.get_database()
    found = await site_data.collections(db)
    return await _page(datasette, request, "cb_collections.html", {"collections": found})


async def collection_page(datasette, request):
    return await _collection(datasette, request, "cb_collection.html")


async def dossier_page(datasette, request):
    """A collection as one handout: its introduction, then every case in reading order, in full."""
    return await _collection(datasette, request, "cb_dossier.html", _dossier_cases)


async def _collection(datasette, request, template: str, cases=None):
    """A page of one collection: the collection and its introduction in both languages, and
    `cases(datasette, request, collection)` as `cases` when given."""
    db = datasette.get_database()
    found = await site_data.collection(db, request.url_vars["id"])
    if found is None:
        return await _not_found(datasette, request)
    context = {
        "collection": found,
        "introduction_nl": render.markdown(found["introduction_markdown"]),
        "introduction_en": render.markdown(found["introduction_en_markdown"]),
    }
    if cases:
        context["cases"] = await cases(datasette, request, found)
    return await _page(datasette, request, template, context)


async def _dossier_cases(datasette, request, collection: dict) -> list[dict]:
    """Every case of the collection in full, with anchors of its own (c1-, c2-, ...)."""
    cb = Site(request, datasette)

    def link(path: str) -> str:
        return datasette.absolute_url(request, datasette.urls.path(path))

    ids = [c["id"] for c in collection["cases"]]
    cases = []
    found = await site_data.cases(datasette.get_database(), ids, cb.lang, link)
    for n, case in enumerate(found, start=1):
        anchor = f"c{n}-bron-"
        cases.append(
            {
                "case": case,
                "idp": f"c{n}-",
                "url": link(f"/case/{case['id']}"),
                **_description(cb, case, anchor, 3),
            }
        )
    return cases


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
    tidy = _without_empty(request)
    if tidy:
        return Response.redirect(tidy)
    db = datasette.get_database()
    filters = {}
    for name in LESSON_FILTERS:
        value = request.args.get(name) or ""
        # Only known codes become filters: the form offers nothing else.
        if value in vocab.terms_by_code(name):
            filters[name] = value
    try:
        page = min(max(int(request.args.get("page") or 1), 1), 1000)
    except ValueError:
        page = 1
    cb = Site(request, datasette)
    pairs = list(filters.items())
    total, found = await site_data.lessons(db, filters, LESSONS_PAGE, (page - 1) * LESSONS_PAGE)

    def pager(n: int) -> dict:
        return site_search.pagination(cb, "/lessen", pairs, n, total, LESSONS_PAGE, "lessen")

    last = site_search.page_count(total, LESSONS_PAGE)
    if page > last:  # beyond the end: the last page, at its own URL
        return Response.redirect(pager(last)["page_url"])
    options = {}
    for name in LESSON_FILTERS:
        counts = await site_data.lesson_counts(db, filters, name)
        # No options that would find nothing ("Gedeeld (0)"), except the one chosen.
        options[name] = [
            {"code": t["code"], "label": t[f"label_{cb.lang}"], "count": counts.get(t["code"], 0)}
            for t in vocab.vocabularies()[name]["terms"]
            if counts.get(t["code"]) or filters.get(name) == t["code"]
        ]
    context = {
        "filters": filters,
        "total": total,
        "lessons": found,
        "options": options,
        "pagination": pager(page),
    }
    return await _page(datasette, request, "cb_lessons.html", context)


def _without_empty(request) -> str | None:
    """This URL without its empty parameters (`?instrument=&challenge=`, which a GET form
    sends for "all"), or None when it has none."""
    pairs = [(k, v) for k in request.args.keys() for v in request.args.getlist(k)]
    kept = [(k, v) for k, v in pairs if v.strip()]
    if len(kept) == len(pairs):
        return None
    return request.path + (f"?{urlencode(kept)}" if kept else "")


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
def register_routes(datasette):
    if not serves_casebase(datasette):
        return []  # another database: / and the rest stay Datasette's own pages
    return [
        (r"^/$", home),
        (r"^/zoeken$", search_page),
        (r"^/case/(?P<id>[a-z0-9][a-z0-9-]{0,119})$", case_page),
        (r"^/collecties$", collections_page),
        (r"^/collectie/(?P<id>[a-z0-9][a-z0-9-]{0,119})$", collection_page),
        (r"^/collectie/(?P<id>[a-z0-9][a-z0-9-]{0,119})/dossier$", dossier_page),
        (r"^/begrippen$", glossary_index),
        (r"^/begrip/(?P<vocabulary>[a-z_]+)/(?P<code>[a-z0-9-]+)$", glossary_term),
        (r"^/lessen$", lessons_page),
        (r"^/assets/(?P<name>[a-z0-9-]+\.(?:css|js))$", asset),
    ]
