"""One read model: the case page and the API record render the same facts, in the same order,
with the same citations; the page shows the timeline, the quotes and the stale flag."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest

from casebase import read, yamlsafe

from .api_support import build_api_db, case_files, datasette


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_api_db(tmp_path_factory.mktemp("read-model"))


def facts(record: dict) -> list[str]:
    """The facts a reader meets, in the record's order: names, events, lessons, quotes, sources."""
    out = [b["name"] for b in record["buyers"]] + [p["name"] for p in record["participants"]]
    out += [e["text"] for e in record["events"]] + [le["text"] for le in record["lessons"]]
    out += [s["url"] for s in record["sources"]]
    return out


def in_order(page: str, items: list[str]) -> list[str]:
    """Items missing from `page` or found out of order (empty when all are there, in order)."""
    wrong, at = [], 0
    for item in items:
        found = page.find(html_lib.escape(item, quote=False), at)
        if found < 0:
            wrong.append(item)
        else:
            at = found
    return wrong


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
async def test_page_and_api_show_the_same_facts_in_the_same_order(db, path):
    case_id = yamlsafe.load_file(path)["id"]
    ds = datasette(db)
    record = (await ds.client.get(f"/api/v1/cases/{case_id}")).json()
    page = (await ds.client.get(f"/case/{case_id}")).text
    assert facts(record), "a fixture case with nothing to compare proves nothing"
    assert in_order(page, facts(record)) == []
    # every citation of the record is on the page: its number and its quote
    cited = [c for c in record["citations"].values()]
    cited += [x for g in ("buyers", "participants", "events", "lessons") for x in record[g]]
    for c in cited:
        assert f'href="#bron-{c["source_number"]}">[{c["source_number"]}]</a>' in page
        assert f"<q>{html_lib.escape(c['quote'])}</q>" in page
    # the page links the stable API record, not Datasette's own JSON
    assert f'href="/api/v1/cases/{case_id}"' in page


async def test_the_order_check_can_fail(db):
    record = (await datasette(db).client.get("/api/v1/cases/woningbouw-pilot")).json()
    page = (await datasette(db).client.get("/case/woningbouw-pilot")).text
    assert len(record["participants"]) == 2
    swapped = dict(record, participants=record["participants"][::-1])
    assert in_order(page, facts(swapped)) != []


async def test_case_page_timeline_and_footnotes(db):
    page = (await datasette(db).client.get("/case/provincie-energie-partnerschap")).text
    timeline = re.search(r'<section aria-labelledby="timeline-title".*?</section>', page, re.S)
    assert timeline, "the events are shown as a timeline"
    dates = re.findall(r'<time datetime="([0-9-]+)">', timeline.group(0))
    assert dates == sorted(dates) and len(dates) >= 2
    # description footnotes link to numbered sources that exist on the page
    for n in re.findall(r'<sup class="fn"><a href="#bron-(\d+)"', page):
        assert f'id="bron-{n}"' in page


def test_stale_means_running_or_pending_and_unchecked_for_a_year():
    today = dt.date(2026, 12, 5)
    assert read.is_stale("running", None, "2025-12-01", today)
    assert read.is_stale("completed", "pending", "2024-01-01", today)
    assert not read.is_stale("running", None, "2025-12-10", today)
    assert not read.is_stale("completed", "deployed", "2020-01-01", today)
    assert not read.is_stale("stopped", "failed", "2020-01-01", today)


async def test_stale_case_is_flagged_on_page_and_in_api(db):
    ds = datasette(db)
    record = (await ds.client.get("/api/v1/cases/digitaal-loket-hergebruik")).json()
    assert record["status"]["code"] == "running" and record["last_reviewed"] < "2025-12-01"
    assert record["stale"] is True
    page = (await ds.client.get("/case/digitaal-loket-hergebruik")).text
    assert "Te controleren" in page
    fresh = (await ds.client.get("/api/v1/cases/woningbouw-pilot")).json()
    assert fresh["stale"] is False
