"""The ingest stage: files in, Documents of cleaned pages (lines, boxes, tables) out.

Example:
    >>> import ingest
    >>> doc = ingest.read("samples/cabinet-minutes-2026-02-03.pdf")
    >>> doc.kind, doc.meeting_date
    ('minutes', '2026-02-03')
"""
from __future__ import annotations

import hashlib
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
    "read",
    "sha256",
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
) -> Document:
    """Read a file into a Document of cleaned pages, with its metadata; raise IngestError if not.

    ocr: "auto" reads pages without usable text with Tesseract, "always" every page, "never" none.
    doc_id: the sha256 of the file's bytes, if the caller has just computed it (then it is not
    computed again).
    ocr_deadline: a time.monotonic() after which no more pages are OCR'd; they are recorded as
    page errors, and the pages read are kept.
    """
    path = Path(path)
    doc_id, head = (doc_id, _head(path)) if doc_id else _fingerprint(path)
    if not head:
        raise IngestError("empty file")
    suffix = path.suffix.lower()
    kind = sniff(head)
    # Content wins over the name where it is sure: council sites serve PDFs as .aspx.
    if kind == "pdf" or suffix == ".pdf":
        doc = read_pdf(path, doc_id, password, ocr, ocr_deadline)
    elif suffix in _HTML_SUFFIXES or (kind == "html" and suffix not in SUPPORTED_SUFFIXES):
        doc = read_html(path, doc_id, _read_bytes(path))
    elif suffix == ".txt":
        doc = read_text(path, doc_id, _read_bytes(path))
    elif suffix == ".docx":
        doc = read_docx(path, doc_id, head)
    else:
        raise NotSupportedError(f"unsupported file type {suffix or '(no suffix)'}")
    for page in doc.pages:
        if page.text_quality is None:
            page.text_quality = text_quality(page.text)
    clean_pages(doc.pages)
    describe(doc)
    return doc


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
