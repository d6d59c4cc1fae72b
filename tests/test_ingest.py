"""The ingest stage: readers, cleaning, errors on broken files, metadata."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib.util
import itertools
import os
import pickle
import re
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest

from onrecord import ingest
from onrecord.ingest import ocr as ocr_module
from onrecord.ingest.clean import (
    clean_pages,
    clean_text,
    is_furniture,
    is_page_number,
    join_hyphenated,
)
from onrecord.ingest.meta import describe, find_body, find_committee, guess_kind, to_iso
from onrecord.ingest.model import Document, Line, Page, Table
from onrecord.ingest.quality import text_quality
from tests.pdfs import (
    TABLE_HEADER,
    hand_made_pdf,
    make_columns_pdf,
    make_encrypted_pdf,
    make_outlined_pdf,
    make_pdf,
    make_scanned_pdf,
    make_table_pdf,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = Path(os.environ.get("ONRECORD_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"  # the `shared` fixture (conftest.py) fails the test if it is missing


# --- dispatch and file-level errors ---------------------------------------------------------


def test_document_id_is_sha256_of_file(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", [["Hello"]])
    assert ingest.read(path).id == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["notes.doc", "data.xyz", "README"])
def test_unsupported_suffix_is_refused_by_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 binary \x00\x01")
    with pytest.raises(ingest.NotSupportedError, match="unsupported format: "):
        ingest.read(path)
    assert ingest.unsupported(path) == {
        "notes.doc": "unsupported format: .doc", "data.xyz": "unsupported format: .xyz",
        "README": "unsupported format: a name with no suffix",
    }[name]


def test_pdf_served_under_another_name_is_read_as_pdf(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", [["Agenda item one"]])
    disguised = tmp_path / "document.aspx"
    disguised.write_bytes(pdf.read_bytes())
    doc = ingest.read(disguised)
    assert doc.format == "pdf"
    assert doc.pages[0].text == "Agenda item one"


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"", "empty file"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "not a PDF (looks like HTML)"),
        (b"Minutes of the meeting\nheld on 3 May", "not a PDF (looks like text)"),
        (bytes(range(256)) * 4, "not a PDF (unknown content)"),
    ],
)
def test_file_named_pdf_that_is_not_one_says_what_it_is(tmp_path, content, cause):
    path = tmp_path / "paper.pdf"
    path.write_bytes(content)
    with pytest.raises(ingest.IngestError) as raised:
        ingest.read(path)
    assert str(raised.value) == cause


def test_missing_file_is_an_ingest_error(tmp_path):
    with pytest.raises(ingest.IngestError, match="cannot open file"):
        ingest.read(tmp_path / "nowhere.pdf")


# --- PDF reader ------------------------------------------------------------------------------


def test_pdf_lines_have_text_and_boxes_in_reading_order(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", [["First line here", "Second  line"], ["Page two"]])
    doc = ingest.read(path)
    assert [page.number for page in doc.pages] == [1, 2]
    first = doc.pages[0]
    assert [line.text for line in first.lines] == ["First line here", "Second line"]
    assert first.width == pytest.approx(595.28, abs=0.1)
    x0, top, x1, bottom = first.lines[0].bbox
    assert 71 < x0 < 73 and x1 > x0 and top < bottom < first.lines[1].bbox[1]


def test_pdf_page_without_text_has_no_lines(tmp_path):
    doc = ingest.read(make_pdf(tmp_path / "a.pdf", [["Only page one has text"], []]))
    assert doc.pages[1].lines == [] and doc.errors == []


def test_pdf_title_from_metadata(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", [["Body text"]], title="Housing Scrutiny Review")
    assert ingest.read(path).title == "Housing Scrutiny Review"


@pytest.mark.parametrize("meta_title", [None, "Microsoft Word - draft3.docx", "report.pdf", "x"])
def test_pdf_title_falls_back_to_largest_font_line(tmp_path, meta_title):
    lines = ["Northbridge City Council", "Annual Audit Letter", "Some body text follows."]
    path = make_pdf(tmp_path / "a.pdf", [lines], title=meta_title,
                    sizes={"Annual Audit Letter": 22})
    assert ingest.read(path).title == "Annual Audit Letter"


@pytest.mark.parametrize("repeat_header", [True, False])
def test_ruled_table_split_over_a_page_break(tmp_path, repeat_header):
    doc = ingest.read(make_table_pdf(tmp_path / "t.pdf", repeat_header=repeat_header))
    first, second = (page.tables for page in doc.pages[:2])
    assert len(first) == 1 and len(second) == 1
    assert first[0].rows[0] == TABLE_HEADER
    assert (second[0].rows[0] == TABLE_HEADER) is repeat_header
    refs = [row[0].split()[0] for table in (first[0], second[0]) for row in table.rows[1:]]
    refs += [] if repeat_header else [second[0].rows[0][0].split()[0]]
    assert sorted(refs, key=lambda r: int(r[1:])) == [f"R{n}" for n in range(1, 9)]
    for table in (first[0], second[0]):
        assert len(table.row_bboxes) == len(table.rows)
        _, top, _, bottom = table.bbox
        assert all(top - 1 <= box[1] < box[3] <= bottom + 1 for box in table.row_bboxes)


def test_table_cells_are_one_line_and_dehyphenated(tmp_path):
    doc = ingest.read(make_table_pdf(tmp_path / "t.pdf", repeat_header=True))
    cell = doc.pages[0].tables[0].rows[1][0]
    assert "\n" not in cell
    assert cell.startswith("R1 That the council reviews service number 1 and reports back")


@pytest.mark.parametrize(
    ("password", "outcome"),
    [
        (None, "encrypted: password required (use --password)"),
        ("wrong", "encrypted: wrong password"),
        ("sesame", None),
    ],
)
def test_encrypted_pdf(tmp_path, password, outcome):
    path = make_encrypted_pdf(tmp_path / "e.pdf", "sesame")
    if outcome is None:
        assert ingest.read(path, password=password).text == "Secret minutes"
        return
    with pytest.raises(ingest.EncryptedError) as raised:
        ingest.read(path, password=password)
    assert str(raised.value) == outcome


# --- text and HTML readers -------------------------------------------------------------------


def test_text_file_splits_pages_on_form_feed(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Page one\nstill one\fPage two\n", encoding="utf-8")
    doc = ingest.read(path)
    assert doc.format == "txt"
    assert [page.text for page in doc.pages] == ["Page one\nstill one", "Page two"]
    assert doc.pages[0].lines[0].bbox is None


def test_text_tab_runs_become_tables_across_blank_and_running_lines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Northbridge Partnership\n\nRef\tAction\tOwner\nA1\tWrite the plan\tClerk\n\n"
        "Northbridge Partnership\n\nA2\tBook the hall\tChair\nSome prose after.\n"
        "Later\ttabbed\nlone\tline\n",
        encoding="utf-8",
    )
    page = ingest.read(path).pages[0]
    assert [table.rows for table in page.tables] == [
        [["Ref", "Action", "Owner"], ["A1", "Write the plan", "Clerk"],
         ["A2", "Book the hall", "Chair"]],
        [["Later", "tabbed"], ["lone", "line"]],
    ]
    assert "A1 Write the plan Clerk" in page.text


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_text_file(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    with pytest.raises(ingest.IngestError, match="^empty file$"):
        ingest.read(path)


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Caf\u00e9 minutes", "cp1252"),  # too short for a detector to tell: Windows' own encoding
        ("The council\u2019s caf\u00e9 \u2013 \u00a340,000 by March 2026.", "cp1252"),
        ("Stadtrat beschlie\u00dft: Die \u00d6ffnungszeiten der B\u00fccherei werden ge\u00e4ndert.", "latin-1"),
        ("Rada miasta postanowi\u0142a: za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144.", "cp1250"),
        ("\u0421\u043e\u0432\u0435\u0442 \u0440\u0435\u0448\u0438\u043b \u043a\u0430\u0444\u0435 \u0432 \u043f\u0430\u0440\u043a\u0435.", "cp1251"),
    ],
    ids=["short cp1252", "cp1252 typography", "latin-1", "cp1250", "cp1251"],
)
def test_text_file_not_in_utf8_is_decoded_in_its_encoding(tmp_path, text, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(f"{text}\n".encode(encoding))
    assert ingest.read(path).pages[0].text == text


POLISH = ("Rada Miasta Krakowa, posiedzenie z dnia 3 marca 2026 r.\n"
          "Zażółć gęślą jaźń: Śląski Urząd Wojewódzki wskaże źródła finansowania do końca roku.\n"
          "Prezydent Miasta przedstawi sprawozdanie z realizacji uchwały do 31 marca 2026 r.\n")
CZECH = ("Zastupitelstvo města Brna, zasedání dne 3. března 2026\n"
         "Příliš žluťoučký kůň úpěl ďábelské ódy.\n"
         "Rada města předloží zprávu o plnění usnesení do 31. března 2026.\n")


@pytest.mark.parametrize("encoding", ["iso-8859-2", "cp1250"])
@pytest.mark.parametrize(
    "text",
    [
        POLISH,
        CZECH,
        "Zażółć gęślą jaźń\n",  # a one-line file
        "Příliš žluťoučký kůň úpěl ďábelské ódy.\n",
        "Śląsk\n",
        "A közgyűlés árvíztűrő tükörfúrógépet vásárol.\n",  # Hungarian: ű and ő, not û and õ
    ],
    ids=["polish", "czech", "polish line", "czech line", "polish word", "hungarian line"],
)
def test_central_european_text_files_are_decoded_in_their_encoding(tmp_path, text, encoding):
    path = tmp_path / "usnesení.txt"
    path.write_bytes(text.encode(encoding))
    assert ingest.read(path).pages[0].text == text.strip()


def test_central_european_html_without_a_declared_charset_is_decoded_in_its_encoding(tmp_path):
    path = tmp_path / "uchwała.html"
    path.write_bytes(f"<html><head><title>Uchwała</title></head><body><p>{POLISH}</p></body></html>"
                     .encode("iso-8859-2"))
    doc = ingest.read(path)
    assert doc.title == "Uchwała" and " ".join(POLISH.split()) in doc.pages[0].text


def test_html_reader(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>Cabinet &amp; Council</title><style>p {color: red}</style></head>"
        "<body><nav>Home | About</nav><script>var x = 1;</script>"
        "<h1>Decisions</h1><p>First   paragraph<br>second line</p>"
        "<ul><li>One</li><li>Two</li></ul>"
        "<table><tr><th>Ref</th><th>Owner</th></tr><tr><td>A1</td><td>Clerk</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = ingest.read(path)
    assert doc.format == "html" and doc.title == "Cabinet & Council"
    assert [line.text for line in doc.pages[0].lines] == [
        "Decisions", "First paragraph", "second line", "One", "Two", "Ref Owner", "A1 Clerk",
    ]
    assert doc.pages[0].tables[0].rows == [["Ref", "Owner"], ["A1", "Clerk"]]


# --- cleaning --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the ﬁrst ﬂoor oﬀice", "the first floor office"),
        ("ﬃ ﬄ ﬅ ﬆ", "ffi ffl st st"),
        ("item\u00adised", "itemised"),
        ("\ue0a7 Producing a report", "• Producing a report"),
        ("£150\u00a0000", "£150 000"),
        ("x² and ½ stay", "x² and ½ stay"),
        ("imple-\nmentation", "implementation"),
        ("Self-\nAssessment", "Self-Assessment"),
        ("two\nlines", "two lines"),
        ('include: <ul style="list-style-type: none">• Producing', "include: • Producing"),
        ("report;• Considering", "report; • Considering"),
        ("Chairman of BSP Tc 0.001S40 0 7.98 171.24013773.7", "Chairman of BSP"),
        ("about what apc02 113.39905 325.998.8 (t)Tj10.07 0 0 10.2 0 0 325.9980602 51apc02 1",
         "about what"),
        ("Tc 0.001", ""),
        ("text (Hello)Tj end", "text end"),
        ("0 0 10.2 0 0 325.99", ""),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "kept",
    [
        "a 3-5 year plan costing £150,000",
        "see 1.1.1 and R1",
        "Action: TJ to circulate by 31/03/2026",
        "Totals 2019 2020 2021 2022",
        "Cases 120 130 140 150",
        "at 10.30am on 3 March 2026 (a) and (b)",
        "rates of 12.5% and 0.25%",
    ],
)
def test_clean_text_keeps_ordinary_numbers(kept):
    assert clean_text(kept) == kept


@pytest.mark.parametrize("text", ["12", "Page 3", "Page 3 of 10", "- 4 -", "iv", "xii", "3 | Page"])
def test_page_numbers_are_recognised(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["IV", "civil", "2026/27", "12 Main Street", "R1", "Page two"])
def test_other_lines_are_not_page_numbers(text):
    assert not is_page_number(text)


@pytest.mark.parametrize("text", [
    "https://www.gov.uk/government/publications/government-response-to-the-inquiry/government-response-t... 14/16",
    "www.kent.gov.uk/cabinet", "http://example.org/papers Page 2 of 9",
    "05/03/2025, 10:41 Government response to the Inquiry - GOV.UK", "Printed on 3 May 2024 by J. Smith",
])
def test_browser_furniture_is_recognised(text):
    assert is_furniture(text)


@pytest.mark.parametrize("text", [
    "The Council will publish the register at https://www.kent.gov.uk by March 2026.",
    "05/03/2025", "Printed copies will be sent to members.", "Recommendation 3: see www.gov.uk for the code",
])
def test_sentences_with_addresses_are_not_furniture(text):
    assert not is_furniture(text)


def test_browser_furniture_dropped_only_at_page_edges():
    pages = _pages(
        ["12/05/2025, 09:30 Response - GOV.UK", "The Department will act.", "https://www.gov.uk/response 1/2"],
        ["https://www.gov.uk/response", "Read https://www.gov.uk/response", "The Board will report.", "Noted.",
         "https://www.gov.uk/response 2/2"],
    )
    clean_pages(pages)
    assert _texts(pages) == [["The Department will act."],
                             ["Read https://www.gov.uk/response", "The Board will report.", "Noted."]]


def _pages(*pages: list[str]) -> list[Page]:
    return [Page(number=n, lines=[Line(t) for t in lines]) for n, lines in enumerate(pages, 1)]


def _texts(pages: list[Page]) -> list[list[str]]:
    return [[line.text for line in page.lines] for page in pages]


BODIES = ["The Board met.", "Costs rose.", "Members asked.", "It was agreed.", "Noted."]


def test_running_header_and_footer_dropped_from_page_edges():
    pages = _pages(*[
        ["Northbridge Council – Review", body, f"Report {n} of 2026", str(n)]
        for n, body in enumerate(BODIES, 1)
    ])
    clean_pages(pages)
    assert _texts(pages) == [[body] for body in BODIES]


@pytest.mark.parametrize(("with_header", "total"), [(2, 5), (3, 10)])
def test_running_line_needs_three_pages_and_forty_percent(with_header, total):
    pages = _pages(*[
        (["Header line"] if n <= with_header else []) + [f"Body {'x' * n}"]
        for n in range(1, total + 1)
    ])
    clean_pages(pages)
    assert sum("Header line" in page.text for page in pages) == with_header


def test_running_header_with_page_numbers_of_any_length_is_dropped_but_item_labels_are_kept():
    numbers, bodies = range(7, 14), [*BODIES, "Prices fell.", "All left."]  # 7 to 9, then 10 to 13
    pages = _pages(*[
        [f"{n} Act Now or Lose Out" if n % 2 == 0 else f"Act Now or Lose Out {n}", f"Recommendation {n}", body]
        for n, body in zip(numbers, bodies)
    ])
    clean_pages(pages)
    assert _texts(pages) == [[f"Recommendation {n}", body] for n, body in zip(numbers, bodies)]


def test_a_chapters_running_head_beside_its_page_number_is_dropped_though_the_chapter_is_short():
    first = [["Introduction 1", f"Opening {'x' * n}"] for n in range(1, 9)]  # 8 pages of another chapter
    chapter = [[f"{body} {'y' * n}", f"Recommendations {n + 8}" if n % 2 else f"{n + 8} Recommendations"]
               for n, body in enumerate(BODIES, 1)]
    pages = _pages(*first, *chapter)
    clean_pages(pages)
    assert not any("Recommendations" in page.text for page in pages)
    assert [page.lines[0].text for page in pages[8:]] == [f"{body} {'y' * n}" for n, body in enumerate(BODIES, 1)]


def test_repeated_line_in_the_middle_of_pages_is_kept():
    body = ["a", "b", "c", "Repeated in the middle", "d", "e", "f"]
    pages = _pages(*[body] * 4)
    clean_pages(pages)
    assert all("Repeated in the middle" in page.text for page in pages)


def test_page_number_only_dropped_at_edges():
    pages = _pages(["Page 1", "Item", "12", "Text", "more", "last", "- 1 -"])
    clean_pages(pages)
    assert _texts(pages) == [["Item", "12", "Text", "more", "last"]]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["support the imple-", "mentation of it"], ["support the implementation", "of it"]),
        (["the imple-", "mentation"], ["the implementation"]),
        (["the Self-", "Assessment form"], ["the Self-", "Assessment form"]),
        (["costs £3-", "5 million"], ["costs £3-", "5 million"]),
        (["a line", "", "another"], ["a line", "", "another"]),
    ],
)
def test_hyphenated_line_ends_are_joined(lines, joined):
    assert [line.text for line in join_hyphenated([Line(t) for t in lines])] == joined


def test_a_line_with_other_text_keeps_every_other_field():
    line = Line("the imple-", (1.0, 2.0, 3.0, 4.0), True, False)
    assert line.with_text("the implementation") == dataclasses.replace(line, text="the implementation")
    assert [f.name for f in dataclasses.fields(Line)] == ["text", "bbox", "bold", "italic"]  # with_text copies these
    assert pickle.loads(pickle.dumps(line)) == line and pickle.loads(pickle.dumps(Line("x"))) == Line("x")  # and __reduce__
    joined = join_hyphenated([line, Line("mentation", (1.0, 5.0, 3.0, 8.0), False, True)])
    assert joined == [Line("the implementation", (1.0, 2.0, 3.0, 4.0), True, False)]


# --- the real text with leaked operators and a tab table --------------------------------------


@pytest.fixture(scope="module")
def bsp(shared) -> Document:
    return ingest.read(shared / "texts" / "bsp-scrutiny-review-2005.txt")


def test_bsp_recommendation_table(bsp):
    tables = [t for page in bsp.pages for t in page.tables if t.rows[0] == TABLE_HEADER]
    assert len(tables) == 1
    rows = tables[0].rows[1:]
    # R4 is missing from the source text itself (it was lost when the text was extracted).
    assert [row[0] for row in rows] == ["R1", "R2", "R3", "R5", "R6"]
    assert rows[0][2] == "Chairman of BSP January 2006"
    assert rows[3][2:] == ["Chairman of BSP", "January 2006"]
    assert rows[3][1].startswith("The BSP should develop a communications strategy")
    assert "• Producing an annual report; • Considering" in rows[3][1]


def test_bsp_leaked_operators_and_html_are_gone(bsp):
    text = bsp.text
    for debris in ["Tc 0.001", "0.001S40", "171.24013773.7", "325.998.8", "Tj10.07", "<ul"]:
        assert debris not in text
    r6 = next(row for page in bsp.pages for t in page.tables for row in t.rows if row[0] == "R6")
    assert r6[2:] == ["Chairman of BSP", ""]
    assert "knew little about what" in text and "1.1.1 Partnership working" in text


# --- broken corpus files ---------------------------------------------------------------------

BROKEN_EXPECTED = {
    "pdfplumber_empty_zero_bytes.pdf": "empty file",
    "pdfplumber_password_protected.pdf": "encrypted: password required (use --password)",
    "pdfminer_encrypted_rc4_128.pdf": "encrypted: password required (use --password)",
    "pdfminer_encrypted_aes256_r6.pdf": "encrypted: password required (use --password)",
}
BROKEN_PAGE_ERRORS = {
    "pdfplumber_issue192_garbled_font_encoding.pdf": "garbled text on page 1: only 0% reads as "
    "words, even after OCR",
    "pdfminer_scancode_bad_flate_stream.pdf": "damaged stream on page 1: content stream could "
    "not be decompressed, no text recovered",
    "pdfminer_zen_of_python_corrupted.pdf": "damaged stream on page 1: data lost while "
    "decompressing, text may be incomplete",
}


BROKEN = sorted(p.name for p in (CORPUS / "broken").glob("*.pdf"))


def test_broken_corpus_is_all_there(shared):
    assert len(BROKEN) == 17 and set(BROKEN_EXPECTED) | set(BROKEN_PAGE_ERRORS) <= set(BROKEN)


@pytest.mark.slow
@pytest.mark.parametrize("name", BROKEN)
def test_broken_file_gives_a_document_or_a_human_cause(shared, name):
    try:
        doc = ingest.read(CORPUS / "broken" / name)
    except ingest.IngestError as error:
        assert str(error) == BROKEN_EXPECTED[name]
        return
    assert name not in BROKEN_EXPECTED
    assert doc.pages
    assert [e.reason for e in doc.errors] == (
        [BROKEN_PAGE_ERRORS[name]] if name in BROKEN_PAGE_ERRORS else []
    )


@pytest.mark.parametrize(
    ("name", "password", "first_words"),
    [
        ("pdfplumber_password_protected.pdf", "test", "Backup4all"),
        ("pdfminer_encrypted_rc4_128.pdf", "foo", "Secret!"),
        ("pdfminer_encrypted_aes256_r6.pdf", "usersecret", "Hello World"),
    ],
)
def test_encrypted_corpus_files_open_with_their_password(shared, name, password, first_words):
    doc = ingest.read(CORPUS / "broken" / name, password=password)
    assert doc.pages[0].text.startswith(first_words)
    with pytest.raises(ingest.EncryptedError, match="^encrypted: wrong password$"):
        ingest.read(CORPUS / "broken" / name, password=password + "x")


def _pdf_with_content(path: Path, stream: bytes, filters: bytes = b"/FlateDecode") -> Path:
    """Bytes laid out as a PDF's Flate content stream, enough for the zlib scan."""
    path.write_bytes(b"%%PDF-1.4\n4 0 obj\n<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters)
                     + stream + b"\nendstream\nendobj\n%%%%EOF\n")
    return path


@pytest.mark.parametrize(("stream", "intact"), [
    (zlib.compress(b"BT /F1 11 Tf (Minutes) Tj ET"), True),
    (zlib.compress(b""), True),  # an empty page's stream
    (zlib.compress(b"BT /F1 11 Tf (Minutes) Tj ET")[:-6], False),  # cut short
    (zlib.compress(b"") + b"\x00" * 40, False),  # more than an empty stream's bytes, inflating to nothing
])
def test_zlib_scan_of_content_streams(tmp_path, stream, intact):
    from onrecord.ingest.plumber import flate_intact

    assert flate_intact(_pdf_with_content(tmp_path / "scan.pdf", stream)) is intact


A85_STREAM = base64.a85encode(zlib.compress(b"BT /F1 11 Tf (Minutes) Tj ET" * 20), wrapcol=72) + b"~>"


@pytest.mark.parametrize(("stream", "intact"), [
    (A85_STREAM, True),
    (A85_STREAM[:len(A85_STREAM) // 2], False),  # cut short, its end marker lost
    (A85_STREAM[:len(A85_STREAM) // 2] + b"~>", False),  # cut short, the end marker kept
], ids=["whole", "cut", "cut, end marker kept"])
def test_zlib_scan_of_content_streams_in_ascii85(tmp_path, stream, intact):
    from onrecord.ingest.plumber import flate_intact

    path = _pdf_with_content(tmp_path / "scan.pdf", stream, b"[ /ASCII85Decode /FlateDecode ]")
    assert flate_intact(path) is intact


@pytest.mark.parametrize("end", [b"", b"~>"], ids=["cut", "cut, end marker kept"])
def test_a_content_stream_cut_short_is_a_page_error_and_the_text_before_the_cut_is_kept(tmp_path, end):
    lines = [f"Item {n}: the council agreed the plan for ward {n}." for n in range(30)]
    data = make_pdf(tmp_path / "whole.pdf", [lines, lines]).read_bytes()
    first = data.index(b"endstream")
    start = data.index(b"stream\n", first + 9) + 7  # page 2's content (reportlab: ASCII85, Flate)
    stop = data.index(b"endstream", start)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:start] + data[start:(start + stop) // 2] + end + data[stop:])
    doc = ingest.read(cut)
    assert len(doc.pages[0].lines) == 30 and 0 < len(doc.pages[1].lines) < 30
    assert [(e.page, e.reason) for e in doc.errors] == [
        (2, "damaged stream on page 2: data lost while decompressing, text may be incomplete")]


def test_a_blank_page_of_a_whole_file_is_not_read_again_by_pdfminer(tmp_path):
    from onrecord.ingest.plumber import Plumber

    plumber = Plumber(make_pdf(tmp_path / "blank.pdf", [["Minutes of the meeting"], []]), None)
    try:
        assert plumber.damage(1, has_text=False) is None
        assert plumber._pdf is None  # pdfminer was never opened
    finally:
        plumber.close()


def test_damaged_stream_is_recorded_and_the_page_kept(shared):
    doc = ingest.read(CORPUS / "broken" / "pdfminer_zen_of_python_corrupted.pdf")
    assert "Beautiful is better than ugly." in doc.text
    assert doc.errors[0].page == 1 and doc.errors[0].reason.startswith("damaged stream on page 1")


def test_a_page_pdfium_cannot_load_is_a_page_error_and_the_other_pages_are_kept(tmp_path):
    path = make_pdf(tmp_path / "three.pdf", [["Page one of the minutes"], ["Page two"], ["Page three"]])
    data = path.read_bytes()
    kids = re.search(rb"/Kids \[ (\d+) 0 R (\d+) 0 R (\d+) 0 R \]", data)
    pages_node = re.search(rb"(\d+) 0 obj\s*<<\s*/Count 3", data).group(1)
    # The page tree's second kid is the tree itself: a cycle, which pdfium counts but cannot load.
    path.write_bytes(data.replace(kids.group(2) + b" 0 R " + kids.group(3), pages_node + b" 0 R " + kids.group(3)))
    doc = ingest.read(path)
    assert len(doc.pages) == 3 and doc.pages[0].text == "Page one of the minutes"
    assert [(e.page, e.reason) for e in doc.errors] == [
        (3, "page 3 could not be loaded (damaged page tree or page object), not read")]
    assert doc.pages[2].lines == [] and doc.pages[2].text_quality == 0.0


def test_a_failure_of_pdfminer_closing_the_file_is_a_page_error_and_the_pages_are_kept(shared, monkeypatch):
    def fails(self):
        raise KeyError("Root")

    monkeypatch.setattr(pdfplumber.PDF, "close", fails)  # what a damaged file has made it do
    doc = ingest.read(CORPUS / "broken" / "pdfminer_zen_of_python_corrupted.pdf")
    assert "Beautiful is better than ugly." in doc.text
    assert doc.errors[-1].reason == (
        "pdfminer could not close the file after page 1: its objects are damaged (the pages read are kept)")


def _stream(data: bytes, flate: bool = False) -> bytes:
    data = zlib.compress(data) if flate else data
    return b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if flate else b"") + data + (
        b"\nendstream")


def test_a_pdf_pdfium_cannot_open_is_said_in_words(tmp_path):
    data = make_pdf(tmp_path / "whole.pdf", [["Minutes of the meeting"] * 30] * 2).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])  # a download that stopped half way
    with pytest.raises(ingest.IngestError) as error:
        ingest.read(cut)
    assert str(error.value) == "damaged PDF: its structure cannot be read (cut short or corrupted)"


def test_a_page_whose_objects_trip_pdfminer_keeps_the_text_pdfium_read(tmp_path):
    text = b"BT /F1 12 Tf 72 700 Td (The council agreed the budget.) Tj ET"
    cut = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Page two of the minutes, read in part.) Tj ET")[:-8]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >>"
    path = hand_made_pdf(tmp_path / "tripping.pdf", [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        page + b" /Contents [5 0 R 8 0 R] >>",  # 8 0 obj is a number, not a stream
        page + b" /Contents 6 0 R >>",
        _stream(text),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(cut) + cut + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"42",
    ])
    doc = ingest.read(path)
    assert doc.pages[0].text == "The council agreed the budget."
    assert (doc.errors[0].page, doc.errors[0].reason) == (
        1, "damaged stream on page 1: a content stream is missing or not a stream, text may be incomplete")


def test_rotated_page_reads_in_reading_order(shared):
    doc = ingest.read(CORPUS / "broken" / "fbi_nics_background_checks_2015-11_rotated.pdf")
    lines = [line.text for line in doc.pages[0].lines]
    assert lines[0] == "NICS Firearm Background Checks"
    assert any(line.startswith("Alabama 18,870 23,022") for line in lines)


# --- samples ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def review() -> Document:
    return ingest.read(SAMPLES / "scrutiny-review-2025.pdf")


def test_sample_review_table_continues_from_page_two_to_three(review):
    assert [len(page.tables) for page in review.pages] == [0, 1, 1]
    page2, page3 = review.pages[1].tables[0], review.pages[2].tables[0]
    assert page2.rows[0] == TABLE_HEADER and page3.rows[0] == TABLE_HEADER
    refs = [row[0].split()[0] for row in page2.rows[1:] + page3.rows[1:]]
    assert refs == ["R1", "R2", "R3", "R4", "R5", "R6"]
    assert page2.rows[1][1:] == ["Cabinet Member for Housing", "March 2026"]
    assert page3.rows[-1][1:] == ["Chair of the Housing Scrutiny Committee", "Ongoing"]


def test_sample_review_is_cleaned(review):
    text = review.text
    assert "Housing Scrutiny Review\n" not in text.replace("Northbridge City Council\nHousing", "")
    assert "Northbridge City Council – Housing Scrutiny Review" not in text
    assert not any(is_page_number(line.text) for page in review.pages for line in page.lines)
    assert "support the implementation" in text and "imple-" not in text
    assert "main finding" in text and "ﬁ" not in text


def test_sample_review_metadata(review):
    assert review.title == "Housing Scrutiny Review"
    assert (review.kind, review.published_date) == ("report", "2026-01-12")
    assert (review.body, review.committee) == ("Northbridge City Council",
                                               "Housing Scrutiny Committee")


def test_sample_minutes():
    doc = ingest.read(SAMPLES / "cabinet-minutes-2026-02-03.pdf")
    assert (doc.kind, doc.meeting_date, doc.committee) == ("minutes", "2026-02-03", "Cabinet")
    assert len(doc.pages) == 2
    assert "RESOLVED: That the Housing Allocations Policy be approved." in doc.pages[0].text
    assert "Action: Director of Place to report back on the repairs backlog by 31 March 2026." \
        in doc.pages[1].text


def test_sample_action_log():
    doc = ingest.read(SAMPLES / "action-log-2026.pdf")
    (table,) = doc.pages[0].tables
    assert table.rows[0] == ["Ref", "Action", "Owner", "Deadline", "Status"]
    assert [row[0] for row in table.rows[1:]] == ["A1", "A2", "A3", "A4", "A5"]
    assert table.rows[3][3] == "End of February 2026"


def test_samples_are_what_make_samples_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES.parent / "tests" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for made in module.make_all(tmp_path):
        assert made.read_bytes() == (SAMPLES / made.name).read_bytes(), made.name


# --- metadata --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("30th January, 2025", "2025-01-30"),
        ("Thursday, 13th March, 2025", "2025-03-13"),
        ("10 th December 2024", "2024-12-10"),
        ("Monday, January 29, 2018", "2018-01-29"),
        ("30/01/2025", "2025-01-30"),
        ("January 2026", "2026-01"),
        ("31 February 2025", None),
    ],
)
def test_dates_to_iso_at_printed_precision(printed, iso):
    assert to_iso(printed) == iso


def _doc(*pages: list[str], title: str | None = None) -> Document:
    return Document(path="x", id="x", format="txt", pages=_pages(*pages), title=title)


@pytest.mark.parametrize(
    ("lines", "meeting", "published"),
    [
        (["Minutes of the meeting of the Cabinet held on 30 January 2025"], "2025-01-30", None),
        (["CORPORATE PARENTING PANEL – 10 th December 2024", "held on 1 May 2024"],
         "2024-12-10", None),
        (["Milburn Parish Council", "10 th January 2017"], "2017-01-10", None),
        # OCR reads a superscript 'th' as a quote mark
        (["HORSLEY PARISH COUNCIL", "Draft Minutes of the meeting held on", '18" March 2014 at 7.30pm'],
         "2014-03-18", None),
        (["Meeting date: 4 March 2025"], "2025-03-04", None),
        (["A report", "Published 12 January 2026"], None, "2026-01-12"),
        (["Ordered to be printed 20 October 2026"], None, "2026-10-20"),
        (["Ordered to be printed 11 July 2011 and published 19 July 2011"], None, "2011-07-19"),
        (["A report", "On 3 May 2024 and 3 May 2024 and 9 June 2024"], None, "2024-05-03"),
        # an action log: rows open with the date each action was set; the log is as late as the last
        (["Transparency Board Action Log", "Meeting date & action number Action Deadline",
          "19/11/2010 Team to report to the Board Ongoing", "11/01/2011 Team to meet the Cabinet June",
          "19/11/2010 Team to confirm plan June", "19/05/2011 Home Office to share data June"],
         "2011-05-19", None),
    ],
)
def test_meeting_and_published_dates(lines, meeting, published):
    doc = _doc(lines)
    describe(doc)
    assert (doc.meeting_date, doc.published_date) == (meeting, published)


BODY = ["The Committee considered the plan for the coastal wards in some detail."]


@pytest.mark.parametrize(
    ("pages", "dates"),
    [
        # a command paper's imprint, on the back of its title page
        ([["Government Response to the Inquiry", "CP 1224"],
          ["Presented to Parliament by the Minister for the Cabinet Office",
           "by Command of His Majesty", "17 December 2024", "CP 1224"], BODY],
         (None, "2024-12-17", "presented to parliament")),
        ([["Inquiry Report", "HC 18"], ["Contents"],
          ["Presented to Parliament pursuant to section 26 of the Inquiries Act 2005",
           "Ordered by the House of Commons to be printed 18 July 2024"], BODY],
         (None, "2024-07-18", "presented to parliament")),
        # a record of decision: the date it was signed, on its last page
        ([["KENT COUNTY COUNCIL - RECORD OF DECISION", "the contracts end on 31 March 2025"], BODY,
          ["17/1/2025", "..........................  ..........................", "signed date"]],
         (None, "2025-01-17", "signed")),
        # a form's signature box on its first page, filled in under the label; the year it
        # accounts for ('year ended 31 March 2019') is not its date
        ([["Certificate of Exemption - AGAR 2018/19 Part 2",
           "the year of account ended 31 March 2019, and 31 March 2019 again",
           "Signed by the Responsible Financial Officer Date", "fH Tedd 07/05/2019",
           "Signed by Chairman Date", "Email Telephone number"], BODY, BODY],
         (None, "2019-05-07", "signed")),
        # a log or form that says when it stands
        ([["EQIA Submission Form", "As of 21/01/2025 there are 925 young people in the service"], BODY],
         (None, "2025-01-21", "as at")),
        # a date alone on the title page
        ([["Government response to the Ombudsman", "January 2026"], BODY], (None, "2026-01", "title page")),
        ([["NICS Firearm Background Checks", "November - 2015"], BODY], (None, "2015-11", "title page")),
        # a city's record prints its date in words
        ([["The City Record", "Official Publication of the Council of the City of Cleveland",
           "April the Twenty-Seventh, Two Thousand and Sixteen"], BODY], (None, "2016-04-27", "title page")),
        # the meeting's heading, its time after the date
        ([["AGENDA", "CABINET", "Thursday, 13th March, 2025, at 3.00 pm", "Dated: Wednesday, 5 March 2025"], BODY],
         ("2025-03-13", None, "heading")),
        ([["ODUG Action Log - 14 May 2013", "Circulate minutes of the thirteenth meeting"], BODY],
         ("2013-05-14", None, "heading")),
        # actions 'from last meeting' were set at an earlier meeting than the paper's
        ([["Status update on Transparency Board actions from last meeting 19.11.10",
           "Transparency Board meeting 11.01.11"], BODY], ("2011-01-11", None, "heading")),
        ([["A report"], ["Published 12 January 2026"]], (None, "2026-01-12", "published")),
        # a web page printed to PDF: the date it was last updated, not the dates its text names
        ([["Government response to the Inquiry report (volume 1)", "Updated 5 November 2025", "Contents"],
          ["Fujitsu shall reply by 10 October 2025 and again by 10 October 2025."]],
         (None, "2025-11-05", "published")),
        ([["Minutes of the meeting of the Cabinet held on 30 January 2025"]], ("2025-01-30", None, "held on")),
        ([["A paper"], BODY], (None, None, None)),
        # a log whose rows say what is 'to be published' by when, and which stands 'as at' a day of
        # no year: the year the paper prints most
        ([["SUMMARY UPDATE ON PROGRESS AGAINST COMMITMENTS", "Due by Commitment Status",
           "June 2010 Salaries over 150,000 to be", "published", "July 2010 Contracts to be published Commenced",
           "September 2010 Tenders published As at 12 November - 129 tenders had been published"], BODY],
         (None, "2010-11-12", "as at")),
        # a month printed once in prose dates nothing; printed again and again, it does
        ([["Budget risk register", "Funding for the scheme will end in March 2026, so there is a risk"], BODY],
         (None, None, None)),
        ([["Budget risk register", "Quarter ending March 2026", "Figures to March 2026"], BODY],
         (None, "2026-03", "most common date")),
    ],
)
def test_paper_date_and_its_source(tmp_path, pages, dates):
    doc = ingest.read(make_pdf(tmp_path / "paper.pdf", pages))
    assert (doc.meeting_date, doc.published_date, doc.date_source) == dates


@pytest.mark.parametrize(
    ("title", "lines", "kind"),
    [
        ("", ["Cabinet", "Present: Cllr A"], "minutes"),
        ("", ["ODUG Action Log – 14 May 2013"], "minutes"),
        ("Government Response to the Committee Report", ["Text"], "evidence"),
        ("", ["Scrutiny review", "in response to the referral"], "report"),
        ("", ["comments will be limited to three minutes"], "report"),
        ("Board of Education Special Meeting AGENDA", ["1. Call to order", "2. Approval of the minutes of the last meeting"], "agenda"),
        ("", ["CUYAHOGA COUNTY BOARD OF HEALTH", "AGENDA – April 24, 2019", "1. Call to Order."], "agenda"),
        ("TMG 14 November 2024", ["Agenda", "1. Market update", "Attendance:", "Harry Rayner (Chair)"], "minutes"),
    ],
)
def test_kind_guess(title, lines, kind):
    assert guess_kind(title, "\n".join(lines)) == kind


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Minutes\nKENT COUNTY COUNCIL", "Kent County Council"),
        ("HOUSE OF LORDS\nScience and Technology Committee", "House of Lords"),
        ("NOTICE AND AGENDA OF DISTRICT COUNCIL MEETING\nCity of Chicago", "City of Chicago"),
        ("to help the city council improve", None),
    ],
)
def test_body(text, body):
    assert find_body(text) == body


@pytest.mark.parametrize(
    ("lines", "committee"),
    [
        (["KENT COUNTY COUNCIL", "CABINET"], "Cabinet"),
        (["CORPORATE PARENTING PANEL – 10 th December 2024"], "Corporate Parenting Panel"),
        (["To: Cabinet - 4 March 2025"], "Cabinet"),
        (["Minutes of Village Hall Management Committee"], "Village Hall Management Committee"),
        (["From: Sue Chandler, Cabinet Member for Services"], None),
        (["requests that were made in Scrutiny Committee on"], None),
    ],
)
def test_committee(lines, committee):
    assert find_committee(lines) == committee


def test_corpus_minutes_metadata(shared):
    doc = ingest.read(CORPUS / "minutes" / "kcc_cabinet_minutes_2025-01-30.pdf")
    assert (doc.kind, doc.meeting_date) == ("minutes", "2025-01-30")
    assert (doc.body, doc.committee) == ("Kent County Council", "Cabinet")


# --- layout: columns, letter spacing, fake bold ---------------------------------------------

COLUMN_WORDS = ["Alpha", "Bravo", "Charlie"]


def _column_lines(word: str) -> list[str]:
    return [f"{word} line {k:02d} runs on and on here" for k in range(1, 9)]


@pytest.mark.parametrize("count", [2, 3])
def test_side_by_side_columns_are_read_one_after_another(tmp_path, count):
    columns = [_column_lines(word) for word in COLUMN_WORDS[:count]]
    doc = ingest.read(make_columns_pdf(tmp_path / "c.pdf", columns, heading="Council Proceedings"))
    lines = [line.text for line in doc.pages[0].lines]
    assert lines == ["Council Proceedings"] + [line for column in columns for line in column]
    boxes = [line.bbox for line in doc.pages[0].lines[1:]]
    assert all(a[1] < b[1] for a, b in itertools.pairwise(boxes[:8]))  # down the first column


def _box_words(*spans: tuple[float, float]) -> list[dict]:
    return [{"text": "w", "x0": x0, "top": 0.0, "x1": x1, "bottom": 10.0} for x0, x1 in spans]


@pytest.mark.parametrize(
    ("spans", "allowed", "cuts"),
    [
        ([(0, 40), (50, 90), (0, 30), (60, 90)], 0, [45.0]),  # two columns, 10 pt apart
        ([(0, 40), (50, 90), (45, 55)], 0, []),  # a word across the gap
        ([(0, 40), (50, 90), (0, 40), (50, 90), (38, 52)], 1, [45.0]),  # one crossing allowed
        ([(0, 40), (45, 90)], 0, []),  # 5 pt: narrower than a gutter
        ([(0, 40), (40, 90)], 0, []),  # edges meet
        ([(0, 20), (30, 50), (60, 90)], 0, [25.0, 55.0]),  # three columns, left to right
    ],
)
def test_gutters_are_the_bands_few_words_cross(spans, allowed, cuts):
    from onrecord.ingest.layout import _gutters

    assert _gutters(_box_words(*spans), 8.0, allowed) == cuts


def test_table_without_rulings_keeps_its_rows(tmp_path):
    refs = [f"R{n} Review service {n} soon" for n in range(1, 7)]
    columns = [refs, [f"Director {n}" for n in range(1, 7)], ["March 2026"] * 6]
    doc = ingest.read(make_columns_pdf(tmp_path / "t.pdf", columns, heading="Action log"))
    lines = [line.text for line in doc.pages[0].lines]
    assert lines[1] == "R1 Review service 1 soon Director 1 March 2026"


@pytest.mark.parametrize(
    ("name", "page", "first", "then"),
    [
        ("broken/federal_register_2020-17221_three_column.pdf", 2,
         "Hatta International Airport in Jakarta,", "Indonesia, resulting in 189 fatalities."),
        ("minutes/cleveland_city_record_2016-04-27.pdf", 3,
         "Published weekly by the City Clerk,", "Clerk of Council under authority"),
    ],
)
def test_three_column_corpus_pages_do_not_interleave(shared, name, page, first, then):
    doc = ingest.read(CORPUS / name, ocr="never")
    text = doc.pages[page - 1].text
    # Interleaved columns put words of two columns on one line; read in order, a sentence
    # that wraps inside its column continues on the next line.
    assert f"{first}\n{then}\n" in text


@pytest.fixture(scope="module")
def cleveland_1998(shared) -> Document:
    return ingest.read(CORPUS / "minutes" / "cleveland_city_record_1998-06-10.pdf", ocr="never")


@pytest.mark.parametrize(("text", "kept"), [("Cleveland", True), ("Cleve l a n d", False),
                                            ("O fficial", False), ("Official", True)])
def test_letter_spaced_words_are_joined(cleveland_1998, text, kept):
    assert (text in cleveland_1998.pages[0].text) is kept


def test_tightly_set_words_keep_their_spaces(shared):
    # pdfium's space between "should" and "provide" spans only a tenth of the type's height here
    doc = ingest.read(CORPUS / "reports" / "hol_space_committee_space_economy_2025_report.pdf", ocr="never")
    text = doc.pages[104].text
    assert "Government should provide" in text and "of the" in text and "ofthe" not in text


def test_fake_bold_characters_are_read_once(shared):
    doc = ingest.read(CORPUS / "broken" / "pdfplumber_issue71_duplicate_chars.pdf", ocr="never")
    assert "DÉSORDRES" in doc.pages[0].text and "DDÉÉ" not in doc.text


@pytest.mark.parametrize(("text", "lefts", "kept"), [
    ("BBB", [0.0, 0.4, 0.8], "B"),  # drawn three times a little off: two copies
    ("BBB", [0.0, 1.0, 2.0], "BB"),  # the third is measured from the first, not the copy
    ("B B", [0.0, 5.0, 0.4], "B "),  # white space between does not hide a copy
    ("ff", [0.0, 0.0], "ff"),  # a ligature's letters share one box
    ("ll", [0.0, 3.0], "ll"),  # double letters a whole width apart
    ("BCB", [0.0, 0.2, 0.3], "BCB"),  # only a glyph right after itself is a copy
])
def test_drawn_once_keeps_a_glyph_and_drops_its_copies(text, lefts, kept):
    from onrecord.ingest.chars import drawn_once

    boxes = np.array([(x, 10.0, x + 3.0, 20.0) for x in lefts])
    once, once_boxes = drawn_once(text, boxes)
    assert once == kept and len(once_boxes) == len(kept)


@pytest.mark.parametrize(("boxes", "words"), [
    # a short glyph after a tall one: the third char is judged against the word's box (0 to 10
    # high), which it overlaps, not against the short glyph before it, which it does not
    ([(0, 0, 5, 10), (5, 8, 10, 10), (10, 0, 15, 2)], [("abc", (0, 0, 15, 10))]),
    # the same heights, and a real gap before the third: two words, from where the gap is
    ([(0, 0, 5, 10), (5, 8, 10, 10), (20, 0, 25, 2)], [("ab", (0, 0, 10, 10)), ("c", (20, 0, 25, 2))]),
    # one font throughout: judged against the char before, a new line starts a word
    ([(0, 0, 5, 10), (5, 0, 10, 10), (0, 12, 5, 22)], [("ab", (0, 0, 10, 10)), ("c", (0, 12, 5, 22))]),
])
def test_words_are_judged_against_the_box_so_far(boxes, words):
    from onrecord.ingest.chars import words_from_chars

    found = words_from_chars("abc", np.array(boxes, dtype=float))
    assert [(w["text"], (w["x0"], w["top"], w["x1"], w["bottom"])) for w in found] == words


# --- text quality and OCR --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("The council will review the policy by March 2026 and report back to committee.", 0.9, 1),
        ("Le conseil municipal a décidé de réviser la politique avant la fin de l'année.", 0.9, 1),
        ("Ref Owner Deadline R1 KCC 31/03/2026 R2 DSIT £1,200 12.5%", 0.9, 1),
        ("6'8 /398+74,8.+2++8 \x19\x1f\"#\x1c\x17& \x13\"\x1a# 14/037 +2++8/3-", 0, 0.3),
        ("(cid:25)(cid:30) (cid:31) (cid:2) (cid:5) (cid:6) (cid:7)", 0, 0.1),
        ("Tj Tc 0.001 Tf 12 TL T* Tj Tm Tw Tz", 0, 0.5),
    ],
)
def test_text_quality(text, low, high):
    assert low <= text_quality(text) <= high


def test_letter_counts_are_case_folded_latin_letters_in_first_seen_order():
    from onrecord.ingest.quality import _letter_counts

    assert _letter_counts("Baba, ÉTÉ été ß 12 Ωω") == [2, 2, 4, 2, 1]  # b a é t ß, no Greek
    assert _letter_counts("") == []


def test_text_file_pages_are_scored(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The council agreed the plan.\f(cid:1)(cid:2) (cid:3) (cid:4) (cid:5) (cid:6)\n")
    doc = ingest.read(path)
    assert doc.pages[0].text_quality == 1.0 and doc.pages[1].text_quality == 0.0


def test_ocr_mode_is_checked(tmp_path):
    with pytest.raises(ValueError, match="ocr must be one of auto, always, never"):
        ingest.read(make_pdf(tmp_path / "a.pdf", [["Hello"]]), ocr="sometimes")


def test_without_tesseract_scanned_pages_are_recorded_not_lost(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    ocr_module.tesseract.cache_clear()
    try:
        path = make_scanned_pdf(tmp_path / "s.pdf", [["RESOLVED that the plan be approved."]])
        doc = ingest.read(path)
    finally:
        ocr_module.tesseract.cache_clear()
    assert len(doc.pages) == 1 and not doc.pages[0].ocr
    assert [(e.page, e.reason) for e in doc.errors] == [
        (1, "needs OCR: Tesseract is not installed (apt-get install tesseract-ocr)")]


@pytest.mark.parametrize("mode", ["auto", "never"])
def test_a_page_of_text_drawn_as_outlines_is_a_page_to_ocr_and_only_a_blank_page_scores_1(
    tmp_path, monkeypatch, mode
):
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    ocr_module.tesseract.cache_clear()
    try:
        doc = ingest.read(make_outlined_pdf(tmp_path / "printed.pdf", [SCANNED_LINES, []]), ocr=mode)
    finally:
        ocr_module.tesseract.cache_clear()
    outlined, blank = doc.pages
    assert outlined.lines == [] and outlined.text_quality == 0.0  # unread, not "perfect"
    assert blank.lines == [] and blank.text_quality == 1.0
    expected = [(1, "needs OCR: Tesseract is not installed (apt-get install tesseract-ocr)")]
    assert [(e.page, e.reason) for e in doc.errors] == (expected if mode == "auto" else [])


def test_past_the_ocr_deadline_pages_are_recorded_not_read_and_the_pages_read_are_kept(tmp_path):
    text = make_pdf(tmp_path / "text.pdf", [["Minutes of the meeting"]])
    scan = make_outlined_pdf(tmp_path / "scan.pdf", [["RESOLVED that the plan be approved."]])
    both = tmp_path / "both.pdf"
    merged = pdfium.PdfDocument.new()
    for part in (text, scan):
        source = pdfium.PdfDocument(str(part))
        merged.import_pages(source)
        source.close()
    merged.save(str(both))
    merged.close()
    doc = ingest.read(both, ocr_deadline=time.monotonic())
    assert doc.pages[0].text == "Minutes of the meeting" and doc.pages[1].lines == []
    assert [(e.page, e.reason) for e in doc.errors] == [
        (2, "not read by OCR on page 2: the file's time budget ran out (raise --timeout)")]


SCANNED_LINES = ["Minutes of the Parish Council", "RESOLVED that the Clerk writes to the",
                 "County Council about the footpath by 31 March 2026."]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["auto", "always", "never"])
def test_scanned_page_is_read_by_ocr_with_boxes(tmp_path, mode):
    doc = ingest.read(make_scanned_pdf(tmp_path / "s.pdf", [SCANNED_LINES]), ocr=mode)
    page = doc.pages[0]
    if mode == "never":
        assert page.lines == [] and not page.ocr
        return
    assert page.ocr and [line.text for line in page.lines] == SCANNED_LINES
    assert page.text_quality > 0.9
    x0, top, x1, bottom = page.lines[0].bbox  # make_pdf's first baseline is 72 pt from the top
    assert 70 < x0 < 75 and 58 < top < bottom < 76 and x1 < 400


@pytest.mark.slow
def test_text_drawn_as_outlines_is_read_by_ocr_by_default(tmp_path):
    doc = ingest.read(make_outlined_pdf(tmp_path / "printed.pdf", [SCANNED_LINES]))
    assert doc.pages[0].ocr and [line.text for line in doc.pages[0].lines] == SCANNED_LINES


@pytest.mark.slow
def test_always_ocr_rereads_a_text_page(tmp_path):
    doc = ingest.read(make_pdf(tmp_path / "a.pdf", [SCANNED_LINES], size=14), ocr="always")
    assert doc.pages[0].ocr and [line.text for line in doc.pages[0].lines] == SCANNED_LINES


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("scanned/cabinet_office_wms_cover_letter_2013-07-12_scan.pdf", ["Library", "Cabinet"]),
        ("broken/horsley_parish_council_draft_minutes_2014-03-18_garbled.pdf",
         ["HORSLEY PARISH COUNCIL", "Draft Minutes", "Sugley Lane"]),
    ],
)
def test_corpus_scans_and_garbled_text_layers_are_read_by_ocr(shared, name, words):
    doc = ingest.read(CORPUS / name)
    assert all(page.ocr for page in doc.pages)
    assert all(page.text_quality > 0.8 for page in doc.pages)
    assert all(word in doc.text for word in words)
    assert all(line.bbox is not None for page in doc.pages for line in page.lines)


@pytest.mark.slow
def test_text_layer_garbled_in_the_drawing_too_is_flagged(shared):
    # pdfplumber's issue 192 file draws its letters as 'a' and 'b': OCR cannot do better.
    doc = ingest.read(CORPUS / "broken" / "pdfplumber_issue192_garbled_font_encoding.pdf")
    assert doc.pages[0].text_quality < 0.5
    assert [e.reason for e in doc.errors] == [
        "garbled text on page 1: only 0% reads as words, even after OCR"]


# --- Word .docx -----------------------------------------------------------------------------

ACTION_ROWS = [
    ["Publish the parking review", "Director of Place", "31 March 2026"],
    ["Report on bus lane enforcement", "Head of Transport", "June 2026"],
]


def make_docx(path: Path, *, title: str | None = "Cabinet action log") -> Path:
    """A Word file as people write them: a heading, prose, a numbered list, an action table,
    a merged cell, a page break."""
    import docx

    word = docx.Document()
    if title is not None:
        word.core_properties.title = title
    word.add_heading("Cabinet – actions", level=1)
    word.add_paragraph("Minutes of the meeting held on 3 February 2026.")
    word.add_paragraph("That the council reviews its parking policy.", style="List Number")
    word.add_paragraph("That the Director reports back.", style="List Number")
    table = word.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Action", "Owner", "Deadline"]):
        cell.text = text
    for row in ACTION_ROWS:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    notes = table.add_row().cells
    notes[0].merge(notes[2]).text = "Both actions were agreed."
    word.add_page_break()
    word.add_paragraph("Any other business: none.")
    word.save(str(path))
    return path


def test_docx_paragraphs_in_order_with_list_numbers_and_pages(tmp_path):
    doc = ingest.read(make_docx(tmp_path / "log.docx"))
    assert doc.format == "docx"
    assert [line.text for line in doc.pages[0].lines if line.text][:4] == [
        "Cabinet – actions",
        "Minutes of the meeting held on 3 February 2026.",
        "1. That the council reviews its parking policy.",
        "2. That the Director reports back.",
    ]
    assert len(doc.pages) == 2
    assert [line.text for line in doc.pages[1].lines] == ["Any other business: none."]


def test_docx_table_is_a_table_that_nlp_reads(tmp_path):
    from onrecord.nlp.tables import table_items

    doc = ingest.read(make_docx(tmp_path / "log.docx"))
    [table] = doc.pages[0].tables
    assert table.rows == [["Action", "Owner", "Deadline"], *ACTION_ROWS,
                          ["Both actions were agreed.", "", ""]]  # a merged cell is read once
    items, _ = table_items(doc, None)
    assert [(i.text, i.owners, i.due_date) for i in items[:2]] == [
        ("Publish the parking review", ["Director of Place"], "2026-03-31"),
        ("Report on bus lane enforcement", ["Head of Transport"], "2026-06"),
    ]


@pytest.mark.parametrize(("title", "expected"), [("Cabinet action log", "Cabinet action log"),
                                                 (None, "Cabinet – actions")])
def test_docx_title_and_meeting_date(tmp_path, title, expected):
    doc = ingest.read(make_docx(tmp_path / "log.docx", title=title))
    assert doc.title == expected  # the file's Title property, else its first heading
    assert doc.kind == "minutes"
    assert doc.meeting_date == "2026-02-03"


def test_docx_paragraphs_inside_content_controls_are_read(tmp_path):
    import docx
    from docx.oxml import OxmlElement

    word = docx.Document()
    word.add_paragraph("Before the control.")
    inside = word.add_paragraph("Recommendation 1: the council publishes its plan.")
    word.add_paragraph("After the control.")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(content)
    inside._p.addprevious(control)
    content.append(inside._p)  # Word's templates keep cover pages and blocks in such controls
    word.save(str(tmp_path / "controls.docx"))
    lines = [line.text for line in ingest.read(tmp_path / "controls.docx").pages[0].lines if line.text]
    assert lines == ["Before the control.", "Recommendation 1: the council publishes its plan.",
                     "After the control."]


def _truncated(path: Path) -> None:
    data = make_docx(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _zip_of_other_files(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")


def _broken_xml(path: Path) -> None:
    import zipfile

    whole = make_docx(path.with_name("whole.docx"))
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)


@pytest.mark.parametrize(("damage", "reason"), [
    (_truncated, "damaged Word file: truncated or corrupt zip"),
    (_zip_of_other_files, "not a Word file (a zip without a Word document in it)"),
    (_broken_xml, "damaged Word file: broken XML"),
    (lambda path: path.write_text("Minutes of the meeting"), "not a Word file (not a zip package)"),
    (lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
     "a Word 97-2003 .doc file, not .docx (save it as .docx)"),
])
def test_damaged_docx_is_a_one_line_reason(tmp_path, damage, reason):
    path = tmp_path / "paper.docx"
    damage(path)
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read(path)
    assert str(caught.value).startswith(reason)
    assert "\n" not in str(caught.value)


def test_ingest_command_stores_items_of_a_docx(tmp_path):
    import sqlite_utils
    from click.testing import CliRunner

    from onrecord.cli import cli

    folder = tmp_path / "papers"
    folder.mkdir()
    make_docx(folder / "cabinet-actions.docx")
    db_path = tmp_path / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(db_path), "--silent"])
    assert result.exit_code == 0, result.output
    database = sqlite_utils.Database(db_path)
    assert [row["format"] for row in database["documents"].rows] == ["docx"]
    items = {(row["text"], row["owners"], row["due_date"]) for row in database["items"].rows}
    assert ("Publish the parking review", "Director of Place", "2026-03-31") in items, items


@pytest.mark.parametrize("marking", ["UNCLASSIFIED", "OFFICIAL-SENSITIVE", "Created with novaPDF Printer (www.x.com)."])
def test_protective_marking_is_not_a_title(marking):
    doc = _doc([marking, "Transparency Board Action Log"], title=marking)
    describe(doc)
    assert doc.title == "Transparency Board Action Log"


# --- ruled tables, read from pypdfium2 as pdfplumber reads them --------------------------------


def test_boxed_text_is_not_taken_for_a_ruled_table(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "boxed.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.roundRect(60, 500, 400, 200, 12)  # a call-out box with rounded corners
    canvas.rect(80, 300, 300, 120)  # and a plain box
    canvas.drawString(80, 650, "Key finding: the council met its target.")
    canvas.showPage()
    canvas.save()
    assert ingest.read(path).pages[0].tables == []


def _ruled_tables(path: Path) -> Iterator[list[Table]]:
    """Each page's ruled tables as ingest reads them (before cleaning), for upright pages."""
    import pypdfium2 as pdfium

    from onrecord.ingest.chars import drawn_once, page_chars
    from onrecord.ingest.rulings import ruled_tables

    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            left, _, _, top = page.get_bbox()
            text, boxes = drawn_once(*page_chars(page.get_textpage(), left, top))
            yield ruled_tables(page, text, boxes, 0)
    finally:
        pdf.close()


def _words(rows: list[list[str | None]]) -> list[list[str]]:
    return [[" ".join((cell or "").split()) for cell in row] for row in rows]


@pytest.mark.slow
@pytest.mark.parametrize("name", [
    "evidence/govt_response_infected_blood_inquiry_cp1224.pdf",
    "evidence/kcc_family_hubs_consultation_draft_responses_2025.pdf",
    "minutes/odug_action_log_2013-05-14.pdf",
    "reports/us_federal_data_strategy_2021_action_plan.pdf",
])
def test_ruled_tables_are_pdfplumbers(shared, name):
    """The tables read from pypdfium2 have pdfplumber's boxes and cells, bar the glyphs that
    pdfminer reads twice where they are drawn twice ('• •')."""
    import pdfplumber

    path = shared / "corpus" / name
    with pdfplumber.open(path) as pdf:
        for tables, page in zip(_ruled_tables(path), pdf.pages):
            found = [(t.bbox, _words(t.extract())) for t in page.find_tables()
                     if len(t.rows) >= 2 and len(t.columns) >= 2]
            found = [(bbox, rows) for bbox, rows in found if any(cell for row in rows for cell in row)]
            assert [_words(t.rows) for t in tables] == [
                [[re.sub(r"•( ?•)+", "•", cell) for cell in row] for row in rows] for _, rows in found]
            assert [t.bbox for t in tables] == [pytest.approx(bbox, abs=0.01) for bbox, _ in found]


def test_cell_text_is_pdfplumbers():
    """Cells are read as pdfplumber's extract_text reads them: chars on lines a little apart,
    overlapping, spaced, stepping back, with white space, NUL and ligatures, in any order."""
    import random

    import pdfplumber

    from onrecord.ingest.cells import _extract_text

    rng = random.Random(7)
    for _ in range(3000):
        chars = []
        for _ in range(rng.randint(0, 12)):
            x0, top = rng.choice([rng.uniform(0, 50), rng.randint(0, 10) * 1.5]), rng.uniform(0, 12)
            chars.append((rng.choice("ab c\u00a0\ufb01x\x00\n-"), x0, top,
                          x0 + rng.choice([rng.uniform(0, 6), 0.0]), top + rng.uniform(0, 10)))
        plumber_chars = [{"text": t, "x0": x0, "top": top, "x1": x1, "bottom": bottom,
                          "doctop": top, "upright": True} for t, x0, top, x1, bottom in chars]
        assert _extract_text(chars) == pdfplumber.utils.extract_text(plumber_chars)


@pytest.mark.parametrize(("boxes", "tall"), [
    # a hyphen from another font, made as tall as the letter before; the dot after it is too
    # tall to be made tall next to the hyphen's own box, but not next to the box it is given
    ([(0, 0, 5, 10), (5, 4, 7, 5), (7, 4.5, 8, 5.5), (8, 0, 13, 10)],
     [(0, 0, 5, 10), (5, 0, 7, 10), (7, 0, 8, 10), (8, 0, 13, 10)]),
    # a glyph too far from the one made tall keeps its box, and the next is judged against it
    ([(0, 0, 5, 10), (5, 4, 7, 5), (20, 4.5, 21, 5.5), (21, 4.6, 22, 5)],
     [(0, 0, 5, 10), (5, 0, 7, 10), (20, 4.5, 21, 5.5), (21, 4.5, 22, 5.5)]),
])
def test_glyphs_are_made_as_tall_as_the_glyph_before_as_made(boxes, tall):
    from onrecord.ingest.cells import _line_tall

    assert _line_tall("a-.b", np.array(boxes, dtype=float)).tolist() == [list(box) for box in tall]


@pytest.mark.slow
def test_table_on_a_page_turned_a_quarter_reads_its_words(shared):
    doc = ingest.read(CORPUS / "reports" / "uk_covid19_inquiry_module1_report_2024.pdf", ocr="never")
    page = doc.pages[199]  # displayed turned a quarter (/Rotate 90), its table upright as shown
    assert page.width > page.height and page.tables
    cells = " ".join(cell for table in page.tables for row in table.rows for cell in row)
    assert "Lack of resilience" in cells and "Contact tracing" in cells
    x0, top, x1, bottom = page.tables[0].bbox
    assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height


@pytest.mark.slow
@pytest.mark.parametrize(("page", "word"), [(7, "offer"), (37, "Committee")])
def test_ligatures_and_double_letters_are_kept(shared, page, word):
    name = {7: "evidence/govt_response_space_economy_cp1478_2025.pdf",
            37: "reports/uk_covid19_inquiry_module1_report_2024.pdf"}[page]
    doc = ingest.read(CORPUS / name, ocr="never")
    assert word in doc.pages[page - 1].text


def test_log_date_ignores_a_mistyped_year():
    from onrecord.ingest.meta import log_date

    rows = [f"{d}/0{m}/2011 Team to act" for d, m in [(11, 1), (8, 2), (2, 3), (2, 3), (19, 5), (19, 5),
                                                       (19, 5), (19, 5), (19, 5), (8, 2)]]
    assert log_date([*rows, "19/11/2021 Team to report"]) == "2011-05-19"


def test_read_takes_the_hash_the_caller_already_has(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Action: JN to circulate the plan by 1 May 2026.\n")
    assert ingest.read(path).id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert ingest.read(path, doc_id="a" * 64).id == "a" * 64  # not hashed again
