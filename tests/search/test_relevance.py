"""The relevance test set: recall@5 >= 95% and no forbidden hits (issue 13)."""

from __future__ import annotations

from pathlib import Path

from casebase import relevance

CASES = Path(__file__).resolve().parents[2] / "cases"


def test_relevance_set_is_large_and_well_formed():
    queries = relevance.load()
    assert len(queries) >= 80
    ids = {p.stem for p in CASES.glob("*.yml")}
    for item in queries:
        assert item.get("expect") or item.get("forbid") or item.get("tagged"), item
        assert item.get("kind"), item
        assert set(item.get("expect", []) + item.get("forbid", [])) <= ids, item


def test_recall_at_5_and_no_forbidden_hits(corpus_db):
    figures = relevance.evaluate(corpus_db)
    print("\n" + figures.report())
    assert figures.recall >= 0.95, figures.report()
    assert not figures.forbidden, figures.report()
