"""Ordinances and resolutions in a city record ("Ord. No. 512-16. By Council Member Dow. An emergency
ordinance ...", "Resolution No. 175-16 ... Whereas, ...; now, therefore, Be it resolved ..."): each is
one decision, its title or operative words, owned by whom its sections empower."""
from __future__ import annotations

import re

from onrecord.nlp.blocks import Block, sentences
from onrecord.nlp.model import Item

_RECITAL = re.compile(r"\s*\bWhereas\b")
_OPERATIVE = re.compile(r"\bBe it (?:further )?(?:resolved|ordained)\b")


_EMPOWERS = r"(?:authoriz|request|direct|instruct)"
_AUTHORIZED = re.compile(
    rf"\b{_EMPOWERS}(?:s|es|ing) (?:the )?([A-Z][\w ]{{2,60}}?) to\b"
    rf"|\b[Tt]hat (?:the )?([A-Z][\w ]{{2,60}}?) (?:is|be|are)(?: and (?:she|he|it) is)? (?:hereby )?{_EMPOWERS}ed to\b"
    rf"|\band (?:the )?([A-Z][\w ]{{2,60}}?) (?:is|are) (?:hereby )?{_EMPOWERS}ed to\b")
_VOTE = re.compile(r"\s*\bYeas:")


def _authorized(text: str, found: list[str] | None = None) -> list[str]:
    """Whom a resolution or ordinance empowers: "authorizing the Director of Finance to ...",
    "that the Clerk of Council be and she is hereby directed to ...", after those `found` already
    ("the Director" again adds no one)."""
    found = list(found or [])
    for m in _AUTHORIZED.finditer(text):
        name = next(g for g in m.groups() if g)
        if not any(f"{f} ".startswith(f"{name} ") for f in found):
            found.append(name)
    return found


class Statutes:
    """The ordinance or resolution being read, as a city record's blocks come one by one."""

    def __init__(self) -> None:
        self.statute: Item | None = None  # the last one, whose sections name whom it empowers
        self.whereas: Item | None = None  # one read so far only as far as its recitals

    def read(self, block: Block, section: str) -> list[Item]:
        """"Ord. No. 512-16. By Council Member Dow. An emergency ordinance ...": the ordinance's
        title, unless its section says it was only referred."""
        if re.search(r"\breferred\b|\bcondolence|\bcongratulat|\brecognition\b|\bmemorial\b", section, re.IGNORECASE):
            return []  # sent to committee, or ceremonial: nothing decided
        parts = [p for p in sentences(block.body) if not re.match(r"By\b[^.]{0,80}\.?$", p)]
        if not parts:
            self.whereas = self.statute = item = Item(kind="decision", text="Whereas", page=block.page,
                                                      ref=block.ref, method="minutes", confidence=0.6, bbox=block.bbox)
            return [item]
        body = " ".join(parts)
        title = _RECITAL.split(body)[0].strip()  # "An emergency ordinance ... Inc. Whereas, ...": its title
        operative = _OPERATIVE.search(body)
        text = title or _VOTE.split(body[operative.start():] if operative else body)[0]
        item = Item(kind="decision", text=text, page=block.page, ref=block.ref, owners=_authorized(body),
                    method="minutes", confidence=0.6, bbox=block.bbox)
        self.whereas = item if text.startswith("Whereas") else None
        self.statute = item
        return [item]

    def follow(self, block: Block) -> None:
        """A block after a statute's heading: its operative words, for one read so far only as far
        as its recitals, and whom its sections empower."""
        if self.statute is None:
            return
        operative = _OPERATIVE.search(block.text)
        if self.whereas is not None and operative:
            self.whereas.text = _VOTE.split(block.text[operative.start():])[0]
            self.whereas = None
        self.statute.owners = _authorized(block.text, self.statute.owners)

    def close(self) -> None:
        """A new section begins: what follows belongs to no statute."""
        self.statute = None
