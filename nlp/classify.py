"""A learned decision: does a sentence promise its writer's own future action?

The model is plain data (`nlp/patterns/promise_model.json`): a weight per word and word pair,
fitted by `onrecord train` (see `nlp/train.py`) on the project's own examples in
`nlp/training/promises.jsonl`. Scoring needs no scikit-learn: a sum of weights and a logistic.

>>> promise_score("The Council will publish a revised strategy by March 2026.") > 0.5
True
"""
from __future__ import annotations

import math
import re
from functools import cache

from onrecord.nlp import rules

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|[£$]?\d[\d,.]*")


def features(sentence: str) -> list[str]:
    """Words and word pairs, lower-cased, numbers folded to one token: what the model weighs."""
    words = ["<num>" if w[0] in "£$0123456789" else w for w in _TOKEN.findall(sentence.lower())]
    return sorted(set(words) | {f"{a} {b}" for a, b in zip(["<s>", *words], words)})


@cache
def model() -> dict:
    return rules.load("promise_model.json")


def promise_score(sentence: str) -> float:
    """Probability, by the fitted model, that the sentence is a commitment."""
    m = model()
    weights = m["weights"]
    z = m["bias"] + sum(weights.get(f, 0.0) for f in features(sentence))
    return 1 / (1 + math.exp(-z))


def is_promise(sentence: str) -> bool:
    return promise_score(sentence) >= model()["threshold"]
