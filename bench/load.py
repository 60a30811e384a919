"""Load test: many concurrent clients against a real `casebase serve` on loopback.

Builds a database from the synthetic corpus (bench/generate.py), starts `casebase serve` on
127.0.0.1, then runs CLIENTS concurrent clients for DURATION seconds over a mix of home,
search, facet, case, API, feed and Datasette URLs, and reports requests/s, p50/p99 latency,
errors and 5xx answers per kind of page, and the server's peak memory. The goal (issue 7) is
0 errors and 0 5xx at 10k cases: the script exits 1 otherwise.

Bounded on purpose: loopback only, a fixed duration and a maximum number of requests.
Usage: python bench/load.py [--cases 10000] [--clients 32] [--duration 30] [--write]
       python bench/load.py --url http://127.0.0.1:8001   (a server that is already running)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import httpx
import results
from corpora import corpus  # the same cached synthetic corpora as make bench

HERE = Path(__file__).parent
ROOT = HERE.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WORDS = ["woningen", "energie", "warmtenet", "klimaat", "genka", "marktconsultatie", "pilot"]
INSTRUMENTS = ["pilot", "market-consultation", "joint-procurement", "co-creation", "reuse"]
CHALLENGES = ["climate", "energy-transition", "housing", "digital-government"]


def urls(rng: random.Random, n_cases: int) -> tuple[str, str]:
    """One (kind, path) drawn from a mix that looks like real use: mostly search and cases."""
    case = f"synthetische-case-{rng.randrange(n_cases):06d}"
    word, instrument, challenge = rng.choice(WORDS), rng.choice(INSTRUMENTS), rng.choice(CHALLENGES)
    mix = [
        (10, "home", "/"),
        (15, "search", f"/zoeken?q={word}"),
        (10, "facets", f"/zoeken?instrument={instrument}&challenge={challenge}"),
        (5, "search+facet", f"/zoeken?q={word}&instrument={instrument}&page=2"),
        (20, "case", f"/case/{case}"),
        (10, "api-list", f"/api/v1/cases?instrument={instrument}&limit=50"),
        (5, "api-search", f"/api/v1/cases?q={word}"),
        (10, "api-case", f"/api/v1/cases/{case}"),
        (5, "feed", "/feed.atom"),
        # Datasette's own table and row pages are no longer on the reader's path (only the /api
        # page links them, for power users), so they are out of the mix.
    ]
    weights = [w for w, _, _ in mix]
    _, kind, path = rng.choices(mix, weights)[0]
    return kind, path


@contextlib.contextmanager
def serve(cases: Path, db: Path):
    casebase = Path(sys.executable).parent / "casebase"
    print(f"building {db} ...", flush=True)
    subprocess.run(
        [
            casebase,
            "build",
            "--quiet",
            "--no-similar",  # embedding 10k cases takes long; bench/similar.py measures it
            "--cases",
            cases,
            "--collections",
            cases / "none",
            "--db",
            db,
        ],
        check=True,
        cwd=ROOT,
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [casebase, "serve", "--db", db, "--cases", cases, "--collections", cases / "none"]
    proc = subprocess.Popen(
        [*map(str, cmd), "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/", timeout=5)
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("casebase serve did not start")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # `casebase serve` and its Datasette child
        proc.wait(timeout=10)


async def run_load(url: str, n_cases: int, clients: int, duration: float, max_requests: int):
    samples: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    errors: dict[str, list[str]] = defaultdict(list)
    sent = 0
    stop_at = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker(seed: int) -> None:
            nonlocal sent
            rng = random.Random(seed)
            while time.monotonic() < stop_at and sent < max_requests:
                sent += 1
                kind, path = urls(rng, n_cases)
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    await response.aread()
                except httpx.HTTPError as exc:
                    errors[kind].append(f"{path}: {type(exc).__name__}")
                    continue
                samples[kind].append(time.perf_counter() - start)
                statuses[kind][response.status_code] += 1

        started = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.monotonic() - started
    return samples, statuses, errors, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def server_peak_mb(serve_pid: int) -> float | None:
    """Peak RSS of the Datasette process that `casebase serve` started (Linux /proc)."""
    try:
        children = Path(f"/proc/{serve_pid}/task/{serve_pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
    except (OSError, IndexError):
        return None
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def failures(statuses, errors) -> int:
    """Connection errors plus 5xx answers: the goal is none."""
    five = sum(n for kind in statuses.values() for code, n in kind.items() if code >= 500)
    return five + sum(len(e) for e in errors.values())


def report(samples, statuses, errors, elapsed, n_cases, clients) -> str:
    every = [s for values in samples.values() for s in values]
    total = len(every) + sum(len(e) for e in errors.values())
    five = sum(n for kind in statuses.values() for code, n in kind.items() if code >= 500)
    other = sum(
        n for kind in statuses.values() for code, n in kind.items() if code != 200 and code < 500
    )
    lines = [
        f"{n_cases} cases, {clients} concurrent clients, {elapsed:.0f} s: "
        f"**{total} requests, {total / elapsed:.0f} requests/s, "
        f"p50 {percentile(every, 50):.0f} ms, p99 {percentile(every, 99):.0f} ms, "
        f"{sum(len(e) for e in errors.values())} errors, {five} 5xx, {other} other non-200**.",
        "",
        "| page | requests | p50 ms | p99 ms | max ms | statuses | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in sorted(samples, key=lambda k: -len(samples[k])):
        values = samples[kind]
        codes = ", ".join(f"{c}: {n}" for c, n in sorted(statuses[kind].items()))
        lines.append(
            f"| {kind} | {len(values)} | {percentile(values, 50):.0f} | {percentile(values, 99):.0f} "
            f"| {max(values) * 1000:.0f} | {codes} | {len(errors[kind])} |"
        )
    for kind, messages in list(errors.items()):
        if not messages:
            continue
        lines += ["", f"Errors on {kind} (first 3): " + "; ".join(messages[:3])]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10000, help="synthetic cases to serve")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--url", help="load a running server instead (loopback only)")
    parser.add_argument("--write", action="store_true", help="write the load section of RESULTS.md")
    args = parser.parse_args()
    if args.duration > 600 or args.clients > 256:
        raise SystemExit("refusing: at most 600 s and 256 clients")

    with contextlib.ExitStack() as stack:
        if args.url:
            host = urllib.parse.urlsplit(args.url).hostname
            if host not in LOOPBACK:
                raise SystemExit(f"refusing to load {host}: loopback only")
            url = args.url.rstrip("/")
        else:
            (HERE / "out" / "load").mkdir(parents=True, exist_ok=True)
            url, serve_pid = stack.enter_context(
                serve(corpus(args.cases), HERE / "out" / "load" / "casebase.db")
            )
        print(f"{args.clients} clients for {args.duration:.0f} s against {url} ...", flush=True)
        measured = asyncio.run(
            run_load(url, args.cases, args.clients, args.duration, args.max_requests)
        )
        peak = None if args.url else server_peak_mb(serve_pid)
    text = report(*measured, args.cases, args.clients)
    if peak is not None:
        text += f"\n\nPeak memory of the Datasette server process: {peak:.0f} MB (VmHWM)."
    print(text)
    if args.write:
        results.write_section(
            "load",
            f"## Load\n\nLast run: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, `make load` "
            f"(bench/load.py): a real `casebase serve` on loopback, the load from a second process "
            f"on the same 2-core machine.\n\n{text}",
        )
    if failures(measured[1], measured[2]):
        raise SystemExit("load test failed: connection errors or 5xx answers (see above)")


if __name__ == "__main__":
    main()
