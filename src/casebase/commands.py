"""The commands beside the content pipeline: `new` (a case skeleton), `stats` (coverage),
`audit` (a sample for reviewers), `schema` (the published JSON Schemas) and `publish` (a
container). Each is added to the `casebase` group of `cli`, whose shared options it uses."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import click

from . import audit, publish, schema, skeleton, stats, validate
from .cli import (
    cases_option,
    cli,
    collections_option,
    counted,
    db_option,
    require_folder,
    run_build,
)
from .serving import datasette_args


def _codes_option(vocabulary: str):
    """--instrument (repeatable) for the list `instruments`, with the codes to choose from."""
    return click.option(
        f"--{vocabulary}",
        f"{vocabulary}s",
        multiple=True,
        type=click.Choice(skeleton.choices(vocabulary)),
        help="Repeatable.",
    )


@cli.command()
@click.argument("case_id", required=False)
@click.option("--title", help="Dutch title.")
@click.option("--title-en", help="English title.")
@click.option("--buyer", help="Name of the (first) contracting authority.")
@click.option(
    "--buyer-type", type=click.Choice(skeleton.choices("buyer_type")), help="Kind of buyer."
)
@_codes_option("instrument")
@_codes_option("challenge")
@cases_option
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="Ask for missing fields, listing the allowed codes (default: only on a terminal).",
)
def new(
    case_id: str | None,
    title,
    title_en,
    buyer,
    buyer_type,
    instruments,
    challenges,
    cases_dir: Path,
    interactive: bool | None,
) -> None:
    """Write cases/CASE_ID.yml: a skeleton with every field and a short comment.

    On a terminal it asks for the title, buyer, buyer type, instruments and challenges you did
    not give as options, with the allowed codes listed. Fill in the rest, then run
    `casebase validate`. Refuses to overwrite an existing file.
    """
    if interactive is None:
        interactive = sys.stdin.isatty()
    if interactive:
        given = skeleton.Answers(
            case_id, title, title_en, buyer, buyer_type, list(instruments), list(challenges)
        )
        if case_id and not skeleton.valid_id(case_id):
            given.case_id = None  # ask again instead of failing after all the questions
            click.echo(f"{case_id!r} is not a valid id; you will be asked for another.")
        a = skeleton.ask(given)
        case_id, title, title_en, buyer, buyer_type = (
            a.case_id, a.title, a.title_en, a.buyer, a.buyer_type,
        )  # fmt: skip
        instruments, challenges = a.instruments, a.challenges
    if not case_id:
        raise click.UsageError("give a CASE_ID, e.g. casebase new gemeente-utrecht-pilot")
    if not skeleton.valid_id(case_id):
        raise click.ClickException(
            f"{case_id!r} is not a valid id; expected lowercase kebab-case ASCII, e.g. gemeente-utrecht-pilot"
        )
    path = cases_dir / f"{case_id}.yml"
    if path.exists():
        raise click.ClickException(f"{path} already exists; not overwriting it")
    cases_dir.mkdir(parents=True, exist_ok=True)
    text = skeleton.render(
        case_id,
        title=title,
        title_en=title_en,
        buyer=buyer,
        buyer_type=buyer_type,
        instruments=list(instruments),
        challenges=list(challenges),
    )
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    click.echo(f"Wrote {path}; fill it in and run: casebase validate {path}")


@cli.command(name="stats")
@cases_option
@collections_option
def stats_cmd(cases_dir: Path, collections_dir: Path) -> None:
    """Coverage report: counts per instrument, challenge, status, country, collection, perspective."""
    require_folder(cases_dir)
    paths = [p for p in (cases_dir, collections_dir) if p.is_dir()]
    result = validate.validate(paths)
    if result.errors:
        raise click.ClickException(f"{len(result.errors)} error(s); run casebase validate first")
    click.echo(stats.report(stats.coverage(result.cases, result.collections)))


@cli.command(name="audit")
@click.argument("n", type=click.IntRange(min=1), default=5)
@click.option("--seed", type=int, help="Draw the same cases again (default: a new draw).")
@cases_option
def audit_cmd(n: int, seed: int | None, cases_dir: Path) -> None:
    """Print N random cases with each key fact, its citation and quote, and the source URLs,
    ready for a reviewer to check against the sources (see docs/verification.md)."""
    if not cases_dir.is_dir():
        raise click.ClickException(f"{cases_dir}: no such folder; expected a folder of case files")
    result = validate.validate([cases_dir])
    if result.errors:
        raise click.ClickException(f"{len(result.errors)} error(s); run casebase validate first")
    if seed is None:
        seed = random.SystemRandom().randrange(10**6)
    click.echo(f"# casebase audit {n} --seed {seed}\n")
    click.echo("\n\n".join(audit.sheet(doc) for doc in audit.sample(result.cases, n, seed)))


@cli.command(name="schema")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default="schema", show_default=True
)
def schema_cmd(out: Path) -> None:
    """Write the JSON Schemas (case, collection) that editors use for autocompletion."""
    for path in schema.write_published(out):
        click.echo(f"Wrote {path}")


@cli.command(name="publish")
@click.argument("target", type=click.Choice(["docker", "cloudrun"]))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="build/publish",
    show_default=True,
    help="Folder for the container build context (replaced on each run).",
)
@click.option("--tag", default="casebase", show_default=True, help="docker: image tag.")
@click.option("--service", default="casebase", show_default=True, help="cloudrun: service name.")
@click.option("--project", envvar="GOOGLE_CLOUD_PROJECT", help="cloudrun: Google Cloud project id.")
@click.option("--region", default="europe-west4", show_default=True, help="cloudrun: region.")
@db_option
@click.option("--no-build", is_flag=True, help="Publish the existing database as it is.")
@click.option("--dry-run", is_flag=True, help="Write the context and print the commands only.")
def publish_cmd(
    target: str,
    out: Path,
    tag: str,
    service: str,
    project: str | None,
    region: str,
    db_path: Path,
    no_build: bool,
    dry_run: bool,
) -> None:
    """Build the database and a container (Datasette + plugins + templates) and ship it.

    TARGET docker builds a local image (push it to any registry or container platform);
    cloudrun builds with Google Cloud Build and deploys to Cloud Run. The database is
    immutable, so the image is stateless: run as many replicas as you like behind a CDN.
    Without the platform's tool installed, or with --dry-run, the commands are printed.
    """
    options = publish.Options(target, out, tag, service, project, region)
    try:
        cmds = publish.commands(options)
        if not no_build:
            run_build(Path("cases"), Path("collections"), db_path, quiet=True)
        extra = publish.settings_options(datasette_args(db_path))
        files = publish.write_context(out, Path.cwd(), db_path, extra)
    except publish.PublishError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote the build context {out} ({counted(len(files), 'file')})", err=True)
    tool = publish.missing_tool(cmds)
    if dry_run or tool:
        if tool and not dry_run:
            click.echo(f"{tool} is not installed here; run these commands where it is:", err=True)
        for command in cmds:
            click.echo(publish.shell(command))
        return
    for command in cmds:
        click.echo(f"$ {publish.shell(command)}", err=True)
        code = subprocess.call(command)
        if code:
            raise click.ClickException(f"{command[0]} failed with exit code {code}")
