"""The corpus minimums of issue 12: declared once as data (`minimums.yml`), measured here over
validated cases, listed by `casebase stats` with their current value, met or not met.

Each entry counts cases or lessons and sets one bound:
- `cases: {field: [codes]}`: the cases with any of these codes in any of these fields (one
  match is enough); `{}` is every case. Fields: instrument, challenge, procedure, status,
  outcome, participant_type (a participant's organisation type) and identifier (a scheme the
  case gives an identifier of).
- `with: {lessons: n, events: n}`: of those, the cases with at least n lessons, n dated events.
- `lessons: {perspective: [codes]}`: the lessons with one of these perspectives.
- the bound: `min` (at least), `max` (at most) or `min_share` (at least this share of all cases).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import vocab

FILE = Path(__file__).with_name("minimums.yml")
SCHEMES = ("cpv", "ted", "tenderned", "ocid", "eforms_procedure_id")


def _identifiers(d: dict) -> Iterable[str]:
    return [s for s, v in (d.get("identifiers") or {}).items() if v and s in SCHEMES]


# Field of a `cases:` condition -> (the case's codes, the vocabulary they come from).
CASE_FIELDS: dict[str, tuple[Callable[[dict], Iterable[str]], str | None]] = {
    "instrument": (lambda d: d.get("instruments") or [], "instrument"),
    "challenge": (lambda d: d.get("challenges") or [], "challenge"),
    "procedure": (lambda d: [d["procedure"]] if d.get("procedure") else [], "procedure"),
    "status": (lambda d: [d["status"]] if d.get("status") else [], "status"),
    "outcome": (lambda d: [d["outcome"]] if d.get("outcome") else [], "outcome"),
    "participant_type": (
        lambda d: [p.get("organisation_type") for p in d.get("participants") or []],
        "organisation_type",
    ),
    "identifier": (_identifiers, None),
}
WITH = {"lessons": "lessons", "events": "events"}  # `with:` key -> the case's list


@dataclass(frozen=True)
class Minimum:
    id: str
    label: str
    cases: dict[str, list[str]] | None = None
    lessons: dict[str, list[str]] | None = None
    with_: dict[str, int] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    min_share: float | None = None

    def bound(self) -> str:
        """'>= 220', '<= 5', '>= 80%'."""
        if self.min_share is not None:
            return f">= {self.min_share:.0%}"
        return f"<= {self.max}" if self.max is not None else f">= {self.min}"


@dataclass(frozen=True)
class Measured:
    minimum: Minimum
    value: int  # matching cases or lessons
    total: int  # all cases (the base of a share)
    met: bool

    def shown(self) -> str:
        """The current value: '131', or for a share '78% (102 of 131)'."""
        if self.minimum.min_share is None:
            return str(self.value)
        share = self.value / self.total if self.total else 0.0
        return f"{share:.0%} ({self.value} of {self.total})"


def parse(entries: list[dict[str, Any]]) -> list[Minimum]:
    """Minimums from their declarations, every field and code checked (a typo would otherwise
    count nothing and read as 'not met')."""
    out = []
    for e in entries:
        bounds = [k for k in ("min", "max", "min_share") if k in e]
        if len(bounds) != 1 or ("cases" in e) == ("lessons" in e):
            raise ValueError(
                f"{e.get('id')}: give cases: or lessons:, and one of min, max, min_share"
            )
        for name, codes in (e.get("cases") or {}).items():
            if name not in CASE_FIELDS:
                raise ValueError(
                    f"{e['id']}: unknown field {name!r}; expected one of {list(CASE_FIELDS)}"
                )
            _check_codes(e["id"], CASE_FIELDS[name][1], codes)
        for name, codes in (e.get("lessons") or {}).items():
            if name != "perspective":
                raise ValueError(f"{e['id']}: lessons are counted by perspective only")
            _check_codes(e["id"], "perspective", codes)
        if set(e.get("with") or {}) - set(WITH):
            raise ValueError(f"{e['id']}: with: takes {list(WITH)}")
        out.append(
            Minimum(
                e["id"],
                e["label"],
                cases=e.get("cases"),
                lessons=e.get("lessons"),
                with_=e.get("with") or {},
                min=e.get("min"),
                max=e.get("max"),
                min_share=e.get("min_share"),
            )
        )
    return out


def _check_codes(entry: str, vocabulary: str | None, codes: list[str]) -> None:
    known = vocab.codes(vocabulary) if vocabulary else list(SCHEMES)
    for code in codes:
        if code not in known:
            raise ValueError(f"{entry}: unknown code {code!r}; expected one of {known}")


@cache
def declared() -> tuple[Minimum, ...]:
    """The minimums of minimums.yml."""
    return tuple(parse(yaml.safe_load(FILE.read_text(encoding="utf-8"))))


def _case_matches(m: Minimum, d: dict) -> bool:
    wanted = m.cases or {}
    if wanted and not any(
        set(CASE_FIELDS[name][0](d)) & set(codes) for name, codes in wanted.items()
    ):
        return False
    return all(len(d.get(WITH[key]) or []) >= n for key, n in m.with_.items())


def measure(cases: list[dict], minimums: Iterable[Minimum] | None = None) -> list[Measured]:
    """Each minimum over the data of `cases` (validated case dicts): value, and met or not."""
    out = []
    for m in declared() if minimums is None else minimums:
        if m.lessons is not None:
            codes = set(m.lessons.get("perspective") or [])
            value = sum(
                le.get("perspective") in codes for d in cases for le in d.get("lessons") or []
            )
        else:
            value = sum(_case_matches(m, d) for d in cases)
        if m.min_share is not None:
            met = bool(cases) and value / len(cases) >= m.min_share
        elif m.max is not None:
            met = value <= m.max
        else:
            met = value >= m.min
        out.append(Measured(m, value, len(cases), met))
    return out


def report(measured: list[Measured]) -> list[str]:
    """The lines of the stats section: each minimum, met or not met, its value and bound."""
    met = sum(r.met for r in measured)
    lines = [f"minimums (issue 12): {met} of {len(measured)} met"]
    for r in measured:
        status = "met" if r.met else "not met"
        lines.append(f"  {status:7}  {r.shown():>17}  {r.minimum.bound():>6}  {r.minimum.label}")
    return lines
