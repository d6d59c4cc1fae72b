"""Verdicts: what a response says of each recommendation it restates.

A response restates a recommendation and then answers it; the answer opens with the verdict
("The Government agrees with the Committee's conclusion", "This recommendation is accepted in
full", "Recommendation accepted"). The verdict is read from that opening sentence and normalised
(accepted, accepted in principle, partially accepted, not accepted, under consideration, noted);
the sentence is kept as printed. Recommendations restated together (8.3 and 8.4, 4A to 4G) with
no answer between them share the answer after the last. A summary table of verdicts
(nlp.verdict_tables) says it for every recommendation it lists. The verdict is also the
recommendation's status, worded as the response words it ('Agreed', 'Accepted in principle',
'Not accepted'). Patterns are data:
`nlp/patterns/verdicts.json`.

Example::

    set_verdicts(document, items)
    items[0].verdict, items[0].verdict_printed, items[0].status
    # ('accepted', "The Government agrees with the Committee's conclusion.", 'Agreed')
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

from onrecord.ingest.model import EVIDENCE, Document
from onrecord.nlp import rules
from onrecord.nlp.model import Item
from onrecord.nlp.verdict_tables import ref_parts, table_verdicts, verdict_for

PRINTED_CHARS = 200  # how much of the verdict's sentence is kept as printed
VERDICT_SENTENCES = 4  # how far into an answer its verdict may come
PROBE = 40  # characters of an item's text (letters and digits only) that find it in the paper
# A list entry opens a line: a bullet, 'A.', '(b)', 'ii)', '8.7.'
_ENTRY = re.compile(r"^\s*(?:[●•▪◦‣∙·\-–—*]|\(?[A-Za-z]\)|[A-Z]\.\s|\(?[ivx]{1,4}\)|\d+(?:\.\d+)*\.?\s)")
_ASKS = re.compile(
    r"\b(?:should|must|ought to|recommends?|recommended|urges?|encourages?|invites?|draw attention)\b", re.IGNORECASE
)
_AGREES = re.compile(r"\bagree", re.IGNORECASE)
_ACCEPTS = re.compile(r"\baccept", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")


@cache
def _table() -> dict:
    return rules.load("verdicts.json")


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _table()["verdicts"]]


@cache
def _answerer() -> re.Pattern[str]:
    return re.compile(_table()["answerer"], re.IGNORECASE)


def verdict_of(sentence: str) -> str | None:
    """The normalised verdict a sentence prints: 'The Government does not agree ...' -> 'not accepted'.

    Only a sentence that opens with the one who answers or with the recommendation prints one:
    'Food labelling ... will be agreed' does not.
    """
    if not _answerer().search(sentence):
        return None
    return next((name for name, pattern in _patterns() if pattern.search(sentence)), None)


def set_verdicts(doc: Document, items: list[Item]) -> None:
    """Give each recommendation a response restates its verdict (`verdict`, `verdict_printed`)."""
    if doc.kind != EVIDENCE:
        return
    text, offsets = _stream(doc)
    key, where = _key(text)
    placed = []
    for item in items:
        if item.kind == "recommendation" and (span := _locate(item, key, where, offsets)):
            placed.append((span, item))
    placed.sort(key=lambda p: (p[0][0], p[0][1]))
    answers: list[str | None] = []
    for i, ((_, end), _item) in enumerate(placed):
        after = [start for (start, _), _ in placed[i + 1:] if start >= end]
        answers.append(_answer(text[end:min(after, default=len(text))]))
    verdict, printed = None, None
    for (_, item), answer in reversed(list(zip(placed, answers))):
        if answer:  # else restated together with the next, and answered after it
            verdict, printed = verdict_of(answer), answer[:PRINTED_CHARS]
        item.verdict, item.verdict_printed = (verdict, printed) if verdict else (None, None)
    # a summary table of verdicts, where the paper prints one, says it for each ref it lists
    if tabled := table_verdicts(doc, verdict_of):
        for (start, _), item in placed:
            if found := verdict_for(_printed_ref(item, text, start), tabled):
                item.verdict, item.verdict_printed = found
    for _, item in placed:
        if item.verdict and not item.status:
            item.status = status_of(item.verdict, item.verdict_printed or "")


def status_of(verdict: str, printed: str) -> str:
    """A verdict as the status the response prints: 'accepted' is 'Agreed' where the response
    agrees ('The Government agrees with ...') and accepts nothing, else 'Accepted'."""
    # a user's verdicts.json without the wording table: the verdict as it is, capitalised
    accept, agree = _table().get("status", {}).get(verdict) or [verdict.capitalize()] * 2
    return agree if _AGREES.search(printed) and not _ACCEPTS.search(printed) else accept


def _printed_ref(item: Item, text: str, start: int) -> tuple[str, ...]:
    """The ref a restated recommendation is printed under: at the start of its line ('4a) ii. The
    operation of ...'), else its own ref."""
    line = text[text.rfind("\n", 0, start) + 1:start]
    return ref_parts(line + item.text[:20]) or ref_parts(item.ref)


def _stream(doc: Document) -> tuple[str, list[int]]:
    """The paper's lines as one text, and where each page starts in it."""
    parts, offsets, length = [], [], 0
    for page in doc.pages:
        offsets.append(length)
        for line in page.lines:
            parts.append(line.text)
            length += len(line.text) + 1
    return "\n".join(parts), offsets


def _key(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits, lower-cased, and where each sits in the text."""
    where = [i for i, c in enumerate(text) if c.isalnum()]
    return "".join(text[i].lower() for i in where), where


def _locate(item: Item, key: str, where: list[int], offsets: list[int]) -> tuple[int, int] | None:
    """(start, end) of an item's text in the paper, looked for from its page on."""
    probe = "".join(c.lower() for c in item.text if c.isalnum())
    if not probe:
        return None
    page_start = offsets[item.page - 1] if item.page and item.page <= len(offsets) else 0
    first = bisect_left(where, page_start)  # the first letter on the item's page (where ascends)
    first = first if first < len(where) else 0
    start = key.find(probe[:PROBE], first)
    if start < 0 and ":" in item.text:  # 'As a minimum, the strategy should: be adaptable;' printed as a list
        probe = "".join(c.lower() for c in item.text.rsplit(":", 1)[1] if c.isalnum())
        start = key.find(probe[:PROBE], first) if probe else -1
    if start < 0:
        return None
    end = key.find(probe[-PROBE:], start)
    if end < 0:
        return None
    return where[start], where[end + min(PROBE, len(probe)) - 1] + 1


def _answer(region: str) -> str | None:
    """The sentence of an answer that gives its verdict: the opening one (past list entries and
    sentences that ask), else the first of the next few that prints a verdict ('It is essential
    that ... The Government will therefore give careful consideration to ...')."""
    opening = None
    for n, sentence in enumerate(_sentences(region)):
        if opening is None:
            opening = sentence
        if verdict_of(sentence) or n >= VERDICT_SENTENCES - 1:
            return sentence if verdict_of(sentence) else opening
    return opening


def _sentences(region: str) -> Iterator[str]:
    """The answer's sentences, past list entries and sentences that ask."""
    for entry, body in _fragments(region):
        sentences = [s for s in _SENTENCE_END.split(body.strip()) if s]
        for n, sentence in enumerate(sentences):
            if (entry and n == 0) or (_ASKS.search(sentence) and verdict_of(sentence) is None):
                continue
            if re.search(r"[^\W\d_]{2}", sentence):
                yield " ".join(sentence.split())


def _fragments(region: str) -> list[tuple[bool, str]]:
    """The region's lines joined into runs, a run starting at each list entry."""
    runs: list[tuple[bool, list[str]]] = []
    for line in region.split("\n"):
        if not runs or _ENTRY.match(line):
            runs.append((bool(_ENTRY.match(line)), [line]))
        else:
            runs[-1][1].append(line)
    return [(entry, " ".join(lines)) for entry, lines in runs]
