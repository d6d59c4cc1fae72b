"""Which government speaks an answer of a response that several answer together, and which restated
parts it answers by that. A UK inquiry's response answers a recommendation's parts under headings of
each government ('Northern Ireland Executive', 'Scottish Government', 'Welsh Government'), or in
answers that open with one ('The Welsh Government has asked ...'): such an answer answers the parts
that name its country ('... should be introduced in Northern Ireland'), whatever words it shares with
the others. The governments and their countries are the jurisdictions of `owner_rules.json`."""
from __future__ import annotations

import re
from functools import cache

from onrecord.nlp.model import Entry
from onrecord.nlp.setting import owner_rules


@cache
def _governments() -> tuple[tuple[re.Pattern, re.Pattern, re.Pattern, str], ...]:
    """For each jurisdiction: its government as a heading of its own (a sentence's end before it, a
    capital after it), as an answer's subject ('The Welsh Government ...', 'In Wales, ...'), its
    country as a part names it as a place ('in Scotland and in Wales', 'In Scotland, Wales and Northern
    Ireland'; not 'the United Kingdom Haemophilia Centre Doctors' Organisation'), and its name."""
    found = []
    countries = "|".join(re.escape(place["name"]) for place in owner_rules()["jurisdictions"])
    for place in owner_rules()["jurisdictions"]:
        names = sorted({place["government"], *(cue for cue in place["cues"]
                                               if cue.split()[-1] in ("government", "executive"))}, key=len)
        said = "|".join(re.escape(name) for name in reversed(names))
        country = re.escape(place["name"])
        found.append((re.compile(rf"(?:^|(?<=[.:;!?)]\s))(?i:{said})(?=\s+[A-Z]|\s*$)"),
                      re.compile(rf"(?:the\s+)?(?:{said})\b|in\s+{country},", re.IGNORECASE),
                      re.compile(rf"\bin\s+(?:(?:{countries})(?:\s*,\s*|\s+and\s+(?:in\s+)?))*{country}\b",
                                 re.IGNORECASE), place["name"]))
    return tuple(found)


def speaker(answer: Entry, above: str) -> str | None:
    """The jurisdiction whose government speaks an answer: the one it opens with, else the one whose
    heading is printed last in `above` (the page text between the restated parts and the answer)."""
    for _, subject, _, name in _governments():
        if subject.match(answer.text):
            return name
    return _last_heading(above)[1]


def section(above: str) -> str:
    """The page text above an answer from the last government's heading printed in it: a part named
    above that heading ('... in line with recommendation 7a) iii. Welsh Government') is named in
    another government's answer."""
    return above[max(_last_heading(above)[0], 0):]


def _last_heading(above: str) -> tuple[int, str | None]:
    """Where the last government's heading starts in a text, and its jurisdiction; (-1, None) if none."""
    last, who = -1, None
    for heading, _, _, name in _governments():
        for m in heading.finditer(above):
            if m.start() > last:
                last, who = m.start(), name
    return last, who


def spoken_for(parts: list[Entry], answer: Entry, above: str) -> list[Entry]:
    """The parts restated together that an answer answers by its government: those that name its
    country, if some but not all do; else all."""
    who = speaker(answer, above)
    if who is None or len(parts) < 2:
        return parts
    country = next(pattern for _, _, pattern, name in _governments() if name == who)
    named = [part for part in parts if country.search(part.text)]
    return named if 0 < len(named) < len(parts) else parts
