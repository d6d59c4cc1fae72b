"""Glue for `onrecord evaluate`: extract the files hand labels name and score them."""
from __future__ import annotations

import json
from pathlib import Path

from ingest.errors import IngestError
from nlp.score import score
from onrecord.pipeline import extract_file


def load_jsonl(path: str | Path) -> dict[str, dict]:
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                docs[doc["file"]] = doc
    return docs


def predict(gold: dict[str, dict], root: str | Path) -> dict[str, dict]:
    """Items of every file the gold labels, in the gold's shape; a file that cannot be read has none."""
    predicted = {}
    for file in gold:
        try:
            items = extract_file(Path(root) / file)
        except IngestError:
            items = []
        predicted[file] = {"file": file, "items": [item.gold() for item in items]}
    return predicted


def evaluate(gold_path: str | Path, root: str | Path) -> tuple[dict, dict[str, dict]]:
    """Extract every file the gold labels and score the result as ../shared/gold/score.py does."""
    gold = load_jsonl(gold_path)
    return score(gold, predict(gold, root))
