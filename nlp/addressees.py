"""Whom a sentence asks to act, read from its parse: the subject of its "should"/"must"/"will", the
one asked ("The Cabinet is asked to", "urge ministers to", "recommend that the Government appoint"),
the subject of a plain verb ("That the administrations explore ..."), those asked alongside the
first, and whom "they" stands for; then the impersonal asks of `nlp.impersonal`.

`owners_of(sentence)` answers None without spaCy's model (`nlp.parse`): callers fall back to rules.
"""
from __future__ import annotations

from onrecord.nlp.impersonal import MODALS, conditioned, impersonal, referred, source
from onrecord.nlp.parse import model, parsed
from onrecord.nlp.phrases import PRONOUNS, named_parties

_ASKING = {"urge", "invite", "encourage", "ask", "call", "request", "direct", "expect"}


def _candidates(doc):
    """Tokens that may name who is to act, in the order they are printed."""
    found = []
    tokens = list(doc)  # spaCy makes a Token each time a Doc is walked: walked once, here
    words = {t.lower_ for t in tokens}
    for token in tokens:
        if token.lower_ in MODALS and token.dep_ in ("aux", "ROOT"):
            verb = token.head if token.dep_ == "aux" else token
            # a subject after its modal is a condition's, not an addressee: "should the UK wish to ..."
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i]
            if not subjects and verb.dep_ == "conj":
                # "The Government has recognised space as ... and should prioritise funding": the subject they share
                subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i]
            found += subjects
        elif token.lower_ in ("asked", "requested", "invited", "recommended", "encouraged", "urged"):
            found += [c for c in token.children if c.dep_ == "nsubjpass"]  # "The Cabinet is asked to"
            if any(c.dep_ == "xcomp" for c in token.children):  # "the PHSO asked Parliament to consider ..."
                found += [c for c in token.children if c.dep_ == "dobj"]
        elif token.lower_ in _ASKING or token.lower_.rstrip("s") in _ASKING:
            found += [c for c in token.children if c.dep_ in ("dobj", "obj")]  # "urge ministers to"
        if token.lower_.startswith("recommend"):
            for clause in token.children:
                if clause.dep_ == "ccomp":  # "recommend that the Government appoint", "would have recommended that DWP"
                    found += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    found += impersonal(tokens, words)
    return sorted(found, key=lambda t: t.i)


def owners_of(sentence: str) -> list[str] | None:
    """Who a sentence addresses, as printed; [] when it names no one, None without a model."""
    if model() is None:
        return None
    doc = parsed(sentence)
    candidates = [*_candidates(doc), *_subjunctive(doc), *conditioned(doc), *referred(doc)]
    for subject in candidates:
        if subject.lower_ == "we":
            return ["We"]
        parties = named_parties(subject) or source(subject) or [p for who in _named_before(subject) for p in named_parties(who)]
        if parties:
            for other in _co_subjects(subject, candidates):
                parties += [p for p in named_parties(other) if p not in parties]
            return parties
    return []


def _co_subjects(subject, candidates: list) -> list:
    """The other subjects asked alongside the first: of the same verb ("HM Government and/or the
    Department and where appropriate the Post Office and Fujitsu shall provide", which the parse
    reads as two subjects) or of a verb joined to it ("the Post Office shall be obliged to make, and
    the Department shall be obliged to approve")."""
    verb = subject.head
    joined = {verb, *(v for v in verb.conjuncts if v.pos_ != "NOUN")}
    return [c for c in candidates if c is not subject and c.dep_ in ("nsubj", "nsubjpass") and c.head in joined
            and c.lower_ not in PRONOUNS and not _consulted(subject, c)]


def _consulted(subject, other) -> bool:
    """Whether a second subject is one of those the first works "with", which the parse may read as
    a subject of its own: "The Department following consultation with the Advisory Board, claimants’
    representatives and any other persons ... shall give": those consulted are not owners."""
    first, last = sorted((subject.i, other.i))
    return any(t.lower_ == "with" for t in subject.doc[first:last])


def _named_before(subject) -> list:
    """Whom "they", "he" or "she" stands for when the sentence's "if" or "when" clause names them:
    "If the minister disagrees with the recommendation, they must set out ..." is the minister's."""
    if subject.lower_ not in ("they", "he", "she"):
        return []
    return [c for clause in subject.head.children if clause.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("if", "when", "where") for m in clause.children)
            for c in clause.children if c.dep_ == "nsubj"]


def _subjunctive(doc) -> list:
    """The subject of a verb in its plain form with no modal: a recommendation's "That the
    administrations explore ...", "Hospital Transfusion Committees take steps to ..." (tried after
    the modals' subjects)."""
    # "That the administrations explore ...": the parser may read the plain verb as a noun
    # "In England, Hospital Transfusion Committees ... take steps ...; that hospital medical directors be
    # required ...": the parse may hang the first of the clauses on a later one, before which it stands
    return [c for token in doc if (token.dep_ == "ROOT" or token.dep_ == "ccomp" and token.i < token.head.i
                                   and not any(m.dep_ == "mark" for m in token.children))
            and token.tag_ in ("VB", "VBP", "NN")
            and not any(a.lower_ in MODALS for a in token.children if a.dep_ == "aux")
            for c in token.children if c.dep_ == "nsubj"]
