"""The onrecord SQLite schema, as sqlite-utils migrations so that opening a database migrates it.

Example::

    db = sqlite_utils.Database("onrecord.db")
    migrate(db)
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("onrecord")

SOURCE_PREFIX = "/-/onrecord/source/"


def source_url_sql(document: str, page: str) -> str:
    """SQL for an item's source link: the document route, at the page when one is known."""
    return f"'{SOURCE_PREFIX}' || {document} || coalesce('#page=' || {page}, '')"


def due_end_sql(due_date: str) -> str:
    """SQL for the first day after an ISO due date's period, at its precision: an item is overdue
    from that day. 2025 gives 2026-01-01, 2025-03 gives 2025-04-01, 2025-03-31 gives 2025-04-01.

    Index m006 is on this expression over items.due_date; a query uses it only when it writes
    the same expression.
    """
    return (
        f"case length({due_date})"
        f" when 4 then date({due_date} || '-01-01', '+1 year')"
        f" when 7 then date({due_date} || '-01', '+1 month')"
        f" else date(substr({due_date}, 1, 10), '+1 day') end"
    )


def migrate(db: Database) -> None:
    """Create the schema, or bring an older onrecord database up to date; safe to repeat."""
    MIGRATIONS.apply(db)


@MIGRATIONS()
def m001_tables(db: Database) -> None:
    db.table("documents").create(
        {
            "id": str,
            "path": str,
            "title": str,
            "body": str,
            "committee": str,
            "kind": str,
            "meeting_date": str,
            "published_date": str,
            "pages": int,
            "ocr_pages": int,
            "text_quality": float,
            "format": str,
            "ingested_at": str,
        },
        pk="id",
        not_null={"path", "format", "ingested_at"},
    )
    db.table("pages").create(
        {"id": str, "document": str, "page": int, "text": str, "ocr": int, "text_quality": float},
        pk="id",
        not_null={"document", "page", "text", "ocr"},
        foreign_keys=[("document", "documents", "id")],
    )
    db.table("items").create(
        {
            "id": str,
            "document": str,
            "page": int,
            "kind": str,
            "ref": str,
            "text": str,
            "owners": str,
            "due": str,
            "due_date": str,
            "due_year": int,
            "status": str,
            "method": str,
            "confidence": float,
            "bbox": str,
        },
        pk="id",
        not_null={"document", "kind", "text"},
        foreign_keys=[("document", "documents", "id")],
    )
    db.table("owners").create(
        {"id": str, "name": str, "aliases": str, "items": int},
        pk="id",
        not_null={"name", "aliases", "items"},
    )
    db.table("item_owners").create(
        {"item": str, "owner": str, "printed": str},
        pk=("item", "owner"),
        not_null={"printed"},
        foreign_keys=[("item", "items", "id"), ("owner", "owners", "id")],
    )
    db.table("links").create(
        {"id": str, "item_from": str, "item_to": str, "relation": str, "score": float},
        pk="id",
        not_null={"item_from", "item_to", "relation"},
        foreign_keys=[("item_from", "items", "id"), ("item_to", "items", "id")],
    )
    # errors.document is deliberately not a foreign key: a file that failed whole has no row
    # in documents, and an error must outlive the document it was found in.
    db.table("errors").create(
        {
            "id": str,
            "path": str,
            "document": str,
            "page": int,
            "stage": str,
            "reason": str,
            "when": str,
        },
        pk="id",
        not_null={"path", "stage", "reason", "when"},
    )


@MIGRATIONS()
def m002_indexes(db: Database) -> None:
    db.table("documents").create_index(["path"])
    db.table("pages").create_index(["document"])
    db.table("items").create_index(["document"])
    db.table("items").create_index(["due_date"])
    db.table("item_owners").create_index(["owner"])
    db.table("links").create_index(["item_from"])
    db.table("links").create_index(["item_to"])
    db.table("errors").create_index(["path"])
    db.table("errors").create_index(["document"])


@MIGRATIONS()
def m003_search(db: Database) -> None:
    db.table("items").enable_fts(["text", "ref", "owners", "due"], create_triggers=True)
    db.table("pages").enable_fts(["text"], create_triggers=True)
    db.table("owners").enable_fts(["name", "aliases"], create_triggers=True)


@MIGRATIONS()
def m004_items_view(db: Database) -> None:
    db.create_view(
        "items_view",
        f"""
select
  items.id,
  items.kind,
  items.ref,
  items.text,
  items.owners,
  items.due,
  items.due_date,
  items.due_year,
  items.status,
  items.method,
  items.confidence,
  items.document,
  documents.title as document_title,
  documents.path as document_path,
  documents.body,
  documents.committee,
  documents.meeting_date,
  items.page,
  {source_url_sql("items.document", "items.page")} as source
from items join documents on documents.id = items.document
""".strip(),
        replace=True,
    )


@MIGRATIONS()
def m005_document_paths(db: Database) -> None:
    # One file's bytes can sit under several names; each name points at the document it holds now.
    db.table("document_paths").create(
        {"path": str, "document": str},
        pk="path",
        not_null={"document"},
        foreign_keys=[("document", "documents", "id")],
    )
    db.table("document_paths").create_index(["document"])
    db.execute("insert into document_paths (path, document) select path, id from documents")


@MIGRATIONS()
def m006_items_due_end(db: Database) -> None:
    # Overdue depends on today, so it cannot be stored; the day an item falls due can, as an
    # index on the expression. The overdue feed and query read it from today backwards or from
    # the oldest forwards and stop at the rows they show, instead of sorting every dated item.
    db.execute(
        f"create index if not exists items_due_end on items({due_end_sql('due_date')})"
        " where due_date is not null"
    )


@MIGRATIONS()
def m007_known_failures(db: Database) -> None:
    # Bytes that could not be read, with the options they were read under, so that a re-run
    # skips them instead of reading them again; a cap is kept only when the failure was its doing.
    db.table("known_failures").create(
        {
            "document": str,
            "options": str,
            "stage": str,
            "reason": str,
            "timeout": float,
            "max_memory": int,
        },
        pk=("document", "options"),
        not_null={"stage", "reason"},
    )


@MIGRATIONS()
def m008_item_owners_canonical(db: Database) -> None:
    # The canonical name each link gives its owner, so that the owner's name can be chosen from
    # all of them, whatever order the documents were stored in.
    db.table("item_owners").add_column("canonical", str)
    db.execute(
        "update item_owners set canonical = (select name from owners where owners.id = item_owners.owner)"
    )


@MIGRATIONS()
def m009_documents_newest(db: Database) -> None:
    # Pages list items newest first by their paper's date (db.web.NEWEST_SQL): with this index
    # SQLite reads documents newest first and stops at the rows shown, instead of sorting all.
    db.execute(
        "create index if not exists documents_newest"
        " on documents(coalesce(meeting_date, published_date, ''), ingested_at)"
    )


@MIGRATIONS()
def m010_link_state(db: Database) -> None:
    # What the links were computed from (a digest of the items and their papers' dates), so that an
    # import killed after storing papers but before linking them links them on the next run.
    db.table("link_state").create({"id": int, "items": str}, pk="id", if_not_exists=True)


@MIGRATIONS()
def m011_meeting_sources(db: Database) -> None:
    # Where a paper came from when it was imported from a council's meeting system
    # (`onrecord import`): its committee and meeting as the site gives them, not guessed.
    db.table("committees").create(
        {"id": str, "site": str, "system": str, "native_id": str, "title": str, "category": str,
         "expired": int, "url": str},
        pk="id",
        not_null={"site", "system", "native_id", "title"},
    )
    db.table("meetings").create(
        {"id": str, "site": str, "native_id": str, "committee": str, "date": str, "time": str,
         "status": str, "location": str, "url": str, "sha256": str},
        pk="id",
        not_null={"site", "native_id"},
        foreign_keys=[("committee", "committees", "id")],
    )
    # sources.document is not a foreign key: a paper that failed to read has no documents row.
    db.table("sources").create(
        {"url": str, "what": str, "meeting": str, "title": str, "fetched_at": str, "sha256": str,
         "document": str, "path": str},
        pk="url",
        not_null={"what", "fetched_at"},
    )
    db.table("meetings").create_index(["committee"])
    db.table("meetings").create_index(["date"])
    db.table("sources").create_index(["meeting"])
    db.table("sources").create_index(["document"])
    db.table("documents").add_column("meeting", str)
    db.table("documents").add_column("source_url", str)
    db.table("documents").create_index(["meeting"])
    db.create_view(
        "meetings_view",
        """
select
  meetings.id,
  committees.title as committee,
  meetings.date,
  meetings.time,
  meetings.status,
  meetings.location,
  (select count(*) from documents where documents.meeting = meetings.id) as documents,
  (select count(*) from items join documents on documents.id = items.document
    where documents.meeting = meetings.id) as items,
  meetings.url,
  meetings.site
from meetings left join committees on committees.id = meetings.committee
""".strip(),
        replace=True,
    )


@MIGRATIONS()
def m012_documents_extractor(db: Database) -> None:
    # Which extractor (nlp.extractor(): a digest of the nlp code, rules and weights) made a document's
    # items, so that an upgrade re-extracts the documents it would read differently.
    db.table("documents").add_column("extractor", str)


@MIGRATIONS()
def m013_path_bytes(db: Database) -> None:
    # A file name that is not UTF-8 (old archives, Windows shares) is stored as text with U+FFFD
    # where its bytes do not decode, and its bytes here, so that nothing of the name is lost.
    db.table("document_paths").add_column("path_bytes", bytes)
    db.table("errors").add_column("path_bytes", bytes)


@MIGRATIONS()
def m014_documents_date_source(db: Database) -> None:
    # Where a paper's date was read (heading, held on, signed, published, presented to parliament,
    # as at, log entries, title page, most common date), so that a reader can judge it.
    if "date_source" not in db.table("documents").columns_dict:
        db.table("documents").add_column("date_source", str)


@MIGRATIONS()
def m015_items_verdict(db: Database) -> None:
    # A response's verdict on a recommendation it restates: normalised, and as printed.
    for column in ("verdict", "verdict_printed"):
        if column not in db.table("items").columns_dict:
            db.table("items").add_column(column, str)


@MIGRATIONS()
def m016_links_due_changed(db: Database) -> None:
    # Whether a later paper moved a carried item's deadline (nlp.links.due_changed); set on
    # restated and progress links only. The links are found again: the digest now covers due dates.
    if db.table("links").exists() and "due_changed" not in db.table("links").columns_dict:
        db.table("links").add_column("due_changed", int)


# A recommendation's current verdict: its own (a response's restatement), else that of the latest
# response that restates it (links run from the earlier item to the later).
CURRENT_VERDICT_SQL = """coalesce(items.verdict, (
    select later.verdict from links
      join items as later on later.id = links.item_to
      join documents as later_paper on later_paper.id = later.document
    where links.item_from = items.id and links.relation = 'restated' and later.verdict is not null
    order by coalesce(later_paper.meeting_date, later_paper.published_date) desc, later.id limit 1))"""


@MIGRATIONS()
def m017_items_view_verdicts(db: Database) -> None:
    # items_view shows a response's verdict and, on the recommendation it restates, the verdict
    # as the recommendation's current one.
    db.create_view(
        "items_view",
        f"""
select
  items.id,
  items.kind,
  items.ref,
  items.text,
  items.owners,
  items.due,
  items.due_date,
  items.due_year,
  items.status,
  items.verdict,
  {CURRENT_VERDICT_SQL} as current_verdict,
  items.method,
  items.confidence,
  items.document,
  documents.title as document_title,
  documents.path as document_path,
  documents.body,
  documents.committee,
  documents.meeting_date,
  items.page,
  {source_url_sql("items.document", "items.page")} as source
from items join documents on documents.id = items.document
""".strip(),
        replace=True,
    )


@MIGRATIONS()
def m018_porter_search_and_confidence(db: Database) -> None:
    # Search as people type it: "recommend" finds "recommends" and "recommendation". The items'
    # and pages' full-text indexes are built again with FTS5's porter stemmer over unicode61.
    for table, columns in (("items", ["text", "ref", "owners", "due"]), ("pages", ["text"])):
        if db.table(table).exists():
            db.table(table).enable_fts(
                columns, create_triggers=True, tokenize="porter", replace=True
            )
    # The search page lists items most confident first, then the last stored, when no words are
    # given: read backwards through this index (confidence, then rowid), it stops at the rows
    # shown instead of sorting every item.
    db.execute("create index if not exists items_confidence on items(confidence)")


@MIGRATIONS()
def m020_owner_aliases(db: Database) -> None:
    # The user's alias list (`onrecord owners merge/split`): a name as printed or read, by its key
    # (lower case, no leading "the"), and the owner it stands for; reapplied whenever items are stored.
    db.table("owner_aliases").create({"key": str, "alias": str, "name": str}, pk="key",
                                     not_null={"alias", "name"}, if_not_exists=True)
    # item_owners.canonical is now the name after the user's aliases; `extracted` keeps the one
    # the extractor read, so that an alias can be changed and applied again without re-extracting.
    if "extracted" not in db.table("item_owners").columns_dict:
        db.table("item_owners").add_column("extracted", str)
        db.execute("update item_owners set extracted = canonical")
    # items.owners, the column the site shows and facets, holds the canonical names; the printed
    # ones move to owners_printed.
    if "owners_printed" not in db.table("items").columns_dict:
        db.table("items").add_column("owners_printed", str)
        db.execute("update items set owners_printed = owners")
        from onrecord.db.owners import (
            name_item,  # here: db.owners is the one reading of items.owners
        )

        for (item,) in db.execute("select distinct item from item_owners").fetchall():
            name_item(db, item)


@MIGRATIONS()
def m021_sources_listed(db: Database) -> None:
    # A file listed by URI for `onrecord ingest --cluster` (what = 'listed'): its size and its
    # version (an object store's etag, else the modification time) when its sha256 was read, so
    # that a re-run skips it without downloading it while both still match.
    for column, kind in (("size", int), ("version", str)):
        if column not in db.table("sources").columns_dict:
            db.table("sources").add_column(column, kind)


@MIGRATIONS()
def m022_pages_boxes(db: Database) -> None:
    # An OCR'd page's line boxes (JSON), so that re-extraction finds its paragraphs and headings
    # as the first reading did, without running Tesseract again.
    if "boxes" not in db.table("pages").columns_dict:
        db.table("pages").add_column("boxes", str)


ITEMS_SEARCHED = ["text", "ref", "owners", "owners_printed", "due"]


@MIGRATIONS()
def m023_search_printed_owners(db: Database) -> None:
    # Search finds an item by its owner as the paper prints it ("DfT") as well as by the canonical
    # name ("Department for Transport"): items_fts is built again with items.owners_printed, filled
    # for the items stored already, and its triggers keep it in step as before.
    if db.table("items").exists():
        db.table("items").enable_fts(ITEMS_SEARCHED, create_triggers=True, tokenize="porter", replace=True)


@MIGRATIONS()
def m024_items_copies(db: Database) -> None:
    # Where else an item merged from several printed copies is printed ([[page, bottom], ...]):
    # a promise printed under several recommendations of a response answers each.
    if "copies" not in db.table("items").columns_dict:
        db.table("items").add_column("copies", str)


@MIGRATIONS()
def m025_pages_styles(db: Database) -> None:
    # Which of a page's lines are bold or italic (JSON beside its text's lines, as boxes), so that
    # re-extraction from the stored pages weighs the same font features as a fresh read.
    if "styles" not in db.table("pages").columns_dict:
        db.table("pages").add_column("styles", str)
