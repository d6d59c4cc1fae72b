"""Glue: run ingest -> nlp -> db over files, accounting for every one of them.

Files are read in worker processes, each under a time and a memory cap, so a hostile file
costs only itself; only this process writes SQLite.

Example::

    summary = ingest_files("onrecord.db", files(["papers/"]), jobs=4)
"""
from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import db
import ingest
import nlp
from ingest.errors import IngestError

TIMEOUT = 300.0  # seconds one file may take, read and extracted
MAX_MEMORY = 2048  # MB of address space one file may take, beyond what its worker starts with


class BatchError(Exception):
    """The batch cannot go on at all (no one file's fault); str(error) names the cause."""


@dataclass
class Summary:
    """What a batch did; `errors` has one line per failed file or page."""

    documents: int = 0  # read and stored
    skipped: int = 0  # already stored: found by content hash, not read again
    duplicates: int = 0  # names newly added to a document that was stored already
    pages: int = 0
    items: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass
class Done:
    """One file accounted for, as a progress bar wants it."""

    path: Path
    size: int  # bytes
    pages: int  # pages read in this batch (0 for a skipped or duplicate file)
    outcome: str  # stored, unchanged, duplicate, failed


@dataclass
class _Task:
    """One document to read: its content hash and every name it has in this batch."""

    doc_id: str
    paths: list[Path]
    sizes: list[int]
    stage: str = "ingest"
    deadline: float = 0.0


def files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every supported file under the given files and folders, recursively, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ingest.SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_files(
    database_path: str | Path,
    paths: Iterable[str | Path],
    password: str | None = None,
    progress: Callable[[Done], None] | None = None,
    *,
    ocr: str = "auto",
    jobs: int | None = None,
    timeout: float = TIMEOUT,
    max_memory: int = MAX_MEMORY,
) -> Summary:
    """Read, extract and store each file in worker processes; a file that fails is recorded in `errors`.

    Files whose bytes are stored already are skipped without being read, so a batch that was
    killed can simply be run again. Raises BatchError only if no worker can start.
    max_memory is in MB, over what a worker holds before its first file (the language model).
    """
    started = time.monotonic()
    batch = _Batch(db.open_db(database_path), progress)
    options = {"password": password, "ocr": ocr}
    todo: deque[_Task] = deque()
    queue = iter(paths)
    exhausted = False
    pool = _Pool(jobs or os.cpu_count() or 1, timeout, max_memory, options)
    try:
        while True:
            # Hash only a little ahead, so that the first files are read while the rest wait.
            while not exhausted and len(todo) < pool.jobs:
                path = next(queue, None)
                if path is None:
                    exhausted = True
                elif task := batch.admit(Path(path)):
                    todo.append(task)
            pool.dispatch(todo)
            if not todo and not pool.busy():
                break
            for task, outcome in pool.wait():
                batch.finish(task, outcome)
    finally:
        pool.close()
    batch.summary.seconds = time.monotonic() - started
    return batch.summary


class _Batch:
    """The database side of a batch: skip by content hash, store results, record failures."""

    def __init__(self, database: Database, progress: Callable[[Done], None] | None) -> None:
        self.database = database
        self.progress = progress
        self.summary = Summary()
        self.pending: dict[str, _Task] = {}  # by content hash: waiting or being read

    def admit(self, path: Path) -> _Task | None:
        """The task that will read this file, or None if it is accounted for already."""
        try:
            size = path.stat().st_size
            doc_id = _sha256(path)
        except OSError as e:
            self._fail([path], [0], "read", f"cannot open file: {e.strerror or e}")
            return None
        if doc_id in self.pending:  # the same bytes under another name: read them once
            self.pending[doc_id].paths.append(path)
            self.pending[doc_id].sizes.append(size)
            return None
        if db.is_stored(self.database, doc_id):
            with self.database.atomic():
                added = db.add_paths(self.database, doc_id, [path])
                db.clear_errors(self.database, path)
            if added:
                self.summary.duplicates += 1
            else:
                self.summary.skipped += 1
            self._report(path, size, 0, "duplicate" if added else "unchanged")
            return None
        task = _Task(doc_id, [path], [size])
        self.pending[doc_id] = task
        return task

    def finish(self, task: _Task, outcome: tuple) -> None:
        """Store what a worker read, or record why it could not."""
        del self.pending[task.doc_id]
        if outcome[0] == "done":
            self._store(task, outcome[1], outcome[2])
        else:
            self._fail(task.paths, task.sizes, outcome[1], outcome[2])

    def _store(self, task: _Task, doc: ingest.Document, items: list[nlp.Item]) -> None:
        try:
            # One transaction: a batch killed here leaves the document wholly stored or absent.
            with self.database.atomic():
                db.store(self.database, doc, items)  # page errors go to `errors` with the document
                db.add_paths(self.database, doc.id, task.paths[1:])
                for path in task.paths:
                    db.clear_errors(self.database, path)
        except Exception as e:  # noqa: BLE001 - a bug must cost one file, not the batch: record it
            self._fail(task.paths, task.sizes, "db", f"internal error: {type(e).__name__}: {_oneline(e)}")
            return
        self.summary.documents += 1
        self.summary.duplicates += len(task.paths) - 1
        self.summary.pages += len(doc.pages)
        self.summary.items += len(items)
        self.summary.errors.extend(f"{doc.path}: {e.reason}" for e in doc.errors)
        for i, (path, size) in enumerate(zip(task.paths, task.sizes)):
            self._report(path, size, len(doc.pages) if i == 0 else 0, "stored" if i == 0 else "duplicate")

    def _fail(self, paths: list[Path], sizes: list[int], stage: str, reason: str) -> None:
        for path, size in zip(paths, sizes):
            db.record_error(self.database, str(path), stage, reason)
            self.summary.errors.append(f"{path}: {reason}")
            self._report(path, size, 0, "failed")

    def _report(self, path: Path, size: int, pages: int, outcome: str) -> None:
        if self.progress:
            self.progress(Done(path, size, pages, outcome))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Task | None = None


class _Pool:
    """Up to `jobs` worker processes reading one file each; one that overruns is killed and replaced."""

    def __init__(self, jobs: int, timeout: float, max_memory: int, options: dict[str, Any]) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_memory = max_memory
        self.options = options
        # fork shares the loaded spaCy model with every worker; spawn makes each load its own.
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []

    def close(self) -> None:
        """Stop every worker: idle ones leave at the end of their input, busy ones are killed."""
        for worker in list(self.workers):
            self._stop(worker, kill=worker.task is not None)

    def busy(self) -> bool:
        return any(worker.task for worker in self.workers)

    def dispatch(self, todo: deque[_Task]) -> None:
        """Hand waiting tasks to idle workers, and start workers while tasks would still wait."""
        for worker in self.workers:
            if todo and worker.ready and worker.task is None:
                self._send(worker, todo.popleft())
        starting = sum(1 for worker in self.workers if not worker.ready)
        while len(self.workers) < self.jobs and len(todo) > starting:
            self._start()
            starting += 1

    def wait(self) -> list[tuple[_Task, tuple]]:
        """Block until a worker reports, dies or overruns; return the tasks that ended, with how."""
        deadlines = [worker.task.deadline for worker in self.workers if worker.task]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers], timeout))
        ended: list[tuple[_Task, tuple]] = []
        for worker in list(self.workers):
            if worker.conn in ready:
                ended += self._receive(worker)
            elif worker.process.sentinel in ready:
                ended += self._bury(worker)
            elif worker.task and time.monotonic() >= worker.task.deadline:
                task = worker.task
                self._stop(worker, kill=True)
                ended.append((task, ("failed", task.stage, f"timed out after {self.timeout:g} s")))
        return ended

    def _start(self) -> None:
        if self.context.get_start_method() == "fork" and not self.workers:
            _warm_up()  # here, once, so that forked workers inherit the model
        parent, child = self.context.Pipe()
        # A forked worker holds copies of the batch's ends of every pipe; it must close them, or
        # a worker would never see its input end when the batch stops or is killed.
        inherited = [parent] + [w.conn for w in self.workers] if self.context.get_start_method() == "fork" else []
        process = self.context.Process(
            target=_serve, args=(child, os.getpid(), self.max_memory, self.options, inherited),
            name="onrecord-reader", daemon=True,
        )
        process.start()
        child.close()
        self.workers.append(_Worker(process, parent))

    def _send(self, worker: _Worker, task: _Task) -> None:
        task.stage = "ingest"
        task.deadline = time.monotonic() + self.timeout
        worker.task = task
        try:
            worker.conn.send(str(task.paths[0]))
        except (BrokenPipeError, ConnectionResetError):
            return  # the worker died just now: wait() sees its sentinel and records the file

    def _receive(self, worker: _Worker) -> list[tuple[_Task, tuple]]:
        try:
            message = worker.conn.recv()
        except (EOFError, ConnectionResetError):
            return self._bury(worker)
        if message[0] == "ready":
            worker.ready = True
        elif message[0] == "stage" and worker.task:
            worker.task.stage = message[1]
        elif worker.task:
            task, worker.task = worker.task, None
            if message[0] == "fatal":  # it failed and is leaving: no further file for it
                self._stop(worker, kill=False)
                message = ("failed", *message[1:])
            return [(task, message)]
        return []

    def _bury(self, worker: _Worker) -> list[tuple[_Task, tuple]]:
        """Account for a worker that exited on its own."""
        task = worker.task
        self._stop(worker, kill=False)
        code = worker.process.exitcode
        if not worker.ready:
            raise BatchError(f"a worker process stopped before it was ready: {_exit_cause(code)}")
        if task is None:
            return []
        return [(task, ("failed", task.stage, _exit_cause(code)))]

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if kill and worker.process.pid:
            try:  # its process group: a Tesseract it started goes with it
                os.killpg(worker.process.pid, signal.SIGKILL)
            except ProcessLookupError:  # not yet a group of its own, or gone
                worker.process.kill()
        worker.conn.close()  # a live idle worker sees the end of its input and exits
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        self.workers.remove(worker)


def _exit_cause(code: int | None) -> str:
    """Why a worker stopped, in words: a negative exit code is the signal that ended it."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        if -code == signal.SIGKILL:
            return f"killed by the system ({name}), most likely out of memory"
        return f"the reader crashed ({name})"
    return f"the reader stopped (exit code {code})"


def _out_of_memory(megabytes: int) -> str:
    limit = f"{megabytes // 1024} GB" if megabytes % 1024 == 0 else f"{megabytes} MB"
    return f"out of memory (limit {limit})"


def _oneline(error: BaseException) -> str:
    return " ".join(str(error).split())


def _warm_up() -> None:
    """Load the spaCy model now, so that no file's deadline pays for it."""
    from nlp import parse

    parse.model()


def _die_with(batch: int) -> None:
    """Have Linux kill this worker when the batch dies, even by kill -9 in the middle of a file."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != batch:  # the batch died before we asked
        os._exit(1)


def _address_space() -> int:
    """Bytes of address space this process has (what RLIMIT_AS caps); 0 where Linux's /proc is absent."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except OSError:
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _limit_memory(size: int) -> None:
    """Cap this process's address space, so that a huge file raises MemoryError, not the OOM killer."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)
    resource.setrlimit(resource.RLIMIT_AS, (size, hard))


def _serve(
    conn: Connection, batch: int, max_memory: int, options: dict[str, Any], inherited: list[Connection]
) -> None:
    """A worker process: read the files named over conn, one at a time, until conn closes."""
    for other in inherited:
        other.close()
    os.setpgrp()  # its own process group, so that the batch can kill it with its children
    _die_with(batch)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the batch, which then stops us
    _warm_up()
    # The cap counts from here: a forked worker starts as big as the batch that forked it.
    _limit_memory(_address_space() + max_memory * 2**20)
    conn.send(("ready",))
    while True:
        try:
            path = conn.recv()
        except EOFError:  # the batch has finished, or was killed
            return
        reply = _read(conn, path, options, max_memory)
        try:
            conn.send(reply)
        except Exception as e:  # noqa: BLE001 - a result that cannot be passed on costs one file
            conn.send(("failed", "extract", f"internal error: {type(e).__name__}: {_oneline(e)}"))
        if reply[0] == "fatal":
            return  # after a MemoryError the heap is suspect: the batch starts a fresh worker


def _read(conn: Connection, path: str, options: dict[str, Any], max_memory: int) -> tuple:
    """Read and extract one file: ("done", doc, items), or ("failed" or "fatal", stage, reason)."""
    stage = "ingest"
    try:
        doc = ingest.read(path, **options)
        stage = "extract"
        conn.send(("stage", stage))
        items = nlp.extract(doc)
    except IngestError as e:
        return ("failed", "ingest", str(e))
    except MemoryError:
        return ("fatal", stage, _out_of_memory(max_memory))
    except Exception as e:  # noqa: BLE001 - a bug must cost one file, not the batch: record it
        return ("failed", stage, f"internal error: {type(e).__name__}: {_oneline(e)}")
    return ("done", doc, items)


def extract_file(path: str | Path, password: str | None = None) -> list[nlp.Item]:
    """Items of one file, without a database."""
    return nlp.extract(ingest.read(path, password=password))
