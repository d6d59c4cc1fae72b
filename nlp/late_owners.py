"""Owners found when first looked at, so that the sentences they are read from can be parsed
together with the paper's others instead of one by one.

spaCy reads a batch of sentences in about a quarter of the time it takes to read them one at a
time (`parse.parse_ahead`). The prose rules make an item and find its owners as they walk a
paper, but look at most items' owners only after the walk, or never. `LateOwners` holds an
item's owners until something looks at them, when they are found there and then as before;
`settle` finds the rest at the end of the walk, their sentences parsed in one batch. The owners
are the same either way: what finds them reads only its arguments and the parse, and a sentence's
parse does not depend on the sentences parsed beside it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, SupportsIndex

from onrecord.nlp.parse import parse_ahead


class LateOwners(list[str]):
    """A list of owners that `find()` gives when first looked at or changed; until then it stands
    for them, holding the `sentences` that finding them parses."""

    def __init__(self, find: Callable[[], list[str]], sentences: Iterable[str]) -> None:
        super().__init__()
        self._find: Callable[[], list[str]] | None = find
        self.sentences = list(sentences)

    @property
    def waiting(self) -> bool:
        return self._find is not None

    def found(self) -> LateOwners:
        """The owners, found now if they have not been."""
        if self._find is not None:
            find, self._find = self._find, None
            list.extend(self, find())
        return self

    # Every way of reading or changing a list finds the owners first.
    def __iter__(self) -> Iterator[str]:
        return list.__iter__(self.found())

    def __reversed__(self) -> Iterator[str]:
        return list.__reversed__(self.found())

    def __len__(self) -> int:
        return list.__len__(self.found())

    def __getitem__(self, index: Any) -> Any:
        return list.__getitem__(self.found(), index)

    def __contains__(self, value: object) -> bool:
        return list.__contains__(self.found(), value)

    def __eq__(self, other: object) -> bool:
        return list.__eq__(self.found(), other)

    def __ne__(self, other: object) -> bool:
        return list.__ne__(self.found(), other)

    __hash__ = None  # type: ignore[assignment]  # as a list's

    def __repr__(self) -> str:
        return list.__repr__(self.found())

    def __add__(self, other: Any) -> Any:
        return list.__add__(self.found(), other)

    def __mul__(self, n: SupportsIndex) -> list[str]:
        return list.__mul__(self.found(), n)

    def __setitem__(self, index: Any, value: Any) -> None:
        list.__setitem__(self.found(), index, value)

    def __delitem__(self, index: Any) -> None:
        list.__delitem__(self.found(), index)

    def __iadd__(self, other: Any) -> Any:
        list.extend(self.found(), other)
        return self

    def copy(self) -> list[str]:
        return list(self.found())

    def index(self, *args: Any) -> int:
        return list.index(self.found(), *args)

    def count(self, value: Any) -> int:
        return list.count(self.found(), value)

    def append(self, value: str) -> None:
        list.append(self.found(), value)

    def extend(self, values: Iterable[str]) -> None:
        list.extend(self.found(), values)

    def insert(self, index: SupportsIndex, value: str) -> None:
        list.insert(self.found(), index, value)

    def remove(self, value: str) -> None:
        list.remove(self.found(), value)

    def pop(self, index: SupportsIndex = -1) -> str:
        return list.pop(self.found(), index)

    def clear(self) -> None:
        self.found()
        list.clear(self)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        list.sort(self.found(), *args, **kwargs)

    def reverse(self) -> None:
        list.reverse(self.found())


def settle(late: Iterable[LateOwners]) -> None:
    """Find the owners not yet looked at, their sentences parsed together first."""
    waiting = [owners for owners in late if owners.waiting]
    parse_ahead(sentence for owners in waiting for sentence in owners.sentences)
    for owners in waiting:
        owners.found()
