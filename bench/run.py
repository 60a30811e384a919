"""Run every casebase benchmark side by side in one run and write its section of bench/RESULTS.md.

Each figure is printed next to its goal. Timings on shared machines are noisy, so every
comparison is measured in the same run, alternating the contenders, and reported as a ratio.
Usage: python bench/run.py [--quick]   (--quick: 2k / 10k cases instead of 10k / 100k)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import generate
import relevance as relevance_bench
import results

from casebase import matches, search, spelling

# A domain word in about a fifth of the synthetic cases, a rarer filler word, and three domain
# words that a few hundred cases share.
COMMON_WORD = "woningen"
RARE_WORD = "genka"
THREE_WORDS = "energie warmtenet wijk"
# Four words that no case has together (one matches nothing), so that the "best partial
# matches" ranking runs: most words first, then bm25, over thousands of cases with two or three.
PARTIAL_WORDS = "woningen genka kademuur zeppelin"
HERE = Path(__file__).parent
ROOT = HERE.parent
PY = sys.executable

FLOOR = """
import json, sqlite3, sys, time, resource
from pathlib import Path
import yaml
t = time.perf_counter()
docs = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted(Path(sys.argv[1]).glob("*.yml"))]
db = sqlite3.connect(sys.argv[2])
db.execute("create table docs (id text primary key, doc text)")
with db:
    db.executemany("insert into docs values (?, ?)", [(d["id"], json.dumps(d)) for d in docs])
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BUILD = """
import sys, time, resource
from pathlib import Path
from casebase import build, incremental
t = time.perf_counter()
fn = build.build if sys.argv[3] == "full" else incremental.build_incremental
# without similar cases: embedding 100k cases on this CPU takes hours (bench/similar.py measures
# that cost on the bundled corpus)
result = fn([Path(sys.argv[1])], Path(sys.argv[2]), with_similar=False)
assert not result.errors, [p.format() for p in result.errors[:3]]
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

# A full build that also reports the seconds spent building the search indexes: both full-text
# indexes (`build.index_text`; within it, `text.stemmed`: lemmas, stems and compound parts in
# Python) and the facet bitmaps and sort orders (`bitmaps.write`).
INDEXED_BUILD = """
import sys, time
from pathlib import Path
from casebase import bitmaps, build, text
spent = {"index_text": 0.0, "stemmed": 0.0, "bitmaps": 0.0}

def timed(name, fn):
    def run(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    return run

build.index_text = timed("index_text", build.index_text)
text.stemmed = timed("stemmed", text.stemmed)
bitmaps.write = timed("bitmaps", bitmaps.write)
t = time.perf_counter()
result = build.build([Path(sys.argv[1])], Path(sys.argv[2]), with_similar=False)
assert not result.errors, [p.format() for p in result.errors[:3]]
print(time.perf_counter() - t, spent["index_text"], spent["stemmed"], spent["bitmaps"])
"""

# Tables of the search indexes, by what they serve (FTS5 keeps each index in shadow tables).
SEARCH_TABLES = {
    "stemmed full-text index `cases_stem` (lemmas, stems, compound parts, code labels)": (
        "cases_stem_",
    ),
    "Datasette's full-text index `cases_fts`": ("cases_fts_",),
    "facet bitmaps and sort orders": ("facet_bitmaps", "case_order"),
    "similar cases (vectors, top 10 per case)": ("case_vectors", "similar_cases"),
}


def index_shares(db: Path) -> dict[str, tuple[float, float]]:
    """Megabytes and share of the file per group of SEARCH_TABLES (indexes of a table count
    with it), from SQLite's dbstat table."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pages = conn.execute(
        "select coalesce(m.tbl_name, d.name), sum(d.pgsize) from dbstat d "
        "left join sqlite_master m on m.name = d.name group by 1"
    ).fetchall()
    conn.close()
    total = sum(size for _, size in pages)
    out = {}
    for group, prefixes in SEARCH_TABLES.items():
        size = sum(b for name, b in pages if name.startswith(prefixes))
        out[group] = (size / 1e6, size / total)
    return out


def share_rows(db: Path, what: str, with_similar: bool = False) -> list[tuple]:
    """Rows: the size of each search index in `db` (the similar cases only where built)."""
    return [
        (f"Database size: {group}, {what}", f"{mb:.1f} MB ({share:.1%})", "", "")
        for group, (mb, share) in index_shares(db).items()
        if with_similar or "similar" not in group
    ]


def indexing_rows(cases: Path, db: Path, what: str) -> list[tuple]:
    """Build `db` from `cases`; rows: the build time spent on the search indexes."""
    out = subprocess.run(
        [PY, "-c", INDEXED_BUILD, str(cases), str(db)], capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    total, fulltext, stemmed, bits = map(float, out.stdout.split())
    return [
        (f"Full build, {what}", f"{total:.1f} s", "", ""),
        (
            "Build time: both full-text indexes (`index_text`)",
            f"{fulltext:.1f} s ({fulltext / total:.0%})",
            "",
            "",
        ),
        (
            "Build time: of which lemmas, stems and compound parts (`text.stemmed`)",
            f"{stemmed:.1f} s ({stemmed / total:.0%})",
            "",
            "",
        ),
        ("Build time: facet bitmaps and sort orders", f"{bits:.2f} s ({bits / total:.1%})", "", ""),
    ]


def child(code: str, *args: str) -> tuple[float, float]:
    """Run code in a fresh interpreter; returns (seconds, peak RSS in MB)."""
    out = subprocess.run(
        [PY, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    seconds, rss_kb = out.stdout.split()
    return float(seconds), float(rss_kb) / 1024


def corpus(n: int) -> Path:
    path = HERE / f"corpus-{n}"
    if not (path.is_dir() and len(os.listdir(path)) == n):
        shutil.rmtree(path, ignore_errors=True)
        print(f"generating {n} synthetic cases ...", flush=True)
        generate.generate(path, n, seed=1)
    return path


def real_corpus(n: int) -> Path:
    """The bundled cases cloned to `n` files: new ids, the same real texts (long Dutch and
    English descriptions, many lessons, sources and quotes), links kept within each clone."""
    path = HERE / f"corpus-real-{n}"
    if path.is_dir() and len(os.listdir(path)) == n:
        return path
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    print(f"cloning the bundled cases to {n} files ...", flush=True)
    sources = sorted((ROOT / "cases").glob("*.yml"))
    ids = [p.stem for p in sources]
    link = re.compile(r"^(\s*- case: )([a-z0-9-]+)$|^(id: )([a-z0-9-]+)$", re.M)
    for i in range(n):
        clone, source = i // len(sources), sources[i % len(sources)]
        text = source.read_text(encoding="utf-8")
        suffix = f"-k{clone}"

        def renamed(m: re.Match, suffix: str = suffix) -> str:
            key, value = m.group(1) or m.group(3), m.group(2) or m.group(4)
            return f"{key}{value}{suffix}" if value in ids else m.group(0)

        text = link.sub(renamed, text)
        (path / f"{source.stem}-k{clone}.yml").write_text(text, encoding="utf-8")
    # links to a case in a clone that was cut off at n are dropped with the whole last clone
    last = (n - 1) // len(sources)
    if n % len(sources):
        for f in path.glob(f"*-k{last}.yml"):
            text = f.read_text(encoding="utf-8")
            text = re.sub(
                r"^related:\n(?:  - .*\n(?:    .*\n)*)*", "related: []\n", text, flags=re.M
            )
            f.write_text(text, encoding="utf-8")
    return path


def size_ratio(cases: Path, db: Path) -> float:
    """Database size over the size of the YAML files it was built from."""
    yaml_bytes = sum(f.stat().st_size for f in cases.iterdir())
    return db.stat().st_size / yaml_bytes


def bench_build(n: int, rounds: int, out: Path, real: bool = False) -> list[tuple]:
    cases = real_corpus(n) if real else corpus(n)
    kind = "real texts" if real else "synthetic"
    floor, full, rss, inc = [], [], [], []
    db = out / "build.db"
    for i in range(rounds):
        floor_db = out / "floor.db"
        floor_db.unlink(missing_ok=True)
        floor.append(child(FLOOR, cases, floor_db)[0])
        db.unlink(missing_ok=True)
        seconds, peak = child(BUILD, cases, db, "full")
        full.append(seconds)
        rss.append(peak)
        # change one file, then rebuild incrementally
        target = cases / sorted(os.listdir(cases))[i * 7 % n]
        text = target.read_text()
        target.write_text(
            text.replace("Gemeente", "Provincie", 1) if "Gemeente" in text else text + "\n"
        )
        inc.append(child(BUILD, cases, db, "incremental")[0])
        target.write_text(text)
    f, b, m = statistics.median(floor), statistics.median(full), statistics.median(inc)
    ratio = size_ratio(cases, db)
    return [
        (
            f"Floor: read + libyaml parse + one executemany, {n} files ({kind})",
            f"{f:.2f} s",
            "",
            "",
        ),
        (f"Full `casebase build`, {n} files ({kind})", f"{b:.2f} s", "", ""),
        (f"Full build / floor ({kind})", f"{b / f:.2f}x", "<= 1.5x", _ok(b / f <= 1.5)),
        (f"Incremental build, one file changed ({kind})", f"{m:.3f} s", "", ""),
        (f"Incremental / full build ({kind})", f"{m / b:.3f}x", "<= 0.1x", _ok(m / b <= 0.1)),
        (
            f"Peak RSS of the full build, {n} files ({kind})",
            f"{max(rss):.0f} MB",
            "<= 250 MB",
            _ok(max(rss) <= 250),
        ),
        (
            f"Database size / YAML size, {n} files ({kind})",
            f"{ratio:.2f}x",
            "<= 2x",
            _ok(ratio <= 2),
        ),
    ]


def stock_database(ours: Path, stock: Path) -> None:
    """The same cases as one flat table with JSON arrays: what stock Datasette facets on."""
    stock.unlink(missing_ok=True)
    db = sqlite3.connect(stock)
    db.execute(f"attach '{ours}' as ours")
    db.execute(
        """create table cases as select c.id, c.title, c.summary, c.status, c.outcome, c.country,
           c.procedure, c.year_start,
           (select json_group_array(instrument) from ours.case_instruments i where i.case_id = c.id)
             as instruments,
           (select json_group_array(challenge) from ours.case_challenges h where h.case_id = c.id)
             as challenges
           from ours.cases c order by c.id"""
    )
    for col in ("status", "outcome", "country", "procedure", "year_start"):
        db.execute(f"create index idx_{col} on cases ({col})")
    db.commit()
    db.close()


async def p50(client, path: str, n: int) -> float:
    for _ in range(2):
        response = await client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        await client.get(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def bench_pages(n: int, requests: int, out: Path) -> list[tuple]:
    from datasette.app import Datasette

    from casebase import serving

    cases = corpus(n)
    ours = out / "casebase.db"
    ours.unlink(missing_ok=True)
    indexing = indexing_rows(cases, ours, f"{n} files (synthetic)")
    ratio = size_ratio(cases, ours)
    stock = out / "stock.db"
    stock_database(ours, stock)
    metadata = serving.metadata()
    settings = {"suggest_facets": False, "sql_time_limit_ms": 20000, "facet_time_limit_ms": 20000}
    ours_ds = Datasette(
        [],
        immutables=[str(ours)],
        metadata=metadata,
        settings=settings,
        template_dir=str(serving.TEMPLATES),
    )
    stock_ds = Datasette([], immutables=[str(stock)], settings=settings)
    stock_page = (
        "/stock/cases?_facet=status&_facet=outcome&_facet=country"
        "&_facet_array=instruments&_facet_array=challenges"
    )

    conn = sqlite3.connect(ours)
    share = {
        word: conn.execute(
            "select count(*) from cases_fts where cases_fts match ?", [word]
        ).fetchone()[0]
        / n
        for word in (COMMON_WORD, RARE_WORD, THREE_WORDS)
    }
    plan = spelling.prepare(conn, search.Query(q=PARTIAL_WORDS))
    assert plan.query.partial, "the partial query should have fewer than 5 full matches"
    partial_share = matches.Matches(conn, plan).count() / n
    conn.close()
    pages = {
        "ours": "/casebase/cases",
        "filtered": "/casebase/cases?_instrument=pilot&status=running",
        "table_search": f"/casebase/cases?_search={COMMON_WORD}",
        "site": "/zoeken",
        "site_filtered": "/zoeken?instrument=pilot&status=running",
        "site_common": f"/zoeken?q={COMMON_WORD}",
        "site_rare": f"/zoeken?q={RARE_WORD}",
        "site_three": f"/zoeken?q={THREE_WORDS.replace(' ', '+')}",
        "api": "/api/v1/cases",
        "api_q": f"/api/v1/cases?q={COMMON_WORD}",
        "api_three": f"/api/v1/cases?q={THREE_WORDS.replace(' ', '+')}",
        "site_partial": f"/zoeken?q={PARTIAL_WORDS.replace(' ', '+')}",
        "api_partial": f"/api/v1/cases?q={PARTIAL_WORDS.replace(' ', '+')}",
    }

    async def run():
        results = {}
        # alternate contenders in rounds so both see the same machine state
        for _ in range(2):
            results.setdefault("stock", []).append(
                await p50(stock_ds.client, stock_page, requests // 2)
            )
            results.setdefault("ours", []).append(
                await p50(ours_ds.client, pages["ours"], requests // 2)
            )
        for name, path in pages.items():
            if name != "ours":
                results[name] = [await p50(ours_ds.client, path, requests)]
        return {k: statistics.median(v) for k, v in results.items()}

    r = asyncio.run(run())
    common = f"'{COMMON_WORD}', in {share[COMMON_WORD]:.0%} of cases"
    rare = f"'{RARE_WORD}', in {share[RARE_WORD]:.1%} of cases"
    three = f"'{THREE_WORDS}', all three in {share[THREE_WORDS]:.1%} of cases"
    partial = f"'{PARTIAL_WORDS}', none has all four, {partial_share:.1%} have two or three"
    return [
        (
            f"Database size / YAML size, {n} files (synthetic)",
            f"{ratio:.2f}x",
            "<= 2x",
            _ok(ratio <= 2),
        ),
        (
            f"Stock Datasette table page, 3 facets + 2 `_facet_array`, {n} cases",
            f"{r['stock']:.0f} ms",
            "",
            "",
        ),
        (
            f"casebase Datasette table page, all default facets, {n} cases",
            f"{r['ours']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["ours"] <= 100),
        ),
        (
            "Speed-up over stock `_facet_array`",
            f"{r['stock'] / r['ours']:.1f}x",
            ">= 10x",
            _ok(r["stock"] / r["ours"] >= 10),
        ),
        (
            "casebase Datasette table page, filtered (instrument + status)",
            f"{r['filtered']:.0f} ms",
            "",
            "",
        ),
        (
            f"casebase Datasette table page, `_search` ({common})",
            f"{r['table_search']:.0f} ms",
            "",
            "",
        ),
        (
            "Site browse page `/zoeken`, 9 facets",
            f"{r['site']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["site"] <= 100),
        ),
        (
            "Site browse page, filtered (instrument + status)",
            f"{r['site_filtered']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["site_filtered"] <= 100),
        ),
        (
            f"Site search + facets ({common})",
            f"{r['site_common']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["site_common"] <= 100),
        ),
        (
            f"Site search + facets ({rare})",
            f"{r['site_rare']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["site_rare"] <= 100),
        ),
        (
            f"Site search + facets ({three})",
            f"{r['site_three']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["site_three"] <= 100),
        ),
        (
            f"Site search + facets, best partial matches ({partial})",
            f"{r['site_partial']:.0f} ms",
            "p50 <= 100 ms",
            _ok(r["site_partial"] <= 100),
        ),
        ("`/api/v1/cases` list", f"{r['api']:.0f} ms", "p50 <= 50 ms", _ok(r["api"] <= 50)),
        (
            f"`/api/v1/cases?q=` ({common})",
            f"{r['api_q']:.0f} ms",
            "p50 <= 50 ms",
            _ok(r["api_q"] <= 50),
        ),
        (
            f"`/api/v1/cases?q=` ({three})",
            f"{r['api_three']:.0f} ms",
            "p50 <= 50 ms",
            _ok(r["api_three"] <= 50),
        ),
        (
            "`/api/v1/cases?q=`, best partial matches (the same four words)",
            f"{r['api_partial']:.0f} ms",
            "p50 <= 50 ms",
            _ok(r["api_partial"] <= 50),
        ),
        *indexing,
        *share_rows(ours, f"{n} files (synthetic)"),
    ]


def _ok(good: bool) -> str:
    return "met" if good else "NOT MET"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller corpora, fewer rounds")
    args = parser.parse_args()
    n_build, n_pages = (2_000, 10_000) if args.quick else (10_000, 100_000)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    started = time.perf_counter()
    rows = bench_build(n_build, 2 if args.quick else 3, out)
    rows += bench_build(n_build, 2 if args.quick else 3, out, real=True)
    rows += bench_pages(n_pages, 10 if args.quick else 20, out)
    # the build of the real texts above is left in build.db
    rows += share_rows(out / "build.db", f"{n_build} files (real texts)")
    quality = relevance_bench.measure(out)  # the relevance set on the bundled cases
    rows += share_rows(out / "relevance.db", "bundled cases", with_similar=True)
    rows.append(
        (
            f"Relevance set: recall@5 ({quality.queries} queries, bundled cases)",
            f"{quality.recall:.1%}",
            ">= 95%",
            _ok(quality.recall >= 0.95),
        )
    )
    rows.append(
        (
            "Relevance set: forbidden hits",
            str(len(quality.forbidden)),
            "0",
            _ok(not quality.forbidden),
        )
    )
    table = ["| benchmark | result | goal | |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = "\n".join(table)
    print(quality.report())
    print(text)
    results.write_section(
        "performance",
        "## Performance\n\n"
        f"Last run: {time.strftime('%Y-%m-%d %H:%M')} UTC, {time.perf_counter() - started:.0f} s in all"
        f"{' (--quick)' if args.quick else ''}.\n\nMachine: {machine()}.\n\n{text}\n\n"
        "Generated by `make bench` (bench/run.py); see bench/README.md for how to read it.",
    )


if __name__ == "__main__":
    main()
