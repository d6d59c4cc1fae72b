"""Ruled tables of a page, read from pypdfium2's page objects and chars, which are read in C,
instead of pdfminer's, which are parsed in Python at ~0.1 s a page.

Cheap question first: `has_rulings` (drawn lines that cross in a grid, from the paths' bounds).
Then `ruled_tables` runs pdfplumber's own table finder on the page's path segments, turned into
edges as pdfminer would, and fills its cells as pdfplumber's Table.extract would.
"""
from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder

from .chars import SPACED_GAP, Box, Boxes, turn_box, unchecked
from .model import BBox, Table

MAX_FORM_DEPTH = 4
# A ruled table of 2 x 2 cells has 3 x 3 crossings of its lines; one drawn box has only 4.
GRID_CROSSINGS = 9
THIN = 3.0  # points: a path this thin is a drawn line; also the tolerance for lines to meet
RECT_SEGMENTS = 6  # a line or a box ('re') has no more path segments than this
GRID_MIN = 30.0  # points: a path with many segments at least this big may be a grid

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Point = tuple[float, float]
Edge = dict[str, Any]  # as pdfplumber has a page's edges: x0, top, x1, bottom, orientation, ...


def objects(container: Any, kind: int, depth: int = 0) -> Iterator[Any]:
    """The raw page objects of one kind (FPDF_PAGEOBJ_PATH, ...) on a page, and in the forms
    (XObjects) on it, depth first."""
    is_page = depth == 0
    count = (pdfium_c.FPDFPage_CountObjects if is_page else pdfium_c.FPDFFormObj_CountObjects)(container)
    get = pdfium_c.FPDFPage_GetObject if is_page else pdfium_c.FPDFFormObj_GetObject
    get_type = pdfium_c.FPDFPageObj_GetType
    for i in range(max(count, 0)):
        obj = get(container, i)
        obj_kind = get_type(obj)
        if obj_kind == kind:
            yield obj
        if obj_kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            yield from objects(obj, kind, depth + 1)


def has_rulings(pdf_page: Any) -> bool:
    """Drawn lines and boxes that cross in a grid of at least 3 x 3: work for pdfplumber's
    ruled-table finder. Cheap, from the bounds of the page's paths, so it may say yes wrongly."""
    across: list[tuple[float, float, float]] = []  # y, x0, x1
    down: list[tuple[float, float, float]] = []  # x, y0, y1
    box = [ctypes.c_float() for _ in range(4)]
    for obj in objects(pdf_page.raw, pdfium_c.FPDF_PAGEOBJ_PATH):
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *box):
            continue
        x0, y0, x1, y1 = (v.value for v in box)
        if pdfium_c.FPDFPath_CountSegments(obj) > RECT_SEGMENTS and min(x1 - x0, y1 - y0) > GRID_MIN:
            return True  # a whole grid drawn as one path: leave it to pdfplumber
        if y1 - y0 <= THIN:
            across.append((y0, x0, x1))
        elif x1 - x0 <= THIN:
            down.append((x0, y0, y1))
        else:  # a box: its four sides
            across += [(y0, x0, x1), (y1, x0, x1)]
            down += [(x0, y0, y1), (x1, y0, y1)]
    return _crossings(across, down) >= GRID_CROSSINGS


def _crossings(across: list[tuple[float, float, float]], down: list[tuple[float, float, float]]) -> int:
    """How many horizontal and vertical lines cross or touch, up to GRID_CROSSINGS."""
    count = 0
    for y, x0, x1 in across:
        for x, y0, y1 in down:
            if x0 - THIN <= x <= x1 + THIN and y0 - THIN <= y <= y1 + THIN:
                count += 1
                if count >= GRID_CROSSINGS:
                    return count
    return count


def ruled_tables(pdf_page: Any, text: str, boxes: Boxes, turns: int) -> list[Table]:
    """Ruled tables of at least two rows and two columns, with each row's box: pdfplumber's table
    finder on the page's drawn edges, its cells filled with the page's chars (`page_chars`, with
    the page and its boxes turned `turns` quarters, as displayed).

    The edges are pdfplumber's own (the same path points, turned into edges the same way, see
    `_subpath_edges`), and the cells are read as pdfplumber's Table.extract reads them."""
    left, bottom, right, top = pdf_page.get_bbox()
    edges = [
        _turn_edge(edge, turns, right - left, top - bottom)
        for obj, matrix in _paths(pdf_page.raw, IDENTITY, 0)
        for subpath in _subpaths(obj, matrix)
        for edge in _subpath_edges(subpath, left, top)
    ]
    if not edges:
        return []
    tables = []
    cells_of: _Cells | None = None
    for found in TableFinder(_Objects(edges)).tables:  # type: ignore[arg-type]
        rows = found.rows
        if len(rows) < 2 or len(rows[0].cells) < 2:
            continue  # every row has a slot for each of the table's columns
        cells_of = cells_of or _Cells(text, boxes)
        cells = [[cells_of.text(cell) for cell in row.cells] for row in rows]
        if not any(cell.strip() for row in cells for cell in row):
            continue  # a ruled box with nothing in it is decoration
        row_bboxes: list[BBox | None] = [tuple(map(float, row.bbox)) for row in rows]
        tables.append(Table(rows=cells, bbox=tuple(map(float, found.bbox)), row_bboxes=row_bboxes))
    return tables


class _Objects:
    """What pdfplumber's TableFinder asks of a page: its edges."""

    def __init__(self, edges: list[Edge]) -> None:
        self.edges = edges


class _Cells:
    """The text of a page's table cells, as pdfplumber's Table.extract reads it: the chars
    whose middle is inside the cell, put into lines by pdfplumber's extract_text."""

    def __init__(self, text: str, boxes: Boxes) -> None:
        self.chars = _plumber_chars(text, list(zip(*boxes.T.tolist())))
        x0, top, x1, bottom = np.array([box for _, box in self.chars], dtype=float).reshape(-1, 4).T
        self.middle_x, self.middle_y = (x0 + x1) / 2, (top + bottom) / 2

    def text(self, cell: BBox | None) -> str:
        """The cell's text; '' for no cell (a slot that a merged cell spans)."""
        if cell is None:
            return ""
        x0, top, x1, bottom = cell
        inside = np.flatnonzero((self.middle_x >= x0) & (self.middle_x < x1)
                                & (self.middle_y >= top) & (self.middle_y < bottom))
        return pdfplumber.utils.extract_text([_plumber_char(*self.chars[i]) for i in inside])


def _plumber_char(ch: str, box: Box) -> dict[str, Any]:
    return {"text": ch, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3],
            "doctop": box[1], "upright": True}


def _plumber_chars(text: str, boxes: list[Box]) -> list[tuple[str, Box]]:
    """The page's chars as pdfplumber has them: without pdfium's line breaks, with only the
    spaces that part words, and each glyph as tall as its line."""
    boxes = _line_tall(text, boxes)
    chars: list[tuple[str, Box]] = []
    glyph = None  # the index of the last char that is not white space
    spaces: list[tuple[int, int | None]] = []  # chars waiting for the next glyph: index, glyph before
    for i, ch in enumerate(text):
        if ch.isspace():
            spaces.append((i, glyph))
            continue
        for space, before in spaces:
            box = _space_box(boxes, before, space, i)
            if box is not None:
                chars.append((text[space], box))
        spaces = []
        if ch == "\x00":  # a glyph to its neighbours, and else like a space
            spaces.append((i, glyph))
        else:
            chars.append((ch, boxes[i]))
        glyph = i
    return chars


def _line_tall(text: str, boxes: list[Box]) -> list[Box]:
    """The boxes, with a glyph less than half as tall as the glyph before it, within that one's
    height and next to it, as tall as that one: pdfium gives some glyphs (a hyphen from another
    font) the box of their ink, which pdfplumber would put on a line of its own."""
    tall = list(boxes)
    previous: Box | None = None
    for i, (ch, box) in enumerate(zip(text, boxes)):
        if ch.isspace():
            continue
        if previous is not None:
            height = previous[3] - previous[1]
            if (previous[1] <= box[1] <= box[3] <= previous[3] and box[3] - box[1] < height / 2
                    and abs(box[0] - previous[2]) <= height):
                tall[i] = (box[0], previous[1], box[2], previous[3])
        previous = tall[i]
    return tall


def _space_box(boxes: list[Box], before: int | None, index: int, after: int) -> Box | None:
    """A space as the gap it spans between the glyphs either side, if they are on one line and
    it parts words; else None. pdfium adds spaces of its own (on the baseline, with no width);
    a letter-spaced word ('C l e v e') has spaces that the next letter overlaps."""
    if before is None:
        return None
    (_, top, left, bottom), (right, next_top, _, next_bottom) = boxes[before], boxes[after]
    if min(bottom, next_bottom) - max(top, next_top) < 0.5 * min(bottom - top, next_bottom - next_top):
        return None  # not on one line
    gap = right - left > SPACED_GAP * max(bottom - top, next_bottom - next_top)
    if not gap and right < boxes[index][2]:
        return None
    return (left, top, max(left, right), bottom)


def _paths(container: Any, matrix: Matrix, depth: int) -> Iterator[tuple[Any, Matrix]]:
    """Path objects with the matrix that takes their points to the page, forms included."""
    is_page = depth == 0
    count = (pdfium_c.FPDFPage_CountObjects if is_page else pdfium_c.FPDFFormObj_CountObjects)(container)
    get = pdfium_c.FPDFPage_GetObject if is_page else pdfium_c.FPDFFormObj_GetObject
    own = pdfium_c.FS_MATRIX()
    for i in range(max(count, 0)):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, own):
            continue
        combined = _concat((own.a, own.b, own.c, own.d, own.e, own.f), matrix)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, combined
        elif depth < MAX_FORM_DEPTH:  # as `objects`, which `has_rulings` asks first
            yield from _paths(obj, combined, depth + 1)


def _concat(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies `first`, then `then`."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


_SEGMENT_TYPE = unchecked(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_POINT = unchecked(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_CLOSE = unchecked(pdfium_c.FPDFPathSegment_GetClose)


def _subpaths(obj: Any, matrix: Matrix) -> Iterator[tuple[list[Point], bool]]:
    """Each subpath's points in page space, as pdfminer keeps them: the end points of its lines
    and curves (not a curve's control points), and the start again where it is closed."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    points: list[Point] = []
    closed = False
    curve_points = 0
    get_segment = pdfium_c.FPDFPath_GetPathSegment
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = get_segment(obj, i)
        kind = _SEGMENT_TYPE(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                yield points, closed
            points, closed, curve_points = [], False, 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve_points += 1
            if curve_points % 3:
                continue  # a control point
        elif kind != pdfium_c.FPDF_SEGMENT_LINETO:
            continue
        _SEGMENT_POINT(segment, rx, ry)
        points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if _SEGMENT_CLOSE(segment):
            closed = True
            if points[-1] != points[0]:
                points.append(points[0])
    if points:
        yield points, closed


def _subpath_edges(subpath: tuple[list[Point], bool], left: float, top: float) -> list[Edge]:
    """pdfplumber's edges of one subpath, from the page's top-left corner (left, top): a lone
    segment is a line, 'h' if level and else 'v' (as pdfplumber's line_to_edge has it); other
    paths give an edge per pair of points, of no orientation unless level or upright."""
    points, closed = subpath
    if len(points) == 2 or (len(points) == 3 and closed and points[2] == points[0]):
        (x0, y0), (x1, y1) = points[0], points[1]
        return [_edge((min(x0, x1) - left, top - max(y0, y1), max(x0, x1) - left, top - min(y0, y1)),
                      "h" if y0 == y1 else "v")]
    return [
        _edge((min(x0, x1) - left, top - max(y0, y1), max(x0, x1) - left, top - min(y0, y1)),
              "v" if x0 == x1 else "h" if y0 == y1 else None)
        for (x0, y0), (x1, y1) in itertools.pairwise(points)
    ]


def _turn_edge(edge: Edge, turns: int, width: float, height: float) -> Edge:
    """An edge of a width x height page as it lies after turning the page clockwise `turns` times."""
    if not turns % 4:
        return edge
    box = turn_box((edge["x0"], edge["top"], edge["x1"], edge["bottom"]), turns, width, height)
    flipped = {"h": "v", "v": "h"}.get(edge["orientation"]) if turns % 2 else edge["orientation"]
    return _edge(box, flipped)


def _edge(box: Box, orientation: str | None) -> Edge:
    x0, top, x1, bottom = box
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation,
            "object_type": "edge"}
