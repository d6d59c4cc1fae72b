"""Modern.Gov's HTML pages, for sites whose web service is switched off.

The pages' layout varies with each council's theme, so they are read by what their links point
at, which does not: committees from links to mgCommitteeDetails.aspx?ID= (mgListCommittees.aspx),
meetings from links to ieListDocuments.aspx?CId=&MId= (ieListMeetings.aspx), papers from links to
documents/ and mgConvert2PDF.aspx, decisions from ieDecisionDetails.aspx pages and their
span.mgLabel label/value pairs ("Decision Maker:", "Date of decision:", "Decided at meeting:").

Example::

    pages = ModernGovPages("https://democracy.example.gov.uk")
    committees, meetings = pages.listing(client, "2025-01-01", None)
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html as lxml_html

from onrecord.sources.errors import NotFound
from onrecord.sources.http import Client
from onrecord.sources.model import Committee, Decision, Delegated, Meeting, Paper
from onrecord.sources.moderngov import clock, dmy, document_url, iso_date

_MONTHS = {m[:3]: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_LONG_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}),?\s+(\d{4})")
_TIME = re.compile(r"\b(\d{1,2}[.:]\d{2}\s*[ap]\.?m\.?|\d{1,2}:\d{2})", re.IGNORECASE)


class ModernGovPages:
    """One Modern.Gov site, read through its public pages."""

    system = "moderngov"

    def __init__(self, base: str) -> None:
        self.base = base

    def page(self, name: str) -> str:
        return f"{self.base}/{name}"

    def committees(self, client: Client) -> list[Committee]:
        """The committees linked from mgListCommittees.aspx; [] if the page is not there."""
        try:
            response = client.get(self.page("mgListCommittees.aspx"))
        except NotFound:
            return []
        found: dict[str, Committee] = {}
        for link, query in _links(response.text, response.url, "mgCommitteeDetails.aspx"):
            cid = query.get("ID") or query.get("id")
            if cid and cid not in found:
                found[cid] = Committee(cid, _text(link), url=urljoin(response.url, link.get("href")))
        return list(found.values())

    def listing(
        self, client: Client, since: str | None, until: str | None, only: set[str] | None = None,
        committees: list[Committee] | None = None,
    ) -> tuple[list[Committee], list[Meeting]]:
        wanted = [c for c in (committees or self.committees(client)) if not only or c.native_id in only]
        meetings = []
        for committee in wanted:
            response = client.get(self.page(f"ieListMeetings.aspx?CId={committee.native_id}&Year=0"))
            for meeting in parse_meetings(response.text, response.url, committee.native_id):
                if meeting.date and (since and meeting.date < since or until and meeting.date > until):
                    continue
                meetings.append(meeting)
        return wanted, meetings

    def delegated(self, client: Client, since: str | None, until: str | None) -> list[Delegated]:
        """The decisions listed on mgDelegatedDecisions.aspx between since and until; [] if none."""
        first, last = since or "1990-01-01", until or "2099-12-31"
        span = f"{dmy(first)}-{dmy(last)}".replace("/", "%2f")
        try:
            response = client.get(self.page(f"mgDelegatedDecisions.aspx?&DR={span}&RP=0&K=0&DM=0&HD=0&DS=2&V=0"))
        except NotFound:
            return []
        return [d for d in parse_delegated(response.text, response.url)
                if not d.published_date or first <= d.published_date <= last]

    def decision(self, client: Client, url: str) -> tuple[bytes, Decision | None]:
        """(the page, the decision on it) of one ieDecisionDetails.aspx page."""
        response = client.get(url)
        return response.content, parse_decision(response.text, "")

    def fetch(self, client: Client, stub: Meeting, committee: Committee) -> tuple[bytes, str, Meeting]:
        """(what the pages say, as canonical JSON; the meeting's page; the meeting)."""
        url = self.page(f"ieListDocuments.aspx?CId={stub.committee}&MId={stub.native_id}")
        response = client.get(url)
        meeting, decisions = parse_meeting_page(response.text, response.url, stub, self.base)
        for link in decisions:
            try:
                page = client.get(link)
            except NotFound:
                continue
            if decision := parse_decision(page.text, committee.title):
                meeting.decisions.append(decision)
        said = {"date": meeting.date, "time": meeting.time, "status": meeting.status,
                "location": meeting.location, "papers": [[p.title, p.url] for p in meeting.papers],
                "decisions": [[d.title, d.text, d.decided_by, d.decision_date] for d in meeting.decisions]}
        return json.dumps(said, sort_keys=True).encode(), url, meeting


def parse_meetings(text: str, url: str, committee: str) -> list[Meeting]:
    """ieListMeetings.aspx: each linked meeting, its date and time from the link's text."""
    meetings: dict[str, Meeting] = {}
    for link, query in _links(text, url, "ieListDocuments.aspx"):
        mid = query.get("MId") or query.get("MID")
        if not mid or mid in meetings:
            continue
        label = _text(link)
        meetings[mid] = Meeting(
            mid, query.get("CId") or committee, date=long_date(label),
            time=_time(label), status="Cancelled" if "cancelled" in label.lower() else None,
            url=urljoin(url, link.get("href")),
        )
    return list(meetings.values())


def parse_meeting_page(text: str, url: str, stub: Meeting, base: str) -> tuple[Meeting, list[str]]:
    """ieListDocuments.aspx: the meeting's papers, and the links to its decisions' pages."""
    tree = lxml_html.fromstring(text)
    heading = " ".join(tree.xpath("string(//*[contains(@class, 'mgSubTitleTxt')])").split())
    # The innermost element whose text starts "Venue:" (a theme may wrap it in a p, td or span).
    venue = tree.xpath("(//*[starts-with(normalize-space(.), 'Venue:')])[last()]")
    meeting = Meeting(
        stub.native_id, stub.committee, date=long_date(heading) or stub.date,
        time=_time(heading) or stub.time,
        status="Cancelled" if "cancelled" in heading.lower() else stub.status or "Confirmed",
        location=" ".join(venue[0].text_content().split())[len("Venue:"):].strip() or None if venue else None,
        url=url,
    )
    seen, decisions = set(), []
    for link in tree.xpath("//a[@href]"):
        href = link.get("href")
        if "ieDecisionDetails.aspx" in href:
            decisions.append(urljoin(url, href))
        elif href.startswith("documents/") or "/documents/" in href or "mgConvert2PDF.aspx" in href:
            paper = document_url(href, base)
            if paper not in seen:
                seen.add(paper)
                meeting.papers.append(Paper(paper, _title(link), key=_paper_key(paper)))
    return meeting, list(dict.fromkeys(decisions))


def parse_decision(text: str, committee: str) -> Decision | None:
    """ieDecisionDetails.aspx: title, the Decision: section, decision maker and date."""
    tree = lxml_html.fromstring(text)
    title = " ".join(tree.xpath("string(//h2[contains(@class, 'mgSubTitleTxt')])").split())
    labels = {}
    for label in tree.xpath("//span[contains(@class, 'mgLabel')]"):
        name = " ".join(label.text_content().split()).rstrip(":").strip().lower()
        value = " ".join(label.getparent().text_content().split())
        labels[name] = value.split(":", 1)[-1].strip() if ":" in value else value
    words = []
    for block in tree.xpath("//div[contains(@class, 'mgWordPara')]//p") or tree.xpath(
            "//div[contains(@class, 'mgWordPara')]"):
        line = " ".join(block.text_content().replace("\xa0", " ").split())
        if line:
            words.append(line)
    if not words:
        return None
    return Decision(
        ref="", title=title, text="\n".join(words),
        decided_by=labels.get("decision maker") or committee,
        decision_date=iso_date(labels.get("date of decision")),
        published_date=iso_date(labels.get("publication date")),
        at_meeting="decided at meeting" in labels,
    )


def parse_delegated(text: str, url: str) -> list[Delegated]:
    """mgDelegatedDecisions.aspx: each decision's page, title (without its hidden "ref: NNNN")
    and date; rows that link elsewhere (an issue's history) are not decisions."""
    tree = lxml_html.fromstring(text)
    found: dict[str, Delegated] = {}
    for row in tree.xpath("//table[contains(@class, 'mgTabTable')]//tr[td]"):
        links = row.xpath(".//a[contains(@href, 'ieDecisionDetails.aspx')]")
        if not links:
            continue
        link = links[0]
        for hidden in link.xpath(".//span[contains(@class, 'mgHide')]"):
            hidden.drop_tree()
        cells = row.xpath("td")
        href = urljoin(url, link.get("href"))
        published = iso_date(" ".join(cells[1].text_content().split())) if len(cells) > 1 else None
        found.setdefault(href, Delegated(href, _text(link), published))
    return list(found.values())


def long_date(text: str) -> str | None:
    """"Tuesday, 10th February, 2026 10.00 am" or "10 Feb 2026" -> 2026-02-10; also dd/mm/yyyy."""
    if match := _LONG_DATE.search(text):
        month = _MONTHS.get(match.group(2)[:3].lower())
        if month:
            return iso_date(f"{match.group(1)}/{month}/{match.group(3)}")
    if match := re.search(r"\d{1,2}/\d{1,2}/\d{4}", text):
        return iso_date(match.group())
    return None


def _time(text: str) -> str | None:
    match = _TIME.search(text)
    return clock(match.group(1)) if match else None


def _links(text: str, url: str, page: str):
    tree = lxml_html.fromstring(text)
    for link in tree.xpath("//a[@href]"):
        href = urljoin(url, link.get("href"))
        if page.lower() in urlsplit(href).path.lower():
            query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
            yield link, query


def _text(link) -> str:
    return " ".join(link.text_content().split())


def _title(link) -> str:
    """A paper link's text without its file-size note ("PDF 119 KB")."""
    sizes = [" ".join(s.text_content().split()) for s in link.xpath(".//span[contains(@class, 'mgFileSize')]")]
    title = _text(link)
    for size in sizes:
        title = title.replace(size, "")
    return " ".join(title.split())


def _paper_key(url: str) -> str | None:
    if match := re.search(r"mgConvert2PDF\.aspx\?ID=(\d+)", url, re.IGNORECASE):
        return match.group(1)
    if match := re.search(r"/documents/s(\d+)/", url):
        return f"s{match.group(1)}"
    return None
