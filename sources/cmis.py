"""CMIS (DotNetNuke): meetings from the month calendar view, papers from each meeting's page.

The calendar's days carry no year ("Monday, 8 June"): the month asked for gives it. Meeting
links are DNN paths (/Meeting/<id>/Committee/<id>/), link text "HH:MM Committee". A meeting's
page has label/value pairs (go by the label's text: "Status" shares the CSS class of "Venue")
and its papers at Document.ashx?<opaque token>, which is no stable id: papers are kept by the
sha256 of their bytes.

Example::

    site = Cmis("https://cmis.example.gov.uk/cmis5")
    committees, meetings = site.listing(client, "2025-01-01", "2025-12-31")
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

from onrecord.sources.errors import NotMeetingSystem
from onrecord.sources.http import Client
from onrecord.sources.model import Committee, Meeting, Paper

CALENDAR = "MeetingCalendarPublicNoJava"
_CALENDAR_URL = re.compile(r"^(?P<head>.*?/tabid/\d+/ctl/)[A-Za-z]+(?P<mid>/mid/\d+)(/.*)?$", re.IGNORECASE)
_MEETING_LINK = re.compile(r"/Meeting/(\d+)/Committee/(\d+)/", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}


class Cmis:
    """One CMIS site, read through its public calendar and meeting pages."""

    system = "cmis"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NotMeetingSystem(f"{url}: not a web address - give the CMIS site's address")
        self.url = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        self.host = parts.netloc.lower()
        self._calendar: tuple[str, str] | None = None  # (".../tabid/70/ctl/", "/mid/397")

    def listing(
        self, client: Client, since: str | None, until: str | None, only: set[str] | None = None
    ) -> tuple[list[Committee], list[Meeting]]:
        """Committees and meetings from the month views between since and until (default: the
        last year and the next three months)."""
        today = date.today()
        first = date.fromisoformat(since) if since else today - timedelta(days=365)
        last = date.fromisoformat(until) if until else today + timedelta(days=90)
        committees: dict[str, Committee] = {}
        meetings: list[Meeting] = []
        month = first.replace(day=1)
        while month <= last:
            page = client.get(self.month_url(client, month))
            for committee, meeting in parse_calendar(page.text, month, page.url):
                if meeting.date and not first.isoformat() <= meeting.date <= last.isoformat():
                    continue
                if only and committee.native_id not in only:
                    continue
                committees.setdefault(committee.native_id, committee)
                meetings.append(meeting)
            month = (month + timedelta(days=32)).replace(day=1)
        return list(committees.values()), meetings

    def fetch(self, client: Client, stub: Meeting, committee: Committee) -> tuple[bytes, str, Meeting]:
        """(what the meeting's page says, as canonical JSON; the page's URL; the meeting)."""
        page = client.get(stub.url or "")
        meeting = parse_meeting(page.text, page.url, stub)
        # The page itself carries session state; what it says about the meeting decides a change.
        said = {"date": meeting.date, "time": meeting.time, "status": meeting.status,
                "location": meeting.location, "papers": [[p.title, p.url] for p in meeting.papers]}
        return json.dumps(said, sort_keys=True).encode(), stub.url or page.url, meeting

    def month_url(self, client: Client, month: date) -> str:
        if self._calendar is None:
            self._calendar = self._find_calendar(client)
        head, mid = self._calendar
        return f"{head}{CALENDAR}{mid}/Date/{month.isoformat()}/Default.aspx"

    def _find_calendar(self, client: Client) -> tuple[str, str]:
        if match := _CALENDAR_URL.match(self.url):
            return match.group("head"), match.group("mid")
        page = client.get(self.url)
        tree = lxml_html.fromstring(page.content or b"<html/>")
        for href in tree.xpath("//a/@href"):
            if "/ctl/MeetingCalendar" in href and (match := _CALENDAR_URL.match(urljoin(page.url, href))):
                return match.group("head"), match.group("mid")
        raise NotMeetingSystem(
            f"{self.url} is not a CMIS site: no link to its meeting calendar"
            " - give the address of the site's calendar page"
        )


def parse_calendar(text: str, month: date, url: str) -> list[tuple[Committee, Meeting]]:
    """The meetings of a month view, with their committees."""
    tree = lxml_html.fromstring(text)
    found = []
    for row in tree.xpath("//tr[td[contains(concat(' ', @class, ' '), ' SimpleCalendarDate ')]]"):
        day = _day(row.xpath("string(td[contains(@class, 'SimpleCalendarDate')])"), month)
        for link in row.xpath(".//p[contains(@class, 'Meeting')]//a[@href]"):
            href = urljoin(url, link.get("href"))
            ids = _MEETING_LINK.search(href)
            if not ids:
                continue
            label = " ".join(link.text_content().split())
            when = re.match(r"(\d{1,2}[:.]\d{2})\s+(.*)", label)
            title = when.group(2) if when else label
            committee = Committee(ids.group(2), title)
            found.append((committee, Meeting(ids.group(1), ids.group(2), date=day,
                                             time=_clock(when.group(1)) if when else None, url=href)))
    return found


def parse_meeting(text: str, url: str, stub: Meeting) -> Meeting:
    """A meeting's page: its date, time, status and venue, and its papers."""
    tree = lxml_html.fromstring(text)
    values = {}
    for holder in tree.xpath("//div[contains(concat(' ', @class, ' '), ' holder ')]"):
        label = " ".join(holder.xpath("string(div[contains(@class, 'Label')])").split()).rstrip(":")
        value = holder.xpath("div[contains(concat(' ', @class, ' '), ' Value ')]")
        if label and value:
            values[label.lower()] = " ".join(value[0].text_content().split())
    when = re.match(r"(\d{1,2} \w+ \d{4})(?:\s*-\s*(\d{1,2}[:.]\d{2}))?", values.get("date/time", ""))
    meeting = Meeting(
        native_id=stub.native_id,
        committee=stub.committee,
        date=_long_date(when.group(1)) if when else stub.date,
        time=_clock(when.group(2)) if when and when.group(2) else stub.time,
        status=values.get("status"),
        location=values.get("venue"),
        url=stub.url or url,
    )
    seen = set()
    for link in tree.xpath("//li[contains(@class, 'DocumentListItem')]//a[contains(@class, 'TitleLink')]"):
        href = urljoin(url, link.get("href", ""))
        if href not in seen:
            seen.add(href)
            meeting.papers.append(Paper(url=href, title=" ".join(link.text_content().split())))
    return meeting


def _day(text: str, month: date) -> str | None:
    """"Monday, 8 June" in the month view of June 2026 -> 2026-06-08."""
    match = re.search(r"(\d{1,2})\s+([A-Za-z]+)", text)
    if not match or match.group(2).lower() not in _MONTHS:
        return None
    number = _MONTHS[match.group(2).lower()]
    year = month.year + (1 if month.month == 12 and number == 1 else 0) - (1 if month.month == 1 and number == 12 else 0)
    try:
        return date(year, number, int(match.group(1))).isoformat()
    except ValueError:
        return None


def _long_date(text: str) -> str | None:
    for fmt in ("%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _clock(text: str) -> str | None:
    hour, minute = re.split(r"[:.]", text)
    return f"{int(hour):02d}:{minute}"
