"""The project's yardstick: the same figures as ../shared/gold/score.py, from gold and predicted items."""
from __future__ import annotations

from onrecord.nlp.merge import similarity, words

STOP = {"the", "of", "and", "a", "an", "for", "to"}


def _owner_words(owner: str) -> set[str]:
    return {w for w in words(owner or "") if w not in STOP}


def owner_match(gold: str, pred: str) -> bool:
    g, p = _owner_words(gold), _owner_words(pred)
    hit = len(g & p)
    if not hit:
        return False
    precision, recall = hit / len(p), hit / len(g)
    return 2 * precision * recall / (precision + recall) >= 0.6


def pair(gold_items: list[dict], pred_items: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy pairs by token F1 of text, best first, each needing at least 0.5."""
    scored = sorted(
        (
            (s, i, j)
            for i, g in enumerate(gold_items)
            for j, p in enumerate(pred_items)
            if (s := similarity(g.get("text") or "", p.get("text") or "")) >= 0.5
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((gold_items[i], pred_items[j]))
    return pairs


def _owner_counts(g: dict, p: dict) -> tuple[int, int, int]:
    gold, free = list(g.get("owners") or []), list(p.get("owners") or [])
    n_pred, matched = len(free), 0
    for go in gold:
        for k, po in enumerate(free):
            if owner_match(go, po):
                matched += 1
                del free[k]
                break
    return matched, len(gold), n_pred


def _date_ok(g: dict, p: dict) -> bool | None:
    gd, pd = g.get("due_date"), p.get("due_date")
    if not gd and not pd:
        return None
    if not gd or not pd:
        return False
    return str(pd).startswith(str(gd))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: dict[str, dict], pred: dict[str, dict]) -> tuple[dict, dict[str, dict]]:
    """(summary, per-document counts) for gold and predicted documents keyed by file."""
    t = {k: 0 for k in ("gold", "pred", "paired", "o_hit", "o_gold", "o_pred", "d_n", "d_ok", "k_ok")}
    per_doc = {}
    for file, gold_doc in gold.items():
        gold_items = gold_doc.get("items", [])
        pred_items = pred.get(file, {}).get("items", [])
        if gold_doc.get("pages"):
            first, last = gold_doc["pages"]
            pred_items = [p for p in pred_items if not p.get("page") or first <= p["page"] <= last]
        pairs = pair(gold_items, pred_items)
        t["gold"] += len(gold_items)
        t["pred"] += len(pred_items)
        t["paired"] += len(pairs)
        for g, p in pairs:
            hit, n_gold, n_pred = _owner_counts(g, p)
            t["o_hit"] += hit
            t["o_gold"] += n_gold
            t["o_pred"] += n_pred
            ok = _date_ok(g, p)
            if ok is not None:
                t["d_n"] += 1
                t["d_ok"] += ok
            t["k_ok"] += g.get("kind") == p.get("kind")
        per_doc[file] = {
            "gold": len(gold_items), "pred": len(pred_items), "paired": len(pairs),
            "doc_type": gold_doc.get("doc_type"),
        }
    P = t["paired"] / t["pred"] if t["pred"] else 0.0
    R = t["paired"] / t["gold"] if t["gold"] else 0.0
    oP = t["o_hit"] / t["o_pred"] if t["o_pred"] else 0.0
    oR = t["o_hit"] / t["o_gold"] if t["o_gold"] else 0.0
    summary = {
        "documents": len(gold),
        "gold_items": t["gold"], "predicted_items": t["pred"], "paired": t["paired"],
        "item_precision": round(P, 3), "item_recall": round(R, 3), "item_f1": round(_f1(P, R), 3),
        "owner_f1": round(_f1(oP, oR), 3),
        "due_date_accuracy": round(t["d_ok"] / t["d_n"], 3) if t["d_n"] else None,
        "kind_accuracy": round(t["k_ok"] / t["paired"], 3) if t["paired"] else None,
    }
    return summary, per_doc


def score_by_kind(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, dict]:
    """The summary for each kind of document (the gold's doc_type: report, minutes, evidence, ...)."""
    kinds = sorted({doc.get("doc_type") or "other" for doc in gold.values()})
    return {
        kind: score({f: d for f, d in gold.items() if (d.get("doc_type") or "other") == kind}, pred)[0]
        for kind in kinds
    }
