"""A response's promise whose deadline the next sentence prints takes that sentence and its date."""
from __future__ import annotations

from datetime import date

from onrecord.nlp.blocks import Block
from onrecord.nlp.promises import commitments

REFERENCE = date(2024, 12, 1)


def _items(text: str):
    return commitments(Block(text=text, page=3), "The Government", REFERENCE)


def test_the_date_in_the_sentence_after_a_promise_is_its_deadline():
    items = _items("Further regulations will follow to extend the Scheme to the affected cohort. The Government "
                   "intends for these regulations to be in force by 31 March 2025.")
    assert len(items) == 1
    assert items[0].text.endswith("to be in force by 31 March 2025.")
    assert (items[0].due, items[0].due_date) == ("31 March 2025", "2025-03-31")


def test_a_sentence_after_that_promises_on_its_own_keeps_its_date():
    items = _items("Further regulations will follow to extend the Scheme to the affected cohort. The Department "
                   "will publish guidance for claimants by May 2025.")
    assert [i.due_date for i in items] == [None, "2025-05"]
    assert not items[0].text.endswith("by May 2025.")


def test_a_past_event_after_a_promise_gives_no_deadline():
    items = _items("Further regulations will follow to extend the Scheme to the affected cohort. The first part "
                   "of the Scheme came into force on 24 August 2024.")
    assert [(i.due_date, i.text.endswith("cohort.")) for i in items] == [(None, True)]
