"""Read a PDF into pages of lines and tables, with boxes: pypdfium2 for the text and the ruled
tables of every page, pdfminer only to tell a damaged page, Tesseract for pages without usable
text."""
from __future__ import annotations

import ctypes
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .chars import (
    BOLD,
    ITALIC,
    drawn_once,
    font_styles,
    page_chars,
    text_turn,
    turn_box,
    words_from_chars,
)
from .clean import clean_text
from .errors import EncryptedError, IngestError
from .layout import Row, reading_order
from .meta import meaningful_title
from .model import Document, Line, Page, PageError
from .ocr import MISSING, OCRError, ocr_page, tesseract
from .plumber import Plumber
from .quality import text_quality
from .rulings import has_rulings, object_bounds, objects, ruled_tables
from .text import sniff

HEAD_BYTES = 1024
OCR_MODES = ("auto", "always", "never")
QUALITY_THRESHOLD = 0.5  # below this share of real words a text layer is re-read by OCR
SCAN_IMAGE_SHARE = 0.1  # an image this share of a textless page may hold text worth OCR
# A textless page is looked at rendered small: with this share of its pixels dark, or this many
# drawn paths (text printed as outlines, "Microsoft: Print To PDF"), it holds something to read.
INK_SCALE = 0.25  # 18 dpi: enough to tell ink from paper
INK_LEVEL = 200  # grey level (0-255) below which a pixel is ink
INK_SHARE = 0.005
OUTLINE_PATHS = 100
TITLE_SIZE_SHARE = 0.95  # a title line's font size against the page's largest
TITLE_MAX_CHARS = 200


def read_pdf(
    path: Path, doc_id: str, password: str | None = None, ocr: str = "auto", ocr_deadline: float | None = None,
    on_page: Callable[[Page], None] | None = None,
) -> Document:
    """Read a PDF file into a Document; raise IngestError with a human cause if it cannot be.

    Past ocr_deadline (a time.monotonic()) pages are not OCR'd but recorded as page errors.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    check_header(path)
    doc = Document(path=str(path), id=doc_id, format="pdf")
    plumber = Plumber(path, password)
    with _open(path, password) as pdf:
        try:
            first_rows: list[Row] = []
            for index in range(len(pdf)):
                page, rows = _read_page(pdf, index, plumber, doc.errors, ocr, ocr_deadline)
                doc.pages.append(page)
                if on_page:
                    on_page(page)
                first_rows = rows if index == 0 else first_rows
        finally:
            closing = plumber.close()
        if closing:  # the pages are read: a failure to tidy up costs a row, not the document
            doc.errors.append(closing)
        doc.title = meaningful_title(pdf.get_metadata_value("Title")) or _title_from_rows(first_rows)
    return doc


def count_pages(path: str | Path, password: str | None = None) -> int:
    """Pages of a PDF; 0 for another file, or a PDF that pdfium cannot open (read_pdf says why)."""
    try:
        pdf = pdfium.PdfDocument(str(path), password=password or None)
    except (pdfium.PdfiumError, OSError):
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


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


# pdfium's causes for a file it cannot open, in words; it says "success" when it gave none.
_OPEN_CAUSES = {
    "data format error": "its structure cannot be read (cut short or corrupted)",
    "success": "pdfium could not open it and gave no cause",
    "unknown error": "pdfium could not open it and gave no cause",
    "file access error": "the file could not be read",
    "page not found or content error": "its pages cannot be found",
}


@contextmanager
def _open(path: Path, password: str | None) -> Iterator[pdfium.PdfDocument]:
    """Open with pypdfium2, turning its failures into IngestErrors, and always close."""
    try:
        pdf = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as error:
        text = str(error).lower()
        if "password" in text:
            reason = "wrong password" if password else "password required (use --password)"
            raise EncryptedError(f"encrypted: {reason}") from error
        if "security" in text:
            raise EncryptedError("encrypted: unsupported encryption") from error
        cause = re.search(r"\(pdfium: ([^)]*)\)", text)
        raise IngestError(f"damaged PDF: {_OPEN_CAUSES.get(cause.group(1) if cause else '', text)}") from error
    try:
        yield pdf
    finally:
        pdf.close()


def _read_page(pdf: Any, index: int, plumber: Plumber, errors: list[PageError],
               ocr: str, ocr_deadline: float | None = None) -> tuple[Page, list[Row]]:
    """One page's lines and tables; a page that fails is recorded and left empty."""
    number = index + 1
    page = Page(number=number)
    rows: list[Row] = []
    try:
        pdf_page = pdf[index]
    except pdfium.PdfiumError:  # a page-tree cycle, a page object lost in a damaged xref
        errors.append(PageError(number, f"page {number} could not be loaded (damaged page tree or "
                                "page object), not read"))
        page.text_quality = 0.0
        return page, rows
    try:
        rows = _read_text_layer(pdf_page, index, page, plumber, errors)
        blank = not page.lines and _blank(pdf_page)
        if _wants_ocr(page, ocr, blank):
            if ocr_deadline is not None and time.monotonic() >= ocr_deadline:
                errors.append(PageError(number, f"not read by OCR on page {number}: the file's time "
                                        "budget ran out (raise --timeout)"))
            else:
                rows = _ocr(pdf_page, page, ocr, errors, inked=not page.lines and not blank) or rows
        if not page.lines and not page.ocr:
            # Quality 1.0 on an empty page means blank; ink that no reader turned into text is 0.
            page.text_quality = 1.0 if blank else 0.0
        if page.lines and (page.text_quality or 0.0) < QUALITY_THRESHOLD and ocr != "never":
            errors.append(PageError(number, f"garbled text on page {number}: only "
                                    f"{page.text_quality:.0%} reads as words, even after OCR"))
    # pdfium and pdfminer fail with many exception types, and one bad page must not lose the
    # rest of the document; the cause is recorded.
    except Exception as error:  # noqa: BLE001
        errors.append(PageError(number, f"damaged stream on page {number}: {_short(error)}"))
        page.lines, page.tables, rows = [], [], []
    finally:
        pdf_page.close()
    return page, rows


def _read_text_layer(pdf_page: Any, index: int, page: Page, plumber: Plumber,
                     errors: list[PageError]) -> list[Row]:
    """Fill the page's size, lines (in reading order, boxes as displayed), tables and quality."""
    left, bottom, right, top = pdf_page.get_bbox()
    width, height = right - left, top - bottom
    rotation = pdf_page.get_rotation() // 90
    page.width, page.height = (height, width) if rotation % 2 else (width, height)
    textpage = pdf_page.get_textpage()
    try:
        rulings = has_rulings(pdf_page)  # the table cells read the boxes of white space too
        text, boxes = page_chars(textpage, left, top, white=rulings)
        turn = text_turn(text, boxes)  # lay out in the frame where the text reads left to right
        frame_width, frame_height = (height, width) if turn % 2 else (width, height)
        if turn:
            boxes = np.column_stack(turn_box(tuple(boxes.T), turn, width, height))
        # each char's index in the text page goes with its box: a word's font is found by it
        text, indexed = drawn_once(text, np.column_stack((boxes, np.arange(len(text)))))
        boxes = indexed[:, :4]
        words = words_from_chars(text, boxes, indexed[:, 4].astype(np.int64))
        damage = plumber.damage(index, has_text=bool(words))
        if damage:
            errors.append(PageError(page.number, f"damaged stream on page {page.number}: {damage}"))
        # Table cells are read as upright text: on a page whose text runs sideways as displayed
        # they come out scrambled, while the lines are in reading order. Keep the lines.
        upright = (turn - rotation) % 4 == 0
        if words and upright and rulings:
            page.tables = ruled_tables(pdf_page, text, boxes, rotation)
        rows = reading_order(words, frame_width, [t.bbox for t in page.tables if t.bbox])
        back = (rotation - turn) % 4
        style_of = font_styles(textpage)
        page.lines = [Line(row.text, turn_box(row.box, back, frame_width, frame_height), *_style(row, style_of))
                      for row in rows]
    finally:
        textpage.close()
    page.text_quality = text_quality(page.text)
    return rows


def _style(row: Row, style_of: Callable[[int], int]) -> tuple[bool, bool]:
    """Whether most of the line's letters are bold, and italic. A line whose first and last words
    are in one style is taken to be in it throughout, as nearly every line is: a font looked up
    for every word cost a fifth of the reading."""
    first, last = style_of(row.words[0]["char"]), style_of(row.words[-1]["char"])
    if first == last:
        return bool(first & BOLD), bool(first & ITALIC)
    letters = bold = italic = 0
    for word in row.words:
        n, style = len(word["text"]), style_of(word["char"])
        letters += n
        bold += n if style & BOLD else 0
        italic += n if style & ITALIC else 0
    return 2 * bold > letters, 2 * italic > letters


def _wants_ocr(page: Page, mode: str, blank: bool) -> bool:
    """Always, never, or (auto) a page with garbled text, or with no text but ink (see _blank)."""
    if mode != "auto":
        return mode == "always"
    if page.lines:
        return (page.text_quality or 0.0) < QUALITY_THRESHOLD
    return not blank


def _blank(pdf_page: Any) -> bool:
    """Whether a page shows nothing to read: no sizeable image, few paths, hardly any ink."""
    if _largest_image_share(pdf_page) >= SCAN_IMAGE_SHARE:
        return False
    paths = objects(pdf_page.raw, pdfium_c.FPDF_PAGEOBJ_PATH)
    if sum(1 for _, __ in zip(range(OUTLINE_PATHS), paths)) >= OUTLINE_PATHS:
        return False
    bitmap = pdf_page.render(scale=INK_SCALE, grayscale=True)
    try:
        return float((bitmap.to_numpy() < INK_LEVEL).mean()) < INK_SHARE
    finally:
        bitmap.close()


def _ocr(pdf_page: Any, page: Page, mode: str, errors: list[PageError], inked: bool = False) -> list[Row]:
    """Replace the page's text by Tesseract's if it reads better; record why if it cannot run."""
    if tesseract() is None:
        errors.append(PageError(page.number, MISSING))
        return []
    try:
        lines = ocr_page(pdf_page, inked)
    except OCRError as error:
        errors.append(PageError(page.number, f"{error} on page {page.number}"))
        return []
    quality = text_quality("\n".join(line.text for line in lines))
    if not lines or (page.lines and mode == "auto" and quality <= (page.text_quality or 0.0)):
        return []
    if (page.text_quality or 0.0) < QUALITY_THRESHOLD:
        page.tables = []  # cells read from a garbled text layer are garbage too
    page.lines, page.ocr, page.text_quality = lines, True, quality
    return [Row([_word(line)], line.bbox[3] - line.bbox[1]) for line in lines if line.bbox]


def _word(line: Line) -> dict[str, Any]:
    x0, top, x1, bottom = line.bbox or (0.0, 0.0, 0.0, 0.0)
    return {"text": line.text, "x0": x0, "top": top, "x1": x1, "bottom": bottom}


def _largest_image_share(pdf_page: Any) -> float:
    """The share of the page that its largest image covers."""
    width, height = pdf_page.get_size()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    bounds = [ctypes.byref(v) for v in (left, bottom, right, top)]
    largest = 0.0
    for obj in objects(pdf_page.raw, pdfium_c.FPDF_PAGEOBJ_IMAGE):
        if object_bounds(obj, *bounds):
            area = (right.value - left.value) * (top.value - bottom.value)
            largest = max(largest, area / max(width * height, 1.0))
    return largest


def _short(error: BaseException) -> str:
    """A one-line cause a person can read, without the libraries' internals."""
    if isinstance(error, (AttributeError, TypeError, KeyError, IndexError, ValueError, AssertionError)):
        return "its objects could not be read"  # Python's words for a parser tripping on damage
    text = str(error).strip()
    text = text.splitlines()[0] if text else type(error).__name__
    return text if len(text) <= 100 else text[:97] + "..."


def _title_from_rows(rows: list[Row]) -> str | None:
    """The first line in the page's largest font, with the lines right below it in that size."""
    rows = [row for row in rows if _title_like(row.text)]
    if not rows:
        return None
    largest = max(row.size for row in rows)
    start = next(i for i, row in enumerate(rows) if row.size >= TITLE_SIZE_SHARE * largest)
    parts = [rows[start]]
    for row in rows[start + 1 : start + 3]:  # a title wrapped over up to three lines
        gap = row.box[1] - parts[-1].box[3]
        if row.size < TITLE_SIZE_SHARE * largest or gap > row.size:
            break
        parts.append(row)
    title = clean_text(" ".join(row.text for row in parts))
    return title if _title_like(title) else None


def _title_like(text: str) -> bool:
    """Has words, is not too long, and is not undecodable glyph ids ('(cid:25)')."""
    return (
        re.search(r"[^\W\d_]{2}", text) is not None
        and len(text) <= TITLE_MAX_CHARS
        and "(cid:" not in text
    )
