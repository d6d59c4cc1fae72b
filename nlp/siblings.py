"""Parts of a recommendation that a response names beside the part it answers: 'This would meet
recommendation 4a) iii.' below the answer to 4a) iv. links that answer to 4a) iii. as well, found in
the original paper by its ref in full or, printed under its recommendation's number ('(iii)'), by its
place in the run of parts around the original of the part answered.
"""
from __future__ import annotations

from onrecord.nlp.answers import ANSWER_DISCOUNT
from onrecord.nlp.model import RESPONSE, RESTATED, Entry, Link
from onrecord.nlp.refs import part_only, ref_parts


def sibling_answers(items: list[Entry], links: list[Link],
                     siblings: dict[str, list[tuple[str, tuple[str, str, str]]]]) -> list[Link]:
    """Links to answers from the parts their page names beside the part they answer ('This would meet
    recommendation 4a) iii.' in the answer to 4a) iv.): the part of the original recommendation that
    prints that ref in full, or, printed under its recommendation's number ('(iii)'), the one of that
    numeral or letter in the run of parts around the original of the part answered."""
    originals = {link.item_to: link for link in links if link.relation == RESTATED}
    by_id = {e.id: e for e in items}
    known = {(link.item_from, link.item_to) for link in links}
    found = []
    for answer, named in sorted(siblings.items()):
        for part, ref in named:
            if (link := originals.get(part)) is None or (original := by_id.get(link.item_from)) is None:
                continue
            for sibling in _siblings_named(original, ref, items):
                if (sibling.id, answer) not in known:
                    known.add((sibling.id, answer))
                    found.append(Link(sibling.id, answer, RESPONSE, round(link.score * ANSWER_DISCOUNT, 4)))
    return found


def _siblings_named(original: Entry, ref: tuple[str, str, str], items: list[Entry]) -> list[Entry]:
    """The parts of the original's paper that a ref names: printed in full, or beside the original."""
    paper = sorted((e for e in items if e.document == original.document and e.place is not None),
                   key=lambda e: (e.place, e.id))
    if full := [e for e in paper if e is not original and ref_parts(e.ref) == ref]:
        return full
    if not part_only(original.ref) or original not in paper:
        return []
    want = ref[2] or ref[1]
    run = _part_run(paper, paper.index(original))
    return [e for e in run if e is not original and _part(e.ref) == want]


def _part(ref: str) -> str:
    return ref.strip().strip("().").lower()


_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def _order(part: str) -> int | None:
    """A part's place in its list: 'iii' 3, 'c' 3 (a lone 'i' or 'v' is read as a numeral)."""
    if part in _NUMERALS:
        return _NUMERALS[part]
    return ord(part) - ord("a") + 1 if len(part) == 1 and part.isalpha() else None


def _part_run(paper: list[Entry], at: int) -> list[Entry]:
    """The parts printed one after another around paper[at], each the one after the last: '(i)' to '(v)'."""
    def step(i: int, j: int) -> bool:
        a, b = _order(_part(paper[i].ref)), _order(_part(paper[j].ref))
        return part_only(paper[i].ref) and part_only(paper[j].ref) and a is not None and b is not None and b == a + 1

    start = at
    while start > 0 and step(start - 1, start):
        start -= 1
    end = at
    while end + 1 < len(paper) and step(end, end + 1):
        end += 1
    return paper[start:end + 1]
