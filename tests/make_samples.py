"""Write the three synthetic meeting papers of fictional Northbridge City Council used by the
README demo and the tests.

Run from the repository root: `python tests/make_samples.py`; it writes them into samples/. The
output is byte-for-byte the same on every run (reportlab's invariant mode), so the committed PDFs
only change when this script does. It lives here, not in samples/, so that the folder holds papers
only: `onrecord ingest samples/` would record a .py file there as an unsupported format.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parents[1] / "samples"  # where the papers go
COUNCIL = "Northbridge City Council"
# A TrueType font that has the 'ﬁ' ligature glyph; the standard PDF fonts lack it.
LIGATURE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontName="Helvetica", fontSize=10.5,
                      leading=14, spaceAfter=6)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)
HEAD_CELL = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold")
TITLE = ParagraphStyle("title", parent=STYLES["Title"], fontName="Helvetica-Bold", fontSize=20,
                       leading=24, alignment=0, spaceAfter=10)
HEADING = ParagraphStyle("heading", parent=STYLES["Heading2"], fontName="Helvetica-Bold",
                         fontSize=13, leading=16, spaceBefore=8, spaceAfter=6)
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
])


def fi_ligature() -> str:
    """The 'ﬁ' ligature as printed by typesetting software, if a font for it is present."""
    if not LIGATURE_FONT.exists():
        return "fi"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(LIGATURE_FONT)))
    return '<font name="DejaVuSans">ﬁ</font>'


def running_page(header: str | None):
    """An onPage callback drawing the running header and a 'Page N' footer."""

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        if header:
            canvas.drawString(20 * mm, A4[1] - 12 * mm, header)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def build(path: Path, story: list, header: str | None, title: str | None = None) -> Path:
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, invariant=1, title=title or "", author="",
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
    )
    draw = running_page(header)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return path


def grid_table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    cells = [[Paragraph(text, HEAD_CELL) for text in header]]
    cells += [[Paragraph(text, CELL) for text in row] for row in rows]
    table = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(GRID)
    return table


RECOMMENDATIONS = [
    [
        (
            "<b>R1</b> That the Council publishes a delivery plan for the 1,200 affordable homes "
            "promised in the Local Plan, with yearly milestones for each of the four growth "
            "areas, and reports progress to this committee every six months."
        ),
        "Cabinet Member for Housing",
        "March 2026",
    ],
    [
        (
            "<b>R2</b> That the repairs backlog in council homes is cleared, starting with damp "
            "and mould cases affecting children and older residents, and that tenants are told "
            "the date of their repair within ten working days of reporting it."
        ),
        "Director of Place",
        "Q3 2026",
    ],
    [
        (
            "<b>R3</b> That a single point of contact is created for tenants in temporary "
            "accommodation, so that each household has one named officer who follows its case "
            "from the first night until it is settled in a permanent home."
        ),
        "Head of Housing Services",
        "2026/27",
    ],
    [
        (
            "<b>R4</b> That the Council works with the three largest housing associations in the "
            "city to agree common standards for responding to complaints, and publishes their "
            "performance against those standards on its website each quarter."
        ),
        "Cabinet Member for Housing and Director of Place",
        "September 2026",
    ],
    [
        (
            "<b>R5</b> That the allocations policy is reviewed to give greater priority to care "
            "leavers and to households overcrowded by two or more bedrooms, after consultation "
            "with tenants' groups and the Youth Council."
        ),
        "Director of Place",
        "31 December 2026",
    ],
    [
        (
            "<b>R6</b> That this committee receives a progress report on every recommendation of "
            "this review at each of its meetings until all of them are complete."
        ),
        "Chair of the Housing Scrutiny Committee",
        "Ongoing",
    ],
]


def scrutiny_review(out: Path) -> Path:
    fi = fi_ligature()
    story = [
        Paragraph(COUNCIL, HEADING),
        Paragraph("Housing Scrutiny Review", TITLE),
        Paragraph("Report of the Housing Scrutiny Committee", HEADING),
        Paragraph("Published 12 January 2026", BODY),
        Paragraph("Summary", HEADING),
        Paragraph(
            "Members of the Housing Scrutiny Committee spent six months looking at how the "
            "Council plans, builds and looks after homes in Northbridge. We heard from tenants, "
            "housing associations, councillors and officers, and visited estates in all four "
            "growth areas of the city.", BODY),
        Paragraph(
            f"Our main {fi}nding is that the Council has good plans but weak follow-through: "
            "promises made in the Local Plan are not tracked, and residents cannot see what "
            "has been done. The committee therefore asks the Cabinet to support the imple-<br/>"
            "mentation of the six recommendations set out in section 2 of this report.", BODY),
        Paragraph(
            "The review was carried out between April and September 2025. A full list of the "
            "witnesses and the evidence they gave is available from Democratic Services on "
            "request.", BODY),
        PageBreak(),
        Paragraph("2 Summary of Recommendations", HEADING),
        Paragraph(
            "The table below sets out each recommendation, the member or officer responsible "
            "for it and the date by which it should be complete. The committee will review "
            "progress against this table at each of its meetings.", BODY),
        Spacer(1, 120 * mm),
        grid_table(["Recommendation", "Responsibility", "Completion Date"], RECOMMENDATIONS,
                   [105, 40, 25]),
        Spacer(1, 6 * mm),
        Paragraph("The committee thanks everyone who gave evidence to the review.", BODY),
    ]
    return build(out / "scrutiny-review-2025.pdf", story,
                 header=f"{COUNCIL} – Housing Scrutiny Review", title="Housing Scrutiny Review")


def cabinet_minutes(out: Path) -> Path:
    paragraphs = [
        ("title", COUNCIL),
        ("heading", "Cabinet"),
        ("body", (
            "Minutes of the meeting of the Cabinet held on 3 February 2026 at the Civic "
            "Centre, Northbridge."
        )),
        ("body", (
            "<b>Present:</b> Councillor A Patel (Leader, in the Chair), Councillors "
            "B Okafor, C Lindqvist, D Hughes and E Moreno."
        )),
        ("body", "<b>Apologies:</b> Councillor F Grant."),
        ("body", (
            "<b>In attendance:</b> Chief Executive, Director of Place, Head of Democratic "
            "Services (J Smith)."
        )),
        ("heading", "1. Declarations of interest"),
        ("body", "There were no declarations of interest."),
        ("heading", "2. Minutes of the previous meeting"),
        ("body", (
            "RESOLVED: That the minutes of the meeting held on 6 January 2026 be "
            "confirmed."
        )),
        ("heading", "3. Housing Allocations Policy"),
        ("body", (
            "The Cabinet Member for Housing introduced the revised policy, which follows "
            "the recommendations of the Housing Scrutiny Review. Members welcomed the "
            "greater priority given to care leavers."
        )),
        ("body", "RESOLVED: That the Housing Allocations Policy be approved."),
        ("break", ""),
        ("heading", "4. Repairs backlog"),
        ("body", (
            "Members asked why more than 900 repairs were still outstanding after "
            "twelve weeks."
        )),
        ("body", (
            "Action: Director of Place to report back on the repairs backlog by "
            "31 March 2026."
        )),
        ("heading", "5. Forward plan"),
        ("body", "The forward plan for the next four months was noted."),
        ("body", "Action: JS to circulate the revised timetable (Head of Democratic Services)"),
        ("heading", "6. Letter to Government"),
        ("body", (
            "Agreed that the Chief Executive will write to the Secretary of State by the end "
            "of February 2026."
        )),
        ("body", "The meeting closed at 8.15 pm."),
    ]
    styles = {"title": TITLE, "heading": HEADING, "body": BODY}
    story = [PageBreak() if kind == "break" else Paragraph(text, styles[kind])
             for kind, text in paragraphs]
    return build(out / "cabinet-minutes-2026-02-03.pdf", story, header=None)


ACTIONS = [
    ["A1", "Publish the affordable homes delivery plan on the Council website.",
     "Cabinet Member for Housing", "31 March 2026", "On track"],
    ["A2", "Report the number of damp and mould cases outstanding for more than 28 days.",
     "Director of Place", "February 2026", "Complete"],
    ["A3", "Write to the three largest housing associations about complaint standards.",
     "Chief Executive", "End of February 2026", "Not started"],
    ["A4", ("Arrange a visit to the temporary accommodation at Station Road for members of "
            "the committee and the Youth Council."),
     "Head of Democratic Services", "Q2 2026", "Ongoing"],
    ["A5", "Circulate the revised timetable for the allocations policy consultation.",
     "JS", "Next meeting", "Complete"],
]


def action_log(out: Path) -> Path:
    story = [
        Paragraph(COUNCIL, HEADING),
        Paragraph("Housing Scrutiny Committee – Action Log", TITLE),
        Paragraph("Action log as at 20 January 2026", HEADING),
        Paragraph("Actions agreed at meetings of the committee and their status.", BODY),
        grid_table(["Ref", "Action", "Owner", "Deadline", "Status"], ACTIONS,
                   [12, 70, 38, 28, 22]),
    ]
    return build(out / "action-log-2026.pdf", story, header=None)


def make_all(out: Path = HERE) -> list[Path]:
    """Write the samples into the folder `out`; return their paths."""
    return [make(out) for make in (scrutiny_review, cabinet_minutes, action_log)]


def main() -> None:
    for path in make_all():
        print(path)


if __name__ == "__main__":
    main()
