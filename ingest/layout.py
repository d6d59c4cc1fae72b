"""Reading order: words into lines, and lines of side-by-side text columns one column at a time.

A page is cut into segments at full-width lines (a title, a heading across the columns, a
table); within a segment, vertical white-space gutters that no word crosses split the text
into columns, which are read left to right.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from statistics import median

import numpy as np

from .chars import Box, Word

LINE_OVERLAP = 0.5  # share of the smaller word's height two words must share to be one line
MIN_SEGMENT_LINES = 4  # fewer lines side by side do not make columns
MIN_COLUMN_SHARE = 0.18  # of the page width: narrower 'columns' are list numbers or labels
MIN_COLUMN_FILL = 0.6  # median line width over column width: prose fills it, table cells do not
GUTTER_HEIGHTS = 1.0  # a gutter is at least this many text heights wide
FULL_WIDTH_SHARE = 0.6  # a line without a gutter-wide gap that spans this share is full width
CROSSING_SHARE = 0.05  # lines that may cross a gutter, cutting the columns where they sit


@dataclass(init=False)
class Row:
    """A line: its words in reading order, its height across the line and its box (the words'
    box, worked out from them if not given)."""

    words: list[Word]
    size: float
    box: Box

    def __init__(self, words: list[Word], size: float, box: Box | None = None) -> None:
        self.words, self.size = words, size
        self.box = _union(words) if box is None else box

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def reading_order(words: list[Word], width: float, keep_whole: Sequence[Box] = ()) -> list[Row]:
    """The page's lines in reading order; lines touching a `keep_whole` box are never split."""
    rows = cluster_rows(words)
    if len(rows) < MIN_SEGMENT_LINES:
        return rows
    gutter = GUTTER_HEIGHTS * median(w["bottom"] - w["top"] for w in words)
    return _split_at(
        rows,
        lambda row: _full_width(row, width, gutter) or any(_touches(row.box, box) for box in keep_whole),
        lambda segment: _columns(segment, width, gutter),
    )


def _split_at(rows: list[Row], whole: Callable[[Row], bool], read: Callable[[list[Row]], list[Row]]) -> list[Row]:
    """Rows in order, each run between `whole` rows put through `read`, the `whole` rows kept where they sit."""
    out: list[Row] = []
    segment: list[Row] = []
    for row in rows:
        if whole(row):
            out += read(segment)
            out.append(row)
            segment = []
        else:
            segment.append(row)
    return out + read(segment)


def cluster_rows(words: list[Word]) -> list[Row]:
    """Group words into lines by overlap across the line, top to bottom, each left to right.

    A line's top, bottom, right edge and size are gathered on the way, as this runs for every
    word (its top is its first word's, as the words come top down).
    """
    ordered = sorted(words, key=itemgetter("top", "x0"))
    rows: list[Row] = []
    current: list[Word] = []
    start = end = right = size = 0.0
    for word in ordered:
        low, high = word["top"], word["bottom"]
        tall = high - low
        if current:
            # Inlined min/max: the word and the line overlap by half the thinner one's height
            # (at least 0.1 pt).
            thinner = tall if tall < end - start else end - start  # noqa: FURB136
            overlap = (end if end < high else high) - low  # noqa: FURB136
            if overlap >= LINE_OVERLAP * (thinner if thinner > 0.1 else 0.1):  # noqa: FURB136
                current.append(word)
                if high > end:  # noqa: PLR1730
                    end = high
                if word["x1"] > right:  # noqa: PLR1730
                    right = word["x1"]
                if tall > size:  # noqa: PLR1730
                    size = tall
                continue
            rows.append(_row(current, start, right, end, size))
        current, start, end, right, size = [word], low, high, word["x1"], tall
    if current:
        rows.append(_row(current, start, right, end, size))
    return rows


def _row(words: list[Word], top: float, right: float, bottom: float, size: float) -> Row:
    """A line's words along the line, its box (its left edge is its first word's) and its size,
    its thickest word's (about the font size)."""
    words.sort(key=itemgetter("x0"))
    return Row(words, size, (words[0]["x0"], top, right, bottom))


def _full_width(row: Row, width: float, gutter: float) -> bool:
    """Spans most of the page with no gap as wide as a gutter: a line no column can hold."""
    x0, _, x1, _ = row.box
    if x1 - x0 < FULL_WIDTH_SHARE * width:
        return False
    gaps = (b["x0"] - a["x1"] for a, b in zip(row.words, row.words[1:]))
    return max(gaps, default=0.0) < gutter


def _columns(rows: list[Row], width: float, gutter: float) -> list[Row]:
    """A segment's lines column by column; the few lines that cross its gutters (a footer slug,
    a heading over two columns) are kept whole and cut the segment where they sit."""
    if len(rows) < MIN_SEGMENT_LINES:
        return rows
    cuts = _gutters([w for row in rows for w in row.words], gutter, int(CROSSING_SHARE * len(rows)))
    return _split_at(
        rows,
        lambda row: any(w["x0"] < cut < w["x1"] for cut in cuts for w in row.words),
        lambda part: _prose_columns(part, width, gutter),
    )


def _prose_columns(rows: list[Row], width: float, gutter: float) -> list[Row]:
    """The lines column by column if gutters no word crosses split them into prose columns."""
    if len(rows) < MIN_SEGMENT_LINES:
        return rows
    words = [w for row in rows for w in row.words]
    cuts = _gutters(words, gutter, 0)
    while cuts:
        columns = _split(words, cuts)
        narrow = next((i for i, col in enumerate(columns) if _span(col) < MIN_COLUMN_SHARE * width), None)
        if narrow is None:
            break
        del cuts[max(narrow - 1, 0)]  # margin notes or list numbers go with the column beside
    if not cuts:
        return rows
    column_rows = [cluster_rows(column) for column in _split(words, cuts)]
    if not all(_is_prose_column(col) for col in column_rows):
        return rows
    return [row for col in column_rows for row in col]


def _split(words: list[Word], cuts: list[float]) -> list[list[Word]]:
    """The words by column, between the cuts (left to right)."""
    columns: list[list[Word]] = [[] for _ in range(len(cuts) + 1)]
    for word in words:
        columns[bisect_left(cuts, (word["x0"] + word["x1"]) / 2)].append(word)
    return columns


def _span(words: list[Word]) -> float:
    return max(w["x1"] for w in words) - min(w["x0"] for w in words) if words else 0.0


def _gutters(words: list[Word], gutter: float, allowed: int) -> list[float]:
    """Middles, left to right, of the vertical bands at least `gutter` wide that at most `allowed`
    words cross.

    Across the page, each word's left edge adds one to the words crossing and its right edge
    takes one away (first, where edges meet); a band opens where the count falls to `allowed`
    and closes where it rises above it again.
    """
    edges = np.array([w["x0"] for w in words] + [w["x1"] for w in words])
    steps = np.repeat([1, -1], len(words))
    order = np.lexsort((steps, edges))
    edges, steps = edges[order], steps[order]
    after = np.cumsum(steps)
    before = after - steps
    opens = edges[(before > allowed) & (after <= allowed)]
    closes = edges[(before <= allowed) & (after > allowed)][1:]  # the first ends the left margin
    return [(a + b) / 2 for a, b in zip(opens.tolist(), closes.tolist()) if b - a >= gutter]


def _is_prose_column(rows: list[Row]) -> bool:
    """Lines that mostly fill the column, as prose does and table cells do not."""
    if len(rows) < MIN_SEGMENT_LINES:
        return bool(rows)  # the short end of an article in the last column
    x0 = min(row.box[0] for row in rows)
    x1 = max(row.box[2] for row in rows)
    return median(row.box[2] - row.box[0] for row in rows) >= MIN_COLUMN_FILL * (x1 - x0)


def _touches(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _union(words: list[Word]) -> Box:
    """The box around the words, in one pass."""
    first = words[0]
    x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
    for w in words[1:]:  # inlined min/max: a third of the time of builtin calls
        if w["x0"] < x0:  # noqa: PLR1730
            x0 = w["x0"]
        if w["top"] < top:  # noqa: PLR1730
            top = w["top"]
        if w["x1"] > x1:  # noqa: PLR1730
            x1 = w["x1"]
        if w["bottom"] > bottom:  # noqa: PLR1730
            bottom = w["bottom"]
    return float(x0), float(top), float(x1), float(bottom)
