"""Helpers for the API and contributor tests: paths, and a fixture database with the valid
cases plus the API cases. (Not imported from conftest: tests/browser has a conftest too, and
`import conftest` would find whichever was loaded last.)"""

from __future__ import annotations

import shutil
from pathlib import Path

from datasette.app import Datasette
from servers import app

from casebase import build, validate

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

CASE_DIRS = [FIXTURES / "valid" / "cases", FIXTURES / "api" / "cases"]
COLLECTIONS = FIXTURES / "valid" / "collections"


def case_files() -> list[Path]:
    return sorted(p for d in CASE_DIRS for p in d.glob("*.yml"))


def build_db(cases_dir: Path, collections_dir: Path, db_path: Path) -> Path:
    result = validate.validate([p for p in (cases_dir, collections_dir) if p.is_dir()])
    assert not result.errors, [p.format() for p in result.errors]
    build.write_database(db_path, result.cases, result.collections)
    return db_path


def build_api_db(folder: Path) -> Path:
    cases = folder / "cases"
    cases.mkdir(parents=True)
    for path in case_files():
        shutil.copy(path, cases / path.name)
    return build_db(cases, COLLECTIONS, folder / "casebase.db")


def datasette(db: Path) -> Datasette:
    return app(db)
