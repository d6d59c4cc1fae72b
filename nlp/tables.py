"""Items from recommendation and action tables: find the columns by their header words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from onrecord.ingest.model import Document, Table
from onrecord.nlp import rules
from onrecord.nlp.dates import MONTH, cell_due, find_due
from onrecord.nlp.model import Item
from onrecord.nlp.owners import action_subject, split_owners

_REF = re.compile(r"^(?:R\s?)?\d{1,3}(?:\.\d{1,3})*[a-z]?\.?$|^[A-Z]\d{1,3}\.?$|^\(?[a-z]\)$", re.IGNORECASE)


@cache
def vocabulary() -> dict:
    return rules.load("table_headers.json")


def _norm(cell: str) -> str:
    return re.sub(r"[^a-z# ]+", " ", cell.lower()).strip()


@dataclass
class Columns:
    """Which column holds what; None where the table has no such column."""

    item: int
    kind: str
    ref: int | None = None
    owner: int | None = None
    due: int | None = None
    status: int | None = None
    width: int = 0
    shifted: bool = False  # refs sit in a column of their own under the item column's header
    discussion: bool = False  # minutes beside an action column: only rows with an action are items
    due_text: str = ""  # a deadline in the item column's header ("Therefore, in 2021 we will..."): every row's


_WE_WILL = re.compile(r"\bwe (?:will|have committed to|commit to)\b|\bwhat we will do\b")


def header(row: list[str]) -> Columns | None:
    """The columns named by a header row, if it names an item column and an owner or date column."""
    vocab = vocabulary()
    roles: dict[str, int] = {}
    kind = None
    discussion = promised = False
    due_text = ""
    for i, cell in enumerate(row):
        name = " ".join(_norm(cell).split())
        if not name:
            continue
        if name in vocab["discussion"] and "item" not in roles:
            roles["item"], kind, discussion = i, "action", True
            continue
        if _WE_WILL.search(name) and "item" not in roles:  # "You said | We will", "Therefore, in 2021 we will..."
            roles["item"], kind, promised = i, "commitment", True
            due_text = find_due(cell)[0]
            continue
        for k, words in vocab["item"].items():
            if name in words and "item" not in roles:
                roles["item"], kind = i, k
                break
        else:
            for role in ("owner", "due", "status", "ref"):
                if _names(name, vocab[role]) and role not in roles:
                    roles[role] = i
                    break
    if promised and "owner" in roles:
        kind = "action"  # "What we have committed to | Led by | Timescale": each row a task given to its lead
    if "item" not in roles or not ({"owner", "due"} & roles.keys() or (kind == "action" and "status" in roles)
                                   or promised):
        return None  # an action log may name only Action | Status, the owner in the action's words
    return Columns(
        item=roles["item"], kind=kind or "action", ref=roles.get("ref"), owner=roles.get("owner"),
        due=roles.get("due"), status=roles.get("status"), width=len(row), discussion=discussion,
        due_text=due_text,
    )


def _names(name: str, words: list[str]) -> bool:
    """Whether a header cell is one of a role's words, also where a narrow cell broke the word
    across two lines ("Timescal e")."""
    return name in words or name.replace(" ", "") in {w.replace(" ", "") for w in words}


def table_items(doc: Document, reference: date | None) -> tuple[list[Item], list[Table]]:
    """Every row of every recognised table as an item, and the tables read; a table without a header
    continues the last one."""
    items: list[Item] = []
    read: list[Table] = []
    columns: Columns | None = None
    for page in doc.pages:
        for table in page.tables:
            rows = [[(c or "").strip() for c in row] for row in table.rows]
            first = header(rows[0]) if rows else None
            if first:
                columns, rows, boxes = first, rows[1:], table.row_bboxes[1:]
                columns.shifted = _refs_first(rows) and columns.item == 0 and columns.ref is None
            elif columns is None or abs(len(rows[0]) - columns.width) > 1:
                columns = None
                continue
            else:
                boxes = table.row_bboxes
            read.append(table)
            for n, row in enumerate(rows):
                if header(row):  # a header repeated inside the table
                    continue
                bbox = boxes[n] if n < len(boxes) else table.bbox
                _add_row(items, row, columns, page.number, bbox, reference)
    return items, read


def _refs_first(rows: list[list[str]]) -> bool:
    """Whether the first column holds refs ("R1", "2.3") rather than text."""
    firsts = [row[0] for row in rows if row and row[0]]
    return bool(firsts) and sum(bool(_REF.match(c)) for c in firsts) >= 0.6 * len(firsts)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _add_row(items: list[Item], row: list[str], columns: Columns, page: int, bbox, reference) -> None:
    row = [re.sub(r"\s+", " ", c).strip() for c in row]
    ref = _cell(row, columns.ref)
    if columns.shifted:
        # "Recommendation" heads both the ref column and the text column beside it
        ref, row = row[0], row[1:]
    elif columns.ref is None and row and _REF.match(row[0]) and columns.item != 0:
        ref = row[0]
    text = _cell(row, columns.item)
    if columns.item == 0 and not ref:
        m = re.match(r"^((?:R\s?)?\d{1,3}(?:\.\d{1,3})*[a-z]?)[.:)]?\s+(?=\S)", text)
        if m and _REF.match(m.group(1)):
            ref, text = m.group(1), text[m.end():]
    owner_text = _cell(row, columns.owner)
    due_text = _cell(row, columns.due)
    status = _cell(row, columns.status) or None
    if columns.due is None or not due_text:
        # "Chairman of BSP January 2006": a date printed in the owner cell
        due_text = due_text or find_due(owner_text, reference)[0] or columns.due_text
    if columns.discussion:
        if not owner_text.strip():
            return
        who = _who(owner_text)
        if columns.due is None:
            due_text = owner_text[len(who):]
        owner_text = who
        text = _agreed_point(text)
    if not text.strip():
        if items and (owner_text or due_text):
            _extend(items[-1], "", owner_text, due_text, reference)
        return
    own_cells = bool(owner_text.strip() and due_text.strip() and items and items[-1].owners and items[-1].due)
    if not ref and items and items[-1].method == "table" and _continues(items[-1].text, text) and not own_cells:
        _extend(items[-1], text, owner_text, due_text, reference)
        return
    if columns.owner is not None and columns.due is not None and not (ref or owner_text or _cell(row, columns.due) or status):
        return  # a theme's heading across the table, over the rows that are its tasks
    due, due_date = cell_due(due_text, reference)
    # "Required for all agencies": the parties a milestone binds
    owner_text = re.sub(r"^(?:required|encouraged|optional)\s+(?:for\s+)?", "", owner_text, flags=re.IGNORECASE)
    owners = split_owners(owner_text) if columns.owner is not None else action_subject(text)
    owners = [re.sub(r"^as well as\s+|\s+only$", "", o, flags=re.IGNORECASE) for o in owners
              if not re.match(r"(?:encouraged|optional)\b", o, re.IGNORECASE)]
    items.append(Item(
        kind=columns.kind, text=text, page=page, ref=ref.rstrip("."),
        owners=owners, due=due or due_text.strip(), due_date=due_date,
        status=status, method="table", confidence=0.9, bbox=bbox,
    ))


_MONTH_WORD = re.compile(rf"\b{MONTH}(?!\w)", re.IGNORECASE)  # "Nov", "March", not "Marketing"


def _who(cell: str) -> str:
    """The owners in an action cell: "JN to send Pdfs of each plan" or "JN/AC Nov (3/4?)"."""
    m = re.match(r"^(.{1,60}?)\s+to\s+[a-z]", cell)
    if m:
        cell = m.group(1)
    m = _MONTH_WORD.search(cell)
    return cell[: m.start()] if m else cell


def _agreed_point(text: str) -> str:
    """The bullet of a minuted discussion that records what was agreed, else the whole cell."""
    points = [p.strip() for p in re.split(r"\s*[•▪●]\s*", text) if p.strip()]
    for point in points[1:]:
        if re.search(r"\b(?:it was agreed?|agreed that|resolved)\b", point, re.IGNORECASE):
            return point
    text = re.sub(r"^\d{1,3}\.\s+", "", text)
    return text


def _continues(previous: str, text: str) -> bool:
    """A row that carries on the previous one across a page break: it starts in mid-sentence."""
    return bool(text[:1].islower()) and not previous.rstrip().endswith((".", ";"))


def _extend(item: Item, text: str, owner_text: str, due_text: str, reference) -> None:
    if text:
        item.text = f"{item.text} {text}"
    if owner_text and not item.owners:
        item.owners = split_owners(owner_text)
    if due_text and not item.due_date:
        item.due, item.due_date = cell_due(due_text, reference)
