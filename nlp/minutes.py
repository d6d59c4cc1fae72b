"""Items in minutes' running text: a task given in passing ("Chris Taggart to set up a working group"),
a request that something be done, a member's reported promise, and a point that names who acts at
its end ("Replacement sink No progress?, c/f action Jon."). `nlp.prose` reads the rest of a paper's
paragraphs and hands these to this module in minutes."""
from __future__ import annotations

import re
from datetime import date

from onrecord.nlp.blocks import Block, sentences
from onrecord.nlp.dates import prose_due
from onrecord.nlp.model import Item
from onrecord.nlp.owners import addressee, split_owners
from onrecord.nlp.promisers import promisers
from onrecord.nlp.rules import rules
from onrecord.nlp.statement_owners import assignee, statement_owners


def minuted(block: Block, reference: date | None, lead_speaker: str = "") -> list[Item]:
    """In minutes' discussion: a task given in passing ("The Clerk to write to ...", "J. Smith and A. Jones
    need to submit forms", "The next step is to set up a meeting"), one carried forward in brackets, a line
    that records an outcome ("APPROVED – Revised budget"), a decision to act ("The Councillors agreed to
    forward a note"), a request that something be done, a member's reported promise ("the Chair will chase
    updates") and one by no party named ("a detailed update would be brought back to Cabinet"), which is the
    speaker's who opens the point ("Tim outlined that ... The draft will be updated") or, in a lettered
    point, the `lead_speaker` who gives the update it is part of."""
    c = rules().cues
    out = []
    said = lead_speaker  # who spoke last in this point: "Tim outlined that ...", "Leemya McKeown thanked the team"
    for sentence in sentences(block.body):
        said_by, said = said, speaker(sentence) or said
        assigned = c["assigned"].match(sentence)
        if assigned and assignee(assigned.group(1)):  # "Chris Taggart to set up a working group"
            out.append(Item(kind="action", text=sentence, page=block.page, owners=[assigned.group(1)],
                            **prose_due(sentence, reference), method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        if need := c["named_need"].match(sentence):  # "Z. Maiorca, P. Bader, and T. Feinberg need to submit ..."
            out.append(Item(kind="action", text=sentence, page=block.page, owners=split_owners(need.group(1)),
                            **prose_due(sentence, reference), method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        if c["outcome_label"].match(sentence):  # "APPROVED – Revised 2018 budget – B. Munro (motion), ..."
            if not c["procedural"].search(sentence):  # not "APPROVED – 2018 Meetings Calendar"
                text = c["mover"].sub("", sentence)
                out.append(Item(kind="decision", text=text, page=block.page, **prose_due(text, reference),
                                method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        if c["next_step"].match(sentence):  # "The next step is to set up a meeting with the landowner"
            out.append(Item(kind="action", text=sentence, page=block.page, **prose_due(sentence, reference),
                            method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        if agreed := c["agreed_to"].search(sentence):  # "The Councillors agreed to forward a note to residents"
            out.append(Item(kind="decision", text=sentence, page=block.page, owners=_agreed_by(sentence, agreed.start()),
                            **prose_due(sentence, reference), method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        if should := c["agreed_should"].search(sentence):  # "It was agreed that Mags & Karen should come to ..."
            out.append(Item(kind="decision", text=sentence, page=block.page, owners=_should_by(sentence, should),
                            **prose_due(sentence, reference), method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        if requested := c["requested"].search(sentence):
            out.append(_requested(sentence, requested.start(), block, reference))
            continue
        if (carried := c["bracketed"].search(sentence)) and (task := c["assigned"].match(carried.group(1))) \
                and assignee(task.group(1)):  # "Item 9 of the Action Log (Kieron O’Hara to canvas ...) was noted"
            out.append(Item(kind="action", text=carried.group(1), page=block.page, owners=[task.group(1)],
                            **prose_due(carried.group(1), reference), method="minutes", confidence=0.4, bbox=block.bbox))
            continue
        own = c["reported_own"].search(sentence)  # "She mentioned her intention to report ...", which the parse
        if not (c["reported_promise"].search(sentence) or own) or c["not_promise"].search(sentence) \
                or c["never_promise"].search(sentence):  # gives no owner of: a promise all the same
            continue
        if c["continued_work"].search(sentence):
            continue  # "The team will continue planning over the summer": work under way, not a new promise (annot-d, -e)
        owners = []
        if not re.search(r"\bwould\b", sentence) or c["reporting"].search(sentence):
            # "KCC would support ..." without a speaker is description, not a promise
            owners = [o for o in promisers(sentence, reported=True) or [] if o != "We"]
        passive = c["passive_promise"].search(sentence)
        if not owners and said_by and ((own and c["points_back"].match(sentence)) or passive):
            owners = [said_by]  # "She mentioned her intention to ...", "Contacts would be forwarded": the speaker's
        if owners or own or (passive and not c["passive_hedged"].search(sentence[:passive.start()])):
            # "a detailed update would be brought back to Cabinet": a promise by no party named, not
            # "the type of license that the information will be published under", nor "subject to ... would be"
            out.append(Item(kind="commitment", text=sentence, page=block.page, owners=owners,
                            **prose_due(sentence, reference), method="minutes", confidence=0.4, bbox=block.bbox))
    return out


def speaker(sentence: str) -> str:
    """The person who opens a sentence by speaking ("Tim outlined that ...", "Mr R Thomas, Cabinet
    Member for Environment, provided an update"): whom the labels give a passive promise or a "she"
    that follows in the same point."""
    found = rules().cues["speaker"].match(sentence)
    return found.group(1) if found else ""


_MEMBERS = re.compile(r"(?:the\s+)?(?:councillors|members)", re.IGNORECASE)


def _requested(sentence: str, verb: int, block: Block, reference: date | None) -> Item:
    """A request that something be done: the meeting's decision when its members make it ("Also received
    was an e-mail ..., Councillors requested Mr & Mrs Richardson be put forward for this, the Clerk to
    complete application": from the requesting party on), else an action ("The Chair requested that ...")."""
    clause = sentence.rfind(", ", 0, verb) + 1
    by = sentence[clause:verb].strip()
    members = bool(_MEMBERS.fullmatch(by))
    text = sentence
    if clause and (members or assignee(by)):  # the clause before it only tells what came in
        text = sentence[clause:].strip()
        text = text[:1].upper() + text[1:]
    owners = []
    if members:
        owners = list(dict.fromkeys([text[:len(by)], *_agreed_by(text, len(by))]))
    return Item(kind="decision" if members else "action", text=text, page=block.page, owners=owners,
                **prose_due(text, reference), method="minutes", confidence=0.4, bbox=block.bbox)


def _should_by(sentence: str, should: re.Match) -> list[str]:
    """Whom a meeting's conclusion that a party should act names ("it was agreed that Mags & Karen
    should come to the final decision"), not a thing ("that an SSA logo should incorporate ...")."""
    that = sentence.index("that", should.start()) + len("that")
    who = addressee(sentence[that:should.end()])
    return [o for o in split_owners(who) if assignee(o) or re.fullmatch(r"[A-Z][a-z’'-]+", o)] if who else []


def _agreed_by(sentence: str, verb: int) -> list[str]:
    """Who agreed, where a party opens the sentence ("The Councillors resolved to ..."), and whom a
    clause after it tasks (", the Clerk to notify accordingly")."""
    subject = sentence[:verb].rsplit(", ", 1)[-1].strip()  # of its own clause: not "The parish council ... at the shop, it was"
    owners = [subject] if assignee(subject) else []
    for clause in sentence[verb:].split(", ")[1:]:
        task = rules().cues["assigned"].match(clause[:1].upper() + clause[1:])  # "the Clerk to notify"
        if task and assignee(task.group(1)):
            owners.append(clause[:task.end(1)])
    return owners


def marked(block: Block | None) -> bool:
    """A point that names who acts at its end ("..., action Jon.")."""
    return block is not None and bool(rules().cues["action_mark"].search(block.body))


def marked_actions(block: Block, reference: date | None) -> list[Item]:
    """Minutes' points that end by naming who acts: "Replacement sink No progress?, c/f action Jon."
    A marker that closes its point gives the action the point's words up to it (the marker dropped,
    "action Mags to check" kept, as it says what to do); one inside a point, or after a sentence that
    reads alone ("Karen to email round existing rates"), its own sentence."""
    mark = rules().cues["action_mark"]
    parts = sentences(block.body)
    out, start = [], 0
    for i, sentence in enumerate(parts):
        if not mark.search(sentence):
            continue
        alone = i < len(parts) - 1 or bool(rules().cues["assigned"].match(sentence))  # "Karen to email round ..."
        text = sentence if alone else " ".join(parts[start:])
        start = i + 1
        owners = statement_owners(text, "action", "")
        text = re.sub(r"\s*" + mark.pattern + r"\s*[.;,]?\s*$", "", text, flags=re.IGNORECASE) or text
        out.append(Item(kind="action", text=text, page=block.page, owners=owners, **prose_due(text, reference),
                        method="minutes", confidence=0.5, bbox=block.bbox))
    return out
