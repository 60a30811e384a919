"""The API carries every fact of a case file: each scalar value in the YAML appears in the
API record of that case. Checked for the fixture cases and for the whole real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebase import yamlsafe

from .api_support import ROOT, build_api_db, case_files, datasette


def scalars(data, path: str = "") -> list[tuple[str, object]]:
    """Every leaf value of nested dicts and lists, with its path (`cite.status.quote`)."""
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in scalars(v, f"{path}.{k}".lstrip("."))]
    if isinstance(data, list):
        return [s for i, v in enumerate(data) for s in scalars(v, f"{path}[{i}]")]
    return [(path, data)]


def normal(value):
    # YAML 1500000 and JSON 1500000.0 are the same fact; text stays text.
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


async def missing_facts(ds, path: Path) -> list:
    data = yamlsafe.load_file(path)
    response = await ds.client.get(f"/api/v1/cases/{data['id']}")
    assert response.status_code == 200, path.name
    record = response.json()
    have = {normal(v) for _, v in scalars(record)}
    # the field is named, so a failure says which fact the API lost
    return [f"{where}: {v!r}" for where, v in scalars(data) if normal(v) not in have]


@pytest.fixture(scope="module")
def api_db(tmp_path_factory):
    return build_api_db(tmp_path_factory.mktemp("roundtrip"))


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
async def test_fixture_case_round_trips(api_db, path):
    assert await missing_facts(datasette(api_db), path) == []


async def test_round_trip_notices_a_missing_fact(api_db, tmp_path):
    # the check itself can fail: a fact the API does not have is reported
    path = case_files()[0]
    changed = tmp_path / path.name
    changed.write_text(
        path.read_text(encoding="utf-8").replace("title_en: ", "title_en: Changed ", 1),
        encoding="utf-8",
    )
    missing = await missing_facts(datasette(api_db), changed)
    assert len(missing) == 1 and missing[0].startswith("title_en: 'Changed ")


async def test_every_corpus_case_round_trips(corpus_db):
    ds = datasette(corpus_db)
    failures = {}
    for path in sorted((ROOT / "cases").glob("*.yml")):
        missing = await missing_facts(ds, path)
        if missing:
            failures[path.name] = missing
    assert failures == {}
