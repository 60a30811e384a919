"""The one way tests build a casebase database: validate folders of case and collection files
(failing the test on any error) and write the database as a build does."""

from __future__ import annotations

from pathlib import Path

from casebase import build, validate

FIXTURES = Path(__file__).parent / "fixtures"


def build_db(db_path: Path, *folders: Path) -> Path:
    """Build `db_path` from `folders` (cases and collections folders; missing ones skipped).

    Without git dates and a file manifest, so the content depends on the files alone.
    """
    result = validate.validate([p for p in folders if p.is_dir()])
    assert not result.errors, [p.format() for p in result.errors]
    build.write_database(db_path, result.cases, result.collections)
    return db_path


def build_fixture(db_path: Path, name: str) -> Path:
    """The database of tests/fixtures/`name` (its cases/ and collections/)."""
    return build_db(db_path, FIXTURES / name / "cases", FIXTURES / name / "collections")
