"""Whose voice a sentence of running text speaks in: the paper's own ask (`asks`), its own
recommending sentences (`own_recommending`), a recommendation a response only tells of (`told_of`),
and one it restates in reported form, owned by the party it was put to (`reported_item`)."""
from __future__ import annotations

import re

from onrecord.ingest.model import EVIDENCE
from onrecord.nlp.blocks import Block, sentences
from onrecord.nlp.context import Context, cues, make
from onrecord.nlp.model import Item
from onrecord.nlp.rules import rules

# a question printed without its "?" ("How should the phrase be understood by claimants."): asks nothing
_INVERTED = re.compile(r"\W*(?:(?:how|what|why|when|where|who)\s+)?(?:should|must|shall)\s+(?:the|a|an|it|they|we|he|she|this|that|these|those)\b",
                       re.IGNORECASE)
# "whether I should recommend that ...", "I could, of course, recommend": one the chair weighed and did not make
_DECLINED = re.compile(r"\b(?:whether (?:I|we) should|(?:I|we) (?:could|might|cannot|can not|do not|did not|will not)(?:,? [\w’']+,?){0,3}) recommend\b",
                       re.IGNORECASE)
# "consideration of whether there should be ...": a modal that asks no one
_WHETHER = re.compile(r"\bwhether\s+(?:[\w’']+\s+){1,3}?(?:should|must|ought to|needs? to)\b", re.IGNORECASE)
# the recommending voice of a restated recommendation: the committee's "we" or the chair's "I"
_OWN_ASK = re.compile(r"\b(?:we|I)\s+(?:(?:also|further|therefore|strongly|would)\s+)?(?:recommend|urge|call)", re.IGNORECASE)


def told_of(ctx: Context, block: Block, in_recs: bool) -> bool:
    """Whether a response that restates its recommendations as numbered paragraphs, each answered,
    tells of a recommendation in its own answer ("The Inquiry recommends that the UK Parliament
    should have a role ...", "The Government notes that the recent report by the House of Lords
    Committee ... recommends that ..."): told of, it is not restated (annot-b: background)."""
    return ctx.kind == EVIDENCE and bool(ctx.answered) and block.marker is None and not in_recs \
        and not _OWN_ASK.search(block.body)


def own_recommending(body: str) -> list[str] | None:
    """The sentences of a paragraph that recommend in the paper's own voice; None when each one that
    recommends only reports what another asked ("he invited me to recommend that ...") or weighs a
    recommendation not made ("whether I should recommend that ...")."""
    c = cues()
    recommending = [s for s in sentences(body) if c["recommend"].search(s)]
    own = [s for s in recommending if not c["reported_view"].search(s) and not _DECLINED.search(s)]
    return None if recommending and not own else own


def reported_item(ctx: Context, block: Block, method: str, before: Block | None, sentence: str) -> Item:
    """A recommendation restated in reported form, owned by the party it was put to ("the PHSO asked
    Parliament to ...", "... wrote to the Secretary of State suggesting that ..."), not by who put it;
    one that goes on from the last ("The letter further suggested ...") was put to the same party."""
    item = make(ctx, block, "recommendation", method, before, sentence)
    if party := rules().cues["reported_party"].search(sentence):
        ctx.reported_to = party.group(1)
        item.owners = [ctx.reported_to]
    elif ctx.reported_to and rules().cues["told_further"].search(sentence):
        item.owners = [ctx.reported_to]  # "The letter further suggested that there should ...": to whom it was put
    return item


def asks(sentence: str) -> bool:
    """A sentence that asks something itself: not a question, nor a view it reports as another's ("The
    Post Office now maintains that ... should"), nor a recommendation made before ("the Board recommended"),
    nor what follows from a fact ("which means that civil and military policy must be aligned"), nor what it
    only wonders ("consideration of whether there should be one scheme")."""
    c = cues()
    return not sentence.endswith("?") and not _INVERTED.match(sentence) \
        and bool(c["directive"].search(_WHETHER.sub(" ", sentence))) and not _DECLINED.search(sentence) \
        and not c["reported_view"].search(sentence) and not c["recommended_before"].search(sentence) \
        and not c["inferred"].search(sentence)
