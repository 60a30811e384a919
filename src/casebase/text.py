"""Text processing for Dutch-aware full-text search: folding diacritics and Snowball stemming.

SQLite's FTS5 cannot call a Python tokenizer, so the build stores *stemmed* copies of the text
in a second FTS table and queries are stemmed the same way (`search_terms`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
# snowballstemmer uses the C implementation (PyStemmer) when it is installed: ~100x faster.
_STEMMERS = {
    "nl": snowballstemmer.stemmer("dutch"),
    "en": snowballstemmer.stemmer("english"),
}


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


def words(text: str) -> list[str]:
    """Folded words, as the regex \\w+ finds them (translate + split is faster for ASCII text)."""
    folded = fold(text)
    if folded.isascii():
        return folded.translate(_ASCII_SEPARATORS).split()
    return _WORD.findall(folded)


@lru_cache(maxsize=100_000)
def stem(word: str, lang: str = "nl") -> str:
    return _STEMMERS[lang].stemWord(word)


def stemmed(text: str, lang: str = "nl") -> str:
    """The text as a space-separated string of folded, stemmed words."""
    # stemWords works on the whole list at once (in C when PyStemmer is installed).
    return " ".join(_STEMMERS[lang].stemWords(words(text)))


def search_terms(query: str, lang: str = "nl") -> list[str]:
    """Stemmed words of a user query, safe to quote into an FTS5 MATCH expression."""
    return [stem(w, lang) for w in words(query)]


# Stems at least this long also match as a prefix, so that a word finds Dutch compounds that
# start with it: "energie" finds "energietransitie", "klimaat" finds "klimaatadaptatie".
# Shorter stems ("de", "zon") would match far too much.
COMPOUND_PREFIX = 5


def fts_query(query: str, lang: str = "nl", prefix: bool = False) -> str | None:
    """An FTS5 MATCH string where every user word is a quoted phrase (never FTS syntax).

    Words are ANDed. A long word also matches compounds that start with it; `prefix` makes the
    last word a prefix match whatever its length (search while typing).
    Returns None when the query has no words.
    """
    terms = search_terms(query, lang)
    if not terms:
        return None
    parts = []
    for i, term in enumerate(terms):
        part = '"' + term.replace('"', '""') + '"'
        if len(term) >= COMPOUND_PREFIX or (prefix and i == len(terms) - 1):
            part += "*"
        parts.append(part)
    return " ".join(parts)
