"""What an onrecord database holds and what could not be read: `onrecord status` and `onrecord errors`.

Both only read the database (opened read-only), so they can run while an ingest writes to it.

Example::

    database = status.open_read_only("onrecord.db")
    print(status.render(status.status(database)))
    for row in status.errors(database, since="2026-01-01"):
        print(status.error_line(row))
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

NEEDED = ("documents", "pages", "items", "errors")  # tables this module reads


class StatusError(Exception):
    """The database cannot be read as onrecord's; str(error) names the file and the cause."""


def open_read_only(path: str | Path) -> Database:
    """The database at path, opened read-only; StatusError if it is missing or not onrecord's."""
    path = Path(path)
    if not path.is_file():
        raise StatusError(f"{path}: no such database - give the file `onrecord ingest -d` wrote")
    try:
        database = Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
        tables = set(database.table_names())
    except sqlite3.DatabaseError as error:
        raise StatusError(f"{path}: not a SQLite database ({error})") from error
    lacking = [name for name in NEEDED if name not in tables]
    if lacking:
        raise StatusError(f"{path}: not an onrecord database (no table {lacking[0]})")
    return database


def status(database: Database) -> dict:
    """Counts of documents, pages, OCR'd pages, items and errors: in all, by kind of paper, by body."""
    totals = database.execute(
        "select (select count(*) from documents), (select count(*) from pages),"
        " (select count(*) from pages where ocr), (select count(*) from items),"
        " (select count(*) from errors where page is null), (select count(*) from errors where page is not null),"
        " (select max(ingested_at) from documents)"
    ).fetchone()
    keys = ("documents", "pages", "ocr_pages", "items", "failed_files", "failed_pages", "last_ingest")
    return {
        **dict(zip(keys, totals)),
        "by_kind": _grouped(database, "kind"),
        "by_body": _grouped(database, "body"),
        "items_by_kind": dict(database.execute(
            "select kind, count(*) from items group by kind order by count(*) desc, kind"
        ).fetchall()),
    }


def _grouped(database: Database, column: str) -> list[dict]:
    """Documents, pages, OCR'd pages, items and page errors for each value of a documents column."""
    assert column in ("kind", "body")  # a column name, never user input
    sql = f"""
        with per_document as (
            select d.id, coalesce(d.{column}, '(not known)') as name,
                (select count(*) from pages where document = d.id) as pages,
                (select count(*) from pages where document = d.id and ocr) as ocr_pages,
                (select count(*) from items where document = d.id) as items,
                (select count(*) from errors where document = d.id) as errors
            from documents d
        )
        select name, count(*), sum(pages), sum(ocr_pages), sum(items), sum(errors)
        from per_document group by name order by count(*) desc, name
    """
    keys = ("name", "documents", "pages", "ocr_pages", "items", "errors")
    return [dict(zip(keys, row)) for row in database.execute(sql).fetchall()]


def render(counts: dict, name: str = "database") -> str:
    """status() as text for a terminal."""
    files, pages = counts["failed_files"], counts["failed_pages"]
    lines = [
        (f"{name}: {counts['documents']:,} documents, {counts['pages']:,} pages ({counts['ocr_pages']:,} OCR'd), "
         f"{counts['items']:,} items, {files + pages:,} errors ({files:,} files not read, {pages:,} pages)"),
        f"last ingest: {counts['last_ingest'] or 'never'}",
    ]
    if counts["items_by_kind"]:
        lines.append("items by kind: " + ", ".join(f"{kind} {n:,}" for kind, n in counts["items_by_kind"].items()))
    for title, rows in (("kind of paper", counts["by_kind"]), ("body", counts["by_body"])):
        if rows:
            lines += ["", *_table(title, rows)]
    if files or pages:
        lines += ["", "`onrecord errors` lists each failed file and page with its cause."]
    return "\n".join(lines)


def _table(title: str, rows: list[dict]) -> list[str]:
    headers = [title, "documents", "pages", "OCR'd", "items", "errors"]
    cells = [[row["name"], *(f"{row[k]:,}" for k in ("documents", "pages", "ocr_pages", "items", "errors"))]
             for row in rows]
    widths = [max(len(str(line[i])) for line in [headers, *cells]) for i in range(len(headers))]

    def line(values: list[str]) -> str:
        first = values[0].ljust(widths[0])
        return "  ".join([first, *(value.rjust(width) for value, width in zip(values[1:], widths[1:]))]).rstrip()
    return [line(headers), *map(line, cells)]


def errors(database: Database, since: str | None = None) -> list[dict]:
    """Each errors row (a file not read, or a page of one), oldest first; since: an ISO date or time."""
    sql = "select path, page, stage, reason, \"when\", document from errors"
    params: list[str] = []
    if since:
        sql += " where \"when\" >= ?"
        params.append(since)
    sql += " order by \"when\", path, coalesce(page, 0)"
    keys = ("path", "page", "stage", "reason", "when", "document")
    return [dict(zip(keys, row)) for row in database.execute(sql, params).fetchall()]


def error_line(row: dict) -> str:
    """One errors row on one line: when, the file (and page), the cause, the stage."""
    where = row["path"] if row["page"] is None else f"{row['path']} page {row['page']}"
    return f"{row['when']}  {where}: {row['reason']} [{row['stage']}]"
