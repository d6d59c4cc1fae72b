"""A user's own rules folder (`--rules DIR`): its files replace the project's, stored documents are
re-extracted with them, and a folder that cannot be used is refused before anything is read."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.nlp import rules
from tests.pdfs import make_table_pdf

ONRECORD = [sys.executable, "-c", "from onrecord.cli import cli; cli()"]
HEADER = ["Proposal", "Responsibility", "Completion Date"]  # "Proposal" names no item column of ours


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ONRECORD, *args], capture_output=True, text=True, timeout=300, check=False)


def _own_rules(folder: Path) -> Path:
    """The project's table headers, with "proposal" as a commitment column."""
    folder.mkdir()
    table = json.loads(rules.read("table_headers.json"))
    table["item"]["commitment"].append("proposal")
    (folder / "table_headers.json").write_text(json.dumps(table))
    return folder


def _table_items(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute("select kind, method from items where method = 'table' order by page, id").fetchall()


@pytest.mark.slow
def test_a_users_rules_read_what_the_projects_do_not_and_stored_documents_follow(tmp_path):
    paper = make_table_pdf(tmp_path / "proposals.pdf", repeat_header=True, rows=4, gap=40, header=HEADER)
    database = tmp_path / "onrecord.db"
    mine = _own_rules(tmp_path / "mine")

    assert _run("ingest", str(paper), "-d", str(database), "-j", "1", "--silent").returncode == 0
    assert _table_items(database) == []  # the project's rules know no "Proposal" column

    result = _run("ingest", str(paper), "-d", str(database), "-j", "1", "--silent", "--rules", str(mine))
    assert result.returncode == 0, result.stderr
    assert _table_items(database) == [("commitment", "table")] * 4  # the stored paper, re-extracted

    # and back: without the folder, the project's rules again
    assert _run("ingest", str(paper), "-d", str(database), "-j", "1", "--silent").returncode == 0
    assert _table_items(database) == []


@pytest.mark.parametrize("name, content, says", [
    ("cues.jsn", "{}", "cues.jsn: not a rules file"),
    ("table_headers.json", "{not json", "table_headers.json: not JSON"),
    ("cues.json", '{"promise": "(will"}', "cues.json: promise: not a regular expression"),
    ("dates.json", '{"patterns": [{"kind": "my", "pattern": "({month}"}]}', "dates.json: my: not a regular expression"),
    ("dates.json", '{"open": "ongoing"}', "dates.json: needs \"patterns\""),
])
def test_a_rules_folder_that_cannot_be_used_is_refused_before_anything_is_read(tmp_path, name, content, says):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / name).write_text(content)
    paper = tmp_path / "minutes.txt"
    paper.write_text("The Clerk will write to the County Council by March 2026.\n")
    database = tmp_path / "onrecord.db"
    result = _run("ingest", str(paper), "-d", str(database), "--rules", str(folder))
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert not database.exists()


def test_rules_files_are_read_from_the_users_folder_first(tmp_path, monkeypatch):
    mine = _own_rules(tmp_path / "mine")
    monkeypatch.setenv(rules.ENV, str(mine))
    assert "proposal" in json.loads(rules.read("table_headers.json"))["item"]["commitment"]
    assert rules.read("cues.json") == (Path(rules.__file__).parent / "patterns" / "cues.json").read_text()
    assert rules.user_files() == [mine / "table_headers.json"]
    monkeypatch.delenv(rules.ENV)
    assert rules.user_files() == []


def test_deadlines_are_read_by_the_patterns_of_dates_json(tmp_path, monkeypatch):
    """How deadlines are printed is data: a user's dates.json that drops a kind finds none of it."""
    from onrecord.nlp.dates import find_due, patterns
    table = json.loads(rules.read("dates.json"))
    assert [p["kind"] for p in table["patterns"]][:2] == ["open", "fy_span"]  # tried in order
    assert find_due("Q3 2025")[1] == "2025-09"
    (tmp_path / "dates.json").write_text(json.dumps({"patterns": [p for p in table["patterns"] if p["kind"] != "quarter"]}))
    monkeypatch.setenv(rules.ENV, str(tmp_path))
    patterns.cache_clear()
    find_due.cache_clear()
    try:
        assert find_due("Q3 2025") == ("", None)
    finally:
        monkeypatch.delenv(rules.ENV)
        patterns.cache_clear()
        find_due.cache_clear()
    assert find_due("Q3 2025")[1] == "2025-09"
