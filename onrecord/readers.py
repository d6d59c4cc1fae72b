"""What runs on a Dask worker for `onrecord ingest --cluster`: one file read per task.

A WorkerPlugin loads the language model, the rules and the item model once per worker (Dask
sets it up again on a restarted or added worker). Each task fetches one URI to local disk if it
is not a local file, and reads it through the same Pool as a single machine does: in a child
process under the per-file time and memory caps, so a hostile file costs only itself there too.

Example::

    client.register_plugin(Readers({"ocr": "auto", "password": None}, 300, 2048))
    outcome = client.submit(read_uri, "s3://papers/a.pdf", False).result()
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from onrecord import ingest
from onrecord.pool import Failed, Pool, Read, oneline

PLUGIN = "onrecord-readers"
_CHUNK = 1 << 20


@dataclass
class Outcome:
    """One URI read on a worker: its bytes' size and sha256 (None if it could not be fetched)."""

    uri: str
    size: int
    sha256: str | None
    result: Read | Failed


class WorkerSetupError(RuntimeError):
    """A worker that cannot read files; str(error) names the fix."""


class Readers(WorkerPlugin):
    """Per worker: the models loaded once, and a Pool of one reader process for each task thread."""

    name = PLUGIN

    def __init__(self, options: dict[str, Any], timeout: float, max_memory: int) -> None:
        self.options = options
        self.timeout = timeout
        self.max_memory = max_memory

    def setup(self, worker: Any) -> None:
        self.pools: dict[int, Pool[str]] = {}  # here, not in __init__: the plugin is pickled to workers
        self.lock = threading.Lock()
        if multiprocessing.current_process().daemon:
            raise WorkerSetupError(
                "this Dask worker is a daemonic process, which cannot start onrecord's reader processes"
                " - start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False"
            )
        from onrecord.nlp.decide import item_model
        from onrecord.nlp.rules import rules
        from onrecord.pool import _warm_up

        _warm_up()  # spaCy: the readers fork from this process and share it
        rules()
        item_model()

    def teardown(self, worker: Any) -> None:
        with self.lock:
            for pool in self.pools.values():
                pool.close()
            self.pools.clear()

    def pool(self) -> Pool[str]:
        """This thread's Pool: a reader forked by a thread dies with it (PR_SET_PDEATHSIG), so each
        task thread keeps its own."""
        key = threading.get_ident()
        with self.lock:
            if key not in self.pools:
                self.pools[key] = Pool(1, self.timeout, self.max_memory, self.options)
            return self.pools[key]


def dask_setup(worker: Any) -> None:
    """A local cluster's workers preload this module (`LocalCluster(preload=[__name__])`).

    Ctrl-C reaches the terminal's whole process group, workers included. It is for the batch,
    which then closes the cluster in order; a worker that took it too would stop on its own and
    could log a traceback while the scheduler goes away under it.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_uri(uri: str, local: bool) -> Outcome:
    """Fetch and read one file on this worker: the Document and items, or why not."""
    readers: Readers = get_worker().plugins[PLUGIN]  # type: ignore[assignment]
    try:
        with _at_hand(uri, local) as (path, size, sha):
            pool = readers.pool()
            pool.put(uri, path, sha)
            ended: list[tuple[str, Read | Failed]] = []
            while pool.busy():
                ended += pool.wait()
    except OSError as e:
        cause = e.strerror or ("not found" if isinstance(e, FileNotFoundError) else oneline(e))
        return Outcome(uri, 0, None, Failed("read", f"cannot open file: {cause}"))
    result = ended[0][1]
    if isinstance(result, Read):
        result.doc.path = uri  # not the copy's: the name the client listed
    return Outcome(uri, size, sha, result)


@contextmanager
def _at_hand(uri: str, local: bool) -> Iterator[tuple[Path, int, str]]:
    """(a local file with the URI's bytes, size, sha256): the file itself, or a copy under the
    same name in a temporary folder, removed afterwards."""
    if local:
        yield Path(uri), os.stat(uri).st_size, ingest.sha256(uri)
        return
    import fsspec

    folder = tempfile.mkdtemp(prefix="onrecord-")
    try:
        path = Path(folder) / (uri.rstrip("/").rsplit("/", 1)[-1] or "file")
        digest = hashlib.sha256()
        size = 0
        with fsspec.open(uri, "rb") as source, path.open("wb") as copy:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                copy.write(chunk)
                size += len(chunk)
        yield path, size, digest.hexdigest()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

