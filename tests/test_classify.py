"""The learned promise decision: shipped as data, reproducible by `onrecord train`, and used."""
import json

import pytest
from click.testing import CliRunner

from onrecord import nlp
from onrecord.cli import cli
from onrecord.ingest import read
from onrecord.ingest.model import Document, Line, Page
from onrecord.nlp import train as training
from onrecord.nlp.classify import features, model, promise_score

from .conftest import ROOT


def test_shipped_model_is_what_onrecord_train_makes(tmp_path):
    out = tmp_path / "model.json"
    labels = tmp_path / "gold.jsonl"
    found = [i.gold() for i in nlp.extract(read(ROOT / "samples" / "action-log-2026.pdf"))]
    labels.write_text(json.dumps({"file": "samples/action-log-2026.pdf", "doc_type": "minutes", "items": found}) + "\n")
    result = CliRunner().invoke(cli, ["train", str(labels), "--root", str(ROOT), "--promises-out", str(out),
                                      "--out", str(tmp_path / "items.json")])
    assert result.exit_code == 0, result.output
    assert f"{len(training.load_examples()[0])} examples" in result.output
    assert out.read_bytes() == training.MODEL.read_bytes()  # deterministic, and the shipped file is current


def test_model_is_plain_data_that_scores_as_scikit_learn_does():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = training.load_examples()
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features(t), 1) for t in texts])
    fitted = LogisticRegression(C=10.0, solver="lbfgs", max_iter=5000).fit(x, labels)
    expected = fitted.predict_proba(x)[:, 1]
    ours = [promise_score(t) for t in texts]
    assert max(abs(a - b) for a, b in zip(expected, ours)) < 1e-4
    assert set(json.loads(training.MODEL.read_text())) >= {"weights", "bias", "threshold"}


def test_training_examples_are_balanced_and_cross_validated():
    texts, labels = training.load_examples()
    assert len(set(texts)) == len(texts)
    assert 0.4 < sum(labels) / len(labels) < 0.6
    assert model()["cv_accuracy"] >= 0.8


@pytest.mark.parametrize(
    "sentence,promise",
    [
        ("The Council will publish a revised strategy for allotments by March 2027.", True),
        ("We will write to every headteacher to explain the new arrangements.", True),
        ("The strategy aims to improve air quality across the city.", False),
        ("In 2021 the Council published a new allotments strategy.", False),
    ],
)
def test_model_reads_sentences_it_was_not_trained_on(sentence, promise):
    texts, _ = training.load_examples()
    assert sentence not in texts
    assert (promise_score(sentence) >= 0.5) is promise


def test_model_rescues_a_promise_the_exclusion_rules_reject():
    sentence = "All the findings will also be shared with the councils that receive funding."
    from onrecord.nlp.context import cues

    assert cues()["not_promise"].search(sentence)  # "will also be" is excluded by rule
    doc = Document(path="r.txt", id="0" * 64, format="txt", kind="evidence", title="Council Response to the review",
                   pages=[Page(number=1, lines=[Line("The Council welcomes the review."), Line(""), Line(sentence)])])
    items = nlp.extract(doc)
    assert [i.text for i in items if i.kind == "commitment"] == [sentence]
