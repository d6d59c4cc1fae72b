"""Glue: run ingest -> nlp -> db over files, accounting for every one of them.

Files are read in worker processes, each under a time and a memory cap, so a hostile file
costs only itself; only this process writes SQLite.

Example::

    summary = ingest_files("onrecord.db", files(["papers/"]), jobs=4)
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from onrecord import db, ingest, nlp
from onrecord.db.links import items_digest, links_current, read_entries, write_links
from onrecord.nlp.links import find_links
from onrecord.pool import MAX_MEMORY, TIMEOUT, BatchError, Failed, Pool, Read, oneline
from onrecord.reextract import reextract
from onrecord.walk import Refused, file_kind, files, ignored

__all__ = [
    "MAX_MEMORY", "TIMEOUT", "BatchError", "Done", "Interrupted", "Reading", "Refused", "Summary", "extract_file",
    "files", "ignored", "ingest_files", "listing", "relink_links",
]

@dataclass
class Summary:
    """What a batch did; `errors` has one line per failed file or page."""

    documents: int = 0  # read and stored
    skipped: int = 0  # already stored: found by content hash, not read again
    duplicates: int = 0  # names newly added to a document that was stored already
    known_failures: int = 0  # failed before under the same options: not read again, still in `errors`
    pages: int = 0
    items: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    new_errors: list[str] = field(default_factory=list)  # those of `errors` not recorded before this batch
    links: tuple[int, int] | None = None  # (written, deleted) if the links were found again
    reextracted: int = 0  # stored documents extracted again: an older extractor had made their items


@dataclass
class Done:
    """One file accounted for, as a progress bar wants it."""

    path: str | Path  # a URI on a cluster
    size: int  # bytes
    pages: int  # pages read in this batch (0 for a skipped or duplicate file)
    outcome: str  # stored, unchanged, duplicate, failed, known failure
    ocr_pages: int = 0  # of those pages, read by OCR


@dataclass
class Reading:
    """A page of a file just read by a worker, as a progress bar wants it."""

    path: str | Path  # a URI on a cluster
    page: int
    pages: int  # in the file (0 if not known: not a PDF)
    ocr_pages: int  # of the file's pages read so far, read by OCR


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped the batch; `summary` is what it had stored. Every stored document is whole."""

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary


@dataclass
class _Task:
    """One document to read: its content hash and every name it has in this batch."""

    doc_id: str
    paths: list[str | Path]
    sizes: list[int]


def ingest_files(
    database_path: str | Path,
    paths: Iterable[str | Path | Refused],
    password: str | None = None,
    progress: Callable[[Done], None] | None = None,
    *,
    ocr: str = "auto",
    jobs: int | None = None,
    timeout: float = TIMEOUT,
    max_memory: int = MAX_MEMORY,
    retry_failed: bool = False,
    relink: bool = True,
    reextracting: Callable[[str, str], None] | None = None,
    reading: Callable[[Reading], None] | None = None,
) -> Summary:
    """Read, extract and store each file in worker processes; a file that fails is recorded in `errors`.

    Files whose bytes are stored already are skipped without being read, so a batch that was
    killed can simply be run again. So are bytes that failed before under the same password and
    OCR mode, unless a larger timeout or max_memory could change that, or retry_failed is set.
    Raises BatchError only if the database cannot be used or no worker can start.
    max_memory is in MB, over what a worker holds before its first file (the language model).
    Then stored documents that an older extractor made are extracted again (`reextracting` is told
    each one's path and whether it was read from its file or its stored pages), and the links
    between documents are found again if the stored items changed (unless relink is False, for a
    caller that stores several batches and links once). `reading` is told of each page a worker reads.
    Ctrl-C (KeyboardInterrupt) stops the batch between two documents' transactions: it raises
    Interrupted with what was stored.
    """
    started = time.monotonic()
    options = {"password": password, "ocr": ocr}
    tried = _Tried(_options_key(password, ocr), timeout, max_memory)
    try:
        database = db.open_db(database_path)
    except db.DatabaseError as e:
        raise BatchError(str(e)) from e
    batch = _Batch(database, progress, tried, retry_failed)
    queue = iter(paths)
    exhausted = False

    def page_read(task: _Task, page: int, pages: int, ocr_pages: int) -> None:
        if reading:
            reading(Reading(task.paths[0], page, pages, ocr_pages))

    readers: Pool[_Task] = Pool(jobs or os.cpu_count() or 1, timeout, max_memory, options, on_page=page_read)
    interrupted = False
    try:
        while True:
            # Hash only a little ahead, so that the first files are read while the rest wait; but
            # a file ahead for each worker, which it starts on while the main process stores.
            while not exhausted and len(readers.waiting) < 2 * readers.jobs:
                path = next(queue, None)
                if path is None:
                    exhausted = True
                elif isinstance(path, Refused):
                    with _held_interrupt():
                        batch.refuse(path)
                else:
                    with _held_interrupt():
                        task = batch.admit(Path(path))
                    if task:
                        readers.put(task, Path(task.paths[0]), task.doc_id)
            if not readers.busy():
                break
            for task, outcome in readers.wait():
                with _held_interrupt():  # a document is stored and counted, or neither
                    batch.finish(task, outcome)
        # documents stored by an older extractor (an upgrade, an edited rule) are extracted again
        batch.summary.reextracted = reextract(database, reextracting or (lambda path, source: None))
        if relink:
            batch.summary.links = relink_links(database)
    except KeyboardInterrupt:  # a transaction it cut short was rolled back: stored documents are whole
        interrupted = True
    finally:
        with _no_interrupt():  # a second Ctrl-C must not cut the clean-up short
            readers.close()
            database.close()  # the last connection: SQLite folds the write-ahead log into the file
    batch.summary.seconds = time.monotonic() - started
    if interrupted:
        raise Interrupted(batch.summary)
    return batch.summary


@contextmanager
def listing(summary: Summary | None = None, started: float | None = None) -> Iterator[Summary]:
    """Ctrl-C while the inputs are listed (a huge folder, a slow share, a slow remote listing),
    before any is read, raises Interrupted as it does during reading: with what was stored by then
    (nothing, or the refusals the listing recorded) and the time since `started`. The cluster's
    batch, which lists and reads, is under it whole."""
    started = time.monotonic() if started is None else started
    summary = Summary() if summary is None else summary
    try:
        yield summary
    except Interrupted:
        raise
    except KeyboardInterrupt:
        summary.seconds = time.monotonic() - started
        raise Interrupted(summary) from None


@contextmanager
def _held_interrupt() -> Iterator[None]:
    """Ctrl-C held back until the block is done (then raised): what it writes and what it counts agree."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@contextmanager
def _no_interrupt() -> Iterator[None]:
    """Ctrl-C ignored for the block, where this is the main thread (only it can set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def relink_links(database: Database) -> tuple[int, int] | None:
    """Find the links between documents again if the stored items changed since they were found
    (papers added, changed or removed, now or by a run cut short); (written, deleted) if so."""
    digest = items_digest(database)
    if links_current(database, digest):
        return None
    return write_links(database, find_links(read_entries(database)), digest)


@dataclass(frozen=True)
class _Tried:
    """What a failure depends on besides the file's bytes: the reading options and the caps."""

    options: str  # _options_key
    timeout: float
    max_memory: int


def _options_key(password: str | None, ocr: str) -> str:
    """The reading options as text; the password only as a slow salted digest, as the database is published."""
    secret = None
    if password is not None:
        secret = hashlib.pbkdf2_hmac("sha256", password.encode(), b"onrecord.known_failures", 200_000).hex()
    return json.dumps({"ocr": ocr, "password": secret}, sort_keys=True)


class _Batch:
    """The database side of a batch: skip by content hash, store results, record failures."""

    def __init__(
        self, database: Database, progress: Callable[[Done], None] | None, tried: _Tried, retry_failed: bool
    ) -> None:
        self.database = database
        self.progress = progress
        self.tried = tried
        self.retry_failed = retry_failed
        self.summary = Summary()
        self.pending: dict[str, _Task] = {}  # by content hash: waiting or being read

    def admit(self, path: Path) -> _Task | None:
        """The task that will read this file, or None if it is accounted for already."""
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):  # reading a FIFO or /dev/zero would never end
                self._fail([path], [0], "read", f"not a regular file ({file_kind(status.st_mode)}), not read")
                return None
            size = status.st_size
            if unsupported := ingest.unsupported(path):  # .rtf, .xlsx: no reader takes it
                self._fail([path], [size], "read", unsupported)
                return None
            doc_id = ingest.sha256(path)
        except OSError as e:
            self._fail([path], [0], "read", f"cannot open file: {e.strerror or e}")
            return None
        except ingest.IngestError as e:
            self._fail([path], [0], "read", str(e))
            return None
        if doc_id in self.pending:  # the same bytes under another name: read them once
            self.pending[doc_id].paths.append(path)
            self.pending[doc_id].sizes.append(size)
            return None
        if self.settled(path, size, doc_id):
            return None
        task = _Task(doc_id, [path], [size])
        self.pending[doc_id] = task
        return task

    def settled(self, path: str | Path, size: int, doc_id: str) -> bool:
        """Account for a file whose bytes are stored already, or failed before under these options
        (unless retry_failed); False if it must be read."""
        if db.is_stored(self.database, doc_id):
            with self.database.atomic():
                added = db.add_paths(self.database, doc_id, [path])
                db.clear_errors(self.database, path)
            if added:
                self.summary.duplicates += 1
            else:
                self.summary.skipped += 1
            self._report(path, size, 0, "duplicate" if added else "unchanged")
            return True
        tried = self.tried
        known = None if self.retry_failed else db.known_failure(
            self.database, doc_id, tried.options, tried.timeout, tried.max_memory
        )
        if known:
            self._fail([path], [size], *known, known=True)
        return known is not None

    def refuse(self, refused: Refused) -> None:
        """Record a file that is not read, and why."""
        self._fail([refused.path], [0], "read", refused.reason)

    def finish(self, task: _Task, outcome: Read | Failed) -> None:
        """Store what a worker read, or record why it could not."""
        del self.pending[task.doc_id]
        if isinstance(outcome, Read):
            self._store(task, outcome.doc, outcome.items)
            return
        with self.database.atomic():
            if outcome.cap != "system":  # the machine's state, not the file's: read it again next time
                db.record_failure(
                    self.database, task.doc_id, self.tried.options, outcome.stage, outcome.reason,
                    timeout=self.tried.timeout if outcome.cap == "timeout" else None,
                    max_memory=self.tried.max_memory if outcome.cap == "memory" else None,
                )
            self._fail(task.paths, task.sizes, outcome.stage, outcome.reason)

    def _store(self, task: _Task, doc: ingest.Document, items: list[nlp.Item]) -> None:
        new = [not db.has_error(self.database, doc.path, "ingest", e.reason, e.page) for e in doc.errors]
        try:
            # One transaction: a batch killed here leaves the document wholly stored or absent.
            with self.database.atomic():
                db.store(self.database, doc, items)  # page errors go to `errors` with the document
                db.add_paths(self.database, doc.id, task.paths[1:])
                for path in task.paths:
                    db.clear_errors(self.database, path)
        except Exception as e:  # noqa: BLE001 - a bug must cost one file, not the batch: record it
            self._fail(task.paths, task.sizes, "db", f"internal error: {type(e).__name__}: {oneline(e)}")
            return
        self.summary.documents += 1
        self.summary.duplicates += len(task.paths) - 1
        self.summary.pages += len(doc.pages)
        self.summary.items += len(items)
        for error, is_new in zip(doc.errors, new):
            line = f"{db.shown_path(doc.path)[0]}: {error.reason}"
            self.summary.errors.append(line)
            if is_new:
                self.summary.new_errors.append(line)
        ocr_pages = sum(page.ocr for page in doc.pages)
        for i, (path, size) in enumerate(zip(task.paths, task.sizes)):
            first = i == 0
            self._report(path, size, len(doc.pages) if first else 0, "stored" if first else "duplicate",
                         ocr_pages if first else 0)

    def _fail(
        self, paths: list[str | Path], sizes: list[int], stage: str, reason: str, known: bool = False
    ) -> None:
        for path, size in zip(paths, sizes):
            new = not db.has_error(self.database, str(path), stage, reason)
            db.record_error(self.database, str(path), stage, reason)  # a known one: changes nothing
            shown = db.shown_path(path)[0]
            line = f"{shown}: {reason}" + (" (failed before, not read again)" if known else "")
            self.summary.errors.append(line)
            if new:  # this file's failure is not yet in `errors`: a cron job wants to hear of it
                self.summary.new_errors.append(line)
            self.summary.known_failures += known
            self._report(path, size, 0, "known failure" if known else "failed")

    def _report(self, path: str | Path, size: int, pages: int, outcome: str, ocr_pages: int = 0) -> None:
        if self.progress:
            self.progress(Done(path, size, pages, outcome, ocr_pages))


def extract_file(path: str | Path, password: str | None = None) -> list[nlp.Item]:
    """Items of one file, without a database."""
    return nlp.extract(ingest.read(path, password=password))
