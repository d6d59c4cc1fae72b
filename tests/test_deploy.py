"""The deployment files: the Dask Kubernetes operator's manifests parse, and the image is described."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml

from .conftest import ROOT


def test_the_kubernetes_manifests_parse_and_run_onrecord_workers_of_one_thread_scaled_adaptively():
    documents = list(yaml.safe_load_all((ROOT / "deploy" / "daskcluster.yaml").read_text()))
    kinds = {document["kind"]: document for document in documents}
    assert set(kinds) == {"DaskCluster", "DaskAutoscaler"}
    assert {document["apiVersion"] for document in documents} == {"kubernetes.dask.org/v1"}
    cluster, autoscaler = kinds["DaskCluster"], kinds["DaskAutoscaler"]
    assert autoscaler["spec"]["cluster"] == cluster["metadata"]["name"]
    assert 1 <= autoscaler["spec"]["minimum"] < autoscaler["spec"]["maximum"]
    worker = cluster["spec"]["worker"]["spec"]["containers"][0]
    args = worker["args"]
    assert args[0] == "dask-worker" and args[args.index("--nthreads") + 1] == "1"
    assert {"name": "DASK_DISTRIBUTED__WORKER__DAEMON", "value": "False"} in worker["env"]
    scheduler = cluster["spec"]["scheduler"]
    assert scheduler["spec"]["containers"][0]["args"] == ["dask-scheduler"]
    assert {port["port"] for port in scheduler["service"]["ports"]} == {8786, 8787}
    assert worker["image"] == scheduler["spec"]["containers"][0]["image"]


def test_the_image_has_tesseract_the_model_and_the_dask_extra():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "tesseract-ocr" in dockerfile and "'.[dask,model]'" in dockerfile
    assert "ENV DASK_DISTRIBUTED__WORKER__DAEMON=False" in dockerfile
    for folder in ("ingest", "nlp", "db", "onrecord", "sources"):
        assert f"COPY {folder} {folder}" in dockerfile


@pytest.mark.slow  # builds a wheel in an isolated environment
def test_the_files_the_image_copies_build_onrecord(tmp_path):
    """No Docker here: the Dockerfile's COPY lines are carried out by hand, links kept as links, and
    its `pip install .` is stood in for by building the wheel from what was copied."""
    context = tmp_path / "image"
    context.mkdir()
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not line.startswith("COPY "):
            continue
        *sources, target = line.split()[1:]
        for source in sources:
            here, there = ROOT / source, context / (source if target == "./" else target)
            if here.is_dir():
                shutil.copytree(here, there, symlinks=True)
            else:
                shutil.copy(here, there, follow_symlinks=False)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                            str(context)], capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp_path / "dist").glob("onrecord-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"onrecord/cli/__init__.py", "onrecord/nlp/patterns/item_model.json", "onrecord/db/site/metadata.yml",
            "onrecord/db/site/templates/onrecord_item.html"} <= names
