"""How casebase runs Datasette: the settings and `datasette serve` arguments (shared by
`casebase serve`, the tests and publishing) and when the database must be rebuilt first.

The limits are chosen on purpose, because anyone on the internet can send SQL to the server:
a query gets 1.5 s, a facet 0.5 s, a page at most 1,000 rows and a CSV export at most 20 MB.
Three SQL threads serve queries side by side, so one slow query never holds up every page.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import fields

SETTINGS: dict[str, object] = {
    "sql_time_limit_ms": 1500,
    "facet_time_limit_ms": 500,
    "max_returned_rows": 1000,
    "max_csv_mb": 20,
    "num_sql_threads": 3,
    "default_page_size": 50,
    # Suggesting facets scans every column on every table page: too slow at 100k rows.
    "suggest_facets": False,
}

# The server's memory cap (enforced by plugins/limits.py at startup): `casebase serve` and the
# container image set it, so a query that needs more fails with a 503 instead of the kernel
# killing the server. Here, not in the plugin, so the CLI needs no Datasette hook module.
MEMORY_ENV = "CASEBASE_MEMORY_LIMIT_MB"
DEFAULT_MEMORY_LIMIT_MB = 2048

# Every build writes this row into its `build_info` table. The plugins are registered by entry
# point, so Datasette loads them for any database served from this environment; they act only
# when a database carrying this mark is served (plugins/web.py).
GENERATOR = ("generator", "casebase")


def is_casebase_db(path: str | Path | None) -> bool:
    """Whether the SQLite file at `path` was built by casebase (its `build_info` says so)."""
    if not path:
        return False
    try:
        # read-only and without creating anything: this may be anybody's database
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = db.execute(
                "SELECT value FROM build_info WHERE key = ?", [GENERATOR[0]]
            ).fetchone()
        finally:
            db.close()
    except sqlite3.Error:  # not SQLite, no build_info table, locked, ...
        return False
    return row is not None and row[0] == GENERATOR[1]


# Shipped inside the package, so an installed casebase serves the site from any folder.
PACKAGE = resources.files("casebase")
TEMPLATES = Path(str(PACKAGE / "templates"))
METADATA = Path(str(PACKAGE / "metadata.yml"))


def metadata() -> dict[str, Any]:
    """The packaged Datasette metadata (titles, table descriptions, licence), with the `cases`
    table's facets and column descriptions from the field registry."""
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    cases = meta["databases"]["casebase"]["tables"]["cases"]
    cases["facets"] = [{f.datasette: f.counts} for f in fields.FACETS if f.datasette and f.counts]
    cases["columns"] = fields.column_descriptions()
    return meta


def write_metadata(path: Path) -> Path:
    """The full metadata as a file Datasette can read (`--metadata`)."""
    path.write_text(json.dumps(metadata(), indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def needs_build(db_path: Path, inputs: list[Path]) -> bool:
    """Whether `casebase serve` must build first: no database, one without casebase's mark
    (built by an older casebase: the plugins would not recognise it), or older than a file."""
    if not db_path.exists() or not is_casebase_db(db_path):
        return True
    built = db_path.stat().st_mtime
    for folder in inputs:
        if folder.is_dir() and (
            folder.stat().st_mtime > built
            or any(f.stat().st_mtime > built for f in folder.iterdir())
        ):
            return True
    return False


def _cli_value(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def datasette_args(db_path: Path) -> list[str]:
    """Arguments for `datasette serve`, shared by serve, tests and publishing."""
    args = ["serve", "-i", str(db_path)]
    # the metadata is generated (the registry adds facets and columns) and kept beside the db
    meta = write_metadata(db_path.with_name(db_path.stem + ".metadata.json"))
    args += ["--metadata", str(meta), "--template-dir", str(TEMPLATES)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, _cli_value(value)]
    return args


def server_command(db_path: Path, host: str, port: int) -> list[str]:
    """The full `python -m datasette serve ...` command line `casebase serve` runs."""
    args = datasette_args(db_path) + ["--host", host, "--port", str(port)]
    return [sys.executable, "-m", "datasette", *args]


def server_env() -> dict[str, str]:
    """The environment for the server: this one, with the memory cap unless already set."""
    env = {**os.environ}
    env.setdefault(MEMORY_ENV, str(DEFAULT_MEMORY_LIMIT_MB))
    return env
