"""Owners found when first looked at (nlp/late_owners.py): the same owners, parsed together."""
from __future__ import annotations

from onrecord.nlp import parse
from onrecord.nlp.addressees import owners_of
from onrecord.nlp.blocks import Block
from onrecord.nlp.late_owners import LateOwners, settle
from onrecord.nlp.prose import prose_items
from onrecord.nlp.statement_owners import statement_owners

from .test_nlp import needs_model


def _late(owners: list[str], asked: list[str]) -> LateOwners:
    def find() -> list[str]:
        asked.append("found")
        return list(owners)

    return LateOwners(find, ["The Council should act."])


def test_late_owners_are_found_once_when_first_read():
    asked: list[str] = []
    owners = _late(["The Council", "NHS England"], asked)
    assert asked == [] and owners.waiting
    assert bool(owners) and len(owners) == 2  # truth and length read them
    assert [*owners] == ["The Council", "NHS England"] == owners
    assert owners[0] == "The Council" and "NHS England" in owners and next(reversed(owners)) == "NHS England"
    assert asked == ["found"] and not owners.waiting


def test_late_owners_are_found_before_they_are_changed():
    for change in (lambda o: o.append("Ofsted"), lambda o: o.extend(["Ofsted"]), lambda o: o.__iadd__(["Ofsted"]),
                   lambda o: o.insert(1, "Ofsted")):
        owners = _late(["The Council"], [])
        change(owners)
        assert sorted(owners) == ["Ofsted", "The Council"]
    owners = _late(["The Council"], [])
    owners.clear()
    assert owners == [] and not owners.waiting


def test_an_empty_late_list_reads_as_no_owners():
    asked: list[str] = []
    owners = _late([], asked)
    assert not owners and asked == ["found"] and list(owners) == []


@needs_model
def test_settle_parses_the_waiting_sentences_together_and_finds_their_owners():
    sentence = "The Harbour Board should publish a dredging plan for the estuary."
    parse._parsed.pop(sentence, None)
    owners = LateOwners(lambda: owners_of(sentence) or [], parse.unparsed([sentence]))
    assert owners.sentences == [sentence] and owners.waiting
    settle([owners])
    assert not owners.waiting and sentence in parse._parsed
    assert owners == ["The Harbour Board"]
    assert parse.unparsed([sentence]) == []  # parsed: a later question finds it


@needs_model
def test_prose_items_owners_are_plain_lists_and_as_the_statement_reads_them():
    texts = ["Recommendations",
             "1. The Harbour Board should publish a dredging plan for the estuary by March 2027.",
             "2. The Ferry Company and the Port Authority should agree a timetable for the winter crossings."]
    blocks = [Block(text=texts[0], page=1)] + [Block(text=t, page=1, marker="number", ref=t[0]) for t in texts[1:]]
    items = prose_items(blocks, "report", None)
    assert [type(item.owners) for item in items] == [list, list]
    assert [item.owners for item in items] == [statement_owners(item.text, "recommendation", "The government")
                                               for item in items]
    assert items[0].owners == ["The Harbour Board"]
