"""Who promises in a sentence, read from its parse: the party subject of its "will <act>", "is
committed to", "looks forward to delivering"; the agent of a promised passive; and whether what
"will" act is a thing rather than a party (`thing_promises`, `thing_contributes`).

Without spaCy's model (`nlp.parse`) `promisers` answers None and the others False.
"""
from __future__ import annotations

import re

from onrecord.nlp.impersonal import is_deadline, source
from onrecord.nlp.owners import contribute_verbs, promise_verbs
from onrecord.nlp.parse import model, parsed
from onrecord.nlp.phrases import PRONOUNS, named_parties

_PAST_PARTICIPLE = {"made": "make", "set": "set", "held": "hold", "run": "run", "given": "give", "taken": "take",
                    "sent": "send", "brought": "bring", "laid": "lay", "led": "lead", "met": "meet"}


def _promised(verb) -> bool:
    """Whether a verb is something a party can promise to do ("publish", "be published")."""
    word = verb.lower_
    base = _PAST_PARTICIPLE.get(word) or re.sub(r"(?:ed|d|ing)$", "", word)  # "will be publishing"
    verbs = promise_verbs()
    # a doubled last consonant: "will be setting out", "planned", "submitting"
    doubled = len(base) > 2 and base[-1] == base[-2] and base[:-1] in verbs
    return word in verbs or base in verbs or base + "e" in verbs or doubled or (word.endswith("ied") and word[:-3] + "y" in verbs)


_REPORTED = {"he", "she", "they", "i"}


def _speaker(doc):
    """The subject of a sentence's main verb: who said that "she would ..."."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subjects = [c for c in root.children if c.dep_ == "nsubj"] if root is not None else []
    return named_parties(subjects[0]) if subjects else []


_PLANS = ("planning", "due", "scheduled", "proposes", "propose")  # of an act they name: "is due to write"
_PROMISE_VERBS = ("committed", "commits", "commit", "intends", "intend", "plans", "plan", "undertakes", "undertake",
                  *_PLANS)
_STATES = ("become", "be", "have", "remain", "reach")  # "the UK is due to become the first ...": a forecast
_PLANNED = ("due", "committed")  # "The DCMO is due to write", "UKRI is committed to reviewing": the copula's subject


def _looks_forward(token) -> bool:
    """ "looks forward to delivering ...": a party's promise of the act it names, not "to hearing"."""
    if token.lower_ not in ("look", "looks") or not any(c.lower_ == "forward" for c in token.children):
        return False
    return any(c.lower_ == "to" and any(g.dep_ == "pcomp" and _promised(g) for g in c.children)
               for c in token.children)


def _available(verb) -> bool:
    """ "will be available": a service or a publication the responder promises to provide."""
    return verb.lower_ == "be" and any(c.dep_ == "acomp" and c.lower_ == "available" for c in verb.children)


def _promised_subjects(doc, reported: bool):
    """The subjects of a sentence's promised verbs ("will publish", "is committed to"), in order,
    each with whether its verb is passive."""
    modals = ("will", "shall", "would") if reported else ("will", "shall")
    for token in doc:
        promise = token.lower_ in modals and token.dep_ == "aux"
        if token.lower_ in _PROMISE_VERBS and token.tag_.startswith(("VB", "JJ")):
            if token.tag_ == "VBD" and not reported:
                continue  # "On 11 November the Secretary of State committed to ...": history, outside minutes
            promise, verb = True, token
        elif _looks_forward(token):
            promise, verb = True, token  # "The Government looks forward to delivering our ADR programme"
        elif promise:
            verb = token.head
        if not promise or not (_promised(verb) or verb.lower_ in _PROMISE_VERBS or _available(verb)
                                or _looks_forward(verb)):
            continue
        if verb.lower_ in _PLANS and not any(c.dep_ == "xcomp" and c.lower_ not in _STATES for c in verb.children):
            continue  # "is due to write" plans an act; "the UK is due to become the first ..." forecasts
        passive = any(c.dep_ == "auxpass" for c in verb.children) or _available(verb)
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and (verb.dep_ == "conj" or verb.lower_ in _PLANNED and verb.dep_ == "acomp"):
            # "The Government agrees ... and will publish ...", "The DCMO is due to write ..."
            subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            yield subject, passive


def promisers(sentence: str, reported: bool = False) -> list[str] | None:
    """Who promises in a sentence: the party subject of its "will <act>"; ["We"] for "we" and for a
    promised passive ("will be published"); [] for none; None without a model. In minutes
    (`reported=True`) "would" promises too, and "she would ..." is the speaker's promise."""
    if model() is None:
        return None
    doc = parsed(sentence)
    unnamed = False  # a promised passive that names no party: the responder's, unless a later clause names one
    for subject, passive in _promised_subjects(doc, reported):
        if reported and subject.lower_ in _REPORTED:
            return _speaker(doc)
        if subject.lower_ in ("we", "it") and not passive:
            return ["We"]
        if _available(subject.head):
            return ["We"]  # "This service will be available at Gateway": the responder's to provide
        # "The syllabus will be reviewed by the NHS England working group": the agent acts, not the subject
        # (in minutes a passive is often an Action line's restated: "a spreadsheet will be circulated by ...")
        parties = (_by_agent(subject.head) if passive and not reported else []) or _acting(subject, passive, reported)
        if parties:
            return parties
        if passive:
            # "This assurance will be taken forward ..., and the Scottish Government will work with ...":
            # the party a later clause names (annot-a, annot-b: the named body, else the responder)
            unnamed = True
    return ["We"] if unnamed else []


def _acting(subject, passive: bool, reported: bool) -> list[str]:
    """The parties a promised verb's subject names, or its thing comes from; not the subject of a plain
    passive in a response, which is acted on ("The Annual Statement to Parliament will be maintained",
    "Organisations will be fully supported"), unless it is asked to act ("Health Boards will be
    required to continue ...")."""
    verb = subject.head
    if passive and not reported and verb.lower_ not in _PROMISE_VERBS and not any(c.dep_ == "xcomp" for c in verb.children):
        return source(subject)  # yet "This government is committed to supporting ...": its own promise
    return named_parties(subject) or source(subject)


def _by_agent(verb) -> list[str]:
    """The parties a passive verb names after "by", not a deadline ("by March 2026")."""
    return [p for agent in verb.children if agent.dep_ == "agent" for obj in agent.children
            if obj.dep_ == "pobj" and not is_deadline(obj) for p in named_parties(obj)]


def thing_promises(sentence: str) -> bool:
    """Whether what "will <act>" in a sentence is a thing, not a party: "The forthcoming exercise
    will use a red team", "Annual updates will be available". False without a model."""
    if model() is None:
        return False
    return any(subject.lower_ not in PRONOUNS and subject.tag_.startswith("NN")
               for subject, _ in _promised_subjects(parsed(sentence), False))


def thing_contributes(sentence: str) -> bool:
    """Whether every "will <act>" of a sentence is a thing's effect, said of no party: "this work will
    support the government to ...", "The tender will lead the nation's first mission ..." (annot-a: a
    body's role or a thing's effect is no promised action). False without a model."""
    if model() is None:
        return False
    promised = list(_promised_subjects(parsed(sentence), False))
    verbs = contribute_verbs()
    return bool(promised) and all(
        not passive and subject.lower_ not in PRONOUNS and subject.tag_.startswith("NN") and not named_parties(subject)
        and subject.head.lower_ in verbs for subject, passive in promised)
