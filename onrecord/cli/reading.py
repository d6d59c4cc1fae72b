"""Reading papers: `onrecord ingest`, `reextract` and `extract`."""
from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from onrecord import cluster as clustering
from onrecord import owners as ownership
from onrecord import pipeline, progress
from onrecord import reextract as reextraction
from onrecord.cli import options
from onrecord.db import DatabaseError, open_db
from onrecord.ingest import OCR_MODES, SUPPORTED_SUFFIXES
from onrecord.ingest.errors import IngestError


class _PathOrUri(click.Path):
    """An existing path, or a URI (s3://, memory://, ...) that `--cluster` lists through fsspec."""

    def convert(self, value, param, ctx):
        return value if "://" in str(value) else super().convert(value, param, ctx)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=_PathOrUri(exists=True))
@click.option("-d", "--database", default="onrecord.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite file to write")
@click.option("--password", help="Password for encrypted PDFs")
@click.option("--ocr", type=click.Choice(OCR_MODES), default="auto", show_default=True,
              help="OCR pages without usable text, every page, or none")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="the cores",
              help="Worker processes reading files")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=pipeline.TIMEOUT,
              show_default=True, help="Seconds one file may take, and 10 more for each page")
@click.option("--max-memory", type=click.IntRange(min=64), default=pipeline.MAX_MEMORY, show_default=True,
              help="MB of memory one file may take")
@click.option("--retry-failed", is_flag=True, help="Read files that failed before again")
@click.option("--silent", is_flag=True, help="No progress bar")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False),
              help="Owner alias file to add first (alias<TAB>owner name a line)")
@click.option("--cluster", metavar="local|tcp://HOST:PORT", help="Read on a Dask cluster (extra onrecord[dask])")
@options.rules_option
def ingest(paths, database, password, ocr, jobs, timeout, max_memory, retry_failed, silent, aliases, cluster):
    """Read meeting papers into a SQLite database of items.

    Folders are read recursively, in parallel. A file that cannot be read, or
    overruns --timeout or --max-memory, is recorded in the errors table and the
    others go on; the exit code is then 1. Files already stored (the same
    bytes, under any name) are skipped, so an interrupted run can be resumed by
    running it again; so are files that failed before under the same options,
    unless --retry-failed is given.

    Example:

        onrecord ingest papers/ -d onrecord.db --jobs 4
        onrecord ingest s3://bucket/papers/ -d archive.db --cluster tcp://scheduler:8786
    """
    options.warn_if_no_model()
    if aliases:
        options.regroup(ownership.load, database, aliases)
    if cluster or any("://" in path for path in paths):
        summary = _on_cluster(paths, database, cluster, password=password, ocr=ocr, jobs=jobs, timeout=timeout,
                              max_memory=max_memory, retry_failed=retry_failed, silent=silent)
        for line in progress.summary_lines(summary, database):
            click.echo(line, err=True)
        sys.exit(progress.exit_code(summary))
    try:
        with pipeline.listing():  # a huge folder or a slow share: Ctrl-C ends as during reading
            files = list(pipeline.files(paths))
            sizes = [_size(path) for path in files]
    except pipeline.Interrupted as e:
        _interrupted(e.summary, database)
    if not files:
        suffixes = ", ".join(SUPPORTED_SUFFIXES)
        raise click.ClickException(f"no file to read in {', '.join(paths)} - onrecord reads {suffixes}")
    state = progress.Progress(len(files))
    # The bar counts bytes, for an ETA that a 300-page report does not throw off.
    with click.progressbar(
        length=max(sum(sizes), 1), label="Ingesting", file=sys.stderr, show_pos=False,
        item_show_func=state.line, hidden=silent or not files,
    ) as bar:
        def advance(step: pipeline.Done) -> None:
            state.finished(step)
            bar.update(step.size)

        def reading(page: pipeline.Reading) -> None:
            state.reading(page)
            bar.render_progress()  # drawn again: a long scan shows its pages going by

        try:
            summary = pipeline.ingest_files(
                database, files, password=password, progress=advance, ocr=ocr,
                jobs=jobs, timeout=timeout, max_memory=max_memory, retry_failed=retry_failed,
                reextracting=options.reextracting(silent), reading=reading,
            )
            lines, code = progress.summary_lines(summary, database), progress.exit_code(summary)
        except pipeline.BatchError as e:
            raise click.ClickException(str(e))
        except pipeline.Interrupted as e:
            lines, code = progress.interrupted_lines(e.summary, database), progress.exit_code(e.summary, True)
    for line in lines:
        click.echo(line, err=True)
    sys.exit(code)


def _interrupted(summary: pipeline.Summary, database: str) -> NoReturn:
    """Ctrl-C: the new errors, the line of what was stored and how to resume, exit 130."""
    for line in progress.interrupted_lines(summary, database):
        click.echo(line, err=True)
    sys.exit(progress.exit_code(summary, True))


def _on_cluster(paths, database, cluster, silent, **settings):
    """The batch on a Dask cluster (onrecord/cluster.py), its progress on stderr."""
    if not cluster:
        raise click.UsageError("a URI is read on a cluster - give --cluster local or --cluster tcp://HOST:PORT")
    if not clustering.dask_available():
        raise click.ClickException("--cluster needs Dask - pip install 'onrecord[dask]'")
    try:
        return clustering.ingest_on_cluster(database, paths, cluster, stream=None if silent else sys.stderr,
                                            reextracting=options.reextracting(silent), **settings)
    except pipeline.BatchError as e:
        raise click.ClickException(str(e))
    except pipeline.Interrupted as e:  # while the URIs were listed or read
        _interrupted(e.summary, database)


def _size(path: Path | pipeline.Refused) -> int:
    if isinstance(path, pipeline.Refused):
        return 0
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the batch records why it cannot be read


@click.command()
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.option("--silent", is_flag=True, help="No line per document")
@options.rules_option
def reextract(database, silent):
    """Extract the items of stored documents again, where an older extractor made them.

    `onrecord ingest` does this too; after editing a rule or an alias, run it on its own. Each
    document is read again from its file if the file is still there unchanged, else from its
    stored pages. Example:

        onrecord reextract onrecord.db
    """
    try:
        linked = open_db(database)
    except DatabaseError as e:
        raise click.ClickException(str(e))
    try:
        done = reextraction.reextract(linked, options.reextracting(silent))
        relinked = pipeline.relink_links(linked)
    finally:
        linked.close()
    if done:
        click.echo(f"{done} documents re-extracted: their items were made by an older extractor", err=True)
    else:
        click.echo("Every document's items were made by this extractor: nothing to do", err=True)
    if relinked is not None:
        click.echo(f"Links between documents: {relinked[0]} written, {relinked[1]} deleted", err=True)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="Output format")
@click.option("--password", help="Password for an encrypted PDF")
@options.rules_option
def extract(file, fmt, password):
    """Print one file's items, without a database.

    jsonl prints one line in the shape of the gold labels, for score.py.

    Example:

        onrecord extract report.pdf > report.jsonl
    """
    options.warn_if_no_model()
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
