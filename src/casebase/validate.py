"""Validation of case and collection files: every problem in every file, with positions.

Fast path: a compiled validator (jsonschema-rs, in Rust) accepts a valid document in microseconds.
Only documents that fail are run through `jsonschema` to collect *all* errors, and only then
is the YAML composed again to find each error's line and column. Rules a schema cannot
express live in `rules`; reading and parsing untrusted files in `yamlsafe`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

import jsonschema
import jsonschema_rs

from . import messages, rules, schema, yamlsafe

# validate.Result, .Problem and .Document stay importable from here for callers
from .documents import Document, Problem, Result

CASES_DIR = Path("cases")
COLLECTIONS_DIR = Path("collections")


@cache
def _fast(kind: str):
    return jsonschema_rs.validator_for(_schema(kind))


@cache
def _schema(kind: str) -> dict:
    return schema.case_schema() if kind == "case" else schema.collection_schema()


@cache
def _regex(pattern: str) -> re.Pattern:
    # In Python `$` also matches before a final newline ("NL\n"); in the fast validator (Rust)
    # and in editors (JavaScript) it does not. The slow path must agree with the fast one.
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


def _pattern(validator, pattern: str, instance, schema_: dict):
    if isinstance(instance, str) and not _regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Slow = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


@cache
def _slow(kind: str):
    return _Slow(_schema(kind))


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Split the given files and folders into case files and collection files.

    A file counts as a collection when it lives in a folder named `collections`.
    """
    cases, collections = [], []
    for path in paths:
        if path.is_dir():
            # Sort names as text: sorting Path objects is slow for 100k files.
            names = sorted(e.name for e in os.scandir(path) if e.name.endswith((".yml", ".yaml")))
            files = [path / name for name in names]
        else:
            files = [path]
        for f in files:
            (collections if f.parent.name == "collections" else cases).append(f)
    return cases, collections


def load(path: Path, kind: str, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; a file that cannot be parsed yields one problem."""
    try:
        text, digest = yamlsafe.read(path, root)
        data = yamlsafe.parse(text)
    except yamlsafe.YamlProblem as exc:
        return None, [Problem(str(path), exc.line, exc.col, exc.field, exc.message)]
    if not isinstance(data, dict):
        kind_name = "case" if kind == "case" else "collection"
        return None, [Problem(str(path), 1, 1, "", f"expected a mapping of {kind_name} fields")]
    return Document(path, kind, data, text, digest), []


def check_schema(doc: Document) -> list[Problem]:
    if _fast(doc.kind).is_valid(doc.data):
        return []
    problems, explained = [], set()
    for err in _slow(doc.kind).iter_errors(doc.data):
        if err.validator == "required":
            # one error per missing field, each listing them all: explain the mapping once
            where = tuple(err.absolute_path)
            if where in explained:
                continue
            explained.add(where)
        problems += messages.explain(doc, err)
    if not problems:  # the two validators disagree: refuse rather than let the file through
        problems = [Problem(str(doc.path), 1, 1, "", f"does not match the {doc.kind} schema")]
    return sorted(problems, key=lambda p: (p.line, p.col, p.field))


def check_file(
    path: Path, kind: str, known: set[str], today: dt.date
) -> tuple[Document | None, list[Problem]]:
    """Every check that concerns one file: its name, parsing, schema, rules and references."""
    if not (path.suffix == ".yml" and rules.valid_id(path.stem)):
        # Foo.yml beside foo.yml, or foo.yaml: two files, one id (and one on a
        # case-insensitive disk); refused before reading
        message = (
            f"file name {messages.show(path.name)} is not valid; expected <id>.yml with a "
            "lowercase kebab-case ASCII id, e.g. gemeente-utrecht-pilot.yml"
        )
        return None, [Problem(str(path), 1, 1, "", message)]
    doc, problems = load(path, kind, root=path.parent)
    if doc is None:
        return None, problems
    problems = check_schema(doc)
    problems += rules.case_rules(doc, today) if kind == "case" else rules.collection_rules(doc)
    problems += rules.references(doc, known)
    return doc, problems


def known_ids(case_files: list[Path], collection_files: list[Path]) -> set[str]:
    """Ids of every case file beside the ones checked, so one file can be validated alone.
    The id equals the file name, so the ids are known before any file is parsed. Only the
    folders of the files given count (not ./cases): links are judged as a build of those
    folders would judge them, wherever the command runs."""
    known = {f.stem for f in case_files}
    folders = {f.parent for f in case_files} | {f.parent.parent / "cases" for f in collection_files}
    for folder in folders:
        if folder.is_dir():
            known |= {p.stem for p in folder.glob("*.yml")}
    return known


def iter_checked(
    paths: Sequence[Path], today: dt.date | None = None, known: set[str] | None = None
) -> Iterator[tuple[Document | None, list[Problem]]]:
    """Check the files in `paths` one by one (cases first, then collections)."""
    case_files, collection_files = discover(paths)
    if known is None:
        known = known_ids(case_files, collection_files)
    return check_files(case_files, collection_files, known, today)


def check_files(
    case_files: list[Path],
    collection_files: list[Path],
    known: set[str],
    today: dt.date | None = None,
) -> Iterator[tuple[Document | None, list[Problem]]]:
    """Check files one by one, yielding each result; `known` are the ids links may target.

    Streaming keeps memory flat for large corpora: the build consumes documents as they come.
    """
    # a day of slack: a date written today must pass wherever CI's clock is (time zones)
    today = today or (dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1))
    seen: dict[str, Path] = {}
    for files, kind in ((case_files, "case"), (collection_files, "collection")):
        for f in files:
            doc, problems = check_file(f, kind, known, today)
            if doc is not None and kind == "case":
                if doc.id in seen:
                    problems.append(
                        doc.problem(
                            ("id",),
                            f"id {doc.id!r} is also used by {seen[doc.id]}; ids must be unique",
                        )
                    )
                seen[doc.id] = f
            yield doc, problems


def validate(
    paths: Sequence[Path], today: dt.date | None = None, known: set[str] | None = None
) -> Result:
    """Validate the given files and folders; collect every problem.

    `known` are the case ids links may point at (default: the case files beside the ones given).
    """
    result = Result([], [], [])
    for doc, problems in iter_checked(paths, today, known):
        result.problems += problems
        if doc is not None:
            (result.cases if doc.kind == "case" else result.collections).append(doc)
    return result
