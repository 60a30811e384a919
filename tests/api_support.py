"""Helpers for the API tests: a fixture database with the valid cases plus the API cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT, build_db
from datasette.app import Datasette

CASE_DIRS = [FIXTURES / "valid" / "cases", FIXTURES / "api" / "cases"]
COLLECTIONS = FIXTURES / "valid" / "collections"


def case_files() -> list[Path]:
    return sorted(p for d in CASE_DIRS for p in d.glob("*.yml"))


def build_api_db(folder: Path) -> Path:
    cases = folder / "cases"
    cases.mkdir(parents=True)
    for path in case_files():
        shutil.copy(path, cases / path.name)
    return build_db(cases, COLLECTIONS, folder / "casebase.db")


def datasette(db: Path) -> Datasette:
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette(immutables=[str(db)], metadata=metadata, template_dir=str(ROOT / "templates"))
