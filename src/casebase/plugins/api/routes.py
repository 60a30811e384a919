"""Datasette plugin: the suppliers' versioned JSON API under /api/v1/ and its human page /api.

The shape of these responses is a contract (documented in /api/v1/openapi.json), unlike
Datasette's own JSON, which may change between Datasette versions. The case list uses the
same query builder as the site (`casebase.search`), so the API and the site agree.

HTTP behaviour shared by every route: JSON in UTF-8; errors as
`{"error": {"status", "parameter", "message"}}` (400 for bad parameters, 404 for unknown ids,
never a traceback); CORS open for GET; an ETag from the database's content hash plus the URL,
so `If-None-Match` gives 304; `Cache-Control` for CDNs, since the database is immutable
between builds.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import urllib.parse
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import AsgiStream, Response

from ... import __version__, matches, search, similar, spelling, text
from ... import read as records
from ...labels import Labels
from ..web import CORS, ApiError, casebase_database, error_response, json_response, serves_casebase
from . import export, openapi
from .params import PARAMS, case_query, make_cursor, parse, read_cursor

CACHE_CONTROL = "public, max-age=300"  # short: URLs are not versioned per build; ETag revalidates
BATCH = 200  # cases per query batch in the bulk exports


def _database(datasette):
    db = casebase_database(datasette)
    if db is None:  # routes are only registered with one; kept for a database removed later
        raise ApiError(503, "no casebase database is loaded")
    return db


def _etag(db, request) -> str:
    if not db.is_mutable and db.hash:
        version = db.hash
    else:  # a mutable database (development): changes whenever the file does
        stat = os.stat(db.path) if db.path else None
        version = f"{stat.st_mtime_ns}-{stat.st_size}" if stat else "memory"
    key = f"{__version__}|{version}|{request.url}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


def endpoint(operation: str | None):
    """Wrap a handler: CORS preflight, conditional GET, JSON errors (plugins/readonly.py refuses
    other methods before they get here)."""

    def wrap(handler):
        async def view(request, datasette):
            if request.method == "OPTIONS":
                return Response("", status=204, headers=CORS)
            try:
                db = _database(datasette)
                etag = _etag(db, request)
                # absolute URLs in responses come from the Host header: caches must key on it
                headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Host", **CORS}
                if _matches(request.headers.get("if-none-match"), etag):
                    return Response("", status=304, headers=headers)
                values = parse(request.args, PARAMS[operation]) if operation else {}
                response = await handler(request, datasette, db, values)
            except ApiError as exc:
                return error_response(exc)
            if isinstance(response, (dict, list)):
                response = json_response(response)
            response.headers.update(headers)
            return response

        view.__name__ = handler.__name__
        return view

    return wrap


def _linker(datasette, request):
    def link(path: str) -> str:
        return datasette.absolute_url(request, datasette.urls.path(path))

    return link


def _next_url(datasette, request, values: dict, offset: int, count: int, limit: int):
    if offset + limit >= count:
        return None
    pairs = [(k, v) for k in request.args.keys() if k != "cursor" for v in request.args.getlist(k)]
    pairs.append(("cursor", make_cursor(values, offset + limit)))
    return _linker(datasette, request)(request.path + "?" + urllib.parse.urlencode(pairs))


@endpoint("listCases")
async def list_cases(request, datasette, db, values):
    query = case_query(values)
    limit = values.get("limit", 50)
    offset = read_cursor(values)
    link = _linker(datasette, request)

    def fn(conn):
        labels = Labels(conn, values.get("lang", "nl"))
        # the same forgiving search as the site: spelling, then all words or most of them
        plan = spelling.prepare(conn, query)
        selected = matches.Matches(conn, plan)
        sql, params = selected.rows_sql(limit, offset)
        count = selected.count()
        found = records.summaries(conn, records.rows(conn, sql, params), labels, link)
        return count, found, plan

    count, cases, plan = await db.execute_fn(fn)
    few = values.get("q", "").strip() and offset == 0 and count < similar.FEW
    return {
        "cases": cases,
        "count": count,
        "next": _next_url(datasette, request, values, offset, count, limit),
        "match": "partial" if plan.query.partial else "all",
        "full_count": plan.full_total,
        "corrections": plan.corrections,
        "by_meaning": await _by_meaning(db, values, query, cases, link) if few else [],
    }


async def _by_meaning(db, values, query, found: list[dict], link) -> list[dict]:
    """Cases close in meaning to `q` within the filters, beyond those its words found."""
    if not await db.execute_fn(lambda conn: bool(similar.index_for(conn).ids)):
        return []  # built without similar cases: do not load the model for nothing
    loop = asyncio.get_running_loop()
    try:
        vector = (await loop.run_in_executor(None, similar.encode, [values["q"]]))[0]
    except MemoryError:
        return []  # under a tight memory cap the model may not load: the word matches stand
    filters = search.where(query.filters_only())

    def fn(conn):
        close = similar.by_meaning(conn, vector, [c["id"] for c in found], filters)
        scores = dict(close)
        case_rows = records.rows(
            conn,
            "select * from cases where id in (select value from json_each(?))",
            [json.dumps(list(scores))],
        )
        by_id = {r["id"]: r for r in case_rows}
        labels = Labels(conn, values.get("lang", "nl"))
        ordered = [by_id[cid] for cid in scores if cid in by_id]
        return [
            s | {"score": scores[s["id"]]} for s in records.summaries(conn, ordered, labels, link)
        ]

    return await db.execute_fn(fn)


@endpoint("getCase")
async def get_case(request, datasette, db, values):
    case_id = request.url_vars["case_id"]
    link = _linker(datasette, request)

    def fn(conn):
        return records.records(conn, [case_id], Labels(conn, values.get("lang", "nl")), link)

    found = await db.execute_fn(fn)
    if not found:
        raise ApiError(404, f"no case with id {case_id!r}", "id")
    return found[0]


async def _matching_ids(db, values) -> list[str]:
    # limit -1: no limit in SQLite. Same order as the list endpoint.
    def fn(conn):
        plan = spelling.prepare(conn, case_query(values))
        sql, params = matches.Matches(conn, plan).rows_sql(limit=-1)
        cursor = conn.execute(sql, params)
        column = [d[0] for d in cursor.description].index("id")
        return [row[column] for row in cursor.fetchall()]

    return await db.execute_fn(fn)


def _stream(db, ids: list[str], lang: str, link, line) -> Any:
    async def write(w):
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]

            def fn(conn, batch=batch):
                return records.records(conn, batch, Labels(conn, lang), link)

            chunk = "".join(line(r) for r in await db.execute_fn(fn))
            if chunk:
                await w.write(chunk)

    return write


@endpoint("getSimilarCases")
async def get_similar(request, datasette, db, values):
    case_id = request.url_vars["case_id"]
    link = _linker(datasette, request)

    def fn(conn):
        if not conn.execute("select 1 from cases where id = ?", [case_id]).fetchone():
            return None
        labels = Labels(conn, values.get("lang", "nl"))
        return records.similar_cases(conn, case_id, labels, link)

    found = await db.execute_fn(fn)
    if found is None:
        raise ApiError(404, f"no case with id {case_id!r}", "id")
    return {"id": case_id, "similar": found}


@endpoint("exportCasesNdjson")
async def export_ndjson(request, datasette, db, values):
    ids = await _matching_ids(db, values)
    write = _stream(
        db,
        ids,
        values.get("lang", "nl"),
        _linker(datasette, request),
        lambda r: json.dumps(r, ensure_ascii=False) + "\n",
    )
    return AsgiStream(write, content_type="application/x-ndjson; charset=utf-8")


@endpoint("exportCasesCsv")
async def export_csv(request, datasette, db, values):
    ids = await _matching_ids(db, values)
    dialect = export.Dialect(excel=values.get("format") == "excel")
    labels = bool(values.get("labels"))
    body = _stream(
        db,
        ids,
        values.get("lang", "nl"),
        _linker(datasette, request),
        lambda record: dialect.line(export.csv_row(record, labels)),
    )

    async def write(w):
        await w.write(dialect.start + dialect.line(export.CSV_COLUMNS))
        await body(w)

    return AsgiStream(
        write,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="casebase-cases.csv"'},
    )


def _lesson_matches(lesson: dict, q: str) -> bool:
    for lang, field in (("nl", "text"), ("en", "text_en")):
        terms = text.search_terms(q, lang)
        stems = set(text.stemmed(lesson[field] or "", lang).split())
        if terms and all(t in stems for t in terms):
            return True
    return False


@endpoint("listLessons")
async def list_lessons(request, datasette, db, values):
    limit = values.get("limit", 50)
    offset = read_cursor(values)
    link = _linker(datasette, request)

    def fn(conn):
        return records.lessons(conn, values, Labels(conn, values.get("lang", "nl")), link)

    found = await db.execute_fn(fn)
    if values.get("q", "").strip():
        found = [le for le in found if _lesson_matches(le, values["q"])]
    return {
        "lessons": found[offset : offset + limit],
        "count": len(found),
        "next": _next_url(datasette, request, values, offset, len(found), limit),
    }


@endpoint("listVocabularies")
async def list_vocabularies(request, datasette, db, values):
    return {"vocabularies": openapi.vocabularies()}


@endpoint("listCollections")
async def list_collections(request, datasette, db, values):
    link = _linker(datasette, request)
    return {"collections": await db.execute_fn(lambda conn: records.collections(conn, link))}


@endpoint("getCollection")
async def get_collection(request, datasette, db, values):
    collection_id = request.url_vars["collection_id"]
    link = _linker(datasette, request)

    def fn(conn):
        found = records.collection(conn, collection_id, link)
        if found is None:
            return None
        ids = found.pop("case_ids")
        case_rows = records.rows(
            conn,
            "select * from cases where id in (select value from json_each(?))",
            [json.dumps(ids)],
        )
        by_id = {r["id"]: r for r in case_rows}
        labels = Labels(conn, values.get("lang", "nl"))
        found["cases"] = records.summaries(
            conn, [by_id[i] for i in ids if i in by_id], labels, link
        )
        return found

    found = await db.execute_fn(fn)
    if found is None:
        raise ApiError(404, f"no collection with id {collection_id!r}", "id")
    return found


@endpoint(None)
async def get_openapi(request, datasette, db, values):
    return openapi.document(server=_linker(datasette, request)("/").rstrip("/"))


@endpoint(None)
async def api_index(request, datasette, db, values):
    link = _linker(datasette, request)
    return {
        "version": "v1",
        "openapi": link("/api/v1/openapi.json"),
        "documentation": link("/api"),
        "endpoints": {path: link(path) for path in openapi.PATHS},
        "database_download": link(f"/{db.name}.db"),
    }


@endpoint(None)
async def not_found(request, datasette, db, values):
    raise ApiError(404, f"no such API path: {request.path}; see /api/v1/openapi.json")


async def api_page(request, datasette):
    """The human API page (Dutch, or English with ?_lang=en)."""
    lang = "en" if request.args.get("_lang") == "en" else "nl"
    base = datasette.absolute_url(request, datasette.urls.path("/")).rstrip("/")
    context = {
        "cb_page": True,  # the site's base.html: our layout, not Datasette's
        "lang": lang,
        "base": base,
        "examples": openapi.examples(base),
        "endpoints": [{"path": p, "summary": spec[1]} for p, spec in openapi.PATHS.items()],
        "params": PARAMS["listCases"],
    }
    html = await datasette.render_template("api.html", context, request=request)
    return Response.html(html)


# (path pattern, view) pairs, in order: the catch-all 404 comes last.
ROUTES = [
    (r"^/api/?$", api_page),
    (r"^/api/v1/?$", api_index),
    (r"^/api/v1/openapi\.json$", get_openapi),
    (r"^/api/v1/cases$", list_cases),
    (r"^/api/v1/cases\.ndjson$", export_ndjson),
    (r"^/api/v1/cases\.csv$", export_csv),
    (r"^/api/v1/cases/(?P<case_id>[^/]+)$", get_case),
    (r"^/api/v1/cases/(?P<case_id>[^/]+)/similar$", get_similar),
    (r"^/api/v1/lessons$", list_lessons),
    (r"^/api/v1/vocabularies$", list_vocabularies),
    (r"^/api/v1/collections$", list_collections),
    (r"^/api/v1/collections/(?P<collection_id>[^/]+)$", get_collection),
    (r"^/api/v1/.*$", not_found),
]


@hookimpl
def register_routes(datasette):
    if not serves_casebase(datasette):
        return []  # another database: /api stays Datasette's (a 404)
    return ROUTES
