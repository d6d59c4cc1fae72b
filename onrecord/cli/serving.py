"""Publishing a database: `onrecord serve` and `publish`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from onrecord import site


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
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


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
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
