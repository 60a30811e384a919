"""Each validation rule has one fixture file and one exact expected message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casebase import validate

INVALID = Path(__file__).parent / "fixtures" / "invalid"
VALID = Path(__file__).parent / "fixtures" / "valid"
TODAY = dt.date(2026, 11, 28)

# fixture name -> "line:col: error: field: message" (the path prefix is added by the test)
EXPECTED = {
    "missing-title": "1:1: error: title: missing required field; expected Title in Dutch. (1-160 characters)",
    "unknown-field": "7:1: error: budget: unknown field; allowed fields are: id, title, title_en, summary, "
    "summary_en, description, description_en, language, country, place, buyers, participants, "
    "instruments, challenges, procedure, techniques, legal_basis, status, outcome, year_start, "
    "year_end, value, lessons, related, identifiers, sources, confidence, review_note, last_reviewed",
    "unknown-code": "10:22: error: instruments[1]: unknown code 'hackathon'; expected one of: "
    "market-consultation, pre-competitive-dialogue, functional-specification, open-standards, "
    "open-source, reuse, sbir, pcp, innovation-challenge, startup-in-residence, pilot, co-creation, "
    "ppi, launching-customer, best-price-quality-ratio, performance-based-contract, agile-contracting, "
    "buyer-group, joint-procurement, public-private-partnership, dialogue-during-contract, "
    "independent-review, other",
    "bad-buyer-type": "9:17: error: buyers[0].buyer_type: unknown code 'gemeente'; expected one of: "
    "nl-ministry, nl-executive-agency, nl-zbo, nl-province, nl-municipality, nl-water-board, "
    "nl-joint-arrangement, nl-caribbean-public-body, nl-body-public-law, special-sector-entity, "
    "eu-institution, international-organisation, foreign-central, foreign-regional, foreign-local, "
    "foreign-other-public",
    "bad-url": "17:10: error: sources[1].url: 'ftp://example.org/b' is not valid; "
    "expected an http:// or https:// URL",
    "bad-date": "17:11: error: sources[0].date: '01-05-2021' is not valid; "
    "expected a date as YYYY, YYYY-MM or YYYY-MM-DD (quoted)",
    "year-order": "14:11: error: year_end: 2018 is before year_start 2020; expected year_end >= year_start",
    "future-date": "19:16: error: last_reviewed: 2999-01-01 is in the future; expected a date up to today",
    "id-mismatch": "1:5: error: id: id 'another-id' differs from the file name; expected 'id-mismatch'",
    "related-missing": "21:11: error: related[0].case: no case with id 'does-not-exist'; "
    "expected the id of a file in cases/",
    "wrong-type": "13:13: error: year_start: expected a whole number, got text",
    "empty-list": "11:13: error: challenges: expected at least 1 item; Societal challenges the case addresses.",
    "duplicate-key": "13:1: error: status: duplicate key; each key may appear only once",
    "alias": "10:14: error: anchors and aliases (&name / *name) are not allowed; write the value out",
    "alias-bomb": "1:4: error: anchors and aliases (&name / *name) are not allowed; write the value out",
    "python-tag": "2:8: error: tag '!!python/object/apply:os.system' is not allowed; "
    "use plain strings, numbers, lists and mappings",
    "custom-tag": "2:8: error: tag '!include' is not allowed; use plain strings, numbers, lists and mappings",
    "two-documents": "20:1: error: more than one YAML document (---); put one case in each file",
    "syntax-error": "13:11: error: YAML syntax error: while parsing a flow sequence "
    "did not find expected ',' or ']'",
    "not-mapping": "1:1: error: expected a mapping of case fields",
    "empty-file": "1:1: error: file is empty; expected a mapping of fields",
    "deep-nesting": "2:1007: error: YAML syntax error: nesting is too deep",
}


def test_every_fixture_has_an_expectation():
    names = {p.stem for p in INVALID.glob("*.yml")} - {"norway"}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_gives_exact_message(name):
    path = INVALID / f"{name}.yml"
    result = validate.validate([path], today=TODAY)
    assert [p.format() for p in result.errors] == [f"{path}:{EXPECTED[name]}"]


def test_norway_stays_a_country_code():
    """YAML 1.1 would read NO as false; casebase reads it as the text 'NO'."""
    result = validate.validate([INVALID / "norway.yml"], today=TODAY)
    assert result.errors == []
    assert result.cases[0].data["country"] == "NO"


def test_dates_stay_text():
    result = validate.validate([VALID / "cases"], today=TODAY)
    doc = next(d for d in result.cases if d.id == "woningbouw-pilot")
    assert doc.data["last_reviewed"] == "2026-11-01"


def test_valid_fixtures_have_no_errors():
    result = validate.validate([VALID / "cases", VALID / "collections"], today=TODAY)
    assert result.errors == []
    assert len(result.cases) == 2 and len(result.collections) == 1


def test_one_source_is_a_warning_not_an_error():
    result = validate.validate([VALID / "cases"], today=TODAY)
    warnings = [p.format() for p in result.warnings]
    assert warnings == [
        f"{VALID / 'cases' / 'digitaal-loket-hergebruik.yml'}:25:3: warning: sources: "
        "only one source; add a second, independent source"
    ]


def test_all_errors_of_all_files_in_one_run():
    result = validate.validate([INVALID], today=TODAY)
    files = {Path(p.path).stem for p in result.errors}
    assert files == set(EXPECTED)


def test_several_errors_in_one_file(tmp_path):
    text = (INVALID / "bad-url.yml").read_text().replace("status: running", "status: busy")
    text = text.replace("year_start: 2020", "year_start: 2020\nyear_end: 2010")
    path = tmp_path / "bad-url.yml"
    path.write_text(text)
    messages = [p.format() for p in validate.validate([path], today=TODAY).errors]
    assert len(messages) == 3
    assert any("status: unknown code 'busy'" in m for m in messages)
    assert any("sources[1].url" in m for m in messages)
    assert any("year_end: 2010 is before year_start 2020" in m for m in messages)


def test_duplicate_ids_across_folders(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "norway.yml").write_text((INVALID / "norway.yml").read_text())
    result = validate.validate([tmp_path / "a", tmp_path / "b"], today=TODAY)
    assert any("ids must be unique" in p.message for p in result.errors)


def test_collection_with_unknown_case(tmp_path):
    (tmp_path / "collections").mkdir()
    path = tmp_path / "collections" / "lijst.yml"
    path.write_text(
        "id: lijst\ntitle: Lijst\ntitle_en: List\nintroduction: Intro\n"
        "introduction_en: Intro\ncases: [bestaat-niet]\n"
    )
    result = validate.validate([path], today=TODAY)
    assert [p.format() for p in result.errors] == [
        f"{path}:6:9: error: cases[0]: no case with id 'bestaat-niet'; expected the id of a file in cases/"
    ]


def test_github_format():
    problem = validate.Problem("cases/x.yml", 3, 5, "status", "unknown code 'busy'")
    assert (
        problem.format("github")
        == "::error file=cases/x.yml,line=3,col=5::status: unknown code 'busy'"
    )
