"""Who an item names as its owner, as printed: the kinds of owner the gold labels hold and the rules
used to miss or mangle (owner F1 on ../shared/gold). Each case is one the guideline or the
annotators' notes decide."""
from __future__ import annotations

import pytest

from onrecord import nlp
from onrecord.nlp.addressees import owners_of
from onrecord.nlp.owners import action_subject, clean, split_owners
from onrecord.nlp.promisers import promisers
from onrecord.nlp.statement_owners import decision_owners, lead_owners, statement_owners

from .test_nlp import document, needs_model


@pytest.mark.parametrize(
    "cell,owners",
    [
        # an owner cell's "and" inside one post: two fields sharing a head, a field after the post
        ("Innovation and Prevention Manager", ["Innovation and Prevention Manager"]),
        ("Strategic Safeguarding and Quality Assurance Manager", ["Strategic Safeguarding and Quality Assurance Manager"]),
        ("Head of Service Community Learning and Skills", ["Head of Service Community Learning and Skills"]),
        ("Assistant Director ASC and Health", ["Assistant Director ASC and Health"]),
        ("L&D", ["L&D"]),
        ("Organisation Development & Staff Engagement", ["Organisation Development & Staff Engagement"]),
        # two parties stay two
        ("Finance Team & Legal Services", ["Finance Team", "Legal Services"]),
        ("MoJ and HO", ["MoJ", "HO"]),
        ("Mags & Karen", ["Mags", "Karen"]),
        ("Tim Allen and Gesche Schmid", ["Tim Allen", "Gesche Schmid"]),
        ("The Clerk and Jon", ["The Clerk", "Jon"]),
        ("Chair and Vice Chair", ["Chair", "Vice Chair"]),
        # the article stays with the name it leads
        ("the Cabinet Member for Adult Social Care and Public Health and Cabinet Member for Community and Regulatory Services",
         ["the Cabinet Member for Adult Social Care and Public Health", "Cabinet Member for Community and Regulatory Services"]),
    ],
)
def test_an_and_inside_a_post_keeps_it_whole(cell, owners):
    assert split_owners(cell) == owners


@pytest.mark.parametrize(
    "line,owners",
    [
        (("Karen reported a glitch with the website (on a recent booking up to 2015). Also repeat bookings are "
         "disappearing, action Jon."), ["Jon"]),
        ("Replacement sink No progress?, c/f action Jon.", ["Jon"]),
        ("Ceiling leak in the disabled toilet. Mags had asked Dave to look at this, action Mags to check.", ["Mags"]),
        ("Colours were discussed at length and it was agreed, action Mags & Karen.", ["Mags", "Karen"]),
    ],
)
def test_a_minutes_inline_action_marker_names_the_owner(line, owners):
    from onrecord.nlp.statement_owners import statement_owners

    assert statement_owners(line, "action", "") == owners


@pytest.mark.parametrize(
    "line,owners",
    [
        ("The Board requested Met Office outline their programme to put more data out, by providing costs.", ["Met Office"]),
        ("Members asked the Clerk to write to the highways team.", ["the Clerk"]),
        # asked to do it themselves, or of no one named: as before
        ("MCO requested to see the published accounts of the entities.", ["MCO requested"]),
        ("The Chair requested that a copy of the statement be shared with the minutes.", []),
    ],
)
def test_an_action_a_party_requests_of_another_is_the_other_partys(line, owners):
    # the owner is the party asked to act, not the one asking (clean() later cuts "MCO requested")
    assert statement_owners(line, "action", "") == owners


@needs_model
@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("The necessary resources should be provided by hospital trusts to facilitate regional networks.",
         ["hospital trusts"]),
        ("Further investment in EO should be facilitated jointly by UKRI.", ["UKRI"]),
        ("That those records be used by NHS bodies to improve transfusion practice.", ["NHS bodies"]),
        # an ask's "with ... being <done> by": the party to do it
        ("That peer review should continue, with any necessary support being provided by NHS bodies.", ["NHS bodies"]),
        # no agent: a deadline, a relative clause's, a "with ... being" in a sentence that asks nothing
        ("The scheme continued, with support being provided by the Council.", []),
        ("It mandated that those payments should be made by 7 August 2024.", []),
        ("The report that was published by the Government should be reviewed.", []),
    ],
)
def test_an_asking_passives_agent_is_its_owner(sentence, owners):
    assert owners_of(sentence) == owners


@needs_model
@pytest.mark.parametrize(
    "sentence,owners",
    [
        # the parse reads two subjects of one verb, or a second verb with its own subject
        (("HM Government and/or the Department and where appropriate the Post Office and Fujitsu shall provide "
          "written responses to these recommendations by 10 October 2025."),
         ["HM Government", "the Department", "the Post Office", "Fujitsu"]),
        (("In HSS the Post Office shall be obliged to make, and the Department shall be obliged to approve, a first "
          "offer to a claimant."), ["the Post Office", "the Department"]),
    ],
)
def test_every_party_an_asking_sentence_gives_a_task_is_an_owner(sentence, owners):
    assert owners_of(sentence) == owners


@needs_model
def test_a_partys_place_is_part_of_its_name():
    sentence = ("That the national healthcare administrations in England, Northern Ireland, Scotland and Wales "
                "explore, and if appropriate, support the development of safety management systems.")
    assert owners_of(sentence) == ["the national healthcare administrations in England, Northern Ireland, Scotland and Wales"]
    assert owners_of("The Council in its response should set out plans.") == ["The Council"]


@needs_model
def test_they_should_addresses_whom_the_recommendation_before_addresses():
    lines = ["Recommendations", "",
             ("3. The General Medical Council and NHS England should take steps to ensure that the lessons are in "
             "every doctor's training."), "",
             "4. They should put together a package of training materials from the oral testimony."]
    items = nlp.extract(document(lines))
    assert [i.owners for i in items] == [["The General Medical Council", "NHS England"]] * 2


def test_a_lead_in_that_asks_a_party_owns_the_entries_under_it():
    assert lead_owners("This Council agrees to call on the Cabinet Member for Adult Social Care and Public Health "
                       "and Cabinet Member for Community and Regulatory Services to:") == [
        "the Cabinet Member for Adult Social Care and Public Health", "Cabinet Member for Community and Regulatory Services"]
    assert lead_owners("We recommend that the Government:") == ["the Government"]
    assert lead_owners("The Committee asks the Leader to:") == ["the Leader"]
    assert lead_owners("This Council believes that:") == []
    assert lead_owners("As a minimum, the strategy should:") == []


def test_an_entry_the_model_takes_under_an_asking_lead_in_gets_its_owners():
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.candidates import candidates
    from onrecord.nlp.decide import make

    doc = document(["This Council agrees to call on the Cabinet Member for Public Health to:", "",
                    "a) Write again to the government, urging swift action on disposable vapes;"], kind="minutes")
    entry = next(c for c in candidates(blocks(doc, []), [], "minutes", 1) if c.text.startswith("Write again"))
    assert make(entry, "decision", None, "").owners == ["the Cabinet Member for Public Health"]


def test_a_trailing_bracket_owner_and_the_actions_subject_are_both_owners():
    items = nlp.extract(document([("Action: DCLG to share the proposed Government Response with the Panel when "
                                  "Ministers have agreed it (Secretariat)")], kind="minutes"))
    assert [i.owners for i in items] == [["Secretariat", "DCLG"]]


@pytest.mark.parametrize("helper", ["with support from Jos Creese", "supported by the Secretariat",
                                    "in consultation with the Chair"])
def test_a_trailing_bracket_that_names_a_helper_names_no_owner(helper):
    # the guideline: parties named only "with support from", "supported by" or "in consultation
    # with" are not owners; the action's subject is
    items = nlp.extract(document([f"Action: Chris Taggart to set up procurement working group ({helper})."],
                                 kind="minutes"))
    assert [i.owners for i in items] == [["Chris Taggart"]]


def test_a_delegation_names_its_delegate_after_what_it_delegates():
    assert decision_owners("DELEGATE any activity requiring capital spend as set out in the report to the "
                            "Director of Infrastructure, in consultation with the Deputy Leader") == ["Director of Infrastructure"]
    assert decision_owners("that Cabinet agree to delegate authority to explore options.") == ["Cabinet"]
    # the nearest "to" names the delegate, not a later "to" in what is delegated
    owners = decision_owners("RESOLVED that Council: Agrees the terms; and Delegates to the Monitoring Officer to make "
                             "the changes to the Constitution once the partner Council has agreed them.")
    assert owners[1:] == ["Monitoring Officer"]


def test_an_owner_loses_a_label_before_it_and_a_task_after_it():
    assert clean(["Outstanding Action from meeting: Secretariat", "Tim Allen - short paper to Panel for next meeting",
                  "Corporate Director for Growth, Environment & Transport"]) == [
        "Secretariat", "Tim Allen", "Corporate Director for Growth, Environment & Transport"]


@needs_model
def test_a_list_of_named_bodies_is_one_owner_each_with_the_and_inside_a_name_kept():
    # infected blood inquiry, recommendation 3: the parse reads the list after "NHS Education for
    # Scotland" as one phrase; "Health Education and Improvement Wales" is one body
    sentence = ("The General Medical Council, and NHS Education for Scotland, Health Education and Improvement Wales, "
                "Northern Ireland Medical and Dental Training Agency and NHS England should ensure that the "
                "training is delivered.")
    assert owners_of(sentence) == ["The General Medical Council", "NHS Education for Scotland",
                                   "Health Education and Improvement Wales",
                                   "Northern Ireland Medical and Dental Training Agency", "NHS England"]


def test_an_owner_that_points_back_names_no_one_but_a_generic_one_stays():
    # "This body should be independent", "Such family members may apply": the guideline gives the
    # party named before, or none; as printed they match neither
    assert clean(["This body", "Such family members", "the same body", "The Department", "this Council"]) == [
        "The Department", "this Council"]
    # a demonstrative with what follows it names the parties it means
    assert clean(["Those bodies responsible for commissioning hepatology services"]) == [
        "Those bodies responsible for commissioning hepatology services"]


def test_the_agency_is_the_agency_the_paper_names():
    # annot-a: "The Agency" becomes "the UK Space Agency"
    from onrecord.nlp.setting import setting

    paper = setting("The UK Space Agency funds missions. Grants from the UK Space Agency are open. "
                    "The European Space Agency met. The Agency will publish a dashboard.")
    assert paper.named["agency"] == "UK Space Agency"
    assert clean(["The Agency", "the agency"], paper) == ["the UK Space Agency"]
    assert clean(["The Agency"], setting("The Agency will publish a dashboard.")) == ["The Agency"]


def test_a_paper_that_names_no_author_speaks_for_the_department_it_names_throughout():
    # DWP's response to the ombudsman: "we will ..." is DWP's, not the government's
    from onrecord.ingest.model import Document, Line, Page

    lines = ["Government's new decision: Women's State Pension age communications",
             "The Department for Work and Pensions (DWP) has considered the report.",
             *[f"DWP accepts finding {n}. We will write to DWP customers." for n in range(1, 8)]]
    doc = Document(path="t.txt", id="0" * 64, format="txt", pages=[Page(number=1, lines=[Line(t) for t in lines])],
                   kind="report")
    assert nlp._responder(doc) == "DWP"
    # a report that names a department now and then does not speak for it
    text = "The Department for Transport funds roads. " + "The committee heard evidence on cycling. " * 100
    from onrecord.nlp.setting import speaker

    assert speaker(text) == ""


@needs_model
@pytest.mark.parametrize(
    "sentence,owners",
    [
        (("The idea of the Government intervening will often be controversial, and so it is important that "
          "ministers are always able to explain publicly their reasons."), ["ministers"]),
        ("It should be a matter of priority for DSIT, UKSA and UKRI to ensure the continued success of space clusters.",
         ["DSIT", "UKSA", "UKRI"]),
        ("It is essential that the Council publishes its plan.", ["the Council"]),
        ("It is important that the plan is published.", []),
        # the "for ... to" clause of the phrase that says it matters names who acts
        ("It is a matter of priority for the Department to review the guidance.", ["the Department"]),
        ("It is a crucial job for the Agency to set up the register.", ["the Agency"]),
    ],
)
def test_who_it_matters_should_act_is_the_owner(sentence, owners):
    assert owners_of(sentence) == owners


@needs_model
def test_they_in_a_sentence_is_whom_its_if_clause_names():
    # infected blood inquiry: "If the minister disagrees with the recommendation, they must ..."
    assert owners_of("If the minister disagrees with the recommendation, they must set out in detail and "
                     "publish reasons for this disagreement.") == ["the minister"]
    assert owners_of("They must set out reasons.") == []


@needs_model
def test_a_subject_after_its_modal_is_a_conditions_not_an_addressee():
    # "should the UK wish to ...": a condition; the addressee is the subject before its modal
    assert owners_of("However, should the Council wish to be more ambitious, increased funding is essential.") == []
    assert owners_of("Should the Board agree, the Council should publish the plan.") == ["the Council"]


@pytest.mark.parametrize(
    "action,owners",
    [
        # the subject of a passive task is told or kept informed: it does not act
        ("Board members to be kept informed of the progress of the paper.", []),
        ("The Panel to be updated on the position at the next meeting.", []),
        ("Board members to be actively involved in the discussions.", ["Board members"]),
        # a thing from a party, or a meeting between parties, is theirs to do
        ("A letter from the Chair will be circulated to members.", ["the Chair"]),
        ("A meeting between HR, ICO and DWP to be arranged.", ["HR", "ICO", "DWP"]),
        # a later clause or sentence that gives a task to another party by name
        ("JG to draft the note. The Secretariat to circulate it to members.", ["JG", "The Secretariat"]),
        ("SP to contact the provider about the system and HMCTS to come back to a future meeting.", ["SP", "HMCTS"]),
        # not whom the actor works with
        ("The Data Team to engage with the Archive Team and The Records Office to agree a plan.", ["The Data Team"]),
    ],
)
def test_an_actions_owners_are_the_parties_its_clauses_give_tasks_to(action, owners):
    assert action_subject(action) == owners
    assert statement_owners(action, "action", "") == owners


@needs_model
@pytest.mark.parametrize(
    "sentence,owners",
    [
        # a thing from a party, as the subject
        ("Funding bids from the Council should be published.", ["the Council"]),
        # what "there should be" is for the party it is "by"; not a deadline
        ("As a first step, there should be a review by the four health departments.", ["the four health departments"]),
        ("There should be a review by March 2026.", []),
        # an asking passive's agent in any clause that asks
        ("There should be three events, the timing of which should be determined by a working party.",
         ["a working party"]),
    ],
)
def test_who_a_recommendation_asks_where_its_subject_is_no_party(sentence, owners):
    assert owners_of(sentence) == owners


@needs_model
def test_an_asking_passive_without_agent_is_owned_by_the_party_its_when_clause_names():
    # infected blood inquiry 8(a), annot-b: the doctors are to offer the test
    assert owners_of("When doctors learn that a patient was treated before 1991, that patient should be "
                     "offered a test.") == ["doctors"]
    # no party in the clause, or an agent named: as before
    assert owners_of("If the share is below 80%, this report should be accompanied with an explanation.") == []
    assert owners_of("When doctors learn of it, the patient should be contacted by the hospital trust.") \
        == ["the hospital trust"]


@needs_model
def test_an_asked_thing_sent_to_a_party_for_it_to_act_is_that_party_s():
    # infected blood inquiry 12(c), annot-b: the committee the question goes to is to consider it
    assert owners_of("The question should be referred to the Audit Committee for it to consider.") \
        == ["the Audit Committee"]
    # sent for something, not for the party to act: no owner
    assert owners_of("The draft should be sent to the Audit Committee for review.") == []


@needs_model
def test_a_recommendation_whose_first_sentence_asks_no_one_is_owned_by_the_party_a_later_one_names():
    text = ("That a framework be established for recording outcomes. "
            "That those records be used by NHS bodies to improve practice.")
    assert statement_owners(text, "recommendation", "The government") == ["NHS bodies"]


@needs_model
def test_a_recommendation_whose_sentences_with_a_modal_ask_no_one_is_owned_by_the_party_its_first_asks():
    # infected blood inquiry 7(f)(i) as a response restates it: the ask is in the plain form, the
    # sentence with "should" says what the report is to hold
    text = ("In Wales, Health Boards and hospital practitioners take steps to ensure that the checklist is used. "
            "If the share is below 80%, this report should be accompanied with an explanation.")
    assert statement_owners(text, "recommendation", "The government") == ["Health Boards", "hospital practitioners"]
    # a thing in capitals told of in the plain form is asked nothing
    text = ("The 2021 Agency Actions build directly on the 2020 Actions. "
            "Each milestone should allow for flexibility.")
    assert statement_owners(text, "recommendation", "") == []


@pytest.mark.parametrize(
    "lead,owners",
    [
        ("16. Cabinet resolved the following:", ["Cabinet"]),
        ("At its next meeting the Council may either:", ["the Council"]),
        ("The meeting agreed:", []),
    ],
)
def test_a_lead_in_that_names_who_decides_owns_the_entries_under_it(lead, owners):
    assert lead_owners(lead) == owners


@needs_model
def test_a_party_in_conjunction_with_the_subject_acts_with_it():
    assert owners_of("The Minister and/or the Department in conjunction with the Post Office shall make "
                     "a public announcement.") == ["The Minister", "the Department", "the Post Office"]
    assert owners_of("The Council should publish a plan in consultation with the Police.") == ["The Council"]


@needs_model
def test_whom_a_party_asked_to_act_is_the_owner():
    assert owners_of("In this case, the Ombudsman asked Parliament to consider what remedy was appropriate.") == ["Parliament"]
    assert owners_of("The Board asked whether the plan was ready.") == []


def test_a_subject_ending_in_a_participle_is_no_actions_owner():
    # "wishing to attend" is no task: the bracket names the owners
    assert statement_owners("Panel members wishing to attend the Summit should inform Jo Bloggs (Panel, Jo Bloggs)",
                            "action", "") == ["Panel", "Jo Bloggs"]


@needs_model
def test_a_bare_noun_after_and_shares_the_words_before_it():
    # "hospital trusts and boards" are hospital boards: one party, as printed
    assert owners_of("Resources should be provided by hospital trusts and boards to support the networks.") \
        == ["hospital trusts and boards"]
    assert owners_of("Resources should be provided by NHS Trusts and local authorities.") \
        == ["NHS Trusts", "local authorities"]


@needs_model
def test_two_kinds_of_body_named_in_the_plural_are_one_party():
    # the gold guideline's owner as printed: "NHS Trusts and Health Boards" is one party
    assert owners_of("That NHS Trusts and Health Boards should publish the findings.") == ["NHS Trusts and Health Boards"]
    assert owners_of("NHS Trusts and Health Boards, working with ICBs, should publish the findings.") \
        == ["NHS Trusts and Health Boards"]
    # near misses: an article, a singular body, or people in lower case are parties of their own
    assert owners_of("The NHS Trusts and the Health Boards should publish.") == ["The NHS Trusts", "the Health Boards"]
    assert owners_of("The UK government and devolved administrations should work together.") \
        == ["The UK government", "devolved administrations"]
    assert owners_of("Hospital Transfusion Committees and transfusion practitioners take steps to act.") \
        == ["Hospital Transfusion Committees", "transfusion practitioners"]
    assert owners_of("Resources should be provided by local authorities and boards.") == ["local authorities", "boards"]


@needs_model
def test_initials_and_a_kind_of_body_that_the_parse_joins_are_two_parties():
    # the parse reads "UKRI" and "Government" as the departments' modifiers; gold: "UKRI", "Government departments"
    assert owners_of("Further investment in EO should be facilitated jointly by UKRI and Government departments "
                     "by calling for proposals.") == ["UKRI", "Government departments"]
    # near misses: two plural kinds of body stay one; lower-case words after the initials stay with them
    assert owners_of("The plan should be agreed by NHS Trusts and Health Boards.") == ["NHS Trusts and Health Boards"]
    assert owners_of("The NHS and social care services should publish a plan.") == ["The NHS and social care services"]


def test_a_decision_urging_parties_jointly_names_each():
    assert decision_owners("In particular, the Council urges the Executive in conjunction with the Cabinet Member "
                           "to enforce the offer.") == ["the Executive", "the Cabinet Member"]


@needs_model
def test_a_passive_promise_is_its_agent_s():
    # "by" a party is who acts; "by" a date is a deadline, and the promise stays the responder's
    assert promisers("The Safety Syllabus will be reviewed by the NHS England working group this year.") \
        == ["the NHS England working group"]
    assert promisers("The guidance will be updated by NICE later this year.") == ["NICE"]
    assert promisers("The report will be published by March 2026.") == ["We"]


@needs_model
def test_a_passive_promise_s_subject_is_acted_on_and_a_later_clause_may_name_the_promiser():
    # the subject of a plain passive is what is done, not who does it: the responder's promise
    assert promisers("The Annual Statement to Parliament will be maintained.") == ["We"]
    assert promisers("Councils will be fully supported with the transition.") == ["We"]
    # yet a party asked to act, or one that commits itself, acts
    assert promisers("Health Boards will be required to continue their work.") == ["Health Boards"]
    assert promisers("This government is committed to strengthening local partnerships.") == ["This government"]
    # a later clause that names its party gives the promise that party (the named body, else the responder)
    assert promisers("This assurance will be taken forward by the end of 2027, and the Welsh Government will "
                     "work with the UK Government to align questions.") == ["the Welsh Government"]


@pytest.mark.parametrize(
    "line,owners",
    [
        # a partner the task is done with is no owner ("with support from" is not either)
        ("Work with Local Open Data Group to develop proposals on the infrastructure (Steve Peters, Gesche Schmid)",
         ["Steve Peters", "Gesche Schmid"]),
        ("Work with Local Open Data Group to develop proposals on the infrastructure", []),
        # a closing bracket that tasks a party adds it
        (("A task and finish group will pull together proposals in time for the next meeting (Secretariat to set-up "
          "telekits for sub-group: Shehla, Chris Taggart)"), ["A task and finish group", "Secretariat"]),
    ],
)
def test_an_actions_partner_is_no_owner_and_a_bracket_that_tasks_a_party_names_one(line, owners):
    assert statement_owners(line, "action", "") == owners


@needs_model
def test_two_kinds_of_body_named_together_are_one_owner_as_printed():
    # infected blood inquiry 9(b): the bodies of one kind in the nations, one owner as printed; two
    # different bodies, or a body and people, stay two
    assert owners_of("That NHS Trusts and Health Boards should be required to deliberate on the findings.") \
        == ["NHS Trusts and Health Boards"]
    assert owners_of("NHS England and NHSBT should review progress.") == ["NHS England", "NHSBT"]
    assert owners_of("In England, Hospital Transfusion Committees and transfusion practitioners should take steps.") \
        == ["Hospital Transfusion Committees", "transfusion practitioners"]


@needs_model
def test_support_being_provided_by_a_party_in_an_asking_sentence_is_theirs():
    # infected blood inquiry 9(a): the party that is to provide the support is asked to act
    assert owners_of("That peer review of haemophilia care should continue to occur as presently practised, with "
                     "any necessary support being provided by NHS Trusts and Health Boards;") \
        == ["NHS Trusts and Health Boards"]
    assert owners_of("The work being done by the Department is welcome.") == []


@needs_model
def test_a_modal_verb_joined_to_a_first_verb_shares_its_subject():
    # space economy report 4: "The Government has recognised ... and should prioritise funding"
    assert owners_of("The Government has recognised space as part of the national infrastructure and should "
                     "prioritise funding for space accordingly.") == ["The Government"]


@needs_model
def test_who_has_a_responsibility_to_act_is_its_owner():
    # behaviour change report 8.3 (annot-a: "directive to ministers")
    assert owners_of("In these circumstances, however, we believe that ministers have a responsibility to explain "
                     "why they have decided not to do so.") == ["ministers"]
    assert owners_of("This places a duty on the Council to consult residents.") == ["the Council"]


@needs_model
def test_parties_consulted_are_not_subjects_of_their_own():
    # post office report 9: the parse reads those consulted as a second subject of "shall give"
    assert owners_of("The Department following consultation with the Advisory Board, claimants’ representatives "
                     "and any other persons or bodies it thinks appropriate, shall give urgent consideration to "
                     "the matter.") == ["The Department"]


@needs_model
def test_a_procedure_is_a_thing_not_a_party():
    # post office report 13: what should be closed is no one to act, though "HSS" is in capitals
    assert owners_of("The current Dispute Resolution Procedure in HSS should be closed once all claims are "
                     "settled.") == []


@needs_model
def test_a_list_of_agents_is_each_an_owner_though_the_parse_hangs_it_on_the_subject():
    # infected blood inquiry 9(d)
    assert owners_of("The necessary administrative and clinical resources should be provided by hospital trusts and "
                     "boards, integrated care boards, and service commissioners to facilitate this.") \
        == ["hospital trusts and boards", "integrated care boards", "service commissioners"]


@needs_model
def test_the_first_of_several_plain_form_asks_names_its_subject():
    # infected blood inquiry 7(a)(i): the parse hangs "... take steps" on the later "be required"
    assert owners_of("In England, Hospital Transfusion Committees and transfusion practitioners take steps to ensure "
                     "that consideration of tranexamic acid be on every surgical checklist; that hospital medical "
                     "directors be required to report to their boards as to the extent of its use.") \
        == ["Hospital Transfusion Committees", "transfusion practitioners"]
