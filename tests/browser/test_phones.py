"""Phones first, in real Chromium over the bundled corpus: no page is wider than the screen
(every sitemap URL in Dutch and English at 390 px, each page type at 320 px), and on the search
page the results come before the filters."""

from __future__ import annotations

import re
import urllib.request
import xml.etree.ElementTree as ET

import pytest

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
PHONE = {"width": 390, "height": 844}

# One URL per page type, the widest content we know of, and pages outside the sitemap.
PAGE_TYPES = [
    "/",
    "/zoeken",
    "/zoeken?q=aanbestedingen",
    "/zoeken?instrument=pcp&challenge=digital-government",
    "/zoeken?q=zzzzzz",
    "/zoeken?page=2",
    "/case/us-sbir-programme",
    "/case/logius-gdi-centrale-financiering",
    "/collecties",
    "/collectie/hergebruik-en-samen-inkopen",
    "/begrippen",
    "/begrip/procedure/negotiated-without-publication",
    "/lessen",
    "/lessen?perspective=supplier",
    "/api",
    "/case/bestaat-niet",
]

# Stylesheets in <head> do not hold up DOMContentLoaded; wait for them rather than for `load`,
# which halves the time per page.
STYLED = """() => Promise.all([...document.querySelectorAll('link[rel=stylesheet]')]
  .filter(l => l.media !== 'print' && !l.sheet)
  .map(l => new Promise(done => { l.addEventListener('load', done); l.addEventListener('error', done); })))"""

# The innermost elements whose box or text reaches past the viewport: what to fix.
CULPRITS = """(w) => {
  const out = [];
  const past = el => el.getBoundingClientRect().right > w + 0.5 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
  for (const el of document.body.querySelectorAll('*')) {
    if (past(el) && ![...el.children].some(past)) {
      out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${(el.textContent || '').trim().slice(0, 50)}"`);
    }
  }
  return out.slice(0, 3);
}"""


def with_english(paths: list[str]) -> list[str]:
    return [p for path in paths for p in (path, path + ("&" if "?" in path else "?") + "_lang=en")]


def sitemap_paths(base: str) -> list[str]:
    with urllib.request.urlopen(base + "/sitemap.xml", timeout=10) as response:
        root = ET.fromstring(response.read())
    return [loc.text.removeprefix(base) or "/" for loc in root.iter(SITEMAP)]


@pytest.fixture(scope="module")
def phone(browser, corpus_server):
    """One page, reused for every URL: a fresh one per URL would cost more than the URL."""
    context = browser.new_context(base_url=corpus_server, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def overflows(page, paths: list[str], width: int) -> list[str]:
    """`path (scrollWidth px: culprits)` for every path wider than `width`."""
    page.set_viewport_size({"width": width, "height": PHONE["height"]})
    wide = []
    for path in paths:
        page.goto(path, wait_until="domcontentloaded")
        page.evaluate(STYLED)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            culprits = "; ".join(page.evaluate(CULPRITS, width))
            wide.append(f"{path} ({scroll} px: {culprits})")
    return wide


def test_every_sitemap_url_fits_a_phone(phone, corpus_server):
    paths = sitemap_paths(corpus_server)
    assert len(paths) > 100  # the bundled corpus: ~131 cases, collections, glossary terms
    wide = overflows(phone, with_english(paths), 390)
    assert not wide, f"{len(wide)} pages are wider than 390 px:\n" + "\n".join(wide)


def test_page_types_fit_a_small_phone(phone):
    wide = overflows(phone, with_english(PAGE_TYPES), 320)
    assert not wide, f"{len(wide)} pages are wider than 320 px:\n" + "\n".join(wide)


def first_result_top(page) -> float:
    return page.locator(".result-list > li").first.evaluate(
        "el => el.getBoundingClientRect().top + window.scrollY"
    )


def test_first_search_result_within_one_and_a_half_screens(phone):
    phone.set_viewport_size(PHONE)
    phone.goto("/zoeken?q=aanbestedingen")
    top = first_result_top(phone)
    assert top < 1.5 * PHONE["height"], f"the first result starts at {top:.0f} px"
    # the filters wait behind their disclosure, the count comes before the results
    assert phone.locator("details.filters").evaluate("el => !el.open")
    assert phone.locator("section.facet").first.is_hidden()
    count = phone.get_by_role("heading", level=2, name="resultaten")
    assert count.bounding_box()["y"] < PHONE["height"]


def test_choosing_a_filter_on_a_phone_returns_to_the_results(phone):
    phone.set_viewport_size(PHONE)
    phone.goto("/zoeken?q=aanbestedingen")
    phone.locator("details.filters > summary").click()
    facet = phone.locator("section.facet", has_text="Instrument")
    facet.get_by_role("link").first.click()
    phone.wait_for_url(re.compile(r"instrument=.*#resultaten$"))
    heading = phone.locator("#resultaten")
    assert re.search(r"\d+ resultaten", heading.inner_text())
    box = heading.bounding_box()
    assert 0 <= box["y"] < PHONE["height"] / 4, "the results heading is not at the top"
    # the chosen filter is named on the closed disclosure
    assert phone.locator("details.filters > summary").inner_text() == "Filters (1 actief)"


def test_filter_disclosure_works_without_javascript(browser, corpus_server):
    context = browser.new_context(base_url=corpus_server, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/zoeken?q=aanbestedingen")
        link = page.locator("section.facet", has_text="Opgave").get_by_role("link").first
        assert link.is_hidden()
        page.locator("details.filters > summary").click()
        assert link.is_visible()
        link.click()
        page.wait_for_url(re.compile(r"challenge=.*#resultaten$"))
    finally:
        context.close()


def test_year_range_on_a_phone(phone):
    """Type a range in the filters, land on the results; a wrong year is said in words. The
    page never gets wider than the phone."""
    phone.set_viewport_size(PHONE)
    phone.goto("/zoeken?q=aanbestedingen")
    phone.locator("details.filters > summary").click()
    start = phone.get_by_label("Vanaf jaar")
    start.scroll_into_view_if_needed()
    assert start.get_attribute("inputmode") == "numeric"
    start.fill("2015")
    phone.get_by_label("Tot en met jaar").fill("2020")
    phone.locator(".year-range").get_by_role("button").click()
    phone.wait_for_url(re.compile(r"year_from=2015&year_to=2020#resultaten$"))
    assert phone.locator("details.filters > summary").inner_text() == "Filters (1 actief)"
    assert "Periode: 2015–2020" in phone.locator(".active-filters").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # a start after the end: the filters open on the error, in words, and nothing is applied
    phone.locator("details.filters > summary").click()
    phone.get_by_label("Vanaf jaar").fill("2030")
    phone.locator(".year-range").get_by_role("button").click()
    phone.wait_for_url(re.compile(r"year_from=2030"))
    error = phone.locator("#year_from-error")
    assert error.is_visible() and "ligt na" in error.inner_text()
    assert phone.get_by_label("Vanaf jaar").get_attribute("aria-invalid") == "true"
    assert phone.locator(".active-filters").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_wide_screens_show_the_filters_open(phone):
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto("/zoeken?q=aanbestedingen")
    assert phone.locator("details.filters > summary").is_hidden()
    assert phone.get_by_role("heading", level=2, name="Filters").is_visible()
    assert (
        phone.locator("section.facet", has_text="Instrument").get_by_role("link").first.is_visible()
    )


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize(
    ("path", "width", "open_filters"),
    [
        ("/zoeken?q=aanbestedingen&page=2", 390, False),
        ("/zoeken?q=aanbestedingen&instrument=pcp", 390, True),
        ("/zoeken?year_from=abc&year_to=2010&_lang=en", 390, False),
        ("/zoeken?q=aanbestedingen&page=2&_lang=en", 1280, False),
        ("/lessen?perspective=supplier", 390, False),
        ("/case/us-sbir-programme", 320, False),
        ("/collectie/hergebruik-en-samen-inkopen", 390, False),
        ("/begrip/procedure/negotiated-without-publication", 320, False),
        ("/api", 320, False),
    ],
)
def test_no_wcag_violations_on_phones(phone, screens, path, width, open_filters):
    from axe_playwright_python.sync_playwright import Axe

    phone.set_viewport_size({"width": width, "height": PHONE["height"]})
    phone.goto(path)
    if open_filters:
        phone.locator("details.filters > summary").click()
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    phone.screenshot(path=str(screens / f"phone-{width}-{name}.png"), full_page=True)
    results = Axe().run(phone, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
