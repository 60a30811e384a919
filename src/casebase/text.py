"""Text processing for Dutch-aware full-text search: folding, word forms and compounds.

SQLite's FTS5 cannot call a Python tokenizer, so the build stores *normalised* copies of the
text in a second FTS table (`stemmed`) and queries are normalised the same way (`term`).

Dutch words are lemmatised (simplemma: "duurzame" -> "duurzaam", "zonnepanelen" ->
"zonnepaneel"), then stemmed with the gentle Dutch Porter stemmer (Snowball's newer "dutch"
strips ge- and merges "gezondheid" with "zon"), then adjectives in -eel/-ele and plurals in -ies
meet. Compounds are indexed whole and by their parts (`compounds.parts`). English words are
Snowball-stemmed. Every choice is measured against tests/search/queries.yml (bench/RESULTS.md).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import repeat

import Stemmer

from . import compounds

# The algorithm per language, lemmas and compound parts: switches so that `bench/relevance.py`
# can measure each choice; the site always runs with these defaults.
ALGORITHMS = {"nl": "dutch_porter", "en": "english"}
LEMMAS = True
COMPOUNDS = True

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase and strip diacritics: 'Coöperatie' -> 'cooperatie'."""
    text = text.casefold()
    if text.isascii():  # the common case: no per-character work
        return text
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)


# Every ASCII character that is not a word character (\w: letters, digits, underscore).
_ASCII_SEPARATORS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")}
)


@lru_cache(maxsize=4096)
def _fold_word_char(char: str) -> str:
    """A non-ASCII character folded, with what is no word character (\\w) in it as a space."""
    return "".join(c if c.isascii() or c.isalnum() or c == "_" else " " for c in _fold_char(char))


def words(text: str) -> list[str]:
    """Folded words, as the regex \\w+ finds them in `fold(text)`.

    Every character that is no word character becomes a space, then the text is split: many
    times faster than the regex, and the build splits every word of every case.
    """
    folded = text.casefold()
    if not folded.isascii():  # diacritics, curly quotes, dashes: one at a time
        folded = _NON_ASCII.sub(lambda m: _fold_word_char(m.group()), folded)
    return folded.translate(_ASCII_SEPARATORS).split()


_stemmers: dict[str, Stemmer.Stemmer] = {}


def _stemmer(lang: str) -> Stemmer.Stemmer:
    algorithm = ALGORITHMS[lang]
    if algorithm not in _stemmers:
        _stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return _stemmers[algorithm]


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    import simplemma  # its Dutch data loads on first use

    lemma = fold(simplemma.lemmatize(word, lang="nl"))
    # simplemma may return a form with other characters ("'s"): keep the word then.
    return lemma if lemma.isalnum() else word


# Dutch lemmas that stemming would merge with another word: indexed as the lemma itself
# ("zone" would become "zon", so that `zon` found "Dijkzone" and not only the sun).
AS_LEMMA = frozenset({"zone"})


@lru_cache(maxsize=200_000)
def term(word: str, lang: str = "nl") -> str:
    """The index term of one folded word: lemma, stem and the Dutch spelling rules."""
    if lang != "nl":
        return _stemmer(lang).stemWord(word)
    if LEMMAS and word.isalpha():
        word = _lemma(word)
        if word in AS_LEMMA:
            return word
    out = _stemmer(lang).stemWord(word)
    if LEMMAS:
        if out.endswith("eel"):  # financieel / financiel(e): Porter keeps the double vowel
            out = out[:-2] + "l"
        elif out.endswith("ies"):  # marktconsultaties / marktconsultatie
            out = out[:-1]
    return out


stem = term  # the highlighter's name for it


@lru_cache(maxsize=200_000)
def tokens(word: str, lang: str = "nl") -> str:
    """What one folded word puts in the index: its term, then the terms of its compound parts
    (head, the head's own parts, tail), so that a search word finds compounds it is part of.

    A compound within a compound ("perron|rand|beveiliging") also gets its last two parts as one
    term ("randbeveiliging"), so that a query compound found only inside a longer one matches
    a term, not a phrase of parts: such a phrase reads the positions of very common parts
    ("kad" of both "kade" and "kader"), which made partial matching slow (bench/RESULTS.md).
    """
    first = term(word, lang)
    if lang != "nl" or not COMPOUNDS:
        return first
    parts = compounds.parts(word)
    if not parts:
        return first
    terms = [first, *(term(p, lang) for p in parts)]
    if len(parts) > 2:  # [head, head's parts..., tail]: the head's last part is as written
        terms.append(term(parts[-2] + parts[-1], lang))
    return " ".join(terms)


def stemmed(text: str, lang: str = "nl") -> str:
    """The text as a space-separated string of index tokens (the build's `casebase_stem`)."""
    return " ".join(map(tokens, words(text), repeat(lang)))


def search_terms(query: str, lang: str = "nl") -> list[str]:
    """Index terms of a user query's words, safe to quote into an FTS5 MATCH expression."""
    return [term(w, lang) for w in words(query)]


# Terms at least this long also match as a prefix, so that a word finds Dutch compounds that
# start with it even when the splitter does not know them. Shorter terms ("de", "zon") would
# match far too much.
COMPOUND_PREFIX = 5


def quote(term_: str, prefix: bool = False) -> str:
    """A term as an FTS5 phrase (never FTS syntax), optionally a prefix."""
    return '"' + term_.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_query(query: str, lang: str = "nl", prefix: bool = False) -> str | None:
    """An FTS5 MATCH string where every user word is a quoted phrase (never FTS syntax).

    Words are ANDed. A long word also matches compounds that start with it; `prefix` makes the
    last word a prefix match whatever its length (search while typing).
    Returns None when the query has no words.
    """
    terms = search_terms(query, lang)
    if not terms:
        return None
    return " ".join(
        quote(t, len(t) >= COMPOUND_PREFIX or (prefix and i == len(terms) - 1))
        for i, t in enumerate(terms)
    )
