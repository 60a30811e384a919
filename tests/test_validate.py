"""Each validation rule has one fixture file and one exact expected message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casebase import schema, validate, vocab

from .hostile_corpus import STATIC

INVALID = Path(__file__).parent / "fixtures" / "invalid"
VALID = Path(__file__).parent / "fixtures" / "valid"
TODAY = dt.date(2026, 11, 28)

# fixture name -> "line:col: error: field: message"; the hostile corpus shares them
EXPECTED = STATIC

# Fixtures of messages about several fields at once, or with a suggestion; not in the hostile
# corpus, whose kinds have one error each. Name -> every error line, in order.
FIELDS = "allowed fields are: " + ", ".join(schema.case_schema()["properties"])
STATUS = "status: missing required field; expected one of: " + ", ".join(vocab.codes("status"))
SEVERAL = {
    # one misspelt field and one forgotten: each named once, with the likely fix
    "misspelt-field": [
        "1:1: error: challenges: missing required field (misspelt as 'challanges'?); "
        "expected Societal challenges the case addresses.",
        f"1:1: error: {STATUS}",
        f"13:1: error: challanges: unknown field; did you mean `challenges`? {FIELDS}",
    ],
    "missing-fields": [
        f"1:1: error: {STATUS}",
        "1:1: error: title: missing required field; expected Title in Dutch. (1-160 characters)",
    ],
    "unknown-fields": [
        f"7:1: error: budget: unknown field; {FIELDS}",
        f"25:1: error: notes: unknown field; {FIELDS}",
    ],
    "misspelt-related": [
        "25:11: error: related[0].case: no case with id 'related-mising'; "
        "did you mean `related-missing`? expected the id of a file in cases/"
    ],
    "misspelt-code": [
        "12:15: error: instruments[0]: unknown code 'pilto'; did you mean `pilot`? expected one of: "
        + ", ".join(vocab.codes("instrument"))
    ],
}


def test_every_fixture_has_an_expectation():
    names = {p.stem for p in INVALID.glob("*.yml")} - {"norway"}
    assert names == set(EXPECTED) | set(SEVERAL)
    assert not set(EXPECTED) & set(SEVERAL)


@pytest.mark.parametrize("name", sorted(SEVERAL))
def test_invalid_fixture_gives_every_exact_message(name):
    path = INVALID / f"{name}.yml"
    result = validate.validate([path], today=TODAY)
    assert [p.format() for p in result.errors] == [f"{path}:{line}" for line in SEVERAL[name]]


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
        f"{VALID / 'cases' / 'digitaal-loket-hergebruik.yml'}:29:3: warning: sources: "
        "only one source; add a second, independent source"
    ]


def test_all_errors_of_all_files_in_one_run():
    result = validate.validate([INVALID], today=TODAY)
    files = {Path(p.path).stem for p in result.errors}
    assert files == set(EXPECTED) | set(SEVERAL)


def test_several_errors_in_one_file(tmp_path):
    text = (INVALID / "bad-url.yml").read_text().replace("status: running", "status: busy")
    text = text.replace("year_start: 2020", "year_start: 2020\nyear_end: 2010")
    text += "  year_end: {source: s1, quote: tot 2010}\n"  # cited: only the order is wrong
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


def test_unknown_status_needs_no_citation_but_a_known_one_does(tmp_path):
    """`unknown` says that no source states the status; any other status cites one."""
    good = (INVALID / "norway.yml").read_text(encoding="utf-8")
    unknown = good.replace("status: running", "status: unknown").replace(
        '  status: {source: s1, quote: "Test fixture quote."}\n', ""
    )
    path = tmp_path / "norway.yml"
    path.write_text(unknown, encoding="utf-8")
    assert validate.validate([path], today=TODAY).errors == []
    path.write_text(unknown.replace("status: unknown", "status: completed"), encoding="utf-8")
    errors = [p.format() for p in validate.validate([path], today=TODAY).errors]
    assert len(errors) == 1 and "status: a key fact without a citation" in errors[0]


def test_a_review_or_evaluation_may_follow_the_end(tmp_path):
    """An audit or an evaluation published after a trajectory ended is no contradiction of its
    year_end; a delivery after it is (fixture end-before-last-event)."""
    text = (INVALID / "end-before-last-event.yml").read_text(encoding="utf-8")
    path = tmp_path / "end-before-last-event.yml"
    for kind in ("review", "evaluated", "decision"):
        path.write_text(text.replace("kind: delivered", f"kind: {kind}"), encoding="utf-8")
        assert validate.validate([path], today=TODAY).errors == [], kind
    path.write_text(text.replace("kind: delivered", "kind: completed"), encoding="utf-8")
    assert validate.validate([path], today=TODAY).errors != []


def test_a_notice_may_give_its_number_in_its_own_address(tmp_path):
    """A copy of a notice often shows its number only in its address: a TED or TenderNed number
    there counts, a longer number containing it does not, and a CPV code needs the quote."""
    text = (INVALID / "evidence-identifier-not-quoted.yml").read_text(encoding="utf-8")
    path = tmp_path / "evidence-identifier-not-quoted.yml"

    def errors(url: str, cpv: str = "") -> list[str]:
        changed = text.replace("https://bron.test/b", url)
        if cpv:
            changed = changed.replace(
                '  tenderned: ["123456"]', f'  tenderned: ["123456"]\n  cpv: ["{cpv}"]'
            )
        path.write_text(changed, encoding="utf-8")
        return [p.format() for p in validate.validate([path], today=TODAY).errors]

    assert errors("https://www.tenderned.nl/tenderned-tap/aankondigingen/123456") == []
    assert len(errors("https://www.tenderned.nl/aankondigingen/1234567")) == 1
    cpv = errors("https://www.tenderned.nl/aankondigingen/123456?cpv=45211000", cpv="45211000-2")
    assert len(cpv) == 1 and "45211000 (of CPV code 45211000-2) does not occur" in cpv[0]
