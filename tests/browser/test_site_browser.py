"""The site in real Chromium against a real `casebase serve`: search, facets, case page,
language switch, keyboard use, and axe-core's WCAG 2.1 A/AA rules on every page type."""

from __future__ import annotations

import re

import pytest

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGES = {
    "home": "/",
    "home-en": "/?_lang=en",
    "search": "/zoeken?q=woningen",
    "filtered": "/zoeken?instrument=pilot&challenge=energy-transition",
    "case": "/case/proeftuin-energiezuinige-woning",
    "collection": "/collectie/masterclass-wonen",
    "dossier": "/collectie/masterclass-wonen/dossier",
    "dossier-en": "/collectie/masterclass-wonen/dossier?_lang=en",
    "glossary": "/begrip/instrument/pilot",
    "glossary-index": "/begrippen",
    "collections": "/collecties",
    "search-sorted-en": "/zoeken?instrument=pilot&sort=oldest&_lang=en",
    "lessons": "/lessen?perspective=supplier",
    "api": "/api",
    "not-found": "/case/bestaat-niet",
    # Datasette's own pages, linked from /api for power users
    "datasette-table": "/casebase/cases",
    "datasette-sql": "/casebase",
    "datasette-row": "/casebase/cases/proeftuin-energiezuinige-woning",
    "datasette-query": "/casebase?sql=select+id%2C+title%2C+summary+from+cases",
}


def result_titles(page) -> list[str]:
    return page.locator(".result-list .case-card-title a").all_inner_texts()


def test_search_finds_other_inflection(page):
    page.goto("/")
    page.get_by_label("Zoek in de cases").fill("woningen")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile(r"/zoeken\?q=woningen"))
    assert result_titles(page) == ["Proeftuin voor de energiezuinige woning"]
    assert page.locator(".result-list mark").first.inner_text().lower() == "woning"


def test_two_facets_narrow_and_url_reflects_them(page):
    page.goto("/zoeken")
    assert len(result_titles(page)) == 4
    facets = page.locator("aside.facets")
    facets.locator("section.facet", has_text="Instrument").get_by_role(
        "link", name=re.compile(r"^Pilot")
    ).click()
    page.wait_for_url(re.compile(r"instrument=pilot"))
    assert len(result_titles(page)) == 2
    facets.locator("section.facet", has_text="Opgave").get_by_role(
        "link", name=re.compile("^Wonen")
    ).click()
    page.wait_for_url(re.compile(r"instrument=pilot&challenge=housing-built-environment"))
    assert result_titles(page) == ["Proeftuin voor de energiezuinige woning"]
    # the state is a bookmarkable URL: loading it again gives the same list
    page.goto(page.url)
    assert result_titles(page) == ["Proeftuin voor de energiezuinige woning"]


def test_facets_work_with_the_keyboard(page):
    page.goto("/zoeken")
    link = page.locator("section.facet", has_text="Status").get_by_role("link").first
    for _ in range(60):  # tab until the first status value has focus, then press Enter
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the status facet could not be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status="))


def test_case_page_shows_sources_and_related(page):
    page.goto("/case/proeftuin-energiezuinige-woning")
    sources = page.locator("section.sources")
    assert sources.get_by_role("link", name="Proeftuin energiezuinige woning").get_attribute(
        "href"
    ) == ("https://bron.test/proeftuin-woning")
    assert "Hogeschool Proef" in sources.inner_text()
    related = page.locator("section.related").inner_text()
    assert "Zie ook: Gedeeld zaaksysteem via een coöperatie van gemeenten" in related
    assert "Gevolgd door: Vervolgaanbesteding na de proeftuin" in related
    page.locator("section.related").get_by_role(
        "link", name="Vervolgaanbesteding na de proeftuin"
    ).click()
    page.wait_for_url(re.compile(r"/case/vervolg-proeftuin-woningbouw$"))
    assert "Vervolg op" in page.locator("section.related").inner_text()


def test_language_switch_keeps_the_page(page):
    page.goto("/zoeken?q=woningen&instrument=pilot")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"_lang=en"))
    assert "q=woningen" in page.url and "instrument=pilot" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Search"
    assert result_titles(page) == ["Field lab for the energy-efficient home"]
    # links on the English page stay English
    page.locator(".result-list .case-card-title a").first.click()
    page.wait_for_url(re.compile(r"/case/proeftuin-energiezuinige-woning\?_lang=en"))
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Field lab for the energy-efficient home"
    )
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(re.compile(r"/case/proeftuin-energiezuinige-woning$"))
    assert page.locator("html").get_attribute("lang") == "nl"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(page, screens, name):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(PAGES[name])
    page.screenshot(path=str(screens / f"{name}.png"), full_page=True)
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_print_view_of_a_case(page, screens):
    page.goto("/case/proeftuin-energiezuinige-woning")
    page.emulate_media(media="print")
    assert page.locator("header.cb-header").is_hidden()
    assert page.locator("footer.cb-footer").is_hidden()
    after = page.evaluate(
        "() => getComputedStyle(document.querySelector('.sources a'), '::after').content"
    )
    assert "https://bron.test/proeftuin-woning" in after
    page.screenshot(path=str(screens / "case-print.png"), full_page=True)
    pages = re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4"))
    assert 1 <= len(pages) <= 2  # a handout of one or two pages


def longest_cases(base: str, n: int) -> list[str]:
    """Ids of the `n` bundled cases with the most printed text (their full records, by length)."""
    import json
    import urllib.request

    with urllib.request.urlopen(base + "/api/v1/cases.ndjson", timeout=30) as response:
        records = [json.loads(line) for line in response.read().splitlines() if line.strip()]
    keep = ("summary", "description", "buyers", "participants", "events", "lessons", "sources")
    size = {r["id"]: len(json.dumps([r.get(k) for k in keep], ensure_ascii=False)) for r in records}
    return sorted(size, key=size.get, reverse=True)[:n]


def test_the_longest_bundled_cases_print_on_two_pages(browser, corpus_server):
    """`make print-pages` counts every case; here the three with the most text, in both
    languages, still fit on two A4 pages, with every citation's quote printed (once: an item
    citing the same words as the one above says so instead)."""
    context = browser.new_context(base_url=corpus_server)
    page = context.new_page()
    page.emulate_media(media="print")
    try:
        for case_id in longest_cases(corpus_server, 3):
            for suffix in ("", "?_lang=en"):
                page.goto(f"/case/{case_id}{suffix}")
                pages = re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4"))
                assert len(pages) <= 2, (case_id, suffix, len(pages))
                quotes = page.locator(".cite:not(.again) .quote")
                assert quotes.count() > 5
                sizes = quotes.evaluate_all(
                    "els => els.map(e => e.getBoundingClientRect().width > 50 "
                    "&& parseFloat(getComputedStyle(e).fontSize))"
                )
                assert all(size and size >= 9.9 for size in sizes), case_id  # 7.5pt = 10px
                again = page.locator(".cite.again")
                for i in range(again.count()):
                    assert again.nth(i).locator(".again-note").is_visible(), case_id
                    assert again.nth(i).locator(".quote").is_hidden(), case_id
                for hidden in (".similar", ".related", ".case-actions", "header.cb-header"):
                    assert (
                        page.locator(hidden).first.is_hidden() or not page.locator(hidden).count()
                    ), hidden
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/casebase/cases", "/casebase/cases/warmtenet-pilot-provincie"])
def test_datasette_pages_look_plain_not_broken(page, path):
    """No database-colour stripe beside the title; the breadcrumb is visible below the header."""
    page.goto(path)
    border = page.evaluate(
        "() => getComputedStyle(document.querySelector('main h1').closest('.page-header') "
        "|| document.querySelector('main h1')).borderLeftWidth"
    )
    assert border == "0px"
    header = page.locator("header.cb-header").bounding_box()
    crumbs = page.locator("nav.ds-nav .crumbs")
    assert crumbs.is_visible()
    box = crumbs.bounding_box()
    assert box["y"] >= header["y"] + header["height"] and box["height"] > 10


def test_dossier_prints_each_case_on_a_new_page(page):
    page.goto("/collectie/masterclass-wonen/dossier")
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all(
        ".dossier-case", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["page", "page"]
    pages = re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4"))
    assert len(pages) >= 3  # the introduction, then one page or more per case


def test_print_shows_quotes_and_no_url_twice(page):
    """Citations print their quote; a source without a title (its URL is the link text) does
    not print the URL a second time after it."""
    page.goto("/case/vervolg-proeftuin-woningbouw")
    page.emulate_media(media="print")
    quote = page.locator(".facts .cite .quote").first
    assert quote.is_visible() and "Test fixture quote." in quote.inner_text()
    printed = page.eval_on_selector_all(
        ".sources a",
        "els => els.map(a => [a.textContent, a.href, getComputedStyle(a, '::after').content])",
    )
    assert len(printed) == 2
    for text, href, after in printed:
        shown = text + (after if after not in ("none", "normal", '""') else "")
        assert shown.count(href.rstrip("/")) == 1, (text, after)


def test_chart_bars_lead_to_their_cases(page):
    page.goto("/")
    page.locator(".chart-instruments a rect").first.click()
    page.wait_for_url(re.compile(r"/zoeken\?instrument="))
    assert result_titles(page)
    page.goto("/")
    page.locator(".chart-years a rect").first.click()
    page.wait_for_url(re.compile(r"/zoeken\?year=\d{4}"))
    assert result_titles(page)


def test_datasette_pages_linked_from_api_fit_a_phone(browser, server):
    """The power-user links on /api lead to Datasette pages no wider than a 390 px screen."""
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto("/api")
        hrefs = page.eval_on_selector_all(
            ".power-users a", "els => els.map(a => a.getAttribute('href'))"
        )
        pages = [h for h in hrefs if not h.endswith(".json")]
        assert len(pages) == 2
        for path in [*pages, "/casebase/cases/proeftuin-energiezuinige-woning"]:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
    finally:
        context.close()
