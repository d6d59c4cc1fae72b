"""A recommendation told again in running text ("The Review recommends that ...") is the listed one."""
from __future__ import annotations

from onrecord.nlp.merge import merge
from onrecord.nlp.model import Item

LISTED = "The Department should hold a national flood exercise every three years and publish its findings."


def _rec(text: str, page: int, ref: str = "") -> Item:
    return Item(kind="recommendation", text=text, page=page, ref=ref)


def test_a_recommendation_told_again_in_a_chapter_merges_with_the_listed_one():
    told = _rec("The Review recommends that the Department hold a national flood exercise at least every three "
                "years, testing every stage of the response.", 40, "5.90")
    assert len(merge([_rec(LISTED, 3, "R6"), told])) == 1


def test_two_listed_recommendations_alike_in_words_stay_two():
    other = _rec("The Department should hold a regional drought exercise every two years and report to "
                 "Parliament on the lessons.", 3, "R7")
    assert len(merge([_rec(LISTED, 3, "R6"), other])) == 2


def test_a_shorter_copy_within_a_longer_one_merges_into_it():
    short = _rec("The Department should publish the findings of each national flood exercise.", 3)
    longer = _rec("The Department should publish the findings of each national flood exercise, with the "
                  "actions it will take and when, within three months of the exercise ending, and the "
                  "local resilience forums should report on them.", 9)
    (kept,) = merge([short, longer])
    assert kept.text == longer.text
