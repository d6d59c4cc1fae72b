"""onrecord import: a test Modern.Gov site on 127.0.0.1, in the real shapes and with its quirks."""
from __future__ import annotations

import html
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import sqlite_utils
from click.testing import CliRunner
from lxml import etree

from onrecord.cli import cli
from onrecord.sources import Client, FetchError, NotFound, Refused, moderngov, moderngov_pages

from .conftest import ROOT, SHARED
from .sites import Agenda, CmisSite, Doc, ModernGovSite

DELAY = 0.05
FIXTURES = SHARED / "fixtures" / "moderngov"
TODAY = date.today()
SINCE = (TODAY - timedelta(days=365)).isoformat()


@pytest.fixture
def site(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    server = ModernGovSite(served, TODAY)  # the same day as the test's dates, should midnight pass between them
    yield server
    server.close()


def run(site, db_path, *extra: str):
    args = ["import", "moderngov", site.url, "-d", str(db_path), "--delay", str(DELAY), "--since", SINCE, *extra]
    return CliRunner().invoke(cli, args)


def summary(result) -> str:
    return result.output.strip().splitlines()[-1]


def test_first_import_stores_committees_meetings_papers_and_decisions(site, tmp_path):
    db_path = tmp_path / "council.db"
    result = run(site, db_path)
    assert result.exit_code == 1, result.output  # the removed paper's 404 is an error
    assert "mgConvert2PDF.aspx?ID=61001: HTTP 404 Not Found - recorded in table errors" in result.output
    assert summary(result).startswith(
        "3 committees, 4 meetings (3 fetched, 3 new or changed), 4 papers fetched, 4 papers new, 0 held,"
        " 3 restricted not fetched,"
    )
    database = sqlite_utils.Database(db_path)
    committees = {row["native_id"]: row for row in database["committees"].rows}
    assert set(committees) == {"312", "144", "163"}  # the deleted committee is left out
    assert committees["163"]["title"] == "Health & Wellbeing Board"
    meetings = {row["native_id"]: row for row in database["meetings"].rows}
    assert set(meetings) == {"4966", "4967", "4968", "5001"}  # 4900 is before --since
    assert meetings["4966"]["status"] == "Cancelled"
    assert meetings["4967"]["date"] == (TODAY - timedelta(days=200)).isoformat()
    assert meetings["4967"]["time"] == "10:00"
    assert meetings["4967"]["location"] == "Council Antechamber, Level 2, Town Hall Extension"
    papers = {row["source_url"].rsplit("=", 1)[1]: row for row in database.query(
        "select * from documents where source_url like '%mgConvert2PDF%'")}
    assert set(papers) == {"60860", "60909", "60950", "61000"}
    assert papers["60860"]["committee"] == "Audit Committee"
    assert papers["60860"]["meeting"] == meetings["4967"]["id"]
    assert papers["60860"]["meeting_date"] == meetings["4967"]["date"]
    assert papers["61000"]["committee"] == "Health & Wellbeing Board"
    # Restricted items and papers are never asked for.
    asked = " ".join(site.paths())
    for restricted in ("60910", "60920"):
        assert f"ID={restricted}" not in asked
    assert "lMeetingId=4900" not in asked and "lMeetingId=4966" not in asked
    decisions = list(database.query(
        "select items.*, documents.meeting, documents.meeting_date from items"
        " join documents on documents.id = items.document"
        " where items.method = 'minutes' and documents.meeting is not null order by ref"))
    assert [(d["ref"], d["kind"], d["owners"]) for d in decisions] == [
        ("1.", "decision", "Audit Committee"), ("3.", "decision", "Audit Committee"),
        ("9.", "decision", "Audit Committee")]
    assert decisions[2]["text"] == (
        "The Committee considered a report of the Governance and Scrutiny Support Unit.\n"
        "Decision: the Committee agreed its work programme for 2025/26.")
    assert "Secret" not in json.dumps(list(database["items"].rows) + list(database["pages"].rows))
    assert decisions[1]["meeting"] == meetings["4968"]["id"]
    assert decisions[1]["meeting_date"] == meetings["4968"]["date"]
    # Decisions taken outside meetings: the officer's is an item of its own; the one decided at a
    # meeting is only noted as fetched.
    officer = database.execute(
        "select items.owners, items.text, documents.meeting_date, documents.published_date, documents.source_url"
        " from items join documents on documents.id = items.document"
        " where documents.source_url like '%ieDecisionDetails.aspx?ID=%'").fetchall()
    assert officer == [(
        "Service Director - Homes & Neighbourhoods",
        "The demolition of the existing tower blocks has been approved to support the regeneration of Berry Brow.",
        site.decided.isoformat(), (site.decided + timedelta(days=3)).isoformat(),
        f"{site.url}/ieDecisionDetails.aspx?ID=13567")]
    assert site.delegated_asked == f"{TODAY - timedelta(days=365):%d/%m/%Y}-31/12/2099"
    assert "mgIssueHistoryHome" not in asked
    sources = {row["url"]: row for row in database["sources"].rows}
    assert sources[f"{site.url}/ieDecisionDetails.aspx?ID=13149"]["document"] is None
    paper = sources[f"{site.url}/mgConvert2PDF.aspx?ID=60950"]
    assert paper["what"] == "paper" and paper["document"] in {p["id"] for p in papers.values()}
    assert database["errors"].count_where("path like '%ID=61001'") == 1


def test_second_import_fetches_nothing_new(site, tmp_path):
    db_path = tmp_path / "council.db"
    run(site, db_path)
    first = len(site.hits)
    result = run(site, db_path)
    second = site.paths()[first:]
    # The listing, and the meetings of the last 90 days again (4968); no paper, no older meeting.
    assert not [path for path in second if "mgConvert2PDF" in path and "61001" not in path]
    assert [path for path in second if "GetMeeting?" in path] == ["/mgWebService.asmx/GetMeeting?lMeetingId=4968"]
    assert not [path for path in second if "ieDecisionDetails" in path]  # each decision page once
    assert "(1 fetched, 0 new or changed), 0 papers fetched, 0 papers new" in summary(result)


def test_changed_meeting_is_fetched_again(site, tmp_path):
    db_path = tmp_path / "council.db"
    run(site, db_path)
    recent = next(m for m in site.meetings if m.id == 4968)
    recent.agenda.append(Agenda("4.", "Treasury", docs=[Doc(60960, "Treasury report", ["Treasury strategy"])]))
    old = next(m for m in site.meetings if m.id == 5001)
    old.status = "Rescheduled"  # the listing changed: fetched again although older than 90 days
    first = len(site.hits)
    result = run(site, db_path)
    second = site.paths()[first:]
    assert "/mgWebService.asmx/GetMeeting?lMeetingId=5001" in second
    assert [path for path in second if "mgConvert2PDF" in path and "61001" not in path] == [
        "/mgConvert2PDF.aspx?ID=60960"]
    assert "(2 fetched, 2 new or changed), 1 papers fetched, 1 papers new, 2 held" in summary(result)
    database = sqlite_utils.Database(db_path)
    assert database["meetings"].get(f"127.0.0.1:{site.http.server_port}:5001")["status"] == "Rescheduled"
    treasury = database.execute(
        "select committee, meeting from documents where source_url like '%ID=60960'").fetchone()
    assert treasury == ("Audit Committee", f"127.0.0.1:{site.http.server_port}:4968")


def test_requests_are_polite(site, tmp_path):
    run(site, tmp_path / "council.db")
    gaps = [b.at - a.at for a, b in zip(site.hits, site.hits[1:])]
    assert len(gaps) > 10
    assert min(gaps) >= DELAY
    assert {hit.user_agent.split(" ")[0] for hit in site.hits} == {"onrecord/0.1.0"}
    # 429 with Retry-After: 1 was waited out, then the same request succeeded.
    throttled = [i for i, hit in enumerate(site.hits) if hit.status == 429]
    assert len(throttled) == 1
    again = site.hits[throttled[0] + 1]
    assert again.path == site.hits[throttled[0]].path and again.status == 200
    assert again.at - site.hits[throttled[0]].at >= 1.0
    # Dates sent as dd/mm/yyyy; 404 asked once, not retried.
    assert site.queries[1]["sFromDate"] == (TODAY - timedelta(days=365)).strftime("%d/%m/%Y")
    assert sum("ID=61001" in path for path in site.paths()) == 1


def test_a_refusing_site_is_one_clear_error(site, tmp_path):
    site.waf = True
    result = run(site, tmp_path / "council.db")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {site.url}/mgWebService.asmx/GetCommittees: the site refused onrecord (HTTP 403)"
        " - it may block automated clients; try again later with a larger --delay, or ask the council"
        " for access")
    assert len(site.hits) == 1  # not retried


@pytest.mark.parametrize("where, answer", [
    ("/democracy", "HTTP 404 Not Found"),  # nothing there: no web service
    ("/plain", "not XML"),  # a web page, not the service's XML
])
def test_a_url_that_is_not_modern_gov_is_one_clear_error(site, tmp_path, where, answer):
    site.plain = where == "/plain"
    result = CliRunner().invoke(
        cli, ["import", "moderngov", site.url + where, "-d", str(tmp_path / "x.db"), "--delay", "0"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {site.url}{where}") and answer in lines[0]
    assert "not a Modern.Gov" in lines[0]


@pytest.mark.parametrize("command", ["moderngov", "cmis"])
def test_import_commands_have_help(command):
    result = CliRunner().invoke(cli, ["import", command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "--delay" in result.output


@pytest.mark.parametrize("after, wait", [
    ("lMeetingId=4968", 0.0),  # while fetching: one meeting's papers on disk, none ingested
    ("ID=13149", 0.5),  # while ingesting the papers (after the last request, a decision page)
])
def test_killed_import_resumes_to_the_same_database(site, tmp_path, after, wait):
    clean = tmp_path / "clean.db"
    run(site, clean)
    killed = tmp_path / "killed.db"
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "import", "moderngov", site.url,
               "-d", str(killed), "--delay", str(DELAY), "--since", SINCE]
    first = len(site.hits)
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(after in p for p in site.paths()[first:]) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(wait)
    os.killpg(process.pid, signal.SIGKILL)  # the importer and any reader it started
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert content(killed) != content(clean)  # killed halfway: papers on disk, meetings not written
    resumed = len(site.hits)
    assert run(site, killed).exit_code == 1  # the 404 again
    assert "/mgConvert2PDF.aspx?ID=60909" not in site.paths()[resumed:]  # held: not downloaded again
    assert content(killed) == content(clean)


def content(db_path) -> dict:
    """Every table's rows, without the times they were written and the local file names."""
    database = sqlite_utils.Database(db_path)
    volatile = {"fetched_at", "ingested_at", "when", "path", "applied_at"}
    return {
        table: sorted(json.dumps({k: v for k, v in row.items() if k not in volatile}, sort_keys=True)
                      for row in database[table].rows)
        for table in database.table_names() if "_fts" not in table and table not in ("_onrecord_migrations",)
    }


# --- the parts, on the fixtures as the upstream project cut them from real councils ----------


def test_fixture_meeting_reads_papers_and_minutes():
    root = etree.fromstring((FIXTURES / "lgsf_GetMeeting_with_minutes_manchester.xml").read_bytes())
    meeting = moderngov.parse_meeting(root, "Audit Committee", "https://democracy.manchester.gov.uk")
    assert (meeting.date, meeting.time, meeting.status) == ("2026-02-10", "10:00", "Confirmed")
    assert [p.key for p in meeting.papers] == ["60860", "60909"]
    assert meeting.papers[0].title == "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025"
    assert meeting.papers[0].published_date == "2026-02-02"
    assert [d.ref for d in meeting.decisions] == ["1.", "9."]
    assert meeting.decisions[0].text == (
        "To approve the minutes of the meeting held on 25 November 2025 as a correct record.")


def test_fixture_cancelled_meeting_has_nothing_to_fetch():
    root = etree.fromstring((FIXTURES / "lgsf_GetMeeting_no_minutes_manchester.xml").read_bytes())
    meeting = moderngov.parse_meeting(root, "Audit Committee", "https://democracy.manchester.gov.uk")
    assert meeting.status == "Cancelled"
    assert meeting.papers == [] and meeting.decisions == []


def test_fixture_counts_with_leading_spaces_and_dates_as_dd_mm_yyyy():
    committees = moderngov.parse_committees(
        etree.fromstring((FIXTURES / "lgsf_GetCommittees_manchester.xml").read_bytes()))
    assert [c.native_id for c in committees] == ["312", "163", "144"]
    assert committees[0].expired and not committees[1].expired
    meetings = moderngov.parse_meetings(
        etree.fromstring((FIXTURES / "lgsf_GetMeetings_manchester.xml").read_bytes()))
    assert [(m.native_id, m.date, m.status) for m in meetings] == [
        ("4966", "2026-01-13", "Cancelled"), ("4967", "2026-02-10", "Confirmed")]


@pytest.mark.parametrize("printed, expected", [
    ("10.00 am", "10:00"), ("2.00 pm", "14:00"), ("12.30 pm", "12:30"), ("12.00 am", "00:00"),
    ("14:00", "14:00"), ("", None), ("noon", None),
])
def test_meeting_times(printed, expected):
    assert moderngov.clock(printed) == expected


@pytest.mark.parametrize("url, expected", [
    ("http://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=1", "https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=1"),
    ("documents/s7942/polc2 - 23.09.2015.pdf", "https://democracy.example.gov.uk/documents/s7942/polc2 - 23.09.2015.pdf"),
    ("http://elsewhere.example.org/a.pdf", "http://elsewhere.example.org/a.pdf"),
    ("mgConvert2PDF.aspx?ID=1&amp;T=9", "https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=1&T=9"),
])
def test_document_urls_follow_the_site_to_https(url, expected):
    assert moderngov.document_url(url, "https://democracy.example.gov.uk") == expected


@pytest.mark.parametrize("url, expected", [
    ("https://democracy.example.gov.uk/", "https://democracy.example.gov.uk"),
    ("https://democracy.example.gov.uk/mgListCommittees.aspx?bcr=1", "https://democracy.example.gov.uk"),
    ("https://example.gov.uk/democracy/mgWebService.asmx/GetCommittees", "https://example.gov.uk/democracy"),
])
def test_site_address_from_any_page(url, expected):
    assert moderngov.base_url(url) == expected


def test_client_waits_out_429_capped_and_does_not_retry_404(site):
    site.throttle = {"/mgWebService.asmx/GetMeetings?144"}
    with Client(delay=DELAY, max_wait=0.2) as client:
        started = time.monotonic()
        client.get(f"{site.url}/mgWebService.asmx/GetMeetings?lCommitteeId=144")
        assert 0.2 <= time.monotonic() - started < 1.0  # Retry-After: 1, capped at 0.2 s
        with pytest.raises(NotFound):
            client.get(f"{site.url}/nothing-here")
        site.waf = True
        with pytest.raises(Refused):
            client.get(f"{site.url}/mgWebService.asmx/GetCommittees")
    assert [hit.status for hit in site.hits] == [429, 200, 404, 403]


def test_client_gives_up_on_a_failing_server_after_its_retries(site):
    with Client(delay=0, retries=2, backoff=0.01) as client, pytest.raises(FetchError, match="HTTP 500 after 3 tries"):
        client.get(f"{site.url}/mgWebService.asmx/GetMeeting?lMeetingId=1")
    assert len(site.hits) == 3


# --- CMIS -------------------------------------------------------------------------------------


@pytest.fixture
def cmis(tmp_path):
    served = tmp_path / "served-cmis"
    served.mkdir()
    server = CmisSite(served, TODAY)
    yield server
    server.close()


def run_cmis(cmis, db_path, *extra: str):
    args = ["import", "cmis", cmis.url + "/cmis5", "-d", str(db_path), "--delay", str(DELAY), "--since", SINCE, *extra]
    return CliRunner().invoke(cli, args)


def test_cmis_first_and_second_import(cmis, tmp_path):
    db_path = tmp_path / "council.db"
    result = run_cmis(cmis, db_path)
    assert result.exit_code == 0, result.output
    assert summary(result).startswith(
        "2 committees, 3 meetings (3 fetched, 3 new or changed), 4 papers fetched, 3 papers new, 0 held,")
    database = sqlite_utils.Database(db_path)
    meetings = {row["native_id"]: row for row in database["meetings"].rows}
    assert meetings["15029"]["date"] == (TODAY - timedelta(days=130)).isoformat()
    assert meetings["15029"]["time"] == "14:00"
    assert meetings["15029"]["status"] == "Scheduled"  # by the label's text, not its CSS class
    assert meetings["15029"]["location"] == "Committee Room 2, Council House"
    assert meetings["15030"]["status"] == "Cancelled"
    assert {row["title"] for row in database["committees"].rows} == {"Licensing Sub-Committee A", "Cabinet"}
    # One file under two opaque tokens: one document, both sources point at it.
    sources = {row["url"].rsplit("?", 1)[1]: row for row in database["sources"].rows if row["what"] == "paper"}
    assert sources["czJKcaeAi5tUFL1DTL2UE4sOqCLHzE2A"]["document"] == sources["Hh7Tg2Kk9PqLmN3r"]["document"]
    budget = database.execute(
        "select committee, meeting_date from documents where id = ?", [sources["Zx1Cv2Bn3Mm4"]["document"]]).fetchone()
    assert budget == ("Cabinet", meetings["15029"]["date"])
    first = len(cmis.hits)
    again = run_cmis(cmis, db_path)
    assert again.exit_code == 0, again.output
    second = cmis.paths()[first:]
    assert not [path for path in second if "Document.ashx" in path]
    # Only the last 90 days' meeting page is read again.
    assert [path for path in second if "ViewMeetingPublic" in path] == [
        cmis.meeting_url(cmis.meetings[0]).removeprefix(cmis.url)]
    assert "(1 fetched, 0 new or changed), 0 papers fetched, 0 papers new" in summary(again)
    gaps = [b.at - a.at for a, b in zip(cmis.hits, cmis.hits[1:])]
    assert min(gaps) >= DELAY


def test_cmis_calendar_fixture():
    from onrecord.sources import cmis as cmis_pages

    text = (FIXTURES / "lgsf_cmis_calendar_month_birmingham.html").read_text()
    found = cmis_pages.parse_calendar(text, date(2026, 6, 1), "https://birmingham.cmis.uk.com/")
    assert [(m.native_id, m.committee, m.date, m.time, c.title) for c, m in found] == [
        ("15028", "6", "2026-06-08", "10:00", "Licensing Sub-Committee A"),
        ("15029", "7", "2026-06-09", "10:00", "Licensing Sub-Committee B"),
        ("15030", "7", "2026-06-09", "12:00", "Licensing Sub-Committee B"),
        ("15099", "4", "2026-06-30", "14:00", "Planning Committee"),
    ]
    page = (FIXTURES / "lgsf_cmis_meeting_summary_birmingham.html").read_text()
    meeting = cmis_pages.parse_meeting(page, "https://birmingham.cmis.uk.com/birmingham/x", found[0][1])
    assert (meeting.date, meeting.time, meeting.status, meeting.location) == (
        "2026-08-03", "10:00", "Scheduled", "On-line meeting")
    assert [p.url for p in meeting.papers] == [
        "https://birmingham.cmis.uk.com/birmingham/Document.ashx?czJKcaeAi5tUFL1DTL2UE4sOqCLHzE2A"]


def test_a_site_without_its_web_service_is_read_from_its_pages(site, tmp_path):
    site.service_off = True
    db_path = tmp_path / "council.db"
    result = run(site, db_path)
    assert result.exit_code == 1, result.output  # the removed paper's 404
    assert summary(result).startswith(
        "3 committees, 4 meetings (3 fetched, 3 new or changed), 4 papers fetched, 4 papers new, 0 held,")
    database = sqlite_utils.Database(db_path)
    meetings = {row["native_id"]: row for row in database["meetings"].rows}
    assert set(meetings) == {"4966", "4967", "4968", "5001"}
    assert meetings["4966"]["status"] == "Cancelled"
    assert meetings["4968"]["date"] == (TODAY - timedelta(days=30)).isoformat()
    assert meetings["4968"]["time"] == "10:00"
    assert meetings["4968"]["location"] == "Council Antechamber, Level 2, Town Hall Extension"
    committees = {row["native_id"]: row["title"] for row in database["committees"].rows}
    assert committees["163"] == "Health & Wellbeing Board"
    paper = database.execute(
        "select committee, meeting, meeting_date, title from documents where source_url like '%ID=60950'").fetchone()
    assert paper[:3] == ("Audit Committee", meetings["4968"]["id"], meetings["4968"]["date"])
    decision = database.execute(
        "select items.kind, items.owners, items.text from items join documents on documents.id = items.document"
        " where documents.meeting = ?", [meetings["4968"]["id"]]).fetchall()
    assert ("decision", "Audit Committee",
            "RESOLVED that the Committee notes the risk register and asks the Director of Finance to report again.") in decision
    asked = " ".join(site.paths())
    assert "ID=60910" not in asked and "ID=60920" not in asked  # restricted: not linked, not fetched
    again = len(site.hits)
    second = run(site, db_path)
    assert "(1 fetched, 0 new or changed), 0 papers fetched, 0 papers new" in summary(second)
    assert not [p for p in site.paths()[again:] if "mgConvert2PDF" in p and "61001" not in p]


@pytest.mark.parametrize("name, expected", [
    ("lgsf_ieDecisionDetails_meeting_decision.html",
     ("Minutes of Previous Meeting", "Policy Committee", "2015-10-19",
      "The Minutes of the Policy Committee meeting on 23 September 2015 were approved as a correct record.")),
    ("lgsf_ieDecisionDetails_officer_decision.html",
     ("Appointment of contractor to demolish Holme Park Court", "Service Director - Homes & Neighbourhoods",
      "2021-07-27",
      ("The demolition of the existing tower blocks has been approved to support the regeneration of Berry Brow.\n"
       "This decision was authorised by the Cabinet at its meeting on Tuesday, 27 July 2021."))),
])
def test_decision_pages_from_the_fixtures(name, expected):
    decision = moderngov_pages.parse_decision((FIXTURES / name).read_text(), "Policy Committee")
    assert (decision.title, decision.decided_by, decision.decision_date, decision.text) == expected


async def test_document_and_item_pages_show_the_committee_and_meeting_with_links(site, tmp_path):
    import copy

    import yaml
    from datasette.app import Datasette

    db_path = tmp_path / "council.db"
    run(site, db_path)
    database = sqlite_utils.Database(db_path)
    paper = database.execute("select id from documents where source_url like '%ID=60950'").fetchone()[0]
    decision = database.execute("select id from items where ref = '3.' and method = 'minutes'").fetchone()[0]
    meeting = database.execute("select date, url from meetings where native_id = '4968'").fetchone()
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    metadata["databases"]["council"] = metadata["databases"].pop("onrecord")
    ds = Datasette([str(db_path)], metadata=copy.deepcopy(metadata))
    await ds.invoke_startup()
    for page in (f"/-/onrecord/document/{paper}", f"/-/onrecord/item/{decision}"):
        response = await ds.client.get(page)
        assert response.status_code == 200, response.text
        shown = response.text
        assert "<dt>Meeting</dt>" in shown and "Audit Committee" in shown and meeting[0] in shown
        assert f'href="{html.escape(meeting[1])}"' in shown
    assert f'href="{site.url}/mgConvert2PDF.aspx?ID=60950"' in (await ds.client.get(f"/-/onrecord/document/{paper}")).text
    rows = (await ds.client.get("/council/meetings_view.json?_shape=array&id__endswith=:4968")).json()
    assert [(r["committee"], r["documents"], r["items"] >= 1) for r in rows] == [("Audit Committee", 2, True)]
    # The decisions' text is a file of its own: the item's source link opens it.
    kept = database.execute("select document from items where id = ?", [decision]).fetchone()[0]
    source = await ds.client.get(f"/-/onrecord/source/{kept}")
    assert source.status_code == 200
    assert "RESOLVED that the Committee notes the risk register" in source.text
    owner = (await ds.client.get("/-/onrecord/owner/audit-committee"))
    assert owner.status_code == 200 and "RESOLVED that the Committee notes the risk register" in owner.text


def test_delegated_decisions_list_fixture():
    text = (FIXTURES / "lgsf_mgDelegatedDecisions_list_kirklees.html").read_text()
    found = moderngov_pages.parse_delegated(text, "https://democracy.kirklees.gov.uk/mgDelegatedDecisions.aspx?DS=2")
    assert [(d.url.rsplit("/", 1)[1], d.title, d.published_date) for d in found] == [
        ("ieDecisionDetails.aspx?ID=13567",
         ("Settlement Agreement with Network Rail Infrastructure Limited (NRIL) in respect of land adjacent to"
          " the George Hotel, Railway Street, Huddersfield"), "2025-04-01"),
        ("ieDecisionDetails.aspx?ID=13149", "Admission of the Public", "2025-11-03"),
    ]


def test_a_missing_paper_that_comes_back_is_fetched_and_its_error_cleared(site, tmp_path):
    db_path = tmp_path / "council.db"
    run(site, db_path)
    database = sqlite_utils.Database(db_path)
    assert database["errors"].count_where("path like '%ID=61001'") == 1
    meeting = next(m for m in site.meetings if m.id == 5001)
    meeting.status = "Confirmed again"  # the listing changed: the meeting is fetched again
    site.doc(61001).missing = False
    site.doc(61001).lines = ["Removed paper, restored"]
    result = run(site, db_path)
    assert result.exit_code == 0, result.output
    assert database["errors"].count_where("path like '%ID=61001'") == 0
    assert database.execute("select count(*) from documents where source_url like '%ID=61001'").fetchone()[0] == 1


@pytest.mark.parametrize("url", [
    "https://cmis.example.gov.uk/cmis5/Meetings/tabid/70/ctl/MeetingCalendarPublicNoJava/mid/397/Date/2025-01-01/Default.aspx",
    "https://cmis.example.gov.uk/cmis5/Meetings/tabid/70/ctl/ViewMeetingPublic/mid/397/Meeting/15028/Committee/6/Default.aspx",
])
def test_cmis_calendar_from_any_meetings_page_without_a_request(url):
    from onrecord.sources import Cmis

    with Client(delay=0) as client:
        month = Cmis(url).month_url(client, date(2026, 6, 1))
        assert client.requests == 0
    assert month == ("https://cmis.example.gov.uk/cmis5/Meetings/tabid/70/ctl/MeetingCalendarPublicNoJava"
                     "/mid/397/Date/2026-06-01/Default.aspx")


def test_a_url_that_is_not_cmis_is_one_clear_error(cmis, tmp_path):
    cmis.plain = True
    result = CliRunner().invoke(cli, ["import", "cmis", cmis.url + "/cmis5", "-d", str(tmp_path / "x.db"), "--delay", "0"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        (f"Error: {cmis.url}/cmis5 is not a CMIS site: no link to its meeting calendar"
         " - give the address of the site's calendar page")]


@pytest.mark.parametrize("header, expected", [("7", 7.0), ("", None), ("soon", None)])
def test_retry_after_in_seconds(header, expected):
    import httpx

    from onrecord.sources.http import _retry_after

    assert _retry_after(httpx.Response(429, headers={"Retry-After": header})) == expected


def test_retry_after_as_an_http_date():
    import email.utils

    import httpx

    from onrecord.sources.http import _retry_after

    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= _retry_after(httpx.Response(503, headers={"Retry-After": when})) <= 30


def test_only_the_committees_asked_for_and_an_unknown_one_is_an_error(site, tmp_path):
    db_path = tmp_path / "council.db"
    result = run(site, db_path, "--committee", "163")
    assert "1 committees, 1 meetings (1 fetched" in summary(result)
    assert [row["native_id"] for row in sqlite_utils.Database(db_path)["meetings"].rows] == ["5001"]
    assert not [p for p in site.paths() if "mgDelegatedDecisions" in p]  # they belong to no committee
    unknown = run(site, tmp_path / "other.db", "--committee", "999")
    assert unknown.exit_code == 1
    assert unknown.output.strip() == (
        "Error: --committee 999: no such committee on the site - run without --committee"
        " to list its committees in table committees")


def test_a_meeting_that_answers_an_error_page_is_recorded_and_the_others_go_on(site, tmp_path):
    db_path = tmp_path / "council.db"
    site.broken = {"4967"}
    result = run(site, db_path)
    assert result.exit_code == 1
    assert (f"Error: {site.url}/mgWebService.asmx/GetMeeting?lMeetingId=4967: not a Modern.Gov web service"
            " answer (not XML)") in result.output
    database = sqlite_utils.Database(db_path)
    done = {row["native_id"]: row["sha256"] for row in database["meetings"].rows}
    assert done["4968"] and done["5001"] and "4967" not in done
    assert database["errors"].count_where("path like '%lMeetingId=4967'") == 1
    site.broken = set()
    run(site, db_path)  # 4967 is older than 90 days, but was never read whole: read now
    assert sqlite_utils.Database(db_path)["meetings"].get(f"127.0.0.1:{site.http.server_port}:4967")["sha256"]
    assert database["errors"].count_where("path like '%lMeetingId=4967'") == 0
