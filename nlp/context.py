"""What prose's rules know as they read a paper's paragraphs (`Context`), and the item a block makes
(`make`): its ref as printed, its owners (found late when their sentences await the parse: `find_owners`)
and its deadline. Shared by `nlp.prose` and the readings it hands blocks to (`nlp.recommending`,
`nlp.voice`, `nlp.resolutions`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from onrecord.nlp.blocks import Block
from onrecord.nlp.dates import prose_due
from onrecord.nlp.late_owners import LateOwners
from onrecord.nlp.model import Item
from onrecord.nlp.parse import unparsed
from onrecord.nlp.rules import rules
from onrecord.nlp.statement_owners import asked, statement_owners
from onrecord.nlp.statutes import Statutes

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}


def cues() -> dict[str, re.Pattern]:
    """The cue patterns the prose rules read by (`nlp/patterns/`, loaded once)."""
    return rules().cues


@dataclass
class Context:
    """What the rules know of the document and of where they are in it."""

    kind: str | None  # the document's kind: report, minutes, evidence, other
    reference: date | None  # the date relative deadlines count from
    responder: str  # who "we" is in a response
    in_recs: bool = False  # under a heading that announces recommendations
    parent: Item | None = None  # the last numbered item, for lettered sub-items
    open_rec: Item | None = None  # a "Recommendation N: title" whose text follows in blocks
    open_title: bool = False  # open_rec's text is still only its title
    open_lead: str = ""  # "As a minimum, the strategy should:", waiting to see what follows it
    last: Item | None = None  # the item of the block just read, for its bullets
    last_block: Block | None = None
    speaker: str = ""  # who gives the update a lettered list reports ("5. Mr R Thomas, ..., provided an update on the following:")
    last_glyph: str = ""  # the bullet that opened the last item's point: the same bullet opens the next point
    section: str = ""  # the last heading read
    answered: set[int] = field(default_factory=set)  # ids of numbered blocks a response answers
    decider: str = ""  # who decides in a record of decision ("As Cabinet Member for ... I agree to:")
    statutes: Statutes = field(default_factory=Statutes)  # a city record's ordinances and resolutions
    next_part: int = 0  # after "RESOLVED that Council:", the number its next numbered part must have
    resolution: Item | None = None  # "5) RESOLVED that:" whose words follow in paragraphs of their own
    late: list[LateOwners] = field(default_factory=list)  # items' owners to be found when looked at, or at the end
    reported_to: str = ""  # the party the last recommendation restated in reported form was put to


def make(ctx: Context, block: Block, kind: str, method: str, before: Block | None, text: str = "") -> Item:
    """The block's item, of its body or of the `text` given (its asking sentences)."""
    body = text or block.body
    ref = block.ref if block.marker in ("rec", "number", "resolved") else ""
    if block.marker == "rec":
        ref = NUMBER_WORDS.get(ref.lower(), ref)
    elif kind == "recommendation" and before is not None and block.marker is None:
        m = re.search(r"\brecommendation\s+(\w+)\b", before.text, re.IGNORECASE)
        if m and (m.group(1).isdigit() or m.group(1).lower() in NUMBER_WORDS):
            ref = NUMBER_WORDS.get(m.group(1).lower(), m.group(1))
    owners = find_owners(ctx, body, kind, before.text if before is not None else "")
    return Item(
        kind=kind, text=body, page=block.page, ref=ref, owners=owners,
        **prose_due(body, ctx.reference), method=method, confidence=0.7 if method != "prose" else 0.5,
        bbox=block.bbox,
    )


def find_owners(ctx: Context, text: str, kind: str, before: str = "") -> list[str]:
    """`statement_owners` of a statement, found now if that parses nothing, else when first looked at
    or at the end of the paper (`late_owners`): the same owners, most of their sentences parsed together."""
    responder = ctx.responder
    sentences = unparsed(asked(text, kind))
    if not sentences:
        return statement_owners(text, kind, responder, before)
    owners = LateOwners(lambda: statement_owners(text, kind, responder, before), sentences)
    ctx.late.append(owners)
    return owners
