"""The `onrecord` command line."""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import yaml

from db import open_db
from ingest import OCR_MODES
from ingest.errors import IngestError
from nlp import train as training
from nlp.score import score, score_by_kind
from onrecord import evaluate as evaluation
from onrecord import pipeline


@click.group()
@click.version_option(package_name="onrecord")
def cli():
    """Who committed to what, by when, and where it says so."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-d", "--database", default="onrecord.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite file to write")
@click.option("--password", help="Password for encrypted PDFs")
@click.option("--ocr", type=click.Choice(OCR_MODES), default="auto", show_default=True,
              help="OCR pages without usable text, every page, or none")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="the cores",
              help="Worker processes reading files")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=pipeline.TIMEOUT,
              show_default=True, help="Seconds one file may take")
@click.option("--max-memory", type=click.IntRange(min=64), default=pipeline.MAX_MEMORY, show_default=True,
              help="MB of memory one file may take")
@click.option("--retry-failed", is_flag=True, help="Read files that failed before again")
@click.option("--silent", is_flag=True, help="No progress bar")
def ingest(paths, database, password, ocr, jobs, timeout, max_memory, retry_failed, silent):
    """Read meeting papers into a SQLite database of items.

    Folders are read recursively, in parallel. A file that cannot be read, or
    overruns --timeout or --max-memory, is recorded in the errors table and the
    others go on; the exit code is then 1. Files already stored (the same
    bytes, under any name) are skipped, so an interrupted run can be resumed by
    running it again; so are files that failed before under the same options,
    unless --retry-failed is given.

    Example:

        onrecord ingest papers/ -d onrecord.db --jobs 4
    """
    files = list(pipeline.files(paths))
    sizes = [_size(path) for path in files]
    done = {"files": 0, "pages": 0}

    def show(_item: object) -> str:
        return f"{done['files']}/{len(files)} files, {done['pages']} pages"

    # The bar counts bytes, for an ETA that a 300-page report does not throw off.
    with click.progressbar(
        length=max(sum(sizes), 1), label="Ingesting", file=sys.stderr, show_pos=False,
        item_show_func=show, hidden=silent or not files,
    ) as bar:
        def advance(step: pipeline.Done) -> None:
            done["files"] += 1
            done["pages"] += step.pages
            bar.update(step.size, step.path)

        try:
            summary = pipeline.ingest_files(
                database, files, password=password, progress=advance, ocr=ocr,
                jobs=jobs, timeout=timeout, max_memory=max_memory, retry_failed=retry_failed,
            )
        except pipeline.BatchError as e:
            raise click.ClickException(str(e))
    if summary.links is not None:  # papers added, changed or removed, now or by a run cut short
        written, deleted = summary.links
        click.echo(f"Links between documents: {written} written, {deleted} deleted", err=True)
    for line in summary.errors:
        click.echo(f"Error: {line} - recorded in table errors", err=True)
    click.echo(
        f"{summary.documents} documents, {summary.pages} pages, {summary.items} items, "
        f"{summary.skipped} unchanged, {summary.duplicates} duplicates, {len(summary.errors)} errors "
        f"({summary.known_failures} failed before, not read again) "
        f"in {summary.seconds:.1f} s -> {database}",
        err=True,
    )
    if summary.errors:
        sys.exit(1)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the batch records why it cannot be read


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="Output format")
@click.option("--password", help="Password for an encrypted PDF")
def extract(file, fmt, password):
    """Print one file's items, without a database.

    jsonl prints one line in the shape of the gold labels, for score.py.

    Example:

        onrecord extract report.pdf > report.jsonl
    """
    try:
        items = pipeline.extract_file(file, password=password)
    except IngestError as e:
        raise click.ClickException(f"{file}: {e}")
    if fmt == "jsonl":
        click.echo(json.dumps({"file": file, "items": [item.gold() for item in items]}, ensure_ascii=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=["kind", "ref", "page", "text", "owners", "due", "due_date"])
    writer.writeheader()
    for item in items:
        row = item.gold()
        row["owners"] = "; ".join(row["owners"])
        writer.writerow(row)


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Folder the gold's file paths are relative to  [default: the folder above the gold's]")
@click.option("--per-doc", is_flag=True, help="Also print paired/gold/predicted per document")
@click.option("--per-kind", is_flag=True, help="Also print the figures for each kind of document")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def evaluate(gold, root, per_doc, per_kind, as_json):
    """Score extraction against hand labels, with the figures of gold/score.py.

    Example:

        onrecord evaluate ../shared/gold/dev.jsonl --root ../shared --per-kind
    """
    labels = evaluation.load_jsonl(gold)
    root = Path(root) if root else Path(gold).resolve().parent.parent  # shared/gold/dev.jsonl -> shared
    missing = [file for file in labels if not (root / file).exists()]
    if missing:
        raise click.ClickException(f"{len(missing)} labelled files not found under {root}, e.g. {missing[0]} - use --root")
    predicted = evaluation.predict(labels, root)
    summary, docs = score(labels, predicted)
    if per_doc:
        for file, d in sorted(docs.items()):
            click.echo(f"{d['paired']:4d}/{d['gold']:<4d} pred {d['pred']:<4d} {file}")
    if per_kind:
        for kind, figures in score_by_kind(labels, predicted).items():
            shown = ", ".join(f"{k} {v}" for k, v in figures.items() if k != "documents")
            click.echo(f"{kind:10s} {figures['documents']:3d} docs: {shown}")
    if as_json:
        click.echo(json.dumps(summary))
    else:
        for key, value in summary.items():
            click.echo(f"{key:20s} {value}")


@cli.command()
@click.option("--examples", type=click.Path(exists=True, dir_okay=False), default=str(training.EXAMPLES),
              show_default="nlp/training/promises.jsonl", help="Labelled sentences, one JSON object a line")
@click.option("--out", type=click.Path(dir_okay=False), default=str(training.MODEL),
              show_default="nlp/patterns/promise_model.json", help="Where to write the fitted model")
def train(examples, out):
    """Fit the promise classifier on the project's own examples and write it as JSON.

    The same examples give the same file, byte for byte. Example:

        onrecord train && onrecord evaluate ../shared/gold/dev.jsonl
    """
    fitted = training.train(examples, out)
    click.echo(f"{fitted['examples']} examples, {len(fitted['weights'])} weights, "
               f"5-fold accuracy {fitted['cv_accuracy']} -> {out}")


def metadata_path() -> Path:
    """The repository's metadata.yml, or the copy installed with the package."""
    for candidate in (Path(__file__).resolve().parents[1] / "metadata.yml", Path(__file__).with_name("metadata.yml")):
        if candidate.exists():
            return candidate
    raise click.ClickException("metadata.yml not found - reinstall onrecord")


def metadata_for(database: Path) -> dict:
    """metadata.yml with its database section named after the database file."""
    metadata = yaml.safe_load(metadata_path().read_text())
    databases = metadata.get("databases") or {}
    if "onrecord" in databases and database.stem != "onrecord":
        databases[database.stem] = databases.pop("onrecord")
    return metadata


@cli.command()
@click.argument("database", default="onrecord.db", type=click.Path(exists=True, dir_okay=False))
@click.option("-h", "--host", default="127.0.0.1", show_default=True, help="Host to bind to")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port to listen on")
def serve(database, host, port):
    """Publish the database with Datasette, read-only.

    Example:

        onrecord serve onrecord.db
    """
    path = Path(database)
    try:
        open_db(path)  # a database from an older onrecord gets the newer schema's indexes and tables
    except sqlite3.OperationalError as e:
        click.echo(f"Warning: {path} not brought up to date ({e}); serving it as it is", err=True)
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        yaml.safe_dump(metadata_for(path), f)
    click.echo(f"Serving {path} at http://{host}:{port}/{path.stem}", err=True)
    click.echo(f"Search it at http://{host}:{port}/-/onrecord/search", err=True)
    command = [
        sys.executable, "-m", "datasette", "serve", "--immutable", str(path),
        "--metadata", f.name, "--host", host, "--port", str(port),
        "--setting", "suggest_facets", "off", "--setting", "sql_time_limit_ms", "2000",
    ]
    server = subprocess.Popen(command)
    # Stopped by a supervisor (SIGTERM), onrecord stops Datasette too instead of leaving it serving.
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        sys.exit(server.wait())
    except KeyboardInterrupt:  # Ctrl-C reaches Datasette as well; let it finish
        server.wait()
    finally:
        Path(f.name).unlink(missing_ok=True)
