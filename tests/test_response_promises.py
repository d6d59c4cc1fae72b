"""A response's promises in the forms the guideline counts: 'is committed to <act>', 'looks forward
to delivering', 'will be available'."""
import pytest

from onrecord import nlp
from onrecord.ingest.model import Document, Line, Page
from onrecord.nlp import _ours
from onrecord.nlp.blocks import Block
from onrecord.nlp.candidates import candidates
from onrecord.nlp.model import Item
from onrecord.nlp.parse import model as parse_model
from onrecord.nlp.promisers import promisers, thing_contributes, thing_promises
from onrecord.nlp.promises import _delivers, commitments
from onrecord.nlp.rules import rules

needs_model = pytest.mark.skipif(parse_model() is None, reason="no spaCy model installed")


def document(lines: list[str]) -> Document:
    page = Page(number=1, lines=[Line(text) for text in lines])
    return Document(path="t.txt", id="0" * 64, format="txt", pages=[page], kind="evidence")


def rule_items(lines: list[str]) -> list[Item]:
    """The items the rules made among a made-up response's candidates."""
    return [c.item for c in nlp.propose(document(lines)).candidates if c.item is not None]


def block(text: str) -> Block:
    return Block(text=text, page=1, marker=None, ref="", lines=[Line(text, (50, 100, 500, 110))])


@pytest.mark.parametrize("sentence,owners", [
    # 'committed' read as an adjective after 'is': the promiser is the copula's subject
    ("UKRI is committed to reviewing and improving internal processes and governance.", ["UKRI"]),
    ("The Government is also committed to funding high value local capital transport projects.",
     ["The Government"]),
    ("The Government looks forward to delivering our Active Debris Removal programme.", ["The Government"]),
    # a service or publication that 'will be available' is the responder's to provide
    ("This service will be available at Gateway if the contract is not recommissioned.", ["We"]),
    ("We look forward to hearing from the Committee.", []),  # a courtesy, no act
])
@needs_model
def test_committed_to_looking_forward_to_and_available_promise(sentence, owners):
    assert promisers(sentence) == owners


@pytest.mark.parametrize("sentence,aim", [
    ("The Government is committed to securing assured access to space for the UK.", True),
    ("The Government is committed to ensuring that UK interests are protected within ESA.", True),
    ("We are also committed to the EU regulations on new car and van fuel efficiency.", True),
    ("The Government is committed to funding high value local capital transport projects.", False),
    # an aim beside a promise: the promise counts
    (("The Government is committed to ensuring that ESA remains intergovernmental and will continue to work "
      "with international partners."), False),
])
def test_committed_to_an_aim_is_never_a_promise(sentence, aim):
    assert bool(rules().cues["never_promise"].search(sentence)) is aim


@pytest.mark.parametrize("sentence,promise", [
    ("The Government looks forward to delivering our Active Debris Removal programme.", True),
    ("The Government looks forward to working with the Committee on a shared vision.", False),
])
def test_looking_forward_to_an_act_is_a_promise_cue(sentence, promise):
    assert bool(rules().cues["promise"].search(sentence)) is promise


@needs_model
def test_a_response_s_commitment_to_an_act_is_the_rules_item():
    lines = ["The Government accepts this recommendation.", "",
             "UKRI is committed to reviewing its internal processes and governance by March 2026.", "",
             "The Government is committed to securing assured access to space for the UK."]
    assert [(i.kind, i.owners, i.due_date) for i in rule_items(lines)] == [
        ("commitment", ["UKRI"], "2026-03")]


@needs_model
@pytest.mark.parametrize("sentence,owners", [
    ("NHS England will examine the evidence on waiting times.", ["NHS England"]),
    ("The Department will manage the transition to the new scheme.", ["The Department"]),
    ("The Agency will be undertaking a review of its licensing.", ["The Agency"]),
    # a doubled last consonant: "setting" is "set", "submitting" is "submit"
    ("We will be setting out our approach in the spring publication.", ["We"]),
    ("The Council will be submitting its bid to the Fund.", ["The Council"]),
])
def test_examining_managing_undertaking_are_acts_a_party_promises(sentence, owners):
    assert promisers(sentence) == owners


@needs_model
@pytest.mark.parametrize("sentence", [
    "The consultation will include a call for evidence on redress.",
    "The review will follow the publication of the Inquiry report.",
    "The strategy will highlight the role of local partners.",
])
def test_what_a_thing_will_include_follow_or_highlight_is_promised(sentence):
    assert thing_promises(sentence)


def test_funding_under_way_with_its_end_in_view_is_a_promise_and_without_it_is_not():
    # gold notes annot-a: present-tense funding counts only with an explicit future window
    lines = ["The Government is investing £5billion in the SKYNET programme over the next 10 years.", "",
             ("The Government is supporting the Catapult with a planned investment of approx. £85m from FY23/24 to end"
             " of FY27/28."), "",
             "The Government is providing £50 million to local authorities this year."]
    found = [(i.kind, i.text.split()[3], bool(i.owners)) for i in rule_items(lines)]
    assert found == [("commitment", "investing", True), ("commitment", "supporting", True)]


@needs_model
def test_a_promise_that_goes_on_from_the_sentence_before_is_one_with_it():
    # the gold joins "... The BHNOG will then review ..." and "... These bodies will ..." to what they go on from
    lines = [("The Welsh Government has asked the Oversight Group to work with Health Boards to confirm adherence. "
              "The Oversight Group will then review the findings and propose improvements."), "",
             ("The Government committed to consult on accreditation bodies. These bodies will publish guidance "
              "for commissioners by 2026."), "",
             "Ministers met the Committee in May. The Department will publish a plan by June 2026."]
    assert [i.text for i in rule_items(lines)] == [
        ("The Welsh Government has asked the Oversight Group to work with Health Boards to confirm adherence. "
         "The Oversight Group will then review the findings and propose improvements."),
        ("The Government committed to consult on accreditation bodies. These bodies will publish guidance "
         "for commissioners by 2026."),
        "The Department will publish a plan by June 2026."]


@needs_model
def test_a_promise_whose_thing_the_next_sentence_takes_up_is_one_with_it_and_keeps_its_date():
    # annot-a: "We will be setting out ... in the spring space publication. The publication will clarify ..."
    # is one commitment, due in the spring (the year); a party named again is a promise of its own
    lines = [("We will be setting out our approach in the spring space publication. The publication will set out "
              "our priorities for the sector and its partners."), "",
             "We will publish the plan in June. The Government will then consult on it.", "",
             "We will write to the councils. The Council will publish its plan by June 2026."]
    paper = document(lines)
    paper.published_date = "2026-01"
    items = [c.item for c in nlp.propose(paper).candidates if c.item is not None]
    assert items[0].text.startswith("We will be setting out") and items[0].text.endswith("its partners.")
    assert items[0].due_date == "2026"
    assert "The Council will publish its plan by June 2026." in [i.text for i in items]


@needs_model
def test_a_deliverable_promised_with_no_party_named_is_the_responders_or_its_subjects():
    # annot-b: "is due to", "intends" and a passive future act are promises; a scheme's workings are not
    lines = ["The revised guidance is due to be published shortly.", "",
             ("The Agency spent £7m in 2024-25 on its skills programme, with planned future investment to be set out "
              "in the coming months."), "",
             "The Agency spent £7m in 2024-25 on its skills programme."]
    found = [(i.text.split()[1], i.owners) for i in rule_items(lines) if i.kind == "commitment"]
    assert found == [("revised", ["The government"]), ("Agency", ["The Agency"])]
    # how a scheme will work is no deliverable
    assert not _delivers("The Scheme will offer a Core Route and a Supplementary Route.")
    assert not _delivers("Additional funding will be required to meet the needs of these patients.")


@needs_model
def test_how_a_thing_will_work_said_of_no_party_and_by_no_date_is_no_promise():
    # annot-b: how an established scheme operates is not a promised action; annot-a: nor a body's role
    lines = ["The Scheme will offer a Core Route and a Supplementary Route for awarding compensation.", "",
             "Support will be available to all owners and operators.", "",
             "Additional funding will be required to address the needs of these patients.", "",
             # a date, or "we", makes it the responder's promise
             "Support will be available to all new operators by March 2026.", "",
             "We will use the findings of the consultation to inform the final response.", "",
             "The forthcoming pandemic exercise will use a variety of mechanisms, including a red team."]
    found = [i.text.split()[0] for i in rule_items(lines) if i.kind == "commitment"]
    assert found == ["Support", "We", "The"]


@needs_model
def test_a_promise_that_names_again_a_thing_of_the_sentence_before_is_one_with_it():
    # the gold joins "A commitment has already been made ... We can confirm once again that this
    # recommendation will be met" as one item, the promise's
    lines = [("A commitment has already been made for the Government to provide an update to Parliament before "
              "the end of May 2025. We can confirm once again that this commitment will be met.")]
    found = [(i.text.split()[1], i.due_date) for i in rule_items(lines) if i.kind == "commitment"]
    assert found == [("commitment", "2025-05")]


def test_a_rule_item_of_another_paragraph_covers_none_of_this_one():
    # a long promise sharing words with a short entry above it leaves the entry a candidate of its own
    entry = Block(text="The Government should report back to Parliament on progress.", page=1, marker="number",
                  ref="1", lines=[Line("The Government should report back to Parliament on progress.",
                                       (50, 100, 500, 110))])
    text = ("A commitment has already been made for the Government to report back to Parliament on progress "
            "before the end of May 2025. We can confirm once again that this commitment will be met.")
    promise = Block(text=text, page=1, marker=None, ref="", lines=[Line(text, (50, 200, 500, 210))])
    item = Item(kind="commitment", text=text, page=1, owners=["Government"], bbox=(50, 200, 500, 210))
    found = [c.text for c in candidates([entry, promise], [item], "response", 1)]
    assert "The Government should report back to Parliament on progress." in found


def test_a_recommendation_restated_in_reported_form_is_the_responses_and_owned_by_whom_it_was_put_to():
    # annot-c: the PHSO's and the Select Committee's proposals that a response answers are its
    # recommendations, whoever put them; a view it only reports ("as a matter of principle ...") is none
    lines = ["In this case, the PHSO asked Parliament to consider what remedy was appropriate.",
             "The PHSO say that as a matter of principle, redress should reflect individual impact.",
             ("The Chair of the Committee then wrote to the Secretary of State suggesting that a scheme should "
              "be considered. We will publish an action plan by May 2026."),
             "The letter further suggested that there should also be flexibility for individuals."]
    found = sorted((i.kind, i.text.split()[:3], i.owners) for i in rule_items(lines))
    assert found == [
        ("commitment", ["We", "will", "publish"], ["The government"]),
        ("recommendation", ["In", "this", "case,"], ["Parliament"]),
        ("recommendation", ["The", "Chair", "of"], ["the Secretary of State"]),
        ("recommendation", ["The", "letter", "further"], ["the Secretary of State"]),
    ]


def test_a_response_s_promise_that_names_no_party_is_the_responder_s():
    # annotators a, b and c: a promise with no named actor gets the responding party
    items = [Item(kind="commitment", text="The spring space publication will include the priorities."),
             Item(kind="commitment", text="UKRI will review its processes.", owners=["UKRI"]),
             Item(kind="recommendation", text="The plan should make clear the priorities.")]
    _ours(items, "The Government")
    assert [i.owners for i in items] == [["The Government"], ["UKRI"], []]


@needs_model
def test_a_thing_led_by_a_party_and_a_subgroup_s_plan_are_theirs_to_deliver():
    # covid-19 response: "A refreshed suite of ... Standards ..., led by the UK Resilience Academy, will provide"
    assert promisers("A refreshed suite of National Occupational Standards, led by the UK Resilience Academy, will "
                     "provide clear articulation of the skills.") == ["the UK Resilience Academy"]
    # infected blood response 7(a): a subgroup is a party that can plan its work
    assert promisers("A proposal has been submitted to NICE and the subgroup plans to work with NICE on this.") \
        == ["the subgroup"]


@needs_model
@pytest.mark.parametrize("sentence", [
    "This work will support the council to plan for the longer term.",
    "The new tender will lead the first mission of its kind.",
    "Clear delivery plans will also strengthen the joint approach.",
])
def test_a_things_effect_is_no_promise(sentence):
    # annot-a: "The revised skills panel will support policy ..." describes a role, not a promised act
    assert thing_contributes(sentence)
    assert not [i for i in rule_items([sentence]) if i.kind == "commitment"]


@needs_model
@pytest.mark.parametrize("sentence", [
    "The Department will support councils to plan for the longer term.",
    "The spring publication will include the plans and the activities that will underpin them.",
    "The guidance will be published in the spring.",
])
def test_a_party_or_a_things_act_is_still_read(sentence):
    assert not thing_contributes(sentence)


def test_a_purpose_to_encourage_does_not_keep_an_answer_in_the_recommendation():
    # "Recommendation 30 / <its text> / The Agency ... to encourage collaboration": the answer is not the ask
    lines = ["Recommendation 30", "", "It should be a matter of priority for the Department to fund the clusters.", "",
             "The Agency brings together industry and local partners to encourage collaboration and innovation."]
    recs = [i.text for i in rule_items(lines) if i.kind == "recommendation"]
    assert recs == ["It should be a matter of priority for the Department to fund the clusters."]


@needs_model
def test_a_party_the_going_on_names_is_an_owner_beside_the_promiser():
    # annot-a: "... will convene a seminar ... This will be supported by the Behavioural Insights Team"
    # is one item, owned by both parties
    text = ("In order to help support this work, the Government Chief Scientific Adviser will convene a seminar "
            "on behaviour change. This will be supported by the Behavioural Insights Team.")
    [item] = commitments(block(text), "The Government", None)
    assert item.owners == ["the Government Chief Scientific Adviser", "the Behavioural Insights Team"]


def test_a_number_printed_again_is_a_title_above_its_text_and_an_answer_below_it():
    # annot-b (CP1224): the heading "7b) Review of progress ...," and the answer "4a) v. DHSC recognises
    # ..." under a restated number are not recommendations; only the restated text is
    lines = ["7b) Review of progress towards the plans,",
             "7b. Progress in implementation of the plans be reviewed.",
             "7c. Laboratories should be staffed adequately.", "",
             "These recommendations are accepted in principle by the Government.", "",
             ("7c. The Department recognises the importance of staffing and the principle of this "
              "recommendation. It may have resourcing implications."), "",
             "We accept this recommendation in principle."]
    found = [(i.kind, i.ref, i.text.split()[0]) for i in rule_items(lines)]
    assert found == [("recommendation", "7b", "Progress"), ("recommendation", "7c", "Laboratories")]


def test_a_sub_number_that_lost_its_space_still_numbers_a_restated_recommendation():
    lines = ["4a) iii.The review of the duty should be completed as soon as practicable.", "",
             "This recommendation is accepted in full."]
    assert [(i.ref, i.text.split()[0]) for i in rule_items(lines)] == [("4a)iii.", "The")]


def test_a_recommendation_a_response_tells_of_in_its_answer_is_not_restated_again():
    # annot-b (CP1224 p63): "The Inquiry recommends that ..." in the Government's answer, below the
    # numbered recommendations it answers, is background; the committee's own "We recommend" is not
    lines = ["11a. That a minister should retain the power to call an inquiry.", "",
             "These recommendations are accepted in principle by the UK Government.", "",
             "The Inquiry recommends that Parliament should have a role in calling inquiries.", "",
             "We recommend that the Government publish its reasons."]
    found = [(i.kind, i.text.split()[0]) for i in rule_items(lines)]
    assert found == [("recommendation", "That"), ("recommendation", "We")]


@pytest.mark.parametrize("answer", ["Recommendations 12) a-c) are accepted in full by the UK Government.",
                                    "Recommendation 12(b) is accepted in principle."])
def test_an_answer_that_names_the_recommendations_it_accepts_follows_them(answer):
    # "12b. ... the Government should report back ..." then "Recommendations 12) a-c) are accepted in
    # full": restated recommendations, not the Government's promise ("commit to implementing")
    lines = [("12a. Within the next 12 months, the Government should consider and either commit to implementing "
              "the recommendations."), "12b. The Government should report back to Parliament.", "", answer]
    assert [(i.kind, i.ref) for i in rule_items(lines)] == [("recommendation", "12a"), ("recommendation", "12b")]


def test_two_asks_told_in_one_paragraph_are_two_recommendations():
    # annot-c (DWP 54): "The PHSO stated that they would have recommended compensation ... The PHSO also
    # said they would have recommended that DWP provide a remedy ...": two restated recommendations
    lines = [("54. The PHSO stated that they would have recommended compensation at level 4 for all six of the "
              "sample complainants. The PHSO also said they would have recommended that DWP provide a remedy "
              "for other women.")]
    found = [(i.kind, i.text.split()[:3], i.owners) for i in rule_items(lines)]
    assert found == [("recommendation", ["The", "PHSO", "stated"], []),
                     ("recommendation", ["The", "PHSO", "also"], ["DWP"])]


@needs_model
def test_a_promise_by_the_party_the_sentence_before_names_is_one_with_it():
    # annot-b: one item per promise statement, "sentence or tight sentence group": "... understands that
    # NICE plans to review its guidance ... NICE will consult stakeholders as part of the review process"
    lines = [("The Department understands that Research England plans to review its guidance later this year. "
              "Research England will consult stakeholders as part of the review."), "",
             "Ministers met Research England in May. We will publish a plan by June 2026."]
    assert [i.text for i in rule_items(lines)] == [
        ("The Department understands that Research England plans to review its guidance later this year. "
         "Research England will consult stakeholders as part of the review."),
        "We will publish a plan by June 2026."]
