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

import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as Found
from pdfplumber.table import TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

from .cells import Cells
from .chars import Box, Boxes, turn_box, unchecked
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
    (XObjects) on it, depth first, as pointers for the unchecked pdfium functions below."""
    is_page = depth == 0
    count = (_COUNT_OBJECTS if is_page else _FORM_COUNT_OBJECTS)(container)
    get = _GET_OBJECT if is_page else _FORM_GET_OBJECT  # unchecked: a page has hundreds of objects
    for i in range(max(count, 0)):
        obj = get(container, i)
        obj_kind = _OBJECT_TYPE(obj)
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
    refs = [ctypes.byref(v) for v in box]
    for obj in objects(pdf_page.raw, pdfium_c.FPDF_PAGEOBJ_PATH):
        if not object_bounds(obj, *refs):
            continue
        x0, y0, x1, y1 = (v.value for v in box)
        if _COUNT_SEGMENTS(obj) > RECT_SEGMENTS and min(x1 - x0, y1 - y0) > GRID_MIN:
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
        _turn_edge(box, orientation, turns, right - left, top - bottom)
        for obj, matrix in _paths(pdf_page.raw, IDENTITY, 0)
        for subpath in _subpaths(obj, matrix)
        for box, orientation in _subpath_edges(subpath, left, top)
    ]
    if not edges:
        return []
    tables = []
    cells_of: Cells | None = None
    for found in _Finder(_Objects(edges)).tables:  # type: ignore[arg-type]
        rows = found.rows
        if len(rows) < 2 or len(rows[0].cells) < 2:
            continue  # every row has a slot for each of the table's columns
        cells_of = cells_of or Cells(text, boxes)
        cells = [cells_of.row(row) for row in rows]
        if not any(cell.strip() for row in cells for cell in row):
            continue  # a ruled box with nothing in it is decoration
        row_bboxes: list[BBox | None] = [_floats(row.bbox) for row in rows]
        tables.append(Table(rows=cells, bbox=_floats(found.bbox), row_bboxes=row_bboxes))
    return tables


def _floats(bbox: tuple[float, float, float, float]) -> BBox:
    """pdfplumber's box (x0, top, x1, bottom), its ints made floats."""
    x0, top, x1, bottom = bbox
    return float(x0), float(top), float(x1), float(bottom)


class _Objects:
    """What pdfplumber's TableFinder asks of a page: its edges."""

    def __init__(self, edges: list[Edge]) -> None:
        self.edges = edges


class _Finder(TableFinder):
    """pdfplumber's TableFinder, step for step, with its cells found by `_cells`."""

    def __init__(self, page: Any, settings: Any = None) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = _cells(self.intersections)
        self.tables = [Found(self.page, group) for group in cells_to_tables(self.cells)]


def _cells(intersections: dict[Point, dict[str, list[Edge]]]) -> list[BBox]:
    """pdfplumber's intersections_to_cells: the same cells in the same order, with each crossing's
    edges made a set once, not again each time two crossings are asked whether an edge joins
    them (two thirds of the table finder's time)."""
    downs = {point: set(map(obj_to_bbox, edges["v"])) for point, edges in intersections.items()}
    acrosses = {point: set(map(obj_to_bbox, edges["h"])) for point, edges in intersections.items()}

    def joined(p1: Point, p2: Point) -> bool:
        return ((p1[0] == p2[0] and not downs[p1].isdisjoint(downs[p2]))
                or (p1[1] == p2[1] and not acrosses[p1].isdisjoint(acrosses[p2])))

    def smallest(i: int) -> BBox | None:
        point = points[i]
        rest = points[i + 1:]
        rights = [p for p in rest if p[1] == point[1]]
        for below in [p for p in rest if p[0] == point[0]]:
            if not joined(point, below):
                continue
            for right in rights:
                corner = (right[0], below[1])
                if (joined(point, right) and corner in intersections and joined(corner, right)
                        and joined(corner, below)):
                    return (point[0], point[1], corner[0], corner[1])
        return None

    points = sorted(intersections)
    return [cell for cell in map(smallest, range(len(points) - 1)) if cell]


def _paths(container: Any, matrix: Matrix, depth: int) -> Iterator[tuple[Any, Matrix]]:
    """Path objects with the matrix that takes their points to the page, forms included."""
    is_page = depth == 0
    count = (_COUNT_OBJECTS if is_page else _FORM_COUNT_OBJECTS)(container)
    get = _GET_OBJECT if is_page else _FORM_GET_OBJECT
    own = pdfium_c.FS_MATRIX()
    own_ref = ctypes.byref(own)
    for i in range(max(count, 0)):
        obj = get(container, i)
        kind = _OBJECT_TYPE(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if not _OBJECT_MATRIX(obj, own_ref):
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


class _Handle(ctypes.c_void_p):
    """A pointer from pdfium, kept as is to hand back (ctypes turns a c_void_p into an int)."""


def _unchecked_handle(function: Any) -> Any:
    """As `unchecked`, for a pdfium function that returns a pointer."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None  # NULL only for a null pointer, never for a function pdfium exports
    return ctypes.CFUNCTYPE(_Handle)(address)


_COUNT_OBJECTS = unchecked(pdfium_c.FPDFPage_CountObjects)
_FORM_COUNT_OBJECTS = unchecked(pdfium_c.FPDFFormObj_CountObjects)
_GET_OBJECT = _unchecked_handle(pdfium_c.FPDFPage_GetObject)
_FORM_GET_OBJECT = _unchecked_handle(pdfium_c.FPDFFormObj_GetObject)
_OBJECT_TYPE = unchecked(pdfium_c.FPDFPageObj_GetType)
_OBJECT_MATRIX = unchecked(pdfium_c.FPDFPageObj_GetMatrix)
object_bounds = unchecked(pdfium_c.FPDFPageObj_GetBounds)  # (obj, 4 x byref(c_float))
_COUNT_SEGMENTS = unchecked(pdfium_c.FPDFPath_CountSegments)
_GET_SEGMENT = _unchecked_handle(pdfium_c.FPDFPath_GetPathSegment)
_SEGMENT_TYPE = unchecked(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_POINT = unchecked(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_CLOSE = unchecked(pdfium_c.FPDFPathSegment_GetClose)
_MOVE, _LINE, _CURVE = (pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO,
                        pdfium_c.FPDF_SEGMENT_BEZIERTO)


def _subpaths(obj: Any, matrix: Matrix) -> Iterator[tuple[list[Point], bool]]:
    """Each subpath's points in page space, as pdfminer keeps them: the end points of its lines
    and curves (not a curve's control points), and the start again where it is closed."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    points: list[Point] = []
    closed = False
    curve_points = 0
    for i in range(_COUNT_SEGMENTS(obj)):
        segment = _GET_SEGMENT(obj, i)
        kind = _SEGMENT_TYPE(segment)
        if kind == _MOVE:
            if points:
                yield points, closed
            points, closed, curve_points = [], False, 0
        elif kind == _CURVE:
            curve_points += 1
            if curve_points % 3:
                continue  # a control point
        elif kind != _LINE:
            continue
        _SEGMENT_POINT(segment, rx, ry)
        px, py = x.value, y.value
        points.append((a * px + c * py + e, b * px + d * py + f))
        if _SEGMENT_CLOSE(segment):
            closed = True
            if points[-1] != points[0]:
                points.append(points[0])
    if points:
        yield points, closed


def _subpath_edges(subpath: tuple[list[Point], bool], left: float, top: float) -> list[tuple[Box, str]]:
    """pdfplumber's level and upright edges of one subpath as (box, orientation), from the page's
    top-left corner (left, top): a lone segment is a line, 'h' if level and else 'v' (as
    pdfplumber's line_to_edge has it); other paths give an edge per pair of points, 'v' if
    upright, 'h' if level, and else none of the orientation that pdfplumber's table finder needs."""
    points, closed = subpath
    if len(points) == 2 or (len(points) == 3 and closed and points[2] == points[0]):
        (x0, y0), (x1, y1) = points[0], points[1]
        return [(_segment_box(x0, y0, x1, y1, left, top), "h" if y0 == y1 else "v")]
    return [
        (_segment_box(x0, y0, x1, y1, left, top), "v" if x0 == x1 else "h")
        for (x0, y0), (x1, y1) in itertools.pairwise(points)
        if x0 == x1 or y0 == y1
    ]


def _segment_box(x0: float, y0: float, x1: float, y1: float, left: float, top: float) -> Box:
    """The box of a segment between two points in PDF space, from the page's top-left corner."""
    return min(x0, x1) - left, top - max(y0, y1), max(x0, x1) - left, top - min(y0, y1)


def _turn_edge(box: Box, orientation: str, turns: int, width: float, height: float) -> Edge:
    """The edge of a width x height page as it lies after turning the page clockwise `turns` times."""
    if not turns % 4:
        return _edge(box, orientation)
    flipped = {"h": "v", "v": "h"}[orientation] if turns % 2 else orientation
    return _edge(turn_box(box, turns, width, height), flipped)


def _edge(box: Box, orientation: str | None) -> Edge:
    x0, top, x1, bottom = box
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation,
            "object_type": "edge"}
