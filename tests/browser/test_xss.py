"""XSS payloads (tests/xss_payloads.py) in real Chromium against a real `casebase serve`.

Two layers, tested apart:
- Escaping: in a context with the CSP switched off (`bypass_csp`), no payload may run (no dialog,
  `window.__xss` unset) and the DOM may hold no event-handler attribute, no script, frame or
  object we did not write, and no link or source with a scheme other than http(s)/mailto. Plain
  text fields must show the payload as text, character for character.
- CSP: with the policy on, the site's and Datasette's pages raise no violation (the policy is one
  they satisfy, Datasette's inline scripts run), and an injected handler is blocked.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest

from casebase.plugins import security

from .. import xss_payloads as X

TEXTS = [X.single_line(p) for _, p in X.PAYLOADS]
CASES = [X.case_id(n, slug) for n, (slug, _) in enumerate(X.PAYLOADS, 1)]
# Datasette's pages share one escaping path (Jinja autoescape); they get the payloads that try to
# leave an element, attribute or string, not all of them (each SQL page loads an editor: slow).
BREAKOUT = {
    "script", "img-onerror", "svg-onload", "attr-double", "attr-single", "attr-unquoted",
    "js-string-2", "close-textarea", "close-title", "close-script", "close-style",
    "html-comment", "cdata", "noscript-mxss", "math-mxss", "entities-named", "jinja-expr",
    "line-separator",
}  # fmt: skip
SOME = [
    (c, t) for c, t, (slug, _) in zip(CASES, TEXTS, X.PAYLOADS, strict=True) if slug in BREAKOUT
]

# Everything in the DOM that could run code or leave the page. `allowed` are the inline scripts
# Datasette writes itself; the site's pages (`ours`) may have no script and no inline style.
# `viewer`: a JSON or XML response, shown by Chromium's own text viewer (which styles a <pre>).
INERT_JS = """({allowed, ours, viewer}) => {
  const bad = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background',
                    'poster', 'srcset', 'ping', 'manifest', 'codebase', 'cite'];
  const dangerous = 'iframe, frame, object, embed, base, applet, meta[http-equiv], ' +
                    'link[rel~="import"], math, svg script, portal, template';
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.localName} ${name}=${a.value}`);
      if (name === 'srcdoc') bad.push(`${el.localName} srcdoc`);
      if (name === 'style' && ours && !viewer) bad.push(`${el.localName} style=${a.value}`);
      if (urlAttrs.includes(name)) {
        let scheme;
        try { scheme = new URL(a.value, document.baseURI).protocol; } catch (e) { scheme = 'bad:'; }
        if (!['http:', 'https:', 'mailto:'].includes(scheme)) {
          bad.push(`${el.localName} ${name}=${a.value}`);
        }
      }
    }
  }
  for (const el of document.querySelectorAll(dangerous)) bad.push(`element ${el.localName}`);
  for (const form of document.forms) {
    if (new URL(form.action, document.baseURI).origin !== location.origin) bad.push('form ' + form.action);
  }
  for (const s of document.querySelectorAll('script')) {
    if (ours) { bad.push('script on a site page'); continue; }
    if (s.src) {
      if (new URL(s.src).origin !== location.origin) bad.push('script ' + s.src);
    } else if (!allowed.includes(s.textContent)) {
      bad.push('inline script ' + s.textContent.slice(0, 80));
    }
  }
  if (ours && document.querySelector('style')) bad.push('style element on a site page');
  return bad;
}"""


class Visitor:
    """A page with the CSP bypassed that records dialogs and checks each visit is inert."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.message}")
        dialog.dismiss()

    def visit(self, path: str, ours: bool = True, viewer: bool = False) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, path
        self.assert_inert(path, ours, viewer)

    def assert_inert(self, path: str, ours: bool, viewer: bool = False) -> None:
        page = self.page
        assert page.evaluate("() => typeof window.__xss") == "undefined", path
        assert not self.dialogs, self.dialogs
        allowed = list(security.datasette_scripts())
        found = page.evaluate(INERT_JS, {"allowed": allowed, "ours": ours, "viewer": viewer})
        assert not found, (path, found[:10])


@pytest.fixture(scope="module")
def visitor(browser, xss_server):
    context = browser.new_context(base_url=xss_server, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visitor(page)
    context.close()


def texts_of(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_case_pages_show_every_payload_as_text(visitor, lang):
    page = visitor.page
    suffix = "?_lang=en" if lang == "en" else ""
    for case_id, text in zip(CASES, TEXTS, strict=True):
        visitor.visit(f"/case/{case_id}{suffix}")
        summary = text + (
            " Summary with an attack text."
            if lang == "en"
            else " Samenvatting met een aanvalstekst."
        )
        assert page.locator("#case-title").text_content() == text, case_id
        assert page.locator("p.lead").text_content() == summary, case_id
        assert page.locator("p.notice").text_content().endswith(" " + text), case_id
        assert page.locator(".lesson-list .lesson-text").last.text_content() == text, case_id
        # quotes are shown as text too (on hover, focus and in print)
        assert page.locator(".lesson-list .quote q").last.text_content() == text[:300], case_id
        facts = page.locator("section.facts").text_content()
        # buyer, participant, legal basis, place, value covers (and the ocid when it has no spaces)
        assert facts.count(text) >= 5, (case_id, facts)
        assert page.locator("span.covers").text_content() == text, case_id
        sources = page.locator("section.sources li")
        assert sources.nth(0).locator("a").text_content() == text, case_id
        assert sources.nth(0).text_content().count(text) == 2, case_id  # title and publisher
        assert sources.nth(1).locator("a").get_attribute("href") == X.HOSTILE_URL, case_id
        assert page.locator(".prose").count() == 1, case_id


def test_search_results_highlight_payload_words_as_text(visitor):
    page = visitor.page
    for word in ["script", "onerror", "javascript", "alert", "svg", "iframe", "style", "xss"]:
        for page_no in (1, 2):
            visitor.visit(f"/zoeken?q={word}&page={page_no}")
            titles = texts_of(page, ".result-list .case-card-title a")
            # highlighting trims the title (U+2028 counts as white space)
            assert set(titles) <= {t.strip() for t in TEXTS}, (word, titles)
            if page_no == 1:
                assert titles, word
                marks = {m.lower() for m in texts_of(page, ".result-list mark")}
                assert word in marks or word + "s" in marks, (word, marks)
    visitor.visit("/zoeken?q=script&_lang=en")
    assert X.single_line(X.PAYLOADS[0][1]) in texts_of(page, ".case-card-title a")


def test_search_reflects_every_payload_as_the_query(visitor):
    page = visitor.page
    for text in TEXTS:
        visitor.visit("/zoeken?" + urlencode({"q": text}))
        q = " ".join(text.split())  # the search collapses white space in the query
        assert page.locator("#q").input_value() == q
        assert page.title().startswith(q), (text, page.title())


def test_collection_lessons_and_listing_pages(visitor):
    page = visitor.page
    collection = X.collection()
    for suffix, title in (("", collection["title"]), ("?_lang=en", collection["title_en"])):
        visitor.visit(f"/collectie/{X.COLLECTION}{suffix}")
        assert page.locator("h1").text_content() == title
        assert set(texts_of(page, ".reading-list .case-card-title a")) == set(TEXTS)
        assert page.locator(".prose.intro").inner_text().strip()
    for path in [
        "/",
        "/?_lang=en",
        "/collecties",
        "/begrippen",
        "/begrip/instrument/pilot",
        "/api",
    ]:
        visitor.visit(path)
    lessons: set[str] = set()
    for path in ["/lessen", "/lessen?page=2", "/lessen?_lang=en", "/lessen?page=2&_lang=en"]:
        visitor.visit(path)
        lessons |= set(texts_of(page, ".lesson-list .lesson > p:not(.lesson-source)"))
    assert lessons == set(TEXTS)


def test_not_found_pages_reflect_payloads_safely(visitor):
    page = visitor.page
    for text in TEXTS[:20]:
        for path in ["/case/" + quote(text, safe=""), "/casebase/" + quote(text, safe="")]:
            response = page.goto(path)
            assert response is not None and response.status == 404, path
            visitor.assert_inert(path, ours=True)


def test_feeds_and_api_json_in_the_browser(visitor):
    page = visitor.page
    for path in [
        "/feed.atom",
        "/feed.atom?_lang=en",
        "/feed/instrument/pilot.atom",
        "/sitemap.xml",
    ]:
        visitor.visit(path, viewer=True)
    visitor.visit("/api/v1/cases?limit=200", viewer=True)
    body = json.loads(page.locator("body").inner_text())
    assert {c["title"] for c in body["cases"]} == set(TEXTS)
    for case_id in CASES[:10]:
        visitor.visit(f"/api/v1/cases/{case_id}", viewer=True)


def test_datasette_pages(visitor):
    page = visitor.page
    for table in ["cases", "lessons", "sources", "organisations", "case_participants"]:
        visitor.visit(f"/casebase/{table}?_size=200", ours=False)
    names = {t.strip() for t in texts_of(page, "td.col-name")}
    assert names == {f"{t} (leverancier)".strip() for t in TEXTS}  # case_participants
    visitor.visit("/casebase/identifiers?_size=200", ours=False)
    visitor.visit("/casebase/collections", ours=False)
    for case_id, text in SOME:
        visitor.visit(f"/casebase/cases/{case_id}", ours=False)
        assert page.locator("td.col-title").text_content().strip() == text.strip()
    for word in ["script", "onerror", "javascript"]:
        visitor.visit(f"/casebase/cases?_search={word}", ours=False)
        assert page.locator("table.rows-and-columns tbody tr").count() > 0, word


def test_datasette_search_and_sql_reflect_payloads_safely(visitor):
    page = visitor.page
    assert len(SOME) == len(BREAKOUT)
    for _, text in SOME:
        visitor.visit("/casebase/cases?" + urlencode({"_search": text}), ours=False)
        assert page.locator("input#_search").input_value() == text
        visitor.visit("/casebase?" + urlencode({"sql": "select :p as p", "p": text}), ours=False)
        assert page.locator("td.col-p").text_content().strip() == text.strip()
    sql = "select id, title, description_markdown, review_note from cases"
    visitor.visit("/casebase?" + urlencode({"sql": sql}), ours=False)
    assert page.locator("table.rows-and-columns tbody tr").count() == len(TEXTS)


# --- the CSP with the policy on ---------------------------------------------------------------

WATCH_CSP = """document.addEventListener('securitypolicyviolation', e => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
});"""


@pytest.fixture(scope="module")
def csp_page(browser, xss_server):
    context = browser.new_context(base_url=xss_server)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    yield page, console
    context.close()


def violations(page, console: list[str]) -> list[str]:
    return (page.evaluate("() => window.__csp || []")) + [
        m for m in console if "Content Security Policy" in m
    ]


CSP_PAGES = [
    "/",
    "/?_lang=en",
    "/zoeken?q=script",
    f"/case/{CASES[0]}",
    f"/case/{CASES[0]}?_lang=en",
    f"/collectie/{X.COLLECTION}",
    "/collecties",
    "/begrippen",
    "/begrip/instrument/pilot",
    "/lessen",
    "/api",
    "/no-such-page",
    "/casebase",
    "/casebase/cases",
    "/casebase/cases?_search=script",
    "/casebase/cases?_facet=place",
    f"/casebase/cases/{CASES[0]}",
    "/casebase/lessons",
    "/casebase?sql=select+id,+title+from+cases",
    "/casebase/no_such_table",
]


def test_no_csp_violations_and_datasette_scripts_run(csp_page):
    page, console = csp_page
    for path in CSP_PAGES:
        console.clear()
        page.goto(path)
        assert violations(page, console) == [], path
        assert page.evaluate("() => typeof window.__xss") == "undefined", path
    # Datasette's inline scripts ran under the policy: the SQL editor and the table menu work.
    page.goto("/casebase?sql=select+id+from+cases")
    assert page.locator(".CodeMirror").count() == 1
    page.goto("/casebase/cases")
    assert page.evaluate("() => DATASETTE_ALLOW_FACET") is True
    page.locator("th.col-title svg.dropdown-menu-icon").click()
    assert page.locator(".dropdown-menu").first.is_visible()
    assert violations(page, console) == []


@pytest.mark.parametrize("path", ["/", f"/case/{CASES[0]}", "/casebase/cases"])
def test_the_csp_blocks_an_injected_handler(csp_page, path):
    """Defence in depth: were escaping to fail, an inline handler would still not run."""
    page, console = csp_page
    page.goto(path)
    page.evaluate(
        """() => { document.body.insertAdjacentHTML('beforeend',
              '<img src="/nope.png" onerror="window.__hole=1">');
           const s = document.createElement('script'); s.textContent = 'window.__hole=2';
           document.body.append(s); }"""
    )
    page.wait_for_function("() => (window.__csp || []).length >= 2")
    assert page.evaluate("() => typeof window.__hole") == "undefined"
    assert all(v.startswith("script-src") for v in page.evaluate("() => window.__csp"))
