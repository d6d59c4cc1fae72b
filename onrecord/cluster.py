"""Glue for `onrecord ingest --cluster`: the per-file work on a Dask cluster, this process the one writer.

The client lists the inputs (local paths, or URIs through fsspec), skips those whose size and
version it has seen with stored bytes, submits the rest as URIs (never bytes) a few per worker
thread at a time, and stores each result as the process pool's batch does, one document per
transaction; then it relinks. Needs the extra `onrecord[dask]`.

Example::

    summary = ingest_on_cluster("archive.db", ["s3://bucket/papers/"], "tcp://scheduler:8786")
"""
from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import IO, Any

from onrecord import db, ingest
from onrecord.db.listed import listed_sha256, record_listed
from onrecord.pipeline import (
    MAX_MEMORY,
    TIMEOUT,
    BatchError,
    Done,
    Summary,
    _Batch,
    _held_interrupt,
    _options_key,
    _Task,
    _Tried,
    listing,
    relink_links,
)
from onrecord.pool import Failed, Read, oneline
from onrecord.reextract import reextract
from onrecord.walk import Refused, file_kind, files, ignored

PER_THREAD = 2  # tasks in flight for each worker thread: one running, one waiting to start


@dataclass(frozen=True)
class Listed:
    """One input file: as stored (a local path as given, else its URI), its size and version."""

    uri: str
    size: int
    version: str | None  # an object store's etag, else the modification time
    local: bool  # a path every worker can open, not fetched through fsspec


def list_inputs(inputs: Iterable[str | Path]) -> Iterator[Listed | Refused]:
    """Every supported file under the paths and URIs given, once each, in a stable order."""
    seen: set[str] = set()
    for given in inputs:
        for entry in _list_one(str(given)):
            key = entry.uri if isinstance(entry, Listed) else str(entry.path)
            if key not in seen:
                seen.add(key)
                yield entry


def _list_one(given: str) -> Iterator[Listed | Refused]:
    if given.startswith("file://"):
        given = given.removeprefix("file://")
    if "://" not in given:
        for path in files([given]):
            if isinstance(path, Refused):
                yield path
                continue
            try:
                status = os.stat(path)
            except OSError as e:
                yield Refused(path, f"cannot open file: {e.strerror or e}")
                continue
            if not stat.S_ISREG(status.st_mode):  # reading a FIFO or /dev/zero would never end
                yield Refused(path, f"not a regular file ({file_kind(status.st_mode)}), not read")
                continue
            try:
                unsupported = ingest.unsupported(path)  # .rtf, .xlsx: recorded as the pool records it
            except ingest.IngestError as e:
                unsupported = str(e)
            if unsupported:
                yield Refused(path, unsupported)
                continue
            yield Listed(str(path), status.st_size, str(status.st_mtime_ns), True)
        return
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(given)
        if fs.isdir(root):
            found = fs.find(root, detail=True)
            names = [name for name in sorted(found) if not any(ignored(part) for part in name.split("/"))]
            infos = [found[name] for name in names if name.lower().endswith(ingest.SUPPORTED_SUFFIXES)]
            for name in names:  # every file of the folder accounted for, as in a local one
                if not name.lower().endswith(ingest.SUPPORTED_SUFFIXES):
                    yield Refused(given.rstrip("/") + name[len(root.rstrip("/")):],
                                  f"unsupported format: {Path(name).suffix.lower() or 'a name with no suffix'}")
        else:
            infos = [fs.info(root)]
    except Exception as e:  # noqa: BLE001 - each filesystem raises its own: the input is recorded
        yield Refused(Path(given), f"cannot list: {type(e).__name__}: {oneline(e)}")
        return
    for info in infos:
        # named as given (memory://a/b, not memory:///a/b): the URI a re-run is given again
        uri = given.rstrip("/") + info["name"][len(root.rstrip("/")):]
        yield Listed(uri, int(info.get("size") or 0), _version(info), False)


def _version(info: dict[str, Any]) -> str | None:
    """What changes when an object's bytes do: its etag, else its modification or creation time."""
    for key in ("ETag", "etag", "mtime", "LastModified", "last_modified", "created"):
        if info.get(key) is not None:
            return str(info[key])
    return None


def ingest_on_cluster(
    database_path: str | Path,
    inputs: Iterable[str | Path],
    cluster: Any,
    *,
    password: str | None = None,
    ocr: str = "auto",
    jobs: int | None = None,
    timeout: float = TIMEOUT,
    max_memory: int = MAX_MEMORY,
    retry_failed: bool = False,
    relink: bool = True,
    stream: IO[str] | None = None,
    reextracting: Callable[[str, str], None] | None = None,
) -> Summary:
    """Read, extract and store each input on a Dask cluster: "local" (a LocalCluster of `jobs`
    workers), a scheduler's address, or a distributed.Client. Progress goes to `stream`.

    As ingest_files: every file is stored or recorded in `errors`, and a re-run reads nothing
    already stored; here a listed URI whose size and version are unchanged is not even fetched.
    Raises BatchError if the database cannot be used or the cluster cannot be reached.
    """
    started = time.monotonic()
    try:
        database = db.open_db(database_path)
    except db.DatabaseError as e:
        raise BatchError(str(e)) from e
    progress = _Progress(stream) if stream else None
    batch = _Batch(database, progress, _Tried(_options_key(password, ocr), timeout, max_memory), retry_failed)
    try:
        # Ctrl-C while listing or reading: Interrupted with what was stored, each document whole, as in the pool
        with listing(batch.summary, started):
            todo = []
            for entry in list_inputs(inputs):
                if isinstance(entry, Refused):
                    batch.refuse(entry)
                elif not ((sha := listed_sha256(database, entry.uri, entry.size, entry.version))
                          and batch.settled(entry.uri, entry.size, sha)):
                    todo.append(entry)
            if todo:
                from onrecord.readers import Readers

                with _client(cluster, jobs) as client:
                    if progress:
                        progress.start(client, todo)
                    try:
                        client.register_plugin(Readers({"password": password, "ocr": ocr}, timeout, max_memory))
                    except Exception as e:  # a worker's setup error, named for the user
                        raise BatchError(f"the Dask workers cannot read files: {oneline(e)}") from e
                    # Left registered when the batch ends by an exception: Ctrl-C reaches a local
                    # cluster's workers too, and removing the plugin from a worker that died makes
                    # it log a traceback (KeyError) and raise in place of the interrupt.
                    _submit_all(client, batch, todo)
                    # the plugin's teardown stops the readers: a shared cluster's workers keep no idle ones
                    client.unregister_worker_plugin(Readers.name)
            if progress:
                progress.close()
            batch.summary.reextracted = reextract(database, reextracting or (lambda path, source: None))
            if relink:
                batch.summary.links = relink_links(database)
    finally:
        database.close()
    batch.summary.seconds = time.monotonic() - started
    return batch.summary


@contextmanager
def _client(cluster: Any, jobs: int | None) -> Iterator[Any]:
    """A distributed.Client: the one given, or one on a new LocalCluster or at an address."""
    import dask
    from distributed import Client, LocalCluster

    if isinstance(cluster, Client):
        yield cluster
        return
    # The readers are child processes of each worker, which a daemonic process may not have.
    with dask.config.set({"distributed.worker.daemon": False}):
        if cluster == "local":
            with LocalCluster(
                n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                dashboard_address=":0" if find_spec("bokeh") else None, silence_logs=logging.CRITICAL,
                preload=["onrecord.readers"],  # its dask_setup: Ctrl-C is the batch's, not the workers'
                # CRITICAL: on Ctrl-C a worker's heartbeat to the closing scheduler logs a traceback at ERROR;
                # each file's failure is the batch's to record (errors), not the workers' logs to print
            ) as local, Client(local) as client:
                yield client
            return
        try:
            client = Client(cluster)  # timeout: distributed.comm.timeouts.connect
        except (OSError, TimeoutError, ValueError) as e:
            raise BatchError(f"cannot reach the Dask scheduler at {cluster}: {oneline(e)} - check --cluster") from e
        with client:
            yield client


def _submit_all(client: Any, batch: _Batch, todo: list[Listed]) -> None:
    """Submit the URIs a bounded window at a time, and store each result as it comes."""
    from distributed import as_completed

    from onrecord.readers import read_uri

    queue = iter(todo)
    running = as_completed()
    listed: dict[str, Listed] = {}

    def fill() -> None:
        window = PER_THREAD * max(1, sum(client.nthreads().values()))
        while running.count() < window and (entry := next(queue, None)) is not None:
            future = client.submit(read_uri, entry.uri, entry.local, pure=False)
            listed[future.key] = entry
            running.add(future)

    fill()
    for future in running:
        entry = listed.pop(future.key)
        outcome = _outcome(future, entry)
        with _held_interrupt():  # a document is stored and counted, or neither
            _finish(batch, entry, outcome)
        future.release()
        fill()


def _outcome(future: Any, entry: Listed) -> Any:
    """A task's Outcome, or one that says why the cluster could not give it."""
    from distributed import KilledWorker

    from onrecord.readers import Outcome

    try:
        return future.result()
    except KilledWorker:
        reason = "the Dask workers reading it died each time (killed, or out of memory)"
        return Outcome(entry.uri, entry.size, None, Failed("read", reason, "system"))
    except Exception as e:  # noqa: BLE001 - the cluster's error costs one file, recorded
        return Outcome(entry.uri, entry.size, None, Failed("read", f"cluster error: {oneline(e)}", "system"))


def _finish(batch: _Batch, entry: Listed, outcome: Any) -> None:
    """Store one result, with the URI's sources row, in one transaction."""
    database, sha, result = batch.database, outcome.sha256, outcome.result
    path: str | Path = Path(entry.uri) if entry.local else entry.uri
    with database.atomic():
        if sha is None:  # not even fetched: nothing to remember of its bytes
            batch._fail([path], [entry.size], result.stage, result.reason)
            return
        if isinstance(result, Read) and db.is_stored(database, sha):
            batch.settled(path, outcome.size, sha)  # the same bytes under another URI, stored first
        else:
            batch.pending[sha] = _Task(sha, [path], [outcome.size])
            batch.finish(batch.pending[sha], result)
        # Changed since it was listed: the version seen does not belong to these bytes.
        version = entry.version if outcome.size == entry.size else None
        record_listed(database, entry.uri, outcome.size, version, sha, sha if db.is_stored(database, sha) else None)


class _Progress:
    """Files, pages, workers and an ETA on one line of stderr, redrawn at most twice a second."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.client: Any = None
        self.files = self.total_files = self.pages = 0
        self.bytes = self.total_bytes = 0
        self.started = self.shown = 0.0

    def start(self, client: Any, todo: list[Listed]) -> None:
        self.client = client
        self.total_files, self.total_bytes = len(todo), sum(entry.size for entry in todo)
        self.started = time.monotonic()
        # the scheduler serves /status without bokeh too, but only to say that bokeh is missing
        if find_spec("bokeh") and client.scheduler_info().get("services", {}).get("dashboard"):
            print(f"Dask dashboard: {client.dashboard_link}", file=self.stream)

    def __call__(self, done: Done) -> None:
        if not self.client:  # skipped before any task: not part of the run's ETA
            return
        self.files += 1
        self.pages += done.pages
        self.bytes += done.size
        if time.monotonic() - self.shown >= 0.5 or self.files == self.total_files:
            self.show()

    def show(self) -> None:
        self.shown = now = time.monotonic()
        workers = len(self.client.scheduler_info().get("workers", {}))
        rate = self.bytes / max(now - self.started, 1e-9)
        eta = (self.total_bytes - self.bytes) / rate if rate else 0
        line = (f"Ingesting: {self.files}/{self.total_files} files, {self.pages} pages, {workers} workers, "
                f"ETA {int(eta) // 60}m{int(eta) % 60:02d}s")
        self.stream.write(f"\r{line}")
        self.stream.flush()

    def close(self) -> None:
        if self.client:
            self.stream.write("\n")
            self.stream.flush()


def dask_available() -> bool:
    """Whether the extra onrecord[dask] is installed."""
    return find_spec("distributed") is not None and find_spec("fsspec") is not None


__all__ = ["Listed", "dask_available", "ingest_on_cluster", "list_inputs"]
