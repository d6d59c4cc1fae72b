"""`onrecord owners` and `ingest --aliases`: the user's owner aliases, on a database file."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from onrecord.db import open_db
from onrecord.db import owners as ownership
from onrecord.db.owners import AliasError

__all__ = ["AliasError", "listed", "load", "merge", "split"]


def _on(path: str | Path, change: Callable[..., int], *args: str) -> int:
    database = open_db(path)
    try:
        return change(database, *args)
    finally:
        database.close()


def merge(path: str | Path, alias: str, name: str) -> int:
    """Group the owner printed or read as `alias` under `name` in the database at `path`."""
    return _on(path, ownership.merge, alias, name)


def split(path: str | Path, alias: str) -> int:
    """Make `alias` stand for itself in the database at `path`."""
    return _on(path, ownership.split, alias)


def load(path: str | Path, file: str | Path) -> int:
    """Add an alias file's aliases to the database at `path` (read first, so a bad file changes nothing)."""
    pairs = ownership.read_file(file)
    return _on(path, lambda database: ownership.keep(database, pairs))


def listed(path: str | Path) -> str:
    """The alias list as the lines of an alias file."""
    database = open_db(path)
    try:
        return "".join(f"{alias}\t{name}\n" for alias, name in ownership.listed(database))
    finally:
        database.close()
