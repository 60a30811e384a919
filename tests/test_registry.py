"""The field registry is the one place a field is declared: the schema, the table, the API
record and its OpenAPI schema, the CSV columns and Datasette's column descriptions all follow
from it. Adding an optional scalar field touches the registry and the template, nothing else."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from casebase import fields, schema, serving
from casebase.plugins.api import export
from casebase.plugins.api.schemas import SCHEMAS

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "cases" / "woningbouw-pilot.yml"


def test_every_scalar_field_reaches_schema_table_api_csv_and_metadata(fixture_db):
    names = [f.name for f in fields.SCALARS]
    assert set(names) <= set(schema.case_schema()["properties"])
    assert set(names) <= set(SCHEMAS["Case"]["properties"])
    with sqlite3.connect(fixture_db) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(cases)")]
    assert {f.col for f in fields.SCALARS} <= set(columns)
    described = serving.metadata()["databases"]["casebase"]["tables"]["cases"]["columns"]
    assert set(described) == set(columns), "every column of cases has a description"
    assert {f.name for f in fields.SCALARS if f.csv} <= set(export.CSV_COLUMNS)


def test_every_facet_reaches_search_site_api_and_datasette():
    from casebase import search
    from casebase.plugins.api.params import CASE_FILTERS
    from casebase.plugins.facets import FACETS
    from casebase.plugins.site import search as site_search

    assert set(search.FILTERS) == {f.name for f in fields.FACETS}
    assert set(site_search.FACETS) == {f.name for f in fields.FACETS if f.site}
    assert {p.name for p in CASE_FILTERS} >= {f.name for f in fields.FACETS if f.api}
    assert set(FACETS) == {f.counts for f in fields.FACETS if f.counts and f.name != "year"}
    table = serving.metadata()["databases"]["casebase"]["tables"]["cases"]
    assert {next(iter(f.values())) for f in table["facets"]} == {
        f.counts for f in fields.FACETS if f.datasette
    }


# Run inside a copy of the package with one field added: build the fixture case, then ask the
# API, the case page, the CSV export, the schema and the metadata for the new value.
PROBE = r"""
import asyncio, json, sys
from pathlib import Path
import casebase
assert casebase.__file__.startswith(sys.argv[1]), casebase.__file__
from datasette.app import Datasette
from casebase import build, schema, serving, validate

cases, db = Path(sys.argv[2]), Path(sys.argv[3])
result = validate.validate([cases])
assert not result.errors, [p.format() for p in result.errors]
build.write_database(db, result.cases, [])
ds = Datasette(immutables=[str(db)], metadata=serving.metadata(),
               template_dir=str(serving.TEMPLATES))

async def main():
    api = (await ds.client.get("/api/v1/cases/woningbouw-pilot")).json()
    page = (await ds.client.get("/case/woningbouw-pilot")).text
    csv = (await ds.client.get("/api/v1/cases.csv")).text
    columns = serving.metadata()["databases"]["casebase"]["tables"]["cases"]["columns"]
    print(json.dumps({
        "api": api.get("funding_programme"),
        "page": "Stimuleringsregeling Proeftuinen" in page,
        "csv": "funding_programme" in csv.splitlines()[0] and "Stimuleringsregeling" in csv,
        "schema": "funding_programme" in schema.case_schema()["properties"],
        "metadata": "funding_programme" in columns,
    }))

asyncio.run(main())
"""


def test_adding_a_field_touches_the_registry_and_the_template(tmp_path):
    package = tmp_path / "src" / "casebase"
    shutil.copytree(
        ROOT / "src" / "casebase", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    registry = package / "fields.py"
    text = registry.read_text(encoding="utf-8")
    anchor = "BY_NAME = {f.name: f for f in SCALARS}"
    registry.write_text(
        text.replace(
            anchor,
            'SCALARS.append(Field("funding_programme", '
            'lambda: text("Subsidy programme that paid for it.", 200)))\n' + anchor,
        ),
        encoding="utf-8",
    )
    template = package / "templates" / "_cb_case.html"
    page = template.read_text(encoding="utf-8")
    marker = "<dt>{{ cb.t('country') }}</dt>"
    template.write_text(
        page.replace(marker, "<dd>{{ case.funding_programme or '' }}</dd>\n    " + marker),
        encoding="utf-8",
    )
    changed = _changed_files(ROOT / "src" / "casebase", package)
    assert changed == ["fields.py", "templates/_cb_case.html"]

    cases = tmp_path / "cases"
    shutil.copytree(FIXTURE.parent, cases)
    with (cases / FIXTURE.name).open("a", encoding="utf-8") as f:
        f.write("funding_programme: Stimuleringsregeling Proeftuinen\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(package), str(cases), str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.splitlines()[-1]) == {
        "api": "Stimuleringsregeling Proeftuinen",
        "page": True,
        "csv": True,
        "schema": True,
        "metadata": True,
    }


def _changed_files(a: Path, b: Path) -> list[str]:
    out = []
    for path in sorted(b.rglob("*")):
        rel = path.relative_to(b)
        if path.is_file() and not filecmp.cmp(a / rel, path, shallow=False):
            out.append(str(rel))
    return out
