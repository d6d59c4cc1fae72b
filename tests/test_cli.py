"""The command line, through click's CliRunner, on the samples and the real corpus."""
import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from onrecord import pipeline
from onrecord.cli import cli

from .conftest import ROOT, SAMPLES


def dump(path) -> dict:
    """Every row of every table, for comparing two states of a database."""
    database = sqlite_utils.Database(path)
    return {t: sorted(map(json.dumps, database[t].rows)) for t in database.table_names() if "_fts" not in t}


@pytest.fixture
def papers(tmp_path):
    folder = tmp_path / "papers"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder


def test_every_command_has_help():
    for command in ["ingest", "extract", "evaluate", "train", "reextract", "serve"]:
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output


def test_ingest_samples_then_again_changes_nothing(papers, tmp_path):
    db_path = tmp_path / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent"])
    assert result.exit_code == 0, result.output
    database = sqlite_utils.Database(db_path)
    assert database["documents"].count == len(list(papers.glob("*.pdf")))
    assert database["items"].count > 0
    assert database["errors"].count == 0
    before = dump(db_path)
    again = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent"])
    assert again.exit_code == 0
    assert "unchanged" in again.output
    assert dump(db_path) == before


def test_bad_file_is_one_line_and_a_row_and_others_still_ingested(papers, tmp_path):
    (papers / "broken.pdf").write_text("<html><body>Not found</body></html>")
    (papers / "empty.pdf").write_bytes(b"")
    db_path = tmp_path / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert any("broken.pdf: not a PDF (looks like HTML)" in line for line in errors)
    assert any("empty.pdf: empty file" in line for line in errors)
    assert "Traceback" not in result.output
    database = sqlite_utils.Database(db_path)
    assert {row["reason"] for row in database["errors"].rows} >= {"empty file", "not a PDF (looks like HTML)"}
    assert database["documents"].count == len(list(papers.glob("*.pdf"))) - 2

    # Run again (by cron, say), the same failures are old news: one line, not reprinted, exit 0.
    again = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent"])
    assert again.exit_code == 0 and "(2 failed before, not read again)" in again.output
    assert "Error:" not in again.output
    assert f"2 earlier errors still stand, not printed again (2 files failed before, not read again) - " \
        f"`onrecord errors {db_path}` lists them" in again.output.splitlines()
    retried = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent", "--retry-failed"])
    assert retried.exit_code == 0 and "(0 failed before, not read again)" in retried.output
    assert "Error:" not in retried.output and "2 earlier errors still stand" in retried.output
    # A failure of another cause is new, and the run says so and exits 1.
    (papers / "empty.pdf").write_text("%PDF-1.4 cut short")
    changed = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent"])
    assert changed.exit_code == 1
    cause = "damaged PDF: its structure cannot be read (cut short or corrupted)"
    assert [line for line in changed.output.splitlines() if line.startswith("Error:")] == [
        f"Error: {papers / 'empty.pdf'}: {cause} - recorded in table errors"
    ]
    assert "1 earlier errors still stand" in changed.output


def test_extract_prints_gold_shaped_jsonl():
    result = CliRunner().invoke(cli, ["extract", str(SAMPLES / "scrutiny-review-2025.pdf")])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["items"]
    assert set(doc["items"][0]) == {"kind", "ref", "page", "text", "owners", "due", "due_date"}


def test_extract_csv_has_header_and_rows():
    result = CliRunner().invoke(cli, ["extract", str(SAMPLES / "action-log-2026.pdf"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "kind,ref,page,text,owners,due,due_date"
    assert len(lines) > 1


def test_extract_bad_file_is_a_clean_error(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}: empty file"


def test_metadata_is_at_top_level():
    assert (ROOT / "metadata.yml").exists()


@pytest.mark.slow
def test_whole_corpus_ingests_with_every_file_accounted_for(shared, tmp_path):
    db_path = tmp_path / "corpus.db"
    result = CliRunner().invoke(cli, ["ingest", str(shared / "corpus"), "-d", str(db_path), "--silent"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    database = sqlite_utils.Database(db_path)
    stored = {row["path"] for row in database["documents"].rows}
    failed = {row["path"] for row in database.query("select path from errors where page is null")}
    every = {str(p) for p in (shared / "corpus").rglob("*") if p.is_file()
             and not any(pipeline.ignored(part) for part in p.relative_to(shared / "corpus").parts)}
    assert every == stored | failed
    assert not stored & failed
    # the corpus's list of its papers is no paper: a row that says so, not silence
    assert {row["path"]: row["reason"] for row in database["errors"].rows}[
        str(shared / "corpus" / "MANIFEST.tsv")] == "unsupported format: .tsv"
    for row in database["errors"].rows:
        assert row["reason"] and "\n" not in row["reason"]


def test_serve_brings_an_older_database_up_to_date(tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from onrecord.db import open_db

    path = tmp_path / "old.db"
    database = open_db(path)
    database.execute("drop table link_state")  # as an onrecord before migration m010 left it
    database.execute("delete from _sqlite_migrations where name = 'm010_link_state'")
    database.conn.commit()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "serve", str(path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/old/link_state.json") as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("onrecord serve did not answer")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "link_state" in sqlite_utils.Database(path).table_names()
    # stopping onrecord stops the Datasette it started: nothing answers on the port any more
    time.sleep(0.5)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def _other_tool(path, sql):
    sqlite_utils.Database(path).execute(sql)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda tmp: tmp / "missing" / "onrecord.db", "the folder {tmp}/missing does not exist - create it, or give another -d"),
        (lambda tmp: Path("/proc/onrecord.db"), "cannot be written here (read-only or no permission) - give another -d"),
        (lambda tmp: (tmp / "notes.db").write_text("not a database " * 100) and tmp / "notes.db",
         "not a SQLite database - give another file with -d"),
        (lambda tmp: _other_tool(tmp / "crm.db", "create table documents (id integer primary key, name text)"),
         "not an onrecord database (it holds documents), left unchanged - give a new file with -d"),
        (lambda tmp: _other_tool(tmp / "crm.db", "create table contacts (id integer primary key, name text)"),
         "not an onrecord database (it holds contacts), left unchanged - give a new file with -d"),
    ],
    ids=["missing folder", "read-only folder", "not sqlite", "clashing tables", "other tables"],
)
def test_a_database_that_cannot_be_used_is_one_error_line_and_is_left_unchanged(papers, tmp_path, make, message):
    db_path = make(tmp_path)
    before = db_path.read_bytes() if db_path.is_file() else None
    result = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent", "-j", "1"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {db_path}: {message.format(tmp=tmp_path)}"]
    if before is not None:
        assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "content", [[], [".DS_Store", ".git/HEAD", "~$report.docx", "Thumbs.db", "desktop.ini"]],
    ids=["empty", "only hidden and system files"],
)
def test_a_folder_with_nothing_to_read_says_so_and_exits_1(tmp_path, content):
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in content:
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text("something")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(tmp_path / "onrecord.db"), "--silent"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: no file to read in {folder} - onrecord reads .pdf, .txt, .html, .htm, .docx"
    ]
    assert not (tmp_path / "onrecord.db").exists()


@pytest.mark.slow
def test_a_served_database_shows_an_ingest_into_it_while_it_runs_with_no_server_error(papers, shared, tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    db_path = tmp_path / "onrecord.db"
    assert CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--silent"]).exit_code == 0
    more = sorted((shared / "corpus" / "minutes").glob("*.pdf"))[:8]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    onrecord = [sys.executable, "-c", "from onrecord.cli import cli; cli()"]
    server = subprocess.Popen([*onrecord, "serve", str(db_path), "--live", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    statuses: dict[int, list[str]] = {}

    def get(path: str) -> bytes:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                statuses.setdefault(answer.status, []).append(path)
                return answer.read()
        except urllib.error.HTTPError as error:
            statuses.setdefault(error.code, []).append(path)
            return b""

    def read_every_page() -> int:
        """Every page of the site a reader can reach from the documents listed; how many documents."""
        documents = json.loads(get("/onrecord/documents.json?_shape=array&_size=max") or b"[]")
        for path in ["/", "/onrecord", "/onrecord/items", "/onrecord/errors", "/-/onrecord/search?q=council",
                     "/-/onrecord/feed/new.atom", "/onrecord/items_view.json?_size=50"]:
            get(path)
        for document in documents:
            get(f"/-/onrecord/document/{document['id']}")
        return len(documents)

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/onrecord", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("onrecord serve did not answer")
                time.sleep(0.2)
        assert read_every_page() == 3
        ingest = subprocess.Popen([*onrecord, "ingest", *map(str, more), "-d", str(db_path), "--silent", "-j", "1"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rounds = 0
        while ingest.poll() is None:
            read_every_page()
            rounds += 1
        assert ingest.returncode == 0 and rounds >= 2
        deadline = time.monotonic() + 5
        while read_every_page() != 3 + len(more):
            assert time.monotonic() < deadline, "the new papers are not shown"
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert set(statuses) == {200}, {code: paths[:3] for code, paths in statuses.items()}


def test_pdfminer_logging_never_reaches_stderr(tmp_path):
    import re
    import subprocess
    import sys

    from .pdfs import make_pdf

    lines = [f"Item {n}: the council agreed the plan for ward {n}." for n in range(30)]
    data = make_pdf(tmp_path / "whole.pdf", [lines, lines]).read_bytes()
    start = data.index(b"stream\n", data.index(b"endstream") + 9) + 7  # page 2's content stream
    stop = data.index(b"endstream", start)
    middle = (start + stop) // 2  # its second half blanked, offsets kept: pdfminer reads the file
    data = data[:middle] + b" " * (stop - middle - 3) + b"~>\n" + data[stop:]
    row = re.search(rb"\nxref\n.*?\n(\d{10}) 00000 n", data, re.DOTALL).start(1)
    data = data[:row] + b"00000S0000" + data[row + 10:]  # a row pdfminer warns of and skips
    paper = tmp_path / "noisy.pdf"
    paper.write_bytes(data)
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "ingest", str(paper),
               "-d", str(tmp_path / "onrecord.db"), "--silent", "-j", "1"]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 1
    assert [line for line in run.stderr.splitlines() if not re.match(r"Links between|\d+ documents, ", line)] == [
        f"Error: {paper}: damaged stream on page 2: data lost while decompressing, text may be incomplete"
        + " - recorded in table errors"
    ]
