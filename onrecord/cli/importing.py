"""`onrecord import`: a council's meetings and papers from its meeting system."""
from __future__ import annotations

import sys

import click

from onrecord import pipeline, sources
from onrecord.cli import options
from onrecord.db import open_db


@click.group("import")
def import_():
    """Fetch a council's meetings and papers from its meeting system."""


def _import_options(command):
    decorators = [
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
        options.rules_option,
    ]
    for option in reversed(decorators):
        command = option(command)
    return click.argument("url")(command)


@import_.command("moderngov")
@_import_options
def import_moderngov(url, **settings):
    """Import committees, meetings, decisions and papers from a Modern.Gov site.

    Reads the site's web service (mgWebService.asmx), or its pages where the
    service is switched off, one request at a time, --delay seconds apart. A second run fetches only meetings that are new or
    changed, and those of the last 90 days; papers held already are never
    downloaded again. Restricted items are never fetched.

    Example:

        onrecord import moderngov https://democracy.example.gov.uk -d council.db
    """
    _run_import(lambda: sources.ModernGov(url), **settings)


@import_.command("cmis")
@_import_options
def import_cmis(url, **settings):
    """Import meetings and papers from a CMIS site's calendar and meeting pages.

    URL is the site's address or its meeting calendar page. Reads the month
    calendar from --since (default: a year ago) to --until (default: three
    months ahead), then each meeting's page; papers are kept by the sha256 of
    their bytes, as their links carry no stable id.

    Example:

        onrecord import cmis https://cmis.example.gov.uk/cmis5 -d council.db
    """
    _run_import(lambda: sources.Cmis(url), **settings)


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
