"""Datasette plugin: serve each stored document by its id, and link items to their page.

The source route never takes a path from the request: the id must be a sha256 that the
`documents` table knows, and the file served is the path stored there.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import datasette.handle_exception
import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import AsgiFileDownload, NotFound

from db.schema import SOURCE_PREFIX

# Datasette 0.65 prints every error with rich when rich is installed (spaCy brings it), and
# rich >= 15 raises when called outside an except block, turning each 404 into a 500.
datasette.handle_exception.rich = None

DOCUMENT_ID = re.compile(r"^[0-9a-f]{64}$")
SOURCE_LINK = re.compile(r"^" + re.escape(SOURCE_PREFIX) + r"([0-9a-f]{64})(?:#page=(\d+))?$")

# html is served as plain text on purpose: a stored page must not run in Datasette's origin.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "html": "text/plain; charset=utf-8",
    "htm": "text/plain; charset=utf-8",
}


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    # Everything under the prefix comes here, so that every malformed id gets this view's 404.
    return [(r"^" + re.escape(SOURCE_PREFIX) + r"(?P<document_id>.*)$", source)]


@hookimpl
def render_cell(value: Any, column: str, datasette: Any) -> markupsafe.Markup | None:
    """Show a `source` value as a link to its page, a search `snippet` with its matches marked."""
    if not isinstance(value, str):
        return None
    if column == "source":
        return _source_link(value, datasette)
    if column == "snippet":
        return _marked(value)
    return None


def _source_link(value: str, datasette: Any) -> markupsafe.Markup | None:
    match = SOURCE_LINK.match(value)
    if not match:
        return None
    label = f"page {match.group(2)}" if match.group(2) else "document"
    return markupsafe.Markup('<a href="{}">{}</a>').format(datasette.urls.path(value), label)


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
    found = await _find_document(datasette, document_id)
    if found is None:
        raise NotFound("No such document, or its file is no longer where it was ingested from")
    file, file_format = found
    content_type = CONTENT_TYPES.get(file_format, "application/octet-stream")
    disposition = "inline" if file_format in CONTENT_TYPES else "attachment"
    filename = f"{document_id[:12]}.{file_format}" if file_format.isalnum() else document_id[:12]
    return AsgiFileDownload(
        file,
        content_type=content_type,
        headers={
            "content-disposition": f'{disposition}; filename="{filename}"',
            "x-content-type-options": "nosniff",
        },
    )


async def _find_document(datasette: Any, document_id: str) -> tuple[Path, str] | None:
    """The file and format of a document id, from the first database that stores it."""
    for database in datasette.databases.values():
        if not await database.table_exists("documents"):
            continue
        result = await database.execute(
            "select path, format from documents where id = ?", [document_id]
        )
        row = result.first()
        if row is None:
            continue
        file = _existing_file(row["path"], database.path)
        if file is not None:
            file_format = (row["format"] or file.suffix.lstrip(".")).lower()
            return file, file_format
    return None


def _existing_file(stored: str, database_path: str | None) -> Path | None:
    """The stored path as a file: absolute, or relative to the working or the database's folder."""
    path = Path(stored)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path]
    if not path.is_absolute() and database_path:
        candidates.append(Path(database_path).resolve().parent / path)
    return next((c for c in candidates if c.is_file()), None)
