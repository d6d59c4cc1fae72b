"""The errors table: why a file or a page could not be read, and the failures not to repeat."""
from __future__ import annotations

import hashlib
from pathlib import Path

from sqlite_utils import Database

from onrecord.db import connection
from onrecord.db.connection import shown_path, upsert_changed


def record_error(
    database: Database,
    path: str | Path,
    stage: str,
    reason: str,
    document: str | None = None,
    page: int | None = None,
) -> str:
    """Record why a file (or a page of it) could not be read; recording it again changes nothing.

    A whole file has one cause at a time: its earlier whole-file errors are replaced.
    """
    row = error_row(path, stage, reason, document, page)
    with database.atomic():
        if page is None:
            database.execute(
                "delete from errors where path = ? and page is null and id != ?", [row["path"], row["id"]]
            )
        database.table("errors").insert(row, pk="id", ignore=True)
    return row["id"]


def has_error(
    database: Database, path: str | Path, stage: str, reason: str, page: int | None = None
) -> bool:
    """Whether this very error (file, page, stage and cause) is recorded already: not new."""
    row = error_row(path, stage, reason, None, page)
    return database.execute("select 1 from errors where id = ?", [row["id"]]).fetchone() is not None


def record_failure(
    database: Database,
    doc_id: str,
    options: str,
    stage: str,
    reason: str,
    timeout: float | None = None,
    max_memory: int | None = None,
) -> None:
    """Remember that these bytes could not be read under these options; a cap if it was the cause."""
    row = {"document": doc_id, "options": options, "stage": stage, "reason": reason,
           "timeout": timeout, "max_memory": max_memory}
    upsert_changed(database, "known_failures", [row], ("document", "options"), "document = ?", [doc_id])


def known_failure(
    database: Database, doc_id: str, options: str, timeout: float, max_memory: int
) -> tuple[str, str] | None:
    """(stage, reason) of an earlier failure of these bytes that these options and caps would repeat."""
    row = database.execute(
        "select stage, reason from known_failures where document = :doc and options = :options"
        " and (timeout is null or timeout >= :timeout)"
        " and (max_memory is null or max_memory >= :max_memory)",
        {"doc": doc_id, "options": options, "timeout": timeout, "max_memory": max_memory},
    ).fetchone()
    return (row[0], row[1]) if row else None


def clear_errors(database: Database, path: str | Path) -> int:
    """Forget the whole-file errors of a path, once it has been ingested fine; returns how many."""
    with database.atomic():
        cursor = database.execute("delete from errors where path = ? and page is null", [shown_path(path)[0]])
    return cursor.rowcount


def error_row(path: str | Path, stage: str, reason: str, document: str | None, page: int | None) -> dict:
    name, raw = shown_path(path)
    key = "\x1f".join([name if raw is None else raw.hex(), stage, reason, "" if page is None else str(page)])
    row: dict[str, str | int | bytes | None] = {
        "id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "path": name,
        "document": document,
        "page": page,
        "stage": stage,
        "reason": reason,
        "when": connection.now(),
    }
    if raw is not None:  # only then: rows of UTF-8 names stay as they were
        row["path_bytes"] = raw
    return row
