"""How casebase runs Datasette: the `datasette serve` arguments (shared by `casebase serve`,
the tests and publishing) and when the database must be rebuilt first."""

from __future__ import annotations

from pathlib import Path


def needs_build(db_path: Path, inputs: list[Path]) -> bool:
    if not db_path.exists():
        return True
    built = db_path.stat().st_mtime
    for folder in inputs:
        if folder.is_dir() and (
            folder.stat().st_mtime > built
            or any(f.stat().st_mtime > built for f in folder.iterdir())
        ):
            return True
    return False


def datasette_args(db_path: Path) -> list[str]:
    """Arguments for `datasette serve`, shared by serve, tests and publishing."""
    args = ["serve", "-i", str(db_path)]
    if Path("metadata.yml").exists():
        args += ["--metadata", "metadata.yml"]
    if Path("templates").is_dir():
        args += ["--template-dir", "templates"]
    args += [
        "--setting",
        "sql_time_limit_ms",
        "1500",
        "--setting",
        "facet_time_limit_ms",
        "500",
        "--setting",
        "default_page_size",
        "50",
        # Suggesting facets scans every column on every table page: too slow at 100k rows.
        "--setting",
        "suggest_facets",
        "off",
    ]
    return args
