"""Created and updated dates of case files from git history (empty without a git checkout)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path


def git_dates(files: Iterable[Path]) -> dict[str, tuple[str, str]]:
    """(created, updated) ISO dates per file from git history; empty when git is unavailable."""
    files = list(files)
    if not files:
        return {}
    folder = files[0].parent
    try:
        out = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, tuple[str, str]] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and current:
            name = Path(line).name
            created, updated = dates.get(name, (current, current))
            # git log is newest first: the first date seen is the update, the last the creation.
            dates[name] = (current, updated)
    return dates
