"""Screenshots of the site for docs/screenshots/: home, search, a case and a collection at
1280 and 390 px wide, taken with Playwright and Debian's Chromium from a real `casebase serve`
over the bundled cases (`make screenshots`).

Each picture is the first screen of the page (what a visitor sees before scrolling), so the
files stay small and show layout changes clearly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers import free_port, wait_until_up  # noqa: E402

PAGES = {
    "home": "/",
    "search": "/zoeken?q=marktconsultatie",
    "case": "/case/amsterdam-innovatiepartnerschap-kademuren",
    "collection": "/collectie/ruimte-in-aanbestedingsrecht",
}
WIDTHS = {1280: 900, 390: 844}  # width -> height of the screen
CHROMIUM = os.environ.get("CASEBASE_CHROMIUM", "/usr/bin/chromium")


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(base + path)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                written.append(target)
            page.close()
        browser.close()
    return written


@contextlib.contextmanager
def serve() -> Iterator[str]:
    """Base URL of `casebase serve` over the bundled cases, built into a temporary database."""
    port = free_port()
    casebase = shutil.which("casebase", path=str(Path(sys.executable).parent)) or "casebase"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [casebase, "serve", "--db", str(Path(tmp) / "casebase.db"), "--port", str(port)]
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, proc, 120)
            yield base
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with serve() as base:
        for path in shoot(base, args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
