"""The overdue page: the promises whose date has passed, with who owns them, in which paper,
how late they are, and what later papers have said of them since.

Example: /-/onrecord/overdue?order=longest&kind=action
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from onrecord.db.site.sql import DUE_END_SQL, OVERDUE_SQL, PAPER_DATE_SQL
from onrecord.db.site.web import PREFIX, onrecord_database, render, url_helpers

SHOWN = 100
COUNTED = 10_000
# newest: the ones that fell due most recently first; longest: the ones overdue longest first.
# Both walk index items_due_end (m006), one way or the other.
ORDERS = {"newest": "desc", "longest": "asc"}
KINDS = ("recommendation", "action", "decision", "commitment")

# Every item later papers carry an item into (links run from the earlier item to the later),
# with what each says: the latest of them is the item's latest news.
LATER_SQL = f"""
with recursive chain(origin, id) as (
  select links.item_from, links.item_to from links where links.item_from in ({{ids}})
  union select chain.origin, links.item_to from links join chain on links.item_from = chain.id
)
select chain.origin, items.id, items.status, items.verdict, items.due, items.kind, items.page,
  items.document, documents.title as document_title, {PAPER_DATE_SQL} as paper_date,
  documents.ingested_at
from chain join items on items.id = chain.id join documents on documents.id = items.document
"""


async def overdue_page(datasette: Any, request: Any) -> Response:
    """Overdue items, newest-overdue or longest-overdue first, optionally of one kind."""
    database = await onrecord_database(datasette)
    order = request.args.get("order") if request.args.get("order") in ORDERS else "newest"
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    where = OVERDUE_SQL + (" and items.kind = :kind" if kind else "")
    params = {"kind": kind, "limit": SHOWN, "offset": (page - 1) * SHOWN}
    rows = [dict(r) for r in await database.execute(
        f"""select items.id, items.kind, items.ref, items.text, items.owners, items.due,
          items.due_date, items.status, items.page, items.document, items.confidence,
          documents.title as document_title, documents.body, {PAPER_DATE_SQL} as paper_date,
          {DUE_END_SQL} as overdue_since
        from items join documents on documents.id = items.document where {where}
        order by {DUE_END_SQL} {ORDERS[order]}, documents.title, items.page, items.id
        limit :limit offset :offset""",
        params,
    )]
    # Counted up to COUNTED: past that, the page says "more than".
    total = (await database.execute(
        f"select count(*) from (select 1 from items where {where} limit {COUNTED + 1})", params
    )).first()[0]
    await _add_owners_and_news(database, rows)
    today = date.today()
    for row in rows:
        row["late"] = how_late(date.fromisoformat(row["overdue_since"]), today)
    search_url = url_helpers(datasette)["search_url"]

    def link(**changes: Any) -> str:
        args = {"order": order, "kind": kind, "page": page, **changes}
        args = {k: v for k, v in args.items() if v and (k, v) not in (("order", "newest"), ("page", 1))}
        return datasette.urls.path(PREFIX + "overdue") + ("?" + urlencode(args) if args else "")

    context = {
        "rows": rows,
        "total": total,
        "counted": COUNTED,
        "order": order,
        "kind": kind,
        "kinds": KINDS,
        "page": page,
        "shown": SHOWN,
        "link": link,
        "query_url": datasette.urls.query(database.name, "overdue"),
        "database": database.name,
        **url_helpers(datasette),
        "search_url": search_url,
    }
    return await render(datasette, request, "onrecord_overdue.html", context)


async def _add_owners_and_news(database: Any, rows: list[dict]) -> None:
    """Each row's owners (canonical names, with ids for their pages) and its latest news: the
    latest paper that carries it on, with the status or verdict it prints."""
    if not rows:
        return
    ids = {f"i{n}": row["id"] for n, row in enumerate(rows)}
    names = ", ".join(":" + name for name in ids)
    owners = await database.execute(
        "select item_owners.item, owners.id, owners.name from item_owners join owners"
        f" on owners.id = item_owners.owner where item_owners.item in ({names})"
        " order by owners.name",
        ids,
    )
    by_item: dict[str, list[dict]] = {}
    for owner in owners:
        by_item.setdefault(owner["item"], []).append({"id": owner["id"], "name": owner["name"]})
    later: dict[str, list[dict]] = {}
    for step in await database.execute(LATER_SQL.format(ids=names), ids):
        later.setdefault(step["origin"], []).append(dict(step))
    for row in rows:
        row["owner_list"] = by_item.get(row["id"], [])
        steps = later.get(row["id"], [])
        row["later_papers"] = len({s["document"] for s in steps})
        said = [s for s in steps if s["status"] or s["verdict"]]
        row["news"] = max(said, key=_when, default=None)


def _when(step: dict) -> tuple[str, str]:
    return (step["paper_date"] or "", step["ingested_at"] or "")


def how_late(since: date, today: date) -> str:
    """How long ago an item fell due, in words: "3 years 2 months", "5 months", "12 days"."""
    months = (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)
    years, months = divmod(months, 12)
    if not years and not months:
        days = (today - since).days
        return "since today" if days <= 0 else f"{days} day{'s' if days != 1 else ''}"
    parts = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in ((years, "year"), (months, "month")) if n]
    return " ".join(parts)
