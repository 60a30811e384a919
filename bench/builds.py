"""The build benchmarks: a full and an incremental `casebase build` against the parse floor.

Each figure comes from a fresh interpreter. Within a round the floor, the full build and the
incremental build run one after the other on the same machine state; the medians of the rounds
are compared. With `baseline` (the `src` folder of another checkout, e.g. main), that checkout's
full and incremental builds run in the same rounds, alternating with ours, so a change is
measured side by side.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from corpora import corpus, real_corpus, size_ratio

ROOT = Path(__file__).parent.parent

FLOOR = """
import json, sqlite3, sys, time, resource
from pathlib import Path
import yaml
t, cpu = time.perf_counter(), time.process_time()
docs = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted(Path(sys.argv[1]).glob("*.yml"))]
db = sqlite3.connect(sys.argv[2])
db.execute("create table docs (id text primary key, doc text)")
with db:
    db.executemany("insert into docs values (?, ?)", [(d["id"], json.dumps(d)) for d in docs])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(time.perf_counter() - t, peak, time.process_time() - cpu)
"""

BUILD = """
import sys, time, resource
from pathlib import Path
from casebase import build, incremental
t, cpu = time.perf_counter(), time.process_time()
fn = build.build if sys.argv[3] == "full" else incremental.build_incremental
# without similar cases: embedding 100k cases on this CPU takes hours (bench/similar.py measures
# that cost on the bundled corpus)
result = fn([Path(sys.argv[1])], Path(sys.argv[2]), with_similar=False)
assert not result.errors, [p.format() for p in result.errors[:3]]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(time.perf_counter() - t, peak, time.process_time() - cpu)
"""


def child(code: str, *args: object, src: Path | None = None) -> tuple[float, float, float]:
    """Run code in a fresh interpreter (importing casebase from `src` if given); returns
    (seconds, peak RSS in MB, CPU seconds)."""
    env = dict(os.environ, PYTHONPATH=str(src)) if src else None
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    seconds, rss_kb, cpu = out.stdout.split()
    return float(seconds), float(rss_kb) / 1024, float(cpu)


def ok(good: bool) -> str:
    return "met" if good else "NOT MET"


def bench_build(
    n: int, rounds: int, out: Path, real: bool = False, baseline: Path | None = None
) -> list[tuple]:
    """Rows (benchmark, result, goal, met) for one corpus; with `baseline`, its rows too."""
    cases = (real_corpus(n) if real else corpus(n)).resolve()
    kind = "real texts" if real else "synthetic"
    contenders = {"": None, **({" baseline": baseline.resolve()} if baseline else {})}
    floor: list[float] = []
    floor_cpu: list[float] = []
    full: dict[str, list[float]] = {c: [] for c in contenders}
    full_cpu: dict[str, list[float]] = {c: [] for c in contenders}
    inc: dict[str, list[float]] = {c: [] for c in contenders}
    rss: dict[str, list[float]] = {c: [] for c in contenders}
    for i in range(rounds):
        floor_db = out / "floor.db"
        floor_db.unlink(missing_ok=True)
        seconds, _, cpu = child(FLOOR, cases, floor_db)
        floor.append(seconds)
        floor_cpu.append(cpu)
        order = list(contenders) if i % 2 == 0 else list(reversed(contenders))
        for c in order:
            db = out / f"build{c.strip()}.db"
            db.unlink(missing_ok=True)
            seconds, peak, cpu = child(BUILD, cases, db, "full", src=contenders[c])
            full[c].append(seconds)
            full_cpu[c].append(cpu)
            rss[c].append(peak)
        # change one file, then rebuild incrementally
        target = sorted(cases.glob("*.yml"))[i * 7 % n]
        text = target.read_text()
        target.write_text(
            text.replace("Gemeente", "Provincie", 1) if "Gemeente" in text else text + "\n"
        )
        for c in order:
            db = out / f"build{c.strip()}.db"
            inc[c].append(child(BUILD, cases, db, "incremental", src=contenders[c])[0])
        target.write_text(text)
    f = statistics.median(floor)

    def cpu_ratio(c: str) -> float:
        return statistics.median(full_cpu[c]) / statistics.median(floor_cpu)

    rows = [
        (f"Floor: read + libyaml parse + one executemany, {n} files ({kind})", f"{f:.2f} s", "", "")
    ]
    for c in contenders:
        b, m = statistics.median(full[c]), statistics.median(inc[c])
        ratio = size_ratio(cases, out / f"build{c.strip()}.db")
        k = kind + c
        rows += [
            (f"Full `casebase build`, {n} files ({k})", f"{b:.2f} s", "", ""),
            (f"Full build / floor ({k})", f"{b / f:.2f}x", "<= 1.5x", ok(b / f <= 1.5)),
            # CPU time: what the build costs even when other processes share the cores
            (f"Full build / floor, CPU time ({k})", f"{cpu_ratio(c):.2f}x", "", ""),
            (f"Incremental build, one file changed ({k})", f"{m:.3f} s", "", ""),
            (f"Incremental / full build ({k})", f"{m / b:.3f}x", "<= 0.1x", ok(m / b <= 0.1)),
            (
                f"Peak RSS of the full build, {n} files ({k})",
                f"{max(rss[c]):.0f} MB",
                "<= 250 MB",
                ok(max(rss[c]) <= 250),
            ),
            (
                f"Database size / YAML size, {n} files ({k})",
                f"{ratio:.2f}x",
                "<= 2x",
                ok(ratio <= 2),
            ),
        ]
    return rows
