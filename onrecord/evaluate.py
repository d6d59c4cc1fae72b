"""Glue for `onrecord evaluate` and `onrecord train`: read the files hand labels name, fit the
learned decision on them, and score it, in-sample or on papers left out of the fit."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from onrecord import ingest, nlp
from onrecord.ingest.errors import IngestError
from onrecord.ingest.model import Document
from onrecord.nlp.actionlog import is_action_log
from onrecord.nlp.learn import fit, fit_matrix, labels, vectorize
from onrecord.nlp.score import score

PAPER_KINDS = ("reports", "responses", "minutes", "action logs", "plans")
MODEL = Path(nlp.__file__).parent / "patterns" / "item_model.json"


def load_jsonl(*paths: str | Path) -> dict[str, dict]:
    docs = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    doc = json.loads(line)
                    docs[doc["file"]] = doc
    return docs


@dataclass
class Labelled:
    """A labelled paper read and proposed once: what training and every fold reuse."""

    file: str
    document: Document | None  # None when it could not be read
    proposal: nlp.Proposal | None
    labels: list[str | None]
    group: str  # the paper's issuing body, for leaving one body out at a time
    kind: str  # one of PAPER_KINDS


def read_labelled(gold: dict[str, dict], root: str | Path,
                  progress: Callable[[str], None] = lambda file: None) -> list[Labelled]:
    out = []
    for file, labelled in gold.items():
        progress(file)
        try:
            document = ingest.read(Path(root) / file)
        except IngestError:
            out.append(Labelled(file, None, None, [], file, "reports"))
            continue
        proposal = nlp.propose(document)
        found = labels(proposal.candidates, labelled.get("items", []), labelled.get("pages"))
        out.append(Labelled(file, document, proposal, found, _body(document, file), paper_kind(document, file)))
    return out


def paper_kind(document: Document, file: str) -> str:
    """Which kind of paper, for reporting: a response, an action log, a plan, minutes or a report."""
    name = f"{document.title or ''} {Path(file).name}".lower().replace("_", " ")
    if is_action_log(document) or re.search(r"\baction (?:log|status)\b|\btracker\b|progress update", name):
        return "action logs"
    if "response" in name:
        return "responses"
    if re.search(r"\bplan\b", name):
        return "plans"
    if document.kind in ("minutes", "agenda"):
        return "minutes"
    return "reports"


def _body(document: Document, file: str) -> str:
    """The issuing body: as ingest read it, else the file name's first word ("kcc_...", "odug_...")."""
    return (document.body or Path(file).name.split("_")[0]).lower()


def rows(papers: Iterable[Labelled]) -> list[tuple[dict[str, float], str]]:
    return [(c.features, label) for p in papers if p.proposal
            for c, label in zip(p.proposal.candidates, p.labels) if label is not None]


def train(papers: list[Labelled], out: str | Path = MODEL) -> dict:
    """Fit the decision on every labelled paper and write it as JSON, byte-identical for the same inputs."""
    model = fit(rows(papers))
    model["papers"] = len(papers)
    Path(out).write_text(json.dumps(model, indent=0, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return model


def predict(papers: list[Labelled], model_for: Callable[[Labelled], dict | None]) -> dict[str, dict]:
    """Each paper's items in the gold's shape, decided by the model `model_for` gives for it."""
    return {p.file: {"file": p.file, "items": [i.gold() for i in nlp.finish(p.proposal, model_for(p))]
                     if p.proposal else []} for p in papers}


def cross_validate(papers: list[Labelled], by: str = "paper", progress: Callable[[str], None] = lambda group: None,
                   **options) -> dict[str, dict]:
    """Predictions for each paper by a model fitted without it (by="paper") or without every paper of
    its issuing body (by="body"): the figure for papers the tool has not seen."""
    group = (lambda p: p.file) if by == "paper" else (lambda p: p.group)
    owner = [group(p) for p in papers if p.proposal for label in p.labels if label is not None]
    x, names, found = vectorize(rows(papers))
    models: dict[str, dict] = {}
    for name in dict.fromkeys(group(p) for p in papers):
        progress(name)
        train = [i for i, g in enumerate(owner) if g != name]
        models[name] = fit_matrix(x[train], names, [found[i] for i in train], **options)
    return predict(papers, lambda p: models[group(p)])


def figures(gold: dict[str, dict], predicted: dict[str, dict], papers: list[Labelled]) -> dict[str, dict]:
    """The metric's summary over all papers and for each kind of paper that has any."""
    out = {"all": score(gold, predicted)[0]}
    for kind in PAPER_KINDS:
        files = {p.file for p in papers if p.kind == kind}
        if files:
            out[kind] = score({f: d for f, d in gold.items() if f in files}, predicted)[0]
    return out
