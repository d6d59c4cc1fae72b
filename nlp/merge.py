"""One item per distinct statement: merge a recommendation printed twice in one document."""
from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from onrecord.nlp.model import Item
from onrecord.nlp.rules import rules


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@lru_cache(maxsize=4096)
def _bag(text: str) -> tuple[Counter, int]:
    """A text's words counted, once per text: merging compares every item with every other."""
    found = words(text)
    return Counter(found), len(found)


def _overlap(ca: Counter, cb: Counter) -> int:
    """How many words two counts share (what sum((ca & cb).values()) gives, without building it)."""
    if len(ca) > len(cb):
        ca, cb = cb, ca
    return sum(min(n, cb[w]) for w, n in ca.items() if w in cb)


def similarity(a: str, b: str) -> float:
    """Token F1 of two texts, the measure the gold metric pairs items by."""
    (ca, na), (cb, nb) = _bag(a), _bag(b)
    return _f1(_overlap(ca, cb) if na and nb else 0, na, nb)


def _f1(hit: int, na: int, nb: int) -> float:
    """Token F1 of texts of na and nb words that share `hit` words."""
    if not hit:
        return 0.0
    p, r = hit / nb, hit / na
    return 2 * p * r / (p + r)


def _contained(hit: int, ns: int, nl: int, share: float = 0.9) -> bool:
    """Whether a text of ns words is within one of nl words, sharing `hit` words with it."""
    if not ns or ns > nl:
        return False
    return hit / ns >= share


def _siblings(a: Item, b: Item) -> bool:
    """Sub-items of one parent ("4(a)", "4(b)"): alike by their shared lead-in, yet distinct."""
    return bool(a.ref and b.ref and a.ref != b.ref and _stem(a.ref) == _stem(b.ref))


def _stem(ref: str) -> str:
    """The parent's ref of a sub-item's: "4(a)" and "4A" give "4"."""
    return re.sub(r"\(?(?:[A-Za-z]|[ivx]{1,4})\)?$", "", ref) if _whole(ref) else ref


def _whole(ref: str) -> bool:
    """Whether a ref names one item of the paper ("4(a)", "8.2", "R3"), not only a sub-item of a
    parent left unsaid: every recommendation's list may have its own "(e)" and "(i)"."""
    return bool(re.search(r"\d", ref))


def _expand(text: str, acronyms: dict[str, str]) -> str:
    if not acronyms:
        return text
    return _expanded(text, tuple(sorted(acronyms.items())))


@lru_cache(maxsize=4096)
def _expanded(text: str, acronyms: tuple[tuple[str, str], ...]) -> str:
    table = dict(acronyms)
    return re.sub(r"\b[A-Z][A-Za-z&]{1,9}\b", lambda m: table.get(m.group(0), m.group(0)), text)


def same(a: Item, b: Item, acronyms: dict[str, str] | None = None) -> bool:
    if a.kind == b.kind == "decision" and a.ref and b.ref and a.ref != b.ref and _restated(a.ref, b.ref):
        return _f1(*_stem_overlap(a.text, b.text)) >= 0.6  # a motion's "(iv) Delegate ..." and "3) RESOLVED ... (iv) Delegates ..."
    if a.method == b.method == "minutes" and a.ref and b.ref and a.ref != b.ref and _whole(a.ref) and _whole(b.ref):
        return False  # "Resolution No. 168-16" and "169-16": alike in wording, two decisions; not a discussion's
        # point "d)" and the resolution "6(b)" that decides what it told
    if a.method == b.method == "table" and a.owners and b.owners and \
            {o.lower() for o in a.owners}.isdisjoint(o.lower() for o in b.owners):
        return False  # "Develop benefits case" for JTe and again for PM: two rows, two tasks
    if a.ref and b.ref and a.ref == b.ref and a.kind == b.kind and a.method != "minutes" and _whole(a.ref):
        return similarity(a.text, b.text) >= 0.3
    ta, tb = _expand(a.text, acronyms or {}), _expand(b.text, acronyms or {})
    # the words the two share, counted once for the score and for either holding the other
    (ca, na), (cb, nb) = _bag(ta), _bag(tb)
    hit = _overlap(ca, cb) if na and nb else 0
    score = _f1(hit, na, nb)
    if _siblings(a, b):
        return score >= 0.9
    # a recommendation in the body and again in the summary: worded a little differently
    recs = a.kind == b.kind == "recommendation"
    threshold, share = (0.6, 0.8) if recs else (0.75, 0.9)
    if recs and _told_again(a.text) != _told_again(b.text):
        threshold = 0.5  # "The Inquiry recommends that there should be ..." in a chapter: a listed one told again
    alike = score >= threshold or _contained(hit, na, nb, share) or _contained(hit, nb, na, share)
    return alike and not _named_apart(ta, tb)


def _named_apart(a: str, b: str) -> bool:
    """Whether two alike texts put one name where the other puts another ("... families used to
    services at Seashells ..." and "... at Millmead ..."): one statement made for two sites or
    parties, two items (annot-c). Not a sentence's first word, which a summary may word otherwise."""
    wa, wb = _NAME_WORDS.findall(a), _NAME_WORDS.findall(b)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if tag == "replace" and i1 and j1 and i2 - i1 <= 3 and j2 - j1 <= 3 \
                and all(w[:1].isupper() for w in (*wa[i1:i2], *wb[j1:j2])):
            return True
    return False


_NAME_WORDS = re.compile(r"[\w’']+")


def _restated(a: str, b: str) -> bool:
    """Whether one ref is the other's last part: a motion's part "(iv)" or "3" and the resolution that
    restates it, "3(iv)" or "8(3)" (not "168-16" and "169-16", nor "3" and "4")."""
    pa, pb = sorted((re.findall(r"[a-z0-9]+", a.lower()), re.findall(r"[a-z0-9]+", b.lower())), key=len)
    return 0 < len(pa) < len(pb) and pb[-len(pa):] == pa


def _stem_overlap(a: str, b: str) -> tuple[int, int, int]:
    """The words two texts share, with a verb's -s dropped ("Council is asked to: Approve" and
    "RESOLVED that Council: Approves"), and their lengths."""
    ca, cb = (Counter(re.sub(r"(?<=[a-z]{3})s$", "", w) for w in words(t)) for t in (a, b))
    return _overlap(ca, cb), sum(ca.values()), sum(cb.values())


def merge(items: list[Item], acronyms: dict[str, str] | None = None) -> list[Item]:
    """Fold duplicates into the fullest copy, taking owner and date from whichever gives them;
    acronyms the paper defines ("DH") count as their expansion when texts are compared."""
    kept: list[Item] = []
    for item in items:
        twin = next((k for k in kept if same(k, item, acronyms)), None)
        if twin is None:
            kept.append(item)
            continue
        if (item.method == "table") != (twin.method == "table"):
            # a table row's text is clean of its owner and date columns; prose repeats them inline
            full = item if item.method == "table" else twin
        elif twin.kind == item.kind == "decision" and twin.ref != item.ref and _restated(twin.ref, item.ref):
            full = item if len(item.ref) > len(twin.ref) else twin  # the resolution's words, not the motion's
        else:
            full = item if len(item.text) > len(twin.text) else twin
        other = twin if full is item else item
        places = [*twin.copies, *item.copies, *([(other.page, other.bbox[3])] if other.page and other.bbox else [])]
        twin.text, twin.page, twin.bbox = full.text, full.page, full.bbox
        kept_at = (twin.page, twin.bbox[3]) if twin.page and twin.bbox else None
        twin.copies = sorted({place for place in places if place != kept_at})
        twin.ref = full.ref or other.ref  # the ref printed beside the text kept
        twin.owners = _all_owners(full.owners, other.owners, acronyms or {})
        if not twin.due_date and item.due_date:
            twin.due, twin.due_date = item.due, item.due_date
        twin.due = twin.due or item.due
        twin.status = twin.status or item.status
        if item.method == "table" and twin.method != "table":
            twin.kind, twin.method = item.kind, item.method
        twin.confidence = max(twin.confidence, item.confidence)
    return kept


def _all_owners(first: list[str], second: list[str], acronyms: dict[str, str]) -> list[str]:
    """The owners of the fuller of two copies of one statement, and those the other adds when it
    names each of them too: a copy under a heading its sentence runs into ("A regular exercise The
    UK government and devolved administrations should ...") may name fewer. A party is the same when
    the words of one name, acronyms the paper defines expanded, hold the other's ("the DfT",
    "Department for Transport")."""
    def named(owner: str, among: list[str]) -> bool:
        mine = _party_words(owner, acronyms)
        return any(mine <= _party_words(o, acronyms) or _party_words(o, acronyms) <= mine for o in among)

    if not first or not all(named(o, second) for o in first):
        return list(first or second)  # the fuller copy's, unless the other names each of them and more
    return [*first, *(o for o in second if not named(o, first))]


def _party_words(owner: str, acronyms: dict[str, str]) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", _expand(owner, acronyms).lower())
                     if w not in ("the", "of", "and", "for"))


@lru_cache(maxsize=512)
def _told_again(text: str) -> bool:
    """A recommendation told in running text ("the Inquiry recommends that ..."), not as listed; once
    per text, as merging compares every recommendation with every other."""
    return bool(rules().cues["told_again"].search(text))
