"""Reference docs generated from the schema, the vocabularies and `--help` (run by cog).

`make docs` regenerates; `tests/test_docs.py` fails when a committed doc has drifted.
"""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from . import schema, vocab


def _type(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        v = prop.get("x-vocabulary")
        return f"code ([{v}](#{v.replace('_', '-')}))" if v else "one of " + ", ".join(prop["enum"])
    t = prop.get("type")
    if t == "array":
        items = prop["items"]
        if "enum" in items:
            return f"list of codes ([{items['x-vocabulary']}](#{items['x-vocabulary'].replace('_', '-')}))"
        return "list of " + ("mappings" if items.get("type") == "object" else "text")
    return {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "object": "mapping",
    }.get(t, str(t))


def _limits(prop: dict[str, Any]) -> str:
    """Bounds a contributor can run into: lengths, one-line text, list sizes, number ranges."""
    out = []
    if "maxLength" in prop:
        out.append(f"at most {prop['maxLength']:,} characters")
    if prop.get("pattern") == schema.LINE_PATTERN:
        out.append("one line")
    if "maxItems" in prop:
        out.append(f"{prop.get('minItems', 0)}-{prop['maxItems']:,} items")
    if "maximum" in prop:
        out.append(f"{prop.get('minimum', 0):,} to {prop['maximum']:,}")
    return ", ".join(out)


def _fields(sch: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for name, prop in sch["properties"].items():
        req = "yes" if name in sch.get("required", []) else ""
        out.append(
            f"| `{prefix}{name}` | {_type(prop)} | {req} | {_limits(prop)} "
            f"| {prop.get('description', '')} |"
        )
        nested = prop.get("items") if prop.get("type") == "array" else prop
        if isinstance(nested, dict) and nested.get("type") == "object":
            suffix = "[]." if prop.get("type") == "array" else "."
            out += _fields(nested, f"{prefix}{name}{suffix}")
    return out


def case_format() -> str:
    """Markdown reference of the case and collection formats and all vocabularies."""
    lines = [
        "### Case fields (`cases/<id>.yml`)",
        "",
        "| field | type | required | limits | description |",
        "|---|---|---|---|---|",
        *_fields(schema.case_schema()),
        "",
        "### Collection fields (`collections/<id>.yml`)",
        "",
        "| field | type | required | limits | description |",
        "|---|---|---|---|---|",
        *_fields(schema.collection_schema()),
        "",
        "### Vocabularies",
        "",
        "Codes are stable and never renamed. Labels and definitions: `src/casebase/vocabularies.yml`.",
    ]
    for name, voc in vocab.vocabularies().items():
        lines += [
            "",
            f"#### {name}",
            "",
            voc.get("description_en", ""),
            "",
            "| code | Nederlands | English | definition |",
            "|---|---|---|---|",
        ]
        for t in voc["terms"]:
            lines.append(
                f"| `{t['code']}` | {t['label_nl']} | {t['label_en']} | {t.get('definition_en', '')} |"
            )
    return "\n".join(lines) + "\n"


def cli_help() -> str:
    """`--help` of every command, as Markdown."""
    from .cli import cli

    runner = CliRunner()
    parts = []
    for name in [None, *sorted(cli.commands)]:
        args = [name, "--help"] if name else ["--help"]
        text = runner.invoke(cli, args, prog_name="casebase", terminal_width=100).output
        title = f"casebase {name}" if name else "casebase"
        parts += [f"### `{title}`", "", "```", text.rstrip(), "```", ""]
    return "\n".join(parts)
