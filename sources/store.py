"""What an import writes: committees, meetings and sources, and the meeting on its documents.

A meeting's row, with the sha256 of the XML or page it was read from, is written last, in the
same transaction as its papers' documents rows and its decisions: until then the meeting counts
as not fetched, so an import killed at any moment fetches it again on the next run.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from onrecord import db, ingest
from onrecord.ingest.model import Document, Line, Page
from onrecord.nlp.model import Item
from onrecord.sources.model import Committee, Decision, Delegated, Meeting, Paper


@dataclass
class Stored:
    """What the database holds of a meeting: what its listing said, and the sha256 it was read at."""

    stub: tuple
    sha256: str | None


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def committee_id(host: str, native_id: str) -> str:
    return f"{host}:{native_id}"


def meeting_id(host: str, native_id: str) -> str:
    return f"{host}:{native_id}"


def save_committees(database: Database, host: str, system: str, committees: list[Committee]) -> None:
    rows = [
        {"id": committee_id(host, c.native_id), "site": host, "system": system, "native_id": c.native_id,
         "title": c.title, "category": c.category, "expired": int(c.expired), "url": c.url}
        for c in committees
    ]
    with database.atomic():
        _upsert_changed(database, "committees", rows, "site = ?", [host])


def stored_meetings(database: Database, host: str) -> dict[str, Stored]:
    return {
        row["native_id"]: Stored((row["date"], row["time"], row["status"]), row["sha256"])
        for row in database.query(
            "select native_id, date, time, status, sha256 from meetings where site = ?", [host]
        )
    }


def held_paper(database: Database, url: str) -> tuple[Path, str] | None:
    """(file, sha256) of a paper fetched before whose bytes are still at hand, on disk or stored."""
    row = database.execute("select path, sha256 from sources where url = ? and what = 'paper'", [url]).fetchone()
    if not row or not row[1]:
        return None
    path, sha = Path(row[0] or ""), row[1]
    if db.is_stored(database, sha) or (path.is_file() and ingest.sha256(path) == sha):
        return path, sha
    return None


def record_paper(database: Database, paper: Paper, meeting: str, path: Path, sha: str) -> None:
    """A paper just downloaded: a later run need not download it again."""
    row = {"url": paper.url, "what": "paper", "meeting": meeting, "title": paper.title,
           "fetched_at": now(), "sha256": sha, "document": sha, "path": str(path)}
    with database.atomic():
        database.table("sources").upsert(row, pk="url")


def finish_meeting(
    database: Database,
    host: str,
    meeting: Meeting,
    committee_title: str,
    source: tuple[str, str] | None,
    papers: list[tuple[Paper, str]],
    folder: Path,
) -> int:
    """Write a fetched meeting: its papers' documents rows, its decisions, then the meeting itself.

    source is (URL, sha256) of what the meeting was read from; papers are (paper, sha256); the
    decisions' text is kept as a file in folder. Returns the number of decision items stored.
    """
    mid = meeting_id(host, meeting.native_id)
    items = 0
    with database.atomic():
        for paper, sha in papers:
            _annotate(database, sha, mid, meeting, committee_title, paper)
        decisions_doc = None
        if meeting.decisions:
            doc, found = decisions_document(meeting, committee_title, folder)
            db.store(database, doc, found)
            decisions_doc, items = doc.id, len(found)
            _annotate(database, doc.id, mid, meeting, committee_title, None)
        if source is not None:
            url, sha = source
            db.clear_errors(database, url)
            row = {"url": url, "what": "meeting", "meeting": mid, "title": None, "fetched_at": now(),
                   "sha256": sha, "document": decisions_doc, "path": None}
            database.table("sources").upsert(row, pk="url")
        row = {"id": mid, "site": host, "native_id": meeting.native_id,
               "committee": committee_id(host, meeting.committee), "date": meeting.date,
               "time": meeting.time, "status": meeting.status, "location": meeting.location,
               "url": meeting.url, "sha256": source[1] if source else None}
        _upsert_changed(database, "meetings", [row], "id = ?", [mid])
    return items


def fetched(database: Database, what: str) -> set[str]:
    """The URLs of what was fetched before, e.g. every decision page."""
    return {row[0] for row in database.execute("select url from sources where what = ?", [what])}


def save_delegated(
    database: Database, delegated: Delegated, decision: Decision | None, sha: str, folder: Path
) -> int:
    """A decision taken outside a meeting, as a document of its own with one item; a decision
    taken at a meeting is only noted as fetched (it is read with its meeting). Returns items stored."""
    document, items = None, 0
    with database.atomic():
        if decision is not None and not decision.at_meeting:
            page = Page(number=1, lines=[Line(decision.title)] + [Line(t) for t in decision.text.split("\n")],
                        text_quality=1.0)
            name = re.sub(r"[^A-Za-z0-9]+", "-", delegated.url.rsplit("?", 1)[-1]).strip("-")
            path, doc_id = _text_file(folder / f"decision-{name}.txt", delegated.url, [page])
            doc = Document(
                path=str(path), id=doc_id, format="txt", pages=[page],
                title=decision.title or delegated.title, kind="other",
                meeting_date=decision.decision_date,
                published_date=decision.published_date or delegated.published_date,
            )
            owners = [decision.decided_by] if decision.decided_by else []
            item = Item(kind="decision", text=decision.text, page=1, owners=owners,
                        canonical=owners, method="minutes", confidence=1.0)
            db.store(database, doc, [item])
            database.execute("update documents set source_url = ? where id = ? and source_url is not ?",
                             [delegated.url, doc.id, delegated.url])
            document, items = doc.id, 1
        row = {"url": delegated.url, "what": "decision", "meeting": None, "title": delegated.title,
               "fetched_at": now(), "sha256": sha, "document": document, "path": None}
        database.table("sources").upsert(row, pk="url")
    return items


def decisions_document(
    meeting: Meeting, committee_title: str, folder: Path
) -> tuple[Document, list[Item]]:
    """The decisions and minutes a meeting system publishes as text, as a document of one page each,
    kept as a text file so that its source link opens it like any paper's."""
    pages, items = [], []
    for number, decision in enumerate(meeting.decisions, start=1):
        heading = f"{decision.ref} {decision.title}".strip()
        lines = [Line(heading)] + [Line(text) for text in decision.text.split("\n")]
        pages.append(Page(number=number, lines=lines, text_quality=1.0))
        items.append(Item(
            kind="decision", text=decision.text, page=number, ref=decision.ref,
            owners=[decision.decided_by], canonical=[decision.decided_by],
            method="minutes", confidence=1.0,
        ))
    path, doc_id = _text_file(folder / f"meeting-{meeting.native_id}-decisions.txt", meeting.url or "", pages)
    doc = Document(
        path=str(path),
        id=doc_id,
        format="txt",
        pages=pages,
        title=f"{committee_title}, {meeting.date or 'undated'}: decisions and minutes",
        committee=committee_title,
        kind="minutes",
        meeting_date=meeting.date,
        published_date=None,
    )
    return doc, items


def _text_file(path: Path, url: str, pages: list[Page]) -> tuple[Path, str]:
    """Write pages as a text file, headed by where they were read, once; (path, sha256 of its bytes)."""
    body = f"{url}\n\n" + "\n\f".join(page.text for page in pages) + "\n"
    data = body.encode("utf-8")
    if not (path.is_file() and path.read_bytes() == data):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        os.replace(partial, path)
    return path, hashlib.sha256(data).hexdigest()


def _annotate(
    database: Database, doc_id: str, mid: str, meeting: Meeting, committee: str, paper: Paper | None
) -> None:
    """Give a stored document the committee, meeting and date its source states."""
    values = {"committee": committee, "meeting": mid, "meeting_date": meeting.date,
              "source_url": paper.url if paper else meeting.url, "id": doc_id}
    if paper and paper.published_date:
        values["published_date"] = paper.published_date
    sets = ", ".join(f"{k} = :{k}" for k in values if k != "id")
    changed = " or ".join(f"{k} is not :{k}" for k in values if k != "id")
    database.execute(f"update documents set {sets} where id = :id and ({changed})", values)


def _upsert_changed(database: Database, table: str, rows: list[dict], where: str, params: list) -> None:
    stored = {row["id"]: row for row in database.query(f"select * from [{table}] where {where}", params)}
    changed = [row for row in rows if {k: stored.get(row["id"], {}).get(k) for k in row} != row]
    if changed:
        database.table(table).upsert_all(changed, pk="id")

