"""Fit the learned decision on hand labels, and measure it on papers it was not fitted on.

`onrecord train` and `onrecord evaluate --cv` call these. A candidate's label is the kind of the
gold item its text pairs with (token F1 >= 0.5, the metric's own pairing test), else "none".
The fit is deterministic: the same candidates and labels give the same weights.
"""
from __future__ import annotations

from collections.abc import Sequence

from onrecord.nlp.candidates import Candidate
from onrecord.nlp.merge import similarity
from onrecord.nlp.model import KINDS

PAIRED = 0.5  # the metric's threshold for a predicted item to pair with a gold one


def labels(found: Sequence[Candidate], gold_items: list[dict], pages: tuple[int, int] | None = None) -> list[str | None]:
    """Each candidate's class by the gold items: the kind of the gold item it pairs best with,
    "none" if none, None when it sits outside the pages a partly labelled document labels."""
    out: list[str | None] = []
    for candidate in found:
        if pages and candidate.page and not pages[0] <= candidate.page <= pages[1]:
            out.append(None)
            continue
        best, kind = 0.0, "none"
        for gold in gold_items:
            s = similarity(gold.get("text") or "", candidate.text)
            if s > best:
                best, kind = s, gold["kind"]
        out.append(kind if best >= PAIRED else "none")
    return out


def vectorize(rows: Sequence[tuple[dict[str, float], str]], min_count: int = 2):
    """(matrix, feature names, labels) of candidates' features; features seen fewer than
    `min_count` times are left out."""
    from sklearn.feature_extraction import DictVectorizer

    counts: dict[str, int] = {}
    for f, _ in rows:
        for name in f:
            counts[name] = counts.get(name, 0) + 1
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([{k: v for k, v in f.items() if counts[k] >= min_count} for f, _ in rows]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # what liblinear takes
    return x, [str(n) for n in vectorizer.get_feature_names_out()], [label for _, label in rows]


def fit(rows: Sequence[tuple[dict[str, float], str]], **options) -> dict:
    """The decision fitted on (features, label) rows, as plain data (see `fit_matrix`)."""
    return fit_matrix(*vectorize(rows), **options)


def fit_matrix(x, names: list[str], labels: list[str], c: float = 0.1, kind_c: float = 1.0,
               threshold: float = 0.2, new_threshold: float = 0.5, relabel: float = 0.0) -> dict:
    """Two logistic regressions over candidates' features: whether a candidate is an item (binary),
    and if so which kind (one against the rest, over the items only)."""
    from sklearn.linear_model import LogisticRegression

    is_item = [int(label != "none") for label in labels]
    if len(set(is_item)) < 2:
        raise ValueError("the labels pair no candidate with an item" if not any(is_item)
                         else "every candidate is an item: nothing to learn what is not")
    binary = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000).fit(x, is_item)
    positive = [i for i, y in enumerate(is_item) if y]
    kind_bias = [-30.0] * len(KINDS)  # a kind never seen is never given
    kind_coef = [None] * len(KINDS)
    for k, kind in enumerate(KINDS):
        target = [int(labels[i] == kind) for i in positive]
        if any(target) and not all(target):
            one = LogisticRegression(C=kind_c, solver="liblinear", random_state=0, max_iter=1000)
            one.fit(x[positive], target)
            kind_bias[k], kind_coef[k] = float(one.intercept_[0]), one.coef_[0]
        elif any(target):
            kind_bias[k] = 30.0  # the only kind seen
    weights: dict[str, list[float]] = {}
    kind_weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        w = round(float(binary.coef_[0, j]), 5)
        if w:
            weights[name] = [w]
        row = [round(float(coef[j]), 5) if coef is not None else 0.0 for coef in kind_coef]
        if any(row):
            kind_weights[name] = row
    return {
        "about": "Logistic regressions over nlp.candidates.features (item or not; which kind); written by `onrecord train`.",
        "kinds": list(KINDS),
        "candidates": len(labels),
        "c": c,
        "threshold": threshold,
        "new_threshold": new_threshold,
        "relabel": relabel,
        "bias": round(float(binary.intercept_[0]), 5),
        "weights": dict(sorted(weights.items())),
        "kind_bias": [round(b, 5) for b in kind_bias],
        "kind_weights": dict(sorted(kind_weights.items())),
    }
