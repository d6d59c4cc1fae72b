"""Words with boxes from a pypdfium2 text page: fast, with fake bold and letter spacing undone.

Boxes are (x0, top, x1, bottom) in points from the top-left corner. A page whose text runs
sideways is turned a quarter at a time so that its text reads left to right for layout.
"""
from __future__ import annotations

import ctypes
from collections import Counter
from typing import Any

import numpy as np
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]
Word = dict[str, Any]  # text, x0, top, x1, bottom

SPACED_GAP = 0.12  # gap over a char's height that a space in the text must span to split words
UNSPACED_GAP = 0.35  # a gap this wide splits words even where the text has no space
DUPLICATE_TOLERANCE = 1.5  # points: a char drawn again this close is fake bold
LINE_END_HYPHEN = "\ufffe"  # how pdfium marks a hyphen (soft or not) that ends a line
TURN_SAMPLE = 400
# pdfium's loose box spans the font's whole bounding box, about 1.17 em; trimmed, it is about
# the 1 em box pdfplumber gives, so that lines of a large title and of body text stay apart.
TRIM_TOP, TRIM_BOTTOM = 0.1, 0.07  # consecutive char pairs looked at to tell which way the text runs


def page_chars(textpage: Any, left: float, top: float) -> tuple[str, list[Box]]:
    """The page's chars and loose boxes, from the top-left of a page whose corner is (left, top)."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return "", []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # pdfium may drop or add chars in its text view; read one by one
        text = "".join(_char(raw, i) for i in range(count))
    text = text.replace(LINE_END_HYPHEN, "-")
    x0, y1, x1, y0 = _loose_boxes(raw, count).T  # left, top, right, bottom, y upwards
    trim = y1 - y0
    return text, list(zip((x0 - left).tolist(), (top - y1 + TRIM_TOP * trim).tolist(),
                          (x1 - left).tolist(), (top - y0 - TRIM_BOTTOM * trim).tolist()))


# The same C function without pypdfium2's argument checks, which took half the time of a call:
# this is called for every char of every page.
_LOOSE_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)
_RECT_BYTES = ctypes.sizeof(pdfium_c.FS_RECTF)


def _loose_boxes(raw: Any, count: int) -> np.ndarray:
    """pdfium's loose boxes of the text page's first `count` chars, one (left, top, right,
    bottom) row each, in PDF points from the page's bottom-left corner."""
    rects = (pdfium_c.FS_RECTF * count)()
    loose, byref = _LOOSE_CHAR_BOX, ctypes.byref
    for i in range(count):
        loose(raw, i, byref(rects, i * _RECT_BYTES))
    return np.frombuffer(rects, dtype=np.float32).reshape(count, 4).astype(np.float64)


def _char(raw: Any, index: int) -> str:
    code = pdfium_c.FPDFText_GetUnicode(raw, index)
    return chr(code) if 0 < code < 0xD800 or 0xE000 <= code < 0x110000 else " "


def text_turn(text: str, boxes: list[Box]) -> int:
    """Quarter turns (clockwise) that make most of the page's text run left to right."""
    votes: Counter[int] = Counter()
    previous = None
    for ch, box in zip(text, boxes):
        if ch.isspace():
            previous = None
            continue
        if previous is not None:
            dx = (box[0] + box[2] - previous[0] - previous[2]) / 2
            dy = (box[1] + box[3] - previous[1] - previous[3]) / 2
            if abs(dx) >= abs(dy):
                votes[0 if dx >= 0 else 2] += 1
            else:
                votes[3 if dy > 0 else 1] += 1
            if sum(votes.values()) >= TURN_SAMPLE:
                break
        previous = box
    return votes.most_common(1)[0][0] if votes else 0


def turn_box(box: Box, turns: int, width: float, height: float) -> Box:
    """A box on a width x height page, as it lies after turning the page clockwise `turns` times."""
    x0, top, x1, bottom = box
    turns %= 4
    if turns == 1:
        return (height - bottom, x0, height - top, x1)
    if turns == 2:
        return (width - x1, height - bottom, width - x0, height - top)
    if turns == 3:
        return (top, width - x1, bottom, width - x0)
    return box


def drawn_once(text: str, boxes: list[Box]) -> tuple[str, list[Box]]:
    """The chars without the copies of a glyph drawn again on top of itself for fake bold."""
    kept: list[int] = []
    last, last_box = "", (0.0, 0.0, 0.0, 0.0)
    for i, (ch, box) in enumerate(zip(text, boxes)):
        # A ligature's letters ('ff') share one box exactly; a fake bold copy is drawn a little
        # off, less than half its width ('ll' in small type is drawn a whole width off).
        if ch == last and box != last_box and (
                abs(box[0] - last_box[0]) + abs(box[1] - last_box[1])
                < min(DUPLICATE_TOLERANCE, (box[2] - box[0]) / 2)):
            continue
        kept.append(i)
        if not (ch.isspace() or ch == "\x00"):
            last, last_box = ch, box
    if len(kept) == len(text):
        return text, boxes
    return "".join(text[i] for i in kept), [boxes[i] for i in kept]


def words_from_chars(text: str, boxes: list[Box]) -> list[Word]:
    """Chars into words: split at spaces that leave a real gap, and at gaps or line changes."""
    words: list[Word] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0
    spaced = False
    for ch, box in zip(text, boxes):
        if ch.isspace() or ch == "\x00":
            spaced = True
            continue
        if chars:
            # Inlined, as this runs for every char (builtin min/max took a third of the time):
            # the same line, not jumped back, a small gap.
            b0, b1, b2, b3 = box
            tall, word_tall = b3 - b1, bottom - top
            height = tall if tall > word_tall else word_tall  # noqa: FURB136
            overlap = (bottom if bottom < b3 else b3) - (top if top > b1 else b1)  # noqa: FURB136
            gap = b0 - x1  # a ligature's letters ('fi') share one box: gaps can be negative
            # Letter-spaced type ('Cleve l a n d') has spaces the next letter's glyph overlaps.
            if (overlap >= 0.5 * (tall if tall < word_tall else word_tall)  # noqa: FURB136
                    and b2 >= x1 - 0.5 * height
                    and gap <= (SPACED_GAP if spaced else UNSPACED_GAP) * height):
                chars.append(ch)
                if b1 < top:  # noqa: PLR1730
                    top = b1
                if b3 > bottom:  # noqa: PLR1730
                    bottom = b3
                if b0 < x0:  # noqa: PLR1730
                    x0 = b0
                if b2 > x1:  # noqa: PLR1730
                    x1 = b2
                spaced = False
                continue
            words.append({"text": "".join(chars), "x0": x0, "top": top, "x1": x1, "bottom": bottom})
        chars = [ch]
        x0, top, x1, bottom = box
        spaced = False
    if chars:
        words.append({"text": "".join(chars), "x0": x0, "top": top, "x1": x1, "bottom": bottom})
    return words
