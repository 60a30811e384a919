"""`casebase audit`: a random sample of cases laid out for a reviewer, fact by fact.

For each case: every key fact with the source it cites and the quote, every buyer, participant,
event and lesson with theirs, and the list of sources with their URLs, so that a reviewer can
open each source and find each quote word for word (see docs/verification.md).
"""

from __future__ import annotations

import random
from typing import Any

from . import fields
from .documents import Document


def sample(cases: list[Document], n: int, seed: int | None) -> list[Document]:
    """`n` cases drawn at random (the same `seed` draws the same cases), in id order."""
    ordered = sorted(cases, key=lambda doc: doc.id)
    return sorted(random.Random(seed).sample(ordered, min(n, len(ordered))), key=lambda d: d.id)


def _value(d: dict[str, Any], fact: str) -> str:
    value = d.get(fact)
    if fact == "value" and isinstance(value, dict):
        return f"EUR {value['amount_eur']:,} ({value['kind']}: {value['covers']})"
    if fact == "identifiers" and isinstance(value, dict):
        return "; ".join(
            f"{scheme} {', '.join([v] if isinstance(v, str) else v)}" for scheme, v in value.items()
        )
    return str(value)


def sheet(doc: Document) -> str:
    """One case as a checklist: claim, [source key] and quote, then the sources."""
    d = doc.data
    numbers = {s["key"]: i for i, s in enumerate(d["sources"], 1)}

    def cite(c: dict[str, Any] | None) -> str:
        if not c:
            return "    (no citation)"
        return f"    [{numbers.get(c['source'], '?')}: {c['source']}] \u201c{c['quote']}\u201d"

    lines = [f"== {doc.id}: {d['title']}", f"   file: {doc.path}", "key facts:"]
    for fact in fields.CITED_FACTS:
        if d.get(fact) not in (None, {}, []):
            lines += [f"  {fact}: {_value(d, fact)}", cite((d.get("cite") or {}).get(fact))]
    groups = {
        "buyers": lambda x: f"{x['name']} ({x['buyer_type']})",
        "participants": lambda x: f"{x['name']} ({x['organisation_type']}, {x['role']})",
        "events": lambda x: f"{x['date']} {x['kind']}: {x['text']}",
        "lessons": lambda x: (
            f"{x['text']}" + (f" [{x['perspective']}]" if x.get("perspective") else "")
        ),
    }
    for group, show in groups.items():
        items = d.get(group) or []
        if items:
            lines.append(f"{group}:")
            for item in items:
                lines += [f"  - {show(item)}", cite(item)]
    lines.append("sources:")
    lines += [f"  {i}. [{s['key']}] {s['url']}" for i, s in enumerate(d["sources"], 1)]
    return "\n".join(lines)
