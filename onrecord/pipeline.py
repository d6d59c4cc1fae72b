"""Glue: run ingest -> nlp -> db over files, accounting for every one of them."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import db
import ingest
import nlp
from ingest.errors import IngestError
from nlp.score import score


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    pages: int = 0
    items: int = 0
    errors: list[str] = field(default_factory=list)  # one line per failed file or page


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
    paths: Iterable[Path],
    password: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> Summary:
    """Read, extract and store each file; a file that fails is recorded in `errors`, never fatal."""
    database = db.open_db(database_path)
    summary = Summary()
    for path in paths:
        if progress:
            progress(path)
        try:
            doc_id = _sha256(path)
        except OSError as e:
            _fail(database, summary, path, "read", e.strerror or str(e))
            continue
        if db.is_stored(database, doc_id):
            summary.skipped += 1
            continue
        try:
            doc = ingest.read(path, password=password)
            items = nlp.extract(doc)
        except IngestError as e:
            _fail(database, summary, path, "ingest", str(e))
            continue
        except Exception as e:  # a bug must cost one file, not the batch: record it and go on
            _fail(database, summary, path, "extract", f"internal error: {type(e).__name__}: {e}")
            continue
        db.store(database, doc, items)  # page errors go to `errors` with the document
        db.clear_errors(database, str(path))
        summary.errors.extend(f"{path}: {e.reason}" for e in doc.errors)
        summary.documents += 1
        summary.pages += len(doc.pages)
        summary.items += len(items)
    return summary


def _fail(database, summary: Summary, path: Path, stage: str, reason: str) -> None:
    db.record_error(database, str(path), stage, reason)
    summary.errors.append(f"{path}: {reason}")


def extract_file(path: str | Path, password: str | None = None) -> list[nlp.Item]:
    """Items of one file, without a database."""
    return nlp.extract(ingest.read(path, password=password))


def load_jsonl(path: str | Path) -> dict[str, dict]:
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                docs[doc["file"]] = doc
    return docs


def evaluate(gold_path: str | Path, root: str | Path) -> tuple[dict, dict[str, dict]]:
    """Extract every file the gold labels and score the result as ../shared/gold/score.py does."""
    gold = load_jsonl(gold_path)
    predicted = {}
    for file in gold:
        try:
            items = extract_file(Path(root) / file)
        except IngestError:
            items = []
        predicted[file] = {"file": file, "items": [item.gold() for item in items]}
    return score(gold, predicted)
