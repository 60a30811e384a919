"""Counts, pages and partial matches from the bitmaps (`matches`, `bitmaps`) equal plain SQL
over the case tables, on a generated corpus."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from casebase import bitmaps, matches, matching, search, spelling

from .databases import build_db

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import generate  # noqa: E402

QUERIES = {
    "everything": {},
    "instrument and status": {"filters": {"instrument": ["pilot"], "status": ["running"]}},
    "two instruments": {"filters": {"instrument": ["pilot", "reuse"]}},
    "year and country": {"filters": {"year": ["2019"], "country": ["NL"]}},
    "year as the API passes it": {"filters": {"year": [2019]}},
    "unknown value": {"filters": {"status": ["no-such-status"]}},
    "year range": {
        "year_from": 2015,
        "year_to": 2020,
        "filters": {"challenge": ["housing-built-environment"]},
    },
    "updated since": {"updated_since": "2024-01-01"},
    "words, newest first": {"q": "woningen", "sort": "newest"},
    "words and filter, oldest first": {
        "q": "energie",
        "sort": "oldest",
        "filters": {"status": ["running"]},
    },
    # every generated case was last reviewed on 2026-11-01: none is left
    "words, none updated since": {"q": "woningen", "updated_since": "2026-11-02"},
    "reviewed": {"sort": "reviewed", "filters": {"instrument": ["pilot"]}},
    # several words by relevance: ranked from the ranks read with the matches (one pass)
    "two words, by relevance": {"q": "woningen energie"},
    "two words and filter, by relevance": {"q": "energie wijk", "filters": {"country": ["NL"]}},
}


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matches")
    # seed 2: each query below matches some cases; the generator draws from the vocabularies, so
    # a new code reshuffles the corpus and may call for another seed
    generate.generate(folder / "cases", 300, seed=2)
    c = sqlite3.connect(build_db(folder / "casebase.db", folder / "cases"))
    yield c
    c.close()


def sql_ids(conn, query: search.Query) -> list[str]:
    sql, params = search.cases_sql(query, limit=-1)
    return [r[0] for r in conn.execute(sql, params)]  # id is the first column


def found_ids(conn, query: search.Query, limit: int = -1, offset: int = 0) -> list[str]:
    sql, params = matches.Matches(conn, spelling.prepare(conn, query)).rows_sql(limit, offset)
    return [r[0] for r in conn.execute(sql, params)]


@pytest.mark.parametrize("label", sorted(QUERIES))
def test_count_and_pages_equal_sql(conn, label):
    query = search.Query(**QUERIES[label])
    want = sql_ids(conn, query)
    found = matches.Matches(conn, spelling.prepare(conn, query))
    assert found.count() == len(want)
    assert found_ids(conn, query) == want
    for offset in (0, 7, len(want) - 3):
        assert found_ids(conn, query, 10, max(offset, 0)) == want[max(offset, 0) :][:10]
    if label not in ("unknown value", "words, none updated since"):
        assert want, "the query should match some cases"


def reference_partial(conn, q: str, filters: dict) -> list[str]:
    """Partial matches as one SQL query: most units first, then bm25 over any unit, then rowid."""
    found = matching.units(q)
    each = " union all ".join(
        f"select rowid from cases_stem where cases_stem match :u{i}" for i in range(len(found))
    )
    where, params = search.where(search.Query(filters=filters))
    params |= {f"u{i}": matching.unit_expression(u) for i, u in enumerate(found)}
    params |= {"k": search.min_hits(len(found)), "any": matching.any_expression(found)}
    sql = (
        f"select c.id from (select rowid, count(*) as hits from ({each}) group by rowid "
        "having hits >= :k) h join (select rowid, "
        f"{search.RANK} as rank from cases_stem where cases_stem match :any) r "
        f"on r.rowid = h.rowid join cases c on c.rowid = h.rowid where {where} "
        "order by h.hits desc, r.rank, h.rowid"
    )
    return [r[0] for r in conn.execute(sql, params)]


@pytest.mark.parametrize(
    "q, filters",
    [
        ("woningen genka kademuur zeppelin", {}),
        ("woningen genka kademuur zeppelin", {"country": ["NL"]}),
        ("warmtenet school brug zeppelin", {}),
    ],
)
def test_partial_matches_rank_as_one_sql_query(conn, q, filters):
    query = search.Query(q=q, filters=filters)
    plan = spelling.prepare(conn, query)
    assert plan.query.partial
    want = reference_partial(conn, plan.query.q, filters)
    assert len(want) > 15
    found = matches.Matches(conn, plan)
    assert found.count() == len(want)
    assert found_ids(conn, query) == want
    for offset in (0, 5, 10, len(want) - 4):
        assert found_ids(conn, query, 10, offset) == want[offset : offset + 10]


def test_bitmaps_round_trip():
    import numpy as np

    rowids = np.array([1, 2, 9, 64, 65, 1000])
    assert bitmaps.to_rowids(bitmaps.from_rowids(rowids)).tolist() == rowids.tolist()
    assert bitmaps.to_rowids(0).tolist() == []


def test_a_phrase_of_both_languages_is_written_once(conn):
    """ "wijk" is the same term in Dutch and English: one phrase over every column, which
    matches exactly the rows of the two column-filtered phrases it replaces."""
    expression = matching.unit_expression(matching.units("wijk")[0])
    assert expression == '(("wijk"))'
    split = f'({matching.NL_COLUMNS} : ("wijk")) OR ({matching.EN_COLUMNS} : ("wijk"))'
    ours, theirs = (bitmaps.text_rowids(conn, e).tolist() for e in (expression, split))
    assert ours == theirs and ours
    # a word whose terms differ keeps one column filter per language
    assert matching.unit_expression(matching.units("woningen")[0]) == (
        f'({matching.NL_COLUMNS} : ("woning"*)) OR ({matching.EN_COLUMNS} : ("woningen"*))'
    )


def test_several_words_read_their_ranks_in_one_pass(conn):
    plan = spelling.prepare(conn, search.Query(q="woningen energie"))
    assert plan.word_ranks is not None and len(plan.word_ranks) == len(plan.word_rowids)
    # one word, or a query that only counts: no ranks moved into Python
    assert spelling.prepare(conn, search.Query(q="woningen")).word_ranks is None
    counted = spelling.prepare(conn, search.Query(q="woningen energie"), rank=False)
    assert counted.word_ranks is None
