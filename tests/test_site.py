"""The public site through Datasette's own client: pages, both languages, search, facets,
case pages, feeds, sitemap and the safety of Markdown and search input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from servers import app

from casebase import build, render, validate

SITE = Path(__file__).parent / "fixtures" / "site"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="session")
def site_db(tmp_path_factory) -> Path:
    result = validate.validate([SITE / "cases", SITE / "collections"])
    assert not result.errors, [p.format() for p in result.errors]
    path = tmp_path_factory.mktemp("site-db") / "casebase.db"
    build.write_database(path, result.cases, result.collections)
    return path


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
    assert 'role="img" aria-labelledby="chart-years-caption"' in html
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
    assert 'href="/zoeken?instrument=pilot&amp;challenge=housing-built-environment"' in one
    both = await get(ds, "/zoeken?instrument=pilot&challenge=housing-built-environment")
    assert result_ids(both) == ["proeftuin-energiezuinige-woning"]
    # a selected value is marked and its link removes it
    assert re.search(
        r'<a href="/zoeken\?challenge=housing-built-environment" class="selected" aria-current="true">',
        both,
    )
    # two instruments AND
    assert result_ids(await get(ds, "/zoeken?instrument=pilot&instrument=pcp")) == [
        "warmtenet-pilot-provincie"
    ]


async def test_single_valued_facet_replaces_its_value(ds):
    html = await get(ds, "/zoeken?country=NL")
    assert 'href="/zoeken?country=BE"' in html  # not country=NL&country=BE, which would never match
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
    assert (
        'href="/zoeken?q=woning">Filter verwijderen: Instrument = Pre-commercial procurement'
        in html
        or ('href="/zoeken?q=woning">Filter verwijderen' in html)
    )
    assert "Zoek zonder filters" in html


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
    nl = await get(ds, "/case/gedeeld-zaaksysteem-cooperatie")
    assert "Alleen in het Engels beschikbaar." in nl
    assert '<div class="prose" lang="en">' in nl
    # a lesson without English text is shown in Dutch, marked as Dutch, on the English page
    en2 = await get(ds, "/case/gedeeld-zaaksysteem-cooperatie?_lang=en")
    assert (
        '<span class="lesson-text" lang="nl">Spreek vooraf af wie de koppelingen beheert.</span>'
        in en2
    )


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
    assert "1 lessen" in narrowed and "vergunningen" in narrowed
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
    root = ET.fromstring(await get(ds, "/sitemap.xml"))
    locs = [u.find(f"{SM}loc").text for u in root.findall(f"{SM}url")]
    assert "http://localhost/case/proeftuin-energiezuinige-woning" in locs
    assert "http://localhost/collectie/masterclass-wonen" in locs
    assert "http://localhost/begrip/instrument/pilot" in locs
    robots = await get(ds, "/robots.txt")
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /casebase?" in robots


async def test_datasette_pages_keep_working_inside_the_site_frame(ds):
    table = await get(ds, "/casebase/cases")
    assert "app.css" in table and 'class="skip-link"' in table
    assert '<main id="main" tabindex="-1" class="content" lang="en">' in table
    assert 'href="/casebase/cases.json">Alle cases als JSON</a>' in table
    assert (await ds.client.get("/casebase/cases.json")).status_code == 200
    css = await ds.client.get("/assets/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert (await ds.client.get("/assets/nope.css")).status_code == 404
    assert (await ds.client.get("/assets/../render.py")).status_code == 404


async def test_search_text_is_escaped_when_shown_again(ds):
    html = await get(ds, '/zoeken?q=<script>alert(1)</script>&instrument="><b>x')
    assert "<script>alert(1)" not in html and '"><b>x' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
