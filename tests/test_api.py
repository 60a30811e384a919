"""Contract tests of the suppliers' API (/api/v1/...) through Datasette's own client."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import jsonschema
import pytest

from casebase import vocab
from casebase.plugins.api import openapi
from casebase.plugins.api.params import PARAMS
from casebase.plugins.api.routes import ROUTES

from .api_support import build_api_db, datasette

ALL = {"digitaal-loket-hergebruik", "provincie-energie-partnerschap", "woningbouw-pilot"}


@pytest.fixture(scope="module")
def api_db(tmp_path_factory):
    return build_api_db(tmp_path_factory.mktemp("api"))


@pytest.fixture
def ds(api_db):
    return datasette(api_db)


def conforms(data, schema_name: str) -> None:
    """Validate a response body against a schema of the published OpenAPI document."""
    doc = openapi.document()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": doc["components"]}
    jsonschema.Draft202012Validator(schema).validate(data)


async def get(ds, path, status=200, **kwargs):
    path = path.removeprefix("http://localhost")  # next/api_url links are absolute
    response = await ds.client.get(path, **kwargs)
    assert response.status_code == status, (path, response.text[:500])
    return response


async def ids(ds, query: str) -> list[str]:
    data = (await get(ds, f"/api/v1/cases?{query}")).json()
    conforms(data, "CaseList")
    return [c["id"] for c in data["cases"]]


async def test_case_list_shape_and_default_order(ds):
    data = (await get(ds, "/api/v1/cases")).json()
    conforms(data, "CaseList")
    assert data["count"] == 3 and data["next"] is None
    # documented stable order: newest year_start first, then id
    assert [c["id"] for c in data["cases"]] == [
        "provincie-energie-partnerschap",
        "digitaal-loket-hergebruik",
        "woningbouw-pilot",
    ]
    first = data["cases"][0]
    assert first["url"] == "http://localhost/case/provincie-energie-partnerschap"
    assert first["api_url"] == "http://localhost/api/v1/cases/provincie-energie-partnerschap"
    assert first["instruments"][0] == {
        "code": "market-consultation",
        "label": "Marktconsultatie",
        "label_nl": "Marktconsultatie",
        "label_en": "Preliminary market consultation",
    }
    assert first["buyer_names"] == ["Provincie Proefland", "Waterschap Testdelta"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("instrument=market-consultation", ["provincie-energie-partnerschap", "woningbouw-pilot"]),
        ("instrument=market-consultation&instrument=pilot", ["woningbouw-pilot"]),
        ("instrument=pilot&instrument=reuse", []),
        ("challenge=energy-transition", ["provincie-energie-partnerschap"]),
        ("technique=framework-agreement", ["provincie-energie-partnerschap"]),
        (
            "country=NL",
            ["provincie-energie-partnerschap", "digitaal-loket-hergebruik", "woningbouw-pilot"],
        ),
        ("country=nl&status=completed", ["woningbouw-pilot"]),
        ("buyer_type=nl-province&buyer_type=nl-water-board", ["provincie-energie-partnerschap"]),
        ("government_level=regional", ["provincie-energie-partnerschap"]),
        ("status=running", ["provincie-energie-partnerschap", "digitaal-loket-hergebruik"]),
        ("outcome=deployed", ["woningbouw-pilot"]),
        ("procedure=innovation-partnership", ["provincie-energie-partnerschap"]),
        ("cpv=45211000-2", ["woningbouw-pilot"]),
        ("cpv=09310000-5&cpv=45233000-9", ["provincie-energie-partnerschap"]),
        ("cpv=09310000-5&cpv=45211000-2", []),
        ("year_to=2020", ["woningbouw-pilot"]),
        ("year_from=2022", ["provincie-energie-partnerschap", "digitaal-loket-hergebruik"]),
        ("year_from=2020&year_to=2021", ["woningbouw-pilot"]),
        ("q=woningen", ["woningbouw-pilot"]),  # Dutch stemming: woningen = woning
        ("q=cooperatie", ["provincie-energie-partnerschap", "digitaal-loket-hergebruik"]),
        ("q=energy storage&instrument=joint-procurement", ["provincie-energie-partnerschap"]),
        ("q=!!!", []),
        ("q=', \" OR 1=1 --", []),
    ],
)
async def test_case_filters(ds, query, expected):
    got = await ids(ds, query)
    if query.startswith("q=cooperatie"):
        assert set(got) == set(expected)  # relevance order
    else:
        assert got == expected


async def test_text_search_is_ordered_by_relevance(ds):
    # title hits weigh more than body hits
    got = await ids(ds, "q=proeftuin")
    assert got[0] == "woningbouw-pilot"


async def test_labels_follow_lang(ds):
    data = (await get(ds, "/api/v1/cases?status=completed&lang=en")).json()
    case = data["cases"][0]
    assert case["status"]["label"] == "Completed" and case["status"]["label_nl"] == "Afgerond"
    assert case["url"].endswith("/case/woningbouw-pilot?_lang=en")


async def test_cursor_pagination_walks_every_case_once(ds):
    seen, url, pages = [], "/api/v1/cases?limit=1&country=NL", 0
    while url:
        data = (await get(ds, url)).json()
        assert data["count"] == 3
        seen += [c["id"] for c in data["cases"]]
        url = data["next"]
        pages += 1
        if url:
            assert "country=NL" in url and "limit=1" in url and url.startswith("http://localhost/")
    assert pages == 3 and seen == await ids(ds, "country=NL")


async def test_lesson_pagination(ds):
    data = (await get(ds, "/api/v1/lessons?limit=3")).json()
    assert data["count"] == 4 and len(data["lessons"]) == 3
    rest = (await get(ds, data["next"])).json()
    assert len(rest["lessons"]) == 1 and rest["next"] is None


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("instrument=pilots", "instrument"),
        ("instrument=", "instrument"),
        ("challenge=climate", "challenge"),
        ("status=done", "status"),
        ("status=running&status=completed", "status"),
        ("buyer_type=gemeente", "buyer_type"),
        ("procedure=x", "procedure"),
        ("country=NLD", "country"),
        ("cpv=45211000", "cpv"),
        ("year_from=abc", "year_from"),
        ("year_from=1800", "year_from"),
        ("year_to=20000", "year_to"),
        ("year_to=2020.5", "year_to"),
        ("year_from=2022&year_to=2020", "year_from"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("lang=de", "lang"),
        ("cursor=abc", "cursor"),
        ("cursor=%F0%9F%98%80", "cursor"),
        ("cursor=eyJvIjogLTF9", "cursor"),
        ("instruments=pilot", "instruments"),
        ("q=" + "x" * 501, "q"),
    ],
)
async def test_bad_parameters_are_400_naming_the_parameter(ds, query, parameter):
    response = await get(ds, f"/api/v1/cases?{query}", status=400)
    body = response.json()
    conforms(body, "Error")
    assert body["error"]["status"] == 400 and body["error"]["parameter"] == parameter
    assert body["error"]["message"]
    assert response.headers["access-control-allow-origin"] == "*"


async def test_cursor_from_another_query_is_rejected(ds):
    data = (await get(ds, "/api/v1/cases?limit=1")).json()
    cursor = data["next"].split("cursor=")[1]
    response = await get(ds, f"/api/v1/cases?limit=1&status=running&cursor={cursor}", status=400)
    assert "other filters" in response.json()["error"]["message"]
    # the limit may change between pages
    await get(ds, f"/api/v1/cases?limit=2&cursor={cursor}")


async def test_unknown_code_message_lists_allowed_codes(ds):
    message = (await get(ds, "/api/v1/cases?instrument=pilots", 400)).json()["error"]["message"]
    assert "'pilots'" in message and "market-consultation" in message


async def test_cache_busting_parameters_are_ignored(ds):
    assert len(await ids(ds, "_=12345")) == 3


async def test_full_case_record(ds):
    data = (await get(ds, "/api/v1/cases/provincie-energie-partnerschap")).json()
    conforms(data, "Case")
    assert data["url"] == "http://localhost/case/provincie-energie-partnerschap"
    assert data["procedure"]["code"] == "innovation-partnership"
    assert data["ocds_procurement_method"] == "selective"
    assert data["eforms_procedure_type"] == "innovation"
    assert data["cpv"] == ["09310000-5", "45233000-9"]
    # TED and TenderNed identifiers link to their public notices; the others name no page
    links = {i["value"]: i["url"] for i in data["identifiers"]}
    assert links == {
        "09310000-5": None,
        "45233000-9": None,
        "2016/S 253-466898": "https://ted.europa.eu/en/search/result"
        "?FT=2016%2FS+253-466898&search-scope=ALL",
        "554113-2026": "https://ted.europa.eu/en/notice/-/detail/554113-2026",
        "123456": "https://www.tenderned.nl/aankondigingen/overzicht/123456",
        "ocds-abcdef-0001": None,
        "1e86a664-ae3c-41eb-8529-0242ac130003": None,
    }
    schemes = {i["scheme"] for i in data["identifiers"]}
    assert schemes == {"cpv", "ted", "tenderned", "ocid", "eforms_procedure_id"}
    assert [b["government_level"]["code"] for b in data["buyers"]] == ["regional", "regional"]
    assert data["participants"][0]["role"]["label_en"] == "Supplier"
    assert data["participants"][0]["country"] == "BE"
    assert data["value"]["amount_eur"] == 2500000.5
    assert data["related"][0]["case"] == "woningbouw-pilot"
    assert data["related"][0]["relation"]["code"] == "follow-up-of"
    assert data["lessons"][0]["id"] == "provincie-energie-partnerschap/1"


async def test_links_in_both_directions(ds):
    data = (await get(ds, "/api/v1/cases/woningbouw-pilot")).json()
    assert [r["case"] for r in data["related"]] == ["digitaal-loket-hergebruik"]
    incoming = {(r["case"], r["relation"]["code"]) for r in data["referenced_by"]}
    assert incoming == {
        ("digitaal-loket-hergebruik", "see-also"),
        ("provincie-energie-partnerschap", "follow-up-of"),
    }
    assert data["collections"][0]["id"] == "leren" and data["collections"][0]["position"] == 1
    assert data["ocds_procurement_method"] == "open"
    assert data["eforms_procedure_type"] == "oth-single"
    assert data["value"]["amount_eur"] == 1500000 and isinstance(data["value"]["amount_eur"], int)


async def test_case_without_procedure_has_null_join_codes(ds):
    data = (await get(ds, "/api/v1/cases/digitaal-loket-hergebruik")).json()
    conforms(data, "Case")
    assert data["procedure"] is None and data["ocds_procurement_method"] is None
    assert data["value"] is None and data["referenced_by"][0]["case"] == "woningbouw-pilot"


@pytest.mark.parametrize(
    "path", ["/api/v1/cases/nope", "/api/v1/cases/..%2F..", "/api/v1/collections/nope"]
)
async def test_unknown_ids_are_404(ds, path):
    body = (await get(ds, path, status=404)).json()
    conforms(body, "Error")
    assert body["error"]["status"] == 404 and body["error"]["parameter"] == "id"


async def test_unknown_api_path_is_json_404(ds):
    body = (await get(ds, "/api/v1/case", status=404)).json()
    assert body["error"]["status"] == 404


async def test_vocabularies(ds):
    data = (await get(ds, "/api/v1/vocabularies")).json()
    conforms(data, "VocabularyList")
    by_name = {v["name"]: v for v in data["vocabularies"]}
    assert set(by_name) == set(vocab.vocabularies())
    terms = {t["code"]: t for t in by_name["procedure"]["terms"]}
    assert terms["competitive-dialogue"]["ocds_method"] == "selective"
    assert terms["competitive-dialogue"]["definition_en"]
    assert [t["code"] for t in by_name["instrument"]["terms"]][:1] == ["market-consultation"]


async def test_collections(ds):
    data = (await get(ds, "/api/v1/collections")).json()
    conforms(data, "CollectionList")
    assert [c["id"] for c in data["collections"]] == ["leren"]
    detail = (await get(ds, data["collections"][0]["api_url"])).json()
    conforms(detail, "CollectionDetail")
    assert [c["id"] for c in detail["cases"]] == ["woningbouw-pilot", "digitaal-loket-hergebruik"]
    assert detail["introduction_en"] == "Two examples to start with."


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 4),
        ("perspective=supplier", 2),
        ("perspective=buyer&instrument=joint-procurement", 1),
        ("challenge=circular-economy", 2),
        ("instrument=pilot&instrument=market-consultation", 2),
        ("q=intellectueel eigendom", 1),
        ("q=intellectual property", 1),
        ("q=bouwer", 1),  # stemmed: Bouwers
        ("q=nothing-like-this", 0),
    ],
)
async def test_lessons(ds, query, expected):
    data = (await get(ds, f"/api/v1/lessons?{query}")).json()
    conforms(data, "LessonList")
    assert data["count"] == expected == len(data["lessons"])
    for lesson in data["lessons"]:
        assert lesson["url"].endswith(f"/case/{lesson['case_id']}")


async def test_lessons_bad_perspective(ds):
    body = (await get(ds, "/api/v1/lessons?perspective=citizen", 400)).json()
    assert body["error"]["parameter"] == "perspective"


async def test_ndjson_export_is_full_records(ds):
    response = await get(ds, "/api/v1/cases.ndjson")
    assert response.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    assert response.headers["etag"] and response.headers["access-control-allow-origin"] == "*"
    lines = response.text.splitlines()
    assert len(lines) == 3
    for line in lines:
        conforms(json.loads(line), "Case")
    filtered = (await get(ds, "/api/v1/cases.ndjson?challenge=energy-transition")).text
    assert [json.loads(x)["id"] for x in filtered.splitlines()] == [
        "provincie-energie-partnerschap"
    ]
    await get(ds, "/api/v1/cases.ndjson?instrument=x", status=400)


async def test_csv_export(ds):
    response = await get(ds, "/api/v1/cases.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["id"] for r in table} == ALL
    row = next(r for r in table if r["id"] == "provincie-energie-partnerschap")
    assert row["cpv"] == "09310000-5; 45233000-9"
    assert row["ocds_procurement_method"] == "selective"
    assert row["buyer_types"] == "nl-province; nl-water-board"
    assert row["tenderned"] == "123456" and row["value_eur"] == "2500000.5"
    empty = (await get(ds, "/api/v1/cases.csv?status=planned")).text
    assert empty.splitlines()[0].startswith("id,url,title")


async def test_csv_for_excel_with_labels(ds):
    """format=excel: semicolons, a UTF-8 byte-order mark, decimal commas; labels in `lang`."""
    response = await get(ds, "/api/v1/cases.csv?format=excel&labels=true&lang=nl")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel reads as UTF-8
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;url;title;")
    table = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["id"] for r in table} == ALL
    row = next(r for r in table if r["id"] == "provincie-energie-partnerschap")
    assert row["buyer_types"] == "; ".join(
        vocab.label("buyer_type", c, "nl") for c in ("nl-province", "nl-water-board")
    )
    assert row["status"] == vocab.label("status", "running", "nl")
    assert row["value_eur"] == "2500000,5"
    english = (await get(ds, "/api/v1/cases.csv?labels=true&lang=en")).text
    row = next(r for r in csv.DictReader(io.StringIO(english)) if r["id"] == row["id"])
    assert row["status"] == vocab.label("status", "running", "en")
    assert not english.startswith("\ufeff")  # plain CSV: no BOM, commas
    for bad in ("format=xls", "labels=maybe"):
        await get(ds, f"/api/v1/cases.csv?{bad}", status=400)


async def test_updated_since_for_keeping_a_copy_in_sync(ds):
    # the fixture cases were reviewed 2025-06-01, 2026-09-15 and 2026-11-01 (no git dates)
    assert set(await ids(ds, "updated_since=2026-09-15")) == {
        "provincie-energie-partnerschap",
        "woningbouw-pilot",
    }
    assert await ids(ds, "updated_since=2026-11-02") == []
    assert len(await ids(ds, "updated_since=2000-01-01")) == 3
    lines = (await get(ds, "/api/v1/cases.ndjson?updated_since=2026-11-01")).text.splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["woningbouw-pilot"]
    for bad in ("2026-13-01", "yesterday", "2026-1-1"):
        error = (await get(ds, f"/api/v1/cases?updated_since={bad}", status=400)).json()
        assert error["error"]["parameter"] == "updated_since"


async def test_sort_orders(ds):
    assert await ids(ds, "sort=oldest") == [
        "woningbouw-pilot",
        "digitaal-loket-hergebruik",
        "provincie-energie-partnerschap",
    ]
    assert await ids(ds, "sort=newest") == await ids(ds, "") == await ids(ds, "sort=relevance")
    assert await ids(ds, "sort=reviewed") == [
        "woningbouw-pilot",
        "provincie-energie-partnerschap",
        "digitaal-loket-hergebruik",
    ]
    error = (await get(ds, "/api/v1/cases?sort=best", status=400)).json()
    assert error["error"]["parameter"] == "sort"


def test_new_parameters_are_in_the_openapi_document():
    doc = openapi.document()
    listed = {p["name"]: p for p in doc["paths"]["/api/v1/cases"]["get"]["parameters"]}
    assert listed["sort"]["schema"]["enum"] == ["relevance", "newest", "oldest", "reviewed"]
    assert listed["updated_since"]["schema"]["format"] == "date"
    csv_params = {p["name"]: p for p in doc["paths"]["/api/v1/cases.csv"]["get"]["parameters"]}
    assert csv_params["format"]["schema"]["enum"] == ["csv", "excel"]
    assert csv_params["labels"]["schema"]["type"] == "boolean"
    assert {"lang", "sort", "updated_since"} <= set(csv_params)


async def test_sqlite_file_is_downloadable(ds):
    response = await get(ds, "/casebase.db")
    assert response.content[:16] == b"SQLite format 3\x00"
    assert response.headers["content-type"] == "application/octet-stream"


async def test_cors_etag_and_conditional_get(ds):
    first = await get(ds, "/api/v1/cases?status=running")
    etag = first.headers["etag"]
    assert first.headers["access-control-allow-origin"] == "*"
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert first.headers["content-type"] == "application/json; charset=utf-8"
    again = await get(
        ds, "/api/v1/cases?status=running", status=304, headers={"If-None-Match": etag}
    )
    assert again.content == b"" and again.headers["etag"] == etag
    weak = await ds.client.get(
        "/api/v1/cases?status=running", headers={"If-None-Match": f"W/{etag}"}
    )
    assert weak.status_code == 304
    other = await get(ds, "/api/v1/cases?status=completed", headers={"If-None-Match": etag})
    assert other.headers["etag"] != etag


async def test_json_is_utf8_not_escaped(ds):
    response = await get(ds, "/api/v1/cases/digitaal-loket-hergebruik")
    assert "coöperatie".encode() in response.content


async def test_preflight_and_other_methods(ds):
    preflight = await ds.client.options("/api/v1/cases")
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]
    post = await ds.client.post("/api/v1/cases", json={})
    assert post.status_code == 405
    delete = await ds.client.request("DELETE", "/api/v1/cases")
    assert delete.status_code == 405 and delete.headers["allow"] == "GET, HEAD, OPTIONS"
    assert delete.json()["error"]["status"] == 405
    head = await ds.client.request("HEAD", "/api/v1/cases")
    assert head.status_code == 200 and head.headers["etag"] and head.content == b""


async def test_index_and_openapi_document(ds):
    index = (await get(ds, "/api/v1")).json()
    assert index["openapi"] == "http://localhost/api/v1/openapi.json"
    doc = (await get(ds, "/api/v1/openapi.json")).json()
    assert doc["openapi"] == "3.1.0" and doc["servers"] == [{"url": "http://localhost"}]


def test_openapi_matches_the_routes_and_parameters():
    doc = openapi.document()
    routes = [regex for regex, _ in ROUTES if regex != r"^/api/v1/.*$"]
    for path, item in doc["paths"].items():
        concrete = path.replace("{id}", "some-id")
        assert any(re.match(regex, concrete) for regex in routes), path
        op = item["get"]
        names = [p["name"] for p in op["parameters"] if p["in"] == "query"]
        assert names == [p.name for p in PARAMS[op["operationId"]]]
        assert "400" in op["responses"] or not names
    case_params = {p["name"]: p for p in doc["paths"]["/api/v1/cases"]["get"]["parameters"]}
    assert case_params["instrument"]["schema"]["items"]["enum"] == list(
        vocab.terms_by_code("instrument")
    )
    assert case_params["instrument"]["explode"] is True
    for p in case_params.values():  # every parameter documents an example, except the cursor
        assert "example" in p or p["name"] == "cursor"
    jsonschema.Draft202012Validator.check_schema({"components": doc["components"]})


async def test_human_api_page(ds):
    nl = html.unescape((await get(ds, "/api")).text)
    assert "curl -s 'http://localhost/api/v1/vocabularies'" in nl
    assert "Voorbeelden: uw eerste drie aanroepen" in nl
    en = (await get(ds, "/api?_lang=en")).text
    assert "Examples: your first three calls" in en and "curl -s" in en
