"""The minimums of issue 12 (src/casebase/minimums.yml) and how `casebase stats` measures them,
on small made-up cases and the site fixtures, never on the real corpus (which does not meet
them yet; tests/test_corpus.py can assert them from the same declarations once it does)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from casebase import minimums
from casebase.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


def case(**d) -> dict:
    """A case dict with only what the minimums read."""
    return {"instruments": [], "challenges": [], "status": "running"} | d


def measured(cases: list[dict]) -> dict[str, minimums.Measured]:
    return {r.minimum.id: r for r in minimums.measure(cases)}


def test_every_minimum_of_the_issue_is_declared_once():
    declared = minimums.declared()
    ids = [m.id for m in declared]
    assert len(ids) == len(set(ids))
    bounds = {m.id: (m.min, m.max, m.min_share) for m in declared}
    assert bounds["cases"] == (220, None, None)
    for perspective in ("supplier", "knowledge-institution", "shared"):
        assert bounds[f"lessons-{perspective}"] == (25, None, None)
    assert bounds["knowledge-institution-took-part"] == (15, None, None)
    themes = [m for m in declared if m.id.startswith("theme-")]
    assert len(themes) == 11 and all(m.min == 10 for m in themes)
    assert bounds["stopped-or-failed-with-lessons"] == (20, None, None)
    assert bounds["notice-identifier"] == (30, None, None)
    assert bounds["three-dated-events"] == (None, None, 0.8)
    assert bounds["instrument-other"] == (None, 5, None)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"cases": {"instrument": ["pilots"]}, "min": 1}, "unknown code 'pilots'"),
        ({"cases": {"instruments": ["pilot"]}, "min": 1}, "unknown field 'instruments'"),
        ({"cases": {}, "min": 1, "max": 2}, "one of min, max, min_share"),
        ({"lessons": {"perspective": ["buyers"]}, "min": 1}, "unknown code 'buyers'"),
        ({"cases": {}, "with": {"sources": 2}, "min": 1}, "with: takes"),
    ],
)
def test_a_mistyped_declaration_is_refused(entry, message):
    """A typo would count nothing and read as 'not met': refused instead."""
    with pytest.raises(ValueError, match=message):
        minimums.parse([{"id": "x", "label": "x"} | entry])


def test_values_and_met_on_small_cases():
    lesson = {"text": "t", "source": "s", "quote": "q"}
    events3 = [{"date": "2020"}] * 3
    cases = [
        # stopped, with a lesson from a supplier, a knowledge institution, three events, a TED id
        case(
            instruments=["pilot", "other"],
            challenges=["energy-transition"],
            status="stopped",
            participants=[{"organisation_type": "knowledge-institution"}],
            lessons=[lesson | {"perspective": "supplier"}, lesson | {"perspective": "shared"}],
            events=events3,
            identifiers={"ted": ["554113-2026"]},
        ),
        # failed (not stopped), but without lessons: not a stopped-or-failed case with lessons
        case(
            instruments=["pre-competitive-dialogue"],
            status="completed",
            outcome="failed",
            procedure="innovation-partnership",
            events=events3[:2],
            identifiers={},  # empty: no identifier
        ),
        # failed with a lesson; a CPV code; a company (not a knowledge institution)
        case(
            instruments=["buyer-group", "other"],
            challenges=["housing-built-environment", "climate-mitigation"],
            outcome="failed",
            participants=[{"organisation_type": "company"}],
            lessons=[lesson | {"perspective": "supplier"}, lesson],
            events=events3 + events3,
            identifiers={"cpv": ["45211000-2"]},
        ),
        case(instruments=["market-consultation"], challenges=["digital-government"]),
    ]
    got = measured(cases)
    expect = {
        "cases": (4, False),
        "lessons-supplier": (2, False),
        "lessons-shared": (1, False),
        "lessons-knowledge-institution": (0, False),
        "knowledge-institution-took-part": (1, False),
        "theme-pilot": (1, False),
        "theme-market-consultation": (2, False),  # either code counts, once per case
        "theme-joint-procurement": (1, False),
        "theme-innovation-partnership": (1, False),
        "theme-climate-energy-housing": (2, False),
        "stopped-or-failed-with-lessons": (2, False),
        "notice-identifier": (2, False),
        "three-dated-events": (2, False),  # 50%: below 80%
        "instrument-other": (2, True),  # at most 5
    }
    assert {k: (got[k].value, got[k].met) for k in expect} == expect
    assert got["three-dated-events"].shown() == "50% (2 of 4)"
    assert got["cases"].shown() == "4"


def test_bounds_are_met_at_the_limit():
    at = [minimums.Minimum("a", "a", cases={}, min=2), minimums.Minimum("b", "b", cases={}, max=2)]
    share = minimums.Minimum("c", "c", cases={}, with_={"events": 1}, min_share=0.5)
    cases = [case(events=[{"date": "2020"}]), case()]
    assert [r.met for r in minimums.measure(cases, [*at, share])] == [True, True, True]
    assert [r.met for r in minimums.measure(cases[:1] * 3, [*at, share])] == [True, False, True]
    assert [r.met for r in minimums.measure([], [share])] == [False]


def test_stats_lists_every_minimum_with_its_value_and_exits_0():
    result = CliRunner().invoke(
        cli,
        [
            "stats",
            "--cases",
            str(FIXTURES / "site" / "cases"),
            "--collections",
            str(FIXTURES / "site" / "collections"),
        ],
    )
    assert result.exit_code == 0, result.output
    section = result.output.split("minimums (issue 12): ", 1)[1].splitlines()
    declared = minimums.declared()
    assert section[0] == f"1 of {len(declared)} met"
    rows = section[1 : 1 + len(declared)]
    assert [row.rsplit("  ", 1)[1] for row in rows] == [m.label for m in declared]
    # the four site fixture cases: values counted by hand
    by_label = {row.rsplit("  ", 1)[1]: row.split() for row in rows}
    assert by_label["cases in all"][:4] == ["not", "met", "4", ">="]
    assert by_label["lessons from the supplier's perspective"][:4] == ["not", "met", "2", ">="]
    assert by_label["theme: pilot before a tender"][:4] == ["not", "met", "2", ">="]
    assert by_label["cases using the instrument 'other'"][:3] == ["met", "0", "<="]
    assert by_label["stopped or failed cases with lessons"][:4] == ["not", "met", "1", ">="]
    assert by_label["cases with at least three dated events"][:5] == [
        "not",
        "met",
        "0%",
        "(0",
        "of",
    ]
