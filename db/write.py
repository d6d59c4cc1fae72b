"""One document's pages, items and owners into the database, in one transaction."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from onrecord.db import connection
from onrecord.db.connection import column, shown_path, upsert_changed
from onrecord.db.errors import error_row
from onrecord.db.owners import aliases as alias_table
from onrecord.db.owners import names as owner_names
from onrecord.db.owners import owner_id, resolve
from onrecord.db.owners import refresh as _refresh_owners
from onrecord.ingest.model import Document
from onrecord.nlp import extractor
from onrecord.nlp.model import Item


def item_id(doc_id: str, item: Item) -> str:
    """Stable id of an item: the same statement in the same file always gets the same id."""
    # A separator keeps ("1", "2 text") and ("12", " text") apart; `or ""` lets a missing
    # value reach SQLite, whose NOT NULL constraints name the column at fault.
    key = "\x1f".join([doc_id, item.kind or "", item.ref or "", item.text or ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def is_stored(database: Database, doc_id: str) -> bool:
    """Whether a document with this id (sha256 of the file) is already in the database."""
    if not database.table("documents").exists():
        return False
    return database.execute("select 1 from documents where id = ?", [doc_id]).fetchone() is not None


def store(database: Database, doc: Document, items: list[Item]) -> None:
    """Write one document, its pages and items, replacing any earlier version, in one transaction.

    Only rows that changed are written, so storing the same document twice changes nothing.
    """
    rows = _rows(doc, items, alias_table(database))
    path = rows.document["path"]
    # sqlite-utils 4 nests its own writes in savepoints inside atomic(); a bare `with conn:`
    # would only open the transaction at the first INSERT, too late for the reads before it.
    with database.atomic():
        touched = _release_path(database, path, doc.id)
        touched |= _prune(database, doc.id, rows)
        rows.document["ingested_at"] = _ingested_at(database, doc.id)
        rows.document["path"] = _stored_path(database, doc.id) or path
        _write(database, rows)
        _link_path(database, doc.path, doc.id)
        touched |= {owner["id"] for owner in rows.owners}
        _refresh_owners(database, touched)
        # The bytes read now: whatever stopped them before no longer holds.
        database.execute("delete from known_failures where document = ?", [doc.id])


def add_paths(database: Database, doc_id: str, paths: Sequence[str | Path]) -> list[str]:
    """Record more names of a stored document, in one transaction; returns the names that were new.

    A name that held another document now holds this one; a document left with no name is deleted.
    """
    added = []
    with database.atomic():
        touched: set[str] = set()
        for path in paths:
            name = shown_path(path)[0]
            if column(database, "select document from document_paths where path = ?", [name]) == {doc_id}:
                continue
            touched |= _release_path(database, name, doc_id)
            _link_path(database, path, doc_id)
            added.append(name)
        _refresh_owners(database, touched)
    return added


@dataclass
class _Rows:
    """The rows one document contributes, keyed as the tables are."""

    document: dict
    pages: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    owners: list[dict] = field(default_factory=list)
    item_owners: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def _rows(doc: Document, items: list[Item], aliases: dict[str, str]) -> _Rows:
    qualities = [p.text_quality for p in doc.pages if p.text_quality is not None]
    rows = _Rows(
        document={
            "id": doc.id,
            "path": shown_path(doc.path)[0],
            "title": doc.title,
            "body": doc.body,
            "committee": doc.committee,
            "kind": doc.kind,
            "meeting_date": doc.meeting_date,
            "published_date": doc.published_date,
            "date_source": doc.date_source,
            "pages": len(doc.pages),
            "ocr_pages": sum(1 for p in doc.pages if p.ocr),
            "text_quality": round(sum(qualities) / len(qualities), 3) if qualities else None,
            "format": doc.format,
            "extractor": extractor(),
        },
        pages=[
            {
                "id": f"{doc.id}-{page.number}",
                "document": doc.id,
                "page": page.number,
                "text": page.text,
                "ocr": int(page.ocr),
                "text_quality": page.text_quality,
                "boxes": _boxes(page) if page.ocr else None,
                "styles": _styles(page),
            }
            for page in doc.pages
        ],
        errors=[
            error_row(doc.path, "ingest", error.reason, doc.id, error.page) for error in doc.errors
        ],
    )
    _add_items(rows, doc.id, items, aliases)
    return rows


def _add_items(rows: _Rows, doc_id: str, items: list[Item], aliases: dict[str, str]) -> None:
    owners: dict[str, dict] = {}
    seen: set[tuple[str, str]] = set()
    item_ids: set[str] = set()
    for item in items:
        pairs = _owner_pairs(item)
        named = [(printed, resolve(aliases, printed, read)) for printed, read in pairs]
        row = _item_row(doc_id, item, owner_names(named))
        if row["id"] in item_ids:
            continue  # the same statement twice: nlp should have merged it; keep the first
        item_ids.add(row["id"])
        rows.items.append(row)
        for (printed, name), (_, read) in zip(named, pairs):
            oid = owner_id(name)
            owners.setdefault(oid, {"id": oid, "name": name, "aliases": "[]", "items": 0})
            if (row["id"], oid) not in seen:  # two printed forms of one owner: keep the first
                seen.add((row["id"], oid))
                rows.item_owners.append(
                    {"item": row["id"], "owner": oid, "printed": printed, "canonical": name, "extracted": read}
                )
    rows.owners = list(owners.values())


def _item_row(doc_id: str, item: Item, owners: str | None) -> dict:
    year = re.match(r"\d{4}", item.due_date or "")
    return {
        "id": item_id(doc_id, item),
        "document": doc_id,
        "page": item.page,
        "kind": item.kind,
        "ref": item.ref,
        "text": item.text,
        "owners": owners,  # canonical, what the site shows and groups by
        "owners_printed": "; ".join(o.strip() for o in item.owners if o and o.strip()) or None,
        "due": item.due or None,
        "due_date": item.due_date or None,
        "due_year": int(year.group()) if year else None,
        "status": item.status,
        "verdict": item.verdict,
        "verdict_printed": item.verdict_printed,
        "method": item.method,
        "confidence": item.confidence,
        "bbox": json.dumps([round(v, 2) for v in item.bbox]) if item.bbox else None,
        "copies": json.dumps([[page, round(bottom, 2)] for page, bottom in item.copies]) if item.copies else None,
    }


def _owner_pairs(item: Item) -> list[tuple[str, str]]:
    """(as printed, canonical) per owner; an owner with no canonical name stands for itself."""
    pairs = []
    for i, printed in enumerate(item.owners):
        printed = (printed or "").strip()
        canonical = (item.canonical[i] if i < len(item.canonical) else "") or ""
        if printed:
            pairs.append((printed, canonical.strip() or printed))
    return pairs


def _stored_path(database: Database, doc_id: str) -> str | None:
    row = database.execute("select path from documents where id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def _link_path(database: Database, path: str | Path, doc_id: str) -> None:
    name, raw = shown_path(path)
    database.execute(
        "insert or ignore into document_paths (path, document, path_bytes) values (?, ?, ?)",
        [name, doc_id, raw],
    )


def _release_path(database: Database, path: str, doc_id: str) -> set[str]:
    """Take a name from the documents other than doc_id that hold it; return the owners touched.

    The file at that name has changed, so a document with no other name left is deleted, and
    one that has another name is shown under it.
    """
    touched: set[str] = set()
    # documents.path as well as document_paths: a row written before there were document_paths
    # (the migration copies them, but a stray one must not block the new version).
    others = column(
        database,
        "select document from document_paths where path = :path and document != :id "
        "union select id from documents where path = :path and id != :id",
        {"path": path, "id": doc_id},
    )
    database.execute("delete from document_paths where path = ? and document != ?", [path, doc_id])
    for other in sorted(others):
        remaining = sorted(
            column(database, "select path from document_paths where document = ?", [other])
        )
        if remaining:
            database.execute(
                "update documents set path = ? where id = ? and path = ?", [remaining[0], other, path]
            )
            continue
        touched |= _prune(database, other, _Rows(document={}))
        database.execute("delete from documents where id = ?", [other])
    return touched


def _ingested_at(database: Database, doc_id: str) -> str:
    row = database.execute("select ingested_at from documents where id = ?", [doc_id]).fetchone()
    return row[0] if row else connection.now()


def _prune(database: Database, doc_id: str, keep: _Rows) -> set[str]:
    """Delete a document's rows that `keep` no longer has; return the owners whose links changed."""
    old_items = column(database, "select id from items where document = ?", [doc_id])
    stale_items = old_items - {row["id"] for row in keep.items}
    keep_links = {(row["item"], row["owner"]) for row in keep.item_owners}
    old_links = {
        (row[0], row[1])
        for row in database.execute(
            "select item, owner from item_owners where item in "
            "(select id from items where document = ?)",
            [doc_id],
        ).fetchall()
    }
    stale_links = old_links - keep_links
    for item, owner in stale_links:
        database.execute("delete from item_owners where item = ? and owner = ?", [item, owner])
    for item in stale_items:
        database.execute("delete from links where item_from = ? or item_to = ?", [item, item])
        database.execute("delete from items where id = ?", [item])
    keep_pages = {row["id"] for row in keep.pages}
    for page in column(database, "select id from pages where document = ?", [doc_id]) - keep_pages:
        database.execute("delete from pages where id = ?", [page])
    keep_errors = {row["id"] for row in keep.errors}
    sql = "select id from errors where document = ? and page is not null"
    for error in column(database, sql, [doc_id]) - keep_errors:
        database.execute("delete from errors where id = ?", [error])
    return {owner for _, owner in stale_links}


def _write(database: Database, rows: _Rows) -> None:
    doc_id = rows.document["id"]
    upsert_changed(database, "documents", [rows.document], "id", "id = ?", [doc_id])
    upsert_changed(database, "pages", rows.pages, "id", "document = ?", [doc_id])
    upsert_changed(database, "items", rows.items, "id", "document = ?", [doc_id])
    database.table("owners").insert_all(rows.owners, pk="id", ignore=True)
    where = "item in (select id from items where document = ?)"
    upsert_changed(database, "item_owners", rows.item_owners, ("item", "owner"), where, [doc_id])
    # An error keeps the `when` of its first sighting.
    database.table("errors").insert_all(rows.errors, pk="id", ignore=True)


def _styles(page) -> str | None:
    """Which of the page's lines are bold (1) and italic (2), a JSON list beside its text's lines;
    None for a page whose reader tells no style (text, HTML, Word, OCR)."""
    if all(line.bold is None and line.italic is None for line in page.lines):
        return None
    return json.dumps([None if line.bold is None and line.italic is None else bool(line.bold) + 2 * bool(line.italic)
                       for line in page.lines], separators=(",", ":"))


def _boxes(page) -> str:
    """An OCR'd page's line boxes, a JSON list beside its text's lines: re-extraction reads the
    page's paragraphs and headings from them without running Tesseract again."""
    return json.dumps([[round(v, 1) for v in line.bbox] if line.bbox else None for line in page.lines],
                      separators=(",", ":"))
