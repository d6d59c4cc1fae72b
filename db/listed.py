"""Files listed by URI (`onrecord ingest --cluster`): what their bytes were when last read.

A row of `sources` with what = 'listed' keeps a URI's size, version (etag or modification time)
and sha256, so that a re-run knows a file's document without downloading it.

Example::

    record_listed(database, "s3://papers/a.pdf", 1234, '"9b2cf5"', sha)
    listed_sha256(database, "s3://papers/a.pdf", 1234, '"9b2cf5"')  # -> sha
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlite_utils import Database


def listed_sha256(database: Database, uri: str, size: int, version: str | None) -> str | None:
    """The sha256 a URI had when last read, if its size and version are still the same."""
    if version is None:  # nothing tells a change that keeps the size: read it again
        return None
    row = database.execute(
        "select sha256 from sources where url = ? and what = 'listed' and size = ? and version = ?",
        [uri, size, version],
    ).fetchone()
    return row[0] if row else None


def record_listed(
    database: Database, uri: str, size: int, version: str | None, sha256: str, document: str | None
) -> None:
    """Remember a URI's bytes as read now (document: its documents row, None if it failed)."""
    row = {"url": uri, "what": "listed", "size": size, "version": version, "sha256": sha256,
           "document": document, "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    stored = database.execute(
        "select size, version, sha256, document from sources where url = ? and what = 'listed'", [uri]
    ).fetchone()
    if stored != (size, version, sha256, document):  # re-running changes nothing
        database.table("sources").upsert(row, pk="url")
