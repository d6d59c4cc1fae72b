"""What the published pages share: finding the onrecord database, links, rendering.

Nothing here reads a PDF's text or runs NLP; the pages only read what `db.store` wrote.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from datasette.utils.asgi import NotFound, Response

PREFIX = "/-/onrecord/"
TEMPLATES = Path(__file__).with_name("templates")


async def onrecord_database(datasette: Any) -> Any:
    """The first database served that holds onrecord's tables, or 404."""
    for database in datasette.databases.values():
        if await database.table_exists("items"):
            return database
    raise NotFound("No onrecord database is being served")


async def render(
    datasette: Any, request: Any, template: str, context: dict, status: int = 200
) -> Response:
    """One of onrecord's templates, inside Datasette's own page."""
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


def site_base(datasette: Any) -> str:
    """Where the site's links start: the published URL when one was given, else the base path."""
    configured = (datasette.plugin_config("onrecord") or {}).get("base_url")
    return configured or datasette.setting("base_url") or "/"


def item_url(datasette: Any, item_id: str) -> str:
    return datasette.urls.path(f"{PREFIX}item/{item_id}")


def owner_url(datasette: Any, owner_id: str) -> str:
    return datasette.urls.path(f"{PREFIX}owner/{owner_id}")


def document_url(datasette: Any, document_id: str) -> str:
    return datasette.urls.path(f"{PREFIX}document/{document_id}")


def source_url(datasette: Any, document_id: str, page: int | None = None) -> str:
    anchor = f"#page={page}" if page else ""
    return datasette.urls.path(f"{PREFIX}source/{document_id}{anchor}")


def image_url(datasette: Any, document_id: str, page: int) -> str:
    return datasette.urls.path(f"{PREFIX}page/{document_id}/{page}.png")


def bbox_of(value: str | None) -> list[float] | None:
    """A stored bbox, [x0, top, x1, bottom] in PDF points, if it is one."""
    try:
        box = json.loads(value) if value else None
    except ValueError:
        return None
    if isinstance(box, list) and len(box) == 4 and all(isinstance(v, int | float) for v in box):
        return [float(v) for v in box]
    return None


def url_helpers(datasette: Any) -> dict[str, Any]:
    """Functions the templates build links with."""
    return {
        "item_url": lambda i: item_url(datasette, i),
        "owner_url": lambda o: owner_url(datasette, o),
        "document_url": lambda d: document_url(datasette, d),
        "source_url": lambda d, p=None: source_url(datasette, d, p),
        "image_url": lambda d, p: image_url(datasette, d, p),
        "search_url": datasette.urls.path(f"{PREFIX}search"),
    }


async def find_document(datasette: Any, document_id: str) -> tuple[Path, str] | None:
    """The file and format of a document id, from the first database that stores it."""
    for database in datasette.databases.values():
        if not await database.table_exists("documents"):
            continue
        # A name that is not UTF-8 is found by its bytes (document_paths.path_bytes, m011).
        raw = "path_bytes" if "path_bytes" in await database.table_columns("document_paths") else "null"
        result = await database.execute(
            f"select documents.path, format, {raw} as path_bytes from documents left join"
            " document_paths on document_paths.path = documents.path where id = ?",
            [document_id],
        )
        row = result.first()
        if row is None:
            continue
        stored = os.fsdecode(row["path_bytes"]) if row["path_bytes"] else row["path"]
        file = _existing_file(stored, database.path)
        # Only the bytes that were read: a file changed since, or a name that now links
        # elsewhere, is not this document.
        if file is not None and await asyncio.to_thread(holds, file, document_id):
            file_format = (row["format"] or file.suffix.lstrip(".")).lower()
            return file, file_format
    return None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def holds(file: Path, document_id: str) -> bool:
    """Whether the file's bytes still hash to the document id (remembered while it is unchanged)."""
    try:
        status = file.stat()
    except OSError:
        return False
    return _hash(str(file), status.st_ino, status.st_size, status.st_mtime_ns) == document_id


@lru_cache(maxsize=256)
def _hash(file: str, inode: int, size: int, mtime_ns: int) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(file, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _existing_file(stored: str, database_path: str | None) -> Path | None:
    """The stored path as a file: absolute, or relative to the working or the database's folder."""
    path = Path(stored)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path]
    if not path.is_absolute() and database_path:
        candidates.append(Path(database_path).resolve().parent / path)
    return next((c for c in candidates if c.is_file()), None)
