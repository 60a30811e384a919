"""The hostile case-file corpus: one file per failure mode, each with its one exact message.

Most kinds are fixture files in tests/fixtures/invalid/ (STATIC). Kinds that cannot be
committed as a file (too big, binary, a symlink, a fifo, two names that differ only in case)
are written by a function at test time (GENERATED). Every kind is written into a cases folder
that also holds one good case, `norway.yml` (valid despite its name: `NO` stays text).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from casebase import fields, schema, yamlsafe

INVALID = Path(__file__).parent / "fixtures" / "invalid"
GOOD = INVALID / "norway.yml"

URL_HINT = "expected an http:// or https:// URL (spaces, quotes and <> percent-encoded)"
# every field a case file may have, in the schema's order (from the field registry)
FIELDS = ", ".join(schema.case_schema()["properties"])
ALIAS = "anchors and aliases (&name / *name) are not allowed; write the value out"

# fixture name -> "line:col: error: field: message" (the test adds the path in front)
STATIC = {
    "missing-title": "1:1: error: title: missing required field; expected Title in Dutch. (1-160 characters)",
    "unknown-field": f"7:1: error: budget: unknown field; allowed fields are: {FIELDS}",
    "unknown-code": "12:22: error: instruments[1]: unknown code 'hackathon'; expected one of: "
    "market-consultation, pre-competitive-dialogue, functional-specification, open-standards, "
    "standard-setting, open-source, reuse, off-the-shelf, sbir, pcp, innovation-challenge, "
    "startup-in-residence, pilot, co-creation, ppi, launching-customer, best-price-quality-ratio, "
    "performance-based-contract, agile-contracting, integrated-contract, lots, buyer-group, "
    "joint-procurement, "
    "central-purchasing, public-private-partnership, shared-service, triple-helix, "
    "dialogue-during-contract, innovation-procurement-programme, independent-review, "
    "programme-reset, other",
    "bad-buyer-type": "11:17: error: buyers[0].buyer_type: unknown code 'gemeente'; expected one of: "
    "nl-ministry, nl-executive-agency, nl-zbo, nl-province, nl-municipality, nl-water-board, "
    "nl-joint-arrangement, nl-caribbean-public-body, nl-body-public-law, special-sector-entity, "
    "eu-institution, international-organisation, foreign-central, foreign-regional, foreign-local, "
    "foreign-other-public",
    "bad-url": f"21:10: error: sources[1].url: 'ftp://bron.test/b' is not valid; {URL_HINT}",
    "bad-date": "20:11: error: sources[0].date: '01-05-2021' is not valid; "
    "expected a date as YYYY, YYYY-MM or YYYY-MM-DD (quoted)",
    "year-order": "16:11: error: year_end: 2018 is before year_start 2020; expected year_end >= year_start",
    "future-date": "23:16: error: last_reviewed: 2999-01-01 is in the future; expected a date up to today",
    "id-mismatch": "1:5: error: id: id 'another-id' differs from the file name; expected 'id-mismatch'",
    "related-missing": "25:11: error: related[0].case: no case with id 'does-not-exist'; "
    "expected the id of a file in cases/",
    "wrong-type": "15:13: error: year_start: expected a whole number, got text 'twintig'",
    "number-as-text": "4:8: error: place: expected text, got a number (1234); "
    "put it in quotes to make it text",
    "empty-list": "13:13: error: challenges: expected at least 1 item; Societal challenges the case addresses.",
    "duplicate-key": "15:1: error: status: duplicate key; each key may appear only once",
    "alias": f"12:14: error: instruments: {ALIAS}",
    "alias-bomb": f"1:4: error: a: {ALIAS}",
    "python-tag": "2:8: error: title: tag '!!python/object/apply:os.system' is not allowed; "
    "use plain strings, numbers, lists and mappings",
    "custom-tag": "2:8: error: title: tag '!include' is not allowed; "
    "use plain strings, numbers, lists and mappings",
    "two-documents": "24:1: error: more than one YAML document (---); put one case in each file",
    "syntax-error": "15:11: error: YAML syntax error: while parsing a flow sequence "
    "did not find expected ',' or ']'",
    "not-mapping": "1:1: error: expected a mapping of case fields",
    "empty-file": "1:1: error: file is empty; expected a mapping of fields",
    "comments-only": "1:1: error: file is empty; expected a mapping of fields",
    "deep-nesting": "2:1007: error: YAML syntax error: nesting is too deep",
    "tab-indent": "8:1: error: YAML syntax error: tab character in the indentation; indent with spaces",
    "year-absurd": "15:13: error: year_start: 99999 is out of range; "
    f"expected a whole number from 1950 to 2100 ({fields.BY_NAME['year_start'].description})",
    "year-decimals": "15:13: error: year_start: 2020.0 has decimals; expected a year like 2020",
    "number-too-long": "15:13: error: year_start: number 99999999999999999999... (5000 characters) "
    "is too large; no field takes a number this large",
    "amount-infinite": "25:15: error: value.amount_eur: number 1.0e400 is too large; "
    "no field takes a number this large",
    "amount-negative": "25:15: error: value.amount_eur: -5 is out of range; "
    "expected a number from 0 to 1000000000000 (Amount in euros (more than 0).)",
    "amount-bool": "25:15: error: value.amount_eur: expected a number, got true/false",
    "amount-nan": "25:15: error: value.amount_eur: expected a number, got text '.nan'",
    "javascript-url": "18:10: error: sources[0].url: 'javascript:alert(document.cookie)' "
    f"is not valid; {URL_HINT}",
    "data-url": "18:10: error: sources[0].url: 'data:text/html,<script>alert(1)</script>' "
    f"is not valid; {URL_HINT}",
    "url-breaks-out": "18:10: error: sources[0].url: "
    f"'https://bron.test/\"><script>alert(1)</script>' is not valid; {URL_HINT}",
    # U+FEFF: JSON Schema's \\s counts it as a space, Python's does not
    "invisible-in-url": "18:10: error: sources[0].url: 'https://bron.test/be\\ufefflang' "
    f"is not valid; {URL_HINT}",
    "markdown-javascript-link": "24:14: error: description: link to javascript: is not allowed; "
    "expected an http://, https:// or mailto: link",
    "identifier-too-long": "25:9: error: identifiers.ocid: text is too long (312 characters); at most 200",
    "control-character": "2:8: error: title: control character U+001B at character 7; remove it",
    "bidi-override": "2:8: error: title: invisible formatting character U+202E at character 10; "
    "remove it (it can reorder how the text is shown)",
    "line-break-in-title": "2:8: error: title: line break (U+000A) at character 6; "
    "expected one line (write >- not > or |)",
    "calendar-date": "23:16: error: last_reviewed: 2023-02-30 is not a date on the calendar; "
    "expected a date up to today",
    "number-key": "24:1: error: key 1 is not text; expected a field name",
    # the escape sequence is shown escaped: an error message cannot retitle or clear a terminal
    "escape-in-key": f"24:1: error: \\x1b]0;pwned\\x07: unknown field; allowed fields are: {FIELDS}",
    "empty-value": "2:7: error: title: expected text, got nothing (empty value)",
    "int-tag-text": "15:13: error: year_start: tag '!!int' does not fit this value; remove the tag",
    "map-tag-on-list": "12:14: error: instruments: tag '!!map' does not fit this value; remove the tag",
    "code-with-newline": "6:10: error: country: 'NL\\n' is not valid; "
    "expected an ISO 3166-1 alpha-2 country code in capitals, e.g. NL",
    "too-many-items": "17:3: error: sources: 101 items is too many; expected at most 100",
    "related-not-list": "24:10: error: related: expected a list, got a number",
    # the evidence model: citations, footnotes, placeholders, internal words, event years
    "evidence-uncited-fact": "14:1: error: status: a key fact without a citation; add cite: status: with the source key and a quote that states it",
    "evidence-unknown-key": "9:13: error: buyers[0].source: no source with key 's9'; expected one of: s1, s2",
    "evidence-empty-quote": "10:12: error: buyers[0].quote: text is too short; expected The words of that source that state it, verbatim and in its own language. (1-300 characters)",
    "evidence-long-quote": "10:12: error: buyers[0].quote: text is too long (365 characters); at most 300",
    "evidence-buyer-uncited": "8:5: error: buyers[0].source: missing required field; expected a source key in lowercase kebab-case ASCII, e.g. nrc-2019-07-16",
    "evidence-cite-absent-fact": "27:3: error: cite.outcome: cites outcome, but the case does not state it; remove this citation or add the fact",
    "evidence-paragraph-unsourced": "9:14: error: description: a paragraph without a source; end it with a footnote marker such as [^s1]",
    "evidence-footnote-unknown": "6:14: error: description: footnote [^nrc-2019] names no source; expected one of: s1, s2",
    "evidence-duplicate-key": "20:10: error: sources[1].key: key 's1' is already used by source 1; expected a key unique in this case",
    # identifiers are cited facts, and each identifier occurs in the cited quote
    "evidence-identifiers-uncited": "24:1: error: identifiers: a key fact without a citation; add cite: identifiers: with the source key and a quote that states it",
    "evidence-identifier-not-quoted": "26:15: error: identifiers.tenderned[0]: 123456 occurs neither in the quote of cite: identifiers nor in its source's url; quote the words of the source that give this identifier",
    "evidence-cpv-not-quoted": "25:23: error: identifiers.cpv[1]: 72000000 (of CPV code 72000000-5) does not occur in the quote of cite: identifiers; quote the words of the source that give this code",
    "evidence-identifiers-cite-absent": "27:3: error: cite.identifiers: cites identifiers, but the case does not state it; remove this citation or add the fact",
    "placeholder-todo": "7:8: error: place: placeholder text 'TODO'; write what a source states, or leave the field out",
    "placeholder-example-url": "21:10: error: sources[1].url: placeholder text 'example.com'; write what a source states, or leave the field out",
    "placeholder-zero-amount": "24:15: error: value.amount_eur: an amount of 0 is a placeholder; leave value out when no source states an amount",
    "field-name-in-text": "4:10: error: summary: 'year_start' is a field name, and readers see this text; say it in words",
    "review-note-without-english": "23:14: error: review_note: a note without its English version; add review_note_en",
    "start-after-first-event": "15:13: error: year_start: 2020 is after the earliest event (2018, events[0]); the start year is the first documented public step",
    "end-before-last-event": "15:11: error: year_end: 2021 is before the last event (2023, events[0]); expected a year_end of 2023 or later",
    "event-bad-kind": "29:11: error: events[0].kind: unknown code 'happened'; expected one of: announced, started, market-consultation, tender-published, awarded, contract-signed, pilot-started, pilot-ended, delivered, scaled-up, review, decision, stopped, completed, evaluated",
}

Generator = Callable[[Path], tuple[Path, str]]
GENERATED: dict[str, Generator] = {}


def generated(func: Generator) -> Generator:
    GENERATED[func.__name__.replace("_", "-")] = func
    return func


def _good_text(case_id: str) -> str:
    return GOOD.read_text().replace("id: norway", f"id: {case_id}")


@generated
def huge_file(folder: Path) -> tuple[Path, str]:
    path = folder / "huge-file.yml"
    path.write_text(_good_text("huge-file") + "description: " + "x" * yamlsafe.MAX_BYTES + "\n")
    size = path.stat().st_size
    return path, f"1:1: error: file is {size} bytes; the limit is {yamlsafe.MAX_BYTES} bytes"


@generated
def non_utf8(folder: Path) -> tuple[Path, str]:
    path = folder / "non-utf8.yml"
    path.write_bytes(_good_text("non-utf8").replace("Titel", "Co\xf6peratie").encode("latin-1"))
    return path, "2:10: error: file is not valid UTF-8; save it as UTF-8"


@generated
def utf16(folder: Path) -> tuple[Path, str]:
    path = folder / "utf16.yml"
    path.write_bytes(_good_text("utf16").encode("utf-16"))  # with a byte-order mark
    return path, "1:1: error: file is UTF-16 or UTF-32 (byte-order mark); save it as UTF-8"


@generated
def nul_byte(folder: Path) -> tuple[Path, str]:
    path = folder / "nul-byte.yml"
    path.write_bytes(_good_text("nul-byte").replace("Titel", "Ti\x00tel").encode())
    return path, "2:10: error: NUL byte in file; case files are UTF-8 text"


@generated
def raw_control_character(folder: Path) -> tuple[Path, str]:
    # a raw escape sequence (not a YAML "\e" escape): libyaml refuses the file
    path = folder / "raw-control-character.yml"
    path.write_text(_good_text("raw-control-character").replace("Titel", "Ti\x1b[2Jtel"))
    return path, "2:10: error: control character U+001B in the file; remove it"


@generated
def symlink_outside(folder: Path) -> tuple[Path, str]:
    secret = folder.parent / "outside" / "secret.yml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    path = folder / "symlink-outside.yml"
    os.symlink(secret, path)
    return path, "1:1: error: symlink points outside the cases folder; copy the file instead"


@generated
def symlink_loop(folder: Path) -> tuple[Path, str]:
    path = folder / "symlink-loop.yml"
    os.symlink(path.name, path)
    return path, "1:1: error: cannot read file: symlink loop"


@generated
def device_replacing_a_built_case(folder: Path) -> tuple[Path, str]:
    # an incremental build hashes a changed file before validating it: /dev/zero never ends
    path = folder / "norway-2.yml"
    path.unlink(missing_ok=True)
    os.symlink("/dev/zero", path)
    return path, "1:1: error: symlink points outside the cases folder; copy the file instead"


@generated
def dangling_symlink_replacing_a_built_case(folder: Path) -> tuple[Path, str]:
    path = folder / "norway-3.yml"
    path.unlink(missing_ok=True)
    os.symlink("nowhere.yml", path)
    return path, "1:1: error: cannot read file: No such file or directory"


@generated
def fifo(folder: Path) -> tuple[Path, str]:
    # reading a fifo blocks until someone writes: the build would hang forever
    path = folder / "fifo.yml"
    os.mkfifo(path)
    return path, "1:1: error: not a regular file; case files are plain text files"


@generated
def case_fold_collision(folder: Path) -> tuple[Path, str]:
    # Norway.yml beside norway.yml: one id twice, and one file on macOS and Windows
    path = folder / "Norway.yml"
    path.write_text(_good_text("norway"))
    return path, (
        "1:1: error: file name 'Norway.yml' is not valid; expected <id>.yml with a lowercase "
        "kebab-case ASCII id, e.g. gemeente-utrecht-pilot.yml"
    )


@generated
def yaml_extension(folder: Path) -> tuple[Path, str]:
    path = folder / "norway.yaml"
    path.write_text(_good_text("norway"))
    return path, (
        "1:1: error: file name 'norway.yaml' is not valid; expected <id>.yml with a lowercase "
        "kebab-case ASCII id, e.g. gemeente-utrecht-pilot.yml"
    )


@generated
def very_long_title(folder: Path) -> tuple[Path, str]:
    path = folder / "very-long-title.yml"
    path.write_text(
        _good_text("very-long-title").replace("title: Titel", "title: " + "x" * 100_000)
    )
    return path, "2:8: error: title: text is too long (100000 characters); at most 160"


@generated
def thousands_of_sources(folder: Path) -> tuple[Path, str]:
    # just under the size cap: the list itself must be refused, not the file
    path = folder / "thousands-of-sources.yml"
    items = "".join(f"  - {{key: k{i}, url: https://e.nl}}\n" for i in range(7_000))
    path.write_text(_good_text("thousands-of-sources").replace("sources:\n", "sources:\n" + items))
    assert path.stat().st_size < yamlsafe.MAX_BYTES
    return path, "17:3: error: sources: 7002 items is too many; expected at most 100"


def kinds() -> list[str]:
    return sorted(STATIC) + sorted(GENERATED)


def write_kind(name: str, folder: Path) -> tuple[Path, str]:
    """Write one hostile kind into `folder`; returns its path and the whole expected line."""
    if name in GENERATED:
        path, expected = GENERATED[name](folder)
    else:
        path = folder / f"{name}.yml"
        shutil.copyfile(INVALID / path.name, path)
        expected = STATIC[name]
    return path, f"{path}:{expected}"


def write_corpus(folder: Path) -> dict[str, str]:
    """Every kind plus the good case in one folder; kind -> expected line."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GOOD, folder / GOOD.name)
    return {name: write_kind(name, folder)[1] for name in kinds()}
