"""A minuted decision to act, in running text: "The Councillors agreed to forward a note to residents",
"... was discussed and resolved to reduce the precept". The annotators count these as decisions, whose
owners are the party that agreed and any party a following clause tasks; a view that was agreed ("The
Councillors agreed the present system in place works well") or a report noted is not one."""
from __future__ import annotations

from datetime import date

from onrecord import nlp
from onrecord.nlp.blocks import blocks
from onrecord.nlp.prose import prose_items

from .test_nlp import document

MEETING = date(2017, 1, 10)


def decisions(lines: list[str]) -> list[tuple[str, list[str]]]:
    doc = document(lines, kind="minutes")
    return [(i.text, i.owners) for i in prose_items(blocks(doc), "minutes", MEETING) if i.kind == "decision"]


def test_a_decision_to_act_is_a_decision_of_who_agreed_and_whom_it_tasks():
    lines = ["17.01.4 Update General Parking within the village",
             ("Parking outside Croft View is still a problem. The Councillors agreed to forward a note to residents"
             " politely asking them to park in a courteous manner."),
             "17.01.9 Commemoration",
             ("An e-mail has been received about the lighting of a Beacon. The Councillors resolved to take part in"
             " this commemoration, the Clerk to notify accordingly."),
             "17.01.10 Setting of the Precept",
             "The Clerk presented the draft accounts. The setting of the Precept for 2017/18 was discussed and resolved to reduce the precept to £2500."]
    assert decisions(lines) == [
        ("The Councillors agreed to forward a note to residents politely asking them to park in a courteous manner.",
         ["The Councillors"]),
        ("The Councillors resolved to take part in this commemoration, the Clerk to notify accordingly.",
         ["The Councillors", "the Clerk"]),
        ("The setting of the Precept for 2017/18 was discussed and resolved to reduce the precept to £2500.", []),
    ]


def test_a_view_agreed_or_a_report_noted_is_no_decision():
    lines = ["17.01.5 Police report",
             "The Councillors agreed the present system in place works well.",
             "Members agreed to note the report. The meeting decided to be guided by the police."]
    assert decisions(lines) == []


def test_a_report_quoting_what_a_meeting_agreed_to_do_has_no_minuted_decision():
    doc = document(["In 2019 the council agreed to review its parking policy."], kind="report")
    assert not [i for i in prose_items(blocks(doc), "report", MEETING) if i.kind == "decision"]


def test_the_trained_decision_keeps_a_minuted_decision_to_act():
    lines = ["MILBURN PARISH COUNCIL", "Minutes of the meeting held on 10 January 2017",
             "17.01.4 Update General Parking within the village",
             ("Parking outside Croft View is still a problem. The Councillors agreed to forward a note to residents"
             " politely asking them to park in a courteous manner.")]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.kind, i.owners) for i in items] == [("decision", ["The Councillors"])]
