"""The published Datasette: metadata, canned queries, the source route and its links."""

from __future__ import annotations

import hashlib
import html
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
import yaml
from datasette.app import Datasette
from reportlab.pdfgen import canvas
from sqlite_utils import Database

from onrecord.db import item_id, open_db, store
from onrecord.db.site import feeds, make_datasette
from onrecord.db.site.queries import canned_queries
from onrecord.db.site.sql import OVERDUE_SQL
from onrecord.ingest.model import Document, Line, Page
from onrecord.nlp.model import Item

METADATA = yaml.safe_load((Path(__file__).parent.parent / "metadata.yml").read_text())
TODAY = datetime.now(timezone.utc).date()
THIS_MONTH = TODAY.strftime("%Y-%m")
QUERIES = canned_queries()


def make_pdf(path: Path) -> bytes:
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Housing scrutiny review")
    pdf.showPage()
    pdf.drawString(72, 720, "R1 The Council should publish a housing repairs plan by March 2001.")
    pdf.showPage()
    pdf.save()
    return path.read_bytes()


ITEMS = {
    "overdue": Item(
        kind="recommendation",
        ref="R1",
        page=2,
        due="March 2001",
        due_date="2001-03",
        text="The Council should publish a housing repairs plan.",
        owners=["The Leader"],
        canonical=["Leader of the Council"],
    ),
    "overdue_incomplete": Item(
        kind="action",
        ref="A1",
        page=2,
        due="2003",
        due_date="2003",
        status="Incomplete",
        text="Officers will audit the <b>housing</b> stock.",
        owners=["Head of Housing"],
        canonical=["Head of Housing"],
    ),
    "done": Item(
        kind="action",
        ref="A2",
        page=2,
        due="2002",
        due_date="2002",
        status="Completed",
        text="Officers will report back.",
        owners=["Head of Housing"],
    ),
    "this_month": Item(
        kind="commitment",
        ref="C1",
        page=1,
        due="this month",
        due_date=THIS_MONTH,
        text="We will consult tenants.",
    ),
    "future": Item(
        kind="commitment",
        ref="C2",
        page=1,
        due="2999",
        due_date="2999-01-01",
        text="We will review the plan.",
        owners=["the BSP chairman"],
        canonical=["Chair of the BSP"],
    ),
    "undated": Item(kind="decision", ref="D1", page=1, text="The Cabinet agreed the plan."),
}


@pytest.fixture
def stored(tmp_path) -> dict:
    """A database named onrecord.db holding a real PDF and a text file stored by relative path."""
    pdf_bytes = make_pdf(tmp_path / "review.pdf")
    pdf_id = hashlib.sha256(pdf_bytes).hexdigest()
    (tmp_path / "notes.txt").write_text("Minutes: the Cabinet agreed the plan.\n", encoding="utf-8")
    txt_id = hashlib.sha256((tmp_path / "notes.txt").read_bytes()).hexdigest()
    database = open_db(tmp_path / "onrecord.db")
    pages = [Page(1, [Line("Housing scrutiny review")]), Page(2, [Line("R1 The Council ...")])]
    store(
        database,
        Document(
            path=str(tmp_path / "review.pdf"),
            id=pdf_id,
            format="pdf",
            pages=pages,
            title="Housing scrutiny review",
        ),
        list(ITEMS.values()),
    )
    # Relative to the database's folder, not to the directory the tests run in.
    store(
        database,
        Document(
            path="notes.txt",
            id=txt_id,
            format="txt",
            pages=[Page(1, [Line("Minutes")])],
            title="Notes",
        ),
        [],
    )
    ids = {name: item_id(pdf_id, item) for name, item in ITEMS.items()}
    return {
        "path": tmp_path / "onrecord.db",
        "database": database,
        "pdf": pdf_id,
        "pdf_bytes": pdf_bytes,
        "pdf_path": tmp_path / "review.pdf",
        "txt": txt_id,
        "items": ids,
    }


async def serve(path: Path, **options) -> Datasette:
    """The site as `onrecord serve` and `onrecord publish` make it."""
    ds = make_datasette(path, **options)
    await ds.invoke_startup()
    return ds


@pytest.fixture
async def ds(stored) -> Datasette:
    return await serve(stored["path"])


async def get_rows(ds: Datasette, path: str) -> list[dict]:
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


async def test_plugin_is_loaded(ds):
    plugins = (await ds.client.get("/-/plugins.json")).json()
    assert {"register_routes", "render_cell"} <= set(
        next(p for p in plugins if p["name"] == "onrecord")["hooks"]
    )


async def test_items_table_lists_items_with_configured_facets(ds):
    data = (await ds.client.get("/onrecord/items.json?_shape=objects")).json()
    assert len(data["rows"]) == len(ITEMS)
    assert {"kind", "due_year", "document", "method"} <= set(data["facet_results"])
    sorted_by_due = (await ds.client.get("/onrecord/items.json?_shape=array&_sort=due_date")).json()
    dues = [r["due_date"] for r in sorted_by_due if r["due_date"]]
    assert dues == sorted(dues)
    refused = await ds.client.get("/onrecord/items.json?_sort=bbox")
    assert refused.status_code != 200 and "Cannot sort table by bbox" in refused.text


async def test_overdue_lists_past_due_items_not_done(ds, stored):
    rows = await get_rows(ds, "/onrecord/overdue.json?_shape=array")
    items = stored["items"]
    assert [r["id"] for r in rows] == [items["overdue"], items["overdue_incomplete"]]
    assert rows[0]["source"] == f"/-/onrecord/source/{stored['pdf']}#page=2"


@pytest.mark.parametrize(
    "owner,expected",
    [
        ("leader of the council", ["overdue"]),
        ("BSP chairman", ["future"]),
        ("housing", ["done", "overdue_incomplete"]),
    ],
)
async def test_by_owner_matches_canonical_or_printed_names(ds, stored, owner, expected):
    rows = await get_rows(ds, f"/onrecord/by_owner.json?_shape=array&owner={owner}")
    assert sorted(r["id"] for r in rows) == sorted(stored["items"][name] for name in expected)


async def test_search_ranks_items_and_marks_the_matched_words(ds, stored):
    rows = await get_rows(ds, "/onrecord/search.json?_shape=array&q=repairs")
    assert [r["id"] for r in rows] == [stored["items"]["overdue"]]
    assert "<mark>repairs</mark>" in rows[0]["snippet"]
    assert rows[0]["source"] == f"/-/onrecord/source/{stored['pdf']}#page=2"


@pytest.mark.parametrize("q", ["", "   ", 'hous"ing(', "AND OR NOT", "*"])
async def test_search_survives_any_query_text(ds, q):
    response = await ds.client.get("/onrecord/search.json", params={"q": q, "_shape": "array"})
    assert response.status_code == 200


async def test_search_page_escapes_text_but_keeps_marks_and_links_the_page(ds, stored):
    html = (await ds.client.get("/onrecord/search?q=housing")).text
    assert "<mark>housing</mark>" in html
    assert "&lt;b&gt;" in html and "<b><mark>" not in html
    assert f'<a href="/-/onrecord/source/{stored["pdf"]}#page=2">page 2</a>' in html


async def test_items_view_links_each_item_to_its_page(ds, stored):
    html = (await ds.client.get("/onrecord/items_view?ref=D1")).text
    assert f'<a href="/-/onrecord/source/{stored["pdf"]}#page=1">page 1</a>' in html
    rows = await get_rows(ds, "/onrecord/items_view.json?_shape=array&ref=D1")
    assert rows[0]["document_title"] == "Housing scrutiny review"


async def test_canned_queries_work_under_another_database_name(stored, tmp_path):
    renamed = tmp_path / "council.db"
    stored["database"].close()  # a database in WAL mode is whole in its file once closed
    stored["path"].rename(renamed)
    ds = await serve(renamed)
    rows = await get_rows(ds, "/council/overdue.json?_shape=array")
    assert len(rows) == 2
    # and with Datasette alone, no metadata at all: the plugin gives any onrecord database its queries
    plain = Datasette([str(renamed)])
    await plain.invoke_startup()
    assert len(await get_rows(plain, "/council/overdue.json?_shape=array")) == 2
    described = (await ds.client.get("/council/items")).text
    assert "Recommendations, actions, decisions and commitments" in described
    response = await ds.client.get(f"/-/onrecord/source/{stored['pdf']}")
    assert response.status_code == 200


async def test_source_serves_the_stored_pdf_inline(ds, stored):
    response = await ds.client.get(f"/-/onrecord/source/{stored['pdf']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.content == stored["pdf_bytes"]


async def test_source_serves_text_documents_as_plain_text(ds, stored):
    response = await ds.client.get(f"/-/onrecord/source/{stored['txt']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.text.startswith("Minutes: the Cabinet agreed")


async def test_source_is_404_once_the_file_has_gone(ds, stored):
    stored["pdf_path"].unlink()
    response = await ds.client.get(f"/-/onrecord/source/{stored['pdf']}")
    assert response.status_code == 404


@pytest.mark.parametrize("change", ["rewritten", "linked elsewhere"])
async def test_source_serves_a_file_only_while_its_bytes_hash_to_the_id(ds, stored, tmp_path, change):
    path = stored["pdf_path"]
    path.unlink()
    if change == "rewritten":
        path.write_bytes(stored["pdf_bytes"] + b"% changed after it was ingested\n")
    else:
        path.symlink_to("/etc/passwd")
    for url in [f"/-/onrecord/source/{stored['pdf']}", f"/-/onrecord/page/{stored['pdf']}/1.png"]:
        response = await ds.client.get(url)
        assert response.status_code == 404
        assert b"root:" not in response.content and b"%PDF" not in response.content
    path.unlink()
    path.write_bytes(stored["pdf_bytes"])  # the same bytes back: served again
    response = await ds.client.get(f"/-/onrecord/source/{stored['pdf']}")
    assert response.status_code == 200 and response.content == stored["pdf_bytes"]


async def test_source_serves_a_file_whose_name_is_not_utf8(stored, tmp_path):
    name = os.fsdecode(os.fsencode(tmp_path) + b"/r\xe9union.pdf")  # Latin-1, as old archives have it
    Path(name).write_bytes(stored["pdf_bytes"] + b"% another copy\n")
    doc_id = hashlib.sha256(Path(name).read_bytes()).hexdigest()
    store(stored["database"], Document(path=name, id=doc_id, format="pdf", pages=[Page(1, [Line("R")])]), [])
    ds = await serve(stored["path"])
    response = await ds.client.get(f"/-/onrecord/source/{doc_id}")
    assert response.status_code == 200 and response.content == Path(name).read_bytes()


TRICKS = [
    "../../../../etc/passwd",
    "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2Fetc%2Fpasswd",
    "/etc/passwd",
    "~2Fetc~2Fpasswd",
    "0" * 64,
    "A" * 64,
]


@pytest.mark.parametrize("tail", TRICKS)
async def test_source_never_serves_a_path_from_the_request(ds, tail):
    response = await ds.client.get(f"/-/onrecord/source/{tail}", follow_redirects=True)
    assert response.status_code == 404
    assert b"root:" not in response.content


@pytest.mark.parametrize(
    "tail", ["../../../../etc/passwd", "/etc/passwd", "{pdf_path}", "{pdf}/..", "{PDF}"]
)
async def test_source_refuses_raw_paths_that_no_client_normalised(ds, stored, tail):
    # httpx (like browsers) folds "../" before sending; a raw request does not, so send one.
    tail = tail.format(pdf_path=stored["pdf_path"], pdf=stored["pdf"], PDF=stored["pdf"].upper())
    status, body = await raw_get(ds, f"/-/onrecord/source/{tail}")
    assert status == 404
    assert b"root:" not in body and b"%PDF" not in body


async def raw_get(ds: Datasette, path: str) -> tuple[int, bytes]:
    """GET a path through the ASGI app exactly as given, with no URL normalisation."""
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "server": ("localhost", 80),
        "client": ("127.0.0.1", 5000),
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await ds.app()(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def described_tables(path: Path) -> dict[str, list[str]]:
    """Every table and view a reader sees, with its columns; search-index internals left out."""
    database = Database(path)
    fts = database.table_names(fts5=True) + database.table_names(fts4=True)
    internal = {
        t for t in database.table_names() if any(t == f or t.startswith(f + "_") for f in fts)
    }
    names = [t for t in database.table_names() if t not in internal] + database.view_names()
    return {name: [c.name for c in database[name].columns] for name in names}


def test_every_table_and_column_of_the_schema_is_described(stored):
    tables_metadata = METADATA["databases"]["onrecord"]["tables"]
    schema = described_tables(stored["path"])
    assert {"documents", "items", "items_view", "owners", "errors"} <= set(schema)
    missing = [
        f"{table}.{column}"
        for table, columns in schema.items()
        for column in columns
        if not tables_metadata.get(table, {}).get("columns", {}).get(column)
    ]
    undescribed = [t for t in schema if not tables_metadata.get(t, {}).get("description")]
    assert undescribed == [] and missing == []


def test_metadata_describes_nothing_that_is_not_in_the_schema(stored):
    schema = described_tables(stored["path"])
    tables_metadata = METADATA["databases"]["onrecord"]["tables"]
    stale = [
        f"{table}.{column}"
        for table, meta in tables_metadata.items()
        for column in meta.get("columns", {})
        if column not in schema.get(table, [])
    ]
    assert stale == []


def test_canned_query_source_links_match_the_schema():
    from onrecord.db.schema import SOURCE_PREFIX, source_url_sql

    expected = source_url_sql("items.document", "items.page")
    for name, query in QUERIES.items():
        assert expected in query["sql"], name
    assert re.search(re.escape(SOURCE_PREFIX), expected)
    published = canned_queries("https://records.example.org/")
    for name, query in published.items():
        assert expected.replace("'/-/", "'https://records.example.org/-/") in query["sql"], name


# The published pages: item, owner, document, search, page images, feeds.


async def test_item_page_shows_text_owners_due_document_and_the_marked_page(ds, stored):
    item = stored["items"]["overdue"]
    response = await ds.client.get(f"/-/onrecord/item/{item}")
    assert response.status_code == 200
    html = response.text
    assert "The Council should publish a housing repairs plan." in html
    assert '<a class="onrecord-owner" href="/-/onrecord/owner/leader-of-the-council">' in html
    assert "printed “The Leader”" in html
    assert "“March 2001”" in html and ">2001-03</time>" in html
    assert '<span class="onrecord-overdue">overdue</span>' in html
    assert f'href="/-/onrecord/document/{stored["pdf"]}"' in html
    assert f'href="/-/onrecord/source/{stored["pdf"]}#page=2"' in html
    assert f'src="/-/onrecord/page/{stored["pdf"]}/2.png"' in html


@pytest.mark.parametrize(
    "name,expected",
    [
        ("overdue", '<span class="onrecord-overdue">overdue</span>'),
        ("done", "passed, but marked done"),
        ("future", "not overdue"),
        ("undated", "no date given"),
    ],
)
async def test_item_page_says_whether_it_is_overdue(ds, stored, name, expected):
    html = (await ds.client.get(f"/-/onrecord/item/{stored['items'][name]}")).text
    assert expected in html.split("<dt>Due</dt>")[1].split("</dd>")[0]


async def test_item_page_highlights_the_stored_box_in_percent_of_the_page(ds, stored):
    database = Database(stored["path"])
    item = stored["items"]["overdue"]
    database["items"].update(item, {"bbox": "[72, 100, 300, 150]"})
    ds = await serve(stored["path"])
    html = (await ds.client.get(f"/-/onrecord/item/{item}")).text
    # reportlab's default page is A4 portrait, 595.28 x 841.89 points.
    assert 'style="left: 12.095%; top: 11.878%; width: 38.302%; height: 5.939%"' in html


async def test_item_page_without_a_box_or_a_pdf_has_no_highlight(ds, stored):
    html = (await ds.client.get(f"/-/onrecord/item/{stored['items']['undated']}")).text
    assert 'id="page-image"' in html and 'id="passage"' not in html
    stored["pdf_path"].unlink()
    html = (await ds.client.get(f"/-/onrecord/item/{stored['items']['undated']}")).text
    assert "The Cabinet agreed the plan." in html and 'id="page-image"' not in html


@pytest.mark.parametrize(
    "path",
    [
        "item/0123456789abcdef",
        "item/../../etc/passwd",
        "owner/nobody",
        "owner/A B",
        "document/" + "0" * 64,
        "document/x",
    ],
)
async def test_pages_of_unknown_ids_are_404(ds, path):
    response = await ds.client.get(f"/-/onrecord/{path}", follow_redirects=True)
    assert response.status_code == 404


async def test_owner_page_lists_aliases_counts_and_items_newest_first(ds, stored):
    response = await ds.client.get("/-/onrecord/owner/head-of-housing")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Head of Housing</h1>" in html and "“Head of Housing”" in html
    assert "<tr><td>action</td><td>2</td><td>1</td></tr>" in html
    assert '<span class="onrecord-overdue">1 overdue</span>' in html
    for name in ("overdue_incomplete", "done"):
        assert f'href="/-/onrecord/item/{stored["items"][name]}"' in html
    assert "/-/onrecord/feed/overdue.atom?owner=head-of-housing" in html


async def test_document_page_shows_metadata_items_in_page_order_pages_and_errors(ds, stored):
    Database(stored["path"])["errors"].insert(
        {
            "id": "e1",
            "path": str(stored["pdf_path"]),
            "document": stored["pdf"],
            "page": 2,
            "stage": "ingest",
            "reason": "page 2 needed OCR",
            "when": "2026-01-01T00:00:00+00:00",
        }
    )
    ds = await serve(stored["path"])
    html = (await ds.client.get(f"/-/onrecord/document/{stored['pdf']}")).text
    assert "<h1>Housing scrutiny review</h1>" in html
    assert "page 2: ingest: page 2 needed OCR" in html
    refs = re.findall(r"<strong>(\w+)</strong>", html.split('id="items"')[1])
    assert refs[:3] == ["C1", "C2", "D1"] and set(refs[3:]) == {"A1", "A2", "R1"}
    assert '<details id="page-2" open>' in html and "R1 The Council ..." in html


async def test_search_page_ranks_items_and_finds_owners_and_pages(ds, stored):
    html = (await ds.client.get("/-/onrecord/search?q=housing")).text
    assert "3 items matching “housing”" in html  # two by their text, one by its owner
    assert f'href="/-/onrecord/item/{stored["items"]["overdue"]}"' in html
    assert "&lt;b&gt;<mark>housing</mark>&lt;/b&gt;" in html  # stored markup escaped, marks kept
    assert 'href="/-/onrecord/owner/head-of-housing"' in html
    assert f'href="/-/onrecord/document/{stored["pdf"]}#page-1"' in html


@pytest.mark.parametrize(
    "args,expected",
    [
        ("q=housing&kind=action", ["overdue_incomplete", "done"]),
        ("q=housing&owner=leader-of-the-council", ["overdue"]),
        ("kind=commitment", ["this_month", "future"]),
        ("q=plan&body=Nowhere", []),
    ],
)
async def test_search_facets_narrow_the_items(ds, stored, args, expected):
    html = (await ds.client.get(f"/-/onrecord/search?{args}")).text
    found = set(re.findall(r'class="onrecord-item-link" href="/-/onrecord/item/(\w+)"', html))
    assert found == {stored["items"][name] for name in expected}


async def test_search_facets_count_and_link_each_value(ds):
    html = (await ds.client.get("/-/onrecord/search?q=housing")).text
    assert '<a href="/-/onrecord/search?q=housing&amp;kind=action">action</a> 2' in html
    assert '<a href="/-/onrecord/search?q=housing&amp;owner=head-of-housing">' in html
    chosen = (await ds.client.get("/-/onrecord/search?q=housing&kind=action")).text
    assert '<li class="chosen"><a href="/-/onrecord/search?q=housing">action</a>' in chosen


async def test_search_facets_count_bodies_and_years_newest_first(stored):
    database = Database(stored["path"])
    database["documents"].update(stored["pdf"], {"body": "Eastford Council"})
    database["documents"].update(stored["pdf"], {"meeting_date": "2024-05-01"})
    ds = await serve(stored["path"])
    html = (await ds.client.get("/-/onrecord/search?q=housing")).text
    assert '<a href="/-/onrecord/search?q=housing&amp;body=Eastford+Council">' in html
    assert '<a href="/-/onrecord/search?q=housing&amp;year=2024">2024</a> 3' in html
    html = (await ds.client.get("/-/onrecord/search?q=housing&year=2024")).text
    assert "3 items matching" in html


async def test_search_with_too_many_matches_ranks_and_counts_those_stored_last(stored, monkeypatch):
    from onrecord.db.site import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    ds = await serve(stored["path"])
    html = (await ds.client.get("/-/onrecord/search?q=housing")).text
    matched = Database(stored["path"]).execute(
        "select items.id, items.kind from items_fts join items on items.rowid = items_fts.rowid"
        " where items_fts match 'housing' order by items.rowid desc"
    )
    last = dict(matched.fetchall()[:2])
    assert "3 items matching “housing”" in html  # the count is over every match
    assert "cover the 2 stored last" in html and "Counted over the 2 items stored last" in html
    listed = re.findall(r'class="onrecord-item-link" href="/-/onrecord/item/(\w+)"', html)
    assert sorted(listed) == sorted(last)
    kinds = re.findall(r"kind=(\w+)\">\w+</a> (\d+)", html)
    expected = {kind: str(list(last.values()).count(kind)) for kind in set(last.values())}
    assert dict(kinds) == expected


async def test_search_with_a_filter_and_too_many_matches_still_finds_the_filtered(
    stored, monkeypatch
):
    from onrecord.db.site import search

    monkeypatch.setattr(search, "CANDIDATES", 1)
    ds = await serve(stored["path"])
    html = (await ds.client.get("/-/onrecord/search?q=housing&kind=recommendation")).text
    listed = re.findall(r'class="onrecord-item-link" href="/-/onrecord/item/(\w+)"', html)
    assert listed == [stored["items"]["overdue"]]
    assert "1 item matching" in html and "stored last" not in html
    # More filtered matches than are ranked: the one walk that finds them stops uncounted.
    html = (await ds.client.get("/-/onrecord/search?q=housing&kind=action")).text
    assert "More than 1 items matching" in html and "cover the 1 stored last" in html


@pytest.mark.parametrize("q", ["", 'hous"ing(', "*", "x" * 500, '"unclosed phrase', "a-b", "?!"])
async def test_search_page_survives_any_query_text(ds, q):
    response = await ds.client.get("/-/onrecord/search", params={"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "q,says",
    [
        ("AND OR NOT", "OR needs words before it"),
        ("NOT housing", "NOT needs words before it, as in housing NOT repairs"),
        ("housing OR", "OR needs words after it"),
        ("(housing", "a ( is not closed"),
        ("housing)", "a ) closes no ("),
        ("kind:memo", "kind:memo is not a kind"),
        ("owner:", "owner: needs a value"),
    ],
)
async def test_a_search_that_cannot_be_read_says_how_to_write_it(ds, q, says):
    response = await ds.client.get("/-/onrecord/search", params={"q": q})
    assert response.status_code == 400
    assert "That search cannot be read" in response.text
    assert html.escape(says, quote=False) in response.text
    assert 'name="q" value="' in response.text  # the box keeps what was typed, to mend it


@pytest.mark.parametrize("name", ["q", "owner", "kind", "year"])
@pytest.mark.parametrize("path", ["/-/onrecord/search", "/-/onrecord/feed/new.atom", "/-/onrecord/feed/overdue.atom"])
async def test_a_null_byte_in_the_query_is_no_server_error(ds, path, name):
    for value in ["\x00", "housing\x00", "\x00review"]:
        response = await ds.client.get(path, params={name: value})
        assert response.status_code == 200, (path, name, value, response.text[:200])


async def test_page_image_is_a_png_of_the_page(ds, stored):
    response = await ds.client.get(f"/-/onrecord/page/{stored['pdf']}/2.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    "tail", ["{pdf}/3.png", "{pdf}/0.png", "{pdf}/-1.png", "{pdf}/1.jpg", "{pdf}/1", "{txt}/1.png"]
)
async def test_page_image_is_404_for_pages_that_are_not_there(ds, stored, tail):
    tail = tail.format(pdf=stored["pdf"], txt=stored["txt"])
    assert (await ds.client.get(f"/-/onrecord/page/{tail}")).status_code == 404


@pytest.mark.parametrize("tail", TRICKS + ["../../../../etc/passwd/1.png", "%2Fetc%2Fpasswd/1.png"])
async def test_page_image_never_serves_a_path_from_the_request(ds, tail):
    response = await ds.client.get(f"/-/onrecord/page/{tail}", follow_redirects=True)
    assert response.status_code == 404
    assert b"root:" not in response.content


@pytest.mark.parametrize(
    "tail",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "{pdf_path}",
        "{pdf}/../1.png",
        "{PDF}/1.png",
        "{pdf}/1.png/../../../etc/passwd",
    ],
)
async def test_page_image_refuses_raw_paths_that_no_client_normalised(ds, stored, tail):
    tail = tail.format(pdf_path=stored["pdf_path"], pdf=stored["pdf"], PDF=stored["pdf"].upper())
    status, body = await raw_get(ds, f"/-/onrecord/page/{tail}")
    assert status == 404
    assert b"root:" not in body and b"\x89PNG" not in body


async def feed_entries(ds: Datasette, path: str) -> list[str]:
    response = await ds.client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(response.content)
    assert feed.find(f"{atom}updated").text
    return [e.find(f"{atom}id").text.rsplit("/", 1)[1] for e in feed.iter(f"{atom}entry")]


@pytest.mark.parametrize(
    "path,expected",
    [
        ("new.atom", list(ITEMS)),
        ("new.atom?owner=head-of-housing", ["overdue_incomplete", "done"]),
        ("new.atom?q=housing", ["overdue", "overdue_incomplete", "done"]),
        ("new.atom?owner=nobody", []),
        ("overdue.atom", ["overdue", "overdue_incomplete"]),
        ("overdue.atom?owner=leader-of-the-council", ["overdue"]),
        ("overdue.atom?q=audit", ["overdue_incomplete"]),
        ("overdue.atom?q=" + "%22" * 3, []),
    ],
)
async def test_feeds_list_new_or_overdue_items_for_everyone_an_owner_or_a_search(
    ds, stored, path, expected
):
    ids = await feed_entries(ds, f"/-/onrecord/feed/{path}")
    assert sorted(ids) == sorted(stored["items"][name] for name in expected)


async def test_overdue_feed_dates_each_item_from_when_it_fell_due(ds):
    response = await ds.client.get("/-/onrecord/feed/overdue.atom")
    assert "<updated>2001-04-01T00:00:00+00:00</updated>" in response.text
    assert "<updated>2004-01-01T00:00:00+00:00</updated>" in response.text


async def test_unknown_feed_is_404(ds):
    assert (await ds.client.get("/-/onrecord/feed/secret.atom")).status_code == 404


async def test_item_pages_agree_with_the_overdue_query(ds, stored):
    overdue = {r["id"] for r in await get_rows(ds, "/onrecord/overdue.json?_shape=array")}
    for item in stored["items"].values():
        html = (await ds.client.get(f"/-/onrecord/item/{item}")).text
        assert ('<span class="onrecord-overdue">overdue</span>' in html) == (item in overdue)


def query_plan(path: Path, sql: str, params: dict | None = None) -> str:
    rows = Database(path).execute("explain query plan " + sql, params or {}).fetchall()
    return "\n".join(row[-1] for row in rows)


@pytest.mark.parametrize(
    "sql",
    [
        QUERIES["overdue"]["sql"],
        feeds.feed_query("overdue", {})[1],
    ],
)
def test_overdue_query_and_feed_read_the_due_end_index_without_sorting_every_item(stored, sql):
    plan = query_plan(stored["path"], sql)
    assert "USING INDEX items_due_end" in plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan  # only the tie-breaks are sorted


@pytest.mark.parametrize("chosen", [{}, {"kind": "action"}, {"year": "2001", "body": "X"}])
def test_newest_items_are_read_through_the_documents_newest_index(stored, chosen):
    from onrecord.db.site import search

    where, params = search.conditions(chosen)
    plan = query_plan(stored["path"], search.newest_sql(where), params)
    assert "USING INDEX documents_newest" in plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan  # only page and ref are sorted


def test_most_confident_items_are_read_through_the_confidence_index(stored):
    from onrecord.db.site import search

    plan = query_plan(stored["path"], search.confident_sql([]))
    assert "USING INDEX items_confidence" in plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan  # only ties of confidence are sorted


@pytest.mark.parametrize("full_text", [False, True])
def test_owner_facet_reads_only_the_owners_of_the_items_counted(stored, full_text):
    from onrecord.db.site import search

    base = search._base(full_text, {}, by_owner=True, floor=True)
    sql = f"select item_owners.owner, count(*) as n {base} group by item_owners.owner"
    plan = query_plan(stored["path"], sql, {"floor": 0, "q": "housing"})
    assert "SCAN item_owners" not in plan  # no database here has ANALYZE's figures


async def test_browsing_without_words_counts_facets_over_the_items_stored_last(stored, monkeypatch):
    from onrecord.db.site import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    ds = await serve(stored["path"])
    html = (await ds.client.get("/-/onrecord/search")).text
    assert f"{len(ITEMS)} items</h2>" in html
    assert "the counts by facet cover the 2 stored last" in html and "ranking" not in html
    last = Database(stored["path"]).execute("select kind from items order by rowid desc limit 2")
    kinds = [row[0] for row in last.fetchall()]
    counted = dict(re.findall(r"kind=(\w+)\">\w+</a> (\d+)", html))
    assert counted == {kind: str(kinds.count(kind)) for kind in kinds}


@pytest.mark.parametrize(
    "due_date,overdue",
    [
        (TODAY.isoformat(), False),
        ((TODAY - timedelta(days=1)).isoformat(), True),
        (THIS_MONTH, False),
        ((TODAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"), True),
        (str(TODAY.year), False),
        (str(TODAY.year - 1), True),
        (str(TODAY.year + 1), False),
    ],
)
def test_an_item_is_overdue_from_the_day_after_its_due_period(tmp_path, due_date, overdue):
    database = open_db(tmp_path / "d.db")
    database["documents"].insert(
        {"id": "d", "path": "d.pdf", "format": "pdf", "ingested_at": "2020-01-01T00:00:00+00:00"}
    )
    database["items"].insert(
        {"id": "i", "document": "d", "kind": "action", "text": "x", "due_date": due_date}
    )
    found = database.execute(f"select {OVERDUE_SQL} from items").fetchone()[0]
    assert bool(found) is overdue


async def test_due_soon_lists_items_due_within_90_days(ds, stored):
    rows = await get_rows(ds, "/onrecord/due_soon.json?_shape=array")
    assert [r["id"] for r in rows] == [stored["items"]["this_month"]]


async def test_no_owner_lists_items_that_name_no_one(ds, stored):
    rows = await get_rows(ds, "/onrecord/no_owner.json?_shape=array")
    assert {r["id"] for r in rows} == {stored["items"][n] for n in ("this_month", "undated")}


def add_linked_item(
    stored: dict,
    *,
    later_paper: str | None,
    paper: str | None = "2020-06-01",
    backwards: bool = False,
    same_document: bool = False,
) -> str:
    """An action in the text document (or the PDF), linked to recommendation R1 as progress."""
    database = Database(stored["path"])
    database["documents"].update(stored["pdf"], {"meeting_date": paper})
    database["documents"].update(stored["txt"], {"meeting_date": later_paper})
    other = {
        "id": "b" * 16,
        "document": stored["pdf"] if same_document else stored["txt"],
        "kind": "action",
        "ref": "P4",
        "text": "The repairs plan was published in May.",
    }
    database["items"].insert(other)
    ends = [stored["items"]["overdue"], other["id"]]
    item_from, item_to = reversed(ends) if backwards else ends
    database["links"].insert(
        {
            "id": "l1",
            "item_from": item_from,
            "item_to": item_to,
            "relation": "progress",
            "score": 0.9,
        }
    )
    return other["id"]


async def unanswered(stored: dict) -> list[str]:
    ds = await serve(stored["path"])
    rows = await get_rows(ds, "/onrecord/unanswered_recommendations.json?_shape=array")
    return [r["id"] for r in rows]


async def test_unanswered_recommendations_lists_every_recommendation_without_links(stored):
    assert await unanswered(stored) == [stored["items"]["overdue"]]


@pytest.mark.parametrize(
    "paper,later_paper,backwards,same_document,answered",
    [
        ("2020-06-01", "2021-02-01", False, False, True),
        ("2020-06-01", "2021", False, False, True),
        # Stored the other way round, but the dates say which paper came later.
        ("2020-06-01", "2021-02-01", True, False, True),
        ("2020-06-01", "2019-11", False, False, False),
        ("2020-06-01", "2019-11", True, False, False),
        # No date, or the same date at the precision printed: the link's direction decides.
        ("2020-06-01", None, False, False, True),
        (None, None, True, False, False),
        ("2020-06-01", "2020-06", False, False, True),
        ("2020", "2020-06-01", True, False, False),
        # An item of the same paper is no response.
        ("2020-06-01", "2021-02-01", False, True, False),
    ],
)
async def test_unanswered_recommendations_drops_those_an_item_of_a_later_paper_links_to(
    stored, paper, later_paper, backwards, same_document, answered
):
    add_linked_item(
        stored,
        paper=paper,
        later_paper=later_paper,
        backwards=backwards,
        same_document=same_document,
    )
    expected = [] if answered else [stored["items"]["overdue"]]
    assert await unanswered(stored) == expected
    if not same_document:  # the recommendation's page agrees on which paper came later
        ds = await serve(stored["path"])
        html = (await ds.client.get(f"/-/onrecord/item/{stored['items']['overdue']}")).text
        assert ("Progress reported" in html) == answered


async def test_unanswered_recommendations_lists_a_restated_recommendation_once(stored):
    database = Database(stored["path"])
    restated = {"id": "c" * 16, "document": stored["txt"], "kind": "recommendation", "ref": "R1",
                "text": "The council should publish its repairs plan."}
    database["items"].insert(restated)
    database["links"].insert({"id": "l2", "item_from": stored["items"]["overdue"], "item_to": restated["id"],
                              "relation": "restated", "score": 0.9})
    database["documents"].update(stored["txt"], {"meeting_date": "2030-01-01"})
    # R1 is taken up by the later paper, and its restatement there is not a recommendation of its own
    assert await unanswered(stored) == []


@pytest.mark.parametrize("backwards", [False, True])
async def test_item_page_shows_linked_items_both_ways_with_their_papers(stored, backwards):
    later = add_linked_item(stored, later_paper="2021-02-01", backwards=backwards)
    recommendation = stored["items"]["overdue"]
    ds = await serve(stored["path"])
    html = (await ds.client.get(f"/-/onrecord/item/{recommendation}")).text
    links = html.split('id="links"')[1].split("</ul>")[0]
    # Whichever way round the link was stored, the later paper is the later paper.
    assert "Progress reported" in links and "Reports progress" not in links
    assert (
        f'<a class="onrecord-linked-item" href="/-/onrecord/item/{later}">P4: The repairs' in links
    )
    assert f'<a href="/-/onrecord/document/{stored["txt"]}">Notes</a> · 2021-02-01' in links
    html = (await ds.client.get(f"/-/onrecord/item/{later}")).text
    links = html.split('id="links"')[1].split("</ul>")[0]
    assert f'href="/-/onrecord/item/{recommendation}">R1: The Council should publish' in links
    assert f'<a href="/-/onrecord/document/{stored["pdf"]}">Housing scrutiny review</a>' in links
    assert "Reports progress on an earlier item" in links


async def test_item_page_without_links_has_no_linked_items(ds, stored):
    html = (await ds.client.get(f"/-/onrecord/item/{stored['items']['overdue']}")).text
    assert 'id="links"' not in html


@pytest.mark.parametrize("query", list(QUERIES))
@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_every_canned_query_exports_json_and_csv(ds, query, fmt):
    response = await ds.client.get(f"/onrecord/{query}.{fmt}?q=housing&owner=housing")
    assert response.status_code == 200, response.text


async def test_canned_query_ids_link_to_item_pages(ds, stored):
    html = (await ds.client.get("/onrecord/overdue")).text
    item = stored["items"]["overdue"]
    assert f'<a href="/-/onrecord/item/{item}">{item}</a>' in html


async def test_menu_and_home_page_lead_to_search(ds):
    html = (await ds.client.get("/")).text
    assert 'action="/-/onrecord/search"' in html
    assert '<a href="/-/onrecord/search">Search commitments</a>' in html


BASE_URL = "/records/"


async def behind_a_proxy(path: Path, base_url: str) -> httpx.AsyncClient:
    """A client for Datasette served under `base_url` by a proxy that forwards nothing else."""
    ds = make_datasette(path, settings={"base_url": base_url})
    await ds.invoke_startup()
    app = ds.app()

    async def proxy(scope, receive, send):
        if scope["type"] == "http" and not scope["path"].startswith(base_url):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b"not under the base url"})
            return
        await app(scope, receive, send)

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=proxy), base_url="http://proxy")


async def test_every_link_onrecord_emits_follows_the_base_url_setting(stored):
    client = await behind_a_proxy(stored["path"], BASE_URL)
    item, pdf = stored["items"]["overdue"], stored["pdf"]
    # onrecord's pages, every link on them; Datasette's pages, the links onrecord puts there
    # (home page search box and feeds, menu, source and item links in cells). Datasette 0.65's
    # own format, sort and facet links repeat the base url under a proxy: not onrecord's to fix.
    pages = {
        "-/onrecord/search?q=housing": "",
        "-/onrecord/search?q=housing&kind=action": "",
        f"-/onrecord/item/{item}": "",
        "-/onrecord/owner/head-of-housing": "",
        f"-/onrecord/document/{pdf}": "",
        "-/onrecord/feed/overdue.atom": "",
        "": "-/onrecord/",
        "onrecord/overdue": "-/onrecord/",
        "onrecord/items_view": "-/onrecord/",
    }
    links: dict[str, str] = {}
    for page, only in pages.items():
        response = await client.get(BASE_URL + page)
        assert response.status_code == 200, page
        for value in re.findall(r'(?:href|src|action)="([^"]*)"', response.text):
            url = html.unescape(value).removeprefix("http://proxy").partition("#")[0]
            if url.startswith("/") and only in url:
                links.setdefault(url, page)
    assert {"search", "item", "owner", "document", "source", "page", "feed"} <= {
        url.split("/")[4] for url in links if url.startswith(BASE_URL + "-/onrecord/")
    }
    outside = {url: page for url, page in links.items() if not url.startswith(BASE_URL)}
    assert outside == {}
    links[BASE_URL + "-/onrecord/search?q=repairs"] = "the search box, submitted"
    broken = {}
    for url, page in links.items():
        status = (await client.get(url)).status_code
        if status != 200:
            broken[url] = (page, status)
    assert broken == {}


CHAIN_ITEMS = {
    "report": [Item("recommendation", "The Council should publish a flood plan for the coastal wards.", ref="4",
                    due="March 2025", due_date="2025-03", owners=["The Council"], canonical=["The Council"]),
               Item("recommendation", "The Council should stop charging for sandbags in the coastal wards.", ref="7",
                    owners=["The Council"], canonical=["The Council"]),
               Item("recommendation", "The Council should plant trees along the coastal path in every ward.", ref="9")],
    "response": [Item("recommendation", "The Council should publish a flood plan for the coastal wards.", ref="4",
                      due="March 2025", due_date="2025-03", owners=["the Council"], canonical=["The Council"],
                      verdict="accepted",
                      verdict_printed="The Government agrees with the Committee's conclusion."),
                 Item("recommendation", "The Council should stop charging for sandbags in the coastal wards.", ref="7",
                      verdict="not accepted", verdict_printed="The Government does not agree."),
                 Item("recommendation", "The Council should plant trees along the coastal path in every ward.", ref="9",
                      verdict="accepted in principle", verdict_printed="This recommendation is accepted in principle."),
                 Item("commitment", "We will publish the flood plan with the county's engineers.")],
    "log": [Item("action", "Publish the flood plan for the coastal wards", due="May 2025", due_date="2025-05",
                 status="On track"),
            Item("action", "Publish the flood plan with the county's engineers", status="Ongoing")],
}
CHAIN_PAPERS = {"report": ("report", "2024-07-18"), "response": ("evidence", "2025-01-16"), "log": ("minutes", "2025-06")}


@pytest.fixture
def chain(tmp_path) -> dict:
    """A report, its response and a later action log, stored and linked as the pipeline would."""
    from onrecord.db.links import write_links
    from onrecord.nlp.model import Link

    database = open_db(tmp_path / "onrecord.db")
    ids = {}
    for name, items in CHAIN_ITEMS.items():
        kind, date = CHAIN_PAPERS[name]
        doc_id = hashlib.sha256(name.encode()).hexdigest()
        store(database, Document(path=f"{name}.txt", id=doc_id, format="txt", pages=[Page(1, [Line(name)])],
                                 title=f"The {name}", kind=kind, meeting_date=date), items)
        ids[name] = [item_id(doc_id, item) for item in items]
    (r4, r7, r9), (s4, s7, s9, answer), (a4, a_answer) = ids["report"], ids["response"], ids["log"]
    write_links(database, [
        Link(r4, s4, "restated", 0.9, False), Link(r7, s7, "restated", 0.9, None), Link(r9, s9, "restated", 0.9, None),
        Link(r4, answer, "response", 0.8), Link(s4, a4, "progress", 0.7, True), Link(answer, a_answer, "restated", 0.7),
    ])
    return {"path": tmp_path / "onrecord.db", "r4": r4, "r7": r7, "r9": r9, "s4": s4, "s7": s7, "s9": s9, "a4": a4,
            "answer": answer}


async def test_item_page_shows_the_chain_earliest_first_with_dates_verdicts_and_moved_deadlines(chain):
    ds = await serve(chain["path"])
    html = (await ds.client.get(f"/-/onrecord/item/{chain['r4']}")).text
    timeline = html.split('id="timeline"')[1].split("</table>")[0]
    steps = re.findall(r'<tr class="onrecord-step[^"]*">(.*?)</tr>', timeline, re.DOTALL)
    text = [" ".join(re.sub(r"<[^>]+>", " ", step).split()) for step in steps]
    assert [t.split(" ")[1:3] for t in text] == [["report", "2024-07-18"], ["response", "2025-01-16"],
                                                   ["response", "2025-01-16"], ["log", "2025-06"]]
    assert "(this item)" in text[0] and "accepted" in text[1] and "commitment" in text[2]
    assert "On track" in text[3] and "“May 2025” deadline moved" in text[3]
    assert "deadline moved" not in " ".join(text[:3])
    assert 'title="The Government agrees with the Committee&#39;s conclusion."' in timeline
    # the same chain from its other end
    later = (await ds.client.get(f"/-/onrecord/item/{chain['a4']}")).text
    assert len(re.findall(r'<tr class="onrecord-step', later.split('id="timeline"')[1].split("</table>")[0])) == 4


async def test_a_recommendation_carries_the_verdict_of_the_response_that_restates_it(chain):
    """The report's recommendation 7, restated in the response as not accepted: its page shows the
    verdict as its current one, linked to the restatement; items_view has it as current_verdict."""
    ds = await serve(chain["path"])
    html = (await ds.client.get(f"/-/onrecord/item/{chain['r7']}")).text
    current = html.split('class="onrecord-current-verdict">')[1].split("</dd>")[0]
    assert "not accepted" in current and f'href="/-/onrecord/item/{chain["s7"]}"' in current and "2025-01-16" in current
    # the response's own item shows its verdict, not a current one
    assert "onrecord-current-verdict" not in (await ds.client.get(f"/-/onrecord/item/{chain['s7']}")).text
    rows = await get_rows(ds, "/onrecord/items_view.json?_shape=array&kind=recommendation")
    current_verdicts = {row["id"]: row["current_verdict"] for row in rows}
    assert [current_verdicts[chain[name]] for name in ("r4", "r7", "r9", "s7")] == [
        "accepted", "not accepted", "accepted in principle", "not accepted"]


async def test_owner_page_counts_its_recommendations_by_verdict_once_each(chain):
    ds = await serve(chain["path"])
    html = (await ds.client.get("/-/onrecord/owner/the-council")).text
    table = html.split('onrecord-verdicts">')[1].split("</table>")[0]
    counts = re.findall(r"<tr><td>([a-z ]+)</td><td>(\d+)</td></tr>", table)
    assert counts == [("accepted", "1"), ("not accepted", "1")]


async def test_a_feed_follows_one_items_chain(chain):
    ds = await serve(chain["path"])
    item_html = (await ds.client.get(f"/-/onrecord/item/{chain['r4']}")).text
    assert f'href="/-/onrecord/feed/chain.atom?item={chain["r4"]}"' in item_html
    response = await ds.client.get(f"/-/onrecord/feed/chain.atom?item={chain['r4']}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    entries = re.findall(r"<entry><id>http://localhost/-/onrecord/item/([0-9a-f]{16})</id>", response.text)
    assert sorted(entries) == sorted([chain["r4"], chain["s4"], chain["answer"], chain["a4"]])
    assert (await ds.client.get("/-/onrecord/feed/chain.atom?item=" + "0" * 16)).status_code == 404
    assert (await ds.client.get("/-/onrecord/feed/chain.atom")).status_code == 404


async def test_an_item_with_no_links_has_no_timeline(ds, stored):
    html = (await ds.client.get(f"/-/onrecord/item/{stored['items']['overdue']}")).text
    assert 'id="timeline"' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rejected_recommendations", ["s7"]),
        # 4 was reported on in the log; 9 has had nothing since
        ("accepted_then_quiet", ["s9"]),
        ("moved_deadlines", ["a4"]),
        ("repeated_promises", ["answer"]),
    ],
)
async def test_canned_queries_follow_recommendations_over_time(chain, query, expected):
    ds = await serve(chain["path"])
    rows = await get_rows(ds, f"/onrecord/{query}.json?_shape=array")
    assert [row["id"] for row in rows] == [chain[name] for name in expected]
