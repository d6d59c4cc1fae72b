"""What a response says of the recommendations it restates: their verdicts (nlp.verdicts), and
their deadlines read as the report printed them.

A restated recommendation's relative deadline ("within 12 months of this Report") counts from
the report, not from the response, and its dates are not past because the response came later:
so a response's recommendations have their deadlines read without the response's date.

Example::

    read_response(document, items)
"""
from __future__ import annotations

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
            # a relative deadline is kept as printed, undated: the report's date would date it
            item.due, item.due_date = find_due(item.text, None, prose=True)
