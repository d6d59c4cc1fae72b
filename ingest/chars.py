"""Words with boxes from a pypdfium2 text page: fast, with fake bold and letter spacing undone.

Boxes are (x0, top, x1, bottom) in points from the top-left corner. A page whose text runs
sideways is turned a quarter at a time so that its text reads left to right for layout.
"""
from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]
Boxes = np.ndarray  # a (x0, top, x1, bottom) row for each char
Word = dict[str, Any]  # text, x0, top, x1, bottom

# gap over a char's height that a space in the text must span to split words: tightly set type
# ("should provide" in the HoL space report) leaves only a tenth of the height between the words
SPACED_GAP = 0.05
UNSPACED_GAP = 0.35  # a gap this wide splits words even where the text has no space
DUPLICATE_TOLERANCE = 1.5  # points: a char drawn again this close is fake bold
LINE_END_HYPHEN = "\ufffe"  # how pdfium marks a hyphen (soft or not) that ends a line
TURN_SAMPLE = 400  # steps from glyph to glyph looked at to tell which way the text runs
# pdfium's loose box spans the font's whole bounding box, about 1.17 em; trimmed, it is about
# the 1 em box pdfplumber gives, so that lines of a large title and of body text stay apart.
TRIM_TOP, TRIM_BOTTOM = 0.1, 0.07


def page_chars(textpage: Any, left: float, top: float, white: bool = True) -> tuple[str, Boxes]:
    """The page's chars and loose boxes, from the top-left of a page whose corner is (left, top).

    white: whether white space has its box too. Only a ruled table's cells (`Cells`) read white
    space's boxes; without, pdfium is not asked for them (a sixth of its calls, one a char) and
    their rows are made of zeros in its place."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return "", np.empty((0, 4))
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # pdfium may drop or add chars in its text view; read one by one
        text = "".join(_char(raw, i) for i in range(count))
    text = text.replace(LINE_END_HYPHEN, "-")
    which = None if white else np.flatnonzero(~is_white(code_points(text))).tolist()
    x0, y1, x1, y0 = _loose_boxes(raw, count, which).T  # left, top, right, bottom, y upwards
    trim = y1 - y0
    return text, np.column_stack((x0 - left, top - y1 + TRIM_TOP * trim,
                                  x1 - left, top - y0 - TRIM_BOTTOM * trim))


def unchecked(function: Any, restype: Any = ctypes.c_int) -> Any:
    """The same pdfium function without pypdfium2's argument checks, which take half the time
    of a call: for those called for every char or path segment of a page, that return an int (a
    pointer as an int, with restype c_void_p) and take pointers that pypdfium2 handed out or
    ctypes.byref made."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None  # NULL only for a null pointer, never for a function pdfium exports
    return ctypes.CFUNCTYPE(restype)(address)


_LOOSE_CHAR_BOX = unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_RECT_BYTES = ctypes.sizeof(pdfium_c.FS_RECTF)
# pointers returned as ints, to tell fonts apart without casts
_TEXT_OBJECT = unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
_OBJECT_FONT = unchecked(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)
BOLD, ITALIC = 1, 2  # a char's style: bits of font_styles' codes
BOLD_WEIGHT = 600  # a font weight from semibold up is bold
ITALIC_FLAG = 1 << 6  # the font descriptor's Italic flag (PDF 32000 table 123)
FORCE_BOLD_FLAG = 1 << 18
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|-bd\b|,bd\b", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique|-it\b|,it\b", re.IGNORECASE)


def font_styles(textpage: Any) -> Callable[[int], int]:
    """A function giving the style of the char at an index of the text page, BOLD and/or ITALIC
    bits, from its font: a weight from BOLD_WEIGHT up, the ForceBold or Italic flag, or a name
    that says so ('Arial-BoldMT', 'Helvetica-Oblique'); the 14 standard fonts have only their
    names. Each font is looked at once; a char pdfium made up (a space, a line end) is plain."""
    raw = textpage.raw
    by_font: dict[int, int] = {0: 0}
    text_object, object_font = _TEXT_OBJECT, _OBJECT_FONT

    def style(index: int) -> int:
        obj = text_object(raw, index)
        font: int = (object_font(ctypes.c_void_p(obj)) or 0) if obj else 0
        found = by_font.get(font)
        if found is None:
            found = by_font[font] = _font_style(ctypes.cast(font, pdfium_c.FPDF_FONT))
        return found

    return style


def _font_style(font: Any) -> int:
    """BOLD and/or ITALIC as the font has them."""
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(max(size, 1))
    if size > 0:
        pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
    text = name.value.decode("latin-1").partition("+")[2] or name.value.decode("latin-1")  # "ABCDEF+Arial-BoldMT"
    flags = max(pdfium_c.FPDFFont_GetFlags(font), 0)
    bold = pdfium_c.FPDFFont_GetWeight(font) >= BOLD_WEIGHT or flags & FORCE_BOLD_FLAG or _BOLD_NAME.search(text)
    italic = flags & ITALIC_FLAG or _ITALIC_NAME.search(text)
    return (BOLD if bold else 0) | (ITALIC if italic else 0)


def _loose_boxes(raw: Any, count: int, which: list[int] | None = None) -> np.ndarray:
    """pdfium's loose boxes of the text page's first `count` chars, one (left, top, right,
    bottom) row each, in PDF points from the page's bottom-left corner; if `which` is given,
    only those chars' boxes, and zeros for the others."""
    rects = (pdfium_c.FS_RECTF * count)()
    loose, byref = _LOOSE_CHAR_BOX, ctypes.byref
    for i in range(count) if which is None else which:
        loose(raw, i, byref(rects, i * _RECT_BYTES))
    return np.frombuffer(rects, dtype=np.float32).reshape(count, 4).astype(np.float64)


def _char(raw: Any, index: int) -> str:
    code = pdfium_c.FPDFText_GetUnicode(raw, index)
    return chr(code) if 0 < code < 0xD800 or 0xE000 <= code < 0x110000 else " "


def text_turn(text: str, boxes: Boxes) -> int:
    """Quarter turns (clockwise) that make most of the page's text run left to right: the way
    most of the first TURN_SAMPLE steps from a glyph to the glyph right after it go."""
    glyph = ~is_white(code_points(text))
    steps = np.flatnonzero(glyph[1:] & glyph[:-1])[:TURN_SAMPLE]
    if not len(steps):
        return 0
    before, after = boxes[steps], boxes[steps + 1]
    dx = (after[:, 0] + after[:, 2] - before[:, 0] - before[:, 2]) / 2
    dy = (after[:, 1] + after[:, 3] - before[:, 1] - before[:, 3]) / 2
    votes = np.where(abs(dx) >= abs(dy), np.where(dx >= 0, 0, 2), np.where(dy > 0, 3, 1))
    counts = np.bincount(votes, minlength=4)
    return next(v for v in votes.tolist() if counts[v] == counts.max())  # a tie: the first seen


def code_points(text: str) -> np.ndarray:
    """The text's code points."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_WHITE = np.array([chr(c).isspace() for c in range(0x3002)])  # U+3000 is the last white space


def is_white(codes: np.ndarray) -> np.ndarray:
    """Which code points are white space, as str.isspace has it."""
    return _WHITE[np.minimum(codes, 0x3001)]


_NOT_GLYPH = re.compile(r"[\s\x00]")  # re's \s is str.isspace


def _glyphs(text: str) -> np.ndarray:
    """The indexes of the chars that are neither white space nor NUL (pdfium's unknown char)."""
    codes = code_points(text)
    return np.flatnonzero(~is_white(codes) & (codes != 0))


def turn_box(box: Box, turns: int, width: float, height: float) -> Box:
    """A box on a width x height page, as it lies after turning the page clockwise `turns` times.

    Boxes turn alike: np.column_stack(turn_box(tuple(boxes.T), ...)) turns an array of them."""
    x0, top, x1, bottom = box
    turns %= 4
    if turns == 1:
        return (height - bottom, x0, height - top, x1)
    if turns == 2:
        return (width - x1, height - bottom, width - x0, height - top)
    if turns == 3:
        return (top, width - x1, bottom, width - x0)
    return box


def drawn_once(text: str, boxes: Boxes) -> tuple[str, Boxes]:
    """The chars without the copies of a glyph drawn again on top of itself for fake bold.

    A copy repeats the glyph before it (white space between does not count) a little off: less
    than half its width, and not in exactly the same box, as a ligature's letters ('ff') are. A
    glyph drawn three times is two copies of the first: a run of one glyph is read in order."""
    glyphs = _glyphs(text)
    codes = code_points(text)[glyphs]
    same = codes[1:] == codes[:-1]  # step from glyph i to i + 1 is to the same glyph
    steps = np.flatnonzero(same)
    near = steps[_copy(boxes[glyphs[steps + 1]], boxes[glyphs[steps]])]
    if not len(near):
        return text, boxes
    keep = np.ones(len(text), dtype=bool)
    read_to = -1
    for step in near.tolist():  # the first copy of its run, or in a run read
        if step <= read_to:
            continue
        last = glyphs[step]  # every glyph before it in its run has been kept
        while step < len(same) and same[step]:
            glyph = glyphs[step + 1]
            if _copy(boxes[glyph], boxes[last]):
                keep[glyph] = False
            else:
                last = glyph
            step += 1
        read_to = step
    return "".join(itertools.compress(text, keep.tolist())), boxes[keep]


def _copy(box: np.ndarray, original: np.ndarray) -> np.ndarray:
    """Whether glyph boxes are fake bold copies of the same glyph's original boxes (one or many)."""
    return ((box[..., :4] != original[..., :4]).any(axis=-1)  # the box only: a char's index may ride along
            & (abs(box[..., 0] - original[..., 0]) + abs(box[..., 1] - original[..., 1])
               < np.minimum(DUPLICATE_TOLERANCE, (box[..., 2] - box[..., 0]) / 2)))


def words_from_chars(text: str, boxes: Boxes, index: np.ndarray | None = None) -> list[Word]:
    """Chars into words: split at spaces that leave a real gap, and at gaps or line changes.

    A char joins the word before it if it is on the same line, not jumped back, and a small gap
    away from the word's box so far (`_joins`). A word's box so far is its last char's box while
    its chars run on in one font (tops not rising, bottoms not falling, right edges not going
    back), which is nearly always: so every char is first judged against the char before it, at
    once, and only the words where the box so far is not the last char's are judged char by char.
    A word's "char" is the index in `text` of its first char, or `index`'s entry for that char.
    """
    glyphs = _glyphs(text)
    if not len(glyphs):
        return []
    glyph_text = _NOT_GLYPH.sub("", text)
    x0, top, x1, bottom = boxes[glyphs].T
    gap = np.where(np.diff(glyphs, prepend=-1) > 1, SPACED_GAP, UNSPACED_GAP)  # white space or NUL before it
    joins = np.zeros(len(glyphs), dtype=bool)
    joins[1:] = _joins(x0[1:], top[1:], x1[1:], bottom[1:], gap[1:], top[:-1], x1[:-1], bottom[:-1])
    runs_on = np.zeros(len(glyphs), dtype=bool)
    runs_on[1:] = (top[1:] <= top[:-1]) & (bottom[1:] >= bottom[:-1]) & (x1[1:] >= x1[:-1])
    joins = _judge_irregular(joins, runs_on, x0, top, x1, bottom, gap)
    starts = np.flatnonzero(~joins)
    ends = [*starts[1:].tolist(), len(glyphs)]
    return [
        {"text": glyph_text[start:end], "x0": a, "top": b, "x1": c, "bottom": d, "char": char}
        for start, end, char, a, b, c, d in zip(
            starts.tolist(), ends, (glyphs[starts] if index is None else index[glyphs[starts]]).tolist(),
            np.minimum.reduceat(x0, starts).tolist(), np.minimum.reduceat(top, starts).tolist(),
            np.maximum.reduceat(x1, starts).tolist(), np.maximum.reduceat(bottom, starts).tolist(),
        )
    ]


def _joins(b0: Any, b1: Any, b2: Any, b3: Any, gap: Any, top: Any, x1: Any, bottom: Any) -> Any:
    """Whether chars (b0, b1, b2, b3) join words whose boxes so far end at x1 and span top to
    bottom; `gap` is the widest gap allowed, over the taller height. Arrays; _judge_irregular
    says the same of one char at a time in Python floats, which numpy is slow at."""
    tall, word_tall = b3 - b1, bottom - top
    # a ligature's letters ('fi') share one box: gaps can be negative; letter-spaced type
    # ('Cleve l a n d') has spaces the next letter's glyph overlaps
    return ((np.minimum(bottom, b3) - np.maximum(top, b1) >= 0.5 * np.minimum(tall, word_tall))
            & (b2 >= x1 - 0.5 * np.maximum(tall, word_tall))
            & (b0 - x1 <= gap * np.maximum(tall, word_tall)))


def _judge_irregular(
    joins: np.ndarray, runs_on: np.ndarray, x0: np.ndarray, top: np.ndarray, x1: np.ndarray,
    bottom: np.ndarray, gap: np.ndarray,
) -> np.ndarray:
    """`joins` judged against the char before, corrected char by char from the first char whose
    word's box so far is not the char's own, until a char starts a word again (from which on the
    char before is the word so far). Up to there the judgments against the char before are right."""
    odd = np.flatnonzero(joins & ~runs_on)  # the box so far may not be this char's
    if not len(odd):
        return joins
    joins = joins.copy()
    columns = (x0, top, x1, bottom, gap)
    i = 0
    for first in odd.tolist():
        if first < i:
            continue  # judged char by char already
        # its word ran on regularly up to here: its box so far is the char before's
        w_top, w_x1, w_bottom = top.item(first - 1), x1.item(first - 1), bottom.item(first - 1)
        i = first
        while i < len(joins):
            # Python floats, a few chars at a time: numpy's scalars are slow one by one. _joins:
            for b0, b1, b2, b3, g in zip(*(column[i: i + 8].tolist() for column in columns)):
                tall, word_tall = b3 - b1, w_bottom - w_top
                joined = ((b3 if b3 < w_bottom else w_bottom) - (b1 if b1 > w_top else w_top)  # noqa: FURB136
                          >= 0.5 * (tall if tall < word_tall else word_tall)  # noqa: FURB136
                          and b2 >= w_x1 - 0.5 * (tall if tall > word_tall else word_tall)  # noqa: FURB136
                          and b0 - w_x1 <= g * (tall if tall > word_tall else word_tall))  # noqa: FURB136
                joins[i] = joined
                i += 1
                if not joined:
                    break  # a new word: from here the char before is the word so far
                w_top, w_x1, w_bottom = min(w_top, b1), max(w_x1, b2), max(w_bottom, b3)
            else:
                continue
            break
    return joins
