"""A response's promises of its own future action ("We will publish ...", "The guidance is due to
be published shortly"), one item per sentence, or per sentence group where a promise goes on
from the sentence before ("... The BHNOG will then review ...")."""
from __future__ import annotations

import re
from datetime import date

from onrecord.nlp.blocks import Block, sentences
from onrecord.nlp.classify import is_promise
from onrecord.nlp.dates import prose_due
from onrecord.nlp.model import Item
from onrecord.nlp.owners import is_party
from onrecord.nlp.promisers import promisers, thing_contributes, thing_promises
from onrecord.nlp.rules import rules
from onrecord.nlp.statement_owners import statement_owners


def commitments(block: Block, responder: str, reference: date | None) -> list[Item]:
    """A response's promises of its own future action, one item per sentence; `responder` is who
    "we" is, `reference` the paper's date that relative deadlines count from."""
    c = rules().cues
    out: list[Item] = []
    parts = sentences(block.body)
    promised = promising(block.body)
    for sentence in promised:
        previous = _previous(parts, sentence)
        delivers, before, again = _delivers(sentence), _continued(previous, sentence), False
        if before is None and (before := _named_again(previous, sentence)) is not None:
            again = True  # one item with the sentence before, yet the promise is still this sentence's
        owners = promisers(sentence)
        if _describes(sentence, owners, reference):
            continue
        if owners is None:  # no spaCy model: "We will ..." and "The Department will ..." only
            owners = [] if c["modal"].search(sentence) else statement_owners(sentence, "commitment", responder)
            owners = [o for o in owners if is_party(o) or o == responder]
        owners = [responder if o == "We" else o for o in owners]
        if before is None and previous is not None \
                and any(re.search(rf"\b{re.escape(o)}\b", previous) for o in owners if o != responder):
            # a promise by a party the sentence before names goes on from it: "... understands that NICE plans to
            # review its guidance ... NICE will consult stakeholders as part of the review process" (annot-b: a
            # promise statement is a sentence or a tight sentence group); the promise is still this sentence's
            before, again = previous, True
        if not owners and delivers:  # "The UK Space Agency spent ..., with investment to be set out ..."
            lead = c["lead_subject"].match(sentence if again else before or sentence)
            # else the responder's, whose answer it is ("The revised guidance is due to be published")
            owners = [lead.group(1)] if lead and is_party(lead.group(1)) else [responder] if responder else []
        if not owners and c["funded"].search(sentence):
            owners = [responder]  # "The Government is investing £5billion ... over the next 10 years"
        if not owners and block.marker == "bullet" and block.body[:1].islower():
            owners = [responder]  # "This includes: ● improvements to the NSRA, which will ...": the responder's
        # "The forthcoming exercise will use ...": a promise by no party named, if the exclusions and
        # the learned model both read it as one
        # (not a thing's effect: "this work will support ...", "The tender will lead ...")
        if not owners and not delivers and not (thing_promises(sentence) and not c["not_promise"].search(sentence)
                                                and not thing_contributes(sentence) and is_promise(sentence)):
            continue
        if block.marker == "bullet":
            sentence = block.body  # a bullet that promises is the promise, whole
        elif before is not None:
            # "The Welsh Government has asked BHNOG to ... The BHNOG will then review ...", "... These
            # bodies will mirror ...": a promise that goes on from the sentence before is one with it
            if out and out[-1].text.endswith(before):
                out[-1].text = f"{before} {sentence}"
                # the party the sentence names ("... and the Scottish Government will work ..."), else whom
                # "This" or "He" stands for: not the responder read into "This will be supported by ..."
                named = [o for o in owners if o != responder]
                # a promise that names again what was said is its own party's, not the one before's
                # and a party the going-on names beside it ("... will convene a seminar ... This will be
                # supported by the Behavioural Insights Team"): both are the item's
                out[-1].owners = (owners or out[-1].owners) if again \
                    else list(dict.fromkeys([*out[-1].owners, *named])) or owners
                if not out[-1].due_date:
                    out[-1].due, out[-1].due_date = prose_due(out[-1].text, reference).values()
                continue
            sentence = f"{before} {sentence}"
        item = Item(
            kind="commitment", text=sentence, page=block.page, owners=owners,
            **prose_due(sentence, reference), method="prose", confidence=0.4, bbox=block.bbox,
        )
        out.append(item)
    for item in out:
        if not item.due_date and block.marker != "bullet":
            _dated_after(item, parts, promised, reference)
    return out


def _dated_after(item: Item, parts: list[str], promised: list[str], reference: date | None) -> None:
    """A promise whose deadline the sentence after it prints, a sentence that promises nothing of its
    own ("Further regulations will follow ... The Government intends for these regulations to be in
    force by 31 March 2025"): one item with it, its date the item's."""
    last = next((i for i, s in enumerate(parts) if item.text.endswith(s)), None)
    if last is None or last + 1 >= len(parts) or parts[last + 1] in promised:
        return
    after = parts[last + 1]
    due = prose_due(after, reference)
    if due["due_date"]:
        item.text = f"{item.text} {after}"
        item.due, item.due_date = due["due"], due["due_date"]


def _previous(parts: list[str], sentence: str) -> str | None:
    """The sentence of the paragraph before this one, if any."""
    i = parts.index(sentence) if sentence in parts else 0
    return parts[i - 1] if i else None


def _continued(previous: str | None, sentence: str) -> str | None:
    """The sentence before a promise that goes on from it: one that opens on what was just said ("This
    will be published ...", "These bodies will ...", "He confirmed ...") or that takes its subject up
    again ("The BHNOG will then ...", "... the spring publication. The publication will ...")."""
    if previous is None:
        return None
    if rules().cues["continues"].match(sentence) or re.search(r"\bwill then\b", sentence):
        return previous
    # "We will be setting out our approach in the spring space publication. The publication will clarify
    # ...": the thing the sentence before named, taken up again, not a party ("The Government will ...")
    taken = rules().cues["takes_up"].match(sentence)
    if taken and not is_party(taken.group(1)) and re.search(rf"\b{taken.group(1)}\b", previous, re.IGNORECASE):
        return previous
    return None


def _named_again(previous: str | None, sentence: str) -> str | None:
    """The sentence before a promise that names again a thing of it ("A commitment has already been
    made for the Government to provide a further update ... We can confirm once again that this
    recommendation will be met", "... the second review ... The conclusions of this review are due to
    be published ..."): the labels make the two one item."""
    if previous is None:
        return None
    for m in rules().cues["refers_back"].finditer(sentence):
        if re.search(rf"\b{re.escape(m.group(1))}s?\b", previous, re.IGNORECASE):
            return previous
    return None


def promising(text: str) -> list[str]:
    """The sentences of a paragraph that promise, by the rules: who promises is the parse's to say."""
    c = rules().cues  # "NICE will review ...", and a plan: "MHRA is planning to ...", "The DCMO is due to write ..."
    # and funding with its end in view: "is investing £5billion ... over the next 10 years"
    return [s for s in sentences(text) if (c["promise"].search(s) or c["planned"].search(s) or c["funded"].search(s)
                                           or _delivers(s)) and _promises(s)]


def _delivers(sentence: str) -> bool:
    """A promise of a deliverable by no party named: "The guidance is due to be published shortly",
    "... will be rolled out more widely to departments", "announced his intention to implement ...";
    not a description of how a thing works ("The Scheme will offer ...", "... will be required")."""
    c = rules().cues
    return bool(c["deliverable"].search(sentence)) and not c["descriptive"].search(sentence) \
        and not c["not_promise"].search(sentence)


def _describes(sentence: str, owners: list[str] | None, reference: date | None) -> bool:
    """How a thing will work, said of no party and by no date: "The Scheme will offer a Core Route
    ...", "Support will be available to all operators", "Additional funding will be required"
    (annot-b: how an established scheme operates is no promise; annot-a: a body's role is none).
    Not "We will use ...", "The forthcoming exercise will use ..." (`still_promised`), nor "Annual
    updates will be available ... in the Spring"."""
    c = rules().cues
    if not c["descriptive"].search(sentence) or c["still_promised"].search(sentence):
        return False
    return not [o for o in owners or [] if o != "We"] and not prose_due(sentence, reference)["due_date"]


def _promises(sentence: str) -> bool:
    """A promise cue is a promise unless it is negated, conditional or a forecast ("will not",
    "Should the decision be made, ...", "will have reached"), or the rules' softer exclusions
    ("will help", "may") say otherwise and the learned model (nlp/classify.py) does not read a
    promise they would miss ("will also be shared with ...")."""
    c = rules().cues
    if c["never_promise"].search(sentence):
        return False
    return not c["not_promise"].search(sentence) or is_promise(sentence)
