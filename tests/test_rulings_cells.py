"""The table finder's cells come out as pdfplumber's own intersections_to_cells gives them."""
from __future__ import annotations

from pdfplumber.table import TableFinder, edges_to_intersections, intersections_to_cells

from onrecord.ingest.rulings import _cells, _edge, _Finder, _Objects


def _grid() -> list[dict]:
    """A made-up ruled table of 3 rows and 3 columns whose top row's first two cells are merged,
    with a stray line beside it and a box of its own below."""
    edges = [_edge((10.0, y, 310.0, y), "h") for y in (10.0, 40.0, 70.0, 100.0)]
    edges += [_edge((x, 10.0, x, 100.0), "v") for x in (10.0, 310.0)]
    edges += [_edge((110.0, 40.0, 110.0, 100.0), "v"), _edge((210.0, 10.0, 210.0, 100.0), "v")]
    edges += [_edge((400.0, 0.0, 400.0, 50.0), "v")]
    edges += [_edge((10.0, y, 60.0, y), "h") for y in (200.0, 230.0)]
    edges += [_edge((x, 200.0, x, 230.0), "v") for x in (10.0, 60.0)]
    return edges


def test_cells_are_pdfplumbers_in_its_order():
    intersections = edges_to_intersections(_grid(), 3, 3)
    cells = _cells(intersections)
    assert cells == intersections_to_cells(intersections)
    assert (10.0, 10.0, 210.0, 40.0) in cells  # the merged cell
    assert (10.0, 200.0, 60.0, 230.0) in cells
    assert len(cells) == 9


def test_no_crossings_no_cells():
    assert _cells({}) == intersections_to_cells({}) == []


def test_finder_finds_pdfplumbers_tables():
    """_Finder repeats TableFinder's steps with only the cells step its own: a pdfplumber whose
    TableFinder came to do more or other steps would find other tables, and this would fail."""
    edges = _grid()
    ours = _Finder(_Objects(edges)).tables  # type: ignore[arg-type]
    theirs = TableFinder(_Objects(edges)).tables  # type: ignore[arg-type]
    assert [(t.bbox, t.cells) for t in ours] == [(t.bbox, t.cells) for t in theirs]
    assert [(t.bbox, len(t.cells)) for t in ours] == [((10.0, 10.0, 310.0, 100.0), 8)]  # a lone box is no table
