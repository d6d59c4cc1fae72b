"""The item, owner and document pages, and the page-image route.

Every page is named by an id from the database; the image route by a document id and a page
number. No part of a request is ever used as a file path.
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette.utils.asgi import NotFound, Response

from onrecord.db.site import images
from onrecord.db.site.sql import DUE_END_SQL, ITEM_COLUMNS, NEWEST_SQL, OVERDUE_SQL
from onrecord.db.site.web import (
    bbox_of,
    find_document,
    onrecord_database,
    render,
    url_helpers,
)

ITEM_ID = re.compile(r"^[0-9a-f]{16}$")
OWNER_ID = re.compile(r"^[a-z0-9-]{1,200}$")
DOCUMENT_ID = re.compile(r"^[0-9a-f]{64}$")
PAGE_IMAGE = re.compile(r"^([0-9a-f]{64})/([1-9][0-9]{0,5})\.png$")
OWNER_ITEMS_SHOWN = 500
TIMELINE_SHOWN = 200


async def item_page(datasette: Any, request: Any) -> Response:
    """One item: its text, owners, due date, document, and its page with the passage marked."""
    item_id = request.url_vars["item_id"]
    database = await onrecord_database(datasette)
    row = None
    if ITEM_ID.match(item_id):
        sql = f"""select {ITEM_COLUMNS}, items.method, items.confidence, items.bbox, items.verdict, items.verdict_printed,
          documents.format, documents.meeting_date, documents.published_date,
          {DUE_END_SQL} <= date('now') as due_passed
          from items join documents on documents.id = items.document where items.id = ?"""
        row = (await database.execute(sql, [item_id])).first()
    if row is None:
        raise NotFound("No such item")
    item = dict(row)
    owners = await database.execute(
        "select owners.id, owners.name, item_owners.printed from item_owners"
        " join owners on owners.id = item_owners.owner where item_owners.item = ?"
        " order by owners.name",
        [item_id],
    )
    context = {
        "item": item,
        "meeting": await _meeting(database, item["document"]),
        "owners": [dict(r) for r in owners],
        "links": await _links(database, item),
        "timeline": await _timeline(database, item["id"]),
        "current": None if item["verdict"] else await _current_verdict(database, item["id"]),
        "figure": await _figure(datasette, item),
        "database": database.name,
        **url_helpers(datasette),
    }
    return await render(datasette, request, "onrecord_item.html", context)


async def _figure(datasette: Any, item: dict) -> dict | None:
    """The page image and the passage's box on it, in percent of the page, when there is one."""
    if item["format"] != "pdf" or not item["page"]:
        return None
    found = await find_document(datasette, item["document"])
    if found is None:
        return None
    try:
        width, height = await images.size_of_page(found[0], item["page"])
    except images.PageNotFound:
        return None
    figure: dict = {"width": round(width * images.SCALE), "height": round(height * images.SCALE)}
    box = bbox_of(item["bbox"])
    if box:
        x0, top, x1, bottom = box
        figure["box"] = {
            "left": 100 * max(x0, 0) / width,
            "top": 100 * max(top, 0) / height,
            "width": 100 * (min(x1, width) - max(x0, 0)) / width,
            "height": 100 * (min(bottom, height) - max(top, 0)) / height,
        }
    return figure


# How a linked item bears on this one, by the link's relation (nlp.links) and which end is later.
RELATIONS = {
    ("restated", True): "Restated later",
    ("response", True): "Answered",
    ("progress", True): "Progress reported",
    ("restated", False): "Restates an earlier item",
    ("response", False): "Answers an earlier item",
    ("progress", False): "Reports progress on an earlier item",
}


async def _links(database: Any, item: dict) -> list[dict]:
    """Items in other papers linked to this one either way round, earlier papers first.

    The other item is later when its paper's date is; where either paper is undated or both
    share a date at the precision printed, the link's direction says, as links run from the
    earlier item to the later (nlp.links). metadata.yml's unanswered_recommendations agrees.
    """
    other_date = "coalesce(documents.meeting_date, documents.published_date)"
    sql = f"""select links.relation, links.score, {ITEM_COLUMNS}, {other_date} as paper_date,
      case when :date is null or {other_date} is null
          or instr({other_date}, :date) = 1 or instr(:date, {other_date}) = 1
        then links.item_from = :id else {other_date} > :date end as later
      from links join items on items.id = case when links.item_from = :id
        then links.item_to else links.item_from end
      join documents on documents.id = items.document
      where (links.item_from = :id or links.item_to = :id) and items.id != :id
      order by later, paper_date, links.score desc, items.id"""
    date = item["meeting_date"] or item["published_date"]
    links = [dict(r) for r in await database.execute(sql, {"id": item["id"], "date": date})]
    for link in links:
        default = f"{link['relation']} ({'later' if link['later'] else 'earlier'})"
        link["says"] = RELATIONS.get((link["relation"], bool(link["later"])), default)
    return links


# The item's chain: from it along restated and progress links both ways (and first to the
# recommendations an answer answers), then the answers of every item on the chain.
TIMELINE_SQL = f"""
with recursive seed(id) as (
  select :id
  union select links.item_from from links where links.item_to = :id and links.relation = 'response'
), chain(id) as (
  select id from seed
  union
  select case when links.item_from = chain.id then links.item_to else links.item_from end
  from links join chain on chain.id in (links.item_from, links.item_to)
  where links.relation != 'response'
), members(id) as (
  select id from chain
  union select links.item_to from links join chain on links.item_from = chain.id where links.relation = 'response'
)
select {ITEM_COLUMNS}, items.verdict, items.verdict_printed, documents.kind as document_kind,
  documents.ingested_at,
  coalesce(documents.meeting_date, documents.published_date) as paper_date,
  (select max(links.due_changed) from links where links.item_to = items.id
     and links.item_from in (select id from chain)) as due_changed,
  exists(select 1 from links where links.item_to = items.id and links.relation = 'response') as answer
from items join documents on documents.id = items.document
where items.id in (select id from members)
order by paper_date is null, paper_date, answer, items.page, cast(json_extract(items.bbox, '$[1]') as real), items.id
limit {TIMELINE_SHOWN}
"""


async def _timeline(database: Any, item_id: str) -> list[dict]:
    """The item's chain, earliest paper first: where it was made, each later paper that restated,
    answered or reported on it, with the paper's date, status or verdict, and due date."""
    rows = [dict(r) for r in await database.execute(TIMELINE_SQL, {"id": item_id})]
    return rows if len(rows) > 1 else []


# The latest verdict a response gave on an item it restates (links run from the earlier item to the
# later), as db.schema.CURRENT_VERDICT_SQL reads it for items_view.
CURRENT_VERDICT_SQL = """
select later.id, later.verdict, later.verdict_printed, later_paper.title as document_title,
  coalesce(later_paper.meeting_date, later_paper.published_date) as paper_date
from links join items as later on later.id = links.item_to
  join documents as later_paper on later_paper.id = later.document
where links.item_from = :id and links.relation = 'restated' and later.verdict is not null
order by paper_date desc, later.id limit 1
"""


async def _current_verdict(database: Any, item_id: str) -> dict | None:
    """The recommendation's current verdict: the latest response's that restates it, if any."""
    row = (await database.execute(CURRENT_VERDICT_SQL, {"id": item_id})).first()
    return dict(row) if row else None


# An owner's recommendations by the verdict a response gave them: on the item itself, or on its
# restatement in a later response when that is not the owner's too (so no verdict counts twice).
VERDICT_COUNTS_SQL = """
select verdict, count(*) as n from (
  select items.verdict from items where {owned} and items.verdict is not null
  union all
  select later.verdict from items
    join links on links.item_from = items.id and links.relation = 'restated'
    join items as later on later.id = links.item_to
  where {owned} and items.verdict is null and later.verdict is not null
    and later.id not in (select item from item_owners where owner = :owner)
) group by verdict order by n desc, verdict
"""


async def owner_page(datasette: Any, request: Any) -> Response:
    """A canonical owner: its aliases, counts by kind and overdue, and its items newest first."""
    owner_id = request.url_vars["owner_id"]
    database = await onrecord_database(datasette)
    row = None
    if OWNER_ID.match(owner_id):
        row = (await database.execute("select * from owners where id = ?", [owner_id])).first()
    if row is None:
        raise NotFound("No such owner")
    owned = "items.id in (select item from item_owners where owner = :owner)"
    counts = await database.execute(
        f"select items.kind, count(*) as n, sum({OVERDUE_SQL}) as overdue from items"
        f" where {owned} group by items.kind order by n desc",
        {"owner": owner_id},
    )
    items = await database.execute(
        f"select {ITEM_COLUMNS}, documents.meeting_date, documents.published_date"
        f" from items join documents on documents.id = items.document where {owned}"
        f" order by {NEWEST_SQL} limit {OWNER_ITEMS_SHOWN}",
        {"owner": owner_id},
    )
    verdicts = await database.execute(VERDICT_COUNTS_SQL.format(owned=owned), {"owner": owner_id})
    kinds = [dict(r) for r in counts]
    context = {
        "owner": dict(row),
        "verdicts": [dict(r) for r in verdicts],
        "aliases": _aliases(row["aliases"]),
        "kinds": kinds,
        "total": sum(k["n"] for k in kinds),
        "overdue": sum(k["overdue"] or 0 for k in kinds),
        "items": [dict(r) for r in items],
        "shown": OWNER_ITEMS_SHOWN,
        "database": database.name,
        **url_helpers(datasette),
    }
    return await render(datasette, request, "onrecord_owner.html", context)


def _aliases(value: str | None) -> list[str]:
    try:
        aliases = json.loads(value or "[]")
    except ValueError:
        return [value] if value else []
    return [str(a) for a in aliases] if isinstance(aliases, list) else []


async def document_page(datasette: Any, request: Any) -> Response:
    """A document: its metadata, items in page order, pages' text, and what could not be read."""
    document_id = request.url_vars["document_id"]
    database = await onrecord_database(datasette)
    row = None
    if DOCUMENT_ID.match(document_id):
        row = (
            await database.execute("select * from documents where id = ?", [document_id])
        ).first()
    if row is None:
        raise NotFound("No such document")
    items = await database.execute(
        f"select {ITEM_COLUMNS} from items join documents on documents.id = items.document"
        " where items.document = ?"
        " order by items.page, cast(json_extract(items.bbox, '$[1]') as real), items.ref",
        [document_id],
    )
    pages = await database.execute(
        "select page, text, ocr, text_quality from pages where document = ? order by page",
        [document_id],
    )
    errors = await database.execute(
        'select page, stage, reason, "when" from errors where document = ? or path = ?'
        " order by page",
        [document_id, row["path"]],
    )
    context = {
        "document": dict(row),
        "meeting": await _meeting(database, document_id),
        "items": [dict(r) for r in items],
        "pages": [dict(r) for r in pages],
        "errors": [dict(r) for r in errors],
        "database": database.name,
        **url_helpers(datasette),
    }
    return await render(datasette, request, "onrecord_document.html", context)


async def _meeting(database: Any, document_id: str) -> dict | None:
    """The committee and meeting a document was imported from (onrecord import), with links to
    the meeting's page and the paper on the council's site; None for a paper ingested from disk."""
    if not await database.table_exists("meetings"):
        return None
    row = (await database.execute(
        "select meetings.date, meetings.time, meetings.status, meetings.url,"
        " committees.title as committee, documents.source_url from documents"
        " join meetings on meetings.id = documents.meeting"
        " left join committees on committees.id = meetings.committee where documents.id = ?",
        [document_id],
    )).first()
    if row is None:
        return None
    meeting = dict(row)
    for key in ("url", "source_url"):  # only web links: the site's text must not become a script
        if not re.match(r"^https?://", meeting[key] or ""):
            meeting[key] = None
    return meeting


async def page_image(datasette: Any, request: Any) -> Response:
    """A page of a stored PDF as PNG, named by document id and page number only."""
    match = PAGE_IMAGE.match(request.url_vars["tail"])
    if not match:
        raise NotFound("A page image is named /-/onrecord/page/{document id}/{page}.png")
    document_id, number = match.group(1), int(match.group(2))
    found = await find_document(datasette, document_id)
    if found is None or found[1] != "pdf":
        raise NotFound("No such PDF document, or its file is no longer where it was ingested from")
    try:
        png = await images.render_page(found[0], number)
    except images.PageNotFound as error:
        raise NotFound(str(error)) from error
    headers = {"cache-control": "public, max-age=86400", "x-content-type-options": "nosniff"}
    return Response(png, content_type="image/png", headers=headers)
