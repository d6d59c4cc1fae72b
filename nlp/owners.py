"""Owners: who is named as responsible, split into parties, and their canonical names."""
from __future__ import annotations

import re
from functools import cache

from onrecord.nlp import rules
from onrecord.nlp.dates import patterns as date_patterns
from onrecord.nlp.setting import Setting, owner_rules

_SPLIT = re.compile(r"\s*(?:;|/|,|\band/or\b|\bwith\b|&|\band\b(?![^()]*\)))\s*", re.IGNORECASE)
# a post that begins another party: "Cabinet Member for Housing and Director of Place" is two
_ROLE = r"(?:Director|Head|Chief|Leader|Manager|Officer|Chair|Chairman|Clerk|Member|Secretary|Minister|Cabinet)\b"
# names with "and" or a comma inside them, kept whole: "Department of Health and Social Care",
# "Department for Environment, Food and Rural Affairs", "a task and finish group"
_AND_NAME = re.compile(r"((?:Department|Ministry|Secretary of State|Minister|Committee|Cabinet Member) (?:of|for) "
                       r"(?:[A-Z][\w’'-]*,? )+and (?!" + _ROLE + r")(?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*"
                       r"|\b(?:(?i:an?|the) )?(?i:task and finish group))")
_PARENS_ONLY = re.compile(r"^\((.*)\)$")
_MODAL = re.compile(
    r"\b(?:should|must|will|would|shall|is asked to|are asked to|be asked to|needs? to|ought to)\b"
)
_TO = re.compile(r"\bto\b")  # "WM to circulate ...": an action's subject
_PRONOUN = re.compile(
    r"^(?:this|that|these|those|it|they|there|which|who|he|she|such|each|all|any|one|"
    r"in|a|an|we|i|you|our|its|their)\b",
    re.IGNORECASE,
)
# initials ("WM", "JTe"), a site ("Data.gov.uk") or a person's name ("Andrew Stott")
_NAME = re.compile(r"[A-Z][A-Za-z.]*[A-Z][a-z]?|[A-Z][a-z]+\.[a-z.]+|[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}")
_DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# "A letter from the MCO", "Grant funding calls from UKSA": a thing that comes from a party
_FROM = re.compile(r"(?:an?|the)?\s*(?:[\w’'-]+\s+){1,3}(?:from|between)\s+((?:the\s+)?(?-i:[A-Z])[\w’'&-]*"
                   r"(?:(?:\s+|,\s+|\s+and\s+)(?:the\s+)?(?-i:[A-Z])[\w’'&-]*){0,6})", re.IGNORECASE)
# "Board members to be kept informed", "The Panel will be updated": the subject is acted on, not the actor
ACTED_ON = re.compile(r"be\s+(?:[a-z]+(?:ed|en|wn)|kept|told|sent|made|held|put|set|brought|sought|met|paid|led|built|"
                      r"done|shown)\b")


@cache
def aliases() -> dict[str, str]:
    """The maintained alias list, `nlp/patterns/owner_aliases.json`: printed form -> canonical name."""
    table = rules.load("owner_aliases.json")
    return {alias.lower(): name for name, aliases in table.items() if not name.startswith("_") for alias in aliases}


@cache
def party_words() -> tuple[frozenset[str], frozenset[str]]:
    table = rules.load("parties.json")
    return frozenset(table["party"]), frozenset(table["thing"])


@cache
def promise_verbs() -> frozenset[str]:
    table = rules.load("parties.json")
    return frozenset(table["promise_verbs"])


@cache
def contribute_verbs() -> frozenset[str]:
    """What a thing "will" do that tells its effect ("support", "lead"), not an act a party promises."""
    return frozenset(rules.load("parties.json").get("contribute_verbs", []))  # none in an older user file


def is_party(phrase: str) -> bool:
    """Whether a noun phrase names someone who can act, rather than a thing.

    >>> is_party("the Government Chief Scientific Advisor"), is_party("The Plug-In Car Grant")
    (True, False)
    """
    words = re.findall(r"[\w’'-]+", phrase)
    if not words:
        return False
    party, thing = party_words()
    if words[-1].lower() in thing:
        return False
    return any(w.lower() in party for w in words) or any(w.isupper() and len(w) >= 2 for w in words)


def split_owners(text: str) -> list[str]:
    """Parties named in an owner cell or phrase, as printed.

    >>> split_owners("MoJ and HO")
    ['MoJ', 'HO']
    """
    text = _strip_dates(text)
    text = re.sub(r"\s+", " ", text).strip(" .:-–—")
    if not text:
        return []
    parts: list[str] = []
    for i, piece in enumerate(_AND_NAME.split(text)):  # odd pieces are the names _AND_NAME keeps whole
        parts += [piece] if i % 2 else _joined(_SPLIT_KEPT.split(piece))
    parts = [p.strip(" .:-–—") for p in parts]
    for i in range(len(parts) - 1):  # "the Cabinet Member for X and Y": the article goes with the name
        if parts[i].lower() in ("the", "a", "an"):
            parts[i], parts[i + 1] = "", f"{parts[i]} {parts[i + 1]}"
    return [p for p in parts if p and re.search(r"[A-Za-z]", p) and len(p) <= 120]


_SPLIT_KEPT = re.compile(f"({_SPLIT.pattern})", re.IGNORECASE)  # the pieces and, between them, what split them
_AND = re.compile(r"\s*(?:&|\band\b)\s*", re.IGNORECASE)


def _joined(pieces: list[str]) -> list[str]:
    """Pieces split at every "and", joined again where the "and" is inside one party's name: a
    post over two fields ("Innovation and Prevention Manager", "Head of Service Community Learning
    and Skills") or letters ("L&D"); separators other than "and" always split."""
    out = [pieces[0]]
    for sep, piece in zip(pieces[1::2], pieces[2::2]):
        if _AND.fullmatch(sep) and (_one_name(out[-1].strip(), piece.strip())
                                    or "&" in sep and _one_field(out[-1].strip(), piece.strip())):
            out[-1] = out[-1] + sep + piece
        else:
            out.append(piece)
    return out


def _one_field(left: str, right: str) -> bool:
    """Whether "LEFT & RIGHT" is one team named for its fields of work ("Organisation Development &
    Staff Engagement"): words in capitals each side, neither side ending in a party word ("Team")."""
    lwords, rwords = left.split(), right.split()
    party = party_words()[0]
    return len(lwords) >= 2 and len(rwords) >= 2 and all(w[:1].isupper() and not w.isupper() for w in lwords + rwords) \
        and lwords[-1].lower() not in party and rwords[-1].lower() not in party


def _one_name(left: str, right: str) -> bool:
    """Whether "LEFT and RIGHT" is one party's name rather than two parties."""
    if not left or not right:
        return False
    if len(left) == 1 or len(right) == 1:
        return True  # "L&D", "R & D"
    party = party_words()[0]
    lwords, rwords = left.split(), right.split()
    lparty = [w.lower() in party for w in lwords]
    # "Strategic Safeguarding and Quality Assurance Manager": two fields sharing one post
    if len(rwords) >= 2 and rwords[-1].lower() in party and not _DETERMINERS.match(right) \
            and not any(lparty) and len(lwords) <= 3 and all(w[:1].isupper() and not w.isupper() for w in lwords):
        return True
    # "Assistant Director ASC and Health": a post whose field goes on after it
    return len(rwords) == 1 and any(lparty) and not lparty[-1] and right[:1].isupper() \
        and not right.isupper() and right.lower() not in party


def _strip_dates(text: str) -> str:
    for kind, pattern in date_patterns():
        if kind in ("relative", "month", "year"):
            continue
        text = pattern.sub(" ", text)
    return text


def canonical(owner: str, paper: Setting | dict[str, str] | None = None) -> str:
    """One name per party: acronyms the paper defines and the maintained aliases map to one form,
    and the paper's generic owners ("the Government", "the Department", "we") to the body it means.

    >>> canonical("the Government"), canonical("the Government", Setting(government="Scottish Government"))
    ('HM Government', 'Scottish Government')
    """
    if not isinstance(paper, Setting):
        paper = Setting(acronyms=dict(paper or {}))
    name = re.sub(r"\s+", " ", owner).strip(" .,;:")
    stripped = _DETERMINERS.sub("", name)
    generic = owner_rules()["generic"].get(stripped.lower())
    if generic == "government":
        return paper.government
    if generic and paper.named.get(generic) and paper.named[generic].lower() != stripped.lower():
        return canonical(paper.named[generic], Setting(government=paper.government, acronyms=paper.acronyms))
    for form in (name, stripped):
        if form in paper.acronyms:
            name = paper.acronyms[form]
            stripped = _DETERMINERS.sub("", name)
            break
    key = name.lower()
    if key in aliases():
        return aliases()[key]
    if stripped.lower() in aliases():
        return aliases()[stripped.lower()]
    if stripped and stripped[0].islower():
        stripped = stripped[0].upper() + stripped[1:]
    return stripped or name


def clean(owners: list[str], paper: Setting | None = None) -> list[str]:
    """An item's owners without clause fragments and things: "Clerk of Council be and she hereby"
    is the Clerk of Council, "MCO requested" the MCO; a satellite or a scheme is no owner.

    >>> clean(["Director of Public Service hereby", "The Patient Safety Syllabus"])
    ['Director of Public Service']
    """
    kept: list[str] = []
    for owner in owners:
        # "Outstanding Action from meeting: Secretariat", "Tim Allen - short paper to Panel": the
        # party without the label before it or the task after it
        owner = re.split(r"\s+[-–—]\s+", owner.rsplit(": ", 1)[-1])[0].strip()
        name = _cut(owner)
        if name is None or _is_thing(name, paper) or _points_back(name):
            continue
        name = _resolved(name, paper)
        if name.lower() not in {k.lower() for k in kept}:
            kept.append(name)
    return kept


def _points_back(owner: str) -> bool:
    """An owner that points back to a party named before ("This body", "Such family members"):
    as printed it names no one. A generic one ("this Council") is the paper's body, and stays."""
    rules_ = owner_rules()
    stripped = _DETERMINERS.sub("", owner).lower()
    return bool(re.match(rules_["anaphora"], owner, re.IGNORECASE)) and stripped not in rules_["generic"]


def _resolved(owner: str, paper: Setting | None) -> str:
    """A generic owner the guideline resolves as printed ("The Agency" is the UK Space Agency the
    paper names), as the body the paper names; any other owner as it is."""
    if paper is None:
        return owner
    generic = owner_rules()["generic"].get(_DETERMINERS.sub("", owner).lower())
    if generic in owner_rules()["named_in_print"] and paper.named.get(generic):
        return f"the {paper.named[generic]}"
    return owner


def _cut(owner: str) -> str | None:
    """The owner before the first word that begins a clause; None if nothing of a party is left."""
    words = owner.split()
    stops = set(owner_rules()["clause_words"])
    for i, word in enumerate(words):
        if word in stops:  # lower case only: "Will Minnett" is a name
            head = " ".join(words[:i]).strip(" ,;:-–—")
            head = re.sub(r"\s+(?:and|or|of|the|to|for)$", "", head)
            return head if head and (is_party(head) or head[0].isupper()) else None
    return owner


def _is_thing(owner: str, paper: Setting | None) -> bool:
    words = re.findall(r"[\w’'-]+", owner.lower())
    if not words or words[-1] in owner_rules()["thing_heads"]:
        return bool(words) and not any(w in party_words()[0] for w in words[:-1])
    stripped = _DETERMINERS.sub("", owner).lower()
    return paper is not None and stripped in paper.things


def action_subject(text: str) -> list[str]:
    """Who an action names as its subject: "Transparency Team to share ...", "JG will circulate ..."."""
    m = re.match(r"^(.{2,90}?)\s+(?:to|will|would)\s+[a-z]", text)
    if not m:
        return []
    source = thing_source(m.group(1))
    if source:
        return source
    if ACTED_ON.match(text, m.end() - 1):
        return []
    # "At the request of the Chair, Andrew Stott will ...": the subject follows the last comma;
    # "X with Board input to consider": X acts, the others advise
    subject = re.split(r"\s+with\s+", m.group(1).split(",")[-1].strip())[0]
    if re.search(r"\b(?:when|where|if|that|who|which|how|whether|they|we)\b", subject, re.IGNORECASE):
        return []  # "Advise members when they need to log in": a clause, not a party
    if _imperative(subject):
        return []  # "Circulate slides on the NII to group": a task, and "to" its addressee
    parties = split_owners(subject)
    ok = all(is_party(p) or _NAME.fullmatch(p) for p in parties)
    return [*parties, *further_subjects(text, m.end())] if parties and ok else []


def _imperative(phrase: str) -> bool:
    """Whether a phrase begins with a verb of work and goes on in lower case, as a task does
    ("Circulate slides on the NII"), unlike a party named for its work ("Review Group members")."""
    words = phrase.split()
    return len(words) >= 3 and words[0].lower() in promise_verbs() and any(w.islower() for w in words[1:]) \
        and not any(w.lower() in party_words()[0] for w in words[1:])


# a later clause or sentence of an action that gives a task to another party: ". ShEx to provide ...",
# "... and HMCTS to come back ..."
_FURTHER = re.compile(r"(?:[.;]\s+|,?\s+and\s+)((?:The\s+)?(?-i:[A-Z])[\w’'.&-]*(?:\s+(?-i:[A-Z])[\w’'.&-]*){0,3})"
                      r"\s+(?:to|will)\s+(?!be\b)[a-z]{2,}")


def thing_source(subject: str) -> list[str]:
    """The parties a thing that is an action's subject comes from: "A letter from the MCO" is the
    MCO's to send, "A meeting between MCO, DFID and FCO" theirs to hold."""
    source = _FROM.fullmatch(subject)
    if source is None or is_party(subject[: source.start(1)]):
        return []
    named = split_owners(source.group(1))
    return named if named and all(is_party(p) or _NAME.fullmatch(p) for p in named) else []


def further_subjects(text: str, start: int) -> list[str]:
    """The parties that later clauses of an action, after `start`, give tasks to by name."""
    found = []
    for m in _FURTHER.finditer(text, start):
        if m.group(0).lstrip(", ").startswith("and") and re.search(r"\b(?:with|between)\b", text[start:m.start()]):
            continue  # "to engage with the Public Bodies Team and The National Archives to ...": whom they work with
        if is_party(m.group(1)) or _NAME.fullmatch(m.group(1)):
            found.append(m.group(1))
        start = m.end()
    return found


def addressee(sentence: str) -> str | None:
    """The party a recommendation or action sentence is addressed to, as printed.

    >>> addressee("In order to prepare, the BSP should establish a group.")
    'the BSP'
    """
    m = _MODAL.search(sentence) or _TO.search(sentence)
    if not m:
        return None
    before = sentence[: m.start()]
    # the subject is the last clause before the modal
    clause = re.split(r"[,;:]|\bthat\b|\bwhether\b|\bwhy\b|\bhow\b|\bif\b", before)[-1].strip()
    clause = re.sub(r"^(?:and|but|so|then|also)\s+", "", clause, flags=re.IGNORECASE).strip()
    words = clause.split()
    if not words or len(words) > 12 or _PRONOUN.match(clause):
        return None
    if not (words[0][0].isupper() or words[0].lower() == "the"):
        return None
    if re.search(r"\b(?:is|are|was|were|be|been|has|have|had)\b", clause):
        return None
    return clause
