"""What a response says of the recommendations it restates: their verdicts (nlp.verdicts), and
their deadlines read as the report printed them.

A restated recommendation's dates are the report's deadlines, not past events because the
response came later ('May 2025' in a response of January 2026): so they are read without the
response's date. A relative deadline that counts from the paper ('within 12 months of this Report')
counts from the report's date, where the response prints it ('On 18 July 2024, the Inquiry
published its Module 1 report'), not from the response's own; without it, or when it counts from
an undated event ('within three months of the conclusion of the exercise'), it stays undated, as
printed.

Example::

    read_response(document, items)
"""
from __future__ import annotations

import re
from datetime import date

from onrecord.ingest.model import EVIDENCE, Document
from onrecord.nlp.dates import DAY, MONTH, YEAR, find_due, normalise
from onrecord.nlp.model import Item
from onrecord.nlp.verdicts import set_verdicts

_FROM_WHAT = re.compile(r"\s+(?:of|from|after|following)\b", re.IGNORECASE)
_FROM_THE_PAPER = re.compile(
    r"\s+(?:of|from|after|following)\s+(?:the\s+)?(?:publication\s+of\s+)?(?:this|the)\s+(?:report|response|review)\b",
    re.IGNORECASE,
)


def read_response(doc: Document, items: list[Item]) -> None:
    """Give a response's restated recommendations their verdicts and their report's deadlines."""
    if doc.kind != EVIDENCE:
        return
    set_verdicts(doc, items)
    report = report_date(doc)
    for item in items:
        if item.kind == "recommendation" and item.method != "table":
            item.due, item.due_date = find_due(item.text, None, prose=True)
            relative = find_due(item.text, report, prose=True) if item.due_date is None else ("", None)
            if relative[0]:  # of several relative deadlines, the latest
                item.due = relative[0]
                if _from_the_paper(relative[0], item.text):
                    item.due_date = relative[1]


def _from_the_paper(printed: str, text: str) -> bool:
    """Whether a relative deadline counts from the paper ('within 12 months', '... of this Report'),
    not from an event that has no date ('within three months of the conclusion of the exercise')."""
    after = text[text.find(printed) + len(printed):] if printed in text else ""
    return not _FROM_WHAT.match(after) or bool(_FROM_THE_PAPER.match(after))


_DATE = rf"(?:{DAY}\s+{MONTH},?\s+{YEAR})"
# "On 18 July 2024, the Inquiry published its Module 1 report"; "The report ... was published on 5 April 2023"
_PUBLISHED = re.compile(
    rf"\bOn\s+({_DATE}),?\s+(?:the\s+)?[\w’' -]{{0,60}}?\bpublished\s+(?:its|their|the)\s+[\w’' -]{{0,40}}?\breport\b"
    rf"|\breport\b[^.]{{0,80}}?\b(?:was|were)\s+published\s+on\s+({_DATE})",
    re.IGNORECASE,
)


def report_date(doc: Document) -> date | None:
    """The date of the report a response answers, where the response prints it: of several reports
    published, the latest before the response ('final report' after the 'Second Interim report')."""
    own = _paper_date(doc)
    found = []
    for m in _PUBLISHED.finditer(doc.text):
        iso = normalise(m.group(1) or m.group(2))
        if iso and len(iso) == 10 and (own is None or iso <= own.isoformat()):
            found.append(date.fromisoformat(iso))
    return max(found, default=None)


def _paper_date(doc: Document) -> date | None:
    """The response's date, from the start of the month or year printed."""
    value = doc.meeting_date or doc.published_date or ""
    try:
        return date.fromisoformat(value[:10] + {4: "-01-01", 7: "-01"}.get(len(value[:10]), ""))
    except ValueError:
        return None
