"""requirements.lock pins every dependency the project declares, at a version that satisfies
pyproject.toml, so `make audit` audits a set the project can actually install (run `make lock`
to renew it). Installs themselves follow pyproject's ranges, which also admit Python 3.10."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import audit  # noqa: E402


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(r) for r in names]


def test_lock_pins_every_declared_dependency_within_its_range():
    pins = audit.pins(ROOT / "requirements.lock")
    for requirement in declared():
        version = pins.get(audit.normalise(requirement.name))
        assert version, f"{requirement.name} is missing from requirements.lock: run make lock"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {requirement.name}=={version}, outside {requirement}"
        )


def test_pins_reads_names_and_versions(tmp_path):
    lock = tmp_path / "lock"
    lock.write_text(
        "# comment\nPyYAML==6.0.3\nsnowballstemmer==3.1.1  # why\n\nzope.interface==7.0\n"
    )
    assert audit.pins(lock) == {
        "pyyaml": "6.0.3",
        "snowballstemmer": "3.1.1",
        "zope-interface": "7.0",
    }
