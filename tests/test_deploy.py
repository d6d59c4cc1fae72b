"""The deployment files: the Dask Kubernetes operator's manifests parse, and the image is described."""
from __future__ import annotations

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
