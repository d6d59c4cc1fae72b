"""The `onrecord` command line."""
from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import click

from onrecord import cluster as clustering
from onrecord import evaluate as evaluation
from onrecord import owners as ownership
from onrecord import pipeline, progress, site, sources
from onrecord import reextract as reextraction
from onrecord import status as status_report
from onrecord.db import DatabaseError, open_db
from onrecord.ingest import OCR_MODES, SUPPORTED_SUFFIXES
from onrecord.ingest.errors import IngestError
from onrecord.nlp import parse, rules
from onrecord.nlp import train as training
from onrecord.nlp.decide import item_model
from onrecord.nlp.score import score


def _use_rules(ctx, param, value):
    """--rules DIR: checked whole before anything is read, then in force for this run and its workers."""
    if value is not None:
        found = rules.problems(Path(value))
        if found:
            raise click.BadParameter("\n".join(found), param=param)
        os.environ[rules.ENV] = str(Path(value).resolve())
    return value


rules_option = click.option(
    "--rules", type=click.Path(exists=True, file_okay=False), callback=_use_rules, expose_value=False,
    is_eager=True, help="A folder of your own rules files (cues.json, table_headers.json, ...): each replaces "
                        "the project's file of that name; stored documents are re-extracted with them")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onrecord")
def cli():
    """Who committed to what, by when, and where it says so."""


class _PathOrUri(click.Path):
    """An existing path, or a URI (s3://, memory://, ...) that `--cluster` lists through fsspec."""

    def convert(self, value, param, ctx):
        return value if "://" in str(value) else super().convert(value, param, ctx)


@cli.command()
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
@rules_option
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
    _warn_if_no_model()
    if aliases:
        _owners_call(ownership.load, database, aliases)
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
                reextracting=_reextracting(silent), reading=reading,
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


def _warn_if_no_model() -> None:
    """Once, on stderr: without spaCy's model, owners and items are of lower quality."""
    if reason := parse.missing():
        click.echo(f"Warning: {reason}", err=True)


def _on_cluster(paths, database, cluster, silent, **options):
    """The batch on a Dask cluster (onrecord/cluster.py), its progress on stderr."""
    if not cluster:
        raise click.UsageError("a URI is read on a cluster - give --cluster local or --cluster tcp://HOST:PORT")
    if not clustering.dask_available():
        raise click.ClickException("--cluster needs Dask - pip install 'onrecord[dask]'")
    try:
        return clustering.ingest_on_cluster(database, paths, cluster, stream=None if silent else sys.stderr,
                                            reextracting=_reextracting(silent), **options)
    except pipeline.BatchError as e:
        raise click.ClickException(str(e))
    except pipeline.Interrupted as e:  # while the URIs were listed or read
        _interrupted(e.summary, database)


def _reextracting(silent: bool):
    """A line on stderr for each document extracted again."""
    def say(path: str, source: str) -> None:
        if not silent:
            click.echo(f"Re-extracted {path} (from the {source})", err=True)
    return say


@cli.command()
@click.argument("database", default="onrecord.db", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON")
def status(database, as_json):
    """Count what a database holds: documents, pages, OCR'd pages, items and errors, by kind and by body.

    Example:

        onrecord status onrecord.db
    """
    counts = status_report.status(_read_only(database))
    click.echo(json.dumps(counts, indent=2) if as_json else status_report.render(counts, database))


@cli.command()
@click.argument("database", default="onrecord.db", type=click.Path(dir_okay=False))
@click.option("--since", callback=lambda ctx, param, value: _iso(value), metavar="DATE",
              help="Only errors recorded since then: YYYY-MM-DD or YYYY-MM-DDTHH:MM")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON")
def errors(database, since, as_json):
    """List each file and page that could not be read, with its cause, oldest first.

    Example:

        onrecord errors onrecord.db --since 2026-01-01
    """
    rows = status_report.errors(_read_only(database), since)
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else status_report.error_line(row))
    files = sum(row["page"] is None for row in rows)
    click.echo(f"{len(rows)} errors: {files} files not read, {len(rows) - files} pages", err=True)


def _read_only(database: str):
    try:
        return status_report.open_read_only(database)
    except status_report.StatusError as e:
        raise click.ClickException(str(e))


def _iso(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).isoformat() if "T" in value else date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: give YYYY-MM-DD or YYYY-MM-DDTHH:MM")


@cli.command()
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.option("--silent", is_flag=True, help="No line per document")
@rules_option
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
        done = reextraction.reextract(linked, _reextracting(silent))
        relinked = pipeline.relink_links(linked)
    finally:
        linked.close()
    if done:
        click.echo(f"{done} documents re-extracted: their items were made by an older extractor", err=True)
    else:
        click.echo("Every document's items were made by this extractor: nothing to do", err=True)
    if relinked is not None:
        click.echo(f"Links between documents: {relinked[0]} written, {relinked[1]} deleted", err=True)


@cli.group("import")
def import_():
    """Fetch a council's meetings and papers from its meeting system."""


def _import_options(command):
    options = [
        click.option("-d", "--database", default="onrecord.db", show_default=True,
                     type=click.Path(dir_okay=False), help="SQLite file to write"),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First meeting date, YYYY-MM-DD"),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last meeting date, YYYY-MM-DD"),
        click.option("--committee", "committees", multiple=True, metavar="ID",
                     help="Only this committee (the site's id); repeat for more"),
        click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
                     help="Seconds between requests to the site"),
        click.option("--papers", type=click.Path(file_okay=False),
                     help="Folder for downloaded papers  [default: DATABASE.papers]"),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Worker processes reading papers"),
        click.option("--silent", is_flag=True, help="No progress"),
        rules_option,
    ]
    for option in reversed(options):
        command = option(command)
    return click.argument("url")(command)


@import_.command("moderngov")
@_import_options
def import_moderngov(url, **options):
    """Import committees, meetings, decisions and papers from a Modern.Gov site.

    Reads the site's web service (mgWebService.asmx), or its pages where the
    service is switched off, one request at a time, --delay seconds apart. A second run fetches only meetings that are new or
    changed, and those of the last 90 days; papers held already are never
    downloaded again. Restricted items are never fetched.

    Example:

        onrecord import moderngov https://democracy.example.gov.uk -d council.db
    """
    _run_import(lambda: sources.ModernGov(url), **options)


@import_.command("cmis")
@_import_options
def import_cmis(url, **options):
    """Import meetings and papers from a CMIS site's calendar and meeting pages.

    URL is the site's address or its meeting calendar page. Reads the month
    calendar from --since (default: a year ago) to --until (default: three
    months ahead), then each meeting's page; papers are kept by the sha256 of
    their bytes, as their links carry no stable id.

    Example:

        onrecord import cmis https://cmis.example.gov.uk/cmis5 -d council.db
    """
    _run_import(lambda: sources.Cmis(url), **options)


def _run_import(make_site, database, since, until, committees, delay, papers, jobs, silent):
    def say(line: str) -> None:
        if not silent:
            click.echo(line, err=True)

    try:
        site = make_site()
        with sources.Client(delay=delay) as client:
            summary = sources.import_site(
                database, site, client,
                since=since.date().isoformat() if since else None,
                until=until.date().isoformat() if until else None,
                committees=set(committees) or None, papers_dir=papers, progress=say, jobs=jobs,
            )
    except sources.SourceError as e:
        raise click.ClickException(str(e))
    linked = open_db(database)
    try:
        relinked = pipeline.relink_links(linked)
    finally:
        linked.close()
    if relinked is not None:
        say(f"Links between documents: {relinked[0]} written, {relinked[1]} deleted")
    for line in summary.errors:
        click.echo(f"Error: {line} - recorded in table errors", err=True)
    click.echo(
        f"{summary.committees} committees, {summary.meetings} meetings "
        f"({summary.meetings_fetched} fetched, {summary.meetings_changed} new or changed), "
        f"{summary.papers_fetched} papers fetched, {summary.papers_new} papers new, "
        f"{summary.papers_held} held, {summary.restricted} restricted not fetched, "
        f"{summary.decisions} decision pages, {summary.items} items, {summary.requests} requests, {len(summary.errors)} errors "
        f"in {summary.seconds:.1f} s -> {database}",
        err=True,
    )
    if summary.errors:
        sys.exit(1)


def _size(path: Path | pipeline.Refused) -> int:
    if isinstance(path, pipeline.Refused):
        return 0
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the batch records why it cannot be read


@cli.group()
def owners():
    """Group owners under one name: the alias list, kept in the database.

    Example:

        onrecord owners merge onrecord.db "DfT" "Department for Transport"
    """


@owners.command("merge")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.argument("alias")
@click.argument("name")
def owners_merge(database, alias, name):
    """Group the owner printed or read as ALIAS under NAME, now and in every later ingest."""
    _owners_call(ownership.merge, database, alias, name)


@owners.command("split")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.argument("alias")
def owners_split(database, alias):
    """Make ALIAS an owner of its own, whatever grouped it with another."""
    _owners_call(ownership.split, database, alias)


@owners.command("list")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
def owners_list(database):
    """Print the alias list, in the format --aliases reads."""
    try:
        click.echo(ownership.listed(database), nl=False)
    except DatabaseError as e:
        raise click.ClickException(str(e))


def _owners_call(change, database, *args) -> None:
    try:
        changed = change(database, *args)
    except (DatabaseError, ownership.AliasError) as e:
        raise click.ClickException(str(e))
    click.echo(f"{changed} item owners regrouped -> {database}", err=True)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="Output format")
@click.option("--password", help="Password for an encrypted PDF")
@rules_option
def extract(file, fmt, password):
    """Print one file's items, without a database.

    jsonl prints one line in the shape of the gold labels, for score.py.

    Example:

        onrecord extract report.pdf > report.jsonl
    """
    _warn_if_no_model()
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
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Folder the gold's file paths are relative to  [default: the folder above the gold's]")
@click.option("--cv", type=click.Choice(["paper", "body"]),
              help="Cross-validate: decide each paper with a model fitted without it (or without its body)")
@click.option("--per-doc", is_flag=True, help="Also print paired/gold/predicted per document")
@click.option("--per-kind", is_flag=True, help="Also print the figures for each kind of paper")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def evaluate(gold, root, cv, per_doc, per_kind, as_json):
    """Score extraction against hand labels, with the figures of gold/score.py.

    In-sample figures use the shipped model, which was fitted on these labels; --cv gives the
    figure for papers the tool has not seen. Example:

        onrecord evaluate ../shared/gold/dev.jsonl ../shared/gold/dev2.jsonl --cv paper --per-kind
    """
    labels = evaluation.load_jsonl(*gold)
    root = _gold_root(gold[0], root)
    _check_files(labels, root)
    papers = evaluation.read_labelled(labels, root, _progress("reading", len(labels)))
    if cv:
        predicted = evaluation.cross_validate(papers, cv, _progress("fitting", len(papers)))
    else:
        predicted = evaluation.predict(papers, lambda paper: item_model())
    summary, docs = score(labels, predicted)
    if per_doc:
        for file, d in sorted(docs.items()):
            click.echo(f"{d['paired']:4d}/{d['gold']:<4d} pred {d['pred']:<4d} {file}")
    if per_kind:
        for kind, figures in evaluation.figures(labels, predicted, papers).items():
            if kind != "all":
                shown = ", ".join(f"{k} {v}" for k, v in figures.items() if k != "documents")
                click.echo(f"{kind:12s} {figures['documents']:3d} docs: {shown}")
    if as_json:
        click.echo(json.dumps(summary))
    else:
        for key, value in summary.items():
            click.echo(f"{key:20s} {value}")


def _gold_root(gold: str, root: str | None) -> Path:
    """Where the labelled files are: --root, else the folder above the gold's (shared/gold -> shared)."""
    return Path(root) if root else Path(gold).resolve().parent.parent


def _check_files(labels: dict, root: Path) -> None:
    missing = [file for file in labels if not (root / file).exists()]
    if missing:
        raise click.ClickException(f"{len(missing)} labelled files not found under {root}, e.g. {missing[0]} - use --root")


def _progress(what: str, total: int):
    """One line on stderr per step, so a long fit is not taken for a hang."""
    count = iter(range(1, total + 1))

    def say(name: str) -> None:
        click.echo(f"{what} {next(count, total)}/{total} {name}", err=True)
    return say


def _default_gold() -> list[str]:
    shared = Path(os.environ.get("ONRECORD_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    return [str(shared / "gold" / name) for name in ("dev.jsonl", "dev2.jsonl") if (shared / "gold" / name).exists()]


@cli.command()
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Folder the gold's file paths are relative to  [default: the folder above the gold's]")
@click.option("--out", type=click.Path(dir_okay=False), default=str(evaluation.MODEL),
              show_default="nlp/patterns/item_model.json", help="Where to write the fitted item model")
@click.option("--examples", type=click.Path(exists=True, dir_okay=False), default=str(training.EXAMPLES),
              show_default="nlp/training/promises.jsonl", help="The project's own labelled sentences")
@click.option("--promises-out", type=click.Path(dir_okay=False), default=str(training.MODEL),
              show_default="nlp/patterns/promise_model.json", help="Where to write the promise model")
def train(gold, root, out, examples, promises_out):
    """Fit the learned decision on hand-labelled papers and write it as JSON weights.

    GOLD defaults to ../shared/gold/dev.jsonl and dev2.jsonl beside the checkout (or under
    ONRECORD_SHARED). The promise classifier is refitted on the project's own sentences first,
    since the item model weighs its verdicts. The same inputs give the same files, byte for byte.
    Example:

        onrecord train && onrecord evaluate ../shared/gold/dev.jsonl ../shared/gold/dev2.jsonl --cv paper
    """
    gold = list(gold) or _default_gold()
    if not gold:
        raise click.ClickException("no hand labels found: name the gold files, or set ONRECORD_SHARED")
    fitted = training.train(examples, promises_out)
    click.echo(f"promises: {fitted['examples']} examples, {len(fitted['weights'])} weights, "
               f"5-fold accuracy {fitted['cv_accuracy']} -> {promises_out}", err=True)
    labels = evaluation.load_jsonl(*gold)
    root = _gold_root(gold[0], root)
    _check_files(labels, root)
    papers = evaluation.read_labelled(labels, root, _progress("reading", len(labels)))
    try:
        model = evaluation.train(papers, out)
    except ValueError as e:
        raise click.ClickException(f"cannot fit the item model: {e}")
    item_model.cache_clear()
    click.echo(f"items: {model['papers']} papers, {model['candidates']} candidates, "
               f"{len(model['weights'])} weights -> {out}", err=True)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("database", default="onrecord.db", type=click.Path(exists=True, dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Host to bind to")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port to listen on")
@click.option("--live", is_flag=True, help="Not immutable: show an ingest into the file as it commits")
@click.option("--base-url", help="Where the site is published, for absolute links in exports")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def serve(database, host, port, live, base_url, datasette_args):
    """Publish the database with Datasette, immutable, as `onrecord publish` does.

    Any of Datasette's own serve options (--setting, --cors, --metadata, --get ...) is passed on.

    Example:

        onrecord serve onrecord.db --setting sql_time_limit_ms 5000
    """
    try:
        code = site.serve(Path(database), host=host, port=port, live=live, base_url=base_url,
                          datasette_args=datasette_args)
    except site.SiteError as e:
        raise click.ClickException(str(e))
    sys.exit(code)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--base-url", help="Where the site will be published, for absolute links in exports")
@click.option("--install", multiple=True, help="What to pip install instead of a wheel built here")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
def publish(database, folder, base_url, install, datasette_args):
    """Write a folder with the database and a Dockerfile that serves it as `onrecord serve` does.

    Build and run it with Docker, or hand it to any host that builds a Dockerfile.

    Example:

        onrecord publish council.db site/ && docker build -t council site/
    """
    try:
        dockerfile = site.publish(Path(database), Path(folder), base_url=base_url, install=install,
                                  datasette_args=datasette_args)
    except site.SiteError as e:
        raise click.ClickException(str(e))
    click.echo(f"Wrote {dockerfile.parent}: docker build -t {Path(database).stem} {dockerfile.parent}"
               f" && docker run -p 8001:8001 {Path(database).stem}", err=True)
