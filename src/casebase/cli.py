"""The `casebase` command line: a thin click layer. This module holds the group, the options
several commands share, and the content pipeline: validate, build and serve. The other commands
(new, stats, audit, schema, publish) are in `commands`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__, atomic, build, incremental, serving, validate
from . import watch as watch_mod


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


def require_folder(cases_dir: Path) -> None:
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
    require_folder(cases_dir)
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


# The commands beside the content pipeline (new, stats, audit, schema, publish) live in
# `commands`, which adds them to `cli`: imported last, when everything it uses is defined.
from . import commands  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUTF8", "1")
    cli()
