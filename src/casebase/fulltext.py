"""The full-text indexes of the database, how they are filled, and the words they were made of.

Owns `cases_fts` (Datasette's own search, the plain words), `cases_stem` (the site's and the
API's search, the index tokens of `text.tokens`), the views they read their text from, and
`index_words`: every word the index met, with its tokens, per language.

The full-text tables keep no copy of the text. `cases_fts` reads its text from the view
`cases_fts_text` (FTS5 external content); `cases_stem` is contentless: it holds only its index,
made from `cases_text` by the SQL function `casebase_stem`. Both are filled from these views,
and rows are removed with FTS5's 'delete' command from the same views, so the tokens always
match.

Why `index_words`: a corpus repeats a small vocabulary many times (10,000 real cases: 9 million
words, 15,000 distinct), so each word is lemmatised and split once per build (`Words`), not once
per occurrence. The incremental build reads the words of the previous build back, so that it
loads the Dutch lemma list and the compound word list (about 1.5 s) only when a changed case
brings a word the index has never seen, and removes a case with exactly the tokens it was
indexed with.
"""

from __future__ import annotations

import json
import sqlite3

from . import text

FTS_COLUMNS = ("title", "summary", "description", "lessons", "organisations")
STEM_COLUMNS = ("title_nl", "title_en", "body_nl", "body_en", "labels_nl", "labels_en")
_NL = "char(10)"
_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"

WORDS_DDL = """CREATE TABLE index_words (
    lang TEXT NOT NULL, word TEXT NOT NULL, tokens TEXT NOT NULL,
    PRIMARY KEY (lang, word)) WITHOUT ROWID"""


def _labels(lang: str) -> str:
    """SQL: the labels of a case's instruments, challenges, techniques and procedure, so that
    a case is found by the names of its codes ("energietransitie", "innovation partnership")."""
    col = f"label_{lang}"
    return f"""(SELECT group_concat({col}, '; ') FROM (
             SELECT v.{col} FROM case_instruments m JOIN instruments v ON v.code = m.instrument
               WHERE m.case_id = c.id AND m.instrument != 'other'
             UNION ALL SELECT v.{col} FROM case_challenges m JOIN challenges v
               ON v.code = m.challenge WHERE m.case_id = c.id AND m.challenge != 'other'
             UNION ALL SELECT v.{col} FROM case_techniques m JOIN techniques v
               ON v.code = m.technique WHERE m.case_id = c.id
             UNION ALL SELECT v.{col} FROM procedures v
               WHERE v.code = c.procedure AND v.code NOT IN ('other', 'unknown')))"""


VIEWS = {
    "cases_text": f"""
        SELECT c.rowid AS case_rowid, c.title AS title_nl, c.title_en,
          c.summary AS summary_nl, c.summary_en,
          c.description_markdown AS description_nl, c.description_en_markdown AS description_en,
          (SELECT group_concat(text, {_NL}) FROM (SELECT text FROM lessons
             WHERE case_id = c.id ORDER BY position)) AS lessons_nl,
          (SELECT group_concat(text_en, {_NL}) FROM (SELECT text_en FROM lessons
             WHERE case_id = c.id AND text_en IS NOT NULL ORDER BY position)) AS lessons_en,
          (SELECT group_concat(name, '; ') FROM (
             SELECT name, 0 AS k, position FROM case_buyers WHERE case_id = c.id
             UNION ALL SELECT name, 1, position FROM case_participants WHERE case_id = c.id
             ORDER BY k, position)) AS organisations,
          {_labels("nl")} AS labels_nl,
          {_labels("en")} AS labels_en
        FROM cases c""",
    "cases_fts_text": f"""
        SELECT case_rowid, title_nl || ' ' || title_en AS title,
          summary_nl || ' ' || summary_en AS summary,
          coalesce(description_nl, '') || {_NL} || coalesce(description_en, '') AS description,
          coalesce(lessons_nl, '') || {_NL} || coalesce(lessons_en, '') AS lessons,
          organisations
        FROM cases_text""",
}
STEM_SELECT = f"""
    casebase_stem(title_nl, 'nl'), casebase_stem(title_en, 'en'),
    casebase_stem(summary_nl || {_NL} || coalesce(description_nl, '') || {_NL}
      || coalesce(lessons_nl, '') || {_NL} || coalesce(organisations, ''), 'nl'),
    casebase_stem(summary_en || {_NL} || coalesce(description_en, '') || {_NL}
      || coalesce(lessons_en, ''), 'en'),
    casebase_stem(coalesce(labels_nl, ''), 'nl'), casebase_stem(coalesce(labels_en, ''), 'en')"""

# What shapes the indexes, for the build's fingerprint.
DESIGN = (FTS_COLUMNS, STEM_COLUMNS, VIEWS, STEM_SELECT, WORDS_DDL, _TOKENIZE)


def create(db: sqlite3.Connection) -> None:
    """The views, both full-text tables and `index_words` (after the tables they read)."""
    for view, select in VIEWS.items():
        db.execute(f"CREATE VIEW [{view}] AS {select}")
    db.execute(
        f"CREATE VIRTUAL TABLE cases_fts USING fts5({', '.join(FTS_COLUMNS)}, "
        f"content='cases_fts_text', content_rowid='case_rowid', {_TOKENIZE})"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE cases_stem USING fts5({', '.join(STEM_COLUMNS)}, content='', "
        f"{_TOKENIZE})"
    )
    # The words of the (unstemmed) index, read by `spelling` for "Bedoelt u ...?"; a view on
    # the index, it stores nothing.
    db.execute("CREATE VIRTUAL TABLE cases_words USING fts5vocab(cases_fts, 'row')")
    db.execute(WORDS_DDL)


class Words:
    """The index tokens of every word met, per language: `text.stemmed` with a memory.

    `saved` are the words of an earlier build of the same database (`Words.of`); words met
    for the first time are computed with `text.tokens` and written back by `save`.
    """

    def __init__(self, saved: dict[str, dict[str, str]] | None = None) -> None:
        self.known: dict[str, dict[str, str]] = {lang: {} for lang in text.ALGORITHMS}
        for lang, found in (saved or {}).items():
            self.known[lang].update(found)
        self.new: list[tuple[str, str, str]] = []

    @classmethod
    def of(cls, db: sqlite3.Connection) -> Words:
        """The words an earlier build saved in `db`."""
        saved: dict[str, dict[str, str]] = {}
        for lang, word, tokens in db.execute("SELECT lang, word, tokens FROM index_words"):
            saved.setdefault(lang, {})[word] = tokens
        return cls(saved)

    def stemmed(self, value: str, lang: str) -> str:
        """Exactly `text.stemmed(value, lang)`."""
        known, words = self.known[lang], text.words(value)
        try:  # nearly always every word is known: the join runs in C
            return " ".join(map(known.__getitem__, words))
        except KeyError:
            for word in words:
                if word not in known:
                    known[word] = text.tokens(word, lang)
                    self.new.append((lang, word, known[word]))
            return " ".join(map(known.__getitem__, words))

    def save(self, db: sqlite3.Connection) -> None:
        """Write the words met for the first time to `index_words`."""
        db.executemany("INSERT INTO index_words VALUES (?, ?, ?)", self.new)
        self.new.clear()


def _rowids(rowids: list[int] | None) -> tuple[str, list]:
    if rowids is None:
        return "", []
    return " WHERE case_rowid IN (SELECT value FROM json_each(?))", [json.dumps(rowids)]


def index_text(db: sqlite3.Connection, words: Words, rowids: list[int] | None = None) -> None:
    """Add cases (all, or those with `rowids`) to both full-text indexes."""
    where, params = _rowids(rowids)
    fts = ", ".join(FTS_COLUMNS)
    db.execute(
        f"INSERT INTO cases_fts (rowid, {fts}) SELECT case_rowid, {fts} FROM cases_fts_text{where}",
        params,
    )
    db.create_function("casebase_stem", 2, words.stemmed, deterministic=True)
    db.execute(
        f"INSERT INTO cases_stem (rowid, {', '.join(STEM_COLUMNS)}) "
        f"SELECT case_rowid, {STEM_SELECT} FROM cases_text{where}",
        params,
    )
    words.save(db)


def unindex_text(db: sqlite3.Connection, words: Words, rowids: list[int]) -> None:
    """Remove cases from both full-text indexes; call it before their rows change."""
    where, params = _rowids(rowids)
    fts = ", ".join(FTS_COLUMNS)
    db.execute(
        f"INSERT INTO cases_fts (cases_fts, rowid, {fts}) "
        f"SELECT 'delete', case_rowid, {fts} FROM cases_fts_text{where}",
        params,
    )
    db.create_function("casebase_stem", 2, words.stemmed, deterministic=True)
    db.execute(
        f"INSERT INTO cases_stem (cases_stem, rowid, {', '.join(STEM_COLUMNS)}) "
        f"SELECT 'delete', case_rowid, {STEM_SELECT} FROM cases_text{where}",
        params,
    )
    words.save(db)
