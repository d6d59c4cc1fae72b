"""Owners a researcher can group by: the user's alias list, on real ingests of small papers."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from tests.pdfs import make_pdf

ROADS = [
    "Transport Select Committee",
    "Report on local roads, March 2025",
    "",
    "Recommendations",
    "",
    "1. The DfT should publish a national pothole plan by March 2026.",
    "2. The Department for Transport should fund repairs to rural roads by 2027.",
    "3. The LTB should report progress to the Mayor every year.",
]
BRIDGES = [
    "Transport Select Committee",
    "Report on bridges, June 2025",
    "",
    "Recommendations",
    "",
    "1. The London Transport Board should inspect every bridge over a railway by December 2026.",
    "2. Network Rail should repair every bridge it owns by 2028.",
    "3. National Highways should report progress to Parliament every year.",
]
OTHERS = ("National Highways", "Network Rail")
DFT = "Department for Transport"
LTB = "London Transport Board"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def owners(db_path: Path) -> dict[str, list[str]]:
    """Each owner's name -> the items' owners column of its items, as the site shows them (the
    papers' other owners, which no alias touches, left out)."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select owners.name, items.owners from owners join item_owners on owner = owners.id"
                            " join items on items.id = item_owners.item order by 1, 2").fetchall()
    found: dict[str, list[str]] = {}
    for name, shown in rows:
        if name in OTHERS:
            continue
        found.setdefault(name, []).append(shown)
    return found


@pytest.fixture
def roads(tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "roads.pdf", [ROADS], title="Local roads: report")
    db_path = tmp_path / "onrecord.db"
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1")
    return folder, db_path


def test_the_maintained_list_groups_and_split_and_merge_change_it(roads):
    _, db_path = roads
    # "DfT" is in the maintained alias list (nlp/patterns/owner_aliases.json)
    assert owners(db_path) == {DFT: [DFT] * 2, "LTB": ["LTB"]}
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select aliases from owners where name = ?", [DFT]).fetchone() == (
            '["The Department for Transport", "The DfT"]',)
        # what was printed stays, beside the canonical name
        assert {r[0] for r in conn.execute("select owners_printed from items")} == {
            "The DfT", "The Department for Transport", "The LTB"}
    run("owners", "split", str(db_path), "DfT")
    assert owners(db_path) == {"DfT": ["DfT"], DFT: [DFT], "LTB": ["LTB"]}
    assert run("owners", "list", str(db_path)) == "DfT\tDfT\n"
    run("owners", "merge", str(db_path), "DfT", DFT)
    assert owners(db_path) == {DFT: [DFT] * 2, "LTB": ["LTB"]}
    assert run("owners", "list", str(db_path)) == f"DfT\t{DFT}\n"


def test_split_parts_the_government_from_hm_government(roads):
    _, db_path = roads
    folder = db_path.parent / "more"
    folder.mkdir()
    make_pdf(folder / "gov.pdf", [[*BRIDGES[:5], "1. The Government should publish a roads plan by 2027.",
                                   *BRIDGES[6:]]], title="Roads plan")
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1")
    assert owners(db_path)["HM Government"] == ["HM Government"]
    run("owners", "split", str(db_path), "the Government")
    assert "HM Government" not in owners(db_path) and owners(db_path)["Government"] == ["Government"]


def test_the_list_is_applied_to_every_later_ingest_and_reextraction(roads, tmp_path):
    folder, db_path = roads
    run("owners", "merge", str(db_path), "LTB", LTB)
    assert owners(db_path)[LTB] == [LTB]
    make_pdf(folder / "bridges.pdf", [BRIDGES], title="Bridges: report")
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1")
    assert owners(db_path) == {DFT: [DFT] * 2, LTB: [LTB] * 2}
    with sqlite3.connect(db_path) as conn:
        conn.execute("update documents set extractor = 'older'")
    run("reextract", str(db_path), "--silent")
    assert owners(db_path) == {DFT: [DFT] * 2, LTB: [LTB] * 2}


def test_ingest_starts_from_an_alias_file(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "roads.pdf", [ROADS], title="Local roads: report")
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text(f"# printed<TAB>owner\nLTB\t{LTB}\n\nthe Department for Transport\tTransport department\n")
    db_path = tmp_path / "onrecord.db"
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1", "--aliases", str(aliases))
    # DfT -> Department for Transport (the maintained list) -> Transport department (the file)
    assert owners(db_path) == {"Transport department": ["Transport department"] * 2, LTB: [LTB]}
    listed = run("owners", "list", str(db_path))
    assert sorted(listed.splitlines()) == [f"LTB\t{LTB}", "the Department for Transport\tTransport department"]


def test_a_bad_alias_file_names_its_line_and_changes_nothing(roads, tmp_path):
    folder, db_path = roads
    bad = tmp_path / "aliases.tsv"
    bad.write_text(f"LTB\t{LTB}\nDepartment of Health only one name\n")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(db_path), "--silent", "--aliases", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: not 'alias<TAB>owner name'" in result.output
    assert run("owners", "list", str(db_path)) == ""


def test_merge_refuses_a_loop_and_an_empty_name(roads):
    _, db_path = roads
    run("owners", "merge", str(db_path), "LTB", LTB)
    result = CliRunner().invoke(cli, ["owners", "merge", str(db_path), LTB, "the LTB"])
    assert result.exit_code == 1 and "split" in result.output
    result = CliRunner().invoke(cli, ["owners", "merge", str(db_path), ".", "LTB"])
    assert result.exit_code == 1 and "no name" in result.output
    assert run("owners", "list", str(db_path)) == f"LTB\t{LTB}\n"


def test_the_migration_moves_printed_owners_aside_and_shows_canonical_ones(tmp_path):
    from sqlite_utils import Database

    from onrecord.db import open_db
    from onrecord.db.schema import MIGRATIONS

    database = Database(tmp_path / "old.db")
    MIGRATIONS.apply(database, stop_before="m020_owner_aliases")
    database["documents"].insert({"id": "d", "path": "a.pdf", "format": "pdf", "ingested_at": "2025"})
    database["items"].insert({"id": "i", "document": "d", "kind": "action", "text": "Publish it",
                              "owners": "the DfT; DWP"})
    database["owners"].insert_all([{"id": "dft", "name": "DfT", "aliases": "[]", "items": 1},
                                   {"id": "department-for-work-and-pensions", "name": "Department for Work and Pensions",
                                    "aliases": "[]", "items": 1}])
    database["item_owners"].insert_all([
        {"item": "i", "owner": "dft", "printed": "the DfT", "canonical": "DfT"},
        {"item": "i", "owner": "department-for-work-and-pensions", "printed": "DWP",
         "canonical": "Department for Work and Pensions"}])
    database.close()
    migrated = open_db(tmp_path / "old.db")
    assert migrated.execute("select owners, owners_printed from items").fetchone() == (
        "DfT; Department for Work and Pensions", "the DfT; DWP")
    assert migrated.execute("select extracted from item_owners order by owner").fetchall() == [
        ("Department for Work and Pensions",), ("DfT",)]
    assert migrated["owner_aliases"].count == 0


RECOMMENDATIONS = [
    "Recommendations",
    "",
    "1. The Government should publish a roads plan by 2027.",
    "2. Network Rail should repair every bridge it owns by 2028.",
    "3. National Highways should report progress to the committee every year.",
]


@pytest.mark.parametrize(("issuer", "government"), [
    (["House of Commons", "Transport Committee"], "HM Government"),
    (["Scottish Parliament", "Net Zero, Energy and Transport Committee"], "Scottish Government"),
    (["United States Congress", "Committee on Transportation and Infrastructure"], "US Federal Government"),
])
def test_the_government_is_the_papers_jurisdictions(tmp_path, issuer, government):
    from onrecord import ingest, nlp

    pdf = make_pdf(tmp_path / "roads.pdf", [[*issuer, "Report on roads, March 2025", "", *RECOMMENDATIONS]],
                   title="Report on roads")
    [first, *_] = nlp.extract(ingest.read(pdf))
    assert (first.owners, first.canonical) == (["The Government"], [government])


def test_the_department_is_the_one_the_paper_names(tmp_path):
    from onrecord import ingest, nlp

    pdf = make_pdf(tmp_path / "schools.pdf", [[
        "Education Committee", "Report on school buildings, March 2025", "", "Recommendations", "",
        "1. The Department for Education should fund repairs to school roofs by 2026.",
        "2. The Department should publish a school buildings plan by 2027.",
        "3. The Council should report progress to the Department for Education every year.",
    ]], title="School buildings")
    items = nlp.extract(ingest.read(pdf))
    assert [(i.owners, i.canonical) for i in items][:2] == [
        (["The Department for Education"], ["Department for Education"]),
        (["The Department"], ["Department for Education"]),  # printed as printed, grouped as meant
    ]


@pytest.mark.parametrize(("printed", "kept"), [
    (["Director of Public Service hereby"], ["Director of Public Service"]),
    (["Clerk of Council be and she hereby"], ["Clerk of Council"]),
    (["MCO requested"], ["MCO"]),
    (["Mags had asked Dave Stephens"], ["Mags"]),
    (["Will Minnett"], ["Will Minnett"]),  # a capital "Will" is a name
    (["despite writing is"], []),  # nothing of a party before the clause
    (["The current Dispute Resolution Procedure", "The Patient Safety Syllabus", "The Radar"], []),
    (["Director of Public Service hereby", "Director of Public Service"], ["Director of Public Service"]),
])
def test_clause_fragments_and_things_are_no_owners(printed, kept):
    from onrecord.nlp.owners import clean

    assert clean(printed) == kept


def test_a_name_the_paper_gives_a_thing_is_no_owner():
    from onrecord.nlp.owners import clean
    from onrecord.nlp.setting import setting

    text = ("The MOD will launch the TYCHE satellite. TITANIA is a radio frequency sensor. "
            "The Space Research Agency (SPRA) will fund the SPRA programme. "
            "This notice of proposed rulemaking (NPRM) is open. Comments on this NPRM are welcome.")
    paper = setting(text, acronyms={"SPRA": "Space Research Agency"})
    assert clean(["TITANIA", "TYCHE", "NPRM", "the MOD", "SPRA"], paper) == ["the MOD", "SPRA"]


def test_this_and_the_start_a_word_only_after_a_non_word_character():
    from onrecord.nlp.setting import _THE, setting

    assert setting("Comments on this NPRM. Comments on_this KOALA, on 2this WOMBAT.").things == frozenset({"nprm"})
    assert _THE.sub("", "The UK Space Agency; xThe Agency, 9The Board; (The Agency)") == (
        "UK Space Agency; xThe Agency, 9The Board; (Agency)")


@pytest.mark.parametrize(("owner", "expected"), [
    ("the Government", "Scottish Government"),
    ("this government", "Scottish Government"),
    ("the Council", "Highland Council"),
    ("the Authority", "Highland Council"),
    ("the Department", "Department for Education"),
    ("we", "Scottish Government"),  # the responder, itself generic
    ("the DfT", "Department for Transport"),  # the maintained list
    ("NICE", "National Institute for Health and Care Excellence"),
    ("the National Institute for Clinical Excellence", "National Institute for Health and Care Excellence"),
    ("the BSP", "Birmingham Strategic Partnership"),  # the paper's own acronym
    ("Clerk of Council", "Clerk of Council"),  # a whole name, not "the Council"
])
def test_canonical_names_read_against_the_paper(owner, expected):
    from onrecord.nlp.owners import canonical
    from onrecord.nlp.setting import Setting

    paper = Setting(government="Scottish Government",
                    named={"council": "Highland Council", "department": "Department for Education",
                           "responder": "The Government"},
                    acronyms={"BSP": "Birmingham Strategic Partnership"})
    assert canonical(owner, paper) == expected


@pytest.mark.parametrize(("text", "title", "body", "named"), [
    ("Minutes of the meeting of Kent County Council held on 13 March 2025", None, "Kent County Council",
     {"council": "Kent County Council"}),
    (("The Department for Transport (DfT) funds roads. The Department for Transport has a plan. "
      "The Department for Education funds schools."), "Roads", None, {"department": "Department for Transport"}),
    # named as often: the first named; a run-on heading read as the department the alias list knows
    ("The Department for Education funds schools. The DfT funds roads.", "Schools", None,
     {"department": "Department for Education"}),
    ("Department for Business & Trade Policy Team\nThe Department will pay.", "Redress", None,
     {"department": "Department for Business and Trade"}),
])
def test_the_department_and_council_a_paper_names(text, title, body, named):
    from onrecord.nlp.setting import setting

    found = setting(text, title, body)
    assert {k: v for k, v in found.named.items() if k != "responder"} == named


def test_a_country_the_paper_names_before_a_programme_stays_an_owner():
    from onrecord.nlp.owners import clean
    from onrecord.nlp.setting import setting

    paper = setting("The UK programme will grow. The UK will fund the NHS system. Health system leaders met.")
    assert clean(["the UK", "NHS", "Health"], paper) == ["the UK", "NHS", "Health"]


def test_a_city_papers_ordinances_make_it_american():
    from onrecord.nlp.setting import setting

    text = "Journal of the City Council. An ordinance amending the Municipal Code, passed by the aldermen."
    assert setting(text, "Journal of the Proceedings").government == "US Federal Government"


@pytest.mark.parametrize("command", [["owners"], ["owners", "merge"], ["owners", "split"], ["owners", "list"]])
def test_the_owners_commands_have_help(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert "Example:" in result.output if command == ["owners"] else "DATABASE" in result.output
