"""The batch: worker processes under time and memory caps, duplicates, skipping by hash, resuming."""
from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import sqlite_utils

from onrecord import ingest, pool
from onrecord.pipeline import BatchError, Done, files, ingest_files

from .conftest import ROOT, SAMPLE_PDFS, SAMPLES
from .pdfs import hand_made_pdf, make_encrypted_pdf, make_pdf
from .test_db import dump as dump_all


def variant(source: Path, target: Path, mark: str) -> Path:
    """A copy with a comment after %%EOF: the same paper, other bytes, so another document."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes() + f"\n% {mark}\n".encode())
    return target


def table(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    return sqlite_utils.Database(db_path).execute(sql, params or []).fetchall()


def dump(db_path: Path) -> dict[str, list[str]]:
    """Every row of every table and search index, without the columns that hold times."""
    database = sqlite_utils.Database(db_path)
    shadow = ("_data", "_idx", "_docsize", "_config")
    result = {}
    for name in database.table_names():
        if name == "_sqlite_migrations" or (name.split("_fts")[-1] in shadow and "_fts_" in name):
            continue
        rows = [
            {k: v for k, v in row.items() if k not in ("ingested_at", "when")}
            for row in database.query(f"select * from [{name}]")
        ]
        result[name] = sorted(json.dumps(row, sort_keys=True, default=bytes.hex) for row in rows)
    return result


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_bytes_under_two_names_are_one_document_with_both_paths(papers, tmp_path, jobs):
    original = papers / "action-log-2026.pdf"
    copy = papers / "nested" / "copy.pdf"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    db_path = tmp_path / "onrecord.db"
    summary = ingest_files(db_path, files([papers]), jobs=jobs)
    assert (summary.documents, summary.duplicates, summary.errors) == (3, 1, [])
    [(doc_id, path)] = table(db_path, "select id, path from documents where path like '%action-log%'")
    assert path == str(original)
    assert table(db_path, "select path from document_paths where document = ? order by path", [doc_id]) == [
        (str(original),),
        (str(copy),),
    ]
    assert table(db_path, "select count(*) from document_paths") == [(3 + 1,)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_names_that_are_not_utf8_are_stored_losslessly_and_the_batch_goes_on(papers, tmp_path, jobs):
    good = os.fsencode(papers) + b"/caf\xe9.pdf"  # Latin-1, as an old archive or a Windows share has it
    bad = os.fsencode(papers) + b"/r\xe9ponse.pdf"
    shutil.copy(SAMPLE_PDFS[0], os.fsdecode(good))
    Path(os.fsdecode(bad)).write_bytes(b"%PDF-1.4\n% nothing more\n")
    db_path = tmp_path / "onrecord.db"
    summary = ingest_files(db_path, files([papers]), jobs=jobs)
    shown = str(papers) + "/r\ufffdponse.pdf"
    assert summary.documents == len(SAMPLE_PDFS) and summary.duplicates == 1
    assert [line.split(": ")[0] for line in summary.errors] == [shown]
    assert table(db_path, "select path, path_bytes from document_paths where path_bytes is not null") == [
        (str(papers) + "/caf\ufffd.pdf", good)
    ]
    assert table(db_path, "select path, path_bytes from errors") == [(shown, bad)]
    before = dump(db_path)
    again = ingest_files(db_path, files([papers]), jobs=jobs)
    assert (again.skipped, again.known_failures) == (len(SAMPLE_PDFS) + 1, 1)
    assert dump(db_path) == before


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_only_regular_files_are_read_anything_else_is_one_error_row(papers, tmp_path, kind):
    if kind == "fifo":
        special = tmp_path / "minutes.pdf"
        os.mkfifo(special)  # nothing ever writes to it: opening it to read would wait forever
        reason = "not a regular file (a FIFO), not read"
    else:
        special, reason = Path("/dev/zero"), "not a regular file (a character device), not read"
    db_path = tmp_path / "onrecord.db"
    started = time.monotonic()
    summary = ingest_files(db_path, [special, *files([papers])], jobs=1, timeout=20)
    assert time.monotonic() - started < 60
    assert summary.errors == [f"{special}: {reason}"] and summary.documents == len(SAMPLE_PDFS)
    assert table(db_path, "select path, stage, reason from errors") == [(str(special), "read", reason)]


def test_links_out_of_the_folder_given_are_not_followed_and_are_recorded(papers, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SAMPLE_PDFS[0], outside / "elsewhere.pdf")
    (papers / "minutes-2025.txt").symlink_to("/etc/passwd")
    (papers / "linked").symlink_to(outside)
    (papers / "again.pdf").symlink_to(papers / SAMPLE_PDFS[1].name)  # inside: read, as another name
    db_path = tmp_path / "onrecord.db"
    summary = ingest_files(db_path, files([papers]), jobs=1)
    assert (summary.documents, summary.duplicates) == (len(SAMPLE_PDFS), 1)
    assert table(db_path, "select path, stage, reason from errors order by path") == [
        (str(papers / "linked"), "read", f"a link to {outside}, outside {papers}: not followed"),
        (str(papers / "minutes-2025.txt"), "read", f"a link to /etc/passwd, outside {papers}: not followed"),
    ]
    assert table(db_path, "select count(*) from pages where text like '%root:%'") == [(0,)]


def test_a_new_name_of_a_stored_document_is_added_without_reading_it(papers, tmp_path, monkeypatch):
    db_path = tmp_path / "onrecord.db"
    ingest_files(db_path, files([papers]), jobs=1)
    copy = shutil.copy(papers / "scrutiny-review-2025.pdf", papers / "renamed.pdf")

    def no_workers(self):
        raise AssertionError("a file was read again")

    monkeypatch.setattr(pool.Pool, "_start", no_workers)
    summary = ingest_files(db_path, files([papers]), jobs=1)
    assert (summary.documents, summary.skipped, summary.duplicates) == (0, 3, 1)
    assert table(db_path, "select count(*) from document_paths") == [(4,)]
    assert (str(copy),) in table(db_path, "select path from document_paths")
    again = ingest_files(db_path, files([papers]), jobs=1)
    assert (again.skipped, again.duplicates) == (4, 0)


def test_a_name_whose_file_changed_leaves_the_old_document_under_its_other_name(papers, tmp_path):
    db_path = tmp_path / "onrecord.db"
    first, second = papers / "a.pdf", papers / "b.pdf"
    shutil.copy(SAMPLE_PDFS[0], first)
    shutil.copy(SAMPLE_PDFS[0], second)
    ingest_files(db_path, [first, second], jobs=1)
    [(old_id,)] = table(db_path, "select id from documents")
    shutil.copy(SAMPLE_PDFS[1], first)
    ingest_files(db_path, [first, second], jobs=1)
    paths = dict(table(db_path, "select path, document from document_paths"))
    assert paths[str(second)] == old_id
    assert paths[str(first)] != old_id
    assert table(db_path, "select path from documents where id = ?", [old_id]) == [(str(second),)]
    assert table(db_path, "select count(*) from documents") == [(2,)]


def slow_read(path, **options):
    """ingest.read, except that a file named slow* hangs, huge* eats memory and crash* segfaults."""
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(60)
    if name.startswith("huge"):
        bytearray(64 * 2**30)
    if name.startswith("crash"):
        faulthandler.disable()  # pytest's would print the worker's stack to the test's output
        os.kill(os.getpid(), signal.SIGSEGV)
    return REAL_READ(path, **options)


REAL_READ = ingest.read


@pytest.mark.parametrize(
    "name, reason",
    [
        ("slow.pdf", "timed out after 18 s"),  # 8 s, and 10 for its one page
        ("huge.pdf", "out of memory (limit 2 GB)"),
        ("crash.pdf", "the reader crashed (SIGSEGV)"),
    ],
)
def test_a_file_that_overruns_is_recorded_and_the_batch_goes_on(papers, tmp_path, monkeypatch, name, reason):
    # Workers are forked, so they run this test's ingest.read.
    monkeypatch.setattr(ingest, "read", slow_read)
    variant(SAMPLE_PDFS[0], papers / name, name)
    variant(SAMPLE_PDFS[1], papers / f"z-{name}", "after")  # read by the worker that replaces it
    db_path = tmp_path / "onrecord.db"
    started = time.monotonic()
    summary = ingest_files(db_path, files([papers]), jobs=1, timeout=8, max_memory=2048)
    assert time.monotonic() - started < 45
    assert summary.errors == [f"{papers / name}: {reason}"]
    assert summary.documents == len(SAMPLE_PDFS) + 1
    assert table(db_path, "select path, stage, reason, page from errors") == [
        (str(papers / name), "ingest", reason, None)
    ]


def pausing_read(path, **options):
    """ingest.read, 6 s late."""
    time.sleep(6)
    return REAL_READ(path, **options)


def test_a_file_s_time_budget_grows_with_its_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "read", pausing_read)
    paper = make_pdf(tmp_path / "scan.pdf", [["Minutes of the meeting"], ["Page two"]])
    summary = ingest_files(tmp_path / "onrecord.db", [paper], jobs=1, timeout=3)  # 3 s, 10 more a page
    assert (summary.documents, summary.errors) == (1, [])


def flate_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream, 1.5 MB compressed, inflates to `megabytes` of spaces."""
    deflate = zlib.compressobj(9)
    block = b" " * 2**20
    stream = b"".join([deflate.compress(block) for _ in range(megabytes)] + [deflate.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return hand_made_pdf(path, objects)


@pytest.mark.slow
def test_a_reader_that_aborts_under_the_memory_cap_is_out_of_memory_and_read_again_with_a_larger_cap(tmp_path):
    bomb = flate_bomb(tmp_path / "bomb.pdf", 1200)  # pdfium aborts when it cannot allocate
    db_path = tmp_path / "onrecord.db"
    reason = "out of memory (limit 1 GB): the reader aborted (SIGABRT)"
    assert ingest_files(db_path, [bomb], jobs=1, max_memory=1024).errors == [f"{bomb}: {reason}"]
    again = ingest_files(db_path, [bomb], jobs=1, max_memory=1024)
    assert again.errors == [f"{bomb}: {reason} (failed before, not read again)"]
    larger = ingest_files(db_path, [bomb], jobs=1, max_memory=2048, timeout=5)
    assert larger.known_failures == 0 and all("failed before" not in e for e in larger.errors)


def image_bomb(path: Path, side: int) -> Path:
    """A one-page PDF whose one image, a few MB compressed, is side x side grey pixels, all black."""
    deflate = zlib.compressobj(9)
    row = b"\0" * side
    image = b"".join([deflate.compress(row) for _ in range(side)] + [deflate.flush()])
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        + b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray" % (side, side)
        + b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
    ]
    return hand_made_pdf(path, objects)


@pytest.mark.slow
def test_a_page_whose_huge_image_cannot_be_drawn_under_the_cap_is_a_page_error(tmp_path):
    bomb = image_bomb(tmp_path / "scan.pdf", 40_000)  # 1.6 GB of pixels
    db_path = tmp_path / "onrecord.db"
    summary = ingest_files(db_path, [bomb], jobs=1, max_memory=1024)
    reason = "OCR found nothing drawn (an image too large for --max-memory, or damaged) on page 1"
    assert (summary.documents, summary.errors) == (1, [f"{bomb}: {reason}"])
    assert table(db_path, "select page, reason from errors") == [(1, reason)]
    assert table(db_path, "select text, text_quality from pages") == [("", 0.0)]


def test_a_worker_that_cannot_start_stops_the_batch_with_the_cause(papers, tmp_path, monkeypatch):
    def broken(size):
        raise SystemExit(3)

    monkeypatch.setattr(pool, "_limit_memory", broken)  # runs only in the worker
    with pytest.raises(BatchError, match=r"^a worker process stopped before it was ready: the reader stopped \(exit code 3\)$"):
        ingest_files(tmp_path / "onrecord.db", files([papers]), jobs=1)


def test_progress_accounts_for_every_file_once(papers, tmp_path):
    shutil.copy(papers / "action-log-2026.pdf", papers / "copy.pdf")
    (papers / "empty.pdf").write_bytes(b"")
    steps: list[Done] = []
    ingest_files(tmp_path / "onrecord.db", files([papers]), jobs=2, progress=steps.append)
    outcomes = {step.path.name: step.outcome for step in steps}
    assert len(steps) == len(outcomes) == len(SAMPLE_PDFS) + 2
    assert outcomes["copy.pdf"] == "duplicate"
    assert outcomes["empty.pdf"] == "failed"
    assert sum(step.pages for step in steps) == sum(
        r[0] for r in table(tmp_path / "onrecord.db", "select pages from documents")
    )


def every_row(db_path: Path) -> dict[str, list]:
    """Every row of every table, search-index internals too, with rowids and times: all a re-run could change."""
    return dump_all(sqlite_utils.Database(db_path))


def noting_reads(log: Path):
    """ingest.read (slow_read's, for slow*) that first notes the path in `log`: workers are forked."""

    def read(path, **options):
        with log.open("a") as f:
            f.write(f"{path}\n")
        return slow_read(path, **options)

    return read


def reads(log: Path) -> list[str]:
    """The paths read since the log was last emptied."""
    paths = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return paths


def not_a_pdf(path: Path) -> Path:
    path.write_text("<html><body>Not found</body></html>")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def locked(path: Path) -> Path:
    return make_encrypted_pdf(path, "sesame")


def slow(path: Path) -> Path:
    # Not a PDF pdfium can count pages of, so that its time budget is the timeout alone.
    path.write_text("slow")
    return path


@pytest.mark.parametrize(
    "make, reason",
    [
        (empty, "empty file"),
        (not_a_pdf, "not a PDF (looks like HTML)"),
        (locked, "encrypted: password required (use --password)"),
        (slow, "timed out after 5 s"),
    ],
)
def test_a_file_that_failed_is_not_read_again_and_the_rerun_changes_nothing(tmp_path, monkeypatch, make, reason):
    monkeypatch.setattr(ingest, "read", noting_reads(tmp_path / "reads.log"))
    folder = tmp_path / "papers"
    folder.mkdir()
    bad = make(folder / f"{make.__name__}.pdf")
    shutil.copy(SAMPLES / "action-log-2026.pdf", folder / "fine.pdf")
    db_path = tmp_path / "onrecord.db"
    first = ingest_files(db_path, files([folder]), jobs=1, timeout=5)
    assert first.errors == [f"{bad}: {reason}"]
    assert sorted(reads(tmp_path / "reads.log")) == sorted([str(bad), str(folder / "fine.pdf")])
    before = every_row(db_path)

    steps: list[Done] = []
    again = ingest_files(db_path, files([folder]), jobs=1, timeout=5, progress=steps.append)
    assert reads(tmp_path / "reads.log") == []
    assert every_row(db_path) == before
    assert (again.documents, again.skipped, again.known_failures) == (0, 1, 1)
    assert again.errors == [f"{bad}: {reason} (failed before, not read again)"]
    assert {step.path.name: step.outcome for step in steps} == {bad.name: "known failure", "fine.pdf": "unchanged"}


@pytest.mark.parametrize(
    "first, then",
    [
        ({}, {"password": "wrong"}),
        ({"password": "wrong"}, {"password": "other"}),
        ({}, {"ocr": "never"}),
        ({}, {"retry_failed": True}),
    ],
)
def test_a_known_failure_is_read_again_under_other_options(tmp_path, monkeypatch, first, then):
    monkeypatch.setattr(ingest, "read", noting_reads(tmp_path / "reads.log"))
    bad = locked(tmp_path / "locked.pdf")
    db_path = tmp_path / "onrecord.db"
    ingest_files(db_path, [bad], jobs=1, **first)
    assert reads(tmp_path / "reads.log") == [str(bad)]
    ingest_files(db_path, [bad], jobs=1, **then)
    assert reads(tmp_path / "reads.log") == [str(bad)]
    if "retry_failed" not in then:  # both options are remembered
        for options in (then, first):
            assert ingest_files(db_path, [bad], jobs=1, **options).known_failures == 1
            assert reads(tmp_path / "reads.log") == []
    assert table(db_path, "select path from errors") == [(str(bad),)]


def test_a_file_that_timed_out_is_read_again_only_with_a_longer_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "read", noting_reads(tmp_path / "reads.log"))
    bad = slow(tmp_path / "slow.pdf")
    db_path = tmp_path / "onrecord.db"
    for timeout, read_again in [(3, True), (3, False), (2, False), (4, True), (3.5, False)]:
        summary = ingest_files(db_path, [bad], jobs=1, timeout=timeout)
        assert (reads(tmp_path / "reads.log") == [str(bad)]) is read_again, timeout
        assert summary.known_failures == (not read_again)
    # One cause per file: the latest, not every timeout it ever overran.
    assert table(db_path, "select reason from errors") == [("timed out after 4 s",)]


def test_a_known_failure_that_reads_with_the_password_is_stored_and_forgotten(tmp_path):
    bad = locked(tmp_path / "locked.pdf")
    db_path = tmp_path / "onrecord.db"
    ingest_files(db_path, [bad], jobs=1)
    summary = ingest_files(db_path, [bad], jobs=1, password="sesame")
    assert (summary.documents, summary.errors) == (1, [])
    assert table(db_path, "select count(*) from errors") == [(0,)]
    assert table(db_path, "select count(*) from known_failures") == [(0,)]


def test_a_new_name_of_a_known_failure_is_recorded_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "read", noting_reads(tmp_path / "reads.log"))
    bad = not_a_pdf(tmp_path / "a.pdf")
    db_path = tmp_path / "onrecord.db"
    ingest_files(db_path, [bad], jobs=1)
    reads(tmp_path / "reads.log")
    copy = shutil.copy(bad, tmp_path / "b.pdf")
    summary = ingest_files(db_path, [bad, copy], jobs=1)
    assert reads(tmp_path / "reads.log") == []
    assert summary.known_failures == 2
    assert table(db_path, "select path, reason from errors order by path") == [
        (str(bad), "not a PDF (looks like HTML)"),
        (str(copy), "not a PDF (looks like HTML)"),
    ]


def test_the_password_is_not_stored(tmp_path):
    db_path = tmp_path / "onrecord.db"
    ingest_files(db_path, [locked(tmp_path / "locked.pdf")], jobs=1, password="open-sesame-1234")
    assert b"open-sesame-1234" not in db_path.read_bytes()
    [(options,)] = table(db_path, "select options from known_failures")
    assert "open-sesame-1234" not in options and json.loads(options)["password"]


def live_documents(db_path: Path) -> int:
    """How many documents another process has committed so far (0 before the schema exists)."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def onrecord(*args: str) -> list[str]:
    return [sys.executable, "-c", "from onrecord.cli import cli; cli()", *args]


def readers_of(db_path: Path) -> list[int]:
    """Processes whose command line names this database: the batch and its workers."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(db_path).encode() in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue  # it ended while we looked
    return pids


@pytest.mark.slow
def test_an_import_killed_midway_and_run_again_ends_as_an_uninterrupted_one(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    for pdf in SAMPLE_PDFS:
        shutil.copy(pdf, folder / pdf.name)
        for i in range(8):
            variant(pdf, folder / f"v{i}" / pdf.name, f"variant {i}")
    shutil.copy(SAMPLE_PDFS[0], folder / "v3" / "same-bytes-other-name.pdf")
    (folder / "v5" / "broken.pdf").write_text("<html><body>Not found</body></html>")
    total = len(SAMPLE_PDFS) * 9

    killed = tmp_path / "killed.db"
    batch = subprocess.Popen(onrecord("ingest", str(folder), "-d", str(killed), "--jobs", "2", "--silent"),
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while live_documents(killed) == 0 and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    batch.send_signal(signal.SIGKILL)
    assert batch.wait() == -signal.SIGKILL
    assert 0 < live_documents(killed) < total, "the kill must land mid-batch"
    for _ in range(100):  # the workers see their input close and leave
        if not readers_of(killed):
            break
        time.sleep(0.05)
    assert readers_of(killed) == []

    resumed = subprocess.run(onrecord("ingest", str(folder), "-d", str(killed), "--jobs", "2", "--silent"),
                             cwd=ROOT, capture_output=True, text=True, check=False)
    whole = tmp_path / "whole.db"
    uninterrupted = subprocess.run(onrecord("ingest", str(folder), "-d", str(whole), "--jobs", "2", "--silent"),
                                   cwd=ROOT, capture_output=True, text=True, check=False)
    assert resumed.returncode == uninterrupted.returncode == 1  # broken.pdf
    assert "unchanged" in resumed.stderr
    assert dump(killed) == dump(whole)
    assert live_documents(whole) == total
    database = sqlite_utils.Database(killed)
    for fts in ("items_fts", "pages_fts", "owners_fts"):
        database.execute(f"insert into {fts}({fts}) values ('integrity-check')")


@pytest.mark.slow
def test_the_corpus_scans_are_read_with_the_default_options(shared, tmp_path):
    scans = sorted((shared / "corpus" / "scanned").glob("*.pdf"))
    db_path = tmp_path / "onrecord.db"
    summary = ingest_files(db_path, scans, jobs=2)
    assert (len(scans), summary.documents, summary.errors) == (4, 4, [])
    # every page, whether an image or text printed as outlines, has text
    assert table(db_path, "select count(*), sum(ocr), sum(text != '') from pages") == [(30, 30, 30)]
