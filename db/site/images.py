"""Pages of stored PDFs as PNG images, for checking an item against the page it is printed on.

Rendering is publication, not parsing: nothing here reads text. PDFium is not thread-safe, so
every call into it holds one lock; rendered pages are cached, since a document id names its
bytes and its pages never change.
"""

from __future__ import annotations

import asyncio
import io
import threading
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium

SCALE = 1.5  # pixels per PDF point: 1.5 draws an A4 page 893 pixels wide
_PDFIUM = threading.Lock()


class PageNotFound(LookupError):
    """The document has no such page, or its file cannot be rendered."""


@lru_cache(maxsize=256)
def page_size(path: Path, mtime: float, number: int) -> tuple[float, float]:
    """Width and height of a page in PDF points, as rendered (crop box, rotation applied)."""
    with _PDFIUM:
        document = _open(path)
        try:
            if not 1 <= number <= len(document):
                raise PageNotFound(f"{path.name} has no page {number}")
            width, height = document[number - 1].get_size()
            return float(width), float(height)
        finally:
            document.close()


@lru_cache(maxsize=64)
def page_png(path: Path, mtime: float, number: int, scale: float = SCALE) -> bytes:
    """A page rendered as PNG bytes; `mtime` is in the key so that a replaced file re-renders."""
    with _PDFIUM:
        document = _open(path)
        try:
            if not 1 <= number <= len(document):
                raise PageNotFound(f"{path.name} has no page {number}")
            image = document[number - 1].render(scale=scale).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


async def render_page(path: Path, number: int) -> bytes:
    """page_png off the event loop, so one slow page does not hold up every other request."""
    return await asyncio.to_thread(page_png, path, path.stat().st_mtime, number)


async def size_of_page(path: Path, number: int) -> tuple[float, float]:
    """page_size off the event loop."""
    return await asyncio.to_thread(page_size, path, path.stat().st_mtime, number)


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise PageNotFound(f"{path.name} cannot be rendered: {error}") from error
