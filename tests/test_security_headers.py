"""Security headers (plugins/security.py) on every kind of response, through Datasette's client:
the CSP, nosniff, Referrer-Policy, framing, and the hashes of Datasette's inline scripts."""

from __future__ import annotations

import re

import pytest
from datasette.app import Datasette

from casebase.plugins import security

from .servers import app

CASE = "proeftuin-energiezuinige-woning"

SITE_PAGES = [
    "/",
    "/?_lang=en",
    "/zoeken?q=woning",
    f"/case/{CASE}",
    "/collecties",
    "/collectie/masterclass-wonen",
    "/begrippen",
    "/begrip/instrument/pilot",
    "/lessen",
    "/api",
    "/feed.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/cases",
    "/api/v1/openapi.json",
    "/assets/site.css",
]
DATASETTE_PAGES = [
    "/casebase",
    "/casebase/cases",
    "/casebase/cases?_search=woning",
    f"/casebase/cases/{CASE}",
    "/casebase/cases.json",
    "/casebase?sql=select+id,+title+from+cases",
    "/-/static/app.css",
    "/-/static/table.js",
    "/-/versions.json",
]
NOT_FOUND = ["/no-such-page", "/case/no-such-case", "/casebase/no_such_table", "/-/static/nope.css"]


@pytest.fixture(scope="module")
def ds(site_db) -> Datasette:
    return app(site_db)


def directives(csp: str) -> dict[str, list[str]]:
    parts = [p.split() for p in csp.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_common_headers(response) -> dict[str, list[str]]:
    h = response.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"
    assert h["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in h["permissions-policy"]
    assert len(h.get_list("content-security-policy")) == 1
    csp = directives(h["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    return csp


@pytest.mark.parametrize("path", SITE_PAGES)
async def test_site_responses_get_the_strict_policy(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, path
    csp = assert_common_headers(response)
    # the site has no JavaScript and no inline styles at all
    assert csp["script-src"] == ["'none'"]
    assert csp["style-src"] == ["'self'"]


@pytest.mark.parametrize("path", DATASETTE_PAGES)
async def test_datasette_responses_get_hashes_not_unsafe_inline_scripts(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, path
    csp = assert_common_headers(response)
    assert csp["script-src"][0] == "'self'"
    assert all(s.startswith("'sha256-") for s in csp["script-src"][1:])


@pytest.mark.parametrize("path", NOT_FOUND)
async def test_errors_carry_the_headers(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 404, path
    assert_common_headers(response)


@pytest.mark.parametrize(
    "path",
    ["/casebase/cases", f"/casebase/cases/{CASE}", "/casebase?sql=select+id+from+cases"],
)
async def test_every_inline_script_of_a_datasette_page_is_allowed_by_hash(ds, path):
    response = await ds.client.get(path)
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert scripts, "expected Datasette's inline scripts on " + path
    allowed = directives(response.headers["content-security-policy"])["script-src"]
    for script in scripts:
        assert security.sha256_source(script) in allowed, script[:80]
    # and nothing sneaks through as an inline handler or a <script> with attributes
    assert not re.search(r"<script\s(?![^>]*\bsrc=)", response.text)
    assert not re.search(r"\son[a-z]+\s*=", response.text)


async def test_the_policy_does_not_depend_on_the_body(ds):
    """Hashes come from Datasette's templates: a script injected into a page is not allowed."""
    a = await ds.client.get("/casebase/cases")
    b = await ds.client.get("/casebase/lessons?_search=script")
    assert a.headers["content-security-policy"] == b.headers["content-security-policy"]
    injected = security.sha256_source("window.__xss=1")
    assert injected not in a.headers["content-security-policy"]


def test_the_allowed_scripts_are_exactly_datasettes_inline_blocks():
    texts = security.datasette_scripts()
    assert "DATASETTE_ALLOW_FACET = true;" in texts
    assert "DATASETTE_ALLOW_FACET = false;" in texts
    assert any("window.onload" in t and "CodeMirror.fromTextArea" in t for t in texts)
    assert any("Close any open details elements" in t for t in texts)
    assert len(texts) == 4


async def test_existing_headers_survive_cors_etag_and_304(ds):
    first = await ds.client.get("/api/v1/cases")
    assert first.headers["access-control-allow-origin"] == "*"
    assert first.headers["cache-control"] == "public, max-age=300"
    etag = first.headers["etag"]
    again = await ds.client.get("/api/v1/cases", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    assert again.headers["access-control-allow-origin"] == "*"
    assert_common_headers(again)
    preflight = await ds.client.options("/api/v1/cases")
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert_common_headers(preflight)


async def test_streamed_csv_and_database_download_pass_through(ds):
    csv = await ds.client.get("/casebase/cases.csv?_stream=on&_size=max")
    assert csv.status_code == 200
    assert csv.text.startswith("id,")
    assert csv.text.count(CASE) >= 1
    assert_common_headers(csv)
    db = await ds.client.get("/casebase.db")
    assert db.status_code == 200
    assert db.content.startswith(b"SQLite format 3\x00")
    assert_common_headers(db)


def test_datasette_paths_are_told_apart_from_the_site():
    databases = {"casebase": None}
    for path in ["/casebase", "/casebase/cases", "/casebase.db", "/casebase.json", "/-/static/x"]:
        assert security.is_datasette_path(path, databases), path
    for path in ["/", "/zoeken", "/case/casebase", "/api/v1/cases", "/casebasex", "/feed.atom"]:
        assert not security.is_datasette_path(path, databases), path
