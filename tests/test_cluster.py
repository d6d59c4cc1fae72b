"""`onrecord ingest --cluster`: the per-file work on a real Dask LocalCluster, the same database as the pool."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.pipeline import BatchError, files, ingest_files

from .conftest import SAMPLE_PDFS
from .pdfs import make_scanned_pdf
from .test_pipeline import dump, flate_bomb

distributed = pytest.importorskip("distributed", reason="the extra onrecord[dask] is not installed")
fsspec = pytest.importorskip("fsspec", reason="the extra onrecord[dask] is not installed")

from onrecord.cluster import ingest_on_cluster


@pytest.fixture(scope="module")
def client():
    """One LocalCluster of two one-thread workers for every test here (workers not daemonic: their
    readers are child processes)."""
    import dask

    with dask.config.set({"distributed.worker.daemon": False}), distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def same_as_pool(tmp_path: Path, inputs: list, cluster_db: Path) -> None:
    pool_db = tmp_path / "pool.db"
    ingest_files(pool_db, files(inputs), jobs=2)
    on_pool, on_cluster = dump(pool_db), dump(cluster_db)
    # the cluster's record of what it listed (a file that failed too); the pool hashes each file instead
    assert on_pool.pop("sources") == []
    listed = [json.loads(row) for row in on_cluster.pop("sources")]
    stored = {json.loads(row)["id"] for row in on_pool["documents"]}
    assert {row["document"] for row in listed if row["document"]} == stored
    assert on_cluster == on_pool


def table(db_path: Path, sql: str) -> list[tuple]:
    return sqlite_utils.Database(db_path).execute(sql).fetchall()


def read_tasks(stream) -> list:
    return [task for task in stream.data if task["key"].startswith("read_uri")]


def test_papers_through_the_cluster_give_the_same_database_as_the_pool(client, papers, tmp_path):
    db_path = tmp_path / "cluster.db"
    summary = ingest_on_cluster(db_path, [papers], client)
    assert (summary.documents, summary.errors) == (3, [])
    assert summary.items > 0 and summary.links == (table(db_path, "select count(*) from links")[0][0], 0)
    same_as_pool(tmp_path, [papers], db_path)


@pytest.mark.slow
def test_the_corpus_through_the_cluster_gives_the_same_database_as_the_pool(client, shared, tmp_path):
    db_path = tmp_path / "cluster.db"
    summary = ingest_on_cluster(db_path, [shared / "corpus"], client)
    assert summary.documents > 60 and summary.links and summary.links[0] > 0
    same_as_pool(tmp_path, [shared / "corpus"], db_path)


def test_a_rerun_submits_no_task(client, papers, tmp_path):
    db_path = tmp_path / "onrecord.db"
    ingest_on_cluster(db_path, [papers], client)
    before = dump(db_path)
    with distributed.get_task_stream(client) as stream:
        again = ingest_on_cluster(db_path, [papers], client)
    assert read_tasks(stream) == []
    assert (again.documents, again.skipped, again.errors, again.links) == (0, 3, [], None)
    assert dump(db_path) == before


def test_a_changed_file_is_read_again(client, papers, tmp_path):
    db_path = tmp_path / "onrecord.db"
    ingest_on_cluster(db_path, [papers], client)
    changed = papers / SAMPLE_PDFS[0].name
    changed.write_bytes(changed.read_bytes() + b"\n% changed\n")
    with distributed.get_task_stream(client) as stream:
        again = ingest_on_cluster(db_path, [papers], client)
    assert len(read_tasks(stream)) == 1 and (again.documents, again.skipped) == (1, 2)


def test_same_bytes_under_two_uris_are_one_document(client, papers, tmp_path):
    shutil.copy(papers / SAMPLE_PDFS[0].name, papers / "copy.pdf")
    db_path = tmp_path / "onrecord.db"
    summary = ingest_on_cluster(db_path, [papers], client)
    assert (summary.documents, summary.duplicates, summary.errors) == (3, 1, [])
    names = {row[0] for row in table(db_path, "select path from document_paths")}
    assert {str(papers / "copy.pdf"), str(papers / SAMPLE_PDFS[0].name)} <= names
    assert len(table(db_path, "select id from documents")) == 3


def put_in_memory(files: dict[str, bytes]) -> None:
    """Files in this process's memory:// filesystem (run on the client and on each worker: a
    shared store as an object store would be)."""
    import fsspec

    fs = fsspec.filesystem("memory")
    for name, data in files.items():
        fs.pipe(name, data)


def drop_from_memory(names: list[str]) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    for name in names:
        fs.rm(name)


def test_inputs_from_memory_are_read_on_the_workers_and_a_rerun_fetches_nothing(client, tmp_path):
    files = {f"/council/papers/{pdf.name}": pdf.read_bytes() for pdf in SAMPLE_PDFS}
    put_in_memory(files)
    client.run(put_in_memory, files)
    db_path = tmp_path / "onrecord.db"
    summary = ingest_on_cluster(db_path, ["memory://council/papers/"], client)
    assert (summary.documents, summary.errors) == (3, [])
    assert sorted(row[0] for row in table(db_path, "select path from documents")) == sorted(
        f"memory://council/papers/{pdf.name}" for pdf in SAMPLE_PDFS
    )
    local = tmp_path / "local.db"
    ingest_files(local, SAMPLE_PDFS, jobs=1)
    items = "select documents.title, items.kind, items.text from items join documents on documents.id = document"
    assert sorted(table(db_path, items)) == sorted(table(local, items))
    # gone from the workers' store: a re-run that tried to fetch them would fail
    client.run(drop_from_memory, list(files))
    again = ingest_on_cluster(db_path, ["memory://council/papers/"], client)
    assert (again.skipped, again.errors) == (3, [])


def test_a_uri_that_cannot_be_fetched_is_an_error_and_the_others_go_on(client, tmp_path):
    data = SAMPLE_PDFS[0].read_bytes()
    put_in_memory({"/gone/a.pdf": data, "/gone/b.pdf": data + b"\n% b\n"})
    client.run(put_in_memory, {"/gone/b.pdf": data + b"\n% b\n"})  # a.pdf only on the client
    db_path = tmp_path / "onrecord.db"
    summary = ingest_on_cluster(db_path, ["memory://gone/"], client)
    assert summary.documents == 1
    assert summary.errors == ["memory://gone/a.pdf: cannot open file: not found"]
    assert table(db_path, "select path, stage from errors") == [("memory://gone/a.pdf", "read")]


def scans(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [
        make_scanned_pdf(folder / f"scan-{n}.pdf", [[f"Minutes of meeting {n}", "RESOLVED that the report be noted."]] * 2)
        for n in range(count)
    ]


@pytest.mark.slow
def test_a_worker_killed_mid_run_and_the_run_completes_with_nothing_lost(client, tmp_path):
    inputs = scans(tmp_path / "scans", 6)  # OCR: a few seconds each, time to kill a worker at work
    db_path = tmp_path / "onrecord.db"
    result: dict = {}
    run = threading.Thread(target=lambda: result.update(summary=ingest_on_cluster(db_path, inputs, client)))
    run.start()
    deadline = time.monotonic() + 120
    busy: list = []
    while not busy and time.monotonic() < deadline:
        busy = [worker for worker, tasks in client.processing().items() if tasks]
        time.sleep(0.2)
    assert busy, "no task was ever running"
    time.sleep(1.0)  # in the middle of a file
    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
    os.kill(pid, signal.SIGKILL)
    run.join(300)
    assert not run.is_alive()
    summary = result["summary"]
    assert (summary.documents, summary.errors) == (6, [])
    assert table(db_path, "select count(*) from errors") == [(0,)]
    client.wait_for_workers(2, timeout=60)  # the nanny brought it back, with the plugin set up again
    assert pid not in client.run(os.getpid).values()
    same_as_pool(tmp_path, inputs, db_path)


@pytest.mark.slow
def test_the_memory_cap_holds_on_the_workers(client, tmp_path):
    bomb = flate_bomb(tmp_path / "bomb.pdf", 1200)
    db_path = tmp_path / "onrecord.db"
    summary = ingest_on_cluster(db_path, [bomb], client, max_memory=1024)
    assert summary.errors == [f"{bomb}: out of memory (limit 1 GB): the reader aborted (SIGABRT)"]
    with distributed.get_task_stream(client) as stream:
        again = ingest_on_cluster(db_path, [bomb], client, max_memory=1024)
    assert read_tasks(stream) == [] and again.known_failures == 1


@pytest.mark.slow
def stored(db_path: Path) -> int:
    """Documents stored so far; 0 while the file or its tables are still being made."""
    try:
        return table(db_path, "select count(*) from documents")[0][0] if db_path.exists() else 0
    except sqlite3.OperationalError:  # no such table yet, or locked while the schema is written
        return 0


def test_a_client_killed_mid_run_then_run_again_ends_with_the_same_database(client, papers, tmp_path):
    inputs = scans(papers, 3)  # beside the samples: a run long enough to be cut short
    address = client.scheduler.address
    db_path = tmp_path / "killed.db"
    command = [str(Path(sys.executable).parent / "onrecord"), "ingest", str(papers), "-d", str(db_path),
               "--cluster", address, "--silent"]
    env = dict(os.environ)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if stored(db_path) >= 1:
            break
        time.sleep(0.1)
    process.kill()
    process.wait()
    assert table(db_path, "select count(*) from documents")[0][0] < 3 + len(inputs), "killed too late"
    again = subprocess.run(command, env=env, timeout=300, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    whole = tmp_path / "whole.db"
    ingest_on_cluster(whole, [papers], client)
    killed, uninterrupted = dump(db_path), dump(whole)
    assert killed.pop("sources") and uninterrupted.pop("sources")  # fetched_at: when each was read
    assert killed == uninterrupted


def test_the_command_reads_uris_only_on_a_cluster(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", "memory://council/papers/", "-d", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--cluster local" in result.output


def test_the_command_names_an_unreachable_scheduler(papers, tmp_path, monkeypatch):
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")
    import dask

    dask.config.refresh()
    result = CliRunner().invoke(
        cli, ["ingest", str(papers), "-d", str(tmp_path / "x.db"), "--cluster", "tcp://127.0.0.1:9", "--silent"]
    )
    assert result.exit_code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_the_command_shows_files_pages_workers_and_an_eta_and_the_summary(client, papers, tmp_path):
    db_path = tmp_path / "onrecord.db"
    args = ["ingest", str(papers), "-d", str(db_path), "--cluster", client.scheduler.address]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Ingesting: 3/3 files, " in result.output and " pages, 2 workers, ETA 0m00s" in result.output
    assert "3 documents, " in result.output and "0 new errors" in result.output
    again = CliRunner().invoke(cli, args)
    assert "Ingesting" not in again.output and "3 unchanged" in again.output


def test_the_readme_command_on_a_local_cluster_and_its_dashboard_link_where_bokeh_is(papers, tmp_path):
    from importlib.util import find_spec

    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["ingest", str(papers), "-d", str(db_path), "--cluster", "local", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "Ingesting: 3/3 files, " in result.output and " pages, 1 workers, " in result.output
    assert ("Dask dashboard: http://" in result.output) == (find_spec("bokeh") is not None)
    assert table(db_path, "select count(*) from documents") == [(3,)]


def test_daemonic_workers_are_refused_with_the_fix(papers, tmp_path):
    import dask

    with dask.config.set({"distributed.worker.daemon": True}), distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as cluster, distributed.Client(cluster) as other, pytest.raises(
        BatchError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"
    ):
        ingest_on_cluster(tmp_path / "onrecord.db", [papers], other)


def test_every_file_of_a_folder_is_accounted_for_as_the_pool_does(client, papers, tmp_path):
    (papers / "notes.rtf").write_bytes(b"{\\rtf1 minutes}")
    (papers / ".DS_Store").write_bytes(b"\0")
    db_path = tmp_path / "onrecord.db"
    ingest_on_cluster(db_path, [papers], client)
    same_as_pool(tmp_path, [papers], db_path)
    assert table(db_path, "select reason, stage from errors") == [("unsupported format: .rtf", "read")]
    put_in_memory({"/litter/a.pdf": SAMPLE_PDFS[0].read_bytes(), "/litter/b.xlsx": b"PK", "/litter/.hidden": b""})
    client.run(put_in_memory, {"/litter/a.pdf": SAMPLE_PDFS[0].read_bytes()})
    remote = tmp_path / "remote.db"
    summary = ingest_on_cluster(remote, ["memory://litter/"], client)
    assert summary.documents == 1
    assert table(remote, "select path, reason from errors") == [("memory://litter/b.xlsx", "unsupported format: .xlsx")]


def test_ctrl_c_while_a_slow_server_lists_a_folder_ends_as_during_reading(tmp_path):
    """A real SIGINT while the listing of an http:// folder is still awaited: the refusal met before
    it is recorded and said, then the line of what was stored and how to resume, exit 130."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked, release = threading.Event(), threading.Event()

    class SlowListing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.set()
            release.wait(60)
            body = b'<html><body><a href="minutes.pdf">minutes.pdf</a></body></html>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, *args) -> None:
            pass

    local = tmp_path / "local"
    local.mkdir()
    (local / "notes.rtf").write_bytes(b"{\\rtf1 minutes}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowListing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db_path = tmp_path / "onrecord.db"
    url = f"http://127.0.0.1:{server.server_address[1]}/papers/"
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "ingest", str(local), url,
               "-d", str(db_path), "--cluster", "local", "--silent"]
    code, out, err = _interrupted_when(command, asked, "the listing was never asked for", release, server, 120, 60)
    assert code == 130, err
    assert "Traceback" not in err and "Aborted" not in err and out == ""
    assert err.strip().splitlines() == [
        f"Error: {local / 'notes.rtf'}: unsupported format: .rtf - recorded in table errors",
        err.strip().splitlines()[-1],
    ]
    assert err.strip().splitlines()[-1].startswith("Interrupted: 0 documents (0 pages, 0 items) stored whole in ")
    assert err.strip().endswith(f" s -> {db_path}; run the same command again to resume: stored files are not read again")
    assert table(db_path, "select path, reason from errors") == [(str(local / "notes.rtf"), "unsupported format: .rtf")]


def test_ctrl_c_while_the_cluster_reads_ends_as_in_the_pool(tmp_path):
    """A real SIGINT while a worker fetches a file the listing gave: the line of what was stored and
    how to resume, exit 130, no traceback and no 'Aborted!'."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked, release = threading.Event(), threading.Event()

    class SlowFile(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.endswith(".pdf"):
                asked.set()
                release.wait(60)
                body = b"%PDF-1.4 not really"
            else:
                body = b'<html><body><a href="minutes.pdf">minutes.pdf</a></body></html>'
            self._send(body, "application/pdf" if self.path.endswith(".pdf") else "text/html")

        def do_HEAD(self) -> None:
            self._send(b"", "application/pdf" if self.path.endswith(".pdf") else "text/html", length=19)

        def _send(self, body: bytes, kind: str, length: int | None = None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowFile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db_path = tmp_path / "onrecord.db"
    url = f"http://127.0.0.1:{server.server_address[1]}/papers/"
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "ingest", url,
               "-d", str(db_path), "--cluster", "local", "--jobs", "1", "--silent"]
    code, out, err = _interrupted_when(command, asked, "the file was never fetched", release, server, 180, 120)
    assert code == 130, err
    assert "Traceback" not in err and "Aborted" not in err and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("Interrupted: 0 documents (0 pages, 0 items) stored whole in "), err
    assert last.endswith(f" s -> {db_path}; run the same command again to resume: stored files are not read again")


def _interrupted_when(command: list[str], asked: threading.Event, never: str, release: threading.Event,
                      server, wait: float, timeout: float) -> tuple[int, str, str]:
    """Run the command in a session of its own, send its process group a real SIGINT once the
    server is `asked` (within `wait` seconds), then let the server answer and stop it; the command
    has `timeout` seconds to end: (exit code, stdout, stderr)."""
    try:
        batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True)
        assert asked.wait(wait), never
        os.killpg(batch.pid, signal.SIGINT)
        out, err = batch.communicate(timeout=timeout)
    finally:
        release.set()
        server.shutdown()
    return batch.returncode, out, err


def test_a_local_clusters_workers_leave_ctrl_c_to_the_batch():
    """Ctrl-C reaches the terminal's whole process group: a worker of the local cluster the command
    starts ignores it (the batch then closes the cluster in order), and keeps working."""
    from onrecord.cluster import _client

    with _client("local", 1) as client:
        (pid,) = client.run(os.getpid).values()
        os.kill(pid, signal.SIGINT)
        time.sleep(1)
        assert client.submit(os.getpid, pure=False).result(timeout=30) == pid
        assert len(client.scheduler_info()["workers"]) == 1
