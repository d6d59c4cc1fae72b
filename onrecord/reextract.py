"""Re-extract stored documents whose items an older extractor made.

Each document records the extractor (`nlp.extractor()`, a digest of the nlp code, rules and weights)
that made its items. After an upgrade or an edited rule, `stale()` lists the documents made by
another, and `reextract()` reads each again: from its file when the file is still there with the
same bytes (pages that were OCR'd keep their stored text, so Tesseract is not run again), otherwise
from the stored pages' text, which suffices for everything but tables and boxes.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from onrecord import db, ingest, nlp
from onrecord.ingest.errors import IngestError
from onrecord.ingest.meta import describe
from onrecord.ingest.model import Document, Line, Page


def stale(database: Database) -> list[str]:
    """Ids of the stored documents whose items another extractor made."""
    rows = database.execute("select id from documents where extractor is null or extractor != ? order by id",
                            [nlp.extractor()]).fetchall()
    return [row[0] for row in rows]


def reextract(database: Database, progress: Callable[[str, str], None] = lambda path, source: None) -> int:
    """Extract every stale document again and store it; returns how many were."""
    done = 0
    for doc_id in stale(database):
        doc, source = _document(database, doc_id)
        items = nlp.extract(doc)
        db.store(database, doc, items)
        progress(doc.path, source)
        done += 1
    return done


def _document(database: Database, doc_id: str) -> tuple[Document, str]:
    """The document read again from its file if it is there unchanged, else rebuilt from its pages."""
    row = next(database.query("select * from documents where id = ?", [doc_id]))
    stored = {r["page"]: r for r in database.query(
        "select page, text, ocr, text_quality, boxes, styles from pages where document = ? order by page", [doc_id])}
    paths = [row["path"], *(r["path"] for r in database.query(
        "select path from document_paths where document = ? order by path", [doc_id]))]
    for path in dict.fromkeys(paths):
        if _same_bytes(Path(path), doc_id):
            try:
                doc = ingest.read(path, ocr="never", doc_id=doc_id)
            except IngestError:
                continue
            if len(doc.pages) == len(stored):
                ocrd = [page for page in doc.pages if (kept := stored.get(page.number)) and kept["ocr"]]
                for page in ocrd:  # what Tesseract read stays as it was read
                    kept = stored[page.number]
                    page.lines, page.tables, page.ocr = _lines(kept["text"], kept["boxes"]), [], True
                    page.text_quality = kept["text_quality"]
                if ocrd:
                    describe(doc)  # its title, kind and dates, read from the OCR'd text as the first time
                doc.path = row["path"]
                return doc, "file"
    doc = Document(path=row["path"], id=doc_id, format=row["format"], title=row["title"], body=row["body"],
                   committee=row["committee"], kind=row["kind"], meeting_date=row["meeting_date"],
                   published_date=row["published_date"])
    doc.pages = [Page(number=n, lines=_lines(r["text"], r["boxes"], r["styles"]), ocr=bool(r["ocr"]), text_quality=r["text_quality"])
                 for n, r in stored.items()]
    doc.errors = [ingest.PageError(r["page"], r["reason"]) for r in database.query(
        "select page, reason from errors where document = ? and page is not null order by page", [doc_id])]
    return doc, "stored pages"


def _lines(text: str, boxes: str | None = None, styles: str | None = None) -> list[Line]:
    """A stored page's lines, with the boxes stored beside an OCR'd page's (`db.write._boxes`) and
    the lines' bold and italic (`db.write._styles`)."""
    lines = text.split("\n") if text else []
    placed = json.loads(boxes) if boxes else []
    if len(placed) != len(lines):
        placed = [None] * len(lines)
    styled = json.loads(styles) if styles else []
    if len(styled) != len(lines):
        styled = [None] * len(lines)
    return [Line(line, tuple(box) if box else None, *_style(style)) for line, box, style in zip(lines, placed, styled)]


def _style(style: int | None) -> tuple[bool | None, bool | None]:
    """A line's (bold, italic) from its stored code (`db.write._styles`)."""
    return (None, None) if style is None else (bool(style & 1), bool(style & 2))


def _same_bytes(path: Path, doc_id: str) -> bool:
    try:
        return path.is_file() and ingest.sha256(path) == doc_id
    except OSError:
        return False  # unreadable now: the stored pages serve
