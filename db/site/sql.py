"""What overdue and done mean, and the other SQL the site's pages, feeds and canned queries share.

Written once here: the overdue page, the item, owner and search pages, the overdue feed and the
canned queries (db.site.queries) all read these fragments.
"""

from __future__ import annotations

from onrecord.db.schema import SOURCE_PREFIX, due_end_sql

# A status printed as one of these (or starting with one: "Completed", "Closed - merged")
# means the item is done.
DONE_STATUSES = ("done", "complete", "closed", "implemented")


def done_sql(status: str) -> str:
    """SQL true when a status column says the item is done."""
    return "(" + " or ".join(
        f"lower(coalesce({status}, '')) like '{s}%'" for s in DONE_STATUSES
    ) + ")"


def done_later_sql(item_id: str) -> str:
    """SQL true when a later paper (following links from earlier to later, any number of papers
    on) marks the item done: a progress report that says "Completed" closes the promise.

    The items so closed are found once per query, walking back from each done item along the
    links, so that each item costs one lookup, not a walk of its own.
    """
    return f"""{item_id} in (with recursive onrecord_closed(id) as (
      select links.item_from from links join items as later_item on later_item.id = links.item_to
      where {done_sql('later_item.status')}
      union select links.item_from from links join onrecord_closed on links.item_to = onrecord_closed.id
    ) select id from onrecord_closed)"""


# The first day an item is overdue, written as index items_due_end (m006) has it, so that a
# query ordered by it walks the index instead of sorting every dated item.
DUE_END_SQL = due_end_sql("items.due_date")
NOT_DONE_SQL = f" and not {done_sql('items.status')} and not {done_later_sql('items.id')}"
# An item is overdue once its due date has passed at the precision printed (due 2025-03 is
# overdue from April 2025) unless its paper, or a later paper it is carried into, marks it done.
OVERDUE_SQL = f"(items.due_date is not null and {DUE_END_SQL} <= date('now'){NOT_DONE_SQL})"
# The date and year of a paper: its meeting's, else its publication's.
PAPER_DATE_SQL = "coalesce(documents.meeting_date, documents.published_date)"
PAPER_YEAR_SQL = f"substr({PAPER_DATE_SQL}, 1, 4)"
# Newest first: by the paper's date, then by when it was stored. Index documents_newest (m009)
# is on the same expressions, so that a listing reads papers newest first instead of sorting.
NEWEST_SQL = (
    "coalesce(documents.meeting_date, documents.published_date, '') desc, "
    "documents.ingested_at desc, items.page, items.ref"
)
# The owners of an item by their canonical names as the owners table stores them.
OWNERS_SQL = (
    "(select group_concat(owners.name, '; ') from item_owners"
    " join owners on owners.id = item_owners.owner where item_owners.item = items.id)"
)
ITEM_COLUMNS = f"""
  items.id, items.kind, items.ref, items.text, items.owners, items.due, items.due_date,
  items.status, items.page, items.document, items.confidence, documents.title as document_title,
  documents.body, {OVERDUE_SQL} as overdue
""".strip()


def source_sql(base: str, document: str = "items.document", page: str = "items.page") -> str:
    """SQL for the link to an item's page of its source file, under the site's base URL
    (an absolute URL such as https://example.org/, or a path such as /)."""
    prefix = (base.rstrip("/") + SOURCE_PREFIX).replace("'", "''")
    return f"'{prefix}' || {document} || coalesce('#page=' || {page}, '')"
