"""Docs that cannot go stale: generated files must match what the code generates now."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from casebase import schema

ROOT = Path(__file__).parent.parent


def test_published_schemas_are_current():
    for name, text in schema.published_files().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale; run `make docs`"
        )


def test_generated_docs_are_current():
    docs = sorted(str(p) for p in (ROOT / "docs").glob("*.md")) + [str(ROOT / "README.md")]
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", *docs], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"generated docs are stale; run `make docs`\n{result.stdout}{result.stderr}"
    )


def test_every_case_file_points_at_the_schema():
    for path in sorted((ROOT / "cases").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/case.schema.json", path.name


def test_architecture_names_only_modules_that_exist():
    """docs/architecture.md stays true: every module and folder it names is in the package."""
    import re

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "casebase"
    named = set(re.findall(r"`((?:plugins/)?(?:site/|api/)?[a-z_]+\.(?:py|yml))`", text))
    assert len(named) > 20
    missing = sorted(n for n in named if not (package / n).exists())
    assert missing == []
    for folder in ("plugins/site", "plugins/api", "templates", "static"):
        assert (package / folder).is_dir(), folder
