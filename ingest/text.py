"""Read plain text and HTML files into Documents; tell a file's kind from its first bytes."""
from __future__ import annotations

import codecs
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer

from .errors import IngestError
from .model import Document, Line, Page, Table

RUNNING_MAX_WORDS = 6  # a repeated line this short, between table rows, is a running head
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def sniff(head: bytes) -> str:
    """'pdf', 'html', 'text' or 'unknown', from a file's first kilobyte."""
    if b"%PDF" in head[:1024]:
        return "pdf"
    if _HTML_START.search(head[:1024]):
        return "html"
    if b"\x00" not in head:
        sample = head.decode("utf-8", errors="ignore")  # a cut multi-byte char is no evidence
        printable = sum(ch.isprintable() or ch in "\t\n\r\f" for ch in sample)
        if sample and printable >= 0.95 * len(sample):
            return "text"
    return "unknown"


def read_text(path: Path, doc_id: str, data: bytes) -> Document:
    """A .txt file: pages split on form feeds, tab-separated runs of lines as tables."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("empty file")
    running = _running_lines(text)
    doc = Document(path=str(path), id=doc_id, format="txt")
    for number, chunk in enumerate(text.split("\f"), start=1):
        raw_lines = chunk.split("\n")
        doc.pages.append(
            Page(number=number, lines=_text_lines(raw_lines), tables=_tab_tables(raw_lines, running))
        )
    return doc


def _running_lines(text: str) -> set[str]:
    """Short lines without tabs that occur more than once: running heads of the original."""
    counts = Counter(
        line.strip()
        for line in text.split("\n")
        if line.strip() and "\t" not in line and len(line.split()) <= RUNNING_MAX_WORDS
    )
    return {line for line, n in counts.items() if n > 1}


def _text_lines(raw_lines: list[str]) -> list[Line]:
    """Lines with tabs as spaces; runs of blank lines kept as one paragraph break."""
    lines: list[Line] = []
    for raw in raw_lines:
        text = raw.replace("\t", " ").strip()
        if text or (lines and lines[-1].text):
            lines.append(Line(text))
    while lines and not lines[-1].text:
        lines.pop()
    return lines


def _is_table_line(line: str) -> bool:
    return "\t" in line.strip()  # a leading tab is only an indent


def _tab_tables(raw_lines: list[str], running: set[str]) -> list[Table]:
    """One Table per run of tabbed lines; blank lines and running heads may interrupt a run."""
    tables: list[Table] = []
    run: list[str] = []
    for line in [*raw_lines, None]:
        if line is not None and _is_table_line(line):
            run.append(line)
            continue
        if run and line is not None and (not line.strip() or line.strip() in running):
            continue
        rows = [[cell.strip() for cell in row.strip().split("\t")] for row in run]
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
            tables.append(Table(rows=rows, row_bboxes=[None] * len(rows)))
        run = []
    return tables


def read_html(path: Path, doc_id: str, data: bytes) -> Document:
    """An HTML page: title from <title>, block elements as lines, tables as Tables, one page."""
    parser = _TextParser()
    parser.feed(_decode_html(data))
    parser.close()
    page = Page(number=1, lines=[Line(text) for text in parser.lines], tables=parser.tables)
    title = " ".join(parser.title.split()) or None
    return Document(path=str(path), id=doc_id, format="html", pages=[page], title=title)


def _decode_html(data: bytes) -> str:
    """UTF-8, unless that fails and the page declares another charset that reads it, else detected."""
    declared = _CHARSET.search(data[:4096])
    return decode(data, declared.group(1).decode("ascii") if declared else None)


def decode(data: bytes, declared: str | None = None) -> str:
    """A text file's bytes as text: by its byte-order mark, as UTF-8, in the charset it declares if that
    reads it, else in the encoding charset-normalizer finds; Windows' cp1252 where it ties or has too
    little text to tell, if the text reads as Western European in it.

    >>> decode("Caf\u00e9 opened at 9.".encode("cp1252"))
    'Caf\u00e9 opened at 9.'
    """
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return data[len(mark):].decode(codec, errors="replace")
    for tried in ("utf-8", declared):
        if tried:
            try:
                return data.decode(tried)
            except (UnicodeDecodeError, LookupError):
                pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    western = _cp1252(data)
    if western is not None and (
        best is None
        or best.coherence < MIN_EVIDENCE  # too little text for the detector to tell a language
        or any(match.encoding == "cp1252" and match.chaos <= best.chaos + 0.001 for match in matches)
    ):
        return western
    if best is None:  # no encoding reads it cleanly: every byte kept as a character, none lost
        return data.decode("latin-1")
    return str(best)


MIN_EVIDENCE = 0.1  # charset-normalizer's coherence below which its language guess is noise
WESTERN_SHARE = 0.3  # of a text's letters, at most this many outside ASCII in a Western European text


def _cp1252(data: bytes) -> str | None:
    """The bytes read as Windows' cp1252, if they are that and read like a Western European text:
    a few accented letters among plain ones (Cyrillic read as cp1252 is all accented letters)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(not ch.isascii() for ch in letters)
    symbols = sum(not ch.isascii() and not ch.isalpha() and ch not in _TYPOGRAPHY for ch in text)
    return text if accented <= WESTERN_SHARE * len(letters) and not symbols else None


_TYPOGRAPHY = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u20ac\u00a3\u00a0\u00b7\u00b0\u00a9\u00ae\u2122\u00a7\u00bd\u00bc\u00be")


# Longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]


SKIPPED_TAGS = frozenset({"script", "style", "nav", "noscript", "template", "svg"})
BLOCK_TAGS = frozenset({
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "br", "tr", "table",
    "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "main", "aside",
    "pre", "hr", "form", "figure", "figcaption", "address", "caption", "body",
})


class _TextParser(HTMLParser):
    """Collects visible text as lines, one per block element, and the cells of tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.tables: list[Table] = []
        self.title = ""
        self._buffer: list[str] = []
        self._skipping = 0
        self._in_title = False
        self._in_pre = False
        self._open_tables: list[list[list[str]]] = []  # rows of each table being read
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "table":
            self._open_tables.append([])
        elif tag == "tr" and self._open_tables:
            self._end_cell()
            self._open_tables[-1].append([])
        elif tag in ("td", "th") and self._open_tables:
            self._end_cell()
            self._cell = []
            self._buffer.append(" ")
        if tag in BLOCK_TAGS:
            self._flush()
        self._in_pre = self._in_pre or tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in ("td", "th", "tr"):
            self._end_cell()
        elif tag == "table" and self._open_tables:
            self._end_cell()
            rows = [row for row in self._open_tables.pop() if row]
            if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
                self.tables.append(Table(rows=rows, row_bboxes=[None] * len(rows)))
        if tag == "pre":
            self._in_pre = False
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            if self._cell is not None:
                self._cell.append(data)
            if self._in_pre and "\n" in data:
                first, *rest = data.split("\n")
                self._buffer.append(first)
                for part in rest:
                    self._flush()
                    self._buffer.append(part)
            else:
                self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _end_cell(self) -> None:
        if self._cell is not None and self._open_tables and self._open_tables[-1]:
            self._open_tables[-1][-1].append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        if text:
            self.lines.append(text)
        self._buffer = []
