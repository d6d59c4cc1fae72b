"""The nlp stage: items (recommendations, actions, decisions, commitments) from a Document.

>>> from ingest import read
>>> items = extract(read("samples/scrutiny-review-2025.pdf"))
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

from onrecord.ingest.model import AGENDA, EVIDENCE, MINUTES, Document
from onrecord.nlp import rules
from onrecord.nlp.actionlog import actionlog_items, is_action_log
from onrecord.nlp.blocks import blocks
from onrecord.nlp.candidates import Candidate, candidates
from onrecord.nlp.dates import NEXT_MEETING, find_due, next_meeting
from onrecord.nlp.decide import decide, item_model
from onrecord.nlp.merge import merge
from onrecord.nlp.model import Item
from onrecord.nlp.owners import canonical, clean, is_party
from onrecord.nlp.prose import prose_items
from onrecord.nlp.responses import read_response
from onrecord.nlp.setting import Setting, setting, speaker
from onrecord.nlp.tables import table_items

__all__ = ["Item", "extract", "extractor"]


def extractor() -> str:
    """A digest of what decides a document's items: the nlp code, its rules and its weights, and
    the files of the user's rules folder that replace the project's (`nlp.rules`)."""
    return _extractor(tuple((str(p), p.stat().st_mtime_ns) for p in rules.user_files()))


@cache
def _extractor(user: tuple[tuple[str, int], ...]) -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "patterns").glob("*.json*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name, _ in user:
        path = Path(name)
        digest.update(b"user/" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def extract(doc: Document) -> list[Item]:
    """Every item in a document, duplicates merged, in page order. An agenda has none: it lists
    business to come, and its reports' recommendations are decided, if at all, in the minutes."""
    return finish(propose(doc), item_model())


@dataclass
class Proposal:
    """A document's candidates and what the decision needs to know of the document."""

    document: Document
    candidates: list[Candidate]
    reference: date | None
    responder: str
    acronyms: dict[str, str]
    setting: Setting | None = None  # who the paper's generic owners are


def propose(doc: Document) -> Proposal:
    """Every candidate item of a document: the rules' items, then the sentences and list entries no
    rule took. An agenda has none."""
    reference = _reference_date(doc)
    responder = _responder(doc)
    if doc.kind == AGENDA:
        return Proposal(doc, [], reference, responder, {})
    tabled, tables = table_items(doc, reference)
    paragraphs = blocks(doc, tables)
    if is_action_log(doc):
        found = tabled + actionlog_items(doc, reference)
    else:
        found = tabled + prose_items(paragraphs, doc.kind, reference, responder)
    text = doc.text  # the pages joined: once for both
    acronyms = _acronyms(text)
    return Proposal(doc, candidates(paragraphs, found, doc.kind, len(doc.pages)), reference, responder,
                    acronyms, setting(text, doc.title, doc.body, responder, acronyms))


def finish(proposal: Proposal, model: dict | None) -> list[Item]:
    """The items the model keeps among a document's candidates, duplicates merged, in page order."""
    items = decide(proposal.candidates, model, proposal.reference, proposal.responder)
    acronyms = proposal.acronyms
    items = merge(items, acronyms)
    if proposal.document.kind == EVIDENCE:
        _ours(items, proposal.responder)
    for item in items:
        item.text = re.sub(r"\s+", " ", item.text).strip()
        item.owners = clean(item.owners, proposal.setting)
        item.canonical = [canonical(o, proposal.setting or acronyms) for o in item.owners]
    _due_next_meeting(items, next_meeting(proposal.document.text, proposal.reference))
    items.sort(key=lambda i: (i.page or 0))
    _they_as_before(items)
    _addressed_as_the_others(items)
    read_response(proposal.document, items)  # a response's verdicts, and its report's deadlines
    return items


def _ours(items: list[Item], responder: str) -> None:
    """A response's promise that names no party ("The spring space publication will include ...",
    "Further regulations will follow ...") is the responder's: annotators a, b and c each give it
    the responding party."""
    for item in items:
        if item.kind == "commitment" and not item.owners and responder:
            item.owners = [responder]


def _due_next_meeting(items: list[Item], meeting: str | None) -> None:
    """What is due "at the next meeting" is due on that meeting's date, where the paper gives it."""
    for item in items:
        if not item.due_date and (found := NEXT_MEETING.search(item.text)):
            item.due, item.due_date = item.due or found.group(0), meeting


_THEY = re.compile(r"^(?:They|These bodies|Those bodies)\s+(?:should|must|shall|will|need to|ought to)\b")


def _they_as_before(items: list[Item]) -> None:
    """A recommendation that goes on "They should ..." addresses whom the one before it addresses
    ("3(a) The General Medical Council ... should ...; 3(b) They should ...")."""
    for before, item in pairwise(items):
        if not item.owners and item.kind == before.kind == "recommendation" and _THEY.match(item.text):
            item.owners, item.canonical = list(before.owners), list(before.canonical)


def _addressed_as_the_others(items: list[Item]) -> None:
    """A recommendation whose sentences name no addressee, yet name the party most of the paper's
    recommendations address ("We support the Government's efforts ..." in a report to the
    Government), is addressed to that party, as printed and named where the others are."""
    def bare(owner: str) -> str:  # "the Government" -> "Government"
        return re.sub(r"^the\s+", "", owner, flags=re.IGNORECASE)

    def plain(owner: str) -> str:
        return bare(owner).lower()

    addressed = [(owner, name) for item in items if item.kind == "recommendation"
                 for owner, name in zip(item.owners, item.canonical)]
    named = Counter(plain(owner) for owner, _ in addressed)
    if not named:
        return
    party, n = named.most_common(1)[0]
    if n < 3:
        return
    printed, name = next((owner, name) for owner, name in addressed if plain(owner) == party)
    # named as the others name it, not a word of it in lower case ("significant government contracts"), nor
    # as the subject of what it has done or is ("We note that the Government has been proactive ...")
    as_named = {bare(owner) for owner, _ in addressed if plain(owner) == party}
    mention = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(as_named)) + r")(?:['’]s)?\b"
                         r"(?!\s+(?:has|have|had|is|was|were)\b)")
    for item in items:
        if item.kind == "recommendation" and not item.owners and mention.search(item.text):
            item.owners, item.canonical = [printed], [name]


def _responder(doc: Document) -> str:
    """Who "we" is in a response: "UK Government Response to ..." gives UK Government."""
    # "20241216- Government Response to Recommendations": the file's date stamp is not the responder
    m = re.match(r"^[\W\d_]*(?:the\s+)?(.{2,60}?)(?:'s|’s)?\s+response\b", doc.title or "", re.IGNORECASE)
    if m and is_party(m.group(1)):
        return m.group(1)
    if doc.body and is_party(doc.body):
        return doc.body
    return speaker(doc.text) or "The government"  # "We will ..." in a paper DWP issues, naming it throughout


def _reference_date(doc: Document) -> date | None:
    """The meeting's or publication's date; printed as a month ("July 2024") or a year, from its start.
    Minutes carried by a later paper count from the meeting they record (`_minuted`)."""
    for value in (doc.meeting_date, doc.published_date):
        if value:
            try:
                paper = date.fromisoformat(value[:10] + {4: "-01-01", 7: "-01"}.get(len(value[:10]), ""))
            except ValueError:
                continue
            return _minuted(doc.text, paper) if doc.kind == MINUTES else paper
    return None


# "Minutes extract from Selection and Member Services Committee – 13 December 2024" under a Council
# paper's own heading: the recorded meeting's name, a dash or "held on", and its date
_MINUTED = re.compile(r"^\s*minutes\b[^\n]{0,100}?(?:\s[-–—]|,|\bheld\s+on)\s+(?P<date>[^\n]{0,6}\n?[^\n]{0,30})",
                      re.IGNORECASE | re.MULTILINE)
HEAD_CHARACTERS = 600  # where on the first page the paper names the minutes it carries


def _minuted(text: str, paper: date) -> date:
    """The date of the meeting minutes record, where a paper of a later meeting carries them (an
    appendix, "Minutes excerpt from ... Committee – 13 December 2024"); the relative deadlines they set
    ("in six months") count from it. A meeting recorded as after the paper carrying it cannot be: the
    year is a misprint, and the meeting the same day and month of the year before."""
    found = _MINUTED.search(text[:HEAD_CHARACTERS])
    iso = find_due(" ".join(found.group("date").split()))[1] if found else None
    if not iso or len(iso) != 10:
        return paper
    held = date.fromisoformat(iso)
    if held > paper:
        try:
            held = held.replace(year=held.year - 1)
        except ValueError:  # 29 February
            return paper
    return min(held, paper)


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms the paper defines: "Birmingham Strategic Partnership (BSP)" gives BSP."""
    found: dict[str, str] = {}
    for m in re.finditer(r"((?:[A-Z][\w’'&-]*\s+(?:(?:of|for|and|the|on)\s+)?){1,7})\(([A-Z][A-Za-z&]{1,9})\)", text):
        name, short = m.group(1).strip(), m.group(2)
        capitals = [w for w in name.split() if w[0].isupper()]
        # keep only the words the acronym spells: "the Birmingham Strategic Partnership (BSP)"
        if len(capitals) >= len(short) and "".join(w[0] for w in capitals[-len(short):]) == short.upper():
            start = name.index(capitals[-len(short)])
            found.setdefault(short, name[start:])
    return found
