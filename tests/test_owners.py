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
    "3. National Highways should report progress to Parliament every year.",
]
BRIDGES = [
    "Transport Select Committee",
    "Report on bridges, June 2025",
    "",
    "Recommendations",
    "",
    "1. The DfT should inspect every bridge over a railway by December 2026.",
    "2. Network Rail should repair every bridge it owns by 2028.",
    "3. National Highways should report progress to Parliament every year.",
]
OTHERS = ("National Highways", "Network Rail")


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


def test_merge_groups_an_alias_under_a_name_and_split_parts_them(roads):
    _, db_path = roads
    assert owners(db_path) == {"DfT": ["DfT"], "Department for Transport": ["Department for Transport"]}
    run("owners", "merge", str(db_path), "DfT", "Department for Transport")
    assert owners(db_path) == {"Department for Transport": ["Department for Transport"] * 2}
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select aliases from owners where name like 'Dep%'").fetchone() == (
            '["The Department for Transport", "The DfT"]',)
        # what was printed stays, beside the canonical name
        assert {r[0] for r in conn.execute("select owners_printed from items")} == {
            "The DfT", "The Department for Transport", "National Highways"}
    assert run("owners", "list", str(db_path)) == "DfT\tDepartment for Transport\n"
    run("owners", "split", str(db_path), "DfT")
    assert owners(db_path) == {"DfT": ["DfT"], "Department for Transport": ["Department for Transport"]}
    assert run("owners", "list", str(db_path)) == "DfT\tDfT\n"


def test_split_parts_what_the_maintained_list_merged(roads):
    _, db_path = roads
    run("owners", "merge", str(db_path), "DfT", "Department for Transport")
    # "the government" is HM Government by the maintained list; split, it is its own owner
    folder = db_path.parent / "more"
    folder.mkdir()
    make_pdf(folder / "gov.pdf", [[*BRIDGES[:5], "1. The Government should publish a roads plan by 2027.",
                                   *BRIDGES[6:]]], title="Roads plan")
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1")
    assert "HM Government" in owners(db_path)
    run("owners", "split", str(db_path), "the Government")
    assert "HM Government" not in owners(db_path) and owners(db_path)["Government"] == ["Government"]


def test_the_list_is_applied_to_every_later_ingest_and_reextraction(roads, tmp_path):
    folder, db_path = roads
    run("owners", "merge", str(db_path), "DfT", "Department for Transport")
    make_pdf(folder / "bridges.pdf", [BRIDGES], title="Bridges: report")
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1")
    assert owners(db_path) == {"Department for Transport": ["Department for Transport"] * 3}
    with sqlite3.connect(db_path) as conn:
        conn.execute("update documents set extractor = 'older'")
    run("reextract", str(db_path), "--silent")
    assert owners(db_path) == {"Department for Transport": ["Department for Transport"] * 3}


def test_ingest_starts_from_an_alias_file(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "roads.pdf", [ROADS], title="Local roads: report")
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("# printed<TAB>owner\nDfT\tDepartment for Transport\n\nthe Department for Transport\tDfT-X\n")
    db_path = tmp_path / "onrecord.db"
    run("ingest", str(folder), "-d", str(db_path), "--silent", "-j", "1", "--aliases", str(aliases))
    # both forms end at one owner: "DfT" -> "Department for Transport" -> "DfT-X"
    assert owners(db_path) == {"DfT-X": ["DfT-X"] * 2}
    listed = run("owners", "list", str(db_path))
    assert sorted(listed.splitlines()) == ["DfT\tDepartment for Transport", "the Department for Transport\tDfT-X"]


def test_a_bad_alias_file_names_its_line_and_changes_nothing(roads, tmp_path):
    folder, db_path = roads
    bad = tmp_path / "aliases.tsv"
    bad.write_text("DfT\tDepartment for Transport\nDepartment of Health only one name\n")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "-d", str(db_path), "--silent", "--aliases", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: not 'alias<TAB>owner name'" in result.output
    assert run("owners", "list", str(db_path)) == ""


def test_merge_refuses_a_loop_and_an_empty_name(roads):
    _, db_path = roads
    run("owners", "merge", str(db_path), "DfT", "Department for Transport")
    result = CliRunner().invoke(cli, ["owners", "merge", str(db_path), "Department for Transport", "the DfT"])
    assert result.exit_code == 1 and "split" in result.output
    result = CliRunner().invoke(cli, ["owners", "merge", str(db_path), ".", "DfT"])
    assert result.exit_code == 1 and "no name" in result.output
    assert run("owners", "list", str(db_path)) == "DfT\tDepartment for Transport\n"


def test_the_migration_moves_printed_owners_aside_and_shows_canonical_ones(tmp_path):
    from sqlite_utils import Database

    from db import open_db
    from db.schema import MIGRATIONS

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
