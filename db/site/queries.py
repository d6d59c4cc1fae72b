"""The canned queries every onrecord database gets, whatever its file is called.

The plugin hands them to Datasette (its canned_queries hook) for each database that holds
onrecord's tables, with `source` links under the site's base URL and owners by their canonical
names, so that a query's CSV and JSON can be used away from the site.
Overdue and done are db.site.sql's, as on the pages and feeds.
"""

from __future__ import annotations

from string import Template

from onrecord.db.site.sql import (
    DUE_END_SQL,
    NOT_DONE_SQL,
    OVERDUE_SQL,
    OWNERS_SQL,
    PAPER_DATE_SQL,
    source_sql,
)

# The columns the queries share, written once (db.site.sql.ITEM_COLUMNS is the pages' own): an
# item's owners by their canonical names and as printed ($owner_columns), and what an item says,
# whose it is and when it is due ($item_columns).
EXPORTED_OWNER_COLUMNS = f"{OWNERS_SQL} as owners,\n  items.owners_printed as owners_printed"
EXPORTED_ITEM_COLUMNS = (
    "items.kind,\n  items.ref,\n  items.text,\n  "
    + EXPORTED_OWNER_COLUMNS
    + ",\n  items.due,\n  items.due_date"
)

QUERIES: dict[str, dict[str, str]] = {
    "overdue": {
        "title": "Overdue items",
        "description": (
            "Items whose due date has passed at the precision printed (an item due 2025-03 is "
            "overdue from April 2025) and that neither their paper nor a later paper they are "
            "carried into marks done, complete, closed or implemented; overdue_since is the day "
            "it fell due. Longest overdue first. The overdue page (/-/onrecord/overdue) shows "
            "the same items with the latest status later papers give them."
        ),
        "sql": """
select
  items.id,
  $item_columns,
  $due_end as overdue_since,
  items.status,
  documents.title as document_title,
  documents.body,
  items.page,
  items.confidence,
  $source as source
from items join documents on documents.id = items.document
-- the day an item falls due is written as index items_due_end has it, so that the
-- index answers the query without sorting every dated item
where $overdue
order by overdue_since, documents.title, items.page
""",
    },
    "export": {
        "title": "Every item, for export",
        "description": (
            "Every item with its owners by their canonical names (and as printed), its paper, "
            "and a link to its page of the source file: the CSV and JSON to take away. "
            "1,000 rows at a time, in the order stored: for the next, give `after` the last "
            "row's `n`."
        ),
        "sql": """
select
  items.rowid as n,
  items.id,
  $item_columns,
  items.status,
  items.verdict,
  items.confidence,
  items.method,
  items.document,
  documents.title as document_title,
  documents.body,
  $paper_date as paper_date,
  items.page,
  $source as source
from items join documents on documents.id = items.document
where items.rowid > coalesce(cast(nullif(:after, '') as integer), 0)
order by items.rowid
limit 1000
""",
    },
    "by_owner": {
        "title": 'Items by owner',
        "description": (
            "Items whose owner's canonical name, or name as printed, contains the words given. "
        ),
        "sql": """
select
  owners.name as owner,
  item_owners.printed,
  items.id,
  items.kind,
  items.ref,
  items.text,
  items.due,
  items.due_date,
  items.status,
  documents.title as document_title,
  items.page,
  $source as source
from item_owners
  join owners on owners.id = item_owners.owner
  join items on items.id = item_owners.item
  join documents on documents.id = items.document
where owners.name like '%' || :owner || '%'
  or item_owners.printed like '%' || :owner || '%'
order by owners.name, items.due_date, documents.title, items.page
""",
    },
    "search": {
        "title": 'Search items',
        "description": (
            "Full-text search over items' text, ref, owners (by canonical name and as "
            'printed, so DfT or Department for Transport) and due date, best matches first, the more confident '
            'first. Any form of a word matches (recommend: recommends, recommendation); "a phrase", '
            'damp OR mould, housing NOT repairs, recommend*, owner:DfT. '
        ),
        "sql": """
select
  items.id,
  snippet(items_fts, -1, '<mark>', '</mark>', '…', 24) as snippet,
  $item_columns,
  documents.title as document_title,
  items.page,
  $source as source,
  items_fts.rank
from items_fts
  join items on items.rowid = items_fts.rowid
  join documents on documents.id = items.document
-- read as the search page reads it; a search that cannot be read, or an empty one, matches nothing
where items_fts match onrecord_fts(:q)
-- of two items that match alike, the more confident first
order by items_fts.rank * coalesce(items.confidence, 0.5)
""",
    },
    "due_soon": {
        "title": 'Due in the next 90 days',
        "description": (
            'Items due from today to 90 days ahead, soonest first, that the paper does not mark '
            'done. An item dated only by month or year counts when that month or year overlaps '
            'the window. '
        ),
        "sql": """
select
  items.id,
  $item_columns,
  items.status,
  documents.title as document_title,
  documents.body,
  items.page,
  $source as source
from items join documents on documents.id = items.document
where items.due_date is not null
  and items.due_date >= substr(date('now'), 1, length(items.due_date))
  and items.due_date <= substr(date('now', '+90 days'), 1, length(items.due_date))
  $not_done
order by items.due_date, documents.title, items.page
""",
    },
    "no_owner": {
        "title": 'Items without an owner',
        "description": (
            'Items that name no one to act on them - the ones nobody can be held to. '
        ),
        "sql": """
select
  items.id,
  items.kind,
  items.ref,
  items.text,
  items.due,
  items.due_date,
  documents.title as document_title,
  documents.body,
  items.page,
  $source as source
from items join documents on documents.id = items.document
where not exists (select 1 from item_owners where item_owners.item = items.id)
order by documents.title, items.page, items.ref
""",
    },
    "unanswered_recommendations": {
        "title": 'Recommendations with no later response',
        "description": (
            'Recommendations that no item in a later paper restates, answers or reports progress '
            'on (table links, found by comparing items across papers). Later means a later date '
            'of meeting or publication; where either paper is undated, or both have the same '
            "date, the link's own direction decides, since links run from the earlier item to the "
            'later one. A recommendation restated in a later paper (a response) is listed once, '
            'at its first printing. Until links are found between papers, this is every '
            'recommendation. '
        ),
        "sql": """
select
  items.id,
  items.ref,
  items.text,
  $owner_columns,
  items.due,
  items.due_date,
  documents.title as document_title,
  documents.body,
  $paper_date as paper_date,
  items.page,
  $source as source
from items join documents on documents.id = items.document
where items.kind = 'recommendation'
  -- a recommendation a later paper restates is tracked at its first printing
  and not exists (
    select 1 from links where links.item_to = items.id and links.relation = 'restated'
  )
  and not exists (
    select 1
    from links
      join items as other on other.id = case
        when links.item_from = items.id then links.item_to else links.item_from end
      join documents as other_paper on other_paper.id = other.document
    where (links.item_from = items.id or links.item_to = items.id)
      and other.document != items.document
      -- later by date; ISO dates where one is a prefix of the other are the same date
      and case
        when $paper_date is null
          or coalesce(other_paper.meeting_date, other_paper.published_date) is null
          or instr(coalesce(other_paper.meeting_date, other_paper.published_date),
            $paper_date) = 1
          or instr($paper_date,
            coalesce(other_paper.meeting_date, other_paper.published_date)) = 1
        then links.item_from = items.id
        else coalesce(other_paper.meeting_date, other_paper.published_date)
          > $paper_date
      end
  )
order by paper_date desc, documents.title, items.page
""",
    },
    "rejected_recommendations": {
        "title": 'Recommendations not accepted',
        "description": (
            'Recommendations a response restates with the verdict "not accepted" (printed as '
            '"does not agree", "does not believe it appropriate", "not accepted" ...), with the '
            'recommendation as first printed where the response is linked to it. Newest response '
            'first. '
        ),
        "sql": """
select
  items.id,
  items.ref,
  items.text,
  items.verdict,
  items.verdict_printed,
  response_paper.title as response_title,
  coalesce(response_paper.meeting_date, response_paper.published_date) as response_date,
  original.id as original_id,
  original.ref as original_ref,
  original_paper.title as original_title,
  coalesce(original_paper.meeting_date, original_paper.published_date) as original_date,
  $source as source
from items
  join documents as response_paper on response_paper.id = items.document
  left join links on links.item_to = items.id and links.relation = 'restated'
  left join items as original on original.id = links.item_from
  left join documents as original_paper on original_paper.id = original.document
where items.verdict = 'not accepted'
order by response_date desc, response_title, items.page
""",
    },
    "accepted_then_quiet": {
        "title": 'Accepted, then nothing reported',
        "description": (
            'Recommendations a response accepted (in full, in principle or in part) that no later '
            "paper has restated or reported on since: neither the response's item nor the "
            'recommendation it restates is linked to an item of any other paper after it. Oldest '
            'response first. '
        ),
        "sql": """
select
  items.id,
  items.ref,
  items.text,
  items.verdict,
  items.verdict_printed,
  response_paper.title as response_title,
  coalesce(response_paper.meeting_date, response_paper.published_date) as response_date,
  $source as source
from items
  join documents as response_paper on response_paper.id = items.document
where items.verdict in ('accepted', 'accepted in principle', 'partially accepted')
  -- links run from the earlier item to the later: nothing later than the response
  and not exists (
    select 1 from links join items as later on later.id = links.item_to
    where links.item_from = items.id and later.document != items.document
  )
  and not exists (
    select 1 from links as restated
      join links as onward on onward.item_from = restated.item_from
      join items as later on later.id = onward.item_to
      join items as original on original.id = restated.item_from
    where restated.item_to = items.id and restated.relation = 'restated'
      and later.document not in (items.document, original.document)
  )
order by response_date, response_title, items.page
""",
    },
    "moved_deadlines": {
        "title": 'Deadlines moved',
        "description": (
            'An item carried into a later paper (restated, or its progress reported) whose '
            'printed deadline changed there: "June update" became "Ongoing", "March 2025" became '
            '"May 2025". A deadline printed the same way ("11.01.11" and "11/01/2011") is not a '
            'move. '
        ),
        "sql": """
select
  items.id,
  items.kind,
  items.ref,
  items.text,
  earlier.due as due_before,
  items.due as due_after,
  items.status,
  earlier_paper.title as earlier_title,
  coalesce(earlier_paper.meeting_date, earlier_paper.published_date) as earlier_date,
  later_paper.title as later_title,
  coalesce(later_paper.meeting_date, later_paper.published_date) as later_date,
  earlier.id as earlier_id,
  $source as source
from links
  join items as earlier on earlier.id = links.item_from
  join items on items.id = links.item_to
  join documents as earlier_paper on earlier_paper.id = earlier.document
  join documents as later_paper on later_paper.id = items.document
where links.due_changed = 1
order by later_date desc, later_title, items.page
""",
    },
    "repeated_promises": {
        "title": 'Promises repeated in more than one paper',
        "description": (
            'Commitments and actions printed again in later papers (each paper linked to the '
            'next), at their first printing, with how many papers print them and the statuses '
            'printed. Most repeated first. '
        ),
        "sql": """
with recursive chain(first, id) as (
  select items.id, items.id from items
  where items.kind in ('commitment', 'action')
    and not exists (
      select 1 from links where links.item_to = items.id and links.relation in ('restated', 'progress')
    )
  union
  select chain.first, links.item_to from links join chain on links.item_from = chain.id
  where links.relation in ('restated', 'progress')
)
select
  items.id,
  items.kind,
  items.text,
  $owner_columns,
  count(distinct printed.document) as papers,
  min(coalesce(paper.meeting_date, paper.published_date)) as first_date,
  max(coalesce(paper.meeting_date, paper.published_date)) as last_date,
  group_concat(distinct printed.status) as statuses,
  $source as source
from chain
  join items on items.id = chain.first
  join items as printed on printed.id = chain.id
  join documents as paper on paper.id = printed.document
group by items.id
having count(distinct printed.document) > 1
order by papers desc, last_date desc
""",
    },
}


def canned_queries(base: str = "/") -> dict[str, dict[str, str]]:
    """Each query's title, description and SQL, its links under `base` (a URL or a path)."""
    fill = {
        "source": source_sql(base),
        "item_columns": EXPORTED_ITEM_COLUMNS,
        "owner_columns": EXPORTED_OWNER_COLUMNS,
        "paper_date": PAPER_DATE_SQL,
        "overdue": OVERDUE_SQL,
        "due_end": DUE_END_SQL,
        "not_done": NOT_DONE_SQL,
    }
    return {
        name: {
            "title": query["title"],
            "description": " ".join(query["description"].split()),
            "sql": Template(query["sql"]).substitute(fill).strip(),
        }
        for name, query in QUERIES.items()
    }
