"""Paragraphs ("blocks") from a document's lines, each with the marker it opens with."""
from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from onrecord.ingest.model import EVIDENCE, BBox, Document, Line, Table

# The marker a block opens with, tried in order. Named group `ref` is the ref as printed. A word marker
# in lower case ("resolved, as the Department maintains") goes on with the sentence above: no marker.
MARKERS: list[tuple[str, re.Pattern]] = [
    ("rec", re.compile(r"^(?P<ref>R\s?\d{1,3}[a-z]?)\b[.:)]?\s*", re.IGNORECASE)),
    ("rec", re.compile(
        r"^Recommendation\s+(?P<ref>\d{1,3}[a-z]?|one|two|three|four|five|six|seven|eight|nine|ten|"
        r"eleven|twelve)\b(?:\s*[:.\-–—]\s*|\s+(?=(?-i:[A-Z“\"']))|\s*$)", re.IGNORECASE)),
    ("rec", re.compile(r"^Recommendations?\s*(?:\(s\))?\s*:\s*(?P<ref>)", re.IGNORECASE)),
    ("legislation", re.compile(
        r"^(?P<ref>(?:Ord|Res|Ordinance|Resolution|Bill|By-law)\.?\s+No\.?\s*\d[\d-]*)\.?(?=\s|$)\s*", re.IGNORECASE)),
    ("resolved", re.compile(r"^(?-i:(?![a-z]))(?:(?P<ref>\d{1,3})[.)]\s+)?(?:it was\s+)?RESOLVED\b\s*[:,-]?\s*", re.IGNORECASE)),
    ("action", re.compile(r"^(?-i:(?![a-z]))(?:new\s+|outstanding\s+)?actions?(?:\s+point)?\s*(?P<ref>\d{0,3})\s*[:–-]\s*", re.IGNORECASE)),
    # "Outstanding Action from 25th July meeting: Chris Taggart to set up ...": a carried action, its meeting named
    ("action", re.compile(r"^(?-i:(?![a-z]))(?:new\s+|outstanding\s+)?actions?(?:\s+point)?\s+(?:arising\s+)?from\s+"
                          r"(?:the\s+)?[\w ,./’'-]{1,40}?\s*:\s*", re.IGNORECASE)),
    ("agreed", re.compile(r"^(?-i:(?![a-z]))(?:it was\s+)?agreed\b(?!\s+with\b)\s*[:,-]?\s*(?:that\s+)?", re.IGNORECASE)),  # not "agreed with Mr Hook"
    ("number", re.compile(r"^(?P<ref>\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)\.?(?=\s+[A-Z“\"'‘(])\s+")),  # "2a. A memorial be ..."
    ("number", re.compile(r"^(?P<ref>\d{1,3}(?:\.\d{1,3}){1,3})\.(?=[A-Z])")),  # "4.35.We": a lost space
    # "6) Monitoring ...", "6a) i. Those who have ...": a number closed by a bracket, a part and a sub-part
    ("number", re.compile(r"^(?P<ref>\d{1,3}[a-z]?\)(?:\s*(?:[ivx]{1,4}|[a-z])[.)])?)\s+(?=[A-Z“\"'‘(])")),
    ("number", re.compile(r"^(?P<ref>\d{1,3}[a-z]?\)\s*(?:[ivx]{1,4}|[a-z])\.)(?=[A-Z])")),  # "4a) iii.The review": a lost space
    ("letter", re.compile(r"^(?P<ref>\((?:[a-z]|[ivx]{1,4})\)|(?:[a-z]|[ivx]{1,4})[).])\s+")),
    # "A. be adaptable;" and "A) Note the ...", not "A. Smith"
    ("letter", re.compile(r"^(?P<ref>[A-H])(?:\.\s+(?=[a-z])|\)\s+)")),
    # and the bullets of Word's symbol fonts as text extraction spells them: "o" (Courier), "Ø" (a
    # Wingdings arrow, often before a second bullet: "Ø •"), "§" (a square; not "§ 12", a section)
    ("bullet", re.compile(r"^(?:[•·▪■◦●‣⁃*\-–➢►○□✓Øü]|§(?!\s*\d)|o(?=\s+[A-Z£\d]))(?:\s+[•·▪■◦●])?\s+")),
]


_MODAL = re.compile(r"\b(?:should|must|shall|will|would|to)\b", re.IGNORECASE)
_ASKS = re.compile(r"\b(?:should|must)\b", re.IGNORECASE)
# A line ending on one of these words runs on into the next, even if the next opens with a marker
_RUNS_ON = re.compile(r"\b(?:in|to|of|the|and|or|under|see|with|at|by|from|for|as|per)$")
_CONTENTS = re.compile(r"(?:\.\s?){6,}|…\s*\d+\s*$")  # an entry of a table of contents
# a paragraph that ends a quotation: its closing quote mark (and a footnote's number) without the opening one
_QUOTE_ENDS = re.compile(r"”\s*\d{0,3}\s*$")


def closes_quote(text: str) -> bool:
    """Whether a paragraph is the end of a quotation begun before it ("3. The Board shall ... at
    three monthly intervals.” 244"): another paper's words, quoted as background."""
    return bool(_QUOTE_ENDS.search(text)) and text.count("”") > text.count("“")


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
# "... the message evoked by Logo B. Updates will be submitted": a letter that labels, not an initial
_LABELLED = {"logo", "option", "appendix", "annex", "annexe", "table", "figure", "plan", "phase", "part",
             "schedule", "item", "site", "model", "scenario", "route", "zone", "block", "area", "version"}
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "no", "st", "ave", "inc", "co", "ltd", "blvd", "jr", "sr", "rd",
                  "cllr", "prof", "vs", "etc", "e.g", "i.e", "ord", "res", "para", "fig", "vol", "approx"}


@dataclass
class Block:
    text: str
    page: int
    marker: str | None = None  # key of MARKERS, or None
    ref: str = ""
    lines: list[Line] = field(default_factory=list)

    @property
    def bbox(self) -> BBox | None:
        boxes = [line.bbox for line in self.lines if line.bbox]
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes),
        )

    @property
    def style(self) -> tuple[str, ...]:
        """("bold",), ("italic",), both or neither: what most of its letters are set in."""
        letters = sum(len(line.text) for line in self.lines)
        return tuple(name for name in ("bold", "italic")
                     if 2 * sum(len(line.text) for line in self.lines if getattr(line, name)) > letters)

    @property
    def body(self) -> str:
        """The text without its opening marker."""
        for key, pattern in MARKERS:
            if key == self.marker:
                m = pattern.match(self.text)
                if m:
                    return self.text[m.end():].strip()
        return self.text

    @property
    def is_heading(self) -> bool:
        words = self.text.split()
        # "Recommendation(s):" is a label; "The UK government should:" is a lead-in
        # "Effective evaluation requires that:" is a lead-in too
        label = len(words) <= 4 and self.text.endswith(":") and not _MODAL.search(self.text) \
            and not self.text.endswith(" that:")
        return (
            0 < len(words) <= 12
            and (label or not re.search(r"[.;,:]$", self.text))
            and self.marker not in ("letter", "bullet", "rec", "resolved", "action", "agreed", "legislation")
            and (self.text[:1].isupper() or self.text[:1].isdigit())
            and len(self.lines) <= 2
            # "1. The compensation scheme should be set up now": a short numbered recommendation
            and not (self.marker == "number" and _ASKS.search(self.text) and not self.text.endswith("?"))
        )


def sentences(text: str) -> list[str]:
    """Sentences, not split after an abbreviation ("St. Joseph", "Mr. Smith"), an initial ("J. Smith")
    or a number that labels what follows ("1. The", "Section 3. That"), but split after one that ends
    a sentence ("... the end of World War 1. The Councillors ...")."""
    out: list[str] = []
    for piece in _SENTENCE.split(text):
        before = out[-1].split() if out else []
        last = before[-1].rstrip(".").lower() if before else ""
        if out and (last in _ABBREVIATIONS or (len(last) == 1 and (last.isalpha() or len(before) <= 2))) \
                and not (len(before) >= 2 and before[-2].lower() in _LABELLED and before[-1][:1].isupper()):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


def marker(text: str) -> tuple[str | None, str]:
    """(marker key, ref) that a line opens with."""
    for key, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            ref = (m.groupdict().get("ref") or "").strip()
            return key, ref if key == "legislation" else ref.replace(" ", "")
    return None, ""


def blocks(doc: Document, tables: Sequence[Table] = ()) -> list[Block]:
    """Paragraphs in reading order, split at markers, blank lines and wide vertical gaps; lines of
    the given tables are left out (they were read as tables), and a response's other tables of text
    side by side (or any paper's, where a table heads a column of answers) are read cell by cell."""
    out: list[Block] = []
    contents: list[Block] = []
    answering = doc.kind == EVIDENCE or any(_answers(t) for page in doc.pages for t in page.tables)
    for page in doc.pages:
        gap = _typical_gap(page.lines)
        in_table = _table_lines([t for t in page.tables if any(t is r for r in tables)])
        # a response's tables that no rule read and that set text side by side ("Consultation Feedback |
        # Draft KCC Response"): read cell by cell, not by lines that run across the cells
        grids = [t for t in page.tables if t.bbox and not any(t is r for r in tables) and _columned(t)] \
            if answering else []
        in_grid = [_table_lines([t]) for t in grids]
        done: set[int] = set()
        previous: Line | None = None
        current: Block | None = None
        for line in page.lines:
            text = line.text.strip()
            if not text or in_table(line):
                current, previous = None, None
                continue
            if (grid := next((t for t, test in zip(grids, in_grid) if test(line)), None)) is not None:
                if id(grid) not in done:  # the table's cells, each its own paragraph, once
                    out += _cells(grid, page.number)
                    done.add(id(grid))
                current, previous = None, None
                continue
            key, ref = marker(text)
            if key == "rec" and previous is not None and current is not None and _RUNS_ON.search(previous.text):
                key, ref = None, ""  # "... escalating issues to the group in" / "Recommendation 1."
            if current is None or key or _breaks(previous, line, gap):
                current = Block(text=text, page=page.number, marker=key, ref=ref, lines=[line])
                out.append(current)
            else:
                current.text = _join(current.text, text)
                current.lines.append(line)
            previous = line
            if _CONTENTS.search(text):
                contents.append(current)  # a contents entry ends here; what follows is new
                current, previous = None, None
    listing = _contents_pages(out)
    notes = _footnotes(doc, out)
    return _rejoin([block for block in out if not any(block is c for c in contents) and block.page not in listing
                    and id(block) not in notes])


FOOTNOTE_SIZE = 0.88  # a footnote's lines are at most this share of the body text's height
FOOTNOTE_TOP = 0.4  # and begin below this share of the page's height


def _footnotes(doc: Document, blocks: list[Block]) -> set[int]:
    """Ids of numbered blocks set small low on their page ("98 Though in the joint guidance ..."):
    footnotes, whose numbers are not paragraphs' and whose quotations ask nothing of anyone."""
    heights = sorted(line.bbox[3] - line.bbox[1] for page in doc.pages for line in page.lines if line.bbox and line.text)
    if not heights:
        return set()
    body = heights[len(heights) // 2]
    page_height = {page.number: page.height for page in doc.pages if page.height}
    notes = set()
    for block in blocks:
        boxes = [line.bbox for line in block.lines if line.bbox]
        height = page_height.get(block.page)
        if block.marker != "number" or "." in block.ref or not boxes or not height:
            continue
        if max(b[3] - b[1] for b in boxes) < FOOTNOTE_SIZE * body and boxes[0][1] > FOOTNOTE_TOP * height:
            notes.add(id(block))
    return notes


_CONTENTS_HEADING = re.compile(r"(?:table of )?contents|index|contents page", re.IGNORECASE)


def _contents_pages(blocks: list[Block]) -> set[int]:
    """Pages that open with a "Contents" or "Index" heading: their entries ("Recommendation 4:
    Preventing future harm 30-40") name sections of the paper, they are not its text."""
    firsts: dict[int, Block] = {}
    for block in blocks:
        firsts.setdefault(block.page, block)
    return {page for page, block in firsts.items() if _CONTENTS_HEADING.fullmatch(block.text.strip(" :"))}


def _rejoin(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by a page break or by a running header at a column or page top ("... to enter" /
    "The City Record" / "into an agreement ...") is one paragraph again; the header is left out. Done
    once footnotes are dropped, so that a paragraph goes on past the footnotes at its page's foot."""
    out: list[Block] = []
    for block in blocks:
        if (cut := _cut_by_notes(out, block)) is not None:
            cut.text = _join(cut.text, block.text)
            cut.lines += block.lines
            continue
        header = out[-1] if out and _header_like(out[-1]) else None
        before = out[-2] if header is not None and len(out) > 1 else (out[-1] if out else None)
        if before is not None and block.marker is None and _runs_on(before, block.text, None) \
                and (header is not None or before.page != block.page):
            before.text = _join(before.text, block.text)
            before.lines += block.lines
            if header is not None:
                out.remove(header)
            continue
        out.append(block)
    return out


NOTE_GAP = 1.5  # a page's notes begin at least this many lines' height below its text
_NOTE = re.compile(r"\d{1,3} [A-Z]")  # "10 Active Debris Removal ...": a note's number, no stop after it


def _cut_by_notes(out: list[Block], block: Block) -> Block | None:
    """The paragraph that a page's numbered notes (set no smaller than the text) part from its
    continuation at the next page's top: "... selected to deliver the" / "10 Find a Tender" / "five-year
    contract, ..."."""
    i = len(out)
    while i > 0 and out[i - 1].marker == "number" and _NOTE.match(out[i - 1].text) and out[i - 1].page < block.page:
        i -= 1
    if i == len(out) or i == 0 or block.marker is not None:
        return None
    before, note = out[i - 1], out[i]
    above, below = before.lines[-1].bbox if before.lines else None, note.lines[0].bbox if note.lines else None
    # set apart below the paragraph, not its next line ("... the Prime Minister," / "10 Downing Street ...")
    apart = above is not None and below is not None and below[1] - above[3] > NOTE_GAP * (below[3] - below[1])
    return before if apart and before.page == note.page and _runs_on(before, block.text, None) else None


def _header_like(block: Block) -> bool:
    return block.marker is None and len(block.text.split()) <= 5 and not re.search(r"[.:;?!]$", block.text)


def _columned(table: Table) -> bool:
    """Whether a table sets text side by side ("Consultation feedback | Draft KCC response"), in two
    rows or more: read by lines, its cells' lines would interleave. Not a box ruled round prose, which
    a stray rule may split once."""
    return sum(sum(bool((cell or "").strip()) for cell in row) >= 2 for row in table.rows) >= 2


_ANSWER_HEADING = re.compile(r"\b(?:response|answer|reply)\b", re.IGNORECASE)


def _answers(table: Table) -> bool:
    """Whether a table's heading row names a column of answers ("Issue raised | Response"): a paper
    that sets its answers beside what they answer, whatever else it calls itself."""
    return any(_ANSWER_HEADING.search(cell or "") and len((cell or "").split()) <= 5
               for row in table.rows[:2] for cell in row)


def _cells(table: Table, page: int) -> list[Block]:
    """A table no rule read, as paragraphs: its cells row by row, left to right."""
    out = []
    for n, row in enumerate(table.rows):
        box = table.row_bboxes[n] if n < len(table.row_bboxes) else table.bbox
        for cell in row:
            text = re.sub(r"\s+", " ", cell or "").strip()
            if text:
                key, ref = marker(text)
                out.append(Block(text=text, page=page, marker=key, ref=ref, lines=[Line(text, box)]))
    return out


def _table_lines(tables: list[Table]):
    """A test for lines that belong to one of the tables."""
    boxes = [t.bbox for t in tables if t.bbox]
    rows = {_squash(" ".join(row)) for t in tables for row in t.rows}

    def test(line: Line) -> bool:
        if line.bbox and boxes:
            x = (line.bbox[0] + line.bbox[2]) / 2
            y = (line.bbox[1] + line.bbox[3]) / 2
            return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)
        return bool(rows) and _squash(line.text) in rows

    return test


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _runs_on(block: Block, text: str, key: str | None) -> bool:
    return key is None and text[:1].islower() and not block.text.rstrip().endswith((".", ":", ";", "?", "!"))


def _join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}"


def _typical_gap(lines: list[Line]) -> float | None:
    steps = [
        b.bbox[1] - a.bbox[1]
        for a, b in itertools.pairwise(lines)
        if a.bbox and b.bbox and 0 < b.bbox[1] - a.bbox[1] < 40
    ]
    return statistics.median(steps) if len(steps) >= 3 else None


def _breaks(previous: Line | None, line: Line, gap: float | None) -> bool:
    if previous is None or previous.bbox is None or line.bbox is None or gap is None:
        return False
    step = line.bbox[1] - previous.bbox[1]
    return step > gap * 1.45 or step < -gap  # a wide gap, or a jump back up (next column)
