"""Plain data classes that the nlp stage hands to the db stage."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from onrecord.ingest.model import BBox

KINDS = ("recommendation", "action", "decision", "commitment")
# How a later item bears on an earlier one: links.relation.
RESTATED, RESPONSE, PROGRESS = "restated", "response", "progress"
RELATIONS = (RESTATED, RESPONSE, PROGRESS)


@dataclass
class Item:
    """One statement in which a party is asked, directed or promises to do something."""

    kind: str  # one of KINDS
    text: str
    page: int | None = None
    ref: str = ""
    owners: list[str] = field(default_factory=list)  # as printed
    canonical: list[str] = field(default_factory=list)  # canonical name of each owner, same order
    due: str = ""  # as printed
    due_date: str | None = None  # ISO prefix at the printed precision
    status: str | None = None
    method: str = "prose"  # table, numbered, prose, minutes
    confidence: float = 0.5
    bbox: BBox | None = None
    verdict: str | None = None  # a response's verdict on a recommendation it restates, normalised
    verdict_printed: str | None = None  # that verdict as printed
    # (page, bottom) of each other place the statement is printed, merged into this item: a promise
    # printed under three recommendations answers each of them
    copies: list[tuple[int, float]] = field(default_factory=list)

    def gold(self) -> dict:
        """The item in the shape of ../shared/gold/*.jsonl items."""
        return {
            "kind": self.kind,
            "ref": self.ref,
            "page": self.page,
            "text": self.text,
            "owners": list(self.owners),
            "due": self.due,
            "due_date": self.due_date,
        }

    def asdict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Entry:
    """What linking needs to know of one stored item."""

    id: str
    document: str
    date: str | None  # the paper's date, ISO at the precision printed
    document_kind: str | None  # report, evidence, minutes
    kind: str  # recommendation, action, decision, commitment
    ref: str
    text: str
    place: tuple[int, float] | None = None  # (page, y) where the item ends on the page, if known
    due: str = ""  # as printed
    due_date: str | None = None  # ISO prefix at the printed precision
    copies: tuple[tuple[int, float], ...] = ()  # the other places where the item is printed (Item.copies)
    # the text printed above the item on its page (its last refs.BEFORE letters, spaces collapsed): where
    # a response's answer is introduced by the part it answers ('In response to 3b, ...')
    before: str = ""


@dataclass(frozen=True)
class Link:
    """The earlier item `item_from` is restated, answered or reported on by the later `item_to`."""

    item_from: str
    item_to: str
    relation: str  # restated, response, progress
    score: float
    due_changed: bool | None = None  # restated or progress: whether the later paper moved the deadline
