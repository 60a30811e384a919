"""The public site through Datasette's own client: pages, both languages, search, facets,
case pages, feeds, sitemap and the safety of Markdown and search input."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casebase import render

from .servers import app

SITE = Path(__file__).parent / "fixtures" / "site"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def ds(site_db):
    return app(site_db)


async def get(ds, path: str, status: int = 200) -> str:
    response = await ds.client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    return response.text


def result_ids(html: str) -> list[str]:
    section = html.split('class="result-list"', 1)[1] if 'class="result-list"' in html else ""
    section = section.split('class="by-meaning"', 1)[0]  # word matches only, not by meaning
    return re.findall(r'class="case-card-title"><a href="/case/([a-z0-9-]+)', section)


async def test_home_in_dutch_by_default(ds):
    html = await get(ds, "/")
    assert '<html lang="nl">' in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert '<label for="home-q">Zoek in de cases</label>' in html
    # entry points by challenge and instrument, with counts, linking to filtered search
    assert re.search(
        r'href="/zoeken\?challenge=housing-built-environment">Wonen en gebouwde omgeving</a> <span class="count">2',
        html,
    )
    assert 'href="/zoeken?instrument=pilot">Pilot / proeftuin</a>' in html
    assert "/collectie/masterclass-wonen" in html
    # the chart has a text alternative: a labelled SVG and a table with the same figures
    assert '<svg aria-labelledby="chart-years-caption"' in html
    # every bar links to its cases: a year, an instrument
    assert '<a href="/zoeken?year=2022" aria-label="2022: 2 cases">' in html
    assert re.search(
        r'<a href="/zoeken\?instrument=pilot" aria-label="Pilot / proeftuin: \d+ cases">', html
    )
    assert '<th scope="row">2022</th><td>2</td>' in html
    assert "<title>2020: 0</title>" in html  # years without cases keep the axis linear
    assert '<th scope="row">2020</th>' not in html  # the table lists only years with cases
    # the language switch keeps the page and marks its own language
    assert 'href="/?_lang=en" hreflang="en" lang="en"' in html


async def test_home_in_english(ds):
    html = await get(ds, "/?_lang=en")
    assert '<html lang="en">' in html
    assert "Search the cases" in html
    assert (
        'href="/zoeken?challenge=housing-built-environment&amp;_lang=en">Housing and built environment'
        in html
    )
    assert 'href="/" hreflang="nl" lang="nl"' in html


async def test_search_stems_dutch_and_highlights(ds):
    html = await get(ds, "/zoeken?q=woningen")
    assert result_ids(html) == ["proeftuin-energiezuinige-woning"]
    assert "<mark>woning</mark>" in html  # title: same stem, different inflection
    assert "1 resultaat" in html


async def test_search_folds_diacritics(ds):
    html = await get(ds, "/zoeken?q=cooperatie")
    assert result_ids(html) == ["gedeeld-zaaksysteem-cooperatie"]
    assert "<mark>coöperatie</mark>" in html


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"woning',
        "woning AND NOT",
        "NEAR(woning proeftuin)",
        "woning*",
        "title:woning",
        "')--",
        "*",
        "^",
    ],
)
async def test_search_input_never_reaches_fts_syntax(ds, q):
    html = await get(ds, f"/zoeken?q={q}")
    assert "Error" not in html and "fts5" not in html.lower()


async def test_search_with_quotes_still_finds_words(ds):
    html = await get(ds, '/zoeken?q="energiezuinige woning" -')
    assert result_ids(html) == ["proeftuin-energiezuinige-woning"]


async def test_two_facet_values_narrow_and_are_in_links(ds):
    one = await get(ds, "/zoeken?instrument=pilot")
    assert sorted(result_ids(one)) == [
        "proeftuin-energiezuinige-woning",
        "warmtenet-pilot-provincie",
    ]
    # the challenge facet offers adding a second filter, keeping the first in the URL
    assert (
        'href="/zoeken?instrument=pilot&amp;challenge=housing-built-environment#resultaten"' in one
    )
    both = await get(ds, "/zoeken?instrument=pilot&challenge=housing-built-environment")
    assert result_ids(both) == ["proeftuin-energiezuinige-woning"]
    # a selected value is marked and its link removes it
    assert re.search(
        r'<a href="/zoeken\?challenge=housing-built-environment#resultaten" class="selected" aria-current="true">',
        both,
    )
    # two instruments AND
    assert result_ids(await get(ds, "/zoeken?instrument=pilot&instrument=pcp")) == [
        "warmtenet-pilot-provincie"
    ]


async def test_single_valued_facet_replaces_its_value(ds):
    html = await get(ds, "/zoeken?country=NL")
    assert (
        'href="/zoeken?country=BE#resultaten"' in html
    )  # not country=NL&country=BE, which would never match
    assert len(result_ids(html)) == 3
    assert re.search(r'België</span> <span class="count">1</span>', html)  # what a switch gives


async def test_facet_labels_in_both_languages(ds):
    nl = await get(ds, "/zoeken")
    en = await get(ds, "/zoeken?_lang=en")
    for html, labels in (
        (
            nl,
            ["Soort opdrachtgever", "Bestuurslaag", "Gemeente", "België", "Afgerond", "Startjaar"],
        ),
        (
            en,
            [
                "Buyer type",
                "Government level",
                "Municipality",
                "Belgium",
                "Completed",
                "Start year",
            ],
        ),
    ):
        for label in labels:
            assert label in html, label


async def test_year_and_status_facets_filter(ds):
    assert result_ids(await get(ds, "/zoeken?year=2022")) == [
        "gedeeld-zaaksysteem-cooperatie",
        "vervolg-proeftuin-woningbouw",
    ]
    assert result_ids(await get(ds, "/zoeken?status=stopped")) == ["warmtenet-pilot-provincie"]
    assert len(result_ids(await get(ds, "/zoeken?year=abcd"))) == 4  # malformed year ignored


async def test_no_results_suggests_removing_a_filter(ds):
    html = await get(ds, "/zoeken?q=woning&instrument=pcp")
    assert "Geen cases gevonden." in html
    # the suggestion says how many cases removing the filter gives
    assert (
        'href="/zoeken?q=woning#resultaten">Filter verwijderen: Instrument = '
        "Precommercieel inkopen (PCP)</a> (1 resultaat)" in html
    )
    assert "Zoek zonder filters" in html


async def test_no_results_suggests_leaving_out_a_word(ds):
    # no case has two of the three words, so even partial matching finds nothing
    html = await get(ds, "/zoeken?q=woning+zaaksysteem+warmtenet&status=running&_lang=en")
    assert "No cases found." in html
    assert "Without ‘woning’</a> (1 result)" in html
    assert "Without ‘warmtenet’</a> (1 result)" in html
    nl = await get(ds, "/zoeken?q=woning+zaaksysteem+warmtenet")
    assert "Zonder ‘woning’</a> (2 resultaten)" in nl


async def test_case_page(ds):
    html = await get(ds, "/case/proeftuin-energiezuinige-woning")
    assert '<h1 id="case-title">Proeftuin voor de energiezuinige woning</h1>' in html
    assert '<p class="other-title" lang="en">Field lab for the energy-efficient home</p>' in html
    # key facts with labels, participants by role, procedure linked to the glossary
    assert "Gemeente Voorbeeldstad" in html and "Leverancier / opdrachtnemer:" in html
    assert 'href="/begrip/procedure/innovation-partnership">Innovatiepartnerschap</a>' in html
    assert "€ 1.500.000" in html
    # sources with publisher and date, TED notice linked from the identifiers column
    assert (
        '<a href="https://bron.test/proeftuin-woning">Proeftuin energiezuinige woning</a>' in html
    )
    assert 'Gemeente Voorbeeldstad, <time datetime="2021-05-01">1 mei 2021</time>' in html
    assert 'href="https://ted.europa.eu/en/notice/-/detail/554113-2024">554113-2024</a>' in html
    assert 'href="https://www.tenderned.nl/aankondigingen/overzicht/234567">234567</a>' in html
    # identifiers are cited like the other key facts: the quote names them
    facts = html.split('<section class="facts"', 1)[1].split("</section>", 1)[0]
    assert "“<q>Aankondiging 554113-2024 (TenderNed 234567), CPV 45211000</q>”" in facts
    # related cases: outgoing and incoming, each with the relation named
    assert re.search(r'Zie ook:</span> <a href="/case/gedeeld-zaaksysteem-cooperatie"', html)
    assert re.search(r'Gevolgd door:</span> <a href="/case/vervolg-proeftuin-woningbouw"', html)
    assert 'href="/collectie/masterclass-wonen"' in html
    assert "15 januari 2026" in html  # last_reviewed
    assert (
        'href="https://github.com/casebase/casebase/edit/main/cases/proeftuin-energiezuinige-woning.yml"'
        in html
    )
    assert 'href="/api/v1/cases/proeftuin-energiezuinige-woning"' in html
    assert 'class="badge" href="/lessen?perspective=supplier">Opdrachtnemer (markt)</a>' in html


async def test_script_in_markdown_is_text_not_script(ds):
    html = await get(ds, "/case/proeftuin-energiezuinige-woning")
    assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert(" in html
    )
    assert "<strong>pilot</strong>" in html  # Markdown itself is rendered


def test_markdown_is_sanitised():
    out = str(
        render.markdown(
            "# Kop\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> [y](https://a.nl)"
        )
    )
    assert "<h3>Kop</h3>" in out
    assert "javascript:" not in out.replace("[x](javascript:alert(1))", "")
    assert "<img" not in out and 'href="https://a.nl"' in out


async def test_case_page_english_and_fallback(ds):
    en = await get(ds, "/case/proeftuin-energiezuinige-woning?_lang=en")
    assert '<h1 id="case-title">Field lab for the energy-efficient home</h1>' in en
    assert '<p class="other-title" lang="nl">' in en
    assert "Supplier:" in en and "€1,500,000" in en and "1 May 2021" in en
    # the place in the page's language, on the case page and in the search results
    assert "<span>Example Town</span>" in en and "<span>Voorbeeldstad</span>" not in en
    assert "<span>Voorbeeldstad</span>" in await get(ds, "/case/proeftuin-energiezuinige-woning")
    assert "Example Town" in await get(ds, "/zoeken?q=proeftuin&_lang=en")
    # list pages read a narrower set of columns than search: the place reaches their cards too
    assert "<span>Example Town</span>" in await get(ds, "/collectie/masterclass-wonen?_lang=en")
    nl = await get(ds, "/case/gedeeld-zaaksysteem-cooperatie")
    assert "Alleen in het Engels beschikbaar." in nl
    assert '<div class="prose" lang="en">' in nl
    # a lesson without English text is shown in Dutch, marked as Dutch, on the English page
    en2 = await get(ds, "/case/gedeeld-zaaksysteem-cooperatie?_lang=en")
    assert (
        '<span class="lesson-text" lang="nl">Spreek vooraf af wie de koppelingen beheert.</span>'
        in en2
    )


async def test_a_quote_cited_twice_in_a_row_prints_once(ds):
    """Two participants citing the same words: the second says so in print (a case with a
    dozen suppliers under one quote printed it a dozen times, on three pages)."""
    html = await get(ds, "/case/proeftuin-energiezuinige-woning")
    facts = html.split("<dt>Betrokken partijen</dt>", 1)[1].split("<dt>", 1)[0]
    assert facts.count('class="cite"') == 1 and facts.count('class="cite again"') == 1
    assert facts.index('class="cite"') < facts.index('class="cite again"')
    assert "(hetzelfde citaat als hierboven)" in facts
    en = await get(ds, "/case/proeftuin-energiezuinige-woning?_lang=en")
    assert "(the same quote as above)" in en


async def test_unknown_case_is_a_friendly_404(ds):
    html = await get(ds, "/case/bestaat-niet", status=404)
    assert "Deze case bestaat niet" in html and "Traceback" not in html


async def test_collection_page_in_order(ds):
    html = await get(ds, "/collectie/masterclass-wonen")
    assert "<strong>proeftuin</strong>" in html
    first = html.index("/case/proeftuin-energiezuinige-woning")
    assert first < html.index("/case/vervolg-proeftuin-woningbouw")
    assert "Read the <strong>field lab</strong>" in await get(
        ds, "/collectie/masterclass-wonen?_lang=en"
    )


async def test_glossary_term_page(ds):
    html = await get(ds, "/begrip/procedure/innovation-partnership")
    assert "<h1>Innovatiepartnerschap</h1>" in html
    assert '<p class="other-title" lang="en">Innovation partnership</p>' in html
    assert (
        '<dd lang="nl">Procedure waarin' in html and '<dd lang="en">Procedure that selects' in html
    )
    assert "Richtlijn 2014/24/EU, art. 31" in html
    assert "/case/proeftuin-energiezuinige-woning" in html
    assert "/case/warmtenet-pilot-provincie" not in html
    inst = await get(ds, "/begrip/instrument/pilot")
    assert 'href="/feed/instrument/pilot.atom"' in inst
    assert 'href="/zoeken?instrument=pilot"' in inst
    await get(ds, "/begrip/instrument/geen-code", status=404)
    await get(ds, "/begrip/status/running", status=404)  # only instrument, procedure, challenge
    assert "Ontwikkeling" in inst  # the instrument's stage, as a label
    index = await get(ds, "/begrippen")
    assert "Concurrentiegerichte dialoog" in index and 'id="vocab-challenge"' in index


async def test_collections_index(ds):
    html = await get(ds, "/collecties?_lang=en")
    assert 'href="/collectie/masterclass-wonen?_lang=en">Masterclass housing and energy</a>' in html


async def test_lessons_filter_by_perspective_instrument_challenge(ds):
    html = await get(ds, "/lessen")
    assert "4 lessen" in html
    supplier = await get(ds, "/lessen?perspective=supplier")
    assert "2 lessen" in supplier and "Bouwers waarderen" in supplier
    assert "Begin klein" not in supplier
    narrowed = await get(ds, "/lessen?perspective=supplier&instrument=pcp")
    assert "1 les<" in narrowed and "vergunningen" in narrowed
    assert "Geen lessen gevonden" in await get(
        ds, "/lessen?perspective=supplier&challenge=education"
    )
    assert '<label for="f-perspective">Perspectief</label>' in html
    assert "Suppliers needed more time" in await get(ds, "/lessen?perspective=supplier&_lang=en")


async def test_atom_feeds_are_valid(ds):
    root = ET.fromstring(await get(ds, "/feed.atom"))
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    for entry in entries:
        for child in ("title", "id", "updated", "summary", "link"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.find(f"{ATOM}updated").text)
    # newest change first: last_reviewed 2026-03-01 is the latest in the fixtures
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/case/vervolg-proeftuin-woningbouw")
    pilot = ET.fromstring(await get(ds, "/feed/instrument/pilot.atom?_lang=en"))
    titles = sorted(e.find(f"{ATOM}title").text for e in pilot.findall(f"{ATOM}entry"))
    assert titles == ["Field lab for the energy-efficient home", "Pilot with an open heat network"]
    housing = ET.fromstring(await get(ds, "/feed/challenge/housing-built-environment.atom"))
    assert len(housing.findall(f"{ATOM}entry")) == 2
    await get(ds, "/feed/instrument/nope.atom", status=404)
    await get(ds, "/feed/status/running.atom", status=404)


async def test_sitemap_and_robots(ds):
    text = await get(ds, "/sitemap.xml")
    # the sitemap's namespace is the default one: crawlers and people read <urlset>, not ns0:
    assert '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in text
    assert "ns0:" not in text and "<xhtml:link " in text
    root = ET.fromstring(text)
    locs = [u.find(f"{SM}loc").text for u in root.findall(f"{SM}url")]
    assert "http://localhost/case/proeftuin-energiezuinige-woning" in locs
    assert "http://localhost/collectie/masterclass-wonen" in locs
    assert "http://localhost/begrip/instrument/pilot" in locs
    assert "http://localhost/api" in locs  # the human API page; the JSON API is not for crawlers
    robots = await get(ds, "/robots.txt")
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /casebase?" in robots


async def test_datasette_pages_keep_working_inside_the_site_frame(ds):
    table = await get(ds, "/casebase/cases")
    assert "app.css" in table and 'class="skip-link"' in table
    assert '<main id="main" tabindex="-1" class="content" lang="en">' in table
    assert '<nav class="ds-nav" aria-label="Breadcrumb">' in table  # not squashed in the header
    assert 'src="/assets/ds-a11y.js"' in table
    assert (await ds.client.get("/casebase/cases.json")).status_code == 200
    css = await ds.client.get("/assets/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert (await ds.client.get("/assets/nope.css")).status_code == 404
    assert (await ds.client.get("/assets/../render.py")).status_code == 404
    js = await ds.client.get("/assets/ds-a11y.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")


READER_PAGES = [
    "/",
    "/zoeken",
    "/zoeken?q=woningen&instrument=pilot",
    "/case/proeftuin-energiezuinige-woning",
    "/collecties",
    "/collectie/masterclass-wonen",
    "/begrippen",
    "/begrip/instrument/pilot",
    "/lessen",
]


@pytest.mark.parametrize("lang", ["", "?_lang=en"])
@pytest.mark.parametrize("path", READER_PAGES)
async def test_reader_pages_do_not_link_datasette_pages(ds, path, lang):
    """Datasette's own (English, developer) pages are out of the reader's path."""
    url = path + (lang if "?" not in path else lang.replace("?", "&"))
    html = await get(ds, url)
    assert not re.findall(r'href="/casebase[/."?]|href="/casebase"', html), url


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_api_page_links_datasette_pages_for_power_users(ds, lang):
    html = await get(ds, "/api" + ("?_lang=en" if lang == "en" else ""))
    section = html.split('class="power-users"', 1)[1].split("</section>", 1)[0]
    for href in ('href="/casebase/cases?_col=', 'href="/casebase"', 'href="/casebase/cases.json"'):
        assert href in section
    assert ("in English" if lang == "en" else "in het Engels") in section


async def test_search_text_is_escaped_when_shown_again(ds):
    html = await get(ds, '/zoeken?q=<script>alert(1)</script>&instrument="><b>x')
    assert "<script>alert(1)" not in html and '"><b>x' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_paging_shows_the_range_and_first_previous_next_last(ds, monkeypatch):
    from casebase.plugins.site import search as site_search

    monkeypatch.setattr(site_search, "PAGE_SIZE", 1)
    html = await get(ds, "/zoeken?page=2")
    assert '<h2 id="resultaten" class="results-count">2–2 van 4 resultaten' in html
    pager = html.split('<nav class="pager"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', pager) == [
        "/zoeken#resultaten",
        "/zoeken#resultaten",
        "/zoeken?page=3#resultaten",
        "/zoeken?page=4#resultaten",
    ]
    assert "Eerste" in pager and "Vorige" in pager and "Volgende" in pager and "Laatste" in pager
    assert '<p aria-current="page">Pagina 2 van 4</p>' in pager
    en = await get(ds, "/zoeken?page=4&_lang=en")
    assert "4–4 of 4 results" in en and "Page 4 of 4" in en and 'rel="next"' not in en


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/zoeken?page=99", "/zoeken#resultaten"),
        ("/zoeken?instrument=pilot&page=3", "/zoeken?instrument=pilot#resultaten"),
        ("/zoeken?q=zzzzzz&page=2", "/zoeken?q=zzzzzz#resultaten"),
        ("/lessen?page=99", "/lessen#lessen"),
    ],
)
async def test_a_page_beyond_the_end_redirects_to_the_last(ds, path, location):
    """Never "63 resultaten" above "Geen cases gevonden": the last page, at its own URL."""
    response = await ds.client.get(path)
    assert response.status_code == 302
    assert response.headers["location"] == location


async def test_beyond_the_end_lands_on_a_consistent_last_page(ds, monkeypatch):
    from casebase.plugins.site import search as site_search

    monkeypatch.setattr(site_search, "PAGE_SIZE", 3)
    response = await ds.client.get("/zoeken?page=99")
    assert response.headers["location"] == "/zoeken?page=2#resultaten"
    html = await get(ds, "/zoeken?page=2")
    assert "4–4 van 4 resultaten" in html and "Geen cases gevonden" not in html


async def test_counted_nouns_agree_in_both_languages(ds):
    one = await get(ds, "/zoeken?q=woningen")
    assert ">1 resultaat <" in one and "1 resultaten" not in one
    assert ">1 result <" in await get(ds, "/zoeken?q=woningen&_lang=en")
    assert ">4 resultaten <" in await get(ds, "/zoeken")
    lessons = await get(ds, "/lessen?perspective=supplier&instrument=pcp")
    assert ">1 les</h2>" in lessons
    assert ">1 lesson</h2>" in await get(ds, "/lessen?perspective=supplier&instrument=pcp&_lang=en")
    # count pills: the number shows, the noun is for screen readers, singular for one
    for path in ("/", "/begrippen", "/collecties"):
        html = await get(ds, path)
        assert '1<span class="visually-hidden"> cases</span>' not in html, path
    assert '1<span class="visually-hidden"> case</span>' in await get(ds, "/begrippen")


async def test_search_filters_are_a_disclosure_that_names_the_active_count(ds):
    html = await get(ds, "/zoeken?instrument=pilot&challenge=housing-built-environment")
    assert '<details class="filters" id="filters">' in html  # closed: the results come first
    assert "<summary>Filters (2 actief)</summary>" in html
    assert "<summary>Filters (2 active)</summary>" in await get(
        ds, "/zoeken?instrument=pilot&challenge=housing-built-environment&_lang=en"
    )
    assert "<summary>Filters</summary>" in await get(ds, "/zoeken")
    # every link that changes the selection returns to the results heading
    assert '<h2 id="resultaten"' in html
    section = html.split('<aside class="facets"', 1)[1].split('<ol class="result-list"', 1)[0]
    links = re.findall(r'href="(/zoeken[^"]*)"', section)
    assert links and all(link.endswith("#resultaten") for link in links)


async def test_lessons_offer_no_empty_options_and_no_empty_parameters(ds):
    html = await get(ds, "/lessen")
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", html)
    assert options and not [o for o in options if o[1].endswith("(0)")], options
    # the form sends "all" as an empty value; the server drops it
    response = await ds.client.get("/lessen?perspective=supplier&instrument=&challenge=")
    assert response.status_code == 302
    assert response.headers["location"] == "/lessen?perspective=supplier"
    response = await ds.client.get("/lessen?perspective=&instrument=&challenge=&_lang=en")
    assert response.headers["location"] == "/lessen?_lang=en"
    response = await ds.client.get("/zoeken?q=&instrument=pilot")
    assert response.headers["location"] == "/zoeken?instrument=pilot"
    # a chosen option stays even when it finds nothing, so the form shows what was asked
    nothing = await get(ds, "/lessen?perspective=supplier&challenge=education")
    assert '<option value="education" selected>' in nothing


async def test_breadcrumbs_name_the_parent_pages(ds):
    term = await get(ds, "/begrip/instrument/pilot")
    crumbs = term.split('<nav class="breadcrumbs" aria-label="Kruimelpad">', 1)[1].split("</nav>")[
        0
    ]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Home"),
        ("/begrippen", "Begrippen"),
        ("/begrippen#vocab-instrument", "Instrumenten"),
    ]
    collection = await get(ds, "/collectie/masterclass-wonen?_lang=en")
    assert '<nav class="breadcrumbs" aria-label="Breadcrumbs">' in collection
    assert '<a href="/collecties?_lang=en">Collections</a>' in collection


def test_other_organisation_type_reads_as_a_type():
    from casebase import vocab

    assert vocab.label("organisation_type", "other", "nl") == "Andere organisatie"
    assert vocab.label("organisation_type", "other", "en") == "Other organisation"
    assert vocab.label("role", "other", "nl") == "Andere rol"


def selection_link(html_text: str, label: str) -> str:
    """The href of the selection link with this text on a search page."""
    found = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(label) + "</a>", html_text)
    assert found, label
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "lang,excel,pilot",
    [("nl", "CSV voor Excel", "Pilot / proeftuin"), ("en", "CSV for Excel", "Pilot / field test")],
)
async def test_search_exports_the_selection_it_shows(ds, lang, excel, pilot):
    suffix = "&_lang=en" if lang == "en" else ""
    page = await get(ds, f"/zoeken?instrument=pilot&sort=oldest{suffix}")
    shown = result_ids(page)
    assert len(shown) == 2
    response = await ds.client.get(selection_link(page, excel))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("id;url;title;")  # semicolon-separated
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["id"] for r in rows] == shown  # the same cases, in the same order
    assert all(pilot in r["instruments"].split("; ") for r in rows)  # labels, page language
    data = (await ds.client.get(selection_link(page, "JSON"))).json()
    assert [c["id"] for c in data["cases"]] == shown
    follow = "Follow this search" if lang == "en" else "Volg deze zoekopdracht"
    feed = ET.fromstring((await ds.client.get(selection_link(page, follow))).text)
    entries = [e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in feed.findall(f"{ATOM}entry")]
    assert sorted(entries) == sorted(shown)
    assert 'rel="alternate" type="application/atom+xml"' in page


async def test_search_sort_options(ds):
    oldest = result_ids(await get(ds, "/zoeken?sort=oldest"))
    newest = result_ids(await get(ds, "/zoeken?sort=newest"))
    assert oldest and newest == result_ids(await get(ds, "/zoeken"))
    assert oldest[0] == newest[-1]
    html_text = await get(ds, "/zoeken?sort=reviewed&_lang=en")
    assert '<option value="reviewed" selected>recently reviewed</option>' in html_text
    assert "sort=reviewed" in selection_link(html_text, "CSV for Excel")
    # an unknown order is ignored, never an error
    assert result_ids(await get(ds, "/zoeken?sort=nope")) == newest


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_collection_dossier_has_every_case_in_full(ds, lang):
    suffix = "?_lang=en" if lang == "en" else ""
    collection = await get(ds, f"/collectie/masterclass-wonen{suffix}")
    dossier_url = f"/collectie/masterclass-wonen/dossier{suffix}"
    assert f'href="{dossier_url}"' in collection
    html_text = await get(ds, dossier_url)
    listed = re.findall(r'class="case-card-title"><a href="/case/([a-z0-9-]+)', collection)
    in_dossier = re.findall(
        r'class="dossier-case-title"[^>]*><a href="/case/([a-z0-9-]+)', html_text
    )
    assert in_dossier == listed and listed  # every case, in reading order
    # each case in full: key facts, sources, and citations that point at this case's sources
    assert html_text.count('class="facts"') == len(listed)
    assert html_text.count('class="sources"') == len(listed)
    ids = re.findall(r' id="([^"]+)"', html_text)
    assert len(ids) == len(set(ids))  # unique ids across the cases
    for target in re.findall(r'href="#([^"]+)"', html_text):
        assert target in ids, target
    assert 'id="c1-bron-1"' in html_text
    # lessons under the perspective they are for
    heading = "Supplier (market)" if lang == "en" else "Opdrachtnemer (markt)"
    assert f'class="perspective-title">{heading}</h4>' in html_text
    assert html_text.count("<h1") == 1


async def test_dossier_unknown_collection_and_sitemap(ds):
    await get(ds, "/collectie/bestaat-niet/dossier", status=404)
    root = ET.fromstring(await get(ds, "/sitemap.xml"))
    locs = [u.find(f"{SM}loc").text for u in root.findall(f"{SM}url")]
    assert "http://localhost/collectie/masterclass-wonen/dossier" in locs


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_home_explains_and_offers_three_ways_in(ds, lang):
    from casebase import vocab
    from casebase.plugins.site import text as site_text

    html_text = await get(ds, "/?_lang=en" if lang == "en" else "/")
    unescaped = html_text.replace("&#39;", "'")
    assert site_text.t("home_what", lang) in unescaped
    assert site_text.t("home_who", lang) in unescaped
    ways = re.findall(
        r'<span class="way-number" aria-hidden="true">\d</span> ([^<]+)</h3>', html_text
    )
    assert ways == [site_text.t(k, lang) for k in ("way_search", "way_browse", "way_start")]
    # "Begin hier": the collections with their dossiers, and the three perspectives, whose
    # wording is the glossary's own definition
    start = html_text.split('id="begin-hier"', 1)[1].split("</section>", 1)[0]
    suffix = "?_lang=en" if lang == "en" else ""
    assert f'href="/collectie/masterclass-wonen{suffix}"' in start
    assert f'href="/collectie/masterclass-wonen/dossier{suffix}"' in start
    for code in ("buyer", "supplier", "knowledge-institution"):
        term = vocab.terms_by_code("perspective")[code]
        assert f"perspective={code}" in start
        assert term[f"definition_{lang}"] in start
    # browsing: the glossary's descriptions of challenges and instruments
    assert vocab.vocabularies()["challenge"][f"description_{lang}"] in html_text
    assert 'class="cb-mark"' in html_text  # the wordmark


def test_reading_order_follows_the_configured_ids_then_titles():
    from casebase.plugins.site.routes import reading_order

    found = [
        {"id": i, "title": t, "introduction_markdown": f"Eerste zin van {i}. Tweede zin."}
        | {"introduction_en_markdown": None}
        for i, t in (("a", "Zeta"), ("b", "Alpha"), ("c", "Beta"))
    ]
    ordered = reading_order(found, ["c", "a"])
    assert [k["id"] for k in ordered] == ["c", "a", "b"]
    assert ordered[0]["lead_nl"] == "Eerste zin van c." and ordered[0]["lead_en"] == ""


async def test_participant_of_type_other_has_no_other_label(ds):
    html_text = await get(ds, "/case/vervolg-proeftuin-woningbouw")
    assert "Bouwcombinatie Vervolg" in html_text and "(Anders)" not in html_text
