"""The served site through Datasette's own client: facets, filters, search, row pages."""

from __future__ import annotations

import pytest

from .servers import app


@pytest.fixture
def ds(fixture_db):
    return app(fixture_db)


async def test_plugin_is_registered(ds):
    plugins = (await ds.client.get("/-/plugins.json")).json()
    # every module of the package registers as its own plugin entry named "casebase"
    hooks = {h for p in plugins if p["name"] == "casebase" for h in p["hooks"]}
    assert {"register_facet_classes", "filters_from_request"} <= hooks


async def test_instrument_facet_shows_labels_and_counts(ds):
    data = (await ds.client.get("/casebase/cases.json?_lang=nl")).json()
    facet = data["facet_results"]["instruments"]
    got = {v["value"]: (v["label"], v["count"]) for v in facet["results"]}
    assert got["pilot"] == ("Pilot / proeftuin", 1)
    assert got["reuse"] == ("Hergebruik bestaande oplossing", 1)


async def test_facet_labels_in_english(ds):
    data = (await ds.client.get("/casebase/cases.json?_lang=en")).json()
    labels = {v["value"]: v["label"] for v in data["facet_results"]["challenges"]["results"]}
    assert labels["digital-government"] == "Digital government and public services"


async def test_two_facet_values_narrow_with_and(ds):
    one = (await ds.client.get("/casebase/cases.json?_shape=objects&_instrument=pilot")).json()
    assert [r["id"] for r in one["rows"]] == ["woningbouw-pilot"]
    both = (
        await ds.client.get(
            "/casebase/cases.json?_shape=objects&_instrument=pilot&_instrument=reuse"
        )
    ).json()
    assert both["rows"] == []
    facet = one["facet_results"]["instruments"]
    selected = [v for v in facet["results"] if v["selected"]]
    assert [v["value"] for v in selected] == ["pilot"]
    # selecting a value again removes it from the URL
    assert "_instrument=pilot" not in selected[0]["toggle_url"]


async def test_facet_value_is_a_bound_parameter(ds):
    response = await ds.client.get("/casebase/cases.json?_shape=objects&_instrument=' or 1=1 --")
    assert response.status_code == 200
    assert response.json()["rows"] == []


async def test_full_text_search_finds_case(ds):
    data = (
        await ds.client.get("/casebase/cases.json?_shape=objects&_search=Testuniversiteit")
    ).json()
    assert [r["id"] for r in data["rows"]] == ["woningbouw-pilot"]


async def test_row_page_renders(ds):
    response = await ds.client.get("/casebase/cases/woningbouw-pilot")
    assert response.status_code == 200
    assert "Proeftuin voor circulaire woningen" in response.text


async def test_status_shows_label_through_foreign_key(ds):
    data = (
        await ds.client.get("/casebase/cases.json?_shape=objects&_labels=on&id=woningbouw-pilot")
    ).json()
    assert data["rows"][0]["status"] == {"value": "completed", "label": "Afgerond"}
