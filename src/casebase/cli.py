"""The `casebase` command line: a thin click layer over validate, build, serve, new and stats."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import click

from . import (
    __version__,
    atomic,
    audit,
    build,
    incremental,
    publish,
    schema,
    serving,
    skeleton,
    stats,
    validate,
)
from . import watch as watch_mod
from .serving import datasette_args


def _path_option(flag: str, dest: str, default: str, **kind: bool):
    """A path option with its default shown; `kind` is file_okay=False or dir_okay=False."""
    return click.option(
        flag, dest, type=click.Path(path_type=Path, **kind), default=default, show_default=True
    )


# Options shared by several commands.
cases_option = _path_option("--cases", "cases_dir", "cases", file_okay=False)
collections_option = _path_option(
    "--collections", "collections_dir", "collections", file_okay=False
)
db_option = _path_option("--db", "db_path", "casebase.db", dir_okay=False)


@click.group()
@click.version_option(__version__, prog_name="casebase")
def cli() -> None:
    """casebase: an open knowledge base of innovative public-procurement cases.

    Case files live in cases/<id>.yml and reading lists in collections/<id>.yml. Validate them,
    build them into SQLite and serve them with Datasette.
    """


@cli.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github prints workflow annotations that show errors on the lines of a pull request.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, no warnings or summary.")
def validate_cmd(paths: tuple[Path, ...], style: str, quiet: bool) -> None:
    """Check case and collection files; report every problem as path:line:col.

    PATHS are files or folders (default: cases/ and collections/). Exits 1 when there is
    any error; warnings do not fail.
    """
    result = validate.validate(paths or _default_paths())
    _report(result, style, quiet)
    if result.errors:
        sys.exit(1)


def _default_paths() -> list[Path]:
    paths = [p for p in (validate.CASES_DIR, validate.COLLECTIONS_DIR) if p.is_dir()]
    if not paths:
        raise click.ClickException("no cases/ folder here; run casebase in the repository root")
    return paths


def counted(n: int, noun: str) -> str:
    """'1 case', '2 cases', '0 warnings'."""
    return f"{n} {noun}{'s' * (n != 1)}"


def _require_folder(cases_dir: Path) -> None:
    if not cases_dir.is_dir():
        raise click.ClickException(f"{cases_dir}: no such folder; expected a folder of case files")


def _report(result: validate.Result, style: str, quiet: bool) -> None:
    for problem in sorted(result.problems, key=lambda p: (p.path, p.line, p.col)):
        if quiet and problem.severity != "error":
            continue
        click.echo(problem.format(style), err=problem.severity == "error" and style == "text")
    if not quiet:
        click.echo(
            f"{counted(len(result.cases), 'case')}, "
            f"{counted(len(result.collections), 'collection')}: "
            f"{counted(len(result.errors), 'error')}, {counted(len(result.warnings), 'warning')}",
            err=True,
        )


@cli.command(name="build")
@cases_option
@collections_option
@db_option
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--full", is_flag=True, help="Rebuild everything instead of only changed files.")
@click.option(
    "--no-similar",
    is_flag=True,
    help="Leave out the similar cases by meaning (no embeddings; for very large test corpora).",
)
def build_cmd(
    cases_dir: Path, collections_dir: Path, db_path: Path, quiet: bool, full: bool, no_similar: bool
) -> None:
    """Validate, then build the SQLite database.

    On any error nothing is written: an existing database stays byte-for-byte the same.
    The new database is written to a temporary file and renamed into place. When the
    database was built before from (mostly) the same files, only the changed and deleted
    case files are rebuilt; the content is the same as a full build (--full forces one).
    Similar cases by meaning are embedded on the CPU; only new and changed texts are.
    """
    run_build(cases_dir, collections_dir, db_path, quiet, full, not no_similar)
    if not quiet:
        # The server opens the database immutable: it never sees the new file by itself.
        click.echo(
            "A running `casebase serve` keeps the old database until restarted "
            "(`casebase serve --watch` rebuilds and restarts by itself).",
            err=True,
        )


def run_build(
    cases_dir: Path,
    collections_dir: Path,
    db_path: Path,
    quiet: bool = False,
    full: bool = False,
    with_similar: bool = True,
) -> None:
    _require_folder(cases_dir)
    paths = [cases_dir] + ([collections_dir] if collections_dir.is_dir() else [])
    n = build.count_case_files(paths)
    builder = build.build if full else incremental.build_incremental
    try:
        if not quiet and n >= 500 and sys.stderr.isatty():
            with click.progressbar(length=n, label="Building", file=sys.stderr) as bar:
                result = builder(paths, db_path, bar.update, with_similar)
        else:
            result = builder(paths, db_path, None, with_similar)
    except atomic.BuildError as exc:
        raise click.ClickException(f"{exc}; {db_path} left untouched") from None
    if result.errors:
        _report(result, "text", quiet=True)
        raise click.ClickException(
            f"{counted(len(result.errors), 'error')}; database not built ({db_path} left untouched)"
        )
    if not quiet:
        click.echo(
            f"Built {db_path}: {counted(n, 'case')}, "
            f"{counted(len(result.collections), 'collection')}"
            + (f", {counted(len(result.warnings), 'warning')}" if result.warnings else ""),
            err=True,
        )


@cli.command()
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@db_option
@cases_option
@collections_option
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild when a case or collection file changes and serve the new database.",
)
def serve(
    port: int, host: str, db_path: Path, cases_dir: Path, collections_dir: Path, watch: bool
) -> None:
    """Build if needed, then serve the database with Datasette.

    Rebuilds when the database is missing or older than the case files. Runs a real
    Datasette server with metadata.yml, templates/, the casebase plugins and immutable mode.
    With --watch a changed file triggers a build; after a successful build the server restarts
    on the new database, after a failed one it keeps serving the previous one.
    """
    command = serving.server_command(db_path, host, port)
    env = serving.server_env()
    if watch:

        def rebuild() -> bool:
            try:
                run_build(cases_dir, collections_dir, db_path)
            except click.ClickException as exc:
                exc.show()
                if db_path.exists():
                    click.echo(f"Still serving the previous {db_path}", err=True)
                return False
            return True

        if serving.needs_build(db_path, [cases_dir, collections_dir]) and not rebuild():
            click.echo("The server starts after the first successful build.", err=True)
        click.echo(f"Serving on http://{host}:{port}/, watching {cases_dir}", err=True)
        code = watch_mod.run(command, env, db_path, [cases_dir, collections_dir], rebuild)
        sys.exit(code)
    if serving.needs_build(db_path, [cases_dir, collections_dir]):
        run_build(cases_dir, collections_dir, db_path)
    click.echo(f"Serving on http://{host}:{port}/", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become Datasette instead of starting it as a child: SIGTERM from systemd, a supervisor or
    # `docker stop`, and Ctrl-C, then reach the server itself and nothing is left holding the port.
    os.execve(command[0], command, env)


@cli.command()
@click.argument("case_id", required=False)
@click.option("--title", help="Dutch title.")
@click.option("--title-en", help="English title.")
@click.option("--buyer", help="Name of the (first) contracting authority.")
@click.option(
    "--buyer-type", type=click.Choice(skeleton.choices("buyer_type")), help="Kind of buyer."
)
@click.option(
    "--instrument",
    "instruments",
    multiple=True,
    type=click.Choice(skeleton.choices("instrument")),
    help="Repeatable.",
)
@click.option(
    "--challenge",
    "challenges",
    multiple=True,
    type=click.Choice(skeleton.choices("challenge")),
    help="Repeatable.",
)
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
    _require_folder(cases_dir)
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


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUTF8", "1")
    cli()
