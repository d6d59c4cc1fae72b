"""One search box over items, owners and page text, ranked, with facets by kind, owner, body, year.

Example: /-/onrecord/search?q=repairs&kind=action&year=2025
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response

from db.web import (
    ITEM_COLUMNS,
    NEWEST_SQL,
    PAPER_YEAR_SQL,
    fts_query,
    onrecord_database,
    render,
    url_helpers,
)

ITEMS_SHOWN = 50
OWNERS_SHOWN = 10
PAGES_SHOWN = 20
FACET_VALUES = 10
# Like Datasette's facet_time_limit_ms: a facet that would take longer is left out, so that a
# word in nearly every item still answers quickly; the items themselves are always listed.
FACET_TIME_LIMIT_MS = 40
# Each filter: its SQL over items joined to documents, named by its request argument.
FILTERS = {
    "kind": "items.kind = :kind",
    "owner": "items.id in (select item from item_owners where owner = :owner)",
    "body": "documents.body = :body",
    "year": f"{PAPER_YEAR_SQL} = :year",
}
FACETS = {
    "kind": "select items.kind as value, items.kind as label, count(*) as n {base}"
    " group by items.kind order by n desc limit {limit}",
    "owner": "select item_owners.owner as value, owners.name as label, count(*) as n"
    " {base} group by item_owners.owner order by n desc limit {limit}",
    "body": "select documents.body as value, documents.body as label, count(*) as n {base}"
    " and documents.body is not null group by documents.body order by n desc limit {limit}",
    "year": f"select {PAPER_YEAR_SQL} as value, {PAPER_YEAR_SQL} as label, count(*) as n"
    " {base} and value is not null group by value order by value desc limit {limit}",
}


async def search_page(datasette: Any, request: Any) -> Response:
    """Items ranked by relevance with facet counts, then matching owners and pages."""
    database = await onrecord_database(datasette)
    q = (request.args.get("q") or "").strip()
    params = {"q": fts_query(q) if q else ""}
    chosen = {}
    for name in FILTERS:
        value = (request.args.get(name) or "").strip()
        if value:
            chosen[name] = params[name] = value
    base = _base(bool(q), chosen)
    listing = (
        f"select {ITEM_COLUMNS}, {_snippet('items_fts', 0)} as snippet {base}"
        f" order by items_fts.rank limit {ITEMS_SHOWN}"
        if q
        else f"select {ITEM_COLUMNS} {base} order by {NEWEST_SQL} limit {ITEMS_SHOWN}"
    )
    # With no filter the index alone counts the matches, without reading a row.
    count = (
        "select count(*) from items_fts where items_fts match :q"
        if q and not chosen
        else (f"select count(*) {base}")
    )
    queries = [listing, count] + ([_owners_sql(), _pages_sql(chosen)] if q else [])
    facets = {
        name: sql.format(base=_base(bool(q), chosen, name == "owner"), limit=FACET_VALUES)
        for name, sql in FACETS.items()
    }
    results = await asyncio.gather(
        *(database.execute(sql, params) for sql in queries),
        *(_facet(database, sql, params) for sql in facets.values()),
    )
    rows = [[dict(r) for r in result] for result in results[: len(queries)]]
    context = {
        "q": q,
        "chosen": chosen,
        "items": rows[0],
        "count": rows[1][0]["count(*)"],
        "facets": _facets(request, dict(zip(FACETS, results[len(queries) :])), chosen, q),
        "owners": rows[2] if q else [],
        "pages": rows[3] if q else [],
        "shown": ITEMS_SHOWN,
        "database": database.name,
        "feed_query": urlencode({k: v for k, v in (("q", q), ("owner", chosen.get("owner"))) if v}),
        "table_search": urlencode({"_search": q}) if q else "",
        **url_helpers(datasette),
    }
    return await render(datasette, request, "onrecord_search.html", context)


def _base(full_text: bool, chosen: dict[str, str], by_owner: bool = False) -> str:
    """FROM and WHERE of the items matched, filters applied; `by_owner` adds their owners."""
    sql = (
        "from items_fts join items on items.rowid = items_fts.rowid" if full_text else "from items"
    )
    sql += " join documents on documents.id = items.document"
    if by_owner:
        sql += " join item_owners on item_owners.item = items.id"
        sql += " join owners on owners.id = item_owners.owner"
    sql += " where items_fts match :q" if full_text else " where 1"
    return sql + "".join(f" and {FILTERS[name]}" for name in chosen)


async def _facet(database: Any, sql: str, params: dict) -> list[dict] | None:
    """A facet's values and counts, or None when counting them would take too long."""
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


def _pages_sql(chosen: dict[str, str]) -> str:
    """Pages whose text matches; a body or year filter applies to them too."""
    filters = "".join(f" and {FILTERS[n]}" for n in ("body", "year") if n in chosen)
    return (
        f"select pages.document, pages.page, pages.ocr, documents.title, documents.body,"
        f" {_snippet('pages_fts', 0)} as snippet"
        " from pages_fts join pages on pages.rowid = pages_fts.rowid"
        " join documents on documents.id = pages.document"
        f" where pages_fts match :q{filters} order by pages_fts.rank limit {PAGES_SHOWN}"
    )


def _facets(
    request: Any, counts: dict[str, list[dict] | None], chosen: dict[str, str], q: str
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
            value["href"] = request.path + "?" + urlencode({k: v for k, v in args.items() if v})
        facets.append({"name": name, "values": values})
    return facets
