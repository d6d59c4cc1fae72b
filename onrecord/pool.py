"""Worker processes that read one file each, under a time and a memory cap.

A file that overruns its cap, or crashes its reader, costs only itself: its worker is killed
and replaced. The workers only read and extract; the caller stores what they return.

Example::

    pool = Pool(jobs=4, timeout=300, max_memory=2048, options={"ocr": "auto"})
    pool.put("first", Path("papers/minutes.pdf"))
    while pool.busy():
        for key, outcome in pool.wait():
            print(key, outcome)
    pool.close()
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Generic, TypeVar

from onrecord import ingest, nlp
from onrecord.ingest.errors import IngestError

TIMEOUT = 300.0  # seconds one file may take, read and extracted, besides PAGE_SECONDS a page
PAGE_SECONDS = 10.0  # more seconds for each page of a file: a scan's pages take OCR seconds each
MAX_MEMORY = 2048  # MB of address space one file may take, beyond what its worker starts with

YOUNG_OBJECTS = 20_000  # objects made (less those freed) between a worker's young collections
K = TypeVar("K")


class BatchError(Exception):
    """The batch cannot go on at all (no one file's fault); str(error) names the cause."""


@dataclass
class Read:
    """A file read and extracted."""

    doc: ingest.Document
    items: list[nlp.Item]


@dataclass
class Failed:
    """A file that could not be read whole; `reason` is one line."""

    stage: str  # ingest or extract
    reason: str
    # What ended it when not the file alone: "timeout" or "memory" (a cap of this pool),
    # or "system" (the machine killed the worker); None when the file failed on its own.
    cap: str | None = None


@dataclass
class _Job(Generic[K]):
    key: K
    path: Path
    doc_id: str | None = None  # the file's sha256, if the caller has it: the worker need not hash it again
    stage: str = "ingest"
    started: float = 0.0
    deadline: float = 0.0
    pages: int = 0  # as the worker counted them: the file's time budget grows with them
    ocr_pages: int = 0  # read by OCR so far


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    job: _Job | None = None


class Pool(Generic[K]):
    """Up to `jobs` worker processes reading one file each; one that overruns is killed and replaced.

    max_memory is in MB, over what a worker holds before its first file (the language model).
    """

    def __init__(
        self, jobs: int, timeout: float, max_memory: int, options: dict[str, Any],
        on_page: Callable[[K, int, int, int], None] | None = None,
    ) -> None:
        """on_page(key, page, pages, OCR'd pages so far) is called as a worker begins a file (page 0)
        and as it reads each page of a PDF."""
        self.jobs = max(1, jobs)
        self.on_page = on_page
        self.timeout = timeout
        self.max_memory = max_memory
        self.options = options
        # fork shares the loaded spaCy model with every worker; spawn makes each load its own.
        fork = "fork" in multiprocessing.get_all_start_methods()
        # Each name given as a literal, so that its context's type has a Process (a str's has not).
        self.context = (
            multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
        )
        self.workers: list[_Worker] = []
        self.waiting: deque[_Job[K]] = deque()

    def put(self, key: K, path: Path, doc_id: str | None = None) -> None:
        """Queue a file (with its sha256 if known); wait() returns its outcome under `key`."""
        self.waiting.append(_Job(key, path, doc_id))

    def busy(self) -> bool:
        """Whether a file is waiting or being read."""
        return bool(self.waiting) or any(worker.job for worker in self.workers)

    def close(self) -> None:
        """Stop every worker: idle ones leave at the end of their input, busy ones are killed."""
        for worker in list(self.workers):
            self._stop(worker, kill=worker.job is not None)

    def wait(self) -> list[tuple[K, Read | Failed]]:
        """Hand waiting files to workers, then block until a worker reports, dies or overruns.

        Returns the files that ended, with how. Raises BatchError if a worker dies before it is ready.
        """
        self._dispatch()
        deadlines = [worker.job.deadline for worker in self.workers if worker.job]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = set(wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers], timeout))
        ended: list[tuple[K, Read | Failed]] = []
        for worker in list(self.workers):
            if worker.conn in ready:
                ended += self._receive(worker)
            elif worker.process.sentinel in ready:
                ended += self._bury(worker)
            elif worker.job and time.monotonic() >= worker.job.deadline:
                job = worker.job
                self._stop(worker, kill=True)
                spent = budget(self.timeout, job.pages)
                ended.append((job.key, Failed(job.stage, f"timed out after {spent:g} s", "timeout")))
        return ended

    def _dispatch(self) -> None:
        """Hand waiting files to idle workers, and start workers while files would still wait."""
        for worker in self.workers:
            if self.waiting and worker.ready and worker.job is None:
                self._send(worker, self.waiting.popleft())
        starting = sum(1 for worker in self.workers if not worker.ready)
        while len(self.workers) < self.jobs and len(self.waiting) > starting:
            self._start()
            starting += 1

    def _start(self) -> None:
        if self.context.get_start_method() == "fork" and not self.workers:
            _warm_up()  # here, once, so that forked workers inherit the model
        parent, child = self.context.Pipe()
        # A forked worker holds copies of the pool's ends of every pipe; it must close them, or
        # a worker would never see its input end when the batch stops or is killed.
        inherited = [parent] + [w.conn for w in self.workers] if self.context.get_start_method() == "fork" else []
        process = self.context.Process(
            target=_serve, args=(child, os.getpid(), self.max_memory, self.timeout, self.options, inherited),
            name="onrecord-reader", daemon=True,
        )
        # Ctrl-C reaches the terminal's whole process group: held back until the worker has left
        # it and ignores SIGINT, so that a worker just forked does not die with a traceback.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        child.close()
        self.workers.append(_Worker(process, parent))

    def _send(self, worker: _Worker, job: _Job[K]) -> None:
        job.started = time.monotonic()
        job.deadline = job.started + self.timeout
        worker.job = job
        try:
            worker.conn.send((str(job.path), job.doc_id))
        except (BrokenPipeError, ConnectionResetError):
            return  # the worker died just now: wait() sees its sentinel and records the file

    def _receive(self, worker: _Worker) -> list[tuple[K, Read | Failed]]:
        try:
            message = worker.conn.recv()
        except (EOFError, ConnectionResetError):
            return self._bury(worker)
        if message[0] == "ready":
            worker.ready = True
        elif message[0] == "stage" and worker.job:
            worker.job.stage = message[1]
        elif message[0] == "page" and worker.job:
            worker.job.ocr_pages += message[2]
            if self.on_page:
                self.on_page(worker.job.key, message[1], worker.job.pages, worker.job.ocr_pages)
        elif message[0] == "pages" and worker.job:
            worker.job.pages = message[1]
            worker.job.deadline = worker.job.started + budget(self.timeout, message[1])
            if self.on_page:  # page 0: the file is begun
                self.on_page(worker.job.key, 0, message[1], 0)
        elif worker.job:
            if message[0] == "done":  # the result follows as bytes
                try:
                    result = worker.conn.recv_bytes()
                except (EOFError, ConnectionResetError):
                    return self._bury(worker)
                job, worker.job = worker.job, None
                # The worker's next file first: it reads while this one is unpickled and stored.
                self._dispatch()
                return [(job.key, Read(*pickle.loads(result)))]
            job, worker.job = worker.job, None
            if message[0] == "fatal":  # out of memory and leaving: no further file for it
                self._stop(worker, kill=False)
                return [(job.key, Failed(message[1], message[2], "memory"))]
            return [(job.key, Failed(message[1], message[2]))]
        return []

    def _bury(self, worker: _Worker) -> list[tuple[K, Read | Failed]]:
        """Account for a worker that exited on its own."""
        job = worker.job
        self._stop(worker, kill=False)
        code = worker.process.exitcode
        if not worker.ready:
            raise BatchError(f"a worker process stopped before it was ready: {_exit_cause(code)}")
        if job is None:
            return []
        if code == -signal.SIGABRT:
            # What a C library (pdfium) does when an allocation fails under the memory cap: the
            # cap's doing, so a larger --max-memory reads the file again.
            reason = f"{_out_of_memory(self.max_memory)}: the reader aborted (SIGABRT)"
            return [(job.key, Failed(job.stage, reason, "memory"))]
        cap = "system" if code == -signal.SIGKILL else None
        return [(job.key, Failed(job.stage, _exit_cause(code), cap))]

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


def budget(timeout: float, pages: int) -> float:
    """Seconds a file of this many pages may take: the timeout, and PAGE_SECONDS a page."""
    return timeout + PAGE_SECONDS * pages


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


def oneline(error: BaseException) -> str:
    """An exception's message on one line."""
    return " ".join(str(error).split())


def _warm_up() -> None:
    """Load the spaCy model now, so that no file's deadline pays for it."""
    from onrecord.nlp import parse

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
    conn: Connection, batch: int, max_memory: int, timeout: float, options: dict[str, Any],
    inherited: list[Connection],
) -> None:
    """A worker process: read the files named over conn, one at a time, until conn closes."""
    for other in inherited:
        other.close()
    os.setpgrp()  # its own process group, so that the batch can kill it with its children
    _die_with(batch)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the batch, which then stops us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by Pool._start until now
    _warm_up()
    # The model and the modules last as long as the worker: kept out of the collector's full
    # passes, which would otherwise walk their ~150,000 objects each time (2% of the reading).
    gc.freeze()
    # Reading makes and drops millions of objects, nearly none in cycles: at Python's 700 a young
    # collection runs ~1,100 times over the corpus's text-layer files for 0.27 s of CPU, at
    # YOUNG_OBJECTS ~10 times for 0.06 s. What a cycle holds waits a little longer to be freed.
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    # The cap counts from here: a forked worker starts as big as the batch that forked it.
    _limit_memory(_address_space() + max_memory * 2**20)
    conn.send(("ready",))
    while True:
        try:
            path, doc_id = conn.recv()
        except EOFError:  # the batch has finished, or was killed
            return
        reply = _read(conn, path, {**options, "doc_id": doc_id}, max_memory, timeout)
        try:
            if reply[0] == "done":
                result = pickle.dumps(reply[1:], protocol=pickle.HIGHEST_PROTOCOL)
                conn.send(("done",))
                conn.send_bytes(result)
            else:
                conn.send(reply)
        except Exception as e:  # noqa: BLE001 - a result that cannot be passed on costs one file
            conn.send(("failed", "extract", f"internal error: {type(e).__name__}: {oneline(e)}"))
        if reply[0] == "fatal":
            return  # after a MemoryError the heap is suspect: the batch starts a fresh worker


def _read(conn: Connection, path: str, options: dict[str, Any], max_memory: int, timeout: float) -> tuple:
    """Read and extract one file: ("done", doc, items), or ("failed" or "fatal", stage, reason)."""
    stage = "ingest"
    try:
        started = time.monotonic()
        pages = ingest.count_pages(path, options.get("password"))
        conn.send(("pages", pages))
        # OCR stops half a timeout before the batch would kill this worker, so that the pages
        # read are kept and the rest recorded as page errors.
        deadline = started + budget(timeout, pages) - timeout / 2
        doc = ingest.read(path, **options, ocr_deadline=deadline,
                          on_page=lambda page: conn.send(("page", page.number, page.ocr)))
        stage = "extract"
        conn.send(("stage", stage))
        items = nlp.extract(doc)
    except IngestError as e:
        return ("failed", "ingest", str(e))
    except MemoryError:
        return ("fatal", stage, _out_of_memory(max_memory))
    except Exception as e:  # noqa: BLE001 - a bug must cost one file, not the batch: record it
        return ("failed", stage, f"internal error: {type(e).__name__}: {oneline(e)}")
    return ("done", doc, items)
