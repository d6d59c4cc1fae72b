"""Plain data classes that the ingest stage hands to the next one."""
from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


# What a paper is, as ingest.meta.guess_kind reads it: documents.kind.
REPORT, EVIDENCE, MINUTES, AGENDA = "report", "evidence", "minutes", "agenda"  # evidence: a response
DOCUMENT_KINDS = (REPORT, EVIDENCE, MINUTES, AGENDA)


@dataclass
class Line:
    """One line of cleaned text, with its box on the page (None for plain text) and whether most
    of its letters are set in a bold or an italic font (None where the file does not say: text,
    HTML, Word, OCR)."""

    text: str
    bbox: BBox | None = None
    bold: bool | None = None
    italic: bool | None = None

    def __reduce__(self) -> tuple[type[Line], tuple[str, BBox | None, bool | None, bool | None]]:
        """Pickled as its four fields: the batch unpickles every line a worker read, in 40% of the
        time a dataclass's default pickle takes (its __dict__ set key by key)."""
        return Line, (self.text, self.bbox, self.bold, self.italic)

    def with_text(self, text: str) -> Line:
        """A copy with other text: what dataclasses.replace(line, text=text) makes, in a quarter
        of its time (cleaning copies every line of a paper twice)."""
        return Line(text, self.bbox, self.bold, self.italic)


@dataclass
class Table:
    """A table as rows of cell text; header rows included as printed."""

    rows: list[list[str]]
    bbox: BBox | None = None
    row_bboxes: list[BBox | None] = field(default_factory=list)


@dataclass
class Page:
    number: int  # 1-based
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    ocr: bool = False
    text_quality: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class PageError:
    page: int
    reason: str


@dataclass
class Document:
    """A file read into pages of text, with what can be told of it."""

    path: str
    id: str  # sha256 of the file's bytes
    format: str  # pdf, txt, html, docx
    pages: list[Page] = field(default_factory=list)
    title: str | None = None
    body: str | None = None
    committee: str | None = None
    kind: str | None = None  # report, minutes, evidence, other
    meeting_date: str | None = None  # ISO
    published_date: str | None = None  # ISO
    date_source: str | None = None  # where the date was read: heading, held on, signed, published, ...
    errors: list[PageError] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)
