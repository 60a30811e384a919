"""The benchmark corpora, cached in bench/corpus-*/ (ignored by git): synthetic cases from
bench/generate.py, and the bundled cases cloned to any number of files ("real texts")."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import generate

HERE = Path(__file__).parent
ROOT = HERE.parent


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
