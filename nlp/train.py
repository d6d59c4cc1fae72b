"""Fit the promise classifier on the project's own examples and write it as plain data.

`onrecord train` calls `train()`. The fit is deterministic: the same examples give the same file.
"""
from __future__ import annotations

import json
from pathlib import Path

from onrecord.nlp.classify import features

HERE = Path(__file__).parent
EXAMPLES = HERE / "training" / "promises.jsonl"
MODEL = HERE / "patterns" / "promise_model.json"


def load_examples(path: str | Path = EXAMPLES) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(int(row["promise"]))
    return texts, labels


def train(examples: str | Path = EXAMPLES, out: str | Path = MODEL, c: float = 10.0) -> dict:
    """Fit a logistic regression over word and word-pair features; write the weights as JSON.

    Returns the model with its 5-fold cross-validated accuracy on the examples."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    texts, labels = load_examples(examples)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features(t), 1) for t in texts])
    classifier = LogisticRegression(C=c, solver="lbfgs", max_iter=5000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    accuracy = cross_val_score(classifier, x, labels, cv=folds).mean()
    classifier.fit(x, labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 6) for n, w in zip(names, classifier.coef_[0]) if abs(w) >= 1e-6}
    fitted = {
        "about": "Logistic regression over nlp.classify.features; written by `onrecord train`.",
        "examples": len(texts),
        "cv_accuracy": round(float(accuracy), 3),
        "threshold": 0.5,
        "bias": round(float(classifier.intercept_[0]), 6),
        "weights": dict(sorted(weights.items())),
    }
    Path(out).write_text(json.dumps(fitted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return fitted
