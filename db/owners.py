"""Owners: one row per canonical name, and the user's alias list that decides it.

The extractor reads each owner as printed and gives it a canonical name (`nlp.owners.canonical`);
the user's aliases, kept in table `owner_aliases`, come on top: `merge(database, "DfT", "Department
for Transport")` groups every owner printed or read as "DfT" under "Department for Transport", and
`split(database, "DfT")` makes "DfT" stand for itself. Both apply at once to the stored items, and
`store` applies them to every document stored later (ingest, re-extraction).

Example::

    merge(database, "DfT", "Department for Transport")
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from sqlite_utils import Database

_DETERMINER = re.compile(r"^(?:the|a|an)\s+")


class AliasError(ValueError):
    """An alias that cannot be kept (a file that cannot be read, a loop); str(error) names the fix."""


def owner_id(name: str) -> str:
    """Slug of a canonical owner name: "Leader of the Council" -> "leader-of-the-council"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "owner-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def alias_key(name: str) -> str:
    """How a name is looked up: case, spacing, a leading "the" and end punctuation do not count.

    >>> alias_key("  the DfT. ")
    'dft'
    """
    text = re.sub(r"\s+", " ", name).strip(" .,;:").casefold()
    return _DETERMINER.sub("", text)


def aliases(database: Database) -> dict[str, str]:
    """The user's alias list: key of a name -> the owner it stands for."""
    if not database.table("owner_aliases").exists():
        return {}
    return {row[0]: row[1] for row in database.execute("select key, name from owner_aliases").fetchall()}


def resolve(table: dict[str, str], printed: str, extracted: str) -> str:
    """The owner a link stands for: the user's alias of its printed name, else of the name the
    extractor read, followed to its end; the name read when the list says nothing."""
    for name in (printed, extracted):
        if alias_key(name) in table:
            break
    else:
        return extracted
    seen: set[str] = set()
    while alias_key(name) in table and alias_key(name) not in seen:
        seen.add(alias_key(name))
        name = table[alias_key(name)]
    return name


def merge(database: Database, alias: str, name: str) -> int:
    """Group the owner printed or read as `alias` under `name`; returns how many links changed."""
    alias, name = _clean(alias), _clean(name)
    if alias_key(alias) == alias_key(name):
        raise AliasError(f'"{alias}" and "{name}" are one name - to make it stand alone, use split')
    table = aliases(database)
    target = resolve(table, name, name)
    if alias_key(target) == alias_key(alias):
        raise AliasError(f'"{name}" is grouped under "{alias}" already - split "{name}" first')
    return keep(database, [(alias, name)])


def split(database: Database, alias: str) -> int:
    """Make the owner printed or read as `alias` stand for itself, whatever the extractor's or the
    user's list grouped it with; returns how many links changed."""
    alias = _clean(alias)
    return keep(database, [(alias, alias)])


def read_file(path: str | Path) -> list[tuple[str, str]]:
    """(alias, name) pairs of an alias file: one `printed name<TAB>owner name` a line, the format
    `onrecord owners list` prints; a name on both sides stands alone; `#` starts a comment."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AliasError(f"{path}: cannot be read ({error}) - give a UTF-8 text file") from error
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip() or not fields[1].strip():
            raise AliasError(f"{path}:{number}: not 'alias<TAB>owner name' - separate the two names by one tab")
        pairs.append((_clean(fields[0]), _clean(fields[1])))
    return pairs


def listed(database: Database) -> list[tuple[str, str]]:
    """The user's aliases as (alias, name), in the order of their names then aliases."""
    if not database.table("owner_aliases").exists():
        return []
    rows = database.execute("select alias, name from owner_aliases").fetchall()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: (r[1].casefold(), r[0].casefold()))


def apply(database: Database) -> int:
    """Give every stored link the owner the alias list makes it; returns how many changed."""
    table = aliases(database)
    links = database.execute("select item, owner, printed, canonical, coalesce(extracted, canonical, printed)"
                             " from item_owners").fetchall()
    changed = []
    for item, owner, printed, canonical, extracted in links:
        name = resolve(table, printed, extracted)
        if owner_id(name) != owner or canonical != name:
            changed.append((item, owner, printed, extracted, name))
    touched = {c[1] for c in changed}
    for item, owner, printed, extracted, name in changed:
        database.execute("delete from item_owners where item = ? and owner = ?", [item, owner])
        touched.add(owner_id(name))
        database.table("owners").insert({"id": owner_id(name), "name": name, "aliases": "[]", "items": 0},
                                        pk="id", ignore=True)
        # two printed forms of one item now one owner: the first stays, as when it is stored
        database.execute("insert or ignore into item_owners (item, owner, printed, canonical, extracted)"
                         " values (?, ?, ?, ?, ?)", [item, owner_id(name), printed, name, extracted])
    for item in sorted({c[0] for c in changed}):
        name_item(database, item)
    refresh(database, touched)
    return len(changed)


def names(pairs: list[tuple[str, str]]) -> str | None:
    """items.owners: the canonical names of an item's (printed, canonical) owners, once each."""
    return "; ".join(dict.fromkeys(name for _, name in pairs)) or None


def refresh(database: Database, owners: set[str]) -> None:
    """Recompute owners' names, aliases and item counts from their links; delete owners left with none.

    Everything is derived from the links stored, not from the order documents came in: the
    name is the canonical form most items give (the first in code-point order on a tie).
    """
    for oid in sorted(owners):
        links = database.execute(
            "select item, printed, canonical from item_owners where owner = ?", [oid]
        ).fetchall()
        if not links:
            database.execute("delete from owners where id = ?", [oid])
            continue
        forms = sorted({p for _, p, _ in links}, key=lambda p: (p.casefold(), p))
        counts = Counter(canonical for _, _, canonical in links)
        row = {
            "id": oid,
            "name": min(counts, key=lambda name: (-counts[name], name)),
            "aliases": json.dumps(forms, ensure_ascii=False),
            "items": len({item for item, _, _ in links}),
        }
        # Only a real change is written, so re-storing a document leaves owners untouched.
        database.execute(
            "update owners set name = :name, aliases = :aliases, items = :items where id = :id"
            " and (name is not :name or aliases is not :aliases or items is not :items)",
            row,
        )


def name_item(database: Database, item: str) -> None:
    """Write items.owners again from the item's links, in the order its owners are printed."""
    row = database.execute("select owners_printed from items where id = ?", [item]).fetchone()
    links = dict(database.execute("select printed, canonical from item_owners where item = ?", [item]).fetchall())
    printed = [p for p in (row[0] or "").split("; ") if p in links] if row else []
    printed += sorted(set(links) - set(printed))
    database.execute("update items set owners = ? where id = ?", [names([(p, links[p]) for p in printed]), item])


def keep(database: Database, pairs: list[tuple[str, str]]) -> int:
    """Add (alias, name) pairs to the list, in one transaction, and apply it; returns the links changed."""
    rows = [{"key": alias_key(alias), "alias": alias,
             # a name that stands alone is named without its "the", as the extractor names owners
             "name": re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
             if alias_key(alias) == alias_key(name) else name} for alias, name in pairs]
    with database.atomic():
        database.table("owner_aliases").upsert_all(rows, pk="key")
        return apply(database)


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    if not alias_key(name):
        raise AliasError(f'"{name}" is no name - give the owner as printed, e.g. "DfT"')
    return name
