"""Shared fixtures: small case folders and databases built from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .databases import build_db, build_fixture


def pytest_configure(config) -> None:
    """`rich` comes with two test dependencies (schemathesis, pip-audit), never with casebase.
    When it is importable, Datasette's error handler prints every error with all its local
    variables and crashes on a 404 raised outside an `except` block (GET /db/table/-/insert).
    Installed casebase has no rich, so the tests run as production does: without it."""
    # datasette.app first: importing handle_exception before the plugin manager exists would
    # register it half-loaded, without its hook
    import datasette.app  # noqa: F401
    import datasette.handle_exception

    datasette.handle_exception.rich = None


FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def valid_tree(tmp_path: Path) -> Path:
    """A copy of the valid fixture cases and collections in a temporary folder."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "repo")
    return tmp_path / "repo"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """Database built from tests/fixtures/valid."""
    return build_fixture(tmp_path_factory.mktemp("fixture-db") / "casebase.db", "valid")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """Database built from the real cases/ and collections/ of the repository."""
    folder = tmp_path_factory.mktemp("corpus-db")
    return build_db(folder / "casebase.db", ROOT / "cases", ROOT / "collections")


@pytest.fixture(scope="session")
def site_db(tmp_path_factory) -> Path:
    """Database built from tests/fixtures/site (the site and security-header tests)."""
    return build_fixture(tmp_path_factory.mktemp("site-db") / "casebase.db", "site")
