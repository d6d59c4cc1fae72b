"""The db stage on real SQLite files: schema, idempotent stores, replacement, errors, search."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from onrecord import db
from onrecord.db import (
    add_paths,
    clear_errors,
    is_stored,
    item_id,
    known_failure,
    open_db,
    owner_id,
    record_error,
    record_failure,
    store,
)
from onrecord.db.schema import MIGRATIONS
from onrecord.ingest.model import Document, Line, Page, PageError
from onrecord.nlp.model import Item

DOC_A = "a" * 64
DOC_B = "b" * 64
PATH = "/papers/scrutiny-review-2005.pdf"


def make_doc(doc_id: str = DOC_A, path: str = PATH, **fields) -> Document:
    pages = [
        Page(1, [Line("Scrutiny review of the partnership board")], ocr=False, text_quality=0.9),
        Page(2, [Line("Recommendations about housing repairs")], ocr=True, text_quality=0.7),
    ]
    described = {
        "title": "Scrutiny review",
        "body": "Birmingham City Council",
        "kind": "report",
        "meeting_date": "2005-06-14",
        **fields,
    }
    return Document(path=path, id=doc_id, format="pdf", pages=pages, **described)


def make_items() -> list[Item]:
    return [
        Item(
            kind="recommendation",
            ref="R1",
            page=2,
            text="The BSP should publish an annual report on housing repairs.",
            owners=["Chairman of BSP"],
            canonical=["Chair of the BSP"],
            due="January 2006",
            due_date="2006-01",
            method="table",
            confidence=0.9,
            bbox=(72.0, 100.123, 520.0, 140.0),
        ),
        Item(
            kind="recommendation",
            ref="R2",
            page=2,
            text="The Local Area Agreement should be Council led.",
            owners=["The Leader of the Council", "the BSP chairman"],
            canonical=["Leader of the Council", "Chair of the BSP"],
            due="October 2005",
            due_date="2005-10",
            method="table",
            confidence=0.8,
        ),
    ]


@pytest.fixture
def database(tmp_path) -> Database:
    return open_db(tmp_path / "onrecord.db")


def dump(database: Database) -> dict[str, list]:
    """Every row of every table (search index shadow tables too) and the schema itself."""
    tables: dict[str, list] = {
        "sqlite_master": database.execute("select * from sqlite_master order by name").fetchall()
    }
    for name in database.table_names():
        try:
            rows = database.execute(f"select rowid, * from [{name}]").fetchall()
        except sqlite3.OperationalError:  # WITHOUT ROWID shadow tables
            rows = database.execute(f"select * from [{name}]").fetchall()
        tables[name] = sorted(rows, key=repr)
    return tables


def rows(database: Database, sql: str, params: list | None = None) -> list[dict]:
    return list(database.query(sql, params or []))


def test_open_db_creates_tables_search_indexes_and_view(database):
    assert {"documents", "pages", "items", "owners", "item_owners", "links", "errors"} <= set(
        database.table_names()
    )
    assert {"items_fts", "pages_fts", "owners_fts"} <= set(database.table_names(fts5=True))
    assert "items_view" in database.view_names()
    foreign_keys = {
        (fk.table, fk.column, fk.other_table)
        for t in ("pages", "items", "item_owners", "links")
        for fk in database[t].foreign_keys
    }
    assert foreign_keys == {
        ("pages", "document", "documents"),
        ("items", "document", "documents"),
        ("item_owners", "item", "items"),
        ("item_owners", "owner", "owners"),
        ("links", "item_from", "items"),
        ("links", "item_to", "items"),
    }
    indexed = {(t, tuple(i.columns)) for t in database.table_names() for i in database[t].indexes}
    assert {
        ("items", ("document",)),
        ("items", ("due_date",)),
        ("item_owners", ("owner",)),
    } <= indexed
    assert database["item_owners"].pks == ["item", "owner"]


def test_open_db_twice_changes_nothing(tmp_path):
    open_db(tmp_path / "onrecord.db")
    before = dump(Database(tmp_path / "onrecord.db"))
    open_db(tmp_path / "onrecord.db")
    assert dump(Database(tmp_path / "onrecord.db")) == before


def test_store_writes_document_pages_items_and_owners(database):
    store(database, make_doc(), make_items())
    [document] = rows(database, "select * from documents")
    assert document["pages"] == 2 and document["ocr_pages"] == 1
    assert document["text_quality"] == pytest.approx(0.8)
    assert document["format"] == "pdf" and document["ingested_at"]
    assert [p["id"] for p in rows(database, "select id from pages order by page")] == [
        f"{DOC_A}-1",
        f"{DOC_A}-2",
    ]
    items = {i["ref"]: i for i in rows(database, "select * from items")}
    assert items["R1"]["id"] == item_id(DOC_A, make_items()[0])
    assert len(items["R1"]["id"]) == 16
    assert items["R1"]["due_year"] == 2006 and items["R2"]["due_date"] == "2005-10"
    assert json.loads(items["R1"]["bbox"]) == [72.0, 100.12, 520.0, 140.0]
    assert items["R2"]["bbox"] is None
    # the site shows and groups by the canonical names; the printed ones are kept beside them
    assert items["R2"]["owners"] == "Leader of the Council; Chair of the BSP"
    assert items["R2"]["owners_printed"] == "The Leader of the Council; the BSP chairman"
    assert is_stored(database, DOC_A) and not is_stored(database, DOC_B)


def test_a_papers_date_keeps_where_it_was_read(database):
    store(database, make_doc(meeting_date=None, published_date="2024-12-17", date_source="presented to parliament"), [])
    [document] = rows(database, "select published_date, date_source from documents")
    assert document == {"published_date": "2024-12-17", "date_source": "presented to parliament"}


def test_a_restated_recommendation_keeps_its_verdict_normalised_and_as_printed(database):
    item = Item(kind="recommendation", ref="8.25", page=2, text="We recommend a review of the pledges.",
                verdict="not accepted", verdict_printed="The Government does not agree with the Committee's view.")
    store(database, make_doc(kind="evidence"), [item])
    [row] = rows(database, "select verdict, verdict_printed from items")
    assert row == {"verdict": "not accepted", "verdict_printed": "The Government does not agree with the Committee's view."}


def test_storing_the_same_document_again_changes_nothing(database):
    store(database, make_doc(errors=[PageError(3, "no text")]), make_items())
    before = dump(database)
    changes = database.conn.total_changes
    store(database, make_doc(errors=[PageError(3, "no text")]), make_items())
    assert database.conn.total_changes == changes
    assert dump(database) == before


def test_restoring_a_document_keeps_its_first_ingested_at(database, monkeypatch):
    monkeypatch.setattr(db.connection, "now", lambda: "2020-01-01T00:00:00+00:00")
    store(database, make_doc(), make_items())
    monkeypatch.setattr(db.connection, "now", lambda: "2030-01-01T00:00:00+00:00")
    store(database, make_doc(), make_items()[:1])
    assert rows(database, "select ingested_at from documents") == [
        {"ingested_at": "2020-01-01T00:00:00+00:00"}
    ]


def test_changed_file_at_same_path_replaces_the_old_document(database):
    store(database, make_doc(DOC_A), make_items())
    replacement = [
        Item(
            kind="action",
            ref="A1",
            page=1,
            text="Officers will repair the roof.",
            owners=["Head of Housing"],
            canonical=["Head of Housing"],
        )
    ]
    store(database, make_doc(DOC_B), replacement)
    assert rows(database, "select id from documents") == [{"id": DOC_B}]
    assert {r["document"] for r in rows(database, "select document from pages")} == {DOC_B}
    assert rows(database, "select ref from items") == [{"ref": "A1"}]
    assert rows(database, "select owner from item_owners") == [{"owner": "head-of-housing"}]
    assert rows(database, "select id, items from owners") == [{"id": "head-of-housing", "items": 1}]
    assert search(database, "items_fts", "annual") == []


def test_restoring_with_fewer_items_drops_them_and_their_owners(database):
    store(database, make_doc(), make_items())
    store(database, make_doc(), make_items()[:1])
    assert rows(database, "select ref from items") == [{"ref": "R1"}]
    assert rows(database, "select id, aliases, items from owners") == [
        {"id": "chair-of-the-bsp", "aliases": '["Chairman of BSP"]', "items": 1}
    ]


def test_owners_keep_every_printed_form_and_count_items(database):
    store(database, make_doc(), make_items())
    owners = {o["id"]: o for o in rows(database, "select * from owners")}
    assert set(owners) == {"chair-of-the-bsp", "leader-of-the-council"}
    assert owners["chair-of-the-bsp"]["name"] == "Chair of the BSP"
    assert json.loads(owners["chair-of-the-bsp"]["aliases"]) == [
        "Chairman of BSP",
        "the BSP chairman",
    ]
    assert owners["chair-of-the-bsp"]["items"] == 2
    printed = rows(
        database, "select printed from item_owners where owner = 'leader-of-the-council'"
    )
    assert printed == [{"printed": "The Leader of the Council"}]


def every_row(database: Database) -> dict[str, list]:
    """Every row of every table, without rowids, which follow the order rows were written in.

    Search-index internals hold rowids too, and the migrations their times, so they are left out.
    """
    return {
        name: sorted(database.execute(f"select * from [{name}]").fetchall(), key=repr)
        for name in database.table_names()
        if "_fts" not in name and name != "_sqlite_migrations"
    }


def led_by(doc_id: str, *names: str) -> tuple[Document, list[Item]]:
    """A document with one item per canonical name, each printed "the Leader"."""
    items = [
        Item(kind="action", ref=str(i), text=f"Action {i}.", owners=["the Leader"], canonical=[name])
        for i, name in enumerate(names)
    ]
    return make_doc(doc_id, f"/papers/{doc_id[0]}.pdf"), items


@pytest.mark.parametrize(
    "first, second, name",
    [
        (("Leader of the council",), ("Leader of the Council",), "Leader of the Council"),
        (("Leader of the Council",), ("Leader of the council", "Leader of the council"), "Leader of the council"),
    ],
)
def test_an_owners_name_does_not_depend_on_the_order_documents_are_stored_in(
    tmp_path, monkeypatch, first, second, name
):
    monkeypatch.setattr(db.connection, "now", lambda: "2020-01-01T00:00:00+00:00")
    documents = [led_by(DOC_A, *first), led_by(DOC_B, *second)]
    results = []
    for order in (documents, documents[::-1]):
        database = open_db(tmp_path / f"{len(results)}.db")
        for doc, items in order:
            store(database, doc, items)
        results.append(every_row(database))
        assert rows(database, "select id, name from owners") == [{"id": "leader-of-the-council", "name": name}]
    assert results[0] == results[1]


def test_an_owners_name_follows_the_documents_that_remain(database):
    store(database, *led_by(DOC_A, "Leader of the council"))
    store(database, *led_by(DOC_B, "Leader of the Council", "Leader of the Council"))
    assert rows(database, "select name from owners") == [{"name": "Leader of the Council"}]
    store(database, led_by(DOC_B)[0], [])
    assert rows(database, "select name from owners") == [{"name": "Leader of the council"}]


def test_migration_gives_existing_owner_links_their_owners_name(tmp_path):
    database = Database(tmp_path / "old.db")
    MIGRATIONS.apply(database, stop_before="m008_item_owners_canonical")
    database["documents"].insert({"id": DOC_A, "path": PATH, "format": "pdf", "ingested_at": "2020"})
    database["items"].insert({"id": "i1", "document": DOC_A, "kind": "action", "text": "Do it."})
    database["owners"].insert({"id": "leader-of-the-council", "name": "Leader of the Council", "aliases": "[]",
                               "items": 1})
    database["item_owners"].insert({"item": "i1", "owner": "leader-of-the-council", "printed": "the Leader"})
    migrated = open_db(tmp_path / "old.db")
    assert rows(migrated, "select canonical from item_owners") == [{"canonical": "Leader of the Council"}]


def test_migration_m023_indexes_the_owners_as_printed_of_items_stored_before_it(tmp_path):
    database = Database(tmp_path / "old.db")
    MIGRATIONS.apply(database, stop_before="m023_search_printed_owners")
    database["documents"].insert({"id": DOC_A, "path": PATH, "format": "pdf", "ingested_at": "2020"})
    database["items"].insert({"id": "i1", "document": DOC_A, "kind": "action", "text": "Publish a pothole plan.",
                              "owners": "Department for Transport", "owners_printed": "DfT"})
    assert search(database, "items_fts", "dft") == []  # as onrecord left it before m023
    database.close()
    migrated = open_db(tmp_path / "old.db")
    assert [r["text"] for r in search(migrated, "items_fts", "dft")] == ["Publish a pothole plan."]
    assert [r["text"] for r in search(migrated, "items_fts", "transport")] == ["Publish a pothole plan."]
    # the triggers keep the new column in step as items are stored, replaced and removed
    store(migrated, make_doc(DOC_B, "/papers/b.pdf"),
          [Item(kind="action", text="Inspect bridges.", owners=["the LTB"], canonical=["London Transport Board"])])
    assert [r["text"] for r in search(migrated, "items_fts", "ltb")] == ["Inspect bridges."]
    store(migrated, make_doc(DOC_B, "/papers/b.pdf"),
          [Item(kind="action", text="Inspect bridges.", owners=["TfL"], canonical=["Transport for London"])])
    assert search(migrated, "items_fts", "ltb") == []
    assert [r["text"] for r in search(migrated, "items_fts", "tfl")] == ["Inspect bridges."]
    migrated.execute("delete from items where id = 'i1'")
    assert search(migrated, "items_fts", "dft") == []
    migrated.execute("insert into items_fts(items_fts) values ('integrity-check')")


def test_owner_counts_span_documents(database):
    store(database, make_doc(DOC_A, "/papers/a.pdf"), make_items())
    store(database, make_doc(DOC_B, "/papers/b.pdf"), make_items()[:1])
    assert rows(database, "select items from owners where id = 'chair-of-the-bsp'") == [
        {"items": 3}
    ]
    store(database, make_doc(DOC_B, "/papers/b.pdf"), [])
    assert rows(database, "select items from owners where id = 'chair-of-the-bsp'") == [
        {"items": 2}
    ]


@pytest.mark.parametrize(
    "printed,canonical,expected",
    [
        (["the Leader"], ["Leader of the Council"], "leader-of-the-council"),
        (["Cabinet Member for Health"], [], "cabinet-member-for-health"),
        (["Directeur Général"], [""], "directeur-general"),
    ],
)
def test_owner_id_is_the_slug_of_the_canonical_name(database, printed, canonical, expected):
    item = Item(kind="action", text="Do it.", owners=printed, canonical=canonical)
    store(database, make_doc(), [item])
    assert rows(database, "select owner from item_owners") == [{"owner": expected}]
    assert owner_id(canonical[0] if canonical and canonical[0] else printed[0]) == expected


@pytest.mark.parametrize(
    "fts,word,expected",
    [
        ("items_fts", "housing", ["R1"]),
        ("items_fts", "leader", ["R2"]),
        ("items_fts", "2006", ["R1"]),
    ],
)
def test_full_text_search_finds_items(database, fts, word, expected):
    store(database, make_doc(), make_items())
    assert [r["ref"] for r in search(database, fts, word)] == expected


def test_full_text_search_finds_pages_and_owners(database):
    store(database, make_doc(), make_items())
    pages = rows(
        database,
        "select pages.page from pages_fts join pages "
        "on pages.rowid = pages_fts.rowid where pages_fts match 'repairs'",
    )
    assert pages == [{"page": 2}]
    owners = rows(
        database,
        "select owners.id from owners_fts join owners "
        "on owners.rowid = owners_fts.rowid where owners_fts match 'chairman'",
    )
    assert owners == [{"id": "chair-of-the-bsp"}]


def search(database: Database, fts: str, word: str) -> list[dict]:
    return rows(
        database,
        f"select items.ref, items.text from {fts} join items on items.rowid = {fts}.rowid "
        f"where {fts} match ? order by items.ref",
        [word],
    )


def test_recording_an_error_twice_keeps_one_row_and_its_first_time(database, monkeypatch):
    monkeypatch.setattr(db.connection, "now", lambda: "2020-01-01T00:00:00+00:00")
    first = record_error(database, "/papers/x.pdf", "ingest", "encrypted (password required)")
    monkeypatch.setattr(db.connection, "now", lambda: "2030-01-01T00:00:00+00:00")
    second = record_error(database, "/papers/x.pdf", "ingest", "encrypted (password required)")
    assert first == second
    assert rows(database, "select path, stage, page, [when] from errors") == [
        {
            "path": "/papers/x.pdf",
            "stage": "ingest",
            "page": None,
            "when": "2020-01-01T00:00:00+00:00",
        }
    ]


def test_clear_errors_removes_only_whole_file_errors_of_that_path(database):
    record_error(database, "/papers/x.pdf", "ingest", "encrypted")
    record_error(database, "/papers/x.pdf", "ingest", "no text", document=DOC_A, page=3)
    record_error(database, "/papers/y.pdf", "ingest", "encrypted")
    assert clear_errors(database, "/papers/x.pdf") == 1
    assert rows(database, "select path, page from errors order by path") == [
        {"path": "/papers/x.pdf", "page": 3},
        {"path": "/papers/y.pdf", "page": None},
    ]


def test_a_whole_file_error_replaces_the_earlier_cause_of_that_path_only(database):
    record_error(database, "/papers/x.pdf", "ingest", "timed out after 5 s")
    record_error(database, "/papers/x.pdf", "ingest", "no text", document=DOC_A, page=3)
    record_error(database, "/papers/y.pdf", "ingest", "timed out after 5 s")
    record_error(database, "/papers/x.pdf", "ingest", "timed out after 10 s")
    assert rows(database, "select path, page, reason from errors order by path, page") == [
        {"path": "/papers/x.pdf", "page": None, "reason": "timed out after 10 s"},
        {"path": "/papers/x.pdf", "page": 3, "reason": "no text"},
        {"path": "/papers/y.pdf", "page": None, "reason": "timed out after 5 s"},
    ]


OPTIONS = '{"ocr": "auto", "password": null}'


@pytest.mark.parametrize(
    "recorded, asked, known",
    [
        ({}, (OPTIONS, 300, 2048), True),
        ({}, (OPTIONS, 9999, 9999), True),  # the file failed on its own: no cap would help
        ({}, ('{"ocr": "never", "password": null}', 300, 2048), False),
        ({"timeout": 300}, (OPTIONS, 300, 2048), True),
        ({"timeout": 300}, (OPTIONS, 200, 4096), True),
        ({"timeout": 300}, (OPTIONS, 301, 2048), False),
        ({"max_memory": 2048}, (OPTIONS, 600, 2048), True),
        ({"max_memory": 2048}, (OPTIONS, 300, 4096), False),
    ],
)
def test_a_known_failure_holds_for_the_same_options_and_no_larger_cap(database, recorded, asked, known):
    record_failure(database, DOC_A, OPTIONS, "ingest", "why", **recorded)
    expected = ("ingest", "why") if known else None
    assert known_failure(database, DOC_A, *asked) == expected
    assert known_failure(database, DOC_B, OPTIONS, 300, 2048) is None


def test_recording_a_failure_again_changes_nothing_and_a_larger_cap_replaces_it(database):
    record_failure(database, DOC_A, OPTIONS, "ingest", "timed out after 300 s", timeout=300)
    before = dump(database)
    record_failure(database, DOC_A, OPTIONS, "ingest", "timed out after 300 s", timeout=300)
    assert dump(database) == before
    record_failure(database, DOC_A, OPTIONS, "ingest", "timed out after 600 s", timeout=600)
    assert rows(database, "select reason, timeout from known_failures") == [
        {"reason": "timed out after 600 s", "timeout": 600}
    ]


def test_storing_a_document_forgets_its_known_failures(database):
    record_failure(database, DOC_A, OPTIONS, "ingest", "timed out after 300 s", timeout=300)
    record_failure(database, DOC_B, OPTIONS, "ingest", "empty file")
    store(database, make_doc(DOC_A), make_items())
    assert rows(database, "select document from known_failures") == [{"document": DOC_B}]


def test_page_errors_are_recorded_and_dropped_when_the_page_reads(database):
    store(database, make_doc(errors=[PageError(2, "OCR failed")]), make_items())
    assert rows(database, "select document, page, stage, reason from errors") == [
        {"document": DOC_A, "page": 2, "stage": "ingest", "reason": "OCR failed"}
    ]
    store(database, make_doc(), make_items())
    assert rows(database, "select * from errors") == []


def failing_items() -> list[Item]:
    # text=None reaches SQLite, whose NOT NULL constraint on items.text aborts the store
    # after the document and its pages have been written.
    return make_items() + [Item(kind="action", text=None)]  # type: ignore[arg-type]


def test_a_failed_store_leaves_no_rows_of_the_document(database):
    with pytest.raises(sqlite3.IntegrityError, match="items.text"):
        store(database, make_doc(), failing_items())
    for table in ("documents", "pages", "items", "owners", "item_owners", "errors"):
        assert database[table].count == 0, table
    assert search(database, "items_fts", "housing") == []
    assert not is_stored(database, DOC_A)


@pytest.mark.parametrize("replacement_id", [DOC_A, DOC_B])
def test_a_failed_replacement_leaves_the_earlier_version_whole(database, replacement_id):
    store(database, make_doc(DOC_A), make_items())
    before = dump(database)
    with pytest.raises(sqlite3.IntegrityError):
        store(database, make_doc(replacement_id, title="Revised"), failing_items())
    assert dump(database) == before
    store(database, make_doc(DOC_A), make_items())  # the connection is still usable
    assert dump(database) == before


OTHER_PATH = "/papers/copy-of-the-review.pdf"


def test_store_records_the_name_a_document_was_read_under(database):
    store(database, make_doc(), make_items())
    assert rows(database, "select path, document from document_paths") == [{"path": PATH, "document": DOC_A}]
    assert [fk.other_table for fk in database["document_paths"].foreign_keys] == ["documents"]


def test_add_paths_adds_a_new_name_once_and_keeps_the_first_as_the_documents_path(database):
    store(database, make_doc(), make_items())
    assert add_paths(database, DOC_A, [OTHER_PATH]) == [OTHER_PATH]
    before = dump(database)
    assert add_paths(database, DOC_A, [OTHER_PATH, PATH]) == []
    assert dump(database) == before
    assert rows(database, "select path from document_paths order by path") == [
        {"path": OTHER_PATH},
        {"path": PATH},
    ]
    assert rows(database, "select path from documents") == [{"path": PATH}]


def test_storing_the_same_document_from_another_name_keeps_one_row(database):
    store(database, make_doc(), make_items())
    store(database, make_doc(path=OTHER_PATH), make_items())
    assert rows(database, "select id, path from documents") == [{"id": DOC_A, "path": PATH}]
    assert database["document_paths"].count == 2


@pytest.mark.parametrize("how", ["store", "add_paths"])
def test_a_changed_file_leaves_the_old_document_under_its_other_name(database, how):
    store(database, make_doc(DOC_A), make_items())
    add_paths(database, DOC_A, [OTHER_PATH])
    if how == "store":
        store(database, make_doc(DOC_B), make_items()[:1])
    else:
        store(database, make_doc(DOC_B, path="/elsewhere.pdf"), make_items()[:1])
        add_paths(database, DOC_B, [PATH])
    assert rows(database, "select id, path from documents where id = ?", [DOC_A]) == [
        {"id": DOC_A, "path": OTHER_PATH}
    ]
    assert rows(database, "select document from document_paths where path = ?", [PATH]) == [{"document": DOC_B}]


def test_a_document_that_loses_its_last_name_is_deleted(database):
    store(database, make_doc(DOC_A), make_items())
    store(database, make_doc(DOC_B, path="/elsewhere.pdf"), [])
    add_paths(database, DOC_B, [PATH])
    assert rows(database, "select id from documents") == [{"id": DOC_B}]
    assert database["items"].count == 0
    assert database["owners"].count == 0


def test_migration_gives_existing_documents_their_path(tmp_path):
    database = Database(tmp_path / "old.db")
    MIGRATIONS.apply(database, stop_before="m005_document_paths")
    assert "document_paths" not in database.table_names()
    database["documents"].insert(
        {"id": DOC_A, "path": PATH, "format": "pdf", "ingested_at": "2020-01-01T00:00:00+00:00"}
    )
    migrated = open_db(tmp_path / "old.db")
    assert rows(migrated, "select path, document from document_paths") == [{"path": PATH, "document": DOC_A}]
