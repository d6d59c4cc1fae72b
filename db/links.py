"""The links table: every stored item linked to the items of other documents that restate,
answer or report on it. The links are found by `nlp.links` (the pipeline runs it): this module
only reads the entries they are found from and writes the links back, rewriting them at once.

Example::

    database = open_db("onrecord.db")
    write_links(database, nlp.links.find_links(read_entries(database)))
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlite_utils import Database

from onrecord.nlp.model import Entry, Link
from onrecord.nlp.refs import printed_before

_ENTRIES = """
select items.id, items.document, coalesce(documents.meeting_date, documents.published_date) as date,
  documents.kind as document_kind, items.kind, coalesce(items.ref, '') as ref, items.text,
  items.page, items.bbox, coalesce(items.due, '') as due, items.due_date, items.copies, pages.text as page_text,
  previous.text as previous_text
from items join documents on documents.id = items.document
  -- what is printed above a promise (only a promise answers): not every item's pages, in a big database
  left join pages on items.kind = 'commitment' and pages.document = items.document and pages.page = items.page
  left join pages as previous on items.kind = 'commitment' and previous.document = items.document
    and previous.page = items.page - 1
"""


def link_id(item_from: str, item_to: str) -> str:
    """Stable id of a link: the same two items always give the same id."""
    return hashlib.sha1(f"{item_from}\x1f{item_to}".encode()).hexdigest()[:16]


_DIGESTED = """
select items.id, items.document, coalesce(documents.meeting_date, documents.published_date, ''),
  documents.kind, coalesce(items.due, ''), coalesce(items.due_date, ''), coalesce(items.copies, '')
from items join documents on documents.id = items.document order by items.id
"""


def items_digest(database: Database) -> str:
    """A digest of what links are computed from: the items, their due dates, their papers' dates and kinds."""
    digest = hashlib.sha1()
    for row in database.execute(_DIGESTED):
        digest.update("\x1f".join(str(v) for v in row).encode() + b"\x1e")
    return digest.hexdigest()


def _linked_digest(database: Database) -> str | None:
    """The digest of the items the stored links were computed from."""
    return next((r["items"] for r in database.query("select items from link_state where id = 1")), None)


def links_current(database: Database, digest: str | None = None) -> bool:
    """Whether the links were computed from the items stored now (whose digest may be given)."""
    return _linked_digest(database) == (digest or items_digest(database))


def read_entries(database: Database) -> list[Entry]:
    """Every stored item as linking needs it: its paper's date and kind, its ref, text and place."""
    return [_entry(**row) for row in database.query(_ENTRIES)]


def write_links(database: Database, links: list[Link], digest: str | None = None) -> tuple[int, int]:
    """Replace the stored links with these, found from the items stored now; returns (written, deleted).

    Only real changes are written, so writing the same links again changes nothing. `digest`,
    if given, is items_digest(database), already computed.
    """
    rows = {row["id"]: row for row in map(_row, links)}
    digest = digest or items_digest(database)
    with database.atomic():
        if _linked_digest(database) != digest:
            database.table("link_state").upsert({"id": 1, "items": digest}, pk="id")
        stored = {row["id"]: row for row in database.query("select * from links")}
        stale = sorted(stored.keys() - rows.keys())
        for link in stale:
            database.execute("delete from links where id = ?", [link])
        changed = [row for key, row in sorted(rows.items()) if stored.get(key) != row]
        if changed:
            database.table("links").upsert_all(changed, pk="id")
    return len(changed), len(stale)


def _entry(page: int | None, bbox: str | None, copies: str | None, page_text: str | None, previous_text: str | None,
           **fields: Any) -> Entry:
    # Where the item ends, and where each other copy of it merged into it ends: a promise printed
    # under several recommendations answers each.
    bottom = json.loads(bbox)[3] if bbox else 0.0
    # and what its page prints above it: an answer may be introduced by the part it answers
    return Entry(**fields, place=None if page is None else (page, bottom),
                 before=printed_before(page_text or "", fields["text"], previous_text or ""),
                 copies=tuple((int(p), float(b)) for p, b in json.loads(copies)) if copies else ())


def _row(link: Link) -> dict:
    return {
        "id": link_id(link.item_from, link.item_to),
        "item_from": link.item_from,
        "item_to": link.item_to,
        "relation": link.relation,
        "score": link.score,
        "due_changed": link.due_changed,
    }
