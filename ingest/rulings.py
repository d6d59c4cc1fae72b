"""Does a page have a ruled table worth pdfplumber's time? Asked of pypdfium2's page objects,
which are read in C, instead of pdfminer's, which are parsed in Python at ~0.1 s a page.

Two questions, cheap first: `has_rulings` (drawn lines that cross in a grid, from the paths'
bounds) and `has_grid` (the grid pdfplumber's own table finder would find, run on the page's
path segments as pdfminer would turn them into edges).
"""
from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder

MAX_FORM_DEPTH = 4
# A ruled table of 2 x 2 cells has 3 x 3 crossings of its lines; one drawn box has only 4.
GRID_CROSSINGS = 9
THIN = 3.0  # points: a path this thin is a drawn line; also the tolerance for lines to meet
RECT_SEGMENTS = 6  # a line or a box ('re') has no more path segments than this
GRID_MIN = 30.0  # points: a path with many segments at least this big may be a grid

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Point = tuple[float, float]


def objects(container: Any, depth: int = 0) -> Iterator[Any]:
    """The raw page objects of a page, and of the forms (XObjects) on it, depth first."""
    is_page = depth == 0
    count = (pdfium_c.FPDFPage_CountObjects if is_page else pdfium_c.FPDFFormObj_CountObjects)(container)
    get = pdfium_c.FPDFPage_GetObject if is_page else pdfium_c.FPDFFormObj_GetObject
    for i in range(max(count, 0)):
        obj = get(container, i)
        yield obj
        if depth < MAX_FORM_DEPTH and pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from objects(obj, depth + 1)


def has_rulings(pdf_page: Any) -> bool:
    """Drawn lines and boxes that cross in a grid of at least 3 x 3: work for pdfplumber's
    ruled-table finder. Cheap, from the bounds of the page's paths, so it may say yes wrongly."""
    across: list[tuple[float, float, float]] = []  # y, x0, x1
    down: list[tuple[float, float, float]] = []  # x, y0, y1
    box = [ctypes.c_float() for _ in range(4)]
    for obj in objects(pdf_page.raw):
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
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


class _Edges:
    """What pdfplumber's TableFinder asks of a page when it looks for ruled tables."""

    def __init__(self, edges: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> None:
        self.edges, self.bbox = edges, bbox


def has_grid(pdf_page: Any) -> bool:
    """Whether pdfplumber's table finder, given the page's drawn edges, finds a table of at
    least 2 x 2 cells. Its answer on pdfplumber's own edges is the same: those are the same
    path points, turned into edges the same way (see `_subpath_edges`)."""
    left, bottom, right, top = pdf_page.get_bbox()
    edges: list[dict[str, Any]] = []
    try:
        for obj, matrix in _paths(pdf_page.raw, IDENTITY, 0):
            for subpath in _subpaths(obj, matrix):
                edges += _subpath_edges(subpath, top)
    except _TooDeep:
        return True  # forms nested deeper than we walk: let pdfplumber look
    if not edges:
        return False
    finder = TableFinder(_Edges(edges, (left, 0.0, right, top - bottom)))  # type: ignore[arg-type]
    return any(
        len({cell[1] for cell in table.cells}) >= 2 and len({cell[0] for cell in table.cells}) >= 2
        for table in finder.tables
    )


class _TooDeep(Exception):
    pass


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
        elif depth >= MAX_FORM_DEPTH:
            raise _TooDeep
        else:
            yield from _paths(obj, combined, depth + 1)


def _concat(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies `first`, then `then`."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _subpaths(obj: Any, matrix: Matrix) -> Iterator[tuple[list[Point], bool]]:
    """Each subpath's points in page space, as pdfminer keeps them: the end points of its lines
    and curves (not a curve's control points), and the start again where it is closed."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    points: list[Point] = []
    closed = False
    curve_points = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
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
        pdfium_c.FPDFPathSegment_GetPoint(segment, rx, ry)
        points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            closed = True
            if points[-1] != points[0]:
                points.append(points[0])
    if points:
        yield points, closed


def _subpath_edges(subpath: tuple[list[Point], bool], top: float) -> list[dict[str, Any]]:
    """pdfplumber's edges of one subpath: a lone segment is a line, 'h' if level and else 'v'
    (as pdfplumber's line_to_edge has it); other paths give an edge per pair of points, of no
    orientation unless level or upright."""
    points, closed = subpath
    if len(points) == 2 or (len(points) == 3 and closed and points[2] == points[0]):
        (x0, y0), (x1, y1) = points[0], points[1]
        return [_edge(x0, y0, x1, y1, top, "h" if y0 == y1 else "v")]
    return [
        _edge(x0, y0, x1, y1, top, "v" if x0 == x1 else "h" if y0 == y1 else None)
        for (x0, y0), (x1, y1) in itertools.pairwise(points)
    ]


def _edge(x0: float, y0: float, x1: float, y1: float, top: float, orientation: str | None) -> dict[str, Any]:
    low, high = min(x0, x1), max(x0, x1)
    upper, lower = top - max(y0, y1), top - min(y0, y1)
    return {"x0": low, "x1": high, "top": upper, "bottom": lower, "doctop": upper,
            "width": high - low, "height": lower - upper, "orientation": orientation,
            "object_type": "edge"}
