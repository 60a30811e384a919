"""What validation produces and the rules work on: `Document` (one parsed file), `Problem`
(one finding at a line and column) and `Result` (the documents and problems of a run).

Its own module so that `validate` and `rules` both use them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlsafe


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
        where = f"{_shown(self.field, 100)}: " if self.field else ""
        if style == "github":
            # GitHub Actions workflow command: shows the message on the line in a pull request.
            text = f"{where}{_shown(self.message)}".replace("%", "%25")
            return f"::{self.severity} file={_shown(self.path)},line={self.line},col={self.col}::{text}"
        path, message = _shown(self.path), _shown(self.message)
        return f"{path}:{self.line}:{self.col}: {self.severity}: {where}{message}"


def _shown(text: str, limit: int = 0) -> str:
    """Text safe for a terminal and for one line: control characters (a file name or key
    with an escape sequence or a newline) are shown escaped, very long text is cut."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if not limit or len(text) <= limit else text[: limit - 3] + "..."


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

    def problem(
        self, path: tuple, message: str, severity: str = "error", at_key=False, lines: int = 0
    ) -> Problem:
        """A problem at the value (or key) of `path`; `lines` further down inside a block of
        text (a paragraph of a description), counted from the block's first line."""

        def locate() -> tuple[int, int]:
            line, col = self.position(path, at_key)
            if lines and self.text.splitlines()[line - 1].rstrip().endswith(("|", "|-", ">")):
                # a block scalar: its text starts on the line after the indicator
                return line + 1 + lines, col
            return line, col

        return Problem(
            str(self.path), None, None, yamlsafe.field_name(path), message, severity, locate=locate
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
