"""Reading untrusted YAML files safely and fast.

Owns the checks that happen before and during parsing: size cap, UTF-8, NUL bytes, symlinks,
one document, no tags beyond plain JSON types, no anchors or aliases, no duplicate keys.
Parsing uses libyaml (CSafeLoader); node positions are only recovered (`locate`) when an
error has to be reported, so the fast path never keeps them.
"""

from __future__ import annotations

import hashlib
import os
import re
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


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT_RE = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
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


def _problem(message: str, node) -> YamlProblem:
    return YamlProblem(message, node.start_mark.line + 1, node.start_mark.column + 1)


def construct(node, seen: set) -> Any:
    """Plain Python data from a node tree; refuses aliases, duplicate keys and other tags.

    libyaml's composer returns the *same* node object for every alias of an anchor, so a node
    seen twice is exactly "an alias was used": refused before anything is expanded.
    """
    if node in seen:
        raise _problem(_ALIAS, node)
    seen.add(node)
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        out = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STR and key_node not in seen:  # the common case, inlined
                seen.add(key_node)
                key = key_node.value
            else:
                key = construct(key_node, seen)
                if not isinstance(key, str):
                    raise _problem("keys must be plain text", key_node)
            if key in out:
                raise _problem(f"{key}: duplicate key; each key may appear only once", key_node)
            out[key] = construct(value_node, seen)
        return out
    if tag == _SEQ:
        return [construct(child, seen) for child in node.value]
    if tag == _INT:
        return int(node.value)
    if tag == _FLOAT:
        return float(node.value)
    if tag == _BOOL:
        return _BOOLS[node.value]
    if tag == _NULL:
        return None
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    raise _problem(
        f"tag {shown!r} is not allowed; use plain strings, numbers, lists and mappings", node
    )


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
    if path.is_symlink():
        target = path.resolve()
        base = (root or path.parent).resolve()
        if base != target.parent and base not in target.parents:
            raise YamlProblem("symlink points outside the cases folder; copy the file instead")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise YamlProblem(f"file is {size} bytes; the limit is {MAX_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(f"cannot read file: {exc.strerror}") from None
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
        return construct(node, set())
    except YamlProblem:
        raise
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            raise YamlProblem(
                "more than one YAML document (---); put one case in each file",
                mark.line + 1,
                mark.column + 1,
            ) from None
        raise _from_marked(exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise YamlProblem("nesting is too deep") from None
    finally:
        loader.dispose()


def _from_marked(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(p for p in (exc.context, exc.problem) if p)
    if "maximum nesting depth" in what:
        what = "nesting is too deep"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlProblem(f"YAML syntax error: {what}", line, col)


def load_file(path: Path, root: Path | None = None) -> Any:
    """Read and parse one file; raises YamlProblem with a position on any failure."""
    return parse(read_text(path, root))


def compose(text: str):
    """Node tree with positions, for error reporting only (None if it cannot be composed)."""
    try:
        return yaml.compose(text, Loader=_NodeLoader)
    except yaml.YAMLError:
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
