"""JSON Schema shapes of one value: a line of text, Markdown, a code from a vocabulary, a year,
a country, and the patterns they use. The registry (`fields`) declares each scalar field with
one of these, and the file schemas (`schema`) build their lists and objects from them.
"""

from __future__ import annotations

from typing import Any

from . import vocab

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FULL_DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# Text may not hide control characters or bidirectional overrides (they can reorder what a
# reader sees, "Trojan Source"); one-line fields have no line breaks or tabs either.
_INVISIBLE = r"\x7f-\x9f\u202a-\u202e\u2066-\u2069"
LINE_PATTERN = rf"^[^\x00-\x1f{_INVISIBLE}]*$"
MARKDOWN_PATTERN = rf"^[^\x00-\x08\x0b-\x1f{_INVISIBLE}]*$"


def text(
    description: str, max_length: int = 300, min_length: int = 1, markdown: bool = False
) -> dict[str, Any]:
    """JSON Schema of one line of text, or Markdown (line breaks allowed) with `markdown`."""
    return {
        "type": "string",
        "minLength": min_length,
        "maxLength": max_length,
        "pattern": MARKDOWN_PATTERN if markdown else LINE_PATTERN,
        "description": description,
    }


def code(name: str, description: str) -> dict[str, Any]:
    """JSON Schema of one code of vocabulary `name`."""
    terms = vocab.vocabularies()[name]["terms"]
    live = [t for t in terms if not t.get("deprecated")]
    return {
        "description": description,
        "enum": [t["code"] for t in live],
        # Shown by editors next to each allowed value.
        "x-labels": {t["code"]: f"{t['label_nl']} / {t['label_en']}" for t in live},
        "x-vocabulary": name,
    }


def year(description: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1950, "maximum": 2100, "description": description}


def country(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": "^[A-Z]{2}$", "description": description}
