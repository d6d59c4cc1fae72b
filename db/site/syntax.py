"""Search as people type it, read into an FTS5 query and filters.

    housing repairs            both words (any form: "repair", "repaired"; items_fts is porter-stemmed)
    "repairs plan"             the phrase
    damp OR mould              either word
    housing NOT repairs        or  housing -repairs: the first without the second
    recommend*                 words that start so
    (damp OR mould) tenants    grouped
    owner:housing              an owner whose canonical or printed name holds the words
    DfT                        plain words find owners too, as printed ("DfT") and canonical
    owner:"Head of Housing"
    kind:recommendation        recommendations only (kind:rec, kind:recommendations too)

Example::

    >>> parse('owner:housing "repairs plan" OR damp*')
    Search(fts='"repairs plan" OR "damp"*', owners=['housing'], kinds=[])
    >>> parse("(damp OR mould) tenants").fts
    '( "damp" OR "mould" ) AND "tenants"'


A query that cannot be read raises SearchSyntaxError, whose message says how to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("recommendation", "action", "decision", "commitment")
# One token: a field filter, a quoted phrase (unterminated runs to the end), a bracket, or a word.
TOKEN = re.compile(
    r'(?P<field>(?:owner|kind):(?:"[^"]*"?|[^\s()"]*))'
    r'|(?P<phrase>"[^"]*"?\*?)'
    r"|(?P<bracket>[()])"
    r'|(?P<word>[^\s()"]+)',
    re.IGNORECASE,
)
OPERATORS = {"OR", "NOT", "AND"}


class SearchSyntaxError(ValueError):
    """A search that cannot be read; str(error) says why and how to write it."""


@dataclass
class Search:
    fts: str | None  # the FTS5 query, None when only filters were given
    owners: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def parse(text: str) -> Search:
    """The FTS5 query and the owner and kind filters of a search as typed."""
    search = Search(fts=None)
    parts: list[str] = []  # FTS5 terms, operators and brackets, in order
    for match in TOKEN.finditer(text.replace("\x00", " ")):
        kind, value = match.lastgroup, match.group()
        if kind == "field":
            _field(search, value)
        elif kind == "phrase":
            prefix = value.endswith("*")
            words = value.rstrip("*").strip('"').split()
            if words:
                parts.append(_quoted(" ".join(words)) + ("*" if prefix else ""))
        elif kind == "bracket" or value in OPERATORS:
            parts.append(value)
        elif value.startswith("-") and len(value) > 1:
            parts += ["NOT", *_word(value[1:])]
        else:
            parts += _word(value)
    search.fts = _checked(parts)
    return search


def _word(value: str) -> list[str]:
    """A bare word as an FTS5 string; `*` at its end asks for words starting so."""
    prefix = value.endswith("*")
    core = value.rstrip("*")
    if not re.search(r"\w", core):
        return []  # punctuation alone matches nothing and means nothing
    return [_quoted(core) + ("*" if prefix else "")]


def _quoted(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


def _field(search: Search, token: str) -> None:
    name, _, value = token.partition(":")
    value = " ".join(value.strip('"').split())
    if not value:
        raise SearchSyntaxError(
            f'{name.lower()}: needs a value, as in owner:housing or owner:"Head of Housing"'
        )
    if name.lower() == "owner":
        search.owners.append(value)
        return
    found = [k for k in KINDS if k.startswith(value.lower().rstrip("s")) or value.lower() == k + "s"]
    if len(found) != 1:
        raise SearchSyntaxError(f"kind:{value} is not a kind - use kind:{', kind:'.join(KINDS)}")
    search.kinds.append(found[0])


def _checked(parts: list[str]) -> str | None:
    """The FTS5 query, once its operators and brackets are where FTS5 needs them."""
    # AND is what two words side by side mean already.
    parts = [p for p in parts if p != "AND"]
    depth = 0
    for i, part in enumerate(parts):
        before = parts[i - 1] if i else None
        after = parts[i + 1] if i + 1 < len(parts) else None
        if part in ("OR", "NOT"):
            if before is None or before in ("OR", "NOT", "("):
                example = "housing NOT repairs" if part == "NOT" else "damp OR mould"
                raise SearchSyntaxError(f"{part} needs words before it, as in {example}")
            if after is None or after in ("OR", "NOT", ")"):
                raise SearchSyntaxError(f"{part} needs words after it")
        elif part == "(":
            depth += 1
        elif part == ")":
            depth -= 1
            if depth < 0:
                raise SearchSyntaxError("a ) closes no ( - take it out, or add the ( it closes")
            if before == "(":
                raise SearchSyntaxError("( ) holds no words")
    if depth:
        raise SearchSyntaxError("a ( is not closed - add the ) it needs")
    # FTS5 reads two phrases side by side as both, but not a bracket beside a phrase: say AND.
    joined: list[str] = []
    for part in parts:
        if joined and joined[-1] not in ("OR", "NOT", "(") and part not in ("OR", "NOT", ")"):
            joined.append("AND")
        joined.append(part)
    return " ".join(joined) or None


# items_fts's columns of an item's owners: canonical names, and names as printed (m023).
OWNER_COLUMNS = "{owners owners_printed}"


def fts_or_nothing(text: str | None) -> str:
    """The FTS5 query of a search as typed, for a feed or the canned query `search`, each owner:
    filter as a phrase in the owners' columns: a search that cannot be read, or that has neither
    words nor owners, matches nothing instead of failing. kind: is left to the search page.

    >>> fts_or_nothing('owner:DfT pothole*')
    '( "pothole"* ) AND {owners owners_printed} : "DfT"'
    """
    try:
        search = parse(text or "")
    except SearchSyntaxError:
        return '""'
    parts = [f"( {search.fts} )"] if search.fts else []
    parts += [f"{OWNER_COLUMNS} : {_quoted(owner)}" for owner in search.owners]
    return " AND ".join(parts) or '""'
