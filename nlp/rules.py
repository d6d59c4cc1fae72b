"""The rules as data: the patterns, word lists and weights in `nlp/patterns/`, read through one face.

A user's own rules folder (`onrecord ingest --rules DIR`, or the environment variable
ONRECORD_RULES, which worker processes inherit) holds files of the same names; each one there
replaces the project's file of that name, whole.

>>> rules().cues["promise"].search("The Council will publish a plan") is not None
True
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

ENV = "ONRECORD_RULES"
# What each file of a rules folder holds; any other name is refused.
FILES = {
    "cues.json": "words that mark items in prose, as regular expressions",
    "dates.json": "how deadlines are printed, as regular expressions by kind",
    "table_headers.json": "header words naming the columns of item tables",
    "parties.json": "words for parties that can own an item, promise verbs, and verbs of a thing's effect",
    "owner_aliases.json": "an owner's canonical name and its other names",
    "owner_rules.json": "how owners are read against their paper: jurisdictions, clause words, things",
    "verdicts.json": "how a response's verdicts are printed",
    "stop_words.json": "words too common to link two items by",
    "item_model.json": "the learned decision's weights (onrecord train --out)",
    "promise_model.json": "the promise classifier's weights",
}


@dataclass(frozen=True)
class Rules:
    cues: dict[str, re.Pattern]  # cues.json: words that mark items in prose, by what they mark


def folder() -> Path | None:
    """The user's rules folder, if one is set."""
    value = os.environ.get(ENV)
    return Path(value) if value else None


def read(name: str) -> str:
    """The text of a rules file: the user's, where their folder has it, else the project's."""
    user = folder()
    if user is not None and (user / name).is_file():
        return (user / name).read_text(encoding="utf-8")
    return resources.files(__package__).joinpath(f"patterns/{name}").read_text(encoding="utf-8")


def load(name: str) -> dict:
    return json.loads(read(name))


def user_files() -> list[Path]:
    """The files of the user's folder that replace the project's, in name order."""
    user = folder()
    return sorted(p for p in user.iterdir() if p.name in FILES) if user is not None and user.is_dir() else []


def problems(path: Path) -> list[str]:
    """Why a rules folder cannot be used, one line each; none if it can."""
    if not path.is_dir():
        return [f"{path}: not a folder"]
    found = []
    for file in sorted(path.iterdir()):
        if file.name.startswith("."):
            continue
        if file.name not in FILES:
            found.append(f"{file.name}: not a rules file (onrecord reads {', '.join(FILES)})")
            continue
        try:
            table = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            found.append(f"{file.name}: not JSON ({e})")
            continue
        if file.name == "cues.json":
            for key, pattern in table.items():
                try:
                    re.compile(pattern) if not key.startswith("_") else None
                except (re.error, TypeError) as e:
                    found.append(f"cues.json: {key}: not a regular expression ({e})")
        if file.name == "dates.json":
            found += _date_problems(table)
    return found


def _date_problems(table: object) -> list[str]:
    """Why a dates.json cannot be used: each pattern, its parts ("{month}", ...) aside, must compile."""
    try:
        patterns = [(p["kind"], p["pattern"]) for p in table["patterns"]]  # type: ignore[index]
    except (KeyError, TypeError) as e:
        return [f"dates.json: needs \"patterns\", each with a kind and a pattern ({e})"]
    from onrecord.nlp.dates import compiled  # here: dates reads its patterns through this module

    found = []
    for kind, pattern in patterns:
        try:
            compiled(pattern)
        except (re.error, TypeError, AttributeError) as e:
            found.append(f"dates.json: {kind}: not a regular expression ({e})")
    return found


@cache
def rules() -> Rules:
    """The rules in force, compiled once."""
    cues = load("cues.json")
    return Rules(cues={k: re.compile(v, re.IGNORECASE) for k, v in cues.items() if not k.startswith("_")})
