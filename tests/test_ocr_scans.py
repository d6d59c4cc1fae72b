"""OCR of scanned papers: table rulings and cells split into blocks must not lose a row's words."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from onrecord import ingest
from onrecord.ingest.ocr import lines_from_tsv, unruled

ROWS = [("Circulate the minutes to members", "KK", "New"),
        ("Write to the County Council about the footpath", "JT", "Ongoing"),
        ("Publish the agenda on the website", "HS", "New")]


def _scanned_ruled_table(path: Path, dpi: int = 200) -> Path:
    """An action log as a ruled three-column table, rendered to an image with no text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    text_pdf = path.with_suffix(".text.pdf")
    canvas = Canvas(str(text_pdf), pagesize=A4, invariant=1)
    xs, top, height = [60, 400, 460, 540], 760, 24
    canvas.setFont("Helvetica", 12)
    canvas.drawString(60, 790, "Action log of the working group")
    canvas.grid(xs, [top - height * i for i in range(len(ROWS) + 1)])
    for i, row in enumerate(ROWS):
        for x, cell in zip(xs, row):
            canvas.drawString(x + 4, top - height * (i + 1) + 8, cell)
    canvas.save()
    source = pdfium.PdfDocument(str(text_pdf))
    scan = Canvas(str(path), pagesize=A4, invariant=1)
    image = source[0].render(scale=dpi / 72, grayscale=True).to_pil()
    scan.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    scan.showPage()
    scan.save()
    source.close()
    return path


def test_long_rules_are_whitened_and_letters_kept():
    page = np.full((400, 400), 255, dtype=np.uint8)
    page[50, 10:390] = 0  # a table border, longer than an inch at 300 dpi
    page[:, 200] = 0  # a column rule down the page
    page[20:40, 50:53] = 0  # the stem of a letter
    page[30, 60:90] = 0  # a short stroke (a dash)
    out = unruled(page)
    assert (out[50] == 255).all() and (out[:, 200] == 255).all()
    assert (out[20:40, 50:53] == 0).all() and (out[30, 60:90] == 0).all()


def _tsv(words: list[tuple[int, int, int, str]]) -> str:
    """Tesseract's TSV for words given as (block, left, top, text), each 40 px tall."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t{block}\t1\t1\t{n}\t{left}\t{top}\t{20 * len(text)}\t40\t95\t{text}"
            for n, (block, left, top, text) in enumerate(words, 1)]
    return "\n".join([head, *rows]) + "\n"


def test_cells_tesseract_reads_as_separate_blocks_come_back_onto_their_row():
    # Tesseract put the action column in block 1 and the owner and status columns in blocks 2, 3.
    tsv = _tsv([(1, 100, 100, "Circulate"), (1, 300, 100, "minutes"), (1, 100, 200, "Publish"),
                (1, 280, 200, "agenda"), (2, 1700, 102, "KK"), (2, 1700, 201, "HS"),
                (3, 2000, 100, "New"), (3, 2000, 200, "Ongoing")])
    lines = lines_from_tsv(tsv, 300 / 72, 595)
    assert [line.text for line in lines] == ["Circulate minutes KK New", "Publish agenda HS Ongoing"]


@pytest.mark.slow
def test_a_scanned_ruled_action_log_keeps_each_row_with_its_owner_and_status(tmp_path):
    doc = ingest.read(_scanned_ruled_table(tmp_path / "log.pdf"))
    texts = [line.text for line in doc.pages[0].lines]
    assert doc.pages[0].ocr
    for action, owner, status in ROWS:
        assert f"{action} {owner} {status}" in texts


def test_short_rules_read_as_pipes_are_dropped_and_misread_bullets_put_back():
    tsv = _tsv([(1, 100, 100, "|"), (1, 140, 100, "Circulate"), (1, 400, 100, "minutes"), (1, 700, 100, "|KK"),
                (1, 800, 100, "|"), (1, 900, 100, "New|"), (1, 100, 200, "e"), (1, 140, 200, "The"),
                (1, 240, 200, "Group"), (1, 400, 200, "noted"), (1, 100, 300, "e"), (1, 140, 300, "mail")])
    lines = lines_from_tsv(tsv, 300 / 72, 595)
    assert [line.text for line in lines] == ["Circulate minutes KK New", "\u2022 The Group noted", "e mail"]
