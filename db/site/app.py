"""The site: one Datasette with onrecord's production settings, served by `onrecord serve`,
published by `onrecord publish` and fetched by the tests, so that what is published is what is tested.

Example::

    datasette = make_datasette("council.db", base_url="https://records.example.org/")
    await datasette.invoke_startup()
    response = await datasette.client.get("/-/onrecord/overdue")
"""

from __future__ import annotations

import copy
import sqlite3
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

METADATA = Path(__file__).with_name("metadata.yml")
# Facet suggestions cost a query per column on every table page; a query may take 2 s at most.
SETTINGS: dict[str, Any] = {"suggest_facets": False, "sql_time_limit_ms": 2000}


def make_datasette(
    path: str | Path,
    *,
    immutable: bool = True,
    base_url: str | None = None,
    metadata: dict | None = None,
    settings: dict[str, Any] | None = None,
    **options: Any,
) -> Any:
    """Datasette serving one onrecord database with the production settings and metadata.

    Immutable unless `immutable=False` (a site that reads an ingest into the file as it commits).
    `base_url` is where the site is published (https://example.org/records/): the exports' source
    links are made absolute under it, and its path is Datasette's base_url. `metadata` and
    `settings` are merged over onrecord's; any other Datasette(...) option is passed on.
    """
    # Imported here: Datasette loads its plugins, this one among them, as it is imported.
    from datasette.app import Datasette

    path = Path(path)
    merged = metadata_for(path)
    for key, value in (metadata or {}).items():
        merged[key] = value if key != "databases" else {**merged.get("databases", {}), **value}
    merged_settings = {**SETTINGS, **(settings or {})}
    if base_url:
        merged.setdefault("plugins", {}).setdefault("onrecord", {})["base_url"] = base_url
        merged_settings.setdefault("base_url", urlsplit(base_url).path or "/")
    if immutable:
        checkpoint(path)
    files = [] if immutable else [str(path)]
    immutables = [str(path)] if immutable else []
    return Datasette(
        [*files, *options.pop("files", [])],
        immutables=[*immutables, *options.pop("immutables", [])],
        metadata=merged,
        settings=merged_settings,
        **options,
    )


def metadata_for(path: str | Path) -> dict:
    """onrecord's metadata with its database section named after the file (council.db: council)."""
    metadata = copy.deepcopy(_metadata())
    databases = metadata.get("databases") or {}
    stem = Path(path).stem
    if "onrecord" in databases and stem != "onrecord":
        databases[stem] = databases.pop("onrecord")
    return metadata


@lru_cache(maxsize=1)
def _metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


def checkpoint(path: Path) -> None:
    """Move what the write-ahead log holds into the database file: an immutable database is read
    from its file alone. A file that cannot be written (a read-only image) has nothing to move."""
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or not wal.stat().st_size:
        return
    try:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("pragma wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass  # served as it is: what the log holds is not published
