"""Who is to act where a sentence asks without naming them as the subject that acts: a passive's
agent ("resources should be provided by hospital trusts"), "there should be a review by the four
health departments", "it is important that ministers ...", "a responsibility on scientists to ...",
a passive's "when" clause ("When doctors become aware ..., that patient should be offered ..."),
"referred to the Committee for it to consider", and the party a thing comes from or is led by.

Questions of a parse's tokens, asked by `nlp.addressees` (and `source`, `is_deadline` by `nlp.promisers`).
"""
from __future__ import annotations

import re

from onrecord.nlp.dates import MONTHS
from onrecord.nlp.phrases import acts, named_parties

MODALS = {"should", "must", "will", "shall", "would", "need", "needs", "ought"}


def impersonal(tokens: list, words: set[str]) -> list:
    """The tokens that may name who is to act in the sentence's impersonal asks; `words` are its
    tokens' lower-case forms, which say which of the constructions it can hold."""
    found = _agents(tokens)
    found += _needed(tokens) if "it" in words and words & _NEEDED else []  # the words each asks for
    found += _by_whom(tokens) if "be" in words else []
    found += _charged(tokens) if words & _DUTIES else []
    return found


_NEEDED = {"important", "essential", "vital", "crucial", "imperative", "necessary", "priority", "matter"}


def _needed(tokens: list) -> list:
    """Who is to act where a sentence says it matters that they do: "it is important that ministers
    are always able to explain ...", "It should be a matter of priority for DSIT, UKSA and UKRI to
    ensure ..." (the subject of the clause, or the "for" party of the infinitive)."""
    found = []
    for root in (t for t in tokens if t.dep_ in ("ROOT", "conj") and t.lower_ in _COPULAS):
        if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in root.children):
            continue
        said = [c for c in root.children if c.dep_ in ("acomp", "attr") and any(t.lower_ in _NEEDED for t in c.subtree)]
        if not said:
            continue
        for clause in (c for c in root.children if c.dep_ in ("ccomp", "advcl")):
            found += [c for c in clause.children if c.dep_ == "nsubj"]
        # the "for" party of the word that says so or of its phrase's head, or the subject of the "for
        # ... to" clause the phrase heads: "a matter of priority for the Department to review ..."
        found += [obj for phrase in said for t in phrase.subtree if t is phrase or t.lower_ in _NEEDED
                  for prep in t.children if prep.dep_ == "prep" and prep.lower_ == "for"
                  for obj in prep.children if obj.dep_ == "pobj"]
        found += [subject for phrase in said for clause in phrase.children if clause.dep_ in ("advcl", "relcl", "acl")
                  and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)
                  for subject in clause.children if subject.dep_ == "nsubj"]
    return found


_DUTIES = {"responsibility", "duty", "obligation"}


def _charged(tokens: list) -> list:
    """Who a sentence says has the duty to act: "ministers have a responsibility to explain ...", "This
    places a responsibility on scientists ... to ensure ..."."""
    found = []
    for duty in (t for t in tokens if t.lower_ in _DUTIES and t.dep_ == "dobj"):
        if duty.head.lower_ in ("have", "has", "bear", "bears"):
            found += [c for c in duty.head.children if c.dep_ == "nsubj"]
        found += [obj for prep in duty.children if prep.dep_ == "prep" and prep.lower_ == "on"
                  for obj in prep.children if obj.dep_ == "pobj"]
    return found


_COPULAS = {"be", "is", "are", "was", "were"}
_ASKING_MODALS = {"should", "must", "shall"}


def asks(verb) -> bool:
    """Whether a verb is asked for with "should", "must" or "shall"."""
    return any(c.dep_ == "aux" and c.lower_ in _ASKING_MODALS for c in verb.children)


def _by_whom(tokens: list) -> list:
    """Who is to carry out what "there should be": "there should be a UK wide review by the four
    health departments" is theirs."""
    found = []
    for be in (t for t in tokens if t.lower_ == "be" and any(c.dep_ == "expl" for c in t.children) and asks(t)):
        found += [obj for attr in be.children if attr.dep_ == "attr" for prep in attr.children
                  if prep.dep_ == "prep" and prep.lower_ == "by" for obj in prep.children
                  if obj.dep_ == "pobj" and not is_deadline(obj)]
    return found


_WHEN_WORDS = {*MONTHS, "end", "spring", "summer", "autumn", "winter"}  # month names as dates spells them


def is_deadline(obj) -> bool:
    """Whether a "by" object is a deadline ("by March 2025", "by the end of the year", "by 2030")."""
    return obj.like_num or obj.lower_ in _WHEN_WORDS or any(re.fullmatch(r"\d{4}", t.text) for t in obj.subtree)


def _agents(tokens: list) -> list:
    """Who is to act in an asking passive: "resources should be provided by hospital trusts",
    "That those records be used by NHS bodies"; not a relative clause's "published by the Government"."""
    found = []
    for token in tokens:
        if token.dep_ != "agent":
            continue
        verb = token.head
        if not any(c.dep_ == "auxpass" for c in verb.children):
            continue
        modal = any(c.lower_ in MODALS for c in verb.children if c.dep_ == "aux")
        if token.head.dep_ not in ("ROOT", "ccomp", "conj") and not asks(verb) and not _being_done(verb):
            continue  # "a plan published by the Government"; yet "the timing of which should be set by a panel"
        plain = any(c.lower_ == "be" for c in verb.children if c.dep_ == "auxpass")  # "That a framework be set up"
        if modal or plain or _being_done(verb):
            # not a deadline: "payments should be made by 7 August 2024"
            found += [c for c in token.children if c.dep_ == "pobj" and not any(t.like_num for t in c.subtree)]
    return found


def _being_done(verb) -> bool:
    """Whether a passive "being done by" belongs to what an asking sentence asks: "peer review should
    continue, with any necessary support being provided by NHS Trusts"; not "the work being done by
    the Department" in a sentence that asks nothing."""
    if verb.dep_ != "acl" or not any(c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children):
        return False
    root = next((t for t in verb.ancestors if t.dep_ == "ROOT"), None)
    return root is not None and asks(root)


def source(subject) -> list[str]:
    """The party a thing comes from or is led by, when the thing is the subject: "Grant funding calls
    from UKSA should be streamlined" is UKSA's to do, "A refreshed suite of standards, led by the UK
    Resilience Academy, will provide ..." the Academy's."""
    if acts(subject):
        return []
    return [p for prep in subject.children if prep.dep_ == "prep" and prep.lower_ == "from"
            for obj in prep.children if obj.dep_ == "pobj" for p in named_parties(obj)] \
        or [p for led in subject.children if led.dep_ == "acl" and led.lower_ in _LEADS
            for agent in led.children if agent.dep_ == "agent"
            for obj in agent.children if obj.dep_ == "pobj" for p in named_parties(obj)]


_LEADS = {"led", "run", "chaired", "coordinated", "delivered"}


def conditioned(doc) -> list:
    """Who is to act on an asking passive that names no agent, where its "when" or "if" clause names
    them: "When doctors become aware that a patient has had a transfusion, that patient should be
    offered a blood test" is the doctors' to offer (annot-b, infected blood inquiry 8(a)); tried last."""
    return [subject for verb in doc if verb.dep_ == "ROOT" and any(c.dep_ == "auxpass" for c in verb.children)
            and asks(verb)
            and not any(c.dep_ == "agent" for c in verb.children)
            for clause in verb.children if clause.dep_ == "advcl" and clause.i < verb.i
            and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "if", "where", "once") for m in clause.children)
            for subject in clause.children if subject.dep_ == "nsubj" and acts(subject)]


def referred(doc) -> list:
    """Whom an asked thing goes to "for it to" act: "the question ... should be referred to the Public
    Administration and Constitutional Affairs Committee (PACAC) for it to consider the question"."""
    return [obj for verb in doc if asks(verb)
            and any(clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)
                    and any(c.dep_ == "nsubj" and c.lower_ in ("it", "them") for c in clause.children)
                    for clause in verb.children)
            for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "to"
            for obj in prep.children if obj.dep_ == "pobj" and acts(obj)]
