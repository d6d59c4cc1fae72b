"""Minutes' items in the forms the annotators count (gold notes annot-d, annot-e) that the rules
once missed: a promise in a bulleted point of discussion, a decision not to act ("it was decided
not to go ahead with an outside board"), and a speaker's reported promise that the parse names no
owner for ("She mentioned her intention to report ...", "has said they would pay £50 per month")."""
from __future__ import annotations

from datetime import date

from onrecord.nlp.blocks import blocks
from onrecord.nlp.prose import prose_items

from .test_nlp import document

MEETING = date(2011, 7, 19)


def items(lines: list[str], kind: str = "minutes") -> list[tuple[str, str, list[str]]]:
    return [(i.kind, i.text, i.owners) for i in prose_items(blocks(document(lines, kind=kind)), kind, MEETING)]


def test_a_bulleted_point_of_discussion_may_promise():
    lines = ["11.07.3 Transparency strategy", "",
             ("• PDC consultation document was also going through departmental clearance and a consultation will be"
             " run over the summer."),
             ("• AS reported that Lloyds of London had hosted a good exhibition. Contacts would be forwarded to the"
             " Transparency Team."),
             "• The Board discussed the aid transparency guarantee at length."]
    assert [(kind, text.split()[:4]) for kind, text, _ in items(lines)] == [
        ("commitment", ["PDC", "consultation", "document", "was"]),
        ("commitment", ["Contacts", "would", "be", "forwarded"])]
    # in a report the same points are description, as before
    assert items(lines, kind="report") == []


def test_a_decision_not_to_act_is_a_decision_and_its_owner_is_of_its_own_clause():
    lines = ["11.07.4 Noticeboard", "",
             ("The parish council have been the only request for an outside board and with plenty of display space"
             " at the shop, it was decided not to go ahead with an outside board for the time being.")]
    assert items(lines) == [("decision", ("The parish council have been the only request for an outside board and with"
                                          " plenty of display space at the shop, it was decided not to go ahead with an"
                                          " outside board for the time being."), [])]


def test_a_speaker_s_reported_promise_counts_though_no_owner_is_parsed():
    lines = ["11.07.4 Practice framework", "",
             ("She mentioned her intention to report on the corporate parenting aspect of the practice framework to the"
             " panel at a later date."),
             "11.07.5 Football club", "",
             "Subsequent to the meeting Clive Bashford (club chairperson) has said they would pay £50 per month.",
             "11.07.6 Social media", "",
             "He said they would like to see more posts on the website."]
    assert [(kind, text.split()[:3]) for kind, text, _ in items(lines)] == [
        ("commitment", ["She", "mentioned", "her"]), ("commitment", ["Subsequent", "to", "the"])]


def test_deciding_to_wait_and_see_decides_no_act():
    # gold notes annot-e, Horsley village hall: "decided to wait & see (no action)"
    lines = ["11.07.7 Cleaning", "",
             "Decided to wait & see, as seeking and arranging cleaning is getting time consuming.", "",
             "11.07.8 Hedge", "",
             "The Councillors decided to cut the hedge in March."]
    assert [(kind, text.split()[-1]) for kind, text, _ in items(lines)] == [("decision", "March.")]


def test_a_meeting_s_conclusion_that_a_party_should_act_is_a_decision_and_closes_its_point():
    # gold notes annot-e (Horsley): "It was agree that Working Groups (WGs) should be set up" is a decision
    lines = ["11.07.9 Curtains", "",
             ("• There was some discussion over colours. It was felt it was an opportune time to change the look,"
             " it was agreed that Mags & Karen should come to the final decision."),
             "• Subsequent to the meeting Mags had contacted the supplier about the price.",
             "• It was thought that perhaps this should be something the parish council decides.", "",
             "11.07.10 Floor", "",
             "It was felt that wooden clogs should not be allowed on the new floor."]
    assert items(lines) == [
        ("decision", ("It was felt it was an opportune time to change the look, it was agreed that Mags & Karen"
                      " should come to the final decision."), ["Mags", "Karen"]),
        ("decision", "It was felt that wooden clogs should not be allowed on the new floor.", [])]
