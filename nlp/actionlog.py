"""Action logs printed without ruling or header row: topic headings ("VAT Register – Lead PM"),
then one action per row with its status (New, Ongoing, Carried forward, ...) at the right."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from onrecord.ingest.model import Document
from onrecord.nlp.dates import find_due
from onrecord.nlp.model import Item
from onrecord.nlp.owners import action_subject, is_party, split_owners

STATUS = re.compile(
    r"(?:^|\s)(new|ongoing|on-going|completed?|carried(?:\s+forward)?|forward|closed|open|done|"
    r"on track|in progress|superseded|withdrawn)\s*$",
    re.IGNORECASE,
)
# "KK", "HS/KK", "JTe" (a third letter to tell two JTs apart), "All"
_INITIALS = re.compile(r"\s((?:[A-Z][A-Za-z]{0,2}[A-Z][a-z]?(?:\s*/\s*|\s+and\s+))*[A-Z][A-Za-z]{0,2}[A-Z][a-z]?|All)\s*$")
_LEAD = re.compile(
    r"(?:[-–—]?\s*\bLead\s+([A-Z][\w/ ,&]{0,30})|\s[-–—]\s*([A-Z][A-Za-z]{0,2}[A-Z](?:\s*/\s*[A-Z][A-Za-z]{0,2}[A-Z]?)+))$"
)
_DEFAULT_DUE = re.compile(r"\ball actions (?:are )?(?:due )?(?:for|by) (?:the )?(next meeting)\b", re.IGNORECASE)
_NOISE = re.compile(r"^(?:unclassified|official(?:-sensitive)?|restricted|protect|\d+)$", re.IGNORECASE)


def is_action_log(doc: Document) -> bool:
    """Whether enough lines end in a status word for the document to be read as an action log."""
    lines = [line.text.strip() for page in doc.pages for line in page.lines if line.text.strip()]
    ends = sum(bool(STATUS.search(text)) and len(text.split()) > 1 for text in lines)
    return ends >= 5 and ends >= 0.25 * len(lines)


def actionlog_items(doc: Document, reference: date | None) -> list[Item]:
    default_due = ""
    rows: list[dict] = []
    owners: list[str] = []
    pending: dict | None = None
    for page in doc.pages:
        for line in page.lines:
            text = line.text.strip()
            if not text or _NOISE.match(text):
                continue
            m = _DEFAULT_DUE.search(text)
            if m:
                default_due = m.group(1)
                continue
            body, status = _split_status(text)
            if not body:
                target = pending or (rows[-1] if rows else None)
                if target is not None and not target["status"]:
                    target["status"] = status
                    pending = None
                continue
            if status is None and _is_heading(body):
                owners = _heading_owners(body)
                pending = None
                continue
            if (pending or rows) and (body[:1].islower() or _unfinished((pending or rows[-1])["text"])):
                target = pending or rows[-1]
                target["text"] += " " + body
                target["lines"].append(line)
                if status and not target["status"]:
                    target["status"] = status
                    target["column"] = (len(target["text"]), *_row_owners(target["text"]))
                continue
            row: dict[str, Any] = {"text": body, "status": status, "owners": list(owners), "page": page.number,
                   "lines": [line]}
            if status:
                row["column"] = (len(body), *_row_owners(body))
            rows.append(row)
            pending = None if status else row
    initials = sum(bool(_INITIALS.search(row["text"])) or bool(row.get("column", (0, "", []))[2])
                   for row in rows if row["status"])
    owner_column = initials >= 0.5 * max(1, sum(bool(row["status"]) for row in rows))
    for row in rows:
        if owner_column:
            row["text"], column = _column_owners(row)
            row["owners"] = column or row["owners"]
        if row["owners"] != ["All"]:  # "ODUG members to email HS ..." in the row of "All": the same party
            row["owners"] = _union(row["owners"], action_subject(row["text"]))
    return [_item(row, default_due, reference) for row in rows]


def _unfinished(text: str) -> bool:
    """A row whose last line stops on a word that cannot end it: the next line carries on."""
    return bool(re.search(r"\b(?:to|on|of|and|or|with|the|for|in|a|an|by|from|at)$", text, re.IGNORECASE))


def _union(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    for owner in second:
        if owner.lower() not in {o.lower() for o in out}:
            out.append(owner)
    return out


def _split_status(text: str) -> tuple[str, str | None]:
    m = STATUS.search(text)
    if not m:
        return text, None
    return text[: m.start()].strip(), m.group(1)


def _row_owners(body: str) -> tuple[str, list[str]]:
    """Initials in an owner column just left of the status: "Publish the note KK/HS"."""
    m = _INITIALS.search(body)
    if m and len(body[: m.start()].split()) >= 2:
        return body[: m.start()].strip(), split_owners(m.group(1))
    return body, []


def _column_owners(row: dict) -> tuple[str, list[str]]:
    """A row's text and owners when the log has an owner column: the initials left of the status on
    the line that holds the status, also when the action's text wraps on after it ("Correspond with
    relevant departments to resolve issues with GS New" / "current OS restrictions")."""
    text, column = _row_owners(row["text"])
    if column or "column" not in row:
        return text, column
    end, before, column = row["column"]
    return (before + row["text"][end:], column) if column else (text, column)


def _is_heading(text: str) -> bool:
    words = text.split()
    if _LEAD.search(text):
        return True
    capitals = sum(w[:1].isupper() or not w[:1].isalpha() for w in words)
    return len(words) <= 8 and not text.endswith(".") and capitals >= 0.6 * len(words)


def _heading_owners(text: str) -> list[str]:
    m = _LEAD.search(text)
    if m:
        return split_owners(m.group(1) or m.group(2))
    return [text] if is_party(text) else []


def _item(row: dict, default_due: str, reference: date | None) -> Item:
    due, due_date = find_due(row["text"], reference)
    boxes = [line.bbox for line in row["lines"] if line.bbox]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes)) if boxes else None
    return Item(
        kind="action", text=row["text"], page=row["page"], owners=row["owners"],
        due=due or default_due, due_date=due_date, status=row["status"], method="table",
        confidence=0.6, bbox=bbox,
    )
