"""Deadlines: find one in a piece of text and normalise it to an ISO prefix at the printed precision.

>>> normalise("Q3 2025")
'2025-09'
>>> normalise("2024/25")
'2025-03'
"""
from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

from dateutil.relativedelta import relativedelta

from onrecord.nlp import rules

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
YEAR = r"(?:19|20)\d\d"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}
_COUNT = r"(?:\d{1,2}|" + "|".join(_NUMBERS) + ")"
# a season's last month: a season is over when that month is ("summer" ends with August)
SEASONS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_SEASON = "|".join(SEASONS)
_MEETING = r"(?:meeting|council|cabinet|committee|board|panel|forum|session)\b"

_PARTS = {"month": MONTH, "year": YEAR, "day": DAY, "count": _COUNT, "season": _SEASON, "meeting": _MEETING}


@cache
def patterns() -> list[tuple[str, re.Pattern]]:
    """How deadlines are printed, by kind, as data (nlp/patterns/dates.json), each with its parts
    ("{month}", "{year}", ...) written out; tried in order, the first that matches a span wins it."""
    return [(p["kind"], compiled(p["pattern"])) for p in rules.load("dates.json")["patterns"]]


def compiled(pattern: str) -> re.Pattern:
    """A dates.json pattern with its parts ("{month}", ...) written out, compiled."""
    for name, part in _PARTS.items():
        pattern = pattern.replace("{" + name + "}", part)
    return re.compile(pattern, re.IGNORECASE)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower().rstrip(".")[:3]]


def _year(text: str) -> int:
    text = text.lstrip("'")
    return int(text) if len(text) == 4 else 2000 + int(text)


def _valid(y: int, m: int, d: int | None = None) -> bool:
    try:
        date(y, m, d or 1)
    except ValueError:
        return False
    return True


def _iso(kind: str, m: re.Match, reference: date | None, ahead: bool = False) -> str | None:
    """The ISO prefix of a match of a pattern of that kind; `ahead`: a month without a year is the next such
    month (in prose a deadline is not before the paper), else the paper's year's."""
    g = m.groups()
    if kind == "open":
        return None
    if kind == "fy":
        start, end = (int(g[0]), int(g[1])) if g[0] else (2000 + int(g[2]), int(g[3]))
        if (start + 1) % 100 != end:
            return None
        return f"{start + 1}-03"
    if kind == "fy_span":
        years = [int(y) for y in g]
        if (years[0] + 1) % 100 != years[1] or (years[2] + 1) % 100 != years[3] or years[2] < years[0]:
            return None
        return f"{years[2] + 1}-03"
    if kind == "quarter":
        q = int(g[0]) if g[0] else {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[g[1].lower()]
        return f"{g[2]}-{q * 3:02d}"
    if kind == "dmy":
        y, mo, d = int(g[2]), _month(g[1]), int(re.sub(r"\D", "", g[0]))
        return f"{y}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind == "mdy":
        y, mo, d = int(g[2]), _month(g[0]), int(re.sub(r"\D", "", g[1]))
        return f"{y}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind == "numeric":  # UK order: day.month.year
        d, mo, y = int(g[0]), int(g[1]), _year(g[2])
        return f"{y}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if kind == "iso":
        return m.group(0) if _valid(int(g[0]), int(g[1]), int(g[2])) else None
    if kind == "season":
        return g[0] or g[1]
    if kind == "my":
        return f"{_year(g[1])}-{_month(g[0]):02d}"
    if kind == "dm":
        if reference is None:
            return None
        mo, d = _month(g[1]), int(re.sub(r"\D", "", g[0]))
        return f"{reference.year}-{mo:02d}-{d:02d}" if _valid(reference.year, mo, d) else None
    if kind == "relative":
        if reference is None or (g[0].lower() == "in" and g[1]):
            return None  # "in the next ten years" is a span, not a deadline
        count = int(g[2]) if g[2].isdigit() else _NUMBERS[g[2].lower()]
        unit = g[3].lower().rstrip("s")
        delta = {"month": relativedelta(months=count), "week": relativedelta(weeks=count),
                 "year": relativedelta(years=count)}[unit]
        until: date = reference + delta
        return until.isoformat() if unit == "week" else f"{until.year}-{until.month:02d}"
    if kind == "month":
        if reference is None:
            return None
        month = _month(g[0])
        return f"{reference.year + (ahead and month < reference.month)}-{month:02d}"
    if kind == "season_alone":  # the next such season, at the year's precision
        if reference is None:
            return None
        return str(reference.year + (ahead and SEASONS[g[0].lower()] < reference.month))
    if kind == "year":
        return g[0]
    if kind == "period_end":
        if reference is None:
            return None
        return f"{reference.year}-{reference.month:02d}" if g[0].lower() == "month" else str(reference.year)
    return None


# Unicode hyphens, dashes and curly quotes as the patterns expect them, one character for one
_PLAIN = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
                        "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'"})

_DEADLINE_CUE = re.compile(
    r"\b(?:by|before|within|no later than|until|till|in|from|during|over|end of|deadline|due|on|at|"
    r"timescale|target|completion|complete|completed|planned for|scheduled for|midnight)\b[\w\s,]{0,25}$",
    re.IGNORECASE,
)
# Dates that are not deadlines: when work started ("Commenced Oct 24"), a snapshot ("As at End
# August 2024") and the start of an open period ("2027 onwards"); "From May 2011" still is one.
_NOT_DUE = re.compile(
    rf"\b(?:commenced|started|began|begun|as at)\s+(?:(?:the\s+)?end\s+(?:of\s+)?)?(?:{DAY}\s+)?(?:{MONTH}[\s-]*)?(?:{YEAR}|'?\d\d)?\b"
    rf"|\b(?:{MONTH}[\s-]*)?(?:{YEAR}|'?\d\d)\s+onwards?\b",
    re.IGNORECASE,
)
# In prose, the date of a past event, told by its participle: "the Partnership signed between the UK and
# the EU in May 2025", "once the system has been rolled out in 2025", "The Plan, published in March
# 2024", what a past promise promised, an event that comes first ("following the closure of a consultation
# in March 2025"); not a deadline to come ("will be published in March 2025": the participle after "be").
_NOT_MODAL = r"\s+(?!(?:will|shall|should|would|must|may|can|to|be)\b)[\w’'-]+"  # a word of the same clause
_EVENT = re.compile(
    r"(?<!\bbe )(?<!\bbeing )\b(?:signed|published|launched|announced|agreed|introduced|established|issued|"
    r"held|set up|rolled out|adopted|approved|created|opened|began|started|following)\b"
    rf"(?:{_NOT_MODAL}){{0,8}}?"
    rf"\s+(in\s+(?:{MONTH}\s+)?{YEAR})\b"
    # a promise told as history: "The Plan promised the publication of a Plan by Autumn 2024"
    rf"|\b(?:promised|pledged)\b(?:{_NOT_MODAL}){{0,12}}?"
    rf"\s+((?:by|in)\s+(?:(?:early|mid|late|the end of|end of)\s+)?(?:(?:{MONTH}|{_SEASON})\s+)?{YEAR})\b",
    re.IGNORECASE,
)
# What a relative deadline may count from: the paper itself ("within 12 months of this Report"),
# else an event without a date ("within three months of the conclusion of the exercise")
_COUNTS_FROM = re.compile(r"\s+(?:of|from|after|following)\b", re.IGNORECASE)
# The date a deadline counted from an event comes to, printed after it: "within 12 months of money
# received, approx 28.11.12", "six months after the launch (i.e. March 2026)". It is the deadline as
# printed, even one before the paper's date: the paper gives it as the deadline.
_COMES_TO = re.compile(
    rf"\b(?:within|in|after)\s+(?:the\s+next\s+)?{_COUNT}\s+(?:months?|weeks?|years?)\s+(?:of|from|after|following)\s+"
    r"[^.;:()]{1,50}?(?:,|\(|\s-|\s–)\s*(?:approx(?:\.|imately)?|i\.\s?e\.?,?|that is|around|about|c\.)\s*$",
    re.IGNORECASE,
)
_FROM_THE_PAPER = re.compile(
    r"\s+(?:of|from|after|following)\s+(?:today|now|(?:the\s+)?(?:(?:publication|date)\s+of\s+)?"
    r"(?:this|the)\s+(?:report|response|review|meeting|paper|letter|decision))\b",
    re.IGNORECASE,
)


_SENTENCE_END = re.compile(r"\s*(?:[.;]|$)")
_NOT_A_DEADLINE_BEFORE = re.compile(rf"\b(?:of|on|since|at|dated|after|beyond|than|and|or|to)\s+(?:{DAY}\s+)?$|\d\s+$",
                                    re.IGNORECASE)


def _ends_a_promise(text: str, m: re.Match) -> bool:
    """A date that ends a sentence promising what 'will' be done, with no word before it that makes it
    another thing's date: "... will be fully supported with the preparation for the formal Go Live of
    the Survey April 2025."""
    start = max(text.rfind(". ", 0, m.start()), text.rfind("; ", 0, m.start())) + 1
    return bool(_SENTENCE_END.match(text, m.end()) and re.search(r"\bwill\b", text[start:m.start()])
                and not _NOT_A_DEADLINE_BEFORE.search(text[max(start, m.start() - 16):m.start()]))


def _not_due(text: str, prose: bool = False) -> str:
    """The text with its start and snapshot dates blanked out, each character for a space; in prose,
    its past events' dates too."""
    plain = text.translate(_PLAIN)
    spans = [m.span() for m in _NOT_DUE.finditer(plain)]
    if prose:
        spans += [m.span(1) if m.group(1) else m.span(2) for m in _EVENT.finditer(plain)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@lru_cache(maxsize=512)
def find_due(text: str, reference: date | None = None, prose: bool = False) -> tuple[str, str | None]:
    """The deadline printed in text, as (as printed, ISO prefix); the latest when several are given.
    Found once per text: a statement is asked about as a rule's item, a candidate and a merged item.

    In prose (`prose=True`) only dates introduced as deadlines count ("by March 2025"), not dates of
    past events ("In December 2022 the government announced ...").

    >>> find_due("Chairman of BSP January 2006")
    ('January 2006', '2006-01')
    """
    found: list[tuple[str, str | None, int, str]] = []
    taken: list[tuple[int, int]] = []
    printed_text, text = text, _not_due(text, prose).translate(_PLAIN)  # "Mar‐2011", "March ‘25": one character for one
    for kind, pattern in patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            comes_to = prose and kind != "relative" and _COMES_TO.search(text[max(0, m.start() - 100): m.start()])
            if prose and not comes_to and (kind == "open" or not (
                    kind in ("relative", "month", "season_alone", "year", "period_end")
                    or _DEADLINE_CUE.search(text[max(0, m.start() - 40): m.start()])
                    or (kind in ("dmy", "my", "season") and _ends_a_promise(text, m)))):
                continue
            iso = _iso(kind, m, reference, ahead=prose)
            if kind == "relative" and _COUNTS_FROM.match(text, m.end()) and not _FROM_THE_PAPER.match(text, m.end()):
                iso = None  # "after three years of operation": counted from an event, not a date
            if prose and reference and kind != "relative" and not comes_to and _past(iso, reference):
                continue
            if iso is None and kind not in ("open", "relative", "month", "season_alone", "dm", "period_end"):
                continue  # "2025-29" is a span of years, not a deadline
            taken.append(m.span())
            found.append((printed_text[m.start():m.end()].strip(), iso, m.start(), kind))
    if not found:
        return "", None
    dated = [(printed, iso, at) for printed, iso, at, _ in found if iso]
    # a span of years is when money is spent: a deadline only where the text gives no other
    dated = [(printed, iso, at) for printed, iso, at, kind in found if iso and kind != "fy_span"] or dated
    if dated:
        printed, iso, _ = max(dated, key=lambda f: (_ends(f[1]), f[2]))
        return printed, iso
    return found[0][0], None


_BARE_YEAR = re.compile(rf"(?<![\d/£$.])\b({YEAR})\b(?![/.]\d|\s*(?:pages?|%|people|staff))")
_BARE_MONTH = re.compile(rf"(?<![\d-])(?<!\d )\b({MONTH})(?=\s|$|[,.;])", re.IGNORECASE)


def cell_due(text: str, reference: date | None = None) -> tuple[str, str | None]:
    """A deadline cell's deadline: a bare month ("Nov", "June update") is a deadline there, in the
    document's year, and of several the latest counts.

    >>> cell_due("Mid Feb for initial engagement. March Board for presentation", date(2011, 5, 19))
    ('March', '2011-03')
    """
    due, iso = find_due(text, reference)
    searched = _not_due(text)  # not "Commenced Oct 24", "2027 onwards"
    cued = _BARE_MONTH.sub(r"by \1", searched)
    due2, iso2 = find_due(cued, reference) if cued != searched else ("", None)
    if iso2 and (not iso or _ends(iso2) > _ends(iso)):
        due, iso = due2.replace("by ", "", 1), iso2
    # a year alone, or a span of years ("2027", "2024-2029", "2025 to 2026"): the latest year
    years = _BARE_YEAR.findall(searched)
    if years and (not iso or max(years) > iso[:4]):
        return text.strip(), max(years)
    return due, iso


def _ends(iso: str) -> str:
    """An ISO prefix padded past its last day, so that deadlines compare by when they end
    ("2025" after "2025-06", "2025-06" after "2025-06-30")."""
    return iso.ljust(10, "9")


def _past(iso: str | None, reference: date) -> bool:
    """A date before the paper's own date cannot be its deadline."""
    return iso is not None and iso < reference.isoformat()[: len(iso)]


_NEXT_MEETING_DATE = re.compile(
    r"\b(?:date|time)s?\s+(?:and\s+\w+\s+)?of\s+(?:the\s+)?next\s+(?:\w+\s+){0,2}meeting\b[^\n]{0,80}"
    r"|\bnext\s+meeting\s+(?:will\s+be|is)\s+(?:held\s+)?[^\n]{0,60}",
    re.IGNORECASE,
)
NEXT_MEETING = re.compile(r"\b(?:the\s+)?next\s+(?:[A-Z]\w+\s+)?meeting\b", re.IGNORECASE)


def next_meeting(text: str, reference: date | None = None) -> str | None:
    """The next meeting's date where the paper gives it ("Date of next Panel meeting: Wednesday 18th
    December 2013" -> '2013-12-18'): the deadline of whatever is due "at the next meeting"."""
    found = _NEXT_MEETING_DATE.search(text)
    return find_due(found.group(0), reference)[1] if found else None


def normalise(text: str, reference: date | None = None) -> str | None:
    """ISO prefix of a deadline printed on its own ('January 2006' -> '2006-01'), or None."""
    return find_due(text, reference)[1]


def prose_due(text: str, reference: date | None) -> dict:
    """A statement's deadline in running text, as Item fields: a printed date that gives no date
    ("when possible") is dropped, but for "ongoing", "immediate" and "in due course"."""
    due, due_date = find_due(text, reference, prose=True)
    if due and not due_date and not re.search(r"ongoing|immediate|due course", due, re.IGNORECASE):
        due = ""
    return {"due": due, "due_date": due_date}
