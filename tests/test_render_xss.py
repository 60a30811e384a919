"""The XSS payload corpus (tests/xss_payloads.py) against the code that turns case text into HTML:
render.markdown (markdown-it without HTML, then nh3) and search.highlight (escaped <mark> snippets).
Payloads that validation refuses (so the browser fixture cannot carry them) are included here.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from casebase import render, search, text

from . import xss_payloads as X

ALL = [*X.PAYLOADS, *X.REFUSED.items()]
BASE = "https://casebase.example/case/x"
SAFE_SCHEMES = {"http", "https", "mailto"}


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser.found


def browser_scheme(url: str) -> str:
    """The scheme a browser would follow: it drops leading C0 controls and spaces and every tab
    or newline before parsing, then resolves relative URLs against the page."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 \x0b\x0c")
    return urlsplit(urljoin(BASE, cleaned)).scheme.lower()


@pytest.mark.parametrize(("slug", "payload"), ALL, ids=[slug for slug, _ in ALL])
def test_markdown_keeps_payloads_inert(slug, payload):
    out = str(render.markdown(payload))
    for tag, attrs in elements(out):
        assert tag in render._TAGS, (tag, out)
        assert set(attrs) <= render._ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, attrs)
        if "href" in attrs:
            assert browser_scheme(attrs["href"] or "") in SAFE_SCHEMES, (attrs["href"], out)
    assert "<script" not in out.lower()


def test_only_http_https_and_mailto_links_survive():
    links = {
        "[a](https://bron.test/a)": "https://bron.test/a",
        "[b](http://bron.test/b)": "http://bron.test/b",
        "[c](mailto:inkoop@bron.test)": "mailto:inkoop@bron.test",
        "<https://bron.test/auto>": "https://bron.test/auto",
    }
    for source, href in links.items():
        found = [a.get("href") for tag, a in elements(str(render.markdown(source))) if tag == "a"]
        assert found == [href], source
    refused = [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        "![x](https://bron.test/tracker.png)",  # no images at all
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x](ftp://bron.test/file)",
    ]
    for source in refused:
        tags = elements(str(render.markdown(source)))
        assert not [a for _, a in tags if "href" in a or "src" in a], (source, tags)


def test_link_attributes_are_escaped_and_links_get_rel():
    out = str(render.markdown('[klik](https://bron.test "\\" onmouseover=\\"x")'))
    ((tag, attrs),) = [e for e in elements(out) if e[0] == "a"]
    assert attrs["title"] == '" onmouseover="x'  # a value, not a new attribute
    assert set(attrs) == {"href", "title", "rel"}
    assert attrs["rel"] == "noopener noreferrer nofollow"


@pytest.mark.parametrize(("slug", "payload"), X.PAYLOADS, ids=[slug for slug, _ in X.PAYLOADS])
def test_plain_text_of_markdown_is_text_to_escape(slug, payload):
    """render.plain gives text (escaped later by Jinja, ElementTree or highlight)."""
    out = render.plain(payload)
    assert "\n" not in out
    if slug in {"script", "img-onerror", "close-textarea", "attr-double"}:
        assert out == payload  # raw HTML in Markdown is text, kept character for character


@pytest.mark.parametrize(("slug", "payload"), X.PAYLOADS, ids=[slug for slug, _ in X.PAYLOADS])
def test_highlight_marks_words_and_escapes_the_rest(slug, payload):
    source = X.single_line(payload)
    words = text.words(source)
    query = words[0] if words else "xss"
    out = search.highlight(source, query)
    assert {tag for tag, attrs in elements(out)} <= {"mark"}
    assert all(not attrs for _, attrs in elements(out))
    assert html.unescape(re.sub(r"</?mark>", "", out)) == source.strip()


def test_the_fixture_is_the_generated_corpus():
    """tests/fixtures/xss matches tests/xss_payloads.py (regenerate: python tests/xss_payloads.py)."""
    for rel, content in X.files().items():
        assert (X.FIXTURE / rel).read_text(encoding="utf-8") == content, rel
    on_disk = {p.relative_to(X.FIXTURE).as_posix() for p in X.FIXTURE.glob("*/*.yml")}
    assert on_disk == set(X.files())
    assert len(X.PAYLOADS) == len({slug for slug, _ in X.PAYLOADS}) >= 60
