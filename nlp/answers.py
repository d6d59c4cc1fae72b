"""Which restated recommendation each promise of a response answers. A response restates each
recommendation and then answers it: the promises printed after a restated recommendation, before
the next, answer the recommendation it restates; after several restated together, each promise
answers the one it names or whose words its paragraph shares most. nlp.links adds these answers to
the links it finds by words. Pure: entries in, answers out."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from onrecord.ingest.model import EVIDENCE
from onrecord.nlp.model import RESPONSE, RESTATED, Entry, Link
from onrecord.nlp.refs import PARTS, lettered, ref_key, ref_parts
from onrecord.nlp.speakers import section, spoken_for
from onrecord.nlp.verdicts import verdict_of

ANSWER_DISCOUNT = 0.9  # an answer's score, as a share of its restated recommendation's link (it keeps the link however low)
GROUP_FLOOR = 0.05  # least similarity by which an answer is given to one of several recommendations restated together
GROUP_SHARE = 0.95  # ... and to each whose similarity is at least this share of the best
ANSWER_PAGES = 1  # an answer is printed on the recommendation's page or the next (3 pages: 76% right, 1: 85%)
AWAITED_PAGES = 2  # ... but the first answer may sit two pages after its recommendation (COVID R5 p22, answered p24)
# A "promise" that asks rather than promises is a restated recommendation read as a commitment.
_ASKS = re.compile(r"\bshould\b|\bwe (?:further )?(?:recommend|urge)\b|\brecommends? that\b", re.IGNORECASE)


def identity(e: Entry) -> tuple:
    return (e.id, e.document, e.text, e.ref, e.kind)


def entries_by_place(entries: list[Entry]) -> list[Entry]:
    """The entries of responses that know their place, each response's in reading order; a promise
    printed in several places (under recommendations 14, 15 and 35) at each of them."""
    placed = [e for e in entries if e.place is not None and e.document_kind == EVIDENCE]
    placed += [replace(e, place=copy) for e in placed if e.kind == "commitment" for copy in e.copies]
    return sorted(placed, key=lambda e: (e.document, e.place, identity(e)))


def restatements(placed: list[Entry], links: list[Link]) -> list[Entry]:
    """A response's entries without the 'recommendations' that restate none: a heading ('7b) Review of
    progress', before 7b restated in full) or the government's own words ('DHSC recognises ...', read
    with 4a) v.'s ref) that would otherwise take the answers below them from the recommendation they
    answer. One that prints a ref of its own stays: a recommendation whose original is not to hand
    still has its own answers."""
    restated = {link.item_to for link in links if link.relation == RESTATED}
    printed = {(e.document, ref_parts(e.ref)) for e in placed if e.id in restated}
    return [e for e in placed if e.kind != "recommendation" or e.id in restated
            or (ref_parts(e.ref) is not None and (e.document, ref_parts(e.ref)) not in printed)]


def find_answers(placed: list[Entry], similarity: Callable[[str, str], float],
                 siblings: dict[str, list[tuple[str, tuple[str, str, str]]]] | None = None) -> dict[str, list[str]]:
    """The promises printed after each restated recommendation of a response, before the next.

    Recommendations restated together (2(a), 2(b), 2(c), then the answers) share the answers that
    follow them: each answer goes to those it names ('In relation to 7b)'), else to those its words
    are nearest (the memorial 'at public expense' to 2(b), not 2(c)), else to the first of lettered
    parts (a response answers them in their order) or the last of other recommendations; the
    first answer after lettered parts of one recommendation answers the first part as well if it
    shares a word with it (the memorial to 2(a) and 2(b); not a proposal to NICE, of 7a) iii.'s
    guidance, to 7a) i.). A part of another recommendation (5(a) after 4(e)) starts a new group.
    The promises read from one paragraph answer as one, by the words of them all ('We will consider
    funding PhD studentships. We will also engage with UKRI ...' both answer the studentships), and
    the first paragraph of answers after lettered parts answers the first part in each of its promises.
    An answer introduced by its part whose page then names another part of the same recommendation
    that was not restated with it ('4a) iv. ... This would meet recommendation 4a) iii.') answers that
    part too: `siblings`, if given, gets (the restated part's id, the other part's ref) for each.
    """
    paragraphs: dict[tuple, list[str]] = defaultdict(list)  # the promises read from each paragraph
    by_id = {entry.id: entry for entry in placed}
    for entry in placed:
        if entry.kind == "commitment" and entry.place is not None:
            paragraphs[(entry.document, entry.place)].append(entry.id)
    answers: dict[str, list[str]] = {}
    group: list[Entry] = []  # the recommendations restated together, awaiting their answers
    answered = False  # whether the group has had an answer: the next recommendation starts a new group
    last: Entry | None = None  # the group's latest recommendation or answer: a long answer runs over pages
    first: tuple | None = None  # the paragraph of the group's first answer
    following = _next_recommendations(placed)
    for at, entry in enumerate(placed):
        # an answer is printed within a page of the last, but the first may wait a few pages; however
        # far, unless the next recommendation restated is the one after the group's in number (R5's
        # answers run on until R6 is restated: nothing else is printed between them)
        awaited = not answered and entry.kind == "commitment"
        if group and last is not None and (entry.document != last.document
                                           or (_pages(last, entry) > (AWAITED_PAGES if awaited else ANSWER_PAGES)
                                               and not _follows(group[-1], following[at]))):
            group = []
        if entry.kind == "recommendation" or asks_again(entry):
            # a part restated pages after the last of its group, nothing read between them, was not restated
            # with it: the text between answered the last (10a) iv. on p60, answered in prose, 10a) v. on p62)
            if answered or entry.kind != "recommendation" or (group and (
                    _parent(group[-1]) != _parent(entry) or _pages(group[-1], entry) > ANSWER_PAGES)):
                group = []
            answered = False
            if entry.kind == "recommendation":
                group.append(entry)
                last = entry
        elif entry.kind == "commitment" and group:
            group = _unanswered(group, entry)
            paragraph = paragraphs.get((entry.document, entry.place), [entry.id])

            # the paragraph's first promise says what the paragraph answers, the next continue it ('We
            # will also ...'): the first goes by its own words if they are one recommendation's alone
            if (len(paragraph) > 1 and _opens(entry, [by_id[p] for p in paragraph])
                    and sum(similarity(e.id, entry.id) > 0 for e in group) == 1):
                paragraph = [entry.id]

            def alike(recommendation: str, answer: str, paragraph: list[str] = paragraph) -> float:
                return sum(similarity(recommendation, promise) for promise in paragraph)

            # an answer introduced by the part it answers ('In response to 3b, ...') answers that part
            below = _below(group, entry.before)  # the page text between the restated parts and the answer
            above, also = ([], set()) if _by_name(group, _named(entry.text)) else _named_above(group, below)
            if siblings is not None and above:
                siblings[entry.id] = [(above[0].id, ref) for ref in sorted(also)]
            # an answer under a government's heading answers the parts that name its country ('Scottish
            # Government' over the answers to 4a) ii., on Scotland and Wales, not to 4a) i., on Northern Ireland)
            among = spoken_for(group, entry, below)
            targets = above or _answered(among, entry, alike)
            # a response answers lettered parts in their order: its first answer answers the first part,
            # unless it has not a word of it
            first = (entry.document, entry.place) if not answered else first
            if (first == (entry.document, entry.place) and _siblings(among) and not _named(entry.text)
                    and not above and among[0] not in targets and alike(among[0].id, entry.id) > 0):
                targets = [among[0], *targets]
            for target in targets:
                answers.setdefault(target.id, []).append(entry.id)
            answered, last = True, entry
    return answers


ANSWERED_LETTERS = 400  # letters printed between two restated recommendations that answer the first (a paragraph, not a verdict line)
OPENING = 40  # letters of an item's text, spaces collapsed, that find where its page prints it (Entry.before)


def _opening(entry: Entry) -> str:
    """How an item's text opens, as the page text above a later item prints it."""
    return " ".join(entry.text.split())[:OPENING]


def _unanswered(group: list[Entry], answer: Entry) -> list[Entry]:
    """The recommendations of a group that await their answer: those after the last printed with a
    paragraph of text of its own before the next, which answered it though no promise was read from it
    (Recommendation 27, a page of the government's account, Recommendation 28, then its promises). Read
    from the page above the answer; a recommendation not printed there stays."""
    text = answer.before
    printed = [" ".join(e.text.split()) for e in group]
    for i in range(len(group) - 1, 0, -1):
        end = text.find(_opening(group[i]))  # where the later starts
        start = text.rfind(_opening(group[i - 1]), 0, max(end, 0))  # the earlier, if printed above it at all
        # not printed in the page text above the later, though the text reaches back further than the
        # earlier's length and a paragraph: a paragraph at least lies between them
        if end >= 0 and end - max(start, 0) - len(printed[i - 1]) > ANSWERED_LETTERS:
            return group[i:]
    return group


def _opens(promise: Entry, paragraph: list[Entry]) -> bool:
    """Whether a promise is the first of its paragraph's: the page prints it above each of the others."""
    start = _opening(promise)
    return all(start in other.before for other in paragraph if other.id != promise.id)


def _next_recommendations(placed: list[Entry]) -> list[Entry | None]:
    """For each entry, the next recommendation of its response printed after it (None if none)."""
    found: list[Entry | None] = []
    later: Entry | None = None
    for entry in reversed(placed):
        if later is not None and later.document != entry.document:
            later = None
        found.append(later)
        if entry.kind == "recommendation":
            later = entry
    return found[::-1]


def _follows(earlier: Entry, later: Entry | None) -> bool:
    """Whether a recommendation's number is the same as, or the one after, an earlier's: R6 after R5,
    8.30 after 8.29, 5a after 4e; not 8.32 after 8.29 (8.30 and 8.31 not restated between them)."""
    a, b = ref_parts(earlier.ref), ref_parts(later.ref) if later is not None else None
    if a is None or b is None:
        return False
    *head_a, last_a = a[0].split(".")
    *head_b, last_b = b[0].split(".")
    return head_a == head_b and int(last_b) - int(last_a) in (0, 1)


# A promise that says which recommendations it answers by their subject: 'We will consider the House of
# Lords recommendations about the steps ...'.
_REFERS = re.compile(r"\brecommendations?\s+(?:about|on|regarding|concerning|relating to|in relation to)\s",
                     re.IGNORECASE)
REFERRED_FLOOR = 0.1  # least similarity of a promise to the recommendation whose subject it names ...
REFERRED_MARGIN = 2.0  # ... and how many times that of any other restated in its response


def referred_answers(placed: list[Entry], answers: dict[str, list[str]],
                     similarity: Callable[[str, str], float]) -> dict[str, list[str]]:
    """Answers printed where no restated recommendation is answered (under a conclusion the response
    restates but the report does not number as a recommendation) that name the recommendations they
    answer by subject ('We will consider the recommendations about the steps which need to be taken
    to ensure that interventions delivered locally are evidence-based'): each answers the one
    recommendation restated in its response whose words it shares, if it shares them with no other
    nearly as much."""
    answering = {answer for found in answers.values() for answer in found}
    restated: dict[str, list[Entry]] = defaultdict(list)
    for entry in placed:
        if entry.kind == "recommendation":
            restated[entry.document].append(entry)
    found: dict[str, list[str]] = {}
    for entry in placed:
        if entry.kind != "commitment" or entry.id in answering or not _REFERS.search(entry.text):
            continue
        scores = sorted(((similarity(r.id, entry.id), r.id) for r in restated[entry.document]), reverse=True)
        if scores and scores[0][0] >= REFERRED_FLOOR and (
                len(scores) == 1 or scores[0][0] >= REFERRED_MARGIN * scores[1][0]):
            found.setdefault(scores[0][1], []).append(entry.id)
    return found


def _parent(entry: Entry) -> str | None:
    """The recommendation a lettered part belongs to ('2' for '2a', '2(b)'); None for any other ref."""
    key = ref_key(entry.ref)
    return key[:-1] if lettered(key) else None


def _siblings(group: list[Entry]) -> bool:
    """Whether the recommendations restated together are lettered parts of one: 2(a), 2(b), 2(c)."""
    return len(group) > 1 and _parent(group[0]) is not None and len({_parent(e) for e in group}) == 1


def asks_again(entry: Entry) -> bool:
    """Whether a 'promise' that asks is a restated recommendation read as a commitment: not if it
    agrees ('We agree that risk planning should be done jointly') or names the recommendation it
    answers ('OAG has agreed that the Scottish Government should seek to take forward recommendation 6a(vi)')."""
    return bool(_ASKS.search(entry.text)) and not verdict_of(entry.text) and not _named(entry.text)


def _answered(group: list[Entry], answer: Entry, similarity: Callable[[str, str], float]) -> list[Entry]:
    """Which of the recommendations restated together an answer answers."""
    if len(group) == 1:
        return group
    if by_ref := _by_name(group, _named(answer.text)):
        return by_ref
    scores = [similarity(e.id, answer.id) for e in group]
    best = max(scores)
    if best < GROUP_FLOOR:
        return group[:1] if _siblings(group) else group[-1:]
    return [e for e, score in zip(group, scores) if score >= GROUP_SHARE * best]


def _by_name(group: list[Entry], named: set[tuple[str, str, str]]) -> list[Entry]:
    """The recommendations restated together that are named. A name singles out the part it names in
    full, and only where no other part restated with it has the same ref ("6a" names none of 6a) i.
    to 6a) vi.; "6a(vi)" names 6a) vi.)."""
    refs = [ref_parts(e.ref) for e in group]
    return [e for e, ref in zip(group, refs) if ref and ref in named and refs.count(ref) == 1]


# An answer names a recommendation after a word that says so ('On recommendation 7c)', 'In relation to 7b)',
# 'In response to 3b'), or by a ref whose letter is bracketed ('its obligation under 11d)').
_NAMED = re.compile(rf"\b(?:recommendations?|rec\.?|in relation to|(?:in )?response to|on|under)\s+{PARTS}"
                    r"|\b(\d+)\s?(?:\(([a-z])\)|([a-z])\))(?:\s?\(?\b([ivx]+)\b\)?)?", re.IGNORECASE)


def _named(text: str) -> set[tuple[str, str, str]]:
    """The refs an answer names, each as (number, letter, numeral): 'On recommendation 7c), ...' names
    ('7', 'c', ''), '... recommendation 6a(vi) ...' ('6', 'a', 'vi')."""
    named = set()
    for m in _NAMED.finditer(text):
        number, letter, numeral, number_b, letter_b, letter_c, numeral_b = m.groups()
        named.add(((number or number_b).lower(), (letter or letter_b or letter_c or "").lower(),
                   (numeral or numeral_b or "").lower()))
    return named


# More refs named with the last: 'recommendations 12d/12e', '2(a) and 2(c)'.
_JOINED = re.compile(rf"\s*(?:/|,|&|\band\b|\bor\b)\s*{PARTS}", re.IGNORECASE)


def _named_above(group: list[Entry], below: str) -> tuple[list[Entry], set[tuple[str, str, str]]]:
    """The recommendations restated together that the page names last above an answer, after the last
    of them is printed: 'In response to 3b, NHS England ... will ...' answers 3b; 'The Government
    accepts the principles behind recommendations 12d/12e ... will give a further update' answers 12d
    and 12e. A name of none of them ('This would meet recommendation 4a) iii.') is passed over for the
    one before it; [] if none is named. With them, the other parts of their recommendation named below
    that name ('This would meet recommendation 4a) iii.' below '4a) iv.'). `below`: the page text
    above the answer, below the last of them (`_below`)."""
    phrases = _phrases(section(below))
    for at in range(len(phrases) - 1, -1, -1):
        if found := _by_name(group, phrases[at]):
            # the other parts of the same recommendation named below it, in full, and restated with none
            number = {ref[0] for e in found if (ref := ref_parts(e.ref))}
            restated = {ref_parts(e.ref) for e in group}
            also = {ref for later in phrases[at + 1:] for ref in later
                    if ref[0] in number and ref[1] and ref not in restated}
            return found, also
    return [], set()


def _below(group: list[Entry], text: str) -> str:
    """The page text above an answer below the last of the recommendations restated together printed
    in it (they print their own refs and words)."""
    for entry in group:
        start = _opening(entry)
        if start and (at := text.rfind(start)) >= 0:
            text = text[at + len(start):]
    return text


# The last of a run of numerals named with the first: 'In relation to 10a) ii-iii'.
_RANGE = re.compile(r"\s?[-–]\s?\(?([ivx]+)\b\)?", re.IGNORECASE)
_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _phrases(text: str) -> list[set[tuple[str, str, str]]]:
    """The refs of each naming phrase of a text, in order: 'recommendations 12d/12e' gives {12d, 12e},
    '10a) ii-iii' {10a) ii, 10a) iii}."""
    phrases = []
    end = 0
    while m := _NAMED.search(text, end):
        named = _named(m.group(0))
        end = m.end()
        if len(named) == 1 and (run := _RANGE.match(text, end)):
            number, letter, numeral = next(iter(named))
            if numeral in _NUMERALS and (last := run.group(1).lower()) in _NUMERALS:
                named |= {(number, letter, n) for n in _NUMERALS[_NUMERALS.index(numeral):_NUMERALS.index(last) + 1]}
                end = run.end()
        while joined := _JOINED.match(text, end):
            number, letter, numeral = joined.groups()
            named.add((number.lower(), (letter or "").lower(), (numeral or "").lower()))
            end = joined.end()
        phrases.append(named)
    return phrases


def _pages(a: Entry, b: Entry) -> int:
    return (b.place or (0, 0))[0] - (a.place or (0, 0))[0]


def with_answers(links: list[Link], answers: dict[str, list[str]], threshold: float) -> list[Link]:
    """Add, for each recommendation restated in a response, a link to each of the response's answers."""
    found = {(link.item_from, link.item_to): link for link in links}
    for link in links:
        if link.relation != RESTATED:
            continue
        for answer in answers.get(link.item_to, []):
            score = round(link.score * ANSWER_DISCOUNT, 4)
            known = found.get((link.item_from, answer))
            if known is None or known.score < score:
                found[(link.item_from, answer)] = Link(link.item_from, answer, RESPONSE, score)
    return sorted(found.values(), key=lambda link: (-link.score, link.item_from, link.item_to))
