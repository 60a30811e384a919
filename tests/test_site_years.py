"""The search page's year range (`year_from`, `year_to`) through Datasette's own client: the
API's meaning, labelled inputs, errors in words, kept in every link, removable like a filter."""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .databases import build_db
from .servers import app
from .test_site import ATOM, SITE, result_ids, selection_link

# A case with no cited start year: its start is the year of its earliest dated event (2016).
EVENT_ONLY = """\
id: stadsverwarming-zonder-startjaar
title: Stadsverwarming zonder bekend startjaar
title_en: District heating without a known start year
summary: >-
  Een gemeente onderzoekt met leveranciers hoe een bestaand warmtenet kan worden uitgebreid.
summary_en: >-
  A municipality explores with suppliers how an existing heat network can be extended.
country: NL
buyers:
  - name: Gemeente Jaarloos
    source: s1
    quote: "Test fixture quote."
    buyer_type: nl-municipality
instruments: [market-consultation]
challenges: [energy-transition]
status: running
events:
  - date: "2017-02"
    kind: market-consultation
    text: Tweede gesprek met leveranciers.
    source: s1
    quote: "Test fixture quote."
  - date: "2016-09-01"
    kind: announced
    text: Eerste gesprek met leveranciers.
    source: s1
    quote: "Test fixture quote."
sources:
  - key: s1
    url: https://bron.test/stadsverwarming
    title: Stadsverwarming
    publisher: Gemeente Jaarloos
    date: "2017-03-01"
last_reviewed: "2026-01-10"
cite:
  status: {source: s1, quote: "Test fixture quote."}
"""

# year_start-year_end of the site fixture cases, and the event-only case (2016, running)
#   warmtenet-pilot-provincie 2018-2020, proeftuin-energiezuinige-woning 2019-2021,
#   gedeeld-zaaksysteem-cooperatie 2022-, vervolg-proeftuin-woningbouw 2022-,
#   stadsverwarming-zonder-startjaar 2016- (from its first event)
RANGES = [
    ("year_to=2015", set()),
    ("year_to=2016", {"stadsverwarming-zonder-startjaar"}),
    (
        "year_to=2018",
        {"stadsverwarming-zonder-startjaar", "warmtenet-pilot-provincie"},
    ),
    (
        "year_from=2021",
        {
            "proeftuin-energiezuinige-woning",
            "gedeeld-zaaksysteem-cooperatie",
            "vervolg-proeftuin-woningbouw",
            "stadsverwarming-zonder-startjaar",
        },
    ),
    (
        "year_from=2019&year_to=2020",
        {
            "warmtenet-pilot-provincie",
            "proeftuin-energiezuinige-woning",
            "stadsverwarming-zonder-startjaar",
        },
    ),
    ("year_from=2021&year_to=2021", None),  # checked against the API only
]


@pytest.fixture(scope="module")
def years_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("years")
    shutil.copytree(SITE, folder / "site")
    (folder / "site" / "cases" / "stadsverwarming-zonder-startjaar.yml").write_text(EVENT_ONLY)
    return build_db(
        folder / "casebase.db", folder / "site" / "cases", folder / "site" / "collections"
    )


@pytest.fixture
def ds(years_db):
    return app(years_db)


async def page(ds, path: str) -> str:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.text


def unescape(url: str) -> str:
    return url.replace("&amp;", "&")


@pytest.mark.parametrize(("query", "expected"), RANGES)
async def test_year_range_means_what_the_api_means(ds, query, expected):
    site = set(result_ids(await page(ds, f"/zoeken?{query}")))
    api = {c["id"] for c in (await ds.client.get(f"/api/v1/cases?{query}")).json()["cases"]}
    assert site == api
    if expected is not None:
        assert site == expected


async def test_the_event_derived_start_year_counts(ds):
    record = (await ds.client.get("/api/v1/cases/stadsverwarming-zonder-startjaar")).json()
    assert record["year_start"] == 2016 and record["year_start_basis"] == "event"
    assert "stadsverwarming-zonder-startjaar" in result_ids(
        await page(ds, "/zoeken?year_from=2016&year_to=2016")
    )
    assert "stadsverwarming-zonder-startjaar" not in result_ids(
        await page(ds, "/zoeken?year_to=2015")
    )


@pytest.mark.parametrize(
    ("lang", "start", "end", "period"),
    [
        ("nl", "Vanaf jaar", "Tot en met jaar", "Periode"),
        ("en", "From year", "Up to and including year", "Period"),
    ],
)
async def test_two_labelled_numeric_inputs_in_the_filters(ds, lang, start, end, period):
    suffix = "&_lang=en" if lang == "en" else ""
    html = await page(ds, f"/zoeken?q=warmtenet&year_from=2018&year_to=2020{suffix}")
    filters = html.split('<details class="filters"', 1)[1].split("</details>\n  </aside>", 1)[0]
    assert f'<h3 id="facet-years">{period}</h3>' in filters
    assert f'<label for="year_from">{start}</label>' in filters
    assert f'<label for="year_to">{end}</label>' in filters
    for name, value in (("year_from", "2018"), ("year_to", "2020")):
        field = re.search(rf'<input id="{name}"[^>]*>', filters).group(0)
        assert f'name="{name}"' in field and f'value="{value}"' in field
        assert 'inputmode="numeric"' in field
        assert 'aria-describedby="years-hint"' in field and "aria-invalid" not in field
    assert 'id="years-hint"' in filters
    # the form keeps the words (and the language) and leaves the range to its inputs
    form = filters.split('<section class="facet year-range"', 1)[1]
    assert '<input type="hidden" name="q" value="warmtenet">' in form
    assert 'type="hidden" name="year_from"' not in form
    assert ('name="_lang" value="en"' in form) == (lang == "en")
    # the search box keeps the range when the words change
    box = html.split('<form class="search-form"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="year_from" value="2018">' in box
    assert '<input type="hidden" name="year_to" value="2020">' in box


@pytest.mark.parametrize(
    ("query", "field", "message", "ids"),
    [
        # a value that is no year: that end is not applied, the other one is
        (
            "year_from=abc&year_to=2018",
            "year_from",
            "Geen jaartal: vul vier cijfers in, van 1900 tot en met 2100, zoals 2018.",
            {"stadsverwarming-zonder-startjaar", "warmtenet-pilot-provincie"},
        ),
        ("year_to=20000", "year_to", "Geen jaartal", None),
        ("year_to=2020.5", "year_to", "Geen jaartal", None),
        ("year_from=1800", "year_from", "Geen jaartal", None),
        # a start after the end: neither end is applied
        (
            "year_from=2022&year_to=2019",
            "year_from",
            "Het jaar ‘vanaf’ ligt na het jaar ‘tot en met’. De periode is niet toegepast.",
            None,
        ),
    ],
)
async def test_a_wrong_year_is_said_in_words(ds, query, field, message, ids):
    html = await page(ds, f"/zoeken?{query}")
    found = set(result_ids(html))
    assert found == (ids if ids is not None else found)
    if ids is None:
        assert len(found) == 5  # nothing applied
    # the message is text next to the input, tied to it, and the input is marked invalid
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html).group(1)
    assert "Fout: </span>" + message in error
    tag = re.search(rf'<input id="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag and f"{field}-error" in tag
    # the typed value is shown again, so it can be corrected
    typed = dict(p.split("=") for p in query.split("&"))[field]
    assert f'value="{typed}"' in tag
    # the filters open on a phone, and a summary above the results links to the input
    assert '<details class="filters" id="filters" open>' in html
    assert f'<a href="#{field}">' in html.split('id="resultaten"', 1)[1]
    # a wrong value never reaches the links (paging, export, feed)
    assert f"{field}={typed}" not in html.split('class="selection-links"', 1)[1]


async def test_a_wrong_year_in_english(ds):
    html = await page(ds, "/zoeken?year_from=twenty&_lang=en")
    assert "Error: </span>Not a year: enter four digits from 1900 to 2100, such as 2018." in html
    html = await page(ds, "/zoeken?year_from=2022&year_to=2019&_lang=en")
    assert "The ‘from’ year is after the ‘up to’ year. The period was not applied." in html


async def test_no_error_and_no_range_without_years(ds):
    # the form sends empty inputs: the page tidies them away, keeping the rest
    response = await ds.client.get("/zoeken?q=warmtenet&year_from=&year_to=2020")
    assert response.status_code == 302
    assert response.headers["location"] == "/zoeken?q=warmtenet&year_to=2020"
    html = await page(ds, "/zoeken")
    assert "field-error" not in html and "error-summary" not in html
    assert '<details class="filters" id="filters">' in html
    assert len(result_ids(html)) == 5


async def test_the_range_is_kept_in_paging_sort_and_exports(ds, monkeypatch):
    from casebase.plugins.site import search as site_search

    monkeypatch.setattr(site_search, "PAGE_SIZE", 1)
    html = await page(ds, "/zoeken?year_from=2019&year_to=2022&sort=oldest")
    pager = html.split('<nav class="pager"', 1)[1].split("</nav>", 1)[0]
    links = [unescape(u) for u in re.findall(r'href="([^"]+)"', pager)]
    assert links and all("year_from=2019&year_to=2022&sort=oldest" in u for u in links)
    sort_form = html.split('<form class="sort-form"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="year_from" value="2019">' in sort_form
    assert '<input type="hidden" name="year_to" value="2022">' in sort_form
    monkeypatch.setattr(site_search, "PAGE_SIZE", 20)
    html = await page(ds, "/zoeken?year_from=2019&year_to=2022&sort=oldest")
    shown = result_ids(html)
    assert shown == [
        "stadsverwarming-zonder-startjaar",
        "warmtenet-pilot-provincie",
        "proeftuin-energiezuinige-woning",
        "gedeeld-zaaksysteem-cooperatie",
        "vervolg-proeftuin-woningbouw",
    ]
    excel = await ds.client.get(selection_link(html, "CSV voor Excel"))
    rows = list(csv.DictReader(io.StringIO(excel.content.decode("utf-8-sig")), delimiter=";"))
    assert [r["id"] for r in rows] == shown
    data = (await ds.client.get(selection_link(html, "JSON"))).json()
    assert [c["id"] for c in data["cases"]] == shown
    feed = ET.fromstring((await ds.client.get(selection_link(html, "Volg deze zoekopdracht"))).text)
    entries = [e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in feed.findall(f"{ATOM}entry")]
    assert sorted(entries) == sorted(shown)
    assert "2019–2022" in feed.find(f"{ATOM}title").text


async def test_the_range_is_removable_like_a_filter(ds):
    html = await page(ds, "/zoeken?instrument=pilot&year_from=2019&year_to=2020")
    assert "<summary>Filters (2 actief)</summary>" in html
    chip = re.search(
        r'<a href="([^"]+)" class="chip"><span class="chip-facet">Periode:</span> 2019–2020 ', html
    )
    assert chip and unescape(chip.group(1)) == "/zoeken?instrument=pilot#resultaten"
    assert "vanaf 2021" in await page(ds, "/zoeken?year_from=2021")
    assert "up to 2016" in await page(ds, "/zoeken?year_to=2016&_lang=en")
    # without results: removing the range is offered with the number of cases it gives
    empty = await page(ds, "/zoeken?q=zaaksysteem&year_to=2018")
    assert "Geen cases gevonden." in empty
    assert (
        '<a href="/zoeken?q=zaaksysteem#resultaten">Filter verwijderen: Periode = t/m 2018</a> '
        "(1 resultaat)" in empty
    )
    en = await page(ds, "/zoeken?q=zaaksysteem&year_from=2010&year_to=2018&_lang=en")
    assert "Remove filter: Period = 2010–2018</a> (1 result)" in en


async def test_facet_counts_follow_the_range(ds):
    html = await page(ds, "/zoeken?year_to=2018")
    status = html.split('<section class="facet" aria-labelledby="facet-status">', 1)[1]
    status = status.split("</section>", 1)[0]
    # 2 cases: one stopped (2018-2020), one running (2016-)
    assert re.search(r'Gestopt</span> <span class="count">1<', status)
    assert re.search(r'Lopend</span> <span class="count">1<', status)
