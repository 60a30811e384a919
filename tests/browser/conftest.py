"""Browser-test fixtures: a real `casebase serve` process on a free port and Debian's Chromium
driven by Playwright. Without Chromium the tests skip with a message, unless
CASEBASE_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..servers import casebase_server

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "tests" / "fixtures" / "site"
XSS = ROOT / "tests" / "fixtures" / "xss"
CHROMIUM = os.environ.get("CASEBASE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENS = Path("/tmp/casebase-screens")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run the browser tests"
        if os.environ.get("CASEBASE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (CASEBASE_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    return CHROMIUM


def _serve(db: Path, fixture: Path):
    """`casebase serve` over `fixture`/cases and /collections from the repository root."""
    args = ["--db", db, "--cases", fixture / "cases", "--collections", fixture / "collections"]
    return casebase_server(args)


@pytest.fixture(scope="session")
def server(tmp_path_factory, chromium_path) -> Iterator[str]:
    """Base URL of `casebase serve` over the site fixture cases, run from the repository root."""
    with _serve(tmp_path_factory.mktemp("browser-db") / "casebase.db", SITE) as url:
        yield url


@pytest.fixture(scope="session")
def corpus_server(tmp_path_factory, chromium_path) -> Iterator[str]:
    """Base URL of `casebase serve` over the bundled corpus (cases/ and collections/)."""
    with _serve(tmp_path_factory.mktemp("corpus-db") / "casebase.db", ROOT) as url:
        yield url


@pytest.fixture(scope="session")
def xss_server(tmp_path_factory, chromium_path) -> Iterator[str]:
    """Base URL of `casebase serve` over the XSS payload fixture (tests/xss_payloads.py)."""
    with _serve(tmp_path_factory.mktemp("xss-db") / "casebase.db", XSS) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path):
    # Module scope, not session: Playwright's sync API runs an event loop on this thread while
    # it is open, which would break the async (pytest-asyncio) tests collected after this folder.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screens() -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS
