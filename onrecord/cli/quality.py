"""Quality against hand labels: `onrecord evaluate` and `train`."""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from onrecord import evaluate as evaluation
from onrecord.nlp import train as training
from onrecord.nlp.decide import item_model
from onrecord.nlp.score import score


@click.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Folder the gold's file paths are relative to  [default: the folder above the gold's]")
@click.option("--cv", type=click.Choice(["paper", "body"]),
              help="Cross-validate: decide each paper with a model fitted without it (or without its body)")
@click.option("--per-doc", is_flag=True, help="Also print paired/gold/predicted per document")
@click.option("--per-kind", is_flag=True, help="Also print the figures for each kind of paper")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON")
def evaluate(gold, root, cv, per_doc, per_kind, as_json):
    """Score extraction against hand labels, with the figures of gold/score.py.

    In-sample figures use the shipped model, which was fitted on these labels; --cv gives the
    figure for papers the tool has not seen. Example:

        onrecord evaluate ../shared/gold/dev.jsonl ../shared/gold/dev2.jsonl --cv paper --per-kind
    """
    labels = evaluation.load_jsonl(*gold)
    root = _gold_root(gold[0], root)
    _check_files(labels, root)
    papers = evaluation.read_labelled(labels, root, _progress("reading", len(labels)))
    if cv:
        predicted = evaluation.cross_validate(papers, cv, _progress("fitting", len(papers)))
    else:
        predicted = evaluation.predict(papers, lambda paper: item_model())
    summary, docs = score(labels, predicted)
    if per_doc:
        for file, d in sorted(docs.items()):
            click.echo(f"{d['paired']:4d}/{d['gold']:<4d} pred {d['pred']:<4d} {file}")
    if per_kind:
        for kind, figures in evaluation.figures(labels, predicted, papers).items():
            if kind != "all":
                shown = ", ".join(f"{k} {v}" for k, v in figures.items() if k != "documents")
                click.echo(f"{kind:12s} {figures['documents']:3d} docs: {shown}")
    if as_json:
        click.echo(json.dumps(summary))
    else:
        for key, value in summary.items():
            click.echo(f"{key:20s} {value}")


def _gold_root(gold: str, root: str | None) -> Path:
    """Where the labelled files are: --root, else the folder above the gold's (shared/gold -> shared)."""
    return Path(root) if root else Path(gold).resolve().parent.parent


def _check_files(labels: dict, root: Path) -> None:
    missing = [file for file in labels if not (root / file).exists()]
    if missing:
        raise click.ClickException(f"{len(missing)} labelled files not found under {root}, e.g. {missing[0]} - use --root")


def _progress(what: str, total: int):
    """One line on stderr per step, so a long fit is not taken for a hang."""
    count = iter(range(1, total + 1))

    def say(name: str) -> None:
        click.echo(f"{what} {next(count, total)}/{total} {name}", err=True)
    return say


def _default_gold() -> list[str]:
    shared = Path(os.environ.get("ONRECORD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    return [str(shared / "gold" / name) for name in ("dev.jsonl", "dev2.jsonl") if (shared / "gold" / name).exists()]


@click.command()
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Folder the gold's file paths are relative to  [default: the folder above the gold's]")
@click.option("--out", type=click.Path(dir_okay=False), default=str(evaluation.MODEL),
              show_default="nlp/patterns/item_model.json", help="Where to write the fitted item model")
@click.option("--examples", type=click.Path(exists=True, dir_okay=False), default=str(training.EXAMPLES),
              show_default="nlp/training/promises.jsonl", help="The project's own labelled sentences")
@click.option("--promises-out", type=click.Path(dir_okay=False), default=str(training.MODEL),
              show_default="nlp/patterns/promise_model.json", help="Where to write the promise model")
def train(gold, root, out, examples, promises_out):
    """Fit the learned decision on hand-labelled papers and write it as JSON weights.

    GOLD defaults to ../shared/gold/dev.jsonl and dev2.jsonl beside the checkout (or under
    ONRECORD_SHARED). The promise classifier is refitted on the project's own sentences first,
    since the item model weighs its verdicts. The same inputs give the same files, byte for byte.
    Example:

        onrecord train && onrecord evaluate ../shared/gold/dev.jsonl ../shared/gold/dev2.jsonl --cv paper
    """
    gold = list(gold) or _default_gold()
    if not gold:
        raise click.ClickException("no hand labels found: name the gold files, or set ONRECORD_SHARED")
    fitted = training.train(examples, promises_out)
    click.echo(f"promises: {fitted['examples']} examples, {len(fitted['weights'])} weights, "
               f"5-fold accuracy {fitted['cv_accuracy']} -> {promises_out}", err=True)
    labels = evaluation.load_jsonl(*gold)
    root = _gold_root(gold[0], root)
    _check_files(labels, root)
    papers = evaluation.read_labelled(labels, root, _progress("reading", len(labels)))
    try:
        model = evaluation.train(papers, out)
    except ValueError as e:
        raise click.ClickException(f"cannot fit the item model: {e}")
    item_model.cache_clear()
    click.echo(f"items: {model['papers']} papers, {model['candidates']} candidates, "
               f"{len(model['weights'])} weights -> {out}", err=True)
