"""Links from official identifiers to their public notices (`notices.notice_url`), as the build
stores them for the case page and the API."""

from __future__ import annotations

import pytest

from casebase import notices, rows


@pytest.mark.parametrize(
    ("scheme", "value", "url"),
    [
        ("ted", "554113-2026", "https://ted.europa.eu/en/notice/-/detail/554113-2026"),
        (
            "ted",
            "2016/S 253-466898",
            "https://ted.europa.eu/en/search/result?FT=2016%2FS+253-466898&search-scope=ALL",
        ),
        ("tenderned", "123456", "https://www.tenderned.nl/aankondigingen/overzicht/123456"),
        ("cpv", "45211000-2", None),
        ("ocid", "ocds-abcdef-0001", None),
        ("eforms_procedure_id", "1e86a664-ae3c-41eb-8529-0242ac130003", None),
        # not an identifier of that scheme (the schema refuses it first): no link is made up
        ("ted", "554113", None),
        ("tenderned", "12ab", None),
    ],
)
def test_notice_url(scheme, value, url):
    assert notices.notice_url(scheme, value) == url


def test_the_build_stores_the_link_with_each_identifier(valid_tree):
    from casebase import validate

    result = validate.validate([valid_tree / "cases"])
    case = next(doc for doc in result.cases if doc.id == "woningbouw-pilot")
    stored = rows.case_rows(case.data)["identifiers"]
    assert {(r["scheme"], r["value"], r["url"]) for r in stored} == {
        ("cpv", "45211000-2", None),
        ("ted", "554113-2026", "https://ted.europa.eu/en/notice/-/detail/554113-2026"),
    }
