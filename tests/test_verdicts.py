"""Verdicts read from responses the tests print as real PDFs: an opening sentence, a heading, a
recommendation's own sentence that is no verdict, and recommendations answered together."""
from __future__ import annotations

import pytest

import ingest
from nlp.model import Item
from nlp.responses import read_response
from nlp.verdicts import set_verdicts, verdict_of

from .pdfs import make_pdf

ASK = "The Council should publish a flood plan for the coastal wards by March 2026."
ASK_TWO = "The Council should review parking charges at the town centre car parks."


def _response(tmp_path, lines: list[str]):
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [["Government Response to the Committee Report", *lines]]))
    assert doc.kind == "evidence"
    return doc


def _recommendation(text: str, ref: str) -> Item:
    return Item(kind="recommendation", text=text, ref=ref, page=1)


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (["The Government agrees with the Committee's conclusion."], "accepted"),
        (["This recommendation is accepted in full by the UK Government."], "accepted"),
        (["Recommendation accepted in principle", "Work will start next year."], "accepted in principle"),
        (["The Government does not agree with the Committee's view of the plan."], "not accepted"),
        (["The Government does not believe that it is appropriate to set a target."], "not accepted"),
        (["The Government partially accepts this recommendation."], "partially accepted"),
        (["The Government will give careful consideration to this proposal."], "under consideration"),
        (["The Government notes the recommendation."], "noted"),
        # the answer opens with something else: no verdict, though a later word reads like one
        (["Flood plans are a matter for councils, which will be agreed next year."], None),
        (["As the Committee acknowledged, plans take time. The Government agrees."], None),
    ],
)
def test_a_restated_recommendation_carries_the_verdict_its_answer_opens_with(tmp_path, answer, verdict):
    doc = _response(tmp_path, ["Recommendation 1", ASK, *answer])
    item = _recommendation(ASK, "1")
    set_verdicts(doc, [item])
    assert item.verdict == verdict
    assert (item.verdict_printed is None) == (verdict is None)
    if verdict:
        assert item.verdict_printed == " ".join(answer)[: len(item.verdict_printed)]


def test_recommendations_restated_together_share_the_answer_after_the_last(tmp_path):
    doc = _response(tmp_path, [
        "1.", ASK, "2.", ASK_TWO, "The Government agrees with both recommendations.",
        "3. The Council should plant trees along the coastal path in every ward.",
        "The Government does not agree with the Committee's view.",
    ])
    items = [_recommendation(ASK, "1"), _recommendation(ASK_TWO, "2"),
             _recommendation("The Council should plant trees along the coastal path in every ward.", "3")]
    set_verdicts(doc, items)
    assert [i.verdict for i in items] == ["accepted", "accepted", "not accepted"]


def test_a_list_of_sub_recommendations_shares_the_answer_after_it(tmp_path):
    doc = _response(tmp_path, [
        "4. The Council should write a resilience strategy. As a minimum, the strategy should:",
        "A. be adaptable;", "B. name who leads in each kind of emergency.",
        "The strategy should be reviewed every three years.",
        "The government agrees with the Inquiry's insights.",
    ])
    items = [_recommendation("The Council should write a resilience strategy.", "4"),
             _recommendation("As a minimum, the strategy should: be adaptable;", "4A"),
             _recommendation("As a minimum, the strategy should: name who leads in each kind of emergency.", "4B")]
    set_verdicts(doc, items)
    assert [i.verdict for i in items] == ["accepted"] * 3


def test_only_a_response_gives_verdicts(tmp_path):
    doc = ingest.read(make_pdf(tmp_path / "report.pdf", [["Scrutiny Report", ASK, "The Council agrees."]]))
    item = _recommendation(ASK, "1")
    set_verdicts(doc, [item])
    assert doc.kind == "report" and item.verdict is None


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [("Accepted", "accepted"), ("Not agreed", "not accepted"), ("Under consideration", "under consideration"),
     ("We accept this recommendation in principle.", "accepted in principle")],
)
def test_verdict_headings_and_sentences(sentence, verdict):
    assert verdict_of(sentence) == verdict


@pytest.mark.parametrize(
    ("text", "due", "due_date"),
    [
        # a relative deadline counts from the paper's date
        ("The County Council should publish its flood plan for the coastal wards within 12 months of this Report.",
         "within 12 months", "2026-01"),
        # one that counts from an event with no date stays undated
        ("The County Council should publish a report within three months of the conclusion of the exercise.",
         "within three months", None),
        # of several, the latest
        (("The County Council should survey the coastal wards within 12 months of this Report and publish "
          "a flood plan within 24 months of this Report."), "within 24 months", "2027-01"),
        # a date before the response is the report's deadline, not a past event
        ("The County Council should publish its flood plan for the coastal wards by March 2024.", "March 2024", "2024-03"),
    ],
)
def test_a_restated_recommendation_keeps_the_deadline_its_report_printed(tmp_path, text, due, due_date):
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [
        ["Government Response to the Committee Report", "Presented to Parliament by Command of His Majesty",
         "16 January 2025", "Recommendation 1", text, "The Government agrees."]]))
    assert doc.published_date == "2025-01-16"
    item = Item(kind="recommendation", text=text, ref="1", page=1, due="within 12 months", due_date="2026-01")
    read_response(doc, [item])
    assert (item.due, item.due_date, item.verdict) == (due, due_date, "accepted")
