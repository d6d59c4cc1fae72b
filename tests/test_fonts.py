"""Bold and italic from a PDF's fonts: read per line, kept through storage and re-extraction,
weighed by the learned decision (issue 11)."""
import shutil

import sqlite_utils
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from onrecord import ingest
from onrecord.cli import cli
from onrecord.nlp.blocks import blocks
from onrecord.nlp.candidates import candidates
from onrecord.reextract import _document

from .pdfs import make_pdf

RESTATED = ["Recommendation 1: The Council should publish its housing plan for the district,",
            "with the sites it proposes for new homes, and consult residents on it."]
ANSWER = ["The Council accepts this recommendation and will publish the plan in March",
          "2026, after it has consulted residents, parish councils and the public on",
          "the sites it proposes."]
ATTENDANCE = ["Sarah Hammond, the Corporate Director for Growth, was in attendance",
              "for this item and answered the questions of Members."]
BOTH = ["Members of the panel asked questions about the plan and its cost, and the",
        "Leader undertook to answer them in writing."]
LINES = ["Government response", "", *RESTATED, "", *ANSWER, "", *ATTENDANCE, "", *BOTH]
FONTS = {"Government response": "Helvetica-Bold", **dict.fromkeys(RESTATED, "Helvetica-Bold"),
         **dict.fromkeys(ATTENDANCE, "Helvetica-Oblique"), **dict.fromkeys(BOTH, "Times-BoldItalic")}


def styles(doc) -> dict[str, tuple]:
    return {line.text: (line.bold, line.italic) for page in doc.pages for line in page.lines if line.text}


def test_a_pdf_line_is_bold_or_italic_as_its_font(tmp_path):
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [LINES], fonts=FONTS), ocr="never")
    assert styles(doc) == {"Government response": (True, False), **dict.fromkeys(RESTATED, (True, False)),
                           **dict.fromkeys(ANSWER, (False, False)), **dict.fromkeys(ATTENDANCE, (False, True)),
                           **dict.fromkeys(BOTH, (True, True))}


def test_a_line_is_bold_when_most_of_its_letters_are(tmp_path):
    """A bold label before roman text leaves the line roman; roman before a long bold run, bold."""
    path = tmp_path / "mixed.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for y, runs in ((700, [("Helvetica-Bold", "Action 3:"), ("Helvetica", " the Clerk to write to the highways team.")]),
                    (680, [("Helvetica", "2."), ("Helvetica-Bold", " Draft Revenue Budget and Capital Programme")])):
        text = canvas.beginText(72, y)
        for font, run in runs:
            text.setFont(font, 11)
            text.textOut(run)
        canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    doc = ingest.read(path, ocr="never")
    assert [(line.bold, line.italic) for line in doc.pages[0].lines] == [(False, False), (True, False)]


def test_text_files_tell_no_style(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text("RESOLVED that the plan be approved.\n")
    assert styles(ingest.read(path)) == {"RESOLVED that the plan be approved.": (None, None)}


def test_a_candidate_weighs_its_paragraphs_font(tmp_path):
    doc = ingest.read(make_pdf(tmp_path / "response.pdf", [LINES], fonts=FONTS), ocr="never")
    found = {c.text.split()[0]: c for c in candidates(blocks(doc), [], "evidence", 1)}
    assert set(found) == {"The", "Sarah", "Members"}  # the restated recommendation's body, the others' sentence
    restated, answer = [c for c in candidates(blocks(doc), [], "evidence", 1) if c.text.startswith("The")]
    assert restated.style == ("bold",) and restated.features["bold"] == restated.features["bold&doc=evidence"] == 1.0
    assert "italic" not in restated.features
    assert answer.style == () and not {"bold", "italic"} & set(answer.features)
    assert found["Sarah"].features["italic&doc=evidence"] == 1.0 and "bold" not in found["Sarah"].features
    assert {"bold", "italic", "bold&doc=evidence", "italic&doc=evidence"} <= set(found["Members"].features)


NUMBERED = ["Response to the panel", "1. The Council should publish its housing plan for the district.",
            "2. The Council accepts this and will publish the plan in March 2026.",
            "3. The Director of Growth was in attendance for this item.",
            "4. Members asked questions about the plan and the Leader will answer them."]
NUMBERED_FONTS = {NUMBERED[0]: "Helvetica-Bold", NUMBERED[1]: "Helvetica-Bold", NUMBERED[3]: "Helvetica-Oblique",
                  NUMBERED[4]: "Times-BoldItalic"}


def test_reextraction_from_stored_pages_keeps_the_styles(tmp_path):
    """The file gone, its stored pages give the same lines, styles and candidates' features.

    Numbered paragraphs: a text page's line boxes are not stored, so paragraphs that only a
    wider gap parts run together when read from the stored pages, whatever their fonts."""
    folder = tmp_path / "papers"
    folder.mkdir()
    paper = make_pdf(folder / "response.pdf", [NUMBERED, NUMBERED[1:]], fonts=NUMBERED_FONTS)
    fresh = ingest.read(paper, ocr="never")
    db_path = tmp_path / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(db_path), "--silent", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    database = sqlite_utils.Database(db_path)
    assert [r["styles"] for r in database.query("select styles from pages order by page")] == [
        "[1,1,0,2,3]", "[1,0,2,3]"]  # by line: 1 bold, 2 italic
    shutil.rmtree(folder)
    stored, source = _document(database, fresh.id)
    assert source == "stored pages"
    assert [styles(page) for page in [stored]] == [styles(fresh)]

    def weighed(doc) -> list[tuple[str, list[str]]]:
        return [(c.text, sorted(k for k in c.features if k.startswith(("bold", "italic"))))
                for c in candidates(blocks(doc), [], doc.kind, len(doc.pages))]

    assert weighed(stored) == weighed(fresh)
    assert ("The Director of Growth was in attendance for this item.", ["italic", f"italic&doc={fresh.kind}"]) \
        in weighed(stored)
    items = sorted(database.execute("select kind, text, ref from items").fetchall())
    assert items
    database.execute("update documents set extractor = 'an-older-one'")
    database.execute("delete from items")
    database.conn.commit()
    result = CliRunner().invoke(cli, ["reextract", str(db_path)])
    assert result.exit_code == 0 and "(from the stored pages)" in result.output, result.output
    assert sorted(database.execute("select kind, text, ref from items").fetchall()) == items
