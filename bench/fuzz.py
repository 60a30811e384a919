"""Long fuzzing run: the properties of tests/test_fuzz.py with many random inputs each.

Prints and writes to bench/RESULTS.md (section "fuzzing") how many inputs each property tried,
how many were accepted (validated and built) and refused (clean errors), and any failure.
Usage: python bench/fuzz.py [--examples N]   (default 2000 per property, about 5 minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import results

ROOT = Path(__file__).parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per property")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "tally.json"
        env = dict(
            os.environ,
            CASEBASE_FUZZ_EXAMPLES=str(args.examples),
            CASEBASE_FUZZ_REPORT=str(report),
        )
        started = time.perf_counter()
        command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider"]
        run = subprocess.run(
            [*command, "tests/test_fuzz.py"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        print(run.stdout[-20000:], run.stderr[-5000:], sep="\n")
        tally = json.loads(report.read_text()) if report.exists() else {}
    failed = re.findall(r"^FAILED (\S+)", run.stdout, re.M)
    tally.pop("harness", None)
    lines = ["| property | inputs tried | accepted | refused |", "|---|---|---|---|"]
    for prop, counts in sorted(tally.items()):
        a, r = counts["accepted"], counts["refused"]
        lines.append(f"| {prop} | {a + r} | {a} | {r} |")
    total = sum(c["accepted"] + c["refused"] for c in tally.values())
    if run.returncode == 0:
        verdict = (
            "No failure: every input was either accepted and built, or refused with clean messages."
        )
    else:
        verdict = f"**Failures** (pytest exit {run.returncode}): " + (
            ", ".join(failed) or "see output"
        )
    results.write_section(
        "fuzzing",
        "## Fuzzing\n\n"
        f"Last run: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, `make fuzz` "
        f"(bench/fuzz.py): {args.examples} random inputs per property of tests/test_fuzz.py, "
        f"{total} in all, {seconds:.0f} s.\n\n"
        + "\n".join(lines)
        + "\n\n"
        + verdict
        + "\n\nAccepted: validated without errors and built into a database. Refused: "
        "validation errors, each a `path:line:col: error: ...` line, the build exits 1 and the "
        "existing database stays byte-for-byte the same. Anything else (an exception, a "
        "traceback, a replaced database) is a failure.",
    )
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
