"""Items in running text, read paragraph by paragraph in order: numbered recommendations and their
lettered parts, "should" sentences, minutes' decisions and actions, and a response's promises.

This module walks the blocks and keeps the place (`nlp.context`); the readings are elsewhere:
recommendations (`nlp.recommending`, whose voice: `nlp.voice`), decisions and actions as minutes and
records of decision print them (`nlp.resolutions`), the tasks and promises of minutes' discussion
(`nlp.minutes`), a response's promises (`nlp.promises`), a city record's statutes (`nlp.statutes`)."""
from __future__ import annotations

import re
from datetime import date

from onrecord.ingest.model import EVIDENCE, MINUTES
from onrecord.nlp.blocks import Block, closes_quote, marker, sentences
from onrecord.nlp.context import Context, cues, make
from onrecord.nlp.dates import prose_due
from onrecord.nlp.late_owners import settle
from onrecord.nlp.minutes import marked, marked_actions, minuted, speaker
from onrecord.nlp.model import Item
from onrecord.nlp.parse import parse_ahead
from onrecord.nlp.promises import commitments, promising
from onrecord.nlp.recommending import (
    answered,
    continue_open_rec,
    lists_refs,
    next_inline_letter,
    recommended,
    split_inline,
)
from onrecord.nlp.resolutions import decided, noted_only
from onrecord.nlp.statement_owners import LEAD_DECIDES, lead_owners, statement_owners


def prose_items(blocks: list[Block], doc_kind: str | None, reference: date | None,
                responder: str = "The government") -> list[Item]:
    """Items from paragraphs, in reading order."""
    ctx = Context(kind=doc_kind, reference=reference, responder=responder,
                  answered=answered(blocks) if doc_kind == EVIDENCE else set())
    if doc_kind == EVIDENCE:  # whom each promise is by: most paragraphs of a response go to `commitments`
        parse_ahead(s for block in blocks if block.body and cues()["promise"].search(block.body)
                    for s in promising(block.body))
    items: list[Item] = []
    for i, block in enumerate(blocks):
        before = blocks[i - 1] if i else None
        if continue_open_rec(ctx, block, items):
            continue
        if ctx.last is not None and ctx.last_block is before and _DUE_LINE.match(block.text) and not ctx.last.due_date:
            # "Action: ... countries." then, after a blank line, "Due: September": the action's deadline
            ctx.last.due, ctx.last.due_date = prose_due(block.text, ctx.reference).values()
            ctx.last_block = block
            continue
        if block.marker != "letter":  # "(d) ..., a detailed update would be brought back": the update's giver's
            ctx.speaker = speaker(block.body) if block.body.endswith(":") else ""
        if block.body.endswith(":") and LEAD_DECIDES.search(block.body) and (deciders := lead_owners(block.body)):
            ctx.decider = deciders[0]  # "16. Cabinet resolved the following:" then "b. CONFIRM the decision ..."
        if block.text.isupper() and 2 <= len(block.text.split()) <= 15:
            ctx.section = block.text  # "FIRST READING EMERGENCY ORDINANCES REFERRED", not a running header
            ctx.statutes.close()  # a new section: what follows is not the last statute's
        if block.marker != "legislation":
            ctx.statutes.follow(block)
        if block.is_heading:
            _heading(ctx, block)
            ctx.next_part = 0
            continue
        part = _numbered_part(ctx, block)  # "2." after "RESOLVED that Council:" and "1."
        if not part and block.marker != "letter":
            ctx.next_part = 0
        # a promise is a sentence, and a point that names who acts ("..., action Jon.") is closed: the
        # next bullet is its own point; so is one minuted sentence of a longer point ("... it was agreed
        # that Mags & Karen should come to the final decision."); and a bullet set as the point's own
        # ("o APPROVED – Revised budget" then "• New funding ..." then "o K. Bares led ...") is the next point
        if block.marker == "bullet" and ctx.last is not None and ctx.last_block is before \
                and ctx.last.kind != "commitment" and not marked(before) and not marked(block) \
                and not (ctx.last.method == "minutes" and before is not None and _one_sentence_of(ctx.last.text, before.body)) \
                and not (ctx.last_glyph and block.text[:1] == ctx.last_glyph):
            ctx.last.text = f"{ctx.last.text} {block.body}"  # bullets stay inside their item
            if ctx.last.kind == "decision":  # "RESOLVED that Council:" then "• Delegates to the Monitoring Officer ..."
                ctx.last.owners = list(dict.fromkeys([*ctx.last.owners, *statement_owners(block.body, "decision", "")]))
            ctx.last_block = block
            continue
        if ctx.resolution is not None and ctx.last is ctx.resolution and ctx.last_block is before \
                and block.marker is None and not block.body.endswith(":"):
            # "5) RESOLVED that:" then "Members note ... and agree to ..." and "Members continue to ...":
            # the resolution's words, not a lead-in ("This Council believes that:") of parts to come
            ctx.resolution.text = f"{ctx.resolution.text} {block.body}"
            # "Members note ... and agree ...": the body that resolves, read in the words after "that:"
            words = re.sub(r"^that\s*:\s*", "", ctx.resolution.text, flags=re.IGNORECASE)
            ctx.resolution.owners = statement_owners(words, "decision", ctx.responder)
            ctx.last_block, ctx.next_part = block, 0
            continue
        ctx.resolution = None
        if ctx.kind == EVIDENCE and block.marker not in ("number", "rec", "letter"):
            ctx.in_recs = False  # a response: the answer to the restated recommendation begins
        found = _items(ctx, block, before)
        ctx.last, ctx.last_block = (found[-1], block) if found else (None, None)
        ctx.last_glyph = block.text[:1] if found and block.marker == "bullet" else ""
        if part:
            ctx.next_part += 1
        elif block.marker == "resolved" and found and found[-1].text.endswith(":"):
            ctx.next_part = 1  # "8) RESOLVED that Council:" then "1. Notes ...", "2. Approves ..."
            ctx.resolution = found[-1] if ctx.kind == MINUTES else None
        if not found:
            if block.marker not in ("letter", "bullet") and not ctx.next_part:
                ctx.parent = None
            continue
        for item in found:
            if (block.marker == "letter" or part) and ctx.parent is not None and item.method != "commitment":
                _attach(ctx.parent, item, block, items)
            elif item.kind != "commitment":
                ctx.parent = item
            items.append(item)
    settle(ctx.late)  # the owners no rule looked at, their sentences parsed together
    items = [sub for item in items for sub in split_inline(item, ctx.reference)]
    for item in items:
        item.owners = list(item.owners)  # plain lists from here on
    # a lead-in alone asks nothing; a numbered resolution "... is approved:" has decided already;
    # "Recommendation 4a) i) Recommendation 4a) ii) Accepting in full" is a table of verdicts, not a recommendation
    return [item for item in items if item.text and not lists_refs(item.text)
            and (not item.text.endswith(":") or marker(item.ref)[0] == "legislation")]


def _one_sentence_of(text: str, body: str) -> bool:
    """Whether an item is one sentence of a point of several: what the point says after it is not its."""
    parts = sentences(body)
    return len(parts) > 1 and text in parts


def _numbered_part(ctx: Context, block: Block) -> bool:
    """Whether a numbered paragraph is the next part of a resolution whose lead-in ends with ':'."""
    return bool(ctx.next_part) and block.marker == "number" and block.ref.rstrip(".)") == str(ctx.next_part)


# a chapter of its own: "Chapter 3: Human impact", "3. THE HUMAN IMPACT" (not "A strategy for space")
_CHAPTER = re.compile(r"(?:chapter\s+\d+\b|\d{1,2}\.?\s+[A-Z][A-Z ,&’'-]{3,}$)", re.IGNORECASE)


def _heading(ctx: Context, block: Block) -> None:
    c = cues()
    if c["section_on"].search(block.text):
        ctx.in_recs = True
    elif c["section_off"].match(block.text) or re.search(r"\bconclusions?\b", block.text, re.IGNORECASE) \
            or _CHAPTER.match(block.text):
        ctx.in_recs = False


_DUE_LINE = re.compile(r"^\s*(?:due|deadline)\s*:", re.IGNORECASE)


def _attach(parent: Item, item: Item, block: Block, items: list[Item]) -> None:
    """A lettered sub-item: its own item, numbered under its parent, standing in for a bare lead-in."""
    if parent.text.rstrip().endswith(":") and parent in items:
        items.remove(parent)  # a lead-in that asks for nothing alone
    letter = f"({block.ref.strip('().')})"
    item.ref = f"{parent.ref}{letter}"
    item.kind = parent.kind
    item.method = parent.method
    if not item.owners:
        item.owners = list(parent.owners)


def _items(ctx: Context, block: Block, before: Block | None) -> list[Item]:
    c = cues()
    body = block.body
    marker = block.marker
    if marker == "rec" and not body:
        ctx.in_recs = True  # "Recommendations:" on a line of its own
        if block.ref:  # "Recommendation 3" on a line of its own: its text follows
            ctx.open_rec = item = make(ctx, block, "recommendation", "numbered", before)
            ctx.open_title = True
            return [item]
    if not body or (len(body.split()) < 3 and not (marker == "resolved" and body.endswith(":"))):
        return []  # but "RESOLVED that Council:" leads the parts that follow
    if closes_quote(body):
        return []  # the end of a quotation ("Recommendation 3: The Board shall ... intervals.” 244"): background
    if marker == "rec":
        item = make(ctx, block, "recommendation", "numbered", before)
        if not c["directive"].search(body) and len(body.split()) <= 25:
            ctx.open_rec, ctx.open_title = item, True  # a title: the recommendation follows
        return [item]
    if marker == "legislation":
        return ctx.statutes.read(block, ctx.section)
    if (decisions := decided(ctx, block, before)) is not None:
        return decisions
    if (marker == "letter" or _numbered_part(ctx, block)) and ctx.parent is not None:
        if noted_only(body):
            return []  # "b) Note the forecast overspend": noted, nothing decided
        if c["directive"].search(body) or c["decision_verbs"].search(body) or ctx.parent.text.endswith(":") \
                or next_inline_letter(ctx.parent.text) == block.ref.strip("().").lower():
            return [make(ctx, block, ctx.parent.kind, ctx.parent.method, before)]
        return []
    method = "numbered" if marker == "number" else "prose"
    if body.endswith(":") and c["decided_following"].search(body):
        kind = "recommendation" if re.search(r"recommend", body, re.IGNORECASE) else "decision"
        if kind == "decision" and ctx.kind != MINUTES and not re.search(r"\b(?:motion|resolution)\b", body):
            return []  # "It was agreed that:" in a report tells what a meeting once decided; a motion it quotes is the decision
        return [make(ctx, block, kind, "minutes" if kind == "decision" else method, before)]
    if body[:1] in "“\"‘'":
        return []  # quoted from another paper: background, not this paper's own item
    if (recs := recommended(ctx, block, before, method)) is not None:
        return recs
    if ctx.kind == EVIDENCE:
        return commitments(block, ctx.responder, ctx.reference)
    if ctx.kind == MINUTES and marked(block):
        return marked_actions(block, ctx.reference)
    if ctx.kind == MINUTES and marker in ("number", "letter", "bullet", None):
        # a point of discussion too: "• MCO would write shortly to ministers"
        return minuted(block, ctx.reference, ctx.speaker if marker == "letter" else "")
    return []
