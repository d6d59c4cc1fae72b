"""The thorough, slow reader (pdfplumber and pdfminer), opened only for what needs it: telling
a damaged content stream from an empty page."""
from __future__ import annotations

import base64
import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdftypes import PDFStream, resolve1

from .model import PageError

# pdfminer logs what it repairs (xref rows it skips, data lost) as warnings; with no handler of
# its own, Python would print them, naming no file, on the terminal of whoever runs onrecord.
# Damage that matters is recorded per page (damage()); the rest goes nowhere.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

EMPTY_STREAM_BYTES = 32
# Filters pdfminer decodes in C; others (LZW, ASCII85) take it seconds a page, so go unchecked.
FAST_FILTERS = {"FlateDecode", "Fl"}
ASCII85 = ("ASCII85Decode", "A85")
# The filter chains whose content streams are checked with zlib: Flate, and Flate in ASCII85
# (what reportlab writes by default).
CHAINS = [[flate] for flate in FAST_FILTERS] + [[a85, flate] for a85 in ASCII85 for flate in FAST_FILTERS]
_DECOMPRESS_WARNING = re.compile(r"decompress|data-loss", re.IGNORECASE)
LOST = "data lost while decompressing, text may be incomplete"
UNDECODABLE = "content stream could not be decompressed, no text recovered"
MISSING = "a content stream is missing or not a stream, text may be incomplete"
UNCHECKED = "the page's objects are damaged, text may be incomplete"


# "stream" not ending "endstream": the literal first, so that re finds it with its fast scan for a
# literal prefix (a look-behind first would be tried at every byte of the file, 25 times as long)
_STREAM_START = re.compile(rb"stream(?<!endstream)\r?\n")
DICT_LOOKBACK = 400  # bytes before 'stream' where its dictionary names its filter
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/\w+)")
_NOT_CONTENT = re.compile(rb"/(?:Type|Subtype|Length1)\b")


def flate_intact(path: Path) -> bool:
    """True if every Flate stream (in ASCII85 or not) that may be a page's content inflates to
    its end, and to something if it is more than an empty stream's bytes: a quick scan with zlib
    that spares pdfminer's slow page-by-page check on the files, nearly all, that are whole."""
    data = path.read_bytes()
    if b"/Encrypt" in data:
        return False  # encrypted streams only inflate after decryption: let pdfminer judge
    for match in _STREAM_START.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - DICT_LOOKBACK):match.start()]
        if not _content_like(head):
            continue
        end = data.find(b"endstream", start)
        stream = data[start:end if end > 0 else len(data)]
        inflated, whole = decode(_chain(head), stream)
        # more than an empty stream's few bytes that inflate to nothing: damage too (see damage())
        if not whole or (not inflated and len(stream.rstrip()) > EMPTY_STREAM_BYTES):
            return False
    return True


def decode(chain: list[str], raw: bytes) -> tuple[bytes, bool]:
    """A content stream's bytes through its filters (Flate, after ASCII85 if named first), and
    whether they decoded to their end: a stream cut short loses the rest of the page's text."""
    data = raw
    if chain[0] in ASCII85:
        data = b"".join(data.split())  # white space may sit anywhere in ASCII85
        if not data.endswith(b"~>"):
            return b"", False
        try:
            data = base64.a85decode(data[:-2].removeprefix(b"<~"))
        except ValueError:
            return b"", False
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(data)
    except zlib.error:
        return b"", False
    return inflated, inflater.eof


def _chain(head: bytes) -> list[str]:
    """The filter names of the stream whose dictionary ends `head`, in the order they apply."""
    own = head[head.rfind(b"obj") + 3:]
    filters = _FILTER.findall(own)
    return [name.decode() for name in re.findall(rb"/(\w+)", filters[-1])] if filters else []


def _content_like(head: bytes) -> bool:
    """The stream whose dictionary ends `head` may be a page's content, and is Flate alone, so
    zlib can inflate it as it is. A content stream's dictionary names only its length and
    filters; images, forms, fonts, metadata and cross-reference streams name a /Type, a
    /Subtype or a /Length1. The damage check reads page content only, Flate only."""
    own = head[head.rfind(b"obj") + 3:]
    return _chain(head) in CHAINS and not _NOT_CONTENT.search(own)


class Plumber:
    """pdfplumber on one file, opened at the first question and closed by close()."""

    def __init__(self, path: Path, password: str | None) -> None:
        self.path, self.password = path, password
        self._pdf: pdfplumber.PDF | None = None
        self._failed = False
        self._intact: bool | None = None
        self._last = 0  # index of the last page opened

    def _page(self, index: int) -> Any | None:
        if self._pdf is None and not self._failed:
            try:
                self._pdf = pdfplumber.open(self.path, password=self.password or "")
            # pdfium read the file; if pdfminer cannot, the checks it serves are skipped.
            except Exception:  # noqa: BLE001
                self._failed = True
        if self._pdf is None:
            return None
        pages = self._pdf.pages
        self._last = index
        return pages[index] if index < len(pages) else None

    def close(self) -> PageError | None:
        """Close pdfminer's file; if that fails (the pages are read by then), say on which page."""
        if self._pdf is None:
            return None
        try:
            self._pdf.close()
        # pdfminer fails with many exception types on damaged files; the cause is returned.
        except Exception:  # noqa: BLE001
            page = self._last + 1
            return PageError(page, f"pdfminer could not close the file after page {page}: its objects "
                             "are damaged (the pages read are kept)")
        return None

    def damage(self, index: int, has_text: bool) -> str | None:
        """Why the page's content stream lost text, or None if it decodes whole."""
        if self._intact is None:
            self._intact = flate_intact(self.path)
        if self._intact:
            return None
        try:
            return self._damage(index, has_text)
        # pdfminer fails with many exception types on damaged objects; pdfium's text is kept.
        except Exception:  # noqa: BLE001
            return UNCHECKED

    def _damage(self, index: int, has_text: bool) -> str | None:
        page = self._page(index)
        if page is None:
            return None
        with _decompress_warnings() as warnings:
            for stream in page.page_obj.contents:
                stream = resolve1(stream)
                if not isinstance(stream, PDFStream):
                    return MISSING
                chain = _filters(stream)
                if chain in CHAINS and chain[0] in ASCII85 and stream.rawdata is not None:
                    data, whole = decode(chain, _deciphered(stream))
                    if not whole:
                        return LOST if data or has_text else UNDECODABLE
                    continue
                if not set(chain) <= FAST_FILTERS:
                    continue
                length = resolve1(stream.attrs.get("Length", 0))
                data = stream.get_data()
                # An empty stream compressed is ~9 bytes; more than that decoding to nothing is damage.
                if not has_text and isinstance(length, int) and length > EMPTY_STREAM_BYTES and not data:
                    return UNDECODABLE
        return LOST if warnings else None


def _deciphered(stream: Any) -> bytes:
    """A pdfminer stream's bytes as stored, decrypted if the file is encrypted, not yet decoded."""
    if stream.decipher:
        return stream.decipher(stream.objid, stream.genno, stream.rawdata, stream.attrs)
    return stream.rawdata


def _filters(stream: Any) -> list[str]:
    names = resolve1(stream.attrs.get("Filter") or stream.attrs.get("F") or [])
    names = names if isinstance(names, list) else [names]
    return [getattr(resolve1(name), "name", str(name)) for name in names]


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
