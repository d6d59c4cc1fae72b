"""Small PDFs that tests make for exact cases: known lines, a ruled table over a page break,
an encrypted file. All are written with reportlab in invariant mode, so they are stable."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 72
TOP = 72  # distance of the first baseline from the top of the page
LEADING = 16

TABLE_HEADER = ["Recommendation", "Responsibility", "Completion Date"]


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    size: float = 11,
    title: str | None = None,
    sizes: dict[str, float] | None = None,
    fonts: dict[str, str] | None = None,
) -> Path:
    """A PDF with the given text lines on each page, top to bottom, in Helvetica; `sizes` and
    `fonts` ("Helvetica-Bold") override by line."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    if title is not None:
        canvas.setTitle(title)
    for lines in pages:
        y = PAGE_HEIGHT - TOP
        for line in lines:
            line_size = (sizes or {}).get(line, size)
            canvas.setFont((fonts or {}).get(line, "Helvetica"), line_size)
            canvas.drawString(LEFT, y, line)
            y -= max(LEADING, line_size * 1.3)
        canvas.showPage()
    canvas.save()
    return path


def table_rows(count: int) -> list[list[str]]:
    """Recommendation rows R1..Rn with text long enough to wrap in its cell."""
    return [
        [
            (f"R{n} That the council reviews service number {n} and reports back to the "
             "committee with a plan for improving it."),
            f"Director {n}",
            f"March 20{26 + n % 3}",
        ]
        for n in range(1, count + 1)
    ]


def make_table_pdf(path: Path, *, repeat_header: bool, rows: int = 8, gap: float = 520,
                   header: list[str] = TABLE_HEADER) -> Path:
    """A ruled table that starts low on page 1 and continues on page 2, header repeated or not."""
    style = getSampleStyleSheet()["BodyText"]
    cells = [[Paragraph(text, style) for text in header]]
    cells += [[Paragraph(text, style) for text in row] for row in table_rows(rows)]
    table = Table(cells, colWidths=[260, 110, 90], repeatRows=1 if repeat_header else 0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [Paragraph("Summary of recommendations", style), Spacer(1, gap), table]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


def make_verdict_table_pdf(path: Path, tables: list[list[tuple[str, list[str]]]], text: list[str]) -> Path:
    """A response that sums up its verdicts in ruled tables, one a page (a verdict printed once in a
    merged cell beside the recommendations it covers; an empty one continues the last page's), then
    the restated recommendations and their answers, a paragraph a line."""
    style = getSampleStyleSheet()["BodyText"]
    story: list = [Paragraph("Summary of the Government's response to the recommendations", style)]
    for runs in tables:
        cells, spans = [[Paragraph("Approach taken", style), Paragraph("Recommendation", style)]], []
        for verdict, refs in runs:
            spans.append(("SPAN", (0, len(cells)), (0, len(cells) + len(refs) - 1)))
            cells += [[Paragraph(verdict if n == 0 else "", style), Paragraph(ref, style)] for n, ref in enumerate(refs)]
        table = Table(cells, colWidths=[140, 300])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   *spans]))
        story += [table, PageBreak()]
    story += [Paragraph(line, style) for line in text]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


def make_encrypted_pdf(path: Path, password: str, text: str = "Secret minutes") -> Path:
    """A one-page PDF that opens only with the user password `password`."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1, encrypt=password)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(LEFT, PAGE_HEIGHT - TOP, text)
    canvas.showPage()
    canvas.save()
    return path


def make_scanned_pdf(path: Path, pages: list[list[str]], *, dpi: int = 200, size: float = 14) -> Path:
    """The text PDF `make_pdf` writes, rendered to images and wrapped with no text layer: a scan."""
    from reportlab.lib.utils import ImageReader

    def draw(canvas: Canvas, page) -> None:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        canvas.drawImage(ImageReader(image), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)

    return _redrawn(path, pages, size, draw)


def _redrawn(path: Path, pages: list[list[str]], size: float, draw) -> Path:
    """The text PDF `make_pdf` writes, each page drawn again with no text by `draw(canvas, page)`."""
    import pypdfium2 as pdfium

    text_pdf = make_pdf(path.with_suffix(".text.pdf"), pages, size=size)
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    source = pdfium.PdfDocument(str(text_pdf))
    try:
        for page in source:
            draw(canvas, page)
            canvas.showPage()
    finally:
        source.close()
    canvas.save()
    text_pdf.unlink()
    return path


def make_columns_pdf(path: Path, columns: list[list[str]], *, heading: str, size: float = 9) -> Path:
    """A page with a full-width heading, then side-by-side columns of lines on shared baselines."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(LEFT, PAGE_HEIGHT - TOP, heading)
    width = (PAGE_WIDTH - 2 * LEFT) / len(columns)
    canvas.setFont("Helvetica", size)
    for n, lines in enumerate(columns):
        y = PAGE_HEIGHT - TOP - 30
        for line in lines:
            canvas.drawString(LEFT + n * width, y, line)
            y -= size * 1.25
    canvas.showPage()
    canvas.save()
    return path


def make_outlined_pdf(path: Path, pages: list[list[str]], *, dpi: int = 150, size: float = 14) -> Path:
    """The text PDF `make_pdf` writes, redrawn as filled rectangles, one per run of ink on a row of
    pixels: text printed as vector outlines, with no font and no image ("Microsoft: Print To PDF")."""
    step = 72 / dpi

    def draw(canvas: Canvas, page) -> None:
        ink = page.render(scale=dpi / 72, grayscale=True).to_numpy() < 128
        for y, row in enumerate(ink):
            edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
            for start, end in zip(edges[::2], edges[1::2]):
                canvas.rect(start * step, PAGE_HEIGHT - (y + 1) * step, (end - start) * step, step, stroke=0, fill=1)

    return _redrawn(path, pages, size, draw)


def hand_made_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of objects 1.. as written, with a cross-reference table that finds them: for damage
    that reportlab will not write."""
    data, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(data)
    return path
