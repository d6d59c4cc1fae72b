"""Every cue in nlp/patterns/cues.json, with sentences it must find and sentences it must not.

The table names every cue the project ships, so a cue added without examples, or taken out
while its examples remain, fails here; the misses show what each cue's guards are for."""
from __future__ import annotations

import pytest

from nlp.rules import load, rules

EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "recommend": (
        ["The Committee recommends that the Department publish its plan.",
         "We recommend strongly that the Council act.", "The panel urges the Board to reconsider.",
         "We call on the Government to fund the scheme."],
        ["We could call on the Government later.", "The report made a recommendation."],
    ),
    "modal": (
        ["The Council should publish the plan.", "Schools need to report twice a year.",
         "Cabinet is asked to agree the budget."],
        ["We see the need to act.", "The plan was published."],
    ),
    "procedural": (
        ["The minutes of the meeting held on 4 March 2024 were approved as a correct record.",
         "Apologies were received from Cllr Smith.", "The report was noted.",
         "The date of the next meeting was agreed.", "Comments on the specific proposals are attached.",
         "The Council endorses the annual report.", "APPROVED – 2018 Meetings Calendar"],
        ["The Clerk will write to the highways team."],
    ),
    "decision_verbs": (
        ["Cabinet approved the budget.", "The Committee resolved to defer the item.",
         "The work will be undertaken in May."],
        ["The Clerk will write to the highways team.", "The Schools' Delegated Budgets for 2025."],
    ),
    "section_on": (
        ["Recommendations", "4. Summary of recommendations", "Chapter 3: Recommendations",
         "Actions agreed", "Action plan"],
        ["Background to the review", "Progress since the last report"],
    ),
    "lead_in": (
        ["The Committee recommends:", "The panel urges the following.", "This report sets out three steps:"],
        ["The accounts were approved."],
    ),
    "directive": (
        ["The Department should publish the data.", "The Board must review the policy.",
         "It is essential that funding continues.", "We invite the Council to respond."],
        ["The Board should have known.", "It must be remembered that costs rose.", "We could call on the Board.",
         "That must mean that most claimants accepted.",  # inferred, not directed
         "Choosing with a lawyer should, inevitably, ensure the claim is properly valued.",  # foreseen, not asked
         "The Agency brings partners together to encourage collaboration."],  # a purpose, not an ask
    ),
    "recommender": (
        ["We recommend that ...", "The Inquiry found ...", "The Ombudsman asks ..."],
        ["The Council agreed the budget."],
    ),
    "promise": (
        ["The Council will publish a plan.", "The Department commits to a review.",
         "We intend to consult in spring.", "We look forward to publishing the data."],
        ["The Council published a plan.", "We look forward to the meeting."],
    ),
    "continues": (
        ["This will be published in May.", "These bodies will mirror the scheme.", "He confirmed the date.",
         "In addition, they will meet monthly."],
        ["This government will publish it.", "This Council will act.", "The BHNOG will then review it.",
         "Thereafter the Board will meet."],
    ),
    "takes_up": (
        ["The publication will clarify our priorities.", "The review would report in May.",
         "The guidance is due to follow."],
        ["Then the review will report.", "This publication will clarify them.", "The publication of the plan will follow."],
    ),
    "funded": (
        ["The Government is investing £5billion over the next 10 years.",
         "The Department is providing £50m until 2027 to councils."],
        ["The Government is providing £50m this year.", "The Council is investing in its staff over the next year."],
    ),
    "planned": (
        ["The review is due to report in June.", "The Council proposes to close the depot.",
         "We are planning to consult."],
        ["The review reported in June."],
    ),
    "deliverable": (
        ["The revised guidance is due to be published shortly.", "The platform will be rolled out in 2026.",
         "The Minister announced his intention to implement a duty of candour.",
         "The Act's impact is to be evaluated.", "The Department will publish a plan."],
        ["The guidance was published in May.", "The Scheme will offer two routes.",
         "DHSC is publishing a strategy that will set out the plan.", "A plan which will be published in May."],
    ),
    "descriptive": (
        ["The Scheme will offer a Core Route.", "Additional funding will be required.",
         "Support will be available to all owners.", "Payments will be exempt from income tax.",
         "Eligible applicants will initially be offered a compensation package."],
        ["The guidance will be published in May.", "The Scheme offered two routes."],
    ),
    "still_promised": (
        ["We will use the findings.", "The forthcoming exercise will use a red team.",
         "The upcoming review will cover all trusts."],
        ["The Scheme will offer a Core Route.", "Weekly payments will be required."],
    ),
    "lead_subject": (
        ["The UK Space Agency spent £7m on skills.", "On 11 November, the Minister announced a review.",
         "NHS England will write to trusts."],
        ["Funding for the programme, which was agreed, is in place.", "in 2025 the plan changed."],
    ),
    "not_promise": (
        ["This will help councils plan.", "The Board might review it.", "It may be delayed.",
         "This will also give staff time."],
        ["The Council will publish the plan in May 2025."],
    ),
    "never_promise": (
        ["The Council will not publish the plan.", "We do not intend to consult.",
         "Will the Board publish it?", "Should the Board publish it, costs rise.",
         "We are committed to ensuring fairness.",
         "This response to the report sets out where further action will be taken.",
         "We cannot guarantee that a large number of unjustified payments will be made."],
        ["The Council will publish the plan.", "We are committed to ensuring fairness, and will publish a plan.",
         "The response will set out where further action will be taken.",
         "We will guarantee that payments will be made."],
    ),
    "answer": (
        ["This recommendation is accepted.", "The Government accepts this recommendation.",
         "Recommendations are partially accepted.", "Recommendations 12) a-c) are accepted in full.",
         "Recommendation 4(b) is accepted in principle."],
        ["The recommendation was discussed."],
    ),
    "response": (
        ["The Government agrees with this recommendation.", "We accept the finding.",
         "Government response", "Not accepted"],
        ["Officers agreed to circulate the paper.", "A response was sent in May."],
    ),
    "section_off": (
        ["Appendix A: glossary", "2. Background", "Terms of reference", "Chapter 4 Evidence"],
        ["Recommendations", "Actions agreed"],
    ),
    "decided_following": (
        ["It was resolved that the budget be approved.", "Cabinet agreed the following:",
         "The Committee decided to defer the item."],
        ["The budget was agreed."],
    ),
    "decision_owner": (
        ["That the Cabinet approves the plan.", "The Committee agrees to defer.", "Cabinet to:"],
        ["approved by the Cabinet", "the plan was approved."],
    ),
    "delegate_to": (
        ["Cabinet delegates authority to the Director of Finance, in consultation with the Leader.",
         "The Committee delegated to the Chief Executive."],
        ["Cabinet delegates to officers the drafting."],
    ),
    "asks_party": (
        ["The Committee asked the Clerk to write to KCC.", "We invite the Department to respond.",
         "The Council urges the Executive to act."],
        ["The Committee asked whether costs rose.", "The Chair asked for an update."],
    ),
    "recommend_to": (
        ["The Committee recommended to Council that the budget be approved.",
         "The Board recommends to the Secretary of State:"],
        ["The Committee recommended that the budget be approved."],
    ),
    "requested": (
        ["Members requested that a report be brought back.", "Cllr Jones asked that a map be sent to members."],
        ["Members requested an update.", "The Chair asked whether the report had been sent."],
    ),
    "assigned": (
        ["The Clerk to write to the highways team.", "Karen to email round the dates.",
         "All Members to attend the training."],
        ["The Clerk to be informed.", "The Council to note the report.", "the Clerk to write.",
         "Aiming to achieve, Mags has the final report to send."],
    ),
    "agreed_to": (
        ["Members agreed to write to the Minister.", "It was resolved unanimously to adopt the plan.",
         "It was decided not to go ahead."],
        ["Members agreed to note the report.", "It was decided to wait & see.", "Members agreed the minutes."],
    ),
    "agreed_should": (
        ["It was agreed that Mags & Karen should come to the final decision.",
         "It was concluded that the logo should include the words.", "It was felt that clogs should not be allowed."],
        ["It was thought that perhaps this should be reviewed.", "The Board concluded that DWP should have acted.",
         "It was agreed that the Clerk would write."],
    ),
    "action_mark": (
        ["Review the risk register; action KR.", "Send the paper to members, action JS & PB."],
        ["Review the risk register.", "The action plan, in draft."],
    ),
    "passive_promise": (
        ["The report will be brought back in June.", "The minutes would be circulated."],
        ["The report was brought back in June.", "The report will be considered."],
    ),
    "passive_hedged": (
        ["A paper that will be circulated.", "Once agreed, it will be published."],
        ["It will be published in May."],
    ),
    "next_step": (
        ["The next step is to set up a meeting with the trust.", "Next steps are to agree the terms."],
        ["The next step is to be agreed.", "The next step was discussed."],
    ),
    "reported_promise": (
        ["She said the Council would act.", "He will circulate it."],
        ["She said the Council acted."],
    ),
    "reported_own": (
        ["She mentioned that she would report back.", "He confirmed he would circulate the paper.",
         "She stated her intention to consult."],
        ["She said she would like to thank members.", "He said the Council would act."],
    ),
    "reporting": (
        ["The Clerk said the paper was ready.", "Officers undertook to circulate it."],
        ["The Clerk circulated the paper."],
    ),
    "reported_view": (
        ["The witness claimed that the Government should fund the scheme.",
         "The Department suggests that the Board should continue to run it.",
         "He invited me to recommend that redress should be paid.",
         "The Chair wrote to the Minister suggesting that a scheme should be considered.",
         "There is substantial support for the view that claimants should be able to appeal.",
         "It is said that the settlement should be put right on appeal.",
         "The Department knew that the Act mandated that payments to the claimants in the scheme should be made by August.",
         "It responded by asserting that it continues to consider whether the Department should pay.",
         "That is despite the Department’s insistence that the Post Office should run both schemes."],
        ["The Government should fund the scheme.", "The Board suggested a new date.",
         "We believe that the Government should fund the scheme.", "We are of the view that the Council should act.",
         "The witness claimed the costs rose. The Council should act.",
         "No claims for redress shall be entertained after May 2025."],
    ),
    "inferred": (
        ["The technology is dual-use, which means that civil and military policy must be closely aligned.",
         "It follows that the Department should have paid sooner."],
        ["The Department should publish what the scheme means for claimants.", "It means that costs rose."],
    ),
    "reported_ask": (
        ["In this case, the PHSO asked Parliament to consider what remedy was due.",
         "The Ombudsman stated that they would have recommended compensation.",
         "PHSO say that Parliament may wish to consider a flat-rate payment.",
         "The Chair of the Committee then wrote to the Minister suggesting that a scheme should be considered.",
         "The letter further suggested that there should also be flexibility.",
         "The PHSO’s report suggested that Parliament may want to take steps."],
        ["The PHSO say that as a matter of principle, redress should reflect impact.",
         "The Welsh Government has asked the Board to work with Trusts.",
         "The Advisory Committee recommended that salt intake should be reduced.",
         "The Committee asked whether the Government would act."],
    ),
    "states_view": (
        ["This Council believes that:", "The Panel notes that:", "Members recognise that: "],
        ["This Council calls on the Cabinet Member to:", "The Council believes that the ban is right."],
    ),
    "continued_work": (
        ["The team will continue implementation planning over the summer.",
         "The Council would also continue to press the Government."],
        ["The team will publish the plan before it continues.", "Work continued over the summer."],
    ),
    "told_further": (
        ["The letter further suggested that there should be a review.", "The PHSO also said that Parliament may wish to act."],
        ["Further, the PHSO suggested a review.", "The letter suggested further work."],
    ),
    "reported_party": (
        ["The PHSO asked Parliament to consider a remedy.", "The report suggested that Parliament may want to act.",
         "The Chair wrote to the Secretary of State for Work and Pensions suggesting that it should pay."],
        ["The letter suggested that there should be flexibility.", "They said that they would have recommended it."],
    ),
    "refers_back": (
        ["We can confirm once again that this recommendation will be met.",
         "The conclusions of this review are due to be published early in 2025."],
        ["This year the Council will act.", "This will be published in May.", "This response sets out the plan."],
    ),
    "told_again": (
        ["The Inquiry recommends that there should be a review.", "We therefore recommend that the Board acts.",
         "I also recommend that the scheme is extended."],
        ["It is recommended that the Board agree the plan.", "The Committee recommended a review.",
         "The Inquiry recommends a review."],
    ),
    "recommended_before": (
        ["In the Interim Report, I recommended that a time limit be set.",
         "On 25 October 2023 the Advisory Board recommended a Reviewer.", "We had recommended a review."],
        ["It is recommended that the Board agree the plan.", "The recommended option is B.",
         "Cabinet is recommended to approve the budget."],
    ),
    "speaker": (
        ["Tim outlined that the strategy was presented.", "AS reported that a seminar was held.",
         "b. Leemya McKeown thanked the team.",
         "5. Mr R Thomas, Cabinet Member for Environment, provided an update on the following:"],
        ["The Board said that more was needed.", "She mentioned her intention to report.",
         "Members commented on the plan."],
    ),
    "asked_of": (
        ["The Board requested Met Office outline their programme", "Members asked the Clerk to write"],
        ["MCO requested to see the accounts", "The Chair requested that a copy be shared"],
    ),
    "named_need": (
        ["Z. Maiorca, P. Bader, A. Qaiyum, and T. Feinberg need to submit updated applications",
         "Jane Smith needs to send the forms"],
        ["Government needs to promote the guidelines", "KCC needs to deliver £108m",
         "The Council needs to act", "J. Smith needs to be told"],
    ),
    "outcome_label": (
        ["APPROVED – Revised 2018 budget", "ADOPTED: the new standing orders"],
        ["Approved – the budget was discussed", "2017/18 Financials approved – B. Munro (motion)"],
    ),
    "mover": (
        ["APPROVED – Revised 2018 budget – B. Munro (motion), Z. Maiorca (second)"],
        ["APPROVED – Revised 2018 budget", "Funding – lighting (retrofits)"],
    ),
    "works_with": (
        ["Work with Local Open Data Group", "Liaise closely with the Police"],
        ["Work on the plan with the Police", "The Council with its partners"],
    ),
    "bracket_task": (
        ["Agree the date in time for the next meeting (Secretariat to set-up telekits for members).",
         "Review the list (Tom Smith to check the names)"],
        ["DCLG to share the response with the Panel (Secretariat)", "(Secretariat to set-up telekits) before the meeting"],
    ),
    "bracketed": (
        ["Item 9 of the Action Log (Kieron O’Hara to canvas members) was noted"],
        ["The plan (draft) was noted", "The plan (see (a) above) was noted"],
    ),
    "points_back": (
        ["She mentioned her intention to report.", "They would circulate the notes."],
        ["Sheila will report.", "The Board would circulate the notes."],
    ),
}


def test_every_shipped_cue_has_examples():
    shipped = {name for name in load("cues.json") if not name.startswith("_")}
    assert shipped == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_cue_finds_its_examples_and_not_its_near_misses(name):
    pattern = rules().cues[name]
    finds, misses = EXAMPLES[name]
    assert [text for text in finds if not pattern.search(text)] == []
    assert [text for text in misses if pattern.search(text)] == []
