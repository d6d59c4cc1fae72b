"""One search box over items, owners and page text, ranked, with facets by kind, owner, body, year.

Example: /-/onrecord/search?q=repairs&kind=action&year=2025

A word printed in nearly every item matches tens of thousands of them, and FTS5's bm25 costs a
lookup per match, as does each facet count. So ranking and facet counts cover at most
CANDIDATES matches - all of them when there are fewer, else the ones stored last - and the page
says so; the number of matches shown is always counted over all of them.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any
from urllib.parse import urlencode

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response

from onrecord.db.site import syntax
from onrecord.db.site.sql import ITEM_COLUMNS, NEWEST_SQL, PAPER_YEAR_SQL
from onrecord.db.site.web import (
    onrecord_database,
    render,
    url_helpers,
)

ITEMS_SHOWN = 50
OWNERS_SHOWN = 10
PAGES_SHOWN = 20
FACET_VALUES = 10
# Matches ranked and counted by facet: at most this many, the last stored (the highest rowids,
# which FTS5 walks without reading a row). 2,000 rank and count in about 10 ms.
CANDIDATES = 2_000
# FTS5's bm25 (negative: the better the match, the lower).
RANK_SQL = "items_fts.rank"
# Like Datasette's facet_time_limit_ms: a count that would take longer is left out, so that a
# page still answers quickly; the items themselves are always listed.
FACET_TIME_LIMIT_MS = 60
# Each filter: its SQL over items joined to documents, named by its request argument.
FILTERS = {
    "kind": "items.kind = :kind",
    "owner": "items.id in (select item from item_owners where owner = :owner)",
    "body": "documents.body = :body",
    "year": f"{PAPER_YEAR_SQL} = :year",
}
FACET_NAMES = ("kind", "owner", "body", "year")
# The filters typed into the box (db.site.syntax): owner:words and kind:name.
OWNER_WORDS = (
    "items.id in (select item_owners.item from item_owners join owners on owners.id ="
    " item_owners.owner where owners.name like :{p} or item_owners.printed like :{p})"
)
# With no words, items are listed most confident first (index items_confidence, m018), or newest.
SORTS = ("confidence", "newest")


async def search_page(datasette: Any, request: Any) -> Response:
    """Items ranked by relevance with facet counts, then matching owners and pages."""
    database = await onrecord_database(datasette)
    q = (request.args.get("q") or "").strip()
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else SORTS[0]
    chosen = {}
    for name in FILTERS:
        value = (request.args.get(name) or "").strip()
        if value:
            chosen[name] = value
    try:
        search = syntax.parse(q)
    except syntax.SearchSyntaxError as error:
        return await _problem(datasette, request, database, q, chosen, sort, str(error))
    where, params = conditions(chosen, search)
    params["q"] = search.fts or ""
    try:
        if search.fts:
            found = await _full_text(database, params, where)
        else:
            found = await _browse(database, params, where, sort)
    except sqlite3.OperationalError as error:  # FTS5 refused what syntax.parse let through
        return await _problem(datasette, request, database, q, chosen, sort, f"cannot search for that ({error})")
    context = {
        "q": q,
        "chosen": chosen,
        "sort": sort,
        "sort_links": _sort_links(url_helpers(datasette)["search_url"], q, chosen, sort),
        **found,
        "facets": _facets(url_helpers(datasette)["search_url"], found["facets"], chosen, q),
        "shown": ITEMS_SHOWN,
        "candidates": CANDIDATES,
        "database": database.name,
        "feed_query": urlencode({k: v for k, v in (("q", q), ("owner", chosen.get("owner"))) if v}),
        "table_search": urlencode({"_search": q}) if q else "",
        **url_helpers(datasette),
    }
    return await render(datasette, request, "onrecord_search.html", context)


async def _problem(
    datasette: Any, request: Any, database: Any, q: str, chosen: dict, sort: str, problem: str
) -> Response:
    """The search page saying what is wrong with the search and how to write it, as a 400."""
    context = {"q": q, "chosen": chosen, "problem": problem, "items": [], "facets": [],
               "count": 0, "sort": sort, "database": database.name, **url_helpers(datasette)}
    return await render(datasette, request, "onrecord_search.html", context, status=400)


def conditions(chosen: dict[str, str], search: syntax.Search | None = None) -> tuple[list[str], dict]:
    """SQL conditions on items joined to documents, and their parameters: the facets chosen,
    then the owner: and kind: filters typed into the box."""
    where = [FILTERS[name] for name in chosen]
    params: dict[str, Any] = dict(chosen)
    for n, owner in enumerate(search.owners if search else []):
        where.append(OWNER_WORDS.format(p=f"owner_words{n}"))
        params[f"owner_words{n}"] = f"%{owner}%"
    for n, kind in enumerate(search.kinds if search else []):
        where.append(f"items.kind = :kind_words{n}")
        params[f"kind_words{n}"] = kind
    return where, params


async def _full_text(database: Any, params: dict, where: list[str]) -> dict:
    """Ranked items, their count and facets, and the owners and pages that match too."""
    floor_sql, total_sql = _floor_and_count(True, where)
    floor, owners, pages, total = await asyncio.gather(
        _rows(database, floor_sql, params),
        _rows(database, _owners_sql(), params),
        _rows(database, _pages_sql(where, params), params),
        _rows(database, total_sql, params),
    )
    capped = bool(floor)
    count = None if capped and where else total[0]["n"]
    base = _base(True, where, floor=capped)
    if capped:
        params = {**params, "floor": floor[0]["rowid"]}
    # Relevance weighed by confidence: of two items that match alike, the one the extractor is
    # surer of comes first, and an item it doubts needs a much better match to lead.
    rank = f"{RANK_SQL} * coalesce(items.confidence, 0.5)"
    top_sql = f"select items_fts.rowid {base} order by {rank}, items_fts.rowid limit {ITEMS_SHOWN}"
    top, facets = await asyncio.gather(
        _rows(database, top_sql, params),
        _facet_counts(database, params, base, _base(True, where, by_owner=True, floor=capped)),
    )
    return {
        "items": await _listing(database, params, top),
        "count": count,
        "capped": capped,
        "facets": facets,
        "owners": owners,
        "pages": pages,
    }


async def _listing(database: Any, params: dict, top: list[dict]) -> list[dict]:
    """The ranked rows with their columns and snippets, computed for these rows only."""
    if not top:
        return []
    rowids = {f"r{n}": row["rowid"] for n, row in enumerate(top)}
    sql = (
        f"select items_fts.rowid, {ITEM_COLUMNS}, {_snippet('items_fts', 0)} as snippet"
        " from items_fts join items on items.rowid = items_fts.rowid"
        " join documents on documents.id = items.document"
        " where items_fts match :q and items_fts.rowid between :lo and :hi"
        f" and items_fts.rowid in ({', '.join(':' + name for name in rowids)})"
    )
    bounds = {"lo": min(rowids.values()), "hi": max(rowids.values())}
    rows = await _rows(database, sql, {"q": params["q"], **rowids, **bounds})
    by_rowid = {row.pop("rowid"): row for row in rows}
    return [by_rowid[row["rowid"]] for row in top if row["rowid"] in by_rowid]


async def _browse(database: Any, params: dict, where: list[str], sort: str) -> dict:
    """With no words: the most confident (or the newest) items, and counts by facet over those
    stored last."""
    floor_sql, total_sql = _floor_and_count(False, where)
    listing = newest_sql(where) if sort == "newest" else confident_sql(where)
    items, floor, total = await asyncio.gather(
        _rows(database, listing, params),
        _rows(database, floor_sql, params),
        _rows(database, total_sql, params),
    )
    capped = bool(floor)
    if capped:
        params = {**params, "floor": floor[0]["rowid"]}
    facets = await _facet_counts(
        database,
        params,
        _base(False, where, floor=capped),
        _base(False, where, by_owner=True, floor=capped),
    )
    count = None if capped and where else total[0]["n"]
    return {"items": items, "count": count, "capped": capped, "facets": facets}


def newest_sql(where: list[str]) -> str:
    """The newest items the filters keep: papers read newest first through index
    documents_newest, which the cross join makes SQLite use even without ANALYZE's figures."""
    kept = _base(False, where).partition(" where ")[2]
    return (
        f"select {ITEM_COLUMNS} from documents cross join items on items.document = documents.id"
        f" where {kept} order by {NEWEST_SQL} limit {ITEMS_SHOWN}"
    )


def confident_sql(where: list[str]) -> str:
    """The items the filters keep, most confident first, then the last stored: read backwards
    through index items_confidence, which holds both, so that nothing is sorted."""
    kept = _base(False, where).partition(" where ")[2]
    return (
        f"select {ITEM_COLUMNS} from items join documents on documents.id = items.document"
        f" where {kept} order by items.confidence desc, items.rowid desc limit {ITEMS_SHOWN}"
    )


def _floor_and_count(full_text: bool, where: list[str]) -> tuple[str, str]:
    """SQL for the rowid of the item matched just before the last CANDIDATES stored (none when
    there are no more), and for the count of the items matched.

    With no filter an index alone counts the items and finds the last CANDIDATES, without
    reading a row; with filters, one walk back from the last stored item finds both when there
    are at most CANDIDATES, and otherwise stops there: the count returned is CANDIDATES + 1.
    """
    rowid = "items_fts.rowid" if full_text else "items.rowid"
    if where:
        counted = f"select {rowid} {_base(full_text, where)}"
        count = f"select count(*) as n from ({counted} limit {CANDIDATES + 1})"
    elif full_text:
        counted = "select items_fts.rowid from items_fts where items_fts match :q"
        count = "select count(*) as n from items_fts where items_fts match :q"
    else:
        counted, count = "select items.rowid from items", "select count(*) as n from items"
    return f"{counted} order by {rowid} desc limit 1 offset {CANDIDATES}", count


def _base(
    full_text: bool, where: list[str], by_owner: bool = False, floor: bool = False
) -> str:
    """FROM and WHERE of the items matched, filters applied; `by_owner` adds their owners,
    `floor` keeps the items stored after rowid :floor."""
    sql = (
        "from items_fts join items on items.rowid = items_fts.rowid" if full_text else "from items"
    )
    sql += " join documents on documents.id = items.document"
    if by_owner:
        # A cross join keeps the owners of the items matched from being read as the outer loop,
        # which SQLite picks without ANALYZE's figures.
        sql += " cross join item_owners on item_owners.item = items.id"
    sql += " where items_fts match :q" if full_text else " where 1"
    if floor:
        sql += " and items_fts.rowid > :floor" if full_text else " and items.rowid > :floor"
    return sql + "".join(f" and {condition}" for condition in where)


async def _facet_counts(
    database: Any, params: dict, base: str, by_owner: str
) -> dict[str, list[dict] | None]:
    """Values and counts of each facet over the items `base` selects; None where too slow.

    Kind, body and year come from one pass grouped by kind and document (a few hundred
    documents, not thousands of items, are then looked up); owners from a second pass over
    `by_owner`, the same items joined to their owners.
    """
    grouped = f"""select g.kind, documents.body, {PAPER_YEAR_SQL} as year, sum(g.n) as n
      from (select items.kind, items.document, count(*) as n {base}
        group by items.kind, items.document) as g
      join documents on documents.id = g.document group by 1, 2, 3"""
    owners = f"""select f.owner as value, owners.name as label, f.n
      from (select item_owners.owner, count(*) as n {by_owner}
        group by item_owners.owner order by n desc limit {FACET_VALUES}) as f
      join owners on owners.id = f.owner order by f.n desc, owners.name"""
    groups, owner_values = await asyncio.gather(
        _limited(database, grouped, params), _limited(database, owners, params)
    )
    counts: dict[str, list[dict] | None] = {}
    for name in ("kind", "body", "year"):
        counts[name] = None if groups is None else _tally(groups, name)
    counts["owner"] = owner_values
    return {name: counts[name] for name in FACET_NAMES}


def _tally(groups: list[dict], name: str) -> list[dict]:
    """One facet's values from rows grouped by kind, body and year; years newest first."""
    totals: dict[Any, int] = {}
    for row in groups:
        if row[name] is not None:
            totals[row[name]] = totals.get(row[name], 0) + row["n"]
    if name == "year":
        order = sorted(totals, reverse=True)
    else:
        order = sorted(totals, key=lambda value: (-totals[value], str(value)))
    return [{"value": v, "label": v, "n": totals[v]} for v in order[:FACET_VALUES]]


async def _rows(database: Any, sql: str, params: dict) -> list[dict]:
    return [dict(r) for r in await database.execute(sql, params)]


async def _limited(database: Any, sql: str, params: dict) -> list[dict] | None:
    """Rows of a query that counts, or None when counting would take too long."""
    try:
        result = await database.execute(sql, params, custom_time_limit=FACET_TIME_LIMIT_MS)
    except QueryInterrupted:
        return None
    return [dict(r) for r in result]


def _snippet(table: str, column: int) -> str:
    return f"snippet({table}, {column}, '<mark>', '</mark>', '…', 24)"


def _owners_sql() -> str:
    return (
        "select owners.id, owners.name, owners.aliases, owners.items"
        " from owners_fts join owners on owners.rowid = owners_fts.rowid"
        f" where owners_fts match :q order by owners_fts.rank limit {OWNERS_SHOWN}"
    )


def _pages_sql(where: list[str], params: dict) -> str:
    """Pages whose text matches; a body or year filter applies to them too."""
    filters = "".join(f" and {FILTERS[n]}" for n in ("body", "year") if n in params)
    return (
        f"select pages.document, pages.page, pages.ocr, documents.title, documents.body,"
        f" {_snippet('pages_fts', 0)} as snippet"
        " from pages_fts join pages on pages.rowid = pages_fts.rowid"
        " join documents on documents.id = pages.document"
        f" where pages_fts match :q{filters} order by pages_fts.rank limit {PAGES_SHOWN}"
    )


def _sort_links(search_url: str, q: str, chosen: dict[str, str], sort: str) -> list[dict]:
    """The toggle between the orders of a listing without words."""
    links = []
    for name in SORTS:
        args = {"q": q, **chosen, "sort": name if name != SORTS[0] else ""}
        href = search_url + "?" + urlencode({k: v for k, v in args.items() if v})
        links.append({"name": name, "href": href, "chosen": name == sort})
    return links


def _facets(
    search_url: str, counts: dict[str, list[dict] | None], chosen: dict[str, str], q: str
) -> list[dict]:
    """Each facet's values with a link that adds the value, or removes it when it is chosen."""
    facets = []
    for name, values in counts.items():
        if values is None:
            facets.append({"name": name, "values": [], "timed_out": True})
            continue
        for value in values:
            args = {"q": q, **chosen}
            if chosen.get(name) == str(value["value"]):
                args.pop(name)
                value["chosen"] = True
            else:
                args[name] = value["value"]
            value["href"] = search_url + "?" + urlencode({k: v for k, v in args.items() if v})
        facets.append({"name": name, "values": values})
    return facets
