"""casebase's plugins are registered by entry point, so Datasette loads them for any database
served from this environment. They must act only when a casebase database (recognised by its
`build_info`) is served: stock Datasette over another SQLite file gives its normal pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette

from casebase import serving


@pytest.fixture(scope="module")
def other_db(tmp_path_factory) -> Path:
    """Somebody else's database, with a `cases` table to tempt the facet plugin."""
    path = tmp_path_factory.mktemp("other") / "other.db"
    db = sqlite3.connect(path)
    db.execute("create table cases (id text primary key, title text, status text)")
    db.executemany(
        "insert into cases values (?, ?, ?)", [("a", "Eerste", "running"), ("b", "Tweede", None)]
    )
    db.execute("create table notes (id integer primary key, body text)")
    db.execute("insert into notes (body) values ('hello')")
    db.commit()
    db.close()
    return path


async def test_stock_datasette_over_another_database_gives_its_normal_pages(other_db):
    ds = Datasette([str(other_db)])  # no casebase templates, metadata or settings
    plugins = {p["name"] for p in (await ds.client.get("/-/plugins.json")).json()}
    assert "casebase" in plugins  # loaded, so this test means something
    assert not serving.is_casebase_db(other_db)

    index = await ds.client.get("/")
    assert index.status_code == 200
    assert "/other" in index.text and "casebase" not in index.text.lower()
    for path in (
        "/other",
        "/other/cases",
        "/other/cases?_instrument=pilot",  # the facet plugin's filter: not applied here
        "/other/cases?_facet=status",
        "/other/notes",
        "/other/notes/1",
        "/other.json",
    ):
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
    assert (await ds.client.get("/other/cases.json?_instrument=pilot&_shape=array")).json() == [
        {"id": "a", "title": "Eerste", "status": "running"},
        {"id": "b", "title": "Tweede", "status": None},
    ]
    for path in ("/api/v1/cases", "/zoeken", "/case/a", "/feed.atom", "/sitemap.xml"):
        assert (await ds.client.get(path)).status_code == 404, path
    headers = (await ds.client.get("/other")).headers
    assert "content-security-policy" not in headers  # security.py stays out of it too


async def test_beside_a_casebase_database_the_other_one_is_left_alone(fixture_db, other_db):
    ds = Datasette([str(other_db)], immutables=[str(fixture_db)])
    assert (await ds.client.get("/api/v1/cases")).status_code == 200
    response = await ds.client.get("/other/cases.json?_instrument=pilot&_shape=array")
    assert response.status_code == 200 and len(response.json()) == 2


def test_a_casebase_build_carries_the_mark(fixture_db):
    assert serving.is_casebase_db(fixture_db)
    assert not serving.is_casebase_db(None)
