"""The coverage report of `casebase stats`: what the corpus covers, where it is thin, and how
far it is from the minimums of issue 12 (`minimums.py`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from . import fields, minimums, read, vocab
from .documents import Document


def coverage(
    cases: list[Document], collections: list[Document], today: dt.date | None = None
) -> dict[str, Any]:
    """Counts per facet, the evidence and the cases to re-check, from validated documents."""
    today = today or dt.date.today()
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
    single_source, stale, no_start = [], [], []
    evidence = Counter()
    for doc in cases:
        d = doc.data
        facts = fields.stated_facts(d)
        items = [x for g in ("buyers", "participants", "lessons") for x in d.get(g) or []]
        evidence["key facts"] += len(facts) + len(items)
        evidence["key facts cited"] += sum(f in (d.get("cite") or {}) for f in facts)
        evidence["key facts cited"] += sum(bool(x.get("source") and x.get("quote")) for x in items)
        events = d.get("events") or []
        evidence["events"] += len(events)
        evidence["cases with 3+ events"] += len(events) >= 3
        if read.is_stale(d["status"], d.get("outcome"), d["last_reviewed"], today):
            stale.append(f"{doc.id} (last reviewed {d['last_reviewed']})")
        if d.get("year_start") is None and not events:
            no_start.append(doc.id)
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
        "evidence": evidence,
        "stale": sorted(stale),
        "no_start": sorted(no_start),
        "minimums": minimums.measure([doc.data for doc in cases]),
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
    lines.append("\nevidence:")
    lines += [f"  {n:4d}  {name}" for name, n in cov["evidence"].items()]
    lines.append(
        f"\nto be re-checked: running or pending, reviewed over a year ago ({len(cov['stale'])}):"
    )
    lines += [f"  {cid}" for cid in cov["stale"]]
    lines.append(f"\nwithout a known start (no start year, no events) ({len(cov['no_start'])}):")
    lines += [f"  {cid}" for cid in cov["no_start"]]
    lines += ["", *minimums.report(cov["minimums"])]
    return "\n".join(lines)
