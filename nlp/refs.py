"""Refs as printed beside a statement: 'Recommendation 12', 'R12.', '4a) iii', '6a(vi)'. Read to
match an item with its copies in other papers (nlp.links) and an answer with the part it names
(nlp.answers)."""
from __future__ import annotations

import re

REF_WORDS = re.compile(
    r"\b(?:recommendations?|recs?|paragraphs?|paras?|actions?|items?|nos?|numbers?)\b\.?", re.IGNORECASE
)
_REF_KEY = re.compile(r"[a-z]?\d+(?:\.\d+)*[a-z]?", re.IGNORECASE)
# A ref as printed, in three parts: its number, letter and roman numeral ('6a(vi)', '4a) iii', '7b)', '2(b)').
PARTS = r"(\d+(?:\.\d+)*)(?:\s?\(?([a-z])\b)?\)?(?:\s?\(?\b([ivx]+)\b\)?)?"


def ref_key(ref: str) -> str:
    """The number a ref prints, without its label: 'Recommendation 12' and 'R12.' give '12'."""
    found = _REF_KEY.search(REF_WORDS.sub(" ", ref or ""))
    if not found:
        return ""
    key = found.group(0).lower()
    return key[1:] if key[0].isalpha() and key[1:2].isdigit() else key


def lettered(key: str) -> bool:
    """Whether a ref key names a lettered part: '4a', '12d'."""
    return len(key) > 1 and key[-1].isalpha() and key[-2].isdigit()


def part_only(ref: str) -> bool:
    """Whether a ref names only a part, its recommendation's number printed above it: '(ii)', '(e)', 'iv.'."""
    return bool(_PART_ONLY.fullmatch((ref or "").strip()))


_PART_ONLY = re.compile(r"\(?(?:[a-z]|[ivx]+)[).]?", re.IGNORECASE)


def ref_parts(ref: str) -> tuple[str, str, str] | None:
    """A recommendation's ref as (number, letter, numeral): '4a)iv.' gives ('4', 'a', 'iv'), 'Recommendation 7' ('7', '', '')."""
    found = re.search(PARTS, REF_WORDS.sub(" ", ref or "").lower())
    return (found.group(1), found.group(2) or "", found.group(3) or "") if found else None


BEFORE = 2000  # letters of the text printed above an item that are kept (nlp.model.Entry.before)


def printed_before(page: str, text: str, previous: str = "") -> str:
    """The last BEFORE letters printed above where the item's text starts on its page, and on the
    page before (a long answer runs over from it), spaces collapsed; '' if its page does not print it
    as read."""
    page, text = " ".join(page.split()), " ".join(text.split())
    at = page.find(text[:60]) if text else -1
    if at < 0:
        return ""
    return (" ".join(previous.split()) + " " + page[:at])[-BEFORE:].strip()
