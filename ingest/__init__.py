"""The ingest stage: files in, Documents of cleaned pages (lines, boxes, tables) out.

Example:
    >>> import ingest
    >>> doc = ingest.read("samples/cabinet-minutes-2026-02-03.pdf")
    >>> doc.kind, doc.meeting_date
    ('minutes', '2026-02-03')
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from .clean import clean_pages, clean_text
from .errors import EncryptedError, IngestError, NotSupportedError
from .meta import describe
from .model import Document, Line, Page, PageError, Table
from .pdf import OCR_MODES, count_pages, read_pdf
from .quality import text_quality
from .text import read_html, read_text, sniff
from .word import read_docx

__all__ = [
    "OCR_MODES",
    "SUPPORTED_SUFFIXES",
    "Document",
    "EncryptedError",
    "IngestError",
    "Line",
    "NotSupportedError",
    "Page",
    "PageError",
    "Table",
    "clean_text",
    "count_pages",
    "format_of",
    "read",
    "sha256",
    "unsupported",
]

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".html", ".htm", ".docx")
_HTML_SUFFIXES = (".html", ".htm")
_CHUNK = 1 << 20


def read(
    path: str | Path,
    password: str | None = None,
    ocr: str = "auto",
    *,
    doc_id: str | None = None,
    ocr_deadline: float | None = None,
    on_page: Callable[[Page], None] | None = None,
) -> Document:
    """Read a file into a Document of cleaned pages, with its metadata; raise IngestError if not.

    ocr: "auto" reads pages without usable text with Tesseract, "always" every page, "never" none.
    doc_id: the sha256 of the file's bytes, if the caller has just computed it (then it is not
    computed again).
    ocr_deadline: a time.monotonic() after which no more pages are OCR'd; they are recorded as
    page errors, and the pages read are kept.
    on_page: called with each page of a PDF as soon as it is read (a progress bar's, during a long OCR).
    """
    path = Path(path)
    doc_id, head = (doc_id, _head(path)) if doc_id else _fingerprint(path)
    if not head:
        raise IngestError("empty file")
    kind = format_of(path, head)
    if kind == "pdf":
        doc = read_pdf(path, doc_id, password, ocr, ocr_deadline, on_page)
    elif kind == "html":
        doc = read_html(path, doc_id, _read_bytes(path))
    elif kind == "txt":
        doc = read_text(path, doc_id, _read_bytes(path))
    elif kind == "docx":
        doc = read_docx(path, doc_id, head)
    else:
        raise NotSupportedError(_unsupported(path))
    for page in doc.pages:
        if page.text_quality is None:
            page.text_quality = text_quality(page.text)
    clean_pages(doc.pages)
    describe(doc)
    return doc


def format_of(path: Path, head: bytes) -> str | None:
    """The reader for a file, from its name and first kilobyte: pdf, html, txt, docx, or None.

    Content wins over the name where it is sure: council sites serve PDFs as .aspx.
    """
    suffix = path.suffix.lower()
    kind = sniff(head)
    if kind == "pdf" or suffix == ".pdf":
        return "pdf"
    if suffix in _HTML_SUFFIXES or (kind == "html" and suffix not in SUPPORTED_SUFFIXES):
        return "html"
    return {".txt": "txt", ".docx": "docx"}.get(suffix)


def unsupported(path: str | Path) -> str | None:
    """Why no reader takes this file ("unsupported format: .rtf"), or None if one does.

    Reads the file's first kilobyte only if its name does not say; IngestError if it cannot be opened.
    """
    path = Path(path)
    if path.suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    return None if format_of(path, _head(path)) else _unsupported(path)


def _unsupported(path: Path) -> str:
    return f"unsupported format: {path.suffix.lower() or 'a name with no suffix'}"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(1024)
    except OSError as error:
        raise IngestError(f"cannot open file: {error.strerror or error}") from error


def sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes, its document's id, read in chunks; OSError if it cannot be read."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fingerprint(path: Path) -> tuple[str, bytes]:
    """The sha256 of the file's bytes and its first kilobyte, reading it once in chunks."""
    digest = hashlib.sha256()
    head = b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                head = head or chunk[:1024]
                digest.update(chunk)
    except OSError as error:
        raise IngestError(f"cannot open file: {error.strerror or error}") from error
    return digest.hexdigest(), head


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot open file: {error.strerror or error}") from error
