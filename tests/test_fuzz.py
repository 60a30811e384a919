"""Property-based fuzzing of `validate` and `build` with generated and mutated case files.

The only allowed outcomes for any input: the file is accepted and builds, or it is refused
with Problems that print as one `path:line:col: severity: message` line each, the build exits
1 and an existing database stays byte-for-byte the same. Any exception is a failure.

In the suite each property tries CASEBASE_FUZZ_EXAMPLES inputs (default 60, derandomized so
the suite is repeatable); `make fuzz` (bench/fuzz.py) runs thousands of random ones and
writes the tally (inputs tried, accepted, refused) to CASEBASE_FUZZ_REPORT.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

import jsonschema_rs
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebase import schema, validate, vocab, yamlsafe
from casebase.cli import cli

ROOT = Path(__file__).parent.parent
GOOD = ROOT / "tests" / "fixtures" / "invalid" / "norway.yml"  # a valid case, despite the folder
EXAMPLES = int(os.environ.get("CASEBASE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="CASEBASE_FUZZ_EXAMPLES" not in os.environ,
    database=None,  # a failure prints its input and a reproduce_failure blob instead
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TALLY: Counter = Counter()  # (property, "accepted" | "refused") -> inputs


def _field_names() -> list[str]:
    names: set[str] = set()

    def walk(sch: dict) -> None:
        for key, sub in sch.get("properties", {}).items():
            names.add(key)
            walk(sub)
        if isinstance(sch.get("items"), dict):
            walk(sch["items"])

    walk(schema.case_schema())
    walk(schema.collection_schema())
    return sorted(names)


FIELDS = _field_names()
CODES = sorted({t["code"] for v in vocab.vocabularies().values() for t in v["terms"]})
# values that broke or nearly broke something once, or that YAML reads in surprising ways
ODD = [
    "9" * 5000, "1.0e400", "-1.0e400", ".inf", ".nan", "1e400", "99999999999999999999",
    "-9223372036854775809", "2020.0", "0x10", "1_000", "0o17", "NO", "yes", "~", "null", "",
    "2023-02-30", "2999-12-31", "0000-00-00", "javascript:alert(1)", "data:text/html,x",
    "https://e.nl/\"><script>", "https://e.nl", "'\\x1b[31m'", '"\\e[2J"', '"\\u202e"', '"\\0"',
    '"\\x85"', '"a\\nb"', '"\\t"', "!!python/object/apply:os.system ['true']", "!!binary aGk=",
    "!!int abc", "!!float x", "!!bool maybe", "!!null x", "!!map [a]", "!!seq {a: b}",
    "!!str [a]", "!include x", "&a x", "*a", "[", "{", "]", "}", "|", ">", "|-\n  x", "%", "@",
    "`", "? x", "<<: {a: 1}", "'", '"', "#", "- ", ": ", "---", "...", "\t", "\\", "x" * 2000,
]  # fmt: skip
SPECIAL = list("&*!|>%@`#'\"{}[],:?-\t\\~") + [
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x1b",
    "\u202e",
    "\ufeff",
]


# -- the property every input must satisfy -------------------------------------------------

LINE = re.compile(r"(?P<path>[^\n]+?):(\d+):(\d+): (error|warning): [^\n]+")


def check(prop: str, name: str, data: bytes, stub_ids: tuple[str, ...], good_db: Path) -> None:
    """Validate and build a folder with the good case, stubs and the fuzzed file `name`."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = tmp / "cases"
        cases.mkdir()
        for case_id in ("norway", *BALLAST, *stub_ids):
            (cases / f"{case_id}.yml").write_text(_stub(case_id))
        path = cases / name
        path.write_bytes(data)

        result = validate.validate([cases], known={p.stem for p in cases.iterdir()})
        for problem in result.problems:
            line = problem.format()
            assert LINE.fullmatch(line), line
            assert "<unicode string>" not in line, line  # libyaml's wording, not ours
            assert problem.path == str(path), line  # the stubs are valid: only the fuzzed file
            # the fast (Rust) and the slow (Python) schema validator must agree
            assert "does not match the case schema" not in line, line

        db = tmp / "casebase.db"
        shutil.copyfile(good_db, db)
        before = _digest(db)
        args = ["build", "--cases", str(cases), "--collections", str(tmp / "none"), "--db", str(db)]
        run = CliRunner().invoke(cli, args)
        if run.exception is not None and not isinstance(run.exception, SystemExit):
            raise run.exception
        assert "Traceback" not in run.output
        if result.errors:
            assert run.exit_code == 1, run.output
            assert _digest(db) == before
            for problem in result.errors:
                assert problem.format() in run.output
            TALLY[prop, "refused"] += 1
        else:
            assert run.exit_code == 0, run.output
            with sqlite3.connect(db) as conn:
                (n,) = conn.execute("SELECT count(*) FROM cases").fetchone()
            assert n == len(stub_ids) + len(BALLAST) + 2
            TALLY[prop, "accepted"] += 1


# Cases already in good_db, so that one fuzzed file is a small change and the build takes the
# incremental path (a full build runs when more than a fifth of the files changed).
BALLAST = tuple(f"ballast-{i}" for i in range(20))


def _stub(case_id: str) -> str:
    return GOOD.read_text().replace("id: norway", f'id: "{case_id}"')  # quoted: id 0 is text


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "cases").mkdir()
    for case_id in ("norway", *BALLAST):
        (folder / "cases" / f"{case_id}.yml").write_text(_stub(case_id))
    db = folder / "casebase.db"
    args = ["build", "--cases", str(folder / "cases"), "--collections", str(folder / "x")]
    assert CliRunner().invoke(cli, args + ["--db", str(db)]).exit_code == 0
    return db


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    if not TALLY:
        return
    props = sorted({p for p, _ in TALLY})
    print("\nfuzzing: property, inputs tried, accepted, refused")
    for p in props:
        a, r = TALLY[p, "accepted"], TALLY[p, "refused"]
        print(f"  {p}: {a + r} tried, {a} accepted, {r} refused")
    out = os.environ.get("CASEBASE_FUZZ_REPORT")
    if out:
        tally = {
            p: {"accepted": TALLY[p, "accepted"], "refused": TALLY[p, "refused"]} for p in props
        }
        Path(out).write_text(json.dumps(tally, indent=2))


# -- (1) generated YAML documents ------------------------------------------------------------

scalars = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.sampled_from(CODES),
    st.sampled_from(ODD),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)
GOOD_DATA = yamlsafe.load_file(GOOD)


@st.composite
def documents(draw) -> dict:
    """A mapping of real and random field names to random values; often a valid case with a
    few fields replaced, so that inputs also get past the schema into the build."""
    if draw(st.booleans()):
        doc = dict(GOOD_DATA, id="fuzz")
        for key in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
            doc[key] = draw(values)
        for key in draw(st.lists(st.sampled_from(sorted(doc)), max_size=2)):
            doc.pop(key, None)
        return doc
    return draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=12))


@FUZZ
@given(doc=documents(), flow=st.sampled_from([None, True, False]), width=st.integers(20, 200))
def test_generated_documents(doc, flow, width, good_db):
    text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True, width=width)
    check("generated documents", "fuzz.yml", text.encode("utf-8", "surrogatepass"), (), good_db)


TOKENS = [
    "\n", "\n", "  ", "    ", "- ", ": ", ", ", "[", "]", "{", "}", "? ", "#x", "'", '"', "|", ">-",
    "&a ", "*a", "!!int ", "!!str ", "!!map ", "!!python/name:os.system ", "!x ", "%YAML 1.2\n",
    "---\n", "...\n", "<<", "\t", "\\", "@", "`", "~", "\r\n", "\x85", "\ufeff", "\u202e",
]  # fmt: skip
token_text = st.lists(
    st.sampled_from(TOKENS) | st.sampled_from(FIELDS) | st.sampled_from(ODD) | st.text(max_size=4),
    max_size=80,
).map("".join)


@FUZZ
@given(text=token_text)
def test_token_soup(text, good_db):
    check("YAML token soup", "fuzz.yml", text.encode("utf-8", "surrogatepass"), (), good_db)


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_random_bytes(data, good_db):
    check("random text and bytes", "fuzz.yml", data, (), good_db)


def from_schema(sch: dict) -> st.SearchStrategy:
    """Values the case schema accepts (the subset of JSON Schema it uses): these get past the
    schema into the rules and the build, where valid but odd data could still break rows."""
    if "enum" in sch:
        return st.sampled_from(sch["enum"])
    kind = sch.get("type")
    if kind == "object":
        props = {k: from_schema(v) for k, v in sch["properties"].items()}
        required = {k: props[k] for k in sch["required"]}
        optional = {k: v for k, v in props.items() if k not in sch["required"]}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "array":
        low, high = sch.get("minItems", 0), min(sch.get("maxItems", 4), 4)
        return (
            st.lists(from_schema(sch["items"]), min_size=low, max_size=high)
            .map(
                lambda xs: list(dict.fromkeys(map(json.dumps, xs)).keys())  # unique items
            )
            .map(lambda xs: [json.loads(x) for x in xs])
        )
    if kind == "integer":
        return st.integers(sch["minimum"], sch["maximum"])
    if kind == "number":
        return st.floats(sch["minimum"], sch["maximum"]) | st.integers(0, sch["maximum"])
    pattern = sch.get("pattern", "")
    low, high = sch.get("minLength", 0), sch.get("maxLength", 1000)
    if pattern in (schema.LINE_PATTERN, schema.MARKDOWN_PATTERN):
        bad = re.compile(f"[{pattern[3:-3]}]")
        refused = "".join(c for c in map(chr, range(0x2070)) if bad.match(c))
        chars = st.characters(codec="utf-8", exclude_characters=refused)
        return st.text(chars, min_size=low, max_size=min(high, low + 60))
    return st.from_regex(pattern, fullmatch=True).filter(lambda t: low <= len(t) <= high)


SCHEMA_VALID = from_schema(schema.case_schema())


@st.composite
def schema_valid_cases(draw) -> tuple[dict, tuple[str, ...]]:
    doc = draw(SCHEMA_VALID)
    doc["id"] = "fuzz"
    if draw(st.booleans()):  # mostly keep to the rules too, so that most of these build
        years = sorted(min(doc.get(k, 2000), 2025) for k in ("year_start", "year_end"))
        doc["year_start"] = years[0]
        if "year_end" in doc:
            doc["year_end"] = years[1]
        doc["last_reviewed"] = "2026-01-01"
        for src in doc["sources"]:
            src.pop("date", None)
    related = doc.get("related", [])
    stubs = tuple(sorted({r["case"] for r in related} - {"fuzz", "norway"}))
    return doc, stubs


@FUZZ
@given(case=schema_valid_cases())
def test_schema_valid_documents(case, good_db):
    doc, stubs = case
    text = yaml.safe_dump(doc, allow_unicode=True)
    check(
        "schema-valid documents", "fuzz.yml", text.encode("utf-8", "surrogatepass"), stubs, good_db
    )


# -- (2) mutated real case files -----------------------------------------------------------

SOURCES = sorted(
    [
        *(ROOT / "cases").glob("*.yml"),
        *(ROOT / "tests" / "fixtures" / "valid" / "cases").glob("*.yml"),
    ]
)


def _related(path: Path) -> tuple[str, ...]:
    """Ids the case links to: written as stubs, so that an unharmed file can pass."""
    links = yamlsafe.load_file(path).get("related") or []
    return tuple(sorted({link["case"] for link in links} - {path.stem}))


RELATED = {p: _related(p) for p in SOURCES}

position = st.floats(0, 1, exclude_max=True)
mutation = st.one_of(
    st.tuples(st.just("flip"), position, st.integers(0, 7)),
    st.tuples(st.just("delete line"), position),
    st.tuples(st.just("duplicate line"), position),
    st.tuples(st.just("swap values"), position, position),
    st.tuples(st.just("truncate"), position),
    st.tuples(st.just("insert"), position, st.sampled_from(SPECIAL)),
    st.tuples(st.just("replace value"), position, st.sampled_from(ODD + ["x" * 100_000])),
)


def mutate(data: bytes, step: tuple) -> bytes:
    kind, at = step[0], step[1]
    lines = data.split(b"\n")
    line = int(at * len(lines))
    if kind == "flip" and data:
        i = int(at * len(data))
        return data[:i] + bytes([data[i] ^ (1 << step[2])]) + data[i + 1 :]
    if kind == "delete line":
        return b"\n".join(lines[:line] + lines[line + 1 :])
    if kind == "duplicate line":
        return b"\n".join(lines[: line + 1] + lines[line:])
    if kind == "swap values":
        other = int(step[2] * len(lines))
        a, b = lines[line].partition(b": "), lines[other].partition(b": ")
        if a[1] and b[1]:
            lines[line], lines[other] = a[0] + a[1] + b[2], b[0] + b[1] + a[2]
        return b"\n".join(lines)
    if kind == "truncate":
        return data[: int(at * len(data))]
    if kind == "insert":
        i = int(at * len(data))
        return data[:i] + step[2].encode() + data[i:]
    if kind == "replace value":
        key, sep, _ = lines[line].partition(b": ")
        if sep:
            lines[line] = key + sep + step[2].encode()
        return b"\n".join(lines)
    return data


@FUZZ
@given(source=st.sampled_from(SOURCES), steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_real_cases(source, steps, good_db):
    data = source.read_bytes()
    for step in steps:
        data = mutate(data, step)
    check("mutated real cases", source.name, data, RELATED[source], good_db)


def test_the_harness_tells_accepted_from_refused(good_db):
    """An unharmed real case (links stubbed) is accepted and built; a broken one is refused."""
    source = next(p for p in SOURCES if RELATED[p])
    before = TALLY.copy()
    check("harness", source.name, source.read_bytes(), RELATED[source], good_db)
    check("harness", source.name, source.read_bytes() + b"\n: x", RELATED[source], good_db)
    assert TALLY - before == Counter({("harness", "accepted"): 1, ("harness", "refused"): 1})


def _patterns(node) -> set[str]:
    """Every `pattern` in a schema."""
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(v) for v in node))
    return set()


PATTERNS = sorted(_patterns(schema.case_schema()) | _patterns(schema.collection_schema()))
# Characters on which regex dialects disagree: Unicode spaces, format characters, line ends,
# non-ASCII digits and letters, next to the ASCII that the patterns are about.
TRICKY = "\t\n\v\f\r \x1c\x85\xa0\u1680\u2007\u200b\u200e\u2028\u202e\u205f\u3000\ufeff٣éß"


# Valid beginnings, so that the tail reaches the later parts of each pattern.
PREFIXES = ["", "https://", "https://x.nl/", "ocds-abc123-", "2021-05-", "NL", "12345678-", "a-b"]


@FUZZ
@given(
    pattern=st.sampled_from(PATTERNS),
    prefix=st.sampled_from(PREFIXES),
    tail=st.text(alphabet=st.sampled_from("abcxyz0189-_./:?#&%= " + TRICKY), max_size=6),
)
def test_fast_and_slow_validators_read_every_pattern_alike(pattern, prefix, tail):
    # The fast validator (Rust, ECMA-262 regexes) decides; the slow one (Python) only words
    # the errors. Where they disagree a file is refused without a useful message.
    text = prefix + tail
    fast = jsonschema_rs.is_valid({"type": "string", "pattern": pattern}, text)
    assert fast == bool(validate._regex(pattern).search(text)), (pattern, text)


def test_every_pattern_agrees_on_every_tricky_character():
    # Exhaustive over the characters where dialects differ; the fuzzed test above mixes them.
    disagree = [
        (pattern, text)
        for pattern in PATTERNS
        for prefix in PREFIXES
        for char in TRICKY
        for text in (prefix + char, prefix + char + "a", prefix + "a" + char)
        if jsonschema_rs.is_valid({"type": "string", "pattern": pattern}, text)
        != bool(validate._regex(pattern).search(text))
    ]
    assert not disagree
