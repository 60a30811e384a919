"""Generate a synthetic, schema-valid corpus of case files for benchmarks.

Deterministic (seeded), with realistic field sizes and multi-valued fields drawn from the real
vocabularies. Usage: python bench/generate.py OUT_DIR N [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from pathlib import Path

from casebase import vocab

WORDS = (
    "gemeente provincie waterschap ministerie aanbesteding marktconsultatie pilot proeftuin "
    "innovatie partnerschap dialoog leverancier inkoper woningen energie warmtenet zonnepanelen "
    "laadpalen klimaat circulair bouw renovatie software platform open standaard hergebruik "
    "samenwerking contract agile sprint prototype evaluatie uitvoering beleid burgers data "
    "digitale dienstverlening wijk school zorg mobiliteit brug kademuur dijk netbeheer opslag"
).split()
WORDS_EN = (
    "municipality province water board ministry tender market consultation pilot field lab "
    "innovation partnership dialogue supplier buyer homes energy heat network solar panels "
    "charging climate circular construction renovation software platform open standard reuse "
    "cooperation contract agile sprint prototype evaluation delivery policy citizens data"
).split()


# Filler vocabulary with a Zipf-like distribution, so that domain words are not in every
# case: a search for a domain word matches a realistic share of the corpus, not all of it.
_SYLLABLES = [
    "ka",
    "de",
    "mo",
    "ri",
    "pa",
    "lo",
    "ve",
    "ni",
    "stra",
    "ten",
    "be",
    "ho",
    "gen",
    "ler",
]
FILLER = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "n", "s", "ing", "heid")][
    :900
]
_FILLER_CUM = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(FILLER))))


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    # about one word in five is a domain word from this case's topic, the rest filler
    picked = rng.choices(FILLER, cum_weights=_FILLER_CUM, k=n)
    for i in range(0, n, 5):
        picked[i] = rng.choice(words)
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, words, sentences) -> str:
    return " ".join(sentence(rng, words, rng.randint(8, 18)) for _ in range(sentences))


def case(i: int, rng: random.Random, ids: list[str]) -> dict:
    year = rng.randint(2005, 2025)
    cid = ids[i]
    # each case is about a few topics: a small subset of the domain words
    nl_words, en_words = rng.sample(WORDS, 6), rng.sample(WORDS_EN, 6)

    def cite() -> dict:
        return {"source": "s0", "quote": sentence(rng, nl_words, 10)}

    data = {
        "id": cid,
        "title": " ".join(rng.sample(nl_words, 4)).capitalize(),
        "title_en": " ".join(rng.sample(en_words, 4)).capitalize(),
        "summary": paragraph(rng, nl_words, 3),
        "summary_en": paragraph(rng, en_words, 3),
        "description": "\n\n".join(
            paragraph(rng, nl_words, 4) + " [^s0]" for _ in range(rng.randint(1, 4))
        ),
        "country": rng.choice(["NL"] * 8 + ["BE", "DE", "SE", "ES", "FI"]),
        "buyers": [
            {
                "name": f"Gemeente {rng.choice(WORDS).title()} {rng.randint(1, 400)}",
                "buyer_type": rng.choice(vocab.codes("buyer_type")),
                **cite(),
            }
            for _ in range(rng.choice([1, 1, 1, 2, 3]))
        ],
        "participants": [
            {
                "name": f"{rng.choice(WORDS).title()} BV {rng.randint(1, 2000)}",
                "organisation_type": rng.choice(vocab.codes("organisation_type")),
                "role": rng.choice(vocab.codes("role")),
                **cite(),
            }
            for _ in range(rng.randint(0, 3))
        ],
        "instruments": rng.sample(vocab.codes("instrument"), rng.randint(1, 4)),
        "challenges": rng.sample(vocab.codes("challenge"), rng.randint(1, 3)),
        "procedure": rng.choice(vocab.codes("procedure")),
        "status": rng.choice(vocab.codes("status")),
        "outcome": rng.choice(vocab.codes("outcome")),
        "year_start": year,
        "lessons": [
            {
                "text": sentence(rng, nl_words, 14),
                "text_en": sentence(rng, en_words, 14),
                "perspective": rng.choice(vocab.codes("perspective")),
                **cite(),
            }
            for _ in range(rng.randint(0, 4))
        ],
        "related": [
            {"case": rng.choice(ids), "relation": "see-also"} for _ in range(rng.randint(0, 2))
        ],
        "identifiers": {"cpv": [rng.choice(["72000000-5", "48000000-8", "73000000-2"])]},
        "sources": [
            {
                "key": f"s{s}",
                "url": f"https://bron.test/bron/{i}/{s}",
                "title": sentence(rng, nl_words, 6)[:-1],
                "publisher": "Voorbeeld",
                "date": f"{year}-{rng.randint(1, 12):02d}",
            }
            for s in range(rng.randint(1, 4))
        ],
        "confidence": "high",
        "last_reviewed": "2026-11-01",
    }
    if rng.random() < 0.5:
        data["year_end"] = min(year + rng.randint(0, 5), 2026)
    last = data.get("year_end", year)
    data["events"] = [
        {
            "date": f"{rng.randint(year, last)}-{rng.randint(1, 12):02d}",
            "kind": rng.choice(vocab.codes("event_kind")),
            "text": sentence(rng, nl_words, 8),
            "text_en": sentence(rng, en_words, 8),
            **cite(),
        }
        for _ in range(rng.randint(0, 3))
    ]
    facts = ("year_start", "year_end", "status", "outcome", "procedure")
    data["cite"] = {f: cite() for f in facts if f in data}
    # identifiers are cited facts, their code in the quote (no random draw: the rest is unchanged)
    cpv = data["identifiers"]["cpv"][0]
    data["cite"]["identifiers"] = {"source": "s0", "quote": f"CPV-code {cpv[:8]}"}
    data["related"] = [r for r in data["related"] if r["case"] != cid]
    return data


def to_yaml(data: dict) -> str:
    """Block-style YAML with JSON-quoted scalars: valid YAML, typical of hand-written files."""
    lines = ["# yaml-language-server: $schema=../schema/case.schema.json"]

    def emit(key, value, indent):
        pad = "  " * indent
        if isinstance(value, list):
            if value and isinstance(value[0], dict):
                lines.append(f"{pad}{key}:")
                for item in value:
                    first = True
                    for k, v in item.items():
                        prefix = f"{pad}  - " if first else f"{pad}    "
                        lines.append(f"{prefix}{k}: {json.dumps(v, ensure_ascii=False)}")
                        first = False
            else:
                lines.append(f"{pad}{key}: {json.dumps(value, ensure_ascii=False)}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            for k, v in value.items():
                emit(k, v, indent + 1)
        elif isinstance(value, str) and len(value) > 80:
            lines.append(f"{pad}{key}: >-")
            for para in value.split("\n\n"):
                lines.append(f"{pad}  {para}")
                lines.append("")
            lines.pop()
        else:
            lines.append(f"{pad}{key}: {json.dumps(value, ensure_ascii=False)}")

    for key, value in data.items():
        emit(key, value, 0)
    return "\n".join(lines) + "\n"


def generate(out: Path, n: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    ids = [f"synthetische-case-{i:06d}" for i in range(n)]
    paths = []
    for i in range(n):
        path = out / f"{ids[i]}.yml"
        path.write_text(to_yaml(case(i, rng, ids)), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.n, args.seed)
