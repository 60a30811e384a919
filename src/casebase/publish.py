"""Publishing: a container build context for the site and API, and the commands that ship it.

The Dockerfile comes from Datasette's own `datasette package` template
(`datasette.utils.make_dockerfile`): immutable database, `datasette inspect` at build time for
fast starts, CORS on. `datasette package` itself can only pip-install packages from an index,
so the context here also carries this package's source (`pip install .` inside the image),
with the packaged `metadata.yml` and `templates/` and the built `casebase.db`.

Because the database is immutable, the image is stateless: run as many replicas as needed
behind a CDN.
"""

from __future__ import annotations

import os
import secrets
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from datasette.utils import make_dockerfile

from . import serving

# What the image needs from the repository (paths relative to its root).
CONTEXT_FILES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-content.md")
CONTEXT_DIRS = ("src",)
DB_NAME = "casebase.db"
TARGETS = ("docker", "cloudrun")


class PublishError(Exception):
    """Publishing cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Options:
    target: str
    out: Path
    tag: str = "casebase"
    service: str = "casebase"
    project: str | None = None
    region: str = "europe-west4"


def settings_options(datasette_args: list[str]) -> str:
    """The `--setting NAME VALUE` options of `casebase serve`, for the container's command."""
    out = []
    for i, arg in enumerate(datasette_args):
        if arg == "--setting":
            out += datasette_args[i : i + 3]
    return " ".join(out)


def dockerfile(extra_options: str, secret: str | None = None, port: int = 8001) -> str:
    """Dockerfile text, as `datasette package` writes it, installing this package from `.`."""
    return (
        make_dockerfile(
            files=[DB_NAME],
            metadata_file="metadata.json",
            extra_options=extra_options,
            branch=None,
            template_dir="templates",
            plugins_dir=None,
            static=[],
            install=["."],
            spatialite=False,
            version_note=None,
            # Signs Datasette's cookies; the same secret on every replica keeps them valid across
            # replicas. Taken from the environment when set, so CI can keep it stable.
            secret=secret or os.environ.get("DATASETTE_SECRET") or secrets.token_hex(32),
            port=port,
            # the memory cap of plugins/limits.py, as `casebase serve` sets it
            environment_variables={serving.MEMORY_ENV: str(serving.DEFAULT_MEMORY_LIMIT_MB)},
        ).strip()
        + "\n"
    )


def write_context(out: Path, root: Path, db_path: Path, extra_options: str) -> list[Path]:
    """Write the build context into `out` (replaced if it exists); returns the files written."""
    if not db_path.is_file():
        raise PublishError(f"{db_path}: no database; run `casebase build` first")
    missing = [n for n in (*CONTEXT_FILES, *CONTEXT_DIRS) if not (root / n).exists()]
    if missing:
        raise PublishError(
            f"{', '.join(missing)} not found in {root}; run casebase publish in the repository root"
        )
    if out.exists():
        if not (out / "Dockerfile").is_file():
            raise PublishError(f"{out} exists and is not a build context; choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in CONTEXT_FILES:
        shutil.copy2(root / name, out / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in CONTEXT_DIRS:
        shutil.copytree(root / name, out / name, ignore=ignore)
    # the Dockerfile points Datasette at these, as `casebase serve` points it into the package
    serving.write_metadata(out / "metadata.json")
    shutil.copytree(serving.TEMPLATES, out / "templates", ignore=ignore)
    shutil.copy2(db_path, out / DB_NAME)
    (out / "Dockerfile").write_text(dockerfile(extra_options), encoding="utf-8")
    return sorted(p for p in out.rglob("*") if p.is_file())


def commands(options: Options) -> list[list[str]]:
    """The platform commands that build and ship the context in `options.out`."""
    out = str(options.out)
    if options.target == "docker":
        return [["docker", "build", "-t", options.tag, out]]
    if options.target == "cloudrun":
        if not options.project:
            raise PublishError(
                "cloudrun needs --project (your Google Cloud project id) or GOOGLE_CLOUD_PROJECT"
            )
        image = f"gcr.io/{options.project}/{options.service}"
        return [
            ["gcloud", "builds", "submit", "--project", options.project, "--tag", image, out],
            [
                "gcloud",
                "run",
                "deploy",
                options.service,
                "--project",
                options.project,
                "--image",
                image,
                "--region",
                options.region,
                "--platform",
                "managed",
                "--allow-unauthenticated",
                "--port",
                "8001",
            ],
        ]
    raise PublishError(f"unknown target {options.target!r}; choose one of {', '.join(TARGETS)}")


def shell(command: list[str]) -> str:
    return " ".join(shlex.quote(part) for part in command)


def missing_tool(cmds: list[list[str]]) -> str | None:
    for command in cmds:
        if shutil.which(command[0]) is None:
            return command[0]
    return None
