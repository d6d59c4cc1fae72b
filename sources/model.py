"""Plain data classes for what a meeting system says: committees, meetings, papers, decisions."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Committee:
    native_id: str  # the site's own id
    title: str
    category: str | None = None
    expired: bool = False
    deleted: bool = False
    url: str | None = None


@dataclass
class Paper:
    """A document linked to a meeting, to be downloaded and ingested."""

    url: str
    title: str
    key: str | None = None  # the site's stable id for it (Modern.Gov attachmentid), if it has one
    published_date: str | None = None  # ISO
    restricted: bool = False


@dataclass
class Decision:
    """A decision or minute published as text in the meeting system, under one agenda item."""

    ref: str  # the agenda item's number as displayed, e.g. "4."
    title: str
    text: str
    decided_by: str  # the committee, or the decision maker for an officer decision
    decision_date: str | None = None  # ISO
    published_date: str | None = None  # ISO
    at_meeting: bool = False  # "Decided at meeting": it is read with its meeting too


@dataclass
class Delegated:
    """A decision taken outside a meeting (an officer's or a cabinet member's), on a page of its own."""

    url: str
    title: str
    published_date: str | None = None  # ISO, as the list of decisions gives it


@dataclass
class Meeting:
    native_id: str
    committee: str  # the committee's native id
    date: str | None = None  # ISO
    time: str | None = None  # HH:MM, 24 hours
    status: str | None = None  # as the site says: Confirmed, Cancelled, Scheduled, ...
    location: str | None = None
    url: str | None = None  # the page or service call that describes it
    papers: list[Paper] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    restricted: int = 0  # restricted agenda items and papers, never fetched

    def stub(self) -> tuple:
        """What a listing says about the meeting, to see whether it changed since it was fetched."""
        return (self.date, self.time, self.status)
