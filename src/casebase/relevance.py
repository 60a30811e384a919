"""The relevance test set (tests/search/queries.yml) run against a built database.

Owns loading the queries and computing the figures that the test asserts and `make bench`
prints: recall@5 (share of expected cases found among a query's first five results), per kind
of query, the misses, and forbidden hits (cases a negative query must not return at all).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import matches, search

QUERIES = Path(__file__).resolve().parents[2] / "tests" / "search" / "queries.yml"
TOP = 5


@dataclass
class Figures:
    expected: int = 0
    found: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    queries: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def report(self) -> str:
        lines = [
            f"relevance: {self.queries} queries, recall@{TOP} {self.recall:.1%} "
            f"({self.found}/{self.expected}), forbidden hits {len(self.forbidden)}"
        ]
        for kind, (found, expected) in sorted(self.by_kind.items()):
            lines.append(f"  {kind:<15} {found:>3}/{expected:<3} {found / expected:.0%}")
        lines += [f"  miss: {m}" for m in self.misses]
        lines += [f"  forbidden: {f}" for f in self.forbidden]
        return "\n".join(lines)


def load(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(db_path: Path, queries: list[dict] | None = None) -> Figures:
    """Run every query through the same search the site and the API use."""
    queries = load() if queries is None else queries
    figures = Figures(queries=len(queries))
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        for item in queries:
            query = search.Query(q=str(item["q"]))
            result = matches.find(conn, query, limit=TOP)
            top = [r["id"] for r in result.rows]
            if item.get("tagged"):
                name, _, code = item["tagged"].partition("=")
                table, column = search.FILTERS[name]
                sql = (
                    f"select id from cases where [{column}] = :code"
                    if table is None
                    else f"select case_id from [{table}] where [{column}] = :code"
                )
                tagged = {r[0] for r in conn.execute(sql, {"code": code})}
                # the first k results, k = the tagged cases up to five, must all be tagged
                k = min(TOP, len(tagged))
                for case_id in (top + ["(none)"] * k)[:k]:
                    ok = case_id in tagged
                    figures.expected += 1
                    figures.by_kind[item["kind"]][1] += 1
                    if ok:
                        figures.found += 1
                        figures.by_kind[item["kind"]][0] += 1
                    else:
                        figures.misses.append(f"{item['q']!r} -> {case_id} lacks {item['tagged']}")
            for case_id in item.get("expect", []):
                figures.expected += 1
                figures.by_kind[item["kind"]][1] += 1
                if case_id in top:
                    figures.found += 1
                    figures.by_kind[item["kind"]][0] += 1
                else:
                    figures.misses.append(f"{item['q']!r} -> {case_id} (top: {', '.join(top)})")
            forbid = set(item.get("forbid", []))
            if forbid:
                every = matches.find(conn, query, limit=-1)
                for case_id in sorted(forbid & {r["id"] for r in every.rows}):
                    figures.forbidden.append(f"{item['q']!r} returned {case_id}")
    finally:
        conn.close()
    return figures
