"""Recommendations in running text, as reports print them and responses restate them: a paragraph
under a recommendations heading or citing its paragraph, one in the paper's own recommending voice
or restated in reported form, a numbered paragraph a response answers (`answered`), the text that
follows a "Recommendation 4: title" (`continue_open_rec`), and an inline "(a) ...; (b) ..." list
split into its asks (`split_inline`)."""
from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from onrecord.ingest.model import EVIDENCE
from onrecord.nlp.blocks import Block, sentences
from onrecord.nlp.context import Context, cues, find_owners, make
from onrecord.nlp.dates import find_due, prose_due
from onrecord.nlp.model import Item
from onrecord.nlp.owners import is_party
from onrecord.nlp.promises import commitments
from onrecord.nlp.voice import asks, own_recommending, reported_item, told_of

# case-sensitive: "I", not "i."; "my view", not "my recommendations"; "I recommended" tells what was once asked
_FIRST_PERSON = re.compile(r"\b(?:I|me|[Mm]y)\b(?! recommend(?!ed\b))")
_CITES_PARAGRAPH = re.compile(r"\((?:paragraphs?|paras?\.?)\s+\d[\d.,–\- and]*\)\.?$", re.IGNORECASE)


def recommended(ctx: Context, block: Block, before: Block | None, method: str) -> list[Item] | None:
    """The recommendations a paragraph of running text makes or restates, [] for one read and found
    to ask nothing, None for a paragraph that is no recommendation's (a response's promises, minutes)."""
    c = cues()
    body = block.body
    marker = block.marker
    # "... should set out clear plans. (Paragraph 53)": a summary's entry, citing where the body argues it
    in_recs = ctx.in_recs or bool(_CITES_PARAGRAPH.search(body))
    reported = [s for s in sentences(body) if c["reported_ask"].search(s)] if ctx.kind == EVIDENCE else []
    # "The PHSO stated that they would have recommended compensation ... The PHSO also said they would
    # have recommended that DWP provide a remedy ...": two asks told in one paragraph are two (annot-c)
    if c["recommend"].search(body) and c["recommender"].search(body) and not told_of(ctx, block, in_recs) \
            and len(reported) < 2 and (own := own_recommending(body)) is not None:
        # in running text only the recommending sentences are the item, not the paragraph
        text = body if in_recs else " ".join(own)
        return [make(ctx, block, "recommendation", method, before, text or body)]
    if reported:
        # a response restating in reported form what it answers ("In this case, the PHSO asked
        # Parliament to ...", "The letter further suggested that there should ..."): annot-c's
        # recommendations of the response, one per sentence; the paragraph's promises stay its own
        return [reported_item(ctx, block, method, before, s) for s in reported] + [
            i for i in commitments(block, ctx.responder, ctx.reference) if i.text not in reported]
    if id(block) in ctx.answered:
        return [make(ctx, block, "recommendation", "numbered", before)]
    # a restated paragraph that asks nothing is a conclusion; one that asks only in questions, or
    # reasons in a chair's own voice ("I consider that ..."), is discussion
    if in_recs and marker in ("number", None) and not _FIRST_PERSON.search(body) \
            and (body.endswith(" that:") or any(asks(s) for s in sentences(body))):
        item = make(ctx, block, "recommendation", method, before)
        # an unnumbered "should" that addresses no one is discussion, not a recommendation
        return [item] if marker == "number" or item.owners else []
    if before is not None and marker is None and before.text.rstrip().endswith(":") \
            and c["lead_in"].search(before.text) and c["modal"].search(body):
        return [make(ctx, block, "recommendation", "prose", before)]
    return None


_REC_LABEL = re.compile(r"\brecommendations?\s+\d{1,3}[a-z]?\)?(?:\s*\(?(?:[ivx]{1,4}|[a-z])\))?", re.IGNORECASE)


def lists_refs(text: str) -> bool:
    """Two recommendations' labels and nothing that asks: a list of refs (a verdict table, an index)."""
    return len(_REC_LABEL.findall(text)) >= 2 and not cues()["directive"].search(_REC_LABEL.sub(" ", text))


_INLINE_LETTER = re.compile(r"(?:^|(?<=[\s;:,]))\(([a-h])\)\s+")


def next_inline_letter(text: str) -> str:
    """The letter after an inline "(a) ...; (b) ..." run: "(c)" printed on a line of its own goes on it."""
    letters = [m.group(1) for m in _INLINE_LETTER.finditer(text)]
    return chr(ord(letters[-1]) + 1) if len(letters) >= 2 else ""


def answered(blocks: list[Block]) -> set[int]:
    """The numbered paragraphs that an answer follows ("2a. A memorial be established ...", "2b. ...",
    then "This recommendation is accepted in full"): a response's restated recommendations. A number
    printed again is not restated twice: above its text it is the title ("7b) Review of progress ...,"
    then "7b. Progress ... be reviewed"), and once restated, what it numbers is the answer ("4a) v.
    DHSC recognises the importance of ...")."""
    found: set[int] = set()
    restated: set[str] = set()
    run: list[Block] = []
    for block in blocks:
        if block.marker == "number":
            run.append(block)
        elif cues()["answer"].search(block.text[:200]):
            refs = [_ref_key(b.ref) for b in run]
            found.update(id(b) for i, b in enumerate(run) if refs[i] not in refs[i + 1:] and refs[i] not in restated)
            restated.update(refs)
            run = []
        elif not block.is_heading:
            run = []
    return found


def _ref_key(ref: str) -> str:
    """A number as printed, without its stops, brackets and spaces: "7b)", "7b." and "7 b" are one."""
    return re.sub(r"[\s.()]", "", ref).lower()


def split_inline(item: Item, reference: date | None) -> list[Item]:
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


def continue_open_rec(ctx: Context, block: Block, items: list[Item]) -> bool:
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
        sub = make(ctx, block, rec.kind, rec.method, None)
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
        rec.owners = find_owners(ctx, text, rec.kind)
    if not rec.due_date:
        rec.due, rec.due_date = prose_due(text, ctx.reference).values()
    else:
        due, iso = find_due(text, ctx.reference, prose=True)
        if iso and iso > rec.due_date:
            rec.due, rec.due_date = due, iso
