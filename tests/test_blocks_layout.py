"""Paragraphs where the page's layout, not its words, says where they begin and end: a response's
table that sets text side by side, or any paper's whose table heads a column of answers."""
from onrecord.ingest.model import Document, Line, Page, Table
from onrecord.nlp.blocks import blocks


def _doc(*pages: Page, kind: str = "evidence") -> Document:
    return Document(path="t.pdf", id="2" * 64, format="pdf", pages=list(pages), kind=kind)


# "Issue raised | Response", two rows: read line by line, the cells' words interleave
_ROWS = [
    ["Feedback", "Draft response"],
    ["The centre is local and many could not go elsewhere.",
     ("It is acknowledged that the centre is accessible. As a result of this feedback, the Council will "
      "provide bus tickets for those who cannot afford the fare.")],
]
_LINES = [
    Line("Feedback Draft response", (72, 100, 500, 110)),
    Line("The centre is local and many It is acknowledged that the centre", (72, 120, 500, 130)),
    Line("could not go elsewhere. is accessible. As a result of this", (72, 132, 500, 142)),
    Line("feedback, the Council will provide bus", (280, 144, 500, 154)),
    Line("tickets for those who cannot afford the fare.", (280, 156, 500, 166)),
    Line("Section 2", (72, 300, 130, 310)),
]


def test_a_side_by_side_table_is_read_cell_by_cell():
    table = Table(rows=_ROWS, bbox=(70, 98, 502, 170), row_bboxes=[(70, 98, 502, 112), (70, 118, 502, 170)])
    found = [b.text for b in blocks(_doc(Page(number=1, lines=_LINES, tables=[table])))]
    assert _ROWS[1][1] in found  # the answer whole, its promise a sentence of its own
    assert not any("many It is" in text for text in found)
    assert found[-1] == "Section 2"  # the lines outside the table as before
    # and its run on the next page, with no header, the same way
    more = Table(rows=_ROWS[1:] * 2, bbox=(70, 98, 502, 170), row_bboxes=[(70, 98, 502, 130), (70, 130, 502, 170)])
    pages = _doc(Page(number=1, lines=_LINES, tables=[table]), Page(number=2, lines=_LINES[1:5], tables=[more]))
    assert [b.text for b in blocks(pages)].count(_ROWS[1][1]) == 3


def test_a_report_s_table_is_read_by_lines():
    # text side by side under headings that name no answers ("Feedback | Comment"): a report's own table
    table = Table(rows=[["Feedback", "Comment"], *_ROWS[1:]], bbox=(70, 98, 502, 170), row_bboxes=[(70, 98, 502, 112), (70, 118, 502, 170)])
    found = [b.text for b in blocks(_doc(Page(number=1, lines=_LINES, tables=[table]), kind="report"))]
    assert any("many It is" in text for text in found)


def test_a_box_ruled_round_prose_is_read_by_lines():
    # one stray rule splits one line into two cells: that is no table of text side by side
    rows = [["The conclusions of this review are due to be published in 2025.", "All findings will"],
            ["inform the health plan.", ""]]
    lines = [Line("The conclusions of this review are due to be published in 2025. All findings will", (72, 72, 517, 84)),
             Line("inform the health plan.", (72, 88, 200, 100))]
    table = Table(rows=rows, bbox=(72, 70, 523, 102), row_bboxes=[(72, 70, 523, 86), (72, 86, 523, 102)])
    found = [b.text for b in blocks(_doc(Page(number=1, lines=lines, tables=[table])))]
    assert found == [("The conclusions of this review are due to be published in 2025. All findings will "
                      "inform the health plan.")]


def test_a_report_whose_table_heads_a_column_of_answers_is_read_cell_by_cell():
    # "Issue raised | Response": a supplementary paper answers a committee's questions beside them
    rows = [["Issue raised", "Response"], *_ROWS[1:]]
    table = Table(rows=rows, bbox=(70, 98, 502, 170), row_bboxes=[(70, 98, 502, 112), (70, 118, 502, 170)])
    found = [b.text for b in blocks(_doc(Page(number=1, lines=_LINES, tables=[table]), kind="report"))]
    assert _ROWS[1][1] in found
    assert not any("many It is" in text for text in found)


_CUT = ("A procurement for a debris removal mission is under way, and a single supplier will be selected to "
        "deliver the contract, with the mission targeted for launch by the end of 2028.")


def _cut_by_a_note(*note: Line) -> list[str]:
    """The blocks of two pages whose paragraph "... will be selected to deliver the" goes on at the
    second page's top ("contract, ..."), with the given lines at the first page's foot."""
    first = [Line("The Agency buys services under contract and pilots a new programme this year.", (72, 100, 500, 113)),
             Line(""),
             Line("A procurement for a debris removal mission is under way, and a single", (72, 140, 500, 153)),
             Line("supplier will be selected to deliver the", (72, 154, 400, 167)),
             *note]
    second = [Line("contract, with the mission targeted for launch by the end of 2028.", (72, 75, 500, 88)),
              Line(""),
              Line("The Agency will publish its annual data in the spring.", (72, 120, 500, 133))]
    return [b.text for b in blocks(_doc(Page(number=1, width=595, height=842, lines=first),
                                        Page(number=2, width=595, height=842, lines=second), kind="report"))]


def test_a_paragraph_goes_on_past_the_footnotes_at_its_page_foot():
    # "... will be selected to deliver the" / footnote "7 Find a Tender notice" / page 2 "contract, ..."
    found = _cut_by_a_note(Line("7 Debris Removal Phase 3 Research and Development Service - Find a Tender",
                                (72, 760, 480, 769)))
    assert _CUT in found
    assert not any("Find a Tender" in text for text in found)  # the footnote is not a paragraph


def test_a_paragraph_goes_on_past_a_note_set_as_large_as_the_text():
    # a note no smaller than the text is kept, but the paragraph above it goes on at the next page's top
    found = _cut_by_a_note(Line(""), Line("7 Debris Removal Phase 3 Research and Development Service - Find a Tender",
                                          (72, 760, 480, 773)))
    assert _CUT in found
    assert "7 Debris Removal Phase 3 Research and Development Service - Find a Tender" in found


def test_a_numbered_line_right_under_a_paragraph_is_not_a_note():
    # "... the Prime Minister," / "10 Downing Street ...": the next line, not a note set apart
    first = [Line("When the pandemic took hold, it was, in practice, the Prime Minister,", (72, 700, 500, 713)),
             Line("10 Downing Street and the Cabinet Office that took the lead for", (72, 714, 500, 727))]
    second = [Line("the whole of the government.", (72, 75, 500, 88))]
    found = [b.text for b in blocks(_doc(Page(number=1, width=595, height=842, lines=first),
                                         Page(number=2, width=595, height=842, lines=second), kind="report"))]
    assert not any(text.endswith("Prime Minister, the whole of the government.") for text in found)
