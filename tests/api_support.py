"""Helpers for the API and contributor tests: paths, and a fixture database with the valid
cases plus the API cases."""

from __future__ import annotations

import shutil
from pathlib import Path

from datasette.app import Datasette

from .databases import build_db
from .servers import app

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

CASE_DIRS = [FIXTURES / "valid" / "cases", FIXTURES / "api" / "cases"]
COLLECTIONS = FIXTURES / "valid" / "collections"


def case_files() -> list[Path]:
    return sorted(p for d in CASE_DIRS for p in d.glob("*.yml"))


def build_api_db(folder: Path) -> Path:
    cases = folder / "cases"
    cases.mkdir(parents=True)
    for path in case_files():
        shutil.copy(path, cases / path.name)
    return build_db(folder / "casebase.db", cases, COLLECTIONS)


def datasette(db: Path) -> Datasette:
    return app(db)
