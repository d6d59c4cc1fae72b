"""Read Word .docx files with python-docx: paragraphs as lines (with their list numbers),
tables as Tables, pages where Word last broke them (else at hard page breaks).

Text in text boxes and drawings is not read: it floats beside the running text.
"""
from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from .errors import IngestError
from .meta import meaningful_title
from .model import Document, Line, Page, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # a Word 97-2003 .doc (and other Office binaries)
TITLE_STYLES = ("title", "heading 1")
# Subtrees whose text is not the paragraph's: deleted revisions, field codes, floating shapes.
_SKIPPED = frozenset({
    f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr",
    f"{W}drawing", f"{W}pict", f"{W}object", _MC_FALLBACK, f"{W}footnoteReference",
})
_PAGE = "\f"  # marks a page break inside a paragraph's text
_KINDS = {
    "spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation",
}


def read_docx(path: Path, doc_id: str, head: bytes) -> Document:
    """A .docx file: one Line per paragraph (blank lines between), Word tables as Tables."""
    word = _open(path, head)
    body = word.element.body
    rendered = bool(body.findall(f".//{W}lastRenderedPageBreak"))
    reader = _Reader(word, rendered)
    pages = [Page(number=1)]
    for block in _blocks(body):
        if block.tag == f"{W}p":
            reader.paragraph(block, pages)
        else:
            reader.table(block, pages)
    for page in pages:
        while page.lines and not page.lines[-1].text:
            page.lines.pop()
    title = meaningful_title(word.core_properties.title) or reader.title
    return Document(path=str(path), id=doc_id, format="docx", pages=pages, title=title)


def _blocks(container: Any) -> Iterator[Any]:
    """The paragraphs and tables of the body in order, those inside content controls too."""
    for child in container.iterchildren(f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}customXml"):
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
            continue
        content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
        if content is not None:
            yield from _blocks(content)


def _open(path: Path, head: bytes) -> Any:
    """python-docx's Document, its failures turned into IngestErrors a person can act on."""
    try:
        return docx.Document(str(path))
    except PackageNotFoundError as error:
        if head.startswith(OLE_MAGIC):
            raise IngestError("a Word 97-2003 .doc file, not .docx (save it as .docx)") from error
        if head.startswith(b"PK"):
            raise IngestError("damaged Word file: truncated or corrupt zip") from error
        raise IngestError("not a Word file (not a zip package)") from error
    except KeyError as error:  # the zip lacks [Content_Types].xml or the main document
        raise IngestError("not a Word file (a zip without a Word document in it)") from error
    except ValueError as error:  # another Office kind: 'file ... is not a Word file, content type is ...'
        kind = next((name for key, name in _KINDS.items() if key in str(error)), "another kind of file")
        raise IngestError(f"not a Word file ({kind})") from error
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise IngestError(f"damaged Word file: {_first_line(error)}") from error
    except etree.XMLSyntaxError as error:
        raise IngestError(f"damaged Word file: broken XML ({_first_line(error)})") from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class _Reader:
    """Turns the body's paragraphs and tables into pages, keeping list counters across them."""

    def __init__(self, word: Any, rendered: bool) -> None:
        self.break_tag = f"{W}lastRenderedPageBreak" if rendered else None
        self.styles = _Styles(word)
        self.numbering = _Numbering(word, self.styles)
        self.title: str | None = None

    def paragraph(self, p: Any, pages: list[Page]) -> None:
        """The paragraph's lines on the current page, a new page wherever it breaks."""
        style = self.styles.paragraph_style(p)
        if not self.break_tag and (_page_break_before(p) or self.styles.breaks_before(style)):
            _new_page(pages)
        text = self.text(p)
        for n, part in enumerate(text.split(_PAGE)):
            if n:
                _new_page(pages)
            lines = [" ".join(line.split()) for line in part.split("\n")]
            pages[-1].lines += [Line(line) for line in lines if line]
        if text.strip(_PAGE + " \n") and pages[-1].lines and pages[-1].lines[-1].text:
            pages[-1].lines.append(Line(""))
        name = self.styles.name(style).lower()
        if self.title is None and name in TITLE_STYLES and text.strip():
            self.title = " ".join(text.replace(_PAGE, " ").split())
        if not self.break_tag and _section_breaks_page(p):
            _new_page(pages)

    def text(self, p: Any) -> str:
        """The paragraph as printed: its list number, its runs' text; soft breaks as newlines."""
        label = self.numbering.label(p)
        text = "".join(_run_text(p, self.break_tag))
        return f"{label} {text}" if label else text

    def table(self, tbl: Any, pages: list[Page]) -> None:
        """A Word table as a Table on the page where it starts, and its rows as lines there."""
        rows: list[list[str]] = []
        breaks = 0
        for tr in tbl.iterchildren(f"{W}tr"):
            cells = [""] * _count(tr.find(f"{W}trPr/{W}gridBefore"), 0)
            for tc in tr.iterchildren(f"{W}tc"):
                text = "\n".join(self.text(p) for p in tc.iter(f"{W}p"))
                breaks += text.count(_PAGE)
                merged = tc.find(f"{W}tcPr/{W}vMerge")
                continued = merged is not None and merged.get(f"{W}val", "continue") == "continue"
                cells.append("" if continued else text.replace(_PAGE, ""))
                cells += [""] * (_count(tc.find(f"{W}tcPr/{W}gridSpan"), 1) - 1)
            cells += [""] * _count(tr.find(f"{W}trPr/{W}gridAfter"), 0)
            if any(cell.strip() for cell in cells):
                rows.append(cells)
        page = pages[-1]
        if page.lines and page.lines[-1].text:
            page.lines.append(Line(""))
        page.lines += [Line(" ".join(" ".join(row).split())) for row in rows]
        page.lines.append(Line(""))
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
            page.tables.append(Table(rows=rows, row_bboxes=[None] * len(rows)))
        for _ in range(breaks):  # the table ran over onto later pages
            _new_page(pages)


def _new_page(pages: list[Page]) -> None:
    if pages[-1].lines or pages[-1].tables:
        pages.append(Page(number=len(pages) + 1))


def _count(element: Any | None, default: int) -> int:
    """The w:val of a count such as w:gridSpan or w:gridBefore, `default` where not given."""
    try:
        return max(int(element.get(f"{W}val")), 0) if element is not None else default
    except (TypeError, ValueError):
        return default


def _run_text(element: Any, break_tag: str | None) -> Iterator[str]:
    """The text of a paragraph's runs in order; tabs as spaces, line breaks as newlines."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{W}t":
            yield child.text or ""
        elif tag in (f"{W}tab", f"{W}ptab"):
            yield " "
        elif tag == f"{W}br":
            kind = child.get(f"{W}type")
            yield _PAGE if kind == "page" and not break_tag else "\n" if kind in (None, "textWrapping") else ""
        elif tag == f"{W}cr":
            yield "\n"
        elif tag == f"{W}noBreakHyphen":
            yield "-"
        elif tag == f"{W}softHyphen":
            yield "\u00ad"
        elif tag == f"{W}sym":
            yield _symbol(child)
        elif tag == break_tag:
            yield _PAGE
        elif tag != f"{W}p":  # runs, hyperlinks, insertions, fields, smart tags
            yield from _run_text(child, break_tag)


def _symbol(sym: Any) -> str:
    try:
        return chr(int(sym.get(f"{W}char", ""), 16))
    except ValueError:
        return ""


def _page_break_before(p: Any) -> bool:
    flag = p.find(f"{W}pPr/{W}pageBreakBefore")
    return flag is not None and flag.get(f"{W}val", "true") not in ("0", "false", "off")


def _section_breaks_page(p: Any) -> bool:
    """A section ends with this paragraph and the next starts on a new page (Word's default)."""
    section = p.find(f"{W}pPr/{W}sectPr")
    if section is None:
        return False
    kind = section.find(f"{W}type")
    return kind is None or kind.get(f"{W}val") != "continuous"


class _Styles:
    """Paragraph styles by id: names, and what they inherit (list numbering, page breaks)."""

    def __init__(self, word: Any) -> None:
        self.by_id: dict[str, Any] = {}
        try:
            root = word.part.styles.element
        except (KeyError, ValueError):
            return
        for style in root.iterchildren(f"{W}style"):
            if style.get(f"{W}type") == "paragraph":
                self.by_id[style.get(f"{W}styleId")] = style

    def paragraph_style(self, p: Any) -> str | None:
        found = p.find(f"{W}pPr/{W}pStyle")
        return found.get(f"{W}val") if found is not None else None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        found = style.find(f"{W}name") if style is not None else None
        return (found.get(f"{W}val") or "") if found is not None else ""

    def chain(self, style_id: str | None) -> Iterator[Any]:
        """The style and those it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def find(self, style_id: str | None, path: str) -> Any | None:
        return next((f for s in self.chain(style_id) if (f := s.find(path)) is not None), None)

    def breaks_before(self, style_id: str | None) -> bool:
        flag = self.find(style_id, f"{W}pPr/{W}pageBreakBefore")
        return flag is not None and flag.get(f"{W}val", "true") not in ("0", "false", "off")


class _Numbering:
    """Word's automatic list numbers ('1.', '(a)', '2.3'), counted as Word counts them."""

    def __init__(self, word: Any, styles: _Styles) -> None:
        self.styles = styles
        self.nums: dict[str, tuple[str, dict[int, Any], dict[int, int]]] = {}
        self.abstracts: dict[str, Any] = {}
        self.counters: dict[str, list[int]] = {}
        root = _numbering_root(word)
        if root is None:
            return
        for abstract in root.iterchildren(f"{W}abstractNum"):
            self.abstracts[abstract.get(f"{W}abstractNumId")] = abstract
        for num in root.iterchildren(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels: dict[int, Any] = {}
            starts: dict[int, int] = {}
            for override in num.iterchildren(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    starts[ilvl] = _int(start.get(f"{W}val"), 1)
                if (lvl := override.find(f"{W}lvl")) is not None:
                    levels[ilvl] = lvl
            if ref is not None:
                self.nums[num.get(f"{W}numId")] = (ref.get(f"{W}val"), levels, starts)

    def label(self, p: Any) -> str:
        """The number printed before the paragraph, '' if it has none."""
        num_id, ilvl = self._num_pr(p)
        if num_id not in self.nums:
            return ""
        abstract_id, overrides, starts = self.nums[num_id]
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return ""
        key = num_id if starts else abstract_id  # a restarted list counts on its own
        counts = self.counters.setdefault(key, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        levels = [overrides.get(i) or abstract.find(f"{W}lvl[@{W}ilvl='{i}']") for i in range(9)]
        for i in range(ilvl):  # a deeper item before any at a level above counts that as started
            if counts[i] == 0:
                counts[i] = _start(levels[i], starts.get(i))
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else _start(levels[ilvl], starts.get(ilvl))
        counts[ilvl + 1:] = [0] * (8 - ilvl)
        lvl = levels[ilvl]
        if lvl is None:
            return ""
        text_el = lvl.find(f"{W}lvlText")
        template = text_el.get(f"{W}val", "") if text_el is not None else ""
        if _format(lvl) == "bullet":
            return template
        for i in range(ilvl + 1):
            template = template.replace(f"%{i + 1}", _number(counts[i], _format(levels[i])))
        return template.strip()

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        style = self.styles.paragraph_style(p)
        style_pr = self.styles.find(style, f"{W}pPr/{W}numPr")
        num_id = _child_val(num_pr, "numId") or _child_val(style_pr, "numId")
        ilvl = _child_val(num_pr, "ilvl") or _child_val(style_pr, "ilvl") or "0"
        return num_id, _int(ilvl, 0)


def _numbering_root(word: Any) -> Any | None:
    try:
        return word.part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError):
        return None


def _child_val(element: Any | None, name: str) -> str | None:
    if element is None:
        return None
    found = element.find(f"{W}{name}")
    return found.get(f"{W}val") if found is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _start(lvl: Any | None, override: int | None) -> int:
    if override is not None:
        return override
    return _int(_child_val(lvl, "start"), 1)


def _format(lvl: Any | None) -> str:
    return _child_val(lvl, "numFmt") or "decimal"


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _number(n: int, fmt: str) -> str:
    """A counter as the list prints it: 3 -> '3', 'c', 'iii', 'C', '03'."""
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        roman = ""
        for value, numeral in _ROMAN:
            while n >= value:
                roman, n = roman + numeral, n - value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)
