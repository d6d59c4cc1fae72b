"""Read a PDF with pdfplumber into pages of lines and tables, with boxes."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from .clean import clean_text
from .errors import EncryptedError, IngestError
from .model import BBox, Document, Line, Page, PageError, Table
from .text import sniff

HEAD_BYTES = 1024
LINE_OVERLAP = 0.5  # share of the smaller word's height two words must share to be one line
TITLE_SIZE_SHARE = 0.95
EMPTY_STREAM_BYTES = 32
TITLE_MAX_CHARS = 200  # a title line's font size against the page's largest
_MEANINGLESS_TITLE = re.compile(
    r"(?:microsoft (?:word|excel|powerpoint) - .*|untitled.*|document\d*|slide \d+|title"
    r"|.*\.(?:docx?|pdf|indd|xlsx?|pptx?|rtf|txt|exe|qxd|tmp|html?))",
    re.IGNORECASE,
)
_DECOMPRESS_WARNING = re.compile(r"decompress|data-loss", re.IGNORECASE)


@dataclass
class _Row:
    """A line: its words in reading order and its height across the line."""

    words: list[dict[str, Any]]
    size: float


def read_pdf(path: Path, doc_id: str, password: str | None = None) -> Document:
    """Read a PDF file into a Document; raise IngestError with a human cause if it cannot be."""
    check_header(path)
    doc = Document(path=str(path), id=doc_id, format="pdf")
    with _open(path, password) as pdf:
        try:
            pdf_pages = pdf.pages
        except Exception as error:  # pdfminer raises many types for a broken page tree
            raise IngestError(f"damaged PDF: {_short_reason(error)}") from error
        first_rows: list[_Row] = []
        for number, pdf_page in enumerate(pdf_pages, start=1):
            page, rows = _read_page(pdf_page, number, doc.errors)
            doc.pages.append(page)
            if number == 1:
                first_rows = rows
        doc.title = _meaningful_title(pdf.metadata.get("Title")) or _title_from_rows(first_rows)
    return doc


def check_header(path: Path) -> None:
    """Refuse a file that is empty or does not start like a PDF, saying what it looks like."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        raise IngestError("empty file")
    kind = sniff(head)
    if kind != "pdf":
        looks = {"html": "looks like HTML", "text": "looks like text"}.get(kind, "unknown content")
        raise IngestError(f"not a PDF ({looks})")


@contextmanager
def _open(path: Path, password: str | None) -> Iterator[pdfplumber.PDF]:
    """Open with pdfplumber, turning its failures into IngestErrors, and always close."""
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            reason = "wrong password" if password else "password required (use --password)"
            raise EncryptedError(f"encrypted: {reason}") from error
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedError(f"encrypted: unsupported encryption ({cause})") from error
        raise IngestError(f"damaged PDF: {_short_reason(cause)}") from error
    except Exception as error:  # pdfminer raises many types on a broken file
        raise IngestError(f"damaged PDF: {_short_reason(error)}") from error
    try:
        yield pdf
    finally:
        pdf.close()


def _short_reason(error: BaseException) -> str:
    """A one-line cause a person can read, without pdfminer's internals."""
    text = str(error).strip()
    if "No /Root object" in text:
        return "no document catalogue (/Root), the file may be truncated"
    if type(error).__name__ == "PSEOF" or "Unexpected EOF" in text:
        return "unexpected end of file, the file may be truncated"
    text = text.splitlines()[0] if text else type(error).__name__
    return text if len(text) <= 100 else text[:97] + "..."


def _read_page(pdf_page: Any, number: int, errors: list[PageError]) -> tuple[Page, list[_Row]]:
    """One page's lines and tables; a page that fails is recorded and left empty."""
    page = Page(number=number)
    rows: list[_Row] = []
    try:
        page.width, page.height = float(pdf_page.width), float(pdf_page.height)
        with _decompress_warnings() as warnings:
            # No extra_attrs=["size"]: it splits the words of rotated text letter by letter.
            words = pdf_page.extract_words(keep_blank_chars=False, use_text_flow=False)
            rows = _cluster_rows(words)
            page.lines = [Line(_join(row.words), _bbox(row.words)) for row in rows]
            # pdfplumber reads table cells as upright text: on a rotated page they come out
            # scrambled, while the lines above are in reading order. Keep the lines only.
            page.tables = [] if _mostly_rotated(words) else _tables(pdf_page)
        if warnings:
            errors.append(PageError(number, f"damaged stream on page {number}: "
                                    "data lost while decompressing, text may be incomplete"))
        elif not words and _has_undecodable_content(pdf_page):
            errors.append(PageError(number, f"damaged stream on page {number}: "
                                    "content stream could not be decompressed, no text recovered"))
    # pdfminer fails with many exception types (KeyError, struct.error, PSSyntaxError, ...),
    # and one bad page must not lose the rest of the document; the cause is recorded.
    except Exception as error:  # noqa: BLE001
        errors.append(PageError(number, f"damaged stream on page {number}: {_short_reason(error)}"))
        page.lines, page.tables, rows = [], [], []
    finally:
        pdf_page.close()  # frees the page's cached objects: long reports stay small in memory
    return page, rows


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _DECOMPRESS_WARNING.search(message):
            self.records.append(message)


@contextmanager
def _decompress_warnings() -> Iterator[list[str]]:
    """Collect pdfminer's warnings of lost data: it logs them instead of raising."""
    handler = _Collect()
    logger = logging.getLogger("pdfminer")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def _has_undecodable_content(pdf_page: Any) -> bool:
    """True if the page has content bytes that decode to nothing (pdfminer drops them quietly)."""
    for stream in pdf_page.page_obj.contents:
        stream = resolve1(stream)
        length = resolve1(stream.attrs.get("Length", 0))
        # An empty stream compressed is ~9 bytes; more than that decoding to nothing is damage.
        if isinstance(length, int) and length > EMPTY_STREAM_BYTES and not stream.get_data():
            return True
    return False


# A word's reading frame by its direction: the span it covers across lines, and its place
# along the line. Rotated pages (e.g. /Rotate 90 landscape tables) have 'ttb' or 'btt' words.
_FRAMES: dict[str, Callable[[dict[str, Any]], tuple[float, float, float]]] = {
    "ltr": lambda w: (w["top"], w["bottom"], w["x0"]),
    "rtl": lambda w: (w["top"], w["bottom"], -w["x1"]),
    "ttb": lambda w: (-w["x1"], -w["x0"], w["top"]),
    "btt": lambda w: (w["x0"], w["x1"], -w["bottom"]),
}


def _cluster_rows(words: list[dict[str, Any]]) -> list[_Row]:
    """Group words into lines by overlap across the line, in reading order, each along the line."""
    framed = sorted(
        ((*_FRAMES.get(w.get("direction", "ltr"), _FRAMES["ltr"])(w), i) for i, w in enumerate(words)),
    )
    rows: list[_Row] = []
    current: list[tuple[float, float, float, int]] = []
    start = end = 0.0
    for item in framed:
        low, high = item[0], item[1]
        overlap = min(end, high) - low
        if current and overlap >= LINE_OVERLAP * min(max(high - low, 0.1), max(end - start, 0.1)):
            current.append(item)
            end = max(end, high)
            continue
        if current:
            rows.append(_row(current, words))
        current, start, end = [item], low, high
    if current:
        rows.append(_row(current, words))
    return rows


def _row(items: list[tuple[float, float, float, int]], words: list[dict[str, Any]]) -> _Row:
    """A line's words along the line; its size is its thickest word's (about the font size)."""
    items.sort(key=lambda item: item[2])
    return _Row([words[item[3]] for item in items], max(item[1] - item[0] for item in items))


def _mostly_rotated(words: list[dict[str, Any]]) -> bool:
    rotated = sum(w.get("direction", "ltr") in ("ttb", "btt") for w in words)
    return rotated > len(words) / 2


def _join(words: list[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in words)


def _bbox(words: list[dict[str, Any]]) -> BBox:
    return (
        min(float(w["x0"]) for w in words),
        min(float(w["top"]) for w in words),
        max(float(w["x1"]) for w in words),
        max(float(w["bottom"]) for w in words),
    )


def _tables(pdf_page: Any) -> list[Table]:
    """Ruled tables of at least two rows and two columns, with each row's box."""
    tables = []
    for found in pdf_page.find_tables():
        cells = [[cell or "" for cell in row] for row in found.extract()]
        if len(cells) < 2 or max(len(row) for row in cells) < 2:
            continue
        if not any(cell.strip() for row in cells for cell in row):
            continue  # a ruled box with nothing in it is decoration
        row_bboxes: list[BBox | None] = [tuple(map(float, row.bbox)) for row in found.rows]
        tables.append(Table(rows=cells, bbox=tuple(map(float, found.bbox)), row_bboxes=row_bboxes))
    return tables


def _meaningful_title(value: Any) -> str | None:
    """The metadata Title if it names the document, not the tool or the file."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return None
    title = clean_text(value)
    if len(title) < 4 or not re.search(r"[^\W\d_]{3}", title) or _MEANINGLESS_TITLE.fullmatch(title):
        return None
    return title


def _title_from_rows(rows: list[_Row]) -> str | None:
    """The first line in the page's largest font, with the lines right below it in that size."""
    rows = [row for row in rows if _title_like(_join(row.words))]
    if not rows:
        return None
    largest = max(row.size for row in rows)
    start = next(i for i, row in enumerate(rows) if row.size >= TITLE_SIZE_SHARE * largest)
    parts = [rows[start]]
    for row in rows[start + 1 : start + 3]:  # a title wrapped over up to three lines
        gap = min(w["top"] for w in row.words) - max(w["bottom"] for w in parts[-1].words)
        if row.size < TITLE_SIZE_SHARE * largest or gap > row.size:
            break
        parts.append(row)
    title = clean_text(" ".join(_join(row.words) for row in parts))
    return title if _title_like(title) else None


def _title_like(text: str) -> bool:
    """Has words, is not too long, and is not undecodable glyph ids ('(cid:25)')."""
    return (
        re.search(r"[^\W\d_]{2}", text) is not None
        and len(text) <= TITLE_MAX_CHARS
        and "(cid:" not in text
    )
