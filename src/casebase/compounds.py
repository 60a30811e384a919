"""Splitting Dutch compounds for search: "flexwoningen" -> ("flex", "woningen").

Owns the splitting rule and its word lists. A folded word of at least `MIN_WORD` letters splits
where its end (at least `MIN_LAST` letters) and its start (at least `MIN_FIRST`, after dropping
a linking -s-, -e- or -en-) are both known Dutch words: wordfreq's Dutch list at or above
`MIN_ZIPF`. The longest known end wins, so "stormvloedkering" becomes "stormvloed" + "kering".
The lists in compounds.yml stop splits into particles and suffixes and protect whole words.
The same function runs at build time and on the query, so both sides split alike.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("compounds.yml")
MIN_WORD = 7
MIN_FIRST = 3
MIN_LAST = 4
MIN_ZIPF = 2.5  # about 57,000 Dutch words; 3.0 (29,000) loses "kering", "verharding"


@cache
def _lists() -> tuple[frozenset, frozenset, frozenset]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return (
        frozenset(data["protected"]),
        frozenset(data["not_first"]),
        frozenset(data["not_last"]),
    )


@cache
def known_words() -> dict[str, float]:
    """Known Dutch words and their zipf frequency, loaded once per process (about 0.2 s).

    wordfreq's list comes in bins of one centibel: bin i holds the words of zipf 9 - i/100.
    Reading the bins down to MIN_ZIPF is 100 times faster than its `get_frequency_dict`.
    """
    import wordfreq  # imported here: only indexing and long query words need it

    bins = wordfreq.get_frequency_list("nl")
    last = int(round((9 - MIN_ZIPF) * 100))
    return {w: 9 - i / 100 for i, words in enumerate(bins[: last + 1]) for w in words}


def _bases(part: str, first: bool) -> list[str]:
    """Forms a part may stand for, plainest first: a first part drops its linking -s-, -e- or
    -en- ("zonne" -> "zon", "verkeers" -> "verkeer"); a last part its plural ("bussen" -> "bus")."""
    out = []
    if part.endswith("en"):
        out.append(part[:-2])
        if len(part) > 4 and part[-3] == part[-4]:  # bussen -> bus
            out.append(part[:-3])
    if part.endswith("s"):
        out.append(part[:-1])
    if first and part.endswith("e"):
        out.append(part[:-1])
        if len(part) > 3 and part[-2] == part[-3]:  # zonne -> zon
            out.append(part[:-2])
    return [*sorted(out, key=len), part]


def _known(part: str, first: bool, known: dict[str, float]) -> tuple[str, float] | None:
    """The most common known form of a part, with its zipf frequency."""
    shortest = MIN_FIRST if first else MIN_LAST - 1
    found = [(known[b], b) for b in _bases(part, first) if len(b) >= shortest and b in known]
    if not found:
        return None
    zipf, base = max(found)
    return base, zipf


@lru_cache(maxsize=200_000)
def split(word: str) -> tuple[str, str] | None:
    """(first part, last part) of a Dutch compound, or None. `word` is folded (lowercase).

    Of the possible splits, the one whose rarer part is most common wins: "gemeentehuis" is
    "gemeente" + "huis", not "gemeen" + "tehuis". The first part may itself be a compound
    ("perronrand"), which `parts` splits again.
    """
    if len(word) < MIN_WORD or not word.isalpha():
        return None
    protected, not_first, not_last = _lists()
    if word in protected:
        return None
    known = known_words()
    best, best_score = None, 0.0
    for i in range(MIN_FIRST, len(word) - MIN_LAST + 1):
        head, tail = word[:i], word[i:]
        if tail in not_last or head in not_first:
            continue
        last = _known(tail, False, known)
        if last is None:
            continue
        first = _known(head, True, known)
        if first is None:
            inner = split(head)
            if inner is None:
                continue
            first = (head, min(known.get(inner[0], 0), known.get(inner[1], 0)))
        if first[0] in not_first:
            continue
        score = min(first[1], last[1])
        if score > best_score:
            best, best_score = (first[0], tail), score
    return best


def parts(word: str) -> list[str]:
    """Every part of a compound, recursively, in order (empty when it is not one)."""
    found = split(word)
    if found is None:
        return []
    head, tail = found
    # Only a first part that is no word of its own is split again ("perronrand"), so that
    # "innovatie" does not become "inn" + "ovatie".
    inner = parts(head) if head not in known_words() else []
    return [head, *inner, tail]
