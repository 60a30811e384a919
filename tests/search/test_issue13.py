"""Each example from issue 13's "Why" behaves as a civil servant expects (real corpus)."""

from __future__ import annotations

import sqlite3

import pytest

from casebase import matches, search, spelling, suggest


@pytest.fixture(scope="module")
def conn(corpus_db):
    c = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


def found(conn, q: str, limit: int = -1, **filters) -> matches.Found:
    return matches.find(conn, search.Query(q=q, filters=filters), limit=limit)


def ids(conn, q: str, limit: int = -1) -> list[str]:
    return [r["id"] for r in found(conn, q, limit).rows]


def tagged(conn, table: str, column: str, code: str) -> set[str]:
    sql = f"select case_id from [{table}] where [{column}] = ?"
    return {r[0] for r in conn.execute(sql, [code])}


@pytest.mark.parametrize(
    "q, table, column, code",
    [
        ("energietransitie", "case_challenges", "challenge", "energy-transition"),
        ("marktconsultatie", "case_instruments", "instrument", "market-consultation"),
        ("precommercieel", "case_instruments", "instrument", "pcp"),
    ],
)
def test_a_category_name_finds_every_case_tagged_with_it(conn, q, table, column, code):
    codes = tagged(conn, table, column, code)
    assert len(codes) >= 13
    assert codes <= set(ids(conn, q))
    # and the page offers that filter, with its count
    offered = suggest.label_filters(conn, search.Query(q=q))
    assert {"name": column, "code": code, "count": len(codes)} in offered


@pytest.mark.parametrize(
    "a, b",
    [
        ("precommercieel", "precommerciële"),
        ("financieel", "financiële"),
        ("duurzaam", "duurzame"),
        ("zonnepaneel", "zonnepanelen"),
    ],
)
def test_word_forms_find_the_same_cases(conn, a, b):
    assert found(conn, a).total == found(conn, b).total > 0


def test_zon_finds_the_sun_and_not_health(conn):
    hits = set(ids(conn, "zon"))
    assert "nl-energiesprong-stroomversnelling-nom" in hits  # zonnepanelen
    health_only = {
        "eu-joint-procurement-agreement-medical-countermeasures",
        "lombardia-arca-niguarda-pcp",
        "svb-pgb-trekkingsrecht-2015",
        "vws-landelijk-epd-verworpen-2011",
    }
    assert not hits & health_only


def test_woningen_finds_flexwoningen(conn):
    hits = set(ids(conn, "woningen"))
    assert {
        "aedes-raamovereenkomsten-flexwoningen",
        "rvb-aanbesteding-2000-flexwoningen",
        "oude-ijsselstreek-flexwoningen-aanbesteding",
    } <= hits


@pytest.mark.parametrize(
    "q, first",
    [
        ("kleine gemeenten data inkopen winkelstraat", "daks-west-flanders-joint-data-purchase"),
        ("proeftuin spoor perron veiligheid", "prorail-sbir-perronrandbeveiliging"),
    ],
)
def test_a_natural_query_shows_the_best_partial_matches(conn, q, first):
    result = found(conn, q, limit=5)
    assert result.query.partial  # marked: not every word matched
    assert result.rows[0]["id"] == first


def test_no_results_offers_what_dropping_a_word_or_filter_gives(conn):
    query = search.Query(q="warmtenet", filters={"instrument": ["pcp"]})
    plan = spelling.prepare(conn, query)
    assert found(conn, "warmtenet", instrument=["pcp"]).total == 0
    relaxed = suggest.relaxations(conn, plan.query)
    assert {(r["kind"], r["value"]) for r in relaxed} == {("filter", "pcp")}
    without = [r for r in suggest.relaxations(conn, search.Query(q="warmtenet zeppelin"))]
    assert all(r["count"] > 0 for r in without)


def test_a_misspelling_is_corrected_to_the_nearest_indexed_word(conn):
    result = found(conn, "perronrandbeveileging")
    assert result.corrections == {"perronrandbeveileging": "perronrandbeveiliging"}
    assert result.rows[0]["id"] == "prorail-sbir-perronrandbeveiliging"
    assert spelling.nearest(conn, "energietransitsie") == "energietransitie"
    assert spelling.nearest(conn, "qqqqqqqq") is None
