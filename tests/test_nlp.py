"""The nlp stage alone: Documents built in the test, items out."""
from datetime import date

import pytest

from onrecord import nlp
from onrecord.ingest.model import Document, Line, Page, Table
from onrecord.nlp.addressees import owners_of
from onrecord.nlp.dates import find_due
from onrecord.nlp.merge import merge
from onrecord.nlp.model import Item
from onrecord.nlp.owners import addressee, canonical, split_owners
from onrecord.nlp.parse import model as parse_model
from onrecord.nlp.promisers import promisers
from onrecord.nlp.tables import header

REF = date(2014, 2, 14)
# owners and promisers read by spaCy's parse: without its English model they answer None
needs_model = pytest.mark.skipif(parse_model() is None, reason="no spaCy model installed")


def document(lines: list[str], tables: list[Table] | None = None, kind: str = "report") -> Document:
    page = Page(number=1, lines=[Line(text) for text in lines], tables=tables or [])
    return Document(path="t.txt", id="0" * 64, format="txt", pages=[page], kind=kind)


@pytest.mark.parametrize(
    "text,due,iso",
    [
        ("Chairman of BSP January 2006", "January 2006", "2006-01"),
        ("Q3 2025", "Q3 2025", "2025-09"),
        ("2024/25", "2024/25", "2025-03"),
        ("11.01.11", "11.01.11", "2011-01-11"),
        ("Late Spring 2011", "Late Spring 2011", "2011"),
        ("by the end of 2025", "the end of 2025", "2025"),
        ("Monthly ongoing", "ongoing", None),
        ("by 28 February 2014", "28 February 2014", "2014-02-28"),
        ("Dec. 31, 2021", "Dec. 31, 2021", "2021-12-31"),
        ("Mar-2011", "Mar-2011", "2011-03"),
        ("within six months", "within six months", "2014-08"),
        ("by the end of March", "end of March", "2014-03"),
        ("Commissioning Plan 2025-29", "", None),
        ("31 March 2026 or 30 June 2026", "30 June 2026", "2026-06-30"),
        ("23-Mar", "23-Mar", "2014-03-23"),
        ("23-Mar-2011", "23-Mar-2011", "2011-03-23"),
        ("late January", "late January", "2014-01"),
    ],
)
def test_find_due(text, due, iso):
    assert find_due(text, REF) == (due, iso)


def test_relative_date_without_reference_has_no_iso():
    assert find_due("within 12 months") == ("within 12 months", None)


@pytest.mark.parametrize(
    "text,owners",
    [
        ("MoJ and HO", ["MoJ", "HO"]),
        ("KK/HS", ["KK", "HS"]),
        ("Chairman of BSP January 2006", ["Chairman of BSP"]),
        ("HM Government and/or the Department", ["HM Government", "the Department"]),
        ("Department for Work and Pensions", ["Department for Work and Pensions"]),
        ("Department for Environment, Food and Rural Affairs and DfT", ["Department for Environment, Food and Rural Affairs", "DfT"]),
        ("A task and finish group", ["A task and finish group"]),
        ("Director of Finance and Director of Law", ["Director of Finance", "Director of Law"]),
        # a post after "and" is another party, not the rest of a name
        ("Cabinet Member for Housing and Director of Place", ["Cabinet Member for Housing", "Director of Place"]),
        ("Cabinet Member for Adult Social Care and Public Health", ["Cabinet Member for Adult Social Care and Public Health"]),
        ("", []),
    ],
)
def test_split_owners(text, owners):
    assert split_owners(text) == owners


@pytest.mark.parametrize(
    "sentence,who",
    [
        ("The city council should facilitate the creation of a group.", "The city council"),
        ("In order to prepare, the BSP should establish a group.", "the BSP"),
        ("This should include an annual report.", None),
        ("WM to circulate document describing data sets.", "WM"),
        ("There is a lack of research.", None),
    ],
)
def test_addressee(sentence, who):
    assert addressee(sentence) == who


@pytest.mark.parametrize(
    "printed,name",
    [("the Government", "HM Government"), ("UK government", "HM Government"), ("the BSP", "BSP")],
)
def test_canonical(printed, name):
    assert canonical(printed) == name


def test_canonical_expands_acronym_defined_in_paper():
    assert canonical("BSP", {"BSP": "Birmingham Strategic Partnership"}) == "Birmingham Strategic Partnership"


@pytest.mark.parametrize(
    "row,roles",
    [
        (["Recommendation", "Responsibility", "Completion Date"], ("recommendation", 0, 1, 2)),
        (["Ref", "Action", "Owner", "Deadline", "Status"], ("action", 1, 2, 3)),
        (["Theme", "Response"], None),
        # a header repeated for the log's second part: not an action of its own
        (["Meeting date & action number", "Actions completed", "Deadline", "Progress"], ("action", 1, None, 2)),
    ],
)
def test_header(row, roles):
    columns = header(row)
    if roles is None:
        assert columns is None
    else:
        assert (columns.kind, columns.item, columns.owner, columns.due) == roles


def test_table_rows_become_items_and_continue_without_header():
    first = Table(rows=[
        ["Recommendation", "Responsibility", "Completion Date"],
        ["R1", "That a report is produced by the Board.", "Chairman of BSP January 2006"],
        ["R2", "The BSP should establish an implementation group and", "The Leader of the Council", "October 2005"],
    ])
    second = Table(rows=[["", "report to the Board quarterly.", "", ""], ["R3", "The BSP should publish its minutes.", "Chairman of BSP", "Q1 2006"]])
    doc = document([], [first])
    doc.pages.append(Page(number=2, tables=[second]))
    items = nlp.extract(doc)
    assert [(i.ref, i.owners, i.due_date, i.page) for i in items] == [
        ("R1", ["Chairman of BSP"], "2006-01", 1),
        ("R2", ["The Leader of the Council"], "2005-10", 1),
        ("R3", ["Chairman of BSP"], "2006-03", 2),
    ]
    assert items[1].text.endswith("report to the Board quarterly.")


def test_recommendation_in_table_and_body_is_one_item():
    table = Table(rows=[["Recommendation", "Responsibility"], ["R1", "The Council should publish a plan.", "Leader"]])
    doc = document(["R1 The Council should publish a plan, by March 2026.", "", "Other text."], [table])
    items = nlp.extract(doc)
    assert len(items) == 1
    assert items[0].owners == ["Leader"] and items[0].due_date == "2026-03"


@pytest.mark.parametrize(
    "lines,kind,expected",
    [
        (["Recommendation 8: The council should review its budget."], "report", [("recommendation", "8")]),
        (["R2 That a report is produced by the Board."], "report", [("recommendation", "R2")]),
        (["Summary of recommendations", "", "4.1 The Government should fund research."], "report", [("recommendation", "4.1")]),
        (["Conclusions", "", "4.1 The Government should be proud of this."], "report", []),
        # the chair reasoning in his own voice, in a chapter of conclusions and recommendations
        (["Conclusions and recommendations", "", "6.73 In my view, the measures should be seen as a package."],
         "report", []),
        (["Conclusions and recommendations", "", "6.74 The Department should fund legal advice for claimants."],
         "report", [("recommendation", "6.74")]),
        (["The Committee recommends that the Council adopts the plan."], "report", [("recommendation", "")]),
        (["8.13. We recommend further that the Government should fund the inventory."], "evidence",
         [("recommendation", "8.13")]),
        (["RESOLVED: That the Housing Policy be approved."], "minutes", [("decision", "")]),
        (["RESOLVED that the minutes of the meeting be confirmed as a correct record."], "minutes", []),
        (["Action: WM to circulate document describing data sets."], "minutes", [("action", "")]),
        (["The weather was fine and nothing should be done."], "report", []),
        # "could call on" tells what someone was able to do; "calls on" asks
        (["2.39 Each adviser could call on the capabilities of the department, the Inquiry heard."], "report", []),
        (["2.40 The Inquiry calls on the Government to publish the advice."], "report", [("recommendation", "2.40")]),
        (["Summary of recommendations", "", ("8.2 To address this, the Government will need both to evaluate "
          "its interventions and to fund applied research.")], "report", [("recommendation", "8.2")]),
        # a response restates the committee's numbered paragraphs: those that ask are recommendations
        (["Recommendations", "", "8.13 We recommend that the Department should publish the inventory.", "",
          "8.14 In general, the evidence supports the conclusion that measures in isolation fail."],
         "evidence", [("recommendation", "8.13")]),
        (["Recommendations", "", ("8.32 We recommend that the Government (a) establish targets for cutting "
          "emissions; (b) publish an estimate of the reduction; and (c) set out the steps they will take.")],
         "report", [("recommendation", "8.32(a)"), ("recommendation", "8.32(b)"), ("recommendation", "8.32(c)")]),
    ],
)
def test_prose_rules(lines, kind, expected):
    items = nlp.extract(document(lines, kind=kind))
    assert [(i.kind, i.ref) for i in items] == expected


@pytest.mark.parametrize(
    "cell,due,iso",
    [
        ("June update", "June", "2014-06"),
        ("May Transparency Board", "May", "2014-05"),
        ("Mid Feb for initial engagement. March Board for presentation", "March", "2014-03"),
        ("23 March", "23 March", "2014-03-23"),
        ("Maybe later", "", None),
    ],
)
def test_deadline_cell_reads_bare_months_latest_first(cell, due, iso):
    from onrecord.nlp.dates import cell_due

    assert cell_due(cell, REF) == (due, iso)


RESTATED = [
    "Recommendation 4: A UK-wide civil emergency strategy",
    "The UK government should together introduce a civil emergency strategy to prevent each emergency.",
    "As a minimum, the strategy should:",
    "A. be adaptable;",
    "B. include sections dedicated to each potential civil emergency;",
    "The strategy should be reassessed at least every three years.",
    "Since the pandemic, significant changes have been made to the way the UK handles crises.",
    "Recommendation 2: Cabinet Office leadership for emergencies",
    "The UK government should:",
    "● abolish the lead government department model; and",
    "● require the Cabinet Office to lead, escalating issues to the group in",
    "Recommendation 1.",
    "The government agrees with the need for a greater Cabinet Office role.",
]


def test_restated_recommendation_with_lettered_points_and_bulleted_lead_in():
    # one paragraph a line, except the bullet that wraps onto "Recommendation 1."
    lines = [x for line in RESTATED for x in ((line,) if line.endswith(" in") else (line, ""))]
    items = [i for i in nlp.extract(document(lines, kind="evidence")) if i.kind == "recommendation"]
    assert [i.ref for i in items] == ["4", "4A", "4B", "2"]
    four, a, _, two = items
    # the lettered points are items of their own, with the lead-in; the text after them is the parent's
    assert a.text == "As a minimum, the strategy should: be adaptable;"
    assert four.text.endswith("reassessed at least every three years.")
    assert "Since the pandemic" not in four.text  # explanation, not the recommendation
    assert a.owners == four.owners == ["The UK government"]
    # "The UK government should:" is a lead-in, not a heading; "Recommendation 1." runs on
    assert two.text.startswith("The UK government should: abolish")
    assert two.text.endswith("to the group in Recommendation 1.")


def test_lettered_sub_items_replace_their_lead_in():
    lines = ["3. RESOLVED that Cabinet agree to:", "a) Adopt the Integrated Care Strategy Delivery Plan.",
             "b) Delegate authority to the Director of Public Health."]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [i.ref for i in items] == ["3(a)", "3(b)"]


def test_action_owner_in_trailing_brackets_and_due():
    items = nlp.extract(document(["Action: Circulate the data strategy by 28 February 2014 (Olivia Burman)"], kind="minutes"))
    assert items[0].owners == ["Olivia Burman"]
    assert items[0].due_date == "2014-02-28"


def test_lead_in_sets_ref_and_owner():
    lines = ["Recommendation eight of the Review could hardly be clearer:", "",
             "The city council should facilitate the creation of a new group.", "",
             "Kerslake urges the council to develop a:", "",
             "simplified planning framework which should flow from the City Plan."]
    items = nlp.extract(document(lines, kind="other"))
    assert [(i.ref, i.owners) for i in items] == [("8", ["The city council"]), ("", ["the council"])]


@pytest.mark.parametrize("a,b", [("4A", "4E"), ("4(a)", "4(b)"), ("12a", "12b")])
def test_merge_keeps_sub_items_with_shared_lead_in_apart(a, b):
    lead = "As a minimum, the strategy should:"
    items = [Item(kind="recommendation", text=f"{lead} be adaptable;", ref=a),
             Item(kind="recommendation", text=f"{lead} identify the key issues and set out responses;", ref=b)]
    assert len(merge(items)) == 2


def test_merge_keeps_fullest_text_and_first_owner():
    a = Item(kind="recommendation", text="The Council should publish a plan.", ref="R1", owners=["Leader"])
    b = Item(kind="recommendation", text="The Council should publish a plan for housing in 2026.", ref="R1", due_date="2026")
    merged = merge([a, b])
    assert len(merged) == 1
    assert merged[0].text.endswith("2026.") and merged[0].owners == ["Leader"] and merged[0].due_date == "2026"


def test_merged_copies_keep_the_owners_the_other_copy_adds_to_the_fuller_ones():
    # a copy whose sentence runs on from a heading may read fewer parties than the other
    a = Item(kind="recommendation", text="The UK government and the devolved administrations should hold an exercise.",
             ref="6", owners=["The UK government", "the devolved administrations"])
    b = Item(kind="recommendation", text=("A regular exercise The UK government and the devolved administrations "
                                          "should hold an exercise."), ref="6", owners=["the devolved administrations"])
    assert merge([a, b])[0].owners == ["the devolved administrations", "The UK government"]
    # the same party printed twice, or by the acronym the paper defines, is one owner
    c = Item(kind="recommendation", text="The DfT should fund research on car use.", ref="8", owners=["The DfT"])
    d = Item(kind="recommendation", text="The Department for Transport should fund research on car use now.", ref="8",
             owners=["the Department for Transport"])
    assert merge([c, d], {"DfT": "Department for Transport"})[0].owners == ["the Department for Transport"]
    # a copy that reads other parties only does not add them to the fuller copy's
    e = Item(kind="recommendation", text="Ministers should act on the review.", ref="9", owners=["Ministers"])
    f = Item(kind="recommendation", text="Ministers should act on the review now.", ref="9", owners=["the Cabinet Office"])
    assert merge([e, f])[0].owners == ["the Cabinet Office"]


def test_a_merged_recommendation_keeps_the_ref_printed_beside_the_text_it_keeps():
    # paragraph 4.32 of a chapter, and again as recommendation 8.9 of the summary, which cites it
    def copies(summary_ref: str) -> list[Item]:
        text = "We recommend that the Cabinet Secretary should take steps to train civil servants"
        return [Item(kind="recommendation", ref="4.32", page=40, text=f"{text}."),
                Item(kind="recommendation", ref=summary_ref, page=68, text=f"{text} (paragraph 4.32).")]

    assert [(m.ref, m.page) for m in merge(copies("8.9"))] == [("8.9", 68)]
    # a copy with no ref of its own takes the other's
    assert [(m.ref, m.page) for m in merge(copies(""))] == [("4.32", 68)]


def pdf_like(lines: list[tuple[str, float]], kind: str = "minutes", title: str | None = None) -> Document:
    """A one-page document whose lines carry boxes, top to bottom at the given y."""
    page = Page(number=1, lines=[Line(text, (72.0, y, 400.0, y + 10)) for text, y in lines])
    return Document(path="t.pdf", id="1" * 64, format="pdf", pages=[page], kind=kind, title=title)


def test_action_log_rows_take_status_heading_owner_and_default_due():
    doc = pdf_like([
        ("ODUG Action Log – 14 May 2013", 70), ("- All actions for next meeting unless otherwise stated", 85),
        ("Secretariat", 100), ("Circulate minutes and actions from the last meeting New", 115),
        ("Publish the note of the meeting on data.gov.uk New", 130),
        ("National Address Dataset – Lead HS/BB", 145),
        ("Investigate with local authorities where they are trying to Ongoing", 160),
        ("use the PAF, but having difficulties", 175),
        ("Clarify the list of postcodes in the public record Carried", 190), ("forward", 205),
        ("Minister to write to Charity Commission New", 220),
        ("Plan the recruitment campaign for members at the end of April Completed", 235),
    ])
    doc.meeting_date = "2013-05-14"
    items = nlp.extract(doc)
    assert [(i.text[:20], i.owners, i.status) for i in items] == [
        ("Circulate minutes an", ["Secretariat"], "New"),
        ("Publish the note of ", ["Secretariat"], "New"),
        ("Investigate with loc", ["HS", "BB"], "Ongoing"),
        ("Clarify the list of ", ["HS", "BB"], "Carried"),
        ("Minister to write to", ["HS", "BB", "Minister"], "New"),
        ("Plan the recruitment", ["HS", "BB"], "Completed"),
    ]
    assert items[2].text.endswith("having difficulties")
    assert items[0].due == "next meeting" and items[0].due_date is None
    assert items[-1].due_date == "2013-04"


def test_an_action_logs_owner_column_is_read_on_the_line_that_holds_the_status():
    doc = pdf_like([
        ("ODUG Action Log – 19 July 2013", 70), ("Secretariat", 85),
        ("Circulate minutes and actions from the last meeting KK New", 100),
        ("Publish the note of the meeting on data.gov.uk KK New", 108),
        ("DVLA", 115), ("Refine benefits case in light of ODUG comments JTe New", 130),
        ("Correspond with relevant departments to resolve issues with GS New", 145),
        ("current OS restrictions", 160),
        ("ODUG members to email HS with suggestions on how the budget could be spent, All New", 170),
        ("explaining what it will achieve", 172),
        ("In August, collate, assess and publish applications, select HS/KK New", 175),
        ("membership. Send list for approval to MCO.", 190),
    ])
    items = nlp.extract(doc)
    assert [(i.text, i.owners) for i in items] == [
        ("Circulate minutes and actions from the last meeting", ["KK"]),
        ("Publish the note of the meeting on data.gov.uk", ["KK"]),
        ("Refine benefits case in light of ODUG comments", ["JTe"]),
        ("Correspond with relevant departments to resolve issues with current OS restrictions", ["GS"]),
        # the column's "All" is every member: the subject adds no one
        ("ODUG members to email HS with suggestions on how the budget could be spent, explaining what it will achieve",
         ["All"]),
        ("In August, collate, assess and publish applications, select membership. Send list for approval to MCO.",
         ["HS", "KK"]),
    ]


def test_response_restates_recommendation_and_answer_promises_are_commitments():
    lines = ["Hol Inquiry Recommendation", "",
             "8.5. We urge ministers to consult their departmental Chief Scientific Advisers.", "",
             "The Government agrees with the Committee's conclusion.", "",
             "The Department for Transport will publish a revised evaluation framework by March 2012.", "",
             "These bodies will help commissioners to know which programmes work.", "",
             "We will consult on accreditation bodies for public services."]
    doc = document(lines, kind="evidence")
    doc.title = "Government Response to the Select Committee Report"
    doc.published_date = "2011-07-01"
    items = nlp.extract(doc)
    assert [(i.kind, i.ref, i.owners, i.due_date) for i in items] == [
        ("recommendation", "8.5", ["ministers"], None),
        ("commitment", "", ["The Department for Transport"], "2012-03"),
        ("commitment", "", ["Government"], None),
    ]


def test_recommendation_title_then_its_text():
    lines = ["On 18 July 2024, the Inquiry published its Module 1 report.", "",
             "Recommendation 1: A simplified structure for resilience", "",
             "The governments of the UK and Wales should each simplify their structures.", "",
             "This should be put in place within 12 months of the publication of this Report.", "",
             "The government agrees that clear governance is needed."]
    doc = document(lines, kind="evidence")
    doc.published_date = "2025-01-16"  # "this Report" is the report's: counted from its date
    items = nlp.extract(doc)
    assert len(items) == 1
    assert items[0].ref == "1" and items[0].text.startswith("The governments of the UK and Wales")
    assert items[0].owners == ["The governments of the UK and Wales"]
    assert items[0].due_date == "2025-07"


def test_an_answer_that_sees_the_need_to_go_further_is_not_part_of_the_recommendation():
    lines = ["Recommendation 10: An independent body", "",
             "The UK government should create a statutory independent body for civil emergencies.", "",
             ("The government recognises the need to go further. This government is committed to "
              "strengthening local partnerships.")]
    items = nlp.extract(document(lines, kind="evidence"))
    assert [i.kind for i in items][:1] == ["recommendation"]
    assert "the need to go further" not in items[0].text
    if parse_model() is not None:
        assert [(i.kind, i.owners) for i in items[1:]] == [("commitment", ["This government"])]


@pytest.mark.parametrize("sentence,promised", [
    ("The forthcoming pandemic exercise will use a red team to challenge the plans.", True),
    ("The new rules will help people to plan for emergencies.", False),  # an effect, not an act
    ("The weather will be warmer in the south next year.", False),
])
@needs_model
def test_a_thing_that_will_act_in_a_response_is_a_promise_by_no_party_named(sentence, promised):
    # a promise that names no party is the responder's (annotators a, b and c give the responding party)
    items = nlp.extract(document(["The government accepts this recommendation.", "", sentence], kind="evidence"))
    assert [(i.kind, i.owners) for i in items] == ([("commitment", ["The government"])] if promised else [])


def test_a_bare_recommendation_label_takes_the_paragraph_after_it_as_its_text():
    lines = ["Recommendation 3", "",
             "Rather than producing a new strategy, the Government should focus on delivering the current one.", "",
             "We will be setting out our approach in the spring space publication.", "",
             "Recommendation 4", ""]
    items = nlp.extract(document(lines, kind="evidence"))
    assert [(i.kind, i.ref, i.text[:30]) for i in items][:1] == [
        ("recommendation", "3", "Rather than producing a new st")]
    assert all(i.text for i in items)  # "Recommendation 4" with nothing after it is not an item


def test_a_bare_label_takes_its_text_even_in_the_committees_we():
    lines = ["Recommendation 16", "", ("We note that other committees have reported on the funding gap. The Government "
             "should set out how it will close it."), "", "The Government recognises the vital role of these firms."]
    items = nlp.extract(document(lines, kind="evidence"))
    assert [(i.ref, i.text[:12]) for i in items if i.kind == "recommendation"] == [("16", "We note that")]


def test_numbered_paragraphs_a_response_answers_are_its_restated_recommendations():
    lines = ["2) Recognising what happened", "",
             "2a. A permanent memorial be established in the UK.", "",
             "2b. There should be at least three events drawing together those affected.", "",
             "This recommendation is accepted in full by the UK Government.", "",
             "3. We have met the families twice this year.", "",
             "Our officials spoke to them in March."]
    doc = document(lines, kind="evidence")
    doc.title = "20241216- Government Response to Recommendations- FINAL"
    items = nlp.extract(doc)
    assert [(i.kind, i.ref) for i in items] == [("recommendation", "2a"), ("recommendation", "2b")]
    assert nlp._responder(doc) == "Government"


def test_an_agenda_has_no_items():
    lines = ["Recommendation:", "", "The Cabinet is asked to approve the budget."]
    assert nlp.extract(document(lines, kind="report")) and not nlp.extract(document(lines, kind="agenda"))


def test_contents_entries_are_not_items():
    lines = ["Contents", "Recommendation 1: A simplified structure ........................ 10",
             "Recommendation 2: Cabinet Office leadership .................... 12"]
    assert nlp.extract(document(lines, kind="evidence")) == []


def test_a_page_headed_index_or_contents_lists_no_items():
    contents = Page(number=1, lines=[Line("Index"), Line(""), Line("Page Content 6-7 Ministerial Foreword"), Line(""),
                                     Line("Recommendation 4: Preventing future harm to patients: achieving a 30-40 safety culture")])
    text = Page(number=2, lines=[Line("Recommendation 4: Preventing future harm"), Line(""),
                                 Line("The Department should publish a plan for safety within a year.")])
    doc = Document(path="t.txt", id="0" * 64, format="txt", pages=[contents, text], kind="evidence")
    assert [(i.page, i.ref) for i in nlp.extract(doc)] == [(2, "4")]


@pytest.mark.parametrize("heading,count", [("Council of Europe recommendations", 0), ("Summary of recommendations", 1),
                                           ("6. CONCLUSIONS AND RECOMMENDATIONS", 1), ("Hol Inquiry Recommendation", 1)])
def test_only_a_heading_that_names_the_papers_own_recommendations_opens_a_list(heading, count):
    lines = [heading, "", "12. The blood services should screen every donation for the virus."]
    assert len(nlp.extract(document(lines))) == count


def test_numbered_footnotes_set_small_at_a_page_foot_are_not_paragraphs():
    asks = ["The Department should review the scheme.", "Trusts must publish their waiting times.",
            "The regulator should inspect every laboratory.", "Ministers should apologise to the families."]
    body = [Line(f"{n}. {ask}", (72, 100 + 40 * n, 500, 113 + 40 * n)) for n, ask in enumerate(asks, 1)]
    note = Line("98 Members should declare any interest, the guidance says.", (72, 700, 500, 710))
    doc = Document(path="t.txt", id="0" * 64, format="txt", kind="report",
                   pages=[Page(number=1, width=595, height=842, lines=[Line("Recommendations"), *body, note])])
    assert [i.ref for i in nlp.extract(doc)] == ["1", "2", "3", "4"]


def test_quoted_background_recommendation_is_not_an_item():
    lines = ["Summary of recommendations", "", "“Ministers should determine early in a pandemic how to respond.”"]
    assert nlp.extract(document(lines)) == []


def test_recommends_that_in_running_text_is_its_sentence_only():
    text = ("In December 2022 the government announced a framework. The Inquiry recommends that the "
            "Secretary of State for Health be made a standing member.")
    items = nlp.extract(document([text]))
    assert items[0].text.startswith("The Inquiry recommends")
    assert items[0].due_date is None  # December 2022 is history, not a deadline


def test_minutes_table_with_action_column():
    table = Table(rows=[
        ["Points discussed/agreed", "Action Who/When"],
        ["1. KK presented a schedule • It was agreed that JN and AC would investigate feasibility", "JN/AC Nov (3/4?)"],
        ["2. KK advised the group of the December meeting", ""],
    ])
    doc = document([], [table], kind="minutes")
    doc.meeting_date = "2014-10-19"
    items = nlp.extract(doc)
    assert [(i.text, i.owners, i.due_date) for i in items] == [
        ("It was agreed that JN and AC would investigate feasibility", ["JN", "AC"], "2014-11"),
    ]


def test_lead_in_that_decides_the_following_gives_lettered_decisions():
    lines = ["6. Following the debate, the Scrutiny Committee unanimously agreed the following motion:",
             "a. That implementation of Decision 24/00093 be postponed pending review by the full Council.",
             "7. Comments expressed during the debate are summarised below:",
             "a. Members claimed that the decision was inconsistent with the policy framework."]
    items = nlp.extract(document(lines, kind="report"))
    assert [(i.kind, i.ref) for i in items] == [("decision", "6(a)")]


def test_recommendation_label_addresses_the_cabinet():
    items = nlp.extract(document(["Recommendation:", "The Cabinet is asked to consider the comments and confirm the decision."]))
    assert [(i.kind, i.owners) for i in items] == [("recommendation", ["The Cabinet"])]


@pytest.mark.parametrize(
    "text,iso",
    [
        ("The Government will publish the plan by March 2025.", "2025-03"),
        ("In December 2012 the Government announced a review.", None),
        ("It will make changes over the course of 2025.", "2025"),
        ("SP to provide the schema by the end of the month.", "2014-02"),
        ("The work is ongoing.", None),
    ],
)
def test_prose_deadlines(text, iso):
    assert find_due(text, REF, prose=True)[1] == iso


@pytest.mark.parametrize(
    "phrase,party",
    [("the Government Chief Scientific Advisor", True), ("The Plug-In Car Grant", False), ("ministers", True),
     ("the most significant savings", False), ("DfT", True)],
)
def test_is_party(phrase, party):
    from onrecord.nlp.owners import is_party

    assert is_party(phrase) is party


def test_body_and_summary_copies_merge_with_acronyms_expanded():
    body = Item(kind="recommendation", ref="7.25", text=(
        "Given these concerns, we recommend that DH should commission a review of the provision of weight "
        "management services across the country."))
    summary = Item(kind="recommendation", ref="8.26", owners=["the Department of Health"], text=(
        "We recommend that the Department of Health should commission a review of the provision of weight "
        "management services across the country. We recommend further that NICE should compile a list."))
    merged = merge([body, summary], {"DH": "Department of Health"})
    assert len(merged) == 1 and merged[0].owners == ["the Department of Health"]
    assert merged[0].text.endswith("compile a list.")


def test_acronyms_expand_for_comparison():
    from onrecord.nlp.merge import _expand

    assert _expand("DH should act; DHSC too", {"DH": "Department of Health"}) == (
        "Department of Health should act; DHSC too")


def test_sibling_sub_items_do_not_merge():
    a = Item(kind="recommendation", ref="4(a)", text="As a minimum, the strategy should: be adaptable;")
    b = Item(kind="recommendation", ref="4(c)", text="As a minimum, the strategy should: consider scenarios;")
    assert len(merge([a, b])) == 2


def test_a_bare_letter_names_a_sub_item_of_its_own_parent_only():
    # "(e)" of recommendation 5 and "(e)" of recommendation 9: the same letter, two asks
    a = Item(kind="recommendation", ref="(e)", page=268,
             text="That all NHS organisations across the UK have a mechanism in place for implementing recommendations.")
    b = Item(kind="recommendation", ref="(e)", page=287,
             text="PACAC should accept the role of reviewing the government's timetable for implementing all the recommendations in place across the UK.")
    assert len(merge([a, b])) == 2
    # a whole ref printed twice, worded a little differently, is one recommendation
    a.ref = b.ref = "5(e)"
    assert len(merge([a, b])) == 1


@pytest.mark.parametrize(
    "lines,expected",
    [
        (["4. RESOLVED that Cabinet agree to:", "a) Adopt the Integrated Care Strategy Delivery Plan.",
          "b) Delegate authority to the Director of Public Health, in consultation with the Leader, to act."],
         [("decision", ["Cabinet"]), ("decision", ["Director of Public Health"])]),
        (["RESOLVED that the Panel notes the progress to date and comments on the report."], []),
        (["2.2 The Chair shared that she would send a message to group leaders about their duties."],
         [("commitment", ["The Chair"])]),
        (["2.3 KCC would support and advise the Foreign Secretary as needed."], []),
        (["6.2 The Chair requested that a copy of the Policy Statement be shared with the minutes."],
         [("action", [])]),
        # a task given by name in running minutes: a person, initials or a party, then "to <verb>"
        (["Chris Taggart to set up a procurement working group with support from the secretariat."],
         [("action", ["Chris Taggart"])]),
        (["The Clerk to write to the three largest housing associations about damp by March 2026."],
         [("action", ["The Clerk"])]),
        (["Nothing to report on the allotments this month, the Chair said."], []),
        (["The Council continued to manage its finances prudently in a difficult year."], []),
        (["Members to note the treasury management report for the quarter."], []),
        # an action carried from a meeting the label names is an action line, its owner the task's subject
        (["Outstanding Action from 25th July meeting: Chris Taggart to set up procurement working group."],
         [("action", ["Chris Taggart"])]),
        (["Actions arising from the last meeting: the Clerk to chase the highways team about the verge."],
         [("action", ["the Clerk"])]),
    ],
)
def test_minutes_rules(lines, expected):
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.kind, i.owners) for i in items] == expected


@pytest.mark.parametrize(
    "text,owners",
    [
        ("At the request of the Chair, Andrew Stott will join the Board.", ["Andrew Stott"]),
        ("Cabinet Office Transparency Team with Transparency Board input to consider a validator.",
         ["Cabinet Office Transparency Team"]),
        ("JG will communicate the slides to all members.", ["JG"]),
        ("Publish the note on data.gov.uk", []),
        ("Advise ODUG members when they need to log into the space", []),
        # a task that begins with its verb: "to group" is whom it goes to
        ("Circulate slides on the NII to group.", []),
        ("Review Group members to meet the panel.", ["Review Group members"]),
    ],
)
def test_action_subject(text, owners):
    from onrecord.nlp.owners import action_subject

    assert action_subject(text) == owners


@pytest.mark.parametrize(
    "text,owners",
    [
        ("Action: Upon receipt of the note, SP to provide the figures.", ["SP"]),
        # a series of names that ends in "and" is every name of it, not only the last
        ("Action: Z. Maiorca, P. Bader, A. Qaiyum, and T. Feinberg to submit updated applications.",
         ["Z. Maiorca", "P. Bader", "A. Qaiyum", "T. Feinberg"]),
        ("Action: After the meeting, the Clerk and the Chair to visit the site.", ["the Clerk", "the Chair"]),
    ],
)
def test_an_actions_owners_are_its_subject_after_the_last_comma(text, owners):
    assert [i.owners for i in nlp.extract(document([text], kind="minutes"))] == [owners]


def test_action_status_table_takes_owner_from_the_action():
    table = Table(rows=[["Ref", "Action", "Status"], ["1", "JG will communicate the slides to all members.", "Done"]])
    items = nlp.extract(document([], [table], kind="minutes"))
    assert [(i.ref, i.owners, i.status) for i in items] == [("1", ["JG"], "Done")]


def test_required_for_column_names_the_bound_parties():
    table = Table(rows=[
        ["Milestone", "Target Date", "Required or Encouraged"],
        ["7.1 Establish workforce goals", "Dec. 31, 2021", "Required for CFO Act agencies only; encouraged for non-CFO Act agencies"],
    ])
    items = nlp.extract(document([], [table]))
    assert [(i.owners, i.due_date) for i in items] == [(["CFO Act agencies"], "2021-12-31")]


@pytest.mark.parametrize("heading,due", [("We will", ""), ("Therefore, in 2021 we will...", "2021"), ("What we have committed to", "")])
def test_a_column_headed_we_will_holds_commitments(heading, due):
    table = Table(rows=[["In 2020 we learned...", heading],
                        ["Milestones were missed for lack of guidance", "Align milestone dates with published guidance"],
                        ["Communities worked apart", "Promote information sharing through interagency councils"]])
    items = nlp.extract(document([], [table]))
    assert [(i.kind, i.text[:20].strip(), i.owners, i.due_date or "") for i in items] == [
        ("commitment", "Align milestone date", [], due), ("commitment", "Promote information", [], due)]


def test_a_we_will_column_beside_a_lead_column_holds_actions_given_to_each_lead():
    table = Table(rows=[["What we have committed to", "Led by", "Timescale"],
                        ["Review all services in receipt of the grant", "Director of Public Health", "March 2026"]])
    items = nlp.extract(document([], [table]))
    assert [(i.kind, i.owners, i.due_date) for i in items] == [("action", ["Director of Public Health"], "2026-03")]


def test_a_themes_heading_across_a_table_of_tasks_is_no_task():
    from onrecord.nlp.tables import table_items

    table = Table(rows=[["What we have committed to", "Led by", "Timescale"],
                        ["Library Services", "", ""],
                        ["Extend library opening hours in the coastal towns", "Head of Libraries", "March 2026"],
                        ["Arts and Culture", "", ""],
                        ["Fund a community arts programme for young carers", "Arts Officer", ""]])
    items, _ = table_items(document([], [table]), None)
    assert [i.text for i in items] == ["Extend library opening hours in the coastal towns",
                                       "Fund a community arts programme for young carers"]


def test_legislation_passed_is_a_decision_but_referred_or_ceremonial_is_not():
    lines = ["FIRST READING EMERGENCY RESOLUTION REFERRED", "",
             "Res. No. 515-16. By Council Member Kazy. An emergency resolution supporting the ruling.", "",
             "FIRST READING EMERGENCY ORDINANCES READ IN FULL AND PASSED", "",
             ("Ord. No. 512-16. By Council Member Dow. An emergency ordinance authorizing the Director of "
             "Port Control to renew Contract No. PS 2011. Whereas, this ordinance is an emergency."), "",
             "BOARD OF CONTROL", "",
             "Resolution No. 167-16. By Director Davis.", "",
             "Whereas, the City needs a subcontractor; now, therefore,", "",
             "Be it resolved by the Board of Control of the City of Cleveland that the employment of St. Joseph Co. be approved."]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.ref, i.text[:40], i.owners) for i in items] == [
        ("Ord. No. 512-16", "An emergency ordinance authorizing the D", ["Director of Port Control"]),
        ("Resolution No. 167-16", "Be it resolved by the Board of Control o", []),
    ]
    assert items[1].text.endswith("be approved.")


def test_statute_text_stops_at_its_recitals_and_vote_and_its_sections_name_whom_it_empowers():
    lines = [("Res. No. 508-16. By Council Member Kelley. An emergency resolution objecting to a permit "
              "held by Juniors Pub, Inc. Whereas, this Council objects; now, therefore,"), "",
             "Section 1. That this Council requests the Superintendent of Liquor Control to set a hearing.", "",
             "Section 2. That the Clerk of Council be and she is hereby directed to transmit two copies.", "",
             ("Resolution No. 175-16. By Director Davis. Whereas, the City needs more design work; now, therefore, "
              "Be it resolved by the Board of Control that the Director of Port Control is authorized to enter "
              "into a First Modification. Be it further resolved that all other terms remain unchanged. "
              "Yeas: Directors Fumich and O’Leary. Nays: None.")]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.text, i.owners) for i in items] == [
        ("An emergency resolution objecting to a permit held by Juniors Pub, Inc.",
         ["Superintendent of Liquor Control", "Clerk of Council"]),
        (("Be it resolved by the Board of Control that the Director of Port Control is authorized to enter into "
          "a First Modification. Be it further resolved that all other terms remain unchanged."),
         ["Director of Port Control"]),
    ]


@pytest.mark.parametrize("kind,count", [("report", 0), ("minutes", 1)])
def test_what_a_report_says_a_meeting_agreed_is_history_not_a_decision(kind, count):
    lines = ["5.43. A number of matters were raised at this meeting. It was agreed that:",
             "• The UK government needed to consider whether to advise people to stay at home."]
    assert len([i for i in nlp.extract(document(lines, kind=kind)) if i.kind == "decision"]) == count


def test_a_body_that_did_not_call_on_anyone_recommends_nothing():
    lines = ["Recommendations", "", "3.61 The Cabinet Office did not call on the expertise available in its own department."]
    assert nlp.extract(document(lines)) == []


def test_a_summary_entry_citing_its_paragraph_is_a_recommendation_under_any_heading():
    lines = ["SUMMARY OF CONCLUSIONS AND RECOMMENDATIONS", "", "Introduction", "",
             "1. The value of space to modern society is underappreciated. (Paragraph 12)", "",
             "A strategy for space", "",
             ("8. Rather than producing a new strategy, the Government should focus on improving its delivery. "
              "(Paragraph 53)"), "",
             "9. The Government should set out its plans in the body of a chapter, citing nothing."]
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.prose import prose_items

    # the rules' reading: what the learned layer makes of entry 9 is its own business (tests/test_learn.py)
    items = prose_items(blocks(document(lines)), "report", None)
    assert [(i.ref, i.text[:40]) for i in items] == [("8", "Rather than producing a new strategy, th")]


def test_an_inquirys_list_directs_with_shall_and_its_next_chapter_ends_it():
    lines = ["2. RECOMMENDATIONS", "",
             "1. The Department shall publish written responses to my recommendations by 10 October 2025.", "",
             "3. THE HUMAN IMPACT", "",
             "3.1 The claimants should have been told sooner, and the Post Office must have known it."]
    items = nlp.extract(document(lines))
    assert [(i.ref, i.due_date) for i in items] == [("1", "2025-10-10")]


@pytest.mark.parametrize("paragraph", [
    "6.39 I consider that the weight which should be given to the offers is small.",  # the chair reasoning
    "6.50 This raises a question for the Department. Should the Department pay claimants interest?",  # asked, not asking
    "6.59 If that is right, it must follow that few claimants are affected.",  # inferred, not directed
    "6.134 These events should have caused the Department to pause.",  # regretted, not directed
    "6.11 How should the phrase be understood by claimants and the public at large.",  # a question without its "?"
    "6.87 There is substantial support for the view that those who accept should not be prevented from appealing.",
    "6.114 That must mean that 148 claimants had accepted offers following an assessment.",  # inferred
    "6.65 Advice is funded. The process of choosing, with a lawyer, should inevitably, ensure that a claim is valued.",
    "6.70 The technology is dual-use, which means that civil and military policy must be closely aligned.",
    "6.138 The decision was taken without any consideration of whether there should be one scheme or more.",  # wondered
])
def test_discussion_in_a_conclusions_chapter_is_not_a_recommendation(paragraph):
    lines = ["6. CONCLUSIONS AND RECOMMENDATIONS RELATING TO REDRESS", "", paragraph]
    assert nlp.extract(document(lines)) == []


def test_a_view_reported_as_anothers_or_a_recommendation_made_before_asks_nothing_now():
    lines = ["2. RECOMMENDATIONS", "",
             "1. In the Interim Report, I recommended that a time limit should be set.", "",
             "2. The Post Office now maintains that the scheme should be run by the Department.", "",
             "3. On 25 October 2023 the Advisory Board recommended a Reviewer.", "",
             "4. The Department should publish its plan for the scheme by May 2025."]
    assert [i.ref for i in nlp.extract(document(lines))] == ["4"]


def test_a_recommendation_someone_invited_the_chair_to_make_is_not_the_reports_own():
    lines = ["5. SUBMISSIONS OF CORE PARTICIPANTS AND OTHERS", "",
             ("5.5 Mr Stein KC made points which supported the proposed recommendations of the Inquiry. "
              "First, he invited me to recommend that redress should be provided to assistants in branches."), "",
             "5.6 The Inquiry recommends that the Department should publish the scheme rules by May 2025."]
    assert [i.ref for i in nlp.extract(document(lines))] == ["5.6"]


def test_a_recommendation_the_chair_weighed_and_did_not_make_is_not_one():
    # annot-c, Post Office 6.90 and 6.175: recommendations he declined to make
    lines = ["6. CONCLUSIONS", "",
             ("6.109 The Inquiry has given serious consideration to whether I should recommend that the panel's "
              "decisions should bind the Post Office. However, I have decided against it."), "",
             "6.175 The Inquiry notes that I could, of course, recommend that the scheme be closed to new claims.", "",
             "6.176 The Inquiry recommends that the Department should publish the scheme rules by May 2025."]
    assert [i.ref for i in nlp.extract(document(lines))] == ["6.176"]


def test_a_marker_word_in_lower_case_goes_on_with_the_sentence_above():
    from onrecord.nlp.blocks import blocks

    lines = ["6.65 The decision whether to accept the offer is not easily", "resolved, as the Department maintains.", "",
             "2.1 The clinicians took the", "action – whether it be decisions by clinicians or by governments."]
    assert [b.marker for b in blocks(document(lines))] == ["number", "number"]
    assert [i.kind for i in nlp.extract(document(lines))] == []


def test_a_record_of_decision_lists_its_decisions_in_capitals_under_the_decider():
    lines = ["Decision:", "", "As Cabinet Member for Children’s Services I agree to:", "",
             "APPROVE the proposal to not re-commission the two Family Hub contracts.", "",
             "NOTE the comments made by Scrutiny when agreeing to refer the matter to Full Council.", "",
             "DELEGATE authority to the Director of Children’s Services to take the necessary actions."]
    items = nlp.extract(document(lines))
    assert [(i.kind, i.text[:7], i.owners) for i in items] == [
        ("decision", "APPROVE", ["Cabinet Member for Children’s Services"]),
        ("decision", "DELEGAT", ["Cabinet Member for Children’s Services", "Director of Children’s Services"]),
    ]


def test_council_minutes_resolutions_numbered_with_a_bracket_and_procedural_ones_left_out():
    lines = ["RESOLVED that the minutes of the Council meeting held on 13 February 2025 be approved as a correct record.", "",
             "22) Mr Gough responded to the points made.", "",
             "agreed with Mr Hook that a worthwhile conversation had taken place.", "",
             "4) RESOLVED that Council endorses the attached Pay Policy Statement.", "",
             "7(a) To DEBATE AND DECIDE whether the Constitution be changed."]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.ref, i.text, i.owners) for i in items][:1] == [
        ("4", "that Council endorses the attached Pay Policy Statement.", ["Council"])]
    assert all(not o.startswith("To ") for i in items for o in i.owners)


def test_inline_lettered_points_are_items_with_the_parents_owner():
    lines = ["Recommendations", "", ("8.32 We recommend that the Government (a) establish targets for cutting "
             "emissions; (b) publish an estimate of the reduction by 2026.")]
    items = nlp.extract(document(lines))
    assert [(i.text, i.owners, i.due_date) for i in items] == [
        ("establish targets for cutting emissions;", ["the Government"], None),
        ("publish an estimate of the reduction by 2026.", ["the Government"], "2026"),
    ]


def test_inline_letters_marking_clauses_of_one_sentence_stay_one_item():
    # annot-c: "(a) ... or (b) ..." with no semicolon between the parts is one sentence, not a list of asks
    lines = ["Recommendations", "", ("13. The current appeals procedure should be closed once all claimants within "
             "it have either (a) settled their claims or (b) transferred to the new scheme.")]
    items = nlp.extract(document(lines))
    assert [i.ref for i in items] == ["13"]
    assert "(a) settled their claims or (b) transferred" in items[0].text


def test_the_end_of_a_quotation_is_not_the_papers_own_recommendation():
    # a committee's recommendation quoted as background: only its closing quote mark is in the paragraph
    lines = ["Recommendations", "", "1. The Department shall publish the claims data by June 2026.", "",
             ("Recommendation 3: The Advisory Board shall consider whether compensation is being paid "
              "and shall advise the Minister at three monthly intervals.” 244")]
    items = nlp.extract(document(lines))
    assert [i.ref for i in items] == ["1"]


def test_inline_letter_run_goes_on_to_a_letter_printed_on_its_own_line():
    lines = ["Recommendations", "", ("8.33. We recommend that the Government (a) establish targets for cutting "
             "emissions; (b) publish an estimate of the reduction; and set out"),
             "(c) details of the steps they will take if the reduction is not achieved."]
    items = nlp.extract(document(lines))
    assert [(i.ref, i.owners) for i in items] == [
        ("8.33(a)", ["the Government"]), ("8.33(b)", ["the Government"]), ("8.33(c)", ["the Government"])]


def test_numbered_lead_in_requiring_that_takes_its_bullets():
    lines = ["Recommendations", "", "8.21.Effective evaluation requires that:",
             "• evaluation should be considered at the beginning of the policy design process;",
             "• sufficient funds should be allocated for evaluation."]
    items = nlp.extract(document(lines))
    assert [(i.ref, i.text) for i in items] == [("8.21", (
        "Effective evaluation requires that: evaluation should be considered at the beginning of the policy "
        "design process; sufficient funds should be allocated for evaluation."))]


def test_a_responsibility_to_act_is_asked_of_its_holder():
    lines = ["Recommendations", "", ("8.3. There will be occasions when it is legitimate not to act. In these "
             "circumstances, however, we believe that ministers have a responsibility to explain why.")]
    assert [i.kind for i in nlp.extract(document(lines))] == ["recommendation"]


def test_numbered_decisions_alike_in_wording_stay_apart():
    text = "Be it resolved by the Board of Control that the employment of the following subcontractor is approved."
    items = [Item(kind="decision", text=text, ref="Resolution No. 168-16", method="minutes"),
             Item(kind="decision", text=text, ref="Resolution No. 169-16", method="minutes")]
    assert len(merge(items)) == 2


@pytest.mark.parametrize("published,iso", [("2024-07-18", "2025-07"), ("2024-07", "2025-07"), ("2024", "2025-01")])
def test_relative_deadline_counts_from_a_publication_date_printed_as_month_or_year(published, iso):
    doc = document(["Recommendations", "", "1. The Government should publish a strategy within 12 months."])
    doc.published_date = published
    assert [i.due_date for i in nlp.extract(doc)] == [iso]


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("The Council welcomes the review and will publish a plan by May 2026.", ["The Council"]),
        ("We plan to work with schools on the design of the evaluation.", ["We"]),
        ("The Department intends to consult on the changes.", ["The Department"]),
        # promise verbs kept as data in nlp/patterns/parties.json
        ("The Office for Science will also play a larger role in advising departments.", ["The Office for Science"]),
        ("The Council will utilise its network of community officers to help residents.", ["The Council"]),
        ("The Government agrees that it is urgent, and will shortly be publishing a plan.", ["The Government"]),
    ],
)
@needs_model
def test_promiser_of_a_joined_verb_plan_to_and_verbs_kept_as_data(sentence, owners):
    assert promisers(sentence) == owners


@pytest.mark.parametrize(
    "sentence,owners",
    [
        ("In Wales, the Deputy Chief Medical Officer is due to write to all Health Boards.",
         ["the Deputy Chief Medical Officer"]),
        ("MHRA is planning to raise awareness through a series of UK wide workshops.", ["MHRA"]),
        ("The Scottish Government proposes to allow services time to embed the guidance.", ["The Scottish Government"]),
        ("The UK is due to become the first country in Europe to permit these services.", []),  # a forecast
    ],
)
@needs_model
def test_a_party_due_planning_or_proposing_to_act_promises(sentence, owners):
    assert promisers(sentence) == owners


@needs_model
def test_a_response_s_planned_act_is_a_commitment_the_rules_read():
    lines = ["The Government accepts this recommendation.", "",
             "In Wales, the Deputy Chief Medical Officer is due to write to all Health Boards asking them to act.", "",
             "MHRA is planning to raise awareness through a series of workshops from October 2024.", "",
             "The UK is due to become the first country in Europe to permit these services."]
    proposal = nlp.propose(document(lines, kind="evidence"))
    assert [(c.item.kind, c.item.owners) for c in proposal.candidates if c.item is not None] == [
        ("commitment", ["the Deputy Chief Medical Officer"]), ("commitment", ["MHRA"])]


@pytest.mark.parametrize("sentence,hedged", [
    ("The guidance will be published by May 2025.", False),  # the month before its year: a deadline
    ("Councils will report in May 2026 and again in May 2027.", False),
    ("The Department may publish further guidance.", True),  # 'may' hedges a promise
    ("This will help councils plan ahead.", True),
])
def test_may_hedges_a_promise_but_the_month_may_does_not(sentence, hedged):
    from onrecord.nlp.rules import rules

    assert bool(rules().cues["not_promise"].search(sentence)) is hedged


@pytest.mark.parametrize("line,heading", [
    ("1. The compensation scheme should be set up now", False),  # a short numbered recommendation
    ("6a) ii. Those who have fibrosis should receive the same care", False),
    ("5. What should be classified as a behaviour change intervention?", True),  # a question heads a section
    ("2. Compensation", True),
])
def test_a_short_numbered_line_that_asks_is_no_heading(line, heading):
    from onrecord.nlp.blocks import blocks

    found = blocks(document([line, "", "The Government accepts this recommendation."], kind="evidence"))
    assert found[0].is_heading == heading


def test_paragraph_cut_by_a_running_header_is_joined_again():
    from onrecord.nlp.blocks import blocks

    doc = Document(path="t.txt", id="0" * 64, format="txt", kind="minutes", pages=[
        Page(number=1, lines=[Line("Ord. No. 463-16. An emergency ordinance authorizing the Director of Finance to enter")]),
        Page(number=2, lines=[Line("The City Record"), Line(""),
                              Line("into an agreement with the Transit Authority to share fiber optic resources.")]),
    ])
    assert [b.text for b in blocks(doc)] == [
        ("Ord. No. 463-16. An emergency ordinance authorizing the Director of Finance to enter into an "
        "agreement with the Transit Authority to share fiber optic resources.")]


def test_numbered_resolution_ending_in_a_colon_is_a_decision():
    lines = [("Resolution No. 167-16. By Director Davis. Be it resolved by the Board of Control that the "
             "employment of the following subcontractor by Energy Mechanical Corp. is approved:"), "",
             "RESOLVED that Cabinet agree to:"]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [i.ref for i in items] == ["Resolution No. 167-16"]


@pytest.mark.parametrize("lead,owner", [
    ("6. RESOLVED the Leader to:", "the Leader"),
    ("10. RESOLVED to ask the General Counsel to:", "the General Counsel"),
    ("7. RESOLVED Members to recommend to the County Council:", "the County Council"),
])
def test_resolved_parts_are_for_whom_the_lead_in_names(lead, owner):
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.prose import prose_items

    doc = document([lead, "a) CREATE an Education Cabinet Committee.", "b) REVIEW agenda setting protocols."],
                   kind="minutes")
    items = prose_items(blocks(doc), "minutes", None)
    assert [(i.ref[-3:], i.owners) for i in items] == [("(a)", [owner]), ("(b)", [owner])]


def test_a_two_word_resolved_lead_in_leads_its_parts_and_names_their_owner():
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.prose import prose_items

    lines = ["3) RESOLVED that Council:", "(i) Notes the Inspector's Report on the examination of the Plan;",
             "(ii) Adopts the Kent Minerals and Waste Local Plan 2024-2039 as set out in Appendix B; and"]
    items = prose_items(blocks(document(lines, kind="minutes")), "minutes", None)
    assert [(i.ref, i.owners, i.text[:6]) for i in items] == [("3(ii)", ["Council"], "Adopts")]


def test_a_resolutions_parts_numbered_from_one_are_its_items_until_the_numbering_breaks():
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.prose import prose_items

    lines = ["8) RESOLVED that Council:", "1. Notes with thanks the contribution of the Working Party.",
             "2. Approves the recommendation to adopt the Constitution at Appendix 2.",
             "3. Delegates authority to the Monitoring Officer to make further changes.",
             "9) The Chairman thanked Members and closed the item at 4pm."]
    items = prose_items(blocks(document(lines, kind="minutes")), "minutes", None)
    assert [(i.ref, i.owners, i.text[:9]) for i in items] == [
        ("8(2)", ["Council"], "Approves "), ("8(3)", ["Monitoring Officer"], "Delegates")]


def test_resolution_parts_lettered_in_capitals_and_noted_parts_left_out():
    lines = ["3. RESOLVED that Cabinet agree to:", "A) Note the forecast revenue overspend of £23.3m.",
             "b) Note the progress on the delivery of savings.", "c) Agree the Capital budget changes."]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [(i.ref, i.text) for i in items] == [("3(c)", "Agree the Capital budget changes.")]


def test_noting_a_delegated_budget_decides_nothing():
    # "Delegated Budgets" names a school's share of funding: no authority is delegated
    lines = ["3. RESOLVED that Cabinet agree to:", "a) Note the forecast overspend on Schools’ Delegated Budgets of £30.4m.",
             "b) Delegate authority to the Director to agree the final budget.", "c) Agree the Capital budget changes."]
    items = nlp.extract(document(lines, kind="minutes"))
    assert [i.ref for i in items] == ["3(b)", "3(c)"]


def test_comments_on_a_paper_and_endorsing_a_report_are_procedural_not_decisions():
    # the guideline: in minutes, to note, comment on or endorse an information report is not an item
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.prose import prose_items

    lines = ["8) RESOLVED that Council:", "1. Comments on the proposals for Cabinet Committees to inform future changes.",
             "2. Approves the changes to the Constitution.", "", "9) RESOLVED that Council endorses the report.", "",
             "10) RESOLVED that Council endorses the attached Pay Policy Statement.", "",
             "11) RESOLVED that the County Council makes comments but does not require reconsideration of the decision."]
    items = prose_items(blocks(document(lines, kind="minutes")), "minutes", None)
    assert [i.text[:20] for i in items] == ["Approves the changes", "that Council endorse", "that the County Coun"]
    assert "Pay Policy" in items[1].text


@pytest.mark.parametrize("sentence,owners", [
    (("We recommend that the Cabinet Office, together with the Chief Scientific Adviser and the Chief Social "
     "Scientist, should develop guidance."), ["the Cabinet Office", "the Chief Scientific Adviser", "the Chief Social Scientist"]),
    # a consultee is not an owner
    ("The UK government should, in consultation with the devolved administrations, create a body.", ["The UK government"]),
    ("The Ombudsman said that they would have recommended that DWP acknowledge the failings and apologise.", ["DWP"]),
])
@needs_model
def test_who_acts_together_with_the_addressee_is_an_owner_too(sentence, owners):
    assert owners_of(sentence) == owners


@pytest.mark.parametrize("sentence,owners", [
    # the parse hangs "the Department and the Minister" on "Office" as its apposition: a list all the same
    ("The Post Office, the Department and the Minister shall ensure that all decision makers apply it.",
     ["The Post Office", "the Department", "the Minister"]),
    # an apposition that describes the party is not one more party
    ("The Department, the body responsible for claims and appeals, should publish the data.", ["The Department"]),
])
@needs_model
def test_a_list_read_as_an_apposition_names_each_party(sentence, owners):
    assert owners_of(sentence) == owners


@needs_model
def test_a_recommendation_in_the_plain_form_of_its_verb_is_addressed_to_its_subject():
    sentence = "Hospital Transfusion Committees and transfusion practitioners take steps to ensure tranexamic acid is used."
    assert owners_of(sentence) == ["Hospital Transfusion Committees", "transfusion practitioners"]
    assert owners_of("Tranexamic acid is not expensive.") == []


@needs_model
def test_a_commitment_made_in_the_past_is_history_in_a_response_but_minuted_in_minutes():
    sentence = "On 11 November the Secretary of State committed to make a new decision on communications."
    assert promisers(sentence) == []
    assert promisers(sentence, reported=True) == ["the Secretary of State"]


@needs_model
def test_sentences_parsed_ahead_together_are_read_as_when_parsed_alone():
    from onrecord.nlp import parse

    sentences = [
        "The Department will publish revised guidance by March 2026.",
        "We will review the scheme, together with the devolved administrations, next year.",
        "Annual updates will be available on the website.",
        "The Cabinet Office, along with DSIT, should set up a red team.",
    ]
    alone = [(promisers(s), owners_of(s)) for s in sentences]
    parse._parsed.clear()
    parse.parse_ahead(sentences)
    ahead = {s: parse._parsed[s] for s in sentences}
    assert [(promisers(s), owners_of(s)) for s in sentences] == alone
    assert all(parse.parsed(s) is ahead[s] for s in sentences)  # taken from those parsed ahead, not parsed again
    parse.parse_ahead(sentences + ["The Council will act."])
    assert all(parse._parsed[s] is ahead[s] for s in sentences)  # one parsed already is not parsed again
    for n in range(parse.PARSES_KEPT):
        parse._keep(f"sentence {n}", None)
    assert len(parse._parsed) == parse.PARSES_KEPT and sentences[0] not in parse._parsed  # the oldest dropped
    parse._parsed.clear()


@pytest.mark.parametrize("sentence", [
    "There will be no scheme, therefore we do not intend to carry out an evaluation.",
    "The Council has no plans to publish the register.",
    # what a thing will do for others is its benefit, not a party's promise
    "It will also give schools greater control over their data.",
    "It will take several years for the effects of the scheme to be seen.",
    # forecasts and conditions promise nothing
    "All 1950s-born women will have reached State Pension age by 5 April 2026.",
    "26.Should the decision be made to compensate, the department will develop a scheme.",
])
def test_a_promise_not_to_act_is_not_a_commitment(sentence):
    from onrecord.nlp.context import cues

    assert cues()["not_promise"].search(sentence) or cues()["never_promise"].search(sentence)
    doc = document(["Council Response", "", sentence], kind="evidence")
    assert [i for i in nlp.extract(doc) if i.kind == "commitment"] == []


def test_row_in_mid_sentence_with_its_own_owner_and_date_is_its_own_item():
    table = Table(rows=[
        ["Due by", "Commitment", "Owner"],
        ["June 2010", "Names and pay of senior civil servants to be published", "Cabinet Office"],
        ["September 2010", "for most officials with salaries above the lowest pay band", "ERG (CSCG)"],
        ["", "and their job titles.", ""],
    ])
    items = nlp.extract(document([], [table], kind="evidence"))
    assert [(i.owners, i.due_date) for i in items] == [(["Cabinet Office"], "2010-06"), (["ERG (CSCG)"], "2010-09")]
    assert items[1].text.endswith("and their job titles.")


def test_table_rows_alike_in_wording_with_different_owners_stay_apart():
    items = [Item(kind="action", text="Develop benefits case", owners=["JTe"], method="table"),
             Item(kind="action", text="Develop benefits case", owners=["PM"], method="table"),
             Item(kind="action", text="Develop benefits case", owners=["pm"], method="table")]
    assert [i.owners for i in merge(items)] == [["JTe"], ["PM"]]


def test_each_promising_bullet_of_a_response_is_a_commitment_whole():
    lines = ["Council Response", "", "The programme includes:",
             "● a refresh of the emergency plan for the county. This will be published by spring 2026;",
             "● new operational plans for each district. These will be delivered by summer 2026."]
    items = [i for i in nlp.extract(document(lines, kind="evidence")) if i.kind == "commitment"]
    assert [(i.text, i.due_date) for i in items] == [
        ("a refresh of the emergency plan for the county. This will be published by spring 2026;", "2026"),
        ("new operational plans for each district. These will be delivered by summer 2026.", "2026"),
    ]


def test_a_promising_bullet_continuing_a_lead_in_is_the_responders():
    lines = ["The programme includes:",
             "● improvements to the risk register, where assessments will be based on published data."]
    doc = document(lines, kind="evidence")
    doc.title = "Council Response to the review"
    items = [i for i in nlp.extract(doc) if i.kind == "commitment"]
    assert [i.owners for i in items] == [["Council"]]


@pytest.mark.parametrize("line,owners", [
    ("Action: Upon receipt of the note from the Panel, SP to provide information on the data sets.", ["SP"]),
])
def test_action_owner_after_a_leading_clause(line, owners):
    items = nlp.extract(document([line], kind="minutes"))
    assert [i.owners for i in items] == [owners]


@pytest.mark.parametrize("text,owners", [
    ("Officials to discuss the project with BIS", ["Officials"]),
    ("Representative from Contract Finder to provide a demonstration", ["Representative from Contract Finder"]),
])
def test_officials_and_representatives_are_parties_in_a_log(text, owners):
    from onrecord.nlp.owners import action_subject

    assert action_subject(text) == owners


@pytest.mark.parametrize("cell, who", [
    ("JN/AC Nov (3/4?)", "JN/AC"),
    ("Head of Marketing Nov 2024", "Head of Marketing"),  # "Marketing" is no month
    ("Mayor's Office March", "Mayor's Office"),
    ("Decision Support Team", "Decision Support Team"),
])
def test_an_action_cells_owner_ends_where_a_month_begins(cell, who):
    from onrecord.nlp.tables import _who
    assert _who(cell).strip() == who


@pytest.mark.parametrize("text,ref", [
    ("6) Monitoring liver damage for people infected", "6)"),
    ("6a) i. Those who have been diagnosed with cirrhosis should receive monitoring", "6a)i."),
    ("12b) The Council should publish its plan", "12b)"),
])
def test_a_number_closed_by_a_bracket_with_its_parts_opens_a_list_entry(text, ref):
    from onrecord.nlp.blocks import marker

    assert marker(text) == ("number", ref)


def test_restated_sub_recommendations_numbered_6a_i_are_entries_of_their_own():
    from onrecord.nlp.blocks import blocks

    lines = ["All patients who have contracted hepatitis should receive the following care:",
             "6a) i. Those who have been diagnosed with cirrhosis should receive lifetime monitoring",
             "6a) ii. Those who have fibrosis should receive the same care"]
    found = blocks(document(lines, kind="evidence"))
    assert [(b.marker, b.ref, b.body) for b in found[1:]] == [
        ("number", "6a)i.", "Those who have been diagnosed with cirrhosis should receive lifetime monitoring"),
        ("number", "6a)ii.", "Those who have fibrosis should receive the same care")]


def test_a_recommendation_naming_the_party_the_others_address_is_addressed_to_it():
    from onrecord.nlp import _addressed_as_the_others

    items = [Item(kind="recommendation", text=f"The Government should act on point {n}.", owners=["the Government"],
                  canonical=["HM Government"]) for n in range(3)]
    items += [Item(kind="recommendation", text="We support the Government’s efforts to shape the rules."),
              Item(kind="recommendation", text="Launch sites need a clear regulatory path."),
              Item(kind="commitment", text="The Government will publish the plan."),
              # the word in lower case names no party: "government contracts"
              Item(kind="recommendation", text="The plan should show which capabilities need government contracts."),
              # what the party has done, described: not whom the recommendation addresses
              Item(kind="recommendation", text="We note that the Government has been proactive. A task force is needed.")]
    _addressed_as_the_others(items)
    assert [i.owners for i in items[3:]] == [["the Government"], [], [], [], []]
    assert items[3].canonical == ["HM Government"]  # named as the others are


def test_a_table_of_verdicts_read_as_lines_is_not_a_recommendation():
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.prose import prose_items

    lines = ["Approach taken Recommendation", "Recommendation 3", "Recommendation 4a) i)", "Recommendation 4a) ii)",
             "Accepting in full Recommendation 4a) iii)", "Recommendation 4c) i) (accepted in principle by Scottish",
             "Government and NI Executive)", "",
             "Recommendation 5 That the Government should publish the review, as Recommendation 4 asked."]
    items = prose_items(blocks(document(lines, kind="evidence")), "evidence", None)
    assert [(i.ref, i.text[:30]) for i in items] == [("5", "That the Government should pub")]


def test_decisions_in_capitals_under_a_body_that_resolved_them_are_that_bodys():
    lines = ["16. Cabinet resolved the following:", "",
             "a. CONFIRM the decision will be progressed to Full Council unchanged at this time.", "",
             "b. AGREE to present further information to support Full Council consideration of the call-in."]
    items = nlp.extract(document(lines))
    assert [(i.kind, i.text[:7], i.owners) for i in items] == [
        ("decision", "CONFIRM", ["Cabinet"]), ("decision", "AGREE t", ["Cabinet"])]


def _carried_minutes(minuted: str) -> Document:
    lines = ["Housing Update Appendix 2 - County Council 20 May 2021",
             f"Minutes extract from Housing Committee - {minuted}",
             "3. RESOLVED that the review be repeated in six months."]
    page = Page(number=1, lines=[Line(text) for text in lines])
    return Document(path="t.txt", id="0" * 64, format="txt", pages=[page], kind="minutes",
                    title=lines[0], meeting_date="2021-05-20")


@pytest.mark.parametrize("minuted,reference", [
    ("4 February 2021", date(2021, 2, 4)),  # the meeting the minutes record, before the paper carrying them
    ("4 February 2022", date(2021, 2, 4)),  # printed after the paper: its year is a misprint
])
def test_minutes_a_later_paper_carries_count_from_the_meeting_they_record(minuted, reference):
    proposal = nlp.propose(_carried_minutes(minuted))
    assert proposal.reference == reference
    items = nlp.finish(proposal, nlp.item_model())
    assert [i.due_date for i in items if "six months" in i.text] == ["2021-08"]


def test_a_paper_that_numbers_its_recommendations_marks_its_candidates():
    recs = [f"{n}. The Department shall publish report number {n} by June 2026." for n in range(1, 6)]
    narrative = "The scheme was slow. Claimants should not have to wait for years."
    listed = nlp.propose(document(["Recommendations", "", *recs, "", "Chapter 6", "", narrative]))
    assert any("listed_paper&src=sentence&doc=report" in c.features for c in listed.candidates)
    unlisted = nlp.propose(document(["Recommendations", "", *recs[:2], "", "Chapter 6", "", narrative]))
    assert not any(k.startswith("listed_paper") for c in unlisted.candidates for k in c.features)


def test_a_modal_inside_a_whether_clause_asks_no_one():
    from onrecord.nlp.voice import asks

    assert not asks("The decision was taken without any consideration of whether there should be one scheme.")
    assert asks("The Government should consider whether the scheme should be extended.")
    assert asks("Where there is any uncertainty about whether a patient has fibrosis they should receive the same care.")
