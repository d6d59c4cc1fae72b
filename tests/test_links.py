"""Links between items of different documents: nlp.links on hand-written items, and the links
table that `onrecord ingest` fills from two PDFs the tests write."""
import itertools
import json
import random
from dataclasses import replace

import pytest
import sqlite_utils
from click.testing import CliRunner

from onrecord import pipeline
from onrecord.cli import cli
from onrecord.db import open_db
from onrecord.db.links import read_entries, write_links
from onrecord.nlp.answers import ANSWER_DISCOUNT, ANSWER_PAGES, AWAITED_PAGES
from onrecord.nlp.links import (
    PER_ITEM,
    THRESHOLD,
    Entry,
    find_links,
    ref_key,
    relation,
)
from onrecord.nlp.refs import BEFORE, printed_before

from .pdfs import make_pdf


def entry(id, document, text, *, date=None, document_kind="report", kind="recommendation", ref="", place=None):
    return Entry(id, document, date, document_kind, kind, ref, text, place)


OPENING_HOURS = "The Council should extend library opening hours on weekday evenings in every branch library."
FLEET = "The Cabinet Member should publish an annual report on the condition of the mobile library fleet."
PARKING = "The Director of Finance should review parking charges at the town centre car parks."

REPORT = [
    entry("r1", "report", OPENING_HOURS, date="2024-07-18", ref="4.2"),
    entry("r2", "report", FLEET, date="2024-07-18", ref="4.7"),
    entry("r3", "report", PARKING, date="2024-07-18", ref="5.3"),
]
RESPONSE = [
    entry("s1", "response", OPENING_HOURS, date="2024-12", document_kind="evidence", ref="Recommendation 4.2"),
    entry("s2", "response", FLEET.replace("should publish", "publishes"), date="2024-12",
          document_kind="evidence", ref="Recommendation 4.7"),
    entry("c2", "response", "The Cabinet Member will publish the first annual report on the mobile library fleet "
          "condition in January 2026.", date="2024-12", document_kind="evidence", kind="commitment"),
]
MINUTES = [
    entry("m1", "minutes", "Officers to arrange the annual staff awards ceremony at the town hall in May.",
          date="2025-02-03", document_kind="minutes", kind="action"),
]
ITEMS = REPORT + RESPONSE + MINUTES


def pairs(links):
    return {(link.item_from, link.item_to, link.relation) for link in links}


def test_restated_recommendations_link_the_report_to_the_response():
    links = {(link.item_from, link.item_to): link for link in find_links(ITEMS)}
    assert links[("r1", "s1")].relation == "restated" and links[("r1", "s1")].score == 1.0
    assert links[("r2", "s2")].relation == "restated" and links[("r2", "s2")].score >= THRESHOLD


def test_unrelated_items_are_not_linked():
    linked = {end for link in find_links(ITEMS) for end in (link.item_from, link.item_to)}
    assert "r3" not in linked and "m1" not in linked


def test_items_of_one_document_are_never_linked():
    same = [entry(f"x{n}", "report", OPENING_HOURS, date="2024", ref="1") for n in range(3)]
    assert find_links(same) == []
    assert pairs(find_links([*same, entry("y", "later", OPENING_HOURS, date="2030")])) <= {
        (f"x{n}", "y", "restated") for n in range(3)
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_links_whatever_the_order_of_the_items(seed):
    shuffled = ITEMS[:]
    random.Random(seed).shuffle(shuffled)
    assert find_links(shuffled) == find_links(ITEMS)
    assert find_links(reversed(ITEMS)) == find_links(ITEMS)


def test_the_earlier_document_points_to_the_later():
    # Dated the other way round, the "response" is the earlier paper.
    backwards = [e.__class__(**{**e.__dict__, "date": "2020-01"}) for e in RESPONSE] + REPORT
    assert ("s1", "r1", "restated") in pairs(find_links(backwards))


def test_an_undated_response_comes_after_its_report():
    undated = [e.__class__(**{**e.__dict__, "date": None}) for e in REPORT + RESPONSE]
    assert ("r1", "s1", "restated") in pairs(find_links(undated))


def test_the_same_ref_is_evidence_for_a_link():
    # Half the words in common: not enough alone, enough with the same recommendation number.
    earlier = "The Council should publish a climate adaptation plan for coastal flooding risks in the borough."
    later = "Coastal flooding: the Council has commissioned an adaptation plan from the Environment Agency."
    a = entry("a", "report", earlier, date="2024", ref="12")
    unlinked = find_links([a, entry("b", "update", later, date="2025", ref="Recommendation 3")])
    linked = find_links([a, entry("b", "update", later, date="2025", ref="Recommendation 12")])
    assert unlinked == [] and pairs(linked) == {("a", "b", "restated")}


def test_an_item_has_a_few_links_at_most():
    items = [entry("r", "report", OPENING_HOURS, date="2020")]
    items += [entry(f"l{n}", f"update-{n}", OPENING_HOURS, date=f"202{n + 1}") for n in range(PER_ITEM + 3)]
    links = find_links(items)
    assert all(len([link for link in links if link.item_to == item.id]) <= PER_ITEM for item in items)
    assert all(len([link for link in links if link.item_from == item.id]) <= PER_ITEM for item in items)
    # the same text in every paper: one chain, each paper linked to the next
    ids = [item.id for item in items]
    assert {(a, b) for a, b, _ in pairs(links)} == set(itertools.pairwise(ids))


@pytest.mark.parametrize(
    ("earlier", "later", "linked"),
    [
        ("Circulate minutes and actions from thirteenth meeting to all members",
         "Circulate minutes and actions from fifteenth meeting to all members", False),
        ("Publish note and actions from the 21st meeting on data.gov.uk",
         "Publish note and actions from the 22nd meeting on data.gov.uk", False),
        # one task carried over, its deadline printed in it and moved
        ("Cabinet Office to report to the Board on the data validator by June",
         "Cabinet Office to report to the Board on the data validator by July", True),
    ],
)
def test_a_recurring_task_of_each_meeting_is_not_carried_over(earlier, later, linked):
    items = [entry("a", "log-13", earlier, kind="action", date="2013-05-14", document_kind="minutes"),
             entry("b", "log-15", later, kind="action", date="2013-07-19", document_kind="minutes")]
    assert bool(find_links(items)) == linked


def test_a_chain_is_linked_to_the_nearest_earlier_paper_only():
    validator = "Cabinet Office Transparency Team to consider whether it would be useful to develop a data validator"
    items = [entry(name, name, validator, kind="action", date=date, document_kind="minutes")
             for name, date in (("update", "2011-01-11"), ("log-7", "2011-06"), ("log-8", "2011-07-19"))]
    assert {(a, b) for a, b, _ in pairs(find_links(items))} == {("update", "log-7"), ("log-7", "log-8")}


@pytest.mark.parametrize(
    ("earlier", "later", "moved"),
    [
        (("11.01.11", "2011-01-11"), ("11/01/2011", "2011-01-11"), False),
        (("Ongoing", None), ("Ongoing", None), False),
        (("next meeting", None), ("next meeting", None), False),
        (("June update", None), ("Ongoing", None), True),
        (("March 2025", "2025-03"), ("May 2025", "2025-05"), True),
        (("", None), ("May 2025", "2025-05"), None),
    ],
)
def test_a_carried_item_whose_deadline_moved_says_so(earlier, later, moved):
    validator = "Cabinet Office Transparency Team to consider whether it would be useful to develop a data validator"
    items = [Entry("a", "log-7", "2011-06", "minutes", "action", "", validator, None, *earlier),
             Entry("b", "log-8", "2011-07-19", "minutes", "action", "", validator, None, *later)]
    [link] = find_links(items)
    assert link.due_changed is moved


def test_items_of_too_few_words_are_not_linked():
    items = [entry("a", "log-1", "Actions completed", kind="action", date="2011-06"),
             entry("b", "log-2", "Actions completed", kind="action", date="2011-07")]
    assert find_links(items) == []


def test_a_part_of_few_words_is_linked_to_its_copy():
    """A part printed under its recommendation's number ('(ii) those who have fibrosis should receive the
    same care') says little alone, but its ref names a part: it is linked like a lettered one."""
    text = "Those who have fibrosis should receive the same care"
    items = [entry("r", "report", text.lower(), date="2024-05-20", ref="(ii)"),
             entry("g", "response", text, date="2024-12-01", document_kind="evidence", ref="6a)ii.")]
    assert pairs(find_links(items)) == {("r", "g", "restated")}
    assert find_links([replace(item, ref="") for item in items]) == []


def answered(*response, report=REPORT, refs=()):
    """The response links of the report's items to a response of the given (kind, text, place), the
    first items printing the given refs."""
    items = [entry(f"s{n}", "response", text, kind=kind, document_kind="evidence", place=place,
                   ref=refs[n] if n < len(refs) else "")
             for n, (kind, text, place) in enumerate(response)]
    return {(a, b) for a, b, relation in pairs(find_links([*report, *items])) if relation == "response"}


VANS = "The Cabinet Member will buy two new library vans next year."


def test_promises_after_a_restated_recommendation_answer_it():
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, (1, 200.0)),
                    ("recommendation", OPENING_HOURS, (1, 300.0)), ("commitment", "We will do so.", (2, 50.0))
                    ) == {("r2", "s1"), ("r1", "s3")}


def test_a_promise_after_a_recommendation_that_is_only_asked_again_answers_nothing():
    asks = ("commitment", "The Cabinet Member should also consult library users on the routes.", (1, 150.0))
    assert answered(("recommendation", FLEET, (1, 100.0)), asks, ("commitment", VANS, (1, 200.0))) == set()


SALE = "The Council should sell the old central library building."
MEMORIAL = [
    entry("m1", "report", "A permanent memorial should be established in the county park to those lost in the floods.",
          date="2024-07-18", ref="2(a)"),
    entry("m2", "report", "The memorial should be built at public expense and dedicated to the children lost.",
          date="2024-07-18", ref="2(b)"),
    entry("m3", "report", "There should be three remembrance events each year, six months apart, for the families.",
          date="2024-07-18", ref="2(c)"),
]


def test_recommendations_restated_together_share_their_answers_each_to_the_one_it_speaks_of():
    """2(a), 2(b) and 2(c) restated, then their answers: each goes to the one its words are nearest,
    not all to 2(c), the last restated."""
    assert answered(("recommendation", MEMORIAL[0].text, (1, 100.0)), ("recommendation", MEMORIAL[1].text, (1, 150.0)),
                    ("recommendation", MEMORIAL[2].text, (1, 200.0)),
                    ("commitment", "The memorial will be paid for at public expense.", (1, 300.0)),
                    ("commitment", "We will hold the three remembrance events with the families.", (1, 350.0)),
                    report=MEMORIAL) == {("m2", "s3"), ("m3", "s4")}


def test_an_answer_that_names_its_recommendation_answers_that_one():
    named = "In relation to 2b), the Scottish Government will fund its own memorial in Edinburgh."
    assert _lettered_response(("commitment", named, (1, 300.0))) == {("m2", "s3")}


def test_a_number_shared_by_every_part_restated_together_names_none_of_them():
    """'6a) i.', '6a) ii.', '6a) iii.' all print 6a: an answer naming recommendation 6a goes by its words."""
    named = "On recommendation 2, the memorial will be paid for at public expense in each nation."
    assert _lettered_response(("commitment", named, (1, 300.0)), refs=("2)i.", "2)ii.", "2)iii.")) == {("m2", "s3")}


def test_an_answer_naming_a_part_in_full_answers_that_part():
    """'6a(iii)' names 6a) iii. among 6a) i. to iii.; 'under 2c)' names 2c though no word before it says 'recommendation'."""
    named = "In relation to recommendation 6a(iii), the memorial will be paid for at public expense."
    assert _lettered_response(("commitment", named, (1, 300.0)), refs=("6a)i.", "6a)ii.", "6a)iii.")) == {("m3", "s3")}
    bracketed = "The Government accepts its obligation under 2c), and the memorial will be paid for at public expense."
    assert _lettered_response(("commitment", bracketed, (1, 300.0))) == {("m3", "s3")}


SPACE = [entry("k1", "report", "The Government should attract skilled workers from overseas to the space sector "
               "through visas.", date="2024-07-18", ref="27"),
         entry("k2", "report", "The Government should develop homegrown space talent by funding PhD studentships "
               "and apprenticeships.", date="2024-07-18", ref="28")]


def test_the_promises_of_one_paragraph_answer_as_one():
    """Recommendations 27 and 28 restated together, then one paragraph of two promises: the second
    ('We will also ...') shares a word or two with 27, but the paragraph as a whole answers 28."""
    paragraph = (1, 300.0)
    response = [("recommendation", SPACE[0].text, (1, 100.0)), ("recommendation", SPACE[1].text, (1, 150.0)),
                ("commitment", ("We will expand funding for PhD studentships and apprenticeships to develop "
                                "homegrown talent."), paragraph),
                ("commitment", "We will also engage with universities on skilled workers and their plans.", paragraph)]
    assert answered(*response, report=SPACE) == {("k2", "s2"), ("k2", "s3")}
    # printed as two paragraphs, each promise goes by its own words
    apart = [*response[:3], (*response[3][:2], (1, 350.0))]
    assert answered(*apart, report=SPACE) == {("k2", "s2"), ("k1", "s3")}


def test_a_recommendation_that_restates_none_does_not_take_the_answers_below_it():
    """The government's own words read as a 'recommendation' with 2c's ref, or a heading printing 2b's
    ref before 2b restated in full, restate nothing: the answers below them answer the
    recommendations restated around them."""
    events = ("commitment", "We will hold the three remembrance events with the families.", (1, 300.0))
    own_words = ("recommendation", "The Department recognises the importance of this principle, hard to deliver.",
                 (1, 350.0))
    later = ("commitment", "Following the consultation, the remembrance events will be held for the families.",
             (2, 100.0))
    assert _lettered_response(events, own_words, later, refs=("2a", "2b", "2c", "", "2c")) == {
        ("m3", "s3"), ("m3", "s5")}
    heading = [("recommendation", "Review of progress,", (1, 90.0))]
    response = [entry(f"s{n}", "response", text, kind=kind, document_kind="evidence", place=place, ref=ref)
                for n, ((kind, text, place), ref) in enumerate(zip(
                    [*heading, ("recommendation", MEMORIAL[1].text, (1, 100.0)),
                     ("recommendation", MEMORIAL[2].text, (1, 150.0)),
                     ("commitment", "The progress report on the memorial to the children was discussed in November.", (1, 300.0))],
                    ["2b)", "2b", "2c", ""]))]
    found = {(a, b) for a, b, relation in pairs(find_links([*MEMORIAL, *response])) if relation == "response"}
    assert found == {("m2", "s3")}


def test_a_recommendation_of_its_own_ref_whose_original_is_not_to_hand_keeps_its_answers():
    """Recommendation 9.1, restated in the response but not in any report to hand, is answered: its
    answer is not given to 4.7, restated and answered above it."""
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, (1, 200.0)),
                    ("recommendation", "We note that some space clusters face financial challenges.", (1, 300.0)),
                    ("commitment", "We will publish guidance for the clusters next year.", (1, 400.0)),
                    refs=("Recommendation 4.7", "", "Recommendation 9.1")) == {("r2", "s1")}


def _lettered_response(*answers, refs=("2a", "2b", "2c"), report=MEMORIAL):
    """The response links of a response restating the report's lettered parts (refs), then answering."""
    restated = [("recommendation", m.text, (1, 100.0 + n)) for n, m in enumerate(report)]
    items = [entry(f"s{n}", "response", text, kind=kind, document_kind="evidence", place=place,
                   ref=refs[n] if n < len(refs) else "")
             for n, (kind, text, place) in enumerate([*restated, *answers])]
    return {(a, b) for a, b, relation in pairs(find_links([*report, *items])) if relation == "response"}


def test_the_first_answer_after_lettered_parts_answers_the_first_part_too():
    """A response answers 2(a), 2(b), 2(c) in their order: its first answer answers 2(a) as well as
    the part whose words it shares most; the later answers go by their words alone."""
    assert _lettered_response(("commitment", "The memorial will be paid for at public expense.", (1, 300.0)),
                              ("commitment", "We will hold the three remembrance events with the families.", (1, 350.0))
                              ) == {("m1", "s3"), ("m2", "s3"), ("m3", "s4")}
    # parts of different recommendations restated together: no first part to answer
    assert _lettered_response(("commitment", "The memorial will be paid for at public expense.", (1, 300.0)),
                              refs=("1e", "2b", "2c")) == {("m2", "s3")}


def test_a_part_restated_pages_before_the_next_was_answered_between_them():
    """2(a) restated on page 1 and answered there in prose (no promise read), 2(b) restated on page 3,
    recommendation 3 next: the promise below 2(b) answers 2(b) alone, not the first of parts restated
    together."""
    restated = [("recommendation", MEMORIAL[0].text, (1, 100.0)), ("recommendation", MEMORIAL[1].text, (3, 100.0)),
                ("commitment", "The memorial will be paid for at public expense.", (3, 300.0)),
                ("recommendation", SALE, (5, 100.0))]
    items = [entry(f"s{n}", "response", text, kind=kind, document_kind="evidence", place=place, ref=ref)
             for n, ((kind, text, place), ref) in enumerate(zip(restated, ("2a", "2b", "", "3")))]
    found = {(a, b) for a, b, relation in pairs(find_links([*MEMORIAL, *items])) if relation == "response"}
    assert found == {("m2", "s2")}


def test_a_first_answer_sharing_no_word_with_the_first_part_does_not_answer_it():
    """The first answer after 2(a), 2(b), 2(c) that speaks only of 2(c)'s events, with not a word of
    2(a)'s memorial, answers 2(c) alone: the order of the parts is no evidence against its words."""
    assert _lettered_response(("commitment", "We will hold the three remembrance events with the families.", (1, 300.0)),
                              ("commitment", "The memorial will be paid for at public expense.", (1, 350.0))
                              ) == {("m3", "s3"), ("m2", "s4")}


def test_an_answer_that_says_should_of_the_recommendation_it_names_still_answers():
    """'... agreed that the Scottish Government should seek to take forward recommendation 6a(vi)' answers;
    it does not restate."""
    names = "The Oversight Group has agreed that the Council should seek to take forward recommendation 4.7 for the vans."
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", names, (1, 200.0)),
                    ("commitment", VANS, (1, 300.0))) == {("r2", "s1"), ("r2", "s2")}


def test_an_answer_keeps_its_link_however_weak_its_recommendations_link():
    """The answer is placed by where it is printed: a restated recommendation linked at the least
    score passes its link on to every answer under it."""
    reworded = "The Member should an annual on the condition of the mobile library fleet."
    links = find_links([*REPORT, *[entry(f"s{n}", "response", text, kind=kind, document_kind="evidence", place=place)
                                   for n, (kind, text, place) in enumerate([("recommendation", reworded, (1, 100.0)),
                                                                            ("commitment", VANS, (1, 200.0))])]])
    restated = next(link for link in links if (link.item_from, link.item_to) == ("r2", "s0"))
    assert restated.score * ANSWER_DISCOUNT < THRESHOLD  # the answer's own score falls below the least
    assert ("r2", "s1", "response") in pairs(links)


def test_every_promise_answering_a_recommendation_keeps_its_link():
    promises = [("commitment", f"The Cabinet Member will buy {n} new library vans by {2026 + n}.", (1, 200.0 + n))
                for n in range(PER_ITEM + 3)]
    assert answered(("recommendation", FLEET, (1, 100.0)), *promises) == {("r2", f"s{n}") for n in range(1, PER_ITEM + 4)}


def test_an_answer_running_over_pages_answers_the_recommendation_above_it_throughout():
    promises = [("commitment", f"The Cabinet Member will buy {n} new library vans by {2026 + n}.", (1 + n, 300.0))
                for n in range(ANSWER_PAGES + 3)]
    assert answered(("recommendation", FLEET, (1, 100.0)), *promises) == {("r2", f"s{n}") for n in range(1, ANSWER_PAGES + 4)}


def test_a_promise_that_agrees_with_what_should_be_done_still_answers():
    agrees = "We agree that the fleet should be renewed, and we will buy two new library vans next year."
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", agrees, (1, 200.0)),
                    ("commitment", VANS, (1, 300.0))) == {("r2", "s1"), ("r2", "s2")}


STRATEGY = ("The Council and its partners should together write a flood strategy for the coastal wards. "
            "As a minimum, the strategy should: be adaptable; name who leads in each ward; "
            "set out the sandbag stores and who keeps them.")
# the first part has too few words to be linked on its own words
PARTS = ["As a minimum, the strategy should: be adaptable;",
         "As a minimum, the strategy should: name who leads in each ward;",
         "As a minimum, the strategy should: set out the sandbag stores and who keeps them."]


def test_lettered_parts_of_a_recommendation_are_each_linked_to_it():
    report = entry("r4", "report", STRATEGY, date="2024-07-18", ref="4")
    response = [entry(f"s{letter}", "response", text, date="2025-01-16", document_kind="evidence", ref=f"4{letter}")
                for letter, text in zip("ABC", PARTS)]
    response.append(entry("s4", "response", STRATEGY, date="2025-01-16", document_kind="evidence", ref="4"))
    linked = {(a, b) for a, b, relation in pairs(find_links([report, *response])) if relation == "restated"}
    assert linked == {("r4", "s4"), ("r4", "sA"), ("r4", "sB"), ("r4", "sC")}


def test_the_first_answer_may_wait_a_few_pages_the_next_may_not():
    """A response restates a recommendation, prints pages of its own account, then promises: the
    promise answers it; a promise pages after that answer does not, nor does a recommendation
    restated pages later join the one awaiting its answer."""
    late = (1 + AWAITED_PAGES, 200.0)
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, late)) == {("r2", "s1")}
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, (1, 200.0)),
                    ("commitment", "We will also repaint the old vans.", (1 + ANSWER_PAGES + 1, 300.0))) == {("r2", "s1")}
    assert answered(("recommendation", FLEET, (1, 100.0)), ("recommendation", OPENING_HOURS, (1 + ANSWER_PAGES + 1, 100.0)),
                    ("commitment", "We will also repaint the old vans.", (1 + ANSWER_PAGES + 1, 300.0))) == {("r1", "s2")}


def test_promises_far_after_a_recommendation_or_of_unknown_place_do_not_answer_it():
    far = (1 + AWAITED_PAGES + 1, 200.0)
    assert answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, far)) == set()
    assert answered(("recommendation", FLEET, None), ("commitment", VANS, None)) == set()


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("recommendation", ("recommendation", "evidence"), "restated"),
        ("recommendation", ("commitment", "evidence"), "response"),
        ("recommendation", ("action", "minutes"), "progress"),
        ("action", ("action", "minutes"), "progress"),
        ("decision", ("decision", "report"), "restated"),
    ],
)
def test_relation_names_how_the_later_item_bears_on_the_earlier(earlier, later, expected):
    a = entry("a", "x", "text", kind=earlier)
    b = entry("b", "y", "text", kind=later[0], document_kind=later[1])
    assert relation(a, b) == expected


@pytest.mark.parametrize(
    ("ref", "key"),
    [("Recommendation 12", "12"), ("12.", "12"), ("R12", "12"), ("Rec. 3a", "3a"), ("4.24.", "4.24"),
     ("Para 8.19", "8.19"), ("", ""), ("Action", "")],
)
def test_ref_key_is_the_number_the_ref_prints(ref, key):
    assert ref_key(ref) == key


# End to end: a scrutiny review and the cabinet's later response, written as PDFs.

REVIEW_LINES = [
    "Scrutiny Review of Library Services",
    "Published 3 March 2025",
    "",
    "Recommendations",
    "",
    "4.2. We recommend that the Council extend library opening hours on weekday",
    "evenings in every branch library by September 2025.",
    "",
    "4.7. We recommend that the Cabinet Member for Communities publish an annual",
    "report on the condition of the mobile library fleet.",
    "",
    "5.3. We recommend that the Director of Finance review parking charges at the",
    "town centre car parks before the next budget.",
]
RESPONSE_LINES = [
    "Cabinet Response to the Scrutiny Review of Library Services",
    "Published 10 June 2025",
    "",
    "4.2. We recommend that the Council extend library opening hours on weekday",
    "evenings in every branch library by September 2025.",
    "",
    "",
    "The Cabinet agrees with this recommendation.",
    "",
    "4.7. We recommend that the Cabinet Member for Communities publish an annual",
    "report on the condition of the mobile library fleet.",
    "",
    "",
    "The Cabinet agrees with this recommendation.",
    "",
    "The Cabinet Member will publish the first report in January 2026.",
]


@pytest.fixture
def papers(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "review.pdf", [REVIEW_LINES])
    make_pdf(folder / "response.pdf", [RESPONSE_LINES])
    return folder


def ingest(*paths, database):
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "-d", str(database), "--silent", "-j", "1"])
    assert result.exit_code == 0, result.output
    return result


def stored_links(database) -> set[tuple]:
    sql = """select a.ref, da.path like '%review.pdf', b.ref, b.kind, links.relation, links.score
      from links join items a on a.id = links.item_from join items b on b.id = links.item_to
      join documents da on da.id = a.document"""
    return {row[:5] for row in sqlite_utils.Database(database).execute(sql).fetchall()}


def dump(database) -> dict:
    db = sqlite_utils.Database(database)
    return {t: sorted(map(json.dumps, db[t].rows)) for t in db.table_names() if "_fts" not in t}


def test_ingest_links_the_review_to_its_response_and_a_rerun_changes_nothing(papers, tmp_path):
    database = tmp_path / "onrecord.db"
    result = ingest(papers, database=database)
    assert "Links between documents" in result.output
    assert {("4.2", 1, "4.2", "recommendation", "restated"), ("4.7", 1, "4.7", "recommendation", "restated")} <= (
        stored_links(database)
    )
    assert ("4.7", 1, "", "commitment", "response") in stored_links(database)
    assert not any(ref == "5.3" for ref, *_ in stored_links(database))
    before = dump(database)
    again = ingest(papers, database=database)
    assert "unchanged" in again.output
    assert dump(database) == before
    assert write_links(open_db(database), find_links(read_entries(open_db(database)))) == (0, 0)
    assert dump(database) == before


PROMISE = "The Cabinet Member will publish a library plan in January 2026."


def test_a_promise_printed_under_two_recommendations_answers_both(tmp_path):
    """The response prints one promise under 4.2 and again under 4.7: one item, stored with the place
    of its other copy, that answers both."""
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "review.pdf", [REVIEW_LINES])
    # (a line repeated at the foot of every page is a running footer: the promise sits above the text)
    make_pdf(folder / "response.pdf", [RESPONSE_LINES[:7] + ["", PROMISE, "", *OPENING_HOURS.split(" in ")],
                                       RESPONSE_LINES[8:12] + ["", PROMISE, "", *FLEET.split(" on ")]])
    database = tmp_path / "onrecord.db"
    ingest(folder, database=database)
    promises = list(sqlite_utils.Database(database).query("select page, copies from items where text = ?", [PROMISE]))
    assert [(row["page"], len(json.loads(row["copies"]))) for row in promises] == [(1, 1)]
    assert {("4.2", 1, "", "commitment", "response"), ("4.7", 1, "", "commitment", "response")} <= stored_links(database)


def _ingest_answered_together(tmp_path, answer_lines: list[str]):
    """The review, and its response restating 4.2 and 4.7 together followed by the answer's lines,
    ingested into a database of their own; its path."""
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "review.pdf", [REVIEW_LINES])
    make_pdf(folder / "response.pdf", [RESPONSE_LINES[:6] + RESPONSE_LINES[9:12] + ["", "", *answer_lines]])
    database = tmp_path / "onrecord.db"
    ingest(folder, database=database)
    return database


def _answers(database) -> list[tuple[str, str]]:
    """(the recommendation's ref, the answer's text) of every answer link stored."""
    return sqlite_utils.Database(database).execute(
        "select a.ref, b.text from links join items a on a.id = links.item_from join items b on b.id = links.item_to"
        " where links.relation = 'response'").fetchall()


def test_the_promises_of_one_printed_paragraph_answer_the_recommendation_it_speaks_of(tmp_path):
    """4.2 and 4.7 restated together, then one paragraph of two promises, the second ('The Council will
    also ...') sharing words with 4.2: read as two items of one place, both answer 4.7, which the
    paragraph as a whole speaks of."""
    database = _ingest_answered_together(tmp_path, [
        "The Cabinet Member will publish the first annual report on the mobile library fleet in",
        "January 2026. The Council will also consult branch library users on weekday evenings."])
    promises = sqlite_utils.Database(database).execute(
        "select count(*), count(distinct page || bbox) from items where kind = 'commitment'").fetchone()
    assert promises == (2, 1)
    answers = _answers(database)
    first = "The Cabinet Member will publish the first annual report on the mobile library fleet in January 2026."
    assert sorted(answers) == [("4.7", first), ("4.7", "The Council will also consult branch library users on weekday evenings.")]


def test_a_promise_with_copies_answers_the_recommendation_above_each():
    report = REPORT[:2]
    response = [entry("s1", "response", OPENING_HOURS, document_kind="evidence", place=(1, 100.0)),
                entry("s2", "response", FLEET, document_kind="evidence", place=(2, 100.0)),
                replace(entry("c1", "response", VANS, document_kind="evidence", kind="commitment", place=(2, 200.0)),
                        copies=((1, 200.0),))]
    found = {(a, b) for a, b, relation in pairs(find_links([*report, *response])) if relation == "response"}
    assert found == {("r1", "c1"), ("r2", "c1")}


def test_the_librarys_ingest_links_what_it_stored(papers, tmp_path):
    database = tmp_path / "onrecord.db"
    summary = pipeline.ingest_files(database, sorted(papers.iterdir()), jobs=1)
    assert summary.links is not None and summary.links[0] == sqlite_utils.Database(database)["links"].count > 0
    assert pipeline.ingest_files(database, sorted(papers.iterdir()), jobs=1).links is None  # current


def test_ingesting_one_paper_at_a_time_gives_the_same_links(papers, tmp_path):
    together, apart = tmp_path / "together.db", tmp_path / "apart.db"
    ingest(papers, database=together)
    ingest(papers / "response.pdf", database=apart)
    assert sqlite_utils.Database(apart)["links"].count == 0
    ingest(papers / "review.pdf", database=apart)
    assert dump(apart)["links"] == dump(together)["links"]


def test_a_changed_paper_takes_its_links_with_it(papers, tmp_path):
    database = tmp_path / "onrecord.db"
    ingest(papers, database=database)
    assert stored_links(database)
    make_pdf(papers / "response.pdf", [["Cabinet Response to the Scrutiny Review of Parks", "",
                                        "The Cabinet agrees to plant more trees in the town parks."]])
    result = ingest(papers, database=database)
    assert "deleted" in result.output
    assert stored_links(database) == set()


def test_an_import_cut_short_before_linking_links_on_the_next_run(papers, tmp_path):
    whole, cut = tmp_path / "whole.db", tmp_path / "cut.db"
    ingest(papers, database=whole)
    # the papers stored, then the import killed before its link step
    pipeline.ingest_files(cut, sorted(papers.iterdir()), jobs=1, relink=False)
    assert sqlite_utils.Database(cut)["links"].count == 0
    result = ingest(papers, database=cut)
    assert "2 unchanged" in result.output and "Links between documents" in result.output
    assert dump(cut)["links"] == dump(whole)["links"]
    assert "Links between documents" not in ingest(papers, database=cut).output  # now current


def test_text_vectors_are_scikit_learns_to_the_bit():
    """Linking weighs words as scikit-learn's TfidfVectorizer does (unigrams and bigrams, sublinear
    counts, English stop words, accents taken off), without importing it on every run."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from onrecord.nlp.links import _vectors

    rng = random.Random(7)
    vocabulary = ["council", "will", "publish", "the", "plan", "café", "Résumé", "review", "by", "March", "of",
                  "housing", "2027", "a", "NHS", "naïve", "it's", "co-operate", "and", "should"]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    texts += ["", "the and of", "a b c"]  # no words, only stop words, only one-letter words
    ours = _vectors(texts)
    theirs = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", dtype=np.float32,
                             strip_accents="unicode").fit_transform(texts).tocsr()
    theirs.sort_indices()
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)


def _introduced(before, *, refs=("2a", "2b", "2c"), text="The memorial will be paid for at public expense."):
    """The response links of one answer after 2(a)-2(c) restated together, the page printing `before` above it."""
    restated = [entry(f"s{n}", "response", m.text, document_kind="evidence", place=(1, 100.0 + n), ref=refs[n])
                for n, m in enumerate(MEMORIAL)]
    answer = replace(entry("a", "response", text, document_kind="evidence", kind="commitment", place=(1, 300.0)),
                     before=before)
    return {(a, b) for a, b, relation in pairs(find_links([*MEMORIAL, *restated, answer])) if relation == "response"}


def test_an_answer_introduced_by_the_part_it_answers_answers_that_part():
    """'In response to 2c, ...' printed above an answer (in its paragraph or its section) gives it to 2c,
    whatever its words; without it the memorial 'at public expense' answers 2(a) and 2(b)."""
    assert _introduced("") == {("m1", "a"), ("m2", "a")}
    assert _introduced("Welsh Government. In response to 2c, the Council met the families in May.") == {("m3", "a")}
    assert _introduced("The Government accepts the principles behind recommendations 2a/2c, and notes them.") == {
        ("m1", "a"), ("m3", "a")}
    assert _introduced("The engagement covers recommendations 2(a) and 2(c).", refs=("2(a)", "2(b)", "2(c)")) == {
        ("m1", "a"), ("m3", "a")}


def test_the_nearest_name_of_a_part_restated_above_an_answer_is_the_one_it_answers():
    """The last name above wins; a name of no part restated with it ('recommendation 4a) iii', 'On 26
    November') is passed over for the one before it."""
    assert _introduced("In response to 2a, the Council ... Scottish Government: in relation to 2c), the Council met "
                       "the families.") == {("m3", "a")}
    assert _introduced("2c) On 26 November the Council met the families. This would meet recommendation 4a) iii. "
                       "A consultation opened.") == {("m3", "a")}


def test_the_refs_of_the_parts_restated_above_an_answer_do_not_name_it():
    """The page prints the restated parts with their refs ('2c) There should be ...'): read only below
    them, so the answer goes by its words."""
    printed = " ".join(f"{ref}) {m.text}" for ref, m in zip("abc", MEMORIAL)).replace("a)", "2a)", 1)
    printed = printed.replace("b) The", "2b) The").replace("c) There", "2c) There")
    assert _introduced(f"Recommendations. {printed} This recommendation is accepted.") == {("m1", "a"), ("m2", "a")}


def test_an_answer_that_names_its_part_itself_is_not_given_to_a_part_named_above_it():
    named = "On recommendation 2b), the memorial will be paid for at public expense."
    assert _introduced("In response to 2c, the Council met the families in May.", text=named) == {("m2", "a")}


@pytest.mark.parametrize("page, text, before", [
    ("Welsh Government\nIn response to 3b, NHS England are\nworking. The syllabus will be reviewed.",
     "The syllabus will be reviewed.", "Welsh Government In response to 3b, NHS England are working."),
    ("The syllabus will be reviewed.", "The syllabus will be reviewed.", ""),  # nothing above it
    ("Another page altogether.", "The syllabus will be reviewed.", ""),  # not printed as read
])
def test_printed_before_is_the_text_of_the_page_above_the_item(page, text, before):
    assert printed_before(page, text) == before
    assert len(printed_before("x " * 5000 + text, text)) <= BEFORE


def test_an_ingested_answer_introduced_by_the_recommendation_it_answers_answers_it(tmp_path):
    """4.2 and 4.7 restated together, then a paragraph 'In response to 4.2, ...' whose promise shares
    words with 4.7 (publish, report): read from the PDF's page, the name above gives it to 4.2."""
    database = _ingest_answered_together(tmp_path, [
        "In response to 4.2, the libraries service has reviewed the staff rota of each branch.",
        "The Cabinet Member will publish a report on the new rota in January 2026."])
    assert _answers(database) == [("4.2", "The Cabinet Member will publish a report on the new rota in January 2026.")]


def test_an_answer_sharing_no_word_with_lettered_parts_answers_the_first_part():
    """An answer with no word of 2(a), 2(b) or 2(c) and no name answers the first part, as a response
    answers lettered parts in their order; after recommendations that are not parts of one, the last."""
    silent = ("commitment", "Officials will write to every council by June.", (1, 350.0))
    events = ("commitment", "We will hold the three remembrance events with the families.", (1, 300.0))
    assert _lettered_response(events, silent) == {("m3", "s3"), ("m1", "s4")}
    assert _lettered_response(events, silent, refs=("2", "3", "4")) == {("m3", "s3"), ("m3", "s4")}


def test_a_part_named_at_the_foot_of_the_page_before_an_answer_is_the_one_it_answers():
    """'2c) The Council ...' printed at the foot of one page, its answer at the top of the next: the
    name above it on the page before counts."""
    assert printed_before("The memorial will be paid for at public expense. More.",
                          "The memorial will be paid for", "Foot of page. 2c) The Council notes") == (
        "Foot of page. 2c) The Council notes")
    assert _introduced(printed_before("The memorial will be paid for at public expense.", "The memorial will be",
                                      "Welsh Government. In response to 2c, the Council met the families.")) == {
        ("m3", "a")}


def test_an_answer_pages_after_its_recommendation_answers_it_if_the_next_restated_is_the_next_in_number():
    """R5 restated, answered over several pages, R6 restated: a promise pages after R5's first answer
    still answers R5, nothing else being printed between them. Where the next restated is not the next
    in number (R8 after R5: 6 and 7 are answered, unrestated, between), the page limit holds."""
    far = (1 + AWAITED_PAGES + 2, 200.0)
    report = [replace(REPORT[1], ref="5"), replace(REPORT[0], ref="6"), replace(REPORT[2], ref="8")]
    next_one = answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, (1, 200.0)),
                        ("commitment", "We will also repaint the old vans.", far),
                        ("recommendation", OPENING_HOURS, (far[0] + 1, 100.0)),
                        report=report, refs=("Recommendation 5", "", "", "Recommendation 6"))
    assert next_one == {("r2", "s1"), ("r2", "s2")}
    skipped = answered(("recommendation", FLEET, (1, 100.0)), ("commitment", VANS, (1, 200.0)),
                       ("commitment", "We will also repaint the old vans.", far),
                       ("recommendation", PARKING, (far[0] + 1, 100.0)),
                       report=report, refs=("Recommendation 5", "", "", "Recommendation 8"))
    assert skipped == {("r2", "s1")}


def test_a_recommendation_answered_in_a_paragraph_of_its_own_does_not_share_the_next_ones_answers():
    """27 restated and answered in a paragraph no promise was read from, then 28 restated and answered:
    28's promise is 28's, though its words are nearer 27's. Printed one after the other, they share it."""
    promise = "The Agency will run a survey of the skilled workers the space sector needs from overseas."
    restated = [entry(f"s{n}", "response", k.text, document_kind="evidence", place=(1, 100.0 + 50 * n), ref=k.ref)
                for n, k in enumerate(SPACE)]
    account = " ".join(["The Government has set out its immigration policy in a white paper this spring."] * 8)

    def answers(before):
        answer = replace(entry("a", "response", promise, document_kind="evidence", kind="commitment",
                               place=(1, 300.0)), before=before)
        return {(a, b) for a, b, relation in pairs(find_links([*SPACE, *restated, answer])) if relation == "response"}

    assert answers(f"Recommendation 27 {SPACE[0].text} {account} Recommendation 28 {SPACE[1].text}") == {("k2", "a")}
    assert answers(f"Recommendation 27 {SPACE[0].text} Recommendation 28 {SPACE[1].text}") == {("k1", "a")}
    # 27 printed further up than the page text kept above the answer reaches: a paragraph at least between
    assert answers(f"{account} Recommendation 28 {SPACE[1].text}") == {("k2", "a")}


@pytest.mark.parametrize("report_refs", [("(i)", "(ii)", "(iii)"), ("4a)i.", "4a)ii.", "4a)iii.")])
def test_an_answer_to_a_part_whose_page_names_another_part_answers_that_part_too(report_refs):
    """'4a) ii. On 26 November ... This would meet recommendation 4a) i.', then a promise: it answers
    4a) ii., restated above it, and 4a) i., not restated with it, whether the report prints that part
    under its number ('(i)') or in full; a part the page does not name ((iii)) it does not answer."""
    report = [entry(f"m{n + 1}", "report", m.text, date="2024-07-18", ref=ref, place=(5, 100.0 + 50 * n))
              for n, (m, ref) in enumerate(zip(MEMORIAL, report_refs))]
    restated = entry("s", "response", MEMORIAL[1].text, document_kind="evidence", place=(1, 100.0), ref="4a)ii.")
    page = (f"4a) ii. {MEMORIAL[1].text} 4a) ii. On 26 November the Council published its findings. This would "
            "meet recommendation 4a) i. A consultation on the design opened.")
    answer = replace(entry("a", "response", "The Council will use the findings of the consultation to choose a site.",
                           document_kind="evidence", kind="commitment", place=(1, 300.0)), before=page)
    links = pairs(find_links([*report, restated, answer]))
    assert {(a, b) for a, b, relation in links if relation == "response"} == {("m2", "a"), ("m1", "a")}
    unnamed = replace(answer, before=page.replace("This would meet recommendation 4a) i.", ""))
    assert {(a, b) for a, b, relation in pairs(find_links([*report, restated, unnamed])) if relation == "response"} == {
        ("m2", "a")}


def test_a_promise_naming_the_recommendations_it_answers_by_subject_answers_the_one_it_speaks_of():
    """Far below 4.2 and 4.7 (under a conclusion that is no recommendation), 'We will consider the
    recommendations about the mobile library fleet' answers 4.7, whose words it shares; a promise
    that names no recommendation, or one whose words two share alike, answers none."""
    far = (1 + AWAITED_PAGES + 3, 200.0)
    restated = [("recommendation", OPENING_HOURS, (1, 100.0)), ("recommendation", FLEET, (1, 300.0))]
    refers = "We will consider the recommendations about the report on the condition of the mobile library fleet."
    assert answered(*restated, ("commitment", refers, far)) == {("r2", "s2")}
    assert answered(*restated, ("commitment", refers.replace("recommendations about", "findings on"), far)) == set()
    both = "We will consider the recommendations on the library."
    assert answered(*restated, ("commitment", both, far)) == set()


def test_the_first_promise_of_a_paragraph_speaking_of_one_recommendation_alone_answers_it():
    """27 and 28 restated together, then a paragraph whose first promise has words of 27 alone and
    whose second has many of 28's: the first answers 27, by its own words, the second 28 (by the
    paragraph's). A promise not known to open its paragraph goes by the paragraph's words."""
    restated = [entry(f"s{n}", "response", k.text, document_kind="evidence", place=(1, 100.0 + 50 * n), ref=k.ref)
                for n, k in enumerate(SPACE)]
    first = "We will consult on visas for skilled workers from overseas."
    second = "We will fund PhD studentships and apprenticeships to develop homegrown space talent in every region."
    paragraph = (1, 300.0)

    def answers(before_second):
        promises = [replace(entry("a", "response", first, document_kind="evidence", kind="commitment",
                                  place=paragraph), before="The Government's account."),
                    replace(entry("b", "response", second, document_kind="evidence", kind="commitment",
                                  place=paragraph), before=before_second)]
        return {(a, b) for a, b, relation in pairs(find_links([*SPACE, *restated, *promises])) if relation == "response"}

    assert answers(f"The Government's account. {first}") == {("k1", "a"), ("k2", "b")}
    assert answers("The Government's account.") == {("k2", "a"), ("k2", "b")}


def test_a_nations_adjective_is_its_name():
    """'The Scottish Government will ...' answers the part that names Scotland, not the first part."""
    report = [entry("n1", "report", "A statutory duty of candour should be introduced in Northern Ireland.",
                    date="2024-07-18", ref="4(a)"),
              entry("n2", "report", "The duties of candour in Scotland and in Wales should be reviewed by 2026.",
                    date="2024-07-18", ref="4(b)")]
    answer = ("commitment", "The Scottish Government will commence its review in the first half of 2025.", (1, 300.0))
    assert _lettered_response(answer, refs=("4a", "4b"), report=report) == {("n2", "s2")}


def test_a_short_row_printed_word_for_word_in_the_next_log_of_a_series_is_carried():
    """'Review for next meeting' has too few words to link by, but printed once in each of two logs
    of one series (the later carries another row of the earlier) it is the row carried; in two logs
    that carry nothing of each other it is not linked."""
    carried = "Refine the benefits case for the flood data release in light of the group's comments"
    may = [entry("a1", "log-may", carried, kind="action", document_kind="minutes", date="2013-05-14"),
           entry("a2", "log-may", "Review for next meeting", kind="action", document_kind="minutes", date="2013-05-14")]
    july = [entry("b1", "log-july", carried, kind="action", document_kind="minutes", date="2013-07-19"),
            entry("b2", "log-july", "Review for next meeting", kind="action", document_kind="minutes", date="2013-07-19")]
    assert pairs(find_links(may + july)) == {("a1", "b1", "progress"), ("a2", "b2", "progress")}
    assert find_links([may[1], july[1]]) == []


DENTAL = [
    entry("d1", "report", "A register of dental practices should be set up in Northern Ireland.", date="2024-07-18",
          ref="2(a)"),
    entry("d2", "report", "The dental lists kept in Scotland and in Wales should be reviewed each year.", date="2024-07-18",
          ref="2(b)"),
]


def _governments_answer(*answers):
    """The response links of a response restating DENTAL's two parts on page 1, then answering with
    (text, what its page prints above it below the parts)."""
    restated = " ".join(d.text for d in DENTAL)
    items = [entry(f"s{n}", "response", d.text, document_kind="evidence", place=(1, 100.0 + n), ref=f"2{'ab'[n]}")
             for n, d in enumerate(DENTAL)]
    items += [replace(entry(f"s{n + 2}", "response", text, kind="commitment", document_kind="evidence",
                            place=(1, 300.0 + 100 * n)), before=f"{restated} {above}".strip())
              for n, (text, above) in enumerate(answers)]
    return {(a, b) for a, b, relation in pairs(find_links([*DENTAL, *items])) if relation == "response"}


def test_an_answer_under_a_governments_heading_answers_the_part_naming_its_country():
    """A response answered by several governments under their headings: the Scottish Government's
    answer answers 2(b), on Scotland and Wales, though it shares no word with either part; one that
    opens with the Welsh Government answers 2(b) too, though it shares 'register' with 2(a)."""
    assert _governments_answer(
        ("The Executive will consult on the register this spring.", "Northern Ireland Executive"),
        ("Revised guidance is due to be published shortly.",
         ("Northern Ireland Executive The Executive will consult on the register this spring. Scottish Government "
          "The regulations set out the procedure.")),
        ("The Welsh Government will commission an evaluation of the register.", "Revised guidance is due.")
    ) == {("d1", "s2"), ("d2", "s3"), ("d2", "s4")}
    # a government named in a sentence is no heading; a country not named as a place is not named
    assert _governments_answer(
        ("The Executive will consult on the register this spring.", "Northern Ireland Executive"),
        ("Revised guidance is due to be published shortly.", "It was agreed with the Scottish Government today.")
    ) == {("d1", "s2"), ("d1", "s3")}


def test_a_part_named_above_a_governments_heading_is_named_in_another_governments_answer():
    """'... in line with recommendation 2a). Welsh Government': the name ends the answer above; the
    answer under the heading answers the part naming Wales."""
    assert _governments_answer(
        ("The Executive will consult on the register this spring.", "Northern Ireland Executive"),
        ("Boards have been asked to confirm adherence.",
         "Practices will register in line with recommendation 2a). Welsh Government")
    ) == {("d1", "s2"), ("d2", "s3")}


def test_a_run_of_numerals_named_above_an_answer_names_each_part_of_it():
    """'In relation to 6a) ii-iii, ...' above an answer: it answers 6a) ii. and 6a) iii., not 6a) ii. alone."""
    texts = ("Every clinic should audit the satisfaction of its patients each year.",
             "The patient charities should receive funding for advocacy work.",
             "Other support groups should be funded for at least the next two years.")
    report = [entry(f"p{n}", "report", text, date="2024-07-18", ref=f"({'i' * (n + 1)})") for n, text in enumerate(texts)]
    items = [entry(f"s{n}", "response", text, document_kind="evidence", place=(1, 100.0 + n), ref=f"6a) {'i' * (n + 1)}.")
             for n, text in enumerate(texts)]
    answer = "By the spring we will have a clearer picture of activity across the country."
    items.append(replace(entry("s3", "response", answer, kind="commitment", document_kind="evidence", place=(1, 300.0)),
                         before=" ".join(texts) + " In relation to 6a) ii-iii, work is under way to review the support."))
    assert {(a, b) for a, b, relation in pairs(find_links([*report, *items])) if relation == "response"} == {
        ("p1", "s3"), ("p2", "s3")}


def test_a_promise_that_asks_again_restates_the_recommendation():
    """A response that prints a recommendation word for word ('... should ...'), read as a promise,
    restates it; a promise that agrees to it answers it."""
    report = entry("r", "report", FLEET, date="2024-07-18", ref="4.7")
    copy = entry("c", "response", FLEET, date="2024-12", document_kind="evidence", kind="commitment")
    agrees = replace(copy, text="We agree that the Cabinet Member should publish the report, and will do so in May.")
    assert relation(report, copy) == "restated"
    assert relation(report, agrees) == "response"
    assert pairs(find_links([report, copy])) == {("r", "c", "restated")}
