"""Candidates for the learned decision: the rules' items, and every other sentence and list entry.

The rules (tables, action logs, prose) make items with good spans but miss what they have no cue
for ("The Clerk to write to ...", "Councillors agreed to ..."). So every paragraph that no rule
item covers offers its sentences, and a list entry (a numbered, lettered or bulleted paragraph)
offers itself whole, as candidates too. No parse is needed to make them: what decides is
`nlp.decide`, weighing each candidate's features (`features()`), which carry over between papers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from onrecord.ingest.model import EVIDENCE, MINUTES, BBox
from onrecord.nlp.blocks import Block, closes_quote, sentences
from onrecord.nlp.classify import promise_score
from onrecord.nlp.literals import needed
from onrecord.nlp.merge import similarity, words
from onrecord.nlp.model import Item
from onrecord.nlp.owners import action_subject, addressee, is_party
from onrecord.nlp.rules import rules

ENTRY_MARKERS = ("number", "letter", "bullet", "rec", "resolved", "action", "agreed")
MIN_WORDS, MAX_WORDS = 4, 160  # shorter says too little to be an item; longer is a passage, not a statement


@dataclass
class Candidate:
    """A statement that might be an item: the rules' item, or a span no rule took."""

    text: str
    page: int
    source: str  # "rule" (the rules made it), "sentence" or "entry" (a list entry whole)
    item: Item | None = None  # the rules' item
    bbox: BBox | None = None
    marker: str | None = None  # the marker of its paragraph (nlp.blocks.MARKERS)
    ref: str = ""
    section: str = ""  # the last heading above it
    lead: str = ""  # the paragraph before, when it ends with ":" (a lead-in)
    position: float = 0.0  # where in the paper, 0 (first page) to 1 (last)
    first: bool = True  # the first sentence of its paragraph
    among: tuple[str, ...] = ()  # the cues its paragraph has (and the anchored ones), of which it may have some
    lead_marker: str | None = None  # the lead-in's own marker ("RESOLVED that Council:" leads decisions)
    style: tuple[str, ...] = ()  # "bold", "italic": its paragraph's font (Block.style)
    features: dict[str, float] = field(default_factory=dict)
    made: dict[str, Item] = field(default_factory=dict, repr=False)  # its item by kind, once made


def candidates(blocks: list[Block], rule_items: list[Item], doc_kind: str | None, pages: int) -> list[Candidate]:
    """The rules' items first, then sentences and entries of the paragraphs no rule item covers."""
    by_page: dict[int, list[Item]] = {}
    for item in rule_items:
        by_page.setdefault(item.page or 0, []).append(item)
    out: list[Candidate] = []
    placed: set[int] = set()
    section, before = "", None
    lead, listed, lead_marker = "", None, None  # a lead-in ("... should:"), the marker of the entries it leads
    for at, block in enumerate(blocks):
        if block.is_heading:
            section, before = block.text, block
            continue
        position = (block.page - 1) / max(pages - 1, 1)
        if before is not None and before.text.rstrip().endswith(":"):
            lead, listed, lead_marker = before.text, block.marker, before.marker
        elif block.marker is None or block.marker != listed:
            lead, listed, lead_marker = "", None, None  # a lead-in leads each entry of its list, (ii) and (iii) too
        near = by_page.get(block.page, [])
        for item in near:
            if id(item) not in placed and _from(item, block):
                placed.add(id(item))
                if doc_kind == MINUTES and _restated(item, block, blocks[at + 1:], by_page):
                    continue  # still the paragraph's: its sentence is taken, and offers no candidate
                out.append(Candidate(item.text, block.page, "rule", item, item.bbox, block.marker, item.ref,
                                     section, lead, position, lead_marker=lead_marker,
                                     style=block.style))
        if doc_kind == MINUTES and lead and rules().cues["states_view"].search(lead):
            pass  # "This Council believes that:" a) ... b) ...: a position stated, nobody asked to act (annot-d)
        elif not _covered(block, near):
            out += _spans(block, section, lead, position, lead_marker)
        elif doc_kind in (MINUTES, EVIDENCE) and (untaken := _untaken(block, near)):
            # the rules took another of its sentences: a minute's, or a response's answer, may hold more
            out += _spans(block, section, lead, position, lead_marker, untaken)
        before = block
    for item in rule_items:  # table rows and items whose paragraph was not found
        if id(item) not in placed:
            position = ((item.page or 1) - 1) / max(pages - 1, 1)
            out.append(Candidate(item.text, item.page or 0, "rule", item, item.bbox, None, item.ref, "", "", position))
    _in_rule_order(out, rule_items)
    keys = [_key(candidate.text) for candidate in out]
    twice = _printed_twice(out, keys)
    listing = _lists_recommendations(rule_items)
    for i, candidate in enumerate(out):
        candidate.features = features(candidate, doc_kind)
        if listing:  # beside a numbered list, a paragraph's "should" is seldom one more recommendation
            candidate.features[f"listed_paper&src={candidate.source}&doc={doc_kind or 'other'}"] = 1.0
        _neighbours(candidate, out[i - 1] if i else None, out[i + 1] if i + 1 < len(out) else None)
        if keys[i] in twice:
            candidate.features["printed_twice"] = candidate.features[f"printed_twice&doc={doc_kind or 'other'}"] = 1.0
    return out


LISTED = 5  # numbered recommendations that make a paper's formal list


def _lists_recommendations(rule_items: list[Item]) -> bool:
    """Whether the paper numbers its recommendations ("1. HM Government shall ...", "Recommendation 8:",
    "4(a)"): annotators take its items from that list, and leave the narrative's "should" out."""
    return sum(item.kind == "recommendation" and bool(re.search(r"\d", item.ref)) for item in rule_items) >= LISTED


KEY_CHARS = 60  # letters and digits that make a statement's key: printed again, the same words


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is what str.isalnum() accepts, and "_"


def _key(text: str) -> str:
    """The statement's first KEY_CHARS letters and digits, lower-cased (read from the first few
    hundred chars: a key is seldom longer than its first 4 x KEY_CHARS chars)."""
    key = _NOT_ALNUM.sub("", text[:4 * KEY_CHARS].lower())
    if len(key) < KEY_CHARS and len(text) > 4 * KEY_CHARS:
        key = _NOT_ALNUM.sub("", text.lower())
    return key[:KEY_CHARS]


def _printed_twice(out: list[Candidate], keys: list[str]) -> set[str]:
    """Keys of statements printed on two pages or more: a report's recommendations in their chapter
    and again in its summary, where a narrative paragraph is printed once."""
    pages: dict[str, set[int]] = {}
    for candidate, key in zip(out, keys):
        if len(key) == KEY_CHARS:
            pages.setdefault(key, set()).add(candidate.page)
    return {key for key, on in pages.items() if len(on) > 1}


def _neighbours(candidate: Candidate, before: Candidate | None, after: Candidate | None) -> None:
    """What the rules made of the spans on either side: a restated recommendation's siblings, a list
    whose other entries are actions, are likely items of the same kind."""
    f = candidate.features
    for side, other in (("prev", before), ("next", after)):
        if other is None or other.page != candidate.page:
            continue
        if other.item is not None:
            f[f"{side}_rule={other.item.kind}"] = 1.0
        if other.marker == candidate.marker and candidate.marker is not None:
            f[f"{side}_same_marker"] = 1.0
            if other.item is not None:
                f[f"{side}_same_marker_rule={other.item.kind}"] = 1.0


def _in_rule_order(found: list[Candidate], rule_items: list[Item]) -> None:
    """The rules' items back in the order the rules made them ("4", "4A", "4B"), in the places the
    rules' items hold among the other candidates."""
    order = {id(item): i for i, item in enumerate(rule_items)}
    slots = [i for i, c in enumerate(found) if c.item is not None]
    ordered = sorted((found[i] for i in slots), key=lambda c: order[id(c.item)])
    for i, candidate in zip(slots, ordered):
        found[i] = candidate


def _from(item: Item, block: Block) -> bool:
    """Whether the rules' item was read from this paragraph (its box inside it, or its words)."""
    b = block.bbox if item.bbox else None
    if item.bbox and b:
        x, y = (item.bbox[0] + item.bbox[2]) / 2, item.bbox[1] + 1
        return b[0] - 1 <= x <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1
    return similarity(item.text, block.body) >= 0.5


@lru_cache(maxsize=512)
def _word_set(text: str) -> frozenset[str]:
    """A text's words, once per text: a rule's item is compared with every paragraph of its page."""
    return frozenset(words(text))


def _restated(item: Item, block: Block, after: list[Block], by_page: dict[int, list[Item]]) -> bool:
    """A point of discussion that an Action line right after its paragraph gives again, to the same
    party ("It was agreed that the MoJ and the Home Office would check ..." then "Action: MoJ and HO to
    produce ..."): one item, the Action line's (annot-e: "The discussion sentence that leads to an
    action is merged into it, not labelled again")."""
    if block.marker in ("action", "resolved") or not item.owners:
        return False
    parties = {key for owner in item.owners for key in _party_keys(owner)}
    for line in after:
        if line.marker != "action":
            return False
        for action in by_page.get(line.page, []):
            if action.kind == "action" and _from(action, line) \
                    and parties & {key for owner in action.owners for key in _party_keys(owner)}:
                return True
    return False


_PARTY_FILLER = re.compile(r"^(?:(?:both|all|each|the)\s+)+", re.IGNORECASE)


def _party_keys(owner: str) -> set[str]:
    """A party's name, lower-cased, without "the" or "both" before it, and its initials when it has
    two capitalised words or more ("the Home Office" gives "home office" and "ho")."""
    name = _PARTY_FILLER.sub("", owner.strip())
    capitals = [w for w in name.split() if w[:1].isupper()]
    keys = {name.lower()}
    if len(capitals) >= 2 and len(capitals) == len(name.split()):
        keys.add("".join(w[0] for w in capitals).lower())
    return keys


def _covered(block: Block, items: list[Item]) -> bool:
    """A paragraph the rules took, whole or a sentence of it."""
    body = _word_set(block.body)
    if not body:
        return True
    for item in items:
        if item.kind == "commitment" and item.bbox and block.bbox and not _meets(item.bbox, block.bbox):
            continue  # another paragraph's promise, though it shares words ("... update ... to Parliament ...")
        held = _word_set(item.text)
        if len(body & held) >= 0.5 * min(len(body), len(held) or 1):
            return True
    return False


def _meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes touch or overlap (a point of slack)."""
    return a[0] <= b[2] + 1 and b[0] <= a[2] + 1 and a[1] <= b[3] + 1 and b[1] <= a[3] + 1


def _untaken(block: Block, items: list[Item]) -> list[str]:
    """The sentences of a paragraph the rules took in part that no rule item holds: in "An e-mail has
    been received ... The Councillors resolved to take part ...", or beside "Ask Celia if she would
    consider ..., action Mags", another sentence may be an item too."""
    parts = sentences(block.body)
    if len(parts) < 2:
        return []
    held = [_word_set(item.text) for item in items]
    out = []
    for part in parts:
        own = _word_set(part)
        if own and not any(len(own & h) >= 0.5 * len(own) for h in held):
            out.append(part)
    return out


def _spans(block: Block, section: str, lead: str, position: float, lead_marker: str | None,
           only: list[str] | None = None) -> list[Candidate]:
    """A paragraph's candidates: a list entry whole and its sentences (or `only` those sentences)."""
    body = block.body
    parts = sentences(body)
    spans = [body] if block.marker in ENTRY_MARKERS and only is None else []
    if only is not None:
        spans = list(only)
    elif len(parts) > 1 or not spans:
        spans += parts
    out = []
    among = _cues(body, CUES) if len(spans) > 1 else CUES  # a sentence has no cue its paragraph lacks
    bbox, style = block.bbox, block.style  # the paragraph's, read from its lines once for all its spans
    for i, text in enumerate(spans):
        n = len(text.split())
        if MIN_WORDS <= n <= MAX_WORDS:
            source = "entry" if text is body and block.marker in ENTRY_MARKERS else "sentence"
            out.append(Candidate(text, block.page, source, None, bbox, block.marker, block.ref,
                                 section, lead, position, first=text == parts[0] or (only is None and i == 0),
                                 among=CUES if text is body else among,  # a paragraph's cues, read once
                                 lead_marker=lead_marker, style=style))
    return out


_WORD = re.compile(r"[a-z]+")
_SUBJECT_TO = re.compile(r"^\W*(?:action\s*:?\s*)?((?:[A-Z][\w.’'&/-]*\s*){1,5})\s+(?:to|will|would|should|agreed to)\s+[a-z]")
_LENGTHS = (6, 12, 25, 50, 100)
# the cues that say what a statement does (the others in cues.json read headings and answers)
CUES = ("recommend", "modal", "procedural", "decision_verbs", "lead_in", "directive", "recommender", "promise",
        "not_promise", "never_promise", "answer", "decided_following", "requested", "reporting", "reported_view",
        "recommended_before")


@lru_cache(maxsize=2048)
def _cues(text: str, among: tuple[str, ...] = CUES) -> tuple[str, ...]:
    """The names of the cues, of those `among`, a text has (a lead-in is shared by its entries:
    read once). A cue anchored at the start ("^") is always tried: a sentence starts where its
    paragraph does not."""
    lower = text.lower()
    has = lower.__contains__  # `in`, called by map in C: a generator's steps cost more than the tests
    return tuple(name for name, pattern, needs in _lower_cues() if (name in among or "^" in pattern.pattern)
                 and (needs is None or any(map(has, needs))) and pattern.search(lower))


@cache
def _lower_cues() -> list[tuple[str, re.Pattern, tuple[str, ...] | None]]:
    """CUES compiled for lower-cased text (the same matches as ignoring case, in half the time),
    each with the words it cannot match without (`literals.needed`): most texts lack them all,
    and a cue is looked for in every candidate, in 40% of the time when they are tested first."""
    compiled = [(name, re.compile(rules().cues[name].pattern)) for name in CUES]
    return [(name, pattern, needed(pattern)) for name, pattern in compiled]
_SUBJUNCTIVE = re.compile(r"^\W*(?:that\s+)?[^.;:]{3,150}?\bbe\s+\w+(?:ed|en|t)\b", re.IGNORECASE)  # "That a fund be set up"


_LETTERED_REF = re.compile(r"^\d{1,3}[a-z]\)?$|^\d{1,3}[a-z]?\)\s*(?:[ivx]{1,4}|[a-z])[.)]?$")  # "12d", "6a) i."


def _sub_item(candidate: Candidate) -> bool:
    """Whether a list entry is a lettered sub-item: "(b) ..." or a number with its letter, "12d) ..."."""
    return candidate.marker == "letter" or candidate.marker == "number" and bool(_LETTERED_REF.match(candidate.ref))


def features(candidate: Candidate, doc_kind: str | None) -> dict[str, float]:
    """What the decision weighs: the rules' verdict, cue words, where the span sits, its opening words.

    Each feature is named for what it tests; the document's kind is crossed with the strongest so
    that a cue may weigh differently in minutes and in a report."""
    text = candidate.text
    lower = text.lower()
    kind = doc_kind or "other"
    f: dict[str, float] = {"bias": 1.0, f"doc={kind}": 1.0, f"src={candidate.source}": 1.0,
                           f"src={candidate.source}&doc={kind}": 1.0, f"marker={candidate.marker}": 1.0,
                           f"marker={candidate.marker}&doc={kind}": 1.0}
    if candidate.item is not None:
        item = candidate.item
        f[f"rule={item.kind}"] = f[f"rule={item.kind}&doc={kind}"] = 1.0
        f[f"rule_method={item.method}"] = f[f"rule_method={item.method}&doc={kind}"] = 1.0
        if item.owners:
            f["rule_owner"] = 1.0
        if item.due_date:
            f["rule_due"] = 1.0
    if candidate.ref:
        f["has_ref"] = 1.0
    cued = _cues(text, candidate.among or CUES)
    for name in cued:
        f[f"cue={name}"] = f[f"cue={name}&doc={kind}"] = f[f"cue={name}&src={candidate.source}"] = 1.0
    if _sub_item(candidate) and ("modal" in cued or _SUBJUNCTIVE.match(text)):
        f["lettered_asks"] = f[f"lettered_asks&doc={kind}"] = 1.0  # a lettered sub-item that asks: an item of its own
    for name in _cues(candidate.lead) if candidate.lead else ():
        f[f"lead_cue={name}"] = 1.0
    if candidate.lead_marker:
        f[f"lead_marker={candidate.lead_marker}"] = f[f"lead_marker={candidate.lead_marker}&doc={kind}"] = 1.0
    section = candidate.section.lower()
    for word in ("recommend", "action", "resolved", "decision", "response", "conclusion", "summary", "next steps",
                 "contents", "introduction", "background", "appendix", "minutes", "agreed"):
        if word in section:
            f[f"section~{word}"] = 1.0
    for word in set(_WORD.findall(section)):
        f[f"sec={word}"] = 1.0
    m = _SUBJECT_TO.match(text)
    if m:
        f["subject_then_verb"] = f[f"subject_then_verb&doc={kind}"] = 1.0
    who = addressee(text)
    if who:
        f["addressed"] = 1.0
        if is_party(who):
            f["addressed_party"] = f[f"addressed_party&doc={kind}"] = 1.0
    if action_subject(text):
        f["action_subject"] = f[f"action_subject&doc={kind}"] = 1.0
    if _SUBJUNCTIVE.match(text):
        f["subjunctive"] = 1.0
    if "promise" in cued and promise_score(text) >= 0.5:
        f["promise_model"] = f[f"promise_model&doc={kind}"] = 1.0
    if candidate.first:
        f["first_sentence"] = 1.0
    tokens = _WORD.findall(lower)
    for i, token in enumerate(tokens[:3]):
        f[f"w{i}={token}"] = 1.0
    for token in set(tokens):
        f[f"word={token}"] = 1.0
    n = len(tokens)
    f[f"len<={next((b for b in _LENGTHS if n <= b), 'more')}"] = 1.0
    f[f"pos={min(int(candidate.position * 5), 4)}"] = 1.0
    if text.rstrip().endswith(":"):
        f["ends_colon"] = 1.0
    if text.rstrip().endswith("?"):
        f["question"] = 1.0
    if text[:1].islower():
        f["starts_lower"] = 1.0
    if text[:1] in "“\"‘'":
        f["quoted"] = 1.0
    if closes_quote(text):
        f["quote_ends"] = 1.0  # the end of a quotation begun before it
    if re.search(r"\b(?:19|20)\d\d\b", text):
        f["year"] = 1.0
    for name in candidate.style:  # a restated recommendation in bold, its answer in roman
        f[name] = f[f"{name}&doc={kind}"] = 1.0
    return f
