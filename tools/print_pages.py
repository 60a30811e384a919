"""How many A4 pages each case prints on: Chromium's PDF of every case page (print styles),
in Dutch and in English, counted per case, against a real `casebase serve` over the bundled
cases (`make print-pages`).

The goal (issue 14): every case fits on at most two pages; the cases that do not are listed.
"""

from __future__ import annotations

import collections
import os
import re
import sys
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import serve  # noqa: E402

CHROMIUM = os.environ.get("CASEBASE_CHROMIUM", "/usr/bin/chromium")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def case_paths(base: str) -> list[str]:
    with urllib.request.urlopen(base + "/sitemap.xml", timeout=30) as response:
        root = ET.fromstring(response.read())
    locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    return [loc.split("127.0.0.1", 1)[1].split("/", 1)[1] for loc in locs if "/case/" in loc]


def count_pages(base: str, suffix: str = "") -> dict[str, int]:
    """Pages per case id; `suffix` is added to each case URL (`?_lang=en`)."""
    from playwright.sync_api import sync_playwright

    counts = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.emulate_media(media="print")
        for path in case_paths(base):
            page.goto(f"{base}/{path}{suffix}")
            pdf = page.pdf(format="A4")
            counts[path.removeprefix("case/")] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        browser.close()
    return counts


def report(lang: str, counts: dict[str, int]) -> None:
    tally = collections.Counter(counts.values())
    print(f"{lang}:")
    for pages in sorted(tally):
        n = tally[pages]
        print(f"  {pages} page{'s' if pages != 1 else ''}: {n} case{'s' if n != 1 else ''}")
    at_most_two = sum(n for pages, n in tally.items() if pages <= 2)
    print(f"  at most two pages: {at_most_two} of {len(counts)} cases")
    longer = sorted((cid, n) for cid, n in counts.items() if n > 2)
    if longer:
        print("  longer:", ", ".join(f"{cid} ({n})" for cid, n in longer))


def main() -> int:
    with serve() as base:
        for lang, suffix in (("nl", ""), ("en", "?_lang=en")):
            report(lang, count_pages(base, suffix))
    return 0


if __name__ == "__main__":
    sys.exit(main())
