"""Who a statement in running text names as responsible, by its kind: an action's subject or its
minutes' marker (", action Jon", "(Secretariat)"), a decision's body and whom it empowers, a
recommendation's addressee in each asking sentence, a promise's promiser ("we" is the responder).

Example::

    statement_owners("The Clerk to write to the highways team.", "action", "")
    # ['The Clerk']
"""
from __future__ import annotations

import re

from onrecord.nlp.addressees import owners_of
from onrecord.nlp.blocks import sentences
from onrecord.nlp.dates import find_due
from onrecord.nlp.owners import (
    ACTED_ON,
    addressee,
    further_subjects,
    is_party,
    party_words,
    split_owners,
    thing_source,
)
from onrecord.nlp.rules import rules

_TRAILING_OWNER = re.compile(r"\(([^()]{2,80})\)\s*\.?\s*$")
# "(with support from Jos Creese)": who helps, not who owns (the guideline's "supported by" and
# "in consultation with" parties are not owners)
_HELPERS = re.compile(r"^\s*(?:with\s+(?:the\s+)?(?:support|help|input|assistance)\s+(?:of|from)|supported\s+by|"
                      r"assisted\s+by|in\s+consultation\s+with)\b", re.IGNORECASE)
_RECOMMEND_WHO = re.compile(
    r"\b(?:recommends?|urges?|calls? on|invites?)\s+(?:that\s+)?((?:the\s+)?[A-Z][\w’'&-]*(?:\s+(?:of|for|and|[A-Z][\w’'&-]*)){0,6})"
    r"\s*(?::|,|\s+should\b|\s+to\b|\s+must\b)"
)
_ACTION_SUBJECT = re.compile(r"^(.{2,80}?)\s+(?:to|will|would|agreed to|should)\s+\w", re.IGNORECASE)


def assignee(who: str) -> bool:
    """Whom minutes give a task by name: a party ("The Clerk", "Each WG"), a person's names
    ("Kieron O’Hara") or initials ("SP"); not a word that opens a sentence ("Nothing to report")."""
    return is_party(who) or bool(_PERSON.fullmatch(who))


_PERSON = re.compile(r"(?:[A-Z][\w’'.-]+\s+){1,2}[A-Z][\w’'.-]+|[A-Z]{2,4}")


def _subject_after_commas(words: str) -> str:
    """The subject that ends a clause: after its last comma, or the names of a series that ends
    in 'and' ("Z. Maiorca, P. Bader, and T. Feinberg need to ..."), each name as printed."""
    pieces = words.split(", ")
    if len(pieces) < 2 or not re.match(r"(?:and|&)\s", pieces[-1]):
        return pieces[-1]
    series = [pieces[-1]]
    for piece in reversed(pieces[:-1]):
        name = _NAME_AT_END.search(piece)
        if name is None:
            break
        series.insert(0, name.group())
        if name.start() > 0:
            break  # the series began inside this piece ("Announcements o Z. Maiorca")
    return ", ".join(series)


_NAME_AT_END = re.compile(r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*$")


def decision_owners(text: str) -> list[str]:
    """The body that resolves ("that Cabinet agree ...", "the Leader to:"), any party it asks to act
    ("to ask the General Counsel to:") or gives authority; what it recommends to another body is
    that body's to do ("Members to recommend to the County Council:")."""
    c = rules().cues
    m = c["recommend_to"].search(text)
    if m and is_party(m.group(1)):
        return [m.group(1)]
    owners = []
    m = c["decision_owner"].match(text)
    if m and is_party(m.group(1) or m.group(2)) and not (m.group(1) or "").lower().startswith("to "):  # "To DEBATE AND DECIDE"
        owners.append(m.group(1) or m.group(2))
    # "urges the Executive in conjunction with the Cabinet Member to": both are asked
    owners += [party.strip() for asked in c["asks_party"].findall(text) for party in _JOINTLY.split(asked)
               if is_party(party)]
    owners += [d.strip() for d in c["delegate_to"].findall(text) if is_party(d)]
    return list(dict.fromkeys(owners))


_JOINTLY = re.compile(r"\s+(?:in\s+conjunction|together|along|jointly)\s+with\s+", re.IGNORECASE)
_LEAD_ASKS = re.compile(r"\b(?:calls? (?:on|upon)|asks?|requests?|urges?|invites?|instructs?|directs?)\s+"
                        r"((?:the\s+)?[A-Z][\w’' ,&-]{1,160}?)\s+to\s*:\s*$")


# "16. Cabinet resolved the following:", "the Council may either:": the body that decides each entry
LEAD_DECIDES = re.compile(r"((?:[Tt]he\s+)?(?-i:[A-Z])[\w’'&-]*(?:\s+(?-i:[A-Z])[\w’'&-]*){0,4})\s+"
                           r"(?:resolved|agreed|decided|may(?:\s+either)?)(?:\s+(?:the\s+following|as\s+follows))?"
                           r"\s*:\s*$")


def lead_owners(lead: str) -> list[str]:
    """Whom a lead-in asks to do the entries that follow it: "This Council agrees to call on the
    Cabinet Member for Adult Social Care and Public Health to:", "We recommend that the Government:";
    or the body that decides them: "Cabinet resolved the following:"."""
    m = _LEAD_ASKS.search(lead) or (_RECOMMEND_WHO.search(lead) if lead.rstrip().endswith(":") else None) \
        or LEAD_DECIDES.search(lead)
    if m is None:
        return []
    parties = split_owners(m.group(1))
    return parties if parties and all(is_party(p) for p in parties) else []


def asked(text: str, kind: str) -> list[str]:
    """The sentences whose parse may be read for the owners of a statement of this kind: to parse
    them together beforehand (`parse.parse_ahead`), which is faster than one by one. A decision's
    owners are read by rules alone (`decision_owners`): none."""
    if kind == "decision":
        return []
    return [text] if kind == "commitment" else _asking(sentences(text))


def _body(owner: str) -> bool:
    """Whether an owner's head word names a kind of party ("Hospital Transfusion Committees",
    "transfusion practitioners"), not a thing in capitals ("The 2021 Agency Actions")."""
    words = re.findall(r"[\w’'-]+", owner)
    return bool(words) and words[-1].lower() in party_words()[0]


def _asking(parts: list[str]) -> list[str]:
    """The sentences that ask or promise, else the first: whose subjects are the owners."""
    c = rules().cues
    return [s for s in parts if c["directive"].search(s) or c["promise"].search(s)] or parts[:1]


def statement_owners(text: str, kind: str, responder: str, before: str = "") -> list[str]:
    """Who the statement names as responsible, read as its kind asks; `before` is the paragraph
    above it ("The Committee urges the Council to ..."), `responder` who "we" is in a response."""
    # minutes' inline marker after a point: "..., action Jon.", "c/f action Jon", "action Mags to check"
    marked = [owner for m in rules().cues["action_mark"].finditer(text) for owner in split_owners(m.group(1))]
    if marked:
        return list(dict.fromkeys(marked))
    parts = sentences(text)
    first = parts[0] if parts else ""
    m = _TRAILING_OWNER.search(text)
    if m and kind == "action" and not find_due(m.group(1))[1] and not _HELPERS.match(m.group(1)) \
            and not rules().cues["bracket_task"].search(text):  # a bracket that tasks a party holds more than owners
        # "DCLG to share the response with the Panel (Secretariat)": the bracket's owner, and the
        # party the action names as its subject
        subject = _ACTION_SUBJECT.match(first)
        if subject and (re.search(r"\w+ing$", subject.group(1)) or rules().cues["works_with"].match(subject.group(1))):
            subject = None  # "Panel members wishing to attend should inform Olivia (Panel, Olivia Burman)", "Work with X to"
        named = [o for o in split_owners(_subject_after_commas(subject.group(1))) if assignee(o)] if subject else []
        return list(dict.fromkeys([*split_owners(m.group(1)), *named]))
    if kind == "action":
        m = _ACTION_SUBJECT.match(first)
        if m and (of := rules().cues["asked_of"].search(first, 0, m.end())) and assignee(of.group(1)):
            return [of.group(1)]  # "The Board requested Met Office outline their programme": whom it asks
        if m and (source := thing_source(m.group(1))):
            return source
        if m and ACTED_ON.match(first, m.end() - 1):
            return []  # "Transparency Board to be updated on ...": who is told, not who acts
        if m and rules().cues["works_with"].match(m.group(1)):
            m = None  # "Work with Local Open Data Group to develop ...": a partner, no subject
        if m:  # "Upon receipt of the note, SP to provide ...": the subject follows the last comma
            named = split_owners(_subject_after_commas(m.group(1)))
            # "... in time for the next meeting (Secretariat to set-up telekits ...)": and whom the bracket tasks
            task = rules().cues["bracket_task"].search(text)
            tasked = [task.group(1)] if task and assignee(task.group(1)) else []
            return list(dict.fromkeys([*named, *further_subjects(text, m.end()), *tasked])) if named else []
    if kind == "decision":
        return decision_owners(text)
    asking = _asking(parts)
    found: list[str] = []
    for sentence in asking:
        parsed = owners_of(sentence)
        if parsed is None:  # no spaCy model: the rule-based subject
            who = addressee(sentence)
            if who:
                return [who]
            continue
        if [p.lower() for p in parsed] == ["we"]:
            parsed = [responder] if kind == "commitment" else []
        found += [p for p in parsed if p.lower() not in {f.lower() for f in found}]
        if found and kind == "commitment":
            break  # a promise is its first sentence's party's
    if not found and kind == "recommendation":
        # "That a framework be established ... That those records be used by NHS bodies ...": the
        # party a later sentence names, when the first asks no one; "In England, Hospital Transfusion
        # Committees take steps to ... If the percentage is below 80%, this report should be ...": the
        # party the opening sentence asks in the plain form, when the sentences with a modal ask no one
        for i, sentence in enumerate(parts):
            that = re.match(r"That\s", sentence)
            if sentence in asking or not (that or i == 0):
                continue
            parsed = owners_of(sentence) or []
            found = [p for p in parsed if p.lower() != "we"]
            if not that and not all(_body(p) for p in found):
                found = []  # "The 2021 Agency Actions build directly on ...": a thing that acts, told, not asked
            if found:
                break
    if found:
        return found
    m = _RECOMMEND_WHO.search(text)
    if m and is_party(m.group(1)):
        return [m.group(1)]  # "we recommend that the Government: produce ...", which the parse misreads
    if before:
        m = re.search(r"\b(?:urges?|calls? on|asks?)\s+((?:the\s+)?[\w’' ]{2,60}?)\s+to\b", before, re.IGNORECASE)
        if m:
            return [m.group(1)]
    return []
