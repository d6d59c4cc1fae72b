"""Modern.Gov: committees, meetings, papers and decisions from its web service, mgWebService.asmx.

The service answers plain GETs with XML (no ETag). Its quirks, as real sites send them: counts
with a leading space (" 3"), dates as dd/mm/yyyy, times as "10.00 am", titles HTML-encoded once
more inside the XML, agenda and minutes text as escaped Word HTML, document URLs on http://
under an https:// site, and GetMeetings ignoring its date range on some sites.

Example::

    site = ModernGov("https://democracy.example.gov.uk")
    committees, meetings = site.listing(client, "2025-01-01", "2025-12-31")
"""
from __future__ import annotations

import html
import re
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

from onrecord.sources.errors import FetchError, NotMeetingSystem, Refused
from onrecord.sources.http import Client
from onrecord.sources.model import Committee, Decision, Delegated, Meeting, Paper

if TYPE_CHECKING:
    from onrecord.sources.moderngov_pages import ModernGovPages

SERVICE = "mgWebService.asmx"
_PAGE = re.compile(r"/(mgWebService\.asmx.*|[a-z]+\.aspx.*)$", re.IGNORECASE)
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class ModernGov:
    """One Modern.Gov site, read through its web service."""

    system = "moderngov"

    def __init__(self, url: str) -> None:
        self.base = base_url(url)
        self.host = urlsplit(self.base).netloc.lower()
        self.pages: ModernGovPages | None = None  # set when the web service is off

    def service(self, op: str) -> str:
        return f"{self.base}/{SERVICE}/{op}"

    def listing(
        self, client: Client, since: str | None, until: str | None, only: set[str] | None = None
    ) -> tuple[list[Committee], list[Meeting]]:
        """The site's committees, and the meetings of those wanted between since and until."""
        try:
            root = self._xml(client, self.service("GetCommittees"), "committees")
        except NotMeetingSystem:
            from onrecord.sources.moderngov_pages import ModernGovPages

            pages = ModernGovPages(self.base)  # the web service is switched off: read the pages
            if not (listed := pages.committees(client)):
                raise
            self.pages = pages
            return pages.listing(client, since, until, only, listed)
        committees = parse_committees(root)
        wanted = [c for c in committees if not c.deleted and (not only or c.native_id in only)]
        meetings = []
        params = {"sFromDate": dmy(since or "1990-01-01"), "sToDate": dmy(until or "2099-12-31")}
        for committee in wanted:
            root = self._xml(
                client, self.service("GetMeetings"), "getmeetings",
                {"lCommitteeId": committee.native_id, **params},
            )
            for meeting in parse_meetings(root):
                # The service is known to ignore the dates it is sent: filter here as well.
                if meeting.date and (since and meeting.date < since or until and meeting.date > until):
                    continue
                meeting.committee = meeting.committee or committee.native_id
                meeting.url = self.meeting_page(meeting)
                meetings.append(meeting)
        return wanted, meetings

    def fetch(self, client: Client, stub: Meeting, committee: Committee) -> tuple[bytes, str, Meeting]:
        """(raw XML, the URL it came from, the meeting with its papers and decisions)."""
        if self.pages is not None:
            return self.pages.fetch(client, stub, committee)
        url = self.service("GetMeeting") + f"?lMeetingId={stub.native_id}"
        raw = client.get(url).content
        meeting = parse_meeting(_root(raw, url, "meeting"), committee.title, self.base)
        meeting.committee = stub.committee
        meeting.url = self.meeting_page(meeting)
        return raw, url, meeting

    def delegated(self, client: Client, since: str | None, until: str | None) -> list[Delegated]:
        """Decisions taken outside meetings: only the pages list them, the service has no call."""
        return self._pages().delegated(client, since, until)

    def decision(self, client: Client, url: str) -> tuple[bytes, Decision | None]:
        return self._pages().decision(client, url)

    def _pages(self) -> ModernGovPages:
        from onrecord.sources.moderngov_pages import ModernGovPages

        return self.pages or ModernGovPages(self.base)

    def meeting_page(self, meeting: Meeting) -> str:
        return f"{self.base}/ieListDocuments.aspx?CId={meeting.committee}&MId={meeting.native_id}"

    def _xml(
        self, client: Client, url: str, root: str, params: dict[str, str] | None = None
    ) -> etree._Element:
        try:
            raw = client.get(url, params).content
        except FetchError as e:
            # Only the first call tells whether the service is there; later ones just failed.
            if root == "committees" and not isinstance(e, Refused):
                raise NotMeetingSystem(
                    f"{self.base} is not a Modern.Gov site, or its web service is switched off"
                    f" ({e}) - check the URL: it is the address before /mgWebService.asmx"
                ) from e
            raise
        return _root(raw, url, root)


def base_url(url: str) -> str:
    """The site's root: https://x.gov.uk/mgListCommittees.aspx -> https://x.gov.uk."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotMeetingSystem(f"{url}: not a web address - give the site's address, e.g. https://democracy.example.gov.uk")
    path = _PAGE.sub("", parts.path).rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _root(raw: bytes, url: str, tag: str) -> etree._Element:
    try:
        root = etree.fromstring(raw, _XML)
    except etree.XMLSyntaxError as e:
        raise NotMeetingSystem(
            f"{url}: not a Modern.Gov web service answer (not XML) - check the URL: it is the"
            " address before /mgWebService.asmx"
        ) from e
    if root.tag != tag:
        raise NotMeetingSystem(f"{url}: not a Modern.Gov web service answer (<{root.tag}>, not <{tag}>)")
    return root


def parse_committees(root: etree._Element) -> list[Committee]:
    """GetCommittees: every <committee>."""
    return [
        Committee(
            native_id=_text(el, "committeeid"),
            title=_title(el, "committeetitle"),
            category=_title(el, "committeecategory") or None,
            expired=_flag(el, "committeeexpired"),
            deleted=_flag(el, "committeedeleted"),
        )
        for el in root.iter("committee")
        if _text(el, "committeeid")
    ]


def parse_meetings(root: etree._Element) -> list[Meeting]:
    """GetMeetings: the meeting stubs under each committee."""
    meetings = []
    for committee in root.iter("committee"):
        cid = _text(committee, "committeeid")
        for el in committee.iter("meeting"):
            meetings.append(
                Meeting(
                    native_id=_text(el, "meetingid"),
                    committee=cid,
                    date=iso_date(_text(el, "meetingdate")),
                    time=clock(_text(el, "meetingtime")),
                    status=_text(el, "meetingstatus") or None,
                )
            )
    return meetings


def parse_meeting(root: etree._Element, committee_title: str, base: str) -> Meeting:
    """GetMeeting: the meeting, its papers (restricted ones left out) and its published decisions."""
    meeting = Meeting(
        native_id=_text(root, "meetingid"),
        committee="",
        date=iso_date(_text(root, "meetingdate")),
        time=clock(_text(root, "meetingtime")),
        status=_text(root, "meetingstatus") or None,
        location=_title(root, "meetinglocation") or None,
    )
    seen: set[str] = set()
    for item in root.iterfind("agendaitems/agendaitem"):
        if _flag(item, "isrestricted"):
            meeting.restricted += 1 + len(item.findall("linkeddocuments/linkeddoc"))
            continue
        if decision := _decision(item, committee_title, meeting.date):
            meeting.decisions.append(decision)
        for doc in item.iterfind("linkeddocuments/linkeddoc"):
            if _flag(doc, "isrestricted"):
                meeting.restricted += 1
                continue
            if _flag(doc, "isurl") or not _text(doc, "url"):
                continue  # a link to a web page, not a paper
            url = document_url(_text(doc, "url"), base)
            if url in seen:
                continue
            seen.add(url)
            meeting.papers.append(
                Paper(
                    url=url,
                    title=_title(doc, "title"),
                    key=_text(doc, "attachmentid") or None,
                    published_date=iso_date(_text(doc, "publicationdate")),
                )
            )
    return meeting


def _decision(item: etree._Element, decided_by: str, meeting_date: str | None) -> Decision | None:
    """The decision, or else the minute, published as text under an agenda item."""
    for body, flag in (("decisionnonemptyhtmlbody", "isdecisionpublished"),
                       ("minutesnonemptyhtmlbody", "isminutepublished")):
        published = _text(item, flag)
        if published and published.lower() != "true":
            continue
        text = word_text(item.findtext(body) or "")
        if text:
            when = iso_date(_text(item, "actualmeetingdate")) or meeting_date
            ref = _text(item, "fulldisplaynumberformat") or _text(item, "agendaitemnumber")
            return Decision(ref, _title(item, "agendaitemtitle"), text, decided_by, when)
    return None


def document_url(url: str, base: str) -> str:
    """An absolute URL for a paper, on https:// when the site itself is (sites send http:// links)."""
    url = urljoin(base + "/", html.unescape(url.strip()))
    parts, site = urlsplit(url), urlsplit(base)
    if parts.scheme == "http" and site.scheme == "https" and parts.netloc.lower() == site.netloc.lower():
        url = urlunsplit(("https", *parts[1:]))
    return url


def word_text(markup: str) -> str:
    """The text of escaped Word HTML: one line per paragraph, spacer paragraphs dropped."""
    if not markup.strip():
        return ""
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    blocks = [el for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "td")] or [tree]
    lines = []
    for block in blocks:
        if any(child.tag in ("p", "li") for child in block.iterdescendants()):
            continue  # its paragraphs are read one by one
        line = " ".join(block.text_content().replace("\xa0", " ").split())
        if line:
            lines.append(line)
    return "\n".join(lines)


def iso_date(text: str | None) -> str | None:
    """dd/mm/yyyy -> yyyy-mm-dd; None for anything else."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", (text or "").strip())
    if not match:
        return None
    day, month, year = map(int, match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def clock(text: str | None) -> str | None:
    """"10.00 am" -> "10:00", "2.00 pm" -> "14:00", "12.30 pm" -> "12:30"; "14:00" stays."""
    match = re.fullmatch(r"(\d{1,2})[.:](\d{2})\s*([ap]\.?m\.?)?", (text or "").strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if half := match.group(3):
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def dmy(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def _text(el: etree._Element, tag: str) -> str:
    return (el.findtext(tag) or "").strip()


def _title(el: etree._Element, tag: str) -> str:
    """A title: the service HTML-encodes them once more inside the XML ("&amp;amp;")."""
    return " ".join(html.unescape(_text(el, tag)).split())


def _flag(el: etree._Element, tag: str) -> bool:
    return _text(el, tag).lower() == "true"
