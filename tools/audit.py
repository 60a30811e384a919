"""Audit the locked dependencies (requirements.lock) for known vulnerabilities.

Runs pip-audit over the lock. Where pip-audit cannot reach a vulnerability service (a machine
with only a package mirror: PyPI's per-release JSON is missing there), the release is looked up
in PyPI's per-project JSON instead, which lists the vulnerabilities of the latest release:
that covers every locked package that is its project's latest release. Anything still not
audited is listed by name. Exit 1 on any known vulnerability or when nothing at all could be
audited, and with --strict also when a single package could not be audited (GitHub's runners
reach PyPI: CI there runs --strict).
Usage: python tools/audit.py [--strict] [requirements.lock]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

PYPI = "https://pypi.org/pypi/{}/json"


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    """name -> version of every `name==version` line."""
    found = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[normalise(name)] = version.split(";")[0].strip()
    return found


def pip_audit(lock: Path) -> list[dict]:
    pip_audit = Path(sys.executable).parent / "pip-audit"
    cmd = [str(pip_audit), "-r", str(lock), "--no-deps", "--disable-pip", "-f", "json"]
    cmd += ["--progress-spinner", "off"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if not out.stdout.strip():
        raise SystemExit(f"pip-audit failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout)["dependencies"]


def latest_release_vulns(name: str, version: str) -> list[str] | None:
    """IDs of known vulnerabilities of name==version, or None when it can't be told."""
    try:
        with urllib.request.urlopen(PYPI.format(name), timeout=30) as response:
            data = json.load(response)
    except OSError:
        return None
    if data["info"]["version"] != version:
        return None
    return [v["id"] for v in data.get("vulnerabilities", [])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("lock", nargs="?", type=Path, default=Path("requirements.lock"))
    parser.add_argument(
        "--strict", action="store_true", help="fail when a package can't be audited"
    )
    args = parser.parse_args()

    found: list[str] = []
    unaudited: list[str] = []
    deps = pip_audit(args.lock)
    versions = pins(args.lock)
    by_fallback = 0
    for dep in deps:
        version = dep.get("version") or versions.get(normalise(dep["name"]), "?")
        pinned = f"{dep['name']}=={version}"
        if "skip_reason" not in dep:
            found += [
                f"{pinned}: {v['id']} (fixed in {', '.join(v['fix_versions']) or 'no release'})"
                for v in dep["vulns"]
            ]
            continue
        vulns = latest_release_vulns(dep["name"], version)
        if vulns is None:
            unaudited.append(pinned)
            continue
        by_fallback += 1
        found += [f"{pinned}: {v}" for v in vulns]

    audited = len(deps) - len(unaudited)
    print(
        f"audited {audited} of {len(deps)} locked packages "
        f"({audited - by_fallback} by pip-audit, {by_fallback} from PyPI's project data): "
        f"{len(found)} known vulnerabilities"
    )
    for line in found:
        print(f"  VULNERABLE {line}")
    if unaudited:
        print(
            f"not audited here ({len(unaudited)}; no vulnerability service reached): "
            + ", ".join(unaudited)
        )
    if audited == 0:
        print("nothing could be audited: no vulnerability data was reached")
        return 1
    return 1 if found or (args.strict and unaudited) else 0


if __name__ == "__main__":
    sys.exit(main())
