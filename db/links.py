"""The links table: every stored item linked to the items of other documents that restate,
answer or report on it (found by `nlp.links`), rewritten from the whole database at once.

Example::

    database = open_db("onrecord.db")
    refresh_links(database)
"""
from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from nlp.links import Entry, Link, find_links

_ENTRIES = """
select items.id, items.document, coalesce(documents.meeting_date, documents.published_date) as date,
  documents.kind as document_kind, items.kind, coalesce(items.ref, '') as ref, items.text,
  items.page, items.bbox
from items join documents on documents.id = items.document
"""


def link_id(item_from: str, item_to: str) -> str:
    """Stable id of a link: the same two items always give the same id."""
    return hashlib.sha1(f"{item_from}\x1f{item_to}".encode()).hexdigest()[:16]


def refresh_links(database: Database) -> tuple[int, int]:
    """Replace the links with those the stored items give now; returns (written, deleted).

    Only real changes are written, so refreshing an unchanged database changes nothing.
    """
    entries = [_entry(**row) for row in database.query(_ENTRIES)]
    rows = {row["id"]: row for row in map(_row, find_links(entries))}
    with database.atomic():
        stored = {row["id"]: row for row in database.query("select * from links")}
        stale = sorted(stored.keys() - rows.keys())
        for link in stale:
            database.execute("delete from links where id = ?", [link])
        changed = [row for key, row in sorted(rows.items()) if stored.get(key) != row]
        if changed:
            database.table("links").upsert_all(changed, pk="id")
    return len(changed), len(stale)


def _entry(page: int | None, bbox: str | None, **fields: str) -> Entry:
    # Where the item ends: an item merged from copies has a box that runs from the first copy's
    # top to the last copy's bottom, and what answers it comes after its last copy.
    bottom = json.loads(bbox)[3] if bbox else 0.0
    return Entry(**fields, place=None if page is None else (page, bottom))


def _row(link: Link) -> dict:
    return {
        "id": link_id(link.item_from, link.item_to),
        "item_from": link.item_from,
        "item_to": link.item_to,
        "relation": link.relation,
        "score": link.score,
    }
