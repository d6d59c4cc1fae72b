"""Test meeting-system sites: real HTTP servers on 127.0.0.1 answering in the shapes real
Modern.Gov and CMIS sites send (element names, nesting and quirks from
../shared/fixtures/moderngov/), with PDFs the tests make. Every request is logged with the time
it arrived, so tests can measure how far apart they were."""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .pdfs import make_pdf

WAF_PAGE = (b"<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
            b"<p>You don't have permission to access this server. Reference #18.5d3e1402</p></body></html>")


@dataclass
class Hit:
    at: float  # time.monotonic() when the request arrived
    path: str  # path and query
    user_agent: str
    status: int = 0


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Server:
    """An HTTP server on 127.0.0.1 in a thread; `respond(path, query)` decides each answer."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.waf = False  # answer every request with a WAF's 403 page
        self.plain = False  # answer every request with an ordinary web page
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hit = Hit(time.monotonic(), self.path, self.headers.get("User-Agent", ""))
                server.hits.append(hit)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                if server.waf:
                    answer = Answer(403, WAF_PAGE, "text/html", {"Server": "AkamaiGHost"})
                elif server.plain:
                    answer = Answer(200, b"<!DOCTYPE html><html><body><p>Welcome<br></p></body></html>",
                                    "text/html")
                else:
                    answer = server.respond(parts.path, query, parts.query)
                hit.status = answer.status
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *_: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_port}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def respond(self, path: str, query: dict[str, str], raw_query: str) -> Answer:
        return Answer(404, b"<html><body>Not found</body></html>", "text/html")

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]


# --- Modern.Gov -------------------------------------------------------------------------------


@dataclass
class Doc:
    attachment: int
    title: str
    lines: list[str]
    restricted: bool = False
    missing: bool = False  # the URL answers 404


@dataclass
class Agenda:
    number: str
    title: str
    minutes: str = ""  # Word HTML, escaped into the XML
    decision: str = ""
    restricted: bool = False
    docs: list[Doc] = field(default_factory=list)


@dataclass
class MgMeeting:
    id: int
    committee: int
    day: date
    status: str = "Confirmed"
    agenda: list[Agenda] = field(default_factory=list)


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def word_html(*paragraphs: str) -> str:
    """Word's HTML, as Modern.Gov keeps it: MsoNormal paragraphs, hard-wrapped, &nbsp; spacers."""
    body = "\n<p class=\"MsoNormal\"><span style=\"\">&nbsp;</span></p>\n".join(
        f"<p class=\"MsoNormal\"><span style=\"\">{escape(p).replace(' the ', ' the' + chr(10), 1)}</span></p>"
        for p in paragraphs
    )
    return f"<div class=\"WordSection1\">\n{body}\n</div>\n"


class ModernGovSite(Server):
    """mgWebService.asmx with GetCommittees, GetMeetings and GetMeeting, and its papers."""

    def __init__(self, folder: Path, today: date | None = None) -> None:
        super().__init__()
        self.folder = folder
        today = today or date.today()
        self.committees = [
            (312, "Appointment Sub Committee for Director of Adult Social Services", True, False),
            (144, "Audit Committee", False, False),
            (163, "Health &amp; Wellbeing Board", False, False),  # HTML-encoded, then XML-escaped
            (101, "Old Panel", True, True),  # deleted: never asked for
        ]
        audit_minutes = word_html("To approve the minutes of the meeting held on 25 November 2025 as a correct record.")
        self.meetings = [
            MgMeeting(4900, 144, today - timedelta(days=3000), agenda=[
                Agenda("1.", "Ancient history", docs=[Doc(50001, "Old report", ["An old report."])]),
            ]),
            MgMeeting(4966, 144, today - timedelta(days=60), status="Cancelled"),
            MgMeeting(4967, 144, today - timedelta(days=200), agenda=[
                Agenda("1.", "Minutes", minutes=audit_minutes, docs=[
                    Doc(60860, "6 - CHAIR APPROVED  Minutes Audit Committee 25 Nov 2025",
                        ["Audit Committee minutes", "The Committee agreed the internal audit plan."]),
                ]),
                Agenda("9.", "Work Programme &amp; Forward Plan", minutes=word_html(
                    "The Committee considered a report of the Governance and Scrutiny Support Unit.",
                    "Decision: the Committee agreed its work programme for 2025/26."), docs=[
                    Doc(60909, "DRAFT WP  FEBRUARY 2026", ["Work programme", "Internal audit report in March."]),
                    Doc(60910, "Confidential appendix", ["Secret figures"], restricted=True),
                ]),
                Agenda("10.", "Exempt item: staffing", minutes=word_html("Secret minute."), restricted=True,
                       docs=[Doc(60920, "Staffing report", ["Secret staffing"])]),
            ]),
            MgMeeting(4968, 144, today - timedelta(days=30), agenda=[
                Agenda("3.", "Risk Register", decision=word_html(
                    "RESOLVED that the Committee notes the risk register and asks the Director of Finance to report again."),
                    docs=[Doc(60950, "Risk Register", ["Risk register", "The Director of Finance will review the register."])]),
            ]),
            MgMeeting(5001, 163, today - timedelta(days=100), agenda=[
                Agenda("2.", "Joint strategy", docs=[
                    Doc(61000, "Joint strategy", ["Joint health strategy"]),
                    Doc(61001, "Removed paper", [], missing=True),
                ]),
            ]),
        ]
        self.throttle = {"/mgWebService.asmx/GetMeetings?163"}  # answered 429 once, then served
        self.service_off = False  # mgWebService.asmx answers 404: only the HTML pages are there
        self.broken: set[str] = set()  # meeting ids whose GetMeeting answers an error page with 200
        self.delegated_asked: str | None = None
        decided = today - timedelta(days=20)
        self.decided = decided
        # In the shapes of the fixtures' ieDecisionDetails pages: an officer's decision, and one
        # decided at a meeting (read with its meeting, not again as a decision of its own).
        self.delegated = {
            "13567": f"""<div class="mgSubTitle" >
<h2 class="mgSubTitleTxt">Appointment of contractor to demolish Holme Park Court</h2>
</div>
<div class="mgContent" >
<p><span  class="mgLabel" >Decision Maker: </span>Service Director - Homes &#38; Neighbourhoods</p>
<p><span  class="mgLabel" >Decision status: </span><span  class="mgPlanItemInForce" >Recommendations Approved</span></p>
<h3 class="mgSubSubTitleTxt">Decision:</h3>
<div class="mgWordPara"><div class="WordSection1">
<p class="MsoNormal"><span style="">The demolition of the existing
tower blocks has been approved to support the regeneration of Berry
Brow.</span></p>
<p class="MsoNormal"><span style="">&nbsp;</span></p>
</div>
</div>
<p><span  class="mgLabel" >Publication date: </span>{dmy(decided + timedelta(days=3)).replace('/', '&#47;')}</p>
<p><span  class="mgLabel" >Date of decision: </span>{dmy(decided).replace('/', '&#47;')}</p>
</div>""",
            "13149": f"""<div class="mgSubTitle" >
<h2 class="mgSubTitleTxt">Admission of the Public</h2>
</div>
<div class="mgContent" >
<h3 class="mgSubSubTitleTxt">Decision:</h3>
<div class="mgWordPara"><div class="WordSection1"><p class="MsoNormal">The public were admitted.</p></div></div>
<p><span  class="mgLabel" >Date of decision: </span>{dmy(decided).replace('/', '&#47;')}</p>
<p><span  class="mgLabel" >Decided at meeting: </span><a  href="ieListDocuments.aspx?CId=144&amp;MID=4968"  >Audit Committee</a></p>
</div>""",
        }
        self.queries: list[dict[str, str]] = []

    def respond(self, path: str, query: dict[str, str], raw_query: str) -> Answer:
        self.queries.append(query)
        if self.service_off and path.startswith("/mgWebService.asmx"):
            return Answer(404, b"<html><body>The resource cannot be found.</body></html>", "text/html")
        if page := self.pages(path, query):
            return page
        if path == "/mgWebService.asmx/GetCommittees":
            return Answer(200, self.committees_xml())
        if path == "/mgWebService.asmx/GetMeetings":
            key = f"{path}?{query.get('lCommitteeId')}"
            if key in self.throttle:
                self.throttle.discard(key)
                return Answer(429, b"Too many requests", "text/plain", {"Retry-After": "1"})
            return Answer(200, self.meetings_xml(int(query["lCommitteeId"])))
        if path == "/mgWebService.asmx/GetMeeting" and query.get("lMeetingId") in self.broken:
            return Answer(200, b"<html><body><h1>Server Error in '/' Application.</body></html>", "text/html")
        if path == "/mgWebService.asmx/GetMeeting":
            meeting = next((m for m in self.meetings if str(m.id) == query.get("lMeetingId")), None)
            if meeting is None:
                return Answer(500, b"<html>Server Error in '/' Application.</html>", "text/html")
            return Answer(200, self.meeting_xml(meeting))
        if path == "/mgConvert2PDF.aspx":
            doc = self.doc(int(query.get("ID", 0)))
            if doc is None or doc.missing:
                return Answer(404, b"<html><body>The resource cannot be found.</body></html>", "text/html")
            pdf = self.folder / f"served-{doc.attachment}-{abs(hash(tuple(doc.lines)))}.pdf"
            if not pdf.exists():
                make_pdf(pdf, [doc.lines], title=doc.title)
            return Answer(200, pdf.read_bytes(), "application/pdf")
        return super().respond(path, query, raw_query)

    def pages(self, path: str, query: dict[str, str]) -> Answer | None:
        """The HTML pages in Modern.Gov's markup (mg* classes), for when the web service is off."""
        def page(body: str) -> Answer:
            return Answer(200, f'<html><body><div id="modgov">{body}</div></body></html>'.encode(),
                          "text/html; charset=utf-8")

        if path == "/mgListCommittees.aspx":
            return page('<ul class="mgBulletList">' + "".join(
                f'<li><a href="mgCommitteeDetails.aspx?ID={cid}" title="Link&#32;to&#32;committee&#32;details">'
                f"{title}</a></li>" for cid, title, _, deleted in self.committees if not deleted) + "</ul>")
        if path == "/ieListMeetings.aspx":
            mine = [m for m in self.meetings if str(m.committee) == query.get("CId")]
            return page('<ul class="mgBulletList">' + "".join(
                f'<li><a href="ieListDocuments.aspx?CId={m.committee}&amp;MId={m.id}&amp;Ver=4">'
                f"{m.day.day} {m.day.strftime('%b %Y')} 10.00 am{' CANCELLED' if m.status == 'Cancelled' else ''}</a></li>"
                for m in mine) + "</ul>")
        if path == "/ieListDocuments.aspx":
            m = next((m for m in self.meetings if str(m.id) == query.get("MId")), None)
            if m is None:
                return None
            day = m.day
            heading = f"{day.strftime('%A')}, {day.day}th {day.strftime('%B')}, {day.year} 10.00 am"
            items = []
            for item in m.agenda:
                if item.restricted:
                    items.append(f'<tr><td>{item.number}</td><td><p class="mgAiTitleTxt">{item.title}</p>'
                                 "<p>This item is exempt.</p></td></tr>")
                    continue
                docs = "".join(
                    f'<li><a href="http://{self.url.split("://")[1]}/mgConvert2PDF.aspx?ID={d.attachment}"'
                    f' title="Link&#32;to&#32;file">{escape(d.title)} <span class="mgFileSize">PDF 119 KB</span></a></li>'
                    for d in item.docs if not d.restricted)
                decision = (f'<p><a href="ieDecisionDetails.aspx?AIId={m.id}{item.number.strip(".")}">View the decision'
                            " for item " + item.number + "</a></p>") if item.decision else ""
                items.append(f'<tr><td>{item.number}</td><td><p class="mgAiTitleTxt">{item.title}</p>'
                             f'{decision}<ul class="mgBulletList">{docs}</ul></td></tr>')
            return page(f'<div class="mgSubTitle"><h2 class="mgSubTitleTxt">Agenda and minutes - {heading}</h2></div>'
                        '<p class="mgSubSubTitleTxt">Venue: Council Antechamber, Level 2, Town Hall Extension</p>'
                        '<p>Contact: Governance Support</p>'
                        f'<table class="mgItemTable">{"".join(items)}</table>')
        if path == "/mgDelegatedDecisions.aspx":
            self.delegated_asked = query.get("DR")
            return page(self.delegated_list())
        if path == "/ieDecisionDetails.aspx" and query.get("ID") in self.delegated:
            return page(self.delegated[query["ID"]])
        if path == "/ieDecisionDetails.aspx":
            for m in self.meetings:
                for item in m.agenda:
                    if item.decision and query.get("AIId") == f"{m.id}{item.number.strip('.')}":
                        return page(f"""<div class="mgSubTitle" >
<h2 class="mgSubTitleTxt">{item.title}</h2>
</div>
<div class="mgContent" >
<p><span  class="mgLabel" >Decision status: </span><span  class="mgPlanItemInForce" >Recommendations Approved</span></p>
<p><span  class="mgLabel" >Is Key decision?: </span>No</p>
<h3 class="mgSubSubTitleTxt">Decision:</h3>
<div class="mgWordPara">{item.decision}</div>
<p><span  class="mgLabel" >Publication date: </span>{dmy(m.day + timedelta(days=2)).replace('/', '&#47;')}</p>
<p><span  class="mgLabel" >Date of decision: </span>{dmy(m.day).replace('/', '&#47;')}</p>
<p><span  class="mgLabel" >Decided at meeting: </span><a  href="ieListDocuments.aspx?CId={m.committee}&amp;MID={m.id}"  >{dmy(m.day)}</a></p>
</div>""")
        return None

    def delegated_list(self) -> str:
        """mgDelegatedDecisions.aspx's table, as in the fixture: hidden refs, and an issue-history row."""
        day = dmy(self.decided).replace("/", "&#47;")
        rows = "".join(
            f'<tr><td  class="mgMainTxt" ><a  href="ieDecisionDetails.aspx?ID={ref}"  title="Link&#32;to&#32;decision&#32;details">'
            f'{title}<span  class="mgHide" > ref&#58; {ref}</span></a></td><td  class="mgMainTxt" >{day}</td>'
            f'<td  class="mgMainTxt" >{day}</td><td  class="mgMainTxt" >Not for call-in</td></tr>'
            for ref, title in (("13567", "Appointment of contractor to demolish Holme Park Court"),
                               ("13149", "Admission of the Public"))
        )
        return f"""<table class="mgTabTable tablesorter"  summary="Table of decision summary data">
<caption  class="mgSectionTitle" >Decisions published</caption>
<thead class='mgFilterHeaderRow'><tr>
<th abbr='Title' scope='col'>Title</th><th abbr='Published' scope='col'>Date</th>
<th abbr='Applies' scope='col'>Effective from</th><th abbr='Call-ins' scope='col'>Call-ins</th>
</tr></thead><tbody>
{rows}
<tr><td  class="mgMainTxt" ><a  href="mgIssueHistoryHome.aspx?IId=6535&amp;Opt=0"  title="Link&#32;to&#32;issue&#32;history">An issue history row, not a decision</a></td><td  class="mgMainTxt" >{day}</td><td  class="mgMainTxt" >{day}</td><td  class="mgMainTxt" >Not for call-in</td></tr>
</tbody></table>"""

    def doc(self, attachment: int) -> Doc | None:
        for meeting in self.meetings:
            for item in meeting.agenda:
                for doc in item.docs:
                    if doc.attachment == attachment:
                        return doc
        return None

    def committees_xml(self) -> bytes:
        rows = "".join(
            f"""
  <committee>
    <committeeid>{cid}</committeeid>
    <committeetitle>{escape(title)}</committeetitle>
    <committeedeleted>{deleted}</committeedeleted>
    <committeeexpired>{expired}</committeeexpired>
    <committeecategory>Governance and Decision Making Committees</committeecategory>
  </committee>"""
            for cid, title, expired, deleted in self.committees
        )
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<committees>\n'
                f"  <committeescount> {len(self.committees)}</committeescount>{rows}\n</committees>\n").encode()

    def meetings_xml(self, committee: int) -> bytes:
        # Like some real sites, the dates asked for are ignored: every meeting is sent.
        mine = [m for m in self.meetings if m.committee == committee]
        title = next(t for c, t, _, _ in self.committees if c == committee)
        rows = "".join(
            f"""
      <meeting>
        <meetingid>{m.id}</meetingid>
        <meetingdate>{dmy(m.day)}</meetingdate>
        <meetingstatus>{m.status}</meetingstatus>
        <meetingtime>10.00 am</meetingtime>
        <iswebcast>False</iswebcast>
      </meeting>"""
            for m in mine
        )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<getmeetings>
  <meetingscount> {len(mine)}</meetingscount>
  <committeescount> 1</committeescount>
  <committee>
    <committeeid>{committee}</committeeid>
    <committeetitle>{escape(title)}</committeetitle>
    <committeemeetingcount> {len(mine)}</committeemeetingcount>
    <committeemeetings>{rows}
    </committeemeetings>
  </committee>
</getmeetings>
""".encode()

    def meeting_xml(self, m: MgMeeting) -> bytes:
        title = next(t for c, t, _, _ in self.committees if c == m.committee)
        items = "".join(self.agenda_xml(m, item, title) for item in m.agenda)
        published = "True" if m.agenda else "False"
        return f"""<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingid>{m.id}</meetingid>
  <meetingdate>{dmy(m.day)}</meetingdate>
  <meetingstatus>{m.status}</meetingstatus>
  <isdisplayallowed>True</isdisplayallowed>
  <meetingtime>10.00 am</meetingtime>
  <meetingactualstarttime>
  </meetingactualstarttime>
  <meetingplannedfinishtime>2.00 pm</meetingplannedfinishtime>
  <meetinglocation>Council Antechamber, Level 2, Town Hall Extension</meetinglocation>
  <iswebcast>False</iswebcast>
  <agendaid>{m.id}</agendaid>
  <agendapublished>{published}</agendapublished>
  <decisionpublished>False</decisionpublished>
  <minutepublished>{published}</minutepublished>
  <meetingroom>
  </meetingroom>
  <agendaitems>{items}
  </agendaitems>
  <attendees>
    <attendee membertype="U" memberid="192" name="Councillor Basil Curley" roledescription="Committee Member" attendance="Expected" politicalparty="LAB" ward="Charlestown">
      <url>{self.url}/mgUserInfo.aspx?UID=192</url>
    </attendee>
  </attendees>
</meeting>
""".encode()

    def agenda_xml(self, m: MgMeeting, item: Agenda, committee: str) -> str:
        docs = "".join(
            f"""
        <linkeddoc>
          <attachmentid>{d.attachment}</attachmentid>
          <title>{escape(d.title)}</title>
          <isurl>False</isurl>
          <url>{self.url}/mgConvert2PDF.aspx?ID={d.attachment}</url>
          <isrestricted>{d.restricted}</isrestricted>
          <restrictionsRef>
          </restrictionsRef>
          <itemnum>1</itemnum>
          <publicationdate>{dmy(m.day - timedelta(days=8))}</publicationdate>
          <meetingdate>{dmy(m.day)}</meetingdate>
          <decisiondate>{dmy(m.day)}</decisiondate>
          <committeetitle>{escape(committee)}</committeetitle>
          <isdecisionattachment>False</isdecisionattachment>
          <ownertitle>{escape(item.title)}</ownertitle>
        </linkeddoc>"""
            for d in item.docs
        )
        decision = f"\n      <decisionnonemptyhtmlbody>{escape(item.decision)}</decisionnonemptyhtmlbody>" if item.decision else ""
        return f"""
    <agendaitem>
      <agendaitemid>{m.id * 10 + len(item.title)}</agendaitemid>
      <agendaitemtitle>{escape(item.title)}</agendaitemtitle>
      <agendatext>{escape(word_html("The report of the Governance and Scrutiny Support Unit, attached."))}</agendatext>
      <actualmeetingdate>{dmy(m.day)}</actualmeetingdate>
      <fulldisplaynumberformat>{item.number}</fulldisplaynumberformat>
      <minutesnonemptyhtmlbody>{escape(item.minutes)}</minutesnonemptyhtmlbody>{decision}
      <isdecision>{bool(item.decision)}</isdecision>
      <isdecisionpublished>{bool(item.decision)}</isdecisionpublished>
      <isminutepublished>{bool(item.minutes)}</isminutepublished>
      <isrestricted>{item.restricted}</isrestricted>
      <meetingdate>{dmy(m.day)}</meetingdate>
      <meetingtime>10.00 am</meetingtime>
      <refertocommittee>{escape(committee)}</refertocommittee>
      <linkeddocuments>{docs}
      </linkeddocuments>
    </agendaitem>"""


# --- CMIS -------------------------------------------------------------------------------------


@dataclass
class CmisMeeting:
    id: int
    committee: int
    title: str
    day: date
    time: str = "10:00"
    status: str = "Scheduled"
    docs: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (token, title, lines)


class CmisSite(Server):
    """A DotNetNuke CMIS site under /cmis5: home page, month calendar, meeting pages, Document.ashx."""

    PREFIX = "/cmis5/Meetings/tabid/70/ctl/"

    def __init__(self, folder: Path, today: date | None = None) -> None:
        super().__init__()
        self.folder = folder
        today = today or date.today()
        minutes = ["Licensing Sub-Committee A", "Minutes of the previous meeting"]
        self.meetings = [
            CmisMeeting(15028, 6, "Licensing Sub-Committee A", today - timedelta(days=40), docs=[
                ("czJKcaeAi5tUFL1DTL2UE4sOqCLHzE2A", "Minutes of the previous meeting", minutes),
                ("q8Wn3LkP0aZs1Xv7YbT2", "Licence review report", ["Licence review", "The panel agreed."]),
            ]),
            CmisMeeting(15029, 7, "Cabinet", today - timedelta(days=130), time="14:00", docs=[
                # the same file as above, under another opaque token
                ("Hh7Tg2Kk9PqLmN3r", "Minutes of Licensing Sub-Committee A", minutes),
                ("Zx1Cv2Bn3Mm4", "Budget report", ["Budget 2026/27", "Cabinet approved the budget."]),
            ]),
            CmisMeeting(15030, 7, "Cabinet", today - timedelta(days=100), status="Cancelled"),
        ]

    def respond(self, path: str, query: dict[str, str], raw_query: str) -> Answer:
        if path in ("/cmis5", "/cmis5/"):
            link = f"{self.PREFIX}MeetingCalendarPublicNoJava/mid/397/Date/{date.today().isoformat()}/Default.aspx"
            return Answer(200, f'<html><body><a href="{link}">Meetings calendar</a></body></html>'.encode(), "text/html")
        if match := re.fullmatch(re.escape(self.PREFIX) + r"MeetingCalendarPublicNoJava/mid/397/Date/(\d{4}-\d{2}-\d{2})/Default.aspx", path):
            return Answer(200, self.calendar(date.fromisoformat(match.group(1))), "text/html; charset=utf-8")
        if match := re.fullmatch(re.escape(self.PREFIX) + r"ViewMeetingPublic/mid/397/Meeting/(\d+)/Committee/\d+/SelectedTab/Documents/Default.aspx", path):
            meeting = next((m for m in self.meetings if m.id == int(match.group(1))), None)
            if meeting:
                return Answer(200, self.summary(meeting), "text/html; charset=utf-8")
        if path == "/cmis5/Document.ashx":
            for meeting in self.meetings:
                for token, title, lines in meeting.docs:
                    if token == raw_query:
                        pdf = self.folder / f"cmis-{token}.pdf"
                        if not pdf.exists():
                            make_pdf(pdf, [lines])
                        return Answer(200, pdf.read_bytes(), "application/pdf")
        return super().respond(path, query, raw_query)

    def meeting_url(self, m: CmisMeeting) -> str:
        return (f"{self.url}{self.PREFIX}ViewMeetingPublic/mid/397/Meeting/{m.id}/Committee/{m.committee}"
                "/SelectedTab/Documents/Default.aspx")

    def calendar(self, month: date) -> bytes:
        rows = []
        for n, day in enumerate(sorted({m.day for m in self.meetings if (m.day.year, m.day.month) == (month.year, month.month)})):
            links = "".join(
                f'\n    <p class="Meeting">\n      <a href="{self.meeting_url(m)}">{m.time} {escape(m.title)}</a>\n    </p>'
                for m in self.meetings if m.day == day
            )
            rows.append(f"""<tr class="{'rgAltRow' if n % 2 else 'rgRow'}" id="dnn_ctr397_MeetingCalendarPublicPrinter_grdRadMeeting_ctl00__{n}">
  <td class="SimpleCalendarDate">{day.strftime('%A')}, {day.day} {day.strftime('%B')}</td>
  <td>{links}
  </td>
</tr>""")
        return f"""<html>
<body>
<div class="DNNModuleContent ModCMISMeetingsC">
<table class="rgMasterTable" id="dnn_ctr397_MeetingCalendarPublicPrinter_grdRadMeeting_ctl00">
{chr(10).join(rows)}
</table>
</div>
</body>
</html>""".encode()

    def summary(self, m: CmisMeeting) -> bytes:
        docs = "".join(
            f'\n    <li class="DocumentListItem">\n      <a class="TitleLink" href="/cmis5/Document.ashx?{token}">{escape(title)}</a>\n    </li>'
            for token, title, _ in m.docs
        )
        return f"""<html>
<body>
<div class="DNNModuleContent ModCMISMeetingsC">
  <h1>Meeting Details</h1>
  <div class="holder">
    <div class="DNNLabel CommitteeLabel"><div class="dnnLabel"><label><span>Committee:</span></label></div></div>
    <div class="Value Committee">{escape(m.title)}</div>
  </div>
  <div class="holder">
    <div class="DNNLabel DateTimeLabel"><div class="dnnLabel"><label><span>Date/Time:</span></label></div></div>
    <div class="Value DateTime">{m.day.day} {m.day.strftime('%b %Y')} - {m.time}</div>
  </div>
  <div class="holder">
    <div class="DNNLabel VenueLabel"><div class="dnnLabel"><label><span>Status:</span></label></div></div>
    <div class="Value Venue">{m.status}</div>
    <div class="holder">
      <div class="DNNLabel VenueLabel"><div class="dnnLabel"><label><span>Venue:</span></label></div></div>
      <div class="Value Venue">
        <a href="http://127.0.0.1/cmis5/Meetings/tabid/70/ctl/MeetingVenueDetails/mid/397/VenueID/13/Default.aspx">Committee Room 2, Council House</a>
      </div>
    </div>
  </div>
  <ul class="DocumentList CmisDocumentList">{docs}
  </ul>
</div>
</body>
</html>""".encode()
