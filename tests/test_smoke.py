"""Smoke test: every page type renders through the real `datasette --get` command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casebase.serving import datasette_args

ROOT = Path(__file__).parent.parent

PAGES = [
    "/",
    "/casebase",
    "/casebase/cases",
    "/casebase/cases?_facet_m2m=instruments&_instrument=pilot",
    "/casebase/cases?_search=proeftuin",
    "/casebase/cases/woningbouw-pilot",
    "/casebase/cases.json",
    "/casebase/instruments",
    "/casebase/instruments/pilot",
    "/casebase/collections/leren",
    "/casebase/lessons",
    "/-/metadata",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders(fixture_db, page):
    args = datasette_args(fixture_db) + ["--get", page]
    result = subprocess.run(
        [sys.executable, "-m", "datasette", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{page}: {result.stdout[-500:]}{result.stderr[-2000:]}"
