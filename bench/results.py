"""bench/RESULTS.md holds one section per script (performance, load, fuzzing); each script
rewrites only its own section, between `<!-- name -->` and `<!-- /name -->` markers."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).parent / "RESULTS.md"
HEADER = "# Benchmark results\n\nEach section is rewritten by the script named in it.\n"


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"<!-- {name} -->\n{body.strip()}\n<!-- /{name} -->"
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
