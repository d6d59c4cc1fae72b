"""One item per distinct statement: merge a recommendation printed twice in one document."""
from __future__ import annotations

import re
from collections import Counter

from nlp.model import Item


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def similarity(a: str, b: str) -> float:
    """Token F1 of two texts, the measure the gold metric pairs items by."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    hit = sum((Counter(wa) & Counter(wb)).values())
    if not hit:
        return 0.0
    p, r = hit / len(wb), hit / len(wa)
    return 2 * p * r / (p + r)


def _contained(short: str, long: str) -> bool:
    ws, wl = words(short), words(long)
    if not ws or len(ws) > len(wl):
        return False
    return sum((Counter(ws) & Counter(wl)).values()) / len(ws) >= 0.9


def same(a: Item, b: Item) -> bool:
    if a.ref and b.ref and a.ref == b.ref and a.kind == b.kind and a.method != "minutes":
        return similarity(a.text, b.text) >= 0.3
    return similarity(a.text, b.text) >= 0.75 or _contained(a.text, b.text) or _contained(b.text, a.text)


def merge(items: list[Item]) -> list[Item]:
    """Fold duplicates into the fullest copy, taking owner and date from whichever gives them."""
    kept: list[Item] = []
    for item in items:
        twin = next((k for k in kept if same(k, item)), None)
        if twin is None:
            kept.append(item)
            continue
        if (item.method == "table") != (twin.method == "table"):
            # a table row's text is clean of its owner and date columns; prose repeats them inline
            full = item if item.method == "table" else twin
        else:
            full = item if len(item.text) > len(twin.text) else twin
        twin.text, twin.page, twin.bbox = full.text, full.page, full.bbox
        twin.ref = twin.ref or item.ref
        twin.owners = twin.owners or item.owners
        if not twin.due_date and item.due_date:
            twin.due, twin.due_date = item.due, item.due_date
        twin.due = twin.due or item.due
        twin.status = twin.status or item.status
        if item.method == "table" and twin.method != "table":
            twin.kind, twin.method = item.kind, item.method
        twin.confidence = max(twin.confidence, item.confidence)
    return kept
