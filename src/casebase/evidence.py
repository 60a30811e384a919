"""The evidence rules of a case: every key fact, buyer, participant, event and lesson cites a
source of the case by its key with a quote (every official identifier occurs in the quote cited
for the identifiers, or in the address of that source when the source is the notice itself),
every description paragraph has a footnote, no placeholder or field name reaches readers, and
the start and end years agree with the events.

Shapes (a quote of 1-300 characters on one line, a key's pattern) are the schema's job; these
are the rules that relate one part of a file to another. Each returns `Problem`s.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import fields, render

if TYPE_CHECKING:
    from .documents import Document, Problem

# Text that stands in for a fact: never shown to readers.
PLACEHOLDER = re.compile(
    r"\b(TODO|TBD|FIXME|XXX)\b|lorem ipsum|https?://todo\b|\bexample\.(?:com|org|net)\b",
    re.IGNORECASE,
)
_SHOUTED = {"todo", "tbd", "fixme", "xxx"}  # only in capitals: "xxx" may be part of a code
# Substrings without which PLACEHOLDER cannot match: a quick look at the whole file first
# (a plain substring test is far cheaper than the regex over every value of every case). The
# look is at the UTF-8 bytes: lowering and searching bytes is ASCII-only and about twice as
# fast as on text with accents or curly quotes, and the hints are ASCII (no other character
# lowercases to an ASCII letter of a hint).
_PLACEHOLDER_HINTS = (b"todo", b"tbd", b"fixme", b"xxx", b"lorem ipsum", b"example.")
# Fields whose text readers see; a field name in them is an internal word.
READER_TEXT = (
    "title", "title_en", "summary", "summary_en", "description", "description_en",
    "review_note", "review_note_en", "place", "legal_basis",
)  # fmt: skip
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def _field_names() -> re.Pattern:
    names = {f.name for f in fields.SCALARS} | {"amount_eur", "buyer_type", "organisation_type"}
    names |= {"covers_en", "text_en", "value_kind", "source_key"}
    return re.compile(r"\b(" + "|".join(sorted(n for n in names if "_" in n)) + r")\b")


FIELD_NAME = _field_names()


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def rules(doc: Document) -> list[Problem]:
    d = doc.data
    out: list[Problem] = []
    keys: dict[str, int] = {}
    for i, src in enumerate(_list(d.get("sources"))):
        key = _dict(src).get("key")
        if isinstance(key, str):
            if key in keys:
                out.append(
                    doc.problem(
                        ("sources", i, "key"),
                        f"key {key!r} is already used by source {keys[key] + 1}; "
                        "expected a key unique in this case",
                    )
                )
            else:
                keys[key] = i
    out += _citations(doc, keys)
    out += _footnotes(doc, keys)
    lowered = doc.text.encode().lower()
    if any(hint in lowered for hint in _PLACEHOLDER_HINTS):
        out += _placeholders(doc, d, ())
    amount = _dict(d.get("value")).get("amount_eur")
    if amount == 0 and not isinstance(amount, bool):
        out.append(
            doc.problem(
                ("value", "amount_eur"),
                "an amount of 0 is a placeholder; leave value out when no source states an amount",
            )
        )
    out += _internal_words(doc)
    out += _years(doc)
    if d.get("review_note") and not d.get("review_note_en"):
        out.append(
            doc.problem(("review_note",), "a note without its English version; add review_note_en")
        )
    return out


def _check_key(doc: Document, path: tuple, key: Any, keys: dict[str, int]) -> list[Problem]:
    if not isinstance(key, str) or key in keys:
        return []  # not text: the schema says so
    known = ", ".join(keys) or "none (give each source a key)"
    return [doc.problem(path, f"no source with key {key!r}; expected one of: {known}")]


def _citations(doc: Document, keys: dict[str, int]) -> list[Problem]:
    d, out = doc.data, []
    cite = _dict(d.get("cite"))
    for fact in fields.stated_facts(d):
        if fact not in cite:
            out.append(
                doc.problem(
                    (fact,),
                    f"a key fact without a citation; add cite: {fact}: with the source key "
                    "and a quote that states it",
                    at_key=True,
                )
            )
    for fact, given in cite.items():
        if fact in fields.CITED_FACTS and d.get(fact) in (None, {}, []):
            out.append(
                doc.problem(
                    ("cite", fact),
                    f"cites {fact}, but the case does not state it; remove this citation or "
                    "add the fact",
                    at_key=True,
                )
            )
        out += _check_key(doc, ("cite", fact, "source"), _dict(given).get("source"), keys)
    for group in ("buyers", "participants", "lessons", "events"):
        for i, item in enumerate(_list(d.get(group))):
            out += _check_key(doc, (group, i, "source"), _dict(item).get("source"), keys)
    given = _dict(cite.get("identifiers"))
    if isinstance(given.get("quote"), str):
        source = given.get("source")
        i = keys.get(source) if isinstance(source, str) else None
        url = _dict(_list(d.get("sources"))[i]).get("url") if i is not None else None
        out += _quoted_identifiers(doc, given["quote"], url if isinstance(url, str) else "")
    return out


# Identifier schemes whose every value must occur in the quote of `cite: identifiers:`.
QUOTED_SCHEMES = ("cpv", "ted", "tenderned", "ocid", "eforms_procedure_id")


def _occurs(text: str, quote: str) -> bool:
    """`text` in `quote`, not as part of a longer number or word (123456 is not in 91234567)."""
    pattern = r"(?<![0-9A-Za-z])" + re.escape(text) + r"(?![0-9A-Za-z])"
    return re.search(pattern, " ".join(quote.split())) is not None


def _quoted_identifiers(doc: Document, quote: str, url: str) -> list[Problem]:
    """Each TED, TenderNed, ocid and eForms identifier occurs in the cited quote as written, or in
    the cited source's `url`: a copy of a notice often shows its number only in its own address
    (ted.europa.eu/...:NOTICE:157506-2017, tenderned.nl/.../168259), and the quote then names
    what the notice is for. A CPV code occurs in the quote by its eight digits (sources seldom
    print the check digit); an address never classifies a notice, so CPV needs the quote."""
    out = []
    ids = _dict(doc.data.get("identifiers"))
    for scheme in QUOTED_SCHEMES:
        values = ids.get(scheme)
        single = isinstance(values, str)
        for i, value in enumerate([values] if single else _list(values)):
            if not isinstance(value, str) or len(value) > 300:
                continue  # not text, or longer than any quote: the schema says what is wrong
            path = ("identifiers", scheme) if single else ("identifiers", scheme, i)
            if scheme == "cpv":
                digits = value.split("-")[0]
                if not _occurs(digits, quote):
                    out.append(
                        doc.problem(
                            path,
                            f"{digits} (of CPV code {value}) does not occur in the quote of "
                            "cite: identifiers; quote the words of the source that give this code",
                        )
                    )
            elif not (_occurs(value, quote) or _occurs(value, url)):
                out.append(
                    doc.problem(
                        path,
                        f"{value} occurs neither in the quote of cite: identifiers nor in its "
                        "source's url; quote the words of the source that give this identifier",
                    )
                )
    return out


def _footnotes(doc: Document, keys: dict[str, int]) -> list[Problem]:
    out = []
    for field in ("description", "description_en"):
        text = doc.data.get(field)
        if not isinstance(text, str):
            continue
        start = counted = line = 0
        for paragraph in _PARAGRAPHS.split(text):
            at = text.find(paragraph, start)
            line += text.count("\n", counted, at)  # newlines before `at`, counted once
            counted, start = at, at + len(paragraph)
            if not paragraph.strip():
                continue
            found = render.footnote_keys(paragraph)
            if not found:
                out.append(
                    doc.problem(
                        (field,),
                        "a paragraph without a source; end it with a footnote marker such as "
                        f"[^{next(iter(keys), 'source-key')}]",
                        lines=line,
                    )
                )
            for key in found:
                if key not in keys:
                    known = ", ".join(keys) or "none"
                    out.append(
                        doc.problem(
                            (field,),
                            f"footnote [^{key}] names no source; expected one of: {known}",
                            lines=line,
                        )
                    )
    return out


def _placeholders(doc: Document, value: Any, path: tuple) -> list[Problem]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _placeholders(doc, v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _placeholders(doc, v, (*path, i))]
    if isinstance(value, str):
        for found in PLACEHOLDER.finditer(value):
            word = found.group(0)
            if word.lower() in _SHOUTED and not word.isupper():
                continue
            return [
                doc.problem(
                    path,
                    f"placeholder text {word!r}; write what a source states, or leave the "
                    "field out",
                )
            ]
    return []


def _internal_words(doc: Document) -> list[Problem]:
    d, out = doc.data, []
    texts = [((f,), d.get(f)) for f in READER_TEXT]
    for group in ("lessons", "events"):
        for i, item in enumerate(_list(d.get(group))):
            texts += [((group, i, k), _dict(item).get(k)) for k in ("text", "text_en")]
    for path, text in texts:
        # every field name has an underscore, which reader text seldom has: test that first
        if isinstance(text, str) and "_" in text and (found := FIELD_NAME.search(text)):
            out.append(
                doc.problem(
                    path,
                    f"{found.group(0)!r} is a field name, and readers see this text; "
                    "say it in words",
                )
            )
    return out


# Event kinds that can follow the end of a trajectory without contradicting its year_end.
AFTERWARDS = frozenset({"review", "evaluated", "decision"})


def _years(doc: Document) -> list[Problem]:
    d, out = doc.data, []
    events = _list(d.get("events"))
    dated = [
        (int(e["date"][:4]), i)
        for i, e in enumerate(events)
        if isinstance(e, dict) and isinstance(e.get("date"), str) and e["date"][:4].isdigit()
    ]
    if not dated:
        return out
    start, end = d.get("year_start"), d.get("year_end")
    first = min(dated)
    # a review, an evaluation or a later decision (an arbitration) may come after the end
    during = [y for y in dated if events[y[1]].get("kind") not in AFTERWARDS]
    last = max(during, default=(0, 0))
    if isinstance(start, int) and not isinstance(start, bool) and start > first[0]:
        out.append(
            doc.problem(
                ("year_start",),
                f"{start} is after the earliest event ({first[0]}, events[{first[1]}]); the "
                "start year is the first documented public step",
            )
        )
    stopped = d.get("status") in ("completed", "stopped")
    if stopped and isinstance(end, int) and not isinstance(end, bool) and end < last[0]:
        out.append(
            doc.problem(
                ("year_end",),
                f"{end} is before the last event ({last[0]}, events[{last[1]}]); expected "
                f"a year_end of {last[0]} or later",
            )
        )
    return out
