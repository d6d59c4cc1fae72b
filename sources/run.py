"""One import from a meeting system: list, fetch what is new or changed, ingest the papers, record.

Three steps, so that an import killed at any moment ends, when run again, with the same
database: (1) list the committees and meetings and fetch the meetings that are new, changed
or recent, downloading each paper not held yet (each recorded in `sources` as soon as it is on
disk); (2) ingest the downloaded papers through the normal pipeline; (3) write each meeting,
its papers' committee and meeting and its decisions in one transaction, the meeting's sha256
last of all.
"""
from __future__ import annotations

import hashlib
import mimetypes
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from onrecord import db, pipeline
from onrecord.sources import store
from onrecord.sources.errors import FetchError, Refused, SourceError
from onrecord.sources.http import Client, Response
from onrecord.sources.model import Committee, Meeting, Paper

RECENT_DAYS = 90  # meetings this recent are fetched again: their papers and minutes still change
_SUFFIXES = {"application/pdf": ".pdf", "text/html": ".html", "text/plain": ".txt",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


class Site(Protocol):
    system: str
    host: str

    def listing(
        self, client: Client, since: str | None, until: str | None, only: set[str] | None = None
    ) -> tuple[list[Committee], list[Meeting]]: ...

    def fetch(self, client: Client, stub: Meeting, committee: Committee) -> tuple[bytes, str, Meeting]: ...


@dataclass
class ImportSummary:
    committees: int = 0
    meetings: int = 0  # listed between since and until
    meetings_fetched: int = 0  # their papers and decisions asked for
    meetings_changed: int = 0  # new, or changed since they were last fetched
    papers_fetched: int = 0  # downloaded
    papers_held: int = 0  # not downloaded: held already
    papers_new: int = 0  # documents stored that were not there before
    restricted: int = 0  # restricted agenda items and papers, never fetched
    decisions: int = 0  # decision pages fetched (Modern.Gov's decisions taken outside meetings)
    items: int = 0  # decisions from the meeting system, and items read from new papers
    requests: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass
class _Fetched:
    meeting: Meeting
    committee: Committee
    source: tuple[str, str] | None  # (URL, sha256) it was read from
    papers: list[tuple[Paper, Path, str]] = field(default_factory=list)


def import_site(
    database_path: str | Path,
    site: Site,
    client: Client,
    *,
    since: str | None = None,
    until: str | None = None,
    committees: set[str] | None = None,
    papers_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    today: date | None = None,
    jobs: int = 1,
) -> ImportSummary:
    """Import a site's committees, meetings, decisions and papers into an onrecord database."""
    started = time.monotonic()
    say = progress or (lambda _: None)
    database = db.open_db(database_path)
    folder = Path(papers_dir) if papers_dir else Path(f"{database_path}.papers")
    folder = folder / site.host
    recent = ((today or date.today()) - timedelta(days=RECENT_DAYS)).isoformat()
    summary = ImportSummary()

    wanted, meetings = site.listing(client, since, until, committees)
    if committees and (missing := sorted(committees - {c.native_id for c in wanted})):
        asked = " ".join(f"--committee {m}" for m in missing)
        if not wanted:
            raise SourceError(f"{asked}: no such committee on the site - run without --committee"
                              " to list its committees in table committees")
        say(f"Warning: {asked}: no such committee on the site")
    store.save_committees(database, site.host, site.system, wanted)
    by_id = {c.native_id: c for c in wanted}
    summary.committees, summary.meetings = len(wanted), len(meetings)
    say(f"{len(wanted)} committees, {len(meetings)} meetings listed")

    held = store.stored_meetings(database, site.host)
    fetched: list[_Fetched] = []
    for n, stub in enumerate(meetings, start=1):
        committee = by_id.get(stub.committee) or Committee(stub.committee, stub.committee)
        old = held.get(stub.native_id)
        if (stub.status or "").lower() == "cancelled":
            fetched.append(_Fetched(stub, committee, None))  # nothing to fetch: recorded as listed
            continue
        if old and old.sha256 and _same(old.stub, stub.stub()) and (stub.date or "") < recent:
            continue  # fetched before, unchanged in the listing, and old enough not to change
        label = f"meeting {n}/{len(meetings)}: {committee.title} {stub.date or ''}"
        try:
            raw, url, meeting = site.fetch(client, stub, committee)
        except Refused:
            raise  # the site refuses us: stop, rather than be refused for every meeting
        except SourceError as e:  # 404, still failing after the retries, or not the XML expected:
            # recorded, and the next run tries again
            summary.errors.append(str(e))
            db.record_error(database, str(e).split(": ", 1)[0], "fetch", str(e))
            continue
        summary.meetings_fetched += 1
        sha = hashlib.sha256(raw).hexdigest()
        summary.restricted += meeting.restricted
        if old and old.sha256 == sha:
            say(f"{label}: unchanged")
            continue
        summary.meetings_changed += 1
        say(f"{label}: {len(meeting.papers)} papers, {len(meeting.decisions)} decisions")
        entry = _Fetched(meeting, committee, (url, sha))
        for paper in meeting.papers:
            got = _paper(database, client, paper, folder, store.meeting_id(site.host, meeting.native_id), summary)
            if got:
                entry.papers.append((paper, *got))
        fetched.append(entry)

    if hasattr(site, "delegated") and not committees:
        _delegated(database, site, client, since, until, summary, say, folder)

    _ingest(database_path, fetched, summary, say, jobs)

    for entry in fetched:
        summary.items += store.finish_meeting(
            database, site.host, entry.meeting, entry.committee.title, entry.source,
            [(paper, sha) for paper, _, sha in entry.papers], folder,
        )
    summary.requests = client.requests
    summary.seconds = time.monotonic() - started
    return summary


def _delegated(
    database: Database, site: Any, client: Client, since: str | None, until: str | None,
    summary: ImportSummary, say: Callable[[str], None], folder: Path,
) -> None:
    """Decisions taken outside meetings, each page fetched once."""
    held = store.fetched(database, "decision")
    listed = [d for d in site.delegated(client, since, until) if d.url not in held]
    if listed:
        say(f"{len(listed)} decisions listed outside meetings")
    for delegated in listed:
        try:
            raw, decision = site.decision(client, delegated.url)
        except Refused:
            raise
        except FetchError as e:
            summary.errors.append(str(e))
            db.record_error(database, delegated.url, "fetch", str(e))
            continue
        summary.decisions += 1
        summary.items += store.save_delegated(
            database, delegated, decision, hashlib.sha256(raw).hexdigest(), folder
        )


def _same(stored: tuple, listed: tuple) -> bool:
    """Whether a listing agrees with what was stored; what a listing does not give (None) agrees."""
    return all(new is None or new == old for old, new in zip(stored, listed))


def _paper(
    database: Database, client: Client, paper: Paper, folder: Path, meeting: str, summary: ImportSummary
) -> tuple[Path, str] | None:
    """(file, sha256) of a paper: the one held, or else downloaded now; None if it cannot be had."""
    if held := store.held_paper(database, paper.url):
        summary.papers_held += 1
        return held
    try:
        response = client.get(paper.url)
    except Refused:
        raise  # the site refuses us: stop, rather than be refused for every paper
    except FetchError as e:
        summary.errors.append(f"{paper.title}: {e}")
        db.record_error(database, paper.url, "fetch", str(e))
        return None
    sha = hashlib.sha256(response.content).hexdigest()
    path = folder / f"{paper.key or sha[:16]}{_suffix(response)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(response.content)
    os.replace(partial, path)  # a file at its name is always whole
    store.record_paper(database, paper, meeting, path, sha)
    db.clear_errors(database, paper.url)  # a paper that was missing before is there now
    summary.papers_fetched += 1
    return path, sha


def _suffix(response: Response) -> str:
    if response.content.startswith(b"%PDF"):
        return ".pdf"
    if response.content.startswith(b"PK"):
        return ".docx"
    kind = response.content_type.split(";")[0].strip().lower()
    return _SUFFIXES.get(kind) or mimetypes.guess_extension(kind) or ".pdf"


def _ingest(
    database_path: str | Path, fetched: list[_Fetched], summary: ImportSummary,
    say: Callable[[str], None], jobs: int,
) -> None:
    """Read the papers not stored yet through the normal ingest pipeline."""
    database = db.open_db(database_path)
    paths = sorted({path for entry in fetched for _, path, sha in entry.papers
                    if not db.is_stored(database, sha)})
    if not paths:
        return
    say(f"reading {len(paths)} papers")
    count = iter(range(1, len(paths) + 1))

    def read(done: pipeline.Done) -> None:
        say(f"paper {next(count, len(paths))}/{len(paths)}: {Path(done.path).name} {done.outcome}, {done.pages} pages")

    result = pipeline.ingest_files(database_path, paths, progress=read, jobs=jobs)
    summary.papers_new += result.documents
    summary.items += result.items
    summary.errors.extend(result.errors)
