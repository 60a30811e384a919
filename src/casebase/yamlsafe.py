"""Reading untrusted YAML files safely and fast.

Owns the checks that happen before and during parsing: regular files only, size cap, UTF-8,
NUL bytes, symlinks, one document, no tags beyond plain JSON types, no anchors or aliases, no
duplicate keys, text keys, numbers that fit in SQLite (finite floats, 64-bit integers).
Parsing uses libyaml (CSafeLoader); node positions are only recovered (`locate`) when an
error has to be reported, so the fast path never keeps them.
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser  # libyaml; the pure-Python parser is ~10x slower
from yaml.resolver import BaseResolver

MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as a case document, with a 1-based position."""

    message: str
    line: int = 1
    col: int = 1
    field: str = ""  # e.g. "sources[1].url", when the problem is inside a value


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT_RE = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_MAX_INT = 2**63 - 1  # SQLite's INTEGER
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


class _Resolver(BaseResolver):
    """YAML 1.2-style implicit types: JSON scalars only.

    Drops YAML 1.1 surprises: `no`/`NO` (Norway!) as false, `2018-04-10` as a date object,
    `1:20` as a base-60 integer, and `<<` merge keys. Also much faster than PyYAML's generic
    resolver, which libyaml calls back for every scalar.
    """

    # libyaml calls these per node for path-based resolvers, which casebase does not use.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return _SEQ if kind is yaml.SequenceNode else _MAP
        if not implicit[0]:  # quoted or block scalar: always text
            return _STR
        if value in _NULLS:
            return _NULL
        first = value[0]
        if first in "tTfF" and value in _BOOLS:
            return _BOOL
        if first in "-+0123456789.":
            if _INT_RE.fullmatch(value):
                return _INT
            if _FLOAT_RE.fullmatch(value):
                return _FLOAT
        return _STR


class _NodeProblem(Exception):
    """Raised while constructing: the message and the node it concerns (for its position)."""

    def __init__(self, message: str, node, is_key: bool = False):
        super().__init__(message)
        self.message, self.node, self.is_key = message, node, is_key


_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode


def construct(node, seen: set | None) -> Any:
    """Plain Python data from a node tree; refuses aliases, duplicate keys and other tags.

    libyaml's composer returns the *same* node object for every alias of an anchor, so a node
    seen twice is exactly "an alias was used": refused before anything is expanded. A text
    without "&" has no anchor and so no alias (an alias of nothing is a composer error):
    `seen` is None then, and the bookkeeping, a fifth of the parse time, is skipped.
    """
    if seen is not None:
        if node in seen:
            raise _NodeProblem(_ALIAS, node)
        seen.add(node)
    tag, cls = node.tag, node.__class__
    if tag == _STR and cls is _SCALAR:
        return node.value
    if tag == _MAP and cls is _MAPPING:
        out = {}
        for key_node, value_node in node.value:
            if seen is None and key_node.tag == _STR and key_node.__class__ is _SCALAR:
                key = key_node.value  # the common case, inlined
            else:
                key = construct(key_node, seen)
                if not isinstance(key, str):
                    raise _NodeProblem(
                        f"key {_describe(key_node)} is not text; expected a field name",
                        key_node,
                        True,
                    )
            if key in out:
                raise _NodeProblem("duplicate key; each key may appear only once", key_node, True)
            out[key] = construct(value_node, seen)
        return out
    if tag == _SEQ and cls is _SEQUENCE:
        return [construct(child, seen) for child in node.value]
    if cls is _SCALAR:
        if tag == _INT:
            return _int(node)
        if tag == _FLOAT:
            return _float(node)
        if tag == _BOOL and node.value in _BOOLS:
            return _BOOLS[node.value]
        if tag == _NULL and node.value in _NULLS:
            return None
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    if tag.startswith("tag:yaml.org,2002:") and shown in _STANDARD:
        # an explicit standard tag on a value it does not fit: `!!int abc`, `!!map [a]`
        raise _NodeProblem(f"tag {shown!r} does not fit this value; remove the tag", node)
    raise _NodeProblem(
        f"tag {shown!r} is not allowed; use plain strings, numbers, lists and mappings", node
    )


_STANDARD = {"!!str", "!!map", "!!seq", "!!int", "!!float", "!!bool", "!!null"}
_TOO_LARGE = "number {} is too large; no field takes a number this large"


def _int(node) -> int:
    text = node.value
    if not _INT_RE.fullmatch(text):
        raise _NodeProblem("tag '!!int' does not fit this value; remove the tag", node)
    # Python refuses int() of more than 4300 digits, and SQLite stores 64-bit integers
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > 19 or int(digits) > _MAX_INT:
        raise _NodeProblem(_TOO_LARGE.format(_short(text)), node)
    return -int(digits) if text.startswith("-") else int(digits)


def _float(node) -> float:
    text = node.value
    if not (_FLOAT_RE.fullmatch(text) or _INT_RE.fullmatch(text)):
        raise _NodeProblem("tag '!!float' does not fit this value; remove the tag", node)
    value = float(text)
    if not math.isfinite(value):  # 1.0e400 is infinity: neither JSON nor SQLite can hold it
        raise _NodeProblem(_TOO_LARGE.format(_short(text)), node)
    return value


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"


def _describe(node) -> str:
    if node.__class__ is _SCALAR:
        return _short(node.value) if node.value else "(empty)"
    return "[...]" if node.__class__ is _SEQUENCE else "{...}"


def _field_of(root, target, is_key: bool) -> str:
    """Field name ('sources[1].url') of `target` in the node tree; only used for errors."""
    stack, done = [(root, ())], set()
    while stack:
        node, path = stack.pop()
        if id(node) in done:
            continue
        done.add(id(node))
        if node.__class__ is _MAPPING:
            for key_node, value_node in node.value:
                name = key_node.value if key_node.__class__ is _SCALAR else "?"
                if key_node is target:
                    return field_name(path + (name,) if not is_key or _is_text(key_node) else path)
                if value_node is target:
                    return field_name(path + (name,))
                stack.append((value_node, path + (name,)))
        elif node.__class__ is _SEQUENCE:
            for i, child in enumerate(node.value):
                if child is target:
                    return field_name(path + (i,))
                stack.append((child, path + (i,)))
    return ""


def _is_text(node) -> bool:
    return node.__class__ is _SCALAR and node.tag == _STR


def field_name(path: tuple) -> str:
    """('sources', 2, 'url') -> 'sources[2].url'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_ALIAS = "anchors and aliases (&name / *name) are not allowed; write the value out"


class _NodeLoader(CParser, _Resolver):
    """libyaml parser and composer with casebase's resolver: yields node trees."""

    def __init__(self, stream):
        CParser.__init__(self, stream)
        _Resolver.__init__(self)


def read_text(path: Path, root: Path | None = None) -> str:
    """Return the file's text, or raise YamlProblem if it must not be parsed."""
    return read(path, root)[0]


def read(path: Path, root: Path | None = None) -> tuple[str, str]:
    """(text, sha1 of the bytes): the file is read once, also for the build's manifest."""
    try:
        if path.is_symlink():
            target = path.resolve()
            base = (root or path.parent).resolve()
            if base != target.parent and base not in target.parents:
                raise YamlProblem("symlink points outside the cases folder; copy the file instead")
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # a fifo or device would block or never end; a folder cannot be read
            raise YamlProblem("not a regular file; case files are plain text files")
        if info.st_size > MAX_BYTES:
            raise YamlProblem(f"file is {info.st_size} bytes; the limit is {MAX_BYTES} bytes")
        with open(path, "rb") as f:
            # read(n) allocates n bytes up front: ask for the stat size (plus one byte to see if
            # the file grew since), not the cap, or every file costs a 256 KiB allocation
            data = f.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += f.read(MAX_BYTES + 1 - len(data))
    except RuntimeError:  # Python < 3.13: a symlink loop in resolve()
        raise YamlProblem("cannot read file: symlink loop") from None
    except OSError as exc:
        why = "symlink loop" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise YamlProblem(f"cannot read file: {why}") from None
    if len(data) > MAX_BYTES:
        raise YamlProblem(f"file is over {MAX_BYTES} bytes; the limit is {MAX_BYTES} bytes")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("file is UTF-16 or UTF-32 (byte-order mark); save it as UTF-8")
    if b"\x00" in data:
        line, col = _position(data, data.index(b"\x00"))
        raise YamlProblem("NUL byte in file; case files are UTF-8 text", line, col)
    digest = hashlib.sha1(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), digest
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise YamlProblem("file is not valid UTF-8; save it as UTF-8", line, col) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def parse(text: str) -> Any:
    """Parse one YAML document from text with the safe, fast loader."""
    loader = _NodeLoader(text)
    try:
        # get_single_node raises on a second document; caught below to word it clearly
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("file is empty; expected a mapping of fields")
        return construct(node, set() if "&" in text else None)
    except YamlProblem:
        raise
    except _NodeProblem as exc:
        mark = exc.node.start_mark
        field = _field_of(node, exc.node, exc.is_key)
        raise YamlProblem(exc.message, mark.line + 1, mark.column + 1, field) from None
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            raise YamlProblem(
                "more than one YAML document (---); put one case in each file",
                mark.line + 1,
                mark.column + 1,
            ) from None
        raise _from_marked(exc, text) from None
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc, text) from None
    except yaml.reader.ReaderError as exc:  # libyaml refuses control characters in a file
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")  # byte offset
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        what = (
            "control character" if unicodedata.category(chr(exc.character)) == "Cc" else "character"
        )
        raise YamlProblem(
            f"{what} U+{exc.character:04X} in the file; remove it", line, col
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise YamlProblem("nesting is too deep") from None
    finally:
        loader.dispose()


def _from_marked(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(p for p in (exc.context, exc.problem) if p)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "maximum nesting depth" in what:
        what = "nesting is too deep"
    elif "tab character" in what or (
        "cannot start any token" in what and _char_at(text, line, col) == "\t"
    ):
        what = "tab character in the indentation; indent with spaces"
    return YamlProblem(f"YAML syntax error: {what}", line, col)


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1][col - 1 : col] if len(lines) >= line else ""


def load_file(path: Path, root: Path | None = None) -> Any:
    """Read and parse one file; raises YamlProblem with a position on any failure."""
    return parse(read_text(path, root))


def compose(text: str):
    """Node tree with positions, for error reporting only (None if it cannot be composed)."""
    try:
        return yaml.compose(text, Loader=_NodeLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def position(root, path: tuple, at_key: bool = False) -> tuple[int, int]:
    """1-based (line, col) of the node at `path` (mapping keys and list indexes) in `root`.

    With `at_key`, points at the key rather than the value. When the path does not exist
    (a missing field), points at the deepest parent that does.
    """
    node = root
    if node is None:
        return 1, 1
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if at_key and last and isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.value == part:
                    return key_node.start_mark.line + 1, key_node.start_mark.column + 1
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1


def _child(node, part):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            return node.value[part]
    return None
