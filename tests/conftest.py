"""Shared fixtures: small case folders and databases built from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebase import build, validate

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def valid_tree(tmp_path: Path) -> Path:
    """A copy of the valid fixture cases and collections in a temporary folder."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "repo")
    return tmp_path / "repo"


def build_db(cases_dir: Path, collections_dir: Path, db_path: Path) -> Path:
    result = validate.validate([p for p in (cases_dir, collections_dir) if p.is_dir()])
    assert not result.errors, [p.format() for p in result.errors]
    build.write_database(db_path, result.cases, result.collections)
    return db_path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """Database built from tests/fixtures/valid."""
    folder = tmp_path_factory.mktemp("fixture-db")
    return build_db(
        FIXTURES / "valid" / "cases", FIXTURES / "valid" / "collections", folder / "casebase.db"
    )


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """Database built from the real cases/ and collections/ of the repository."""
    folder = tmp_path_factory.mktemp("corpus-db")
    return build_db(ROOT / "cases", ROOT / "collections", folder / "casebase.db")
