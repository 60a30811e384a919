"""Datasette hook `register_routes` for discovery: Atom feeds, sitemap.xml and robots.txt.

Feeds: /feed.atom (all cases, or with the search page's parameters the cases of that search:
"Volg deze zoekopdracht") and /feed/instrument/<code>.atom, /feed/challenge/<code>.atom,
newest change first (git `updated` date or `last_reviewed`, whichever is later). XML is built with
ElementTree so every value is escaped. Absolute URLs use the `site_url` plugin setting when set,
else the request's host.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from casebase import vocab

from ..web import page_lang, serves_casebase
from . import data as site_data
from . import search as site_search
from . import text as site_text
from .context import Site

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", ATOM)


def _absolute(datasette, request, path: str) -> str:
    base = ((datasette.plugin_config("casebase") or {}).get("site_url") or "").rstrip("/")
    path = datasette.urls.path(path)
    return base + path if base else datasette.absolute_url(request, path)


def _stamp(day: str | None) -> str | None:
    """RFC 3339 timestamp for a YYYY-MM-DD date (midnight UTC)."""
    return f"{day[:10]}T00:00:00Z" if day and len(day) >= 10 else None


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


async def feed(datasette, request):
    vocabulary = request.url_vars.get("vocabulary")
    code = request.url_vars.get("code")
    lang = page_lang(request)
    suffix = "?_lang=en" if lang == "en" else ""
    head_suffix = suffix
    query = None
    if vocabulary:
        if vocabulary not in site_data.FEED_VOCABS or code not in vocab.terms_by_code(vocabulary):
            return Response.text(
                "Unknown feed; see /begrippen for instruments and challenges.", 404
            )
        title = f"casebase: {vocab.label(vocabulary, code, lang)}"
        self_path = f"/feed/{vocabulary}/{code}.atom"
        html_path = f"/begrip/{vocabulary}/{code}"
    else:
        title = site_text.t("feed_title_all", lang)
        self_path, html_path = "/feed.atom", "/"
        query, _ = site_search.parse(request.args)
        if query.is_empty():
            query = None
        else:  # a search: the same selection as /zoeken with these parameters
            cb = Site(request, datasette)
            pairs = [p for p in site_search.state_pairs(query) if p[0] != "sort"]
            words = [query.q] if query.q else []
            words += [a["label"] for a in site_search.active_filters(cb, query)]
            title = f"{site_text.t('feed_title_search', lang)}: {' · '.join(words)}"
            query_string = urlencode(pairs + ([("_lang", "en")] if lang == "en" else []))
            self_path, html_path = f"/feed.atom?{query_string}", f"/zoeken?{query_string}"
            head_suffix = ""  # the language is in the query string already
    cases = await site_data.feed_cases(datasette.get_database(), vocabulary, code, query)

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _sub(root, f"{{{ATOM}}}title", title)
    _sub(root, f"{{{ATOM}}}id", _absolute(datasette, request, self_path) + head_suffix)
    _sub(
        root,
        f"{{{ATOM}}}link",
        rel="self",
        href=_absolute(datasette, request, self_path) + head_suffix,
    )
    _sub(
        root,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        href=_absolute(datasette, request, html_path) + head_suffix,
    )
    author = _sub(root, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", "casebase")
    stamps = [
        _stamp(max(c["updated"] or "", c["last_reviewed"] or "")) or "1970-01-01T00:00:00Z"
        for c in cases
    ]
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _sub(root, f"{{{ATOM}}}updated", max(stamps) if stamps else now)
    for c, stamp in zip(cases, stamps, strict=True):
        entry = _sub(root, f"{{{ATOM}}}entry")
        url = _absolute(datasette, request, f"/case/{c['id']}")
        _sub(entry, f"{{{ATOM}}}title", c["title_en"] if lang == "en" else c["title"])
        _sub(entry, f"{{{ATOM}}}id", url)
        _sub(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url + suffix)
        _sub(entry, f"{{{ATOM}}}updated", stamp)
        if _stamp(c["created"]):
            _sub(entry, f"{{{ATOM}}}published", _stamp(c["created"]))
        _sub(entry, f"{{{ATOM}}}summary", c["summary_en"] if lang == "en" else c["summary"])
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="application/atom+xml; charset=utf-8",
    )


async def sitemap(datasette, request):
    data = await site_data.sitemap(datasette.get_database())
    paths: list[tuple[str, str | None]] = [
        ("/", None),
        ("/zoeken", None),
        ("/lessen", None),
        ("/begrippen", None),
        ("/collecties", None),
        ("/api", None),
    ]
    paths += [(f"/case/{c['id']}", c["lastmod"]) for c in data["cases"]]
    paths += [(f"/collectie/{k['id']}", None) for k in data["collections"]]
    paths += [(f"/collectie/{k['id']}/dossier", None) for k in data["collections"]]
    for name in site_data.GLOSSARY:
        paths += [(f"/begrip/{name}/{code}", None) for code in vocab.codes(name)]
    # Names written as they appear, with the sitemap namespace as the default one: namespaced
    # tags would get ElementTree's global prefixes (ns0:urlset), which some crawlers reject.
    root = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for path, lastmod in paths:
        url = _absolute(datasette, request, path)
        item = _sub(root, "url")
        _sub(item, "loc", url)
        if lastmod and len(lastmod) >= 10:
            _sub(item, "lastmod", lastmod[:10])
        _sub(item, "xhtml:link", rel="alternate", hreflang="nl", href=url)
        _sub(item, "xhtml:link", rel="alternate", hreflang="en", href=f"{url}?_lang=en")
    body = ET.tostring(root, encoding="unicode")
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="application/xml; charset=utf-8",
    )


async def robots(datasette, request):
    db = datasette.get_database().name
    lines = [
        "User-agent: *",
        "Allow: /",
        # Arbitrary SQL and the raw database are for people, not crawlers.
        f"Disallow: /{db}?",
        f"Disallow: /{db}.db",
        f"Disallow: /{db}.json",
        "Disallow: /-/",
        f"Sitemap: {_absolute(datasette, request, '/sitemap.xml')}",
    ]
    return Response.text("\n".join(lines) + "\n")


@hookimpl
def register_routes(datasette):
    if not serves_casebase(datasette):
        return []
    return [
        (r"^/feed\.atom$", feed),
        (r"^/feed/(?P<vocabulary>[a-z_]+)/(?P<code>[a-z0-9-]+)\.atom$", feed),
        (r"^/sitemap\.xml$", sitemap),
        (r"^/robots\.txt$", robots),
    ]
