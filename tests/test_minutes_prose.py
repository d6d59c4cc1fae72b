"""Minutes' running prose that the annotators count and the rules once missed: a request by the
members ("Councillors requested Mr & Mrs Richardson be put forward for this, the Clerk to complete
application"), a promise by no party named ("a detailed update would be brought back to Cabinet"),
a decision in a sentence after one that ends on a number ("... the end of World War 1. The Councillors
resolved ..."), and a sentence beside the one the rules took in the same paragraph."""
from __future__ import annotations

from datetime import date

from onrecord.ingest.model import Line
from onrecord.nlp.blocks import Block, blocks, sentences
from onrecord.nlp.candidates import candidates
from onrecord.nlp.model import Item
from onrecord.nlp.prose import prose_items

from .test_nlp import document

MEETING = date(2017, 1, 10)


def items(lines: list[str], kind: str = "minutes") -> list[tuple[str, str, list[str]]]:
    return [(i.kind, i.text, i.owners) for i in prose_items(blocks(document(lines, kind=kind)), kind, MEETING)]


def test_a_sentence_ending_on_a_number_ends_there():
    assert sentences("The 100th anniversary of the end of World War 1. The Councillors resolved to take part.") == [
        "The 100th anniversary of the end of World War 1.", "The Councillors resolved to take part."]
    # but an initial, or a number that opens the text, is no sentence's end
    assert sentences("1. The Clerk to write. J. Smith to call.") == ["1. The Clerk to write.", "J. Smith to call."]
    assert sentences("Passed. Section 3. That the lease be prepared.") == ["Passed.", "Section 3. That the lease be prepared."]


def test_a_decision_after_a_sentence_ending_on_a_number_is_that_sentence_alone():
    lines = ["17.01.9 Commemoration",
             ("An e-mail has also been received regarding the lighting of a Beacon on 11th November 2018 to commemorate"
              " the 100th anniversary of the end of World War 1. The Councillors resolved to take part in this"
              " commemoration, the Clerk to notify accordingly.")]
    assert items(lines) == [("decision", ("The Councillors resolved to take part in this commemoration, the Clerk to"
                                          " notify accordingly."), ["The Councillors", "the Clerk"])]


def test_a_request_by_the_members_is_their_decision_from_the_request_on():
    lines = ["17.01.9 Correspondence",
             ("Also received was an e-mail regarding the Royal Garden Party at Buckingham Palace, Councillors requested"
              " Mr & Mrs Richardson be put forward for this, the Clerk to complete application.")]
    assert items(lines) == [("decision", ("Councillors requested Mr & Mrs Richardson be put forward for this, the Clerk"
                                          " to complete application."), ["Councillors", "the Clerk"])]


def test_a_request_by_one_member_stays_an_action_and_a_question_is_none():
    lines = ["17.01.4 Provision for Independent Providers", "The policy was discussed. The Chair requested the policy statement be shared with the minutes.",
             "17.01.5 Gritting of the village roads", "Mr Bellsham asked whether the roads could be gritted.",
             "17.01.6 Open forum", "No one asked questions – could this really be right?"]
    assert items(lines) == [("action", "The Chair requested the policy statement be shared with the minutes.", [])]


def test_a_promise_by_no_party_named_is_a_commitment_and_a_vague_one_is_not():
    lines = ["(d) Waste", "Work was ongoing at the reuse shops, a detailed update would be brought back to Cabinet in due course.",
             "(e) Nature", "The consultation had a strong response and the final strategy would be published in the summer.",
             "(f) Ukraine", "KCC would support and advise the Foreign Secretary as needed.",
             "(g) Schools", "Communication with parents would be enhanced to ensure they understood the decision.",
             "(h) Licences", "A discussion followed on the type of license that the information will be published under.",
             "(i) Code", "He advised that subject to approval, the Government Response would be published in the autumn."]
    assert [(kind, owners) for kind, _, owners in items(lines)] == [("commitment", []), ("commitment", [])]
    # a report describing a process promises nothing by these words
    assert items(["The outcomes will be published and sent to all Members of the Council."], kind="report") == []


def _block(text: str, top: float = 100) -> Block:
    return Block(text=text, page=1, marker="bullet", lines=[Line(text, (50, top, 500, top + 10))])


def test_minutes_offer_the_sentences_beside_the_one_the_rules_took():
    paragraph = _block("There was some discussion over what to do and the fawn colour was preferred. It was felt it was"
                       " time to change the look, it was agreed that Mags & Karen should come to the final decision."
                       " Ask Celia if she would consider the foyer cleaning on regular basis, action Mags.")
    taken = Item(kind="action", text="Ask Celia if she would consider the foyer cleaning on regular basis", page=1,
                 bbox=(50, 100, 500, 110))
    found = candidates([paragraph], [taken], "minutes", 1)
    assert [c.source for c in found] == ["rule", "sentence", "sentence"]
    assert found[2].text.startswith("It was felt it was time to change the look")
    assert not found[2].first
    # in a report the paragraph is the rules' alone, as before
    assert [c.source for c in candidates([paragraph], [taken], "report", 1)] == ["rule"]


def test_the_next_step_and_a_chase_are_tasks():
    lines = ["17.01.6 Bus shelter", "The shelter was discussed. The next step is to set up a meeting with the landowner.",
             "17.01.7 Highways", "The verge is still not cut. The Chair will chase updates from the highways team."]
    assert items(lines) == [("action", "The next step is to set up a meeting with the landowner.", []),
                            ("commitment", "The Chair will chase updates from the highways team.", ["The Chair"])]


def test_a_passive_promise_or_a_she_in_a_point_is_the_speaker_who_opens_it():
    # the labels give a promise that names no party to the person whose report it closes, and "She"
    # to the person named just before; a point with no speaker keeps no owner
    lines = ["(a) Tim outlined that the strategy was presented on 18 July. The draft will be updated with comments.",
             "(b) AS reported that a good seminar was held. Contacts would be forwarded to the team.",
             "(c) Leemya McKeown thanked the team. She mentioned her intention to report on the framework later.",
             "(d) The consultation had a strong response and the final strategy would be published in the summer.",
             "(e) The Board said that more was needed. The paper would be circulated to members.",
             "(f) Mick reported that the club met. Afterwards Clive Bashford has said they would pay £50 per month."]
    assert [(i[1], i[2]) for i in items(lines) if i[0] == "commitment"] == [
        ("The draft will be updated with comments.", ["Tim"]),
        ("Contacts would be forwarded to the team.", ["AS"]),
        ("She mentioned her intention to report on the framework later.", ["Leemya McKeown"]),
        ("The consultation had a strong response and the final strategy would be published in the summer.", []),
        ("The paper would be circulated to members.", []),
        ("Afterwards Clive Bashford has said they would pay £50 per month.", [])]  # its own party, not Mick


def test_named_people_who_need_to_act_have_an_action_and_the_next_bullet_is_not_theirs():
    lines = ["• Announcements", "o Z. Maiorca, P. Bader, and T. Feinberg need to submit updated applications",
             "o Next meeting – 9:00am Thursday, February 15th at the Bistro",
             "o Government needs to promote the guidelines"]
    assert items(lines) == [("action", "Z. Maiorca, P. Bader, and T. Feinberg need to submit updated applications",
                             ["Z. Maiorca", "P. Bader", "T. Feinberg"])]


def test_an_approved_line_is_a_decision_with_its_sub_bullets_and_a_calendar_is_not():
    lines = ["• New Business", "o APPROVED – 2018 Meetings Calendar",
             "o APPROVED – Revised 2018 budget – B. Munro (motion), Z. Maiorca (second)",
             "• New funding for street pole banner repairs", "• Increased funding for the mural program",
             "o K. Bares led the Commission in part three of its Strategic Planning"]
    assert items(lines) == [("decision", ("APPROVED – Revised 2018 budget New funding for street pole banner repairs"
                                          " Increased funding for the mural program"), [])]


def test_an_action_carried_forward_in_brackets_is_the_bracketed_task():
    # the labels count an action of the last log restated in passing, with the bracket's words
    lines = [("1.1 Item 9 of the Action Log from the previous meeting (Kieron O’Hara to canvas ODI interest in"
              " publishing court outcomes) was noted."),
             "1.2 The Panel noted the update (as circulated last week)."]
    assert items(lines) == [("action", "Kieron O’Hara to canvas ODI interest in publishing court outcomes", ["Kieron O’Hara"])]


def test_a_passive_promise_in_a_lettered_update_is_the_speakers_who_gives_the_update():
    lines = ["5. Mr R Thomas, Cabinet Member for Environment, provided an update on the following:",
             "(a) A new recycling contract was secured.",
             "(b) Work was ongoing at the reuse shops, a detailed update would be brought back to Cabinet in due course.",
             "6. The Making Space for Nature consultation closed and the final strategy would be published in the summer."]
    assert [(i[1][:30], i[2]) for i in items(lines) if i[0] == "commitment"] == [
        ("Work was ongoing at the reuse ", ["Mr R Thomas"]), ("The Making Space for Nature co", [])]


def test_a_letter_that_labels_ends_a_sentence_and_an_initial_does_not():
    assert sentences("They liked the message of Logo B. Updates will be submitted to the Commission.") == [
        "They liked the message of Logo B.", "Updates will be submitted to the Commission."]
    assert sentences("It was agreed with J. Smith. Option A. Was chosen.")[0] == "It was agreed with J. Smith."
    lines = ["• S. Martin Newberry discussed two logos. Members liked Logo B. Updates will be submitted to the Commission."]
    assert items(lines) == [("commitment", "Updates will be submitted to the Commission.", [])]


def test_a_promise_to_continue_is_work_under_way_not_an_item():
    lines = ["4. Strategy",
             ("Tim outlined the draft strategy. The Transparency team will continue implementation planning over the"
              " summer. The draft will be updated before publication.")]
    assert [i[1] for i in items(lines)] == ["The draft will be updated before publication."]


def test_a_point_an_action_line_right_after_gives_again_to_the_same_party_is_no_candidate():
    lines = [("2.1 The Panel discussed the index. It was agreed that both the MoJ and the Home Office would check"
              " their descriptions and update the index by the end of the month."),
             "Action: WM to circulate the document describing data sets.",
             "Action: MoJ and HO to produce lists of databases by 28 February 2014.",
             "2.2 Tim said the Cabinet Office would publish the report in May."]
    found = blocks(document(lines, kind="minutes"))
    texts = [c.text for c in candidates(found, prose_items(found, "minutes", MEETING), "minutes", 1)]
    assert not any("would check" in t for t in texts)  # annot-e: merged into the Action line
    assert any(t.startswith("MoJ and HO") for t in texts) and any("would publish" in t for t in texts)
