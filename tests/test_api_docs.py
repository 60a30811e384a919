"""The curl calls in the README and on the API page are the same, and work on the real corpus."""

from __future__ import annotations

import re

from casebase.plugins.api import openapi

from .api_support import ROOT, datasette

SERVE = "http://127.0.0.1:8001"


def readme_calls() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"^curl -s '{re.escape(SERVE)}(/api/[^']+)'$", text, re.MULTILINE)


def test_readme_shows_the_first_three_calls_of_the_api_page():
    assert readme_calls() == [path for _nl, _en, path in openapi.EXAMPLE_PATHS]
    assert all(e["curl"].startswith(f"curl -s '{SERVE}/api/v1/") for e in openapi.examples(SERVE))


async def test_readme_calls_work_on_the_corpus(corpus_db):
    ds = datasette(corpus_db)
    vocabularies, cases, case = [await ds.client.get(path) for path in readme_calls()]
    assert all(r.status_code == 200 for r in (vocabularies, cases, case))
    assert vocabularies.json()["vocabularies"]
    found = cases.json()
    assert found["count"] >= 1
    for item in found["cases"]:
        assert "market-consultation" in [i["code"] for i in item["instruments"]]
        assert "energy-transition" in [c["code"] for c in item["challenges"]]
    assert case.json()["sources"]
