"""Deadlines as printed in cells and prose, normalised to an ISO prefix."""
from datetime import date

import pytest

from onrecord.nlp.dates import cell_due, find_due, next_meeting


@pytest.mark.parametrize("text, expected", [
    ("Mar\u20102011", ("Mar\u20102011", "2011-03")),  # a Unicode hyphen
    ("by end of Jan\u20132026", ("Jan\u20132026", "2026-01")),  # an en dash
    ("Funded to March \u201825", ("March \u201825", "2025-03")),  # a curly quote for the century
])
def test_dashes_and_quotes_of_any_kind(text, expected):
    assert find_due(text) == expected


@pytest.mark.parametrize("cell, expected", [
    ("2027", ("2027", "2027")),
    ("2024-2029", ("2024-2029", "2029")),
    ("2025 to 2026", ("2025 to 2026", "2026")),
    ("Strategy is 2022-2027; March 2025", ("Strategy is 2022-2027; March 2025", "2027")),
    ("March 2026", ("March 2026", "2026-03")),  # a month of the latest year stays a month
    ("2024/25", ("2024/25", "2025-03")),  # a financial year is not two years
    ("31/03/2025", ("31/03/2025", "2025-03-31")),
])
def test_a_deadline_cell_of_years_ends_with_the_latest(cell, expected):
    assert cell_due(cell, date(2024, 6, 1)) == expected


def test_a_year_in_prose_still_needs_a_cue():
    assert find_due("The 2027 strategy was published last year.", date(2024, 6, 1), prose=True) == ("", None)


@pytest.mark.parametrize("text, expected", [
    ("MoJ to share briefing on EU work. Due: August", ("Due: August", "2011-08")),
    ("Team to circulate the tracker. Deadline: September", ("Deadline: September", "2011-09")),
])
def test_a_labelled_month_is_a_deadline(text, expected):
    assert find_due(text, date(2011, 7, 19), prose=True) == expected


@pytest.mark.parametrize("cell", ["to be confirmed", "To be agreed", "TBC"])
def test_a_deadline_still_to_be_set_is_printed_but_has_no_date(cell):
    assert cell_due(cell, date(2011, 7, 19)) == (cell, None)


def test_a_month_in_prose_is_the_next_such_month_but_a_log_cell_keeps_the_papers_year():
    # minutes of December 2024: "in time for the March County Council" is March 2025
    assert find_due("finalise it in time for the March County Council", date(2024, 12, 5), prose=True)[1] == "2025-03"
    # an action log of September 2011 reports on actions due in March of that year
    assert find_due("by March", date(2011, 9, 1))[1] == "2011-03"


def test_the_next_meeting_has_the_date_the_paper_gives():
    minutes = "Actions\nLGA to do a presentation at the next meeting.\nDate of next Panel meeting: Wednesday 18th December 2013"
    assert next_meeting(minutes, date(2013, 10, 17)) == "2013-12-18"
    assert next_meeting("LGA to report back to the next meeting.", date(2013, 10, 17)) is None
