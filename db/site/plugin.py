"""Datasette plugin: onrecord's pages, each stored document by its id, and links to them.

Routes, all under /-/onrecord/: overdue, search, item/{id}, owner/{id}, document/{id},
page/{document id}/{n}.png, source/{document id}, feed/new.atom, feed/overdue.atom and feed/chain.atom.
Every database that holds onrecord's tables gets the canned queries of db.site.queries, whatever
its file is called, and the home page links each of them. The source and page routes never take a path from the request: the id must be a sha256 that
the `documents` table knows, and the file served is the path stored there, only while its bytes
still hash to that id.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import datasette.handle_exception
import jinja2
import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from onrecord.db.schema import SOURCE_PREFIX
from onrecord.db.site import feeds, overdue, pages, queries, search, syntax
from onrecord.db.site.web import (
    PREFIX,
    TEMPLATES,
    find_document,
    item_url,
    onrecord_database,
    sha256_of,
    site_base,
)

# Datasette 0.65 prints every error with rich when rich is installed (spaCy brings it), and
# rich >= 15 raises when called outside an except block, turning each 404 into a 500.
datasette.handle_exception.rich = None

DOCUMENT_ID = re.compile(r"^[0-9a-f]{64}$")
ITEM_ID = re.compile(r"^[0-9a-f]{16}$")
# A source link as items_view stores it (a path), or as a canned query gives it (under the base URL).
SOURCE_LINK = re.compile(
    r"^(https?://[^/\s]+)?(/[^\s#]*)?" + re.escape(SOURCE_PREFIX) + r"([0-9a-f]{64})(?:#page=(\d+))?$"
)
HOME_ITEMS = 10

# html is served as plain text on purpose: a stored page must not run in Datasette's origin.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "html": "text/plain; charset=utf-8",
    "htm": "text/plain; charset=utf-8",
}


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    # Everything under a prefix comes to its view, so that every malformed id gets its 404.
    prefix = re.escape(PREFIX)
    return [
        (r"^" + re.escape(SOURCE_PREFIX) + r"(?P<document_id>.*)$", source),
        (rf"^{prefix}search$", search.search_page),
        (rf"^{prefix}overdue$", overdue.overdue_page),
        (rf"^{prefix}item/(?P<item_id>.*)$", pages.item_page),
        (rf"^{prefix}owner/(?P<owner_id>.*)$", pages.owner_page),
        (rf"^{prefix}document/(?P<document_id>.*)$", pages.document_page),
        (rf"^{prefix}page/(?P<tail>.*)$", pages.page_image),
        (rf"^{prefix}feed/(?P<name>[^/]*)\.atom$", feeds.feed),
    ]


@hookimpl
def prepare_jinja2_environment(env: jinja2.Environment, datasette: Any) -> None:
    """Let Datasette find onrecord's templates after any the publisher supplies, and before its
    own: onrecord's index.html extends Datasette's with the search box."""
    publisher = [jinja2.FileSystemLoader(datasette.template_dir)] if datasette.template_dir else []
    own = jinja2.FileSystemLoader(str(TEMPLATES))
    assert env.loader is not None  # Datasette makes its environment with its own templates' loader
    env.loader = jinja2.ChoiceLoader([*publisher, own, env.loader])
    env.filters["marked"] = _marked


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [
        {"href": datasette.urls.path(PREFIX + "overdue"), "label": "Overdue"},
        {"href": datasette.urls.path(PREFIX + "search"), "label": "Search commitments"},
    ]


@hookimpl
def canned_queries(datasette: Any, database: str) -> Any:
    """onrecord's canned queries, for a database that holds onrecord's tables."""

    async def inner() -> dict:
        if not await _is_onrecord(datasette, database):
            return {}
        return queries.canned_queries(site_base(datasette))

    return inner


async def _is_onrecord(datasette: Any, name: str) -> bool:
    database = datasette.databases.get(name)
    return database is not None and await database.table_exists("items") and await database.table_exists("item_owners")


@hookimpl
def prepare_connection(conn: Any) -> None:
    # The canned query `search` reads its :q as the search page does (db.site.syntax).
    conn.create_function("onrecord_fts", 1, syntax.fts_or_nothing, deterministic=True)


@hookimpl
def extra_template_vars(template: str, datasette: Any, request: Any) -> Any:
    """The home page's overdue link, canned queries and most confident items."""
    if template != "index.html":
        return {}

    async def inner() -> dict:
        try:
            database = await onrecord_database(datasette)
        except NotFound:
            return {}
        canned = await datasette.get_canned_queries(database.name, request.actor if request else None)
        top = await database.execute(search.confident_sql([]).replace(
            f"limit {search.ITEMS_SHOWN}", f"limit {HOME_ITEMS}"
        ))
        return {
            "onrecord": {
                "database": database.name,
                "queries": [
                    {"name": name, "title": q.get("title") or name, "description": q.get("description"),
                     "url": datasette.urls.query(database.name, name)}
                    for name, q in canned.items()
                ],
                "items": [dict(r) for r in top],
                "item_url": lambda i: item_url(datasette, i),
                "document_url": lambda d: datasette.urls.path(f"{PREFIX}document/{d}"),
            }
        }

    return inner


@hookimpl
def render_cell(
    value: Any, column: str, table: str | None, datasette: Any
) -> markupsafe.Markup | None:
    """Link a `source` to its page and an item id to its item page; mark a `snippet`'s matches."""
    if not isinstance(value, str):
        return None
    if column == "source":
        return _source_link(value, datasette)
    if column == "snippet":
        return _marked(value)
    if column == "id" and table in (None, "items_view") and ITEM_ID.match(value):
        return _link(item_url(datasette, value), value)
    return None


def _source_link(value: str, datasette: Any) -> markupsafe.Markup | None:
    match = SOURCE_LINK.match(value)
    if not match:
        return None
    label = f"page {match.group(4)}" if match.group(4) else "document"
    # A path as stored follows the base_url setting; a link a canned query made already does.
    href = value if match.group(1) or match.group(2) else datasette.urls.path(value)
    return _link(href, label)


def _link(href: str, label: str) -> markupsafe.Markup:
    # Markup.format costs tens of microseconds a call: a canned query of 1,000 rows makes two
    # links a row, so the escaping is done directly.
    escape = markupsafe.escape
    return markupsafe.Markup(f'<a href="{escape(href)}">{escape(label)}</a>')


def _marked(value: str) -> markupsafe.Markup:
    """Escape everything, then let back only the <mark> tags that snippet() put in."""
    escaped = str(markupsafe.escape(value))
    escaped = escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
    return markupsafe.Markup(escaped)


async def source(datasette: Any, request: Any) -> Any:
    """Serve the stored file of a document id, or 404."""
    document_id = request.url_vars["document_id"]
    if not DOCUMENT_ID.match(document_id):
        raise NotFound("No such document: a document is named by its sha256 id")
    found = await find_document(datasette, document_id)
    if found is None:
        raise NotFound("No such document, or its file is no longer where it was ingested from")
    file, file_format = found
    # The bytes sent are the bytes hashed: a file replaced after find_document checked it is
    # not sent under this id.
    data = await asyncio.to_thread(_read, file)
    if data is None or sha256_of(data) != document_id:
        raise NotFound("No such document, or its file has changed since it was ingested")
    content_type = CONTENT_TYPES.get(file_format, "application/octet-stream")
    disposition = "inline" if file_format in CONTENT_TYPES else "attachment"
    filename = f"{document_id[:12]}.{file_format}" if file_format.isalnum() else document_id[:12]
    return Response(
        data,
        content_type=content_type,
        headers={
            "content-disposition": f'{disposition}; filename="{filename}"',
            "x-content-type-options": "nosniff",
        },
    )


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None
