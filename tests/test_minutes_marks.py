"""Minutes' points that name who acts at their end ("..., action Jon.", "c/f action Mick"), and the
bullets of Word's symbol fonts as text extraction spells them ("o", "Ø •", "§"). The annotators' notes:
"Inline ', action X' and 'c/f action X' markers give the owner X. The text is the bullet's task words
with the marker removed.\""""
from __future__ import annotations

from datetime import date

import pytest

from onrecord import nlp
from onrecord.nlp.blocks import blocks, marker
from onrecord.nlp.prose import prose_items

from .test_nlp import document

MEETING = date(2013, 10, 8)


@pytest.mark.parametrize("line,key", [
    ("Ø • Mick reported that the club had a meeting this week.", "bullet"),
    ("o Mags gave an update for the remainder of the work.", "bullet"),
    ("§ Karen to email round existing rates.", "bullet"),
    ("➢ The Clerk to write to the council.", "bullet"),
    # a section of an Act, a word, a lower-case run-on: not bullets
    ("§ 12 of the Act applies.", None),
    ("o and the rest were agreed.", None),
    ("obviously nothing was done.", None),
])
def test_word_symbol_bullets_open_a_list_entry(line, key):
    assert marker(line)[0] == key


def test_each_symbol_bullet_is_a_paragraph_of_its_own():
    lines = ["4. Football club costing", "Ø • Mick reported that the club had a meeting this week.",
             "Ø • Clive is talking about taking over the cleaning after matches.",
             "o A thank you to the playgroup for the contribution, action Jon."]
    found = blocks(document(lines, kind="minutes"))
    assert [b.body for b in found[1:]] == ["Mick reported that the club had a meeting this week.",
                                           "Clive is talking about taking over the cleaning after matches.",
                                           "A thank you to the playgroup for the contribution, action Jon."]


def minutes_items(lines: list[str]) -> list[tuple[str, list[str]]]:
    doc = document(lines, kind="minutes")
    return [(i.text, i.owners) for i in prose_items(blocks(doc), "minutes", MEETING) if i.kind == "action"]


def test_a_point_closed_by_an_action_marker_is_an_action_of_its_words_without_the_marker():
    lines = ["6. Health and safety progress",
             "• Car park sign and shelf in cleaner's cupboard are done.",
             "• Replacement sink No progress?, c/f action Jon.",
             "• Ceiling leak in disabled toilet. Mags had asked Dave to look at this, action Mags to check.",
             "• PAT testing and boiler service all done in summer holidays."]
    assert minutes_items(lines) == [
        ("Replacement sink No progress?", ["Jon"]),
        # "to check" says what to do: the marker stays
        ("Ceiling leak in disabled toilet. Mags had asked Dave to look at this, action Mags to check.", ["Mags"]),
    ]


def test_a_marker_inside_a_point_or_after_a_sentence_that_reads_alone_gives_that_sentence():
    lines = ["9. A.O.B",
             ("• The pavilion cleaner has given up. Ask Celia if she would consider the foyer cleaning, "
              "action Mags. Changing room cleaning is being considered by the club."),
             ("• Mags raised difficulty in getting volunteers. Need to bear this in mind when rates are "
              "reviewed. Karen to email round existing rates, action Karen.")]
    assert minutes_items(lines) == [
        ("Ask Celia if she would consider the foyer cleaning", ["Mags"]),
        ("Karen to email round existing rates", ["Karen"]),
    ]


def test_the_bullet_after_a_marked_point_is_not_taken_into_it():
    lines = ["7. Fencing project",
             "• A thank you to the playgroup for the contribution towards the fence, action Jon.",
             "• Hilary's blinds and EJ Blinds had done quotes for blinds for the new doors."]
    assert minutes_items(lines) == [("A thank you to the playgroup for the contribution towards the fence", ["Jon"])]


def test_a_report_has_no_inline_action_markers():
    doc = document(["• The council replaced the sink last year, action Jon."], kind="report")
    assert not [i for i in prose_items(blocks(doc), "report", MEETING) if i.kind == "action"]


def test_the_trained_decision_keeps_marked_points_of_minutes():
    lines = ["HORSLEY VILLAGE HALL", "Minutes of the Village Hall Management Committee held on 8 October 2013",
             "6. Health and safety progress",
             "• Replacement sink No progress?, c/f action Jon.",
             "• Potential asbestos outside: the firm has not yet been able to come, action Karen to chase."]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.kind, i.owners) for i in items] == [("action", ["Jon"]), ("action", ["Karen"])]


def test_a_due_line_after_a_blank_line_is_the_actions_deadline():
    # transparency_board_minutes_2011-07-19: "Due: September" a paragraph below its action
    lines = ["International update", "Action: A meeting between MCO, DFID and FCO to be arranged to explore",
             "how foreign aid funding could be used.", "", "Due: September", "Sector Board update"]
    found = prose_items(blocks(document(lines, kind="minutes")), "minutes", date(2011, 7, 19))
    assert [(i.kind, i.due_date) for i in found] == [("action", "2011-09")]


def test_a_sentence_opened_by_a_participle_names_no_one_so_the_marked_point_is_whole():
    # "Aiming to achieve, ..." is not "Karen to email ...": the point's words before it, and their date, are the action's
    lines = ["7. Grant",
             ("• Timescale for the work - within 12 months of the grant arriving, approx 14.03.13. Aiming to achieve,"
              " Mags has the final report to send back when finished, action Mags.")]
    found = prose_items(blocks(document(lines, kind="minutes")), "minutes", MEETING)
    assert [(i.text[:20], i.owners, i.due_date) for i in found] == [("Timescale for the wo", ["Mags"], "2013-03-14")]
