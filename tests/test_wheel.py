"""casebase as an installed package, away from the checkout: build a wheel, install it into a
fresh virtualenv in a temporary folder and run new, validate, build and serve in an empty
folder there. Templates, static files and metadata.yml must come from the package.

The fresh venv gets its dependencies cheaply: a .pth line puts this test environment's
site-packages after its own. Python does not run the .pth files of a directory added that way,
so the editable install's path hook to src/ stays off and `casebase` comes from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

from .servers import casebase_server

ROOT = Path(__file__).parent.parent
VALID = Path(__file__).parent / "fixtures" / "valid"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-content.md", "src")
BUDGET_S = 180  # measured at about 10 s; a generous bound that still catches a runaway install


def run(cmd: list, cwd: Path, env: dict | None = None, code: int = 0) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == code, f"{cmd}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def build_wheel(tmp_path: Path) -> Path:
    """A wheel built from a clean copy of the sources (setuptools builds in the source tree)."""
    tree = tmp_path / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
            shutil.copytree(ROOT / name, tree / name, ignore=ignore)
        else:
            tree.mkdir(exist_ok=True)
            shutil.copy(ROOT / name, tree / name)
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", tree]
    major = int(metadata.version("setuptools").split(".")[0])
    if major >= 77:  # pyproject.toml's build requirement is here already: no isolated install
        cmd.insert(4, "--no-build-isolation")
    run(cmd, tmp_path)
    (wheel,) = (tmp_path / "dist").glob("casebase-*.whl")
    return wheel


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    python = venv / "bin" / "python"
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv)
    own = Path(purelib.strip())
    (own / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel], venv
    )
    return venv


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="venv layout: bin/")
def test_wheel_installs_and_serves_from_an_empty_folder(tmp_path):
    started = time.monotonic()
    venv = fresh_venv(tmp_path, build_wheel(tmp_path))
    casebase = venv / "bin" / "casebase"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    work = tmp_path / "work"
    work.mkdir()

    where = run([venv / "bin" / "python", "-c", "import casebase; print(casebase.__file__)"], work)
    assert where.strip().startswith(str(venv)), f"casebase imported from {where}"

    said = run(
        [casebase, "new", "demo-pilot", "--no-interactive", "--title", "Demo"]
        + ["--instrument", "pilot", "--challenge", "energy-transition"],
        work,
        env,
    )
    assert "cases/demo-pilot.yml" in said
    # the skeleton still has TODOs: validate names the file with line and column
    said = run([casebase, "validate"], work, env, code=1)
    assert "cases/demo-pilot.yml:" in said
    (work / "cases" / "demo-pilot.yml").unlink()
    shutil.copytree(VALID / "cases", work / "cases", dirs_exist_ok=True)
    shutil.copytree(VALID / "collections", work / "collections")
    run([casebase, "validate"], work, env)
    run([casebase, "build"], work, env)
    assert (work / "casebase.db").is_file()

    with casebase_server([], cwd=work, casebase=str(casebase), env=env) as base:
        status, home = fetch(f"{base}/")
        assert status == 200 and "/assets/site.css" in home  # the packaged templates
        assert fetch(f"{base}/assets/site.css")[0] == 200  # the packaged static files
        status, page = fetch(f"{base}/case/woningbouw-pilot")
        assert status == 200 and "<h1" in page
        status, body = fetch(f"{base}/api/v1/cases")
        assert status == 200 and json.loads(body)["count"] == 2
        status, about = fetch(f"{base}/-/metadata.json")
        assert json.loads(about)["title"]  # the packaged metadata.yml
    elapsed = time.monotonic() - started
    print(f"wheel, install and four commands: {elapsed:.1f} s")
    assert elapsed < BUDGET_S
