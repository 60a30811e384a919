"""The search page and the API show forgiving search the same way (issue 13), on the corpus."""

from __future__ import annotations

import pytest

from ..servers import app


@pytest.fixture
def ds(corpus_db):
    return app(corpus_db)


async def test_label_filter_partial_matches_and_did_you_mean_on_the_page(ds):
    html = (await ds.client.get("/zoeken?q=energietransitie")).text
    assert "Filter op Energietransitie <span" in html
    assert 'href="/zoeken?challenge=energy-transition"' in html
    html = (await ds.client.get("/zoeken?q=proeftuin+spoor+perron+veiligheid")).text
    assert "beste gedeeltelijke treffers" in html
    html = (await ds.client.get("/zoeken?q=kademuuren+amsterdm&_lang=en")).text
    assert "Did you mean" in html and "amsterdam" in html
    html = (await ds.client.get("/zoeken?q=warmtenet&instrument=pcp")).text
    assert "Geen cases gevonden." in html and "Filter verwijderen" in html


async def test_the_api_marks_partial_matches_and_corrections(ds):
    data = (await ds.client.get("/api/v1/cases?q=proeftuin+spoor+perron+veiligheid")).json()
    assert data["match"] == "partial" and data["full_count"] is not None
    assert data["cases"][0]["id"] == "prorail-sbir-perronrandbeveiliging"
    data = (await ds.client.get("/api/v1/cases?q=energietransitie")).json()
    assert data["match"] == "all" and data["full_count"] is None and data["corrections"] == {}
    data = (await ds.client.get("/api/v1/cases?q=perronrandbeveileging")).json()
    assert data["corrections"] == {"perronrandbeveileging": "perronrandbeveiliging"}
