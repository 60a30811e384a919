"""The commented case skeleton written by `casebase new`, and the questions it asks.

On a terminal `casebase new` asks for what it was not given as options (title, buyer, buyer
type, instruments, challenges), listing the allowed codes with their labels; elsewhere (scripts,
CI) it uses the options only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import click

from . import rows, schema, vocab


def choices(name: str) -> list[str]:
    return vocab.codes(name)


def valid_id(case_id: str) -> bool:
    return bool(re.match(schema.ID_PATTERN, case_id)) and len(case_id) <= 80


def _codes_comment(name: str) -> str:
    return ", ".join(choices(name))


def _q(value: str | None, placeholder: str) -> str:
    # json.dumps gives a valid double-quoted YAML string for any text.
    return json.dumps(value if value else placeholder, ensure_ascii=False)


def render(
    case_id: str,
    title: str | None = None,
    title_en: str | None = None,
    buyer: str | None = None,
    buyer_type: str | None = None,
    instruments: list[str] | None = None,
    challenges: list[str] | None = None,
) -> str:
    inst = ", ".join(instruments or []) or "TODO"
    chal = ", ".join(challenges or []) or "TODO"
    return f"""# yaml-language-server: $schema=../schema/case.schema.json
# Fill in every TODO; remove optional fields you cannot source. Then: casebase validate
# Truth rule: every fact comes from a source listed under `sources`, and cites it: a source key
# and a quote, the source's own words. Write everything else in your own words.
id: {case_id}
title: {_q(title, "TODO Nederlandse titel")}
title_en: {_q(title_en, "TODO English title")}
summary: >-  # Dutch, 2-5 sentences
  TODO Samenvatting in het Nederlands.
summary_en: >-  # English, 2-5 sentences
  TODO Summary in English.
description: |  # optional, Dutch Markdown; end every paragraph with its source: [^source-key]
  TODO [^TODO]
language: nl  # language the case was first written in: nl or en
country: NL  # ISO 3166-1 alpha-2 code of the (lead) buyer
place: TODO  # optional: city or region
buyers:  # one or more contracting authorities, each with the source that names it
  - name: {_q(buyer, "TODO naam aanbestedende dienst")}
    buyer_type: {buyer_type or "TODO"}  # {_codes_comment("buyer_type")}
    source: TODO  # key of a source below
    quote: "TODO the source's words that name this buyer"
participants:  # optional: suppliers, knowledge institutions, intermediaries named by a source
  - name: TODO
    organisation_type: TODO  # {_codes_comment("organisation_type")}
    role: TODO  # {_codes_comment("role")}
    source: TODO
    quote: "TODO the source's words that state its role"
instruments: [{inst}]  # one or more: {_codes_comment("instrument")}
challenges: [{chal}]  # one or more: {_codes_comment("challenge")}
procedure: TODO  # optional, only when a source states it: {_codes_comment("procedure")}
legal_basis: TODO  # optional, only when a source states it
status: TODO  # {_codes_comment("status")}
outcome: TODO  # optional: {_codes_comment("outcome")}
year_start: TODO  # optional: year of the first documented public step; leave out if unknown
year_end: TODO  # optional: only when it ended
value:  # optional: one headline amount that a source states
  amount_eur: TODO
  kind: TODO  # {_codes_comment("value_kind")}
  covers: TODO wat het bedrag omvat
  covers_en: TODO what the amount covers
cite:  # the source and its words for each key fact above; remove the lines of facts you left out
  status: {{source: TODO, quote: "TODO"}}
  outcome: {{source: TODO, quote: "TODO"}}
  year_start: {{source: TODO, quote: "TODO"}}
  year_end: {{source: TODO, quote: "TODO"}}
  procedure: {{source: TODO, quote: "TODO"}}
  value: {{source: TODO, quote: "TODO"}}
events:  # optional, oldest first: dated steps that a source documents
  - date: "TODO"  # YYYY, YYYY-MM or YYYY-MM-DD
    kind: TODO  # {_codes_comment("event_kind")}
    text: TODO wat er gebeurde
    text_en: TODO what happened
    source: TODO
    quote: "TODO"
lessons:  # optional: lessons that a source draws (not our own conclusions)
  - text: TODO les in het Nederlands
    text_en: TODO lesson in English
    perspective: TODO  # only when the source says whose lesson it is: {_codes_comment("perspective")}
    source: TODO
    quote: "TODO the source's words that draw this lesson"
related: []  # optional: - {{case: other-id, relation: see-also}}; relations: {_codes_comment("relation")}
identifiers: {{}}  # optional: cpv: [72000000-5], ted: [554113-2024], tenderned: ["123456"], ocid: ...; cite them under cite: identifiers: (each in the quote)
sources:  # at least one; two independent sources are better
  - key: TODO  # short and unique in this case, e.g. nrc-2019-07-16
    url: https://TODO
    title: TODO
    publisher: TODO
    date: "TODO"  # publication date: YYYY, YYYY-MM or YYYY-MM-DD
confidence: high  # {_codes_comment("confidence")}
last_reviewed: "TODO"  # YYYY-MM-DD: the day you checked every fact against its source
"""


@dataclass
class Answers:
    case_id: str | None = None
    title: str | None = None
    title_en: str | None = None
    buyer: str | None = None
    buyer_type: str | None = None
    instruments: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)


def code_list(name: str) -> str:
    """Numbered list of the allowed codes with their Dutch and English labels."""
    terms = vocab.terms_by_code(name)
    return "\n".join(
        f"  {i:>2}  {code:<32} {terms[code]['label_nl']} / {terms[code]['label_en']}"
        for i, code in enumerate(choices(name), 1)
    )


def parse_codes(name: str, text: str, many: bool = True) -> list[str]:
    """Codes from what someone typed: codes or list numbers, separated by commas or spaces."""
    allowed = choices(name)
    out: list[str] = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        if token.isdigit() and 1 <= int(token) <= len(allowed):
            token = allowed[int(token) - 1]
        if token not in allowed:
            raise click.BadParameter(f"{token!r} is not one of the codes or numbers listed")
        if token not in out:
            out.append(token)
    if not many and len(out) > 1:
        raise click.BadParameter("choose one")
    return out


def _ask_codes(name: str, question: str, many: bool) -> list[str]:
    click.echo(f"\n{question}\n{code_list(name)}")
    hint = "numbers or codes, separated by commas" if many else "a number or code"
    return click.prompt(
        f"{question} ({hint}; Enter to fill in later)",
        default="",
        show_default=False,
        value_proc=lambda text: parse_codes(name, text, many),
    )


def ask(given: Answers) -> Answers:
    """Ask for everything not given; Enter leaves a field as TODO in the file."""

    def text(question: str, value: str | None) -> str | None:
        if value:
            return value
        return click.prompt(question, default="", show_default=False).strip() or None

    a = Answers(**given.__dict__)
    a.title = text("Titel (Nederlands)", a.title)
    a.title_en = text("Title (English)", a.title_en)
    a.buyer = text("Aanbestedende dienst / buyer", a.buyer)
    if not a.buyer_type:
        a.buyer_type = next(
            iter(_ask_codes("buyer_type", "Soort overheid / buyer type", False)), None
        )
    if not a.instruments:
        a.instruments = _ask_codes("instrument", "Instrumenten / instruments", True)
    if not a.challenges:
        a.challenges = _ask_codes("challenge", "Maatschappelijke opgaven / challenges", True)
    if not a.case_id:
        suggestion = rows.slug(a.title)[:60].strip("-") if a.title else None

        def check_id(value: str) -> str:
            if not valid_id(value):
                raise click.BadParameter(
                    "lowercase letters, digits and hyphens, e.g. gemeente-utrecht-pilot"
                )
            return value

        a.case_id = click.prompt("Id (file name)", default=suggestion, value_proc=check_id)
    return a
