"""What a database holds: `onrecord status`, `errors` and `owners`."""
from __future__ import annotations

import json

import click

from onrecord import owners as ownership
from onrecord import status as status_report
from onrecord.cli import options
from onrecord.db import DatabaseError


@click.command()
@click.argument("database", default="onrecord.db", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON")
def status(database, as_json):
    """Count what a database holds: documents, pages, OCR'd pages, items and errors, by kind and by body.

    Example:

        onrecord status onrecord.db
    """
    counts = status_report.status(options.read_only(database))
    click.echo(json.dumps(counts, indent=2) if as_json else status_report.render(counts, database))


@click.command()
@click.argument("database", default="onrecord.db", type=click.Path(dir_okay=False))
@click.option("--since", callback=lambda ctx, param, value: options.iso(value), metavar="DATE",
              help="Only errors recorded since then: YYYY-MM-DD or YYYY-MM-DDTHH:MM")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON")
def errors(database, since, as_json):
    """List each file and page that could not be read, with its cause, oldest first.

    Example:

        onrecord errors onrecord.db --since 2026-01-01
    """
    rows = status_report.errors(options.read_only(database), since)
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else status_report.error_line(row))
    files = sum(row["page"] is None for row in rows)
    click.echo(f"{len(rows)} errors: {files} files not read, {len(rows) - files} pages", err=True)


@click.group()
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
    options.regroup(ownership.merge, database, alias, name)


@owners.command("split")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.argument("alias")
def owners_split(database, alias):
    """Make ALIAS an owner of its own, whatever grouped it with another."""
    options.regroup(ownership.split, database, alias)


@owners.command("list")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
def owners_list(database):
    """Print the alias list, in the format --aliases reads."""
    try:
        click.echo(ownership.listed(database), nl=False)
    except DatabaseError as e:
        raise click.ClickException(str(e))
