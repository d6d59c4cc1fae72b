"""What several commands share: --rules, the warnings and lines on stderr, the checks of a database."""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import click

from onrecord import owners as ownership
from onrecord import status as status_report
from onrecord.db import DatabaseError
from onrecord.nlp import parse, rules


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


def warn_if_no_model() -> None:
    """Once, on stderr: without spaCy's model, owners and items are of lower quality."""
    if reason := parse.missing():
        click.echo(f"Warning: {reason}", err=True)


def reextracting(silent: bool):
    """A line on stderr for each document extracted again."""
    def say(path: str, source: str) -> None:
        if not silent:
            click.echo(f"Re-extracted {path} (from the {source})", err=True)
    return say


def read_only(database: str):
    try:
        return status_report.open_read_only(database)
    except status_report.StatusError as e:
        raise click.ClickException(str(e))


def iso(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).isoformat() if "T" in value else date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: give YYYY-MM-DD or YYYY-MM-DDTHH:MM")


def regroup(change, database, *args) -> None:
    try:
        changed = change(database, *args)
    except (DatabaseError, ownership.AliasError) as e:
        raise click.ClickException(str(e))
    click.echo(f"{changed} item owners regrouped -> {database}", err=True)
