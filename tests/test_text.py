"""Dutch-aware search terms: folding, stemming, quoting, and prefixes for compounds."""

from __future__ import annotations

import sqlite3

from casebase import search, text


def test_fold_and_stem():
    assert text.fold("Coöperatie ÉÉN") == "cooperatie een"
    assert text.search_terms("woningen") == text.search_terms("woning")
    assert text.words("a_b c-d (e)") == ["a_b", "c", "d", "e"]


def test_user_input_never_becomes_fts_syntax():
    query = text.fts_query('energie" OR * NEAR(x) ^title:')
    # every word is a quoted phrase; quotes, operators and column filters are gone
    assert query == '"energ"* "or" "near" "x" "titl"'


def test_long_words_also_match_compounds_short_words_do_not():
    assert text.fts_query("klimaat zon") == '"klimaat"* "zon"'
    assert text.fts_query("zon", prefix=True) == '"zon"*'


def test_compound_is_found_in_a_real_fts_table(tmp_path):
    db = sqlite3.connect(tmp_path / "t.db")
    db.execute("create virtual table cases_stem using fts5(title_nl, title_en, body_nl, body_en)")
    rows = [
        ("Warmtenet in de wijk", "Heat network", "", ""),
        ("Zonnepanelen op daken", "Solar panels", "", ""),
    ]
    for row in rows:
        db.execute(
            "insert into cases_stem values (?, ?, ?, ?)",
            [text.stemmed(row[0]), text.stemmed(row[1], "en"), "", ""],
        )
    found = db.execute(
        "select title_nl from cases_stem where cases_stem match ?",
        [search.match_expression("warmte")],
    ).fetchall()
    assert found == [(text.stemmed("Warmtenet in de wijk"),)]
