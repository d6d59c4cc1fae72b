"""The `onrecord` command line: one group, its commands in the modules beside this one."""
from __future__ import annotations

import click

from onrecord.cli import database, importing, quality, reading, serving


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onrecord")
def cli():
    """Who committed to what, by when, and where it says so."""


for command in (reading.ingest, reading.reextract, reading.extract, importing.import_, database.status,
                database.errors, database.owners, quality.evaluate, quality.train, serving.serve, serving.publish):
    cli.add_command(command)
