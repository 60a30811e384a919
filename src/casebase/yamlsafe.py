"""Reading untrusted YAML files safely and fast.

Owns the checks that happen before and during parsing: size cap, UTF-8, NUL bytes, symlinks,
one document, no tags beyond plain JSON types, no anchors or aliases, no duplicate keys.
Parsing uses libyaml (CSafeLoader); node positions are only recovered (`locate`) when an
error has to be reported, so the fast path never keeps them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser  # libyaml; the pure-Python parser is ~10x slower
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import BaseResolver

MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as a case document, with a 1-based position."""

    message: str
    line: int = 1
    col: int = 1


class _Resolver(BaseResolver):
    """YAML 1.2-style implicit types: JSON scalars only.

    Drops YAML 1.1 surprises: `no`/`NO` (Norway!) as false, `2018-04-10` as a date object,
    `1:20` as a base-60 integer, and `<<` merge keys.
    """


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Constructor(SafeConstructor):
    """Builds plain Python data; refuses aliases, duplicate keys and non-JSON tags."""

    yaml_constructors = {
        "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
        "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
        "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
        "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
        "tag:yaml.org,2002:str": SafeConstructor.construct_yaml_str,
        "tag:yaml.org,2002:seq": SafeConstructor.construct_yaml_seq,
        "tag:yaml.org,2002:map": SafeConstructor.construct_yaml_map,
    }

    def construct_object(self, node, deep=False):
        # libyaml's composer returns the *same* node object for every alias of an anchor,
        # so seeing a node twice is exactly "an alias was used" — detected at no extra cost,
        # before any expansion can happen.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlProblem(
                "anchors and aliases (&name / *name) are not allowed; write the value out",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if node.tag not in self.yaml_constructors:
            raise YamlProblem(
                f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed; use plain strings, numbers, lists and mappings",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                raise YamlProblem(
                    f"{key}: duplicate key; each key may appear only once",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class SafeCaseLoader(CParser, _Constructor, _Resolver):
    def __init__(self, stream):
        CParser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


class _NodeLoader(CParser, _Resolver):
    """Composes nodes (with positions) for error reporting only."""

    def __init__(self, stream):
        CParser.__init__(self, stream)
        _Resolver.__init__(self)


def read_text(path: Path, root: Path | None = None) -> str:
    """Return the file's text, or raise YamlProblem if it must not be parsed."""
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
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise YamlProblem("file is not valid UTF-8; save it as UTF-8", line, col) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def parse(text: str) -> Any:
    """Parse one YAML document from text with the safe, fast loader."""
    loader = SafeCaseLoader(text)
    try:
        # get_single_node raises on a second document; caught below to word it clearly
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("file is empty; expected a mapping of fields")
        return loader.construct_document(node)
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
    except ConstructorError as exc:
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
