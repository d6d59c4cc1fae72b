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


def test_of_two_years_in_prose_the_later_is_the_deadline():
    assert find_due("It will be rolled out over the course of 2025 and 2026.", date(2024, 6, 1), prose=True) == (
        "course of 2025 and 2026", "2026")


def test_a_year_in_prose_still_needs_a_cue():
    assert find_due("The 2027 strategy was published last year.", date(2024, 6, 1), prose=True) == ("", None)


@pytest.mark.parametrize("text, expected", [
    # a past event's date, told by its participle, is no deadline
    (("In light of the Partnership signed between the UK and the EU in May 2025, the Government should explore "
      "whether to re-join Galileo."), ("", None)),
    ("Wales will further review staffing once the system has been rolled out in 2025.", ("", None)),
    (("The Plan, published in March 2024, promised the publication of a National Space Capability Development Plan "
      "by Autumn 2024. It must not be delayed past the end of this year."), ("past the end of this year", None)),
    # an event that comes first is no deadline either
    ("The Minister will implement a duty of candour following the closure of a consultation in March 2026.", ("", None)),
    # but after "be" it is one to come
    ("The strategy will be published in March 2026.", ("March 2026", "2026-03")),
    ("The new scheme is to be launched in April 2026.", ("April 2026", "2026-04")),
    ("The plan, agreed by Cabinet, will be delivered in 2026.", ("in 2026", "2026")),
])
def test_in_prose_a_past_events_date_is_not_a_deadline(text, expected):
    assert find_due(text, None, prose=True) == expected


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


@pytest.mark.parametrize("cell", [
    "Commenced October 2024", "Commenced Oct 24", "commenced 2024",  # when work started
    "As at End August 2024",  # a snapshot of a measure
    "2027 onwards",  # the start of an open period
])
def test_a_start_or_snapshot_date_is_not_a_deadline(cell):
    assert cell_due(cell, date(2025, 1, 1)) == ("", None)
    assert find_due(f"Review the service. {cell}.", date(2025, 1, 1))[1] is None


def test_a_start_date_beside_deadlines_leaves_the_deadlines_and_from_still_gives_a_date():
    assert cell_due("Ongoing; Oct 2025; Commenced Oct 2026; March 2025", date(2025, 1, 1))[1] == "2025-10"
    assert cell_due("From May 2011", date(2011, 5, 19))[1] == "2011-05"


@pytest.mark.parametrize("text, reference, expected", [
    # a response of January 2026: the spring is that of 2026
    ("Specific plans will be produced in the spring space publication.", date(2026, 1, 1), ("in the spring", "2026")),
    ("We intend to set out our approach in the forthcoming Spring publication on space.", date(2026, 1, 1),
     ("in the forthcoming Spring", "2026")),
    # minutes of July: "over the summer" is this summer, "in the spring" the next one
    ("A consultation will be run over the summer.", date(2011, 7, 19), ("over the summer", "2011")),
    ("The report will be published in the spring.", date(2011, 7, 19), ("in the spring", "2012")),
    ("The strategy will be published in the spring.", None, ("in the spring", None)),  # an undated paper
])
def test_a_season_without_its_year_in_prose_is_the_next_such_season_at_year_precision(text, reference, expected):
    assert find_due(text, reference, prose=True) == expected


def test_a_season_with_its_year_needs_only_a_plan_to_be_a_deadline_in_prose():
    text = "Clarity on this funding will be provided in a publication planned for Spring 2026."
    assert find_due(text, date(2026, 1, 1), prose=True) == ("Spring 2026", "2026")


@pytest.mark.parametrize("text", [
    "Provide advice that can be incorporated into recommendations for the March County Council.",
    "AGREE that a further report come to the Committee ahead of the March County Council.",
    "Bring the revised plan to the March meeting.",
])
def test_a_meeting_named_by_its_month_is_the_next_such_month(text):
    assert find_due(text, date(2024, 12, 5), prose=True)[1] == "2025-03"
    assert find_due("The group noted the March of the Kings.", date(2024, 12, 5), prose=True) == ("", None)


def test_a_period_counted_from_an_undated_event_has_no_date_but_one_from_the_paper_has():
    for text, printed in [
        ("The Government should report on the Centre after three years of operation.", "after three years"),
        ("Publish a report within three months of the conclusion of the exercise.", "within three months"),
        ("Within two years of the Act coming into force, review its operation.", "Within two years"),
    ]:
        assert find_due(text, date(2025, 11, 4), prose=True) == (printed, None)
    text = "The governments should publish a strategy within 12 months of the publication of this Report."
    assert find_due(text, date(2024, 7, 18), prose=True) == ("within 12 months", "2025-07")
    assert find_due("Review it within six months of this meeting.", date(2024, 7, 18), prose=True)[1] == "2025-01"


def test_in_the_next_years_is_a_span_but_within_the_next_months_a_deadline():
    text = "The plan should give the expenditure on each capability area in the next ten years."
    assert find_due(text, date(2025, 11, 4), prose=True) == ("in the next ten years", None)
    assert find_due("Within the next 12 months, the Government should consider them.", date(2024, 5, 20),
                    prose=True) == ("Within the next 12 months", "2025-05")


def test_not_past_the_end_of_this_year_is_this_years_deadline():
    text = "The Plan must not be delayed past the end of this year."
    assert find_due(text, date(2025, 11, 4), prose=True)[1] == "2025"
    # a PDF's text that lost the space after "of"
    assert find_due("It must not be delayed past the end ofthis year.", date(2025, 11, 4), prose=True) == (
        "past the end ofthis year", "2025")
    assert find_due("by the end ofthe month", date(2025, 11, 4), prose=True)[1] == "2025-11"


def test_a_header_word_broken_across_two_lines_still_names_its_column():
    from onrecord.ingest.model import Document, Page, Table
    from onrecord.nlp.tables import table_items

    table = Table(rows=[["What we have committed to", "Led by", "Timescal e", "Measure"],
                        ["Support and enhance our prevention offer.", "PH Consultant", "March 2026", "New models"]])
    doc = Document(path="t.pdf", id="0" * 64, format="pdf", pages=[Page(number=1, tables=[table])])
    items, _ = table_items(doc, None)
    assert [(i.due, i.due_date) for i in items] == [("March 2026", "2026-03")]


def test_a_cut_off_at_midnight_is_a_deadline():
    text = "No claims for financial redress under HSS shall be entertained after midnight 27 November 2025."
    assert find_due(text, date(2025, 7, 8), prose=True) == ("27 November 2025", "2025-11-27")


@pytest.mark.parametrize("text, expected", [
    # a date that ends a promise is its deadline, with no cue before it
    (("Organisations will be fully supported with the preparation for the formal Go Live of the People's "
      "Experience Survey April 2025."), ("April 2025", "2025-04")),
    ("We will report to the Board, March 2025.", ("March 2025", "2025-03")),
    # but not another thing's date, a period beyond it, or a date in a sentence that promises nothing
    ("The Council will consider the report of 12 March 2025.", ("", None)),
    ("The Council will consider the report dated March 2025.", ("", None)),
    ("UKRI will work with UKSA to explore support for this beyond March 2026.", ("", None)),
    ("The panel will meet. It met March 2025.", ("", None)),
])
def test_in_prose_a_date_that_ends_a_promise_is_its_deadline(text, expected):
    assert find_due(text, date(2024, 12, 17), prose=True) == expected


@pytest.mark.parametrize("text, expected", [
    ("Funding of approx. £85m across the 5-year period to end of FY27/28.", ("FY27/28", "2028-03")),
    ("to be delivered in FY 2027-28", ("FY 2027-28", "2028-03")),
    ("The pupils scored 24/25 in the test.", ("", None)),  # two digits without "FY" are not a year
    ("FY24/26", ("", None)),  # not one financial year
])
def test_a_financial_year_written_with_two_digits_after_fy(text, expected):
    assert find_due(text, date(2026, 1, 1), prose=True) == expected


def test_a_deadline_is_found_once_per_text():
    """A statement is asked about as a rule's item, a candidate and a merged item: read once."""
    text, reference = "The Council will publish its plan by March 2031 (asked twice).", date(2030, 5, 1)
    first = find_due(text, reference, prose=True)
    hits = find_due.cache_info().hits
    assert find_due(text, reference, prose=True) == first == ("March 2031", "2031-03")
    assert find_due.cache_info().hits == hits + 1


@pytest.mark.parametrize("text, expected", [
    # a spending window is due at its end, not at its first year
    ("We will spend £20 million on new bus lanes in the period from 2019/20 to 2022/23.",
     ("2019/20 to 2022/23", "2023-03")),
    ("The grant will be paid from 2024/25-2026/27.", ("2024/25-2026/27", "2027-03")),
    ("Funding was set for 2024/25 to 2023/24.", ("", None)),  # a span that runs backwards is no deadline
])
def test_a_span_of_financial_years_is_due_at_its_end(text, expected):
    assert find_due(text, date(2019, 1, 1), prose=True) == expected


def test_a_span_of_financial_years_yields_to_a_deadline_the_text_gives():
    text = ("We have allocated £3 billion from 2025/26 to 2029/30; how this will be spent "
            "will be set out in Spring 2026.")
    assert find_due(text, date(2026, 1, 1), prose=True) == ("Spring 2026", "2026")


def test_the_date_a_period_from_an_undated_event_comes_to_is_its_deadline_as_printed():
    text = "Timescale for the work - within 12 months of the grant arriving, approx 14.03.19. Sam to report."
    assert find_due(text, date(2019, 6, 2), prose=True) == ("14.03.19", "2019-03-14")  # as printed, though past
    text = "The hub will open within six months of the lease being signed (i.e. March 2026)."
    assert find_due(text, date(2025, 7, 1), prose=True) == ("March 2026", "2026-03")
    # a date not in apposition to such a period is still a past event's
    text = "Within 12 months of the grant arriving. We met on 14.03.19 to agree it."
    assert find_due(text, date(2019, 6, 2), prose=True) == ("Within 12 months", None)
