"""Cleaning of extracted text: characters, leaked PDF operators and HTML, running lines, hyphens.

`clean_text` cleans one string (a line, a table cell, a title); `clean_pages` cleans
a document's pages in place, using what repeats across pages.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .model import Line, Page

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
SOFT_HYPHEN = "\u00ad"
INVISIBLE = {SOFT_HYPHEN, "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
BULLET = "•"
# NFKC folds these safely (ligatures, no-break and wide spaces, full-width forms). Others
# (<super>, <sub>, <fraction>, <circle>) would turn footnote marks and ½ into digits.
SAFE_COMPAT_TAGS = {"<compat>", "<noBreak>", "<wide>", "<narrow>", "<font>"}

RUNNING_WINDOW = 3  # lines at the top and bottom of a page where running heads sit
PAGE_NUMBER_WINDOW = 2
RUNNING_MIN_PAGES = 3
RUNNING_MIN_SHARE = 0.4

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_BREAK_HYPHEN = re.compile(r"(\w)[-\u00ad][ \t]*\n[ \t]*(\w)")
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|p|br|hr|ul|ol|li|em|strong|span|div|font|sup|sub|img|table|thead|tbody"
    r"|tr|td|th|blockquote|section|article|h[1-6])\b[^<>]*/?>",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_GLUED_BULLET = re.compile(rf"(?<=\S){BULLET}")

# Text-showing and text-state operators of a PDF content stream.
_OPS = r"(?:Tj|TJ|Tc|Tf|Td|TD|Tm|Tw|Tz|TL|Ts|T\*)"
_BARE_OP = re.compile(rf"{_OPS}")
_GLUED_OP = re.compile(rf"[\d)\]]{_OPS}|{_OPS}[-\d.(\[]")
_PAREN_LITERAL = re.compile(r"\([^()\s]{0,3}\)")
_BARE_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
_MULTI_DOT = re.compile(r"\d+(?:\.\d+){2,}")
_DOTTED_RUN = re.compile(r"\.\d+\.\d")  # as in '325.998.8'
_LONE_ZERO = re.compile(r"0(?<!\S0)(?!\S)")  # a '0' with white space or nothing either side

_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?"  # 12, Page 3, Page 3 of 10
    r"|(?:page\s*)?\d{1,3}\s*/\s*\d{1,3}"  # 3/10, but not the year '2026/27'
    r"|[-–—]\s*\d{1,4}\s*[-–—]"  # - 4 -
    r"|\d{1,4}\s*\|\s*page|page\s*\|\s*\d{1,4}"  # 3 | Page
    r"|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})",  # front matter: iv, xii
    re.IGNORECASE,
)
_ROMAN_UPPER = re.compile(r"[IVXLC]+")
# What a browser or a print room adds at a page's edge: the page's address (with the browser's
# page counter), a date-and-time stamp before the title, a "Printed by/on" line.
_FURNITURE = re.compile(
    r"(?:https?://|www\.)\S+(?:\s+(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s.*)?"
    r"|printed\s+(?:by|on|from|at)\b.*",
    re.IGNORECASE,
)


def clean_text(s: str) -> str:
    """Clean one string: join broken words, fold characters, drop leaked markup; one line out.

    A pattern is only tried on a string with the character it needs, which most strings lack.
    """
    if "\n" in s:
        s = _BREAK_HYPHEN.sub(_join_broken_word, s)
    s = fold_characters(s)
    if "<" in s:
        s = _HTML_TAG.sub(" ", s)
    s = " ".join(remove_pdf_operators(s).split())  # white space runs as one space, none at the ends
    if BULLET in s:
        s = _GLUED_BULLET.sub(" " + BULLET, s)
    return s


def _join_broken_word(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if left.islower() and right.islower():
        return left + right
    hyphen = match.group(0)[1]  # a compound kept whole ('Self-Assessment'); a soft hyphen goes
    return left + ("" if hyphen == SOFT_HYPHEN else hyphen) + right


def fold_characters(s: str) -> str:
    """Expand ligatures, fold safe compatibility forms, drop soft hyphens, bullet the PUA."""
    if s.isascii():
        return s
    s = _NON_ASCII.sub(lambda m: _fold_char(m.group(0)), s)
    return unicodedata.normalize("NFC", s)


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in LIGATURES:
        return LIGATURES[ch]
    if ch in INVISIBLE:
        return ""
    if "\ue000" <= ch <= "\uf8ff":  # Wingdings/Symbol bullets land in the private use area
        return BULLET
    tag = unicodedata.decomposition(ch).split(" ", 1)[0]
    if tag in SAFE_COMPAT_TAGS:
        return unicodedata.normalize("NFKC", ch)
    return ch


def remove_pdf_operators(s: str) -> str:
    """Drop runs of content-stream debris such as `Tc 0.001S40 0 7.98 171.24013773.7`."""
    # What `_is_debris` wants of at least one token: an operator, a dotted run or a lone '0'.
    # Most lines have none of them and are left as they are at once. (Three searches, as each
    # starts at a fixed character, which the regex engine skips ahead to.)
    if not (_BARE_OP.search(s) or _DOTTED_RUN.search(s) or _LONE_ZERO.search(s)):
        return s
    tokens = list(re.finditer(r"\S+", s))
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for token in [*tokens, None]:
        if token is not None and _debris_capable(token.group(0)):
            run.append(token)
            continue
        if run and _is_debris([t.group(0) for t in run]):
            spans.append((run[0].start(), run[-1].end()))
        run = []
    for start, end in reversed(spans):
        s = s[:start] + s[end:]
    return s


def _debris_capable(token: str) -> bool:
    """Could this token be part of a leak? A token with a digit, an operator or a (x)."""
    return (
        any(ch.isdigit() for ch in token)
        or _BARE_OP.fullmatch(token) is not None
        or _GLUED_OP.search(token) is not None
        or _PAREN_LITERAL.fullmatch(token) is not None
    )


def _is_debris(run: list[str]) -> bool:
    """A run of number-like tokens is debris only with an operator's signature in it."""
    numeric = [t for t in run if any(ch.isdigit() for ch in t)]
    bare_numbers = [t for t in run if _BARE_NUMBER.fullmatch(t)]
    for token in run:
        if _GLUED_OP.search(token):
            return True
        # Upper-case operators double as initials ('TJ to circulate'), so want more numbers.
        wanted = 2 if token[1:].isupper() or token == "T*" else 1
        if _BARE_OP.fullmatch(token) and len(numeric) >= wanted:
            return True
        match = _MULTI_DOT.fullmatch(token)
        if match and sum(ch.isdigit() for ch in token) >= 7:  # '325.998.8', not '1.1.1'
            return True
    # A matrix or positioning operand list: '10.07 0 0 10.2 0 0', not a row of figures.
    return len(bare_numbers) >= 4 and "0" in bare_numbers and any("." in t for t in bare_numbers)


# Edge lines that repeat yet are content: numbers alone (is_page_number judges those), and a
# numbered item's label ("Recommendation 3" heading a page of a response, page after page; a
# plural, "Recommendations 257", is a chapter's running head with its page number).
_NOT_RUNNING = re.compile(r"[^a-z]*$|(?:recommendation|action|conclusion|response|resolution|item|question)\.?\s*#")
_PAGE_AT_END = re.compile(r"^\s*(\d{1,4})\s+\D+$|^\D+\s(\d{1,4})\s*$")  # "256 Recommendations", "Recommendations 257"


def normalise_running(text: str) -> str:
    """Key under which running headers match across pages: each run of digits as one '#' (page
    98 and page 102 alike), spaces collapsed."""
    return " ".join(_DIGITS.sub("#", text).split()).lower()


def is_page_number(text: str) -> bool:
    """True for a bare page number: '12', 'Page 3 of 10', '- 4 -', 'iv'."""
    text = text.strip()
    if _ROMAN_UPPER.fullmatch(text):  # 'I' or 'IV' alone is more often a heading's number
        return False
    return _PAGE_NUMBER.fullmatch(text) is not None


def is_furniture(text: str) -> bool:
    """True for a browser's or print room's line at a page edge: 'https://www.gov.uk/... 14/16',
    '05/03/2025, 10:41 Government response - GOV.UK', 'Printed on 3 May 2024'."""
    return _FURNITURE.fullmatch(text.strip()) is not None


def clean_pages(pages: list[Page]) -> None:
    """Clean every line and table cell of the pages, then drop running lines, page numbers and
    browser furniture at the pages' edges, and join hyphens."""
    for page in pages:
        page.lines = _clean_lines(page.lines)
        for table in page.tables:
            table.rows = [[clean_text(cell) for cell in row] for row in table.rows]
    running = find_running_lines(pages)
    for page in pages:
        if running:
            page.lines = _drop_at_edges(page.lines, RUNNING_WINDOW, running.__contains__)
        page.lines = _drop_at_edges(page.lines, PAGE_NUMBER_WINDOW, is_page_number, normalise=False)
        page.lines = _drop_at_edges(page.lines, PAGE_NUMBER_WINDOW, is_furniture, normalise=False)
        page.lines = join_hyphenated(page.lines)


def _clean_lines(lines: list[Line]) -> list[Line]:
    """Clean each line; a line that cleaning empties goes, a line that was blank stays."""
    out = []
    for line in lines:
        text = line.text.rstrip()
        if text.endswith(SOFT_HYPHEN):  # a soft hyphen at a line end marks a broken word
            text = text[:-1] + "-"
        cleaned = clean_text(text)
        if cleaned or not text.strip():
            out.append(line.with_text(cleaned))
    return out


def _edge_indexes(lines: list[Line], window: int) -> list[int]:
    """Indexes of the first and last `window` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.text]
    return sorted(set(filled[:window] + filled[-window:]))


def find_running_lines(pages: list[Page]) -> set[str]:
    """Normalised lines at page edges on >= 3 pages and >= 40% of the pages with text, and a
    chapter's running head: the same words at an edge of >= 3 pages beside a number that keeps
    step with the page's ("Recommendations 257" on page 260, "258 Recommendations" on 261)."""
    with_text = [page for page in pages if any(line.text for line in page.lines)]
    if len(with_text) < RUNNING_MIN_PAGES:
        return set()
    counts: Counter[str] = Counter()
    in_step: Counter[tuple[str, int]] = Counter()
    for page in with_text:
        edges = {page.lines[i].text for i in _edge_indexes(page.lines, RUNNING_WINDOW)}
        counts.update({normalise_running(text) for text in edges})
        for text in edges:
            numbered = _PAGE_AT_END.match(text)
            if numbered:
                number = int(numbered.group(1) or numbered.group(2))
                in_step[(_words(normalise_running(text)), number - page.number)] += 1
    needed = max(RUNNING_MIN_PAGES, RUNNING_MIN_SHARE * len(with_text))
    running = {key for key, n in counts.items() if n >= needed}
    stepping = {words for (words, _), n in in_step.items() if n >= RUNNING_MIN_PAGES}
    running |= {key for key in counts if _words(key) in stepping}
    return {key for key in running if not _NOT_RUNNING.match(key)}


def _words(key: str) -> str:
    """A running key's words without its numbers: a chapter's head on every page it runs over."""
    return " ".join(key.replace("#", "").split())


def _drop_at_edges(lines: list[Line], window: int, drop, normalise: bool = True) -> list[Line]:
    """Remove the edge lines for which drop(text) holds."""
    doomed = {
        i
        for i in _edge_indexes(lines, window)
        if drop(normalise_running(lines[i].text) if normalise else lines[i].text)
    }
    return [line for i, line in enumerate(lines) if i not in doomed]


def join_hyphenated(lines: list[Line]) -> list[Line]:
    """Move the tail of a word broken at a line end ('imple-' / 'mentation') up to its head."""
    out = [line.with_text(line.text) for line in lines]
    for i in range(len(out) - 1):
        head, tail = out[i].text, out[i + 1].text
        if len(head) < 2 or head[-1] != "-" or not head[-2].islower() or not tail[:1].islower():
            continue
        fragment, _, rest = tail.partition(" ")
        out[i].text = head[:-1] + fragment
        out[i + 1].text = rest
    return [line for line, before in zip(out, lines) if line.text or not before.text]
