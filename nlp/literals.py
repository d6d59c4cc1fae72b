"""Words a regular expression cannot match without: a quick test that spares most searches.

Python's re tries a pattern such as r"\\b(?:should|must|ought to)\\b" at every word of a text;
`str`'s `in` finds a literal far faster. `needed(pattern)` reads the pattern's parse for literal
text that every match must contain, one of a few strings ("should", "must", "ought to"): a text
with none of them has no match, so the search can be skipped, and the answer is the same.
"""
from __future__ import annotations

import re
from typing import Any

try:  # the parser re itself uses (Python 3.11 on); sre_parse before
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT} | ({sre.POSSESSIVE_REPEAT} if hasattr(sre, "POSSESSIVE_REPEAT") else set())


def needed(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which is in every text the pattern finds a match in; None if the pattern
    needs no literal text (or ignores case, where a literal may be printed in either case)."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data)
    return tuple(sorted(found)) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """For a sequence of parsed items, the best of its items' needs: each part of a match is in
    the whole. A run of literal chars needs itself; the shortest string needed is made longest."""
    needs: list[set[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            needs.append({"".join(run)})
            run = []
        need = _item(op, av)
        if need:
            needs.append(need)
    return max(needs, key=lambda need: (min(map(len, need)), -len(need)), default=None)


def _item(op: Any, av: Any) -> set[str] | None:
    """What one parsed item (other than a literal char) needs; None for nothing sure."""
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & sre.SRE_FLAG_IGNORECASE else _sequence(sub.data)
    if op is sre.BRANCH:  # one of the alternatives' needs
        needs = [_sequence(alternative.data) for alternative in av[1]]
        return set().union(*needs) if needs and all(needs) else None  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _, sub = av
        return _sequence(sub.data) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av.data)
    return None  # a class, any char, a look-around or an anchor: no literal text for sure
