"""page_chars without white space's boxes: the glyphs' boxes and the words are as with them."""
from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium

from onrecord.ingest.chars import code_points, is_white, page_chars, words_from_chars


def test_glyph_boxes_and_words_are_the_same_without_white_space_boxes(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "two lines.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.drawString(72, 700, "The council should publish its plan by March 2027.")
    canvas.drawString(72, 680, "Officers  will   report back.")
    canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        left, _, _, top = page.get_bbox()
        textpage = page.get_textpage()
        text, boxes = page_chars(textpage, left, top)
        bare_text, bare = page_chars(textpage, left, top, white=False)
    finally:
        pdf.close()
    white = is_white(code_points(text))
    assert bare_text == text and white.any()
    assert np.array_equal(bare[~white], boxes[~white])
    assert not np.array_equal(bare[white], boxes[white])  # pdfium was not asked for them
    assert words_from_chars(bare_text, bare) == words_from_chars(text, boxes)
    assert [w["text"] for w in words_from_chars(text, boxes)][:3] == ["The", "council", "should"]
