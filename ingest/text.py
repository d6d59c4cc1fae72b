"""Read plain text and HTML files into Documents; tell a file's kind from its first bytes."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from .charset import decode
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
