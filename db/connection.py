"""Opening an onrecord database, and the small writes every table shares."""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from onrecord.db.schema import migrate


class DatabaseError(Exception):
    """A database that onrecord cannot open, or must not write to; str(error) names the cause and the fix."""


def open_db(path: str | Path) -> Database:
    """Open (creating if need be) an onrecord database and bring its schema up to date.

    Raises DatabaseError for a path where no database can be written, a file that is not SQLite,
    and a database with tables that are not onrecord's (another tool's, which must not be changed).
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise DatabaseError(f"{path}: the folder {path.parent} does not exist - create it, or give another -d")
    try:
        database = Database(path)
        database.execute("PRAGMA foreign_keys = ON")
        _refuse_others(database, path)
        # Write-ahead logging: a site serving this file (read-only connections) goes on reading
        # the last committed state while a batch writes, and sees each transaction once committed.
        database.execute("PRAGMA journal_mode = WAL")
        migrate(database)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path}: {_cause(error)}") from error
    return database


def _refuse_others(database: Database, path: Path) -> None:
    """Raise DatabaseError if the database holds tables and none of onrecord's migrations."""
    tables = database.table_names() + database.view_names()
    if not tables:
        return
    if "_sqlite_migrations" in tables and database.execute(
        "select 1 from _sqlite_migrations where migration_set = 'onrecord' limit 1"
    ).fetchone():
        return
    shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
    raise DatabaseError(
        f"{path}: not an onrecord database (it holds {shown}), left unchanged - give a new file with -d"
    )


def _cause(error: sqlite3.DatabaseError) -> str:
    """What SQLite's error means for the person who chose the file."""
    text = str(error)
    if "not a database" in text:
        return "not a SQLite database - give another file with -d"
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return "cannot be written here (read-only or no permission) - give another -d"
    return f"cannot be used ({text}) - give another file with -d"


def shown_path(path: str | Path) -> tuple[str, bytes | None]:
    """A file name as text, and its bytes if they are not UTF-8: the text then has U+FFFD for them.

    >>> shown_path(os.fsdecode(b"caf\\xe9.pdf"))
    ('caf\ufffd.pdf', b'caf\\xe9.pdf')
    """
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace"), raw


def now() -> str:
    """The time rows are stamped with (`ingested_at`, an error's `when`), in UTC to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def column(database: Database, sql: str, params: list | dict) -> set:
    return {row[0] for row in database.execute(sql, params).fetchall()}


def upsert_changed(
    database: Database,
    table: str,
    rows: list[dict],
    pk: str | tuple[str, ...],
    where: str,
    params: list,
) -> None:
    """Upsert only the rows that are new or differ from those stored, so a re-run writes nothing."""
    keys = (pk,) if isinstance(pk, str) else pk
    stored = {
        tuple(row[k] for k in keys): row
        for row in database.query(f"select * from [{table}] where {where}", params)
    }
    # Compared on the columns written: a column another writer keeps (documents.meeting, set by
    # an import) is no change.
    changed = [
        row for row in rows
        if {k: stored.get(tuple(row[k] for k in keys), {}).get(k) for k in row} != row
    ]
    if changed:
        database.table(table).upsert_all(changed, pk=pk)
