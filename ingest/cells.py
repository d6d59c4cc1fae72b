"""The text of ruled tables' cells, read from pypdfium2's chars as pdfplumber's Table.extract
reads it: the chars whose middle is in a cell, as pdfplumber has a page's chars (no line breaks,
only the spaces that part words, each glyph as tall as its line), put into lines and words by
pdfplumber's extract_text steps.
"""
from __future__ import annotations

import itertools
from operator import itemgetter
from typing import Any

import numpy as np
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

from .chars import SPACED_GAP, Boxes, code_points, is_white
from .model import BBox


class Cells:
    """The text of a page's table cells, as pdfplumber's Table.extract reads it: the chars
    whose middle is inside the cell, put into lines by pdfplumber's extract_text."""

    def __init__(self, text: str, boxes: Boxes) -> None:
        self.chars, self.boxes = _plumber_chars(text, boxes)
        x0, top, x1, bottom = self.boxes.T
        self.middle_x, self.middle_y = (x0 + x1) / 2, (top + bottom) / 2

    def row(self, row: Any) -> list[str]:
        """The texts of a pdfplumber row's cells; '' for no cell (a slot that a merged cell
        spans). Only the chars in the row's box are looked at for its cells, which are in it."""
        near = np.flatnonzero(_inside(self.middle_x, self.middle_y, row.bbox))
        chars = list(zip([self.chars[i] for i in near.tolist()], *self.boxes[near].T.tolist()))
        x, y = self.middle_x[near], self.middle_y[near]
        return [_extract_text([chars[i] for i in np.flatnonzero(_inside(x, y, cell)).tolist()])
                if cell else "" for cell in row.cells]


def _inside(x: np.ndarray, y: np.ndarray, box: BBox) -> np.ndarray:
    """Whether points (x, y) are inside the box, as pdfplumber has a char's middle in a cell."""
    x0, top, x1, bottom = box
    return (x >= x0) & (x < x1) & (y >= top) & (y < bottom)


Char = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom


def _extract_text(chars: list[Char]) -> str:
    """pdfplumber.utils.extract_text with its default settings, of upright chars, step for step
    but on tuples: the chars are clustered into lines by their tops, and the words of the lines
    (`_words`) are clustered by their tops again. Chars whose tops are all within the tolerance
    (so finite, as those of chars in a cell are) make one line, as the words they make do."""
    if not chars:
        return ""
    tops = [char[2] for char in chars]
    if max(tops) <= min(tops) + DEFAULT_Y_TOLERANCE:
        return " ".join(text for text, _ in _words(chars))
    words = [word for line in cluster_objects(chars, itemgetter(2), DEFAULT_Y_TOLERANCE)
             for word in _words(line)]
    lines = cluster_objects(words, itemgetter(1), DEFAULT_Y_TOLERANCE)
    return "\n".join(" ".join(text for text, _ in line) for line in lines)


def _words(line: list[Char]) -> list[tuple[str, float]]:
    """The words (text, top) of a line of chars, as pdfplumber's WordExtractor reads them: left to
    right, parted at white space, at a gap of more than 3 points, a step back, or up or down."""
    words = []
    texts: list[str] = []  # of the word read so far, whose top is word_top
    word_top = last_x0 = last_x1 = last_top = 0.0
    for text, x0, top, x1, _ in sorted(line, key=itemgetter(1)):
        if texts and (text.isspace() or x0 < last_x0 or x0 > last_x1 + DEFAULT_X_TOLERANCE
                      or abs(top - last_top) > DEFAULT_Y_TOLERANCE):
            words.append(("".join(texts), word_top))
            texts = []
        if text.isspace():
            continue
        if not texts or top < word_top:
            word_top = top
        texts.append(LIGATURES.get(text, text))
        last_x0, last_x1, last_top = x0, x1, top
    if texts:
        words.append(("".join(texts), word_top))
    return words


def _plumber_chars(text: str, boxes: Boxes) -> tuple[str, Boxes]:
    """The page's chars and their boxes as pdfplumber has them: without pdfium's line breaks,
    with only the spaces that part words (`_space_boxes`), each glyph as tall as its line."""
    codes = code_points(text)
    tall, white = _line_tall(text, boxes), is_white(codes)
    glyphs = np.flatnonzero(~white)
    nul = codes == 0  # pdfium's unknown char: a glyph to its neighbours, and else a space
    spaces = np.flatnonzero(white | nul)
    before, after = np.searchsorted(glyphs, spaces) - 1, np.searchsorted(glyphs, spaces, side="right")
    between = (before >= 0) & (after < len(glyphs))  # a space with a glyph either side
    spaces, before, after = spaces[between], glyphs[before[between]], glyphs[after[between]]
    space_boxes, parts = _space_boxes(tall, before, spaces, after)
    tall[spaces[parts]] = space_boxes[parts]
    keep = ~white & ~nul
    keep[spaces[parts]] = True
    return "".join(itertools.compress(text, keep.tolist())), tall[keep]


def _line_tall(text: str, boxes: Boxes) -> Boxes:
    """The boxes, with a glyph less than half as tall as the glyph before it, within that one's
    height and next to it, as tall as that one: pdfium gives some glyphs (a hyphen from another
    font) the box of their ink, which pdfplumber would put on a line of its own.

    Each glyph is judged against the glyph before as it is made tall, so the glyphs are first
    judged against the boxes before at once, and then one by one from each glyph made tall, on
    while the next is made tall too: the first after it that is not has its own box again."""
    tall = boxes.copy()
    glyphs = np.flatnonzero(~is_white(code_points(text)))
    fits = np.flatnonzero(_fits(boxes[glyphs[1:]], boxes[glyphs[:-1]])) + 1  # as the one before was
    judged = -1  # the glyphs up to this one have their final boxes
    for start in fits.tolist():
        glyph = start
        while glyph > judged and glyph < len(glyphs) and (
                glyph == start or _fits(tall[glyphs[glyph]], tall[glyphs[glyph - 1]])):
            tall[glyphs[glyph], 1::2] = tall[glyphs[glyph - 1], 1::2]  # top and bottom
            glyph += 1
        judged = max(judged, glyph)
    return tall


def _fits(box: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Whether glyph boxes (one or many) are made as tall as those of the glyphs before them."""
    x0, top, _, bottom = np.moveaxis(box, -1, 0)
    _, previous_top, previous_x1, previous_bottom = np.moveaxis(previous, -1, 0)
    height = previous_bottom - previous_top
    return ((previous_top <= top) & (top <= bottom) & (bottom <= previous_bottom)
            & (bottom - top < height / 2) & (abs(x0 - previous_x1) <= height))


def _space_boxes(boxes: Boxes, before: np.ndarray, index: np.ndarray,
                 after: np.ndarray) -> tuple[Boxes, np.ndarray]:
    """Spaces (at `index`) as the gaps they span between the glyphs either side (`before`,
    `after`), and whether each parts words: if those glyphs are on one line, and the gap is
    real or the next glyph does not overlap the space. pdfium adds spaces of its own (on the
    baseline, with no width); a letter-spaced word ('C l e v e') has spaces that the next letter
    overlaps. Python's min and max are kept (NaN as the first) where numpy's differ."""
    _, top, left, bottom = boxes[before].T
    right, next_top, _, next_bottom = boxes[after].T
    height, next_height = bottom - top, next_bottom - next_top
    one_line = ~(_min(bottom, next_bottom) - _max(top, next_top) < 0.5 * _min(height, next_height))
    gap = right - left > SPACED_GAP * _max(height, next_height)
    parts = one_line & (gap | ~(right < boxes[index, 2]))
    return np.column_stack((left, top, _max(left, right), bottom)), parts


def _min(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Python's min(a, b), each pair."""
    return np.where(b < a, b, a)


def _max(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Python's max(a, b), each pair."""
    return np.where(b > a, b, a)
