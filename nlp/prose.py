"""Items in running text: numbered recommendations, "should" sentences, minutes' decisions and
actions (the tasks and promises of their discussion: nlp/minutes.py), and a response's promises."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from onrecord.ingest.model import EVIDENCE, MINUTES
from onrecord.nlp.blocks import Block, closes_quote, marker, sentences
from onrecord.nlp.dates import find_due, prose_due
from onrecord.nlp.late_owners import LateOwners, settle
from onrecord.nlp.minutes import marked, marked_actions, minuted, speaker
from onrecord.nlp.model import Item
from onrecord.nlp.owners import is_party
from onrecord.nlp.parse import parse_ahead, unparsed
from onrecord.nlp.promises import commitments, promising
from onrecord.nlp.rules import rules
from onrecord.nlp.statement_owners import LEAD_DECIDES, asked, lead_owners, statement_owners
from onrecord.nlp.statutes import Statutes

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}


def cues() -> dict[str, re.Pattern]:
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


def prose_items(blocks: list[Block], doc_kind: str | None, reference: date | None,
                responder: str = "The government") -> list[Item]:
    """Items from paragraphs, in reading order."""
    ctx = Context(kind=doc_kind, reference=reference, responder=responder,
                  answered=_answered(blocks) if doc_kind == EVIDENCE else set())
    if doc_kind == EVIDENCE:  # whom each promise is by: most paragraphs of a response go to `commitments`
        parse_ahead(s for block in blocks if block.body and cues()["promise"].search(block.body)
                    for s in promising(block.body))
    items: list[Item] = []
    for i, block in enumerate(blocks):
        before = blocks[i - 1] if i else None
        if _continue_open_rec(ctx, block, items):
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
    items = [sub for item in items for sub in _split_inline(item, ctx.reference)]
    for item in items:
        item.owners = list(item.owners)  # plain lists from here on
    # a lead-in alone asks nothing; a numbered resolution "... is approved:" has decided already;
    # "Recommendation 4a) i) Recommendation 4a) ii) Accepting in full" is a table of verdicts, not a recommendation
    return [item for item in items if item.text and not _lists_refs(item.text)
            and (not item.text.endswith(":") or marker(item.ref)[0] == "legislation")]


def _one_sentence_of(text: str, body: str) -> bool:
    """Whether an item is one sentence of a point of several: what the point says after it is not its."""
    parts = sentences(body)
    return len(parts) > 1 and text in parts


_REC_LABEL = re.compile(r"\brecommendations?\s+\d{1,3}[a-z]?\)?(?:\s*\(?(?:[ivx]{1,4}|[a-z])\))?", re.IGNORECASE)


def _lists_refs(text: str) -> bool:
    """Two recommendations' labels and nothing that asks: a list of refs (a verdict table, an index)."""
    return len(_REC_LABEL.findall(text)) >= 2 and not cues()["directive"].search(_REC_LABEL.sub(" ", text))


_INLINE_LETTER = re.compile(r"(?:^|(?<=[\s;:,]))\(([a-h])\)\s+")


def _numbered_part(ctx: Context, block: Block) -> bool:
    """Whether a numbered paragraph is the next part of a resolution whose lead-in ends with ':'."""
    return bool(ctx.next_part) and block.marker == "number" and block.ref.rstrip(".)") == str(ctx.next_part)


def _next_inline_letter(text: str) -> str:
    """The letter after an inline "(a) ...; (b) ..." run: "(c)" printed on a line of its own goes on it."""
    letters = [m.group(1) for m in _INLINE_LETTER.finditer(text)]
    return chr(ord(letters[-1]) + 1) if len(letters) >= 2 else ""


def _answered(blocks: list[Block]) -> set[int]:
    """The numbered paragraphs that an answer follows ("2a. A memorial be established ...", "2b. ...",
    then "This recommendation is accepted in full"): a response's restated recommendations. A number
    printed again is not restated twice: above its text it is the title ("7b) Review of progress ...,"
    then "7b. Progress ... be reviewed"), and once restated, what it numbers is the answer ("4a) v.
    DHSC recognises the importance of ...")."""
    answered: set[int] = set()
    restated: set[str] = set()
    run: list[Block] = []
    for block in blocks:
        if block.marker == "number":
            run.append(block)
        elif cues()["answer"].search(block.text[:200]):
            refs = [_ref_key(b.ref) for b in run]
            answered.update(id(b) for i, b in enumerate(run) if refs[i] not in refs[i + 1:] and refs[i] not in restated)
            restated.update(refs)
            run = []
        elif not block.is_heading:
            run = []
    return answered


def _ref_key(ref: str) -> str:
    """A number as printed, without its stops, brackets and spaces: "7b)", "7b." and "7 b" are one."""
    return re.sub(r"[\s.()]", "", ref).lower()


def _split_inline(item: Item, reference: date | None) -> list[Item]:
    """"We recommend that the Government (a) establish ...; (b) publish ...": one item per letter,
    in order from (a), with the parent's owners; the lead-in, which asks nothing alone, is dropped.
    Letters that mark clauses of one sentence ("... have either (a) settled their claims or (b)
    transferred ...", with no semicolon between the parts) stay one item (annot-c: inline lettered
    clauses are not split)."""
    if item.kind != "recommendation":
        return [item]
    marks = list(_INLINE_LETTER.finditer(item.text))
    letters = [m.group(1) for m in marks]
    if len(marks) < 2 or letters != [chr(ord("a") + i) for i in range(len(marks))]:
        return [item]
    if any(";" not in item.text[m.end():n.start()] for m, n in pairwise(marks)):
        return [item]  # clauses of one sentence, not a list of asks
    lead = prose_due(item.text[:marks[0].start()], reference)  # "by 2026 the Council should (a) ..."
    subs = []
    for m, end in zip(marks, [*[n.start() for n in marks[1:]], len(item.text)]):
        text = item.text[m.end():end].strip()
        sub = Item(**{**vars(item), "text": text, "ref": f"{item.ref}({m.group(1)})", "owners": list(item.owners)})
        own = prose_due(text, reference)
        sub.due, sub.due_date = (own if own["due"] else lead).values()
        subs.append(sub)
    return subs


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


def _continue_open_rec(ctx: Context, block: Block, items: list[Item]) -> bool:
    """Blocks after "Recommendation 4: title" belong to it until the answer begins; lettered points
    after a lead-in ("As a minimum, the strategy should: A. be adaptable;") are items of their own."""
    rec = ctx.open_rec
    if rec is None:
        return False
    answer = block.marker is None and not ctx.open_title and not ctx.open_lead \
        and not cues()["directive"].search(block.text)  # the recommendation asks; what follows explains
    # after a bare "Recommendation 16" label the next paragraph is its text, even "We note that ..."
    replied = cues()["response"].match(block.text) and rec.text
    if answer or block.marker in ("rec", "resolved", "action") or replied or block.is_heading:
        ctx.open_rec = None
        if ctx.open_lead:
            rec.text, ctx.open_lead = f"{rec.text} {ctx.open_lead}", ""
        return False
    if block.marker == "letter" and ctx.open_lead and not ctx.open_title:
        sub = _make(ctx, block, rec.kind, rec.method, None)
        sub.text = f"{ctx.open_lead} {block.body}"
        sub.ref = f"{rec.ref}{block.ref.strip('().')}"
        sub.owners = sub.owners if any(is_party(o) for o in sub.owners) else list(rec.owners)
        items.append(sub)
        return True
    if ctx.open_lead and block.marker != "letter":
        lead, ctx.open_lead = ctx.open_lead, ""
        if not items or items[-1] is rec:  # "The exercise should:" and its bullets stay in the recommendation
            rec.text = f"{rec.text} {lead}"
            _take_owner_and_due(ctx, rec, lead)
    if block.text.rstrip().endswith(":") and not ctx.open_title:
        ctx.open_lead = block.text.strip()
        return True
    if ctx.open_title:
        ctx.open_title = False
        rec.text = block.text
        rec.page, rec.bbox = block.page, block.bbox
    else:
        rec.text = f"{rec.text} {block.body if block.marker == 'bullet' else block.text}"
    _take_owner_and_due(ctx, rec, block.text)
    return True


def _take_owner_and_due(ctx: Context, rec: Item, text: str) -> None:
    """An open recommendation's owner, if it has none yet, and its latest deadline, from text added to it."""
    if not rec.owners:
        rec.owners = _owners(ctx, text, rec.kind)
    if not rec.due_date:
        rec.due, rec.due_date = prose_due(text, ctx.reference).values()
    else:
        due, iso = find_due(text, ctx.reference, prose=True)
        if iso and iso > rec.due_date:
            rec.due, rec.due_date = due, iso


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


_DECIDER = re.compile(r"As (?:the )?([A-Z][\w’' ,-]{2,80}?),? I (?:agree|approve|decide|have decided)\b")
_DECIDED = re.compile(r"(APPROVE|AGREE|DELEGATE|AUTHORI[SZ]E|ADOPT|ENDORSE|NOTE|REQUEST|INSTRUCT|REFER|CONFIRM)S?\b(?=\s+[a-z(])")
# case-sensitive: "I", not "i."; "my view", not "my recommendations"; "I recommended" tells what was once asked
_FIRST_PERSON = re.compile(r"\b(?:I|me|[Mm]y)\b(?! recommend(?!ed\b))")
# a question printed without its "?" ("How should the phrase be understood by claimants."): asks nothing
_INVERTED = re.compile(r"\W*(?:(?:how|what|why|when|where|who)\s+)?(?:should|must|shall)\s+(?:the|a|an|it|they|we|he|she|this|that|these|those)\b",
                       re.IGNORECASE)
# "whether I should recommend that ...", "I could, of course, recommend": one the chair weighed and did not make
_DECLINED = re.compile(r"\b(?:whether (?:I|we) should|(?:I|we) (?:could|might|cannot|can not|do not|did not|will not)(?:,? [\w’']+,?){0,3}) recommend\b",
                       re.IGNORECASE)
# "consideration of whether there should be ...": a modal that asks no one
_WHETHER = re.compile(r"\bwhether\s+(?:[\w’']+\s+){1,3}?(?:should|must|ought to|needs? to)\b", re.IGNORECASE)
_CITES_PARAGRAPH = re.compile(r"\((?:paragraphs?|paras?\.?)\s+\d[\d.,–\- and]*\)\.?$", re.IGNORECASE)


def _items(ctx: Context, block: Block, before: Block | None) -> list[Item]:
    c = cues()
    body = block.body
    marker = block.marker
    if marker == "rec" and not body:
        ctx.in_recs = True  # "Recommendations:" on a line of its own
        if block.ref:  # "Recommendation 3" on a line of its own: its text follows
            ctx.open_rec = item = _make(ctx, block, "recommendation", "numbered", before)
            ctx.open_title = True
            return [item]
    if not body or (len(body.split()) < 3 and not (marker == "resolved" and body.endswith(":"))):
        return []  # but "RESOLVED that Council:" leads the parts that follow
    if closes_quote(body):
        return []  # the end of a quotation ("Recommendation 3: The Board shall ... intervals.” 244"): background
    if marker == "rec":
        item = _make(ctx, block, "recommendation", "numbered", before)
        if not c["directive"].search(body) and len(body.split()) <= 25:
            ctx.open_rec, ctx.open_title = item, True  # a title: the recommendation follows
        return [item]
    if marker == "legislation":
        return ctx.statutes.read(block, ctx.section)
    decided = _DECIDED.match(body)
    if decided and marker in (None, "bullet", "number", "letter"):
        # a record of decision: "I agree to: APPROVE the proposal ...; DELEGATE authority to ..."
        if decided.group(1) in ("NOTE", "ENDORSE") or not _decides(body):
            return []  # "NOTE the comments ... when agreeing to refer": noted, nothing decided
        item = _make(ctx, block, "decision", "minutes", before)
        item.owners = list(dict.fromkeys([*([ctx.decider] if ctx.decider else []), *item.owners]))
        return [item]
    m = _DECIDER.match(body)
    if m:
        ctx.decider = m.group(1)  # "As Cabinet Member for Children's Services I agree to:"
    if marker == "resolved" or (marker == "agreed" and ctx.kind == MINUTES):
        if _noted_only(body):
            return []
        return [_make(ctx, block, "decision", "minutes", before)]
    if marker == "action":
        return [_make(ctx, block, "action", "minutes", before)]
    if (marker == "letter" or _numbered_part(ctx, block)) and ctx.parent is not None:
        if _noted_only(body):
            return []  # "b) Note the forecast overspend": noted, nothing decided
        if c["directive"].search(body) or c["decision_verbs"].search(body) or ctx.parent.text.endswith(":") \
                or _next_inline_letter(ctx.parent.text) == block.ref.strip("().").lower():
            return [_make(ctx, block, ctx.parent.kind, ctx.parent.method, before)]
        return []
    method = "numbered" if marker == "number" else "prose"
    if body.endswith(":") and c["decided_following"].search(body):
        kind = "recommendation" if re.search(r"recommend", body, re.IGNORECASE) else "decision"
        if kind == "decision" and ctx.kind != MINUTES and not re.search(r"\b(?:motion|resolution)\b", body):
            return []  # "It was agreed that:" in a report tells what a meeting once decided; a motion it quotes is the decision
        return [_make(ctx, block, kind, "minutes" if kind == "decision" else method, before)]
    if body[:1] in "“\"‘'":
        return []  # quoted from another paper: background, not this paper's own item
    # "... should set out clear plans. (Paragraph 53)": a summary's entry, citing where the body argues it
    in_recs = ctx.in_recs or bool(_CITES_PARAGRAPH.search(body))
    reported = [s for s in sentences(body) if c["reported_ask"].search(s)] if ctx.kind == EVIDENCE else []
    # "The PHSO stated that they would have recommended compensation ... The PHSO also said they would
    # have recommended that DWP provide a remedy ...": two asks told in one paragraph are two (annot-c)
    if c["recommend"].search(body) and c["recommender"].search(body) and not _told_of(ctx, block, in_recs) \
            and len(reported) < 2 and (own := _own_recommending(body)) is not None:
        # in running text only the recommending sentences are the item, not the paragraph
        asks = body if in_recs else " ".join(own)
        return [_make(ctx, block, "recommendation", method, before, asks or body)]
    if reported:
        # a response restating in reported form what it answers ("In this case, the PHSO asked
        # Parliament to ...", "The letter further suggested that there should ..."): annot-c's
        # recommendations of the response, one per sentence; the paragraph's promises stay its own
        return [_reported(ctx, block, method, before, s) for s in reported] + [
            i for i in commitments(block, ctx.responder, ctx.reference) if i.text not in reported]
    if id(block) in ctx.answered:
        return [_make(ctx, block, "recommendation", "numbered", before)]
    # a restated paragraph that asks nothing is a conclusion; one that asks only in questions, or
    # reasons in a chair's own voice ("I consider that ..."), is discussion
    if in_recs and marker in ("number", None) and not _FIRST_PERSON.search(body) \
            and (body.endswith(" that:") or any(_asks(s) for s in sentences(body))):
        item = _make(ctx, block, "recommendation", method, before)
        # an unnumbered "should" that addresses no one is discussion, not a recommendation
        return [item] if marker == "number" or item.owners else []
    if before is not None and marker is None and before.text.rstrip().endswith(":") \
            and c["lead_in"].search(before.text) and c["modal"].search(body):
        return [_make(ctx, block, "recommendation", "prose", before)]
    if ctx.kind == EVIDENCE:
        return commitments(block, ctx.responder, ctx.reference)
    if ctx.kind == MINUTES and marked(block):
        return marked_actions(block, ctx.reference)
    if ctx.kind == MINUTES and marker in ("number", "letter", "bullet", None):
        # a point of discussion too: "• MCO would write shortly to ministers"
        return minuted(block, ctx.reference, ctx.speaker if marker == "letter" else "")
    return []


# the recommending voice of a restated recommendation: the committee's "we" or the chair's "I"
_OWN_ASK = re.compile(r"\b(?:we|I)\s+(?:(?:also|further|therefore|strongly|would)\s+)?(?:recommend|urge|call)", re.IGNORECASE)


def _told_of(ctx: Context, block: Block, in_recs: bool) -> bool:
    """Whether a response that restates its recommendations as numbered paragraphs, each answered,
    tells of a recommendation in its own answer ("The Inquiry recommends that the UK Parliament
    should have a role ...", "The Government notes that the recent report by the House of Lords
    Committee ... recommends that ..."): told of, it is not restated (annot-b: background)."""
    return ctx.kind == EVIDENCE and bool(ctx.answered) and block.marker is None and not in_recs \
        and not _OWN_ASK.search(block.body)


def _own_recommending(body: str) -> list[str] | None:
    """The sentences of a paragraph that recommend in the paper's own voice; None when each one that
    recommends only reports what another asked ("he invited me to recommend that ...") or weighs a
    recommendation not made ("whether I should recommend that ...")."""
    c = cues()
    recommending = [s for s in sentences(body) if c["recommend"].search(s)]
    own = [s for s in recommending if not c["reported_view"].search(s) and not _DECLINED.search(s)]
    return None if recommending and not own else own


def _noted_only(text: str) -> bool:
    """Procedural words ("be noted", "correct record") and, beside them, nothing decided."""
    return bool(cues()["procedural"].search(text)) and not _decides(text)


def _decides(text: str) -> bool:
    """A decision verb outside the procedural words ("approved as a correct record" decides nothing)."""
    c = cues()
    return bool(c["decision_verbs"].search(c["procedural"].sub(" ", text)))


def _make(ctx: Context, block: Block, kind: str, method: str, before: Block | None, text: str = "") -> Item:
    """The block's item, of its body or of the `text` given (its asking sentences)."""
    body = text or block.body
    ref = block.ref if block.marker in ("rec", "number", "resolved") else ""
    if block.marker == "rec":
        ref = _NUMBER_WORDS.get(ref.lower(), ref)
    elif kind == "recommendation" and before is not None and block.marker is None:
        m = re.search(r"\brecommendation\s+(\w+)\b", before.text, re.IGNORECASE)
        if m and (m.group(1).isdigit() or m.group(1).lower() in _NUMBER_WORDS):
            ref = _NUMBER_WORDS.get(m.group(1).lower(), m.group(1))
    owners = _owners(ctx, body, kind, before.text if before is not None else "")
    return Item(
        kind=kind, text=body, page=block.page, ref=ref, owners=owners,
        **prose_due(body, ctx.reference), method=method, confidence=0.7 if method != "prose" else 0.5,
        bbox=block.bbox,
    )


def _reported(ctx: Context, block: Block, method: str, before: Block | None, sentence: str) -> Item:
    """A recommendation restated in reported form, owned by the party it was put to ("the PHSO asked
    Parliament to ...", "... wrote to the Secretary of State suggesting that ..."), not by who put it;
    one that goes on from the last ("The letter further suggested ...") was put to the same party."""
    item = _make(ctx, block, "recommendation", method, before, sentence)
    if party := rules().cues["reported_party"].search(sentence):
        ctx.reported_to = party.group(1)
        item.owners = [ctx.reported_to]
    elif ctx.reported_to and rules().cues["told_further"].search(sentence):
        item.owners = [ctx.reported_to]  # "The letter further suggested that there should ...": to whom it was put
    return item


def _owners(ctx: Context, text: str, kind: str, before: str = "") -> list[str]:
    """`statement_owners` of a statement, found now if that parses nothing, else when first looked at
    or at the end of the paper (`late_owners`): the same owners, most of their sentences parsed together."""
    responder = ctx.responder
    sentences = unparsed(asked(text, kind))
    if not sentences:
        return statement_owners(text, kind, responder, before)
    owners = LateOwners(lambda: statement_owners(text, kind, responder, before), sentences)
    ctx.late.append(owners)
    return owners


def _asks(sentence: str) -> bool:
    """A sentence that asks something itself: not a question, nor a view it reports as another's ("The
    Post Office now maintains that ... should"), nor a recommendation made before ("the Board recommended"),
    nor what follows from a fact ("which means that civil and military policy must be aligned"), nor what it
    only wonders ("consideration of whether there should be one scheme")."""
    c = cues()
    return not sentence.endswith("?") and not _INVERTED.match(sentence) \
        and bool(c["directive"].search(_WHETHER.sub(" ", sentence))) and not _DECLINED.search(sentence) \
        and not c["reported_view"].search(sentence) and not c["recommended_before"].search(sentence) \
        and not c["inferred"].search(sentence)
