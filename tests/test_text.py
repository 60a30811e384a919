"""Dutch-aware search terms: folding, stemming, quoting, and prefixes for compounds."""

from __future__ import annotations

import re
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from casebase import compounds, fulltext, search, text


def test_fold_and_stem():
    assert text.fold("Coöperatie ÉÉN") == "cooperatie een"
    assert text.search_terms("woningen") == text.search_terms("woning")
    assert text.words("a_b c-d (e)") == ["a_b", "c", "d", "e"]


def test_user_input_never_becomes_fts_syntax():
    query = text.fts_query('energie" OR * NEAR(x) ^title:')
    # every word is a quoted phrase; quotes, operators and column filters are gone
    assert query == '"energie"* "or" "near" "x" "titl"'
    expression = search.match_expression('energie" OR * NEAR(x) ^title:')
    assert "NEAR(" not in expression and "^" not in expression


def test_long_words_also_match_compounds_short_words_do_not():
    assert text.fts_query("klimaat zon") == '"klimat"* "zon"'
    assert text.fts_query("zon", prefix=True) == '"zon"*'


def test_compound_is_found_in_a_real_fts_table(tmp_path):
    db = sqlite3.connect(tmp_path / "t.db")
    db.execute(
        "create virtual table cases_stem using fts5("
        "title_nl, title_en, body_nl, body_en, labels_nl, labels_en)"
    )
    rows = [
        ("Warmtenet in de wijk", "Heat network", "", ""),
        ("Zonnepanelen op daken", "Solar panels", "", ""),
    ]
    for row in rows:
        db.execute(
            "insert into cases_stem values (?, ?, ?, ?, '', '')",
            [text.stemmed(row[0]), text.stemmed(row[1], "en"), "", ""],
        )
    found = db.execute(
        "select title_nl from cases_stem where cases_stem match ?",
        [search.match_expression("warmte")],
    ).fetchall()
    assert found == [(text.stemmed("Warmtenet in de wijk"),)]


def test_word_forms_meet_and_do_not_merge_falsely():
    """Issue 13: inflected adjectives and plurals meet; zon is not gezondheid."""
    for a, b in [
        ("precommercieel", "precommerciële"),
        ("financieel", "financiële"),
        ("duurzaam", "duurzame"),
        ("zonnepaneel", "zonnepanelen"),
        ("marktconsultatie", "marktconsultaties"),
    ]:
        assert text.search_terms(a) == text.search_terms(b), (a, b)
    assert text.term("gezondheid") != text.term("zon")
    assert not text.stemmed("gezondheid").startswith("zon")
    assert text.term("gemeentehuis") == "gemeentehuis"  # not "meentehuis"
    assert text.term("zone") != text.term("zon")  # "Dijkzone" is no sun
    assert text.term("zon") not in text.stemmed("Dijkzone zones").split()


def test_compounds_are_indexed_by_their_parts_and_protected_words_are_not():
    assert text.stemmed("flexwoningen").split() == ["flexwon", "flex", "woning"]
    assert text.term("woningen") in text.stemmed("flexwoningen").split()
    assert text.stemmed("zonnepanelen").split()[1] == text.term("zon")
    assert text.stemmed("aanbesteding") == text.term("aanbesteding")
    assert text.stemmed("gezondheid") == text.term("gezondheid")
    assert compounds.split("gemeentehuis") == ("gemeente", "huis")
    assert text.stemmed("standaarden") == text.term("standaard")  # not "stand" + "aard"


def test_a_compound_inside_a_compound_is_one_term_too():
    """ "randbeveiliging" only inside "perronrandbeveiliging": its last two parts are also
    indexed as one term, which the query's one term meets (no phrase of parts to read)."""
    indexed = text.stemmed("perronrandbeveiliging").split()
    assert text.term("randbeveiliging") in indexed
    assert text.term("perronrand") in indexed and text.term("rand") in indexed
    assert text.term("muurvernieuwing") in text.stemmed("kademuurvernieuwing").split()
    # a two-part compound gets nothing more than its parts
    assert text.stemmed("flexwoningen").split() == ["flexwon", "flex", "woning"]


# What `words` promises; it splits without the regex, for speed.
_WORD = re.compile(r"\w+")


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_words_are_the_regex_words_of_the_folded_text(value):
    assert text.words(value) == _WORD.findall(text.fold(value))


def test_words_split_at_any_character_that_is_no_letter_or_digit():
    sample = "“Zonne‑energie” – coöperatie’s ½ ℀ straße øre Ⅻ ۳ a_b\u00a0c"
    assert text.words(sample) == _WORD.findall(text.fold(sample))
    assert text.words(sample)[:4] == ["zonne", "energie", "cooperatie", "s"]


def test_the_build_word_memory_gives_exactly_the_stemmed_text(tmp_path):
    words = fulltext.Words()
    sample = "Zonnepanelen op daken van flexwoningen; de gemeente’s “duurzame” aanbesteding"
    assert words.stemmed(sample, "nl") == text.stemmed(sample, "nl")
    assert words.stemmed(sample, "en") == text.stemmed(sample, "en")
    assert words.stemmed(sample, "nl") == text.stemmed(sample, "nl")  # now from memory
    # what it met is saved, and read back by the next build of the same database
    db = sqlite3.connect(tmp_path / "w.db")
    db.execute(fulltext.WORDS_DDL)
    words.save(db)
    again = fulltext.Words.of(db)
    assert again.known == words.known and not again.new
    assert again.stemmed(sample, "nl") == text.stemmed(sample, "nl") and not again.new
