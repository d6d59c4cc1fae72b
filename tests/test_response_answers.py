"""A response's answers: a paragraph that holds more than one promise, and one promise made for two
sites or parties in words otherwise alike."""
from __future__ import annotations

from onrecord.ingest.model import Line
from onrecord.nlp.blocks import Block
from onrecord.nlp.candidates import candidates
from onrecord.nlp.merge import merge
from onrecord.nlp.model import Item


def _block(text: str, top: float = 100) -> Block:
    return Block(text=text, page=1, marker=None, lines=[Line(text, (50, top, 500, top + 10))])


def test_a_response_offers_the_sentences_beside_the_promise_the_rules_took():
    paragraph = _block("Delivery plans will be published on the Department's website later this year. Annual "
                       "updates from the first year of the programme will be available on the website in the Spring.")
    taken = Item(kind="commitment", text="Delivery plans will be published on the Department's website later this year.",
                 page=1, bbox=(50, 100, 500, 110))
    found = candidates([paragraph], [taken], "evidence", 1)
    assert [c.source for c in found] == ["rule", "sentence"]
    assert found[1].text.startswith("Annual updates from the first year")
    # in a report the paragraph is the rules' alone, as before
    assert [c.source for c in candidates([paragraph], [taken], "report", 1)] == ["rule"]


def _promise(text: str, page: int) -> Item:
    return Item(kind="commitment", text=text, page=page)


CDW = "Our network of Community Development Workers will work with families that are used to accessing services at {}" \
      " and support their transition."


def test_one_promise_for_two_sites_is_two_items():
    seashells, millmead = _promise(CDW.format("Seashells"), 3), _promise(CDW.format("Millmead"), 10)
    assert len(merge([seashells, millmead])) == 2
    # and each printed again (here with more words) is still one with its own
    fuller = _promise(CDW.format("Seashells").rstrip(".") + ", linking in with our SEND service as required.", 7)
    kept = merge([seashells, millmead, fuller])
    assert len(kept) == 2 and kept[0].text == fuller.text


def test_a_copy_worded_otherwise_at_its_start_still_merges():
    assert len(merge([_promise("DSIT will publish the plan for launch sites in the spring.", 3),
                      _promise("The Government will publish the plan for launch sites in the spring.", 9)])) == 1
