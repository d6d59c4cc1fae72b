"""Atom feeds of new items and of overdue items, for everyone, one owner or one search, and of
the papers added to one item's chain over time.

Example: /-/onrecord/feed/overdue.atom?owner=director-of-place,
/-/onrecord/feed/chain.atom?item=0123456789abcdef

datasette-atom 0.9 would give canned queries a .atom output, but it fails on a query with
no rows (max() of nothing), which is exactly a quiet owner's feed; so this is a small route.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree as ET

from datasette.utils.asgi import NotFound, Response

from onrecord.db.site.sql import DUE_END_SQL, OVERDUE_SQL
from onrecord.db.site.syntax import fts_or_nothing
from onrecord.db.site.web import item_url, onrecord_database

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 100
# Each feed: its title, when an entry was updated, the order (the same, written so that the
# overdue feed walks index items_due_end from today backwards), and which items it lists.
# An overdue item was updated when it fell due: the day after its due date, at its precision.
FEEDS = {
    "new": ("New items", "documents.ingested_at", "documents.ingested_at", "1"),
    "overdue": (
        "Overdue items",
        f"{DUE_END_SQL} || 'T00:00:00+00:00'",
        DUE_END_SQL,
        OVERDUE_SQL,
    ),
}


async def feed(datasette: Any, request: Any) -> Response:
    """The Atom feed named in the URL, narrowed by ?owner= and ?q= when given."""
    name = request.url_vars["name"]
    if name == "chain":
        return await _chain_feed(datasette, request)
    if name not in FEEDS:
        raise NotFound("The feeds are new.atom, overdue.atom and chain.atom?item={item id}")
    args = {arg: (request.args.get(arg) or "").strip() for arg in ("owner", "q")}
    title, sql, params = feed_query(name, {arg: value for arg, value in args.items() if value})
    database = await onrecord_database(datasette)
    rows = [dict(r) for r in await database.execute(sql, params)]
    body = _atom(datasette, request, title, rows)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def _chain_feed(datasette: Any, request: Any) -> Response:
    """Each item on one item's chain (db.pages.TIMELINE_SQL), newest stored first: a later paper
    that restates, answers or reports on it is a new entry."""
    from onrecord.db.site.pages import (  # the item page's chain, read the same way
        ITEM_ID,
        TIMELINE_SQL,
    )

    item = (request.args.get("item") or "").strip()
    if not ITEM_ID.match(item):
        raise NotFound("chain.atom needs ?item= and an item's id")
    database = await onrecord_database(datasette)
    rows = [dict(r) for r in await database.execute(TIMELINE_SQL, {"id": item})]
    if not any(row["id"] == item for row in rows):
        raise NotFound("No such item")
    for row in rows:
        row["updated"] = row["ingested_at"]
    rows.sort(key=lambda row: (row["updated"] or "", row["id"]), reverse=True)
    title = f"The chain of item {item} over time"
    body = _atom(datasette, request, title, rows[:ENTRIES])
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def feed_query(name: str, args: dict[str, str]) -> tuple[str, str, dict[str, str]]:
    """Title, SQL and parameters of a feed, narrowed by an owner id and words to search for."""
    title, updated, order, where = FEEDS[name]
    params: dict[str, str] = {}
    for arg, condition in (
        ("owner", "items.id in (select item from item_owners where owner = :owner)"),
        ("q", "items.rowid in (select rowid from items_fts where items_fts match :q)"),
    ):
        value = args.get(arg)
        if value:
            params[arg] = fts_or_nothing(value) if arg == "q" else value
            where += f" and {condition}"
            title += f" for {arg} {value!r}" if arg == "q" else f" owned by {value}"
    sql = f"""select items.id, items.kind, items.ref, items.text, items.owners, items.due,
      documents.title as document_title, items.page, {updated} as updated
      from items join documents on documents.id = items.document
      where {where} order by {order} desc, items.id limit {ENTRIES}"""
    return title, sql, params


def _atom(datasette: Any, request: Any, title: str, rows: list[dict]) -> str:
    """An Atom document of items; an empty feed is updated as of the epoch, not as of now."""
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "title").text = f"onrecord: {title}"
    ET.SubElement(feed, "id").text = request.url
    ET.SubElement(feed, "link", rel="self", href=request.url)
    epoch = datetime.fromtimestamp(0, timezone.utc).isoformat()
    ET.SubElement(feed, "updated").text = max((r["updated"] for r in rows), default=epoch)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "onrecord"
    for row in rows:
        url = datasette.absolute_url(request, item_url(datasette, row["id"]))
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = url
        label = " ".join(p for p in (row["kind"], row["ref"]) if p)
        ET.SubElement(entry, "title").text = f"{label}: {_short(row['text'])}"
        ET.SubElement(entry, "updated").text = row["updated"]
        ET.SubElement(entry, "link", href=url)
        ET.SubElement(entry, "content", type="text").text = _content(row)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _content(row: dict) -> str:
    lines = [row["text"]]
    if row["owners"]:
        lines.append(f"Owner: {row['owners']}")
    if row["due"]:
        lines.append(f"Due: {row['due']}")
    where = f", page {row['page']}" if row["page"] else ""
    lines.append(f"From: {row['document_title'] or 'untitled document'}{where}")
    return "\n".join(lines)
