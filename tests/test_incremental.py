"""Incremental builds give the same content as full builds, and keep the atomic guarantee."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casebase import build, incremental, manifest, serving, validate

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import generate  # noqa: E402  (the benchmark's corpus generator: schema-valid synthetic cases)


@pytest.fixture
def corpus(tmp_path) -> Path:
    cases = tmp_path / "cases"
    generate.generate(cases, 60, seed=7)
    return cases


def full_digest(cases: Path, tmp_path: Path, with_similar: bool = True) -> str:
    db = tmp_path / "full.db"
    db.unlink(missing_ok=True)
    assert not build.build([cases], db, with_similar=with_similar).errors
    return incremental.content_digest(db)


def test_incremental_equals_full_build(corpus, tmp_path):
    db = tmp_path / "casebase.db"
    assert not build.build([corpus], db).errors
    conn = sqlite3.connect(db)
    # delete a case nobody links to, change one, add one
    victim = conn.execute(
        "select id from cases where id not in (select target_id from case_links) order by id"
    ).fetchone()[0]
    conn.close()
    (corpus / f"{victim}.yml").unlink()
    changed = sorted(corpus.glob("*.yml"))[5]
    changed.write_text(changed.read_text().replace("Gemeente", "Provincie"))
    template = sorted(corpus.glob("*.yml"))[0]
    new = corpus / "nieuwe-case.yml"
    new.write_text(template.read_text().replace(f'id: "{template.stem}"', 'id: "nieuwe-case"'))

    assert incremental.plan(sorted(corpus.glob("*.yml")), db) is not None, "expected incremental"
    result = incremental.build_incremental([corpus], db)
    assert not result.errors, [p.format() for p in result.errors]
    assert incremental.content_digest(db) == full_digest(corpus, tmp_path)
    ids = [r[0] for r in sqlite3.connect(db).execute("select id from cases")]
    assert "nieuwe-case" in ids and victim not in ids
    names = [r[0] for r in sqlite3.connect(db).execute("select name from organisations")]
    assert any(n.startswith("Provincie") for n in names)


MODELS_LOADED = """
import sys
from pathlib import Path
from casebase import incremental
result = incremental.build_incremental([Path(sys.argv[1])], Path(sys.argv[2]), with_similar=False)
assert not result.errors, result.errors
print(sorted(m for m in ("simplemma", "wordfreq") if m in sys.modules))
"""


def test_a_change_with_known_words_loads_no_language_model(corpus, tmp_path):
    """The index remembers its words: an incremental build whose changed case brings no new
    word does without the Dutch lemma and compound lists (about 1.5 s to load)."""
    db = tmp_path / "casebase.db"
    assert not build.build([corpus], db, with_similar=False).errors
    first, second = sorted(corpus.glob("*.yml"))[:2]
    title = re.search(r"^title: .*$", second.read_text(), re.M).group()
    first.write_text(re.sub(r"^title: .*$", title, first.read_text(), count=1, flags=re.M))

    def loaded() -> str:
        out = subprocess.run(
            [sys.executable, "-c", MODELS_LOADED, str(corpus), str(db)],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    assert loaded() == "[]"
    assert incremental.content_digest(db) == full_digest(corpus, tmp_path, False)
    # a word the index never met is lemmatised and split, and remembered
    first.write_text(first.read_text().replace(title, 'title: "Zwerfafvalrobotkeukens"'))
    assert loaded() == "['simplemma', 'wordfreq']"
    assert incremental.content_digest(db) == full_digest(corpus, tmp_path, False)
    known = sqlite3.connect(db).execute(
        "SELECT tokens FROM index_words WHERE word = ?", ["zwerfafvalrobotkeukens"]
    )
    assert known.fetchone()


def test_incremental_error_leaves_database_untouched(corpus, tmp_path):
    db = tmp_path / "casebase.db"
    build.build([corpus], db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    broken = corpus / "synthetische-case-000003.yml"
    broken.write_text(re.sub(r"year_start: \d+", 'year_start: "x"', broken.read_text()))
    result = incremental.build_incremental([corpus], db)
    assert result.errors
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_deleting_a_linked_case_is_an_error(corpus, tmp_path):
    db = tmp_path / "casebase.db"
    build.build([corpus], db)
    linked = sqlite3.connect(db).execute("select target_id from case_links limit 1").fetchone()[0]
    (corpus / f"{linked}.yml").unlink()
    result = incremental.build_incremental([corpus], db)
    assert any(f"no case with id {linked!r}" in p.message for p in result.errors)


def test_changed_vocabulary_means_full_build(corpus, tmp_path, monkeypatch):
    db = tmp_path / "casebase.db"
    build.build([corpus], db)
    assert incremental.plan(sorted(corpus.glob("*.yml")), db) == ([], [])
    monkeypatch.setattr(manifest, "fingerprint", lambda: "something else")
    assert incremental.plan(sorted(corpus.glob("*.yml")), db) is None


def test_a_database_without_the_casebase_mark_gets_a_full_build(valid_tree):
    """A database built before the mark existed: the plugins would not recognise it, so the
    next build (and `casebase serve`) rebuilds it fully instead of copying it unmarked."""
    db = valid_tree / "casebase.db"
    paths = [valid_tree / "cases", valid_tree / "collections"]
    assert not incremental.build_incremental(paths, db).errors
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM build_info WHERE key = ?", [serving.GENERATOR[0]])
    conn.commit()
    conn.close()
    assert not serving.is_casebase_db(db)
    assert serving.needs_build(db, paths)
    assert incremental.plan(validate.discover(paths)[0], db) is None
    assert not incremental.build_incremental(paths, db).errors
    assert serving.is_casebase_db(db)
