"""The server is read-only and bounded: limits are set on purpose, pathological SQL is cut off
while normal pages keep answering, and nothing can write to the database."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from datasette.app import Datasette

from casebase import serving

from .servers import app, datasette_server

ROOT = Path(__file__).parent.parent
PLUGINS = Path(__file__).parent / "fixtures" / "plugins"
LIMIT_S = serving.SETTINGS["sql_time_limit_ms"] / 1000
# Generous: the point is that the query is stopped, not how fast this machine is.
STOPPED_WITHIN_S = LIMIT_S + 5

NEVER_ENDS = (
    "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r"
)
CROSS_JOIN = "select count(*) from cases a, cases b, cases c, cases d, cases e"


def datasette(db: Path, **kwargs) -> Datasette:
    """The app with the settings `casebase serve` uses: the limits are what is tested here."""
    return app(db, settings=serving.SETTINGS, **kwargs)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_limits_are_passed_to_datasette_serve(tmp_path):
    args = serving.datasette_args(tmp_path / "x.db")
    for name, value in serving.SETTINGS.items():
        i = args.index(name)
        assert args[i - 1] == "--setting"
        assert args[i + 1] == serving._cli_value(value)
    assert serving.SETTINGS["sql_time_limit_ms"] <= 2000
    assert serving.SETTINGS["max_returned_rows"] <= 1000


@pytest.mark.parametrize("sql", [NEVER_ENDS, CROSS_JOIN], ids=["recursive-cte", "cross-join"])
async def test_pathological_query_is_cut_off_while_a_normal_page_answers(corpus_db, sql):
    ds = datasette(corpus_db)
    await ds.client.get("/")  # startup hooks, warm connections
    finished: dict[str, float] = {}

    async def timed(name: str, path: str, params=None):
        start = time.monotonic()
        response = await ds.client.get(path, params=params)
        finished[name] = time.monotonic() - start
        return response

    async def normal_page_after_a_moment():
        await asyncio.sleep(0.2)  # the pathological query is running by now
        return await timed("normal", "/zoeken", {"q": "woningen"})

    slow, normal = await asyncio.gather(
        timed("slow", "/casebase.json", {"sql": sql}), normal_page_after_a_moment()
    )
    assert slow.status_code == 400
    assert slow.json()["title"] == "SQL Interrupted"
    assert finished["slow"] < STOPPED_WITHIN_S
    assert normal.status_code == 200 and "woningen" in normal.text.lower()
    # The normal page did not wait for the pathological query to be stopped.
    assert finished["normal"] + 0.2 < finished["slow"]


DOUBLING = (  # a string that doubles at every step: 2 MB after 21 steps
    "with recursive r(s, n) as (select 'x', 0 union all select s || s, n + 1 from r "
    "where n < 30) select length(s) from r order by n desc limit 1"
)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Connection.setlimit needs Python 3.11")
async def test_huge_values_are_refused_at_once(fixture_db):
    response = await datasette(fixture_db).client.get("/casebase.json", params={"sql": DOUBLING})
    assert response.status_code == 400
    assert "string or blob too big" in response.text


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Connection.setlimit needs Python 3.11")
async def test_results_are_at_most_100_columns_wide(fixture_db):
    sql = "select " + ", ".join(f"{i} as c{i}" for i in range(101))
    response = await datasette(fixture_db).client.get("/casebase.json", params={"sql": sql})
    assert response.status_code == 400
    assert "too many columns" in response.text


@pytest.mark.parametrize(
    "sql",
    [
        "select printf('%.*c', 1000000000, 'x')",
        "select format('%.*c', 1000000000, 'x')",
        "select length(randomblob(1000000000))",
        "select length(zeroblob(1000000000))",
    ],
)
async def test_amplifying_functions_are_refused_before_they_run(fixture_db, sql):
    # One call can burn seconds of CPU or a gigabyte between two checks of the time limit.
    response = await datasette(fixture_db).client.get("/casebase.json", params={"sql": sql})
    assert response.status_code == 400
    assert "not authorized" in response.text


async def test_ordinary_functions_and_like_still_work(fixture_db):
    sql = "select upper(title), length(summary) from cases where title like '%a%' limit 1"
    response = await datasette(fixture_db).client.get("/casebase.json", params={"sql": sql})
    assert response.status_code == 200 and response.json()["rows"]


async def test_sql_that_writes_or_escapes_is_refused(fixture_db):
    ds = datasette(fixture_db)
    before = digest(fixture_db)
    for sql in [
        "insert into cases (id) values ('x')",
        "delete from cases",
        "drop table cases",
        "update cases set title = 'x'",
        "attach database ':memory:' as other",
        "pragma writable_schema = 1",
        "select 1; delete from cases",
        "select load_extension('/tmp/evil')",
    ]:
        response = await ds.client.get("/casebase.json", params={"sql": sql})
        assert response.status_code == 400, sql
    assert digest(fixture_db) == before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/zoeken",
        "/case/norway",
        "/api/v1/cases",
        "/casebase",
        "/casebase/cases",
        "/casebase/cases/-/insert",
        "/casebase/cases/norway/-/delete",
        "/-/messages",
    ],
)
async def test_no_route_accepts_writes(fixture_db, method, path):
    before = digest(fixture_db)
    response = await datasette(fixture_db).client.request(method.upper(), path, json={"id": "x"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    # the refusal is a response of ours like any other: security headers included
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert digest(fixture_db) == before


async def test_reading_methods_still_work(fixture_db):
    ds = datasette(fixture_db)
    assert (await ds.client.request("HEAD", "/api/v1/cases")).status_code == 200
    assert (await ds.client.get("/api/v1/cases")).status_code == 200


def test_database_is_opened_read_only(fixture_db):
    # `datasette serve -i` opens the file immutable: SQLite itself refuses writes.
    args = serving.datasette_args(fixture_db)
    assert args[args.index(str(fixture_db)) - 1] == "-i"
    conn = sqlite3.connect(f"file:{fixture_db}?immutable=1", uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("delete from cases")


async def test_a_timed_out_query_on_a_page_is_503_not_500(fixture_db):
    ds = datasette(fixture_db, plugins_dir=str(PLUGINS))
    response = await ds.client.get("/slow")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"].startswith("text/html")
    assert "too much time or memory" in response.text


async def test_a_timed_out_query_on_the_api_is_a_json_503_with_cors(fixture_db):
    ds = datasette(fixture_db, plugins_dir=str(PLUGINS))
    response = await ds.client.get("/api/v1/slow")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json()["error"]["status"] == 503
    assert "too much time or memory" in response.json()["error"]["message"]


async def test_unrouted_404_does_not_crash_the_error_handler(fixture_db):
    response = await datasette(fixture_db).client.get("/casebase/cases/-/insert")
    assert response.status_code == 404


async def test_site_search_runs_under_the_time_limit(fixture_db):
    # The search page runs its queries in one execute_fn call; the limit must still apply.
    ds = datasette(fixture_db)
    ds._settings = {**ds._settings, "sql_time_limit_ms": 0}
    response = await ds.client.get("/zoeken", params={"q": "woningen"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_a_query_over_the_memory_cap_is_refused_and_the_server_lives_on(fixture_db):
    # 1000 rows x 99 columns of a 512 KB string: 50 GB if nothing stopped it, built faster
    # than the time limit notices. The capped server answers 503 and keeps serving.
    columns = ", ".join(f"s as c{i}" for i in range(99))
    sql = (
        "with recursive r(s, n) as (select 'xxxxxxxxxxxxxxxx', 0 union all "
        "select s || s, n + 1 from r where n < 15), "
        "k(i) as (select 1 union all select i + 1 from k where i < 1000) "
        f"select {columns} from (select s from r order by n desc limit 1), k"
    )
    cap_mb = 400
    with datasette_server(fixture_db, {serving.MEMORY_ENV: str(cap_mb)}) as (url, pid):
        query = urllib.parse.urlencode({"sql": sql})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/casebase.json?{query}", timeout=60)
        assert refused.value.code == 503
        assert refused.value.headers["Retry-After"] == "5"
        with urllib.request.urlopen(f"{url}/zoeken?q=woningen", timeout=30) as response:
            assert response.status == 200
        # the cap counts the heap and private mappings; libraries and page cache come on top
        peak = peak_rss_mb(pid)
        assert cap_mb * 0.75 < peak < cap_mb + 150, peak  # it was the cap that stopped it
