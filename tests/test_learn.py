"""The learned decision: candidates beyond the rules, features that carry over, a fit that is
reproducible and scored on papers left out of it."""
import json
import re

import pytest
from click.testing import CliRunner

from onrecord import evaluate as evaluation
from onrecord import ingest, nlp
from onrecord.cli import cli
from onrecord.ingest.model import Document, Line, Page
from onrecord.nlp.blocks import Block
from onrecord.nlp.candidates import Candidate, candidates, features
from onrecord.nlp.decide import decide, item_probability, owners
from onrecord.nlp.learn import fit, labels
from onrecord.nlp.model import KINDS, Item

from .conftest import ROOT, SAMPLES


def block(text: str, page: int = 1, marker: str | None = None, ref: str = "", top: float = 100) -> Block:
    return Block(text=text, page=page, marker=marker, ref=ref, lines=[Line(text, (50, top, 500, top + 10))])


def test_a_paragraph_no_rule_took_offers_its_sentences():
    paragraphs = [block("The Clerk to write to the highways team about the verge. The meeting closed at 9pm.")]
    found = candidates(paragraphs, [], "minutes", 1)
    assert [c.text for c in found] == ["The Clerk to write to the highways team about the verge.",
                                       "The meeting closed at 9pm."]
    assert {c.source for c in found} == {"sentence"}


def test_a_list_entry_is_offered_whole_and_by_sentence():
    paragraphs = [block("3. The Council should publish the plan. It should consult residents first.", marker="number",
                        ref="3")]
    found = candidates(paragraphs, [], "report", 1)
    assert found[0].source == "entry" and found[0].text == "The Council should publish the plan. It should consult residents first."
    assert [c.text for c in found[1:]] == ["The Council should publish the plan.", "It should consult residents first."]
    assert all(c.ref == "3" for c in found)


def test_a_paragraph_the_rules_took_offers_only_the_rules_item():
    paragraph = block("R1 That the Board publishes its plan by March 2026.", marker="rec", ref="R1")
    item = Item(kind="recommendation", text="That the Board publishes its plan by March 2026.", page=1, ref="R1",
                bbox=(50, 100, 500, 110))
    found = candidates([paragraph], [item], "report", 1)
    assert len(found) == 1 and found[0].item is item and found[0].source == "rule"
    assert found[0].features["rule=recommendation"] == 1.0


def test_an_item_whose_paragraph_is_not_found_is_still_a_candidate():
    item = Item(kind="action", text="JT to circulate the minutes", page=2, method="table")
    found = candidates([], [item], "minutes", 3)
    assert [c.item for c in found] == [item]


@pytest.mark.parametrize("text, feature", [
    ("The Clerk to write to the highways team.", "subject_then_verb"),
    ("That a memorial fund be established at public expense.", "subjunctive"),
    ("The Council will publish a revised strategy by March 2026.", "promise_model"),
    ("Who will pay for the repairs?", "question"),
    ("the service should be reviewed every year", "starts_lower"),
    ("The Government should set up a compensation scheme.", "addressed_party"),
    # a report's narrative: a witness's view, and a recommendation made before, are not its asks
    ("The witness claimed that the Government should fund the scheme.", "cue=reported_view"),
    ("In the Interim Report, I recommended that a time limit be set.", "cue=recommended_before"),
])
def test_features_name_what_they_test(text, feature):
    on = features(Candidate(text, 1, "sentence"), "minutes")
    assert on.get(feature) == 1.0
    off = features(Candidate("Members discussed the accounts at length today", 1, "sentence"), "minutes")
    assert feature not in off


def test_a_lettered_entry_that_asks_is_a_feature():
    # "(b) That NHS bodies should publish ...": a lettered sub-item that asks is an item of its own (the
    # guideline's lists: each sub-item that asks for something)
    for text in ("Peer review of each centre should take place every five years.", "That a fund be set up."):
        on = features(Candidate(text, 1, "entry", marker="letter"), "report")
        assert on["lettered_asks"] == on["lettered_asks&doc=report"] == 1.0
    # a number printed with its letter ("12d) PACAC should review ...") is a sub-item too
    for ref in ("12d)", "6a) i.", "2a"):
        assert "lettered_asks" in features(Candidate("PACAC should review it.", 1, "entry", marker="number", ref=ref),
                                           "evidence")
    # not an entry that asks for nothing, nor a whole numbered recommendation
    assert "lettered_asks" not in features(Candidate("Duty of candour", 1, "entry", marker="letter"), "report")
    for ref in ("12", "4.2", ""):
        assert "lettered_asks" not in features(Candidate("That a fund be set up.", 1, "entry", marker="number", ref=ref),
                                               "report")


def test_a_cue_is_crossed_with_the_kind_of_paper():
    on = features(Candidate("The panel recommends that the Council should act now.", 1, "sentence"), "report")
    assert on["cue=directive"] == on["cue=directive&doc=report"] == 1.0


def test_a_heading_above_and_a_lead_in_before_are_features():
    heading = Block(text="Recommendations", page=1, lines=[Line("Recommendations", (50, 80, 200, 90))])
    lead = block("The committee recommends that:", top=100)
    entry = block("- the library opens on Sundays", marker="bullet", top=120)
    found = candidates([heading, lead, entry], [], "report", 1)
    last = found[-1]
    assert last.section == "Recommendations" and last.features.get("section~recommend") == 1.0
    assert last.features.get("sec=recommendations") == 1.0  # every word of the heading, as it is
    assert last.features.get("lead_cue=recommend") == 1.0


def test_a_lead_in_leads_every_entry_of_its_list_with_its_own_marker_as_a_feature():
    lead = block("6. RESOLVED the Leader to:", marker="resolved", ref="6", top=100)
    entries = [block(f"{letter}) {text}", marker="letter", ref=f"{letter})", top=120 + 20 * i)
               for i, (letter, text) in enumerate([("a", "CREATE an Education Cabinet Committee now."),
                                                   ("b", "CONSOLIDATE the two health committees into one.")])]
    after = block("Members then discussed the budget for the coming year.", top=200)
    found = {c.text: c for c in candidates([lead, *entries, after], [], "minutes", 1)}
    for text in ("CREATE an Education Cabinet Committee now.", "CONSOLIDATE the two health committees into one."):
        assert found[text].lead == "6. RESOLVED the Leader to:"
        assert found[text].features.get("lead_marker=resolved&doc=minutes") == 1.0
    closing = found["Members then discussed the budget for the coming year."]
    assert closing.lead == "" and not any(name.startswith("lead_marker") for name in closing.features)


def test_neighbours_the_rules_took_are_features():
    first = block("(a) That the Board publishes its plan.", marker="letter", ref="(a)", top=100)
    second = block("(b) That a fund be set up for the hall.", marker="letter", ref="(b)", top=120)
    item = Item(kind="recommendation", text="That the Board publishes its plan.", page=1, bbox=(50, 100, 500, 110))
    found = candidates([first, second], [item], "report", 1)
    assert found[-1].item is None
    assert found[-1].features.get("prev_same_marker_rule=recommendation") == 1.0


def test_a_statement_printed_on_two_pages_is_marked_as_printed_twice():
    ask = "The Department should publish a timetable for compensation payments to every claimant."
    narrative = "The Department told the Inquiry in 2023 that it would consider the matter further in due course."
    paragraphs = [block(ask, page=2), block(narrative, page=2), block(ask, page=9, top=300),
                  block(narrative.replace("2023", "2024"), page=9, top=320)]
    found = candidates(paragraphs, [], "report", 10)
    twice = {c.text for c in found if c.features.get("printed_twice")}
    assert twice == {ask}
    assert all(c.features.get("printed_twice&doc=report") for c in found if c.text == ask)


def test_an_entry_beside_a_kept_entry_of_its_list_needs_less_confidence():
    from onrecord.nlp.decide import _siblings

    def entry(text: str, lead: str = "The Inquiry recommends:") -> Candidate:
        return Candidate(text, 1, "entry", marker="letter", lead=lead)

    found = [entry("(a) that a fund be set up;"), entry("(b) that the fund be audited;"),
             entry("(c) that its reports be read;"), entry("(d) that it close in 2030.", lead="")]
    kept = [True, False, False, False]
    _siblings(found, [0.9, 0.35, 0.1, 0.6], kept, 0.3)
    # (b) joins (a); (c) is too unlikely; (d) follows another lead-in
    assert kept == [True, True, False, False]
    kept = [False, False, True, False]
    _siblings(found, [0.35, 0.35, 0.9, 0.6], kept, 0.3)
    assert kept == [True, True, True, False]  # backwards too, entry by entry


def test_labels_pair_candidates_with_gold_as_the_metric_does():
    found = [Candidate("The Clerk to write to the highways team", 1, "sentence"),
             Candidate("The meeting closed at nine", 1, "sentence"),
             Candidate("Councillors agreed to fund the hall repairs", 5, "sentence")]
    gold = [{"kind": "action", "text": "The Clerk to write to the highways team about the verge"},
            {"kind": "decision", "text": "Councillors agreed to fund the hall repairs"}]
    assert labels(found, gold) == ["action", "none", "decision"]
    assert labels(found, gold, pages=(1, 2)) == ["action", "none", None]  # page 5 is not labelled


def toy_rows():
    rows = []
    for i in range(30):
        rows.append(({"bias": 1.0, "subject_then_verb": 1.0, f"word=w{i % 3}": 1.0}, "action"))
        rows.append(({"bias": 1.0, "cue=directive": 1.0, f"word=w{i % 3}": 1.0}, "recommendation"))
        rows.append(({"bias": 1.0, "question": 1.0, f"word=w{i % 3}": 1.0}, "none"))
    return rows


def test_fit_is_plain_data_and_reproducible():
    first, second = fit(toy_rows()), fit(toy_rows())
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["kinds"] == list(KINDS)
    action = {"bias": 1.0, "subject_then_verb": 1.0}
    assert item_probability(action, first) > 0.5 > item_probability({"bias": 1.0, "question": 1.0}, first)


def test_fit_agrees_with_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    from onrecord.nlp.learn import vectorize

    x, _, found = vectorize(toy_rows())
    fitted = LogisticRegression(C=0.1, solver="liblinear", random_state=0).fit(x, [int(y != "none") for y in found])
    model = fit(toy_rows())
    expected = fitted.predict_proba(x)[:, 1]
    for row, p in zip(toy_rows(), expected):
        assert item_probability(row[0], model) == pytest.approx(p, abs=1e-3)


def test_decide_drops_a_rule_item_the_model_rejects_and_keeps_a_new_one_it_reads_as_an_item():
    model = fit(toy_rows(), threshold=0.5)
    rejected = Candidate("Who will pay?", 1, "rule", item=Item(kind="action", text="Who will pay?"),
                         features={"bias": 1.0, "question": 1.0})
    new = Candidate("JT to ask the caretaker about the boiler", 2, "sentence",
                    features={"bias": 1.0, "subject_then_verb": 1.0})
    items = decide([rejected, new], model, None, "The Council")
    assert [(i.kind, i.text, i.owners) for i in items] == [("action", new.text, ["JT"])]
    assert decide([rejected, new], None, None, "The Council") == [rejected.item]  # no model: the rules' items


@pytest.mark.parametrize("text, kind, expected", [
    ("Chris Taggart to set up a procurement working group", "action", ["Chris Taggart"]),
    ("Circulate the draft terms of reference (Olivia Burman)", "action", ["Olivia Burman"]),
    ("We will publish the review in the spring", "commitment", ["The Council"]),
])
def test_owners_of_a_new_item_by_its_kind(text, kind, expected):
    assert owners(text, kind, "The Council") == expected


def test_the_shipped_model_is_used_and_recorded_in_the_extractor():
    from onrecord.nlp.decide import item_model

    assert item_model() is not None
    assert len(nlp.extractor()) == 16


def test_paper_kinds_for_reporting():
    doc = Document(path="x.pdf", id="x", format="pdf", title="Government Response to the Inquiry", kind="evidence")
    assert evaluation.paper_kind(doc, "corpus/evidence/x.pdf") == "responses"
    doc = Document(path="x.pdf", id="x", format="pdf", title="Delivery plan 2025", kind="report")
    assert evaluation.paper_kind(doc, "corpus/evidence/x.pdf") == "plans"
    doc = Document(path="x.pdf", id="x", format="pdf", title="Minutes", kind="minutes",
                   pages=[Page(1, [Line("Minutes of the meeting")])])
    assert evaluation.paper_kind(doc, "corpus/minutes/x.pdf") == "minutes"


def sample_gold(tmp_path):
    """Hand labels for two of the project's own sample papers, as ../shared/gold labels them."""
    (tmp_path / "samples").symlink_to(SAMPLES)
    gold = tmp_path / "gold" / "samples.jsonl"
    gold.parent.mkdir()
    docs = []
    for name in ("scrutiny-review-2025.pdf", "cabinet-minutes-2026-02-03.pdf"):
        items = [i.gold() for i in nlp.extract(ingest.read(SAMPLES / name))]
        docs.append({"file": f"samples/{name}", "doc_type": "report", "items": items[: max(1, len(items) - 1)]})
    gold.write_text("".join(json.dumps(d) + "\n" for d in docs))
    return gold


def test_train_writes_the_same_bytes_from_the_same_labels(tmp_path):
    gold = sample_gold(tmp_path)
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        result = CliRunner().invoke(cli, ["train", str(gold), "--out", str(out),
                                          "--promises-out", str(tmp_path / "promises.json")])
        assert result.exit_code == 0, result.output
    assert outs[0].read_bytes() == outs[1].read_bytes()
    model = json.loads(outs[0].read_text())
    assert model["papers"] == 2 and model["weights"]


def test_evaluate_cv_decides_each_paper_with_a_model_fitted_without_it(tmp_path):
    gold = sample_gold(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--cv", "paper", "--json", "--per-kind"])
    assert result.exit_code == 0, result.output
    assert "fitting 2/2" in result.output  # one fit per paper left out
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["documents"] == 2 and 0 < summary["item_f1"] <= 1


def test_cross_validation_leaves_the_paper_out_of_its_own_fit(tmp_path):
    gold = evaluation.load_jsonl(sample_gold(tmp_path))
    papers = evaluation.read_labelled(gold, tmp_path)
    seen: list[int] = []
    real = evaluation.fit_matrix

    def counting(x, names, found, **options):
        seen.append(x.shape[0])
        return real(x, names, found, **options)

    evaluation.fit_matrix = counting
    try:
        evaluation.cross_validate(papers, "paper")
    finally:
        evaluation.fit_matrix = real
    sizes = [sum(1 for label in p.labels if label is not None) for p in papers]
    assert seen == [sizes[1], sizes[0]]  # each fold holds only the other paper's candidates


def test_train_says_so_when_the_labels_name_no_item(tmp_path):
    gold = tmp_path / "gold" / "none.jsonl"
    gold.parent.mkdir()
    (tmp_path / "samples").symlink_to(SAMPLES)
    gold.write_text(json.dumps({"file": "samples/action-log-2026.pdf", "doc_type": "minutes", "items": []}) + "\n")
    result = CliRunner().invoke(cli, ["train", str(gold), "--out", str(tmp_path / "m.json"),
                                      "--promises-out", str(tmp_path / "p.json")])
    assert result.exit_code == 1
    assert "Error: cannot fit the item model: the labels pair no candidate with an item" in result.output


@pytest.mark.slow
def test_shipped_item_model_is_what_onrecord_train_makes_from_the_labels(shared, tmp_path):
    out = tmp_path / "items.json"  # no labels named: dev.jsonl and dev2.jsonl of the shared folder, as the README says
    result = CliRunner().invoke(cli, ["train", "--out", str(out), "--promises-out", str(tmp_path / "promises.json")])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == evaluation.MODEL.read_bytes()  # deterministic, and the shipped file is current


@pytest.mark.parametrize("text", [
    "The Council SHOULD publish its plan.", "RESOLVED: that the minutes be NOTED", "We Recommend That the Board acts",
    "Should the decision be made, we will act", "The Government Will Not publish", "Members were ASKED to comment",
])
def test_cues_read_from_lower_case_text_match_as_ignoring_case(text):
    from onrecord.nlp.candidates import CUES, _cues
    from onrecord.nlp.rules import rules

    assert _cues(text) == tuple(name for name in CUES if rules().cues[name].search(text))


def _family(name: str) -> str:
    """A feature's family: its name before any value or crossing ("cue=promise&doc=report" -> "cue")."""
    return re.split(r"[=&~]", name, maxsplit=1)[0]


def test_every_family_of_features_the_shipped_model_weighs_is_made_here():
    """A family of features no example below makes would be a feature no test covers."""
    rule = Item(kind="recommendation", text="That the Board publishes its plan by March 2026.", page=1,
                bbox=(50, 100, 500, 110), method="numbered", owners=["Board"], due_date="2026-03")
    fired: dict[str, float] = {}
    for candidate in [
        Candidate("The Clerk to write to the Council in 2025.", 1, "sentence", marker="bullet", ref="1",
                  section="Actions agreed", lead="The Committee recommends:", lead_marker="number",
                  position=0.5, style=("bold", "italic")),
        Candidate("That a memorial fund be established at public expense.", 1, "entry", item=rule),
        Candidate("The Government should set up a compensation scheme.", 1, "sentence", first=False),
        Candidate("“Who will pay for the repairs?", 1, "sentence"),
        Candidate("the service should be reviewed every year:", 1, "sentence"),
        Candidate("The Council will publish a revised strategy by March 2026.", 1, "sentence"),
        Candidate("The Board shall advise the Minister at three monthly intervals.” 244", 1, "sentence"),
    ]:
        fired |= features(candidate, "minutes")
    ask = "(b) That a fund be set up for the village hall, paid for by every parish of the district in turn."
    paper = [block("(z) That the parish be told.", marker="letter", ref="(z)", top=80),
             block("(a) That the Board publishes its plan by March 2026.", marker="letter", ref="(a)", top=100),
             block(ask, marker="letter", ref="(b)", top=120), block(ask, page=2, marker="letter", ref="(b)")]
    for candidate in candidates(paper, [rule], "report", 2):
        fired |= candidate.features
    listed = [Item(kind="recommendation", text=f"The Board shall publish report {n}.", page=1, method="numbered",
                   ref=str(n)) for n in range(1, 6)]  # a paper that numbers its recommendations
    for candidate in candidates(paper, listed, "report", 2):
        fired |= candidate.features
    shipped = json.loads((ROOT / "nlp" / "patterns" / "item_model.json").read_text())["weights"]
    assert {_family(name) for name in shipped} - {_family(name) for name in fired} == set()
