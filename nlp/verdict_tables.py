"""Verdicts printed as a table: a response's summary of its recommendations by the verdict it gave.

A summary table has a column of verdicts ("Accepting in full", "Accepted in principle", "Not
accepted") beside a column of the recommendations each applies to ("Recommendation 4a) iii)").
A verdict printed once for a run of rows (a merged cell) holds for the rows under it, and on
into the table's continuation on the next pages, until the next verdict. A restated
recommendation takes the verdict of its own ref in the table, else of its parent's (2a, 2b and
2c under "Recommendation 2").

Example::

    table = table_verdicts(document)
    table[("4", "a", "iii")]
    # ('accepted', 'Accepting in full')
"""
from __future__ import annotations

import re
from collections.abc import Callable

from onrecord.ingest.model import Document, Table

LABEL_WORDS = 6  # a verdict cell is a short label, not an answer
_ROMAN = r"(?:ix|iv|v?i{1,3}|vi{0,3}|x)"
# 'Recommendation 4a) iii)', '2a.', '6a) v.', '12d)', '9)', 'R12', '8.32(a)'
_REF = re.compile(
    rf"^\W*(?:recommendations?\s+|rec\.?\s*|r(?=\d))?(\d+(?:\.\d+)*)(?:\s*\(?([a-z])(?![a-z]))?\)?\.?"
    rf"(?:\s*\(?({_ROMAN})(?=[.)\-–]|\s*$|\s+[A-Z(]))?",
    re.IGNORECASE,
)

Verdicts = dict[tuple[str, ...], tuple[str, str]]
Normalise = Callable[[str], str | None]


def ref_parts(label: str) -> tuple[str, ...]:
    """A printed ref as its parts: 'Recommendation 4a) iii)' -> ('4', 'a', 'iii'); () if none."""
    found = _REF.match(label)
    if not found:
        return ()
    return tuple(part.lower() for part in found.groups() if part)


def table_verdicts(doc: Document, normalise: Normalise) -> Verdicts:
    """{ref parts: (normalised verdict, verdict as printed)} from the paper's verdict tables.

    `normalise(label)` gives a label's normalised verdict or None (nlp.verdicts.verdict_of).
    """
    found: Verdicts = {}
    current: tuple[str, str] | None = None
    for page in doc.pages:
        for table in page.tables:
            columns = _columns(table, normalise)
            if columns is None:
                current = None
                continue
            verdict_col, ref_col = columns
            for row in table.rows:
                label = _cell(row, verdict_col)
                if label and (verdict := normalise(label)) and len(label.split()) <= LABEL_WORDS:
                    current = (verdict, label)
                parts = ref_parts(_cell(row, ref_col))
                if parts and current is not None:
                    found.setdefault(parts, current)
    return found


def verdict_for(parts: tuple[str, ...], verdicts: Verdicts) -> tuple[str, str] | None:
    """The verdict of a recommendation's ref in the table, else of its nearest parent's."""
    for n in range(len(parts), 0, -1):
        if parts[:n] in verdicts:
            return verdicts[parts[:n]]
    return None


def _columns(table: Table, normalise: Normalise) -> tuple[int, int] | None:
    """(verdict column, ref column) of a verdict table, or None: one column's labels are all
    verdicts and another's cells mostly name recommendations."""
    width = max((len(row) for row in table.rows), default=0)
    verdict_col = ref_col = None
    for col in range(width):
        cells = [c for row in table.rows if (c := _cell(row, col))]
        labels = [c for c in cells if len(c.split()) <= LABEL_WORDS and normalise(c)]
        refs = [c for c in cells if ref_parts(c)]
        if labels and verdict_col is None and len(labels) >= len(cells) - 1:  # all but a header
            verdict_col = col
        # all but a header name recommendations, two at least unless the table is one row
        elif ref_col is None and refs and len(refs) >= len(cells) - 1 and (len(refs) >= 2 or len(cells) <= 2):
            ref_col = col
    if verdict_col is None or ref_col is None or verdict_col == ref_col:
        return None
    return verdict_col, ref_col


def _cell(row: list[str], col: int) -> str:
    return " ".join((row[col] if col < len(row) else "").split())
