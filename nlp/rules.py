"""The rules as data: the patterns and word lists in `nlp/patterns/`, loaded once behind one face.

>>> rules().cues["promise"].search("The Council will publish a plan") is not None
True
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Rules:
    cues: dict[str, re.Pattern]  # cues.json: words that mark items in prose, by what they mark


def _read(name: str) -> str:
    return resources.files("nlp").joinpath(f"patterns/{name}").read_text(encoding="utf-8")


@cache
def rules() -> Rules:
    """The project's rules, compiled once."""
    cues = json.loads(_read("cues.json"))
    return Rules(cues={k: re.compile(v, re.IGNORECASE) for k, v in cues.items() if not k.startswith("_")})
