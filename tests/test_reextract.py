"""Stored documents whose items an older extractor made are extracted again, from their file or
their stored pages, by `onrecord reextract` and by the next `onrecord ingest`."""
import json
import shutil

import pytest
import sqlite_utils
from click.testing import CliRunner

from onrecord import nlp
from onrecord.cli import cli

from .conftest import SAMPLES


def items(path) -> list[str]:
    database = sqlite_utils.Database(path)
    return sorted(json.dumps(row) for row in database.query(
        "select document, kind, text, owners, due, due_date, ref from items"))


def age(path, text_of_a_rule_item: str = "") -> None:
    """Make the stored documents look extracted by an older extractor that read one item wrongly."""
    database = sqlite_utils.Database(path)
    database.execute("update documents set extractor = 'an-older-one'")
    database.execute("update items set text = 'an old reading' where rowid = (select min(rowid) from items)")
    database.conn.commit()


@pytest.fixture
def stored(tmp_path):
    folder = tmp_path / "papers"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("*.py"))
    db_path = tmp_path / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(db_path), "--silent", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder, db_path


def test_every_stored_document_records_its_extractor(stored):
    _, db_path = stored
    extractors = {row[0] for row in sqlite_utils.Database(db_path).execute("select extractor from documents")}
    assert extractors == {nlp.extractor()}


def test_reextract_reads_again_what_an_older_extractor_made(stored):
    _, db_path = stored
    fresh = items(db_path)
    age(db_path)
    assert items(db_path) != fresh
    result = CliRunner().invoke(cli, ["reextract", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "3 documents re-extracted" in result.output and "(from the file)" in result.output
    assert items(db_path) == fresh
    again = CliRunner().invoke(cli, ["reextract", str(db_path)])
    assert "nothing to do" in again.output


def test_reextract_uses_the_stored_pages_when_the_file_is_gone(stored):
    folder, db_path = stored
    (folder / "cabinet-minutes-2026-02-03.pdf").unlink()
    before = sqlite_utils.Database(db_path)
    minutes = before.execute("select id from documents where path like '%cabinet-minutes%'").fetchone()[0]
    pages = list(before.query("select page, text from pages where document = ?", [minutes]))
    age(db_path)
    result = CliRunner().invoke(cli, ["reextract", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "cabinet-minutes-2026-02-03.pdf (from the stored pages)" in result.output
    after = sqlite_utils.Database(db_path)
    assert list(after.query("select page, text from pages where document = ?", [minutes])) == pages
    assert after.execute("select count(*) from items where document = ?", [minutes]).fetchone()[0] > 0
    assert "an old reading" not in {r[0] for r in after.execute("select text from items")}


def test_ingest_reextracts_stale_documents_it_would_otherwise_skip(stored):
    folder, db_path = stored
    fresh = items(db_path)
    age(db_path)
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(db_path), "--silent", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "3 documents re-extracted" in result.output and "3 unchanged" in result.output
    assert items(db_path) == fresh


SCANNED = [[
    "Recommendations",
    "",
    "1. The Council should publish its housing plan",
    "and consult tenants before March 2026.",
    "",
    "",
    "Members noted the report of the Director.",
    "",
    "",
    "2. The Board should review the risk register",
    "every year and report to Cabinet by June 2026.",
]]


@pytest.mark.slow
@pytest.mark.parametrize("file_kept", [True, False])
def test_an_ocrd_paper_is_reextracted_as_it_was_first_read(tmp_path, file_kept):
    """An OCR'd page is not OCR'd again, and its stored line boxes keep its paragraphs apart."""
    from .pdfs import make_scanned_pdf

    paper = make_scanned_pdf(tmp_path / "scan.pdf", SCANNED)
    db_path = tmp_path / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(paper), "-d", str(db_path), "--silent", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    fresh = items(db_path)
    assert sqlite_utils.Database(db_path).execute("select ocr_pages from documents").fetchone()[0] == 1
    if not file_kept:
        paper.unlink()
    age(db_path)
    result = CliRunner().invoke(cli, ["reextract", str(db_path)])
    assert result.exit_code == 0, result.output
    assert items(db_path) == fresh
