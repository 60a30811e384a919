"""Validation of case and collection files: every problem in every file, with positions.

Fast path: a compiled validator (jsonschema-rs, in Rust) accepts a valid document in microseconds.
Only documents that fail are run through `jsonschema` to collect *all* errors, and only then
is the YAML composed again to find each error's line and column.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs

from . import messages, schema, yamlsafe

CASES_DIR = Path("cases")
COLLECTIONS_DIR = Path("collections")


class Problem:
    """One finding in one file. The position may be computed lazily: finding a line and column
    means composing the YAML again, which is only worth it when the problem is shown."""

    __slots__ = ("path", "field", "message", "severity", "_pos")

    def __init__(self, path, line, col, field, message, severity="error", locate=None):
        self.path, self.field, self.message, self.severity = path, field, message, severity
        self._pos = locate if locate is not None else (line, col)

    def _resolve(self) -> tuple[int, int]:
        if callable(self._pos):
            self._pos = self._pos()
        return self._pos

    @property
    def line(self) -> int:
        return self._resolve()[0]

    @property
    def col(self) -> int:
        return self._resolve()[1]

    def __eq__(self, other) -> bool:
        return isinstance(other, Problem) and self.format() == other.format()

    def __repr__(self) -> str:
        return f"Problem({self.format()!r})"

    def format(self, style: str = "text") -> str:
        where = f"{self.field}: " if self.field else ""
        if style == "github":
            # GitHub Actions workflow command: shows the message on the line in a pull request.
            text = f"{where}{self.message}".replace("%", "%25").replace("\n", "%0A")
            return f"::{self.severity} file={self.path},line={self.line},col={self.col}::{text}"
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {where}{self.message}"


@dataclass
class Document:
    """One parsed file. `data` is plain JSON-like data; `text` is kept to locate errors."""

    path: Path
    kind: str  # "case" or "collection"
    data: dict[str, Any]
    text: str = field(repr=False)
    sha1: str = ""  # of the file's bytes, for the build manifest
    _nodes: Any = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.path.stem

    def position(self, path: tuple, at_key: bool = False) -> tuple[int, int]:
        if self._nodes is None:
            self._nodes = yamlsafe.compose(self.text)
        return yamlsafe.position(self._nodes, path, at_key)

    def problem(self, path: tuple, message: str, severity: str = "error", at_key=False) -> Problem:
        return Problem(
            str(self.path),
            None,
            None,
            field_name(path),
            message,
            severity,
            locate=lambda: self.position(path, at_key),
        )


@dataclass
class Result:
    cases: list[Document]
    collections: list[Document]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def field_name(path: Sequence) -> str:
    """('sources', 2, 'url') -> 'sources[2].url'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@cache
def _fast(kind: str):
    return jsonschema_rs.validator_for(_schema(kind))


@cache
def _schema(kind: str) -> dict:
    return schema.case_schema() if kind == "case" else schema.collection_schema()


@cache
def _slow(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(kind))


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
        return None, [Problem(str(path), exc.line, exc.col, "", exc.message)]
    if not isinstance(data, dict):
        kind_name = "case" if kind == "case" else "collection"
        return None, [Problem(str(path), 1, 1, "", f"expected a mapping of {kind_name} fields")]
    return Document(path, kind, data, text, digest), []


def check_schema(doc: Document) -> list[Problem]:
    if _fast(doc.kind).is_valid(doc.data):
        return []
    problems = [messages.explain(doc, err) for err in _slow(doc.kind).iter_errors(doc.data)]
    return sorted(problems, key=lambda p: (p.line, p.col, p.field))


def check_case_rules(doc: Document, today: dt.date) -> list[Problem]:
    """Rules a schema cannot express: id = file name, year order, no future dates, warnings."""
    d, out = doc.data, []
    if isinstance(d.get("id"), str) and d["id"] != doc.id:
        out.append(
            doc.problem(("id",), f"id {d['id']!r} differs from the file name; expected {doc.id!r}")
        )
    ys, ye = d.get("year_start"), d.get("year_end")
    if isinstance(ys, int) and isinstance(ye, int) and ye < ys:
        out.append(
            doc.problem(
                ("year_end",), f"{ye} is before year_start {ys}; expected year_end >= year_start"
            )
        )
    for key in ("year_start", "year_end"):
        if isinstance(d.get(key), int) and not isinstance(d[key], bool) and d[key] > today.year:
            out.append(
                doc.problem(
                    (key,), f"{d[key]} is in the future; expected a year up to {today.year}"
                )
            )
    lr = d.get("last_reviewed")
    if isinstance(lr, str) and lr > today.isoformat():
        out.append(
            doc.problem(("last_reviewed",), f"{lr} is in the future; expected a date up to today")
        )
    sources = d.get("sources") if isinstance(d.get("sources"), list) else []
    for i, src in enumerate(sources):
        date = src.get("date") if isinstance(src, dict) else None
        if isinstance(date, str) and date > today.isoformat()[: len(date)]:
            out.append(
                doc.problem(
                    ("sources", i, "date"), f"{date} is in the future; expected a past date"
                )
            )
    if len(sources) == 1:
        out.append(
            doc.problem(
                ("sources",), "only one source; add a second, independent source", "warning"
            )
        )
    if d.get("confidence") == "medium" and not d.get("review_note"):
        out.append(
            doc.problem(
                ("confidence",), "medium confidence without a review_note saying why", "warning"
            )
        )
    return out


def check_collection_rules(doc: Document) -> list[Problem]:
    d = doc.data
    if isinstance(d.get("id"), str) and d["id"] != doc.id:
        return [
            doc.problem(("id",), f"id {d['id']!r} differs from the file name; expected {doc.id!r}")
        ]
    return []


def check_references(doc: Document, known: set[str]) -> list[Problem]:
    """Links to other cases must point at an existing case file (not at itself)."""
    out: list[Problem] = []
    if doc.kind == "collection":
        for i, case_id in enumerate(doc.data.get("cases") or []):
            if isinstance(case_id, str) and case_id not in known:
                out.append(
                    doc.problem(
                        ("cases", i),
                        f"no case with id {case_id!r}; expected the id of a file in cases/",
                    )
                )
        return out
    for i, link in enumerate(doc.data.get("related") or []):
        target = link.get("case") if isinstance(link, dict) else None
        if not isinstance(target, str):
            continue
        if target == doc.id:
            out.append(doc.problem(("related", i, "case"), "a case cannot be related to itself"))
        elif target not in known:
            out.append(
                doc.problem(
                    ("related", i, "case"),
                    f"no case with id {target!r}; expected the id of a file in cases/",
                )
            )
    return out


def check_file(
    path: Path, kind: str, known: set[str], today: dt.date
) -> tuple[Document | None, list[Problem]]:
    """Every check that concerns one file: parsing, schema, rules and references."""
    doc, problems = load(path, kind, root=path.parent)
    if doc is None:
        return None, problems
    problems = check_schema(doc)
    problems += check_case_rules(doc, today) if kind == "case" else check_collection_rules(doc)
    problems += check_references(doc, known)
    return doc, problems


def known_ids(case_files: list[Path], collection_files: list[Path]) -> set[str]:
    """Ids of every case file beside the ones checked, so one file can be validated alone.
    The id equals the file name, so the ids are known before any file is parsed."""
    known = {f.stem for f in case_files}
    folders = {f.parent for f in case_files} | {f.parent.parent / "cases" for f in collection_files}
    for folder in folders | {CASES_DIR}:
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
