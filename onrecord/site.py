"""`onrecord serve` and `onrecord publish`: the site of db.site.make_datasette, run by uvicorn in
this process as Datasette's own CLI runs it, or packed into a folder that any container host builds.

Example::

    serve(Path("council.db"), host="127.0.0.1", port=8001, datasette_args=["--cors"])
    publish(Path("council.db"), Path("council-site"), base_url="https://records.example.org/")
"""

from __future__ import annotations

import asyncio
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import uvicorn
from datasette.cli import serve as datasette_serve
from datasette.utils import parse_metadata

from onrecord.db import DatabaseError, open_db
from onrecord.db.site import make_datasette
from onrecord.db.site.app import checkpoint

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Datasette's options that make no sense for one onrecord site served in this process.
REFUSED = {"reload": "--reload", "create": "--create", "help_settings": "--help-settings"}


class SiteError(Exception):
    """What stops a site from being served or published; str(error) names the fix."""


def serve(
    path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    live: bool = False,
    base_url: str | None = None,
    datasette_args: Sequence[str] = (),
) -> int:
    """Serve the database until SIGINT or SIGTERM; returns the exit code (that of --get, if given)."""
    upgrade(path)
    params = datasette_options(datasette_args)
    if base_url is None and host in LOOPBACK:
        # Exports' source links are absolute on this machine too, under Datasette's base_url if set.
        prefix = params["datasette"]["settings"].get("base_url") or "/"
        base_url = f"http://{host}:{port}/" + prefix.lstrip("/")
    datasette = make_datasette(path, immutable=not live, base_url=base_url, **params["datasette"])
    asyncio.run(datasette.invoke_startup())
    if params["get"]:
        response = asyncio.run(datasette.client.get(params["get"]))
        print(response.text)
        return 0 if response.status_code == 200 else 1
    if params["root"]:
        print(f"http://{host}:{port}{datasette.urls.path('-/auth-token')}?token={datasette._root_token}")
    print(f"Serving {path} at http://{host}:{port}{datasette.urls.path('/')}"
          f"{'' if live else ' (immutable: give --live to see an ingest into it as it commits)'}",
          file=sys.stderr)
    print(f"Overdue at http://{host}:{port}{datasette.urls.path('/-/onrecord/overdue')}", file=sys.stderr)
    config = uvicorn.Config(datasette.app(), host=host, port=port, log_level="info",
                            lifespan="on", workers=1, **params["uvicorn"])
    _Server(config).run()
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, which on SIGINT or SIGTERM finishes the requests in flight and stops;
    a stop asked for is then a clean exit (0), not a death by the signal raised again."""

    def handle_exit(self, sig: int, frame: Any) -> None:
        super().handle_exit(sig, frame)
        getattr(self, "_captured_signals", []).clear()


def upgrade(path: Path) -> None:
    """Bring a database from an older onrecord up to date (the schema's indexes and search)."""
    try:
        open_db(path).conn.close()
    except DatabaseError as error:
        print(f"Warning: {error}; serving it as it is", file=sys.stderr)


def datasette_options(args: Sequence[str]) -> dict[str, Any]:
    """Datasette's own `serve` options, read by Datasette's own parser, as make_datasette's and
    uvicorn's arguments. Raises click's UsageError for an option Datasette does not have."""
    params = datasette_serve.make_context("onrecord serve", list(args)).params
    for name, flag in REFUSED.items():
        if params.get(name):
            raise SiteError(f"{flag} is not for an onrecord site - run `datasette serve` for that")
    metadata = parse_metadata(params["metadata"].read()) if params["metadata"] else None
    inspect_data = None
    if params["inspect_file"]:
        inspect_data = parse_metadata(Path(params["inspect_file"]).read_text())
    settings = dict(params["config"] or ()) | dict(params["settings"] or ())
    options = {
        "files": list(params["files"]),
        "immutables": list(params["immutable"]),
        "metadata": metadata,
        "settings": settings,
        "cors": params["cors"],
        "sqlite_extensions": params["sqlite_extensions"],
        "inspect_data": inspect_data,
        "template_dir": params["template_dir"],
        "plugins_dir": params["plugins_dir"],
        "static_mounts": params["static"],
        "memory": params["memory"],
        "secret": params["secret"],
        "version_note": params["version_note"],
        "pdb": params["pdb"],
        "crossdb": params["crossdb"],
        "nolock": params["nolock"],
    }
    server = {k: params[k] for k in ("uds", "ssl_keyfile", "ssl_certfile") if params[k]}
    return {"datasette": options, "uvicorn": server, "get": params["get"], "root": params["root"]}


DOCKERFILE = """\
# Built by `onrecord publish`: the site as `onrecord serve` serves it, immutable.
FROM python:3.11-slim
COPY . /app
WORKDIR /app
RUN pip install --no-cache-dir {install}
ENV PORT=8001
EXPOSE 8001
# exec: onrecord gets the container's SIGTERM and stops cleanly
CMD ["sh", "-c", {command}]
"""


def publish(
    path: Path,
    out: Path,
    *,
    base_url: str | None = None,
    install: Sequence[str] = (),
    datasette_args: Sequence[str] = (),
) -> Path:
    """Write a folder that builds and serves the site anywhere a container runs: the database
    (named as its file is), onrecord as a wheel, and a Dockerfile whose command is `onrecord
    serve`. Returns the Dockerfile's path."""
    if out.exists() and any(out.iterdir()):
        raise SiteError(f"{out} is not empty - give a new folder")
    datasette_options(datasette_args)  # an option Datasette does not have fails here, not on the host
    upgrade(path)
    checkpoint(path)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, out / path.name)
    specs = list(install) or [f"wheels/{wheel(out / 'wheels').name}"]
    command = ["exec", "onrecord", "serve", path.name, "--host", "0.0.0.0"]
    if base_url:
        command += ["--base-url", base_url]
    command += [*datasette_args]
    line = " ".join(shlex.quote(part) for part in command) + ' --port "$PORT"'
    dockerfile = out / "Dockerfile"
    dockerfile.write_text(DOCKERFILE.format(
        install=" ".join(shlex.quote(s) for s in specs),
        command='"' + line.replace("\\", "\\\\").replace('"', '\\"') + '"',
    ))
    return dockerfile


def wheel(folder: Path) -> Path:
    """onrecord built as a wheel from the repository it runs from."""
    if not (ROOT / "pyproject.toml").is_file():
        raise SiteError("onrecord's source is not here to build a wheel from - give --install "
                        "with a wheel or a git URL of onrecord")
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    built = sorted(folder.glob("onrecord-*.whl"))
    if result.returncode or not built:
        raise SiteError(f"cannot build onrecord's wheel: {result.stderr.strip()[-300:]}")
    return built[-1]
