"""The site as published: make_datasette's settings, the overdue page, the home page, search as
people type it, confidence first, exports with canonical owners and absolute links, and
`onrecord serve` and `onrecord publish` run for real."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from onrecord.cli import cli
from onrecord.db import item_id, open_db, store
from onrecord.db.links import link_id
from onrecord.db.site import make_datasette
from onrecord.db.site.overdue import how_late
from onrecord.db.site.queries import canned_queries
from onrecord.ingest.model import Document, Line, Page
from onrecord.nlp.model import Item
from tests.conftest import ROOT

REVIEW = [
    Item(kind="recommendation", ref="R1", page=1, due="March 2021", due_date="2021-03",
         text="The Council recommends a repairs plan for tenants.", owners=["The Leader"],
         canonical=["Leader of the Council"], confidence=0.9),
    Item(kind="recommendation", ref="R2", page=1, due="June 2024", due_date="2024-06",
         text="Officers should publish the recommendation on damp and mould.",
         owners=["Head of Housing"], confidence=0.95),
    Item(kind="action", ref="A1", page=2, due="2022", due_date="2022",
         text="Audit the housing stock.", owners=["Head of Housing"], confidence=0.6),
    Item(kind="action", ref="A2", page=2, due="May 2023", due_date="2023-05",
         text="Repairs: review damp repairs.", owners=["Head of Housing"], confidence=0.2),
]
PROGRESS_2024 = [
    Item(kind="action", ref="P1", page=1, due="December 2030", due_date="2030-12",
         text="Progress on the repairs plan.", status="In progress", confidence=0.8),
    Item(kind="action", ref="P2", page=1, text="Housing stock audit.", status="Underway",
         confidence=0.8),
]
PROGRESS_2025 = [
    Item(kind="action", ref="P3", page=1, text="Stock audit completed.", status="Completed",
         confidence=0.8),
    Item(kind="action", ref="P4", page=1, text="The repairs plan is late.", status="Delayed",
         confidence=0.8),
]
# Each later item carries an earlier one on: (earlier, later).
CARRIED = [("R1", "P1"), ("A1", "P2"), ("P2", "P3"), ("P1", "P4")]


@pytest.fixture
def site(tmp_path) -> dict:
    """council.db: a 2020 review, and progress reports of 2024 and 2025 linked to it."""
    path = tmp_path / "council.db"
    database = open_db(path)
    ids: dict[str, str] = {}
    for name, day, items in (
        ("review", "2020-01-10", REVIEW),
        ("progress-2024", "2024-02-01", PROGRESS_2024),
        ("progress-2025", "2025-03-01", PROGRESS_2025),
    ):
        doc_id = name.ljust(64, "0").encode().hex()[:64]
        document = Document(path=f"{name}.pdf", id=doc_id, format="pdf", title=name.title(),
                            meeting_date=day, body="Northbridge City Council",
                            pages=[Page(1, [Line(name)]), Page(2, [Line(name)])])
        store(database, document, items)
        ids |= {item.ref: item_id(doc_id, item) for item in items}
    for earlier, later in CARRIED:
        database["links"].insert({"id": link_id(ids[earlier], ids[later]), "item_from": ids[earlier],
                                  "item_to": ids[later], "relation": "progress", "score": 0.9})
    database.conn.close()
    return {"path": path, "ids": ids}


async def served(path: Path, **options):
    datasette = make_datasette(path, **options)
    await datasette.invoke_startup()
    return datasette


async def test_make_datasette_serves_immutable_with_the_production_settings(site):
    datasette = await served(site["path"])
    databases = (await datasette.client.get("/-/databases.json")).json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("council", False)]
    settings = (await datasette.client.get("/-/settings.json")).json()
    assert settings["suggest_facets"] is False and settings["sql_time_limit_ms"] == 2000
    assert "onrecord" in [p["name"] for p in (await datasette.client.get("/-/plugins.json")).json()]
    # the metadata is the file's: tables are described under the database's own name
    html = (await datasette.client.get("/council/items")).text
    assert "Recommendations, actions, decisions and commitments" in html
    live = await served(site["path"], immutable=False, settings={"sql_time_limit_ms": 50})
    assert (await live.client.get("/-/databases.json")).json()[0]["is_mutable"] is True
    assert (await live.client.get("/-/settings.json")).json()["sql_time_limit_ms"] == 50


def overdue_refs(html: str, ids: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    rows = html.split('class="onrecord-overdue-row"')[1:]
    return [by_id[re.search(r'href="/-/onrecord/item/(\w+)"', row).group(1)] for row in rows]


async def test_overdue_page_lists_newest_or_longest_overdue_first(site):
    datasette = await served(site["path"])
    newest = (await datasette.client.get("/-/onrecord/overdue")).text
    # A1 is not overdue: the 2025 paper marks its progress report's audit "Completed"
    assert overdue_refs(newest, site["ids"]) == ["R2", "A2", "R1"]
    assert "3 items whose date has passed" in newest
    longest = (await datasette.client.get("/-/onrecord/overdue?order=longest")).text
    assert overdue_refs(longest, site["ids"]) == ["R1", "A2", "R2"]
    assert 'href="/-/onrecord/overdue?order=longest"' in newest
    actions = (await datasette.client.get("/-/onrecord/overdue?kind=action")).text
    assert overdue_refs(actions, site["ids"]) == ["A2"]


async def test_overdue_page_shows_owner_paper_how_late_and_the_latest_news(site):
    datasette = await served(site["path"])
    html = (await datasette.client.get("/-/onrecord/overdue?order=longest")).text
    first = html.split('class="onrecord-overdue-row"')[1]
    assert 'href="/-/onrecord/owner/leader-of-the-council">Leader of the Council</a>' in first
    assert "Review" in first and "2020-01-10" in first and "page 1" in first
    assert f'<span class="onrecord-overdue">{how_late(date(2021, 4, 1), date.today())}</span>' in first
    assert "overdue since <time datetime=\"2021-04-01\">" in first
    # R1 was carried into 2024 ("In progress") and on into 2025 ("Delayed"): the latest says
    assert '<span class="onrecord-status">Delayed</span>' in first
    assert f'href="/-/onrecord/item/{site["ids"]["P4"]}">Progress-2025</a>' in first
    assert "now due “December 2030”" not in first  # P4 prints no date
    second = html.split('class="onrecord-overdue-row"')[2]
    assert "no later paper mentions it" in second


async def test_a_later_papers_completed_status_ends_overdue_everywhere(site):
    datasette = await served(site["path"])
    a1 = site["ids"]["A1"]
    rows = (await datasette.client.get("/council/overdue.json?_shape=array")).json()
    assert a1 not in [r["id"] for r in rows] and len(rows) == 3
    item = (await datasette.client.get(f"/-/onrecord/item/{a1}")).text
    assert "passed, but marked done" in item
    feed = (await datasette.client.get("/-/onrecord/feed/overdue.atom")).text
    assert a1 not in feed and site["ids"]["R1"] in feed


@pytest.mark.parametrize(
    "since,today,expected",
    [
        (date(2021, 4, 1), date(2024, 6, 15), "3 years 2 months"),
        (date(2021, 4, 1), date(2022, 4, 1), "1 year"),
        (date(2024, 1, 31), date(2024, 3, 1), "1 month"),
        (date(2024, 3, 1), date(2024, 3, 13), "12 days"),
        (date(2024, 3, 1), date(2024, 3, 2), "1 day"),
        (date(2024, 3, 1), date(2024, 3, 1), "since today"),
    ],
)
def test_how_late_is_said_in_years_months_or_days(since, today, expected):
    assert how_late(since, today) == expected


async def test_home_page_leads_to_overdue_every_canned_query_and_the_surest_items(site):
    datasette = await served(site["path"])
    html = (await datasette.client.get("/")).text
    assert '<a href="/-/onrecord/overdue">Overdue</a>' in html
    for name in canned_queries():
        assert f'href="/council/{name}"' in html, name
    listed = re.findall(r'<li><strong>\w+</strong> (\w+): <a href="/-/onrecord/item/', html)
    assert listed[:3] == ["R2", "R1", "P1"] or listed[:2] == ["R2", "R1"]
    assert listed[-1] == "A2"  # the item the extractor doubts most comes last
    assert (await datasette.client.get("/-/onrecord/overdue")).status_code == 200


def found(html: str, ids: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[i] for i in re.findall(r'class="onrecord-item-link" href="/-/onrecord/item/(\w+)"', html)]


@pytest.mark.parametrize(
    "q,expected",
    [
        ("recommend", {"R1", "R2"}),  # "recommends", "recommendation": porter stems
        ("repair", {"R1", "A2", "P1", "P4"}),
        ('"repairs plan"', {"R1", "P1", "P4"}),
        ('"plan repairs"', set()),
        ("damp OR audit", {"R2", "A2", "A1", "P2", "P3"}),
        ("audit NOT housing", {"P3"}),
        ("audit -housing", {"P3"}),
        ("recomm*", {"R1", "R2"}),
        ("(damp OR stock) audit", {"A1", "P2", "P3"}),
        ('owner:"head of housing"', {"R2", "A1", "A2"}),
        ("owner:council", {"R1"}),  # only its canonical name, "Leader of the Council", says so
        ("kind:recommendation repairs", {"R1"}),
        ("kind:actions owner:housing damp", {"A2"}),
    ],
)
async def test_search_reads_word_forms_phrases_or_not_prefixes_and_fields(site, q, expected):
    datasette = await served(site["path"])
    response = await datasette.client.get("/-/onrecord/search", params={"q": q})
    assert response.status_code == 200
    assert set(found(response.text, site["ids"])) == expected


# An action log's rows: the owner is a column of its own, printed short, not in the item's text.
ROADS = [
    Item(kind="action", ref="1", page=1, text="Publish a national pothole plan.", owners=["DfT"],
         canonical=["Department for Transport"], confidence=0.9),
    Item(kind="action", ref="2", page=1, text="Inspect every bridge over a railway.",
         owners=["Network Rail"], confidence=0.9),
]


@pytest.fixture
def roads(tmp_path) -> dict:
    path = tmp_path / "roads.db"
    database = open_db(path)
    doc_id = "roads".ljust(64, "0").encode().hex()[:64]
    store(database, Document(path="roads.pdf", id=doc_id, format="pdf", title="Roads action log",
                             pages=[Page(1, [Line("Roads action log")])]), ROADS)
    database.conn.close()
    return {"path": path, "ids": {item.ref: item_id(doc_id, item) for item in ROADS}}


@pytest.mark.parametrize(
    "q,expected",
    [
        ("DfT", {"1"}),  # as printed
        ("department transport", {"1"}),  # by its canonical name
        ("dft pothole", {"1"}),
        ("owner:DfT", {"1"}),
        ('owner:"Department for Transport"', {"1"}),
        ("owner:DfT bridge", set()),
        ("rail", {"2"}),
    ],
)
async def test_search_finds_an_item_by_its_owner_as_printed_or_canonical(roads, q, expected):
    datasette = await served(roads["path"])
    page = await datasette.client.get("/-/onrecord/search", params={"q": q})
    assert page.status_code == 200
    assert set(found(page.text, roads["ids"])) == expected
    # the canned query and the feeds read owner: in the owners' columns of the index
    rows = (await datasette.client.get("/roads/search.json", params={"q": q, "_shape": "array"})).json()
    by_id = {v: k for k, v in roads["ids"].items()}
    assert {by_id[r["id"]] for r in rows} == expected
    feed = (await datasette.client.get("/-/onrecord/feed/new.atom", params={"q": q})).text
    assert {ref for ref, i in roads["ids"].items() if i in feed} == expected


async def test_the_search_query_reads_the_same_syntax(site):
    datasette = await served(site["path"])
    rows = (await datasette.client.get("/council/search.json", params={"q": "recomm* OR audit NOT housing", "_shape": "array"})).json()
    by_id = {v: k for k, v in site["ids"].items()}
    assert {by_id[r["id"]] for r in rows} == {"R1", "R2", "P3"}
    broken = await datasette.client.get("/council/search.json", params={"q": "NOT (", "_shape": "array"})
    assert broken.status_code == 200 and broken.json() == []


async def test_search_leads_with_the_items_of_highest_confidence(site):
    datasette = await served(site["path"])
    # by words alone A2 ("Repairs: review damp repairs.") matches "repairs" best ...
    bm25 = Database(site["path"]).execute(
        "select items.ref from items_fts join items on items.rowid = items_fts.rowid"
        " where items_fts match 'repairs' order by items_fts.rank"
    ).fetchall()
    assert bm25[0][0] == "A2"
    # ... but the extractor doubts it (0.2): the items it is sure of lead
    html = (await datasette.client.get("/-/onrecord/search?q=repairs")).text
    assert found(html, site["ids"])[-1] == "A2"
    assert len(found(html, site["ids"])) == 4
    rows = (await datasette.client.get("/council/search.json?_shape=array&q=repairs")).json()
    assert rows[-1]["id"] == site["ids"]["A2"]
    # with no words, most confident first, and newest first on request
    listing = found((await datasette.client.get("/-/onrecord/search")).text, site["ids"])
    assert listing[0] == "R2" and listing[-1] == "A2"
    newest = found((await datasette.client.get("/-/onrecord/search?sort=newest")).text, site["ids"])
    assert newest[:2] in (["P3", "P4"], ["P4", "P3"])


# What each canned query's CSV and JSON give, in order: those who take them away depend on it.
COLUMNS = {
    "overdue": ["id", "kind", "ref", "text", "owners", "owners_printed", "due", "due_date", "overdue_since",
                "status", "document_title", "body", "page", "confidence", "source"],
    "export": ["n", "id", "kind", "ref", "text", "owners", "owners_printed", "due", "due_date", "status", "verdict",
               "confidence", "method", "document", "document_title", "body", "paper_date", "page", "source"],
    "by_owner": ["owner", "printed", "id", "kind", "ref", "text", "due", "due_date", "status", "document_title",
                 "page", "source"],
    "search": ["id", "snippet", "kind", "ref", "text", "owners", "owners_printed", "due", "due_date",
               "document_title", "page", "source", "rank"],
    "due_soon": ["id", "kind", "ref", "text", "owners", "owners_printed", "due", "due_date", "status",
                 "document_title", "body", "page", "source"],
    "no_owner": ["id", "kind", "ref", "text", "due", "due_date", "document_title", "body", "page", "source"],
    "unanswered_recommendations": ["id", "ref", "text", "owners", "owners_printed", "due", "due_date",
                                   "document_title", "body", "paper_date", "page", "source"],
    "rejected_recommendations": ["id", "ref", "text", "verdict", "verdict_printed", "response_title",
                                 "response_date", "original_id", "original_ref", "original_title", "original_date",
                                 "source"],
    "accepted_then_quiet": ["id", "ref", "text", "verdict", "verdict_printed", "response_title", "response_date",
                            "source"],
    "moved_deadlines": ["id", "kind", "ref", "text", "due_before", "due_after", "status", "earlier_title",
                        "earlier_date", "later_title", "later_date", "earlier_id", "source"],
    "repeated_promises": ["id", "kind", "text", "owners", "owners_printed", "papers", "first_date", "last_date",
                          "statuses", "source"],
}


async def test_every_canned_query_runs_on_an_ingested_database_and_gives_its_columns(papers, tmp_path):
    from onrecord.pipeline import files, ingest_files

    db_path = tmp_path / "council.db"
    summary = ingest_files(db_path, files([papers]), jobs=1)
    assert summary.documents == 3 and summary.items > 0
    datasette = await served(db_path)
    found = {}
    for name in canned_queries():
        args = {"q": "place", "owner": "place", "after": "", "_shape": "objects", "_size": "max"}
        response = await datasette.client.get(f"/council/{name}.json", params=args)
        assert response.status_code == 200, (name, response.text)
        assert response.json()["columns"] == COLUMNS[name], name
        found[name] = response.json()["rows"]
    assert set(COLUMNS) == set(found)
    with Database(db_path).conn as conn:
        ids = [row[0] for row in conn.execute("select id from items order by rowid")]
        overdue = conn.execute("select count(*) from items where due_date < date('now')").fetchone()[0]
    assert [row["id"] for row in found["export"]] == ids
    assert found["search"] and found["by_owner"] and found["unanswered_recommendations"]
    assert all("Place" in row["owner"] or "Place" in row["printed"] for row in found["by_owner"])
    assert 0 < len(found["overdue"]) <= overdue
    assert all(row["overdue_since"] <= date.today().isoformat() for row in found["overdue"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("query", ["export", "overdue", "search"])
async def test_exports_carry_canonical_owners_and_absolute_source_links(site, fmt, query):
    datasette = await served(site["path"], base_url="https://records.example.org/pub/")
    args = "?_shape=array&q=repairs&after=" if fmt == "json" else "?q=repairs&after="
    response = await datasette.client.get(f"/council/{query}.{fmt}{args}")  # the client adds /pub/
    assert response.status_code == 200, response.text
    rows = response.json() if fmt == "json" else list(csv.DictReader(io.StringIO(response.text)))
    r1 = next(r for r in rows if r["id"] == site["ids"]["R1"])
    assert r1["owners"] == "Leader of the Council" and r1["owners_printed"] == "The Leader"
    assert r1["source"] == f"https://records.example.org/pub/-/onrecord/source/{'review'.ljust(64, '0').encode().hex()[:64]}#page=1"
    # and the HTML table links that absolute URL
    html = (await datasette.client.get(f"/council/{query}?q=repairs")).text
    assert f'<a href="{r1["source"]}">page 1</a>' in html


async def test_export_pages_through_every_item_in_the_order_stored(site):
    datasette = await served(site["path"])
    rows = (await datasette.client.get("/council/export.json?_shape=array&after=")).json()
    assert [r["n"] for r in rows] == list(range(1, 9))
    rest = (await datasette.client.get(f"/council/export.json?_shape=array&after={rows[4]['n']}")).json()
    assert [r["id"] for r in rest] == [r["id"] for r in rows[5:]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url}: {log.read_text()}")


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_runs_datasette_in_process_with_its_options_and_stops_cleanly(site, tmp_path, stop):
    port = free_port()
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "serve", str(site["path"]),
               "--port", str(port), "--setting", "sql_time_limit_ms", "1234",
               "--setting", "base_url", "/records/", "--cors"]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/records/"
        wait_for(base + "-/settings.json", process, log)
        assert children(process.pid) == []  # no Datasette child: uvicorn runs here
        assert get_json(base + "-/settings.json")["sql_time_limit_ms"] == 1234
        rows = get_json(base + "council/export.json?_shape=array&after=")
        assert rows[0]["source"].startswith(f"http://127.0.0.1:{port}/records/-/onrecord/source/")
        with urllib.request.urlopen(base + "council/overdue.json") as answer:
            assert answer.headers["access-control-allow-origin"] == "*"  # --cors, passed on
        with urllib.request.urlopen(base + "-/onrecord/overdue") as answer:
            assert "onrecord-overdue-row" in answer.read().decode()
        assert get_json(base + "-/databases.json")[0]["is_mutable"] is False
        process.send_signal(stop)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Application shutdown complete" in log.read_text()


def test_serve_get_prints_a_page_and_refuses_options_datasette_lacks(site):
    result = CliRunner().invoke(cli, ["serve", str(site["path"]), "--get", "/council/overdue.json?_shape=array"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 3
    wrong = CliRunner().invoke(cli, ["serve", str(site["path"]), "--no-such-option"])
    assert wrong.exit_code == 2 and "No such option" in wrong.output
    reload = CliRunner().invoke(cli, ["serve", str(site["path"]), "--reload"])
    assert reload.exit_code == 1 and "--reload is not for an onrecord site" in reload.output


@pytest.mark.slow
def test_publish_writes_a_folder_whose_dockerfile_builds_and_serves_the_site(site, tmp_path):
    out = tmp_path / "app"
    result = CliRunner().invoke(cli, ["publish", str(site["path"]), str(out),
                                      "--base-url", "https://records.example.org/"])
    assert result.exit_code == 0, result.output
    assert (out / "council.db").is_file()
    dockerfile = (out / "Dockerfile").read_text()
    wheel = next((out / "wheels").glob("onrecord-*.whl"))
    assert f"RUN pip install --no-cache-dir wheels/{wheel.name}" in dockerfile
    with zipfile.ZipFile(wheel) as packed:
        names = packed.namelist()
    assert {"onrecord/db/site/templates/onrecord_overdue.html", "onrecord/db/site/metadata.yml",
            "onrecord/db/site/plugin.py"} <= set(names)
    # What the container runs, run here: the CMD line, in the folder, with the PORT a host sets.
    cmd = json.loads(re.search(r"^CMD (.*)$", dockerfile, re.MULTILINE).group(1))
    assert cmd[:2] == ["sh", "-c"] and cmd[2].startswith("exec onrecord serve council.db --host 0.0.0.0")
    port = free_port()
    line = cmd[2].replace("exec onrecord", f"exec {shlex.quote(str(Path(sys.executable).with_name('onrecord')))}")
    log = tmp_path / "published.log"
    with log.open("w") as output:
        process = subprocess.Popen(["sh", "-c", line], cwd=out, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PORT": str(port)})
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, log)
        rows = get_json(f"http://127.0.0.1:{port}/council/overdue.json?_shape=array")
        assert len(rows) == 3
        assert rows[0]["source"].startswith("https://records.example.org/-/onrecord/source/")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/onrecord/overdue") as answer:
            assert "onrecord-overdue-row" in answer.read().decode()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    again = CliRunner().invoke(cli, ["publish", str(site["path"]), str(out)])
    assert again.exit_code == 1 and "is not empty" in again.output


def test_readme_serve_and_publish_commands_exist():
    readme = (ROOT / "README.md").read_text()
    assert "onrecord publish" in readme and "--base-url" in readme and "--live" in readme
