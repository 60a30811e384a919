"""The coverage report of `casebase stats`: what the corpus covers and where it is thin."""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import vocab
from .documents import Document


def coverage(cases: list[Document], collections: list[Document]) -> dict[str, Any]:
    """Counts per facet, from validated documents."""
    c: dict[str, Counter] = {
        k: Counter()
        for k in (
            "instrument",
            "challenge",
            "procedure",
            "status",
            "outcome",
            "confidence",
            "country",
            "buyer_type",
            "perspective",
        )
    }
    single_source = []
    for doc in cases:
        d = doc.data
        c["instrument"].update(d["instruments"])
        c["challenge"].update(d["challenges"])
        c["procedure"][d.get("procedure") or "(none)"] += 1
        c["confidence"][d.get("confidence") or "(none)"] += 1
        c["status"][d["status"]] += 1
        c["outcome"][d.get("outcome") or "(none)"] += 1
        c["country"][d["country"]] += 1
        c["buyer_type"].update({b["buyer_type"] for b in d["buyers"]})
        c["perspective"].update(
            le.get("perspective") or "(untagged)" for le in d.get("lessons") or []
        )
        if len(d["sources"]) == 1:
            single_source.append(doc.id)
    return {
        "cases": len(cases),
        "counts": c,
        "collections": {doc.id: len(doc.data["cases"]) for doc in collections},
        "single_source": sorted(single_source),
    }


def report(cov: dict[str, Any]) -> str:
    lines = [f"Cases: {cov['cases']}"]
    for name, counter in cov["counts"].items():
        lines.append(f"\n{name}:")
        codes = vocab.codes(name) if name in vocab.TABLES else []
        keys = codes + sorted(k for k in counter if k not in codes)
        for key in keys:
            lines.append(f"  {counter.get(key, 0):4d}  {key}")
    lines.append("\ncollections:")
    for cid, n in sorted(cov["collections"].items()):
        lines.append(f"  {n:4d}  {cid}")
    lines.append(f"\ncases with only one source ({len(cov['single_source'])}):")
    lines += [f"  {cid}" for cid in cov["single_source"]]
    return "\n".join(lines)
