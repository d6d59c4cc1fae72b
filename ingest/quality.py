"""A page's text quality, 0..1: how much of it reads as words rather than font-map garbage."""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from .chars import code_points

MIN_TOKENS = 5  # fewer tokens than this say too little to judge; the page scores 1.0
MIN_LETTERS_FOR_ENTROPY = 80
# Real text in any Latin-script language has a letter entropy near 4 bits; a broken font map
# that turns every glyph into 'a' or 'b' ('Agaaaaa AAAA aambaa') sits far below it.
ENTROPY_FLOOR, ENTROPY_FULL = 2.8, 3.6
# A few function words of the languages in the corpus: any real text has some of them.
COMMON_WORDS = frozenset(
    "the of and to a in is for on that by with be as are at or this from it an was will not "  # noqa: SIM905
    "have has which been were their its should we our all any may also must can would "
    "le la les de des du et en un une est pour dans par sur au aux que qui "
    "der die das und ist von mit den zu".split()
)
LATIN_END = 0x24F
_EDGE_PUNCT = "\"'‘’“”()[]{}<>.,;:!?*•·–—-_/\\|"
_NUMBER = re.compile(r"[£$€]?[\d][\d.,:/%()\-–]*[a-z]{0,2}", re.IGNORECASE)
_CODE = re.compile(r"[A-Za-z]{1,4}\d{1,4}[A-Za-z]?")  # references: 'R1', 'A12', 'CP1240'

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_VOWELS = set("aeiouyàâäéèêëïîôöùûüáíóúåæøœ")
_OPERATOR = re.compile(r"(?:Tj|TJ|Tc|Tf|Td|TD|Tm|Tw|Tz|TL|Ts|T\*|cid:\d+)")
_CONTROL = re.compile(r"[\x00-\x1f]")
_BEYOND_LATIN = re.compile(r"[^\x00-\u024f]")


def text_quality(text: str) -> float:
    """Share of tokens that read as words or numbers, damped when letters are unnaturally few."""
    tokens = [t for t in [t.strip(_EDGE_PUNCT) for t in text.split()] if t]
    if len(tokens) < MIN_TOKENS:
        return 1.0 if not _has_garbage(text) else 0.0
    good = sum(map(_is_good, tokens))
    score = good / len(tokens)
    return round(score * _entropy_factor(text) * _function_word_factor(tokens), 3)


def _has_garbage(text: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text) or "(cid:" in text


@lru_cache(maxsize=1 << 16)
def _is_good(token: str) -> bool:
    """A word with a vowel and a sane case pattern, or a number, date or amount."""
    if _OPERATOR.search(token) or _CONTROL.search(token):
        return False
    if _NUMBER.fullmatch(token) or _CODE.fullmatch(token):
        return True
    if not _WORD.fullmatch(token):
        return False
    if _BEYOND_LATIN.search(token):
        return True  # Greek, Cyrillic, CJK...: no vowel rule to hold them to
    if len(token) > 1 and _VOWELS.isdisjoint(token.lower()):
        return token.isupper() and len(token) <= 5  # acronyms: 'KCC', 'DSIT', 'NHS'
    rest = token[1:]
    return rest.islower() or token.isupper() or len(token) <= 2 or not rest.isalpha()


def _entropy_factor(text: str) -> float:
    """1.0 for a natural spread of letters, falling to 0 as the letters collapse to a few."""
    letters = _letter_counts(text)
    total = sum(letters)
    if total < MIN_LETTERS_FOR_ENTROPY:
        return 1.0
    entropy = -sum(n / total * math.log2(n / total) for n in letters)
    return min(1.0, max(0.0, (entropy - ENTROPY_FLOOR) / (ENTROPY_FULL - ENTROPY_FLOOR)))


def _letter_counts(text: str) -> list[int]:
    """How often each Latin-script letter occurs, case folded, in the order they first appear
    (the order the entropy is summed in). Counted by code point in numpy: a page has thousands
    of characters and some fifty letters."""
    lowered = text.lower()
    codes = code_points(lowered)
    counts = np.bincount(codes[codes <= LATIN_END]).tolist()
    letters = [ch for ch in map(chr, np.flatnonzero(counts).tolist()) if ch.isalpha()]
    letters.sort(key=lowered.index)
    return [counts[ord(ch)] for ch in letters]


def _function_word_factor(tokens: list[str]) -> float:
    """Prose without a single 'the', 'of', 'de' or 'und' in 40 words is not prose."""
    words = sum(map(str.isalpha, tokens))  # how many tokens are all letters
    if words < 40 or words < 0.6 * len(tokens):
        return 1.0  # tables of names and figures have few function words and are fine
    # isdisjoint stops at the first function word, nearly always a few words in
    return 0.5 if COMMON_WORDS.isdisjoint(t.lower() for t in tokens if t.isalpha()) else 1.0
