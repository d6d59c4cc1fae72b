"""Deadlines as printed in cells and prose, normalised to an ISO prefix."""
from datetime import date

import pytest

from nlp.dates import cell_due, find_due


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
