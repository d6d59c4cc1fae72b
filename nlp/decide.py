"""The learned decision: which candidates are items, and of what kind.

The model is plain data (`nlp/patterns/item_model.json`), a multinomial logistic regression over
`nlp.candidates.features`, fitted by `onrecord train` (`nlp/learn.py`) on the hand labels. Scoring
needs no scikit-learn: a sum of weights per class and a softmax. Without the file the rules' items
are kept as the rules made them.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import date
from functools import cache

from onrecord.nlp import rules
from onrecord.nlp.candidates import Candidate
from onrecord.nlp.dates import prose_due
from onrecord.nlp.model import KINDS, Item
from onrecord.nlp.owners import addressee, is_party
from onrecord.nlp.parse import parse_ahead
from onrecord.nlp.promisers import promisers
from onrecord.nlp.statement_owners import asked, lead_owners, statement_owners


@cache
def item_model() -> dict | None:
    try:
        return rules.load("item_model.json")
    except FileNotFoundError:  # no weights: the rules' items as they are
        return None


def item_probability(features: dict[str, float], model: dict) -> float:
    """P(the candidate is an item)."""
    weights = model["weights"]
    # each weight looked up once, summed in the features' order as before (a list: sum reads it faster)
    z = model["bias"] + sum([row[0] * value for name, value in features.items()
                             if (row := weights.get(name)) is not None])
    return 1 / (1 + math.exp(-max(min(z, 50.0), -50.0)))


def kind_probabilities(features: dict[str, float], model: dict) -> list[float]:
    """P(kind) for each of KINDS against the rest, given that the candidate is an item."""
    weights = model["kind_weights"]
    z = list(model["kind_bias"])
    for name, value in features.items():
        row = weights.get(name)
        if row is not None:
            for k, w in enumerate(row):
                z[k] += w * value
    return [1 / (1 + math.exp(-max(min(v, 50.0), -50.0))) for v in z]


def decide(found: list[Candidate], model: dict | None, reference: date | None, responder: str) -> list[Item]:
    """The items among the candidates: the rules' items the model does not reject, and other
    candidates the model reads as items with more confidence (`new_threshold`)."""
    if model is None:
        return [c.item for c in found if c.item is not None]
    probability = [item_probability(c.features, model) for c in found]
    kept = [p >= (model["threshold"] if c.item is not None else model["new_threshold"])
            for c, p in zip(found, probability)]
    _siblings(found, probability, kept, model.get("sibling_threshold", SIBLING_THRESHOLD))
    chosen = []  # each kept candidate, its probability, its likeliest kind and that kind's probability
    for candidate, p, keep in zip(found, probability, kept):
        if keep:
            kinds = kind_probabilities(candidate.features, model)
            best = max(range(len(KINDS)), key=kinds.__getitem__)
            chosen.append((candidate, p, KINDS[best], kinds[best]))
    parse_ahead(s for candidate, _, kind, _ in chosen if candidate.item is None and kind not in candidate.made
                for s in asked(candidate.text, kind))
    items = []
    for candidate, p, kind, kind_p in chosen:
        if candidate.item is not None:
            item = replace(candidate.item, owners=list(candidate.item.owners))
            if model.get("relabel") and kind_p >= model["relabel"]:
                item.kind = kind
        else:
            item = make(candidate, kind, reference, responder)
        item.confidence = round(p, 3)
        items.append(item)
    return items


SIBLING_THRESHOLD = 0.3  # an entry of a list whose neighbouring entry is an item needs this much


def _siblings(found: list[Candidate], probability: list[float], kept: list[bool], threshold: float) -> None:
    """An entry of a list beside an entry of the same list the model keeps is kept with less
    confidence: (a), (b) and (c) under one lead-in are items together or not at all."""
    entries = [i for i, c in enumerate(found) if c.marker is not None and c.source in ("entry", "rule")]
    for _ in range(2):  # two sweeps: a kept entry lends to either side, and so may the entries it lent to
        for a, b in itertools.pairwise(entries):
            first, second = found[a], found[b]
            if first.marker != second.marker or first.lead != second.lead:
                continue
            if kept[a] and not kept[b] and probability[b] >= threshold:
                kept[b] = True
            elif kept[b] and not kept[a] and probability[a] >= threshold:
                kept[a] = True


def make(candidate: Candidate, kind: str, reference: date | None, responder: str) -> Item:
    """An item of a candidate no rule took: its owners read as the rules read them for its kind
    (once per candidate and kind: cross-validation decides the same candidates many times)."""
    made = candidate.made.get(kind)
    if made is None:
        made = candidate.made[kind] = _make(candidate, kind, reference, responder)
    return replace(made, owners=list(made.owners))


def _make(candidate: Candidate, kind: str, reference: date | None, responder: str) -> Item:
    text = candidate.text
    due, due_date = prose_due(text, reference).values()
    method = "numbered" if candidate.marker in ("number", "rec") else "minutes" if kind in ("action", "decision") else "prose"
    found = owners(text, kind, responder)
    if not found and candidate.lead and candidate.marker in ("letter", "number", "bullet") and kind != "commitment":
        found = lead_owners(candidate.lead)  # "... call on the Cabinet Member to: (a) Write again to ..."
    return Item(kind=kind, text=text, page=candidate.page, ref=candidate.ref, owners=found,
                due=due, due_date=due_date, method=method, bbox=candidate.bbox)


def owners(text: str, kind: str, responder: str) -> list[str]:
    """Who a statement names as responsible, by its kind: an action's subject or trailing
    "(Olivia Burman)", a decision's body and whom it empowers, a recommendation's addressee in
    each asking sentence, as the rules read them; a promise's promiser."""
    if kind != "commitment":
        return statement_owners(text, kind, responder)
    found = promisers(text)
    if found is None:  # no spaCy model
        who = addressee(text)
        found = [who] if who else []
    found = [responder if o.lower() == "we" else o for o in found]
    return [o for o in found if is_party(o) or o == responder]
