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
_STEMMERS = {
    "nl": snowballstemmer.stemmer("dutch"),
    "en": snowballstemmer.stemmer("english"),
}


def fold(text: str) -> str:
    """Lowercase and strip diacritics: 'Coöperatie' -> 'cooperatie'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=100_000)
def stem(word: str, lang: str = "nl") -> str:
    return _STEMMERS[lang].stemWord(word)


def stemmed(text: str, lang: str = "nl") -> str:
    """The text as a space-separated string of folded, stemmed words."""
    return " ".join(stem(w, lang) for w in words(text))


def search_terms(query: str, lang: str = "nl") -> list[str]:
    """Stemmed words of a user query, safe to quote into an FTS5 MATCH expression."""
    return [stem(w, lang) for w in words(query)]


def fts_query(query: str, lang: str = "nl", prefix: bool = False) -> str | None:
    """An FTS5 MATCH string where every user word is a quoted phrase (never FTS syntax).

    Words are ANDed; `prefix` makes the last word a prefix match (search while typing).
    Returns None when the query has no words.
    """
    terms = search_terms(query, lang)
    if not terms:
        return None
    parts = ['"' + t.replace('"', '""') + '"' for t in terms]
    if prefix:
        parts[-1] += "*"
    return " ".join(parts)
