"""Facet counts under the optimisations (precomputed and join-based) equal plain SQL counts."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from datasette.app import Datasette

from casebase import build, matches, search, serving, spelling
from casebase.plugins.facets import FACETS

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

FILTERS = {
    "unfiltered": "",
    "filtered": "_instrument=pilot&status=running",
    "two instruments": "_instrument=pilot&_instrument=reuse",
    "search": "_search=woningen",
}
# the same filters as plain SQL over the normalised tables
SQL_FILTERS = {
    "unfiltered": "1",
    "filtered": "c.status = 'running' and c.id in "
    "(select case_id from case_instruments where instrument = 'pilot')",
    "two instruments": "c.id in (select case_id from case_instruments where instrument = 'pilot') "
    "and c.id in (select case_id from case_instruments where instrument = 'reuse')",
    "search": "c.rowid in (select rowid from cases_fts where cases_fts match 'woningen')",
}


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("facets")
    generate.generate(folder / "cases", 400, seed=3)
    db = folder / "casebase.db"
    assert not build.build([folder / "cases"], db).errors
    return db


def expected(db: Path, name: str, where: str) -> dict:
    spec = FACETS[name]
    conn = sqlite3.connect(db)
    if spec.table is None:
        sql = (
            f"select {spec.column}, count(*) from cases c where {where} "
            f"and {spec.column} is not null group by 1"
        )
    else:
        sql = (
            f"select m.{spec.column}, count(distinct c.id) from cases c join {spec.table} m "
            f"on m.case_id = c.id where {where} group by 1"
        )
    return dict(conn.execute(sql).fetchall())


@pytest.mark.parametrize("state", sorted(FILTERS))
async def test_facet_counts_equal_sql_counts(generated_db, state):
    metadata = serving.metadata()
    ds = Datasette(immutables=[str(generated_db)], metadata=metadata)
    facets = "&".join(
        f"_facet_{'m2m' if spec.table else 'coded'}={name}" for name, spec in FACETS.items()
    )
    url = f"/casebase/cases.json?_shape=objects&_facet_size=100&{facets}&{FILTERS[state]}"
    data = (await ds.client.get(url)).json()
    assert not data.get("facets_timed_out")
    for name in FACETS:
        got = {v["value"]: v["count"] for v in data["facet_results"][name]["results"]}
        want = expected(generated_db, name, SQL_FILTERS[state])
        assert got == want, (state, name)
    total = sqlite3.connect(generated_db).execute(
        f"select count(*) from cases c where {SQL_FILTERS[state]}"
    )
    assert data["filtered_table_rows_count"] == total.fetchone()[0]


SEARCH_QUERIES = {
    "text": {"q": "woningen"},
    "text and filters": {"q": "woningen", "filters": {"status": ["running"]}},
    "two instruments": {"filters": {"instrument": ["pilot", "co-creation"]}},
    "year and country": {"filters": {"year": ["2019"], "country": ["NL"]}},
}


@pytest.mark.parametrize("label", sorted(SEARCH_QUERIES))
def test_site_facet_bitmap_counts_equal_sql_counts(generated_db, label):
    """The counts from the facet values' bitmaps equal one SQL join per facet."""
    query = search.Query(**SEARCH_QUERIES[label])
    conn = sqlite3.connect(generated_db)
    conn.row_factory = sqlite3.Row
    counted = matches.Matches(conn, spelling.prepare(conn, query)).facets(query)
    assert counted, "the query should match some cases"
    for name in search.PRECOMPUTED:
        sql, params = search.facet_sql(query, name)
        want = {str(r["value"]): r["count"] for r in conn.execute(sql, params)}
        assert dict(counted.get(name, {})) == want, name


def test_precomputed_counts_equal_bitmap_counts_of_all_cases(generated_db):
    conn = sqlite3.connect(generated_db)
    conn.row_factory = sqlite3.Row
    counted = matches.Matches(conn, spelling.prepare(conn, search.Query())).facets(search.Query())
    for name in search.PRECOMPUTED:
        sql, params = search.facet_sql(search.Query(), name)
        got = {str(r["value"]): r["count"] for r in conn.execute(sql, params)}
        assert got == dict(counted.get(name, {})), name


async def test_a_facet_over_its_time_limit_is_reported_as_timed_out(fixture_db, monkeypatch):
    """QueryInterrupted, and only that, becomes "timed out"; other errors are bugs and surface."""
    from datasette.database import QueryInterrupted

    from casebase.plugins import facets

    async def interrupted(*args):
        raise QueryInterrupted(Exception("interrupted"), "select 1", {})

    monkeypatch.setattr(facets, "counts", interrupted)
    ds = Datasette(immutables=[str(fixture_db)], metadata=serving.metadata())
    page = await ds.client.get("/casebase/cases?_facet_m2m=instruments")
    assert page.status_code == 200
    assert "These facets timed out: instruments" in page.text
