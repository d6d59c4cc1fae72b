"""A motion's parts and the resolution that restates them are one decision each (annot-d: "A motion and
its identical RESOLVED restatement count as ONE item"; the motion and amendment texts are drafts)."""
from __future__ import annotations

from onrecord.nlp.merge import merge
from onrecord.nlp.model import Item


def _decision(text: str, ref: str, page: int, method: str = "minutes", owners: list[str] | None = None) -> Item:
    return Item(kind="decision", text=text, page=page, ref=ref, method=method, owners=owners or [])


def test_a_motions_part_merges_into_the_resolutions_part_that_restates_it():
    motion = _decision("Delegate authority to the Director of Highways to approve minor changes to the plan.",
                       "(iv)", 7)
    resolved = _decision("Delegates authority to the Director of Highways to approve minor changes to the plan.",
                         "3(iv)", 8, owners=["Director of Highways"])
    (kept,) = merge([motion, resolved])
    assert kept.text.startswith("Delegates") and kept.ref == "3(iv)" and kept.owners == ["Director of Highways"]


def test_an_amended_draft_merges_into_the_resolution_worded_a_little_differently():
    draft = _decision("If Recommendation 4 is passed, approve the relevant changes to the Constitution", "5", 12,
                      method="numbered")
    resolved = _decision("Approves the relevant changes to the Constitution.", "8(5)", 15, method="numbered")
    (kept,) = merge([draft, resolved])
    assert kept.text == resolved.text and kept.page == 15


def test_parts_of_two_resolutions_stay_two():
    first = _decision("Approves the revenue budget for 2025-26.", "8(3)", 4)
    second = _decision("Approves the capital programme for 2025-26 to 2027-28.", "9(3)", 6)
    other = _decision("Approves the revenue budget for 2025-26.", "4", 9)  # "4" is no part of "8(3)"
    assert len(merge([first, second])) == 2
    assert len(merge([first, other])) == 2


def test_numbered_resolutions_alike_in_words_stay_two():
    a = _decision("A resolution authorizing the Director of Port Control to enter into a lease.", "168-16", 3)
    b = _decision("A resolution authorizing the Director of Port Control to enter into a lease.", "169-16", 3)
    assert len(merge([a, b])) == 2


def test_a_discussions_lettered_point_merges_into_the_resolution_that_decides_it():
    # annot-d: the "key highlights" of a discussion, lettered "d)", are repeated as the resolutions: one item each
    told = _decision("The Planning Committee would be merged into the Environment Cabinet Committee.", "d)", 1)
    resolved = _decision("CONSOLIDATE the Planning Cabinet Committee into the Environment Cabinet Committee.", "6(b)", 2,
                         owners=["the Leader"])
    (kept,) = merge([told, resolved])
    assert kept.ref == "6(b)" and kept.owners == ["the Leader"]
