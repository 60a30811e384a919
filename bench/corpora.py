"""The benchmark corpora, cached in bench/corpus-*/ (ignored by git): synthetic cases from
bench/generate.py, and the bundled cases cloned to any number of files ("real texts").

A cached corpus is used only while what made it is unchanged (the generator's source, or the
bundled case files): a corpus made by an older generator or from older cases may no longer
validate, or no longer be what the benchmark says it measures."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import generate

HERE = Path(__file__).parent
ROOT = HERE.parent


STAMP = ".made-from"  # in each corpus folder: the fingerprint of what made it


def _cached(path: Path, made_from: str) -> bool:
    """Whether `path` holds a corpus made from `made_from`; if not, it is emptied."""
    stamp = path / STAMP
    if stamp.is_file() and stamp.read_text() == made_from:
        return True
    shutil.rmtree(path, ignore_errors=True)
    return False


def _fingerprint(n: int, files: list[Path]) -> str:
    h = hashlib.sha1(str(n).encode())
    for f in files:
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def corpus(n: int) -> Path:
    path = HERE / f"corpus-{n}"
    made_from = _fingerprint(n, [Path(generate.__file__)])
    if not _cached(path, made_from):
        print(f"generating {n} synthetic cases ...", flush=True)
        generate.generate(path, n, seed=1)
        (path / STAMP).write_text(made_from)
    return path


def real_corpus(n: int) -> Path:
    """The bundled cases cloned to `n` files: new ids, the same real texts (long Dutch and
    English descriptions, many lessons, sources and quotes), links kept within each clone."""
    path = HERE / f"corpus-real-{n}"
    sources = sorted((ROOT / "cases").glob("*.yml"))
    made_from = _fingerprint(n, sources)
    if _cached(path, made_from):
        return path
    path.mkdir(parents=True)
    print(f"cloning the bundled cases to {n} files ...", flush=True)
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
    (path / STAMP).write_text(made_from)
    return path


def size_ratio(cases: Path, db: Path) -> float:
    """Database size over the size of the YAML files it was built from."""
    yaml_bytes = sum(f.stat().st_size for f in cases.glob("*.yml"))
    return db.stat().st_size / yaml_bytes
