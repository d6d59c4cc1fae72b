"""Who a paper's generic owners are: its jurisdiction's government, the department and council it
names, the party it speaks for, its acronyms, and the names it gives things (a satellite, a scheme).

The rules are data, in `nlp/patterns/owner_rules.json`.

>>> setting("Scottish Government response ...", title="Scottish Government Response").government
'Scottish Government'
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from onrecord.nlp import rules

ISSUER_CHARS = 3000  # of the paper's text, read for its jurisdiction: the title pages


@dataclass(frozen=True)
class Setting:
    """What a paper's generic owners stand for."""

    government: str = "HM Government"
    named: dict[str, str] = field(default_factory=dict)  # generic word -> the body: {"department": ...}
    acronyms: dict[str, str] = field(default_factory=dict)
    things: frozenset[str] = frozenset()  # names the paper gives things, lower case: "titania"


@cache
def owner_rules() -> dict:
    """`nlp/patterns/owner_rules.json`, or the user's (`nlp.rules`)."""
    return rules.load("owner_rules.json")


def setting(text: str, title: str | None = None, body: str | None = None, responder: str | None = None,
            acronyms: dict[str, str] | None = None) -> Setting:
    """The setting of a paper, from its text, title, issuing body and the party it responds for."""
    issuer = " ".join(filter(None, [title, body, text[:ISSUER_CHARS]]))
    named = {"department": _most_named(owner_rules()["department"], [body, responder], text),
             "council": _council(body, text),
             "agency": _most_named(owner_rules()["agency"], [body, responder], _THE.sub("", text)),
             "responder": responder or ""}
    return Setting(government=_government(issuer), named={k: v for k, v in named.items() if v},
                   acronyms=dict(acronyms or {}), things=_things(text, acronyms or {}))


# "The UK Space Agency" at a sentence's start is the UK Space Agency. The word first, then the check that a
# word character is not before it (what \b says): re finds a literal start with a fast scan, 15 times as fast
_THE = re.compile(r"The(?<!\wThe)\s+(?=[A-Z])")


def jurisdiction(issuer: str) -> dict:
    """The jurisdiction whose cues the text names most; the default on a tie or none."""
    low = issuer.lower()
    table = owner_rules()["jurisdictions"]
    counts = {j["name"]: sum(_count(cue, low) for cue in j["cues"]) for j in table}
    best = max(counts.values())
    leaders = [name for name, n in counts.items() if n == best]
    name = leaders[0] if best and len(leaders) == 1 else owner_rules()["default_jurisdiction"]
    return next(j for j in table if j["name"] == name)


def _count(cue: str, text: str) -> int:
    """How often a cue is named as words of their own (a cue not in the text at all is not searched for)."""
    return len(_cue_pattern(cue).findall(text)) if cue in text else 0


@lru_cache(maxsize=1024)
def _cue_pattern(cue: str) -> re.Pattern:
    return re.compile(r"(?<![\w.])" + re.escape(cue) + r"(?![\w])")


def _government(issuer: str) -> str:
    return str(jurisdiction(issuer)["government"])


def _most_named(pattern: str, preferred: list[str | None], text: str) -> str:
    """The issuing body or responder if it is one; else the one the paper names most (the first
    named of those named as often), read through the maintained alias list."""
    compiled = re.compile(pattern)
    for name in preferred:
        if name and compiled.fullmatch(name.strip()):
            return _known(name.strip())
    return _first_of_most(_known(m.group()) for m in compiled.finditer(text))


def _council(body: str | None, text: str) -> str:
    """The council a paper is of: its issuing body if that is a council or a city, else the one it names most."""
    if body and re.search(r"\b(?:Council|City|County|Borough|Parish)\b", body):
        return body.strip()
    skip = set(owner_rules()["council_not_first"])
    names = (re.sub(r"\s+", " ", m.group()) for m in re.finditer(owner_rules()["council"], text))
    return _first_of_most(name for name in names if name.split()[0].lower() not in skip)


def _first_of_most(names: Iterable[str]) -> str:
    ranked = Counter(names).most_common(1)  # equal counts stay in the order first seen
    return ranked[0][0] if ranked else ""


def _known(name: str) -> str:
    """A name as the maintained alias list knows its longest start: "Department for Business &
    Trade Policy" (a heading run on) is the Department for Business and Trade."""
    from onrecord.nlp.owners import aliases  # here: nlp.owners reads owners against a Setting

    words = re.sub(r"\s*&\s*", " and ", re.sub(r"\s+", " ", name)).rstrip(",").split(" ")
    for n in range(len(words), 1, -1):
        key = " ".join(words[:n]).lower().rstrip(",")
        if key in aliases():
            return aliases()[key]
    return " ".join(words)


def _things(text: str, acronyms: dict[str, str]) -> frozenset[str]:
    """One-word names in capitals (four letters or more) the paper gives things: "the TYCHE satellite", "TITANIA is a radio frequency
    sensor", "this NPRM"."""
    after = "|".join(map(re.escape, owner_rules()["thing_after"]))
    found = {m.group(1) for m in re.finditer(
        rf"\b([A-Z][A-Z0-9-]{{3,}})\s+(?:is\s+an?\s+(?:[\w-]+\s+){{0,3}})?(?:{after})\b", text)}
    found |= {m.group(1) for m in re.finditer(r"this(?<!\wthis)\s+([A-Z][A-Z0-9]{3,})\b", text)}  # as _THE
    # a party's name is never a thing: a party word, the paper's acronym of a party, a known alias
    from onrecord.nlp.owners import is_party

    known = _party_words() | _COMMON | {short.lower() for short, name in acronyms.items() if is_party(name)}
    # in capitals, four letters or more: a capitalised word before "system" is more often a
    # sentence's first word ("Health system"), a short one a party's initials ("UK programme")
    return frozenset(n.lower() for n in found if n.lower() not in known and not _is_alias(n))


# capitalised words that begin a sentence before "... programme" without naming a thing
_COMMON = {"the", "this", "that", "a", "an", "our", "its", "their", "new", "national", "local", "each", "every"}


@cache
def _party_words() -> frozenset[str]:
    from onrecord.nlp.owners import party_words  # here: nlp.owners reads owners against a Setting

    return party_words()[0]


def _is_alias(name: str) -> bool:
    from onrecord.nlp.owners import aliases

    return name.lower() in aliases()


# a paper that names no author speaks for the department or council it names at least once in
# this many characters of its text: DWP's own paper names DWP once in 1,200, a committee's report
# names the department it reports on once in 6,000 or fewer
SPEAKER_CHARS = 3000


def speaker(text: str) -> str:
    """Whom a paper that names no author speaks for: the department or council it names most, at
    least once in SPEAKER_CHARS characters, printed as the paper prints it most, in full or by its initials
    ("DWP", named 97 times beside 4 for the Department for Work and Pensions); "" for none.

    >>> speaker("KCC will act. KCC has. Kent County Council is. KCC and KCC.")
    'KCC'
    """
    best, count, printed = "", 0, ""
    for pattern in (owner_rules()["department"], owner_rules()["council"]):
        names = Counter(re.sub(r"\s+", " ", m.group()) for m in re.finditer(pattern, text))
        if not names:
            continue
        name, n = names.most_common(1)[0]
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        short = len(re.findall(rf"\b{re.escape(initials)}\b", text)) if len(initials) >= 2 else 0
        if n + short > count:
            best, count, printed = name, n + short, initials if short > n else name
    return printed if best and count * SPEAKER_CHARS >= len(text) else ""

