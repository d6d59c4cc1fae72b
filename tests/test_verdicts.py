"""Verdicts read from responses the tests print as real PDFs: an opening sentence, a heading, a
recommendation's own sentence that is no verdict, and recommendations answered together."""
from __future__ import annotations

from datetime import date

import pytest

from onrecord import ingest
from onrecord.nlp.model import Item
from onrecord.nlp.responses import read_response, report_date
from onrecord.nlp.verdict_tables import ref_parts
from onrecord.nlp.verdicts import set_verdicts, verdict_of

from .pdfs import make_pdf, make_verdict_table_pdf

ASK = "The Council should publish a flood plan for the coastal wards by March 2026."
ASK_TWO = "The Council should review parking charges at the town centre car parks."


def _response(tmp_path, lines: list[str]):
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [["Government Response to the Committee Report", *lines]]))
    assert doc.kind == "evidence"
    return doc


def _recommendation(text: str, ref: str) -> Item:
    return Item(kind="recommendation", text=text, ref=ref, page=1)


# the verdict, and the status it gives, worded as the response words it ("agrees": "Agreed")
@pytest.mark.parametrize(
    ("answer", "verdict", "status"),
    [
        (["The Government agrees with the Committee's conclusion."], "accepted", "Agreed"),
        (["This recommendation is accepted in full by the UK Government."], "accepted", "Accepted"),
        (["The Government agrees and accepts this recommendation."], "accepted", "Accepted"),
        (["Recommendation accepted in principle", "Work will start next year."], "accepted in principle",
         "Accepted in principle"),
        (["The Government does not agree with the Committee's view of the plan."], "not accepted", "Not agreed"),
        (["The Government does not believe that it is appropriate to set a target."], "not accepted", "Not accepted"),
        (["The Government partially accepts this recommendation."], "partially accepted", "Partially accepted"),
        (["The Government will give careful consideration to this proposal."], "under consideration",
         "Under consideration"),
        (["The Government notes the recommendation."], "noted", "Noted"),
        # the answer opens with something else: no verdict, though a later word reads like one
        (["Flood plans are a matter for councils, which will be agreed next year."], None, None),
        # the verdict comes after the answer's opening sentences, within its first four
        ([("It is essential that plans rest on evidence. Councils already keep flood records. "
           "The Government will therefore give careful consideration to the idea.")], "under consideration",
         "Under consideration"),
        (["As the Committee acknowledged, plans take time. The Government agrees."], "accepted", "Agreed"),
        (["Plans take time. Councils keep records. Wards differ. Coasts erode. The Government agrees."], None, None),
    ],
)
def test_a_restated_recommendation_carries_the_verdict_its_answer_opens_with(tmp_path, answer, verdict, status):
    doc = _response(tmp_path, ["Recommendation 1", ASK, *answer])
    item = _recommendation(ASK, "1")
    read_response(doc, [item])
    assert item.verdict == verdict
    assert (item.verdict_printed is None) == (verdict is None)
    if verdict:
        assert item.verdict_printed in " ".join(answer)
    assert item.status == status


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
     ("We accept this recommendation in principle.", "accepted in principle"),
     # the labels of a summary table
     ("Accepting in full", "accepted"), ("Accepting in principle", "accepted in principle"),
     ("Not accepting", "not accepted"), ("Partially accepted", "partially accepted"), ("Noted", "noted"),
     ("Recommendation rejected", "not accepted"), ("Approach taken", None), ("On track", None)],
)
def test_verdict_headings_and_sentences(sentence, verdict):
    assert verdict_of(sentence) == verdict


@pytest.mark.parametrize(
    ("text", "due", "due_date"),
    [
        # a relative deadline counts from the report's date, as the response prints it
        ("The County Council should publish its flood plan for the coastal wards within 12 months of this Report.",
         "within 12 months", "2025-07"),
        # one that counts from an event with no date stays undated
        ("The County Council should publish a report within three months of the conclusion of the exercise.",
         "within three months", None),
        # of several, the latest
        (("The County Council should survey the coastal wards within 12 months of this Report and publish "
          "a flood plan within 24 months of this Report."), "within 24 months", "2026-07"),
        # a date before the response is the report's deadline, not a past event
        ("The County Council should publish its flood plan for the coastal wards by March 2024.", "March 2024", "2024-03"),
    ],
)
def test_a_restated_recommendation_keeps_the_deadline_its_report_printed(tmp_path, text, due, due_date):
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [
        ["Government Response to the Committee Report", "Presented to Parliament by Command of His Majesty",
         "16 January 2025"],
        ["Introduction", "On 5 April 2023, the Committee published its interim report.",
         "On 18 July 2024, the Committee published its final report on coastal flooding.",
         "Recommendation 1", text, "The Government agrees."]]))
    assert doc.published_date == "2025-01-16"
    assert report_date(doc) == date(2024, 7, 18)  # the later of the two reports
    item = Item(kind="recommendation", text=text, ref="1", page=1, due="within 12 months", due_date="2026-01")
    read_response(doc, [item])
    assert (item.due, item.due_date, item.verdict) == (due, due_date, "accepted")


def test_a_relative_deadline_of_a_report_whose_date_the_response_does_not_print_stays_undated(tmp_path):
    # not counted from the response's own date: "this Report" is the report's
    text = "The County Council should publish its flood plan for the coastal wards within 12 months of this Report."
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [
        ["Government Response to the Committee Report", "Presented to Parliament by Command of His Majesty",
         "16 January 2025", "Recommendation 1", text, "The Government agrees."]]))
    item = Item(kind="recommendation", text=text, ref="1", page=1)
    read_response(doc, [item])
    assert (item.due, item.due_date) == ("within 12 months", None)


SUMMARY = [  # one table a page: a verdict printed once for the rows beside it, continued over the page
    [("Accepting in full", ["Recommendation 1", "Recommendation 2", "Recommendation 3a) i)"])],
    [("", ["Recommendation 3a) ii)"]), ("Accepting in principle", ["Recommendation 4", "Recommendation 5b)"])],
    [("Not accepting", ["Recommendation 6"]), ("Noted", ["Recommendation 7"])],
]
RESTATED = [  # (where it is printed, its text, the ref the extractor gave it)
    ("1.", "The Council should publish a flood plan for the coastal wards.", "1"),
    ("2a.", "The Council should review parking charges at the town centre car parks.", "2a"),
    ("3a) ii.", "The Council should review its tree planting along the coastal path.", ""),
    ("4.", "The Council should open a second household waste site in the north.", "4"),
    ("5b.", "The Council should publish its waste figures every quarter.", "5b"),
    ("6.", "The Council should close the old library on Sundays.", "6"),
    ("7.", "The Council should ask residents which bus routes they use.", "7"),
    ("8.", "The Council should light the seafront promenade at night.", "8"),
    ("9.", "The Council should repaint the bandstand on the green.", "9"),
]
# an answer that opens with a verdict of its own, and one that opens with none
ANSWERS = ["The Government agrees with the Committee.", "Work on this has begun in every ward."]


def test_a_summary_table_of_verdicts_gives_each_recommendation_it_lists_its_verdict(tmp_path):
    """The table's verdict for a ref, or for its parent's ('Recommendation 2' for 2a), even over
    a page ('3a) ii)' under the last page's 'Accepting in full'), and over an answer's opening
    sentence; a recommendation the table does not list keeps its answer's verdict."""
    text = [line for n, (label, ask, _) in enumerate(RESTATED) for line in (f"{label} {ask}", ANSWERS[n % 2])]
    doc = ingest.read(make_verdict_table_pdf(tmp_path / "response.pdf", SUMMARY, text))
    assert doc.kind == "evidence"
    items = [Item(kind="recommendation", text=ask, ref=ref, page=len(SUMMARY) + 1) for _, ask, ref in RESTATED]
    set_verdicts(doc, items)
    full, principle = ("accepted", "Accepting in full"), ("accepted in principle", "Accepting in principle")
    assert [(i.verdict, i.verdict_printed) for i in items] == [
        full, full, full, principle, principle, ("not accepted", "Not accepting"), ("noted", "Noted"),
        (None, None),  # not in the table, and its answer opens with no verdict
        ("accepted", ANSWERS[0]),  # not in the table: its answer's verdict
    ]


def test_a_table_without_verdicts_gives_none(tmp_path):
    tables = [[("Director of Finance", ["Recommendation 1", "Recommendation 2"])]]
    doc = ingest.read(make_verdict_table_pdf(tmp_path / "response.pdf", tables, [f"1. {RESTATED[0][1]}", ANSWERS[1]]))
    item = Item(kind="recommendation", text=RESTATED[0][1], ref="1", page=2)
    set_verdicts(doc, [item])
    assert (item.verdict, item.verdict_printed) == (None, None)


@pytest.mark.parametrize(
    ("printed", "parts"),
    [("Recommendation 4a) iii)", ("4", "a", "iii")), ("Recommendation 4a) iv", ("4", "a", "iv")),
     ("2a.", ("2", "a")), ("6a) v. Those who", ("6", "a", "v")), ("10a) i-iii) That", ("10", "a", "i")),
     ("Recommendation 8 (accepted in principle by NI Executive)", ("8",)), ("R12", ("12",)),
     ("8.32(a)", ("8.32", "a")), ("None", ())],
)
def test_the_refs_a_table_or_a_response_prints(printed, parts):
    assert ref_parts(printed) == parts



def test_a_printed_status_is_kept_over_the_verdict(tmp_path):
    doc = _response(tmp_path, ["Recommendation 1", ASK, "The Government agrees with the Committee's conclusion."])
    item = Item(kind="recommendation", text=ASK, ref="1", page=1, status="Complete")
    set_verdicts(doc, [item])
    assert (item.verdict, item.status) == ("accepted", "Complete")


def test_a_users_verdicts_without_the_wording_table_give_the_verdict_as_status(tmp_path, monkeypatch):
    import json

    from onrecord.nlp import rules, verdicts

    table = json.loads(rules.read("verdicts.json"))
    del table["status"]
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "verdicts.json").write_text(json.dumps(table))
    monkeypatch.setenv(rules.ENV, str(tmp_path / "rules"))
    verdicts._table.cache_clear()
    try:
        assert verdicts.status_of("accepted", "The Government agrees.") == "Accepted"
    finally:
        monkeypatch.undo()
        verdicts._table.cache_clear()
    assert verdicts.status_of("accepted", "The Government agrees.") == "Agreed"
