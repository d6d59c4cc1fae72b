"""The db stage: one document's pages and items into SQLite, in one transaction.

Example::

    database = open_db("onrecord.db")
    store(database, document, items)

Opening a database is in `connection`, the errors table in `errors`, a document's rows in `write`.
"""

from __future__ import annotations

from onrecord.db.connection import DatabaseError, open_db, shown_path
from onrecord.db.errors import clear_errors, has_error, known_failure, record_error, record_failure
from onrecord.db.owners import owner_id
from onrecord.db.write import add_paths, is_stored, item_id, store

__all__ = [
    "DatabaseError",
    "add_paths",
    "clear_errors",
    "has_error",
    "is_stored",
    "item_id",
    "known_failure",
    "open_db",
    "owner_id",
    "record_error",
    "record_failure",
    "shown_path",
    "store",
]
