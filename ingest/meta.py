"""Document metadata from the first pages' text: dates, kind, issuing body, committee.

A thin first version: cue phrases first ('held on ...', 'Published ...'), then the most
common full date. Dates are ISO at the precision printed ('2026-01-12', '2026-01').
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from dateutil import parser as dateparser

from .clean import clean_text
from .model import AGENDA, EVIDENCE, MINUTES, REPORT, Document

EARLY_LINES = 40  # how far down page 1 the kind cues may sit
TITLE_LINES = 8  # the lines under the title where a paper says it is an agenda or a response
HEAD_LINES = 15  # how far down page 1 the body and committee may sit
MAX_NAME_WORDS = 12
YEARS = range(1900, 2101)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# a superscript 'th' that OCR reads as a quote mark: '18" March 2014'
_DAY = r"\d{1,2}(?:\s?(?:st|nd|rd|th)|[\"”])?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_WORD_DATE = (
    rf"{_WEEKDAY}(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}})"
)
_NUMERIC_DATE = r"\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"
_MONTH_YEAR = rf"{_MONTH},?\s+\d{{4}}"
_DATE = rf"(?P<date>{_WORD_DATE}|{_NUMERIC_DATE}|{_MONTH_YEAR})"

FLAGS = re.IGNORECASE
_HEADING_WORDS = r"minutes|agenda|meeting|note|committee|panel|board|cabinet|council|commission|action log"
# A short heading near the top that names the meeting, with its date on the same line or the
# next: 'CORPORATE PARENTING PANEL – 10 th December 2024', 'To: Cabinet - 4 March 2025'.
HEADING_CUE = re.compile(rf"\b(?:{_HEADING_WORDS})\b|\bto:", FLAGS)
HEADING_MAX_WORDS = 10
_DATE_IN_LINE = re.compile(_DATE, FLAGS)
_LEADING_DATE = re.compile(rf"^\s*{_DATE}\s+\S", FLAGS)
MEETING_CUES = [
    re.compile(rf"\bheld\b[^.;]{{0,120}}?\bon\s+{_DATE}", FLAGS),
    re.compile(rf"\b(?:meeting date|date of (?:the )?meeting|date)\s*[:\-–]\s*{_DATE}", FLAGS),
]
PUBLISHED_CUES = [
    # 'to be published' is what a paper asks or plans, not when it was published
    re.compile(rf"(?<!\bbe\s)\bpublished(?:\s+on)?\s*:?\s+{_DATE}", FLAGS),
    re.compile(rf"\bdate of publication\s*:?\s+{_DATE}", FLAGS),
    # a web page's print: 'Updated 5 November 2025' alone under its title
    re.compile(rf"^\s*(?:last\s+)?updated(?:\s+on)?\s*:?\s+{_DATE}\s*$", FLAGS | re.MULTILINE),
    re.compile(rf"\bordered\s+(?:by\s+the\s+house\s+of\s+\w+\s+)?to\s+be\s+printed(?:\s+on)?\s+{_DATE}", FLAGS),
]
# A command paper's imprint, on the title page's back: 'Presented to Parliament by the Minister
# for the Cabinet Office by Command of His Majesty 17 December 2024'.
PRESENTED_CUE = re.compile(rf"\bpresented\s+to\s+parliament\b.{{0,200}}?{_DATE}", FLAGS | re.DOTALL)
IMPRINT_PAGES = 4  # how far into a paper its imprint may sit
# A record of decision is dated where it is signed: the date over or beside 'signed   date'.
SIGNED_CUES = [
    re.compile(rf"{_DATE}[\s.…_]*\n[\s.…_]*signed\s+date\b", FLAGS),
    re.compile(rf"\bsigned\b[^\n]{{0,40}}\bdate(?:d)?\s*:?\s*{_DATE}", FLAGS),
    # a form's box, 'Signed by the Responsible Financial Officer   Date', filled in on the line under
    # it, after the signature: 'fH Tedd 07/05/2019'
    re.compile(rf"\bsigned\b[^\n]{{0,60}}\bdate[ \t]*\n[^\n]{{0,30}}?{_DATE}[ \t]*$", FLAGS | re.MULTILINE),
]
SIGNED_PAGES = 2  # a signature closes a record (its last pages) or a form (its first)
# A log or form says when it stands: 'Action Log as at 19 July 2011', 'As of 21/01/2025 there are'.
AS_AT_CUE = re.compile(rf"\bas\s+(?:at|of)\s+{_DATE}", FLAGS)
# 'As at 12 November', with no year: the year the paper prints most
AS_AT_DAY_CUE = re.compile(rf"\bas\s+(?:at|of)\s+(?P<day>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH})(?![\s,]*\d)", FLAGS)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Actions 'from last meeting 19.11.10' were set then: that is the earlier meeting's date.
_EARLIER_MEETING = re.compile(r"\b(?:last|previous|earlier)\s+meeting\s*(?:of|on|held on)?\s*$", FLAGS)
# 'Thursday, 13th March, 2025, at 3.00 pm': the time after a meeting's date
_AT_TIME = re.compile(r"[,\s]+(?:at\s+)?\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\.?)\b.*$", FLAGS)
_WEEKDAY_DATE_LINE = re.compile(rf"{_WEEKDAY}{_DATE}", FLAGS)
_ANY_WORD_DATE = re.compile(_WORD_DATE, FLAGS)
_ANY_MONTH_YEAR = re.compile(_MONTH_YEAR, FLAGS)

MINUTES_CUES = re.compile(
    r"^\s*(?:draft\s+|printed\s+)?minutes\b|\bminutes of (?:the|a|an)\b|\bmeeting (?:minutes|note)\b"
    r"|\bminutes and actions\b|\bactions? (?:log|points)\b|^\s*(?:present|attendance|attendees)\s*:"
    r"|^\s*apologies\b",
    FLAGS | re.MULTILINE,
)
# "AGENDA", "AGENDA – April 24, 2019", "Notice and Agenda of ...", "Agenda Document for Cabinet"
AGENDA_CUE = re.compile(r"^\s*(?:notice and\s+)?agenda\b(?!\s+item)|\bagenda (?:document|pack)\b|\bnotice and agenda\b|\bagenda\s*$",
                        FLAGS | re.MULTILINE)
_MINUTES_TITLE = re.compile(r"^\s*(?:draft\s+)?minutes\b", FLAGS | re.MULTILINE)
# who attended is recorded in a meeting's note or minutes, never in its agenda
_ATTENDED = re.compile(r"^\s*(?:present|attendance|attendees|in attendance|members present)\b", FLAGS | re.MULTILINE)
RESPONSE_CUE = re.compile(r"(?<!\bin )\bresponses?\b", FLAGS)

_NAME_WORD = r"[A-Z][\w'’-]+"  # capitalised or in capitals, on one line
BODY_PATTERNS = [
    re.compile(
        rf"\b(?:{_NAME_WORD}[ \t]+){{1,3}}?(?i:City|County|District|Borough|Parish|Town"
        r"|Metropolitan Borough)[ \t]+(?i:Council)\b"
    ),
    re.compile(r"\b(?:House of Lords|House of Commons|Cabinet Office|HM Treasury)\b", FLAGS),
    re.compile(rf"\b(?:Department|Ministry) (?:for|of) {_NAME_WORD}(?: (?:and|&) {_NAME_WORD})*"),
    re.compile(rf"\b(?:City|County|Town) of {_NAME_WORD}"),
    re.compile(rf"\b(?:{_NAME_WORD} ){{1,4}}Inquiry\b"),
]
_BODY_STOP = {"the", "a", "an", "of", "to", "and", "for", "by", "from", "at", "on", "in"}
_COUNCIL_KINDS = {"city", "county", "district", "borough", "parish", "town", "metropolitan"}
COMMITTEE_LINE = re.compile(
    r"\b(?:Committee|Sub-Committee|Panel|Board|Cabinet|Working Group|Commission)\b"
    r"(?!\s+(?:Office|Members?|Reports?|Papers?|Room)\b)",
    FLAGS,
)
_GENERIC = {"committee", "sub-committee", "panel", "board", "commission", "working group"}
_LABEL = re.compile(r"^(?:to|from|by|re|subject)\s*:\s*", FLAGS)
_MINUTES_PREFIX = re.compile(
    r"^(?:report\s+of\s+(?:the\s+)?|(?:(?:draft|printed)\s+)?minutes\s+(?:(?:of|from|except\s+from)\s+)?(?:(?:a|the)\s+)?"
    r"(?:meeting\s+of\s+(?:the\s+)?)?)",
    FLAGS,
)
_NAME_TAIL = re.compile(
    rf"(?:\s+[-–—]\s+.*|\s*[,:]?\s*{_DATE}.*|(?:\s+(?:meeting|minutes|agenda))+)$", FLAGS
)

MEANINGLESS_TITLE = re.compile(
    r"(?:microsoft (?:word|excel|powerpoint) - .*|untitled.*|document\d*|slide \d+|title"
    r"|(?:un)?classified|official(?:[- ]sensitive)?|protect(?:ed)?|restricted|confidential"  # markings
    r"|not protectively marked|created with .*"
    r"|.*\.(?:docx?|pdf|indd|xlsx?|pptx?|rtf|txt|exe|qxd|tmp|html?))",
    re.IGNORECASE,
)


def describe(doc: Document) -> None:
    """Fill in the Document's title (if missing), kind, body, committee and dates."""
    first = doc.pages[0].lines if doc.pages else []
    page1 = "\n".join(line.text for line in first)
    page2 = "\n".join(line.text for line in doc.pages[1].lines) if len(doc.pages) > 1 else ""
    if not doc.title or MEANINGLESS_TITLE.fullmatch(doc.title.strip()):
        doc.title = next(
            (x.text for x in first
             if 3 <= len(x.text) <= 150 and "(cid:" not in x.text and not MEANINGLESS_TITLE.fullmatch(x.text.strip())),
            None,
        )
    doc.kind = guess_kind(doc.title or "", page1)
    doc.body = find_body("\n".join([doc.title or "", *[x.text for x in first[:HEAD_LINES]]]))
    doc.committee = find_committee([line.text for line in first[:HEAD_LINES]])
    text = page1 + "\n" + page2
    # a log's rows open with a date ("19/05/2011 Home Office team to ..."): rows, not headings
    head = [line.text for line in first[:HEAD_LINES] if not _LEADING_DATE.match(line.text)]
    imprint = "\n".join(page.text for page in doc.pages[:IMPRINT_PAGES])
    ending = "\n".join(page.text for page in doc.pages[-SIGNED_PAGES:])
    meeting, published, source = paper_date(head, text, imprint, ending, [line.text for line in first])
    if source in ("log entries", "title page", "most common date", "as at") and doc.kind == MINUTES:
        meeting, published = published, None
    doc.meeting_date, doc.published_date, doc.date_source = meeting, published, source


def paper_date(
    head: list[str], text: str, imprint: str, ending: str, early: list[str]
) -> tuple[str | None, str | None, str | None]:
    """(meeting date, published date, where the date was read) from a paper's first pages.

    The sources, most trusted first: a heading that names the meeting, 'held on', a signature's
    date, 'published' or 'ordered to be printed', a command paper's 'Presented to Parliament',
    an 'as at' date (of the year the paper prints most, if it prints none), the entries of a log, a date alone on a line of the title page, and last
    the most common date of the first two pages.
    """
    if iso := heading_date(head):
        return iso, None, "heading"
    if iso := _earliest_cue(MEETING_CUES, text):
        return iso, None, "held on"
    for source, cues, where in (
        ("signed", SIGNED_CUES, f"{text}\n{ending}"),
        ("published", PUBLISHED_CUES, text),
        ("presented to parliament", [PRESENTED_CUE, PUBLISHED_CUES[2]], imprint),
        ("as at", [AS_AT_CUE], text),
    ):
        # the first cue that finds a date wins: 'published' over 'ordered to be printed'
        if iso := next((date for cue in cues if (date := _earliest_cue([cue], where))), None):
            return None, iso, source
    if iso := as_at_day(text):
        return None, iso, "as at"
    if iso := log_date(text.splitlines()):
        return None, iso, "log entries"
    if iso := title_page_date(early):
        return None, iso, "title page"
    if iso := most_common_date(text):
        return None, iso, "most common date"
    return None, None, None


def title_page_date(lines: list[str]) -> str | None:
    """The first date printed alone on a line of page 1: 'January 2026', 'Thursday, August 6, 2020',
    'November - 2015', 'April the Twenty-Seventh, Two Thousand and Sixteen'."""
    for line in lines:
        text = _MONTH_DASH_YEAR.sub(r"\1 \2", words_to_date(line.strip(" .,")))
        if (found := _WEEKDAY_DATE_LINE.fullmatch(text)) and (iso := to_iso(found.group("date"))):
            return iso
    return None


_MONTH_DASH_YEAR = re.compile(rf"^({_MONTH})\s*[-–]\s*(\d{{4}})$", FLAGS)
_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9, "twelfth": 12}
_WORD = r"[a-z]+(?:-[a-z]+)?"
# 'June the Tenth, Nineteen Hundred and Ninety-Eight', as a city's record prints its date
_DATE_IN_WORDS = re.compile(
    rf"^({_MONTH})\s+the\s+({_WORD}),?\s+((?:{_WORD}\s+)+?(?:hundred|thousand)(?:\s+and)?(?:\s+{_WORD})?)$", FLAGS
)


def _number(words: str) -> int | None:
    """'Twenty-Seventh' -> 27, 'nineteen hundred and ninety-eight' -> 1998; None if not a number."""
    total = current = 0
    for word in re.split(r"[\s-]+", words.lower()):
        stem = word.removesuffix("th")  # 'tenth' -> 'ten', 'twentieth' -> 'twentie'
        tens = _TENS.get(stem) or _TENS.get(stem.removesuffix("ie") + "y")
        if word in _ORDINALS:
            current += _ORDINALS[word]
        elif stem in _UNITS[1:]:
            current += _UNITS.index(stem)
        elif tens:
            current += tens
        elif word == "hundred":
            current *= 100
        elif word == "thousand":
            total, current = total + current * 1000, 0
        elif word != "and":
            return None
    return total + current or None


def words_to_date(line: str) -> str:
    """A date written in words as figures: 'June the Tenth, Nineteen Hundred and Ninety-Eight' ->
    'June 10, 1998'; any other line as it is."""
    found = _DATE_IN_WORDS.match(line)
    if not found:
        return line
    day, year = _number(found.group(2)), _number(found.group(3))
    return f"{found.group(1)} {day}, {year}" if day and year and year in YEARS else line


def guess_kind(title: str, page1: str) -> str:
    """'agenda' for a notice of business to come, 'minutes' if minutes cues come early, 'evidence'
    for a response, else 'report'."""
    lines = page1.split("\n")
    early = "\n".join(lines[:EARLY_LINES])
    top = "\n".join(lines[:TITLE_LINES])
    if (AGENDA_CUE.search(title) or AGENDA_CUE.search(top)) and not _ATTENDED.search(early) \
            and not _MINUTES_TITLE.search(f"{title}\n{top}"):
        return AGENDA
    if MINUTES_CUES.search(title) or MINUTES_CUES.search(early):
        return MINUTES
    if RESPONSE_CUE.search(f"{title}\n{top}"):
        return EVIDENCE
    return REPORT


def find_body(text: str) -> str | None:
    """The issuing body named near the top, e.g. 'Kent County Council', 'House of Lords'."""
    for pattern in BODY_PATTERNS:
        for match in pattern.finditer(text):
            words = match.group(0).split()
            if pattern is BODY_PATTERNS[0]:
                words = _council_name(words)
            if words:
                return _tidy_case(" ".join(words))
    return None


def _council_name(words: list[str]) -> list[str]:
    """'AGENDA OF DISTRICT COUNCIL' -> [], 'Minutes KENT COUNTY COUNCIL' -> KENT COUNTY COUNCIL."""
    start = max((i + 1 for i, w in enumerate(words) if w.lower() in _BODY_STOP), default=0)
    start = max(start, _council_start(words))
    words = words[start:]
    if len(words) < 3 and words[0].lower() in _COUNCIL_KINDS:  # a bare 'County Council'
        return []
    return words


def _council_start(words: list[str]) -> int:
    """Skip a heading word run into the name: 'Minutes KENT COUNTY COUNCIL' -> 'KENT ...'."""
    capitals = [w.isupper() for w in words]
    if capitals[-1] and not all(capitals):
        return max(i for i, upper in enumerate(capitals) if not upper) + 1
    return 0


def find_committee(lines: list[str]) -> str | None:
    """The first short line naming a committee, panel, board or cabinet, without its date."""
    for line in lines:
        if len(line.split()) > MAX_NAME_WORDS or not COMMITTEE_LINE.search(line):
            continue
        name = _MINUTES_PREFIX.sub("", _LABEL.sub("", line))
        name = _NAME_TAIL.sub("", name).strip(" -–—,:;.")
        # A heading starts with a capital and does not run on ('... Scrutiny Committee on').
        words = name.lower().split()
        if name[:1].isupper() and words[-1] not in _BODY_STOP and name.lower() not in _GENERIC:
            return _tidy_case(name)
    return None


def _tidy_case(name: str) -> str:
    """Title-case a name printed in capitals ('KENT COUNTY COUNCIL'); leave others as printed."""
    if name.upper() != name:
        return name
    small = {"of", "and", "for", "the", "on", "in"}
    words = [w.lower() if w.lower() in small else w.capitalize() for w in name.split()]
    return " ".join([words[0].capitalize(), *words[1:]])


def heading_date(lines: list[str]) -> str | None:
    """The date printed in, or right under, a short heading that names the meeting."""
    for i, line in enumerate(lines):
        if len(line.split()) > HEADING_MAX_WORDS or not HEADING_CUE.search(line):
            continue
        found = _DATE_IN_LINE.search(line)
        if found is not None and _EARLIER_MEETING.search(line[:found.start()]):
            continue
        if found is None and i + 1 < len(lines):
            found = _DATE_IN_LINE.fullmatch(_AT_TIME.sub("", lines[i + 1].strip()))
        if found and (iso := to_iso(found.group("date"))):
            return iso
    return None


def _earliest_cue(cues: list[re.Pattern[str]], text: str) -> str | None:
    """The date of the cue printed first in the text, e.g. 'held on 3 February 2026'."""
    found = [
        (match.start(), iso)
        for cue in cues
        for match in cue.finditer(text)
        if (iso := to_iso(match.group("date")))
    ]
    return min(found)[1] if found else None


def as_at_day(text: str) -> str | None:
    """'As at 12 November' in a paper whose dates are of 2010 -> '2010-11-12'; None if the paper
    prints no year."""
    found = AS_AT_DAY_CUE.search(text)
    years = Counter(_YEAR.findall(text))
    if not found or not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return to_iso(f"{found.group('day')} {year}")


def log_date(lines: list[str]) -> str | None:
    """A log (three or more lines opening with a date) is at least as late as its entries: the date
    all but the latest tenth precede (so that a mistyped year or two do not count)."""
    dates = sorted(iso for line in lines if (m := _LEADING_DATE.match(line)) and (iso := to_iso(m.group("date"))))
    return dates[len(dates) - 1 - len(dates) // 10] if len(dates) >= 3 else None


def most_common_date(text: str) -> str | None:
    """The most frequent full date in the text (first printed wins a tie), else a month printed twice or more."""
    dates = [iso for m in _ANY_WORD_DATE.finditer(text) if (iso := to_iso(m.group(0)))]
    if not dates:  # a month printed once in prose ('funding will end in March 2026') dates nothing
        months = Counter(iso for m in _ANY_MONTH_YEAR.finditer(text) if (iso := to_iso(m.group(0))))
        dates = [iso for m in _ANY_MONTH_YEAR.finditer(text) if (iso := to_iso(m.group(0))) and months[iso] > 1]
    if not dates:
        return None
    counts = Counter(dates)
    return max(dates, key=lambda d: (counts[d], -dates.index(d)))


def to_iso(printed: str) -> str | None:
    """'30th January, 2025' -> '2025-01-30'; 'January 2026' -> '2026-01'; None if not a date."""
    text = re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", printed.strip(), flags=FLAGS)
    text = re.sub(r"(\d)[\"”]", r"\1", text)
    text = re.sub(r"\bof\b", " ", text, flags=FLAGS)
    month_only = _ANY_MONTH_YEAR.fullmatch(text) is not None
    try:
        parsed = dateparser.parse(text, dayfirst=True, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if parsed.year not in YEARS:
        return None
    return parsed.strftime("%Y-%m" if month_only else "%Y-%m-%d")


def meaningful_title(value: object) -> str | None:
    """The metadata Title if it names the document, not the tool or the file."""
    if not isinstance(value, str):
        return None
    title = clean_text(value)
    if len(title) < 4 or not re.search(r"[^\W\d_]{3}", title) or MEANINGLESS_TITLE.fullmatch(title):
        return None
    return title
