"""Wording of schema errors: what is wrong and what is expected, for contributors.

Turns `jsonschema` errors into one-line messages that name the field's expected form
(from the schema's patterns and descriptions), e.g. "expected an http:// or https:// URL".
"""

from __future__ import annotations

import difflib
import re
import reprlib
import unicodedata
from typing import Any

import jsonschema

from . import schema


def explain(doc, err: jsonschema.ValidationError) -> list:
    """Turn a jsonschema error into problems whose messages name what is expected: one per
    missing field (jsonschema repeats the same `required` error once per missing field, so
    check_schema keeps the first per mapping) and one per unknown field."""
    path = tuple(err.absolute_path)
    sch = err.schema if isinstance(err.schema, dict) else {}
    desc = sch.get("description", "")
    v, value = err.validator, err.instance
    if v == "required":
        props = sch.get("properties", {})
        unknown = [k for k in value if isinstance(k, str) and k not in props]
        problems = []
        for missing in (k for k in err.validator_value if k not in value):
            # the unknown key that is this field misspelt, if any
            typo = nearest(missing, unknown)
            hint = f" (misspelt as {show(typo)}?)" if typo else ""
            expected = _expect(props.get(missing, {}))
            message = f"missing required field{hint}; expected {expected}"
            problems.append(doc.problem(path + (missing,), message))
        return problems
    if v == "additionalProperties":
        props = sch.get("properties", {})
        allowed = ", ".join(props)
        return [
            doc.problem(
                path + (extra,),
                f"unknown field;{_did_you_mean(extra, props)} allowed fields are: {allowed}",
                at_key=True,
            )
            for extra in value
            if extra not in props
        ]
    return [_explain_value(doc, err, path, sch, desc)]


def nearest(word, choices) -> str | None:
    """The choice `word` is most likely a misspelling of (difflib's ratio), or None."""
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.75)
    return found[0] if found else None


def _did_you_mean(word, choices) -> str:
    guess = nearest(word, choices)
    return f" did you mean `{guess}`?" if guess else ""


def _explain_value(doc, err, path: tuple, sch: dict, desc: str):
    v, value = err.validator, err.instance
    if v == "enum":
        allowed = ", ".join(str(c) for c in err.validator_value)
        guess = _did_you_mean(value, err.validator_value)
        return doc.problem(path, f"unknown code {show(value)};{guess} expected one of: {allowed}")
    if v == "type":
        got = _type_of(value) + (f" {show(value)}" if isinstance(value, str) else "")
        if sch.get("type") == "string" and type(value) in (int, float):
            got += f" ({show(value)}); put it in quotes to make it text"
        return doc.problem(path, f"expected {_type_name(sch)}, got {got}")
    if v == "pattern" and err.validator_value in (schema.LINE_PATTERN, schema.MARKDOWN_PATTERN):
        return doc.problem(path, _bad_character(value, err.validator_value))
    if v == "pattern":
        return doc.problem(path, f"{show(value)} is not valid; expected {_expect(sch)}")
    if v == "minItems":
        n = err.validator_value
        return doc.problem(path, f"expected at least {n} item{'s' if n > 1 else ''}; {desc}")
    if v == "maxItems":
        return doc.problem(
            path, f"{len(value)} items is too many; expected at most {err.validator_value}"
        )
    if v == "minLength":
        return doc.problem(path, f"text is too short; expected {_expect(sch)}")
    if v == "maxLength":
        return doc.problem(
            path, f"text is too long ({len(value)} characters); at most {err.validator_value}"
        )
    if v == "uniqueItems":
        return doc.problem(path, "the list contains the same value twice; list each value once")
    if v in ("minimum", "maximum"):
        return doc.problem(path, f"{show(value)} is out of range; expected {_expect(sch)}")
    return doc.problem(path, err.message)


_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 60
_repr.maxlevel, _repr.maxlist, _repr.maxdict = 2, 4, 4


def show(value: Any) -> str:
    """A value as written in a message: quoted like repr(), but short (a 100,000-character
    value or a list nested 500 deep is cut, not printed)."""
    return _repr.repr(value)


def _bad_character(text: str, pattern: str) -> str:
    """Which invisible character a text field holds, and where (1-based character index)."""
    found = re.search(f"[{pattern[3:-3]}]", text)  # the pattern is ^[^...]*$
    if found:
        c, i = found.group(), found.start() + 1
        code = f"U+{ord(c):04X}"
        if c in "\n\r":
            return f"line break ({code}) at character {i}; expected one line (write >- not > or |)"
        if c == "\t":
            return f"tab ({code}) at character {i}; expected one line, use spaces"
        if unicodedata.category(c) == "Cf":
            return (
                f"invisible formatting character {code} at character {i}; remove it "
                "(it can reorder how the text is shown)"
            )
        return f"control character {code} at character {i}; remove it"
    return "text is not valid; remove control characters"


_PATTERN_HINTS = {
    schema.ID_PATTERN: "lowercase kebab-case ASCII, e.g. gemeente-utrecht-pilot",
    schema.KEY_PATTERN: "a source key in lowercase kebab-case ASCII, e.g. nrc-2019-07-16",
    schema.DATE_PATTERN: "a date as YYYY, YYYY-MM or YYYY-MM-DD (quoted)",
    schema.FULL_DATE_PATTERN: "a date as YYYY-MM-DD",
    schema.URL_PATTERN: "an http:// or https:// URL (spaces, quotes and <> percent-encoded)",
    schema.CPV_PATTERN: "a CPV code with check digit, e.g. 72000000-5",
    schema.TED_PATTERN: "a TED publication number like 554113-2026 or 2016/S 253-466898",
    schema.OCID_PATTERN: "an OCDS ocid like ocds-abc123-0001",
    schema.UUID_PATTERN: "a UUID v4",
    "^[A-Z]{2}$": "an ISO 3166-1 alpha-2 country code in capitals, e.g. NL",
    "^[0-9]{3,10}$": "a TenderNed id of 3-10 digits",
}


def _expect(sch: dict) -> str:
    pattern = sch.get("pattern")
    if pattern and pattern not in (schema.LINE_PATTERN, schema.MARKDOWN_PATTERN):
        return _PATTERN_HINTS.get(pattern, f"text matching {pattern}")
    if "enum" in sch:
        return "one of: " + ", ".join(map(str, sch["enum"]))
    if sch.get("type") in ("integer", "number") and "maximum" in sch:
        kind = "a whole number" if sch["type"] == "integer" else "a number"
        return f"{kind} from {sch['minimum']} to {sch['maximum']} ({sch.get('description', '')})"
    if sch.get("type") == "string" and "minLength" in sch:
        return (
            f"{sch.get('description', 'text')} ({sch['minLength']}-{sch['maxLength']} characters)"
        )
    return sch.get("description", _type_name(sch))


def _type_name(sch: dict) -> str:
    t = sch.get("type")
    return {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "array": "a list",
        "object": "a mapping of fields",
        "boolean": "true or false",
    }.get(t, "a value from the list" if "enum" in sch else "a value")


def _type_of(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
