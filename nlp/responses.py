"""What a response says of the recommendations it restates: their verdicts (nlp.verdicts), and
their deadlines read as the report printed them.

A restated recommendation's relative deadline ("within 12 months of this Report") counts from
the report, not from the response, and its dates are not past because the response came later:
so a response's recommendations have their deadlines read without the response's date.

Example::

    read_response(document, items)
"""
from __future__ import annotations

from datetime import date

from ingest.model import Document
from nlp.dates import find_due
from nlp.model import Item
from nlp.verdicts import set_verdicts


def read_response(doc: Document, items: list[Item]) -> None:
    """Give a response's restated recommendations their verdicts and their report's deadlines."""
    if doc.kind != "evidence":
        return
    set_verdicts(doc, items)
    for item in items:
        if item.kind == "recommendation" and item.method != "table":
            item.due, item.due_date = find_due(item.text, None, prose=True)
            if item.due_date is None and (latest := find_due(item.text, _paper_date(doc), prose=True)[0]):
                # of several relative deadlines the latest is the report's, as printed, undated:
                # only the report's date would date it
                item.due = latest


def _paper_date(doc: Document) -> date | None:
    """The response's date, from the start of the month or year printed: only to order deadlines."""
    value = doc.meeting_date or doc.published_date or ""
    try:
        return date.fromisoformat(value[:10] + {4: "-01-01", 7: "-01"}.get(len(value[:10]), ""))
    except ValueError:
        return None
