"""Decisions and actions as minutes and records of decision print them: "RESOLVED", "AGREED" in
minutes, "Action:" lines, and a decision-maker's "As Cabinet Member for ... I agree to: APPROVE ...;
DELEGATE ...", where procedural words alone ("be noted", "correct record") decide nothing."""
from __future__ import annotations

import re

from onrecord.ingest.model import MINUTES
from onrecord.nlp.blocks import Block
from onrecord.nlp.context import Context, cues, make
from onrecord.nlp.model import Item

_DECIDER = re.compile(r"As (?:the )?([A-Z][\w’' ,-]{2,80}?),? I (?:agree|approve|decide|have decided)\b")
_DECIDED = re.compile(r"(APPROVE|AGREE|DELEGATE|AUTHORI[SZ]E|ADOPT|ENDORSE|NOTE|REQUEST|INSTRUCT|REFER|CONFIRM)S?\b(?=\s+[a-z(])")


def decided(ctx: Context, block: Block, before: Block | None) -> list[Item] | None:
    """The decision or action a block records, [] for one that decides nothing, None for a block that
    is none of these; reading "As Cabinet Member for ... I agree to:" sets who decides what follows."""
    body = block.body
    marker = block.marker
    verb = _DECIDED.match(body)
    if verb and marker in (None, "bullet", "number", "letter"):
        # a record of decision: "I agree to: APPROVE the proposal ...; DELEGATE authority to ..."
        if verb.group(1) in ("NOTE", "ENDORSE") or not _decides(body):
            return []  # "NOTE the comments ... when agreeing to refer": noted, nothing decided
        item = make(ctx, block, "decision", "minutes", before)
        item.owners = list(dict.fromkeys([*([ctx.decider] if ctx.decider else []), *item.owners]))
        return [item]
    m = _DECIDER.match(body)
    if m:
        ctx.decider = m.group(1)  # "As Cabinet Member for Children's Services I agree to:"
    if marker == "resolved" or (marker == "agreed" and ctx.kind == MINUTES):
        if noted_only(body):
            return []
        return [make(ctx, block, "decision", "minutes", before)]
    if marker == "action":
        return [make(ctx, block, "action", "minutes", before)]
    return None


def noted_only(text: str) -> bool:
    """Procedural words ("be noted", "correct record") and, beside them, nothing decided."""
    return bool(cues()["procedural"].search(text)) and not _decides(text)


def _decides(text: str) -> bool:
    """A decision verb outside the procedural words ("approved as a correct record" decides nothing)."""
    c = cues()
    return bool(c["decision_verbs"].search(c["procedural"].sub(" ", text)))
