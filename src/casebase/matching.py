"""From a user's query to FTS5 MATCH expressions over `cases_stem`: words, synonyms, compounds.

Owns how a query is read. Its words are folded; Dutch and English stop words are dropped when
other words remain; runs of words that form a synonym phrase (synonyms.yml) become one unit.
Each unit matches its Dutch terms in the Dutch columns or its English terms in the English
columns, each synonym as a quoted phrase, and a long term also as a prefix (compounds need
nothing more here: the build indexes their parts, `text.tokens`). Units are ANDed (`expression`)
or counted one by one for partial matches (`unit_expression`). User text never reaches FTS5
syntax: every term is quoted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from . import text

SYNONYMS = Path(__file__).with_name("synonyms.yml")
NL_COLUMNS = "{title_nl body_nl labels_nl}"
EN_COLUMNS = "{title_en body_en labels_en}"
MAX_PHRASE = 4  # the longest synonym phrase, in words
# Switches for `bench/relevance.py`, which measures each choice; the site runs with both on.
USE_LABELS = True
USE_SYNONYMS = True

# Words that carry no meaning in a question ("hoe koop je samen flexwoningen in").
STOP_WORDS = frozenset(
    """de het een en of in op van voor met aan bij door om te tot uit als over naar is zijn
    was wordt worden hoe wat wie waar waarom welke je jij ik we wij u er die dat dit deze
    the a an and or of in on for with to by from at as is are was how what which who why
    where do does can""".split()
)


@dataclass(frozen=True)
class Unit:
    """One thing the query asks for: a word, or a phrase, with the synonyms it stands for."""

    text: str  # as the user wrote it (folded)
    phrases: tuple[tuple[str, ...], ...]  # itself first, then its synonyms, as folded words


@cache
def synonym_groups() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Folded phrase -> every phrase of its group (itself first)."""
    data = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8"))
    out: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in data["groups"]:
        phrases = [tuple(text.words(p)) for p in group]
        for p in phrases:
            out[p] = (p, *(q for q in phrases if q != p))
    return out


def units(query: str) -> list[Unit]:
    """The units of a query, longest synonym phrase first, stop words dropped when others remain."""
    words = text.words(query)
    groups = synonym_groups() if USE_SYNONYMS else {}
    out, i = [], 0
    while i < len(words):  # synonym phrases first: "vervoer over water" keeps its "over"
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + n])
            if n == 1 or phrase in groups:
                out.append(Unit(" ".join(phrase), groups.get(phrase, (phrase,))))
                i += n
                break
    meaningful = [u for u in out if u.text not in STOP_WORDS]
    return meaningful or out


def _alternatives(phrase: tuple[str, ...], lang: str, prefix: bool) -> list[str]:
    terms = [text.term(w, lang) for w in phrase]
    if len(terms) > 1:
        return [text.quote(" ".join(terms))]
    (t,) = terms
    return [text.quote(t, prefix or len(t) >= text.COMPOUND_PREFIX)]


def unit_expression(unit: Unit, prefix: bool = False) -> str:
    """MATCH one unit: any of its phrases, Dutch terms in Dutch columns, English in English.

    A phrase that is the same in both languages ("wijk", "warmtenet", a name) is written once,
    without a column filter: the Dutch and English columns are all the columns, so it matches
    the same rows, and FTS5 reads its doclist once instead of twice and skips the position
    lists a column filter must decode (bench/RESULTS.md, "Search cost").
    """
    nl, en = (
        list(dict.fromkeys(a for p in unit.phrases for a in _alternatives(p, lang, prefix)))
        for lang in ("nl", "en")
    )
    if USE_LABELS:
        nl_columns, en_columns = NL_COLUMNS, EN_COLUMNS
        both = [a for a in nl if a in en]
    else:  # without the labels columns a phrase in "every column" would reach them too
        nl_columns, en_columns = "{title_nl body_nl}", "{title_en body_en}"
        both = []
    groups = [
        ("", both),
        (nl_columns + " : ", [a for a in nl if a not in both]),
        (en_columns + " : ", [a for a in en if a not in both]),
    ]
    return " OR ".join(f"({columns}({' OR '.join(alts)}))" for columns, alts in groups if alts)


def expression(found: list[Unit], prefix: bool = False) -> str | None:
    """MATCH every unit (AND); `prefix` makes the last one a prefix (search while typing)."""
    if not found:
        return None
    last = len(found) - 1
    return " AND ".join(
        f"({unit_expression(u, prefix and i == last)})" for i, u in enumerate(found)
    )


def any_expression(found: list[Unit], shared: list[bool] | None = None) -> str | None:
    """MATCH any unit (OR): the relevance of partial matches.

    `shared` marks units that every row to be ranked contains: each is ANDed with the units
    around it (grouped, in order: `(a OR b) AND (c OR d)` for shared `b` and `c`), so that FTS5
    skips to the rows that have them. The phrases stay the same, in the same order, so bm25 of
    a row that matches is the same as with OR alone.
    """
    if not found:
        return None
    groups: list[list[str]] = [[]]
    seen_shared = False
    for unit, must in zip(found, shared or [False] * len(found), strict=True):
        if must and seen_shared:
            groups.append([])  # a new group for each shared unit after the first
        seen_shared = seen_shared or must
        groups[-1].append(f"({unit_expression(unit)})")
    return " AND ".join(f"({' OR '.join(g)})" for g in groups)
